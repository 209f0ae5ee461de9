//! The project register's pages: every project of a round
//! (`/omgangar/ID/projekt`) or of one municipality
//! (`/omgangar/ID/projekt/KOMMUNKOD`) in one table, filtered and sorted by
//! the address's query (GET forms and links, so it works without
//! JavaScript; with it the router navigates in the page), with counts per
//! theme, funding source, country and status. Readable by whoever may read
//! the round's analysis, for the municipalities in their scope.
// A filter form with one field per filter makes a server function with many arguments.
#![allow(clippy::too_many_arguments)]

use super::pages::{Downloads, DraftsSwitch, PrintButton};
use super::projects::{Choices, Counts, Filter, Labels, Project, SORT_KEYS};
use super::{percent, UnitRef};
use crate::components::{Bar, BarChart, LoadError, PageTitle, TableWrap};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::model::Text;
use crate::rounds::Phase;
use crate::time::format_stockholm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The most rows the table shows; the rest are counted, filtered and exported.
pub const ROW_LIMIT: usize = 500;

/// What a register page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterPage {
    pub round_id: String,
    pub round_name: String,
    pub questionnaire: Text,
    pub phase: Phase,
    pub include_drafts: bool,
    /// (code, name) on a municipality's page.
    pub municipality: Option<(String, String)>,
    /// The round's questionnaire has the project group.
    pub available: bool,
    pub labels: Labels,
    /// The matching projects, sorted, at most [`ROW_LIMIT`].
    pub projects: Vec<Project>,
    /// How many match the filter, and how many there are in all.
    pub matching: usize,
    pub total: usize,
    /// Over the matching projects.
    pub counts: Counts,
    /// Over all projects: what the filters offer.
    pub choices: Choices,
    /// The municipality's priority areas (theme keys), on its page.
    pub priorities: Vec<String>,
    /// Units asked about projects, and those of them that listed none.
    pub units_asked: usize,
    pub units_without: Vec<UnitRef>,
    pub generated_at: i64,
}

#[server(endpoint = "analys/projekt")]
pub async fn get_project_register(
    id: String,
    #[server(default)] code: String,
    #[server(default)] drafts: bool,
    #[server(default)] kommun: String,
    #[server(default)] enhet: String,
    #[server(default)] tema: String,
    #[server(default)] finansiering: String,
    #[server(default)] land: String,
    #[server(default)] status: String,
    #[server(default)] fran: String,
    #[server(default)] till: String,
    #[server(default)] sortera: String,
    #[server(default)] ordning: String,
) -> Result<RegisterPage, AppError> {
    use super::projects;
    use crate::auth::server::{db, deny_out_of_scope};
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let (ids, municipality) = if code.trim().is_empty() {
        let ids: Vec<String> = round
            .municipality_ids
            .iter()
            .filter(|m| user.can_read(m))
            .cloned()
            .collect();
        (ids, None)
    } else {
        let municipality_id = db
            .municipality_id(code.trim())
            .await?
            .filter(|m| round.municipality_ids.contains(m))
            .ok_or_else(|| AppError::NotFound.with_status())?;
        if !user.can_read(&municipality_id) {
            return Err(deny_out_of_scope(&user, &format!("projektregister {id} {code}")).await);
        }
        (vec![municipality_id], Some(code.trim().to_string()))
    };
    let input = super::load::input(&db, &round, &ids, false).await?;
    let options = super::Options {
        include_drafts: drafts,
        thresholds: super::load::thresholds(&db, &round.id).await?,
    };
    let mut register = projects::register(&input, &options);
    // Projects reported between rounds, in the register of the newest round.
    let mut merged = Vec::with_capacity(register.projects.len());
    for m in &input.municipalities {
        let mut mine: Vec<Project> = register
            .projects
            .iter()
            .filter(|p| p.municipality_code == m.code)
            .cloned()
            .collect();
        if register.available {
            let reported =
                crate::project_reports::api::register_reports(&db, &round.id, &m.id).await?;
            crate::project_reports::api::add_to_register(
                &mut mine,
                &m.code,
                &m.name,
                &reported,
                &register.labels,
            );
        }
        merged.extend(mine);
    }
    register.projects = merged;
    let municipality = municipality.and_then(|code| {
        input
            .municipalities
            .iter()
            .find(|m| m.code == code)
            .map(|m| (m.code.clone(), m.name.clone()))
    });
    let priorities = match &municipality {
        Some((code, _)) => input
            .municipalities
            .iter()
            .find(|m| m.code == *code)
            .map(|m| m.priorities.clone())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let query = [
        ("kommun", kommun),
        ("enhet", enhet),
        ("tema", tema),
        ("finansiering", finansiering),
        ("land", land),
        ("status", status),
        ("fran", fran),
        ("till", till),
    ];
    let filter = Filter::from_query(|k| {
        query
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
    });
    let mut matching: Vec<&Project> = register
        .projects
        .iter()
        .filter(|p| filter.matches(p))
        .collect();
    projects::sort(
        &mut matching,
        &sortera,
        ordning == "fallande",
        &register.labels,
    );
    let counts = projects::counts(&matching, &register.labels);
    Ok(RegisterPage {
        round_id: round.id.clone(),
        round_name: round.name.clone(),
        questionnaire: input.questionnaire.title.clone(),
        phase: super::load::phase_of(&round, crate::db::now()),
        include_drafts: drafts,
        municipality,
        available: register.available,
        matching: matching.len(),
        total: register.projects.len(),
        projects: matching.into_iter().take(ROW_LIMIT).cloned().collect(),
        counts,
        choices: projects::choices(&register.projects),
        priorities,
        units_asked: register.units.iter().filter(|u| u.asked).count(),
        units_without: register
            .units
            .iter()
            .filter(|u| u.asked && u.projects == 0)
            .map(|u| u.unit.clone())
            .collect(),
        labels: register.labels,
        generated_at: crate::db::now(),
    })
}

/// `/omgangar/ID/projekt` and `/omgangar/ID/projekt/KOMMUNKOD`.
#[component]
pub fn ProjectRegisterPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let (id, code) = params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("code").unwrap_or_default(),
            )
        });
        let q = |k: &str| query.with(|q| q.get(k).unwrap_or_default());
        (
            id,
            code,
            q("utkast") == "1",
            [
                q("kommun"),
                q("enhet"),
                q("tema"),
                q("finansiering"),
                q("land"),
                q("status"),
                q("fran"),
                q("till"),
                q("sortera"),
                q("ordning"),
            ],
        )
    };
    let data = Resource::new(
        key,
        |(id, code, drafts, [k, e, t, f, l, s, fr, ti, so, or])| {
            get_project_register(id, code, drafts, k, e, t, f, l, s, fr, ti, so, or)
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <RegisterView r/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn years(p: &Project, lang: Lang) -> String {
    match (p.start, p.end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s}–{e}"),
        (Some(s), None) => format!("{s}–"),
        (None, Some(e)) => format!("–{e}"),
        (None, None) => lang.t("–", "–").to_string(),
    }
}

fn kronor(value: f64, lang: Lang) -> String {
    // Thousands with a space, as in Swedish.
    let whole = value.round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    match lang {
        Lang::Sv => format!("{sign}{grouped} kr"),
        Lang::En => format!("SEK {sign}{grouped}"),
    }
}

#[component]
fn RegisterView(r: RegisterPage) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let base = match &r.municipality {
        Some((code, _)) => format!("/omgangar/{}/projekt/{code}", r.round_id),
        None => format!("/omgangar/{}/projekt", r.round_id),
    };
    let filter = query.with_untracked(|q| Filter::from_query(|k| q.get(k)));
    let sort = query.with_untracked(|q| q.get("sortera").unwrap_or_else(|| "namn".into()));
    let descending = query.with_untracked(|q| q.get("ordning").as_deref() == Some("fallande"));
    let analysis = match &r.municipality {
        Some((code, _)) => format!("/omgangar/{}/analys/{code}", r.round_id),
        None => format!("/omgangar/{}/analys", r.round_id),
    };
    let drafts = if r.include_drafts { "?utkast=1" } else { "" };
    let place = r
        .municipality
        .as_ref()
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| r.round_name.clone());
    let title = format!(
        "{} – {place}",
        lang.t("Projektregister", "Project register")
    );
    let wide = r.municipality.is_none();
    let labels = r.labels.clone();
    view! {
        <PageTitle text=title/>
        <div class="page analysis register">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>
                <a href=format!("/omgangar/{}", r.round_id)>{r.round_name.clone()}</a>
                <a href=format!("/omgangar/{}/analys{drafts}", r.round_id)>{lang.t("Nulägesanalys", "Current-state analysis")}</a>
                {r.municipality.as_ref().map(|(code, name)| view! {
                    <a href=format!("/omgangar/{}/analys/{code}{drafts}", r.round_id)>{name.clone()}</a>
                })}
            </nav>
            <h1>{lang.t("Projektregister", "Project register")}<span class="h1-sub">{place.clone()}</span></h1>
            <p class="lead">{lang.t(
                "Alla internationella projekt som enheterna har listat i sina svar, och i den senaste kartläggningen även de som enheterna har rapporterat mellan kartläggningar. Projekt som två enheter i samma kommun har rapporterat under samma namn visas som ett projekt, med båda enheterna.",
                "Every international project the units listed in their answers, and in the latest mapping also those the units reported between mappings. Projects that two units of the same municipality reported under the same name are shown as one project, with both units.",
            )}</p>
            <p>
                {super::pages::phase_line(r.phase, lang)}" "
                <a href=format!("{analysis}{drafts}")>{lang.t("Till nulägesanalysen", "To the current-state analysis")}</a>
                " · "
                <a href=super::partner_page::partner_link(&r.round_id, r.municipality.as_ref().map(|(code, _)| code.as_str()), r.include_drafts)>{lang.t("Till partnersöket", "To the partner search")}</a>
                " "<span class="print-only">{format!("{} {}.", lang.t("Utskrivet", "Printed"), format_stockholm(r.generated_at))}</span>
            </p>
            <DraftsSwitch include=r.include_drafts action=base.clone()/>
            <PrintButton/>
            {if !r.available {
                view! {
                    <p class="notice">{lang.t(
                        "Kartläggningens enkät har ingen fråga om projekt (gruppen ”projekt”), så registret är tomt.",
                        "The round's questionnaire has no question on projects (the group “projekt”), so the register is empty.",
                    )}</p>
                }.into_any()
            } else {
                view! {
                    <dl class="facts key-figures">
                        <div><dt>{lang.t("Projekt", "Projects")}</dt><dd>{r.total}</dd></div>
                        <div><dt>{lang.t("Visas med filtren", "Shown with the filters")}</dt><dd>{r.matching}</dd></div>
                        <div><dt>{lang.t("Rapporterade av flera enheter", "Reported by several units")}</dt><dd>{r.counts.shared}</dd></div>
                        <div><dt>{lang.t("Enheter utan projekt", "Units without projects")}</dt><dd>{format!("{} {} {}", r.units_without.len(), lang.t("av", "of"), r.units_asked)}</dd></div>
                    </dl>
                    <FilterForm r=r.clone() base=base.clone() filter=filter.clone() sort=sort.clone() descending/>
                    <h2 id="projekt">{lang.t("Projekten", "The projects")}</h2>
                    {(r.matching > r.projects.len()).then(|| view! {
                        <p class="notice">{match lang {
                            Lang::Sv => format!("Tabellen visar de {} första av {} projekt. Filtrera för att se fler, eller ladda ner hela registret nedan.", r.projects.len(), r.matching),
                            Lang::En => format!("The table shows the first {} of {} projects. Filter to see others, or download the whole register below.", r.projects.len(), r.matching),
                        }}</p>
                    })}
                    {if r.projects.is_empty() {
                        view! { <p>{if r.total == 0 {
                            lang.t("Inga projekt har rapporterats ännu.", "No projects have been reported yet.")
                        } else {
                            lang.t("Inga projekt matchar filtren.", "No projects match the filters.")
                        }}</p> }.into_any()
                    } else {
                        view! { <ProjectTable projects=r.projects.clone() labels=labels.clone() base=base.clone() filter=filter.clone() sort=sort.clone() descending include_drafts=r.include_drafts wide/> }.into_any()
                    }}
                    <CountsSection counts=r.counts.clone() priorities=r.priorities.clone() labels=labels.clone()/>
                    {(!r.units_without.is_empty()).then(|| view! {
                        <section aria-labelledby="utan-projekt" class="analysis-part">
                            <h2 id="utan-projekt">{lang.t("Enheter utan projekt", "Units without projects")}</h2>
                            <p class="hint">{lang.t(
                                "Enheterna arbetar eller har arbetat internationellt, fick frågan om projekt men listade inget.",
                                "The units work or have worked internationally, were asked about projects but listed none.",
                            )}</p>
                            <ul class="compact-list">
                                {r.units_without.iter().map(|u| view! {
                                    <li><a href=format!("/enheter/{}", u.id)>{u.name.clone()}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                }.into_any()
            }}
            <RegisterDownloads round_id=r.round_id.clone() include_drafts=r.include_drafts municipality=r.municipality.as_ref().map(|(c, _)| c.clone())/>
        </div>
    }
    .into_any()
}

#[component]
fn FilterForm(
    r: RegisterPage,
    base: String,
    filter: Filter,
    sort: String,
    descending: bool,
) -> impl IntoView {
    let lang = use_lang();
    let select = move |id: &'static str,
                       label: &'static str,
                       current: Option<String>,
                       options: Vec<(String, String)>| {
        let any = lang.t("Alla", "All");
        view! {
            <div class="field">
                <label for=format!("filter-{id}")>{label}</label>
                <select id=format!("filter-{id}") name=id>
                    <option value="">{any}</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = current.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let keyed = move |list: &[(String, Text)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, t)| (k.clone(), t.get(lang).to_string()))
            .collect()
    };
    let years: Vec<(String, String)> = r
        .choices
        .years
        .map(|(lo, hi)| (lo..=hi).map(|y| (y.to_string(), y.to_string())).collect())
        .unwrap_or_default();
    let units: Vec<(String, String)> = r
        .choices
        .units
        .iter()
        .map(|(id, name, municipality)| {
            let text = if r.municipality.is_some() {
                name.clone()
            } else {
                format!("{name} ({municipality})")
            };
            (id.clone(), text)
        })
        .collect();
    let mut funding = keyed(&r.labels.funding);
    funding.push(("annat".into(), lang.t("Annat", "Other").into()));
    let mut themes = keyed(&r.labels.themes);
    themes.push(("annat".into(), lang.t("Annat", "Other").into()));
    let clear = format!("{base}{}", if r.include_drafts { "?utkast=1" } else { "" });
    let filtered = !filter.is_empty();
    let fields = view! {
        {r.municipality.is_none().then(|| select("kommun", lang.t("Kommun", "Municipality"), filter.municipality.clone(), r.choices.municipalities.clone()))}
        {select("enhet", lang.t("Enhet", "Unit"), filter.unit.clone(), units)}
        {select("tema", lang.t("Tema", "Theme"), filter.theme.clone(), themes)}
        {select("finansiering", lang.t("Finansiering", "Funding"), filter.funding.clone(), funding)}
        {select("land", lang.t("Land", "Country"), filter.country.clone(), r.choices.countries.iter().map(|c| (c.clone(), c.clone())).collect())}
        {select("status", lang.t("Status", "Status"), filter.status.clone(), keyed(&r.labels.statuses))}
        {select("fran", lang.t("Pågick från år", "Running from year"), filter.from.map(|y| y.to_string()), years.clone())}
        {select("till", lang.t("till år", "to year"), filter.to.map(|y| y.to_string()), years)}
    };
    let include_drafts = r.include_drafts;
    view! {
        <section aria-labelledby="filter-rubrik" class="no-print">
            <h2 id="filter-rubrik">{lang.t("Filtrera", "Filter")}</h2>
            <Form method="GET" action=base.clone() noscroll=true attr:class="filters register-filters">
                {include_drafts.then(|| view! { <input type="hidden" name="utkast" value="1"/> })}
                <input type="hidden" name="sortera" value=sort/>
                {descending.then(|| view! { <input type="hidden" name="ordning" value="fallande"/> })}
                {fields}
                <div class="field">
                    <button type="submit" class="button">{lang.t("Filtrera", "Filter")}</button>
                </div>
            </Form>
            {filtered.then(|| view! {
                <p><a href=clear>{lang.t("Ta bort filtren", "Clear the filters")}</a></p>
            })}
        </section>
    }
}

#[component]
fn ProjectTable(
    projects: Vec<Project>,
    labels: Labels,
    base: String,
    filter: Filter,
    sort: String,
    descending: bool,
    include_drafts: bool,
    /// Several municipalities: show the municipality column.
    wide: bool,
) -> impl IntoView {
    let lang = use_lang();
    let query = filter.to_query();
    let current = if SORT_KEYS.contains(&sort.as_str()) {
        sort
    } else {
        "namn".to_string()
    };
    let header = move |key: &'static str, label: &'static str, numeric: bool| {
        let active = current == key;
        let next_descending = if active { !descending } else { numeric };
        let mut parts = vec![format!("sortera={key}")];
        if next_descending {
            parts.push("ordning=fallande".into());
        }
        if !query.is_empty() {
            parts.push(query.clone());
        }
        if include_drafts {
            parts.push("utkast=1".into());
        }
        let href = format!("{base}?{}#projekt", parts.join("&"));
        let aria_sort = match (active, descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        view! {
            <th scope="col" class=if numeric { "num" } else { "" } aria-sort=aria_sort>
                <a href=href class="sort-link">{label}{active.then_some(if descending { " ▼" } else { " ▲" })}</a>
            </th>
        }
    };
    view! {
        <TableWrap label=lang.t("Projekten", "The projects")>
            <table class="data-table register-table">
                <caption class="visually-hidden">{lang.t("Projekten, sorterbara per kolumn", "The projects, sortable by column")}</caption>
                <thead><tr>
                    {header("namn", lang.t("Projekt", "Project"), false)}
                    {wide.then(|| header("kommun", lang.t("Kommun", "Municipality"), false))}
                    {header("enhet", lang.t("Enheter och roll", "Units and role"), false)}
                    {header("status", lang.t("Status", "Status"), false)}
                    {header("finansiering", lang.t("Finansiering", "Funding"), false)}
                    {header("start", lang.t("Period", "Period"), true)}
                    <th scope="col">{lang.t("Partnerländer", "Partner countries")}</th>
                    <th scope="col">{lang.t("Teman", "Themes")}</th>
                    {header("budget", lang.t("Budget", "Budget"), true)}
                </tr></thead>
                <tbody>
                    {projects.into_iter().map(|p| {
                        let labels = labels.clone();
                        let funding: Vec<String> = p.funding.iter().map(|f| {
                            if f == "annat" && !p.funding_other.is_empty() {
                                format!("{}: {}", lang.t("Annat", "Other"), p.funding_other.join(", "))
                            } else {
                                labels.funding(f, lang)
                            }
                        }).collect();
                        let themes: Vec<String> = p.themes.iter().map(|t| labels.theme(t, lang)).collect();
                        let goals: Vec<String> = p.goals.iter().map(|g| labels.goal(g, lang)).collect();
                        let shared = p.units.len() > 1;
                        let has_more = !p.partners.is_empty() || !goals.is_empty() || !p.results.is_empty();
                        view! {
                            <tr id=format!("p-{}", p.id)>
                                <th scope="row">
                                    {if p.name.is_empty() { lang.t("(utan namn)", "(no name)").to_string() } else { p.name.clone() }}
                                    {p.draft.then(|| view! { " "<span class="tag tag--warning">{lang.t("utkast", "draft")}</span> })}
                                    {p.reported_between.map(|at| view! { " "<span class="tag tag--info">{format!("{} {}", lang.t("Rapporterat mellan kartläggningar", "Reported between mappings"), crate::time::format_date_stockholm(at))}</span> })}
                                    {has_more.then(|| view! {
                                        <details class="project-more">
                                            <summary>{lang.t("Mer", "More")}<span class="visually-hidden">{format!(" {}", p.name)}</span></summary>
                                            <dl>
                                                {(!p.partners.is_empty()).then(|| view! { <dt>{lang.t("Partner", "Partners")}</dt><dd>{p.partners.join(", ")}</dd> })}
                                                {(!goals.is_empty()).then(|| view! { <dt>{lang.t("Agenda 2030", "Agenda 2030")}</dt><dd>{goals.join(", ")}</dd> })}
                                                {p.results.iter().map(|(unit, text)| view! {
                                                    <dt>{format!("{} ({unit})", lang.t("Resultat", "Results"))}</dt><dd>{text.clone()}</dd>
                                                }).collect_view()}
                                            </dl>
                                        </details>
                                    })}
                                </th>
                                {wide.then(|| view! { <td>{p.municipality_name.clone()}</td> })}
                                <td>
                                    <ul class="compact-list">
                                        {p.units.iter().map(|u| view! {
                                            <li>
                                                <a href=format!("/enheter/{}", u.unit.id)>{u.unit.name.clone()}</a>
                                                {u.role.as_ref().map(|role| format!(" – {}", labels.role(role, lang)))}
                                                {u.draft.then(|| view! { " "<span class="tag tag--warning">{lang.t("utkast", "draft")}</span> })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    {shared.then(|| view! { <span class="tag">{match lang {
                                        Lang::Sv => format!("{} enheter", p.units.len()),
                                        Lang::En => format!("{} units", p.units.len()),
                                    }}</span> })}
                                </td>
                                <td>{p.status.as_ref().map(|s| labels.status(s, lang)).unwrap_or_else(|| "–".into())}</td>
                                <td>{if funding.is_empty() { "–".to_string() } else { funding.join(", ") }}</td>
                                <td class="num">{years(&p, lang)}</td>
                                <td>{if p.countries.is_empty() { "–".to_string() } else { p.countries.join(", ") }}</td>
                                <td>{if themes.is_empty() { "–".to_string() } else { themes.join(", ") }}</td>
                                <td class="num">{p.budget.map(|b| kronor(b, lang)).unwrap_or_else(|| "–".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

#[component]
fn CountsSection(counts: Counts, priorities: Vec<String>, labels: Labels) -> impl IntoView {
    let lang = use_lang();
    let n = counts.projects;
    let bars = |rows: &[(String, Text, usize)]| -> Vec<Bar> {
        rows.iter()
            .map(|(_, label, count)| Bar {
                label: label.get(lang).to_string(),
                count: *count,
                share: super::rate(*count, n),
            })
            .collect()
    };
    let theme_bars = bars(&counts.themes);
    let funding_bars = bars(&counts.funding);
    let status_bars = bars(&counts.statuses);
    let uncovered: Vec<String> = priorities
        .iter()
        .filter(|p| {
            !counts
                .themes
                .iter()
                .any(|(k, _, count)| k == *p && *count > 0)
        })
        .map(|p| labels.theme(p, lang))
        .collect();
    view! {
        <section aria-labelledby="antal" class="analysis-part">
            <h2 id="antal">{lang.t("Antal projekt", "Number of projects")}</h2>
            <p class="hint">{match lang {
                Lang::Sv => format!("Av de {n} projekt som visas med filtren. Ett projekt kan ha flera teman och finansieringskällor."),
                Lang::En => format!("Of the {n} projects shown with the filters. A project may have several themes and sources of funding."),
            }}</p>
            {(!priorities.is_empty()).then(|| view! {
                <h3>{lang.t("Teman och kommunens prioriterade områden", "Themes and the municipality's priority areas")}</h3>
                <TableWrap label=lang.t("Prioriterade områden och projekt", "Priority areas and projects")>
                    <table class="data-table">
                        <caption class="visually-hidden">{lang.t("Kommunens prioriterade områden och antal projekt inom dem", "The municipality's priority areas and the number of projects on them")}</caption>
                        <thead><tr>
                            <th scope="col">{lang.t("Prioriterat område", "Priority area")}</th>
                            <th scope="col" class="num">{lang.t("Projekt", "Projects")}</th>
                        </tr></thead>
                        <tbody>
                            {priorities.iter().map(|p| {
                                let count = counts.themes.iter().find(|(k, _, _)| k == p).map(|(_, _, c)| *c).unwrap_or(0);
                                view! {
                                    <tr>
                                        <th scope="row">{labels.theme(p, lang)}</th>
                                        <td class=if count == 0 { "num matrix__cell--zero" } else { "num" }>{count}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableWrap>
                {(!uncovered.is_empty()).then(|| view! {
                    <p class="notice notice--warning">{format!("{} {}", lang.t("Prioriterade områden utan projekt:", "Priority areas without a project:"), uncovered.join(", "))}</p>
                })}
            })}
            <div class="chart-grid">
                <BarChart id="projekt-teman" caption=lang.t("Projekt per tema", "Projects by theme") bars=theme_bars unit=lang.t("Projekt", "Projects")/>
                <BarChart id="projekt-finansiering" caption=lang.t("Projekt per finansieringskälla", "Projects by source of funding") bars=funding_bars unit=lang.t("Projekt", "Projects")/>
                <BarChart id="projekt-status" caption=lang.t("Projekt per status", "Projects by status") bars=status_bars unit=lang.t("Projekt", "Projects")/>
            </div>
            <h3>{lang.t("Projekt per land", "Projects by country")}</h3>
            {if counts.countries.is_empty() {
                view! { <p>{lang.t("Inga partnerländer angivna.", "No partner countries given.")}</p> }.into_any()
            } else {
                view! {
                    <TableWrap label=lang.t("Projekt per land", "Projects by country")>
                        <table class="data-table">
                            <caption class="visually-hidden">{lang.t("Projekt per partnerland", "Projects by partner country")}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("Land", "Country")}</th>
                                <th scope="col" class="num">{lang.t("Projekt", "Projects")}</th>
                                <th scope="col" class="num">{lang.t("Andel", "Share")}</th>
                            </tr></thead>
                            <tbody>
                                {counts.countries.iter().map(|(country, count)| view! {
                                    <tr>
                                        <th scope="row">{country.clone()}</th>
                                        <td class="num">{*count}</td>
                                        <td class="num">{percent(super::rate(*count, n), lang)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// The register's download links, and the other tables.
#[component]
fn RegisterDownloads(
    round_id: String,
    include_drafts: bool,
    municipality: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let extra = format!(
        "{}{}",
        if include_drafts { "&utkast=1" } else { "" },
        municipality
            .as_ref()
            .map(|c| format!("&kommun={c}"))
            .unwrap_or_default()
    );
    view! {
        <p class="no-print">
            {lang.t("Projektregistret som fil: ", "The project register as a file: ")}
            <a href=format!("/omgangar/{round_id}/export/projekt.csv?format=excel{extra}") download>{lang.t("Excel (svensk)", "Excel (Swedish)")}</a>
            " · "
            <a href=format!("/omgangar/{round_id}/export/projekt.csv?format=rfc4180{extra}") download>{lang.t("CSV (RFC 4180)", "CSV (RFC 4180)")}</a>
        </p>
        <Downloads round_id include_drafts municipality/>
    }
    .into_any()
}

/// "12 projekt" with a link to the register, for the analysis pages.
pub fn register_link(round_id: &str, code: Option<&str>, include_drafts: bool) -> String {
    let mut href = format!("/omgangar/{round_id}/projekt");
    if let Some(code) = code {
        href.push('/');
        href.push_str(code);
    }
    if include_drafts {
        href.push_str("?utkast=1");
    }
    href
}
