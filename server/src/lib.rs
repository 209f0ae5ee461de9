//! The Nuläge server: command line, settings, startup and the routes outside Leptos.

pub mod access;
pub mod admin;
pub mod analyse;
pub mod api;
pub mod assets;
pub mod cli;
pub mod client_addr;
pub mod demo;
pub mod demo_round;
pub mod download;
pub mod export;
pub mod form_posts;
pub mod import;
pub mod limits;
pub mod link_key;
pub mod mail;
pub mod project_reports;
pub mod questionnaires;
pub mod respond;
pub mod routes;
pub mod startup;
pub mod telemetry;
