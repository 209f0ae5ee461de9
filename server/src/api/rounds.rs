//! `/api/v1/rounds` and `/api/v1/rounds/{round_id}`: the rounds the token's
//! user may read, with the tables each offers.

use super::{authenticate, client_ip, internal, not_found, ApiState};
use crate::download::{find_readable_round, Refusal};
use crate::export::{csv_out, Cell, TableKind};
use app::auth::{ClientIp, CurrentUser};
use app::db::rounds::RoundRow;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;
use std::collections::HashMap;

/// A round as the feed lists it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Round {
    #[schema(example = "5b0c2f8e-8a7f-4d4c-9a51-0a9e6f1d2c3b")]
    pub id: String,
    #[schema(example = "Kartläggning 2027")]
    pub namn: String,
    /// `utkast`, `oppen` or `stangd`.
    #[schema(example = "oppen")]
    pub status: String,
    /// The first day answers are taken (Swedish time), if set.
    #[schema(example = "2027-02-01")]
    pub oppnar: Option<String>,
    /// The last day answers are taken (Swedish time).
    #[schema(example = "2027-03-31")]
    pub stanger: String,
    pub enkat_id: String,
    pub enkatversion: i64,
    /// The earlier round whose answers this one started from, if any.
    pub bygger_pa: Option<String>,
    /// The round's municipalities that the token may read.
    pub kommuner: Vec<Municipality>,
    /// Where each of the round's tables is fetched.
    pub tabeller: Vec<TableLink>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Municipality {
    #[schema(example = "0780")]
    pub kommunkod: String,
    #[schema(example = "Växjö")]
    pub kommun: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TableLink {
    /// The table's key, as in the export files' names.
    #[schema(example = "deltagande")]
    pub tabell: String,
    #[schema(example = "Deltagande")]
    pub namn: String,
    #[schema(example = "/api/v1/rounds/5b0c2f8e-8a7f-4d4c-9a51-0a9e6f1d2c3b/deltagande")]
    pub adress: String,
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `json` (the default), `csv` (RFC 4180) or `excel` (Swedish Excel).
    #[serde(default)]
    pub format: String,
}

/// The answer's format, from `?format=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    Json,
    Csv(csv_out::Format),
}

impl Wanted {
    /// The format asked for, or the refusal to send.
    pub fn parse(text: &str) -> Result<Wanted, Box<Response>> {
        match text.trim() {
            "" | "json" => Ok(Wanted::Json),
            "csv" | "rfc4180" => Ok(Wanted::Csv(csv_out::Format::Rfc4180)),
            "excel" => Ok(Wanted::Csv(csv_out::Format::ExcelSv)),
            _ => Err(Box::new(super::error(
                http::StatusCode::BAD_REQUEST,
                "bad_parameter",
                "Okänt format. Välj format=json, format=csv (RFC 4180) eller format=excel (Excel, svensk).",
            ))),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Wanted::Json => "json",
            Wanted::Csv(format) => format.key(),
        }
    }
}

fn date(unix: i64) -> String {
    app::time::format_date_stockholm(unix)
}

fn describe(
    round: &RoundRow,
    visible: &[String],
    names: &HashMap<String, (String, String)>,
) -> Round {
    let mut kommuner: Vec<Municipality> = visible
        .iter()
        .filter_map(|id| names.get(id))
        .map(|(code, name)| Municipality {
            kommunkod: code.clone(),
            kommun: name.clone(),
        })
        .collect();
    kommuner.sort_by(|a, b| app::sorting::swedish_cmp(&a.kommun, &b.kommun));
    Round {
        id: round.id.clone(),
        namn: round.name.clone(),
        status: round.status.clone(),
        oppnar: round.opens_at.map(date),
        stanger: date(round.closes_at),
        enkat_id: round.questionnaire_id.clone(),
        enkatversion: round.version_number,
        bygger_pa: round.based_on.clone(),
        kommuner,
        tabeller: TableKind::ALL
            .iter()
            .map(|kind| TableLink {
                tabell: kind.key().to_string(),
                namn: kind.sheet().to_string(),
                adress: format!("/api/v1/rounds/{}/{}", round.id, kind.key()),
            })
            .collect(),
    }
}

async fn municipality_names(
    db: &app::db::Db,
) -> Result<HashMap<String, (String, String)>, app::db::DbError> {
    Ok(db
        .municipality_names()
        .await?
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect())
}

/// The rounds the token may read, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/rounds",
    tag = "Kartläggningar",
    params(ListParams),
    responses(
        (status = 200, description = "Kartläggningarna som nyckeln får läsa, nyaste först.",
            content((Vec<Round> = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Okänd parameter.", body = super::ApiError),
        (status = 401, description = "Ingen giltig nyckel.", body = super::ApiError),
        (status = 429, description = "För många anrop.", body = super::ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn list(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Response {
    let ip = client_ip(&client);
    let user = match authenticate(&state, &headers, &ip).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let wanted = match Wanted::parse(&params.format) {
        Ok(wanted) => wanted,
        Err(response) => return *response,
    };
    let rounds = match state.db.list_rounds().await {
        Ok(rounds) => rounds,
        Err(e) => return internal("api rounds", e),
    };
    let names = match municipality_names(&state.db).await {
        Ok(names) => names,
        Err(e) => return internal("api rounds", e),
    };
    let list: Vec<Round> = rounds
        .iter()
        .filter_map(|round| {
            let visible = visible_of(&user, round);
            (!visible.is_empty()).then(|| describe(round, &visible, &names))
        })
        .collect();
    match wanted {
        Wanted::Json => json(&list),
        Wanted::Csv(format) => rounds_csv(&list, format),
    }
}

/// One round the token may read.
#[utoipa::path(
    get,
    path = "/api/v1/rounds/{round_id}",
    tag = "Kartläggningar",
    params(("round_id" = String, Path, description = "Kartläggningens id.")),
    responses(
        (status = 200, description = "Kartläggningen.", body = Round),
        (status = 401, description = "Ingen giltig nyckel.", body = super::ApiError),
        (status = 404, description = "Finns inte, eller får inte läsas med nyckeln.", body = super::ApiError),
        (status = 429, description = "För många anrop.", body = super::ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn one(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Path(round_id): Path<String>,
) -> Response {
    let ip = client_ip(&client);
    let user = match authenticate(&state, &headers, &ip).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let (round, visible) = match find_readable_round(&state.db, &user, &round_id, "api", &ip).await
    {
        Ok(found) => found,
        Err(Refusal::NotFound) => return not_found(),
        Err(Refusal::Internal(e)) => return internal("api round", e),
    };
    let names = match municipality_names(&state.db).await {
        Ok(names) => names,
        Err(e) => return internal("api round", e),
    };
    json(&describe(&round, &visible, &names))
}

fn visible_of(user: &CurrentUser, round: &RoundRow) -> Vec<String> {
    round
        .municipality_ids
        .iter()
        .filter(|m| user.can_read(m))
        .cloned()
        .collect()
}

fn json<T: Serialize>(value: &T) -> Response {
    (
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        )],
        axum::Json(value),
    )
        .into_response()
}

fn rounds_csv(list: &[Round], format: csv_out::Format) -> Response {
    let mut encoder = csv_out::Encoder::new(format);
    let columns: Vec<String> = [
        "id",
        "namn",
        "status",
        "oppnar",
        "stanger",
        "enkat_id",
        "enkatversion",
        "bygger_pa",
        "kommunkoder",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    let mut written = encoder.header(&columns);
    for r in list {
        if written.is_err() {
            break;
        }
        let text = |s: &str| Cell::Text(s.to_string());
        let optional = |s: &Option<String>| s.as_deref().map_or(Cell::Empty, text);
        let codes: Vec<&str> = r.kommuner.iter().map(|m| m.kommunkod.as_str()).collect();
        written = encoder.row(&[
            text(&r.id),
            text(&r.namn),
            text(&r.status),
            optional(&r.oppnar),
            text(&r.stanger),
            text(&r.enkat_id),
            Cell::Int(r.enkatversion),
            optional(&r.bygger_pa),
            text(&codes.join(" ")),
        ]);
    }
    let body = written.and_then(|_| encoder.take(true));
    match body {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-cache"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => internal("api rounds csv", e),
    }
}
