//! A round's e-mail page (what waits, what went out to whom, the texts,
//! sending, the mail-merge file) and the page where a text is edited with a
//! preview for a real unit.

use super::api::{
    audience_field, get_mail_template, get_round_mail, CancelMail, MailView, ResetMailTemplate,
    RoundMail, SaveMailTemplate, SaveReminderPlan, SendMail, TemplateEdit, UnitMail, WorkerSilent,
    CHOSEN_FIELD, PLAN_STEPS_FIELD,
};
use super::plan::{Step, StepState, MAX_PER_UNIT, PLAN_AUDIENCES};
use super::{
    render, Audience, JobState, MailKind, Values, BODY_FIELD, PLACEHOLDERS, SUBJECT_FIELD,
};
use crate::components::{
    field_error, typed, CheckboxField, Checkboxes, FormErrors, FormScope, LoadError, PageTitle,
    RadioField, ScopedForm, TableWrap, TextArea, TextAreaField, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::rounds::Phase;
use crate::time::format_stockholm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn state_tag(state: JobState, lang: Lang) -> impl IntoView {
    let class = match state {
        JobState::Sent => "tag tag--success",
        JobState::Failed => "tag tag--error",
        JobState::Retry => "tag tag--warning",
        JobState::Queued | JobState::Sending => "tag tag--info",
        JobState::Cancelled => "tag",
    };
    view! { <span class=class>{state.label(lang)}</span> }
}

/// A number of units in Swedish or English: "1 enhet", "3 enheter".
fn units_text(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Sv, 1) => "1 enhet".into(),
        (Lang::Sv, n) => format!("{n} enheter"),
        (Lang::En, 1) => "1 unit".into(),
        (Lang::En, n) => format!("{n} units"),
    }
}

#[component]
pub fn RoundMailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let send = ServerAction::<SendMail>::new();
    let cancel = ServerAction::<CancelMail>::new();
    let plan = ServerAction::<SaveReminderPlan>::new();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    id(),
                    q.get("koade").unwrap_or_default(),
                    q.get("plan").unwrap_or_default(),
                )
            })
        },
        |(id, _, _)| get_round_mail(id),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <RoundMailView m send cancel plan lang/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoundMailView(
    m: RoundMail,
    send: ServerAction<SendMail>,
    cancel: ServerAction<CancelMail>,
    plan: ServerAction<SaveReminderPlan>,
    lang: Lang,
) -> impl IntoView {
    let query = use_query_map();
    let queued_notice = query.with_untracked(|q| {
        let queued: usize = q.get("koade")?.parse().ok()?;
        let units: usize = q.get("enheter").and_then(|u| u.parse().ok()).unwrap_or(0);
        let without: usize = q
            .get("utan_kontakt")
            .and_then(|u| u.parse().ok())
            .unwrap_or(0);
        Some((queued, units, without))
    });
    let stopped_notice = query.with_untracked(|q| q.get("stoppade"));
    let waiting: usize = m
        .counts
        .iter()
        .filter(|(s, _)| matches!(s, JobState::Queued | JobState::Retry))
        .map(|(_, n)| n)
        .sum();
    let id = m.id.clone();
    let page_title = format!("{} – {}", lang.t("E-post", "E-mail"), m.name);
    view! {
        <PageTitle text=page_title/>
        <div class="page">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>" / "
                <a href=format!("/omgangar/{}", m.id)>{m.name.clone()}</a>
            </nav>
            <h1>{lang.t("E-post till enheterna", "E-mail to the units")}</h1>
            <FormErrors action=CancelMail::PATH first="stoppa"/>
            {queued_notice.map(|(queued, units, without)| view! {
                <div class="notice notice--success" role="status">
                    <p>{match lang {
                        Lang::Sv => format!("{queued} e-postmeddelanden till {} ligger i kön och skickas nu.", units_text(units, lang)),
                        Lang::En => format!("{queued} messages to {} are queued and are being sent.", units_text(units, lang)),
                    }}</p>
                    {(without > 0).then(|| view! { <p>{match lang {
                        Lang::Sv => format!("{} saknar kontaktperson och fick inget.", units_text(without, lang)),
                        Lang::En => format!("{} have no contact and got nothing.", units_text(without, lang)),
                    }}</p> })}
                </div>
            })}
            {stopped_notice.map(|n| view! {
                <p class="notice notice--success" role="status">{match lang {
                    Lang::Sv => format!("{n} e-postmeddelanden som väntade stoppades."),
                    Lang::En => format!("{n} waiting messages were stopped."),
                }}</p>
            })}
            {match &m.smtp {
                Some(smtp) => view! {
                    <p class="lead">{match lang {
                        Lang::Sv => format!("E-post skickas från {} i den takt e-postservern tillåter, högst {} i minuten. Varje enhet nedan visar vad som skickats till vem och om e-postservern tog emot det.", smtp.from, smtp.rate_per_minute),
                        Lang::En => format!("Mail is sent from {} as fast as the mail server allows, at most {} a minute. Each unit below shows what was sent to whom and whether the mail server accepted it.", smtp.from, smtp.rate_per_minute),
                    }}</p>
                }.into_any(),
                None => view! {
                    <div class="notice notice--warning">
                        <p>{lang.t(
                            "Den här servern skickar inte e-post (ingen e-postserver är inställd). Hämta kopplingsfilen och skicka inbjudningar och påminnelser från ditt eget e-postprogram med texterna nedan.",
                            "This server does not send e-mail (no mail server is set up). Download the mail-merge file and send invitations and reminders from your own e-mail program with the texts below.",
                        )}</p>
                    </div>
                }.into_any(),
            }}

            {m.worker_silent.clone().map(|silent| view! { <WorkerWarning silent lang/> })}

            <h2 id="utskick-status">{lang.t("Läget", "Status")}</h2>
            <ul class="state-counts">
                {m.counts.iter().filter(|(s, n)| *n > 0 || matches!(s, JobState::Queued | JobState::Sent | JobState::Failed)).map(|(s, n)| view! {
                    <li><span class="state-counts__number">{*n}</span>" "{s.label(lang)}</li>
                }).collect_view()}
            </ul>
            <p><a href=format!("/omgangar/{}/utskick", m.id)>{lang.t("Visa det senaste läget", "Show the latest status")}</a></p>
            {(m.can_send && waiting > 0).then(|| view! {
                <ActionForm action=cancel attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button id="stoppa" type="submit" class="button button--warning">{match lang {
                        Lang::Sv => format!("Stoppa de {waiting} som väntar"),
                        Lang::En => format!("Stop the {waiting} waiting"),
                    }}</button>
                </ActionForm>
            })}

            <h2 id="texter">{lang.t("Texter", "Texts")}</h2>
            <p>{lang.t(
                "Tack-brevet skickas av sig självt när en enhet skickar in sina svar, en gång per enhet.",
                "The thank-you mail goes out by itself when a unit submits, once per unit.",
            )}</p>
            <div class="cards">
                {m.templates.iter().map(|t| {
                    let label = t.kind.label(lang);
                    view! {
                        <section class="card mail-template" aria-labelledby=format!("text-{}", t.kind.key())>
                            <h3 id=format!("text-{}", t.kind.key())>{label}</h3>
                            <p>{if t.custom {
                                view! { <span class="tag tag--info">{lang.t("Egen text", "Own text")}</span> }.into_any()
                            } else {
                                view! { <span class="tag">{lang.t("Standardtext", "Standard text")}</span> }.into_any()
                            }}</p>
                            <p><strong>{lang.t("Ämne: ", "Subject: ")}</strong>{t.subject.clone()}</p>
                            <p>
                                <a href=format!("/omgangar/{}/utskick/mall/{}", m.id, t.kind.key())>
                                    {if m.can_edit { lang.t("Ändra och förhandsgranska", "Edit and preview") } else { lang.t("Förhandsgranska", "Preview") }}
                                    <span class="visually-hidden">{format!(" {}", label.to_lowercase())}</span>
                                </a>
                            </p>
                        </section>
                    }
                }).collect_view()}
            </div>

            {(m.can_send && m.smtp.is_some()).then(|| view! { <SendForms m=m.clone() send lang/> })}
            {m.smtp.is_some().then(|| view! { <ReminderPlan m=m.clone() save=plan lang/> })}
            {m.can_send.then(|| view! { <MailMerge m=m.clone() lang/> })}

            <h2 id="enheter">{lang.t("Enheter och skickad e-post", "Units and mail sent")}</h2>
            <UnitLog units=m.units.clone() lang/>
        </div>
    }
}

/// Mail waits, but no server has been sending it.
#[component]
fn WorkerWarning(silent: WorkerSilent, lang: Lang) -> impl IntoView {
    let waiting = silent.waiting;
    let since = match (silent.seen_at, lang) {
        (Some(at), Lang::Sv) => format!(
            "{waiting} brev väntar, men ingen server har skickat e-post eller letat efter e-post att skicka sedan {}.",
            format_stockholm(at)
        ),
        (Some(at), Lang::En) => format!(
            "{waiting} messages are waiting, but no server has sent mail or looked for mail to send since {}.",
            format_stockholm(at)
        ),
        (None, Lang::Sv) => format!(
            "{waiting} brev väntar, men e-postutskicket har inte varit igång på någon server."
        ),
        (None, Lang::En) => format!(
            "{waiting} messages are waiting, but mail sending has not been running on any server."
        ),
    };
    view! {
        <div class="notice notice--error" id="utskick-stannat" role="alert">
            <h2 class="h3">{lang.t("E-post skickas inte just nu", "Mail is not being sent right now")}</h2>
            <p>{since}</p>
            <p>{lang.t(
                "Breven ligger kvar i kön och går i väg när utskicket är igång igen. Be den som driver Nuläge att titta i serverns logg och starta om den.",
                "The messages stay in the queue and go out when sending runs again. Ask whoever runs Nuläge to look at the server's log and restart it.",
            )}</p>
        </div>
    }
}

#[component]
fn SendForms(m: RoundMail, send: ServerAction<SendMail>, lang: Lang) -> impl IntoView {
    let action = SendMail::PATH;
    let closed_or_draft = matches!(m.phase, Phase::Draft | Phase::Closed { .. });
    view! {
        {closed_or_draft.then(|| view! {
            <p class="notice notice--warning">{lang.t(
                "Kartläggningen är inte öppen, så länkarna öppnar inte enkäten. Öppna kartläggningen innan du skickar.",
                "The round is not open, so the links do not open the questionnaire. Open the round before you send.",
            )}</p>
        })}
        {[MailKind::Invitation, MailKind::Reminder].into_iter().map(|kind| {
            let audiences = match kind {
                MailKind::Invitation => Audience::FOR_INVITATIONS,
                _ => Audience::FOR_REMINDERS,
            };
            let field = audience_field(kind);
            let heading_id = format!("skicka-{}", kind.key());
            let (heading, button, legend) = match kind {
                MailKind::Invitation => (
                    lang.t("Skicka inbjudan", "Send the invitation"),
                    lang.t("Skicka inbjudan", "Send the invitation"),
                    lang.t("Vilka ska få inbjudan?", "Who gets the invitation?"),
                ),
                _ => (
                    lang.t("Skicka påminnelse", "Send a reminder"),
                    lang.t("Skicka påminnelse", "Send a reminder"),
                    lang.t("Vilka ska få en påminnelse?", "Who gets a reminder?"),
                ),
            };
            let options: Vec<(String, String)> = audiences.into_iter().map(|a| {
                let (n, without) = m.reach(a);
                let count = if a == Audience::Chosen {
                    String::new()
                } else if without > 0 {
                    match lang {
                        Lang::Sv => format!(" ({}, varav {without} utan kontaktperson)", units_text(n, lang)),
                        Lang::En => format!(" ({}, {without} without a contact)", units_text(n, lang)),
                    }
                } else {
                    format!(" ({})", units_text(n, lang))
                };
                (a.key().to_string(), format!("{}{count}", a.label(lang)))
            }).collect();
            let first_audience = options.first().map(|(k, _)| k.clone()).unwrap_or_default();
            let units: Vec<(String, String)> = m.units.iter().filter(|u| u.has_link).map(|u| {
                let label = if u.contacts.is_empty() {
                    format!("{} ({}) – {}", u.unit_name, u.municipality, lang.t("saknar kontaktperson", "no contact"))
                } else {
                    format!("{} ({})", u.unit_name, u.municipality)
                };
                (u.target_id.clone(), label)
            }).collect();
            let m = m.clone();
            view! {
                <h2 id=heading_id>{heading}</h2>
                {(kind == MailKind::Reminder).then(|| view! {
                    <p>{lang.t(
                        "Påminnelser går aldrig till enheter som har skickat in, inte heller om de skickar in medan påminnelsen väntar i kön.",
                        "Reminders never go to units that have submitted, not even when they submit while the reminder waits in the queue.",
                    )}</p>
                })}
                // Both forms post to the same function: each shows only its own refusal.
                <ScopedForm scope=FormScope::new("kind", kind.key())>
                    <FormErrors action first=field.clone()/>
                    <ActionForm action=send>
                        <input type="hidden" name="id" value=m.id.clone()/>
                        <input type="hidden" name="kind" value=kind.key()/>
                        <input type="hidden" name="batch" value=m.batch.clone()/>
                        <RadioField action id=field.clone() name="audience" legend options value=first_audience first=true
                            hint=lang.t(
                                "Alla kontaktpersoner för en enhet får var sitt brev med enhetens personliga länk.",
                                "Every contact of a unit gets a message of their own with the unit's personal link.",
                            )/>
                        {(kind == MailKind::Invitation).then(|| {
                            let open = field_error(action, CHOSEN_FIELD, false).is_some();
                            view! {
                                <details class="choose-units" open=open>
                                    <summary>{lang.t("Välj enheter", "Choose units")}</summary>
                                    <Checkboxes action id=CHOSEN_FIELD name="units" options=units legend_hidden=true
                                        legend=lang.t("Enheter som får inbjudan", "Units that get the invitation")
                                        hint=lang.t(
                                            "Gäller när du valt ”Enheter som jag väljer”.",
                                            "Applies when you chose “Units I choose”.",
                                        )/>
                                </details>
                            }
                        })}
                        <button type="submit" class="button">{button}</button>
                    </ActionForm>
                </ScopedForm>
            }
        }).collect_view()}
    }
}

/// The round's reminder plan: what goes when, and (for those who may change
/// the whole round) the form that sets it.
#[component]
fn ReminderPlan(m: RoundMail, save: ServerAction<SaveReminderPlan>, lang: Lang) -> impl IntoView {
    let action = SaveReminderPlan::PATH;
    let saved = use_query_map().with_untracked(|q| q.get("plan").is_some());
    let plan = m.plan.clone();
    let (reach, _) = m.reach(plan.audience);
    let rows = m.plan_schedule.clone();
    let state_text = move |state: StepState| match state {
        StepState::Sent => lang.t("Skickad", "Sent"),
        StepState::Due => lang.t("Skickas snart", "Goes soon"),
        StepState::Planned => lang.t("Planerad", "Planned"),
        StepState::Skipped => lang.t("Hoppades över", "Skipped"),
    };
    let steps: Vec<(String, String)> = Step::OFFERED
        .into_iter()
        .map(|s| (s.key(), s.label(lang)))
        .collect();
    let chosen: Vec<String> = plan.steps.iter().map(|s| s.key()).collect();
    let audiences: Vec<(String, String)> = PLAN_AUDIENCES
        .into_iter()
        .map(|a| (a.key().to_string(), a.label(lang).to_string()))
        .collect();
    view! {
        <h2 id="paminnelseplan">{lang.t("Påminnelseplan", "Reminder plan")}</h2>
        <p>{lang.t(
            "Påminnelser som skickas av sig själva före sista svarsdagen, klockan 08.00 svensk tid. Ingen påminnelse går mellan 20.00 och 07.00 eller på lördagar och söndagar: en tidpunkt då flyttas till nästa vardag klockan 07.00, och en som då hamnar efter sista svarsdagen skickas inte. Enheter som skickar in får inga fler påminnelser. Flyttas sista svarsdagen flyttas planen med; stängs kartläggningen skickas inget mer.",
            "Reminders that send themselves before the last day, at 08:00 Swedish time. No reminder goes between 20:00 and 07:00 or on Saturdays and Sundays: a time then moves to the next weekday at 07:00, and one that then falls after the last day is not sent. Units that submit get no more reminders. When the last day moves, the plan moves with it; when the round is closed, nothing more is sent.",
        )}</p>
        {saved.then(|| view! {
            <p class="notice notice--success" role="status">{lang.t("Påminnelseplanen är sparad.", "The reminder plan is saved.")}</p>
        })}
        {if plan.enabled {
            view! {
                <h3 id="paminnelseplan-tider">{lang.t("Det här skickas", "What will be sent")}</h3>
                <p>{match lang {
                    Lang::Sv => format!("Till: {}. Högst {} påminnelser från planen per enhet.", plan.audience.label(lang).to_lowercase(), plan.max_per_unit),
                    Lang::En => format!("To: {}. At most {} reminders from the plan per unit.", plan.audience.label(lang).to_lowercase(), plan.max_per_unit),
                }}</p>
                {if rows.is_empty() {
                    view! { <p>{lang.t("Ingen av tidpunkterna infaller före sista svarsdagen.", "None of the times falls before the last day.")}</p> }.into_any()
                } else {
                    view! {
                        <TableWrap label=lang.t("Det här skickas", "What will be sent")>
                            <table class="data-table">
                                <caption class="visually-hidden">{lang.t("Det här skickas", "What will be sent")}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("Påminnelse", "Reminder")}</th>
                                    <th scope="col">{lang.t("Skickas (svensk tid)", "Sent at (Swedish time)")}</th>
                                    <th scope="col">{lang.t("Når nu", "Reaches now")}</th>
                                    <th scope="col">{lang.t("Läge", "Status")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|(step, at, state)| view! {
                                        <tr>
                                            <th scope="row">{step.label(lang)}</th>
                                            <td>{format_stockholm(at)}</td>
                                            <td>{match state {
                                                StepState::Planned | StepState::Due => units_text(reach, lang),
                                                _ => "–".to_string(),
                                            }}</td>
                                            <td>{state_text(state)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                    }.into_any()
                }}
            }.into_any()
        } else {
            view! { <p>{lang.t("Planen är avstängd: inga påminnelser skickas av sig själva.", "The plan is off: no reminders send themselves.")}</p> }.into_any()
        }}
        {m.can_edit.then(|| view! {
            <h3 id="paminnelseplan-andra">{lang.t("Ändra planen", "Change the plan")}</h3>
            <FormErrors action first=PLAN_STEPS_FIELD/>
            <ActionForm action=save>
                <input type="hidden" name="id" value=m.id.clone()/>
                <CheckboxField action id="plan-pa" name="enabled" checked=plan.enabled
                    label=lang.t("Skicka påminnelser enligt planen", "Send reminders by the plan")/>
                <Checkboxes action id=PLAN_STEPS_FIELD name="steps" options=steps chosen first=true
                    legend=lang.t("När ska påminnelserna skickas?", "When are the reminders sent?")/>
                <RadioField action id="plan-vilka" name="audience" options=audiences value=plan.audience.key()
                    legend=lang.t("Vilka ska få påminnelserna?", "Who gets the reminders?")/>
                <TextField action id="plan-max" name="max" kind="number" class="input--short"
                    value=plan.max_per_unit.to_string() min="1" max=MAX_PER_UNIT.to_string()
                    label=lang.t("Högst antal påminnelser per enhet", "Most reminders per unit")/>
                <button type="submit" class="button">{lang.t("Spara påminnelseplanen", "Save the reminder plan")}</button>
            </ActionForm>
        })}
    }
}

/// The mail-merge file and the texts to copy, for sending from one's own
/// e-mail program.
#[component]
fn MailMerge(m: RoundMail, lang: Lang) -> impl IntoView {
    let base = format!("/omgangar/{}/utskick/koppling.csv", m.id);
    let columns: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|(name, _, _)| name.to_string())
        .collect();
    view! {
        <h2 id="koppla">{lang.t("Skicka från ditt eget e-postprogram", "Send from your own e-mail program")}</h2>
        <p>{lang.t(
            "Kopplingsfilen har en rad per kontaktperson med kommun, enhet, kontaktperson, e-postadress, personlig länk och sista svarsdag. Den öppnas rätt i svenska Excel och passar för koppling (dokumentkoppling) i Word och Outlook. Platshållarna i texterna heter som kolumnerna i filen.",
            "The mail-merge file has one row per contact with municipality, unit, contact, e-mail address, personal link and last day. It opens correctly in Swedish Excel and suits mail merge in Word and Outlook. The placeholders in the texts are named like the file's columns.",
        )}</p>
        <p class="hint">{format!("{}: {}", lang.t("Kolumner", "Columns"), ["kommun", "enhet", "kontaktperson", "e-post"].iter().map(|c| c.to_string()).chain(columns.into_iter().filter(|c| c != "enhet" && c != "kommun")).chain(["läge".to_string()]).collect::<Vec<_>>().join(", "))}</p>
        <ul class="compact-list">
            <li><a href=format!("{base}?vilka=alla") download>{lang.t("Kopplingsfil för inbjudan: alla enheter (CSV)", "Mail-merge file for the invitation: all units (CSV)")}</a></li>
            <li><a href=format!("{base}?vilka=ej_inskickade") download>{lang.t("Kopplingsfil för påminnelse: enheter som inte har skickat in (CSV)", "Mail-merge file for a reminder: units that have not submitted (CSV)")}</a></li>
            <li><a href=format!("{base}?vilka=utkast") download>{lang.t("Kopplingsfil: bara enheter med utkast (CSV)", "Mail-merge file: only units with a draft (CSV)")}</a></li>
            <li><a href=format!("{base}?vilka=inget") download>{lang.t("Kopplingsfil: bara enheter som inte har sparat något (CSV)", "Mail-merge file: only units that have saved nothing (CSV)")}</a></li>
        </ul>
        {m.templates.iter().filter(|t| t.kind != MailKind::Thanks).map(|t| {
            let key = t.kind.key();
            let subject_id = format!("kopiera-{key}-amne");
            let body_id = format!("kopiera-{key}-text");
            let label = t.kind.label(lang);
            view! {
                <h3>{format!("{}: {}", lang.t("Text att kopiera", "Text to copy"), label.to_lowercase())}</h3>
                <div class="field">
                    <label for=subject_id.clone()>{format!("{} ({})", lang.t("Ämnesrad", "Subject"), label.to_lowercase())}</label>
                    <input type="text" id=subject_id.clone() readonly value=t.subject.clone()/>
                    <CopyButton target=subject_id.clone() label=lang.t("Kopiera ämnesraden", "Copy the subject").to_string()
                        which=format!(" ({})", label.to_lowercase())/>
                </div>
                <div class="field">
                    <label for=body_id.clone()>{format!("{} ({})", lang.t("Text", "Text"), label.to_lowercase())}</label>
                    <TextArea value={t.body.clone()} {..} id=body_id.clone() readonly=true rows="14"/>
                    <CopyButton target=body_id.clone() label=lang.t("Kopiera texten", "Copy the text").to_string()
                        which=format!(" ({})", label.to_lowercase())/>
                </div>
            }
        }).collect_view()}
    }
}

/// Copies a read-only field's text: shown once JavaScript runs, since copying
/// needs it (without it, the text is selected and copied by hand).
#[island]
fn CopyButton(
    /// The id of the field to copy.
    target: String,
    label: String,
    /// Which text, for screen readers: " (inbjudan)".
    which: String,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    move || {
        let (target, label, which) = (target.clone(), label.clone(), which.clone());
        ready.get().then(|| view! {
            <button type="button" class="button button--secondary copy-button" on:click=move |_| copy_field(&target)>
                {label}<span class="visually-hidden">{which}</span>
            </button>
        })
    }
}

/// Selects a read-only field's text and copies it (with JavaScript only).
fn copy_field(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use leptos::wasm_bindgen::JsCast;
        let Some(element) = document().get_element_by_id(id) else {
            return;
        };
        if let Ok(area) = element
            .clone()
            .dyn_into::<leptos::web_sys::HtmlTextAreaElement>()
        {
            area.select();
        } else if let Ok(input) = element.dyn_into::<leptos::web_sys::HtmlInputElement>() {
            input.select();
        }
        if let Ok(html) = document().dyn_into::<leptos::web_sys::HtmlDocument>() {
            let _ = html.exec_command("copy");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
fn UnitLog(units: Vec<UnitMail>, lang: Lang) -> impl IntoView {
    if units.is_empty() {
        return view! { <p>{lang.t("Kartläggningen har inga enheter.", "The round has no units.")}</p> }.into_any();
    }
    view! {
        <TableWrap label=lang.t("Enheter och skickad e-post", "Units and mail sent")>
            <table class="data-table mail-log">
                <caption class="visually-hidden">{lang.t("Enheter och skickad e-post", "Units and mail sent")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Enhet", "Unit")}</th>
                    <th scope="col">{lang.t("Läge", "Status")}</th>
                    <th scope="col">{lang.t("Kontaktpersoner", "Contacts")}</th>
                    <th scope="col">{lang.t("Skickad e-post", "Mail sent")}</th>
                </tr></thead>
                <tbody>
                    {units.into_iter().map(|u| view! {
                        <tr id=format!("enhet-{}", u.target_id)>
                            <th scope="row">{u.unit_name.clone()}<br/><span class="hint">{u.municipality.clone()}</span></th>
                            <td><span class=format!("state state--{}", u.state.key())>{u.state.label(lang)}</span></td>
                            <td>{if u.contacts.is_empty() {
                                view! { <span class="tag tag--warning">{lang.t("Saknar kontaktperson", "No contact")}</span> }.into_any()
                            } else {
                                view! { <ul class="compact-list">{u.contacts.iter().map(|(name, email)| view! {
                                    <li>{if name.is_empty() { email.clone() } else { format!("{name} <{email}>") }}</li>
                                }).collect_view()}</ul> }.into_any()
                            }}</td>
                            <td>{if u.mails.is_empty() {
                                view! { <span>"–"</span> }.into_any()
                            } else {
                                view! { <ul class="compact-list mail-list">{u.mails.into_iter().map(|mail| view! { <MailItem mail lang/> }).collect_view()}</ul> }.into_any()
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

/// "Svar från e-postservern:" before a reply the server gave (it starts
/// with its three-digit code), "Orsak:" before Nuläge's own reason.
fn reply_label(reply: &str, lang: Lang) -> &'static str {
    let from_server = reply
        .as_bytes()
        .get(..3)
        .is_some_and(|code| code.iter().all(u8::is_ascii_digit));
    if from_server {
        lang.t("Svar från e-postservern:", "Mail server's reply:")
    } else {
        lang.t("Orsak:", "Reason:")
    }
}

#[component]
fn MailItem(mail: MailView, lang: Lang) -> impl IntoView {
    let when = match mail.state {
        JobState::Sent => mail
            .sent_at
            .map(|at| format!("{} {}", lang.t("skickat", "sent"), format_stockholm(at))),
        JobState::Retry => Some(format!(
            "{} {}",
            lang.t("nytt försök", "next attempt"),
            format_stockholm(mail.next_attempt_at)
        )),
        JobState::Queued => Some(format!(
            "{} {}",
            lang.t("köat", "queued"),
            format_stockholm(mail.queued_at)
        )),
        _ => Some(format_stockholm(mail.updated_at)),
    };
    let attempts = (mail.attempts > 1).then(|| match lang {
        Lang::Sv => format!("{} försök", mail.attempts),
        Lang::En => format!("{} attempts", mail.attempts),
    });
    let to = if mail.recipient_name.is_empty() {
        mail.recipient.clone()
    } else {
        format!("{} <{}>", mail.recipient_name, mail.recipient)
    };
    view! {
        <li>
            <strong>{mail.kind.label(lang)}</strong>" "{lang.t("till", "to")}" "{to}" "{state_tag(mail.state, lang)}
            " "<span class="hint">{[when, attempts].into_iter().flatten().collect::<Vec<_>>().join(", ")}</span>
            {(!mail.last_reply.is_empty()).then(|| view! {
                <br/><span class="mail-reply">{format!("{} {}", reply_label(&mail.last_reply, lang), mail.last_reply)}</span>
            })}
        </li>
    }
}

#[component]
pub fn MailTemplatePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let save = ServerAction::<SaveMailTemplate>::new();
    let reset = ServerAction::<ResetMailTemplate>::new();
    // Reloaded on navigation (another unit, saved, reset: each redirects to
    // a new address), never on a failed save: what was typed stays in the form.
    let data = Resource::new(
        move || {
            let (id, kind) = params.with(|p| {
                (
                    p.get("id").unwrap_or_default(),
                    p.get("kind").unwrap_or_default(),
                )
            });
            let q = query.with(|q| {
                (
                    q.get("enhet").unwrap_or_default(),
                    q.get("sparad").is_some(),
                    q.get("aterstalld").unwrap_or_default(),
                )
            });
            (id, kind, q)
        },
        |(id, kind, (unit, ..))| get_mail_template(id, kind, unit),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(t) => view! { <TemplateEditor t save reset lang/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TemplateEditor(
    t: TemplateEdit,
    save: ServerAction<SaveMailTemplate>,
    reset: ServerAction<ResetMailTemplate>,
    lang: Lang,
) -> impl IntoView {
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get("sparad").is_some());
    let was_reset = query.with_untracked(|q| q.get("aterstalld").is_some());
    let label = t.kind.label(lang);
    let heading = match lang {
        Lang::Sv => format!("{label}: text och förhandsgranskning"),
        Lang::En => format!("{label}: text and preview"),
    };
    let values = t.values.clone();
    let preview_values = values.clone().unwrap_or_default();
    // The preview shows what was typed when the text was refused.
    let preview_subject =
        typed(SaveMailTemplate::PATH, "subject").unwrap_or_else(|| t.subject.clone());
    let preview_body = typed(SaveMailTemplate::PATH, "body").unwrap_or_else(|| t.body.clone());
    let mail_page = format!("/omgangar/{}/utskick", t.round_id);
    let round_id = t.round_id.clone();
    let kind_hint = match t.kind {
        MailKind::Invitation => lang.t(
            "Går till kontaktpersonerna när du skickar inbjudan. Texten måste innehålla {länk}.",
            "Goes to the contacts when you send the invitation. The text must contain {länk}.",
        ),
        MailKind::Reminder => lang.t(
            "Går till kontaktpersonerna för enheter som inte har skickat in. Texten måste innehålla {länk}.",
            "Goes to the contacts of units that have not submitted. The text must contain {länk}.",
        ),
        MailKind::Thanks => lang.t(
            "Går av sig själv till enhetens kontaktpersoner när enheten skickar in, en gång per enhet.",
            "Goes by itself to the unit's contacts when the unit submits, once per unit.",
        ),
    };
    view! {
        <PageTitle text=format!("{heading} – {}", t.round_name)/>
        <div class="page">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/omgangar">{lang.t("Kartläggningar", "Survey rounds")}</a>" / "
                <a href=format!("/omgangar/{}", t.round_id)>{t.round_name.clone()}</a>" / "
                <a href=mail_page.clone()>{lang.t("E-post", "E-mail")}</a>
            </nav>
            <h1>{heading}</h1>
            <p class="lead">{kind_hint}</p>
            <FormErrors action=SaveMailTemplate::PATH first=BODY_FIELD/>
            <FormErrors action=ResetMailTemplate::PATH first="standardtext"/>
            {saved.then(|| view! { <p class="notice notice--success" role="status">{lang.t("Texten är sparad.", "The text is saved.")}</p> })}
            {was_reset.then(|| view! { <p class="notice notice--success" role="status">{lang.t("Standardtexten gäller igen.", "The standard text applies again.")}</p> })}
            {if t.can_edit {
                view! {
                    <ActionForm action=save>
                        <input type="hidden" name="id" value=t.round_id.clone()/>
                        <input type="hidden" name="kind" value=t.kind.key()/>
                        <TextField action=SaveMailTemplate::PATH id=SUBJECT_FIELD name="subject" value=t.subject.clone()
                            label=lang.t("Ämnesrad", "Subject") described_by_also="mall-platshallare"/>
                        <TextAreaField action=SaveMailTemplate::PATH id=BODY_FIELD name="body" value=t.body.clone() rows=18 first=true
                            label=lang.t("Text", "Text") described_by_also="mall-platshallare"
                            hint=lang.t(
                                "Skriv som ett vanligt brev, utan formatering. Tomma rader blir stycken.",
                                "Write as a plain letter, without formatting. Empty lines become paragraphs.",
                            )/>
                        <Placeholders lang/>
                        <button type="submit" class="button">{lang.t("Spara texten", "Save the text")}</button>
                    </ActionForm>
                    {t.custom.then(|| view! {
                        <ActionForm action=reset attr:class="inline-form">
                            <input type="hidden" name="id" value=round_id.clone()/>
                            <input type="hidden" name="kind" value=t.kind.key()/>
                            <button id="standardtext" type="submit" class="button button--secondary">{lang.t("Gå tillbaka till standardtexten", "Go back to the standard text")}</button>
                        </ActionForm>
                    })}
                }.into_any()
            } else {
                view! {
                    <Placeholders lang/>
                }.into_any()
            }}

            <h2 id="forhandsgranskning">{lang.t("Förhandsgranskning", "Preview")}</h2>
            {if t.units.is_empty() {
                view! { <p>{lang.t("Kartläggningen har inga enheter att visa texten för.", "The round has no units to show the text for.")}</p> }.into_any()
            } else {
                let chosen = t.unit.clone().unwrap_or_default();
                view! {
                    <form method="get" class="inline-form preview-unit">
                        <div class="field">
                            <label for="forhandsgranska-enhet">{lang.t("Visa texten för", "Show the text for")}</label>
                            <select id="forhandsgranska-enhet" name="enhet">
                                {t.units.iter().map(|(id, label)| view! {
                                    <option value=id.clone() selected=*id == chosen>{label.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">{lang.t("Visa", "Show")}</button>
                    </form>
                }.into_any()
            }}
            {values.is_none().then(|| view! {
                <p class="notice notice--warning">{lang.t("Enhetens länk är spärrad, så den får ingen e-post.", "The unit's link is revoked, so it gets no mail.")}</p>
            })}
            <p class="hint">{lang.t(
                "Förhandsgranskningen visar den sparade texten; med JavaScript följer den med medan du skriver.",
                "The preview shows the saved text; with JavaScript it follows as you type.",
            )}</p>
            <MailPreview subject=preview_subject body=preview_body values=preview_values lang/>
            <p><a href=mail_page>{lang.t("Tillbaka till e-post för kartläggningen", "Back to the round's e-mail")}</a></p>
        </div>
    }
}

/// The preview of the text for one unit. An island: with JavaScript it
/// follows the subject and text fields as they are typed in.
#[island]
fn MailPreview(subject: String, body: String, values: Values, lang: Lang) -> impl IntoView {
    let subject = RwSignal::new(subject);
    let body = RwSignal::new(body);
    let values = StoredValue::new(values);
    let _listener = window_event_listener(leptos::ev::input, move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            else {
                return;
            };
            match target.id().as_str() {
                SUBJECT_FIELD => subject.set(event_target_value(&ev)),
                BODY_FIELD => body.set(event_target_value(&ev)),
                _ => {}
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, subject, body);
    });
    view! {
        <section class="mail-preview" aria-labelledby="forhandsgranskning-amne" aria-live="off">
            <p id="forhandsgranskning-amne"><strong>{lang.t("Ämne: ", "Subject: ")}</strong>{move || values.with_value(|v| render(&subject.get(), v))}</p>
            <div class="mail-preview__body">{move || values.with_value(|v| preview_paragraphs(&body.get(), v))}</div>
        </section>
    }
}

/// The rendered text, a paragraph per block and a line break per line.
fn preview_paragraphs(template: &str, values: &Values) -> impl IntoView {
    let text = render(template, values);
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(str::to_string).collect();
            let last = lines.len().saturating_sub(1);
            view! {
                <p>{lines.into_iter().enumerate().map(|(i, line)| view! {
                    {line}{(i < last).then(|| view! { <br/> })}
                }).collect_view()}</p>
            }
        })
        .collect_view()
}

#[component]
fn Placeholders(lang: Lang) -> impl IntoView {
    view! {
        <div class="placeholders" id="mall-platshallare">
            <h2 class="h3">{lang.t("Platshållare", "Placeholders")}</h2>
            <p>{lang.t(
                "Skriv dem med klammerparenteser. De byts mot varje enhets uppgifter när brevet skickas. Skriv {{ för en klammerparentes.",
                "Write them in braces. They are replaced by each unit's details when the mail is sent. Write {{ for a brace.",
            )}</p>
            <dl class="facts">
                {PLACEHOLDERS.iter().map(|(name, sv, en)| view! {
                    <dt><code>{format!("{{{name}}}")}</code></dt>
                    <dd>{lang.t(sv, en)}</dd>
                }).collect_view()}
            </dl>
        </div>
    }
}
