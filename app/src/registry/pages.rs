//! Registry pages: the municipality list and one municipality's units and contacts.

use super::edit_api::{sector_options, AddMunicipality, CreateUnit, NEW_UNIT_FIELDS};
use super::edit_pages::unit_fields;
use super::{
    addable_municipalities, get_municipality, list_municipalities, MunicipalitySummary, UnitView,
};
use crate::components::{FormErrors, LoadError, PageTitle, SelectField, TableWrap};
use crate::i18n::{use_lang, Lang};
use crate::islands::{search_matches, search_terms, LiveFilter};
use crate::pages::format_int;
use crate::vocabulary::theme_label;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A municipality's search terms: its name and county; its code as a prefix.
fn municipality_terms(m: &MunicipalitySummary) -> String {
    search_terms([m.name.as_str(), m.county.as_str()])
}

fn matches_filter(m: &MunicipalitySummary, filter: &str) -> bool {
    search_matches(&municipality_terms(m), &m.code, filter)
}

#[component]
pub fn MunicipalityListPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    // The filter works as a plain GET form without JavaScript and live as you
    // type with it (the LiveFilter island).
    let filter = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let municipalities = Resource::new(|| (), |_| list_municipalities());

    view! {
            <Suspense fallback=move || view! { <p>{lang.t("Hämtar kommuner …", "Loading municipalities …")}</p> }>
                {move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                    match municipalities.await {
                        Ok(all) => view! {
                          <PageTitle text=lang.t("Kommuner", "Municipalities")/>
                          <div class="page">
                            <h1>{lang.t("Kommuner", "Municipalities")}</h1>
                            <p class="lead">{lang.t(
                                "Kommunerna och deras förvaltningar och bolag – det som representationen mäts mot.",
                                "The municipalities and their administrations and companies – what representation is measured against.",
                            )}</p>
                            <LiveFilter>
                                <form method="get" action="/kommuner" role="search" class="search">
                                    <label for="filter">{lang.t("Sök kommun, län eller kommunkod", "Search municipality, county or code")}</label>
                                    <div class="search__row">
                                        <input id="filter" name="q" type="search" autocomplete="off" value=filter.clone()/>
                                        <button type="submit" class="button button--secondary">{lang.t("Sök", "Search")}</button>
                                    </div>
                                </form>
                                <MunicipalityTable all filter lang/>
                            </LiveFilter>
                            <p><a href="/import">{lang.t("Läs in förvaltningar, bolag och kontaktpersoner från Excel", "Import administrations, companies and contacts from Excel")}</a></p>
                            <AddMunicipalityForm/>
                          </div>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}}
            </Suspense>
    }
}

/// Administrators pick a municipality from SCB's list instead of typing it.
#[component]
fn AddMunicipalityForm() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddMunicipality>::new();
    let action = AddMunicipality::PATH;
    let choices = Resource::new(|| (), |_| addable_municipalities());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Only administrators get a list; for others the form is not there.
                choices.await.ok().filter(|c| !c.is_empty()).map(|choices| view! {
                    <section aria-labelledby="lagg-till-kommun">
                        <h2 id="lagg-till-kommun">{lang.t("Lägg till kommun", "Add a municipality")}</h2>
                        <FormErrors action first="ny-kommun"/>
                        <ActionForm action=add>
                            <SelectField action id="ny-kommun" name="code" first=true label=lang.t("Kommun", "Municipality")
                                options=choices.into_iter().map(|(code, name, county)| {
                                    let label = format!("{name} ({code}), {county}");
                                    (code, label)
                                }).collect()/>
                            <button type="submit" class="button button--secondary">{lang.t("Lägg till", "Add")}</button>
                        </ActionForm>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn MunicipalityTable(all: Vec<MunicipalitySummary>, filter: String, lang: Lang) -> impl IntoView {
    let total = all.len();
    let shown = all.iter().filter(|m| matches_filter(m, &filter)).count();
    let template = lang.t(
        "Visar {n} av {total} kommuner",
        "Showing {n} of {total} municipalities",
    );
    let status = template
        .replace("{n}", &shown.to_string())
        .replace("{total}", &total.to_string());

    view! {
        <p class="result-count" role="status" aria-live="polite" data-sok-count data-template=template>{status}</p>
        {(total == 0).then(|| view! {
            <p class="notice">{lang.t(
                "Det finns inga kommuner ännu. Kör \"nulage demo\" för att lägga in exempeldata.",
                "There are no municipalities yet. Run \"nulage demo\" to load example data.",
            )}</p>
        })}
        <TableWrap label=lang.t("Kommuner", "Municipalities")>
            <table class="data-table">
                <caption class="visually-hidden">{lang.t("Kommuner och deras enheter", "Municipalities and their units")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t("Kommun", "Municipality")}</th>
                        <th scope="col">{lang.t("Kommunkod", "Code")}</th>
                        <th scope="col">{lang.t("Län", "County")}</th>
                        <th scope="col" class="num">{lang.t("Invånare", "Population")}</th>
                        <th scope="col" class="num">{lang.t("Förvaltningar", "Administrations")}</th>
                        <th scope="col" class="num">{lang.t("Bolag", "Companies")}</th>
                        <th scope="col" class="num">{lang.t("Enheter utan kontaktperson", "Units without contact")}</th>
                    </tr>
                </thead>
                <tbody>
                    {all.into_iter().map(|m| view! {
                        <tr data-sok=municipality_terms(&m) data-sok-prefix=m.code.clone() hidden=!matches_filter(&m, &filter)>
                            <th scope="row"><a href=format!("/kommuner/{}", m.code)>{m.name.clone()}</a></th>
                            <td>{m.code.clone()}</td>
                            <td>{m.county.clone()}</td>
                            <td class="num">{m.population.map(format_int).unwrap_or_else(|| "–".into())}</td>
                            <td class="num">{m.administrations}</td>
                            <td class="num">{m.companies}</td>
                            <td class="num">{m.units_without_contact}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}

/// A unit's search terms: its name, its sector's names and aliases, and its
/// contacts' names, e-mail addresses and roles.
fn unit_terms(unit: &UnitView) -> String {
    let mut terms = vec![
        unit.name.as_str(),
        unit.sector_sv.as_str(),
        unit.sector_en.as_str(),
    ];
    terms.extend(unit.sector_aliases.iter().map(String::as_str));
    for c in &unit.contacts {
        terms.extend([c.name.as_str(), c.email.as_str(), c.role.as_str()]);
    }
    search_terms(terms)
}

fn kind_heading(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "forvaltning" => lang.t("Förvaltningar", "Administrations"),
        "bolag" => lang.t("Bolag", "Companies"),
        _ => lang.t("Övriga enheter", "Other units"),
    }
}

#[component]
pub fn MunicipalityPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let create = ServerAction::<CreateUnit>::new();
    // One resource for everything the page needs, so the page waits once.
    let municipality = Resource::new(
        move || params.with(|p| p.get("code").unwrap_or_default()),
        |code| async move {
            let m = get_municipality(code).await?;
            let sectors = if m.can_edit {
                sector_options().await?
            } else {
                Vec::new()
            };
            Ok::<_, crate::error::AppError>((m, sectors))
        },
    );
    // Filters units and contacts: a plain GET form without JavaScript, live
    // as the person types with it (the LiveFilter island).
    let search = query.with_untracked(|q| q.get("sok").unwrap_or_default());

    view! {
        <Suspense fallback=move || view! { <div class="page"><p>{lang.t("Hämtar …", "Loading …")}</p></div> }>
            {move || {
                let search = search.clone();
                Suspend::new(async move {
                match municipality.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok((m, sectors)) => {
                        let archived: Vec<UnitView> = m.units.iter().filter(|u| u.archived).cloned().collect();
                        let active: Vec<UnitView> = m.units.iter().filter(|u| !u.archived).cloned().collect();
                        let without_contact = active.iter().filter(|u| u.contacts.is_empty()).count();
                        let without_international = active.iter().filter(|u| !u.has_international_contact()).count();
                        let priorities: Vec<String> = m.priorities.iter().filter_map(|p| theme_label(p, lang)).map(str::to_string).collect();
                        let can_edit = m.can_edit;
                        let code = m.code.clone();
                        view! {
                            <PageTitle text=m.name.clone()/>
                            <div class="page">
                                <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                                    <a href="/kommuner">{lang.t("Kommuner", "Municipalities")}</a>
                                </nav>
                                <h1>{m.name.clone()}</h1>
                                <dl class="facts">
                                    <div><dt>{lang.t("Kommunkod", "Code")}</dt><dd>{m.code.clone()}</dd></div>
                                    <div><dt>{lang.t("Län", "County")}</dt><dd>{m.county.clone()}</dd></div>
                                    <div><dt>{lang.t("Invånare", "Population")}</dt><dd>{m.population.map(format_int).unwrap_or_else(|| "–".into())}</dd></div>
                                    <div><dt>{lang.t("Aktiva enheter", "Active units")}</dt><dd>{active.len()}</dd></div>
                                </dl>
                                <p>
                                    <strong>{lang.t("Prioriterade områden: ", "Priority areas: ")}</strong>
                                    {if priorities.is_empty() { lang.t("inga angivna", "none given").to_string() } else { priorities.join(", ") }}
                                </p>
                                {(!m.notes.is_empty()).then(|| view! { <p class="notes">{m.notes.clone()}</p> })}
                                {can_edit.then(|| view! {
                                    <p><a href=format!("/kommuner/{}/redigera", m.code)>{lang.t("Redigera kommunens uppgifter och prioriteringar", "Edit the municipality's facts and priorities")}</a></p>
                                })}
                                <p><a href=format!("/kommuner/{}/rapporterade-projekt", m.code)>{lang.t("Rapporterade projekt sedan förra kartläggningen", "Projects reported since the last mapping")}</a></p>
                                <Show when=move || { without_contact + without_international > 0 }>
                                    <div class="notice notice--warning">
                                        <p>
                                            {match lang {
                                                Lang::Sv => format!("{without_contact} enheter saknar kontaktperson och {without_international} saknar internationell kontaktperson."),
                                                Lang::En => format!("{without_contact} units have no contact person and {without_international} have no international contact person."),
                                            }}
                                        </p>
                                    </div>
                                </Show>
                                {
                                    let total = active.len();
                                    let count = active.iter().filter(|u| search_matches(&unit_terms(u), "", &search)).count();
                                    let template = lang.t("Visar {n} av {total} enheter", "Showing {n} of {total} units");
                                    let status = template.replace("{n}", &count.to_string()).replace("{total}", &total.to_string());
                                    let groups = ["forvaltning", "bolag", "annat"].map(|kind| {
                                        let units: Vec<UnitView> = active.iter().filter(|u| u.kind == kind).cloned().collect();
                                        (kind, units)
                                    });
                                    view! {
                                        <LiveFilter>
                                            <form method="get" action=format!("/kommuner/{}", m.code) role="search" class="search">
                                                <label for="sok">{lang.t("Sök enhet, verksamhetsområde eller kontaktperson", "Search unit, sector or contact")}</label>
                                                <div class="search__row">
                                                    <input id="sok" name="sok" type="search" autocomplete="off" value=search.clone()/>
                                                    <button type="submit" class="button button--secondary">{lang.t("Sök", "Search")}</button>
                                                </div>
                                            </form>
                                            <p class="result-count" role="status" aria-live="polite" data-sok-count data-template=template>{status}</p>
                                            {groups.into_iter().filter(|(_, units)| !units.is_empty()).map(|(kind, units)| {
                                                let heading_id = format!("enheter-{kind}");
                                                let labelled_by = heading_id.clone();
                                                let shown = units.iter().filter(|u| search_matches(&unit_terms(u), "", &search)).count();
                                                view! {
                                                    <section aria-labelledby=labelled_by data-sok-group hidden=shown == 0>
                                                        <h2 id=heading_id>{kind_heading(kind, lang)} " (" <span data-sok-group-count>{shown}</span> ")"</h2>
                                                        <ul class="unit-list">
                                                            {units.into_iter().map(|u| {
                                                                let hidden = !search_matches(&unit_terms(&u), "", &search);
                                                                view! { <UnitCard unit=u hidden lang/> }
                                                            }).collect_view()}
                                                        </ul>
                                                    </section>
                                                }
                                            }).collect_view()}
                                        </LiveFilter>
                                    }
                                }
                                {(!archived.is_empty()).then(|| view! {
                                    <section aria-labelledby="arkiverade">
                                        <h2 id="arkiverade">{lang.t("Arkiverade enheter", "Archived units")} " (" {archived.len()} ")"</h2>
                                        <ul>{archived.into_iter().map(|u| view! { <li><a href=format!("/enheter/{}", u.id)>{u.name}</a></li> }).collect_view()}</ul>
                                    </section>
                                })}
                                {can_edit.then(|| view! {
                                    <section aria-labelledby="ny-enhet">
                                        <h2 id="ny-enhet">{lang.t("Lägg till enhet", "Add a unit")}</h2>
                                        <FormErrors action=CreateUnit::PATH first=format!("{NEW_UNIT_FIELDS}-name")/>
                                        <ActionForm action=create>
                                            <input type="hidden" name="code" value=code.clone()/>
                                            {unit_fields(CreateUnit::PATH, NEW_UNIT_FIELDS, lang, String::new(), "forvaltning".into(), "kommunledning".into(), sectors)}
                                            <button type="submit" class="button">{lang.t("Lägg till enheten", "Add the unit")}</button>
                                        </ActionForm>
                                    </section>
                                })}
                            </div>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

#[component]
fn UnitCard(unit: UnitView, hidden: bool, lang: Lang) -> impl IntoView {
    let terms = unit_terms(&unit);
    let no_contact = unit.contacts.is_empty();
    let no_international = !unit.has_international_contact();
    let sector = match lang {
        Lang::Sv => unit.sector_sv.clone(),
        Lang::En => unit.sector_en.clone(),
    };
    view! {
        <li class="unit-card" id=format!("enhet-{}", unit.id) data-sok=terms hidden=hidden>
            <h3 class="unit-card__name"><a href=format!("/enheter/{}", unit.id)>{unit.name.clone()}</a></h3>
            <p class="unit-card__sector">{sector}</p>
            <p class="tags">
                {no_contact.then(|| view! { <span class="tag tag--warning">{lang.t("Saknar kontaktperson", "No contact person")}</span> })}
                {(!no_contact && no_international).then(|| view! {
                    <span class="tag tag--info">{lang.t("Saknar internationell kontaktperson", "No international contact")}</span>
                })}
            </p>
            {(!no_contact).then(|| view! {
                <ul class="contacts">
                    {unit.contacts.into_iter().map(|c| view! {
                        <li>
                            <span class="contacts__name">{c.name}</span>
                            {(!c.role.is_empty()).then(|| view! { ", " {c.role} })}
                            {c.is_international.then(|| view! { " " <span class="tag">{lang.t("internationell kontaktperson", "international contact")}</span> })}
                            <br/>
                            <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                            {(!c.phone.is_empty()).then(|| view! { " · " {c.phone} })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, county: &str, code: &str) -> MunicipalitySummary {
        MunicipalitySummary {
            id: code.into(),
            code: code.into(),
            name: name.into(),
            county: county.into(),
            population: None,
            administrations: 0,
            companies: 0,
            other_units: 0,
            units_without_contact: 0,
        }
    }

    #[test]
    fn filter_matches_name_county_and_code_prefix() {
        let vaxjo = m("Växjö", "Kronobergs län", "0780");
        assert!(matches_filter(&vaxjo, ""));
        assert!(matches_filter(&vaxjo, "  VÄX "));
        assert!(matches_filter(&vaxjo, "kronoberg"));
        assert!(matches_filter(&vaxjo, "078"));
        assert!(!matches_filter(&vaxjo, "780"));
        assert!(!matches_filter(&vaxjo, "Nybro"));
    }
}
