//! Registry import: upload, preview, apply in one transaction, re-import, scope, CLI.

use crate::common::{spawn_app, TestApp};
use app::auth::Role;
use app::registry::import::{Change, ImportPlan, PlannedUnit};
use app::registry::import_api::ApplyImport;
use app::vocabulary::UnitKind;
use leptos::server_fn::ServerFn;

const FILE: &str = "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
    1080;Karlskrona;Utbildningsförvaltningen;förvaltning;Utbildning;Eva Ny;eva.ny@karlskrona.example;EU-samordnare\r\n\
    1080;Karlskrona;Marinmuseet i samverkan;annat;Kultur och fritid;;;\r\n";

async fn upload(app: &TestApp, client: &reqwest::Client, bytes: Vec<u8>) -> reqwest::Response {
    // A refusal can come before the whole body is sent, and the server then
    // closes the connection: the client may see the closed pipe before the
    // answer. Try again, as a browser would show the answer.
    for _ in 0..4 {
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name("register.csv");
        let form = reqwest::multipart::Form::new().part("fil", part);
        if let Ok(response) = client
            .post(app.url("/import/fil"))
            .multipart(form)
            .send()
            .await
        {
            return response;
        }
    }
    panic!("no answer to the upload");
}

/// Uploads and returns the preview page's path.
async fn staged(app: &TestApp, client: &reqwest::Client, bytes: &[u8]) -> String {
    let response = upload(app, client, bytes.to_vec()).await;
    assert_eq!(response.status().as_u16(), 303);
    response.headers()["location"].to_str().unwrap().to_string()
}

async fn unit_count(app: &TestApp, code: &str) -> usize {
    app.db
        .municipality_by_code(code)
        .await
        .unwrap()
        .map_or(0, |m| m.units.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_then_apply_then_reimport_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let before = unit_count(&app, "1080").await;

    let preview = staged(&app, &admin, FILE.as_bytes()).await;
    let (status, page) = app.page(&admin, &preview).await;
    assert_eq!(status, 200);
    assert!(page.contains("Förhandsgranska inläsning"));
    assert!(
        page.contains("enheter: 1 nya, 0 ändras, 1 oförändrade"),
        "{page}"
    );
    assert!(page.contains("Marinmuseet i samverkan"));
    // Nothing is written before confirming.
    assert_eq!(unit_count(&app, "1080").await, before);

    let id = preview.rsplit('/').next().unwrap();
    let (status, _) = app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert!(status < 400);
    assert_eq!(unit_count(&app, "1080").await, before + 1);
    let karlskrona = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let education = karlskrona
        .units
        .iter()
        .find(|u| u.name == "Utbildningsförvaltningen")
        .unwrap();
    assert!(education
        .contacts
        .iter()
        .any(|c| c.email == "eva.ny@karlskrona.example"));
    let (_, page) = app.page(&admin, &preview).await;
    assert!(page.contains("Registret är inläst"));

    // A second click on the same confirmation writes nothing more.
    app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert_eq!(unit_count(&app, "1080").await, before + 1);

    // The same file again: nothing to do.
    let again = staged(&app, &admin, FILE.as_bytes()).await;
    let (_, page) = app.page(&admin, &again).await;
    assert!(page.contains("Filen stämmer redan med registret"), "{page}");

    let audit = app.audit("registry").await;
    assert_eq!(audit.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_file_updates_instead_of_duplicating() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = staged(&app, &admin, FILE.as_bytes())
        .await
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    app.call(&admin, ApplyImport::PATH, &[("id", &id)]).await;
    let count = unit_count(&app, "1080").await;

    let changed = FILE
        .replace("EU-samordnare", "Internationell strateg")
        .replace(
            "Marinmuseet i samverkan;annat",
            "MARINMUSEET I SAMVERKAN;bolag",
        );
    let preview = staged(&app, &admin, changed.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(
        page.contains("enheter: 0 nya, 1 ändras, 1 oförändrade; kontaktpersoner: 0 nya, 1 ändras"),
        "{page}"
    );
    let id = preview.rsplit('/').next().unwrap();
    app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert_eq!(unit_count(&app, "1080").await, count);
    let m = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let museum = m
        .units
        .iter()
        .find(|u| u.name == "Marinmuseet i samverkan")
        .unwrap();
    assert_eq!(museum.kind, "bolag");
    let eva = m
        .units
        .iter()
        .flat_map(|u| &u.contacts)
        .find(|c| c.email == "eva.ny@karlskrona.example")
        .unwrap();
    assert_eq!(eva.role, "Internationell strateg");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_problems_writes_nothing_and_cannot_be_confirmed() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let bad = format!("{FILE}1080;Karlskrona;Trasig enhet;myndighet;Utbildning;;;\r\n");
    let preview = staged(&app, &admin, bad.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(page.contains("Filen har 1 problem"), "{page}");
    assert!(page.contains("Okänd typ"));
    assert!(!page.contains("Bekräfta och spara"));
    let id = preview.rsplit('/').next().unwrap();
    let (status, body) = app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert_eq!(status, 422, "{body}");
    assert!(!app
        .db
        .municipality_by_code("1080")
        .await
        .unwrap()
        .unwrap()
        .units
        .iter()
        .any(|u| u.name == "Marinmuseet i samverkan"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_in_the_middle_rolls_everything_back() {
    let app = spawn_app().await;
    app.load_demo().await;
    let before = unit_count(&app, "1080").await;
    let unit = |name: &str, sector: &str| PlannedUnit {
        code: "1080".into(),
        municipality: "Karlskrona".into(),
        name: name.into(),
        kind: UnitKind::Annat,
        sector: sector.into(),
        change: Change::Create,
        restore: false,
    };
    let plan = ImportPlan {
        units: vec![unit("Först", "utbildning"), unit("Sedan", "finns_inte")],
        ..Default::default()
    };
    assert!(app.db.apply_import(&plan, None).await.is_err());
    assert_eq!(unit_count(&app, "1080").await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinators_import_only_within_their_municipalities() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("samordnare@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let client = app.login("samordnare@vaxjo.example").await;
    let preview = staged(&app, &client, FILE.as_bytes()).await;
    let (_, page) = app.page(&client, &preview).await;
    assert!(
        page.contains("Du har inte behörighet att ändra Karlskrona (1080)"),
        "{page}"
    );
    let id = preview.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        app.call(&client, ApplyImport::PATH, &[("id", &id)]).await.0,
        422
    );

    // Another user's upload is not there for them.
    app.user("annan@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let other = app.login("annan@vaxjo.example").await;
    assert_eq!(app.page(&other, &preview).await.0, 404);
    assert_eq!(
        app.call(&other, ApplyImport::PATH, &[("id", &id)]).await.0,
        404
    );

    // Readers cannot upload at all.
    app.user("lasare@vaxjo.example", Role::Reader, &["0780"])
        .await;
    let reader = app.login("lasare@vaxjo.example").await;
    let response = upload(&app, &reader, FILE.as_bytes().to_vec()).await;
    assert_eq!(response.headers()["location"], "/import?fel=behorighet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_problems_are_explained() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let response = upload(&app, &admin, Vec::new()).await;
    assert_eq!(response.headers()["location"], "/import?fel=tom");
    let response = upload(&app, &admin, vec![b'a'; 2 * 1024 * 1024 + 10]).await;
    assert_eq!(response.headers()["location"], "/import?fel=stor");
    let (status, page) = app.page(&admin, "/import?fel=stor").await;
    assert_eq!(status, 200);
    assert!(page.contains("högst 2 MB"));
    let anonymous = upload(&app, &app.client(), FILE.as_bytes().to_vec()).await;
    assert_eq!(anonymous.headers()["location"], "/logga-in?nasta=/import");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_template_opens_in_swedish_excel() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let response = admin.get(app.url("/import/mall.csv")).send().await.unwrap();
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFkommunkod;kommun;enhet;typ;"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    // The template itself imports cleanly.
    let preview = staged(&app, &admin, &bytes).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(
        page.contains("Bekräfta och spara") && !page.contains("Filen har"),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_line_import_with_dry_run_and_errors() {
    let app = spawn_app().await;
    app.load_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("bra.csv");
    std::fs::write(&good, FILE).unwrap();
    let bad = dir.path().join("fel.csv");
    std::fs::write(
        &bad,
        format!("{FILE}1080;Karlskrona;X;förvaltning;Utbildning;Kim;inte-en-adress;\r\n"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nulage"))
            .arg("--database-url")
            .arg(&app.database_url)
            .args(args)
            .output()
            .unwrap()
    };
    let before = unit_count(&app, "1080").await;

    let dry = run(&["import-registry", good.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success());
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        out.contains("Enheter: 1 nya") && out.contains("Provkörning"),
        "{out}"
    );
    assert_eq!(unit_count(&app, "1080").await, before);

    let failed = run(&["import-registry", bad.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let out = String::from_utf8_lossy(&failed.stdout);
    assert!(out.contains("rad 4, kolumn e-post"), "{out}");
    assert!(String::from_utf8_lossy(&failed.stderr).contains("filen har 1 problem"));
    assert_eq!(unit_count(&app, "1080").await, before);

    let applied = run(&["import-registry", good.to_str().unwrap()]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(unit_count(&app, "1080").await, before + 1);
}

/// A file of `n` new units for Karlskrona, "Enhet 0001" and on.
fn many_units(n: usize) -> String {
    let mut file = String::from("kommunkod;kommun;enhet;typ;verksamhetsområde\r\n");
    for i in 1..=n {
        file.push_str(&format!(
            "1080;Karlskrona;Enhet {i:04};annat;Utbildning\r\n"
        ));
    }
    file
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_of_a_million_rows_is_refused_at_once_and_nothing_is_staged() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let units_before = app.count("SELECT COUNT(*) FROM unit").await;
    // The outside tester's file: a valid header, then a million short rows,
    // just under the 2 MB an upload may be.
    let mut file = b"kommunkod;enhet;typ;verksamhetsomr\xC3\xA5de\n".to_vec();
    file.extend(std::iter::repeat_n(*b"x\n", 1_000_000).flatten());
    assert!(file.len() < 2 * 1024 * 1024, "{}", file.len());

    let started = std::time::Instant::now();
    let response = upload(&app, &admin, file).await;
    let took = started.elapsed();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/import?fel=rader");
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    let (status, page) = app.page(&admin, "/import?fel=rader").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Filen har fler än 20 000 rader. Dela upp den i flera filer."),
        "{page}"
    );

    // Nothing staged, nothing written, and the server answers as before.
    assert_eq!(app.count("SELECT COUNT(*) FROM registry_import").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM unit").await, units_before);
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    let preview = staged(&app, &admin, FILE.as_bytes()).await;
    assert_eq!(app.page(&admin, &preview).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_preview_is_paged_and_read_from_the_stored_plan() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let preview = staged(&app, &admin, many_units(5_000).as_bytes()).await;
    let (status, first) = app.page(&admin, &preview).await;
    assert_eq!(status, 200);
    assert!(first.contains("enheter: 5000 nya"), "{first}");
    assert!(first.contains("Enhet 0001") && first.contains("Enhet 0200"));
    assert!(!first.contains("Enhet 0201"), "200 rows a page");
    assert!(first.contains("Sida 1 av 25"), "{first}");
    assert!(
        first.contains(&format!("href=\"{preview}?sida=2\"")),
        "{first}"
    );
    assert!(first.contains("aria-label=\"Sidor\""), "{first}");
    // Anyone may confirm from any page: the form is on each of them.
    assert!(first.contains("Bekräfta och spara"));

    let (_, second) = app.page(&admin, &format!("{preview}?sida=2")).await;
    assert!(second.contains("Enhet 0201") && second.contains("Enhet 0400"));
    assert!(!second.contains("Enhet 0200<") && !second.contains("Enhet 0401"));
    assert!(second.contains("Sida 2 av 25"));
    let (_, last) = app.page(&admin, &format!("{preview}?sida=25")).await;
    assert!(last.contains("Enhet 5000") && !last.contains("Enhet 4800<"));
    // A page past the end shows the last one.
    let (status, beyond) = app.page(&admin, &format!("{preview}?sida=99")).await;
    assert_eq!(status, 200);
    assert!(beyond.contains("Sida 25 av 25"));

    // Reloading reads the plan stored at upload: the file is not read again.
    // (What was uploaded is overwritten here; a preview that parsed it again
    // would now show a broken file.)
    let id = preview.rsplit('/').next().unwrap();
    assert_eq!(
        app.execute(&format!(
            "UPDATE registry_import SET content = 'trasig' WHERE id = '{id}'"
        ))
        .await,
        1
    );
    let (status, again) = app.page(&admin, &preview).await;
    assert_eq!(status, 200);
    assert!(again.contains("enheter: 5000 nya"), "{again}");
    assert!(!again.contains("saknas i rubrikraden"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM unit WHERE name LIKE 'Enhet %'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_the_registry_has_moved_past_is_not_applied() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    // The same file in two tabs: confirmed in the first, then in the second.
    let first = staged(&app, &admin, FILE.as_bytes()).await;
    let second = staged(&app, &admin, FILE.as_bytes()).await;
    let first_id = first.rsplit('/').next().unwrap();
    let (status, _) = app
        .call(&admin, ApplyImport::PATH, &[("id", first_id)])
        .await;
    assert!(status < 400);
    let count = unit_count(&app, "1080").await;
    let second_id = second.rsplit('/').next().unwrap();
    let (status, body) = app
        .call(&admin, ApplyImport::PATH, &[("id", second_id)])
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Registret har ändrats"), "{body}");
    assert_eq!(unit_count(&app, "1080").await, count);
    assert_eq!(app.audit("registry").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn line_breaks_in_a_file_are_cleaned_from_names_and_refused_in_addresses() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    // Alt+Enter in an Excel cell: a line break inside a quoted field.
    let file = "kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
        1080;\"Marin\nmuseet\";annat;Kultur och fritid;\"Eva\r\nNy\";eva.ny@karlskrona.example;\"EU-\tsamordnare\"\r\n\
        1080;Hamnen;annat;Kultur och fritid;Kim;\"kim@karlskrona.example\n\";\r\n";
    let preview = staged(&app, &admin, file.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(page.contains("Filen har 1 problem"), "{page}");
    assert!(page.contains("radbrytningar"), "{page}");

    // Without the broken address the file goes in, with the names on one line.
    let file = "kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
        1080;\"Marin\nmuseet\";annat;Kultur och fritid;\"Eva\r\nNy\";eva.ny@karlskrona.example;\"EU-\tsamordnare\"\r\n";
    let preview = staged(&app, &admin, file.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(
        page.contains("Marin museet") && page.contains("Eva Ny"),
        "{page}"
    );
    let id = preview.rsplit('/').next().unwrap();
    let (status, body) = app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert!(status < 400, "{body}");
    let karlskrona = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let museum = karlskrona
        .units
        .iter()
        .find(|u| u.name == "Marin museet")
        .expect("the unit, its name on one line");
    let eva = &museum.contacts[0];
    assert_eq!(
        (eva.name.as_str(), eva.role.as_str()),
        ("Eva Ny", "EU- samordnare")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_requests_are_refused_in_swedish() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    // The server answers before it has read the body and then closes the
    // connection, so each refused request gets a client of its own.
    let fresh = async || app.login("admin@test.example").await;
    // Over what the upload routes take at all (2 MB and the form around it).
    let response = upload(&app, &fresh().await, vec![b'a'; 3 * 1024 * 1024]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/import?fel=stor");

    let mut answer = None;
    for _ in 0..4 {
        let part = reqwest::multipart::Part::bytes(vec![b'{'; 3 * 1024 * 1024]).file_name("e.json");
        let sent = fresh()
            .await
            .post(app.url("/enkater/importera/fil"))
            .multipart(reqwest::multipart::Form::new().part("fil", part))
            .send()
            .await;
        if let Ok(response) = sent {
            answer = Some(response);
            break;
        }
    }
    let response = answer.expect("an answer to the upload");
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/enkater/importera?fel="),
        "{location}"
    );
    let (_, page) = app.page(&admin, &location).await;
    assert!(page.contains("större än 2 MB"), "{page}");

    // Any other request over 256 kB: the refusal is in Swedish too.
    let notes = "x".repeat(300 * 1024);
    let mut answer = None;
    for _ in 0..4 {
        let sent = fresh()
            .await
            .post(app.url(app::registry::edit_api::UpdateMunicipality::PATH))
            .form(&[("code", "1080"), ("population", ""), ("notes", &notes)])
            .send()
            .await;
        if let Ok(response) = sent {
            answer = Some(response);
            break;
        }
    }
    let response = answer.expect("an answer to the post");
    assert_eq!(response.status().as_u16(), 413);
    let text = response.text().await.unwrap();
    assert!(text.contains("för stort"), "{text}");
    assert!(!text.contains("length limit"), "{text}");
}

/// A file saved by Swedish Excel (Windows-1252) where every contact's role is
/// "internationell kontaktperson" and there is no `internationell` column:
/// those contacts are marked, the preview says so, and the municipality no
/// longer counts those units as lacking one. A later file with the column
/// changes the mark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_international_contact_comes_from_the_role_or_its_own_column() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let file = "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
        1080;Karlskrona;Tekniska förvaltningen Öst;förvaltning;Samhällsbyggnad och teknik;Åsa Öberg;asa.oberg@karlskrona.example;internationell kontaktperson\r\n\
        1080;Karlskrona;Tekniska förvaltningen Öst;förvaltning;Samhällsbyggnad och teknik;Per Ek;per.ek@karlskrona.example;Enhetschef\r\n";
    // As Swedish Excel saves it: Windows-1252.
    let bytes: Vec<u8> = file
        .chars()
        .map(|c| match c {
            'å' => 0xE5,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'Å' => 0xC5,
            'Ä' => 0xC4,
            'Ö' => 0xD6,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in the test's table"),
        })
        .collect();
    let preview = staged(&app, &admin, &bytes).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(
        page.contains("<th scope=\"col\">Internationell kontaktperson</th>"),
        "{page}"
    );
    let row_of = |name: &str| {
        let at = page.find(&format!("<td>{name}</td>")).expect(name);
        page[at..at + page[at..].find("</tr>").unwrap()].to_string()
    };
    assert!(
        row_of("Åsa Öberg").contains("<td>Ja</td>"),
        "{}",
        row_of("Åsa Öberg")
    );
    assert!(row_of("Per Ek").contains("<td>Nej</td>"));
    let id = preview.rsplit('/').next().unwrap();
    let (status, _) = app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert!(status < 400);
    let unit = |m: app::registry::MunicipalityDetail| {
        m.units
            .into_iter()
            .find(|u| u.name == "Tekniska förvaltningen Öst")
            .unwrap()
    };
    let karlskrona = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let marked: Vec<(String, bool)> = unit(karlskrona)
        .contacts
        .into_iter()
        .map(|c| (c.name, c.is_international))
        .collect();
    assert!(
        marked.contains(&("Åsa Öberg".to_string(), true)),
        "{marked:?}"
    );
    assert!(
        marked.contains(&("Per Ek".to_string(), false)),
        "{marked:?}"
    );

    // The column, in another place, says otherwise: the marks change.
    let file = "internationell;kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
        nej;1080;Tekniska förvaltningen Öst;förvaltning;Samhällsbyggnad och teknik;Åsa Öberg;asa.oberg@karlskrona.example;internationell kontaktperson\r\n\
        ja;1080;Tekniska förvaltningen Öst;förvaltning;Samhällsbyggnad och teknik;Per Ek;per.ek@karlskrona.example;Enhetschef\r\n";
    let preview = staged(&app, &admin, file.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(page.contains("kontaktpersoner: 0 nya, 2 ändras"), "{page}");
    let id = preview.rsplit('/').next().unwrap();
    app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    let karlskrona = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let marked: Vec<(String, bool)> = unit(karlskrona)
        .contacts
        .into_iter()
        .map(|c| (c.name, c.is_international))
        .collect();
    assert!(
        marked.contains(&("Åsa Öberg".to_string(), false)),
        "{marked:?}"
    );
    assert!(marked.contains(&("Per Ek".to_string(), true)), "{marked:?}");
}

/// The sixteen Skåne municipalities of the BOSS project (kommunkod, name).
const SKANE: [(&str, &str); 16] = [
    ("1280", "Malmö"),
    ("1281", "Lund"),
    ("1283", "Helsingborg"),
    ("1286", "Ystad"),
    ("1287", "Trelleborg"),
    ("1290", "Kristianstad"),
    ("1293", "Hässleholm"),
    ("1282", "Landskrona"),
    ("1285", "Eslöv"),
    ("1267", "Höör"),
    ("1266", "Hörby"),
    ("1265", "Sjöbo"),
    ("1264", "Skurup"),
    ("1263", "Svedala"),
    ("1270", "Tomelilla"),
    ("1291", "Simrishamn"),
];

/// A municipality's units: (name, kind, the sector as the file writes it —
/// the glossary's short forms, in the case people type — and its key).
fn skane_units(
    name: &str,
    index: usize,
) -> Vec<(String, &'static str, &'static str, &'static str)> {
    let energy = if index.is_multiple_of(2) {
        "energi/VA/avfall"
    } else {
        "Energi/VA/Avfall"
    };
    let mut units = vec![
        (
            "Kommunledningsförvaltningen".to_string(),
            "förvaltning",
            "kommunledning",
            "kommunledning",
        ),
        (
            "Barn- och utbildningsförvaltningen".into(),
            "förvaltning",
            "Utbildning",
            "utbildning",
        ),
        (
            "Socialförvaltningen".into(),
            "förvaltning",
            "socialtjänst & omsorg",
            "socialtjanst_omsorg",
        ),
        (
            "Samhällsbyggnadsförvaltningen".into(),
            "förvaltning",
            "samhällsbyggnad & teknik",
            "samhallsbyggnad_teknik",
        ),
        (
            "Kultur- och fritidsförvaltningen".into(),
            "förvaltning",
            "kultur & fritid",
            "kultur_fritid",
        ),
        ("Miljöförvaltningen".into(), "förvaltning", "MILJÖ", "miljo"),
        (
            "Arbetsmarknadsenheten".into(),
            "annat",
            "näringsliv & arbetsmarknad",
            "naringsliv_arbetsmarknad",
        ),
        (
            format!("{name} Energi AB"),
            "bolag",
            energy,
            "energi_va_avfall",
        ),
        (format!("{name}hem AB"), "bolag", "bostäder", "bostader"),
    ];
    // The larger ones have a rescue service of their own.
    if index < 11 {
        units.push((
            "Räddningstjänsten".into(),
            "förvaltning",
            "Räddningstjänst",
            "raddningstjanst",
        ));
    }
    units
}

/// Text as Swedish Excel saves it: Windows-1252 (Latin-1 for these letters).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            n @ (0..=0x7F | 0xA0..=0xFF) => n as u8,
            _ => panic!("{c} is not in the test's table"),
        })
        .collect()
}

/// The file: one row per contact; every unit has an international contact
/// person (by role, as the file has no `internationell` column) and every
/// third unit a head of administration as well. Returns the bytes, how many
/// units and how many contacts of each kind.
fn skane_file() -> (Vec<u8>, usize, usize, usize) {
    let names = [
        "Åsa Öberg",
        "Per Ek",
        "Märta Lindén",
        "Björn Åkesson",
        "Eva Sjöström",
        "Jörgen Hägg",
    ];
    let mut file =
        String::from("kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n");
    let (mut units, mut international, mut others) = (0, 0, 0);
    for (index, (code, name)) in SKANE.iter().enumerate() {
        for (unit, kind, sector, _) in skane_units(name, index) {
            units += 1;
            let person = names[units % names.len()];
            file.push_str(&format!(
                "{code};{name};{unit};{kind};{sector};{person};int.{units}@k{code}.example;internationell kontaktperson\r\n"
            ));
            international += 1;
            if units.is_multiple_of(3) {
                file.push_str(&format!(
                    "{code};{name};{unit};{kind};{sector};Chef {units};chef.{units}@k{code}.example;Förvaltningschef\r\n"
                ));
                others += 1;
            }
        }
    }
    (windows_1252(&file), units, international, others)
}

/// Issue #18's file: sixteen municipalities, 155 units written with the
/// glossary's short sector names, saved by Swedish Excel. It is previewed
/// and applied without a single sector problem (on the page and on the
/// command line), every unit lands in its sector, and the international
/// contact persons are marked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_municipalities_with_the_glossarys_short_sector_names() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (bytes, units, international, others) = skane_file();
    assert_eq!(units, 155);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "Windows-1252, not UTF-8"
    );

    // The command line's dry run reads it the same way.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skane.csv");
    std::fs::write(&path, &bytes).unwrap();
    let dry = std::process::Command::new(env!("CARGO_BIN_EXE_nulage"))
        .arg("--database-url")
        .arg(&app.database_url)
        .args(["import-registry", path.to_str().unwrap(), "--dry-run"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        out.contains("Kommuner: 16 nya.")
            && out.contains("Enheter: 155 nya, 0 ändras, 0 oförändrade.")
            && !out.contains("rad "),
        "{out}"
    );

    let preview = staged(&app, &admin, &bytes).await;
    let (status, page) = app.page(&admin, &preview).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Filen har"), "{page}");
    assert!(
        !page.contains("verksamhetsområde"),
        "no sector problem: {page}"
    );
    assert!(
        page.contains(&format!(
            "16 nya kommuner; enheter: 155 nya, 0 ändras, 0 oförändrade; kontaktpersoner: {} nya",
            international + others
        )),
        "{page}"
    );
    assert!(page.contains("Bekräfta och spara"));
    let id = preview.rsplit('/').next().unwrap();
    let (status, body) = app.call(&admin, ApplyImport::PATH, &[("id", id)]).await;
    assert!(status < 400, "{body}");

    let skane =
        "FROM unit u JOIN municipality m ON m.id = u.municipality_id WHERE m.county = 'Skåne län'";
    assert_eq!(app.count(&format!("SELECT COUNT(*) {skane}")).await, 155);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM municipality WHERE county = 'Skåne län'")
            .await,
        16
    );
    for (sector, expected) in [
        ("kommunledning", 16),
        ("utbildning", 16),
        ("socialtjanst_omsorg", 16),
        ("samhallsbyggnad_teknik", 16),
        ("kultur_fritid", 16),
        ("miljo", 16),
        ("naringsliv_arbetsmarknad", 16),
        ("energi_va_avfall", 16),
        ("bostader", 16),
        ("raddningstjanst", 11),
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) {skane} AND u.sector = '{sector}'"
            ))
            .await,
            expected,
            "{sector}"
        );
    }
    let contacts = |flag: i64| {
        format!(
            "SELECT COUNT(*) FROM contact c JOIN unit u ON u.id = c.unit_id \
             JOIN municipality m ON m.id = u.municipality_id \
             WHERE m.county = 'Skåne län' AND c.is_international = {flag}"
        )
    };
    assert_eq!(app.count(&contacts(1)).await, international as i64);
    assert_eq!(app.count(&contacts(0)).await, others as i64);

    // Each unit in its sector, with its names as written (Windows-1252 read right).
    for (index, (code, name)) in SKANE.iter().enumerate() {
        let m = app.db.municipality_by_code(code).await.unwrap().unwrap();
        assert_eq!(&m.name, name);
        let wanted = skane_units(name, index);
        assert_eq!(m.units.len(), wanted.len(), "{name}");
        for (unit, _, _, key) in wanted {
            let found = m
                .units
                .iter()
                .find(|u| u.name == unit)
                .unwrap_or_else(|| panic!("{unit} in {name}"));
            assert_eq!(found.sector, key, "{unit} in {name}");
            assert!(found.has_international_contact(), "{unit} in {name}");
        }
    }
    let (_, malmo) = app.page(&admin, "/kommuner/1280").await;
    assert!(malmo.contains("Malmö Energi AB"), "{malmo}");

    // The same file again changes nothing.
    let again = staged(&app, &admin, &bytes).await;
    let (_, page) = app.page(&admin, &again).await;
    assert!(page.contains("Filen stämmer redan med registret"), "{page}");
}

/// An alias an administrator adds is read by the next import; once it is
/// removed, the import says the name is unknown, lists the sectors and
/// points to the sector page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_reads_the_aliases_administrators_keep() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let file = "kommunkod;enhet;typ;verksamhetsområde\r\n1080;Hamnen;bolag;Hamn & sjöfart\r\n";
    let (status, body) = app
        .call(
            &admin,
            app::registry::edit_api::AddSectorAlias::PATH,
            &[
                ("sector", "samhallsbyggnad_teknik"),
                ("alias", "Hamn och sjöfart"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let preview = staged(&app, &admin, file.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(
        !page.contains("Filen har") && page.contains("Hamnen"),
        "{page}"
    );

    let (status, body) = app
        .call(
            &admin,
            app::registry::edit_api::RemoveSectorAlias::PATH,
            &[
                ("sector", "samhallsbyggnad_teknik"),
                ("alias", "Hamn och sjöfart"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let preview = staged(&app, &admin, file.as_bytes()).await;
    let (_, page) = app.page(&admin, &preview).await;
    assert!(page.contains("Filen har 1 problem"), "{page}");
    assert!(
        page.contains("Okänt verksamhetsområde \"Hamn &amp; sjöfart\". Använd något av: Kommunledning; Utbildning;"),
        "{page}"
    );
    assert!(
        page.contains("Energi, vatten och avfall (även energi/VA/avfall)"),
        "{page}"
    );
    assert!(page.contains("sidan Verksamhetsområden"), "{page}");
}
