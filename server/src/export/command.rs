//! `nulage export`: the same files as the download links, for scheduled exports.

use super::{write_csv, xlsx, Format, Request, TableKind};
use app::db::Db;
use std::path::{Path, PathBuf};

/// Writes the export; returns what was written, for standard error, or None
/// when the file went to standard output.
pub async fn run(
    db: &Db,
    round_id: &str,
    table: Option<&str>,
    format: &str,
    drafts: bool,
    out: Option<&Path>,
) -> Result<Option<String>, String> {
    let round_id = round_id.trim();
    let round = if uuid::Uuid::parse_str(round_id).is_ok() {
        db.round(round_id).await.map_err(|e| e.to_string())?
    } else {
        None
    };
    let round = round.ok_or_else(|| {
        format!("kartläggningen \"{round_id}\" finns inte (id:t står i adressen /omgangar/ID)")
    })?;
    let request = Request {
        municipality_ids: round.municipality_ids.clone(),
        round,
        include_drafts: drafts,
    };
    let tables = TableKind::ALL
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ");
    let to_stdout = out.is_some_and(|p| p.as_os_str() == "-");
    let target = |name: String| -> PathBuf {
        match out {
            Some(p) if p.is_dir() => p.join(name),
            Some(p) => p.to_path_buf(),
            None => PathBuf::from(name),
        }
    };
    if format.trim() == "xlsx" {
        let mut file = xlsx::workbook(db, &request).await?;
        if to_stdout {
            std::io::copy(&mut file, &mut std::io::stdout()).map_err(|e| e.to_string())?;
            return Ok(None);
        }
        let path = target(request.file_name("nulagesanalys", "xlsx"));
        let mut dest = std::fs::File::create(&path)
            .map_err(|e| format!("kan inte skriva {}: {e}", path.display()))?;
        let bytes = std::io::copy(&mut file, &mut dest).map_err(|e| e.to_string())?;
        return Ok(Some(format!("Skrev {} ({bytes} byte).", path.display())));
    }
    let format = Format::parse(format)
        .ok_or_else(|| format!("okänt format \"{format}\": välj excel, rfc4180 eller xlsx"))?;
    let kind = match table {
        Some(key) => TableKind::parse(key.trim())
            .ok_or_else(|| format!("okänd tabell \"{key}\": välj en av {tables}"))?,
        None => {
            return Err(format!(
                "ange --table, en av {tables} (eller --format xlsx för alla)"
            ))
        }
    };
    if to_stdout {
        let mut stdout = std::io::stdout();
        write_csv(db, &request, kind, format, &mut stdout).await?;
        return Ok(None);
    }
    let path = target(request.file_name(kind.key(), "csv"));
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .map_err(|e| format!("kan inte skriva {}: {e}", path.display()))?,
    );
    let bytes = write_csv(db, &request, kind, format, &mut file).await?;
    Ok(Some(format!("Skrev {} ({bytes} byte).", path.display())))
}
