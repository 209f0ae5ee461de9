//! Registry queries: municipalities, units and contacts.

use super::{flag, new_id, now, Db};
use crate::registry::sector_names::SectorNames;
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
    /// (id, code, name) of every municipality: for naming them, cheaply.
    pub async fn municipality_names(&self) -> Result<Vec<(String, String, String)>, sqlx::Error> {
        sqlx::query_as("SELECT id, code, name FROM municipality")
            .fetch_all(self.pool())
            .await
    }

    pub async fn list_municipalities(&self) -> Result<Vec<MunicipalitySummary>, sqlx::Error> {
        let rows = sqlx::query(
            &format!(
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
             ORDER BY {}",
            self.sv("m.name")
        ),
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

        let unit_rows = sqlx::query(&format!(
            "SELECT u.id, u.name, u.kind, u.sector, s.name_sv, s.name_en,
                    CASE WHEN u.archived_at IS NULL THEN 0 ELSE 1 END AS archived
             FROM unit u JOIN sector s ON s.key = u.sector
             WHERE u.municipality_id = $1
             ORDER BY {}",
            self.sv("u.name")
        ))
        .bind(&id)
        .fetch_all(self.pool())
        .await?;
        let contact_rows = sqlx::query(&format!(
            "SELECT c.id, c.unit_id, c.name, c.email, c.phone, c.role, c.is_international
             FROM contact c JOIN unit u ON u.id = c.unit_id
             WHERE u.municipality_id = $1
             ORDER BY c.is_international DESC, {}",
            self.sv("c.name")
        ))
        .bind(&id)
        .fetch_all(self.pool())
        .await?;

        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        for (sector, alias) in self.sector_aliases().await? {
            aliases.entry(sector).or_default().push(alias);
        }
        let mut contacts: HashMap<String, Vec<ContactView>> = HashMap::new();
        for row in &contact_rows {
            contacts
                .entry(row.try_get("unit_id")?)
                .or_default()
                .push(ContactView {
                    id: row.try_get("id")?,
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
                let sector: String = row.try_get("sector")?;
                Ok(UnitView {
                    contacts: contacts.remove(&id).unwrap_or_default(),
                    id,
                    name: row.try_get("name")?,
                    kind: row.try_get("kind")?,
                    sector_aliases: aliases.get(&sector).cloned().unwrap_or_default(),
                    sector,
                    sector_sv: row.try_get("name_sv")?,
                    sector_en: row.try_get("name_en")?,
                    archived: flag(row, "archived")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;

        Ok(Some(MunicipalityDetail {
            id: municipality_id.clone(),
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            county: row.try_get("county")?,
            population: row.try_get("population")?,
            notes: row.try_get("notes")?,
            priorities: self.municipality_priorities(&municipality_id).await?,
            units,
            can_edit: false,
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

/// Where a unit belongs, for scope checks.
pub struct UnitPlace {
    pub unit_id: String,
    pub municipality_id: String,
    pub code: String,
}

impl Db {
    pub async fn municipality_priorities(
        &self,
        municipality_id: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT theme FROM municipality_priority WHERE municipality_id = $1 ORDER BY theme",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await
    }

    /// Replaces the municipality's priority areas.
    pub async fn set_municipality_priorities(
        &self,
        municipality_id: &str,
        priorities: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        replace_priorities(&mut tx, municipality_id, priorities).await?;
        tx.commit().await
    }

    pub async fn update_municipality(
        &self,
        municipality_id: &str,
        population: Option<i64>,
        notes: &str,
        priorities: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE municipality SET population = $1, notes = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(population)
        .bind(notes)
        .bind(now())
        .bind(municipality_id)
        .execute(&mut *tx)
        .await?;
        replace_priorities(&mut tx, municipality_id, priorities).await?;
        tx.commit().await
    }

    pub async fn unit_place(&self, unit_id: &str) -> Result<Option<UnitPlace>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.municipality_id, m.code FROM unit u JOIN municipality m ON m.id = u.municipality_id
             WHERE u.id = $1",
        )
        .bind(unit_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(UnitPlace {
                unit_id: r.try_get("id")?,
                municipality_id: r.try_get("municipality_id")?,
                code: r.try_get("code")?,
            })
        })
        .transpose()
    }

    pub async fn contact_unit(&self, contact_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT unit_id FROM contact WHERE id = $1")
            .bind(contact_id)
            .fetch_optional(self.pool())
            .await
    }

    /// True when another unit of the municipality already has this name, case
    /// aside. Compared in Rust: SQL's LOWER() folds only ASCII in SQLite.
    pub async fn unit_name_taken(
        &self,
        municipality_id: &str,
        name: &str,
        except: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let rows = sqlx::query("SELECT id, name FROM unit WHERE municipality_id = $1")
            .bind(municipality_id)
            .fetch_all(self.pool())
            .await?;
        let wanted = name.trim().to_lowercase();
        for row in &rows {
            let id: String = row.try_get("id")?;
            let other: String = row.try_get("name")?;
            if Some(id.as_str()) != except && other.trim().to_lowercase() == wanted {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn create_unit(
        &self,
        municipality_id: &str,
        u: &NewUnit<'_>,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(&id)
        .bind(municipality_id)
        .bind(u.name)
        .bind(u.kind)
        .bind(u.sector)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn update_unit(&self, unit_id: &str, u: &NewUnit<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE unit SET name = $1, kind = $2, sector = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(u.name)
        .bind(u.kind)
        .bind(u.sector)
        .bind(now())
        .bind(unit_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn set_unit_archived(
        &self,
        unit_id: &str,
        archived: bool,
    ) -> Result<(), sqlx::Error> {
        let ts = now();
        sqlx::query("UPDATE unit SET archived_at = $1, updated_at = $2 WHERE id = $3")
            .bind(archived.then_some(ts))
            .bind(ts)
            .bind(unit_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn sector_exists(&self, key: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sector WHERE key = $1")
            .bind(key)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    pub async fn add_sector(
        &self,
        key: &str,
        name_sv: &str,
        name_en: &str,
    ) -> Result<(), sqlx::Error> {
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) FROM sector WHERE key <> 'annat'",
        )
        .fetch_one(self.pool())
        .await?;
        sqlx::query("INSERT INTO sector (key, name_sv, name_en, position) VALUES ($1, $2, $3, $4)")
            .bind(key)
            .bind(name_sv)
            .bind(name_en)
            .bind(position + 10)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Saves a contact: a new one when `contact_id` is None.
    pub async fn save_contact(
        &self,
        unit_id: &str,
        contact_id: Option<&str>,
        c: &NewContact<'_>,
    ) -> Result<(), sqlx::Error> {
        let ts = now();
        match contact_id {
            Some(id) => {
                sqlx::query(
                    "UPDATE contact SET name = $1, email = $2, phone = $3, role = $4, is_international = $5, updated_at = $6
                     WHERE id = $7 AND unit_id = $8",
                )
                .bind(c.name)
                .bind(c.email)
                .bind(c.phone)
                .bind(c.role)
                .bind(i64::from(c.is_international))
                .bind(ts)
                .bind(id)
                .bind(unit_id)
                .execute(self.pool())
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO contact (id, unit_id, name, email, phone, role, is_international, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
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
            }
        }
        Ok(())
    }

    pub async fn delete_contact(&self, contact_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM contact WHERE id = $1")
            .bind(contact_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Every sector with its aliases, in the list's order; the aliases of
    /// each sorted the Swedish way.
    pub async fn sectors(&self) -> Result<Vec<SectorNames>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT key, name_sv, name_en FROM sector ORDER BY position, name_sv")
                .fetch_all(self.pool())
                .await?;
        let mut sectors = rows
            .iter()
            .map(|r| {
                Ok(SectorNames {
                    key: r.try_get("key")?,
                    name_sv: r.try_get("name_sv")?,
                    name_en: r.try_get("name_en")?,
                    aliases: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        for (sector, alias) in self.sector_aliases().await? {
            if let Some(s) = sectors.iter_mut().find(|s| s.key == sector) {
                s.aliases.push(alias);
            }
        }
        Ok(sectors)
    }

    /// (sector key, alias) of every alias, sorted the Swedish way by alias.
    pub async fn sector_aliases(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT sector_key, alias FROM sector_alias ORDER BY {}",
            self.sv("alias")
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("sector_key")?, r.try_get("alias")?)))
            .collect()
    }

    /// Adds an alias to a sector; `match_key` is what
    /// [`crate::registry::sector_names::sector_match_key`] makes of it (a
    /// second alias that reads the same is refused by the database).
    pub async fn add_sector_alias(
        &self,
        sector_key: &str,
        alias: &str,
        match_key: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO sector_alias (sector_key, alias, match_key) VALUES ($1, $2, $3)")
            .bind(sector_key)
            .bind(alias)
            .bind(match_key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes an alias of a sector; false when the sector has no such alias.
    pub async fn remove_sector_alias(
        &self,
        sector_key: &str,
        alias: &str,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sector_alias WHERE sector_key = $1 AND alias = $2")
            .bind(sector_key)
            .bind(alias)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn sector_list(&self) -> Result<Vec<(String, String, String)>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT key, name_sv, name_en FROM sector ORDER BY position, name_sv")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("key")?,
                    r.try_get("name_sv")?,
                    r.try_get("name_en")?,
                ))
            })
            .collect()
    }
}

async fn replace_priorities(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    municipality_id: &str,
    priorities: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM municipality_priority WHERE municipality_id = $1")
        .bind(municipality_id)
        .execute(&mut **tx)
        .await?;
    for theme in priorities {
        sqlx::query("INSERT INTO municipality_priority (municipality_id, theme) VALUES ($1, $2)")
            .bind(municipality_id)
            .bind(theme)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
