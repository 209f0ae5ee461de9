//! Checks a questionnaire's structure (keys, texts, options, conditions).
//! Reading and writing questionnaires as JSON files is in `file_format`.
//!
//! Every problem is listed, with a place and a message in Swedish, so that a
//! person fixing an imported file sees everything at once.

use super::model::{
    is_valid_key, Condition, Question, QuestionKind, Questionnaire, Text, GROUP_ITEMS_LIMIT, OTHER,
    TEXT_LIMIT,
};
use std::collections::{BTreeMap, BTreeSet};

/// One thing wrong with a questionnaire's structure.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureProblem {
    /// Where, for people: "Enkäten", "Del 2", "Del 2, fråga ”antal_projekt”".
    pub place: String,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl StructureProblem {
    pub(super) fn new(place: impl Into<String>, message: impl Into<String>) -> StructureProblem {
        StructureProblem {
            place: place.into(),
            message: message.into(),
        }
    }
}

pub const MAX_SECTIONS: usize = 50;
pub const MAX_QUESTIONS: usize = 500;
pub const MAX_OPTIONS: usize = 100;
pub const TITLE_MAX: usize = 200;
pub const INTRO_MAX: usize = 4000;
pub const QUESTION_TEXT_MAX: usize = 1000;
pub const HELP_MAX: usize = 2000;
pub const OPTION_LABEL_MAX: usize = 300;
/// The largest file [`import_json`](super::file_format::import_json) reads, in bytes.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

const KEY_RULE: &str =
    "Använd bara a–z, 0–9 och understreck (_), börja med en bokstav och skriv högst 40 tecken.";

/// A key or value as quoted in a message: at most 40 characters.
pub(super) fn quoted(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    format!("”{out}”")
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks a questionnaire's structure; empty when it can be used.
/// A questionnaire with more parts or questions than allowed.
pub(super) fn size_problems(q: &Questionnaire) -> Vec<StructureProblem> {
    let top = "Enkäten";
    let mut problems = Vec::new();
    if q.sections.len() > MAX_SECTIONS {
        problems.push(StructureProblem::new(
            top,
            format!(
                "Enkäten har {} avsnitt. Den får ha högst {MAX_SECTIONS}.",
                q.sections.len()
            ),
        ));
    }
    // Sub-questions of groups count too: each is a field per item.
    let count = q.question_count()
        + q.questions()
            .map(|(_, x)| x.kind.sub_questions().len())
            .sum::<usize>();
    if count > MAX_QUESTIONS {
        problems.push(StructureProblem::new(
            top,
            format!("Enkäten har {count} frågor. Den får ha högst {MAX_QUESTIONS}."),
        ));
    }
    problems
}

pub fn check_structure(q: &Questionnaire) -> Vec<StructureProblem> {
    let mut problems = Vec::new();
    let mut add =
        |place: &str, message: String| problems.push(StructureProblem::new(place, message));

    // The questionnaire itself.
    let top = "Enkäten";
    if q.title.is_empty() {
        add(
            top,
            "Enkäten saknar namn. Skriv ett namn på svenska.".into(),
        );
    }
    text_lengths(&mut add, top, &q.title, TITLE_MAX, "Namnet");
    text_lengths(&mut add, top, &q.intro, INTRO_MAX, "Inledningen");
    for problem in size_problems(q) {
        add(&problem.place, problem.message);
    }

    // Where each question key first occurs: (section index, position overall).
    let mut first: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut position = 0usize;
    for (si, s) in q.sections.iter().enumerate() {
        for question in &s.questions {
            first.entry(question.key.as_str()).or_insert((si, position));
            position += 1;
        }
    }

    let mut section_keys: BTreeMap<&str, usize> = BTreeMap::new();
    let mut question_keys: BTreeMap<&str, String> = BTreeMap::new();
    let mut position = 0usize;
    for (si, s) in q.sections.iter().enumerate() {
        let place = format!("Del {}", si + 1);
        if s.key.is_empty() {
            add(&place, "Delen saknar nyckel.".into());
        } else if !is_valid_key(&s.key) {
            add(
                &place,
                format!(
                    "Nyckeln {} går inte att använda. {KEY_RULE}",
                    quoted(&s.key)
                ),
            );
        }
        if !s.key.is_empty() {
            match section_keys.get(s.key.as_str()) {
                Some(earlier) => add(
                    &place,
                    format!(
                        "Nyckeln {} används redan av avsnitt {}. Varje avsnitt måste ha en egen nyckel.",
                        quoted(&s.key),
                        earlier + 1
                    ),
                ),
                None => {
                    section_keys.insert(&s.key, si);
                }
            }
        }
        if s.title.is_empty() {
            add(
                &place,
                "Delen saknar rubrik. Skriv en rubrik på svenska.".into(),
            );
        }
        text_lengths(&mut add, &place, &s.title, TITLE_MAX, "Rubriken");
        text_lengths(&mut add, &place, &s.intro, INTRO_MAX, "Inledningen");
        kinds_unique(&mut add, &place, &s.kinds);
        if let Some(c) = &s.condition {
            let source = first.get(c.question.as_str());
            let earlier = source.is_some_and(|(source_section, _)| *source_section < si);
            let in_this = source.is_some_and(|(source_section, _)| *source_section == si);
            condition(
                &mut add,
                &place,
                q,
                c,
                earlier,
                if in_this {
                    "Villkoret för ett avsnitt kan inte bygga på en fråga i samma avsnitt. Välj en fråga i ett tidigare avsnitt."
                } else {
                    "Villkoret bygger på en fråga som kommer senare i enkäten. Villkoret för ett avsnitt måste bygga på en fråga i ett tidigare avsnitt."
                },
            );
        }

        for (qi, question) in s.questions.iter().enumerate() {
            let place = if question.key.is_empty() {
                format!("Del {}, fråga {}", si + 1, qi + 1)
            } else {
                format!("Del {}, fråga {}", si + 1, quoted(&question.key))
            };
            if question.key.is_empty() {
                add(&place, "Frågan saknar nyckel.".into());
            } else {
                if !is_valid_key(&question.key) {
                    add(
                        &place,
                        format!(
                            "Nyckeln {} går inte att använda. {KEY_RULE}",
                            quoted(&question.key)
                        ),
                    );
                }
                match question_keys.get(question.key.as_str()) {
                    Some(earlier) => add(
                        &place,
                        format!(
                            "Nyckeln {} används redan av en annan fråga ({earlier}). Varje fråga måste ha en egen nyckel.",
                            quoted(&question.key)
                        ),
                    ),
                    None => {
                        question_keys.insert(
                            &question.key,
                            format!("avsnitt {}, fråga {}", si + 1, qi + 1),
                        );
                    }
                }
            }
            check_question(&mut add, &place, question);
            if let Some(c) = &question.condition {
                let earlier = first
                    .get(c.question.as_str())
                    .is_some_and(|(_, source)| *source < position);
                let message = if c.question == question.key {
                    "Villkoret kan inte bygga på frågan själv. Välj en tidigare fråga."
                } else {
                    "Villkoret bygger på en fråga som kommer senare i enkäten. Ett villkor kan bara bygga på en tidigare fråga."
                };
                condition(&mut add, &place, q, c, earlier, message);
            }
            position += 1;
        }
    }
    problems
}

fn text_lengths(
    add: &mut impl FnMut(&str, String),
    place: &str,
    text: &Text,
    max: usize,
    what: &str,
) {
    if chars(&text.sv) > max {
        add(place, format!("{what} får vara högst {max} tecken."));
    }
    if chars(&text.en) > max {
        add(
            place,
            format!("{what} på engelska får vara högst {max} tecken."),
        );
    }
}

fn kinds_unique(
    add: &mut impl FnMut(&str, String),
    place: &str,
    kinds: &[crate::vocabulary::UnitKind],
) {
    let mut seen = BTreeSet::new();
    for kind in kinds {
        if !seen.insert(*kind) {
            add(
                place,
                format!(
                    "Typen av enhet ”{}” står flera gånger i listan över vilka som ska svara.",
                    kind.label(crate::i18n::Lang::Sv)
                ),
            );
        }
    }
}

fn check_question(add: &mut impl FnMut(&str, String), place: &str, question: &Question) {
    if question.text.is_empty() {
        add(place, "Frågan saknar text. Skriv frågan på svenska.".into());
    }
    text_lengths(add, place, &question.text, QUESTION_TEXT_MAX, "Frågan");
    text_lengths(add, place, &question.help, HELP_MAX, "Hjälptexten");
    kinds_unique(add, place, &question.kinds);
    match &question.kind {
        QuestionKind::SingleChoice { options, other }
        | QuestionKind::MultipleChoice { options, other } => {
            if options.is_empty() {
                add(
                    place,
                    "Frågan saknar svarsalternativ. Lägg till minst ett.".into(),
                );
            }
            if options.len() > MAX_OPTIONS {
                add(
                    place,
                    format!(
                        "Frågan har {} svarsalternativ. Den får ha högst {MAX_OPTIONS}.",
                        options.len()
                    ),
                );
            }
            let mut keys: BTreeSet<&str> = BTreeSet::new();
            for (oi, option) in options.iter().enumerate() {
                let here = format!("{place}, alternativ {}", oi + 1);
                if option.key.is_empty() {
                    add(&here, "Svarsalternativet saknar nyckel.".into());
                } else if !is_valid_key(&option.key) {
                    add(
                        &here,
                        format!(
                            "Nyckeln {} går inte att använda. {KEY_RULE}",
                            quoted(&option.key)
                        ),
                    );
                }
                if !option.key.is_empty() && !keys.insert(&option.key) {
                    add(
                        &here,
                        format!(
                            "Nyckeln {} finns redan i frågan. Varje svarsalternativ måste ha en egen nyckel.",
                            quoted(&option.key)
                        ),
                    );
                }
                if *other && option.key == OTHER {
                    add(
                        &here,
                        format!(
                            "Nyckeln ”{OTHER}” är reserverad för alternativet ”Annat”, som frågan redan har. Ge alternativet en annan nyckel."
                        ),
                    );
                }
                if option.label.is_empty() {
                    add(&here, "Svarsalternativet saknar text.".into());
                }
                text_lengths(
                    add,
                    &here,
                    &option.label,
                    OPTION_LABEL_MAX,
                    "Svarsalternativet",
                );
            }
        }
        QuestionKind::Scale {
            min_label,
            max_label,
        } => {
            text_lengths(add, place, min_label, TITLE_MAX, "Texten för 1");
            text_lengths(add, place, max_label, TITLE_MAX, "Texten för 5");
        }
        QuestionKind::Number { min, max, .. } => {
            if min.is_some_and(|n| !n.is_finite()) {
                add(place, "Det minsta tillåtna talet är inte ett tal.".into());
            }
            if max.is_some_and(|n| !n.is_finite()) {
                add(place, "Det största tillåtna talet är inte ett tal.".into());
            }
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    add(
                        place,
                        "Det minsta tillåtna talet är större än det största.".into(),
                    );
                }
            }
        }
        QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => {
            if *max_length < 1 || *max_length > TEXT_LIMIT {
                add(
                    place,
                    format!(
                        "Den högsta tillåtna längden måste vara mellan 1 och {TEXT_LIMIT} tecken."
                    ),
                );
            }
        }
        QuestionKind::YesNo | QuestionKind::Email | QuestionKind::Date => {}
        QuestionKind::Group {
            questions,
            max_items,
            item_label,
            add_label,
        } => check_group(add, place, questions, *max_items, item_label, add_label),
    }
}

/// A repeating group: its settings and its sub-questions, whose keys need
/// only be unique within the group.
fn check_group(
    add: &mut impl FnMut(&str, String),
    place: &str,
    questions: &[Question],
    max_items: u32,
    item_label: &Text,
    add_label: &Text,
) {
    if questions.is_empty() {
        add(
            place,
            "Gruppen saknar delfrågor. Lägg till minst en fråga som besvaras för varje post."
                .into(),
        );
    }
    if !(1..=GROUP_ITEMS_LIMIT).contains(&max_items) {
        add(
            place,
            format!("Det högsta antalet poster måste vara mellan 1 och {GROUP_ITEMS_LIMIT}."),
        );
    }
    if item_label.is_empty() {
        add(
            place,
            "Gruppen saknar namn på en post, till exempel ”Projekt”. Skriv det på svenska.".into(),
        );
    }
    text_lengths(add, place, item_label, TITLE_MAX, "Namnet på en post");
    text_lengths(
        add,
        place,
        add_label,
        TITLE_MAX,
        "Texten på knappen för att lägga till",
    );
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for (i, sub) in questions.iter().enumerate() {
        let here = if sub.key.is_empty() {
            format!("{place}, delfråga {}", i + 1)
        } else {
            format!("{place}, delfråga {}", quoted(&sub.key))
        };
        if sub.key.is_empty() {
            add(&here, "Delfrågan saknar nyckel.".into());
        } else if !is_valid_key(&sub.key) {
            add(
                &here,
                format!(
                    "Nyckeln {} går inte att använda. {KEY_RULE}",
                    quoted(&sub.key)
                ),
            );
        }
        if !sub.key.is_empty() && !keys.insert(&sub.key) {
            add(
                &here,
                format!(
                    "Nyckeln {} finns redan i gruppen. Varje delfråga måste ha en egen nyckel.",
                    quoted(&sub.key)
                ),
            );
        }
        if let Some(c) = &sub.condition {
            // Within the item: on an earlier sub-question of the same group.
            match questions.iter().position(|x| x.key == c.question) {
                Some(at) => condition_on(
                    add,
                    &here,
                    &questions[at],
                    c,
                    at < i,
                    if at == i {
                        "Villkoret kan inte bygga på delfrågan själv. Välj en tidigare delfråga."
                    } else {
                        "Villkoret bygger på en delfråga som kommer senare i gruppen. Ett villkor kan bara bygga på en tidigare delfråga."
                    },
                ),
                None => add(
                    &here,
                    format!(
                        "Villkoret bygger på {}, som inte är en delfråga i gruppen. En delfrågas villkor kan bara bygga på en tidigare delfråga i samma grupp.",
                        quoted(&c.question)
                    ),
                ),
            }
        }
        if !sub.kinds.is_empty() {
            add(
                &here,
                "En delfråga i en grupp gäller alla som ser gruppen. Ta bort valet av typer av enheter.".into(),
            );
        }
        if sub.kind.is_group() {
            add(&here, "En grupp kan inte innehålla en annan grupp.".into());
        } else {
            check_question(add, &here, sub);
        }
    }
}

/// Checks a condition on a question of the questionnaire; `earlier` says
/// whether its question comes early enough.
fn condition(
    add: &mut impl FnMut(&str, String),
    place: &str,
    q: &Questionnaire,
    c: &Condition,
    earlier: bool,
    too_late: &str,
) {
    let Some(source) = q.question(&c.question) else {
        add(
            place,
            format!(
                "Villkoret bygger på frågan {}, som inte finns i enkäten.",
                quoted(&c.question)
            ),
        );
        return;
    };
    condition_on(add, place, source, c, earlier, too_late);
}

/// Checks a condition on `source`, found where the condition may look.
fn condition_on(
    add: &mut impl FnMut(&str, String),
    place: &str,
    source: &Question,
    c: &Condition,
    earlier: bool,
    too_late: &str,
) {
    if !earlier {
        add(place, too_late.to_string());
    }
    if !source.kind.can_be_condition() {
        add(
            place,
            format!(
                "Villkoret bygger på frågan {}. Ett villkor kan bara bygga på en fråga med svarsalternativ eller ja/nej.",
                quoted(&c.question)
            ),
        );
        return;
    }
    if c.any_of.is_empty() {
        add(
            place,
            "Villkoret saknar svar att jämföra med. Välj minst ett svarsalternativ.".into(),
        );
    }
    let values = source.kind.condition_values();
    for value in &c.any_of {
        if !values.iter().any(|(k, _)| k == value) {
            add(
                place,
                format!(
                    "Villkoret använder {}, som inte är ett svarsalternativ i frågan {}.",
                    quoted(value),
                    quoted(&c.question)
                ),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;
    use crate::questionnaire::model::{Choice, Section, LONG_TEXT_MAX};
    use crate::questionnaire::rules::tests::{cond, multiple, question, section, single};
    use crate::vocabulary::UnitKind;

    pub(crate) fn small() -> Questionnaire {
        Questionnaire {
            title: Text::new("Liten enkät", "Small questionnaire"),
            intro: Text::new("Hej", ""),
            sections: vec![
                section(
                    "forsta",
                    vec![
                        question("aktiv", single(&["ja_mycket", "lite"], true)),
                        question("kontakt", QuestionKind::YesNo),
                        Question {
                            condition: cond("aktiv", &["lite", OTHER]),
                            ..question("hur", multiple(&["a", "b"], false))
                        },
                    ],
                ),
                Section {
                    condition: cond("kontakt", &["ja"]),
                    kinds: vec![UnitKind::Bolag, UnitKind::Annat],
                    ..section(
                        "andra",
                        vec![
                            question(
                                "antal",
                                QuestionKind::Number {
                                    min: Some(-1.5),
                                    max: Some(10.0),
                                    integer: false,
                                },
                            ),
                            question("namn", QuestionKind::ShortText { max_length: 20 }),
                            question(
                                "text",
                                QuestionKind::LongText {
                                    max_length: LONG_TEXT_MAX,
                                },
                            ),
                            question("epost", QuestionKind::Email),
                            question("datum", QuestionKind::Date),
                            question(
                                "skala",
                                QuestionKind::Scale {
                                    min_label: Text::new("Lite", "A little"),
                                    max_label: Text::default(),
                                },
                            ),
                        ],
                    )
                },
            ],
        }
    }

    pub(crate) fn messages(problems: &[StructureProblem]) -> Vec<String> {
        problems
            .iter()
            .map(|p| format!("{}: {}", p.place, p.message))
            .collect()
    }

    /// Asserts that exactly one problem is reported, at `place`, containing `needle`.
    pub(crate) fn one(q: &Questionnaire, place: &str, needle: &str) {
        let problems = check_structure(q);
        assert_eq!(problems.len(), 1, "{:#?}", messages(&problems));
        assert_eq!(problems[0].place, place, "{:#?}", messages(&problems));
        assert!(
            problems[0].message.contains(needle),
            "{:?} does not contain {needle:?}",
            problems[0].message
        );
    }

    #[test]
    fn a_good_questionnaire_has_no_problems() {
        assert_eq!(check_structure(&small()), vec![]);
        assert_eq!(check_structure(&default_questionnaire()), vec![]);
    }

    #[test]
    fn title_and_texts() {
        let mut q = small();
        q.title = Text::new("  ", "English only");
        one(&q, "Enkäten", "saknar namn");
        let mut q = small();
        q.title.sv = "x".repeat(201);
        one(&q, "Enkäten", "högst 200 tecken");
        let mut q = small();
        q.title.sv = "å".repeat(200);
        assert_eq!(check_structure(&q), vec![]);
        let mut q = small();
        q.intro.en = "x".repeat(INTRO_MAX + 1);
        one(&q, "Enkäten", "Inledningen på engelska");
        let mut q = small();
        q.sections[0].title = Text::default();
        one(&q, "Del 1", "saknar rubrik");
        let mut q = small();
        q.sections[0].questions[1].text.sv = String::new();
        one(&q, "Del 1, fråga ”kontakt”", "saknar text");
        let mut q = small();
        q.sections[0].questions[1].text.sv = "x".repeat(1001);
        one(&q, "Del 1, fråga ”kontakt”", "högst 1000 tecken");
        let mut q = small();
        q.sections[0].questions[1].help.sv = "x".repeat(2001);
        one(
            &q,
            "Del 1, fråga ”kontakt”",
            "Hjälptexten får vara högst 2000 tecken",
        );
    }

    #[test]
    fn too_many_sections_and_questions() {
        let mut q = small();
        for i in 0..MAX_SECTIONS {
            q.sections.push(section(&format!("s{i}"), vec![]));
        }
        one(&q, "Enkäten", "52 avsnitt");
        let mut q = small();
        let many = (0..MAX_QUESTIONS)
            .map(|i| question(&format!("q{i}"), QuestionKind::YesNo))
            .collect();
        q.sections.push(section("manga", many));
        one(&q, "Enkäten", "509 frågor");
    }

    #[test]
    fn section_keys() {
        let mut q = small();
        q.sections[1].key = "Andra del".into();
        one(&q, "Del 2", "går inte att använda");
        let mut q = small();
        q.sections[1].key = "forsta".into();
        one(&q, "Del 2", "används redan av avsnitt 1");
        let mut q = small();
        q.sections[1].key = String::new();
        one(&q, "Del 2", "saknar nyckel");
    }

    #[test]
    fn question_keys() {
        let mut q = small();
        q.sections[1].questions[0].key = "Antal projekt".into();
        one(&q, "Del 2, fråga ”Antal projekt”", "går inte att använda");
        let mut q = small();
        q.sections[1].questions[0].key = "a".repeat(41);
        assert_eq!(check_structure(&q).len(), 1);
        let mut q = small();
        q.sections[1].questions[1].key = "aktiv".into();
        one(
            &q,
            "Del 2, fråga ”aktiv”",
            "används redan av en annan fråga (avsnitt 1, fråga 1)",
        );
        let mut q = small();
        q.sections[1].questions[1].key = String::new();
        one(&q, "Del 2, fråga 2", "saknar nyckel");
    }

    #[test]
    fn choice_options() {
        let place = "Del 1, fråga ”aktiv”";
        fn options(q: &mut Questionnaire) -> &mut Vec<Choice> {
            q.sections[0].questions[0].kind.options_mut().unwrap()
        }
        let mut q = small();
        q.sections[0].questions[0].kind = single(&[], true);
        q.sections[0].questions[2].condition = cond("aktiv", &[OTHER]);
        one(&q, place, "saknar svarsalternativ");
        let mut q = small();
        *options(&mut q) = (0..101)
            .map(|i| Choice::new(&format!("o{i}"), "x", ""))
            .collect();
        q.sections[0].questions[2].condition = cond("aktiv", &["o1"]);
        one(&q, place, "101 svarsalternativ");
        let mut q = small();
        options(&mut q)[1].key = "Lite".into();
        q.sections[0].questions[2].condition = cond("aktiv", &[OTHER]);
        one(
            &q,
            &format!("{place}, alternativ 2"),
            "går inte att använda",
        );
        let mut q = small();
        options(&mut q)[1].key = "ja_mycket".into();
        q.sections[0].questions[2].condition = cond("aktiv", &[OTHER]);
        one(
            &q,
            &format!("{place}, alternativ 2"),
            "finns redan i frågan",
        );
        let mut q = small();
        options(&mut q)[1].label = Text::new(" ", "Some");
        one(&q, &format!("{place}, alternativ 2"), "saknar text");
        let mut q = small();
        options(&mut q)[1].label.sv = "x".repeat(301);
        one(&q, &format!("{place}, alternativ 2"), "högst 300 tecken");
        let mut q = small();
        options(&mut q)[1].key = OTHER.into();
        q.sections[0].questions[2].condition = cond("aktiv", &[OTHER]);
        one(&q, &format!("{place}, alternativ 2"), "reserverad");
        // Without "Annat" added, "annat" is an ordinary key.
        let mut q = small();
        q.sections[0].questions[0].kind = single(&["ja_mycket", "lite", OTHER], false);
        assert_eq!(check_structure(&q), vec![]);
    }

    #[test]
    fn number_bounds_and_text_lengths() {
        let place = "Del 2, fråga ”antal”";
        let set = |min, max| {
            let mut q = small();
            q.sections[1].questions[0].kind = QuestionKind::Number {
                min,
                max,
                integer: true,
            };
            q
        };
        one(&set(Some(5.0), Some(1.0)), place, "större än det största");
        one(
            &set(Some(f64::NAN), None),
            place,
            "minsta tillåtna talet är inte ett tal",
        );
        one(
            &set(None, Some(f64::INFINITY)),
            place,
            "största tillåtna talet är inte ett tal",
        );
        assert_eq!(check_structure(&set(Some(3.0), Some(3.0))), vec![]);
        assert_eq!(check_structure(&set(None, None)), vec![]);

        let place = "Del 2, fråga ”namn”";
        for bad in [0, TEXT_LIMIT + 1, u32::MAX] {
            let mut q = small();
            q.sections[1].questions[1].kind = QuestionKind::ShortText { max_length: bad };
            one(&q, place, "mellan 1 och 20000");
        }
        for good in [1, TEXT_LIMIT] {
            let mut q = small();
            q.sections[1].questions[1].kind = QuestionKind::LongText { max_length: good };
            assert_eq!(check_structure(&q), vec![]);
        }
    }

    #[test]
    fn conditions() {
        let place = "Del 1, fråga ”hur”";
        let with = |c| {
            let mut q = small();
            q.sections[0].questions[2].condition = c;
            q
        };
        one(&with(cond("saknas", &["ja"])), place, "som inte finns");
        one(&with(cond("hur", &["a"])), place, "frågan själv");
        one(
            &with(cond("aktiv", &[])),
            place,
            "saknar svar att jämföra med",
        );
        one(
            &with(cond("aktiv", &["mycket"])),
            place,
            "”mycket”, som inte är ett svarsalternativ",
        );
        one(&with(cond("kontakt", &["ja", "kanske"])), place, "”kanske”");
        // A later question.
        let mut q = with(cond("antal", &["en"]));
        q.sections[1].questions[0].kind = single(&["en"], false);
        one(&q, place, "kommer senare");
        // A question that cannot be a condition.
        let mut q = small();
        q.sections[1].questions[1].condition = cond("antal", &["1"]);
        one(
            &q,
            "Del 2, fråga ”namn”",
            "med svarsalternativ eller ja/nej",
        );
        // "annat" is a value only with "Annat" added.
        let mut q = with(cond("aktiv", &[OTHER]));
        assert_eq!(check_structure(&q), vec![]);
        q.sections[0].questions[0].kind = single(&["ja_mycket", "lite"], false);
        one(&q, place, "”annat”, som inte är ett svarsalternativ");
    }

    #[test]
    fn section_conditions_need_an_earlier_section() {
        let mut q = small();
        q.sections[1].condition = cond("hur", &["a"]);
        assert_eq!(check_structure(&q), vec![]);
        q.sections[0].condition = cond("kontakt", &["ja"]);
        one(&q, "Del 1", "samma avsnitt");
        let mut q = small();
        q.sections[0].condition = cond("antal", &["ja"]);
        let problems = check_structure(&q);
        // Later, and not a choice question: both are said.
        assert_eq!(problems.len(), 2, "{:?}", messages(&problems));
        assert!(problems[0].message.contains("senare"));
        assert!(problems[1].message.contains("ja/nej"));
    }

    #[test]
    fn kinds_without_repeats() {
        let mut q = small();
        q.sections[1].kinds = vec![UnitKind::Bolag, UnitKind::Bolag];
        one(&q, "Del 2", "”bolag” står flera gånger");
        let mut q = small();
        q.sections[0].questions[0].kinds =
            vec![UnitKind::Annat, UnitKind::Forvaltning, UnitKind::Annat];
        one(&q, "Del 1, fråga ”aktiv”", "”annat” står flera gånger");
    }

    #[test]
    fn every_problem_is_listed() {
        let mut q = small();
        q.title = Text::default();
        q.sections[0].key = "X".into();
        q.sections[1].questions[1].key = "aktiv".into();
        q.sections[1].questions[0].kind = QuestionKind::Number {
            min: Some(2.0),
            max: Some(1.0),
            integer: false,
        };
        assert_eq!(check_structure(&q).len(), 4);
    }

    pub(crate) fn with_group() -> Questionnaire {
        let mut q = small();
        q.sections[1].questions.push(Question {
            required: true,
            ..question(
                "projekt",
                QuestionKind::Group {
                    questions: vec![
                        question("namn", QuestionKind::ShortText { max_length: 200 }),
                        question("roll", single(&["lead", "partner"], true)),
                        // Keys only need to be unique within the group.
                        question("antal", QuestionKind::YesNo),
                    ],
                    max_items: 20,
                    item_label: Text::new("Projekt", "Project"),
                    add_label: Text::new("Lägg till ett projekt", "Add a project"),
                },
            )
        });
        q
    }

    #[test]
    fn groups_and_their_sub_questions_are_checked() {
        assert_eq!(check_structure(&with_group()), vec![]);
        let place = "Del 2, fråga ”projekt”";
        fn group(q: &mut Questionnaire) -> &mut QuestionKind {
            &mut q.sections[1].questions.last_mut().unwrap().kind
        }
        fn subs(q: &mut Questionnaire) -> &mut Vec<Question> {
            match group(q) {
                QuestionKind::Group { questions, .. } => questions,
                _ => unreachable!(),
            }
        }
        let mut q = with_group();
        subs(&mut q).clear();
        one(&q, place, "saknar delfrågor");
        for bad in [0, 101] {
            let mut q = with_group();
            if let QuestionKind::Group { max_items, .. } = group(&mut q) {
                *max_items = bad;
            }
            one(&q, place, "mellan 1 och 100");
        }
        let mut q = with_group();
        if let QuestionKind::Group { item_label, .. } = group(&mut q) {
            *item_label = Text::new(" ", "Project");
        }
        one(&q, place, "saknar namn på en post");
        let mut q = with_group();
        subs(&mut q)[1].key = "namn".into();
        one(
            &q,
            &format!("{place}, delfråga ”namn”"),
            "finns redan i gruppen",
        );
        let mut q = with_group();
        subs(&mut q)[1].key = "Roll".into();
        one(
            &q,
            &format!("{place}, delfråga ”Roll”"),
            "går inte att använda",
        );
        // A sub-question's condition builds on an earlier sub-question.
        let mut q = with_group();
        subs(&mut q)[2].condition = cond("roll", &["lead", OTHER]);
        assert_eq!(check_structure(&q), vec![]);
        let mut q = with_group();
        subs(&mut q)[1].condition = cond("aktiv", &["lite"]);
        one(
            &q,
            &format!("{place}, delfråga ”roll”"),
            "som inte är en delfråga i gruppen",
        );
        let mut q = with_group();
        subs(&mut q)[1].condition = cond("antal", &["ja"]);
        one(
            &q,
            &format!("{place}, delfråga ”roll”"),
            "kommer senare i gruppen",
        );
        let mut q = with_group();
        subs(&mut q)[1].condition = cond("roll", &["lead"]);
        one(&q, &format!("{place}, delfråga ”roll”"), "delfrågan själv");
        let mut q = with_group();
        subs(&mut q)[1].condition = cond("namn", &["x"]);
        let problems = check_structure(&q);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("med svarsalternativ eller ja/nej")),
            "{:?}",
            messages(&problems)
        );
        let mut q = with_group();
        subs(&mut q)[2].condition = cond("roll", &["chef"]);
        one(
            &q,
            &format!("{place}, delfråga ”antal”"),
            "inte är ett svarsalternativ",
        );
        let mut q = with_group();
        subs(&mut q)[1].kinds = vec![UnitKind::Bolag];
        one(
            &q,
            &format!("{place}, delfråga ”roll”"),
            "gäller alla som ser gruppen",
        );
        let mut q = with_group();
        subs(&mut q)[1].kind = single(&[], false);
        one(
            &q,
            &format!("{place}, delfråga ”roll”"),
            "saknar svarsalternativ",
        );
        let mut q = with_group();
        let inner = with_group().sections[1].questions.last().unwrap().clone();
        subs(&mut q).push(Question {
            key: "inre".into(),
            ..inner
        });
        one(
            &q,
            &format!("{place}, delfråga ”inre”"),
            "kan inte innehålla en annan grupp",
        );
        // A condition cannot build on a group.
        let mut q = with_group();
        q.sections[1].questions[1].condition = cond("projekt", &["ja"]);
        q.sections[1].questions.swap(1, 5);
        let problems = check_structure(&q);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("med svarsalternativ eller ja/nej")),
            "{:?}",
            messages(&problems)
        );
        // Sub-questions count towards the most questions.
        let mut q = with_group();
        *subs(&mut q) = (0..MAX_QUESTIONS)
            .map(|i| question(&format!("q{i}"), QuestionKind::YesNo))
            .collect();
        one(&q, "Enkäten", "frågor. Den får ha högst 500");
    }
}
