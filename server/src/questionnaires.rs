//! Questionnaire files outside Leptos: JSON export (a download) and import (an upload).

use crate::download::{attachment, internal, not_found};
use app::auth::{CurrentUser, Role};
use app::components::vouched::MessageSigner;
use app::db::Db;
use app::layout::encode_component;
use app::questionnaire::api::access::can_read;
use app::questionnaire::file_format::{export_json, import_json};
use app::questionnaire::model::Questionnaire;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;

/// Largest questionnaire file accepted.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// How many problems of a broken file are listed on the page.
const SHOWN_PROBLEMS: usize = 12;

#[derive(Clone)]
struct Files {
    db: Db,
    signer: MessageSigner,
}

pub fn router<S: Clone + Send + Sync + 'static>(db: Db, signer: MessageSigner) -> Router<S> {
    Router::new()
        .route("/enkater/importera/fil", post(upload))
        .route("/enkater/{id}/export.json", get(download))
        .layer(RequestBodyLimitLayer::new(MAX_FILE_BYTES + 64 * 1024))
        // A larger request goes back to the form, which says so in Swedish.
        .layer(axum::middleware::map_response({
            let signer = signer.clone();
            move |response| {
                let page = too_large_page(&signer);
                crate::limits::back_to(response, page)
            }
        }))
        .with_state(Files { db, signer })
}

/// The import page with the size refusal (signed, like every problem list).
fn too_large_page(signer: &MessageSigner) -> String {
    format!(
        "/enkater/importera?fel={}&sig={}",
        encode_component(TOO_LARGE_FILE),
        signer.sign(&[TOO_LARGE_FILE])
    )
}

const TOO_LARGE_FILE: &str = "Filen är större än 2 MB.";

/// A file name from the questionnaire's title: `enkat-kartlaggning-v2.json`.
fn file_name(q: &Questionnaire, version: i64) -> String {
    let slug = app::questionnaire::model::key_from_text(&q.title.sv).replace('_', "-");
    format!("enkat-{slug}-v{version}.json")
}

async fn download(
    State(Files { db, .. }): State<Files>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
) -> Response {
    let Some(Extension(user)) = user else {
        return Redirect::to("/logga-in").into_response();
    };
    if uuid::Uuid::parse_str(&id).is_err() {
        return not_found();
    }
    let row = match db.questionnaire(&id).await {
        Ok(Some(row)) => row,
        Ok(None) => return not_found(),
        Err(e) => return internal("questionnaire file", e),
    };
    if !can_read(&user, &row) {
        tracing::warn!(user = %user.email, questionnaire = %id, "access outside scope refused");
        let _ = db
            .audit(Some(&user), "access.denied", &format!("enkät {id}"), "", "")
            .await;
        return not_found();
    }
    let version = match db.latest_version(&id).await {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(),
        Err(e) => return internal("questionnaire file", e),
    };
    let definition: Questionnaire = match serde_json::from_str(&version.definition) {
        Ok(q) => q,
        Err(e) => return internal("questionnaire file", e),
    };
    if let Err(e) = db
        .audit(
            Some(&user),
            "questionnaire.export",
            &id,
            &format!("version {}", version.number),
            "",
        )
        .await
    {
        return internal("questionnaire file", e);
    }
    let disposition = attachment(&file_name(&definition, version.number));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        export_json(&definition),
    )
        .into_response()
}

/// Back to the import page with the problems listed, signed so that the
/// page shows them (and no text from a link somebody wrote).
fn back_with(signer: &MessageSigner, problems: &[String]) -> Response {
    let mut lines: Vec<String> = problems.iter().take(SHOWN_PROBLEMS).cloned().collect();
    if problems.len() > SHOWN_PROBLEMS {
        lines.push(format!(
            "… och {} problem till.",
            problems.len() - SHOWN_PROBLEMS
        ));
    }
    let text = lines.join("\n");
    Redirect::to(&format!(
        "/enkater/importera?fel={}&sig={}",
        encode_component(&text),
        signer.sign(&[&text])
    ))
    .into_response()
}

async fn upload(
    State(Files { db, signer }): State<Files>,
    user: Option<Extension<CurrentUser>>,
    mut form: Multipart,
) -> Response {
    let Some(Extension(user)) = user else {
        return Redirect::to("/logga-in?nasta=/enkater/importera").into_response();
    };
    if user.role == Role::Reader {
        return back_with(
            &signer,
            &["Du har inte behörighet att importera enkäter.".into()],
        );
    }
    let mut file: Option<Vec<u8>> = None;
    let mut owner = String::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("fil") => match field.bytes().await {
                Ok(bytes) if bytes.len() > MAX_FILE_BYTES => {
                    return back_with(&signer, &[TOO_LARGE_FILE.into()])
                }
                Ok(bytes) => file = Some(bytes.to_vec()),
                Err(_) => return back_with(&signer, &[TOO_LARGE_FILE.into()]),
            },
            Ok(Some(field)) if field.name() == Some("owner") => {
                owner = field.text().await.unwrap_or_default();
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return back_with(&signer, &[TOO_LARGE_FILE.into()])
            }
            Err(_) => return back_with(&signer, &["Välj en JSON-fil att importera.".into()]),
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return back_with(&signer, &["Välj en JSON-fil att importera.".into()]);
    };
    let owner = owner.trim();
    let municipality = if owner.is_empty() {
        if !user.is_admin() {
            return back_with(
                &signer,
                &["Välj vilken kommun enkäten ska höra till.".into()],
            );
        }
        None
    } else {
        match db.municipality_id(owner).await {
            Ok(Some(id)) if user.can_edit(&id) => Some(id),
            Ok(_) => return back_with(&signer, &["Välj en av dina kommuner i listan.".into()]),
            Err(e) => return internal("questionnaire file", e),
        }
    };
    let Ok(text) = String::from_utf8(
        bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&bytes)
            .to_vec(),
    ) else {
        return back_with(
            &signer,
            &["Filen är inte en textfil i UTF-8. Exportera enkäten från Nuläge igen.".into()],
        );
    };
    let definition = match import_json(&text) {
        Ok(q) => q,
        Err(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    if p.place.is_empty() {
                        p.message.clone()
                    } else {
                        format!("{}: {}", p.place, p.message)
                    }
                })
                .collect();
            return back_with(&signer, &lines);
        }
    };
    let json = match serde_json::to_string(&definition) {
        Ok(json) => json,
        Err(e) => return internal("questionnaire file", e),
    };
    let id = match db
        .create_questionnaire(municipality.as_deref(), None, &json, Some(&user.id))
        .await
    {
        Ok((id, _)) => id,
        Err(e) => return internal("questionnaire file", e),
    };
    let _ = db
        .audit(
            Some(&user),
            "questionnaire.import",
            &id,
            &definition.title.sv,
            "",
        )
        .await;
    Redirect::to(&format!("/enkater/{id}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        let q = Questionnaire {
            title: app::questionnaire::model::Text::new("Växjö: enkät 2027", ""),
            ..Default::default()
        };
        assert_eq!(file_name(&q, 3), "enkat-vaxjo-enkat-2027-v3.json");
    }
}
