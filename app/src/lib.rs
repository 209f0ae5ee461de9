//! Nuläge: the Leptos application shared by the server (SSR) and the browser (hydration).
// Leptos view types nest deeply; release builds of large pages need more room.
#![recursion_limit = "256"]

pub mod analysis;
pub mod api_tokens;
pub mod assets;
pub mod auth;
pub mod components;
pub mod csp;
pub mod error;
pub mod exports;
pub mod i18n;
pub mod islands;
pub mod layout;
pub mod mail;
pub mod pages;
pub mod project_reports;
pub mod questionnaire;
pub mod registry;
pub mod rounds;
pub mod sorting;
pub mod statement;
pub mod text;
pub mod time;
pub mod vocabulary;

#[cfg(feature = "ssr")]
pub mod db;
pub mod email;

use i18n::{provide_lang, use_lang};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_for_page();
    // Islands mode: only islands are hydrated, so nothing outside them is
    // serialized into the page (Leptos's HydrationScripts does the same; the
    // island script is added by the server to pages that have an island).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let lang = provide_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {vouched_meta()}
                <AutoReload options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Names the signature of the message in the URL that the server checked,
/// so that the browser shows that message and no other (see
/// [`components::vouched`]).
fn vouched_meta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let signature = components::vouched::vouched_in_request();
    #[cfg(not(feature = "ssr"))]
    let signature: Option<String> = None;
    signature.map(|content| {
        view! { <meta name=components::vouched::VOUCHED_META content=content/> }
    })
}

/// The stylesheet's address: content-hashed in a release build.
fn stylesheet_href() -> String {
    use_context::<assets::AssetNames>()
        .unwrap_or_else(|| assets::AssetNames::plain("nulage", "pkg"))
        .css
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    let lang = use_lang();

    view! {
        <Stylesheet id="leptos" href=stylesheet_href()/>
        <Router>
            <layout::SkipLink/>
            <layout::Header/>
            <main id="innehall" tabindex="-1">
                // Every page is rendered whole before it is sent: no data
                // for streaming goes into the page, and no script with it.
                <Routes fallback=move || view! { <pages::NotFound/> }>
                    <Route path=path!("") view=pages::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/kommuner") view=registry::pages::MunicipalityListPage ssr=SsrMode::Async/>
                    <Route path=path!("/kommuner/:code") view=registry::pages::MunicipalityPage ssr=SsrMode::Async/>
                    <Route path=path!("/kommuner/:code/rapporterade-projekt") view=project_reports::pages::MunicipalityReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/kommuner/:code/redigera") view=registry::edit_pages::MunicipalityEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/enheter/:id") view=registry::edit_pages::UnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/verksamhetsomraden") view=registry::edit_pages::SectorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater") view=questionnaire::pages::QuestionnaireListPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/importera") view=questionnaire::pages::QuestionnaireImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/:id") view=questionnaire::pages::BuilderPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/:id/delar/:key") view=questionnaire::pages::SectionEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/:id/fragor/:key") view=questionnaire::pages::QuestionEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/:id/fragor/:key/delfragor/:sub") view=questionnaire::pages::SubQuestionEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/enkater/:id/forhandsgranska") view=questionnaire::pages::PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/svara") view=pages::RespondentStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token") view=rounds::respondent::AnswerStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token/del/:n") view=rounds::respondent::AnswerPartPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token/granska") view=rounds::respondent::AnswerReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token/kvitto") view=rounds::respondent::AnswerReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/projekt/rapportera/:token") view=project_reports::pages::ReportProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/projekt/rapportera/:token/kvitto/:id") view=project_reports::pages::ReportReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar") view=rounds::pages::RoundListPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id") view=rounds::pages::RoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/analys") view=analysis::pages::RoundAnalysisPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/utskick") view=mail::pages::RoundMailPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/utskick/mall/:kind") view=mail::pages::MailTemplatePage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/analys/:code") view=analysis::pages::MunicipalityAnalysisPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/projekt") view=analysis::register::ProjectRegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/projekt/:code") view=analysis::register::ProjectRegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/omgangar/:id/partnersok") view=analysis::partner_page::PartnerSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/tillganglighet") view=statement::pages::AccessibilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/tillganglighet") view=statement::pages::StatementEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=registry::import_pages::ImportStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/import/:id") view=registry::import_pages::ImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/logga-in") view=auth::pages::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/konto/losenord/:token") view=auth::pages::SetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/anvandare") view=auth::admin::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/anvandare/:id") view=auth::admin::UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/logg") view=auth::admin::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/api-nycklar") view=api_tokens::pages::AdminApiTokensPage ssr=SsrMode::Async/>
                    <Route path=path!("/konto/api-nycklar") view=api_tokens::pages::ApiTokensPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <layout::Footer lang/>
        </Router>
    }
}
