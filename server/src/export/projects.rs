//! The project register as a table: one row per project, merged by name
//! within each municipality as on the register page (docs/EXPORT.md).

use super::Cell;
use app::analysis::projects::{collect_reports, Labels, Project, Report};
use app::analysis::UnitRef;
use app::db::export::ExportRow;
use app::i18n::Lang;
use app::rounds::UnitState;
use app::vocabulary::UnitKind;

/// The columns, in order.
pub const COLUMNS: [&str; 20] = [
    "kommunkod",
    "kommun",
    "projekt",
    "enheter",
    "antal_enheter",
    "roller",
    "status",
    "finansiering",
    "finansiering_annat",
    "startar",
    "slutar",
    "partnerlander",
    "partner",
    "teman",
    "teman_annat",
    "agenda2030",
    "budget_kr",
    "resultat",
    "utkast",
    "rapporterat_mellan_kartlaggningar",
];

pub fn columns() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

/// The projects of one municipality's export rows (a batch is one
/// municipality), with the answers that count.
pub fn of_batch(rows: &[ExportRow], include_drafts: bool, labels: &Labels) -> Vec<Project> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let units: Vec<(UnitRef, bool)> = rows
        .iter()
        .map(|row| {
            let state = UnitState::of(row.first_opened_at, row.revision, row.submitted_at);
            (
                UnitRef {
                    id: row.unit_id.clone(),
                    name: row.unit_name.clone(),
                    municipality_code: row.municipality_code.clone(),
                    kind: UnitKind::parse(&row.kind).unwrap_or(UnitKind::Annat),
                    sector: row.sector.clone(),
                },
                state == UnitState::Draft,
            )
        })
        .collect();
    let reports = rows.iter().zip(&units).filter_map(|(row, (unit, draft))| {
        let prepared = super::responses::prepare(row, include_drafts);
        prepared.answers.map(|answers| Report {
            unit,
            answers,
            draft: *draft,
        })
    });
    collect_reports(
        &first.municipality_code,
        &first.municipality_name,
        reports,
        labels,
    )
}

fn joined(items: impl IntoIterator<Item = String>, separator: &str) -> Cell {
    let text = items.into_iter().collect::<Vec<_>>().join(separator);
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text)
    }
}

/// One project's row.
pub fn row(p: &Project, labels: &Labels) -> Vec<Cell> {
    let sv = Lang::Sv;
    vec![
        Cell::Text(p.municipality_code.clone()),
        Cell::Text(p.municipality_name.clone()),
        Cell::Text(p.name.clone()),
        joined(p.units.iter().map(|u| u.unit.name.clone()), ", "),
        Cell::Int(p.units.len() as i64),
        joined(
            p.units.iter().filter_map(|u| {
                u.role
                    .as_ref()
                    .map(|r| format!("{}: {}", u.unit.name, labels.role(r, sv)))
            }),
            "; ",
        ),
        p.status
            .as_ref()
            .map(|s| Cell::Text(labels.status(s, sv)))
            .unwrap_or(Cell::Empty),
        joined(p.funding.iter().map(|f| labels.funding(f, sv)), ", "),
        joined(p.funding_other.iter().cloned(), ", "),
        p.start.map(|y| Cell::Int(y.into())).unwrap_or(Cell::Empty),
        p.end.map(|y| Cell::Int(y.into())).unwrap_or(Cell::Empty),
        joined(p.countries.iter().cloned(), ", "),
        joined(p.partners.iter().cloned(), ", "),
        joined(p.themes.iter().map(|t| labels.theme(t, sv)), ", "),
        joined(p.theme_other.iter().cloned(), ", "),
        joined(p.goals.iter().map(|g| labels.goal(g, sv)), ", "),
        p.budget.map(Cell::Number).unwrap_or(Cell::Empty),
        joined(
            p.results
                .iter()
                .map(|(unit, text)| format!("{unit}: {text}")),
            "\n",
        ),
        if p.draft {
            Cell::Text("ja".into())
        } else {
            Cell::Empty
        },
        p.reported_between
            .map(|at| Cell::Text(app::time::format_date_stockholm(at)))
            .unwrap_or(Cell::Empty),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::questionnaire::default::default_questionnaire;

    fn row_of(unit: &str, submitted: Option<&str>, draft: Option<&str>) -> ExportRow {
        ExportRow {
            municipality_id: "m".into(),
            municipality_code: "0780".into(),
            municipality_name: "Växjö".into(),
            unit_id: format!("id-{unit}"),
            unit_name: unit.into(),
            kind: "forvaltning".into(),
            sector: "utbildning".into(),
            sector_name: "Utbildning".into(),
            first_opened_at: Some(1),
            revision: 1,
            answers: draft.map(|j| serde_json::from_str(j).unwrap()),
            submitted_answers: submitted.map(|j| serde_json::from_str(j).unwrap()),
            submitted_at: submitted.map(|_| 1_800_000_000),
        }
    }

    #[test]
    fn one_row_per_project_merged_by_name_with_labels() {
        let labels = Labels::of(&default_questionnaire());
        let rows = vec![
            row_of(
                "Arbete och välfärd",
                Some(
                    r#"{"projekt": [{"namn": "JB Marks familjeteam", "roll": "lead", "status": "avslutat",
                    "finansiering": "icld", "startar": 2017, "slutar": 2019, "partnerlander": "Sydafrika",
                    "teman": ["social_inkludering"], "agenda2030": ["mal_1"], "budget": 400000,
                    "resultat": "=Familjeteam"}]}"#,
                ),
                None,
            ),
            row_of(
                "Omsorgsförvaltningen",
                Some(
                    r#"{"projekt": [{"namn": "JB Marks Familjeteam", "roll": "partner", "status": "pagaende",
                    "finansiering": "annat", "finansiering.annat": "Egen stiftelse"}]}"#,
                ),
                None,
            ),
            row_of(
                "Tekniska förvaltningen",
                None,
                Some(
                    r#"{"projekt": [{"namn": "Hållbara kliv", "roll": "lead", "status": "planerat"}]}"#,
                ),
            ),
        ];
        let projects = of_batch(&rows, false, &labels);
        assert_eq!(projects.len(), 1, "the draft is left out");
        let cells = row(&projects[0], &labels);
        assert_eq!(cells.len(), COLUMNS.len());
        let at = |name: &str| cells[COLUMNS.iter().position(|c| *c == name).unwrap()].clone();
        assert_eq!(at("projekt"), Cell::Text("JB Marks familjeteam".into()));
        assert_eq!(
            at("enheter"),
            Cell::Text("Arbete och välfärd, Omsorgsförvaltningen".into())
        );
        assert_eq!(at("antal_enheter"), Cell::Int(2));
        assert_eq!(
            at("roller"),
            Cell::Text(
                "Arbete och välfärd: Projektägare eller huvudpartner (lead partner); Omsorgsförvaltningen: Partner"
                    .into()
            )
        );
        assert_eq!(at("status"), Cell::Text("Pågående".into()));
        assert_eq!(at("finansiering"), Cell::Text("ICLD, Annat".into()));
        assert_eq!(
            at("finansiering_annat"),
            Cell::Text("Egen stiftelse".into())
        );
        assert_eq!(
            (at("startar"), at("slutar")),
            (Cell::Int(2017), Cell::Int(2019))
        );
        assert_eq!(
            at("teman"),
            Cell::Text("Social inkludering och integration".into())
        );
        assert_eq!(at("agenda2030"), Cell::Text("1. Ingen fattigdom".into()));
        assert_eq!(at("budget_kr"), Cell::Number(400000.0));
        assert_eq!(
            at("resultat"),
            Cell::Text("Arbete och välfärd: =Familjeteam".into())
        );
        assert_eq!(at("utkast"), Cell::Empty);
        assert_eq!(at("partner"), Cell::Empty);
        assert_eq!(at("rapporterat_mellan_kartlaggningar"), Cell::Empty);
        // With drafts, the draft's project comes along, marked.
        let projects = of_batch(&rows, true, &labels);
        assert_eq!(projects.len(), 2);
        let planned = row(&projects[0], &labels);
        assert_eq!(planned[2], Cell::Text("Hållbara kliv".into()));
        assert_eq!(planned[18], Cell::Text("ja".into()));
        assert!(of_batch(&[], true, &labels).is_empty());
    }
}
