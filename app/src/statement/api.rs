//! Server functions of the accessibility statement: anyone reads it, only
//! administrators change it.
// The edit form's fields are the arguments of its server function.
#![allow(clippy::too_many_arguments)]

use super::Statement;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the public page shows: the saved statement (None: the shipped
/// one), and whether the caller may change it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPage {
    pub stored: Option<Statement>,
    pub can_edit: bool,
}

/// The statement for everyone, logged in or not.
#[server]
pub async fn accessibility_statement() -> Result<StatementPage, AppError> {
    use crate::auth::server::{current_user, db};
    let can_edit = current_user().is_some_and(|u| u.role == crate::auth::Role::Admin);
    Ok(StatementPage {
        stored: db()?.accessibility_statement().await?,
        can_edit,
    })
}

/// The saved statement for its edit page (administrators only).
#[server]
pub async fn statement_for_edit() -> Result<Option<Statement>, AppError> {
    use crate::auth::server::{db, require_admin};
    require_admin()?;
    Ok(db()?.accessibility_statement().await?)
}

/// Saves the statement (administrators only) and stamps it as updated now.
/// A refused post changes nothing.
#[server]
pub async fn save_statement(
    #[server(default)] organisation: String,
    #[server(default)] service: String,
    #[server(default)] compliance: String,
    #[server(default)] gaps: String,
    #[server(default)] assessed_on: String,
    #[server(default)] assessment: String,
    #[server(default)] method: String,
    #[server(default)] contact_email: String,
    #[server(default)] contact_phone: String,
    #[server(default)] reply_time: String,
) -> Result<(), AppError> {
    use crate::auth::server::{client_ip, db, require_admin};
    let admin = require_admin()?;
    let posted = super::Posted {
        organisation,
        service,
        compliance,
        gaps,
        assessed_on,
        assessment,
        method,
        contact_email,
        contact_phone,
        reply_time,
    };
    let statement = super::check(&posted, crate::db::now()).map_err(AppError::invalid_fields)?;
    let db = db()?;
    db.save_accessibility_statement(&statement, Some(&admin.id))
        .await?;
    db.audit(
        Some(&admin),
        "statement.updated",
        "tillganglighet",
        statement.compliance.key(),
        &client_ip(),
    )
    .await?;
    crate::components::show_result();
    Ok(())
}
