//! A round based on an earlier one: units start from their last submitted
//! answers, confirm a part ("Stämmer fortfarande") or change it, and the
//! analysis tells confirmed, changed and fresh answers apart.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::analysis::api::{GetMunicipalityAnalysis, MunicipalityAnalysis};
use app::auth::Role;
use app::rounds::api::{CreateRound, SetRoundStatus};
use leptos::server_fn::ServerFn;

/// Two parts: a name, a number and a choice; then free text.
const FIRST: &str = r#"{
  "title": { "sv": "Uppföljning" },
  "sections": [
    { "key": "a", "title": { "sv": "Första delen" }, "questions": [
      { "key": "namn", "text": { "sv": "Vem svarar?" }, "type": "short_text", "required": true },
      { "key": "antal", "text": { "sv": "Hur många projekt?" }, "type": "number", "integer": true, "min": 0 },
      { "key": "former", "text": { "sv": "Hur arbetar ni?" }, "type": "multiple_choice",
        "options": [ { "key": "eu", "label": { "sv": "EU-projekt" } },
                     { "key": "vanort", "label": { "sv": "Vänort" } } ] }
    ]},
    { "key": "b", "title": { "sv": "Andra delen" }, "questions": [
      { "key": "ovrigt", "text": { "sv": "Övrigt" }, "type": "long_text" }
    ]}
  ]
}"#;

/// The next version: "antal" is gone and "vänort" is no longer an option.
const SECOND: &str = r#"{
  "title": { "sv": "Uppföljning" },
  "sections": [
    { "key": "a", "title": { "sv": "Första delen" }, "questions": [
      { "key": "namn", "text": { "sv": "Vem svarar?" }, "type": "short_text", "required": true },
      { "key": "former", "text": { "sv": "Hur arbetar ni?" }, "type": "multiple_choice",
        "options": [ { "key": "eu", "label": { "sv": "EU-projekt" } },
                     { "key": "natverk", "label": { "sv": "Nätverk" } } ] }
    ]},
    { "key": "b", "title": { "sv": "Andra delen" }, "questions": [
      { "key": "ovrigt", "text": { "sv": "Övrigt" }, "type": "long_text" }
    ]}
  ]
}"#;

/// The tokens of a round's targets, by unit name.
async fn tokens(app: &TestApp, round: &str) -> Vec<(String, String, String)> {
    app.db
        .round_targets(round)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.unit_name, t.token.unwrap(), t.id))
        .collect()
}

/// Answers both parts without JavaScript and submits.
async fn answer(
    app: &TestApp,
    target: &(String, String, String),
    name: &str,
    former: &[&str],
    other: &str,
) {
    let token = &target.1;
    let mut part1 = vec![
        ("_avsnitt", "a"),
        ("_revision", "0"),
        ("_gor", "nasta"),
        ("namn", name),
        ("antal", "3"),
    ];
    for f in former {
        part1.push(("former", f));
    }
    let (status, _, page) = app.post_form(&format!("/s/{token}/del/1"), &part1).await;
    assert_eq!(status, 303, "{page}");
    let (status, _, _) = app
        .post_form(
            &format!("/s/{token}/del/2"),
            &[
                ("_avsnitt", "b"),
                ("_revision", "1"),
                ("_gor", "nasta"),
                ("ovrigt", other),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let revision = app.db.response(&target.2).await.unwrap().unwrap().revision;
    let (status, location, _) = app
        .post_form(
            &format!("/s/{token}/skicka"),
            &[("_revision", &revision.to_string())],
        )
        .await;
    assert_eq!((status, location), (303, format!("/s/{token}/kvitto")));
}

async fn create_round(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    questionnaire: &str,
    based_on: &str,
) -> (u16, String) {
    app.call(
        client,
        CreateRound::PATH,
        &[
            ("name", name),
            ("questionnaire", questionnaire),
            ("municipalities[0]", NYBRO),
            ("opens", ""),
            ("closes", "2099-12-31"),
            ("based_on", based_on),
        ],
    )
    .await
}

async fn round_named(app: &TestApp, name: &str) -> app::db::rounds::RoundRow {
    app.db
        .list_rounds()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_starts_from_last_rounds_answers_and_tells_what_changed() {
    let app = spawn_app().await;
    let (first, coordinator) = app.open_round("Uppföljning 2025", FIRST).await;
    let targets = tokens(&app, &first).await;
    assert!(targets.len() >= 3, "Nybro has units");
    let (a, b) = (&targets[0], &targets[1]);
    answer(&app, a, "Anna", &["eu", "vanort"], "Vi har en vänort.").await;
    answer(&app, b, "Bertil", &["eu"], "").await;
    let (status, _) = app
        .call(
            &coordinator,
            SetRoundStatus::PATH,
            &[("id", &first), ("action", "stang")],
        )
        .await;
    assert!(status < 400);

    // A later version of the same questionnaire.
    let first_row = round_named(&app, "Uppföljning 2025").await;
    let editor = app.user("redaktor@nybro.example", Role::Admin, &[]).await;
    let version = app
        .db
        .latest_version(&first_row.questionnaire_id)
        .await
        .unwrap()
        .unwrap();
    app.db
        .save_definition(&version, SECOND, &editor)
        .await
        .unwrap();

    // Another questionnaire cannot be the base, nor a made-up round.
    let (other, _) = app
        .db
        .create_questionnaire(
            None,
            None,
            SECOND.replace("Uppföljning", "Annan").as_str(),
            None,
        )
        .await
        .unwrap();
    let (status, body) = create_round(&app, &coordinator, "Fel bas", &other, &first).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("använder en annan enkät"), "{body}");
    let (status, body) = create_round(
        &app,
        &coordinator,
        "Fel bas",
        &first_row.questionnaire_id,
        "inte-ett-id",
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("Välj en tidigare kartläggning i listan"),
        "{body}"
    );
    // Another municipality's coordinator cannot base a round on Nybro's.
    app.user("samordnare@tranas.example", Role::Coordinator, &["0687"])
        .await;
    let tranas = app.login("samordnare@tranas.example").await;
    let (status, body) = app
        .call(
            &tranas,
            CreateRound::PATH,
            &[
                ("name", "Fel bas"),
                ("questionnaire", &first_row.questionnaire_id),
                ("municipalities[0]", "0687"),
                ("opens", ""),
                ("closes", "2099-12-31"),
                ("based_on", &first),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("Välj en tidigare kartläggning i listan"),
        "{body}"
    );
    assert!(app
        .db
        .list_rounds()
        .await
        .unwrap()
        .iter()
        .all(|r| r.name != "Fel bas"));

    let (status, body) = create_round(
        &app,
        &coordinator,
        "Uppföljning 2026",
        &first_row.questionnaire_id,
        &first,
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let second = round_named(&app, "Uppföljning 2026").await;
    assert_eq!(second.based_on.as_deref(), Some(first.as_str()));
    app.call(
        &coordinator,
        SetRoundStatus::PATH,
        &[("id", &second.id), ("action", "oppna")],
    )
    .await;
    let now = tokens(&app, &second.id).await;
    let find = |name: &str| now.iter().find(|t| t.0 == name).unwrap().clone();
    let (a2, b2, c2) = (find(&a.0), find(&b.0), now[2].clone());
    assert!(app.db.carried(&a2.2).await.unwrap().is_some());
    assert!(
        app.db.carried(&c2.2).await.unwrap().is_none(),
        "C never answered"
    );

    // The start page says where the answers come from and what did not come along.
    let (status, start) = app.get_text(&format!("/s/{}", a2.1)).await;
    assert_eq!(status, 200);
    assert!(
        start.contains("Ifyllt från förra kartläggningen"),
        "{start}"
    );
    assert!(start.contains("Uppföljning 2025"));
    assert!(
        start.contains("Hur många projekt?: frågan finns inte längre."),
        "{start}"
    );
    assert!(
        start.contains("”Vänort” finns inte längre som svarsalternativ"),
        "{start}"
    );

    // The part is prefilled, marked, and offers "Stämmer fortfarande".
    let (_, part) = app.get_text(&format!("/s/{}/del/1", a2.1)).await;
    assert!(part.contains("value=\"Anna\""), "{part}");
    assert!(part.contains("Från förra kartläggningen"));
    assert!(part.contains(">Stämmer fortfarande<"));
    assert!(
        !part.contains("value=\"3\""),
        "the removed question is not asked"
    );

    // A confirms part one as it is, then submits without changing anything.
    let (status, location, _) = app
        .post_form(
            &format!("/s/{}/del/1", a2.1),
            &[
                ("_avsnitt", "a"),
                ("_revision", "0"),
                ("_gor", "stammer"),
                ("namn", "Anna"),
                ("former", "eu"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{}/del/2", a2.1).as_str())
    );
    let confirmed = app.db.confirmed_parts(&a2.2).await.unwrap();
    assert_eq!(
        confirmed
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );
    let (_, part) = app.get_text(&format!("/s/{}/del/1", a2.1)).await;
    assert!(part.contains("Du har bekräftat att svaren i den här delen stämmer"));
    let (status, _, _) = app
        .post_form(&format!("/s/{}/skicka", a2.1), &[("_revision", "1")])
        .await;
    assert_eq!(status, 303);

    // B submits the prefilled answers straight from the review (revision 0)…
    let (status, location, _) = app
        .post_form(&format!("/s/{}/skicka", b2.1), &[("_revision", "0")])
        .await;
    assert_eq!((status, location), (303, format!("/s/{}/kvitto", b2.1)));
    // …and then changes one and submits again.
    let (status, _, _) = app
        .post_form(
            &format!("/s/{}/del/1", b2.1),
            &[
                ("_avsnitt", "a"),
                ("_revision", "1"),
                ("_gor", "nasta"),
                ("namn", "Bertil Berg"),
                ("former", "eu"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    app.post_form(&format!("/s/{}/skicka", b2.1), &[("_revision", "2")])
        .await;

    // C answers from the beginning.
    let (_, part) = app.get_text(&format!("/s/{}/del/1", c2.1)).await;
    assert!(!part.contains("Stämmer fortfarande"));
    let (status, _, _) = app
        .post_form(
            &format!("/s/{}/del/1", c2.1),
            &[
                ("_avsnitt", "a"),
                ("_revision", "0"),
                ("_gor", "nasta"),
                ("namn", "Cecilia"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    app.post_form(&format!("/s/{}/skicka", c2.1), &[("_revision", "1")])
        .await;

    let (status, body) = app
        .call(
            &coordinator,
            GetMunicipalityAnalysis::PATH,
            &[("id", &second.id), ("code", NYBRO), ("drafts", "false")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let analysis: MunicipalityAnalysis = serde_json::from_str(&body).unwrap();
    let continuity = analysis
        .municipality
        .continuity
        .expect("the round is based on another");
    let names =
        |units: &[app::analysis::UnitRef]| units.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&continuity.confirmed), [a.0.as_str()]);
    assert_eq!(names(&continuity.changed), [b.0.as_str()]);
    assert_eq!(names(&continuity.fresh), [c2.0.as_str()]);
    let (_, page) = app
        .page(
            &coordinator,
            &format!("/omgangar/{}/analys/{NYBRO}", second.id),
        )
        .await;
    assert!(page.contains("Förra kartläggningens svar") && page.contains("Bekräftade oförändrat"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_from_nothing_has_no_prefill_and_a_colleagues_save_is_kept() {
    let app = spawn_app().await;
    let (first, coordinator) = app.open_round("Uppföljning 2025", FIRST).await;
    let targets = tokens(&app, &first).await;
    answer(&app, &targets[0], "Anna", &["eu"], "Text").await;
    app.call(
        &coordinator,
        SetRoundStatus::PATH,
        &[("id", &first), ("action", "stang")],
    )
    .await;
    let q = round_named(&app, "Uppföljning 2025").await.questionnaire_id;

    // Without a base nothing is carried.
    let (status, _) = create_round(&app, &coordinator, "Fristående", &q, "").await;
    assert!(status < 400);
    let alone = round_named(&app, "Fristående").await;
    assert_eq!(alone.based_on, None);
    for t in tokens(&app, &alone.id).await {
        assert!(app.db.carried(&t.2).await.unwrap().is_none());
    }

    // Two colleagues open the prefilled form; the first saves part two, the
    // second submits from a form loaded before that save: told, not lost.
    create_round(&app, &coordinator, "Uppföljning 2026", &q, &first).await;
    let second = round_named(&app, "Uppföljning 2026").await;
    app.call(
        &coordinator,
        SetRoundStatus::PATH,
        &[("id", &second.id), ("action", "oppna")],
    )
    .await;
    let token = tokens(&app, &second.id)
        .await
        .into_iter()
        .find(|t| t.0 == targets[0].0)
        .unwrap();
    let (status, _, _) = app
        .post_form(
            &format!("/s/{}/del/2", token.1),
            &[
                ("_avsnitt", "b"),
                ("_revision", "0"),
                ("_gor", "nasta"),
                ("ovrigt", "Ny text"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let stored = app.db.response(&token.2).await.unwrap().unwrap();
    let answers: serde_json::Value = serde_json::from_str(&stored.answers).unwrap();
    assert_eq!(
        answers["namn"], "Anna",
        "the carried answers of other parts are kept"
    );
    assert_eq!(answers["ovrigt"], "Ny text");
    let (status, location, _) = app
        .post_form(&format!("/s/{}/skicka", token.1), &[("_revision", "0")])
        .await;
    assert_eq!(
        (status, location),
        (303, format!("/s/{}/granska?andrad=1", token.1))
    );
    assert!(app
        .db
        .response(&token.2)
        .await
        .unwrap()
        .unwrap()
        .submitted_at
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_reported_between_rounds_come_prefilled() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let demo = app.demo_round().await;
    let questionnaire = app.db.round(&demo).await.unwrap().unwrap().questionnaire_id;
    let targets = app.db.round_targets(&demo).await.unwrap();
    let nybro = app.db.municipality_id(NYBRO).await.unwrap().unwrap();
    let of_nybro: Vec<_> = targets
        .iter()
        .filter(|t| t.municipality_id == nybro)
        .collect();
    let answered = of_nybro.iter().find(|t| t.submitted_at.is_some()).unwrap();
    let silent = of_nybro
        .iter()
        .find(|t| t.revision == 0 && t.submitted_at.is_none())
        .unwrap();
    for unit in [&answered.unit_id, &silent.unit_id] {
        app.db
            .add_reported_project(
                unit,
                None,
                r#"{"namn":"Nytt nätverk för unga","status":"pagaende"}"#,
                "Anna",
            )
            .await
            .unwrap()
            .unwrap();
    }
    let (status, body) =
        create_round(&app, &admin, "Uppföljning 2027", &questionnaire, &demo).await;
    assert!(status < 400, "{status} {body}");
    let round = round_named(&app, "Uppföljning 2027").await;
    let now = app.db.round_targets(&round.id).await.unwrap();
    let target_of = |unit: &str| now.iter().find(|t| t.unit_id == unit).unwrap().id.clone();

    let carried = app
        .db
        .carried(&target_of(&answered.unit_id))
        .await
        .unwrap()
        .unwrap();
    let answers: serde_json::Value = serde_json::from_str(&carried.answers).unwrap();
    let names: Vec<&str> = answers["projekt"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["namn"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"Nytt nätverk för unga"), "{names:?}");
    assert!(!carried.from_round.is_empty());

    // A unit that did not answer starts with its reported project only.
    let carried = app
        .db
        .carried(&target_of(&silent.unit_id))
        .await
        .unwrap()
        .unwrap();
    assert!(
        carried.answers.contains("Nytt nätverk för unga"),
        "{}",
        carried.answers
    );
    assert!(carried.from_round.is_empty());
}
