//! A round's reminder plan against a real SMTP server on loopback: the plan
//! is run at fixed instants (the scheduler's clock is an argument), the
//! server's worker sends what it queues. The right units at the right times,
//! none after a unit submits, none in quiet hours, none twice when a step is
//! run again, by two at once or after a restart, at most so many per unit,
//! nothing once the round is closed.

use crate::common::{spawn_app_with, COORDINATOR, NYBRO};
use crate::forms::post_from;
use crate::mail::{mail_settings, reachable, settled, submit, wait_for, QUESTIONNAIRE};
use crate::smtp_sink::Sink;
use app::auth::Role;
use app::db::mail::RecipientRow;
use app::mail::api::SaveReminderPlan;
use app::mail::plan::{due_times, Plan, Step};
use app::mail::reminders::run_due;
use app::mail::Audience;
use app::time::{format_stockholm, parse_date_stockholm};
use leptos::server_fn::ServerFn;
use std::collections::HashMap;

/// The base URL of the test server's links.
const BASE: &str = crate::mail::BASE;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_plan_sends_the_right_reminders_at_the_right_times_once() {
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(dir, mail_settings(&sink, 6000)).await;
    let (round, _coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let contacts = reachable(&app, &round).await;
    let mut targets: Vec<&RecipientRow> = Vec::new();
    for row in &contacts {
        if !targets.iter().any(|t| t.target_id == row.target_id) {
            targets.push(row);
        }
    }
    assert!(targets.len() >= 3);
    let (submitted, later) = (targets[0].clone(), targets[1].clone());
    let of = |target: &str| contacts.iter().filter(|c| c.target_id == target).count();
    submit(
        &app,
        &submitted.target_id,
        submitted.token.as_ref().unwrap(),
        "Bo",
    )
    .await;
    settled(&app, &round, "tack", of(&submitted.target_id)).await;

    // The round's last day is 2099-12-31, a Thursday.
    let closes = app.db.round(&round).await.unwrap().unwrap().closes_at;
    assert_eq!(format_stockholm(closes), "2100-01-01 00:00");
    let plan = Plan {
        enabled: true,
        steps: Step::OFFERED.to_vec(),
        audience: Audience::NotSubmitted,
        max_per_unit: 2,
        since: app::db::now(),
        ..Plan::default_off(0)
    };
    app.db
        .save_reminder_plan(&round, &plan, None)
        .await
        .unwrap();
    let times: Vec<i64> = due_times(&plan, closes).iter().map(|(_, t)| *t).collect();
    let shown: Vec<String> = times.iter().map(|t| format_stockholm(*t)).collect();
    assert_eq!(
        shown,
        [
            "2099-12-17 08:00",
            "2099-12-24 08:00",
            "2099-12-29 08:00",
            "2099-12-31 08:00"
        ]
    );
    let at = |date: &str, hour: i64| parse_date_stockholm(date).unwrap() + hour * 3_600;

    // Not before the first step; then every contact of every unit that has
    // not submitted, once, also when two run the step at the same moment.
    assert_eq!(run_due(&app.db, BASE, times[0] - 60).await.unwrap(), 0);
    let (a, b) = tokio::join!(
        run_due(&app.db, BASE, times[0]),
        run_due(&app.db, BASE, times[0])
    );
    let first = contacts.len() - of(&submitted.target_id);
    assert_eq!(a.unwrap() + b.unwrap(), first);
    assert_eq!(run_due(&app.db, BASE, times[0] + 60).await.unwrap(), 0);
    let reminders = settled(&app, &round, "paminnelse", first).await;
    assert!(reminders
        .iter()
        .all(|j| j.state == "sent" && j.target_id != submitted.target_id));

    // The next step's day at 21:00, and the Saturday after: quiet.
    assert_eq!(
        run_due(&app.db, BASE, at("2099-12-24", 21)).await.unwrap(),
        0
    );
    assert_eq!(
        run_due(&app.db, BASE, at("2099-12-26", 10)).await.unwrap(),
        0
    );

    // A unit that submits drops out of the plan.
    submit(&app, &later.target_id, later.token.as_ref().unwrap(), "Cy").await;
    let second = first - of(&later.target_id);
    assert_eq!(run_due(&app.db, BASE, times[1]).await.unwrap(), second);
    let reminders = settled(&app, &round, "paminnelse", first + second).await;
    assert_eq!(
        reminders
            .iter()
            .filter(|j| j.target_id == later.target_id)
            .count(),
        of(&later.target_id)
    );

    // After a restart the step that ran does not run again.
    let dir = app.stop().await;
    let app = spawn_app_with(dir, mail_settings(&sink, 6000)).await;
    assert_eq!(run_due(&app.db, BASE, times[1]).await.unwrap(), 0);
    assert_eq!(run_due(&app.db, BASE, times[1] + 3_600).await.unwrap(), 0);

    // Every unit left has had its two: the third step reaches nobody.
    assert_eq!(run_due(&app.db, BASE, times[2]).await.unwrap(), 0);
    assert_eq!(app.db.reminder_plan_runs(&round).await.unwrap().len(), 3);

    // Closed, the round's last morning sends nothing (with room for one more).
    app.db
        .save_reminder_plan(
            &round,
            &Plan {
                max_per_unit: 3,
                ..plan.clone()
            },
            None,
        )
        .await
        .unwrap();
    app.execute(&format!(
        "UPDATE round SET status = 'stangd' WHERE id = '{round}'"
    ))
    .await;
    assert_eq!(run_due(&app.db, BASE, times[3]).await.unwrap(), 0);

    // What the mail server got: each reminder once, to the right people,
    // with their own link.
    let received = wait_for("every reminder", async || {
        let got: Vec<_> = sink
            .received()
            .into_iter()
            .filter(|m| m.subject().starts_with("Påminnelse: Kartläggning 2027"))
            .collect();
        (got.len() >= first + second).then_some(got)
    })
    .await;
    assert_eq!(received.len(), first + second);
    let mut got: HashMap<String, usize> = HashMap::new();
    for message in &received {
        for to in &message.to {
            *got.entry(to.to_lowercase()).or_default() += 1;
        }
    }
    let mut expected: HashMap<String, usize> = HashMap::new();
    for contact in &contacts {
        let steps = if contact.target_id == submitted.target_id {
            0
        } else if contact.target_id == later.target_id {
            1
        } else {
            2
        };
        let email = contact.contact_email.as_deref().unwrap().to_lowercase();
        if steps > 0 {
            *expected.entry(email.clone()).or_default() += steps;
            let link = format!("{BASE}/s/{}", contact.token.as_deref().unwrap());
            assert!(
                received
                    .iter()
                    .any(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(&email))
                        && m.body().contains(&link)),
                "{email} got its link"
            );
        }
    }
    assert_eq!(got, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_is_shown_on_the_mail_page_and_set_without_javascript_by_whole_round_editors() {
    let sink = Sink::start();
    let app = spawn_app_with(tempfile::tempdir().unwrap(), mail_settings(&sink, 6000)).await;
    let admin = app.admin_with_demo().await;
    // The demo round spans several municipalities: a coordinator of one
    // handles their units but not the round as a whole.
    let round = app.demo_round().await;
    let closes_at = app::db::now() + 30 * 86_400;
    app.db
        .set_round_schedule(&round, "oppen", None, closes_at)
        .await
        .unwrap();
    app.user(COORDINATOR, Role::Coordinator, &[NYBRO]).await;
    let coordinator = app.login(COORDINATOR).await;
    let page = format!("/omgangar/{round}/utskick");

    let (status, html) = app.page(&coordinator, &page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Påminnelseplan"), "{html}");
    assert!(html.contains("Planen är avstängd"));
    assert!(!html.contains("Spara påminnelseplanen"));
    let plan_form = [
        ("id", round.as_str()),
        ("enabled", "on"),
        ("steps[1]", "7d"),
        ("steps[3]", "0d"),
        ("audience", "inget"),
        ("max", "2"),
    ];
    let (status, _) = app
        .call(&coordinator, SaveReminderPlan::PATH, &plan_form)
        .await;
    assert_eq!(status, 403);
    assert!(app.db.reminder_plan(&round).await.unwrap().is_none());

    // Refused posts say what is wrong at the field, in Swedish.
    let (status, html) = app.page(&admin, &page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Spara påminnelseplanen"));
    let mut too_many = plan_form.to_vec();
    too_many[5] = ("max", "11");
    let (status, _, body) = post_from(&app, &admin, &page, SaveReminderPlan::PATH, &too_many).await;
    assert!((400..500).contains(&status), "{status}");
    assert!(body.contains("<title>Fel: "), "{body}");
    assert!(body.contains("href=\"#plan-max\""), "{body}");
    assert!(body.contains("Skriv ett antal från 1 till 10."), "{body}");
    let no_steps = [
        ("id", round.as_str()),
        ("enabled", "on"),
        ("audience", "inget"),
        ("max", "2"),
    ];
    let (status, _, body) = post_from(&app, &admin, &page, SaveReminderPlan::PATH, &no_steps).await;
    assert!((400..500).contains(&status), "{status}");
    assert!(body.contains("href=\"#plan-steg\""), "{body}");
    assert!(body.contains("Välj minst en tidpunkt"), "{body}");
    assert!(app.db.reminder_plan(&round).await.unwrap().is_none());

    // A plain form post saves it and goes back to the plan.
    let (status, location, body) =
        post_from(&app, &admin, &page, SaveReminderPlan::PATH, &plan_form).await;
    assert_eq!(status, 303, "{body}");
    assert!(
        location.starts_with(&format!("{page}?plan=")) && location.ends_with("#paminnelseplan"),
        "{location}"
    );
    let saved = app.db.reminder_plan(&round).await.unwrap().unwrap();
    assert!(saved.enabled);
    assert_eq!(saved.steps, vec![Step(7), Step(0)]);
    assert_eq!(saved.audience, Audience::Nothing);
    assert_eq!(saved.max_per_unit, 2);
    let audit = app.audit("mail.plan").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].target, round);
    assert_eq!(audit[0].detail, "på; 7d,0d; inget; högst 2");

    // Everyone who reads the round sees what goes when.
    let (_, html) = app.page(&coordinator, &location).await;
    assert!(html.contains("Påminnelseplanen är sparad."), "{html}");
    assert!(html.contains("Det här skickas"));
    for (_, at) in due_times(&saved, closes_at) {
        assert!(html.contains(&format_stockholm(at)), "{html}");
    }
    assert!(html.contains("Planerad"));
    assert!(!html.contains("Spara påminnelseplanen"));
}
