//! Projects reported between rounds ("den årliga uppföljningen"): every unit
//! may have a standing, revocable link (`/projekt/rapportera/TOKEN`) where
//! its contact reports a new project, or that one has finished, at any time,
//! with the sub-questions of the questionnaire's project group. The reports
//! show in the project register at once, marked as reported between rounds,
//! and the coordinator sees per municipality what arrived since its latest
//! round.
//!
//! This module is pure: the form the link shows, and the rules of a report.
//! The pages are in [`pages`], the server functions in [`api`], the SQL in
//! `crate::db::project_reports`.

pub mod api;
pub mod pages;

use crate::analysis::projects::keys;
use crate::questionnaire::form::Typed;
use crate::questionnaire::model::{Answer, Answers, QuestionKind, Questionnaire, Section};
use crate::questionnaire::rules::{check, from_form, Mode, Problem, ProblemKind};
use crate::vocabulary::UnitKind;

/// The longest name a person may give as the one reporting.
pub const REPORTER_MAX: usize = 200;

/// The field of the report form where the person may give their name.
pub const REPORTER_FIELD: &str = "_rapportor";

/// The field of a "finished" form naming the reported project.
pub const PROJECT_FIELD: &str = "_projekt";

/// The report form of a questionnaire: its project group's sub-questions as
/// the questions of one part of their own, so that the respondent's field
/// components and rules serve it unchanged. None without a project group.
pub fn report_form(q: &Questionnaire) -> Option<Questionnaire> {
    let group = q.question(keys::GROUP)?;
    let QuestionKind::Group { questions, .. } = &group.kind else {
        return None;
    };
    let questions: Vec<_> = questions
        .iter()
        .filter(|x| !x.kind.is_group())
        .cloned()
        .collect();
    if questions.is_empty() {
        return None;
    }
    Some(Questionnaire {
        title: group.text.clone(),
        intro: group.help.clone(),
        sections: vec![Section {
            key: keys::GROUP.to_string(),
            title: group.text.clone(),
            intro: group.help.clone(),
            kinds: Vec::new(),
            condition: None,
            questions,
        }],
    })
}

/// The report form of the questionnaire `definition` (JSON), or of the
/// shipped questionnaire when that has no project group or does not parse.
/// Also says whether the definition's own group was used.
pub fn form_for(definition: Option<&str>) -> (Questionnaire, bool) {
    let own = definition
        .and_then(|d| serde_json::from_str::<Questionnaire>(d).ok())
        .and_then(|q| report_form(&q));
    match own {
        Some(form) => (form, true),
        None => (
            report_form(&crate::questionnaire::default::default_questionnaire())
                .unwrap_or_default(),
            false,
        ),
    }
}

/// A posted report, checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckedReport {
    /// The item to store: valid answers to the questions shown, texts trimmed.
    pub item: Answers,
    /// What is wrong, in the form's order; nothing is stored while any.
    pub problems: Vec<Problem>,
    /// What was typed in the fields with problems, shown back unchanged.
    pub typed: Typed,
    /// The answers to show in the fields again: the readable ones as posted.
    pub shown: Answers,
    /// The name the person gave, trimmed.
    pub reporter: String,
}

/// Reads and checks a posted report form against `form` as a submission:
/// required answers, lengths, numbers and choices by the questionnaire's
/// own rules.
pub fn check_report(
    form: &Questionnaire,
    kind: UnitKind,
    fields: &[(String, String)],
) -> CheckedReport {
    let input = from_form(form, fields);
    let checked = check(form, kind, &input.answers, Mode::Submit);
    let unreadable: Vec<&str> = input.problems.iter().map(|p| p.key.as_str()).collect();
    let mut problems: Vec<Problem> = input.problems.clone();
    problems.extend(
        checked
            .problems
            .into_iter()
            .filter(|p| !unreadable.contains(&p.key.as_str())),
    );
    let reporter: String = fields
        .iter()
        .find(|(k, _)| k == REPORTER_FIELD)
        .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    if reporter.chars().count() > REPORTER_MAX {
        problems.push(Problem::new(
            REPORTER_FIELD,
            ProblemKind::TooLong {
                max: REPORTER_MAX as u32,
            },
        ));
    }
    let typed = fields
        .iter()
        .filter(|(k, _)| problems.iter().any(|p| &p.key == k))
        .cloned()
        .collect();
    CheckedReport {
        item: checked.answers,
        problems,
        typed,
        shown: input.answers,
        reporter,
    }
}

/// A reported project marked finished: status "avslutat" and, when given,
/// the end year (as typed, checked by the form's rules). The problems keyed
/// by the form's question keys when the year is not accepted.
pub fn finished(
    form: &Questionnaire,
    kind: UnitKind,
    item: &Answers,
    end_year: &str,
) -> Result<Answers, Vec<Problem>> {
    let input = from_form(form, &[(keys::END.to_string(), end_year.to_string())]);
    if !input.problems.is_empty() {
        return Err(input.problems);
    }
    let mut next = item.clone();
    next.insert(keys::STATUS.to_string(), Answer::Text(FINISHED.to_string()));
    if let Some(end) = input.answers.get(keys::END) {
        next.insert(keys::END.to_string(), end.clone());
    }
    let checked = check(form, kind, &next, Mode::Submit);
    let own: Vec<Problem> = checked
        .problems
        .into_iter()
        .filter(|p| p.key == keys::END || p.key == keys::STATUS)
        .collect();
    if own.is_empty() {
        Ok(checked.answers)
    } else {
        Err(own)
    }
}

/// The status option of a finished project.
pub const FINISHED: &str = "avslutat";

/// Whether the form offers the status "avslutat", so that a reported
/// project can be reported finished.
pub fn can_finish(form: &Questionnaire) -> bool {
    form.question(keys::STATUS)
        .is_some_and(|x| x.kind.options().iter().any(|o| o.key == FINISHED))
}

/// A `mailto:` address that opens an e-mail to the unit's contacts with
/// the report link in it, for the coordinator's own mail program.
pub fn mailto(emails: &[String], unit: &str, url: &str) -> String {
    use crate::layout::encode_component as encode;
    let to: Vec<String> = emails
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(encode)
        .collect();
    let subject = format!("Rapportera internationella projekt för {unit}");
    let body = format!(
        "Hej!\n\nMed den här länken kan ni när som helst rapportera ett nytt internationellt \
         projekt för {unit}, eller att ett projekt har avslutats:\n\n{url}\n\n\
         Länken fungerar utan konto, och för alla kollegor i verksamheten. Projekten kommer \
         med i kommunens projektregister och i nästa kartläggning.\n"
    );
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        encode(&subject),
        encode(&body)
    )
}

/// A reported item's name, or empty.
pub fn item_name(item: &Answers) -> String {
    match item.get(keys::NAME) {
        Some(Answer::Text(t)) => t.trim().to_string(),
        _ => String::new(),
    }
}

/// A reported item's year answer (`startar`, `slutar`).
pub fn item_year(item: &Answers, key: &str) -> Option<i32> {
    match item.get(key) {
        Some(Answer::Number(n)) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e6 => {
            Some(*n as i32)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_form_is_the_project_group() {
        let form = report_form(&default_questionnaire()).unwrap();
        assert_eq!(form.sections.len(), 1);
        let keys: Vec<&str> = form.sections[0]
            .questions
            .iter()
            .map(|x| x.key.as_str())
            .collect();
        assert_eq!(keys.first(), Some(&"namn"));
        assert!(keys.contains(&"status") && keys.contains(&"slutar"));
        assert!(can_finish(&form));
        // Without a group, the shipped questionnaire's.
        let (fallback, own) = form_for(Some(r#"{"title": {"sv": "Kort"}, "sections": []}"#));
        assert!(!own);
        assert_eq!(fallback, form);
        let (_, own) = form_for(Some("inte json"));
        assert!(!own);
        let definition = serde_json::to_string(&default_questionnaire()).unwrap();
        assert!(form_for(Some(&definition)).1);
    }

    #[test]
    fn a_report_is_checked_by_the_questionnaires_rules() {
        let form = report_form(&default_questionnaire()).unwrap();
        let ok = check_report(
            &form,
            UnitKind::Forvaltning,
            &fields(&[
                ("namn", "  Vatten för alla "),
                ("roll", "lead"),
                ("status", "pagaende"),
                ("startar", "2026"),
                ("budget", "450 000"),
                (REPORTER_FIELD, "  Anna   Svensson "),
            ]),
        );
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
        assert_eq!(item_name(&ok.item), "Vatten för alla");
        assert_eq!(item_year(&ok.item, "startar"), Some(2026));
        assert_eq!(ok.item.get("budget"), Some(&Answer::Number(450000.0)));
        assert_eq!(ok.reporter, "Anna Svensson");

        let bad = check_report(
            &form,
            UnitKind::Forvaltning,
            &fields(&[
                ("namn", ""),
                ("roll", "kung"),
                ("startar", "tjugohundra"),
                ("status", "pagaende"),
            ]),
        );
        let problem = |key: &str| bad.problems.iter().find(|p| p.key == key).cloned();
        assert_eq!(problem("namn").unwrap().kind, ProblemKind::Required);
        assert!(matches!(
            problem("roll").unwrap().kind,
            ProblemKind::UnknownOption(_)
        ));
        assert_eq!(problem("startar").unwrap().kind, ProblemKind::NotANumber);
        assert_eq!(
            bad.problems.iter().filter(|p| p.key == "startar").count(),
            1,
            "an unreadable value is one problem"
        );
        assert_eq!(
            bad.typed.get("startar").map(String::as_str),
            Some("tjugohundra")
        );
        assert!(problem("status").is_none());

        let long = "x".repeat(REPORTER_MAX + 1);
        let named = check_report(
            &form,
            UnitKind::Bolag,
            &fields(&[
                ("namn", "A"),
                ("roll", "partner"),
                ("status", "planerat"),
                (REPORTER_FIELD, &long),
            ]),
        );
        assert_eq!(
            named.problems,
            vec![Problem::new(
                REPORTER_FIELD,
                ProblemKind::TooLong {
                    max: REPORTER_MAX as u32
                }
            )]
        );
    }

    #[test]
    fn the_mail_carries_the_link_to_every_contact() {
        let link = "https://nulage.example.se/projekt/rapportera/abc_-1";
        let href = mailto(
            &[
                "anna@nybro.se".to_string(),
                " ".to_string(),
                "bo@nybro.se".to_string(),
            ],
            "Kultur & fritid",
            link,
        );
        assert!(href.starts_with("mailto:anna%40nybro.se,bo%40nybro.se?subject="));
        assert!(href.contains("Kultur%20%26%20fritid"));
        assert!(href.contains(&crate::layout::encode_component(link)));
        assert!(!href.contains(' ') && !href.contains('\n'));
    }

    #[test]
    fn a_project_is_reported_finished_with_its_end_year() {
        let form = report_form(&default_questionnaire()).unwrap();
        let item = check_report(
            &form,
            UnitKind::Forvaltning,
            &fields(&[
                ("namn", "Vatten"),
                ("roll", "lead"),
                ("status", "pagaende"),
                ("startar", "2024"),
            ]),
        )
        .item;
        let done = finished(&form, UnitKind::Forvaltning, &item, "2026").unwrap();
        assert_eq!(done.get("status"), Some(&Answer::Text("avslutat".into())));
        assert_eq!(item_year(&done, "slutar"), Some(2026));
        assert_eq!(item_name(&done), "Vatten");
        let without_year = finished(&form, UnitKind::Forvaltning, &item, " ").unwrap();
        assert_eq!(item_year(&without_year, "slutar"), None);
        let wrong = finished(&form, UnitKind::Forvaltning, &item, "snart").unwrap_err();
        assert_eq!(wrong[0].key, "slutar");
        let out_of_range = finished(&form, UnitKind::Forvaltning, &item, "1200").unwrap_err();
        assert_eq!(out_of_range[0].key, "slutar");
    }
}
