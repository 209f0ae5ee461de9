//! Requests over the size limits, refused in Swedish.
//!
//! Every route has a body limit (256 kB; the two upload forms 2 MB and the
//! form around it). tower-http's limit answers 413 with the English "length
//! limit exceeded", and so do axum's extractors: an upload form sends the
//! person back to the form, which explains in Swedish, and any other request
//! gets a Swedish text.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// What a request over the limit is told, instead of the English default.
pub const TOO_LARGE: &str = "Det du skickade är för stort för att tas emot: högst 256 kB, och filer högst 2 MB. Inget har sparats. Gå tillbaka och skicka mindre, eller dela upp filen.";

/// The words of tower-http's and axum's own refusals.
const ENGLISH: &str = "length limit exceeded";

/// For the whole application: a 413 in English gets the Swedish text.
pub async fn in_swedish(response: Response) -> Response {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let (parts, body) = response.into_parts();
    // A refusal is a line of text; anything longer is someone's own answer.
    let Ok(bytes) = axum::body::to_bytes(body, 4096).await else {
        return swedish();
    };
    if bytes
        .windows(ENGLISH.len())
        .any(|w| w == ENGLISH.as_bytes())
    {
        return swedish();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn swedish() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        TOO_LARGE,
    )
        .into_response()
}

/// For an upload route, as `map_response(|r| back_to(r, form))`: a request
/// over its limit is sent back to `form` (a page that names the limit in
/// Swedish) instead of to an error page.
pub async fn back_to(response: Response, form: String) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Redirect::to(&form).into_response()
    } else {
        response
    }
}
