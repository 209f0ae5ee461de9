//! Partner search (partnersök): units in different municipalities of a
//! round that share something to work on together — a priority theme, a
//! partner country, a network or partner organisation, a source of funding,
//! or the wish for a transnational exchange on a theme.
//!
//! Pure, like the rest of the analysis: [`find`] reads the [`Input`] and
//! gives every match of the round; [`visible`] narrows them to what one
//! person may see. Free text is compared the way [`name_key`] compares
//! names, with "&" read as "och"; docs/ANALYSIS.md has the rules.

use super::projects::{self, name_key, split_list};
use super::{choice_options, counted_answers, unit_ref, Input, Options, UnitRef};
use crate::i18n::Lang;
use crate::questionnaire::model::{other_key, Answer, Answers, Text, OTHER};
use crate::questionnaire::rules::visibility;
use crate::sorting::swedish_cmp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The question keys of the default questionnaire that partner search reads.
/// A questionnaire without one of them gives no matches of that kind.
pub mod keys {
    pub use crate::analysis::keys::{FUNDING, THEMES};
    pub const COUNTRIES: &str = "partnerlander";
    pub const NETWORKS: &str = "natverk_medlemskap";
    pub const EXCHANGE: &str = "utbyte_intresse";
    pub const EXCHANGE_THEME: &str = "utbyte_tema";
    /// The unit's own budget is no source to apply to together: no match.
    pub const OWN_BUDGET: &str = "egen_budget";
    /// The project group's partner organisations.
    pub const PROJECT_PARTNERS: &str = "partner";
}

/// What a match is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    Theme,
    Country,
    Network,
    Funding,
    Exchange,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Theme,
        Kind::Country,
        Kind::Network,
        Kind::Funding,
        Kind::Exchange,
    ];

    /// Stable key, used in addresses and the export's column `typ`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Theme => "tema",
            Kind::Country => "partnerland",
            Kind::Network => "natverk",
            Kind::Funding => "finansiering",
            Kind::Exchange => "utbytestema",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Theme => lang.t("Tema", "Theme"),
            Kind::Country => lang.t("Partnerland", "Partner country"),
            Kind::Network => lang.t("Nätverk eller partner", "Network or partner"),
            Kind::Funding => lang.t("Finansiering", "Funding"),
            Kind::Exchange => lang.t("Utbyte", "Exchange"),
        }
    }

    pub fn plural(self, lang: Lang) -> &'static str {
        match self {
            Kind::Theme => lang.t("Teman", "Themes"),
            Kind::Country => lang.t("Partnerländer", "Partner countries"),
            Kind::Network => lang.t("Nätverk och partner", "Networks and partners"),
            Kind::Funding => lang.t("Finansieringskällor", "Sources of funding"),
            Kind::Exchange => lang.t("Intresse för utbyte", "Interest in an exchange"),
        }
    }
}

/// Which answer a unit's share came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The question's key in the unit's answers (`teman`, `teman.annat`,
    /// `partnerlander`, `natverk_medlemskap`, `finansiering`,
    /// `finansiering.annat`, `utbyte_tema`, `utbyte_intresse`), or in one of
    /// its projects (`projekt.partnerlander`, `projekt.partner`, …).
    pub question: String,
    /// The project's name, for a project's answer; left out for units
    /// outside the asker's scope.
    pub project: Option<String>,
}

impl Source {
    fn answer(question: &str) -> Source {
        Source {
            question: question.to_string(),
            project: None,
        }
    }

    fn project(field: &str, name: Option<&str>) -> Source {
        Source {
            question: format!("{}.{field}", projects::keys::GROUP),
            project: Some(name.unwrap_or_default().to_string()),
        }
    }

    /// The unit's own answer to `question`, or (`project`: Some with the
    /// project's name) the same field of one of its projects.
    fn of(question: &str, project: Option<Option<&str>>) -> Source {
        match project {
            Some(name) => Source::project(question, name),
            None => Source::answer(question),
        }
    }

    /// "Prioriterade teman", "Projektet ”JB Marks”: partnerländer".
    pub fn label(&self, lang: Lang) -> String {
        let project_prefix = format!("{}.", projects::keys::GROUP);
        let (field, in_project) = match self.question.strip_prefix(&project_prefix) {
            Some(field) => (field, true),
            None => (self.question.as_str(), false),
        };
        let what = match field {
            "teman" if in_project => lang.t("teman", "themes"),
            "teman" => lang.t("prioriterade teman", "priority themes"),
            "teman.annat" if in_project => lang.t("teman, Annat", "themes, Other"),
            "teman.annat" => lang.t("prioriterade teman, Annat", "priority themes, Other"),
            "partnerlander" => lang.t("partnerländer", "partner countries"),
            "natverk_medlemskap" => lang.t("nätverk och medlemskap", "networks and memberships"),
            "partner" => lang.t("partner", "partners"),
            "finansiering" => lang.t("finansiering", "funding"),
            "finansiering.annat" => lang.t("finansiering, Annat", "funding, Other"),
            "utbyte_tema" => lang.t("intresse för utbyte", "interest in an exchange"),
            "utbyte_intresse" => lang.t(
                "intresse för utbyte, inget tema angivet",
                "interest in an exchange, no theme given",
            ),
            other => other,
        };
        if !in_project {
            return capitalised(what);
        }
        match (self.project.as_deref().filter(|n| !n.is_empty()), lang) {
            (Some(name), Lang::Sv) => format!("Projektet ”{name}”: {what}"),
            (Some(name), Lang::En) => format!("The project “{name}”: {what}"),
            (None, Lang::Sv) => format!("Ett projekt: {what}"),
            (None, Lang::En) => format!("A project: {what}"),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A unit of a match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchUnit {
    /// The id is left empty for units outside the asker's scope.
    pub unit: UnitRef,
    pub municipality_id: String,
    pub municipality_name: String,
    /// Where the unit said it, in the order found.
    pub sources: Vec<Source>,
    /// What the unit wrote for it (its own words for an exchange, its
    /// spelling of a country); [`visible`] leaves it only where it says more
    /// than the label, and never outside the asker's scope.
    pub written: String,
    /// From an unsubmitted draft.
    pub draft: bool,
    /// In the asker's scope: contact persons and project names are shown.
    pub in_scope: bool,
}

/// Something units in at least two municipalities share, with the units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub kind: Kind,
    /// What is compared: an option's key (`energi_miljo`, `interreg`), or
    /// free text as compared (`tyskland`, `text:digital skola`).
    pub key: String,
    /// Stable within the round, unique, letters, digits and dashes only:
    /// `tema-energi-miljo`, `partnerland-tyskland`.
    pub id: String,
    /// The questionnaire's theme, for a theme or an exchange on one.
    pub theme: Option<String>,
    /// What they share, as shown.
    pub label: Text,
    /// The label is a unit's own words (not an option or a known network).
    pub as_written: bool,
    /// By municipality, then unit, in Swedish order.
    pub units: Vec<MatchUnit>,
    /// How many municipalities the units are in (at least two).
    pub municipalities: usize,
}

/// A unit's contact person from the registry, shown for units in the
/// asker's scope only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub role: String,
    /// The unit's international contact person.
    pub international: bool,
}

// ---------------------------------------------------------------------------
// Comparing free text
// ---------------------------------------------------------------------------

/// Answers that say there is nothing: never a match.
const NOTHING: &[&str] = &[
    "nej",
    "ja",
    "inga",
    "ingen",
    "inget",
    "inte",
    "nix",
    "vet ej",
    "vet inte",
    "okänt",
    "ej aktuellt",
    "inte aktuellt",
    "saknas",
    "no",
    "none",
    "yes",
    "na",
    "n a",
    "inga just nu",
    "inga ännu",
];

/// A text as compared: "&" read as "och", then as [`name_key`] compares
/// names (letter case, spaces and punctuation around words aside). None
/// for text with no letters, or that only says there is nothing.
pub fn normalise(text: &str) -> Option<String> {
    let key = name_key(&text.replace('&', " och "));
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && !NOTHING.contains(&key.as_str())).then_some(key)
}

/// A list typed as text, taken apart as [`split_list`] does, with "&" as
/// one more "och".
fn split_items(text: &str) -> Vec<String> {
    split_list(&text.replace('&', " och "))
}

/// Countries whose names hold an "och"/"and", put together again after a
/// list was split there: (first part, second part, the word between).
const COMPOUND_COUNTRIES: &[(&str, &str, &str)] = &[
    ("bosnien", "hercegovina", "och"),
    ("bosnia", "herzegovina", "and"),
    ("trinidad", "tobago", "och"),
    ("trinidad", "tobago", "and"),
    ("antigua", "barbuda", "och"),
    ("antigua", "barbuda", "and"),
    ("saint kitts", "nevis", "och"),
    ("saint kitts", "nevis", "and"),
    ("saint vincent", "grenadinerna", "och"),
    ("são tomé", "príncipe", "och"),
    ("sao tome", "principe", "och"),
];

/// Other ways of writing a country in Swedish, as compared, and the name
/// they stand for.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("bosnien-hercegovina", "bosnien och hercegovina"),
    ("bosnien hercegovina", "bosnien och hercegovina"),
    ("holland", "nederländerna"),
    ("tjeckiska republiken", "tjeckien"),
    ("vitryssland", "belarus"),
    ("förenta staterna", "usa"),
    ("amerikas förenta stater", "usa"),
];

/// The countries of a comma-separated text, as written (capitalised),
/// with compound names whole.
pub fn split_countries(text: &str) -> Vec<String> {
    let parts = split_items(text);
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        if let Some(next) = parts.get(i + 1) {
            let (a, b) = (name_key(&parts[i]), name_key(next));
            if let Some((_, _, word)) = COMPOUND_COUNTRIES
                .iter()
                .find(|(x, y, _)| *x == a && *y == b)
            {
                out.push(format!("{} {word} {next}", parts[i]));
                i += 2;
                continue;
            }
        }
        out.push(parts[i].clone());
        i += 1;
    }
    out
}

/// A country as compared: [`normalise`], with the other spellings of
/// [`COUNTRY_ALIASES`] read as the name they stand for.
pub fn country_key(country: &str) -> Option<String> {
    let key = normalise(country)?;
    Some(
        COUNTRY_ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|(_, name)| name.to_string())
            .unwrap_or(key),
    )
}

/// Networks that municipalities often name, found wherever the answer
/// mentions them ("Vi är med i Eurocities"): (name, ways of writing it, as
/// compared).
const KNOWN_NETWORKS: &[(&str, &[&str])] = &[
    ("Eurocities", &["eurocities"]),
    (
        "Union of the Baltic Cities (UBC)",
        &["union of the baltic cities", "ubc"],
    ),
    ("Energy Cities", &["energy cities"]),
    (
        "Covenant of Mayors (Borgmästaravtalet)",
        &["covenant of mayors", "borgmästaravtalet"],
    ),
    ("Climate Alliance", &["climate alliance", "klimatalliansen"]),
    ("Euroregion Baltic", &["euroregion baltic"]),
    ("ICLEI", &["iclei"]),
    (
        "CEMR (Council of European Municipalities and Regions)",
        &[
            "cemr",
            "ccre",
            "council of european municipalities and regions",
        ],
    ),
    (
        "CPMR",
        &["cpmr", "conference of peripheral maritime regions"],
    ),
    ("BSSSC", &["bsssc"]),
    ("ERRIN", &["errin"]),
    ("Eurotowns", &["eurotowns"]),
    ("Polis", &["polis network"]),
    ("WHO Healthy Cities", &["healthy cities"]),
    ("Mayors for Peace", &["mayors for peace"]),
    ("Cittaslow", &["cittaslow"]),
    ("Sveriges Ekokommuner", &["sveriges ekokommuner"]),
    ("Klimatkommunerna", &["klimatkommunerna"]),
];

/// Whether `words` (as compared) holds `phrase` as whole words.
fn has_words(words: &str, phrase: &str) -> bool {
    format!(" {words} ").contains(&format!(" {phrase} "))
}

/// The networks or organisations of a free text: the known ones it
/// mentions (by their names), and the other items of the list (as written,
/// compared without what is in brackets). (label, key, known)
fn networks_of(text: &str) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = Vec::new();
    let whole = name_key(&text.replace('&', " och "));
    for (name, aliases) in KNOWN_NETWORKS {
        if aliases.iter().any(|a| has_words(&whole, a)) {
            out.push((name.to_string(), name_key(name), true));
        }
    }
    for item in split_items(text) {
        let words = name_key(&item);
        if KNOWN_NETWORKS
            .iter()
            .any(|(_, aliases)| aliases.iter().any(|a| has_words(&words, a)))
        {
            continue;
        }
        let outside = without_brackets(&item);
        let Some(key) = normalise(&outside).or_else(|| normalise(&item)) else {
            continue;
        };
        if !out.iter().any(|(_, k, _)| *k == key) {
            out.push((item.clone(), key, false));
        }
    }
    out
}

/// The text without what stands in round brackets.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Words that lead a free-text exchange theme to one of the default
/// questionnaire's themes besides the words of the themes' own labels.
const THEME_WORDS: &[(&str, &[&str])] = &[
    (
        "utbildning",
        &["skola", "skolan", "förskola", "elever", "lärare", "school"],
    ),
    (
        "energi_miljo",
        &["klimat", "climate", "återvinning", "avfall"],
    ),
    (
        "social_inkludering",
        &["nyanlända", "inkludering", "inclusion"],
    ),
    (
        "naringsliv_arbetsmarknad",
        &["företagande", "entreprenörskap", "arbetsmarknad"],
    ),
    ("digitalisering", &["digital", "e-tjänster"]),
    ("kultur_fritid", &["idrott", "bibliotek"]),
    ("halsa_omsorg", &["äldreomsorg", "folkhälsa"]),
];

/// Label words too vague to lead anywhere on their own.
const VAGUE_WORDS: &[&str] = &["aktivt", "active"];

/// Whether two words are one: the same, or the shorter (of at least five
/// letters) begins the longer ("digital" and "digitalisering").
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short == long || (short.chars().count() >= 5 && long.starts_with(short))
}

/// The questionnaire's themes an exchange theme written as free text is
/// about: by a word shared with a theme's label (in Swedish or English), or
/// by the words of [`THEME_WORDS`]. "Digital skola" is about digitalisation
/// and education; "Ungas delaktighet" about none of them.
pub fn themes_of_text(text: &str, themes: &[(String, Text)]) -> Vec<String> {
    let Some(key) = normalise(text) else {
        return Vec::new();
    };
    let words: Vec<&str> = key.split(' ').filter(|w| w.chars().count() >= 4).collect();
    let mut out = Vec::new();
    for (theme, label) in themes {
        if theme == OTHER {
            continue;
        }
        let label_words: Vec<String> = [label.sv.as_str(), label.en.as_str()]
            .iter()
            .flat_map(|l| {
                name_key(l)
                    .split(' ')
                    .filter(|w| w.chars().count() >= 5 && !VAGUE_WORDS.contains(w))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let extra: &[&str] = THEME_WORDS
            .iter()
            .find(|(k, _)| k == theme)
            .map(|(_, w)| *w)
            .unwrap_or(&[]);
        let found = key == *theme
            || normalise(&label.sv).as_deref() == Some(key.as_str())
            || words.iter().any(|w| {
                label_words.iter().any(|l| same_word(w, l)) || extra.iter().any(|e| same_word(w, e))
            });
        if found {
            out.push(theme.clone());
        }
    }
    out
}

/// An "Annat" text's item as one of the listed themes when it is one of
/// their labels or keys, else None.
fn listed_theme(item: &str, themes: &[(String, Text)]) -> Option<String> {
    let key = normalise(item)?;
    themes
        .iter()
        .find(|(k, label)| {
            *k != OTHER
                && (*k == key
                    || normalise(&label.sv).as_deref() == Some(key.as_str())
                    || normalise(&label.en).as_deref() == Some(key.as_str()))
        })
        .map(|(k, _)| k.clone())
}

// ---------------------------------------------------------------------------
// Finding the matches
// ---------------------------------------------------------------------------

/// The unit whose answers are being read.
struct Who<'a> {
    unit: &'a UnitRef,
    municipality_id: &'a str,
    municipality_name: &'a str,
    draft: bool,
}

/// Matches being gathered, by (kind, key).
#[derive(Default)]
struct Gathered {
    index: HashMap<(Kind, String), usize>,
    matches: Vec<Match>,
    /// Per match: the position of each unit (by id).
    units: Vec<HashMap<String, usize>>,
}

/// What one addition to a match says.
struct Share<'a> {
    kind: Kind,
    key: String,
    theme: Option<&'a str>,
    label: Text,
    as_written: bool,
    source: Source,
    written: &'a str,
}

impl Gathered {
    fn add(&mut self, who: &Who, share: Share) {
        let Share {
            kind,
            key,
            theme,
            label,
            as_written,
            source,
            written,
        } = share;
        let at = match self.index.get(&(kind, key.clone())) {
            Some(at) => *at,
            None => {
                self.matches.push(Match {
                    kind,
                    key: key.clone(),
                    id: String::new(),
                    theme: theme.map(str::to_string),
                    label,
                    as_written,
                    units: Vec::new(),
                    municipalities: 0,
                });
                self.units.push(HashMap::new());
                self.index.insert((kind, key), self.matches.len() - 1);
                self.matches.len() - 1
            }
        };
        let m = &mut self.matches[at];
        let position = match self.units[at].get(&who.unit.id) {
            Some(p) => *p,
            None => {
                m.units.push(MatchUnit {
                    unit: who.unit.clone(),
                    municipality_id: who.municipality_id.to_string(),
                    municipality_name: who.municipality_name.to_string(),
                    sources: Vec::new(),
                    written: String::new(),
                    draft: who.draft,
                    in_scope: true,
                });
                self.units[at].insert(who.unit.id.clone(), m.units.len() - 1);
                m.units.len() - 1
            }
        };
        let u = &mut m.units[position];
        if !u.sources.contains(&source) {
            u.sources.push(source);
        }
        if u.written.is_empty() {
            u.written = written.trim().to_string();
        }
    }
}

fn text_at<'a>(answers: &'a Answers, key: &str) -> Option<&'a str> {
    match answers.get(key) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    }
}

/// The option keys of a choice answer.
fn keys_at<'a>(answers: &'a Answers, key: &str) -> Vec<&'a str> {
    match answers.get(key) {
        Some(Answer::Text(t)) => vec![t.as_str()],
        Some(Answer::List(items)) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

fn label_of(options: &[(String, Text)], key: &str) -> Option<Text> {
    options
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| t.clone())
}

/// Both languages: a unit's own words.
fn as_text(written: &str) -> Text {
    Text::new(written.trim(), written.trim())
}

/// What the round's questionnaire offers: the options and whether each
/// question is there.
struct Questions {
    themes: Vec<(String, Text)>,
    funding: Vec<(String, Text)>,
    project_labels: projects::Labels,
}

impl Questions {
    fn theme_label(&self, key: &str) -> Option<Text> {
        label_of(&self.themes, key).or_else(|| label_of(&self.project_labels.themes, key))
    }

    fn funding_label(&self, key: &str) -> Option<Text> {
        label_of(&self.funding, key).or_else(|| label_of(&self.project_labels.funding, key))
    }
}

/// Every match of the round: what units in at least two different
/// municipalities share, from the answers that count under `options`
/// (submitted, and drafts of units that have not submitted when asked
/// for). Every unit is marked in scope; [`visible`] narrows.
pub fn find(input: &Input, options: &Options) -> Vec<Match> {
    let q = &input.questionnaire;
    let questions = Questions {
        themes: choice_options(q, keys::THEMES),
        funding: choice_options(q, keys::FUNDING),
        project_labels: projects::Labels::of(q),
    };
    let has_projects = projects::has_register(q);
    let municipalities: HashMap<&str, (&str, &str)> = input
        .municipalities
        .iter()
        .map(|m| (m.id.as_str(), (m.code.as_str(), m.name.as_str())))
        .collect();
    let mut gathered = Gathered::default();
    for target in &input.targets {
        let Some((code, name)) = municipalities.get(target.municipality_id.as_str()) else {
            continue;
        };
        let Some((answers, draft)) = counted_answers(target, options) else {
            continue;
        };
        let unit = unit_ref(target, code);
        let who = Who {
            unit: &unit,
            municipality_id: &target.municipality_id,
            municipality_name: name,
            draft,
        };
        let shown = visibility(q, target.kind, answers);
        let asked = |key: &str| shown.question(key);
        if asked(keys::THEMES) {
            themes(&mut gathered, &who, answers, &questions, None);
        }
        if asked(keys::COUNTRIES) {
            if let Some(text) = text_at(answers, keys::COUNTRIES) {
                countries(&mut gathered, &who, text, Source::answer(keys::COUNTRIES));
            }
        }
        if asked(keys::NETWORKS) {
            if let Some(text) = text_at(answers, keys::NETWORKS) {
                networks(&mut gathered, &who, text, Source::answer(keys::NETWORKS));
            }
        }
        if asked(keys::FUNDING) {
            funding(&mut gathered, &who, answers, &questions, None);
        }
        if asked(keys::EXCHANGE) && answers.get(keys::EXCHANGE) == Some(&Answer::Bool(true)) {
            let text = if asked(keys::EXCHANGE_THEME) {
                text_at(answers, keys::EXCHANGE_THEME)
            } else {
                None
            };
            exchange(&mut gathered, &who, text, &questions);
        }
        if has_projects && asked(projects::keys::GROUP) {
            for item in projects::items(answers) {
                let project = text_at(item, projects::keys::NAME).map(str::trim);
                themes(&mut gathered, &who, item, &questions, Some(project));
                funding(&mut gathered, &who, item, &questions, Some(project));
                if let Some(text) = text_at(item, projects::keys::COUNTRIES) {
                    let source = Source::project(projects::keys::COUNTRIES, project);
                    countries(&mut gathered, &who, text, source);
                }
                if let Some(text) = text_at(item, keys::PROJECT_PARTNERS) {
                    let source = Source::project(keys::PROJECT_PARTNERS, project);
                    networks(&mut gathered, &who, text, source);
                }
            }
        }
    }
    add_priorities_to_exchanges(&mut gathered);
    finish(gathered.matches)
}

/// The themes of a unit's answers, or of one of its projects (`project`
/// holds its name).
fn themes(
    gathered: &mut Gathered,
    who: &Who,
    answers: &Answers,
    questions: &Questions,
    project: Option<Option<&str>>,
) {
    let source = |question: &str| Source::of(question, project);
    let other = other_key(keys::THEMES);
    for key in keys_at(answers, keys::THEMES) {
        if key == OTHER {
            continue;
        }
        let Some(label) = questions.theme_label(key) else {
            continue;
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Theme,
                key: key.to_string(),
                theme: Some(key),
                label,
                as_written: false,
                source: source(keys::THEMES),
                written: "",
            },
        );
    }
    let Some(text) = text_at(answers, &other) else {
        return;
    };
    for item in split_items(text) {
        let theme = listed_theme(&item, &questions.themes);
        let (key, label, as_written) = match &theme {
            Some(key) => match questions.theme_label(key) {
                Some(label) => (key.clone(), label, false),
                None => continue,
            },
            None => match normalise(&item) {
                Some(key) => (format!("text:{key}"), as_text(&item), true),
                None => continue,
            },
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Theme,
                key,
                theme: theme.as_deref(),
                label,
                as_written,
                source: source(&other),
                written: &item,
            },
        );
    }
}

fn countries(gathered: &mut Gathered, who: &Who, text: &str, source: Source) {
    for country in split_countries(text) {
        let Some(key) = country_key(&country) else {
            continue;
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Country,
                key,
                theme: None,
                label: as_text(&country),
                as_written: true,
                source: source.clone(),
                written: &country,
            },
        );
    }
}

fn networks(gathered: &mut Gathered, who: &Who, text: &str, source: Source) {
    for (label, key, known) in networks_of(text) {
        gathered.add(
            who,
            Share {
                kind: Kind::Network,
                key,
                theme: None,
                label: as_text(&label),
                as_written: !known,
                source: source.clone(),
                written: if known { "" } else { &label },
            },
        );
    }
}

fn funding(
    gathered: &mut Gathered,
    who: &Who,
    answers: &Answers,
    questions: &Questions,
    project: Option<Option<&str>>,
) {
    let source = |question: &str| Source::of(question, project);
    let other = other_key(keys::FUNDING);
    for key in keys_at(answers, keys::FUNDING) {
        if key == OTHER || key == keys::OWN_BUDGET {
            continue;
        }
        let Some(label) = questions.funding_label(key) else {
            continue;
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Funding,
                key: key.to_string(),
                theme: None,
                label,
                as_written: false,
                source: source(keys::FUNDING),
                written: "",
            },
        );
    }
    let Some(text) = text_at(answers, &other) else {
        return;
    };
    for item in split_items(text) {
        let Some(key) = normalise(&item) else {
            continue;
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Funding,
                key: format!("text:{key}"),
                theme: None,
                label: as_text(&item),
                as_written: true,
                source: source(&other),
                written: &item,
            },
        );
    }
}

/// A unit that wants an exchange: under each theme its text is about, or
/// under the text itself, or (without one) under "no theme given".
fn exchange(gathered: &mut Gathered, who: &Who, text: Option<&str>, questions: &Questions) {
    let source = Source::answer(keys::EXCHANGE_THEME);
    let text = text.map(str::trim).filter(|t| normalise(t).is_some());
    let Some(text) = text else {
        gathered.add(
            who,
            Share {
                kind: Kind::Exchange,
                key: String::new(),
                theme: None,
                label: Text::new(
                    "Intresse för utbyte, inget tema angivet",
                    "Interest in an exchange, no theme given",
                ),
                as_written: false,
                source: Source::answer(keys::EXCHANGE),
                written: "",
            },
        );
        return;
    };
    let themes = themes_of_text(text, &questions.themes);
    for key in &themes {
        let Some(label) = questions.theme_label(key) else {
            continue;
        };
        gathered.add(
            who,
            Share {
                kind: Kind::Exchange,
                key: key.clone(),
                theme: Some(key),
                label,
                as_written: false,
                source: source.clone(),
                written: text,
            },
        );
    }
    if themes.is_empty() {
        if let Some(key) = normalise(text) {
            gathered.add(
                who,
                Share {
                    kind: Kind::Exchange,
                    key: format!("text:{key}"),
                    theme: None,
                    label: as_text(text),
                    as_written: true,
                    source,
                    written: text,
                },
            );
        }
    }
}

/// An exchange on a theme also names the units that have the theme among
/// their priorities (from their answer on themes, not their projects').
fn add_priorities_to_exchanges(gathered: &mut Gathered) {
    let priority = [keys::THEMES.to_string(), other_key(keys::THEMES)];
    let exchanges: Vec<(usize, String)> = gathered
        .matches
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == Kind::Exchange && !m.key.is_empty())
        .map(|(i, m)| (i, m.key.clone()))
        .collect();
    for (at, key) in exchanges {
        let Some(theme_at) = gathered.index.get(&(Kind::Theme, key)).copied() else {
            continue;
        };
        let additions: Vec<MatchUnit> = gathered.matches[theme_at]
            .units
            .iter()
            .filter_map(|u| {
                let sources: Vec<Source> = u
                    .sources
                    .iter()
                    .filter(|s| priority.contains(&s.question))
                    .cloned()
                    .collect();
                (!sources.is_empty()).then(|| MatchUnit {
                    sources,
                    ..u.clone()
                })
            })
            .collect();
        for unit in additions {
            let m = &mut gathered.matches[at];
            match gathered.units[at].get(&unit.unit.id) {
                Some(p) => {
                    let existing = &mut m.units[*p];
                    for s in unit.sources {
                        if !existing.sources.contains(&s) {
                            existing.sources.push(s);
                        }
                    }
                }
                None => {
                    gathered.units[at].insert(unit.unit.id.clone(), m.units.len());
                    m.units.push(unit);
                }
            }
        }
    }
}

/// Letters, digits and dashes: `energi-miljo`, `digital-skola`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            'í' | 'ì' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Keeps the matches across municipalities, orders them and their units,
/// and gives each its id.
fn finish(matches: Vec<Match>) -> Vec<Match> {
    let mut out: Vec<Match> = matches
        .into_iter()
        .filter_map(|mut m| {
            let municipalities: HashSet<&str> =
                m.units.iter().map(|u| u.municipality_id.as_str()).collect();
            m.municipalities = municipalities.len();
            (m.municipalities >= 2).then_some(m)
        })
        .collect();
    for m in &mut out {
        m.units.sort_by(|a, b| {
            swedish_cmp(&a.municipality_name, &b.municipality_name)
                .then_with(|| swedish_cmp(&a.unit.name, &b.unit.name))
                .then_with(|| a.unit.id.cmp(&b.unit.id))
        });
    }
    out.sort_by(order);
    let mut taken: HashSet<String> = HashSet::new();
    for m in &mut out {
        let stem = format!(
            "{}-{}",
            m.kind.key(),
            match slug(m.key.trim_start_matches("text:")) {
                s if s.is_empty() => "utan-tema".to_string(),
                s => s,
            }
        );
        let mut id = stem.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        m.id = id;
    }
    out
}

/// Most municipalities first, then by what they share in Swedish order,
/// then by kind.
fn order(a: &Match, b: &Match) -> std::cmp::Ordering {
    b.municipalities
        .cmp(&a.municipalities)
        .then_with(|| swedish_cmp(&a.label.sv, &b.label.sv))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.key.cmp(&b.key))
}

/// The matches one person sees: those with at least one unit in a
/// municipality they may read (`in_scope`). They search from their own
/// units: units elsewhere are named with their municipality and what they
/// share, but carry no id, no project name and none of their own words; a
/// label in a unit's own words is taken from a unit in scope.
pub fn visible(matches: Vec<Match>, in_scope: impl Fn(&str) -> bool) -> Vec<Match> {
    let mut out: Vec<Match> = matches
        .into_iter()
        .filter_map(|mut m| {
            for u in &mut m.units {
                u.in_scope = in_scope(&u.municipality_id);
            }
            if !m.units.iter().any(|u| u.in_scope) {
                return None;
            }
            if m.as_written {
                // Every unit has the item; an in-scope unit's spelling is its own.
                if let Some(own) = m.units.iter().find(|u| u.in_scope && !u.written.is_empty()) {
                    m.label = as_text(&own.written);
                }
            }
            let label = m.label.sv.clone();
            for u in &mut m.units {
                if !u.in_scope {
                    u.unit.id.clear();
                    u.written.clear();
                    for s in &mut u.sources {
                        s.project = None;
                    }
                } else if normalise(&u.written) == normalise(&label) {
                    u.written.clear();
                }
            }
            Some(m)
        })
        .collect();
    out.sort_by(order);
    out
}

// ---------------------------------------------------------------------------
// Filtering and counting
// ---------------------------------------------------------------------------

/// What the page shows: the filters from its address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub kind: Option<Kind>,
    /// A theme's key: matches on the theme, and exchanges on it.
    pub theme: Option<String>,
    /// A country as compared ([`country_key`]).
    pub country: Option<String>,
    /// A municipality's code: matches with one of its units in scope.
    pub municipality: Option<String>,
}

impl Filter {
    /// Reads the filter from query parameters (`typ`, `tema`, `land`,
    /// `kommun`); empty or unknown is no filter.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filter {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Filter {
            kind: text("typ").and_then(|k| Kind::parse(&k)),
            theme: text("tema"),
            country: text("land").and_then(|c| country_key(&c)),
            municipality: text("kommun"),
        }
    }

    /// The query string that gives this filter back (without a leading `?`).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut add = |k: &str, v: Option<&str>| {
            if let Some(v) = v {
                parts.push(format!("{k}={}", projects::encode(v)));
            }
        };
        add("typ", self.kind.map(Kind::key));
        add("tema", self.theme.as_deref());
        add("land", self.country.as_deref());
        add("kommun", self.municipality.as_deref());
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, m: &Match) -> bool {
        self.kind.is_none_or(|k| m.kind == k)
            && self
                .theme
                .as_ref()
                .is_none_or(|t| m.theme.as_deref() == Some(t.as_str()))
            && self
                .country
                .as_ref()
                .is_none_or(|c| m.kind == Kind::Country && m.key == *c)
            && self.municipality.as_ref().is_none_or(|code| {
                m.units
                    .iter()
                    .any(|u| u.in_scope && u.unit.municipality_code == *code)
            })
    }
}

/// How many matches, and in how many municipalities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub matches: usize,
    pub municipalities: usize,
    /// Units named in them, each once.
    pub units: usize,
    /// Matches of each kind, in [`Kind::ALL`] order.
    pub by_kind: Vec<(Kind, usize)>,
}

impl Summary {
    pub fn of<'a>(matches: impl IntoIterator<Item = &'a Match>) -> Summary {
        let mut municipalities: HashSet<&str> = HashSet::new();
        let mut units: HashSet<(&str, &str, &str)> = HashSet::new();
        let mut by_kind: Vec<(Kind, usize)> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
        let mut count = 0;
        for m in matches {
            count += 1;
            if let Some(row) = by_kind.iter_mut().find(|(k, _)| *k == m.kind) {
                row.1 += 1;
            }
            for u in &m.units {
                municipalities.insert(&u.municipality_id);
                units.insert((&u.municipality_id, &u.unit.name, &u.unit.id));
            }
        }
        Summary {
            matches: count,
            municipalities: municipalities.len(),
            units: units.len(),
            by_kind,
        }
    }

    /// "12 matchningar i 7 kommuner".
    pub fn heading(&self, lang: Lang) -> String {
        let (m, k) = (self.matches, self.municipalities);
        match lang {
            Lang::Sv => format!(
                "{m} {} i {k} {}",
                if m == 1 { "matchning" } else { "matchningar" },
                if k == 1 { "kommun" } else { "kommuner" }
            ),
            Lang::En => format!(
                "{m} {} in {k} {}",
                if m == 1 { "match" } else { "matches" },
                if k == 1 {
                    "municipality"
                } else {
                    "municipalities"
                }
            ),
        }
    }
}

/// The themes the filter offers: the questionnaire's, without "Annat".
pub fn theme_choices(input: &Input) -> Vec<(String, Text)> {
    choice_options(&input.questionnaire, keys::THEMES)
        .into_iter()
        .filter(|(k, _)| k != OTHER)
        .collect()
}

/// The countries the filter offers: those of the matches, (key, label), in
/// Swedish order.
pub fn country_choices(matches: &[Match]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = matches
        .iter()
        .filter(|m| m.kind == Kind::Country)
        .map(|m| (m.key.clone(), m.label.sv.clone()))
        .collect();
    out.sort_by(|a, b| swedish_cmp(&a.1, &b.1));
    out
}

#[cfg(test)]
#[path = "partners_tests.rs"]
mod tests;
