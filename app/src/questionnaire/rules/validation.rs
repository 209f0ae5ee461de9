//! Checking answers against the questionnaire before they are stored.

use super::*;
use crate::questionnaire::model::{
    other_key, Answer, Answers, Question, QuestionKind, Questionnaire, GROUP_ITEMS_LIMIT, OTHER,
    SHORT_TEXT_MAX,
};
use crate::vocabulary::UnitKind;
use std::collections::BTreeSet;

/// How strictly answers are checked: a draft may be incomplete, a submitted
/// answer must have every required question answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Draft,
    Submit,
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
pub(super) fn check_question(
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
pub(super) fn group_limit(max_items: u32) -> usize {
    max_items.clamp(1, GROUP_ITEMS_LIMIT) as usize
}

/// Checks a repeating group: every item's sub-questions as questions of
/// their own, problems keyed `group[n].key`. Items are kept even when empty
/// (the respondent added them and will fill them in); submitting needs them
/// filled in or removed.
pub(super) fn check_group(question: &Question, answers: &Answers, mode: Mode, out: &mut Checked) {
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

pub(super) fn too_long(text: &str, max: u32) -> bool {
    // Bytes are at least as many as characters: skip counting short texts.
    text.len() > max as usize && text.chars().count() > max as usize
}

/// At most 100 characters of an offending value, for [`ProblemKind::UnknownOption`].
pub(super) fn shown_value(value: &str) -> String {
    value.chars().take(100).collect()
}

/// Checks one answered value against the question type; the value to store.
pub(super) fn validate(kind: &QuestionKind, raw: &Answer) -> Result<Answer, ProblemKind> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::model::*;
    use crate::questionnaire::rules::tests::*;

    use crate::vocabulary::UnitKind;

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
}
