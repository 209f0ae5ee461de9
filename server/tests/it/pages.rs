//! The server-rendered pages, as a browser without JavaScript gets them.

use crate::common::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_page_is_swedish_with_skip_link_and_navigation() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"<html lang="sv">"#), "{body}");
    assert!(body.contains(r##"href="#innehall""##));
    assert!(body.contains(r#"id="innehall""#));
    assert!(body.contains("Huvudmeny"));
    assert!(body.contains(r#"href="/kommuner""#));
    assert!(body.contains(r#"href="/svara""#));
    assert!(body.contains("<title>Nuläge</title>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_sets_cookie_and_renders_english() {
    let app = spawn_app().await;
    let client = app.admin_with_demo().await;
    let response = client
        .get(app.url("/sprak?till=en&tillbaka=/kommuner"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/kommuner");
    let (_, body) = app.page(&client, "/kommuner").await;
    assert!(body.contains(r#"<html lang="en">"#));
    assert!(body.contains("<h1>Municipalities</h1>"));
    assert!(body.contains("På svenska"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_never_redirects_off_site() {
    let app = spawn_app().await;
    for target in [
        "//evil.example/",
        "https://evil.example/",
        "/%5Cevil.example",
    ] {
        let response = app.get(&format!("/sprak?till=en&tillbaka={target}")).await;
        assert_eq!(response.headers()["location"], "/", "{target}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn municipality_list_shows_the_seven_demo_municipalities() {
    let app = spawn_app().await;
    app.user("admin@test.example", app::auth::Role::Admin, &[])
        .await;
    let client = app.login("admin@test.example").await;
    let (_, empty) = app.page(&client, "/kommuner").await;
    assert!(empty.contains("Det finns inga kommuner ännu"));

    app.load_demo().await;
    let (status, body) = app.page(&client, "/kommuner").await;
    assert_eq!(status, 200);
    for name in [
        "Karlskrona",
        "Ljungby",
        "Nybro",
        "Ronneby",
        "Sävsjö",
        "Tranås",
        "Växjö",
    ] {
        assert!(body.contains(&format!(">{name}</a>")), "{name} missing");
    }
    assert!(body.contains("Visar 7 av 7 kommuner"));
    assert!(body.contains(r#"href="/kommuner/0780""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn municipality_list_filters_without_javascript() {
    let app = spawn_app().await;
    let client = app.admin_with_demo().await;
    let (_, body) = app.page(&client, "/kommuner?q=blekinge").await;
    assert!(body.contains("Visar 2 av 7 kommuner"), "{body}");
    // Every row is sent, so that typing can widen the search with
    // JavaScript; those that do not match are hidden.
    let row_of = |name: &str| {
        let at = body.find(&format!(">{name}</a>")).expect(name);
        let start = body[..at].rfind("<tr").expect("a row");
        body[start..at].to_string()
    };
    assert!(!row_of("Karlskrona").contains(" hidden") && !row_of("Ronneby").contains(" hidden"));
    assert!(row_of("Växjö").contains(" hidden"), "{}", row_of("Växjö"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn municipality_page_groups_units_and_marks_missing_contacts() {
    let app = spawn_app().await;
    let client = app.admin_with_demo().await;
    let (status, body) = app.page(&client, "/kommuner/0780").await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Växjö</h1>"));
    assert!(
        body.contains("Förvaltningar (<span data-sok-group-count>9</span>)"),
        "{body}"
    );
    assert!(body.contains("Miljö- och hälsoskyddsförvaltningen"));
    assert!(body.contains("Saknar kontaktperson"));
    assert!(body.contains("Saknar internationell kontaktperson"));
    assert!(body.contains("@vaxjo.example"));
    assert!(body.contains("<title>Växjö – Nuläge</title>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_or_malformed_municipality_is_404() {
    let app = spawn_app().await;
    let client = app.admin_with_demo().await;
    for path in [
        "/kommuner/9999",
        "/kommuner/abcd",
        "/kommuner/07800",
        "/kommuner/%27%20OR%201=1",
    ] {
        let (status, body) = app.page(&client, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Sidan finns inte"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_page_is_a_friendly_404() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/finns/inte").await;
    assert_eq!(status, 404);
    assert!(body.contains("Sidan finns inte"));
    assert!(body.contains(r#"href="/""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn respondent_link_form_explains_a_broken_link() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/svara?lank=hej").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("<title>Fel: Svara på en enkät – Nuläge</title>"),
        "{body}"
    );
    assert!(body.contains(r##"href="#lank""##));
    assert!(body.contains(r#"aria-invalid="true""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn respondent_link_form_opens_a_pasted_link() {
    let app = spawn_app().await;
    let response = app
        .get("/svara/oppna?lank=https%3A%2F%2Fnulage.example.se%2Fs%2FQk3x9_b-F2mZtY7uVw8PaA")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/s/Qk3x9_b-F2mZtY7uVw8PaA");

    let response = app.get("/svara/oppna?lank=hej%20d%C3%A5").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/svara?lank=hej%20d%C3%A5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_answer_link_reveals_nothing() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/s/Qk3x9_b-F2mZtY7uVw8PaA").await;
    assert_eq!(status, 404);
    assert!(body.contains("Länken fungerar inte"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_security_headers() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let headers = response.headers();
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_requests_are_refused() {
    let app = spawn_app().await;
    let body = vec![b'a'; 300 * 1024];
    let response = app
        .client()
        .post(app.url(<app::registry::ListMunicipalities as leptos::server_fn::ServerFn>::PATH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
}
