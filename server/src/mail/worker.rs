//! The background worker: claims due mail from the queue one at a time,
//! sends it at the configured rate, and records what the mail server said.
//!
//! - A claim is a conditional UPDATE (see `app::db::mail`), so instances
//!   sharing one database never take the same mail while they run.
//! - On shutdown the worker finishes the mail it is sending, records the
//!   outcome and stops claiming: a normal restart neither loses nor repeats.
//! - If the process dies between the server's acceptance and the record, the
//!   mail stays `sending` until its lease runs out and is then sent again:
//!   at most one duplicate per crash, never a loss.

use super::settings::{MailSettings, SmtpSettings};
use crate::cli::SmtpTls;
use app::db::mail::{Finished, MailJobRow};
use app::db::rounds::LinkSecret;
use app::db::Db;
use app::mail::{
    classify, fill_token, retry_delay, MailKind, ReplyClass, MAX_ATTEMPTS, TOKEN_SLOT,
};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

pub struct Worker {
    db: Db,
    settings: MailSettings,
    smtp: SmtpSettings,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// Names this worker's claims.
    owner: String,
    wake: Arc<Notify>,
}

/// Prepares the worker when SMTP is set up (checking the TLS settings at
/// start rather than at the first mail); `run` it to start sending.
pub fn prepare(
    db: Db,
    settings: MailSettings,
    wake: Arc<Notify>,
) -> Result<Option<Worker>, String> {
    let Some(smtp) = settings.smtp.clone() else {
        return Ok(None);
    };
    let transport = transport(&smtp, settings.timeout)?;
    Ok(Some(Worker {
        db,
        owner: format!("{}:{}", std::process::id(), app::db::new_id()),
        settings,
        smtp,
        transport,
        wake,
    }))
}

impl Worker {
    /// Sends until `stop` turns true (or its sender is gone).
    pub fn spawn(self, stop: watch::Receiver<bool>) -> JoinHandle<()> {
        tracing::info!(
            server = %self.smtp.describe(),
            rate = self.settings.rate_per_minute,
            "mail worker started"
        );
        tokio::spawn(self.run(stop))
    }
}

fn transport(
    smtp: &SmtpSettings,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = |host: &str| {
        TlsParameters::new(host.to_string())
            .map_err(|e| format!("kan inte förbereda TLS mot {host}: {e}"))
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .timeout(Some(timeout));
    builder = match smtp.tls {
        SmtpTls::None => builder.tls(Tls::None),
        SmtpTls::Starttls => builder.tls(Tls::Required(tls(&smtp.host)?)),
        SmtpTls::Tls => builder.tls(Tls::Wrapper(tls(&smtp.host)?)),
    };
    if let Some((user, password)) = &smtp.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// The wall clock in Unix milliseconds: send slots are shared between
/// instances, which agree on the time of day (keep their clocks in sync).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// What became of one claimed mail.
struct Attempt {
    outcome: Finished,
    reply: String,
}

impl Worker {
    /// The time between two mails, in milliseconds.
    fn interval_ms(&self) -> i64 {
        (60_000 / i64::from(self.settings.rate_per_minute.max(1))).max(1)
    }

    /// Waits for mail to send or for `stop`; false when stopping.
    async fn idle(&self, stop: &mut watch::Receiver<bool>) -> bool {
        tokio::select! {
            _ = self.wake.notified() => true,
            _ = tokio::time::sleep(self.settings.poll_interval) => true,
            _ = stop.wait_for(|stopping| *stopping) => false,
        }
    }

    /// Waits after a database error, or for `stop`; false when stopping.
    async fn pause(&self, stop: &mut watch::Receiver<bool>) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(self.settings.poll_interval) => true,
            _ = stop.wait_for(|stopping| *stopping) => false,
        }
    }

    /// Sends until stopped. Before each mail the worker reserves a send slot
    /// in the database, so every instance together keeps to the rate, and
    /// only then claims a mail: a mail is never held under lease while its
    /// worker waits for its turn.
    async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() || stop.has_changed().is_err() {
                break;
            }
            let waiting = match self.db.mail_waiting().await {
                Ok(waiting) => waiting,
                Err(error) => {
                    tracing::error!(%error, "mail queue could not be read");
                    if !self.pause(&mut stop).await {
                        break;
                    }
                    continue;
                }
            };
            if !waiting {
                if !self.idle(&mut stop).await {
                    break;
                }
                continue;
            }
            let slot = match self
                .db
                .reserve_mail_slot(now_ms(), self.interval_ms())
                .await
            {
                Ok(slot) => slot,
                Err(error) => {
                    tracing::error!(%error, "mail send slot could not be reserved");
                    if !self.pause(&mut stop).await {
                        break;
                    }
                    continue;
                }
            };
            let wait = Duration::from_millis(u64::try_from(slot - now_ms()).unwrap_or(0));
            if !wait.is_zero() {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.wait_for(|stopping| *stopping) => break,
                }
            }
            match self
                .db
                .claim_mail(&self.owner, self.settings.lease.as_secs() as i64)
                .await
            {
                Ok(Some(job)) => {
                    // Not raced against `stop`: the mail being sent is finished
                    // and recorded before the worker stops.
                    let attempt = self.attempt(&job).await;
                    self.record(&job, &attempt).await;
                }
                // Another instance took it: the slot goes unused.
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(%error, "mail queue could not be read");
                    if !self.pause(&mut stop).await {
                        break;
                    }
                }
            }
        }
        tracing::info!("mail worker stopped");
    }

    async fn attempt(&self, job: &MailJobRow) -> Attempt {
        let kind = MailKind::parse(&job.kind);
        if kind == Some(MailKind::Reminder) {
            match self.db.target_submitted(&job.target_id).await {
                Ok(true) => return Attempt {
                    outcome: Finished::Cancelled,
                    reply:
                        "Inte skickad: enheten skickade in sina svar innan påminnelsen gick i väg."
                            .into(),
                },
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(%error, "could not check the unit before a reminder");
                    return self.temporary(job, "Databasen svarade inte; försöker igen.".into());
                }
            }
        }
        let job = match self.with_link(job).await {
            Ok(job) => job,
            Err(attempt) => return attempt,
        };
        let message = match self.message(&job) {
            Ok(message) => message,
            Err(reason) => {
                return Attempt {
                    outcome: Finished::Failed,
                    reply: reason,
                }
            }
        };
        // The transport's own timeout covers connecting; this one covers a
        // server that stops answering in the middle of the conversation.
        let sent = tokio::time::timeout(self.settings.timeout, self.transport.send(message)).await;
        let Ok(sent) = sent else {
            return self.temporary(
                &job,
                "Ingen kontakt med e-postservern: den slutade svara mitt i samtalet.".into(),
            );
        };
        match sent {
            Ok(response) => Attempt {
                outcome: Finished::Sent,
                reply: format!(
                    "{} {}",
                    u16::from(response.code()),
                    response.message().collect::<Vec<_>>().join(" ")
                )
                .trim()
                .to_string(),
            },
            Err(error) => {
                let code = error.status().map(u16::from);
                let reply = describe(&error, code);
                match classify(code) {
                    ReplyClass::Permanent => Attempt {
                        outcome: Finished::Failed,
                        reply,
                    },
                    _ => self.temporary(&job, reply),
                }
            }
        }
    }

    /// The mail with the unit's link in it: the queue holds the link with
    /// [`TOKEN_SLOT`] for its secret, which is unsealed now. A link revoked
    /// meanwhile, or one this server's key cannot open, stops the mail; a
    /// link replaced meanwhile goes out as the new one.
    async fn with_link(&self, job: &MailJobRow) -> Result<MailJobRow, Attempt> {
        if !job.subject.contains(TOKEN_SLOT) && !job.body.contains(TOKEN_SLOT) {
            return Ok(job.clone());
        }
        let failed = |reply: &str| Attempt {
            outcome: Finished::Failed,
            reply: reply.to_string(),
        };
        match self.db.target_link(&job.target_id).await {
            Ok(LinkSecret::Token(token)) => Ok(MailJobRow {
                subject: fill_token(&job.subject, &token),
                body: fill_token(&job.body, &token),
                ..job.clone()
            }),
            Ok(LinkSecret::Revoked) => Err(failed(
                "Inte skickad: enhetens länk är spärrad. Ge enheten en ny länk och skicka igen.",
            )),
            Ok(LinkSecret::Unreadable) => {
                tracing::error!(mail = %job.id, "the link of a queued mail does not unseal with this server's link key");
                Err(failed(
                    "Inte skickad: länken kan inte läsas med serverns länknyckel. Ge enheten en ny länk och skicka igen.",
                ))
            }
            Err(error) => {
                tracing::error!(%error, "could not read the unit's link before a mail");
                Err(self.temporary(job, "Databasen svarade inte; försöker igen.".into()))
            }
        }
    }

    /// A temporary failure: another attempt later, or the last one failed.
    fn temporary(&self, job: &MailJobRow, reply: String) -> Attempt {
        let base = self.settings.retry_base.as_secs() as i64;
        match retry_delay(job.attempts, base) {
            Some(delay) => Attempt {
                outcome: Finished::Retry {
                    at: app::db::now() + delay,
                },
                reply,
            },
            None => Attempt {
                outcome: Finished::Failed,
                reply: format!("{reply} (gav upp efter {MAX_ATTEMPTS} försök)"),
            },
        }
    }

    fn message(&self, job: &MailJobRow) -> Result<Message, String> {
        let address = job
            .recipient
            .parse()
            .map_err(|_| format!("Ogiltig e-postadress: {}", job.recipient))?;
        let name = Some(job.recipient_name.clone()).filter(|n| !n.trim().is_empty());
        let domain = self.smtp.from.email.domain().to_string();
        let mut builder = Message::builder()
            .from(self.smtp.from.clone())
            .to(Mailbox::new(name, address))
            .subject(job.subject.clone())
            // The same id if a crash makes the mail go out twice, so mail
            // programs can tell it is the same message.
            .message_id(Some(format!("<{}@{domain}>", job.id)))
            // Out-of-office replies should not answer a mass mailing.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_string(),
            ))
            .header(ContentType::TEXT_PLAIN);
        if let Ok(reply_to) = job.reply_to.parse::<Mailbox>() {
            builder = builder.reply_to(reply_to);
        }
        builder
            .body(job.body.clone())
            .map_err(|e| format!("Brevet kunde inte byggas: {e}"))
    }

    async fn record(&self, job: &MailJobRow, attempt: &Attempt) {
        match self
            .db
            .finish_mail(&job.id, &self.owner, &attempt.outcome, &attempt.reply)
            .await
        {
            Ok(true) => {
                tracing::info!(
                    mail = %job.id,
                    kind = %job.kind,
                    outcome = ?attempt.outcome,
                    reply = %attempt.reply,
                    "mail attempt recorded"
                );
            }
            Ok(false) => tracing::warn!(
                mail = %job.id,
                "mail was taken over by another worker (lease ran out) before its outcome was recorded"
            ),
            Err(error) => {
                tracing::error!(%error, mail = %job.id, "mail outcome could not be recorded")
            }
        }
    }
}

/// The server's reply as "451 Try again later", or why there was none.
fn describe(error: &lettre::transport::smtp::Error, code: Option<u16>) -> String {
    let text = error.to_string();
    match code {
        // "transient error (451): Try again later" → "451 Try again later"
        Some(code) => {
            let message = text.split_once("): ").map(|(_, m)| m).unwrap_or("");
            format!("{code} {}", message.trim()).trim().to_string()
        }
        None => format!("Ingen kontakt med e-postservern: {text}"),
    }
}
