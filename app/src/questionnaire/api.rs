//! Server functions for questionnaires: list, create, copy and the builder's changes.
//!
//! Who may do what: everyone logged in reads shared questionnaires and those of
//! municipalities in their scope; administrators change anything; coordinators
//! change the questionnaires of their own municipalities. A change to a version
//! that a round uses makes a new version instead.

// A server function takes one argument per form field; the builder's forms have many.
#![allow(clippy::too_many_arguments)]

use super::model::Questionnaire;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A line in the list of questionnaires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireSummary {
    pub id: String,
    pub title: super::model::Text,
    /// The owning municipality (code, name); `None` when shared by all.
    pub owner: Option<(String, String)>,
    pub version: i64,
    pub frozen: bool,
    pub sections: usize,
    pub questions: usize,
    pub builtin: bool,
    pub can_edit: bool,
    pub updated_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub number: i64,
    pub frozen_at: Option<i64>,
    pub updated_at: i64,
}

/// Everything the builder and the preview show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuilderData {
    pub id: String,
    pub version_id: String,
    pub number: i64,
    pub frozen: bool,
    /// Sent back with every change: the version and its edit count.
    pub rev: String,
    pub definition: Questionnaire,
    pub owner: Option<(String, String)>,
    pub can_edit: bool,
    pub versions: Vec<VersionInfo>,
}

/// Where a new questionnaire may be placed: shared (administrators), and the
/// municipalities the caller may change, as (code, name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnerOptions {
    pub shared: bool,
    pub municipalities: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
pub mod access {
    use crate::auth::server::{client_ip, db, deny_out_of_scope, require_user};
    use crate::auth::CurrentUser;
    use crate::db::questionnaires::QuestionnaireRow;
    use crate::error::AppError;

    pub fn can_read(user: &CurrentUser, q: &QuestionnaireRow) -> bool {
        q.municipality_id
            .as_deref()
            .is_none_or(|m| user.can_read(m))
    }

    pub fn can_edit(user: &CurrentUser, q: &QuestionnaireRow) -> bool {
        match q.municipality_id.as_deref() {
            None => user.is_admin(),
            Some(m) => user.can_edit(m),
        }
    }

    pub async fn readable(id: &str) -> Result<(CurrentUser, QuestionnaireRow), AppError> {
        let user = require_user()?;
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(AppError::NotFound.with_status());
        }
        let q = db()?
            .questionnaire(id)
            .await?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        if !can_read(&user, &q) {
            return Err(deny_out_of_scope(&user, &format!("enkät {id}")).await);
        }
        Ok((user, q))
    }

    pub async fn editable(id: &str) -> Result<(CurrentUser, QuestionnaireRow), AppError> {
        let (user, q) = readable(id).await?;
        if !can_edit(&user, &q) {
            return Err(AppError::Forbidden.with_status());
        }
        Ok((user, q))
    }

    /// The municipality id for a new questionnaire's owner field: "" is shared.
    pub async fn owner_for_new(
        user: &CurrentUser,
        owner: &str,
    ) -> Result<Option<String>, AppError> {
        let owner = owner.trim();
        if owner.is_empty() {
            return if user.is_admin() {
                Ok(None)
            } else {
                Err(AppError::invalid(
                    "Välj vilken kommun enkäten ska höra till. Bara administratörer kan skapa gemensamma enkäter.",
                ))
            };
        }
        let id = db()?
            .municipality_id(owner)
            .await?
            .filter(|id| user.can_edit(id))
            .ok_or_else(|| AppError::invalid("Välj en av dina kommuner i listan."))?;
        Ok(Some(id))
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
fn parse_definition(text: &str) -> Result<Questionnaire, AppError> {
    serde_json::from_str(text).map_err(|error| {
        tracing::error!(%error, "stored questionnaire does not parse");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
fn owner_of(q: &crate::db::questionnaires::QuestionnaireRow) -> Option<(String, String)> {
    Some((q.municipality_code.clone()?, q.municipality_name.clone()?))
}

/// The ids the editors give their fields, by which the functions below name
/// the field a refusal concerns.
pub const KINDS_FIELD: &str = "galler";
pub const CONDITION_FIELD: &str = "villkor";
pub const OPTIONS_FIELD: &str = "svarsalternativ";
pub const KEY_FIELD: &str = "fraga-nyckel";

/// The id of the question field of the form that adds a question to `section`.
pub fn new_question_field(section: &str) -> String {
    format!("ny-fraga-{section}")
}

#[server]
pub async fn list_questionnaires() -> Result<Vec<QuestionnaireSummary>, AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let rows = db()?.list_questionnaires().await?;
    let mut list = Vec::new();
    for (q, v) in rows {
        if q.archived || !access::can_read(&user, &q) {
            continue;
        }
        let definition = parse_definition(&v.definition)?;
        list.push(QuestionnaireSummary {
            id: q.id.clone(),
            title: definition.title.clone(),
            owner: owner_of(&q),
            version: v.number,
            frozen: v.frozen_at.is_some(),
            sections: definition.sections.len(),
            questions: definition.question_count(),
            builtin: q.builtin.is_some(),
            can_edit: access::can_edit(&user, &q),
            updated_at: v.updated_at,
        });
    }
    Ok(list)
}

#[server]
pub async fn questionnaire_owner_options() -> Result<OwnerOptions, AppError> {
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    let municipalities = db()?
        .list_municipalities()
        .await?
        .into_iter()
        .filter(|m| user.can_edit(&m.id))
        .map(|m| (m.code, m.name))
        .collect();
    Ok(OwnerOptions {
        shared: user.is_admin(),
        municipalities,
    })
}

#[server]
pub async fn get_builder(id: String) -> Result<BuilderData, AppError> {
    use crate::auth::server::db;
    let (user, q) = access::readable(&id).await?;
    let versions = db()?.questionnaire_versions(&id).await?;
    let latest = versions.first().cloned().ok_or(AppError::Internal)?;
    Ok(BuilderData {
        id: q.id.clone(),
        version_id: latest.id.clone(),
        number: latest.number,
        frozen: latest.frozen_at.is_some(),
        rev: format!("{}:{}", latest.id, latest.edit_count),
        definition: parse_definition(&latest.definition)?,
        owner: owner_of(&q),
        can_edit: access::can_edit(&user, &q),
        versions: versions
            .iter()
            .map(|v| VersionInfo {
                number: v.number,
                frozen_at: v.frozen_at,
                updated_at: v.updated_at,
            })
            .collect(),
    })
}

#[cfg(feature = "ssr")]
use crate::error::{clean_text, required_text};

#[server]
pub async fn create_questionnaire(title: String, owner: String) -> Result<(), AppError> {
    use super::model::Text;
    use crate::auth::server::{db, require_user};
    let user = require_user()?;
    if user.role == crate::auth::Role::Reader {
        return Err(AppError::Forbidden.with_status());
    }
    let title = required_text(
        &title,
        200,
        "Namnet",
        "Skriv ett namn på enkäten, till exempel ”Kartläggning 2027”.",
    )
    .map_err(|e| e.on_field("ny-titel"))?;
    let municipality = access::owner_for_new(&user, &owner)
        .await
        .map_err(|e| e.on_field("ny-agare"))?;
    let definition = Questionnaire {
        title: Text::new(title.clone(), ""),
        ..Default::default()
    };
    let json = serde_json::to_string(&definition).map_err(|_| AppError::Internal)?;
    let (id, _) = db()?
        .create_questionnaire(municipality.as_deref(), None, &json, Some(&user.id))
        .await?;
    access::audit(&user, "questionnaire.create", &id, &title).await;
    leptos_axum::redirect(&format!("/enkater/{id}"));
    Ok(())
}

/// Copies the newest version of a questionnaire into a new one.
#[server]
pub async fn copy_questionnaire(id: String, owner: String) -> Result<(), AppError> {
    use crate::auth::server::db;
    let (user, _) = access::readable(&id).await?;
    if user.role == crate::auth::Role::Reader {
        return Err(AppError::Forbidden.with_status());
    }
    let municipality = access::owner_for_new(&user, &owner)
        .await
        .map_err(|e| e.on_field("kopia-agare"))?;
    let db = db()?;
    let latest = db.latest_version(&id).await?.ok_or(AppError::Internal)?;
    let mut definition = parse_definition(&latest.definition)?;
    definition.title.sv = format!("{} (kopia)", definition.title.sv);
    if !definition.title.en.is_empty() {
        definition.title.en = format!("{} (copy)", definition.title.en);
    }
    let json = serde_json::to_string(&definition).map_err(|_| AppError::Internal)?;
    let (new_id, _) = db
        .create_questionnaire(municipality.as_deref(), None, &json, Some(&user.id))
        .await?;
    access::audit(&user, "questionnaire.copy", &new_id, &format!("från {id}")).await;
    leptos_axum::redirect(&format!("/enkater/{new_id}"));
    Ok(())
}

/// Loads the newest version, applies `change`, checks the result and saves it
/// (as a new version when the newest is frozen). `rev` must be the version and
/// edit count the caller's page was built from.
#[cfg(feature = "ssr")]
async fn edit(
    id: &str,
    rev: &str,
    change: impl FnOnce(&mut Questionnaire) -> Result<(), AppError>,
) -> Result<(), AppError> {
    use crate::auth::server::db;
    use crate::db::questionnaires::Saved;
    let (user, _) = access::editable(id).await?;
    let db = db()?;
    let version = db.latest_version(id).await?.ok_or(AppError::Internal)?;
    let stale = || {
        AppError::conflict(
            "Enkäten har ändrats av någon annan sedan du öppnade sidan. Ladda om sidan och gör ändringen igen.",
        )
    };
    if format!("{}:{}", version.id, version.edit_count) != rev {
        return Err(stale());
    }
    let mut definition = parse_definition(&version.definition)?;
    change(&mut definition)?;
    let problems = super::check::check_structure(&definition);
    if !problems.is_empty() {
        let text: Vec<String> = problems
            .iter()
            .take(5)
            .map(|p| format!("{}: {}", p.place, p.message))
            .collect();
        return Err(AppError::invalid(text.join(" ")));
    }
    let json = serde_json::to_string(&definition).map_err(|_| AppError::Internal)?;
    match db.save_definition(&version, &json, &user.id).await? {
        Saved::Stale => Err(stale()),
        Saved::Updated => Ok(()),
        Saved::NewVersion(_) => {
            access::audit(
                &user,
                "questionnaire.version",
                id,
                &format!("version {}", version.number + 1),
            )
            .await;
            Ok(())
        }
    }
}

#[cfg(feature = "ssr")]
fn gone() -> AppError {
    AppError::invalid("Delen eller frågan finns inte längre. Ladda om sidan.")
}

/// A key made from `text`, unique among `taken`.
#[cfg(feature = "ssr")]
fn unique_key(text: &str, taken: &[String]) -> String {
    let base = super::model::key_from_text(text);
    let mut key = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t == &key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

#[server]
pub async fn save_details(
    id: String,
    rev: String,
    title_sv: String,
    title_en: String,
    intro_sv: String,
    intro_en: String,
) -> Result<(), AppError> {
    let title_sv = required_text(&title_sv, 200, "Namnet", "Skriv ett namn på enkäten.")
        .map_err(|e| e.on_field("enkat-titel"))?;
    let title_en = clean_text(&title_en, 200, "Det engelska namnet")
        .map_err(|e| e.on_field("enkat-titel-en"))?;
    let intro_sv =
        clean_text(&intro_sv, 4000, "Inledningen").map_err(|e| e.on_field("enkat-intro"))?;
    let intro_en = clean_text(&intro_en, 4000, "Den engelska inledningen")
        .map_err(|e| e.on_field("enkat-intro-en"))?;
    edit(&id, &rev, |q| {
        q.title = super::model::Text::new(title_sv, title_en);
        q.intro = super::model::Text::new(intro_sv, intro_en);
        Ok(())
    })
    .await?;
    crate::components::show_result();
    Ok(())
}

#[server]
pub async fn add_section(id: String, rev: String, title_sv: String) -> Result<(), AppError> {
    use super::model::{Section, Text};
    let title = required_text(
        &title_sv,
        200,
        "Rubriken",
        "Skriv en rubrik för den nya delen.",
    )
    .map_err(|e| e.on_field("ny-del-rubrik"))?;
    edit(&id, &rev, |q| {
        let taken: Vec<String> = q.sections.iter().map(|s| s.key.clone()).collect();
        q.sections.push(Section {
            key: unique_key(&title, &taken),
            title: Text::new(title, ""),
            ..Default::default()
        });
        Ok(())
    })
    .await
}

/// Reads the condition picked in a form: `source=value` pairs from one question.
#[cfg(feature = "ssr")]
fn picked_condition(values: &[String]) -> Result<Option<super::model::Condition>, AppError> {
    let mut condition: Option<super::model::Condition> = None;
    for value in values {
        let (source, option) = value
            .split_once('=')
            .ok_or_else(|| AppError::invalid("Villkoret kunde inte läsas. Ladda om sidan."))?;
        match &mut condition {
            None => {
                condition = Some(super::model::Condition {
                    question: source.to_string(),
                    any_of: vec![option.to_string()],
                })
            }
            Some(c) if c.question == source => {
                if !c.any_of.iter().any(|v| v == option) {
                    c.any_of.push(option.to_string());
                }
            }
            Some(_) => return Err(AppError::invalid(
                "Ett villkor kan bara bygga på en fråga. Välj svarsalternativ från en enda fråga.",
            )),
        }
    }
    Ok(condition)
}

#[cfg(feature = "ssr")]
fn picked_kinds(values: &[String]) -> Result<Vec<crate::vocabulary::UnitKind>, AppError> {
    let mut kinds = Vec::new();
    for v in values {
        let kind = crate::vocabulary::UnitKind::parse(v)
            .ok_or_else(|| AppError::invalid("Okänd typ av enhet."))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds.sort();
    // All kinds picked is the same as none: the question applies to everyone.
    if kinds.len() == crate::vocabulary::UnitKind::ALL.len() {
        kinds.clear();
    }
    Ok(kinds)
}

#[server]
pub async fn save_section(
    id: String,
    rev: String,
    section: String,
    title_sv: String,
    title_en: String,
    intro_sv: String,
    intro_en: String,
    #[server(default)] kinds: Vec<String>,
    #[server(default)] cond: Vec<String>,
) -> Result<(), AppError> {
    let title_sv = required_text(&title_sv, 200, "Rubriken", "Skriv en rubrik för delen.")
        .map_err(|e| e.on_field("del-rubrik"))?;
    let title_en = clean_text(&title_en, 200, "Den engelska rubriken")
        .map_err(|e| e.on_field("del-rubrik-en"))?;
    let intro_sv =
        clean_text(&intro_sv, 4000, "Inledningen").map_err(|e| e.on_field("del-intro"))?;
    let intro_en = clean_text(&intro_en, 4000, "Den engelska inledningen")
        .map_err(|e| e.on_field("del-intro-en"))?;
    let kinds = picked_kinds(&kinds).map_err(|e| e.on_field(KINDS_FIELD))?;
    let condition = picked_condition(&cond).map_err(|e| e.on_field(CONDITION_FIELD))?;
    edit(&id, &rev, |q| {
        let s = q
            .sections
            .iter_mut()
            .find(|s| s.key == section)
            .ok_or_else(gone)?;
        s.title = super::model::Text::new(title_sv, title_en);
        s.intro = super::model::Text::new(intro_sv, intro_en);
        s.kinds = kinds;
        s.condition = condition;
        Ok(())
    })
    .await?;
    leptos_axum::redirect(&format!("/enkater/{id}#del-{section}"));
    Ok(())
}

/// Questions whose (or whose section's) condition builds on `key`.
#[cfg(feature = "ssr")]
fn dependants(q: &Questionnaire, keys: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for s in &q.sections {
        if let Some(c) = &s.condition {
            if keys.contains(&c.question.as_str()) {
                found.push(format!("delen ”{}”", s.title.sv));
            }
        }
        for question in &s.questions {
            if let Some(c) = &question.condition {
                if keys.contains(&c.question.as_str()) && !keys.contains(&question.key.as_str()) {
                    found.push(format!("frågan ”{}”", question.text.sv));
                }
            }
        }
    }
    found
}

/// Reorders or deletes a section or question: `action` is `section_up:KEY`,
/// `section_down:KEY`, `section_delete:KEY`, `question_up:KEY`,
/// `question_down:KEY` or `question_delete:KEY`.
#[server]
pub async fn change_structure(id: String, rev: String, action: String) -> Result<(), AppError> {
    let (what, key) = action
        .split_once(':')
        .ok_or_else(|| AppError::invalid("Okänd åtgärd."))?;
    let (what, key) = (what.to_string(), key.to_string());
    edit(&id, &rev, move |q| {
        match what.as_str() {
            "section_up" | "section_down" => {
                let i = q.sections.iter().position(|s| s.key == key).ok_or_else(gone)?;
                let j = if what == "section_up" {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|j| *j < q.sections.len())
                };
                if let Some(j) = j {
                    q.sections.swap(i, j);
                }
            }
            "section_delete" => {
                let i = q.sections.iter().position(|s| s.key == key).ok_or_else(gone)?;
                let keys: Vec<&str> = q.sections[i].questions.iter().map(|x| x.key.as_str()).collect();
                let deps = dependants(q, &keys);
                if !deps.is_empty() {
                    return Err(AppError::invalid(format!(
                        "Delen kan inte tas bort: {} har villkor på frågor i den. Ändra villkoren först.",
                        deps.join(", ")
                    )));
                }
                q.sections.remove(i);
            }
            "question_up" | "question_down" => {
                let (si, qi) = q
                    .sections
                    .iter()
                    .enumerate()
                    .find_map(|(si, s)| s.questions.iter().position(|x| x.key == key).map(|qi| (si, qi)))
                    .ok_or_else(gone)?;
                let up = what == "question_up";
                let len = q.sections[si].questions.len();
                if up && qi > 0 {
                    q.sections[si].questions.swap(qi, qi - 1);
                } else if !up && qi + 1 < len {
                    q.sections[si].questions.swap(qi, qi + 1);
                } else if up && si > 0 {
                    // The first question of a part moves to the end of the part before.
                    let question = q.sections[si].questions.remove(qi);
                    q.sections[si - 1].questions.push(question);
                } else if !up && si + 1 < q.sections.len() {
                    let question = q.sections[si].questions.remove(qi);
                    q.sections[si + 1].questions.insert(0, question);
                }
            }
            "sub_up" | "sub_down" | "sub_delete" => {
                let (group, sub) = key
                    .split_once(':')
                    .ok_or_else(|| AppError::invalid("Okänd åtgärd."))?;
                let questions = match q.question_mut(group).map(|x| &mut x.kind) {
                    Some(super::model::QuestionKind::Group { questions, .. }) => questions,
                    _ => return Err(gone()),
                };
                let i = questions.iter().position(|x| x.key == sub).ok_or_else(gone)?;
                match what.as_str() {
                    "sub_up" if i > 0 => questions.swap(i, i - 1),
                    "sub_down" if i + 1 < questions.len() => questions.swap(i, i + 1),
                    "sub_delete" => {
                        if questions.len() == 1 {
                            return Err(AppError::invalid(
                                "Gruppen måste ha minst en delfråga. Lägg till en ny innan du tar bort den sista, eller ta bort hela gruppen.",
                            ));
                        }
                        let deps: Vec<String> = questions
                            .iter()
                            .filter(|x| x.condition.as_ref().is_some_and(|c| c.question == sub))
                            .map(|x| format!("delfrågan ”{}”", x.text.sv))
                            .collect();
                        if !deps.is_empty() {
                            return Err(AppError::invalid(format!(
                                "Delfrågan kan inte tas bort: {} har villkor på den. Ändra villkoren först.",
                                deps.join(", ")
                            )));
                        }
                        questions.remove(i);
                    }
                    _ => {}
                }
            }
            "question_delete" => {
                let deps = dependants(q, &[key.as_str()]);
                if !deps.is_empty() {
                    return Err(AppError::invalid(format!(
                        "Frågan kan inte tas bort: {} har villkor på den. Ändra villkoren först.",
                        deps.join(", ")
                    )));
                }
                let section = q
                    .sections
                    .iter_mut()
                    .find(|s| s.questions.iter().any(|x| x.key == key))
                    .ok_or_else(gone)?;
                section.questions.retain(|x| x.key != key);
            }
            _ => return Err(AppError::invalid("Okänd åtgärd.")),
        }
        Ok(())
    })
    .await
}

/// Options typed one per line, as (key, label).
#[cfg(feature = "ssr")]
fn options_from_lines(lines: &str) -> Vec<super::model::Choice> {
    let mut options: Vec<super::model::Choice> = Vec::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let taken: Vec<String> = options.iter().map(|o| o.key.clone()).collect();
        options.push(super::model::Choice {
            key: unique_key(line, &taken),
            label: super::model::Text::new(line, ""),
        });
    }
    options
}

#[server]
pub async fn add_question(
    id: String,
    rev: String,
    section: String,
    text_sv: String,
    kind: String,
    #[server(default)] options: String,
) -> Result<(), AppError> {
    use super::model::{Question, QuestionKind, Text};
    let field = new_question_field(&section);
    let text = required_text(&text_sv, 1000, "Frågan", "Skriv frågan.")
        .map_err(|e| e.on_field(field.clone()))?;
    let mut question_kind = QuestionKind::from_name(&kind)
        .ok_or_else(|| AppError::invalid("Välj en frågetyp.").on_field(format!("{field}-typ")))?;
    if let Some(list) = question_kind.options_mut() {
        *list = options_from_lines(&options);
        if list.is_empty() {
            return Err(AppError::invalid_fields(vec![(
                format!("{field}-alt"),
                "Skriv svarsalternativen, ett per rad, för en fråga med val.".into(),
            )]));
        }
    }
    seed_group(&mut question_kind);
    let mut new_key = String::new();
    edit(&id, &rev, |q| {
        let taken: Vec<String> = q.questions().map(|(_, x)| x.key.clone()).collect();
        new_key = unique_key(&text, &taken);
        let s = q
            .sections
            .iter_mut()
            .find(|s| s.key == section)
            .ok_or_else(gone)?;
        s.questions.push(Question {
            key: new_key.clone(),
            text: Text::new(text, ""),
            help: Text::default(),
            kind: question_kind,
            required: false,
            kinds: Vec::new(),
            condition: None,
        });
        Ok(())
    })
    .await?;
    leptos_axum::redirect(&format!("/enkater/{id}#fraga-{new_key}"));
    Ok(())
}

/// The question form's type-specific fields.
#[cfg(feature = "ssr")]
struct KindFields {
    other: Option<String>,
    opt_key: Vec<String>,
    opt_sv: Vec<String>,
    opt_en: Vec<String>,
    min: String,
    max: String,
    integer: Option<String>,
    max_length: String,
    min_label_sv: String,
    min_label_en: String,
    max_label_sv: String,
    max_label_en: String,
    item_label_sv: String,
    item_label_en: String,
    add_label_sv: String,
    add_label_en: String,
    max_items: String,
}

/// A new group gets a first sub-question, so that it is usable at once
/// (a group without sub-questions does not pass the structure check).
#[cfg(feature = "ssr")]
fn seed_group(kind: &mut super::model::QuestionKind) {
    if let super::model::QuestionKind::Group { questions, .. } = kind {
        if questions.is_empty() {
            questions.push(first_sub_question());
        }
    }
}

#[cfg(feature = "ssr")]
fn first_sub_question() -> super::model::Question {
    use super::model::{Question, QuestionKind, Text};
    Question {
        key: "namn".into(),
        text: Text::new("Namn", "Name"),
        help: Text::default(),
        kind: QuestionKind::ShortText {
            max_length: super::model::SHORT_TEXT_MAX,
        },
        required: true,
        kinds: Vec::new(),
        condition: None,
    }
}

/// Builds the question type from the form; options are read in row order,
/// rows without a label are dropped, and `action` may move or delete a row.
#[cfg(feature = "ssr")]
fn kind_from_form(
    previous: &super::model::QuestionKind,
    name: &str,
    fields: &KindFields,
    action: &str,
) -> Result<super::model::QuestionKind, AppError> {
    use super::model::{Choice, QuestionKind, Text};
    use super::rules::parse_number;
    let mut kind = QuestionKind::from_name(name)
        .ok_or_else(|| AppError::invalid("Välj en frågetyp.").on_field("fraga-typ"))?;
    // Settings for another type than the one stored were not on the form.
    let same = previous.name() == name;
    match &mut kind {
        QuestionKind::SingleChoice { options, other }
        | QuestionKind::MultipleChoice { options, other } => {
            if previous.options().is_empty() || fields.opt_sv.iter().any(|s| !s.trim().is_empty()) {
                let mut rows: Vec<Choice> = Vec::new();
                for (i, label) in fields.opt_sv.iter().enumerate() {
                    let label = label.trim();
                    if label.is_empty() {
                        continue;
                    }
                    if label.chars().count() > 300 {
                        return Err(AppError::invalid_fields(vec![(
                            OPTIONS_FIELD.into(),
                            "Ett svarsalternativ får vara högst 300 tecken.".into(),
                        )]));
                    }
                    let en = fields.opt_en.get(i).map(|s| s.trim()).unwrap_or_default();
                    let typed_key = fields.opt_key.get(i).map(|s| s.trim()).unwrap_or_default();
                    let taken: Vec<String> = rows.iter().map(|o| o.key.clone()).collect();
                    let key = if typed_key.is_empty() {
                        unique_key(label, &taken)
                    } else {
                        typed_key.to_string()
                    };
                    rows.push(Choice {
                        key,
                        label: Text::new(label, en),
                    });
                }
                *options = rows;
            } else {
                *options = previous.options().to_vec();
            }
            *other = fields.other.is_some();
            if let Some((op, index)) = action.split_once(':') {
                let i: usize = index
                    .parse()
                    .map_err(|_| AppError::invalid("Okänd åtgärd."))?;
                if i < options.len() {
                    match op {
                        "opt_up" if i > 0 => options.swap(i, i - 1),
                        "opt_down" if i + 1 < options.len() => options.swap(i, i + 1),
                        "opt_delete" => {
                            options.remove(i);
                        }
                        _ => {}
                    }
                }
            }
            if options.is_empty() {
                return Err(AppError::invalid_fields(vec![(
                    OPTIONS_FIELD.into(),
                    "Skriv minst ett svarsalternativ.".into(),
                )]));
            }
        }
        QuestionKind::Number { min, max, integer } => {
            if same {
                let read = |text: &str, what: &str, field: &str| -> Result<Option<f64>, AppError> {
                    if text.trim().is_empty() {
                        Ok(None)
                    } else {
                        parse_number(text).map(Some).ok_or_else(|| {
                            AppError::invalid_fields(vec![(
                                field.into(),
                                format!("Skriv {what} som ett tal, till exempel 0 eller 2,5."),
                            )])
                        })
                    }
                };
                *min = read(&fields.min, "det minsta värdet", "fraga-min")?;
                *max = read(&fields.max, "det största värdet", "fraga-max")?;
                *integer = fields.integer.is_some();
            }
        }
        QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => {
            if same && !fields.max_length.trim().is_empty() {
                *max_length = fields
                    .max_length
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=super::model::TEXT_LIMIT).contains(n))
                    .ok_or_else(|| {
                        AppError::invalid_fields(vec![(
                            "fraga-langd".into(),
                            format!(
                                "Skriv den största längden som ett heltal mellan 1 och {}.",
                                super::model::TEXT_LIMIT
                            ),
                        )])
                    })?;
            }
        }
        QuestionKind::Scale {
            min_label,
            max_label,
        } => {
            if same {
                *min_label = Text::new(fields.min_label_sv.trim(), fields.min_label_en.trim());
                *max_label = Text::new(fields.max_label_sv.trim(), fields.max_label_en.trim());
            }
        }
        QuestionKind::YesNo | QuestionKind::Email | QuestionKind::Date => {}
        QuestionKind::Group {
            questions,
            max_items,
            item_label,
            add_label,
        } => {
            if same {
                *questions = previous.sub_questions().to_vec();
                let label = fields.item_label_sv.trim();
                if label.is_empty() {
                    return Err(AppError::invalid_fields(vec![(
                        "grupp-post".into(),
                        "Skriv vad en post heter, till exempel ”Projekt”.".into(),
                    )]));
                }
                *item_label = Text::new(label, fields.item_label_en.trim());
                *add_label = Text::new(fields.add_label_sv.trim(), fields.add_label_en.trim());
                *max_items = fields
                    .max_items
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=super::model::GROUP_ITEMS_LIMIT).contains(n))
                    .ok_or_else(|| {
                        AppError::invalid_fields(vec![(
                            "grupp-max".into(),
                            format!(
                                "Skriv det högsta antalet poster som ett heltal mellan 1 och {}.",
                                super::model::GROUP_ITEMS_LIMIT
                            ),
                        )])
                    })?;
            } else if questions.is_empty() {
                questions.push(first_sub_question());
            }
        }
    }
    Ok(kind)
}

#[server]
pub async fn save_question(
    id: String,
    rev: String,
    key: String,
    new_key: String,
    text_sv: String,
    text_en: String,
    help_sv: String,
    help_en: String,
    kind: String,
    #[server(default)] required: Option<String>,
    #[server(default)] kinds: Vec<String>,
    #[server(default)] cond: Vec<String>,
    #[server(default)] other: Option<String>,
    #[server(default)] opt_key: Vec<String>,
    #[server(default)] opt_sv: Vec<String>,
    #[server(default)] opt_en: Vec<String>,
    #[server(default)] min: String,
    #[server(default)] max: String,
    #[server(default)] integer: Option<String>,
    #[server(default)] max_length: String,
    #[server(default)] min_label_sv: String,
    #[server(default)] min_label_en: String,
    #[server(default)] max_label_sv: String,
    #[server(default)] max_label_en: String,
    #[server(default)] item_label_sv: String,
    #[server(default)] item_label_en: String,
    #[server(default)] add_label_sv: String,
    #[server(default)] add_label_en: String,
    #[server(default)] max_items: String,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use super::model::{is_valid_key, Text};
    let fields = KindFields {
        item_label_sv,
        item_label_en,
        add_label_sv,
        add_label_en,
        max_items,
        other,
        opt_key,
        opt_sv,
        opt_en,
        min,
        max,
        integer,
        max_length,
        min_label_sv,
        min_label_en,
        max_label_sv,
        max_label_en,
    };
    let text_sv = required_text(&text_sv, 1000, "Frågan", "Skriv frågan.")
        .map_err(|e| e.on_field("fraga-text"))?;
    let text_en = clean_text(&text_en, 1000, "Den engelska frågan")
        .map_err(|e| e.on_field("fraga-text-en"))?;
    let help_sv =
        clean_text(&help_sv, 2000, "Hjälptexten").map_err(|e| e.on_field("fraga-hjalp"))?;
    let help_en = clean_text(&help_en, 2000, "Den engelska hjälptexten")
        .map_err(|e| e.on_field("fraga-hjalp-en"))?;
    let new_key = new_key.trim().to_string();
    if !is_valid_key(&new_key) {
        return Err(AppError::invalid_fields(vec![(
            KEY_FIELD.into(),
            "Nyckeln får bara innehålla a–z, siffror och understreck, börja med en bokstav och vara högst 40 tecken.".into(),
        )]));
    }
    let kinds = picked_kinds(&kinds).map_err(|e| e.on_field(KINDS_FIELD))?;
    let condition = picked_condition(&cond).map_err(|e| e.on_field(CONDITION_FIELD))?;
    edit(&id, &rev, |q| {
        if new_key != key && q.question(&new_key).is_some() {
            return Err(AppError::invalid_fields(vec![(
                KEY_FIELD.into(),
                format!("Nyckeln ”{new_key}” används redan av en annan fråga."),
            )]));
        }
        let previous = q.question(&key).ok_or_else(gone)?.kind.clone();
        let new_kind = kind_from_form(&previous, &kind, &fields, &action)?;
        let question = q.question_mut(&key).ok_or_else(gone)?;
        question.key = new_key.clone();
        question.text = Text::new(text_sv, text_en);
        question.help = Text::new(help_sv, help_en);
        question.kind = new_kind;
        question.required = required.is_some();
        question.kinds = kinds;
        question.condition = condition;
        if new_key != key {
            // Conditions follow the question to its new key.
            for s in &mut q.sections {
                if let Some(c) = s.condition.as_mut().filter(|c| c.question == key) {
                    c.question = new_key.clone();
                }
                for x in &mut s.questions {
                    if let Some(c) = x.condition.as_mut().filter(|c| c.question == key) {
                        c.question = new_key.clone();
                    }
                }
            }
        }
        Ok(())
    })
    .await?;
    if action.is_empty() || action == "save" {
        leptos_axum::redirect(&format!("/enkater/{id}#fraga-{new_key}"));
    } else {
        leptos_axum::redirect(&format!("/enkater/{id}/fragor/{new_key}#svarsalternativ"));
    }
    Ok(())
}

/// Adds a sub-question to a repeating group.
#[server]
pub async fn add_sub_question(
    id: String,
    rev: String,
    group: String,
    text_sv: String,
    kind: String,
    #[server(default)] options: String,
) -> Result<(), AppError> {
    use super::model::{Question, QuestionKind, Text};
    let text = required_text(&text_sv, 1000, "Frågan", "Skriv frågan.")
        .map_err(|e| e.on_field("ny-delfraga"))?;
    let mut question_kind = QuestionKind::from_name(&kind)
        .filter(|k| !k.is_group())
        .ok_or_else(|| {
            AppError::invalid("Välj en frågetyp. En grupp kan inte innehålla en grupp.")
                .on_field("ny-delfraga-typ")
        })?;
    if let Some(list) = question_kind.options_mut() {
        *list = options_from_lines(&options);
        if list.is_empty() {
            return Err(AppError::invalid_fields(vec![(
                "ny-delfraga-alt".into(),
                "Skriv svarsalternativen, ett per rad, för en fråga med val.".into(),
            )]));
        }
    }
    let mut new_key = String::new();
    edit(&id, &rev, |q| {
        let Some(QuestionKind::Group { questions, .. }) =
            q.question_mut(&group).map(|x| &mut x.kind)
        else {
            return Err(gone());
        };
        let taken: Vec<String> = questions.iter().map(|x| x.key.clone()).collect();
        new_key = unique_key(&text, &taken);
        questions.push(Question {
            key: new_key.clone(),
            text: Text::new(text, ""),
            help: Text::default(),
            kind: question_kind,
            required: false,
            kinds: Vec::new(),
            condition: None,
        });
        Ok(())
    })
    .await?;
    leptos_axum::redirect(&format!("/enkater/{id}/fragor/{group}#delfraga-{new_key}"));
    Ok(())
}

/// Saves a sub-question of a repeating group: the same settings as a
/// question, without unit kinds; its condition builds on an earlier
/// sub-question of the same item.
#[server]
pub async fn save_sub_question(
    id: String,
    rev: String,
    group: String,
    key: String,
    new_key: String,
    text_sv: String,
    text_en: String,
    help_sv: String,
    help_en: String,
    kind: String,
    #[server(default)] required: Option<String>,
    #[server(default)] other: Option<String>,
    #[server(default)] opt_key: Vec<String>,
    #[server(default)] opt_sv: Vec<String>,
    #[server(default)] opt_en: Vec<String>,
    #[server(default)] min: String,
    #[server(default)] max: String,
    #[server(default)] integer: Option<String>,
    #[server(default)] max_length: String,
    #[server(default)] min_label_sv: String,
    #[server(default)] min_label_en: String,
    #[server(default)] max_label_sv: String,
    #[server(default)] max_label_en: String,
    #[server(default)] cond: Vec<String>,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use super::model::{is_valid_key, QuestionKind, Text};
    if kind == "group" {
        return Err(AppError::invalid_fields(vec![(
            "fraga-typ".into(),
            "En grupp kan inte innehålla en annan grupp. Välj en annan frågetyp.".into(),
        )]));
    }
    let fields = KindFields {
        other,
        opt_key,
        opt_sv,
        opt_en,
        min,
        max,
        integer,
        max_length,
        min_label_sv,
        min_label_en,
        max_label_sv,
        max_label_en,
        item_label_sv: String::new(),
        item_label_en: String::new(),
        add_label_sv: String::new(),
        add_label_en: String::new(),
        max_items: String::new(),
    };
    let text_sv = required_text(&text_sv, 1000, "Frågan", "Skriv frågan.")
        .map_err(|e| e.on_field("fraga-text"))?;
    let text_en = clean_text(&text_en, 1000, "Den engelska frågan")
        .map_err(|e| e.on_field("fraga-text-en"))?;
    let help_sv =
        clean_text(&help_sv, 2000, "Hjälptexten").map_err(|e| e.on_field("fraga-hjalp"))?;
    let help_en = clean_text(&help_en, 2000, "Den engelska hjälptexten")
        .map_err(|e| e.on_field("fraga-hjalp-en"))?;
    let new_key = new_key.trim().to_string();
    if !is_valid_key(&new_key) {
        return Err(AppError::invalid_fields(vec![(
            KEY_FIELD.into(),
            "Nyckeln får bara innehålla a–z, siffror och understreck, börja med en bokstav och vara högst 40 tecken.".into(),
        )]));
    }
    let condition = picked_condition(&cond).map_err(|e| e.on_field(CONDITION_FIELD))?;
    edit(&id, &rev, |q| {
        let Some(QuestionKind::Group { questions, .. }) =
            q.question_mut(&group).map(|x| &mut x.kind)
        else {
            return Err(gone());
        };
        if new_key != key && questions.iter().any(|x| x.key == new_key) {
            return Err(AppError::invalid(format!(
                "Nyckeln ”{new_key}” används redan av en annan fråga i gruppen."
            )));
        }
        let sub = questions
            .iter_mut()
            .find(|x| x.key == key)
            .ok_or_else(gone)?;
        let new_kind = kind_from_form(&sub.kind, &kind, &fields, &action)?;
        sub.key = new_key.clone();
        sub.text = Text::new(text_sv, text_en);
        sub.help = Text::new(help_sv, help_en);
        sub.kind = new_kind;
        sub.required = required.is_some();
        sub.condition = condition;
        if new_key != key {
            // Conditions in the group follow the sub-question to its new key.
            for x in questions.iter_mut() {
                if let Some(c) = x.condition.as_mut().filter(|c| c.question == key) {
                    c.question = new_key.clone();
                }
            }
        }
        Ok(())
    })
    .await?;
    if action.is_empty() || action == "save" {
        leptos_axum::redirect(&format!("/enkater/{id}/fragor/{group}#delfraga-{new_key}"));
    } else {
        leptos_axum::redirect(&format!(
            "/enkater/{id}/fragor/{group}/delfragor/{new_key}#svarsalternativ"
        ));
    }
    Ok(())
}

#[server]
pub async fn archive_questionnaire(id: String) -> Result<(), AppError> {
    use crate::auth::server::db;
    let (user, q) = access::editable(&id).await?;
    if q.builtin.is_some() {
        return Err(AppError::invalid(
            "Den inbyggda enkäten kan inte arkiveras. Gör en kopia och ändra den i stället.",
        ));
    }
    db()?.set_questionnaire_archived(&id, true).await?;
    access::audit(&user, "questionnaire.archive", &id, "").await;
    leptos_axum::redirect("/enkater");
    Ok(())
}
