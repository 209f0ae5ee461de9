//! The current-state analysis on the real server: the demo round's gaps, the
//! pages without JavaScript, scope, thresholds, drafts, trend and the CLI.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::analysis::api::{
    GetMunicipalityAnalysis, GetRoundAnalysis, MunicipalityAnalysis, RoundAnalysis, SaveThresholds,
};
use app::analysis::{Rule, Severity};
use app::auth::Role;
use leptos::server_fn::ServerFn;

const TRANAS: &str = "0687";
const SAVSJO: &str = "0684";

async fn round_analysis(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    drafts: bool,
) -> (u16, Option<RoundAnalysis>) {
    let drafts = if drafts { "true" } else { "false" };
    let (status, body) = app
        .call(
            client,
            GetRoundAnalysis::PATH,
            &[("id", id), ("drafts", drafts)],
        )
        .await;
    (status, serde_json::from_str(&body).ok())
}

async fn municipality_analysis(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    code: &str,
    drafts: bool,
) -> (u16, Option<MunicipalityAnalysis>) {
    let drafts = if drafts { "true" } else { "false" };
    let (status, body) = app
        .call(
            client,
            GetMunicipalityAnalysis::PATH,
            &[("id", id), ("code", code), ("drafts", drafts)],
        )
        .await;
    (status, serde_json::from_str(&body).ok())
}

/// The page as a browser without JavaScript gets it, scripts removed.
fn visible(body: &str) -> String {
    body.split("<script")
        .map(|part| part.split("</script>").last().unwrap_or(""))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_round_shows_each_municipalitys_gaps() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;

    let (status, overview) = round_analysis(&app, &admin, &id, false).await;
    assert_eq!(status, 200);
    let overview = overview.unwrap();
    let names: Vec<&str> = overview
        .municipalities
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "Karlskrona",
            "Ljungby",
            "Nybro",
            "Ronneby",
            "Sävsjö",
            "Tranås",
            "Växjö"
        ]
    );
    assert_eq!(overview.total.invited, 93);
    let targets = app.db.round_targets(&id).await.unwrap();
    let submitted = targets.iter().filter(|t| t.submitted_at.is_some()).count();
    assert_eq!(overview.total.answered, submitted);
    assert_eq!(overview.theme_matrix.rows.len(), 7);
    // Counted by hand from the demo's pattern: every municipality has a
    // submitted unit, none has all of them.
    assert_eq!(
        overview.municipalities_answered,
        app::analysis::MunicipalitiesAnswered {
            total: 7,
            any_submitted: 7,
            all_submitted: 0
        }
    );
    let sentence =
        "7 av 7 kommuner har svarat (minst en enhet har skickat in); 0 av 7 med alla sina enheter.";
    for page in [format!("/omgangar/{id}/analys"), format!("/omgangar/{id}")] {
        let (_, body) = app.page(&admin, &page).await;
        assert!(body.contains(sentence), "{page}: {body}");
    }

    // Tranås: no company answered. Nybro: two administrations of eleven units.
    let (_, tranas) = municipality_analysis(&app, &admin, &id, TRANAS, false).await;
    let tranas = tranas.unwrap().municipality;
    let kind = tranas
        .flags
        .iter()
        .find(|f| f.rule == Rule::KindMissing)
        .unwrap();
    assert_eq!(
        (kind.severity, kind.title.sv.as_str()),
        (Severity::Allvarlig, "Inget bolag har svarat")
    );
    assert_eq!(kind.units.len(), 4);
    let (_, nybro) = municipality_analysis(&app, &admin, &id, NYBRO, false).await;
    let nybro = nybro.unwrap().municipality;
    assert_eq!(nybro.participation.answered, 2);
    let rate = nybro
        .flags
        .iter()
        .find(|f| f.rule == Rule::LowResponseRate)
        .unwrap();
    assert_eq!(rate.severity, Severity::Allvarlig);
    assert_eq!(
        nybro.flags[0].severity,
        Severity::Allvarlig,
        "most serious first"
    );
    assert!(nybro.flags.iter().any(|f| f.rule == Rule::ThinAnswers));

    // The page reads without JavaScript: flags first, units linked, charts with tables.
    let (status, page) = app
        .page(&admin, &format!("/omgangar/{id}/analys/{TRANAS}"))
        .await;
    assert_eq!(status, 200);
    let page = visible(&page);
    assert!(page.contains("Nulägesanalys: Tranås"), "{page}");
    let gaps = page.find("Representationsglapp").unwrap();
    let participation = page.find(r#"id="deltagande""#).unwrap();
    assert!(gaps < participation, "the gaps come before the details");
    assert!(page.contains("Inget bolag har svarat"));
    assert!(page.contains(r#"href="/enheter/"#));
    assert!(page.contains(r#"role="img""#));
    assert!(page.contains("Visa siffrorna som tabell"));
    assert!(page.contains("Fritextsvar"));
    assert!(page.contains("/export/nulagesanalys.xlsx?kommun=0687"));

    let (status, page) = app.page(&admin, &format!("/omgangar/{id}/analys")).await;
    assert_eq!(status, 200);
    let page = visible(&page);
    assert!(page.contains("Kommunerna i jämförelse"));
    assert!(page.contains("Kommuner och teman"));
    assert!(page.contains(&format!(r#"href="/omgangar/{id}/analys/{NYBRO}""#)));
    assert!(page.contains(r#"aria-sort="ascending""#));

    // Sorting works through the address: fewest answers first or last.
    let (_, sorted) = app
        .page(
            &admin,
            &format!("/omgangar/{id}/analys?sortera=svarsfrekvens&ordning=stigande"),
        )
        .await;
    let sorted = visible(&sorted);
    let first_row = sorted.find("Nybro").unwrap();
    assert!(
        first_row < sorted.find("Ronneby").unwrap(),
        "Nybro has the lowest rate"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_limits_the_analysis_and_readers_change_nothing() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    app.user("samordnare@nybro.example", Role::Coordinator, &[NYBRO])
        .await;
    let coordinator = app.login("samordnare@nybro.example").await;

    let (status, overview) = round_analysis(&app, &coordinator, &id, false).await;
    assert_eq!(status, 200);
    let overview = overview.unwrap();
    assert_eq!(overview.municipalities.len(), 1);
    assert_eq!(overview.municipalities[0].name, "Nybro");
    assert_eq!(overview.total.invited, 11);
    assert_eq!(overview.theme_matrix.rows.len(), 1);
    // A municipality of the round outside the coordinator's scope looks missing.
    let (status, _) = municipality_analysis(&app, &coordinator, &id, TRANAS, false).await;
    assert_eq!(status, 404);
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{id}/analys/{TRANAS}"))
        .await;
    assert_eq!(status, 404);
    assert!(!page.contains("Inget bolag har svarat"));
    let denied = app.audit("access.denied").await;
    assert!(
        denied.iter().any(|e| e.target.contains(TRANAS)),
        "{denied:?}"
    );
    // Not the coordinator's round to change: it covers other municipalities too.
    let (status, _) = app
        .call(
            &coordinator,
            SaveThresholds::PATH,
            &[("id", &id), ("low_response_rate", "90")],
        )
        .await;
    assert_eq!(status, 403);
    // Made-up ids and codes.
    for (round, code) in [
        ("inte-ett-id", NYBRO),
        ("00000000-0000-4000-8000-000000000000", NYBRO),
        (id.as_str(), "9999"),
    ] {
        let (status, _) = municipality_analysis(&app, &coordinator, round, code, false).await;
        assert_eq!(status, 404, "{round} {code}");
    }

    // A reader of Nybro reads, but changes nothing.
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let reader = app.login("lasare@nybro.example").await;
    let (status, _) = municipality_analysis(&app, &reader, &id, NYBRO, false).await;
    assert_eq!(status, 200);
    let (status, page) = app.page(&reader, &format!("/omgangar/{id}/analys")).await;
    assert_eq!(status, 200);
    assert!(!visible(&page).contains("Spara gränserna"));
    let (status, _) = app
        .call(
            &reader,
            SaveThresholds::PATH,
            &[("id", &id), ("low_response_rate", "90")],
        )
        .await;
    assert_eq!(status, 403);

    // Nobody logged in: sent to the login page.
    let (status, _) = app.get_text(&format!("/omgangar/{id}/analys")).await;
    assert_eq!(status, 303);
    let (status, _) = app
        .call(&app.client(), GetRoundAnalysis::PATH, &[("id", &id)])
        .await;
    assert_eq!(status, 401);
}

fn threshold_form<'a>(id: &'a str, low: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("low_response_rate", low),
        ("critical_response_rate", "50"),
        ("no_contact_share", "25"),
        ("strategy_unknown_share", "40"),
        ("concentration_share", "75"),
        ("few_active_units", "2"),
        ("concentration_min_answered", "5"),
        ("thin_words", "5"),
        ("thin_share", "50"),
        ("stale_days", "365"),
        ("no_projects_share", "50"),
        ("funding_concentration_share", "75"),
        ("min_projects", "4"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thresholds_are_kept_per_round_and_change_the_flags() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;
    let rate_flags = |a: &RoundAnalysis| -> usize {
        a.municipalities
            .iter()
            .map(|m| m.figures.flags.iter().sum::<usize>())
            .sum()
    };
    let (_, before) = round_analysis(&app, &admin, &id, false).await;
    let before = before.unwrap();
    assert_eq!(before.thresholds, app::analysis::Thresholds::default());

    // Every municipality under 100 % answered gets a response-rate warning.
    let (status, body) = app
        .call(&admin, SaveThresholds::PATH, &threshold_form(&id, "100"))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, after) = round_analysis(&app, &admin, &id, false).await;
    let after = after.unwrap();
    assert_eq!(after.thresholds.low_response_rate, 100);
    assert!(rate_flags(&after) > rate_flags(&before));
    let (_, page) = app.page(&admin, &format!("/omgangar/{id}/analys")).await;
    assert!(page.contains("Den här kartläggningen använder egna gränser."));

    // Bad values are refused in Swedish and change nothing.
    for bad in ["åttio", "101", "-1", ""] {
        let (status, body) = app
            .call(&admin, SaveThresholds::PATH, &threshold_form(&id, bad))
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(
            body.contains("Låg svarsfrekvens (%) måste vara ett heltal från 1 till 100."),
            "{body}"
        );
    }
    let (status, body) = app
        .call(&admin, SaveThresholds::PATH, &threshold_form(&id, "40"))
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("kan inte vara högre"), "{body}");
    let (_, still) = round_analysis(&app, &admin, &id, false).await;
    assert_eq!(still.unwrap().thresholds.low_response_rate, 100);

    // Back to the defaults.
    let (status, _) = app
        .call(
            &admin,
            SaveThresholds::PATH,
            &[("id", id.as_str()), ("aterstall", "1")],
        )
        .await;
    assert_eq!(status, 200);
    let (_, reset) = round_analysis(&app, &admin, &id, false).await;
    assert_eq!(
        reset.unwrap().thresholds,
        app::analysis::Thresholds::default()
    );
    let audit = app.audit("analysis.thresholds").await;
    assert_eq!(audit.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_count_only_when_asked_and_are_marked() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = app.demo_round().await;
    let (_, submitted_only) = municipality_analysis(&app, &admin, &id, SAVSJO, false).await;
    let (_, with_drafts) = municipality_analysis(&app, &admin, &id, SAVSJO, true).await;
    let (a, b) = (
        submitted_only.unwrap().municipality,
        with_drafts.unwrap().municipality,
    );
    assert_eq!(a.participation.drafts_counted, 0);
    assert!(b.participation.drafts_counted > 0);
    assert_eq!(
        b.participation.answered,
        a.participation.answered + b.participation.drafts_counted
    );
    let (_, page) = app
        .page(&admin, &format!("/omgangar/{id}/analys/{SAVSJO}?utkast=1"))
        .await;
    assert!(page.contains("Utkast räknas med."));
    assert!(page.contains("&amp;utkast=1") || page.contains("&utkast=1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_previous_round_is_shown_as_the_trend() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let demo = app.demo_round().await;
    let nybro = app.db.municipality_id(NYBRO).await.unwrap().unwrap();
    let version = app.db.round(&demo).await.unwrap().unwrap().version_id;
    let now = app::db::now();
    let id = app
        .db
        .create_round(&app::db::rounds::NewRound {
            name: "Uppföljning 2027",
            version_id: &version,
            opens_at: None,
            closes_at: now + 90 * 86_400,
            municipality_ids: std::slice::from_ref(&nybro),
            created_by: None,
        })
        .await
        .unwrap();
    app.db
        .set_round_schedule(&id, "oppen", None, now + 90 * 86_400)
        .await
        .unwrap();
    let target = app.db.round_targets(&id).await.unwrap().remove(0);
    app.db
        .save_response(
            &target.id,
            0,
            r#"{"aktivitetsniva":"strategiskt","int_kontakt":true}"#,
        )
        .await
        .unwrap();
    app.db.submit_response(&target.id, 1).await.unwrap();

    let (status, analysis) = municipality_analysis(&app, &admin, &id, NYBRO, false).await;
    assert_eq!(status, 200);
    let m = analysis.unwrap().municipality;
    let trend = m.trend.expect("the demo round is the previous one");
    assert_eq!(trend.points.len(), 2);
    let previous = trend.previous().unwrap();
    assert_eq!(previous.round_name, nulage::demo_round::DEMO_ROUND_NAME);
    assert_eq!(previous.figures.answered, 2);
    assert_eq!(trend.points[1].figures.answered, 1);
    assert_eq!(m.figures.answered, 1);
    let (_, page) = app
        .page(&admin, &format!("/omgangar/{id}/analys/{NYBRO}"))
        .await;
    assert!(page.contains("Utveckling över tid"));
    // The demo round itself has no earlier round.
    let (_, demo_nybro) = municipality_analysis(&app, &admin, &demo, NYBRO, false).await;
    assert!(demo_nybro.unwrap().municipality.trend.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_prints_the_same_analysis() {
    let app = spawn_app().await;
    app.load_demo().await;
    let id = app.demo_round().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nulage"))
            .arg("--database-url")
            .arg(&app.database_url)
            .arg("--log-level")
            .arg("warn")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["analyse", "--round", &id, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let baseline: app::analysis::Baseline = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(baseline.municipalities.len(), 7);
    assert_eq!(baseline.total.invited, 93);
    let tranas = baseline
        .municipalities
        .iter()
        .find(|m| m.code == TRANAS)
        .unwrap();
    assert!(tranas
        .flags
        .iter()
        .any(|f| f.title.sv == "Inget bolag har svarat"));

    let out = run(&["analyse", "--round", &id]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Tranås (0687)"), "{text}");
    assert!(
        text.contains("[Allvarlig] Inget bolag har svarat"),
        "{text}"
    );

    let out = run(&["analyse", "--round", "nej"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("kartläggningen \"nej\" finns inte"), "{err}");
}
