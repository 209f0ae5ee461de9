//! Questionnaires as JSON files: the export with its format marker, and the
//! import, whose every problem is explained in Swedish with its place in
//! the file. An imported questionnaire's structure is checked as the
//! builder's is (`check`).

use super::check::{check_structure, quoted, size_problems, StructureProblem, IMPORT_MAX_BYTES};
use super::model::{Questionnaire, FORMAT};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ExportFile<'a> {
    format: &'a str,
    questionnaire: &'a Questionnaire,
}

/// The exported form; the format marker is checked before this is read.
#[derive(Deserialize)]
struct ImportFile {
    questionnaire: Questionnaire,
}

/// The questionnaire as a pretty-printed JSON file with a format marker.
pub fn export_json(q: &Questionnaire) -> String {
    let file = ExportFile {
        format: FORMAT,
        questionnaire: q,
    };
    // Serialising plain data to a string cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads a questionnaire from a JSON file: the exported form
/// (`{"format": …, "questionnaire": …}`) or a bare questionnaire object.
/// The questionnaire must pass [`check_structure`].
pub fn import_json(text: &str) -> Result<Questionnaire, Vec<StructureProblem>> {
    let file = "Filen";
    if text.len() > IMPORT_MAX_BYTES {
        return Err(vec![StructureProblem::new(
            file,
            "Filen är för stor. Den får vara högst 2 MB.",
        )]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![StructureProblem::new(file, "Filen är tom.")]);
    }
    // First as any JSON: syntax errors, and which of the two forms it is.
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| vec![serde_problem(&e)])?;
    let Some(object) = value.as_object() else {
        return Err(vec![StructureProblem::new(
            file,
            "Filen innehåller ingen enkät. En enkätfil är ett JSON-objekt som börjar med {.",
        )]);
    };
    let wrapped = object.contains_key("format") || object.contains_key("questionnaire");
    let q = if wrapped {
        match object.get("format").and_then(|f| f.as_str()) {
            Some(f) if f == FORMAT => {}
            Some(f) => {
                return Err(vec![StructureProblem::new(
                    file,
                    format!(
                        "Filen har formatet {}. Nuläge kan bara läsa enkätfiler i formatet ”{FORMAT}”.",
                        quoted(f)
                    ),
                )])
            }
            None => {
                return Err(vec![StructureProblem::new(
                    file,
                    format!(
                        "Filen saknar formatmarkering. En enkätfil från Nuläge har ”\"format\": \"{FORMAT}\"” först i filen."
                    ),
                )])
            }
        }
        // Again from the text, so that errors have a line and column.
        serde_json::from_str::<ImportFile>(text)
            .map_err(|e| vec![serde_problem(&e)])?
            .questionnaire
    } else {
        serde_json::from_str::<Questionnaire>(text).map_err(|e| vec![serde_problem(&e)])?
    };
    // A file far over the limits is answered with that alone, before every
    // one of its parts and questions is checked.
    let too_big = size_problems(&q);
    if !too_big.is_empty() {
        return Err(too_big);
    }
    let problems = check_structure(&q);
    if problems.is_empty() {
        Ok(q)
    } else {
        Err(problems)
    }
}

/// A serde error as a problem with its place in the file, explained in Swedish.
fn serde_problem(e: &serde_json::Error) -> StructureProblem {
    use serde_json::error::Category;
    let place = if e.line() > 0 {
        format!("Rad {}, kolumn {}", e.line(), e.column())
    } else {
        "Filen".to_string()
    };
    let full = e.to_string();
    let location = format!(" at line {} column {}", e.line(), e.column());
    let detail = full.strip_suffix(&location).unwrap_or(&full);
    let message = match e.classify() {
        Category::Eof => format!(
            "Filen tar slut för tidigt. Den kan ha blivit avkortad när den sparades eller kopierades ({detail})."
        ),
        Category::Syntax | Category::Io => format!("Filen är inte giltig JSON: {detail}."),
        Category::Data => {
            if let Some(rest) = detail.strip_prefix("unknown variant ") {
                if rest.contains("`single_choice`") {
                    format!(
                        "Fältet ”type” har ett okänt värde: {rest}. Frågetyperna är single_choice, multiple_choice, yes_no, scale, number, short_text, long_text, email, date och group."
                    )
                } else if rest.contains("`forvaltning`") {
                    format!(
                        "Listan ”kinds” har ett okänt värde: {rest}. Typerna av enheter är forvaltning, bolag och annat."
                    )
                } else {
                    format!("Ett fält har ett okänt värde: {rest}.")
                }
            } else if let Some(field) = detail
                .strip_prefix("missing field `")
                .and_then(|r| r.strip_suffix('`'))
            {
                format!("Fältet ”{field}” saknas.")
            } else if detail.starts_with("invalid type") {
                format!("Ett fält har fel typ av värde: {detail}.")
            } else {
                format!("Filen har inte rätt innehåll för en enkät: {detail}.")
            }
        }
    };
    StructureProblem::new(place, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::check::tests::{small, with_group};
    use crate::questionnaire::default::default_questionnaire;
    use crate::questionnaire::model::*;
    use crate::questionnaire::rules::tests::{arb_questionnaire, section};
    use proptest::prelude::*;

    #[test]
    fn groups_travel_as_json() {
        let q = with_group();
        let json = export_json(&q);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let group = &value["questionnaire"]["sections"][1]["questions"][6];
        assert_eq!(group["type"], "group");
        assert_eq!(group["max_items"], 20);
        assert_eq!(group["item_label"]["sv"], "Projekt");
        assert_eq!(group["questions"][1]["type"], "single_choice");
        assert_eq!(import_json(&json), Ok(q));
        // Left out: at most 20 items, no add label.
        let bare = r#"{"title": {"sv": "G"}, "sections": [{"key": "s", "title": {"sv": "Del"},
            "questions": [{"key": "g", "text": {"sv": "Projekt"}, "type": "group",
              "item_label": {"sv": "Projekt"},
              "questions": [{"key": "namn", "text": {"sv": "Namn"}, "type": "short_text"}]}]}]}"#;
        let q = import_json(bare).unwrap();
        let QuestionKind::Group {
            max_items,
            add_label,
            ..
        } = &q.sections[0].questions[0].kind
        else {
            panic!()
        };
        assert_eq!((*max_items, add_label.is_blank()), (20, true));
        // A group in a group, in a file.
        let nested = bare.replace(
            r#"{"key": "namn", "text": {"sv": "Namn"}, "type": "short_text"}"#,
            r#"{"key": "inre", "text": {"sv": "Inre"}, "type": "group", "item_label": {"sv": "X"},
                "questions": [{"key": "namn", "text": {"sv": "Namn"}, "type": "short_text"}]}"#,
        );
        let e = err(&nested);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("kan inte innehålla en annan grupp"));
    }

    // ---- JSON ------------------------------------------------------------

    #[test]
    fn export_has_the_format_marker_first() {
        let json = export_json(&small());
        assert!(json.starts_with("{\n  \"format\": \"nulage-enkat/1\",\n  \"questionnaire\": {"));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["questionnaire"]["sections"][0]["questions"][0]["type"],
            "single_choice"
        );
    }

    #[test]
    fn round_trip() {
        for q in [small(), with_group(), default_questionnaire()] {
            assert_eq!(import_json(&export_json(&q)), Ok(q));
        }
    }

    #[test]
    fn bare_questionnaire_and_byte_order_mark_are_accepted() {
        let q = small();
        let bare = serde_json::to_string(&q).unwrap();
        assert_eq!(import_json(&bare), Ok(q.clone()));
        assert_eq!(import_json(&format!("\u{feff}{}", export_json(&q))), Ok(q));
    }

    #[test]
    fn defaults_fill_in_what_is_left_out() {
        let json = r#"{"title": {"sv": "Kort"}, "sections": [{"key": "s", "title": {"sv": "Del"},
            "questions": [{"key": "t", "text": {"sv": "Fråga"}, "type": "short_text"},
                          {"key": "u", "text": {"sv": "Fråga"}, "type": "single_choice",
                           "options": [{"key": "a", "label": {"sv": "A"}}]}]}]}"#;
        let q = import_json(json).unwrap();
        assert_eq!(
            q.sections[0].questions[0].kind,
            QuestionKind::ShortText { max_length: 200 }
        );
        assert!(!q.sections[0].questions[1].required);
        assert!(!q.sections[0].questions[1].kind.has_other());
    }

    fn err(text: &str) -> Vec<StructureProblem> {
        import_json(text).expect_err("should be rejected")
    }

    #[test]
    fn broken_files() {
        // Not JSON.
        let e = err("Det här är ingen enkät");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].place, "Rad 1, kolumn 1");
        assert!(
            e[0].message.starts_with("Filen är inte giltig JSON: "),
            "{e:?}"
        );
        let e = err("{\n  \"format\": \"nulage-enkat/1\",\n  \"questionnaire\": {,}\n}");
        assert_eq!(e[0].place, "Rad 3, kolumn 21");
        assert!(e[0].message.starts_with("Filen är inte giltig JSON"));
        assert!(!e[0].message.contains(" at line "));

        // Empty, not an object.
        assert_eq!(err("  ")[0].message, "Filen är tom.");
        assert!(err("[1, 2]")[0].message.contains("JSON-objekt"));

        // Truncated.
        let json = export_json(&small());
        let e = err(&json[..json.len() / 2]);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.starts_with("Filen tar slut för tidigt"),
            "{e:?}"
        );
        assert!(e[0].place.starts_with("Rad "));

        // Wrong or missing format marker.
        let e = err(&json.replace("nulage-enkat/1", "nulage-enkat/2"));
        assert_eq!(e[0].place, "Filen");
        assert!(e[0].message.contains("”nulage-enkat/2”"));
        assert!(e[0].message.contains("”nulage-enkat/1”"));
        let e = err(&json.replace("\"format\": \"nulage-enkat/1\",", ""));
        assert!(e[0].message.contains("saknar formatmarkering"), "{e:?}");
        assert!(e[0].message.contains("nulage-enkat/1"));

        // An unknown question type.
        let e = err(&json.replace("\"yes_no\"", "\"ja_eller_nej\""));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message
                .starts_with("Fältet ”type” har ett okänt värde"),
            "{e:?}"
        );
        assert!(e[0].message.contains("ja_eller_nej"));
        assert!(e[0].place.starts_with("Rad "));

        // An unknown unit kind.
        let e = err(&json.replace("\"bolag\"", "\"kommun\""));
        assert!(
            e[0].message
                .starts_with("Listan ”kinds” har ett okänt värde"),
            "{e:?}"
        );

        // A missing field and a wrong type.
        let e = err(r#"{"sections": []}"#);
        assert_eq!(e[0].message, "Fältet ”title” saknas.");
        let e = err(r#"{"title": {"sv": "x"}, "sections": {}}"#);
        assert!(
            e[0].message.starts_with("Ett fält har fel typ av värde"),
            "{e:?}"
        );

        // Too large.
        let big = format!(
            "{{\"title\": {{\"sv\": \"{}\"}}}}",
            "x".repeat(IMPORT_MAX_BYTES)
        );
        let e = err(&big);
        assert_eq!(e[0].message, "Filen är för stor. Den får vara högst 2 MB.");
    }

    #[test]
    fn a_file_far_over_the_limits_is_answered_with_that_alone() {
        // Thousands of parts, each with problems of its own (no questions,
        // the same key): only the count is reported, and nothing else is
        // checked or kept.
        let q = Questionnaire {
            title: Text::new("Stor", ""),
            sections: (0..10_000).map(|_| section("samma", vec![])).collect(),
            ..Default::default()
        };
        let json = serde_json::to_string(&q).unwrap();
        assert!(json.len() < IMPORT_MAX_BYTES, "{}", json.len());
        let e = err(&json);
        assert_eq!(e.len(), 1, "{:?}", &e[..e.len().min(3)]);
        assert_eq!(
            e[0].message,
            "Enkäten har 10000 avsnitt. Den får ha högst 50."
        );
    }

    #[test]
    fn imported_structure_is_checked() {
        // A condition on a later question.
        let mut q = small();
        q.sections[0].questions.swap(0, 2);
        let e = err(&export_json(&q));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].place, "Del 1, fråga ”hur”");
        assert!(e[0].message.contains("senare"));

        // Duplicate keys.
        let mut q = small();
        q.sections[1].questions[1].key = "antal".into();
        q.sections[1].key = "forsta".into();
        let e = err(&export_json(&q));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].place, "Del 2");
        assert_eq!(e[1].place, "Del 2, fråga ”antal”");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err(&deep).len(), 1);
        let deep = format!(
            "{{\"title\": {}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert_eq!(err(&deep).len(), 1);
    }

    fn nice_numbers(mut q: Questionnaire) -> Questionnaire {
        // serde_json reads back most, not all, floats bit for bit; the
        // builder only ever stores numbers people type.
        for s in &mut q.sections {
            for question in &mut s.questions {
                if let QuestionKind::Number { min, max, .. } = &mut question.kind {
                    *min = min.map(|n| if n.is_finite() { n.round() } else { n });
                    *max = max.map(|n| if n.is_finite() { n.round() } else { n });
                }
            }
        }
        q
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn import_never_panics(s in ".{0,200}") {
            let _ = import_json(&s);
        }

        #[test]
        fn import_never_panics_on_json_like_text(s in r#"[\[\]{}":,0-9a-z_ \n-]{0,200}"#) {
            let _ = import_json(&s);
        }

        #[test]
        fn import_never_panics_on_damaged_exports(cut in 0usize..4000, junk in ".{0,5}") {
            let json = export_json(&small());
            let mut cut = cut.min(json.len());
            while !json.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut end = (cut + 3).min(json.len());
            while !json.is_char_boundary(end) {
                end += 1;
            }
            let damaged = format!("{}{junk}{}", &json[..cut], &json[end..]);
            let _ = import_json(&damaged);
        }

        #[test]
        fn generated_questionnaires_round_trip_when_valid(q in arb_questionnaire()) {
            let q = nice_numbers(q);
            let problems = check_structure(&q);
            for p in &problems {
                prop_assert!(!p.place.is_empty() && !p.message.is_empty());
            }
            let back = import_json(&export_json(&q));
            if problems.is_empty() {
                prop_assert_eq!(back, Ok(q));
            } else {
                // Numbers that are not numbers are written as null, so an
                // invalid questionnaire may come back as a different one.
                prop_assert!(back != Ok(q));
            }
        }
    }
}
