//! Load benchmark: many respondents answering at once.
//!
//! Starts the real server (optimised, in this process) on a fresh SQLite
//! database with 200 units in an open round, then lets 200 concurrent
//! respondents each open their start page and first part, save the draft ten
//! times as the JavaScript autosave does, post the part once as a form, fill
//! in every further part (each required question) as plain form posts, open
//! the review and submit. Two runs:
//!
//! - burst: nobody pauses, so every request queues behind the others; this
//!   measures the most the server does per second;
//! - steady: each respondent pauses 0.5–1.5 s between saves, as someone typing
//!   does (the autosave waits for a pause in typing); this measures the latency
//!   respondents feel with all 200 at work at once. They pause as long
//!   before posting each further part.
//!
//! Prints throughput and latency percentiles per request kind; any error fails
//! the run.
//!
//!     cargo bench -p nulage --bench respondents
//!
//! On PostgreSQL with two instances (an empty database):
//!
//!     NULAGE_BENCH_DATABASE_URL=postgres://… NULAGE_BENCH_INSTANCES=2 \
//!         cargo bench -p nulage --bench respondents
//!
//! Client and server share the machine, so the figures are conservative.

use app::db::registry::{NewMunicipality, NewUnit};
use app::questionnaire::model::{Question, QuestionKind, Questionnaire};
use leptos::server_fn::ServerFn;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

const RESPONDENTS: usize = 200;
const SAVES_EACH: usize = 10;

type Timings = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("temporary folder");
    // NULAGE_BENCH_DATABASE_URL=postgres://… runs on that (empty) database;
    // NULAGE_BENCH_INSTANCES=2 starts two servers on it, the respondents
    // taking turns between them as behind a load balancer.
    let database_url = std::env::var("NULAGE_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let instances: usize = std::env::var("NULAGE_BENCH_INSTANCES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut bases = Vec::new();
    let mut db = None;
    for i in 0..instances {
        let (base, instance_db) =
            support::start(dir.path(), &database_url, &format!("site{i}")).await;
        bases.push(base);
        db.get_or_insert(instance_db);
    }
    let db = db.expect("one instance at least");
    println!(
        "{} on {}",
        if instances == 1 {
            "one instance".to_string()
        } else {
            format!("{instances} instances")
        },
        app::db::redact(&database_url)
    );
    let (tokens, questionnaire) = seed(&db).await;
    let questionnaire = Arc::new(questionnaire);
    println!("burst: no pauses");
    load(&bases, &tokens, &questionnaire, None).await;
    println!();
    println!("steady: 0.5–1.5 s between saves");
    load(
        &bases,
        &tokens,
        &questionnaire,
        Some(Duration::from_millis(500)),
    )
    .await;
}

/// Runs every respondent once, concurrently; exits on any error.
async fn load(
    bases: &[String],
    tokens: &[String],
    questionnaire: &Arc<Questionnaire>,
    pause: Option<Duration>,
) {
    let timings: Timings = Arc::default();
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let started = Instant::now();
    let tasks: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let (base, token) = (bases[i % bases.len()].clone(), token.clone());
            let (timings, errors) = (timings.clone(), errors.clone());
            let questionnaire = questionnaire.clone();
            // A fixed spread of pauses per respondent, so runs compare.
            let pause = pause.map(|p| p + Duration::from_millis((i as u64 * 37) % 1000));
            tokio::spawn(async move {
                if let Err(e) = respondent(&base, &token, &questionnaire, pause, &timings).await {
                    errors.lock().unwrap().push(e);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("respondent task");
    }
    let elapsed = started.elapsed();
    report(&timings.lock().unwrap(), elapsed);
    let errors = errors.lock().unwrap();
    if !errors.is_empty() {
        eprintln!("{} respondents failed, first: {}", errors.len(), errors[0]);
        std::process::exit(1);
    }
}

/// 20 municipalities × 10 units and an open round of the default
/// questionnaire to all: the links and the questionnaire.
async fn seed(db: &app::db::Db) -> (Vec<String>, Questionnaire) {
    let mut municipality_ids = Vec::new();
    for m in 0..RESPONDENTS / 10 {
        let code = format!("{:04}", 9000 + m);
        let id = db
            .upsert_municipality(&NewMunicipality {
                code: &code,
                name: &format!("Kommun {m}"),
                county: "Testlän",
                population: Some(20_000),
            })
            .await
            .unwrap();
        for u in 0..10 {
            let kind = if u < 7 { "forvaltning" } else { "bolag" };
            db.upsert_unit(
                &id,
                &NewUnit {
                    name: &format!("Enhet {u}"),
                    kind,
                    sector: "utbildning",
                },
            )
            .await
            .unwrap();
        }
        municipality_ids.push(id);
    }
    let (round, definition) = support::open_round(db, "Belastningsprov", &municipality_ids).await;
    let tokens = db
        .round_targets(&round)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.token.unwrap())
        .collect();
    let questionnaire = serde_json::from_str(&definition).expect("the default questionnaire");
    (tokens, questionnaire)
}

async fn timed(
    timings: &Timings,
    kind: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<Vec<u8>, String> {
    let response = timed_response(timings, kind, request).await?;
    let body = response.bytes().await.map_err(|e| format!("{kind}: {e}"))?;
    Ok(body.to_vec())
}

async fn respondent(
    base: &str,
    token: &str,
    questionnaire: &Questionnaire,
    pause: Option<Duration>,
    timings: &Timings,
) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    timed(
        timings,
        "open start page",
        client.get(format!("{base}/s/{token}")),
    )
    .await?;
    timed(
        timings,
        "open part",
        client.get(format!("{base}/s/{token}/del/1")),
    )
    .await?;
    let mut revision = current_revision(&client, base, token).await?;
    for n in 0..SAVES_EACH {
        if let Some(pause) = pause {
            tokio::time::sleep(pause).await;
        }
        let fields = serde_json::to_string(&[
            ("svarande_namn", format!("Person {n}")),
            ("svarande_epost", "person@example.se".to_string()),
            ("int_kontakt", "ja".to_string()),
        ])
        .unwrap();
        let body = timed(
            timings,
            "draft save (autosave)",
            client
                .post(format!(
                    "{base}{}",
                    app::rounds::respondent_api::Autosave::PATH
                ))
                .form(&[
                    ("token", token),
                    ("section", "om_verksamheten"),
                    ("revision", &revision.to_string()),
                    ("fields", &fields),
                ]),
        )
        .await?;
        let reply: app::rounds::respondent_api::AutosaveReply =
            serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        revision = reply.revision;
    }
    // Every part as a form without JavaScript, each required question answered.
    let mut page = format!("{base}/s/{token}/del/1");
    let mut html = String::from_utf8_lossy(&timed(timings, "open part", client.get(&page)).await?)
        .into_owned();
    for _ in 0..questionnaire.sections.len() {
        // Filling in a part takes a while too.
        if let Some(pause) = pause {
            tokio::time::sleep(pause).await;
        }
        let section = hidden_value(&html, "_avsnitt")?;
        let revision = hidden_value(&html, "_revision")?;
        let mut form = vec![
            ("_avsnitt".to_string(), section.clone()),
            ("_revision".to_string(), revision),
            ("_gor".to_string(), "nasta".to_string()),
        ];
        if let Some(part) = questionnaire.section(&section) {
            for question in part.questions.iter().filter(|q| q.required) {
                form.extend(answer_fields(question));
            }
        }
        let next = location(
            timed_response(
                timings,
                "save part (form post)",
                client.post(&page).form(&form),
            )
            .await?,
        )?;
        if next.ends_with("/granska") {
            break;
        }
        page = format!("{base}{next}");
        html = String::from_utf8_lossy(&timed(timings, "open part", client.get(&page)).await?)
            .into_owned();
    }
    let review = timed(
        timings,
        "open review",
        client.get(format!("{base}/s/{token}/granska")),
    )
    .await?;
    let revision = hidden_value(&String::from_utf8_lossy(&review), "_revision")?;
    let receipt = location(
        timed_response(
            timings,
            "submit",
            client
                .post(format!("{base}/s/{token}/skicka"))
                .form(&[("_revision", revision)]),
        )
        .await?,
    )?;
    if !receipt.ends_with("/kvitto") {
        return Err(format!("submit: led to {receipt}"));
    }
    Ok(())
}

/// A valid answer to `question`, as the form's fields.
fn answer_fields(question: &Question) -> Vec<(String, String)> {
    let key = question.key.clone();
    let value = match &question.kind {
        QuestionKind::SingleChoice { options, .. }
        | QuestionKind::MultipleChoice { options, .. } => {
            options.first().map(|o| o.key.clone()).unwrap_or_default()
        }
        QuestionKind::YesNo => "ja".into(),
        QuestionKind::Scale { .. } => "3".into(),
        QuestionKind::Number { min, .. } => format!("{}", min.unwrap_or(0.0).max(0.0) as i64 + 1),
        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => "Svar".into(),
        QuestionKind::Email => "person@example.se".into(),
        QuestionKind::Date => "2026-01-15".into(),
        QuestionKind::Group { questions, .. } => {
            let mut fields = vec![(format!("{key}[1]"), String::new())];
            for sub in questions {
                for (name, value) in answer_fields(sub) {
                    fields.push((format!("{key}[1].{name}"), value));
                }
            }
            return fields;
        }
    };
    vec![(key, value)]
}

/// The value of a hidden form field on a page.
fn hidden_value(html: &str, name: &str) -> Result<String, String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html
        .find(&marker)
        .ok_or_else(|| format!("no {name} on the page"))?
        + marker.len();
    Ok(html[at..].split('"').next().unwrap_or_default().to_string())
}

/// Where a redirect leads, or what went wrong.
fn location(response: reqwest::Response) -> Result<String, String> {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| format!("no redirect: {}", response.status()))
}

/// Like [`timed`], keeping the response (for its redirect).
async fn timed_response(
    timings: &Timings,
    kind: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, String> {
    let start = Instant::now();
    let response = request.send().await.map_err(|e| format!("{kind}: {e}"))?;
    timings
        .lock()
        .unwrap()
        .entry(kind)
        .or_default()
        .push(start.elapsed());
    let status = response.status();
    if status.is_server_error() || status.is_client_error() {
        let body = response.text().await.unwrap_or_default();
        return Err(format!(
            "{kind}: {status} {}",
            body.chars().take(300).collect::<String>()
        ));
    }
    Ok(response)
}

/// The revision the part was loaded at (the second run starts from the first's answers).
async fn current_revision(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> Result<i64, String> {
    let page = client
        .get(format!("{base}/s/{token}/del/1"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let marker = "name=\"_revision\" value=\"";
    let at = page.find(marker).ok_or("no revision on the page")? + marker.len();
    page[at..]
        .split('"')
        .next()
        .and_then(|r| r.parse().ok())
        .ok_or_else(|| "unreadable revision".to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn report(timings: &BTreeMap<&'static str, Vec<Duration>>, elapsed: Duration) {
    let total: usize = timings.values().map(Vec::len).sum();
    println!(
        "{RESPONDENTS} concurrent respondents, {total} requests in {:.2} s: {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "{:<24} {:>6} {:>9} {:>9} {:>9}",
        "request", "count", "p50 ms", "p99 ms", "max ms"
    );
    if let Some(submits) = timings.get("submit") {
        println!(
            "{} submits in {:.2} s: {:.1} submits/s",
            submits.len(),
            elapsed.as_secs_f64(),
            submits.len() as f64 / elapsed.as_secs_f64()
        );
    }
    for (kind, times) in timings {
        let mut sorted = times.clone();
        sorted.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<24} {:>6} {:>9.1} {:>9.1} {:>9.1}",
            kind,
            sorted.len(),
            ms(percentile(&sorted, 0.5)),
            ms(percentile(&sorted, 0.99)),
            ms(*sorted.last().unwrap())
        );
    }
}
