//! Pages that change the registry: a municipality's facts and priorities, a unit
//! and its contacts, and the list of sectors.

use super::edit_api::{
    admin_sector_list, unit_editor, AddSector, DeleteContact, SaveContact, SectorOption,
    SetUnitArchived, UpdateMunicipality, UpdateUnit,
};
use super::get_municipality;
use crate::components::{form_error, ErrorSummary, FieldProblem, PageTitle, TextArea};
use crate::i18n::{use_lang, Lang};
use crate::pages::format_int;
use crate::vocabulary::{UnitKind, THEMES};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// Kind and sector fields, shared by the forms that create and change units.
pub fn unit_fields(
    prefix: &'static str,
    lang: Lang,
    name: String,
    kind: String,
    sector: String,
    sectors: Vec<SectorOption>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=format!("{prefix}-name")>{lang.t("Namn", "Name")}</label>
            <input id=format!("{prefix}-name") name="name" type="text" value=name required/>
        </div>
        <div class="field">
            <label for=format!("{prefix}-kind")>{lang.t("Typ", "Kind")}</label>
            <select id=format!("{prefix}-kind") name="kind">
                {UnitKind::ALL.into_iter().map(|k| view! {
                    <option value=k.key() selected=k.key() == kind>{k.label(lang)}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=format!("{prefix}-sector")>{lang.t("Verksamhetsområde", "Sector")}</label>
            <select id=format!("{prefix}-sector") name="sector">
                {sectors.into_iter().map(|s| {
                    let selected = s.key == sector;
                    let label = match lang { Lang::Sv => s.name_sv, Lang::En => s.name_en };
                    view! { <option value=s.key selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn MunicipalityEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let municipality = Resource::new(code, get_municipality);
    let update = ServerAction::<UpdateMunicipality>::new();
    let error = form_error(update.value(), UpdateMunicipality::PATH);

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(m) = municipality.await else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                if !m.can_edit {
                    return view! { <crate::pages::NotFound/> }.into_any();
                }
                let chosen = m.priorities.clone();
                let title_name = m.name.clone();
                view! {
                    <PageTitle text=move || {
                        let title = format!("{} {}", lang.t("Redigera", "Edit"), title_name);
                        if error.try_get().flatten().is_some() { format!("{}: {title}", lang.t("Fel", "Error")) } else { title }
                    }/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href=format!("/kommuner/{}", m.code)>{m.name.clone()}</a>
                        </nav>
                        {move || error.get().map(|e| view! {
                            <ErrorSummary problems=vec![FieldProblem { field_id: "population".into(), message: e.to_string() }]/>
                        })}
                        <h1>{format!("{} {}", lang.t("Redigera", "Edit"), m.name)}</h1>
                        <p>{format!("{} {} · {}", lang.t("Kommunkod", "Code"), m.code, m.county)}</p>
                        <ActionForm action=update>
                            <input type="hidden" name="code" value=m.code.clone()/>
                            <div class="field">
                                <label for="population">{lang.t("Invånare", "Population")}</label>
                                <input id="population" name="population" type="text" inputmode="numeric" class="input--short"
                                    value=m.population.map(format_int).unwrap_or_default()/>
                            </div>
                            <fieldset class="field">
                                <legend>{lang.t("Kommunens prioriterade områden", "The municipality's priority areas")}</legend>
                                <p class="hint">{lang.t(
                                    "Områden som kommunen själv har prioriterat. Analysen visar om någon enhet arbetar med dem.",
                                    "Areas the municipality itself has prioritised. The analysis shows whether any unit works on them.",
                                )}</p>
                                <div class="checkboxes">
                                    {THEMES.iter().enumerate().map(|(i, (key, sv, en))| {
                                        let id = format!("prio-{key}");
                                        view! {
                                            <div class="checkbox">
                                                <input type="checkbox" id=id.clone() name=format!("priorities[{i}]") value=*key checked=chosen.iter().any(|c| c == key)/>
                                                <label for=id>{lang.t(sv, en)}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                            <div class="field">
                                <label for="notes">{lang.t("Anteckningar", "Notes")}</label>
                                <TextArea value={m.notes.clone()} {..} id="notes" name="notes" rows="5"/>
                            </div>
                            <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn UnitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let update = ServerAction::<UpdateUnit>::new();
    let archive = ServerAction::<SetUnitArchived>::new();
    let save_contact = ServerAction::<SaveContact>::new();
    let delete_contact = ServerAction::<DeleteContact>::new();
    let errors = [
        form_error(update.value(), UpdateUnit::PATH),
        form_error(archive.value(), SetUnitArchived::PATH),
        form_error(save_contact.value(), SaveContact::PATH),
        form_error(delete_contact.value(), DeleteContact::PATH),
    ];
    let error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    let unit = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                archive.version().get(),
                save_contact.version().get(),
                delete_contact.version().get(),
            )
        },
        |(id, ..)| unit_editor(id),
    );

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(detail) = unit.await else {
                    return view! { <crate::pages::NotFound/> }.into_any();
                };
                let u = detail.unit;
                let can_edit = detail.can_edit;
                let sector_label = match lang { Lang::Sv => u.sector_sv.clone(), Lang::En => u.sector_en.clone() };
                let kind_label = UnitKind::parse(&u.kind).map(|k| k.label(lang)).unwrap_or_default();
                let unit_id = u.id.clone();
                let title_name = u.name.clone();
                view! {
                    <PageTitle text=move || {
                        let title = title_name.clone();
                        if error.try_get().flatten().is_some() { format!("{}: {title}", lang.t("Fel", "Error")) } else { title }
                    }/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href=format!("/kommuner/{}", detail.municipality_code)>{detail.municipality_name.clone()}</a>
                        </nav>
                        {move || error.get().map(|e| view! {
                            <ErrorSummary problems=vec![FieldProblem { field_id: "enhet-name".into(), message: e.to_string() }]/>
                        })}
                        <h1>{u.name.clone()}</h1>
                        <p class="lead">{format!("{kind_label} · {sector_label}")}</p>
                        {u.archived.then(|| view! {
                            <div class="notice notice--warning"><p>{lang.t(
                                "Enheten är arkiverad. Den finns kvar i tidigare kartläggningar men kommer inte med i nya.",
                                "The unit is archived. It stays in earlier mappings but is left out of new ones.",
                            )}</p></div>
                        })}

                        <h2>{lang.t("Kontaktpersoner", "Contacts")}</h2>
                        {u.contacts.is_empty().then(|| view! { <p class="tag tag--warning">{lang.t("Saknar kontaktperson", "No contact person")}</p> })}
                        <ul class="contacts contacts--editable">
                            {u.contacts.clone().into_iter().map(|c| {
                                let uid = unit_id.clone();
                                let uid2 = unit_id.clone();
                                let cid = c.id.clone();
                                let cid2 = c.id.clone();
                                view! {
                                    <li>
                                        <span class="contacts__name">{c.name.clone()}</span>
                                        {(!c.role.is_empty()).then(|| format!(", {}", c.role))}
                                        {c.is_international.then(|| view! { " " <span class="tag">{lang.t("internationell kontaktperson", "international contact")}</span> })}
                                        <br/>{c.email.clone()}{(!c.phone.is_empty()).then(|| format!(" · {}", c.phone))}
                                        {can_edit.then(|| view! {
                                            <details class="edit-contact">
                                                <summary>{lang.t("Ändra", "Edit")}<span class="visually-hidden">{format!(" {}", c.name)}</span></summary>
                                                <ActionForm action=save_contact>
                                                    <input type="hidden" name="unit_id" value=uid/>
                                                    <input type="hidden" name="contact_id" value=cid/>
                                                    {contact_fields(&format!("k-{}", c.id), lang, c.name.clone(), c.email.clone(), c.phone.clone(), c.role.clone(), c.is_international)}
                                                    <button type="submit" class="button button--secondary">{lang.t("Spara kontaktpersonen", "Save the contact")}</button>
                                                </ActionForm>
                                                <ActionForm action=delete_contact>
                                                    <input type="hidden" name="unit_id" value=uid2/>
                                                    <input type="hidden" name="contact_id" value=cid2/>
                                                    <button type="submit" class="link-button link-button--danger">{lang.t("Ta bort kontaktpersonen", "Remove the contact")}</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {can_edit.then(|| {
                            let uid = unit_id.clone();
                            view! {
                                <h3>{lang.t("Lägg till kontaktperson", "Add a contact")}</h3>
                                <ActionForm action=save_contact>
                                    <input type="hidden" name="unit_id" value=uid/>
                                    {contact_fields("ny", lang, String::new(), String::new(), String::new(), String::new(), false)}
                                    <button type="submit" class="button">{lang.t("Lägg till", "Add")}</button>
                                </ActionForm>
                            }
                        })}

                        {can_edit.then(|| {
                            let (uid, uid2) = (unit_id.clone(), unit_id.clone());
                            let archived = u.archived;
                            view! {
                                <h2>{lang.t("Ändra enheten", "Edit the unit")}</h2>
                                <ActionForm action=update>
                                    <input type="hidden" name="id" value=uid/>
                                    {unit_fields("enhet", lang, u.name.clone(), u.kind.clone(), u.sector.clone(), detail.sectors.clone())}
                                    <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
                                </ActionForm>
                                <h2>{if archived { lang.t("Återställ", "Restore") } else { lang.t("Arkivera", "Archive") }}</h2>
                                <ActionForm action=archive>
                                    <input type="hidden" name="id" value=uid2/>
                                    <input type="hidden" name="archived" value=(!archived).to_string()/>
                                    <p>{if archived {
                                        lang.t("En återställd enhet kommer med i nya kartläggningar igen.", "A restored unit is included in new mappings again.")
                                    } else {
                                        lang.t("En arkiverad enhet behåller sin historik men kommer inte med i nya kartläggningar.", "An archived unit keeps its history but is left out of new mappings.")
                                    }}</p>
                                    <button type="submit" class="button button--secondary">{if archived {
                                        lang.t("Återställ enheten", "Restore the unit")
                                    } else {
                                        lang.t("Arkivera enheten", "Archive the unit")
                                    }}</button>
                                </ActionForm>
                            }
                        })}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

fn contact_fields(
    prefix: &str,
    lang: Lang,
    name: String,
    email: String,
    phone: String,
    role: String,
    international: bool,
) -> impl IntoView {
    let id = |field: &str| format!("{prefix}-{field}");
    view! {
        <div class="field">
            <label for=id("name")>{lang.t("Namn", "Name")}</label>
            <input id=id("name") name="name" type="text" autocomplete="off" value=name required/>
        </div>
        <div class="field">
            <label for=id("email")>{lang.t("E-postadress", "E-mail address")}</label>
            <input id=id("email") name="email" type="email" autocomplete="off" spellcheck="false" value=email required/>
        </div>
        <div class="field">
            <label for=id("phone")>{lang.t("Telefon (frivilligt)", "Phone (optional)")}</label>
            <input id=id("phone") name="phone" type="tel" autocomplete="off" value=phone class="input--short"/>
        </div>
        <div class="field">
            <label for=id("role")>{lang.t("Roll (frivilligt)", "Role (optional)")}</label>
            <input id=id("role") name="role" type="text" autocomplete="off" value=role/>
        </div>
        <div class="field checkbox">
            <input id=id("international") name="international" type="checkbox" value="ja" checked=international/>
            <label for=id("international")>{lang.t("Enhetens internationella kontaktperson", "The unit's international contact")}</label>
        </div>
    }
}

#[component]
pub fn SectorsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddSector>::new();
    let error = form_error(add.value(), AddSector::PATH);
    // The administrators' list: for anybody else the page is refused like
    // every other administration page.
    let sectors = Resource::new(move || add.version().get(), |_| admin_sector_list());
    view! {
        <PageTitle text=lang.t("Verksamhetsområden", "Sectors")/>
        <div class="page page--narrow">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match sectors.await {
                        Err(e) => view! {
                            <h1>{lang.t("Verksamhetsområden", "Sectors")}</h1>
                            <p class="notice notice--error">{e.to_string()}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                                <a href="/admin/anvandare">{lang.t("Administration", "Administration")}</a>
                            </nav>
                            {move || error.get().map(|e| view! {
                                <ErrorSummary problems=vec![FieldProblem { field_id: "sector-sv".into(), message: e.to_string() }]/>
                            })}
                            <h1>{lang.t("Verksamhetsområden", "Sectors")}</h1>
                            <p>{lang.t(
                                "Varje enhet hör till ett verksamhetsområde. Analysen visar områden som finns i organisationen men saknar svar.",
                                "Every unit belongs to a sector. The analysis shows sectors present in the organisation with no answer.",
                            )}</p>
                            <ul>{list.into_iter().map(|s| view! { <li>{s.name_sv}" – "<span lang="en">{s.name_en}</span></li> }).collect_view()}</ul>
                            <h2>{lang.t("Lägg till verksamhetsområde", "Add a sector")}</h2>
                            <ActionForm action=add>
                                <div class="field">
                                    <label for="sector-sv">{lang.t("Namn på svenska", "Name in Swedish")}</label>
                                    <input id="sector-sv" name="name_sv" type="text" required/>
                                </div>
                                <div class="field">
                                    <label for="sector-en">{lang.t("Namn på engelska (frivilligt)", "Name in English (optional)")}</label>
                                    <input id="sector-en" name="name_en" type="text"/>
                                </div>
                                <button type="submit" class="button">{lang.t("Lägg till", "Add")}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
