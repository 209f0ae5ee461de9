//! Answers carried from an earlier round into a new one, and the parts a
//! respondent confirmed. The carrying itself (what fits the new
//! questionnaire) is done by the caller's function, `app/src/rounds/carry.rs`;
//! this layer moves the JSON.

use super::{now, Db};
use sqlx::Row;

/// A unit's answers submitted to the earlier round.
pub struct Earlier<'a> {
    pub unit_id: &'a str,
    /// The unit's kind as stored (`forvaltning`, `bolag`, `annat`).
    pub kind: &'a str,
    /// None: the unit did not submit to the earlier round (it may still
    /// have reported projects since).
    pub answers: Option<&'a str>,
}

/// The answers and notes (both JSON) to start a unit with, or None.
pub type CarryFn<'a> = &'a (dyn Fn(&Earlier) -> Option<(String, String)> + Send + Sync);

/// Where a new round's answers come from.
pub struct Carry<'a> {
    /// The earlier round.
    pub round_id: &'a str,
    pub map: CarryFn<'a>,
}

/// What a target unit started the round with.
#[derive(Clone, Debug)]
pub struct CarriedRow {
    pub answers: String,
    pub notes: String,
    pub submitted_at: i64,
    /// The earlier round's name; empty when the unit starts only with the
    /// projects it reported between the rounds.
    pub from_round: String,
}

/// Prefills every target of `round_id` that has nothing yet, from what it
/// submitted to the earlier round (if it did) as `carry.map` decides.
/// Returns how many were prefilled.
pub(super) async fn carry_targets(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    round_id: &str,
    carry: &Carry<'_>,
) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.id AS target_id, t.unit_id, u.kind, e.id AS earlier_id,
                s.submitted_answers, s.submitted_at
         FROM round_unit t
         JOIN unit u ON u.id = t.unit_id
         LEFT JOIN round_unit e ON e.unit_id = t.unit_id AND e.round_id = $2
         LEFT JOIN response s ON s.round_unit_id = e.id AND s.submitted_answers IS NOT NULL
         WHERE t.round_id = $1
           AND NOT EXISTS (SELECT 1 FROM carried_response c WHERE c.round_unit_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM response x WHERE x.round_unit_id = t.id)",
    )
    .bind(round_id)
    .bind(carry.round_id)
    .fetch_all(&mut **tx)
    .await?;
    let at = now();
    let mut done = 0;
    for row in rows {
        let target_id: String = row.try_get("target_id")?;
        let unit_id: String = row.try_get("unit_id")?;
        let kind: String = row.try_get("kind")?;
        let answers: Option<String> = row.try_get("submitted_answers")?;
        let Some((carried, notes)) = (carry.map)(&Earlier {
            unit_id: &unit_id,
            kind: &kind,
            answers: answers.as_deref(),
        }) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO carried_response
                 (round_unit_id, from_round_unit_id, answers, notes, submitted_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&target_id)
        // Only a unit that submitted there comes "from" the earlier round.
        .bind(
            answers
                .as_ref()
                .and(row.try_get::<Option<String>, _>("earlier_id")?),
        )
        .bind(carried)
        .bind(notes)
        .bind(row.try_get::<Option<i64>, _>("submitted_at")?.unwrap_or(at))
        .bind(at)
        .execute(&mut **tx)
        .await?;
        done += 1;
    }
    Ok(done)
}

impl Db {
    /// Prefills the targets of a round based on an earlier one that have
    /// nothing yet (units added after the round was created).
    pub async fn carry_into_round(
        &self,
        round_id: &str,
        carry: &Carry<'_>,
    ) -> Result<usize, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let done = carry_targets(&mut tx, round_id, carry).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// The earlier round a round is based on.
    pub async fn round_based_on(&self, round_id: &str) -> Result<Option<String>, sqlx::Error> {
        Ok(sqlx::query("SELECT based_on FROM round WHERE id = $1")
            .bind(round_id)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get::<Option<String>, _>("based_on"))
            .transpose()?
            .flatten())
    }

    /// What the target started the round with, if it was prefilled.
    pub async fn carried(&self, target_id: &str) -> Result<Option<CarriedRow>, sqlx::Error> {
        sqlx::query(
            "SELECT c.answers, c.notes, c.submitted_at, r.name
             FROM carried_response c
             LEFT JOIN round_unit e ON e.id = c.from_round_unit_id
             LEFT JOIN round r ON r.id = e.round_id
             WHERE c.round_unit_id = $1",
        )
        .bind(target_id)
        .fetch_optional(self.pool())
        .await?
        .map(|row| {
            Ok(CarriedRow {
                answers: row.try_get("answers")?,
                notes: row.try_get("notes")?,
                submitted_at: row.try_get("submitted_at")?,
                from_round: row
                    .try_get::<Option<String>, _>("name")?
                    .unwrap_or_default(),
            })
        })
        .transpose()
    }

    /// The carried answers of every prefilled target of a round, by target id.
    pub async fn round_carried(
        &self,
        round_id: &str,
    ) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query(
            "SELECT c.round_unit_id, c.answers FROM carried_response c
             JOIN round_unit t ON t.id = c.round_unit_id
             WHERE t.round_id = $1",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| Ok((row.try_get("round_unit_id")?, row.try_get("answers")?)))
        .collect()
    }

    /// Records that the respondent confirmed a part as it stands.
    pub async fn confirm_part(&self, target_id: &str, section: &str) -> Result<(), sqlx::Error> {
        let at = now();
        sqlx::query(
            "INSERT INTO confirmed_part (round_unit_id, section_key, confirmed_at)
             VALUES ($1, $2, $3)
             ON CONFLICT (round_unit_id, section_key) DO UPDATE SET confirmed_at = $3",
        )
        .bind(target_id)
        .bind(section)
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The parts the respondent confirmed, with when.
    pub async fn confirmed_parts(
        &self,
        target_id: &str,
    ) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query(
            "SELECT section_key, confirmed_at FROM confirmed_part
             WHERE round_unit_id = $1 ORDER BY confirmed_at",
        )
        .bind(target_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| Ok((row.try_get("section_key")?, row.try_get("confirmed_at")?)))
        .collect()
    }
}
