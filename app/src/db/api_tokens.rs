//! Personal API tokens: stored as their SHA-256 only, with their owner.

use super::{new_id, now, Db};
use crate::api_tokens::ApiTokenRecord;
use crate::auth::CurrentUser;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A token found by its hash, with why it may or may not be used.
#[derive(Clone, Debug)]
pub struct TokenLookup {
    pub id: String,
    pub name: String,
    pub owner_email: String,
    pub state: TokenState,
}

#[derive(Clone, Debug)]
pub enum TokenState {
    /// Usable: the user as the token acts for them.
    Valid(CurrentUser),
    Revoked,
    Expired,
    /// The owner's account is disabled.
    OwnerDisabled,
}

const COLUMNS: &str =
    "t.id, t.name, t.hint, u.email, t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

fn record(row: &AnyRow) -> Result<ApiTokenRecord, sqlx::Error> {
    let mut record = ApiTokenRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        hint: row.try_get("hint")?,
        owner_email: row.try_get("email")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
        state: crate::api_tokens::TokenStatus::Active,
    };
    record.state = record.status(now());
    Ok(record)
}

impl Db {
    /// Stores a new token of `user_id`; returns its id.
    pub async fn create_api_token(
        &self,
        user_id: &str,
        name: &str,
        token_hash: &str,
        hint: &str,
        expires_at: Option<i64>,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO api_token (id, user_id, name, token_hash, hint, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(hint)
        .bind(now())
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// The tokens of one user (`Some`) or of everyone (`None`), newest first.
    pub async fn api_tokens(
        &self,
        user_id: Option<&str>,
    ) -> Result<Vec<ApiTokenRecord>, sqlx::Error> {
        let filter = if user_id.is_some() {
            "WHERE t.user_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id
             {filter} ORDER BY t.created_at DESC, t.name LIMIT 1000"
        );
        let mut query = sqlx::query(&sql);
        if let Some(user_id) = user_id {
            query = query.bind(user_id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(record).collect()
    }

    /// One token with its owner's id.
    pub async fn api_token(
        &self,
        id: &str,
    ) -> Result<Option<(ApiTokenRecord, String)>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, t.user_id FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE t.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| Ok((record(&row)?, row.try_get("user_id")?)))
            .transpose()
    }

    /// Active (not revoked, not expired) tokens of a user.
    pub async fn active_api_token_count(&self, user_id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM api_token
             WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(user_id)
        .bind(now())
        .fetch_one(self.pool())
        .await
    }

    /// Revokes a token; false when it was revoked already.
    pub async fn revoke_api_token(&self, id: &str, by: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE api_token SET revoked_at = $1, revoked_by = $2
             WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(by)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The token with this hash, and whether it may be used now.
    pub async fn api_token_by_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<TokenLookup>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT t.id, t.name, t.expires_at, t.revoked_at, t.user_id,
                    u.email, u.name AS user_name, u.role, u.disabled_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let expires_at: Option<i64> = row.try_get("expires_at")?;
        let revoked_at: Option<i64> = row.try_get("revoked_at")?;
        let disabled_at: Option<i64> = row.try_get("disabled_at")?;
        let owner_email: String = row.try_get("email")?;
        let state = if revoked_at.is_some() {
            TokenState::Revoked
        } else if expires_at.is_some_and(|at| at <= now()) {
            TokenState::Expired
        } else if disabled_at.is_some() {
            TokenState::OwnerDisabled
        } else {
            let user_id: String = row.try_get("user_id")?;
            let municipality_ids = sqlx::query_scalar(
                "SELECT municipality_id FROM user_municipality WHERE user_id = $1",
            )
            .bind(&user_id)
            .fetch_all(self.pool())
            .await?;
            TokenState::Valid(CurrentUser {
                id: user_id,
                email: owner_email.clone(),
                name: row.try_get("user_name")?,
                role: super::auth::role_of(&row)?,
                municipality_ids,
            })
        };
        Ok(Some(TokenLookup {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            owner_email,
            state,
        }))
    }

    /// Notes a use of the token on `day`; true for its first use that day.
    pub async fn note_api_token_use(&self, id: &str, day: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE api_token SET last_used_at = $1, last_used_day = $2
             WHERE id = $3 AND (last_used_day IS NULL OR last_used_day <> $2)",
        )
        .bind(now())
        .bind(day)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves a token's expiry; tests use it to check that expired tokens stop.
    pub async fn set_api_token_expiry(&self, id: &str, at: Option<i64>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE api_token SET expires_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// What the data of a round's tables depends on, as one string: a
    /// change to any answer, unit, municipality, sector or the round itself
    /// changes it. With the newest change's time (for `Last-Modified`).
    ///
    /// Revision sums catch changes within the same second; the earlier rounds
    /// of the round's municipalities are included for the trend table.
    pub async fn round_data_version(&self, round_id: &str) -> Result<(String, i64), sqlx::Error> {
        let round = sqlx::query(
            "SELECT name, status, closes_at, COALESCE(opens_at, 0) AS opens_at,
                    COALESCE(thresholds, '') AS thresholds, updated_at
             FROM round WHERE id = $1",
        )
        .bind(round_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(round) = round else {
            return Ok((String::new(), 0));
        };
        let answers = sqlx::query(
            "SELECT COUNT(r.round_unit_id) AS n,
                    CAST(COALESCE(SUM(r.revision), 0) AS BIGINT) AS revisions,
                    CAST(COALESCE(SUM(COALESCE(r.submitted_revision, 0)), 0) AS BIGINT) AS submitted,
                    COALESCE(MAX(r.updated_at), 0) AS changed,
                    COUNT(ru.id) AS targets,
                    COALESCE(MAX(ru.created_at), 0) AS targeted
             FROM round_municipality rm
             JOIN unit u ON u.municipality_id = rm.municipality_id
             JOIN round_unit ru ON ru.unit_id = u.id
             LEFT JOIN response r ON r.round_unit_id = ru.id
             WHERE rm.round_id = $1",
        )
        .bind(round_id)
        .fetch_one(self.pool())
        .await?;
        let registry = sqlx::query(
            "SELECT COUNT(u.id) AS n, COALESCE(MAX(u.updated_at), 0) AS changed,
                    CAST(COALESCE(SUM(LENGTH(u.name) + LENGTH(u.sector) + LENGTH(u.kind)), 0) AS BIGINT) AS sizes,
                    CAST(COALESCE(SUM(CASE WHEN u.archived_at IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) AS archived,
                    COALESCE(MAX(m.updated_at), 0) AS places
             FROM round_municipality rm
             JOIN municipality m ON m.id = rm.municipality_id
             LEFT JOIN unit u ON u.municipality_id = rm.municipality_id
             WHERE rm.round_id = $1",
        )
        .bind(round_id)
        .fetch_one(self.pool())
        .await?;
        let extra = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM round_municipality WHERE round_id = $1) AS places,
                    (SELECT COUNT(*) FROM confirmed_part c JOIN round_unit ru ON ru.id = c.round_unit_id
                       WHERE ru.round_id = $1) AS confirmed,
                    (SELECT COUNT(*) FROM reported_project p JOIN unit u ON u.id = p.unit_id
                       JOIN round_municipality rm ON rm.municipality_id = u.municipality_id
                       WHERE rm.round_id = $1) AS reported,
                    (SELECT COALESCE(MAX(p.updated_at), 0) FROM reported_project p JOIN unit u ON u.id = p.unit_id
                       JOIN round_municipality rm ON rm.municipality_id = u.municipality_id
                       WHERE rm.round_id = $1) AS reported_at",
        )
        .bind(round_id)
        .fetch_one(self.pool())
        .await?;
        let sectors: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT key, name_sv, name_en, CAST(position AS BIGINT) FROM sector ORDER BY key",
        )
        .fetch_all(self.pool())
        .await?;

        let mut parts: Vec<String> = Vec::new();
        for column in ["name", "status", "thresholds"] {
            parts.push(round.try_get::<String, _>(column)?);
        }
        let mut latest: i64 = 0;
        for column in ["closes_at", "opens_at", "updated_at"] {
            let value: i64 = round.try_get(column)?;
            parts.push(value.to_string());
            if column == "updated_at" {
                latest = latest.max(value);
            }
        }
        for (row, columns) in [
            (
                &answers,
                &[
                    "n",
                    "revisions",
                    "submitted",
                    "changed",
                    "targets",
                    "targeted",
                ][..],
            ),
            (
                &registry,
                &["n", "changed", "sizes", "archived", "places"][..],
            ),
            (
                &extra,
                &["places", "confirmed", "reported", "reported_at"][..],
            ),
        ] {
            for column in columns {
                let value: i64 = row.try_get(*column)?;
                parts.push(value.to_string());
                if matches!(*column, "changed" | "targeted" | "reported_at") {
                    latest = latest.max(value);
                }
            }
        }
        for (key, sv, en, position) in sectors {
            parts.push(format!("{key}={sv}={en}={position}"));
        }
        Ok((parts.join("\u{1f}"), latest))
    }
}
