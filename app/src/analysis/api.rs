//! Server functions for the analysis pages. A user sees the municipalities of
//! a round that are in their scope, and only those; readers change nothing.
// A form with one field per threshold makes a server function with many arguments.
#![allow(clippy::too_many_arguments)]

use super::{KeyFigures, MunicipalityBaseline, Participation, ThemeMatrix, Thresholds};
use crate::error::AppError;
use crate::questionnaire::model::Text;
use crate::rounds::Phase;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the round's analysis page shows: every municipality side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundAnalysis {
    pub round_id: String,
    pub round_name: String,
    pub questionnaire: Text,
    pub phase: Phase,
    pub can_edit: bool,
    pub include_drafts: bool,
    pub thresholds: Thresholds,
    pub total: Participation,
    pub total_figures: KeyFigures,
    /// "15 av 16 kommuner har svarat".
    #[serde(default)]
    pub municipalities_answered: super::MunicipalitiesAnswered,
    pub municipalities: Vec<MunicipalityRow>,
    pub theme_matrix: ThemeMatrix,
    /// When the figures were computed.
    pub generated_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityRow {
    pub code: String,
    pub name: String,
    pub figures: KeyFigures,
    /// The most serious flag's title, if any.
    pub top_flag: Option<Text>,
}

/// What one municipality's analysis page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityAnalysis {
    pub round_id: String,
    pub round_name: String,
    pub questionnaire: Text,
    pub phase: Phase,
    pub include_drafts: bool,
    pub thresholds: Thresholds,
    /// Sector keys and names, for labels.
    pub sectors: Vec<(String, Text)>,
    pub municipality: MunicipalityBaseline,
    pub generated_at: i64,
}

#[cfg(feature = "ssr")]
mod server {
    use crate::auth::CurrentUser;
    use crate::db::rounds::RoundRow;

    /// The round's municipalities the user may see.
    pub fn visible(user: &CurrentUser, round: &RoundRow) -> Vec<String> {
        round
            .municipality_ids
            .iter()
            .filter(|m| user.can_read(m))
            .cloned()
            .collect()
    }
}

#[server(endpoint = "analys/omgang")]
pub async fn get_round_analysis(
    id: String,
    #[server(default)] drafts: bool,
) -> Result<RoundAnalysis, AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let ids = server::visible(&user, &round);
    let baseline = super::load::baseline(&db, &round, &ids, drafts).await?;
    Ok(RoundAnalysis {
        round_id: round.id.clone(),
        round_name: round.name.clone(),
        questionnaire: baseline.questionnaire_title.clone(),
        phase: super::load::phase_of(&round, crate::db::now()),
        can_edit: access::can_edit(&user, &round),
        include_drafts: drafts,
        thresholds: baseline.thresholds.clone(),
        municipalities_answered: super::MunicipalitiesAnswered::count(
            baseline.municipalities.iter().map(|m| {
                let p = &m.participation;
                (
                    p.invited,
                    p.states[crate::rounds::UnitState::Submitted as usize],
                )
            }),
        ),
        municipalities: baseline
            .municipalities
            .iter()
            .map(|m| MunicipalityRow {
                code: m.code.clone(),
                name: m.name.clone(),
                figures: m.figures.clone(),
                top_flag: m.flags.first().map(|f| f.title.clone()),
            })
            .collect(),
        total: Participation {
            silent: Vec::new(),
            ..baseline.total
        },
        total_figures: baseline.total_figures,
        theme_matrix: baseline.theme_matrix,
        generated_at: crate::db::now(),
    })
}

#[server(endpoint = "analys/kommun")]
pub async fn get_municipality_analysis(
    id: String,
    code: String,
    #[server(default)] drafts: bool,
) -> Result<MunicipalityAnalysis, AppError> {
    use crate::auth::server::{db, deny_out_of_scope};
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let municipality_id = db
        .municipality_id(&code)
        .await?
        .filter(|m| round.municipality_ids.contains(m))
        .ok_or_else(|| AppError::NotFound.with_status())?;
    if !user.can_read(&municipality_id) {
        return Err(deny_out_of_scope(&user, &format!("analys {id} {code}")).await);
    }
    let baseline = super::load::baseline_with_trend(
        &db,
        &round,
        std::slice::from_ref(&municipality_id),
        drafts,
    )
    .await?;
    let sectors = db
        .sector_list()
        .await?
        .into_iter()
        .map(|(key, sv, en)| (key, Text::new(sv, en)))
        .collect();
    let municipality = baseline
        .municipalities
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound.with_status())?;
    Ok(MunicipalityAnalysis {
        round_id: round.id.clone(),
        round_name: round.name.clone(),
        questionnaire: baseline.questionnaire_title,
        phase: super::load::phase_of(&round, crate::db::now()),
        include_drafts: drafts,
        thresholds: baseline.thresholds,
        sectors,
        municipality,
        generated_at: crate::db::now(),
    })
}

/// Saves the round's thresholds; `aterstall` returns them to the defaults.
#[server(endpoint = "analys/granser")]
pub async fn save_thresholds(
    id: String,
    #[server(default)] low_response_rate: String,
    #[server(default)] critical_response_rate: String,
    #[server(default)] no_contact_share: String,
    #[server(default)] strategy_unknown_share: String,
    #[server(default)] concentration_share: String,
    #[server(default)] few_active_units: String,
    #[server(default)] concentration_min_answered: String,
    #[server(default)] thin_words: String,
    #[server(default)] thin_share: String,
    #[server(default)] stale_days: String,
    #[server(default)] no_projects_share: String,
    #[server(default)] funding_concentration_share: String,
    #[server(default)] min_projects: String,
    #[server(default)] aterstall: String,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, _) = access::editable(&id).await?;
    let db = db()?;
    if !aterstall.is_empty() {
        db.set_round_thresholds(&id, None).await?;
        access::audit(&user, "analysis.thresholds", &id, "standard").await;
    } else {
        let fields: Vec<(String, String)> = [
            ("low_response_rate", low_response_rate),
            ("critical_response_rate", critical_response_rate),
            ("no_contact_share", no_contact_share),
            ("strategy_unknown_share", strategy_unknown_share),
            ("concentration_share", concentration_share),
            ("few_active_units", few_active_units),
            ("concentration_min_answered", concentration_min_answered),
            ("thin_words", thin_words),
            ("thin_share", thin_share),
            ("stale_days", stale_days),
            ("no_projects_share", no_projects_share),
            ("funding_concentration_share", funding_concentration_share),
            ("min_projects", min_projects),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        // Each problem at its field, named as the page names it.
        let thresholds = Thresholds::from_form(&fields).map_err(|problems| {
            AppError::invalid_fields(
                problems
                    .into_iter()
                    .map(|(key, message)| (super::threshold_field_id(&key), message))
                    .collect(),
            )
        })?;
        let json = serde_json::to_string(&thresholds).map_err(|_| AppError::Internal)?;
        db.set_round_thresholds(&id, Some(&json)).await?;
        access::audit(&user, "analysis.thresholds", &id, &json).await;
    }
    leptos_axum::redirect(&format!("/omgangar/{id}/analys#granser"));
    Ok(())
}
