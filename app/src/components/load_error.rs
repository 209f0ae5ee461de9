//! What a page shows when what it shows could not be loaded: the truth, as
//! far as it may be told. Missing things, and things outside the caller's
//! scope (which look the same on purpose), are "Sidan finns inte" (404); a
//! caller without a session goes to the login page; a failure of ours is
//! "Något gick fel" (500) with a reference that is also in the server's log.

use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The short id of one request: in the server log's span for it and on the
/// error page, so that a person's report can be matched to the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// Eight hex digits, random.
    #[cfg(feature = "ssr")]
    pub fn new() -> Self {
        RequestId(uuid::Uuid::new_v4().simple().to_string()[..8].to_string())
    }
}

#[cfg(feature = "ssr")]
impl Default for RequestId {
    fn default() -> Self {
        Self::new()
    }
}

/// The id of the request being answered (empty outside a request).
#[cfg(feature = "ssr")]
pub fn request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestId>().cloned())
        .unwrap_or_default()
        .0
}

/// The page for a load that failed with `error`.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound => view! { <crate::pages::NotFound/> }.into_any(),
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::Unauthorized => view! { <LogInFirst/> }.into_any(),
        AppError::Invalid(message) | AppError::Conflict(message) => {
            view! { <CannotShow message/> }.into_any()
        }
        error @ AppError::InvalidFields(_) => {
            view! { <CannotShow message=error.to_string()/> }.into_any()
        }
        error @ (AppError::Internal | AppError::Transport(_)) => {
            view! { <ServerError error/> }.into_any()
        }
    }
}

#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// "Något gick fel": status 500, and the reference of the request, which
/// the log has with the error.
#[component]
fn ServerError(error: AppError) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    let reference = {
        set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
        let reference = request_id();
        let path = use_context::<http::request::Parts>()
            .map(|parts| crate::text::one_line(parts.uri.path()))
            .unwrap_or_default();
        let path: String = path.chars().take(80).collect();
        tracing::error!(request_id = %reference, %error, %path, "page could not be shown");
        reference
    };
    #[cfg(not(feature = "ssr"))]
    let reference = {
        let _ = error;
        String::new()
    };
    view! {
        <super::PageTitle text=lang.t("Något gick fel", "Something went wrong")/>
        <div class="page">
            <h1>{lang.t("Något gick fel", "Something went wrong")}</h1>
            <p>{lang.t(
                "Sidan kunde inte visas på grund av ett fel hos oss. Det som redan är sparat finns kvar. Försök igen om en stund.",
                "The page could not be shown because of an error on our side. Nothing already saved has been lost. Try again in a while.",
            )}</p>
            <p>{lang.t(
                "Om felet finns kvar, kontakta den som driver Nuläge och uppge referensen: ",
                "If the error persists, contact whoever runs Nuläge and give the reference: ",
            )}<strong class="error-reference">{reference}</strong></p>
            <p><a href="/">{lang.t("Gå till startsidan", "Go to the home page")}</a></p>
        </div>
    }
}

/// A role that may not see the page (status 403). Out-of-scope things never
/// come here: they are "not found".
#[component]
fn Forbidden() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::FORBIDDEN);
    view! {
        <super::PageTitle text=lang.t("Ingen behörighet", "No permission")/>
        <div class="page">
            <h1>{lang.t("Ingen behörighet", "No permission")}</h1>
            <p>{lang.t(
                "Din roll ger inte tillgång till sidan. Be en administratör om du behöver den.",
                "Your role does not give access to the page. Ask an administrator if you need it.",
            )}</p>
            <p><a href="/">{lang.t("Gå till startsidan", "Go to the home page")}</a></p>
        </div>
    }
}

/// No session (it ran out while the page was loading): to the login page,
/// and back here after it, as the access check does for a page.
#[component]
fn LogInFirst() -> impl IntoView {
    let lang = use_lang();
    let back = {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.uri.path_and_query().map(|pq| pq.as_str().to_string()))
                .unwrap_or_else(|| "/".into())
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::from("/")
        }
    };
    let href = format!("/logga-in?nasta={}", crate::layout::encode_component(&back));
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&href);
    view! {
        <super::PageTitle text=lang.t("Logga in", "Log in")/>
        <div class="page">
            <h1>{lang.t("Du behöver logga in", "You need to log in")}</h1>
            <p><a href=href>{lang.t("Logga in", "Log in")}</a></p>
        </div>
    }
}

/// A load refused for what was asked (an address with a value that cannot
/// be): the reason, as the status already set says.
#[component]
fn CannotShow(message: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <super::PageTitle text=lang.t("Sidan kan inte visas", "The page cannot be shown")/>
        <div class="page">
            <h1>{lang.t("Sidan kan inte visas", "The page cannot be shown")}</h1>
            <p>{message}</p>
            <p><a href="/">{lang.t("Gå till startsidan", "Go to the home page")}</a></p>
        </div>
    }
}
