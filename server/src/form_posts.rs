//! Server functions posted by a plain HTML form — which is how every
//! coordinator form posts, JavaScript or not (pages are islands; forms are
//! not).
//!
//! The function runs as if called by Leptos's own client, so its result or
//! error comes back as data. Then, as GOV.UK forms do:
//! - refused: the page the form is on is rendered again, with every value
//!   as typed and each message next to its field and in the summary (the
//!   page's status is the error's: 422, 409, 404 …);
//! - done, with somewhere to go: 303 to there;
//! - done, with a result to show once (a new sign-in link): the page is
//!   rendered again with it;
//! - done: 303 back to the page (post/redirect/get).

use crate::startup::Renderer;
use app::components::FormEcho;
use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use leptos::server_fn::error::FromServerFnError;

/// The response header a server function sets when its result is to be shown
/// on the page it was posted from, rather than redirected away from.
pub const SHOW_RESULT: &str = app::components::SHOW_RESULT_HEADER;

#[derive(Clone)]
pub struct FormPosts {
    pub render: Renderer,
    /// `https://host[:port]` of the public address: only pages of this site
    /// are rendered again.
    pub public_origin: String,
}

pub async fn form_posts(State(state): State<FormPosts>, req: Request, next: Next) -> Response {
    let Some(page) = plain_form_post(&req, &state.public_origin) else {
        return next.run(req).await;
    };
    let action = req.uri().path().to_string();
    let (mut parts, body) = req.into_parts();
    // The body limit of the routes applies: a larger post was refused already.
    let bytes = match axum::body::to_bytes(body, crate::respond::MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Formuläret är för stort för att skickas. Det som redan sparats finns kvar.",
            )
                .into_response()
        }
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let original = parts.clone();
    // As Leptos's client asks: the result as data, no redirect.
    parts
        .headers
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::REFERER);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status();
    if let Some(location) = response.headers().get(header::LOCATION).cloned() {
        if status.is_success() || status.is_redirection() {
            let mut redirect = Redirect::to(location.to_str().unwrap_or("/")).into_response();
            carry_cookies(&response, &mut redirect);
            return redirect;
        }
    }
    let show = response.headers().contains_key(SHOW_RESULT);
    let cookies: Vec<HeaderValue> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    let body = match axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "server function response could not be read");
            return (StatusCode::INTERNAL_SERVER_ERROR, "Något gick fel hos oss.").into_response();
        }
    };
    let outcome = if status.is_success() {
        if !show {
            let mut redirect = Redirect::to(&page).into_response();
            for cookie in cookies {
                redirect.headers_mut().append(header::SET_COOKIE, cookie);
            }
            return redirect;
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    } else {
        Err(AppError::de(body))
    };
    let echo = FormEcho {
        action,
        fields,
        outcome,
    };
    let mut parts = original;
    parts.method = Method::GET;
    parts.uri = page.parse().unwrap_or_else(|_| http::Uri::from_static("/"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut page_response =
        (state.render)(Request::from_parts(parts, Body::empty()), None, Some(echo)).await;
    // The page's own status (404 for a page that is gone) stands; a page
    // shown for a refusal says so.
    if page_response.status() == StatusCode::OK && !status.is_success() {
        *page_response.status_mut() = status;
    }
    for cookie in cookies {
        page_response
            .headers_mut()
            .append(header::SET_COOKIE, cookie);
    }
    if let Some(cookie) = page_cookie(&page, state.public_origin.starts_with("https://")) {
        page_response
            .headers_mut()
            .append(header::SET_COOKIE, cookie);
    }
    page_response
}

fn carry_cookies(from: &Response, to: &mut Response) {
    for cookie in from.headers().get_all(header::SET_COOKIE) {
        to.headers_mut().append(header::SET_COOKIE, cookie.clone());
    }
}

/// The page (path and query) a plain form post to a server function came
/// from, if this is one: a POST under `/api/`, url-encoded, from a browser
/// that asks for HTML, with a `Referer` on this site.
fn plain_form_post(req: &Request, public_origin: &str) -> Option<String> {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") {
        return None;
    }
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if !header(header::ACCEPT).is_some_and(|a| a.contains("text/html")) {
        return None;
    }
    if !header(header::CONTENT_TYPE)
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
    {
        return None;
    }
    let referer = header(header::REFERER)?;
    let page = local_page(referer, public_origin, header(header::HOST))?;
    if !page.starts_with("/api/") {
        return Some(page);
    }
    // A page shown again for a post stands at the address it was posted to;
    // the page it is was remembered in a cookie when it was shown.
    let cookies = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    page_from_cookie(&cookies)
}

/// The cookie that remembers which page a page shown again for a form post
/// is, for the next post from it (its address is then the server function's).
const PAGE_COOKIE: &str = "nulage_sida";

fn page_from_cookie(cookies: &str) -> Option<String> {
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        if name != PAGE_COOKIE {
            return None;
        }
        let page: String =
            serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("p={value}"))
                .ok()?
                .into_iter()
                .next()?
                .1;
        is_page_path(&page).then_some(page)
    })
}

fn page_cookie(page: &str, secure: bool) -> Option<HeaderValue> {
    let value = serde_urlencoded::to_string([("p", page)]).ok()?;
    let value = value.strip_prefix("p=")?;
    HeaderValue::from_str(&format!(
        "{PAGE_COOKIE}={value}; Path=/api; Max-Age=3600; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    ))
    .ok()
}

fn is_page_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.starts_with("/api/")
        && !path.chars().any(|c| c.is_control())
}

/// The path and query of `referer` if it is a page of this site (the public
/// origin, or the host the request was sent to).
fn local_page(referer: &str, public_origin: &str, host: Option<&str>) -> Option<String> {
    let (scheme, rest) = referer.split_once("://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let origin = format!("{scheme}://{authority}");
    let ours = origin == public_origin || host.is_some_and(|h| h == authority);
    let path = path.split('#').next().unwrap_or("/");
    (ours
        && path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c.is_control()))
    .then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::local_page;

    #[test]
    fn only_pages_of_this_site_are_shown_again() {
        let ours = "https://nulage.example.se";
        assert_eq!(
            local_page("https://nulage.example.se/enheter/1?a=b#x", ours, None).as_deref(),
            Some("/enheter/1?a=b")
        );
        assert_eq!(
            local_page(
                "http://127.0.0.1:3000/kommuner",
                ours,
                Some("127.0.0.1:3000")
            )
            .as_deref(),
            Some("/kommuner")
        );
        assert_eq!(
            local_page("https://evil.example/kommuner", ours, None),
            None
        );
        assert_eq!(
            local_page("https://nulage.example.se//evil", ours, None),
            None
        );
        // A server function's address is a page shown again for a post: the
        // cookie then says which page it is (plain_form_post).
        assert_eq!(
            local_page("https://nulage.example.se/api/x", ours, None).as_deref(),
            Some("/api/x")
        );
        assert_eq!(local_page("nonsense", ours, None), None);
    }
}
