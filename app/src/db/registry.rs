//! Registry queries: municipalities, units and contacts.

use super::{flag, new_id, now, Db};
use crate::registry::{ContactView, MunicipalityDetail, MunicipalitySummary, UnitView};
use sqlx::Row;
use std::collections::HashMap;

/// A municipality as written by the demo loader and the registry import.
pub struct NewMunicipality<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub county: &'a str,
    pub population: Option<i64>,
}

pub struct NewUnit<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub sector: &'a str,
}

pub struct NewContact<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub role: &'a str,
    pub is_international: bool,
}

impl Db {
    pub async fn list_municipalities(&self) -> Result<Vec<MunicipalitySummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT m.id, m.code, m.name, m.county, m.population,
                    COALESCE(SUM(CASE WHEN u.kind = 'forvaltning' THEN 1 ELSE 0 END), 0) AS administrations,
                    COALESCE(SUM(CASE WHEN u.kind = 'bolag' THEN 1 ELSE 0 END), 0) AS companies,
                    COALESCE(SUM(CASE WHEN u.kind = 'annat' THEN 1 ELSE 0 END), 0) AS other_units,
                    COALESCE(SUM(CASE WHEN u.id IS NOT NULL AND NOT EXISTS
                        (SELECT 1 FROM contact c WHERE c.unit_id = u.id) THEN 1 ELSE 0 END), 0)
                        AS units_without_contact
             FROM municipality m
             LEFT JOIN unit u ON u.municipality_id = m.id AND u.archived_at IS NULL
             GROUP BY m.id, m.code, m.name, m.county, m.population
             ORDER BY m.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MunicipalitySummary {
                    id: row.try_get("id")?,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    county: row.try_get("county")?,
                    population: row.try_get("population")?,
                    administrations: row.try_get("administrations")?,
                    companies: row.try_get("companies")?,
                    other_units: row.try_get("other_units")?,
                    units_without_contact: row.try_get("units_without_contact")?,
                })
            })
            .collect()
    }

    pub async fn municipality_by_code(
        &self,
        code: &str,
    ) -> Result<Option<MunicipalityDetail>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT id, code, name, county, population, notes FROM municipality WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let id: String = row.try_get("id")?;
        let municipality_id = id.clone();

        let unit_rows = sqlx::query(
            "SELECT u.id, u.name, u.kind, s.name_sv, s.name_en,
                    CASE WHEN u.archived_at IS NULL THEN 0 ELSE 1 END AS archived
             FROM unit u JOIN sector s ON s.key = u.sector
             WHERE u.municipality_id = $1
             ORDER BY u.name",
        )
        .bind(&id)
        .fetch_all(self.pool())
        .await?;
        let contact_rows = sqlx::query(
            "SELECT c.unit_id, c.name, c.email, c.phone, c.role, c.is_international
             FROM contact c JOIN unit u ON u.id = c.unit_id
             WHERE u.municipality_id = $1
             ORDER BY c.is_international DESC, c.name",
        )
        .bind(&id)
        .fetch_all(self.pool())
        .await?;

        let mut contacts: HashMap<String, Vec<ContactView>> = HashMap::new();
        for row in &contact_rows {
            contacts
                .entry(row.try_get("unit_id")?)
                .or_default()
                .push(ContactView {
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                    phone: row.try_get("phone")?,
                    role: row.try_get("role")?,
                    is_international: flag(row, "is_international")?,
                });
        }
        let units = unit_rows
            .iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(UnitView {
                    contacts: contacts.remove(&id).unwrap_or_default(),
                    id,
                    name: row.try_get("name")?,
                    kind: row.try_get("kind")?,
                    sector_sv: row.try_get("name_sv")?,
                    sector_en: row.try_get("name_en")?,
                    archived: flag(row, "archived")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;

        Ok(Some(MunicipalityDetail {
            id: municipality_id,
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            county: row.try_get("county")?,
            population: row.try_get("population")?,
            notes: row.try_get("notes")?,
            units,
        }))
    }

    /// Inserts or updates a municipality by kommunkod; returns its id.
    pub async fn upsert_municipality(
        &self,
        m: &NewMunicipality<'_>,
    ) -> Result<String, sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO municipality (id, code, name, county, population, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, county = excluded.county,
                 population = excluded.population, updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(m.code)
        .bind(m.name)
        .bind(m.county)
        .bind(m.population)
        .bind(ts)
        .execute(self.pool())
        .await?;
        sqlx::query_scalar("SELECT id FROM municipality WHERE code = $1")
            .bind(m.code)
            .fetch_one(self.pool())
            .await
    }

    /// Inserts or updates a unit by (municipality, name); returns its id.
    pub async fn upsert_unit(
        &self,
        municipality_id: &str,
        u: &NewUnit<'_>,
    ) -> Result<String, sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (municipality_id, name) DO UPDATE SET kind = excluded.kind,
                 sector = excluded.sector, updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(municipality_id)
        .bind(u.name)
        .bind(u.kind)
        .bind(u.sector)
        .bind(ts)
        .execute(self.pool())
        .await?;
        sqlx::query_scalar("SELECT id FROM unit WHERE municipality_id = $1 AND name = $2")
            .bind(municipality_id)
            .bind(u.name)
            .fetch_one(self.pool())
            .await
    }

    /// Inserts or updates a contact by (unit, e-mail).
    pub async fn upsert_contact(
        &self,
        unit_id: &str,
        c: &NewContact<'_>,
    ) -> Result<(), sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO contact (id, unit_id, name, email, phone, role, is_international, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (unit_id, email) DO UPDATE SET name = excluded.name, phone = excluded.phone,
                 role = excluded.role, is_international = excluded.is_international,
                 updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(unit_id)
        .bind(c.name)
        .bind(c.email)
        .bind(c.phone)
        .bind(c.role)
        .bind(i64::from(c.is_international))
        .bind(ts)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
