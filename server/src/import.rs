//! Registry import outside Leptos: the file upload, the template, and the command line.

use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::registry::import::{decode, Change, ImportPlan, MAX_PROBLEMS};
use app::registry::import_api::plan_file;
use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;

/// Largest registry file accepted (the row limit is `app::registry::import::MAX_ROWS`).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    Router::new()
        .route("/import/fil", post(upload))
        .route("/import/mall.csv", get(template))
        // Room for the file and the multipart framing; the handler enforces MAX_FILE_BYTES.
        .layer(RequestBodyLimitLayer::new(MAX_FILE_BYTES + 64 * 1024))
        // A larger request goes back to the form, which says so in Swedish.
        .layer(axum::middleware::map_response(|response| {
            crate::limits::back_to(response, "/import?fel=stor".into())
        }))
        .with_state(db)
}

/// The template: Swedish Excel's CSV (UTF-8 with BOM, semicolons, CRLF).
async fn template() -> Response {
    let body = "\u{feff}kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll;internationell\r\n\
                0780;Växjö;Utbildningsförvaltningen;förvaltning;Utbildning;Anna Lind;anna.lind@vaxjo.se;EU-samordnare;ja\r\n\
                0780;Växjö;Utbildningsförvaltningen;förvaltning;Utbildning;Per Ek;per.ek@vaxjo.se;Rektor;nej\r\n\
                0780;Växjö;Växjöbostäder AB;bolag;Bostäder;;;;\r\n\
                0780;Växjö;Kultur- och fritidsförvaltningen;förvaltning;kultur & fritid;;;;\r\n";
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nulage-register-mall.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

async fn upload(
    State(db): State<Db>,
    user: Option<Extension<CurrentUser>>,
    mut form: Multipart,
) -> Response {
    let Some(Extension(user)) = user else {
        return Redirect::to("/logga-in?nasta=/import").into_response();
    };
    if user.role == Role::Reader {
        return Redirect::to("/import?fel=behorighet").into_response();
    }
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("fil") => {
                let name = field.file_name().unwrap_or("register.csv").to_string();
                match field.bytes().await {
                    Ok(bytes) if bytes.len() > MAX_FILE_BYTES => {
                        return Redirect::to("/import?fel=stor").into_response()
                    }
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return Redirect::to("/import?fel=stor").into_response(),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Redirect::to("/import?fel=stor").into_response()
            }
            Err(_) => return Redirect::to("/import?fel=tom").into_response(),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Redirect::to("/import?fel=tom").into_response();
    };
    let name: String = app::text::one_line(&name).chars().take(200).collect();
    let failed = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "staging an import failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Filen kunde inte sparas. Försök igen.",
        )
            .into_response()
    };
    // Parsed and planned once, here; the preview pages through the plan.
    let plan = match plan_file(&db, &bytes, Some(&user)).await {
        Ok(plan) => plan,
        Err(error) => return failed(&error),
    };
    // Refused before anything is kept: the file has to be split anyway.
    if plan.problems.too_many_rows {
        return Redirect::to("/import?fel=rader").into_response();
    }
    let plan = match serde_json::to_string(&plan) {
        Ok(json) => json,
        Err(error) => return failed(&error),
    };
    match db
        .stage_import(&user.id, &name, &decode(&bytes), &plan)
        .await
    {
        Ok(id) => Redirect::to(&format!("/import/{id}")).into_response(),
        Err(error) => failed(&error),
    }
}

/// `nulage import-registry FILE [--dry-run]`: the same preview as the page, as
/// text. Returns the report; with problems, the report is the error's first part.
pub async fn import_from_cli(
    db: &Db,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<String, (String, String)> {
    use std::io::Read;
    let fail = |message: String| (String::new(), message);
    let unreadable = |e: std::io::Error| fail(format!("kan inte läsa {}: {e}", path.display()));
    // The same limits as an upload: at most 2 MB is read, and 20 000 rows.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "{} är större än 2 MB; dela upp den i flera filer",
            path.display()
        )));
    }
    let plan = plan_file(db, &bytes, None)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let mut report = describe(&plan);
    if !plan.problems.is_empty() {
        let message = format!(
            "filen har {} problem; inget har sparats",
            plan.problems.total()
        );
        return Err((report, message));
    }
    if dry_run {
        report.push_str("Provkörning: inget har sparats.\n");
        return Ok(report);
    }
    let counts = db
        .apply_import(&plan, None)
        .await
        .map_err(|e| fail(format!("databasfel: {e}")))?;
    db.audit_as(
        None,
        "nulage import-registry",
        "registry.import",
        &path.display().to_string(),
        &format!(
            "{} nya och {} ändrade enheter, {} nya och {} ändrade kontaktpersoner",
            counts.units_created,
            counts.units_updated,
            counts.contacts_created,
            counts.contacts_updated
        ),
        "",
    )
    .await
    .map_err(|e| fail(format!("databasfel: {e}")))?;
    report.push_str("Inläst.\n");
    Ok(report)
}

fn describe(plan: &ImportPlan) -> String {
    let mut out = String::new();
    for p in &plan.problems.shown {
        if p.line == 0 {
            out.push_str(&format!("fel: {}\n", p.message));
        } else if p.column.is_empty() {
            out.push_str(&format!("rad {}: {}\n", p.line, p.message));
        } else {
            out.push_str(&format!(
                "rad {}, kolumn {}: {}\n",
                p.line, p.column, p.message
            ));
        }
    }
    if plan.problems.more > 0 {
        out.push_str(&format!(
            "… och {} problem till (de första {MAX_PROBLEMS} visas).\n",
            plan.problems.more
        ));
    }
    let (nu, nc) = plan.count(Change::Create);
    let (cu, cc) = plan.count(Change::Update);
    let (su, sc) = plan.count(Change::Unchanged);
    out.push_str(&format!(
        "Kommuner: {} nya.\nEnheter: {nu} nya, {cu} ändras, {su} oförändrade.\nKontaktpersoner: {nc} nya, {cc} ändras, {sc} oförändrade.\n",
        plan.new_municipalities.len()
    ));
    out
}
