//! The organisation registry as the pages see it: municipalities, units, contacts.

pub mod edit_api;
pub mod edit_pages;
pub mod import;
pub mod import_api;
pub mod import_pages;
pub mod official;
pub mod pages;
pub mod sector_names;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One row of the municipality list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalitySummary {
    pub id: String,
    pub code: String,
    pub name: String,
    pub county: String,
    pub population: Option<i64>,
    pub administrations: i64,
    pub companies: i64,
    pub other_units: i64,
    /// Active units with no contact person at all.
    pub units_without_contact: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityDetail {
    pub id: String,
    pub code: String,
    pub name: String,
    pub county: String,
    pub population: Option<i64>,
    pub notes: String,
    /// Theme keys of the municipality's own priority areas.
    pub priorities: Vec<String>,
    pub units: Vec<UnitView>,
    /// Whether the caller may change it.
    #[serde(default)]
    pub can_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    /// `forvaltning`, `bolag` or `annat`.
    pub kind: String,
    /// Sector key.
    pub sector: String,
    pub sector_sv: String,
    pub sector_en: String,
    /// The sector's aliases (for the search among units).
    #[serde(default)]
    pub sector_aliases: Vec<String>,
    pub archived: bool,
    pub contacts: Vec<ContactView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub role: String,
    pub is_international: bool,
}

impl UnitView {
    pub fn has_international_contact(&self) -> bool {
        self.contacts.iter().any(|c| c.is_international)
    }
}

/// A kommunkod is exactly four digits (SCB).
pub fn is_valid_municipality_code(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The municipalities the caller may see.
#[server]
pub async fn list_municipalities() -> Result<Vec<MunicipalitySummary>, AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let mut all = db()?.list_municipalities().await?;
    all.retain(|m| user.can_read(&m.id));
    Ok(all)
}

#[server]
pub async fn get_municipality(code: String) -> Result<MunicipalityDetail, AppError> {
    use crate::auth::server::{db, deny_out_of_scope, require_user};
    let user = require_user()?;
    if !is_valid_municipality_code(&code) {
        return Err(AppError::NotFound.with_status());
    }
    let municipality = db()?
        .municipality_by_code(&code)
        .await?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    if !user.can_read(&municipality.id) {
        return Err(deny_out_of_scope(&user, &format!("kommun {code}")).await);
    }
    Ok(MunicipalityDetail {
        can_edit: user.can_edit(&municipality.id),
        ..municipality
    })
}

/// Municipalities the caller can still add: (code, name, county). Only
/// administrators add municipalities, so for anyone else the list is empty (not
/// an error: the page asks while rendering, and must not turn into a 403).
#[server]
pub async fn addable_municipalities() -> Result<Vec<(String, String, String)>, AppError> {
    use crate::auth::server::{db, require_user};
    if !require_user()?.is_admin() {
        return Ok(Vec::new());
    }
    let present: Vec<String> = db()?
        .list_municipalities()
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    Ok(official::official_municipalities()
        .iter()
        .filter(|m| !present.iter().any(|c| c == m.code))
        .map(|m| (m.code.to_string(), m.name.to_string(), m.county.to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_codes_are_four_digits() {
        assert!(is_valid_municipality_code("1080"));
        assert!(is_valid_municipality_code("0114"));
        for bad in ["", "108", "10800", "10a0", "１０８０", " 108"] {
            assert!(!is_valid_municipality_code(bad), "{bad}");
        }
    }
}
