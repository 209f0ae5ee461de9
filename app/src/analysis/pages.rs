//! The analysis pages: a round's municipalities side by side, and one
//! municipality's baseline with its gaps. Everything reads without JavaScript
//! and prints as an A4 handout.

use super::api::{
    get_municipality_analysis, get_round_analysis, MunicipalityAnalysis, MunicipalityRow,
    RoundAnalysis, SaveThresholds,
};
use super::{
    keys, percent, Flag, KeyFigures, NumericSummary, Participation, QuestionSummary, Quote,
    Severity, SummaryBody, ThemeMatrix, Thresholds, UnitThemes, THRESHOLD_FIELDS,
};
use crate::components::{Bar, BarChart, FormErrors, LoadError, PageTitle, TableWrap, TextField};
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::model::{format_number, Text};
use crate::rounds::{Phase, UnitState};
use crate::sorting::swedish_cmp;
use crate::time::{format_date_stockholm, format_stockholm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn share_text(share: Option<f64>, lang: Lang) -> String {
    share
        .map(|s| percent(s, lang))
        .unwrap_or_else(|| "–".into())
}

fn number_text(value: Option<f64>) -> String {
    value
        .map(|v| format_number((v * 10.0).round() / 10.0))
        .unwrap_or_else(|| "–".into())
}

fn severity_tag(severity: Severity, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("tag severity severity--{}", severity.key())>{severity.label(lang)}</span>
    }
}

/// The query string that keeps the drafts switch across links.
fn drafts_query(include: bool) -> &'static str {
    if include {
        "?utkast=1"
    } else {
        ""
    }
}

/// A button that prints the page once JavaScript runs; without it, the
/// browser's own print command does the same.
#[component]
pub(crate) fn PrintButton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="no-print print-hint">
            <crate::islands::PrintButton label=lang.t("Skriv ut", "Print").to_string()/>
            " "<span class="hint">{lang.t("(eller Ctrl+P). Utskriften blir en A4-sammanställning.", "(or Ctrl+P). The printout is an A4 handout.")}</span>
        </p>
    }
    .into_any()
}

/// The "count drafts" switch: a plain GET form.
#[component]
pub(crate) fn DraftsSwitch(include: bool, #[prop(into)] action: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action=action class="drafts-switch no-print">
            <div class="checkbox">
                <input type="checkbox" id="utkast" name="utkast" value="1" checked=include/>
                <label for="utkast">{lang.t("Räkna med utkast som inte skickats in", "Count drafts that have not been submitted")}</label>
            </div>
            <button type="submit" class="button button--secondary">{lang.t("Visa", "Show")}</button>
        </form>
        {include.then(|| view! {
            <p class="notice notice--warning" role="status">
                <strong>{lang.t("Utkast räknas med. ", "Drafts are counted. ")}</strong>
                {lang.t(
                    "Svar som enheterna inte har skickat in ingår och är markerade som utkast. De kan ändras innan de skickas in.",
                    "Answers the units have not submitted are included and marked as drafts. They may change before they are submitted.",
                )}
            </p>
        })}
    }
    .into_any()
}

pub(crate) fn phase_line(phase: Phase, lang: Lang) -> String {
    match phase {
        Phase::Draft => lang
            .t(
                "Kartläggningen är inte öppnad ännu.",
                "The round has not been opened yet.",
            )
            .to_string(),
        Phase::Scheduled { opens_at } => format!(
            "{} {}.",
            lang.t("Kartläggningen öppnar", "The round opens"),
            format_stockholm(opens_at)
        ),
        Phase::Open { closes_at } => format!(
            "{} {}. {}",
            lang.t(
                "Kartläggningen är öppen till och med",
                "The round is open until"
            ),
            format_date_stockholm(closes_at - 1),
            lang.t(
                "Siffrorna ändras när fler svarar.",
                "The figures change as more units answer."
            ),
        ),
        Phase::Closed { at } => format!(
            "{} {}.",
            lang.t("Kartläggningen stängde", "The round closed"),
            format_date_stockholm(at - 1)
        ),
    }
}

// ---------------------------------------------------------------------------
// The round: municipalities side by side
// ---------------------------------------------------------------------------

/// The columns the municipality table sorts by.
const SORT_KEYS: [&str; 8] = [
    "kommun",
    "inbjudna",
    "svarsfrekvens",
    "aktiva",
    "strategi",
    "kontakt",
    "allvarliga",
    "varningar",
];

fn sort_value(row: &MunicipalityRow, key: &str) -> f64 {
    let f = &row.figures;
    match key {
        "inbjudna" => f.invited as f64,
        "svarsfrekvens" => f.rate,
        "aktiva" => f.active_share.unwrap_or(-1.0),
        "strategi" => f.strategy_known_share.unwrap_or(-1.0),
        "kontakt" => f.contact_share.unwrap_or(-1.0),
        "allvarliga" => f.flags[Severity::Allvarlig as usize] as f64,
        "varningar" => f.flags[Severity::Varning as usize] as f64,
        _ => 0.0,
    }
}

/// Sorts the rows by a column; names sort the Swedish way, figures numerically.
pub fn sort_rows(rows: &mut [MunicipalityRow], key: &str, descending: bool) {
    if key == "kommun" || !SORT_KEYS.contains(&key) {
        rows.sort_by(|a, b| swedish_cmp(&a.name, &b.name));
    } else {
        rows.sort_by(|a, b| {
            sort_value(a, key)
                .total_cmp(&sort_value(b, key))
                .then_with(|| swedish_cmp(&a.name, &b.name))
        });
    }
    if descending {
        rows.reverse();
    }
}

#[component]
pub fn RoundAnalysisPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = ServerAction::<SaveThresholds>::new();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let drafts = move || query.with(|q| q.get("utkast").as_deref() == Some("1"));
    let data = Resource::new(
        move || (id(), drafts()),
        |(id, drafts)| get_round_analysis(id, drafts),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <RoundAnalysisView a save/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoundAnalysisView(a: RoundAnalysis, save: ServerAction<SaveThresholds>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let base = format!("/omgangar/{}/analys", a.round_id);
    // Sorting only changes the address's query, so the table follows it
    // without loading the analysis again.
    let table = {
        let (rows, base, include_drafts) =
            (a.municipalities.clone(), base.clone(), a.include_drafts);
        move || {
            let sort = query.with(|q| q.get("sortera").unwrap_or_else(|| "kommun".into()));
            let descending = query.with(|q| q.get("ordning").as_deref() == Some("fallande"));
            let mut rows = rows.clone();
            sort_rows(&mut rows, &sort, descending);
            view! { <MunicipalityTable rows sort descending base=base.clone() include_drafts/> }
        }
    };
    let title = format!(
        "{} – {}",
        lang.t("Nulägesanalys", "Current-state analysis"),
        a.round_name
    );
    let total = a.total.clone();
    view! {
        <PageTitle text=title.clone()/>
        <div class="page analysis">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>
                <a href=format!("/omgangar/{}", a.round_id)>{a.round_name.clone()}</a>
            </nav>
            <h1>{lang.t("Nulägesanalys", "Current-state analysis")}<span class="h1-sub">{a.round_name.clone()}</span></h1>
            <p class="lead">{format!("{} {}", a.questionnaire.get(lang), lang.t("– alla kommuner i kartläggningen som du har tillgång till.", "– every municipality of the round you have access to."))}</p>
            <p>{phase_line(a.phase, lang)}" "<span class="print-only">{format!("{} {}.", lang.t("Utskrivet", "Printed"), format_stockholm(a.generated_at))}</span></p>
            <DraftsSwitch include=a.include_drafts action=base.clone()/>
            <PrintButton/>
            <p class="lead headline">{a.municipalities_answered.sentence(lang)}</p>
            <TotalsFacts p=total figures=a.total_figures.clone() register=super::register::register_link(&a.round_id, None, a.include_drafts)/>
            {a.total_figures.listed_projects.is_some().then(|| view! {
                <p class="no-print"><a href=super::register::register_link(&a.round_id, None, a.include_drafts)>{lang.t("Projektregistret: alla projekt i kartläggningen", "The project register: every project of the round")}</a></p>
            })}
            <p class="no-print"><a href=super::partner_page::partner_link(&a.round_id, None, a.include_drafts)>{lang.t("Partnersök: enheter i olika kommuner som delar teman, länder, nätverk, finansiering eller intresse för utbyte", "Partner search: units in different municipalities that share themes, countries, networks, funding or an interest in an exchange")}</a></p>

            <h2 id="kommuner">{lang.t("Kommunerna i jämförelse", "The municipalities compared")}</h2>
            <p class="hint">{lang.t(
                "Välj en kolumnrubrik för att sortera. Andelarna gäller de enheter som besvarat frågan.",
                "Choose a column heading to sort. The shares are of the units that answered the question.",
            )}</p>
            {table}

            <h2 id="teman">{lang.t("Kommuner och teman", "Municipalities and themes")}</h2>
            <ThemeMatrixTable m=a.theme_matrix.clone() round_id=a.round_id.clone() include_drafts=a.include_drafts/>

            <Downloads round_id=a.round_id.clone() include_drafts=a.include_drafts/>
            <ThresholdsSection thresholds=a.thresholds.clone() round_id=a.round_id.clone() can_edit=a.can_edit save/>
        </div>
    }
    .into_any()
}

#[component]
fn TotalsFacts(
    p: Participation,
    figures: KeyFigures,
    /// The project register's address, when the questionnaire has projects.
    #[prop(optional)]
    register: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let projects = figures.listed_projects.zip(register);
    view! {
        <dl class="facts key-figures">
            <div><dt>{lang.t("Inbjudna enheter", "Units invited")}</dt><dd>{p.invited}</dd></div>
            <div><dt>{lang.t("Har svarat", "Have answered")}</dt><dd>{p.answered}</dd></div>
            <div><dt>{lang.t("Svarsfrekvens", "Response rate")}</dt><dd>{percent(p.rate, lang)}</dd></div>
            {(p.drafts_counted > 0).then(|| view! {
                <div><dt>{lang.t("Varav utkast", "Of which drafts")}</dt><dd>{p.drafts_counted}</dd></div>
            })}
            <div><dt>{lang.t("Arbetar internationellt", "Work internationally")}</dt><dd>{share_text(figures.active_share, lang)}</dd></div>
            <div><dt>{lang.t("Allvarliga glapp", "Serious gaps")}</dt><dd>{figures.flags[Severity::Allvarlig as usize]}</dd></div>
            <div><dt>{lang.t("Varningar", "Warnings")}</dt><dd>{figures.flags[Severity::Varning as usize]}</dd></div>
            {projects.map(|(n, href)| view! {
                <div><dt>{lang.t("Projekt i registret", "Projects in the register")}</dt><dd><a href=href>{n}<span class="visually-hidden">{lang.t(" projekt: till projektregistret", " projects: to the project register")}</span></a></dd></div>
            })}
        </dl>
    }
    .into_any()
}

#[component]
fn MunicipalityTable(
    rows: Vec<MunicipalityRow>,
    sort: String,
    descending: bool,
    base: String,
    include_drafts: bool,
) -> impl IntoView {
    let lang = use_lang();
    let row_base = base.clone();
    let header = move |key: &'static str, label: &'static str, numeric: bool| {
        let active = sort == key;
        // A second click on the sorted column turns the order around.
        let next_descending = if active { !descending } else { numeric };
        let href = format!(
            "{base}?sortera={key}&ordning={}{}#kommuner",
            if next_descending {
                "fallande"
            } else {
                "stigande"
            },
            if include_drafts { "&utkast=1" } else { "" }
        );
        let aria_sort = if active {
            if descending {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        view! {
            <th scope="col" class=if numeric { "num" } else { "" } aria-sort=aria_sort>
                <a href=href class="sort-link">{label}{active.then_some(if descending { " ▼" } else { " ▲" })}</a>
            </th>
        }
    };
    view! {
        <TableWrap label=lang.t("Kommunerna i jämförelse", "The municipalities compared")>
            <table class="data-table">
                <caption class="visually-hidden">{lang.t("Kommunerna i jämförelse, nyckeltal och glapp", "The municipalities compared, key figures and gaps")}</caption>
                <thead><tr>
                    {header("kommun", lang.t("Kommun", "Municipality"), false)}
                    {header("inbjudna", lang.t("Enheter", "Units"), true)}
                    {header("svarsfrekvens", lang.t("Svarsfrekvens", "Response rate"), true)}
                    {header("aktiva", lang.t("Arbetar internationellt", "Work internationally"), true)}
                    {header("strategi", lang.t("Känner till strategin", "Know the strategy"), true)}
                    {header("kontakt", lang.t("Har kontaktperson", "Have a contact person"), true)}
                    {header("allvarliga", lang.t("Allvarliga", "Serious"), true)}
                    {header("varningar", lang.t("Varningar", "Warnings"), true)}
                    <th scope="col">{lang.t("Störst glapp", "Main gap")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let f = r.figures.clone();
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("{row_base}/{}{}", r.code, drafts_query(include_drafts))>{r.name.clone()}</a></th>
                                <td class="num">{f.invited}</td>
                                <td class="num">{format!("{} ({} {} {})", percent(f.rate, lang), f.answered, lang.t("av", "of"), f.invited)}</td>
                                <td class="num">{share_text(f.active_share, lang)}</td>
                                <td class="num">{share_text(f.strategy_known_share, lang)}</td>
                                <td class="num">{share_text(f.contact_share, lang)}</td>
                                <td class="num">{f.flags[Severity::Allvarlig as usize]}</td>
                                <td class="num">{f.flags[Severity::Varning as usize]}</td>
                                <td>{r.top_flag.map(|t| t.get(lang).to_string()).unwrap_or_else(|| "–".into())}</td>
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
fn ThemeMatrixTable(m: ThemeMatrix, round_id: String, include_drafts: bool) -> impl IntoView {
    let lang = use_lang();
    if m.themes.is_empty() {
        return view! {
            <p>{lang.t("Enkäten har ingen fråga om teman (nyckeln ”teman”), så matrisen kan inte visas.", "The questionnaire has no question on themes (key “teman”), so the matrix cannot be shown.")}</p>
        }.into_any();
    }
    view! {
        <p class="hint">{lang.t(
            "Antal enheter i varje kommun som vill satsa på temat de närmaste åren. ★ betyder att temat är ett av kommunens prioriterade områden.",
            "Number of units in each municipality that want to focus on the theme in the coming years. ★ means the theme is one of the municipality's priority areas.",
        )}</p>
        <TableWrap label=lang.t("Kommuner och teman", "Municipalities and themes")>
            <table class="data-table matrix">
                <caption class="visually-hidden">{lang.t("Kommuner och teman: antal enheter per tema", "Municipalities and themes: number of units per theme")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Kommun", "Municipality")}</th>
                    <th scope="col" class="num">{lang.t("Svar", "Answers")}</th>
                    {m.themes.iter().map(|(_, label)| view! { <th scope="col" class="num matrix__theme">{label.get(lang).to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {m.rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row"><a href=format!("/omgangar/{round_id}/analys/{}{}", r.code, drafts_query(include_drafts))>{r.name.clone()}</a></th>
                            <td class="num">{r.answered}</td>
                            {r.counts.iter().zip(&r.priorities).map(|(count, priority)| view! {
                                <td class=if *count == 0 { "num matrix__cell matrix__cell--zero" } else { "num matrix__cell" }>
                                    {*count}
                                    {priority.then(|| view! { " ★"<span class="visually-hidden">{lang.t(" (prioriterat)", " (priority)")}</span> })}
                                </td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{lang.t("Totalt", "Total")}</th>
                    <td class="num">{m.rows.iter().map(|r| r.answered).sum::<usize>()}</td>
                    {m.totals.iter().map(|t| view! { <td class="num">{*t}</td> }).collect_view()}
                </tr></tfoot>
            </table>
        </TableWrap>
    }.into_any()
}

#[component]
fn ThresholdsSection(
    thresholds: Thresholds,
    round_id: String,
    can_edit: bool,
    save: ServerAction<SaveThresholds>,
) -> impl IntoView {
    let lang = use_lang();
    let action = SaveThresholds::PATH;
    let changed = thresholds != Thresholds::default();
    view! {
        <h2 id="granser">{lang.t("Gränser för glappen", "Thresholds of the gaps")}</h2>
        <p>{if changed {
            lang.t("Den här kartläggningen använder egna gränser.", "This round uses its own thresholds.")
        } else {
            lang.t("Den här kartläggningen använder standardgränserna.", "This round uses the default thresholds.")
        }}</p>
        {if can_edit {
            view! {
                <FormErrors action first=super::threshold_field_id("low_response_rate")/>
                <ActionForm action=save attr:class="thresholds-form">
                    <input type="hidden" name="id" value=round_id.clone()/>
                    <div class="threshold-fields">
                        {THRESHOLD_FIELDS.iter().map(|f| {
                            let first = f.key == "low_response_rate";
                            view! {
                                <TextField action id=super::threshold_field_id(f.key) name=f.key kind="number" inputmode="numeric"
                                    class="input--short" value=(f.get)(&thresholds).to_string() first
                                    min=f.min.to_string() max=f.max.to_string()
                                    label=f.label.get(lang).to_string() hint=f.hint.get(lang).to_string()/>
                            }
                        }).collect_view()}
                    </div>
                    <div class="button-group">
                        <button type="submit" class="button">{lang.t("Spara gränserna", "Save the thresholds")}</button>
                        {changed.then(|| view! {
                            <button type="submit" name="aterstall" value="1" class="button button--secondary">{lang.t("Återställ standardgränserna", "Restore the defaults")}</button>
                        })}
                    </div>
                </ActionForm>
            }.into_any()
        } else {
            view! {
                <dl class="threshold-list">
                    {THRESHOLD_FIELDS.iter().map(|f| view! {
                        <div><dt>{f.label.get(lang).to_string()}</dt><dd>{(f.get)(&thresholds)}</dd></div>
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
    }
    .into_any()
}

// ---------------------------------------------------------------------------
// One municipality
// ---------------------------------------------------------------------------

#[component]
pub fn MunicipalityAnalysisPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("code").unwrap_or_default(),
            )
        })
    };
    let drafts = move || query.with(|q| q.get("utkast").as_deref() == Some("1"));
    let data = Resource::new(
        move || (key(), drafts()),
        |((id, code), drafts)| get_municipality_analysis(id, code, drafts),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <MunicipalityView a/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
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
fn MunicipalityView(a: MunicipalityAnalysis) -> impl IntoView {
    let lang = use_lang();
    let m = a.municipality.clone();
    let base = format!("/omgangar/{}/analys/{}", a.round_id, m.code);
    let title = format!(
        "{} – {}",
        lang.t("Nulägesanalys", "Current-state analysis"),
        m.name
    );
    let p = m.participation.clone();
    // Free text goes last, together; everything else stays in its part.
    let (texts, others): (Vec<QuestionSummary>, Vec<QuestionSummary>) = m
        .questions
        .iter()
        .cloned()
        .partition(|q| matches!(q.body, SummaryBody::Texts(_)));
    let mut parts: Vec<(Text, Vec<QuestionSummary>)> = Vec::new();
    for q in others {
        match parts.last_mut() {
            Some((section, list)) if *section == q.section => list.push(q),
            _ => parts.push((q.section.clone(), vec![q])),
        }
    }
    let sectors = a.sectors.clone();
    let register = super::register::register_link(&a.round_id, Some(&m.code), a.include_drafts);
    view! {
        <PageTitle text=title/>
        <div class="page analysis">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>
                <a href=format!("/omgangar/{}", a.round_id)>{a.round_name.clone()}</a>
                <a href=format!("/omgangar/{}/analys{}", a.round_id, drafts_query(a.include_drafts))>{lang.t("Nulägesanalys", "Current-state analysis")}</a>
            </nav>
            <h1>{format!("{}: {}", lang.t("Nulägesanalys", "Current-state analysis"), m.name)}<span class="h1-sub">{a.round_name.clone()}</span></h1>
            <p>{phase_line(a.phase, lang)}" "<span class="print-only">{format!("{} {}.", lang.t("Utskrivet", "Printed"), format_stockholm(a.generated_at))}</span></p>
            <DraftsSwitch include=a.include_drafts action=base/>
            <PrintButton/>
            <TotalsFacts p=p.clone() figures=m.figures.clone() register=register.clone()/>
            <nav aria-label=lang.t("På sidan", "On this page") class="toc no-print">
                <ul>
                    <li><a href="#glapp">{lang.t("Representationsglapp", "Representation gaps")}</a></li>
                    <li><a href="#deltagande">{lang.t("Deltagande", "Participation")}</a></li>
                    {m.continuity.is_some().then(|| view! { <li><a href="#forra-svaren">{lang.t("Förra kartläggningens svar", "The previous round's answers")}</a></li> })}
                    {m.figures.listed_projects.is_some().then(|| view! { <li><a href=register.clone()>{lang.t("Projektregistret", "The project register")}</a></li> })}
                    <li><a href=super::partner_page::partner_link(&a.round_id, Some(&m.code), a.include_drafts)>{lang.t("Partnersök", "Partner search")}</a></li>
                    {parts.iter().enumerate().map(|(i, (section, _))| view! {
                        <li><a href=format!("#del-{}", i + 1)>{section.get(lang).to_string()}</a></li>
                    }).collect_view()}
                    {(!texts.is_empty()).then(|| view! { <li><a href="#fritext">{lang.t("Fritextsvar", "Free-text answers")}</a></li> })}
                    {m.trend.is_some().then(|| view! { <li><a href="#trend">{super::trend_page::heading(lang)}</a></li> })}
                </ul>
            </nav>

            <Flags flags=m.flags.clone()/>
            <ParticipationSection p sectors=sectors.clone()/>
            {m.continuity.clone().map(|c| view! { <super::continuity_page::ContinuitySection c/> })}

            {parts.into_iter().enumerate().map(|(i, (section, questions))| {
                let themes = questions.iter().any(|q| q.key == keys::THEMES).then(|| m.unit_themes.clone());
                let agenda = questions.iter().any(|q| q.key == keys::AGENDA).then(|| m.agenda.clone());
                view! {
                    <section aria-labelledby=format!("del-{}", i + 1) class="analysis-part">
                        <h2 id=format!("del-{}", i + 1)>{section.get(lang).to_string()}</h2>
                        {questions.into_iter().map(|q| {
                            let link = matches!(q.body, SummaryBody::Items { .. }).then(|| register.clone());
                            match link {
                                Some(register) => view! { <QuestionBlock q register/> }.into_any(),
                                None => view! { <QuestionBlock q/> }.into_any(),
                            }
                        }).collect_view()}
                        {themes.map(|t| view! { <UnitThemesTable t/> })}
                        {agenda.map(|goals| view! { <AgendaCoverage goals/> })}
                    </section>
                }
            }).collect_view()}

            {(!texts.is_empty()).then(|| view! {
                <section aria-labelledby="fritext" class="analysis-part">
                    <h2 id="fritext">{lang.t("Fritextsvar", "Free-text answers")}</h2>
                    <p class="hint">{lang.t("Svaren står som enheterna skrev dem, med enhetens namn, så att de kan citeras.", "The answers are as the units wrote them, with the unit's name, so that they can be quoted.")}</p>
                    {texts.into_iter().map(|q| view! { <QuestionBlock q/> }).collect_view()}
                </section>
            })}

            {m.trend.clone().map(|t| view! { <super::trend_page::TrendSection t/> })}
            <Downloads round_id=a.round_id.clone() include_drafts=a.include_drafts municipality=m.code.clone()/>
            <ThresholdsNote thresholds=a.thresholds.clone() round_id=a.round_id.clone()/>
        </div>
    }
    .into_any()
}

#[component]
fn Flags(flags: Vec<Flag>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="glapp" class="flags">
            <h2 id="glapp">{lang.t("Representationsglapp", "Representation gaps")}</h2>
            {if flags.is_empty() {
                view! { <p class="notice notice--success">{lang.t("Inga glapp med nuvarande gränser.", "No gaps with the current thresholds.")}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{lang.t("De allvarligaste först. Glappen räknas fram ur svaren och registret.", "Most serious first. The gaps are computed from the answers and the registry.")}</p>
                    <ul class="flag-list">
                        {flags.into_iter().map(|f| view! {
                            <li class=format!("flag flag--{}", f.severity.key())>
                                <h3 class="flag__title">{severity_tag(f.severity, lang)}" "{f.title.get(lang).to_string()}</h3>
                                <p>{f.explanation.get(lang).to_string()}</p>
                                {(!f.units.is_empty()).then(|| view! {
                                    <details class="flag__units" open=f.units.len() <= 6>
                                        <summary>{format!("{} ({})", lang.t("Enheter", "Units"), f.units.len())}</summary>
                                        <ul>
                                            {f.units.iter().map(|u| view! {
                                                <li><a href=format!("/enheter/{}", u.id)>{u.name.clone()}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    </details>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ParticipationSection(p: Participation, sectors: Vec<(String, Text)>) -> impl IntoView {
    let lang = use_lang();
    let groups = |groups: &[super::Group]| -> Vec<Bar> {
        groups
            .iter()
            .map(|g| Bar {
                label: format!(
                    "{} ({} {} {})",
                    g.label.get(lang),
                    g.answered,
                    lang.t("av", "of"),
                    g.invited
                ),
                count: g.answered,
                share: g.rate,
            })
            .collect()
    };
    let by_kind = groups(&p.by_kind);
    let by_sector = groups(&p.by_sector);
    let states = UnitState::ALL;
    view! {
        <section aria-labelledby="deltagande" class="analysis-part">
            <h2 id="deltagande">{lang.t("Deltagande", "Participation")}</h2>
            <ul class="state-counts">
                {states.into_iter().map(|s| view! {
                    <li><span class="state-counts__number">{p.states[s as usize]}</span>" "{s.label(lang)}</li>
                }).collect_view()}
            </ul>
            <div class="chart-grid">
                <BarChart id="svar-typ" caption=lang.t("Svarsfrekvens per typ av enhet", "Response rate by kind of unit") bars=by_kind unit=lang.t("Har svarat", "Answered")/>
                <BarChart id="svar-omrade" caption=lang.t("Svarsfrekvens per verksamhetsområde", "Response rate by sector") bars=by_sector unit=lang.t("Har svarat", "Answered")/>
            </div>
            <h3>{lang.t("Enheter som inte svarat", "Units that have not answered")}</h3>
            {if p.silent.is_empty() {
                view! { <p>{lang.t("Alla enheter har svarat.", "Every unit has answered.")}</p> }.into_any()
            } else {
                view! {
                    <TableWrap label=lang.t("Enheter som inte svarat", "Units that have not answered")>
                        <table class="data-table">
                            <caption class="visually-hidden">{lang.t("Enheter som inte svarat", "Units that have not answered")}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                <th scope="col">{lang.t("Typ", "Kind")}</th>
                                <th scope="col">{lang.t("Verksamhetsområde", "Sector")}</th>
                                <th scope="col">{lang.t("Läge", "Status")}</th>
                                <th scope="col">{lang.t("Senast aktiv", "Last activity")}</th>
                            </tr></thead>
                            <tbody>
                                {p.silent.iter().map(|s| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/enheter/{}", s.unit.id)>{s.unit.name.clone()}</a></th>
                                        <td>{s.unit.kind.label(lang)}</td>
                                        <td>{sector_label(&sectors, &s.unit.sector, lang)}</td>
                                        <td>{s.state.label(lang)}</td>
                                        <td>{s.last_activity_at.map(format_stockholm).unwrap_or_else(|| "–".into())}</td>
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

#[component]
fn QuestionBlock(
    q: QuestionSummary,
    /// Where a repeating group's items are listed.
    #[prop(optional)]
    register: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("fraga-{}", q.key);
    let base_line = format!(
        "{} {} {} {}",
        q.answered,
        lang.t("av", "of"),
        q.shown,
        lang.t(
            "enheter som fick frågan har svarat.",
            "units shown the question have answered."
        ),
    );
    let body = match q.body.clone() {
        SummaryBody::Choice {
            multiple,
            mut options,
            other_texts,
        } => {
            if q.key == keys::OBSTACLES || q.key == keys::NEEDS {
                options.sort_by_key(|o| std::cmp::Reverse(o.count));
            }
            let bars = options
                .iter()
                .map(|o| Bar {
                    label: o.label.get(lang).to_string(),
                    count: o.count,
                    share: o.share,
                })
                .collect();
            view! {
                {multiple.then(|| view! { <p class="hint">{lang.t("Flera val: andelarna kan bli mer än 100 % tillsammans.", "Multiple choice: the shares may add up to more than 100%.")}</p> })}
                <BarChart id=format!("{id}-diagram") caption=q.text.get(lang).to_string() bars unit=lang.t("Enheter", "Units")/>
                {(!other_texts.is_empty()).then(|| view! {
                    <h4>{lang.t("Annat, med egna ord", "Other, in their own words")}</h4>
                    <Quotes quotes=other_texts/>
                })}
            }.into_any()
        }
        SummaryBody::Numeric(n) => {
            view! { <NumericBlock n id=id.clone() caption=q.text.get(lang).to_string()/> }
                .into_any()
        }
        SummaryBody::Texts(quotes) => view! { <Quotes quotes/> }.into_any(),
        SummaryBody::Counted => ().into_any(),
        SummaryBody::Items { items } => view! {
            <p>{match lang {
                Lang::Sv => format!("{items} poster sammanlagt."),
                Lang::En => format!("{items} items in all."),
            }}" "{register.map(|href| view! {
                <a href=href>{lang.t("Se projektregistret", "See the project register")}</a>
            })}</p>
        }
        .into_any(),
    };
    view! {
        <div class="question-summary" id=id.clone()>
            <h3>{q.text.get(lang).to_string()}</h3>
            <p class="hint">{base_line}</p>
            {body}
        </div>
    }
    .into_any()
}

#[component]
fn NumericBlock(n: NumericSummary, id: String, caption: String) -> impl IntoView {
    let lang = use_lang();
    if n.n == 0 {
        return ().into_any();
    }
    let scale = n.scale.map(|counts| {
        let bars = counts
            .iter()
            .enumerate()
            .map(|(i, c)| Bar { label: (i + 1).to_string(), count: *c, share: super::rate(*c, n.n) })
            .collect();
        view! { <BarChart id=format!("{id}-skala") caption=caption.clone() bars unit=lang.t("Enheter", "Units")/> }
    });
    view! {
        <dl class="facts numeric-facts">
            <div><dt>{lang.t("Medelvärde", "Mean")}</dt><dd>{number_text(Some(n.mean))}</dd></div>
            <div><dt>{lang.t("Median", "Median")}</dt><dd>{number_text(Some(n.median))}</dd></div>
            <div><dt>{lang.t("Standardavvikelse", "Standard deviation")}</dt><dd>{number_text(Some(n.sd))}</dd></div>
            <div><dt>{lang.t("Lägst – högst", "Lowest – highest")}</dt><dd>{format!("{} – {}", number_text(Some(n.min)), number_text(Some(n.max)))}</dd></div>
            {n.scale.is_none().then(|| view! { <div><dt>{lang.t("Summa", "Sum")}</dt><dd>{number_text(Some(n.sum))}</dd></div> })}
        </dl>
        {scale}
    }
    .into_any()
}

#[component]
fn Quotes(quotes: Vec<Quote>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="quotes">
            {quotes.into_iter().map(|q| view! {
                <li>
                    <blockquote>{q.text}</blockquote>
                    <p class="quote__unit">
                        "– "<a href=format!("/enheter/{}", q.unit.id)>{q.unit.name}</a>
                        {q.draft.then(|| view! { " "<span class="tag tag--warning">{lang.t("utkast", "draft")}</span> })}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn UnitThemesTable(t: UnitThemes) -> impl IntoView {
    let lang = use_lang();
    if t.themes.is_empty() || t.rows.is_empty() {
        return ().into_any();
    }
    view! {
        <h3>{lang.t("Enheter och teman", "Units and themes")}</h3>
        <p class="hint">{lang.t("✓ betyder att enheten vill satsa på temat. ★ markerar kommunens prioriterade områden.", "✓ means the unit wants to focus on the theme. ★ marks the municipality's priority areas.")}</p>
        <TableWrap label=lang.t("Enheter och teman", "Units and themes")>
            <table class="data-table matrix">
                <caption class="visually-hidden">{lang.t("Enheter och teman", "Units and themes")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Enhet", "Unit")}</th>
                    {t.themes.iter().zip(&t.priorities).map(|((_, label), priority)| view! {
                        <th scope="col" class="matrix__theme">{label.get(lang).to_string()}{priority.then(|| view! { " ★"<span class="visually-hidden">{lang.t(" (prioriterat)", " (priority)")}</span> })}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {t.rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">
                                <a href=format!("/enheter/{}", r.unit.id)>{r.unit.name.clone()}</a>
                                {r.draft.then(|| view! { " "<span class="tag tag--warning">{lang.t("utkast", "draft")}</span> })}
                            </th>
                            {r.chosen.iter().map(|c| view! {
                                <td class="matrix__cell">{if *c { "✓" } else { "" }}<span class="visually-hidden">{if *c { lang.t("ja", "yes") } else { lang.t("nej", "no") }}</span></td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{lang.t("Antal enheter", "Number of units")}</th>
                    {(0..t.themes.len()).map(|i| view! {
                        <td class="matrix__cell">{t.rows.iter().filter(|r| r.chosen.get(i).copied().unwrap_or(false)).count()}</td>
                    }).collect_view()}
                </tr></tfoot>
            </table>
        </TableWrap>
    }
    .into_any()
}

#[component]
fn AgendaCoverage(goals: Vec<super::OptionCount>) -> impl IntoView {
    let lang = use_lang();
    if goals.is_empty() {
        return ().into_any();
    }
    let covered = goals.iter().filter(|g| g.count > 0).count();
    let missing: Vec<String> = goals
        .iter()
        .filter(|g| g.count == 0)
        .map(|g| g.label.get(lang).to_string())
        .collect();
    view! {
        <h3>{lang.t("Agenda 2030: täckning", "Agenda 2030: coverage")}</h3>
        <p>{format!("{covered} {} {} {}", lang.t("av", "of"), goals.len(), lang.t("globala mål har minst en enhet som arbetar med dem.", "global goals have at least one unit working on them."))}</p>
        {(!missing.is_empty()).then(|| view! {
            <p>{lang.t("Mål utan enhet:", "Goals without a unit:")}</p>
            <ul class="compact-list">{missing.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
        })}
    }
    .into_any()
}

#[component]
fn ThresholdsNote(thresholds: Thresholds, round_id: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="granser" class="analysis-part">
            <h2 id="granser">{lang.t("Gränser för glappen", "Thresholds of the gaps")}</h2>
            <dl class="threshold-list">
                {THRESHOLD_FIELDS.iter().map(|f| view! {
                    <div><dt>{f.label.get(lang).to_string()}</dt><dd>{(f.get)(&thresholds)}</dd></div>
                }).collect_view()}
            </dl>
            <p class="no-print"><a href=format!("/omgangar/{round_id}/analys#granser")>{lang.t("Ändra gränserna för kartläggningen", "Change the round's thresholds")}</a></p>
        </section>
    }
    .into_any()
}

/// Download links for the round's tables, as Swedish Excel, RFC 4180 CSV and
/// one XLSX workbook. `municipality` limits them to one municipality.
#[component]
pub fn Downloads(
    round_id: String,
    include_drafts: bool,
    #[prop(default = None, into)] municipality: Option<String>,
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
    let workbook = format!(
        "/omgangar/{round_id}/export/nulagesanalys.xlsx?{}",
        extra.trim_start_matches('&')
    );
    let href = move |file: &str, format: &str| {
        format!("/omgangar/{round_id}/export/{file}?format={format}{extra}")
    };
    view! {
        <section aria-labelledby="ladda-ner" class="downloads no-print">
            <h2 id="ladda-ner">{lang.t("Ladda ner för Excel", "Download for Excel")}</h2>
            <p>{lang.t(
                "”Excel (svensk)” öppnas rätt med ett dubbelklick i svenska Excel. Välj ”CSV (RFC 4180)” för andra program. Kolumnerna beskrivs i dokumentationen (EXPORT.md).",
                "“Excel (Swedish)” opens correctly with a double click in Swedish Excel. Choose “CSV (RFC 4180)” for other programs. The columns are described in the documentation (EXPORT.md).",
            )}</p>
            {include_drafts.then(|| view! { <p class="notice notice--warning">{lang.t("Filerna räknar med utkast.", "The files count drafts.")}</p> })}
            <p><a class="button" href=workbook download>{lang.t("Alla tabeller som Excel-arbetsbok (.xlsx)", "All tables as an Excel workbook (.xlsx)")}</a></p>
            <TableWrap label=lang.t("Tabeller att ladda ner", "Tables to download")>
                <table class="data-table">
                    <caption class="visually-hidden">{lang.t("Tabeller att ladda ner", "Tables to download")}</caption>
                    <thead><tr>
                        <th scope="col">{lang.t("Tabell", "Table")}</th>
                        <th scope="col">{lang.t("Excel (svensk)", "Excel (Swedish)")}</th>
                        <th scope="col">{lang.t("CSV (RFC 4180)", "CSV (RFC 4180)")}</th>
                    </tr></thead>
                    <tbody>
                        {crate::exports::export_tables().into_iter().map(|t| {
                            let label = t.label.get(lang).to_string();
                            view! {
                                <tr>
                                    <th scope="row">{label.clone()}<span class="hint table-hint">{t.hint.get(lang).to_string()}</span></th>
                                    <td><a href=href(&format!("{}.csv", t.key), "excel") download>{lang.t("Excel", "Excel")}<span class="visually-hidden">{format!(": {label}")}</span></a></td>
                                    <td><a href=href(&format!("{}.csv", t.key), "rfc4180") download>{lang.t("CSV", "CSV")}<span class="visually-hidden">{format!(": {label}")}</span></a></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
        </section>
    }
    .into_any()
}
