//! Problems with answers and the messages the respondent reads.

use super::*;
use crate::i18n::Lang;
use crate::questionnaire::model::Questionnaire;

/// Something wrong with one answer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The question key, or [`other_key`] for the "Annat" text field.
    pub key: String,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// A required question has no answer.
    Required,
    /// "Annat" is chosen but its text is empty.
    OtherTextMissing,
    /// The answer has the wrong JSON type for the question.
    WrongType,
    /// A choice that the question does not offer (the offending value).
    UnknownOption(String),
    NotANumber,
    NotAnInteger,
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    TooLong {
        max: u32,
    },
    InvalidEmail,
    InvalidDate,
    /// A scale answer that is not a whole number from 1 to 5.
    ScaleOutOfRange,
    /// A repeating group with more items than it allows.
    TooManyItems {
        max: u32,
    },
    /// An item of a repeating group with nothing filled in (on submit).
    EmptyItem,
}

impl Problem {
    pub fn new(key: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            key: key.into(),
            kind,
        }
    }

    /// The message shown next to the field and in the error summary.
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }
}

impl ProblemKind {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ProblemKind::Required => lang.t("Svara på frågan.", "Answer the question.").into(),
            ProblemKind::OtherTextMissing => lang
                .t("Skriv vad ”Annat” är.", "Say what “Other” is.")
                .into(),
            ProblemKind::WrongType => lang
                .t(
                    "Svaret kunde inte läsas. Svara på frågan igen.",
                    "The answer could not be read. Answer the question again.",
                )
                .into(),
            ProblemKind::UnknownOption(_) => lang
                .t("Välj ett av alternativen.", "Choose one of the options.")
                .into(),
            ProblemKind::NotANumber => lang
                .t(
                    "Skriv ett tal, till exempel 12 eller 3,5.",
                    "Enter a number, for example 12 or 3.5.",
                )
                .into(),
            ProblemKind::NotAnInteger => {
                lang.t("Skriv ett heltal.", "Enter a whole number.").into()
            }
            ProblemKind::OutOfRange { min, max } => {
                let min = min.filter(|n| n.is_finite());
                let max = max.filter(|n| n.is_finite());
                let num = |n: f64| match lang {
                    Lang::Sv => swedish_number(n),
                    Lang::En => english_number(n),
                };
                match (min, max, lang) {
                    (Some(a), Some(b), Lang::Sv) => {
                        format!("Skriv ett tal mellan {} och {}.", num(a), num(b))
                    }
                    (Some(a), Some(b), Lang::En) => {
                        format!("Enter a number between {} and {}.", num(a), num(b))
                    }
                    (Some(a), None, Lang::Sv) => format!("Skriv ett tal som är minst {}.", num(a)),
                    (Some(a), None, Lang::En) => {
                        format!("Enter a number that is {} or more.", num(a))
                    }
                    (None, Some(b), Lang::Sv) => format!("Skriv ett tal som är högst {}.", num(b)),
                    (None, Some(b), Lang::En) => {
                        format!("Enter a number that is {} or less.", num(b))
                    }
                    (None, None, _) => ProblemKind::NotANumber.message(lang),
                }
            }
            ProblemKind::TooLong { max } => match lang {
                Lang::Sv => format!("Texten får vara högst {max} tecken."),
                Lang::En => format!("The text must be {max} characters or fewer."),
            },
            ProblemKind::InvalidEmail => lang
                .t(
                    "Skriv en e-postadress i rätt format, till exempel namn@kommun.se.",
                    "Enter an email address in the correct format, like name@example.com.",
                )
                .into(),
            ProblemKind::InvalidDate => lang
                .t(
                    "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.",
                    "Enter the date as YYYY-MM-DD, for example 2026-03-31.",
                )
                .into(),
            ProblemKind::ScaleOutOfRange => lang
                .t(
                    "Välj ett värde från 1 till 5.",
                    "Choose a value from 1 to 5.",
                )
                .into(),
            ProblemKind::TooManyItems { max } => match lang {
                Lang::Sv => format!("Du kan lägga till högst {max}. Ta bort det som blivit över."),
                Lang::En => format!("You can add at most {max}. Remove the extra ones."),
            },
            ProblemKind::EmptyItem => lang
                .t(
                    "Inget är ifyllt. Fyll i den eller ta bort den.",
                    "Nothing is filled in. Fill it in or remove it.",
                )
                .into(),
        }
    }
}

/// A problem's message as shown to the respondent, naming the item of a
/// repeating group it is in: "Projekt 2, ”Projektets namn”: Svara på frågan."
pub fn problem_message(q: &Questionnaire, problem: &Problem, lang: Lang) -> String {
    let message = problem.message(lang);
    let Some(item) = parse_item_key(&problem.key) else {
        return match (q.question(&problem.key), &problem.kind) {
            (Some(group), ProblemKind::Required) if group.kind.is_group() => match lang {
                Lang::Sv => format!(
                    "{}: lägg till minst 1 {}.",
                    group.text.get(lang),
                    item_label(group, lang).to_lowercase()
                ),
                Lang::En => format!(
                    "{}: add at least 1 {}.",
                    group.text.get(lang),
                    item_label(group, lang).to_lowercase()
                ),
            },
            (Some(group), ProblemKind::TooManyItems { .. }) => {
                format!("{}: {message}", group.text.get(lang))
            }
            // Named, so that a summary of several problems says which is which.
            (Some(question), _) => format!("”{}”: {message}", question.text.get(lang)),
            (None, _) => match problem
                .key
                .strip_suffix(".annat")
                .and_then(|k| q.question(k))
            {
                Some(question) => format!(
                    "”{}”{}: {message}",
                    question.text.get(lang),
                    lang.t(" (Annat)", " (Other)")
                ),
                None => message,
            },
        };
    };
    let Some(group) = q.question(item.group) else {
        return message;
    };
    let label = format!("{} {}", item_label(group, lang), item.n);
    let Some(field) = item.field else {
        return format!("{label}: {message}");
    };
    let sub_key = field.strip_suffix(".annat").unwrap_or(field);
    let Some(sub) = group.kind.sub_questions().iter().find(|x| x.key == sub_key) else {
        return format!("{label}: {message}");
    };
    let other = if sub_key != field {
        lang.t(" (Annat)", " (Other)")
    } else {
        ""
    };
    format!("{label}, ”{}”{other}: {message}", sub.text.get(lang))
}

/// A number the Swedish way for messages: decimal comma, no trailing ",0".
pub(super) fn swedish_number(n: f64) -> String {
    english_number(n).replace('.', ",")
}

pub(super) fn english_number(n: f64) -> String {
    if n == 0.0 {
        // Also turns -0 into 0.
        return "0".into();
    }
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---- messages --------------------------------------------------------

    #[test]
    fn messages_in_swedish_and_english() {
        let p = |kind| Problem::new("k", kind);
        assert_eq!(
            p(ProblemKind::Required).message(Lang::Sv),
            "Svara på frågan."
        );
        assert_eq!(
            p(ProblemKind::Required).message(Lang::En),
            "Answer the question."
        );
        assert_eq!(
            p(ProblemKind::OtherTextMissing).message(Lang::Sv),
            "Skriv vad ”Annat” är."
        );
        assert_eq!(
            p(ProblemKind::UnknownOption("x".into())).message(Lang::Sv),
            "Välj ett av alternativen."
        );
        assert_eq!(
            p(ProblemKind::NotANumber).message(Lang::Sv),
            "Skriv ett tal, till exempel 12 eller 3,5."
        );
        assert_eq!(
            p(ProblemKind::NotAnInteger).message(Lang::Sv),
            "Skriv ett heltal."
        );
        let range = |min, max| ProblemKind::OutOfRange { min, max };
        assert_eq!(
            p(range(Some(0.0), Some(1000.0))).message(Lang::Sv),
            "Skriv ett tal mellan 0 och 1000."
        );
        assert_eq!(
            p(range(Some(-0.5), Some(2.25))).message(Lang::Sv),
            "Skriv ett tal mellan -0,5 och 2,25."
        );
        assert_eq!(
            p(range(Some(-0.5), Some(2.25))).message(Lang::En),
            "Enter a number between -0.5 and 2.25."
        );
        assert_eq!(
            p(range(Some(1.0), None)).message(Lang::Sv),
            "Skriv ett tal som är minst 1."
        );
        assert_eq!(
            p(range(None, Some(10.0))).message(Lang::Sv),
            "Skriv ett tal som är högst 10."
        );
        assert_eq!(
            p(range(None, Some(f64::NAN))).message(Lang::Sv),
            ProblemKind::NotANumber.message(Lang::Sv)
        );
        assert_eq!(
            p(ProblemKind::TooLong { max: 200 }).message(Lang::Sv),
            "Texten får vara högst 200 tecken."
        );
        assert_eq!(
            p(ProblemKind::InvalidEmail).message(Lang::Sv),
            "Skriv en e-postadress i rätt format, till exempel namn@kommun.se."
        );
        assert_eq!(
            p(ProblemKind::InvalidDate).message(Lang::Sv),
            "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31."
        );
        let all = [
            ProblemKind::Required,
            ProblemKind::OtherTextMissing,
            ProblemKind::WrongType,
            ProblemKind::UnknownOption("x".into()),
            ProblemKind::NotANumber,
            ProblemKind::NotAnInteger,
            range(Some(1.0), Some(2.0)),
            range(Some(1.0), None),
            range(None, Some(2.0)),
            ProblemKind::TooLong { max: 3 },
            ProblemKind::InvalidEmail,
            ProblemKind::InvalidDate,
            ProblemKind::ScaleOutOfRange,
        ];
        for kind in all {
            let sv = p(kind.clone()).message(Lang::Sv);
            let en = p(kind).message(Lang::En);
            assert!(sv.ends_with('.') && en.ends_with('.'));
            assert_ne!(sv, en);
        }
    }
}
