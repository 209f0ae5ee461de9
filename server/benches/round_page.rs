//! Round page benchmark: the coordinator's page of a round with 2 000 units.
//!
//! Starts the real server (optimised, in this process) on a fresh SQLite
//! database with 40 municipalities × 50 units in one open round (three in
//! five having submitted, one in five with a draft), logs in as an
//! administrator and renders the round page again and again: as it first
//! opens, with one municipality chosen, and filtered by state. For each it
//! prints the size of the HTML and the time to the last byte (median, p90,
//! max); then how much the process's heap has grown after 200 more renders,
//! four at a time, which shows whether a render leaves anything behind.
//!
//!     cargo bench -p nulage --bench round_page
//!
//! Client and server share the machine, so the figures are conservative.

use app::db::registry::NewMunicipality;
use std::time::{Duration, Instant};

mod support;

const MUNICIPALITIES: usize = 40;
const UNITS_EACH: usize = 50;
const RENDERS: usize = 40;
const MEMORY_RENDERS: usize = 800;

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
    let (round, first_code) = seed(&db, &path).await;
    println!(
        "seeded {} units in {MUNICIPALITIES} municipalities",
        MUNICIPALITIES * UNITS_EACH
    );

    let client = support::admin_client(&db, &base).await;

    let views = [
        ("as it opens", format!("/omgangar/{round}")),
        (
            "one municipality",
            format!("/omgangar/{round}?kommun={first_code}"),
        ),
        ("not submitted", format!("/omgangar/{round}?lage=utkast")),
    ];
    println!();
    println!("| view | HTML | median | p90 | max |");
    println!("|---|---|---|---|---|");
    for (what, path) in &views {
        let url = format!("{base}{path}");
        // Once to warm the caches.
        render(&client, &url).await;
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..RENDERS {
            let (size, time) = render(&client, &url).await;
            bytes = size;
            times.push(time);
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {what} | {:.0} kB | {:.1} ms | {:.1} ms | {:.1} ms |",
            bytes as f64 / 1000.0,
            ms(times[times.len() / 2]),
            ms(times[times.len() * 9 / 10]),
            ms(times[times.len() - 1]),
        );
    }

    let url = format!("{base}/omgangar/{round}");
    let before = support::memory_kb("RssAnon:");
    let mut marks = Vec::new();
    // Four at a time, as several coordinators (or tabs) would.
    for i in 0..MEMORY_RENDERS / 4 {
        let renders = (0..4).map(|_| render(&client, &url));
        futures::future::join_all(renders).await;
        if (i + 1) % 25 == 0 {
            marks.push(format!(
                "{:.1}",
                support::memory_kb("RssAnon:") as f64 / 1024.0
            ));
        }
    }
    println!("heap every 100 renders: {} MB", marks.join(", "));
    let after = support::memory_kb("RssAnon:");
    println!();
    println!(
        "heap (RssAnon) before {:.1} MB, after {MEMORY_RENDERS} more renders {:.1} MB: {:+.1} MB",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after as f64 - before as f64) / 1024.0
    );
}

/// One page, read to the end: its size and the time to its last byte.
async fn render(client: &reqwest::Client, url: &str) -> (usize, Duration) {
    let started = Instant::now();
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let body = response.bytes().await.unwrap();
    let time = started.elapsed();
    assert!(
        body.windows(7).any(|w| w == b"</html>"),
        "{url}: the page did not finish: …{}",
        String::from_utf8_lossy(&body[body.len().saturating_sub(300)..])
    );
    (body.len(), time)
}

/// 40 municipalities of 50 units in one open round: three in five units
/// submitted, one in five with a draft, the rest not opened.
async fn seed(db: &app::db::Db, path: &std::path::Path) -> (String, String) {
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
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
         INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
         SELECT lower(hex(randomblob(16))), m.id, 'Förvaltning ' || n.i,
                CASE WHEN n.i % 3 = 0 THEN 'bolag' ELSE 'forvaltning' END,
                'utbildning', 0, 0
         FROM municipality m, n WHERE m.code >= '9000'",
        last = UNITS_EACH - 1,
    ))
    .execute(&pool)
    .await
    .unwrap();
    let (round, _) = support::open_round(db, "Regional kartläggning", &municipality_ids).await;
    let now = app::db::now();
    sqlx::query(
        "INSERT INTO response (round_unit_id, answers, revision, submitted_answers,
                               submitted_revision, submitted_at, updated_at)
         SELECT id, '{}', 1, CASE WHEN rowid % 5 < 3 THEN '{}' END,
                CASE WHEN rowid % 5 < 3 THEN 1 END, CASE WHEN rowid % 5 < 3 THEN $1 END, $1
         FROM round_unit WHERE round_id = $2 AND rowid % 5 < 4",
    )
    .bind(now)
    .bind(&round)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE round_unit SET first_opened_at = $1, last_activity_at = $1
         WHERE round_id = $2 AND rowid % 5 < 4",
    )
    .bind(now)
    .bind(&round)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    (round, "9000".into())
}
