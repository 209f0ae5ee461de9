//! Partner search on the demo round: the page and its export for a
//! regional coordinator, a municipal coordinator who sees other
//! municipalities' units but none of their contact details, and a round
//! outside someone's scope.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::analysis::partner_page::GetPartnerSearch;
use app::auth::Role;
use calamine::{Data, Reader, Xlsx};
use leptos::server_fn::ServerFn;

/// The seven municipalities of the EU-coach programme.
const ALL: [&str; 7] = ["1080", "0781", "0881", "1081", "0684", "0687", "0780"];
/// The demo registry's mail domains of the municipalities other than Nybro.
const OTHER_DOMAINS: [&str; 6] = [
    "@karlskrona.example",
    "@ljungby.example",
    "@ronneby.example",
    "@savsjo.example",
    "@tranas.example",
    "@vaxjo.example",
];

async fn download(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The page as a browser without JavaScript gets it, scripts removed.
fn visible(body: &str) -> String {
    body.split("<script")
        .map(|part| part.split("</script>").last().unwrap_or(""))
        .collect()
}

/// The matches of a page: (id, the heading's text) of each.
fn matches(page: &str) -> Vec<(String, String)> {
    page.split("<section aria-labelledby=\"m-")
        .skip(1)
        .map(|s| {
            let id = s.split('"').next().unwrap_or("").to_string();
            let heading = s
                .split("<h3")
                .nth(1)
                .and_then(|h| h.split_once('>'))
                .and_then(|(_, h)| h.split("</h3>").next())
                .unwrap_or("");
            (id, strip_tags(heading))
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sections of the page's matches, as HTML.
fn sections(page: &str) -> Vec<String> {
    page.split("<section aria-labelledby=\"m-")
        .skip(1)
        .map(|s| s.split("</section>").next().unwrap_or("").to_string())
        .collect()
}

/// Records of a CSV download (after the BOM for the Swedish dialect).
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regional_coordinator_finds_partners_across_the_round_and_downloads_them() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    app.user("eu-coach@region.example", Role::Coordinator, &ALL)
        .await;
    let coach = app.login("eu-coach@region.example").await;

    // From the round's analysis.
    let (status, page) = app.page(&coach, &format!("/omgangar/{id}/analys")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"/omgangar/{id}/partnersok\"")));
    let (_, page) = app.page(&coach, &format!("/omgangar/{id}/projekt")).await;
    assert!(page.contains(&format!("href=\"/omgangar/{id}/partnersok\"")));

    let (status, page) = app
        .page(&coach, &format!("/omgangar/{id}/partnersok"))
        .await;
    assert_eq!(status, 200);
    let page = visible(&page);
    assert!(page.contains("<h1>Partnersök"), "{page}");
    assert!(
        !page.contains("Du ser matchningar där minst en enhet hör till dina kommuner"),
        "the whole round is theirs"
    );
    let found = matches(&page);
    assert!(found.len() > 10, "{found:?}");
    // Every kind of match is there on the demo answers.
    for kind in [
        "tema-",
        "partnerland-",
        "natverk-",
        "finansiering-",
        "utbytestema-",
    ] {
        assert!(
            found.iter().any(|(id, _)| id.starts_with(kind)),
            "no {kind} in {found:?}"
        );
    }
    assert!(
        found.iter().any(|(_, h)| h == "Tema Energi och miljö"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(_, h)| h == "Partnerland Tyskland"),
        "{found:?}"
    );
    assert!(found
        .iter()
        .any(|(_, h)| h == "Nätverk eller partner Eurocities"));
    // The heading counts them.
    let heading = format!("{} matchningar i 7 kommuner", found.len());
    assert!(page.contains(&heading), "{heading}");
    // Each match names units in two municipalities or more, with contact
    // persons of every municipality (the coach's scope).
    for domain in OTHER_DOMAINS {
        assert!(page.contains(domain), "{domain}");
    }
    assert!(!page.contains("Visas inte: annan kommun"));

    // Filtered by a theme: matches on the theme and exchanges on it.
    let (status, filtered) = app
        .page(
            &coach,
            &format!("/omgangar/{id}/partnersok?tema=energi_miljo"),
        )
        .await;
    assert_eq!(status, 200);
    let filtered = matches(&visible(&filtered));
    assert_eq!(
        filtered
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        vec!["tema-energi-miljo", "utbytestema-energi-miljo"]
    );
    let (_, countries) = app
        .page(
            &coach,
            &format!("/omgangar/{id}/partnersok?typ=partnerland"),
        )
        .await;
    let countries = matches(&visible(&countries));
    assert!(!countries.is_empty());
    assert!(countries
        .iter()
        .all(|(id, _)| id.starts_with("partnerland-")));
    let (_, none) = app
        .page(&coach, &format!("/omgangar/{id}/partnersok?land=Atlantis"))
        .await;
    assert!(none.contains("Inga matchningar med filtren."));
    assert!(none.contains("0 matchningar i 0 kommuner"));

    // The export: one row per match and unit, the same filters.
    let (status, headers, bytes) = download(
        &app,
        &coach,
        &format!("/omgangar/{id}/export/partnersok.csv?tema=energi_miljo"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let name = headers["content-disposition"].to_str().unwrap();
    assert!(name.contains("partnersok-kartlaggning"), "{name}");
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "Excel-Swedish CSV has a BOM");
    let rows = records(&bytes[3..], b';');
    let header = &rows[0];
    assert_eq!(
        header[..],
        [
            "matchning",
            "typ",
            "delar",
            "antal_kommuner",
            "antal_enheter",
            "kommunkod",
            "kommun",
            "enhet",
            "slag",
            "verksamhetsomrade",
            "kalla",
            "egna_ord",
            "utkast",
            "kontaktperson",
            "kontakt_epost"
        ]
    );
    let body = &rows[1..];
    assert!(body.len() > 4);
    let ids: std::collections::BTreeSet<&str> = body
        .iter()
        .map(|r| r[column(header, "matchning")].as_str())
        .collect();
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        vec!["tema-energi-miljo", "utbytestema-energi-miljo"]
    );
    assert!(body
        .iter()
        .all(|r| r[column(header, "delar")] == "Energi och miljö"));
    let theme_rows = body
        .iter()
        .filter(|r| r[column(header, "matchning")] == "tema-energi-miljo")
        .count();
    assert_eq!(
        body.iter()
            .find(|r| r[column(header, "matchning")] == "tema-energi-miljo")
            .unwrap()[column(header, "antal_enheter")],
        theme_rows.to_string()
    );
    assert!(body
        .iter()
        .any(|r| r[column(header, "kontakt_epost")].ends_with("@vaxjo.example")));
    // RFC 4180: commas, no BOM.
    let (status, _, plain) = download(
        &app,
        &coach,
        &format!("/omgangar/{id}/export/partnersok.csv?format=rfc4180&typ=natverk"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(plain.starts_with(b"matchning,typ,delar,antal_kommuner,"));
    let rows = records(&plain, b',');
    assert!(rows[1..].iter().all(|r| r[1] == "natverk"));
    // XLSX: one sheet, the same columns.
    let (status, headers, bytes) = download(
        &app,
        &coach,
        &format!("/omgangar/{id}/export/partnersok.xlsx?tema=energi_miljo"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Partnersök"]);
    let sheet = book.worksheet_range("Partnersök").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("matchning".into())));
    assert_eq!(sheet.rows().count(), body.len() + 1);
    assert!(
        matches!(sheet.get((1, 3)), Some(Data::Float(_))),
        "counts are numbers"
    );
    // Every download is audited with its filters.
    let audited = app.audit("export.download").await;
    assert!(
        audited
            .iter()
            .any(|e| e.detail.contains("partnersok.csv") && e.detail.contains("tema=energi_miljo")),
        "{audited:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_municipal_coordinator_sees_other_units_by_name_but_no_other_contact_details() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    app.user("samordnare@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let nybro = app.login("samordnare@nybro.example").await;
    let (status, page) = app
        .page(&nybro, &format!("/omgangar/{id}/partnersok"))
        .await;
    assert_eq!(status, 200);
    let page = visible(&page);
    assert!(page.contains("Du ser matchningar där minst en enhet hör till dina kommuner"));
    let found = sections(&page);
    assert!(!found.is_empty(), "Nybro's two units share something");
    for section in &found {
        // Every match has one of Nybro's units, and a unit elsewhere.
        assert!(section.contains("<td>Nybro</td>"), "{section}");
        assert!(
            [
                "Karlskrona",
                "Ljungby",
                "Ronneby",
                "Sävsjö",
                "Tranås",
                "Växjö"
            ]
            .iter()
            .any(|m| section.contains(&format!("<td>{m}</td>"))),
            "{section}"
        );
        assert!(section.contains("Visas inte: annan kommun"));
    }
    assert!(page.contains("@nybro.example"), "Nybro's own contacts");
    for domain in OTHER_DOMAINS {
        assert!(!page.contains(domain), "{domain} on the page");
    }
    // Växjö's projects do not come along.
    assert!(!page.contains("Interreg Baltic Hydrogen Valleys"));

    // The server function itself gives no more than the page.
    let (status, json) = app
        .call(&nybro, GetPartnerSearch::PATH, &[("id", &id)])
        .await;
    assert_eq!(status, 200, "{json}");
    for domain in OTHER_DOMAINS {
        assert!(
            !json.contains(domain),
            "{domain} in the server function's reply"
        );
    }
    assert!(!json.contains("Interreg Baltic Hydrogen Valleys"));
    let reply: serde_json::Value = serde_json::from_str(&json).unwrap();
    for m in reply["matches"].as_array().unwrap() {
        for u in m["m"]["units"].as_array().unwrap() {
            if u["in_scope"] == false {
                assert_eq!(u["unit"]["id"], "", "{u}");
                assert_eq!(u["written"], "", "{u}");
                for s in u["sources"].as_array().unwrap() {
                    assert!(s["project"].is_null(), "{u}");
                }
            } else {
                assert_eq!(u["unit"]["municipality_code"], NYBRO);
            }
        }
    }

    // Nor the export, in either dialect or as a workbook.
    for path in [
        "partnersok.csv",
        "partnersok.csv?format=rfc4180",
        "partnersok.csv?utkast=1",
    ] {
        let (status, _, bytes) =
            download(&app, &nybro, &format!("/omgangar/{id}/export/{path}")).await;
        assert_eq!(status, 200, "{path}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("@nybro.example"), "{path}");
        for domain in OTHER_DOMAINS {
            assert!(!text.contains(domain), "{domain} in {path}");
        }
        assert!(
            text.contains(",Växjö,") || text.contains(";Växjö;"),
            "{path}"
        );
    }
    let (status, _, bytes) = download(
        &app,
        &nybro,
        &format!("/omgangar/{id}/export/partnersok.xlsx"),
    )
    .await;
    assert_eq!(status, 200);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Partnersök").unwrap();
    let mut cells = String::new();
    for row in sheet.rows() {
        for cell in row {
            cells.push_str(&cell.to_string());
            cells.push('\t');
        }
        cells.push('\n');
    }
    assert!(cells.contains("@nybro.example"));
    for domain in OTHER_DOMAINS {
        assert!(!cells.contains(domain), "{domain} in the workbook");
    }
    // "With units in" another municipality cannot be asked for.
    let (status, _, _) = download(
        &app,
        &nybro,
        &format!("/omgangar/{id}/export/partnersok.csv?kommun=0780"),
    )
    .await;
    assert_eq!(status, 404);
    // A reader of Nybro reads it too.
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let reader = app.login("lasare@nybro.example").await;
    let (status, page) = app
        .page(&reader, &format!("/omgangar/{id}/partnersok"))
        .await;
    assert_eq!(status, 200);
    assert!(!OTHER_DOMAINS.iter().any(|d| page.contains(d)));
}

/// A questionnaire of one question.
const SMALL: &str = r#"{
  "title": { "sv": "Liten enkät" },
  "sections": [
    { "key": "a", "title": { "sv": "Teman" }, "questions": [
      { "key": "ovrigt", "text": { "sv": "Övrigt" }, "type": "long_text" }
    ]}
  ]
}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_outside_the_scope_is_not_found() {
    let app = spawn_app().await;
    // A round to Nybro only; Växjö's coordinator has nothing in it.
    let (round, nybro) = app.open_round("Nybros runda", SMALL).await;
    app.user("samordnare@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let vaxjo = app.login("samordnare@vaxjo.example").await;
    let (status, page) = app
        .page(&vaxjo, &format!("/omgangar/{round}/partnersok"))
        .await;
    assert_eq!(status, 404, "{page}");
    for path in ["partnersok.csv", "partnersok.xlsx"] {
        let (status, _, _) =
            download(&app, &vaxjo, &format!("/omgangar/{round}/export/{path}")).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _) = app
        .page(
            &vaxjo,
            "/omgangar/00000000-0000-0000-0000-000000000000/partnersok",
        )
        .await;
    assert_eq!(status, 404);
    let denied = app.audit("access.denied").await;
    assert!(
        denied.iter().any(|e| e.target.contains(&round)),
        "{denied:?}"
    );
    // Nobody logged in is sent to log in.
    let (status, _) = app.get_text(&format!("/omgangar/{round}/partnersok")).await;
    assert_eq!(status, 303);
    let response = app
        .get(&format!("/omgangar/{round}/export/partnersok.csv"))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    // An unknown format is a clear error.
    let (status, _, body) = download(
        &app,
        &nybro,
        &format!("/omgangar/{round}/export/partnersok.csv?format=pdf"),
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("Okänt filformat"));
    // No answers yet: the page says so.
    let (status, page) = app
        .page(&nybro, &format!("/omgangar/{round}/partnersok"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Inga matchningar ännu"), "{page}");
}
