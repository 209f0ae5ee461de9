//! Messages in a URL that only the server can have written.
//!
//! A form posted without JavaScript is answered with a redirect back to its
//! page, the error in the query string (Leptos's `__err`, the questionnaire
//! import's `fel`). Anybody can write such a link, so a page shows the
//! message only when it carries the server's signature (`__sig`, `sig`):
//! otherwise a link could put any words on the login page.
//!
//! On the server the signature is checked with the key; the browser cannot
//! check it, so the server names the signature it vouched for in a `<meta>`
//! of the page, and the browser shows only a message with that signature.

/// The `<meta>` that names the signature the server checked.
pub const VOUCHED_META: &str = "nulage-vouched";

/// Signs and checks messages (server only; the key never leaves it).
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct MessageSigner {
    key: std::sync::Arc<Vec<u8>>,
}

#[cfg(feature = "ssr")]
impl std::fmt::Debug for MessageSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MessageSigner(…)")
    }
}

#[cfg(feature = "ssr")]
impl MessageSigner {
    pub fn new(key: Vec<u8>) -> MessageSigner {
        MessageSigner {
            key: std::sync::Arc::new(key),
        }
    }

    /// The signature of `parts` (say the form's path and its error).
    pub fn sign(&self, parts: &[&str]) -> String {
        use base64::Engine;
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        let tag = mac.finalize().into_bytes();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&tag[..18])
    }

    pub fn verify(&self, parts: &[&str], signature: &str) -> bool {
        use subtle_eq::eq;
        eq(self.sign(parts).as_bytes(), signature.as_bytes())
    }
}

/// Constant-time comparison, so that timing tells nothing about the signature.
#[cfg(feature = "ssr")]
mod subtle_eq {
    pub fn eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// True when `signature` is the server's for `parts`, on this page.
pub fn vouched(parts: &[&str], signature: Option<&str>) -> bool {
    let Some(signature) = signature.filter(|s| !s.is_empty()) else {
        return false;
    };
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<MessageSigner>()
            .is_some_and(|signer| signer.verify(parts, signature))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = parts;
        vouched_on_page().as_deref() == Some(signature)
    }
}

#[cfg(feature = "hydrate")]
fn vouched_on_page() -> Option<String> {
    leptos::prelude::document()
        .query_selector(&format!("meta[name='{VOUCHED_META}']"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
}

#[cfg(not(any(feature = "hydrate", feature = "ssr")))]
fn vouched_on_page() -> Option<String> {
    None
}

/// The signature of the request's message that the server vouches for, for
/// the page's `<meta>`: Leptos's `__path` + `__err` or the import's `fel`.
#[cfg(feature = "ssr")]
pub fn vouched_in_request() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let signer = leptos::prelude::use_context::<MessageSigner>()?;
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(parts.uri.query().unwrap_or_default()).ok()?;
    let get = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (message, signature) = match (get("__path"), get("__err"), get("__sig")) {
        (Some(path), Some(err), Some(sig)) => (vec![path, err], sig),
        _ => (vec![get("fel")?], get("sig")?),
    };
    signer
        .verify(&message, signature)
        .then(|| signature.to_string())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_message_only() {
        let signer = MessageSigner::new(b"nyckel".to_vec());
        let sig = signer.sign(&["/api/login", "{\"Invalid\":\"Fel\"}"]);
        assert!(signer.verify(&["/api/login", "{\"Invalid\":\"Fel\"}"], &sig));
        assert!(!signer.verify(&["/api/login", "{\"Invalid\":\"Ring 070\"}"], &sig));
        // Parts cannot be moved across the boundary between them.
        assert!(!signer.verify(&["/api/logi", "n{\"Invalid\":\"Fel\"}"], &sig));
        assert!(!MessageSigner::new(b"annan".to_vec())
            .verify(&["/api/login", "{\"Invalid\":\"Fel\"}"], &sig));
    }
}
