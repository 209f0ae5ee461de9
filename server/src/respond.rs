//! The respondent's form posts, without JavaScript: save a part, submit.
//!
//! A post that saved cleanly redirects (post/redirect/get). A post with field
//! problems or a conflict renders the same page again with what the person
//! typed and what went wrong, so nothing typed is lost.

use app::db::Db;
use app::questionnaire::rules::{apply_item_action, ItemAction};
use app::rounds::respond::{self, Opened, Refused, Submitted};
use app::rounds::respondent::{missing_in_part, visible_parts, CONFIRM, MISSING};
use app::rounds::respondent_api::Posted;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

/// The largest form a respondent may post: plenty for every long answer of a part.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// What rendering a page needs besides the request.
#[derive(Clone)]
pub struct RespondState {
    pub db: Db,
    /// Renders the app for a request, with a form post's outcome in context.
    pub render: crate::startup::Renderer,
    /// Whether and how submissions are thanked by e-mail.
    pub mail: app::mail::MailConfig,
}

pub fn router(state: RespondState) -> Router {
    Router::new()
        .route("/s/{token}/del/{n}", post(save_part))
        .route("/s/{token}/skicka", post(submit))
        .with_state(state)
}

pub(crate) type Fields = Vec<(String, String)>;

/// What a respondent is told when a post cannot be read.
const ANSWER_FORM: FormMessages = FormMessages {
    too_large: "Svaret är för stort för att skickas (högst 256 kB). Det som redan sparats finns kvar. Gå tillbaka och korta texten.",
    unreadable: "Formuläret kunde inte läsas. Det som redan sparats finns kvar. Gå tillbaka och försök igen.",
};

/// The messages for a post that is too large or cannot be read.
pub(crate) struct FormMessages {
    pub too_large: &'static str,
    pub unreadable: &'static str,
}

/// Reads a posted form of at most [`MAX_FORM_BYTES`], refusing oversized or
/// malformed bodies with `messages`.
pub(crate) async fn read_form(body: Body, messages: &FormMessages) -> Result<Fields, Response> {
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, messages.too_large).into_response())?;
    serde_urlencoded::from_bytes::<Fields>(&bytes)
        .map_err(|_| (StatusCode::BAD_REQUEST, messages.unreadable).into_response())
}

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

async fn render(
    state: &RespondState,
    parts: http::request::Parts,
    path: &str,
    posted: Option<Posted>,
    status: StatusCode,
) -> Response {
    let mut parts = parts;
    parts.method = http::Method::GET;
    parts.uri = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response =
        (state.render)(Request::from_parts(parts, Body::empty()), posted, None).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

fn server_error(error: app::error::AppError) -> Response {
    tracing::error!(%error, "respondent post failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Något gick fel hos oss. Det som redan sparats finns kvar. Försök igen om en stund.",
    )
        .into_response()
}

async fn save_part(
    State(state): State<RespondState>,
    Path((token, step)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let page = format!("/s/{token}/del/{step}");
    let fields = match read_form(body, &ANSWER_FORM).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let opened = match respond::open(&state.db, &token).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return render(&state, parts, &page, None, StatusCode::NOT_FOUND).await,
        Err(e) => return server_error(e),
    };
    let section = field(&fields, "_avsnitt").to_string();
    let base: i64 = field(&fields, "_revision").parse().unwrap_or(0);
    // "Lägg till" and "Ta bort" on a repeating group: save the part with the
    // item added or removed, and come back to the same part at the item.
    let item_action = ItemAction::parse(field(&fields, "_gor"));
    let (fields, anchor) = match &item_action {
        Some(action) => apply_item_action(&opened.questionnaire, &fields, action),
        None => (fields, String::new()),
    };
    let saved = match respond::save_part(&state.db, &opened, &section, base, &fields).await {
        Ok(Ok(saved)) => saved,
        Ok(Err(Refused::NotOpen(_))) => {
            return render(&state, parts, &page, None, StatusCode::CONFLICT).await
        }
        Ok(Err(Refused::UnknownPart)) => {
            return Redirect::to(&format!("/s/{token}")).into_response()
        }
        Err(e) => return server_error(e),
    };
    if !saved.conflicts.is_empty() || !saved.problems.is_empty() {
        let status = if saved.conflicts.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::CONFLICT
        };
        let posted = Posted::from_saved(&section, saved);
        return render(&state, parts, &page, Some(posted), status).await;
    }
    if item_action.is_some() {
        return Redirect::to(&format!("{page}#{anchor}")).into_response();
    }
    let mut action = field(&fields, "_gor");
    // "Stämmer fortfarande": the part is saved as shown, and confirmed.
    if action == CONFIRM {
        if let Err(e) = respond::confirm_part(&state.db, &opened, &section).await {
            return server_error(e);
        }
        action = "nasta";
    }
    let next = match next_page(&state.db, &opened, &section, action).await {
        Ok(next) => next,
        Err(e) => return server_error(e),
    };
    Redirect::to(&next).into_response()
}

/// Where "Spara och fortsätt", "Föregående del" and "Spara och fortsätt senare" lead.
async fn next_page(
    db: &Db,
    opened: &Opened,
    section: &str,
    action: &str,
) -> Result<String, app::error::AppError> {
    let token = &opened.token;
    let (answers, _) = respond::current(db, &opened.link.target_id).await?;
    let parts = visible_parts(&opened.questionnaire, opened.kind, &answers);
    // "Spara och fortsätt" with a required answer missing: the draft is
    // saved, and the part comes back with what is missing marked.
    if action == "nasta" {
        let missing = missing_in_part(&opened.questionnaire, opened.kind, &answers, section);
        if let Some(first) = missing.first() {
            let here = opened
                .questionnaire
                .sections
                .iter()
                .position(|s| s.key == section);
            if let Some(step) = here.and_then(|i| parts.iter().position(|p| *p == i)) {
                return Ok(format!(
                    "/s/{token}/del/{}?{MISSING}=1#{}",
                    step + 1,
                    app::questionnaire::form::field_id(&first.key)
                ));
            }
        }
    }
    let here = opened
        .questionnaire
        .sections
        .iter()
        .position(|s| s.key == section);
    // The step of this part now (answers may have shown or hidden parts).
    let step = here
        .and_then(|i| parts.iter().position(|p| *p == i))
        .map(|p| p + 1);
    Ok(match (action, step) {
        ("senare", _) => format!("/s/{token}?sparat=1"),
        ("tillbaka", Some(step)) if step > 1 => format!("/s/{token}/del/{}", step - 1),
        ("tillbaka", _) => format!("/s/{token}"),
        (_, Some(step)) if step < parts.len() => format!("/s/{token}/del/{}", step + 1),
        _ => format!("/s/{token}/granska"),
    })
}

async fn submit(
    State(state): State<RespondState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let review = format!("/s/{token}/granska");
    let fields = match read_form(body, &ANSWER_FORM).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let opened = match respond::open(&state.db, &token).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return render(&state, parts, &review, None, StatusCode::NOT_FOUND).await,
        Err(e) => return server_error(e),
    };
    let revision: i64 = field(&fields, "_revision").parse().unwrap_or(-1);
    match respond::submit(&state.db, &opened, revision, &state.mail).await {
        Ok(Submitted::Done) => Redirect::to(&format!("/s/{token}/kvitto")).into_response(),
        Ok(Submitted::Incomplete) => Redirect::to(&format!("{review}?fel=1")).into_response(),
        Ok(Submitted::Changed) => Redirect::to(&format!("{review}?andrad=1")).into_response(),
        Ok(Submitted::Refused(_)) => {
            render(&state, parts, &review, None, StatusCode::CONFLICT).await
        }
        Err(e) => server_error(e),
    }
}
