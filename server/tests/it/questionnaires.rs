//! Questionnaires: the builder's server functions, scope, frozen versions, JSON files.

use crate::common::{spawn_app, spawn_app_in, TestApp};
use app::auth::Role;
use app::db::questionnaires::Builtin;
use app::questionnaire::api::{
    AddQuestion, AddSection, AddSubQuestion, ArchiveQuestionnaire, BuilderData, ChangeStructure,
    CopyQuestionnaire, CreateQuestionnaire, GetBuilder, SaveDetails, SaveQuestion, SaveSection,
    SaveSubQuestion,
};
use app::questionnaire::default::default_questionnaire;
use app::questionnaire::model::QuestionKind;
use app::questionnaire::BUILTIN_KEY;
use leptos::server_fn::ServerFn;

async fn builder(app: &TestApp, client: &reqwest::Client, id: &str) -> BuilderData {
    let (status, body) = app.call(client, GetBuilder::PATH, &[("id", id)]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The page without its scripts (which carry the data for hydration).
/// The page as a reader sees it: without scripts, and without the data an
/// island is started with (`data-props`).
fn without_scripts(page: &str) -> String {
    let page = without_island_props(page);
    let mut out = String::new();
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</script>") {
            Some(end) => rest = &rest[start + end + "</script>".len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn without_island_props(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(start) = rest.find(" data-props=\"") {
        out.push_str(&rest[..start]);
        let value = &rest[start + " data-props=\"".len()..];
        match value.find('"') {
            Some(end) => rest = &value[end + 1..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The id of the questionnaire with this Swedish title.
async fn id_of(app: &TestApp, title: &str) -> String {
    app.db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .find(|(_, v)| v.definition.contains(&format!("\"sv\":\"{title}\"")))
        .map(|(q, _)| q.id)
        .unwrap_or_else(|| panic!("no questionnaire {title}"))
}

async fn builtin_id(app: &TestApp) -> String {
    id_of(app, "Kartläggning av internationellt arbete").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_questionnaire_is_installed_once_and_shared() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("s@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let client = app.login("s@vaxjo.example").await;
    let (status, page) = app.page(&client, "/enkater").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Kartläggning av internationellt arbete"),
        "{page}"
    );
    assert!(page.contains("Gemensam för alla kommuner"));

    let id = builtin_id(&app).await;
    let b = builder(&app, &client, &id).await;
    assert!(
        !b.can_edit,
        "a coordinator cannot change the shared questionnaire"
    );
    assert_eq!(b.definition.sections.len(), 6);
    for key in [
        "aktivitetsniva",
        "projekt",
        "teman",
        "strategi",
        "hinder",
        "betydelse",
    ] {
        assert!(b.definition.question(key).is_some(), "{key}");
    }

    // A restart keeps one copy.
    let dir = app.stop().await;
    let app = spawn_app_in(dir).await;
    let builtins = app
        .db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .filter(|(q, _)| q.builtin.is_some())
        .count();
    assert_eq!(builtins, 1);
}

/// The versions of the shipped questionnaire: (number, definition, frozen).
async fn builtin_versions(app: &TestApp) -> Vec<(i64, String, bool)> {
    let id = builtin_id(app).await;
    let mut versions: Vec<_> = app
        .db
        .questionnaire_versions(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.number, v.definition, v.frozen_at.is_some()))
        .collect();
    versions.sort();
    versions
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_release_updates_the_default_questionnaire_only_where_nobody_changed_it() {
    let app = spawn_app().await;
    let release = serde_json::to_string(&default_questionnaire()).unwrap();
    // An installation made by an earlier release: the same questionnaire
    // without its last part.
    let mut older = default_questionnaire();
    older.sections.pop();
    let older = serde_json::to_string(&older).unwrap();
    assert_eq!(
        app.db
            .ensure_builtin_questionnaire(BUILTIN_KEY, &older)
            .await
            .unwrap(),
        Builtin::Updated { version: 1 },
        "an unused, unchanged version takes the new wording in place"
    );
    assert_eq!(
        builtin_versions(&app).await,
        vec![(1, older.clone(), false)]
    );
    // A round uses it, so it is frozen.
    let id = builtin_id(&app).await;
    let v1 = app.db.latest_version(&id).await.unwrap().unwrap();
    app.db.freeze_version(&v1.id).await.unwrap();

    // Starting this release keeps version 1 for its rounds and adds version 2.
    let dir = app.stop().await;
    let app = spawn_app_in(dir).await;
    assert_eq!(
        builtin_versions(&app).await,
        vec![(1, older.clone(), true), (2, release.clone(), false)]
    );
    let events = app.audit("questionnaire.release").await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().any(|e| e.detail.contains("version 2")));
    // Starting again changes nothing.
    assert_eq!(
        app.db
            .ensure_builtin_questionnaire(BUILTIN_KEY, &release)
            .await
            .unwrap(),
        Builtin::Current
    );

    // An administrator changes version 2: later releases leave it alone.
    let admin = app.user("admin@example.se", Role::Admin, &[]).await;
    let v2 = app.db.latest_version(&id).await.unwrap().unwrap();
    let mut changed = default_questionnaire();
    changed.sections[0].title.sv = "Om er verksamhet".into();
    let changed = serde_json::to_string(&changed).unwrap();
    app.db.save_definition(&v2, &changed, &admin).await.unwrap();
    assert_eq!(
        app.db
            .ensure_builtin_questionnaire(BUILTIN_KEY, &older)
            .await
            .unwrap(),
        Builtin::KeptChanged
    );
    let dir = app.stop().await;
    let app = spawn_app_in(dir).await;
    assert_eq!(
        builtin_versions(&app).await,
        vec![(1, older, true), (2, changed, false)]
    );
}

/// Creates "Testenkät" for Karlskrona as its coordinator; returns (client, id).
async fn karlskrona_questionnaire(app: &TestApp) -> (reqwest::Client, String) {
    app.load_demo().await;
    app.user("s@karlskrona.example", Role::Coordinator, &["1080"])
        .await;
    let client = app.login("s@karlskrona.example").await;
    let (status, body) = app
        .call(
            &client,
            CreateQuestionnaire::PATH,
            &[("title", "Testenkät"), ("owner", "1080")],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    let id = id_of(app, "Testenkät").await;
    (client, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_builds_a_questionnaire_with_a_condition() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;

    let b = builder(&app, &client, &id).await;
    assert!(b.can_edit);
    let (status, body) = app
        .call(
            &client,
            AddSection::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("title_sv", "Om er verksamhet"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let section = b.definition.sections[0].key.clone();
    assert_eq!(section, "om_er_verksamhet");

    let (status, body) = app
        .call(
            &client,
            AddQuestion::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("section", &section),
                ("text_sv", "Arbetar ni internationellt?"),
                ("kind", "single_choice"),
                ("options", "Ja, mycket\nLite\n\nInte alls\n"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let first = b.definition.sections[0].questions[0].clone();
    assert_eq!(first.key, "arbetar_ni_internationellt");
    let keys: Vec<&str> = first
        .kind
        .options()
        .iter()
        .map(|o| o.key.as_str())
        .collect();
    assert_eq!(keys, ["ja_mycket", "lite", "inte_alls"]);

    // A choice question without options is refused, and nothing is added.
    let (status, body) = app
        .call(
            &client,
            AddQuestion::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("section", &section),
                ("text_sv", "Vilka?"),
                ("kind", "multiple_choice"),
                ("options", " \n"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("svarsalternativen"), "{body}");

    let (status, body) = app
        .call(
            &client,
            AddQuestion::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("section", &section),
                ("text_sv", "Varför inte?"),
                ("kind", "long_text"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;

    // The condition is picked as source=value pairs; the question gets English and help text.
    let (status, body) = app
        .call(
            &client,
            SaveQuestion::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("key", "varfor_inte"),
                ("new_key", "varfor_inte"),
                ("text_sv", "Varför arbetar ni inte internationellt?"),
                ("text_en", "Why do you not work internationally?"),
                ("help_sv", "Till exempel tid eller pengar."),
                ("help_en", ""),
                ("kind", "long_text"),
                ("required", "on"),
                ("max_length", "1000"),
                ("cond[0]", "arbetar_ni_internationellt=inte_alls"),
                ("kinds[0]", "bolag"),
                ("action", "save"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let second = b.definition.question("varfor_inte").unwrap();
    assert!(second.required);
    assert_eq!(second.kinds, [app::vocabulary::UnitKind::Bolag]);
    assert_eq!(
        second.condition.as_ref().unwrap().any_of,
        ["inte_alls".to_string()]
    );
    assert_eq!(second.kind, QuestionKind::LongText { max_length: 1000 });

    // The preview follows the condition, for the unit kind shown.
    let preview = format!("/enkater/{id}/forhandsgranska");
    let (_, page) = app.page(&client, &format!("{preview}?_typ=bolag")).await;
    assert!(page.contains("Del 1 av 1") && page.contains("Varför arbetar ni inte"));
    assert!(
        page.contains("Svara bara om du svarade ”Inte alls”"),
        "{page}"
    );
    let (_, page) = app
        .page(&client, &format!("{preview}?_typ=forvaltning"))
        .await;
    let page = without_scripts(&page);
    assert!(
        !page.contains("Varför arbetar ni inte"),
        "only for companies: {page}"
    );
    // Answers typed in the preview come back on the review, with the hidden one dropped.
    let (_, page) = app
        .page(
            &client,
            &format!("{preview}?_typ=bolag&_fran=0&_del=2&arbetar_ni_internationellt=lite&varfor_inte=Tid"),
        )
        .await;
    let page = without_scripts(&page);
    assert!(
        page.contains("Granska dina svar") && page.contains("Lite"),
        "{page}"
    );
    assert!(
        !page.contains(">Tid<"),
        "a hidden question's answer is not shown"
    );

    // A condition's source cannot move below it, nor be deleted.
    let (status, body) = app
        .call(
            &client,
            ChangeStructure::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("action", "question_down:arbetar_ni_internationellt"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .call(
            &client,
            ChangeStructure::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("action", "question_delete:arbetar_ni_internationellt"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("villkor"), "{body}");

    // Options are reordered and renamed from the question form.
    let (status, body) = app
        .call(
            &client,
            SaveQuestion::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("key", "arbetar_ni_internationellt"),
                ("new_key", "aktivitet"),
                ("text_sv", "Arbetar ni internationellt?"),
                ("text_en", ""),
                ("help_sv", ""),
                ("help_en", ""),
                ("kind", "single_choice"),
                ("opt_sv[0]", "Ja, mycket"),
                ("opt_key[0]", "ja_mycket"),
                ("opt_sv[1]", "Lite"),
                ("opt_key[1]", "lite"),
                ("opt_sv[2]", "Inte alls"),
                ("opt_key[2]", "inte_alls"),
                ("opt_sv[3]", "Vet inte"),
                ("action", "opt_up:1"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let q = b.definition.question("aktivitet").unwrap();
    let keys: Vec<&str> = q.kind.options().iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["lite", "ja_mycket", "inte_alls", "vet_inte"]);
    // The condition followed the renamed key.
    assert_eq!(
        b.definition
            .question("varfor_inte")
            .unwrap()
            .condition
            .as_ref()
            .unwrap()
            .question,
        "aktivitet"
    );

    // A section condition, and kinds, are picked the same way.
    let (status, body) = app
        .call(
            &client,
            AddSection::PATH,
            &[("id", &id), ("rev", &b.rev), ("title_sv", "Projekt")],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let (status, body) = app
        .call(
            &client,
            SaveSection::PATH,
            &[
                ("id", &id),
                ("rev", &b.rev),
                ("section", "projekt"),
                ("title_sv", "Projekt"),
                ("title_en", "Projects"),
                ("intro_sv", ""),
                ("intro_en", ""),
                ("cond[0]", "aktivitet=ja_mycket"),
                ("cond[1]", "aktivitet=lite"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    assert_eq!(
        b.definition.sections[1].condition.as_ref().unwrap().any_of,
        ["ja_mycket".to_string(), "lite".to_string()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_pages_and_bad_input_change_nothing() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;
    let b = builder(&app, &client, &id).await;
    let (status, _) = app
        .call(
            &client,
            AddSection::PATH,
            &[("id", &id), ("rev", &b.rev), ("title_sv", "Första")],
        )
        .await;
    assert!(status < 400);
    // A second change based on the same (now old) page is refused.
    let (status, body) = app
        .call(
            &client,
            AddSection::PATH,
            &[("id", &id), ("rev", &b.rev), ("title_sv", "Andra")],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("ändrats av någon annan"), "{body}");
    let now = builder(&app, &client, &id).await;
    assert_eq!(now.definition.sections.len(), 1);

    for (form, needle) in [
        (vec![("title_sv", " ")], "rubrik"),
        (vec![("title_sv", &"x".repeat(201) as &str)], "högst 200"),
    ] {
        let mut fields = vec![("id", id.as_str()), ("rev", now.rev.as_str())];
        fields.extend(form);
        let (status, body) = app.call(&client, AddSection::PATH, &fields).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(needle), "{needle}: {body}");
    }
    let (status, body) = app
        .call(
            &client,
            SaveDetails::PATH,
            &[
                ("id", &id),
                ("rev", &now.rev),
                ("title_sv", ""),
                ("title_en", ""),
                ("intro_sv", ""),
                ("intro_en", ""),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .call(
            &client,
            ChangeStructure::PATH,
            &[("id", &id), ("rev", &now.rev), ("action", "explode:x")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(builder(&app, &client, &id).await, now);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_and_roles_guard_questionnaires() {
    let app = spawn_app().await;
    let (_, id) = karlskrona_questionnaire(&app).await;
    app.user("s@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    app.user("l@karlskrona.example", Role::Reader, &["1080"])
        .await;
    let vaxjo = app.login("s@vaxjo.example").await;
    let reader = app.login("l@karlskrona.example").await;

    // Another municipality's coordinator: as if it did not exist, and logged.
    let (status, _) = app.call(&vaxjo, GetBuilder::PATH, &[("id", &id)]).await;
    assert_eq!(status, 404);
    let (status, _) = app.page(&vaxjo, &format!("/enkater/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = app
        .page(&vaxjo, &format!("/enkater/{id}/export.json"))
        .await;
    assert_eq!(status, 404);
    let (status, page) = app.page(&vaxjo, "/enkater").await;
    assert_eq!(status, 200);
    assert!(!page.contains("Testenkät"));
    let denied = app
        .db
        .audit_events(&Default::default(), 1000)
        .await
        .unwrap();
    assert!(denied
        .iter()
        .any(|e| e.action == "access.denied" && e.target.contains(&id)));

    // Nor can they place a questionnaire in Karlskrona, or a shared one.
    for owner in ["1080", ""] {
        let (status, body) = app
            .call(
                &vaxjo,
                CreateQuestionnaire::PATH,
                &[("title", "Smyg"), ("owner", owner)],
            )
            .await;
        assert_eq!(status, 422, "{owner}: {body}");
    }
    // Guessed or malformed ids look missing.
    for bad in ["00000000-0000-0000-0000-000000000000", "1", "../etc"] {
        let (status, _) = app.call(&vaxjo, GetBuilder::PATH, &[("id", bad)]).await;
        assert_eq!(status, 404, "{bad}");
    }

    // A reader in scope reads but changes nothing.
    let b = builder(&app, &reader, &id).await;
    assert!(!b.can_edit);
    let (status, _) = app
        .call(
            &reader,
            AddSection::PATH,
            &[("id", &id), ("rev", &b.rev), ("title_sv", "X")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            &reader,
            CreateQuestionnaire::PATH,
            &[("title", "X"), ("owner", "1080")],
        )
        .await;
    assert_eq!(status, 403);

    // Coordinators copy the shared questionnaire into their own and change the copy.
    let shared = builtin_id(&app).await;
    let sb = builder(&app, &vaxjo, &shared).await;
    let (status, _) = app
        .call(
            &vaxjo,
            AddSection::PATH,
            &[("id", &shared), ("rev", &sb.rev), ("title_sv", "X")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .call(
            &vaxjo,
            CopyQuestionnaire::PATH,
            &[("id", &shared), ("owner", "0780")],
        )
        .await;
    assert!(status < 400, "{body}");
    let copy = id_of(&app, "Kartläggning av internationellt arbete (kopia)").await;
    let cb = builder(&app, &vaxjo, &copy).await;
    assert!(cb.can_edit);
    assert_eq!(cb.definition.sections, sb.definition.sections);

    // Logged out: the pages send to the login page.
    let (status, _) = app.get_text(&format!("/enkater/{id}")).await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_version_never_changes_and_edits_make_a_new_one() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;
    let b = builder(&app, &client, &id).await;
    let (status, _) = app
        .call(
            &client,
            AddSection::PATH,
            &[("id", &id), ("rev", &b.rev), ("title_sv", "Del A")],
        )
        .await;
    assert!(status < 400);
    let v1 = builder(&app, &client, &id).await;
    // A round starts to use version 1.
    app.db.freeze_version(&v1.version_id).await.unwrap();
    let frozen = builder(&app, &client, &id).await;
    assert!(frozen.frozen);
    let (_, page) = app.page(&client, &format!("/enkater/{id}")).await;
    assert!(page.contains("används i en kartläggning och är låst"));

    let (status, body) = app
        .call(
            &client,
            AddSection::PATH,
            &[("id", &id), ("rev", &frozen.rev), ("title_sv", "Del B")],
        )
        .await;
    assert!(status < 400, "{body}");
    let v2 = builder(&app, &client, &id).await;
    assert_eq!(v2.number, 2);
    assert!(!v2.frozen);
    assert_ne!(v2.version_id, v1.version_id);
    assert_eq!(v2.definition.sections.len(), 2);
    let stored = app
        .db
        .questionnaire_version(&v1.version_id)
        .await
        .unwrap()
        .unwrap();
    let old: app::questionnaire::model::Questionnaire =
        serde_json::from_str(&stored.definition).unwrap();
    assert_eq!(old.sections.len(), 1, "version 1 is untouched");
    let audit = app
        .db
        .audit_events(&Default::default(), 1000)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "questionnaire.version"));
}

fn upload_form(bytes: Vec<u8>, owner: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part(
            "fil",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("enkat.json")
                .mime_str("application/json")
                .unwrap(),
        )
        .text("owner", owner.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questionnaires_travel_as_json_and_broken_files_are_explained() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("s@karlskrona.example", Role::Coordinator, &["1080"])
        .await;
    let client = app.login("s@karlskrona.example").await;
    let shared = builtin_id(&app).await;

    let response = client
        .get(app.url(&format!("/enkater/{shared}/export.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("attachment") && disposition.ends_with("-v1.json\""),
        "{disposition}"
    );
    let exported = response.text().await.unwrap();
    assert!(exported.contains("\"format\": \"nulage-enkat/1\""));

    let response = client
        .post(app.url("/enkater/importera/fil"))
        .multipart(upload_form(exported.clone().into_bytes(), "1080"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let new_id = location.strip_prefix("/enkater/").unwrap().to_string();
    let imported = builder(&app, &client, &new_id).await;
    let original = builder(&app, &client, &shared).await;
    assert_eq!(imported.definition, original.definition);
    assert!(imported.can_edit);

    let broken = exported.replace("\"single_choice\"", "\"dropdown\"");
    let later = exported.replacen(
        "\"question\": \"aktivitetsniva\"",
        "\"question\": \"betydelse\"",
        1,
    );
    for (bytes, needle) in [
        (b"not json at all".to_vec(), "inte giltig JSON"),
        (
            exported
                .chars()
                .take(exported.chars().count() / 2)
                .collect::<String>()
                .into_bytes(),
            "Rad",
        ),
        (broken.into_bytes(), "dropdown"),
        (later.into_bytes(), "betydelse"),
        (
            exported
                .replace("nulage-enkat/1", "limesurvey/3")
                .into_bytes(),
            "nulage-enkat/1",
        ),
        (Vec::new(), "Välj en JSON-fil"),
    ] {
        let before = app.db.list_questionnaires().await.unwrap().len();
        let response = client
            .post(app.url("/enkater/importera/fil"))
            .multipart(upload_form(bytes, "1080"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("/enkater/importera?fel="),
            "{needle}: {location}"
        );
        let (status, page) = app.page(&client, &location).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Det finns ett problem") && page.contains(needle),
            "{needle}: {page}"
        );
        assert_eq!(
            app.db.list_questionnaires().await.unwrap().len(),
            before,
            "nothing saved"
        );
    }

    // Importing into another municipality is refused.
    let response = client
        .post(app.url("/enkater/importera/fil"))
        .multipart(upload_form(exported.into_bytes(), "0780"))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("fel="), "{location}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archiving_is_for_the_owner_and_never_the_default() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;
    app.user("s@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let vaxjo = app.login("s@vaxjo.example").await;

    let (status, _) = app
        .call(&vaxjo, ArchiveQuestionnaire::PATH, &[("id", &id)])
        .await;
    assert_eq!(
        status, 404,
        "another municipality's questionnaire looks missing"
    );
    let shared = builtin_id(&app).await;
    app.user("admin@test.example", Role::Admin, &[]).await;
    let admin = app.login("admin@test.example").await;
    let (status, body) = app
        .call(&admin, ArchiveQuestionnaire::PATH, &[("id", &shared)])
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("kopia"), "{body}");

    let (status, body) = app
        .call(&client, ArchiveQuestionnaire::PATH, &[("id", &id)])
        .await;
    assert!(status < 400, "{body}");
    let (_, page) = app.page(&client, "/enkater").await;
    assert!(!without_scripts(&page).contains("Testenkät"));
    assert!(page.contains("Kartläggning av internationellt arbete"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sub_question_can_be_asked_only_after_certain_answers_in_its_item() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;
    let call = |path: &'static str, form: Vec<(&'static str, String)>| {
        let (app, client) = (&app, &client);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(client, path, &form).await
        }
    };
    let rev = || async { builder(&app, &client, &id).await.rev };
    let (status, body) = call(
        AddSection::PATH,
        vec![
            ("id", id.clone()),
            ("rev", rev().await),
            ("title_sv", "Projekt".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let (status, body) = call(
        AddQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", rev().await),
            ("section", "projekt".into()),
            ("text_sv", "Projekt".into()),
            ("kind", "group".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    for (text, kind, options) in [
        ("Status", "single_choice", "Pågående\nAvslutat"),
        ("Resultat", "long_text", ""),
    ] {
        let (status, body) = call(
            AddSubQuestion::PATH,
            vec![
                ("id", id.clone()),
                ("rev", rev().await),
                ("group", "projekt".into()),
                ("text_sv", text.into()),
                ("kind", kind.into()),
                ("options", options.into()),
            ],
        )
        .await;
        assert!(status < 400, "{body}");
    }
    let subs = |b: &BuilderData| {
        b.definition
            .question("projekt")
            .unwrap()
            .kind
            .sub_questions()
            .to_vec()
    };
    let b = builder(&app, &client, &id).await;
    let finished = subs(&b)[1].kind.options()[1].key.clone();
    let save_sub = |key: &'static str,
                    new_key: &'static str,
                    text: &'static str,
                    kind: &'static str,
                    extra: Vec<(&'static str, String)>,
                    rev: String| {
        let mut form = vec![
            ("id", id.clone()),
            ("rev", rev),
            ("group", "projekt".to_string()),
            ("key", key.to_string()),
            ("new_key", new_key.to_string()),
            ("text_sv", text.to_string()),
            ("text_en", String::new()),
            ("help_sv", String::new()),
            ("help_en", String::new()),
            ("kind", kind.to_string()),
            ("action", "save".to_string()),
        ];
        form.extend(extra);
        call(SaveSubQuestion::PATH, form)
    };
    // The results are asked only of finished projects.
    let (status, body) = save_sub(
        "resultat",
        "resultat",
        "Resultat",
        "long_text",
        vec![("cond[0]", format!("status={finished}"))],
        rev().await,
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let condition = subs(&b)[2].condition.clone().unwrap();
    assert_eq!(
        (condition.question.as_str(), condition.any_of.clone()),
        ("status", vec![finished.clone()])
    );
    // A condition on a text sub-question is refused, and changes nothing.
    let (status, body) = save_sub(
        "resultat",
        "resultat",
        "Resultat",
        "long_text",
        vec![("cond[0]", "namn=x".into())],
        rev().await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // So is a condition field that cannot be read (a tampered form).
    let (status, body) = save_sub(
        "resultat",
        "resultat",
        "Resultat",
        "long_text",
        vec![("cond[0]", "utan-likhetstecken".into())],
        rev().await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Villkoret kunde inte läsas"), "{body}");
    assert_eq!(
        subs(&builder(&app, &client, &id).await)[2].condition,
        Some(condition)
    );

    // A renamed source carries the condition along.
    let status_kind = subs(&b)[1].kind.clone();
    let names = [
        ("opt_key[0]", "opt_sv[0]", "opt_en[0]"),
        ("opt_key[1]", "opt_sv[1]", "opt_en[1]"),
    ];
    assert_eq!(status_kind.options().len(), names.len());
    let options = names
        .into_iter()
        .zip(status_kind.options())
        .flat_map(|((k, sv, en), option)| {
            [
                (k, option.key.clone()),
                (sv, option.label.sv.clone()),
                (en, option.label.en.clone()),
            ]
        })
        .collect();
    let (status, body) = save_sub(
        "status",
        "lage",
        "Status",
        "single_choice",
        options,
        rev().await,
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    assert_eq!(subs(&b)[2].condition.as_ref().unwrap().question, "lage");

    // The source cannot go after its dependant, nor be deleted.
    for (action, message) in [
        ("sub_up:projekt:resultat", "kommer senare i gruppen"),
        ("sub_delete:projekt:lage", "har villkor på den"),
    ] {
        let (status, body) = call(
            ChangeStructure::PATH,
            vec![
                ("id", id.clone()),
                ("rev", rev().await),
                ("action", action.into()),
            ],
        )
        .await;
        assert_eq!(status, 422, "{action}: {body}");
        assert!(body.contains(message), "{action}: {body}");
    }
    let b = builder(&app, &client, &id).await;
    assert_eq!(
        subs(&b).iter().map(|x| x.key.as_str()).collect::<Vec<_>>(),
        vec!["namn", "lage", "resultat"]
    );

    // The builder says when it is asked; without JavaScript the form says
    // when to answer it.
    let (_, page) = app
        .page(&client, &format!("/enkater/{id}/fragor/projekt"))
        .await;
    assert!(
        page.contains("Visas när svaret är ”Avslutat” på ”Status”"),
        "{page}"
    );
    let (status, page) = app
        .page(
            &client,
            &format!(
                "/enkater/{id}/forhandsgranska?_typ=forvaltning&_fran=0&_gor=lagg_till%3Aprojekt"
            ),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        without_scripts(&page).contains("Svara bara om du svarade ”Avslutat” på frågan ”Status”."),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_builder_makes_and_edits_a_repeating_group() {
    let app = spawn_app().await;
    let (client, id) = karlskrona_questionnaire(&app).await;
    let b = builder(&app, &client, &id).await;
    app.call(
        &client,
        AddSection::PATH,
        &[("id", &id), ("rev", &b.rev), ("title_sv", "Projekt")],
    )
    .await;
    let b = builder(&app, &client, &id).await;
    let call = |path: &'static str, form: Vec<(&'static str, String)>| {
        let (app, client) = (&app, &client);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(client, path, &form).await
        }
    };
    // A new group starts with a name sub-question, so that it can be used at once.
    let (status, body) = call(
        AddQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("section", "projekt".into()),
            ("text_sv", "Era projekt".into()),
            ("kind", "group".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let group = b.definition.question("era_projekt").unwrap();
    assert_eq!(group.kind.name(), "group");
    assert_eq!(group.kind.sub_questions()[0].key, "namn");

    // Settings: what an item is called, the add button, at most five.
    let (status, body) = call(
        SaveQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("key", "era_projekt".into()),
            ("new_key", "projekt".into()),
            ("text_sv", "Era projekt".into()),
            ("text_en", "".into()),
            ("help_sv", "".into()),
            ("help_en", "".into()),
            ("kind", "group".into()),
            ("item_label_sv", "Projekt".into()),
            ("item_label_en", "Project".into()),
            ("add_label_sv", "Lägg till ett projekt".into()),
            ("add_label_en", "".into()),
            ("max_items", "5".into()),
            ("action", "save".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let QuestionKind::Group {
        max_items,
        item_label,
        add_label,
        ..
    } = &b.definition.question("projekt").unwrap().kind
    else {
        panic!("still a group")
    };
    assert_eq!(
        (*max_items, item_label.en.as_str(), add_label.sv.as_str()),
        (5, "Project", "Lägg till ett projekt")
    );
    // Out of range is refused.
    let (status, body) = call(
        SaveQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("key", "projekt".into()),
            ("new_key", "projekt".into()),
            ("text_sv", "Era projekt".into()),
            ("text_en", "".into()),
            ("help_sv", "".into()),
            ("help_en", "".into()),
            ("kind", "group".into()),
            ("item_label_sv", "Projekt".into()),
            ("max_items", "500".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("mellan 1 och 100"), "{body}");

    // Sub-questions: added, edited, moved, deleted; never a group in a group.
    for (text, kind, options) in [
        ("Status", "single_choice", "Pågående\nAvslutat"),
        ("Budget", "number", ""),
    ] {
        let b = builder(&app, &client, &id).await;
        let (status, body) = call(
            AddSubQuestion::PATH,
            vec![
                ("id", id.clone()),
                ("rev", b.rev.clone()),
                ("group", "projekt".into()),
                ("text_sv", text.into()),
                ("kind", kind.into()),
                ("options", options.to_string()),
            ],
        )
        .await;
        assert!(status < 400, "{body}");
    }
    let b = builder(&app, &client, &id).await;
    let (status, body) = call(
        AddSubQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("group", "projekt".into()),
            ("text_sv", "Inre".into()),
            ("kind", "group".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(
        SaveSubQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("group", "projekt".into()),
            ("key", "budget".into()),
            ("new_key", "budget_kr".into()),
            ("text_sv", "Budget i kronor".into()),
            ("text_en", "Budget in kronor".into()),
            ("help_sv", "".into()),
            ("help_en", "".into()),
            ("kind", "number".into()),
            ("min", "0".into()),
            ("integer", "on".into()),
            ("required", "on".into()),
            ("action", "save".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let (status, body) = call(
        ChangeStructure::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("action", "sub_up:projekt:budget_kr".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let b = builder(&app, &client, &id).await;
    let subs: Vec<(String, String, bool)> = b
        .definition
        .question("projekt")
        .unwrap()
        .kind
        .sub_questions()
        .iter()
        .map(|x| (x.key.clone(), x.kind.name().to_string(), x.required))
        .collect();
    assert_eq!(
        subs,
        vec![
            ("namn".to_string(), "short_text".to_string(), true),
            ("budget_kr".to_string(), "number".to_string(), true),
            ("status".to_string(), "single_choice".to_string(), false),
        ]
    );
    for (action, expect) in [
        ("sub_delete:projekt:status", 2usize),
        ("sub_delete:projekt:budget_kr", 1),
    ] {
        let b = builder(&app, &client, &id).await;
        let (status, body) = call(
            ChangeStructure::PATH,
            vec![
                ("id", id.clone()),
                ("rev", b.rev.clone()),
                ("action", action.into()),
            ],
        )
        .await;
        assert!(status < 400, "{body}");
        let b = builder(&app, &client, &id).await;
        assert_eq!(
            b.definition
                .question("projekt")
                .unwrap()
                .kind
                .sub_questions()
                .len(),
            expect
        );
    }
    // The last one stays: a group needs a sub-question.
    let b = builder(&app, &client, &id).await;
    let (status, body) = call(
        ChangeStructure::PATH,
        vec![
            ("id", id.clone()),
            ("rev", b.rev.clone()),
            ("action", "sub_delete:projekt:namn".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // The pages: the question page lists the sub-questions, each has its own
    // page, and the preview adds items without JavaScript.
    let (status, page) = app
        .page(&client, &format!("/enkater/{id}/fragor/projekt"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Delfrågor") && page.contains("Lägg till en delfråga"));
    assert!(page.contains(&format!("/enkater/{id}/fragor/projekt/delfragor/namn")));
    let (status, page) = app
        .page(
            &client,
            &format!("/enkater/{id}/fragor/projekt/delfragor/namn"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Ändra delfrågan"));
    assert!(
        !without_scripts(&page).contains("value=\"group\""),
        "no groups in groups"
    );
    let (status, page) = app
        .page(
            &client,
            &format!(
                "/enkater/{id}/forhandsgranska?_typ=forvaltning&_fran=0&_gor=lagg_till%3Aprojekt"
            ),
        )
        .await;
    assert_eq!(status, 200);
    let page = without_scripts(&page);
    assert!(
        page.contains("name=\"projekt[1].namn\"") && page.contains("Projekt 1"),
        "{page}"
    );

    // A version in use stays as it was: the next change is version 2.
    app.db.freeze_version(&b.version_id).await.unwrap();
    let frozen = builder(&app, &client, &id).await;
    let (status, body) = call(
        AddSubQuestion::PATH,
        vec![
            ("id", id.clone()),
            ("rev", frozen.rev.clone()),
            ("group", "projekt".into()),
            ("text_sv", "Partnerland".into()),
            ("kind", "short_text".into()),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    let v2 = builder(&app, &client, &id).await;
    assert_eq!(v2.number, 2);
    assert_eq!(
        v2.definition
            .question("projekt")
            .unwrap()
            .kind
            .sub_questions()
            .len(),
        2
    );
    let stored = app
        .db
        .questionnaire_version(&b.version_id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !stored.definition.contains("Partnerland"),
        "version 1 is untouched"
    );
}
