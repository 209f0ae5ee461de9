//! A municipality's trend over all its earlier rounds on the real server:
//! three closed rounds with different answers, the page with a chart and a
//! table per key figure, the question-by-question comparison, and scope.

use crate::common::{spawn_app, TestApp, NYBRO};
use app::analysis::api::{GetMunicipalityAnalysis, MunicipalityAnalysis};
use app::analysis::percent;
use app::auth::Role;
use app::i18n::Lang;
use leptos::server_fn::ServerFn;

const TRANAS: &str = "0687";
const DAY: i64 = 86_400;

/// A closed round of the demo questionnaire for these municipalities.
async fn closed_round(
    app: &TestApp,
    name: &str,
    closes_at: i64,
    municipality_ids: &[String],
) -> String {
    let demo = app.demo_round().await;
    let version = app.db.round(&demo).await.unwrap().unwrap().version_id;
    let id = app
        .db
        .create_round(&app::db::rounds::NewRound {
            name,
            version_id: &version,
            opens_at: Some(closes_at - 30 * DAY),
            closes_at,
            municipality_ids,
            created_by: None,
        })
        .await
        .unwrap();
    app.db
        .set_round_schedule(&id, "stangd", Some(closes_at - 30 * DAY), closes_at)
        .await
        .unwrap();
    id
}

/// Answers of one unit: activity level, strategy, projects and themes.
fn answers(activity: &str, strategy: &str, projects: Option<u32>, themes: &[&str]) -> String {
    let mut a = serde_json::json!({
        "aktivitetsniva": activity,
        "strategi": strategy,
        "int_kontakt": true,
        "teman": themes,
    });
    if let Some(n) = projects {
        a["antal_projekt"] = serde_json::json!(n);
    }
    a.to_string()
}

/// Saves answers for the round's units of `municipality_id`, in order,
/// submitting each unless it is listed in `drafts`. Returns how many units
/// the round has there.
async fn answer(
    app: &TestApp,
    round: &str,
    municipality_id: &str,
    all: &[String],
    drafts: &[usize],
) -> usize {
    let targets: Vec<_> = app
        .db
        .round_targets(round)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.municipality_id == municipality_id)
        .collect();
    for (i, (target, json)) in targets.iter().zip(all).enumerate() {
        let revision = app
            .db
            .save_response(&target.id, 0, json)
            .await
            .unwrap()
            .unwrap();
        if !drafts.contains(&i) {
            app.db.submit_response(&target.id, revision).await.unwrap();
        }
    }
    targets.len()
}

/// The part of the page from `start` to the next `end`.
fn part<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} not on the page"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// `needles` appear in `haystack` in this order.
fn in_order(haystack: &str, needles: &[&str]) {
    let mut at = 0;
    for needle in needles {
        let found = haystack[at..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not after {at} in {haystack}"));
        at += found + needle.len();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trend_covers_every_earlier_round_of_the_municipality() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let nybro = app.db.municipality_id(NYBRO).await.unwrap().unwrap();
    let tranas = app.db.municipality_id(TRANAS).await.unwrap().unwrap();
    let now = app::db::now();

    // 2024, shared with Tranås, whose answers are not Nybro's.
    let first = closed_round(
        &app,
        "Kartläggning 2024 <script>alert(1)</script>",
        now - 700 * DAY,
        &[nybro.clone(), tranas.clone()],
    )
    .await;
    let invited = answer(
        &app,
        &first,
        &nybro,
        &[
            answers("strategiskt", "arbetar_efter", Some(2), &["utbildning"]),
            answers("inte_alls", "finns_ingen", None, &[]),
        ],
        &[],
    )
    .await;
    answer(
        &app,
        &first,
        &tranas,
        &vec![answers("strategiskt", "arbetar_efter", Some(40), &["kultur_fritid"]); 3],
        &[],
    )
    .await;
    // 2025: three submitted, and a draft that does not count.
    let second = closed_round(
        &app,
        "Kartläggning 2025",
        now - 365 * DAY,
        std::slice::from_ref(&nybro),
    )
    .await;
    answer(
        &app,
        &second,
        &nybro,
        &[
            answers(
                "ad_hoc",
                "kanner_till",
                Some(1),
                &["utbildning", "digitalisering"],
            ),
            answers("ad_hoc", "kanner_till", Some(1), &["utbildning"]),
            answers("ad_hoc", "kanner_till", Some(1), &[]),
            answers("strategiskt", "arbetar_efter", Some(90), &["kultur_fritid"]),
        ],
        &[3],
    )
    .await;
    // 2026, the round analysed.
    let third = closed_round(
        &app,
        "Kartläggning 2026",
        now - 30 * DAY,
        std::slice::from_ref(&nybro),
    )
    .await;
    answer(
        &app,
        &third,
        &nybro,
        &[
            answers("strategiskt", "kanner_till", Some(5), &["utbildning"]),
            answers(
                "strategiskt",
                "kanner_inte_till",
                Some(1),
                &["digitalisering"],
            ),
            answers("tidigare", "kanner_inte_till", None, &[]),
            answers("inte_alls", "kanner_inte_till", None, &[]),
        ],
        &[],
    )
    .await;

    let (status, body) = app
        .call(
            &admin,
            GetMunicipalityAnalysis::PATH,
            &[("id", &third), ("code", NYBRO), ("drafts", "false")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let analysis: MunicipalityAnalysis = serde_json::from_str(&body).unwrap();
    let trend = analysis.municipality.trend.expect("two earlier rounds");
    let ids: Vec<&str> = trend.points.iter().map(|p| p.round_id.as_str()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str(), third.as_str()]);
    let answered: Vec<usize> = trend.points.iter().map(|p| p.figures.answered).collect();
    assert_eq!(answered, [2, 3, 4], "Tranås and the draft do not count");
    let projects: Vec<Option<f64>> = trend.points.iter().map(|p| p.figures.projects).collect();
    assert_eq!(projects, [Some(2.0), Some(3.0), Some(6.0)]);
    let active: Vec<Option<f64>> = trend
        .points
        .iter()
        .map(|p| p.figures.active_share)
        .collect();
    assert_eq!(active, [Some(0.5), Some(1.0), Some(0.5)]);
    let known: Vec<Option<f64>> = trend
        .points
        .iter()
        .map(|p| p.figures.strategy_known_share)
        .collect();
    assert_eq!(known, [Some(0.5), Some(1.0), Some(0.25)]);
    let col = |key: &str| trend.themes.iter().position(|(k, _)| k == key).unwrap();
    let education: Vec<Option<usize>> = trend
        .points
        .iter()
        .map(|p| p.theme_counts[col("utbildning")])
        .collect();
    assert_eq!(education, [Some(1), Some(2), Some(1)]);
    assert_eq!(trend.points[1].theme_counts[col("kultur_fritid")], Some(0));
    // Question by question against 2025.
    let activity = trend
        .questions
        .iter()
        .find(|q| q.key == "aktivitetsniva")
        .unwrap();
    assert_eq!(
        (activity.answered_before, activity.answered_now),
        (Some(3), Some(4))
    );
    let strategic = activity
        .options
        .iter()
        .find(|o| o.key == "strategiskt")
        .unwrap();
    assert_eq!((strategic.before, strategic.now), (Some(0.0), Some(0.5)));

    let (status, page) = app
        .page(&admin, &format!("/omgangar/{third}/analys/{NYBRO}"))
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert(1)"), "the round name is text");
    let section = part(&page, r#"<h2 id="trend""#, "</section>");
    assert!(section.contains("Utveckling över tid"));
    let rate = |answered: usize| percent(answered as f64 / invited as f64, Lang::Sv);
    let response = part(section, r#"id="trend-svarsfrekvens""#, "</figure>");
    assert!(response.contains(r#"role="img""#), "{response}");
    assert!(
        response.contains(r#"aria-labelledby="trend-svarsfrekvens-rubrik""#),
        "{response}"
    );
    in_order(
        response,
        &[
            "<table",
            "Kartläggning 2024 &lt;script&gt;alert(1)&lt;/script&gt;",
            &rate(2),
            "Kartläggning 2025",
            &rate(3),
            "Kartläggning 2026",
            &rate(4),
        ],
    );
    let strategy = part(section, r#"id="trend-strategi""#, "</figure>");
    in_order(strategy, &["<tbody", "50 %", "100 %", "25 %"]);
    let projects = part(section, r#"id="trend-projekt""#, "</figure>");
    in_order(projects, &["<tbody", ">2<", ">3<", ">6<"]);
    for id in ["trend-aktiva", "trend-strategiskt", "trend-teman"] {
        assert!(section.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(section.contains("Teman per kartläggning"));
    let questions = part(section, r#"id="trend-fragor""#, "</details>");
    // Strategically, now and then, earlier, not at all: 2025, 2026, change.
    let activity = part(questions, r#"id="trend-fraga-aktivitetsniva""#, "</table>");
    in_order(
        activity,
        &[
            "<tbody",
            "0 %",
            "50 %",
            "+50",
            "100 %",
            "0 %",
            "\u{2212}100",
            "0 %",
            "25 %",
            "+25",
        ],
    );

    // The same figures as CSV, one row per round.
    let csv_path = format!("/omgangar/{third}/export/utveckling.csv?format=rfc4180&kommun={NYBRO}");
    let response = admin.get(app.url(&csv_path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
    let column =
        |name: &str| -> Vec<&str> { rows[1..].iter().map(|r| r[col(name)].as_str()).collect() };
    assert_eq!(
        column("kartlaggning"),
        [
            "Kartläggning 2024 <script>alert(1)</script>",
            "Kartläggning 2025",
            "Kartläggning 2026"
        ]
    );
    assert_eq!(column("har_svarat"), ["2", "3", "4"]);
    assert_eq!(column("kanner_till_strategin_procent"), ["50", "100", "25"]);
    assert_eq!(column("pagaende_projekt"), ["2", "3", "6"]);
    assert_eq!(column("teman_valda"), ["1", "2", "2"]);

    // Someone of another municipality sees none of it.
    app.user("samordnare@tranas.example", Role::Coordinator, &[TRANAS])
        .await;
    let other = app.login("samordnare@tranas.example").await;
    let (status, page) = app
        .page(&other, &format!("/omgangar/{third}/analys/{NYBRO}"))
        .await;
    assert_eq!(status, 404);
    assert!(!page.contains("Kartläggning 2025"));
    assert!(!page.contains("Utveckling över tid"));
    let (status, _) = app
        .call(
            &other,
            GetMunicipalityAnalysis::PATH,
            &[("id", &third), ("code", NYBRO), ("drafts", "false")],
        )
        .await;
    assert_eq!(status, 404);
    let response = other.get(app.url(&csv_path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    // Tranås's own page of the shared round has no trend: no earlier round.
    let (status, body) = app
        .call(
            &other,
            GetMunicipalityAnalysis::PATH,
            &[("id", &first), ("code", TRANAS), ("drafts", "false")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let analysis: MunicipalityAnalysis = serde_json::from_str(&body).unwrap();
    assert!(analysis.municipality.trend.is_none());
}
