//! The fields of every coordinator form, GOV.UK style: a label, an optional
//! hint, the error next to the field it concerns, and the value — the one
//! typed when the form was refused, else the stored one. `aria-describedby`
//! names the hint and the error, `aria-invalid` marks the field.
//!
//! Each field knows its form by the path of the server function it posts
//! to, and reads the refused post from the page's [`FormEcho`].

use super::form::{echo_for, typed, typed_all, typed_list, FormEcho};
use super::text_area::TextArea;
use super::{ErrorSummary, FieldProblem};
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The message for the field `id` of the form of `action`, if it was refused
/// for that field, or (`first`) for no field in particular.
pub fn field_error(action: &str, id: &str, first: bool) -> Option<String> {
    let error = echo_for(action)?.outcome.err()?;
    match error.for_field(id) {
        Some(message) => Some(message),
        None if first && !matches!(error, crate::error::AppError::InvalidFields(_)) => {
            Some(error.to_string())
        }
        None => None,
    }
}

/// Whether the page is shown again for a refused form post (its title then
/// starts with "Fel: ").
pub fn page_has_form_error() -> bool {
    use_context::<FormEcho>().is_some_and(|echo| echo.outcome.is_err())
}

/// What every field works out before it renders: its error, the ids of its
/// hint and error, and the `aria-describedby` naming them.
struct Described {
    error: Option<String>,
    hint_id: Option<String>,
    error_id: Option<String>,
    describedby: Option<String>,
}

impl Described {
    fn new(
        action: &str,
        id: &str,
        first: bool,
        hint: Option<&String>,
        extra: Option<&str>,
    ) -> Self {
        let error = field_error(action, id, first);
        let hint_id = hint.map(|_| format!("{id}-hint"));
        let error_id = error.as_ref().map(|_| format!("{id}-fel"));
        let describedby = described_by(hint_id.as_deref(), error_id.as_deref(), extra);
        Described {
            error,
            hint_id,
            error_id,
            describedby,
        }
    }
}

fn described_by(hint: Option<&str>, error: Option<&str>, extra: Option<&str>) -> Option<String> {
    let ids: Vec<&str> = [hint, error, extra].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The error summary of the form of `action`: every refused field, each
/// linking to it; a refusal that names no field links to `first`.
#[component]
pub fn FormErrors(action: &'static str, #[prop(into)] first: String) -> impl IntoView {
    let error = echo_for(action).and_then(|echo| echo.outcome.err());
    error.map(|e| {
        let problems = e
            .field_problems(&first)
            .into_iter()
            .map(|(field_id, message)| FieldProblem { field_id, message })
            .collect();
        view! { <ErrorSummary problems/> }
    })
}

#[component]
fn Hint(id: Option<String>, text: Option<String>) -> impl IntoView {
    text.map(|t| view! { <p class="hint" id=id>{t}</p> })
}

#[component]
fn Error(id: Option<String>, message: Option<String>) -> impl IntoView {
    let lang = use_lang();
    message.map(|m| {
        view! {
            <p class="field-error" id=id>
                <span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{m}
            </p>
        }
    })
}

/// A one-line text field (`type` text, email, password, number, date …).
#[component]
pub fn TextField(
    /// The path of the server function the form posts to.
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    /// The stored value.
    #[prop(optional, into)]
    value: String,
    #[prop(default = "text")] kind: &'static str,
    /// Shows an error of the form that names no field.
    #[prop(optional)]
    first: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// The input's class: `input--short` for codes and numbers.
    #[prop(optional)]
    class: Option<&'static str>,
    /// `en` for a field in English.
    #[prop(optional)]
    lang: Option<&'static str>,
    /// Another element that describes the field (a list of placeholders).
    #[prop(optional)]
    described_by_also: Option<&'static str>,
    /// The smallest and largest value of a number field.
    #[prop(optional, into)]
    min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, first, hint.as_ref(), described_by_also);
    // A password is never sent back into the page.
    let value = if kind == "password" {
        String::new()
    } else {
        typed(action, &name).unwrap_or(value)
    };
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label for=id.clone()>{label}</label>
            <Hint id=hint_id text=hint/>
            <Error id=error_id message=error.clone()/>
            <input id=id name=name type=kind value=value class=class lang=lang min=min max=max
                required=required autocomplete=autocomplete inputmode=inputmode
                aria-describedby=describedby aria-invalid=error.is_some().then_some("true")/>
        </div>
    }
}

/// A multi-line text field.
#[component]
pub fn TextAreaField(
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] first: bool,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] described_by_also: Option<&'static str>,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, first, hint.as_ref(), described_by_also);
    let value = typed(action, &name).unwrap_or(value);
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label for=id.clone()>{label}</label>
            <Hint id=hint_id text=hint/>
            <Error id=error_id message=error.clone()/>
            <TextArea value {..} id=id name=name rows=rows.to_string() lang=lang
                aria-describedby=describedby aria-invalid=error.is_some().then_some("true")/>
        </div>
    }
}

/// A drop-down list: `options` are (value, label).
#[component]
pub fn SelectField(
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    /// The stored choice.
    #[prop(optional, into)]
    value: String,
    #[prop(optional)] first: bool,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, first, hint.as_ref(), None);
    let chosen = typed(action, &name).unwrap_or(value);
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label for=id.clone()>{label}</label>
            <Hint id=hint_id text=hint/>
            <Error id=error_id message=error.clone()/>
            <select id=id name=name aria-describedby=describedby aria-invalid=error.is_some().then_some("true")>
                {options.into_iter().map(|(value, label)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One checkbox with its label (`value` "on" is posted when it is ticked).
#[component]
pub fn CheckboxField(
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    /// Ticked as stored.
    #[prop(optional)]
    checked: bool,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, false, hint.as_ref(), None);
    let checked = typed_all(action, &name).map_or(checked, |values| !values.is_empty());
    view! {
        <div class=if error.is_some() { "checkbox field field--error" } else { "checkbox field" }>
            <Error id=error_id message=error.clone()/>
            <input type="checkbox" id=id.clone() name=name value="on" checked=checked
                aria-describedby=describedby aria-invalid=error.is_some().then_some("true")/>
            <label for=id>{label}</label>
            <Hint id=hint_id text=hint/>
        </div>
    }
}

/// The id of one choice of a group of radios or checkboxes: the first is
/// the group's `id` (where the error and the summary lead), the others are
/// named after their value.
fn choice_id(id: &str, index: usize, value: &str) -> String {
    if index == 0 {
        id.to_string()
    } else {
        let value: String = value
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{id}-{value}")
    }
}

/// One choice of several (radios): `options` are (value, label); the
/// error goes with the legend, and the first radio has the group's `id`.
#[component]
pub fn RadioField(
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    /// The stored choice.
    #[prop(optional, into)]
    value: String,
    #[prop(optional)] first: bool,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, first, hint.as_ref(), None);
    let chosen = typed(action, &name).unwrap_or(value);
    let invalid = error.is_some().then_some("true");
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <fieldset aria-describedby=describedby>
                <legend>{legend}</legend>
                <Hint id=hint_id text=hint/>
                <Error id=error_id message=error.clone()/>
                <div class="radios">
                    {options.into_iter().enumerate().map(|(i, (value, label))| {
                        let input_id = choice_id(&id, i, &value);
                        let checked = value == chosen;
                        view! {
                            <div class="radio">
                                <input type="radio" id=input_id.clone() name=name.clone() value=value checked=checked aria-invalid=invalid/>
                                <label for=input_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Several checkboxes under one legend, posted with indexed names
/// `name[0]`, `name[1]` … (so the list survives a plain form post):
/// `options` are (value, label), `chosen` the stored values. A refused post
/// keeps its ticks.
#[component]
pub fn Checkboxes(
    action: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    #[prop(optional)] chosen: Vec<String>,
    #[prop(optional)] first: bool,
    /// Only for screen readers (the heading above says it already).
    #[prop(optional)]
    legend_hidden: bool,
) -> impl IntoView {
    let Described {
        error,
        hint_id,
        error_id,
        describedby,
    } = Described::new(action, &id, first, hint.as_ref(), None);
    let chosen = typed_list(action, &name).unwrap_or(chosen);
    let invalid = error.is_some().then_some("true");
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <fieldset aria-describedby=describedby>
                <legend class=legend_hidden.then_some("visually-hidden")>{legend}</legend>
                <Hint id=hint_id text=hint/>
                <Error id=error_id message=error.clone()/>
                <div class="checkboxes">
                    {options.into_iter().enumerate().map(|(i, (value, label))| {
                        let input_id = choice_id(&id, i, &value);
                        let checked = chosen.contains(&value);
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=input_id.clone() name=format!("{name}[{i}]") value=value checked=checked aria-invalid=invalid/>
                                <label for=input_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// "Ändringarna är sparade" (or `text`) when the form of `action` has just
/// been saved and its server function asked for the page to be shown again
/// ([`super::show_result`]).
#[component]
pub fn SavedNotice(
    action: &'static str,
    #[prop(optional, into)] text: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    super::form::form_done(action).then(|| {
        let text = text.unwrap_or_else(|| {
            lang.t("Ändringarna är sparade.", "The changes are saved.")
                .to_string()
        });
        view! { <div class="notice notice--success" role="status"><p>{text}</p></div> }
    })
}
