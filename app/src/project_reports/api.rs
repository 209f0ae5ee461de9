//! Server functions of the project reports: the report page behind a unit's
//! standing link (no account), the link on the unit's page, and what a
//! municipality's units reported since its latest round.

use crate::error::AppError;
use crate::questionnaire::model::{Answers, Questionnaire};
use crate::vocabulary::UnitKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One reported project as the pages list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedSummary {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub name: String,
    /// Status option key.
    pub status: Option<String>,
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub reported_by: String,
    pub reported_at: i64,
    pub updated_at: i64,
    /// The whole item, for the receipt.
    pub answers: Answers,
}

#[cfg(feature = "ssr")]
impl ReportedSummary {
    fn of(p: crate::db::project_reports::ReportedProject) -> ReportedSummary {
        use crate::analysis::projects::keys;
        ReportedSummary {
            name: super::item_name(&p.answers),
            status: match p.answers.get(keys::STATUS) {
                Some(crate::questionnaire::model::Answer::Text(t)) => Some(t.clone()),
                _ => None,
            },
            start: super::item_year(&p.answers, keys::START),
            end: super::item_year(&p.answers, keys::END),
            id: p.id,
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            reported_by: p.reported_by,
            reported_at: p.reported_at,
            updated_at: p.updated_at,
            answers: p.answers,
        }
    }
}

/// What the report page behind a standing link shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub token: String,
    pub unit_name: String,
    pub municipality_name: String,
    pub kind: UnitKind,
    /// The project group as a form of its own (`super::report_form`).
    pub form: Questionnaire,
    /// What the unit reported through its link, newest first.
    pub projects: Vec<ReportedSummary>,
    /// The unit has reported as many projects as it may.
    pub full: bool,
}

/// A standing link that leads to an active unit, with the form it shows.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct OpenedReport {
    pub unit: crate::db::project_reports::ReportLinkUnit,
    pub kind: UnitKind,
    /// The questionnaire version whose group the form is; None for the
    /// shipped questionnaire's.
    pub version_id: Option<String>,
    pub form: Questionnaire,
}

/// Opens a standing report link; None for a malformed, unknown or revoked
/// one (never said apart to the visitor). The form is the project group of
/// the questionnaire of the unit's newest round, or the shipped one's.
#[cfg(feature = "ssr")]
pub async fn open_report_link(
    db: &crate::db::Db,
    token: &str,
) -> Result<Option<OpenedReport>, AppError> {
    if !crate::rounds::respond::looks_like_token(token) {
        tracing::info!("malformed project report link refused");
        return Ok(None);
    }
    let Some(unit) = db.report_link_unit(token).await? else {
        tracing::info!("unknown or revoked project report link refused");
        return Ok(None);
    };
    let latest = db.unit_latest_version(&unit.unit_id).await?;
    let (form, own) = super::form_for(latest.as_ref().map(|(_, d)| d.as_str()));
    Ok(Some(OpenedReport {
        kind: UnitKind::parse(&unit.kind).unwrap_or(UnitKind::Annat),
        version_id: latest.filter(|_| own).map(|(id, _)| id),
        form,
        unit,
    }))
}

#[server(endpoint = "projekt/rapportera")]
pub async fn get_report_page(token: String) -> Result<ReportPage, AppError> {
    let db = crate::auth::server::db()?;
    let Some(opened) = open_report_link(&db, &token).await? else {
        return Err(AppError::NotFound.with_status());
    };
    let projects: Vec<ReportedSummary> = db
        .unit_reported_projects(&opened.unit.unit_id)
        .await?
        .into_iter()
        .map(ReportedSummary::of)
        .collect();
    Ok(ReportPage {
        token,
        unit_name: opened.unit.unit_name,
        municipality_name: opened.unit.municipality_name,
        kind: opened.kind,
        form: opened.form,
        full: projects.len() as i64 >= crate::db::project_reports::MAX_REPORTED_PER_UNIT,
        projects,
    })
}

/// The standing report link on a unit's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitReportLink {
    pub unit_id: String,
    /// The caller may make, show and revoke the link.
    pub can_edit: bool,
    /// The whole link, when there is one and the caller may see it.
    pub url: Option<String>,
    /// There is a link, but this server's key does not open it.
    pub unreadable: bool,
    /// What came in through the link, newest first.
    pub projects: Vec<ReportedSummary>,
}

/// The unit page's own checks: 404 outside the caller's scope, 403 for a
/// reader who asks to change something.
#[cfg(feature = "ssr")]
use crate::registry::edit_api::checks;

#[server(endpoint = "enheter/rapportlank")]
pub async fn get_unit_report_link(unit_id: String) -> Result<UnitReportLink, AppError> {
    use crate::auth::server::{config, db};
    use crate::db::rounds::LinkSecret;
    let (user, place) = checks::readable_unit(&unit_id).await?;
    let db = db()?;
    let can_edit = user.can_edit(&place.municipality_id);
    let (url, unreadable) = if can_edit {
        match db.report_link(&unit_id).await? {
            LinkSecret::Token(token) => (Some(report_url(&config()?.base_url, &token)), false),
            LinkSecret::Unreadable => (None, true),
            LinkSecret::Revoked => (None, false),
        }
    } else {
        (None, false)
    };
    Ok(UnitReportLink {
        projects: db
            .unit_reported_projects(&unit_id)
            .await?
            .into_iter()
            .map(ReportedSummary::of)
            .collect(),
        unit_id,
        can_edit,
        url,
        unreadable,
    })
}

/// The whole address of a standing report link.
pub fn report_url(base_url: &str, token: &str) -> String {
    format!(
        "{}/projekt/rapportera/{token}",
        base_url.trim_end_matches('/')
    )
}

/// Makes the unit's standing report link, or a new one in place of the old
/// (which stops working).
#[server(endpoint = "enheter/rapportlank/ny")]
pub async fn create_report_link(unit_id: String) -> Result<(), AppError> {
    use crate::auth::server::{client_ip, db};
    let (user, _) = checks::editable_unit(&unit_id).await?;
    let db = db()?;
    db.reset_report_link(&unit_id, true).await?;
    db.audit(
        Some(&user),
        "report_link.created",
        &unit_id,
        "",
        &client_ip(),
    )
    .await?;
    leptos_axum::redirect(&format!("/enheter/{unit_id}#rapportlank"));
    Ok(())
}

/// Revokes the unit's standing report link: it stops working at once.
#[server(endpoint = "enheter/rapportlank/aterkalla")]
pub async fn revoke_report_link(unit_id: String) -> Result<(), AppError> {
    use crate::auth::server::{client_ip, db};
    let (user, _) = checks::editable_unit(&unit_id).await?;
    let db = db()?;
    db.reset_report_link(&unit_id, false).await?;
    db.audit(
        Some(&user),
        "report_link.revoked",
        &unit_id,
        "",
        &client_ip(),
    )
    .await?;
    leptos_axum::redirect(&format!("/enheter/{unit_id}#rapportlank"));
    Ok(())
}

/// What a municipality's units reported since its latest round opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityReports {
    pub code: String,
    pub name: String,
    /// The latest round covering the municipality: (id, name, opened at);
    /// None when there has been none (then everything reported is listed).
    pub since: Option<(String, String, i64)>,
    pub projects: Vec<ReportedSummary>,
}

#[server(endpoint = "kommuner/rapporterade-projekt")]
pub async fn get_municipality_reports(code: String) -> Result<MunicipalityReports, AppError> {
    use crate::auth::server::{db, deny_out_of_scope, require_user};
    let user = require_user()?;
    if !crate::registry::is_valid_municipality_code(&code) {
        return Err(AppError::NotFound.with_status());
    }
    let db = db()?;
    let municipality = db
        .municipality_by_code(&code)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    if !user.can_read(&municipality.id) {
        return Err(deny_out_of_scope(&user, &format!("rapporterade projekt {code}")).await);
    }
    let latest = db.latest_round_of_municipality(&municipality.id).await?;
    let since = latest.as_ref().map_or(i64::MIN, |r| r.opened_at);
    let projects = db
        .municipality_reported_projects(&municipality.id, since)
        .await?
        .into_iter()
        .map(ReportedSummary::of)
        .collect();
    Ok(MunicipalityReports {
        code: municipality.code,
        name: municipality.name,
        since: latest.map(|r| (r.id, r.name, r.opened_at)),
        projects,
    })
}

/// The projects reported between rounds that the project register of
/// `round_id` shows for a municipality: those reported, or reported
/// finished, since the round opened, when it is the newest round covering
/// the municipality (an older round's register stays as it was answered).
#[cfg(feature = "ssr")]
pub async fn register_reports(
    db: &crate::db::Db,
    round_id: &str,
    municipality_id: &str,
) -> Result<Vec<crate::db::project_reports::ReportedProject>, sqlx::Error> {
    match db.latest_round_of_municipality(municipality_id).await? {
        Some(latest) if latest.id == round_id => {
            db.municipality_reported_projects(municipality_id, latest.opened_at)
                .await
        }
        _ => Ok(Vec::new()),
    }
}

/// Merges reported projects into one municipality's projects of a register
/// (see `crate::analysis::projects::add_reported`).
#[cfg(feature = "ssr")]
pub fn add_to_register(
    projects: &mut Vec<crate::analysis::projects::Project>,
    code: &str,
    name: &str,
    reported: &[crate::db::project_reports::ReportedProject],
    labels: &crate::analysis::projects::Labels,
) {
    use crate::analysis::projects::{add_reported, Reported};
    if reported.is_empty() {
        return;
    }
    let units: Vec<crate::analysis::UnitRef> = reported
        .iter()
        .map(|r| crate::analysis::UnitRef {
            id: r.unit_id.clone(),
            name: r.unit_name.clone(),
            municipality_code: code.to_string(),
            kind: UnitKind::parse(&r.unit_kind).unwrap_or(UnitKind::Annat),
            sector: r.unit_sector.clone(),
        })
        .collect();
    // Oldest first, so that the newest report's status stands.
    let mut order: Vec<usize> = (0..reported.len()).collect();
    order.sort_by_key(|&i| (reported[i].updated_at, reported[i].reported_at));
    add_reported(
        projects,
        code,
        name,
        order.into_iter().map(|i| Reported {
            unit: &units[i],
            item: &reported[i].answers,
            at: reported[i].updated_at.max(reported[i].reported_at),
        }),
        labels,
    );
}
