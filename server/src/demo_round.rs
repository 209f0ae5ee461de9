//! The demo round: the default questionnaire sent to the seven municipalities
//! of the EU-coach programme, answered as unevenly as the 2012 follow-up found
//! them — so that the round page and the analysis have something to show.
//!
//! - Karlskrona: most units answered; activity very uneven, the strategy little known.
//! - Ljungby: a third of the units silent.
//! - Nybro: only two administrations engaged; the rest opened the link or nothing.
//! - Ronneby: every administration answered; the companies partly.
//! - Sävsjö: many drafts never submitted.
//! - Tranås: no company answered.
//! - Växjö: international work only in environment and energy, with the
//!   ICLD partnerships with JB Marks (South Africa) and Vushtrri (Kosovo) and
//!   an Interreg project reported by two companies, so that the project
//!   register has something to merge.

use app::db::{Db, DbError};
use app::questionnaire::model::{Answer, Answers, QuestionKind, Questionnaire};
use app::questionnaire::rules::{check, visibility, Mode};
use app::vocabulary::UnitKind;

pub const DEMO_ROUND_NAME: &str = "Kartläggning av internationellt arbete 2026 (exempel)";

/// How far a unit came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Silent,
    Opened,
    Draft,
    Submitted,
}

/// `index` counts the municipality's units in name order; `kind_index` those of the same kind.
fn outcome(municipality: &str, index: usize, kind: UnitKind, kind_index: usize) -> Outcome {
    use Outcome::*;
    match (municipality, kind) {
        ("Karlskrona", _) => [Submitted, Submitted, Submitted, Submitted, Draft][index % 5],
        ("Ljungby", _) => [Submitted, Submitted, Silent][index % 3],
        ("Nybro", UnitKind::Forvaltning) if kind_index < 2 => Submitted,
        ("Nybro", _) => [Opened, Silent][index % 2],
        ("Ronneby", UnitKind::Forvaltning) => Submitted,
        ("Ronneby", _) => [Draft, Submitted][index % 2],
        ("Sävsjö", _) => [Submitted, Draft, Silent][index % 3],
        ("Tranås", UnitKind::Bolag) => [Silent, Opened][index % 2],
        ("Tranås", _) => [Submitted, Submitted, Submitted, Draft][kind_index % 4],
        ("Växjö", _) => [Submitted, Submitted, Submitted, Silent][index % 4],
        _ => Submitted,
    }
}

/// What shapes one unit's answers.
struct Profile {
    activity: &'static str,
    strategy: &'static str,
    /// Short, hurried free text.
    thin: bool,
    seed: usize,
    projects: Vec<DemoProject>,
}

fn profile(municipality: &str, sector: &str, index: usize, unit: &str) -> Profile {
    let activity = match municipality {
        // Units that have run projects have at least worked internationally before.
        _ if !named_projects(municipality, unit).is_empty()
            && matches!(sector, "naringsliv_arbetsmarknad" | "utbildning") =>
        {
            "tidigare"
        }
        "Växjö" if matches!(sector, "miljo" | "energi_va_avfall") => "strategiskt",
        "Växjö" => ["inte_alls", "tidigare"][index % 2],
        "Karlskrona" => [
            "strategiskt",
            "inte_alls",
            "ad_hoc",
            "inte_alls",
            "tidigare",
        ][index % 5],
        "Ronneby" => ["strategiskt", "ad_hoc"][index % 2],
        _ => ["ad_hoc", "strategiskt", "inte_alls", "ad_hoc"][index % 4],
    };
    let strategy = match municipality {
        "Karlskrona" => ["kanner_inte_till", "kanner_inte_till", "kanner_till"][index % 3],
        "Ronneby" => ["arbetar_efter", "kanner_till"][index % 2],
        "Sävsjö" => "finns_ingen",
        _ => ["kanner_till", "arbetar_efter", "kanner_inte_till"][index % 3],
    };
    Profile {
        activity,
        strategy,
        thin: municipality == "Nybro" || index % 4 == 3,
        seed: index * 7 + municipality.len(),
        projects: projects_for(municipality, unit, sector, activity, index),
    }
}

/// A project as the demo units report it.
#[derive(Clone, Debug)]
struct DemoProject {
    name: &'static str,
    role: &'static str,
    countries: &'static str,
    partners: &'static str,
    funding: &'static str,
    years: (Option<i32>, Option<i32>),
    themes: &'static [&'static str],
    goals: &'static [&'static str],
    budget: Option<f64>,
    status: &'static str,
    results: &'static str,
}

const JB_MARKS_FAMILIES: DemoProject = DemoProject {
    name: "Samordnat stöd till utsatta familjer (JB Marks)",
    role: "lead",
    countries: "Sydafrika",
    partners: "JB Marks Local Municipality",
    funding: "icld",
    years: (Some(2017), Some(2019)),
    themes: &["social_inkludering"],
    goals: &["mal_1", "mal_10"],
    budget: None,
    status: "avslutat",
    results: "Förvaltningens Familjeteam, som samordnar stödet till utsatta familjer, infördes permanent efter projektslut.",
};

const JB_MARKS_ENERGY: DemoProject = DemoProject {
    name: "Energiplan i linje med Agenda 2030 (JB Marks)",
    role: "lead",
    countries: "Sydafrika",
    partners: "JB Marks Local Municipality",
    funding: "icld",
    years: (Some(2019), Some(2021)),
    themes: &["energi_miljo"],
    goals: &["mal_7"],
    budget: None,
    status: "avslutat",
    results: "En strategisk plan för hållbar affärsutveckling, och två vätgasprojekt som utbytet inspirerade till.",
};

const HYDROGEN: DemoProject = DemoProject {
    name: "Interreg Baltic Hydrogen Valleys",
    role: "partner",
    countries: "Tyskland, Polen och Litauen",
    partners: "Stadtwerke Rostock, Gdańsk University of Technology",
    funding: "interreg",
    years: (Some(2024), Some(2027)),
    themes: &["energi_miljo", "naringsliv_arbetsmarknad"],
    goals: &["mal_7", "mal_13"],
    budget: Some(2_400_000.0),
    status: "pagaende",
    results: "",
};

const MIS: DemoProject = DemoProject {
    name: "Miljöpedagogik i förskolan (MIS 2)",
    role: "lead",
    countries: "Kosovo",
    partners: "Komuna Vushtrri",
    funding: "icld",
    years: (Some(2019), Some(2022)),
    themes: &["utbildning", "energi_miljo"],
    goals: &["mal_4"],
    budget: None,
    status: "avslutat",
    results:
        "En metod för miljöpedagogik och återbruk som testats med pedagoger och cirka 500 barn.",
};

const STEPS: DemoProject = DemoProject {
    name: "Hållbara kliv – återvinning och avfall (Vushtrri)",
    role: "lead",
    countries: "Kosovo",
    partners: "Komuna Vushtrri",
    funding: "icld",
    years: (Some(2020), Some(2023)),
    themes: &["energi_miljo", "utbildning"],
    goals: &["mal_12"],
    budget: None,
    status: "avslutat",
    results: "Metoden Hållbara kliv för arbete med återvinning, avfallshantering och återbruk för elever i årskurs 6.",
};

/// The projects of named demo units: Växjö's partnerships from its own
/// account of them, with two projects reported by two units each.
fn named_projects(municipality: &str, unit: &str) -> Vec<DemoProject> {
    match (municipality, unit) {
        ("Växjö", "Arbete och välfärd") => vec![JB_MARKS_FAMILIES],
        ("Växjö", "Växjö Energi AB") => vec![JB_MARKS_ENERGY, HYDROGEN],
        ("Växjö", "VEAB Elnät AB") => vec![DemoProject {
            role: "associerad",
            countries: "Tyskland, Danmark",
            partners: "",
            budget: None,
            ..HYDROGEN
        }],
        ("Växjö", "Förskoleförvaltningen") => vec![MIS],
        ("Växjö", "Miljö- och hälsoskyddsförvaltningen") => vec![
            STEPS,
            DemoProject {
                role: "partner",
                results: "",
                ..MIS
            },
        ],
        _ => Vec::new(),
    }
}

/// Typical projects of a sector, for the other municipalities' active units.
fn sector_project(sector: &str) -> Option<DemoProject> {
    let base = DemoProject {
        name: "",
        role: "partner",
        countries: "",
        partners: "",
        funding: "egen_budget",
        years: (Some(2023), Some(2026)),
        themes: &[],
        goals: &[],
        budget: None,
        status: "pagaende",
        results: "",
    };
    Some(match sector {
        "utbildning" => DemoProject {
            name: "Erasmus+ lärarutbyte",
            countries: "Tyskland, Spanien",
            funding: "erasmus",
            themes: &["utbildning"],
            goals: &["mal_4"],
            budget: Some(350_000.0),
            results: "Nya metoder för språkintroduktion som används i ordinarie undervisning.",
            ..base
        },
        "socialtjanst_omsorg" => DemoProject {
            name: "Vägar till arbete för nyanlända",
            role: "lead",
            funding: "esf",
            themes: &["social_inkludering", "naringsliv_arbetsmarknad"],
            goals: &["mal_8", "mal_10"],
            budget: Some(1_800_000.0),
            ..base
        },
        "samhallsbyggnad_teknik" => DemoProject {
            name: "Interreg South Baltic – hållbara hamnar",
            countries: "Polen, Litauen",
            funding: "interreg",
            themes: &["infrastruktur_transporter"],
            goals: &["mal_9", "mal_11"],
            ..base
        },
        "miljo" | "energi_va_avfall" => DemoProject {
            name: "LIFE Levande vatten",
            countries: "Finland, Estland",
            funding: "life",
            themes: &["energi_miljo"],
            goals: &["mal_6", "mal_14"],
            years: (Some(2026), Some(2029)),
            status: "planerat",
            ..base
        },
        "kultur_fritid" => DemoProject {
            name: "Kulturarv kring Östersjön",
            countries: "Lettland",
            funding: "annat",
            themes: &["kultur_fritid", "turism"],
            goals: &["mal_11"],
            years: (Some(2021), Some(2023)),
            status: "avslutat",
            results: "En gemensam utställning som turnerat i fyra länder.",
            ..base
        },
        "naringsliv_arbetsmarknad" => DemoProject {
            name: "Leader – lokal utveckling på landsbygden",
            funding: "leader",
            themes: &["naringsliv_arbetsmarknad", "turism"],
            goals: &["mal_8"],
            ..base
        },
        "kommunledning" => DemoProject {
            name: "Kommunalt partnerskap om lokal demokrati",
            role: "lead",
            countries: "Ukraina",
            funding: "icld",
            themes: &["service_medborgardialog"],
            goals: &["mal_16"],
            years: (Some(2025), None),
            ..base
        },
        _ => return None,
    })
}

/// A unit's projects: named ones, or for an active unit elsewhere its
/// sector's typical project.
fn projects_for(
    municipality: &str,
    unit: &str,
    sector: &str,
    activity: &str,
    index: usize,
) -> Vec<DemoProject> {
    let named = named_projects(municipality, unit);
    if !named.is_empty() || municipality == "Växjö" {
        return named;
    }
    match activity {
        "strategiskt" => sector_project(sector).into_iter().collect(),
        "ad_hoc" if index.is_multiple_of(2) => sector_project(sector).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn project_answers(p: &DemoProject) -> Answers {
    let mut a = Answers::new();
    let mut text = |key: &str, value: &str| {
        if !value.is_empty() {
            a.insert(key.to_string(), Answer::Text(value.to_string()));
        }
    };
    text("namn", p.name);
    text("roll", p.role);
    text("partnerlander", p.countries);
    text("partner", p.partners);
    text("finansiering", p.funding);
    if p.funding == "annat" {
        text("finansiering.annat", "Kreativa Europa");
    }
    text("status", p.status);
    text("resultat", p.results);
    if let Some(y) = p.years.0 {
        a.insert("startar".into(), Answer::Number(f64::from(y)));
    }
    if let Some(y) = p.years.1 {
        a.insert("slutar".into(), Answer::Number(f64::from(y)));
    }
    if let Some(b) = p.budget {
        a.insert("budget".into(), Answer::Number(b));
    }
    let list = |items: &[&str]| Answer::List(items.iter().map(|s| s.to_string()).collect());
    if !p.themes.is_empty() {
        a.insert("teman".into(), list(p.themes));
    }
    if !p.goals.is_empty() {
        a.insert("agenda2030".into(), list(p.goals));
    }
    a
}

/// What the person answering does, as people write it.
const ROLES: &[&str] = &[
    "Verksamhetsutvecklare",
    "Förvaltningschef",
    "Utvecklingsstrateg",
    "EU-samordnare",
    "Kvalitetsstrateg",
    "Administrativ chef",
    "Enhetschef",
];

/// The unit's international contact person.
const CONTACTS: &[&str] = &[
    "Anna Lindqvist",
    "Erik Holm",
    "Sara Nyberg",
    "Johan Ek",
    "Maria Sjöberg",
    "Lars Wikström",
    "Fatima Ali",
];

/// Countries, as the question asks for them: separated by commas.
const COUNTRIES: &[&str] = &[
    "Tyskland, Polen, Litauen",
    "Danmark, Finland",
    "Polen, Lettland",
    "Tyskland, Nederländerna",
    "Estland, Finland, Norge",
];

const NETWORKS: &[&str] = &[
    "Union of the Baltic Cities (UBC) och Eurocities.",
    "Energy Cities och Covenant of Mayors.",
    "Euroregion Baltic och ett nätverk för skolutveckling i Östersjöregionen.",
    "Climate Alliance.",
];

/// What an exchange would be about, as the question's own examples.
const EXCHANGE_THEMES: &[&str] = &[
    "Digital skola",
    "Integration av nyanlända",
    "Energieffektiva bostäder",
    "Klimatanpassning av dagvatten",
    "Ungas delaktighet",
];

const GOOD_EXAMPLES: &[&str] = &[
    "Tillsammans med vänorten genomförde vi ett utbyte om energieffektivisering i skolor, som ledde till nya rutiner hos oss.",
    "Ett Erasmus+-projekt gav personalen nya metoder för språkintroduktion som vi nu använder i ordinarie verksamhet.",
    "Studiebesöket i Gdańsk om hamnlogistik gav kontakter som lett till en gemensam Interreg-ansökan.",
];

const REASONS: &[&str] = &[
    "Vi har inte haft tid eller resurser att prioritera det.",
    "Det har inte efterfrågats av nämnden.",
];

/// One unit's answers, valid for the questionnaire; with `complete` false
/// only the first two parts are filled in (a draft).
fn answers_for(
    q: &Questionnaire,
    kind: UnitKind,
    p: &Profile,
    unit: &str,
    complete: bool,
) -> Answers {
    let mut answers = Answers::new();
    for (part, section) in q.sections.iter().enumerate() {
        if !complete && part >= 2 {
            break;
        }
        for (i, question) in section.questions.iter().enumerate() {
            if !visibility(q, kind, &answers).question(&question.key) {
                continue;
            }
            let seed = p.seed + i * 3 + part * 5;
            let value = match question.key.as_str() {
                "aktivitetsniva" => Some(Answer::Text(p.activity.to_string())),
                "strategi" => Some(Answer::Text(p.strategy.to_string())),
                "svarande_namn" => Some(Answer::Text(format!("Kontaktperson för {unit}"))),
                "svarande_epost" => Some(Answer::Text("kontakt@example.se".to_string())),
                "antal_projekt" => Some(Answer::Number(match p.activity {
                    "strategiskt" => (2 + seed % 5) as f64,
                    "ad_hoc" => (seed % 2) as f64,
                    _ => 0.0,
                })),
                "varfor_inte" => Some(Answer::Text(REASONS[seed % REASONS.len()].to_string())),
                "projekt" if p.projects.is_empty() => None,
                "projekt" => Some(Answer::Items(
                    p.projects.iter().map(project_answers).collect(),
                )),
                "svarande_roll" => Some(Answer::Text(ROLES[seed % ROLES.len()].to_string())),
                "int_kontakt_namn" => {
                    Some(Answer::Text(CONTACTS[seed % CONTACTS.len()].to_string()))
                }
                "partnerlander" => {
                    Some(Answer::Text(COUNTRIES[seed % COUNTRIES.len()].to_string()))
                }
                "natverk_medlemskap" if p.thin => None,
                "natverk_medlemskap" => {
                    Some(Answer::Text(NETWORKS[seed % NETWORKS.len()].to_string()))
                }
                "utbyte_tema" => Some(Answer::Text(
                    EXCHANGE_THEMES[seed % EXCHANGE_THEMES.len()].to_string(),
                )),
                "goda_exempel" if p.thin => None,
                "goda_exempel" => Some(Answer::Text(
                    GOOD_EXAMPLES[seed % GOOD_EXAMPLES.len()].to_string(),
                )),
                _ => generic(&question.kind, seed, p.thin),
            };
            if let Some(value) = value {
                answers.insert(question.key.clone(), value);
            }
        }
    }
    check(q, kind, &answers, Mode::Draft).answers
}

/// Complete, valid answers of the kind the demo round holds, for the unit at
/// `index` of a municipality; benchmarks use it to fill large rounds.
pub fn sample_answers(
    q: &Questionnaire,
    kind: UnitKind,
    municipality: &str,
    sector: &str,
    index: usize,
    unit: &str,
) -> Answers {
    answers_for(
        q,
        kind,
        &profile(municipality, sector, index, unit),
        unit,
        true,
    )
}

fn generic(kind: &QuestionKind, seed: usize, thin: bool) -> Option<Answer> {
    Some(match kind {
        QuestionKind::SingleChoice { options, .. } => {
            Answer::Text(options.get(seed % options.len().max(1))?.key.clone())
        }
        QuestionKind::MultipleChoice { options, .. } => {
            let count = 1 + seed % 3;
            let mut picked: Vec<String> = (0..count)
                .map(|k| options[(seed + k * 5) % options.len()].key.clone())
                .collect();
            picked.sort();
            picked.dedup();
            Answer::List(picked)
        }
        QuestionKind::YesNo => Answer::Bool(!seed.is_multiple_of(3)),
        QuestionKind::Scale { .. } => Answer::Number((1 + seed % 5) as f64),
        QuestionKind::Number { min, max, .. } => {
            let value = (seed % 6) as f64;
            Answer::Number(value.clamp(min.unwrap_or(0.0), max.unwrap_or(f64::MAX)))
        }
        QuestionKind::ShortText { .. } if thin => return None,
        // The default questionnaire's short texts are answered by key in
        // `answers_for`; any other reads as a plain note.
        QuestionKind::ShortText { .. } => Answer::Text(
            [
                "Se verksamhetsplanen",
                "Enligt nämndens beslut",
                "Under utredning",
            ][seed % 3]
                .to_string(),
        ),
        QuestionKind::LongText { .. } if thin => Answer::Text("Nej.".to_string()),
        QuestionKind::LongText { .. } => return None,
        QuestionKind::Email => Answer::Text("kontakt@example.se".to_string()),
        QuestionKind::Date => Answer::Text("2026-10-15".to_string()),
        // Groups (the projects) are filled in by `answers_for`.
        QuestionKind::Group { .. } => return None,
    })
}

/// Adds the demo round unless it is there; returns (targets, submitted, drafts).
pub async fn load(db: &Db) -> Result<Option<(usize, usize, usize)>, DbError> {
    if db
        .list_rounds()
        .await?
        .iter()
        .any(|r| r.name == DEMO_ROUND_NAME)
    {
        return Ok(None);
    }
    let Some((_, version)) = db
        .list_questionnaires()
        .await?
        .into_iter()
        .find(|(q, _)| q.builtin.as_deref() == Some(app::questionnaire::BUILTIN_KEY))
    else {
        return Ok(None);
    };
    let q: Questionnaire =
        serde_json::from_str(&version.definition).map_err(|e| DbError::Decode(Box::new(e)))?;
    let municipality_ids: Vec<String> = db
        .list_municipalities()
        .await?
        .into_iter()
        .filter(|m| crate::demo::is_demo_municipality(&m.code))
        .map(|m| m.id)
        .collect();
    let now = app::db::now();
    const DAY: i64 = 86_400;
    let round_id = db
        .create_round(&app::db::rounds::NewRound {
            name: DEMO_ROUND_NAME,
            version_id: &version.id,
            opens_at: Some(now - 21 * DAY),
            closes_at: app::rounds::closes_after_day(&app::time::format_date_stockholm(
                now + 14 * DAY,
            ))
            .unwrap_or(now + 14 * DAY),
            municipality_ids: &municipality_ids,
            created_by: None,
        })
        .await?;
    let round = db
        .round(&round_id)
        .await?
        .expect("the round was just created");
    db.set_round_schedule(&round_id, "oppen", round.opens_at, round.closes_at)
        .await?;
    let targets = db.round_targets(&round_id).await?;
    let (mut submitted, mut drafts) = (0, 0);
    let mut index = 0;
    let mut kind_counts: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut last_municipality = String::new();
    for t in &targets {
        if t.municipality_name != last_municipality {
            last_municipality = t.municipality_name.clone();
            index = 0;
        }
        let kind = UnitKind::parse(&t.kind).unwrap_or(UnitKind::Annat);
        let kind_index = kind_counts
            .entry((t.municipality_name.clone(), t.kind.clone()))
            .or_default();
        let result = outcome(&t.municipality_name, index, kind, *kind_index);
        let p = profile(&t.municipality_name, &t.sector, index, &t.unit_name);
        index += 1;
        *kind_index += 1;
        // Spread the activity over the three weeks the round has been open.
        let opened_at = now - (20 - (p.seed % 18) as i64) * DAY;
        match result {
            Outcome::Silent => continue,
            Outcome::Opened => db.touch_target(&t.id).await?,
            Outcome::Draft | Outcome::Submitted => {
                let complete = result == Outcome::Submitted;
                let answers = answers_for(&q, kind, &p, &t.unit_name, complete);
                let json =
                    serde_json::to_string(&answers).map_err(|e| DbError::Decode(Box::new(e)))?;
                db.save_response(&t.id, 0, &json).await?;
                if complete {
                    db.submit_response(&t.id, 1).await?;
                    submitted += 1;
                } else {
                    drafts += 1;
                }
            }
        }
        let submitted_at = (result == Outcome::Submitted).then_some(opened_at + 2 * DAY);
        db.backdate_target(&t.id, opened_at, submitted_at).await?;
    }
    Ok(Some((targets.len(), submitted, drafts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::questionnaire::default::default_questionnaire;

    /// The demo reads like a real mapping: a role is a role, a contact
    /// person a name, and countries appear only where countries are asked for.
    #[test]
    fn every_short_text_reads_like_an_answer_to_its_question() {
        let q = default_questionnaire();
        let countries = [
            "Tyskland", "Polen", "Litauen", "Finland", "Estland", "Danmark",
        ];
        for index in 0..12 {
            for kind in [UnitKind::Forvaltning, UnitKind::Bolag] {
                let answers = sample_answers(&q, kind, "Växjö", "utbildning", index, "Enheten");
                for (key, answer) in &answers {
                    let Answer::Text(text) = answer else { continue };
                    if key == "partnerlander" {
                        continue;
                    }
                    assert!(!countries.iter().any(|c| text.contains(c)), "{key}: {text}");
                }
                if let Some(Answer::Text(role)) = answers.get("svarande_roll") {
                    assert!(ROLES.contains(&role.as_str()), "{role}");
                }
            }
        }
    }

    #[test]
    fn submitted_answers_are_complete_and_valid() {
        let q = default_questionnaire();
        for (municipality, sector, index) in [
            ("Växjö", "miljo", 0),
            ("Växjö", "utbildning", 1),
            ("Karlskrona", "kommunledning", 3),
            ("Nybro", "socialtjanst_omsorg", 2),
        ] {
            for kind in UnitKind::ALL {
                let p = profile(municipality, sector, index, "Enheten");
                let answers = answers_for(&q, kind, &p, "Enheten", true);
                let checked = check(&q, kind, &answers, Mode::Submit);
                assert_eq!(checked.problems, vec![], "{municipality} {sector} {kind:?}");
                assert_eq!(checked.answers, answers);
            }
        }
    }

    #[test]
    fn the_pattern_is_uneven_as_in_the_follow_up() {
        // Nybro: only two administrations engaged.
        let nybro: Vec<Outcome> = (0..5)
            .map(|i| outcome("Nybro", i, UnitKind::Forvaltning, i))
            .collect();
        assert_eq!(
            nybro.iter().filter(|o| **o == Outcome::Submitted).count(),
            2
        );
        // Tranås: no company answered.
        assert!((0..4).all(|i| outcome("Tranås", i, UnitKind::Bolag, i) != Outcome::Submitted));
        // Växjö: only environment and energy work internationally.
        assert_eq!(profile("Växjö", "miljo", 1, "x").activity, "strategiskt");
        assert_eq!(profile("Växjö", "utbildning", 0, "x").activity, "inte_alls");
    }

    #[test]
    fn vaxjo_reports_its_partnerships_and_two_shared_projects() {
        let q = default_questionnaire();
        let mut reports = Vec::new();
        for (unit, sector, index) in [
            ("Arbete och välfärd", "naringsliv_arbetsmarknad", 0),
            ("Förskoleförvaltningen", "utbildning", 2),
            ("Miljö- och hälsoskyddsförvaltningen", "miljo", 6),
            ("VEAB Elnät AB", "energi_va_avfall", 12),
            ("Växjö Energi AB", "energi_va_avfall", 17),
        ] {
            let p = profile("Växjö", sector, index, unit);
            assert_ne!(p.activity, "inte_alls", "{unit} is asked for projects");
            let answers = answers_for(&q, UnitKind::Forvaltning, &p, unit, true);
            let checked = check(&q, UnitKind::Forvaltning, &answers, Mode::Submit);
            assert_eq!(checked.problems, vec![], "{unit}");
            assert!(
                matches!(answers.get("projekt"), Some(Answer::Items(_))),
                "{unit}"
            );
            reports.push((unit, answers));
        }
        let units: Vec<app::analysis::UnitRef> = reports
            .iter()
            .map(|(unit, _)| app::analysis::UnitRef {
                id: unit.to_string(),
                name: unit.to_string(),
                municipality_code: "0780".into(),
                kind: UnitKind::Forvaltning,
                sector: String::new(),
            })
            .collect();
        let labels = app::analysis::projects::Labels::of(&q);
        let projects = app::analysis::projects::collect_reports(
            "0780",
            "Växjö",
            reports.iter().zip(&units).map(|((_, answers), unit)| {
                app::analysis::projects::Report {
                    unit,
                    answers,
                    draft: false,
                }
            }),
            &labels,
        );
        let shared: Vec<(&str, usize)> = projects
            .iter()
            .map(|p| (p.name.as_str(), p.units.len()))
            .filter(|(_, n)| *n > 1)
            .collect();
        assert_eq!(
            shared,
            vec![
                ("Interreg Baltic Hydrogen Valleys", 2),
                ("Miljöpedagogik i förskolan (MIS 2)", 2)
            ]
        );
        assert_eq!(projects.len(), 5);
    }
}
