//! `/omgangar/{id}/utskick/koppling.csv`: one row per contact of the round's
//! units with the personal link, for mail merge in Word or Outlook when the
//! server sends no mail itself. Swedish Excel CSV (UTF-8 with BOM, `;`,
//! CRLF, formulas neutralised). The links are secrets: only those who may
//! change the round get the file, and every download is audited.

use crate::download::{attachment, internal, plain, readable_round};
use crate::export::csv_out::{Encoder, Format};
use crate::export::{slug, Cell};
use app::auth::{ClientIp, CurrentUser};
use app::db::Db;
use app::mail::{Audience, JobState, MailKind};
use app::rounds::UnitState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;

#[derive(Clone)]
struct MergeState {
    db: Db,
    base_url: String,
}

pub fn router<S: Clone + Send + Sync + 'static>(db: Db, base_url: String) -> Router<S> {
    Router::new()
        .route("/omgangar/{id}/utskick/koppling.csv", get(download))
        .with_state(MergeState { db, base_url })
}

#[derive(Debug, Default, Deserialize)]
struct Params {
    /// alla (default), ej_inbjudna, ej_inskickade, utkast or inget.
    #[serde(default)]
    vilka: String,
}

/// The file's columns; the placeholders of the texts are named the same.
pub const COLUMNS: [&str; 9] = [
    "kommun",
    "enhet",
    "kontaktperson",
    "e-post",
    "länk",
    "sista_dag",
    "kartläggning",
    "samordnare",
    "läge",
];

async fn download(
    State(state): State<MergeState>,
    user: Option<Extension<CurrentUser>>,
    client: Option<Extension<ClientIp>>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let Some(Extension(user)) = user else {
        return Redirect::to("/logga-in").into_response();
    };
    let db = state.db;
    let ip = client.map(|c| c.0 .0.to_string()).unwrap_or_default();
    let audience = match params.vilka.trim() {
        "" | "alla" => Audience::All,
        other => match Audience::parse(other).filter(|a| *a != Audience::Chosen) {
            Some(a) => a,
            None => {
                return plain(
                    StatusCode::BAD_REQUEST,
                    "Okänt urval. Välj alla, ej_inbjudna, ej_inskickade, utkast eller inget.",
                )
            }
        },
    };
    let (round, _) = match readable_round(&db, &user, &id, "koppling", &ip).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !app::rounds::api::access::can_act(&user, &round) {
        return plain(
            StatusCode::FORBIDDEN,
            "Du har inte behörighet att göra detta.",
        );
    }
    let rows = match db.mail_recipients(&id).await {
        Ok(rows) => rows,
        Err(e) => return internal("mail-merge file", e),
    };
    let invited: std::collections::HashSet<String> = match db.round_mail(&id).await {
        Ok(jobs) => jobs
            .into_iter()
            .filter(|m| {
                m.kind == MailKind::Invitation.key()
                    && JobState::parse(&m.state).is_some_and(JobState::pending_or_sent)
            })
            .map(|m| m.target_id)
            .collect(),
        Err(e) => return internal("mail-merge file", e),
    };
    let signer = user.display_name().to_string();
    let mut encoder = Encoder::new(Format::ExcelSv);
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    if let Err(e) = encoder.header(&header) {
        return internal("mail-merge file", e);
    }
    let mut count = 0;
    for row in &rows {
        // The links of the downloader's own municipalities' units only.
        if !app::rounds::api::access::can_act_for(&user, &row.municipality_id) {
            continue;
        }
        let unit_state = UnitState::of(row.first_opened_at, row.revision, row.submitted_at);
        if !audience.reaches(unit_state, invited.contains(&row.target_id), false) {
            continue;
        }
        let (Some(email), Some(values)) = (
            row.contact_email.as_ref(),
            app::mail::outbox::values(row, &round, &state.base_url, &signer),
        ) else {
            continue;
        };
        let cells = [
            values.kommun,
            values.enhet,
            row.contact_name.clone().unwrap_or_default(),
            email.clone(),
            values.lank,
            values.sista_dag,
            values.kartlaggning,
            values.samordnare,
            unit_state.label(app::i18n::Lang::Sv).to_string(),
        ]
        .map(Cell::Text);
        if let Err(e) = encoder.row(&cells) {
            return internal("mail-merge file", e);
        }
        count += 1;
    }
    let body = match encoder.take(true) {
        Ok(body) => body,
        Err(e) => return internal("mail-merge file", e),
    };
    if let Err(e) = db
        .audit(
            Some(&user),
            "mail.merge_download",
            &id,
            &format!("{}; {count} rader", audience.key()),
            &ip,
        )
        .await
    {
        return internal("mail-merge file", e);
    }
    let date = app::time::format_date_stockholm(app::db::now());
    let name = format!(
        "koppling-{}-{}-{date}.csv",
        audience.key(),
        slug(&round.name)
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
