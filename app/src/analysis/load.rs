//! Loads a round from the database into the analysis' plain [`Input`].

use super::{
    analyse, partners, theme_counts, trend, Baseline, Input, MunicipalityInfo, Options, Previous,
    QuestionSummary, RoundInfo, SummaryBody, Target, Thresholds,
};
use crate::db::rounds::RoundRow;
use crate::db::{Db, DbError};
use crate::questionnaire::model::{Answers, Questionnaire, Text};
use crate::rounds::{Phase, RoundStatus, Schedule, UnitState};
use crate::vocabulary::UnitKind;

/// The phase of a stored round now.
pub fn phase_of(round: &RoundRow, now: i64) -> Phase {
    Schedule {
        status: RoundStatus::parse(&round.status).unwrap_or(RoundStatus::Stangd),
        opens_at: round.opens_at,
        closes_at: round.closes_at,
    }
    .phase(now)
}

fn parse_answers(json: Option<&str>) -> Option<Answers> {
    let json = json?;
    match serde_json::from_str::<Answers>(json) {
        Ok(answers) => Some(answers),
        Err(error) => {
            tracing::error!(%error, "stored answers could not be read");
            None
        }
    }
}

/// The thresholds chosen for the round, or the defaults.
pub async fn thresholds(db: &Db, round_id: &str) -> Result<Thresholds, DbError> {
    Ok(db
        .round_thresholds(round_id)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// A municipality's earlier rounds (at most [`trend::MAX_EARLIER_ROUNDS`],
/// the newest), each analysed for the municipality alone, with submitted
/// answers only and the round's own thresholds. Only the newest keeps its
/// choice questions, for the question-by-question comparison.
async fn earlier_rounds(
    db: &Db,
    round: &RoundRow,
    municipality_id: &str,
) -> Result<Vec<Previous>, DbError> {
    let ids = db
        .earlier_rounds(&round.id, municipality_id, trend::MAX_EARLIER_ROUNDS as i64)
        .await?;
    let only = [municipality_id.to_string()];
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(earlier) = db.round(&id).await? else {
            continue;
        };
        let options = Options {
            include_drafts: false,
            thresholds: thresholds(db, &earlier.id).await?,
        };
        // Without a trend of its own: older rounds are not loaded again.
        let earlier_input = round_input(db, &earlier, &only).await?;
        let Some(b) = analyse(&earlier_input, &options)
            .municipalities
            .into_iter()
            .next()
        else {
            continue;
        };
        let questions = if out.is_empty() {
            b.questions
                .into_iter()
                .filter(|q| matches!(q.body, SummaryBody::Choice { .. }))
                .map(|q| match q.body {
                    // The "Annat" texts are not compared.
                    SummaryBody::Choice {
                        multiple, options, ..
                    } => QuestionSummary {
                        body: SummaryBody::Choice {
                            multiple,
                            options,
                            other_texts: Vec::new(),
                        },
                        ..q
                    },
                    _ => q,
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(Previous {
            municipality_id: municipality_id.to_string(),
            round_id: earlier.id.clone(),
            round_name: earlier.name.clone(),
            closes_at: earlier.closes_at,
            themes: theme_counts(&b.unit_themes),
            figures: b.figures,
            questions,
        });
    }
    Ok(out)
}

/// The round's input for the municipalities `municipality_ids` (those of
/// the round a caller may see), with each one's earlier rounds when
/// `with_trend`.
pub async fn input(
    db: &Db,
    round: &RoundRow,
    municipality_ids: &[String],
    with_trend: bool,
) -> Result<Input, DbError> {
    let mut input = round_input(db, round, municipality_ids).await?;
    if with_trend {
        for m in &input.municipalities {
            input
                .previous
                .extend(earlier_rounds(db, round, &m.id).await?);
        }
    }
    Ok(input)
}

/// The round's input without the trend.
async fn round_input(
    db: &Db,
    round: &RoundRow,
    municipality_ids: &[String],
) -> Result<Input, DbError> {
    let now = crate::db::now();
    let questionnaire: Questionnaire =
        serde_json::from_str(&round.definition).unwrap_or_else(|error| {
            tracing::error!(%error, round = %round.id, "stored questionnaire could not be read");
            Questionnaire::default()
        });
    let sectors = db
        .sector_list()
        .await?
        .into_iter()
        .map(|(key, sv, en)| (key, Text::new(sv, en)))
        .collect();
    let municipalities: Vec<MunicipalityInfo> = db
        .analysis_municipalities(municipality_ids)
        .await?
        .into_iter()
        .map(|m| MunicipalityInfo {
            id: m.id,
            code: m.code,
            name: m.name,
            priorities: m.priorities,
            latest_round_closes_at: m.latest_round_closes_at,
        })
        .collect();
    let wanted: std::collections::HashSet<&str> =
        municipality_ids.iter().map(String::as_str).collect();
    let targets = db
        .analysis_targets(&round.id)
        .await?
        .into_iter()
        .filter(|t| wanted.contains(t.municipality_id.as_str()))
        .map(|t| Target {
            state: UnitState::of(t.first_opened_at, t.revision, t.submitted_at),
            submitted: parse_answers(t.submitted_answers.as_deref()),
            // A draft only counts for a unit that has not submitted.
            draft: if t.revision > 0 && t.submitted_at.is_none() {
                parse_answers(t.answers.as_deref())
            } else {
                None
            },
            carried: parse_answers(t.carried_answers.as_deref()),
            unit_id: t.unit_id,
            unit_name: t.unit_name,
            municipality_id: t.municipality_id,
            kind: UnitKind::parse(&t.kind).unwrap_or(UnitKind::Annat),
            sector: t.sector,
            registry_international_contact: t.international_contact,
            last_activity_at: t.last_activity_at,
        })
        .collect();
    Ok(Input {
        round: RoundInfo {
            id: round.id.clone(),
            name: round.name.clone(),
            closes_at: round.closes_at,
            closed: matches!(phase_of(round, now), Phase::Closed { .. }),
        },
        questionnaire,
        sectors,
        municipalities,
        targets,
        previous: Vec::new(),
        now,
    })
}

/// The baseline of a round for the given municipalities, with the round's
/// thresholds, without the trend (see [`baseline_with_trend`]).
pub async fn baseline(
    db: &Db,
    round: &RoundRow,
    municipality_ids: &[String],
    include_drafts: bool,
) -> Result<Baseline, DbError> {
    baseline_of(db, round, municipality_ids, include_drafts, false).await
}

/// The baseline with each municipality's trend over its earlier rounds:
/// every earlier round is analysed once more per municipality, so this is
/// for one municipality's page and the command line.
pub async fn baseline_with_trend(
    db: &Db,
    round: &RoundRow,
    municipality_ids: &[String],
    include_drafts: bool,
) -> Result<Baseline, DbError> {
    baseline_of(db, round, municipality_ids, include_drafts, true).await
}

async fn baseline_of(
    db: &Db,
    round: &RoundRow,
    municipality_ids: &[String],
    include_drafts: bool,
    with_trend: bool,
) -> Result<Baseline, DbError> {
    let input = input(db, round, municipality_ids, with_trend).await?;
    let options = Options {
        include_drafts,
        thresholds: thresholds(db, &round.id).await?,
    };
    Ok(analyse(&input, &options))
}

/// Partner search as one person sees it.
#[derive(Clone, Debug)]
pub struct PartnerSearch {
    pub input: Input,
    /// The matches that reach the person's municipalities ([`partners::visible`]).
    pub matches: Vec<partners::Match>,
    /// The contact person of each of the person's units in the round, by
    /// unit id: the international contact person, else the first by name.
    pub contacts: std::collections::HashMap<String, partners::Contact>,
    /// The round's municipalities the person may read.
    pub in_scope: Vec<String>,
}

impl PartnerSearch {
    /// The person reads every municipality of the round.
    pub fn whole_round(&self) -> bool {
        self.input
            .municipalities
            .iter()
            .all(|m| self.in_scope.contains(&m.id))
    }

    /// (code, name) of the person's municipalities in the round.
    pub fn own_municipalities(&self) -> Vec<(String, String)> {
        self.input
            .municipalities
            .iter()
            .filter(|m| self.in_scope.contains(&m.id))
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect()
    }
}

/// Partner search over every municipality of the round, narrowed to what
/// someone who may read `in_scope` (of the round's municipalities) sees:
/// the matches with one of their units, contact persons of their units only.
pub async fn partner_search(
    db: &Db,
    round: &RoundRow,
    in_scope: Vec<String>,
    include_drafts: bool,
) -> Result<PartnerSearch, DbError> {
    let input = input(db, round, &round.municipality_ids, false).await?;
    let options = Options {
        include_drafts,
        ..Options::default()
    };
    let matches = partners::visible(partners::find(&input, &options), |m| {
        in_scope.iter().any(|s| s == m)
    });
    let mut contacts = std::collections::HashMap::new();
    for row in db.target_contacts(&round.id, &in_scope).await? {
        // The first of each unit is the one to name (international first).
        contacts
            .entry(row.unit_id)
            .or_insert_with(|| partners::Contact {
                name: row.name,
                email: row.email,
                role: row.role,
                international: row.international,
            });
    }
    Ok(PartnerSearch {
        input,
        matches,
        contacts,
        in_scope,
    })
}
