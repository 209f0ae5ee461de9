//! Request middleware for access control: who is asking, cross-site request
//! forgery, and the way to the login page.

use app::auth::server::{session_token_from_cookies, token_hash, SESSION_IDLE_SECS};
use app::db::Db;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Clone)]
pub struct AccessState {
    pub db: Db,
    /// Scheme, host and port of the public base URL, e.g. `https://nulage.example.se`.
    pub public_origin: String,
    pub trusted_proxies: crate::client_addr::TrustedProxies,
}

/// Paths that need a logged-in user; everything else is public (the start
/// page, the respondent's pages, login and password links).
fn needs_login(path: &str) -> bool {
    [
        "/kommuner",
        "/admin",
        "/import",
        "/enheter",
        "/enkater",
        "/omgangar",
        "/konto/api-nycklar",
    ]
    .iter()
    .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

/// A path as it may be written to the log: personal answer links and
/// password links lose their token (whoever reads the log must not be able to
/// open a unit's answers), and a path is at most 200 characters.
pub fn loggable_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len().min(200));
    let mut hide_next = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if hide_next && !segment.is_empty() {
            out.push('…');
        } else {
            out.push_str(segment);
        }
        hide_next = matches!(segment, "s" | "losenord" | "lank" | "rapportera");
    }
    if out.chars().count() > 200 {
        out = out.chars().take(200).collect::<String>() + "…";
    }
    out
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/healthz"
}

fn host_of(origin: &str) -> &str {
    origin
        .split("://")
        .nth(1)
        .unwrap_or(origin)
        .trim_end_matches('/')
}

/// A state-changing request must come from our own pages. Browsers say where a
/// request comes from in `Sec-Fetch-Site` and `Origin`; a request from another
/// site is refused before it reaches any handler or server function.
fn is_cross_site(req: &Request, public_origin: &str) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        return origin == "null" || (host_of(origin) != host && origin != public_origin);
    }
    // Neither header: not a browser acting for a user, so not a forgery.
    false
}

pub async fn access(State(state): State<AccessState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let ip = crate::client_addr::client_addr(peer, req.headers(), &state.trusted_proxies);
        req.extensions_mut().insert(app::auth::ClientIp(ip));
    }
    let path = req.uri().path().to_string();
    if is_static(&path) {
        return next.run(req).await;
    }
    if is_cross_site(&req, &state.public_origin) {
        tracing::warn!(path = %loggable_path(&path), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "Begäran kom från en annan webbplats och stoppades. Gå till Nuläge och försök igen.\n",
        )
            .into_response();
    }

    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session_token_from_cookies)
        .map(token_hash);
    let user = match token {
        Some(hash) => match state.db.session_user(&hash, SESSION_IDLE_SECS).await {
            Ok(user) => user,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Tjänsten är tillfälligt otillgänglig.\n",
                )
                    .into_response();
            }
        },
        None => None,
    };

    if user.is_none() && req.method() == Method::GET && needs_login(&path) {
        let back = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or(path);
        let target = format!("/logga-in?nasta={}", app::layout::encode_component(&back));
        return Redirect::to(&target).into_response();
    }
    if let Some(user) = user {
        req.extensions_mut().insert(user);
    }
    next.run(req).await
}

/// A page asked for with a message that is not signed (a link anybody could
/// write: Leptos's `__err`, the questionnaire import's `fel`) is sent to the
/// same address without it. Form errors never travel in addresses (pages are
/// rendered again for them, see `form_posts`); the import's are signed.
pub async fn sign_form_errors(
    State(signer): State<app::components::vouched::MessageSigner>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::GET {
        if let Some(clean) = without_unsigned_message(req.uri(), &signer) {
            tracing::info!("unsigned message removed from a link");
            return Redirect::to(&clean).into_response();
        }
    }
    next.run(req).await
}

/// A query string's pairs, decoded (none when it cannot be read).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The address without its message, when it carries one the server did not
/// sign: Leptos's `__err` (with `__path`), or the questionnaire import's `fel`.
fn without_unsigned_message(
    uri: &axum::http::Uri,
    signer: &app::components::vouched::MessageSigner,
) -> Option<String> {
    let pairs = query_pairs(uri.query()?);
    let get = |name: &str| param(&pairs, name);
    let import = uri.path() == "/enkater/importera";
    let unsigned_error = get("__err").is_some()
        && !signer.verify(
            &[
                get("__path").unwrap_or_default(),
                get("__err").unwrap_or_default(),
            ],
            get("__sig").unwrap_or_default(),
        );
    let unsigned_problems = import
        && get("fel").is_some()
        && !signer.verify(
            &[get("fel").unwrap_or_default()],
            get("sig").unwrap_or_default(),
        );
    if !unsigned_error && !unsigned_problems {
        return None;
    }
    let dropped: &[&str] = if import {
        &["__err", "__path", "__sig", "fel", "sig"]
    } else {
        &["__err", "__path", "__sig"]
    };
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !dropped.contains(&k.as_str()))
        .collect();
    let rest = serde_urlencoded::to_string(kept).unwrap_or_default();
    Some(if rest.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{rest}", uri.path())
    })
}

/// What every response gets on its way out: pages and downloads, which may
/// hold personal data, are never stored by a browser or a proxy (static files
/// keep their own caching).
pub async fn response_policy(req: Request, next: Next) -> Response {
    let cacheable = is_static(req.uri().path());
    let mut response = next.run(req).await;
    if !cacheable && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_paths_carry_no_tokens() {
        let token = "Qk3x9_b-F2mZtY7uVw8PaAQk3x9_b-F2mZtY7uVw8Pa";
        assert_eq!(loggable_path(&format!("/s/{token}/del/2")), "/s/…/del/2");
        assert_eq!(
            loggable_path(&format!("/konto/losenord/{token}")),
            "/konto/losenord/…"
        );
        assert_eq!(
            loggable_path(&format!("/projekt/rapportera/{token}/avsluta")),
            "/projekt/rapportera/…/avsluta"
        );
        assert_eq!(loggable_path("/omgangar/abc"), "/omgangar/abc");
        assert_eq!(loggable_path(&"/x".repeat(500)).chars().count(), 201);
    }
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method("POST").uri("/api/x");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_detection() {
        let public = "https://nulage.example.se";
        assert!(!is_cross_site(
            &post(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("sec-fetch-site", "same-site")]),
            public
        ));
        assert!(!is_cross_site(
            &post(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!is_cross_site(
            &post(&[("origin", public), ("host", "10.0.0.5:3000")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("origin", "null"), ("host", "127.0.0.1:3000")]),
            public
        ));
        assert!(!is_cross_site(&post(&[]), public));
        let get = Request::builder()
            .uri("/")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert!(!is_cross_site(&get, public));
    }

    #[test]
    fn protected_paths() {
        assert!(needs_login("/kommuner"));
        assert!(needs_login("/kommuner/0780"));
        assert!(needs_login("/admin/logg"));
        assert!(!needs_login("/kommunerna"));
        assert!(!needs_login("/"));
        assert!(!needs_login("/s/abc"));
        assert!(!needs_login("/logga-in"));
    }
}
