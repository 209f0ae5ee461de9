//! Download routes: `/omgangar/{id}/export/{tabell}.csv`,
//! `/omgangar/{id}/export/nulagesanalys.xlsx` and the partner search's
//! `partnersok.csv` and `partnersok.xlsx`. Each checks who is asking and
//! which municipalities they may see, and is written to the audit log.

use super::{csv_stream, xlsx, Format, Request, TableKind};
use crate::download::{attachment, internal, not_found, plain, readable_round};
use app::auth::{ClientIp, CurrentUser};
use app::db::Db;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;

pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    Router::new()
        .route("/omgangar/{id}/export/{file}", get(download))
        .with_state(db)
}

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    format: String,
    #[serde(default)]
    utkast: String,
    /// Only this municipality (its code); for the partner search, matches
    /// with one of its units.
    #[serde(default)]
    kommun: String,
    /// The partner search's filters (`docs/EXPORT.md`).
    #[serde(default)]
    typ: String,
    #[serde(default)]
    tema: String,
    #[serde(default)]
    land: String,
}

async fn download(
    State(db): State<Db>,
    user: Option<Extension<CurrentUser>>,
    client: Option<Extension<ClientIp>>,
    Path((id, file)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let Some(Extension(user)) = user else {
        return Redirect::to("/logga-in").into_response();
    };
    let ip = client.map(|c| c.0 .0.to_string()).unwrap_or_default();
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file.as_str(), ""));
    if stem == "partnersok" && matches!(extension, "csv" | "xlsx") {
        let Some(format) = Format::parse(&params.format) else {
            return plain(
                StatusCode::BAD_REQUEST,
                "Okänt filformat. Välj ”excel” (Excel, svensk) eller ”rfc4180” (CSV enligt RFC 4180).",
            );
        };
        let query = [
            ("typ", params.typ.clone()),
            ("tema", params.tema.clone()),
            ("land", params.land.clone()),
        ];
        let filter = app::analysis::partners::Filter::from_query(|k| {
            query
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
        });
        let request = super::partners::Params {
            format,
            xlsx: extension == "xlsx",
            include_drafts: params.utkast == "1",
            filter,
            municipality: &params.kommun,
        };
        return super::partners::download(&db, &user, &ip, &id, request).await;
    }
    let kind = match (stem, extension) {
        ("nulagesanalys", "xlsx") => None,
        (stem, "csv") => match TableKind::parse(stem) {
            Some(kind) => Some(kind),
            None => return not_found(),
        },
        _ => return not_found(),
    };
    let Some(format) = Format::parse(&params.format) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "Okänt filformat. Välj ”excel” (Excel, svensk) eller ”rfc4180” (CSV enligt RFC 4180).",
        );
    };
    let (round, mut visible) = match readable_round(&db, &user, &id, "export", &ip).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !params.kommun.is_empty() {
        match db.municipality_id(params.kommun.trim()).await {
            Ok(Some(m)) if visible.contains(&m) => visible = vec![m],
            Ok(_) => return not_found(),
            Err(e) => return internal("export", e),
        }
    }
    let request = Request {
        round,
        municipality_ids: visible,
        include_drafts: params.utkast == "1",
    };
    let detail = format!(
        "{file}; {}{}{}",
        if kind.is_some() { format.key() } else { "xlsx" },
        if request.include_drafts {
            "; med utkast"
        } else {
            ""
        },
        if params.kommun.is_empty() {
            String::new()
        } else {
            format!("; kommun {}", params.kommun.trim())
        }
    );
    if let Err(e) = db
        .audit(Some(&user), "export.download", &id, &detail, &ip)
        .await
    {
        return internal("export", e);
    }
    match kind {
        Some(kind) => {
            let name = request.file_name(kind.key(), "csv");
            let body = Body::from_stream(csv_stream(db, request, kind, format));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (header::CONTENT_DISPOSITION, attachment(&name)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                body,
            )
                .into_response()
        }
        None => {
            let name = request.file_name("nulagesanalys", "xlsx");
            let file = match xlsx::workbook(&db, &request).await {
                Ok(file) => file,
                Err(e) => return internal("export", e),
            };
            let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
            (
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
                Body::from_stream(stream),
            )
                .into_response()
        }
    }
}
