//! The thresholds of the gap rules: sensible defaults, changeable per round.
//!
//! Stored as JSON on the round, so field names are part of the stored format.

use crate::questionnaire::model::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// A response rate under this (per cent) is a warning …
    pub low_response_rate: u32,
    /// … and under this, serious.
    pub critical_response_rate: u32,
    /// Units without an international contact person: a warning from this
    /// share (per cent) of the invited units; fewer are noted as information.
    pub no_contact_share: u32,
    /// The strategy unknown in at least this share (per cent) of the units
    /// that answered.
    pub strategy_unknown_share: u32,
    /// Activity concentrated: at least this share (per cent) of the active
    /// units in one sector …
    pub concentration_share: u32,
    /// … or only this many active units, or fewer …
    pub few_active_units: u32,
    /// … among at least this many answering units.
    pub concentration_min_answered: u32,
    /// A long-text answer with fewer words than this is thin.
    pub thin_words: u32,
    /// Thin answers are a warning from this share (per cent) of the units
    /// that answered; fewer are noted as information.
    pub thin_share: u32,
    /// The newest round is stale this many days after it closed.
    pub stale_days: u32,
    /// Units asked for their projects that list none: a warning from this
    /// share (per cent) of those asked; fewer are noted as information.
    pub no_projects_share: u32,
    /// Funding concentrated: at least this share (per cent) of the projects
    /// with a funding source have the same one …
    pub funding_concentration_share: u32,
    /// … and the project rules apply from this many projects in the
    /// municipality (also for priority areas without a project).
    pub min_projects: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            low_response_rate: 75,
            critical_response_rate: 50,
            no_contact_share: 25,
            strategy_unknown_share: 40,
            concentration_share: 75,
            few_active_units: 2,
            concentration_min_answered: 5,
            thin_words: 5,
            thin_share: 50,
            stale_days: 365,
            no_projects_share: 50,
            funding_concentration_share: 75,
            min_projects: 4,
        }
    }
}

/// How a threshold is shown and read back from a form.
pub struct ThresholdField {
    pub key: &'static str,
    pub label: Text,
    pub hint: Text,
    pub min: u32,
    pub max: u32,
    pub get: fn(&Thresholds) -> u32,
    pub set: fn(&mut Thresholds, u32),
}

fn text(sv: &str, en: &str) -> Text {
    Text::new(sv, en)
}

/// Every threshold in the order the page shows them.
pub static THRESHOLD_FIELDS: std::sync::LazyLock<Vec<ThresholdField>> = std::sync::LazyLock::new(
    || {
        vec![
            ThresholdField {
                key: "low_response_rate",
                label: text("Låg svarsfrekvens (%)", "Low response rate (%)"),
                hint: text(
                    "En svarsfrekvens under detta är en varning.",
                    "A response rate below this is a warning.",
                ),
                min: 1,
                max: 100,
                get: |t| t.low_response_rate,
                set: |t, v| t.low_response_rate = v,
            },
            ThresholdField {
                key: "critical_response_rate",
                label: text("Mycket låg svarsfrekvens (%)", "Very low response rate (%)"),
                hint: text(
                    "En svarsfrekvens under detta är allvarlig.",
                    "A response rate below this is serious.",
                ),
                min: 0,
                max: 100,
                get: |t| t.critical_response_rate,
                set: |t, v| t.critical_response_rate = v,
            },
            ThresholdField {
                key: "no_contact_share",
                label: text(
                    "Enheter utan internationell kontaktperson (%)",
                    "Units without an international contact (%)",
                ),
                hint: text(
                    "Från denna andel av enheterna är det en varning; färre noteras som information.",
                    "From this share of the units it is a warning; fewer are noted as information.",
                ),
                min: 1,
                max: 100,
                get: |t| t.no_contact_share,
                set: |t, v| t.no_contact_share = v,
            },
            ThresholdField {
                key: "strategy_unknown_share",
                label: text(
                    "Strategin okänd (%)",
                    "Strategy unknown (%)",
                ),
                hint: text(
                    "Varning när minst denna andel av de svarande inte känner till strategin eller säger att det inte finns någon.",
                    "Warning when at least this share of those answering do not know the strategy or say there is none.",
                ),
                min: 1,
                max: 100,
                get: |t| t.strategy_unknown_share,
                set: |t, v| t.strategy_unknown_share = v,
            },
            ThresholdField {
                key: "concentration_share",
                label: text(
                    "Aktivitet i ett verksamhetsområde (%)",
                    "Activity in one sector (%)",
                ),
                hint: text(
                    "Varning när minst denna andel av de aktiva enheterna hör till samma verksamhetsområde.",
                    "Warning when at least this share of the active units belong to the same sector.",
                ),
                min: 1,
                max: 100,
                get: |t| t.concentration_share,
                set: |t, v| t.concentration_share = v,
            },
            ThresholdField {
                key: "few_active_units",
                label: text("Få aktiva enheter", "Few active units"),
                hint: text(
                    "Varning när högst så här många enheter arbetar internationellt.",
                    "Warning when at most this many units work internationally.",
                ),
                min: 0,
                max: 50,
                get: |t| t.few_active_units,
                set: |t, v| t.few_active_units = v,
            },
            ThresholdField {
                key: "concentration_min_answered",
                label: text(
                    "Minsta antal svar för koncentrationsregler",
                    "Fewest answers for the concentration rules",
                ),
                hint: text(
                    "Reglerna om koncentration gäller först när så här många enheter har svarat.",
                    "The concentration rules apply only when this many units have answered.",
                ),
                min: 1,
                max: 500,
                get: |t| t.concentration_min_answered,
                set: |t, v| t.concentration_min_answered = v,
            },
            ThresholdField {
                key: "thin_words",
                label: text("Tunt fritextsvar (ord)", "Thin free-text answer (words)"),
                hint: text(
                    "Ett fritextsvar med färre ord än så räknas som tunt.",
                    "A free-text answer with fewer words than this counts as thin.",
                ),
                min: 1,
                max: 100,
                get: |t| t.thin_words,
                set: |t, v| t.thin_words = v,
            },
            ThresholdField {
                key: "thin_share",
                label: text("Enheter med tunna svar (%)", "Units with thin answers (%)"),
                hint: text(
                    "Från denna andel av de svarande är det en varning; färre noteras som information.",
                    "From this share of those answering it is a warning; fewer are noted as information.",
                ),
                min: 1,
                max: 100,
                get: |t| t.thin_share,
                set: |t, v| t.thin_share = v,
            },
            ThresholdField {
                key: "stale_days",
                label: text("Inaktuell nulägesbild (dagar)", "Stale baseline (days)"),
                hint: text(
                    "Varning när den senaste kartläggningen stängde för mer än så här många dagar sedan.",
                    "Warning when the newest round closed more than this many days ago.",
                ),
                min: 30,
                max: 3650,
                get: |t| t.stale_days,
                set: |t, v| t.stale_days = v,
            },
            ThresholdField {
                key: "no_projects_share",
                label: text("Enheter utan projekt (%)", "Units without projects (%)"),
                hint: text(
                    "Av de enheter som fick frågan om projekt: från denna andel utan något projekt är det en varning; färre noteras som information.",
                    "Of the units asked about projects: from this share without any project it is a warning; fewer are noted as information.",
                ),
                min: 1,
                max: 100,
                get: |t| t.no_projects_share,
                set: |t, v| t.no_projects_share = v,
            },
            ThresholdField {
                key: "funding_concentration_share",
                label: text(
                    "Projekt med samma finansiering (%)",
                    "Projects with the same funding (%)",
                ),
                hint: text(
                    "Varning när minst denna andel av projekten med angiven finansiering har samma källa.",
                    "Warning when at least this share of the projects with a funding source have the same one.",
                ),
                min: 1,
                max: 100,
                get: |t| t.funding_concentration_share,
                set: |t, v| t.funding_concentration_share = v,
            },
            ThresholdField {
                key: "min_projects",
                label: text(
                    "Minsta antal projekt för projektreglerna",
                    "Fewest projects for the project rules",
                ),
                hint: text(
                    "Reglerna om finansiering och om prioriterade områden utan projekt gäller först när kommunen har så här många projekt.",
                    "The rules on funding and on priority areas without a project apply only when the municipality has this many projects.",
                ),
                min: 1,
                max: 500,
                get: |t| t.min_projects,
                set: |t, v| t.min_projects = v,
            },
        ]
    },
);

impl Thresholds {
    /// Reads thresholds from form fields named by their keys. Every field is
    /// checked; the errors name the field (its key) and say what is wrong.
    pub fn from_form(fields: &[(String, String)]) -> Result<Thresholds, Vec<(String, String)>> {
        let mut out = Thresholds::default();
        let mut problems = Vec::new();
        for field in THRESHOLD_FIELDS.iter() {
            let value = fields
                .iter()
                .find(|(k, _)| k == field.key)
                .map(|(_, v)| v.trim())
                .unwrap_or_default();
            match value.parse::<u32>() {
                Ok(v) if (field.min..=field.max).contains(&v) => (field.set)(&mut out, v),
                _ => problems.push((
                    field.key.to_string(),
                    format!(
                        "{} måste vara ett heltal från {} till {}.",
                        field.label.sv, field.min, field.max
                    ),
                )),
            }
        }
        if problems.is_empty() && out.critical_response_rate > out.low_response_rate {
            problems.push((
                "critical_response_rate".to_string(),
                "Gränsen för mycket låg svarsfrekvens kan inte vara högre än gränsen för låg svarsfrekvens.".to_string(),
            ));
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}
