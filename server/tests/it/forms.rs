//! Coordinator forms posted as a browser without JavaScript posts them: a
//! refusal shows the page again with what was typed and each message at
//! its field; a success shows its result, its notice, or goes back to the
//! page. And pages that cannot load say why, truthfully.

use crate::common::{without_markers, TestApp, NYBRO};
use app::auth::api::{InviteUser, ResetPasswordLink};
use app::auth::Role;
use app::questionnaire::api::{AddQuestion, AddSection, BuilderData, CreateQuestionnaire};
use app::registry::edit_api::{DeleteContact, SaveContact, UpdateUnit};
use app::rounds::api::CreateRound;
use leptos::server_fn::ServerFn;
use std::sync::{Arc, Mutex};

/// What a browser without JavaScript sends for a form on `page`.
pub(crate) async fn post_from(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let response = client
        .post(app.url(action))
        .header("accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
        .header("referer", app.url(page))
        .header("origin", format!("http://{}", app.addr))
        .header("sec-fetch-site", "same-origin")
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
        without_markers(response.text().await.unwrap()),
    )
}

/// The element with `id="ID"`: its start tag.
fn tag_with_id<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

/// The `<div class="field …">` around the element with `id`.
fn field_around<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page.find(&format!("id=\"{id}\"")).unwrap();
    let start = page[..at]
        .rfind("<div class=\"field")
        .or_else(|| page[..at].rfind("<div class=\"checkbox field"))
        .unwrap();
    let end = at + page[at..].find("</div>").unwrap();
    &page[start..end]
}

/// Asserts what every refused form shows: "Fel: " first in the title, the
/// summary linking to the field, the message in the field, the field marked.
fn assert_refused_at(page: &str, field: &str, message: &str) {
    assert!(page.contains("<title>Fel: "), "title: {page}");
    assert!(page.contains("Det finns ett problem"), "summary: {page}");
    assert!(
        page.contains(&format!("href=\"#{field}\"")),
        "summary links to {field}: {page}"
    );
    let around = field_around(page, field);
    assert!(around.contains("field--error"), "{around}");
    assert!(around.contains("class=\"field-error\""), "{around}");
    assert!(around.contains(message), "{message} in {around}");
    let input = tag_with_id(page, field);
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(
        input.contains(&format!("aria-describedby=\"{field}-fel\""))
            || input.contains(&format!("{field}-fel\"")),
        "{input}"
    );
}

/// A unit of Nybro, the demo municipality the tests work in.
async fn nybro_unit(app: &TestApp) -> String {
    app.db
        .municipality_by_code(NYBRO)
        .await
        .unwrap()
        .unwrap()
        .units
        .into_iter()
        .find(|u| !u.archived && !u.contacts.is_empty())
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_contact_keeps_every_value_and_marks_the_email_field() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let unit = nybro_unit(&app).await;
    let page = format!("/enheter/{unit}");
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        SaveContact::PATH,
        &[
            ("unit_id", &unit),
            ("name", "Vera Bergström"),
            ("email", "vera.bergstrom.nybro"),
            ("phone", "0481-123 45"),
            ("role", "EU-samordnare"),
            ("international", "on"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_refused_at(&body, "ny-kontakt-email", "e-post");
    for value in [
        "Vera Bergström",
        "vera.bergstrom.nybro",
        "0481-123 45",
        "EU-samordnare",
    ] {
        // In the form that was posted, and only there: the unit's other
        // contact forms post to the same function.
        assert_eq!(
            body.matches(&format!("value=\"{value}\"")).count(),
            1,
            "{value}: {body}"
        );
    }
    assert!(tag_with_id(&body, "ny-kontakt-international").contains("checked"));
    // The name was fine: no error there.
    assert!(!tag_with_id(&body, "ny-kontakt-name").contains("aria-invalid"));

    // Corrected and sent again from the page shown again, whose address is
    // the server function's: the post is still understood as this page's.
    let (status, location, body_again) = post_from(
        &app,
        &admin,
        SaveContact::PATH,
        SaveContact::PATH,
        &[
            ("unit_id", &unit),
            ("name", "Vera Bergström"),
            ("email", "inte-heller-en-adress"),
            ("phone", ""),
            ("role", ""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{location} {body_again}");
    assert_refused_at(&body_again, "ny-kontakt-email", "e-post");
    assert!(body_again.contains("value=\"inte-heller-en-adress\""));
    assert!(!app
        .db
        .municipality_by_code(NYBRO)
        .await
        .unwrap()
        .unwrap()
        .units
        .iter()
        .any(|u| u.contacts.iter().any(|c| c.name == "Vera Bergström")));

    // The same address given to an existing contact's form: the message
    // lands in that contact's form, which opens.
    let existing = app
        .db
        .municipality_by_code(NYBRO)
        .await
        .unwrap()
        .unwrap()
        .units
        .into_iter()
        .find(|u| u.id == unit)
        .unwrap()
        .contacts[0]
        .clone();
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        SaveContact::PATH,
        &[
            ("unit_id", &unit),
            ("contact_id", &existing.id),
            ("name", &existing.name),
            ("email", "fel@"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let field = format!("k-{}-email", existing.id);
    assert_refused_at(&body, &field, "e-post");
    let opened: Vec<&str> = tags_all(&body, "<details")
        .into_iter()
        .filter(|t| t.contains("edit-contact") && t.contains(" open"))
        .collect();
    assert_eq!(
        opened.len(),
        1,
        "only the refused contact's form opens: {opened:?}"
    );
    assert!(!tag_with_id(&body, "ny-kontakt-email").contains("aria-invalid"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_shows_its_notice_and_a_plain_success_goes_back() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let unit = nybro_unit(&app).await;
    let page = format!("/enheter/{unit}");
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        UpdateUnit::PATH,
        &[
            ("id", &unit),
            ("name", "Kultur- och fritidsförvaltningen i Nybro"),
            ("kind", "forvaltning"),
            ("sector", "kultur_fritid"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("role=\"status\""));
    assert!(body.contains("Ändringarna är sparade."), "{body}");
    assert!(body.contains("<h1>Kultur- och fritidsförvaltningen i Nybro</h1>"));
    assert!(!body.contains("<title>Fel: "));

    // A refused name keeps the chosen kind and sector too.
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        UpdateUnit::PATH,
        &[
            ("id", &unit),
            ("name", "  "),
            ("kind", "bolag"),
            ("sector", "kultur_fritid"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_refused_at(&body, "enhet-name", "Skriv enhetens namn.");
    let kind = field_around(&body, "enhet-kind");
    assert!(kind.contains("<option value=\"bolag\" selected"), "{kind}");

    // Removing a contact has nothing to show: back to the page (303).
    let contact = app
        .db
        .municipality_by_code(NYBRO)
        .await
        .unwrap()
        .unwrap()
        .units
        .into_iter()
        .find(|u| u.id == unit)
        .unwrap()
        .contacts[0]
        .id
        .clone();
    let (status, location, _) = post_from(
        &app,
        &admin,
        &page,
        DeleteContact::PATH,
        &[("unit_id", &unit), ("contact_id", &contact)],
    )
    .await;
    assert_eq!((status, location.as_str()), (303, page.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invitation_and_reset_forms_show_the_link() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (status, _, body) = post_from(
        &app,
        &admin,
        "/admin/anvandare",
        InviteUser::PATH,
        &[
            ("email", "ny.samordnare@nybro.example"),
            ("name", "Ny Samordnare"),
            ("role", "coordinator"),
            ("municipalities[0]", NYBRO),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Länken är klar"), "{body}");
    let link = tag_with_id(&body, "ny-lank");
    assert!(link.contains("/konto/losenord/"), "{link}");

    // Refused: the address is kept, the municipality stays ticked.
    let (status, _, body) = post_from(
        &app,
        &admin,
        "/admin/anvandare",
        InviteUser::PATH,
        &[
            ("email", "inte-en-adress"),
            ("name", "Ny Samordnare"),
            ("role", "coordinator"),
            ("municipalities[0]", NYBRO),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_refused_at(&body, "invite-email", "");
    assert!(tag_with_id(&body, "invite-email").contains("value=\"inte-en-adress\""));
    assert!(tag_with_id(&body, &format!("kommun-{NYBRO}")).contains("checked"));

    let user = app
        .user("glomsk@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let page = format!("/admin/anvandare/{user}");
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        ResetPasswordLink::PATH,
        &[("id", &user)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(tag_with_id(&body, "ny-lank").contains("/konto/losenord/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_round_keeps_its_name_choices_and_dates() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (_, page) = app.page(&admin, "/omgangar").await;
    let questionnaire = {
        let select = field_around(&page, "ny-enkat");
        let at = select.find("<option value=\"").unwrap() + "<option value=\"".len();
        select[at..at + 36].to_string()
    };
    let (status, _, body) = post_from(
        &app,
        &admin,
        "/omgangar",
        CreateRound::PATH,
        &[
            ("name", "Kartläggning våren"),
            ("questionnaire", &questionnaire),
            ("municipalities[0]", NYBRO),
            ("opens", ""),
            ("closes", "2001-03-31"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_refused_at(&body, "ny-stanger", "framtiden");
    assert!(tag_with_id(&body, "ny-namn").contains("value=\"Kartläggning våren\""));
    assert!(tag_with_id(&body, "ny-stanger").contains("value=\"2001-03-31\""));
    let chosen = field_around(&body, "ny-enkat");
    assert!(
        chosen.contains(&format!("<option value=\"{questionnaire}\" selected")),
        "{chosen}"
    );
    let nybro = body.find(&format!("value=\"{NYBRO}\"")).unwrap();
    let tag_end = nybro + body[nybro..].find('>').unwrap();
    assert!(body[nybro..tag_end].contains("checked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_question_shows_only_in_its_own_part() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (status, _) = app
        .call(
            &admin,
            CreateQuestionnaire::PATH,
            &[("title", "Formulärprovet"), ("owner", "")],
        )
        .await;
    assert!(status < 400);
    let id = app
        .db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .find(|(_, v)| v.definition.contains("Formulärprovet"))
        .unwrap()
        .0
        .id;
    for title in ["Första delen", "Andra delen"] {
        let (status, body) = app
            .call(
                &admin,
                app::questionnaire::api::GetBuilder::PATH,
                &[("id", &id)],
            )
            .await;
        let b: BuilderData = serde_json::from_str(&body).unwrap();
        assert_eq!(status, 200);
        let (status, body) = app
            .call(
                &admin,
                AddSection::PATH,
                &[("id", &id), ("rev", &b.rev), ("title_sv", title)],
            )
            .await;
        assert!(status < 400, "{body}");
    }
    let (_, body) = app
        .call(
            &admin,
            app::questionnaire::api::GetBuilder::PATH,
            &[("id", &id)],
        )
        .await;
    let b: BuilderData = serde_json::from_str(&body).unwrap();
    let (first, second) = (
        b.definition.sections[0].key.clone(),
        b.definition.sections[1].key.clone(),
    );
    let page = format!("/enkater/{id}");
    let (status, _, body) = post_from(
        &app,
        &admin,
        &page,
        AddQuestion::PATH,
        &[
            ("id", &id),
            ("rev", &b.rev),
            ("section", &second),
            ("text_sv", "Vilka länder?"),
            ("kind", "multiple_choice"),
            ("options", ""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let field = format!("ny-fraga-{second}-alt");
    assert_refused_at(&body, &field, "Skriv svarsalternativen");
    assert!(tag_with_id(&body, &format!("ny-fraga-{second}")).contains("value=\"Vilka länder?\""));
    let kind = field_around(&body, &format!("ny-fraga-{second}-typ"));
    assert!(
        kind.contains("value=\"multiple_choice\" selected"),
        "{kind}"
    );
    // The other part's form is as it was.
    assert!(!tag_with_id(&body, &format!("ny-fraga-{first}")).contains("value=\"Vilka"));
    assert_eq!(body.matches("Det finns ett problem").count(), 1);
}

/// Every coordinator form on the pages a coordinator uses, posted with its
/// fields as they stand (buttons that name an action left out): whatever
/// the function says, the answer is a page that explains it, never a
/// server error, and a refusal always comes with the summary and "Fel: ".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_on_the_coordinator_pages_answers_without_javascript() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    let unit = nybro_unit(&app).await;
    let round = app.demo_round().await;
    let user = app
        .user("nagon@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let questionnaire = app
        .db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .0
        .id;
    let pages = [
        "/kommuner".to_string(),
        format!("/kommuner/{NYBRO}"),
        format!("/kommuner/{NYBRO}/redigera"),
        format!("/enheter/{unit}"),
        "/admin/anvandare".into(),
        format!("/admin/anvandare/{user}"),
        "/admin/verksamhetsomraden".into(),
        "/enkater".into(),
        format!("/enkater/{questionnaire}"),
        "/omgangar".into(),
        format!("/omgangar/{round}"),
        format!("/omgangar/{round}/utskick"),
        format!("/omgangar/{round}/utskick/mall/inbjudan"),
        format!("/omgangar/{round}/analys"),
    ];
    let mut posted = 0;
    for page in &pages {
        let (status, html) = app.page(&admin, page).await;
        assert_eq!(status, 200, "{page}");
        for (action, fields) in post_forms(&html) {
            // Logging out ends the session the rest of the test needs.
            if action.contains("logout") {
                continue;
            }
            let form: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let (status, _, body) = post_from(&app, &admin, page, &action, &form).await;
            posted += 1;
            assert!(status < 500, "{page} {action}: {status} {body}");
            if status >= 400 && status != 404 {
                assert!(body.contains("<title>Fel: "), "{page} {action}: {body}");
                assert!(
                    body.contains("class=\"error-summary\""),
                    "{page} {action}: {body}"
                );
            }
        }
    }
    assert!(posted > 20, "only {posted} forms found");
}

/// The `<form method="post" action="/api/…">` of a page: the action and
/// the fields as they would be posted (text as it stands, ticked boxes,
/// each select's chosen or first option).
fn post_forms(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let body_start = start + rest[start..].find('>').unwrap() + 1;
        let tag = &rest[start..body_start];
        let end = body_start + rest[body_start..].find("</form>").unwrap();
        let inner = &rest[body_start..end];
        rest = &rest[end..];
        let Some(action) = attr(tag, "action").filter(|a| a.starts_with("/api/")) else {
            continue;
        };
        if attr(tag, "method").as_deref() != Some("post") {
            continue;
        }
        let mut fields = Vec::new();
        for (name, tag) in tags(inner, "<input") {
            let kind = attr(tag, "type").unwrap_or_else(|| "text".into());
            if matches!(kind.as_str(), "checkbox" | "radio") && !tag.contains(" checked") {
                continue;
            }
            if kind == "submit" {
                continue;
            }
            fields.push((name, unescape(&attr(tag, "value").unwrap_or_default())));
        }
        for (name, tag) in tags(inner, "<textarea") {
            let at = inner.find(tag).unwrap() + tag.len();
            let text = &inner[at..at + inner[at..].find("</textarea>").unwrap()];
            fields.push((name, unescape(text)));
        }
        for (name, tag) in tags(inner, "<select") {
            let at = inner.find(tag).unwrap() + tag.len();
            let options = &inner[at..at + inner[at..].find("</select>").unwrap()];
            let chosen = tags_all(options, "<option")
                .into_iter()
                .find(|o| o.contains(" selected"))
                .or_else(|| tags_all(options, "<option").into_iter().next())
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            fields.push((name, unescape(&chosen)));
        }
        out.push((action, fields));
    }
    out
}

fn tags_all<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let end = start + rest[start..].find('>').unwrap() + 1;
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Named tags of one kind: (name, the tag).
fn tags<'a>(html: &'a str, open: &str) -> Vec<(String, &'a str)> {
    tags_all(html, open)
        .into_iter()
        .filter_map(|tag| attr(tag, "name").map(|name| (unescape(&name), tag)))
        .collect()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = at + tag[at..].find('"')?;
    Some(tag[at..end].to_string())
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Lines the server logs, for the test that matches a reference to them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_database_gives_a_500_page_with_a_reference_in_the_log() {
    let log = Captured::default();
    // Each test runs in its own process under nextest; under plain `cargo
    // test` another test may have set the subscriber, and then the log
    // part of the check is skipped.
    let logging = tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_writer(log.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish(),
    )
    .is_ok();
    let app = crate::common::spawn_app().await;
    let admin = app.admin_with_demo().await;
    // The page reads the sector list; the table is gone from under it.
    app.execute("ALTER TABLE sector RENAME TO sector_gone")
        .await;
    let (status, body) = app.page(&admin, "/admin/verksamhetsomraden").await;
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("<title>Något gick fel – Nuläge</title>"),
        "{body}"
    );
    assert!(body.contains("<h1>Något gick fel</h1>"));
    assert!(body.contains("Det som redan är sparat finns kvar."));
    assert!(!body.contains("Sidan finns inte"));
    let marker = "<strong class=\"error-reference\">";
    let at = body.find(marker).expect("a reference") + marker.len();
    let reference = &body[at..at + body[at..].find('<').unwrap()];
    assert_eq!(reference.len(), 8, "{reference}");
    assert!(
        reference.chars().all(|c| c.is_ascii_hexdigit()),
        "{reference}"
    );
    if logging {
        let lines = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        let line = lines
            .lines()
            .find(|l| l.contains("page could not be shown"))
            .unwrap_or_else(|| panic!("no error logged: {lines}"));
        assert!(line.contains(reference), "{reference} in {line}");
        assert!(line.contains("ERROR"), "{line}");
        // The database's own error is in the same request's span.
        assert!(
            lines
                .lines()
                .any(|l| l.contains("database error") && l.contains(reference)),
            "{lines}"
        );
    }
    app.execute("ALTER TABLE sector_gone RENAME TO sector")
        .await;
    let (status, _) = app.page(&admin, "/admin/verksamhetsomraden").await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_municipalitys_things_are_not_found_not_a_server_error() {
    let app = crate::common::spawn_app().await;
    app.load_demo().await;
    app.user("bara@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let coordinator = app.login("bara@nybro.example").await;
    let elsewhere = app
        .db
        .municipality_by_code("0780")
        .await
        .unwrap()
        .unwrap()
        .units[0]
        .id
        .clone();
    for path in [
        format!("/enheter/{elsewhere}"),
        "/kommuner/0780".to_string(),
        "/kommuner/0780/redigera".into(),
        "/enheter/00000000-0000-4000-8000-000000000000".into(),
    ] {
        let (status, body) = app.page(&coordinator, &path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(body.contains("Sidan finns inte"), "{path}");
        assert!(!body.contains("Något gick fel"), "{path}");
    }
}
