//! Server functions for the registry import: preview a staged file, then apply it.
//!
//! A file is parsed and planned once, when it is uploaded; the plan is kept
//! with the file (`registry_import.plan`). The preview pages through that
//! plan and never reads the file again. Confirming plans the file once more
//! against the registry as it is then, and refuses if that is not what the
//! preview showed.

use super::import::{AppliedCounts, PreviewPage};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub id: String,
    pub file_name: String,
    /// One page of what the import would do; None once it is applied.
    pub preview: Option<PreviewPage>,
    /// Set once the file has been applied.
    pub applied: Option<AppliedCounts>,
}

/// Why a confirmed plan is not applied when the registry changed after the upload.
pub const PLAN_STALE: &str = "Registret har ändrats sedan filen lästes in, så förhandsgranskningen stämmer inte längre. Läs in filen igen och granska den nya förhandsgranskningen. Inget har sparats.";

/// Parses a file and plans it against the registry, with the caller's scope as problems.
#[cfg(feature = "ssr")]
pub async fn plan_file(
    db: &crate::db::Db,
    bytes: &[u8],
    user: Option<&crate::auth::CurrentUser>,
) -> Result<super::import::ImportPlan, AppError> {
    use super::import::{parse, plan, Problems, RowProblem};
    let sectors = db.sectors().await?;
    // Bounded (20 000 rows, 2 MB), but CPU work: off the threads that serve requests.
    let file = bytes.to_vec();
    let (mut rows, mut problems) = tokio::task::spawn_blocking(move || parse(&file, &sectors))
        .await
        .map_err(|_| AppError::Internal)?;
    let mut codes: Vec<&str> = rows.iter().map(|r| r.municipality.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let existing = db.existing_for(&codes).await?;
    if let Some(user) = user {
        let mut out_of_scope = Problems::default();
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
                out_of_scope.push(RowProblem { line: row.line, column: "kommunkod".into(), message });
            }
            allowed
        });
        problems.merge(out_of_scope);
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

/// The plan made when the file was uploaded. A file staged before plans were
/// kept gets its plan made now, once, and kept.
#[cfg(feature = "ssr")]
async fn stored_plan(
    db: &crate::db::Db,
    staged: &crate::db::import::StagedImport,
    user: &crate::auth::CurrentUser,
) -> Result<super::import::ImportPlan, AppError> {
    if let Ok(plan) = serde_json::from_str(&staged.plan) {
        return Ok(plan);
    }
    let content = db
        .staged_import_content(&staged.id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let plan = plan_file(db, content.as_bytes(), Some(user)).await?;
    let json = serde_json::to_string(&plan).map_err(|_| AppError::Internal)?;
    db.save_import_plan(&staged.id, &json).await?;
    Ok(plan)
}

/// One page (from 1) of the preview of a staged file.
#[server]
pub async fn import_preview(
    id: String,
    #[server(default)] page: usize,
) -> Result<ImportReport, AppError> {
    let (user, staged) = staged_for_caller(&id).await?;
    if staged.applied_at.is_some() {
        return Ok(ImportReport {
            id: staged.id,
            file_name: staged.file_name,
            preview: None,
            applied: Some(serde_json::from_str(&staged.summary).unwrap_or_default()),
        });
    }
    let db = crate::auth::server::db()?;
    let plan = stored_plan(&db, &staged, &user).await?;
    Ok(ImportReport {
        id: staged.id,
        file_name: staged.file_name,
        preview: Some(PreviewPage::of(plan, page)),
        applied: None,
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
    let shown = stored_plan(&db, &staged, &user).await?;
    if !shown.problems.is_empty() {
        return Err(AppError::invalid(format!(
            "Filen har {} problem. Rätta filen och läs in den igen; inget har sparats.",
            shown.problems.total()
        )));
    }
    // What is written is planned against the registry as it is now; it must
    // be what the coordinator saw and confirmed.
    let content = db
        .staged_import_content(&id)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let plan = plan_file(&db, content.as_bytes(), Some(&user)).await?;
    if plan != shown {
        // A double click whose first request has just applied the file
        // changed the registry itself: that is not news to the coordinator.
        if db
            .staged_import(&id)
            .await?
            .is_some_and(|s| s.applied_at.is_some())
        {
            leptos_axum::redirect(&format!("/import/{id}"));
            return Ok(());
        }
        return Err(AppError::invalid(PLAN_STALE));
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
