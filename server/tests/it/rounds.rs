//! Survey rounds and the respondent's journey: every state and every bad input.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::auth::Role;
use app::rounds::api::{
    ChangeTarget, CreateRound, GetRound, RoundDetail, SaveRound, SetRoundStatus,
};
use app::rounds::respondent_api::{Autosave, AutosaveReply};
use app::rounds::UnitState;
use leptos::server_fn::ServerFn;

/// A small questionnaire: a required name, a number, a choice that shows a
/// follow-up, and an optional second part.
const QUESTIONNAIRE: &str = r#"{
  "title": { "sv": "Testenkät", "en": "Test questionnaire" },
  "sections": [
    { "key": "a", "title": { "sv": "Första delen" }, "questions": [
      { "key": "namn", "text": { "sv": "Vem svarar?" }, "type": "short_text", "required": true },
      { "key": "antal", "text": { "sv": "Hur många projekt?" }, "type": "number", "integer": true, "min": 0 },
      { "key": "niva", "text": { "sv": "Arbetar ni internationellt?" }, "type": "single_choice", "required": true,
        "options": [ { "key": "ja", "label": { "sv": "Ja" } }, { "key": "nej", "label": { "sv": "Nej" } } ] },
      { "key": "varfor", "text": { "sv": "Varför inte?" }, "type": "long_text",
        "condition": { "question": "niva", "any_of": ["nej"] } }
    ]},
    { "key": "b", "title": { "sv": "Andra delen" }, "questions": [
      { "key": "ovrigt", "text": { "sv": "Övrigt" }, "type": "long_text" }
    ]}
  ]
}"#;

struct Round {
    id: String,
    coordinator: reqwest::Client,
}

/// The demo registry, a coordinator for Nybro and a round of the test
/// questionnaire to Nybro's units, opened.
async fn open_round(app: &TestApp) -> Round {
    let (id, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    Round { id, coordinator }
}

async fn detail(app: &TestApp, client: &reqwest::Client, id: &str) -> (u16, Option<RoundDetail>) {
    let (status, body) = app.call(client, GetRound::PATH, &[("id", id)]).await;
    (status, serde_json::from_str(&body).ok())
}

/// The token of the round's first target (by unit name).
async fn first_token(app: &TestApp, round: &str) -> String {
    app.db.round_targets(round).await.unwrap()[0]
        .token
        .clone()
        .unwrap()
}

/// The stored working answers and revision of the round's first target.
async fn stored(app: &TestApp, round: &str) -> (serde_json::Value, i64) {
    let target = &app.db.round_targets(round).await.unwrap()[0];
    match app.db.response(&target.id).await.unwrap() {
        Some(r) => (serde_json::from_str(&r.answers).unwrap(), r.revision),
        None => (serde_json::json!({}), 0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_creates_and_follows_a_round() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let (status, r) = detail(&app, &round.coordinator, &round.id).await;
    assert_eq!(status, 200);
    let r = r.unwrap();
    assert_eq!(r.municipalities.len(), 1);
    let targets = &r.municipalities[0].targets;
    assert_eq!(targets.len(), 11, "all of Nybro's units");
    assert!(targets.iter().all(|t| t.state == UnitState::NotOpened));
    // Links are unguessable: 256 random bits, all different.
    let links: std::collections::HashSet<_> =
        targets.iter().map(|t| t.link.clone().unwrap()).collect();
    assert_eq!(links.len(), 11);
    assert!(links
        .iter()
        .all(|l| l.rsplit('/').next().unwrap().len() == 43));
    // The questionnaire version is frozen by the round.
    let version = app.db.round(&round.id).await.unwrap().unwrap().version_id;
    assert!(app
        .db
        .questionnaire_version(&version)
        .await
        .unwrap()
        .unwrap()
        .frozen_at
        .is_some());

    // Opening the link shows on the round page.
    let token = first_token(&app, &round.id).await;
    let (status, page) = app.get_text(&format!("/s/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Testenkät")
            && page.contains("Nybro")
            && page.contains("2099-12-31 kl. 23:59")
    );
    // Fetching the link as mailed is no opening (mail scanners do that);
    // going on into the form is.
    let (_, r) = detail(&app, &round.coordinator, &round.id).await;
    assert_eq!(r.unwrap().counts()[UnitState::Opened as usize], 0);
    assert_eq!(app.get_text(&format!("/s/{token}/del/1")).await.0, 200);
    let (_, r) = detail(&app, &round.coordinator, &round.id).await;
    assert_eq!(r.unwrap().counts()[UnitState::Opened as usize], 1);

    // The page groups units by municipality with their state.
    let (status, page) = app
        .page(&round.coordinator, &format!("/omgangar/{}", round.id))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Nybro – 0 av 11") && page.contains("Öppnad") && page.contains("Inte öppnad")
    );
    let (status, page) = app.page(&round.coordinator, "/omgangar").await;
    assert_eq!(status, 200);
    assert!(page.contains("Kartläggning 2027") && page.contains("0 / 11"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_round_settings_are_refused_in_swedish() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let questionnaire = app
        .db
        .round(&round.id)
        .await
        .unwrap()
        .unwrap()
        .questionnaire_id;
    for (form, message) in [
        (
            vec![("municipalities[0]", NYBRO), ("closes", "2099-01-01")],
            "Skriv ett namn",
        ),
        (
            vec![("name", "X"), ("closes", "2099-01-01")],
            "Välj minst en kommun",
        ),
        (
            vec![
                ("name", "X"),
                ("municipalities[0]", "0780"),
                ("closes", "2099-01-01"),
            ],
            "Välj kommuner i listan",
        ),
        (
            vec![
                ("name", "X"),
                ("municipalities[0]", NYBRO),
                ("closes", "2099-02-30"),
            ],
            "riktigt datum",
        ),
        (
            vec![
                ("name", "X"),
                ("municipalities[0]", NYBRO),
                ("closes", "2001-01-01"),
            ],
            "i framtiden",
        ),
        (
            vec![
                ("name", "X"),
                ("municipalities[0]", NYBRO),
                ("closes", "2099-01-01"),
                ("opens", "2099-06-01"),
            ],
            "före sista svarsdag",
        ),
    ] {
        let mut form = form;
        form.push(("questionnaire", &questionnaire));
        for field in ["name", "opens", "closes"] {
            if !form.iter().any(|(k, _)| *k == field) {
                form.push((field, ""));
            }
        }
        let (status, body) = app.call(&round.coordinator, CreateRound::PATH, &form).await;
        assert_eq!(status, 422, "{form:?}: {body}");
        assert!(body.contains(message), "{form:?}: {body}");
    }
    assert_eq!(
        app.db.list_rounds().await.unwrap().len(),
        2,
        "the demo round and the test round"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_decides_who_sees_and_changes_a_round() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    app.user("annan@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let other = app.login("annan@vaxjo.example").await;
    let reader = app.login("lasare@nybro.example").await;
    let target = app.db.round_targets(&round.id).await.unwrap()[0].id.clone();

    let (status, _) = detail(&app, &other, &round.id).await;
    assert_eq!(status, 404, "another municipality's round looks missing");
    let (status, _) = app
        .call(
            &other,
            ChangeTarget::PATH,
            &[("id", &round.id), ("target", &target), ("action", "sparra")],
        )
        .await;
    assert_eq!(status, 404);
    let (status, page) = app.page(&other, "/omgangar").await;
    assert_eq!(status, 200);
    assert!(!page.contains("Kartläggning 2027"));

    // A reader sees the round but no links, and changes nothing.
    let (status, r) = detail(&app, &reader, &round.id).await;
    assert_eq!(status, 200);
    let r = r.unwrap();
    assert!(!r.can_edit);
    assert!(r.municipalities[0].targets.iter().all(|t| t.link.is_none()));
    let (status, _) = app
        .call(
            &reader,
            SetRoundStatus::PATH,
            &[("id", &round.id), ("action", "stang")],
        )
        .await;
    assert_eq!(status, 403);
    // Logged out: no round functions at all.
    let (status, _) = detail(&app, &app.client(), &round.id).await;
    assert_eq!(status, 401);
    // Nothing changed.
    assert!(app.db.round_targets(&round.id).await.unwrap()[0]
        .token
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_respondent_answers_without_javascript() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    let part1 = format!("/s/{token}/del/1");

    let (status, page) = app.get_text(&part1).await;
    assert_eq!(status, 200);
    assert!(page.contains("Del 1 av 2") && page.contains("<legend"));

    // A number with letters: a field error, the rest of the draft kept.
    let (status, _, page) = app
        .post_form(
            &part1,
            &[
                ("_avsnitt", "a"),
                ("_revision", "0"),
                ("_gor", "nasta"),
                ("namn", "Anna"),
                ("antal", "tre"),
                ("niva", "ja"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("error-summary") && page.contains("href=\"#f-antal\""));
    assert!(
        page.contains("value=\"tre\""),
        "what was typed is shown back"
    );
    let (answers, revision) = stored(&app, &round.id).await;
    assert_eq!(answers, serde_json::json!({ "namn": "Anna", "niva": "ja" }));
    assert_eq!(revision, 1);

    // Corrected: on to the next part.
    let (status, location, _) = app
        .post_form(
            &part1,
            &[
                ("_avsnitt", "a"),
                ("_revision", "1"),
                ("_gor", "nasta"),
                ("namn", "Anna"),
                ("antal", "3"),
                ("niva", "ja"),
                ("okand", "x"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{token}/del/2").as_str())
    );
    let (answers, _) = stored(&app, &round.id).await;
    assert_eq!(
        answers,
        serde_json::json!({ "namn": "Anna", "antal": 3.0, "niva": "ja" }),
        "unknown keys ignored"
    );

    // Save and continue later.
    let (status, location, _) = app
        .post_form(
            &format!("/s/{token}/del/2"),
            &[
                ("_avsnitt", "b"),
                ("_revision", "2"),
                ("_gor", "senare"),
                ("ovrigt", "Mer senare."),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{token}?sparat=1").as_str())
    );
    let (_, page) = app.get_text(&format!("/s/{token}?sparat=1")).await;
    assert!(page.contains("Dina svar är sparade") && page.contains("Fortsätt"));

    // Review, then submit; a double click submits once.
    let (status, page) = app.get_text(&format!("/s/{token}/granska")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Granska dina svar")
            && page.contains("Mer senare.")
            && page.contains("Ändra")
    );
    let (status, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "3")])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{token}/kvitto").as_str())
    );
    let (status, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "3")])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{token}/kvitto").as_str())
    );
    let target = app.db.round_targets(&round.id).await.unwrap()[0].clone();
    let response = app.db.response(&target.id).await.unwrap().unwrap();
    assert_eq!(
        (response.revision, response.submitted_revision),
        (3, Some(3))
    );
    let (status, page) = app.get_text(&format!("/s/{token}/kvitto")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Svaren är inskickade")
            && page.contains("Anna")
            && page.contains("Mer senare.")
    );

    // Changed after submitting: a new revision that must be submitted again.
    let (status, _, _) = app
        .post_form(
            &format!("/s/{token}/del/2"),
            &[
                ("_avsnitt", "b"),
                ("_revision", "3"),
                ("_gor", "nasta"),
                ("ovrigt", "Ändrat."),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = app.get_text(&format!("/s/{token}/kvitto")).await;
    assert!(page.contains("ändrats efter att de skickades in"));
    let response = app.db.response(&target.id).await.unwrap().unwrap();
    assert_eq!(
        (response.revision, response.submitted_revision),
        (4, Some(3))
    );
    assert!(
        response.submitted_answers.unwrap().contains("Mer senare."),
        "the submitted copy is kept"
    );
    let (_, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "4")])
        .await;
    assert!(location.ends_with("/kvitto"));
    let (_, r) = detail(&app, &round.coordinator, &round.id).await;
    assert_eq!(r.unwrap().counts()[UnitState::Submitted as usize], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_or_changed_draft_is_not_submitted() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    app.post_form(
        &format!("/s/{token}/del/1"),
        &[
            ("_avsnitt", "a"),
            ("_revision", "0"),
            ("_gor", "nasta"),
            ("niva", "nej"),
        ],
    )
    .await;
    let (status, page) = app.get_text(&format!("/s/{token}/granska")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Svara på de här frågorna") && page.contains("#f-namn"));
    let (_, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;
    assert!(location.ends_with("/granska?fel=1"), "{location}");
    // Someone else saved after this person's review.
    app.post_form(
        &format!("/s/{token}/del/1"),
        &[
            ("_avsnitt", "a"),
            ("_revision", "1"),
            ("_gor", "nasta"),
            ("namn", "Bo"),
            ("niva", "nej"),
        ],
    )
    .await;
    let (_, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;
    assert!(location.ends_with("/granska?andrad=1"), "{location}");
    let (_, page) = app.get_text(&format!("/s/{token}/granska?andrad=1")).await;
    assert!(page.contains("ändrades av någon annan"));
    let target = &app.db.round_targets(&round.id).await.unwrap()[0];
    assert_eq!(
        app.db
            .response(&target.id)
            .await
            .unwrap()
            .unwrap()
            .submitted_at,
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_editing_one_draft_lose_nothing() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    let part1 = format!("/s/{token}/del/1");
    // Both open the empty part (revision 0). The first saves a name and a choice.
    app.post_form(
        &part1,
        &[
            ("_avsnitt", "a"),
            ("_revision", "0"),
            ("_gor", "nasta"),
            ("namn", "Anna"),
            ("niva", "ja"),
        ],
    )
    .await;
    // The second, still on revision 0, saves a number (no clash) and another name (clash).
    let (status, _, page) = app
        .post_form(
            &part1,
            &[
                ("_avsnitt", "a"),
                ("_revision", "0"),
                ("_gor", "nasta"),
                ("namn", "Bertil"),
                ("antal", "2"),
            ],
        )
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("Någon annan har ändrat samma svar"));
    assert!(
        page.contains("den andra sparade: Anna"),
        "the other person's answer is shown"
    );
    assert!(
        page.contains("value=\"Bertil\""),
        "this person's answer stays in the field"
    );
    let (answers, revision) = stored(&app, &round.id).await;
    assert_eq!(
        answers,
        serde_json::json!({ "namn": "Anna", "antal": 2.0, "niva": "ja" }),
        "the clash keeps the first answer, the rest is merged; the second person's untouched choice does not erase the first's"
    );
    // Saving again from the shown page (current revision) decides it.
    let current = revision.to_string();
    let (status, _, _) = app
        .post_form(
            &part1,
            &[
                ("_avsnitt", "a"),
                ("_revision", &current),
                ("_gor", "nasta"),
                ("namn", "Bertil"),
                ("antal", "2"),
                ("niva", "ja"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(stored(&app, &round.id).await.0["namn"], "Bertil");

    // The automatic save reports a clash the same way.
    let fields = serde_json::to_string(&[("namn", "Cecilia"), ("niva", "ja")]).unwrap();
    let (status, body) = app
        .call(
            &app.client(),
            Autosave::PATH,
            &[
                ("token", &token),
                ("section", "a"),
                ("revision", "1"),
                ("fields", &fields),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let reply: AutosaveReply = serde_json::from_str(&body).unwrap();
    assert_eq!(reply.conflicts, vec!["namn".to_string()]);
    assert_eq!(stored(&app, &round.id).await.0["namn"], "Bertil");
    let (_, revision) = stored(&app, &round.id).await;
    let (status, body) = app
        .call(
            &app.client(),
            Autosave::PATH,
            &[
                ("token", &token),
                ("section", "a"),
                ("revision", &revision.to_string()),
                ("fields", &fields),
            ],
        )
        .await;
    let reply: AutosaveReply = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (status, reply.conflicts.len(), reply.revision),
        (200, 0, revision + 1)
    );
    assert_eq!(stored(&app, &round.id).await.0["namn"], "Cecilia");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_round_shows_the_answers_and_refuses_changes() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    app.post_form(
        &format!("/s/{token}/del/1"),
        &[
            ("_avsnitt", "a"),
            ("_revision", "0"),
            ("_gor", "nasta"),
            ("namn", "Anna"),
            ("niva", "ja"),
        ],
    )
    .await;
    app.post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;

    let (status, _) = app
        .call(
            &round.coordinator,
            SetRoundStatus::PATH,
            &[("id", &round.id), ("action", "stang")],
        )
        .await;
    assert!(status < 400);
    let (status, page) = app.get_text(&format!("/s/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Enkäten är stängd") && page.contains("Anna"),
        "closed, answers read-only"
    );
    assert!(!page.contains("<input"), "nothing to fill in");

    let (status, _, page) = app
        .post_form(
            &format!("/s/{token}/del/1"),
            &[("_avsnitt", "a"), ("_revision", "1"), ("namn", "Bo")],
        )
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("Enkäten är stängd"));
    let (status, _, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;
    assert_eq!(status, 409);
    let fields = serde_json::to_string(&[("namn", "Bo")]).unwrap();
    let (status, body) = app
        .call(
            &app.client(),
            Autosave::PATH,
            &[
                ("token", &token),
                ("section", "a"),
                ("revision", "1"),
                ("fields", &fields),
            ],
        )
        .await;
    assert_eq!(status, 409);
    assert!(body.contains("stängde"), "{body}");
    assert_eq!(stored(&app, &round.id).await.0["namn"], "Anna");

    // Reopening needs a last day in the future; extending it reopens.
    let (status, body) = app
        .call(
            &round.coordinator,
            SetRoundStatus::PATH,
            &[("id", &round.id), ("action", "oppna")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .call(
            &round.coordinator,
            SaveRound::PATH,
            &[
                ("id", &round.id),
                ("name", "Kartläggning 2027"),
                ("opens", ""),
                ("closes", "2099-06-30"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    app.call(
        &round.coordinator,
        SetRoundStatus::PATH,
        &[("id", &round.id), ("action", "oppna")],
    )
    .await;
    let (_, page) = app.get_text(&format!("/s/{token}")).await;
    assert!(page.contains("2099-06-30 kl. 23:59") && page.contains("Ändra svaren"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_round_and_a_scheduled_one_do_not_take_answers() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    app.db
        .set_round_schedule(&round.id, "utkast", None, app::db::now() + 86_400)
        .await
        .unwrap();
    let (status, page) = app.get_text(&format!("/s/{token}/del/1")).await;
    assert_eq!(status, 200);
    assert!(page.contains("inte öppen ännu"));
    let (status, _, _) = app
        .post_form(
            &format!("/s/{token}/del/1"),
            &[("_avsnitt", "a"), ("_revision", "0"), ("namn", "Bo")],
        )
        .await;
    assert_eq!(status, 409);
    app.db
        .set_round_schedule(
            &round.id,
            "oppen",
            Some(app::db::now() + 3_600),
            app::db::now() + 86_400,
        )
        .await
        .unwrap();
    let (_, page) = app.get_text(&format!("/s/{token}")).await;
    assert!(page.contains("Enkäten öppnar"));
    assert_eq!(stored(&app, &round.id).await.1, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_links_and_bad_posts_reveal_nothing_and_lose_nothing() {
    let app = spawn_app().await;
    let round = open_round(&app).await;
    let token = first_token(&app, &round.id).await;
    app.post_form(
        &format!("/s/{token}/del/1"),
        &[
            ("_avsnitt", "a"),
            ("_revision", "0"),
            ("namn", "Anna"),
            ("niva", "ja"),
        ],
    )
    .await;

    let mistyped = format!("{}x", &token[..token.len() - 1]);
    let unknown = "A".repeat(43);
    for path in [
        format!("/s/{mistyped}"),
        format!("/s/{unknown}/del/1"),
        "/s/kort".to_string(),
        "/s/%3Cscript%3E/granska".to_string(),
    ] {
        let (status, page) = app.get_text(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("Länken fungerar inte"), "{path}");
        assert!(
            !page.contains("Testenkät") && !page.contains("Nybro"),
            "{path} reveals nothing"
        );
    }
    let (status, _, _) = app
        .post_form(&format!("/s/{unknown}/del/1"), &[("namn", "x")])
        .await;
    assert_eq!(status, 404);

    // Oversized and malformed posts are refused; the draft is intact.
    let big = "a".repeat(300 * 1024);
    let (status, _, body) = app
        .post_form(
            &format!("/s/{token}/del/1"),
            &[("_avsnitt", "a"), ("namn", &big)],
        )
        .await;
    assert_eq!(status, 413);
    assert!(body.contains("för stort"));
    let response = app
        .client()
        .post(app.url(&format!("/s/{token}/del/1")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%=&&=%ZZ")
        .send()
        .await
        .unwrap();
    // Garbage names no part: back to the start, nothing saved.
    assert_eq!(response.status().as_u16(), 303);
    // A part that does not exist.
    let (status, location, _) = app
        .post_form(
            &format!("/s/{token}/del/1"),
            &[("_avsnitt", "finns_inte"), ("namn", "x")],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/s/{token}").as_str())
    );
    let (status, page) = app.get_text(&format!("/s/{token}/del/9")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Delen finns inte"));
    assert_eq!(stored(&app, &round.id).await.0["namn"], "Anna");

    // Revoke, then give a new link: the old one stops working, the answers stay.
    let target = app.db.round_targets(&round.id).await.unwrap()[0].id.clone();
    let (status, _) = app
        .call(
            &round.coordinator,
            ChangeTarget::PATH,
            &[("id", &round.id), ("target", &target), ("action", "sparra")],
        )
        .await;
    assert!(status < 400);
    assert_eq!(app.get_text(&format!("/s/{token}")).await.0, 404);
    app.call(
        &round.coordinator,
        ChangeTarget::PATH,
        &[("id", &round.id), ("target", &target), ("action", "ersatt")],
    )
    .await;
    let new_token = first_token(&app, &round.id).await;
    assert_ne!(new_token, token);
    let (status, page) = app.get_text(&format!("/s/{new_token}/granska")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Anna"));
    // A unit with answers cannot be removed from the round.
    let (status, body) = app
        .call(
            &round.coordinator,
            ChangeTarget::PATH,
            &[
                ("id", &round.id),
                ("target", &target),
                ("action", "ta_bort"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_round_is_uneven_and_added_once() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.load_demo().await;
    let rounds = app.db.list_rounds().await.unwrap();
    assert_eq!(rounds.len(), 1);
    let targets = app.db.round_targets(&rounds[0].id).await.unwrap();
    let states: Vec<UnitState> = targets
        .iter()
        .map(|t| UnitState::of(t.first_opened_at, t.revision, t.submitted_at))
        .collect();
    let count = |s: UnitState| states.iter().filter(|x| **x == s).count();
    assert_eq!(targets.len(), 93);
    assert!(
        count(UnitState::Submitted) > 40,
        "{}",
        count(UnitState::Submitted)
    );
    assert!(count(UnitState::Draft) > 5);
    assert!(count(UnitState::NotOpened) > 10);
    assert!(count(UnitState::Opened) > 0);
    // Tranås: no company submitted.
    assert!(targets
        .iter()
        .filter(|t| t.municipality_name == "Tranås" && t.kind == "bolag")
        .all(|t| t.submitted_at.is_none()));
}
