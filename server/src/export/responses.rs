//! Raw responses: wide (one row per unit, one column per question or option)
//! and long (one row per answer). Column keys are stable: they are the
//! question and option keys of the questionnaire (docs/EXPORT.md).

use super::{Cell, RowOut};
use app::db::export::ExportRow;
use app::i18n::Lang;
use app::questionnaire::model::{
    other_key, Answer, Answers, Question, QuestionKind, Questionnaire, OTHER,
};
use app::questionnaire::rules::{item_field, item_label};
use app::rounds::UnitState;
use app::vocabulary::UnitKind;

/// The columns every response row starts with.
pub const UNIT_COLUMNS: [&str; 7] = [
    "kommunkod",
    "kommun",
    "enhet",
    "typ",
    "verksamhetsomrade",
    "status",
    "inskickad",
];

/// The columns of the long format.
pub const LONG_COLUMNS: [&str; 11] = [
    "kommunkod",
    "kommun",
    "enhet",
    "typ",
    "verksamhetsomrade",
    "status",
    "del",
    "fraga",
    "fragetext",
    "alternativ",
    "svar",
];

#[derive(Clone, Debug, PartialEq)]
enum Part {
    /// The answer itself (a single choice as its option's label).
    Value,
    /// 1 when the option is chosen, 0 when not (multiple choice).
    Option(String),
    /// The "Annat" text.
    OtherText,
}

/// One answer column of the wide format.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    key: String,
    question: String,
    part: Part,
    /// A single choice's option labels by key, looked up once here rather
    /// than for every unit.
    labels: Option<Vec<(String, String)>>,
}

impl Column {
    /// A single choice's label for an option key.
    fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .as_ref()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, label)| label.as_str())
    }
}

/// The answer columns of a questionnaire, in its order.
pub fn wide_columns(q: &Questionnaire) -> Vec<Column> {
    let mut columns = Vec::new();
    for (_, question) in q.questions() {
        let key = &question.key;
        let column = |part: Part, name: String| Column {
            key: name,
            question: key.clone(),
            part,
            labels: None,
        };
        match &question.kind {
            QuestionKind::MultipleChoice { options, other } => {
                for o in options {
                    columns.push(column(
                        Part::Option(o.key.clone()),
                        format!("{key}.{}", o.key),
                    ));
                }
                if *other {
                    columns.push(column(Part::OtherText, other_key(key)));
                }
            }
            QuestionKind::SingleChoice { options, other } => {
                let labels = options
                    .iter()
                    .map(|o| (o.key.clone(), o.label.sv.clone()))
                    .chain([(OTHER.to_string(), "Annat".to_string())])
                    .collect();
                columns.push(Column {
                    labels: Some(labels),
                    ..column(Part::Value, key.clone())
                });
                if *other {
                    columns.push(column(Part::OtherText, other_key(key)));
                }
            }
            // A repeating group's items are rows of a table of their own
            // (`projekt`) and of the long format, never columns here.
            QuestionKind::Group { .. } => {}
            _ => columns.push(column(Part::Value, key.clone())),
        }
    }
    columns
}

/// The header of the wide format.
pub fn wide_header(columns: &[Column]) -> Vec<String> {
    UNIT_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(columns.iter().map(|c| c.key.clone()))
        .collect()
}

/// The answers that go into an export row, and the state shown for it.
pub struct Prepared<'a> {
    pub state: UnitState,
    pub answers: Option<&'a Answers>,
}

/// Picks a row's answers: the submitted ones, or the draft when drafts are
/// asked for and nothing was submitted.
pub fn prepare(row: &ExportRow, include_drafts: bool) -> Prepared<'_> {
    let state = UnitState::of(row.first_opened_at, row.revision, row.submitted_at);
    let answers = match state {
        UnitState::Submitted => row.submitted_answers.as_ref(),
        UnitState::Draft if include_drafts => row.answers.as_ref(),
        _ => None,
    };
    Prepared { state, answers }
}

fn kind_label(row: &ExportRow) -> &str {
    UnitKind::parse(&row.kind).map_or(row.kind.as_str(), |k| k.label(Lang::Sv))
}

/// The state as the files write it: "inskickad", "utkast", …
fn state_text(state: UnitState) -> String {
    state.label(Lang::Sv).to_lowercase()
}

fn unit_cells(row: &ExportRow, state: UnitState) -> Vec<Cell> {
    let mut cells = Vec::new();
    write_unit_cells(row, state, &mut cells);
    cells
}

fn write_unit_cells(row: &ExportRow, state: UnitState, out: &mut dyn RowOut) {
    out.text(&row.municipality_code);
    out.text(&row.municipality_name);
    out.text(&row.unit_name);
    out.text(kind_label(row));
    out.text(&row.sector_name);
    out.text(&state_text(state));
}

fn option_label(question: &Question, option: &str) -> String {
    if option == OTHER {
        return "Annat".to_string();
    }
    question
        .kind
        .options()
        .iter()
        .find(|o| o.key == option)
        .map(|o| o.label.sv.clone())
        .unwrap_or_else(|| option.to_string())
}

fn value_cell(question: &Question, answer: &Answer) -> Cell {
    match (&question.kind, answer) {
        (QuestionKind::SingleChoice { .. }, Answer::Text(t)) => {
            Cell::Text(option_label(question, t))
        }
        (_, Answer::Bool(b)) => Cell::Text(if *b { "Ja" } else { "Nej" }.to_string()),
        (_, Answer::Number(n)) => Cell::Number(*n),
        (_, Answer::Text(t)) => Cell::Text(t.clone()),
        (_, Answer::List(items)) => Cell::Text(
            items
                .iter()
                .map(|k| option_label(question, k))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (_, Answer::Items(items)) => Cell::Int(items.len() as i64),
    }
}

/// One unit's row of the wide format.
pub fn wide_row(columns: &[Column], row: &ExportRow, p: &Prepared) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(UNIT_COLUMNS.len() + columns.len());
    write_wide_row(columns, row, p, &mut cells);
    cells
}

/// Writes one unit's row of the wide format, cell by cell.
pub fn write_wide_row(columns: &[Column], row: &ExportRow, p: &Prepared, out: &mut dyn RowOut) {
    write_unit_cells(row, p.state, out);
    match (p.state, row.submitted_at) {
        (UnitState::Submitted, Some(at)) => out.text(&app::time::format_stockholm(at)),
        _ => out.empty(),
    }
    let empty = Answers::new();
    let answers = p.answers.unwrap_or(&empty);
    // Columns come grouped by question: look each answer up once.
    let mut current: (Option<&str>, Option<&Answer>) = (None, None);
    for c in columns {
        let label = |key: &str| c.label(key);
        if current.0 != Some(c.question.as_str()) {
            current = (Some(c.question.as_str()), answers.get(&c.question));
        }
        match (&c.part, current.1) {
            (Part::Value, Some(Answer::Text(t))) => out.text(label(t).unwrap_or(t)),
            (Part::Value, Some(Answer::Bool(b))) => out.text(if *b { "Ja" } else { "Nej" }),
            (Part::Value, Some(Answer::Number(n))) => out.number(*n),
            (Part::Value, Some(Answer::List(items))) => {
                let labels: Vec<&str> = items.iter().map(|k| label(k).unwrap_or(k)).collect();
                out.text(&labels.join(", "))
            }
            (Part::Option(option), Some(Answer::List(items))) => {
                out.int(i64::from(items.iter().any(|i| i == option)))
            }
            (Part::OtherText, _) => match answers.get(&c.key) {
                Some(Answer::Text(t)) if !t.trim().is_empty() => out.text(t),
                _ => out.empty(),
            },
            _ => out.empty(),
        }
    }
}

/// One unit's rows of the long format: one per answer, and one per chosen
/// option of a multiple choice. A repeating group gives the rows of each
/// item's answers, with `fraga` = `projekt[2].namn` and `fragetext` =
/// "Projekt 2: …".
pub fn long_rows(q: &Questionnaire, row: &ExportRow, p: &Prepared) -> Vec<Vec<Cell>> {
    let Some(answers) = p.answers else {
        return Vec::new();
    };
    let base = unit_cells(row, p.state);
    let mut rows = Vec::new();
    for (section, question) in q.questions() {
        let Some(answer) = answers.get(&question.key) else {
            continue;
        };
        let mut push = |key: &str, text: &str, option: Cell, value: Cell| {
            let mut cells = base.clone();
            cells.extend([
                Cell::Text(section.title.sv.clone()),
                Cell::Text(key.to_string()),
                Cell::Text(text.to_string()),
                option,
                value,
            ]);
            rows.push(cells);
        };
        match (&question.kind, answer) {
            (QuestionKind::Group { questions, .. }, Answer::Items(items)) => {
                let label = item_label(question, app::i18n::Lang::Sv);
                for (i, item) in items.iter().enumerate() {
                    for sub in questions {
                        let Some(answer) = item.get(&sub.key) else {
                            continue;
                        };
                        let key = item_field(&question.key, i + 1, &sub.key);
                        let text = format!("{label} {}: {}", i + 1, sub.text.sv);
                        answer_rows(sub, answer, item, &mut |option, value| {
                            push(&key, &text, option, value)
                        });
                    }
                }
            }
            (_, answer) => answer_rows(question, answer, answers, &mut |option, value| {
                push(&question.key, &question.text.sv, option, value)
            }),
        }
    }
    rows
}

/// The long format's (alternativ, svar) pairs of one answer.
fn answer_rows(
    question: &Question,
    answer: &Answer,
    answers: &Answers,
    push: &mut dyn FnMut(Cell, Cell),
) {
    let other_text = || match answers.get(&other_key(&question.key)) {
        Some(Answer::Text(t)) => Cell::Text(t.clone()),
        _ => Cell::Text("Annat".into()),
    };
    match (&question.kind, answer) {
        (QuestionKind::MultipleChoice { .. }, Answer::List(items)) => {
            for item in items {
                let value = if item == OTHER {
                    other_text()
                } else {
                    Cell::Text(option_label(question, item))
                };
                push(Cell::Text(item.clone()), value);
            }
        }
        (QuestionKind::SingleChoice { .. }, Answer::Text(t)) => {
            let value = if t == OTHER {
                other_text()
            } else {
                Cell::Text(option_label(question, t))
            };
            push(Cell::Text(t.clone()), value);
        }
        (_, Answer::Bool(b)) => push(
            Cell::Text(if *b { "ja" } else { "nej" }.into()),
            Cell::Text(if *b { "Ja" } else { "Nej" }.into()),
        ),
        (_, a) => push(Cell::Empty, value_cell(question, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default questionnaire, with "Annat" on the activity question too.
    fn default_questionnaire() -> Questionnaire {
        let mut q = app::questionnaire::default::default_questionnaire();
        if let Some(QuestionKind::SingleChoice { other, .. }) =
            q.question_mut("aktivitetsniva").map(|q| &mut q.kind)
        {
            *other = true;
        }
        q
    }

    fn row(submitted: Option<&str>, draft: Option<&str>) -> ExportRow {
        ExportRow {
            municipality_id: "m".into(),
            municipality_code: "0780".into(),
            municipality_name: "Växjö".into(),
            unit_id: "u".into(),
            unit_name: "Miljö- och hälsoskyddsförvaltningen".into(),
            kind: "forvaltning".into(),
            sector: "miljo".into(),
            sector_name: "Miljö".into(),
            first_opened_at: Some(1),
            revision: if submitted.is_some() || draft.is_some() {
                2
            } else {
                0
            },
            answers: draft.map(|j| serde_json::from_str(j).unwrap()),
            submitted_answers: submitted.map(|j| serde_json::from_str(j).unwrap()),
            submitted_at: submitted.map(|_| 1_800_000_000),
        }
    }

    const ANSWERS: &str = r#"{"aktivitetsniva":"annat","aktivitetsniva.annat":"=HYPERLINK(x)",
        "former":["eu_projekt","annat"],"former.annat":"Vänskolor",
        "int_kontakt":true,"antal_projekt":2.5,"goda_exempel":"Rad ett\nrad två"}"#;

    #[test]
    fn wide_columns_follow_the_questionnaire() {
        let q = default_questionnaire();
        let header = wide_header(&wide_columns(&q));
        assert_eq!(&header[..7], &UNIT_COLUMNS);
        assert!(header.contains(&"aktivitetsniva".to_string()));
        let forms: Vec<&String> = header.iter().filter(|h| h.starts_with("former.")).collect();
        assert_eq!(
            forms.len(),
            9,
            "eight options and the Annat text: {forms:?}"
        );
        assert_eq!(forms.last().unwrap().as_str(), "former.annat");
        assert!(header.contains(&"agenda2030.mal_17".to_string()));
        let mut unique = header.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), header.len(), "column keys are unique");
    }

    #[test]
    fn a_submitted_row_has_labels_numbers_and_zero_one_options() {
        let q = default_questionnaire();
        let columns = wide_columns(&q);
        let header = wide_header(&columns);
        let r = row(Some(ANSWERS), None);
        let cells = wide_row(&columns, &r, &prepare(&r, false));
        let at = |key: &str| cells[header.iter().position(|h| h == key).unwrap()].clone();
        assert_eq!(at("kommunkod"), Cell::Text("0780".into()));
        assert_eq!(at("typ"), Cell::Text("förvaltning".into()));
        assert_eq!(at("status"), Cell::Text("inskickad".into()));
        assert!(matches!(at("inskickad"), Cell::Text(t) if t.starts_with("2027-01-15")));
        assert_eq!(at("aktivitetsniva"), Cell::Text("Annat".into()));
        assert_eq!(
            at("aktivitetsniva.annat"),
            Cell::Text("=HYPERLINK(x)".into())
        );
        assert_eq!(at("former.eu_projekt"), Cell::Int(1));
        assert_eq!(at("former.vanort"), Cell::Int(0));
        assert_eq!(at("former.annat"), Cell::Text("Vänskolor".into()));
        assert_eq!(at("int_kontakt"), Cell::Text("Ja".into()));
        assert_eq!(at("antal_projekt"), Cell::Number(2.5));
        assert_eq!(at("goda_exempel"), Cell::Text("Rad ett\nrad två".into()));
        assert_eq!(
            at("teman.utbildning"),
            Cell::Empty,
            "unanswered is empty, not 0"
        );
    }

    #[test]
    fn drafts_only_when_asked() {
        let q = default_questionnaire();
        let columns = wide_columns(&q);
        let r = row(None, Some(ANSWERS));
        let without = prepare(&r, false);
        assert_eq!(without.state, UnitState::Draft);
        assert!(without.answers.is_none());
        let cells = wide_row(&columns, &r, &without);
        assert!(cells[7..].iter().all(|c| *c == Cell::Empty));
        assert!(prepare(&r, true).answers.is_some());
        let silent = row(None, None);
        assert_eq!(prepare(&silent, true).state, UnitState::Opened);
    }

    #[test]
    fn long_rows_are_one_per_answer_and_option() {
        let q = default_questionnaire();
        let r = row(Some(ANSWERS), None);
        let rows = long_rows(&q, &r, &prepare(&r, false));
        let keys: Vec<(String, String)> = rows
            .iter()
            .map(|c| match (&c[7], &c[9]) {
                (Cell::Text(k), Cell::Text(o)) => (k.clone(), o.clone()),
                (Cell::Text(k), _) => (k.clone(), String::new()),
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("int_kontakt".to_string(), "ja".to_string()),
                ("aktivitetsniva".to_string(), "annat".to_string()),
                ("former".to_string(), "eu_projekt".to_string()),
                ("former".to_string(), "annat".to_string()),
                ("antal_projekt".to_string(), String::new()),
                ("goda_exempel".to_string(), String::new()),
            ]
        );
        assert_eq!(rows[3][10], Cell::Text("Vänskolor".into()));
        assert!(rows.iter().all(|r| r.len() == LONG_COLUMNS.len()));
    }
}
