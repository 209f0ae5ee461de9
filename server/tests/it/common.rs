//! Test harness: starts the real application on a random port with a fresh database.
#![allow(dead_code)]

use app::auth::{AuditRecord, Role};
use app::db::Db;
use app::rounds::api::{CreateRound, SetRoundStatus};
use leptos::server_fn::ServerFn;
use nulage::startup::{Application, Settings};
use std::net::SocketAddr;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Nybro's municipality code: the demo municipality most tests work in.
pub const NYBRO: &str = "0881";
/// The e-mail address of Nybro's coordinator made by [`TestApp::open_round`].
pub const COORDINATOR: &str = "samordnare@nybro.example";

pub const PASSWORD: &str = "korv med bröd och senap";

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub database_url: String,
    /// The key file that seals the personal links: in the test's folder,
    /// shared by every instance on the same database.
    pub link_key_file: std::path::PathBuf,
    pub dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    spawn_app_in(dir).await
}

/// The PostgreSQL server the suite runs against instead of SQLite files,
/// when the test command sets it: a URL of the server's maintenance
/// database, e.g. `postgres://postgres@127.0.0.1:54329/postgres`.
pub fn postgres_server() -> Option<String> {
    std::env::var("NULAGE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The database of a test folder: an SQLite file in it, or on PostgreSQL a
/// database named after it (created the first time), so that a test which
/// restarts the server on the same folder finds its data again.
pub async fn database_url_for(dir: &std::path::Path) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite:{}", dir.join("nulage.db").display());
    };
    let name: String = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = format!("nulage_test_{name}");
    use sqlx::{Connection, Row};
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("the test PostgreSQL server answers");
    let exists = sqlx::query("SELECT 1 AS one FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_optional(&mut admin)
        .await
        .unwrap()
        .map(|row| row.get::<i32, _>("one"))
        .is_some();
    if !exists {
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
            .unwrap();
    }
    admin.close().await.ok();
    let (base, _) = server.rsplit_once('/').expect("a database in the URL");
    format!("{base}/{name}")
}

/// Starts the app on the database of `dir` (which may already hold data).
pub async fn spawn_app_in(dir: TempDir) -> TestApp {
    spawn_app_with(dir, Default::default()).await
}

/// Starts the app with mail settings (an SMTP server of the test's own).
pub async fn spawn_app_with(dir: TempDir, mail: nulage::mail::MailSettings) -> TestApp {
    let database_url = database_url_for(dir.path()).await;
    let link_key_file = link_key_file(dir.path());
    start(dir, database_url, link_key_file, mail).await
}

/// The link key file of a test folder.
pub fn link_key_file(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(nulage::link_key::FILE_NAME)
}

impl TestApp {
    /// Another instance of the server on the same database, as behind a
    /// load balancer.
    pub async fn second_instance(&self) -> TestApp {
        self.second_instance_with(Default::default()).await
    }

    /// Another instance with mail settings of its own.
    pub async fn second_instance_with(&self, mail: nulage::mail::MailSettings) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary folder");
        start(
            dir,
            self.database_url.clone(),
            self.link_key_file.clone(),
            mail,
        )
        .await
    }
}

/// Starts the app behind reverse proxies at `trusted` (addresses or CIDRs).
pub async fn spawn_app_behind_proxy(trusted: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database_url = database_url_for(dir.path()).await;
    let link_key_file = link_key_file(dir.path());
    let trusted = nulage::client_addr::TrustedProxies::parse(trusted).unwrap();
    start_with(
        dir,
        database_url,
        link_key_file,
        Default::default(),
        trusted,
    )
    .await
}

async fn start(
    dir: TempDir,
    database_url: String,
    link_key_file: std::path::PathBuf,
    mail: nulage::mail::MailSettings,
) -> TestApp {
    start_with(dir, database_url, link_key_file, mail, Default::default()).await
}

async fn start_with(
    dir: TempDir,
    database_url: String,
    link_key_file: std::path::PathBuf,
    mail: nulage::mail::MailSettings,
    trusted_proxies: nulage::client_addr::TrustedProxies,
) -> TestApp {
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.clone(),
        base_url: "https://nulage.example.se".into(),
        site_root: dir.path().join("site").display().to_string(),
        mail,
        trusted_proxies,
        link_key: nulage::link_key::KeySetting::file(&link_key_file),
    };
    let app = Application::build(&settings).await.expect("app starts");
    let addr = app.local_addr();
    let db = app.db().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        db,
        database_url,
        link_key_file,
        dir,
        shutdown: Some(tx),
        server: Some(server),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client that does not follow redirects, so tests can see them.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client()
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, without_markers(response.text().await.unwrap()))
    }

    /// Creates an account with a password (`PASSWORD`) and the given scope.
    pub async fn user(&self, email: &str, role: Role, codes: &[&str]) -> String {
        let id = self
            .db
            .ensure_user(email, "Test Testsson", role)
            .await
            .unwrap();
        let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        self.db
            .set_user_access(&id, "Test Testsson", role, &codes)
            .await
            .unwrap();
        let hash = app::auth::server::hash_password(PASSWORD).unwrap();
        self.db.set_password_hash(&id, &hash).await.unwrap();
        id
    }

    /// Logs in through the real login server function; the client keeps the cookie.
    pub async fn login(&self, email: &str) -> reqwest::Client {
        let client = self.client();
        let response = self.post_login(&client, email, PASSWORD).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "login failed: {}",
            response.status()
        );
        client
    }

    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        client
            .post(self.url(<app::auth::api::Login as ServerFn>::PATH))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
    }

    /// Calls a server function with form fields, as a page does.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, String) {
        let response = client.post(self.url(path)).form(form).send().await.unwrap();
        let status = response.status().as_u16();
        (status, without_markers(response.text().await.unwrap()))
    }

    /// Saves a part as the JavaScript autosave does; `fields` is the form as
    /// JSON pairs.
    pub async fn autosave(
        &self,
        token: &str,
        section: &str,
        revision: i64,
        fields: &str,
    ) -> (u16, String) {
        self.call(
            &self.client(),
            <app::rounds::respondent_api::Autosave as ServerFn>::PATH,
            &[
                ("token", token),
                ("section", section),
                ("revision", &revision.to_string()),
                ("fields", fields),
            ],
        )
        .await
    }

    pub async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let response = client.get(self.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, without_markers(response.text().await.unwrap()))
    }

    /// A logged-in administrator's client, with the demo data loaded.
    pub async fn admin_with_demo(&self) -> reqwest::Client {
        self.load_demo().await;
        self.user("admin@test.example", Role::Admin, &[]).await;
        self.login("admin@test.example").await
    }

    pub async fn load_demo(&self) {
        nulage::demo::load(&self.db).await.expect("demo loads");
    }

    /// The id of the demo round (after `load_demo`).
    pub async fn demo_round(&self) -> String {
        self.db
            .list_rounds()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.name == nulage::demo_round::DEMO_ROUND_NAME)
            .expect("the demo round")
            .id
    }

    /// Stops the server gracefully and hands back its folder (for restart tests).
    /// The demo registry, a coordinator for Nybro ([`COORDINATOR`]) and a
    /// round named `name` of `questionnaire` (JSON) to Nybro's units, created
    /// and opened by the coordinator; returns the round's id and the
    /// coordinator's client.
    pub async fn open_round(&self, name: &str, questionnaire: &str) -> (String, reqwest::Client) {
        self.load_demo().await;
        self.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
        let coordinator = self.login(COORDINATOR).await;
        let (questionnaire, _) = self
            .db
            .create_questionnaire(None, None, questionnaire, None)
            .await
            .unwrap();
        let (status, body) = self
            .call(
                &coordinator,
                CreateRound::PATH,
                &[
                    ("name", name),
                    ("questionnaire", &questionnaire),
                    ("municipalities[0]", NYBRO),
                    ("opens", ""),
                    ("closes", "2099-12-31"),
                ],
            )
            .await;
        assert!(status < 400, "{status} {body}");
        let id = self
            .db
            .list_rounds()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap()
            .id;
        let (status, body) = self
            .call(
                &coordinator,
                SetRoundStatus::PATH,
                &[("id", &id), ("action", "oppna")],
            )
            .await;
        assert!(status < 400, "{status} {body}");
        (id, coordinator)
    }

    /// A plain form post without a session, as a browser without
    /// JavaScript sends it: the status, the redirect's address (or empty)
    /// and the page without hydration markers.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let response = self
            .client()
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        (
            status,
            location,
            without_markers(response.text().await.unwrap()),
        )
    }

    /// The audit log's events whose action starts with `action`, newest first.
    pub async fn audit(&self, action: &str) -> Vec<AuditRecord> {
        self.db
            .audit_events(
                &app::auth::AuditFilter {
                    action: Some(action.into()),
                    ..Default::default()
                },
                100,
            )
            .await
            .unwrap()
    }

    /// Runs one statement straight on the database, for what no page can
    /// set up (a clock gone by, a row written by an older version); returns
    /// the rows it touched.
    pub async fn execute(&self, sql: &str) -> u64 {
        let pool = sqlx::AnyPool::connect(&self.database_url).await.unwrap();
        let done = sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
        done.rows_affected()
    }

    /// The number a `SELECT COUNT(*) …` gives.
    pub async fn count(&self, sql: &str) -> i64 {
        let pool = sqlx::AnyPool::connect(&self.database_url).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }

    pub async fn stop(mut self) -> TempDir {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server result");
        }
        self.dir
    }
}

/// The page without Leptos's empty hydration markers (`<!>`), whose places
/// depend on how the views were compiled, so tests can match the text.
pub fn without_markers(body: String) -> String {
    body.replace("<!>", "")
}
