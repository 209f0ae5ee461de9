//! Command-line interface: every subcommand and option, each also settable from the environment.

use app::db::DEFAULT_DATABASE_URL;
use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(
    name = "nulage",
    version,
    about = "Nuläge – mapping the international work of Swedish municipalities.",
    long_about = "Nuläge – mapping the international work of Swedish municipalities.\n\n\
                  Without a subcommand, nulage serves the web application."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Database URL; sqlite:PATH is the embedded default (created if missing).
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// Log level or filter (error, warn, info, debug, trace, or a tracing filter).
    #[arg(long, global = true, env = "NULAGE_LOG", default_value = "info")]
    pub log_level: String,

    /// Log format.
    #[arg(long, global = true, env = "NULAGE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub links: LinkKeyArgs,
}

/// The key that seals personal answer links in the database, kept outside
/// it (docs/DEPLOYMENT.md).
#[derive(Debug, Clone, clap::Args)]
pub struct LinkKeyArgs {
    /// The link key file, made on first start if missing (default: link.key
    /// beside the SQLite database, or data/link.key with PostgreSQL). Back it
    /// up separately from the database.
    #[arg(long, global = true, env = "NULAGE_LINK_KEY_FILE")]
    pub link_key_file: Option<std::path::PathBuf>,

    /// The link key itself, base64 of 32 bytes (e.g. `openssl rand -base64
    /// 32`); used instead of the file. Give every instance on one database
    /// the same. Prefer the environment variable, which other users of the
    /// machine cannot see in the process list.
    #[arg(long, global = true, env = "NULAGE_LINK_KEY", hide_env_values = true)]
    pub link_key: Option<String>,
}

impl LinkKeyArgs {
    pub fn setting(&self) -> crate::link_key::KeySetting {
        crate::link_key::KeySetting {
            value: self.link_key.clone(),
            file: self.link_key_file.clone(),
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(
        long,
        global = true,
        env = "NULAGE_BIND",
        default_value = "127.0.0.1:3000"
    )]
    pub bind: SocketAddr,

    /// Public base URL used in links sent to people (default: http://BIND).
    #[arg(long, global = true, env = "NULAGE_BASE_URL")]
    pub base_url: Option<String>,

    /// Folder with the built browser files (JavaScript, WASM, CSS).
    #[arg(
        long,
        global = true,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_root: String,

    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose
    /// Forwarded / X-Forwarded-For headers name the client. Off by default:
    /// the headers are then ignored, as anybody can send them.
    #[arg(long, global = true, env = "NULAGE_TRUSTED_PROXIES",
          value_parser = crate::client_addr::TrustedProxies::parse, default_value = "")]
    pub trusted_proxies: crate::client_addr::TrustedProxies,
}

/// Sending e-mail. Without --smtp-host nothing is sent: the round pages offer
/// a mail-merge file and texts to copy instead.
#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// SMTP server (relay) for invitations, reminders and thank-you mails.
    #[arg(long, global = true, env = "NULAGE_SMTP_HOST")]
    pub smtp_host: Option<String>,

    /// SMTP port (default: 25 with none, 587 with starttls, 465 with tls).
    #[arg(long, global = true, env = "NULAGE_SMTP_PORT")]
    pub smtp_port: Option<u16>,

    /// Encryption: none (only for a relay on this machine or a closed
    /// network), starttls (upgrade required) or tls (from the start).
    #[arg(long, global = true, env = "NULAGE_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,

    /// SMTP user name, if the server wants one.
    #[arg(long, global = true, env = "NULAGE_SMTP_USER")]
    pub smtp_user: Option<String>,

    /// SMTP password; prefer the environment variable, which other users of
    /// the machine cannot see in the process list.
    #[arg(
        long,
        global = true,
        env = "NULAGE_SMTP_PASSWORD",
        hide_env_values = true
    )]
    pub smtp_password: Option<String>,

    /// Sender of the mails, e.g. "Nuläge Växjö kommun <nulage@vaxjo.se>".
    #[arg(long, global = true, env = "NULAGE_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// At most this many mails a minute (municipal relays throttle).
    #[arg(long, global = true, env = "NULAGE_MAIL_RATE", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=6000))]
    pub mail_rate: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Load the demo data before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Load the demo data (seven municipalities of the EU-coach programme); safe to repeat.
    Demo,
    /// Import municipalities, units and contacts from a CSV file saved from
    /// Excel; prints what changes, and with problems changes nothing and exits 1.
    ImportRegistry {
        /// The CSV file (columns kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll).
        file: std::path::PathBuf,
        /// Only show what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create an administrator (or make an existing user one) and print a
    /// one-time link, valid for an hour, where the password is chosen.
    CreateAdmin {
        /// The administrator's e-mail address.
        #[arg(long)]
        email: String,
        /// The administrator's name.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Export a round for Excel and council papers: one table as CSV
    /// (Swedish Excel or RFC 4180), or every table as one XLSX workbook.
    /// Columns are described in docs/EXPORT.md.
    Export {
        /// The round's id, as in its address /omgangar/ID.
        #[arg(long)]
        round: String,
        /// The table: svar, svar-lang, deltagande, fordelning, glapp or teman
        /// (not needed for xlsx, which holds them all).
        #[arg(long)]
        table: Option<String>,
        /// excel (Swedish Excel: UTF-8 with BOM, semicolons, decimal comma),
        /// rfc4180 (commas, decimal point) or xlsx.
        #[arg(long, default_value = "excel")]
        format: String,
        /// Count drafts that have not been submitted.
        #[arg(long)]
        drafts: bool,
        /// A file, a folder for a file with the usual name, or - for
        /// standard output. Default: the current folder.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Write a consistent copy of the SQLite database to FILE while Nuläge
    /// keeps running (PostgreSQL: use pg_dump, see docs/DEPLOYMENT.md).
    Backup {
        /// Where the copy goes; must not exist yet.
        file: std::path::PathBuf,
    },
    /// Move all data to another, empty database (for example from SQLite to
    /// PostgreSQL), in one transaction, and check the row counts of every
    /// table afterwards.
    MoveData {
        /// The database the data is in, e.g. sqlite:data/nulage.db.
        #[arg(long)]
        from: String,
        /// The empty database it goes to, e.g. postgres://nulage@localhost/nulage.
        #[arg(long)]
        to: String,
    },
    /// Print a round's current-state analysis: participation and the
    /// representation gaps per municipality, or with --json everything
    /// (the baseline and the flags) for scripts and BI tools.
    Analyse {
        /// The round's id, as in its address /omgangar/ID.
        #[arg(long)]
        round: String,
        /// Print the whole baseline as JSON.
        #[arg(long)]
        json: bool,
        /// Count drafts that have not been submitted.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl ServeArgs {
    /// The base URL without a trailing slash, checked to be http(s).
    pub fn public_base_url(&self) -> Result<String, String> {
        let url = self
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind));
        let url = url.trim_end_matches('/').to_string();
        let valid = (url.starts_with("http://") || url.starts_with("https://"))
            && url.split("://").nth(1).is_some_and(|host| !host.is_empty());
        if valid {
            Ok(url)
        } else {
            Err(format!(
                "ogiltig publik adress \"{url}\": den ska börja med https:// eller http://"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_defaults_to_bind_address() {
        let cli = Cli::try_parse_from(["nulage", "--bind", "127.0.0.1:8080"]).unwrap();
        assert_eq!(
            cli.serve.public_base_url().unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn base_url_must_be_http() {
        let cli = Cli::try_parse_from(["nulage", "--base-url", "nulage.example.se"]).unwrap();
        assert!(cli.serve.public_base_url().is_err());
        let cli =
            Cli::try_parse_from(["nulage", "--base-url", "https://nulage.example.se/"]).unwrap();
        assert_eq!(
            cli.serve.public_base_url().unwrap(),
            "https://nulage.example.se"
        );
    }

    #[test]
    fn options_work_before_and_after_the_subcommand() {
        let cli = Cli::try_parse_from(["nulage", "serve", "--bind", "0.0.0.0:80"]).unwrap();
        assert_eq!(cli.serve.bind.port(), 80);
        let cli = Cli::try_parse_from(["nulage", "--database-url", "sqlite:x.db", "demo"]).unwrap();
        assert_eq!(cli.database_url, "sqlite:x.db");
        assert!(matches!(cli.command, Some(Command::Demo)));
    }

    #[test]
    fn mail_is_off_unless_a_host_is_given() {
        let cli = Cli::try_parse_from(["nulage"]).unwrap();
        assert_eq!(cli.mail.smtp_host, None);
        assert_eq!(cli.mail.smtp_tls, SmtpTls::Starttls);
        assert_eq!(cli.mail.mail_rate, 60);
        let cli = Cli::try_parse_from([
            "nulage",
            "serve",
            "--smtp-host",
            "smtp.kommun.se",
            "--smtp-tls",
            "tls",
            "--mail-from",
            "Nuläge <nulage@kommun.se>",
            "--mail-rate",
            "30",
        ])
        .unwrap();
        assert_eq!(cli.mail.smtp_host.as_deref(), Some("smtp.kommun.se"));
        assert_eq!(cli.mail.smtp_tls, SmtpTls::Tls);
        assert_eq!(cli.mail.mail_rate, 30);
        assert!(Cli::try_parse_from(["nulage", "--mail-rate", "0"]).is_err());
        assert!(Cli::try_parse_from(["nulage", "--smtp-tls", "ssl"]).is_err());
    }

    #[test]
    fn the_link_key_comes_from_a_file_or_a_value() {
        let cli = Cli::try_parse_from(["nulage"]).unwrap();
        assert_eq!(cli.links.link_key_file, None);
        let cli =
            Cli::try_parse_from(["nulage", "serve", "--link-key-file", "/etc/nulage/link.key"])
                .unwrap();
        assert_eq!(
            cli.links.setting().file,
            Some(std::path::PathBuf::from("/etc/nulage/link.key"))
        );
    }

    #[test]
    fn unknown_flags_are_refused() {
        assert!(Cli::try_parse_from(["nulage", "--no-such-flag"]).is_err());
    }
}
