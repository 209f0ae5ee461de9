//! The accessibility statement's pages: the public statement at
//! `/tillganglighet`, and its edit form for administrators at
//! `/admin/tillganglighet` (a plain form post, with or without JavaScript).

use super::api::{accessibility_statement, statement_for_edit, SaveStatement};
use super::{
    default_contact, Assessment, Compliance, Statement, ASSESSED_ON_FIELD, ASSESSMENT_FIELD,
    COMPLIANCE_FIELD, CONTACT_EMAIL_FIELD, CONTACT_PHONE_FIELD, DIGG_REPORT_URL, GAPS_FIELD,
    METHOD_FIELD, ORGANISATION_FIELD, REPLY_TIME_FIELD, SERVICE_FIELD,
};
use crate::components::{
    FormErrors, LoadError, PageTitle, RadioField, SavedNotice, TextAreaField, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::time::format_date_stockholm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The address of the edit page.
pub const EDIT_PATH: &str = "/admin/tillganglighet";

fn title(service: &str, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("Tillgänglighetsredogörelse för {service}"),
        Lang::En => format!("Accessibility statement for {service}"),
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let page = Resource::new(|| (), |_| accessibility_statement());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(page) => {
                        // What an administrator wrote is in Swedish; the
                        // shipped text is in the page's language.
                        let typed_lang = (page.stored.is_some() && lang == Lang::En).then_some("sv");
                        let statement = page.stored.unwrap_or_else(|| Statement::shipped(lang));
                        view! { <StatementView statement can_edit=page.can_edit typed_lang/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The statement with every part DIGG asks for, under its headings.
#[component]
fn StatementView(
    statement: Statement,
    can_edit: bool,
    /// `sv` on the texts an administrator typed, on an English page.
    typed_lang: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let s = statement;
    let service = s.service.clone();
    let heading = title(&service, lang);
    let publisher = if s.organisation.is_empty() {
        match lang {
            Lang::Sv => format!("Den kommun eller organisation som har gett dig tillgång till {service} står bakom tjänsten."),
            Lang::En => format!("The municipality or organisation that gave you access to {service} is responsible for the service."),
        }
    } else {
        match lang {
            Lang::Sv => format!("{} står bakom {service}.", s.organisation),
            Lang::En => format!("{} is responsible for {service}.", s.organisation),
        }
    };
    let purpose = match lang {
        Lang::Sv => format!("Vi vill att så många som möjligt ska kunna använda tjänsten. Den här redogörelsen beskriver hur {service} uppfyller lagen om tillgänglighet till digital offentlig service, vilka kända brister som finns och hur du kan rapportera problem så att de kan åtgärdas."),
        Lang::En => format!("We want as many people as possible to be able to use the service. This statement describes how {service} meets the Swedish act on accessibility of digital public services, the shortcomings we know of and how you can report problems so that they can be fixed."),
    };
    let compliance = format!("{service} {}", s.compliance.sentence(lang));
    let gaps: Vec<String> = s.gap_items().into_iter().map(str::to_string).collect();
    let method: Vec<String> = s
        .method_paragraphs()
        .into_iter()
        .map(str::to_string)
        .collect();
    let assessed = match (s.assessed_on, lang) {
        (Some(day), Lang::Sv) => format!(
            "Tjänsten bedömdes senast {} genom {}.",
            format_date_stockholm(day),
            match s.assessment {
                Assessment::SelfAssessment => "en självskattning (egen granskning)",
                Assessment::External => "en extern granskning",
            }
        ),
        (Some(day), Lang::En) => format!(
            "The service was last assessed on {} by {}.",
            format_date_stockholm(day),
            match s.assessment {
                Assessment::SelfAssessment => "a self-assessment (own testing)",
                Assessment::External => "an external audit",
            }
        ),
        (None, _) if s.organisation.is_empty() => lang
            .t(
                "Den kommun eller organisation som står bakom tjänsten har ännu inte gjort någon egen bedömning av den.",
                "The municipality or organisation responsible for the service has not yet assessed it itself.",
            )
            .to_string(),
        (None, Lang::Sv) => format!(
            "{} har ännu inte gjort någon egen bedömning av tjänsten.",
            s.organisation
        ),
        (None, Lang::En) => format!(
            "{} has not yet assessed the service itself.",
            s.organisation
        ),
    };
    let updated = match (s.updated_at, lang) {
        (Some(at), Lang::Sv) => format!(
            "Redogörelsen uppdaterades senast {}.",
            format_date_stockholm(at)
        ),
        (Some(at), Lang::En) => format!(
            "The statement was last updated on {}.",
            format_date_stockholm(at)
        ),
        (None, _) => lang
            .t(
                "Det här är den redogörelse som följer med Nuläge. Den har ännu inte ändrats av en administratör.",
                "This is the statement that comes with Nuläge. An administrator has not changed it yet.",
            )
            .to_string(),
    };
    let contact = if s.has_contact() {
        let phone_href = s.phone_href();
        let email = s.contact_email.clone();
        let phone = s.contact_phone.clone();
        let reply_time = s.reply_time.clone();
        view! {
            <ul class="statement-contact">
                {(!email.is_empty()).then(|| view! {
                    <li>{lang.t("E-post: ", "E-mail: ")}<a href=format!("mailto:{email}")>{email.clone()}</a></li>
                })}
                {(!phone.is_empty()).then(|| view! {
                    <li>{lang.t("Telefon: ", "Phone: ")}<a href=phone_href>{phone.clone()}</a></li>
                })}
            </ul>
            {(!reply_time.is_empty()).then(|| view! { <p lang=typed_lang>{reply_time}</p> })}
        }
        .into_any()
    } else {
        view! { <p>{default_contact(lang)}</p> }.into_any()
    };
    view! {
        <PageTitle text=heading.clone()/>
        <div class="page page--narrow">
            <h1>{heading}</h1>
            {can_edit.then(|| view! {
                <p><a href=EDIT_PATH>{lang.t("Ändra redogörelsen", "Edit the statement")}</a></p>
            })}
            <p>{publisher}</p>
            <p>{purpose}</p>

            <h2>{lang.t("Hur tillgänglig är tjänsten?", "How accessible is the service?")}</h2>
            <p>{compliance}</p>
            <p>{lang.t(
                "Lagens krav är de i den europeiska standarden EN 301 549, som för webbsidor motsvarar WCAG 2.1 nivå AA.",
                "The act's requirements are those of the European standard EN 301 549, which for web pages equal WCAG 2.1 level AA.",
            )}</p>

            <h2>{lang.t("Innehåll som inte är tillgängligt", "Content that is not accessible")}</h2>
            {if gaps.is_empty() {
                view! { <p>{lang.t(
                    "Vi känner inte till något innehåll som inte är tillgängligt.",
                    "We know of no content that is not accessible.",
                )}</p> }.into_any()
            } else {
                view! {
                    <ul lang=typed_lang>
                        {gaps.into_iter().map(|gap| view! { <li>{gap}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}

            <h2>{lang.t("Hur tjänsten har bedömts", "How the service was assessed")}</h2>
            <p>{assessed}</p>
            {method.into_iter().map(|p| view! { <p lang=typed_lang>{p}</p> }).collect_view()}
            <p>{updated}</p>

            <h2>{lang.t("Rapportera brister i tjänstens tillgänglighet", "Report a problem with the accessibility of the service")}</h2>
            <p>{lang.t(
                "Om du inte kan använda någon del av tjänsten, behöver innehåll i ett annat format eller hittar brister som inte står på den här sidan vill vi veta det.",
                "If you cannot use some part of the service, need content in another format or find shortcomings not described on this page, we want to know.",
            )}</p>
            {contact}

            <h2>{lang.t("Tillsyn", "Enforcement")}</h2>
            <p>{lang.t(
                "Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsynen av lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur dina synpunkter har tagits om hand kan du anmäla det till DIGG.",
                "The Agency for Digital Government (DIGG) supervises the act on accessibility of digital public services. If you are not satisfied with how your comments were handled, you can report it to DIGG.",
            )}</p>
            <p><a href=DIGG_REPORT_URL>{lang.t(
                "Anmäl bristande tillgänglighet till Myndigheten för digital förvaltning (DIGG)",
                "Report inadequate accessibility to the Agency for Digital Government (DIGG)",
            )}</a></p>
        </div>
    }
}

/// The edit form, for administrators; anyone else gets what every
/// administration page gives them.
#[component]
pub fn StatementEditPage() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveStatement>::new();
    let action = SaveStatement::PATH;
    let stored = Resource::new(|| (), |_| statement_for_edit());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let s = match stored.await {
                    Ok(stored) => stored.unwrap_or_else(|| Statement::shipped(Lang::Sv)),
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let compliance_options = Compliance::ALL
                    .into_iter()
                    .map(|c| (c.key().to_string(), c.label(lang).to_string()))
                    .collect();
                let assessment_options = Assessment::ALL
                    .into_iter()
                    .map(|a| (a.key().to_string(), a.label(lang).to_string()))
                    .collect();
                let heading = lang.t("Ändra tillgänglighetsredogörelsen", "Edit the accessibility statement");
                view! {
                    <PageTitle text=heading/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/tillganglighet">{lang.t("Tillgänglighetsredogörelse", "Accessibility statement")}</a>
                        </nav>
                        <SavedNotice action text=lang.t("Redogörelsen är sparad.", "The statement is saved.")/>
                        <FormErrors action first=ORGANISATION_FIELD/>
                        <h1>{heading}</h1>
                        <p>{lang.t(
                            "Lagen om tillgänglighet till digital offentlig service kräver att redogörelsen finns och hålls aktuell. Skriv den på svenska: den visas som du skriver den, även på den engelska sidan.",
                            "The act on accessibility of digital public services requires the statement to exist and be kept up to date. Write it in Swedish: it is shown as you write it, on the English page too.",
                        )}</p>
                        {s.updated_at.is_none().then(|| view! {
                            <p>{lang.t(
                                "Fälten visar redogörelsen som följer med Nuläge. Den gäller tills du sparar en egen.",
                                "The fields show the statement that comes with Nuläge. It applies until you save your own.",
                            )}</p>
                        })}
                        <ActionForm action=save>
                            <h2>{lang.t("Organisation och tjänst", "Organisation and service")}</h2>
                            <TextField action id=ORGANISATION_FIELD name=ORGANISATION_FIELD value=s.organisation.clone() first=true required=true autocomplete="organization"
                                label=lang.t("Kommun eller organisation som står bakom tjänsten", "Municipality or organisation responsible for the service")
                                hint=lang.t("Till exempel Växjö kommun.", "For example Växjö kommun.")/>
                            <TextField action id=SERVICE_FIELD name=SERVICE_FIELD value=s.service.clone() required=true autocomplete="off"
                                label=lang.t("Tjänstens namn", "Name of the service")/>

                            <h2>{lang.t("Tillgänglighet", "Accessibility")}</h2>
                            <RadioField action id=COMPLIANCE_FIELD name=COMPLIANCE_FIELD options=compliance_options value=s.compliance.key()
                                legend=lang.t("Hur väl uppfyller tjänsten lagen?", "How far does the service comply with the act?")
                                hint=lang.t(
                                    "Lagen (2018:1937) om tillgänglighet till digital offentlig service. Kraven är de i EN 301 549, som för webbsidor motsvarar WCAG 2.1 nivå AA.",
                                    "The Swedish act (2018:1937) on accessibility of digital public services. The requirements are those of EN 301 549, which for web pages equal WCAG 2.1 level AA.",
                                )/>
                            <TextAreaField action id=GAPS_FIELD name=GAPS_FIELD value=s.gaps.clone() rows=8
                                label=lang.t("Innehåll som inte är tillgängligt", "Content that is not accessible")
                                hint=lang.t(
                                    "En brist per rad: vad som inte är tillgängligt och varför. Lämna tomt om tjänsten är helt förenlig.",
                                    "One shortcoming per line: what is not accessible and why. Leave empty if the service is fully compliant.",
                                )/>

                            <h2>{lang.t("Bedömningen", "The assessment")}</h2>
                            <TextField action id=ASSESSED_ON_FIELD name=ASSESSED_ON_FIELD kind="date" class="input--short"
                                value=s.assessed_on.map(format_date_stockholm).unwrap_or_default()
                                label=lang.t("Datum för den senaste bedömningen", "Date of the latest assessment")
                                hint=lang.t(
                                    "Till exempel 2026-11-30. Lämna tomt så länge tjänsten inte är bedömd: sidan säger då det.",
                                    "For example 2026-11-30. Leave empty while the service has not been assessed: the page then says so.",
                                )/>
                            <RadioField action id=ASSESSMENT_FIELD name=ASSESSMENT_FIELD options=assessment_options value=s.assessment.key()
                                legend=lang.t("Hur bedömdes tjänsten?", "How was the service assessed?")/>
                            <TextAreaField action id=METHOD_FIELD name=METHOD_FIELD value=s.method.clone() rows=8
                                label=lang.t("Så gick bedömningen till", "How the assessment was done")
                                hint=lang.t("Ett stycke per rad.", "One paragraph per line.")/>

                            <h2>{lang.t("Kontakt för att rapportera brister", "Contact for reporting problems")}</h2>
                            <p id="kontakt-hint" class="hint">{lang.t(
                                "Fyll i minst ett sätt att nå er. Så länge båda är tomma uppmanar sidan läsaren att kontakta den som samordnar kartläggningen i sin kommun.",
                                "Give at least one way to reach you. While both are empty, the page asks the reader to contact whoever coordinates the mapping in their municipality.",
                            )}</p>
                            <TextField action id=CONTACT_EMAIL_FIELD name=CONTACT_EMAIL_FIELD kind="email" value=s.contact_email.clone() autocomplete="off"
                                described_by_also="kontakt-hint"
                                label=lang.t("E-postadress (frivilligt)", "E-mail address (optional)")/>
                            <TextField action id=CONTACT_PHONE_FIELD name=CONTACT_PHONE_FIELD kind="tel" value=s.contact_phone.clone() autocomplete="off" class="input--short"
                                described_by_also="kontakt-hint"
                                label=lang.t("Telefon (frivilligt)", "Phone (optional)")/>
                            <TextField action id=REPLY_TIME_FIELD name=REPLY_TIME_FIELD value=s.reply_time.clone() autocomplete="off"
                                label=lang.t("Förväntad svarstid (frivilligt)", "Expected reply time (optional)")
                                hint=lang.t("Till exempel: Vi svarar inom fem arbetsdagar.", "For example: We reply within five working days.")/>

                            <button type="submit" class="button">{lang.t("Spara redogörelsen", "Save the statement")}</button>
                        </ActionForm>
                        <p><a href="/tillganglighet">{lang.t("Visa redogörelsen", "View the statement")}</a></p>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
