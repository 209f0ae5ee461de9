//! Repeating groups and the project register: a unit lists its projects,
//! adding and removing items with and without JavaScript, and the projects
//! reach the register, the analysis and the exports.

use crate::common::{spawn_app, TestApp};
use app::auth::Role;
use app::rounds::api::{CreateRound, SetRoundStatus};
use app::rounds::respondent_api::{Autosave, AutosaveReply};
use leptos::server_fn::ServerFn;
use serde_json::json;

/// A part with a repeating group of projects (at most three) and a part after it.
const QUESTIONNAIRE: &str = r#"{
  "title": { "sv": "Projektenkät" },
  "sections": [
    { "key": "a", "title": { "sv": "Projekt" }, "questions": [
      { "key": "projekt", "text": { "sv": "Era projekt" }, "type": "group", "max_items": 3,
        "item_label": { "sv": "Projekt" }, "add_label": { "sv": "Lägg till ett projekt" },
        "questions": [
          { "key": "namn", "text": { "sv": "Projektets namn" }, "type": "short_text", "required": true },
          { "key": "status", "text": { "sv": "Status" }, "type": "single_choice", "required": true,
            "options": [ { "key": "pagaende", "label": { "sv": "Pågående" } },
                         { "key": "avslutat", "label": { "sv": "Avslutat" } } ] },
          { "key": "budget", "text": { "sv": "Budget" }, "type": "number", "integer": true, "min": 0 }
        ] }
    ]},
    { "key": "b", "title": { "sv": "Övrigt" }, "questions": [
      { "key": "ovrigt", "text": { "sv": "Övrigt" }, "type": "long_text" }
    ]}
  ]
}"#;

const NYBRO: &str = "0881";

/// A round of `questionnaire` to Nybro, opened; returns its id and the
/// coordinator's client.
async fn open_round(app: &TestApp, questionnaire: &str) -> (String, reqwest::Client) {
    app.load_demo().await;
    app.user("samordnare@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let coordinator = app.login("samordnare@nybro.example").await;
    let (questionnaire, _) = app
        .db
        .create_questionnaire(None, None, questionnaire, None)
        .await
        .unwrap();
    let (status, body) = app
        .call(
            &coordinator,
            CreateRound::PATH,
            &[
                ("name", "Projektrunda"),
                ("questionnaire", &questionnaire),
                ("municipalities[0]", NYBRO),
                ("opens", ""),
                ("closes", "2099-12-31"),
            ],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    let id = app
        .db
        .list_rounds()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Projektrunda")
        .unwrap()
        .id;
    let (status, body) = app
        .call(
            &coordinator,
            SetRoundStatus::PATH,
            &[("id", &id), ("action", "oppna")],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    (id, coordinator)
}

async fn token(app: &TestApp, round: &str, index: usize) -> (String, String) {
    let target = app.db.round_targets(round).await.unwrap()[index].clone();
    (target.token.unwrap(), target.id)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
    let response = app
        .client()
        .post(app.url(path))
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
        crate::common::without_markers(response.text().await.unwrap()),
    )
}

async fn stored(app: &TestApp, target: &str) -> (serde_json::Value, i64) {
    match app.db.response(target).await.unwrap() {
        Some(r) => (serde_json::from_str(&r.answers).unwrap(), r.revision),
        None => (json!({}), 0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_are_added_and_removed_without_javascript_and_the_draft_keeps_them() {
    let app = spawn_app().await;
    let (round, _) = open_round(&app, QUESTIONNAIRE).await;
    let (token, target) = token(&app, &round, 0).await;
    let part = format!("/s/{token}/del/1");

    let (status, page) = app.get_text(&part).await;
    assert_eq!(status, 200);
    assert!(page.contains("Lägg till ett projekt") && page.contains("value=\"lagg_till:projekt\""));
    assert!(
        !page.contains("<legend class=\"group-item__legend\">"),
        "no items yet"
    );

    // "Lägg till ett projekt": the draft is saved with an empty item, and
    // the same part comes back at the new item.
    let (status, location, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "0"),
            ("_gor", "lagg_till:projekt"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{part}#f-projekt-1").as_str())
    );
    assert_eq!(stored(&app, &target).await, (json!({ "projekt": [{}] }), 1));
    let (_, page) = app.get_text(&part).await;
    assert!(page.contains("id=\"f-projekt-1\"") && page.contains("Projekt 1"));
    assert!(page.contains("name=\"projekt[1].namn\"") && page.contains("id=\"f-projekt-1-namn\""));
    assert!(page.contains("value=\"ta_bort:projekt:1\"") && page.contains("Ta bort projekt 1"));

    // The first filled in, a second and a third added.
    let (status, location, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "1"),
            ("_gor", "lagg_till:projekt"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "JB Marks"),
            ("projekt[1].status", "pagaende"),
            ("projekt[1].budget", "450 000"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{part}#f-projekt-2").as_str())
    );
    let (status, _, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "2"),
            ("_gor", "lagg_till:projekt"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "JB Marks"),
            ("projekt[1].status", "pagaende"),
            ("projekt[1].budget", "450 000"),
            ("projekt[2]", ""),
            ("projekt[2].namn", "Vushtrri"),
            ("projekt[2].status", "avslutat"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        stored(&app, &target).await,
        (
            json!({ "projekt": [
                { "namn": "JB Marks", "status": "pagaende", "budget": 450000.0 },
                { "namn": "Vushtrri", "status": "avslutat" },
                {}
            ] }),
            3
        )
    );
    // Full: the add button is gone.
    let (_, page) = app.get_text(&part).await;
    assert!(page.contains("Projekt 3") && page.contains("Du kan lägga till högst 3."));
    assert!(page.contains("value=\"lagg_till:projekt\"") && page.contains("hidden"));
    let (status, location, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "3"),
            ("_gor", "lagg_till:projekt"),
            ("projekt[1]", ""),
            ("projekt[2]", ""),
            ("projekt[3]", ""),
            ("projekt[3].namn", "Tredje"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{part}#f-projekt").as_str())
    );
    let (answers, _) = stored(&app, &target).await;
    assert_eq!(
        answers["projekt"].as_array().unwrap().len(),
        3,
        "not a fourth"
    );
    assert_eq!(
        answers["projekt"][0],
        json!({}),
        "what was posted is what counts"
    );

    // Removing the first: the others move up, nothing typed is lost.
    let (status, location, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "4"),
            ("_gor", "ta_bort:projekt:1"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "JB Marks"),
            ("projekt[2]", ""),
            ("projekt[2].namn", "Vushtrri"),
            ("projekt[2].status", "avslutat"),
            ("projekt[3]", ""),
            ("projekt[3].namn", "Tredje"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{part}#f-projekt").as_str())
    );
    assert_eq!(
        stored(&app, &target).await,
        (
            json!({ "projekt": [
                { "namn": "Vushtrri", "status": "avslutat" },
                { "namn": "Tredje" }
            ] }),
            5
        )
    );

    // A bad value in item 2 while adding: the page comes back with the error
    // naming the item, what was typed, and the new item.
    let (status, _, page) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "5"),
            ("_gor", "lagg_till:projekt"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "Vushtrri"),
            ("projekt[1].status", "avslutat"),
            ("projekt[2]", ""),
            ("projekt[2].namn", "Tredje"),
            ("projekt[2].budget", "tolv"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("error-summary") && page.contains("href=\"#f-projekt-2-budget\""));
    assert!(
        page.contains("Projekt 2, ”Budget”: Skriv ett tal"),
        "{}",
        &page[page.find("error-summary").unwrap()..][..600]
    );
    assert!(
        page.contains("value=\"tolv\""),
        "what was typed is shown back"
    );
    assert!(
        page.contains("name=\"projekt[3].namn\""),
        "the new item is there"
    );
    let (answers, _) = stored(&app, &target).await;
    assert_eq!(
        answers,
        json!({ "projekt": [
            { "namn": "Vushtrri", "status": "avslutat" },
            { "namn": "Tredje" },
            {}
        ] })
    );

    // Removing every item: no answer at all.
    let (status, _, _) = post(
        &app,
        &part,
        &[
            ("_avsnitt", "a"),
            ("_revision", "6"),
            ("_gor", "ta_bort:projekt:1"),
            ("projekt[1]", ""),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(stored(&app, &target).await, (json!({}), 7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autosave_closes_gaps_and_submitting_needs_every_item_complete() {
    let app = spawn_app().await;
    let (round, _) = open_round(&app, QUESTIONNAIRE).await;
    let (token, target) = token(&app, &round, 1).await;
    // With JavaScript an item removed in the page leaves a gap (2 is gone).
    let fields = json!([
        ["_avsnitt", "a"],
        ["projekt[1]", ""],
        ["projekt[1].namn", "Interreg Baltic"],
        ["projekt[1].status", "pagaende"],
        ["projekt[3]", ""],
        ["projekt[3].namn", "Vushtrri"],
        ["projekt[4]", ""]
    ])
    .to_string();
    let (status, body) = app
        .call(
            &app.client(),
            Autosave::PATH,
            &[
                ("token", &token),
                ("section", "a"),
                ("revision", "0"),
                ("fields", &fields),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let reply: AutosaveReply = serde_json::from_str(&body).unwrap();
    assert_eq!((reply.revision, reply.problems), (1, 0));
    assert_eq!(
        stored(&app, &target).await.0,
        json!({ "projekt": [
            { "namn": "Interreg Baltic", "status": "pagaende" },
            { "namn": "Vushtrri" },
            {}
        ] })
    );

    // Submitting: item 2 lacks its status, item 3 is empty; the review lists
    // both with links into the part.
    let (_, location, _) = post(&app, &format!("/s/{token}/skicka"), &[("_revision", "1")]).await;
    assert!(location.ends_with("/granska?fel=1"), "{location}");
    let (_, page) = app.get_text(&format!("/s/{token}/granska?fel=1")).await;
    assert!(
        page.contains("Projekt 2, ”Status”: Svara på frågan."),
        "review lists the item"
    );
    assert!(page.contains(&format!("/s/{token}/del/1#f-projekt-2-status")));
    assert!(page.contains("Projekt 3: Inget är ifyllt."));
    assert!(page.contains(&format!("/s/{token}/del/1#f-projekt-3")));
    // The review shows the items.
    assert!(page.contains("Projekt 1: Interreg Baltic") && page.contains("Pågående"));

    // Fixed and the empty one removed: submitted.
    let (status, location, _) = post(
        &app,
        &format!("/s/{token}/del/1"),
        &[
            ("_avsnitt", "a"),
            ("_revision", "1"),
            ("_gor", "ta_bort:projekt:3"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "Interreg Baltic"),
            ("projekt[1].status", "pagaende"),
            ("projekt[2]", ""),
            ("projekt[2].namn", "Vushtrri"),
            ("projekt[2].status", "avslutat"),
            ("projekt[3]", ""),
        ],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let (_, location, _) = post(&app, &format!("/s/{token}/skicka"), &[("_revision", "2")]).await;
    assert!(location.ends_with("/kvitto"), "{location}");
    let (_, page) = app.get_text(&format!("/s/{token}/kvitto")).await;
    assert!(page.contains("Projekt 2: Vushtrri") && page.contains("Avslutat"));
}
