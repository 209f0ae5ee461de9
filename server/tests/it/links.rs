//! Personal links at rest: the database holds no link's secret in plain
//! text, neither in round_unit nor in the mail queue; a server with another
//! link key shows no link but keeps working and makes new ones; links stored
//! in plain text by an older version are moved at start, once.

use crate::common::{
    database_url_for, link_key_file, spawn_app, spawn_app_in, spawn_app_with, TestApp, COORDINATOR,
};
use crate::mail::{mail_settings, reachable, send, settled, submit, wait_for, BASE, QUESTIONNAIRE};
use crate::smtp_sink::Sink;
use app::rounds::api::{ChangeTarget, GetRound, RoundDetail};
use leptos::server_fn::ServerFn;
use sqlx::{Connection, Row};

/// A valid link key (32 bytes in base64) that is not the one a test server made.
const OTHER_KEY: &str = "YW5vdGhlciBrZXksIG5vdCB0aGUgb25lIGluIHVzZS4=";

/// What the round page shows the client: (target id, link) of every target.
async fn page_links(
    app: &TestApp,
    client: &reqwest::Client,
    round: &str,
) -> Vec<(String, Option<String>)> {
    let (status, body) = app.call(client, GetRound::PATH, &[("id", round)]).await;
    assert_eq!(status, 200, "{body}");
    let detail: RoundDetail = serde_json::from_str(&body).unwrap();
    detail
        .municipalities
        .into_iter()
        .flat_map(|m| m.targets)
        .map(|t| (t.id, t.link))
        .collect()
}

/// The secret at the end of a link.
fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

/// The path of a link on the test server.
fn path_of(link: &str) -> &str {
    link.strip_prefix(BASE).unwrap()
}

async fn connect(database_url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(database_url).await.unwrap()
}

/// Every text value of round_unit and mail_job, read straight from the
/// database as a copy of it would be read.
async fn stored_text(database_url: &str) -> String {
    let mut conn = connect(database_url).await;
    let mut text = String::new();
    for table in ["round_unit", "mail_job"] {
        let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY id"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        for row in rows {
            for i in 0..row.len() {
                // Number columns do not read as text: they hold no secret.
                if let Ok(Some(value)) = row.try_get::<Option<String>, _>(i) {
                    text.push_str(&value);
                    text.push('\n');
                }
            }
        }
    }
    conn.close().await.ok();
    text
}

/// The bytes of an SQLite database and its write-ahead log (none on PostgreSQL).
fn database_files(database_url: &str) -> Vec<(String, Vec<u8>)> {
    let Some(file) = database_url.strip_prefix("sqlite:") else {
        return Vec::new();
    };
    [file.to_string(), format!("{file}-wal")]
        .into_iter()
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_link_from_the_round_page_is_stored_in_plain_text() {
    let sink = Sink::start();
    let app = spawn_app_with(tempfile::tempdir().unwrap(), mail_settings(&sink, 6000)).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let links = page_links(&app, &coordinator, &round).await;
    assert!(links.len() >= 10, "Nybro's units: {}", links.len());
    let links: Vec<String> = links
        .into_iter()
        .map(|(_, link)| link.expect("the coordinator sees every link"))
        .collect();

    // Invitations to every unit, and the thank-you of one that submits.
    let (status, body) = send(&app, &coordinator, &round, "inbjudan", "alla", &[]).await;
    assert!(status < 400, "{status} {body}");
    let invited = reachable(&app, &round).await;
    let first = invited[0].clone();
    let thanks = invited
        .iter()
        .filter(|r| r.target_id == first.target_id)
        .count();
    submit(
        &app,
        &first.target_id,
        first.token.as_deref().unwrap(),
        "Bo",
    )
    .await;
    settled(&app, &round, "inbjudan", invited.len()).await;
    settled(&app, &round, "tack", thanks).await;
    let received = wait_for("the invitations and the thank-you", async || {
        let got = sink.received();
        (got.len() >= invited.len() + thanks).then_some(got)
    })
    .await;
    // The mails carry the links all the same: put in when they are sent.
    for row in &invited {
        let link = format!("{BASE}/s/{}", row.token.as_deref().unwrap());
        assert!(links.contains(&link), "the page and the mail agree");
        assert!(
            received.iter().any(|m| m.body().contains(&link)),
            "no mail with {link}"
        );
    }

    // A copy of the database holds no link.
    let stored = stored_text(&app.database_url).await;
    for link in &links {
        let token = token_of(link);
        assert!(
            !stored.contains(&token),
            "the secret of {link} is stored in plain text"
        );
    }
    for (path, bytes) in database_files(&app.database_url) {
        for link in &links {
            assert!(!holds(&bytes, &token_of(link)), "{path} holds {link}");
        }
    }
    // The links still open the questionnaire.
    for link in links.iter().take(3) {
        assert_eq!(app.get_text(path_of(link)).await.0, 200, "{link}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_another_key_no_link_is_shown_but_the_server_works_and_makes_new_ones() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let (target, link) = page_links(&app, &coordinator, &round).await.remove(0);
    let link = link.unwrap();
    assert_eq!(app.get_text(path_of(&link)).await.0, 200);

    // The same key file after a restart: the same link is shown.
    let app = spawn_app_in(app.stop().await).await;
    let coordinator = app.login(COORDINATOR).await;
    let shown = page_links(&app, &coordinator, &round).await;
    assert_eq!(shown[0], (target.clone(), Some(link.clone())));

    // Another key (a lost key file, or an instance given the wrong one).
    let dir = app.stop().await;
    std::fs::write(link_key_file(dir.path()), OTHER_KEY).unwrap();
    let app = spawn_app_in(dir).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let coordinator = app.login(COORDINATOR).await;
    let shown = page_links(&app, &coordinator, &round).await;
    assert!(
        shown.iter().all(|(_, link)| link.is_none()),
        "no link can be shown: {shown:?}"
    );
    let (status, page) = app.page(&coordinator, &format!("/omgangar/{round}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Länken kan inte visas – skapa en ny"),
        "{page}"
    );
    // The unit's link still leads to its answers: it is looked up by its hash.
    assert_eq!(app.get_text(path_of(&link)).await.0, 200);

    // A new link is made, shown and opens; the old one stops working.
    let (status, body) = app
        .call(
            &coordinator,
            ChangeTarget::PATH,
            &[("id", &round), ("target", &target), ("action", "ersatt")],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    let new = page_links(&app, &coordinator, &round)
        .await
        .into_iter()
        .find(|(id, _)| *id == target)
        .and_then(|(_, link)| link)
        .expect("the new link is shown");
    assert_ne!(new, link);
    assert_eq!(app.get_text(path_of(&new)).await.0, 200);
    assert_eq!(app.get_text(path_of(&link)).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_stored_in_plain_text_by_an_older_version_are_moved_at_start_once() {
    let sink = Sink::start();
    let app = spawn_app_with(tempfile::tempdir().unwrap(), mail_settings(&sink, 6000)).await;
    let (round, _) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let unit = reachable(&app, &round).await.remove(0);
    let dir = app.stop().await;

    // The state an older version left: the link's secret in plain text, and
    // an invitation waiting in the queue with the link in its text.
    let plain = "GammalLank_fran_forr-0123456789abcdefghijk";
    let old_link = format!("{BASE}/s/{plain}");
    let database_url = database_url_for(dir.path()).await;
    let mut conn = connect(&database_url).await;
    sqlx::query(
        "UPDATE round_unit SET token = $1, token_hash = NULL, token_sealed = NULL WHERE id = $2",
    )
    .bind(plain)
    .bind(&unit.target_id)
    .execute(&mut conn)
    .await
    .unwrap();
    let now = app::db::now();
    sqlx::query(
        "INSERT INTO mail_job (id, round_id, round_unit_id, kind, dedupe_key, recipient_name,
                               recipient, reply_to, subject, body, state, attempts,
                               next_attempt_at, last_reply, created_at, updated_at)
         VALUES ($1, $2, $3, 'inbjudan', $4, '', $5, '', 'Inbjudan', $6, 'queued', 0,
                 $7, '', $7, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&round)
    .bind(&unit.target_id)
    .bind(format!("gammal:{}", unit.target_id))
    .bind(unit.contact_email.as_deref().unwrap())
    .bind(format!("Hej!\n\nSvara här: {old_link}\n"))
    .bind(now)
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.ok();

    // At start the secret is hashed and sealed, the plain column cleared,
    // and the queued mail still goes out with the link.
    let app = spawn_app_with(dir, mail_settings(&sink, 6000)).await;
    let received = wait_for("the invitation queued before", async || {
        sink.received()
            .into_iter()
            .find(|m| m.body().contains(&old_link))
    })
    .await;
    assert!(received
        .to
        .join(",")
        .contains(unit.contact_email.as_deref().unwrap()));
    settled(&app, &round, "inbjudan", 1).await;
    let mut conn = connect(&app.database_url).await;
    let plain_left: Vec<Option<String>> = sqlx::query("SELECT token FROM round_unit")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<Option<String>, _>("token"))
        .collect();
    conn.close().await.ok();
    assert!(!plain_left.is_empty());
    assert!(
        plain_left.iter().all(Option::is_none),
        "the plain column is empty"
    );
    let stored = stored_text(&app.database_url).await;
    assert!(!stored.contains(plain), "nothing holds the old secret");
    // The old link still opens the form, and the round page shows it.
    let (status, page) = app.get_text(&format!("/s/{plain}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&unit.unit_name), "{page}");
    let coordinator = app.login(COORDINATOR).await;
    let shown = page_links(&app, &coordinator, &round).await;
    assert!(shown.contains(&(unit.target_id.clone(), Some(old_link.clone()))));

    // A second start moves nothing more and changes nothing.
    let app = spawn_app_in(app.stop().await).await;
    assert_eq!(stored_text(&app.database_url).await, stored);
    assert_eq!(app.get_text(&format!("/s/{plain}")).await.0, 200);
}
