//! Sending e-mail: settings, the background worker that works through the
//! queue in the database, and the mail-merge download. The queue itself and
//! the templates are in the app crate (`app::db::mail`, `app::mail`).
//! Details: docs/MAIL.md.

pub mod merge;
pub mod scheduler;
pub mod settings;
pub mod worker;

pub use settings::{MailSettings, SmtpSettings};
