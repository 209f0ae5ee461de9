//! Errors from server functions called by forms, with and without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::hooks::use_query_map;

/// The error a form post without JavaScript came back with (Leptos puts it in
/// the query string of the page it redirects back to), if it belongs to `path`.
pub fn error_from_url(path: &'static str) -> Memo<Option<AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let from = q.get("__path")?;
            if from != path {
                return None;
            }
            let err = q.get("__err")?;
            // Only a message the server wrote, not one from a crafted link.
            if !super::vouched::vouched(&[&from, &err], q.get("__sig").as_deref()) {
                return None;
            }
            Some(ServerFnUrlError::<AppError>::decode_err(&err))
        })
    })
}

/// The latest error of a form: from the action when JavaScript ran it, else from the URL.
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
