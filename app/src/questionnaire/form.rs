//! The questionnaire as a respondent sees it: one part's questions as form
//! fields, GOV.UK-style. Used by the respondent's pages and the builder's preview.
//!
//! Field names follow `rules::from_form`: the question key, repeated for
//! multiple choice, and `KEY.annat` for the "Annat" text.

use super::model::{
    other_key, Answer, Answers, Question, QuestionKind, Questionnaire, GROUP_ITEMS_LIMIT, OTHER,
};
use super::rules::{
    add_label, base_key, item_field, item_key, item_label, problem_message, shown_in_item,
    visibility, Problem,
};
use crate::components::TextArea;
use crate::i18n::Lang;
use crate::vocabulary::UnitKind;
use leptos::prelude::*;
use std::collections::BTreeMap;

pub use super::rules::{dom_key, field_id};

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

/// What the form of one part needs in the browser, and no more: the part
/// alone, with the questions this unit does not see dropped and the
/// conditions that build on other parts (already decided) removed, so that
/// only the conditions on this part's own answers stay live; and the answers
/// of this part. The page is rendered from the same, so the server's HTML and
/// the island agree.
pub fn part_only(
    q: &Questionnaire,
    section: usize,
    kind: UnitKind,
    answers: &Answers,
) -> (Questionnaire, Answers) {
    let Some(part) = q.sections.get(section) else {
        return (Questionnaire::default(), Answers::new());
    };
    let seen = visibility(q, kind, answers);
    let here: Vec<&str> = part.questions.iter().map(|x| x.key.as_str()).collect();
    let questions = part
        .questions
        .iter()
        .filter(|x| super::model::applies_to(&x.kinds, kind))
        .filter_map(|x| {
            let dynamic = x
                .condition
                .as_ref()
                .is_some_and(|c| here.contains(&c.question.as_str()));
            if !dynamic && !seen.question(&x.key) {
                return None;
            }
            let mut x = x.clone();
            if !dynamic {
                x.condition = None;
            }
            Some(x)
        })
        .collect();
    let mut only = q.clone();
    only.sections = vec![super::model::Section {
        kinds: Vec::new(),
        condition: None,
        questions,
        ..part.clone()
    }];
    let mine = answers
        .iter()
        .filter(|(k, _)| here.contains(&base_key(k).split('.').next().unwrap_or_default()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (only, mine)
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
    /// In a prefilled form, the answers carried from the earlier round:
    /// each question still answered so is marked.
    #[prop(optional)]
    carried: Answers,
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
            let from_before = carried.get(&q.key).cloned().map(|before| {
                let key = key.clone();
                Signal::derive(move || live.answers.with(|a| a.get(&key) == Some(&before)))
            });
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
            if q.kind.is_group() {
                let errors: BTreeMap<String, String> = problems.with_value(|ps| {
                    questionnaire.with_value(|qn| {
                        ps.iter()
                            .filter(|p| base_key(&p.key) == q.key)
                            .map(|p| (p.key.clone(), problem_message(qn, p, lang)))
                            .collect()
                    })
                });
                let typed: Typed = typed
                    .iter()
                    .filter(|(k, _)| base_key(k) == q.key)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let items = match initial.get(&q.key) {
                    Some(Answer::Items(items)) => items.clone(),
                    _ => Vec::new(),
                };
                return Some(view! {
                    <GroupField question=q.clone() items errors typed hidden=hidden note=note live carried=from_before lang/>
                }.into_any());
            }
            let error = problems.with_value(|ps| {
                ps.iter()
                    .find(|p| p.key == q.key)
                    .map(|p| questionnaire.with_value(|qn| problem_message(qn, p, lang)))
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
                    carried=from_before
                    lang=lang
                />
            }.into_any())
        })
        .collect_view()
        .into_any()
}

/// "Från förra kartläggningen", while the answer is the carried one.
#[component]
fn CarriedTag(shown: Signal<bool>, lang: Lang) -> impl IntoView {
    view! {
        <p class="carried-note" hidden=move || !shown.get()>
            <span class="tag tag--info">{lang.t("Från förra kartläggningen", "From the previous round")}</span>
        </p>
    }
}

/// A repeating group: one fieldset per item ("Projekt 2"), each with the
/// sub-questions as fields named `group[n].key` and a button that removes
/// it, and a button that adds an item.
///
/// Without JavaScript the buttons post the form (the draft is saved and the
/// page comes back with the item added or removed, focus at the anchor);
/// with it, items are added and removed in the page and the draft is saved
/// as after any change.
#[component]
pub fn GroupField(
    question: Question,
    items: Vec<Answers>,
    /// Messages by problem key (`group`, `group[n]`, `group[n].key`).
    #[prop(optional)]
    errors: BTreeMap<String, String>,
    /// What was typed and could not be read, by field name.
    #[prop(optional)]
    typed: Typed,
    #[prop(optional, into)] hidden: Option<Signal<bool>>,
    #[prop(default = None)] note: Option<String>,
    /// The form's live answers: sub-questions with a condition show and
    /// hide as their item's answers change.
    #[prop(optional)]
    live: Option<LiveState>,
    /// In a prefilled form: whether the items are still those carried from
    /// the earlier round.
    #[prop(default = None)]
    carried: Option<Signal<bool>>,
    lang: Lang,
) -> impl IntoView {
    let QuestionKind::Group {
        questions: subs,
        max_items,
        ..
    } = question.kind.clone()
    else {
        return ().into_any();
    };
    let key = question.key.clone();
    let limit = max_items.clamp(1, GROUP_ITEMS_LIMIT) as usize;
    let label = item_label(&question, lang);
    let add_text = add_label(&question, lang);
    let heading_id = field_id(&key);
    let hint_id = format!("{heading_id}-hint");
    let add_id = format!("{heading_id}-lagg-till");
    let group_error = errors.get(&key).cloned();
    let count = items.len();
    let ids = RwSignal::new((1..=count).collect::<Vec<usize>>());
    let next = StoredValue::new(count + 1);
    let status = RwSignal::new(String::new());
    // Effects run only in the browser: the buttons work in the page from then on.
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| enhanced.set(true));
    let initial = StoredValue::new(items);
    let subs = StoredValue::new(
        subs.into_iter()
            .filter(|x| !x.kind.is_group())
            .collect::<Vec<_>>(),
    );
    let errors = StoredValue::new(errors);
    let typed = StoredValue::new(typed);
    let hidden = hidden.unwrap_or_else(|| Signal::stored(false));
    let optional = (!question.required).then(|| lang.t(" (frivillig)", " (optional)"));
    let help_text = question.help.get(lang).to_string();
    let limit_text = match lang {
        Lang::Sv => format!("Du kan lägga till högst {limit}."),
        Lang::En => format!("You can add at most {limit}."),
    };
    let position = move |id: usize| {
        ids.with(|v| v.iter().position(|x| *x == id).map(|p| p + 1))
            .unwrap_or(id)
    };

    let item_view = {
        let (key, label, heading_id, add_id) = (
            key.clone(),
            label.clone(),
            heading_id.clone(),
            add_id.clone(),
        );
        move |id: usize| {
            let item: Answers = initial
                .with_value(|v| v.get(id.wrapping_sub(1)).cloned())
                .unwrap_or_default();
            let this = item_key(&key, id);
            let item_error = errors.with_value(|e| e.get(&this).cloned());
            let fields = subs.with_value(|all| {
                all.iter()
                    .map(|sub| {
                        let mut field = sub.clone();
                        field.key = item_field(&key, id, &sub.key);
                        // A condition on an earlier sub-question of this item:
                        // a note without JavaScript, shown and hidden live with it.
                        let note = sub
                            .condition
                            .as_ref()
                            .map(|c| sub_condition_note(all, c, lang));
                        let hidden = match (&sub.condition, live) {
                            (Some(_), Some(live)) => {
                                let (group, sub_key) = (key.clone(), sub.key.clone());
                                Signal::derive(move || {
                                    live.hydrated.get()
                                        && !live.answers.with(|answers| {
                                            let item = match answers.get(&group) {
                                                Some(Answer::Items(items)) => {
                                                    items.get(position(id) - 1).cloned()
                                                }
                                                _ => None,
                                            }
                                            .unwrap_or_default();
                                            subs.with_value(|s| {
                                                shown_in_item(s, &item).contains(sub_key.as_str())
                                            })
                                        })
                                })
                            }
                            _ => Signal::stored(false),
                        };
                        let error = errors.with_value(|e| e.get(&field.key).cloned());
                        let other_error =
                            errors.with_value(|e| e.get(&other_key(&field.key)).cloned());
                        let typed = typed.with_value(|t| t.get(&field.key).cloned());
                        view! {
                            <QuestionField
                                question=field
                                value=item.get(&sub.key).cloned()
                                other_text=match item.get(&other_key(&sub.key)) { Some(Answer::Text(t)) => Some(t.clone()), _ => None }
                                typed=typed
                                error=error
                                other_error=other_error
                                hidden=hidden
                                note=note
                                lang=lang
                            />
                        }
                    })
                    .collect_view()
            });
            let legend = {
                let label = label.clone();
                move || format!("{label} {}", position(id))
            };
            let remove_text = {
                let label = label.to_lowercase();
                move || format!("{} {label} {}", lang.t("Ta bort", "Remove"), position(id))
            };
            let on_remove = {
                let (label, heading_id, add_id) =
                    (label.clone(), heading_id.clone(), add_id.clone());
                move |ev: leptos::ev::MouseEvent| {
                    #[cfg(feature = "hydrate")]
                    {
                        ev.prevent_default();
                        let n = position(id);
                        ids.update(|v| v.retain(|x| *x != id));
                        status.set(match lang {
                            Lang::Sv => format!("{label} {n} togs bort."),
                            Lang::En => format!("{label} {n} was removed."),
                        });
                        let (heading_id, add_id) = (heading_id.clone(), add_id.clone());
                        request_animation_frame(move || {
                            changed(&heading_id);
                            if !focus(&add_id) {
                                focus(&heading_id);
                            }
                        });
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (ev, &label, &heading_id, &add_id);
                }
            };
            view! {
                <fieldset class="group-item" id=field_id(&this) tabindex="-1">
                    <legend class="group-item__legend">{legend}</legend>
                    <input type="hidden" name=this.clone() value=""/>
                    {item_error.map(|e| view! {
                        <p class="field-error"><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}</p>
                    })}
                    {fields}
                    <p class="group-item__actions">
                        <button type="submit" name="_gor" value=format!("ta_bort:{key}:{id}")
                            class="button button--secondary button--small" on:click=on_remove>
                            {remove_text}
                        </button>
                    </p>
                </fieldset>
            }
        }
    };

    let on_add = {
        let (key, label) = (key.clone(), label.clone());
        move |ev: leptos::ev::MouseEvent| {
            #[cfg(feature = "hydrate")]
            {
                if ids.with_untracked(Vec::len) >= limit {
                    return;
                }
                ev.prevent_default();
                let id = next.get_value();
                next.set_value(id + 1);
                ids.update(|v| v.push(id));
                let n = ids.with_untracked(Vec::len);
                status.set(match lang {
                    Lang::Sv => format!("{label} {n} har lagts till."),
                    Lang::En => format!("{label} {n} was added."),
                });
                let first = subs.with_value(|s| {
                    s.first()
                        .map(|x| field_id(&item_field(&key, id, &x.key)))
                        .unwrap_or_else(|| field_id(&item_key(&key, id)))
                });
                request_animation_frame(move || {
                    changed(&first);
                    focus(&first);
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &key, &label, next);
        }
    };

    let class = if group_error.is_some() {
        "field question group field--error"
    } else {
        "field question group"
    };
    view! {
        <div class=class id=format!("fraga-{}", dom_key(&key)) role="group" aria-labelledby=heading_id.clone()
            aria-describedby=hint_id.clone() hidden=move || hidden.get()
            data-enhanced=move || enhanced.get().to_string()>
            <h2 class="group__title" id=heading_id.clone() tabindex="-1">
                {question.text.get(lang).to_string()}{optional}
            </h2>
            <div class="hint" id=hint_id.clone()>
                {carried.map(|c| view! { <CarriedTag shown=c lang/> })}
                {(!help_text.is_empty()).then(|| view! { <p>{help_text}</p> })}
                <p>{limit_text}</p>
                {note.map(|n| view! { <p class="condition-note">{n}</p> })}
            </div>
            {group_error.map(|e| view! {
                <p class="field-error"><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}</p>
            })}
            <For each=move || ids.get() key=|id| *id children=item_view/>
            <p class="group__empty" hidden=move || !ids.with(Vec::is_empty)>
                {lang.t("Inget tillagt ännu.", "Nothing added yet.")}
            </p>
            <p class="group__actions">
                <button type="submit" name="_gor" value=format!("lagg_till:{key}") id=add_id
                    class="button button--secondary" hidden=move || { ids.with(Vec::len) >= limit } on:click=on_add>
                    {add_text}
                </button>
            </p>
            <p class="visually-hidden" role="status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
    .into_any()
}

/// Moves focus to the element with this id; false when there is none.
#[cfg(feature = "hydrate")]
fn focus(id: &str) -> bool {
    use leptos::wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        .map(|el| el.focus().is_ok())
        .unwrap_or(false)
}

/// Tells the form that its fields changed (items were added or removed), as
/// typing does: live conditions and the automatic save follow.
#[cfg(feature = "hydrate")]
fn changed(id: &str) {
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let init = leptos::web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = leptos::web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = el.dispatch_event(&event);
    }
}

/// "Answer if you answered X to the question Y" for readers without JavaScript.
pub fn condition_note(
    q: &Questionnaire,
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    note_on(q.question(&condition.question), condition, lang)
}

/// [`condition_note`] for a sub-question, whose condition builds on an
/// earlier sub-question of the same item.
pub fn sub_condition_note(
    subs: &[Question],
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    note_on(
        subs.iter().find(|x| x.key == condition.question),
        condition,
        lang,
    )
}

fn note_on(source: Option<&Question>, condition: &super::model::Condition, lang: Lang) -> String {
    let (values, source) = condition_parts(source, condition, lang);
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
    summary_on(q.question(&condition.question), condition, lang)
}

/// [`condition_summary`] for a sub-question.
pub fn sub_condition_summary(
    subs: &[Question],
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    summary_on(
        subs.iter().find(|x| x.key == condition.question),
        condition,
        lang,
    )
}

fn summary_on(
    source: Option<&Question>,
    condition: &super::model::Condition,
    lang: Lang,
) -> String {
    let (values, source) = condition_parts(source, condition, lang);
    match lang {
        Lang::Sv => format!("Visas när svaret är {values} på ”{source}”"),
        Lang::En => format!("Shown when the answer is {values} to “{source}”"),
    }
}

/// A condition's chosen values ("”Ja” eller ”Delvis”") and its source question's text.
fn condition_parts(
    source: Option<&Question>,
    condition: &super::model::Condition,
    lang: Lang,
) -> (String, String) {
    let Some(source) = source else {
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
    /// In a prefilled form: whether the answer is still the one carried
    /// from the earlier round ("Från förra kartläggningen" in the hint).
    #[prop(default = None)]
    carried: Option<Signal<bool>>,
    lang: Lang,
) -> impl IntoView {
    let key = question.key.clone();
    let id = field_id(&key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-fel");
    let has_help = !question.help.is_empty()
        || note.is_some()
        || carried.is_some()
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
                    {carried.map(|c| view! { <CarriedTag shown=c lang/> })}
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
                // `--` keeps an option's id apart from the ids of fields
                // (`f-former-annat` is the "Annat" text of `former`).
                let input_id = if i == 0 { id.clone() } else { format!("{id}--{opt}") };
                let checked = selected.contains(&opt);
                let is_other = opt == OTHER;
                view! {
                    <div class=if multiple { "checkbox" } else { "radio" }>
                        <input type=input_type id=input_id.clone() name=key.clone() value=opt checked=checked disabled=disabled/>
                        <label for=input_id>{label}</label>
                    </div>
                    {is_other.then(|| view! {
                        <div class="other-text">
                            <label for=other_id.clone()>
                                {lang.t("Vad?", "What?")}
                                <span class="visually-hidden">{format!(" {}: {}", lang.t("Annat", "Other"), question.text.get(lang))}</span>
                            </label>
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
                <TextArea value={text} {..} id=id.clone() name=key.clone() rows="5" aria-describedby=described.clone() disabled=disabled/>
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
        <div class=class id=format!("fraga-{}", dom_key(&key)) hidden=move || hidden.get()>
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
        Some(Answer::Items(items)) => {
            let titles: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, item)| item_title(question, item, i + 1, lang))
                .collect();
            titles.join("; ")
        }
    }
}

/// An item as one line: its label and number and, when the group has a
/// short text answered first (a name), that text: "Projekt 2: Hållbara kliv".
pub fn item_title(group: &Question, item: &Answers, n: usize, lang: Lang) -> String {
    let name = group
        .kind
        .sub_questions()
        .iter()
        .filter(|x| matches!(x.kind, QuestionKind::ShortText { .. }))
        .find_map(|x| match item.get(&x.key) {
            Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        });
    let label = item_label(group, lang);
    match name {
        Some(name) => format!("{label} {n}: {name}"),
        None => format!("{label} {n}"),
    }
}

/// A repeating group's answers for review pages and receipts: each item with
/// its answered sub-questions.
#[component]
pub fn ItemsSummary(question: Question, items: Vec<Answers>, lang: Lang) -> impl IntoView {
    view! {
        <ol class="item-summary">
            {items.iter().enumerate().map(|(i, item)| {
                let rows: Vec<(String, String)> = question.kind.sub_questions().iter()
                    .map(|sub| (sub.text.get(lang).to_string(), answer_text(sub, item, lang)))
                    .filter(|(_, text)| !text.is_empty())
                    .collect();
                view! {
                    <li>
                        <p class="item-summary__title">{item_title(&question, item, i + 1, lang)}</p>
                        {if rows.is_empty() {
                            view! { <p>{lang.t("Inget ifyllt.", "Nothing filled in.")}</p> }.into_any()
                        } else {
                            view! {
                                <dl class="item-summary__list">
                                    {rows.into_iter().map(|(q, a)| view! { <div><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}
                                </dl>
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::default::default_questionnaire;
    use crate::questionnaire::rules::visibility;

    fn part_of(q: &Questionnaire, key: &str) -> usize {
        q.sections
            .iter()
            .position(|s| s.questions.iter().any(|x| x.key == key))
            .expect(key)
    }

    #[test]
    fn a_part_alone_keeps_its_live_conditions_and_drops_the_rest() {
        let q = default_questionnaire();
        let index = part_of(&q, "int_kontakt_namn");
        let mut answers = Answers::new();
        answers.insert("int_kontakt".into(), Answer::Bool(true));
        let (only, mine) = part_only(&q, index, UnitKind::Forvaltning, &answers);
        assert_eq!(only.sections.len(), 1);
        let part = &only.sections[0];
        let source = &q.sections[index];
        // The condition on this part's own question stays, to follow it live.
        let dependent = part
            .questions
            .iter()
            .find(|x| x.key == "int_kontakt_namn")
            .expect("kept");
        assert!(dependent.condition.is_some());
        // No question keeps a condition on another part, and the part's
        // answers are the only answers sent.
        for x in &part.questions {
            if let Some(c) = &x.condition {
                assert!(
                    source.questions.iter().any(|y| y.key == c.question),
                    "{}",
                    x.key
                );
            }
        }
        assert!(mine
            .keys()
            .all(|k| source.questions.iter().any(|x| k.starts_with(&x.key))));
        // It shows what the whole questionnaire shows, for these answers.
        let whole = visibility(&q, UnitKind::Forvaltning, &answers);
        let alone = visibility(&only, UnitKind::Forvaltning, &mine);
        for x in &source.questions {
            if crate::questionnaire::model::applies_to(&x.kinds, UnitKind::Forvaltning)
                && whole.question(&x.key)
            {
                assert!(alone.question(&x.key), "{}", x.key);
            }
        }
        // A question for companies only is not sent to an administration.
        let board = part_of(&q, "styrelse");
        let (only, _) = part_only(&q, board, UnitKind::Forvaltning, &Answers::new());
        assert!(only.sections[0]
            .questions
            .iter()
            .all(|x| x.key != "styrelse"));
        let (only, _) = part_only(&q, board, UnitKind::Bolag, &Answers::new());
        assert!(only.sections[0]
            .questions
            .iter()
            .any(|x| x.key == "styrelse"));
    }
}
