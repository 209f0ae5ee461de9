//! Keeping an installation's data: `nulage backup` while the server runs,
//! `nulage move-data` from SQLite to the suite's backend (PostgreSQL when
//! the test command provides one), and the list of tables both rely on.

use crate::common::{database_url_for, link_key_file, postgres_server, spawn_app, spawn_app_in};
use app::db::maintenance::TABLES;
use app::db::Db;
use std::process::{Command, Output};

fn nulage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nulage"))
        .args(args)
        .env_remove("DATABASE_URL")
        .args(["--log-level", "warn"])
        .output()
        .expect("nulage runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_list_names_every_table_of_the_migrations() {
    let app = spawn_app().await;
    let mut listed: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    listed.sort();
    assert_eq!(app.db.table_names().await.unwrap(), listed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_a_consistent_copy_taken_while_serving() {
    let app = spawn_app().await;
    app.load_demo().await;
    let file = app.dir.path().join("kopia.db");
    let output = nulage(&[
        "--database-url",
        &app.database_url,
        "backup",
        &file.display().to_string(),
    ]);
    if postgres_server().is_some() {
        // PostgreSQL has its own tool, which the error names.
        assert!(!output.status.success());
        assert!(
            text(&output.stderr).contains("pg_dump"),
            "{}",
            text(&output.stderr)
        );
        assert!(!file.exists());
        return;
    }
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Säkerhetskopian är skriven"));
    // The link key is not in the copy, and the command says where it is.
    assert!(
        text(&output.stdout).contains("Länknyckeln ingår inte i kopian"),
        "{}",
        text(&output.stdout)
    );
    // The server kept answering meanwhile, and the copy holds everything.
    assert_eq!(app.get("/healthz").await.status(), 200);
    let copy = Db::connect(&format!("sqlite:{}", file.display()))
        .await
        .unwrap();
    assert_eq!(
        copy.table_counts().await.unwrap(),
        app.db.table_counts().await.unwrap()
    );
    // A second backup never overwrites the first.
    let again = nulage(&[
        "--database-url",
        &app.database_url,
        "backup",
        &file.display().to_string(),
    ]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("finns redan"),
        "{}",
        text(&again.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_data_carries_an_installation_and_checks_every_table() {
    // An SQLite installation with demo data and some history.
    let source_dir = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite:{}", source_dir.path().join("nulage.db").display());
    let key = app::auth::link_key::LinkKey::generate();
    std::fs::write(link_key_file(source_dir.path()), key.encode()).unwrap();
    let source = Db::connect(&source_url).await.unwrap().with_link_key(key);
    nulage::demo::load(&source).await.unwrap();
    source
        .audit(
            None,
            "test.event",
            "",
            "citat \"med\" tecken; och radbrytning\n",
            "",
        )
        .await
        .unwrap();
    let expected = source.table_counts().await.unwrap();
    source.close().await;
    assert!(expected.iter().any(|(t, n)| *t == "response" && *n > 0));

    // To an empty database of the suite's backend.
    let target_dir = tempfile::tempdir().unwrap();
    let target_url = database_url_for(target_dir.path()).await;
    let output = nulage(&["move-data", "--from", &source_url, "--to", &target_url]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(
        report.contains("antalet stämmer i varje tabell"),
        "{report}"
    );
    assert!(report.contains("response"), "{report}");

    let target = Db::connect(&target_url).await.unwrap();
    assert_eq!(target.table_counts().await.unwrap(), expected);
    target.close().await;
    // The link key is not in the database: the operator moves its file.
    std::fs::copy(
        link_key_file(source_dir.path()),
        link_key_file(target_dir.path()),
    )
    .unwrap();

    // The moved installation works: the server starts on it and shows the data.
    let app = spawn_app_in(target_dir).await;
    assert_eq!(app.database_url, target_url);
    // Moving into a database that holds data is refused, and changes nothing.
    let again = nulage(&["move-data", "--from", &source_url, "--to", &target_url]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("innehåller redan data"),
        "{}",
        text(&again.stderr)
    );
    // (The server made its own key on start: that row is new.)
    let without_secrets = |counts: Vec<(&'static str, i64)>| {
        counts
            .into_iter()
            .filter(|(table, _)| *table != "app_secret")
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_secrets(app.db.table_counts().await.unwrap()),
        without_secrets(expected)
    );
    app.user("admin@test.example", app::auth::Role::Admin, &[])
        .await;
    let client = app.login("admin@test.example").await;
    let (status, page) = app.page(&client, "/kommuner/0780").await;
    assert_eq!(status, 200);
    assert!(page.contains("Växjö") && page.contains("Miljö- och hälsoskyddsförvaltningen"));
    let rounds = app.db.list_rounds().await.unwrap();
    assert_eq!(rounds.len(), 1, "the demo round came along");
    let targets = app.db.round_targets(&rounds[0].id).await.unwrap();
    assert!(
        targets.iter().all(|t| t.token.is_some()),
        "with the key moved along, every link can be shown"
    );
}
