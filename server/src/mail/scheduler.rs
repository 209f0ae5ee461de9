//! Runs the rounds' reminder plans (`app::mail::reminders`) once a minute
//! while the server sends mail, and wakes the mail worker when a step queued
//! mail. Every instance may run it: the dedupe keys of the queue keep two
//! instances from queueing a reminder twice.

use app::db::Db;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// How often due steps are looked for.
pub const EVERY: Duration = Duration::from_secs(60);

/// Runs the plans every `every` by the wall clock until `stop` turns true.
pub fn spawn(
    db: Db,
    base_url: String,
    wake: Arc<Notify>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match app::mail::reminders::run_due(&db, &base_url, app::db::now()).await {
                Ok(0) => {}
                Ok(_) => wake.notify_one(),
                Err(error) => tracing::error!(%error, "running the reminder plans failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.wait_for(|stopping| *stopping) => break,
            }
        }
    })
}
