//! Turning a round's templates and targets into mails to queue.

use super::{default_template, render, MailConfig, MailKind, Values, TOKEN_SLOT};
use crate::db::mail::{NewMail, RecipientRow};
use crate::db::rounds::RoundRow;
use crate::db::Db;
use crate::i18n::Lang;

/// The round's text for `kind`: its own, or the built-in one. (subject, body)
pub async fn template(
    db: &Db,
    round_id: &str,
    kind: MailKind,
) -> Result<(String, String), sqlx::Error> {
    Ok(db
        .mail_templates(round_id)
        .await?
        .into_iter()
        .find(|t| t.kind == kind.key())
        .map(|t| (t.subject, t.body))
        .unwrap_or_else(|| {
            let (subject, body) = default_template(kind);
            (subject.to_string(), body.to_string())
        }))
}

/// What the placeholders become for one target, with its real link (for
/// the preview and the mail-merge file); None when its link is revoked or
/// cannot be unsealed.
pub fn values(
    row: &RecipientRow,
    round: &RoundRow,
    base_url: &str,
    signer: &str,
) -> Option<Values> {
    let token = row.token.as_deref()?;
    Some(values_with(row, round, base_url, signer, token))
}

/// The values for a mail to queue: the link has [`TOKEN_SLOT`] for its
/// secret, which the worker fills in when it sends the mail, so that the
/// queue never holds a link in plain text. None like [`values`].
pub fn queued_values(
    row: &RecipientRow,
    round: &RoundRow,
    base_url: &str,
    signer: &str,
) -> Option<Values> {
    row.token.as_ref()?;
    Some(values_with(row, round, base_url, signer, TOKEN_SLOT))
}

fn values_with(
    row: &RecipientRow,
    round: &RoundRow,
    base_url: &str,
    signer: &str,
    token: &str,
) -> Values {
    Values {
        enhet: row.unit_name.clone(),
        kommun: row.municipality_name.clone(),
        kartlaggning: round.name.clone(),
        lank: format!("{base_url}/s/{token}"),
        sista_dag: crate::rounds::deadline_text(round.closes_at, Lang::Sv),
        samordnare: signer.to_string(),
    }
}

/// Who signs mails that nobody sends by hand: the round's creator.
pub async fn round_signer(db: &Db, round_id: &str) -> Result<String, sqlx::Error> {
    let name = match db.round_creator(round_id).await? {
        Some(user) => db.user_display_name(&user).await?,
        None => None,
    };
    Ok(name.unwrap_or_else(|| "Samordnaren".to_string()))
}

/// One mail for a target's contact.
#[allow(clippy::too_many_arguments)]
pub fn mail(
    kind: MailKind,
    row: &RecipientRow,
    values: &Values,
    template: &(String, String),
    dedupe_key: String,
    reply_to: &str,
    created_by: Option<&str>,
    round_id: &str,
) -> Option<NewMail> {
    let email = row.contact_email.clone()?;
    Some(NewMail {
        round_id: round_id.to_string(),
        target_id: row.target_id.clone(),
        kind: kind.key().to_string(),
        dedupe_key,
        // Names are cleaned on the way in; one written before that, or
        // straight into the database, still goes into the header on one line.
        recipient_name: crate::text::one_line(row.contact_name.as_deref().unwrap_or_default()),
        recipient: email,
        reply_to: reply_to.to_string(),
        subject: render(&template.0, values).trim().to_string(),
        body: render(&template.1, values),
        created_by: created_by.map(str::to_string),
    })
}

/// The thank-you mails for a target that submits: one per contact, each
/// with a dedupe key of its own so that submitting again sends nothing.
pub async fn thanks(
    db: &Db,
    config: &MailConfig,
    round: &RoundRow,
    target_id: &str,
) -> Result<Vec<NewMail>, sqlx::Error> {
    if !config.enabled {
        return Ok(Vec::new());
    }
    let rows = db.target_recipients(target_id).await?;
    if rows.iter().all(|r| r.contact_email.is_none()) {
        return Ok(Vec::new());
    }
    let template = template(db, &round.id, MailKind::Thanks).await?;
    let signer = round_signer(db, &round.id).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let values = queued_values(row, round, &config.base_url, &signer)?;
            let key = format!(
                "tack:{target_id}:{}",
                row.contact_email.as_deref()?.to_lowercase()
            );
            mail(
                MailKind::Thanks,
                row,
                &values,
                &template,
                key,
                "",
                None,
                &round.id,
            )
        })
        .collect())
}
