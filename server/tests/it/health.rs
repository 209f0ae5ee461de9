//! `/healthz` and the database lifecycle: restart keeps data, migrations run once.

use crate::common::{spawn_app, spawn_app_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_200_when_the_database_answers() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body, "ok\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let (status, _) = app.get_text("/healthz").await;
    assert_eq!(status, 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_data_and_demo_is_idempotent() {
    let app = spawn_app().await;
    app.load_demo().await;
    let first = app.db.list_municipalities().await.unwrap();
    let dir = app.stop().await;

    let app = spawn_app_in(dir).await;
    assert_eq!(app.db.list_municipalities().await.unwrap(), first);
    app.load_demo().await;
    let again = app.db.list_municipalities().await.unwrap();
    assert_eq!(again, first, "a second demo load must change nothing");
    assert_eq!(again.len(), 7);
    let karlskrona = again.iter().find(|m| m.code == "1080").unwrap();
    assert_eq!((karlskrona.administrations, karlskrona.companies), (11, 3));
}
