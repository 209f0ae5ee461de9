//! The pages of the project reports: the report page behind a unit's
//! standing link and its receipt (no account, GOV.UK-style, plain form posts
//! handled in the server crate, so they work with and without JavaScript),
//! the link's section on the unit's page, and a municipality's list of what
//! arrived since its latest round.

use super::api::{
    get_municipality_reports, get_report_page, get_unit_report_link, CreateReportLink, ReportPage,
    ReportedSummary, RevokeReportLink,
};
use super::{can_finish, check_report, finished, PROJECT_FIELD, REPORTER_FIELD, REPORTER_MAX};
use crate::analysis::projects::keys;
use crate::components::{ErrorSummary, FieldProblem, FormEcho, LoadError, PageTitle, TableWrap};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::form::{answer_text, field_id, LiveState, SectionFields};
use crate::questionnaire::model::Questionnaire;
use crate::questionnaire::rules::{problem_message, Problem};
use crate::rounds::respondent::LinkNotWorking;
use crate::time::{format_date_stockholm, format_stockholm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The address of a unit's report page.
pub fn report_path(token: &str) -> String {
    format!("/projekt/rapportera/{token}")
}

/// The address a finished project is reported to.
pub fn finish_path(token: &str) -> String {
    format!("/projekt/rapportera/{token}/avsluta")
}

/// The receipt of a reported project.
pub fn receipt_path(token: &str, id: &str) -> String {
    format!("/projekt/rapportera/{token}/kvitto/{id}")
}

/// A status option's label in the form, or the key.
fn status_label(form: &Questionnaire, key: &str, lang: Lang) -> String {
    form.question(keys::STATUS)
        .and_then(|x| x.kind.options().iter().find(|o| o.key == key))
        .map(|o| o.label.get(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

fn period(p: &ReportedSummary) -> String {
    match (p.start, p.end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s}–{e}"),
        (Some(s), None) => format!("{s}–"),
        (None, Some(e)) => format!("–{e}"),
        (None, None) => "–".to_string(),
    }
}

fn shown_name(p: &ReportedSummary, lang: Lang) -> String {
    if p.name.is_empty() {
        lang.t("(utan namn)", "(no name)").to_string()
    } else {
        p.name.clone()
    }
}

/// Loads the link's page and renders it, or says the link does not work.
fn with_page(
    render: impl Fn(ReportPage, Lang) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, get_report_page);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => render(page, lang),
                        Err(AppError::NotFound) => view! { <LinkNotWorking/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/projekt/rapportera/TOKEN`: report a new project, or that one has finished.
#[component]
pub fn ReportProjectPage() -> impl IntoView {
    with_page(|page, lang| report_view(page, lang).into_any())
}

fn report_view(page: ReportPage, lang: Lang) -> impl IntoView {
    let action = report_path(&page.token);
    let finish_action = finish_path(&page.token);
    let echo = use_context::<FormEcho>();
    let report_echo = echo.clone().filter(|e| e.action == action);
    let finish_echo = echo.filter(|e| e.action == finish_action);
    let checked = report_echo
        .as_ref()
        .map(|e| check_report(&page.form, page.kind, &e.fields))
        .unwrap_or_default();
    let refused = report_echo
        .as_ref()
        .and_then(|e| e.outcome.as_ref().err().cloned())
        .filter(|_| checked.problems.is_empty())
        .map(|e| e.to_string());
    // A refused "finished" form: the project and the year as typed.
    let finish_refused: Option<(String, String, Vec<Problem>)> = finish_echo.and_then(|e| {
        let field = |name: &str| {
            e.fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let id = field(PROJECT_FIELD);
        let year = field(keys::END);
        let project = page.projects.iter().find(|p| p.id == id)?;
        let problems = finished(&page.form, page.kind, &project.answers, &year).err()?;
        Some((id, year, problems))
    });
    let mut summary: Vec<FieldProblem> = checked
        .problems
        .iter()
        .map(|p| FieldProblem {
            field_id: field_id(&p.key),
            message: problem_message(&page.form, p, lang),
        })
        .collect();
    if let Some((id, _, problems)) = &finish_refused {
        summary.extend(problems.iter().map(|p| FieldProblem {
            field_id: finish_field_id(id),
            message: problem_message(&page.form, p, lang),
        }));
    }
    let reporter_error = checked
        .problems
        .iter()
        .find(|p| p.key == REPORTER_FIELD)
        .map(|p| p.message(lang));
    let reporter_value = report_echo
        .as_ref()
        .and_then(|e| e.fields.iter().find(|(k, _)| k == REPORTER_FIELD))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let title = lang.t(
        "Rapportera ett internationellt projekt",
        "Report an international project",
    );
    let form = page.form.clone();
    let kind = page.kind;
    let live = LiveState::new(checked.shown.clone());
    let problems = checked.problems.clone();
    let typed = checked.typed.clone();
    let finishable = can_finish(&page.form);
    let reporter_id = field_id(REPORTER_FIELD);
    view! {
        <PageTitle text=title/>
        <div class="page page--narrow respondent">
            {(!summary.is_empty()).then(|| view! { <ErrorSummary problems=summary/> })}
            {refused.map(|reason| view! { <div class="notice notice--error" role="alert"><p>{reason}</p></div> })}
            <p class="caption">{format!("{} · {}", page.unit_name, page.municipality_name)}</p>
            <h1>{title}</h1>
            <p class="lead">{match lang {
                Lang::Sv => format!("Här rapporterar ni ett nytt internationellt projekt för {}, eller att ett projekt har avslutats, när som helst mellan kartläggningarna.", page.unit_name),
                Lang::En => format!("Here you report a new international project of {}, or that a project has finished, at any time between the mappings.", page.unit_name),
            }}</p>
            <p>{lang.t(
                "Samordnaren ser projektet direkt i kommunens projektregister, och det kommer med, redan ifyllt, i nästa kartläggning. Samma länk fungerar för dina kollegor.",
                "The coordinator sees the project at once in the municipality's project register, and it comes along, filled in, in the next mapping. The same link works for your colleagues.",
            )}</p>
            {if page.full {
                view! {
                    <div class="notice notice--warning"><p>{match lang {
                        Lang::Sv => format!("Ni har rapporterat {} projekt via länken, vilket är det högsta antalet. Kontakta samordnaren i din kommun om fler projekt.", page.projects.len()),
                        Lang::En => format!("You have reported {} projects through the link, which is the most allowed. Contact the coordinator in your municipality about more projects.", page.projects.len()),
                    }}</p></div>
                }.into_any()
            } else {
                view! {
                    <h2>{lang.t("Nytt projekt", "New project")}</h2>
                    <form method="post" action=action.clone() novalidate>
                        <SectionFields questionnaire=form section=0 kind live problems typed lang/>
                        <div class=if reporter_error.is_some() { "field field--error" } else { "field" }>
                            <label for=reporter_id.clone()>{lang.t("Ditt namn (frivilligt)", "Your name (optional)")}</label>
                            <p class="hint" id="rapportor-hint">{lang.t(
                                "Så att samordnaren vet vem som kan svara på frågor om projektet.",
                                "So that the coordinator knows who can answer questions about the project.",
                            )}</p>
                            {reporter_error.clone().map(|m| view! {
                                <p class="field-error" id="rapportor-fel"><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{m}</p>
                            })}
                            <input id=reporter_id name=REPORTER_FIELD type="text" value=reporter_value autocomplete="name"
                                maxlength=(REPORTER_MAX * 2).to_string()
                                aria-describedby=if reporter_error.is_some() { "rapportor-hint rapportor-fel" } else { "rapportor-hint" }
                                aria-invalid=reporter_error.is_some().then_some("true")/>
                        </div>
                        <button type="submit" class="button">{lang.t("Rapportera projektet", "Report the project")}</button>
                    </form>
                }.into_any()
            }}
            <h2 id="rapporterade">{lang.t("Projekt som har rapporterats via länken", "Projects reported through the link")}</h2>
            {if page.projects.is_empty() {
                view! { <p>{lang.t("Inga projekt har rapporterats via länken ännu.", "No projects have been reported through the link yet.")}</p> }.into_any()
            } else {
                let form = page.form.clone();
                let finish_action = finish_action.clone();
                view! {
                    <ul class="reported-projects">
                        {page.projects.iter().map(|p| {
                            let is_finished = p.status.as_deref() == Some(super::FINISHED);
                            let refused = finish_refused.as_ref().filter(|(id, _, _)| *id == p.id);
                            let year_value = refused.map(|(_, y, _)| y.clone())
                                .or_else(|| p.end.map(|y| y.to_string()))
                                .unwrap_or_default();
                            let error = refused.and_then(|(_, _, ps)| ps.first()).map(|pr| pr.message(lang));
                            let input_id = finish_field_id(&p.id);
                            let error_id = format!("{input_id}-fel");
                            let name = shown_name(p, lang);
                            view! {
                                <li class="summary-part">
                                    <h3 class="summary-part__title">{name.clone()}</h3>
                                    <dl class="summary-list">
                                        <div class="summary-list__row"><dt>{lang.t("Status", "Status")}</dt>
                                            <dd>{p.status.as_ref().map(|s| status_label(&form, s, lang)).unwrap_or_else(|| "–".into())}</dd></div>
                                        <div class="summary-list__row"><dt>{lang.t("Period", "Period")}</dt><dd>{period(p)}</dd></div>
                                        <div class="summary-list__row"><dt>{lang.t("Rapporterat", "Reported")}</dt><dd>{format_date_stockholm(p.reported_at)}</dd></div>
                                    </dl>
                                    {(finishable && !is_finished).then(|| view! {
                                        <form method="post" action=finish_action.clone() novalidate class="finish-form">
                                            <input type="hidden" name=PROJECT_FIELD value=p.id.clone()/>
                                            <div class=if error.is_some() { "field field--error" } else { "field" }>
                                                <label for=input_id.clone()>
                                                    {lang.t("Slutår", "End year")}
                                                    <span class="visually-hidden">{format!(" {name}")}</span>
                                                </label>
                                                {error.clone().map(|m| view! {
                                                    <p class="field-error" id=error_id.clone()><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{m}</p>
                                                })}
                                                <input id=input_id name=keys::END type="text" inputmode="numeric" class="input--short" value=year_value
                                                    aria-describedby=error.is_some().then(|| error_id.clone())
                                                    aria-invalid=error.is_some().then_some("true")/>
                                            </div>
                                            <button type="submit" class="button button--secondary">
                                                {lang.t("Rapportera som avslutat", "Report as finished")}
                                                <span class="visually-hidden">{format!(" {name}")}</span>
                                            </button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p>{lang.t(
                "Har du frågor? Kontakta den som samordnar kartläggningen i din kommun.",
                "Questions? Contact whoever coordinates the mapping in your municipality.",
            )}</p>
        </div>
    }
}

/// The id of a reported project's end-year field.
fn finish_field_id(project_id: &str) -> String {
    format!("avsluta-{project_id}-slutar")
}

/// `/projekt/rapportera/TOKEN/kvitto/ID`: "Tack, projektet är rapporterat".
#[component]
pub fn ReportReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    with_page(move |page, lang| {
        let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
        let finished = query.with_untracked(|q| q.get("avslutat").is_some());
        let Some(p) = page.projects.iter().find(|p| p.id == id).cloned() else {
            return view! { <crate::pages::NotFound/> }.into_any();
        };
        let heading = if finished {
            lang.t(
                "Tack, projektet är rapporterat som avslutat",
                "Thank you, the project is reported as finished",
            )
        } else {
            lang.t(
                "Tack, projektet är rapporterat",
                "Thank you, the project is reported",
            )
        };
        let questions = page
            .form
            .sections
            .first()
            .map(|s| s.questions.clone())
            .unwrap_or_default();
        view! {
            <PageTitle text=heading/>
            <div class="page page--narrow respondent receipt">
                <div class="panel panel--confirmation">
                    <h1>{heading}</h1>
                    <p>{shown_name(&p, lang)}</p>
                </div>
                <p class="caption">{format!("{} · {}", page.unit_name, page.municipality_name)}</p>
                <dl class="facts">
                    <dt>{lang.t("Rapporterat", "Reported")}</dt><dd>{format_stockholm(p.reported_at)}</dd>
                    {(p.updated_at > p.reported_at).then(|| view! {
                        <dt>{lang.t("Ändrat", "Changed")}</dt><dd>{format_stockholm(p.updated_at)}</dd>
                    })}
                </dl>
                <p>{lang.t(
                    "Samordnaren ser projektet i kommunens projektregister, och det kommer med i nästa kartläggning.",
                    "The coordinator sees the project in the municipality's project register, and it comes along in the next mapping.",
                )}</p>
                <h2>{lang.t("Det här rapporterades", "What was reported")}</h2>
                <dl class="summary-list">
                    {questions.iter().map(|x| {
                        let text = answer_text(x, &p.answers, lang);
                        view! {
                            <div class="summary-list__row">
                                <dt>{x.text.get(lang).to_string()}</dt>
                                <dd>{if text.is_empty() { lang.t("Inte besvarad", "Not answered").to_string() } else { text }}</dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
                <div class="button-group">
                    <a class="button" href=report_path(&page.token)>{lang.t("Rapportera ett projekt till", "Report another project")}</a>
                </div>
            </div>
        }
        .into_any()
    })
}

/// The standing report link on a unit's page: make, show, renew and revoke
/// it (for those who may change the unit), and what came in through it.
#[component]
pub fn UnitReportLinkSection(
    unit_id: String,
    /// The unit's name and its contacts' e-mail addresses, for the mail
    /// with the link.
    unit_name: String,
    emails: Vec<String>,
) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateReportLink>::new();
    let revoke = ServerAction::<RevokeReportLink>::new();
    let data = Resource::new(move || unit_id.clone(), get_unit_report_link);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (emails, unit_name) = (emails.clone(), unit_name.clone());
                Suspend::new(async move {
                let link = match data.await {
                    Ok(link) => link,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let form = super::form_for(None).0;
                let (uid, uid2) = (link.unit_id.clone(), link.unit_id.clone());
                let has_link = link.url.is_some() || link.unreadable;
                view! {
                    <section aria-labelledby="rapportlank" class="report-link">
                        <h2 id="rapportlank">{lang.t("Rapportera projekt mellan kartläggningar", "Reporting projects between mappings")}</h2>
                        <p>{lang.t(
                            "Med enhetens stående länk kan kontaktpersonen när som helst rapportera ett nytt eller avslutat internationellt projekt, utan konto. Projekten syns direkt i projektregistret och kommer med i nästa kartläggning.",
                            "With the unit's standing link the contact can report a new or finished international project at any time, without an account. The projects show at once in the project register and come along in the next mapping.",
                        )}</p>
                        {link.can_edit.then(|| view! {
                            {match (&link.url, link.unreadable) {
                                (Some(url), _) => view! {
                                    <div class="field">
                                        <label for="rapportlank-adress">{lang.t("Länken att skicka till enheten", "The link to send to the unit")}</label>
                                        <input id="rapportlank-adress" type="text" readonly value=url.clone() class="input--link"/>
                                    </div>
                                    {(!emails.is_empty()).then(|| view! {
                                        <p><a href=super::mailto(&emails, &unit_name, url)>{lang.t(
                                            "Skicka länken till enhetens kontaktpersoner med ditt e-postprogram",
                                            "Send the link to the unit's contacts with your e-mail program",
                                        )}</a></p>
                                    })}
                                }.into_any(),
                                (None, true) => view! {
                                    <div class="notice notice--warning"><p>{lang.t(
                                        "Länken finns men kan inte visas med serverns länknyckel. Gör en ny länk för att kunna skicka den.",
                                        "The link exists but cannot be shown with the server's link key. Make a new link to be able to send it.",
                                    )}</p></div>
                                }.into_any(),
                                (None, false) => view! {
                                    <p>{lang.t("Enheten har ingen länk för att rapportera projekt.", "The unit has no link for reporting projects.")}</p>
                                }.into_any(),
                            }}
                            <div class="button-group">
                                <ActionForm action=create>
                                    <input type="hidden" name="unit_id" value=uid/>
                                    <button type="submit" class=if has_link { "button button--secondary" } else { "button" }>
                                        {if has_link { lang.t("Gör en ny länk", "Make a new link") } else { lang.t("Skapa länken", "Create the link") }}
                                    </button>
                                </ActionForm>
                                {has_link.then(|| view! {
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="unit_id" value=uid2/>
                                        <button type="submit" class="button button--warning">{lang.t("Återkalla länken", "Revoke the link")}</button>
                                    </ActionForm>
                                })}
                            </div>
                            {has_link.then(|| view! {
                                <p class="hint">{lang.t(
                                    "En ny länk ersätter den gamla, som slutar fungera. En återkallad länk slutar fungera direkt.",
                                    "A new link replaces the old one, which stops working. A revoked link stops working at once.",
                                )}</p>
                            })}
                        })}
                        <h3>{lang.t("Rapporterade projekt", "Reported projects")}</h3>
                        {if link.projects.is_empty() {
                            view! { <p>{lang.t("Inga projekt har rapporterats via länken.", "No projects have been reported through the link.")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="compact-list">
                                    {link.projects.iter().map(|p| view! {
                                        <li>
                                            {shown_name(p, lang)}
                                            {p.status.as_ref().map(|s| format!(" – {}", status_label(&form, s, lang)))}
                                            {format!(", {} {}", lang.t("rapporterat", "reported"), format_date_stockholm(p.reported_at))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            })}}
        </Suspense>
    }
}

/// `/kommuner/KOD/rapporterade-projekt`: what the municipality's units
/// reported since its latest round opened.
#[component]
pub fn MunicipalityReportsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_municipality_reports);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let r = match data.await {
                    Ok(r) => r,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let form = super::form_for(None).0;
                let title = lang.t("Rapporterade projekt sedan förra kartläggningen", "Projects reported since the last mapping");
                view! {
                    <PageTitle text=format!("{title} – {}", r.name)/>
                    <div class="page">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/kommuner">{lang.t("Kommuner", "Municipalities")}</a>
                            <a href=format!("/kommuner/{}", r.code)>{r.name.clone()}</a>
                        </nav>
                        <h1>{title}<span class="h1-sub">{r.name.clone()}</span></h1>
                        <p class="lead">{match (&r.since, lang) {
                            (Some((_, round, at)), Lang::Sv) => format!("Projekt som enheterna har rapporterat via sina länkar, eller rapporterat som avslutade, sedan kartläggningen ”{round}” öppnade {}.", format_date_stockholm(*at)),
                            (Some((_, round, at)), Lang::En) => format!("Projects the units reported through their links, or reported as finished, since the mapping “{round}” opened on {}.", format_date_stockholm(*at)),
                            (None, Lang::Sv) => "Kommunen har inte haft någon kartläggning ännu: här är alla projekt som enheterna har rapporterat via sina länkar.".to_string(),
                            (None, Lang::En) => "The municipality has had no mapping yet: here are all projects the units reported through their links.".to_string(),
                        }}</p>
                        {r.since.as_ref().map(|(id, _, _)| view! {
                            <p><a href=format!("/omgangar/{id}/projekt/{}", r.code)>{lang.t("Till kartläggningens projektregister, där projekten också finns med", "To the mapping's project register, which also holds the projects")}</a></p>
                        })}
                        {if r.projects.is_empty() {
                            view! { <p>{lang.t("Inga projekt har rapporterats sedan dess.", "No projects have been reported since then.")}</p> }.into_any()
                        } else {
                            view! {
                                <TableWrap label=lang.t("Rapporterade projekt", "Reported projects")>
                                    <table class="data-table">
                                        <caption class="visually-hidden">{lang.t("Rapporterade projekt, det senaste först", "Reported projects, the latest first")}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t("Rapporterat", "Reported")}</th>
                                            <th scope="col">{lang.t("Projekt", "Project")}</th>
                                            <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                            <th scope="col">{lang.t("Status", "Status")}</th>
                                            <th scope="col" class="num">{lang.t("Period", "Period")}</th>
                                            <th scope="col">{lang.t("Rapporterat av", "Reported by")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {r.projects.iter().map(|p| view! {
                                                <tr>
                                                    <td>
                                                        {format_date_stockholm(p.reported_at)}
                                                        {(p.updated_at > p.reported_at).then(|| format!(" ({} {})", lang.t("ändrat", "changed"), format_date_stockholm(p.updated_at)))}
                                                    </td>
                                                    <th scope="row">{shown_name(p, lang)}</th>
                                                    <td><a href=format!("/enheter/{}", p.unit_id)>{p.unit_name.clone()}</a></td>
                                                    <td>{p.status.as_ref().map(|s| status_label(&form, s, lang)).unwrap_or_else(|| "–".into())}</td>
                                                    <td class="num">{period(p)}</td>
                                                    <td>{if p.reported_by.is_empty() { "–".to_string() } else { p.reported_by.clone() }}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </TableWrap>
                            }.into_any()
                        }}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
