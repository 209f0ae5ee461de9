//! The respondent's side on the server: opening a personal link, saving one
//! part of the questionnaire, submitting. Used by the plain form posts (in the
//! server crate) and by the server functions behind the JavaScript autosave.
//!
//! Several colleagues may share a link. Every form carries the revision it was
//! loaded at; a save based on an older revision is merged question by
//! question: what only this person changed is stored, what only others changed
//! is kept, and a question both changed differently is a conflict that is
//! shown to the person instead of being overwritten either way. A repeating
//! group is merged item by item where that is unambiguous, so two colleagues
//! each adding their own project both keep it.

use super::{Phase, Schedule};
use crate::db::rounds::{LinkRow, Submission};
use crate::db::Db;
use crate::error::AppError;
use crate::questionnaire::form::Typed;
use crate::questionnaire::model::{
    applies_to, other_key, Answer, Answers, QuestionKind, Questionnaire, GROUP_ITEMS_LIMIT,
};
use crate::questionnaire::rules::{
    base_key, check, from_form, normalize_items, parse_item_key, visibility, Checked, ItemKey,
    Mode, Problem,
};
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A personal link that leads to a round.
#[derive(Clone, Debug)]
pub struct Opened {
    pub token: String,
    pub link: LinkRow,
    pub questionnaire: Questionnaire,
    pub kind: UnitKind,
    pub schedule: Schedule,
}

impl Opened {
    pub fn phase(&self) -> Phase {
        self.schedule.phase(crate::db::now())
    }
}

/// A question where this person and someone else saved different answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub key: String,
    /// What the other person saved (None: they cleared it).
    pub theirs: Option<Answer>,
}

/// The outcome of saving a part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// The revision now stored.
    pub revision: i64,
    /// Values that could not be stored, for visible questions of the part.
    pub problems: Vec<Problem>,
    /// What was typed in fields with problems, shown back unchanged.
    pub typed: Typed,
    pub conflicts: Vec<Conflict>,
    /// This person's answers for the conflicting questions, shown back in the
    /// fields so that saving again stores them.
    pub mine: Answers,
    /// True when others changed answers of this part since the form was loaded.
    pub others_changed: bool,
}

/// Only strings that could be tokens reach the database.
pub fn looks_like_token(token: &str) -> bool {
    (20..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Opens a link; None for an unknown, revoked or malformed one (logged, but
/// never said apart to the visitor).
pub async fn open(db: &Db, token: &str) -> Result<Option<Opened>, AppError> {
    if !looks_like_token(token) {
        tracing::info!("malformed answer link refused");
        return Ok(None);
    }
    let Some(link) = db.link(token).await? else {
        tracing::info!("unknown or revoked answer link refused");
        return Ok(None);
    };
    let questionnaire: Questionnaire =
        serde_json::from_str(&link.round.definition).map_err(|error| {
            tracing::error!(%error, round = %link.round.id, "round questionnaire does not parse");
            AppError::Internal
        })?;
    let kind = UnitKind::parse(&link.kind).unwrap_or(UnitKind::Annat);
    let schedule = Schedule {
        status: super::RoundStatus::parse(&link.round.status).unwrap_or(super::RoundStatus::Stangd),
        opens_at: link.round.opens_at,
        closes_at: link.round.closes_at,
    };
    Ok(Some(Opened {
        token: token.to_string(),
        link,
        questionnaire,
        kind,
        schedule,
    }))
}

/// The stored working answers and their revision. Before the first save
/// (revision 0) they are the answers carried from the earlier round the
/// round is based on, or none.
pub async fn current(db: &Db, target_id: &str) -> Result<(Answers, i64), AppError> {
    Ok(match db.response(target_id).await? {
        Some(row) => (parse_answers(&row.answers), row.revision),
        None => (carried_answers(db, target_id).await?, 0),
    })
}

/// The answers the target started the round with (none unless prefilled).
pub async fn carried_answers(db: &Db, target_id: &str) -> Result<Answers, AppError> {
    Ok(db
        .carried(target_id)
        .await?
        .map(|c| parse_answers(&c.answers))
        .unwrap_or_default())
}

/// Stores the prefilled answers as the first saved revision, when nothing
/// is saved yet: confirming or submitting them as they are is a step the
/// round's participation counts. Returns the stored revision.
async fn keep_carried(db: &Db, target_id: &str) -> Result<i64, AppError> {
    let (answers, revision) = current(db, target_id).await?;
    if revision > 0 || answers.is_empty() {
        return Ok(revision);
    }
    let json = serde_json::to_string(&answers).map_err(|_| AppError::Internal)?;
    Ok(match db.save_response(target_id, 0, &json).await? {
        Some(next) => next,
        // Someone else saved first: theirs is the working copy now.
        None => current(db, target_id).await?.1,
    })
}

/// Records that the person confirmed a part as it stands ("Stämmer
/// fortfarande"), after its fields were saved.
pub async fn confirm_part(db: &Db, opened: &Opened, section_key: &str) -> Result<(), AppError> {
    if opened.questionnaire.section(section_key).is_none() {
        return Ok(());
    }
    keep_carried(db, &opened.link.target_id).await?;
    db.confirm_part(&opened.link.target_id, section_key).await?;
    Ok(())
}

pub fn parse_answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_else(|error| {
        tracing::error!(%error, "stored answers do not parse");
        Answers::new()
    })
}

/// Why a save or a submission was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The round does not accept answers now.
    NotOpen(Phase),
    /// The part named in the form is not in the questionnaire.
    UnknownPart,
}

/// Saves the fields of one part, posted by a form loaded at `base_revision`.
pub async fn save_part(
    db: &Db,
    opened: &Opened,
    section_key: &str,
    base_revision: i64,
    fields: &[(String, String)],
) -> Result<Result<Saved, Refused>, AppError> {
    let phase = opened.phase();
    if !matches!(phase, Phase::Open { .. }) {
        return Ok(Err(Refused::NotOpen(phase)));
    }
    let q = &opened.questionnaire;
    let Some(section) = q.section(section_key) else {
        return Ok(Err(Refused::UnknownPart));
    };
    let keys: Vec<String> = section
        .questions
        .iter()
        .filter(|x| applies_to(&x.kinds, opened.kind))
        .flat_map(|x| {
            let other = x.kind.has_other().then(|| other_key(&x.key));
            std::iter::once(x.key.clone()).chain(other)
        })
        .collect();
    let limits: BTreeMap<String, usize> = section
        .questions
        .iter()
        .filter_map(|x| match &x.kind {
            QuestionKind::Group { max_items, .. } => Some((
                x.key.clone(),
                (*max_items).clamp(1, GROUP_ITEMS_LIMIT) as usize,
            )),
            _ => None,
        })
        .collect();
    // Items removed in the browser leave gaps in the numbers: close them, so
    // that field names, stored items and problems agree.
    let fields = &normalize_items(q, fields);
    let input = from_form(q, fields);
    if !input.unknown.is_empty() {
        // Only a few names, cut short: a post may carry thousands of them.
        let names: Vec<String> = input
            .unknown
            .iter()
            .take(10)
            .map(|name| name.chars().take(60).collect())
            .collect();
        tracing::warn!(
            count = input.unknown.len(),
            fields = ?names,
            round = %opened.link.round.id,
            "unknown answer fields ignored"
        );
    }
    let target = &opened.link.target_id;
    // Another save can land between reading and writing: merge again then.
    for _ in 0..5 {
        let (stored, revision) = current(db, target).await?;
        let base = if base_revision == revision {
            stored.clone()
        } else if base_revision == 0 {
            // The form was loaded before the first save: with the answers
            // carried from the earlier round, if any.
            carried_answers(db, target).await?
        } else {
            match db.response_revision(target, base_revision).await? {
                Some(json) => parse_answers(&json),
                None => Answers::new(),
            }
        };
        let bad: Vec<&str> = input.problems.iter().map(|p| p.key.as_str()).collect();
        let merge = merge(&keys, &base, &stored, &input.answers, &bad, &limits);
        let first = check(q, opened.kind, &merge.answers, Mode::Draft);
        // A value that was refused never replaces what was saved: put the
        // stored value back and check again (the stored value passed before).
        let checked = if input.problems.is_empty() && first.problems.is_empty() {
            first
        } else {
            let mut answers = merge.answers.clone();
            keep_stored(
                &mut answers,
                &stored,
                input.problems.iter().chain(first.problems.iter()),
            );
            let again = check(q, opened.kind, &answers, Mode::Draft);
            Checked {
                answers: again.answers,
                problems: first.problems,
            }
        };
        let mut saved = Saved {
            revision,
            conflicts: merge.conflicts,
            mine: merge.mine,
            others_changed: merge.others_changed,
            ..Saved::default()
        };
        // Problems of the questions on this part that are shown now.
        let seen = visibility(q, opened.kind, &checked.answers);
        let on_part = |key: &str| {
            let base = base_key(key);
            let own = if base == key || key.starts_with(&format!("{base}[")) {
                base
            } else {
                key
            };
            seen.question(base) && keys.iter().any(|k| k == own)
        };
        saved.problems = input
            .problems
            .iter()
            .chain(checked.problems.iter())
            .filter(|p| on_part(&p.key))
            .cloned()
            .collect();
        saved.typed = fields
            .iter()
            .filter(|(k, _)| saved.problems.iter().any(|p| &p.key == k))
            .cloned()
            .collect();
        if checked.answers == stored {
            return Ok(Ok(saved));
        }
        let json = serde_json::to_string(&checked.answers).map_err(|_| AppError::Internal)?;
        if let Some(next) = db.save_response(target, revision, &json).await? {
            saved.revision = next;
            return Ok(Ok(saved));
        }
    }
    tracing::error!(%target, "answers kept changing while saving");
    Err(AppError::conflict(
        "Svaren ändras av någon annan just nu. Vänta en stund och spara igen.",
    ))
}

/// Puts back the stored value of every field whose new value was refused
/// (`problems`), so that an invalid entry never erases a saved answer; the
/// entry itself is shown back with its error ([`Saved::typed`]).
fn keep_stored<'a>(
    answers: &mut Answers,
    stored: &Answers,
    problems: impl Iterator<Item = &'a Problem>,
) {
    for problem in problems {
        match parse_item_key(&problem.key) {
            Some(ItemKey {
                group,
                n,
                field: Some(field),
            }) => {
                let old = match stored.get(group) {
                    Some(Answer::Items(items)) => {
                        items.get(n - 1).and_then(|item| item.get(field)).cloned()
                    }
                    _ => None,
                };
                if let Some(Answer::Items(items)) = answers.get_mut(group) {
                    if let Some(item) = items.get_mut(n - 1) {
                        match old {
                            Some(value) => item.insert(field.to_string(), value),
                            None => item.remove(field),
                        };
                    }
                }
            }
            // A problem with a whole item (an empty one) refuses no value.
            Some(_) => {}
            None => {
                match stored.get(&problem.key) {
                    Some(value) => answers.insert(problem.key.clone(), value.clone()),
                    None => answers.remove(&problem.key),
                };
            }
        }
    }
}

struct Merge {
    answers: Answers,
    conflicts: Vec<Conflict>,
    mine: Answers,
    others_changed: bool,
}

/// Three-way merge of one part's answers, question by question; repeating
/// groups (with their most items in `limits`) item by item.
fn merge(
    keys: &[String],
    base: &Answers,
    stored: &Answers,
    posted: &Answers,
    bad: &[&str],
    limits: &BTreeMap<String, usize>,
) -> Merge {
    let mut out = Merge {
        answers: stored.clone(),
        conflicts: Vec::new(),
        mine: Answers::new(),
        others_changed: false,
    };
    for key in keys {
        let was = base.get(key);
        let theirs = stored.get(key);
        if theirs != was {
            out.others_changed = true;
        }
        // A value that could not be read keeps what is stored.
        if bad.contains(&key.as_str()) {
            continue;
        }
        let mine = posted.get(key);
        if mine == theirs || mine == was {
            continue;
        }
        if theirs == was {
            match mine {
                Some(value) => out.answers.insert(key.clone(), value.clone()),
                None => out.answers.remove(key),
            };
        } else if let Some(items) = limits
            .get(key)
            .and_then(|limit| merge_items(was, theirs, mine, *limit))
        {
            out.answers.insert(key.clone(), Answer::Items(items));
        } else {
            out.conflicts.push(Conflict {
                key: key.clone(),
                theirs: theirs.cloned(),
            });
            if let Some(value) = mine {
                out.mine.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// Merges two people's changes to a repeating group item by item, when that
/// is unambiguous: neither removed an item, no item was changed differently
/// by both, and the items both added fit within `limit` (the other person's
/// come first). Otherwise `None`, and the group is a conflict.
fn merge_items(
    base: Option<&Answer>,
    theirs: Option<&Answer>,
    mine: Option<&Answer>,
    limit: usize,
) -> Option<Vec<Answers>> {
    let items = |answer: Option<&Answer>| -> Option<Vec<Answers>> {
        match answer {
            None => Some(Vec::new()),
            Some(Answer::Items(items)) => Some(items.clone()),
            Some(_) => None,
        }
    };
    let (base, theirs, mine) = (items(base)?, items(theirs)?, items(mine)?);
    let n = base.len();
    if theirs.len() < n || mine.len() < n {
        return None;
    }
    let mut merged = Vec::with_capacity(theirs.len() + mine.len() - n);
    for ((b, t), m) in base.iter().zip(&theirs).zip(&mine) {
        merged.push(if t == b || t == m {
            m.clone()
        } else if m == b {
            t.clone()
        } else {
            return None;
        });
    }
    let (added_theirs, added_mine) = (&theirs[n..], &mine[n..]);
    merged.extend_from_slice(added_theirs);
    if added_mine != added_theirs {
        merged.extend_from_slice(added_mine);
    }
    (merged.len() <= limit).then_some(merged)
}

/// What a submission led to.
#[derive(Clone, Debug, PartialEq)]
pub enum Submitted {
    Done,
    /// Required questions are unanswered or answers are invalid.
    Incomplete,
    /// The answers changed after the person reviewed them.
    Changed,
    Refused(Refused),
}

/// Submits the answers the person reviewed at `revision`. A second click on
/// the same revision is a no-op that reports success. With e-mail set up,
/// the unit's contacts are thanked, once per unit however often it submits.
pub async fn submit(
    db: &Db,
    opened: &Opened,
    revision: i64,
    mail: &crate::mail::MailConfig,
) -> Result<Submitted, AppError> {
    let phase = opened.phase();
    if !matches!(phase, Phase::Open { .. }) {
        return Ok(Submitted::Refused(Refused::NotOpen(phase)));
    }
    let (answers, stored_revision) = current(db, &opened.link.target_id).await?;
    if stored_revision == revision
        && !check(&opened.questionnaire, opened.kind, &answers, Mode::Submit)
            .problems
            .is_empty()
    {
        return Ok(Submitted::Incomplete);
    }
    let target = &opened.link.target_id;
    // Prefilled answers submitted just as they came: store them first.
    let revision = if revision == 0 && stored_revision == 0 && !answers.is_empty() {
        let json = serde_json::to_string(&answers).map_err(|_| AppError::Internal)?;
        match db.save_response(target, 0, &json).await? {
            Some(next) => next,
            // Someone else saved in between: the person has not seen that.
            None => return Ok(Submitted::Changed),
        }
    } else {
        revision
    };
    // A thank-you that cannot be prepared must not stop the submission.
    let thanks = crate::mail::outbox::thanks(db, mail, &opened.link.round, target)
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "thank-you mail could not be prepared");
            Vec::new()
        });
    Ok(
        match db
            .submit_response_and_thank(target, revision, &thanks)
            .await?
        {
            Submission::Done => {
                if !thanks.is_empty() {
                    mail.wake.notify_one();
                }
                Submitted::Done
            }
            Submission::AlreadySubmitted => Submitted::Done,
            Submission::Stale => Submitted::Changed,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string())))
            .collect()
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn changes_by_one_side_are_taken_from_that_side() {
        let base = answers(&[("a", "1"), ("b", "1")]);
        let stored = answers(&[("a", "2"), ("b", "1"), ("c", "elsewhere")]);
        let posted = answers(&[("a", "1"), ("b", "3")]);
        let m = merge(
            &keys(&["a", "b"]),
            &base,
            &stored,
            &posted,
            &[],
            &BTreeMap::new(),
        );
        assert_eq!(
            m.answers,
            answers(&[("a", "2"), ("b", "3"), ("c", "elsewhere")])
        );
        assert!(m.conflicts.is_empty());
        assert!(m.others_changed);
    }

    #[test]
    fn both_sides_changing_a_question_is_a_conflict_that_keeps_the_stored_answer() {
        let base = answers(&[("a", "1")]);
        let stored = answers(&[("a", "theirs")]);
        let posted = answers(&[("a", "mine")]);
        let m = merge(
            &keys(&["a"]),
            &base,
            &stored,
            &posted,
            &[],
            &BTreeMap::new(),
        );
        assert_eq!(m.answers, stored);
        assert_eq!(
            m.conflicts,
            vec![Conflict {
                key: "a".into(),
                theirs: Some(Answer::Text("theirs".into()))
            }]
        );
        assert_eq!(m.mine, posted);
    }

    #[test]
    fn clearing_an_answer_is_a_change_and_unreadable_values_keep_the_stored_one() {
        let base = answers(&[("a", "1"), ("b", "1")]);
        let posted = Answers::new();
        let m = merge(
            &keys(&["a", "b"]),
            &base,
            &base,
            &posted,
            &["b"],
            &BTreeMap::new(),
        );
        assert_eq!(m.answers, answers(&[("b", "1")]));
        assert!(!m.others_changed);
    }

    #[test]
    fn the_same_answer_from_both_sides_is_no_conflict() {
        let base = answers(&[]);
        let both = answers(&[("a", "x")]);
        let m = merge(&keys(&["a"]), &base, &both, &both, &[], &BTreeMap::new());
        assert!(m.conflicts.is_empty());
        assert_eq!(m.answers, both);
    }

    /// A group answer of items, each only a name.
    fn projects(names: &[&str]) -> Answers {
        let items = names
            .iter()
            .map(|n| answers(&[("namn", n)]))
            .collect::<Vec<_>>();
        [("projekt".to_string(), Answer::Items(items))]
            .into_iter()
            .collect()
    }

    /// Merges the `projekt` group (at most `limit` items); the items kept and
    /// whether it was a conflict.
    fn merge_projects(
        base: &[&str],
        theirs: &[&str],
        mine: &[&str],
        limit: usize,
    ) -> (Answers, bool) {
        let limits: BTreeMap<String, usize> =
            [("projekt".to_string(), limit)].into_iter().collect();
        let m = merge(
            &keys(&["projekt"]),
            &projects(base),
            &projects(theirs),
            &projects(mine),
            &[],
            &limits,
        );
        (m.answers, !m.conflicts.is_empty())
    }

    #[test]
    fn colleagues_changing_different_items_of_a_group_both_keep_their_changes() {
        // Different items edited.
        assert_eq!(
            merge_projects(&["A", "B"], &["A2", "B"], &["A", "B2"], 20),
            (projects(&["A2", "B2"]), false)
        );
        // Both added one: theirs first, then mine.
        assert_eq!(
            merge_projects(&["A"], &["A", "B"], &["A", "C"], 20),
            (projects(&["A", "B", "C"]), false)
        );
        // One edited, the other added; from nothing, both added.
        assert_eq!(
            merge_projects(&["A"], &["A2"], &["A", "C"], 20),
            (projects(&["A2", "C"]), false)
        );
        assert_eq!(
            merge_projects(&[], &["B"], &["C"], 20),
            (projects(&["B", "C"]), false)
        );
        // The same item added by both (a save sent twice) is kept once.
        assert_eq!(
            merge_projects(&["A"], &["A2", "X"], &["A", "X"], 20),
            (projects(&["A2", "X"]), false)
        );
    }

    #[test]
    fn unclear_changes_to_a_group_are_a_conflict_that_keeps_the_stored_items() {
        for (base, theirs, mine, limit) in [
            // The same item changed differently.
            (&["A"][..], &["A2"][..], &["A3"][..], 20),
            // One removed an item the other changed.
            (&["A", "B"][..], &["B"][..], &["A", "B2"][..], 20),
            (&["A", "B"][..], &["A2", "B"][..], &["A"][..], 20),
            // Together more items than the group allows.
            (&["A"][..], &["A", "B"][..], &["A", "C"][..], 2),
        ] {
            assert_eq!(
                merge_projects(base, theirs, mine, limit),
                (projects(theirs), true),
                "{base:?} {theirs:?} {mine:?}"
            );
        }
    }

    #[test]
    fn a_refused_value_keeps_the_stored_one() {
        use crate::questionnaire::rules::ProblemKind;
        let stored = answers(&[("antal", "3"), ("epost", "a@kommun.se")]);
        let mut posted = answers(&[("antal", "2,5"), ("nytt", "x")]);
        posted.remove("epost");
        let mut group = projects(&["A"]);
        if let Some(Answer::Items(items)) = group.get_mut("projekt") {
            items[0].insert("start".into(), Answer::Text("2026-01-10".into()));
        }
        let mut stored = stored;
        stored.extend(group.clone());
        let mut now = posted.clone();
        // The item's date was refused and dropped from the posted item.
        now.extend(projects(&["A2"]));
        let problems = [
            Problem::new("antal", ProblemKind::NotAnInteger),
            Problem::new("epost", ProblemKind::InvalidEmail),
            Problem::new("projekt[1].start", ProblemKind::InvalidDate),
            Problem::new("projekt[1]", ProblemKind::EmptyItem),
        ];
        keep_stored(&mut now, &stored, problems.iter());
        assert_eq!(now.get("antal"), stored.get("antal"));
        assert_eq!(now.get("epost"), stored.get("epost"));
        assert_eq!(now.get("nytt"), posted.get("nytt"));
        let Some(Answer::Items(items)) = now.get("projekt") else {
            panic!("the group is kept");
        };
        assert_eq!(items[0].get("namn"), Some(&Answer::Text("A2".into())));
        assert_eq!(
            items[0].get("start"),
            Some(&Answer::Text("2026-01-10".into()))
        );
    }

    #[test]
    fn token_shapes() {
        assert!(looks_like_token("Qk3x9_b-F2mZtY7uVw8PaA"));
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token("../../etc/passwd/xxxxxxxxxxxx"));
        assert!(!looks_like_token(&"a".repeat(65)));
    }
}
