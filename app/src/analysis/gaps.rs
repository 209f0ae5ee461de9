//! Representation gaps: computed from the answers and the registry, never
//! typed in. Each flag says what, where, how bad and which units.
//!
//! Boundaries follow the wording shown to coordinators: "at least X %" fires
//! at X, "under X %" and "more than X days" fire only beyond X.

use super::{
    chosen, keys, Counted, Input, MunicipalityInfo, Participation, Target, Thresholds, UnitRef,
};
use crate::analysis::percent;
use crate::i18n::Lang;
use crate::questionnaire::model::{Answer, QuestionKind, Questionnaire, Text};
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Varning,
    Allvarlig,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Allvarlig, Severity::Varning, Severity::Info];

    pub fn key(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Varning => "varning",
            Severity::Allvarlig => "allvarlig",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.t("Information", "Information"),
            Severity::Varning => lang.t("Varning", "Warning"),
            Severity::Allvarlig => lang.t("Allvarlig", "Serious"),
        }
    }
}

/// The gap rules, in the order their flags are listed within a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    LowResponseRate,
    KindMissing,
    SectorMissing,
    NonResponse,
    FewActiveUnits,
    ConcentratedSector,
    PriorityUncovered,
    StrategyUnknown,
    NoInternationalContact,
    ThinAnswers,
    StaleBaseline,
    UnitsWithoutProjects,
    FundingConcentrated,
    PriorityWithoutProject,
}

impl Rule {
    /// Stable key, used in exports.
    pub fn key(self) -> &'static str {
        match self {
            Rule::LowResponseRate => "lag_svarsfrekvens",
            Rule::KindMissing => "typ_saknas",
            Rule::SectorMissing => "verksamhetsomrade_saknas",
            Rule::NonResponse => "ej_svarat",
            Rule::FewActiveUnits => "fa_aktiva_enheter",
            Rule::ConcentratedSector => "koncentrerat_omrade",
            Rule::PriorityUncovered => "prioritering_utan_enhet",
            Rule::StrategyUnknown => "strategi_okand",
            Rule::NoInternationalContact => "kontaktperson_saknas",
            Rule::ThinAnswers => "tunna_svar",
            Rule::StaleBaseline => "inaktuell_nulagesbild",
            Rule::UnitsWithoutProjects => "enheter_utan_projekt",
            Rule::FundingConcentrated => "finansiering_koncentrerad",
            Rule::PriorityWithoutProject => "prioritering_utan_projekt",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Rule::LowResponseRate => lang.t("Låg svarsfrekvens", "Low response rate"),
            Rule::KindMissing => lang.t("En typ av enhet saknas", "A kind of unit is missing"),
            Rule::SectorMissing => lang.t("Ett verksamhetsområde saknas", "A sector is missing"),
            Rule::NonResponse => lang.t("Enheter som inte svarat", "Units that have not answered"),
            Rule::FewActiveUnits => lang.t("Få aktiva enheter", "Few active units"),
            Rule::ConcentratedSector => lang.t(
                "Arbetet samlat i ett verksamhetsområde",
                "Work concentrated in one sector",
            ),
            Rule::PriorityUncovered => lang.t(
                "Prioriterat område utan enhet",
                "Priority area without a unit",
            ),
            Rule::StrategyUnknown => lang.t("Strategin okänd", "Strategy unknown"),
            Rule::NoInternationalContact => lang.t(
                "Internationell kontaktperson saknas",
                "No international contact person",
            ),
            Rule::ThinAnswers => lang.t("Tunna svar", "Thin answers"),
            Rule::StaleBaseline => lang.t("Inaktuell nulägesbild", "Stale baseline"),
            Rule::UnitsWithoutProjects => lang.t("Enheter utan projekt", "Units without projects"),
            Rule::FundingConcentrated => lang.t(
                "Projekten har samma finansiering",
                "The projects share one source of funding",
            ),
            Rule::PriorityWithoutProject => lang.t(
                "Prioriterat område utan projekt",
                "Priority area without a project",
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub rule: Rule,
    pub severity: Severity,
    pub municipality_code: String,
    pub municipality_name: String,
    /// What, in a line.
    pub title: Text,
    /// Why it matters and the figures behind it, in plain words.
    pub explanation: Text,
    /// The units concerned (none for rules about the whole municipality).
    pub units: Vec<UnitRef>,
}

pub(crate) struct Context<'a> {
    pub input: &'a Input,
    pub municipality: &'a MunicipalityInfo,
    pub targets: &'a [&'a Target],
    pub counted: &'a [Counted<'a>],
    pub participation: &'a Participation,
    pub thresholds: &'a Thresholds,
    pub themes: &'a [(String, Text)],
    /// The municipality's projects (empty without a project group) …
    pub projects: &'a [super::projects::Outline<'a>],
    pub project_labels: &'a super::projects::Labels,
    /// … and the position of the project group among the questions.
    pub project_position: Option<usize>,
}

impl Context<'_> {
    fn flag(&self, rule: Rule, severity: Severity, title: Text, explanation: Text) -> Flag {
        Flag {
            rule,
            severity,
            municipality_code: self.municipality.code.clone(),
            municipality_name: self.municipality.name.clone(),
            title,
            explanation,
            units: Vec::new(),
        }
    }

    fn unit(&self, target: &Target) -> UnitRef {
        super::unit_ref(target, &self.municipality.code)
    }

    fn sector_label(&self, key: &str) -> Text {
        self.input
            .sectors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| Text::new(key, key))
    }
}

fn text(sv: String, en: String) -> Text {
    Text { sv, en }
}

/// `part / whole >= threshold %`, in whole numbers so that the boundary is exact.
fn at_least(part: usize, whole: usize, threshold: u32) -> bool {
    whole > 0 && part * 100 >= threshold as usize * whole
}

/// `part / whole < threshold %`.
fn under(part: usize, whole: usize, threshold: u32) -> bool {
    whole > 0 && part * 100 < threshold as usize * whole
}

fn share(part: usize, whole: usize) -> f64 {
    super::rate(part, whole)
}

pub(crate) fn flags(ctx: &Context, q: &Questionnaire) -> Vec<Flag> {
    let mut out = Vec::new();
    response_rate(ctx, &mut out);
    kinds(ctx, &mut out);
    sectors(ctx, &mut out);
    non_response(ctx, &mut out);
    concentration(ctx, q, &mut out);
    priorities(ctx, &mut out);
    strategy(ctx, q, &mut out);
    contacts(ctx, &mut out);
    thin_answers(ctx, q, &mut out);
    stale(ctx, &mut out);
    units_without_projects(ctx, &mut out);
    funding_concentration(ctx, &mut out);
    priorities_without_projects(ctx, &mut out);
    // Most serious first; the sort is stable, so rules keep their order.
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

pub(crate) fn count_by_severity(flags: &[Flag]) -> [usize; 3] {
    let mut counts = [0; 3];
    for f in flags {
        counts[f.severity as usize] += 1;
    }
    counts
}

fn silent_units(ctx: &Context) -> Vec<UnitRef> {
    ctx.participation
        .silent
        .iter()
        .map(|s| s.unit.clone())
        .collect()
}

fn response_rate(ctx: &Context, out: &mut Vec<Flag>) {
    let p = ctx.participation;
    let t = ctx.thresholds;
    let severity = if under(p.answered, p.invited, t.critical_response_rate) {
        Severity::Allvarlig
    } else if under(p.answered, p.invited, t.low_response_rate) {
        Severity::Varning
    } else {
        return;
    };
    let limit = match severity {
        Severity::Allvarlig => t.critical_response_rate,
        _ => t.low_response_rate,
    };
    let mut flag = ctx.flag(
        Rule::LowResponseRate,
        severity,
        text(
            format!("Svarsfrekvensen är {}", percent(p.rate, Lang::Sv)),
            format!("The response rate is {}", percent(p.rate, Lang::En)),
        ),
        text(
            format!(
                "{} av {} enheter har svarat, under gränsen {limit} %. Nulägesbilden speglar inte hela organisationen.",
                p.answered, p.invited
            ),
            format!(
                "{} of {} units have answered, below the limit of {limit}%. The baseline does not reflect the whole organisation.",
                p.answered, p.invited
            ),
        ),
    );
    flag.units = silent_units(ctx);
    out.push(flag);
}

fn kinds(ctx: &Context, out: &mut Vec<Flag>) {
    for kind in UnitKind::ALL {
        let of_kind: Vec<&&Target> = ctx.targets.iter().filter(|t| t.kind == kind).collect();
        let answered = ctx.counted.iter().any(|c| c.target.kind == kind);
        if of_kind.is_empty() || answered {
            continue;
        }
        let (severity, sv, en) = match kind {
            UnitKind::Forvaltning => (
                Severity::Allvarlig,
                "Ingen förvaltning har svarat",
                "No administration has answered",
            ),
            UnitKind::Bolag => (
                Severity::Allvarlig,
                "Inget bolag har svarat",
                "No company has answered",
            ),
            UnitKind::Annat => (
                Severity::Varning,
                "Ingen av de övriga enheterna har svarat",
                "None of the other units has answered",
            ),
        };
        let n = of_kind.len();
        let mut flag = ctx.flag(
            Rule::KindMissing,
            severity,
            text(sv.into(), en.into()),
            text(
                format!(
                    "Kartläggningen omfattar {n} {} men inget svar har kommit in från dem, så deras internationella arbete saknas helt i nulägesbilden.",
                    kind.plural(Lang::Sv).to_lowercase()
                ),
                format!(
                    "The round covers {n} {} but none of them has answered, so their international work is missing from the baseline.",
                    kind.plural(Lang::En).to_lowercase()
                ),
            ),
        );
        flag.units = of_kind.iter().map(|t| ctx.unit(t)).collect();
        out.push(flag);
    }
}

fn sectors(ctx: &Context, out: &mut Vec<Flag>) {
    // When nobody has answered, the response rate says it all.
    if ctx.counted.is_empty() {
        return;
    }
    for group in &ctx.participation.by_sector {
        if group.invited == 0 || group.answered > 0 {
            continue;
        }
        let label = ctx.sector_label(&group.key);
        let mut flag = ctx.flag(
            Rule::SectorMissing,
            Severity::Varning,
            text(
                format!("Inget svar från {}", label.sv),
                format!("No answer from {}", label.get(Lang::En)),
            ),
            text(
                format!(
                    "Verksamhetsområdet har {} {} i kartläggningen men ingen har svarat, så området saknas i nulägesbilden.",
                    group.invited,
                    if group.invited == 1 { "enhet" } else { "enheter" }
                ),
                format!(
                    "The sector has {} {} in the round but none has answered, so the sector is missing from the baseline.",
                    group.invited,
                    if group.invited == 1 { "unit" } else { "units" }
                ),
            ),
        );
        flag.units = ctx
            .targets
            .iter()
            .filter(|t| t.sector == group.key)
            .map(|t| ctx.unit(t))
            .collect();
        out.push(flag);
    }
}

fn non_response(ctx: &Context, out: &mut Vec<Flag>) {
    let p = ctx.participation;
    if p.silent.is_empty() {
        return;
    }
    let n = p.silent.len();
    let last_day = crate::time::format_date_stockholm(ctx.input.round.closes_at - 1);
    let (severity, sv, en) = if ctx.input.round.closed {
        (
            Severity::Varning,
            "Kartläggningen är stängd. Fråga enheterna varför de inte svarat, och om de kan svara i efterhand eller vid ett möte.".to_string(),
            "The round is closed. Ask the units why they have not answered, and whether they can answer afterwards or at a meeting.".to_string(),
        )
    } else {
        (
            Severity::Info,
            format!("Kartläggningen är öppen till och med {last_day}. Påminn enheterna; de kan fortfarande svara."),
            format!("The round is open until {last_day}. Remind the units; they can still answer."),
        )
    };
    let mut flag = ctx.flag(
        Rule::NonResponse,
        severity,
        text(
            format!("{n} av {} enheter har inte svarat", p.invited),
            format!(
                "{n} of {} units {} not answered",
                p.invited,
                if n == 1 { "has" } else { "have" }
            ),
        ),
        text(sv, en),
    );
    flag.units = silent_units(ctx);
    out.push(flag);
}

fn is_active(c: &Counted) -> bool {
    chosen(c.answers.get(keys::ACTIVITY))
        .iter()
        .any(|k| keys::ACTIVE_LEVELS.contains(k))
}

fn concentration(ctx: &Context, q: &Questionnaire, out: &mut Vec<Flag>) {
    let t = ctx.thresholds;
    let n = ctx.counted.len();
    if q.question(keys::ACTIVITY).is_none() || n < t.concentration_min_answered as usize {
        return;
    }
    let active: Vec<&Counted> = ctx.counted.iter().filter(|c| is_active(c)).collect();
    if active.len() <= t.few_active_units as usize {
        let (title, explanation) = if active.is_empty() {
            (
                text(
                    "Ingen enhet arbetar internationellt i dag".into(),
                    "No unit works internationally today".into(),
                ),
                text(
                    format!("Ingen av de {n} enheter som svarat arbetar internationellt i dag, varken strategiskt eller i enstaka fall."),
                    format!("None of the {n} units that answered works internationally today, neither strategically nor now and then."),
                ),
            )
        } else {
            let a = active.len();
            (
                text(
                    format!("Internationellt arbete bara i {a} {}", if a == 1 { "enhet" } else { "enheter" }),
                    format!("International work in only {a} {}", if a == 1 { "unit" } else { "units" }),
                ),
                text(
                    format!("Bara {a} av {n} enheter som svarat arbetar internationellt i dag (gräns: högst {}). Arbetet hänger på få personer och är sårbart.", t.few_active_units),
                    format!("Only {a} of {n} units that answered work internationally today (limit: at most {}). The work depends on few people and is fragile.", t.few_active_units),
                ),
            )
        };
        let mut flag = ctx.flag(Rule::FewActiveUnits, Severity::Varning, title, explanation);
        flag.units = active.iter().map(|c| c.unit.clone()).collect();
        out.push(flag);
        return;
    }
    let mut answering_sectors: Vec<&str> = ctx
        .counted
        .iter()
        .map(|c| c.target.sector.as_str())
        .collect();
    answering_sectors.sort_unstable();
    answering_sectors.dedup();
    if answering_sectors.len() < 2 {
        return;
    }
    let mut per_sector: Vec<(&str, usize)> = Vec::new();
    for c in &active {
        match per_sector.iter_mut().find(|(s, _)| *s == c.target.sector) {
            Some((_, count)) => *count += 1,
            None => per_sector.push((&c.target.sector, 1)),
        }
    }
    let Some(&(top, count)) = per_sector.iter().max_by_key(|(_, count)| *count) else {
        return;
    };
    if !at_least(count, active.len(), t.concentration_share) {
        return;
    }
    let label = ctx.sector_label(top);
    let a = active.len();
    let sectors = answering_sectors.len();
    let mut flag = ctx.flag(
        Rule::ConcentratedSector,
        Severity::Varning,
        text(
            format!("Internationellt arbete främst inom {}", label.sv),
            format!("International work mainly in {}", label.get(Lang::En)),
        ),
        text(
            format!(
                "{count} av {a} aktiva enheter ({}) hör till {}, fast enheter från {sectors} verksamhetsområden har svarat (gräns: {} %). Andra områden deltar knappt i det internationella arbetet.",
                percent(share(count, a), Lang::Sv), label.sv, t.concentration_share
            ),
            format!(
                "{count} of {a} active units ({}) belong to {}, although units from {sectors} sectors have answered (limit: {}%). Other sectors hardly take part in the international work.",
                percent(share(count, a), Lang::En), label.get(Lang::En), t.concentration_share
            ),
        ),
    );
    flag.units = active
        .iter()
        .filter(|c| c.target.sector == top)
        .map(|c| c.unit.clone())
        .collect();
    out.push(flag);
}

fn priorities(ctx: &Context, out: &mut Vec<Flag>) {
    let n = ctx.counted.len();
    if ctx.themes.is_empty() || n == 0 {
        return;
    }
    for priority in &ctx.municipality.priorities {
        let Some((_, label)) = ctx.themes.iter().find(|(key, _)| key == priority) else {
            continue;
        };
        let covered = ctx
            .counted
            .iter()
            .any(|c| chosen(c.answers.get(keys::THEMES)).contains(&priority.as_str()));
        if covered {
            continue;
        }
        out.push(ctx.flag(
            Rule::PriorityUncovered,
            Severity::Varning,
            text(
                format!("Ingen enhet satsar på {}", label.sv),
                format!("No unit focuses on {}", label.get(Lang::En)),
            ),
            text(
                format!("{} är ett av kommunens prioriterade områden, men ingen av de {n} enheter som svarat vill satsa på det de närmaste åren.", label.sv),
                format!("{} is one of the municipality's priority areas, but none of the {n} units that answered wants to focus on it in the coming years.", label.get(Lang::En)),
            ),
        ));
    }
}

fn strategy(ctx: &Context, q: &Questionnaire, out: &mut Vec<Flag>) {
    if q.question(keys::STRATEGY).is_none() {
        return;
    }
    let answered: Vec<(&Counted, bool)> = ctx
        .counted
        .iter()
        .filter_map(|c| match c.answers.get(keys::STRATEGY) {
            Some(Answer::Text(k)) if !k.trim().is_empty() => {
                Some((c, keys::STRATEGY_UNKNOWN.contains(&k.as_str())))
            }
            _ => None,
        })
        .collect();
    let unknown: Vec<&Counted> = answered
        .iter()
        .filter(|(_, u)| *u)
        .map(|(c, _)| *c)
        .collect();
    let (u, n) = (unknown.len(), answered.len());
    if u == 0 || !at_least(u, n, ctx.thresholds.strategy_unknown_share) {
        return;
    }
    let limit = ctx.thresholds.strategy_unknown_share;
    let mut flag = ctx.flag(
        Rule::StrategyUnknown,
        Severity::Varning,
        text(
            format!("Strategin är okänd i {u} av {n} enheter"),
            format!("The strategy is unknown in {u} of {n} units"),
        ),
        text(
            format!(
                "{} av de enheter som svarat känner inte till kommunens internationella strategi eller säger att det inte finns någon (gräns: {limit} %). Strategin behöver bli känd där arbetet görs.",
                percent(share(u, n), Lang::Sv)
            ),
            format!(
                "{} of the units that answered do not know the municipality's international strategy or say there is none (limit: {limit}%). The strategy needs to be known where the work is done.",
                percent(share(u, n), Lang::En)
            ),
        ),
    );
    flag.units = unknown.iter().map(|c| c.unit.clone()).collect();
    out.push(flag);
}

/// Whether the unit has an international contact person: its own answer when
/// it gave one, otherwise the registry.
fn has_contact(ctx: &Context, target: &Target) -> bool {
    let answer = ctx
        .counted
        .iter()
        .find(|c| std::ptr::eq(c.target, target))
        .and_then(|c| c.answers.get(keys::CONTACT));
    match answer {
        Some(Answer::Bool(b)) => *b,
        _ => target.registry_international_contact,
    }
}

fn contacts(ctx: &Context, out: &mut Vec<Flag>) {
    let lacking: Vec<&&Target> = ctx
        .targets
        .iter()
        .filter(|t| !has_contact(ctx, t))
        .collect();
    let (l, n) = (lacking.len(), ctx.targets.len());
    if l == 0 {
        return;
    }
    let limit = ctx.thresholds.no_contact_share;
    let severity = if at_least(l, n, limit) {
        Severity::Varning
    } else {
        Severity::Info
    };
    let mut flag = ctx.flag(
        Rule::NoInternationalContact,
        severity,
        text(
            format!(
                "{l} {} saknar internationell kontaktperson",
                if l == 1 { "enhet" } else { "enheter" }
            ),
            format!(
                "{l} {} no international contact person",
                if l == 1 { "unit has" } else { "units have" }
            ),
        ),
        text(
            format!(
                "Det är {} av enheterna i kartläggningen (varning från {limit} %). Utan en utsedd kontaktperson når information om finansiering och samarbeten inte fram. Uppgiften kommer från enhetens svar eller, om den inte svarat, från registret.",
                percent(share(l, n), Lang::Sv)
            ),
            format!(
                "That is {} of the units in the round (warning from {limit}%). Without a named contact person, news of funding and partnerships does not reach the unit. Taken from the unit's answer or, if it has not answered, from the registry.",
                percent(share(l, n), Lang::En)
            ),
        ),
    );
    flag.units = lacking.iter().map(|t| ctx.unit(t)).collect();
    out.push(flag);
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn thin_answers(ctx: &Context, q: &Questionnaire, out: &mut Vec<Flag>) {
    let t = ctx.thresholds;
    // The long-text questions, with their positions in the questionnaire,
    // and the repeating groups with long-text sub-questions: each item's
    // answer to one of those is a free-text field of the unit too.
    let long_texts: Vec<(usize, &str)> = q
        .questions()
        .enumerate()
        .filter(|(_, (_, question))| matches!(question.kind, QuestionKind::LongText { .. }))
        .map(|(position, (_, question))| (position, question.key.as_str()))
        .collect();
    let group_texts: Vec<(usize, &str, Vec<&str>)> = q
        .questions()
        .enumerate()
        .filter_map(|(position, (_, question))| {
            let subs: Vec<&str> = question
                .kind
                .sub_questions()
                .iter()
                .filter(|x| matches!(x.kind, QuestionKind::LongText { .. }))
                .map(|x| x.key.as_str())
                .collect();
            (!subs.is_empty()).then_some((position, question.key.as_str(), subs))
        })
        .collect();
    if long_texts.is_empty() && group_texts.is_empty() {
        return;
    }
    let is_thin = |answer: Option<&Answer>| match answer {
        Some(Answer::Text(text)) => words(text) < t.thin_words as usize,
        _ => true,
    };
    let thin: Vec<&Counted> = ctx
        .counted
        .iter()
        .filter(|c| {
            let shown = |position: usize| c.shown.get(position).copied().unwrap_or(false);
            let mut fields = 0usize;
            let mut thin_fields = 0usize;
            for (position, key) in &long_texts {
                if shown(*position) {
                    fields += 1;
                    thin_fields += usize::from(is_thin(c.answers.get(*key)));
                }
            }
            for (position, key, subs) in &group_texts {
                if !shown(*position) {
                    continue;
                }
                if let Some(Answer::Items(items)) = c.answers.get(*key) {
                    for item in items {
                        for sub in subs {
                            fields += 1;
                            thin_fields += usize::from(is_thin(item.get(*sub)));
                        }
                    }
                }
            }
            // "Most": more than half of the free-text fields the unit saw.
            fields > 0 && thin_fields * 2 > fields
        })
        .collect();
    let (k, n) = (thin.len(), ctx.counted.len());
    if k == 0 {
        return;
    }
    let severity = if at_least(k, n, t.thin_share) {
        Severity::Varning
    } else {
        Severity::Info
    };
    let mut flag = ctx.flag(
        Rule::ThinAnswers,
        severity,
        text(
            format!("Tunna svar från {k} {}", if k == 1 { "enhet" } else { "enheter" }),
            format!("Thin answers from {k} {}", if k == 1 { "unit" } else { "units" }),
        ),
        text(
            format!(
                "De flesta fritextsvaren från {} är tomma eller har färre än {} ord. Det är {} av enheterna som svarat (varning från {} %). Ett samtal eller möte ger ofta mer än enkäten.",
                if k == 1 { "enheten" } else { "enheterna" },
                t.thin_words,
                percent(share(k, n), Lang::Sv),
                t.thin_share
            ),
            format!(
                "Most free-text answers from {} are empty or shorter than {} words. That is {} of the units that answered (warning from {}%). A conversation or meeting often gives more than the questionnaire.",
                if k == 1 { "the unit" } else { "the units" },
                t.thin_words,
                percent(share(k, n), Lang::En),
                t.thin_share
            ),
        ),
    );
    flag.units = thin.iter().map(|c| c.unit.clone()).collect();
    out.push(flag);
}

fn stale(ctx: &Context, out: &mut Vec<Flag>) {
    let latest = ctx
        .municipality
        .latest_round_closes_at
        .unwrap_or(ctx.input.round.closes_at)
        .max(ctx.input.round.closes_at);
    let days = ctx.thresholds.stale_days as i64;
    let age_days = (ctx.input.now - latest).div_euclid(86_400);
    if ctx.input.now - latest <= days * 86_400 {
        return;
    }
    let closed = crate::time::format_date_stockholm(latest - 1);
    out.push(ctx.flag(
        Rule::StaleBaseline,
        Severity::Varning,
        text(
            "Nulägesbilden är inaktuell".into(),
            "The baseline is out of date".into(),
        ),
        text(
            format!("Den senaste kartläggningen stängde {closed}, för {age_days} dagar sedan (gräns: {days} dagar). Gör en ny kartläggning, till exempel som årlig uppföljning."),
            format!("The newest round closed on {closed}, {age_days} days ago (limit: {days} days). Run a new round, for example as a yearly follow-up."),
        ),
    ));
}

fn units_without_projects(ctx: &Context, out: &mut Vec<Flag>) {
    let Some(position) = ctx.project_position else {
        return;
    };
    let asked: Vec<&Counted> = ctx
        .counted
        .iter()
        .filter(|c| c.shown.get(position).copied().unwrap_or(false))
        .collect();
    let without: Vec<&Counted> = asked
        .iter()
        .filter(|c| super::projects::items(c.answers).is_empty())
        .copied()
        .collect();
    let (w, n) = (without.len(), asked.len());
    if w == 0 {
        return;
    }
    let limit = ctx.thresholds.no_projects_share;
    let severity = if at_least(w, n, limit) {
        Severity::Varning
    } else {
        Severity::Info
    };
    let mut flag = ctx.flag(
        Rule::UnitsWithoutProjects,
        severity,
        text(
            format!(
                "{w} {} utan projekt i registret",
                if w == 1 { "enhet" } else { "enheter" }
            ),
            format!(
                "{w} {} without projects in the register",
                if w == 1 { "unit" } else { "units" }
            ),
        ),
        text(
            format!(
                "{} arbetar eller har arbetat internationellt men har inte listat något projekt. Det är {} av de {n} enheter som fick frågan (varning från {limit} %). Fråga om projekt saknas i svaren, eller om arbetet sker på andra sätt, som nätverk och utbyten.",
                if w == 1 { "Enheten" } else { "Enheterna" },
                percent(share(w, n), Lang::Sv)
            ),
            format!(
                "{} work or have worked internationally but listed no project. That is {} of the {n} units asked (warning from {limit}%). Ask whether projects are missing from the answers, or whether the work takes other forms, such as networks and exchanges.",
                if w == 1 { "The unit" } else { "The units" },
                percent(share(w, n), Lang::En)
            ),
        ),
    );
    flag.units = without.iter().map(|c| c.unit.clone()).collect();
    out.push(flag);
}

fn funding_concentration(ctx: &Context, out: &mut Vec<Flag>) {
    let t = ctx.thresholds;
    let funded: Vec<&super::projects::Outline> = ctx
        .projects
        .iter()
        .filter(|p| !p.funding.is_empty())
        .collect();
    let n = funded.len();
    if n == 0 || n < t.min_projects as usize {
        return;
    }
    let mut per_source: Vec<(&str, usize)> = Vec::new();
    for p in &funded {
        for f in &p.funding {
            match per_source.iter_mut().find(|(k, _)| k == f) {
                Some((_, count)) => *count += 1,
                None => per_source.push((f, 1)),
            }
        }
    }
    // The first of equals: the questionnaire's order.
    let Some(&(top, count)) = per_source.iter().rev().max_by_key(|(_, count)| *count) else {
        return;
    };
    if !at_least(count, n, t.funding_concentration_share) {
        return;
    }
    let (sv, en) = (
        ctx.project_labels.funding(top, Lang::Sv),
        ctx.project_labels.funding(top, Lang::En),
    );
    let limit = t.funding_concentration_share;
    let mut flag = ctx.flag(
        Rule::FundingConcentrated,
        Severity::Varning,
        text(
            format!("{sv} finansierar {count} av {n} projekt"),
            format!("{en} funds {count} of {n} projects"),
        ),
        text(
            format!(
                "{} av projekten med angiven finansiering har samma källa (gräns: {limit} %). Om programmet ändras eller en ansökan inte beviljas står en stor del av det internationella arbetet utan pengar. Se över fler finansieringskällor.",
                percent(share(count, n), Lang::Sv)
            ),
            format!(
                "{} of the projects with a funding source share the same one (limit: {limit}%). If the programme changes or an application is turned down, much of the international work is left without money. Look into more sources of funding.",
                percent(share(count, n), Lang::En)
            ),
        ),
    );
    for p in funded.iter().filter(|p| p.funding.contains(&top)) {
        for u in &p.units {
            if !flag.units.iter().any(|x| x.id == u.id) {
                flag.units.push((*u).clone());
            }
        }
    }
    out.push(flag);
}

fn priorities_without_projects(ctx: &Context, out: &mut Vec<Flag>) {
    let n = ctx.projects.len();
    if ctx.project_position.is_none() || n == 0 || n < ctx.thresholds.min_projects as usize {
        return;
    }
    for priority in &ctx.municipality.priorities {
        let Some((_, label)) = ctx.themes.iter().find(|(key, _)| key == priority) else {
            continue;
        };
        if ctx
            .projects
            .iter()
            .any(|p| p.themes.contains(&priority.as_str()))
        {
            continue;
        }
        out.push(ctx.flag(
            Rule::PriorityWithoutProject,
            Severity::Varning,
            text(
                format!("Inget projekt inom {}", label.sv),
                format!("No project on {}", label.get(Lang::En)),
            ),
            text(
                format!(
                    "{} är ett av kommunens prioriterade områden, men inget av kommunens {n} projekt i registret handlar om det. Prioriteringen syns inte i det som faktiskt görs.",
                    label.sv
                ),
                format!(
                    "{} is one of the municipality's priority areas, but none of the municipality's {n} projects in the register is about it. The priority does not show in what is actually done.",
                    label.get(Lang::En)
                ),
            ),
        ));
    }
}
