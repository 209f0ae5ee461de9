//! Survey rounds, their target units with personal links, and the answers.
//! Answers are stored as JSON text; this layer does not look inside them.

use super::{new_id, now, Db};
use crate::auth::link_key::LinkKey;
use crate::auth::server::{new_token, token_hash};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct RoundRow {
    pub id: String,
    pub name: String,
    pub version_id: String,
    pub questionnaire_id: String,
    pub version_number: i64,
    pub definition: String,
    pub status: String,
    pub opens_at: Option<i64>,
    pub closes_at: i64,
    pub created_at: i64,
    /// The earlier round whose answers prefill this one.
    pub based_on: Option<String>,
    pub municipality_ids: Vec<String>,
}

/// A target unit of a round with the state of its answers.
#[derive(Clone, Debug)]
pub struct TargetRow {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub sector: String,
    pub municipality_id: String,
    pub municipality_code: String,
    pub municipality_name: String,
    /// The secret of the personal link, unsealed; None when the link is
    /// revoked or cannot be unsealed (`link_unreadable`).
    pub token: Option<String>,
    /// The target has a link, but this server's link key does not open its
    /// sealed secret (another key, or damage): the link still works for
    /// whoever has it, but cannot be shown; a new one can be made.
    pub link_unreadable: bool,
    pub first_opened_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub revision: i64,
    pub submitted_at: Option<i64>,
    pub submitted_revision: Option<i64>,
}

/// A target as listed, its link still sealed: [`Db::open_target`] opens it.
#[derive(Clone, Debug)]
pub struct SealedTarget {
    /// With the link not yet opened: `token` None, `link_unreadable` false.
    pub target: TargetRow,
    token_hash: Option<String>,
    token_sealed: Option<String>,
}

impl SealedTarget {
    /// The target has a link (revoked ones have none).
    pub fn has_link(&self) -> bool {
        self.token_hash.is_some()
    }
}

/// The secret of a target's personal link, as far as this server can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkSecret {
    /// No link: revoked (or the target is gone).
    Revoked,
    /// A link exists, but its sealed secret does not open with this key.
    Unreadable,
    Token(String),
}

impl LinkSecret {
    pub fn token(self) -> Option<String> {
        match self {
            LinkSecret::Token(token) => Some(token),
            _ => None,
        }
    }
}

/// What a personal link leads to.
#[derive(Clone, Debug)]
pub struct LinkRow {
    pub target_id: String,
    pub round: RoundRow,
    pub unit_name: String,
    pub kind: String,
    pub municipality_name: String,
}

#[derive(Clone, Debug, Default)]
pub struct ResponseRow {
    pub answers: String,
    pub revision: i64,
    pub submitted_answers: Option<String>,
    pub submitted_revision: Option<i64>,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

/// The outcome of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submission {
    Done,
    /// This revision was submitted already (a double click).
    AlreadySubmitted,
    /// The answers changed after the person looked at them.
    Stale,
}

const ROUND_COLUMNS: &str = "r.id, r.name, r.questionnaire_version_id, v.questionnaire_id,
    v.number, v.definition, r.status, r.opens_at, r.closes_at, r.created_at, r.based_on";

fn round_row(row: &AnyRow) -> Result<RoundRow, sqlx::Error> {
    Ok(RoundRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        version_id: row.try_get("questionnaire_version_id")?,
        questionnaire_id: row.try_get("questionnaire_id")?,
        version_number: row.try_get("number")?,
        definition: row.try_get("definition")?,
        status: row.try_get("status")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        created_at: row.try_get("created_at")?,
        based_on: row.try_get("based_on")?,
        municipality_ids: Vec::new(),
    })
}

/// A new round as the coordinator describes it.
pub struct NewRound<'a> {
    pub name: &'a str,
    pub version_id: &'a str,
    pub opens_at: Option<i64>,
    pub closes_at: i64,
    pub municipality_ids: &'a [String],
    pub created_by: Option<&'a str>,
}

/// How many of a response's latest draft revisions are kept (every
/// submitted one is kept).
pub const DRAFT_REVISIONS_KEPT: i64 = 50;

impl Db {
    /// Creates a round in `utkast` with every active unit of its municipalities
    /// as a target, each with its own link, and freezes the questionnaire version.
    pub async fn create_round(&self, round: &NewRound<'_>) -> Result<String, sqlx::Error> {
        self.create_round_from(round, None).await
    }

    /// Creates a round like [`Db::create_round`]; with `carry`, based on an
    /// earlier round: every target that submitted there starts with its
    /// carried answers, in the same transaction.
    pub async fn create_round_from(
        &self,
        round: &NewRound<'_>,
        carry: Option<&super::carry::Carry<'_>>,
    ) -> Result<String, sqlx::Error> {
        let key = self.link_key()?;
        let id = new_id();
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO round (id, name, questionnaire_version_id, status, opens_at, closes_at,
                                created_by, created_at, updated_at)
             VALUES ($1, $2, $3, 'utkast', $4, $5, $6, $7, $7)",
        )
        .bind(&id)
        .bind(round.name)
        .bind(round.version_id)
        .bind(round.opens_at)
        .bind(round.closes_at)
        .bind(round.created_by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE questionnaire_version SET frozen_at = $1 WHERE id = $2 AND frozen_at IS NULL",
        )
        .bind(at)
        .bind(round.version_id)
        .execute(&mut *tx)
        .await?;
        for municipality_id in round.municipality_ids {
            sqlx::query(
                "INSERT INTO round_municipality (round_id, municipality_id) VALUES ($1, $2)",
            )
            .bind(&id)
            .bind(municipality_id)
            .execute(&mut *tx)
            .await?;
            let units: Vec<String> = sqlx::query(
                "SELECT id FROM unit WHERE municipality_id = $1 AND archived_at IS NULL",
            )
            .bind(municipality_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, _>>()?;
            for unit_id in units {
                insert_target(&mut tx, key, &id, &unit_id, at).await?;
            }
        }
        if let Some(carry) = carry {
            sqlx::query("UPDATE round SET based_on = $1 WHERE id = $2")
                .bind(carry.round_id)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            super::carry::carry_targets(&mut tx, &id, carry).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Every round with the ids of its municipalities, newest first.
    pub async fn list_rounds(&self) -> Result<Vec<RoundRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS} FROM round r
             JOIN questionnaire_version v ON v.id = r.questionnaire_version_id
             ORDER BY r.created_at DESC, r.name"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut rounds: Vec<RoundRow> = rows.iter().map(round_row).collect::<Result<_, _>>()?;
        let links = sqlx::query("SELECT round_id, municipality_id FROM round_municipality")
            .fetch_all(self.pool())
            .await?;
        for link in &links {
            let round_id: String = link.try_get("round_id")?;
            if let Some(round) = rounds.iter_mut().find(|r| r.id == round_id) {
                round
                    .municipality_ids
                    .push(link.try_get("municipality_id")?);
            }
        }
        Ok(rounds)
    }

    pub async fn round(&self, id: &str) -> Result<Option<RoundRow>, sqlx::Error> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS} FROM round r
             JOIN questionnaire_version v ON v.id = r.questionnaire_version_id
             WHERE r.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let mut round = round_row(&row)?;
        round.municipality_ids = self.round_municipalities(id).await?;
        Ok(Some(round))
    }

    async fn round_municipalities(&self, round_id: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query("SELECT municipality_id FROM round_municipality WHERE round_id = $1")
            .bind(round_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| row.try_get("municipality_id"))
            .collect()
    }

    /// Target counts per round: (round id, targets, submitted).
    pub async fn round_counts(&self) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
        sqlx::query(
            "SELECT t.round_id, COUNT(*) AS targets,
                    COALESCE(SUM(CASE WHEN s.submitted_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS submitted
             FROM round_unit t LEFT JOIN response s ON s.round_unit_id = t.id
             GROUP BY t.round_id",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get("round_id")?,
                row.try_get("targets")?,
                row.try_get("submitted")?,
            ))
        })
        .collect()
    }

    /// The round's target units, by municipality and unit name.
    pub async fn round_targets(&self, round_id: &str) -> Result<Vec<TargetRow>, sqlx::Error> {
        let targets: Vec<TargetRow> = self
            .round_target_list(round_id)
            .await?
            .into_iter()
            .map(|t| self.open_target(t))
            .collect();
        let unreadable = targets.iter().filter(|t| t.link_unreadable).count();
        if unreadable > 0 {
            tracing::warn!(
                round = %round_id,
                unreadable,
                "personal links do not unseal: is the link key the one they were made with?"
            );
        }
        Ok(targets)
    }

    /// The round's targets with their links still sealed, in Swedish order
    /// of municipality and unit: a page opens only the links it shows
    /// ([`Db::open_target`]).
    pub async fn round_target_list(
        &self,
        round_id: &str,
    ) -> Result<Vec<SealedTarget>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT t.id, t.unit_id, u.name AS unit_name, u.kind, u.sector, u.municipality_id,
                    m.code AS municipality_code, m.name AS municipality_name,
                    t.token_hash, t.token_sealed, t.first_opened_at, t.last_activity_at,
                    COALESCE(s.revision, 0) AS revision, s.submitted_at, s.submitted_revision
             FROM round_unit t
             JOIN unit u ON u.id = t.unit_id
             JOIN municipality m ON m.id = u.municipality_id
             LEFT JOIN response s ON s.round_unit_id = t.id
             WHERE t.round_id = $1
             ORDER BY {}, {}",
            self.sv("m.name"),
            self.sv("u.name")
        ))
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SealedTarget {
                    token_hash: row.try_get("token_hash")?,
                    token_sealed: row.try_get("token_sealed")?,
                    target: TargetRow {
                        link_unreadable: false,
                        token: None,
                        id: row.try_get("id")?,
                        unit_id: row.try_get("unit_id")?,
                        unit_name: row.try_get("unit_name")?,
                        kind: row.try_get("kind")?,
                        sector: row.try_get("sector")?,
                        municipality_id: row.try_get("municipality_id")?,
                        municipality_code: row.try_get("municipality_code")?,
                        municipality_name: row.try_get("municipality_name")?,
                        first_opened_at: row.try_get("first_opened_at")?,
                        last_activity_at: row.try_get("last_activity_at")?,
                        revision: row.try_get("revision")?,
                        submitted_at: row.try_get("submitted_at")?,
                        submitted_revision: row.try_get("submitted_revision")?,
                    },
                })
            })
            .collect()
    }

    /// A listed target with its link opened.
    pub fn open_target(&self, sealed: SealedTarget) -> TargetRow {
        let SealedTarget {
            token_hash,
            token_sealed,
            mut target,
        } = sealed;
        let secret = self.link_secret(&target.id, token_hash, token_sealed);
        target.link_unreadable = secret == LinkSecret::Unreadable;
        target.token = secret.token();
        target
    }

    /// The secret of a target's link from its stored hash and sealed value,
    /// checked against the hash.
    pub(crate) fn link_secret(
        &self,
        target_id: &str,
        hash: Option<String>,
        sealed: Option<String>,
    ) -> LinkSecret {
        let Some(hash) = hash else {
            return LinkSecret::Revoked;
        };
        let token = match (self.link_key.as_deref(), sealed) {
            (Some(key), Some(sealed)) => key.unseal(target_id, &sealed),
            _ => None,
        };
        match token {
            Some(token) if token_hash(&token) == hash => LinkSecret::Token(token),
            _ => LinkSecret::Unreadable,
        }
    }

    /// Whether this handle's key opens the links in the database, judged by
    /// the newest one; None when there is none (or it cannot be read).
    pub async fn link_key_opens_links(&self) -> Option<bool> {
        let row = sqlx::query(
            "SELECT id, token_hash, token_sealed FROM round_unit
             WHERE token_hash IS NOT NULL
             ORDER BY token_created_at DESC LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await
        .ok()??;
        let id: String = row.try_get("id").ok()?;
        let secret = self.link_secret(
            &id,
            row.try_get("token_hash").ok()?,
            row.try_get("token_sealed").ok()?,
        );
        Some(matches!(secret, LinkSecret::Token(_)))
    }

    /// The secret of one target's link now (the mail worker puts it into
    /// mails when it sends them).
    pub async fn target_link(&self, target_id: &str) -> Result<LinkSecret, sqlx::Error> {
        let Some(row) =
            sqlx::query("SELECT token_hash, token_sealed FROM round_unit WHERE id = $1")
                .bind(target_id)
                .fetch_optional(self.pool())
                .await?
        else {
            return Ok(LinkSecret::Revoked);
        };
        Ok(self.link_secret(
            target_id,
            row.try_get("token_hash")?,
            row.try_get("token_sealed")?,
        ))
    }

    /// Moves links still stored in plain text (made before migration 0010)
    /// to their hash and sealed secret and clears the plain column, in one
    /// transaction; mails queued or sent with such a link get the token slot
    /// in its place (see `crate::mail::TOKEN_SLOT`). Runs at every start;
    /// returns how many links it moved, none the second time.
    pub async fn seal_plain_links(&self) -> Result<u64, sqlx::Error> {
        let key = self.link_key()?;
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query("SELECT id, token FROM round_unit WHERE token IS NOT NULL")
            .fetch_all(&mut *tx)
            .await?;
        let mut moved = 0;
        for row in &rows {
            let id: String = row.try_get("id")?;
            let token: String = row.try_get("token")?;
            // Conditional, so that two instances starting at once on
            // PostgreSQL move each link once.
            let done = sqlx::query(
                "UPDATE round_unit SET token_hash = $1, token_sealed = $2, token = NULL
                 WHERE id = $3 AND token = $4",
            )
            .bind(token_hash(&token))
            .bind(key.seal(&id, &token))
            .bind(&id)
            .bind(&token)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                continue;
            }
            sqlx::query(
                "UPDATE mail_job SET subject = REPLACE(subject, $1, $2),
                                     body = REPLACE(body, $1, $2)
                 WHERE round_unit_id = $3",
            )
            .bind(&token)
            .bind(crate::mail::TOKEN_SLOT)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            moved += 1;
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Sets status and times in one go.
    pub async fn set_round_schedule(
        &self,
        round_id: &str,
        status: &str,
        opens_at: Option<i64>,
        closes_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE round SET status = $1, opens_at = $2, closes_at = $3, updated_at = $4
             WHERE id = $5",
        )
        .bind(status)
        .bind(opens_at)
        .bind(closes_at)
        .bind(now())
        .bind(round_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn rename_round(&self, round_id: &str, name: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE round SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(name)
            .bind(now())
            .bind(round_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Adds a municipality and all its active units that are not targets yet.
    pub async fn add_round_municipality(
        &self,
        round_id: &str,
        municipality_id: &str,
    ) -> Result<(), sqlx::Error> {
        let key = self.link_key()?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let known = sqlx::query(
            "SELECT 1 FROM round_municipality WHERE round_id = $1 AND municipality_id = $2",
        )
        .bind(round_id)
        .bind(municipality_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if !known {
            sqlx::query(
                "INSERT INTO round_municipality (round_id, municipality_id) VALUES ($1, $2)",
            )
            .bind(round_id)
            .bind(municipality_id)
            .execute(&mut *tx)
            .await?;
        }
        let units: Vec<String> = sqlx::query(
            "SELECT u.id FROM unit u
             WHERE u.municipality_id = $1 AND u.archived_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM round_unit t WHERE t.round_id = $2 AND t.unit_id = u.id)",
        )
        .bind(municipality_id)
        .bind(round_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| row.try_get("id"))
        .collect::<Result<_, _>>()?;
        for unit_id in units {
            insert_target(&mut tx, key, round_id, &unit_id, at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds one unit as a target; false when it is one already.
    pub async fn add_round_unit(&self, round_id: &str, unit_id: &str) -> Result<bool, sqlx::Error> {
        let key = self.link_key()?;
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT 1 FROM round_unit WHERE round_id = $1 AND unit_id = $2")
            .bind(round_id)
            .bind(unit_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if !exists {
            insert_target(&mut tx, key, round_id, unit_id, now()).await?;
        }
        tx.commit().await?;
        Ok(!exists)
    }

    /// Removes a target that has no saved answers; false when it has some.
    pub async fn remove_round_target(&self, target_id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "DELETE FROM round_unit WHERE id = $1
               AND NOT EXISTS (SELECT 1 FROM response s WHERE s.round_unit_id = round_unit.id)",
        )
        .bind(target_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The round a target belongs to.
    /// The round and the municipality of a target.
    pub async fn target_place(
        &self,
        target_id: &str,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        sqlx::query(
            "SELECT t.round_id, u.municipality_id FROM round_unit t
             JOIN unit u ON u.id = t.unit_id WHERE t.id = $1",
        )
        .bind(target_id)
        .fetch_optional(self.pool())
        .await?
        .map(|row| Ok((row.try_get("round_id")?, row.try_get("municipality_id")?)))
        .transpose()
    }

    pub async fn target_round(&self, target_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT round_id FROM round_unit WHERE id = $1")
            .bind(target_id)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get("round_id"))
            .transpose()
    }

    /// Gives the target a new link (the old one stops working) or, with
    /// `replace` false, only revokes it. Returns the new token.
    pub async fn reset_target_link(
        &self,
        target_id: &str,
        replace: bool,
    ) -> Result<Option<String>, sqlx::Error> {
        let (token, hash, sealed) = if replace {
            let key = self.link_key()?;
            let token = new_token();
            let (hash, sealed) = (token_hash(&token), key.seal(target_id, &token));
            (Some(token), Some(hash), Some(sealed))
        } else {
            (None, None, None)
        };
        sqlx::query(
            "UPDATE round_unit SET token = NULL, token_hash = $1, token_sealed = $2,
                                   token_created_at = $3
             WHERE id = $4",
        )
        .bind(hash)
        .bind(sealed)
        .bind(now())
        .bind(target_id)
        .execute(self.pool())
        .await?;
        Ok(token)
    }

    /// The round, unit and municipality behind a personal link.
    pub async fn link(&self, token: &str) -> Result<Option<LinkRow>, sqlx::Error> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS}, t.id AS target_id, u.name AS unit_name, u.kind,
                    m.name AS municipality_name
             FROM round_unit t
             JOIN round r ON r.id = t.round_id
             JOIN questionnaire_version v ON v.id = r.questionnaire_version_id
             JOIN unit u ON u.id = t.unit_id
             JOIN municipality m ON m.id = u.municipality_id
             WHERE t.token_hash = $1"
        ))
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(LinkRow {
            target_id: row.try_get("target_id")?,
            round: round_row(&row)?,
            unit_name: row.try_get("unit_name")?,
            kind: row.try_get("kind")?,
            municipality_name: row.try_get("municipality_name")?,
        }))
    }

    /// Records that someone used the link now.
    pub async fn touch_target(&self, target_id: &str) -> Result<(), sqlx::Error> {
        let at = now();
        sqlx::query(
            "UPDATE round_unit SET first_opened_at = COALESCE(first_opened_at, $1),
                                   last_activity_at = $1
             WHERE id = $2",
        )
        .bind(at)
        .bind(target_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn response(&self, target_id: &str) -> Result<Option<ResponseRow>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT answers, revision, submitted_answers, submitted_revision, submitted_at, updated_at
             FROM response WHERE round_unit_id = $1",
        )
        .bind(target_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(ResponseRow {
            answers: row.try_get("answers")?,
            revision: row.try_get("revision")?,
            submitted_answers: row.try_get("submitted_answers")?,
            submitted_revision: row.try_get("submitted_revision")?,
            submitted_at: row.try_get("submitted_at")?,
            updated_at: row.try_get("updated_at")?,
        }))
    }

    /// The answers as they were at `revision`.
    pub async fn response_revision(
        &self,
        target_id: &str,
        revision: i64,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query(
            "SELECT answers FROM response_revision WHERE round_unit_id = $1 AND revision = $2",
        )
        .bind(target_id)
        .bind(revision)
        .fetch_optional(self.pool())
        .await?
        .map(|row| row.try_get("answers"))
        .transpose()
    }

    /// Stores `answers` as revision `expected + 1`, if the stored revision is
    /// still `expected` (0: nothing saved yet). Returns the new revision, or
    /// None when someone else saved in between.
    pub async fn save_response(
        &self,
        target_id: &str,
        expected: i64,
        answers: &str,
    ) -> Result<Option<i64>, sqlx::Error> {
        let at = now();
        let next = expected + 1;
        let mut tx = self.begin_write().await?;
        let written = if expected == 0 {
            // Two first saves at once (two people, or two server instances):
            // the second finds the row and is told, instead of failing.
            sqlx::query(
                "INSERT INTO response (round_unit_id, answers, revision, updated_at)
                 VALUES ($1, $2, 1, $3)
                 ON CONFLICT (round_unit_id) DO NOTHING",
            )
            .bind(target_id)
            .bind(answers)
            .bind(at)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE response SET answers = $1, revision = $2, updated_at = $3
                 WHERE round_unit_id = $4 AND revision = $5",
            )
            .bind(answers)
            .bind(next)
            .bind(at)
            .bind(target_id)
            .bind(expected)
            .execute(&mut *tx)
            .await?
        };
        if written.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO response_revision (round_unit_id, revision, answers, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(target_id)
        .bind(next)
        .bind(answers)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        // Autosave writes a revision every few seconds of typing: keep every
        // submitted one and the latest drafts (the bases of forms still open).
        sqlx::query(
            "DELETE FROM response_revision
             WHERE round_unit_id = $1 AND submitted = 0 AND revision <= $2",
        )
        .bind(target_id)
        .bind(next - DRAFT_REVISIONS_KEPT)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE round_unit SET first_opened_at = COALESCE(first_opened_at, $1),
                                   last_activity_at = $1
             WHERE id = $2",
        )
        .bind(at)
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(next))
    }

    /// Submits the answers of `revision`, the revision the person reviewed.
    pub async fn submit_response(
        &self,
        target_id: &str,
        revision: i64,
    ) -> Result<Submission, sqlx::Error> {
        self.submit_response_and_thank(target_id, revision, &[])
            .await
    }

    /// Submits like [`Db::submit_response`] and queues `thanks` in the same
    /// transaction, so a submission is never without its thank-you (a
    /// thank-you already queued for the unit, by its dedupe key, is not
    /// queued again).
    pub async fn submit_response_and_thank(
        &self,
        target_id: &str,
        revision: i64,
        thanks: &[super::mail::NewMail],
    ) -> Result<Submission, sqlx::Error> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(
            "SELECT revision, submitted_revision FROM response WHERE round_unit_id = $1",
        )
        .bind(target_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(Submission::Stale);
        };
        let current: i64 = row.try_get("revision")?;
        let submitted: Option<i64> = row.try_get("submitted_revision")?;
        if submitted == Some(revision) {
            return Ok(Submission::AlreadySubmitted);
        }
        if current != revision {
            return Ok(Submission::Stale);
        }
        sqlx::query(
            "UPDATE response SET submitted_answers = answers, submitted_revision = revision,
                                 submitted_at = $1, updated_at = $1
             WHERE round_unit_id = $2 AND revision = $3",
        )
        .bind(at)
        .bind(target_id)
        .bind(revision)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE response_revision SET submitted = 1 WHERE round_unit_id = $1 AND revision = $2",
        )
        .bind(target_id)
        .bind(revision)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE round_unit SET last_activity_at = $1 WHERE id = $2")
            .bind(at)
            .bind(target_id)
            .execute(&mut *tx)
            .await?;
        for mail in thanks {
            super::mail::insert_mail(&mut tx, mail, at).await?;
        }
        tx.commit().await?;
        Ok(Submission::Done)
    }

    /// Sets a target's times directly; the demo data uses it to look lived-in.
    pub async fn backdate_target(
        &self,
        target_id: &str,
        opened_at: i64,
        submitted_at: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE round_unit SET first_opened_at = $1, last_activity_at = $2 WHERE id = $3",
        )
        .bind(opened_at)
        .bind(submitted_at.unwrap_or(opened_at))
        .bind(target_id)
        .execute(self.pool())
        .await?;
        sqlx::query("UPDATE response SET submitted_at = $1 WHERE round_unit_id = $2 AND submitted_at IS NOT NULL")
            .bind(submitted_at)
            .bind(target_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// A target with a new link: stored as its hash, and sealed for showing.
async fn insert_target(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    key: &LinkKey,
    round_id: &str,
    unit_id: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    let id = new_id();
    let token = new_token();
    sqlx::query(
        "INSERT INTO round_unit (id, round_id, unit_id, token_hash, token_sealed,
                                 token_created_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(round_id)
    .bind(unit_id)
    .bind(token_hash(&token))
    .bind(key.seal(&id, &token))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// Active units of the round's municipalities that are not targets:
    /// (unit id, unit name, municipality name).
    pub async fn units_outside_round(
        &self,
        round_id: &str,
    ) -> Result<Vec<(String, String, String)>, sqlx::Error> {
        sqlx::query(
            &format!(
            "SELECT u.id, u.name, m.name AS municipality_name
             FROM unit u
             JOIN municipality m ON m.id = u.municipality_id
             JOIN round_municipality rm ON rm.municipality_id = u.municipality_id AND rm.round_id = $1
             WHERE u.archived_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM round_unit t WHERE t.round_id = $1 AND t.unit_id = u.id)
             ORDER BY {}, {}",
            self.sv("m.name"),
            self.sv("u.name")
        ),
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get("name")?,
                row.try_get("municipality_name")?,
            ))
        })
        .collect()
    }
}
