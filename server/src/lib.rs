//! The Nuläge server: command line, settings, startup and the routes outside Leptos.

pub mod access;
pub mod admin;
pub mod cli;
pub mod demo;
pub mod import;
pub mod questionnaires;
pub mod routes;
pub mod startup;
pub mod telemetry;
