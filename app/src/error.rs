//! The one error type that crosses the server-function boundary, worded for users.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Missing, or outside what the caller may see: the two look the same on purpose.
    #[error("Sidan eller uppgiften finns inte.")]
    NotFound,
    #[error("Du behöver logga in.")]
    Unauthorized,
    #[error("Du har inte behörighet att göra detta.")]
    Forbidden,
    /// Input that could not be accepted; the message says why, in Swedish.
    #[error("{0}")]
    Invalid(String),
    /// Input with problems in named fields: (field id, message in Swedish),
    /// for an error summary that links to each field.
    #[error("{}", fields_text(.0))]
    InvalidFields(Vec<(String, String)>),
    #[error("{0}")]
    Conflict(String),
    #[error("Något gick fel hos oss. Försök igen om en stund.")]
    Internal,
    #[error("Kontakten med servern bröts: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                // The library's words (serde's, in English) go to the log;
                // the caller hears what to do, with 400 Bad Request.
                #[cfg(feature = "ssr")]
                {
                    tracing::info!(reason = %msg.chars().take(200).collect::<String>(), "server function arguments refused");
                    set_status(http::StatusCode::BAD_REQUEST);
                }
                #[cfg(not(feature = "ssr"))]
                let _ = msg;
                AppError::Invalid(
                    "Förfrågan saknade uppgifter eller hade uppgifter i fel form. \
                     Ladda om sidan och försök igen."
                        .into(),
                )
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Response(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    /// Input that could not be accepted (422), with the reason in Swedish.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Invalid(message.into()).status_set()
    }

    /// Problems in named fields (422): (field id, message in Swedish).
    pub fn invalid_fields(problems: Vec<(String, String)>) -> Self {
        AppError::InvalidFields(problems).status_set()
    }

    /// The problems of a form, each with its field (`fallback` for errors
    /// that name none).
    pub fn field_problems(&self, fallback: &str) -> Vec<(String, String)> {
        match self {
            AppError::InvalidFields(problems) => problems.clone(),
            other => vec![(fallback.to_string(), other.to_string())],
        }
    }

    /// The message for one field, if this error has one for it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::InvalidFields(problems) => problems
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone()),
            _ => None,
        }
    }

    /// This refusal as the problem of one field (`id`, as the page names
    /// it), so that its message stands next to that field: a plain
    /// [`AppError::Invalid`] or [`AppError::Conflict`] becomes
    /// [`AppError::InvalidFields`] (with its status); any other error stays
    /// as it is.
    pub fn on_field(self, id: impl Into<String>) -> Self {
        match self {
            AppError::Invalid(message) => AppError::invalid_fields(vec![(id.into(), message)]),
            AppError::Conflict(message) => AppError::field_conflict(id, message),
            other => other,
        }
    }

    /// A clash with what is already stored (409), about one field: the
    /// message stands next to it.
    pub fn field_conflict(id: impl Into<String>, message: impl Into<String>) -> Self {
        #[cfg(feature = "ssr")]
        set_status(http::StatusCode::CONFLICT);
        AppError::InvalidFields(vec![(id.into(), message.into())])
    }

    /// A clash with what is already stored (409).
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(message.into()).status_set()
    }

    fn status_set(self) -> Self {
        #[cfg(feature = "ssr")]
        return self.with_status();
        #[cfg(not(feature = "ssr"))]
        self
    }
}

fn fields_text(problems: &[(String, String)]) -> String {
    problems
        .iter()
        .map(|(_, message)| message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A form's text, trimmed, or a clear error when it is longer than `max`
/// characters (`what` names the field: "Namnet får vara högst 200 tecken.").
pub fn clean_text(text: &str, max: usize, what: &str) -> Result<String, AppError> {
    let text = text.trim().to_string();
    if text.chars().count() > max {
        return Err(AppError::invalid(format!(
            "{what} får vara högst {max} tecken."
        )));
    }
    Ok(text)
}

/// A name or other one-line text from a form: line breaks, tabs and other
/// control characters become single spaces ([`crate::text::one_line`]), then
/// as [`clean_text`].
pub fn clean_line(text: &str, max: usize, what: &str) -> Result<String, AppError> {
    clean_text(&crate::text::one_line(text), max, what)
}

/// Like [`clean_text`], and `missing` is the error when nothing was written.
pub fn required_text(
    text: &str,
    max: usize,
    what: &str,
    missing: &str,
) -> Result<String, AppError> {
    let text = clean_text(text, max, what)?;
    if text.is_empty() {
        return Err(AppError::invalid(missing));
    }
    Ok(text)
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets the HTTP status of the page or call this error ends up in.
    pub fn with_status(self) -> Self {
        use http::StatusCode;
        let status = match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Invalid(_) | AppError::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        set_status(status);
        self
    }
}

/// Sets the status of the response being made, except for a form posted
/// without JavaScript, which is answered with a redirect back to the form
/// (the error in its query string) whose status must stay a redirect.
#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    {
        let plain_form_post =
            leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
                parts.method == http::Method::POST
                    && parts
                        .headers
                        .get(http::header::ACCEPT)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|accept| accept.contains("text/html"))
            });
        if !plain_form_post {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(status);
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        // Resources run on tasks of their own, outside the request's span:
        // the reference the error page shows is named here too.
        let request_id = crate::components::request_id();
        tracing::error!(%error, %request_id, "database error");
        AppError::Internal
    }
}
