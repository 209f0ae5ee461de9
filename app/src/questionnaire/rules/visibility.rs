//! Which sections and questions a unit sees, given its kind and answers.

use crate::questionnaire::model::{
    applies_to, Answer, Answers, Condition, Question, QuestionKind, Questionnaire, OTHER,
};
use crate::vocabulary::UnitKind;
use std::collections::BTreeSet;

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

pub(super) fn section_shown(
    q: &Questionnaire,
    section: &crate::questionnaire::model::Section,
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

pub(super) fn question_shown(
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
pub(super) fn condition_holds(
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
pub(super) fn answer_meets(source: &Question, condition: &Condition, answers: &Answers) -> bool {
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
pub(super) fn offers(kind: &QuestionKind, key: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::model::*;
    use crate::questionnaire::rules::tests::*;

    use crate::vocabulary::UnitKind;

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
}
