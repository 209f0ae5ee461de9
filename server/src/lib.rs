//! The Nuläge server: command line, settings, startup and the routes outside Leptos.

pub mod cli;
pub mod demo;
pub mod routes;
pub mod startup;
pub mod telemetry;
