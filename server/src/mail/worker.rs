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
//! - One mail never stops the others: a message that cannot be built fails
//!   alone with a reason in Swedish, a panic while a mail is handled marks
//!   that mail failed, and a worker task that ends anyway is started again.
//! - The worker writes a heartbeat (`mail_heartbeat`) at least every 30
//!   seconds, so the e-mail page can tell when no worker is running.

use super::settings::{MailSettings, SmtpSettings};
use crate::cli::SmtpTls;
use app::db::mail::{Finished, MailJobRow};
use app::db::rounds::LinkSecret;
use app::db::Db;
use app::mail::{
    classify, fill_token, retry_delay, MailKind, ReplyClass, MAX_ATTEMPTS, TOKEN_SLOT,
};
use app::text::{has_control, one_line};
use futures::FutureExt;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// A worker writes its heartbeat at most this often...
const BEAT_EVERY: Duration = Duration::from_secs(10);
/// ...and never sleeps longer than this between two, so that silence of
/// `app::mail::WORKER_SILENT_SECS` means it is not running.
const LONGEST_NAP: Duration = Duration::from_secs(30);
/// A worker whose task ended while the server runs is started again after this.
const RESTART_AFTER: Duration = Duration::from_secs(1);

/// Why a mail failed when the mail library could not build it.
const BUILD_FAILED: &str = "Brevet kunde inte byggas: ett tecken i mottagarens namn, i ämnesraden eller i adressen går inte att skicka. Rätta kontaktpersonen i registret och skicka brevet igen.";
/// Why a mail failed when handling it went wrong in an unforeseen way.
const INTERNAL_FAILURE: &str = "Ett internt fel stoppade brevet, och det skickas inte igen av sig självt. Felet finns i serverns logg. Skicka brevet på nytt när felet är åtgärdat.";

pub struct Worker {
    db: Db,
    settings: MailSettings,
    smtp: SmtpSettings,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// Names this worker's claims.
    owner: String,
    wake: Arc<Notify>,
    /// When this worker last wrote its heartbeat.
    last_beat: Mutex<Option<Instant>>,
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
        last_beat: Mutex::new(None),
    }))
}

impl Worker {
    /// Sends until `stop` turns true (or its sender is gone). Should the
    /// worker's task end before that (a panic the per-mail guard did not
    /// catch), it is logged and the worker started again.
    pub fn spawn(self, stop: watch::Receiver<bool>) -> JoinHandle<()> {
        tracing::info!(
            server = %self.smtp.describe(),
            rate = self.settings.rate_per_minute,
            "mail worker started"
        );
        let worker = Arc::new(self);
        let stopping = stop.clone();
        tokio::spawn(supervise(
            move || {
                let (worker, stop) = (worker.clone(), stop.clone());
                async move { worker.run(stop).await }
            },
            stopping,
            RESTART_AFTER,
        ))
    }
}

/// Runs the task `start` makes until `stop`; when it ends before that (a
/// panic, or a bug that left its loop), logs why and starts a new one after
/// `restart_after`.
async fn supervise<F, Fut>(mut start: F, mut stop: watch::Receiver<bool>, restart_after: Duration)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        let ended = tokio::spawn(start()).await;
        if *stop.borrow() || stop.has_changed().is_err() {
            break;
        }
        match ended {
            Ok(()) => tracing::error!("the mail worker stopped by itself; starting it again"),
            Err(error) if error.is_panic() => tracing::error!(
                panic = %panic_text(&*error.into_panic()),
                "the mail worker panicked; starting it again"
            ),
            // Cancelled: the runtime is shutting down.
            Err(error) => {
                tracing::error!(%error, "the mail worker was cancelled");
                break;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(restart_after) => {}
            _ = stop.wait_for(|stopping| *stopping) => break,
        }
    }
}

/// The message of a panic, for the log.
fn panic_text(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
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

    /// Writes that this worker is running, at most every [`BEAT_EVERY`].
    async fn beat(&self) {
        {
            let mut last = self.last_beat.lock().unwrap_or_else(|e| e.into_inner());
            if last.is_some_and(|at| at.elapsed() < BEAT_EVERY) {
                return;
            }
            *last = Some(Instant::now());
        }
        if let Err(error) = self.db.mail_heartbeat(&self.owner).await {
            tracing::warn!(%error, "the mail worker's heartbeat could not be written");
        }
    }

    /// Waits for mail to send or for `stop`; false when stopping.
    async fn idle(&self, stop: &mut watch::Receiver<bool>) -> bool {
        tokio::select! {
            _ = self.wake.notified() => true,
            _ = tokio::time::sleep(self.settings.poll_interval.min(LONGEST_NAP)) => true,
            _ = stop.wait_for(|stopping| *stopping) => false,
        }
    }

    /// Waits `wait`, beating now and then, or for `stop`; false when stopping.
    async fn wait(&self, wait: Duration, stop: &mut watch::Receiver<bool>) -> bool {
        let until = tokio::time::Instant::now() + wait;
        loop {
            let left = until.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return true;
            }
            tokio::select! {
                _ = tokio::time::sleep(left.min(LONGEST_NAP)) => {}
                _ = stop.wait_for(|stopping| *stopping) => return false,
            }
            self.beat().await;
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
    async fn run(&self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() || stop.has_changed().is_err() {
                break;
            }
            self.beat().await;
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
            if !self.wait(wait, &mut stop).await {
                break;
            }
            match self
                .db
                .claim_mail(&self.owner, self.settings.lease.as_secs() as i64)
                .await
            {
                Ok(Some(job)) => {
                    // Not raced against `stop`: the mail being sent is finished
                    // and recorded before the worker stops. A panic while this
                    // one mail is handled fails this mail, not the worker.
                    let attempt = match AssertUnwindSafe(self.attempt(&job)).catch_unwind().await {
                        Ok(attempt) => attempt,
                        Err(panic) => {
                            tracing::error!(
                                mail = %job.id,
                                panic = %panic_text(&*panic),
                                "handling a mail panicked; it is marked failed and the worker goes on"
                            );
                            Attempt {
                                outcome: Finished::Failed,
                                reply: INTERNAL_FAILURE.into(),
                            }
                        }
                    };
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
        let message = match build_message(&self.smtp.from, &job) {
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

/// The message for one queued mail, or why it cannot be sent (in Swedish,
/// for the unit's log). Never panics: names and the subject are put on one
/// line again here (they are cleaned on the way in, but a row may be older
/// or written by hand), an address with a line break is refused, and a
/// panic in the mail library becomes [`BUILD_FAILED`].
fn build_message(from: &Mailbox, job: &MailJobRow) -> Result<Message, String> {
    let shown = one_line(&job.recipient);
    let address: Address = if has_control(&job.recipient) {
        None
    } else {
        job.recipient.parse().ok()
    }
    .ok_or_else(|| {
        format!(
            "Ogiltig e-postadress: ”{shown}”. Rätta adressen i registret och skicka brevet igen."
        )
    })?;
    let name = Some(one_line(&job.recipient_name)).filter(|n| !n.is_empty());
    let subject = one_line(&job.subject);
    let reply_to = Some(job.reply_to.as_str())
        .filter(|r| !has_control(r))
        .and_then(|r| r.parse::<Mailbox>().ok());
    let domain = from.email.domain().to_string();
    guarded(|| {
        let mut builder = Message::builder()
            .from(from.clone())
            .to(Mailbox::new(name, address))
            .subject(subject)
            // The same id if a crash makes the mail go out twice, so mail
            // programs can tell it is the same message.
            .message_id(Some(format!("<{}@{domain}>", job.id)))
            // Out-of-office replies should not answer a mass mailing.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_string(),
            ))
            .header(ContentType::TEXT_PLAIN);
        if let Some(reply_to) = reply_to {
            builder = builder.reply_to(reply_to);
        }
        builder
            .body(job.body.clone())
            .map_err(|e| format!("Brevet kunde inte byggas: {e}"))
    })
}

/// Runs `build`, the last line of defence: the mail library panics on some
/// input (a line break in a display name, in lettre 0.11), and a panic here
/// must cost one mail, not the worker.
fn guarded<T>(build: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        tracing::error!(
            panic = %panic_text(&*panic),
            "the mail library panicked while building a message"
        );
        Err(BUILD_FAILED.into())
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn job(name: &str, recipient: &str) -> MailJobRow {
        MailJobRow {
            id: "4f0c3a6e-0000-4000-8000-000000000001".into(),
            round_id: "r".into(),
            target_id: "t".into(),
            kind: "inbjudan".into(),
            recipient_name: name.into(),
            recipient: recipient.into(),
            reply_to: "samordnare@nybro.example".into(),
            subject: "Kartläggning 2027:\nsvara senast fredag".into(),
            body: "Hej!\n\nSvara här.".into(),
            state: "sending".into(),
            attempts: 1,
            next_attempt_at: 0,
            last_reply: String::new(),
            created_at: 0,
            sent_at: None,
            updated_at: 0,
        }
    }

    fn from() -> Mailbox {
        "Nuläge <nulage@nybro.example>".parse().unwrap()
    }

    fn headers(message: &Message) -> String {
        String::from_utf8_lossy(&message.formatted())
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn the_mail_library_panics_on_a_line_break_in_a_name() {
        // Why names are cleaned and the build is guarded: lettre 0.11 panics
        // (a Display that fails) rather than returning an error.
        let address: Address = "anna@nybro.example".parse().unwrap();
        let built = std::panic::catch_unwind(|| {
            Message::builder()
                .from(from())
                .to(Mailbox::new(Some("Anna\r\nLind".into()), address))
                .body(String::new())
        });
        assert!(built.is_err());
    }

    #[test]
    fn names_and_subjects_are_put_on_one_line_when_a_mail_is_built() {
        for name in [
            "Anna\r\nLind",
            "Anna\nLind",
            "Anna\u{2028}Lind",
            "\tAnna  Lind\r",
        ] {
            let message = build_message(&from(), &job(name, "anna@nybro.example"))
                .unwrap_or_else(|e| panic!("{name:?}: {e}"));
            let headers = headers(&message);
            assert!(
                headers.contains("To: \"Anna Lind\" <anna@nybro.example>"),
                "{headers}"
            );
        }
        let message = build_message(&from(), &job("", "anna@nybro.example")).unwrap();
        assert!(headers(&message).contains("To: anna@nybro.example"));
    }

    #[test]
    fn an_address_with_a_line_break_fails_that_mail_with_a_reason() {
        for recipient in [
            "kim@nybro.example\r\nBcc: alla@example.com",
            "kim@nybro.example\n",
            "inte en adress",
        ] {
            let error = build_message(&from(), &job("Kim", recipient)).unwrap_err();
            assert!(error.starts_with("Ogiltig e-postadress: ”"), "{error}");
            assert!(!has_control(&error), "{error:?}");
        }
    }

    #[test]
    fn a_panic_while_building_becomes_a_reason() {
        let built: Result<(), String> = guarded(|| panic!("the mail library fell over"));
        assert_eq!(built, Err(BUILD_FAILED.to_string()));
        assert_eq!(guarded(|| Ok::<_, String>(7)), Ok(7));
    }

    #[tokio::test]
    async fn a_worker_that_dies_is_started_again_until_stopped() {
        let (stop, stopped) = watch::channel(false);
        let stop = Arc::new(stop);
        let runs = Arc::new(AtomicUsize::new(0));
        let (counted, stopper) = (runs.clone(), stop.clone());
        supervise(
            move || {
                let run = counted.fetch_add(1, Ordering::SeqCst);
                let stopper = stopper.clone();
                async move {
                    match run {
                        0 => panic!("the first run dies"),
                        // The second ends by itself, as a bug might.
                        1 => {}
                        _ => {
                            let _ = stopper.send(true);
                        }
                    }
                }
            },
            stopped,
            Duration::ZERO,
        )
        .await;
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }
}
