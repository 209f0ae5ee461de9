//! Building blocks shared by the rules' tests: small questionnaires and
//! answers, and the strategies of the property tests.

use super::*;
use crate::questionnaire::model::{
    other_key, Answer, Answers, Choice, Condition, Question, QuestionKind, Questionnaire, Section,
    Text, OTHER,
};
use crate::vocabulary::UnitKind;
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

pub(crate) fn required(mut q: Question) -> Question {
    q.required = true;
    q
}

pub(crate) fn when(mut q: Question, c: Option<Condition>) -> Question {
    q.condition = c;
    q
}

pub(crate) fn only(mut q: Question, kinds: &[UnitKind]) -> Question {
    q.kinds = kinds.to_vec();
    q
}

pub(crate) fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

pub(crate) fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| s.to_string()).collect())
}

pub(crate) fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub(crate) fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(crate) fn kinds_of(problems: &[Problem]) -> Vec<(&str, &ProblemKind)> {
    problems.iter().map(|p| (p.key.as_str(), &p.kind)).collect()
}

/// A questionnaire with one question of every type.
pub(crate) fn every_type() -> Questionnaire {
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
pub(crate) fn conditional() -> Questionnaire {
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

// ---- repeating groups ------------------------------------------------

/// A part with a repeating group of projects, at most three.
pub(crate) fn with_group() -> Questionnaire {
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

pub(crate) fn item(pairs: &[(&str, Answer)]) -> Answers {
    answers(pairs)
}

// ---- properties ------------------------------------------------------

pub(crate) const POOL_KEYS: &[&str] = &["a", "b", "c", "d", "e", "f", "Ogiltig nyckel", ""];
pub(crate) const POOL_VALUES: &[&str] = &["x", "y", "z", "ja", "nej", OTHER, "", "Z"];

pub(crate) fn arb_text() -> impl Strategy<Value = Text> {
    prop_oneof![
        Just(Text::new("Text", "")),
        Just(Text::default()),
        ".{0,20}".prop_map(|s| Text::new(s, "en")),
    ]
}

pub(crate) fn arb_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-5i32..10).prop_map(f64::from),
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-0.0),
        Just(0.5),
    ]
}

pub(crate) fn arb_options() -> impl Strategy<Value = Vec<Choice>> {
    prop::collection::vec((prop::sample::select(POOL_VALUES), arb_text()), 0..5).prop_map(|v| {
        v.into_iter()
            .map(|(k, label)| Choice {
                key: k.to_string(),
                label,
            })
            .collect()
    })
}

pub(crate) fn arb_kind() -> impl Strategy<Value = QuestionKind> {
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

pub(crate) fn arb_plain_kind() -> impl Strategy<Value = QuestionKind> {
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
            .prop_map(|(min, max, integer)| QuestionKind::Number { min, max, integer }),
        prop_oneof![0u32..30, any::<u32>()]
            .prop_map(|max_length| QuestionKind::ShortText { max_length }),
        prop_oneof![0u32..30, any::<u32>()]
            .prop_map(|max_length| QuestionKind::LongText { max_length }),
        Just(QuestionKind::Email),
        Just(QuestionKind::Date),
    ]
}

pub(crate) fn arb_kinds() -> impl Strategy<Value = Vec<UnitKind>> {
    prop::collection::vec(prop::sample::select(UnitKind::ALL.to_vec()), 0..3)
}

pub(crate) fn arb_condition() -> impl Strategy<Value = Option<Condition>> {
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

pub(crate) fn arb_question() -> impl Strategy<Value = Question> {
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
    (arb_text(), prop::collection::vec(section, 0..4)).prop_map(|(title, sections)| Questionnaire {
        title,
        intro: Text::default(),
        sections,
    })
}

pub(crate) fn arb_string(pool: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(pool),
        1 => ".{0,30}",
        1 => "[ 0-9,.\u{a0}-]{0,8}",
        1 => Just("2026-02-29".to_string()),
        1 => Just("namn@kommun.se".to_string()),
        1 => (0usize..3000).prop_map(|n| "å".repeat(n)),
    ]
}

pub(crate) fn arb_plain_answer(pool: Vec<String>) -> impl Strategy<Value = Answer> {
    prop_oneof![
        any::<bool>().prop_map(Answer::Bool),
        arb_f64().prop_map(Answer::Number),
        arb_string(pool.clone()).prop_map(Answer::Text),
        prop::collection::vec(arb_string(pool), 0..5).prop_map(Answer::List),
    ]
}

pub(crate) fn arb_answer(pool: Vec<String>) -> impl Strategy<Value = Answer> {
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
pub(crate) fn pools(q: &Questionnaire) -> (Vec<String>, Vec<String>) {
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

pub(crate) fn arb_answers(q: &Questionnaire) -> impl Strategy<Value = Answers> {
    let (keys, values) = pools(q);
    prop::collection::btree_map(
        prop_oneof![4 => prop::sample::select(keys), 1 => ".{0,10}"],
        arb_answer(values),
        0..25,
    )
}

pub(crate) fn arb_fields(q: &Questionnaire) -> impl Strategy<Value = Vec<(String, String)>> {
    let (keys, values) = pools(q);
    prop::collection::vec(
        (
            prop_oneof![4 => prop::sample::select(keys), 1 => ".{0,10}"],
            arb_string(values),
        ),
        0..30,
    )
}

pub(crate) fn with_answers(
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

pub(crate) fn with_fields(
    q: impl Strategy<Value = Questionnaire>,
) -> impl Strategy<Value = (Questionnaire, Vec<(String, String)>)> {
    q.prop_flat_map(|q| {
        let fields = arb_fields(&q);
        (Just(q), fields)
    })
}

pub(crate) fn default_q() -> impl Strategy<Value = Questionnaire> {
    Just(crate::questionnaire::default::default_questionnaire())
}
