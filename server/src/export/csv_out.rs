//! CSV as Swedish Excel opens it (UTF-8 with BOM, `;`, decimal comma, CRLF)
//! or as RFC 4180 describes it (`,`, decimal point, no BOM), written with the
//! `csv` crate.

use super::{Cell, RowOut};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// "Excel (svensk)": what a Swedish Excel opens correctly on a double click.
    ExcelSv,
    /// "CSV (RFC 4180)": for other programs.
    Rfc4180,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim() {
            "" | "excel" => Some(Format::ExcelSv),
            "rfc4180" | "csv" => Some(Format::Rfc4180),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Format::ExcelSv => "excel",
            Format::Rfc4180 => "rfc4180",
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            Format::ExcelSv => b';',
            Format::Rfc4180 => b',',
        }
    }
}

/// The characters that make Excel (and other spreadsheets) read a cell as a
/// formula or a command.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell that a spreadsheet will never run: text starting with a
/// formula character gets a leading apostrophe, which Excel shows as text.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A number as the format writes it: at most three decimals, no trailing
/// zeros, a decimal comma for Swedish Excel.
pub fn number(value: f64, format: Format) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Whole numbers (counts, scales) are most of them: no rounding needed.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return (value as i64).to_string();
    }
    let mut text = format!("{:.3}", value);
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if text == "-0" {
        text = "0".into();
    }
    match format {
        Format::ExcelSv => text.replace('.', ","),
        Format::Rfc4180 => text,
    }
}

/// A `Write` whose bytes can be taken out while the CSV writer keeps writing
/// (the writer only reaches it when its own buffer is full, or on a flush).
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Shared {
    fn lock(&self) -> std::io::Result<std::sync::MutexGuard<'_, Vec<u8>>> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("export buffer poisoned"))
    }
}

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.lock()?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Turns rows into CSV bytes, chunk by chunk. Cells are written straight
/// into the CSV writer's buffer: no string per cell, no vector per row.
pub struct Encoder {
    format: Format,
    writer: csv::Writer<Shared>,
    buffer: Shared,
    /// Room for a number while it is written.
    scratch: String,
    /// The first error of the row being written.
    failed: Option<std::io::Error>,
}

impl Encoder {
    pub fn new(format: Format) -> Encoder {
        let buffer = Shared::default();
        if format == Format::ExcelSv {
            // The byte order mark tells Excel the file is UTF-8.
            let _ = buffer.clone().write_all("\u{feff}".as_bytes());
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(format.delimiter())
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(false)
            .from_writer(buffer.clone());
        Encoder {
            format,
            writer,
            buffer,
            scratch: String::new(),
            failed: None,
        }
    }

    pub fn header(&mut self, columns: &[String]) -> std::io::Result<()> {
        for column in columns {
            self.writer.write_field(neutralise(column).as_bytes())?;
        }
        self.end_record()
    }

    pub fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        for cell in cells {
            match cell {
                Cell::Text(t) => self.text(t),
                Cell::Int(i) => self.int(*i),
                Cell::Number(n) => self.number(*n),
                Cell::Empty => self.empty(),
            }
        }
        self.end_record()
    }

    fn field(&mut self, bytes: &[u8]) {
        // Writing to memory cannot fail; a failure is kept for end_record.
        if let Err(e) = self.writer.write_field(bytes) {
            self.failed.get_or_insert(e.into());
        }
    }

    /// Ends the row written with the `RowOut` calls.
    pub fn end_record(&mut self) -> std::io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(std::io::Error::other)
    }

    /// How many encoded bytes wait to be taken (the CSV writer may hold a
    /// few kilobytes more until it flushes).
    pub fn pending(&self) -> usize {
        self.buffer.lock().map(|b| b.len()).unwrap_or(0)
    }

    /// Takes the bytes encoded so far; with `flush`, also those the CSV
    /// writer still holds.
    pub fn take(&mut self, flush: bool) -> std::io::Result<Vec<u8>> {
        if flush {
            self.writer.flush()?;
        }
        Ok(std::mem::take(&mut *self.buffer.lock()?))
    }
}

impl RowOut for Encoder {
    fn text(&mut self, text: &str) {
        match neutralise(text) {
            std::borrow::Cow::Borrowed(t) => self.field(t.as_bytes()),
            std::borrow::Cow::Owned(t) => self.field(t.as_bytes()),
        }
    }

    fn int(&mut self, value: i64) {
        self.scratch.clear();
        let _ = write!(self.scratch, "{value}");
        if let Err(e) = self.writer.write_field(self.scratch.as_bytes()) {
            self.failed.get_or_insert(e.into());
        }
    }

    fn number(&mut self, value: f64) {
        let text = number(value, self.format);
        self.field(text.as_bytes());
    }

    fn empty(&mut self) {
        self.field(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(format: Format, rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut e = Encoder::new(format);
        e.header(&["a".into(), "b".into(), "c".into()]).unwrap();
        for r in rows {
            e.row(r).unwrap();
        }
        e.take(true).unwrap()
    }

    #[test]
    fn excel_swedish_has_bom_semicolons_decimal_comma_and_crlf() {
        let bytes = encode(
            Format::ExcelSv,
            &[vec![
                Cell::Text("Växjö".into()),
                Cell::Number(42.857),
                Cell::Int(3),
            ]],
        );
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "a;b;c\r\nVäxjö;42,857;3\r\n");
    }

    #[test]
    fn rfc4180_has_commas_points_and_no_bom() {
        let bytes = encode(
            Format::Rfc4180,
            &[vec![
                Cell::Text("Ja, gärna".into()),
                Cell::Number(0.5),
                Cell::Empty,
            ]],
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b,c\r\n\"Ja, gärna\",0.5,\r\n"
        );
    }

    #[test]
    fn quotes_separators_and_line_breaks_are_quoted() {
        let bytes = encode(
            Format::ExcelSv,
            &[vec![
                Cell::Text("Hon sa \"hej\"".into()),
                Cell::Text("a;b".into()),
                Cell::Text("rad ett\nrad två".into()),
            ]],
        );
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "a;b;c\r\n\"Hon sa \"\"hej\"\"\";\"a;b\";\"rad ett\nrad två\"\r\n"
        );
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for text in ["=1+1", "+46 70", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
        assert_eq!(neutralise("Sverige"), "Sverige");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(number(-2.0, Format::ExcelSv), "-2");
        assert_eq!(number(-0.0001, Format::Rfc4180), "0");
        assert_eq!(number(1.5, Format::ExcelSv), "1,5");
        assert_eq!(number(2.0 / 3.0, Format::Rfc4180), "0.667");
        assert_eq!(number(f64::NAN, Format::Rfc4180), "");
    }

    #[test]
    fn chunks_can_be_taken_while_writing() {
        let mut e = Encoder::new(Format::Rfc4180);
        e.header(&["x".into()]).unwrap();
        let mut all = e.take(true).unwrap();
        for i in 0..1000 {
            e.row(&[Cell::Int(i)]).unwrap();
            if e.pending() > 100 {
                all.extend(e.take(false).unwrap());
            }
        }
        all.extend(e.take(true).unwrap());
        let text = String::from_utf8(all).unwrap();
        assert_eq!(text.lines().count(), 1001);
        assert!(text.ends_with("999\r\n"));
    }
}
