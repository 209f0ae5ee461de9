//! The questionnaire model: one version's definition, and the answers to it.
//!
//! A definition is stored and shared as JSON exactly in this shape, so field
//! names are part of the JSON format (`docs/QUESTIONNAIRE.md`): never rename one.

use crate::i18n::Lang;
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format marker written into exported JSON files.
pub const FORMAT: &str = "nulage-enkat/1";

/// The option key of "Annat" (other), whose free text is stored under
/// [`other_key`].
pub const OTHER: &str = "annat";

/// The key under which the free text of a question's "Annat" option is stored.
pub fn other_key(question: &str) -> String {
    format!("{question}.{OTHER}")
}

/// A text in Swedish and, optionally, English (empty means "use the Swedish").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub sv: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    /// The text in the given language, falling back to Swedish.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.sv,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sv.trim().is_empty()
    }

    /// Neither language has any text.
    pub fn is_blank(&self) -> bool {
        self.sv.trim().is_empty() && self.en.trim().is_empty()
    }
}

/// One version of a questionnaire.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub title: Text,
    /// Shown on the respondent's first page.
    #[serde(default)]
    pub intro: Text,
    #[serde(default)]
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable within the questionnaire; `[a-z0-9_]`, starts with a letter.
    pub key: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Text,
    /// The unit kinds the section applies to; empty means every kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<UnitKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable across versions, used in exports and the API; `[a-z0-9_]`,
    /// starts with a letter, at most 40 characters.
    pub key: String,
    pub text: Text,
    #[serde(default)]
    pub help: Text,
    #[serde(flatten)]
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// The unit kinds the question applies to; empty means every kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<UnitKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// Show only when an earlier choice or yes/no question has one of `any_of`
/// (option keys; `ja`/`nej` for yes/no).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    pub any_of: Vec<String>,
}

/// The question types and their settings. In JSON: `"type": "single_choice"`
/// and the settings beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        options: Vec<Choice>,
        /// Adds "Annat" with a free-text field.
        #[serde(default)]
        other: bool,
    },
    MultipleChoice {
        options: Vec<Choice>,
        #[serde(default)]
        other: bool,
    },
    YesNo,
    /// 1–5 with labels for the two ends.
    Scale {
        #[serde(default)]
        min_label: Text,
        #[serde(default)]
        max_label: Text,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
    },
    ShortText {
        #[serde(default = "short_text_max")]
        max_length: u32,
    },
    LongText {
        #[serde(default = "long_text_max")]
        max_length: u32,
    },
    Email,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A repeating group: the sub-questions are answered once per item
    /// ("Projekt 1", "Projekt 2", …), and items are added and removed by
    /// the respondent. Sub-questions are of the other types (never groups)
    /// and have no conditions or unit kinds of their own.
    Group {
        questions: Vec<Question>,
        /// The most items a respondent may add.
        #[serde(default = "group_max_items")]
        max_items: u32,
        /// What one item is called, with its number after it: "Projekt".
        #[serde(default)]
        item_label: Text,
        /// The add button's text, "Lägg till ett projekt"; empty means
        /// "Lägg till" and the item label.
        #[serde(default, skip_serializing_if = "Text::is_blank")]
        add_label: Text,
    },
}

pub const SHORT_TEXT_MAX: u32 = 200;
/// The default and the highest number of items of a repeating group.
pub const GROUP_MAX_ITEMS: u32 = 20;
pub const GROUP_ITEMS_LIMIT: u32 = 100;
pub const LONG_TEXT_MAX: u32 = 5000;
/// The highest length a text question may allow.
pub const TEXT_LIMIT: u32 = 20_000;
fn short_text_max() -> u32 {
    SHORT_TEXT_MAX
}
fn long_text_max() -> u32 {
    LONG_TEXT_MAX
}
fn group_max_items() -> u32 {
    GROUP_MAX_ITEMS
}

/// The type names as stored in JSON, in the order the builder offers them.
pub const KIND_NAMES: [&str; 10] = [
    "single_choice",
    "multiple_choice",
    "yes_no",
    "scale",
    "number",
    "short_text",
    "long_text",
    "email",
    "date",
    "group",
];

impl QuestionKind {
    /// The JSON type name.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Number { .. } => "number",
            QuestionKind::ShortText { .. } => "short_text",
            QuestionKind::LongText { .. } => "long_text",
            QuestionKind::Email => "email",
            QuestionKind::Date => "date",
            QuestionKind::Group { .. } => "group",
        }
    }

    /// A new question kind with default settings, by JSON type name.
    pub fn from_name(name: &str) -> Option<QuestionKind> {
        Some(match name {
            "single_choice" => QuestionKind::SingleChoice {
                options: Vec::new(),
                other: false,
            },
            "multiple_choice" => QuestionKind::MultipleChoice {
                options: Vec::new(),
                other: false,
            },
            "yes_no" => QuestionKind::YesNo,
            "scale" => QuestionKind::Scale {
                min_label: Text::new("Inte alls", "Not at all"),
                max_label: Text::new("I mycket hög grad", "To a very high degree"),
            },
            "number" => QuestionKind::Number {
                min: None,
                max: None,
                integer: true,
            },
            "short_text" => QuestionKind::ShortText {
                max_length: SHORT_TEXT_MAX,
            },
            "long_text" => QuestionKind::LongText {
                max_length: LONG_TEXT_MAX,
            },
            "email" => QuestionKind::Email,
            "date" => QuestionKind::Date,
            "group" => QuestionKind::Group {
                questions: Vec::new(),
                max_items: GROUP_MAX_ITEMS,
                item_label: Text::new("Post", "Item"),
                add_label: Text::default(),
            },
            _ => return None,
        })
    }

    /// The type's name for people.
    pub fn label_for(name: &str, lang: Lang) -> &'static str {
        match name {
            "single_choice" => lang.t("Ett val (radioknappar)", "Single choice (radio buttons)"),
            "multiple_choice" => lang.t("Flera val (kryssrutor)", "Multiple choice (checkboxes)"),
            "yes_no" => lang.t("Ja eller nej", "Yes or no"),
            "scale" => lang.t("Skala 1–5", "Scale 1–5"),
            "number" => lang.t("Tal", "Number"),
            "short_text" => lang.t("Kort text", "Short text"),
            "long_text" => lang.t("Lång text", "Long text"),
            "email" => lang.t("E-postadress", "E-mail address"),
            "date" => lang.t("Datum", "Date"),
            "group" => lang.t(
                "Upprepad grupp (flera poster, t.ex. projekt)",
                "Repeating group (several items, e.g. projects)",
            ),
            _ => lang.t("Okänd typ", "Unknown type"),
        }
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        Self::label_for(self.name(), lang)
    }

    /// The options offered, for choice questions.
    pub fn options(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { options, .. }
            | QuestionKind::MultipleChoice { options, .. } => options,
            _ => &[],
        }
    }

    pub fn options_mut(&mut self) -> Option<&mut Vec<Choice>> {
        match self {
            QuestionKind::SingleChoice { options, .. }
            | QuestionKind::MultipleChoice { options, .. } => Some(options),
            _ => None,
        }
    }

    /// Whether the question offers "Annat" with free text.
    pub fn has_other(&self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice { other: true, .. }
                | QuestionKind::MultipleChoice { other: true, .. }
        )
    }

    /// The sub-questions of a repeating group.
    pub fn sub_questions(&self) -> &[Question] {
        match self {
            QuestionKind::Group { questions, .. } => questions,
            _ => &[],
        }
    }

    pub fn is_group(&self) -> bool {
        matches!(self, QuestionKind::Group { .. })
    }

    /// Whether another question's condition may point at this one.
    pub fn can_be_condition(&self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice { .. }
                | QuestionKind::MultipleChoice { .. }
                | QuestionKind::YesNo
        )
    }

    /// The values a condition on this question can pick from: (key, label).
    pub fn condition_values(&self) -> Vec<(String, Text)> {
        match self {
            QuestionKind::YesNo => vec![
                ("ja".to_string(), Text::new("Ja", "Yes")),
                ("nej".to_string(), Text::new("Nej", "No")),
            ],
            _ => {
                let mut values: Vec<(String, Text)> = self
                    .options()
                    .iter()
                    .map(|c| (c.key.clone(), c.label.clone()))
                    .collect();
                if self.has_other() {
                    values.push((OTHER.to_string(), Text::new("Annat", "Other")));
                }
                values
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stable, `[a-z0-9_]`; used in exports and conditions.
    pub key: String,
    pub label: Text,
}

impl Choice {
    pub fn new(key: &str, sv: &str, en: &str) -> Choice {
        Choice {
            key: key.to_string(),
            label: Text::new(sv, en),
        }
    }
}

/// One answer. In JSON: `true`, `3`, `"text"`, `["a", "b"]` or, for a
/// repeating group, a list of items `[{"namn": "…"}, {"namn": "…"}]`.
///
/// Single choice, e-mail, date and texts are `Text` (a single choice holds the
/// option key); yes/no is `Bool`; scale and number are `Number`; multiple
/// choice is `List` of option keys; a repeating group is `Items`, each item
/// the answers to its sub-questions by their keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
    Items(Vec<Answers>),
}

/// Reads an answer straight from the JSON value's own type. Serde's
/// `untagged` would buffer every value and try the variants in turn, which
/// made reading answers the slowest part of exports and the analysis.
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Answer;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "ja/nej, ett tal, en text, en lista med texter eller en lista med poster",
                )
            }
            fn visit_bool<E>(self, v: bool) -> Result<Answer, E> {
                Ok(Answer::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Answer, E> {
                Ok(Answer::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Answer, E> {
                Ok(Answer::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Answer, E> {
                Ok(Answer::Text(v))
            }
            /// A list of texts (multiple choice) or of objects (a group's
            /// items); the first element decides, and the rest must match.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Answer, A::Error> {
                let mut texts = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                let mut items: Vec<Answers> = Vec::new();
                while let Some(element) = seq.next_element::<Element>()? {
                    match element {
                        Element::Text(t) if items.is_empty() => texts.push(t),
                        Element::Item(item) if texts.is_empty() => items.push(item),
                        _ => {
                            return Err(serde::de::Error::custom(
                                "en lista kan inte blanda texter och poster",
                            ))
                        }
                    }
                }
                Ok(if items.is_empty() {
                    Answer::List(texts)
                } else {
                    Answer::Items(items)
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One element of a JSON list answer: an option key or a group's item.
enum Element {
    Text(String),
    Item(Answers),
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Element;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("en text eller en post")
            }
            fn visit_str<E>(self, v: &str) -> Result<Element, E> {
                Ok(Element::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Element, E> {
                Ok(Element::Text(v))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Element, M::Error> {
                let mut item = Answers::new();
                while let Some((key, value)) = map.next_entry::<String, Answer>()? {
                    item.insert(key, value);
                }
                Ok(Element::Item(item))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Answers by question key (and [`other_key`] for "Annat" texts).
pub type Answers = BTreeMap<String, Answer>;

impl Questionnaire {
    /// Every question, in order, with its section.
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.key == key)
    }

    pub fn question_mut(&mut self, key: &str) -> Option<&mut Question> {
        self.sections
            .iter_mut()
            .flat_map(|s| s.questions.iter_mut())
            .find(|q| q.key == key)
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }
}

/// Whether a question or section with these kinds applies to a unit of `kind`.
pub fn applies_to(kinds: &[UnitKind], kind: UnitKind) -> bool {
    kinds.is_empty() || kinds.contains(&kind)
}

/// Whether `key` is a well-formed key: `[a-z][a-z0-9_]*`, at most 40 characters.
pub fn is_valid_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && key.len() <= 40
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Makes a key from a text: `"Hur många projekt?"` → `"hur_manga_projekt"`.
pub fn key_from_text(text: &str) -> String {
    let mut key = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
        if key.len() >= 30 {
            break;
        }
    }
    let key = key.trim_end_matches('_').to_string();
    match key.chars().next() {
        Some(c) if c.is_ascii_lowercase() => key,
        Some(_) => format!("f_{key}"),
        None => "fraga".to_string(),
    }
}

/// A number the Swedish way: decimal comma, as short as it reads back exactly.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return String::new();
    }
    format!("{n}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_every_json_shape_and_refuse_the_rest() {
        let answers: Answers = serde_json::from_str(
            r#"{"a": true, "b": 3, "c": -2.5, "d": "text", "e": ["x", "y"], "f": []}"#,
        )
        .unwrap();
        assert_eq!(answers["a"], Answer::Bool(true));
        assert_eq!(answers["b"], Answer::Number(3.0));
        assert_eq!(answers["c"], Answer::Number(-2.5));
        assert_eq!(answers["d"], Answer::Text("text".into()));
        assert_eq!(answers["e"], Answer::List(vec!["x".into(), "y".into()]));
        assert_eq!(answers["f"], Answer::List(vec![]));
        for bad in [
            r#"{"a": null}"#,
            r#"{"a": {"b": 1}}"#,
            r#"{"a": [1]}"#,
            r#"{"a": ["x", {"b": 1}]}"#,
            r#"{"a": [{"b": 1}, "x"]}"#,
            r#"{"a": [{"b": null}]}"#,
            r#"{"a": [{"b": {"c": 1}}]}"#,
        ] {
            assert!(serde_json::from_str::<Answers>(bad).is_err(), "{bad}");
        }
        // What is written reads back the same.
        let json = serde_json::to_string(&answers).unwrap();
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), answers);
    }

    #[test]
    fn group_items_read_and_write_as_lists_of_objects() {
        let json = r#"{"projekt": [{"namn": "JB Marks", "teman": ["energi_miljo"], "budget": 120000},
            {}, {"namn": "Vushtrri", "aktiv": true}], "teman": []}"#;
        let answers: Answers = serde_json::from_str(json).unwrap();
        let Answer::Items(items) = &answers["projekt"] else {
            panic!("{answers:?}")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["namn"], Answer::Text("JB Marks".into()));
        assert_eq!(items[0]["teman"], Answer::List(vec!["energi_miljo".into()]));
        assert_eq!(items[0]["budget"], Answer::Number(120000.0));
        assert!(items[1].is_empty());
        assert_eq!(items[2]["aktiv"], Answer::Bool(true));
        // An empty list stays an (empty) multiple choice: no items either way.
        assert_eq!(answers["teman"], Answer::List(vec![]));
        let written = serde_json::to_string(&answers).unwrap();
        assert!(written.contains(r#""projekt":[{"budget":120000.0,"namn":"JB Marks""#));
        assert_eq!(serde_json::from_str::<Answers>(&written).unwrap(), answers);
        // Answers stored before groups existed read exactly as before.
        let old = r#"{"a":true,"b":["x"],"c":"t"}"#;
        let read: Answers = serde_json::from_str(old).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), old);
    }
}
