//! Server functions for the respondent's pages. The personal link's token is
//! the only credential: there is no account.

use super::Phase;
use crate::error::AppError;
use crate::questionnaire::model::{Answers, Questionnaire};
use crate::vocabulary::UnitKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::respond::Saved;

/// Everything the respondent's pages show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RespondentView {
    pub token: String,
    pub round_name: String,
    pub unit_name: String,
    pub municipality_name: String,
    pub kind: UnitKind,
    pub phase: Phase,
    pub closes_at: i64,
    pub minutes: u32,
    pub questionnaire: Questionnaire,
    /// The working answers.
    pub answers: Answers,
    pub revision: i64,
    /// When the answers were last saved.
    pub saved_at: Option<i64>,
    pub submitted: Option<SubmittedAnswers>,
    /// What a form post without JavaScript came back with.
    pub posted: Option<Posted>,
    /// The answers the unit started with, when the round is based on an
    /// earlier one it submitted to.
    pub carried: Option<CarriedView>,
}

/// What a prefilled form started from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarriedView {
    /// The earlier round's name.
    pub from_round: String,
    /// When the earlier answers were submitted.
    pub submitted_at: i64,
    pub answers: Answers,
    /// What could not be carried over.
    pub notes: Vec<super::carry::Note>,
    /// The parts confirmed as they stand ("Stämmer fortfarande"), by key.
    pub confirmed: Vec<String>,
}

impl CarriedView {
    pub fn confirmed(&self, section: &str) -> bool {
        self.confirmed.iter().any(|k| k == section)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmittedAnswers {
    pub at: i64,
    pub revision: i64,
    pub answers: Answers,
    /// True when the working answers differ from what was submitted.
    pub changed_since: bool,
    /// A short reference for the receipt.
    pub reference: String,
}

/// The result of a form post that is shown on the page instead of redirecting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Posted {
    /// The part the post saved.
    pub section: String,
    pub problems: Vec<crate::questionnaire::rules::Problem>,
    pub typed: crate::questionnaire::form::Typed,
    pub conflicts: Vec<ConflictView>,
    /// This person's answers to the conflicting questions.
    pub mine: Answers,
    /// The refusal, when the post could not be saved at all.
    pub refused: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    pub key: String,
    pub theirs: Option<crate::questionnaire::model::Answer>,
}

#[cfg(feature = "ssr")]
impl Posted {
    pub fn from_saved(section: &str, saved: Saved) -> Posted {
        Posted {
            section: section.to_string(),
            problems: saved.problems,
            typed: saved.typed,
            conflicts: saved
                .conflicts
                .into_iter()
                .map(|c| ConflictView {
                    key: c.key,
                    theirs: c.theirs,
                })
                .collect(),
            mine: saved.mine,
            refused: None,
        }
    }
}

/// The respondent's view of a link; a missing, revoked or malformed one is
/// `NotFound` without saying which.
#[server(endpoint = "svar/visa")]
pub async fn get_respondent_view(token: String) -> Result<RespondentView, AppError> {
    use super::respond::{current, open, parse_answers};
    let db = crate::auth::server::db()?;
    let Some(opened) = open(&db, &token).await? else {
        return Err(AppError::NotFound.with_status());
    };
    let phase = opened.phase();
    // Mail scanners and link previews fetch the link as it was sent: that
    // alone is no sign that anybody opened it. Any further step is.
    let first_look = use_context::<http::request::Parts>().is_some_and(|parts| {
        matches!(parts.method, http::Method::GET | http::Method::HEAD)
            && parts.uri.path().trim_end_matches('/') == format!("/s/{token}")
    });
    if matches!(phase, Phase::Open { .. }) && !first_look {
        db.touch_target(&opened.link.target_id).await?;
    }
    let row = db.response(&opened.link.target_id).await?;
    let (answers, revision) = current(&db, &opened.link.target_id).await?;
    let carried = match db.carried(&opened.link.target_id).await? {
        Some(c) => Some(CarriedView {
            from_round: c.from_round,
            submitted_at: c.submitted_at,
            answers: parse_answers(&c.answers),
            notes: serde_json::from_str(&c.notes).unwrap_or_default(),
            confirmed: db
                .confirmed_parts(&opened.link.target_id)
                .await?
                .into_iter()
                .map(|(key, _)| key)
                .collect(),
        }),
        None => None,
    };
    let submitted = row.as_ref().and_then(|r| {
        Some(SubmittedAnswers {
            at: r.submitted_at?,
            revision: r.submitted_revision?,
            answers: parse_answers(r.submitted_answers.as_deref()?),
            changed_since: r.submitted_revision != Some(r.revision),
            reference: reference(&opened.link.target_id, r.submitted_revision?),
        })
    });
    Ok(RespondentView {
        token,
        round_name: opened.link.round.name.clone(),
        unit_name: opened.link.unit_name.clone(),
        municipality_name: opened.link.municipality_name.clone(),
        kind: opened.kind,
        phase,
        closes_at: opened.schedule.closes_at,
        minutes: super::estimated_minutes(&opened.questionnaire, opened.kind),
        questionnaire: opened.questionnaire,
        answers,
        revision,
        saved_at: row.map(|r| r.updated_at),
        submitted,
        posted: use_context::<Posted>(),
        carried,
    })
}

/// "7F3A-0004": the start of the target's id and the submitted revision.
#[cfg(feature = "ssr")]
fn reference(target_id: &str, revision: i64) -> String {
    let head: String = target_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(4)
        .collect();
    format!("{}-{revision:04}", head.to_uppercase())
}

/// What an automatic save reports back to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutosaveReply {
    /// The revision the next save should be based on.
    pub revision: i64,
    pub saved_at: i64,
    /// Field problems; the values stay unsaved until corrected.
    pub problems: usize,
    /// Questions (keys) someone else answered differently meanwhile.
    pub conflicts: Vec<String>,
    /// Someone else changed answers of this part meanwhile.
    pub others_changed: bool,
}

/// Saves a part while the respondent types (with JavaScript). `fields` is the
/// form as JSON pairs, the same fields the form posts without JavaScript.
#[server(endpoint = "svar/spara")]
pub async fn autosave(
    token: String,
    section: String,
    revision: i64,
    fields: String,
) -> Result<AutosaveReply, AppError> {
    use super::respond::{open, save_part, Refused};
    let db = crate::auth::server::db()?;
    let Some(opened) = open(&db, &token).await? else {
        return Err(AppError::NotFound.with_status());
    };
    let fields: Vec<(String, String)> = serde_json::from_str(&fields)
        .map_err(|_| AppError::invalid("Svaren kunde inte läsas. Ladda om sidan."))?;
    match save_part(&db, &opened, &section, revision, &fields).await? {
        Ok(saved) => Ok(AutosaveReply {
            revision: saved.revision,
            saved_at: crate::db::now(),
            problems: saved.problems.len(),
            conflicts: saved.conflicts.into_iter().map(|c| c.key).collect(),
            others_changed: saved.others_changed,
        }),
        Err(Refused::NotOpen(phase)) => Err(AppError::conflict(refusal(phase))),
        Err(Refused::UnknownPart) => Err(AppError::invalid(
            "Den här delen finns inte i enkäten. Ladda om sidan.",
        )),
    }
}

/// Why answers cannot be saved in this phase, in Swedish.
pub fn refusal(phase: Phase) -> String {
    match phase {
        Phase::Closed { at } => format!(
            "Enkäten stängde {}. Svaren kan inte längre ändras.",
            crate::time::format_stockholm(at)
        ),
        Phase::Scheduled { opens_at } => format!(
            "Enkäten öppnar {}. Svar kan inte sparas ännu.",
            crate::time::format_stockholm(opens_at)
        ),
        Phase::Draft => "Enkäten är inte öppen ännu. Svar kan inte sparas.".to_string(),
        Phase::Open { .. } => String::new(),
    }
}
