//! The demo round: the default questionnaire sent to the seven municipalities
//! of the EU-coach programme, answered as unevenly as the 2012 follow-up found
//! them — so that the round page and the analysis have something to show.
//!
//! - Karlskrona: most units answered; activity very uneven, the strategy little known.
//! - Ljungby: a third of the units silent.
//! - Nybro: only two administrations engaged; the rest opened the link or nothing.
//! - Ronneby: every administration answered; the companies partly.
//! - Sävsjö: many drafts never submitted.
//! - Tranås: no company answered.
//! - Växjö: international work only in environment and energy.

use app::db::{Db, DbError};
use app::questionnaire::model::{Answer, Answers, QuestionKind, Questionnaire};
use app::questionnaire::rules::{check, visibility, Mode};
use app::vocabulary::UnitKind;

pub const DEMO_ROUND_NAME: &str = "Kartläggning av internationellt arbete 2026 (exempel)";

/// How far a unit came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Silent,
    Opened,
    Draft,
    Submitted,
}

/// `index` counts the municipality's units in name order; `kind_index` those of the same kind.
fn outcome(municipality: &str, index: usize, kind: UnitKind, kind_index: usize) -> Outcome {
    use Outcome::*;
    match (municipality, kind) {
        ("Karlskrona", _) => [Submitted, Submitted, Submitted, Submitted, Draft][index % 5],
        ("Ljungby", _) => [Submitted, Submitted, Silent][index % 3],
        ("Nybro", UnitKind::Forvaltning) if kind_index < 2 => Submitted,
        ("Nybro", _) => [Opened, Silent][index % 2],
        ("Ronneby", UnitKind::Forvaltning) => Submitted,
        ("Ronneby", _) => [Draft, Submitted][index % 2],
        ("Sävsjö", _) => [Submitted, Draft, Silent][index % 3],
        ("Tranås", UnitKind::Bolag) => [Silent, Opened][index % 2],
        ("Tranås", _) => [Submitted, Submitted, Submitted, Draft][kind_index % 4],
        ("Växjö", _) => [Submitted, Submitted, Submitted, Silent][index % 4],
        _ => Submitted,
    }
}

/// What shapes one unit's answers.
struct Profile {
    activity: &'static str,
    strategy: &'static str,
    /// Short, hurried free text.
    thin: bool,
    seed: usize,
}

fn profile(municipality: &str, sector: &str, index: usize) -> Profile {
    let activity = match municipality {
        "Växjö" if matches!(sector, "miljo" | "energi_va_avfall") => "strategiskt",
        "Växjö" => ["inte_alls", "tidigare"][index % 2],
        "Karlskrona" => [
            "strategiskt",
            "inte_alls",
            "ad_hoc",
            "inte_alls",
            "tidigare",
        ][index % 5],
        "Ronneby" => ["strategiskt", "ad_hoc"][index % 2],
        _ => ["ad_hoc", "strategiskt", "inte_alls", "ad_hoc"][index % 4],
    };
    let strategy = match municipality {
        "Karlskrona" => ["kanner_inte_till", "kanner_inte_till", "kanner_till"][index % 3],
        "Ronneby" => ["arbetar_efter", "kanner_till"][index % 2],
        "Sävsjö" => "finns_ingen",
        _ => ["kanner_till", "arbetar_efter", "kanner_inte_till"][index % 3],
    };
    Profile {
        activity,
        strategy,
        thin: municipality == "Nybro" || index % 4 == 3,
        seed: index * 7 + municipality.len(),
    }
}

const GOOD_EXAMPLES: &[&str] = &[
    "Tillsammans med vänorten genomförde vi ett utbyte om energieffektivisering i skolor, som ledde till nya rutiner hos oss.",
    "Ett Erasmus+-projekt gav personalen nya metoder för språkintroduktion som vi nu använder i ordinarie verksamhet.",
    "Studiebesöket i Gdańsk om hamnlogistik gav kontakter som lett till en gemensam Interreg-ansökan.",
];

const REASONS: &[&str] = &[
    "Vi har inte haft tid eller resurser att prioritera det.",
    "Det har inte efterfrågats av nämnden.",
];

/// One unit's answers, valid for the questionnaire; with `complete` false
/// only the first two parts are filled in (a draft).
fn answers_for(
    q: &Questionnaire,
    kind: UnitKind,
    p: &Profile,
    unit: &str,
    complete: bool,
) -> Answers {
    let mut answers = Answers::new();
    for (part, section) in q.sections.iter().enumerate() {
        if !complete && part >= 2 {
            break;
        }
        for (i, question) in section.questions.iter().enumerate() {
            if !visibility(q, kind, &answers).question(&question.key) {
                continue;
            }
            let seed = p.seed + i * 3 + part * 5;
            let value = match question.key.as_str() {
                "aktivitetsniva" => Some(Answer::Text(p.activity.to_string())),
                "strategi" => Some(Answer::Text(p.strategy.to_string())),
                "svarande_namn" => Some(Answer::Text(format!("Kontaktperson för {unit}"))),
                "svarande_epost" => Some(Answer::Text("kontakt@example.se".to_string())),
                "antal_projekt" => Some(Answer::Number(match p.activity {
                    "strategiskt" => (2 + seed % 5) as f64,
                    "ad_hoc" => (seed % 2) as f64,
                    _ => 0.0,
                })),
                "varfor_inte" => Some(Answer::Text(REASONS[seed % REASONS.len()].to_string())),
                "goda_exempel" if p.thin => None,
                "goda_exempel" => Some(Answer::Text(
                    GOOD_EXAMPLES[seed % GOOD_EXAMPLES.len()].to_string(),
                )),
                _ => generic(&question.kind, seed, p.thin),
            };
            if let Some(value) = value {
                answers.insert(question.key.clone(), value);
            }
        }
    }
    check(q, kind, &answers, Mode::Draft).answers
}

/// Complete, valid answers of the kind the demo round holds, for the unit at
/// `index` of a municipality; benchmarks use it to fill large rounds.
pub fn sample_answers(
    q: &Questionnaire,
    kind: UnitKind,
    municipality: &str,
    sector: &str,
    index: usize,
    unit: &str,
) -> Answers {
    answers_for(q, kind, &profile(municipality, sector, index), unit, true)
}

fn generic(kind: &QuestionKind, seed: usize, thin: bool) -> Option<Answer> {
    Some(match kind {
        QuestionKind::SingleChoice { options, .. } => {
            Answer::Text(options.get(seed % options.len().max(1))?.key.clone())
        }
        QuestionKind::MultipleChoice { options, .. } => {
            let count = 1 + seed % 3;
            let mut picked: Vec<String> = (0..count)
                .map(|k| options[(seed + k * 5) % options.len()].key.clone())
                .collect();
            picked.sort();
            picked.dedup();
            Answer::List(picked)
        }
        QuestionKind::YesNo => Answer::Bool(!seed.is_multiple_of(3)),
        QuestionKind::Scale { .. } => Answer::Number((1 + seed % 5) as f64),
        QuestionKind::Number { min, max, .. } => {
            let value = (seed % 6) as f64;
            Answer::Number(value.clamp(min.unwrap_or(0.0), max.unwrap_or(f64::MAX)))
        }
        QuestionKind::ShortText { .. } if thin => return None,
        QuestionKind::ShortText { .. } => {
            Answer::Text(["Tyskland, Polen", "Litauen", "Finland, Estland"][seed % 3].to_string())
        }
        QuestionKind::LongText { .. } if thin => Answer::Text("Nej.".to_string()),
        QuestionKind::LongText { .. } => return None,
        QuestionKind::Email => Answer::Text("kontakt@example.se".to_string()),
        QuestionKind::Date => Answer::Text("2026-10-15".to_string()),
        // Groups (the projects) are filled in by `answers_for`.
        QuestionKind::Group { .. } => return None,
    })
}

/// Adds the demo round unless it is there; returns (targets, submitted, drafts).
pub async fn load(db: &Db) -> Result<Option<(usize, usize, usize)>, DbError> {
    if db
        .list_rounds()
        .await?
        .iter()
        .any(|r| r.name == DEMO_ROUND_NAME)
    {
        return Ok(None);
    }
    let Some((_, version)) = db
        .list_questionnaires()
        .await?
        .into_iter()
        .find(|(q, _)| q.builtin.as_deref() == Some(app::questionnaire::BUILTIN_KEY))
    else {
        return Ok(None);
    };
    let q: Questionnaire =
        serde_json::from_str(&version.definition).map_err(|e| DbError::Decode(Box::new(e)))?;
    let municipality_ids: Vec<String> = db
        .list_municipalities()
        .await?
        .into_iter()
        .filter(|m| crate::demo::is_demo_municipality(&m.code))
        .map(|m| m.id)
        .collect();
    let now = app::db::now();
    const DAY: i64 = 86_400;
    let round_id = db
        .create_round(&app::db::rounds::NewRound {
            name: DEMO_ROUND_NAME,
            version_id: &version.id,
            opens_at: Some(now - 21 * DAY),
            closes_at: app::rounds::closes_after_day(&app::time::format_date_stockholm(
                now + 14 * DAY,
            ))
            .unwrap_or(now + 14 * DAY),
            municipality_ids: &municipality_ids,
            created_by: None,
        })
        .await?;
    let round = db
        .round(&round_id)
        .await?
        .expect("the round was just created");
    db.set_round_schedule(&round_id, "oppen", round.opens_at, round.closes_at)
        .await?;
    let targets = db.round_targets(&round_id).await?;
    let (mut submitted, mut drafts) = (0, 0);
    let mut index = 0;
    let mut kind_counts: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut last_municipality = String::new();
    for t in &targets {
        if t.municipality_name != last_municipality {
            last_municipality = t.municipality_name.clone();
            index = 0;
        }
        let kind = UnitKind::parse(&t.kind).unwrap_or(UnitKind::Annat);
        let kind_index = kind_counts
            .entry((t.municipality_name.clone(), t.kind.clone()))
            .or_default();
        let result = outcome(&t.municipality_name, index, kind, *kind_index);
        let p = profile(&t.municipality_name, &t.sector, index);
        index += 1;
        *kind_index += 1;
        // Spread the activity over the three weeks the round has been open.
        let opened_at = now - (20 - (p.seed % 18) as i64) * DAY;
        match result {
            Outcome::Silent => continue,
            Outcome::Opened => db.touch_target(&t.id).await?,
            Outcome::Draft | Outcome::Submitted => {
                let complete = result == Outcome::Submitted;
                let answers = answers_for(&q, kind, &p, &t.unit_name, complete);
                let json =
                    serde_json::to_string(&answers).map_err(|e| DbError::Decode(Box::new(e)))?;
                db.save_response(&t.id, 0, &json).await?;
                if complete {
                    db.submit_response(&t.id, 1).await?;
                    submitted += 1;
                } else {
                    drafts += 1;
                }
            }
        }
        let submitted_at = (result == Outcome::Submitted).then_some(opened_at + 2 * DAY);
        db.backdate_target(&t.id, opened_at, submitted_at).await?;
    }
    Ok(Some((targets.len(), submitted, drafts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::questionnaire::default::default_questionnaire;

    #[test]
    fn submitted_answers_are_complete_and_valid() {
        let q = default_questionnaire();
        for (municipality, sector, index) in [
            ("Växjö", "miljo", 0),
            ("Växjö", "utbildning", 1),
            ("Karlskrona", "kommunledning", 3),
            ("Nybro", "socialtjanst_omsorg", 2),
        ] {
            for kind in UnitKind::ALL {
                let p = profile(municipality, sector, index);
                let answers = answers_for(&q, kind, &p, "Enheten", true);
                let checked = check(&q, kind, &answers, Mode::Submit);
                assert_eq!(checked.problems, vec![], "{municipality} {sector} {kind:?}");
                assert_eq!(checked.answers, answers);
            }
        }
    }

    #[test]
    fn the_pattern_is_uneven_as_in_the_follow_up() {
        // Nybro: only two administrations engaged.
        let nybro: Vec<Outcome> = (0..5)
            .map(|i| outcome("Nybro", i, UnitKind::Forvaltning, i))
            .collect();
        assert_eq!(
            nybro.iter().filter(|o| **o == Outcome::Submitted).count(),
            2
        );
        // Tranås: no company answered.
        assert!((0..4).all(|i| outcome("Tranås", i, UnitKind::Bolag, i) != Outcome::Submitted));
        // Växjö: only environment and energy work internationally.
        assert_eq!(profile("Växjö", "miljo", 1).activity, "strategiskt");
        assert_eq!(profile("Växjö", "utbildning", 0).activity, "inte_alls");
    }
}
