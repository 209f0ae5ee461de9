//! A round across many municipalities: the round page of a large round
//! (counts per municipality first, one page of units, filters), and a
//! municipal coordinator in a regional round, who handles the links,
//! reminders and mail of their own units and nobody else's.

use crate::common::{spawn_app, TestApp, COORDINATOR, NYBRO};
use crate::mail::{mail_settings, send};
use crate::smtp_sink::Sink;
use app::auth::Role;
use app::db::mail::NewMail;
use app::db::registry::NewMunicipality;
use app::mail::api::{CancelMail, GetRoundMail, RoundMail};
use app::rounds::api::{ChangeTarget, GetRound, RoundDetail, SaveRound};
use app::rounds::listing::PAGE_SIZE;
use app::rounds::UnitState;
use leptos::server_fn::ServerFn;
use std::collections::HashSet;

async fn detail(
    app: &TestApp,
    client: &reqwest::Client,
    args: &[(&str, &str)],
) -> (u16, Option<RoundDetail>) {
    let (status, body) = app.call(client, GetRound::PATH, args).await;
    (status, serde_json::from_str(&body).ok())
}

/// `count` municipalities of `each` units (named "Enhet 000" …), and an
/// administrator's round to all of them; returns the round and the client.
async fn large_round(app: &TestApp, count: usize, each: usize) -> (String, reqwest::Client) {
    app.user("admin@test.example", Role::Admin, &[]).await;
    let admin = app.login("admin@test.example").await;
    let mut ids = Vec::new();
    for m in 0..count {
        let id = app
            .db
            .upsert_municipality(&NewMunicipality {
                code: &format!("{:04}", 9000 + m),
                name: &format!("Kommun {m:02}"),
                county: "Testlän",
                population: None,
            })
            .await
            .unwrap();
        // One statement per municipality: portable SQL, quick on both databases.
        let values: Vec<String> = (0..each)
            .map(|u| {
                format!(
                    "('{}', '{id}', 'Enhet {u:03}', 'forvaltning', 'utbildning', 0, 0)",
                    uuid::Uuid::new_v4()
                )
            })
            .collect();
        app.execute(&format!(
            "INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
             VALUES {}",
            values.join(", ")
        ))
        .await;
        ids.push(id);
    }
    let (_, version) = app
        .db
        .list_questionnaires()
        .await
        .unwrap()
        .into_iter()
        .find(|(q, _)| q.builtin.is_some())
        .unwrap();
    let closes_at = app::db::now() + 30 * 86_400;
    let round = app
        .db
        .create_round(&app::db::rounds::NewRound {
            name: "Regional kartläggning",
            version_id: &version.id,
            opens_at: None,
            closes_at,
            municipality_ids: &ids,
            created_by: None,
        })
        .await
        .unwrap();
    app.db
        .set_round_schedule(&round, "oppen", None, closes_at)
        .await
        .unwrap();
    (round, admin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_of_two_thousand_units_opens_with_counts_and_one_page_of_units() {
    let app = spawn_app().await;
    let (round, admin) = large_round(&app, 40, 50).await;
    // Three units of the first municipality have submitted.
    app.execute(&format!(
        "INSERT INTO response (round_unit_id, answers, revision, submitted_answers,
                               submitted_revision, submitted_at, updated_at)
         SELECT t.id, '{{}}', 1, '{{}}', 1, 1, 1 FROM round_unit t
         JOIN unit u ON u.id = t.unit_id JOIN municipality m ON m.id = u.municipality_id
         WHERE t.round_id = '{round}' AND m.code = '9000' AND u.name IN ('Enhet 000', 'Enhet 001', 'Enhet 002')"
    ))
    .await;

    let (status, r) = detail(&app, &admin, &[("id", &round)]).await;
    assert_eq!(status, 200);
    let r = r.unwrap();
    assert_eq!(r.summary.len(), 40, "every municipality with its counts");
    assert_eq!(r.counts().iter().sum::<usize>(), 2000);
    assert_eq!(r.counts()[UnitState::Submitted as usize], 3);
    assert_eq!(r.summary[0].name, "Kommun 00");
    assert_eq!(r.summary[0].submitted(), 3);
    assert_eq!(
        (r.paging.page, r.paging.pages, r.paging.matching),
        (1, 20, 2000)
    );
    let shown: usize = r.municipalities.iter().map(|m| m.targets.len()).sum();
    assert_eq!(shown, PAGE_SIZE);
    assert_eq!(
        r.municipalities.len(),
        2,
        "the first two municipalities' units"
    );

    let path = format!("/omgangar/{round}");
    let (status, page) = app.page(&admin, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.len() < 300_000,
        "the first page of a 2 000-unit round is {} bytes",
        page.len()
    );
    assert!(page.contains("1 av 40 kommuner har svarat"), "the headline");
    assert!(page.contains("Läget per kommun"));
    assert!(page.contains(&format!("href=\"/omgangar/{round}?kommun=9039#enheter\"")));
    assert!(page.contains("Visar enhet 1–100 av 2\u{202f}000."));
    assert!(page.contains("Sida 1 av 20"));
    assert!(page.contains(&format!("href=\"/omgangar/{round}?sida=2#enheter\"")));
    assert!(page.contains("Kommun 00 – 3 av 50 inskickade"));
    assert_eq!(page.matches("class=\"input--link\"").count(), PAGE_SIZE);

    // One municipality, by the filter form's values.
    let (_, r) = detail(&app, &admin, &[("id", &round), ("kommun", "9007")]).await;
    let r = r.unwrap();
    assert_eq!(r.paging.matching, 50);
    assert_eq!(r.municipalities.len(), 1);
    assert_eq!(r.municipalities[0].code, "9007");
    assert_eq!(r.summary.len(), 40, "the counts stay whole");
    let (status, page) = app.page(&admin, &format!("{path}?kommun=9007&lage=")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Visar 50 enheter.") && !page.contains("Sida 1 av"));
    assert!(page.contains("Visa alla enheter"));

    // By state: the submitted ones, and the ones left to remind.
    let (_, r) = detail(&app, &admin, &[("id", &round), ("lage", "inskickad")]).await;
    let r = r.unwrap();
    assert_eq!(r.paging.matching, 3);
    assert!(r.municipalities[0]
        .targets
        .iter()
        .all(|t| t.state == UnitState::Submitted));
    let (_, r) = detail(&app, &admin, &[("id", &round), ("lage", "inte_inskickad")]).await;
    assert_eq!(r.unwrap().paging.matching, 1997);
    let (_, page) = app
        .page(&admin, &format!("{path}?kommun=9001&lage=inskickad"))
        .await;
    assert!(page.contains("Inga enheter matchar valet."));

    // The last page, and a page past the end shows the last one.
    let (_, r) = detail(&app, &admin, &[("id", &round), ("sida", "20")]).await;
    let r = r.unwrap();
    assert_eq!(r.municipalities.last().unwrap().code, "9039");
    let (_, again) = detail(&app, &admin, &[("id", &round), ("sida", "999")]).await;
    assert_eq!(again.unwrap().municipalities, r.municipalities);

    // A hostile address lists the first page and shows nothing of it.
    let (status, page) = app
        .page(
            &admin,
            &format!("{path}?kommun=%3Cscript%3Ealert(1)%3C/script%3E&lage=%22%3E%3Cb%3E&sida=-4"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert") && !page.contains("\"><b>"));
    assert!(page.contains("Visar enhet 1–100 av 2\u{202f}000."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_to_a_link_returns_to_the_listing_it_was_made_on() {
    let app = spawn_app().await;
    let (round, admin) = large_round(&app, 3, 60).await;
    let (_, r) = detail(&app, &admin, &[("id", &round), ("sida", "2")]).await;
    let target = r.unwrap().municipalities[0].targets[0].id.clone();
    let back = format!("/omgangar/{round}?sida=2#enheter");
    let response = admin
        .post(app.url(ChangeTarget::PATH))
        .header("accept", "text/html")
        .form(&[
            ("id", round.as_str()),
            ("target", &target),
            ("action", "ersatt"),
            ("tillbaka", &back),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], back.as_str());
    // Anywhere else: back to the unit list.
    let response = admin
        .post(app.url(ChangeTarget::PATH))
        .header("accept", "text/html")
        .form(&[
            ("id", round.as_str()),
            ("target", &target),
            ("action", "ersatt"),
            ("tillbaka", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(
        response.headers()["location"],
        format!("/omgangar/{round}#enheter").as_str()
    );
}

/// The demo round (seven municipalities) open, on a server that sends mail
/// at one a minute (so that what is queued stays queued), and Nybro's
/// coordinator.
async fn shared_round(sink: &Sink) -> (TestApp, String, reqwest::Client) {
    let app =
        crate::common::spawn_app_with(tempfile::tempdir().unwrap(), mail_settings(sink, 1)).await;
    app.load_demo().await;
    let round = app.demo_round().await;
    let closes_at = app::db::now() + 30 * 86_400;
    app.db
        .set_round_schedule(&round, "oppen", None, closes_at)
        .await
        .unwrap();
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    (app, round, coordinator)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_municipal_coordinator_handles_their_own_units_in_a_shared_round() {
    let sink = Sink::start();
    let (app, round, coordinator) = shared_round(&sink).await;
    let all = app.db.round_targets(&round).await.unwrap();
    let nybro_id = app.db.municipality_id(NYBRO).await.unwrap().unwrap();
    let (own, others): (Vec<_>, Vec<_>) = all.iter().partition(|t| t.municipality_id == nybro_id);
    assert!(!own.is_empty() && !others.is_empty());
    let own_ids: HashSet<&str> = own.iter().map(|t| t.id.as_str()).collect();

    // The round page: their own units, with links; no one else's.
    let (status, r) = detail(&app, &coordinator, &[("id", &round)]).await;
    assert_eq!(status, 200);
    let r = r.unwrap();
    assert!(!r.can_edit, "the round as a whole is the region's");
    assert!(r.can_act);
    assert_eq!(r.summary.len(), 1);
    let shown: Vec<_> = r.municipalities.iter().flat_map(|m| &m.targets).collect();
    assert_eq!(shown.len(), own.len());
    assert!(shown
        .iter()
        .all(|t| own_ids.contains(t.id.as_str()) && t.link.is_some()));
    let (status, page) = app.page(&coordinator, &format!("/omgangar/{round}")).await;
    assert_eq!(status, 200);
    for t in &own {
        assert!(
            page.contains(t.token.as_deref().unwrap()),
            "{}'s link",
            t.unit_name
        );
    }
    for t in &others {
        assert!(!page.contains(t.token.as_deref().unwrap()));
        assert!(!page.contains(&t.id));
    }
    assert!(page.contains("Ge en ny länk"));
    assert!(!page.contains("Spara namn och datum") && !page.contains("Stäng kartläggningen"));

    // A new link for their own unit; another municipality's unit looks missing.
    let mine = own[0];
    let (status, body) = app
        .call(
            &coordinator,
            ChangeTarget::PATH,
            &[("id", &round), ("target", &mine.id), ("action", "ersatt")],
        )
        .await;
    assert!(status < 400, "{status} {body}");
    let theirs = others[0];
    for action in ["ersatt", "sparra", "ta_bort"] {
        let (status, _) = app
            .call(
                &coordinator,
                ChangeTarget::PATH,
                &[("id", &round), ("target", &theirs.id), ("action", action)],
            )
            .await;
        assert_eq!(status, 404, "{action} on another municipality's unit");
    }
    let after = app.db.round_targets(&round).await.unwrap();
    let token_of = |id: &str| after.iter().find(|t| t.id == id).unwrap().token.clone();
    assert_ne!(token_of(&mine.id), mine.token);
    assert_eq!(token_of(&theirs.id), theirs.token, "untouched");
    // The round's name and dates stay the region's.
    let (status, _) = app
        .call(
            &coordinator,
            SaveRound::PATH,
            &[
                ("id", &round),
                ("name", "Nybros"),
                ("opens", ""),
                ("closes", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(status, 403);

    // Mail: the page lists their units; invitations go to their units only,
    // whatever units the form names.
    let (status, body) = app
        .call(&coordinator, GetRoundMail::PATH, &[("id", &round)])
        .await;
    assert_eq!(status, 200);
    let m: RoundMail = serde_json::from_str(&body).unwrap();
    assert!(m.can_send && !m.can_edit);
    assert!(m
        .units
        .iter()
        .all(|u| own_ids.contains(u.target_id.as_str())));
    let (status, body) = send(&app, &coordinator, &round, "inbjudan", "alla", &[]).await;
    assert!(status < 400, "{status} {body}");
    let (status, _) = send(
        &app,
        &coordinator,
        &round,
        "inbjudan",
        "valda",
        &[&theirs.id],
    )
    .await;
    assert_eq!(status, 422, "another municipality's unit is no choice");
    let jobs = app.db.round_mail(&round).await.unwrap();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().all(|j| own_ids.contains(j.target_id.as_str())));

    // Stopping stops their own mail only.
    let theirs_contact = app
        .db
        .mail_recipients(&round)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.municipality_id != nybro_id && r.contact_email.is_some())
        .unwrap();
    app.db
        .enqueue_mail(&[NewMail {
            round_id: round.clone(),
            target_id: theirs_contact.target_id.clone(),
            kind: "inbjudan".into(),
            dedupe_key: "regionens".into(),
            recipient_name: String::new(),
            recipient: theirs_contact.contact_email.clone().unwrap(),
            reply_to: String::new(),
            subject: "Regionens inbjudan".into(),
            body: "Hej".into(),
            created_by: None,
        }])
        .await
        .unwrap();
    let (status, body) = app
        .call(&coordinator, CancelMail::PATH, &[("id", &round)])
        .await;
    assert!(status < 400, "{status} {body}");
    let jobs = app.db.round_mail(&round).await.unwrap();
    let region = jobs
        .iter()
        .find(|j| j.subject == "Regionens inbjudan")
        .unwrap();
    assert_ne!(
        region.state, "cancelled",
        "the region's mail is not Nybro's to stop"
    );
    assert!(jobs
        .iter()
        .filter(|j| own_ids.contains(j.target_id.as_str()))
        .all(|j| matches!(j.state.as_str(), "cancelled" | "sent" | "sending")));

    // The mail-merge file: their own units' links only.
    let response = coordinator
        .get(app.url(&format!("/omgangar/{round}/utskick/koppling.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let file = response.text().await.unwrap();
    assert!(file.contains("Nybro"));
    // (Units without a contact person have no row to write.)
    for r in app.db.mail_recipients(&round).await.unwrap() {
        let (Some(token), Some(_)) = (r.token, r.contact_email) else {
            continue;
        };
        assert_eq!(
            file.contains(&token),
            r.municipality_id == nybro_id,
            "{} in the file",
            r.unit_name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_of_a_shared_round_sees_states_but_no_links_and_sends_nothing() {
    let sink = Sink::start();
    let (app, round, _) = shared_round(&sink).await;
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let reader = app.login("lasare@nybro.example").await;
    let (status, r) = detail(&app, &reader, &[("id", &round)]).await;
    assert_eq!(status, 200);
    let r = r.unwrap();
    assert!(!r.can_act && !r.can_edit);
    assert!(r
        .municipalities
        .iter()
        .flat_map(|m| &m.targets)
        .all(|t| t.link.is_none()));
    let (status, _) = send(&app, &reader, &round, "paminnelse", "ej_inskickade", &[]).await;
    assert_eq!(status, 403);
    let (status, _) = app.call(&reader, CancelMail::PATH, &[("id", &round)]).await;
    assert_eq!(status, 403);
    let response = reader
        .get(app.url(&format!("/omgangar/{round}/utskick/koppling.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(app.db.round_mail(&round).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_typed_into_the_registry_are_escaped_on_the_round_page() {
    let app = spawn_app().await;
    let (round, admin) = large_round(&app, 2, 3).await;
    let hostile = "<script>alert(1)</script>\"' onmouseover=\"x";
    app.execute(&format!(
        "UPDATE municipality SET name = 'Kommun {}' WHERE code = '9000'",
        hostile.replace('\'', "''")
    ))
    .await;
    app.execute(&format!(
        "UPDATE unit SET name = 'Enhet {}' WHERE name = 'Enhet 000'",
        hostile.replace('\'', "''")
    ))
    .await;
    for path in [
        format!("/omgangar/{round}"),
        format!("/omgangar/{round}?kommun=9000"),
    ] {
        let (status, page) = app.page(&admin, &path).await;
        assert_eq!(status, 200);
        // In the summary table, the filter's options, the headings, the
        // tables' names and the links' labels: always as text.
        assert!(!page.contains("<script>alert(1)"), "{path}");
        assert!(!page.contains("\" onmouseover=\"x"), "{path}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
}
