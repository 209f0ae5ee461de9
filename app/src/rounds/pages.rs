//! The coordinator's round pages: the list with "new round", and one round
//! with its target units grouped by municipality.

use super::api::{
    get_round, get_round_options, list_rounds, AddRoundTargets, ChangeTarget, CreateRound,
    MunicipalityCounts, RoundDetail, SaveRound, SetRoundStatus, TargetView,
};
use super::listing::{Listing, StateFilter};
use super::{deadline_text, Phase, UnitState};
use crate::components::{
    echo_for, Checkboxes, FormErrors, FormScope, LoadError, PageTitle, Pager, SavedNotice,
    SelectField, TableWrap, TextField, GET_FORM,
};
use crate::i18n::{use_lang, Lang};
use crate::pages::format_int;
use crate::time::{format_date_stockholm, format_stockholm};
use crate::vocabulary::UnitKind;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn phase_tag(phase: Phase, lang: Lang) -> impl IntoView {
    let class = match phase {
        Phase::Open { .. } => "tag tag--info",
        Phase::Closed { .. } => "tag",
        Phase::Draft | Phase::Scheduled { .. } => "tag tag--warning",
    };
    view! { <span class=class>{phase.label(lang)}</span> }
}

/// The date input value for the last answering day.
fn last_day(closes_at: i64) -> String {
    format_date_stockholm(closes_at - 60)
}

#[component]
pub fn RoundListPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateRound>::new();
    let action = CreateRound::PATH;
    let list = Resource::new(|| (), |_| list_rounds());
    let options = Resource::new(|| (), |_| get_round_options());
    view! {
      <Suspense fallback=|| ()>
        {move || Suspend::new(async move {
          let items = match list.await {
              Err(error) => return view! { <LoadError error/> }.into_any(),
              Ok(items) => items,
          };
          let options = options.await.ok().filter(|o| !o.municipalities.is_empty());
          view! {
        <PageTitle text=lang.t("Kartläggningar", "Survey rounds")/>
        <div class="page">
            <h1>{lang.t("Kartläggningar", "Survey rounds")}</h1>
            <p class="lead">{lang.t(
                "En kartläggning skickar en enkät till kommunens förvaltningar och bolag. Varje enhet får en egen länk och svarar utan konto.",
                "A survey round sends a questionnaire to the municipality's administrations and companies. Each unit gets its own link and answers without an account.",
            )}</p>
            {
                    match items {
                        items if items.is_empty() => view! { <p>{lang.t("Det finns inga kartläggningar ännu.", "There are no survey rounds yet.")}</p> }.into_any(),
                        items => view! {
                            <TableWrap label=lang.t("Kartläggningar", "Survey rounds")>
                                <table class="data-table">
                                    <caption class="visually-hidden">{lang.t("Kartläggningar", "Survey rounds")}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t("Namn", "Name")}</th>
                                        <th scope="col">{lang.t("Enkät", "Questionnaire")}</th>
                                        <th scope="col">{lang.t("Kommuner", "Municipalities")}</th>
                                        <th scope="col">{lang.t("Läge", "Status")}</th>
                                        <th scope="col">{lang.t("Sista svarsdag", "Last day")}</th>
                                        <th scope="col" class="num">{lang.t("Inskickade", "Submitted")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|r| view! {
                                            <tr>
                                                <td><a href=format!("/omgangar/{}", r.id)>{r.name}</a></td>
                                                <td>{r.questionnaire.get(lang).to_string()}</td>
                                                <td>{r.municipalities.join(", ")}</td>
                                                <td>{phase_tag(r.phase, lang)}</td>
                                                <td>{last_day(r.closes_at)}</td>
                                                <td class="num">{format!("{} / {}", r.submitted, r.targets)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </TableWrap>
                        }.into_any(),
                    }
            }
            {options.map(|options| {
                let single = options.municipalities.len() == 1;
                let municipalities: Vec<(String, String)> = options.municipalities.clone();
                let chosen = if single { municipalities.iter().map(|(code, _)| code.clone()).collect() } else { Vec::new() };
                let questionnaires = options.questionnaires.iter().map(|(id, title, version)| {
                    (id.clone(), format!("{} ({} {version})", title.get(lang), lang.t("version", "version")))
                }).collect();
                let earlier: Vec<(String, String)> = std::iter::once((
                    String::new(),
                    lang.t("Nej, alla börjar från början", "No, everyone starts afresh").to_string(),
                ))
                .chain(options.earlier_rounds.iter().cloned())
                .collect();
                let has_earlier = earlier.len() > 1;
                view! {
                        <h2 id="ny">{lang.t("Starta en ny kartläggning", "Start a new survey round")}</h2>
                        <FormErrors action first="ny-namn"/>
                        <ActionForm action=create>
                            <TextField action id="ny-namn" name="name" autocomplete="off" first=true label=lang.t("Namn", "Name")/>
                            <SelectField action id="ny-enkat" name="questionnaire" options=questionnaires
                                label=lang.t("Enkät", "Questionnaire")
                                hint=lang.t(
                                    "Kartläggningen använder enkätens senaste version. Den versionen låses; senare ändringar blir en ny version.",
                                    "The round uses the questionnaire's newest version. That version is locked; later changes become a new version.",
                                )/>
                            {has_earlier.then(|| view! {
                                <SelectField action id="ny-bygger-pa" name="based_on" options=earlier
                                    label=lang.t("Utgå från en tidigare kartläggning (frivilligt)", "Start from an earlier round (optional)")
                                    hint=lang.t(
                                        "Enheter som skickade in svar då får formuläret ifyllt med sina senaste svar och bekräftar eller ändrar dem. Den tidigare kartläggningen ska använda samma enkät.",
                                        "Units that submitted then get the form filled in with their latest answers, and confirm or change them. The earlier round must use the same questionnaire.",
                                    )/>
                            })}
                            <Checkboxes action id="ny-kommuner" name="municipalities" options=municipalities chosen
                                legend=lang.t("Kommuner", "Municipalities")
                                hint=lang.t(
                                    "Alla aktiva förvaltningar, bolag och andra enheter i kommunerna får en egen länk. Du kan lägga till och ta bort enheter efteråt.",
                                    "All active administrations, companies and other units of the municipalities get their own link. You can add and remove units afterwards.",
                                )/>
                            <TextField action id="ny-oppnar" name="opens" kind="date" class="input--short"
                                label=lang.t("Öppnar (frivilligt)", "Opens (optional)")
                                hint=lang.t("Lämna tomt för att öppna när du trycker på ”Öppna”. Till exempel 2027-02-01.", "Leave empty to open when you press “Open”. For example 2027-02-01.")/>
                            <TextField action id="ny-stanger" name="closes" kind="date" class="input--short"
                                label=lang.t("Sista svarsdag", "Last day to answer")
                                hint=lang.t("Enkäten stänger vid midnatt den dagen (svensk tid). Till exempel 2027-03-31.", "The questionnaire closes at midnight that day (Swedish time). For example 2027-03-31.")/>
                            <button type="submit" class="button">{lang.t("Skapa kartläggning", "Create survey round")}</button>
                        </ActionForm>
                }
            })}
        </div>
          }.into_any()
        })}
      </Suspense>
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        let q = |key: &str| query.with(|q| q.get(key).unwrap_or_default());
        (
            params.with(|p| p.get("id").unwrap_or_default()),
            q("kommun"),
            q("lage"),
            q("sida"),
        )
    };
    let actions = RoundActions {
        save: ServerAction::<SaveRound>::new(),
        status: ServerAction::<SetRoundStatus>::new(),
        add: ServerAction::<AddRoundTargets>::new(),
        change: ServerAction::<ChangeTarget>::new(),
    };
    let data = Resource::new(id, |(id, kommun, lage, sida)| {
        get_round(id, kommun, lage, sida)
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Round r actions lang/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct RoundActions {
    save: ServerAction<SaveRound>,
    status: ServerAction<SetRoundStatus>,
    add: ServerAction<AddRoundTargets>,
    change: ServerAction<ChangeTarget>,
}

#[component]
fn Round(r: RoundDetail, actions: RoundActions, lang: Lang) -> impl IntoView {
    let RoundActions {
        save,
        status,
        add,
        change,
    } = actions;
    let counts = r.counts();
    let total: usize = counts.iter().sum();
    let id = r.id.clone();
    let status_action = match r.phase {
        Phase::Open { .. } | Phase::Scheduled { .. } => Some((
            "stang",
            lang.t("Stäng kartläggningen", "Close the round"),
            "button button--warning",
        )),
        Phase::Draft => Some((
            "oppna",
            lang.t("Öppna kartläggningen", "Open the round"),
            "button",
        )),
        Phase::Closed { .. } => Some(("oppna", lang.t("Öppna igen", "Reopen"), "button")),
    };
    let phase_text = match r.phase {
        Phase::Draft => lang
            .t(
                "Utkast: länkarna öppnar inte enkäten förrän du öppnar kartläggningen.",
                "Draft: the links do not open the questionnaire until you open the round.",
            )
            .to_string(),
        Phase::Scheduled { opens_at } => format!(
            "{} {}",
            lang.t("Öppnar", "Opens"),
            format_stockholm(opens_at)
        ),
        Phase::Open { closes_at } => format!(
            "{} {}",
            lang.t("Öppen. Svara senast", "Open. Answer by"),
            deadline_text(closes_at, lang)
        ),
        Phase::Closed { at } => format!(
            "{} {}",
            lang.t("Stängd sedan", "Closed since"),
            format_stockholm(at)
        ),
    };
    view! {
        <PageTitle text=r.name.clone()/>
        <div class="page">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>
            </nav>
            <h1>{r.name.clone()}</h1>
            <dl class="facts">
                <dt>{lang.t("Enkät", "Questionnaire")}</dt>
                <dd><a href=format!("/enkater/{}", r.questionnaire_id)>{r.questionnaire.get(lang).to_string()}</a>{format!(" ({} {})", lang.t("version", "version"), r.version)}</dd>
                <dt>{lang.t("Läge", "Status")}</dt>
                <dd>{phase_tag(r.phase, lang)}" "{phase_text}</dd>
                <dt>{lang.t("Inskickade", "Submitted")}</dt>
                <dd>{format!("{} {} {total}", counts[UnitState::Submitted as usize], lang.t("av", "of"))}</dd>
            </dl>
            <p class="button-group">
                <a class="button" href=format!("/omgangar/{}/analys", r.id)>{lang.t("Visa nulägesanalysen", "Show the current-state analysis")}</a>
                <a class="button button--secondary" href=format!("/omgangar/{}/utskick", r.id)>{lang.t("E-post till enheterna", "E-mail to the units")}</a>
                <a class="button button--secondary" href=format!("/omgangar/{}/partnersok", r.id)>{lang.t("Partnersök", "Partner search")}</a>
            </p>
            <SavedNotice action=SaveRound::PATH/>
            <FormErrors action=SetRoundStatus::PATH first="omgang-status"/>
            {r.can_edit.then(|| status_action.map(|(action, label, class)| view! {
                <ActionForm action=status attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="action" value=action/>
                    <button id="omgang-status" type="submit" class=class>{label}</button>
                </ActionForm>
            }))}

            <h2 id="lagen">{lang.t("Läget", "Progress")}</h2>
            <p class="lead headline">{crate::analysis::MunicipalitiesAnswered::count(
                r.summary.iter().map(|m| (m.total(), m.submitted()))
            ).sentence(lang)}</p>
            <ul class="state-counts">
                {UnitState::ALL.into_iter().map(|s| view! {
                    <li><span class="state-counts__number">{counts[s as usize]}</span>" "{s.label(lang)}</li>
                }).collect_view()}
            </ul>
            {(r.summary.len() > 1).then(|| view! { <Summary round=r.id.clone() summary=r.summary.clone() lang/> })}

            <h2 id="enheter">{lang.t("Enheter", "Units")}</h2>
            <UnitFilter round=r.id.clone() listing=r.listing.clone() summary=r.summary.clone() lang/>
            <p role="status" class="listing-where">{listing_where(&r, lang)}</p>
            <FormErrors action=ChangeTarget::PATH first="enheter"/>
            {(r.paging.pages > 1).then(|| {
                let (round, listing) = (r.id.clone(), r.listing.clone());
                view! { <Pager page=r.paging.page pages=r.paging.pages label=lang.t("Sidor med enheter", "Pages of units")
                    href=move |n| listing.on_page(n).href(&round)/> }
            })}
            {r.municipalities.clone().into_iter().map(|m| {
                let round_id = r.id.clone();
                let back = r.listing.on_page(r.paging.page).href(&r.id);
                let can_act = m.can_act;
                let (all, submitted) = r.summary.iter().find(|c| c.code == m.code)
                    .map(|c| (c.total(), c.submitted())).unwrap_or_default();
                view! {
                    <h3>{format!("{} – {submitted} {} {all}", m.name, lang.t("av", "of"))}{lang.t(" inskickade", " submitted")}</h3>
                    <TableWrap label=format!("{} {}", lang.t("Enheter i", "Units in"), m.name)>
                        <table class="data-table">
                            <caption class="visually-hidden">{format!("{} {}", lang.t("Enheter i", "Units in"), m.name)}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                <th scope="col">{lang.t("Typ", "Kind")}</th>
                                <th scope="col">{lang.t("Läge", "Status")}</th>
                                <th scope="col">{lang.t("Senast aktiv", "Last activity")}</th>
                                {can_act.then(|| view! { <th scope="col">{lang.t("Länk", "Link")}</th> })}
                            </tr></thead>
                            <tbody>
                                {m.targets.into_iter().map(|t| view! { <TargetRow t round=round_id.clone() back=back.clone() can_act change lang/> }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }
            }).collect_view()}
            {(r.paging.pages > 1).then(|| {
                let (round, listing) = (r.id.clone(), r.listing.clone());
                view! { <Pager page=r.paging.page pages=r.paging.pages label=lang.t("Sidor med enheter, längst ned", "Pages of units, at the bottom")
                    href=move |n| listing.on_page(n).href(&round)/> }
            })}

            {r.can_edit.then(|| {
                let (id1, id2, id3) = (r.id.clone(), r.id.clone(), r.id.clone());
                let (units, municipalities) = (r.addable_units.clone(), r.addable_municipalities.clone());
                view! {
                <h2 id="lagg-till">{lang.t("Lägg till enheter", "Add units")}</h2>
                <FormErrors action=AddRoundTargets::PATH first=if units.is_empty() { "ny-kommun" } else { "ny-enhet" }/>
                {(!units.is_empty()).then(|| view! {
                    <ActionForm action=add>
                        <input type="hidden" name="id" value=id1/>
                        <SelectField action=AddRoundTargets::PATH id="ny-enhet" name="unit" label=lang.t("Enhet", "Unit")
                            first=true options=units.clone()/>
                        <button type="submit" class="button button--secondary">{lang.t("Lägg till enheten", "Add the unit")}</button>
                    </ActionForm>
                })}
                {(!municipalities.is_empty()).then(|| view! {
                    <ActionForm action=add>
                        <input type="hidden" name="id" value=id2/>
                        <SelectField action=AddRoundTargets::PATH id="ny-kommun" name="municipality" label=lang.t("Kommun", "Municipality")
                            hint=lang.t("Alla kommunens aktiva enheter läggs till.", "All the municipality's active units are added.")
                            options=municipalities.clone()/>
                        <button type="submit" class="button button--secondary">{lang.t("Lägg till kommunen", "Add the municipality")}</button>
                    </ActionForm>
                })}

                <h2 id="namn-datum">{lang.t("Namn och datum", "Name and dates")}</h2>
                <FormErrors action=SaveRound::PATH first="omgang-namn"/>
                <ActionForm action=save>
                    <input type="hidden" name="id" value=id3/>
                    <TextField action=SaveRound::PATH id="omgang-namn" name="name" value=r.name.clone() first=true label=lang.t("Namn", "Name")/>
                    <TextField action=SaveRound::PATH id="omgang-oppnar" name="opens" kind="date" class="input--short"
                        value=r.opens_at.map(format_date_stockholm).unwrap_or_default() label=lang.t("Öppnar (frivilligt)", "Opens (optional)")/>
                    <TextField action=SaveRound::PATH id="omgang-stanger" name="closes" kind="date" class="input--short" value=last_day(r.closes_at)
                        label=lang.t("Sista svarsdag", "Last day to answer")
                        hint=lang.t(
                            "Förläng genom att välja en senare dag. En stängd kartläggning öppnar du sedan med ”Öppna igen”.",
                            "Extend by choosing a later day. Then reopen a closed round with “Reopen”.",
                        )/>
                    <button type="submit" class="button button--secondary">{lang.t("Spara namn och datum", "Save name and dates")}</button>
                </ActionForm>
            }})}
        </div>
    }
}

#[component]
fn TargetRow(
    t: TargetView,
    round: String,
    /// The listing the row is on, to come back to after a change.
    back: String,
    can_act: bool,
    change: ServerAction<ChangeTarget>,
    lang: Lang,
) -> impl IntoView {
    let state = match (t.state, t.changed_since_submitted) {
        (UnitState::Submitted, true) => format!(
            "{} {}",
            t.state.label(lang),
            lang.t("(ändrad efteråt)", "(changed since)")
        ),
        (state, _) => state.label(lang).to_string(),
    };
    let kind = UnitKind::parse(&t.kind)
        .map(|k| k.label(lang))
        .unwrap_or_default();
    let link_id = format!("lank-{}", t.id);
    // The post came from this unit's form (the one its error belongs to).
    let refused_here = echo_for(ChangeTarget::PATH)
        .is_some_and(|e| e.outcome.is_err() && FormScope::new("target", t.id.clone()).matches(&e));
    view! {
        <tr>
            <td><a href=format!("/enheter/{}", t.unit_id)>{t.unit_name.clone()}</a></td>
            <td>{kind}</td>
            <td><span class=format!("state state--{}", t.state.key())>{state}</span></td>
            <td>{t.last_activity.map(format_stockholm).unwrap_or_else(|| "–".to_string())}</td>
            {can_act.then(|| view! {
                <td class="target-link">
                    {match &t.link {
                        Some(link) => view! {
                            <label for=link_id.clone() class="visually-hidden">{format!("{} {}", lang.t("Länk för", "Link for"), t.unit_name)}</label>
                            <input id=link_id.clone() type="text" readonly value=link.clone() class="input--link"/>
                        }.into_any(),
                        None if t.unreadable => view! { <span class="tag tag--warning">{lang.t("Länken kan inte visas – skapa en ny", "The link cannot be shown – make a new one")}</span> }.into_any(),
                        None => view! { <span class="tag tag--warning">{lang.t("Spärrad", "Revoked")}</span> }.into_any(),
                    }}
                    <details class="target-actions" open=refused_here>
                        <summary>{lang.t("Ändra länken", "Change the link")}<span class="visually-hidden">{format!(" {} {}", lang.t("för", "for"), t.unit_name)}</span></summary>
                        <ActionForm action=change>
                            <input type="hidden" name="id" value=round.clone()/>
                            <input type="hidden" name="target" value=t.id.clone()/>
                            <input type="hidden" name="tillbaka" value=back.clone()/>
                            <p>{lang.t("Den gamla länken slutar fungera. Svar som redan sparats finns kvar.", "The old link stops working. Answers already saved are kept.")}</p>
                            <div class="button-group">
                                <button type="submit" name="action" value="ersatt" class="button button--secondary">{lang.t("Ge en ny länk", "Give a new link")}</button>
                                {(!t.revoked).then(|| view! {
                                    <button type="submit" name="action" value="sparra" class="button button--warning">{lang.t("Spärra länken", "Revoke the link")}</button>
                                })}
                                {matches!(t.state, UnitState::NotOpened | UnitState::Opened).then(|| view! {
                                    <button type="submit" name="action" value="ta_bort" class="button button--warning">{lang.t("Ta bort enheten ur kartläggningen", "Remove the unit from the round")}</button>
                                })}
                            </div>
                        </ActionForm>
                    </details>
                </td>
            })}
        </tr>
    }
}

/// "Visar 1–100 av 2 000 enheter": what the unit list shows.
fn listing_where(r: &RoundDetail, lang: Lang) -> String {
    let p = r.paging;
    let filtered = r.listing.is_filtered();
    match (p.matching, lang) {
        (0, Lang::Sv) if filtered => "Inga enheter matchar valet.".into(),
        (0, Lang::En) if filtered => "No units match the choice.".into(),
        (0, Lang::Sv) => "Kartläggningen har inga enheter ännu.".into(),
        (0, Lang::En) => "The round has no units yet.".into(),
        (n, Lang::Sv) if p.pages == 1 => format!(
            "Visar {} {}.",
            format_int(n as i64),
            if n == 1 { "enhet" } else { "enheter" }
        ),
        (n, Lang::En) if p.pages == 1 => format!(
            "Showing {} {}.",
            format_int(n as i64),
            if n == 1 { "unit" } else { "units" }
        ),
        (n, Lang::Sv) => format!(
            "Visar enhet {}–{} av {}.",
            p.start + 1,
            p.end,
            format_int(n as i64)
        ),
        (n, Lang::En) => format!(
            "Showing units {}–{} of {}.",
            p.start + 1,
            p.end,
            format_int(n as i64)
        ),
    }
}

/// Every municipality's counts, each linking to its units.
#[component]
fn Summary(round: String, summary: Vec<MunicipalityCounts>, lang: Lang) -> impl IntoView {
    let caption = lang.t("Läget per kommun", "Progress by municipality");
    view! {
        <TableWrap label=caption>
            <table class="data-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Kommun", "Municipality")}</th>
                    <th scope="col" class="num">{lang.t("Enheter", "Units")}</th>
                    {UnitState::ALL.into_iter().map(|s| view! { <th scope="col" class="num">{s.label(lang)}</th> }).collect_view()}
                    <th scope="col" class="num">{lang.t("Andel inskickade", "Share submitted")}</th>
                </tr></thead>
                <tbody>
                    {summary.into_iter().map(|m| {
                        let href = Listing { municipality: Some(m.code.clone()), page: 1, ..Listing::default() }.href(&round);
                        let share = crate::analysis::percent(m.submitted() as f64 / m.total().max(1) as f64, lang);
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{m.name.clone()}</a></th>
                                <td class="num">{m.total()}</td>
                                {m.counts.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                                <td class="num">{share}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}

/// Which units to list: a plain GET form, so it works without JavaScript.
#[component]
fn UnitFilter(
    round: String,
    listing: Listing,
    summary: Vec<MunicipalityCounts>,
    lang: Lang,
) -> impl IntoView {
    let municipalities: Vec<(String, String)> = std::iter::once((
        String::new(),
        lang.t("Alla kommuner", "Every municipality").to_string(),
    ))
    .chain(summary.into_iter().map(|m| (m.code, m.name)))
    .collect();
    let one = municipalities.len() <= 2;
    let states: Vec<(String, String)> = StateFilter::ALL
        .into_iter()
        .map(|f| (f.key().to_string(), f.label(lang).to_string()))
        .collect();
    view! {
        <form method="get" action=format!("/omgangar/{round}#enheter") class="filters" role="search"
            aria-label=lang.t("Välj enheter", "Choose units")>
            {(!one).then(|| view! {
                <SelectField action=GET_FORM id="enheter-kommun" name="kommun" label=lang.t("Kommun", "Municipality")
                    value=listing.municipality.clone().unwrap_or_default() options=municipalities.clone()/>
            })}
            <SelectField action=GET_FORM id="enheter-lage" name="lage" label=lang.t("Läge", "Status")
                value=listing.state.key() options=states/>
            <button type="submit" class="button button--secondary">{lang.t("Visa enheterna", "Show the units")}</button>
            {listing.is_filtered().then(|| view! {
                <a class="filters__reset" href=format!("/omgangar/{round}#enheter")>{lang.t("Visa alla enheter", "Show every unit")}</a>
            })}
        </form>
    }
}
