//! Export benchmark: the wide answers table of a round with 100 000 units.
//!
//! Starts the real server (optimised, in this process) on a fresh SQLite
//! database with 290 municipalities × 345 units, all of them having submitted
//! complete answers to the default questionnaire, and downloads
//! `/omgangar/ID/export/svar.csv` as a logged-in administrator, once as
//! "Excel (svensk)" and once as RFC 4180. For each it prints the size, the
//! throughput and how much the process's heap grew at its peak during the
//! download (sampled every 5 ms).
//!
//!     cargo bench -p nulage --bench export
//!
//! Client and server share the machine, so the figures are conservative.

use app::db::registry::NewMunicipality;
use app::questionnaire::model::Questionnaire;
use app::vocabulary::UnitKind;
use nulage::export::{write_csv, Format, Request, TableKind};
use std::time::Instant;

mod support;

const MUNICIPALITIES: usize = 290;
const UNITS_EACH: usize = 345;
/// Distinct answer sets spread over the units (answers are realistic, not identical).
const VARIANTS: usize = 64;

const SECTORS: [&str; 9] = [
    "kommunledning",
    "utbildning",
    "socialtjanst_omsorg",
    "samhallsbyggnad_teknik",
    "kultur_fritid",
    "miljo",
    "naringsliv_arbetsmarknad",
    "energi_va_avfall",
    "bostader",
];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let (base, db) =
        support::start(dir.path(), &format!("sqlite:{}", path.display()), "site").await;

    let started = Instant::now();
    let round = seed(&db, &path).await;
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len()) / 1_000_000;
    println!(
        "seeded {} units with submitted answers in {:.1} s; database {} MB, WAL {} MB",
        MUNICIPALITIES * UNITS_EACH,
        started.elapsed().as_secs_f64(),
        size(&path),
        size(&dir.path().join("bench.db-wal")),
    );

    let client = support::admin_client(&db, &base).await;

    println!();
    println!("| what | size | time | CPU time | throughput | peak heap growth |");
    println!("|---|---|---|---|---|---|");
    read_only(&db, &round).await;
    for format in [Format::ExcelSv, Format::Rfc4180] {
        in_process(&db, &round, format).await;
    }
    for format in ["excel", "rfc4180"] {
        download(&client, &base, &round, format).await;
    }
}

fn report(what: &str, bytes: usize, started: (Instant, f64), memory: PeakMemory) {
    let seconds = started.0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - started.1;
    let mb = bytes as f64 / 1_000_000.0;
    println!(
        "| {what} | {mb:.1} MB | {seconds:.2} s | {cpu:.2} s | {:.1} MB/s | {:.1} MB |",
        mb / seconds,
        memory.growth_mb()
    );
}

/// The wall clock and the CPU time the process has used (all threads).
fn start_clock() -> (Instant, f64) {
    (Instant::now(), cpu_seconds())
}

fn cpu_seconds() -> f64 {
    // /proc/self/stat: utime and stime are fields 14 and 15, in clock ticks
    // (100 per second on Linux); the command name before them may hold spaces.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    fields.iter().sum::<f64>() / 100.0
}

/// Only reading the rows from the database: the floor under any export.
async fn read_only(db: &app::db::Db, round: &str) {
    use futures::StreamExt;
    let memory = PeakMemory::start();
    let started = start_clock();
    let municipalities = db.round(round).await.unwrap().unwrap().municipality_ids;
    let mut batches = db.export_rows(round, &municipalities, false);
    let mut rows = 0;
    while let Some(batch) = batches.next().await {
        rows += batch.unwrap().len();
    }
    assert_eq!(rows, MUNICIPALITIES * UNITS_EACH);
    report("reading the rows only", 0, started, memory);
}

/// The export written in this process to a sink: no HTTP.
async fn in_process(db: &app::db::Db, round: &str, format: Format) {
    let round = db.round(round).await.unwrap().unwrap();
    let request = Request {
        municipality_ids: round.municipality_ids.clone(),
        round,
        include_drafts: false,
    };
    let memory = PeakMemory::start();
    let started = start_clock();
    let bytes = write_csv(
        db,
        &request,
        TableKind::Responses,
        format,
        &mut std::io::sink(),
    )
    .await
    .unwrap();
    report(
        &format!("{}, written in process", format.key()),
        bytes as usize,
        started,
        memory,
    );
}

/// Downloads the wide table once, counting bytes as they arrive.
async fn download(client: &reqwest::Client, base: &str, round: &str, format: &str) {
    let memory = PeakMemory::start();
    let started = start_clock();
    let mut response = client
        .get(format!(
            "{base}/omgangar/{round}/export/svar.csv?format={format}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "download {format}");
    let mut bytes = 0usize;
    let mut lines = 0usize;
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    // One header line and one line per unit, plus line breaks inside answers.
    assert!(lines > MUNICIPALITIES * UNITS_EACH, "only {lines} lines");
    report(&format!("{format}, downloaded"), bytes, started, memory);
}

/// 290 municipalities of 345 units, a round to all of them, every unit submitted.
async fn seed(db: &app::db::Db, path: &std::path::Path) -> String {
    let mut municipality_ids = Vec::new();
    for m in 0..MUNICIPALITIES {
        let id = db
            .upsert_municipality(&NewMunicipality {
                code: &format!("{:04}", 9000 + m),
                name: &format!("Kommun {m}"),
                county: "Testlän",
                population: Some(20_000),
            })
            .await
            .unwrap();
        municipality_ids.push(id);
    }
    // The units and answers go in with plain SQL in one transaction each: the
    // registry's one-by-one editing calls would make seeding take minutes.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let sector_case: String = SECTORS
        .iter()
        .enumerate()
        .map(|(i, s)| format!("WHEN {i} THEN '{s}' "))
        .collect();
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
         INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
         SELECT lower(hex(randomblob(16))), m.id, 'Enhet ' || n.i,
                CASE WHEN n.i % 3 = 0 THEN 'bolag' ELSE 'forvaltning' END,
                CASE n.i % {sectors} {sector_case} END, 0, 0
         FROM municipality m, n WHERE m.code >= '9000'",
        last = UNITS_EACH - 1,
        sectors = SECTORS.len(),
    ))
    .execute(&pool)
    .await
    .unwrap();

    let (round, definition) =
        support::open_round(db, "Nationell kartläggning", &municipality_ids).await;
    let q: Questionnaire = serde_json::from_str(&definition).unwrap();

    // The demo round's answer patterns, varied by municipality, sector and kind.
    const PATTERNS: [&str; 4] = ["Karlskrona", "Ronneby", "Växjö", "Ljungby"];
    let mut tx = pool.begin().await.unwrap();
    for k in 0..VARIANTS {
        let kind = if k % 3 == 0 {
            UnitKind::Bolag
        } else {
            UnitKind::Forvaltning
        };
        let answers = nulage::demo_round::sample_answers(
            &q,
            kind,
            PATTERNS[k % PATTERNS.len()],
            SECTORS[k % SECTORS.len()],
            k,
            &format!("Enhet {k}"),
        );
        let json = serde_json::to_string(&answers).unwrap();
        sqlx::query(
            "INSERT INTO response (round_unit_id, answers, revision, submitted_answers,
                                   submitted_revision, submitted_at, updated_at)
             SELECT id, $1, 1, $1, 1, $2, $2 FROM round_unit
             WHERE round_id = $3 AND rowid % $4 = $5",
        )
        .bind(&json)
        .bind(app::db::now())
        .bind(&round)
        .bind(VARIANTS as i64)
        .bind(k as i64)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    // A running server checkpoints as it goes; the seeding's one big
    // transaction would otherwise leave every page to be read from the WAL.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    round
}

/// Samples the process's anonymous (heap) memory every 5 ms until dropped,
/// keeping the peak. Anonymous, because SQLite reads the database through a
/// memory map: those pages are the kernel's file cache, shared and dropped
/// under pressure, yet counted in the resident size.
struct PeakMemory {
    before: usize,
    peak: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakMemory {
    fn start() -> PeakMemory {
        use std::sync::atomic::Ordering;
        let before = support::memory_kb("RssAnon:");
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(before));
        let watched = peak.clone();
        let task = tokio::spawn(async move {
            loop {
                watched.fetch_max(support::memory_kb("RssAnon:"), Ordering::Relaxed);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        });
        PeakMemory { before, peak, task }
    }

    /// How far above the start the peak went, in MB.
    fn growth_mb(self) -> f64 {
        self.task.abort();
        let peak = self
            .peak
            .load(std::sync::atomic::Ordering::Relaxed)
            .max(support::memory_kb("RssAnon:"));
        peak.saturating_sub(self.before) as f64 / 1024.0
    }
}
