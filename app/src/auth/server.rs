//! Server side of access control: credentials, sessions, the caller, and audit.

use super::{CurrentUser, Role};
use crate::db::Db;
use crate::error::AppError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use leptos::prelude::*;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "nulage_session";
/// A session ends after this long without a request …
pub const SESSION_IDLE_SECS: i64 = 2 * 60 * 60;
/// … and in any case this long after login.
pub const SESSION_ABSOLUTE_SECS: i64 = 12 * 60 * 60;
/// How long the link from `nulage create-admin` is valid.
pub const SETUP_LINK_SECS: i64 = 60 * 60;
/// How long invitation and reset links are valid.
pub const INVITE_LINK_SECS: i64 = 72 * 60 * 60;
/// Failed logins per account, and per client address, in the window before a pause.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// Settings the server functions need, provided through Leptos context.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Public base URL without a trailing slash.
    pub base_url: String,
}

impl AuthConfig {
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// A fresh secret with 256 random bits, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a token: its SHA-256, hex-encoded.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Argon2id with the crate's defaults (OWASP's recommended parameters).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            AppError::Internal
        })
}

/// Verifies a password; an unknown account is checked against a dummy hash so
/// that the time taken does not tell whether the account exists.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy =
        DUMMY.get_or_init(|| hash_password("dummy password for timing").unwrap_or_default());
    let (hash, real) = match stored {
        Some(hash) => (hash, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && real
}

pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or(AppError::Internal)
}

pub fn config() -> Result<AuthConfig, AppError> {
    use_context::<AuthConfig>().ok_or(AppError::Internal)
}

/// The caller, as resolved from the session cookie by the server's middleware.
pub fn current_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// The caller's address, for throttling and the audit log.
pub fn client_ip() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let known = parts.extensions.get::<super::ClientIp>().map(|ip| ip.0);
            known.or_else(|| {
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|info| info.0.ip())
            })
        })
        .map(|ip| ip.to_string())
        .unwrap_or_default()
}

/// Any logged-in user.
pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or_else(|| AppError::Unauthorized.with_status())
}

pub fn require_admin() -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    if user.role == Role::Admin {
        Ok(user)
    } else {
        tracing::warn!(user = %user.email, "administrator function refused");
        Err(AppError::Forbidden.with_status())
    }
}

/// A municipality outside the caller's scope looks exactly like a missing one;
/// the attempt is logged and audited.
pub async fn deny_out_of_scope(user: &CurrentUser, what: &str) -> AppError {
    tracing::warn!(user = %user.email, %what, "access outside scope refused");
    if let Ok(db) = db() {
        let _ = db
            .audit(Some(user), "access.denied", what, "", &client_ip())
            .await;
    }
    AppError::NotFound.with_status()
}

/// Sets or clears the session cookie on the current response.
pub fn set_session_cookie(token: Option<&str>) -> Result<(), AppError> {
    let secure = if config()?.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let value = match token {
        Some(token) => format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_ABSOLUTE_SECS}{secure}"
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let header = http::HeaderValue::from_str(&value).map_err(|_| AppError::Internal)?;
    response.append_header(http::header::SET_COOKIE, header);
    Ok(())
}

/// Reads the session token from a `Cookie` header.
pub fn session_token_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_eq!(token_hash(&a).len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("korv med bröd och senap").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korv med bröd och senap", Some(&hash)));
        assert!(!verify_password("korv med bröd och ketchup", Some(&hash)));
        assert!(!verify_password("dummy password for timing", None));
        assert!(!verify_password("x", Some("not a hash")));
    }

    #[test]
    fn session_cookie_is_found_among_others() {
        assert_eq!(
            session_token_from_cookies("a=1; nulage_session=abc; b=2"),
            Some("abc")
        );
        assert_eq!(session_token_from_cookies("nulage_session="), None);
        assert_eq!(session_token_from_cookies("other=1"), None);
    }
}
