//! Integration tests: the real server on a random port with a fresh database,
//! and the `nulage` binary itself.
//!
//! One test binary instead of one per file: each would link the whole
//! application, which costs minutes of linking and gigabytes of disk.
//! cargo-nextest still runs every test in its own process.

mod common;
mod smtp_sink;

mod access;
mod analysis;
mod api;
mod carry;
mod cli;
mod data;
mod export;
mod forms;
mod health;
mod import;
mod instances;
mod links;
mod mail;
mod pages;
mod partners;
mod project_reports;
mod projects;
mod questionnaires;
mod registry;
mod reminder_plan;
mod rounds;
mod safety;
mod shared_round;
mod statement;
mod transfer;
mod trend;
