//! Projects reported between rounds: the coordinator makes a unit's standing
//! link, the contact reports a project with plain form posts (no account,
//! no JavaScript), and the project shows in the newest round's register and
//! export, and in the municipality's list of what arrived.

use crate::common::{TestApp, NYBRO};
use app::auth::Role;
use app::project_reports::api::{CreateReportLink, GetUnitReportLink, RevokeReportLink};
use leptos::server_fn::ServerFn;

/// A project group with a name, a status, a budget and an end year.
const QUESTIONNAIRE: &str = r#"{
  "title": { "sv": "Projektenkät" },
  "sections": [
    { "key": "a", "title": { "sv": "Projekt" }, "questions": [
      { "key": "projekt", "text": { "sv": "Era projekt" }, "type": "group", "max_items": 3,
        "item_label": { "sv": "Projekt" },
        "questions": [
          { "key": "namn", "text": { "sv": "Projektets namn" }, "type": "short_text", "required": true },
          { "key": "status", "text": { "sv": "Status" }, "type": "single_choice", "required": true,
            "options": [ { "key": "pagaende", "label": { "sv": "Pågående" } },
                         { "key": "avslutat", "label": { "sv": "Avslutat" } } ] },
          { "key": "budget", "text": { "sv": "Budget" }, "type": "number", "integer": true, "min": 0 },
          { "key": "slutar", "text": { "sv": "Slutår" }, "type": "number", "integer": true,
            "min": 1990, "max": 2100 }
        ] }
    ]}
  ]
}"#;

const VAXJO: &str = "0780";

/// A round to Nybro with the questionnaire above, and Nybro's coordinator;
/// returns (round, coordinator, the first target's unit id and name).
async fn setup(app: &TestApp) -> (String, reqwest::Client, String, String) {
    let (round, coordinator) = app.open_round("Projektrunda", QUESTIONNAIRE).await;
    let target = app.db.round_targets(&round).await.unwrap()[0].clone();
    (round, coordinator, target.unit_id, target.unit_name)
}

/// The secret of the report link shown on the unit's page, if any.
async fn shown_token(app: &TestApp, client: &reqwest::Client, unit: &str) -> Option<String> {
    let (status, page) = app.page(client, &format!("/enheter/{unit}")).await;
    assert_eq!(status, 200);
    let start = page.find("/projekt/rapportera/")? + "/projekt/rapportera/".len();
    let token: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(token)
}

async fn create_link(app: &TestApp, client: &reqwest::Client, unit: &str) -> String {
    let (status, body) = app
        .call(client, CreateReportLink::PATH, &[("unit_id", unit)])
        .await;
    assert!(status < 400, "{status} {body}");
    shown_token(app, client, unit)
        .await
        .expect("the link is shown")
}

async fn reported(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM reported_project").await
}

fn today() -> String {
    app::time::format_date_stockholm(app::db::now())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_reports_a_project_without_javascript_and_the_register_shows_it() {
    let app = crate::common::spawn_app().await;
    let (round, coordinator, unit, unit_name) = setup(&app).await;
    let (_, page) = app.page(&coordinator, &format!("/enheter/{unit}")).await;
    assert!(page.contains("Skapa länken"), "no link yet");
    let token = create_link(&app, &coordinator, &unit).await;
    let path = format!("/projekt/rapportera/{token}");
    let (_, page) = app.page(&coordinator, &format!("/enheter/{unit}")).await;
    assert!(
        page.contains("href=\"mailto:"),
        "the link can be mailed to the contacts"
    );
    // The database holds the link's hash and sealed secret, never the secret.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM unit_report_link WHERE token_hash IS NOT NULL \
             AND token_sealed NOT LIKE '%{token}%'"
        ))
        .await,
        1
    );

    // The page names the unit and asks the project group's questions.
    let (status, page) = app.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains(&unit_name));
    assert!(page.contains("Rapportera ett internationellt projekt"));
    assert!(page.contains("Projektets namn") && page.contains("Pågående"));
    assert!(page.contains("Inga projekt har rapporterats via länken ännu."));

    // Wrong answers: Swedish errors with a summary, what was typed kept,
    // nothing stored.
    let (status, _, page) = app
        .post_form(
            &path,
            &[
                ("namn", ""),
                ("status", "kanske"),
                ("budget", "mycket"),
                ("_rapportor", "Anna Svensson"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Det finns ett problem"), "{page}");
    assert!(page.contains("Svara på frågan."));
    assert!(page.contains("Välj ett av alternativen."));
    assert!(page.contains("Skriv ett tal"));
    assert!(page.contains("value=\"mycket\""));
    assert!(page.contains("value=\"Anna Svensson\""));
    assert!(page.contains("href=\"#f-namn\""));
    assert!(page.contains("<title>Fel: "));
    assert_eq!(reported(&app).await, 0);

    // A good report goes to the receipt.
    let (status, location, _) = app
        .post_form(
            &path,
            &[
                ("namn", "  Vatten för <alla> "),
                ("status", "pagaende"),
                ("budget", "450 000"),
                ("_rapportor", "Anna Svensson"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with(&format!("{path}/kvitto/")),
        "{location}"
    );
    assert_eq!(reported(&app).await, 1);
    let (status, receipt) = app.get_text(&location).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Tack, projektet är rapporterat"));
    assert!(receipt.contains("Vatten för &lt;alla&gt;"), "escaped");
    assert!(!receipt.contains("Vatten för <alla>"));
    let stored = app.db.projects_reported_since(&unit, 0).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].reported_by, "Anna Svensson");
    assert_eq!(
        stored[0].answers.get("budget"),
        Some(&app::questionnaire::model::Answer::Number(450000.0))
    );
    let project = stored[0].id.clone();

    // The register of the round shows it, marked, with its date; so does
    // the export and the municipality's list.
    let (status, register) = app
        .page(&coordinator, &format!("/omgangar/{round}/projekt/{NYBRO}"))
        .await;
    assert_eq!(status, 200);
    assert!(register.contains("Vatten för &lt;alla&gt;"));
    assert!(
        register.contains(&format!("Rapporterat mellan kartläggningar {}", today())),
        "{register}"
    );
    let csv = coordinator
        .get(app.url(&format!(
            "/omgangar/{round}/export/projekt.csv?format=rfc4180"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",rapporterat_mellan_kartlaggningar"));
    let row = csv
        .lines()
        .find(|l| l.contains("Vatten för <alla>"))
        .expect("the project's row");
    assert!(row.ends_with(&today()), "{row}");
    let (status, list) = app
        .page(
            &coordinator,
            &format!("/kommuner/{NYBRO}/rapporterade-projekt"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(list.contains("Vatten för &lt;alla&gt;") && list.contains(&unit_name));
    assert!(list.contains("Anna Svensson") && list.contains("Projektrunda"));
    let (_, municipality) = app.page(&coordinator, &format!("/kommuner/{NYBRO}")).await;
    assert!(municipality.contains(&format!("/kommuner/{NYBRO}/rapporterade-projekt")));

    // The page lists it, and it can be reported finished with its end year;
    // a wrong year is refused in Swedish and changes nothing.
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("Rapportera som avslutat"));
    let finish = format!("{path}/avsluta");
    let (status, _, page) = app
        .post_form(&finish, &[("_projekt", &project), ("slutar", "snart")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Det finns ett problem") && page.contains("Skriv ett tal"));
    assert!(page.contains("value=\"snart\""));
    let (status, location, _) = app
        .post_form(&finish, &[("_projekt", &project), ("slutar", "2026")])
        .await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?avslutat=1"), "{location}");
    let (_, receipt) = app.get_text(&location).await;
    assert!(receipt.contains("Tack, projektet är rapporterat som avslutat"));
    let stored = app.db.projects_reported_since(&unit, 0).await.unwrap();
    assert_eq!(
        stored[0].answers.get("status"),
        Some(&app::questionnaire::model::Answer::Text("avslutat".into()))
    );
    let (_, register) = app
        .page(&coordinator, &format!("/omgangar/{round}/projekt/{NYBRO}"))
        .await;
    assert!(register.contains("–2026"), "the end year stands");
    // Another unit's project, or none, is not finished through this link.
    let (status, location, _) = app
        .post_form(
            &finish,
            &[("_projekt", "inte-ett-projekt"), ("slutar", "2026")],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}#rapporterade").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_link_stops_working_and_a_new_one_works() {
    let app = crate::common::spawn_app().await;
    let (_, coordinator, unit, _) = setup(&app).await;
    let first = create_link(&app, &coordinator, &unit).await;
    let (status, body) = app
        .call(&coordinator, RevokeReportLink::PATH, &[("unit_id", &unit)])
        .await;
    assert!(status < 400, "{status} {body}");
    assert_eq!(shown_token(&app, &coordinator, &unit).await, None);
    let (status, page) = app.get_text(&format!("/projekt/rapportera/{first}")).await;
    assert_eq!(status, 404);
    assert!(page.contains("Länken fungerar inte"));
    let (status, _, page) = app
        .post_form(
            &format!("/projekt/rapportera/{first}"),
            &[("namn", "Sent"), ("status", "pagaende")],
        )
        .await;
    assert_eq!(status, 404);
    assert!(page.contains("Länken fungerar inte"));
    assert_eq!(reported(&app).await, 0);

    // A new link works; the old one stays dead.
    let second = create_link(&app, &coordinator, &unit).await;
    assert_ne!(first, second);
    let (status, _) = app.get_text(&format!("/projekt/rapportera/{second}")).await;
    assert_eq!(status, 200);
    let (status, _) = app.get_text(&format!("/projekt/rapportera/{first}")).await;
    assert_eq!(status, 404);
    // Making a new link replaces the one there is.
    let third = create_link(&app, &coordinator, &unit).await;
    assert_ne!(second, third);
    let (status, _) = app.get_text(&format!("/projekt/rapportera/{second}")).await;
    assert_eq!(status, 404);
    assert!(!app.audit("report_link.created").await.is_empty());
    assert!(!app.audit("report_link.revoked").await.is_empty());

    // Malformed and unknown links get the same page as answer links do.
    for bad in [
        "kort".to_string(),
        "x".repeat(300),
        "Qk3x9_b-F2mZtY7uVw8PaAQk3x9_b-F2mZtY7uVw8Pa".to_string(),
    ] {
        let (status, page) = app.get_text(&format!("/projekt/rapportera/{bad}")).await;
        assert_eq!(status, 404, "{bad}");
        assert!(page.contains("Länken fungerar inte"), "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_municipalitys_coordinator_gets_404_and_a_reader_may_not_change_the_link() {
    let app = crate::common::spawn_app().await;
    let (_, coordinator, unit, _) = setup(&app).await;
    let token = create_link(&app, &coordinator, &unit).await;
    app.user("samordnare@vaxjo.example", Role::Coordinator, &[VAXJO])
        .await;
    let other = app.login("samordnare@vaxjo.example").await;
    let (status, page) = app.page(&other, &format!("/enheter/{unit}")).await;
    assert_eq!(status, 404);
    assert!(!page.contains(&token));
    for function in [
        GetUnitReportLink::PATH,
        CreateReportLink::PATH,
        RevokeReportLink::PATH,
    ] {
        let (status, body) = app.call(&other, function, &[("unit_id", &unit)]).await;
        assert_eq!(status, 404, "{function}");
        assert!(!body.contains(&token));
    }
    let (status, _) = app
        .page(&other, &format!("/kommuner/{NYBRO}/rapporterade-projekt"))
        .await;
    assert_eq!(status, 404);
    // The link still works: nothing was revoked or replaced.
    let (status, _) = app.get_text(&format!("/projekt/rapportera/{token}")).await;
    assert_eq!(status, 200);
    assert!(app
        .audit("access.denied")
        .await
        .iter()
        .any(|e| e.target.contains(&unit)));

    // A reader of Nybro sees the list but neither the link nor its buttons.
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let reader = app.login("lasare@nybro.example").await;
    let (status, page) = app.page(&reader, &format!("/enheter/{unit}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains(&token) && !page.contains("Återkalla länken"));
    let (status, _) = app
        .call(&reader, RevokeReportLink::PATH, &[("unit_id", &unit)])
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .page(&reader, &format!("/kommuner/{NYBRO}/rapporterade-projekt"))
        .await;
    assert_eq!(status, 200);
    // Nobody logged in is sent to log in.
    let (status, _) = app
        .get_text(&format!("/kommuner/{NYBRO}/rapporterade-projekt"))
        .await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_reported_since_returns_what_came_after_and_the_count_is_limited() {
    let app = crate::common::spawn_app().await;
    let (_, coordinator, unit, _) = setup(&app).await;
    let old = app
        .db
        .add_reported_project(
            &unit,
            None,
            r#"{"namn": "Gammalt", "status": "pagaende"}"#,
            "",
        )
        .await
        .unwrap()
        .unwrap();
    let new = app
        .db
        .add_reported_project(
            &unit,
            None,
            r#"{"namn": "Nytt", "status": "pagaende"}"#,
            "Bo",
        )
        .await
        .unwrap()
        .unwrap();
    app.execute(&format!(
        "UPDATE reported_project SET reported_at = 1000, updated_at = 1000 WHERE id = '{old}'"
    ))
    .await;
    app.execute(&format!(
        "UPDATE reported_project SET reported_at = 3000, updated_at = 3000 WHERE id = '{new}'"
    ))
    .await;
    let since = app.db.projects_reported_since(&unit, 2000).await.unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].id, new);
    assert_eq!(since[0].reported_at, 3000);
    assert_eq!(
        since[0].answers.get("namn"),
        Some(&app::questionnaire::model::Answer::Text("Nytt".into()))
    );
    assert_eq!(since[0].reported_by, "Bo");
    // A project reported before, but finished since, comes along too.
    assert!(app
        .db
        .update_reported_project(&unit, &old, r#"{"namn": "Gammalt", "status": "avslutat"}"#)
        .await
        .unwrap());
    let since = app.db.projects_reported_since(&unit, 2000).await.unwrap();
    assert_eq!(since.len(), 2);
    assert_eq!(since[0].id, old, "oldest first");
    assert!(app
        .db
        .projects_reported_since(&unit, i64::MAX)
        .await
        .unwrap()
        .is_empty());
    assert!(app
        .db
        .projects_reported_since("ingen", 0)
        .await
        .unwrap()
        .is_empty());

    // At most 200 projects per unit: the 201st is refused in Swedish.
    for n in 2..app::db::project_reports::MAX_REPORTED_PER_UNIT {
        app.db
            .add_reported_project(&unit, None, &format!(r#"{{"namn": "P{n}"}}"#), "")
            .await
            .unwrap()
            .unwrap();
    }
    let token = create_link(&app, &coordinator, &unit).await;
    let (status, _, page) = app
        .post_form(
            &format!("/projekt/rapportera/{token}"),
            &[("namn", "Ett för mycket"), ("status", "pagaende")],
        )
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("det högsta antalet") || page.contains("så många projekt"));
    assert_eq!(
        reported(&app).await,
        app::db::project_reports::MAX_REPORTED_PER_UNIT
    );
}
