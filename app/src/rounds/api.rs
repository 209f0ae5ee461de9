//! Server functions for the coordinator's round pages. A round may cover
//! several municipalities: a user sees it when one of them is in their scope
//! (and only those municipalities' units), and changes it (name, dates,
//! opening, closing, adding municipalities) when all are. A coordinator of
//! some of the municipalities of a shared round handles those
//! municipalities' units: their links, reminders and mail, nobody else's.
#![allow(clippy::too_many_arguments)]

use super::listing::{Listing, Paging};
use super::{Phase, UnitState};
use crate::error::AppError;
use crate::questionnaire::model::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub id: String,
    pub name: String,
    pub questionnaire: Text,
    pub phase: Phase,
    pub closes_at: i64,
    pub municipalities: Vec<String>,
    pub targets: i64,
    pub submitted: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundFormOptions {
    /// Questionnaire id, title and newest version number.
    pub questionnaires: Vec<(String, Text, i64)>,
    /// Municipalities the user may send rounds to: code and name.
    pub municipalities: Vec<(String, String)>,
    /// Earlier rounds a new one can start from: id and "Name (questionnaire)",
    /// newest first.
    pub earlier_rounds: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub kind: String,
    pub sector: String,
    pub state: UnitState,
    /// Submitted, then changed without submitting again.
    pub changed_since_submitted: bool,
    pub last_activity: Option<i64>,
    /// The personal link; shown to those who may change the round only.
    pub link: Option<String>,
    pub revoked: bool,
    /// The link exists but cannot be shown: its sealed secret does not open
    /// with this server's link key. A new link can be made.
    pub unreadable: bool,
}

/// The units of one municipality on the page shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityTargets {
    pub code: String,
    pub name: String,
    /// The user handles this municipality's links (and sees them).
    pub can_act: bool,
    pub targets: Vec<TargetView>,
}

/// How far one municipality's units have come, all of them (not only the
/// page shown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityCounts {
    pub code: String,
    pub name: String,
    /// Units in each state, in `UnitState::ALL` order.
    pub counts: [usize; 4],
}

impl MunicipalityCounts {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn submitted(&self) -> usize {
        self.counts[UnitState::Submitted as usize]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundDetail {
    pub id: String,
    pub name: String,
    pub questionnaire_id: String,
    pub questionnaire: Text,
    pub version: i64,
    pub phase: Phase,
    pub opens_at: Option<i64>,
    pub closes_at: i64,
    /// Changes the round as a whole: every municipality is in the user's scope.
    pub can_edit: bool,
    /// Handles the links of at least one of the round's municipalities.
    pub can_act: bool,
    /// Every municipality the user may read, with its counts.
    pub summary: Vec<MunicipalityCounts>,
    /// What the unit list shows, and where the page is in it.
    pub listing: Listing,
    pub paging: Paging,
    /// The units of the page shown, by municipality.
    pub municipalities: Vec<MunicipalityTargets>,
    /// Units that could be added: id and "Unit (Municipality)".
    pub addable_units: Vec<(String, String)>,
    /// Municipalities that could be added: code and name.
    pub addable_municipalities: Vec<(String, String)>,
}

impl RoundDetail {
    /// How many targets (in the user's scope) are in each state, in
    /// `UnitState::ALL` order.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for m in &self.summary {
            for (sum, n) in counts.iter_mut().zip(m.counts) {
                *sum += n;
            }
        }
        counts
    }
}

#[cfg(feature = "ssr")]
pub mod access {
    use crate::auth::server::{client_ip, db, deny_out_of_scope, require_user};
    use crate::auth::CurrentUser;
    use crate::db::rounds::RoundRow;
    use crate::error::AppError;

    /// Changes the round as a whole: its name, dates, status and municipalities.
    pub fn can_edit(user: &CurrentUser, round: &RoundRow) -> bool {
        user.role != crate::auth::Role::Reader
            && round.municipality_ids.iter().all(|m| user.can_edit(m))
    }

    /// Handles the links, reminders and mail of one municipality's units.
    pub fn can_act_for(user: &CurrentUser, municipality_id: &str) -> bool {
        user.role != crate::auth::Role::Reader && user.can_edit(municipality_id)
    }

    /// Handles the units of at least one of the round's municipalities.
    pub fn can_act(user: &CurrentUser, round: &RoundRow) -> bool {
        round.municipality_ids.iter().any(|m| can_act_for(user, m))
    }

    pub async fn readable(id: &str) -> Result<(CurrentUser, RoundRow), AppError> {
        let user = require_user()?;
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(AppError::NotFound.with_status());
        }
        let round = db()?
            .round(id)
            .await?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        if !round.municipality_ids.iter().any(|m| user.can_read(m)) {
            return Err(deny_out_of_scope(&user, &format!("omgång {id}")).await);
        }
        Ok((user, round))
    }

    pub async fn editable(id: &str) -> Result<(CurrentUser, RoundRow), AppError> {
        let (user, round) = readable(id).await?;
        if !can_edit(&user, &round) {
            tracing::warn!(user = %user.email, round = %id, "round change refused");
            return Err(AppError::Forbidden.with_status());
        }
        Ok((user, round))
    }

    /// The round, for a user who handles some of its units.
    pub async fn actable(id: &str) -> Result<(CurrentUser, RoundRow), AppError> {
        let (user, round) = readable(id).await?;
        if !can_act(&user, &round) {
            tracing::warn!(user = %user.email, round = %id, "round change refused");
            return Err(AppError::Forbidden.with_status());
        }
        Ok((user, round))
    }

    /// A target of this round whose municipality the user handles; any
    /// other target is NotFound, as if it did not exist.
    pub async fn target_of(
        user: &CurrentUser,
        round_id: &str,
        target_id: &str,
    ) -> Result<(), AppError> {
        match db()?.target_place(target_id).await? {
            Some((round, municipality))
                if round == round_id && can_act_for(user, &municipality) =>
            {
                Ok(())
            }
            _ => Err(AppError::NotFound.with_status()),
        }
    }

    pub async fn audit(user: &CurrentUser, action: &str, target: &str, detail: &str) {
        if let Ok(db) = db() {
            if let Err(error) = db
                .audit(Some(user), action, target, detail, &client_ip())
                .await
            {
                tracing::error!(%error, "audit write failed");
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn title_of(definition: &str) -> Text {
    serde_json::from_str::<crate::questionnaire::model::Questionnaire>(definition)
        .map(|q| q.title)
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn schedule_of(round: &crate::db::rounds::RoundRow) -> super::Schedule {
    super::Schedule {
        status: super::RoundStatus::parse(&round.status).unwrap_or(super::RoundStatus::Stangd),
        opens_at: round.opens_at,
        closes_at: round.closes_at,
    }
}

#[server]
pub async fn list_rounds() -> Result<Vec<RoundSummary>, AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let db = db()?;
    let names: std::collections::HashMap<String, String> = db
        .list_municipalities()
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let counts = db.round_counts().await?;
    let now = crate::db::now();
    Ok(db
        .list_rounds()
        .await?
        .into_iter()
        .filter(|r| r.municipality_ids.iter().any(|m| user.can_read(m)))
        .map(|r| {
            let (targets, submitted) = counts
                .iter()
                .find(|(id, _, _)| *id == r.id)
                .map(|(_, t, s)| (*t, *s))
                .unwrap_or_default();
            let mut municipalities: Vec<String> = r
                .municipality_ids
                .iter()
                .filter_map(|m| names.get(m).cloned())
                .collect();
            municipalities.sort_by(|a, b| crate::sorting::swedish_cmp(a, b));
            RoundSummary {
                phase: schedule_of(&r).phase(now),
                questionnaire: title_of(&r.definition),
                id: r.id,
                name: r.name,
                closes_at: r.closes_at,
                municipalities,
                targets,
                submitted,
            }
        })
        .collect())
}

#[server]
pub async fn get_round_options() -> Result<RoundFormOptions, AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let db = db()?;
    let questionnaires = db
        .list_questionnaires()
        .await?
        .into_iter()
        .filter(|(q, _)| !q.archived && crate::questionnaire::api::access::can_read(&user, q))
        .map(|(q, v)| (q.id, title_of(&v.definition), v.number))
        .collect();
    let municipalities = if user.role == crate::auth::Role::Reader {
        Vec::new()
    } else {
        db.list_municipalities()
            .await?
            .into_iter()
            .filter(|m| user.can_edit(&m.id))
            .map(|m| (m.code, m.name))
            .collect()
    };
    let earlier_rounds = if municipalities.is_empty() {
        Vec::new()
    } else {
        let mut rounds: Vec<_> = db
            .list_rounds()
            .await?
            .into_iter()
            .filter(|r| r.municipality_ids.iter().any(|m| user.can_read(m)))
            .collect();
        rounds.sort_by_key(|r| std::cmp::Reverse(r.closes_at));
        rounds
            .into_iter()
            .map(|r| {
                let title = title_of(&r.definition);
                (r.id, format!("{} ({})", r.name, title.sv))
            })
            .collect()
    };
    Ok(RoundFormOptions {
        questionnaires,
        municipalities,
        earlier_rounds,
    })
}

/// The last answering day as the closing instant, with errors in Swedish.
#[cfg(feature = "ssr")]
fn parse_closes(closes: &str) -> Result<i64, AppError> {
    let closes = closes.trim();
    if closes.is_empty() {
        return Err(AppError::invalid(
            "Ange sista svarsdag, till exempel 2027-03-31.",
        ));
    }
    super::closes_after_day(closes).ok_or_else(|| {
        AppError::invalid("Sista svarsdag måste vara ett riktigt datum, till exempel 2027-03-31.")
    })
}

#[cfg(feature = "ssr")]
fn parse_opens(opens: &str, closes_at: i64) -> Result<Option<i64>, AppError> {
    let opens = opens.trim();
    if opens.is_empty() {
        return Ok(None);
    }
    let at = crate::time::parse_date_stockholm(opens).ok_or_else(|| {
        AppError::invalid("Öppningsdagen måste vara ett riktigt datum, till exempel 2027-02-01.")
    })?;
    if at >= closes_at {
        return Err(AppError::invalid(
            "Öppningsdagen måste komma före sista svarsdag.",
        ));
    }
    Ok(Some(at))
}

#[server]
pub async fn create_round(
    name: String,
    questionnaire: String,
    #[server(default)] municipalities: Vec<String>,
    opens: String,
    closes: String,
    /// An earlier round of the same questionnaire whose answers prefill this one.
    #[server(default)]
    based_on: String,
) -> Result<(), AppError> {
    use crate::auth::server::{db, require_user};
    use crate::error::required_text;
    let user = require_user()?;
    if user.role == crate::auth::Role::Reader {
        return Err(AppError::Forbidden.with_status());
    }
    let name = required_text(
        &name,
        200,
        "Namnet",
        "Skriv ett namn på kartläggningen, till exempel ”Kartläggning 2027”.",
    )
    .map_err(|e| e.on_field("ny-namn"))?;
    let db = db()?;
    let q = if uuid::Uuid::parse_str(&questionnaire).is_ok() {
        db.questionnaire(&questionnaire).await?
    } else {
        None
    };
    let q = q
        .filter(|q| !q.archived && crate::questionnaire::api::access::can_read(&user, q))
        .ok_or_else(|| AppError::invalid("Välj en enkät i listan.").on_field("ny-enkat"))?;
    let version = db.latest_version(&q.id).await?.ok_or(AppError::Internal)?;
    let parsed: crate::questionnaire::model::Questionnaire =
        serde_json::from_str(&version.definition).map_err(|_| AppError::Internal)?;
    if parsed.sections.iter().all(|s| s.questions.is_empty()) {
        return Err(AppError::invalid_fields(vec![(
            "ny-enkat".into(),
            "Enkäten har inga frågor ännu. Lägg till frågor innan du skickar ut den.".into(),
        )]));
    }
    let mut ids = Vec::new();
    for code in &municipalities {
        let id = db
            .municipality_id(code)
            .await?
            .filter(|id| user.can_edit(id))
            .ok_or_else(|| AppError::invalid("Välj kommuner i listan.").on_field("ny-kommuner"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(AppError::invalid_fields(vec![(
            "ny-kommuner".into(),
            "Välj minst en kommun vars förvaltningar och bolag ska svara.".into(),
        )]));
    }
    let closes_at = parse_closes(&closes).map_err(|e| e.on_field("ny-stanger"))?;
    if closes_at <= crate::db::now() {
        return Err(AppError::invalid_fields(vec![(
            "ny-stanger".into(),
            "Sista svarsdag måste vara i framtiden.".into(),
        )]));
    }
    let opens_at = parse_opens(&opens, closes_at).map_err(|e| e.on_field("ny-oppnar"))?;
    let earlier = match based_on.trim() {
        "" => None,
        based_on => {
            let earlier = if uuid::Uuid::parse_str(based_on).is_ok() {
                db.round(based_on).await?
            } else {
                None
            }
            .filter(|r| r.municipality_ids.iter().any(|m| user.can_read(m)))
            .ok_or_else(|| {
                AppError::invalid("Välj en tidigare kartläggning i listan.")
                    .on_field("ny-bygger-pa")
            })?;
            if earlier.questionnaire_id != q.id {
                return Err(AppError::invalid_fields(vec![(
                    "ny-bygger-pa".into(),
                    "Den tidigare kartläggningen använder en annan enkät. Välj en kartläggning av samma enkät, eller börja från början.".into(),
                )]));
            }
            let from: crate::questionnaire::model::Questionnaire =
                serde_json::from_str(&earlier.definition).map_err(|_| AppError::Internal)?;
            Some((earlier.id, from))
        }
    };
    let new_round = crate::db::rounds::NewRound {
        name: &name,
        version_id: &version.id,
        opens_at,
        closes_at,
        municipality_ids: &ids,
        created_by: Some(&user.id),
    };
    let id = match &earlier {
        None => db.create_round(&new_round).await?,
        Some((earlier_id, from)) => {
            let reported = reported_since(&db, earlier_id, &ids).await?;
            let map = |e: &crate::db::carry::Earlier| {
                let none = Vec::new();
                let projects = reported.get(e.unit_id).unwrap_or(&none);
                super::carry::carry_json(from, &parsed, e.kind, e.answers, projects)
            };
            let carry = crate::db::carry::Carry {
                round_id: earlier_id,
                map: &map,
            };
            db.create_round_from(&new_round, Some(&carry)).await?
        }
    };
    access::audit(&user, "round.create", &id, &name).await;
    leptos_axum::redirect(&format!("/omgangar/{id}"));
    Ok(())
}

/// The round page: counts per municipality, and the units the address
/// chooses (`kommun`, `lage`, `sida`; see [`Listing`]). Only the links shown
/// are opened.
#[server]
pub async fn get_round(
    id: String,
    #[server(default)] kommun: String,
    #[server(default)] lage: String,
    #[server(default)] sida: String,
) -> Result<RoundDetail, AppError> {
    use super::listing::PAGE_SIZE;
    use crate::auth::server::{config, db};
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let can_edit = access::can_edit(&user, &round);
    let can_act = access::can_act(&user, &round);
    let listing = Listing::from_query(|key| match key {
        "kommun" => Some(kommun.clone()),
        "lage" => Some(lage.clone()),
        "sida" => Some(sida.clone()),
        _ => None,
    });
    let base_url = config()?.base_url;
    let targets: Vec<_> = db
        .round_target_list(&id)
        .await?
        .into_iter()
        .filter(|t| user.can_read(&t.target.municipality_id))
        .collect();
    let state_of = |t: &crate::db::rounds::TargetRow| {
        UnitState::of(t.first_opened_at, t.revision, t.submitted_at)
    };
    let mut summary: Vec<MunicipalityCounts> = Vec::new();
    for t in &targets {
        let t = &t.target;
        if summary.last().is_none_or(|m| m.code != t.municipality_code) {
            summary.push(MunicipalityCounts {
                code: t.municipality_code.clone(),
                name: t.municipality_name.clone(),
                counts: [0; 4],
            });
        }
        if let Some(m) = summary.last_mut() {
            m.counts[state_of(t) as usize] += 1;
        }
    }
    let matching: Vec<_> = targets
        .into_iter()
        .filter(|t| listing.matches(&t.target.municipality_code, state_of(&t.target)))
        .collect();
    let paging = Paging::of(matching.len(), listing.page, PAGE_SIZE);
    let mut municipalities: Vec<MunicipalityTargets> = Vec::new();
    for sealed in matching
        .into_iter()
        .skip(paging.start)
        .take(paging.end - paging.start)
    {
        let shows_link = access::can_act_for(&user, &sealed.target.municipality_id);
        let has_link = sealed.has_link();
        let t = if shows_link {
            db.open_target(sealed)
        } else {
            sealed.target
        };
        let view = TargetView {
            state: state_of(&t),
            changed_since_submitted: t.submitted_revision.is_some_and(|s| s != t.revision),
            link: t
                .token
                .as_ref()
                .map(|token| format!("{base_url}/s/{token}")),
            revoked: !has_link,
            unreadable: t.link_unreadable,
            id: t.id,
            unit_id: t.unit_id,
            unit_name: t.unit_name,
            kind: t.kind,
            sector: t.sector,
            last_activity: t.last_activity_at,
        };
        match municipalities.last_mut() {
            Some(m) if m.code == t.municipality_code => m.targets.push(view),
            _ => municipalities.push(MunicipalityTargets {
                code: t.municipality_code,
                name: t.municipality_name,
                can_act: shows_link,
                targets: vec![view],
            }),
        }
    }
    let (addable_units, addable_municipalities) = if can_edit {
        let units = db
            .units_outside_round(&id)
            .await?
            .into_iter()
            .map(|(unit_id, unit, municipality)| (unit_id, format!("{unit} ({municipality})")))
            .collect();
        let others = db
            .list_municipalities()
            .await?
            .into_iter()
            .filter(|m| user.can_edit(&m.id) && !round.municipality_ids.contains(&m.id))
            .map(|m| (m.code, m.name))
            .collect();
        (units, others)
    } else {
        (Vec::new(), Vec::new())
    };
    let phase = schedule_of(&round).phase(crate::db::now());
    Ok(RoundDetail {
        questionnaire: title_of(&round.definition),
        id: round.id,
        name: round.name,
        questionnaire_id: round.questionnaire_id,
        version: round.version_number,
        phase,
        opens_at: round.opens_at,
        closes_at: round.closes_at,
        can_edit,
        can_act,
        summary,
        listing,
        paging,
        municipalities,
        addable_units,
        addable_municipalities,
    })
}

/// Name and dates. A closed round whose last day is moved into the future opens again.
#[server]
pub async fn save_round(
    id: String,
    name: String,
    opens: String,
    closes: String,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::error::required_text;
    let (user, round) = access::editable(&id).await?;
    let name = required_text(&name, 200, "Namnet", "Skriv ett namn på kartläggningen.")
        .map_err(|e| e.on_field("omgang-namn"))?;
    let closes_at = parse_closes(&closes).map_err(|e| e.on_field("omgang-stanger"))?;
    let opens_at = parse_opens(&opens, closes_at).map_err(|e| e.on_field("omgang-oppnar"))?;
    let db = db()?;
    db.rename_round(&id, &name).await?;
    db.set_round_schedule(&id, &round.status, opens_at, closes_at)
        .await?;
    access::audit(
        &user,
        "round.update",
        &id,
        &format!("{name}; {opens} – {closes}"),
    )
    .await;
    crate::components::show_result();
    Ok(())
}

/// Opens, closes or reopens a round (`action`: oppna, stang).
#[server]
pub async fn set_round_status(id: String, action: String) -> Result<(), AppError> {
    use crate::auth::server::db;
    let (user, round) = access::editable(&id).await?;
    let now = crate::db::now();
    let (status, closes_at) = match action.as_str() {
        "oppna" => {
            if round.closes_at <= now {
                return Err(AppError::invalid(
                    "Sista svarsdag har redan passerat. Välj en ny sista svarsdag under ”Namn och datum” först.",
                ));
            }
            ("oppen", round.closes_at)
        }
        // Closing early makes now the closing time, which respondents are shown.
        "stang" => ("stangd", round.closes_at.min(now)),
        _ => return Err(AppError::invalid("Okänd åtgärd.")),
    };
    db()?
        .set_round_schedule(&id, status, round.opens_at, closes_at)
        .await?;
    access::audit(&user, "round.status", &id, status).await;
    leptos_axum::redirect(&format!("/omgangar/{id}"));
    Ok(())
}

/// The projects reported between the rounds by the units of these
/// municipalities, since the earlier round opened, oldest first, by unit.
#[cfg(feature = "ssr")]
async fn reported_since(
    db: &crate::db::Db,
    earlier_id: &str,
    municipality_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<crate::questionnaire::model::Answers>>, AppError>
{
    let since = match db.round(earlier_id).await? {
        Some(r) => r.opens_at.unwrap_or(r.created_at),
        None => return Ok(Default::default()),
    };
    let mut by_unit: std::collections::HashMap<String, Vec<_>> = Default::default();
    for m in municipality_ids {
        // Newest first from the database; the unit's form lists them oldest first.
        for p in db
            .municipality_reported_projects(m, since)
            .await?
            .into_iter()
            .rev()
        {
            by_unit.entry(p.unit_id).or_default().push(p.answers);
        }
    }
    Ok(by_unit)
}

/// Prefills the targets just added to a round based on an earlier one.
#[cfg(feature = "ssr")]
async fn carry_into_new_targets(
    db: &crate::db::Db,
    round: &crate::db::rounds::RoundRow,
) -> Result<(), AppError> {
    let Some(earlier) = round.based_on.as_deref() else {
        return Ok(());
    };
    let Some(earlier) = db.round(earlier).await? else {
        return Ok(());
    };
    let parse = |json: &str| {
        serde_json::from_str::<crate::questionnaire::model::Questionnaire>(json)
            .map_err(|_| AppError::Internal)
    };
    let (from, to) = (parse(&earlier.definition)?, parse(&round.definition)?);
    let reported = reported_since(db, &earlier.id, &round.municipality_ids).await?;
    let map = |e: &crate::db::carry::Earlier| {
        let none = Vec::new();
        let projects = reported.get(e.unit_id).unwrap_or(&none);
        super::carry::carry_json(&from, &to, e.kind, e.answers, projects)
    };
    db.carry_into_round(
        &round.id,
        &crate::db::carry::Carry {
            round_id: &earlier.id,
            map: &map,
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn add_round_targets(
    id: String,
    #[server(default)] unit: String,
    #[server(default)] municipality: String,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    let (user, round) = access::editable(&id).await?;
    let db = db()?;
    if !municipality.trim().is_empty() {
        let m = db
            .municipality_id(municipality.trim())
            .await?
            .filter(|m| user.can_edit(m))
            .ok_or_else(|| AppError::invalid("Välj en kommun i listan.").on_field("ny-kommun"))?;
        db.add_round_municipality(&id, &m).await?;
        access::audit(&user, "round.add_municipality", &id, &municipality).await;
    } else {
        let place = if uuid::Uuid::parse_str(unit.trim()).is_ok() {
            db.unit_place(unit.trim()).await?
        } else {
            None
        };
        // Units of other municipalities come in by adding their municipality.
        place
            .filter(|p| {
                user.can_edit(&p.municipality_id)
                    && round.municipality_ids.contains(&p.municipality_id)
            })
            .ok_or_else(|| AppError::invalid("Välj en enhet i listan.").on_field("ny-enhet"))?;
        db.add_round_unit(&id, unit.trim()).await?;
        access::audit(&user, "round.add_unit", &id, &unit).await;
    }
    carry_into_new_targets(&db, &round).await?;
    leptos_axum::redirect(&format!("/omgangar/{id}#enheter"));
    Ok(())
}

/// Per-target actions: `ersatt` (new link), `sparra` (revoke), `ta_bort`
/// (remove). `tillbaka`: the listing the form was on, to return to.
#[server]
pub async fn change_target(
    id: String,
    target: String,
    action: String,
    #[server(default)] tillbaka: String,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    let (user, _) = access::actable(&id).await?;
    access::target_of(&user, &id, &target).await?;
    let db = db()?;
    match action.as_str() {
        "ersatt" => {
            db.reset_target_link(&target, true).await?;
        }
        "sparra" => {
            db.reset_target_link(&target, false).await?;
        }
        "ta_bort" => {
            if !db.remove_round_target(&target).await? {
                return Err(AppError::conflict(
                    "Enheten har redan sparat svar och kan inte tas bort. Spärra länken i stället.",
                ));
            }
        }
        _ => return Err(AppError::invalid("Okänd åtgärd.")),
    }
    access::audit(&user, &format!("round.target.{action}"), &target, &id).await;
    leptos_axum::redirect(&super::listing::back_to(&id, &tillbaka));
    Ok(())
}
