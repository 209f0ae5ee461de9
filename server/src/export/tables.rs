//! The analysis as tables: participation, each question's distribution, the
//! gap list and the municipality × theme matrix. Shares are per cent.

use super::Cell;
use app::analysis::{Baseline, Participation, QuestionSummary, SummaryBody};
use app::i18n::Lang;

/// A table with its header.
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|c| c.to_string()).collect()
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn per_cent(share: f64) -> Cell {
    Cell::Number((share * 1000.0).round() / 10.0)
}

/// "Alla kommuner" rows carry no code.
const ALL: &str = "Alla kommuner";

pub fn participation(b: &Baseline) -> Table {
    let mut rows = Vec::new();
    let mut add = |code: &str, name: &str, p: &Participation| {
        rows.push(vec![
            text(code),
            text(name),
            text("totalt"),
            Cell::Empty,
            text("Alla enheter"),
            Cell::Int(p.invited as i64),
            Cell::Int(p.answered as i64),
            Cell::Int(p.drafts_counted as i64),
            per_cent(p.rate),
        ]);
        for (group, list) in [("typ", &p.by_kind), ("verksamhetsomrade", &p.by_sector)] {
            for g in list {
                rows.push(vec![
                    text(code),
                    text(name),
                    text(group),
                    text(g.key.clone()),
                    text(g.label.sv.clone()),
                    Cell::Int(g.invited as i64),
                    Cell::Int(g.answered as i64),
                    Cell::Empty,
                    per_cent(g.rate),
                ]);
            }
        }
    };
    for m in &b.municipalities {
        add(&m.code, &m.name, &m.participation);
    }
    add("", ALL, &b.total);
    // The headline of a regional follow-up: municipalities, not units.
    let answered = app::analysis::MunicipalitiesAnswered::count(b.municipalities.iter().map(|m| {
        let p = &m.participation;
        (
            p.invited,
            p.states[app::rounds::UnitState::Submitted as usize],
        )
    }));
    let share = |n: usize| {
        if answered.total == 0 {
            0.0
        } else {
            n as f64 / answered.total as f64
        }
    };
    for (key, label, n) in [
        (
            "minst_en_inskickad",
            "Kommuner där minst en enhet har skickat in",
            answered.any_submitted,
        ),
        (
            "alla_inskickade",
            "Kommuner där alla enheter har skickat in",
            answered.all_submitted,
        ),
    ] {
        rows.push(vec![
            text(""),
            text(ALL),
            text("kommuner"),
            text(key),
            text(label),
            Cell::Int(answered.total as i64),
            Cell::Int(n as i64),
            Cell::Empty,
            per_cent(share(n)),
        ]);
    }
    Table {
        columns: columns(&[
            "kommunkod",
            "kommun",
            "grupp",
            "nyckel",
            "namn",
            "inbjudna",
            "har_svarat",
            "varav_utkast",
            "svarsfrekvens_procent",
        ]),
        rows,
    }
}

fn distribution_rows(code: &str, name: &str, q: &QuestionSummary, rows: &mut Vec<Vec<Cell>>) {
    let base = |rows: &mut Vec<Vec<Cell>>, rest: Vec<Cell>| {
        let mut row = vec![
            text(code),
            text(name),
            text(q.key.clone()),
            text(q.text.sv.clone()),
            text(q.kind.clone()),
            Cell::Int(q.shown as i64),
            Cell::Int(q.answered as i64),
        ];
        row.extend(rest);
        rows.push(row);
    };
    let empty = |n: usize| vec![Cell::Empty; n];
    match &q.body {
        SummaryBody::Choice { options, .. } => {
            for o in options {
                let mut rest = vec![
                    text(o.key.clone()),
                    text(o.label.sv.clone()),
                    Cell::Int(o.count as i64),
                    per_cent(o.share),
                ];
                rest.extend(empty(6));
                base(rows, rest);
            }
        }
        SummaryBody::Numeric(n) => {
            let mut rest = empty(4);
            if n.n > 0 {
                rest.extend([
                    Cell::Number(n.mean),
                    Cell::Number(n.median),
                    Cell::Number(n.sd),
                    Cell::Number(n.min),
                    Cell::Number(n.max),
                    Cell::Number(n.sum),
                ]);
            } else {
                rest.extend(empty(6));
            }
            base(rows, rest);
        }
        SummaryBody::Texts(_) | SummaryBody::Counted => base(rows, empty(10)),
        // A repeating group: `antal` is the number of items.
        SummaryBody::Items { items } => {
            let mut rest = empty(2);
            rest.push(Cell::Int(*items as i64));
            rest.extend(empty(7));
            base(rows, rest);
        }
    }
}

pub fn distributions(b: &Baseline) -> Table {
    let mut rows = Vec::new();
    for m in &b.municipalities {
        for q in &m.questions {
            distribution_rows(&m.code, &m.name, q, &mut rows);
        }
    }
    for q in &b.questions {
        distribution_rows("", ALL, q, &mut rows);
    }
    Table {
        columns: columns(&[
            "kommunkod",
            "kommun",
            "fraga",
            "fragetext",
            "fragetyp",
            "visad_for",
            "besvarad_av",
            "alternativ",
            "etikett",
            "antal",
            "andel_procent",
            "medelvarde",
            "median",
            "standardavvikelse",
            "lagsta",
            "hogsta",
            "summa",
        ]),
        rows,
    }
}

pub fn gaps(b: &Baseline) -> Table {
    let rows = b
        .municipalities
        .iter()
        .flat_map(|m| m.flags.iter())
        .map(|f| {
            vec![
                text(f.municipality_code.clone()),
                text(f.municipality_name.clone()),
                text(f.severity.label(Lang::Sv)),
                text(f.rule.key()),
                text(f.title.sv.clone()),
                text(f.explanation.sv.clone()),
                Cell::Int(f.units.len() as i64),
                text(
                    f.units
                        .iter()
                        .map(|u| u.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]
        })
        .collect();
    Table {
        columns: columns(&[
            "kommunkod",
            "kommun",
            "allvarlighet",
            "regel",
            "rubrik",
            "forklaring",
            "antal_enheter",
            "enheter",
        ]),
        rows,
    }
}

pub fn themes(b: &Baseline) -> Table {
    let m = &b.theme_matrix;
    let mut header = columns(&["kommunkod", "kommun", "har_svarat"]);
    header.extend(m.themes.iter().map(|(key, _)| key.clone()));
    header.push("prioriterade_omraden".into());
    let mut rows: Vec<Vec<Cell>> = m
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                text(r.code.clone()),
                text(r.name.clone()),
                Cell::Int(r.answered as i64),
            ];
            row.extend(r.counts.iter().map(|c| Cell::Int(*c as i64)));
            row.push(text(
                m.themes
                    .iter()
                    .zip(&r.priorities)
                    .filter(|(_, p)| **p)
                    .map(|((_, label), _)| label.sv.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
            row
        })
        .collect();
    let mut total = vec![
        Cell::Empty,
        text(ALL),
        Cell::Int(m.rows.iter().map(|r| r.answered as i64).sum()),
    ];
    total.extend(m.totals.iter().map(|t| Cell::Int(*t as i64)));
    total.push(Cell::Empty);
    rows.push(total);
    Table {
        columns: header,
        rows,
    }
}

/// One row per municipality and round: every earlier round of the
/// municipality, oldest first, then this one (a municipality without an
/// earlier round has this round's row only).
pub fn trend(b: &Baseline) -> Table {
    let mut rows = Vec::new();
    for m in &b.municipalities {
        let t = &m.unit_themes;
        let now = [app::analysis::TrendPoint {
            round_id: b.round.id.clone(),
            round_name: b.round.name.clone(),
            closes_at: b.round.closes_at,
            figures: m.figures.clone(),
            theme_counts: (0..t.themes.len())
                .map(|i| {
                    Some(
                        t.rows
                            .iter()
                            .filter(|r| r.chosen.get(i).copied().unwrap_or(false))
                            .count(),
                    )
                })
                .collect(),
        }];
        let points: &[app::analysis::TrendPoint] = match &m.trend {
            Some(trend) => &trend.points,
            None => &now,
        };
        for p in points {
            let f = &p.figures;
            let share = |s: Option<f64>| s.map(per_cent).unwrap_or(Cell::Empty);
            let number = |n: Option<f64>| {
                n.map(|n| Cell::Number((n * 10.0).round() / 10.0))
                    .unwrap_or(Cell::Empty)
            };
            rows.push(vec![
                text(m.code.clone()),
                text(m.name.clone()),
                text(p.round_id.clone()),
                text(p.round_name.clone()),
                text(app::time::format_date_stockholm(p.closes_at - 1)),
                Cell::Int(f.invited as i64),
                Cell::Int(f.answered as i64),
                per_cent(f.rate),
                share(f.active_share),
                share(f.strategic_share),
                share(f.strategy_known_share),
                share(f.contact_share),
                share(f.perspective_share),
                number(f.projects),
                number(f.importance),
                p.themes_chosen()
                    .map(|n| Cell::Int(n as i64))
                    .unwrap_or(Cell::Empty),
                Cell::Int(f.flags[app::analysis::Severity::Allvarlig as usize] as i64),
                Cell::Int(f.flags[app::analysis::Severity::Varning as usize] as i64),
            ]);
        }
    }
    Table {
        columns: columns(&[
            "kommunkod",
            "kommun",
            "kartlaggning_id",
            "kartlaggning",
            "stangde",
            "inbjudna",
            "har_svarat",
            "svarsfrekvens_procent",
            "arbetar_internationellt_procent",
            "arbetar_strategiskt_procent",
            "kanner_till_strategin_procent",
            "har_kontaktperson_procent",
            "perspektiv_i_egna_planer_procent",
            "pagaende_projekt",
            "betydelse_medel",
            "teman_valda",
            "allvarliga_glapp",
            "varningar",
        ]),
        rows,
    }
}
