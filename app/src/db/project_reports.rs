//! Projects reported between rounds: each unit's standing report link and
//! the projects that came in through it (migration 0016).

use super::rounds::LinkSecret;
use super::{new_id, now, Db};
use crate::auth::server::{new_token, token_hash};
use crate::questionnaire::model::Answers;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The most projects one unit may report through its link; more are refused.
pub const MAX_REPORTED_PER_UNIT: i64 = 200;

/// One project reported through a unit's standing link.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportedProject {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    /// The unit's kind and sector keys.
    pub unit_kind: String,
    pub unit_sector: String,
    /// The questionnaire version whose project group the report was checked
    /// against; None for the shipped questionnaire's.
    pub version_id: Option<String>,
    /// One item of the project group: `{"namn": …, "status": …}`.
    pub answers: Answers,
    /// The name the person gave, or empty.
    pub reported_by: String,
    pub reported_at: i64,
    /// Later than `reported_at` once the project was reported finished.
    pub updated_at: i64,
}

/// The unit behind a standing report link.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportLinkUnit {
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub municipality_id: String,
    pub municipality_name: String,
}

/// The most recent round covering a municipality.
#[derive(Clone, Debug, PartialEq)]
pub struct LatestRound {
    pub id: String,
    pub name: String,
    /// When it opened (its opening time, or when it was made).
    pub opened_at: i64,
    pub closes_at: i64,
}

/// The associated data a report link's secret is sealed with.
fn sealed_for(unit_id: &str) -> String {
    format!("rapport:{unit_id}")
}

const REPORTED_COLUMNS: &str = "p.id, p.unit_id, u.name AS unit_name, u.kind AS unit_kind,
    u.sector AS unit_sector, p.questionnaire_version_id,
    p.answers, p.reported_by, p.reported_at, p.updated_at";

fn reported_row(row: &AnyRow) -> Result<ReportedProject, sqlx::Error> {
    let json: String = row.try_get("answers")?;
    Ok(ReportedProject {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        unit_kind: row.try_get("unit_kind")?,
        unit_sector: row.try_get("unit_sector")?,
        version_id: row.try_get("questionnaire_version_id")?,
        answers: serde_json::from_str(&json).unwrap_or_else(|error| {
            tracing::error!(%error, "a reported project does not parse");
            Answers::new()
        }),
        reported_by: row.try_get("reported_by")?,
        reported_at: row.try_get("reported_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Db {
    /// The secret of the unit's standing report link, as far as this server
    /// can tell (revoked also when there never was one).
    pub async fn report_link(&self, unit_id: &str) -> Result<LinkSecret, sqlx::Error> {
        let Some(row) =
            sqlx::query("SELECT token_hash, token_sealed FROM unit_report_link WHERE unit_id = $1")
                .bind(unit_id)
                .fetch_optional(self.pool())
                .await?
        else {
            return Ok(LinkSecret::Revoked);
        };
        Ok(self.link_secret(
            &sealed_for(unit_id),
            row.try_get("token_hash")?,
            row.try_get("token_sealed")?,
        ))
    }

    /// Gives the unit a new standing report link (an old one stops working)
    /// or, with `replace` false, revokes it. Returns the new secret.
    pub async fn reset_report_link(
        &self,
        unit_id: &str,
        replace: bool,
    ) -> Result<Option<String>, sqlx::Error> {
        let at = now();
        let (token, hash, sealed, revoked_at) = if replace {
            let key = self.link_key()?;
            let token = new_token();
            let hash = token_hash(&token);
            let sealed = key.seal(&sealed_for(unit_id), &token);
            (Some(token), Some(hash), Some(sealed), None)
        } else {
            (None, None, None, Some(at))
        };
        sqlx::query(
            "INSERT INTO unit_report_link (unit_id, token_hash, token_sealed, created_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (unit_id) DO UPDATE SET token_hash = $2, token_sealed = $3,
                 created_at = $4, revoked_at = $5",
        )
        .bind(unit_id)
        .bind(hash)
        .bind(sealed)
        .bind(at)
        .bind(revoked_at)
        .execute(self.pool())
        .await?;
        Ok(token)
    }

    /// The active unit behind a standing report link; None for an unknown or
    /// revoked link, or an archived unit.
    pub async fn report_link_unit(
        &self,
        token: &str,
    ) -> Result<Option<ReportLinkUnit>, sqlx::Error> {
        sqlx::query(
            "SELECT u.id, u.name, u.kind, u.municipality_id, m.name AS municipality_name
             FROM unit_report_link l
             JOIN unit u ON u.id = l.unit_id
             JOIN municipality m ON m.id = u.municipality_id
             WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND u.archived_at IS NULL",
        )
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?
        .map(|row| {
            Ok(ReportLinkUnit {
                unit_id: row.try_get("id")?,
                unit_name: row.try_get("name")?,
                kind: row.try_get("kind")?,
                municipality_id: row.try_get("municipality_id")?,
                municipality_name: row.try_get("municipality_name")?,
            })
        })
        .transpose()
    }

    /// The questionnaire version (id, definition JSON) of the newest round
    /// the unit is a target of; None when it has been in none.
    pub async fn unit_latest_version(
        &self,
        unit_id: &str,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        sqlx::query(
            "SELECT v.id, v.definition FROM round_unit t
             JOIN round r ON r.id = t.round_id
             JOIN questionnaire_version v ON v.id = r.questionnaire_version_id
             WHERE t.unit_id = $1
             ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
        )
        .bind(unit_id)
        .fetch_optional(self.pool())
        .await?
        .map(|row| Ok((row.try_get("id")?, row.try_get("definition")?)))
        .transpose()
    }

    /// Stores a reported project (one group item as JSON); None when the
    /// unit has reported [`MAX_REPORTED_PER_UNIT`] already.
    pub async fn add_reported_project(
        &self,
        unit_id: &str,
        version_id: Option<&str>,
        answers: &str,
        reported_by: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM reported_project WHERE unit_id = $1")
                .bind(unit_id)
                .fetch_one(&mut *tx)
                .await?;
        if count >= MAX_REPORTED_PER_UNIT {
            return Ok(None);
        }
        let id = new_id();
        let at = now();
        sqlx::query(
            "INSERT INTO reported_project (id, unit_id, questionnaire_version_id, answers,
                                           reported_by, reported_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(&id)
        .bind(unit_id)
        .bind(version_id)
        .bind(answers)
        .bind(reported_by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Replaces a reported project's answers (it was reported finished);
    /// false when the unit has no such project.
    pub async fn update_reported_project(
        &self,
        unit_id: &str,
        id: &str,
        answers: &str,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE reported_project SET answers = $1, updated_at = $2
             WHERE id = $3 AND unit_id = $4",
        )
        .bind(answers)
        .bind(now())
        .bind(id)
        .bind(unit_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The projects the unit has reported, newest first.
    pub async fn unit_reported_projects(
        &self,
        unit_id: &str,
    ) -> Result<Vec<ReportedProject>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {REPORTED_COLUMNS} FROM reported_project p JOIN unit u ON u.id = p.unit_id
             WHERE p.unit_id = $1
             ORDER BY p.reported_at DESC, p.id LIMIT {MAX_REPORTED_PER_UNIT}"
        ))
        .bind(unit_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(reported_row)
        .collect()
    }

    /// The projects reported through the unit's standing link that were
    /// reported, or changed (reported finished), at or after `since` (unix
    /// seconds), oldest first: what a new round prefills in the unit's
    /// project group (`ReportedProject::answers` is one item of it, checked
    /// against the group of `version_id`, or of the shipped questionnaire
    /// when that is None). With `since` the time the unit's previous round
    /// opened, these are the projects its answers to that round do not hold.
    pub async fn projects_reported_since(
        &self,
        unit_id: &str,
        since: i64,
    ) -> Result<Vec<ReportedProject>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {REPORTED_COLUMNS} FROM reported_project p JOIN unit u ON u.id = p.unit_id
             WHERE p.unit_id = $1 AND (p.reported_at >= $2 OR p.updated_at >= $2)
             ORDER BY p.reported_at, p.id LIMIT {MAX_REPORTED_PER_UNIT}"
        ))
        .bind(unit_id)
        .bind(since)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(reported_row)
        .collect()
    }

    /// The projects the units of a municipality reported, or changed, at or
    /// after `since`, newest first (at most 10 000).
    pub async fn municipality_reported_projects(
        &self,
        municipality_id: &str,
        since: i64,
    ) -> Result<Vec<ReportedProject>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {REPORTED_COLUMNS} FROM reported_project p JOIN unit u ON u.id = p.unit_id
             WHERE u.municipality_id = $1 AND (p.reported_at >= $2 OR p.updated_at >= $2)
             ORDER BY p.reported_at DESC, p.id LIMIT 10000"
        ))
        .bind(municipality_id)
        .bind(since)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(reported_row)
        .collect()
    }

    /// The newest round (by when it was made) covering the municipality.
    pub async fn latest_round_of_municipality(
        &self,
        municipality_id: &str,
    ) -> Result<Option<LatestRound>, sqlx::Error> {
        sqlx::query(
            "SELECT r.id, r.name, r.opens_at, r.created_at, r.closes_at FROM round r
             JOIN round_municipality rm ON rm.round_id = r.id
             WHERE rm.municipality_id = $1
             ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
        )
        .bind(municipality_id)
        .fetch_optional(self.pool())
        .await?
        .map(|row| {
            let opens_at: Option<i64> = row.try_get("opens_at")?;
            let created_at: i64 = row.try_get("created_at")?;
            Ok(LatestRound {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                opened_at: opens_at.unwrap_or(created_at),
                closes_at: row.try_get("closes_at")?,
            })
        })
        .transpose()
    }
}
