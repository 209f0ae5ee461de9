//! The Content-Security-Policy every response carries.
//!
//! Scripts run only from this site or, inline, with the response's nonce
//! (the hydration script Leptos writes); no plugins, no `<base>` elsewhere,
//! no framing, no inline styles. A script that reached a page some other way
//! is refused by the browser.

/// The policy; `nonce` is the one Leptos put on the page's inline scripts
/// (none for responses that are not pages: downloads, redirects, errors).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the policy with this response's nonce on the page being rendered.
#[cfg(feature = "ssr")]
pub fn set_for_page() {
    use leptos::prelude::use_context;
    let nonce = leptos::nonce::use_nonce();
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let policy = content_security_policy(nonce.as_deref());
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_need_the_nonce() {
        let policy = content_security_policy(Some("abc123"));
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        for part in [
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(part), "{policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(!content_security_policy(None).contains("nonce"));
    }
}
