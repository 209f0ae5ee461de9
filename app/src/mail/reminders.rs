//! Running reminder plans: at a given moment, queues the reminders of every
//! open round whose plan has a step due (`super::plan::next_due`), to the
//! units its audience reaches then. Safe to run again and from several
//! instances at once: each mail's dedupe key names the round, step, unit and
//! address, so a step repeated after a crash, or run by two instances, queues
//! nothing twice; the run is recorded only after its mails are queued.

use super::plan::{next_due, Step};
use super::MailKind;
use crate::db::Db;
use crate::rounds::{Phase, RoundStatus, Schedule, UnitState};

/// The dedupe key of the plan reminder of `step` to one contact.
pub fn dedupe_key(round_id: &str, step: Step, target_id: &str, email: &str) -> String {
    format!(
        "plan:{round_id}:{}:{target_id}:{}",
        step.key(),
        email.to_lowercase()
    )
}

/// Runs the steps due at `now`; returns how many mails were queued.
pub async fn run_due(db: &Db, base_url: &str, now: i64) -> Result<usize, sqlx::Error> {
    let mut queued = 0;
    for round_id in db.enabled_reminder_plans().await? {
        queued += run_round(db, base_url, &round_id, now).await?;
    }
    Ok(queued)
}

async fn run_round(
    db: &Db,
    base_url: &str,
    round_id: &str,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let (Some(plan), Some(round)) = (db.reminder_plan(round_id).await?, db.round(round_id).await?)
    else {
        return Ok(0);
    };
    let schedule = Schedule {
        status: RoundStatus::parse(&round.status).unwrap_or(RoundStatus::Stangd),
        opens_at: round.opens_at,
        closes_at: round.closes_at,
    };
    // Only while answers are accepted: closing the round ends the plan.
    if !matches!(schedule.phase(now), Phase::Open { .. }) {
        return Ok(0);
    }
    let sent = db.reminder_plan_runs(round_id).await?;
    let Some((step, due_at)) = next_due(&plan, round.closes_at, &sent, now) else {
        return Ok(0);
    };
    let template = super::outbox::template(db, round_id, MailKind::Reminder).await?;
    let signer = super::outbox::round_signer(db, round_id).await?;
    let had = db.plan_steps_per_target(round_id).await?;
    let max = usize::try_from(plan.max_per_unit).unwrap_or(usize::MAX);
    let this_step = step.key();
    let mut mails = Vec::new();
    for row in db.mail_recipients(round_id).await? {
        let state = UnitState::of(row.first_opened_at, row.revision, row.submitted_at);
        if !plan.audience.reaches(state, false, false) {
            continue;
        }
        let earlier = had
            .get(&row.target_id)
            .map(|steps| steps.iter().filter(|s| **s != this_step).count())
            .unwrap_or(0);
        if earlier >= max {
            continue;
        }
        let (Some(values), Some(email)) = (
            super::outbox::queued_values(&row, &round, base_url, &signer),
            row.contact_email.as_deref(),
        ) else {
            continue;
        };
        let key = dedupe_key(round_id, step, &row.target_id, email);
        mails.extend(super::outbox::mail(
            MailKind::Reminder,
            &row,
            &values,
            &template,
            key,
            "",
            None,
            round_id,
        ));
    }
    let count = db.enqueue_mail(&mails).await?;
    db.record_reminder_plan_run(round_id, step, due_at, count)
        .await?;
    tracing::info!(round = round_id, step = %this_step, queued = count, "reminder plan step ran");
    Ok(count)
}
