//! The read-only data feed for BI tools (`/api/v1/`, docs/API.md): tokens
//! made on the page, scope, refusals, read-only, the same bytes as the
//! exports, entity tags, audit, throttling and the documented recipes.

use crate::common::{spawn_app, TestApp, COORDINATOR, NYBRO};
use crate::forms::post_from;
use app::api_tokens::api::{CreateApiToken, RevokeApiToken};
use app::auth::Role;
use leptos::server_fn::ServerFn;
use nulage::export::TableKind;
use reqwest::header::{HeaderMap, AUTHORIZATION};
use serde_json::Value;

/// Creates a token on the token page as a browser without JavaScript does
/// and returns the secret the page shows once.
async fn make_token(app: &TestApp, client: &reqwest::Client, name: &str, expiry: &str) -> String {
    let (status, _, page) = post_from(
        app,
        client,
        "/konto/api-nycklar",
        CreateApiToken::PATH,
        &[("name", name), ("expiry", expiry)],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let at = page
        .find("id=\"ny-nyckel\"")
        .expect("the new token is shown");
    let tag = &page[at..at + page[at..].find('>').unwrap()];
    let start = tag.find("value=\"").unwrap() + "value=\"".len();
    let token = &tag[start..start + tag[start..].find('"').unwrap()];
    assert!(token.starts_with("nlg_"), "{token}");
    token.to_string()
}

/// GET with the token; status, headers and body.
async fn get(app: &TestApp, token: &str, path: &str) -> (u16, HeaderMap, Vec<u8>) {
    get_with(app, Some(token), path, &[]).await
}

async fn get_with(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, HeaderMap, Vec<u8>) {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

/// The error code of a JSON error body.
fn code(body: &[u8]) -> String {
    let value = json(body);
    assert!(
        value["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{value}"
    );
    value["code"].as_str().unwrap().to_string()
}

/// A coordinator for Nybro with a token, in the demo data.
async fn coordinator_token(app: &TestApp) -> (reqwest::Client, String) {
    app.load_demo().await;
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let client = app.login(COORDINATOR).await;
    let token = make_token(app, &client, "Power BI – nämndrapporten", "90").await;
    (client, token)
}

/// A round of Växjö's units alone, outside Nybro's scope.
async fn vaxjo_round(app: &TestApp, like: &str) -> String {
    let vaxjo = app.db.municipality_id("0780").await.unwrap().unwrap();
    let version = app.db.round(like).await.unwrap().unwrap().version_id;
    app.db
        .create_round(&app::db::rounds::NewRound {
            name: "Växjö 2027",
            version_id: &version,
            opens_at: None,
            closes_at: app::db::now() + 86_400,
            municipality_ids: &[vaxjo],
            created_by: None,
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_made_on_the_page_is_shown_once_stored_hashed_and_reads_its_scope() {
    let app = spawn_app().await;
    let (client, token) = coordinator_token(&app).await;
    assert!(app
        .audit("api_token.created")
        .await
        .iter()
        .any(|e| e.actor == COORDINATOR && e.detail.contains("Power BI")));
    // The database holds a hash and a hint, never the secret.
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) FROM api_token WHERE token_hash = '{}'",
            app::auth::server::token_hash(&token)
        ))
        .await;
    assert_eq!(stored, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM api_token WHERE token_hash = '{token}' OR name = '{token}'"
        ))
        .await,
        0
    );
    // The page lists the token by its name and first characters, not the secret.
    let (status, page) = app.page(&client, "/konto/api-nycklar").await;
    assert_eq!(status, 200);
    assert!(page.contains("Power BI – nämndrapporten"));
    assert!(page.contains(&format!("{}…", &token[..8])));
    assert!(!page.contains(&token));

    let (status, headers, body) = get(&app, &token, "/api/v1/rounds").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    let rounds = json(&body);
    let rounds = rounds.as_array().unwrap();
    assert_eq!(rounds.len(), 1, "the demo round only");
    let round = &rounds[0];
    assert_eq!(
        round["kommuner"],
        serde_json::json!([{ "kommunkod": NYBRO, "kommun": "Nybro" }]),
        "only the municipalities in scope are named"
    );
    let tables: Vec<&str> = round["tabeller"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tabell"].as_str().unwrap())
        .collect();
    assert_eq!(
        tables,
        TableKind::ALL.iter().map(|k| k.key()).collect::<Vec<_>>()
    );
    let id = round["id"].as_str().unwrap();
    let (status, _, body) = get(&app, &token, &format!("/api/v1/rounds/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(json(&body), *round);

    // Only Nybro's units, in every table that lists units.
    let (status, _, body) = get(&app, &token, &format!("/api/v1/rounds/{id}/svar")).await;
    assert_eq!(status, 200);
    let rows = json(&body);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 11, "Nybro's units");
    assert!(rows.iter().all(|r| r["kommunkod"] == NYBRO));
    // The feed never carries answer links.
    assert!(!String::from_utf8_lossy(&body).contains("/s/"));

    // The rounds as CSV, for Excel.
    let (status, headers, body) = get(&app, &token, "/api/v1/rounds?format=excel").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(String::from_utf8_lossy(&body).contains(id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_outside_the_scope_is_404_and_logged() {
    let app = spawn_app().await;
    let (_, token) = coordinator_token(&app).await;
    let demo = app.demo_round().await;
    let other = vaxjo_round(&app, &demo).await;

    let mut paths = vec![format!("/api/v1/rounds/{other}")];
    for kind in TableKind::ALL {
        paths.push(format!("/api/v1/rounds/{other}/{}", kind.key()));
        paths.push(format!("/api/v1/rounds/{other}/{}?format=csv", kind.key()));
        // Another municipality within a readable round.
        paths.push(format!("/api/v1/rounds/{demo}/{}?kommun=0780", kind.key()));
    }
    for path in &paths {
        let (status, headers, body) = get(&app, &token, path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(headers["content-type"], "application/json", "{path}");
        assert_eq!(code(&body), "not_found", "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("Växjö"), "{path}");
    }
    // The list does not name it.
    let (_, _, body) = get(&app, &token, "/api/v1/rounds").await;
    assert!(!String::from_utf8_lossy(&body).contains(&other));
    assert!(app
        .audit("access.denied")
        .await
        .iter()
        .any(|e| e.actor == COORDINATOR && e.target.contains(&other)));

    // Missing and hostile addresses are the same 404, in JSON.
    for path in [
        "/api/v1/rounds/00000000-0000-0000-0000-000000000000".to_string(),
        format!("/api/v1/rounds/{demo}/nope"),
        format!("/api/v1/rounds/{demo}/svar/mer"),
        "/api/v1/rounds/%3Cscript%3E/svar".to_string(),
        "/api/v1/".to_string(),
        "/api/v1/users".to_string(),
    ] {
        let (status, _, body) = get(&app, &token, &path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(code(&body), "not_found", "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("<script>"));
    }
    // Unknown parameter values are a 400 saying what is allowed.
    for path in [
        format!("/api/v1/rounds/{demo}/svar?format=xml"),
        format!("/api/v1/rounds/{demo}/svar?utkast=ja"),
        "/api/v1/rounds?format=%3Cb%3E".to_string(),
    ] {
        let (status, _, body) = get(&app, &token, &path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(code(&body), "bad_parameter", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_a_wrong_one_a_revoked_or_expired_one_or_a_disabled_owner_gets_401() {
    let app = spawn_app().await;
    let (client, token) = coordinator_token(&app).await;
    let demo = app.demo_round().await;
    let svar = format!("/api/v1/rounds/{demo}/svar");

    let (status, headers, body) = get_with(&app, None, &svar, &[]).await;
    assert_eq!(status, 401);
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(code(&body), "token_missing");
    // A session cookie is not a token: the feed is for programs.
    let (status, _) = app.page(&client, &svar).await;
    assert_eq!(status, 401);
    for header in [
        "Basic YWRtaW46YWRtaW4=".to_string(),
        "Bearer".to_string(),
        format!("Bearer {}x", token),
        "Bearer nlg_åäö".to_string(),
    ] {
        let value = reqwest::header::HeaderValue::from_bytes(header.as_bytes()).unwrap();
        let response = reqwest::Client::new()
            .get(app.url(&svar))
            .header(AUTHORIZATION, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header}");
        assert_eq!(code(&response.bytes().await.unwrap()), "token_invalid");
    }

    // Expired: refused with its own code, and fine again once valid.
    let id = app
        .db
        .api_tokens(None)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.owner_email == COORDINATOR)
        .unwrap()
        .id;
    app.db
        .set_api_token_expiry(&id, Some(app::db::now() - 1))
        .await
        .unwrap();
    let (status, _, body) = get(&app, &token, &svar).await;
    assert_eq!((status, code(&body)), (401, "token_expired".to_string()));
    app.db.set_api_token_expiry(&id, None).await.unwrap();
    assert_eq!(get(&app, &token, &svar).await.0, 200);

    // A disabled owner's token stops working.
    let owner = app
        .db
        .credentials(COORDINATOR)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    app.db.set_user_disabled(&owner, true).await.unwrap();
    let (status, _, body) = get(&app, &token, &svar).await;
    assert_eq!((status, code(&body)), (401, "account_disabled".to_string()));
    app.db.set_user_disabled(&owner, false).await.unwrap();
    let client = app.login(COORDINATOR).await;

    // Revoked on the page: refused from then on.
    let (status, _, page) = post_from(
        &app,
        &client,
        "/konto/api-nycklar",
        RevokeApiToken::PATH,
        &[("id", &id)],
    )
    .await;
    assert!(status < 400, "{status} {page}");
    let (status, _, body) = get(&app, &token, &svar).await;
    assert_eq!((status, code(&body)), (401, "token_revoked".to_string()));
    let (_, page) = app.page(&client, "/konto/api-nycklar").await;
    assert!(page.contains("Återkallad"));
    assert!(app
        .audit("api_token.revoked")
        .await
        .iter()
        .any(|e| e.target == id && e.actor == COORDINATOR));
    let refused: Vec<String> = app
        .audit("api.refused")
        .await
        .into_iter()
        .map(|e| e.target)
        .collect();
    for code in [
        "token_missing",
        "token_invalid",
        "token_expired",
        "account_disabled",
        "token_revoked",
    ] {
        assert!(refused.iter().any(|t| t == code), "{code} in {refused:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readers_token_cannot_change_anything() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let client = app.login("lasare@nybro.example").await;
    let token = make_token(&app, &client, "Excel", "30").await;
    let demo = app.demo_round().await;
    assert_eq!(
        get(&app, &token, &format!("/api/v1/rounds/{demo}/deltagande"))
            .await
            .0,
        200
    );
    let http = reqwest::Client::new();
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
    ] {
        for path in [
            "/api/v1/rounds".to_string(),
            format!("/api/v1/rounds/{demo}"),
            format!("/api/v1/rounds/{demo}/svar"),
            "/api/v1/openapi.json".to_string(),
        ] {
            let response = http
                .request(method.clone(), app.url(&path))
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .header("sec-fetch-site", "same-origin")
                .body("{}")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 405, "{method} {path}");
            assert_eq!(response.headers()["allow"], "GET, HEAD");
            assert_eq!(code(&response.bytes().await.unwrap()), "read_only");
        }
    }
    // The server functions know no tokens: a change sent with one is refused.
    let before = app.count("SELECT COUNT(*) FROM round").await;
    let response = http
        .post(app.url(<app::rounds::api::CreateRound as ServerFn>::PATH))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("name", "Med nyckel"),
            ("questionnaire", "x"),
            ("municipalities[0]", NYBRO),
            ("opens", ""),
            ("closes", "2099-12-31"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let response = http
        .post(app.url(CreateApiToken::PATH))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("name", "Fler"), ("expiry", "30")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("SELECT COUNT(*) FROM round").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM api_token").await, 1);
    // Nor does a token open a page.
    let response = app
        .client()
        .get(app.url(&format!("/omgangar/{demo}")))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
}

/// CSV cells as RFC 4180 reads them.
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_is_the_export_byte_for_byte_and_json_says_the_same() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let token = make_token(&app, &admin, "Alla siffror", "ingen").await;
    let demo = app.demo_round().await;

    for kind in TableKind::ALL {
        let key = kind.key();
        for query in ["", "utkast=1&", "kommun=0881&"] {
            for (api, export) in [("excel", "excel"), ("csv", "rfc4180")] {
                let (status, headers, from_api) = get(
                    &app,
                    &token,
                    &format!("/api/v1/rounds/{demo}/{key}?{query}format={api}"),
                )
                .await;
                assert_eq!(status, 200, "{key} {query} {api}");
                assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
                let response = admin
                    .get(app.url(&format!(
                        "/omgangar/{demo}/export/{key}.csv?{query}format={export}"
                    )))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status().as_u16(), 200);
                let from_export = response.bytes().await.unwrap().to_vec();
                assert!(from_export.len() > 10);
                assert!(
                    from_api == from_export,
                    "{key} {query} {api}: the feed and the export differ"
                );
            }
            // JSON: one object per CSV row, keyed by the header, same values.
            let (status, _, body) = get(
                &app,
                &token,
                &format!("/api/v1/rounds/{demo}/{key}?{query}format=json"),
            )
            .await;
            assert_eq!(status, 200);
            let rows = json(&body);
            let rows = rows.as_array().unwrap();
            let (_, _, csv) = get(
                &app,
                &token,
                &format!("/api/v1/rounds/{demo}/{key}?{query}format=csv"),
            )
            .await;
            let table = records(&csv, b',');
            assert_eq!(rows.len(), table.len() - 1, "{key} {query}");
            for (row, record) in rows.iter().zip(&table[1..]) {
                let object = row.as_object().unwrap();
                assert_eq!(object.len(), table[0].len(), "{key}");
                for (name, cell) in table[0].iter().zip(record) {
                    let value = &object[name];
                    match value {
                        Value::Null => assert_eq!(cell, "", "{key} {name}"),
                        Value::String(text) => assert_eq!(text, cell, "{key} {name}"),
                        Value::Number(n) => assert_eq!(
                            n.as_f64().unwrap(),
                            cell.parse::<f64>()
                                .unwrap_or_else(|_| panic!("{key} {name}: {cell}")),
                            "{key} {name}"
                        ),
                        other => panic!("{key} {name}: {other}"),
                    }
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_table_is_304_and_a_saved_answer_changes_its_tag() {
    let app = spawn_app().await;
    let (_, token) = coordinator_token(&app).await;
    let demo = app.demo_round().await;
    for kind in TableKind::ALL {
        let path = format!("/api/v1/rounds/{demo}/{}", kind.key());
        let (status, headers, _) = get(&app, &token, &path).await;
        assert_eq!(status, 200);
        let etag = headers["etag"].to_str().unwrap().to_string();
        let (status, again, body) =
            get_with(&app, Some(&token), &path, &[("if-none-match", &etag)]).await;
        assert_eq!(status, 304, "{path}");
        assert!(body.is_empty());
        assert_eq!(again["etag"], etag.as_str());
        // A tag of another format or scope does not match.
        let (status, _, _) = get_with(
            &app,
            Some(&token),
            &format!("{path}?format=csv"),
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(status, 200, "{path} as CSV");
    }

    let path = format!("/api/v1/rounds/{demo}/svar");
    let (_, headers, _) = get(&app, &token, &path).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    // A unit of Nybro's saves an answer: the tag changes.
    let target = app
        .db
        .round_targets(&demo)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.municipality_code == NYBRO && t.submitted_at.is_none())
        .unwrap();
    app.db
        .save_response(
            &target.id,
            target.revision,
            &serde_json::json!({ "svarande_namn": "Ny Person" }).to_string(),
        )
        .await
        .unwrap();
    let (status, headers, _) =
        get_with(&app, Some(&token), &path, &[("if-none-match", &etag)]).await;
    assert_eq!(status, 200, "a changed table is sent again");
    assert_ne!(headers["etag"].to_str().unwrap(), etag);

    // A date only ever answers for a second that is over.
    if let Some(date) = headers.get("last-modified") {
        let date = date.to_str().unwrap().to_string();
        let (status, _, _) =
            get_with(&app, Some(&token), &path, &[("if-modified-since", &date)]).await;
        assert_eq!(status, 304);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn use_is_audited_once_a_day_and_a_flood_is_throttled() {
    let app = spawn_app().await;
    let (_, token) = coordinator_token(&app).await;
    for _ in 0..3 {
        assert_eq!(get(&app, &token, "/api/v1/rounds").await.0, 200);
    }
    let used = app.audit("api.token_used").await;
    assert_eq!(used.len(), 1, "first use of the day only");
    assert_eq!(used[0].actor, COORDINATOR);
    assert!(
        app.count("SELECT COUNT(*) FROM api_token WHERE last_used_at IS NOT NULL")
            .await
            == 1
    );

    let mut refused = None;
    for n in 0..(nulage::api::REQUESTS_PER_MINUTE + 5) {
        let (status, headers, body) = get(&app, &token, "/api/v1/rounds").await;
        if status == 429 {
            refused = Some((n, headers, body));
            break;
        }
        assert_eq!(status, 200);
    }
    let (n, headers, body) = refused.expect("the flood is stopped");
    assert_eq!(n + 3, nulage::api::REQUESTS_PER_MINUTE);
    assert_eq!(code(&body), "too_many_requests");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(app.audit("api.throttled").await.len(), 1);
    // The limit is the token's: another token works meanwhile.
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let client = app.login("lasare@nybro.example").await;
    let other = make_token(&app, &client, "Excel", "30").await;
    assert_eq!(get(&app, &other, "/api/v1/rounds").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_escape_names_and_only_owners_and_administrators_revoke() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let token = make_token(&app, &coordinator, hostile, "365").await;
    let id = app.db.api_tokens(None).await.unwrap()[0].id.clone();
    for (client, page) in [
        (&coordinator, "/konto/api-nycklar"),
        (&admin, "/admin/api-nycklar"),
    ] {
        let (status, body) = app.page(client, page).await;
        assert_eq!(status, 200, "{page}");
        assert!(!body.contains("<script>alert(1)"), "{page}");
        assert!(!body.contains("<img src=x"), "{page}");
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
    // The administrator's list names the owner.
    let (_, body) = app.page(&admin, "/admin/api-nycklar").await;
    assert!(body.contains(COORDINATOR));
    // Only administrators see everyone's tokens.
    let (status, _) = app.page(&coordinator, "/admin/api-nycklar").await;
    assert_eq!(status, 403);
    let response = app.get("/konto/api-nycklar").await;
    assert!(response.status().is_redirection());
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/logga-in"));

    // Someone else's token looks missing, and stays valid.
    app.user("annan@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let other = app.login("annan@nybro.example").await;
    let (status, body) = app.call(&other, RevokeApiToken::PATH, &[("id", &id)]).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = app
        .call(
            &other,
            RevokeApiToken::PATH,
            &[("id", "'; DROP TABLE api_token; --")],
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(get(&app, &token, "/api/v1/rounds").await.0, 200);
    // An administrator may revoke it.
    let (status, _, body) = post_from(
        &app,
        &admin,
        "/admin/api-nycklar",
        RevokeApiToken::PATH,
        &[("id", &id)],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    assert_eq!(get(&app, &token, "/api/v1/rounds").await.0, 401);

    // Bad names and expiries are refused at their fields, in Swedish.
    for (name, expiry, message) in [
        ("", "90", "Ge nyckeln ett namn"),
        ("Bra namn", "7", "Välj hur länge"),
        (&"x".repeat(200)[..], "90", "högst"),
    ] {
        let (status, _, page) = post_from(
            &app,
            &coordinator,
            "/konto/api-nycklar",
            CreateApiToken::PATH,
            &[("name", name), ("expiry", expiry)],
        )
        .await;
        assert_eq!(status, 422, "{name}");
        assert!(page.contains("<title>Fel: "), "{name}");
        assert!(page.contains(message), "{message}: {page}");
        assert!(!page.contains("id=\"ny-nyckel\""));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_address_in_the_api_guide_answers() {
    let app = spawn_app().await;
    let (_, token) = coordinator_token(&app).await;
    let demo = app.demo_round().await;
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/API.md"))
        .expect("docs/API.md");
    let mut paths: Vec<String> = Vec::new();
    let mut rest = guide.as_str();
    while let Some(at) = rest.find("/api/v1/") {
        let path: String = rest[at..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '`' | '"' | ')' | '<' | '|'))
            .collect();
        rest = &rest[at + path.len()..];
        let path = path
            .replace("{round_id}", &demo)
            .replace("ROUND_ID", &demo)
            .replace("{tabell}", "svar");
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    assert!(paths.len() >= 8, "{paths:?}");
    for kind in TableKind::ALL {
        assert!(
            guide.contains(&format!("`{}`", kind.key())),
            "the guide names {}",
            kind.key()
        );
    }
    for path in &paths {
        let (status, _, body) = get(&app, &token, path).await;
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
    }
    // The description lists every endpoint the router answers.
    let (status, headers, body) = get_with(&app, None, "/api/v1/openapi.json", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    let doc = json(&body);
    let described = doc["paths"].as_object().unwrap();
    assert!(described.contains_key("/api/v1/rounds"));
    for kind in TableKind::ALL {
        assert!(described.contains_key(&format!("/api/v1/rounds/{{round_id}}/{}", kind.key())));
    }
}
