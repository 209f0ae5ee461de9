//! Pages that change the registry: a municipality's facts and priorities, a unit
//! and its contacts, and the list of sectors.

use super::edit_api::{
    admin_sector_list, contact_fields_prefix, unit_editor, AddSector, AddSectorAlias,
    DeleteContact, RemoveSectorAlias, SaveContact, SectorOption, SetUnitArchived,
    UpdateMunicipality, UpdateUnit, ALIAS_SECTOR_FIELD, ALIAS_TEXT_FIELD, SECTOR_EN_FIELD,
    SECTOR_SV_FIELD, UNIT_FIELDS,
};
use super::get_municipality;
use crate::components::{
    echo_for, CheckboxField, Checkboxes, FormErrors, FormScope, LoadError, PageTitle, SavedNotice,
    ScopedForm, SelectField, TextAreaField, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::pages::format_int;
use crate::vocabulary::{UnitKind, THEMES};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// Name, kind and sector fields, shared by the forms that create and change
/// units: `action` is the form's server function, `prefix` starts the ids.
pub fn unit_fields(
    action: &'static str,
    prefix: &'static str,
    lang: Lang,
    name: String,
    kind: String,
    sector: String,
    sectors: Vec<SectorOption>,
) -> impl IntoView {
    let kinds = UnitKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label(lang).to_string()))
        .collect();
    let sectors = sectors
        .into_iter()
        .map(|s| {
            let label = match lang {
                Lang::Sv => s.name_sv,
                Lang::En => s.name_en,
            };
            (s.key, label)
        })
        .collect();
    view! {
        <TextField action id=format!("{prefix}-name") name="name" value=name first=true required=true
            label=lang.t("Namn", "Name")/>
        <SelectField action id=format!("{prefix}-kind") name="kind" options=kinds value=kind
            label=lang.t("Typ", "Kind")/>
        <SelectField action id=format!("{prefix}-sector") name="sector" options=sectors value=sector
            label=lang.t("Verksamhetsområde", "Sector")/>
    }
}

#[component]
pub fn MunicipalityEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let municipality = Resource::new(code, get_municipality);
    let update = ServerAction::<UpdateMunicipality>::new();
    let action = UpdateMunicipality::PATH;

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let m = match municipality.await {
                    Ok(m) => m,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                if !m.can_edit {
                    return view! { <crate::pages::NotFound/> }.into_any();
                }
                let themes = THEMES.iter().map(|(key, sv, en)| (key.to_string(), lang.t(sv, en).to_string())).collect();
                view! {
                    <PageTitle text=format!("{} {}", lang.t("Redigera", "Edit"), m.name)/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href=format!("/kommuner/{}", m.code)>{m.name.clone()}</a>
                        </nav>
                        <FormErrors action first="population"/>
                        <h1>{format!("{} {}", lang.t("Redigera", "Edit"), m.name)}</h1>
                        <p>{format!("{} {} · {}", lang.t("Kommunkod", "Code"), m.code, m.county)}</p>
                        <ActionForm action=update>
                            <input type="hidden" name="code" value=m.code.clone()/>
                            <TextField action id="population" name="population" inputmode="numeric" class="input--short" first=true
                                value=m.population.map(format_int).unwrap_or_default() label=lang.t("Invånare", "Population")/>
                            <Checkboxes action id="prio" name="priorities" options=themes chosen=m.priorities.clone()
                                legend=lang.t("Kommunens prioriterade områden", "The municipality's priority areas")
                                hint=lang.t(
                                    "Områden som kommunen själv har prioriterat. Analysen visar om någon enhet arbetar med dem.",
                                    "Areas the municipality itself has prioritised. The analysis shows whether any unit works on them.",
                                )/>
                            <TextAreaField action id="notes" name="notes" value=m.notes.clone() label=lang.t("Anteckningar", "Notes")/>
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
    let unit = Resource::new(id, unit_editor);

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let detail = match unit.await {
                    Ok(detail) => detail,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let u = detail.unit;
                let can_edit = detail.can_edit;
                let sector_label = match lang { Lang::Sv => u.sector_sv.clone(), Lang::En => u.sector_en.clone() };
                let kind_label = UnitKind::parse(&u.kind).map(|k| k.label(lang)).unwrap_or_default();
                let unit_id = u.id.clone();
                let report_emails: Vec<String> = u.contacts.iter().map(|c| c.email.clone()).collect();
                view! {
                    <PageTitle text=u.name.clone()/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href=format!("/kommuner/{}", detail.municipality_code)>{detail.municipality_name.clone()}</a>
                        </nav>
                        <SavedNotice action=UpdateUnit::PATH/>
                        <SavedNotice action=SaveContact::PATH text=lang.t("Kontaktpersonen är sparad.", "The contact is saved.")/>
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
                                let prefix = contact_fields_prefix(&c.id);
                                view! {
                                    <li>
                                        <span class="contacts__name">{c.name.clone()}</span>
                                        {(!c.role.is_empty()).then(|| format!(", {}", c.role))}
                                        {c.is_international.then(|| view! { " " <span class="tag">{lang.t("internationell kontaktperson", "international contact")}</span> })}
                                        <br/>{c.email.clone()}{(!c.phone.is_empty()).then(|| format!(" · {}", c.phone))}
                                        {can_edit.then(|| view! {
                                            <ScopedForm scope=FormScope::new("contact_id", c.id.clone())>
                                                {
                                                    let open = echo_for(SaveContact::PATH).is_some_and(|e| e.outcome.is_err())
                                                        || echo_for(DeleteContact::PATH).is_some_and(|e| e.outcome.is_err());
                                                    view! {
                                                        <details class="edit-contact" open=open>
                                                            <summary>{lang.t("Ändra", "Edit")}<span class="visually-hidden">{format!(" {}", c.name)}</span></summary>
                                                            <FormErrors action=SaveContact::PATH first=format!("{prefix}-name")/>
                                                            <FormErrors action=DeleteContact::PATH first=format!("{prefix}-name")/>
                                                            <ActionForm action=save_contact>
                                                                <input type="hidden" name="unit_id" value=uid/>
                                                                <input type="hidden" name="contact_id" value=cid/>
                                                                {contact_fields(&prefix, lang, c.name.clone(), c.email.clone(), c.phone.clone(), c.role.clone(), c.is_international)}
                                                                <button type="submit" class="button button--secondary">{lang.t("Spara kontaktpersonen", "Save the contact")}</button>
                                                            </ActionForm>
                                                            <ActionForm action=delete_contact>
                                                                <input type="hidden" name="unit_id" value=uid2/>
                                                                <input type="hidden" name="contact_id" value=cid2/>
                                                                <button type="submit" class="link-button link-button--danger">{lang.t("Ta bort kontaktpersonen", "Remove the contact")}</button>
                                                            </ActionForm>
                                                        </details>
                                                    }
                                                }
                                            </ScopedForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {can_edit.then(|| {
                            let uid = unit_id.clone();
                            let prefix = contact_fields_prefix("");
                            view! {
                                <h3 id="lagg-till-kontakt">{lang.t("Lägg till kontaktperson", "Add a contact")}</h3>
                                <ScopedForm scope=FormScope::new("contact_id", "")>
                                    <FormErrors action=SaveContact::PATH first=format!("{prefix}-name")/>
                                    <ActionForm action=save_contact>
                                        <input type="hidden" name="unit_id" value=uid/>
                                        {contact_fields(&prefix, lang, String::new(), String::new(), String::new(), String::new(), false)}
                                        <button type="submit" class="button">{lang.t("Lägg till", "Add")}</button>
                                    </ActionForm>
                                </ScopedForm>
                            }
                        })}

                        <crate::project_reports::pages::UnitReportLinkSection unit_id=unit_id.clone()
                            unit_name=u.name.clone() emails=report_emails/>

                        {can_edit.then(|| {
                            let (uid, uid2) = (unit_id.clone(), unit_id.clone());
                            let archived = u.archived;
                            view! {
                                <h2>{lang.t("Ändra enheten", "Edit the unit")}</h2>
                                <FormErrors action=UpdateUnit::PATH first=format!("{UNIT_FIELDS}-name")/>
                                <ActionForm action=update>
                                    <input type="hidden" name="id" value=uid/>
                                    {unit_fields(UpdateUnit::PATH, UNIT_FIELDS, lang, u.name.clone(), u.kind.clone(), u.sector.clone(), detail.sectors.clone())}
                                    <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
                                </ActionForm>
                                <h2>{if archived { lang.t("Återställ", "Restore") } else { lang.t("Arkivera", "Archive") }}</h2>
                                <FormErrors action=SetUnitArchived::PATH first="arkivera"/>
                                <ActionForm action=archive>
                                    <input type="hidden" name="id" value=uid2/>
                                    <input type="hidden" name="archived" value=(!archived).to_string()/>
                                    <p>{if archived {
                                        lang.t("En återställd enhet kommer med i nya kartläggningar igen.", "A restored unit is included in new mappings again.")
                                    } else {
                                        lang.t("En arkiverad enhet behåller sin historik men kommer inte med i nya kartläggningar.", "An archived unit keeps its history but is left out of new mappings.")
                                    }}</p>
                                    <button id="arkivera" type="submit" class="button button--secondary">{if archived {
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

/// A contact's fields; `prefix` starts their ids
/// ([`contact_fields_prefix`], which the server function names them by).
fn contact_fields(
    prefix: &str,
    lang: Lang,
    name: String,
    email: String,
    phone: String,
    role: String,
    international: bool,
) -> impl IntoView {
    let action = SaveContact::PATH;
    let id = |field: &str| format!("{prefix}-{field}");
    view! {
        <TextField action id=id("name") name="name" value=name first=true required=true autocomplete="off"
            label=lang.t("Namn", "Name")/>
        <TextField action id=id("email") name="email" kind="email" value=email required=true autocomplete="off"
            label=lang.t("E-postadress", "E-mail address")/>
        <TextField action id=id("phone") name="phone" kind="tel" value=phone autocomplete="off" class="input--short"
            label=lang.t("Telefon (frivilligt)", "Phone (optional)")/>
        <TextField action id=id("role") name="role" value=role autocomplete="off"
            label=lang.t("Roll (frivilligt)", "Role (optional)")/>
        <CheckboxField action id=id("international") name="international" checked=international
            label=lang.t("Enhetens internationella kontaktperson", "The unit's international contact")/>
    }
}

#[component]
pub fn SectorsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddSector>::new();
    let add_alias = ServerAction::<AddSectorAlias>::new();
    let remove_alias = ServerAction::<RemoveSectorAlias>::new();
    let action = AddSector::PATH;
    let alias_action = AddSectorAlias::PATH;
    // The administrators' list: for anybody else the page is refused like
    // every other administration page.
    let sectors = Resource::new(|| (), |_| admin_sector_list());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match sectors.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => {
                        let options: Vec<(String, String)> = std::iter::once((String::new(), lang.t("Välj verksamhetsområde", "Choose a sector").to_string()))
                            .chain(list.iter().map(|s| (s.key.clone(), match lang { Lang::Sv => s.name_sv.clone(), Lang::En => s.name_en.clone() })))
                            .collect();
                        view! {
                        <PageTitle text=lang.t("Verksamhetsområden", "Sectors")/>
                        <div class="page page--narrow">
                            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                                <a href="/admin/anvandare">{lang.t("Administration", "Administration")}</a>
                            </nav>
                            <SavedNotice action text=lang.t("Verksamhetsområdet är tillagt.", "The sector is added.")/>
                            <SavedNotice action=alias_action text=lang.t("Aliaset är tillagt.", "The alias is added.")/>
                            <SavedNotice action=RemoveSectorAlias::PATH text=lang.t("Aliaset är borttaget.", "The alias is removed.")/>
                            <FormErrors action=RemoveSectorAlias::PATH first=SECTOR_LIST_ID/>
                            <h1>{lang.t("Verksamhetsområden", "Sectors")}</h1>
                            <p>{lang.t(
                                "Varje enhet hör till ett verksamhetsområde. Analysen visar områden som finns i organisationen men saknar svar.",
                                "Every unit belongs to a sector. The analysis shows sectors present in the organisation with no answer.",
                            )}</p>
                            <p>{lang.t(
                                "När en fil eller ett formulär anger ett verksamhetsområde spelar stora och små bokstäver ingen roll, & och \"och\" räknas lika, och delarna av en lista med / eller , får stå i vilken ordning som helst: \"kultur & fritid\" är Kultur och fritid. Ett alias är ett annat namn på ett verksamhetsområde, till exempel en förkortning som energi/VA/avfall.",
                                "When a file or a form names a sector, upper and lower case do not matter, & and \"och\" count the same, and the parts of a list with / or , may stand in any order: \"kultur & fritid\" is Kultur och fritid. An alias is another name of a sector, such as an abbreviation like energi/VA/avfall.",
                            )}</p>
                            <ul id=SECTOR_LIST_ID class="sector-list">
                                {list.into_iter().map(|s| {
                                    let aliases = (!s.aliases.is_empty()).then(|| {
                                        let key = s.key.clone();
                                        view! {
                                            <br/>
                                            <span class="sector-list__label">{lang.t("Alias:", "Aliases:")}</span>
                                            <ul class="sector-list__aliases">
                                                {s.aliases.clone().into_iter().map(|alias| {
                                                    let key = key.clone();
                                                    view! {
                                                    <li>
                                                        {alias.clone()}" "
                                                        <ActionForm action=remove_alias attr:class="inline-form">
                                                            <input type="hidden" name="sector" value=key/>
                                                            <input type="hidden" name="alias" value=alias.clone()/>
                                                            <button type="submit" class="link-button link-button--danger">
                                                                {lang.t("Ta bort", "Remove")}
                                                                <span class="visually-hidden">{format!(" alias {alias}")}</span>
                                                            </button>
                                                        </ActionForm>
                                                    </li>
                                                }}).collect_view()}
                                            </ul>
                                        }
                                    });
                                    view! {
                                        <li>
                                            <span class="sector-list__name">{s.name_sv.clone()}</span>" – "<span lang="en">{s.name_en.clone()}</span>
                                            {aliases}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>

                            <h2>{lang.t("Lägg till alias", "Add an alias")}</h2>
                            <FormErrors action=alias_action first=ALIAS_TEXT_FIELD/>
                            <ActionForm action=add_alias>
                                <SelectField action=alias_action id=ALIAS_SECTOR_FIELD name="sector" options
                                    label=lang.t("Verksamhetsområde", "Sector")/>
                                <TextField action=alias_action id=ALIAS_TEXT_FIELD name="alias" first=true required=true autocomplete="off"
                                    label=lang.t("Alias", "Alias")
                                    hint=lang.t(
                                        "Ett annat sätt att skriva verksamhetsområdet, till exempel energi/VA/avfall. Ett alias som redan betyder ett verksamhetsområde går inte att lägga till.",
                                        "Another way of writing the sector, e.g. energi/VA/avfall. An alias that already names a sector cannot be added.",
                                    )/>
                                <button type="submit" class="button">{lang.t("Lägg till alias", "Add the alias")}</button>
                            </ActionForm>

                            <h2>{lang.t("Lägg till verksamhetsområde", "Add a sector")}</h2>
                            <FormErrors action first=SECTOR_SV_FIELD/>
                            <ActionForm action=add>
                                <TextField action id=SECTOR_SV_FIELD name="name_sv" first=true required=true
                                    label=lang.t("Namn på svenska", "Name in Swedish")/>
                                <TextField action id=SECTOR_EN_FIELD name="name_en" lang="en"
                                    label=lang.t("Namn på engelska (frivilligt)", "Name in English (optional)")/>
                                <button type="submit" class="button">{lang.t("Lägg till", "Add")}</button>
                            </ActionForm>
                        </div>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The id of the sector page's list, where a refused removal of an alias
/// points to.
const SECTOR_LIST_ID: &str = "verksamhetsomraden";
