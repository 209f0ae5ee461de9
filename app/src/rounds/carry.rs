//! Carrying a unit's submitted answers from an earlier round into a new one.
//!
//! A round can be based on an earlier round of the same questionnaire (or of
//! a later version of it). Every unit that submitted there starts the new
//! round with its form prefilled with those answers, and confirms each part
//! ("Stämmer fortfarande") or changes it. Questions match by key, options by
//! key. What cannot be carried — a question that is gone, a question of
//! another type, an option that is gone, a value the new version no longer
//! accepts, a question the unit is no longer shown — is left out and named in
//! a [`Note`], never dropped silently.
//!
//! Pure: no database, no Leptos.

use crate::questionnaire::model::{
    other_key, Answer, Answers, Question, QuestionKind, Questionnaire, Text, OTHER,
};
use crate::questionnaire::rules::{base_key, check, Mode};
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Why an earlier answer was not carried over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The question is no longer in the questionnaire.
    Removed,
    /// The question is now of another type.
    KindChanged,
    /// Options chosen earlier that the question no longer offers (their
    /// earlier labels); the other choices were carried.
    OptionsRemoved(Vec<Text>),
    /// The new version does not accept the earlier value (a new limit).
    NoLongerValid,
    /// The unit is no longer shown the question (its type of unit, or a
    /// condition on another answer).
    NotShown,
}

/// One answer, or part of one, that was not carried over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The question's key (a repeating group's key for its sub-questions).
    pub key: String,
    /// The question as it read in the earlier round; for a group's
    /// sub-question, "Group – sub-question".
    pub question: Text,
    pub reason: Reason,
}

impl Note {
    /// "Partnerländer: frågan finns inte längre."
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let why = match &self.reason {
            Reason::Removed => lang
                .t("frågan finns inte längre", "the question is gone")
                .to_string(),
            Reason::KindChanged => lang
                .t(
                    "frågan ställs nu på ett annat sätt",
                    "the question is now asked differently",
                )
                .to_string(),
            Reason::OptionsRemoved(labels) => {
                let names: Vec<String> = labels
                    .iter()
                    .map(|l| format!("”{}”", l.get(lang)))
                    .collect();
                match lang {
                    crate::i18n::Lang::Sv => {
                        format!("{} finns inte längre som svarsalternativ", names.join(", "))
                    }
                    crate::i18n::Lang::En => {
                        format!("{} is no longer an option", names.join(", "))
                    }
                }
            }
            Reason::NoLongerValid => lang
                .t(
                    "det tidigare svaret passar inte frågan som den ser ut nu",
                    "the earlier answer does not fit the question as it is now",
                )
                .to_string(),
            Reason::NotShown => lang
                .t(
                    "frågan visas inte längre för er verksamhet",
                    "the question is no longer shown to your unit",
                )
                .to_string(),
        };
        format!("{}: {why}.", self.question.get(lang))
    }
}

/// The answers a unit starts a round with, and what could not come along.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    pub answers: Answers,
    pub notes: Vec<Note>,
}

/// Carries `earlier` (answers submitted to questionnaire `from`) into
/// questionnaire `to` for a unit of `kind`.
pub fn carry(
    from: &Questionnaire,
    to: &Questionnaire,
    kind: UnitKind,
    earlier: &Answers,
) -> Carried {
    let mut out = Notes::default();
    // In the earlier questionnaire's order, so the notes read as its form did.
    for (_, old) in from.questions() {
        let Some(value) = earlier.get(&old.key) else {
            continue;
        };
        let Some(new) = to.question(&old.key) else {
            note(&mut out, &old.key, old.text.clone(), Reason::Removed);
            continue;
        };
        if old.kind.name() != new.kind.name() {
            note(&mut out, &old.key, old.text.clone(), Reason::KindChanged);
            continue;
        }
        if let (
            QuestionKind::Group {
                questions: old_subs,
                ..
            },
            QuestionKind::Group {
                questions: new_subs,
                ..
            },
            Answer::Items(items),
        ) = (&old.kind, &new.kind, value)
        {
            let mut carried_items = Vec::with_capacity(items.len());
            for item in items {
                let mut carried = Answers::new();
                for sub in old_subs {
                    let Some(sub_value) = item.get(&sub.key) else {
                        continue;
                    };
                    let label = Text::new(
                        format!("{} – {}", old.text.sv, sub.text.sv),
                        format!(
                            "{} – {}",
                            old.text.get(crate::i18n::Lang::En),
                            sub.text.get(crate::i18n::Lang::En)
                        ),
                    );
                    let note_key = format!("{}.{}", old.key, sub.key);
                    let Some(new_sub) = new_subs.iter().find(|s| s.key == sub.key) else {
                        note(&mut out, &note_key, label, Reason::Removed);
                        continue;
                    };
                    if sub.kind.name() != new_sub.kind.name() {
                        note(&mut out, &note_key, label, Reason::KindChanged);
                        continue;
                    }
                    match choices(sub, new_sub, sub_value) {
                        Ok(value) => {
                            carried.insert(sub.key.clone(), value);
                        }
                        Err(reason) => {
                            // Part of a list may still have come along.
                            if let (Reason::OptionsRemoved(_), Some(kept)) =
                                (&reason, kept_choices(sub, new_sub, sub_value))
                            {
                                carried.insert(sub.key.clone(), kept);
                            }
                            note(&mut out, &note_key, label, reason);
                        }
                    }
                    carry_other(sub, new_sub, item, &mut carried);
                }
                if !carried.is_empty() {
                    carried_items.push(carried);
                }
            }
            if !carried_items.is_empty() {
                out.answers
                    .insert(old.key.clone(), Answer::Items(carried_items));
            }
            continue;
        }
        match choices(old, new, value) {
            Ok(value) => {
                out.answers.insert(old.key.clone(), value);
            }
            Err(reason) => {
                if let (Reason::OptionsRemoved(_), Some(kept)) =
                    (&reason, kept_choices(old, new, value))
                {
                    out.answers.insert(old.key.clone(), kept);
                }
                note(&mut out, &old.key, old.text.clone(), reason);
            }
        }
        carry_other(old, new, earlier, &mut out.answers);
    }
    // What the new version refuses, or no longer shows this unit, goes too.
    let checked = check(to, kind, &out.answers, Mode::Draft);
    for problem in &checked.problems {
        let key = base_key(&problem.key).to_string();
        let question = from
            .question(&key)
            .map(|q| q.text.clone())
            .unwrap_or_else(|| Text::new(key.clone(), ""));
        note(&mut out, &key, question, Reason::NoLongerValid);
    }
    let keys: Vec<String> = out.answers.keys().cloned().collect();
    for key in keys {
        let base = key.split('.').next().unwrap_or(&key);
        if !checked.answers.contains_key(&key) && !out.noted.contains(base) {
            if let Some(old) = from.question(base) {
                note(&mut out, base, old.text.clone(), Reason::NotShown);
            }
        }
    }
    Carried {
        answers: checked.answers,
        notes: out.notes,
    }
}

/// The carried answers so far, and each note once.
#[derive(Default)]
struct Notes {
    answers: Answers,
    notes: Vec<Note>,
    noted: BTreeSet<String>,
}

fn note(out: &mut Notes, key: &str, question: Text, reason: Reason) {
    if out.noted.insert(key.to_string()) {
        out.notes.push(Note {
            key: key.to_string(),
            question,
            reason,
        });
    }
}

/// The key of the project group, where projects reported between rounds go.
pub const PROJECTS: &str = "projekt";

/// Adds the projects the unit reported between the rounds (each one item of
/// the project group) to what it starts with. A reported project with the
/// name of a carried one replaces it: the report is newer (a project
/// reported finished). The group keeps at most its number of items, and
/// only what the new version accepts.
pub fn add_reported(
    to: &Questionnaire,
    kind: UnitKind,
    carried: &mut Carried,
    reported: &[Answers],
) {
    let Some(QuestionKind::Group { max_items, .. }) = to.question(PROJECTS).map(|q| &q.kind) else {
        return;
    };
    if reported.is_empty() {
        return;
    }
    let name = |item: &Answers| match item.get("namn") {
        Some(Answer::Text(t)) => crate::analysis::projects::name_key(t),
        _ => String::new(),
    };
    let mut items = match carried.answers.remove(PROJECTS) {
        Some(Answer::Items(items)) => items,
        _ => Vec::new(),
    };
    for report in reported {
        let key = name(report);
        match items
            .iter_mut()
            .find(|item| !key.is_empty() && name(item) == key)
        {
            Some(item) => item.extend(report.clone()),
            None => items.push(report.clone()),
        }
    }
    items.truncate((*max_items).clamp(1, crate::questionnaire::model::GROUP_ITEMS_LIMIT) as usize);
    carried
        .answers
        .insert(PROJECTS.to_string(), Answer::Items(items));
    // Checked as the new version asks, except that the reports stay even
    // where the group is not shown yet: a unit that did not answer last time
    // has no activity level, and the group shows once it says it has one.
    let mut open = to.clone();
    for section in &mut open.sections {
        if section.questions.iter().any(|q| q.key == PROJECTS) {
            section.condition = None;
        }
    }
    if let Some(group) = open.question_mut(PROJECTS) {
        group.condition = None;
    }
    carried.answers = check(&open, kind, &carried.answers, Mode::Draft).answers;
}

/// [`carry`] from and to JSON as stored: the unit's kind key and its
/// submitted answers (None when it did not submit) in, with the projects it
/// reported since; the carried answers and the notes out. None when nothing
/// is carried and nothing needs saying.
pub fn carry_json(
    from: &Questionnaire,
    to: &Questionnaire,
    kind: &str,
    answers: Option<&str>,
    reported: &[Answers],
) -> Option<(String, String)> {
    let earlier: Answers = match answers {
        Some(json) => serde_json::from_str(json).ok()?,
        None => Answers::new(),
    };
    let kind = UnitKind::parse(kind).unwrap_or(UnitKind::Annat);
    let mut carried = carry(from, to, kind, &earlier);
    add_reported(to, kind, &mut carried, reported);
    if carried.answers.is_empty() && carried.notes.is_empty() {
        return None;
    }
    Some((
        serde_json::to_string(&carried.answers).ok()?,
        serde_json::to_string(&carried.notes).ok()?,
    ))
}

/// A value whose options all still exist, unchanged; `Err` says why not.
fn choices(old: &Question, new: &Question, value: &Answer) -> Result<Answer, Reason> {
    let gone = removed_options(old, new, value);
    if gone.is_empty() {
        Ok(value.clone())
    } else {
        Err(Reason::OptionsRemoved(gone))
    }
}

/// The earlier labels of the chosen options the new question lacks.
fn removed_options(old: &Question, new: &Question, value: &Answer) -> Vec<Text> {
    let chosen: Vec<&str> = match (&old.kind, value) {
        (QuestionKind::SingleChoice { .. }, Answer::Text(t)) => vec![t.as_str()],
        (QuestionKind::MultipleChoice { .. }, Answer::List(list)) => {
            list.iter().map(String::as_str).collect()
        }
        _ => return Vec::new(),
    };
    chosen
        .into_iter()
        .filter(|key| !offered(new, key))
        .map(|key| {
            old.kind
                .options()
                .iter()
                .find(|o| o.key == key)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| {
                    if key == OTHER {
                        Text::new("Annat", "Other")
                    } else {
                        Text::new(key, "")
                    }
                })
        })
        .collect()
}

fn offered(question: &Question, key: &str) -> bool {
    (key == OTHER && question.kind.has_other())
        || question.kind.options().iter().any(|o| o.key == key)
}

/// A multiple choice with the options that still exist, if any do.
fn kept_choices(old: &Question, new: &Question, value: &Answer) -> Option<Answer> {
    match (&old.kind, value) {
        (QuestionKind::MultipleChoice { .. }, Answer::List(list)) => {
            let kept: Vec<String> = list.iter().filter(|k| offered(new, k)).cloned().collect();
            (!kept.is_empty()).then_some(Answer::List(kept))
        }
        _ => None,
    }
}

/// The "Annat" text, when "Annat" was chosen and is still offered.
fn carry_other(old: &Question, new: &Question, from: &Answers, into: &mut Answers) {
    let key = other_key(&old.key);
    if old.kind.has_other() && new.kind.has_other() {
        if let Some(text) = from.get(&key) {
            into.insert(key, text.clone());
        }
    }
}

/// How a submitted unit's answers relate to what it was given to start with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Continuity {
    /// Nothing was carried: the unit answered from the beginning.
    Fresh,
    /// Every carried answer was submitted as it was (answers to questions
    /// that had none before may have been added).
    Confirmed,
    /// At least one carried answer was changed or removed.
    Changed,
}

impl Continuity {
    pub fn of(carried: Option<&Answers>, submitted: &Answers) -> Continuity {
        match carried {
            None => Continuity::Fresh,
            Some(carried) if carried.is_empty() => Continuity::Fresh,
            Some(carried) if carried.iter().all(|(k, v)| submitted.get(k) == Some(v)) => {
                Continuity::Confirmed
            }
            Some(_) => Continuity::Changed,
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Continuity::Fresh => lang.t("Svarade från början", "Answered afresh"),
            Continuity::Confirmed => lang.t("Bekräftade oförändrat", "Confirmed unchanged"),
            Continuity::Changed => lang.t("Ändrade", "Changed"),
        }
    }
}

/// Whether the part `section` holds any carried answer.
pub fn part_has_carried(q: &Questionnaire, section: &str, carried: &Answers) -> bool {
    q.section(section).is_some_and(|s| {
        s.questions
            .iter()
            .any(|question| carried.contains_key(&question.key))
    })
}

/// The keys of the part's questions whose answer is still the carried one.
pub fn still_carried<'a>(
    q: &'a Questionnaire,
    section: &str,
    carried: &Answers,
    answers: &Answers,
) -> Vec<&'a str> {
    q.section(section)
        .map(|s| {
            s.questions
                .iter()
                .filter(|question| {
                    carried
                        .get(&question.key)
                        .is_some_and(|c| answers.get(&question.key) == Some(c))
                })
                .map(|question| question.key.as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;
    use crate::questionnaire::model::Choice;

    fn text(t: &str) -> Answer {
        Answer::Text(t.to_string())
    }

    fn list(items: &[&str]) -> Answer {
        Answer::List(items.iter().map(|s| s.to_string()).collect())
    }

    fn earlier() -> Answers {
        let mut a = Answers::new();
        a.insert("aktivitetsniva".into(), text("strategiskt"));
        a.insert("former".into(), list(&["eu_projekt", "vanort"]));
        a.insert("antal_projekt".into(), Answer::Number(3.0));
        a.insert("strategi".into(), text("kanner_till"));
        a
    }

    #[test]
    fn the_same_version_carries_everything_valid() {
        let q = default_questionnaire();
        let a = earlier();
        let c = carry(&q, &q, UnitKind::Forvaltning, &a);
        assert_eq!(
            c.answers,
            check(&q, UnitKind::Forvaltning, &a, Mode::Draft).answers
        );
        assert_eq!(c.answers.get("antal_projekt"), Some(&Answer::Number(3.0)));
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn a_removed_question_is_named() {
        let from = default_questionnaire();
        let mut to = from.clone();
        for s in &mut to.sections {
            s.questions.retain(|q| q.key != "strategi");
        }
        let c = carry(&from, &to, UnitKind::Forvaltning, &earlier());
        assert!(!c.answers.contains_key("strategi"));
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].key, "strategi");
        assert_eq!(c.notes[0].reason, Reason::Removed);
        assert!(c.notes[0]
            .message(crate::i18n::Lang::Sv)
            .contains("finns inte längre"));
    }

    #[test]
    fn a_removed_option_drops_a_single_choice_and_thins_a_multiple_one() {
        let from = default_questionnaire();
        let mut to = from.clone();
        let old_label = from
            .question("former")
            .unwrap()
            .kind
            .options()
            .iter()
            .find(|o| o.key == "vanort")
            .map(|o| o.label.clone());
        if let Some(options) = to.question_mut("former").unwrap().kind.options_mut() {
            options.retain(|o| o.key != "vanort");
        }
        let a = earlier();
        assert!(
            old_label.is_some(),
            "the default questionnaire offers vänort"
        );
        let c = carry(&from, &to, UnitKind::Forvaltning, &a);
        assert_eq!(c.answers.get("former"), Some(&list(&["eu_projekt"])));
        let former = c.notes.iter().find(|n| n.key == "former").unwrap();
        assert_eq!(
            former.reason,
            Reason::OptionsRemoved(vec![old_label.unwrap()])
        );
        assert!(former
            .message(crate::i18n::Lang::Sv)
            .contains("”Vänortssamarbete”"));
        assert_eq!(c.notes.len(), 1, "{:?}", c.notes);

        // A single choice whose option is gone goes, and so do the questions
        // shown only because of it.
        let mut to = from.clone();
        if let Some(options) = to
            .question_mut("aktivitetsniva")
            .unwrap()
            .kind
            .options_mut()
        {
            options.retain(|o| o.key != "strategiskt");
            options.push(Choice::new("planerat", "Planerat", "Planned"));
        }
        let c = carry(&from, &to, UnitKind::Forvaltning, &a);
        assert!(!c.answers.contains_key("aktivitetsniva"));
        assert!(!c.answers.contains_key("former"));
        let level = c.notes.iter().find(|n| n.key == "aktivitetsniva").unwrap();
        assert!(matches!(level.reason, Reason::OptionsRemoved(_)));
        let former = c.notes.iter().find(|n| n.key == "former").unwrap();
        assert_eq!(former.reason, Reason::NotShown);
    }

    #[test]
    fn a_question_of_another_type_is_not_carried() {
        let from = default_questionnaire();
        let mut to = from.clone();
        to.question_mut("antal_projekt").unwrap().kind = QuestionKind::ShortText { max_length: 50 };
        let c = carry(&from, &to, UnitKind::Forvaltning, &earlier());
        assert!(!c.answers.contains_key("antal_projekt"));
        assert_eq!(
            c.notes
                .iter()
                .find(|n| n.key == "antal_projekt")
                .map(|n| &n.reason),
            Some(&Reason::KindChanged)
        );
    }

    #[test]
    fn a_value_outside_a_new_limit_is_named() {
        let from = default_questionnaire();
        let mut to = from.clone();
        if let QuestionKind::Number { max, .. } =
            &mut to.question_mut("antal_projekt").unwrap().kind
        {
            *max = Some(2.0);
        }
        let c = carry(&from, &to, UnitKind::Forvaltning, &earlier());
        assert!(!c.answers.contains_key("antal_projekt"));
        assert_eq!(
            c.notes
                .iter()
                .find(|n| n.key == "antal_projekt")
                .map(|n| &n.reason),
            Some(&Reason::NoLongerValid)
        );
    }

    #[test]
    fn group_items_carry_field_by_field() {
        let from = default_questionnaire();
        let mut to = from.clone();
        if let QuestionKind::Group { questions, .. } = &mut to.question_mut("projekt").unwrap().kind
        {
            questions.retain(|q| q.key != "budget");
        }
        let mut item = Answers::new();
        item.insert("namn".into(), text("Baltic Bridges"));
        item.insert("budget".into(), Answer::Number(450_000.0));
        let mut a = Answers::new();
        a.insert("aktivitetsniva".into(), text("strategiskt"));
        a.insert("former".into(), list(&["eu_projekt"]));
        a.insert("projekt".into(), Answer::Items(vec![item.clone(), item]));
        let c = carry(&from, &to, UnitKind::Forvaltning, &a);
        let Some(Answer::Items(items)) = c.answers.get("projekt") else {
            panic!(
                "the projects were not carried: {:?} {:?}",
                c.answers, c.notes
            );
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].get("namn"), Some(&text("Baltic Bridges")));
        assert!(!items[0].contains_key("budget"));
        // Named once, not once per item.
        let notes: Vec<&Note> = c
            .notes
            .iter()
            .filter(|n| n.key == "projekt.budget")
            .collect();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].reason, Reason::Removed);
    }

    #[test]
    fn projects_reported_between_rounds_come_along() {
        let q = default_questionnaire();
        let project = |name: &str, status: &str| {
            let mut item = Answers::new();
            item.insert("namn".into(), text(name));
            item.insert("status".into(), text(status));
            item
        };
        let mut a = earlier();
        a.insert(
            "projekt".into(),
            Answer::Items(vec![project("Baltic Bridges", "pagaende")]),
        );
        let mut c = carry(&q, &q, UnitKind::Forvaltning, &a);
        add_reported(
            &q,
            UnitKind::Forvaltning,
            &mut c,
            &[
                project("baltic bridges", "avslutat"),
                project("Nytt nätverk", "pagaende"),
            ],
        );
        let Some(Answer::Items(items)) = c.answers.get("projekt") else {
            panic!("no projects: {:?}", c.answers);
        };
        assert_eq!(items.len(), 2, "the same project is not listed twice");
        assert_eq!(
            items[0].get("status"),
            Some(&text("avslutat")),
            "the report is newer"
        );
        assert_eq!(items[1].get("namn"), Some(&text("Nytt nätverk")));

        // A unit that did not answer last time starts with its reports.
        let json = carry_json(
            &q,
            &q,
            "forvaltning",
            None,
            &[project("Nytt nätverk", "pagaende")],
        );
        assert!(json.is_some_and(|(answers, _)| answers.contains("Nytt nätverk")));
        assert_eq!(carry_json(&q, &q, "forvaltning", None, &[]), None);
    }

    #[test]
    fn continuity_tells_confirmed_changed_and_fresh_apart() {
        let carried = earlier();
        assert_eq!(Continuity::of(None, &carried), Continuity::Fresh);
        assert_eq!(
            Continuity::of(Some(&carried), &carried),
            Continuity::Confirmed
        );
        let mut more = carried.clone();
        more.insert("betydelse".into(), Answer::Number(4.0));
        assert_eq!(Continuity::of(Some(&carried), &more), Continuity::Confirmed);
        let mut changed = carried.clone();
        changed.insert("antal_projekt".into(), Answer::Number(4.0));
        assert_eq!(
            Continuity::of(Some(&carried), &changed),
            Continuity::Changed
        );
        let mut cleared = carried.clone();
        cleared.remove("strategi");
        assert_eq!(
            Continuity::of(Some(&carried), &cleared),
            Continuity::Changed
        );
    }

    #[test]
    fn parts_know_their_carried_answers() {
        let q = default_questionnaire();
        let carried = carry(&q, &q, UnitKind::Forvaltning, &earlier()).answers;
        let section = q
            .sections
            .iter()
            .find(|s| s.questions.iter().any(|x| x.key == "antal_projekt"))
            .unwrap()
            .key
            .clone();
        assert!(part_has_carried(&q, &section, &carried));
        let mut now = carried.clone();
        assert!(still_carried(&q, &section, &carried, &now).contains(&"antal_projekt"));
        now.insert("antal_projekt".into(), Answer::Number(7.0));
        assert!(!still_carried(&q, &section, &carried, &now).contains(&"antal_projekt"));
    }
}
