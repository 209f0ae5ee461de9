//! The questionnaire as a respondent sees it: one part's questions as form
//! fields, GOV.UK-style. Used by the respondent's pages and the builder's preview.
//!
//! Field names follow `rules::from_form`: the question key, repeated for
//! multiple choice, and `KEY.annat` for the "Annat" text.

use super::model::{other_key, Answer, Answers, Question, QuestionKind, Questionnaire, OTHER};
use super::rules::{visibility, Problem};
use crate::i18n::Lang;
use crate::vocabulary::UnitKind;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The id of a question's first input, which the error summary links to.
pub fn field_id(key: &str) -> String {
    format!("f-{}", key.replace('.', "-"))
}

/// What the respondent typed, by field name, when it could not be stored
/// (shown back so nothing typed is lost).
pub type Typed = BTreeMap<String, String>;

/// Turns the visible state of a part into a signal: `true` when the question
/// should be hidden now. Questions whose condition builds on a question in the
/// same part change live with JavaScript; without it they stay visible with a
/// note saying when to answer them.
#[derive(Clone, Copy)]
pub struct LiveState {
    pub answers: RwSignal<Answers>,
    pub hydrated: RwSignal<bool>,
}

impl LiveState {
    pub fn new(answers: Answers) -> LiveState {
        let hydrated = RwSignal::new(false);
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| hydrated.set(true));
        LiveState {
            answers: RwSignal::new(answers),
            hydrated,
        }
    }

    /// Reads the whole form after any change and updates the live answers of
    /// the questions in `part` (the questions on the form).
    pub fn on_form_change(
        self,
        questionnaire: Questionnaire,
        part: Vec<String>,
    ) -> impl Fn(leptos::ev::Event) + Clone {
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            {
                use leptos::wasm_bindgen::JsCast;
                let Some(form) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                    .and_then(|el| el.closest("form").ok().flatten())
                    .and_then(|f| f.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
                else {
                    return;
                };
                let input = super::rules::from_form(&questionnaire, &form_fields(&form));
                self.answers.update(|answers| {
                    for key in &part {
                        answers.remove(key);
                        answers.remove(&other_key(key));
                    }
                    for (key, value) in input.answers {
                        let base = key.split('.').next().unwrap_or_default();
                        if part.iter().any(|k| k == base) {
                            answers.insert(key, value);
                        }
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &questionnaire, &part, self);
        }
    }
}

#[cfg(feature = "hydrate")]
pub fn form_fields(form: &leptos::web_sys::HtmlFormElement) -> Vec<(String, String)> {
    use leptos::wasm_bindgen::JsCast;
    let mut fields = Vec::new();
    let elements = form.elements();
    for i in 0..elements.length() {
        let Some(el) = elements.item(i) else { continue };
        if let Some(input) = el.dyn_ref::<leptos::web_sys::HtmlInputElement>() {
            let kind = input.type_();
            if (kind == "radio" || kind == "checkbox") && !input.checked() {
                continue;
            }
            if kind == "submit" || input.name().is_empty() {
                continue;
            }
            fields.push((input.name(), input.value()));
        } else if let Some(area) = el.dyn_ref::<leptos::web_sys::HtmlTextAreaElement>() {
            fields.push((area.name(), area.value()));
        } else if let Some(select) = el.dyn_ref::<leptos::web_sys::HtmlSelectElement>() {
            fields.push((select.name(), select.value()));
        }
    }
    fields
}

/// A part of the questionnaire: its visible questions as fields.
#[component]
pub fn SectionFields(
    questionnaire: Questionnaire,
    section: usize,
    kind: UnitKind,
    live: LiveState,
    /// Problems to show next to the fields.
    #[prop(optional)]
    problems: Vec<Problem>,
    /// What was typed and could not be read, by field name.
    #[prop(optional)]
    typed: Typed,
    lang: Lang,
) -> impl IntoView {
    let Some(s) = questionnaire.sections.get(section).cloned() else {
        return ().into_any();
    };
    let initial = live.answers.get_untracked();
    let shown = visibility(&questionnaire, kind, &initial);
    let here: Vec<String> = s.questions.iter().map(|q| q.key.clone()).collect();
    let questionnaire = StoredValue::new(questionnaire);
    let problems = StoredValue::new(problems);
    s.questions
        .iter()
        .filter(|q| super::model::applies_to(&q.kinds, kind))
        .filter_map(|q| {
            let dynamic = q
                .condition
                .as_ref()
                .is_some_and(|c| here.contains(&c.question));
            if !dynamic && !shown.question(&q.key) {
                return None;
            }
            let key = q.key.clone();
            let hidden = Signal::derive(move || {
                dynamic
                    && live.hydrated.get()
                    && !live.answers.with(|a| {
                        questionnaire.with_value(|qn| visibility(qn, kind, a).question(&key))
                    })
            });
            let note = dynamic
                .then(|| {
                    q.condition.as_ref().map(|c| {
                        questionnaire.with_value(|qn| condition_note(qn, c, lang))
                    })
                })
                .flatten();
            let error = problems.with_value(|ps| {
                ps.iter()
                    .find(|p| p.key == q.key)
                    .map(|p| p.message(lang))
            });
            let other_error = problems.with_value(|ps| {
                ps.iter()
                    .find(|p| p.key == other_key(&q.key))
                    .map(|p| p.message(lang))
            });
            Some(view! {
                <QuestionField
                    question=q.clone()
                    value=initial.get(&q.key).cloned()
                    other_text=match initial.get(&other_key(&q.key)) { Some(Answer::Text(t)) => Some(t.clone()), _ => None }
                    typed=typed.get(&q.key).cloned()
                    error=error
                    other_error=other_error
                    hidden=hidden
                    note=note
                    lang=lang
                />
            })
        })
        .collect_view()
        .into_any()
}

/// "Answer if you answered X to the question Y" for readers without JavaScript.
pub fn condition_note(
    q: &Questionnaire,
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    let (values, source) = condition_parts(q, condition, lang);
    match lang {
        Lang::Sv => format!("Svara bara om du svarade {values} på frågan ”{source}”."),
        Lang::En => format!("Answer only if you answered {values} to the question “{source}”."),
    }
}

/// The builder's wording of a condition: "Shown when the answer is … to …".
pub fn condition_summary(
    q: &Questionnaire,
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    let (values, source) = condition_parts(q, condition, lang);
    match lang {
        Lang::Sv => format!("Visas när svaret är {values} på ”{source}”"),
        Lang::En => format!("Shown when the answer is {values} to “{source}”"),
    }
}

/// A condition's chosen values ("”Ja” eller ”Delvis”") and its source question's text.
fn condition_parts(
    q: &Questionnaire,
    condition: &super::model::Condition,
    lang: Lang,
) -> (String, String) {
    let Some(source) = q.question(&condition.question) else {
        return (String::new(), condition.question.clone());
    };
    let values: Vec<String> = source
        .kind
        .condition_values()
        .into_iter()
        .filter(|(k, _)| condition.any_of.contains(k))
        .map(|(_, label)| format!("”{}”", label.get(lang)))
        .collect();
    (
        values.join(lang.t(" eller ", " or ")),
        source.text.get(lang).to_string(),
    )
}

/// One question as form fields.
#[component]
pub fn QuestionField(
    question: Question,
    #[prop(default = None)] value: Option<Answer>,
    #[prop(default = None)] other_text: Option<String>,
    /// What was typed and could not be read (e.g. a number with letters).
    #[prop(default = None)]
    typed: Option<String>,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = None)] other_error: Option<String>,
    #[prop(optional, into)] hidden: Option<Signal<bool>>,
    #[prop(default = None)] note: Option<String>,
    /// Read-only: shows the answer without inputs being changeable.
    #[prop(optional)]
    disabled: bool,
    lang: Lang,
) -> impl IntoView {
    let key = question.key.clone();
    let id = field_id(&key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-fel");
    let has_help = !question.help.is_empty()
        || note.is_some()
        || matches!(
            question.kind,
            QuestionKind::LongText { .. } | QuestionKind::Date | QuestionKind::Number { .. }
        );
    let described = [
        has_help.then(|| hint_id.clone()),
        error.is_some().then(|| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let optional = (!question.required).then(|| lang.t(" (frivillig)", " (optional)"));
    let label_text = format!(
        "{}{}",
        question.text.get(lang),
        optional.unwrap_or_default()
    );
    let hidden = hidden.unwrap_or_else(|| Signal::stored(false));
    let class = if error.is_some() || other_error.is_some() {
        "field question field--error"
    } else {
        "field question"
    };

    let help = {
        let extra = match &question.kind {
            QuestionKind::LongText { max_length } => Some(match lang {
                Lang::Sv => format!("Högst {max_length} tecken."),
                Lang::En => format!("At most {max_length} characters."),
            }),
            QuestionKind::Date => Some(
                lang.t("Till exempel 2027-03-31.", "For example 2027-03-31.")
                    .to_string(),
            ),
            QuestionKind::Number { min, max, integer } => number_hint(*min, *max, *integer, lang),
            _ => None,
        };
        let help_text = question.help.get(lang).to_string();
        let note = note.clone();
        has_help.then(|| {
            view! {
                <div class="hint" id=hint_id.clone()>
                    {(!help_text.is_empty()).then(|| view! { <p>{help_text}</p> })}
                    {extra.map(|e| view! { <p>{e}</p> })}
                    {note.map(|n| view! { <p class="condition-note">{n}</p> })}
                </div>
            }
        })
    };
    let error_view = error.clone().map(|e| {
        view! {
            <p class="field-error" id=error_id.clone()>
                <span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}
            </p>
        }
    });

    let as_text = |v: &Option<Answer>| match v {
        Some(Answer::Text(t)) => t.clone(),
        Some(Answer::Number(n)) => super::model::format_number(*n),
        _ => String::new(),
    };

    let body = match &question.kind {
        QuestionKind::SingleChoice { options, other }
        | QuestionKind::MultipleChoice { options, other } => {
            let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
            let input_type = if multiple { "checkbox" } else { "radio" };
            let selected: Vec<String> = match &value {
                Some(Answer::Text(t)) => vec![t.clone()],
                Some(Answer::List(l)) => l.clone(),
                _ => Vec::new(),
            };
            let mut rows: Vec<(String, String)> = options
                .iter()
                .map(|o| (o.key.clone(), o.label.get(lang).to_string()))
                .collect();
            if *other {
                rows.push((OTHER.to_string(), lang.t("Annat", "Other").to_string()));
            }
            let other_chosen = selected.iter().any(|s| s == OTHER);
            let other_id = field_id(&other_key(&key));
            let other_error_id = format!("{other_id}-fel");
            let items = rows.into_iter().enumerate().map(|(i, (opt, label))| {
                let input_id = if i == 0 { id.clone() } else { format!("{id}-{opt}") };
                let checked = selected.contains(&opt);
                let is_other = opt == OTHER;
                view! {
                    <div class=if multiple { "checkbox" } else { "radio" }>
                        <input type=input_type id=input_id.clone() name=key.clone() value=opt checked=checked disabled=disabled/>
                        <label for=input_id>{label}</label>
                    </div>
                    {is_other.then(|| view! {
                        <div class="other-text">
                            <label for=other_id.clone()>{lang.t("Vad?", "What?")}</label>
                            {other_error.clone().map(|e| view! {
                                <p class="field-error" id=other_error_id.clone()><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}</p>
                            })}
                            <input type="text" id=other_id.clone() name=other_key(&key) value=other_text.clone().unwrap_or_default()
                                aria-describedby=other_error.is_some().then(|| other_error_id.clone()) disabled=disabled
                                data-other-chosen=other_chosen.to_string()/>
                        </div>
                    })}
                }
            }).collect_view();
            view! {
                <fieldset aria-describedby=described.clone()>
                    <legend>{label_text.clone()}</legend>
                    {help}
                    {error_view}
                    <div class=if multiple { "checkboxes checkboxes--list" } else { "radios" }>{items}</div>
                </fieldset>
            }.into_any()
        }
        QuestionKind::YesNo => {
            let current = match &value {
                Some(Answer::Bool(b)) => Some(*b),
                _ => None,
            };
            let yes_id = id.clone();
            let no_id = format!("{id}-nej");
            view! {
                <fieldset aria-describedby=described.clone()>
                    <legend>{label_text.clone()}</legend>
                    {help}
                    {error_view}
                    <div class="radios radios--inline">
                        <div class="radio">
                            <input type="radio" id=yes_id.clone() name=key.clone() value="ja" checked=current == Some(true) disabled=disabled/>
                            <label for=yes_id>{lang.t("Ja", "Yes")}</label>
                        </div>
                        <div class="radio">
                            <input type="radio" id=no_id.clone() name=key.clone() value="nej" checked=current == Some(false) disabled=disabled/>
                            <label for=no_id>{lang.t("Nej", "No")}</label>
                        </div>
                    </div>
                </fieldset>
            }.into_any()
        }
        QuestionKind::Scale {
            min_label,
            max_label,
        } => {
            let current = match &value {
                Some(Answer::Number(n)) => Some(*n as i64),
                _ => None,
            };
            let (low, high) = (
                min_label.get(lang).to_string(),
                max_label.get(lang).to_string(),
            );
            let items = (1..=5).map(|n| {
                let input_id = if n == 1 { id.clone() } else { format!("{id}-{n}") };
                let label = match n {
                    1 if !low.is_empty() => format!("1 – {low}"),
                    5 if !high.is_empty() => format!("5 – {high}"),
                    n => n.to_string(),
                };
                view! {
                    <div class="radio">
                        <input type="radio" id=input_id.clone() name=key.clone() value=n.to_string() checked=current == Some(n) disabled=disabled/>
                        <label for=input_id>{label}</label>
                    </div>
                }
            }).collect_view();
            view! {
                <fieldset aria-describedby=described.clone()>
                    <legend>{label_text.clone()}</legend>
                    {help}
                    {error_view}
                    <div class="radios radios--scale">{items}</div>
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::LongText { .. } => {
            let text = typed.clone().unwrap_or_else(|| as_text(&value));
            view! {
                <label for=id.clone()>{label_text.clone()}</label>
                {help}
                {error_view}
                <textarea id=id.clone() name=key.clone() rows="5" aria-describedby=described.clone() disabled=disabled>{text}</textarea>
            }.into_any()
        }
        kind => {
            let (input_type, mode, class, autocomplete) = match kind {
                QuestionKind::Number { integer, .. } => (
                    "text",
                    Some(if *integer { "numeric" } else { "decimal" }),
                    "input--short",
                    None,
                ),
                QuestionKind::Email => ("email", None, "", Some("email")),
                QuestionKind::Date => ("date", None, "input--short", None),
                _ => ("text", None, "", None),
            };
            let text = typed.clone().unwrap_or_else(|| as_text(&value));
            view! {
                <label for=id.clone()>{label_text.clone()}</label>
                {help}
                {error_view}
                <input type=input_type id=id.clone() name=key.clone() value=text class=class inputmode=mode
                    autocomplete=autocomplete spellcheck=(input_type == "email").then_some("false")
                    aria-describedby=described.clone() disabled=disabled/>
            }.into_any()
        }
    };

    view! {
        <div class=class id=format!("fraga-{key}") hidden=move || hidden.get()>
            {body}
        </div>
    }
}

fn number_hint(min: Option<f64>, max: Option<f64>, integer: bool, lang: Lang) -> Option<String> {
    use super::model::format_number;
    let kind = if integer {
        lang.t("Ett heltal", "A whole number")
    } else {
        lang.t("Ett tal", "A number")
    };
    Some(match (min, max, lang) {
        (Some(a), Some(b), Lang::Sv) => format!(
            "{kind} mellan {} och {}.",
            format_number(a),
            format_number(b)
        ),
        (Some(a), Some(b), Lang::En) => format!(
            "{kind} between {} and {}.",
            format_number(a),
            format_number(b)
        ),
        (Some(a), None, Lang::Sv) => format!("{kind}, minst {}.", format_number(a)),
        (Some(a), None, Lang::En) => format!("{kind}, at least {}.", format_number(a)),
        (None, Some(b), Lang::Sv) => format!("{kind}, högst {}.", format_number(b)),
        (None, Some(b), Lang::En) => format!("{kind}, at most {}.", format_number(b)),
        (None, None, _) if integer => kind.to_string() + ".",
        (None, None, _) => return None,
    })
}

/// The answer in words, for review pages, receipts and the builder.
pub fn answer_text(question: &Question, answers: &Answers, lang: Lang) -> String {
    let other = match answers.get(&other_key(&question.key)) {
        Some(Answer::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let label = |key: &str| -> String {
        if key == OTHER {
            match other {
                Some(t) => format!("{}: {t}", lang.t("Annat", "Other")),
                None => lang.t("Annat", "Other").to_string(),
            }
        } else {
            question
                .kind
                .options()
                .iter()
                .find(|o| o.key == key)
                .map(|o| o.label.get(lang).to_string())
                .unwrap_or_else(|| key.to_string())
        }
    };
    match answers.get(&question.key) {
        None => String::new(),
        Some(Answer::Bool(b)) => lang
            .t(if *b { "Ja" } else { "Nej" }, if *b { "Yes" } else { "No" })
            .to_string(),
        Some(Answer::Number(n)) => super::model::format_number(*n),
        Some(Answer::Text(t)) => match question.kind {
            QuestionKind::SingleChoice { .. } => label(t),
            _ => t.clone(),
        },
        Some(Answer::List(items)) => items
            .iter()
            .map(|k| label(k))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
