//! Server functions for a round's e-mail: the page with templates, sending
//! and the log; template editing; sending invitations and reminders;
//! stopping what waits. Everyone who may read the round sees the log; only
//! those who may change it (every municipality of the round) edit its
//! texts. A coordinator sends, stops and downloads the mail of the units of
//! their own municipalities, also in a round shared with others.

use super::{Audience, JobState, MailKind, Values};
use crate::error::AppError;
use crate::rounds::{Phase, UnitState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How this server sends mail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmtpInfo {
    pub from: String,
    pub rate_per_minute: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateView {
    pub kind: MailKind,
    pub subject: String,
    pub body: String,
    /// The round's own text (false: the built-in one).
    pub custom: bool,
    pub updated_at: Option<i64>,
}

/// One mail to one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailView {
    pub kind: MailKind,
    pub recipient_name: String,
    pub recipient: String,
    pub state: JobState,
    pub attempts: i64,
    pub queued_at: i64,
    pub sent_at: Option<i64>,
    pub next_attempt_at: i64,
    pub updated_at: i64,
    pub last_reply: String,
}

/// A target unit with its contacts and its mails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitMail {
    pub target_id: String,
    pub unit_name: String,
    pub municipality: String,
    pub state: UnitState,
    /// (name, e-mail)
    pub contacts: Vec<(String, String)>,
    pub has_link: bool,
    pub mails: Vec<MailView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundMail {
    pub id: String,
    pub name: String,
    pub phase: Phase,
    /// Edits the round's texts (every municipality is in the user's scope).
    pub can_edit: bool,
    /// Sends to, stops and downloads for the units listed (all of them are
    /// of municipalities the user handles).
    pub can_send: bool,
    /// None: no SMTP server is set up; the page offers the mail-merge file.
    pub smtp: Option<SmtpInfo>,
    pub templates: Vec<TemplateView>,
    pub units: Vec<UnitMail>,
    /// Mails in each state, in `JobState::ALL` order.
    pub counts: Vec<(JobState, usize)>,
    /// A fresh id for the send forms: posting the same form twice queues nothing twice.
    pub batch: String,
    /// Set when mail waits but no worker has been heard from for two minutes.
    pub worker_silent: Option<WorkerSilent>,
    /// The round's reminder plan (switched off when it has none).
    pub plan: super::plan::Plan,
    /// Each planned step with its time and what became of it.
    pub plan_schedule: Vec<(super::plan::Step, i64, super::plan::StepState)>,
}

/// Mail waits, and no worker is sending it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerSilent {
    /// The round's mails not yet sent, failed or stopped.
    pub waiting: usize,
    /// When a worker was last heard from (Unix seconds), if ever.
    pub seen_at: Option<i64>,
}

impl RoundMail {
    /// How many units a send to `audience` reaches now, and how many of
    /// those have no contact to write to.
    pub fn reach(&self, audience: Audience) -> (usize, usize) {
        let reached: Vec<&UnitMail> = self
            .units
            .iter()
            .filter(|u| u.has_link && audience.reaches(u.state, u.invited(), false))
            .collect();
        let without = reached.iter().filter(|u| u.contacts.is_empty()).count();
        (reached.len(), without)
    }
}

impl UnitMail {
    /// Has an invitation queued or sent.
    pub fn invited(&self) -> bool {
        self.mails
            .iter()
            .any(|m| m.kind == MailKind::Invitation && m.state.pending_or_sent())
    }
}

/// The template page: the text, and a real unit's values for the preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateEdit {
    pub round_id: String,
    pub round_name: String,
    pub kind: MailKind,
    pub subject: String,
    pub body: String,
    pub custom: bool,
    pub can_edit: bool,
    /// Target id and "Unit (Municipality)", for choosing the preview's unit.
    pub units: Vec<(String, String)>,
    /// The unit of the preview, and its values.
    pub unit: Option<String>,
    pub values: Option<Values>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::auth::server::{config, db};
    use crate::auth::CurrentUser;
    use crate::db::mail::RecipientRow;
    use crate::db::rounds::RoundRow;
    use crate::rounds::api::access;

    pub fn kind_of(kind: &str) -> Result<MailKind, AppError> {
        MailKind::parse(kind).ok_or_else(|| AppError::NotFound.with_status())
    }

    pub fn phase(round: &RoundRow) -> Phase {
        crate::rounds::Schedule {
            status: crate::rounds::RoundStatus::parse(&round.status)
                .unwrap_or(crate::rounds::RoundStatus::Stangd),
            opens_at: round.opens_at,
            closes_at: round.closes_at,
        }
        .phase(crate::db::now())
    }

    pub fn state_of(row: &RecipientRow) -> UnitState {
        UnitState::of(row.first_opened_at, row.revision, row.submitted_at)
    }

    /// The preview's values: a real unit's, signed as the person looking
    /// (thank-you mails are signed by the round's creator). Links are shown
    /// only to those who handle the unit.
    pub async fn preview_values(
        user: &CurrentUser,
        round: &RoundRow,
        kind: MailKind,
        row: &RecipientRow,
        shows_link: bool,
    ) -> Result<Option<Values>, AppError> {
        let signer = if kind == MailKind::Thanks {
            crate::mail::outbox::round_signer(&db()?, &round.id).await?
        } else {
            user.display_name().to_string()
        };
        let base_url = config()?.base_url;
        Ok(
            crate::mail::outbox::values(row, round, &base_url, &signer).map(|mut v| {
                if !shows_link {
                    v.lank = "(enhetens personliga länk)".into();
                }
                v
            }),
        )
    }

    pub async fn audit(user: &CurrentUser, action: &str, target: &str, detail: &str) {
        access::audit(user, action, target, detail).await;
    }
}

#[server]
pub async fn get_round_mail(id: String) -> Result<RoundMail, AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let can_edit = access::can_edit(&user, &round);
    let can_send = access::can_act(&user, &round);
    let config = crate::mail::MailConfig::current();
    let stored = db.mail_templates(&id).await?;
    let templates = MailKind::ALL
        .into_iter()
        .map(|kind| match stored.iter().find(|t| t.kind == kind.key()) {
            Some(t) => TemplateView {
                kind,
                subject: t.subject.clone(),
                body: t.body.clone(),
                custom: true,
                updated_at: Some(t.updated_at),
            },
            None => {
                let (subject, body) = super::default_template(kind);
                TemplateView {
                    kind,
                    subject: subject.into(),
                    body: body.into(),
                    custom: false,
                    updated_at: None,
                }
            }
        })
        .collect();
    let mut units: Vec<UnitMail> = Vec::new();
    for row in db.mail_recipients(&id).await? {
        // A sender sees the units they send to; a reader every unit they may read.
        let listed = if can_send {
            access::can_act_for(&user, &row.municipality_id)
        } else {
            user.can_read(&row.municipality_id)
        };
        if !listed {
            continue;
        }
        let contact = row
            .contact_email
            .clone()
            .map(|email| (row.contact_name.clone().unwrap_or_default(), email));
        match units.last_mut() {
            Some(unit) if unit.target_id == row.target_id => unit.contacts.extend(contact),
            _ => units.push(UnitMail {
                state: server::state_of(&row),
                target_id: row.target_id,
                unit_name: row.unit_name,
                municipality: row.municipality_name,
                contacts: contact.into_iter().collect(),
                has_link: row.token.is_some(),
                mails: Vec::new(),
            }),
        }
    }
    let mut counts: Vec<(JobState, usize)> = JobState::ALL.iter().map(|s| (*s, 0)).collect();
    for job in db.round_mail(&id).await? {
        let (Some(kind), Some(state)) = (MailKind::parse(&job.kind), JobState::parse(&job.state))
        else {
            continue;
        };
        let Some(unit) = units.iter_mut().find(|u| u.target_id == job.target_id) else {
            continue;
        };
        if let Some(count) = counts.iter_mut().find(|(s, _)| *s == state) {
            count.1 += 1;
        }
        unit.mails.push(MailView {
            kind,
            recipient_name: job.recipient_name,
            recipient: job.recipient,
            state,
            attempts: job.attempts,
            queued_at: job.created_at,
            sent_at: job.sent_at,
            next_attempt_at: job.next_attempt_at,
            updated_at: job.updated_at,
            last_reply: job.last_reply,
        });
    }
    let unfinished: usize = counts
        .iter()
        .filter(|(s, _)| matches!(s, JobState::Queued | JobState::Sending | JobState::Retry))
        .map(|(_, n)| n)
        .sum();
    let worker_silent = if config.enabled && unfinished > 0 {
        let seen_at = db.mail_worker_seen().await?;
        super::worker_silent(true, unfinished, seen_at, crate::db::now()).then_some(WorkerSilent {
            waiting: unfinished,
            seen_at,
        })
    } else {
        None
    };
    let now = crate::db::now();
    let plan = db
        .reminder_plan(&id)
        .await?
        .unwrap_or_else(|| super::plan::Plan::default_off(now));
    let plan_schedule = if plan.enabled {
        let sent = db.reminder_plan_runs(&id).await?;
        super::plan::schedule(&plan, round.closes_at, &sent, now)
    } else {
        Vec::new()
    };
    Ok(RoundMail {
        worker_silent,
        plan,
        plan_schedule,
        phase: server::phase(&round),
        id: round.id,
        name: round.name,
        can_edit,
        can_send,
        smtp: config.enabled.then(|| SmtpInfo {
            from: config.from.clone(),
            rate_per_minute: config.rate_per_minute,
        }),
        templates,
        units,
        counts,
        batch: crate::db::new_id(),
    })
}

#[server]
pub async fn get_mail_template(
    id: String,
    kind: String,
    #[server(default)] unit: String,
) -> Result<TemplateEdit, AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let kind = server::kind_of(&kind)?;
    let can_edit = access::can_edit(&user, &round);
    let can_send = access::can_act(&user, &round);
    let db = db()?;
    let stored = db
        .mail_templates(&id)
        .await?
        .into_iter()
        .find(|t| t.kind == kind.key());
    let custom = stored.is_some();
    let (subject, body) = match stored {
        Some(t) => (t.subject, t.body),
        None => {
            let (s, b) = super::default_template(kind);
            (s.to_string(), b.to_string())
        }
    };
    let mut rows = db.mail_recipients(&id).await?;
    rows.retain(|r| {
        if can_send {
            access::can_act_for(&user, &r.municipality_id)
        } else {
            user.can_read(&r.municipality_id)
        }
    });
    rows.dedup_by(|a, b| a.target_id == b.target_id);
    let units = rows
        .iter()
        .map(|r| {
            (
                r.target_id.clone(),
                format!("{} ({})", r.unit_name, r.municipality_name),
            )
        })
        .collect();
    let chosen = rows
        .iter()
        .find(|r| r.target_id == unit)
        .or_else(|| rows.iter().find(|r| r.token.is_some()));
    let (unit, values) = match chosen {
        Some(row) => (
            Some(row.target_id.clone()),
            server::preview_values(&user, &round, kind, row, can_send).await?,
        ),
        None => (None, None),
    };
    Ok(TemplateEdit {
        round_id: round.id,
        round_name: round.name,
        kind,
        subject,
        body,
        custom,
        can_edit,
        units,
        unit,
        values,
    })
}

/// Saves a round's text for one kind of mail, after checking every placeholder.
#[server]
pub async fn save_mail_template(
    id: String,
    kind: String,
    subject: String,
    body: String,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, _) = access::editable(&id).await?;
    let kind = server::kind_of(&kind)?;
    // Browsers send line breaks as CRLF; the text is stored with LF.
    let body = body.replace("\r\n", "\n");
    let problems = super::validate(kind, &subject, &body);
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(problems));
    }
    db()?
        .save_mail_template(
            &id,
            kind.key(),
            subject.trim(),
            body.trim_end(),
            Some(&user.id),
        )
        .await?;
    server::audit(&user, "mail.template", &id, kind.key()).await;
    leptos_axum::redirect(&format!(
        "/omgangar/{id}/utskick/mall/{}?sparad=1",
        kind.key()
    ));
    Ok(())
}

/// Goes back to the built-in text.
#[server]
pub async fn reset_mail_template(id: String, kind: String) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, _) = access::editable(&id).await?;
    let kind = server::kind_of(&kind)?;
    db()?.delete_mail_template(&id, kind.key()).await?;
    server::audit(&user, "mail.template.reset", &id, kind.key()).await;
    // A new address every time, so that the page reloads its text exactly
    // once, also after a second reset.
    leptos_axum::redirect(&format!(
        "/omgangar/{id}/utskick/mall/{}?aterstalld={}",
        kind.key(),
        crate::db::now()
    ));
    Ok(())
}

/// The id of the first choice of the audience radios (for the error summary).
pub fn audience_field(kind: MailKind) -> String {
    format!("{}-vilka", kind.key())
}

/// The id of the fieldset with the units to choose.
pub const CHOSEN_FIELD: &str = "inbjudan-valda";

/// Queues invitations or reminders for the contacts of the units in
/// `audience` (`units`: the chosen targets). Reminders never go to units that
/// have submitted; units with a revoked link or without contacts are left out.
#[server]
pub async fn send_mail(
    id: String,
    kind: String,
    audience: String,
    batch: String,
    #[server(default)] units: Vec<String>,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::actable(&id).await?;
    let config = crate::mail::MailConfig::current();
    if !config.enabled {
        return Err(AppError::invalid(
            "E-post är inte inställt på den här servern. Hämta kopplingsfilen och skicka från ditt e-postprogram i stället.",
        ));
    }
    let kind = match MailKind::parse(&kind) {
        Some(kind @ (MailKind::Invitation | MailKind::Reminder)) => kind,
        _ => return Err(AppError::invalid("Okänd sorts e-post.")),
    };
    let field = audience_field(kind);
    let audience = Audience::parse(&audience)
        .filter(|a| a.fits(kind))
        .ok_or_else(|| {
            AppError::invalid_fields(vec![(
                field.clone(),
                "Välj vilka enheter som ska få e-post.".into(),
            )])
        })?;
    if uuid::Uuid::parse_str(&batch).is_err() {
        return Err(AppError::invalid("Ladda om sidan och försök igen."));
    }
    // The same form posted twice (a double click, a reload): already queued.
    if db()?.mail_batch_known(&batch).await? {
        leptos_axum::redirect(&format!("/omgangar/{id}/utskick#utskick-status"));
        return Ok(());
    }
    match server::phase(&round) {
        Phase::Draft => {
            return Err(AppError::invalid(
                "Kartläggningen är ett utkast: länkarna öppnar inte enkäten än. Öppna kartläggningen först.",
            ))
        }
        Phase::Closed { .. } => {
            return Err(AppError::invalid(
                "Kartläggningen är stängd. Flytta sista svarsdag och öppna den igen först.",
            ))
        }
        Phase::Open { .. } | Phase::Scheduled { .. } => {}
    }
    if audience == Audience::Chosen && units.is_empty() {
        return Err(AppError::invalid_fields(vec![(
            CHOSEN_FIELD.into(),
            "Välj minst en enhet.".into(),
        )]));
    }
    let db = db()?;
    let invited: std::collections::HashSet<String> = db
        .round_mail(&id)
        .await?
        .into_iter()
        .filter(|m| {
            m.kind == MailKind::Invitation.key()
                && JobState::parse(&m.state).is_some_and(JobState::pending_or_sent)
        })
        .map(|m| m.target_id)
        .collect();
    let template = crate::mail::outbox::template(&db, &id, kind).await?;
    let base_url = crate::auth::server::config()?.base_url;
    let signer = user.display_name().to_string();
    let mut mails = Vec::new();
    let mut reached = std::collections::HashSet::new();
    let mut without_contact = std::collections::HashSet::new();
    for row in db.mail_recipients(&id).await? {
        // Only the units of the sender's own municipalities, whatever was posted.
        if !access::can_act_for(&user, &row.municipality_id) {
            continue;
        }
        let chosen = units.contains(&row.target_id);
        if !audience.reaches(
            server::state_of(&row),
            invited.contains(&row.target_id),
            chosen,
        ) {
            continue;
        }
        let Some(values) = crate::mail::outbox::queued_values(&row, &round, &base_url, &signer)
        else {
            continue;
        };
        let Some(email) = row.contact_email.as_deref() else {
            without_contact.insert(row.target_id.clone());
            continue;
        };
        let key = format!("{batch}:{}:{}", row.target_id, email.to_lowercase());
        if let Some(mail) = crate::mail::outbox::mail(
            kind,
            &row,
            &values,
            &template,
            key,
            &user.email,
            Some(&user.id),
            &id,
        ) {
            reached.insert(row.target_id.clone());
            mails.push(mail);
        }
    }
    if mails.is_empty() {
        let message = if without_contact.is_empty() {
            "Ingen enhet motsvarar valet. Välj andra enheter."
        } else {
            "Enheterna i valet saknar kontaktpersoner. Lägg till kontaktpersoner i registret först."
        };
        return Err(AppError::invalid_fields(vec![(field, message.into())]));
    }
    let queued = db.enqueue_mail(&mails).await?;
    config.wake.notify_one();
    server::audit(
        &user,
        "mail.send",
        &id,
        &format!(
            "{}; {}; {} enheter, {queued} brev",
            kind.key(),
            audience.key(),
            reached.len()
        ),
    )
    .await;
    leptos_axum::redirect(&format!(
        "/omgangar/{id}/utskick?koade={queued}&enheter={}&utan_kontakt={}#utskick-status",
        reached.len(),
        without_contact.len()
    ));
    Ok(())
}

/// The id of the first step checkbox of the plan form.
pub const PLAN_STEPS_FIELD: &str = "plan-steg";

/// Sets the round's reminder plan: the steps (keys of
/// `plan::Step::OFFERED`), the audience, the maximum per unit and whether it
/// is on. Only those who may change the whole round set it; the plan's
/// reminders go to every unit of the round its audience reaches.
#[server]
pub async fn save_reminder_plan(
    id: String,
    #[server(default)] enabled: String,
    #[server(default)] steps: Vec<String>,
    #[server(default)] audience: String,
    #[server(default)] max: String,
) -> Result<(), AppError> {
    use super::plan::{Plan, QuietHours, Step};
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, _) = access::editable(&id).await?;
    let mut chosen: Vec<Step> = steps.iter().filter_map(|s| Step::parse(s)).collect();
    if chosen.len() != steps.len() {
        return Err(AppError::invalid_fields(vec![(
            PLAN_STEPS_FIELD.into(),
            "Välj bland tidpunkterna i listan.".into(),
        )]));
    }
    chosen.sort_by(|a, b| b.cmp(a));
    chosen.dedup();
    let plan = Plan {
        enabled: enabled == "on",
        steps: chosen,
        audience: Audience::parse(&audience).unwrap_or(Audience::Chosen),
        max_per_unit: max.trim().parse().unwrap_or(0),
        quiet: QuietHours::default(),
        since: crate::db::now(),
    };
    let problems = plan.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(
            problems
                .into_iter()
                .map(|(field, message)| (field.to_string(), message))
                .collect(),
        ));
    }
    db()?.save_reminder_plan(&id, &plan, Some(&user.id)).await?;
    let steps: Vec<String> = plan.steps.iter().map(|s| s.key()).collect();
    server::audit(
        &user,
        "mail.plan",
        &id,
        &format!(
            "{}; {}; {}; högst {}",
            if plan.enabled { "på" } else { "av" },
            steps.join(","),
            plan.audience.key(),
            plan.max_per_unit
        ),
    )
    .await;
    // A new address every time, so that the page reloads the plan after
    // every save.
    leptos_axum::redirect(&format!(
        "/omgangar/{id}/utskick?plan={}#paminnelseplan",
        crate::db::now()
    ));
    Ok(())
}

/// Stops the round's mails that have not gone out yet.
#[server]
pub async fn cancel_mail(id: String) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::actable(&id).await?;
    let db = db()?;
    let stopped = if access::can_edit(&user, &round) {
        db.cancel_round_mail(&id).await?
    } else {
        let own: Vec<String> = round
            .municipality_ids
            .iter()
            .filter(|m| access::can_act_for(&user, m))
            .cloned()
            .collect();
        db.cancel_round_mail_of(&id, Some(&own)).await?
    };
    server::audit(&user, "mail.cancel", &id, &format!("{stopped} brev")).await;
    leptos_axum::redirect(&format!(
        "/omgangar/{id}/utskick?stoppade={stopped}#utskick-status"
    ));
    Ok(())
}
