//! The start page: what Nuläge is, and the way in for each kind of user.

use crate::components::PageTitle;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=""/>
        <div class="page">
            <section class="hero">
                <h1>{lang.t("Nuläge", "Nuläge")}</h1>
                <p class="lead">{lang.t(
                    "Kartlägg kommunens internationella arbete – i varje förvaltning och varje bolag – och se var representationen saknas.",
                    "Map the municipality's international work – in every administration and every company – and see where representation is missing.",
                )}</p>
            </section>

            <div class="cards">
                <section class="card" aria-labelledby="for-samordnare">
                    <h2 id="for-samordnare">{lang.t("För samordnare", "For coordinators")}</h2>
                    <p>{lang.t(
                        "Registrera kommunens förvaltningar och bolag, skicka ut kartläggningsenkäten, påminn dem som inte svarat och ta fram en nulägesanalys med representationsglapp – och exportera siffrorna till Excel inför nämnden.",
                        "Register the municipality's administrations and companies, send the mapping questionnaire, remind those who have not answered, and produce a current-state analysis with representation gaps – then export the figures to Excel for the council.",
                    )}</p>
                    <p><a class="button" href="/kommuner">{lang.t("Till kommunerna", "Go to the municipalities")}</a></p>
                </section>

                <section class="card" aria-labelledby="for-svarande">
                    <h2 id="for-svarande">{lang.t("För dig som ska svara", "For respondents")}</h2>
                    <p>{lang.t(
                        "Har din förvaltning eller ditt bolag fått en enkät? Öppna den personliga länken i e-postmeddelandet. Du behöver inget konto, och du kan spara och fortsätta senare.",
                        "Has your administration or company received a questionnaire? Open the personal link in the e-mail. You need no account, and you can save and continue later.",
                    )}</p>
                    <p><a class="button button--secondary" href="/svara">{lang.t("Svara på en enkät", "Answer a questionnaire")}</a></p>
                </section>
            </div>

            <section aria-labelledby="sa-fungerar-det">
                <h2 id="sa-fungerar-det">{lang.t("Så fungerar det", "How it works")}</h2>
                <ol class="steps">
                    <li>{lang.t(
                        "Samordnaren lägger in kommunens förvaltningar och bolag med kontaktpersoner.",
                        "The coordinator registers the municipality's administrations and companies with contact persons.",
                    )}</li>
                    <li>{lang.t(
                        "Varje enhet får en egen länk till kartläggningen av internationellt arbete.",
                        "Each unit gets its own link to the mapping of international work.",
                    )}</li>
                    <li>{lang.t(
                        "Svaren blir en nulägesanalys: deltagande, aktivitet, styrning, prioriteringar, hinder och behov.",
                        "The answers become a current-state analysis: participation, activity, governance, priorities, obstacles and needs.",
                    )}</li>
                    <li>{lang.t(
                        "Representationsglappen visar vilka enheter, typer av enheter och verksamhetsområden som saknas.",
                        "The representation gaps show which units, kinds of units and sectors are missing.",
                    )}</li>
                </ol>
            </section>
        </div>
    }
}
