//! A municipality's trend over its rounds: the key figures and theme counts
//! of every earlier round and this one, oldest first, and this round's
//! choice questions against the previous round's, option by option.
//!
//! Pure: the rounds arrive analysed (see `load`), one [`Previous`] each.

use super::{KeyFigures, Previous, QuestionSummary, SummaryBody};
use crate::questionnaire::model::Text;
use serde::{Deserialize, Serialize};

/// At most this many earlier rounds make up a trend: the newest ones.
pub const MAX_EARLIER_ROUNDS: usize = 10;

/// How many answering units chose one theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeCount {
    pub key: String,
    pub label: Text,
    pub count: usize,
}

/// One round of the trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub round_id: String,
    pub round_name: String,
    pub closes_at: i64,
    pub figures: KeyFigures,
    /// Answering units that chose each of [`Trend::themes`]; None when the
    /// round's questionnaire did not offer the theme.
    pub theme_counts: Vec<Option<usize>>,
}

impl TrendPoint {
    /// How many themes at least one unit chose; None when the round asked
    /// about no theme at all.
    pub fn themes_chosen(&self) -> Option<usize> {
        if self.theme_counts.iter().all(Option::is_none) {
            return None;
        }
        Some(
            self.theme_counts
                .iter()
                .filter(|c| c.is_some_and(|n| n > 0))
                .count(),
        )
    }
}

/// The municipality's rounds, oldest first; the last is the round analysed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
    /// Every theme any of the rounds offered: this round's in its order,
    /// then those only earlier rounds offered.
    pub themes: Vec<(String, Text)>,
    /// This round's choice questions against the previous round's.
    pub questions: Vec<QuestionChange>,
}

impl Trend {
    /// The round before the one analysed.
    pub fn previous(&self) -> Option<&TrendPoint> {
        self.points.iter().rev().nth(1)
    }
}

/// One choice or yes/no question, previous round against this one. A side
/// the question was missing from is None.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionChange {
    pub key: String,
    pub text: Text,
    pub multiple: bool,
    /// Units that answered it in the previous round.
    pub answered_before: Option<usize>,
    /// Units that answered it in this round.
    pub answered_now: Option<usize>,
    pub options: Vec<OptionChange>,
}

/// One option: the share of the answering units that chose it in each round,
/// None when the round lacked the option (or nobody answered the question).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionChange {
    pub key: String,
    pub label: Text,
    pub before: Option<f64>,
    pub now: Option<f64>,
}

impl OptionChange {
    /// The change in percentage points, when both rounds have a share.
    pub fn change_points(&self) -> Option<f64> {
        Some((self.now? - self.before?) * 100.0)
    }
}

/// "+5", "−3" or "±0" percentage points, rounded to whole points.
pub fn format_points(points: f64) -> String {
    let rounded = points.round();
    if rounded == 0.0 {
        "±0".into()
    } else if rounded > 0.0 {
        format!("+{rounded:.0}")
    } else {
        format!("\u{2212}{:.0}", -rounded)
    }
}

/// One analysed round as the trend reads it.
pub(crate) struct RoundPoint<'a> {
    pub round_id: &'a str,
    pub round_name: &'a str,
    pub closes_at: i64,
    pub figures: &'a KeyFigures,
    /// The round's themes in its questionnaire's order; empty without the
    /// theme question.
    pub themes: &'a [ThemeCount],
    pub questions: &'a [QuestionSummary],
}

impl<'a> From<&'a Previous> for RoundPoint<'a> {
    fn from(p: &'a Previous) -> Self {
        RoundPoint {
            round_id: &p.round_id,
            round_name: &p.round_name,
            closes_at: p.closes_at,
            figures: &p.figures,
            themes: &p.themes,
            questions: &p.questions,
        }
    }
}

/// The trend of a municipality from its earlier rounds (any order) and the
/// round analysed; None without an earlier round. Only the newest
/// [`MAX_EARLIER_ROUNDS`] earlier rounds count, and only rounds that closed
/// before this one.
pub(crate) fn build(earlier: &[RoundPoint], now: RoundPoint) -> Option<Trend> {
    let mut earlier: Vec<&RoundPoint> = earlier
        .iter()
        .filter(|p| p.closes_at < now.closes_at && p.round_id != now.round_id)
        .collect();
    if earlier.is_empty() {
        return None;
    }
    earlier.sort_by(|a, b| {
        a.closes_at
            .cmp(&b.closes_at)
            .then_with(|| a.round_id.cmp(b.round_id))
    });
    let skip = earlier.len().saturating_sub(MAX_EARLIER_ROUNDS);
    let earlier = &earlier[skip..];

    let mut themes: Vec<(String, Text)> = Vec::new();
    for p in std::iter::once(&now).chain(earlier.iter().rev().copied()) {
        for t in p.themes {
            if !themes.iter().any(|(key, _)| *key == t.key) {
                themes.push((t.key.clone(), t.label.clone()));
            }
        }
    }
    let point = |p: &RoundPoint| TrendPoint {
        round_id: p.round_id.to_string(),
        round_name: p.round_name.to_string(),
        closes_at: p.closes_at,
        figures: p.figures.clone(),
        theme_counts: themes
            .iter()
            .map(|(key, _)| p.themes.iter().find(|t| t.key == *key).map(|t| t.count))
            .collect(),
    };
    let mut points: Vec<TrendPoint> = earlier.iter().map(|p| point(p)).collect();
    points.push(point(&now));
    let previous = earlier.last().expect("not empty");
    Some(Trend {
        points,
        questions: compare_questions(previous.questions, now.questions),
        themes,
    })
}

/// A choice question's answering units and option shares.
struct Choice<'a> {
    summary: &'a QuestionSummary,
    multiple: bool,
    options: &'a [super::OptionCount],
}

fn choices(questions: &[QuestionSummary]) -> Vec<Choice<'_>> {
    questions
        .iter()
        .filter_map(|q| match &q.body {
            SummaryBody::Choice {
                multiple, options, ..
            } => Some(Choice {
                summary: q,
                multiple: *multiple,
                options,
            }),
            _ => None,
        })
        .collect()
}

/// The share of `key` in a round's question, None when the option is missing
/// or nobody answered.
fn share(choice: Option<&Choice>, key: &str) -> Option<f64> {
    let choice = choice?;
    if choice.summary.answered == 0 {
        return None;
    }
    choice
        .options
        .iter()
        .find(|o| o.key == key)
        .map(|o| o.share)
}

/// Every choice and yes/no question of either round, matched by key: this
/// round's in its order, then those only the previous round asked. Options
/// likewise: this round's, then those only the previous round offered.
pub fn compare_questions(
    before: &[QuestionSummary],
    now: &[QuestionSummary],
) -> Vec<QuestionChange> {
    let before = choices(before);
    let now = choices(now);
    let find = |list: &[Choice<'_>], key: &str| list.iter().position(|c| c.summary.key == key);
    let mut out = Vec::new();
    let keys = now.iter().map(|c| c.summary.key.as_str()).chain(
        before
            .iter()
            .map(|c| c.summary.key.as_str())
            .filter(|k| find(&now, k).is_none()),
    );
    for key in keys {
        let b = find(&before, key).map(|i| &before[i]);
        let n = find(&now, key).map(|i| &now[i]);
        let main = n.or(b).expect("the key is of one of the rounds");
        let mut options: Vec<(String, Text)> = Vec::new();
        for o in n
            .map(|c| c.options)
            .unwrap_or_default()
            .iter()
            .chain(b.map(|c| c.options).unwrap_or_default())
        {
            if !options.iter().any(|(k, _)| *k == o.key) {
                options.push((o.key.clone(), o.label.clone()));
            }
        }
        out.push(QuestionChange {
            key: key.to_string(),
            text: main.summary.text.clone(),
            multiple: main.multiple,
            answered_before: b.map(|c| c.summary.answered),
            answered_now: n.map(|c| c.summary.answered),
            options: options
                .into_iter()
                .map(|(key, label)| OptionChange {
                    before: share(b, &key),
                    now: share(n, &key),
                    key,
                    label,
                })
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::OptionCount;

    fn figures(answered: usize) -> KeyFigures {
        KeyFigures {
            invited: 10,
            answered,
            rate: answered as f64 / 10.0,
            ..KeyFigures::default()
        }
    }

    fn theme(key: &str, count: usize) -> ThemeCount {
        ThemeCount {
            key: key.into(),
            label: Text::new(key, key),
            count,
        }
    }

    fn question(key: &str, answered: usize, options: &[(&str, usize)]) -> QuestionSummary {
        QuestionSummary {
            key: key.into(),
            section: Text::new("Del", "Part"),
            text: Text::new(format!("Fråga {key}"), format!("Question {key}")),
            kind: "single_choice".into(),
            shown: answered,
            answered,
            body: SummaryBody::Choice {
                multiple: false,
                options: options
                    .iter()
                    .map(|(k, n)| OptionCount {
                        key: k.to_string(),
                        label: Text::new(k.to_string(), k.to_string()),
                        count: *n,
                        share: if answered == 0 {
                            0.0
                        } else {
                            *n as f64 / answered as f64
                        },
                    })
                    .collect(),
                other_texts: Vec::new(),
            },
        }
    }

    fn previous(id: &str, closes_at: i64, answered: usize) -> Previous {
        Previous {
            municipality_id: "m".into(),
            round_id: id.into(),
            round_name: format!("Omgång {id}"),
            closes_at,
            figures: figures(answered),
            themes: Vec::new(),
            questions: Vec::new(),
        }
    }

    fn current<'a>(figures: &'a KeyFigures, themes: &'a [ThemeCount]) -> RoundPoint<'a> {
        RoundPoint {
            round_id: "nu",
            round_name: "Nu",
            closes_at: 1000,
            figures,
            themes,
            questions: &[],
        }
    }

    #[test]
    fn rounds_come_oldest_first_ending_with_this_one() {
        let earlier = [
            previous("b", 500, 5),
            previous("a", 100, 3),
            previous("c", 900, 7),
        ];
        let points: Vec<RoundPoint> = earlier.iter().map(RoundPoint::from).collect();
        let now = figures(9);
        let trend = build(&points, current(&now, &[])).unwrap();
        let ids: Vec<&str> = trend.points.iter().map(|p| p.round_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "nu"]);
        let answered: Vec<usize> = trend.points.iter().map(|p| p.figures.answered).collect();
        assert_eq!(answered, [3, 5, 7, 9]);
        assert_eq!(trend.previous().unwrap().round_id, "c");
    }

    #[test]
    fn no_earlier_round_is_no_trend_and_later_rounds_do_not_count() {
        let now = figures(9);
        assert!(build(&[], current(&now, &[])).is_none());
        let later = [previous("sen", 2000, 1), previous("nu", 500, 1)];
        let points: Vec<RoundPoint> = later.iter().map(RoundPoint::from).collect();
        assert!(build(&points, current(&now, &[])).is_none());
    }

    #[test]
    fn only_the_newest_earlier_rounds_count() {
        let earlier: Vec<Previous> = (0..15)
            .map(|i| previous(&format!("r{i:02}"), i * 10, i as usize))
            .collect();
        let points: Vec<RoundPoint> = earlier.iter().map(RoundPoint::from).collect();
        let now = figures(9);
        let trend = build(&points, current(&now, &[])).unwrap();
        assert_eq!(trend.points.len(), MAX_EARLIER_ROUNDS + 1);
        assert_eq!(trend.points[0].round_id, "r05");
        assert_eq!(trend.points[MAX_EARLIER_ROUNDS - 1].round_id, "r14");
    }

    #[test]
    fn themes_a_round_did_not_offer_are_missing_not_zero() {
        let mut old = previous("a", 100, 3);
        old.themes = vec![theme("klimat", 2), theme("kultur", 0)];
        let mut no_themes = previous("b", 200, 3);
        no_themes.themes = Vec::new();
        let earlier = [old, no_themes];
        let points: Vec<RoundPoint> = earlier.iter().map(RoundPoint::from).collect();
        let now = figures(9);
        let now_themes = [theme("digitalisering", 4), theme("klimat", 1)];
        let trend = build(&points, current(&now, &now_themes)).unwrap();
        let keys: Vec<&str> = trend.themes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["digitalisering", "klimat", "kultur"]);
        assert_eq!(trend.points[0].theme_counts, [None, Some(2), Some(0)]);
        assert_eq!(trend.points[1].theme_counts, [None, None, None]);
        assert_eq!(trend.points[2].theme_counts, [Some(4), Some(1), None]);
        assert_eq!(trend.points[0].themes_chosen(), Some(1));
        assert_eq!(trend.points[1].themes_chosen(), None);
        assert_eq!(trend.points[2].themes_chosen(), Some(2));
    }

    #[test]
    fn missing_figures_stay_missing() {
        let mut old = previous("a", 100, 0);
        old.figures.active_share = None;
        let earlier = [old];
        let points: Vec<RoundPoint> = earlier.iter().map(RoundPoint::from).collect();
        let mut now = figures(4);
        now.active_share = Some(0.5);
        let trend = build(&points, current(&now, &[])).unwrap();
        assert_eq!(trend.points[0].figures.active_share, None);
        assert_eq!(trend.points[1].figures.active_share, Some(0.5));
    }

    #[test]
    fn questions_compare_by_key_with_removed_and_added_options() {
        let before = vec![
            question(
                "aktivitetsniva",
                4,
                &[("strategiskt", 1), ("ad_hoc", 1), ("inte", 2)],
            ),
            question("borttagen", 2, &[("ja", 2), ("nej", 0)]),
        ];
        let mut now = vec![
            question("ny", 3, &[("ja", 3)]),
            question(
                "aktivitetsniva",
                5,
                &[("strategiskt", 3), ("inte", 1), ("planerar", 1)],
            ),
        ];
        now.push(QuestionSummary {
            body: SummaryBody::Texts(Vec::new()),
            ..question("fritext", 2, &[])
        });
        let changes = compare_questions(&before, &now);
        let keys: Vec<&str> = changes.iter().map(|q| q.key.as_str()).collect();
        // Free text is not compared; the removed question comes last.
        assert_eq!(keys, ["ny", "aktivitetsniva", "borttagen"]);

        let added = &changes[0];
        assert_eq!((added.answered_before, added.answered_now), (None, Some(3)));
        assert_eq!(added.options[0].before, None);
        assert_eq!(added.options[0].now, Some(1.0));
        assert_eq!(added.options[0].change_points(), None);

        let activity = &changes[1];
        let option_keys: Vec<&str> = activity.options.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(option_keys, ["strategiskt", "inte", "planerar", "ad_hoc"]);
        let strategic = &activity.options[0];
        assert_eq!((strategic.before, strategic.now), (Some(0.25), Some(0.6)));
        assert_eq!(format_points(strategic.change_points().unwrap()), "+35");
        assert_eq!(
            format_points(activity.options[1].change_points().unwrap()),
            "\u{2212}30"
        );
        assert_eq!(activity.options[2].before, None);
        assert_eq!(activity.options[3].now, None);
        assert_eq!(activity.options[3].before, Some(0.25));

        let removed = &changes[2];
        assert_eq!(
            (removed.answered_before, removed.answered_now),
            (Some(2), None)
        );
        assert!(removed.options.iter().all(|o| o.now.is_none()));
        assert_eq!(removed.text.sv, "Fråga borttagen");
    }

    #[test]
    fn a_question_nobody_answered_has_no_shares() {
        let before = vec![question("q", 0, &[("ja", 0)])];
        let now = vec![question("q", 2, &[("ja", 1)])];
        let changes = compare_questions(&before, &now);
        assert_eq!(changes[0].answered_before, Some(0));
        assert_eq!(changes[0].options[0].before, None);
        assert_eq!(changes[0].options[0].now, Some(0.5));
    }

    #[test]
    fn points_read_with_a_sign() {
        assert_eq!(format_points(0.4), "±0");
        assert_eq!(format_points(-0.4), "±0");
        assert_eq!(format_points(16.7), "+17");
        assert_eq!(format_points(-100.0), "\u{2212}100");
    }

    #[test]
    fn the_trend_compares_with_the_newest_earlier_round() {
        let mut a = previous("a", 100, 3);
        a.questions = vec![question("q", 2, &[("ja", 2)])];
        let mut b = previous("b", 200, 3);
        b.questions = vec![question("q", 4, &[("ja", 1)])];
        let earlier = [b, a];
        let points: Vec<RoundPoint> = earlier.iter().map(RoundPoint::from).collect();
        let now = figures(9);
        let now_questions = [question("q", 2, &[("ja", 1)])];
        let trend = build(
            &points,
            RoundPoint {
                questions: &now_questions,
                ..current(&now, &[])
            },
        )
        .unwrap();
        assert_eq!(trend.questions[0].options[0].before, Some(0.25));
        assert_eq!(trend.questions[0].options[0].now, Some(0.5));
    }
}
