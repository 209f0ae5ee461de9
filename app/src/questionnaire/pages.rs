//! The coordinator's questionnaire pages: the list, import, the builder, the
//! editors for a part and a question, and the preview.

use super::api::{
    get_builder, list_questionnaires, new_question_field, questionnaire_owner_options, AddQuestion,
    AddSection, AddSubQuestion, ArchiveQuestionnaire, BuilderData, ChangeStructure,
    CopyQuestionnaire, CreateQuestionnaire, OwnerOptions, SaveDetails, SaveQuestion, SaveSection,
    SaveSubQuestion, CONDITION_FIELD, KEY_FIELD, KINDS_FIELD, OPTIONS_FIELD,
};
use super::form::{
    answer_text, condition_summary, sub_condition_summary, ItemsSummary, LiveState, SectionFields,
};
use super::model::{
    applies_to, Answer, Answers, Condition, Question, QuestionKind, Questionnaire, KIND_NAMES,
};
use super::rules::{
    apply_item_action, base_key, check, from_form, normalize_items, problem_message, visibility,
    ItemAction, Mode,
};
use crate::components::{
    echo_for, typed, typed_list, CheckboxField, Checkboxes, ErrorSummary, FieldProblem, FormErrors,
    FormScope, LoadError, PageTitle, SavedNotice, ScopedForm, SelectField, TableWrap,
    TextAreaField, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::time::format_stockholm;
use crate::vocabulary::UnitKind;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn kinds_label(kinds: &[UnitKind], lang: Lang) -> Option<String> {
    (!kinds.is_empty()).then(|| {
        let names: Vec<&str> = kinds.iter().map(|k| k.label(lang)).collect();
        format!(
            "{} {}",
            lang.t("Bara för", "Only for"),
            names.join(lang.t(" och ", " and "))
        )
    })
}

fn owner_label(owner: &Option<(String, String)>, lang: Lang) -> String {
    match owner {
        Some((_, name)) => name.clone(),
        None => lang
            .t("Gemensam för alla kommuner", "Shared by all municipalities")
            .to_string(),
    }
}

/// The owner picker for new questionnaires and copies.
fn owner_select(
    action: &'static str,
    id: &'static str,
    options: &OwnerOptions,
    lang: Lang,
) -> impl IntoView {
    let shared = options.shared;
    let single = !shared && options.municipalities.len() == 1;
    let none = (!single).then(|| {
        let label = if shared {
            lang.t("Gemensam för alla kommuner", "Shared by all municipalities")
        } else {
            lang.t("Välj kommun", "Choose a municipality")
        };
        (String::new(), label.to_string())
    });
    let choices = none
        .into_iter()
        .chain(options.municipalities.iter().cloned())
        .collect();
    view! {
        <SelectField action id name="owner" options=choices
            label=lang.t("Enkäten hör till", "The questionnaire belongs to")
            hint=lang.t(
                "Samordnare för kommunen kan ändra den. En gemensam enkät kan alla använda, men bara administratörer ändra.",
                "The municipality's coordinators can change it. A shared questionnaire can be used by all but changed only by administrators.",
            )/>
    }
}

#[component]
pub fn QuestionnaireListPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateQuestionnaire>::new();
    let action = CreateQuestionnaire::PATH;
    let list = Resource::new(|| (), |_| list_questionnaires());
    let owners = Resource::new(|| (), |_| questionnaire_owner_options());
    view! {
      <Suspense fallback=|| ()>
        {move || Suspend::new(async move {
          let items = match list.await {
              Err(error) => return view! { <LoadError error/> }.into_any(),
              Ok(items) => items,
          };
          let options = owners.await.ok().filter(|o| o.shared || !o.municipalities.is_empty());
          view! {
        <PageTitle text=lang.t("Enkäter", "Questionnaires")/>
        <div class="page">
            <h1>{lang.t("Enkäter", "Questionnaires")}</h1>
            <p class="lead">{lang.t(
                "Frågeformulären som skickas till förvaltningar och bolag. Bygg en egen, utgå från standardenkäten eller importera en som en annan kommun delat.",
                "The questionnaires sent to administrations and companies. Build your own, start from the standard one, or import one another municipality shared.",
            )}</p>
            {
                    match items {
                        items if items.is_empty() => view! { <p>{lang.t("Det finns inga enkäter ännu.", "There are no questionnaires yet.")}</p> }.into_any(),
                        items => view! {
                            <TableWrap label=lang.t("Enkäter", "Questionnaires")>
                                <table class="data-table">
                                    <caption class="visually-hidden">{lang.t("Enkäter", "Questionnaires")}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t("Namn", "Name")}</th>
                                        <th scope="col">{lang.t("Hör till", "Belongs to")}</th>
                                        <th scope="col" class="num">{lang.t("Frågor", "Questions")}</th>
                                        <th scope="col">{lang.t("Version", "Version")}</th>
                                        <th scope="col">{lang.t("Ändrad", "Changed")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|q| view! {
                                            <tr>
                                                <td><a href=format!("/enkater/{}", q.id)>{q.title.get(lang).to_string()}</a>
                                                    {q.builtin.then(|| view! { " " <span class="tag">{lang.t("standard", "standard")}</span> })}</td>
                                                <td>{owner_label(&q.owner, lang)}</td>
                                                <td class="num">{q.questions}</td>
                                                <td>{format!("{} ", q.version)}{if q.frozen { lang.t("(låst, används)", "(locked, in use)") } else { lang.t("(utkast)", "(draft)") }}</td>
                                                <td>{format_stockholm(q.updated_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </TableWrap>
                        }.into_any(),
                    }
            }
            {
                    options.map(|options| view! {
                        <h2 id="ny">{lang.t("Skapa en ny enkät", "Create a new questionnaire")}</h2>
                        <FormErrors action first="ny-titel"/>
                        <ActionForm action=create>
                            <TextField action id="ny-titel" name="title" autocomplete="off" first=true label=lang.t("Namn", "Name")/>
                            {owner_select(action, "ny-agare", &options, lang)}
                            <button type="submit" class="button">{lang.t("Skapa enkät", "Create questionnaire")}</button>
                        </ActionForm>
                        <p><a href="/enkater/importera">{lang.t("Importera en enkät från en JSON-fil", "Import a questionnaire from a JSON file")}</a></p>
                    })
            }
        </div>
          }.into_any()
        })}
      </Suspense>
    }
}

#[component]
pub fn QuestionnaireImportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let owners = Resource::new(|| (), |_| questionnaire_owner_options());
    let problems = move || {
        // try_with: a late read after the page has gone gets nothing; the title
        // is worked out once, when the page opens.
        let signed = query
            .try_with(|q| {
                let text = q.get("fel")?;
                crate::components::vouched::vouched(&[&text], q.get("sig").as_deref())
                    .then_some(text)
            })
            .flatten();
        signed.map(|text| {
            text.split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| FieldProblem {
                    field_id: "fil".into(),
                    message: l.to_string(),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <PageTitle text={
            let t = lang.t("Importera en enkät", "Import a questionnaire");
            if untrack(problems).is_some() { format!("{}: {t}", lang.t("Fel", "Error")) } else { t.to_string() }
        }/>
        <div class="page page--narrow">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs"><a href="/enkater">{lang.t("Enkäter", "Questionnaires")}</a></nav>
            {move || problems().map(|p| view! { <ErrorSummary problems=p/> })}
            <h1>{lang.t("Importera en enkät", "Import a questionnaire")}</h1>
            <p>{lang.t(
                "Välj en JSON-fil som exporterats från Nuläge, till exempel en enkät som en annan kommun delat med er. Filen kontrolleras innan något sparas, och enkäten läggs till som en ny enkät som ni sedan kan ändra.",
                "Choose a JSON file exported from Nuläge, such as a questionnaire another municipality shared with you. The file is checked before anything is saved, and it is added as a new questionnaire you can then change.",
            )}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(options) = owners.await else { return ().into_any() };
                    view! {
                        <form method="post" action="/enkater/importera/fil" enctype="multipart/form-data">
                            <div class=move || if problems().is_some() { "field field--error" } else { "field" }>
                                <label for="fil">{lang.t("JSON-fil", "JSON file")}</label>
                                <p class="hint" id="fil-hint">{lang.t("Högst 2 MB.", "At most 2 MB.")}</p>
                                <input id="fil" name="fil" type="file" accept=".json,application/json" aria-describedby="fil-hint"/>
                            </div>
                            {owner_select(crate::components::GET_FORM, "import-agare", &options, lang)}
                            <button type="submit" class="button">{lang.t("Importera", "Import")}</button>
                        </form>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

/// The questions a condition may build on: choice and yes/no questions
/// before `before` (a question key, or the first question of a part).
fn condition_sources(q: &Questionnaire, before: &str) -> Vec<Question> {
    q.questions()
        .map(|(_, x)| x)
        .take_while(|x| x.key != before)
        .filter(|x| x.kind.can_be_condition())
        .cloned()
        .collect()
}

/// The sub-questions a sub-question's condition may build on: choice and
/// yes/no sub-questions before it in the same group.
fn sub_condition_sources(group: &Question, before: &str) -> Vec<Question> {
    group
        .kind
        .sub_questions()
        .iter()
        .take_while(|x| x.key != before)
        .filter(|x| x.kind.can_be_condition())
        .cloned()
        .collect()
}

/// Picking a condition: one fieldset of checkboxes per earlier question.
/// A refused post keeps its ticks.
fn condition_picker(
    action: &'static str,
    sources: Vec<Question>,
    current: Option<Condition>,
    what: &'static str,
    lang: Lang,
) -> impl IntoView {
    let none = sources.is_empty();
    let ticked = typed_list(action, "cond");
    let error = crate::components::field_error(action, CONDITION_FIELD, false);
    let error_id = format!("{CONDITION_FIELD}-fel");
    let (class, describedby) = match &error {
        Some(_) => (
            "field field--error condition-picker",
            Some(error_id.clone()),
        ),
        None => ("field condition-picker", None),
    };
    view! {
        <fieldset class=class id=CONDITION_FIELD tabindex="-1" aria-describedby=describedby>
            <legend>{lang.t("Villkor", "Condition")}</legend>
            {error.map(|e| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}</p>
            })}
            <p class="hint">{match (what, lang) {
                ("section", Lang::Sv) => "Visa delen bara när en tidigare fråga har fått ett visst svar. Välj svaren under den fråga som styr; inget val betyder att delen alltid visas.",
                ("section", Lang::En) => "Show the part only when an earlier question got a certain answer. Pick the answers under the question that decides; nothing picked means it is always shown.",
                ("sub", Lang::Sv) => "Ställ delfrågan bara när en tidigare delfråga har fått ett visst svar i samma post. Välj svaren under den delfråga som styr; inget val betyder att delfrågan alltid ställs.",
                ("sub", Lang::En) => "Ask the sub-question only when an earlier sub-question got a certain answer in the same item. Pick the answers under the sub-question that decides; nothing picked means it is always asked.",
                (_, Lang::Sv) => "Visa frågan bara när en tidigare fråga har fått ett visst svar. Välj svaren under den fråga som styr; inget val betyder att frågan alltid visas.",
                (_, Lang::En) => "Show the question only when an earlier question got a certain answer. Pick the answers under the question that decides; nothing picked means it is always shown.",
            }}</p>
            {none.then(|| view! { <p>{if what == "sub" {
                lang.t("Det finns inga tidigare delfrågor med val att bygga ett villkor på.", "There are no earlier choice sub-questions to build a condition on.")
            } else {
                lang.t("Det finns inga tidigare frågor med val att bygga ett villkor på.", "There are no earlier choice questions to build a condition on.")
            }}</p> })}
            {sources.into_iter().enumerate().map(|(n, source)| {
                let key = source.key.clone();
                let chosen: Vec<String> = match &ticked {
                    Some(ticked) => ticked
                        .iter()
                        .filter_map(|t| t.split_once('=').filter(|(q, _)| *q == key).map(|(_, v)| v.to_string()))
                        .collect(),
                    None => current.as_ref().filter(|c| c.question == source.key).map(|c| c.any_of.clone()).unwrap_or_default(),
                };
                let active = !chosen.is_empty();
                view! {
                    <details class="condition-source" open=active>
                        <summary>{source.text.get(lang).to_string()}{active.then(|| view! { " " <span class="tag">{lang.t("valt", "chosen")}</span> })}</summary>
                        <div class="checkboxes">
                            {source.kind.condition_values().into_iter().enumerate().map(|(i, (value, label))| {
                                let id = format!("villkor-{n}-{i}");
                                let checked = chosen.contains(&value);
                                view! {
                                    <div class="checkbox">
                                        <input type="checkbox" id=id.clone() name=format!("cond[{}]", n * 1000 + i) value=format!("{key}={value}") checked=checked/>
                                        <label for=id>{label.get(lang).to_string()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </details>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn kinds_picker(action: &'static str, current: &[UnitKind], lang: Lang) -> impl IntoView {
    let chosen = current.iter().map(|k| k.key().to_string()).collect();
    let options = UnitKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.plural(lang).to_string()))
        .collect();
    view! {
        <Checkboxes action id=KINDS_FIELD name="kinds" options chosen
            legend=lang.t("Gäller", "Applies to")
            hint=lang.t("Inget val betyder att den gäller alla enheter.", "Nothing picked means it applies to every unit.")/>
    }
}

/// A text's Swedish and English fields: `NAME_sv` (id `id`) and `NAME_en`
/// (id `id-en`). `first`: the Swedish field shows an error of the form that
/// names no field.
#[allow(clippy::too_many_arguments)]
fn bilingual_fields(
    action: &'static str,
    id: &'static str,
    name: &'static str,
    label: (&'static str, &'static str),
    label_en: (&'static str, &'static str),
    text: &super::model::Text,
    multiline: bool,
    first: bool,
    lang: Lang,
) -> impl IntoView {
    let (sv_id, en_id) = (id.to_string(), format!("{id}-en"));
    let (sv_name, en_name) = (format!("{name}_sv"), format!("{name}_en"));
    let (sv_label, en_label) = (lang.t(label.0, label.1), lang.t(label_en.0, label_en.1));
    if multiline {
        view! {
            <TextAreaField action id=sv_id name=sv_name label=sv_label value=text.sv.clone() rows=3 first/>
            <TextAreaField action id=en_id name=en_name label=en_label value=text.en.clone() rows=3 lang="en"/>
        }
        .into_any()
    } else {
        view! {
            <TextField action id=sv_id name=sv_name label=sv_label value=text.sv.clone() first/>
            <TextField action id=en_id name=en_name label=en_label value=text.en.clone() lang="en"/>
        }
        .into_any()
    }
}

/// Breadcrumbs back to the list and the questionnaire.
fn builder_breadcrumbs(b: &BuilderData, lang: Lang) -> impl IntoView {
    view! {
        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
            <a href="/enkater">{lang.t("Enkäter", "Questionnaires")}</a>
            <a href=format!("/enkater/{}", b.id)>{b.definition.title.get(lang).to_string()}</a>
        </nav>
    }
}

#[component]
pub fn BuilderPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let details = ServerAction::<SaveDetails>::new();
    let add_section = ServerAction::<AddSection>::new();
    let structure = ServerAction::<ChangeStructure>::new();
    let add_question = ServerAction::<AddQuestion>::new();
    let copy = ServerAction::<CopyQuestionnaire>::new();
    let archive = ServerAction::<ArchiveQuestionnaire>::new();
    let data = Resource::new(id, get_builder);
    let owners = Resource::new(|| (), |_| questionnaire_owner_options());

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(b) => b,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let owners = owners.await.ok();
                let title = b.definition.title.get(lang).to_string();
                let (id1, id2, id3, rev1) = (b.id.clone(), b.id.clone(), b.id.clone(), b.rev.clone());
                view! {
                    <PageTitle text=title.clone()/>
                    <div class="page builder">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs"><a href="/enkater">{lang.t("Enkäter", "Questionnaires")}</a></nav>
                        <SavedNotice action=SaveDetails::PATH/>
                        <h1>{title.clone()}</h1>
                        <p class="lead">{format!("{} · {} {} · {} {}, {} {}",
                            owner_label(&b.owner, lang),
                            lang.t("version", "version"), b.number,
                            b.definition.sections.len(), lang.t("delar", "parts"),
                            b.definition.question_count(), lang.t("frågor", "questions"))}</p>
                        <p class="actions">
                            <a class="button" href=format!("/enkater/{}/forhandsgranska", b.id)>{lang.t("Förhandsgranska", "Preview")}</a>
                            " "
                            <a class="button button--secondary" href=format!("/enkater/{}/export.json", b.id) download rel="external">{lang.t("Exportera som JSON", "Export as JSON")}</a>
                        </p>
                        {b.frozen.then(|| view! {
                            <div class="notice notice--warning"><p>{match lang {
                                Lang::Sv => format!("Version {} används i en kartläggning och är låst. Ändrar du något sparas det som version {}; svaren som redan getts hör för alltid till version {}.", b.number, b.number + 1, b.number),
                                Lang::En => format!("Version {} is used in a survey round and is locked. Anything you change is saved as version {}; answers already given always belong to version {}.", b.number, b.number + 1, b.number),
                            }}</p></div>
                        })}
                        {(!b.can_edit).then(|| view! {
                            <div class="notice"><p>{lang.t(
                                "Du kan läsa och förhandsgranska enkäten men inte ändra den. Gör en kopia om du vill ha en egen version.",
                                "You can read and preview the questionnaire but not change it. Make a copy to have a version of your own.",
                            )}</p></div>
                        })}
                        {b.can_edit.then(|| details_form(&b, details, lang))}
                        <FormErrors action=ChangeStructure::PATH first="delar"/>
                        <div id="delar" tabindex="-1"><BuilderSections b=b.clone() structure add_question lang/></div>
                        {b.can_edit.then(|| view! {
                            <h2 id="ny-del">{lang.t("Lägg till en del", "Add a part")}</h2>
                            <FormErrors action=AddSection::PATH first="ny-del-rubrik"/>
                            <ActionForm action=add_section>
                                <input type="hidden" name="id" value=id1/>
                                <input type="hidden" name="rev" value=rev1/>
                                <TextField action=AddSection::PATH id="ny-del-rubrik" name="title_sv" first=true label=lang.t("Rubrik", "Heading")/>
                                <button type="submit" class="button button--secondary">{lang.t("Lägg till del", "Add part")}</button>
                            </ActionForm>
                        })}
                        <h2>{lang.t("Versioner", "Versions")}</h2>
                        <ul>
                            {b.versions.iter().map(|v| view! {
                                <li>{format!("{} {} – ", lang.t("Version", "Version"), v.number)}
                                    {match v.frozen_at {
                                        Some(at) => format!("{} {}", lang.t("låst", "locked"), format_stockholm(at)),
                                        None => format!("{} {}", lang.t("utkast, ändrad", "draft, changed"), format_stockholm(v.updated_at)),
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                        {owners.filter(|o| o.shared || !o.municipalities.is_empty()).map(|o| view! {
                            <h2>{lang.t("Kopiera enkäten", "Copy the questionnaire")}</h2>
                            <FormErrors action=CopyQuestionnaire::PATH first="kopia-agare"/>
                            <ActionForm action=copy>
                                <input type="hidden" name="id" value=id2/>
                                {owner_select(CopyQuestionnaire::PATH, "kopia-agare", &o, lang)}
                                <button type="submit" class="button button--secondary">{lang.t("Gör en kopia", "Make a copy")}</button>
                            </ActionForm>
                        })}
                        {b.can_edit.then(|| view! {
                            <FormErrors action=ArchiveQuestionnaire::PATH first="arkivera"/>
                            <ActionForm action=archive attr:class="inline-form">
                                <input type="hidden" name="id" value=id3/>
                                <details class="confirm-delete" open=echo_for(ArchiveQuestionnaire::PATH).is_some()>
                                    <summary id="arkivera">{lang.t("Arkivera enkäten", "Archive the questionnaire")}</summary>
                                    <p>{lang.t(
                                        "Enkäten försvinner ur listan och kan inte användas i nya kartläggningar. Svar som redan getts finns kvar.",
                                        "The questionnaire leaves the list and cannot be used in new rounds. Answers already given are kept.",
                                    )}</p>
                                    <button type="submit" class="button button--warning">{lang.t("Ja, arkivera enkäten", "Yes, archive the questionnaire")}</button>
                                </details>
                            </ActionForm>
                        })}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

fn details_form(b: &BuilderData, save: ServerAction<SaveDetails>, lang: Lang) -> impl IntoView {
    let d = b.definition.clone();
    let (id, rev) = (b.id.clone(), b.rev.clone());
    let action = SaveDetails::PATH;
    let refused = echo_for(action).is_some_and(|e| e.outcome.is_err());
    view! {
        <details class="builder-details" open=refused>
            <summary>{lang.t("Ändra namn och inledning", "Change name and introduction")}</summary>
            <FormErrors action first="enkat-titel"/>
            <ActionForm action=save>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="rev" value=rev/>
                {bilingual_fields(action, "enkat-titel", "title", ("Namn", "Name"), ("Namn på engelska", "Name in English"), &d.title, false, true, lang)}
                {bilingual_fields(action, "enkat-intro", "intro", ("Inledning till den som svarar", "Introduction for respondents"), ("Inledning på engelska", "Introduction in English"), &d.intro, true, false, lang)}
                <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn BuilderSections(
    b: BuilderData,
    structure: ServerAction<ChangeStructure>,
    add_question: ServerAction<AddQuestion>,
    lang: Lang,
) -> impl IntoView {
    let count = b.definition.sections.len();
    let q = b.definition.clone();
    let sections = b.definition.sections.clone();
    sections.into_iter().enumerate().map(|(si, s)| {
        let (id, rev, can_edit) = (b.id.clone(), b.rev.clone(), b.can_edit);
        let section_key = s.key.clone();
        let heading_id = format!("del-{}", s.key);
        let move_buttons = can_edit.then(|| {
            let (id, rev, key) = (id.clone(), rev.clone(), section_key.clone());
            view! {
                <ActionForm action=structure attr:class="builder-actions">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="rev" value=rev/>
                    <a href=format!("/enkater/{id}/delar/{key}")>{lang.t("Ändra delen", "Edit part")}</a>
                    {(si > 0).then(|| view! { <button type="submit" name="action" value=format!("section_up:{key}") class="link-button">{lang.t("Flytta upp", "Move up")}</button> })}
                    {(si + 1 < count).then(|| view! { <button type="submit" name="action" value=format!("section_down:{key}") class="link-button">{lang.t("Flytta ner", "Move down")}</button> })}
                    <details class="confirm-delete">
                        <summary>{lang.t("Ta bort delen", "Delete part")}</summary>
                        <p>{lang.t("Delen och alla dess frågor tas bort från enkäten.", "The part and all its questions are removed from the questionnaire.")}</p>
                        <button type="submit" name="action" value=format!("section_delete:{key}") class="button button--warning">{lang.t("Ja, ta bort delen", "Yes, delete the part")}</button>
                    </details>
                </ActionForm>
            }
        });
        let meta = [kinds_label(&s.kinds, lang), s.condition.as_ref().map(|c| condition_summary(&q, c, lang))].into_iter().flatten().collect::<Vec<_>>();
        let question_count = s.questions.len();
        let questions = s.questions.clone().into_iter().enumerate().map(|(qi, question)| {
            let first = si == 0 && qi == 0;
            let last = si + 1 == count && qi + 1 == question_count;
            let meta = [
                Some(question.kind.label(lang).to_string()),
                question.required.then(|| lang.t("obligatorisk", "required").to_string()),
                kinds_label(&question.kinds, lang),
                question.condition.as_ref().map(|c| condition_summary(&q, c, lang)),
            ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            let options = question.kind.options().iter().map(|o| o.label.get(lang).to_string()).collect::<Vec<_>>();
            let other = question.kind.has_other();
            let subs = question.kind.sub_questions().iter().map(|x| x.text.get(lang).to_string()).collect::<Vec<_>>();
            let (id, rev, key) = (id.clone(), rev.clone(), question.key.clone());
            view! {
                <li class="builder-question" id=format!("fraga-{}", question.key)>
                    <p class="builder-question__text">{question.text.get(lang).to_string()}</p>
                    <p class="builder-question__meta"><code>{question.key.clone()}</code>" · "{meta}</p>
                    {(!options.is_empty()).then(|| view! {
                        <p class="builder-question__options">{options.join(" / ")}{other.then(|| format!(" / {}", lang.t("Annat", "Other")))}</p>
                    })}
                    {(!subs.is_empty()).then(|| view! {
                        <p class="builder-question__options">{format!("{} {}", lang.t("Delfrågor:", "Sub-questions:"), subs.join(" / "))}</p>
                    })}
                    {can_edit.then(|| view! {
                        <ActionForm action=structure attr:class="builder-actions">
                            <input type="hidden" name="id" value=id.clone()/>
                            <input type="hidden" name="rev" value=rev/>
                            <a href=format!("/enkater/{id}/fragor/{key}")>{lang.t("Ändra", "Edit")}<span class="visually-hidden">{format!(" {}", question.text.get(lang))}</span></a>
                            {(!first).then(|| view! { <button type="submit" name="action" value=format!("question_up:{key}") class="link-button">{lang.t("Flytta upp", "Move up")}<span class="visually-hidden">{format!(" {}", question.text.get(lang))}</span></button> })}
                            {(!last).then(|| view! { <button type="submit" name="action" value=format!("question_down:{key}") class="link-button">{lang.t("Flytta ner", "Move down")}<span class="visually-hidden">{format!(" {}", question.text.get(lang))}</span></button> })}
                            <details class="confirm-delete">
                                <summary>{lang.t("Ta bort", "Delete")}<span class="visually-hidden">{format!(" {}", question.text.get(lang))}</span></summary>
                                <button type="submit" name="action" value=format!("question_delete:{key}") class="button button--warning">{lang.t("Ja, ta bort frågan", "Yes, delete the question")}</button>
                            </details>
                        </ActionForm>
                    })}
                </li>
            }
        }).collect_view();
        let add_id = new_question_field(&s.key);
        let add_form = can_edit.then(|| {
            let (id, rev) = (id.clone(), rev.clone());
            let action = AddQuestion::PATH;
            view! {
                <ScopedForm scope=FormScope::new("section", section_key.clone())>
                    {
                        let refused = echo_for(action).is_some_and(|e| e.outcome.is_err());
                        view! {
                            <details class="builder-add" open=refused>
                                <summary>{lang.t("Lägg till en fråga i delen", "Add a question to the part")}</summary>
                                <FormErrors action first=add_id.clone()/>
                                <ActionForm action=add_question>
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="rev" value=rev/>
                                    <input type="hidden" name="section" value=section_key.clone()/>
                                    <TextField action id=add_id.clone() name="text_sv" first=true label=lang.t("Frågan", "The question")/>
                                    <SelectField action id=format!("{add_id}-typ") name="kind" label=lang.t("Typ", "Type")
                                        options=KIND_NAMES.iter().map(|k| (k.to_string(), QuestionKind::label_for(k, lang).to_string())).collect()/>
                                    <TextAreaField action id=format!("{add_id}-alt") name="options" rows=4
                                        label=lang.t("Svarsalternativ, ett per rad (för frågor med val)", "Options, one per line (for choice questions)")/>
                                    <button type="submit" class="button button--secondary">{lang.t("Lägg till fråga", "Add question")}</button>
                                </ActionForm>
                            </details>
                        }
                    }
                </ScopedForm>
            }
        });
        view! {
            <section class="builder-section" aria-labelledby=heading_id.clone()>
                <h2 id=heading_id.clone()>{format!("{} {}: {}", lang.t("Del", "Part"), si + 1, s.title.get(lang))}</h2>
                {(!meta.is_empty()).then(|| view! { <p class="builder-question__meta">{meta.join(" · ")}</p> })}
                {(!s.intro.is_empty()).then(|| view! { <p>{s.intro.get(lang).to_string()}</p> })}
                {move_buttons}
                {s.questions.is_empty().then(|| view! { <p>{lang.t("Delen har inga frågor ännu.", "The part has no questions yet.")}</p> })}
                <ol class="builder-questions">{questions}</ol>
                {add_form}
            </section>
        }
    }).collect_view()
}

#[component]
pub fn SectionEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let save = ServerAction::<SaveSection>::new();
    let action = SaveSection::PATH;
    let data = Resource::new(id, get_builder);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(b) => b,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let Some(s) = b.definition.section(&key()).cloned().filter(|_| b.can_edit) else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                let first_question = s.questions.first().map(|q| q.key.clone()).unwrap_or_default();
                let sources = if first_question.is_empty() {
                    // An empty part: every question before it counts.
                    let index = b.definition.sections.iter().position(|x| x.key == s.key).unwrap_or(0);
                    b.definition.sections[..index].iter().flat_map(|x| x.questions.iter()).filter(|x| x.kind.can_be_condition()).cloned().collect()
                } else {
                    condition_sources(&b.definition, &first_question)
                };
                let heading = format!("{}: {}", lang.t("Ändra delen", "Edit the part"), s.title.get(lang));
                view! {
                    <PageTitle text=heading.clone()/>
                    <div class="page page--narrow">
                        {builder_breadcrumbs(&b, lang)}
                        <FormErrors action first="del-rubrik"/>
                        <h1>{heading}</h1>
                        <ActionForm action=save>
                            <input type="hidden" name="id" value=b.id.clone()/>
                            <input type="hidden" name="rev" value=b.rev.clone()/>
                            <input type="hidden" name="section" value=s.key.clone()/>
                            {bilingual_fields(action, "del-rubrik", "title", ("Rubrik", "Heading"), ("Rubrik på engelska", "Heading in English"), &s.title, false, true, lang)}
                            {bilingual_fields(action, "del-intro", "intro", ("Inledande text", "Introductory text"), ("Inledande text på engelska", "Introductory text in English"), &s.intro, true, false, lang)}
                            {kinds_picker(action, &s.kinds, lang)}
                            {condition_picker(action, sources, s.condition.clone(), "section", lang)}
                            <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn QuestionEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let save = ServerAction::<SaveQuestion>::new();
    let structure = ServerAction::<ChangeStructure>::new();
    let add_sub = ServerAction::<AddSubQuestion>::new();
    let action = SaveQuestion::PATH;
    let data = Resource::new(id, get_builder);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(b) => b,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let Some(question) = b.definition.question(&key()).cloned().filter(|_| b.can_edit) else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                let sources = condition_sources(&b.definition, &question.key);
                let group_part = question.kind.is_group().then(|| sub_question_list(&b, &question, structure, add_sub, lang));
                let heading = format!("{}: {}", lang.t("Ändra frågan", "Edit the question"), question.text.get(lang));
                let stored_kind = question.kind.name();
                view! {
                    <PageTitle text=heading.clone()/>
                    <div class="page page--narrow">
                        {builder_breadcrumbs(&b, lang)}
                        <FormErrors action first="fraga-text"/>
                        <h1>{heading}</h1>
                        <ActionForm action=save>
                            <input type="hidden" name="id" value=b.id.clone()/>
                            <input type="hidden" name="rev" value=b.rev.clone()/>
                            <input type="hidden" name="key" value=question.key.clone()/>
                            {question_common_fields(action, &question, stored_kind, false, lang)}
                            <div>
                                {kind_settings(action, &question, lang)}
                            </div>
                            {kinds_picker(action, &question.kinds, lang)}
                            {condition_picker(action, sources, question.condition.clone(), "question", lang)}
                            {key_field(action, &question, lang)}
                            <button type="submit" name="action" value="save" class="button">{lang.t("Spara frågan", "Save the question")}</button>
                        </ActionForm>
                        {group_part}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The fields every question and sub-question has: text, help, type and
/// whether it is required.
fn question_common_fields(
    action: &'static str,
    question: &Question,
    stored_kind: &'static str,
    sub: bool,
    lang: Lang,
) -> impl IntoView {
    let kinds = KIND_NAMES
        .iter()
        .filter(|k| !sub || **k != "group")
        .map(|k| (k.to_string(), QuestionKind::label_for(k, lang).to_string()))
        .collect();
    let required_label = if question.kind.is_group() {
        lang.t(
            "Obligatorisk: minst en post för att kunna skicka in",
            "Required: at least one item before submitting",
        )
    } else if sub {
        lang.t(
            "Obligatorisk: måste besvaras i varje post för att kunna skicka in",
            "Required: must be answered in every item before submitting",
        )
    } else {
        lang.t(
            "Obligatorisk: måste besvaras för att kunna skicka in",
            "Required: must be answered before submitting",
        )
    };
    view! {
        {bilingual_fields(action, "fraga-text", "text", ("Frågan", "The question"), ("Frågan på engelska", "The question in English"), &question.text, false, true, lang)}
        <TextAreaField action id="fraga-hjalp" name="help_sv" rows=3 value=question.help.sv.clone()
            label=lang.t("Hjälptext", "Help text")
            hint=lang.t("Visas under frågan. Förklara ord som den som svarar kanske inte känner till.", "Shown below the question. Explain words the respondent may not know.")/>
        <TextAreaField action id="fraga-hjalp-en" name="help_en" rows=3 lang="en" value=question.help.en.clone()
            label=lang.t("Hjälptext på engelska", "Help text in English")/>
        <SelectField action id="fraga-typ" name="kind" options=kinds value=stored_kind
            label=lang.t("Typ", "Type")
            hint=lang.t("Byter du typ visas inställningarna för den nya typen när du har sparat.", "If you change the type, the new type's settings appear once you have saved.")/>
        <CheckboxField action id="fraga-obligatorisk" name="required" checked=question.required label=required_label/>
    }
}

fn key_field(action: &'static str, question: &Question, lang: Lang) -> impl IntoView {
    view! {
        <TextField action id=KEY_FIELD name="new_key" class="input--short" value=question.key.clone() autocomplete="off"
            label=lang.t("Nyckel", "Key")
            hint=lang.t(
                "Frågans namn i exporter och i JSON: a–z, siffror och understreck. Ändra den inte efter att svar har kommit in.",
                "The question's name in exports and JSON: a–z, digits and underscores. Do not change it once answers have come in.",
            )/>
    }
}

/// The settings of the question's current type; a refused post keeps what
/// was typed in them.
fn kind_settings(action: &'static str, question: &Question, lang: Lang) -> impl IntoView {
    // The option rows are a table of unlabelled-by-field inputs: each keeps
    // its typed value by its indexed name.
    let kept = move |name: String, stored: String| typed(action, &name).unwrap_or(stored);
    match &question.kind {
        QuestionKind::SingleChoice { options, other } | QuestionKind::MultipleChoice { options, other } => {
            let rows = options.len();
            let options = options.clone();
            let error = crate::components::field_error(action, OPTIONS_FIELD, false);
            let error_id = format!("{OPTIONS_FIELD}-fel");
            let (class, describedby) = match &error {
                Some(_) => ("field field--error", Some(error_id.clone())),
                None => ("field", None),
            };
            let other_id = "fraga-annat";
            view! {
                <fieldset class=class id=OPTIONS_FIELD tabindex="-1" aria-describedby=describedby>
                    <legend>{lang.t("Svarsalternativ", "Options")}</legend>
                    {error.map(|e| view! {
                        <p class="field-error" id=error_id.clone()><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{e}</p>
                    })}
                    <p class="hint">{lang.t(
                        "Tomma rader tas bort. Fyll i de tomma raderna längst ner för att lägga till alternativ.",
                        "Empty rows are removed. Fill in the empty rows at the bottom to add options.",
                    )}</p>
                    <TableWrap label=lang.t("Svarsalternativ", "Options")>
                        <table class="data-table options-table">
                            <thead><tr>
                                <th scope="col">{lang.t("Alternativ", "Option")}</th>
                                <th scope="col">{lang.t("På engelska", "In English")}</th>
                                <th scope="col">{lang.t("Nyckel", "Key")}</th>
                                <th scope="col"><span class="visually-hidden">{lang.t("Åtgärder", "Actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {options.into_iter().map(Some).chain(std::iter::repeat_n(None, 3)).enumerate().map(|(i, o)| {
                                    let (sv, en, key) = o.as_ref().map(|o| (o.label.sv.clone(), o.label.en.clone(), o.key.clone())).unwrap_or_default();
                                    let (sv, en, key) = (kept(format!("opt_sv[{i}]"), sv), kept(format!("opt_en[{i}]"), en), kept(format!("opt_key[{i}]"), key));
                                    let name = if sv.is_empty() { format!("{} {}", lang.t("Nytt alternativ", "New option"), i + 1 - rows) } else { sv.clone() };
                                    view! {
                                        <tr>
                                            <td><input type="text" name=format!("opt_sv[{i}]") value=sv aria-label=format!("{} {}", lang.t("Alternativ", "Option"), i + 1)/></td>
                                            <td><input type="text" name=format!("opt_en[{i}]") value=en lang="en" aria-label=format!("{} {}, {}", lang.t("Alternativ", "Option"), i + 1, lang.t("på engelska", "in English"))/></td>
                                            <td><input type="text" name=format!("opt_key[{i}]") value=key class="input--key" spellcheck="false" aria-label=format!("{} {}, {}", lang.t("Alternativ", "Option"), i + 1, lang.t("nyckel", "key"))/></td>
                                            <td class="options-table__actions">{o.is_some().then(|| view! {
                                                {(i > 0).then(|| view! { <button type="submit" name="action" value=format!("opt_up:{i}") class="link-button">{lang.t("Upp", "Up")}<span class="visually-hidden">{format!(": {name}")}</span></button> })}
                                                " "
                                                {(i + 1 < rows).then(|| view! { <button type="submit" name="action" value=format!("opt_down:{i}") class="link-button">{lang.t("Ner", "Down")}<span class="visually-hidden">{format!(": {name}")}</span></button> })}
                                                " "
                                                <button type="submit" name="action" value=format!("opt_delete:{i}") class="link-button link-button--danger">{lang.t("Ta bort", "Delete")}<span class="visually-hidden">{format!(": {name}")}</span></button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                    <button type="submit" name="action" value="opt_add" class="button button--secondary">{lang.t("Spara och visa fler tomma rader", "Save and show more empty rows")}</button>
                    <CheckboxField action id=other_id name="other" checked=*other
                        label=lang.t("Lägg till ”Annat” med ett textfält", "Add “Other” with a text field")/>
                </fieldset>
            }.into_any()
        }
        QuestionKind::Number { min, max, integer } => {
            let show = |n: &Option<f64>| n.map(super::model::format_number).unwrap_or_default();
            view! {
                <fieldset class="field">
                    <legend>{lang.t("Tillåtna tal", "Allowed numbers")}</legend>
                    <TextField action id="fraga-min" name="min" inputmode="decimal" class="input--short" value=show(min) label=lang.t("Minst", "At least")/>
                    <TextField action id="fraga-max" name="max" inputmode="decimal" class="input--short" value=show(max) label=lang.t("Högst", "At most")/>
                    <CheckboxField action id="fraga-heltal" name="integer" checked=*integer label=lang.t("Bara heltal", "Whole numbers only")/>
                </fieldset>
            }.into_any()
        }
        QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => view! {
            <TextField action id="fraga-langd" name="max_length" inputmode="numeric" class="input--short" value=max_length.to_string()
                label=lang.t("Högsta antal tecken", "Maximum number of characters")/>
        }.into_any(),
        QuestionKind::Scale { min_label, max_label } => view! {
            <fieldset class="field">
                <legend>{lang.t("Skalans ändpunkter", "The scale's end points")}</legend>
                <TextField action id="fraga-min-text" name="min_label_sv" value=min_label.sv.clone() label=lang.t("Text vid 1", "Label at 1")/>
                <TextField action id="fraga-min-text-en" name="min_label_en" lang="en" value=min_label.en.clone() label=lang.t("Text vid 1 på engelska", "Label at 1 in English")/>
                <TextField action id="fraga-max-text" name="max_label_sv" value=max_label.sv.clone() label=lang.t("Text vid 5", "Label at 5")/>
                <TextField action id="fraga-max-text-en" name="max_label_en" lang="en" value=max_label.en.clone() label=lang.t("Text vid 5 på engelska", "Label at 5 in English")/>
            </fieldset>
        }.into_any(),
        QuestionKind::YesNo | QuestionKind::Email | QuestionKind::Date => ().into_any(),
        QuestionKind::Group { max_items, item_label, add_label, .. } => view! {
            <fieldset class="field">
                <legend>{lang.t("Posterna", "The items")}</legend>
                <p class="hint">{lang.t(
                    "Den som svarar fyller i delfrågorna en gång för varje post och lägger till och tar bort poster själv. Delfrågorna ändras längre ner på sidan.",
                    "The respondent answers the sub-questions once per item and adds and removes items themselves. The sub-questions are changed further down the page.",
                )}</p>
                <TextField action id="grupp-post" name="item_label_sv" class="input--short" value=item_label.sv.clone()
                    label=lang.t("Vad en post heter", "What an item is called")
                    hint=lang.t("Visas med ett nummer efter: ”Projekt 2”.", "Shown with a number after it: “Project 2”.")/>
                <TextField action id="grupp-post-en" name="item_label_en" class="input--short" lang="en" value=item_label.en.clone()
                    label=lang.t("Vad en post heter, på engelska", "What an item is called, in English")/>
                <TextField action id="grupp-knapp" name="add_label_sv" value=add_label.sv.clone()
                    label=lang.t("Text på knappen för att lägga till", "Text of the add button")
                    hint=lang.t("Till exempel ”Lägg till ett projekt”. Tomt betyder ”Lägg till” och postens namn.", "For example “Add a project”. Empty means “Add” and the item's name.")/>
                <TextField action id="grupp-knapp-en" name="add_label_en" lang="en" value=add_label.en.clone()
                    label=lang.t("Text på knappen, på engelska", "Text of the button, in English")/>
                <TextField action id="grupp-max" name="max_items" inputmode="numeric" class="input--short" value=max_items.to_string()
                    label=lang.t("Högsta antal poster", "Maximum number of items")
                    hint=lang.t("Från 1 till 100.", "From 1 to 100.")/>
            </fieldset>
        }.into_any(),
    }
}

/// A group's sub-questions in the builder: each with its type and actions,
/// and a form to add one.
fn sub_question_list(
    b: &BuilderData,
    group: &Question,
    structure: ServerAction<ChangeStructure>,
    add: ServerAction<AddSubQuestion>,
    lang: Lang,
) -> impl IntoView {
    let subs = group.kind.sub_questions().to_vec();
    let all_subs = subs.clone();
    let count = subs.len();
    let (id, rev, group_key) = (b.id.clone(), b.rev.clone(), group.key.clone());
    let items = subs.into_iter().enumerate().map(|(i, sub)| {
        let meta = [
            Some(sub.kind.label(lang).to_string()),
            sub.required.then(|| lang.t("obligatorisk", "required").to_string()),
            sub.condition.as_ref().map(|c| sub_condition_summary(&all_subs, c, lang)),
        ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        let options = sub.kind.options().iter().map(|o| o.label.get(lang).to_string()).collect::<Vec<_>>();
        let other = sub.kind.has_other();
        let name = sub.text.get(lang).to_string();
        let (id, rev, group_key) = (id.clone(), rev.clone(), group_key.clone());
        let sub_key = sub.key.clone();
        let edit_href = format!("/enkater/{id}/fragor/{group_key}/delfragor/{}", sub.key);
        let action = move |what: &str| format!("{what}:{group_key}:{sub_key}");
        view! {
            <li class="builder-question" id=format!("delfraga-{}", sub.key)>
                <p class="builder-question__text">{name.clone()}</p>
                <p class="builder-question__meta"><code>{sub.key.clone()}</code>" · "{meta}</p>
                {(!options.is_empty()).then(|| view! {
                    <p class="builder-question__options">{options.join(" / ")}{other.then(|| format!(" / {}", lang.t("Annat", "Other")))}</p>
                })}
                <ActionForm action=structure attr:class="builder-actions">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="rev" value=rev/>
                    <a href=edit_href>{lang.t("Ändra", "Edit")}<span class="visually-hidden">{format!(" {name}")}</span></a>
                    {(i > 0).then(|| view! { <button type="submit" name="action" value=action("sub_up") class="link-button">{lang.t("Flytta upp", "Move up")}<span class="visually-hidden">{format!(" {name}")}</span></button> })}
                    {(i + 1 < count).then(|| view! { <button type="submit" name="action" value=action("sub_down") class="link-button">{lang.t("Flytta ner", "Move down")}<span class="visually-hidden">{format!(" {name}")}</span></button> })}
                    <details class="confirm-delete">
                        <summary>{lang.t("Ta bort", "Delete")}<span class="visually-hidden">{format!(" {name}")}</span></summary>
                        <p>{lang.t("Svar som redan getts på delfrågan finns kvar i frysta versioner.", "Answers already given to the sub-question remain in frozen versions.")}</p>
                        <button type="submit" name="action" value=action("sub_delete") class="button button--warning">{lang.t("Ja, ta bort delfrågan", "Yes, delete the sub-question")}</button>
                    </details>
                </ActionForm>
            </li>
        }
    }).collect_view();
    let (id, rev, group_key) = (b.id.clone(), b.rev.clone(), group.key.clone());
    view! {
        <section class="builder-section" aria-labelledby="delfragor">
            <h2 id="delfragor">{lang.t("Delfrågor", "Sub-questions")}</h2>
            <p class="hint">{lang.t(
                "Besvaras en gång för varje post. En delfråga kan ställas bara vid vissa svar på en tidigare delfråga i samma post, men gäller alla typer av enheter som ser gruppen.",
                "Answered once for each item. A sub-question can be asked only after certain answers to an earlier sub-question of the same item, but applies to every kind of unit that sees the group.",
            )}</p>
            <FormErrors action=ChangeStructure::PATH first="delfragor"/>
            <ol class="builder-questions">{items}</ol>
            <details class="builder-add" open=echo_for(AddSubQuestion::PATH).is_some_and(|e| e.outcome.is_err())>
                <summary>{lang.t("Lägg till en delfråga", "Add a sub-question")}</summary>
                <FormErrors action=AddSubQuestion::PATH first="ny-delfraga"/>
                <ActionForm action=add>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="rev" value=rev/>
                    <input type="hidden" name="group" value=group_key/>
                    <TextField action=AddSubQuestion::PATH id="ny-delfraga" name="text_sv" first=true label=lang.t("Frågan", "The question")/>
                    <SelectField action=AddSubQuestion::PATH id="ny-delfraga-typ" name="kind" label=lang.t("Typ", "Type")
                        options=KIND_NAMES.iter().filter(|k| **k != "group").map(|k| (k.to_string(), QuestionKind::label_for(k, lang).to_string())).collect()/>
                    <TextAreaField action=AddSubQuestion::PATH id="ny-delfraga-alt" name="options" rows=4
                        label=lang.t("Svarsalternativ, ett per rad (för frågor med val)", "Options, one per line (for choice questions)")/>
                    <button type="submit" class="button button--secondary">{lang.t("Lägg till delfråga", "Add sub-question")}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Editing one sub-question of a repeating group.
#[component]
pub fn SubQuestionEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let group = move || params.with(|p| p.get("key").unwrap_or_default());
    let sub = move || params.with(|p| p.get("sub").unwrap_or_default());
    let save = ServerAction::<SaveSubQuestion>::new();
    let action = SaveSubQuestion::PATH;
    let data = Resource::new(id, get_builder);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(b) => b,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let Some(parent) = b.definition.question(&group()).cloned().filter(|x| b.can_edit && x.kind.is_group()) else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                let Some(question) = parent.kind.sub_questions().iter().find(|x| x.key == sub()).cloned() else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                let heading = format!("{}: {}", lang.t("Ändra delfrågan", "Edit the sub-question"), question.text.get(lang));
                let stored_kind = question.kind.name();
                view! {
                    <PageTitle text=heading.clone()/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/enkater">{lang.t("Enkäter", "Questionnaires")}</a>
                            <a href=format!("/enkater/{}", b.id)>{b.definition.title.get(lang).to_string()}</a>
                            <a href=format!("/enkater/{}/fragor/{}", b.id, parent.key)>{parent.text.get(lang).to_string()}</a>
                        </nav>
                        <FormErrors action first="fraga-text"/>
                        <h1>{heading}</h1>
                        <ActionForm action=save>
                            <input type="hidden" name="id" value=b.id.clone()/>
                            <input type="hidden" name="rev" value=b.rev.clone()/>
                            <input type="hidden" name="group" value=parent.key.clone()/>
                            <input type="hidden" name="key" value=question.key.clone()/>
                            {question_common_fields(action, &question, stored_kind, true, lang)}
                            <div>
                                {kind_settings(action, &question, lang)}
                            </div>
                            {condition_picker(action, sub_condition_sources(&parent, &question.key), question.condition.clone(), "sub", lang)}
                            {key_field(action, &question, lang)}
                            <button type="submit" name="action" value="save" class="button">{lang.t("Spara delfrågan", "Save the sub-question")}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The preview: the questionnaire exactly as a respondent sees it, one part at
/// a time. Without JavaScript the answers travel in the address, so conditions
/// can be tried out too; with it, conditions follow every click.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(id, get_builder);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(b) => b,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let fields: Vec<(String, String)> = query.with(|q| {
                    q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
                });
                view! { <Preview b fields lang/> }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Preview(b: BuilderData, fields: Vec<(String, String)>, lang: Lang) -> impl IntoView {
    let q = b.definition.clone();
    // "Lägg till" or "Ta bort" on a repeating group: the same part again,
    // with the item added or removed.
    let item_action = fields
        .iter()
        .find(|(k, _)| k == "_gor")
        .and_then(|(_, v)| ItemAction::parse(v));
    let fields = match &item_action {
        Some(action) => apply_item_action(&q, &fields, action).0,
        None => normalize_items(&q, &fields),
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let kind = get("_typ")
        .and_then(|k| UnitKind::parse(&k))
        .unwrap_or(UnitKind::Forvaltning);
    let input = from_form(&q, &fields);
    let answers: Answers = input.answers.clone();
    // The parts this unit sees with these answers.
    let seen = visibility(&q, kind, &answers);
    let parts: Vec<usize> = q
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| seen.section(&s.key))
        .map(|(i, _)| i)
        .collect();
    let requested: usize = get("_del").and_then(|d| d.parse().ok()).unwrap_or(1);
    let step = requested.max(1);
    // Past the last part comes the review.
    let section = parts.get(step - 1).copied();
    // Problems are shown for the part the reader just left, as a respondent would see them.
    let checked = check(&q, kind, &answers, Mode::Draft);
    let mut problems = input.problems.clone();
    problems.extend(checked.problems);
    let from: Option<usize> = get("_fran").and_then(|d| d.parse().ok());
    let shown_problems: Vec<_> = match from.and_then(|f| q.sections.get(f)) {
        // Only questions shown now: a hidden field still posts what was typed in it.
        Some(s) => problems
            .into_iter()
            .filter(|p| {
                let base = base_key(&p.key);
                seen.question(base) && s.questions.iter().any(|x| x.key == base)
            })
            .collect(),
        None => Vec::new(),
    };
    let stay = !shown_problems.is_empty() || item_action.is_some();
    let (section, step) = match (from, stay) {
        // Stay on the part with problems, or where an item was added or removed.
        (Some(f), true) => (
            Some(f),
            parts
                .iter()
                .position(|p| *p == f)
                .map(|p| p + 1)
                .unwrap_or(step),
        ),
        _ => (section, step),
    };
    let typed: super::form::Typed = fields
        .iter()
        .filter(|(k, _)| shown_problems.iter().any(|p| &p.key == k))
        .cloned()
        .collect();
    let part_keys: Vec<String> = section
        .map(|s| {
            q.sections[s]
                .questions
                .iter()
                .map(|x| x.key.clone())
                .collect()
        })
        .unwrap_or_default();
    // Answers from other parts travel along in hidden fields.
    let carried: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| {
            !k.starts_with('_')
                && !part_keys.iter().any(|p| {
                    k == p || k.starts_with(&format!("{p}.")) || k.starts_with(&format!("{p}["))
                })
        })
        .cloned()
        .collect();
    let total = parts.len();
    let summary: Vec<FieldProblem> = shown_problems
        .iter()
        .map(|p| FieldProblem {
            field_id: super::form::field_id(&p.key),
            message: problem_message(&q, p, lang),
        })
        .collect();
    let review = section.is_none() && !parts.is_empty();
    view! {
        <PageTitle text=format!("{}: {}", lang.t("Förhandsgranskning", "Preview"), q.title.get(lang))/>
        <div class="page page--narrow respondent">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/enkater">{lang.t("Enkäter", "Questionnaires")}</a>
                <a href=format!("/enkater/{}", b.id)>{q.title.get(lang).to_string()}</a>
            </nav>
            <div class="notice preview-banner">
                <p>{lang.t("Förhandsgranskning. Svaren sparas inte.", "Preview. Answers are not saved.")}</p>
                <form method="get" class="preview-kind">
                    <label for="forhands-typ">{lang.t("Visa som", "Show as")}</label>
                    <select id="forhands-typ" name="_typ">
                        {UnitKind::ALL.into_iter().map(|k| view! { <option value=k.key() selected=k == kind>{k.label(lang)}</option> }).collect_view()}
                    </select>
                    " "
                    <button type="submit" class="button button--secondary">{lang.t("Visa", "Show")}</button>
                </form>
            </div>
            {(!summary.is_empty()).then(|| view! { <ErrorSummary problems=summary/> })}
            <p class="caption">{q.title.get(lang).to_string()}</p>
            {match section {
                Some(s) => {
                    let part = &q.sections[s];
                    view! {
                        <p class="progress">{match lang { Lang::Sv => format!("Del {step} av {total}"), Lang::En => format!("Part {step} of {total}") }}</p>
                        <h1>{part.title.get(lang).to_string()}</h1>
                        {(!part.intro.is_empty()).then(|| view! { <p>{part.intro.get(lang).to_string()}</p> })}
                        {(step == 1 && !q.intro.is_empty()).then(|| view! { <p class="lead notes">{q.intro.get(lang).to_string()}</p> })}
                        {
                            let (questionnaire, answers) = super::form::part_only(&q, s, kind, &answers);
                            view! { <PreviewForm questionnaire section=s kind answers problems=shown_problems typed carried step total lang/> }
                        }
                    }.into_any()
                }
                None if review => view! {
                    <h1>{lang.t("Granska dina svar", "Review your answers")}</h1>
                    {q.sections.iter().filter(|s| seen.section(&s.key)).map(|s| view! {
                        <h2>{s.title.get(lang).to_string()}</h2>
                        <dl class="facts">
                            {s.questions.iter().filter(|x| seen.question(&x.key) && applies_to(&x.kinds, kind)).map(|x| {
                                let text = answer_text(x, &answers, lang);
                                let items = match answers.get(&x.key) {
                                    Some(Answer::Items(items)) => Some(items.clone()),
                                    _ => None,
                                };
                                view! {
                                    <dt>{x.text.get(lang).to_string()}</dt>
                                    <dd>{match items {
                                        Some(items) => view! { <ItemsSummary question=x.clone() items lang/> }.into_any(),
                                        None if text.is_empty() => lang.t("Inte besvarad", "Not answered").into_any(),
                                        None => text.into_any(),
                                    }}</dd>
                                }
                            }).collect_view()}
                        </dl>
                    }).collect_view()}
                    {
                        let missing = check(&q, kind, &answers, Mode::Submit).problems.len();
                        view! { <p>{match lang {
                            Lang::Sv if missing == 0 => "Alla obligatoriska frågor är besvarade. Den som svarar skulle nu kunna skicka in.".to_string(),
                            Lang::Sv => format!("{missing} frågor behöver svar eller rättas innan svaren kan skickas in."),
                            Lang::En if missing == 0 => "All required questions are answered. A respondent could now submit.".to_string(),
                            Lang::En => format!("{missing} questions need an answer or a correction before the answers can be submitted."),
                        }}</p> }
                    }
                    <p><a href=format!("/enkater/{}/forhandsgranska?_typ={}", b.id, kind.key())>{lang.t("Börja om", "Start again")}</a></p>
                }.into_any(),
                None => view! { <p>{lang.t("Enkäten har inga delar som visas för den här typen av enhet.", "The questionnaire has no parts shown to this kind of unit.")}</p> }.into_any(),
            }}
        </div>
    }
}

/// The preview's form for one part: a GET form that keeps the answers in the
/// address. An island, so that conditions follow the answers as they are
/// given, as they do for a respondent.
#[island]
#[allow(clippy::too_many_arguments)]
fn PreviewForm(
    questionnaire: Questionnaire,
    section: usize,
    kind: UnitKind,
    answers: Answers,
    problems: Vec<crate::questionnaire::rules::Problem>,
    typed: super::form::Typed,
    /// Answers from other parts, carried along in hidden fields.
    carried: Vec<(String, String)>,
    step: usize,
    total: usize,
    lang: Lang,
) -> impl IntoView {
    // `questionnaire` holds this part alone (see `part_only`); `section` is
    // the part's place in the whole questionnaire.
    let part_keys: Vec<String> = questionnaire
        .sections
        .first()
        .map(|s| s.questions.iter().map(|x| x.key.clone()).collect())
        .unwrap_or_default();
    let live = LiveState::new(answers);
    let on_change = live.on_form_change(questionnaire.clone(), part_keys);
    view! {
        <form method="get" on:change=on_change.clone() on:input=on_change novalidate>
            <input type="hidden" name="_typ" value=kind.key()/>
            <input type="hidden" name="_fran" value=section.to_string()/>
            {carried.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <SectionFields questionnaire section=0 kind live problems typed lang/>
            <div class="button-group">
                <button type="submit" name="_del" value=(step + 1).to_string() class="button">{if step == total { lang.t("Granska svaren", "Review the answers") } else { lang.t("Nästa del", "Next part") }}</button>
                {(step > 1).then(|| view! { <button type="submit" name="_del" value=(step - 1).to_string() class="button button--secondary">{lang.t("Föregående del", "Previous part")}</button> })}
            </div>
        </form>
    }
}
