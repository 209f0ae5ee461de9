//! Server functions for the registry import: preview a staged file, then apply it.

use super::import::{AppliedCounts, ImportPlan};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub id: String,
    pub file_name: String,
    pub plan: ImportPlan,
    /// Set once the file has been applied.
    pub applied: Option<AppliedCounts>,
}

/// Parses a file and plans it against the registry, with the caller's scope as problems.
#[cfg(feature = "ssr")]
pub async fn plan_file(
    db: &crate::db::Db,
    bytes: &[u8],
    user: Option<&crate::auth::CurrentUser>,
) -> Result<ImportPlan, AppError> {
    use super::import::{parse, plan, RowProblem};
    let sectors = db.sectors().await?;
    let (mut rows, mut problems) = parse(bytes, &sectors);
    let mut codes: Vec<&str> = rows.iter().map(|r| r.municipality.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let existing = db.existing_for(&codes).await?;
    if let Some(user) = user {
        rows.retain(|row| {
            let code = row.municipality.code;
            let allowed = match existing.municipalities.get(code) {
                Some(id) => user.can_edit(id),
                None => user.is_admin(),
            };
            if !allowed {
                let message = if existing.municipalities.contains_key(code) {
                    format!("Du har inte behörighet att ändra {} ({code}).", row.municipality.name)
                } else {
                    format!("{} ({code}) finns inte i registret. Be en administratör lägga till kommunen.", row.municipality.name)
                };
                problems.push(RowProblem { line: row.line, column: "kommunkod".into(), message });
            }
            allowed
        });
        problems.sort_by_key(|p| p.line);
    }
    Ok(plan(&rows, problems, &existing))
}

#[cfg(feature = "ssr")]
async fn staged_for_caller(
    id: &str,
) -> Result<(crate::auth::CurrentUser, crate::db::import::StagedImport), AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let staged = db()?
        .staged_import(id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    // Someone else's upload is none of the caller's business.
    if staged.user_id != user.id && !user.is_admin() {
        return Err(AppError::NotFound.with_status());
    }
    Ok((user, staged))
}

#[server]
pub async fn import_preview(id: String) -> Result<ImportReport, AppError> {
    let (user, staged) = staged_for_caller(&id).await?;
    let db = crate::auth::server::db()?;
    let applied = staged
        .applied_at
        .map(|_| serde_json::from_str(&staged.summary).unwrap_or_default());
    let plan = if applied.is_some() {
        ImportPlan::default()
    } else {
        plan_file(&db, staged.content.as_bytes(), Some(&user)).await?
    };
    Ok(ImportReport {
        id: staged.id,
        file_name: staged.file_name,
        plan,
        applied,
    })
}

#[server]
pub async fn apply_import(id: String) -> Result<(), AppError> {
    use crate::auth::server::{client_ip, db};
    let (user, staged) = staged_for_caller(&id).await?;
    if staged.applied_at.is_some() {
        leptos_axum::redirect(&format!("/import/{id}"));
        return Ok(());
    }
    let db = db()?;
    let plan = plan_file(&db, staged.content.as_bytes(), Some(&user)).await?;
    if !plan.problems.is_empty() {
        return Err(AppError::invalid(format!(
            "Filen har {} problem. Rätta filen och läs in den igen; inget har sparats.",
            plan.problems.len()
        )));
    }
    let counts = match db.apply_import(&plan, Some(&id)).await {
        Ok(counts) => counts,
        // Applied by a parallel request (double click): the first one counts.
        Err(sqlx::Error::RowNotFound) => {
            leptos_axum::redirect(&format!("/import/{id}"));
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    db.audit(
        Some(&user),
        "registry.import",
        &staged.file_name,
        &format!(
            "{} kommuner, {} nya och {} ändrade enheter, {} nya och {} ändrade kontaktpersoner",
            counts.municipalities,
            counts.units_created,
            counts.units_updated,
            counts.contacts_created,
            counts.contacts_updated
        ),
        &client_ip(),
    )
    .await?;
    leptos_axum::redirect(&format!("/import/{id}"));
    Ok(())
}
