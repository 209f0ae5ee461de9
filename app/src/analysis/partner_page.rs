//! The partner search page (`/omgangar/ID/partnersok`): the units of the
//! round's municipalities that share a theme, a partner country, a network,
//! a source of funding or the wish for an exchange, filtered by the
//! address's query (a GET form, so it works without JavaScript). Whoever
//! may read the round's analysis may read it; they see the matches that
//! reach their own municipalities' units, and contact persons only there.

use super::pages::{DraftsSwitch, PrintButton};
use super::partners::{Contact, Filter, Kind, Match, Summary};
use crate::components::{LoadError, PageTitle, SelectField, TableWrap, GET_FORM};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::model::Text;
use crate::rounds::Phase;
use crate::time::format_stockholm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most matches the page shows; the rest are counted and exported.
pub const MATCH_LIMIT: usize = 100;
/// The most units of other municipalities the page shows of one match (the
/// asker's own are always shown); the rest are counted and exported.
pub const UNIT_LIMIT: usize = 50;

/// A match's units as the page shows them: every one of the asker's own
/// (unless they read the whole round), and the others up to the limit.
#[cfg(any(feature = "ssr", test))]
fn shown_units(m: &Match, whole_round: bool) -> Vec<super::partners::MatchUnit> {
    let mut others = 0;
    m.units
        .iter()
        .filter(|u| {
            if u.in_scope && !whole_round {
                return true;
            }
            others += 1;
            others <= UNIT_LIMIT
        })
        .cloned()
        .collect()
}

/// One match as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageMatch {
    /// Its units: every one of the asker's own, and at most [`UNIT_LIMIT`]
    /// others.
    pub m: Match,
    /// How many units it has in all.
    pub units: usize,
}

/// What the partner search page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerPage {
    pub round_id: String,
    pub round_name: String,
    pub questionnaire: Text,
    pub phase: Phase,
    pub include_drafts: bool,
    /// The asker reads every municipality of the round.
    pub whole_round: bool,
    /// (code, name) of the asker's municipalities in the round.
    pub own_municipalities: Vec<(String, String)>,
    /// The matches with the filters, at most [`MATCH_LIMIT`].
    pub matches: Vec<PageMatch>,
    /// Over every match with the filters.
    pub summary: Summary,
    /// Matches without filters.
    pub total: usize,
    pub themes: Vec<(String, Text)>,
    /// (key, label) of the countries of the matches.
    pub countries: Vec<(String, String)>,
    pub sectors: Vec<(String, Text)>,
    /// The contact person of each unit shown in the asker's scope, by id.
    pub contacts: HashMap<String, Contact>,
    pub generated_at: i64,
}

#[server(endpoint = "analys/partnersok")]
pub async fn get_partner_search(
    id: String,
    #[server(default)] drafts: bool,
    #[server(default)] typ: String,
    #[server(default)] tema: String,
    #[server(default)] land: String,
    #[server(default)] kommun: String,
) -> Result<PartnerPage, AppError> {
    use super::partners;
    use crate::auth::server::db;
    use crate::rounds::api::access;
    let (user, round) = access::readable(&id).await?;
    let db = db()?;
    let in_scope: Vec<String> = round
        .municipality_ids
        .iter()
        .filter(|m| user.can_read(m))
        .cloned()
        .collect();
    let search = super::load::partner_search(&db, &round, in_scope, drafts).await?;
    let query = [
        ("typ", typ),
        ("tema", tema),
        ("land", land),
        ("kommun", kommun),
    ];
    let filter = Filter::from_query(|k| {
        query
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
    });
    let matching: Vec<&Match> = search
        .matches
        .iter()
        .filter(|m| filter.matches(m))
        .collect();
    let summary = Summary::of(matching.iter().copied());
    let whole_round = search.whole_round();
    let matches: Vec<PageMatch> = matching
        .into_iter()
        .take(MATCH_LIMIT)
        .map(|m| PageMatch {
            units: m.units.len(),
            m: Match {
                units: shown_units(m, whole_round),
                ..m.clone()
            },
        })
        .collect();
    let shown: std::collections::HashSet<&str> = matches
        .iter()
        .flat_map(|p| p.m.units.iter())
        .filter(|u| u.in_scope)
        .map(|u| u.unit.id.as_str())
        .collect();
    let contacts = search
        .contacts
        .iter()
        .filter(|(unit, _)| shown.contains(unit.as_str()))
        .map(|(unit, c)| (unit.clone(), c.clone()))
        .collect();
    Ok(PartnerPage {
        round_id: round.id.clone(),
        round_name: round.name.clone(),
        questionnaire: search.input.questionnaire.title.clone(),
        phase: super::load::phase_of(&round, crate::db::now()),
        include_drafts: drafts,
        whole_round,
        own_municipalities: search.own_municipalities(),
        summary,
        total: search.matches.len(),
        themes: partners::theme_choices(&search.input),
        countries: partners::country_choices(&search.matches),
        sectors: search.input.sectors.clone(),
        contacts,
        matches,
        generated_at: crate::db::now(),
    })
}

/// `/omgangar/ID/partnersok`.
#[component]
pub fn PartnerSearchPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let q = |k: &str| query.with(|q| q.get(k).unwrap_or_default());
        (
            id,
            q("utkast") == "1",
            [q("typ"), q("tema"), q("land"), q("kommun")],
        )
    };
    let data = Resource::new(key, |(id, drafts, [typ, tema, land, kommun])| {
        get_partner_search(id, drafts, typ, tema, land, kommun)
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <PartnerView p/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "5 enheter i 3 kommuner".
fn units_line(units: usize, municipalities: usize, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!(
            "{units} {} i {municipalities} {}",
            if units == 1 { "enhet" } else { "enheter" },
            if municipalities == 1 {
                "kommun"
            } else {
                "kommuner"
            }
        ),
        Lang::En => format!(
            "{units} {} in {municipalities} {}",
            if units == 1 { "unit" } else { "units" },
            if municipalities == 1 {
                "municipality"
            } else {
                "municipalities"
            }
        ),
    }
}

#[component]
fn PartnerView(p: PartnerPage) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let base = format!("/omgangar/{}/partnersok", p.round_id);
    let filter = query.with_untracked(|q| Filter::from_query(|k| q.get(k)));
    let drafts = if p.include_drafts { "?utkast=1" } else { "" };
    let title = format!(
        "{} – {}",
        lang.t("Partnersök", "Partner search"),
        p.round_name
    );
    let downloads = {
        let mut parts = vec![];
        if p.include_drafts {
            parts.push("utkast=1".to_string());
        }
        let q = filter.to_query();
        if !q.is_empty() {
            parts.push(q);
        }
        parts.iter().map(|x| format!("&{x}")).collect::<String>()
    };
    let sectors = p.sectors.clone();
    let contacts = p.contacts.clone();
    view! {
        <PageTitle text=title/>
        <div class="page analysis partners">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>
                <a href=format!("/omgangar/{}", p.round_id)>{p.round_name.clone()}</a>
                <a href=format!("/omgangar/{}/analys{drafts}", p.round_id)>{lang.t("Nulägesanalys", "Current-state analysis")}</a>
            </nav>
            <h1>{lang.t("Partnersök", "Partner search")}<span class="h1-sub">{p.round_name.clone()}</span></h1>
            <p class="lead">{lang.t(
                "Enheter i olika kommuner som delar ett tema, ett partnerland, ett nätverk eller en partner, en finansieringskälla eller intresset för ett utbyte med andra länder – för att hitta partner till transnationella utbyten. Varje matchning visar vad enheterna delar och i vilket svar de sa det.",
                "Units in different municipalities that share a theme, a partner country, a network or partner, a source of funding or the interest in an exchange with other countries – to find partners for transnational exchanges. Each match shows what the units share and in which answer they said it.",
            )}</p>
            {(!p.whole_round).then(|| view! {
                <p class="notice">{lang.t(
                    "Du ser matchningar där minst en enhet hör till dina kommuner. Enheter i andra kommuner visas med namn, kommun och det ni delar, men utan kontaktperson och utan deras övriga svar.",
                    "You see the matches in which at least one unit belongs to your municipalities. Units in other municipalities are shown with their name, municipality and what you share, but without a contact person and without their other answers.",
                )}</p>
            })}
            <p>
                {super::pages::phase_line(p.phase, lang)}" "
                <a href=format!("/omgangar/{}/analys{drafts}", p.round_id)>{lang.t("Till nulägesanalysen", "To the current-state analysis")}</a>
                " · "
                <a href=super::register::register_link(&p.round_id, None, p.include_drafts)>{lang.t("Till projektregistret", "To the project register")}</a>
                " "<span class="print-only">{format!("{} {}.", lang.t("Utskrivet", "Printed"), format_stockholm(p.generated_at))}</span>
            </p>
            <DraftsSwitch include=p.include_drafts action=base.clone()/>
            <PrintButton/>
            <FilterForm p=p.clone() base=base.clone() filter=filter.clone()/>
            <h2 id="matchningar">{p.summary.heading(lang)}</h2>
            {(p.summary.matches > 0).then(|| view! {
                <dl class="facts key-figures">
                    {p.summary.by_kind.iter().filter(|(_, n)| *n > 0).map(|(kind, n)| view! {
                        <div><dt>{kind.plural(lang)}</dt><dd>{*n}</dd></div>
                    }).collect_view()}
                    <div><dt>{lang.t("Enheter", "Units")}</dt><dd>{p.summary.units}</dd></div>
                </dl>
            })}
            {(p.summary.matches > p.matches.len()).then(|| view! {
                <p class="notice">{match lang {
                    Lang::Sv => format!("Sidan visar de {} första av {} matchningar. Filtrera för att se andra, eller ladda ner alla nedan.", p.matches.len(), p.summary.matches),
                    Lang::En => format!("The page shows the first {} of {} matches. Filter to see others, or download them all below.", p.matches.len(), p.summary.matches),
                }}</p>
            })}
            {if p.matches.is_empty() {
                view! { <p>{if p.total == 0 {
                    if p.whole_round {
                        lang.t(
                            "Inga matchningar ännu: inga enheter i olika kommuner delar ett tema, ett land, ett nätverk, en finansieringskälla eller intresse för utbyte i de svar som räknas.",
                            "No matches yet: no units in different municipalities share a theme, a country, a network, a source of funding or an interest in an exchange in the answers that count.",
                        )
                    } else {
                        lang.t(
                            "Inga matchningar ännu: ingen av dina enheter delar ett tema, ett land, ett nätverk, en finansieringskälla eller intresse för utbyte med en enhet i en annan kommun i de svar som räknas.",
                            "No matches yet: none of your units shares a theme, a country, a network, a source of funding or an interest in an exchange with a unit in another municipality in the answers that count.",
                        )
                    }
                } else {
                    lang.t("Inga matchningar med filtren.", "No matches with the filters.")
                }}</p> }.into_any()
            } else {
                p.matches.iter().map(|pm| view! {
                    <MatchSection pm=pm.clone() sectors=sectors.clone() contacts=contacts.clone()/>
                }).collect_view().into_any()
            }}
            <p class="no-print">
                {lang.t("Partnersöket som fil, med filtren: ", "The partner search as a file, with the filters: ")}
                <a href=format!("/omgangar/{}/export/partnersok.csv?format=excel{downloads}", p.round_id) download>{lang.t("Excel (svensk)", "Excel (Swedish)")}</a>
                " · "
                <a href=format!("/omgangar/{}/export/partnersok.csv?format=rfc4180{downloads}", p.round_id) download>{lang.t("CSV (RFC 4180)", "CSV (RFC 4180)")}</a>
                " · "
                <a href=format!("/omgangar/{}/export/partnersok.xlsx{}", p.round_id, downloads.replacen('&', "?", 1)) download>{lang.t("Excel-arbetsbok (.xlsx)", "Excel workbook (.xlsx)")}</a>
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn FilterForm(p: PartnerPage, base: String, filter: Filter) -> impl IntoView {
    let lang = use_lang();
    let all = || (String::new(), lang.t("Alla", "All").to_string());
    let kinds: Vec<(String, String)> = std::iter::once(all())
        .chain(
            Kind::ALL
                .iter()
                .map(|k| (k.key().to_string(), k.plural(lang).to_string())),
        )
        .collect();
    let themes: Vec<(String, String)> = std::iter::once(all())
        .chain(
            p.themes
                .iter()
                .map(|(k, t)| (k.clone(), t.get(lang).to_string())),
        )
        .collect();
    let countries: Vec<(String, String)> = std::iter::once(all())
        .chain(p.countries.iter().cloned())
        .collect();
    let own: Vec<(String, String)> = std::iter::once(all())
        .chain(p.own_municipalities.iter().cloned())
        .collect();
    let clear = format!("{base}{}", if p.include_drafts { "?utkast=1" } else { "" });
    let filtered = !filter.is_empty();
    view! {
        <section aria-labelledby="filter-rubrik" class="no-print">
            <h2 id="filter-rubrik">{lang.t("Filtrera", "Filter")}</h2>
            <Form method="GET" action=base noscroll=true attr:class="filters">
                {p.include_drafts.then(|| view! { <input type="hidden" name="utkast" value="1"/> })}
                <SelectField action=GET_FORM id="filter-typ" name="typ" label=lang.t("Vad de delar", "What they share")
                    options=kinds value=filter.kind.map(|k| k.key().to_string()).unwrap_or_default()/>
                <SelectField action=GET_FORM id="filter-tema" name="tema" label=lang.t("Tema", "Theme")
                    options=themes value=filter.theme.clone().unwrap_or_default()/>
                <SelectField action=GET_FORM id="filter-land" name="land" label=lang.t("Partnerland", "Partner country")
                    options=countries value=filter.country.clone().unwrap_or_default()/>
                {(p.own_municipalities.len() > 1).then(|| view! {
                    <SelectField action=GET_FORM id="filter-kommun" name="kommun" label=lang.t("Med enheter i kommunen", "With units in the municipality")
                        options=own.clone() value=filter.municipality.clone().unwrap_or_default()/>
                })}
                <div class="field">
                    <button type="submit" class="button">{lang.t("Sök partner", "Search for partners")}</button>
                </div>
            </Form>
            {filtered.then(|| view! {
                <p><a href=clear>{lang.t("Ta bort filtren", "Clear the filters")}</a></p>
            })}
        </section>
    }
}

fn sector_label(sectors: &[(String, Text)], key: &str, lang: Lang) -> String {
    sectors
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| t.get(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

#[component]
fn MatchSection(
    pm: PageMatch,
    sectors: Vec<(String, Text)>,
    contacts: HashMap<String, Contact>,
) -> impl IntoView {
    let lang = use_lang();
    let m = pm.m;
    let heading = format!("m-{}", m.id);
    let labelled_by = heading.clone();
    let label = m.label.get(lang).to_string();
    let what = format!("{}: {label}", m.kind.label(lang));
    let more = pm.units.saturating_sub(m.units.len());
    view! {
        <section aria-labelledby=labelled_by class="analysis-part partner-match" id=m.id.clone()>
            <h3 id=heading><span class="tag">{m.kind.label(lang)}</span>" "{label.clone()}</h3>
            <p class="hint">{units_line(pm.units, m.municipalities, lang)}</p>
            <TableWrap label=what.clone()>
                <table class="data-table">
                    <caption class="visually-hidden">{match lang {
                        Lang::Sv => format!("Enheterna som delar {}: {label}", m.kind.label(lang).to_lowercase()),
                        Lang::En => format!("The units that share the {}: {label}", m.kind.label(lang).to_lowercase()),
                    }}</caption>
                    <thead><tr>
                        <th scope="col">{lang.t("Kommun", "Municipality")}</th>
                        <th scope="col">{lang.t("Enhet", "Unit")}</th>
                        <th scope="col">{lang.t("Slag", "Kind")}</th>
                        <th scope="col">{lang.t("Verksamhetsområde", "Sector")}</th>
                        <th scope="col">{lang.t("Var de sa det", "Where they said it")}</th>
                        <th scope="col">{lang.t("Kontaktperson", "Contact person")}</th>
                    </tr></thead>
                    <tbody>
                        {m.units.iter().map(|u| {
                            let sources: Vec<String> = u.sources.iter().map(|s| s.label(lang)).collect();
                            let contact = if !u.in_scope {
                                view! { <span class="hint">{lang.t("Visas inte: annan kommun", "Not shown: another municipality")}</span> }.into_any()
                            } else {
                                match contacts.get(&u.unit.id) {
                                    Some(c) => view! {
                                        {c.name.clone()}
                                        {c.international.then(|| view! { " "<span class="tag tag--info">{lang.t("internationell", "international")}</span> })}
                                        <br/>
                                        <a class="partner-email" href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                                    }.into_any(),
                                    None => view! { <span class="hint">{lang.t("Ingen i registret", "None in the registry")}</span> }.into_any(),
                                }
                            };
                            view! {
                                <tr>
                                    <td>{u.municipality_name.clone()}</td>
                                    <th scope="row">
                                        {if u.in_scope {
                                            view! { <a href=format!("/enheter/{}", u.unit.id)>{u.unit.name.clone()}</a> }.into_any()
                                        } else {
                                            view! { {u.unit.name.clone()} }.into_any()
                                        }}
                                        {u.draft.then(|| view! { " "<span class="tag tag--warning">{lang.t("utkast", "draft")}</span> })}
                                    </th>
                                    <td>{u.unit.kind.label(lang)}</td>
                                    <td>{sector_label(&sectors, &u.unit.sector, lang)}</td>
                                    <td>
                                        {sources.join("; ")}
                                        {(!u.written.is_empty()).then(|| view! {
                                            <br/><span class="hint">{match lang {
                                                Lang::Sv => format!("”{}”", u.written),
                                                Lang::En => format!("“{}”", u.written),
                                            }}</span>
                                        })}
                                    </td>
                                    <td>{contact}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
            {(more > 0).then(|| view! {
                <p class="hint">{match lang {
                    Lang::Sv => format!("och {more} enheter till, i filen nedan."),
                    Lang::En => format!("and {more} more units, in the file below."),
                }}</p>
            })}
        </section>
    }
    .into_any()
}

/// The partner search's address, for links from the analysis pages.
pub fn partner_link(round_id: &str, code: Option<&str>, include_drafts: bool) -> String {
    let mut parts = Vec::new();
    if include_drafts {
        parts.push("utkast=1".to_string());
    }
    if let Some(code) = code {
        parts.push(format!("kommun={}", super::projects::encode(code)));
    }
    let mut href = format!("/omgangar/{round_id}/partnersok");
    if !parts.is_empty() {
        href.push('?');
        href.push_str(&parts.join("&"));
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::partners::MatchUnit;
    use crate::analysis::UnitRef;
    use crate::vocabulary::UnitKind;

    fn unit(n: usize, in_scope: bool) -> MatchUnit {
        MatchUnit {
            unit: UnitRef {
                id: format!("u{n}"),
                name: format!("Enhet {n}"),
                municipality_code: String::new(),
                kind: UnitKind::Forvaltning,
                sector: String::new(),
            },
            municipality_id: String::new(),
            municipality_name: String::new(),
            sources: Vec::new(),
            written: String::new(),
            draft: false,
            in_scope,
        }
    }

    #[test]
    fn a_long_match_keeps_the_askers_own_units_on_the_page() {
        // The asker's unit comes last, after more than the limit of others.
        let mut units: Vec<MatchUnit> = (0..UNIT_LIMIT + 10).map(|n| unit(n, false)).collect();
        units.push(unit(999, true));
        let m = Match {
            kind: Kind::Theme,
            key: "turism".into(),
            id: "tema-turism".into(),
            theme: Some("turism".into()),
            label: Text::new("Turism", "Tourism"),
            as_written: false,
            units,
            municipalities: 2,
        };
        let shown = shown_units(&m, false);
        assert_eq!(shown.len(), UNIT_LIMIT + 1);
        assert_eq!(shown.last().unwrap().unit.id, "u999");
        // Whoever reads the whole round gets the first ones.
        let all_in_scope = Match {
            units: m
                .units
                .iter()
                .map(|u| MatchUnit {
                    in_scope: true,
                    ..u.clone()
                })
                .collect(),
            ..m
        };
        let shown = shown_units(&all_in_scope, true);
        assert_eq!(shown.len(), UNIT_LIMIT);
        assert_eq!(shown[0].unit.id, "u0");
    }
}
