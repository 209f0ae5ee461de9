//! The rules of answering: which sections and questions a unit sees, how a
//! posted HTML form becomes typed answers, and how answers are checked before
//! they are stored.
//!
//! Pure and shared by the server and the browser. Nothing here may panic,
//! whatever the answers, the form fields or the questionnaire look like.
//!
//! One concept per file, each with its tests:
//! - `problems`: what can be wrong with an answer, and the messages;
//! - `item_keys`: field names of repeating groups (`projekt[2].namn`) and
//!   the ids of fields in the page;
//! - `visibility`: which sections and questions a unit sees;
//! - `validation`: checking answers before they are stored;
//! - `form_input`: reading a posted form, with the add and remove buttons;
//! - `values`: numbers and dates as people write them.
//!
//! `tests` holds the building blocks the tests share, `proptests` the
//! property tests over generated questionnaires.

mod form_input;
mod item_keys;
mod problems;
#[cfg(test)]
mod proptests;
#[cfg(test)]
pub(crate) mod tests;
mod validation;
mod values;
mod visibility;

pub use form_input::*;
pub use item_keys::*;
pub use problems::*;
pub use validation::*;
pub use values::*;
pub use visibility::*;
