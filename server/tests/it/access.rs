//! Access control: login, sessions, one-time links, throttling, CSRF, roles and scope.

use crate::common::{spawn_app, TestApp, PASSWORD};
use app::auth::api::{InviteUser, ListUsers, Logout, SetPassword, SetUserDisabled};
use app::auth::server::{
    token_hash, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SESSION_ABSOLUTE_SECS,
    SESSION_IDLE_SECS,
};
use app::auth::{AuditFilter, Role};
use app::registry::{GetMunicipality, ListMunicipalities};
use leptos::server_fn::ServerFn;

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix("nulage_session=")
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.db
        .audit_events(&AuditFilter::default(), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protected_pages_send_anonymous_visitors_to_login() {
    let app = spawn_app().await;
    let response = app.get("/kommuner/0780?x=1").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/logga-in?nasta=/kommuner/0780%3Fx%3D1"
    );
    let (status, _) = app.call(&app.client(), ListMunicipalities::PATH, &[]).await;
    assert_eq!(status, 401);
    let (status, body) = app.get_text("/logga-in").await;
    assert_eq!(status, 200);
    assert!(body.contains("autocomplete=\"current-password\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_a_safe_cookie_and_logout_ends_the_session() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    let client = app.client();
    let response = app.post_login(&client, "Anna@Test.Example", PASSWORD).await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("nulage_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Secure"),
        "base URL is https in tests: {cookie}"
    );
    let token = session_cookie(&response).unwrap();
    // Only the hash of the token is stored.
    assert!(app
        .db
        .session_user(&token_hash(&token), SESSION_IDLE_SECS)
        .await
        .unwrap()
        .is_some());
    assert!(app
        .db
        .session_user(&token, SESSION_IDLE_SECS)
        .await
        .unwrap()
        .is_none());

    let (status, _) = app.page(&client, "/kommuner").await;
    assert_eq!(status, 200);
    let (status, _) = app.call(&client, Logout::PATH, &[]).await;
    assert!(status < 400);
    assert!(app
        .db
        .session_user(&token_hash(&token), SESSION_IDLE_SECS)
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.page(&client, "/kommuner").await.0, 303);
    let actions = audit_actions(&app).await;
    assert!(
        actions.contains(&"login.succeeded".to_string()) && actions.contains(&"logout".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_email_and_wrong_password_look_the_same() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    let client = app.client();
    let wrong_password = app
        .post_login(&client, "anna@test.example", "fel lösenord här")
        .await;
    let (s1, b1) = (
        wrong_password.status(),
        wrong_password.text().await.unwrap(),
    );
    let unknown = app
        .post_login(&client, "ingen@test.example", "fel lösenord här")
        .await;
    let (s2, b2) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(s1, s2);
    assert_eq!(b1, b2);
    assert!(b1.contains("Fel e-postadress eller lösenord"), "{b1}");
    assert!(audit_actions(&app)
        .await
        .contains(&"login.failed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_are_throttled_per_account() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    let client = app.client();
    for _ in 0..MAX_FAILURES_PER_ACCOUNT {
        let r = app
            .post_login(&client, "anna@test.example", "fel lösenord här")
            .await;
        assert!(r.text().await.unwrap().contains("Fel e-postadress"));
    }
    // Now even the right password waits.
    let r = app.post_login(&client, "anna@test.example", PASSWORD).await;
    assert!(session_cookie(&r).is_none());
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("För många misslyckade inloggningar"));
    // Other accounts from elsewhere are unaffected.
    app.db
        .clear_login_failures("anna@test.example")
        .await
        .unwrap();
    let r = app.post_login(&client, "anna@test.example", PASSWORD).await;
    assert!(session_cookie(&r).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_are_throttled_per_address() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    let client = app.client();
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        app.post_login(
            &client,
            &format!("gissning{i}@test.example"),
            "fel lösenord här",
        )
        .await;
    }
    let r = app.post_login(&client, "anna@test.example", PASSWORD).await;
    assert!(session_cookie(&r).is_none());
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("För många misslyckade inloggningar"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_when_idle_and_absolutely() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    for age in [SESSION_IDLE_SECS + 1, SESSION_ABSOLUTE_SECS + 1] {
        let client = app.client();
        let r = app.post_login(&client, "anna@test.example", PASSWORD).await;
        let token = session_cookie(&r).unwrap();
        assert_eq!(app.page(&client, "/kommuner").await.0, 200);
        app.db.age_session(&token_hash(&token), age).await.unwrap();
        assert_eq!(app.page(&client, "/kommuner").await.0, 303, "age {age}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    app.user("anna@test.example", Role::Admin, &[]).await;
    let form = [("email", "anna@test.example"), ("password", PASSWORD)];
    let url = app.url(app::auth::api::Login::PATH);
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "null"),
    ] {
        let r = app
            .client()
            .post(&url)
            .header(name, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403, "{name}: {value}");
        assert!(session_cookie(&r).is_none());
    }
    let own_origin = format!("http://{}", app.addr);
    let r = app
        .client()
        .post(&url)
        .header("origin", own_origin)
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(session_cookie(&r).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_sees_only_their_municipality_and_guesses_are_logged() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user(
        "samordnare@karlskrona.example",
        Role::Coordinator,
        &["1080"],
    )
    .await;
    let client = app.login("samordnare@karlskrona.example").await;

    let (status, body) = app.page(&client, "/kommuner").await;
    assert_eq!(status, 200);
    assert!(body.contains(">Karlskrona</a>"));
    assert!(
        !body.contains("Lägg till kommun"),
        "only administrators add municipalities"
    );
    assert!(!body.contains(">Växjö</a>"));
    assert!(body.contains("Visar 1 av 1 kommuner"));
    assert_eq!(app.page(&client, "/kommuner/1080").await.0, 200);

    let (status, body) = app.page(&client, "/kommuner/0780").await;
    assert_eq!(status, 404);
    assert!(!body.contains("Växjöbostäder"));
    let (status, _) = app
        .call(&client, GetMunicipality::PATH, &[("code", "0780")])
        .await;
    assert_eq!(status, 404);
    // Missing and forbidden look the same from outside.
    assert_eq!(
        app.call(&client, GetMunicipality::PATH, &[("code", "9999")])
            .await
            .0,
        404
    );
    let denied = app.audit("access").await;
    assert_eq!(denied.len(), 2, "{denied:?}");
    assert!(denied
        .iter()
        .all(|e| e.actor == "samordnare@karlskrona.example" && e.target == "kommun 0780"));

    // Administrator functions are refused.
    assert_eq!(app.call(&client, ListUsers::PATH, &[]).await.0, 403);
    assert_eq!(app.page(&client, "/admin/anvandare").await.0, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regional_coordinator_sees_all_assigned_municipalities() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user(
        "coach@region.example",
        Role::Coordinator,
        &["1080", "1081", "0780"],
    )
    .await;
    let client = app.login("coach@region.example").await;
    let (_, body) = app.page(&client, "/kommuner").await;
    assert!(body.contains("Visar 3 av 3 kommuner"), "{body}");
    assert_eq!(app.page(&client, "/kommuner/0780").await.0, 200);
    assert_eq!(app.page(&client, "/kommuner/0781").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reader_reads_own_scope_and_manages_nothing() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("politiker@vaxjo.example", Role::Reader, &["0780"])
        .await;
    let client = app.login("politiker@vaxjo.example").await;
    assert_eq!(app.page(&client, "/kommuner/0780").await.0, 200);
    assert_eq!(app.page(&client, "/kommuner/1080").await.0, 404);
    let (status, _) = app
        .call(
            &client,
            InviteUser::PATH,
            &[("email", "x@y.se"), ("name", ""), ("role", "admin")],
        )
        .await;
    assert_eq!(status, 403);
    assert!(!app.db.user_exists("x@y.se").await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_link_sets_a_password_once_and_only_in_time() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (status, body) = app
        .call(
            &admin,
            InviteUser::PATH,
            &[
                ("email", "Ny@Ronneby.Example"),
                ("name", "Nils Ny"),
                ("role", "coordinator"),
                ("municipalities[0]", "1081"),
                ("municipalities[3]", "0684"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let link: serde_json::Value = serde_json::from_str(&body).unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://nulage.example.se/konto/losenord/"),
        "{url}"
    );
    let token = url.rsplit('/').next().unwrap();
    let user = app
        .db
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "ny@ronneby.example")
        .unwrap();
    assert_eq!(user.role, Role::Coordinator);
    assert_eq!(user.municipality_codes.len(), 2);
    assert!(!user.has_password);

    // The link page names the account.
    let (status, page) = app.get_text(&format!("/konto/losenord/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("ny@ronneby.example"));

    // A too-short password is refused and the link stays usable.
    let anon = app.client();
    let (status, body) = app
        .call(
            &anon,
            SetPassword::PATH,
            &[("token", token), ("password", "kort"), ("repeat", "kort")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("minst 12 tecken"));
    let (status, _) = app
        .call(
            &anon,
            SetPassword::PATH,
            &[
                ("token", token),
                ("password", PASSWORD),
                ("repeat", PASSWORD),
            ],
        )
        .await;
    assert!(status < 400);
    let client = app.login("ny@ronneby.example").await;
    assert_eq!(app.page(&client, "/kommuner/1081").await.0, 200);

    // Used twice: refused, and the page says so.
    let (status, body) = app
        .call(
            &anon,
            SetPassword::PATH,
            &[
                ("token", token),
                ("password", "ett annat långt lösen"),
                ("repeat", "ett annat långt lösen"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("redan använts"));
    let (status, page) = app.get_text(&format!("/konto/losenord/{token}")).await;
    assert_eq!(status, 404);
    assert!(page.contains("Länken fungerar inte"));

    // Late: an aged reset link no longer works.
    let (_, body) = app
        .call(
            &admin,
            app::auth::api::ResetPasswordLink::PATH,
            &[("id", &user.id)],
        )
        .await;
    let link: serde_json::Value = serde_json::from_str(&body).unwrap();
    let late = link["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    app.db
        .age_link(&token_hash(&late), 73 * 3600)
        .await
        .unwrap();
    let (status, _) = app
        .call(
            &anon,
            SetPassword::PATH,
            &[
                ("token", &late),
                ("password", PASSWORD),
                ("repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 422);

    let actions = audit_actions(&app).await;
    for expected in ["user.invited", "user.password_set", "user.reset_link"] {
        assert!(
            actions.contains(&expected.to_string()),
            "{expected} missing: {actions:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_input_is_checked() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    for (form, needle) in [
        (
            vec![
                ("email", "inte-en-adress"),
                ("name", ""),
                ("role", "coordinator"),
                ("municipalities[0]", "1080"),
            ],
            "e-postadress i rätt format",
        ),
        (
            vec![
                ("email", "a@b.se"),
                ("name", ""),
                ("role", "kung"),
                ("municipalities[0]", "1080"),
            ],
            "Välj en roll",
        ),
        (
            vec![("email", "a@b.se"), ("name", ""), ("role", "coordinator")],
            "minst en kommun",
        ),
        (
            vec![
                ("email", "a@b.se"),
                ("name", ""),
                ("role", "reader"),
                ("municipalities[0]", "9999"),
            ],
            "finns inte",
        ),
        (
            vec![
                ("email", "admin@test.example"),
                ("name", ""),
                ("role", "admin"),
            ],
            "finns redan",
        ),
    ] {
        let (status, body) = app.call(&admin, InviteUser::PATH, &form).await;
        assert!(status == 422 || status == 409, "{status} {body}");
        assert!(body.contains(needle), "{needle}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_user_ends_their_sessions_and_login() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app
        .user("borta@test.example", Role::Coordinator, &["1080"])
        .await;
    let victim = app.login("borta@test.example").await;
    assert_eq!(app.page(&victim, "/kommuner").await.0, 200);
    let (status, _) = app
        .call(
            &admin,
            SetUserDisabled::PATH,
            &[("id", &id), ("disabled", "true")],
        )
        .await;
    assert!(status < 400);
    assert_eq!(app.page(&victim, "/kommuner").await.0, 303);
    let r = app
        .post_login(&app.client(), "borta@test.example", PASSWORD)
        .await;
    assert!(session_cookie(&r).is_none());
    assert!(audit_actions(&app)
        .await
        .contains(&"user.disabled".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_page_filters_for_administrators() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    app.post_login(&app.client(), "okand@test.example", "fel lösenord här")
        .await;
    let (status, body) = app.page(&admin, "/admin/logg?handelse=login").await;
    assert_eq!(status, 200);
    assert!(body.contains("login.failed") && body.contains("login.succeeded"));
    let (_, body) = app
        .page(&admin, "/admin/logg?handelse=login&vem=okand")
        .await;
    assert!(body.contains("okand@test.example"));
    assert!(!body.contains("login.succeeded"));
}
