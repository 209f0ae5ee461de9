//! `nulage analyse`: a round's baseline and gaps on the command line.

use app::analysis::{load, percent, Baseline};
use app::db::Db;
use app::i18n::Lang;
use std::fmt::Write;

/// The analysis of every municipality of the round, as JSON or as text.
pub async fn run(db: &Db, round_id: &str, json: bool, drafts: bool) -> Result<String, String> {
    let round_id = round_id.trim();
    let round = if uuid::Uuid::parse_str(round_id).is_ok() {
        db.round(round_id).await.map_err(|e| e.to_string())?
    } else {
        None
    };
    let round = round.ok_or_else(|| {
        format!("kartläggningen \"{round_id}\" finns inte (id:t står i adressen /omgangar/ID)")
    })?;
    let baseline = load::baseline_with_trend(db, &round, &round.municipality_ids, drafts)
        .await
        .map_err(|e| format!("kan inte läsa kartläggningen: {e}"))?;
    if json {
        let mut out = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())?;
        out.push('\n');
        Ok(out)
    } else {
        Ok(text(&baseline))
    }
}

/// A plain-text summary: participation and the flags, per municipality.
pub fn text(b: &Baseline) -> String {
    let lang = Lang::Sv;
    let mut out = String::new();
    let _ = writeln!(out, "Nulägesanalys: {}", b.round.name);
    if b.include_drafts {
        let _ = writeln!(out, "Utkast räknas med.");
    }
    let _ = writeln!(
        out,
        "Totalt: {} av {} enheter har svarat ({}).",
        b.total.answered,
        b.total.invited,
        percent(b.total.rate, lang)
    );
    for m in &b.municipalities {
        let p = &m.participation;
        let _ = writeln!(
            out,
            "\n{} ({}): {} av {} har svarat ({})",
            m.name,
            m.code,
            p.answered,
            p.invited,
            percent(p.rate, lang)
        );
        if m.flags.is_empty() {
            let _ = writeln!(out, "  Inga glapp.");
        }
        for f in &m.flags {
            let _ = writeln!(out, "  [{}] {}", f.severity.label(lang), f.title.sv);
            if !f.units.is_empty() {
                let names: Vec<&str> = f.units.iter().map(|u| u.name.as_str()).collect();
                let _ = writeln!(out, "      {}", names.join(", "));
            }
        }
    }
    out
}
