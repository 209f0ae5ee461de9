//! What the server benchmarks share: starting the optimised server in the
//! benchmark's process, an administrator's session, an open round of the
//! default questionnaire, and the process's memory. Each benchmark uses a
//! part of it.
#![allow(dead_code)]

use app::auth::Role;
use app::db::rounds::NewRound;
use app::db::Db;
use leptos::server_fn::ServerFn;
use nulage::startup::{Application, Settings};
use std::path::Path;

/// The server on a free loopback port with `database_url`, its files in
/// `dir`, running in the background: its address and its database.
pub async fn start(dir: &Path, database_url: &str, site: &str) -> (String, Db) {
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.to_string(),
        base_url: "http://127.0.0.1".into(),
        site_root: dir.join(site).display().to_string(),
        mail: Default::default(),
        trusted_proxies: Default::default(),
        link_key: nulage::link_key::KeySetting::file(dir.join("link.key")),
    };
    let app = Application::build(&settings).await.expect("app starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    tokio::spawn(app.run_until(std::future::pending()));
    (base, db)
}

/// A new administrator, logged in: a client that keeps the session.
pub async fn admin_client(db: &Db, base: &str) -> reqwest::Client {
    let user = db
        .ensure_user("bench@example.se", "Bänk", Role::Admin)
        .await
        .unwrap();
    let hash = app::auth::server::hash_password("bänkens lösenord").unwrap();
    db.set_password_hash(&user, &hash).await.unwrap();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client
        .post(format!("{base}{}", app::auth::api::Login::PATH))
        .form(&[
            ("email", "bench@example.se"),
            ("password", "bänkens lösenord"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        login.status().is_success() || login.status().is_redirection(),
        "login: {}",
        login.status()
    );
    client
}

/// An open round named `name` of the default questionnaire to every unit
/// of `municipality_ids`, closing in 30 days; its id and the questionnaire
/// version's definition.
pub async fn open_round(db: &Db, name: &str, municipality_ids: &[String]) -> (String, String) {
    let (_, version) = db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .find(|(q, _)| q.builtin.is_some())
        .unwrap();
    let closes_at = app::db::now() + 30 * 86_400;
    let round = db
        .create_round(&NewRound {
            name,
            version_id: &version.id,
            opens_at: None,
            closes_at,
            municipality_ids,
            created_by: None,
        })
        .await
        .unwrap();
    db.set_round_schedule(&round, "oppen", None, closes_at)
        .await
        .unwrap();
    (round, version.definition)
}

/// A line of /proc/self/status in kB.
pub fn memory_kb(field: &str) -> usize {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
