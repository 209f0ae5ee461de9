//! Registry import from a spreadsheet saved as CSV: decoding, parsing, and the
//! plan of what an import would create, update and leave alone.
//!
//! Pure code: the caller supplies the file and what the registry holds now.

#[cfg(feature = "ssr")]
use super::official::official_municipality;
use super::official::OfficialMunicipality;
#[cfg(feature = "ssr")]
use crate::auth::parse_email;
use crate::vocabulary::UnitKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
#[cfg(feature = "ssr")]
use std::collections::HashMap;

/// The columns, in the order of the template.
pub const COLUMNS: [&str; 9] = [
    "kommunkod",
    "kommun",
    "enhet",
    "typ",
    "verksamhetsområde",
    "kontaktperson",
    "e-post",
    "roll",
    "internationell",
];

/// Whether a contact is the unit's international contact person: the
/// `internationell` cell (ja/nej, as people write it), or — when the file has
/// no such column or the cell is empty — the role saying so
/// ("internationell kontaktperson"). Err for a cell that is neither.
pub fn international_mark(cell: &str, role: &str) -> Result<bool, String> {
    match normalise(cell).as_str() {
        "ja" | "j" | "x" | "1" | "yes" | "y" | "sant" | "true" => Ok(true),
        "nej" | "n" | "0" | "no" | "falskt" | "false" => Ok(false),
        "" => {
            let role = normalise(role);
            Ok(role.contains("internationell kontaktperson")
                || role.contains("internationella kontaktperson")
                || role.contains("kontaktperson för internationella frågor"))
        }
        other => Err(format!(
            "\"{}\" i kolumnen internationell: skriv ja eller nej (eller lämna tomt).",
            crate::text::one_line(other)
        )),
    }
}

/// One problem with the file, where it is and what to do, in Swedish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// Line in the file (1 = the header); 0 for the file as a whole.
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// Most rows a file may have (not counting the header and empty lines).
/// Larger files are refused at the first row past this, before the rest is read.
pub const MAX_ROWS: usize = 20_000;
/// Why a file is refused when it has more than [`MAX_ROWS`] rows.
pub const TOO_MANY_ROWS: &str = "Filen har fler än 20 000 rader. Dela upp den i flera filer.";
/// Most problems kept of one file; the rest are only counted.
pub const MAX_PROBLEMS: usize = 1_000;

/// The problems of a file: the first [`MAX_PROBLEMS`] by line, and how many
/// more there were. A file with a problem on every one of 20 000 rows
/// costs no more to keep and show than one with a thousand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems {
    pub shown: Vec<RowProblem>,
    /// Problems found beyond the first [`MAX_PROBLEMS`].
    pub more: usize,
    /// The file has more than [`MAX_ROWS`] rows and was not read to the end.
    pub too_many_rows: bool,
}

impl Problems {
    pub fn push(&mut self, problem: RowProblem) {
        if self.shown.len() < MAX_PROBLEMS {
            self.shown.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty() && self.more == 0
    }

    /// Every problem found, kept or only counted.
    pub fn total(&self) -> usize {
        self.shown.len() + self.more
    }

    /// Adds `other`'s problems and keeps the first [`MAX_PROBLEMS`] by line.
    pub fn merge(&mut self, other: Problems) {
        self.shown.extend(other.shown);
        // Stable: problems of one line stay in the order they were found.
        self.shown.sort_by_key(|p| p.line);
        let over = self.shown.len().saturating_sub(MAX_PROBLEMS);
        self.shown.truncate(MAX_PROBLEMS);
        self.more += other.more + over;
        self.too_many_rows |= other.too_many_rows;
    }

    /// Only the refusal of a file with more than [`MAX_ROWS`] rows.
    #[cfg(feature = "ssr")]
    fn too_many_rows(line: usize) -> Problems {
        Problems {
            shown: vec![RowProblem {
                line,
                column: String::new(),
                message: TOO_MANY_ROWS.into(),
            }],
            more: 0,
            too_many_rows: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    pub name: String,
    pub email: String,
    pub role: String,
    /// The unit's international contact person.
    pub international: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub municipality: &'static OfficialMunicipality,
    pub unit: String,
    pub kind: UnitKind,
    pub sector: String,
    pub contact: Option<ContactRow>,
}

/// A sector as the registry knows it: its key, names and aliases.
pub use super::sector_names::SectorNames as SectorRef;

#[cfg(feature = "ssr")]
/// Text of a file from Excel: UTF-8 with or without BOM, otherwise Windows-1252
/// (what a Swedish Excel writes for "CSV (semikolonavgränsad)").
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

pub(crate) fn normalise(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .replace('&', "och")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(feature = "ssr")]
fn column_for(header: &str) -> Option<&'static str> {
    let h = normalise(header).replace(['_', '.'], "-");
    Some(match h.as_str() {
        "kommunkod" | "kommun-kod" | "kod" | "kommunnummer" => "kommunkod",
        "kommun" | "kommunnamn" => "kommun",
        "enhet" | "verksamhet" | "förvaltning/bolag" | "enhetsnamn" => "enhet",
        "typ" | "enhetstyp" | "typ av enhet" => "typ",
        "verksamhetsområde" | "verksamhetsomrade" | "sektor" | "område" => "verksamhetsområde",
        "kontaktperson" | "kontakt" | "namn" => "kontaktperson",
        "e-post" | "epost" | "e-postadress" | "epostadress" | "mejl" | "mail" | "email"
        | "e-mail" => "e-post",
        "roll" | "befattning" | "titel" => "roll",
        "internationell"
        | "internationell kontaktperson"
        | "internationell kontakt"
        | "int-kontakt"
        | "int kontakt" => "internationell",
        _ => return None,
    })
}

#[cfg(feature = "ssr")]
/// The sector a cell names, by the one rule of [`super::sector_names`];
/// Err with the problem, in Swedish, when it names none or several.
fn sector_for<'a>(
    text: &str,
    index: &super::sector_names::SectorIndex<'a>,
    sectors: &[SectorRef],
) -> Result<&'a SectorRef, String> {
    use super::sector_names::{ambiguity_text, sector_list_text, Match};
    let aliases = "En administratör kan lägga till fler namn (alias) för ett verksamhetsområde på sidan Verksamhetsområden.";
    match index.find(text) {
        Match::One(hit) => Ok(hit.sector),
        Match::Ambiguous(hits) => Err(ambiguity_text(text, &hits)),
        Match::Unknown if text.trim().is_empty() => Err(format!(
            "Verksamhetsområde saknas. Använd något av: {}.",
            sector_list_text(sectors)
        )),
        Match::Unknown => Err(format!(
            "Okänt verksamhetsområde \"{text}\". Använd något av: {}. {aliases}",
            sector_list_text(sectors)
        )),
    }
}

#[cfg(feature = "ssr")]
/// The cell of `column` in a record, as written; empty when the file has no such column.
fn cell<'r>(
    record: &'r csv::StringRecord,
    columns: &HashMap<&'static str, usize>,
    column: &str,
) -> &'r str {
    columns
        .get(column)
        .and_then(|&i| record.get(i))
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
/// Parses the file into rows; problems are reported (the first
/// [`MAX_PROBLEMS`], the rest counted), and rows with problems are left out.
/// A file with more than [`MAX_ROWS`] rows is refused as a whole at the first
/// row past the limit, without reading further.
pub fn parse(bytes: &[u8], sectors: &[SectorRef]) -> (Vec<ImportRow>, Problems) {
    // Excel on Windows ends lines with CRLF; one kind of line end keeps the
    // reported line numbers right.
    let text = decode(bytes).replace("\r\n", "\n").replace('\r', "\n");
    let mut problems = Problems::default();
    if text.trim().is_empty() {
        problems.push(RowProblem {
            line: 0,
            column: String::new(),
            message: "Filen är tom.".into(),
        });
        return (Vec::new(), problems);
    }
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let separator = if first_line.matches(';').count() >= first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut header_line = 0;
    for record in records.by_ref() {
        match record {
            Ok(record) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(record) => {
                header_line = record.position().map_or(1, |p| p.line() as usize);
                for (i, name) in record.iter().enumerate() {
                    match column_for(name) {
                        Some(column) if columns.contains_key(column) => problems.push(RowProblem {
                            line: header_line,
                            column: name.trim().to_string(),
                            message: format!("Kolumnen {column} finns två gånger."),
                        }),
                        Some(column) => {
                            columns.insert(column, i);
                        }
                        None if name.trim().is_empty() => {}
                        None => problems.push(RowProblem {
                            line: header_line,
                            column: name.trim().to_string(),
                            message: format!(
                                "Okänd kolumn \"{}\". Kolumnerna ska heta: {}.",
                                name.trim(),
                                COLUMNS.join(";")
                            ),
                        }),
                    }
                }
                break;
            }
            Err(error) => {
                problems.push(RowProblem {
                    line: 0,
                    column: String::new(),
                    message: format!("Filen kan inte läsas som CSV: {error}"),
                });
                return (Vec::new(), problems);
            }
        }
    }
    for required in ["kommunkod", "enhet", "typ", "verksamhetsområde"] {
        if !columns.contains_key(required) {
            problems.push(RowProblem {
                line: header_line.max(1),
                column: required.to_string(),
                message: format!("Kolumnen {required} saknas i rubrikraden."),
            });
        }
    }
    if problems
        .shown
        .iter()
        .any(|p| p.message.contains("saknas i rubrikraden"))
    {
        return (Vec::new(), problems);
    }

    let sector_index = super::sector_names::SectorIndex::new(sectors);
    let mut rows = Vec::new();
    // (kommunkod, unit) → (line, kind, sector) of its first row; (…, e-mail) → line.
    let mut units_seen: HashMap<(String, String), (usize, UnitKind, String)> = HashMap::new();
    let mut contacts_seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut read = 0usize;
    for record in records {
        let record = match record {
            Ok(r) if r.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(r) => r,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                read += 1;
                if read > MAX_ROWS {
                    return (Vec::new(), Problems::too_many_rows(line));
                }
                problems.push(RowProblem {
                    line,
                    column: String::new(),
                    message: format!("Raden kan inte läsas: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        read += 1;
        if read > MAX_ROWS {
            return (Vec::new(), Problems::too_many_rows(line));
        }
        let raw = |column: &str| cell(&record, &columns, column);
        // A cell may hold line breaks (Alt+Enter in Excel): text is made one line.
        let get = |column: &str| -> String { crate::text::one_line(raw(column)) };
        let before = problems.total();
        let mut problem = |column: &str, message: String| {
            problems.push(RowProblem {
                line,
                column: column.to_string(),
                message,
            });
        };

        // Excel drops the leading zero of codes such as 0780.
        let mut code = get("kommunkod");
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            code = format!("0{code}");
        }
        let municipality = if code.is_empty() {
            problem("kommunkod", "Kommunkod saknas.".into());
            None
        } else if !super::is_valid_municipality_code(&code) {
            problem(
                "kommunkod",
                format!(
                    "\"{code}\" är ingen kommunkod. Den ska vara fyra siffror, till exempel 0780."
                ),
            );
            None
        } else {
            let found = official_municipality(&code);
            if found.is_none() {
                problem(
                    "kommunkod",
                    format!("Kommunkoden {code} finns inte bland Sveriges kommuner."),
                );
            }
            found
        };
        let name = get("kommun");
        if let Some(m) = municipality {
            if !name.is_empty()
                && normalise(&name) != normalise(m.name)
                && normalise(&name) != normalise(&format!("{} kommun", m.name))
            {
                problem(
                    "kommun",
                    format!(
                        "Kommunen heter {} enligt kommunkod {code}, inte \"{name}\".",
                        m.name
                    ),
                );
            }
        }
        let unit = get("enhet");
        if unit.is_empty() {
            problem("enhet", "Enhetens namn saknas.".into());
        } else if unit.chars().count() > 200 {
            problem("enhet", "Enhetens namn får vara högst 200 tecken.".into());
        }
        let kind_text = get("typ");
        let kind = UnitKind::parse(&kind_text);
        if kind.is_none() {
            problem(
                "typ",
                format!("Okänd typ \"{kind_text}\". Skriv förvaltning, bolag eller annat."),
            );
        }
        let sector = match sector_for(&get("verksamhetsområde"), &sector_index, sectors) {
            Ok(sector) => Some(sector),
            Err(message) => {
                problem("verksamhetsområde", message);
                None
            }
        };
        let (contact_name, email_raw, role) = (get("kontaktperson"), raw("e-post"), get("roll"));
        let international = match international_mark(&get("internationell"), &role) {
            Ok(mark) => mark,
            Err(message) => {
                problem("internationell", message);
                false
            }
        };
        // The address as written: a line break in it is refused, not cleaned.
        let email_text = email_raw.trim();
        let contact = if contact_name.is_empty() && email_text.is_empty() && role.is_empty() {
            None
        } else if email_text.is_empty() {
            problem("e-post", "E-postadress saknas för kontaktpersonen. Lämna kontaktperson, e-post och roll tomma för en enhet utan kontakt.".into());
            None
        } else {
            match parse_email(email_raw) {
                Ok(email) => Some(ContactRow {
                    name: contact_name,
                    email,
                    role,
                    international,
                }),
                Err(message) => {
                    let shown = crate::text::one_line(email_text);
                    problem("e-post", format!("\"{shown}\": {message}"));
                    None
                }
            }
        };
        if problems.total() > before {
            continue;
        }
        let (Some(municipality), Some(kind), Some(sector)) = (municipality, kind, sector) else {
            continue;
        };
        let unit_key = (code.clone(), normalise(&unit));
        if let Some((first, first_kind, first_sector)) = units_seen.get(&unit_key) {
            if *first_kind != kind || *first_sector != sector.key {
                problems.push(RowProblem {
                    line,
                    column: "typ".into(),
                    message: format!("{unit} har en annan typ eller ett annat verksamhetsområde än på rad {first}."),
                });
                continue;
            }
        } else {
            units_seen.insert(unit_key, (line, kind, sector.key.clone()));
        }
        if let Some(contact) = &contact {
            let key = (code.clone(), normalise(&unit), contact.email.clone());
            if let Some(first) = contacts_seen.get(&key) {
                problems.push(RowProblem {
                    line,
                    column: "e-post".into(),
                    message: format!(
                        "Samma kontaktperson för samma enhet finns redan på rad {first}."
                    ),
                });
                continue;
            }
            contacts_seen.insert(key, line);
        }
        rows.push(ImportRow {
            line,
            municipality,
            unit,
            kind,
            sector: sector.key.clone(),
            contact,
        });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 0,
            column: String::new(),
            message: "Filen innehåller inga rader att läsa in.".into(),
        });
    }
    (rows, problems)
}

// --- the plan ---

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingUnit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub sector: String,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingContact {
    pub name: String,
    pub role: String,
    pub is_international: bool,
}

/// What the registry holds now, for the municipalities in a file.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    /// kommunkod → municipality id
    pub municipalities: std::collections::HashMap<String, String>,
    /// (kommunkod, normalised unit name) → unit
    pub units: std::collections::HashMap<(String, String), ExistingUnit>,
    /// (unit id, e-mail) → contact
    pub contacts: std::collections::HashMap<(String, String), ExistingContact>,
}

impl Existing {
    pub fn add_unit(&mut self, code: &str, unit: ExistingUnit) {
        self.units
            .insert((code.to_string(), normalise(&unit.name)), unit);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Create,
    Update,
    Unchanged,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedUnit {
    pub code: String,
    pub municipality: String,
    pub name: String,
    pub kind: UnitKind,
    pub sector: String,
    pub change: Change,
    /// Set when an archived unit comes back into use.
    pub restore: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedContact {
    pub code: String,
    pub unit: String,
    pub name: String,
    pub email: String,
    pub role: String,
    /// Marked as the unit's international contact person (plans stored
    /// before the column existed read as not marked).
    #[serde(default)]
    pub international: bool,
    pub change: Change,
}

/// What an import would do, and the problems that stop it. Made once when
/// the file is uploaded and kept with it (`registry_import.plan`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// (kommunkod, name, county) of municipalities that are new to the registry.
    pub new_municipalities: Vec<(String, String, String)>,
    pub units: Vec<PlannedUnit>,
    pub contacts: Vec<PlannedContact>,
    pub problems: Problems,
}

impl ImportPlan {
    pub fn count(&self, change: Change) -> (usize, usize) {
        (
            self.units.iter().filter(|u| u.change == change).count(),
            self.contacts.iter().filter(|c| c.change == change).count(),
        )
    }

    pub fn has_changes(&self) -> bool {
        !self.new_municipalities.is_empty()
            || self.units.iter().any(|u| u.change != Change::Unchanged)
            || self.contacts.iter().any(|c| c.change != Change::Unchanged)
    }
}

/// Compares the rows with the registry: units match by municipality and name
/// (case and spacing aside), contacts by unit and e-mail.
pub fn plan(rows: &[ImportRow], problems: Problems, existing: &Existing) -> ImportPlan {
    let mut out = ImportPlan {
        problems,
        ..Default::default()
    };
    let mut units: BTreeMap<(String, String), PlannedUnit> = BTreeMap::new();
    for row in rows {
        let code = row.municipality.code.to_string();
        if !existing.municipalities.contains_key(&code)
            && !out.new_municipalities.iter().any(|m| m.0 == code)
        {
            out.new_municipalities.push((
                code.clone(),
                row.municipality.name.into(),
                row.municipality.county.into(),
            ));
        }
        let key = (code.clone(), normalise(&row.unit));
        let current = existing.units.get(&key);
        units.entry(key).or_insert_with(|| {
            let (change, restore, name) = match current {
                None => (Change::Create, false, row.unit.clone()),
                Some(u) if u.kind != row.kind || u.sector != row.sector || u.archived => {
                    (Change::Update, u.archived, u.name.clone())
                }
                Some(u) => (Change::Unchanged, false, u.name.clone()),
            };
            PlannedUnit {
                code: code.clone(),
                municipality: row.municipality.name.into(),
                name,
                kind: row.kind,
                sector: row.sector.clone(),
                change,
                restore,
            }
        });
        if let Some(contact) = &row.contact {
            let unit_name = current.map_or(row.unit.clone(), |u| u.name.clone());
            let change = match current.and_then(|u| {
                existing
                    .contacts
                    .get(&(u.id.clone(), contact.email.clone()))
            }) {
                None => Change::Create,
                Some(c)
                    if c.name != contact.name
                        || c.role != contact.role
                        || c.is_international != contact.international =>
                {
                    Change::Update
                }
                Some(_) => Change::Unchanged,
            };
            out.contacts.push(PlannedContact {
                code: code.clone(),
                unit: unit_name,
                name: contact.name.clone(),
                email: contact.email.clone(),
                role: contact.role.clone(),
                international: contact.international,
                change,
            });
        }
    }
    out.units = units.into_values().collect();
    out
}

/// How many rows an applied import wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedCounts {
    pub municipalities: usize,
    pub units_created: usize,
    pub units_updated: usize,
    pub contacts_created: usize,
    pub contacts_updated: usize,
}

/// Rows of each list on one page of the preview.
pub const PAGE_ROWS: usize = 200;

/// The rows of one page of a list, where they start, and how many the list has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slice<T> {
    pub rows: Vec<T>,
    /// The index (from 0) of the first row in the whole list.
    pub from: usize,
    pub total: usize,
}

impl<T> Slice<T> {
    fn of(all: Vec<T>, page: usize) -> Slice<T> {
        let total = all.len();
        let from = (page.saturating_sub(1) * PAGE_ROWS).min(total);
        Slice {
            rows: all.into_iter().skip(from).take(PAGE_ROWS).collect(),
            from,
            total,
        }
    }

    /// "201–400 av 4 500" (the numbers only; from 1).
    pub fn range(&self) -> (usize, usize, usize) {
        (self.from + 1, self.from + self.rows.len(), self.total)
    }
}

/// One page of the preview of a staged file: the figures of the whole plan
/// and [`PAGE_ROWS`] rows of each list (problems, changed units, changed
/// contacts), so that neither the page nor what it sends to the browser
/// grows with the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewPage {
    /// From 1.
    pub page: usize,
    pub pages: usize,
    pub new_municipalities: Vec<(String, String, String)>,
    /// (units, contacts) to create, to update, and left as they are.
    pub created: (usize, usize),
    pub updated: (usize, usize),
    pub unchanged: (usize, usize),
    pub has_changes: bool,
    /// Every problem found; `problems` pages through the first [`MAX_PROBLEMS`].
    pub problem_total: usize,
    pub problems: Slice<RowProblem>,
    pub units: Slice<PlannedUnit>,
    pub contacts: Slice<PlannedContact>,
}

impl PreviewPage {
    /// Page `page` (from 1; out of range is the nearest page) of `plan`.
    pub fn of(plan: ImportPlan, page: usize) -> PreviewPage {
        let (created, updated, unchanged) = (
            plan.count(Change::Create),
            plan.count(Change::Update),
            plan.count(Change::Unchanged),
        );
        let has_changes = plan.has_changes();
        let problem_total = plan.problems.total();
        let units: Vec<PlannedUnit> = plan
            .units
            .into_iter()
            .filter(|u| u.change != Change::Unchanged)
            .collect();
        let contacts: Vec<PlannedContact> = plan
            .contacts
            .into_iter()
            .filter(|c| c.change != Change::Unchanged)
            .collect();
        let pages = [plan.problems.shown.len(), units.len(), contacts.len()]
            .iter()
            .map(|n| n.div_ceil(PAGE_ROWS))
            .max()
            .unwrap_or(0)
            .max(1);
        let page = page.clamp(1, pages);
        PreviewPage {
            page,
            pages,
            new_municipalities: plan.new_municipalities,
            created,
            updated,
            unchanged,
            has_changes,
            problem_total,
            problems: Slice::of(plan.problems.shown, page),
            units: Slice::of(units, page),
            contacts: Slice::of(contacts, page),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn sectors() -> Vec<SectorRef> {
        [
            ("kommunledning", "Kommunledning", "Municipal management", ""),
            ("utbildning", "Utbildning", "Education", ""),
            (
                "socialtjanst_omsorg",
                "Socialtjänst och omsorg",
                "Social services and care",
                "",
            ),
            ("bostader", "Bostäder", "Housing", ""),
            (
                "energi_va_avfall",
                "Energi, vatten och avfall",
                "Energy, water and waste",
                "energi/VA/avfall",
            ),
        ]
        .iter()
        .map(|(k, n, en, alias)| SectorRef {
            key: k.to_string(),
            name_sv: n.to_string(),
            name_en: en.to_string(),
            aliases: [alias]
                .iter()
                .filter(|a| !a.is_empty())
                .map(|a| a.to_string())
                .collect(),
        })
        .collect()
    }

    const GOOD: &str = "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n\
        0780;Växjö;Utbildningsförvaltningen;förvaltning;Utbildning;Anna Lind;anna.lind@vaxjo.example;EU-samordnare\n\
        0780;Växjö;Utbildningsförvaltningen;förvaltning;Utbildning;Per Holm;per.holm@vaxjo.example;Rektor\n\
        0780;Växjö;Växjöbostäder AB;bolag;Bostäder;;;\n";

    fn only_messages(problems: &Problems) -> Vec<String> {
        problems
            .shown
            .iter()
            .map(|p| format!("{}:{}:{}", p.line, p.column, p.message))
            .collect()
    }

    #[test]
    fn the_international_contact_is_marked_by_its_column_or_by_its_role() {
        assert_eq!(international_mark("ja", ""), Ok(true));
        assert_eq!(international_mark(" JA ", "Rektor"), Ok(true));
        assert_eq!(international_mark("x", ""), Ok(true));
        assert_eq!(
            international_mark("nej", "internationell kontaktperson"),
            Ok(false)
        );
        assert_eq!(
            international_mark("", "Internationell kontaktperson"),
            Ok(true)
        );
        assert_eq!(
            international_mark("", "EU-samordnare, internationell kontaktperson"),
            Ok(true)
        );
        assert_eq!(international_mark("", "Rektor"), Ok(false));
        assert!(international_mark("kanske", "")
            .unwrap_err()
            .contains("ja eller nej"));

        // In a file: the column in any order; without it, the role decides.
        let with_column = "internationell;kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n\
            ja;0780;Utbildningsförvaltningen;förvaltning;Utbildning;Anna Lind;anna@vaxjo.example;EU-samordnare\n\
            nej;0780;Utbildningsförvaltningen;förvaltning;Utbildning;Per Holm;per@vaxjo.example;internationell kontaktperson\n\
            ;0780;Utbildningsförvaltningen;förvaltning;Utbildning;Eva Ek;eva@vaxjo.example;internationell kontaktperson\n\
            kanske;0780;Utbildningsförvaltningen;förvaltning;Utbildning;Bo Berg;bo@vaxjo.example;Rektor\n";
        let (rows, problems) = parse(with_column.as_bytes(), &sectors());
        let marks: Vec<bool> = rows
            .iter()
            .map(|r| r.contact.as_ref().unwrap().international)
            .collect();
        assert_eq!(marks, [true, false, true]);
        let messages = only_messages(&problems);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("5:internationell:"), "{messages:?}");

        let (rows, problems) = parse(
            GOOD.replace("EU-samordnare", "Internationell kontaktperson")
                .as_bytes(),
            &sectors(),
        );
        assert!(problems.is_empty());
        assert!(rows[0].contact.as_ref().unwrap().international);
        assert!(!rows[1].contact.as_ref().unwrap().international);
        // The plan says which contacts will be marked, and a changed mark is a change.
        let p = plan(&rows, Problems::default(), &Existing::default());
        assert!(p.contacts[0].international && !p.contacts[1].international);
    }

    #[test]
    fn sectors_are_read_the_way_people_write_them() {
        let text = "kommunkod;enhet;typ;verksamhetsområde\n\
            0780;A;förvaltning;socialtjänst & omsorg\n\
            0780;B;bolag;energi/VA/avfall\n\
            0780;C;bolag;ENERGI, VATTEN OCH AVFALL\n\
            0780;D;annat;bostader\n\
            0780;E;annat;Housing\n\
            0780;F;annat;Energi, vatten och avlopp\n\
            0780;G;annat;\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        let keys: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.unit.as_str(), r.sector.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("A", "socialtjanst_omsorg"),
                ("B", "energi_va_avfall"),
                ("C", "energi_va_avfall"),
                ("D", "bostader"),
                ("E", "bostader"),
            ]
        );
        let got = only_messages(&problems);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("7:verksamhetsområde:Okänt verksamhetsområde \"Energi, vatten och avlopp\". Använd något av: Kommunledning; Utbildning; Socialtjänst och omsorg; Bostäder; Energi, vatten och avfall (även energi/VA/avfall).")
                && got[0].contains("lägga till fler namn (alias)")
                && got[0].contains("sidan Verksamhetsområden"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("8:verksamhetsområde:Verksamhetsområde saknas."),
            "{got:?}"
        );

        // A unit's rows with its sector written two ways are one sector.
        let text = "kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post\n\
            0780;A;förvaltning;Socialtjänst och omsorg;Kim;kim@vaxjo.example\n\
            0780;A;förvaltning;socialtjänst & omsorg;Bo;bo@vaxjo.example\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        assert!(problems.is_empty(), "{:?}", only_messages(&problems));
        assert_eq!(rows.len(), 2);

        // A name that is two sectors' is refused with both named.
        let mut two = sectors();
        two[1].aliases.push("Bostäder".into());
        let text = "kommunkod;enhet;typ;verksamhetsområde\n0780;A;annat;bostäder\n";
        let (rows, problems) = parse(text.as_bytes(), &two);
        assert!(rows.is_empty());
        let got = only_messages(&problems);
        assert!(
            got[0].contains("\"bostäder\" passar flera verksamhetsområden: Utbildning (som alias (Bostäder)) och Bostäder (som namn)"),
            "{got:?}"
        );
    }

    #[test]
    fn reads_a_semicolon_file_with_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(GOOD.as_bytes());
        let (rows, problems) = parse(&bytes, &sectors());
        assert!(problems.is_empty(), "{:?}", only_messages(&problems));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].municipality.name, "Växjö");
        assert_eq!(rows[0].kind, UnitKind::Forvaltning);
        assert_eq!(
            rows[0].contact.as_ref().unwrap().email,
            "anna.lind@vaxjo.example"
        );
        assert_eq!(rows[2].contact, None);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn line_numbers_are_right_with_windows_line_ends() {
        let text = GOOD
            .replace('\n', "\r\n")
            .replace("Växjöbostäder AB;bolag", "Växjöbostäder AB;fabrik");
        let (_, problems) = parse(text.as_bytes(), &sectors());
        assert_eq!(problems.shown.len(), 1);
        assert_eq!(problems.shown[0].line, 4);
    }

    #[test]
    fn reads_windows_1252_from_swedish_excel() {
        let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(GOOD);
        assert!(
            std::str::from_utf8(&encoded).is_err(),
            "the sample must not be valid UTF-8"
        );
        let (rows, problems) = parse(&encoded, &sectors());
        assert!(problems.is_empty(), "{:?}", only_messages(&problems));
        assert_eq!(rows[2].unit, "Växjöbostäder AB");
    }

    #[test]
    fn reads_comma_files_with_quotes_spaces_and_empty_lines() {
        let text = "Kommunkod , KOMMUN,Enhet,Typ,Verksamhetsområde,Kontaktperson,E-post,Roll\n\n\
            780, Växjö ,\"Kultur, fritid och idrott\", Förvaltning ,utbildning,\"Lind, Anna\", ANNA@VAXJO.EXAMPLE ,\"Chef \"\"international\"\"\"\n\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        assert!(problems.is_empty(), "{:?}", only_messages(&problems));
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            row.municipality.code, "0780",
            "a dropped leading zero is restored"
        );
        assert_eq!(row.unit, "Kultur, fritid och idrott");
        let contact = row.contact.as_ref().unwrap();
        assert_eq!(
            (
                contact.name.as_str(),
                contact.email.as_str(),
                contact.role.as_str()
            ),
            ("Lind, Anna", "anna@vaxjo.example", "Chef \"international\"")
        );
    }

    #[test]
    fn reports_every_problem_with_line_and_column() {
        let text = "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n\
            9999;Ingenstans;A;förvaltning;Utbildning;;;\n\
            07a0;Växjö;B;förvaltning;Utbildning;;;\n\
            0780;Malmö;C;förvaltning;Utbildning;;;\n\
            0780;Växjö;;förvaltning;Utbildning;;;\n\
            0780;Växjö;D;myndighet;Utbildning;;;\n\
            0780;Växjö;E;bolag;Rymdfart;;;\n\
            0780;Växjö;F;bolag;Bostäder;Kim;kim(at)vaxjo;VD\n\
            0780;Växjö;G;bolag;Bostäder;Kim;;VD\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        assert!(rows.is_empty());
        let got = only_messages(&problems);
        let expect = [
            ("2:kommunkod", "finns inte bland Sveriges kommuner"),
            ("3:kommunkod", "är ingen kommunkod"),
            ("4:kommun", "heter Växjö"),
            ("5:enhet", "namn saknas"),
            ("6:typ", "Okänd typ \"myndighet\""),
            (
                "7:verksamhetsområde",
                "Okänt verksamhetsområde \"Rymdfart\"",
            ),
            ("8:e-post", "rätt format"),
            ("9:e-post", "E-postadress saknas"),
        ];
        assert_eq!(got.len(), expect.len(), "{got:#?}");
        for ((place, words), line) in expect.iter().zip(&got) {
            assert!(
                line.starts_with(place) && line.contains(words),
                "{line} should be {place} … {words}"
            );
        }
    }

    #[test]
    fn duplicates_and_contradictions_are_reported() {
        let text = "kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n\
            0780;A;förvaltning;Utbildning;Kim;kim@vaxjo.example;\n\
            0780;a ;förvaltning;Utbildning;Kim;KIM@vaxjo.example;\n\
            0780;A;bolag;Utbildning;;;\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        assert_eq!(rows.len(), 1);
        let got = only_messages(&problems);
        assert!(
            got[0].starts_with("3:e-post") && got[0].contains("rad 2"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("4:typ") && got[1].contains("rad 2"),
            "{got:?}"
        );
    }

    #[test]
    fn header_problems_stop_early() {
        let (rows, problems) = parse("kommun;namn\nVäxjö;A\n".as_bytes(), &sectors());
        assert!(rows.is_empty());
        let got = only_messages(&problems);
        assert!(
            got.iter().any(|p| p.contains("kommunkod saknas")),
            "{got:?}"
        );
        let (_, problems) = parse(b"", &sectors());
        assert_eq!(problems.shown[0].message, "Filen är tom.");
        let (_, problems) = parse(
            "kommunkod;enhet;typ;verksamhetsområde\n\n".as_bytes(),
            &sectors(),
        );
        assert!(problems.shown[0].message.contains("inga rader"));
        let (_, problems) = parse(
            "kommunkod;enhet;typ;verksamhetsområde;färg\n".as_bytes(),
            &sectors(),
        );
        assert!(only_messages(&problems)
            .iter()
            .any(|p| p.contains("Okänd kolumn \"färg\"")));
    }

    #[test]
    fn plan_creates_updates_and_leaves_alone() {
        let (rows, problems) = parse(GOOD.as_bytes(), &sectors());
        let empty = plan(&rows, problems.clone(), &Existing::default());
        assert_eq!(
            empty.new_municipalities,
            vec![("0780".into(), "Växjö".into(), "Kronobergs län".into())]
        );
        assert_eq!(empty.count(Change::Create), (2, 2));

        let mut existing = Existing::default();
        existing.municipalities.insert("0780".into(), "m1".into());
        existing.add_unit(
            "0780",
            ExistingUnit {
                id: "u1".into(),
                name: "utbildningsförvaltningen".into(),
                kind: UnitKind::Forvaltning,
                sector: "utbildning".into(),
                archived: false,
            },
        );
        existing.add_unit(
            "0780",
            ExistingUnit {
                id: "u2".into(),
                name: "Växjöbostäder AB".into(),
                kind: UnitKind::Forvaltning,
                sector: "bostader".into(),
                archived: true,
            },
        );
        existing.contacts.insert(
            ("u1".into(), "anna.lind@vaxjo.example".into()),
            ExistingContact {
                name: "Anna Lind".into(),
                role: "EU-samordnare".into(),
                is_international: false,
            },
        );
        let p = plan(&rows, problems, &existing);
        assert!(p.new_municipalities.is_empty());
        assert_eq!(p.count(Change::Unchanged), (1, 1));
        assert_eq!(p.count(Change::Update), (1, 0));
        assert_eq!(p.count(Change::Create), (0, 1));
        let bostader = p
            .units
            .iter()
            .find(|u| u.name == "Växjöbostäder AB")
            .unwrap();
        assert!(bostader.restore && bostader.kind == UnitKind::Bolag);
        // The registry's spelling of a unit name wins over the file's.
        assert!(p
            .units
            .iter()
            .any(|u| u.name == "utbildningsförvaltningen" && u.change == Change::Unchanged));
        assert!(p.has_changes());
    }

    const HEADER: &str = "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n";

    /// A header and `n` rows of distinct, valid units.
    fn units_file(n: usize) -> String {
        let mut file = HEADER.to_string();
        for i in 0..n {
            file.push_str(&format!("0780;Växjö;Enhet {i};annat;Utbildning;;;\n"));
        }
        file
    }

    #[test]
    fn a_file_at_the_row_limit_is_read_and_one_row_more_is_refused_unread() {
        let (rows, problems) = parse(units_file(MAX_ROWS).as_bytes(), &sectors());
        assert_eq!(rows.len(), MAX_ROWS);
        assert!(problems.is_empty() && !problems.too_many_rows);

        // Empty lines do not count as rows.
        let padded = units_file(MAX_ROWS).replace('\n', "\n\n");
        let (rows, problems) = parse(padded.as_bytes(), &sectors());
        assert_eq!((rows.len(), problems.total()), (MAX_ROWS, 0));

        // One more, and the file is refused as a whole at that row.
        let (rows, problems) = parse(units_file(MAX_ROWS + 1).as_bytes(), &sectors());
        assert!(rows.is_empty());
        assert!(problems.too_many_rows);
        assert_eq!(problems.total(), 1);
        assert_eq!(problems.shown[0].line, MAX_ROWS + 2);
        assert_eq!(
            problems.shown[0].message,
            "Filen har fler än 20 000 rader. Dela upp den i flera filer."
        );
    }

    #[test]
    fn a_million_bad_rows_stop_at_the_limit_with_one_problem() {
        // The outside tester's file: a header, then a million rows of "x",
        // each of which has four problems.
        let mut file = b"kommunkod;enhet;typ;verksamhetsomr\xC3\xA5de\n".to_vec();
        file.extend(std::iter::repeat_n(*b"x\n", 1_000_000).flatten());
        let started = std::time::Instant::now();
        let (rows, problems) = parse(&file, &sectors());
        assert!(rows.is_empty());
        assert!(problems.too_many_rows);
        assert_eq!(problems.shown.len(), 1, "{:?}", problems.shown.first());
        assert_eq!(problems.more, 0);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn problems_beyond_the_first_thousand_are_only_counted() {
        let mut file = HEADER.to_string();
        for _ in 0..5_000 {
            file.push_str("0780;Växjö;;annat;Utbildning;;;\n");
        }
        let (rows, problems) = parse(file.as_bytes(), &sectors());
        assert!(rows.is_empty());
        assert_eq!(problems.shown.len(), MAX_PROBLEMS);
        assert_eq!(problems.more, 4_000);
        assert_eq!(problems.total(), 5_000);
        assert_eq!(problems.shown[0].line, 2);
        assert_eq!(problems.shown[MAX_PROBLEMS - 1].line, MAX_PROBLEMS + 1);
        assert!(!problems.too_many_rows);
        let p = plan(&rows, problems, &Existing::default());
        assert_eq!(p.problems.total(), 5_000);
    }

    #[test]
    fn merged_problems_keep_the_first_thousand_by_line() {
        let problem = |line| RowProblem {
            line,
            column: String::new(),
            message: String::new(),
        };
        let mut a = Problems::default();
        let mut b = Problems::default();
        for line in 0..1_500 {
            if line % 2 == 0 {
                a.push(problem(line));
            } else {
                b.push(problem(line));
            }
        }
        a.merge(b);
        assert_eq!(a.total(), 1_500);
        assert_eq!(a.shown.len(), MAX_PROBLEMS);
        assert!(a.shown.windows(2).all(|w| w[0].line < w[1].line));
        assert_eq!(a.shown.last().map(|p| p.line), Some(MAX_PROBLEMS - 1));
    }

    #[test]
    fn line_breaks_in_cells_are_cleaned_from_text_and_refused_in_addresses() {
        // Alt+Enter in Excel: a line break inside a quoted cell.
        let text = "kommunkod;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\n\
            0780;\"Utbildnings-\nförvaltningen\";förvaltning;Utbildning;\"Anna\r\nLind\";anna@vaxjo.example;\"EU-\tsamordnare\"\n\
            0780;B;förvaltning;Utbildning;Kim;\"kim@vaxjo.example\n\";\n";
        let (rows, problems) = parse(text.as_bytes(), &sectors());
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].unit, "Utbildnings- förvaltningen");
        let contact = rows[0].contact.as_ref().unwrap();
        assert_eq!(
            (contact.name.as_str(), contact.role.as_str()),
            ("Anna Lind", "EU- samordnare")
        );
        let got = only_messages(&problems);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("5:e-post") && got[0].contains("radbrytningar"),
            "{got:?}"
        );
    }

    #[test]
    fn the_preview_pages_through_every_list() {
        let (rows, problems) = parse(units_file(450).as_bytes(), &sectors());
        let plan = plan(&rows, problems, &Existing::default());
        let first = PreviewPage::of(plan.clone(), 1);
        assert_eq!((first.page, first.pages), (1, 3));
        assert_eq!(first.created, (450, 0));
        assert_eq!(first.units.rows.len(), PAGE_ROWS);
        assert_eq!(first.units.range(), (1, 200, 450));
        let last = PreviewPage::of(plan.clone(), 3);
        assert_eq!(last.units.range(), (401, 450, 450));
        assert_eq!(PreviewPage::of(plan.clone(), 0).page, 1);
        assert_eq!(PreviewPage::of(plan.clone(), 99).page, 3);
        // A list shorter than the others is empty on the later pages.
        assert!(last.contacts.rows.is_empty() && last.problems.rows.is_empty());
        let nothing = PreviewPage::of(ImportPlan::default(), 5);
        assert_eq!((nothing.page, nothing.pages), (1, 1));
    }
}
