//! Survey rounds: a questionnaire version sent to a set of units, each with a
//! personal link, open between two times. The coordinator's pages are in
//! `pages`, the respondent's in `respondent`.

pub mod api;
pub mod carry;
pub mod listing;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod respond;
pub mod respondent;
pub mod respondent_api;

use crate::i18n::Lang;
use crate::questionnaire::model::{QuestionKind, Questionnaire};
use crate::questionnaire::rules::visibility;
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};

/// The status a coordinator sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundStatus {
    /// Being prepared: links do not open yet.
    Utkast,
    Oppen,
    Stangd,
}

impl RoundStatus {
    pub fn key(self) -> &'static str {
        match self {
            RoundStatus::Utkast => "utkast",
            RoundStatus::Oppen => "oppen",
            RoundStatus::Stangd => "stangd",
        }
    }

    pub fn parse(key: &str) -> Option<RoundStatus> {
        [RoundStatus::Utkast, RoundStatus::Oppen, RoundStatus::Stangd]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// Where a round is in its life at a given moment, from its status and times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Still being prepared.
    Draft,
    /// Open, but the opening time has not come.
    Scheduled { opens_at: i64 },
    /// Answers are accepted.
    Open { closes_at: i64 },
    /// Closed by the coordinator or by its closing time.
    Closed { at: i64 },
}

/// The status and times of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub status: RoundStatus,
    pub opens_at: Option<i64>,
    pub closes_at: i64,
}

impl Schedule {
    pub fn phase(&self, now: i64) -> Phase {
        match self.status {
            RoundStatus::Utkast => Phase::Draft,
            RoundStatus::Stangd => Phase::Closed {
                at: self.closes_at.min(now),
            },
            RoundStatus::Oppen => match self.opens_at {
                Some(opens_at) if now < opens_at => Phase::Scheduled { opens_at },
                _ if now >= self.closes_at => Phase::Closed { at: self.closes_at },
                _ => Phase::Open {
                    closes_at: self.closes_at,
                },
            },
        }
    }

    pub fn accepts_answers(&self, now: i64) -> bool {
        matches!(self.phase(now), Phase::Open { .. })
    }
}

impl Phase {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Phase::Draft => lang.t("Utkast", "Draft"),
            Phase::Scheduled { .. } => lang.t("Öppnar senare", "Opens later"),
            Phase::Open { .. } => lang.t("Öppen", "Open"),
            Phase::Closed { .. } => lang.t("Stängd", "Closed"),
        }
    }
}

/// How far a target unit has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UnitState {
    NotOpened,
    Opened,
    Draft,
    Submitted,
}

impl UnitState {
    pub const ALL: [UnitState; 4] = [
        UnitState::NotOpened,
        UnitState::Opened,
        UnitState::Draft,
        UnitState::Submitted,
    ];

    pub fn of(first_opened_at: Option<i64>, revision: i64, submitted_at: Option<i64>) -> Self {
        if submitted_at.is_some() {
            UnitState::Submitted
        } else if revision > 0 {
            UnitState::Draft
        } else if first_opened_at.is_some() {
            UnitState::Opened
        } else {
            UnitState::NotOpened
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            UnitState::NotOpened => "inte_oppnad",
            UnitState::Opened => "oppnad",
            UnitState::Draft => "utkast",
            UnitState::Submitted => "inskickad",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UnitState::NotOpened => lang.t("Inte öppnad", "Not opened"),
            UnitState::Opened => lang.t("Öppnad", "Opened"),
            UnitState::Draft => lang.t("Utkast", "Draft"),
            UnitState::Submitted => lang.t("Inskickad", "Submitted"),
        }
    }
}

/// About how many minutes a unit of this kind needs, rounded up to five:
/// a few seconds per choice, more for a number or a short text, a couple of
/// minutes for every long text.
pub fn estimated_minutes(q: &Questionnaire, kind: UnitKind) -> u32 {
    // Everything that could be shown: conditions may hide some, never add.
    let shown = visibility(q, kind, &Default::default());
    let seconds: u32 = q
        .sections
        .iter()
        .flat_map(|s| s.questions.iter())
        .filter(|question| {
            crate::questionnaire::model::applies_to(&question.kinds, kind)
                && (question.condition.is_some() || shown.question(&question.key))
        })
        .map(|question| answer_seconds(&question.kind))
        .sum();
    seconds.div_ceil(300).max(1) * 5
}

/// About how long one question takes, in seconds; a repeating group counts
/// one item (many have none, some several).
fn answer_seconds(kind: &QuestionKind) -> u32 {
    match kind {
        QuestionKind::SingleChoice { .. } | QuestionKind::YesNo | QuestionKind::Scale { .. } => 15,
        QuestionKind::MultipleChoice { .. } => 30,
        QuestionKind::Number { .. }
        | QuestionKind::Email
        | QuestionKind::Date
        | QuestionKind::ShortText { .. } => 30,
        QuestionKind::LongText { .. } => 120,
        QuestionKind::Group { questions, .. } => questions
            .iter()
            .filter(|x| !x.kind.is_group())
            .map(|x| answer_seconds(&x.kind))
            .sum(),
    }
}

/// Local time as the respondent reads a deadline: "2026-12-15 kl. 23:59".
pub fn deadline_text(closes_at: i64, lang: Lang) -> String {
    // The closing instant is the first second after the last day; show the
    // last minute of that day.
    let shown = crate::time::format_stockholm(closes_at - 60);
    let (date, time) = shown.split_once(' ').unwrap_or((&shown, ""));
    match lang {
        Lang::Sv => format!("{date} kl. {time}"),
        Lang::En => format!("{date} at {time}"),
    }
}

/// The closing instant for a last answering day: the midnight after it.
pub fn closes_after_day(date: &str) -> Option<i64> {
    let start = crate::time::parse_date_stockholm(date)?;
    // The next local midnight, whatever summer time does in between.
    let next_day = crate::time::format_date_stockholm(start + 36 * 3_600);
    crate::time::parse_date_stockholm(&next_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;

    const DAY: i64 = 86_400;

    fn schedule(status: RoundStatus, opens_at: Option<i64>) -> Schedule {
        Schedule {
            status,
            opens_at,
            closes_at: 10 * DAY,
        }
    }

    #[test]
    fn phases_follow_status_and_times() {
        assert_eq!(schedule(RoundStatus::Utkast, None).phase(DAY), Phase::Draft);
        let open = schedule(RoundStatus::Oppen, Some(2 * DAY));
        assert_eq!(open.phase(DAY), Phase::Scheduled { opens_at: 2 * DAY });
        assert_eq!(
            open.phase(2 * DAY),
            Phase::Open {
                closes_at: 10 * DAY
            }
        );
        assert!(open.accepts_answers(10 * DAY - 1));
        assert_eq!(open.phase(10 * DAY), Phase::Closed { at: 10 * DAY });
        assert!(!open.accepts_answers(10 * DAY));
        let closed = schedule(RoundStatus::Stangd, None);
        assert_eq!(closed.phase(3 * DAY), Phase::Closed { at: 3 * DAY });
        assert!(!closed.accepts_answers(3 * DAY));
    }

    #[test]
    fn unit_states() {
        assert_eq!(UnitState::of(None, 0, None), UnitState::NotOpened);
        assert_eq!(UnitState::of(Some(1), 0, None), UnitState::Opened);
        assert_eq!(UnitState::of(Some(1), 3, None), UnitState::Draft);
        assert_eq!(UnitState::of(Some(1), 3, Some(5)), UnitState::Submitted);
    }

    #[test]
    fn the_default_questionnaire_takes_a_quarter_of_an_hour_or_so() {
        let q = default_questionnaire();
        let minutes = estimated_minutes(&q, UnitKind::Forvaltning);
        assert!((10..=30).contains(&minutes), "{minutes}");
        assert_eq!(minutes % 5, 0);
    }

    #[test]
    fn a_last_day_closes_at_the_following_midnight() {
        // 2026-12-15 00:00 in Stockholm is 2026-12-14 23:00 UTC.
        let closes = closes_after_day("2026-12-15").unwrap();
        assert_eq!(crate::time::format_stockholm(closes), "2026-12-16 00:00");
        assert_eq!(deadline_text(closes, Lang::Sv), "2026-12-15 kl. 23:59");
        // Across the switch to winter time.
        let closes = closes_after_day("2026-10-24").unwrap();
        assert_eq!(crate::time::format_stockholm(closes), "2026-10-25 00:00");
        assert_eq!(closes_after_day("2026-02-30"), None);
    }
}
