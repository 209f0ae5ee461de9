//! The XLSX workbook: every table on its own sheet, the header row frozen,
//! numbers as numbers. Sheets are written in constant-memory mode (rows go to
//! a temporary file as they come), and the workbook is saved to a temporary
//! file that is streamed to the client.

use super::{produce, tables, Cell, Item, Request, Sink, TableKind};
use app::db::Db;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::Seek;
use tokio::sync::mpsc;

/// The most rows an XLSX sheet holds.
const MAX_ROWS: u32 = 1_048_576;

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Text(t) if row == 0 => {
                sheet.write_string_with_format(row, col, t, &formats.header)?;
            }
            // A text that looks like a formula is marked as text, so Excel
            // keeps it as text even when someone edits the cell.
            Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                sheet.write_string_with_format(row, col, t, &formats.quoted)?;
            }
            Cell::Text(t) => {
                sheet.write_string(row, col, t)?;
            }
            Cell::Int(i) => {
                sheet.write_number(row, col, *i as f64)?;
            }
            Cell::Number(n) if n.is_finite() => {
                sheet.write_number(row, col, *n)?;
            }
            Cell::Number(_) | Cell::Empty => {}
        }
    }
    Ok(())
}

struct Formats {
    header: Format,
    quoted: Format,
}

fn new_sheet<'a>(
    workbook: &'a mut Workbook,
    name: &str,
    columns: usize,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(name)?;
    sheet.set_freeze_panes(1, 0)?;
    for col in 0..columns.min(16_384) {
        sheet.set_column_width(col as u16, if col < 2 { 14 } else { 18 })?;
    }
    Ok(sheet)
}

fn fail(error: impl std::fmt::Display) -> String {
    format!("arbetsboken kunde inte skapas: {error}")
}

/// Builds the workbook and returns it as an open temporary file, at its start.
pub async fn workbook(db: &Db, request: &Request) -> Result<std::fs::File, String> {
    let baseline = app::analysis::load::baseline(
        db,
        &request.round,
        &request.municipality_ids,
        request.include_drafts,
    )
    .await
    .map_err(fail)?;
    let summary_tables = vec![
        (TableKind::Participation, tables::participation(&baseline)),
        (TableKind::Gaps, tables::gaps(&baseline)),
        (TableKind::Themes, tables::themes(&baseline)),
        (TableKind::Distributions, tables::distributions(&baseline)),
    ];
    drop(baseline);
    // The raw responses stream from the database while the sheets are written.
    let mut streams = Vec::new();
    for kind in [
        TableKind::Projects,
        TableKind::Responses,
        TableKind::ResponsesLong,
    ] {
        let (tx, rx) = mpsc::channel::<Item>(super::CHANNEL_ROWS);
        let (db, request) = (db.clone(), request.clone());
        tokio::spawn(async move { produce(&db, &request, kind, Sink::Rows(tx)).await });
        streams.push((kind, rx));
    }
    tokio::task::spawn_blocking(move || -> Result<std::fs::File, String> {
        let mut workbook = Workbook::new();
        let formats = Formats {
            header: Format::new().set_bold(),
            quoted: Format::new().set_quote_prefix(),
        };
        for (kind, table) in summary_tables {
            let sheet = new_sheet(&mut workbook, kind.sheet(), table.columns.len()).map_err(fail)?;
            let head: Vec<Cell> = table.columns.into_iter().map(Cell::Text).collect();
            write_row(sheet, 0, &head, &formats).map_err(fail)?;
            for (i, row) in table.rows.iter().enumerate() {
                write_row(sheet, i as u32 + 1, row, &formats).map_err(fail)?;
            }
        }
        for (kind, mut rx) in streams {
            let Some(first) = rx.blocking_recv() else {
                continue;
            };
            let first = first?;
            let sheet = new_sheet(&mut workbook, kind.sheet(), first.len()).map_err(fail)?;
            write_row(sheet, 0, &first, &formats).map_err(fail)?;
            let mut row = 1u32;
            while let Some(item) = rx.blocking_recv() {
                let cells = item?;
                if row >= MAX_ROWS {
                    return Err(format!(
                        "bladet {} får inte plats i Excel (över {MAX_ROWS} rader); hämta det som CSV i stället",
                        kind.sheet()
                    ));
                }
                write_row(sheet, row, &cells, &formats).map_err(fail)?;
                row += 1;
            }
        }
        let mut file = tempfile::tempfile().map_err(fail)?;
        workbook.save_to_writer(&mut file).map_err(fail)?;
        file.rewind().map_err(fail)?;
        Ok(file)
    })
    .await
    .map_err(fail)?
}

/// A workbook of one sheet named `name` with these rows under the header
/// `columns` (the partner search), as an open temporary file at its start.
pub async fn single_sheet(
    name: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
) -> Result<std::fs::File, String> {
    tokio::task::spawn_blocking(move || -> Result<std::fs::File, String> {
        if rows.len() >= MAX_ROWS as usize {
            return Err(format!(
                "bladet {name} får inte plats i Excel (över {MAX_ROWS} rader); hämta det som CSV i stället"
            ));
        }
        let mut workbook = Workbook::new();
        let formats = Formats {
            header: Format::new().set_bold(),
            quoted: Format::new().set_quote_prefix(),
        };
        let sheet = new_sheet(&mut workbook, name, columns.len()).map_err(fail)?;
        let head: Vec<Cell> = columns.into_iter().map(Cell::Text).collect();
        write_row(sheet, 0, &head, &formats).map_err(fail)?;
        for (i, row) in rows.iter().enumerate() {
            write_row(sheet, i as u32 + 1, row, &formats).map_err(fail)?;
        }
        let mut file = tempfile::tempfile().map_err(fail)?;
        workbook.save_to_writer(&mut file).map_err(fail)?;
        file.rewind().map_err(fail)?;
        Ok(file)
    })
    .await
    .map_err(fail)?
}
