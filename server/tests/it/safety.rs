//! Hostile input: markup in every stored text, refused values over saved
//! answers, many respondents at once, guessed passwords in parallel, forged
//! proxy headers and messages in links.

use crate::common::{spawn_app, spawn_app_behind_proxy, TestApp, COORDINATOR, NYBRO, PASSWORD};
use app::auth::Role;
use app::rounds::respondent_api::Autosave;
use leptos::server_fn::ServerFn;
use sqlx::any::AnyPoolOptions;

/// Closes every element a text could be written into and opens a script.
const PAYLOAD: &str =
    "\"'></title></textarea></script><script>xss(1)</script><img src=x onerror=xss(2)>";

/// What must never stand in a page's HTML: the payload's elements, live.
fn live_markup(html: &str) -> Option<&'static str> {
    let lower = html.to_lowercase();
    ["<script>xss", "<img src=x"]
        .into_iter()
        .find(|needle| lower.contains(needle))
}

/// A questionnaire with the payload in every text it has.
fn hostile_questionnaire() -> String {
    let t = || serde_json::json!({ "sv": PAYLOAD, "en": PAYLOAD });
    serde_json::json!({
        "title": t(), "intro": t(),
        "sections": [
            { "key": "a", "title": t(), "intro": t(), "questions": [
                { "key": "namn", "text": t(), "help": t(), "type": "short_text" },
                { "key": "beskrivning", "text": t(), "help": t(), "type": "long_text" },
                { "key": "former", "text": t(), "help": t(), "type": "multiple_choice", "other": true,
                  "options": [ { "key": "eu", "label": t() }, { "key": "natverk", "label": t() } ] },
                { "key": "viktigt", "text": t(), "type": "scale", "min_label": t(), "max_label": t() },
                { "key": "epost", "text": t(), "type": "email" }
            ]},
            { "key": "b", "title": t(), "questions": [
                { "key": "projekt", "text": t(), "help": t(), "type": "group", "item_label": t(), "add_label": t(),
                  "questions": [
                    { "key": "titel", "text": t(), "help": t(), "type": "short_text" },
                    { "key": "om", "text": t(), "type": "long_text" }
                  ] }
            ]}
        ]
    })
    .to_string()
}

/// Markup typed anywhere is shown as text on every page, to every role.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_every_stored_text_stays_text_on_every_page() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round(PAYLOAD, &hostile_questionnaire()).await;
    let admin_id = app.user("admin@test.example", Role::Admin, &[]).await;
    let admin = app.login("admin@test.example").await;

    // The respondent's answers: every free text, the "Annat" text and a project.
    let targets = app.db.round_targets(&round).await.unwrap();
    let token = targets[0].token.clone().unwrap();
    let unit = targets[0].unit_id.clone();
    let (status, _, _) = app
        .post_form(
            &format!("/s/{token}/del/1"),
            &[
                ("_avsnitt", "a"),
                ("_revision", "0"),
                ("_gor", "nasta"),
                ("namn", PAYLOAD),
                ("beskrivning", PAYLOAD),
                ("former", "eu"),
                ("former", "annat"),
                ("former.annat", PAYLOAD),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _, _) = app
        .post_form(
            &format!("/s/{token}/del/2"),
            &[
                ("_avsnitt", "b"),
                ("_revision", "1"),
                ("_gor", "nasta"),
                ("projekt[1]", ""),
                ("projekt[1].titel", PAYLOAD),
                ("projekt[1].om", PAYLOAD),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "2")])
        .await;
    assert_eq!(status, 303);

    // The registry's texts, the mail texts, a user's name and the audit log.
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.database_url)
        .await
        .unwrap();
    for sql in [
        "UPDATE municipality SET notes = $1",
        "UPDATE unit SET name = name || $1",
        "UPDATE contact SET name = $1, role = $1",
        "UPDATE sector SET name_sv = name_sv || $1, name_en = $1",
        "UPDATE app_user SET name = $1",
    ] {
        sqlx::query(sql).bind(PAYLOAD).execute(&pool).await.unwrap();
    }
    pool.close().await;
    for kind in ["inbjudan", "paminnelse", "tack"] {
        app.db
            .save_mail_template(&round, kind, PAYLOAD, PAYLOAD, None)
            .await
            .unwrap();
    }
    app.db
        .audit_as(None, PAYLOAD, "login.failed", PAYLOAD, PAYLOAD, "")
        .await
        .unwrap();
    // The accessibility statement, every text of it (stored as it is: the
    // form would refuse the address and the phone number).
    app.db
        .save_accessibility_statement(
            &app::statement::Statement {
                organisation: PAYLOAD.into(),
                service: PAYLOAD.into(),
                gaps: PAYLOAD.into(),
                method: PAYLOAD.into(),
                contact_email: PAYLOAD.into(),
                contact_phone: PAYLOAD.into(),
                reply_time: PAYLOAD.into(),
                ..app::statement::Statement::shipped(app::i18n::Lang::Sv)
            },
            None,
        )
        .await
        .unwrap();
    let questionnaire = app
        .db
        .round(&round)
        .await
        .unwrap()
        .unwrap()
        .questionnaire_id;

    let q = format!("/enkater/{questionnaire}");
    let r = format!("/omgangar/{round}");
    let s = format!("/s/{token}");
    let staff_pages = [
        "/".to_string(),
        "/kommuner".into(),
        format!("/kommuner/{NYBRO}"),
        format!("/kommuner/{NYBRO}/redigera"),
        format!("/enheter/{unit}"),
        "/enkater".into(),
        q.clone(),
        format!("{q}/forhandsgranska"),
        format!("{q}/forhandsgranska?del=2"),
        "/omgangar".into(),
        r.clone(),
        format!("{r}/analys"),
        format!("{r}/analys/{NYBRO}"),
        format!("{r}/utskick"),
        format!("{r}/utskick/mall/inbjudan"),
        format!("{r}/utskick/mall/paminnelse"),
        format!("{r}/utskick/mall/tack"),
        format!("{r}/projekt"),
        format!("{r}/projekt/{NYBRO}"),
        "/import".into(),
    ];
    // The shared questionnaire's builder is the administrators'.
    let admin_pages = [
        format!("{q}/delar/a"),
        format!("{q}/fragor/namn"),
        format!("{q}/fragor/former"),
        format!("{q}/fragor/beskrivning"),
        format!("{q}/fragor/projekt"),
        format!("{q}/fragor/projekt/delfragor/titel"),
        "/admin/anvandare".to_string(),
        format!("/admin/anvandare/{admin_id}"),
        "/admin/logg".into(),
        "/admin/verksamhetsomraden".into(),
        "/admin/tillganglighet".into(),
    ];
    let respondent_pages = [
        s.clone(),
        format!("{s}/del/1"),
        format!("{s}/del/2"),
        format!("{s}/granska"),
        format!("{s}/kvitto"),
        "/tillganglighet".into(),
    ];
    let mut seen = 0;
    for (who, client, pages) in [
        ("coordinator", &coordinator, staff_pages.to_vec()),
        (
            "admin",
            &admin,
            [&staff_pages[..], &admin_pages[..]].concat(),
        ),
        ("respondent", &app.client(), respondent_pages.to_vec()),
    ] {
        for page in pages {
            let (status, html) = app.page(client, &page).await;
            assert_eq!(status, 200, "{who} {page}");
            if let Some(found) = live_markup(&html) {
                let at = html.to_lowercase().find(found).unwrap_or_default();
                let context: String = html
                    .chars()
                    .skip(at.saturating_sub(200))
                    .take(300)
                    .collect();
                panic!("{who} {page}: {found} unescaped near …{context}…");
            }
            if html.contains("xss(1)") {
                seen += 1;
            }
        }
    }
    // The texts were on the pages (escaped), so the check above meant something.
    assert!(seen > 30, "only {seen} pages showed the stored texts");
}

/// The policy names a fresh nonce per page, and the page's own scripts carry it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_content_security_policy() {
    let app = spawn_app().await;
    let policy = |response: &reqwest::Response| {
        response
            .headers()
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let first = app.get("/").await;
    let second = app.get("/logga-in").await;
    let (p1, p2) = (policy(&first), policy(&second));
    let html = first.text().await.unwrap();
    let nonce = p1
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    assert!(nonce.len() >= 16, "{p1}");
    assert!(!p2.contains(&nonce), "a new nonce for every page");
    for part in [
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(p1.contains(part), "{p1}");
    }
    assert!(!p1.contains("unsafe-inline"), "{p1}");
    // Every inline script of the page is allowed by its nonce (the start
    // page has none; pages with an island: transfer::only_pages_with_an_island_load_a_script).
    let scripts = html.matches("<script").count();
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
    // Responses that are not pages get the policy too, without a nonce.
    for path in ["/healthz", "/sprak?till=en", "/omgangar/x/export/svar.csv"] {
        let p = policy(&app.get(path).await);
        assert!(
            p.contains("object-src 'none'") && !p.contains("nonce"),
            "{path}: {p}"
        );
    }
}

/// A questionnaire for the saving tests: a whole number, an e-mail, a date,
/// a short text with a limit and a project group with a date.
const TYPED: &str = r#"{
  "title": { "sv": "Värden" },
  "sections": [
    { "key": "a", "title": { "sv": "Del A" }, "questions": [
      { "key": "antal", "text": { "sv": "Antal" }, "type": "number", "integer": true, "min": 0, "max": 100 },
      { "key": "epost", "text": { "sv": "E-post" }, "type": "email" },
      { "key": "datum", "text": { "sv": "Datum" }, "type": "date" },
      { "key": "kort", "text": { "sv": "Kort" }, "type": "short_text", "max_length": 10 },
      { "key": "projekt", "text": { "sv": "Projekt" }, "type": "group", "questions": [
        { "key": "titel", "text": { "sv": "Titel" }, "type": "short_text" },
        { "key": "start", "text": { "sv": "Start" }, "type": "date" }
      ]}
    ]}
  ]
}"#;

/// What is stored for the round's first unit.
async fn stored_answers(app: &TestApp, round: &str) -> (serde_json::Value, i64) {
    let target = &app.db.round_targets(round).await.unwrap()[0];
    let row = app.db.response(&target.id).await.unwrap().unwrap();
    (serde_json::from_str(&row.answers).unwrap(), row.revision)
}

/// A value that cannot be accepted is refused with its error and what was
/// typed; the answer saved before it stays, by plain post and by autosave.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_value_never_erases_the_saved_answer() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Värden", TYPED).await;
    let token = app.db.round_targets(&round).await.unwrap()[0]
        .token
        .clone()
        .unwrap();
    let good = [
        ("antal", "3"),
        ("epost", "anna@kommun.se"),
        ("datum", "2026-02-14"),
        ("kort", "Kort text"),
        ("projekt[1]", ""),
        ("projekt[1].titel", "Vänort"),
        ("projekt[1].start", "2026-03-01"),
    ];
    let post = |revision: i64, fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        let token = token.clone();
        async move {
            let revision = revision.to_string();
            let mut form = vec![
                ("_avsnitt", "a"),
                ("_revision", revision.as_str()),
                ("_gor", "senare"),
            ];
            form.extend(fields);
            app.post_form(&format!("/s/{token}/del/1"), &form).await
        }
    };
    let (status, _, _) = post(0, good.to_vec()).await;
    assert_eq!(status, 303);
    let (saved, revision) = stored_answers(&app, &round).await;

    for (key, bad, message) in [
        ("datum", "2026-02-30", "datum"),
        ("antal", "2,5", "heltal"),
        ("antal", "101", "100"),
        ("epost", "anna@", "e-post"),
        ("kort", "för lång text här", "10 tecken"),
        ("projekt[1].start", "2026-13-01", "datum"),
    ] {
        let fields: Vec<(&str, &str)> = good
            .iter()
            .map(|(k, v)| (*k, if *k == key { bad } else { *v }))
            .collect();
        let (status, _, page) = post(revision, fields).await;
        assert_eq!(status, 422, "{key}={bad}");
        assert!(page.contains(bad), "{key}: what was typed is shown back");
        assert!(page.to_lowercase().contains(message), "{key}: {message}");
        assert_eq!(stored_answers(&app, &round).await.0, saved, "{key}={bad}");

        // The same through the autosave of the page with JavaScript.
        let fields_json = serde_json::to_string(
            &good
                .iter()
                .map(|(k, v)| (k.to_string(), if *k == key { bad } else { *v }.to_string()))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let (status, body) = app.autosave(&token, "a", revision, &fields_json).await;
        assert_eq!(status, 200, "{body}");
        let reply: app::rounds::respondent_api::AutosaveReply =
            serde_json::from_str(&body).unwrap();
        assert_eq!(reply.problems, 1, "{key}");
        assert_eq!(
            stored_answers(&app, &round).await.0,
            saved,
            "autosave {key}={bad}"
        );
    }
    // A valid change next to a refused one is saved; the refused one is not.
    let (status, _, _) = post(
        revision,
        vec![
            ("antal", "7"),
            ("epost", "inte-en-adress"),
            ("datum", "2026-02-14"),
            ("kort", "Kort text"),
            ("projekt[1]", ""),
            ("projekt[1].titel", "Vänort"),
            ("projekt[1].start", "2026-03-01"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let (now, _) = stored_answers(&app, &round).await;
    assert_eq!(now["antal"], 7.0);
    assert_eq!(now["epost"], "anna@kommun.se");
}

/// Fifty respondents submitting at once and fifty saving drafts: every one
/// succeeds (SQLite's write lock is taken when a writing transaction begins).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_submits_and_fifty_parallel_saves_all_succeed() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Många samtidigt", TYPED).await;
    // Nybro has 11 units; every municipality of the demo joins the round.
    let all: Vec<String> = app
        .db
        .list_municipalities()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    for id in &all {
        app.db.add_round_municipality(&round, id).await.ok();
    }
    let _ = coordinator;
    let tokens: Vec<String> = app
        .db
        .round_targets(&round)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|t| t.token)
        .collect();
    assert!(tokens.len() >= 90, "{} units", tokens.len());
    // Half of them have a draft to submit.
    for token in &tokens[..50] {
        let (status, _, _) = app
            .post_form(
                &format!("/s/{token}/del/1"),
                &[
                    ("_avsnitt", "a"),
                    ("_revision", "0"),
                    ("_gor", "senare"),
                    ("antal", "1"),
                ],
            )
            .await;
        assert_eq!(status, 303);
    }
    let mut tasks = Vec::new();
    for i in 0..100 {
        // Draft saves go to the other units, some of them by two people at once.
        let token = if i < 50 {
            &tokens[i]
        } else {
            &tokens[50 + i % (tokens.len() - 50)]
        };
        let url = app.url(&format!("/s/{token}"));
        let client = app.client();
        // Two colleagues on one link answer different questions, so that
        // their saves merge instead of conflicting.
        let question = if i < 50 + tokens.len() - 50 {
            "antal"
        } else {
            "kort"
        };
        tasks.push(tokio::spawn(async move {
            let (path, form): (String, Vec<(&str, String)>) = if i < 50 {
                (format!("{url}/skicka"), vec![("_revision", "1".into())])
            } else {
                (
                    format!("{url}/del/1"),
                    vec![
                        ("_avsnitt", "a".into()),
                        ("_revision", "0".into()),
                        ("_gor", "senare".into()),
                        (question, i.to_string()),
                    ],
                )
            };
            let response = client.post(path).form(&form).send().await.unwrap();
            (i, response.status().as_u16())
        }));
    }
    let mut failed = Vec::new();
    for task in tasks {
        let (i, status) = task.await.unwrap();
        if status != 303 {
            failed.push((i, status));
        }
    }
    assert!(failed.is_empty(), "failed: {failed:?}");
    let submitted = app
        .db
        .round_targets(&round)
        .await
        .unwrap()
        .iter()
        .filter(|t| t.submitted_at.is_some())
        .count();
    assert_eq!(submitted, 50);
}

/// Forty wrong passwords at once for one account: at most the limit of them
/// are checked, the rest are refused as throttled.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_password_guesses_cannot_pass_the_limit() {
    let app = spawn_app().await;
    app.user("anna@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let client = app.client();
        let url = app.url(<app::auth::api::Login as ServerFn>::PATH);
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .form(&[
                    ("email", "anna@nybro.example"),
                    ("password", &format!("fel{i}")),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let checked = app.audit("login.failed").await.len();
    let throttled = app.audit("login.throttled").await.len();
    assert!(checked <= 5, "{checked} passwords checked");
    assert_eq!(checked + throttled, 40);
    // The right password is refused too while the account is throttled.
    let response = app
        .post_login(&app.client(), "anna@nybro.example", PASSWORD)
        .await;
    assert!(!response.status().is_success() && !response.status().is_redirection());
}

/// Something that is no e-mail address (a password in the wrong field) is
/// not kept in the audit log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_typed_as_the_address_is_not_logged() {
    let app = spawn_app().await;
    app.post_login(&app.client(), "Hemligt lösen 123", "x")
        .await;
    let failed = app.audit("login.failed").await;
    assert_eq!(failed.len(), 1);
    assert!(!failed[0].actor.contains("Hemligt") && !failed[0].target.contains("Hemligt"));
}

/// Behind a trusted proxy the forwarded address is the client's; from
/// anywhere else the header is ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    /// The address the audit log records for a failed login (each with its
    /// own account: the log's order within a second is not defined).
    async fn failed_from(app: &TestApp, forwarded: &str) -> String {
        let email = format!("nobody-{}@test.example", uuid::Uuid::new_v4());
        app.client()
            .post(app.url(<app::auth::api::Login as ServerFn>::PATH))
            .header("x-forwarded-for", forwarded)
            .form(&[("email", email.as_str()), ("password", "x")])
            .send()
            .await
            .unwrap();
        app.audit("login.failed")
            .await
            .into_iter()
            .find(|e| e.target == email)
            .expect("the failed login is audited")
            .client_ip
    }
    let direct = spawn_app().await;
    assert_eq!(failed_from(&direct, "203.0.113.9").await, "127.0.0.1");

    let proxied = spawn_app_behind_proxy("127.0.0.1").await;
    assert_eq!(failed_from(&proxied, "203.0.113.9").await, "203.0.113.9");
    // A client-written first hop does not count.
    assert_eq!(
        failed_from(&proxied, "6.6.6.6, 198.51.100.7").await,
        "198.51.100.7"
    );
    // Throttling is per real client: one client's failures do not lock out another.
    for _ in 0..20 {
        failed_from(&proxied, "198.51.100.66").await;
    }
    proxied.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let response = proxied
        .client()
        .post(proxied.url(<app::auth::api::Login as ServerFn>::PATH))
        .header("x-forwarded-for", "203.0.113.20")
        .form(&[("email", COORDINATOR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection() || response.status().is_success());
}

/// A message in a link is never shown: the error of a form without
/// JavaScript comes back in the page, and a link that carries one is sent on
/// without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_messages_the_server_wrote_are_shown() {
    let app = spawn_app().await;
    let login = <app::auth::api::Login as ServerFn>::PATH;
    // A browser without JavaScript posts the form: the page comes back with
    // the message, which no address carries.
    let response = app
        .client()
        .post(app.url(login))
        .header("accept", "text/html")
        .header("referer", app.url("/logga-in"))
        .form(&[("email", "nobody@test.example"), ("password", "fel")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let page = response.text().await.unwrap();
    assert!(page.contains("Fel e-postadress eller lösenord."), "{page}");
    assert!(page.contains("<title>Fel: "), "{page}");
    assert!(!page.contains("__err"));
    // The same kind of link written by somebody else.
    let forged = format!(
        "/logga-in?__path={login}&__err={}",
        app::layout::encode_component(
            r#"{"Invalid":"Ring 0701234567 för att få ett nytt lösenord."}"#
        )
    );
    for link in [
        forged.clone(),
        format!("{forged}&__sig=AAAAAAAAAAAAAAAAAAAAAAAA"),
    ] {
        // Sent to the same page without the message.
        let response = app.get(&link).await;
        assert_eq!(response.status().as_u16(), 303, "{link}");
        let clean = link.split('?').next().unwrap();
        assert_eq!(response.headers()["location"], clean, "{link}");
    }

    // The questionnaire import page's problem list.
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    let response = coordinator
        .get(app.url("/enkater/importera?fel=Ring%200701234567&x=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/enkater/importera?x=1");
}

/// Requests a server function cannot read are told so in Swedish, with 400.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_server_function_calls_get_400_in_swedish() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Fel anrop", TYPED).await;
    let _ = round;
    for form in [
        vec![("token", "x")],
        vec![
            ("token", "x"),
            ("section", "a"),
            ("revision", "inte-ett-tal"),
            ("fields", "[]"),
        ],
    ] {
        let (status, body) = app.call(&app.client(), Autosave::PATH, &form).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("Förfrågan saknade uppgifter"), "{body}");
        assert!(
            !body.contains("missing field") && !body.contains("invalid digit"),
            "{body}"
        );
    }
}

/// Pages and downloads are never stored by browsers or proxies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_with_personal_data_are_not_stored() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Cache", TYPED).await;
    let token = app.db.round_targets(&round).await.unwrap()[0]
        .token
        .clone()
        .unwrap();
    for (client, path) in [
        (&coordinator, format!("/omgangar/{round}")),
        (&coordinator, format!("/omgangar/{round}/analys")),
        (&coordinator, format!("/kommuner/{NYBRO}")),
        (&coordinator, format!("/omgangar/{round}/export/svar.csv")),
        (&app.client(), format!("/s/{token}")),
        (&app.client(), format!("/s/{token}/del/1")),
    ] {
        let response = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
}

/// The sector list is an administration page like the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinators_are_refused_the_sector_page() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    let (status, page) = app.page(&coordinator, "/admin/verksamhetsomraden").await;
    assert_eq!(status, app.page(&coordinator, "/admin/anvandare").await.0);
    assert_eq!(status, 403);
    assert!(!page.contains("Lägg till verksamhetsområde"));
    let admin = app.admin_with_demo().await;
    let (status, page) = app.page(&admin, "/admin/verksamhetsomraden").await;
    assert_eq!(status, 200);
    assert!(page.contains("Lägg till verksamhetsområde"));
}

/// A response keeps every submitted revision and only its latest drafts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_revision_history_of_a_response_is_bounded() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Historik", TYPED).await;
    let target = app.db.round_targets(&round).await.unwrap()[0].clone();
    let token = target.token.clone().unwrap();
    let save = |revision: i64, value: i64| {
        let (app, token) = (&app, token.clone());
        async move {
            let (revision, value) = (revision.to_string(), value.to_string());
            app.post_form(
                &format!("/s/{token}/del/1"),
                &[
                    ("_avsnitt", "a"),
                    ("_revision", &revision),
                    ("_gor", "senare"),
                    ("antal", &value),
                ],
            )
            .await
            .0
        }
    };
    assert_eq!(save(0, 0).await, 303);
    let (status, _, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;
    assert_eq!(status, 303);
    for revision in 1..120 {
        assert_eq!(save(revision, revision % 90).await, 303);
    }
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.database_url)
        .await
        .unwrap();
    let (kept, submitted): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(submitted) FROM response_revision WHERE round_unit_id = $1",
    )
    .bind(&target.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert_eq!(submitted, 1, "the submitted revision is kept");
    assert_eq!(kept, 1 + app::db::rounds::DRAFT_REVISIONS_KEPT);
}

/// Fetching the link as it was mailed (a mail scanner, a link preview) does
/// not count as opened; the first step into the form does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_look_at_the_link_is_not_an_opening() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Öppnad", TYPED).await;
    let target = &app.db.round_targets(&round).await.unwrap()[0];
    let token = target.token.clone().unwrap();
    let opened = |app: &TestApp| {
        let round = round.clone();
        let id = target.id.clone();
        let db = app.db.clone();
        async move {
            db.round_targets(&round)
                .await
                .unwrap()
                .into_iter()
                .find(|t| t.id == id)
                .unwrap()
                .first_opened_at
                .is_some()
        }
    };
    assert_eq!(app.get_text(&format!("/s/{token}")).await.0, 200);
    assert_eq!(
        app.client()
            .head(app.url(&format!("/s/{token}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(!opened(&app).await);
    assert_eq!(app.get_text(&format!("/s/{token}/del/1")).await.0, 200);
    assert!(opened(&app).await);
}
