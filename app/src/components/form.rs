//! Forms posted without JavaScript, which is how every coordinator form
//! posts: the server runs the server function and, when it refuses, renders
//! the same page again with what was typed and what went wrong
//! ([`FormEcho`]); when it succeeds, it shows the page again (with the
//! result, where a form has one to show) or goes where the function says.

use crate::error::AppError;
use leptos::prelude::*;

/// A form post's outcome, in context while the page it came from is rendered
/// again: which server function it went to (its path), the fields as
/// posted, and the error or the function's result (as JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct FormEcho {
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub outcome: Result<String, AppError>,
}

/// Tells one form from the others on the page that post to the same server
/// function (a contact's form from the next one's): the post came from this
/// form when its field `field` was posted as `value` (or, for an empty
/// `value`, was not posted at all). Given to a form's fields with
/// [`ScopedForm`] around them.
#[derive(Clone, Debug, PartialEq)]
pub struct FormScope {
    pub field: &'static str,
    pub value: String,
}

impl FormScope {
    pub fn new(field: &'static str, value: impl Into<String>) -> Self {
        FormScope {
            field,
            value: value.into(),
        }
    }

    /// Whether the post of `echo` came from this form.
    pub fn matches(&self, echo: &FormEcho) -> bool {
        let posted = echo
            .fields
            .iter()
            .find(|(k, _)| k == self.field)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        posted == self.value
    }
}

/// The fields of one form among several that post to the same function:
/// what they show of a refused post is only that form's.
#[component]
pub fn ScopedForm(scope: FormScope, children: Children) -> impl IntoView {
    view! { <leptos::context::Provider value=scope>{children()}</leptos::context::Provider> }
}

/// The `action` of the fields of a GET form (a filter): it posts to no
/// server function, so no refused post is ever shown in it.
pub const GET_FORM: &str = "";

/// The outcome of a post to the form of `action`, if this page is being
/// rendered for one (and, inside a [`ScopedForm`], came from that form).
pub fn echo_for(action: &str) -> Option<FormEcho> {
    let scope = use_context::<FormScope>();
    use_context::<FormEcho>()
        .filter(|echo| echo.action == action)
        .filter(|echo| scope.is_none_or(|s| s.matches(echo)))
}

/// What was typed in the field `name` of the form of `action`, if the page
/// is shown again after that form was refused.
pub fn typed(action: &str, name: &str) -> Option<String> {
    let echo = echo_for(action)?;
    echo.outcome.is_err().then(|| {
        echo.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    })
}

/// Every value posted for `name` (checkboxes), if the form of `action` was refused.
pub fn typed_all(action: &str, name: &str) -> Option<Vec<String>> {
    let echo = echo_for(action)?;
    echo.outcome.is_err().then(|| {
        echo.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    })
}

/// The result of the form of `action`, when the server showed the page again
/// after it succeeded (a new link, shown once).
pub fn form_result<T: serde::de::DeserializeOwned>(action: &str) -> Option<T> {
    let echo = echo_for(action)?;
    serde_json::from_str(echo.outcome.as_ref().ok()?).ok()
}

/// The error the form of `path` was refused with, when the page is shown
/// again for it. (An address never carries one: a link anybody could write
/// cannot put words on a page.)
pub fn error_from_url(path: &'static str) -> Memo<Option<AppError>> {
    let echoed = echo_for(path).and_then(|echo| echo.outcome.err());
    Memo::new(move |_| echoed.clone())
}

/// The latest error of a form: from the action when JavaScript ran it, else
/// from the post shown again.
pub fn form_error<T, S>(value: S, path: &'static str) -> Signal<Option<AppError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let from_url = error_from_url(path);
    Signal::derive(move || match value.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => from_url.get(),
    })
}

/// The values posted under indexed names `prefix[0]`, `prefix[1]` … (a list
/// of checkboxes), if the form of `action` was refused.
pub fn typed_list(action: &str, prefix: &str) -> Option<Vec<String>> {
    let echo = echo_for(action)?;
    let start = format!("{prefix}[");
    echo.outcome.is_err().then(|| {
        echo.fields
            .iter()
            .filter(|(k, _)| k.starts_with(&start))
            .map(|(_, v)| v.clone())
            .collect()
    })
}

/// Whether the page is shown again because the form of `action` succeeded
/// (and its server function asked for that with [`show_result`]).
pub fn form_done(action: &str) -> bool {
    echo_for(action).is_some_and(|echo| echo.outcome.is_ok())
}

/// The response header with which a server function asks for its result to
/// be shown on the page its form is on, instead of a redirect back to it.
pub const SHOW_RESULT_HEADER: &str = "x-nulage-visa-resultat";

/// Called by a server function whose result the person must see once (a new
/// link) or be told of ("Sparat"): a form posted without JavaScript then
/// shows the page again with it.
#[cfg(feature = "ssr")]
pub fn show_result() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static(SHOW_RESULT_HEADER),
            http::HeaderValue::from_static("1"),
        );
    }
}
