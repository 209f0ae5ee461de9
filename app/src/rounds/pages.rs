//! The coordinator's round pages: the list with "new round", and one round
//! with its target units grouped by municipality.

use super::api::{
    get_round, get_round_options, list_rounds, AddRoundTargets, ChangeTarget, CreateRound,
    RoundDetail, SaveRound, SetRoundStatus, TargetView,
};
use super::{deadline_text, Phase, UnitState};
use crate::components::{form_error, ErrorSummary, FieldProblem, PageTitle, TableWrap};
use crate::i18n::{use_lang, Lang};
use crate::time::{format_date_stockholm, format_stockholm};
use crate::vocabulary::UnitKind;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

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
    let error = form_error(create.value(), CreateRound::PATH);
    let list = Resource::new(|| (), |_| list_rounds());
    let options = Resource::new(|| (), |_| get_round_options());
    view! {
        <PageTitle text=move || lang.t("Kartläggningar", "Survey rounds").to_string()/>
        <div class="page">
            <h1>{lang.t("Kartläggningar", "Survey rounds")}</h1>
            <p class="lead">{lang.t(
                "En kartläggning skickar en enkät till kommunens förvaltningar och bolag. Varje enhet får en egen länk och svarar utan konto.",
                "A survey round sends a questionnaire to the municipality's administrations and companies. Each unit gets its own link and answers without an account.",
            )}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice--error">{e.to_string()}</p> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p>{lang.t("Det finns inga kartläggningar ännu.", "There are no survey rounds yet.")}</p> }.into_any(),
                        Ok(items) => view! {
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
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(options) = options.await else { return ().into_any() };
                    if options.municipalities.is_empty() {
                        return ().into_any();
                    }
                    view! {
                        <h2 id="ny">{lang.t("Starta en ny kartläggning", "Start a new survey round")}</h2>
                        {move || error.get().map(|e| view! {
                            <ErrorSummary problems=vec![FieldProblem { field_id: "ny-namn".into(), message: e.to_string() }]/>
                        })}
                        <ActionForm action=create>
                            <div class="field">
                                <label for="ny-namn">{lang.t("Namn", "Name")}</label>
                                <input id="ny-namn" name="name" type="text" autocomplete="off"/>
                            </div>
                            <div class="field">
                                <label for="ny-enkat">{lang.t("Enkät", "Questionnaire")}</label>
                                <p class="hint" id="ny-enkat-hint">{lang.t(
                                    "Kartläggningen använder enkätens senaste version. Den versionen låses; senare ändringar blir en ny version.",
                                    "The round uses the questionnaire's newest version. That version is locked; later changes become a new version.",
                                )}</p>
                                <select id="ny-enkat" name="questionnaire" aria-describedby="ny-enkat-hint">
                                    {options.questionnaires.iter().map(|(id, title, version)| view! {
                                        <option value=id.clone()>{format!("{} ({} {version})", title.get(lang), lang.t("version", "version"))}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <fieldset class="field">
                                <legend>{lang.t("Kommuner", "Municipalities")}</legend>
                                <p class="hint">{lang.t(
                                    "Alla aktiva förvaltningar, bolag och andra enheter i kommunerna får en egen länk. Du kan lägga till och ta bort enheter efteråt.",
                                    "All active administrations, companies and other units of the municipalities get their own link. You can add and remove units afterwards.",
                                )}</p>
                                <div class="checkboxes">
                                    {options.municipalities.iter().enumerate().map(|(i, (code, name))| {
                                        let id = format!("ny-kommun-{code}");
                                        view! {
                                            <div class="checkbox">
                                                <input type="checkbox" id=id.clone() name=format!("municipalities[{i}]") value=code.clone() checked=options.municipalities.len() == 1/>
                                                <label for=id>{name.clone()}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                            <div class="field">
                                <label for="ny-oppnar">{lang.t("Öppnar (frivilligt)", "Opens (optional)")}</label>
                                <p class="hint" id="ny-oppnar-hint">{lang.t("Lämna tomt för att öppna när du trycker på ”Öppna”. Till exempel 2027-02-01.", "Leave empty to open when you press “Open”. For example 2027-02-01.")}</p>
                                <input id="ny-oppnar" name="opens" type="date" class="input--short" aria-describedby="ny-oppnar-hint"/>
                            </div>
                            <div class="field">
                                <label for="ny-stanger">{lang.t("Sista svarsdag", "Last day to answer")}</label>
                                <p class="hint" id="ny-stanger-hint">{lang.t("Enkäten stänger vid midnatt den dagen (svensk tid). Till exempel 2027-03-31.", "The questionnaire closes at midnight that day (Swedish time). For example 2027-03-31.")}</p>
                                <input id="ny-stanger" name="closes" type="date" class="input--short" aria-describedby="ny-stanger-hint"/>
                            </div>
                            <button type="submit" class="button">{lang.t("Skapa kartläggning", "Create survey round")}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let actions = RoundActions {
        save: ServerAction::<SaveRound>::new(),
        status: ServerAction::<SetRoundStatus>::new(),
        add: ServerAction::<AddRoundTargets>::new(),
        change: ServerAction::<ChangeTarget>::new(),
    };
    // Every action reloads the round.
    let data = Resource::new(
        move || {
            (
                id(),
                actions.save.version().get(),
                actions.status.version().get(),
                actions.add.version().get(),
                actions.change.version().get(),
            )
        },
        |(id, ..)| get_round(id),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Round r actions lang/> }.into_any(),
                    Err(_) => view! { <crate::pages::NotFound/> }.into_any(),
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
    let save_error = form_error(save.value(), SaveRound::PATH);
    let status_error = form_error(status.value(), SetRoundStatus::PATH);
    let add_error = form_error(add.value(), AddRoundTargets::PATH);
    let change_error = form_error(change.value(), ChangeTarget::PATH);
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
            </p>
            {move || status_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })}
            {r.can_edit.then(|| status_action.map(|(action, label, class)| view! {
                <ActionForm action=status attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="action" value=action/>
                    <button type="submit" class=class>{label}</button>
                </ActionForm>
            }))}

            <h2 id="lagen">{lang.t("Läget", "Progress")}</h2>
            <ul class="state-counts">
                {UnitState::ALL.into_iter().map(|s| view! {
                    <li><span class="state-counts__number">{counts[s as usize]}</span>" "{s.label(lang)}</li>
                }).collect_view()}
            </ul>

            <h2 id="enheter">{lang.t("Enheter", "Units")}</h2>
            {move || change_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })}
            {r.municipalities.clone().into_iter().map(|m| {
                let round_id = r.id.clone();
                let can_edit = r.can_edit;
                let c = m.targets.iter().filter(|t| t.state == UnitState::Submitted).count();
                view! {
                    <h3>{format!("{} – {} {} {}", m.name, c, lang.t("av", "of"), m.targets.len())}{lang.t(" inskickade", " submitted")}</h3>
                    <TableWrap label=format!("{} {}", lang.t("Enheter i", "Units in"), m.name)>
                        <table class="data-table">
                            <caption class="visually-hidden">{format!("{} {}", lang.t("Enheter i", "Units in"), m.name)}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                <th scope="col">{lang.t("Typ", "Kind")}</th>
                                <th scope="col">{lang.t("Läge", "Status")}</th>
                                <th scope="col">{lang.t("Senast aktiv", "Last activity")}</th>
                                {can_edit.then(|| view! { <th scope="col">{lang.t("Länk", "Link")}</th> })}
                            </tr></thead>
                            <tbody>
                                {m.targets.into_iter().map(|t| view! { <TargetRow t round=round_id.clone() can_edit change lang/> }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }
            }).collect_view()}

            {r.can_edit.then(|| {
                let (id1, id2, id3) = (r.id.clone(), r.id.clone(), r.id.clone());
                let (units, municipalities) = (r.addable_units.clone(), r.addable_municipalities.clone());
                view! {
                <h2 id="lagg-till">{lang.t("Lägg till enheter", "Add units")}</h2>
                {move || add_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })}
                {(!units.is_empty()).then(|| view! {
                    <ActionForm action=add>
                        <input type="hidden" name="id" value=id1/>
                        <div class="field">
                            <label for="ny-enhet">{lang.t("Enhet", "Unit")}</label>
                            <select id="ny-enhet" name="unit">
                                {units.iter().map(|(id, label)| view! { <option value=id.clone()>{label.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">{lang.t("Lägg till enheten", "Add the unit")}</button>
                    </ActionForm>
                })}
                {(!municipalities.is_empty()).then(|| view! {
                    <ActionForm action=add>
                        <input type="hidden" name="id" value=id2/>
                        <div class="field">
                            <label for="ny-kommun">{lang.t("Kommun", "Municipality")}</label>
                            <p class="hint" id="ny-kommun-hint">{lang.t("Alla kommunens aktiva enheter läggs till.", "All the municipality's active units are added.")}</p>
                            <select id="ny-kommun" name="municipality" aria-describedby="ny-kommun-hint">
                                {municipalities.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">{lang.t("Lägg till kommunen", "Add the municipality")}</button>
                    </ActionForm>
                })}

                <h2 id="namn-datum">{lang.t("Namn och datum", "Name and dates")}</h2>
                {move || save_error.get().map(|e| view! {
                    <ErrorSummary problems=vec![FieldProblem { field_id: "omgang-namn".into(), message: e.to_string() }]/>
                })}
                <ActionForm action=save>
                    <input type="hidden" name="id" value=id3/>
                    <div class="field">
                        <label for="omgang-namn">{lang.t("Namn", "Name")}</label>
                        <input id="omgang-namn" name="name" type="text" value=r.name.clone()/>
                    </div>
                    <div class="field">
                        <label for="omgang-oppnar">{lang.t("Öppnar (frivilligt)", "Opens (optional)")}</label>
                        <input id="omgang-oppnar" name="opens" type="date" class="input--short" value=r.opens_at.map(format_date_stockholm).unwrap_or_default()/>
                    </div>
                    <div class="field">
                        <label for="omgang-stanger">{lang.t("Sista svarsdag", "Last day to answer")}</label>
                        <p class="hint" id="omgang-stanger-hint">{lang.t(
                            "Förläng genom att välja en senare dag. En stängd kartläggning öppnar du sedan med ”Öppna igen”.",
                            "Extend by choosing a later day. Then reopen a closed round with “Reopen”.",
                        )}</p>
                        <input id="omgang-stanger" name="closes" type="date" class="input--short" aria-describedby="omgang-stanger-hint" value=last_day(r.closes_at)/>
                    </div>
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
    can_edit: bool,
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
    view! {
        <tr>
            <td><a href=format!("/enheter/{}", t.unit_id)>{t.unit_name.clone()}</a></td>
            <td>{kind}</td>
            <td><span class=format!("state state--{}", t.state.key())>{state}</span></td>
            <td>{t.last_activity.map(format_stockholm).unwrap_or_else(|| "–".to_string())}</td>
            {can_edit.then(|| view! {
                <td class="target-link">
                    {match &t.link {
                        Some(link) => view! {
                            <label for=link_id.clone() class="visually-hidden">{format!("{} {}", lang.t("Länk för", "Link for"), t.unit_name)}</label>
                            <input id=link_id.clone() type="text" readonly value=link.clone() class="input--link"/>
                        }.into_any(),
                        None if t.unreadable => view! { <span class="tag tag--warning">{lang.t("Länken kan inte visas – skapa en ny", "The link cannot be shown – make a new one")}</span> }.into_any(),
                        None => view! { <span class="tag tag--warning">{lang.t("Spärrad", "Revoked")}</span> }.into_any(),
                    }}
                    <details class="target-actions">
                        <summary>{lang.t("Ändra länken", "Change the link")}<span class="visually-hidden">{format!(" {} {}", lang.t("för", "for"), t.unit_name)}</span></summary>
                        <ActionForm action=change>
                            <input type="hidden" name="id" value=round.clone()/>
                            <input type="hidden" name="target" value=t.id.clone()/>
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
