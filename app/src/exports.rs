//! The tables a round can be downloaded as, by stable key (the server's
//! export module writes them; docs/EXPORT.md describes their columns).

use crate::questionnaire::model::Text;

pub struct ExportTable {
    pub key: &'static str,
    pub label: Text,
    pub hint: Text,
}

fn table(key: &'static str, sv: &str, en: &str, hint_sv: &str, hint_en: &str) -> ExportTable {
    ExportTable {
        key,
        label: Text::new(sv, en),
        hint: Text::new(hint_sv, hint_en),
    }
}

/// The downloadable tables, in the order the pages list them.
pub fn export_tables() -> Vec<ExportTable> {
    vec![
        table(
            "deltagande",
            "Deltagande",
            "Participation",
            "Inbjudna, svar och svarsfrekvens per kommun, typ och verksamhetsområde.",
            "Invited, answered and response rate per municipality, kind and sector.",
        ),
        table(
            "glapp",
            "Representationsglapp",
            "Representation gaps",
            "Varje glapp med allvarlighet, förklaring och enheter.",
            "Every gap with its severity, explanation and units.",
        ),
        table(
            "teman",
            "Kommuner och teman",
            "Municipalities and themes",
            "Antal enheter per tema och kommun, med kommunens prioriterade områden.",
            "Units per theme and municipality, with the municipality's priority areas.",
        ),
        table(
            "utveckling",
            "Utveckling över tid",
            "Trend over time",
            "Nyckeltalen i denna och alla tidigare kartläggningar, en rad per kommun och kartläggning.",
            "The key figures of this and every earlier round, one row per municipality and round.",
        ),
        table(
            "fordelning",
            "Svarsfördelning per fråga",
            "Distribution per question",
            "Antal och andel per svarsalternativ, medelvärde och spridning för tal.",
            "Count and share per option, mean and spread for numbers.",
        ),
        table(
            "projekt",
            "Projektregister",
            "Project register",
            "En rad per projekt: enheter och roller, status, finansiering, period, länder, teman och resultat.",
            "One row per project: units and roles, status, funding, period, countries, themes and results.",
        ),
        table(
            "svar",
            "Alla svar, en rad per enhet",
            "All answers, one row per unit",
            "En kolumn per fråga; flervalsfrågor som en kolumn 0/1 per alternativ.",
            "One column per question; multiple choice as one 0/1 column per option.",
        ),
        table(
            "svar-lang",
            "Alla svar, en rad per svar",
            "All answers, one row per answer",
            "Bra för pivottabeller.",
            "Good for pivot tables.",
        ),
    ]
}
