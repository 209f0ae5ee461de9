//! The built browser files: their content-hashed names, how long browsers
//! may keep them, and the island script, which only pages with an island get.

use app::assets::AssetNames;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::StatusCode;
use std::sync::Arc;

/// The file names of this build: from the hash file cargo-leptos writes next
/// to the server binary (or one copied into the site folder with it), else
/// the plain names of a build without hashes.
pub fn names(site_root: &str) -> AssetNames {
    let plain = AssetNames::plain("nulage", "pkg");
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|p| p.join("hash.txt")));
    let in_site = std::path::Path::new(site_root).join("hash.txt");
    beside_binary
        .into_iter()
        .chain([in_site])
        .find_map(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| AssetNames::from_hash_file(&text, "nulage", "pkg"))
        .unwrap_or(plain)
}

/// A file under a content-derived name never changes: browsers keep it a
/// year without asking. Anything else under `/pkg` is checked each time.
pub async fn cache_policy(
    State(names): State<Arc<AssetNames>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    let policy = if !path.starts_with("/pkg/") {
        if path == "/favicon.svg" && response.status() == StatusCode::OK {
            "public, max-age=86400"
        } else {
            return response;
        }
    } else if names.is_hashed(&path) && response.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// The largest page the island script is added to; every page is far smaller.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// Adds the island script to an HTML page that has an island, before
/// `</head>`, with the page's nonce. A page without one gets no script and
/// loads no WASM.
pub async fn island_script(
    State(names): State<Arc<AssetNames>>,
    req: Request,
    next: Next,
) -> Response {
    let response = next.run(req).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "page could not be read");
            return (StatusCode::INTERNAL_SERVER_ERROR, "Något gick fel hos oss.").into_response();
        }
    };
    let Some(at) = island_insertion_point(&bytes) else {
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from(without_hydration_data(&bytes)));
    };
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(nonce_of)
        .map(str::to_string);
    let script = names.island_script(nonce.as_deref());
    let mut page = Vec::with_capacity(bytes.len() + script.len());
    page.extend_from_slice(&bytes[..at]);
    page.extend_from_slice(script.as_bytes());
    page.extend_from_slice(&bytes[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

/// The page without the empty data scripts Leptos writes for hydration, which
/// a page without an island has no use for: such a page carries no script.
fn without_hydration_data(page: &[u8]) -> Vec<u8> {
    const MARKERS: [&[u8]; 2] = [b"__RESOLVED_RESOURCES=", b"__INCOMPLETE_CHUNKS="];
    let mut out = Vec::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = find(rest, b"<script") {
        let tag_end = find(&rest[start..], b">").map(|i| start + i + 1);
        let close = find(&rest[start..], b"</script>").map(|i| start + i + b"</script>".len());
        match (tag_end, close) {
            (Some(tag_end), Some(close))
                if MARKERS.iter().any(|m| rest[tag_end..].starts_with(m)) =>
            {
                out.extend_from_slice(&rest[..start]);
                rest = &rest[close..];
            }
            _ => {
                let keep = tag_end.unwrap_or(rest.len());
                out.extend_from_slice(&rest[..keep]);
                rest = &rest[keep..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Where the script goes: before `</head>`, if the page has an island.
fn island_insertion_point(page: &[u8]) -> Option<usize> {
    let has_island = find(page, b"<leptos-island").is_some();
    has_island.then(|| find(page, b"</head>")).flatten()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The nonce in a Content-Security-Policy's `script-src`.
fn nonce_of(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_with_an_island_get_the_script() {
        let with = b"<html><head><title>x</title></head><body><leptos-island data-component=\"A_1\"></leptos-island></body></html>";
        let at = island_insertion_point(with).unwrap();
        assert!(with[at..].starts_with(b"</head>"));
        let without = b"<html><head></head><body><p>leptos</p></body></html>";
        assert_eq!(island_insertion_point(without), None);
    }

    #[test]
    fn a_page_without_an_island_loses_the_empty_hydration_data() {
        let page = b"<head></head><body><p>Hej</p><script nonce=\"n\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];</script><script nonce=\"n\">__INCOMPLETE_CHUNKS=[];</script><script>other()</script></body>";
        let out = String::from_utf8(without_hydration_data(page)).unwrap();
        assert_eq!(
            out,
            "<head></head><body><p>Hej</p><script>other()</script></body>"
        );
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let policy = app::csp::content_security_policy(Some("AbC123"));
        assert_eq!(nonce_of(&policy), Some("AbC123"));
        assert_eq!(nonce_of(&app::csp::content_security_policy(None)), None);
    }
}
