//! E-mail against a real SMTP server on loopback (tests/it/smtp_sink.rs):
//! recipients, subject, body and link; reminders that skip submitted units;
//! the thank-you once; a restart in the middle of a batch; a worker that
//! died; a temporary failure then success; a permanent failure shown; the
//! templates' checks; access; and the mail-merge file without SMTP.
//!
//! Nothing here asserts on time: every wait polls with a generous limit.

use crate::common::{spawn_app, spawn_app_with, TestApp, COORDINATOR, NYBRO};
use crate::smtp_sink::{Received, Sink};
use app::auth::Role;
use app::db::mail::{MailJobRow, NewMail, RecipientRow};
use app::mail::api::{GetMailTemplate, GetRoundMail, SaveMailTemplate, SendMail, TemplateEdit};

use leptos::server_fn::ServerFn;
use nulage::cli::SmtpTls;
use nulage::mail::{MailSettings, SmtpSettings};
use std::collections::HashMap;
use std::time::Duration;

pub(crate) const QUESTIONNAIRE: &str = r#"{
  "title": { "sv": "Testenkät" },
  "sections": [
    { "key": "a", "title": { "sv": "Första delen" }, "questions": [
      { "key": "namn", "text": { "sv": "Vem svarar?" }, "type": "short_text", "required": true }
    ]}
  ]
}"#;

pub(crate) const BASE: &str = "https://nulage.example.se";

pub(crate) fn mail_settings(sink: &Sink, rate_per_minute: u32) -> MailSettings {
    MailSettings {
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: sink.addr.port(),
            tls: SmtpTls::None,
            credentials: None,
            from: "Nuläge Test <nulage@test.example>".parse().unwrap(),
        }),
        rate_per_minute,
        poll_interval: Duration::from_millis(100),
        retry_base: Duration::from_secs(1),
        lease: Duration::from_secs(300),
        timeout: Duration::from_secs(20),
    }
}

async fn mail_app(sink: &Sink, rate_per_minute: u32) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    spawn_app_with(dir, mail_settings(sink, rate_per_minute)).await
}

/// Polls `check` until it gives a value; fails after 90 seconds.
pub(crate) async fn wait_for<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The round's contacts that mail can reach (a link and an address).
pub(crate) async fn reachable(app: &TestApp, round: &str) -> Vec<RecipientRow> {
    app.db
        .mail_recipients(round)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.token.is_some() && r.contact_email.is_some())
        .collect()
}

/// Puts invitations to the first `n` reachable contacts straight into the
/// queue, as a send would; returns how many were queued.
async fn queue_invitations(app: &TestApp, round: &str, n: usize, batch: &str) -> usize {
    let mails: Vec<NewMail> = reachable(app, round)
        .await
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, c)| NewMail {
            round_id: round.to_string(),
            target_id: c.target_id.clone(),
            kind: "inbjudan".into(),
            dedupe_key: format!("{batch}-{i}"),
            recipient_name: String::new(),
            recipient: c.contact_email.clone().unwrap(),
            reply_to: String::new(),
            subject: format!("Inbjudan {i}"),
            body: link(c),
            created_by: None,
        })
        .collect();
    app.db.enqueue_mail(&mails).await.unwrap()
}

fn link(row: &RecipientRow) -> String {
    format!("{BASE}/s/{}", row.token.as_ref().unwrap())
}

pub(crate) async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    round: &str,
    kind: &str,
    audience: &str,
    units: &[&str],
) -> (u16, String) {
    let batch = uuid::Uuid::new_v4().to_string();
    send_batch(app, client, round, kind, audience, units, &batch).await
}

async fn send_batch(
    app: &TestApp,
    client: &reqwest::Client,
    round: &str,
    kind: &str,
    audience: &str,
    units: &[&str],
    batch: &str,
) -> (u16, String) {
    let names: Vec<String> = (0..units.len()).map(|i| format!("units[{i}]")).collect();
    let mut form = vec![
        ("id", round),
        ("kind", kind),
        ("audience", audience),
        ("batch", batch),
    ];
    for (name, unit) in names.iter().zip(units) {
        form.push((name.as_str(), unit));
    }
    app.call(client, SendMail::PATH, &form).await
}

async fn jobs(app: &TestApp, round: &str, kind: &str) -> Vec<MailJobRow> {
    app.db
        .round_mail(round)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == kind)
        .collect()
}

/// Waits until no mail of the kind waits or is being sent; returns them all.
pub(crate) async fn settled(
    app: &TestApp,
    round: &str,
    kind: &str,
    expected: usize,
) -> Vec<MailJobRow> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        let all = jobs(app, round, kind).await;
        if all.len() == expected
            && all
                .iter()
                .all(|j| matches!(j.state.as_str(), "sent" | "failed" | "cancelled"))
        {
            return all;
        }
        let seen: Vec<String> = all
            .iter()
            .map(|j| format!("{} after {} ({})", j.state, j.attempts, j.last_reply))
            .collect();
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {expected} {kind} mails to settle: {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Submits a target's answers through the respondent's own form post.
pub(crate) async fn submit(app: &TestApp, target: &str, token: &str, name: &str) {
    let stored = app.db.response(target).await.unwrap();
    let revision = stored.as_ref().map(|r| r.revision).unwrap_or(0);
    let answers = serde_json::json!({ "namn": name }).to_string();
    let saved = app
        .db
        .save_response(target, revision, &answers)
        .await
        .unwrap()
        .unwrap();
    let response = app
        .client()
        .post(app.url(&format!("/s/{token}/skicka")))
        .form(&[("_revision", saved.to_string())])
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(location.ends_with("/kvitto"), "{location}");
}

fn to(message: &Received) -> String {
    message.to.join(",")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_reach_every_contact_with_subject_body_and_personal_link() {
    let sink = Sink::start();
    let app = mail_app(&sink, 6000).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let (status, body) = app
        .call(
            &coordinator,
            SaveMailTemplate::PATH,
            &[
                ("id", &round),
                ("kind", "inbjudan"),
                ("subject", "Inbjudan till {kartläggning} för {enhet}"),
                (
                    "body",
                    "Hej {enhet} i {kommun}!\r\nSvara här: {länk}\r\nSenast {sista_dag}.\r\n/{samordnare}",
                ),
            ],
        )
        .await;
    assert!(status < 400, "{status} {body}");

    let batch = uuid::Uuid::new_v4().to_string();
    let (status, body) = send_batch(
        &app,
        &coordinator,
        &round,
        "inbjudan",
        "ej_inbjudna",
        &[],
        &batch,
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let expected = reachable(&app, &round).await;
    assert!(expected.len() >= 10, "Nybro's contacts: {}", expected.len());
    let received = wait_for("every invitation", async || {
        let got = sink.received();
        (got.len() >= expected.len()).then_some(got)
    })
    .await;
    assert_eq!(received.len(), expected.len());
    for row in &expected {
        let email = row.contact_email.as_ref().unwrap();
        let message = received
            .iter()
            .find(|m| to(m) == *email && m.body().contains(&link(row)))
            .unwrap_or_else(|| panic!("no invitation to {email} with {}", link(row)));
        assert_eq!(
            message.subject(),
            format!("Inbjudan till Kartläggning 2027 för {}", row.unit_name)
        );
        let body = message.body();
        assert!(
            body.contains(&format!("Hej {} i Nybro!", row.unit_name)),
            "{body}"
        );
        assert!(body.contains("Senast 2099-12-31 kl. 23:59."), "{body}");
        assert!(body.contains("/Test Testsson"), "{body}");
        assert_eq!(message.from, "nulage@test.example");
        assert_eq!(message.header("Reply-To"), COORDINATOR);
        assert_eq!(message.header("Auto-Submitted"), "auto-generated");
    }
    let all = settled(&app, &round, "inbjudan", expected.len()).await;
    assert!(all
        .iter()
        .all(|j| j.state == "sent" && j.last_reply.starts_with("250") && j.attempts == 1));

    // The same form posted again (a double click) queues nothing.
    let (status, _) = send_batch(
        &app,
        &coordinator,
        &round,
        "inbjudan",
        "ej_inbjudna",
        &[],
        &batch,
    )
    .await;
    assert!(status < 400);
    assert_eq!(jobs(&app, &round, "inbjudan").await.len(), expected.len());
    // Everyone with a contact is invited now; the rest have no contact.
    let (status, body) = send(&app, &coordinator, &round, "inbjudan", "ej_inbjudna", &[]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("saknar kontaktpersoner"), "{body}");

    // The page shows each unit's mail and what the server said.
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{round}/utskick"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Skickat") && page.contains("Svar från e-postservern: 250"));
    assert!(page.contains(expected[0].contact_email.as_ref().unwrap()));
    let audit = app.audit("mail").await;
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(
        actions.contains(&"mail.send") && actions.contains(&"mail.template"),
        "{actions:?}"
    );
    assert!(audit
        .iter()
        .any(|a| a.action == "mail.send" && a.actor == COORDINATOR));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_skip_submitted_units_and_a_submission_is_thanked_once() {
    let sink = Sink::start();
    let app = mail_app(&sink, 6000).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let contacts = reachable(&app, &round).await;
    let mut targets: Vec<&RecipientRow> = Vec::new();
    for row in &contacts {
        if !targets.iter().any(|t| t.target_id == row.target_id) {
            targets.push(row);
        }
    }
    let (submitted, draft) = (targets[0].clone(), targets[1].clone());
    let of = |target: &str| contacts.iter().filter(|c| c.target_id == target).count();

    submit(
        &app,
        &submitted.target_id,
        submitted.token.as_ref().unwrap(),
        "Bo",
    )
    .await;
    app.db
        .save_response(&draft.target_id, 0, r#"{"namn":"Cy"}"#)
        .await
        .unwrap();
    let thanks = settled(&app, &round, "tack", of(&submitted.target_id)).await;
    assert!(thanks.iter().all(|j| j.state == "sent"));
    let thanked = sink.received();
    assert!(thanked
        .iter()
        .all(|m| m.subject() == "Tack för ert svar: Kartläggning 2027"
            && m.body().contains(&link(&submitted))));
    // Submitting changed answers again thanks nobody again.
    submit(
        &app,
        &submitted.target_id,
        submitted.token.as_ref().unwrap(),
        "Bo igen",
    )
    .await;
    assert_eq!(
        jobs(&app, &round, "tack").await.len(),
        of(&submitted.target_id)
    );

    // Every unit that has not submitted …
    let (status, body) = send(
        &app,
        &coordinator,
        &round,
        "paminnelse",
        "ej_inskickade",
        &[],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let not_submitted = contacts
        .iter()
        .filter(|c| c.target_id != submitted.target_id)
        .count();
    let reminders = settled(&app, &round, "paminnelse", not_submitted).await;
    assert!(reminders
        .iter()
        .all(|j| j.target_id != submitted.target_id && j.state == "sent"));
    let received = sink.received();
    let reminded: Vec<&Received> = received
        .iter()
        .filter(|m| m.subject().starts_with("Påminnelse: Kartläggning 2027"))
        .collect();
    assert_eq!(reminded.len(), not_submitted);
    assert!(reminded
        .iter()
        .all(|m| !m.body().contains(&link(&submitted))));
    // … only those with a draft …
    let ids = |jobs: &[MailJobRow]| -> Vec<String> { jobs.iter().map(|j| j.id.clone()).collect() };
    let before = ids(&reminders);
    let (status, _) = send(&app, &coordinator, &round, "paminnelse", "utkast", &[]).await;
    assert!(status < 400);
    let reminders = settled(
        &app,
        &round,
        "paminnelse",
        not_submitted + of(&draft.target_id),
    )
    .await;
    let second: Vec<&MailJobRow> = reminders
        .iter()
        .filter(|j| !before.contains(&j.id))
        .collect();
    assert_eq!(second.len(), of(&draft.target_id));
    assert!(second.iter().all(|j| j.target_id == draft.target_id));
    // … only those with nothing saved.
    let before = ids(&reminders);
    let (status, _) = send(&app, &coordinator, &round, "paminnelse", "inget", &[]).await;
    assert!(status < 400);
    let nothing = not_submitted - of(&draft.target_id);
    let reminders = settled(
        &app,
        &round,
        "paminnelse",
        not_submitted + of(&draft.target_id) + nothing,
    )
    .await;
    let third: Vec<&MailJobRow> = reminders
        .iter()
        .filter(|j| !before.contains(&j.id))
        .collect();
    assert_eq!(third.len(), nothing);
    assert!(third
        .iter()
        .all(|j| j.target_id != draft.target_id && j.target_id != submitted.target_id));

    // A reminder that waited while the unit submitted is not sent.
    let before = sink.attempts();
    app.db
        .enqueue_mail(&[NewMail {
            round_id: round.clone(),
            target_id: submitted.target_id.clone(),
            kind: "paminnelse".into(),
            dedupe_key: "queued-before-submission".into(),
            recipient_name: String::new(),
            recipient: submitted.contact_email.clone().unwrap(),
            reply_to: String::new(),
            subject: "Sen påminnelse".into(),
            body: "Svara".into(),
            created_by: None,
        }])
        .await
        .unwrap();
    let late = wait_for("the late reminder cancelled", async || {
        jobs(&app, &round, "paminnelse")
            .await
            .into_iter()
            .find(|j| j.subject == "Sen påminnelse" && j.state == "cancelled")
    })
    .await;
    assert!(
        late.last_reply.contains("skickade in"),
        "{}",
        late.last_reply
    );
    assert_eq!(sink.attempts(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_batch_neither_loses_nor_repeats_mail() {
    let sink = Sink::start();
    // Two mails a second: the batch takes several seconds.
    let app = mail_app(&sink, 120).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let (status, body) = send(&app, &coordinator, &round, "inbjudan", "alla", &[]).await;
    assert!(status < 400, "{status} {body}");
    let total = jobs(&app, &round, "inbjudan").await.len();
    assert!(total >= 10);
    wait_for("the first two mails", async || {
        (sink.received().len() >= 2).then_some(())
    })
    .await;

    // SIGTERM-like stop: the mail being sent is finished, nothing new is
    // claimed. The queue is read before the next instance starts, whose
    // worker claims the next mail at once.
    let database_url = app.database_url.clone();
    let dir = app.stop().await;
    let stopped = app::db::Db::connect(&database_url).await.unwrap();
    let states: Vec<String> = stopped
        .round_mail(&round)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "inbjudan")
        .map(|j| j.state)
        .collect();
    let app = spawn_app_with(dir, mail_settings(&sink, 120)).await;
    assert!(!states.iter().any(|s| s == "sending"), "{states:?}");
    assert!(
        states.iter().any(|s| s == "queued"),
        "the restart came mid-batch: {states:?}"
    );

    let all = settled(&app, &round, "inbjudan", total).await;
    assert!(all.iter().all(|j| j.state == "sent" && j.attempts == 1));
    let received = wait_for("every mail", async || {
        let got = sink.received();
        (got.len() >= total).then_some(got)
    })
    .await;
    let mut per_mail: HashMap<String, usize> = HashMap::new();
    for message in &received {
        *per_mail.entry(message.header("Message-ID")).or_default() += 1;
    }
    for job in &all {
        let id = format!("{}@test.example", job.id);
        assert_eq!(
            per_mail.get(&id),
            Some(&1),
            "mail {id} to {}",
            job.recipient
        );
    }
    assert_eq!(received.len(), total, "no mail twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_left_sending_by_a_dead_worker_is_sent_after_its_lease() {
    let app = spawn_app().await;
    let (round, _) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    assert_eq!(queue_invitations(&app, &round, 3, "lease").await, 3);
    // A worker claims one for two seconds and dies before sending it.
    let orphan = app
        .db
        .claim_mail("a-process-that-died", 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(orphan.state, "sending");

    let sink = Sink::start();
    let dir = app.stop().await;
    let app = spawn_app_with(dir, mail_settings(&sink, 6000)).await;
    let all = settled(&app, &round, "inbjudan", 3).await;
    assert!(all.iter().all(|j| j.state == "sent"));
    let orphan = all.iter().find(|j| j.id == orphan.id).unwrap();
    assert_eq!(
        orphan.attempts, 2,
        "claimed twice: by the dead worker and after its lease"
    );
    let received = sink.received();
    assert_eq!(received.len(), 3);
    assert_eq!(
        received
            .iter()
            .filter(|m| m.header("Message-ID") == format!("{}@test.example", orphan.id))
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_temporary_failure_is_retried_then_sent() {
    let sink = Sink::start();
    sink.reply_next(451, "4.7.1 Greylisted, try again later");
    let app = mail_app(&sink, 6000).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let row = reachable(&app, &round).await.remove(0);
    let (status, body) = send(
        &app,
        &coordinator,
        &round,
        "inbjudan",
        "valda",
        &[&row.target_id],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let all = settled(
        &app,
        &round,
        "inbjudan",
        jobs(&app, &round, "inbjudan").await.len(),
    )
    .await;
    let job = all
        .iter()
        .find(|j| j.recipient == *row.contact_email.as_ref().unwrap())
        .unwrap();
    assert_eq!(job.state, "sent");
    assert_eq!(job.attempts, 2, "the 451, then the 250");
    assert!(job.last_reply.starts_with("250"), "{}", job.last_reply);
    assert!(
        sink.attempts() > sink.received().len(),
        "the first try was refused"
    );
    assert!(sink
        .received()
        .iter()
        .any(|m| m.body().contains(&link(&row))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_failure_is_shown_on_the_unit_and_not_retried() {
    let sink = Sink::start();
    let app = mail_app(&sink, 6000).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let contacts = reachable(&app, &round).await;
    let bad = contacts[0].clone();
    let good = contacts
        .iter()
        .find(|c| c.target_id != bad.target_id)
        .unwrap()
        .clone();
    sink.refuse(
        bad.contact_email.as_ref().unwrap(),
        550,
        "5.1.1 User unknown",
    );
    let (status, body) = send(
        &app,
        &coordinator,
        &round,
        "inbjudan",
        "valda",
        &[&bad.target_id, &good.target_id],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let count = contacts
        .iter()
        .filter(|c| c.target_id == bad.target_id || c.target_id == good.target_id)
        .count();
    let all = settled(&app, &round, "inbjudan", count).await;
    let failed = all
        .iter()
        .find(|j| j.recipient == *bad.contact_email.as_ref().unwrap())
        .unwrap();
    assert_eq!(failed.state, "failed");
    assert_eq!(failed.attempts, 1, "a 5xx is not retried");
    assert!(
        failed.last_reply.starts_with("550"),
        "{}",
        failed.last_reply
    );
    assert!(all
        .iter()
        .filter(|j| j.id != failed.id)
        .all(|j| j.state == "sent"));
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{round}/utskick"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Misslyckades") && page.contains("5.1.1 User unknown"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_checked_access_is_scoped_and_nothing_is_sent_without_smtp() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let template = async |client: &reqwest::Client| -> (u16, Option<TemplateEdit>) {
        let (status, body) = app
            .call(
                client,
                GetMailTemplate::PATH,
                &[("id", &round), ("kind", "paminnelse")],
            )
            .await;
        (status, serde_json::from_str(&body).ok())
    };
    let save = async |subject: &str, body: &str| {
        app.call(
            &coordinator,
            SaveMailTemplate::PATH,
            &[
                ("id", &round),
                ("kind", "paminnelse"),
                ("subject", subject),
                ("body", body),
            ],
        )
        .await
    };
    let (status, body) = save("Påminnelse", "Svara här: {lank}").await;
    assert_eq!(status, 422);
    assert!(
        body.contains("{lank} är ingen platshållare. Menar du {länk}?"),
        "{body}"
    );
    assert!(
        body.contains("mall-text"),
        "the error names its field: {body}"
    );
    let (status, body) = save(" ", "Svara: {länk}").await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Skriv en ämnesrad.") && body.contains("mall-amne"),
        "{body}"
    );
    let (status, body) = save("Påminnelse", "Svara snart!").await;
    assert_eq!(status, 422);
    assert!(body.contains("måste innehålla {länk}"), "{body}");
    let (_, t) = template(&coordinator).await;
    assert!(!t.unwrap().custom, "nothing saved by a refused change");

    let (status, body) = save("Påminnelse för {enhet}", "Hej {enhet}!\nSvara: {länk}").await;
    assert!(status < 400, "{status} {body}");
    let (_, t) = template(&coordinator).await;
    let t = t.unwrap();
    assert!(t.custom && t.body == "Hej {enhet}!\nSvara: {länk}");
    let values = t.values.unwrap();
    assert!(values.lank.starts_with(&format!("{BASE}/s/")) && values.kommun == "Nybro");

    // Without SMTP, nothing is sent.
    let (status, body) = send(&app, &coordinator, &round, "inbjudan", "alla", &[]).await;
    assert_eq!(status, 422);
    assert!(body.contains("E-post är inte inställt"), "{body}");
    let (status, page) = app
        .page(&coordinator, &format!("/omgangar/{round}/utskick"))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Skicka från ditt eget e-postprogram") && !page.contains("Skicka inbjudan")
    );
    let (status, page) = app
        .page(
            &coordinator,
            &format!("/omgangar/{round}/utskick/mall/paminnelse"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Förhandsgranskning") && page.contains("Påminnelse för "));

    // A reader sees the log and the texts, without links, and changes nothing.
    app.user("lasare@nybro.example", Role::Reader, &[NYBRO])
        .await;
    let reader = app.login("lasare@nybro.example").await;
    let (status, _) = app
        .call(&reader, GetRoundMail::PATH, &[("id", &round)])
        .await;
    assert_eq!(status, 200);
    let (_, t) = template(&reader).await;
    assert!(!t.unwrap().values.unwrap().lank.contains("/s/"));
    let (status, _) = send(&app, &reader, &round, "inbjudan", "alla", &[]).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            &reader,
            SaveMailTemplate::PATH,
            &[
                ("id", &round),
                ("kind", "tack"),
                ("subject", "x"),
                ("body", "y"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let response = reader
        .get(app.url(&format!("/omgangar/{round}/utskick/koppling.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    // Another municipality's coordinator does not see the round at all.
    app.user("samordnare@vaxjo.example", Role::Coordinator, &["0780"])
        .await;
    let other = app.login("samordnare@vaxjo.example").await;
    let (status, _) = app
        .call(&other, GetRoundMail::PATH, &[("id", &round)])
        .await;
    assert_eq!(status, 404);
    let (status, _) = template(&other).await;
    assert_eq!(status, 404);
    // Nor its mail-merge file: the same 404 as a missing round, audited.
    let merge_file = |client: &reqwest::Client, round: &str, query: &str| {
        let request =
            client.get(app.url(&format!("/omgangar/{round}/utskick/koppling.csv{query}")));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    assert_eq!(merge_file(&other, &round, "").await.0, 404);
    let denied = app.audit("access.denied").await;
    assert!(
        denied
            .iter()
            .any(|e| e.target == format!("koppling {round}")),
        "{denied:?}"
    );
    let coordinator = app.login(COORDINATOR).await;
    assert_eq!(merge_file(&coordinator, "inte-ett-id", "").await.0, 404);
    let missing = uuid::Uuid::new_v4().to_string();
    assert_eq!(merge_file(&coordinator, &missing, "").await.0, 404);
    let (status, body) = merge_file(&coordinator, &round, "?vilka=nagon").await;
    assert_eq!(status, 400);
    assert!(body.contains("Okänt urval"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mail_merge_file_opens_in_swedish_excel_and_is_audited() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let targets = app.db.round_targets(&round).await.unwrap();
    app.db
        .upsert_contact(
            &targets[0].unit_id,
            &app::db::registry::NewContact {
                name: "=SUMMA(A1)",
                email: "formel@nybro.example",
                phone: "",
                role: "",
                is_international: false,
            },
        )
        .await
        .unwrap();
    let download = async |query: &str| {
        let response = coordinator
            .get(app.url(&format!("/omgangar/{round}/utskick/koppling.csv{query}")))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, kind, response.bytes().await.unwrap().to_vec())
    };
    let (status, kind, bytes) = download("").await;
    assert_eq!(status, 200);
    assert_eq!(kind, "text/csv; charset=utf-8");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "kommun;enhet;kontaktperson;e-post;länk;sista_dag;kartläggning;samordnare;läge"
    );
    assert_eq!(lines.len() - 1, reachable(&app, &round).await.len());
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(
        text.contains("'=SUMMA(A1);formel@nybro.example"),
        "formula neutralised"
    );
    assert!(lines[1].starts_with("Nybro;"));
    assert!(lines[1].contains(&format!(";{BASE}/s/")));
    assert!(lines[1].contains(";2099-12-31 kl. 23:59;Kartläggning 2027;Test Testsson;Inte öppnad"));

    // Reminders: units that submitted are left out.
    let first = &targets[0];
    submit(&app, &first.id, first.token.as_ref().unwrap(), "Bo").await;
    let (status, _, bytes) = download("?vilka=ej_inskickade").await;
    assert_eq!(status, 200);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(!text.contains(first.token.as_ref().unwrap()));
    assert!(!text.contains("formel@nybro.example"));
    let (status, _, _) = download("?vilka=nagon").await;
    assert_eq!(status, 400);
    let audit = app.audit("mail.merge_download").await;
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().any(|a| a.detail.starts_with("ej_inskickade")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_together_keep_to_the_send_rate() {
    let sink = Sink::start();
    // 120 a minute: one mail every half second, whichever instance sends it.
    let a = mail_app(&sink, 120).await;
    let b = a.second_instance_with(mail_settings(&sink, 120)).await;
    let (round, _) = a.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    assert_eq!(queue_invitations(&a, &round, 8, "takt").await, 8);

    // When the first and the last of the eight arrive, seen every 20 ms.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let (mut first, mut last) = (None, None);
    while last.is_none() {
        assert!(std::time::Instant::now() < deadline, "timed out");
        let got = sink.received().len();
        if got >= 1 && first.is_none() {
            first = Some(std::time::Instant::now());
        }
        if got >= 8 {
            last = Some(std::time::Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Seven intervals of half a second separate the first slot from the
    // last; if each instance kept only to its own rate, the two would send
    // the eight in about half that time.
    let span = last.unwrap() - first.unwrap();
    assert!(
        span >= Duration::from_millis(2_800),
        "eight mails in {span:?} at 120 a minute"
    );
    let all = settled(&a, &round, "inbjudan", 8).await;
    assert!(all.iter().all(|j| j.state == "sent" && j.attempts == 1));
    assert_eq!(sink.received().len(), 8);
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_the_queue_and_send_each_mail_once() {
    let sink = Sink::start();
    // Two servers on one database, both sending as fast as they can: they
    // compete for every mail in the queue.
    let a = mail_app(&sink, 6000).await;
    let b = a.second_instance_with(mail_settings(&sink, 6000)).await;
    let (round, coordinator) = a.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let (status, body) = send(&a, &coordinator, &round, "inbjudan", "alla", &[]).await;
    assert!(status < 400, "{status} {body}");
    let total = jobs(&a, &round, "inbjudan").await.len();
    assert!(total >= 10);
    let all = settled(&b, &round, "inbjudan", total).await;
    assert!(
        all.iter().all(|j| j.state == "sent" && j.attempts == 1),
        "{all:?}"
    );
    let received = wait_for("every mail", async || {
        let got = sink.received();
        (got.len() >= total).then_some(got)
    })
    .await;
    // Give a double a moment to arrive, should there be one.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = sink.received().len().max(received.len());
    assert_eq!(received, total, "no mail sent twice");
    b.stop().await;
    a.stop().await;
}

/// Queues one invitation to `row`'s unit with the given name and address.
async fn queue_one(
    app: &TestApp,
    round: &str,
    row: &RecipientRow,
    name: &str,
    to: &str,
    key: &str,
) {
    let mail = NewMail {
        round_id: round.to_string(),
        target_id: row.target_id.clone(),
        kind: "inbjudan".into(),
        dedupe_key: key.into(),
        recipient_name: name.into(),
        recipient: to.into(),
        reply_to: String::new(),
        subject: format!("Inbjudan {key}"),
        body: link(row),
        created_by: None,
    };
    assert_eq!(app.db.enqueue_mail(&[mail]).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_mail_neither_stops_the_others_nor_the_worker_nor_a_restart() {
    let app = spawn_app().await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    let contacts = reachable(&app, &round).await;
    let mut targets = contacts.clone();
    targets.dedup_by(|a, b| a.target_id == b.target_id);
    assert!(targets.len() >= 4);
    let email = |i: usize| targets[i].contact_email.clone().unwrap();
    // Written straight into the queue, as by an older version or a script:
    // a name with a line break (Alt+Enter in Excel), which the mail library
    // cannot put in a header; the worker that took it died on it, so after
    // the restart its lease runs out and it is taken again at once.
    queue_one(
        &app,
        &round,
        &targets[0],
        "Anna\r\nLind",
        &email(0),
        "radbrytning",
    )
    .await;
    let orphan = app
        .db
        .claim_mail("the-worker-that-died", 1)
        .await
        .unwrap()
        .unwrap();
    // An address no mail can go to, and two ordinary mails.
    queue_one(
        &app,
        &round,
        &targets[1],
        "Kim",
        "kim@nybro.example\r\nBcc: alla@example.com",
        "adress",
    )
    .await;
    queue_one(&app, &round, &targets[2], "Bo", &email(2), "vanlig-1").await;
    queue_one(&app, &round, &targets[3], "", &email(3), "vanlig-2").await;

    let sink = Sink::start();
    let dir = app.stop().await;
    let app = spawn_app_with(dir, mail_settings(&sink, 6000)).await;
    let all = settled(&app, &round, "inbjudan", 4).await;
    let by_key = |subject: &str| {
        all.iter()
            .find(|j| j.subject == format!("Inbjudan {subject}"))
            .unwrap()
            .clone()
    };
    // The name went out on one line.
    let cleaned = by_key("radbrytning");
    assert_eq!(cleaned.id, orphan.id);
    assert_eq!(cleaned.state, "sent", "{}", cleaned.last_reply);
    let received = sink.received();
    let to_anna = received
        .iter()
        .find(|m| m.subject() == "Inbjudan radbrytning")
        .expect("the mail to Anna");
    assert_eq!(
        to_anna
            .parsed()
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.name()),
        Some("Anna Lind")
    );
    // The mail that cannot be built failed alone, with its reason on the page.
    let failed = by_key("adress");
    assert_eq!(failed.state, "failed");
    assert!(
        failed.last_reply.contains("Ogiltig e-postadress"),
        "{}",
        failed.last_reply
    );
    assert_eq!(by_key("vanlig-1").state, "sent");
    assert_eq!(by_key("vanlig-2").state, "sent");
    let (_, page) = app
        .page(&coordinator, &format!("/omgangar/{round}/utskick"))
        .await;
    assert!(
        page.contains("Misslyckades") && page.contains("Ogiltig e-postadress"),
        "{page}"
    );
    assert!(!page.contains("E-post skickas inte just nu"), "{page}");

    // The worker is alive: a later mail goes out.
    queue_one(&app, &round, &targets[2], "Bo", &email(2), "senare").await;
    let later = settled(&app, &round, "inbjudan", 5).await;
    assert!(later
        .iter()
        .any(|j| j.subject == "Inbjudan senare" && j.state == "sent"));
    assert_eq!(sink.received().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mail_page_warns_when_no_worker_has_been_heard_from() {
    // A mail server that takes the connection and never says a word: the
    // worker hangs in the conversation (up to its time-out) and cannot beat.
    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hung.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in hung.incoming() {
            held.push(stream);
        }
    });
    let sink = Sink::start();
    let mut settings = mail_settings(&sink, 6000);
    if let Some(smtp) = settings.smtp.as_mut() {
        smtp.port = port;
    }
    settings.timeout = Duration::from_secs(120);
    let app = spawn_app_with(tempfile::tempdir().unwrap(), settings).await;
    let (round, coordinator) = app.open_round("Kartläggning 2027", QUESTIONNAIRE).await;
    assert_eq!(queue_invitations(&app, &round, 3, "tyst").await, 3);
    wait_for("the worker to take a mail", async || {
        jobs(&app, &round, "inbjudan")
            .await
            .iter()
            .any(|j| j.state == "sending")
            .then_some(())
    })
    .await;
    let mail_page = format!("/omgangar/{round}/utskick");
    let (_, page) = app.page(&coordinator, &mail_page).await;
    assert!(!page.contains("E-post skickas inte just nu"), "{page}");

    // Ten minutes without a sign of life from any worker.
    assert_eq!(
        app.execute("UPDATE mail_heartbeat SET beat_at = beat_at - 600")
            .await,
        1
    );
    let (status, page) = app.page(&coordinator, &mail_page).await;
    assert_eq!(status, 200);
    assert!(page.contains("E-post skickas inte just nu"), "{page}");
    assert!(page.contains("3 brev väntar"), "{page}");
}
