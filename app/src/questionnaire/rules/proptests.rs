//! Property tests: no questionnaire, answers or form fields make the rules
//! panic, and what they keep is always valid and visible.

use super::tests::*;
use super::*;
use crate::i18n::Lang;
use crate::questionnaire::model::{Answer, Answers, Question, Questionnaire};
use crate::vocabulary::UnitKind;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// What must hold for any check result.
fn check_properties(q: &Questionnaire, kind: UnitKind, a: &Answers) -> Result<(), TestCaseError> {
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
