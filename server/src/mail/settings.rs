//! Mail settings from the command line or the environment.

use crate::cli::{MailArgs, SmtpTls};
use lettre::message::Mailbox;
use std::time::Duration;

/// How mail is sent; `smtp` None means not at all.
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub smtp: Option<SmtpSettings>,
    /// At most this many mails a minute, per server instance.
    pub rate_per_minute: u32,
    /// How often an idle worker looks for due mail (it is also woken when
    /// this instance queues mail).
    pub poll_interval: Duration,
    /// The unit of the retry schedule (`app::mail::retry_delay`): a minute.
    pub retry_base: Duration,
    /// How long a claimed mail is reserved for its worker; after that a
    /// worker that died is presumed dead and the mail is taken again.
    pub lease: Duration,
    /// The longest one SMTP conversation may take; shorter than the lease.
    pub timeout: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp: None,
            rate_per_minute: 60,
            poll_interval: Duration::from_secs(5),
            retry_base: Duration::from_secs(60),
            lease: Duration::from_secs(5 * 60),
            timeout: Duration::from_secs(60),
        }
    }
}

/// The SMTP server and the sender.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub credentials: Option<(String, String)>,
    pub from: Mailbox,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl SmtpSettings {
    /// "smtp.kommun.se:587 (STARTTLS)", for logs.
    pub fn describe(&self) -> String {
        let tls = match self.tls {
            SmtpTls::None => "utan kryptering",
            SmtpTls::Starttls => "STARTTLS",
            SmtpTls::Tls => "TLS",
        };
        format!("{}:{} ({tls})", self.host, self.port)
    }
}

/// Checks the mail options; errors in Swedish, as the command line shows them.
pub fn from_args(args: &MailArgs) -> Result<MailSettings, String> {
    let mut settings = MailSettings {
        rate_per_minute: args.mail_rate.max(1),
        ..MailSettings::default()
    };
    let Some(host) = args
        .smtp_host
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
    else {
        return Ok(settings);
    };
    let from = args
        .mail_from
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .ok_or("ange avsändaren med --mail-from (NULAGE_MAIL_FROM) när --smtp-host är satt")?;
    let from: Mailbox = from.parse().map_err(|_| {
        format!("ogiltig avsändare \"{from}\": skriv till exempel \"Nuläge <nulage@kommun.se>\"")
    })?;
    let credentials = match (&args.smtp_user, &args.smtp_password) {
        (Some(user), Some(password)) => Some((user.clone(), password.clone())),
        (None, None) => None,
        (Some(_), None) => {
            return Err("--smtp-user kräver ett lösenord i NULAGE_SMTP_PASSWORD".into())
        }
        (None, Some(_)) => return Err("NULAGE_SMTP_PASSWORD kräver --smtp-user".into()),
    };
    let port = args.smtp_port.unwrap_or(match args.smtp_tls {
        SmtpTls::None => 25,
        SmtpTls::Starttls => 587,
        SmtpTls::Tls => 465,
    });
    if args.smtp_tls == SmtpTls::None && credentials.is_some() {
        tracing::warn!(%host, "SMTP credentials are sent without encryption (--smtp-tls none)");
    }
    settings.smtp = Some(SmtpSettings {
        host: host.to_string(),
        port,
        tls: args.smtp_tls,
        credentials,
        from,
    });
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<MailSettings, String> {
        let mut all = vec!["nulage"];
        all.extend_from_slice(args);
        from_args(&Cli::try_parse_from(all).unwrap().mail)
    }

    #[test]
    fn without_a_host_nothing_is_sent() {
        assert!(parse(&[]).unwrap().smtp.is_none());
    }

    #[test]
    fn a_host_needs_a_sender_and_ports_follow_the_tls_mode() {
        assert!(parse(&["--smtp-host", "smtp.kommun.se"])
            .unwrap_err()
            .contains("--mail-from"));
        assert!(
            parse(&["--smtp-host", "x", "--mail-from", "inte en adress"])
                .unwrap_err()
                .contains("ogiltig avsändare")
        );
        for (tls, port) in [("none", 25), ("starttls", 587), ("tls", 465)] {
            let s = parse(&[
                "--smtp-host",
                "smtp.kommun.se",
                "--smtp-tls",
                tls,
                "--mail-from",
                "Nuläge <nulage@kommun.se>",
            ])
            .unwrap();
            assert_eq!(s.smtp.unwrap().port, port, "{tls}");
        }
        let s = parse(&[
            "--smtp-host",
            "localhost",
            "--smtp-port",
            "2525",
            "--mail-from",
            "nulage@kommun.se",
        ])
        .unwrap();
        assert_eq!(s.smtp.unwrap().port, 2525);
    }

    #[test]
    fn user_and_password_come_together_and_the_password_is_never_printed() {
        assert!(parse(&[
            "--smtp-host",
            "x",
            "--mail-from",
            "a@b.se",
            "--smtp-user",
            "u"
        ])
        .is_err());
        let s = parse(&[
            "--smtp-host",
            "x",
            "--mail-from",
            "a@b.se",
            "--smtp-user",
            "u",
            "--smtp-password",
            "hemligt-lösen",
        ])
        .unwrap();
        let smtp = s.smtp.unwrap();
        assert_eq!(smtp.credentials, Some(("u".into(), "hemligt-lösen".into())));
        assert!(!format!("{smtp:?}").contains("hemligt"));
    }
}
