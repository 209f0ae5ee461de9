//! Repeating groups and the project register: a unit lists its projects,
//! adding and removing items with and without JavaScript, and the projects
//! reach the register, the analysis and the exports.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::auth::Role;

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

async fn token(app: &TestApp, round: &str, index: usize) -> (String, String) {
    let target = app.db.round_targets(round).await.unwrap()[index].clone();
    (target.token.unwrap(), target.id)
}

async fn stored(app: &TestApp, target: &str) -> (serde_json::Value, i64) {
    match app.db.response(target).await.unwrap() {
        Some(r) => (serde_json::from_str(&r.answers).unwrap(), r.revision),
        None => (json!({}), 0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_colleagues_adding_a_project_each_on_one_link_both_keep_it() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Projektrunda", QUESTIONNAIRE).await;
    let (token, target) = token(&app, &round, 0).await;
    let part = format!("/s/{token}/del/1");
    let save = |revision: &'static str, second: Option<(&'static str, &'static str)>| {
        let (app, part) = (&app, &part);
        async move {
            let mut form = vec![
                ("_avsnitt", "a"),
                ("_revision", revision),
                ("_gor", "nasta"),
                ("projekt[1]", ""),
                ("projekt[1].namn", "JB Marks"),
                ("projekt[1].status", "pagaende"),
            ];
            if let Some((name, status)) = second {
                form.extend([
                    ("projekt[2]", ""),
                    ("projekt[2].namn", name),
                    ("projekt[2].status", status),
                ]);
            }
            app.post_form(part, &form).await
        }
    };
    let (status, _, _) = save("0", None).await;
    assert_eq!(status, 303);
    assert_eq!(stored(&app, &target).await.1, 1);
    // Both load the part at revision 1; each adds a project and saves.
    let (status, _, _) = save("1", Some(("Vushtrri", "avslutat"))).await;
    assert_eq!(status, 303);
    let (status, _, page) = save("1", Some(("Interreg Baltic Hydrogen Valleys", "pagaende"))).await;
    assert_eq!(status, 303, "no conflict: {page}");
    assert_eq!(
        stored(&app, &target).await,
        (
            json!({ "projekt": [
                { "namn": "JB Marks", "status": "pagaende" },
                { "namn": "Vushtrri", "status": "avslutat" },
                { "namn": "Interreg Baltic Hydrogen Valleys", "status": "pagaende" },
            ] }),
            3
        )
    );
    // Changing the same project differently is still a conflict, and what
    // is stored stays.
    let rename = |revision: &'static str, name: &'static str| {
        let (app, part) = (&app, &part);
        async move {
            app.post_form(
                part,
                &[
                    ("_avsnitt", "a"),
                    ("_revision", revision),
                    ("_gor", "nasta"),
                    ("projekt[1]", ""),
                    ("projekt[1].namn", name),
                    ("projekt[1].status", "pagaende"),
                    ("projekt[2]", ""),
                    ("projekt[2].namn", "Vushtrri"),
                    ("projekt[2].status", "avslutat"),
                    ("projekt[3]", ""),
                    ("projekt[3].namn", "Interreg Baltic Hydrogen Valleys"),
                    ("projekt[3].status", "pagaende"),
                ],
            )
            .await
        }
    };
    let (status, _, _) = rename("3", "JB Marks lokalt").await;
    assert_eq!(status, 303);
    let (status, _, page) = rename("3", "JB Marks (Sydafrika)").await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Någon annan har ändrat samma svar"));
    assert_eq!(
        stored(&app, &target).await.0["projekt"][0]["namn"],
        "JB Marks lokalt"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_are_added_and_removed_without_javascript_and_the_draft_keeps_them() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Projektrunda", QUESTIONNAIRE).await;
    let (token, target) = token(&app, &round, 0).await;
    let part = format!("/s/{token}/del/1");

    let (status, page) = app.get_text(&part).await;
    assert_eq!(status, 200);
    assert!(page.contains("Lägg till ett projekt") && page.contains("value=\"lagg_till:projekt\""));
    let add = &page[page.find("value=\"lagg_till:projekt\"").unwrap()..];
    assert!(
        !add[..add.find('>').unwrap()].contains("hidden"),
        "not full yet"
    );
    assert!(
        !page.contains("<legend class=\"group-item__legend\">"),
        "no items yet"
    );

    // "Lägg till ett projekt": the draft is saved with an empty item, and
    // the same part comes back at the new item.
    let (status, location, _) = app
        .post_form(
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
    let (status, location, _) = app
        .post_form(
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
    let (status, _, _) = app
        .post_form(
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
    let add = &page[page.find("value=\"lagg_till:projekt\"").unwrap()..];
    let add = &add[..add.find('>').unwrap()];
    assert!(add.contains("hidden"), "{add}");
    let (status, location, _) = app
        .post_form(
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
    let (status, location, _) = app
        .post_form(
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
    let (status, _, page) = app
        .post_form(
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
    let (status, _, _) = app
        .post_form(
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
    let (round, _) = app.open_round("Projektrunda", QUESTIONNAIRE).await;
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
    let (_, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "1")])
        .await;
    assert!(location.ends_with("/granska?fel=1"), "{location}");
    let (_, page) = app.get_text(&format!("/s/{token}/granska?fel=1")).await;
    assert!(
        page.contains("Projekt 2, ”Status”: Svara på frågan."),
        "review lists the item"
    );
    assert!(page.contains(&format!("/s/{token}/del/1?saknas=1#f-projekt-2-status")));
    assert!(page.contains("Projekt 3: Inget är ifyllt."));
    assert!(page.contains(&format!("/s/{token}/del/1?saknas=1#f-projekt-3")));
    // The review shows the items.
    assert!(page.contains("Projekt 1: Interreg Baltic") && page.contains("Pågående"));

    // Fixed and the empty one removed: submitted.
    let (status, location, _) = app
        .post_form(
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
    let (_, location, _) = app
        .post_form(&format!("/s/{token}/skicka"), &[("_revision", "2")])
        .await;
    assert!(location.ends_with("/kvitto"), "{location}");
    let (_, page) = app.get_text(&format!("/s/{token}/kvitto")).await;
    assert!(page.contains("Projekt 2: Vushtrri") && page.contains("Avslutat"));
}

/// The page as a browser without JavaScript gets it, scripts removed.
fn visible(body: &str) -> String {
    body.split("<script")
        .map(|part| part.split("</script>").last().unwrap_or(""))
        .collect()
}

/// The table rows of a register page, as text.
fn rows(page: &str) -> Vec<String> {
    let Some(start) = page.find("register-table") else {
        return Vec::new();
    };
    let table = &page[start
        ..page[start..]
            .find("</table>")
            .map_or(page.len(), |e| start + e)];
    table
        .split("<tr id=\"p-")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or("").to_string())
        .collect()
}

fn row_with<'a>(rows: &'a [String], name: &str) -> &'a str {
    rows.iter()
        .find(|r| r.contains(name))
        .unwrap_or_else(|| panic!("no row for {name}"))
}

const VAXJO: &str = "0780";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_merges_filters_sorts_and_keeps_to_scope() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;

    // Växjö's register: the partnerships, and the two projects that two
    // units reported under the same name shown once, with both units.
    let (status, page) = app
        .page(&admin, &format!("/omgangar/{id}/projekt/{VAXJO}"))
        .await;
    assert_eq!(status, 200);
    let page = visible(&page);
    assert!(page.contains("Projektregister") && page.contains("Växjö"));
    let table = rows(&page);
    assert_eq!(table.len(), 5, "{table:#?}");
    let hydrogen = row_with(&table, "Interreg Baltic Hydrogen Valleys");
    assert!(hydrogen.contains("Växjö Energi AB") && hydrogen.contains("VEAB Elnät AB"));
    assert!(hydrogen.contains("2 enheter") && hydrogen.contains("Associerad partner"));
    assert!(
        hydrogen.contains("Tyskland, Danmark, Polen, Litauen"),
        "{hydrogen}"
    );
    assert!(hydrogen.contains("2024–2027"));
    let mis = row_with(&table, "Miljöpedagogik i förskolan (MIS 2)");
    assert!(
        mis.contains("Förskoleförvaltningen")
            && mis.contains("Miljö- och hälsoskyddsförvaltningen")
    );
    let families = row_with(&table, "Samordnat stöd till utsatta familjer (JB Marks)");
    assert!(families.contains("Arbete och välfärd") && families.contains("Sydafrika"));
    assert!(families.contains("Familjeteam"), "results are on the row");
    // Counts per theme, funding and country; priority areas against projects.
    assert!(page.contains("Projekt per tema") && page.contains("Projekt per finansieringskälla"));
    assert!(page.contains("Projekt per land") && page.contains("Kosovo"));
    assert!(page.contains("Teman och kommunens prioriterade områden"));
    assert!(page.contains("/export/projekt.csv?format=excel&amp;kommun=0780"));

    // Filters by country, funding, status and period, as GET parameters.
    let filtered = |query: &'static str| {
        let (app, admin, id) = (&app, &admin, &id);
        async move {
            let (status, page) = app
                .page(admin, &format!("/omgangar/{id}/projekt/{VAXJO}?{query}"))
                .await;
            assert_eq!(status, 200, "{query}");
            rows(&visible(&page))
                .iter()
                .map(|r| {
                    let name = r.split("<th scope=\"row\">").nth(1).unwrap_or("");
                    name.split('<').next().unwrap_or("").trim().to_string()
                })
                .collect::<Vec<String>>()
        }
    };
    assert_eq!(
        filtered("land=kosovo").await,
        vec![
            "Hållbara kliv – återvinning och avfall (Vushtrri)",
            "Miljöpedagogik i förskolan (MIS 2)"
        ]
    );
    assert_eq!(
        filtered("finansiering=interreg").await,
        vec!["Interreg Baltic Hydrogen Valleys"]
    );
    assert_eq!(
        filtered("status=avslutat&fran=2022").await,
        vec![
            "Hållbara kliv – återvinning och avfall (Vushtrri)",
            "Miljöpedagogik i förskolan (MIS 2)"
        ]
    );
    assert_eq!(filtered("tema=turism").await, Vec::<String>::new());
    let sorted = filtered("sortera=start&ordning=fallande").await;
    assert_eq!(sorted[0], "Interreg Baltic Hydrogen Valleys");
    assert_eq!(sorted[4], "Samordnat stöd till utsatta familjer (JB Marks)");
    let unit = app
        .db
        .round_targets(&id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.unit_name == "VEAB Elnät AB")
        .unwrap()
        .unit_id;
    let (_, page) = app
        .page(
            &admin,
            &format!("/omgangar/{id}/projekt/{VAXJO}?enhet={unit}"),
        )
        .await;
    assert_eq!(rows(&visible(&page)).len(), 1);

    // Every municipality: the round-wide register has a municipality column
    // and the same name in two municipalities stays two projects.
    let (status, page) = app.page(&admin, &format!("/omgangar/{id}/projekt")).await;
    assert_eq!(status, 200);
    let all = rows(&visible(&page));
    assert!(all.len() > 5);
    assert!(all.iter().any(|r| r.contains("Karlskrona")));

    // The analysis pages lead to it, and the analysis uses it.
    let (_, page) = app
        .page(&admin, &format!("/omgangar/{id}/analys/{VAXJO}"))
        .await;
    assert!(page.contains(&format!("href=\"/omgangar/{id}/projekt/{VAXJO}\"")));
    assert!(page.contains("Projekt i registret"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_is_scope_checked_like_the_analysis() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    app.user("samordnare@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let coordinator = app.login("samordnare@nybro.example").await;
    // Växjö is in the round but not the coordinator's: the same 404 as a
    // missing one, written to the audit log.
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{id}/projekt/{VAXJO}"))
        .await;
    assert_eq!(status, 404);
    assert!(!page.contains("Interreg Baltic Hydrogen Valleys"));
    let (status, _) = app
        .page(&coordinator, &format!("/omgangar/{id}/projekt/9999"))
        .await;
    assert_eq!(status, 404);
    let denied = app.audit("access.denied").await;
    assert!(
        denied
            .iter()
            .any(|e| e.target.contains("projektregister") && e.target.contains(VAXJO)),
        "{denied:?}"
    );
    // The round-wide register shows only Nybro, and its download too.
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{id}/projekt"))
        .await;
    assert_eq!(status, 200);
    assert!(!visible(&page).contains("Växjö Energi AB"));
    let response = coordinator
        .get(app.url(&format!("/omgangar/{id}/export/projekt.csv?format=rfc4180")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    assert!(csv.starts_with("kommunkod,kommun,projekt,enheter,antal_enheter,roller,status,"));
    assert!(
        csv.lines().skip(1).all(|l| l.starts_with("0881,Nybro,")),
        "{csv}"
    );
    // A reader reads it; nobody logged in is sent to log in.
    app.user("lasare@vaxjo.example", Role::Reader, &[VAXJO])
        .await;
    let reader = app.login("lasare@vaxjo.example").await;
    let (status, _) = app
        .page(&reader, &format!("/omgangar/{id}/projekt/{VAXJO}"))
        .await;
    assert_eq!(status, 200);
    let (status, _) = app.get_text(&format!("/omgangar/{id}/projekt")).await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_table_downloads_one_row_per_project() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;
    let response = admin
        .get(app.url(&format!("/omgangar/{id}/export/projekt.csv?kommun={VAXJO}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let name = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(name.contains("projekt-kartlaggning"), "{name}");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "Excel-Swedish CSV has a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..5],
        ["kommunkod", "kommun", "projekt", "enheter", "antal_enheter"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 5);
    let at = |record: &csv::StringRecord, column: &str| -> String {
        record[header.iter().position(|h| h == column).unwrap()].to_string()
    };
    let hydrogen = records
        .iter()
        .find(|r| at(r, "projekt") == "Interreg Baltic Hydrogen Valleys")
        .unwrap();
    assert_eq!(at(hydrogen, "enheter"), "VEAB Elnät AB, Växjö Energi AB");
    assert_eq!(at(hydrogen, "antal_enheter"), "2");
    assert_eq!(at(hydrogen, "budget_kr"), "2400000");
    assert_eq!(at(hydrogen, "finansiering"), "Interreg");
    // The wide answers have no columns for the group, the long ones a row per item field.
    let response = admin
        .get(app.url(&format!(
            "/omgangar/{id}/export/svar.csv?format=rfc4180&kommun={VAXJO}"
        )))
        .send()
        .await
        .unwrap();
    let wide = response.text().await.unwrap();
    let head = wide.lines().next().unwrap();
    assert!(!head.split(',').any(|c| c.starts_with("projekt")), "{head}");
    assert!(head.contains("personalens_sprak.engelska"));
    let response = admin
        .get(app.url(&format!(
            "/omgangar/{id}/export/svar-lang.csv?format=rfc4180&kommun={VAXJO}"
        )))
        .send()
        .await
        .unwrap();
    let long = response.text().await.unwrap();
    assert!(long.contains(",projekt[1].namn,Projekt 1: Projektets namn,,Energiplan i linje med Agenda 2030 (JB Marks)"), "{}", &long[..2000.min(long.len())]);
    assert!(long.contains(",projekt[2].teman,Projekt 2: Teman,energi_miljo,Energi och miljö"));
}
