//! The respondent's pages behind a personal link: the start, one part at a
//! time, "Granska dina svar", and the receipt. Every form is a plain post
//! (handled in the server crate) so that everything works without JavaScript;
//! with it, answers are also saved while the person types.

use super::carry::part_has_carried;
use super::respondent_api::{get_respondent_view, RespondentView};
use super::{deadline_text, Phase};
use crate::components::{ErrorSummary, FieldProblem, PageTitle};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::form::{
    answer_text, field_id, part_only, ItemsSummary, LiveState, SectionFields,
};
use crate::questionnaire::model::{applies_to, Answer, Answers, Questionnaire};
use crate::questionnaire::rules::{base_key, check, problem_message, visibility, Mode};
use crate::time::format_stockholm;
use crate::vocabulary::UnitKind;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The indexes of the parts shown to this unit with these answers.
pub fn visible_parts(q: &Questionnaire, kind: UnitKind, answers: &Answers) -> Vec<usize> {
    let seen = visibility(q, kind, answers);
    q.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| seen.section(&s.key))
        .map(|(i, _)| i)
        .collect()
}

/// Loads the link's view and renders it, or says the link does not work.
fn with_view(
    render: impl Fn(RespondentView, Lang) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, get_respondent_view);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(v) => render(v, lang),
                        Err(AppError::NotFound) => view! { <LinkNotWorking/> }.into_any(),
                        Err(error) => view! { <crate::components::LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Unit and municipality above every heading, so the person knows whom they answer for.
fn caption(v: &RespondentView) -> String {
    format!("{} · {}", v.unit_name, v.municipality_name)
}

#[component]
pub fn AnswerStartPage() -> impl IntoView {
    let query = use_query_map();
    with_view(move |v, lang| {
        let saved_for_later = query.with_untracked(|q| q.get("sparat").is_some());
        if !matches!(v.phase, Phase::Open { .. }) {
            return not_open(&v, lang).into_any();
        }
        let title = v.questionnaire.title.get(lang).to_string();
        let status = match (&v.submitted, v.saved_at) {
            (Some(s), _) if s.changed_since => match lang {
                Lang::Sv => format!(
                    "Inskickad {}. Ändringar har sparats efter det men inte skickats in.",
                    format_stockholm(s.at)
                ),
                Lang::En => format!(
                    "Submitted {}. Changes have been saved since but not submitted.",
                    format_stockholm(s.at)
                ),
            },
            (Some(s), _) => format!(
                "{} {}",
                lang.t("Inskickad", "Submitted"),
                format_stockholm(s.at)
            ),
            (None, Some(at)) => format!(
                "{} {}",
                lang.t("Utkast sparat", "Draft saved"),
                format_stockholm(at)
            ),
            (None, None) if v.carried.is_some() => lang
                .t(
                    "Ifyllt från förra kartläggningen, inte påbörjad",
                    "Filled in from the previous round, not started",
                )
                .to_string(),
            (None, None) => lang.t("Inte påbörjad", "Not started").to_string(),
        };
        let start_label = match (&v.submitted, v.saved_at) {
            (Some(_), _) => lang.t("Ändra svaren", "Change the answers"),
            (None, Some(_)) => lang.t("Fortsätt", "Continue"),
            (None, None) if v.carried.is_some() => {
                lang.t("Gå igenom svaren", "Go through the answers")
            }
            (None, None) => lang.t("Börja", "Start"),
        };
        let carried = v.carried.clone().map(|c| {
            let parts = visible_parts(&v.questionnaire, v.kind, &v.answers);
            let prefilled: Vec<&str> = parts
                .iter()
                .map(|i| v.questionnaire.sections[*i].key.as_str())
                .filter(|key| part_has_carried(&v.questionnaire, key, &c.answers))
                .collect();
            let confirmed = prefilled.iter().filter(|key| c.confirmed(key)).count();
            let progress = match lang {
                Lang::Sv => format!("Du har bekräftat {confirmed} av {} ifyllda delar.", prefilled.len()),
                Lang::En => format!("You have confirmed {confirmed} of {} filled-in parts.", prefilled.len()),
            };
            view! {
                <section class="notice" aria-labelledby="forifyllt">
                    <h2 id="forifyllt">{lang.t("Ifyllt från förra kartläggningen", "Filled in from the previous round")}</h2>
                    <p>{match (lang, c.from_round.is_empty()) {
                        (Lang::Sv, false) => format!("Formuläret är ifyllt med de svar ni skickade in i {} ({}). Gå igenom varje del: tryck på ”Stämmer fortfarande” där svaren gäller, och ändra det som har ändrats.", c.from_round, format_stockholm(c.submitted_at)),
                        (Lang::En, false) => format!("The form is filled in with the answers you submitted in {} ({}). Go through each part: press “Still correct” where the answers hold, and change what has changed.", c.from_round, format_stockholm(c.submitted_at)),
                        (Lang::Sv, true) => "Formuläret är ifyllt med de projekt ni har rapporterat mellan kartläggningarna. Gå igenom dem och svara på resten av frågorna.".to_string(),
                        (Lang::En, true) => "The form is filled in with the projects you reported between the rounds. Go through them and answer the other questions.".to_string(),
                    }}</p>
                    <p>{progress}</p>
                    {(!c.notes.is_empty()).then(|| view! {
                        <p>{lang.t(
                            "Enkäten har ändrats sedan dess. De här svaren kunde inte föras över, så svara på dem på nytt:",
                            "The questionnaire has changed since. These answers could not be carried over, so answer them again:",
                        )}</p>
                        <ul>{c.notes.iter().map(|n| view! { <li>{n.message(lang)}</li> }).collect_view()}</ul>
                    })}
                </section>
            }
        });
        let token = v.token.clone();
        view! {
            <PageTitle text=title.clone()/>
            <div class="page page--narrow respondent">
                {saved_for_later.then(|| view! {
                    <div class="notice notice--success" role="status">
                        <p>{lang.t(
                            "Dina svar är sparade. Du kan stänga sidan och fortsätta senare från samma länk, även på en annan dator.",
                            "Your answers are saved. You can close the page and continue later from the same link, even on another computer.",
                        )}</p>
                    </div>
                })}
                <p class="caption">{caption(&v)}</p>
                <h1>{title}</h1>
                <dl class="facts">
                    <dt>{lang.t("Kartläggning", "Survey round")}</dt><dd>{v.round_name.clone()}</dd>
                    <dt>{lang.t("Svara senast", "Answer by")}</dt><dd>{deadline_text(v.closes_at, lang)}</dd>
                    <dt>{lang.t("Tar ungefär", "Takes about")}</dt><dd>{format!("{} {}", v.minutes, lang.t("minuter", "minutes"))}</dd>
                    <dt>{lang.t("Läge", "Status")}</dt><dd>{status}</dd>
                </dl>
                {(!v.questionnaire.intro.is_empty()).then(|| view! { <p class="lead notes">{v.questionnaire.intro.get(lang).to_string()}</p> })}
                {carried}
                <ul>
                    <li>{lang.t("Svaren sparas som utkast medan du fyller i. Du kan också trycka på ”Spara och fortsätt senare”.",
                        "Your answers are saved as a draft while you fill in. You can also press “Save and continue later”.")}</li>
                    <li>{lang.t("Samma länk fungerar för dina kollegor: ni kan hjälpas åt.",
                        "The same link works for your colleagues: you can help each other.")}</li>
                    <li>{lang.t("Du granskar svaren innan du skickar in, och kan ändra dem tills enkäten stänger.",
                        "You review the answers before you submit, and can change them until the questionnaire closes.")}</li>
                </ul>
                <div class="button-group">
                    <a class="button" href=format!("/s/{token}/del/1")>{start_label}</a>
                    {v.submitted.is_some().then(|| view! {
                        <a class="button button--secondary" href=format!("/s/{token}/kvitto")>{lang.t("Visa kvittot", "Show the receipt")}</a>
                    })}
                </div>
            </div>
        }
        .into_any()
    })
}

/// The page for a round that is not open: not yet, or no longer.
fn not_open(v: &RespondentView, lang: Lang) -> impl IntoView {
    let title = v.questionnaire.title.get(lang).to_string();
    let (heading, message) = match v.phase {
        Phase::Closed { at } => (
            lang.t("Enkäten är stängd", "The questionnaire is closed"),
            match lang {
                Lang::Sv => format!("Enkäten stängde {}. Svar kan inte längre lämnas eller ändras.", format_stockholm(at)),
                Lang::En => format!("The questionnaire closed on {}. Answers can no longer be given or changed.", format_stockholm(at)),
            },
        ),
        Phase::Scheduled { opens_at } => (
            lang.t("Enkäten är inte öppen ännu", "The questionnaire is not open yet"),
            match lang {
                Lang::Sv => format!("Enkäten öppnar {}. Använd samma länk då.", format_stockholm(opens_at)),
                Lang::En => format!("The questionnaire opens on {}. Use the same link then.", format_stockholm(opens_at)),
            },
        ),
        Phase::Draft | Phase::Open { .. } => (
            lang.t("Enkäten är inte öppen ännu", "The questionnaire is not open yet"),
            lang.t(
                "Samordnaren förbereder fortfarande enkäten. Använd samma länk när den har öppnat.",
                "The coordinator is still preparing the questionnaire. Use the same link once it has opened.",
            )
            .to_string(),
        ),
    };
    let closed = matches!(v.phase, Phase::Closed { .. });
    view! {
        <PageTitle text=format!("{heading}: {title}")/>
        <div class="page page--narrow respondent">
            <p class="caption">{caption(v)}</p>
            <h1>{heading}</h1>
            <p class="lead">{message}</p>
            {match (&v.submitted, closed) {
                (Some(s), _) => view! {
                    <h2>{match lang {
                        Lang::Sv => format!("Svaren som skickades in {}", format_stockholm(s.at)),
                        Lang::En => format!("The answers submitted on {}", format_stockholm(s.at)),
                    }}</h2>
                    <AnswerSummary questionnaire=v.questionnaire.clone() kind=v.kind answers=s.answers.clone() lang/>
                }.into_any(),
                (None, true) => view! {
                    <p>{match lang {
                        Lang::Sv => format!("Inga svar skickades in från {}.", v.unit_name),
                        Lang::En => format!("No answers were submitted from {}.", v.unit_name),
                    }}</p>
                }.into_any(),
                (None, false) => ().into_any(),
            }}
            <p>{lang.t(
                "Har du frågor? Kontakta den som samordnar kartläggningen i din kommun.",
                "Questions? Contact whoever coordinates the mapping in your municipality.",
            )}</p>
        </div>
    }
}

/// The answers of every part shown to the unit, as a summary list;
/// with `token`, each part has a link to change it.
#[component]
fn AnswerSummary(
    questionnaire: Questionnaire,
    kind: UnitKind,
    answers: Answers,
    #[prop(optional)] token: Option<String>,
    lang: Lang,
) -> impl IntoView {
    let seen = visibility(&questionnaire, kind, &answers);
    visible_parts(&questionnaire, kind, &answers)
        .into_iter()
        .enumerate()
        .map(|(step, index)| {
            let s = &questionnaire.sections[index];
            let title = s.title.get(lang).to_string();
            view! {
                <div class="summary-part">
                    <h2 class="summary-part__title">{title.clone()}</h2>
                    {token.clone().map(|t| view! {
                        <a class="summary-part__change" href=format!("/s/{t}/del/{}", step + 1)>
                            {lang.t("Ändra", "Change")}
                            <span class="visually-hidden">{format!(" {}", title)}</span>
                        </a>
                    })}
                    <dl class="summary-list">
                        {s.questions.iter().filter(|x| applies_to(&x.kinds, kind) && seen.question(&x.key)).map(|x| {
                            let text = answer_text(x, &answers, lang);
                            let items = match answers.get(&x.key) {
                                Some(Answer::Items(items)) => Some(items.clone()),
                                _ => None,
                            };
                            view! {
                                <div class="summary-list__row">
                                    <dt>{x.text.get(lang).to_string()}</dt>
                                    <dd>{match items {
                                        Some(items) => view! { <ItemsSummary question=x.clone() items lang/> }.into_any(),
                                        None if text.is_empty() => lang.t("Inte besvarad", "Not answered").into_any(),
                                        None => text.into_any(),
                                    }}</dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                </div>
            }
        })
        .collect_view()
}

/// The action of "Stämmer fortfarande": save the part and confirm it.
pub const CONFIRM: &str = "stammer";

/// The query flag of a part shown with its missing answers marked: after
/// "Spara och fortsätt" left a required question empty, and from the
/// review's list of what is missing.
pub const MISSING: &str = "saknas";

#[component]
pub fn AnswerPartPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    with_view(move |v, lang| {
        let step: usize = params
            .with_untracked(|p| p.get("n"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let show_missing = query.with_untracked(|q| q.get(MISSING).is_some());
        if !matches!(v.phase, Phase::Open { .. }) {
            return not_open(&v, lang).into_any();
        }
        view! { <Part v step show_missing lang/> }.into_any()
    })
}

/// The required answers this part lacks, as problems on its questions.
pub fn missing_in_part(
    q: &Questionnaire,
    kind: UnitKind,
    answers: &Answers,
    section: &str,
) -> Vec<crate::questionnaire::rules::Problem> {
    let Some(part) = q.sections.iter().find(|s| s.key == section) else {
        return Vec::new();
    };
    check(q, kind, answers, Mode::Submit)
        .problems
        .into_iter()
        .filter(|p| part.questions.iter().any(|x| x.key == base_key(&p.key)))
        .collect()
}

/// What the automatic save last did, for the status line.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum AutosaveState {
    Idle,
    Saving,
    Saved(String),
    Failed(String),
}

#[component]
fn Part(v: RespondentView, step: usize, show_missing: bool, lang: Lang) -> impl IntoView {
    let q = v.questionnaire.clone();
    let kind = v.kind;
    let parts = visible_parts(&q, kind, &v.answers);
    let total = parts.len();
    let Some(&index) = step.checked_sub(1).and_then(|i| parts.get(i)) else {
        return view! {
            <PageTitle text=lang.t("Delen finns inte", "The part does not exist")/>
            <div class="page page--narrow respondent">
                <h1>{lang.t("Delen finns inte", "The part does not exist")}</h1>
                <p>{lang.t("Enkäten har inte någon sådan del för er verksamhet.", "The questionnaire has no such part for your unit.")}</p>
                <p><a href=format!("/s/{}", v.token)>{lang.t("Till enkätens början", "To the start of the questionnaire")}</a></p>
            </div>
        }
        .into_any();
    };
    let section = q.sections[index].clone();
    let posted = v.posted.clone().filter(|p| p.section == section.key);
    let mut shown = v.answers.clone();
    if let Some(p) = &posted {
        shown.extend(p.mine.clone());
    }
    let problems = match &posted {
        Some(p) => p.problems.clone(),
        None if show_missing => missing_in_part(&q, kind, &shown, &section.key),
        None => Vec::new(),
    };
    let typed = posted.as_ref().map(|p| p.typed.clone()).unwrap_or_default();
    let conflicts = posted
        .as_ref()
        .map(|p| p.conflicts.clone())
        .unwrap_or_default();
    let refused = posted.as_ref().and_then(|p| p.refused.clone());
    let summary: Vec<FieldProblem> = problems
        .iter()
        .map(|p| FieldProblem {
            field_id: field_id(&p.key),
            message: problem_message(&q, p, lang),
        })
        .collect();
    let progress = match lang {
        Lang::Sv => format!("Del {step} av {total}"),
        Lang::En => format!("Part {step} of {total}"),
    };
    let title = format!(
        "{}{progress}: {} – {}",
        if summary.is_empty() {
            ""
        } else {
            lang.t("Fel: ", "Error: ")
        },
        section.title.get(lang),
        q.title.get(lang)
    );
    let token = v.token.clone();
    let last = step == total;
    // A prefilled part: what it started from, and whether it is confirmed.
    let carried = v
        .carried
        .as_ref()
        .filter(|c| part_has_carried(&q, &section.key, &c.answers));
    let confirmed = carried.is_some_and(|c| c.confirmed(&section.key));
    let carried_notice = carried.map(|c| {
        if confirmed {
            view! {
                <div class="notice notice--success">
                    <p>{lang.t(
                        "Du har bekräftat att svaren i den här delen stämmer. Ändra dem om något har hänt sedan dess.",
                        "You have confirmed that the answers in this part are right. Change them if something has happened since.",
                    )}</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="notice">
                    <p>{match (lang, c.from_round.is_empty()) {
                        (Lang::Sv, false) => format!("Svaren i den här delen är ifyllda från {}. Stämmer de fortfarande? Ändra det som inte stämmer, eller tryck på ”Stämmer fortfarande”.", c.from_round),
                        (Lang::En, false) => format!("The answers in this part are filled in from {}. Are they still right? Change what is not, or press “Still correct”.", c.from_round),
                        (Lang::Sv, true) => "Svaren i den här delen är ifyllda med de projekt ni har rapporterat mellan kartläggningarna. Stämmer de fortfarande? Ändra det som inte stämmer, eller tryck på ”Stämmer fortfarande”.".to_string(),
                        (Lang::En, true) => "The answers in this part are filled in with the projects you reported between the rounds. Are they still right? Change what is not, or press “Still correct”.".to_string(),
                    }}</p>
                </div>
            }
            .into_any()
        }
    });
    let part_carried: Answers = carried
        .map(|c| {
            let keys: Vec<&str> = section.questions.iter().map(|x| x.key.as_str()).collect();
            c.answers
                .iter()
                .filter(|(k, _)| keys.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let confirm = carried.is_some();
    view! {
        <PageTitle text=title/>
        <div class="page page--narrow respondent">
            {(!summary.is_empty()).then(|| view! { <ErrorSummary problems=summary/> })}
            {refused.map(|reason| view! { <div class="notice notice--error" role="alert"><p>{reason}</p></div> })}
            {(!conflicts.is_empty()).then(|| {
                let q = q.clone();
                view! {
                    <div class="notice notice--warning" role="alert">
                        <h2>{lang.t("Någon annan har ändrat samma svar", "Someone else changed the same answers")}</h2>
                        <p>{lang.t(
                            "Medan du fyllde i sparade någon annan med samma länk andra svar på de här frågorna. Dina svar står kvar i fälten men är inte sparade. Välj vilka som ska gälla och spara igen.",
                            "While you were filling in, someone else using the same link saved other answers to these questions. Your answers remain in the fields but are not saved. Choose which should apply and save again.",
                        )}</p>
                        <ul>
                            {conflicts.into_iter().filter_map(|c| {
                                let question = q.question(base_key(&c.key))?.clone();
                                let mut theirs = Answers::new();
                                if let Some(a) = c.theirs.clone() { theirs.insert(c.key.clone(), a); }
                                let text = answer_text(&question, &theirs, lang);
                                let id = field_id(&question.key);
                                Some(view! {
                                    <li>
                                        <a href=format!("#{id}")>{question.text.get(lang).to_string()}</a>
                                        {format!(" – {} {}", lang.t("den andra sparade:", "the other person saved:"),
                                            if text.is_empty() { lang.t("inget svar", "no answer").to_string() } else { text })}
                                    </li>
                                })
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })}
            <p class="caption">{caption(&v)}</p>
            <p class="progress">{progress}</p>
            <h1>{section.title.get(lang).to_string()}</h1>
            {(!section.intro.is_empty()).then(|| view! { <p>{section.intro.get(lang).to_string()}</p> })}
            {carried_notice}
            {
                let (questionnaire, answers) = part_only(&q, index, kind, &shown);
                view! {
                    <PartForm token step last questionnaire section=0 kind answers
                        problems typed revision=v.revision carried=part_carried confirm lang/>
                }
            }
        </div>
    }
    .into_any()
}

/// One part's form. An island: with JavaScript the part is saved a moment
/// after the person stops typing, questions with a condition on this part
/// show and hide as it is answered, and items are added and removed in the
/// page. Without it, the same form posts and the server does all of that.
#[island]
fn PartForm(
    token: String,
    step: usize,
    last: bool,
    questionnaire: Questionnaire,
    section: usize,
    kind: UnitKind,
    answers: Answers,
    problems: Vec<crate::questionnaire::rules::Problem>,
    typed: crate::questionnaire::form::Typed,
    revision: i64,
    /// The part's answers carried from the earlier round (empty if none).
    carried: Answers,
    /// Offer "Stämmer fortfarande": the part was prefilled.
    confirm: bool,
    lang: Lang,
) -> impl IntoView {
    let Some(part) = questionnaire.sections.get(section) else {
        return ().into_any();
    };
    let section_key = part.key.clone();
    let part_keys: Vec<String> = part.questions.iter().map(|x| x.key.clone()).collect();
    let live = LiveState::new(answers);
    let on_change = live.on_form_change(questionnaire.clone(), part_keys);
    let revision = RwSignal::new(revision);
    let autosave_state = RwSignal::new(AutosaveState::Idle);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let schedule_save = autosave(
        token.clone(),
        section_key.clone(),
        revision,
        autosave_state,
        form_ref,
        lang,
    );
    let on_input = move |ev: leptos::ev::Event| {
        on_change(ev);
        schedule_save();
    };
    view! {
        <form method="post" action=format!("/s/{token}/del/{step}") novalidate node_ref=form_ref
            on:change=on_input.clone() on:input=on_input>
            <input type="hidden" name="_avsnitt" value=section_key/>
            <input type="hidden" name="_revision" value=move || revision.get().to_string()/>
            <SectionFields questionnaire section kind live problems typed carried lang/>
            <div class="button-group">
                <button type="submit" name="_gor" value="nasta" class="button">
                    {if last { lang.t("Spara och granska", "Save and review") } else { lang.t("Spara och fortsätt", "Save and continue") }}
                </button>
                {confirm.then(|| view! {
                    <button type="submit" name="_gor" value=CONFIRM class="button button--secondary">
                        {lang.t("Stämmer fortfarande", "Still correct")}
                    </button>
                })}
                {(step > 1).then(|| view! {
                    <button type="submit" name="_gor" value="tillbaka" class="button button--secondary">{lang.t("Föregående del", "Previous part")}</button>
                })}
            </div>
            <p>
                <button type="submit" name="_gor" value="senare" class="link-button">{lang.t("Spara och fortsätt senare", "Save and continue later")}</button>
            </p>
            <p class="autosave" role="status" aria-live="polite">{move || match autosave_state.get() {
                AutosaveState::Idle => String::new(),
                AutosaveState::Saving => lang.t("Sparar utkastet …", "Saving the draft …").to_string(),
                AutosaveState::Saved(text) | AutosaveState::Failed(text) => text,
            }}</p>
        </form>
    }
    .into_any()
}

/// With JavaScript: saves the part a moment after the person stops typing.
/// Returns the function the form's change handlers call.
fn autosave(
    token: String,
    section: String,
    revision: RwSignal<i64>,
    state: RwSignal<AutosaveState>,
    form_ref: NodeRef<leptos::html::Form>,
    lang: Lang,
) -> impl Fn() + Clone {
    // Each change bumps the counter; a timer only saves if no change came after it.
    let pending = RwSignal::new(0u64);
    move || {
        #[cfg(feature = "hydrate")]
        {
            let ticket = pending.get_untracked() + 1;
            pending.set(ticket);
            let (token, section) = (token.clone(), section.clone());
            set_timeout(
                move || {
                    if pending.get_untracked() != ticket {
                        return;
                    }
                    let Some(form) = form_ref.get_untracked() else {
                        return;
                    };
                    let fields = crate::questionnaire::form::form_fields(&form);
                    let fields = serde_json::to_string(&fields).unwrap_or_default();
                    state.set(AutosaveState::Saving);
                    leptos::task::spawn_local(async move {
                        let reply = super::respondent_api::autosave(
                            token,
                            section,
                            revision.get_untracked(),
                            fields,
                        )
                        .await;
                        state.set(autosave_message(reply, revision, lang));
                    });
                },
                std::time::Duration::from_millis(1500),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&token, &section, revision, state, form_ref, pending, lang);
    }
}

#[cfg(feature = "hydrate")]
fn autosave_message(
    reply: Result<super::respondent_api::AutosaveReply, AppError>,
    revision: RwSignal<i64>,
    lang: Lang,
) -> AutosaveState {
    let reply = match reply {
        Ok(reply) => reply,
        Err(e) => {
            return AutosaveState::Failed(match lang {
                Lang::Sv => {
                    format!("Utkastet kunde inte sparas: {e} Dina svar finns kvar på sidan.")
                }
                Lang::En => {
                    format!("The draft could not be saved: {e} Your answers remain on the page.")
                }
            })
        }
    };
    let time = format_stockholm(reply.saved_at)[11..].to_string();
    if !reply.conflicts.is_empty() {
        return AutosaveState::Failed(lang.t(
            "Någon annan har ändrat samma svar medan du fyllde i. Tryck på ”Spara och fortsätt” för att se båda svaren.",
            "Someone else changed the same answers while you were filling in. Press “Save and continue” to see both answers.",
        ).to_string());
    }
    // Moving on from a revision others also changed would hide their changes
    // from the next merge: keep the old base until the page is reloaded.
    if reply.others_changed {
        return AutosaveState::Saved(lang.t(
            "Utkastet sparades. Någon annan har också ändrat svar i den här delen: ladda om sidan för att se dem.",
            "The draft was saved. Someone else has also changed answers in this part: reload the page to see them.",
        ).to_string());
    }
    revision.set(reply.revision);
    AutosaveState::Saved(match (lang, reply.problems) {
        (Lang::Sv, 0) => format!("Utkastet sparades kl. {time}."),
        (Lang::En, 0) => format!("The draft was saved at {time}."),
        (Lang::Sv, n) => format!(
            "Utkastet sparades kl. {time}, utom {n} svar som inte kunde sparas. \
             För {} gäller det som sparades tidigare tills du rättar och sparar igen.",
            if n == 1 { "det" } else { "dem" }
        ),
        (Lang::En, n) => format!(
            "The draft was saved at {time}, except {n} answers that could not be saved. \
             What was saved before stays until you correct {} and save again.",
            if n == 1 { "it" } else { "them" }
        ),
    })
}

#[component]
pub fn AnswerReviewPage() -> impl IntoView {
    let query = use_query_map();
    with_view(move |v, lang| {
        if !matches!(v.phase, Phase::Open { .. }) {
            return not_open(&v, lang).into_any();
        }
        let (tried, changed) =
            query.with_untracked(|q| (q.get("fel").is_some(), q.get("andrad").is_some()));
        view! { <Review v tried changed lang/> }.into_any()
    })
}

#[component]
fn Review(v: RespondentView, tried: bool, changed: bool, lang: Lang) -> impl IntoView {
    let q = v.questionnaire.clone();
    let parts = visible_parts(&q, v.kind, &v.answers);
    let missing: Vec<(String, String)> = check(&q, v.kind, &v.answers, Mode::Submit)
        .problems
        .iter()
        .filter_map(|p| {
            let base = base_key(&p.key);
            let index = q
                .sections
                .iter()
                .position(|s| s.questions.iter().any(|x| x.key == base))?;
            let step = parts.iter().position(|i| *i == index)? + 1;
            q.question(base)?;
            let text = problem_message(&q, p, lang);
            // The part opens with what is missing marked, at the question.
            Some((
                format!("/s/{}/del/{step}?{MISSING}=1#{}", v.token, field_id(&p.key)),
                text,
            ))
        })
        .collect();
    let complete = missing.is_empty();
    let title = format!(
        "{}{}",
        if tried && !complete {
            lang.t("Fel: ", "Error: ")
        } else {
            ""
        },
        lang.t("Granska dina svar", "Review your answers")
    );
    let heading_missing = lang.t(
        "Svara på de här frågorna innan du skickar in",
        "Answer these questions before you submit",
    );
    view! {
        <PageTitle text=title/>
        <div class="page page--narrow respondent">
            {changed.then(|| view! {
                <div class="notice notice--warning" role="alert">
                    <p>{lang.t(
                        "Svaren ändrades av någon annan medan du granskade dem. Granska dem igen innan du skickar in.",
                        "The answers were changed by someone else while you reviewed them. Review them again before you submit.",
                    )}</p>
                </div>
            })}
            {(!complete).then(|| {
                let list = missing.clone();
                let items = list.into_iter().map(|(href, text)| view! { <li><a href=href>{text}</a></li> }).collect_view();
                if tried {
                    view! {
                        <div class="error-summary" role="alert" aria-labelledby="saknas-titel" tabindex="-1">
                            <h2 id="saknas-titel">{heading_missing}</h2>
                            <ul>{items}</ul>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <div class="notice notice--warning">
                            <h2 id="saknas-titel">{heading_missing}</h2>
                            <ul>{items}</ul>
                        </div>
                    }.into_any()
                }
            })}
            <p class="caption">{caption(&v)}</p>
            <h1>{lang.t("Granska dina svar", "Review your answers")}</h1>
            <AnswerSummary questionnaire=q.clone() kind=v.kind answers=v.answers.clone() token=v.token.clone() lang/>
            <h2>{lang.t("Skicka in svaren", "Submit the answers")}</h2>
            <p>{match lang {
                Lang::Sv => format!("När du skickar in får samordnaren svaren från {}. Ni kan ändra dem till {}.", v.unit_name, deadline_text(v.closes_at, lang)),
                Lang::En => format!("When you submit, the coordinator receives the answers from {}. You can change them until {}.", v.unit_name, deadline_text(v.closes_at, lang)),
            }}</p>
            <form method="post" action=format!("/s/{}/skicka", v.token) >
                <input type="hidden" name="_revision" value=v.revision.to_string()/>
                <button type="submit" class="button">
                    {lang.t("Skicka in svaren", "Submit the answers")}
                </button>
            </form>
        </div>
    }
}

#[component]
pub fn AnswerReceiptPage() -> impl IntoView {
    with_view(move |v, lang| {
        let Some(s) = v.submitted.clone() else {
            return view! {
                <PageTitle text=lang.t("Inget kvitto ännu", "No receipt yet")/>
                <div class="page page--narrow respondent">
                    <p class="caption">{caption(&v)}</p>
                    <h1>{lang.t("Svaren är inte inskickade ännu", "The answers have not been submitted yet")}</h1>
                    <p><a href=format!("/s/{}/granska", v.token)>{lang.t("Granska och skicka in svaren", "Review and submit the answers")}</a></p>
                </div>
            }
            .into_any();
        };
        let open = matches!(v.phase, Phase::Open { .. });
        view! {
            <PageTitle text=lang.t("Svaren är inskickade", "The answers are submitted")/>
            <div class="page page--narrow respondent receipt">
                <div class="panel panel--confirmation">
                    <h1>{lang.t("Svaren är inskickade", "The answers are submitted")}</h1>
                    <p>{lang.t("Referens", "Reference")}<br/><strong>{s.reference.clone()}</strong></p>
                </div>
                <p class="caption">{caption(&v)}</p>
                <dl class="facts">
                    <dt>{lang.t("Enkät", "Questionnaire")}</dt><dd>{v.questionnaire.title.get(lang).to_string()}</dd>
                    <dt>{lang.t("Kartläggning", "Survey round")}</dt><dd>{v.round_name.clone()}</dd>
                    <dt>{lang.t("Inskickad", "Submitted")}</dt><dd>{format_stockholm(s.at)}</dd>
                </dl>
                {s.changed_since.then(|| view! {
                    <div class="notice notice--warning"><p>{lang.t(
                        "Svaren har ändrats efter att de skickades in. Ändringarna gäller först när de skickas in igen.",
                        "The answers have been changed since they were submitted. The changes apply only once submitted again.",
                    )}</p></div>
                })}
                <p class="no-print">{if open {
                    lang.t("Tack! Ni kan ändra svaren tills enkäten stänger; skicka då in dem igen.",
                        "Thank you! You can change the answers until the questionnaire closes; then submit them again.")
                } else {
                    lang.t("Tack för era svar!", "Thank you for your answers!")
                }}</p>
                <div class="button-group no-print">
                    <crate::islands::PrintButton label=lang.t("Skriv ut kvittot", "Print the receipt").to_string()/>
                    {open.then(|| view! { <a class="button button--secondary" href=format!("/s/{}/del/1", v.token)>{lang.t("Ändra svaren", "Change the answers")}</a> })}
                </div>
                <h2>{lang.t("Det här skickades in", "What was submitted")}</h2>
                <AnswerSummary questionnaire=v.questionnaire.clone() kind=v.kind answers=s.answers.clone() lang/>
            </div>
        }
        .into_any()
    })
}

/// A personal link that does not lead to a questionnaire.
///
/// Says nothing about which rounds exist, so guessing links reveals nothing.
#[component]
pub fn LinkNotWorking() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <PageTitle text=lang.t("Länken fungerar inte", "The link does not work")/>
        <div class="page page--narrow">
            <h1>{lang.t("Länken fungerar inte", "The link does not work")}</h1>
            <p>{lang.t(
                "Länken kan vara felskriven, ofullständig eller ersatt av en ny länk.",
                "The link may be mistyped, incomplete or replaced by a new link.",
            )}</p>
            <ul>
                <li>{lang.t("Kontrollera att du fick med hela länken från e-postmeddelandet.",
                    "Check that you copied the whole link from the e-mail.")}</li>
                <li>{lang.t("Kontakta samordnaren i din kommun och be om en ny länk.",
                    "Contact the coordinator in your municipality and ask for a new link.")}</li>
            </ul>
            <p><a href="/svara">{lang.t("Försök med en annan länk", "Try another link")}</a></p>
        </div>
    }
}
