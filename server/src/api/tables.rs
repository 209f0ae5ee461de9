//! `/api/v1/rounds/{round_id}/{table}`: one of a round's tables — the same
//! rows, columns and keys as the export files (docs/EXPORT.md) — as JSON
//! (an array of objects, one per row) or as CSV in either dialect, byte for
//! byte what the export download gives. Streamed as it is produced, so a
//! round of 100 000 units costs no more memory than a small one.
//!
//! Every answer has an `ETag` (and a `Last-Modified`): a scheduled refresh
//! that sends it back gets `304 Not Modified` when nothing changed, worked
//! out from a handful of sums in the database without producing the table.

use super::rounds::Wanted;
use super::{authenticate, client_ip, internal, not_found, ApiState};
use crate::download::{find_readable_round, Refusal};
use crate::export::csv_out::{number, Format};
use crate::export::{csv_stream, produce, Cell, Item, Request, Sink, TableKind};
use app::auth::server::token_hash;
use app::auth::ClientIp;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::Stream;
use std::fmt::Write as _;
use tokio::sync::mpsc;

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableParams {
    /// `json` (the default), `csv` (RFC 4180) or `excel` (Swedish Excel:
    /// `;`, decimal comma, byte order mark).
    #[serde(default)]
    pub format: String,
    /// `1`: count saved drafts too, as the export's "med utkast" does.
    #[serde(default)]
    pub utkast: String,
    /// Only this municipality (its four-digit code).
    #[serde(default)]
    pub kommun: String,
}

/// Rows in flight between the database and the JSON writer.
const CHANNEL_ROWS: usize = 256;
/// JSON bytes sent to the client at a time.
const CHUNK_BYTES: usize = 64 * 1024;

pub async fn table(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Path((round_id, table)): Path<(String, String)>,
    Query(params): Query<TableParams>,
) -> Response {
    let ip = client_ip(&client);
    let user = match authenticate(&state, &headers, &ip).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Some(kind) = TableKind::parse(&table) else {
        return not_found();
    };
    let wanted = match Wanted::parse(&params.format) {
        Ok(wanted) => wanted,
        Err(response) => return *response,
    };
    let include_drafts = match params.utkast.trim() {
        "" | "0" => false,
        "1" => true,
        _ => {
            return super::error(
                StatusCode::BAD_REQUEST,
                "bad_parameter",
                "utkast kan vara 1 (räkna med sparade utkast) eller 0.",
            )
        }
    };
    let db = &state.db;
    let (round, mut visible) = match find_readable_round(db, &user, &round_id, "api", &ip).await {
        Ok(found) => found,
        Err(Refusal::NotFound) => return not_found(),
        Err(Refusal::Internal(e)) => return internal("api table", e),
    };
    let kommun = params.kommun.trim();
    if !kommun.is_empty() {
        match db.municipality_id(kommun).await {
            Ok(Some(m)) if visible.contains(&m) => visible = vec![m],
            Ok(_) => return not_found(),
            Err(e) => return internal("api table", e),
        }
    }
    let (version, latest) = match db.round_data_version(&round.id).await {
        Ok(version) => version,
        Err(e) => return internal("api version", e),
    };
    let etag = entity_tag(&[
        env!("CARGO_PKG_VERSION"),
        kind.key(),
        wanted.key(),
        if include_drafts { "1" } else { "0" },
        &visible.join(","),
        &version,
    ]);
    let now = app::db::now();
    // A change within the second being served could be missed by a date,
    // so a date is given (and honoured) only once that second is past.
    let last_modified = (latest > 0 && latest < now).then_some(latest);
    let mut validators = vec![
        (header::ETAG, HeaderValue::from_str(&etag).ok()),
        (
            header::CACHE_CONTROL,
            Some(HeaderValue::from_static("private, no-cache")),
        ),
    ];
    if let Some(at) = last_modified {
        validators.push((header::LAST_MODIFIED, http_date(at)));
    }
    if not_modified(&headers, &etag, last_modified) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        for (name, value) in validators.into_iter() {
            if let Some(value) = value {
                response.headers_mut().insert(name, value);
            }
        }
        return response;
    }
    let request = Request {
        round,
        municipality_ids: visible,
        include_drafts,
    };
    let (content_type, body) = match wanted {
        Wanted::Csv(format) => (
            "text/csv; charset=utf-8",
            Body::from_stream(csv_stream(db.clone(), request, kind, format)),
        ),
        Wanted::Json => (
            "application/json",
            Body::from_stream(json_stream(db.clone(), request, kind)),
        ),
    };
    let mut response = body.into_response();
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    for (name, value) in validators {
        if let Some(value) = value {
            out.insert(name, value);
        }
    }
    response
}

/// A strong entity tag over everything the answer depends on.
fn entity_tag(parts: &[&str]) -> String {
    format!("\"{}\"", &token_hash(&parts.join("\u{1f}"))[..32])
}

fn http_date(unix: i64) -> Option<HeaderValue> {
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.max(0) as u64);
    HeaderValue::from_str(&httpdate::fmt_http_date(at)).ok()
}

/// Whether the client's copy is current: `If-None-Match` decides when sent
/// (RFC 9110 §13.2.2); otherwise `If-Modified-Since`, when there is a date.
fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<i64>) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let Ok(tags) = tags.to_str() else {
            return false;
        };
        return tags
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag);
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64);
    matches!((since, last_modified), (Some(since), Some(at)) if since >= at)
}

/// The table as a JSON array of objects keyed by the export's column keys:
/// text as strings, numbers as numbers, empty cells as `null`. An error
/// half-way ends the body early, so a client never takes a cut-off table
/// for a whole one (the array is left unclosed).
pub fn json_stream(
    db: app::db::Db,
    request: Request,
    kind: TableKind,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let (tx, rx) = mpsc::channel::<Item>(CHANNEL_ROWS);
    tokio::spawn(async move { produce(&db, &request, kind, Sink::Rows(tx)).await });
    let writer = JsonRows {
        rx,
        keys: None,
        rows: 0,
        done: false,
    };
    futures::StreamExt::fuse(futures::stream::unfold(writer, |mut writer| async move {
        writer.next_chunk().await.map(|chunk| (chunk, writer))
    }))
}

struct JsonRows {
    rx: mpsc::Receiver<Item>,
    /// Each column's key, already written as `"key":`.
    keys: Option<Vec<String>>,
    rows: u64,
    done: bool,
}

impl JsonRows {
    async fn next_chunk(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        if self.done {
            return None;
        }
        let mut out = String::with_capacity(CHUNK_BYTES + 4096);
        while out.len() < CHUNK_BYTES {
            match self.rx.recv().await {
                Some(Ok(cells)) => self.write(cells, &mut out),
                Some(Err(message)) => {
                    self.done = true;
                    return Some(Err(std::io::Error::other(message)));
                }
                None => {
                    self.done = true;
                    if self.keys.is_none() {
                        out.push('[');
                    }
                    out.push(']');
                    break;
                }
            }
        }
        Some(Ok(Bytes::from(out)))
    }

    fn write(&mut self, cells: Vec<Cell>, out: &mut String) {
        let Some(keys) = &self.keys else {
            // The first row is the header.
            self.keys = Some(
                cells
                    .iter()
                    .map(|cell| {
                        let name = match cell {
                            Cell::Text(t) => t.as_str(),
                            _ => "",
                        };
                        format!("{}:", json_string(name))
                    })
                    .collect(),
            );
            out.push('[');
            return;
        };
        if self.rows > 0 {
            out.push(',');
        }
        self.rows += 1;
        out.push('{');
        for (i, (key, cell)) in keys.iter().zip(&cells).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(key);
            match cell {
                Cell::Text(t) => out.push_str(&json_string(t)),
                Cell::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                // Rounded as the CSV is, so the two agree.
                Cell::Number(x) if x.is_finite() => out.push_str(&number(*x, Format::Rfc4180)),
                Cell::Number(_) | Cell::Empty => out.push_str("null"),
            }
        }
        out.push('}');
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_decides_and_dates_only_when_given() {
        let tag = "\"abc\"";
        let mut h = HeaderMap::new();
        assert!(!not_modified(&h, tag, Some(100)));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(not_modified(&h, tag, None));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\""));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        // If-None-Match is there and does not match: modified, whatever the date.
        assert!(!not_modified(&h, tag, Some(0)));
        h.remove(header::IF_NONE_MATCH);
        assert!(not_modified(&h, tag, Some(784_111_777)));
        assert!(!not_modified(&h, tag, Some(784_111_778)));
        assert!(!not_modified(&h, tag, None));
    }

    #[tokio::test]
    async fn rows_become_objects_keyed_by_the_header() {
        let (tx, rx) = mpsc::channel(8);
        let mut rows = JsonRows {
            rx,
            keys: None,
            rows: 0,
            done: false,
        };
        let text = |s: &str| Cell::Text(s.into());
        tx.send(Ok(vec![
            text("kommun"),
            text("antal"),
            text("andel"),
            text("not"),
        ]))
        .await
        .unwrap();
        tx.send(Ok(vec![
            text("Växjö \"C\"</script>"),
            Cell::Int(3),
            Cell::Number(0.5),
            Cell::Empty,
        ]))
        .await
        .unwrap();
        tx.send(Ok(vec![
            text("Älmhult"),
            Cell::Int(-1),
            Cell::Number(f64::NAN),
            text(""),
        ]))
        .await
        .unwrap();
        drop(tx);
        let mut body = String::new();
        while let Some(chunk) = rows.next_chunk().await {
            body.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
        }
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            value,
            serde_json::json!([
                {"kommun": "Växjö \"C\"</script>", "antal": 3, "andel": 0.5, "not": null},
                {"kommun": "Älmhult", "antal": -1, "andel": null, "not": ""},
            ])
        );
    }

    #[tokio::test]
    async fn an_error_half_way_ends_the_body_as_an_error() {
        let (tx, rx) = mpsc::channel(8);
        let mut rows = JsonRows {
            rx,
            keys: None,
            rows: 0,
            done: false,
        };
        tx.send(Ok(vec![Cell::Text("a".into())])).await.unwrap();
        tx.send(Err("databasen svarar inte".into())).await.unwrap();
        assert!(rows.next_chunk().await.unwrap().is_err());
        assert!(rows.next_chunk().await.is_none());
    }
}
