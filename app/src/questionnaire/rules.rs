//! The rules of answering: which sections and questions a unit sees, how a
//! posted HTML form becomes typed answers, and how answers are checked before
//! they are stored.
//!
//! Pure and shared by the server and the browser. Nothing here may panic,
//! whatever the answers, the form fields or the questionnaire look like.

use super::model::{
    applies_to, other_key, Answer, Answers, Condition, Question, QuestionKind, Questionnaire,
    GROUP_ITEMS_LIMIT, OTHER, SHORT_TEXT_MAX,
};
use crate::i18n::Lang;
use crate::vocabulary::UnitKind;
use std::collections::{BTreeMap, BTreeSet};

/// How strictly answers are checked: a draft may be incomplete, a submitted
/// answer must have every required question answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Draft,
    Submit,
}

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

/// The field name (and answer key) of a repeating group's item number `n`
/// (from 1): `projekt[2]`; its sub-question fields are `projekt[2].namn`.
pub fn item_key(group: &str, n: usize) -> String {
    format!("{group}[{n}]")
}

/// `projekt[2].namn`: a sub-question's field in item `n` of a group.
pub fn item_field(group: &str, n: usize, field: &str) -> String {
    format!("{group}[{n}].{field}")
}

/// The highest item number a posted field may carry; larger ones are ignored.
const MAX_ITEM_NUMBER: usize = 1000;

/// A field name or problem key inside a repeating group, taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemKey<'a> {
    pub group: &'a str,
    /// The item's number, from 1.
    pub n: usize,
    /// The sub-question key (with `.annat` for an "Annat" text), or None for
    /// the item itself.
    pub field: Option<&'a str>,
}

/// Reads `projekt[2].namn` (or `projekt[2]`); None for anything else.
pub fn parse_item_key(key: &str) -> Option<ItemKey<'_>> {
    let (group, rest) = key.split_once('[')?;
    let (number, tail) = rest.split_once(']')?;
    if group.is_empty() || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = number.parse().ok()?;
    if n == 0 || n > MAX_ITEM_NUMBER {
        return None;
    }
    let field = match tail {
        "" => None,
        t => Some(t.strip_prefix('.').filter(|f| !f.is_empty())?),
    };
    Some(ItemKey { group, n, field })
}

/// The questionnaire-level question a field name or problem key belongs to:
/// `projekt[2].namn` → `projekt`, `former.annat` → `former`.
pub fn base_key(key: &str) -> &str {
    key.split(['.', '[']).next().unwrap_or_default()
}

/// What one item of a group is called: its label, or "Post".
pub fn item_label(question: &Question, lang: Lang) -> String {
    match &question.kind {
        QuestionKind::Group { item_label, .. } if !item_label.is_empty() => {
            item_label.get(lang).to_string()
        }
        _ => lang.t("Post", "Item").to_string(),
    }
}

/// The text of a group's add button.
pub fn add_label(question: &Question, lang: Lang) -> String {
    match &question.kind {
        QuestionKind::Group { add_label, .. } if !add_label.is_empty() => {
            add_label.get(lang).to_string()
        }
        _ => format!(
            "{} {}",
            lang.t("Lägg till", "Add"),
            item_label(question, lang).to_lowercase()
        ),
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
fn swedish_number(n: f64) -> String {
    english_number(n).replace('.', ",")
}

fn english_number(n: f64) -> String {
    if n == 0.0 {
        // Also turns -0 into 0.
        return "0".into();
    }
    format!("{n}")
}

/// The sections and questions a unit sees, by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Visibility {
    pub sections: BTreeSet<String>,
    pub questions: BTreeSet<String>,
}

impl Visibility {
    pub fn section(&self, key: &str) -> bool {
        self.sections.contains(key)
    }

    pub fn question(&self, key: &str) -> bool {
        self.questions.contains(key)
    }
}

/// Which sections and questions a unit of `kind` sees, given its answers.
///
/// Evaluated in questionnaire order: a condition holds only when the question
/// it builds on is itself visible (so it must come earlier) and its answer is
/// one of the condition's values.
pub fn visibility(q: &Questionnaire, kind: UnitKind, answers: &Answers) -> Visibility {
    let mut shown = Visibility::default();
    for section in &q.sections {
        if !section_shown(q, section, kind, &shown.questions, answers) {
            continue;
        }
        shown.sections.insert(section.key.clone());
        for question in &section.questions {
            if question_shown(q, question, kind, &shown.questions, answers) {
                shown.questions.insert(question.key.clone());
            }
        }
    }
    shown
}

fn section_shown(
    q: &Questionnaire,
    section: &super::model::Section,
    kind: UnitKind,
    shown: &BTreeSet<String>,
    answers: &Answers,
) -> bool {
    applies_to(&section.kinds, kind)
        && section
            .condition
            .as_ref()
            .is_none_or(|c| condition_holds(q, c, shown, answers))
}

fn question_shown(
    q: &Questionnaire,
    question: &Question,
    kind: UnitKind,
    shown: &BTreeSet<String>,
    answers: &Answers,
) -> bool {
    applies_to(&question.kinds, kind)
        && question
            .condition
            .as_ref()
            .is_none_or(|c| condition_holds(q, c, shown, answers))
}

/// Whether `condition` holds, given the questions shown so far.
fn condition_holds(
    q: &Questionnaire,
    condition: &Condition,
    shown: &BTreeSet<String>,
    answers: &Answers,
) -> bool {
    if !shown.contains(&condition.question) {
        return false;
    }
    let Some(source) = q.question(&condition.question) else {
        return false;
    };
    answer_meets(source, condition, answers)
}

/// The sub-questions of a repeating group shown in one item: those without a
/// condition, and those whose condition holds on an earlier shown
/// sub-question's answer in the same item.
pub fn shown_in_item<'a>(subs: &'a [Question], item: &Answers) -> BTreeSet<&'a str> {
    let mut shown = BTreeSet::new();
    for (i, sub) in subs.iter().enumerate() {
        let holds = sub.condition.as_ref().is_none_or(|c| {
            shown.contains(c.question.as_str())
                && subs[..i]
                    .iter()
                    .find(|x| x.key == c.question)
                    .is_some_and(|source| answer_meets(source, c, item))
        });
        if holds {
            shown.insert(sub.key.as_str());
        }
    }
    shown
}

/// Whether the answer to `source` in `answers` is one that `condition` asks for.
fn answer_meets(source: &Question, condition: &Condition, answers: &Answers) -> bool {
    let picked = |value: &str| condition.any_of.iter().any(|v| v == value);
    match (&source.kind, answers.get(&condition.question)) {
        (QuestionKind::YesNo, Some(Answer::Bool(b))) => picked(if *b { "ja" } else { "nej" }),
        (QuestionKind::SingleChoice { .. }, Some(Answer::Text(t))) => {
            let t = t.trim();
            picked(t) && offers(&source.kind, t)
        }
        (QuestionKind::MultipleChoice { .. }, Some(Answer::List(items))) => items.iter().any(|t| {
            let t = t.trim();
            picked(t) && offers(&source.kind, t)
        }),
        _ => false,
    }
}

/// Whether a choice question offers `key` (an option, or "Annat" if enabled).
fn offers(kind: &QuestionKind, key: &str) -> bool {
    kind.options().iter().any(|o| o.key == key) || (kind.has_other() && key == OTHER)
}

/// Whether an answer counts as answered: not an empty or blank text, not an
/// empty list (or a list of blank texts).
pub fn is_answered(a: &Answer) -> bool {
    match a {
        Answer::Bool(_) | Answer::Number(_) => true,
        Answer::Text(t) => !t.trim().is_empty(),
        Answer::List(items) => items.iter().any(|t| !t.trim().is_empty()),
        // An item counts even when empty: the respondent added it.
        Answer::Items(items) => !items.is_empty(),
    }
}

/// The answers that may be stored, and what is wrong with the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Valid answers to visible questions only, texts trimmed.
    pub answers: Answers,
    /// In questionnaire order.
    pub problems: Vec<Problem>,
}

/// Checks answers against the questionnaire for a unit of `kind`.
///
/// Answers to hidden questions, and keys that are not questions of the
/// questionnaire, are dropped. Visibility is evaluated on the checked answers
/// as they are built, so the result never holds an answer that would be
/// hidden when it is read back, and checking it again changes nothing.
pub fn check(q: &Questionnaire, kind: UnitKind, answers: &Answers, mode: Mode) -> Checked {
    let mut out = Checked::default();
    let mut shown: BTreeSet<String> = BTreeSet::new();
    for section in &q.sections {
        if !section_shown(q, section, kind, &shown, &out.answers) {
            continue;
        }
        for question in &section.questions {
            // A repeated key (an invalid questionnaire) is checked once.
            if shown.contains(&question.key)
                || !question_shown(q, question, kind, &shown, &out.answers)
            {
                continue;
            }
            shown.insert(question.key.clone());
            if question.kind.is_group() {
                check_group(question, answers, mode, &mut out);
            } else {
                check_question(
                    question,
                    answers,
                    mode,
                    &mut out.answers,
                    &mut out.problems,
                    "",
                );
            }
        }
    }
    out
}

/// Checks one question (not a group) of `answers`; valid answers go into
/// `stored`, problems (keyed `prefix` + the key) into `problems`.
fn check_question(
    question: &Question,
    answers: &Answers,
    mode: Mode,
    stored: &mut Answers,
    problems: &mut Vec<Problem>,
    prefix: &str,
) {
    let key = &question.key;
    let problem_key = |key: &str| format!("{prefix}{key}");
    let Some(raw) = answers.get(key).filter(|a| is_answered(a)) else {
        if mode == Mode::Submit && question.required {
            problems.push(Problem::new(problem_key(key), ProblemKind::Required));
        }
        return;
    };
    let value = match validate(&question.kind, raw) {
        Ok(value) => value,
        Err(kind) => {
            problems.push(Problem::new(problem_key(key), kind));
            return;
        }
    };
    let other_chosen = question.kind.has_other()
        && match &value {
            Answer::Text(t) => t == OTHER,
            Answer::List(items) => items.iter().any(|t| t == OTHER),
            _ => false,
        };
    stored.insert(key.clone(), value);
    if !other_chosen {
        return;
    }
    let okey = other_key(key);
    match answers.get(&okey).filter(|a| is_answered(a)) {
        None => {
            if mode == Mode::Submit {
                problems.push(Problem::new(
                    problem_key(&okey),
                    ProblemKind::OtherTextMissing,
                ));
            }
        }
        Some(Answer::Text(t)) => {
            let t = t.trim();
            if too_long(t, SHORT_TEXT_MAX) {
                problems.push(Problem::new(
                    problem_key(&okey),
                    ProblemKind::TooLong {
                        max: SHORT_TEXT_MAX,
                    },
                ));
            } else {
                stored.insert(okey, Answer::Text(t.to_string()));
            }
        }
        Some(_) => problems.push(Problem::new(problem_key(&okey), ProblemKind::WrongType)),
    }
}

/// The most items a group keeps: its own limit, within the product's.
fn group_limit(max_items: u32) -> usize {
    max_items.clamp(1, GROUP_ITEMS_LIMIT) as usize
}

/// Checks a repeating group: every item's sub-questions as questions of
/// their own, problems keyed `group[n].key`. Items are kept even when empty
/// (the respondent added them and will fill them in); submitting needs them
/// filled in or removed.
fn check_group(question: &Question, answers: &Answers, mode: Mode, out: &mut Checked) {
    let QuestionKind::Group {
        questions,
        max_items,
        ..
    } = &question.kind
    else {
        return;
    };
    let key = &question.key;
    let Some(raw) = answers.get(key).filter(|a| is_answered(a)) else {
        if mode == Mode::Submit && question.required {
            out.problems
                .push(Problem::new(key.clone(), ProblemKind::Required));
        }
        return;
    };
    let Answer::Items(items) = raw else {
        out.problems
            .push(Problem::new(key.clone(), ProblemKind::WrongType));
        return;
    };
    let limit = group_limit(*max_items);
    if items.len() > limit {
        out.problems.push(Problem::new(
            key.clone(),
            ProblemKind::TooManyItems { max: limit as u32 },
        ));
    }
    let mut kept = Vec::with_capacity(items.len().min(limit));
    for (i, item) in items.iter().take(limit).enumerate() {
        let prefix = format!("{}.", item_key(key, i + 1));
        let mut stored = Answers::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let shown = shown_in_item(questions, item);
        for sub in questions {
            // Groups in groups, and repeated keys, are refused by the
            // structure check; they are skipped here.
            if sub.kind.is_group() || !seen.insert(sub.key.as_str()) {
                continue;
            }
            // Not asked in this item: its answer is dropped, as for any
            // hidden question, and it is not required.
            if !shown.contains(sub.key.as_str()) {
                continue;
            }
            check_question(sub, item, mode, &mut stored, &mut out.problems, &prefix);
        }
        let answered = item
            .iter()
            .any(|(k, v)| is_answered(v) && shown.iter().any(|s| k == s || *k == other_key(s)));
        if mode == Mode::Submit && !answered {
            out.problems
                .push(Problem::new(item_key(key, i + 1), ProblemKind::EmptyItem));
        }
        kept.push(stored);
    }
    if !kept.is_empty() {
        out.answers.insert(key.clone(), Answer::Items(kept));
    }
}

fn too_long(text: &str, max: u32) -> bool {
    // Bytes are at least as many as characters: skip counting short texts.
    text.len() > max as usize && text.chars().count() > max as usize
}

/// At most 100 characters of an offending value, for [`ProblemKind::UnknownOption`].
fn shown_value(value: &str) -> String {
    value.chars().take(100).collect()
}

/// Checks one answered value against the question type; the value to store.
fn validate(kind: &QuestionKind, raw: &Answer) -> Result<Answer, ProblemKind> {
    match (kind, raw) {
        (QuestionKind::SingleChoice { .. }, Answer::Text(t)) => {
            let t = t.trim();
            if offers(kind, t) {
                Ok(Answer::Text(t.to_string()))
            } else {
                Err(ProblemKind::UnknownOption(shown_value(t)))
            }
        }
        (QuestionKind::MultipleChoice { options, other }, Answer::List(items)) => {
            let mut picked = BTreeSet::new();
            for item in items {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                if !offers(kind, item) {
                    return Err(ProblemKind::UnknownOption(shown_value(item)));
                }
                picked.insert(item);
            }
            // The questionnaire's order, "Annat" last.
            let mut list: Vec<String> = options
                .iter()
                .filter(|o| picked.contains(o.key.as_str()))
                .map(|o| o.key.clone())
                .collect();
            list.dedup();
            if *other && picked.contains(OTHER) && !list.iter().any(|k| k == OTHER) {
                list.push(OTHER.to_string());
            }
            Ok(Answer::List(list))
        }
        (QuestionKind::YesNo, Answer::Bool(b)) => Ok(Answer::Bool(*b)),
        (QuestionKind::Scale { .. }, Answer::Number(n)) => {
            if n.is_finite() && n.fract() == 0.0 && (1.0..=5.0).contains(n) {
                Ok(Answer::Number(*n))
            } else {
                Err(ProblemKind::ScaleOutOfRange)
            }
        }
        (QuestionKind::Number { min, max, integer }, Answer::Number(n)) => {
            let n = *n;
            if !n.is_finite() {
                return Err(ProblemKind::NotANumber);
            }
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err(ProblemKind::OutOfRange {
                    min: *min,
                    max: *max,
                });
            }
            if *integer && n.fract() != 0.0 {
                return Err(ProblemKind::NotAnInteger);
            }
            // No negative zero.
            Ok(Answer::Number(if n == 0.0 { 0.0 } else { n }))
        }
        (
            QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length },
            Answer::Text(t),
        ) => {
            let t = t.trim();
            if too_long(t, *max_length) {
                Err(ProblemKind::TooLong { max: *max_length })
            } else {
                Ok(Answer::Text(t.to_string()))
            }
        }
        (QuestionKind::Email, Answer::Text(t)) => {
            let t = t.trim();
            if crate::email::is_valid_email(t) {
                Ok(Answer::Text(t.to_string()))
            } else {
                Err(ProblemKind::InvalidEmail)
            }
        }
        (QuestionKind::Date, Answer::Text(t)) => {
            let t = t.trim();
            if is_valid_date(t) {
                Ok(Answer::Text(t.to_string()))
            } else {
                Err(ProblemKind::InvalidDate)
            }
        }
        _ => Err(ProblemKind::WrongType),
    }
}

/// A posted form read into typed answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormInput {
    /// Typed answers, not yet checked (see [`check`]).
    pub answers: Answers,
    /// Values that could not be read (a number with letters, say), in
    /// questionnaire order. They may belong to hidden questions: callers
    /// should show only those of visible questions.
    pub problems: Vec<Problem>,
    /// Field names that are neither questions nor "Annat" texts, in the order
    /// posted (control fields starting with `_` are left out).
    pub unknown: Vec<String>,
}

/// Reads the fields of a posted HTML form (in the order posted).
///
/// The field name is the question key (repeated for multiple choice) or
/// [`other_key`] for the "Annat" text. Values are option keys for choices,
/// `ja`/`nej` for yes/no, `1`–`5` for a scale, and text otherwise; an empty
/// value is no answer. Visibility is not applied here.
///
/// A repeating group's fields are `group[n].key` (and `group[n].key.annat`),
/// with a field `group[n]` marking each item, so that an item with nothing
/// filled in is still posted. Items are taken in the order of their numbers
/// and numbered from 1 again (a number missing in between is an item that
/// was removed in the browser); problems carry the new numbers, which are
/// the numbers [`normalize_items`] gives the fields.
pub fn from_form(q: &Questionnaire, fields: &[(String, String)]) -> FormInput {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut groups: BTreeMap<&str, &Question> = BTreeMap::new();
    for (_, question) in q.questions() {
        names.insert(question.key.clone());
        if question.kind.has_other() {
            names.insert(other_key(&question.key));
        }
        if question.kind.is_group() {
            groups.entry(question.key.as_str()).or_insert(question);
        }
    }
    let mut values: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    // Group → item number → field → values.
    let mut items: BTreeMap<&str, BTreeMap<usize, BTreeMap<&str, Vec<&str>>>> = BTreeMap::new();
    let mut input = FormInput::default();
    let mut unknown_seen: BTreeSet<&str> = BTreeSet::new();
    for (name, value) in fields {
        if name.starts_with('_') {
            continue;
        }
        if names.contains(name.as_str()) {
            values
                .entry(name.as_str())
                .or_default()
                .push(value.as_str());
            continue;
        }
        if let Some(item) = parse_item_key(name) {
            if let Some(group) = groups.get(item.group) {
                let known = item.field.is_none_or(|f| {
                    let sub = f.strip_suffix(".annat");
                    group.kind.sub_questions().iter().any(|x| match sub {
                        Some(base) => x.key == base && x.kind.has_other(),
                        None => x.key == f,
                    })
                });
                if known {
                    let fields = items
                        .entry(item.group)
                        .or_default()
                        .entry(item.n)
                        .or_default();
                    if let Some(f) = item.field {
                        fields.entry(f).or_default().push(value.as_str());
                    }
                    continue;
                }
            }
        }
        if unknown_seen.insert(name.as_str()) {
            input.unknown.push(name.clone());
        }
    }

    let mut done: BTreeSet<&str> = BTreeSet::new();
    for (_, question) in q.questions() {
        let key = question.key.as_str();
        if !done.insert(key) {
            continue;
        }
        if let QuestionKind::Group { questions, .. } = &question.kind {
            let Some(posted) = items.get(key) else {
                continue;
            };
            let mut list = Vec::with_capacity(posted.len());
            for (i, item_fields) in posted.values().enumerate() {
                let mut item = Answers::new();
                let prefix = format!("{}.", item_key(key, i + 1));
                for sub in questions.iter().filter(|x| !x.kind.is_group()) {
                    read_question(
                        sub,
                        |name| item_fields.get(name).map(Vec::as_slice),
                        &mut item,
                        &mut input.problems,
                        &prefix,
                    );
                }
                list.push(item);
            }
            input.answers.insert(key.to_string(), Answer::Items(list));
            continue;
        }
        read_question(
            question,
            |name| values.get(name).map(Vec::as_slice),
            &mut input.answers,
            &mut input.problems,
            "",
        );
    }
    input
}

/// Reads one question's posted values (by field name through `posted`).
fn read_question<'v>(
    question: &Question,
    posted: impl Fn(&str) -> Option<&'v [&'v str]>,
    answers: &mut Answers,
    problems: &mut Vec<Problem>,
    prefix: &str,
) {
    let key = question.key.as_str();
    let given: Vec<&str> = posted(key)
        .map(|v| v.iter().copied().filter(|s| !s.trim().is_empty()).collect())
        .unwrap_or_default();
    let first = given.first().copied();
    let parsed: Option<Result<Answer, ProblemKind>> = match &question.kind {
        QuestionKind::MultipleChoice { .. } => (!given.is_empty()).then(|| {
            let mut list: Vec<String> = Vec::new();
            for v in &given {
                let v = v.trim();
                if !list.iter().any(|x| x == v) {
                    list.push(v.to_string());
                }
            }
            Ok(Answer::List(list))
        }),
        QuestionKind::SingleChoice { .. } => first.map(|v| Ok(Answer::Text(v.trim().to_string()))),
        QuestionKind::YesNo => first.map(|v| match v.trim().to_lowercase().as_str() {
            "ja" | "true" => Ok(Answer::Bool(true)),
            "nej" | "false" => Ok(Answer::Bool(false)),
            _ => Err(ProblemKind::UnknownOption(shown_value(v.trim()))),
        }),
        QuestionKind::Scale { .. } => first.map(|v| match parse_number(v) {
            Some(n) if n.fract() == 0.0 && (1.0..=5.0).contains(&n) => Ok(Answer::Number(n)),
            _ => Err(ProblemKind::ScaleOutOfRange),
        }),
        QuestionKind::Number { .. } => first.map(|v| match parse_number(v) {
            Some(n) => Ok(Answer::Number(n)),
            None => Err(ProblemKind::NotANumber),
        }),
        QuestionKind::ShortText { .. }
        | QuestionKind::LongText { .. }
        | QuestionKind::Email
        | QuestionKind::Date => first.map(|v| Ok(Answer::Text(form_text(v)))),
        // Read by `from_form` itself.
        QuestionKind::Group { .. } => None,
    };
    match parsed {
        Some(Ok(answer)) => {
            answers.insert(key.to_string(), answer);
        }
        Some(Err(kind)) => problems.push(Problem::new(format!("{prefix}{key}"), kind)),
        None => {}
    }
    if question.kind.has_other() {
        let okey = other_key(key);
        let text = posted(&okey).and_then(|v| v.iter().find(|s| !s.trim().is_empty()));
        if let Some(text) = text {
            answers.insert(okey, Answer::Text(form_text(text)));
        }
    }
}

/// Renumbers the items of every repeating group in posted fields 1, 2, 3 …
/// in the order of their numbers, so that field names, stored items and
/// problem keys agree after items were removed in the browser.
pub fn normalize_items(q: &Questionnaire, fields: &[(String, String)]) -> Vec<(String, String)> {
    let groups: BTreeSet<&str> = q
        .questions()
        .filter(|(_, x)| x.kind.is_group())
        .map(|(_, x)| x.key.as_str())
        .collect();
    let mut numbers: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (name, _) in fields {
        if let Some(item) = parse_item_key(name).filter(|i| groups.contains(i.group)) {
            numbers.entry(item.group).or_default().insert(item.n);
        }
    }
    fields
        .iter()
        .map(|(name, value)| {
            let renamed = parse_item_key(name)
                .filter(|i| groups.contains(i.group))
                .and_then(|item| {
                    let position = numbers.get(item.group)?.range(..item.n).count() + 1;
                    (position != item.n).then(|| match item.field {
                        Some(f) => item_field(item.group, position, f),
                        None => item_key(item.group, position),
                    })
                });
            (renamed.unwrap_or_else(|| name.clone()), value.clone())
        })
        .collect()
}

/// Adding or removing an item of a repeating group: the value of a form's
/// `_gor` button, `lagg_till:GROUP` or `ta_bort:GROUP:N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemAction {
    Add(String),
    Remove(String, usize),
}

impl ItemAction {
    pub fn parse(value: &str) -> Option<ItemAction> {
        if let Some(group) = value.strip_prefix("lagg_till:") {
            return (!group.is_empty()).then(|| ItemAction::Add(group.to_string()));
        }
        let (group, n) = value.strip_prefix("ta_bort:")?.rsplit_once(':')?;
        let n: usize = n
            .parse()
            .ok()
            .filter(|n| (1..=MAX_ITEM_NUMBER).contains(n))?;
        (!group.is_empty()).then(|| ItemAction::Remove(group.to_string(), n))
    }

    pub fn group(&self) -> &str {
        match self {
            ItemAction::Add(g) | ItemAction::Remove(g, _) => g,
        }
    }
}

/// Applies an add or remove button to posted fields (after numbering the
/// items 1, 2, 3 …): adding posts one more, empty item (unless the group is
/// full), removing drops item `n`'s fields and numbers those after it one
/// lower. Returns the fields and the id of the element to show next: the new
/// item, or the group after a removal.
pub fn apply_item_action(
    q: &Questionnaire,
    fields: &[(String, String)],
    action: &ItemAction,
) -> (Vec<(String, String)>, String) {
    let fields = normalize_items(q, fields);
    let group = action.group();
    let Some(question) = q.question(group).filter(|x| x.kind.is_group()) else {
        return (fields, String::new());
    };
    let count = fields
        .iter()
        .filter_map(|(name, _)| parse_item_key(name))
        .filter(|i| i.group == group)
        .map(|i| i.n)
        .max()
        .unwrap_or(0);
    match action {
        ItemAction::Add(_) => {
            let QuestionKind::Group { max_items, .. } = &question.kind else {
                return (fields, String::new());
            };
            if count >= group_limit(*max_items) {
                return (fields, super::form::field_id(group));
            }
            let mut fields = fields;
            fields.push((item_key(group, count + 1), String::new()));
            (fields, super::form::field_id(&item_key(group, count + 1)))
        }
        ItemAction::Remove(_, n) => {
            let fields = fields
                .into_iter()
                .filter_map(|(name, value)| match parse_item_key(&name) {
                    Some(item) if item.group == group && item.n == *n => None,
                    Some(item) if item.group == group && item.n > *n => {
                        let renamed = match item.field {
                            Some(f) => item_field(group, item.n - 1, f),
                            None => item_key(group, item.n - 1),
                        };
                        Some((renamed, value))
                    }
                    _ => Some((name, value)),
                })
                .collect();
            (fields, super::form::field_id(group))
        }
    }
}

/// A text as posted, with the line breaks of a `<textarea>` (`\r\n`) made `\n`.
fn form_text(value: &str) -> String {
    value.replace("\r\n", "\n")
}

/// Reads a number as people write it: `1 234,5`, `1234.5`, `-3`, with spaces
/// or non-breaking spaces between the digits and a decimal comma or point.
/// No exponents, no thousands separators other than spaces, nothing else.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 100 {
        return None;
    }
    let mut number = String::with_capacity(text.len() + 2);
    let mut digits = false;
    let mut separator = false;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                digits = true;
                number.push(c);
            }
            ',' | '.' if !separator => {
                separator = true;
                if !digits {
                    number.push('0');
                }
                number.push('.');
            }
            // A sign only first, before any digit or separator.
            '-' | '\u{2212}' | '\u{2013}' if number.is_empty() => number.push('-'),
            '+' if number.is_empty() => number.push('+'),
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    if !digits {
        return None;
    }
    if number.ends_with('.') {
        number.push('0');
    }
    let n: f64 = number.parse().ok()?;
    if !n.is_finite() {
        return None;
    }
    Some(if n == 0.0 { 0.0 } else { n })
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`, year 1900–2200.
pub fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if !(1900..=2200).contains(&year) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::questionnaire::model::{Choice, Section, Text};
    use proptest::prelude::*;

    // ---- building blocks -------------------------------------------------

    pub(crate) fn question(key: &str, kind: QuestionKind) -> Question {
        Question {
            key: key.to_string(),
            text: Text::new(format!("Fråga {key}"), ""),
            help: Text::default(),
            kind,
            required: false,
            kinds: Vec::new(),
            condition: None,
        }
    }

    pub(crate) fn section(key: &str, questions: Vec<Question>) -> Section {
        Section {
            key: key.to_string(),
            title: Text::new(format!("Avsnitt {key}"), ""),
            questions,
            ..Default::default()
        }
    }

    pub(crate) fn single(keys: &[&str], other: bool) -> QuestionKind {
        QuestionKind::SingleChoice {
            options: keys.iter().map(|k| Choice::new(k, k, "")).collect(),
            other,
        }
    }

    pub(crate) fn multiple(keys: &[&str], other: bool) -> QuestionKind {
        QuestionKind::MultipleChoice {
            options: keys.iter().map(|k| Choice::new(k, k, "")).collect(),
            other,
        }
    }

    pub(crate) fn cond(question: &str, any_of: &[&str]) -> Option<Condition> {
        Some(Condition {
            question: question.to_string(),
            any_of: any_of.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn required(mut q: Question) -> Question {
        q.required = true;
        q
    }

    fn when(mut q: Question, c: Option<Condition>) -> Question {
        q.condition = c;
        q
    }

    fn only(mut q: Question, kinds: &[UnitKind]) -> Question {
        q.kinds = kinds.to_vec();
        q
    }

    fn text(s: &str) -> Answer {
        Answer::Text(s.to_string())
    }

    fn list(items: &[&str]) -> Answer {
        Answer::List(items.iter().map(|s| s.to_string()).collect())
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn kinds_of(problems: &[Problem]) -> Vec<(&str, &ProblemKind)> {
        problems.iter().map(|p| (p.key.as_str(), &p.kind)).collect()
    }

    /// A questionnaire with one question of every type.
    fn every_type() -> Questionnaire {
        Questionnaire {
            title: Text::new("Test", ""),
            intro: Text::default(),
            sections: vec![section(
                "s",
                vec![
                    required(question("val", single(&["a", "b"], true))),
                    question("flera", multiple(&["x", "y", "z"], true)),
                    question("jn", QuestionKind::YesNo),
                    question(
                        "skala",
                        QuestionKind::Scale {
                            min_label: Text::default(),
                            max_label: Text::default(),
                        },
                    ),
                    question(
                        "tal",
                        QuestionKind::Number {
                            min: Some(0.0),
                            max: Some(1000.0),
                            integer: true,
                        },
                    ),
                    question(
                        "decimal",
                        QuestionKind::Number {
                            min: None,
                            max: None,
                            integer: false,
                        },
                    ),
                    question("kort", QuestionKind::ShortText { max_length: 5 }),
                    question("lang", QuestionKind::LongText { max_length: 10 }),
                    question("epost", QuestionKind::Email),
                    question("datum", QuestionKind::Date),
                ],
            )],
        }
    }

    /// Conditions of every sort, for visibility.
    fn conditional() -> Questionnaire {
        Questionnaire {
            title: Text::new("Villkor", ""),
            intro: Text::default(),
            sections: vec![
                section(
                    "forsta",
                    vec![
                        question("aktiv", single(&["ja_mycket", "lite", "inte"], true)),
                        when(
                            question("varfor", QuestionKind::LongText { max_length: 100 }),
                            cond("aktiv", &["inte"]),
                        ),
                        when(
                            question("former", multiple(&["eu", "vanort"], true)),
                            cond("aktiv", &["ja_mycket", "lite"]),
                        ),
                        when(
                            question("eu_namn", QuestionKind::ShortText { max_length: 50 }),
                            cond("former", &["eu"]),
                        ),
                        question("kontakt", QuestionKind::YesNo),
                        when(
                            question("kontakt_namn", QuestionKind::ShortText { max_length: 50 }),
                            cond("kontakt", &["ja"]),
                        ),
                        when(
                            question("ingen_kontakt", QuestionKind::ShortText { max_length: 50 }),
                            cond("kontakt", &["nej"]),
                        ),
                        only(
                            question("styrelse", QuestionKind::YesNo),
                            &[UnitKind::Bolag],
                        ),
                        only(
                            question("namnd", QuestionKind::YesNo),
                            &[UnitKind::Forvaltning, UnitKind::Annat],
                        ),
                        when(
                            question("annat_val", QuestionKind::ShortText { max_length: 50 }),
                            cond("aktiv", &[OTHER]),
                        ),
                    ],
                ),
                Section {
                    condition: cond("aktiv", &["ja_mycket", "lite"]),
                    ..section(
                        "projekt",
                        vec![question(
                            "antal",
                            QuestionKind::Number {
                                min: Some(0.0),
                                max: None,
                                integer: true,
                            },
                        )],
                    )
                },
                Section {
                    kinds: vec![UnitKind::Bolag],
                    ..section("bolag", vec![question("agardirektiv", QuestionKind::YesNo)])
                },
                Section {
                    condition: cond("styrelse", &["ja"]),
                    ..section(
                        "styrelsen",
                        vec![question(
                            "styrelse_hur",
                            QuestionKind::ShortText { max_length: 50 },
                        )],
                    )
                },
            ],
        }
    }

    // ---- visibility ------------------------------------------------------

    #[test]
    fn unconditional_questions_are_visible_to_every_kind() {
        let q = conditional();
        for kind in UnitKind::ALL {
            let v = visibility(&q, kind, &Answers::new());
            assert!(v.section("forsta"));
            assert!(v.question("aktiv"));
            assert!(v.question("kontakt"));
            assert!(!v.question("varfor"));
            assert!(!v.question("former"));
            assert!(!v.section("projekt"));
            assert!(!v.question("antal"));
        }
    }

    #[test]
    fn kinds_limit_questions_and_sections() {
        let q = conditional();
        let bolag = visibility(&q, UnitKind::Bolag, &Answers::new());
        assert!(bolag.question("styrelse"));
        assert!(!bolag.question("namnd"));
        assert!(bolag.section("bolag"));
        assert!(bolag.question("agardirektiv"));
        let forv = visibility(&q, UnitKind::Forvaltning, &Answers::new());
        assert!(!forv.question("styrelse"));
        assert!(forv.question("namnd"));
        assert!(!forv.section("bolag"));
        assert!(!forv.question("agardirektiv"));
        let annat = visibility(&q, UnitKind::Annat, &Answers::new());
        assert!(annat.question("namnd"));
    }

    #[test]
    fn single_choice_conditions() {
        let q = conditional();
        let v = visibility(
            &q,
            UnitKind::Forvaltning,
            &answers(&[("aktiv", text("inte"))]),
        );
        assert!(v.question("varfor"));
        assert!(!v.question("former"));
        assert!(!v.section("projekt"));
        let v = visibility(
            &q,
            UnitKind::Forvaltning,
            &answers(&[("aktiv", text("lite"))]),
        );
        assert!(!v.question("varfor"));
        assert!(v.question("former"));
        assert!(v.section("projekt"));
        assert!(v.question("antal"));
        let v = visibility(
            &q,
            UnitKind::Forvaltning,
            &answers(&[("aktiv", text(OTHER))]),
        );
        assert!(v.question("annat_val"));
        assert!(!v.question("former"));
    }

    #[test]
    fn multiple_choice_conditions_need_any_overlap() {
        let q = conditional();
        let base = [("aktiv", text("lite"))];
        let mut a = answers(&base);
        a.insert("former".into(), list(&["vanort", "eu"]));
        assert!(visibility(&q, UnitKind::Bolag, &a).question("eu_namn"));
        a.insert("former".into(), list(&["vanort"]));
        assert!(!visibility(&q, UnitKind::Bolag, &a).question("eu_namn"));
        a.insert("former".into(), list(&[]));
        assert!(!visibility(&q, UnitKind::Bolag, &a).question("eu_namn"));
    }

    #[test]
    fn yes_no_conditions() {
        let q = conditional();
        let v = visibility(
            &q,
            UnitKind::Annat,
            &answers(&[("kontakt", Answer::Bool(true))]),
        );
        assert!(v.question("kontakt_namn"));
        assert!(!v.question("ingen_kontakt"));
        let v = visibility(
            &q,
            UnitKind::Annat,
            &answers(&[("kontakt", Answer::Bool(false))]),
        );
        assert!(!v.question("kontakt_namn"));
        assert!(v.question("ingen_kontakt"));
        // "ja" as text is the wrong type for a yes/no question.
        let v = visibility(&q, UnitKind::Annat, &answers(&[("kontakt", text("ja"))]));
        assert!(!v.question("kontakt_namn"));
        assert!(!v.question("ingen_kontakt"));
    }

    #[test]
    fn chained_condition_on_a_hidden_question_does_not_hold() {
        let q = conditional();
        // "former" says "eu", but "former" itself is hidden ("aktiv" = "inte").
        let a = answers(&[("aktiv", text("inte")), ("former", list(&["eu"]))]);
        let v = visibility(&q, UnitKind::Forvaltning, &a);
        assert!(!v.question("former"));
        assert!(!v.question("eu_namn"));
        // A section condition on a question hidden by kind.
        let a = answers(&[("styrelse", Answer::Bool(true))]);
        assert!(visibility(&q, UnitKind::Bolag, &a).section("styrelsen"));
        assert!(visibility(&q, UnitKind::Bolag, &a).question("styrelse_hur"));
        assert!(!visibility(&q, UnitKind::Forvaltning, &a).section("styrelsen"));
        assert!(!visibility(&q, UnitKind::Forvaltning, &a).question("styrelse_hur"));
    }

    #[test]
    fn conditions_on_wrong_types_unknown_values_and_questions_do_not_hold() {
        let q = conditional();
        for answer in [
            list(&["inte"]),
            Answer::Bool(true),
            Answer::Number(1.0),
            text("okänd"),
        ] {
            let v = visibility(&q, UnitKind::Bolag, &answers(&[("aktiv", answer)]));
            assert!(!v.question("varfor"));
        }
        // Surrounding spaces do not matter.
        let v = visibility(&q, UnitKind::Bolag, &answers(&[("aktiv", text(" inte "))]));
        assert!(v.question("varfor"));

        let mut q = conditional();
        q.sections[0].questions[1].condition = cond("finns_inte", &["ja"]);
        q.sections[0].questions[2].condition = cond("varfor", &["x"]);
        let a = answers(&[
            ("aktiv", text("lite")),
            ("finns_inte", text("ja")),
            ("varfor", text("x")),
        ]);
        let v = visibility(&q, UnitKind::Bolag, &a);
        assert!(!v.question("varfor"));
        assert!(!v.question("former"));
    }

    #[test]
    fn condition_on_a_later_question_does_not_hold() {
        let mut q = conditional();
        q.sections[0].questions[0].condition = cond("kontakt", &["ja"]);
        let v = visibility(
            &q,
            UnitKind::Bolag,
            &answers(&[("kontakt", Answer::Bool(true))]),
        );
        assert!(!v.question("aktiv"));
        assert!(v.question("kontakt"));
    }

    #[test]
    fn hidden_section_hides_its_questions_even_without_conditions() {
        let q = conditional();
        let v = visibility(
            &q,
            UnitKind::Forvaltning,
            &answers(&[("aktiv", text("inte"))]),
        );
        assert!(!v.section("projekt"));
        assert!(!v.question("antal"));
    }

    // ---- check -----------------------------------------------------------

    #[test]
    fn valid_answers_of_every_type_are_kept_and_trimmed() {
        let q = every_type();
        let a = answers(&[
            ("val", text(" a ")),
            ("flera", list(&["z", " x", "z", OTHER])),
            ("flera.annat", text("  Något annat ")),
            ("jn", Answer::Bool(false)),
            ("skala", Answer::Number(5.0)),
            ("tal", Answer::Number(1000.0)),
            ("decimal", Answer::Number(-3.25)),
            ("kort", text(" åäö🙂x ")),
            ("lang", text("\n  tio tecken\t")),
            ("epost", text(" namn@kommun.se ")),
            ("datum", text("2024-02-29")),
        ]);
        let c = check(&q, UnitKind::Forvaltning, &a, Mode::Submit);
        assert_eq!(c.problems, vec![]);
        assert_eq!(
            c.answers,
            answers(&[
                ("val", text("a")),
                ("flera", list(&["x", "z", OTHER])),
                ("flera.annat", text("Något annat")),
                ("jn", Answer::Bool(false)),
                ("skala", Answer::Number(5.0)),
                ("tal", Answer::Number(1000.0)),
                ("decimal", Answer::Number(-3.25)),
                ("kort", text("åäö🙂x")),
                ("lang", text("tio tecken")),
                ("epost", text("namn@kommun.se")),
                ("datum", text("2024-02-29")),
            ])
        );
    }

    #[test]
    fn every_problem_kind_is_reported_in_questionnaire_order() {
        let q = every_type();
        let a = answers(&[
            ("val", text("c")),
            ("flera", list(&["x", "nope"])),
            ("jn", text("ja")),
            ("skala", Answer::Number(2.5)),
            ("tal", Answer::Number(1000.5)),
            ("decimal", Answer::Number(f64::NAN)),
            ("kort", text("sex tkn")),
            ("lang", list(&["a"])),
            ("epost", text("namn@kommun")),
            ("datum", text("2023-02-29")),
        ]);
        let c = check(&q, UnitKind::Forvaltning, &a, Mode::Draft);
        assert_eq!(c.answers, Answers::new());
        assert_eq!(
            kinds_of(&c.problems),
            vec![
                ("val", &ProblemKind::UnknownOption("c".into())),
                ("flera", &ProblemKind::UnknownOption("nope".into())),
                ("jn", &ProblemKind::WrongType),
                ("skala", &ProblemKind::ScaleOutOfRange),
                (
                    "tal",
                    &ProblemKind::OutOfRange {
                        min: Some(0.0),
                        max: Some(1000.0)
                    }
                ),
                ("decimal", &ProblemKind::NotANumber),
                ("kort", &ProblemKind::TooLong { max: 5 }),
                ("lang", &ProblemKind::WrongType),
                ("epost", &ProblemKind::InvalidEmail),
                ("datum", &ProblemKind::InvalidDate),
            ]
        );
    }

    #[test]
    fn numbers_integers_and_ranges() {
        let q = every_type();
        let one = |key: &str, n: f64| {
            check(
                &q,
                UnitKind::Bolag,
                &answers(&[(key, Answer::Number(n))]),
                Mode::Draft,
            )
        };
        assert_eq!(one("tal", 2.5).problems[0].kind, ProblemKind::NotAnInteger);
        assert!(matches!(
            one("tal", -1.0).problems[0].kind,
            ProblemKind::OutOfRange { .. }
        ));
        assert_eq!(one("tal", 0.0).answers["tal"], Answer::Number(0.0));
        assert_eq!(one("tal", -0.0).answers["tal"], Answer::Number(0.0));
        assert!(one("tal", -0.0).answers["tal"] == Answer::Number(0.0));
        assert_eq!(
            one("tal", f64::INFINITY).problems[0].kind,
            ProblemKind::NotANumber
        );
        assert_eq!(
            one("decimal", 1e300).answers["decimal"],
            Answer::Number(1e300)
        );
        assert_eq!(
            one("decimal", f64::NEG_INFINITY).problems[0].kind,
            ProblemKind::NotANumber
        );
        for bad in [0.0, 6.0, 3.5, f64::NAN, -1.0, f64::INFINITY] {
            assert_eq!(
                one("skala", bad).problems[0].kind,
                ProblemKind::ScaleOutOfRange
            );
        }
        for good in [1.0, 2.0, 3.0, 4.0, 5.0] {
            assert!(one("skala", good).problems.is_empty());
        }
        assert_eq!(one("skala", 3.0).answers["skala"], Answer::Number(3.0));
        // A number for a text question is the wrong type.
        assert_eq!(one("kort", 3.0).problems[0].kind, ProblemKind::WrongType);
    }

    #[test]
    fn text_length_counts_characters_not_bytes() {
        let q = every_type();
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("kort", text("ååååå"))]),
            Mode::Draft,
        );
        assert!(c.problems.is_empty());
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("kort", text("åååååå"))]),
            Mode::Draft,
        );
        assert_eq!(c.problems[0].kind, ProblemKind::TooLong { max: 5 });
        let huge = "x".repeat(1_000_000);
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("lang", text(&huge))]),
            Mode::Draft,
        );
        assert_eq!(c.problems[0].kind, ProblemKind::TooLong { max: 10 });
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("val", text(&huge))]),
            Mode::Draft,
        );
        match &c.problems[0].kind {
            ProblemKind::UnknownOption(v) => assert_eq!(v.chars().count(), 100),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn required_only_when_submitting() {
        let q = every_type();
        let draft = check(&q, UnitKind::Bolag, &Answers::new(), Mode::Draft);
        assert_eq!(draft, Checked::default());
        let submit = check(&q, UnitKind::Bolag, &Answers::new(), Mode::Submit);
        assert_eq!(
            kinds_of(&submit.problems),
            vec![("val", &ProblemKind::Required)]
        );
        // Blank texts and empty lists are no answer.
        for blank in [text(""), text("  \n\t"), list(&[]), list(&["", " "])] {
            let c = check(
                &q,
                UnitKind::Bolag,
                &answers(&[("val", blank.clone())]),
                Mode::Submit,
            );
            assert_eq!(kinds_of(&c.problems), vec![("val", &ProblemKind::Required)]);
            let c = check(
                &q,
                UnitKind::Bolag,
                &answers(&[("kort", blank)]),
                Mode::Submit,
            );
            assert!(!c.answers.contains_key("kort"));
        }
    }

    #[test]
    fn other_text_is_kept_only_with_other_chosen() {
        let q = every_type();
        let a = answers(&[("val", text("a")), ("val.annat", text("Något"))]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Submit);
        assert_eq!(c.answers, answers(&[("val", text("a"))]));

        let a = answers(&[("val", text(OTHER)), ("val.annat", text(" Något "))]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Submit);
        assert_eq!(
            c.answers,
            answers(&[("val", text(OTHER)), ("val.annat", text("Något"))])
        );

        // Missing text: a problem only when submitting; the choice is kept.
        let a = answers(&[("val", text(OTHER)), ("val.annat", text("  "))]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Draft);
        assert_eq!(c.answers, answers(&[("val", text(OTHER))]));
        assert!(c.problems.is_empty());
        let c = check(&q, UnitKind::Bolag, &a, Mode::Submit);
        assert_eq!(c.answers, answers(&[("val", text(OTHER))]));
        assert_eq!(
            kinds_of(&c.problems),
            vec![("val.annat", &ProblemKind::OtherTextMissing)]
        );

        // Too long and wrong type.
        let long = "y".repeat(SHORT_TEXT_MAX as usize + 1);
        let a = answers(&[("flera", list(&[OTHER])), ("flera.annat", text(&long))]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Draft);
        assert_eq!(
            kinds_of(&c.problems),
            vec![(
                "flera.annat",
                &ProblemKind::TooLong {
                    max: SHORT_TEXT_MAX
                }
            )]
        );
        assert!(!c.answers.contains_key("flera.annat"));
        let a = answers(&[
            ("flera", list(&[OTHER])),
            ("flera.annat", Answer::Bool(true)),
        ]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Draft);
        assert_eq!(
            kinds_of(&c.problems),
            vec![("flera.annat", &ProblemKind::WrongType)]
        );
    }

    #[test]
    fn other_is_an_unknown_option_without_the_setting() {
        let mut q = every_type();
        q.sections[0].questions[0].kind = single(&["a", "b"], false);
        let a = answers(&[("val", text(OTHER)), ("val.annat", text("x"))]);
        let c = check(&q, UnitKind::Bolag, &a, Mode::Draft);
        assert_eq!(
            kinds_of(&c.problems),
            vec![("val", &ProblemKind::UnknownOption(OTHER.into()))]
        );
        assert!(c.answers.is_empty());
    }

    #[test]
    fn hidden_and_unknown_answers_are_dropped() {
        let q = conditional();
        let a = answers(&[
            ("aktiv", text("inte")),
            ("varfor", text("Ingen tid")),
            ("former", list(&["eu"])),
            ("former.annat", text("x")),
            ("eu_namn", text("Projekt")),
            ("antal", Answer::Number(3.0)),
            ("styrelse", Answer::Bool(true)),
            ("styrelse_hur", text("Bra")),
            ("finns_inte", text("x")),
            ("aktiv.annat", text("x")),
            ("varfor.annat", text("x")),
        ]);
        let c = check(&q, UnitKind::Forvaltning, &a, Mode::Draft);
        assert_eq!(
            c.answers,
            answers(&[("aktiv", text("inte")), ("varfor", text("Ingen tid"))])
        );
        assert!(c.problems.is_empty());
        // Hidden questions are not required, and bad hidden answers are not reported.
        let mut q = q;
        q.sections[1].questions[0].required = true;
        let a = answers(&[("aktiv", text("inte")), ("antal", text("många"))]);
        let c = check(&q, UnitKind::Forvaltning, &a, Mode::Submit);
        assert!(c.problems.is_empty());
    }

    #[test]
    fn an_invalid_answer_does_not_open_conditions() {
        let q = conditional();
        // "former" has an unknown option: the whole answer is left out, so
        // "eu_namn", which depends on it, is hidden and dropped too.
        let a = answers(&[
            ("aktiv", text("lite")),
            ("former", list(&["eu", "nope"])),
            ("eu_namn", text("Projekt")),
        ]);
        let c = check(&q, UnitKind::Forvaltning, &a, Mode::Draft);
        assert_eq!(c.answers, answers(&[("aktiv", text("lite"))]));
        assert_eq!(
            kinds_of(&c.problems),
            vec![("former", &ProblemKind::UnknownOption("nope".into()))]
        );
    }

    #[test]
    fn repeated_question_keys_are_checked_once() {
        let mut q = every_type();
        let again = required(question("val", single(&["a"], false)));
        q.sections.push(section("t", vec![again]));
        let c = check(&q, UnitKind::Bolag, &Answers::new(), Mode::Submit);
        assert_eq!(kinds_of(&c.problems), vec![("val", &ProblemKind::Required)]);
    }

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

    // ---- parsing helpers -------------------------------------------------

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{202f}234"), Some(1234.0));
        assert_eq!(parse_number("1234.5"), Some(1234.5));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
        assert_eq!(parse_number("\u{2212}3"), Some(-3.0));
        assert_eq!(parse_number("+7"), Some(7.0));
        assert_eq!(parse_number(",5"), Some(0.5));
        assert_eq!(parse_number("5,"), Some(5.0));
        assert_eq!(parse_number("-0"), Some(0.0));
        assert!(parse_number("-0").unwrap().is_sign_positive());
        assert_eq!(parse_number("0012"), Some(12.0));
        for bad in [
            "", " ", "abc", "12a", "1,2,3", "1.234,5", "1e5", "NaN", "nan", "inf", "-inf",
            "infinity", ",", "-", "+-1", "1-", "--1", "0x10", "١٢", "1_000",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert_eq!(parse_number(&"9".repeat(400)), None);
        assert_eq!(parse_number(&"9".repeat(99)), Some(1e99));
    }

    #[test]
    fn dates() {
        for good in [
            "2026-03-31",
            "2024-02-29",
            "2000-02-29",
            "1900-01-01",
            "2200-12-31",
        ] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "",
            "2026-3-31",
            "2026-03-31 ",
            "31/03/2026",
            "2026-02-29",
            "1900-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "1899-12-31",
            "2201-01-01",
            "2026/03/31",
            "２０２６-03-31",
            "+026-03-31",
            "2026-03-3a",
        ] {
            assert!(!is_valid_date(bad), "{bad:?}");
        }
    }

    #[test]
    fn answered() {
        assert!(!is_answered(&text("")));
        assert!(!is_answered(&text(" \u{a0}\n")));
        assert!(!is_answered(&list(&[])));
        assert!(is_answered(&text("x")));
        assert!(is_answered(&list(&["a"])));
        assert!(is_answered(&Answer::Bool(false)));
        assert!(is_answered(&Answer::Number(0.0)));
    }

    // ---- from_form -------------------------------------------------------

    #[test]
    fn form_fields_become_typed_answers() {
        let q = every_type();
        let input = from_form(
            &q,
            &fields(&[
                ("_token", "abc"),
                ("_action", "spara"),
                ("val", "annat"),
                ("val.annat", "Eget svar"),
                ("flera", "y"),
                ("flera", "x"),
                ("flera", "y"),
                ("jn", "nej"),
                ("skala", "4"),
                ("tal", "1 000"),
                ("decimal", "-3,5"),
                ("kort", " hej "),
                ("lang", "rad1\r\nrad2"),
                ("epost", "namn@kommun.se"),
                ("datum", "2026-03-31"),
                ("okand", "x"),
                ("okand", "y"),
                ("flera.annat", "text"),
                ("jn.annat", "x"),
            ]),
        );
        assert_eq!(input.problems, vec![]);
        assert_eq!(
            input.unknown,
            vec!["okand".to_string(), "jn.annat".to_string()]
        );
        assert_eq!(
            input.answers,
            answers(&[
                ("val", text(OTHER)),
                ("val.annat", text("Eget svar")),
                ("flera", list(&["y", "x"])),
                ("flera.annat", text("text")),
                ("jn", Answer::Bool(false)),
                ("skala", Answer::Number(4.0)),
                ("tal", Answer::Number(1000.0)),
                ("decimal", Answer::Number(-3.5)),
                ("kort", text(" hej ")),
                ("lang", text("rad1\nrad2")),
                ("epost", text("namn@kommun.se")),
                ("datum", text("2026-03-31")),
            ])
        );
        // And the checked result puts the options in questionnaire order.
        let c = check(&q, UnitKind::Bolag, &input.answers, Mode::Submit);
        assert_eq!(c.problems, vec![]);
        assert_eq!(c.answers["flera"], list(&["x", "y"]));
        assert_eq!(c.answers["kort"], text("hej"));
    }

    #[test]
    fn empty_form_values_are_no_answer() {
        let q = every_type();
        let input = from_form(
            &q,
            &fields(&[
                ("val", ""),
                ("flera", ""),
                ("jn", ""),
                ("skala", ""),
                ("tal", "  "),
                ("kort", ""),
                ("val.annat", ""),
            ]),
        );
        assert_eq!(input, FormInput::default());
    }

    #[test]
    fn unreadable_form_values_are_problems() {
        let q = every_type();
        let input = from_form(
            &q,
            &fields(&[
                ("datum", "igår"),
                ("tal", "tolv"),
                ("skala", "6"),
                ("jn", "kanske"),
                ("decimal", "1,5"),
            ]),
        );
        assert_eq!(
            kinds_of(&input.problems),
            vec![
                ("jn", &ProblemKind::UnknownOption("kanske".into())),
                ("skala", &ProblemKind::ScaleOutOfRange),
                ("tal", &ProblemKind::NotANumber),
            ]
        );
        assert_eq!(
            input.answers,
            answers(&[("decimal", Answer::Number(1.5)), ("datum", text("igår"))])
        );
        // The date is checked by `check`.
        let c = check(&q, UnitKind::Bolag, &input.answers, Mode::Draft);
        assert_eq!(
            kinds_of(&c.problems),
            vec![("datum", &ProblemKind::InvalidDate)]
        );
    }

    #[test]
    fn form_yes_no_and_first_value_wins() {
        let q = every_type();
        let input = from_form(
            &q,
            &fields(&[("jn", "JA"), ("val", ""), ("val", "b"), ("val", "a")]),
        );
        assert_eq!(
            input.answers,
            answers(&[("jn", Answer::Bool(true)), ("val", text("b"))])
        );
    }

    #[test]
    fn form_does_not_apply_visibility_but_check_does() {
        let q = conditional();
        let input = from_form(
            &q,
            &fields(&[("aktiv", "inte"), ("varfor", "Ingen tid"), ("antal", "4")]),
        );
        assert_eq!(input.answers.len(), 3);
        let c = check(&q, UnitKind::Forvaltning, &input.answers, Mode::Submit);
        assert_eq!(
            c.answers,
            answers(&[("aktiv", text("inte")), ("varfor", text("Ingen tid"))])
        );
    }

    // ---- repeating groups ------------------------------------------------

    /// A part with a repeating group of projects, at most three.
    fn with_group() -> Questionnaire {
        Questionnaire {
            title: Text::new("Projekt", ""),
            intro: Text::default(),
            sections: vec![section(
                "s",
                vec![
                    question("fore", QuestionKind::ShortText { max_length: 50 }),
                    required(question(
                        "projekt",
                        QuestionKind::Group {
                            questions: vec![
                                Question {
                                    text: Text::new("Projektets namn", "The project's name"),
                                    ..required(question(
                                        "namn",
                                        QuestionKind::ShortText { max_length: 10 },
                                    ))
                                },
                                question("roll", single(&["lead", "partner"], true)),
                                question(
                                    "budget",
                                    QuestionKind::Number {
                                        min: Some(0.0),
                                        max: None,
                                        integer: true,
                                    },
                                ),
                                question("teman", multiple(&["a", "b"], false)),
                                question("start", QuestionKind::Date),
                            ],
                            max_items: 3,
                            item_label: Text::new("Projekt", "Project"),
                            add_label: Text::new("Lägg till ett projekt", ""),
                        },
                    )),
                ],
            )],
        }
    }

    fn item(pairs: &[(&str, Answer)]) -> Answers {
        answers(pairs)
    }

    #[test]
    fn group_items_are_checked_item_by_item() {
        let q = with_group();
        let a = answers(&[(
            "projekt",
            Answer::Items(vec![
                item(&[
                    ("namn", text(" JB Marks ")),
                    ("roll", text(OTHER)),
                    ("roll.annat", text(" Finansiär ")),
                    ("teman", list(&["b", "a"])),
                    ("budget", Answer::Number(1000.0)),
                    ("okand", text("x")),
                ]),
                item(&[]),
                item(&[
                    ("namn", text("Alldeles för långt namn")),
                    ("budget", Answer::Number(-1.0)),
                    ("start", text("2019-02-30")),
                    ("roll", text("lead")),
                ]),
            ]),
        )]);
        let draft = check(&q, UnitKind::Forvaltning, &a, Mode::Draft);
        assert_eq!(
            draft.answers["projekt"],
            Answer::Items(vec![
                item(&[
                    ("namn", text("JB Marks")),
                    ("roll", text(OTHER)),
                    ("roll.annat", text("Finansiär")),
                    ("teman", list(&["a", "b"])),
                    ("budget", Answer::Number(1000.0)),
                ]),
                // An empty item stays in a draft: the respondent added it.
                item(&[]),
                item(&[("roll", text("lead"))]),
            ])
        );
        assert_eq!(
            kinds_of(&draft.problems),
            vec![
                ("projekt[3].namn", &ProblemKind::TooLong { max: 10 }),
                (
                    "projekt[3].budget",
                    &ProblemKind::OutOfRange {
                        min: Some(0.0),
                        max: None
                    }
                ),
                ("projekt[3].start", &ProblemKind::InvalidDate),
            ]
        );
        // Submitting also needs the required sub-question in every item,
        // and an empty item filled in or removed.
        let submit = check(&q, UnitKind::Forvaltning, &a, Mode::Submit);
        assert_eq!(
            kinds_of(&submit.problems),
            vec![
                ("projekt[2].namn", &ProblemKind::Required),
                ("projekt[2]", &ProblemKind::EmptyItem),
                ("projekt[3].namn", &ProblemKind::TooLong { max: 10 }),
                (
                    "projekt[3].budget",
                    &ProblemKind::OutOfRange {
                        min: Some(0.0),
                        max: None
                    }
                ),
                ("projekt[3].start", &ProblemKind::InvalidDate),
            ]
        );
        // What a draft stored checks again without change.
        let again = check(&q, UnitKind::Forvaltning, &draft.answers, Mode::Draft);
        assert_eq!(again.answers, draft.answers);
        assert_eq!(again.problems, vec![]);
    }

    #[test]
    fn a_sub_question_is_asked_only_where_its_condition_holds_in_the_item() {
        let mut q = with_group();
        if let QuestionKind::Group {
            questions,
            max_items,
            ..
        } = &mut q.sections[0].questions[1].kind
        {
            *max_items = 5;
            // The budget is asked of lead partners only, and then required.
            questions[2].required = true;
            questions[2].condition = Some(Condition {
                question: "roll".into(),
                any_of: vec!["lead".into()],
            });
        }
        let a = answers(&[(
            "projekt",
            Answer::Items(vec![
                item(&[
                    ("namn", text("Leder")),
                    ("roll", text("lead")),
                    ("budget", Answer::Number(5.0)),
                ]),
                item(&[
                    ("namn", text("Deltar")),
                    ("roll", text("partner")),
                    ("budget", Answer::Number(9.0)),
                ]),
                item(&[("namn", text("Leder 2")), ("roll", text("lead"))]),
                // Only a hidden answer: the item counts as empty.
                item(&[("budget", Answer::Number(1.0))]),
            ]),
        )]);
        let submit = check(&q, UnitKind::Forvaltning, &a, Mode::Submit);
        assert_eq!(
            submit.answers["projekt"],
            Answer::Items(vec![
                item(&[
                    ("namn", text("Leder")),
                    ("roll", text("lead")),
                    ("budget", Answer::Number(5.0)),
                ]),
                // Not a lead partner: the budget is dropped, not required.
                item(&[("namn", text("Deltar")), ("roll", text("partner"))]),
                item(&[("namn", text("Leder 2")), ("roll", text("lead"))]),
                item(&[]),
            ])
        );
        assert_eq!(
            kinds_of(&submit.problems),
            vec![
                ("projekt[3].budget", &ProblemKind::Required),
                ("projekt[4].namn", &ProblemKind::Required),
                ("projekt[4]", &ProblemKind::EmptyItem),
            ]
        );
        let QuestionKind::Group { questions, .. } = &q.sections[0].questions[1].kind else {
            unreachable!()
        };
        let shown = |pairs: &[(&str, Answer)]| -> Vec<&str> {
            shown_in_item(questions, &item(pairs)).into_iter().collect()
        };
        assert_eq!(shown(&[]), vec!["namn", "roll", "start", "teman"]);
        assert_eq!(
            shown(&[("roll", text("lead"))]),
            vec!["budget", "namn", "roll", "start", "teman"]
        );
        // "Annat" is not lead.
        assert_eq!(
            shown(&[("roll", text(OTHER))]),
            vec!["namn", "roll", "start", "teman"]
        );
    }

    #[test]
    fn a_required_group_needs_an_item_and_a_group_is_never_other_things() {
        let q = with_group();
        let none = check(&q, UnitKind::Bolag, &Answers::new(), Mode::Submit);
        assert_eq!(
            kinds_of(&none.problems),
            vec![("projekt", &ProblemKind::Required)]
        );
        assert_eq!(
            check(&q, UnitKind::Bolag, &Answers::new(), Mode::Draft).problems,
            vec![]
        );
        // No items is no answer, whatever the JSON said.
        let empty = answers(&[("projekt", Answer::Items(vec![]))]);
        assert_eq!(
            check(&q, UnitKind::Bolag, &empty, Mode::Draft).answers,
            Answers::new()
        );
        for wrong in [text("JB Marks"), list(&["a"]), Answer::Bool(true)] {
            let c = check(
                &q,
                UnitKind::Bolag,
                &answers(&[("projekt", wrong)]),
                Mode::Draft,
            );
            assert_eq!(
                kinds_of(&c.problems),
                vec![("projekt", &ProblemKind::WrongType)]
            );
            assert!(c.answers.is_empty());
        }
        // Items where a plain question expects an answer are the wrong type.
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("fore", Answer::Items(vec![item(&[])]))]),
            Mode::Draft,
        );
        assert_eq!(
            kinds_of(&c.problems),
            vec![("fore", &ProblemKind::WrongType)]
        );
        // Nested items in an item are the wrong type for the sub-question.
        let nested = answers(&[(
            "projekt",
            Answer::Items(vec![item(&[("namn", Answer::Items(vec![item(&[])]))])]),
        )]);
        let c = check(&q, UnitKind::Bolag, &nested, Mode::Draft);
        assert_eq!(
            kinds_of(&c.problems),
            vec![("projekt[1].namn", &ProblemKind::WrongType)]
        );
    }

    #[test]
    fn more_items_than_allowed_are_refused_and_cut() {
        let q = with_group();
        let four = (0..4)
            .map(|i| item(&[("namn", text(&format!("P{i}")))]))
            .collect();
        let c = check(
            &q,
            UnitKind::Bolag,
            &answers(&[("projekt", Answer::Items(four))]),
            Mode::Draft,
        );
        assert_eq!(
            kinds_of(&c.problems),
            vec![("projekt", &ProblemKind::TooManyItems { max: 3 })]
        );
        let Answer::Items(kept) = &c.answers["projekt"] else {
            panic!()
        };
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2]["namn"], text("P2"));
    }

    #[test]
    fn group_fields_are_read_per_item_and_renumbered() {
        let q = with_group();
        let input = from_form(
            &q,
            &fields(&[
                ("fore", "Före"),
                ("projekt[1]", ""),
                ("projekt[1].namn", "Vushtrri"),
                ("projekt[1].teman", "b"),
                ("projekt[1].teman", "a"),
                ("projekt[1].roll", OTHER),
                ("projekt[1].roll.annat", "Observatör"),
                // Item 2 was removed in the browser: 4 becomes 2, 7 becomes 3.
                ("projekt[4]", ""),
                ("projekt[4].namn", ""),
                ("projekt[4].budget", "tolv"),
                ("projekt[7]", ""),
                ("projekt[7].okand", "x"),
                ("projekt[0].namn", "noll"),
                ("projekt[x].namn", "x"),
                ("fore[1].namn", "x"),
            ]),
        );
        assert_eq!(
            input.answers,
            answers(&[
                ("fore", text("Före")),
                (
                    "projekt",
                    Answer::Items(vec![
                        item(&[
                            ("namn", text("Vushtrri")),
                            ("teman", list(&["b", "a"])),
                            ("roll", text(OTHER)),
                            ("roll.annat", text("Observatör")),
                        ]),
                        item(&[]),
                        item(&[]),
                    ])
                ),
            ])
        );
        assert_eq!(
            kinds_of(&input.problems),
            vec![("projekt[2].budget", &ProblemKind::NotANumber)]
        );
        assert_eq!(
            input.unknown,
            vec![
                "projekt[7].okand".to_string(),
                "projekt[0].namn".to_string(),
                "projekt[x].namn".to_string(),
                "fore[1].namn".to_string(),
            ]
        );
        // No group fields at all: no answer (all items removed).
        assert_eq!(
            from_form(&q, &fields(&[("fore", "")])),
            FormInput::default()
        );
    }

    #[test]
    fn adding_and_removing_items_renumbers_the_fields() {
        let q = with_group();
        let posted = fields(&[
            ("_avsnitt", "s"),
            ("projekt[1]", ""),
            ("projekt[1].namn", "A"),
            ("projekt[3]", ""),
            ("projekt[3].namn", "B"),
            ("projekt[3].roll.annat", "Annat B"),
            ("fore", "x"),
        ]);
        assert_eq!(
            normalize_items(&q, &posted),
            fields(&[
                ("_avsnitt", "s"),
                ("projekt[1]", ""),
                ("projekt[1].namn", "A"),
                ("projekt[2]", ""),
                ("projekt[2].namn", "B"),
                ("projekt[2].roll.annat", "Annat B"),
                ("fore", "x"),
            ])
        );
        let add = ItemAction::parse("lagg_till:projekt").unwrap();
        let (added, anchor) = apply_item_action(&q, &posted, &add);
        assert_eq!(anchor, "f-projekt-3");
        assert_eq!(
            added.last().unwrap(),
            &("projekt[3]".to_string(), String::new())
        );
        let input = from_form(&q, &added);
        let Some(Answer::Items(items)) = input.answers.get("projekt") else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert!(items[2].is_empty());
        // Full: nothing is added.
        let (full, anchor) = apply_item_action(&q, &added, &add);
        assert_eq!(anchor, "f-projekt");
        let (full, _) = apply_item_action(&q, &full, &add);
        assert_eq!(full.iter().filter(|(k, _)| !k.contains('.')).count(), 5);
        // Removing the first: the second becomes the first.
        let remove = ItemAction::parse("ta_bort:projekt:1").unwrap();
        let (removed, anchor) = apply_item_action(&q, &posted, &remove);
        assert_eq!(anchor, "f-projekt");
        assert_eq!(
            removed,
            fields(&[
                ("_avsnitt", "s"),
                ("projekt[1]", ""),
                ("projekt[1].namn", "B"),
                ("projekt[1].roll.annat", "Annat B"),
                ("fore", "x"),
            ])
        );
        // The last one: no group fields left, so no answer.
        let (none, _) = apply_item_action(&q, &removed, &remove);
        assert!(!from_form(&q, &none).answers.contains_key("projekt"));
        // Actions that are not.
        for bad in [
            "nasta",
            "lagg_till:",
            "ta_bort:projekt",
            "ta_bort:projekt:0",
            "ta_bort::1",
            "ta_bort:projekt:x",
        ] {
            assert_eq!(ItemAction::parse(bad), None, "{bad}");
        }
        let unknown = ItemAction::parse("lagg_till:fore").unwrap();
        assert_eq!(apply_item_action(&q, &posted, &unknown).1, "");
    }

    #[test]
    fn item_keys_and_messages_name_the_item() {
        assert_eq!(
            parse_item_key("projekt[2].roll.annat"),
            Some(ItemKey {
                group: "projekt",
                n: 2,
                field: Some("roll.annat")
            })
        );
        assert_eq!(
            parse_item_key("projekt[12]"),
            Some(ItemKey {
                group: "projekt",
                n: 12,
                field: None
            })
        );
        for bad in [
            "projekt",
            "projekt[]",
            "projekt[0]",
            "[1].x",
            "projekt[1]x",
            "projekt[1].",
            "projekt[-1]",
            "projekt[1001]",
        ] {
            assert_eq!(parse_item_key(bad), None, "{bad}");
        }
        assert_eq!(base_key("projekt[2].namn"), "projekt");
        assert_eq!(base_key("former.annat"), "former");
        assert_eq!(base_key("namn"), "namn");
        assert_eq!(
            crate::questionnaire::form::field_id("projekt[2].roll.annat"),
            "f-projekt-2-roll-annat"
        );

        let q = with_group();
        let message = |key: &str, kind: ProblemKind, lang: Lang| {
            problem_message(&q, &Problem::new(key, kind), lang)
        };
        assert_eq!(
            message("projekt[2].namn", ProblemKind::Required, Lang::Sv),
            "Projekt 2, ”Projektets namn”: Svara på frågan."
        );
        assert_eq!(
            message("projekt[2].namn", ProblemKind::Required, Lang::En),
            "Project 2, ”The project's name”: Answer the question."
        );
        assert_eq!(
            message(
                "projekt[1].roll.annat",
                ProblemKind::OtherTextMissing,
                Lang::Sv
            ),
            "Projekt 1, ”Fråga roll” (Annat): Skriv vad ”Annat” är."
        );
        assert_eq!(
            message("projekt[3]", ProblemKind::EmptyItem, Lang::Sv),
            "Projekt 3: Inget är ifyllt. Fyll i den eller ta bort den."
        );
        assert_eq!(
            message("projekt", ProblemKind::Required, Lang::Sv),
            "Fråga projekt: lägg till minst 1 projekt."
        );
        // A plain question is named too: a summary of several says which.
        assert_eq!(
            message("fore", ProblemKind::Required, Lang::Sv),
            "”Fråga fore”: Svara på frågan."
        );
        assert_eq!(
            message("fore.annat", ProblemKind::OtherTextMissing, Lang::Sv),
            "”Fråga fore” (Annat): Skriv vad ”Annat” är."
        );
    }

    // ---- properties ------------------------------------------------------

    const POOL_KEYS: &[&str] = &["a", "b", "c", "d", "e", "f", "Ogiltig nyckel", ""];
    const POOL_VALUES: &[&str] = &["x", "y", "z", "ja", "nej", OTHER, "", "Z"];

    fn arb_text() -> impl Strategy<Value = Text> {
        prop_oneof![
            Just(Text::new("Text", "")),
            Just(Text::default()),
            ".{0,20}".prop_map(|s| Text::new(s, "en")),
        ]
    }

    fn arb_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            (-5i32..10).prop_map(f64::from),
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(0.5),
        ]
    }

    fn arb_options() -> impl Strategy<Value = Vec<Choice>> {
        prop::collection::vec((prop::sample::select(POOL_VALUES), arb_text()), 0..5).prop_map(|v| {
            v.into_iter()
                .map(|(k, label)| Choice {
                    key: k.to_string(),
                    label,
                })
                .collect()
        })
    }

    fn arb_kind() -> impl Strategy<Value = QuestionKind> {
        let sub = (
            prop::sample::select(&["n", "r", "x", "x", "Fel"][..]),
            arb_plain_kind(),
            any::<bool>(),
        )
            .prop_map(|(key, kind, required)| Question {
                required,
                ..question(key, kind)
            });
        prop_oneof![
            8 => arb_plain_kind(),
            1 => (prop::collection::vec(sub, 0..4), prop_oneof![Just(0u32), 1u32..4, Just(200)])
                .prop_map(|(questions, max_items)| QuestionKind::Group {
                    questions,
                    max_items,
                    item_label: Text::new("Post", "Item"),
                    add_label: Text::default(),
                }),
        ]
    }

    fn arb_plain_kind() -> impl Strategy<Value = QuestionKind> {
        prop_oneof![
            (arb_options(), any::<bool>())
                .prop_map(|(options, other)| QuestionKind::SingleChoice { options, other }),
            (arb_options(), any::<bool>())
                .prop_map(|(options, other)| QuestionKind::MultipleChoice { options, other }),
            Just(QuestionKind::YesNo),
            (arb_text(), arb_text()).prop_map(|(min_label, max_label)| QuestionKind::Scale {
                min_label,
                max_label
            }),
            (
                prop::option::of(arb_f64()),
                prop::option::of(arb_f64()),
                any::<bool>()
            )
                .prop_map(|(min, max, integer)| QuestionKind::Number {
                    min,
                    max,
                    integer
                }),
            prop_oneof![0u32..30, any::<u32>()]
                .prop_map(|max_length| QuestionKind::ShortText { max_length }),
            prop_oneof![0u32..30, any::<u32>()]
                .prop_map(|max_length| QuestionKind::LongText { max_length }),
            Just(QuestionKind::Email),
            Just(QuestionKind::Date),
        ]
    }

    fn arb_kinds() -> impl Strategy<Value = Vec<UnitKind>> {
        prop::collection::vec(prop::sample::select(UnitKind::ALL.to_vec()), 0..3)
    }

    fn arb_condition() -> impl Strategy<Value = Option<Condition>> {
        prop::option::weighted(
            0.4,
            (
                prop::sample::select(POOL_KEYS),
                prop::collection::vec(prop::sample::select(POOL_VALUES), 0..3),
            )
                .prop_map(|(q, any_of)| Condition {
                    question: q.to_string(),
                    any_of: any_of.into_iter().map(String::from).collect(),
                }),
        )
    }

    fn arb_question() -> impl Strategy<Value = Question> {
        (
            prop::sample::select(POOL_KEYS),
            arb_text(),
            arb_kind(),
            any::<bool>(),
            arb_kinds(),
            arb_condition(),
        )
            .prop_map(|(key, text, kind, required, kinds, condition)| Question {
                key: key.to_string(),
                text,
                help: Text::default(),
                kind,
                required,
                kinds,
                condition,
            })
    }

    /// Small questionnaires, valid or not, with keys from a small pool so
    /// that conditions, repeats and "Annat" keys meet often.
    pub(crate) fn arb_questionnaire() -> impl Strategy<Value = Questionnaire> {
        let section = (
            prop::sample::select(&["s1", "s2", "s2", "S", ""][..]),
            arb_text(),
            arb_kinds(),
            arb_condition(),
            prop::collection::vec(arb_question(), 0..5),
        )
            .prop_map(|(key, title, kinds, condition, questions)| Section {
                key: key.to_string(),
                title,
                intro: Text::default(),
                kinds,
                condition,
                questions,
            });
        (arb_text(), prop::collection::vec(section, 0..4)).prop_map(|(title, sections)| {
            Questionnaire {
                title,
                intro: Text::default(),
                sections,
            }
        })
    }

    fn arb_string(pool: Vec<String>) -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(pool),
            1 => ".{0,30}",
            1 => "[ 0-9,.\u{a0}-]{0,8}",
            1 => Just("2026-02-29".to_string()),
            1 => Just("namn@kommun.se".to_string()),
            1 => (0usize..3000).prop_map(|n| "å".repeat(n)),
        ]
    }

    fn arb_plain_answer(pool: Vec<String>) -> impl Strategy<Value = Answer> {
        prop_oneof![
            any::<bool>().prop_map(Answer::Bool),
            arb_f64().prop_map(Answer::Number),
            arb_string(pool.clone()).prop_map(Answer::Text),
            prop::collection::vec(arb_string(pool), 0..5).prop_map(Answer::List),
        ]
    }

    fn arb_answer(pool: Vec<String>) -> impl Strategy<Value = Answer> {
        let item = prop::collection::btree_map(
            prop::sample::select(vec![
                "n".to_string(),
                "r".to_string(),
                "x".to_string(),
                "x.annat".to_string(),
                "okand".to_string(),
            ]),
            arb_plain_answer(pool.clone()),
            0..4,
        );
        prop_oneof![
            6 => arb_plain_answer(pool),
            1 => prop::collection::vec(item, 0..5).prop_map(Answer::Items),
        ]
    }

    /// Keys and values that matter to `q`, for answers and form fields.
    fn pools(q: &Questionnaire) -> (Vec<String>, Vec<String>) {
        let mut keys: Vec<String> = POOL_KEYS.iter().map(|s| s.to_string()).collect();
        let mut values: Vec<String> = POOL_VALUES.iter().map(|s| s.to_string()).collect();
        values.extend(["1", "5", "3,5", "-0", " x "].map(String::from));
        for (_, question) in q.questions() {
            keys.push(question.key.clone());
            keys.push(other_key(&question.key));
            values.extend(question.kind.options().iter().map(|o| o.key.clone()));
            for sub in question.kind.sub_questions() {
                values.extend(sub.kind.options().iter().map(|o| o.key.clone()));
                for n in [1, 2, 5] {
                    keys.push(item_key(&question.key, n));
                    keys.push(item_field(&question.key, n, &sub.key));
                    keys.push(other_key(&item_field(&question.key, n, &sub.key)));
                }
            }
        }
        keys.extend(["_token", "x.annat", "a.annat", "a[0].x", "a[1]"].map(String::from));
        (keys, values)
    }

    fn arb_answers(q: &Questionnaire) -> impl Strategy<Value = Answers> {
        let (keys, values) = pools(q);
        prop::collection::btree_map(
            prop_oneof![4 => prop::sample::select(keys), 1 => ".{0,10}"],
            arb_answer(values),
            0..25,
        )
    }

    fn arb_fields(q: &Questionnaire) -> impl Strategy<Value = Vec<(String, String)>> {
        let (keys, values) = pools(q);
        prop::collection::vec(
            (
                prop_oneof![4 => prop::sample::select(keys), 1 => ".{0,10}"],
                arb_string(values),
            ),
            0..30,
        )
    }

    fn with_answers(
        q: impl Strategy<Value = Questionnaire>,
    ) -> impl Strategy<Value = (Questionnaire, UnitKind, Answers)> {
        q.prop_flat_map(|q| {
            let answers = arb_answers(&q);
            (
                Just(q),
                prop::sample::select(UnitKind::ALL.to_vec()),
                answers,
            )
        })
    }

    fn with_fields(
        q: impl Strategy<Value = Questionnaire>,
    ) -> impl Strategy<Value = (Questionnaire, Vec<(String, String)>)> {
        q.prop_flat_map(|q| {
            let fields = arb_fields(&q);
            (Just(q), fields)
        })
    }

    fn default_q() -> impl Strategy<Value = Questionnaire> {
        Just(crate::questionnaire::default::default_questionnaire())
    }

    /// What must hold for any check result.
    fn check_properties(
        q: &Questionnaire,
        kind: UnitKind,
        a: &Answers,
    ) -> Result<(), TestCaseError> {
        for mode in [Mode::Draft, Mode::Submit] {
            let c = check(q, kind, a, mode);
            let raw = visibility(q, kind, a);
            let own = visibility(q, kind, &c.answers);
            for (key, value) in &c.answers {
                let base = key.strip_suffix(".annat").unwrap_or(key);
                let question = q.question(base);
                prop_assert!(question.is_some(), "{key} is not a question");
                prop_assert!(raw.question(base), "{key} is hidden");
                prop_assert!(own.question(base), "{key} is hidden once checked");
                prop_assert!(is_answered(value), "{key} is empty");
                if let Answer::Number(n) = value {
                    prop_assert!(n.is_finite());
                }
                if let Answer::Items(items) = value {
                    // With repeated keys (an invalid questionnaire) any of them.
                    let groups: Vec<&Question> = q
                        .questions()
                        .map(|(_, x)| x)
                        .filter(|x| x.key == *key && x.kind.is_group())
                        .collect();
                    prop_assert!(!groups.is_empty(), "{key} holds items");
                    for item in items {
                        for (sub, value) in item {
                            let sub_base = sub.strip_suffix(".annat").unwrap_or(sub);
                            prop_assert!(
                                groups.iter().any(|g| g
                                    .kind
                                    .sub_questions()
                                    .iter()
                                    .any(|x| x.key == sub_base)),
                                "{key}: {sub} is not a sub-question"
                            );
                            prop_assert!(is_answered(value), "{key}: {sub} is empty");
                            prop_assert!(
                                !matches!(value, Answer::Items(_)),
                                "{key}: {sub} nests items"
                            );
                            if let Answer::Number(n) = value {
                                prop_assert!(n.is_finite());
                            }
                        }
                    }
                }
            }
            for p in &c.problems {
                let base = base_key(&p.key);
                prop_assert!(
                    own.question(base) && raw.question(base),
                    "problem for hidden {}",
                    p.key
                );
                prop_assert!(!p.message(Lang::Sv).is_empty());
                prop_assert!(!p.message(Lang::En).is_empty());
            }
            // Checking again changes nothing.
            let again = check(q, kind, &c.answers, Mode::Draft);
            prop_assert_eq!(&again.answers, &c.answers);
            prop_assert_eq!(again.problems, vec![]);
            if mode == Mode::Draft {
                prop_assert!(c.problems.iter().all(|p| p.kind != ProblemKind::Required
                    && p.kind != ProblemKind::OtherTextMissing
                    && p.kind != ProblemKind::EmptyItem));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn check_on_the_default_never_panics_and_keeps_only_visible((q, kind, a) in with_answers(default_q())) {
            check_properties(&q, kind, &a)?;
        }

        #[test]
        fn check_on_generated_questionnaires((q, kind, a) in with_answers(arb_questionnaire())) {
            check_properties(&q, kind, &a)?;
        }

        #[test]
        fn from_form_on_the_default_never_panics((q, f) in with_fields(default_q())) {
            let input = from_form(&q, &f);
            for key in input.answers.keys() {
                let base = key.strip_suffix(".annat").unwrap_or(key);
                prop_assert!(q.question(base).is_some());
            }
            for name in &input.unknown {
                prop_assert!(!name.starts_with('_'));
            }
            for kind in UnitKind::ALL {
                check_properties(&q, kind, &input.answers)?;
            }
        }

        #[test]
        fn from_form_on_generated_questionnaires((q, f) in with_fields(arb_questionnaire())) {
            let input = from_form(&q, &f);
            for kind in UnitKind::ALL {
                check_properties(&q, kind, &input.answers)?;
            }
        }

        #[test]
        fn item_actions_keep_item_numbers_dense((q, f) in with_fields(arb_questionnaire()), n in 1usize..4) {
            for (_, g) in q.questions().filter(|(_, x)| x.kind.is_group()) {
                for action in [ItemAction::Add(g.key.clone()), ItemAction::Remove(g.key.clone(), n)] {
                    let (fields, _) = apply_item_action(&q, &f, &action);
                    let numbers: BTreeSet<usize> = fields
                        .iter()
                        .filter_map(|(k, _)| parse_item_key(k))
                        .filter(|i| i.group == g.key)
                        .map(|i| i.n)
                        .collect();
                    prop_assert!(numbers.iter().copied().eq(1..=numbers.len()), "{numbers:?}");
                    let input = from_form(&q, &fields);
                    for kind in UnitKind::ALL {
                        check_properties(&q, kind, &input.answers)?;
                    }
                }
            }
        }

        #[test]
        fn parse_number_never_panics_and_reads_back(s in ".{0,40}", n in -1e12f64..1e12) {
            if let Some(x) = parse_number(&s) {
                prop_assert!(x.is_finite());
            }
            prop_assert_eq!(parse_number(&format!("{n}")), Some(if n == 0.0 { 0.0 } else { n }));
            prop_assert_eq!(parse_number(&crate::questionnaire::model::format_number(n)), Some(if n == 0.0 { 0.0 } else { n }));
        }

        #[test]
        fn email_and_date_never_panic(s in ".{0,300}") {
            let _ = crate::email::is_valid_email(&s);
            let _ = is_valid_date(&s);
        }
    }
}
