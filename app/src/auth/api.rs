//! Server functions for logging in and out, choosing a password, and managing users.

use super::{AuditFilter, AuditRecord, CurrentUser, UserRecord};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::server::*;

/// Who is logged in, if anyone (for the header and pages that adapt).
#[server]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    Ok(current_user())
}

#[server]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let db = db()?;
    let ip = client_ip();
    // The same words whatever was wrong, so that the form tells nobody which accounts exist.
    let wrong = || AppError::invalid("Fel e-postadress eller lösenord.");
    if email.trim().is_empty() || password.is_empty() {
        return Err(AppError::invalid(
            "Skriv din e-postadress och ditt lösenord.",
        ));
    }
    // Something that is no e-mail address (a password typed in the wrong
    // field, say) is neither stored nor logged: no account can have it.
    let email = super::parse_email(&email).unwrap_or_default();
    let shown = if email.is_empty() {
        "(ingen giltig e-postadress)"
    } else {
        email.as_str()
    };
    let limits = crate::db::auth::LoginLimits {
        per_account: MAX_FAILURES_PER_ACCOUNT,
        per_address: MAX_FAILURES_PER_ADDRESS,
        window_secs: FAILURE_WINDOW_SECS,
    };
    // The attempt is counted before the password is checked, so that
    // parallel guesses cannot slip past the limit.
    if !db.reserve_login_attempt(&email, &ip, limits).await? {
        tracing::warn!(email = %shown, %ip, "login throttled");
        db.audit_as(None, shown, "login.throttled", shown, "", &ip)
            .await?;
        return Err(AppError::invalid(
            "För många misslyckade inloggningar. Vänta en kvart och försök igen.",
        ));
    }
    let credentials = if email.is_empty() {
        None
    } else {
        db.credentials(&email).await?
    };
    let stored = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let candidate = password.clone();
    let verified =
        tokio::task::spawn_blocking(move || verify_password(&candidate, stored.as_deref()))
            .await
            .map_err(|_| AppError::Internal)?;
    let user_id = match credentials {
        Some(c) if verified && !c.disabled => c.user_id,
        _ => {
            // The reserved attempt stays as the failure.
            db.audit_as(None, shown, "login.failed", shown, "", &ip)
                .await?;
            return Err(wrong());
        }
    };
    let token = new_token();
    db.create_session(&token_hash(&token), &user_id, SESSION_ABSOLUTE_SECS)
        .await?;
    db.clear_login_failures(&email).await?;
    db.audit_as(Some(&user_id), &email, "login.succeeded", &email, "", &ip)
        .await?;
    set_session_cookie(Some(&token))?;
    leptos_axum::redirect(&super::safe_next(next.as_deref()));
    Ok(())
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    let db = db()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let token = parts
        .headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session_token_from_cookies)
        .map(str::to_string);
    if let Some(token) = token {
        db.end_session(&token_hash(&token)).await?;
    }
    if let Some(user) = current_user() {
        db.audit(Some(&user), "logout", &user.email, "", &client_ip())
            .await?;
    }
    set_session_cookie(None)?;
    leptos_axum::redirect("/logga-in?utloggad=1");
    Ok(())
}

/// Whose password a one-time link sets, or NotFound when it is used, late or unknown.
#[server]
pub async fn password_link(token: String) -> Result<String, AppError> {
    let target = db()?.link_target(&token_hash(&token)).await?;
    target
        .map(|t| t.email)
        .ok_or_else(|| AppError::NotFound.with_status())
}

#[server]
pub async fn set_password(token: String, password: String, repeat: String) -> Result<(), AppError> {
    let db = db()?;
    let hash = token_hash(&token);
    let target = db.link_target(&hash).await?.ok_or_else(|| {
        AppError::invalid(
            "Länken har redan använts eller gått ut. Be en administratör om en ny länk.",
        )
    })?;
    super::check_new_password(&password, &repeat, &target.email).map_err(|message| {
        // Two passwords that differ: the second is the one to type again.
        let field = if password.chars().count() >= super::MIN_PASSWORD_LEN && password != repeat {
            "repeat"
        } else {
            "password"
        };
        AppError::invalid_fields(vec![(field.into(), message)])
    })?;
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)??;
    // Claim the link first: of two racing uses, only one sets a password.
    if !db.use_link(&hash).await? {
        return Err(AppError::invalid(
            "Länken har redan använts eller gått ut. Be en administratör om en ny länk.",
        ));
    }
    db.set_password_hash(&target.user_id, &password_hash)
        .await?;
    db.audit_as(
        Some(&target.user_id),
        &target.email,
        "user.password_set",
        &target.email,
        "",
        &client_ip(),
    )
    .await?;
    leptos_axum::redirect("/logga-in?losenord=1");
    Ok(())
}

// --- administration ---

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLink {
    pub email: String,
    pub url: String,
    pub valid_hours: i64,
}

#[cfg(feature = "ssr")]
async fn issue_link(
    user_id: &str,
    email: &str,
    purpose: &str,
    valid_secs: i64,
) -> Result<NewLink, AppError> {
    let token = new_token();
    db()?
        .create_link(&token_hash(&token), user_id, purpose, valid_secs)
        .await?;
    Ok(NewLink {
        email: email.to_string(),
        url: format!("{}/konto/losenord/{token}", config()?.base_url),
        valid_hours: valid_secs / 3600,
    })
}

#[server]
pub async fn list_users() -> Result<Vec<UserRecord>, AppError> {
    require_admin()?;
    Ok(db()?.list_users().await?)
}

#[server]
pub async fn get_user(id: String) -> Result<UserRecord, AppError> {
    require_admin()?;
    db()?
        .user_by_id(&id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())
}

#[cfg(feature = "ssr")]
use super::Role;

#[cfg(feature = "ssr")]
async fn checked_access(role: &str, municipalities: &[String]) -> Result<Role, AppError> {
    let role = Role::parse(role).ok_or_else(|| AppError::invalid("Välj en roll."))?;
    let db = db()?;
    for code in municipalities {
        if db.municipality_id(code).await?.is_none() {
            return Err(AppError::invalid(format!(
                "Kommunen med kod {code} finns inte."
            )));
        }
    }
    if role != Role::Admin && municipalities.is_empty() {
        return Err(AppError::invalid(
            "Välj minst en kommun som användaren ska arbeta med.",
        ));
    }
    Ok(role)
}

/// Creates an account and returns the one-time link where the person chooses a password.
#[server]
pub async fn invite_user(
    email: String,
    name: String,
    role: String,
    #[server(default)] municipalities: Vec<String>,
) -> Result<NewLink, AppError> {
    let admin = require_admin()?;
    let db = db()?;
    let email = super::parse_email(&email).map_err(AppError::invalid)?;
    let name = crate::error::clean_line(&name, 200, "Namnet")?;
    let role = checked_access(&role, &municipalities).await?;
    if db.user_exists(&email).await? {
        return Err(AppError::conflict(format!(
            "Det finns redan en användare med e-postadressen {email}. Ändra den i listan i stället."
        )));
    }
    let id = db.ensure_user(&email, &name, role).await?;
    db.set_user_access(&id, &name, role, &municipalities)
        .await?;
    let link = issue_link(&id, &email, "invite", INVITE_LINK_SECS).await?;
    db.audit(
        Some(&admin),
        "user.invited",
        &email,
        &format!("{} {}", role.key(), municipalities.join(",")),
        &client_ip(),
    )
    .await?;
    crate::components::show_result();
    Ok(link)
}

#[server]
pub async fn update_user(
    id: String,
    name: String,
    role: String,
    #[server(default)] municipalities: Vec<String>,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let db = db()?;
    let user = db
        .user_by_id(&id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let role = checked_access(&role, &municipalities).await?;
    if user.id == admin.id && role != Role::Admin {
        return Err(AppError::invalid(
            "Du kan inte ta bort din egen administratörsroll.",
        ));
    }
    let name = crate::error::clean_line(&name, 200, "Namnet")?;
    db.set_user_access(&id, &name, role, &municipalities)
        .await?;
    db.audit(
        Some(&admin),
        "user.updated",
        &user.email,
        &format!("{} {}", role.key(), municipalities.join(",")),
        &client_ip(),
    )
    .await?;
    crate::components::show_result();
    Ok(())
}

#[server]
pub async fn set_user_disabled(id: String, disabled: bool) -> Result<(), AppError> {
    let admin = require_admin()?;
    let db = db()?;
    let user = db
        .user_by_id(&id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    if user.id == admin.id {
        return Err(AppError::invalid("Du kan inte stänga av ditt eget konto."));
    }
    db.set_user_disabled(&id, disabled).await?;
    let action = if disabled {
        "user.disabled"
    } else {
        "user.enabled"
    };
    db.audit(Some(&admin), action, &user.email, "", &client_ip())
        .await?;
    Ok(())
}

#[server]
pub async fn reset_password_link(id: String) -> Result<NewLink, AppError> {
    let admin = require_admin()?;
    let db = db()?;
    let user = db
        .user_by_id(&id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let link = issue_link(&user.id, &user.email, "reset", INVITE_LINK_SECS).await?;
    db.audit(
        Some(&admin),
        "user.reset_link",
        &user.email,
        "",
        &client_ip(),
    )
    .await?;
    crate::components::show_result();
    Ok(link)
}

#[server]
pub async fn audit_log(filter: AuditFilter) -> Result<Vec<AuditRecord>, AppError> {
    require_admin()?;
    Ok(db()?.audit_events(&filter, 500).await?)
}
