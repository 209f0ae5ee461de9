//! Reading a posted HTML form into typed answers, and the add and remove
//! buttons of repeating groups.

use super::*;
use crate::questionnaire::model::{
    other_key, Answer, Answers, Question, QuestionKind, Questionnaire,
};
use std::collections::{BTreeMap, BTreeSet};

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
pub(super) fn read_question<'v>(
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
                return (fields, field_id(group));
            }
            let mut fields = fields;
            fields.push((item_key(group, count + 1), String::new()));
            (fields, field_id(&item_key(group, count + 1)))
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
            (fields, field_id(group))
        }
    }
}

/// A text as posted, with the line breaks of a `<textarea>` (`\r\n`) made `\n`.
pub(super) fn form_text(value: &str) -> String {
    value.replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::model::*;
    use crate::questionnaire::rules::tests::*;

    use crate::vocabulary::UnitKind;

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
}
