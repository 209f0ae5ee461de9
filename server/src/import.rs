//! Registry import outside Leptos: the file upload, the template, and the command line.

use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::registry::import::{decode, Change, ImportPlan};
use app::registry::import_api::plan_file;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;

/// Largest registry file accepted.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    Router::new()
        .route("/import/fil", post(upload))
        .route("/import/mall.csv", get(template))
        // Room for the file and the multipart framing; the handler enforces MAX_FILE_BYTES.
        .layer(RequestBodyLimitLayer::new(MAX_FILE_BYTES + 64 * 1024))
        .with_state(db)
}

/// The template: Swedish Excel's CSV (UTF-8 with BOM, semicolons, CRLF).
async fn template() -> Response {
    let body = "\u{feff}kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n\
                0780;Växjö;Utbildningsförvaltningen;förvaltning;Utbildning;Anna Lind;anna.lind@vaxjo.se;EU-samordnare\r\n\
                0780;Växjö;Växjöbostäder AB;bolag;Bostäder;;;\r\n";
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
            Err(_) => return Redirect::to("/import?fel=tom").into_response(),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Redirect::to("/import?fel=tom").into_response();
    };
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    match db.stage_import(&user.id, &name, &decode(&bytes)).await {
        Ok(id) => Redirect::to(&format!("/import/{id}")).into_response(),
        Err(error) => {
            tracing::error!(%error, "staging an import failed");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "Filen kunde inte sparas. Försök igen.",
            )
                .into_response()
        }
    }
}

/// `nulage import-registry FILE [--dry-run]`: the same preview as the page, as
/// text. Returns the report; with problems, the report is the error's first part.
pub async fn import_from_cli(
    db: &Db,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<String, (String, String)> {
    let fail = |message: String| (String::new(), message);
    let bytes =
        std::fs::read(path).map_err(|e| fail(format!("kan inte läsa {}: {e}", path.display())))?;
    let plan = plan_file(db, &bytes, None)
        .await
        .map_err(|e| fail(e.to_string()))?;
    let mut report = describe(&plan);
    if !plan.problems.is_empty() {
        let message = format!(
            "filen har {} problem; inget har sparats",
            plan.problems.len()
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
    for p in &plan.problems {
        if p.line == 0 {
            out.push_str(&format!("fel: {}\n", p.message));
        } else {
            out.push_str(&format!(
                "rad {}, kolumn {}: {}\n",
                p.line, p.column, p.message
            ));
        }
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
