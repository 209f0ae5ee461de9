//! The accessibility statement (migrations/0018_accessibility_statement.sql;
//! the rules: `crate::statement`).

use super::{now, Db};
use crate::statement::{Assessment, Compliance, Statement};
use sqlx::Row;

impl Db {
    /// The statement an administrator saved, if one has.
    pub async fn accessibility_statement(&self) -> Result<Option<Statement>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT organisation, service, compliance, gaps, assessed_on, assessment, method,
                    contact_email, contact_phone, reply_time, updated_at
             FROM accessibility_statement WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let compliance: String = row.try_get("compliance")?;
        let assessment: String = row.try_get("assessment")?;
        let bad = |column: &str, value: &str| {
            sqlx::Error::Decode(format!("accessibility_statement.{column}: {value}").into())
        };
        Ok(Some(Statement {
            organisation: row.try_get("organisation")?,
            service: row.try_get("service")?,
            compliance: Compliance::parse(&compliance)
                .ok_or_else(|| bad("compliance", &compliance))?,
            gaps: row.try_get("gaps")?,
            assessed_on: row.try_get("assessed_on")?,
            assessment: Assessment::parse(&assessment)
                .ok_or_else(|| bad("assessment", &assessment))?,
            method: row.try_get("method")?,
            contact_email: row.try_get("contact_email")?,
            contact_phone: row.try_get("contact_phone")?,
            reply_time: row.try_get("reply_time")?,
            updated_at: Some(row.try_get("updated_at")?),
        }))
    }

    /// Saves the statement (a checked one: `crate::statement::check`) as
    /// `user_id`'s, updated now; returns that time.
    pub async fn save_accessibility_statement(
        &self,
        statement: &Statement,
        user_id: Option<&str>,
    ) -> Result<i64, sqlx::Error> {
        let at = now();
        sqlx::query(
            "INSERT INTO accessibility_statement
                 (id, organisation, service, compliance, gaps, assessed_on, assessment, method,
                  contact_email, contact_phone, reply_time, updated_by, updated_at)
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (id) DO UPDATE
             SET organisation = excluded.organisation, service = excluded.service,
                 compliance = excluded.compliance, gaps = excluded.gaps,
                 assessed_on = excluded.assessed_on, assessment = excluded.assessment,
                 method = excluded.method, contact_email = excluded.contact_email,
                 contact_phone = excluded.contact_phone, reply_time = excluded.reply_time,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(&statement.organisation)
        .bind(&statement.service)
        .bind(statement.compliance.key())
        .bind(&statement.gaps)
        .bind(statement.assessed_on)
        .bind(statement.assessment.key())
        .bind(&statement.method)
        .bind(&statement.contact_email)
        .bind(&statement.contact_phone)
        .bind(&statement.reply_time)
        .bind(user_id)
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(at)
    }
}
