//! Questionnaires and their versions. Definitions are stored as JSON text;
//! this layer does not look inside them.

use super::{new_id, now, Db};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct QuestionnaireRow {
    pub id: String,
    pub municipality_id: Option<String>,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub builtin: Option<String>,
    pub archived: bool,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct VersionRow {
    pub id: String,
    pub questionnaire_id: String,
    pub number: i64,
    pub definition: String,
    pub edit_count: i64,
    pub frozen_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What starting the product did to the questionnaire it ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// It was not there and was added.
    Added,
    /// It had the product's earlier wording, unchanged by anyone; now it has
    /// this release's, as the given version.
    Updated { version: i64 },
    /// It already had this release's wording.
    Current,
    /// Someone changed it, so it was left as they made it.
    KeptChanged,
}

const QUESTIONNAIRE_COLUMNS: &str = "q.id, q.municipality_id, m.code AS municipality_code,
    m.name AS municipality_name, q.builtin, q.archived_at, q.updated_at";
const VERSION_COLUMNS: &str =
    "v.id, v.questionnaire_id, v.number, v.definition, v.edit_count, v.frozen_at, v.created_at, v.updated_at";

fn questionnaire_row(row: &AnyRow) -> Result<QuestionnaireRow, sqlx::Error> {
    Ok(QuestionnaireRow {
        id: row.try_get("id")?,
        municipality_id: row.try_get("municipality_id")?,
        municipality_code: row.try_get("municipality_code")?,
        municipality_name: row.try_get("municipality_name")?,
        builtin: row.try_get("builtin")?,
        archived: row.try_get::<Option<i64>, _>("archived_at")?.is_some(),
        updated_at: row.try_get("updated_at")?,
    })
}

fn version_row(row: &AnyRow) -> Result<VersionRow, sqlx::Error> {
    Ok(VersionRow {
        id: row.try_get("id")?,
        questionnaire_id: row.try_get("questionnaire_id")?,
        number: row.try_get("number")?,
        definition: row.try_get("definition")?,
        edit_count: row.try_get("edit_count")?,
        frozen_at: row.try_get("frozen_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What saving a changed definition led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The version was changed in place.
    Updated,
    /// The version was frozen, so a new version was made: its id.
    NewVersion(String),
    /// Someone else saved in between; nothing was written.
    Stale,
}

impl Db {
    /// Every questionnaire with its newest version, shared ones first.
    pub async fn list_questionnaires(
        &self,
    ) -> Result<Vec<(QuestionnaireRow, VersionRow)>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {QUESTIONNAIRE_COLUMNS}, v.id AS v_id, v.number, v.definition, v.edit_count,
                    v.frozen_at, v.created_at AS v_created_at, v.updated_at AS v_updated_at
             FROM questionnaire q
             LEFT JOIN municipality m ON m.id = q.municipality_id
             JOIN questionnaire_version v ON v.questionnaire_id = q.id
             WHERE v.number = (SELECT MAX(number) FROM questionnaire_version WHERE questionnaire_id = q.id)
             ORDER BY CASE WHEN q.municipality_id IS NULL THEN 0 ELSE 1 END, {m}, q.created_at",
            m = self.sv("m.name"),
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    questionnaire_row(row)?,
                    VersionRow {
                        id: row.try_get("v_id")?,
                        questionnaire_id: row.try_get("id")?,
                        number: row.try_get("number")?,
                        definition: row.try_get("definition")?,
                        edit_count: row.try_get("edit_count")?,
                        frozen_at: row.try_get("frozen_at")?,
                        created_at: row.try_get("v_created_at")?,
                        updated_at: row.try_get("v_updated_at")?,
                    },
                ))
            })
            .collect()
    }

    pub async fn questionnaire(&self, id: &str) -> Result<Option<QuestionnaireRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {QUESTIONNAIRE_COLUMNS} FROM questionnaire q
             LEFT JOIN municipality m ON m.id = q.municipality_id WHERE q.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(questionnaire_row)
        .transpose()
    }

    /// All versions of a questionnaire, newest first.
    pub async fn questionnaire_versions(
        &self,
        questionnaire_id: &str,
    ) -> Result<Vec<VersionRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM questionnaire_version v
             WHERE v.questionnaire_id = $1 ORDER BY v.number DESC"
        ))
        .bind(questionnaire_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_row).collect()
    }

    pub async fn latest_version(
        &self,
        questionnaire_id: &str,
    ) -> Result<Option<VersionRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM questionnaire_version v
             WHERE v.questionnaire_id = $1 ORDER BY v.number DESC LIMIT 1"
        ))
        .bind(questionnaire_id)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(version_row)
        .transpose()
    }

    pub async fn questionnaire_version(
        &self,
        version_id: &str,
    ) -> Result<Option<VersionRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM questionnaire_version v WHERE v.id = $1"
        ))
        .bind(version_id)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(version_row)
        .transpose()
    }

    /// Creates a questionnaire with its first version; returns (questionnaire id, version id).
    pub async fn create_questionnaire(
        &self,
        municipality_id: Option<&str>,
        builtin: Option<&str>,
        definition: &str,
        created_by: Option<&str>,
    ) -> Result<(String, String), sqlx::Error> {
        let (id, version_id, at) = (new_id(), new_id(), now());
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO questionnaire (id, municipality_id, builtin, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&id)
        .bind(municipality_id)
        .bind(builtin)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO questionnaire_version
                 (id, questionnaire_id, number, definition, created_by, shipped,
                  created_at, updated_at)
             VALUES ($1, $2, 1, $3, $4, $5, $6, $6)",
        )
        .bind(&version_id)
        .bind(&id)
        .bind(definition)
        .bind(created_by)
        .bind(i64::from(builtin.is_some()))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((id, version_id))
    }

    /// Adds the questionnaire shipped with the product, or brings it up to
    /// date with `definition` when nobody has changed it since the product
    /// wrote it: a version in use by a round is kept and the new wording
    /// becomes the next version. A questionnaire someone edited is left
    /// alone.
    pub async fn ensure_builtin_questionnaire(
        &self,
        builtin: &str,
        definition: &str,
    ) -> Result<Builtin, sqlx::Error> {
        let newest = sqlx::query(
            "SELECT v.id, v.questionnaire_id, v.number, v.definition, v.edit_count,
                    v.frozen_at, v.shipped
             FROM questionnaire q JOIN questionnaire_version v ON v.questionnaire_id = q.id
             WHERE q.builtin = $1 ORDER BY v.number DESC LIMIT 1",
        )
        .bind(builtin)
        .fetch_optional(self.pool())
        .await?;
        let Some(newest) = newest else {
            return match self
                .create_questionnaire(None, Some(builtin), definition, None)
                .await
            {
                Ok(_) => Ok(Builtin::Added),
                // Another instance added it at the same moment.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Builtin::Current),
                Err(e) => Err(e),
            };
        };
        let stored: String = newest.try_get("definition")?;
        if stored == definition {
            return Ok(Builtin::Current);
        }
        let shipped: i64 = newest.try_get("shipped")?;
        if shipped == 0 {
            return Ok(Builtin::KeptChanged);
        }
        let version_id: String = newest.try_get("id")?;
        let questionnaire_id: String = newest.try_get("questionnaire_id")?;
        let number: i64 = newest.try_get("number")?;
        let edit_count: i64 = newest.try_get("edit_count")?;
        let frozen_at: Option<i64> = newest.try_get("frozen_at")?;
        let at = now();
        let changed = if frozen_at.is_some() {
            let inserted = sqlx::query(
                "INSERT INTO questionnaire_version
                     (id, questionnaire_id, number, definition, shipped, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 1, $5, $5)",
            )
            .bind(new_id())
            .bind(&questionnaire_id)
            .bind(number + 1)
            .bind(definition)
            .bind(at)
            .execute(self.pool())
            .await;
            match inserted {
                Ok(done) => done.rows_affected() == 1,
                // Another instance or a person made the next version first.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => false,
                Err(e) => return Err(e),
            }
        } else {
            // Only if still unchanged and unused: a person's edit or a
            // round's freeze in the meantime wins.
            sqlx::query(
                "UPDATE questionnaire_version SET definition = $1, updated_at = $2
                 WHERE id = $3 AND shipped = 1 AND edit_count = $4 AND frozen_at IS NULL",
            )
            .bind(definition)
            .bind(at)
            .bind(&version_id)
            .bind(edit_count)
            .execute(self.pool())
            .await?
            .rows_affected()
                == 1
        };
        if !changed {
            return Ok(Builtin::Current);
        }
        sqlx::query("UPDATE questionnaire SET updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(&questionnaire_id)
            .execute(self.pool())
            .await?;
        let version = if frozen_at.is_some() {
            number + 1
        } else {
            number
        };
        self.audit_as(
            None,
            "Nuläge",
            "questionnaire.release",
            &questionnaire_id,
            &format!("version {version} har den nya utgåvans formulering"),
            "",
        )
        .await?;
        Ok(Builtin::Updated { version })
    }

    /// Saves a changed definition of `version`, which the caller read with
    /// `edit_count`. A frozen version is left alone and the change becomes the
    /// questionnaire's next version instead.
    pub async fn save_definition(
        &self,
        version: &VersionRow,
        definition: &str,
        user_id: &str,
    ) -> Result<Saved, sqlx::Error> {
        let at = now();
        let mut tx = self.begin_write().await?;
        // The newest version must still be the one the change was based on.
        let newest: Option<(String, i64, Option<i64>)> = sqlx::query(
            "SELECT id, edit_count, frozen_at FROM questionnaire_version
             WHERE questionnaire_id = $1 ORDER BY number DESC LIMIT 1",
        )
        .bind(&version.questionnaire_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| -> Result<_, sqlx::Error> {
            Ok((
                row.try_get("id")?,
                row.try_get("edit_count")?,
                row.try_get("frozen_at")?,
            ))
        })
        .transpose()?;
        let Some((newest_id, edit_count, frozen_at)) = newest else {
            return Ok(Saved::Stale);
        };
        if newest_id != version.id || edit_count != version.edit_count {
            return Ok(Saved::Stale);
        }
        let saved = if frozen_at.is_some() {
            let new_version = new_id();
            let inserted = sqlx::query(
                "INSERT INTO questionnaire_version
                     (id, questionnaire_id, number, definition, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(&new_version)
            .bind(&version.questionnaire_id)
            .bind(version.number + 1)
            .bind(definition)
            .bind(user_id)
            .bind(at)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => Saved::NewVersion(new_version),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Ok(Saved::Stale)
                }
                Err(e) => return Err(e),
            }
        } else {
            let done = sqlx::query(
                "UPDATE questionnaire_version
                 SET definition = $1, edit_count = edit_count + 1, shipped = 0,
                     updated_at = $2
                 WHERE id = $3 AND edit_count = $4 AND frozen_at IS NULL",
            )
            .bind(definition)
            .bind(at)
            .bind(&version.id)
            .bind(version.edit_count)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(Saved::Stale);
            }
            Saved::Updated
        };
        sqlx::query("UPDATE questionnaire SET updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(&version.questionnaire_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Freezes a version for good (a round uses it).
    pub async fn freeze_version(&self, version_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE questionnaire_version SET frozen_at = $1 WHERE id = $2 AND frozen_at IS NULL",
        )
        .bind(now())
        .bind(version_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn set_questionnaire_archived(
        &self,
        id: &str,
        archived: bool,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE questionnaire SET archived_at = CASE WHEN $1 = 1 THEN $2 ELSE NULL END,
                 updated_at = $2 WHERE id = $3",
        )
        .bind(archived as i64)
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
