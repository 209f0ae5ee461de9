//! What the current-state analysis reads: a round's targets with their
//! answers and registry facts, and the rounds before it.

use super::Db;
use sqlx::Row;

/// A target unit with everything the analysis needs, answers as JSON text.
#[derive(Clone, Debug)]
pub struct AnalysisTargetRow {
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub sector: String,
    pub municipality_id: String,
    pub international_contact: bool,
    pub first_opened_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub revision: i64,
    pub answers: Option<String>,
    pub submitted_answers: Option<String>,
    pub submitted_at: Option<i64>,
    /// The answers carried from an earlier round, if prefilled.
    pub carried_answers: Option<String>,
}

/// A municipality as the analysis names it.
#[derive(Clone, Debug)]
pub struct AnalysisMunicipalityRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub priorities: Vec<String>,
    /// The newest opened round covering the municipality closes (closed) then.
    pub latest_round_closes_at: Option<i64>,
}

/// A registry contact person of one of a round's target units.
#[derive(Clone, Debug)]
pub struct TargetContactRow {
    pub unit_id: String,
    pub municipality_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub international: bool,
}

impl Db {
    pub async fn analysis_targets(
        &self,
        round_id: &str,
    ) -> Result<Vec<AnalysisTargetRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT t.unit_id, u.name AS unit_name, u.kind, u.sector, u.municipality_id,
                    CASE WHEN EXISTS (SELECT 1 FROM contact c
                                      WHERE c.unit_id = u.id AND c.is_international = 1)
                         THEN 1 ELSE 0 END AS international_contact,
                    t.first_opened_at, t.last_activity_at,
                    COALESCE(s.revision, 0) AS revision, s.answers, s.submitted_answers,
                    s.submitted_at, c.answers AS carried_answers
             FROM round_unit t
             JOIN unit u ON u.id = t.unit_id
             LEFT JOIN response s ON s.round_unit_id = t.id
             LEFT JOIN carried_response c ON c.round_unit_id = t.id
             WHERE t.round_id = $1
             ORDER BY {}",
            self.sv("u.name")
        ))
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AnalysisTargetRow {
                    unit_id: row.try_get("unit_id")?,
                    unit_name: row.try_get("unit_name")?,
                    kind: row.try_get("kind")?,
                    sector: row.try_get("sector")?,
                    municipality_id: row.try_get("municipality_id")?,
                    international_contact: super::flag(row, "international_contact")?,
                    first_opened_at: row.try_get("first_opened_at")?,
                    last_activity_at: row.try_get("last_activity_at")?,
                    revision: row.try_get("revision")?,
                    answers: row.try_get("answers")?,
                    submitted_answers: row.try_get("submitted_answers")?,
                    submitted_at: row.try_get("submitted_at")?,
                    carried_answers: row.try_get("carried_answers")?,
                })
            })
            .collect()
    }

    /// The municipalities with these ids, by name, with their priority areas
    /// and the closing time of the newest round that was opened for them.
    pub async fn analysis_municipalities(
        &self,
        ids: &[String],
    ) -> Result<Vec<AnalysisMunicipalityRow>, sqlx::Error> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(row) = sqlx::query(
                "SELECT m.id, m.code, m.name,
                        (SELECT MAX(r.closes_at) FROM round r
                         JOIN round_municipality rm ON rm.round_id = r.id
                         WHERE rm.municipality_id = m.id AND r.status <> 'utkast') AS latest
                 FROM municipality m WHERE m.id = $1",
            )
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            else {
                continue;
            };
            out.push(AnalysisMunicipalityRow {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                priorities: self.municipality_priorities(id).await?,
                latest_round_closes_at: row.try_get("latest")?,
            });
        }
        out.sort_by(|a, b| crate::sorting::swedish_cmp(&a.name, &b.name));
        Ok(out)
    }

    /// The round before `round_id` for a municipality: the newest other round
    /// covering it that was opened and closes earlier.
    pub async fn previous_round(
        &self,
        round_id: &str,
        municipality_id: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT r.id FROM round r
             JOIN round_municipality rm ON rm.round_id = r.id
             WHERE rm.municipality_id = $1 AND r.id <> $2 AND r.status <> 'utkast'
               AND r.closes_at < (SELECT closes_at FROM round WHERE id = $2)
             ORDER BY r.closes_at DESC
             LIMIT 1",
        )
        .bind(municipality_id)
        .bind(round_id)
        .fetch_optional(self.pool())
        .await
    }

    /// The rounds before `round_id` for a municipality, newest first, at
    /// most `limit`: the other rounds covering it that were opened and close
    /// earlier (as [`Db::previous_round`] chooses the newest).
    pub async fn earlier_rounds(
        &self,
        round_id: &str,
        municipality_id: &str,
        limit: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT r.id FROM round r
             JOIN round_municipality rm ON rm.round_id = r.id
             WHERE rm.municipality_id = $1 AND r.id <> $2 AND r.status <> 'utkast'
               AND r.closes_at < (SELECT closes_at FROM round WHERE id = $2)
             ORDER BY r.closes_at DESC, r.id
             LIMIT $3",
        )
        .bind(municipality_id)
        .bind(round_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await
    }

    /// The thresholds chosen for a round (JSON), if any.
    pub async fn round_thresholds(&self, round_id: &str) -> Result<Option<String>, sqlx::Error> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT thresholds FROM round WHERE id = $1")
                .bind(round_id)
                .fetch_optional(self.pool())
                .await?
                .flatten(),
        )
    }

    /// Stores a round's thresholds (JSON); None returns to the defaults.
    pub async fn set_round_thresholds(
        &self,
        round_id: &str,
        thresholds: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE round SET thresholds = $1, updated_at = $2 WHERE id = $3")
            .bind(thresholds)
            .bind(super::now())
            .bind(round_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The contact persons of the round's target units in the given
    /// municipalities: per unit the international contact person first,
    /// then by name.
    pub async fn target_contacts(
        &self,
        round_id: &str,
        municipality_ids: &[String],
    ) -> Result<Vec<TargetContactRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT c.unit_id, u.municipality_id, c.name, c.email, c.role, c.is_international
             FROM round_unit t
             JOIN unit u ON u.id = t.unit_id
             JOIN contact c ON c.unit_id = u.id
             WHERE t.round_id = $1
             ORDER BY c.unit_id, c.is_international DESC, {}, c.email",
            self.sv("c.name")
        ))
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        let wanted: std::collections::HashSet<&str> =
            municipality_ids.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        for row in &rows {
            let municipality_id: String = row.try_get("municipality_id")?;
            if !wanted.contains(municipality_id.as_str()) {
                continue;
            }
            out.push(TargetContactRow {
                unit_id: row.try_get("unit_id")?,
                municipality_id,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                role: row.try_get("role")?,
                international: super::flag(row, "is_international")?,
            });
        }
        Ok(out)
    }
}
