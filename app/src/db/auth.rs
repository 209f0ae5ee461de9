//! Accounts, sessions, one-time links, login failures and the audit log.

use super::{new_id, now, Db};
use crate::auth::{AuditFilter, AuditRecord, CurrentUser, Role, UserRecord};
use sqlx::any::AnyRow;
use sqlx::Row;

/// How many failed logins are allowed within a window.
#[derive(Clone, Copy, Debug)]
pub struct LoginLimits {
    pub per_account: i64,
    pub per_address: i64,
    pub window_secs: i64,
}

/// An account with its password hash, for login.
pub struct Credentials {
    pub user_id: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// What a one-time link leads to, when it is still valid.
pub struct LinkTarget {
    pub user_id: String,
    pub email: String,
}

pub(crate) fn role_of(row: &AnyRow) -> Result<Role, sqlx::Error> {
    let key: String = row.try_get("role")?;
    Role::parse(&key).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {key}").into()))
}

impl Db {
    /// Creates the account if it does not exist; returns its id.
    pub async fn ensure_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
    ) -> Result<String, sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO app_user (id, email, name, role, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (email) DO NOTHING",
        )
        .bind(new_id())
        .bind(email)
        .bind(name)
        .bind(role.key())
        .bind(ts)
        .execute(self.pool())
        .await?;
        sqlx::query_scalar("SELECT id FROM app_user WHERE email = $1")
            .bind(email)
            .fetch_one(self.pool())
            .await
    }

    pub async fn user_exists(&self, email: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM app_user WHERE email = $1")
            .bind(email)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// Sets role and municipalities (by kommunkod) in one transaction.
    pub async fn set_user_access(
        &self,
        user_id: &str,
        name: &str,
        role: Role,
        municipality_codes: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE app_user SET name = $1, role = $2, updated_at = $3 WHERE id = $4")
            .bind(name)
            .bind(role.key())
            .bind(now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_municipality WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if role != Role::Admin {
            for code in municipality_codes {
                sqlx::query(
                    "INSERT INTO user_municipality (user_id, municipality_id)
                     SELECT $1, id FROM municipality WHERE code = $2",
                )
                .bind(user_id)
                .bind(code)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await
    }

    pub async fn set_user_disabled(
        &self,
        user_id: &str,
        disabled: bool,
    ) -> Result<bool, sqlx::Error> {
        let ts = now();
        let done =
            sqlx::query("UPDATE app_user SET disabled_at = $1, updated_at = $2 WHERE id = $3")
                .bind(disabled.then_some(ts))
                .bind(ts)
                .bind(user_id)
                .execute(self.pool())
                .await?;
        if disabled {
            self.end_sessions_of(user_id).await?;
        }
        Ok(done.rows_affected() > 0)
    }

    pub async fn list_users(&self) -> Result<Vec<UserRecord>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, email, name, role,
                    CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END AS disabled,
                    CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password
             FROM app_user ORDER BY email",
        )
        .fetch_all(self.pool())
        .await?;
        let scopes = sqlx::query(&format!(
            "SELECT um.user_id, m.code FROM user_municipality um
             JOIN municipality m ON m.id = um.municipality_id ORDER BY {}",
            self.sv("m.name")
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let municipality_codes = scopes
                    .iter()
                    .filter(|s| s.try_get::<String, _>("user_id").is_ok_and(|u| u == id))
                    .map(|s| s.try_get("code"))
                    .collect::<Result<_, _>>()?;
                Ok(UserRecord {
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    role: role_of(row)?,
                    disabled: super::flag(row, "disabled")?,
                    has_password: super::flag(row, "has_password")?,
                    municipality_codes,
                    id,
                })
            })
            .collect()
    }

    pub async fn user_by_id(&self, user_id: &str) -> Result<Option<UserRecord>, sqlx::Error> {
        Ok(self
            .list_users()
            .await?
            .into_iter()
            .find(|u| u.id == user_id))
    }

    pub async fn credentials(&self, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, password_hash, CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END AS disabled
             FROM app_user WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Credentials {
                user_id: row.try_get("id")?,
                password_hash: row.try_get("password_hash")?,
                disabled: super::flag(&row, "disabled")?,
            })
        })
        .transpose()
    }

    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE app_user SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        // A new password ends every session opened with the old one.
        self.end_sessions_of(user_id).await
    }

    // --- sessions ---

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        absolute_secs: i64,
    ) -> Result<(), sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(ts)
        .bind(ts + absolute_secs)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The user of a live session, touching it so the idle clock restarts.
    pub async fn session_user(
        &self,
        token_hash: &str,
        idle_secs: i64,
    ) -> Result<Option<CurrentUser>, sqlx::Error> {
        let ts = now();
        let Some(row) = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, s.last_seen_at
             FROM user_session s JOIN app_user u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3
               AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(ts)
        .bind(ts - idle_secs)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let last_seen: i64 = row.try_get("last_seen_at")?;
        // One write a minute at most per session keeps busy pages cheap.
        if ts - last_seen >= 60 {
            sqlx::query("UPDATE user_session SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(ts)
                .bind(token_hash)
                .execute(self.pool())
                .await?;
        }
        let id: String = row.try_get("id")?;
        let municipality_ids =
            sqlx::query_scalar("SELECT municipality_id FROM user_municipality WHERE user_id = $1")
                .bind(&id)
                .fetch_all(self.pool())
                .await?;
        Ok(Some(CurrentUser {
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            role: role_of(&row)?,
            municipality_ids,
            id,
        }))
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn end_sessions_of(&self, user_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM user_session WHERE user_id = $1")
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Moves a session's clocks back; tests use it to check expiry.
    pub async fn age_session(&self, token_hash: &str, by_secs: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE user_session SET created_at = created_at - $1, last_seen_at = last_seen_at - $1,
                 expires_at = expires_at - $1 WHERE token_hash = $2",
        )
        .bind(by_secs)
        .bind(token_hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    // --- one-time links ---

    pub async fn create_link(
        &self,
        token_hash: &str,
        user_id: &str,
        purpose: &str,
        valid_secs: i64,
    ) -> Result<(), sqlx::Error> {
        let ts = now();
        sqlx::query(
            "INSERT INTO one_time_link (token_hash, user_id, purpose, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(purpose)
        .bind(ts)
        .bind(ts + valid_secs)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The account behind a link that is unused and not expired.
    pub async fn link_target(&self, token_hash: &str) -> Result<Option<LinkTarget>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.email FROM one_time_link l JOIN app_user u ON u.id = l.user_id
             WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2
               AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(LinkTarget {
                user_id: row.try_get("id")?,
                email: row.try_get("email")?,
            })
        })
        .transpose()
    }

    /// Marks a link used; false when it was already used (a second, racing use).
    pub async fn use_link(&self, token_hash: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE one_time_link SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now())
        .bind(token_hash)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn age_link(&self, token_hash: &str, by_secs: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE one_time_link SET expires_at = expires_at - $1 WHERE token_hash = $2")
            .bind(by_secs)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    // --- throttling ---

    /// Reserves one login attempt for (account, address), unless either has
    /// used up its failures within the window: the reservation is counted as
    /// a failure from the start, so that parallel attempts can never check
    /// more passwords than the limit. A successful login clears it with the
    /// account's other failures ([`Db::clear_login_failures`]). `email` is
    /// empty for something that is no e-mail address: then only the address
    /// is limited. False when the attempt is refused.
    pub async fn reserve_login_attempt(
        &self,
        email: &str,
        client_ip: &str,
        limits: LoginLimits,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        if self.backend() == super::Backend::Postgres {
            // SQLite's write lock already serialises this; PostgreSQL's
            // default isolation would let two attempts count the same rows.
            sqlx::query("SELECT pg_advisory_xact_lock(7305001)")
                .execute(&mut *tx)
                .await?;
        }
        let since = now() - limits.window_secs;
        let by_account: i64 = if email.is_empty() {
            0
        } else {
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failure WHERE email = $1 AND at > $2")
                .bind(email)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?
        };
        let by_address: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failure WHERE client_ip = $1 AND at > $2",
        )
        .bind(client_ip)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if by_account >= limits.per_account || by_address >= limits.per_address {
            return Ok(false);
        }
        sqlx::query("INSERT INTO login_failure (id, email, client_ip, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(email)
            .bind(client_ip)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn clear_login_failures(&self, email: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM login_failure WHERE email = $1")
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    // --- audit ---

    pub async fn audit(
        &self,
        actor: Option<&CurrentUser>,
        action: &str,
        target: &str,
        detail: &str,
        client_ip: &str,
    ) -> Result<(), sqlx::Error> {
        self.audit_as(
            actor.map(|u| u.id.as_str()),
            actor.map(|u| u.email.as_str()).unwrap_or(""),
            action,
            target,
            detail,
            client_ip,
        )
        .await
    }

    /// Audits with an explicit actor: for logins (the e-mail tried) and the command line.
    pub async fn audit_as(
        &self,
        actor_id: Option<&str>,
        actor: &str,
        action: &str,
        target: &str,
        detail: &str,
        client_ip: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_event (id, at, actor_id, actor, action, target, detail, client_ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new_id())
        .bind(now())
        .bind(actor_id)
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(detail)
        .bind(client_ip)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The newest events first, at most `limit`.
    pub async fn audit_events(
        &self,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<AuditRecord>, sqlx::Error> {
        let action = filter.action.clone().unwrap_or_default();
        let actor = filter.actor.clone().unwrap_or_default().to_lowercase();
        let rows = sqlx::query(
            "SELECT at, actor, action, target, detail, client_ip FROM audit_event
             WHERE ($1 = '' OR action = $1 OR action LIKE $1 || '.%')
               AND ($2 = '' OR LOWER(actor) LIKE '%' || $2 || '%')
               AND at >= $3 AND at <= $4
             ORDER BY at DESC, id DESC LIMIT $5",
        )
        .bind(&action)
        .bind(&actor)
        .bind(filter.from.unwrap_or(i64::MIN))
        .bind(filter.to.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditRecord {
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    target: row.try_get("target")?,
                    detail: row.try_get("detail")?,
                    client_ip: row.try_get("client_ip")?,
                })
            })
            .collect()
    }

    /// Municipality id for a kommunkod.
    pub async fn municipality_id(&self, code: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM municipality WHERE code = $1")
            .bind(code)
            .fetch_optional(self.pool())
            .await
    }
}
