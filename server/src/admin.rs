//! Command-line administration: the first administrator.

use app::auth::server::{new_token, token_hash, SETUP_LINK_SECS};
use app::auth::{parse_email, Role};
use app::db::Db;

/// Creates (or promotes) an administrator; returns the normalised e-mail
/// address and a one-time link for choosing a password.
pub async fn create_admin(
    db: &Db,
    email: &str,
    name: &str,
    base_url: &str,
) -> Result<(String, String), String> {
    let email = parse_email(email).map_err(|e| format!("ogiltig e-postadress \"{email}\": {e}"))?;
    let fail = |e: app::db::DbError| format!("databasfel: {e}");
    // One line, like every name that comes in through the forms.
    let name = &app::text::one_line(name);
    let id = db
        .ensure_user(&email, name.trim(), Role::Admin)
        .await
        .map_err(fail)?;
    let existing = db.user_by_id(&id).await.map_err(fail)?;
    let name = existing
        .as_ref()
        .map(|u| {
            if name.trim().is_empty() {
                u.name.clone()
            } else {
                name.trim().to_string()
            }
        })
        .unwrap_or_default();
    db.set_user_access(&id, &name, Role::Admin, &[])
        .await
        .map_err(fail)?;
    db.set_user_disabled(&id, false).await.map_err(fail)?;
    let token = new_token();
    db.create_link(&token_hash(&token), &id, "setup", SETUP_LINK_SECS)
        .await
        .map_err(fail)?;
    db.audit_as(
        None,
        "nulage create-admin",
        "user.admin_created",
        &email,
        "",
        "",
    )
    .await
    .map_err(fail)?;
    Ok((email, format!("{base_url}/konto/losenord/{token}")))
}
