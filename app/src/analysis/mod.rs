//! The current-state analysis (nulägesanalys): participation, every question's
//! distribution, the theme matrices and the representation gaps of a round.
//!
//! Pure functions over plain data: no database, no Leptos. The server loads a
//! round, the registry and the responses into an [`Input`] and calls
//! [`analyse`]; pages, exports and `nulage analyse` read the [`Baseline`].

pub mod api;
pub mod continuity;
pub mod continuity_page;
mod gaps;
#[cfg(feature = "ssr")]
pub mod load;
pub mod pages;
pub mod partner_page;
pub mod partners;
pub mod projects;
pub mod register;
mod stats;
mod thresholds;
pub mod trend;
pub mod trend_page;

#[cfg(test)]
mod tests;

pub use gaps::{Flag, Rule, Severity};
pub use stats::{percent, NumericSummary, OptionCount, Quote};
pub use thresholds::{ThresholdField, Thresholds, THRESHOLD_FIELDS};
pub use trend::{OptionChange, QuestionChange, ThemeCount, Trend, TrendPoint};

/// The id of the thresholds form's field for the threshold `key`.
pub fn threshold_field_id(key: &str) -> String {
    format!("grans-{key}")
}

use crate::questionnaire::model::{Answer, Answers, QuestionKind, Questionnaire, Text};
use crate::rounds::UnitState;
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The question keys of the default questionnaire that the analysis reads
/// beyond plain distributions. A questionnaire without one of them simply
/// lacks the figures and rules that need it.
pub mod keys {
    pub const ACTIVITY: &str = "aktivitetsniva";
    pub const ACTIVE_LEVELS: [&str; 2] = ["strategiskt", "ad_hoc"];
    pub const STRATEGIC_LEVEL: &str = "strategiskt";
    pub const FORMS: &str = "former";
    pub const FUNDING: &str = "finansiering";
    pub const PROJECTS: &str = "antal_projekt";
    pub const CONTACT: &str = "int_kontakt";
    pub const STRATEGY: &str = "strategi";
    pub const STRATEGY_KNOWN: [&str; 2] = ["arbetar_efter", "kanner_till"];
    pub const STRATEGY_UNKNOWN: [&str; 2] = ["kanner_inte_till", "finns_ingen"];
    pub const PERSPECTIVE: &str = "eget_perspektiv";
    pub const PERSPECTIVE_YES: [&str; 2] = ["ja", "delvis"];
    pub const THEMES: &str = "teman";
    pub const AGENDA: &str = "agenda2030";
    pub const OBSTACLES: &str = "hinder";
    pub const NEEDS: &str = "kompetensbehov";
    pub const IMPORTANCE: &str = "betydelse";
    /// Answers that identify the person who answered: counted, never quoted.
    pub const PERSONAL: [&str; 3] = ["svarande_namn", "svarande_roll", "svarande_epost"];
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

/// Everything the analysis reads: one round, the registry as it is for its
/// target units, and their answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub round: RoundInfo,
    pub questionnaire: Questionnaire,
    /// Sector keys and names, in the registry's order.
    pub sectors: Vec<(String, Text)>,
    pub municipalities: Vec<MunicipalityInfo>,
    pub targets: Vec<Target>,
    /// Each municipality's earlier rounds, analysed for it alone, for the
    /// trend (any order; see [`trend::build`]).
    pub previous: Vec<Previous>,
    /// "Now", as unix seconds: decides whether the round is still open and
    /// how old the last round is.
    pub now: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundInfo {
    pub id: String,
    pub name: String,
    pub closes_at: i64,
    /// Answers are no longer accepted.
    pub closed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    /// The municipality's own priority areas (theme keys).
    pub priorities: Vec<String>,
    /// When the newest round covering the municipality closes or closed.
    pub latest_round_closes_at: Option<i64>,
}

/// A target unit of the round with its answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub unit_id: String,
    pub unit_name: String,
    pub municipality_id: String,
    pub kind: UnitKind,
    pub sector: String,
    /// The registry names an international contact person for the unit.
    pub registry_international_contact: bool,
    pub state: UnitState,
    pub last_activity_at: Option<i64>,
    /// The answers last submitted.
    pub submitted: Option<Answers>,
    /// The working copy, when it holds anything.
    pub draft: Option<Answers>,
    /// In a round based on an earlier one: the answers the unit was given
    /// to start with.
    #[serde(default)]
    pub carried: Option<Answers>,
}

/// An earlier round of a municipality, analysed for it alone with
/// submitted answers only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Previous {
    pub municipality_id: String,
    pub round_id: String,
    pub round_name: String,
    pub closes_at: i64,
    pub figures: KeyFigures,
    /// Answering units per theme, in the round's questionnaire's order.
    #[serde(default)]
    pub themes: Vec<ThemeCount>,
    /// The round's choice questions, for the question-by-question
    /// comparison (needed of the newest earlier round only).
    #[serde(default)]
    pub questions: Vec<QuestionSummary>,
}

/// How to count.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Count drafts of units that have not submitted, marked as drafts.
    pub include_drafts: bool,
    pub thresholds: Thresholds,
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// The analysis of one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub round: RoundInfo,
    pub questionnaire_title: Text,
    pub include_drafts: bool,
    pub thresholds: Thresholds,
    /// Every municipality of the input together.
    pub total: Participation,
    pub total_figures: KeyFigures,
    pub municipalities: Vec<MunicipalityBaseline>,
    /// Municipalities × themes: how many answering units chose each theme.
    pub theme_matrix: ThemeMatrix,
    /// Every question over every municipality.
    pub questions: Vec<QuestionSummary>,
}

/// A unit as the analysis names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
    pub municipality_code: String,
    pub kind: UnitKind,
    pub sector: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    pub invited: usize,
    /// Units in each state, in `UnitState::ALL` order.
    pub states: [usize; 4],
    /// Units whose answers count (submitted, and drafts when included).
    pub answered: usize,
    /// Of `answered`, how many are drafts.
    pub drafts_counted: usize,
    /// `answered / invited`, 0 when nobody was invited.
    pub rate: f64,
    pub by_kind: Vec<Group>,
    pub by_sector: Vec<Group>,
    /// Units whose answers do not count, by name.
    pub silent: Vec<SilentUnit>,
}

/// Participation of one kind or sector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub key: String,
    pub label: Text,
    pub invited: usize,
    pub answered: usize,
    pub rate: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SilentUnit {
    pub unit: UnitRef,
    pub state: UnitState,
    pub last_activity_at: Option<i64>,
}

/// The figures that sum a municipality up, compared between rounds and
/// between municipalities. Shares are of the units that answered the question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyFigures {
    pub invited: usize,
    pub answered: usize,
    pub rate: f64,
    /// Works internationally today (strategically or now and then).
    pub active_share: Option<f64>,
    pub strategic_share: Option<f64>,
    /// Works after, or knows of, the municipality's strategy.
    pub strategy_known_share: Option<f64>,
    pub contact_share: Option<f64>,
    /// The international perspective is (partly) in the unit's own plans.
    pub perspective_share: Option<f64>,
    /// Ongoing international projects, summed.
    pub projects: Option<f64>,
    /// Mean importance of international work (1–5).
    pub importance: Option<f64>,
    /// Projects in the project register (None without a project question).
    #[serde(default)]
    pub listed_projects: Option<usize>,
    /// Flags by severity: info, varning, allvarlig.
    pub flags: [usize; 3],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityBaseline {
    pub id: String,
    pub code: String,
    pub name: String,
    pub participation: Participation,
    /// Most serious first.
    pub flags: Vec<Flag>,
    pub figures: KeyFigures,
    pub questions: Vec<QuestionSummary>,
    pub unit_themes: UnitThemes,
    /// Agenda 2030 goals and how many units work with each.
    pub agenda: Vec<OptionCount>,
    /// Most often named first.
    pub obstacles: Vec<OptionCount>,
    pub needs: Vec<OptionCount>,
    pub trend: Option<Trend>,
    /// In a round based on an earlier one: confirmed, changed, fresh.
    #[serde(default)]
    pub continuity: Option<continuity::ContinuityCounts>,
}

/// Units × themes of one municipality.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitThemes {
    pub themes: Vec<(String, Text)>,
    /// Whether each theme is one of the municipality's priority areas.
    pub priorities: Vec<bool>,
    pub rows: Vec<UnitThemeRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitThemeRow {
    pub unit: UnitRef,
    pub draft: bool,
    pub chosen: Vec<bool>,
}

/// Municipalities × themes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThemeMatrix {
    pub themes: Vec<(String, Text)>,
    pub rows: Vec<ThemeMatrixRow>,
    pub totals: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeMatrixRow {
    pub code: String,
    pub name: String,
    pub answered: usize,
    pub counts: Vec<usize>,
    pub priorities: Vec<bool>,
}

/// One question's answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionSummary {
    pub key: String,
    pub section: Text,
    pub text: Text,
    /// The question type's JSON name.
    pub kind: String,
    /// Answering units that were shown the question.
    pub shown: usize,
    /// Of those, how many answered it.
    pub answered: usize,
    pub body: SummaryBody,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SummaryBody {
    /// Counts per option (single and multiple choice, yes/no), with shares of
    /// the units that answered; "Annat" last, with its texts.
    Choice {
        multiple: bool,
        options: Vec<OptionCount>,
        other_texts: Vec<Quote>,
    },
    Numeric(NumericSummary),
    /// Free text, each with its unit.
    Texts(Vec<Quote>),
    /// Answers counted but not listed (e-mail addresses, names).
    Counted,
    /// A repeating group: how many items the answering units listed in all
    /// (the items themselves are in the project register and its export).
    Items {
        items: usize,
    },
}

// ---------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------

/// A target whose answers count, with the answers that count.
pub(crate) struct Counted<'a> {
    pub target: &'a Target,
    pub unit: UnitRef,
    pub answers: &'a Answers,
    pub draft: bool,
    /// Whether the unit was shown each question, in the questionnaire's
    /// order: worked out once here, read by every figure and rule.
    pub shown: Vec<bool>,
    /// The unit's answer to each question, in the questionnaire's order:
    /// looked up once here, so that the distributions (computed per
    /// municipality and again for the whole round) need no map lookups.
    pub values: Vec<Option<&'a Answer>>,
}

/// The questionnaire's question keys in key order, with their positions,
/// for [`answer_values`].
fn key_index(q: &Questionnaire) -> Vec<(&str, usize)> {
    let mut index: Vec<(&str, usize)> = q
        .questions()
        .enumerate()
        .map(|(position, (_, x))| (x.key.as_str(), position))
        .collect();
    index.sort_unstable();
    index
}

/// The answers to each question by position: one walk through the (sorted)
/// answers alongside the sorted keys, with no searching.
fn answer_values<'a>(
    index: &[(&str, usize)],
    count: usize,
    answers: &'a Answers,
) -> Vec<Option<&'a Answer>> {
    let mut values = vec![None; count];
    let mut entries = answers.iter().peekable();
    for (key, position) in index {
        while entries.next_if(|(k, _)| k.as_str() < *key).is_some() {}
        if let Some((k, v)) = entries.peek() {
            if k.as_str() == *key {
                values[*position] = Some(*v);
            }
        }
    }
    values
}

/// Which questions a unit with these answers was shown, by position.
fn shown_questions(q: &Questionnaire, kind: UnitKind, answers: &Answers) -> Vec<bool> {
    let shown = crate::questionnaire::rules::visibility(q, kind, answers);
    q.questions()
        .map(|(_, question)| shown.question(&question.key))
        .collect()
}

/// The answers of a target that count under `options`.
fn counted_answers<'a>(target: &'a Target, options: &Options) -> Option<(&'a Answers, bool)> {
    match (&target.submitted, &target.draft) {
        (Some(answers), _) => Some((answers, false)),
        (None, Some(draft)) if options.include_drafts && !draft.is_empty() => Some((draft, true)),
        _ => None,
    }
}

fn unit_ref(target: &Target, code: &str) -> UnitRef {
    UnitRef {
        id: target.unit_id.clone(),
        name: target.unit_name.clone(),
        municipality_code: code.to_string(),
        kind: target.kind,
        sector: target.sector.clone(),
    }
}

/// Analyses a round: the baseline and the representation gaps.
pub fn analyse(input: &Input, options: &Options) -> Baseline {
    let codes: HashMap<&str, &str> = input
        .municipalities
        .iter()
        .map(|m| (m.id.as_str(), m.code.as_str()))
        .collect();
    // Targets by municipality, in the order of `input.municipalities`.
    let mut by_municipality: HashMap<&str, Vec<&Target>> = HashMap::new();
    for target in &input.targets {
        if codes.contains_key(target.municipality_id.as_str()) {
            by_municipality
                .entry(target.municipality_id.as_str())
                .or_default()
                .push(target);
        }
    }
    let themes = choice_options(&input.questionnaire, keys::THEMES);
    let index = key_index(&input.questionnaire);
    let question_count = index.len();
    let project_labels = projects::Labels::of(&input.questionnaire);
    let project_position = projects::has_register(&input.questionnaire)
        .then(|| {
            input
                .questionnaire
                .questions()
                .position(|(_, x)| x.key == projects::keys::GROUP)
        })
        .flatten();
    let mut previous: HashMap<&str, Vec<trend::RoundPoint>> = HashMap::new();
    for p in &input.previous {
        previous
            .entry(p.municipality_id.as_str())
            .or_default()
            .push(trend::RoundPoint::from(p));
    }

    let mut municipalities = Vec::with_capacity(input.municipalities.len());
    let mut all_targets: Vec<&Target> = Vec::with_capacity(input.targets.len());
    let mut all_counted: Vec<Counted> = Vec::new();
    for m in &input.municipalities {
        let targets = by_municipality.remove(m.id.as_str()).unwrap_or_default();
        let counted: Vec<Counted> = targets
            .iter()
            .filter_map(|t| {
                counted_answers(t, options).map(|(answers, draft)| Counted {
                    target: t,
                    unit: unit_ref(t, &m.code),
                    answers,
                    draft,
                    shown: shown_questions(&input.questionnaire, t.kind, answers),
                    values: answer_values(&index, question_count, answers),
                })
            })
            .collect();
        let participation = participation(&targets, &counted, &input.sectors, &codes);
        let questions = stats::summarise(&input.questionnaire, &counted);
        let mut figures = key_figures(&participation, &counted);
        let listed = if project_position.is_some() {
            projects::outlines(&counted)
        } else {
            Vec::new()
        };
        figures.listed_projects = project_position.map(|_| listed.len());
        let flags = gaps::flags(
            &gaps::Context {
                input,
                municipality: m,
                targets: &targets,
                counted: &counted,
                participation: &participation,
                thresholds: &options.thresholds,
                themes: &themes,
                projects: &listed,
                project_labels: &project_labels,
                project_position,
            },
            &input.questionnaire,
        );
        figures.flags = gaps::count_by_severity(&flags);
        let unit_themes = unit_themes(&themes, m, &counted);
        let theme_counts = theme_counts(&unit_themes);
        let trend = previous.get(m.id.as_str()).and_then(|earlier| {
            trend::build(
                earlier,
                trend::RoundPoint {
                    round_id: &input.round.id,
                    round_name: &input.round.name,
                    closes_at: input.round.closes_at,
                    figures: &figures,
                    themes: &theme_counts,
                    questions: &questions,
                },
            )
        });
        let continuity = continuity::continuity(&targets, &m.code);
        municipalities.push(MunicipalityBaseline {
            continuity,
            id: m.id.clone(),
            code: m.code.clone(),
            name: m.name.clone(),
            agenda: option_counts(&questions, keys::AGENDA, false),
            obstacles: option_counts(&questions, keys::OBSTACLES, true),
            needs: option_counts(&questions, keys::NEEDS, true),
            participation,
            flags,
            figures,
            questions,
            unit_themes,
            trend,
        });
        all_targets.extend(targets);
        all_counted.extend(counted);
    }

    let total = participation(&all_targets, &all_counted, &input.sectors, &codes);
    let mut total_figures = key_figures(&total, &all_counted);
    for m in &municipalities {
        for (sum, n) in total_figures.flags.iter_mut().zip(m.figures.flags) {
            *sum += n;
        }
    }
    total_figures.listed_projects = project_position.map(|_| {
        municipalities
            .iter()
            .filter_map(|m| m.figures.listed_projects)
            .sum()
    });
    let theme_matrix = theme_matrix(&themes, input, &municipalities);
    Baseline {
        round: input.round.clone(),
        questionnaire_title: input.questionnaire.title.clone(),
        include_drafts: options.include_drafts,
        thresholds: options.thresholds.clone(),
        questions: stats::summarise(&input.questionnaire, &all_counted),
        total,
        total_figures,
        municipalities,
        theme_matrix,
    }
}

fn rate(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn participation(
    targets: &[&Target],
    counted: &[Counted],
    sectors: &[(String, Text)],
    codes: &HashMap<&str, &str>,
) -> Participation {
    let mut states = [0; 4];
    for t in targets {
        states[t.state as usize] += 1;
    }
    let answered_ids: std::collections::HashSet<&str> =
        counted.iter().map(|c| c.target.unit_id.as_str()).collect();
    let group = |key: &str, label: Text, of: &dyn Fn(&Target) -> bool| {
        let invited = targets.iter().filter(|t| of(t)).count();
        let answered = counted.iter().filter(|c| of(c.target)).count();
        Group {
            key: key.to_string(),
            label,
            invited,
            answered,
            rate: rate(answered, invited),
        }
    };
    let by_kind = UnitKind::ALL
        .into_iter()
        .map(|kind| {
            group(
                kind.key(),
                Text::new(
                    kind.plural(crate::i18n::Lang::Sv),
                    kind.plural(crate::i18n::Lang::En),
                ),
                &|t: &Target| t.kind == kind,
            )
        })
        .filter(|g| g.invited > 0)
        .collect();
    let mut by_sector: Vec<Group> = sectors
        .iter()
        .map(|(key, label)| group(key, label.clone(), &|t: &Target| t.sector == *key))
        .filter(|g| g.invited > 0)
        .collect();
    // Sectors the registry no longer lists still count, under their key.
    for t in targets {
        if !sectors.iter().any(|(key, _)| *key == t.sector)
            && !by_sector.iter().any(|g| g.key == t.sector)
        {
            let label = Text::new(t.sector.clone(), t.sector.clone());
            by_sector.push(group(&t.sector, label, &|x: &Target| x.sector == t.sector));
        }
    }
    let silent = targets
        .iter()
        .filter(|t| !answered_ids.contains(t.unit_id.as_str()))
        .map(|t| SilentUnit {
            unit: unit_ref(t, codes.get(t.municipality_id.as_str()).unwrap_or(&"")),
            state: t.state,
            last_activity_at: t.last_activity_at,
        })
        .collect();
    Participation {
        invited: targets.len(),
        states,
        answered: counted.len(),
        drafts_counted: counted.iter().filter(|c| c.draft).count(),
        rate: rate(counted.len(), targets.len()),
        by_kind,
        by_sector,
        silent,
    }
}

/// The option keys a choice answer holds.
pub(crate) fn chosen(answer: Option<&Answer>) -> Vec<&str> {
    match answer {
        Some(Answer::Text(t)) => vec![t.as_str()],
        Some(Answer::List(items)) => items.iter().map(String::as_str).collect(),
        Some(Answer::Bool(true)) => vec!["ja"],
        Some(Answer::Bool(false)) => vec!["nej"],
        _ => Vec::new(),
    }
}

/// The share of units answering `key` whose answer is one of `values`.
fn share_of(counted: &[Counted], key: &str, values: &[&str]) -> Option<f64> {
    let answered: Vec<Vec<&str>> = counted
        .iter()
        .map(|c| chosen(c.answers.get(key)))
        .filter(|v| !v.is_empty())
        .collect();
    if answered.is_empty() {
        return None;
    }
    let hits = answered
        .iter()
        .filter(|v| v.iter().any(|k| values.contains(k)))
        .count();
    Some(rate(hits, answered.len()))
}

fn numbers(counted: &[Counted], key: &str) -> Vec<f64> {
    counted
        .iter()
        .filter_map(|c| match c.answers.get(key) {
            Some(Answer::Number(n)) if n.is_finite() => Some(*n),
            _ => None,
        })
        .collect()
}

fn key_figures(participation: &Participation, counted: &[Counted]) -> KeyFigures {
    let projects = numbers(counted, keys::PROJECTS);
    let importance = numbers(counted, keys::IMPORTANCE);
    KeyFigures {
        invited: participation.invited,
        answered: participation.answered,
        rate: participation.rate,
        active_share: share_of(counted, keys::ACTIVITY, &keys::ACTIVE_LEVELS),
        strategic_share: share_of(counted, keys::ACTIVITY, &[keys::STRATEGIC_LEVEL]),
        strategy_known_share: share_of(counted, keys::STRATEGY, &keys::STRATEGY_KNOWN),
        contact_share: share_of(counted, keys::CONTACT, &["ja"]),
        perspective_share: share_of(counted, keys::PERSPECTIVE, &keys::PERSPECTIVE_YES),
        projects: (!projects.is_empty()).then(|| projects.iter().sum()),
        importance: (!importance.is_empty())
            .then(|| importance.iter().sum::<f64>() / importance.len() as f64),
        listed_projects: None,
        flags: [0; 3],
    }
}

/// The options of a choice question, when the questionnaire has it.
pub(crate) fn choice_options(q: &Questionnaire, key: &str) -> Vec<(String, Text)> {
    q.question(key)
        .filter(|question| {
            matches!(
                question.kind,
                QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
            )
        })
        .map(|question| {
            question
                .kind
                .options()
                .iter()
                .map(|o| (o.key.clone(), o.label.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// A choice question's counts, most often chosen first when `ranked`.
fn option_counts(questions: &[QuestionSummary], key: &str, ranked: bool) -> Vec<OptionCount> {
    let Some(SummaryBody::Choice { options, .. }) =
        questions.iter().find(|q| q.key == key).map(|q| &q.body)
    else {
        return Vec::new();
    };
    let mut options = options.clone();
    if ranked {
        // Stable: equal counts keep the questionnaire's order.
        options.sort_by_key(|o| std::cmp::Reverse(o.count));
    }
    options
}

fn unit_themes(themes: &[(String, Text)], m: &MunicipalityInfo, counted: &[Counted]) -> UnitThemes {
    UnitThemes {
        themes: themes.to_vec(),
        priorities: themes
            .iter()
            .map(|(key, _)| m.priorities.contains(key))
            .collect(),
        rows: counted
            .iter()
            .map(|c| {
                let picked = chosen(c.answers.get(keys::THEMES));
                UnitThemeRow {
                    unit: c.unit.clone(),
                    draft: c.draft,
                    chosen: themes
                        .iter()
                        .map(|(key, _)| picked.contains(&key.as_str()))
                        .collect(),
                }
            })
            .collect(),
    }
}

/// How many of the answering units chose each theme.
pub(crate) fn theme_counts(t: &UnitThemes) -> Vec<ThemeCount> {
    t.themes
        .iter()
        .enumerate()
        .map(|(i, (key, label))| ThemeCount {
            key: key.clone(),
            label: label.clone(),
            count: t
                .rows
                .iter()
                .filter(|r| r.chosen.get(i).copied().unwrap_or(false))
                .count(),
        })
        .collect()
}

fn theme_matrix(
    themes: &[(String, Text)],
    input: &Input,
    municipalities: &[MunicipalityBaseline],
) -> ThemeMatrix {
    let infos: HashMap<&str, &MunicipalityInfo> = input
        .municipalities
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let rows: Vec<ThemeMatrixRow> = municipalities
        .iter()
        .map(|m| {
            let info = infos.get(m.id.as_str());
            ThemeMatrixRow {
                code: m.code.clone(),
                name: m.name.clone(),
                answered: m.participation.answered,
                counts: (0..themes.len())
                    .map(|i| {
                        m.unit_themes
                            .rows
                            .iter()
                            .filter(|r| r.chosen.get(i).copied().unwrap_or(false))
                            .count()
                    })
                    .collect(),
                priorities: themes
                    .iter()
                    .map(|(key, _)| info.is_some_and(|i| i.priorities.contains(key)))
                    .collect(),
            }
        })
        .collect();
    let totals = (0..themes.len())
        .map(|i| rows.iter().map(|r| r.counts[i]).sum())
        .collect();
    ThemeMatrix {
        themes: themes.to_vec(),
        rows,
        totals,
    }
}

/// How many of a round's municipalities have answered — the headline of a
/// regional follow-up ("15 av 16 kommuner har svarat").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalitiesAnswered {
    /// Municipalities in the round.
    pub total: usize,
    /// With at least one unit that has submitted.
    pub any_submitted: usize,
    /// With units, every one of which has submitted.
    pub all_submitted: usize,
}

impl MunicipalitiesAnswered {
    /// From each municipality's (units invited, units submitted).
    pub fn count(municipalities: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut out = MunicipalitiesAnswered::default();
        for (invited, submitted) in municipalities {
            out.total += 1;
            out.any_submitted += usize::from(submitted > 0);
            out.all_submitted += usize::from(invited > 0 && submitted >= invited);
        }
        out
    }

    /// "15 av 16 kommuner har svarat; 9 av 16 med alla sina enheter."
    pub fn sentence(&self, lang: crate::i18n::Lang) -> String {
        let MunicipalitiesAnswered {
            total,
            any_submitted,
            all_submitted,
        } = *self;
        match lang {
            crate::i18n::Lang::Sv => format!(
                "{any_submitted} av {total} {} har svarat (minst en enhet har skickat in); {all_submitted} av {total} med alla sina enheter.",
                if total == 1 { "kommun" } else { "kommuner" }
            ),
            crate::i18n::Lang::En => format!(
                "{any_submitted} of {total} {} have answered (at least one unit has submitted); {all_submitted} of {total} with every unit.",
                if total == 1 { "municipality" } else { "municipalities" }
            ),
        }
    }
}

#[cfg(test)]
mod answered_tests {
    use super::MunicipalitiesAnswered;
    use crate::i18n::Lang;

    #[test]
    fn municipalities_with_a_submitted_unit_and_with_all_of_them() {
        // 16 municipalities: 9 complete, 6 partly, 1 silent.
        let mut rows = vec![(8, 8); 9];
        rows.extend([(10, 3), (5, 1), (12, 11), (4, 2), (9, 1), (7, 6)]);
        rows.push((6, 0));
        let counted = MunicipalitiesAnswered::count(rows);
        assert_eq!(
            counted,
            MunicipalitiesAnswered {
                total: 16,
                any_submitted: 15,
                all_submitted: 9
            }
        );
        assert_eq!(
            counted.sentence(Lang::Sv),
            "15 av 16 kommuner har svarat (minst en enhet har skickat in); 9 av 16 med alla sina enheter."
        );
        // A municipality without units has not answered, and is not complete.
        let empty = MunicipalitiesAnswered::count([(0, 0)]);
        assert_eq!(
            (empty.total, empty.any_submitted, empty.all_submitted),
            (1, 0, 0)
        );
        assert!(empty
            .sentence(Lang::Sv)
            .starts_with("0 av 1 kommun har svarat"));
    }
}
