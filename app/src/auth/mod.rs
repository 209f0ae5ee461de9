//! Accounts, roles and what each role may see and do.
//!
//! Unit contacts never log in (they answer through their link); everyone else does.

pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod link_key;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use crate::email::{parse_email, EMAIL_CONTROL_ERROR};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Everything, including users and settings.
    Admin,
    /// Works on the municipalities assigned to them.
    Coordinator,
    /// Reads the municipalities assigned to them.
    Reader,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Reader];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Reader => "reader",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Role::Admin => lang.t("Administratör", "Administrator"),
            Role::Coordinator => lang.t("Samordnare", "Coordinator"),
            Role::Reader => lang.t("Läsare", "Reader"),
        }
    }
}

/// The logged-in person, as every server function sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Ids of the municipalities in scope; empty for administrators, who see all.
    pub municipality_ids: Vec<String>,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May see this municipality's registry, rounds and analysis.
    pub fn can_read(&self, municipality_id: &str) -> bool {
        self.is_admin() || self.municipality_ids.iter().any(|id| id == municipality_id)
    }

    /// May change this municipality's data.
    pub fn can_edit(&self, municipality_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Coordinator => self.can_read(municipality_id),
            Role::Reader => false,
        }
    }

    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.email
        } else {
            &self.name
        }
    }
}

/// An account as the administrator's pages list it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub has_password: bool,
    pub municipality_codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditRecord {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub client_ip: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// The shortest password accepted: length is what makes a password strong.
pub const MIN_PASSWORD_LEN: usize = 12;
pub const MAX_PASSWORD_LEN: usize = 256;

/// Checks a new password; the error is in Swedish.
pub fn check_new_password(password: &str, repeat: &str, email: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(format!(
            "Lösenordet måste vara minst {MIN_PASSWORD_LEN} tecken långt."
        ));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(format!(
            "Lösenordet får vara högst {MAX_PASSWORD_LEN} tecken långt."
        ));
    }
    let lowered = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if (!local.is_empty() && lowered.contains(&local))
        || lowered.contains("nulage")
        || lowered.contains("lösenord")
        || lowered.contains("password")
    {
        return Err("Välj ett lösenord som inte innehåller din e-postadress, tjänstens namn eller ordet lösenord.".into());
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Err("Lösenordet får inte bestå av ett och samma tecken.".into());
    }
    if password != repeat {
        return Err("Lösenorden är inte likadana. Skriv samma lösenord två gånger.".into());
    }
    Ok(())
}

/// A plausible e-mail address: one @, something before it, a dot in the domain, no spaces.
/// The client's address as the server's middleware worked it out: the
/// connection's, or behind a trusted reverse proxy the one it forwarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// Where to go after logging in: only paths on this site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/kommuner".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, ids: &[&str]) -> CurrentUser {
        CurrentUser {
            id: "u".into(),
            email: "a@b.se".into(),
            name: String::new(),
            role,
            municipality_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn scope_by_role() {
        let admin = user(Role::Admin, &[]);
        let coordinator = user(Role::Coordinator, &["karlskrona"]);
        let reader = user(Role::Reader, &["karlskrona"]);
        assert!(admin.can_read("vaxjo") && admin.can_edit("vaxjo"));
        assert!(coordinator.can_read("karlskrona") && coordinator.can_edit("karlskrona"));
        assert!(!coordinator.can_read("vaxjo") && !coordinator.can_edit("vaxjo"));
        assert!(reader.can_read("karlskrona") && !reader.can_edit("karlskrona"));
        assert!(!reader.can_read("vaxjo"));
    }

    #[test]
    fn password_rules() {
        let ok = "korv med bröd och senap";
        assert!(check_new_password(ok, ok, "anna@kommun.se").is_ok());
        assert!(check_new_password("kort", "kort", "anna@kommun.se").is_err());
        let exactly = "abcdefghijkl";
        assert!(check_new_password(exactly, exactly, "x@y.se").is_ok());
        let short = "abcdefghijk";
        assert!(check_new_password(short, short, "x@y.se").is_err());
        assert!(check_new_password(ok, "annat lösen här", "anna@kommun.se").is_err());
        let with_mail = "anna.andersson123";
        assert!(check_new_password(with_mail, with_mail, "anna.andersson@kommun.se").is_err());
        let same = "aaaaaaaaaaaaaaa";
        assert!(check_new_password(same, same, "x@y.se").is_err());
    }

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/kommuner/0780")), "/kommuner/0780");
        assert_eq!(safe_next(Some("//evil.example")), "/kommuner");
        assert_eq!(safe_next(Some("https://evil.example")), "/kommuner");
        assert_eq!(safe_next(None), "/kommuner");
    }
}
