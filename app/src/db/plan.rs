//! A round's reminder plan and the steps the scheduler has run
//! (migrations/0014_reminder_plan.sql; the times: `crate::mail::plan`).

use super::{flag, now, Db};
use crate::mail::plan::{Plan, QuietHours, Step};
use crate::mail::Audience;
use sqlx::Row;
use std::collections::HashMap;

impl Db {
    /// The round's plan, if it has one.
    pub async fn reminder_plan(&self, round_id: &str) -> Result<Option<Plan>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT enabled, steps, audience, max_per_unit, since
             FROM reminder_plan WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let steps: String = row.try_get("steps")?;
        let audience: String = row.try_get("audience")?;
        let max: i64 = row.try_get("max_per_unit")?;
        Ok(Some(Plan {
            enabled: flag(&row, "enabled")?,
            steps: steps.split(',').filter_map(Step::parse).collect(),
            audience: Audience::parse(&audience).unwrap_or(Audience::NotSubmitted),
            max_per_unit: u32::try_from(max).unwrap_or(1),
            quiet: QuietHours::default(),
            since: row.try_get("since")?,
        }))
    }

    /// Saves the round's plan; from now on (its `since`) steps fall due.
    pub async fn save_reminder_plan(
        &self,
        round_id: &str,
        plan: &Plan,
        user_id: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let steps: Vec<String> = plan.steps.iter().map(|s| s.key()).collect();
        sqlx::query(
            "INSERT INTO reminder_plan (round_id, enabled, steps, audience, max_per_unit, since,
                                        updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (round_id) DO UPDATE
             SET enabled = excluded.enabled, steps = excluded.steps,
                 audience = excluded.audience, max_per_unit = excluded.max_per_unit,
                 since = excluded.since, updated_by = excluded.updated_by,
                 updated_at = excluded.updated_at",
        )
        .bind(round_id)
        .bind(i64::from(plan.enabled))
        .bind(steps.join(","))
        .bind(plan.audience.key())
        .bind(i64::from(plan.max_per_unit))
        .bind(plan.since)
        .bind(user_id)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The rounds with a plan switched on.
    pub async fn enabled_reminder_plans(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT round_id FROM reminder_plan WHERE enabled = 1 ORDER BY round_id")
            .fetch_all(self.pool())
            .await
    }

    /// The steps of the round's plan that have run.
    pub async fn reminder_plan_runs(&self, round_id: &str) -> Result<Vec<Step>, sqlx::Error> {
        let keys: Vec<String> =
            sqlx::query_scalar("SELECT step FROM reminder_plan_run WHERE round_id = $1")
                .bind(round_id)
                .fetch_all(self.pool())
                .await?;
        Ok(keys.iter().filter_map(|k| Step::parse(k)).collect())
    }

    /// Records that a step ran (a second record of the same step is ignored).
    pub async fn record_reminder_plan_run(
        &self,
        round_id: &str,
        step: Step,
        due_at: i64,
        queued: usize,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO reminder_plan_run (round_id, step, due_at, ran_at, queued)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (round_id, step) DO NOTHING",
        )
        .bind(round_id)
        .bind(step.key())
        .bind(due_at)
        .bind(now())
        .bind(i64::try_from(queued).unwrap_or(i64::MAX))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The plan steps each target of the round has had mail for (queued or
    /// sent, not stopped), by target: what the maximum per unit counts.
    pub async fn plan_steps_per_target(
        &self,
        round_id: &str,
    ) -> Result<HashMap<String, Vec<String>>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT round_unit_id, dedupe_key FROM mail_job
             WHERE round_id = $1 AND dedupe_key LIKE $2 AND state <> 'cancelled'",
        )
        .bind(round_id)
        .bind(format!("plan:{round_id}:%"))
        .fetch_all(self.pool())
        .await?;
        let prefix = format!("plan:{round_id}:");
        let mut steps: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows {
            let target: String = row.try_get("round_unit_id")?;
            let key: String = row.try_get("dedupe_key")?;
            let Some(step) = key.strip_prefix(&prefix).and_then(|k| k.split(':').next()) else {
                continue;
            };
            let of = steps.entry(target).or_default();
            if !of.iter().any(|s| s == step) {
                of.push(step.to_string());
            }
        }
        Ok(steps)
    }
}
