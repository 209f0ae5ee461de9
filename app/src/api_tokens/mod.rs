//! Personal API tokens for the read-only data feed (`/api/v1/`, docs/API.md).
//!
//! A token acts for its user with exactly what they may read, and nothing
//! else: the feed has no way to change anything and shows no personal links.
//! The token itself is shown once; only its SHA-256 is stored.

pub mod api;
pub mod pages;

use serde::{Deserialize, Serialize};

/// Every token starts with this, so that it can be recognised (by a secret
/// scanner, say) and told from a password.
pub const TOKEN_PREFIX: &str = "nlg_";

/// Characters of a token kept readable, so that its owner can tell tokens apart.
pub const HINT_CHARS: usize = 8;

/// Active tokens a user may have at once.
pub const MAX_ACTIVE_PER_USER: i64 = 20;

/// The longest name of a token.
pub const MAX_NAME_CHARS: usize = 80;

/// A token as its owner and the administrators see it (never the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRecord {
    pub id: String,
    pub name: String,
    /// The token's first characters, e.g. `nlg_Qk3x`.
    pub hint: String,
    pub owner_email: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    /// As it was when the record was read.
    pub state: TokenStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenStatus {
    Active,
    Expired,
    Revoked,
}

impl ApiTokenRecord {
    pub fn status(&self, now: i64) -> TokenStatus {
        if self.revoked_at.is_some() {
            TokenStatus::Revoked
        } else if self.expires_at.is_some_and(|at| at <= now) {
            TokenStatus::Expired
        } else {
            TokenStatus::Active
        }
    }
}

/// A token just made: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub name: String,
    pub token: String,
    pub expires_at: Option<i64>,
}

/// How long a new token is valid: (form value, days, Swedish, English).
pub const EXPIRY_CHOICES: &[(&str, Option<i64>, &str, &str)] = &[
    ("30", Some(30), "30 dagar", "30 days"),
    ("90", Some(90), "90 dagar", "90 days"),
    ("365", Some(365), "Ett år", "One year"),
    ("ingen", None, "Tills den återkallas", "Until it is revoked"),
];

/// The expiry chosen in the form: `Ok(None)` for a token without end.
pub fn parse_expiry(value: &str) -> Result<Option<i64>, String> {
    EXPIRY_CHOICES
        .iter()
        .find(|(key, ..)| *key == value.trim())
        .map(|(_, days, ..)| *days)
        .ok_or_else(|| "Välj hur länge nyckeln ska gälla.".to_string())
}

/// A token's name as its owner typed it, trimmed; refused when empty, too
/// long or with control characters.
pub fn parse_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(
            "Ge nyckeln ett namn, till exempel det rapportverktyg den ska användas i.".into(),
        );
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "Namnet får vara högst {MAX_NAME_CHARS} tecken långt."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("Namnet får inte innehålla radbrytningar eller styrtecken.".into());
    }
    Ok(name.to_string())
}

/// The token in an `Authorization: Bearer …` header, if that is what it holds.
pub fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer")
        && token.starts_with(TOKEN_PREFIX)
        && token.len() <= 100
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(token)
}

/// The readable start of a token.
pub fn hint_of(token: &str) -> String {
    token.chars().take(HINT_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_headers_are_read_strictly() {
        let token = "nlg_Qk3x9_b-F2mZtY7uVw8PaAQk3x9_b-F2mZtY7uVw8Pa";
        assert_eq!(bearer_token(&format!("Bearer {token}")), Some(token));
        assert_eq!(bearer_token(&format!("bearer  {token} ")), Some(token));
        for bad in [
            String::new(),
            token.to_string(),
            format!("Basic {token}"),
            "Bearer abc".to_string(),
            format!("Bearer {token}'; DROP TABLE x"),
            format!("Bearer nlg_{}", "a".repeat(200)),
        ] {
            assert_eq!(bearer_token(&bad), None, "{bad}");
        }
    }

    #[test]
    fn names_and_expiry_are_checked() {
        assert_eq!(parse_name("  Power BI  ").unwrap(), "Power BI");
        assert!(parse_name(" ").is_err());
        assert!(parse_name(&"x".repeat(81)).is_err());
        assert!(parse_name("a\nb").is_err());
        assert_eq!(parse_expiry("90"), Ok(Some(90)));
        assert_eq!(parse_expiry("ingen"), Ok(None));
        assert!(parse_expiry("7").is_err());
    }

    #[test]
    fn status_follows_revocation_then_expiry() {
        let mut t = ApiTokenRecord {
            id: "1".into(),
            name: "x".into(),
            hint: "nlg_abcd".into(),
            owner_email: "a@b.se".into(),
            created_at: 0,
            expires_at: Some(100),
            revoked_at: None,
            last_used_at: None,
            state: TokenStatus::Active,
        };
        assert_eq!(t.status(99), TokenStatus::Active);
        assert_eq!(t.status(100), TokenStatus::Expired);
        t.revoked_at = Some(5);
        assert_eq!(t.status(0), TokenStatus::Revoked);
    }
}
