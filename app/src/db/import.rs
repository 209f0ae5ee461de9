//! Registry import: staged files, the registry as an import sees it, and applying a plan.

use super::{new_id, now, Db};
use crate::registry::import::{
    AppliedCounts, Change, Existing, ExistingContact, ExistingUnit, ImportPlan,
};
use crate::vocabulary::UnitKind;
use sqlx::Row;

/// A staged file without its text (which only confirming reads again).
pub struct StagedImport {
    pub id: String,
    pub user_id: String,
    pub file_name: String,
    /// JSON of the `ImportPlan` made at upload; empty for files staged
    /// before plans were kept.
    pub plan: String,
    pub applied_at: Option<i64>,
    pub summary: String,
}

impl Db {
    /// Stages a file with the plan made of it (JSON), until it is confirmed.
    pub async fn stage_import(
        &self,
        user_id: &str,
        file_name: &str,
        content: &str,
        plan: &str,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO registry_import (id, user_id, file_name, content, plan, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(file_name)
        .bind(content)
        .bind(plan)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn staged_import(&self, id: &str) -> Result<Option<StagedImport>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, user_id, file_name, plan, applied_at, summary FROM registry_import WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(StagedImport {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                file_name: r.try_get("file_name")?,
                plan: r.try_get("plan")?,
                applied_at: r.try_get("applied_at")?,
                summary: r.try_get("summary")?,
            })
        })
        .transpose()
    }

    /// The text of a staged file.
    pub async fn staged_import_content(&self, id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT content FROM registry_import WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
    }

    /// Keeps the plan of a file staged before plans were kept.
    pub async fn save_import_plan(&self, id: &str, plan: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE registry_import SET plan = $1 WHERE id = $2")
            .bind(plan)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// What the registry holds for the given municipalities.
    pub async fn existing_for(&self, codes: &[&str]) -> Result<Existing, sqlx::Error> {
        let mut existing = Existing::default();
        for code in codes {
            let Some(municipality_id) = self.municipality_id(code).await? else {
                continue;
            };
            let units = sqlx::query(
                "SELECT id, name, kind, sector, CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END AS archived
                 FROM unit WHERE municipality_id = $1",
            )
            .bind(&municipality_id)
            .fetch_all(self.pool())
            .await?;
            for u in &units {
                let kind: String = u.try_get("kind")?;
                existing.add_unit(
                    code,
                    ExistingUnit {
                        id: u.try_get("id")?,
                        name: u.try_get("name")?,
                        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Annat),
                        sector: u.try_get("sector")?,
                        archived: super::flag(u, "archived")?,
                    },
                );
            }
            let contacts = sqlx::query(
                "SELECT c.unit_id, c.email, c.name, c.role, c.is_international FROM contact c JOIN unit u ON u.id = c.unit_id
                 WHERE u.municipality_id = $1",
            )
            .bind(&municipality_id)
            .fetch_all(self.pool())
            .await?;
            for c in &contacts {
                existing.contacts.insert(
                    (c.try_get("unit_id")?, c.try_get("email")?),
                    ExistingContact {
                        name: c.try_get("name")?,
                        role: c.try_get("role")?,
                        is_international: super::flag(c, "is_international")?,
                    },
                );
            }
            existing
                .municipalities
                .insert(code.to_string(), municipality_id);
        }
        Ok(existing)
    }

    /// Writes a plan in one transaction: everything or nothing.
    pub async fn apply_import(
        &self,
        plan: &ImportPlan,
        staged_id: Option<&str>,
    ) -> Result<AppliedCounts, sqlx::Error> {
        let ts = now();
        let mut counts = AppliedCounts::default();
        let mut tx = self.begin_write().await?;
        for (code, name, county) in &plan.new_municipalities {
            sqlx::query(
                "INSERT INTO municipality (id, code, name, county, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(new_id())
            .bind(code)
            .bind(name)
            .bind(county)
            .bind(ts)
            .execute(&mut *tx)
            .await?;
            counts.municipalities += 1;
        }
        for unit in &plan.units {
            let municipality_id: String =
                sqlx::query_scalar("SELECT id FROM municipality WHERE code = $1")
                    .bind(&unit.code)
                    .fetch_one(&mut *tx)
                    .await?;
            match unit.change {
                Change::Create => {
                    sqlx::query(
                        "INSERT INTO unit (id, municipality_id, name, kind, sector, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $6)",
                    )
                    .bind(new_id())
                    .bind(&municipality_id)
                    .bind(&unit.name)
                    .bind(unit.kind.key())
                    .bind(&unit.sector)
                    .bind(ts)
                    .execute(&mut *tx)
                    .await?;
                    counts.units_created += 1;
                }
                Change::Update => {
                    sqlx::query(
                        "UPDATE unit SET kind = $1, sector = $2, archived_at = NULL, updated_at = $3
                         WHERE municipality_id = $4 AND name = $5",
                    )
                    .bind(unit.kind.key())
                    .bind(&unit.sector)
                    .bind(ts)
                    .bind(&municipality_id)
                    .bind(&unit.name)
                    .execute(&mut *tx)
                    .await?;
                    counts.units_updated += 1;
                }
                Change::Unchanged => {}
            }
        }
        for contact in plan
            .contacts
            .iter()
            .filter(|c| c.change != Change::Unchanged)
        {
            let unit_id: String = sqlx::query_scalar(
                "SELECT u.id FROM unit u JOIN municipality m ON m.id = u.municipality_id
                 WHERE m.code = $1 AND u.name = $2",
            )
            .bind(&contact.code)
            .bind(&contact.unit)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO contact (id, unit_id, name, email, role, is_international, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $7, $6, $6)
                 ON CONFLICT (unit_id, email) DO UPDATE SET name = excluded.name, role = excluded.role,
                     is_international = excluded.is_international, updated_at = excluded.updated_at",
            )
            .bind(new_id())
            .bind(&unit_id)
            .bind(&contact.name)
            .bind(&contact.email)
            .bind(&contact.role)
            .bind(ts)
            .bind(i64::from(contact.international))
            .execute(&mut *tx)
            .await?;
            if contact.change == Change::Create {
                counts.contacts_created += 1;
            } else {
                counts.contacts_updated += 1;
            }
        }
        if let Some(id) = staged_id {
            let summary = serde_json::to_string(&counts).unwrap_or_default();
            let done = sqlx::query(
                "UPDATE registry_import SET applied_at = $1, summary = $2 WHERE id = $3 AND applied_at IS NULL",
            )
            .bind(ts)
            .bind(summary)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            // Applied already (a double click): write nothing twice.
            if done.rows_affected() != 1 {
                tx.rollback().await?;
                return Err(sqlx::Error::RowNotFound);
            }
        }
        tx.commit().await?;
        Ok(counts)
    }
}
