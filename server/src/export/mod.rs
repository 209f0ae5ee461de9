//! Exports for council meetings: CSV that Swedish Excel opens right, CSV by
//! RFC 4180, and XLSX with one sheet per table. Rows are produced one at a
//! time into a bounded channel and encoded as they come, so memory stays flat
//! whatever the size of the round. Columns: docs/EXPORT.md.

pub mod command;
pub mod csv_out;
pub mod partners;
pub mod projects;
pub mod responses;
mod routes;
pub mod tables;
pub mod xlsx;

pub use csv_out::Format;
pub use routes::router;

use app::db::rounds::RoundRow;
use app::db::Db;
use app::questionnaire::model::Questionnaire;
use futures::StreamExt;
use tokio::sync::mpsc;

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Number(f64),
    Empty,
}

/// The tables a round can be exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Responses,
    ResponsesLong,
    Participation,
    Distributions,
    Gaps,
    Themes,
    Projects,
    Trend,
}

impl TableKind {
    pub const ALL: [TableKind; 8] = [
        TableKind::Responses,
        TableKind::ResponsesLong,
        TableKind::Participation,
        TableKind::Distributions,
        TableKind::Gaps,
        TableKind::Themes,
        TableKind::Projects,
        TableKind::Trend,
    ];

    /// Stable key, used in file names, addresses and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Responses => "svar",
            TableKind::ResponsesLong => "svar-lang",
            TableKind::Participation => "deltagande",
            TableKind::Distributions => "fordelning",
            TableKind::Gaps => "glapp",
            TableKind::Themes => "teman",
            TableKind::Projects => "projekt",
            TableKind::Trend => "utveckling",
        }
    }

    pub fn parse(key: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The sheet's name in the XLSX workbook (at most 31 characters).
    pub fn sheet(self) -> &'static str {
        match self {
            TableKind::Responses => "Svar",
            TableKind::ResponsesLong => "Svar (en rad per svar)",
            TableKind::Participation => "Deltagande",
            TableKind::Distributions => "Fördelning",
            TableKind::Gaps => "Glapp",
            TableKind::Themes => "Kommuner och teman",
            TableKind::Projects => "Projekt",
            TableKind::Trend => "Utveckling över tid",
        }
    }
}

/// What to export: a round, the municipalities the asker may see, drafts or not.
#[derive(Clone, Debug)]
pub struct Request {
    pub round: RoundRow,
    pub municipality_ids: Vec<String>,
    pub include_drafts: bool,
}

impl Request {
    fn questionnaire(&self) -> Questionnaire {
        serde_json::from_str(&self.round.definition).unwrap_or_default()
    }

    /// `svar-kartlaggning-2027-2026-11-23.csv`: the table, the round, the date.
    pub fn file_name(&self, stem: &str, extension: &str) -> String {
        let slug = slug(&self.round.name);
        let date = app::time::format_date_stockholm(app::db::now());
        format!("{stem}-{slug}-{date}.{extension}")
    }
}

/// A round name as a file name part: "Kartläggning 2027 (Växjö)" →
/// "kartlaggning-2027-vaxjo"; ASCII only, so every system keeps it intact.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "kartlaggning".to_string()
    } else {
        out
    }
}

/// Where the cells of one row are written: a `Vec<Cell>` (for the XLSX
/// workbook and tests), or the CSV encoder directly, which then needs no
/// string per cell.
pub trait RowOut {
    fn text(&mut self, text: &str);
    fn int(&mut self, value: i64);
    fn number(&mut self, value: f64);
    fn empty(&mut self);
}

impl RowOut for Vec<Cell> {
    fn text(&mut self, text: &str) {
        self.push(Cell::Text(text.to_string()));
    }
    fn int(&mut self, value: i64) {
        self.push(Cell::Int(value));
    }
    fn number(&mut self, value: f64) {
        self.push(Cell::Number(value));
    }
    fn empty(&mut self) {
        self.push(Cell::Empty);
    }
}

/// A row on its way to the encoder; an error ends the file.
pub type Item = Result<Vec<Cell>, String>;

fn header(columns: Vec<String>) -> Vec<Cell> {
    columns.into_iter().map(Cell::Text).collect()
}

/// Where produced rows go.
pub enum Sink {
    /// To a receiver that writes them itself (the XLSX workbook).
    Rows(mpsc::Sender<Item>),
    /// Encoded as CSV right here; only finished chunks travel on. Handing
    /// every row to another task made large exports wait on thread switches
    /// rather than work.
    Csv {
        encoder: Box<csv_out::Encoder>,
        tx: mpsc::Sender<Chunk>,
        header_done: bool,
    },
}

/// Encoded CSV bytes on their way to the client.
pub type Chunk = Result<axum::body::Bytes, std::io::Error>;

impl Sink {
    /// Passes a row on (the first is the header); false when the receiver is
    /// gone (the download was cancelled) or the row cannot be encoded.
    async fn send(&mut self, cells: Vec<Cell>) -> bool {
        if let Sink::Csv {
            encoder,
            header_done,
            ..
        } = self
        {
            if !*header_done {
                *header_done = true;
                let names: Vec<String> = cells
                    .into_iter()
                    .map(|c| match c {
                        Cell::Text(t) => t,
                        _ => String::new(),
                    })
                    .collect();
                let written = encoder.header(&names);
                return self.after_csv_row(written).await;
            }
        }
        self.send_with(|out| {
            for cell in &cells {
                match cell {
                    Cell::Text(t) => out.text(t),
                    Cell::Int(i) => out.int(*i),
                    Cell::Number(n) => out.number(*n),
                    Cell::Empty => out.empty(),
                }
            }
        })
        .await
    }

    /// Passes on a row that `fill` writes cell by cell (not the header).
    async fn send_with(&mut self, fill: impl FnOnce(&mut dyn RowOut)) -> bool {
        match self {
            Sink::Rows(tx) => {
                let mut cells = Vec::new();
                fill(&mut cells);
                tx.send(Ok(cells)).await.is_ok()
            }
            Sink::Csv { encoder, .. } => {
                fill(encoder.as_mut());
                let written = encoder.end_record();
                self.after_csv_row(written).await
            }
        }
    }

    /// Reports an encoding error, or sends a chunk when one is full.
    async fn after_csv_row(&mut self, written: std::io::Result<()>) -> bool {
        let Sink::Csv { encoder, tx, .. } = self else {
            return true;
        };
        if let Err(e) = written {
            let _ = tx.send(Err(e)).await;
            return false;
        }
        if encoder.pending() < CHUNK_BYTES {
            return true;
        }
        match encoder.take(false) {
            Ok(bytes) => tx.send(Ok(bytes.into())).await.is_ok(),
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                false
            }
        }
    }

    async fn fail(&mut self, message: String) {
        match self {
            Sink::Rows(tx) => {
                let _ = tx.send(Err(message)).await;
            }
            Sink::Csv { tx, .. } => {
                let _ = tx.send(Err(std::io::Error::other(message))).await;
            }
        }
    }

    /// Sends what is left of the encoded CSV.
    async fn finish(&mut self) {
        if let Sink::Csv { encoder, tx, .. } = self {
            let last = encoder.take(true).map(axum::body::Bytes::from);
            let _ = tx.send(last).await;
        }
    }
}

/// Sends the table's header and then its rows. Returns early when the
/// receiver is gone (the download was cancelled).
pub async fn produce(db: &Db, request: &Request, kind: TableKind, mut sink: Sink) {
    let result = match kind {
        TableKind::Responses | TableKind::ResponsesLong => {
            produce_responses(db, request, kind == TableKind::ResponsesLong, &mut sink).await
        }
        TableKind::Projects => produce_projects(db, request, &mut sink).await,
        _ => produce_table(db, request, kind, &mut sink).await,
    };
    match result {
        Ok(()) => sink.finish().await,
        Err(error) => {
            tracing::error!(%error, table = kind.key(), "export failed");
            sink.fail(format!("exporten avbröts: {error}")).await;
        }
    }
}

async fn produce_responses(
    db: &Db,
    request: &Request,
    long: bool,
    sink: &mut Sink,
) -> Result<(), app::db::DbError> {
    let q = request.questionnaire();
    let columns = responses::wide_columns(&q);
    let head = if long {
        responses::LONG_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect()
    } else {
        responses::wide_header(&columns)
    };
    if !sink.send(header(head)).await {
        return Ok(());
    }
    let mut batches = db.export_rows(
        &request.round.id,
        &request.municipality_ids,
        request.include_drafts,
    );
    while let Some(batch) = batches.next().await {
        for row in batch? {
            let prepared = responses::prepare(&row, request.include_drafts);
            if !long {
                let fill = |out: &mut dyn RowOut| {
                    responses::write_wide_row(&columns, &row, &prepared, out)
                };
                if !sink.send_with(fill).await {
                    return Ok(());
                }
                continue;
            }
            for cells in responses::long_rows(&q, &row, &prepared) {
                if !sink.send(cells).await {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// The project register, one municipality at a time: its units' answers
/// are read, their projects merged by name, and written.
async fn produce_projects(
    db: &Db,
    request: &Request,
    sink: &mut Sink,
) -> Result<(), app::db::DbError> {
    let q = request.questionnaire();
    let labels = app::analysis::projects::Labels::of(&q);
    if !sink.send(header(projects::columns())).await {
        return Ok(());
    }
    let mut batches = db.export_rows(
        &request.round.id,
        &request.municipality_ids,
        request.include_drafts,
    );
    while let Some(batch) = batches.next().await {
        let batch = batch?;
        let mut found = projects::of_batch(&batch, request.include_drafts, &labels);
        // Projects reported between rounds, in the newest round's register.
        if let Some(first) = batch
            .first()
            .filter(|_| app::analysis::projects::has_register(&q))
        {
            let reported = app::project_reports::api::register_reports(
                db,
                &request.round.id,
                &first.municipality_id,
            )
            .await?;
            app::project_reports::api::add_to_register(
                &mut found,
                &first.municipality_code,
                &first.municipality_name,
                &reported,
                &labels,
            );
        }
        for project in found {
            if !sink.send(projects::row(&project, &labels)).await {
                return Ok(());
            }
        }
    }
    Ok(())
}

async fn produce_table(
    db: &Db,
    request: &Request,
    kind: TableKind,
    sink: &mut Sink,
) -> Result<(), app::db::DbError> {
    // Only the trend needs every earlier round of each municipality.
    let (round, ids, drafts) = (
        &request.round,
        &request.municipality_ids,
        request.include_drafts,
    );
    let baseline = if kind == TableKind::Trend {
        app::analysis::load::baseline_with_trend(db, round, ids, drafts).await?
    } else {
        app::analysis::load::baseline(db, round, ids, drafts).await?
    };
    let table = match kind {
        TableKind::Trend => tables::trend(&baseline),
        TableKind::Participation => tables::participation(&baseline),
        TableKind::Distributions => tables::distributions(&baseline),
        TableKind::Gaps => tables::gaps(&baseline),
        _ => tables::themes(&baseline),
    };
    if !sink.send(header(table.columns)).await {
        return Ok(());
    }
    for row in table.rows {
        if !sink.send(row).await {
            break;
        }
    }
    Ok(())
}

/// Rows in flight between the database and the XLSX writer.
const CHANNEL_ROWS: usize = 256;
/// Encoded bytes sent to the client at a time.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks in flight: the memory of a download stays under a megabyte.
const CHANNEL_CHUNKS: usize = 8;

/// The CSV of a table as a stream of byte chunks.
pub fn csv_stream(
    db: Db,
    request: Request,
    kind: TableKind,
    format: Format,
) -> impl futures::Stream<Item = Chunk> + Send {
    let (tx, rx) = mpsc::channel::<Chunk>(CHANNEL_CHUNKS);
    let sink = Sink::Csv {
        encoder: Box::new(csv_out::Encoder::new(format)),
        tx,
        header_done: false,
    };
    tokio::spawn(async move { produce(&db, &request, kind, sink).await });
    // Fused: a body may be polled again after its end (the compression
    // layer's encoder does), which an unfold stream does not allow.
    futures::StreamExt::fuse(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }))
}

/// Writes one table as CSV to `out` (the command line's export).
pub async fn write_csv(
    db: &Db,
    request: &Request,
    kind: TableKind,
    format: Format,
    out: &mut (dyn std::io::Write + Send),
) -> Result<u64, String> {
    let mut stream = Box::pin(csv_stream(db.clone(), request.clone(), kind, format));
    let mut written = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        out.write_all(&chunk).map_err(|e| e.to_string())?;
        written += chunk.len() as u64;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(slug("Kartläggning 2027 (Växjö)"), "kartlaggning-2027-vaxjo");
        assert_eq!(slug("  ÅÄÖ!! "), "aao");
        assert_eq!(slug("???"), "kartlaggning");
        assert!(slug(&"lång ".repeat(40)).len() <= 60);
    }

    #[test]
    fn the_pages_offer_exactly_the_tables_there_are() {
        let mut offered: Vec<&str> = app::exports::export_tables()
            .iter()
            .map(|t| t.key)
            .collect();
        let mut tables: Vec<&str> = TableKind::ALL.iter().map(|k| k.key()).collect();
        offered.sort();
        tables.sort();
        assert_eq!(offered, tables);
        for kind in TableKind::ALL {
            assert_eq!(TableKind::parse(kind.key()), Some(kind));
            assert!(kind.sheet().chars().count() <= 31);
        }
    }
}
