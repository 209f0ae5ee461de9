//! Exports read back as Excel and other programs would read them: CSV in both
//! formats, the XLSX workbook, awkward answers, scope, audit and the CLI.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::auth::Role;
use calamine::{Data, Reader, Xlsx};

/// Downloads a file; returns status, headers and body.
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

/// Reads CSV as Excel would: the BOM, then records split on `delimiter`.
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Submits awkward answers for the first target of Nybro in the demo round.
async fn awkward_answers(app: &TestApp, round: &str) -> String {
    let target = app
        .db
        .round_targets(round)
        .await
        .unwrap()
        .into_iter()
        .find(|t| {
            t.municipality_code == NYBRO
                && t.kind == "forvaltning"
                && t.submitted_at.is_none()
                && t.revision == 0
        })
        .unwrap();
    let answers = serde_json::json!({
        "svarande_namn": "Åsa Öberg",
        "svarande_epost": "asa@nybro.example",
        "int_kontakt": true,
        "aktivitetsniva": "ad_hoc",
        "former": ["eu_projekt", "annat"],
        "former.annat": "-Vänskolor; \"utbyte\"",
        "antal_projekt": 2.5,
        "partnerlander": "=HYPERLINK(\"http://x.example\")",
        "natverk_medlemskap": "@Eurocities\nrad två, med komma",
        "strategi": "kanner_till",
        "betydelse": 4,
        "goda_exempel": "+46 70 123 45 67",
        "ovrigt": "\tindraget"
    });
    app.db
        .save_response(&target.id, 0, &answers.to_string())
        .await
        .unwrap();
    app.db.submit_response(&target.id, 1).await.unwrap();
    target.unit_name
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excel_swedish_csv_opens_right_and_runs_no_formulas() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;
    let unit = awkward_answers(&app, &id).await;

    let (status, headers, bytes) =
        download(&app, &admin, &format!("/omgangar/{id}/export/svar.csv")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let disposition = headers["content-disposition"].to_str().unwrap();
    let today = app::time::format_date_stockholm(app::db::now());
    assert!(
        disposition.contains(&format!(
            "svar-kartlaggning-av-internationellt-arbete-2026-exempel-{today}.csv"
        )),
        "{disposition}"
    );
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 byte order mark"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let rows = records(&bytes[3..], b';');
    assert_eq!(
        &rows[0][..7],
        &[
            "kommunkod",
            "kommun",
            "enhet",
            "typ",
            "verksamhetsomrade",
            "status",
            "inskickad"
        ]
    );
    assert_eq!(rows.len(), 1 + 93, "a header and one row per unit");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert!(rows.iter().any(|r| r[1] == "Växjö") && rows.iter().any(|r| r[1] == "Sävsjö"));

    let row = rows.iter().find(|r| r[0] == NYBRO && r[2] == unit).unwrap();
    let at = |name: &str| row[column(&rows, name)].clone();
    assert_eq!(at("status"), "inskickad");
    assert_eq!(at("typ"), "förvaltning");
    assert_eq!(at("former.eu_projekt"), "1");
    assert_eq!(at("former.vanort"), "0");
    assert_eq!(at("former.annat"), "'-Vänskolor; \"utbyte\"");
    assert_eq!(at("antal_projekt"), "2,5", "decimal comma");
    assert_eq!(at("partnerlander"), "'=HYPERLINK(\"http://x.example\")");
    assert_eq!(at("natverk_medlemskap"), "'@Eurocities\nrad två, med komma");
    assert_eq!(at("goda_exempel"), "'+46 70 123 45 67");
    assert_eq!(at("ovrigt"), "'\tindraget");
    assert_eq!(at("aktivitetsniva"), "I enstaka fall, ad hoc");
    assert_eq!(at("teman.utbildning"), "", "unanswered is empty");
    // A silent unit has its facts and no answers.
    let silent = rows.iter().find(|r| r[5] == "inte öppnad").unwrap();
    assert!(silent[7..].iter().all(String::is_empty));

    // Long format: one row per answer.
    let (_, _, bytes) = download(
        &app,
        &admin,
        &format!("/omgangar/{id}/export/svar-lang.csv"),
    )
    .await;
    let long = records(&bytes[3..], b';');
    assert_eq!(long[0].len(), 11);
    let mine: Vec<&Vec<String>> = long
        .iter()
        .filter(|r| r[0] == NYBRO && r[2] == unit)
        .collect();
    assert!(mine
        .iter()
        .any(|r| r[7] == "former" && r[9] == "annat" && r[10] == "'-Vänskolor; \"utbyte\""));
    assert!(mine
        .iter()
        .any(|r| r[7] == "antal_projekt" && r[10] == "2,5"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rfc4180_and_the_analysis_tables() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;

    let (status, _, bytes) = download(
        &app,
        &admin,
        &format!("/omgangar/{id}/export/deltagande.csv?format=rfc4180"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        !bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "no byte order mark"
    );
    let rows = records(&bytes, b',');
    assert_eq!(
        rows[0],
        [
            "kommunkod",
            "kommun",
            "grupp",
            "nyckel",
            "namn",
            "inbjudna",
            "har_svarat",
            "varav_utkast",
            "svarsfrekvens_procent"
        ]
    );
    let nybro = rows
        .iter()
        .find(|r| r[0] == NYBRO && r[2] == "totalt")
        .unwrap();
    assert_eq!((nybro[5].as_str(), nybro[6].as_str()), ("11", "2"));
    assert_eq!(nybro[8], "18.2", "decimal point");
    let all = rows
        .iter()
        .find(|r| r[1] == "Alla kommuner" && r[2] == "totalt")
        .unwrap();
    assert_eq!(all[5], "93");
    // The municipalities' headline: 7 of 7 with a submitted unit, none complete.
    let municipalities: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[2] == "kommuner")
        .map(|r| (r[3].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        municipalities,
        [
            ("minst_en_inskickad", "7", "7"),
            ("alla_inskickade", "7", "0")
        ]
    );

    // The same table for Swedish Excel has a decimal comma.
    let (_, _, bytes) = download(
        &app,
        &admin,
        &format!("/omgangar/{id}/export/deltagande.csv"),
    )
    .await;
    let rows = records(&bytes[3..], b';');
    let nybro = rows
        .iter()
        .find(|r| r[0] == NYBRO && r[2] == "totalt")
        .unwrap();
    assert_eq!(nybro[8], "18,2");

    let (_, _, bytes) = download(&app, &admin, &format!("/omgangar/{id}/export/glapp.csv")).await;
    let gaps = records(&bytes[3..], b';');
    assert!(gaps
        .iter()
        .any(|r| r[1] == "Tranås" && r[2] == "Allvarlig" && r[4] == "Inget bolag har svarat"));
    let (_, _, bytes) = download(&app, &admin, &format!("/omgangar/{id}/export/teman.csv")).await;
    let themes = records(&bytes[3..], b';');
    assert_eq!(&themes[0][..3], &["kommunkod", "kommun", "har_svarat"]);
    assert!(themes[0].contains(&"digitalisering".to_string()));
    assert_eq!(themes.len(), 1 + 7 + 1, "seven municipalities and a total");
    let (_, _, bytes) = download(
        &app,
        &admin,
        &format!("/omgangar/{id}/export/fordelning.csv"),
    )
    .await;
    let dist = records(&bytes[3..], b';');
    let importance = dist
        .iter()
        .find(|r| r[0] == NYBRO && r[2] == "betydelse")
        .unwrap();
    assert!(!importance[column(&dist, "medelvarde")].is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbook_has_a_sheet_per_table_and_numbers_as_numbers() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;
    let unit = awkward_answers(&app, &id).await;
    let (status, headers, bytes) = download(
        &app,
        &admin,
        &format!("/omgangar/{id}/export/nulagesanalys.xlsx"),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Deltagande",
            "Glapp",
            "Kommuner och teman",
            "Fördelning",
            "Projekt",
            "Svar",
            "Svar (en rad per svar)"
        ]
    );
    let participation = book.worksheet_range("Deltagande").unwrap();
    assert_eq!(
        participation.get((0, 0)),
        Some(&Data::String("kommunkod".into()))
    );
    let nybro = participation
        .rows()
        .find(|r| r[0] == Data::String(NYBRO.into()) && r[2] == Data::String("totalt".into()))
        .unwrap();
    assert_eq!(nybro[5], Data::Float(11.0));
    assert_eq!(
        nybro[6],
        Data::Float(3.0),
        "two in the demo and the awkward one"
    );
    assert_eq!(nybro[8], Data::Float(27.3));

    let answers = book.worksheet_range("Svar").unwrap();
    let header: Vec<String> = answers
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let row = answers
        .rows()
        .find(|r| r[0] == Data::String(NYBRO.into()) && r[2] == Data::String(unit.clone()))
        .unwrap();
    let at = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(at("antal_projekt"), Data::Float(2.5));
    assert_eq!(at("former.eu_projekt"), Data::Float(1.0));
    // Text stays text: a formula-like answer is a string, never a formula.
    assert_eq!(
        at("partnerlander"),
        Data::String("=HYPERLINK(\"http://x.example\")".into())
    );
    assert!(book
        .worksheet_formula("Svar")
        .unwrap()
        .used_cells()
        .all(|(_, _, f)| f.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_check_scope_and_are_audited() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    app.user("samordnare@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let coordinator = app.login("samordnare@nybro.example").await;

    let (status, _, bytes) = download(
        &app,
        &coordinator,
        &format!("/omgangar/{id}/export/svar.csv"),
    )
    .await;
    assert_eq!(status, 200);
    let rows = records(&bytes[3..], b';');
    assert_eq!(rows.len(), 1 + 11, "only Nybro's units");
    assert!(rows[1..].iter().all(|r| r[0] == NYBRO));
    // Another municipality's rows cannot be asked for.
    let (status, _, _) = download(
        &app,
        &coordinator,
        &format!("/omgangar/{id}/export/svar.csv?kommun=0780"),
    )
    .await;
    assert_eq!(status, 404);

    // A round wholly outside the scope looks missing, and the attempt is logged.
    let vaxjo = app.db.municipality_id("0780").await.unwrap().unwrap();
    let version = app.db.round(&id).await.unwrap().unwrap().version_id;
    let other = app
        .db
        .create_round(&app::db::rounds::NewRound {
            name: "Växjö 2027",
            version_id: &version,
            opens_at: None,
            closes_at: app::db::now() + 86_400,
            municipality_ids: &[vaxjo],
            created_by: None,
        })
        .await
        .unwrap();
    for file in ["svar.csv", "glapp.csv", "nulagesanalys.xlsx"] {
        let (status, _, body) = download(
            &app,
            &coordinator,
            &format!("/omgangar/{other}/export/{file}"),
        )
        .await;
        assert_eq!(status, 404, "{file}");
        assert!(!String::from_utf8_lossy(&body).contains("Växjö"));
    }
    assert!(app
        .audit("access.denied")
        .await
        .iter()
        .any(|e| e.target.contains(&other)));
    let downloads = app.audit("export.download").await;
    assert_eq!(downloads.len(), 1);
    assert_eq!(downloads[0].actor, "samordnare@nybro.example");
    assert!(
        downloads[0].detail.contains("svar.csv; excel"),
        "{}",
        downloads[0].detail
    );

    // Nobody logged in: to the login page, nothing downloaded.
    let (status, headers, _) = download(
        &app,
        &app.client(),
        &format!("/omgangar/{id}/export/svar.csv"),
    )
    .await;
    assert_eq!(status, 303);
    assert!(headers["location"]
        .to_str()
        .unwrap()
        .starts_with("/logga-in"));

    // Bad input gets a clear answer.
    let (status, _, body) = download(
        &app,
        &coordinator,
        &format!("/omgangar/{id}/export/svar.csv?format=pdf"),
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8(body).unwrap().contains("Okänt filformat"));
    for path in ["hemligt.csv", "svar.exe", "svar", "nulagesanalys.csv"] {
        let (status, _, _) =
            download(&app, &coordinator, &format!("/omgangar/{id}/export/{path}")).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _, _) =
        download(&app, &coordinator, "/omgangar/inte-ett-id/export/svar.csv").await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_writes_the_same_files() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nulage"))
            .current_dir(app.dir.path())
            .arg("--database-url")
            .arg(&app.database_url)
            .arg("--log-level")
            .arg("warn")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "export", "--round", &id, "--table", "glapp", "--format", "rfc4180", "--out", "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = records(&out.stdout, b',');
    assert_eq!(rows[0][0], "kommunkod");
    assert!(rows.iter().any(|r| r[4] == "Inget bolag har svarat"));

    let out = run(&["export", "--round", &id, "--format", "xlsx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let message = String::from_utf8(out.stderr).unwrap();
    assert!(message.starts_with("Skrev nulagesanalys-"), "{message}");
    let written = std::fs::read_dir(app.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with(".xlsx"))
        .unwrap();
    let book: Xlsx<_> = calamine::open_workbook(written.path()).unwrap();
    assert_eq!(book.sheet_names().len(), 7);

    let out = run(&["export", "--round", &id, "--table", "allt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("okänd tabell \"allt\""));
    let out = run(&["export", "--round", &id]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("ange --table"));
}
