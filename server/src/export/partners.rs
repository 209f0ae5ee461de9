//! The partner search as a table for the Brussels office: one row per
//! (match, unit), with the same filters and the same scope as the page
//! (docs/EXPORT.md). Contact columns are empty for units outside the
//! asker's municipalities.

use super::{csv_out, Cell, Format};
use crate::download::{attachment, internal, not_found, readable_round};
use app::analysis::load::PartnerSearch;
use app::analysis::partners::{Contact, Filter, Match, MatchUnit};
use app::auth::CurrentUser;
use app::db::Db;
use app::i18n::Lang;
use app::questionnaire::model::Text;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The columns, in order.
pub const COLUMNS: [&str; 15] = [
    "matchning",
    "typ",
    "delar",
    "antal_kommuner",
    "antal_enheter",
    "kommunkod",
    "kommun",
    "enhet",
    "slag",
    "verksamhetsomrade",
    "kalla",
    "egna_ord",
    "utkast",
    "kontaktperson",
    "kontakt_epost",
];

/// The sheet's name in the workbook.
pub const SHEET: &str = "Partnersök";

pub fn columns() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

fn text(value: &str) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value.to_string())
    }
}

fn sector(sectors: &[(String, Text)], key: &str) -> String {
    sectors
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| t.sv.clone())
        .unwrap_or_else(|| key.to_string())
}

/// One unit's row of a match; `contact` only for a unit in scope.
pub fn row(
    m: &Match,
    u: &MatchUnit,
    contact: Option<&Contact>,
    sectors: &[(String, Text)],
) -> Vec<Cell> {
    let sv = Lang::Sv;
    let contact = contact.filter(|_| u.in_scope);
    vec![
        Cell::Text(m.id.clone()),
        Cell::Text(m.kind.key().to_string()),
        Cell::Text(m.label.sv.clone()),
        Cell::Int(m.municipalities as i64),
        Cell::Int(m.units.len() as i64),
        Cell::Text(u.unit.municipality_code.clone()),
        Cell::Text(u.municipality_name.clone()),
        Cell::Text(u.unit.name.clone()),
        Cell::Text(u.unit.kind.label(sv).to_string()),
        text(&sector(sectors, &u.unit.sector)),
        text(
            &u.sources
                .iter()
                .map(|s| s.label(sv))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        text(if u.in_scope { &u.written } else { "" }),
        if u.draft {
            Cell::Text("ja".into())
        } else {
            Cell::Empty
        },
        contact.map(|c| text(&c.name)).unwrap_or(Cell::Empty),
        contact.map(|c| text(&c.email)).unwrap_or(Cell::Empty),
    ]
}

/// Every row of the filtered matches.
pub fn rows(search: &PartnerSearch, filter: &Filter) -> Vec<Vec<Cell>> {
    search
        .matches
        .iter()
        .filter(|m| filter.matches(m))
        .flat_map(|m| {
            m.units.iter().map(move |u| {
                let contact = u
                    .in_scope
                    .then(|| search.contacts.get(&u.unit.id))
                    .flatten();
                row(m, u, contact, &search.input.sectors)
            })
        })
        .collect()
}

/// The query of a partner search download.
pub struct Params<'a> {
    pub format: Format,
    pub xlsx: bool,
    pub include_drafts: bool,
    pub filter: Filter,
    pub municipality: &'a str,
}

/// `/omgangar/{id}/export/partnersok.csv` and `partnersok.xlsx`.
pub async fn download(
    db: &Db,
    user: &CurrentUser,
    ip: &str,
    id: &str,
    params: Params<'_>,
) -> Response {
    let (round, visible) = match readable_round(db, user, id, "export", ip).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut filter = params.filter;
    // "With units in the municipality": one of the asker's, like every
    // other export's `kommun`.
    if !params.municipality.trim().is_empty() {
        match db.municipality_id(params.municipality.trim()).await {
            Ok(Some(m)) if visible.contains(&m) => {
                filter.municipality = Some(params.municipality.trim().to_string())
            }
            Ok(_) => return not_found(),
            Err(e) => return internal("export", e),
        }
    }
    let extension = if params.xlsx { "xlsx" } else { "csv" };
    let query = filter.to_query();
    let detail = format!(
        "partnersok.{extension}; {}{}{}",
        if params.xlsx {
            "xlsx"
        } else {
            params.format.key()
        },
        if params.include_drafts {
            "; med utkast"
        } else {
            ""
        },
        if query.is_empty() {
            String::new()
        } else {
            format!("; {query}")
        }
    );
    if let Err(e) = db
        .audit(Some(user), "export.download", id, &detail, ip)
        .await
    {
        return internal("export", e);
    }
    let search =
        match app::analysis::load::partner_search(db, &round, visible, params.include_drafts).await
        {
            Ok(search) => search,
            Err(e) => return internal("export", e),
        };
    let rows = rows(&search, &filter);
    drop(search);
    let request = super::Request {
        round,
        municipality_ids: Vec::new(),
        include_drafts: params.include_drafts,
    };
    let name = request.file_name("partnersok", extension);
    if params.xlsx {
        let file = match super::xlsx::single_sheet(SHEET, columns(), rows).await {
            Ok(file) => file,
            Err(e) => return internal("export", e),
        };
        let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
        return (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                ),
                (header::CONTENT_DISPOSITION, attachment(&name)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            axum::body::Body::from_stream(stream),
        )
            .into_response();
    }
    let mut encoder = csv_out::Encoder::new(params.format);
    let encoded = encoder.header(&columns()).and_then(|()| {
        for cells in &rows {
            encoder.row(cells)?;
        }
        encoder.take(true)
    });
    match encoded {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (header::CONTENT_DISPOSITION, attachment(&name)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => internal("export", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::analysis::partners::{Kind, Source};
    use app::analysis::UnitRef;
    use app::vocabulary::UnitKind;

    fn unit(name: &str, code: &str, in_scope: bool) -> MatchUnit {
        MatchUnit {
            unit: UnitRef {
                id: if in_scope {
                    format!("id-{name}")
                } else {
                    String::new()
                },
                name: name.into(),
                municipality_code: code.into(),
                kind: UnitKind::Bolag,
                sector: "energi_va_avfall".into(),
            },
            municipality_id: format!("m-{code}"),
            municipality_name: format!("Kommun {code}"),
            sources: vec![
                Source {
                    question: "partnerlander".into(),
                    project: None,
                },
                Source {
                    question: "projekt.partnerlander".into(),
                    project: in_scope.then(|| "=Vätgas".to_string()),
                },
            ],
            written: if in_scope {
                "Tyskland".into()
            } else {
                String::new()
            },
            draft: !in_scope,
            in_scope,
        }
    }

    #[test]
    fn a_row_names_the_unit_and_what_it_shares_and_a_contact_only_in_scope() {
        let m = Match {
            kind: Kind::Country,
            key: "tyskland".into(),
            id: "partnerland-tyskland".into(),
            theme: None,
            label: Text::new("Tyskland", "Tyskland"),
            as_written: true,
            units: vec![
                unit("Växjö Energi AB", "0780", true),
                unit("Ronneby Miljöteknik", "1081", false),
            ],
            municipalities: 2,
        };
        let sectors = vec![(
            "energi_va_avfall".to_string(),
            Text::new("Energi, vatten och avfall", "Energy"),
        )];
        let contact = Contact {
            name: "Anna Lind".into(),
            email: "anna.lind@vaxjo.example".into(),
            role: "EU-samordnare".into(),
            international: true,
        };
        let at = |cells: &[Cell], column: &str| {
            cells[COLUMNS.iter().position(|c| *c == column).unwrap()].clone()
        };
        let own = row(&m, &m.units[0], Some(&contact), &sectors);
        assert_eq!(own.len(), COLUMNS.len());
        assert_eq!(
            at(&own, "matchning"),
            Cell::Text("partnerland-tyskland".into())
        );
        assert_eq!(at(&own, "typ"), Cell::Text("partnerland".into()));
        assert_eq!(at(&own, "delar"), Cell::Text("Tyskland".into()));
        assert_eq!(at(&own, "antal_kommuner"), Cell::Int(2));
        assert_eq!(at(&own, "slag"), Cell::Text("bolag".into()));
        assert_eq!(
            at(&own, "verksamhetsomrade"),
            Cell::Text("Energi, vatten och avfall".into())
        );
        assert_eq!(
            at(&own, "kalla"),
            Cell::Text("Partnerländer; Projektet ”=Vätgas”: partnerländer".into())
        );
        assert_eq!(at(&own, "kontaktperson"), Cell::Text("Anna Lind".into()));
        assert_eq!(
            at(&own, "kontakt_epost"),
            Cell::Text("anna.lind@vaxjo.example".into())
        );
        assert_eq!(at(&own, "utkast"), Cell::Empty);
        // Another municipality's unit: never a contact, even if one is passed.
        let theirs = row(&m, &m.units[1], Some(&contact), &sectors);
        assert_eq!(at(&theirs, "kontaktperson"), Cell::Empty);
        assert_eq!(at(&theirs, "kontakt_epost"), Cell::Empty);
        assert_eq!(
            at(&theirs, "kalla"),
            Cell::Text("Partnerländer; Ett projekt: partnerländer".into())
        );
        assert_eq!(at(&theirs, "utkast"), Cell::Text("ja".into()));
        assert_eq!(at(&theirs, "kommun"), Cell::Text("Kommun 1081".into()));
    }
}
