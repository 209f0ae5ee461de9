//! What the exports read: a round's target units with their answers,
//! municipality by municipality, so that an export of any size keeps memory
//! flat.

use super::{Backend, Db};
use crate::questionnaire::model::Answers;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::Deserialize;
use sqlx::Row;

/// One target unit with its registry facts and answers.
#[derive(Clone, Debug, Deserialize)]
pub struct ExportRow {
    pub municipality_id: String,
    pub municipality_code: String,
    pub municipality_name: String,
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub sector: String,
    pub sector_name: String,
    pub first_opened_at: Option<i64>,
    pub revision: i64,
    /// The working copy, only for a unit that has not submitted and only
    /// when drafts were asked for.
    #[serde(deserialize_with = "nested")]
    pub answers: Option<Answers>,
    #[serde(deserialize_with = "nested")]
    pub submitted_answers: Option<Answers>,
    pub submitted_at: Option<i64>,
}

/// Answers arrive as JSON text inside the batch's JSON.
fn nested<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Answers>, D::Error> {
    let text: Option<std::borrow::Cow<'de, str>> = Deserialize::deserialize(d)?;
    text.map(|t| serde_json::from_str(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// The fields of an [`ExportRow`], as key-value pairs of both backends' JSON
/// object functions. The answers go in as JSON text, read by `nested`.
const EXPORT_FIELDS: &str = "
    'municipality_id', u.municipality_id,
    'municipality_code', m.code,
    'municipality_name', m.name,
    'unit_id', t.unit_id,
    'unit_name', u.name,
    'kind', u.kind,
    'sector', u.sector,
    'sector_name', COALESCE(sec.name_sv, u.sector),
    'first_opened_at', t.first_opened_at,
    'revision', COALESCE(s.revision, 0),
    'answers', CASE WHEN s.submitted_at IS NULL AND $3 = 1 THEN s.answers END,
    'submitted_answers', CASE WHEN s.submitted_at IS NOT NULL THEN s.submitted_answers END,
    'submitted_at', s.submitted_at";

/// From the municipality's units to their targets in the round: CROSS JOIN
/// keeps SQLite from walking every target of the round instead.
const EXPORT_FROM: &str = "
    FROM unit u
    CROSS JOIN round_unit t
    JOIN municipality m ON m.id = u.municipality_id
    LEFT JOIN sector sec ON sec.key = u.sector
    LEFT JOIN response s ON s.round_unit_id = t.id
    WHERE u.municipality_id = $2 AND t.unit_id = u.id AND t.round_id = $1";

impl Db {
    /// The round's targets in the given municipalities, ordered by
    /// municipality and unit name, one municipality at a time (the next is
    /// read while the last is written).
    pub fn export_rows(
        &self,
        round_id: &str,
        municipality_ids: &[String],
        include_drafts: bool,
    ) -> BoxStream<'static, Result<Vec<ExportRow>, sqlx::Error>> {
        let (db, round_id, wanted) = (
            self.clone(),
            round_id.to_string(),
            municipality_ids.to_vec(),
        );
        stream::once(async move {
            let ordered = db.round_municipalities_by_name(&round_id, &wanted).await?;
            let batches = stream::iter(ordered)
                .map(move |municipality_id| {
                    let (db, round_id) = (db.clone(), round_id.clone());
                    async move {
                        db.export_municipality(&round_id, &municipality_id, include_drafts)
                            .await
                    }
                })
                .buffered(2);
            Ok::<_, sqlx::Error>(batches)
        })
        .try_flatten()
        .boxed()
    }

    /// Those of `wanted` that the round covers, by name.
    async fn round_municipalities_by_name(
        &self,
        round_id: &str,
        wanted: &[String],
    ) -> Result<Vec<String>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT m.id FROM round_municipality rm
             JOIN municipality m ON m.id = rm.municipality_id
             WHERE rm.round_id = $1 ORDER BY {}, m.id",
            self.sv("m.name")
        ))
        .bind(round_id)
        .fetch_all(self.pool())
        .await?;
        let mut ids = Vec::new();
        for row in rows {
            let id: String = row.try_get("id")?;
            if wanted.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// One municipality's targets by unit name. The database hands them over
    /// as one JSON document: row by row, the SQLite driver's hand-over
    /// between threads took longer than everything else in an export.
    async fn export_municipality(
        &self,
        round_id: &str,
        municipality_id: &str,
        include_drafts: bool,
    ) -> Result<Vec<ExportRow>, sqlx::Error> {
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "SELECT json_group_array(json_object({EXPORT_FIELDS}) ORDER BY {order}, t.id)
                 AS batch {EXPORT_FROM}",
                order = self.sv("u.name")
            ),
            Backend::Postgres => format!(
                "SELECT COALESCE(CAST(json_agg(json_build_object({EXPORT_FIELDS})
                                              ORDER BY {order}, t.id) AS TEXT), '[]')
                 AS batch {EXPORT_FROM}",
                order = self.sv("u.name")
            ),
        };
        let row = sqlx::query(&sql)
            .bind(round_id)
            .bind(municipality_id)
            .bind(i64::from(include_drafts))
            .fetch_one(self.pool())
            .await?;
        let batch: String = row.try_get("batch")?;
        // Parsed beside the export that writes the previous municipality.
        tokio::task::spawn_blocking(move || serde_json::from_str(&batch))
            .await
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }
}
