//! The accessibility statement: everyone reads it with every part DIGG asks
//! for, the shipped text until an administrator saves one; only
//! administrators change it, and a refused post changes nothing.

use crate::common::{spawn_app, without_markers, TestApp, COORDINATOR, NYBRO};
use crate::forms::post_from;
use app::auth::Role;
use app::statement::api::SaveStatement;
use app::statement::{Compliance, Statement, DIGG_REPORT_URL};
use leptos::server_fn::ServerFn;

const PAGE: &str = "/tillganglighet";
const EDIT: &str = "/admin/tillganglighet";
const ADMIN: &str = "admin@test.example";

/// A statement as an administrator fills it in, with a hostile item.
fn filled() -> Vec<(&'static str, &'static str)> {
    vec![
        ("organisation", "Växjö kommun"),
        ("service", "Nuläge för Växjö"),
        ("compliance", "delvis"),
        (
            "gaps",
            "Exporterna i Excelformat saknar rubrikrader.\r\n<script>alert(\"tr\")</script> Kartan saknar textalternativ.\r\n",
        ),
        ("assessed_on", "2026-11-30"),
        ("assessment", "extern"),
        ("method", "Granskad av Tillgänglighetsbyrån AB med skärmläsare."),
        ("contact_email", "Tillganglighet@Vaxjo.example"),
        ("contact_phone", "0470-410 00"),
        ("reply_time", "Vi svarar inom fem arbetsdagar."),
    ]
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user(ADMIN, Role::Admin, &[]).await;
    app.login(ADMIN).await
}

async fn rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM accessibility_statement")
        .await
}

/// The shipped statement, to anyone: every part DIGG asks for under its
/// heading, partially compliant, the known gaps as a list, whom to contact
/// (and no empty contact lines), and DIGG's form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_statement_has_every_part_for_anyone() {
    let app = spawn_app().await;
    let (status, html) = app.get_text(PAGE).await;
    assert_eq!(status, 200);
    for part in [
        "<title>Tillgänglighetsredogörelse för Nuläge – Nuläge</title>",
        "<h1>Tillgänglighetsredogörelse för Nuläge</h1>",
        "Den kommun eller organisation som har gett dig tillgång till Nuläge står bakom tjänsten.",
        "<h2>Hur tillgänglig är tjänsten?</h2>",
        "Nuläge är delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "EN 301 549, som för webbsidor motsvarar WCAG 2.1 nivå AA.",
        "<h2>Innehåll som inte är tillgängligt</h2>",
        "<li>Filer som laddas ner (exporter i CSV- och Excelformat och mallen för registerimporten) och filer som laddas upp för import är inte granskade för tillgänglighet.</li>",
        "<h2>Hur tjänsten har bedömts</h2>",
        "har ännu inte gjort någon egen bedömning av den.",
        "Verktyget axe kontrollerar i webbläsaren Chromium de krav i WCAG 2.1 nivå A och AA som går att testa automatiskt",
        "Automatiska tester hittar bara en del av de brister som kan finnas.",
        "Formulären testas både med och utan JavaScript",
        "400 % förstoring",
        "Diagram visas alltid tillsammans med en tabell med samma siffror.",
        "Det här är den redogörelse som följer med Nuläge.",
        "<h2>Rapportera brister i tjänstens tillgänglighet</h2>",
        "Kontakta den som samordnar kartläggningen i din kommun",
        "<h2>Tillsyn</h2>",
        &format!("<a href=\"{DIGG_REPORT_URL}\">Anmäl bristande tillgänglighet till Myndigheten för digital förvaltning (DIGG)</a>"),
    ] {
        assert!(html.contains(part), "{part} missing in {html}");
    }
    for absent in [
        "E-post:",
        "Telefon:",
        "mailto:",
        "tel:",
        "Ändra redogörelsen",
    ] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    assert_eq!(rows(&app).await, 0);

    // In English, the shipped text is English too.
    let response = app
        .client()
        .get(app.url(PAGE))
        .header("cookie", "nulage_lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = without_markers(response.text().await.unwrap());
    for part in [
        "<h1>Accessibility statement for Nuläge</h1>",
        "Nuläge is partially compliant with the Swedish act (2018:1937)",
        "<h2>Content that is not accessible</h2>",
        "Contact whoever coordinates the mapping in your municipality",
        "Report inadequate accessibility to the Agency for Digital Government (DIGG)",
    ] {
        assert!(html.contains(part), "{part} missing in {html}");
    }

    // Administrators are shown the way to change it; a coordinator is not.
    let admin = admin(&app).await;
    let (_, html) = app.page(&admin, PAGE).await;
    assert!(
        html.contains(&format!("<a href=\"{EDIT}\">Ändra redogörelsen</a>")),
        "{html}"
    );
    app.load_demo().await;
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    let (status, html) = app.page(&coordinator, PAGE).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Ändra redogörelsen"), "{html}");
}

/// An administrator saves with a plain form post; the public page shows
/// what was typed (markup as text), with the date it was saved; the save is
/// audited and the form shows the stored values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_saves_the_statement_and_everyone_reads_it() {
    let app = spawn_app().await;
    let admin = admin(&app).await;

    let (status, html) = app.page(&admin, EDIT).await;
    assert_eq!(status, 200);
    // Every control labelled; the shipped text is in the fields.
    for label in [
        "<label for=\"organisation\">Kommun eller organisation som står bakom tjänsten</label>",
        "<label for=\"service\">Tjänstens namn</label>",
        "<legend>Hur väl uppfyller tjänsten lagen?</legend>",
        "<label for=\"compliance\">Helt förenlig</label>",
        "<label for=\"compliance-delvis\">Delvis förenlig</label>",
        "<label for=\"compliance-inte\">Inte förenlig</label>",
        "<label for=\"gaps\">Innehåll som inte är tillgängligt</label>",
        "<label for=\"assessed_on\">Datum för den senaste bedömningen</label>",
        "<legend>Hur bedömdes tjänsten?</legend>",
        "<label for=\"method\">Så gick bedömningen till</label>",
        "<label for=\"contact_email\">E-postadress (frivilligt)</label>",
        "<label for=\"contact_phone\">Telefon (frivilligt)</label>",
        "<label for=\"reply_time\">Förväntad svarstid (frivilligt)</label>",
    ] {
        assert!(html.contains(label), "{label} missing in {html}");
    }
    assert!(html.contains(&format!("action=\"{}\"", SaveStatement::PATH)));
    assert!(html.contains("Filer som laddas ner (exporter"), "{html}");
    assert!(
        html.contains("id=\"compliance-delvis\" name=\"compliance\" value=\"delvis\" checked"),
        "{html}"
    );

    let (status, _, html) = post_from(&app, &admin, EDIT, SaveStatement::PATH, &filled()).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Redogörelsen är sparad."), "{html}");
    // The form now shows what is stored, the hostile text escaped in its field.
    assert!(html.contains("value=\"Växjö kommun\""), "{html}");
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    assert!(html.contains("value=\"2026-11-30\""), "{html}");
    assert!(
        html.contains("id=\"assessment-extern\" name=\"assessment\" value=\"extern\" checked"),
        "{html}"
    );

    let today = app::time::format_date_stockholm(app::db::now());
    let (status, html) = app.get_text(PAGE).await;
    assert_eq!(status, 200);
    for part in [
        "<h1>Tillgänglighetsredogörelse för Nuläge för Växjö</h1>",
        "Växjö kommun står bakom Nuläge för Växjö.",
        "Nuläge för Växjö är delvis förenlig med lagen (2018:1937)",
        "<li>Exporterna i Excelformat saknar rubrikrader.</li>",
        "<li>&lt;script&gt;alert(",
        "Tjänsten bedömdes senast 2026-11-30 genom en extern granskning.",
        "<p>Granskad av Tillgänglighetsbyrån AB med skärmläsare.</p>",
        &format!("Redogörelsen uppdaterades senast {today}."),
        "E-post: <a href=\"mailto:tillganglighet@vaxjo.example\">tillganglighet@vaxjo.example</a>",
        "Telefon: <a href=\"tel:047041000\">0470-410 00</a>",
        "<p>Vi svarar inom fem arbetsdagar.</p>",
        DIGG_REPORT_URL,
    ] {
        assert!(html.contains(part), "{part} missing in {html}");
    }
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("Kontakta den som samordnar"), "{html}");
    assert!(!html.contains("Filer som laddas ner"), "{html}");

    // Stored once, by the administrator, and audited.
    let stored = app.db.accessibility_statement().await.unwrap().unwrap();
    assert_eq!(stored.compliance, Compliance::Partial);
    assert_eq!(stored.gap_items().len(), 2);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM accessibility_statement a JOIN app_user u ON u.id = a.updated_by WHERE u.email = '{ADMIN}'"
        ))
        .await,
        1
    );
    let audit = app.audit("statement.updated").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, ADMIN);
    assert_eq!(audit[0].detail, "delvis");

    // Saved again as fully compliant with no gaps and no contact: the
    // same one row, and the page says whom to ask instead.
    let mut full = filled();
    for (name, value) in full.iter_mut() {
        match *name {
            "compliance" => *value = "helt",
            "gaps" | "contact_email" | "contact_phone" | "reply_time" => *value = "",
            _ => {}
        }
    }
    let (status, body) = app.call(&admin, SaveStatement::PATH, &full).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(rows(&app).await, 1);
    let (_, html) = app.get_text(PAGE).await;
    assert!(
        html.contains("Nuläge för Växjö är helt förenlig med lagen"),
        "{html}"
    );
    assert!(html.contains("Vi känner inte till något innehåll som inte är tillgängligt."));
    assert!(html.contains("Kontakta den som samordnar kartläggningen i din kommun"));
    assert!(
        !html.contains("E-post:") && !html.contains("mailto:"),
        "{html}"
    );
    assert_eq!(app.audit("statement.updated").await.len(), 2);
}

/// Coordinators, readers and anonymous callers can neither open the form
/// nor save: the server function refuses them and nothing is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_administrators_change_the_statement() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let coordinator = app.login(COORDINATOR).await;
    let reader = app.login("lasare@nybro.example").await;

    for (who, client) in [("coordinator", &coordinator), ("reader", &reader)] {
        assert_eq!(
            app.call(client, SaveStatement::PATH, &filled()).await.0,
            403,
            "{who}"
        );
        let (status, _, html) = post_from(&app, client, EDIT, SaveStatement::PATH, &filled()).await;
        assert_eq!(status, 403, "{who}: {html}");
        // The edit page is refused like every administration page.
        let (status, html) = app.page(client, EDIT).await;
        assert_eq!(
            status,
            app.page(client, "/admin/anvandare").await.0,
            "{who}"
        );
        assert_eq!(status, 403, "{who}");
        assert!(!html.contains("Spara redogörelsen"), "{who}: {html}");
    }
    assert_eq!(
        app.call(&app.client(), SaveStatement::PATH, &filled())
            .await
            .0,
        401
    );
    assert_eq!(app.post_form(SaveStatement::PATH, &filled()).await.0, 401);
    let response = app.get(EDIT).await;
    assert!(
        response.status().is_redirection() || response.status() == 401,
        "{}",
        response.status()
    );

    assert_eq!(rows(&app).await, 0);
    assert!(app.audit("statement.updated").await.is_empty());
    let (_, html) = app.get_text(PAGE).await;
    assert!(html.contains("Kontakta den som samordnar kartläggningen"));
    assert!(!html.contains("Växjö kommun"));

    // Nor can they change one an administrator saved.
    let admin = admin(&app).await;
    assert_eq!(
        app.call(&admin, SaveStatement::PATH, &filled()).await.0,
        200
    );
    let saved = app.db.accessibility_statement().await.unwrap();
    let mut other = filled();
    other[0] = ("organisation", "Någon annan");
    assert_eq!(
        app.call(&coordinator, SaveStatement::PATH, &other).await.0,
        403
    );
    assert_eq!(app.db.accessibility_statement().await.unwrap(), saved);
    assert_eq!(app.audit("statement.updated").await.len(), 1);
}

/// A refused post shows the form again with a Swedish message at each
/// field, in the summary, with what was typed; what was saved stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_in_swedish_and_keeps_the_saved_statement() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let (status, _, _) = post_from(&app, &admin, EDIT, SaveStatement::PATH, &filled()).await;
    assert_eq!(status, 200);
    let saved: Statement = app.db.accessibility_statement().await.unwrap().unwrap();

    let long = "x".repeat(201);
    for (field, value, words) in [
        (
            "contact_email",
            "namn@kommun",
            "Skriv en e-postadress i rätt format, till exempel namn@kommun.se.",
        ),
        (
            "assessed_on",
            "30/11/2026",
            "Skriv datumet för bedömningen som ÅÅÅÅ-MM-DD, till exempel 2026-11-30.",
        ),
        (
            "assessed_on",
            "2099-01-01",
            "Datumet för bedömningen kan inte vara senare än i dag.",
        ),
        (
            "compliance",
            "ja",
            "Välj hur väl tjänsten uppfyller lagen: helt, delvis eller inte förenlig.",
        ),
        (
            "assessment",
            "",
            "Välj hur tjänsten bedömdes: självskattning eller extern granskning.",
        ),
        (
            "organisation",
            long.as_str(),
            "Namnet på organisationen får vara högst 200 tecken.",
        ),
        (
            "organisation",
            "  ",
            "Skriv namnet på kommunen eller organisationen som står bakom tjänsten.",
        ),
        (
            "contact_phone",
            "ring växeln",
            "Skriv telefonnumret med siffror",
        ),
        (
            "gaps",
            "",
            "Beskriv det innehåll som inte är tillgängligt och varför, en brist per rad.",
        ),
    ] {
        let mut form = filled();
        for (name, v) in form.iter_mut() {
            if *name == field {
                *v = value;
            }
        }
        // The organisation is changed too: it must not be saved either.
        for (name, v) in form.iter_mut() {
            if *name == "service" {
                *v = "Ett nytt namn";
            }
        }
        let (status, _, html) = post_from(&app, &admin, EDIT, SaveStatement::PATH, &form).await;
        assert_eq!(status, 422, "{field}: {html}");
        assert!(html.contains("<title>Fel: "), "{field}");
        assert!(html.contains("class=\"error-summary\""), "{field}");
        assert!(
            html.contains(&format!("href=\"#{field}\"")),
            "{field}: {html}"
        );
        assert!(
            html.contains(&format!("id=\"{field}-fel\"")),
            "{field}: {html}"
        );
        assert!(html.contains(words), "{field}: {words} missing in {html}");
        // What was typed is kept.
        assert!(html.contains("value=\"Ett nytt namn\""), "{field}");
        assert_eq!(
            app.db.accessibility_statement().await.unwrap().as_ref(),
            Some(&saved),
            "{field}"
        );
    }
    // A fully compliant service with gaps listed is a contradiction.
    let mut form = filled();
    form[2] = ("compliance", "helt");
    let (status, body) = app.call(&admin, SaveStatement::PATH, &form).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("En helt förenlig tjänst"), "{body}");

    assert_eq!(app.db.accessibility_statement().await.unwrap(), Some(saved));
    assert_eq!(app.audit("statement.updated").await.len(), 1);
    let (_, html) = app.get_text(PAGE).await;
    assert!(!html.contains("Ett nytt namn"));
    assert!(html.contains("Växjö kommun står bakom Nuläge för Växjö."));
}
