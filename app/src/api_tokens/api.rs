//! Server functions for API tokens: a user makes, lists and revokes their
//! own; an administrator lists and revokes everyone's.

use super::{ApiTokenRecord, NewApiToken};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::*;

/// The caller's own tokens, newest first.
#[server]
pub async fn my_api_tokens() -> Result<Vec<ApiTokenRecord>, AppError> {
    let user = require_user()?;
    Ok(db()?.api_tokens(Some(&user.id)).await?)
}

/// Every token there is (administrators).
#[server]
pub async fn all_api_tokens() -> Result<Vec<ApiTokenRecord>, AppError> {
    require_admin()?;
    Ok(db()?.api_tokens(None).await?)
}

/// Makes a token for the caller; its secret is in the result, once.
#[server]
pub async fn create_api_token(name: String, expiry: String) -> Result<NewApiToken, AppError> {
    let user = require_user()?;
    let db = db()?;
    let mut problems = Vec::new();
    let name = super::parse_name(&name)
        .map_err(|m| problems.push(("token-name".to_string(), m)))
        .ok();
    let days = super::parse_expiry(&expiry)
        .map_err(|m| problems.push(("token-expiry".to_string(), m)))
        .ok();
    let (Some(name), Some(days)) = (name, days) else {
        return Err(AppError::invalid_fields(problems));
    };
    if db.active_api_token_count(&user.id).await? >= super::MAX_ACTIVE_PER_USER {
        return Err(AppError::invalid_fields(vec![(
            "token-name".into(),
            format!(
                "Du har redan {} giltiga nycklar. Återkalla en som inte används innan du skapar en ny.",
                super::MAX_ACTIVE_PER_USER
            ),
        )]));
    }
    let token = format!("{}{}", super::TOKEN_PREFIX, new_token());
    let expires_at = days.map(|days| crate::db::now() + days * 86_400);
    let id = db
        .create_api_token(
            &user.id,
            &name,
            &token_hash(&token),
            &super::hint_of(&token),
            expires_at,
        )
        .await?;
    let detail = match expires_at {
        Some(at) => format!(
            "{name}; giltig till {}",
            crate::time::format_date_stockholm(at)
        ),
        None => format!("{name}; utan slutdatum"),
    };
    db.audit(Some(&user), "api_token.created", &id, &detail, &client_ip())
        .await?;
    crate::components::show_result();
    Ok(NewApiToken {
        name,
        token,
        expires_at,
    })
}

/// Revokes a token of the caller's (or any, for administrators). Someone
/// else's token looks like a missing one.
#[server]
pub async fn revoke_api_token(id: String) -> Result<(), AppError> {
    let user = require_user()?;
    let db = db()?;
    let found = if uuid::Uuid::parse_str(&id).is_ok() {
        db.api_token(&id).await?
    } else {
        None
    };
    let Some((token, owner)) = found else {
        return Err(AppError::NotFound.with_status());
    };
    if owner != user.id && !user.is_admin() {
        return Err(deny_out_of_scope(&user, &format!("api_token {id}")).await);
    }
    if db.revoke_api_token(&id, &user.id).await? {
        db.audit(
            Some(&user),
            "api_token.revoked",
            &id,
            &format!("{}; {}", token.name, token.owner_email),
            &client_ip(),
        )
        .await?;
    }
    crate::components::show_result();
    Ok(())
}
