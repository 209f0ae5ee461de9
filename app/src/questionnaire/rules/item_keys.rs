//! Field names and problem keys: a repeating group's items
//! (`projekt[2].namn`), the base question of a key, and the ids of fields
//! in the page.

use crate::i18n::Lang;
use crate::questionnaire::model::{Question, QuestionKind};

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
pub(super) const MAX_ITEM_NUMBER: usize = 1000;

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

/// The id of a question's first input, which the error summary links to:
/// `f-former-annat` for `former.annat`, `f-projekt-2-namn` for a group's
/// `projekt[2].namn`, `f-projekt-2` for the item itself.
pub fn field_id(key: &str) -> String {
    format!("f-{}", dom_key(key))
}

/// A key or field name as it may stand in an element id: `.` and `[` become
/// `-`, `]` is dropped.
pub fn dom_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            '.' | '[' => out.push('-'),
            ']' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::questionnaire::rules::tests::*;
    use crate::questionnaire::rules::*;

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
}
