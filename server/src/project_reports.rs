//! The form posts of the project report page behind a unit's standing link
//! (`/projekt/rapportera/TOKEN`), with or without JavaScript: report a new
//! project, or that a reported one has finished.
//!
//! A post that is stored redirects to the receipt (post/redirect/get). A
//! post with problems renders the same page again, with what was typed and
//! what went wrong next to the fields and in the error summary (the page
//! works the problems out from the echoed form), and stores nothing.

use crate::respond::{read_form, Fields, FormMessages, RespondState};
use app::components::FormEcho;
use app::error::AppError;
use app::project_reports::api::open_report_link;
use app::project_reports::pages::{finish_path, receipt_path, report_path};
use app::project_reports::{check_report, finished, PROJECT_FIELD};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

pub fn router(state: RespondState) -> Router {
    Router::new()
        .route("/projekt/rapportera/{token}", post(report))
        .route("/projekt/rapportera/{token}/avsluta", post(finish))
        .with_state(state)
}

/// What a contact is told when a report cannot be read.
const REPORT_FORM: FormMessages = FormMessages {
    too_large:
        "Rapporten är för stor för att skickas (högst 256 kB). Gå tillbaka och korta texten.",
    unreadable: "Formuläret kunde inte läsas. Gå tillbaka och försök igen.",
};

/// The report page again, as a GET, with the refused post in context.
async fn render(
    state: &RespondState,
    parts: http::request::Parts,
    path: &str,
    echo: Option<FormEcho>,
    status: StatusCode,
) -> Response {
    let mut parts = parts;
    parts.method = http::Method::GET;
    parts.uri = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response = (state.render)(Request::from_parts(parts, Body::empty()), None, echo).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

fn server_error(error: AppError) -> Response {
    tracing::error!(%error, "project report post failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Något gick fel hos oss. Projektet är inte rapporterat. Försök igen om en stund.",
    )
        .into_response()
}

fn refused(action: String, fields: Fields, message: &str) -> FormEcho {
    FormEcho {
        action,
        fields,
        outcome: Err(AppError::Invalid(message.to_string())),
    }
}

async fn report(
    State(state): State<RespondState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let page = report_path(&token);
    let fields = match read_form(body, &REPORT_FORM).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let opened = match open_report_link(&state.db, &token).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return render(&state, parts, &page, None, StatusCode::NOT_FOUND).await,
        Err(e) => return server_error(e),
    };
    let checked = check_report(&opened.form, opened.kind, &fields);
    if !checked.problems.is_empty() {
        let echo = refused(page.clone(), fields, "Projektet är inte rapporterat.");
        return render(
            &state,
            parts,
            &page,
            Some(echo),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let json = match serde_json::to_string(&checked.item) {
        Ok(json) => json,
        Err(_) => return server_error(AppError::Internal),
    };
    let stored = state
        .db
        .add_reported_project(
            &opened.unit.unit_id,
            opened.version_id.as_deref(),
            &json,
            &checked.reporter,
        )
        .await;
    match stored {
        Ok(Some(id)) => {
            tracing::info!(unit = %opened.unit.unit_id, project = %id, "project reported between rounds");
            Redirect::to(&receipt_path(&token, &id)).into_response()
        }
        Ok(None) => {
            let echo = refused(
                page.clone(),
                fields,
                "Enheten har rapporterat så många projekt som går via länken. Kontakta samordnaren i din kommun.",
            );
            render(&state, parts, &page, Some(echo), StatusCode::CONFLICT).await
        }
        Err(e) => server_error(e.into()),
    }
}

async fn finish(
    State(state): State<RespondState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let page = report_path(&token);
    let fields = match read_form(body, &REPORT_FORM).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let opened = match open_report_link(&state.db, &token).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return render(&state, parts, &page, None, StatusCode::NOT_FOUND).await,
        Err(e) => return server_error(e),
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let id = field(PROJECT_FIELD).to_string();
    let projects = match state.db.unit_reported_projects(&opened.unit.unit_id).await {
        Ok(projects) => projects,
        Err(e) => return server_error(e.into()),
    };
    // Only a project this unit reported: anything else goes back to the page.
    let Some(project) = projects.into_iter().find(|p| p.id == id) else {
        return Redirect::to(&format!("{page}#rapporterade")).into_response();
    };
    let item = match finished(
        &opened.form,
        opened.kind,
        &project.answers,
        field(app::analysis::projects::keys::END),
    ) {
        Ok(item) => item,
        Err(_) => {
            let echo = refused(
                finish_path(&token),
                fields,
                "Projektet är inte rapporterat som avslutat.",
            );
            return render(
                &state,
                parts,
                &page,
                Some(echo),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let json = match serde_json::to_string(&item) {
        Ok(json) => json,
        Err(_) => return server_error(AppError::Internal),
    };
    match state
        .db
        .update_reported_project(&opened.unit.unit_id, &id, &json)
        .await
    {
        Ok(true) => {
            Redirect::to(&format!("{}?avslutat=1", receipt_path(&token, &id))).into_response()
        }
        Ok(false) => Redirect::to(&format!("{page}#rapporterade")).into_response(),
        Err(e) => server_error(e.into()),
    }
}
