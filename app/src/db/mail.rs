//! E-mail: round templates and the outgoing mail, which is the durable send
//! queue and the log at once. Claiming a mail is one conditional UPDATE, so
//! several server instances sharing a database never send the same mail
//! twice while they run; a mail whose worker died is taken again after its
//! lease. States and guarantees: docs/MAIL.md.

use super::{new_id, now, Db};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A round's own text for one kind of mail.
#[derive(Clone, Debug)]
pub struct TemplateRow {
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub updated_at: i64,
}

/// A target unit with one of its contacts (none when it has no contact),
/// as sending and the mail-merge file need them.
#[derive(Clone, Debug)]
pub struct RecipientRow {
    pub target_id: String,
    pub unit_name: String,
    pub municipality_id: String,
    pub municipality_name: String,
    /// The secret of the personal link, unsealed; None when it is revoked
    /// or does not unseal with this server's link key.
    pub token: Option<String>,
    pub first_opened_at: Option<i64>,
    pub revision: i64,
    pub submitted_at: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
}

/// A mail to queue.
#[derive(Clone, Debug)]
pub struct NewMail {
    pub round_id: String,
    pub target_id: String,
    pub kind: String,
    pub dedupe_key: String,
    pub recipient_name: String,
    pub recipient: String,
    pub reply_to: String,
    pub subject: String,
    pub body: String,
    pub created_by: Option<String>,
}

/// A queued, sent or failed mail.
#[derive(Clone, Debug)]
pub struct MailJobRow {
    pub id: String,
    pub round_id: String,
    pub target_id: String,
    pub kind: String,
    pub recipient_name: String,
    pub recipient: String,
    pub reply_to: String,
    pub subject: String,
    pub body: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_reply: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub updated_at: i64,
}

/// How a send attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finished {
    Sent,
    /// A temporary failure: try again at this time.
    Retry {
        at: i64,
    },
    Failed,
    Cancelled,
}

const JOB_COLUMNS: &str = "id, round_id, round_unit_id, kind, recipient_name, recipient, reply_to,
    subject, body, state, attempts, next_attempt_at, last_reply, created_at, sent_at, updated_at";

fn job_row(row: &AnyRow) -> Result<MailJobRow, sqlx::Error> {
    Ok(MailJobRow {
        id: row.try_get("id")?,
        round_id: row.try_get("round_id")?,
        target_id: row.try_get("round_unit_id")?,
        kind: row.try_get("kind")?,
        recipient_name: row.try_get("recipient_name")?,
        recipient: row.try_get("recipient")?,
        reply_to: row.try_get("reply_to")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_reply: row.try_get("last_reply")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Mails that may be claimed at `$1`: due, or claimed by a worker whose lease ran out.
const CLAIMABLE: &str = "((state IN ('queued', 'retry') AND next_attempt_at <= $1)
                          OR (state = 'sending' AND lease_until < $1))";

pub(crate) async fn insert_mail(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    mail: &NewMail,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mail_job (id, round_id, round_unit_id, kind, dedupe_key, recipient_name,
                               recipient, reply_to, subject, body, state, attempts,
                               next_attempt_at, last_reply, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', 0, $11, '', $12, $11, $11)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(&mail.round_id)
    .bind(&mail.target_id)
    .bind(&mail.kind)
    .bind(&mail.dedupe_key)
    .bind(&mail.recipient_name)
    .bind(&mail.recipient)
    .bind(&mail.reply_to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(at)
    .bind(mail.created_by.as_deref())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

impl Db {
    pub async fn mail_templates(&self, round_id: &str) -> Result<Vec<TemplateRow>, sqlx::Error> {
        sqlx::query("SELECT kind, subject, body, updated_at FROM mail_template WHERE round_id = $1")
            .bind(round_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok(TemplateRow {
                    kind: row.try_get("kind")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    pub async fn save_mail_template(
        &self,
        round_id: &str,
        kind: &str,
        subject: &str,
        body: &str,
        user_id: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO mail_template (round_id, kind, subject, body, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (round_id, kind) DO UPDATE
             SET subject = excluded.subject, body = excluded.body,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(round_id)
        .bind(kind)
        .bind(subject)
        .bind(body)
        .bind(user_id)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Goes back to the built-in text.
    pub async fn delete_mail_template(
        &self,
        round_id: &str,
        kind: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM mail_template WHERE round_id = $1 AND kind = $2")
            .bind(round_id)
            .bind(kind)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Every target of the round, once per contact (once without one), by
    /// municipality, unit and contact name.
    pub async fn mail_recipients(&self, round_id: &str) -> Result<Vec<RecipientRow>, sqlx::Error> {
        self.recipients_where("t.round_id = $1", round_id).await
    }

    /// One target with its contacts.
    pub async fn target_recipients(
        &self,
        target_id: &str,
    ) -> Result<Vec<RecipientRow>, sqlx::Error> {
        self.recipients_where("t.id = $1", target_id).await
    }

    async fn recipients_where(
        &self,
        condition: &str,
        value: &str,
    ) -> Result<Vec<RecipientRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT t.id, u.name AS unit_name, u.municipality_id, m.name AS municipality_name,
                    t.token_hash, t.token_sealed, t.first_opened_at,
                    COALESCE(s.revision, 0) AS revision, s.submitted_at,
                    c.name AS contact_name, c.email AS contact_email
             FROM round_unit t
             JOIN unit u ON u.id = t.unit_id
             JOIN municipality m ON m.id = u.municipality_id
             LEFT JOIN response s ON s.round_unit_id = t.id
             LEFT JOIN contact c ON c.unit_id = u.id
             WHERE {condition}
             ORDER BY {m}, {u}, t.id, c.is_international DESC, {c}, c.email",
            m = self.sv("m.name"),
            u = self.sv("u.name"),
            c = self.sv("c.name"),
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let target_id: String = row.try_get("id")?;
                let token = self
                    .link_secret(
                        &target_id,
                        row.try_get("token_hash")?,
                        row.try_get("token_sealed")?,
                    )
                    .token();
                Ok(RecipientRow {
                    token,
                    target_id,
                    unit_name: row.try_get("unit_name")?,
                    municipality_id: row.try_get("municipality_id")?,
                    municipality_name: row.try_get("municipality_name")?,
                    first_opened_at: row.try_get("first_opened_at")?,
                    revision: row.try_get("revision")?,
                    submitted_at: row.try_get("submitted_at")?,
                    contact_name: row.try_get("contact_name")?,
                    contact_email: row.try_get("contact_email")?,
                })
            })
            .collect()
    }

    /// The display name of a user (the round's creator signs thank-you mails).
    pub async fn user_display_name(&self, user_id: &str) -> Result<Option<String>, sqlx::Error> {
        let Some(row) = sqlx::query("SELECT name, email FROM app_user WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let name: String = row.try_get("name")?;
        let email: String = row.try_get("email")?;
        Ok(Some(if name.trim().is_empty() { email } else { name }))
    }

    /// Who created the round.
    pub async fn round_creator(&self, round_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT created_by FROM round WHERE id = $1")
            .bind(round_id)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get::<Option<String>, _>("created_by"))
            .transpose()
            .map(Option::flatten)
    }

    /// Queues mails in one transaction; a mail whose dedupe key is known
    /// already is left out. Returns how many were queued.
    pub async fn enqueue_mail(&self, mails: &[NewMail]) -> Result<usize, sqlx::Error> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let mut queued = 0;
        for mail in mails {
            if insert_mail(&mut tx, mail, at).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// True when mail of this send form's batch was queued already.
    pub async fn mail_batch_known(&self, batch: &str) -> Result<bool, sqlx::Error> {
        Ok(
            sqlx::query("SELECT 1 FROM mail_job WHERE dedupe_key LIKE $1 LIMIT 1")
                .bind(format!("{batch}:%"))
                .fetch_optional(self.pool())
                .await?
                .is_some(),
        )
    }

    /// The round's mails, oldest first.
    pub async fn round_mail(&self, round_id: &str) -> Result<Vec<MailJobRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM mail_job WHERE round_id = $1 ORDER BY created_at, recipient"
        ))
        .bind(round_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(job_row)
        .collect()
    }

    pub async fn mail_job(&self, id: &str) -> Result<Option<MailJobRow>, sqlx::Error> {
        sqlx::query(&format!("SELECT {JOB_COLUMNS} FROM mail_job WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(job_row)
            .transpose()
    }

    /// Claims the next due mail for `owner` until `lease_secs` from now, or
    /// None when nothing is due. The claim is a conditional UPDATE: of two
    /// workers that picked the same mail, exactly one gets it.
    pub async fn claim_mail(
        &self,
        owner: &str,
        lease_secs: i64,
    ) -> Result<Option<MailJobRow>, sqlx::Error> {
        for _ in 0..5 {
            let at = now();
            let Some(id) = sqlx::query_scalar::<_, String>(&format!(
                "SELECT id FROM mail_job WHERE {CLAIMABLE}
                 ORDER BY next_attempt_at, created_at, id LIMIT 1"
            ))
            .bind(at)
            .fetch_optional(self.pool())
            .await?
            else {
                return Ok(None);
            };
            let claimed = sqlx::query(&format!(
                "UPDATE mail_job SET state = 'sending', lease_owner = $2, lease_until = $3,
                                     attempts = attempts + 1, updated_at = $1
                 WHERE id = $4 AND {CLAIMABLE}"
            ))
            .bind(at)
            .bind(owner)
            .bind(at + lease_secs)
            .bind(&id)
            .execute(self.pool())
            .await?;
            if claimed.rows_affected() == 1 {
                return self.mail_job(&id).await;
            }
            // Another worker was quicker: look again.
        }
        Ok(None)
    }

    /// Whether any mail may be claimed now.
    pub async fn mail_waiting(&self) -> Result<bool, sqlx::Error> {
        Ok(
            sqlx::query(&format!("SELECT 1 FROM mail_job WHERE {CLAIMABLE} LIMIT 1"))
                .bind(now())
                .fetch_optional(self.pool())
                .await?
                .is_some(),
        )
    }

    /// Reserves the next send slot, shared by every instance on this
    /// database: returns the moment (Unix milliseconds) from which this
    /// worker may send, and moves the next slot `interval_ms` past it.
    pub async fn reserve_mail_slot(
        &self,
        now_ms: i64,
        interval_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        let later = match self.backend {
            super::Backend::Sqlite => "max(mail_pace.next_slot_ms, $1)",
            super::Backend::Postgres => "GREATEST(mail_pace.next_slot_ms, $1)",
        };
        let next: i64 = sqlx::query_scalar(&format!(
            "INSERT INTO mail_pace (id, next_slot_ms) VALUES (1, $1 + $2)
             ON CONFLICT (id) DO UPDATE SET next_slot_ms = {later} + $2
             RETURNING next_slot_ms"
        ))
        .bind(now_ms)
        .bind(interval_ms)
        .fetch_one(self.pool())
        .await?;
        Ok(next - interval_ms)
    }

    /// Records how an attempt ended, if `owner` still holds the mail.
    pub async fn finish_mail(
        &self,
        id: &str,
        owner: &str,
        outcome: &Finished,
        reply: &str,
    ) -> Result<bool, sqlx::Error> {
        let at = now();
        let (state, next, sent_at) = match outcome {
            Finished::Sent => ("sent", at, Some(at)),
            Finished::Retry { at: next } => ("retry", *next, None),
            Finished::Failed => ("failed", at, None),
            Finished::Cancelled => ("cancelled", at, None),
        };
        let done = sqlx::query(
            "UPDATE mail_job SET state = $1, next_attempt_at = $2, sent_at = $3, last_reply = $4,
                                 lease_owner = NULL, lease_until = NULL, updated_at = $5
             WHERE id = $6 AND state = 'sending' AND lease_owner = $7",
        )
        .bind(state)
        .bind(next)
        .bind(sent_at)
        .bind(reply)
        .bind(at)
        .bind(id)
        .bind(owner)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// True when the target has submitted.
    pub async fn target_submitted(&self, target_id: &str) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query(
            "SELECT 1 FROM response WHERE round_unit_id = $1 AND submitted_at IS NOT NULL",
        )
        .bind(target_id)
        .fetch_optional(self.pool())
        .await?
        .is_some())
    }

    /// Stops the round's mails that wait (queued or to be retried); returns how many.
    pub async fn cancel_round_mail(&self, round_id: &str) -> Result<u64, sqlx::Error> {
        self.cancel_round_mail_of(round_id, None).await
    }

    /// Stops what waits for the units of `municipality_ids` only (None: all).
    pub async fn cancel_round_mail_of(
        &self,
        round_id: &str,
        municipality_ids: Option<&[String]>,
    ) -> Result<u64, sqlx::Error> {
        let within = match municipality_ids {
            None => String::new(),
            Some([]) => return Ok(0),
            Some(ids) => format!(
                " AND round_unit_id IN (SELECT t.id FROM round_unit t JOIN unit u ON u.id = t.unit_id
                                        WHERE u.municipality_id IN ({}))",
                (0..ids.len()).map(|i| format!("${}", i + 3)).collect::<Vec<_>>().join(", ")
            ),
        };
        let sql = format!(
            "UPDATE mail_job SET state = 'cancelled', last_reply = 'Stoppat av samordnaren.',
                                 updated_at = $1
             WHERE round_id = $2 AND state IN ('queued', 'retry'){within}"
        );
        let mut query = sqlx::query(&sql).bind(now()).bind(round_id);
        for id in municipality_ids.unwrap_or_default() {
            query = query.bind(id);
        }
        Ok(query.execute(self.pool()).await?.rows_affected())
    }

    /// Records that the worker `owner` is running, now. One row serves every
    /// instance: the page only asks whether any worker is.
    pub async fn mail_heartbeat(&self, owner: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO mail_heartbeat (id, owner, beat_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, beat_at = excluded.beat_at",
        )
        .bind(owner)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// When a mail worker last showed it was running (Unix seconds), if ever.
    pub async fn mail_worker_seen(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT beat_at FROM mail_heartbeat WHERE id = 1")
            .fetch_optional(self.pool())
            .await
    }

    /// When the next waiting mail is due, if any.
    pub async fn next_mail_due(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MIN(next_attempt_at) FROM mail_job WHERE state IN ('queued', 'retry')",
        )
        .fetch_one(self.pool())
        .await
    }
}
