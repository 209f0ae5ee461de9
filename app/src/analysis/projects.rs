//! The project register (projektregister): every project the units listed
//! in the repeating group `projekt` of their answers, one table per round.
//!
//! Pure, like the rest of the analysis. Projects that two units of the same
//! municipality report under the same name (letter case, spaces and
//! punctuation around it aside) are one project with both units: a
//! partnership owned by one administration and joined by another is one
//! project in the municipality's portfolio, not two.

use super::{counted_answers, unit_ref, Counted, Input, Options, UnitRef};
use crate::i18n::Lang;
use crate::questionnaire::model::{Answer, Answers, QuestionKind, Questionnaire, Text, OTHER};
use crate::sorting::{swedish_cmp, swedish_key};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The keys of the default questionnaire's project group.
pub mod keys {
    pub const GROUP: &str = "projekt";
    pub const NAME: &str = "namn";
    pub const ROLE: &str = "roll";
    pub const COUNTRIES: &str = "partnerlander";
    pub const PARTNERS: &str = "partner";
    pub const FUNDING: &str = "finansiering";
    pub const START: &str = "startar";
    pub const END: &str = "slutar";
    pub const THEMES: &str = "teman";
    pub const GOALS: &str = "agenda2030";
    pub const BUDGET: &str = "budget";
    pub const STATUS: &str = "status";
    pub const RESULTS: &str = "resultat";
    /// Statuses from the most to the least current; when units disagree the
    /// most current one is shown.
    pub const STATUSES: [&str; 3] = ["pagaende", "planerat", "avslutat"];
}

/// One project of the register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Stable within the round: the municipality's code and the name as
    /// compared (`0780-jb-marks`), for links and anchors.
    pub id: String,
    pub municipality_code: String,
    pub municipality_name: String,
    /// As the first unit wrote it.
    pub name: String,
    /// The units that reported it, with their role in it.
    pub units: Vec<ProjectUnit>,
    /// Partner countries, as written, capitalised, without repeats.
    pub countries: Vec<String>,
    pub partners: Vec<String>,
    /// Funding option keys (`annat` with `funding_other`).
    pub funding: Vec<String>,
    pub funding_other: Vec<String>,
    pub start: Option<i32>,
    pub end: Option<i32>,
    /// Theme option keys, in the questionnaire's order.
    pub themes: Vec<String>,
    pub theme_other: Vec<String>,
    /// Agenda 2030 goal keys (`mal_1` …).
    pub goals: Vec<String>,
    /// In kronor; the largest reported when units differ (they usually report
    /// the same whole-project budget).
    pub budget: Option<f64>,
    pub status: Option<String>,
    /// Results put into practice, with the unit that wrote them.
    pub results: Vec<(String, String)>,
    /// Every report of it is an unsubmitted draft.
    pub draft: bool,
    /// Reported between rounds through a unit's standing link: when it was
    /// last reported (or reported finished). Such a report is newer than the
    /// round's answers, so its status stands.
    #[serde(default)]
    pub reported_between: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectUnit {
    pub unit: UnitRef,
    /// Role option key (`lead`, `partner`, `associerad`).
    pub role: Option<String>,
    pub draft: bool,
}

/// The option labels of the project group's choice questions, so that pages
/// and exports name keys the way the questionnaire does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    pub roles: Vec<(String, Text)>,
    pub funding: Vec<(String, Text)>,
    pub themes: Vec<(String, Text)>,
    pub goals: Vec<(String, Text)>,
    pub statuses: Vec<(String, Text)>,
}

fn label_in(list: &[(String, Text)], key: &str, lang: Lang) -> String {
    if key == OTHER {
        return lang.t("Annat", "Other").to_string();
    }
    list.iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| t.get(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

impl Labels {
    /// The labels of the questionnaire's project group (empty without one).
    pub fn of(q: &Questionnaire) -> Labels {
        let Some(group) = q.question(keys::GROUP) else {
            return Labels::default();
        };
        let options = |key: &str| -> Vec<(String, Text)> {
            group
                .kind
                .sub_questions()
                .iter()
                .find(|x| x.key == key)
                .map(|x| {
                    x.kind
                        .options()
                        .iter()
                        .map(|o| (o.key.clone(), o.label.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        Labels {
            roles: options(keys::ROLE),
            funding: options(keys::FUNDING),
            themes: options(keys::THEMES),
            goals: options(keys::GOALS),
            statuses: options(keys::STATUS),
        }
    }

    pub fn role(&self, key: &str, lang: Lang) -> String {
        label_in(&self.roles, key, lang)
    }
    pub fn funding(&self, key: &str, lang: Lang) -> String {
        label_in(&self.funding, key, lang)
    }
    pub fn theme(&self, key: &str, lang: Lang) -> String {
        label_in(&self.themes, key, lang)
    }
    pub fn goal(&self, key: &str, lang: Lang) -> String {
        label_in(&self.goals, key, lang)
    }
    pub fn status(&self, key: &str, lang: Lang) -> String {
        label_in(&self.statuses, key, lang)
    }
}

/// Whether the questionnaire has the project group the register reads.
pub fn has_register(q: &Questionnaire) -> bool {
    q.question(keys::GROUP)
        .is_some_and(|x| matches!(x.kind, QuestionKind::Group { .. }))
}

/// A name as compared: lower case, one space between words, no
/// punctuation around it. "JB Marks " and "jb  marks." are the same.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A list typed as text ("Sydafrika, Kosovo och Polen"), taken apart at
/// commas, semicolons, slashes, line breaks and " och "/" and ".
pub fn split_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let normalised = text.replace(" och ", ",").replace(" and ", ",");
    for part in normalised.split([',', ';', '/', '\n']) {
        let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
        let part = part.trim_matches(|c: char| c == '.' || c == ':' || c.is_whitespace());
        if part.is_empty() {
            continue;
        }
        let mut chars = part.chars();
        let capitalised: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        if !out
            .iter()
            .any(|o| o.to_lowercase() == capitalised.to_lowercase())
        {
            out.push(capitalised);
        }
    }
    out
}

fn text_of(item: &Answers, key: &str) -> Option<String> {
    match item.get(key) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

fn keys_of(item: &Answers, key: &str) -> Vec<String> {
    match item.get(key) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => vec![t.trim().to_string()],
        Some(Answer::List(items)) => items
            .iter()
            .filter(|t| !t.trim().is_empty())
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

fn year_of(item: &Answers, key: &str) -> Option<i32> {
    match item.get(key) {
        Some(Answer::Number(n)) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e6 => {
            Some(*n as i32)
        }
        _ => None,
    }
}

fn push_unique(list: &mut Vec<String>, values: impl IntoIterator<Item = String>) {
    for v in values {
        if !list.contains(&v) {
            list.push(v);
        }
    }
}

/// Keys in the order of `order` (the questionnaire's options), others after.
fn ordered(mut keys: Vec<String>, order: &[(String, Text)]) -> Vec<String> {
    keys.sort_by_key(|k| {
        order
            .iter()
            .position(|(o, _)| o == k)
            .unwrap_or(if k == OTHER { usize::MAX } else { order.len() })
    });
    keys
}

/// The items of a unit's answer to the project group.
pub(crate) fn items(answers: &Answers) -> &[Answers] {
    match answers.get(keys::GROUP) {
        Some(Answer::Items(items)) => items,
        _ => &[],
    }
}

/// What the gap rules need of a project: its funding sources, themes and
/// units, borrowed from the answers. The analysis builds these instead of
/// whole [`Project`]s, which a national round would pay for in allocations.
pub(crate) struct Outline<'a> {
    pub funding: Vec<&'a str>,
    pub themes: Vec<&'a str>,
    pub units: Vec<&'a UnitRef>,
}

/// The projects of one municipality's counted units, merged by name as in
/// [`collect`], as outlines.
pub(crate) fn outlines<'a>(counted: &'a [Counted<'a>]) -> Vec<Outline<'a>> {
    let mut out: Vec<Outline> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for c in counted {
        for item in items(c.answers) {
            let key = match item.get(keys::NAME) {
                Some(Answer::Text(t)) => name_key(t),
                _ => String::new(),
            };
            let index = match by_name.get(&key).filter(|_| !key.is_empty()) {
                Some(i) => *i,
                None => {
                    out.push(Outline {
                        funding: Vec::new(),
                        themes: Vec::new(),
                        units: Vec::new(),
                    });
                    if !key.is_empty() {
                        by_name.insert(key, out.len() - 1);
                    }
                    out.len() - 1
                }
            };
            let o = &mut out[index];
            if !o.units.iter().any(|u| u.id == c.unit.id) {
                o.units.push(&c.unit);
            }
            for (list, key) in [
                (&mut o.funding, keys::FUNDING),
                (&mut o.themes, keys::THEMES),
            ] {
                let values: &[String] = match item.get(key) {
                    Some(Answer::Text(t)) => std::slice::from_ref(t),
                    Some(Answer::List(l)) => l,
                    _ => &[],
                };
                for v in values {
                    let v = v.trim();
                    if !v.is_empty() && !list.contains(&v) {
                        list.push(v);
                    }
                }
            }
        }
    }
    out
}

/// One unit's answers, as the register reads them.
pub struct Report<'a> {
    pub unit: &'a UnitRef,
    pub answers: &'a Answers,
    /// From a draft, not submitted answers.
    pub draft: bool,
}

/// The projects of one municipality's counted units, merged by name, in the
/// order of their names.
pub(crate) fn collect(
    code: &str,
    name: &str,
    counted: &[Counted],
    labels: &Labels,
) -> Vec<Project> {
    collect_reports(
        code,
        name,
        counted.iter().map(|c| Report {
            unit: &c.unit,
            answers: c.answers,
            draft: c.draft,
        }),
        labels,
    )
}

/// The projects of one municipality from its units' reports (in unit
/// order), merged by name, in the order of their names.
pub fn collect_reports<'a>(
    code: &str,
    name: &str,
    reports: impl IntoIterator<Item = Report<'a>>,
    labels: &Labels,
) -> Vec<Project> {
    let mut projects: Vec<Project> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut unnamed = 0usize;
    for c in reports {
        for item in items(c.answers) {
            let project_name = text_of(item, keys::NAME);
            let key = match &project_name {
                Some(n) => name_key(n),
                None => String::new(),
            };
            let index = if key.is_empty() {
                // Without a name nothing can be merged.
                unnamed += 1;
                None
            } else {
                by_name.get(&key).copied()
            };
            let index = match index {
                Some(i) => i,
                None => {
                    let id = if key.is_empty() {
                        format!("{code}-utan-namn-{unnamed}")
                    } else {
                        format!("{code}-{}", key.replace(' ', "-"))
                    };
                    projects.push(empty_project(
                        id,
                        code,
                        name,
                        project_name.clone().unwrap_or_default(),
                    ));
                    if !key.is_empty() {
                        by_name.insert(key, projects.len() - 1);
                    }
                    projects.len() - 1
                }
            };
            add_report(&mut projects[index], &c, item);
        }
    }
    for p in &mut projects {
        p.funding = ordered(std::mem::take(&mut p.funding), &labels.funding);
        p.themes = ordered(std::mem::take(&mut p.themes), &labels.themes);
        p.goals = ordered(std::mem::take(&mut p.goals), &labels.goals);
    }
    projects.sort_by_cached_key(|p| (swedish_key(&name_key(&p.name)), p.id.clone()));
    projects
}

fn empty_project(id: String, code: &str, name: &str, project_name: String) -> Project {
    Project {
        id,
        municipality_code: code.to_string(),
        municipality_name: name.to_string(),
        name: project_name,
        units: Vec::new(),
        countries: Vec::new(),
        partners: Vec::new(),
        funding: Vec::new(),
        funding_other: Vec::new(),
        start: None,
        end: None,
        themes: Vec::new(),
        theme_other: Vec::new(),
        goals: Vec::new(),
        budget: None,
        status: None,
        results: Vec::new(),
        draft: true,
        reported_between: None,
    }
}

/// A project reported between rounds through a unit's standing link: one
/// item of the project group.
pub struct Reported<'a> {
    pub unit: &'a UnitRef,
    pub item: &'a Answers,
    /// When it was reported, or last changed (reported finished).
    pub at: i64,
}

/// Adds the projects one municipality's units reported between rounds to
/// its projects (from [`collect_reports`]): a project the register has
/// under the same name gets the report merged in, with the report's status
/// and end year standing (they are newer than the round's answers); others
/// are added. Every project a report touched is marked with the report's
/// time. Sorted again by name.
pub fn add_reported<'a>(
    projects: &mut Vec<Project>,
    code: &str,
    name: &str,
    reported: impl IntoIterator<Item = Reported<'a>>,
    labels: &Labels,
) {
    let mut unnamed = 0usize;
    for r in reported {
        let project_name = text_of(r.item, keys::NAME);
        let key = project_name.as_deref().map(name_key).unwrap_or_default();
        let found = (!key.is_empty())
            .then(|| {
                projects
                    .iter()
                    .position(|p| p.municipality_code == code && name_key(&p.name) == key)
            })
            .flatten();
        let index = match found {
            Some(i) => i,
            None => {
                let id = if key.is_empty() {
                    unnamed += 1;
                    format!("{code}-rapporterat-utan-namn-{unnamed}")
                } else {
                    format!("{code}-{}", key.replace(' ', "-"))
                };
                projects.push(empty_project(
                    id,
                    code,
                    name,
                    project_name.clone().unwrap_or_default(),
                ));
                projects.len() - 1
            }
        };
        let p = &mut projects[index];
        let report = Report {
            unit: r.unit,
            answers: r.item,
            draft: false,
        };
        add_report(p, &report, r.item);
        if let Some(status) = text_of(r.item, keys::STATUS) {
            p.status = Some(status);
        }
        if let Some(end) = year_of(r.item, keys::END) {
            p.end = Some(end);
        }
        p.reported_between = Some(p.reported_between.map_or(r.at, |at| at.max(r.at)));
    }
    for p in projects.iter_mut() {
        p.funding = ordered(std::mem::take(&mut p.funding), &labels.funding);
        p.themes = ordered(std::mem::take(&mut p.themes), &labels.themes);
        p.goals = ordered(std::mem::take(&mut p.goals), &labels.goals);
    }
    projects.sort_by_cached_key(|p| (swedish_key(&name_key(&p.name)), p.id.clone()));
}

/// Adds one unit's report of a project.
fn add_report(p: &mut Project, c: &Report, item: &Answers) {
    if !p.units.iter().any(|u| u.unit.id == c.unit.id) {
        p.units.push(ProjectUnit {
            unit: c.unit.clone(),
            role: text_of(item, keys::ROLE),
            draft: c.draft,
        });
    }
    p.draft &= c.draft;
    if let Some(text) = text_of(item, keys::COUNTRIES) {
        let new: Vec<String> = split_list(&text)
            .into_iter()
            .filter(|c| {
                !p.countries
                    .iter()
                    .any(|o| o.to_lowercase() == c.to_lowercase())
            })
            .collect();
        p.countries.extend(new);
    }
    if let Some(text) = text_of(item, keys::PARTNERS) {
        let new: Vec<String> = split_list(&text)
            .into_iter()
            .filter(|c| {
                !p.partners
                    .iter()
                    .any(|o| o.to_lowercase() == c.to_lowercase())
            })
            .collect();
        p.partners.extend(new);
    }
    push_unique(&mut p.funding, keys_of(item, keys::FUNDING));
    if let Some(t) = text_of(item, &format!("{}.{OTHER}", keys::FUNDING)) {
        push_unique(&mut p.funding_other, [t]);
    }
    push_unique(&mut p.themes, keys_of(item, keys::THEMES));
    if let Some(t) = text_of(item, &format!("{}.{OTHER}", keys::THEMES)) {
        push_unique(&mut p.theme_other, [t]);
    }
    push_unique(&mut p.goals, keys_of(item, keys::GOALS));
    if let Some(start) = year_of(item, keys::START) {
        p.start = Some(p.start.map_or(start, |s| s.min(start)));
    }
    if let Some(end) = year_of(item, keys::END) {
        p.end = Some(p.end.map_or(end, |e| e.max(end)));
    }
    if let Some(Answer::Number(b)) = item.get(keys::BUDGET) {
        if b.is_finite() {
            p.budget = Some(p.budget.map_or(*b, |x| x.max(*b)));
        }
    }
    if let Some(status) = text_of(item, keys::STATUS) {
        let rank = |s: &str| keys::STATUSES.iter().position(|k| *k == s).unwrap_or(9);
        if p.status
            .as_deref()
            .is_none_or(|old| rank(&status) < rank(old))
        {
            p.status = Some(status);
        }
    }
    if let Some(text) = text_of(item, keys::RESULTS) {
        if !p.results.iter().any(|(_, t)| *t == text) {
            p.results.push((c.unit.name.clone(), text));
        }
    }
}

/// The register of a round: every project of the input's municipalities,
/// municipality by municipality.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Register {
    /// The questionnaire has the project group.
    pub available: bool,
    pub labels: Labels,
    pub projects: Vec<Project>,
    /// Units whose answers count, by municipality code, and which of them
    /// listed no project although they were asked.
    pub units: Vec<RegisterUnit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterUnit {
    pub unit: UnitRef,
    pub draft: bool,
    /// The unit was shown the project question.
    pub asked: bool,
    pub projects: usize,
}

/// Builds the register of the input (submitted answers, and drafts of units
/// that have not submitted when `options` asks for them).
pub fn register(input: &Input, options: &Options) -> Register {
    let q = &input.questionnaire;
    let labels = Labels::of(q);
    let available = has_register(q);
    let mut out = Register {
        available,
        labels,
        ..Register::default()
    };
    for m in &input.municipalities {
        let counted: Vec<Counted> = input
            .targets
            .iter()
            .filter(|t| t.municipality_id == m.id)
            .filter_map(|t| {
                counted_answers(t, options).map(|(answers, draft)| Counted {
                    target: t,
                    unit: unit_ref(t, &m.code),
                    answers,
                    draft,
                    shown: Vec::new(),
                    values: Vec::new(),
                })
            })
            .collect();
        for c in &counted {
            let asked = available
                && crate::questionnaire::rules::visibility(q, c.target.kind, c.answers)
                    .question(keys::GROUP);
            out.units.push(RegisterUnit {
                unit: c.unit.clone(),
                draft: c.draft,
                asked,
                projects: items(c.answers).len(),
            });
        }
        out.projects
            .extend(collect(&m.code, &m.name, &counted, &out.labels));
    }
    out
}

/// What the register table shows: the filters from the page's address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// A municipality's code.
    pub municipality: Option<String>,
    /// A unit's id.
    pub unit: Option<String>,
    pub theme: Option<String>,
    pub funding: Option<String>,
    /// A country as listed (any case).
    pub country: Option<String>,
    pub status: Option<String>,
    /// Projects running at some time from this year …
    pub from: Option<i32>,
    /// … to this year (either may be left out).
    pub to: Option<i32>,
}

impl Filter {
    /// Reads the filter from query parameters (`kommun`, `enhet`, `tema`,
    /// `finansiering`, `land`, `status`, `fran`, `till`); empty is no filter.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filter {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let year = |k: &str| {
            text(k)
                .and_then(|v| v.parse::<i32>().ok())
                .filter(|y| (1900..=2200).contains(y))
        };
        Filter {
            municipality: text("kommun"),
            unit: text("enhet"),
            theme: text("tema"),
            funding: text("finansiering"),
            country: text("land"),
            status: text("status"),
            from: year("fran"),
            to: year("till"),
        }
    }

    /// The query string that gives this filter back (without a leading `?`).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode(&v)));
            }
        };
        add("kommun", self.municipality.clone());
        add("enhet", self.unit.clone());
        add("tema", self.theme.clone());
        add("finansiering", self.funding.clone());
        add("land", self.country.clone());
        add("status", self.status.clone());
        add("fran", self.from.map(|y| y.to_string()));
        add("till", self.to.map(|y| y.to_string()));
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, p: &Project) -> bool {
        self.municipality
            .as_ref()
            .is_none_or(|m| p.municipality_code == *m)
            && self
                .unit
                .as_ref()
                .is_none_or(|u| p.units.iter().any(|x| x.unit.id == *u))
            && self.theme.as_ref().is_none_or(|t| p.themes.contains(t))
            && self.funding.as_ref().is_none_or(|f| p.funding.contains(f))
            && self.country.as_ref().is_none_or(|c| {
                let c = c.to_lowercase();
                p.countries.iter().any(|x| x.to_lowercase() == c)
            })
            && self
                .status
                .as_ref()
                .is_none_or(|s| p.status.as_deref() == Some(s.as_str()))
            && self.in_period(p)
    }

    /// Whether the project ran at some time in the period: it started by its
    /// end and had not ended before its start. A project without years is
    /// only left out when a period is asked for.
    fn in_period(&self, p: &Project) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        if p.start.is_none() && p.end.is_none() {
            return false;
        }
        let started_in_time = match (self.to, p.start) {
            (Some(to), Some(start)) => start <= to,
            _ => true,
        };
        let not_over = match (self.from, p.end) {
            (Some(from), Some(end)) => end >= from,
            _ => true,
        };
        started_in_time && not_over
    }
}

/// Percent-encodes a query value (letters, digits and `-_.~` stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The columns the register sorts by.
pub const SORT_KEYS: [&str; 8] = [
    "namn",
    "kommun",
    "enhet",
    "status",
    "finansiering",
    "start",
    "slut",
    "budget",
];

/// Sorts projects by a column (names alphabetically, years and budgets
/// numerically with the unknown last), then by name.
pub fn sort(projects: &mut [&Project], key: &str, descending: bool, labels: &Labels) {
    let name = |p: &Project| swedish_key(&name_key(&p.name));
    let number = |v: Option<f64>| v.unwrap_or(if descending { f64::MIN } else { f64::MAX });
    projects.sort_by(|a, b| {
        let primary = match key {
            "kommun" => swedish_cmp(&a.municipality_name, &b.municipality_name),
            "enhet" => {
                let first = |p: &Project| p.units.first().map(|u| swedish_key(&u.unit.name));
                first(a).cmp(&first(b))
            }
            "status" => {
                let rank = |p: &Project| {
                    p.status
                        .as_deref()
                        .and_then(|s| keys::STATUSES.iter().position(|k| *k == s))
                        .unwrap_or(9)
                };
                rank(a).cmp(&rank(b))
            }
            "finansiering" => {
                let first = |p: &Project| {
                    p.funding
                        .first()
                        .map(|f| swedish_key(&labels.funding(f, Lang::Sv)))
                };
                first(a).cmp(&first(b))
            }
            "start" => number(a.start.map(f64::from)).total_cmp(&number(b.start.map(f64::from))),
            "slut" => number(a.end.map(f64::from)).total_cmp(&number(b.end.map(f64::from))),
            "budget" => number(a.budget).total_cmp(&number(b.budget)),
            _ => std::cmp::Ordering::Equal,
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| name(a).cmp(&name(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Counts per theme, funding source, country and status over some projects.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub projects: usize,
    /// (key, label, projects), in the questionnaire's order; "Annat" last.
    pub themes: Vec<(String, Text, usize)>,
    pub funding: Vec<(String, Text, usize)>,
    pub statuses: Vec<(String, Text, usize)>,
    /// (country, projects), most projects first.
    pub countries: Vec<(String, usize)>,
    /// Projects reported by more than one unit.
    pub shared: usize,
}

pub fn counts(projects: &[&Project], labels: &Labels) -> Counts {
    let by_key = |options: &[(String, Text)], of: &dyn Fn(&Project) -> &[String]| {
        let mut list: Vec<(String, Text, usize)> = options
            .iter()
            .map(|(k, t)| (k.clone(), t.clone(), 0))
            .collect();
        list.push((OTHER.to_string(), Text::new("Annat", "Other"), 0));
        for p in projects {
            for k in of(p) {
                if let Some(row) = list.iter_mut().find(|(key, _, _)| key == k) {
                    row.2 += 1;
                }
            }
        }
        // "Annat" only when someone chose it.
        if list.last().is_some_and(|(_, _, n)| *n == 0) {
            list.pop();
        }
        list
    };
    let mut countries: Vec<(String, usize)> = Vec::new();
    for p in projects {
        for c in &p.countries {
            match countries
                .iter_mut()
                .find(|(name, _)| name.to_lowercase() == c.to_lowercase())
            {
                Some(row) => row.1 += 1,
                None => countries.push((c.clone(), 1)),
            }
        }
    }
    countries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| swedish_cmp(&a.0, &b.0)));
    let statuses = labels
        .statuses
        .iter()
        .map(|(k, t)| {
            let n = projects
                .iter()
                .filter(|p| p.status.as_deref() == Some(k.as_str()))
                .count();
            (k.clone(), t.clone(), n)
        })
        .collect();
    Counts {
        projects: projects.len(),
        themes: by_key(&labels.themes, &|p| &p.themes),
        funding: by_key(&labels.funding, &|p| &p.funding),
        statuses,
        countries,
        shared: projects.iter().filter(|p| p.units.len() > 1).count(),
    }
}

/// The values the filters offer: what occurs in the register.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    /// (code, name)
    pub municipalities: Vec<(String, String)>,
    /// (unit id, unit name, municipality name)
    pub units: Vec<(String, String, String)>,
    pub countries: Vec<String>,
    /// (lowest start, highest end) year.
    pub years: Option<(i32, i32)>,
}

pub fn choices(projects: &[Project]) -> Choices {
    let mut c = Choices::default();
    for p in projects {
        if !c
            .municipalities
            .iter()
            .any(|(code, _)| *code == p.municipality_code)
        {
            c.municipalities
                .push((p.municipality_code.clone(), p.municipality_name.clone()));
        }
        for u in &p.units {
            if !c.units.iter().any(|(id, _, _)| *id == u.unit.id) {
                c.units.push((
                    u.unit.id.clone(),
                    u.unit.name.clone(),
                    p.municipality_name.clone(),
                ));
            }
        }
        for country in &p.countries {
            if !c
                .countries
                .iter()
                .any(|x| x.to_lowercase() == country.to_lowercase())
            {
                c.countries.push(country.clone());
            }
        }
        for y in [p.start, p.end].into_iter().flatten() {
            c.years = Some(match c.years {
                None => (y, y),
                Some((lo, hi)) => (lo.min(y), hi.max(y)),
            });
        }
    }
    c.municipalities.sort_by(|a, b| swedish_cmp(&a.1, &b.1));
    c.units
        .sort_by(|a, b| swedish_cmp(&a.2, &b.2).then_with(|| swedish_cmp(&a.1, &b.1)));
    c.countries.sort_by(|a, b| swedish_cmp(a, b));
    c
}

#[cfg(test)]
mod reported_tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;
    use crate::vocabulary::UnitKind;

    fn unit(id: &str, name: &str) -> UnitRef {
        UnitRef {
            id: id.into(),
            name: name.into(),
            municipality_code: "0881".into(),
            kind: UnitKind::Forvaltning,
            sector: "utbildning".into(),
        }
    }

    fn answers(json: &str) -> Answers {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reports_between_rounds_join_the_register_marked_with_their_time() {
        let labels = Labels::of(&default_questionnaire());
        let school = unit("u1", "Utbildningsförvaltningen");
        let care = unit("u2", "Omsorgsförvaltningen");
        let round = answers(
            r#"{"projekt": [{"namn": "Vatten för alla", "roll": "lead", "status": "pagaende", "startar": 2024}]}"#,
        );
        let mut projects = collect_reports(
            "0881",
            "Nybro",
            [Report {
                unit: &school,
                answers: &round,
                draft: false,
            }],
            &labels,
        );
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].reported_between, None);
        // The same project reported finished, and a new one by another unit.
        let finished =
            answers(r#"{"namn": "vatten för alla.", "status": "avslutat", "slutar": 2026}"#);
        let new = answers(
            r#"{"namn": "Äldreomsorg i Östersjön", "roll": "partner", "status": "planerat", "teman": ["social_inkludering"]}"#,
        );
        add_reported(
            &mut projects,
            "0881",
            "Nybro",
            [
                Reported {
                    unit: &school,
                    item: &finished,
                    at: 1_800_000_000,
                },
                Reported {
                    unit: &care,
                    item: &new,
                    at: 1_800_000_100,
                },
            ],
            &labels,
        );
        assert_eq!(projects.len(), 2);
        let water = projects
            .iter()
            .find(|p| p.name == "Vatten för alla")
            .unwrap();
        assert_eq!(
            water.status.as_deref(),
            Some("avslutat"),
            "the newer status stands"
        );
        assert_eq!((water.start, water.end), (Some(2024), Some(2026)));
        assert_eq!(water.reported_between, Some(1_800_000_000));
        assert_eq!(water.units.len(), 1);
        let care_project = projects
            .iter()
            .find(|p| p.name == "Äldreomsorg i Östersjön")
            .unwrap();
        assert_eq!(care_project.reported_between, Some(1_800_000_100));
        assert_eq!(care_project.units[0].unit.name, "Omsorgsförvaltningen");
        assert_eq!(care_project.units[0].role.as_deref(), Some("partner"));
        assert!(!care_project.draft);
        assert_eq!(care_project.themes, vec!["social_inkludering".to_string()]);
        // Still in the order of their names.
        assert_eq!(projects[0].name, "Vatten för alla");
    }
}
