//! Server functions that change the registry: municipalities, units, contacts, sectors.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorOption {
    pub key: String,
    pub name_sv: String,
    pub name_en: String,
}

/// Everything the unit editor shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub municipality_code: String,
    pub municipality_name: String,
    pub unit: super::UnitView,
    pub sectors: Vec<SectorOption>,
    pub can_edit: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod checks {
    use crate::auth::server::{client_ip, db, deny_out_of_scope, require_user};
    use crate::auth::CurrentUser;
    use crate::error::AppError;

    /// The caller may change this municipality; else 404 (outside scope) or 403 (reader).
    pub async fn editable_municipality(code: &str) -> Result<(CurrentUser, String), AppError> {
        let user = require_user()?;
        let id = db()?
            .municipality_id(code)
            .await?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        if !user.can_read(&id) {
            return Err(deny_out_of_scope(&user, &format!("kommun {code}")).await);
        }
        if !user.can_edit(&id) {
            return Err(AppError::Forbidden.with_status());
        }
        Ok((user, id))
    }

    /// The unit and its place, when the caller may see it.
    pub async fn readable_unit(
        unit_id: &str,
    ) -> Result<(CurrentUser, crate::db::registry::UnitPlace), AppError> {
        let user = require_user()?;
        let place = db()?
            .unit_place(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        if !user.can_read(&place.municipality_id) {
            return Err(deny_out_of_scope(&user, &format!("enhet {unit_id}")).await);
        }
        Ok((user, place))
    }

    pub async fn editable_unit(
        unit_id: &str,
    ) -> Result<(CurrentUser, crate::db::registry::UnitPlace), AppError> {
        let (user, place) = readable_unit(unit_id).await?;
        if !user.can_edit(&place.municipality_id) {
            return Err(AppError::Forbidden.with_status());
        }
        Ok((user, place))
    }

    pub async fn audit(
        user: &CurrentUser,
        action: &str,
        target: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        db()?
            .audit(Some(user), action, target, detail, &client_ip())
            .await?;
        Ok(())
    }
}

#[cfg(feature = "ssr")]
use checks::*;

#[cfg(feature = "ssr")]
use crate::error::{clean_line, clean_text as clean};

/// Adds one of Sweden's municipalities to the registry (administrators).
#[server]
pub async fn add_municipality(code: String) -> Result<(), AppError> {
    use crate::auth::server::{db, require_admin};
    let admin = require_admin()?;
    let official = super::official::official_municipality(code.trim())
        .ok_or_else(|| AppError::invalid("Välj en kommun i listan.").on_field("ny-kommun"))?;
    let db = db()?;
    if db.municipality_id(official.code).await?.is_some() {
        return Err(AppError::field_conflict(
            "ny-kommun",
            format!("{} finns redan i registret.", official.name),
        ));
    }
    db.upsert_municipality(&crate::db::registry::NewMunicipality {
        code: official.code,
        name: official.name,
        county: official.county,
        population: None,
    })
    .await?;
    checks::audit(
        &admin,
        "registry.municipality_added",
        official.code,
        official.name,
    )
    .await?;
    leptos_axum::redirect(&format!("/kommuner/{}", official.code));
    Ok(())
}

#[server]
pub async fn update_municipality(
    code: String,
    population: String,
    notes: String,
    #[server(default)] priorities: Vec<String>,
) -> Result<(), AppError> {
    let (user, id) = editable_municipality(&code).await?;
    let digits: String = population
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let population = if digits.is_empty() {
        None
    } else {
        match digits.parse::<i64>() {
            Ok(n) if (0..=20_000_000).contains(&n) => Some(n),
            _ => {
                return Err(AppError::invalid_fields(vec![(
                    "population".into(),
                    "Skriv antalet invånare som ett heltal, till exempel 64 100.".into(),
                )]))
            }
        }
    };
    let notes = clean(&notes, 4000, "Anteckningarna").map_err(|e| e.on_field("notes"))?;
    if let Some(bad) = priorities
        .iter()
        .find(|p| crate::vocabulary::theme_label(p, crate::i18n::Lang::Sv).is_none())
    {
        return Err(AppError::invalid_fields(vec![(
            "prio".into(),
            format!("Okänt prioriterat område: {bad}."),
        )]));
    }
    crate::auth::server::db()?
        .update_municipality(&id, population, &notes, &priorities)
        .await?;
    checks::audit(&user, "registry.municipality_updated", &code, "").await?;
    leptos_axum::redirect(&format!("/kommuner/{code}"));
    Ok(())
}

#[server]
pub async fn sector_options() -> Result<Vec<SectorOption>, AppError> {
    crate::auth::server::require_user()?;
    Ok(crate::auth::server::db()?
        .sector_list()
        .await?
        .into_iter()
        .map(|(key, name_sv, name_en)| SectorOption {
            key,
            name_sv,
            name_en,
        })
        .collect())
}

/// The ids of the fields of the form that creates a unit (`ny-name` …) and
/// of the one that changes it (`enhet-name` …).
pub const NEW_UNIT_FIELDS: &str = "ny";
pub const UNIT_FIELDS: &str = "enhet";

/// The ids of the fields of the form that adds a contact (`ny-kontakt-email`
/// …) or changes the contact `contact_id` (`k-ID-email` …).
pub fn contact_fields_prefix(contact_id: &str) -> String {
    if contact_id.is_empty() {
        "ny-kontakt".into()
    } else {
        format!("k-{contact_id}")
    }
}

#[cfg(feature = "ssr")]
async fn checked_unit_fields(
    prefix: &str,
    name: &str,
    kind: &str,
    sector: &str,
) -> Result<(String, crate::vocabulary::UnitKind), AppError> {
    let field = |f: &str| format!("{prefix}-{f}");
    // Unit names go into mail subjects ({enhet}): one line.
    let name = clean_line(name, 200, "Enhetens namn").map_err(|e| e.on_field(field("name")))?;
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push((field("name"), "Skriv enhetens namn.".to_string()));
    }
    let kind = crate::vocabulary::UnitKind::parse(kind);
    if kind.is_none() {
        problems.push((field("kind"), "Välj typ av enhet.".to_string()));
    }
    if !crate::auth::server::db()?.sector_exists(sector).await? {
        problems.push((field("sector"), "Välj ett verksamhetsområde.".to_string()));
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok((name, kind)),
        _ => Err(AppError::invalid_fields(problems)),
    }
}

/// Creates a unit in a municipality; goes to the new unit's page.
#[server]
pub async fn create_unit(
    code: String,
    name: String,
    kind: String,
    sector: String,
) -> Result<String, AppError> {
    let (user, municipality_id) = editable_municipality(&code).await?;
    let (name, kind) = checked_unit_fields(NEW_UNIT_FIELDS, &name, &kind, &sector).await?;
    let db = crate::auth::server::db()?;
    if db.unit_name_taken(&municipality_id, &name, None).await? {
        return Err(AppError::field_conflict(
            format!("{NEW_UNIT_FIELDS}-name"),
            format!("Det finns redan en enhet som heter {name}."),
        ));
    }
    let id = db
        .create_unit(
            &municipality_id,
            &crate::db::registry::NewUnit {
                name: &name,
                kind: kind.key(),
                sector: &sector,
            },
        )
        .await?;
    checks::audit(&user, "registry.unit_created", &name, &code).await?;
    leptos_axum::redirect(&format!("/enheter/{id}"));
    Ok(id)
}

#[server]
pub async fn unit_editor(id: String) -> Result<UnitDetail, AppError> {
    let (user, place) = readable_unit(&id).await?;
    let db = crate::auth::server::db()?;
    let municipality = db
        .municipality_by_code(&place.code)
        .await?
        .ok_or(AppError::Internal)?;
    let unit = municipality
        .units
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(AppError::Internal)?;
    Ok(UnitDetail {
        municipality_code: place.code,
        municipality_name: municipality.name,
        unit,
        sectors: sector_options().await?,
        can_edit: user.can_edit(&place.municipality_id),
    })
}

#[server]
pub async fn update_unit(
    id: String,
    name: String,
    kind: String,
    sector: String,
) -> Result<(), AppError> {
    let (user, place) = editable_unit(&id).await?;
    let (name, kind) = checked_unit_fields(UNIT_FIELDS, &name, &kind, &sector).await?;
    let db = crate::auth::server::db()?;
    if db
        .unit_name_taken(&place.municipality_id, &name, Some(&id))
        .await?
    {
        return Err(AppError::field_conflict(
            format!("{UNIT_FIELDS}-name"),
            format!("Det finns redan en enhet som heter {name}."),
        ));
    }
    db.update_unit(
        &id,
        &crate::db::registry::NewUnit {
            name: &name,
            kind: kind.key(),
            sector: &sector,
        },
    )
    .await?;
    checks::audit(&user, "registry.unit_updated", &name, &place.code).await?;
    crate::components::show_result();
    Ok(())
}

/// Archived units keep their history and drop out of new rounds.
#[server]
pub async fn set_unit_archived(id: String, archived: bool) -> Result<(), AppError> {
    let (user, place) = editable_unit(&id).await?;
    crate::auth::server::db()?
        .set_unit_archived(&id, archived)
        .await?;
    let action = if archived {
        "registry.unit_archived"
    } else {
        "registry.unit_restored"
    };
    checks::audit(&user, action, &id, &place.code).await?;
    Ok(())
}

/// Saves a contact of a unit; an empty `contact_id` adds a new one.
#[server]
pub async fn save_contact(
    unit_id: String,
    #[server(default)] contact_id: String,
    name: String,
    email: String,
    #[server(default)] phone: String,
    #[server(default)] role: String,
    #[server(default)] international: Option<String>,
) -> Result<(), AppError> {
    let (user, place) = editable_unit(&unit_id).await?;
    let db = crate::auth::server::db()?;
    let contact_id = contact_id.trim();
    let prefix = contact_fields_prefix(contact_id);
    let field = |f: &str| format!("{prefix}-{f}");
    // The name goes into the To header of every mail: one line, always.
    let mut problems = Vec::new();
    let mut check = |id: String, checked: Result<String, AppError>| match checked {
        Ok(value) => value,
        Err(error) => {
            problems.push((id, error.to_string()));
            String::new()
        }
    };
    let name = check(
        field("name"),
        clean_line(&name, 200, "Namnet").and_then(|name| {
            if name.is_empty() {
                Err(AppError::Invalid("Skriv kontaktpersonens namn.".into()))
            } else {
                Ok(name)
            }
        }),
    );
    let email = check(
        field("email"),
        crate::auth::parse_email(&email).map_err(AppError::Invalid),
    );
    let phone = check(field("phone"), clean_line(&phone, 50, "Telefonnumret"));
    let role = check(field("role"), clean_line(&role, 200, "Rollen"));
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(problems));
    }
    if !contact_id.is_empty()
        && db.contact_unit(contact_id).await?.as_deref() != Some(unit_id.as_str())
    {
        return Err(AppError::NotFound.with_status());
    }
    let contact = crate::db::registry::NewContact {
        name: &name,
        email: &email,
        phone: &phone,
        role: &role,
        is_international: international.is_some_and(|v| !v.is_empty() && v != "false"),
    };
    let result = db
        .save_contact(
            &unit_id,
            (!contact_id.is_empty()).then_some(contact_id),
            &contact,
        )
        .await;
    if let Err(sqlx::Error::Database(e)) = &result {
        if e.message().to_lowercase().contains("unique") {
            return Err(AppError::field_conflict(
                field("email"),
                format!("{email} är redan kontaktperson för enheten."),
            ));
        }
    }
    result?;
    checks::audit(&user, "registry.contact_saved", &email, &place.code).await?;
    crate::components::show_result();
    Ok(())
}

#[server]
pub async fn delete_contact(unit_id: String, contact_id: String) -> Result<(), AppError> {
    let (user, place) = editable_unit(&unit_id).await?;
    let db = crate::auth::server::db()?;
    if db.contact_unit(&contact_id).await?.as_deref() != Some(unit_id.as_str()) {
        return Err(AppError::NotFound.with_status());
    }
    db.delete_contact(&contact_id).await?;
    checks::audit(&user, "registry.contact_deleted", &contact_id, &place.code).await?;
    Ok(())
}

/// The sector list for its administration page, each sector with its
/// aliases (administrators only).
#[server]
pub async fn admin_sector_list() -> Result<Vec<super::sector_names::SectorNames>, AppError> {
    crate::auth::server::require_admin()?;
    Ok(crate::auth::server::db()?.sectors().await?)
}

/// The ids of the fields of the sector page's forms.
pub const SECTOR_SV_FIELD: &str = "sector-sv";
pub const SECTOR_EN_FIELD: &str = "sector-en";
pub const ALIAS_SECTOR_FIELD: &str = "alias-sector";
pub const ALIAS_TEXT_FIELD: &str = "alias-text";

/// Whether a unique constraint refused the write (two admins at once).
#[cfg(feature = "ssr")]
fn is_unique_violation(result: &Result<(), sqlx::Error>) -> bool {
    match result {
        Err(sqlx::Error::Database(e)) => {
            let message = e.message().to_lowercase();
            message.contains("unique") || message.contains("duplicate")
        }
        _ => false,
    }
}

/// Adds a sector to the list (administrators). Refused when its Swedish or
/// English name already names a sector by the rule of
/// [`super::sector_names`], as a name, key or alias.
#[server]
pub async fn add_sector(name_sv: String, name_en: String) -> Result<(), AppError> {
    use super::sector_names::{find_sector, By};
    use crate::auth::server::{db, require_admin};
    let admin = require_admin()?;
    let name_sv = clean_line(&name_sv, 100, "Namnet").map_err(|e| e.on_field(SECTOR_SV_FIELD))?;
    let name_en = clean_line(&name_en, 100, "Det engelska namnet")
        .map_err(|e| e.on_field(SECTOR_EN_FIELD))?;
    if super::sector_names::sector_match_key(&name_sv).is_empty() {
        return Err(AppError::invalid_fields(vec![(
            SECTOR_SV_FIELD.into(),
            "Skriv verksamhetsområdets namn.".into(),
        )]));
    }
    let key: String = super::import::normalise(&name_sv)
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '_',
        })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if key.is_empty() {
        return Err(AppError::invalid_fields(vec![(
            SECTOR_SV_FIELD.into(),
            "Namnet behöver minst en bokstav a–ö eller en siffra.".into(),
        )]));
    }
    let db = db()?;
    let sectors = db.sectors().await?;
    // "finns redan", and as what when it is not the sector's own name.
    let taken = |text: &str| -> Option<String> {
        let hit = find_sector(text, &sectors).hits().into_iter().next()?;
        let name = &hit.sector.name_sv;
        Some(match hit.by {
            By::Name if text.to_lowercase() == name.to_lowercase() => {
                format!("Verksamhetsområdet {text} finns redan.")
            }
            By::Name | By::Key => format!("Verksamhetsområdet {text} finns redan (som {name})."),
            By::EnglishName => {
                format!("Verksamhetsområdet {text} finns redan (som engelskt namn på {name}).")
            }
            By::Alias(alias) => {
                format!("Verksamhetsområdet {text} finns redan (som alias till {name}: {alias}).")
            }
        })
    };
    let same_key = sectors.iter().find(|s| s.key == key).map(|s| {
        format!(
            "Verksamhetsområdet {name_sv} finns redan (som {}).",
            s.name_sv
        )
    });
    if let Some(message) = taken(&name_sv).or(same_key) {
        return Err(AppError::field_conflict(SECTOR_SV_FIELD, message));
    }
    if let Some(message) = (!name_en.is_empty()).then(|| taken(&name_en)).flatten() {
        return Err(AppError::field_conflict(SECTOR_EN_FIELD, message));
    }
    let en = if name_en.is_empty() {
        name_sv.clone()
    } else {
        name_en
    };
    let result = db.add_sector(&key, &name_sv, &en).await;
    if is_unique_violation(&result) {
        return Err(AppError::field_conflict(
            SECTOR_SV_FIELD,
            format!("Verksamhetsområdet {name_sv} finns redan."),
        ));
    }
    result?;
    checks::audit(&admin, "registry.sector_added", &key, &name_sv).await?;
    crate::components::show_result();
    Ok(())
}

/// Adds an alias to a sector (administrators): another way of writing it
/// that the import and the sector page then read as that sector. Refused
/// when the alias already names a sector by the rule of
/// [`super::sector_names`] (its own or another), naming that sector.
#[server]
pub async fn add_sector_alias(sector: String, alias: String) -> Result<(), AppError> {
    use super::sector_names::{find_sector, sector_match_key};
    use crate::auth::server::{db, require_admin};
    let admin = require_admin()?;
    let alias = clean_line(&alias, 100, "Aliaset").map_err(|e| e.on_field(ALIAS_TEXT_FIELD))?;
    let db = db()?;
    let sectors = db.sectors().await?;
    let mut problems = Vec::new();
    let target = sectors.iter().find(|s| s.key == sector);
    if target.is_none() {
        problems.push((
            ALIAS_SECTOR_FIELD.to_string(),
            "Välj ett verksamhetsområde.".to_string(),
        ));
    }
    let match_key = sector_match_key(&alias);
    if match_key.is_empty() {
        problems.push((
            ALIAS_TEXT_FIELD.to_string(),
            "Skriv aliaset, till exempel energi/VA/avfall.".to_string(),
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(problems));
    }
    let Some(target) = target else {
        return Err(AppError::Internal);
    };
    if let Some(hit) = find_sector(&alias, &sectors).hits().into_iter().next() {
        return Err(AppError::field_conflict(
            ALIAS_TEXT_FIELD,
            format!(
                "\"{alias}\" hör redan till verksamhetsområdet {} som {}.",
                hit.sector.name_sv,
                hit.as_what()
            ),
        ));
    }
    let result = db.add_sector_alias(&target.key, &alias, &match_key).await;
    if is_unique_violation(&result) {
        return Err(AppError::field_conflict(
            ALIAS_TEXT_FIELD,
            format!("\"{alias}\" är redan ett alias."),
        ));
    }
    result?;
    checks::audit(&admin, "registry.sector_alias_added", &target.key, &alias).await?;
    crate::components::show_result();
    Ok(())
}

/// Removes an alias of a sector (administrators); 404 when the sector has
/// no such alias.
#[server]
pub async fn remove_sector_alias(sector: String, alias: String) -> Result<(), AppError> {
    use crate::auth::server::{db, require_admin};
    let admin = require_admin()?;
    if !db()?.remove_sector_alias(&sector, &alias).await? {
        return Err(AppError::NotFound.with_status());
    }
    checks::audit(&admin, "registry.sector_alias_removed", &sector, &alias).await?;
    crate::components::show_result();
    Ok(())
}
