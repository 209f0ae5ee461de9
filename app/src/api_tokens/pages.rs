//! The pages for API tokens: `/konto/api-nycklar` (one's own) and
//! `/admin/api-nycklar` (everyone's, for administrators).

use super::api::{all_api_tokens, my_api_tokens, CreateApiToken, RevokeApiToken};
use super::{ApiTokenRecord, NewApiToken, TokenStatus, EXPIRY_CHOICES};
use crate::components::{
    form_result, FormErrors, LoadError, PageTitle, SavedNotice, SelectField, TableWrap, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::time::format_date_stockholm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateApiToken>::new();
    let tokens = Resource::new(|| (), |_| my_api_tokens());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = match tokens.await {
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                    Ok(list) => list,
                };
                view! {
                    <PageTitle text=lang.t("API-nycklar", "API tokens")/>
                    <div class="page page--narrow">
                        <FormErrors action=CreateApiToken::PATH first="token-name"/>
                        <FormErrors action=RevokeApiToken::PATH first="token-name"/>
                        <SavedNotice action=RevokeApiToken::PATH text=lang.t("Nyckeln är återkallad och fungerar inte längre.", "The token is revoked and no longer works.")/>
                        <h1>{lang.t("API-nycklar", "API tokens")}</h1>
                        <p class="lead">{lang.t(
                            "Med en API-nyckel kan Power BI, Excel och andra rapportverktyg hämta kartläggningarnas siffror direkt från Nuläge och uppdatera dem av sig själva.",
                            "With an API token, Power BI, Excel and other reporting tools fetch the figures of the mappings straight from Nuläge and refresh them by themselves.",
                        )}</p>
                        <ul>
                            <li>{lang.t(
                                "Nyckeln kan bara läsa, och bara det du själv får se. Den kan inte ändra något och visar inga svarslänkar.",
                                "The token can only read, and only what you may see yourself. It cannot change anything and shows no answer links.",
                            )}</li>
                            <li>{lang.t(
                                "Behandla nyckeln som ett lösenord. Återkalla den om den kan ha kommit i fel händer.",
                                "Treat the token like a password. Revoke it if it may have fallen into the wrong hands.",
                            )}</li>
                        </ul>
                        {form_result::<NewApiToken>(CreateApiToken::PATH).map(|new| view! { <NewTokenPanel new lang/> })}

                        <h2>{lang.t("Skapa en API-nyckel", "Create an API token")}</h2>
                        <ActionForm action=create>
                            <TextField action=CreateApiToken::PATH id="token-name" name="name" first=true required=true
                                autocomplete="off" label=lang.t("Namn på nyckeln", "Name of the token")
                                hint=lang.t("Till exempel det rapportverktyg den ska användas i: ”Power BI – nämndrapporten”.", "For example the reporting tool it is for: “Power BI – committee report”.")/>
                            <SelectField action=CreateApiToken::PATH id="token-expiry" name="expiry" label=lang.t("Giltig", "Valid")
                                value="90"
                                options=EXPIRY_CHOICES.iter().map(|(key, _, sv, en)| (key.to_string(), lang.t(sv, en).to_string())).collect()/>
                            <button type="submit" class="button">{lang.t("Skapa API-nyckel", "Create API token")}</button>
                        </ActionForm>

                        <h2>{lang.t("Dina nycklar", "Your tokens")}</h2>
                        <TokenTable tokens=list show_owner=false lang/>
                        <p><a href="/api/v1/openapi.json">{lang.t("Beskrivning av gränssnittet (OpenAPI)", "Description of the interface (OpenAPI)")}</a></p>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminApiTokensPage() -> impl IntoView {
    let lang = use_lang();
    let tokens = Resource::new(|| (), |_| all_api_tokens());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = match tokens.await {
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                    Ok(list) => list,
                };
                view! {
                    <PageTitle text=lang.t("Allas API-nycklar", "Everyone's API tokens")/>
                    <div class="page">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/admin/anvandare">{lang.t("Användare", "Users")}</a>
                        </nav>
                        <FormErrors action=RevokeApiToken::PATH first="api-nycklar"/>
                        <SavedNotice action=RevokeApiToken::PATH text=lang.t("Nyckeln är återkallad och fungerar inte längre.", "The token is revoked and no longer works.")/>
                        <h1 id="api-nycklar" tabindex="-1">{lang.t("Allas API-nycklar", "Everyone's API tokens")}</h1>
                        <p>{lang.t(
                            "Varje användare skapar och återkallar sina egna nycklar. Här ser du alla, och kan återkalla en nyckel som inte längre ska användas. Varje nyckels första användning per dag och varje nekad begäran står i granskningsloggen.",
                            "Every user creates and revokes their own tokens. Here you see them all, and can revoke a token that should no longer be used. Each token's first use per day and every refused request are in the audit log.",
                        )}</p>
                        <TokenTable tokens=list show_owner=true lang/>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The secret of a token just made, shown this once.
#[component]
fn NewTokenPanel(new: NewApiToken, lang: Lang) -> impl IntoView {
    let valid = match new.expires_at {
        Some(at) => match lang {
            Lang::Sv => format!("Den gäller till och med {}.", format_date_stockholm(at)),
            Lang::En => format!("It is valid until {}.", format_date_stockholm(at)),
        },
        None => lang
            .t(
                "Den gäller tills du återkallar den.",
                "It is valid until you revoke it.",
            )
            .to_string(),
    };
    view! {
        <div class="notice notice--success" role="status">
            <h2>{match lang {
                Lang::Sv => format!("Nyckeln ”{}” är skapad", new.name),
                Lang::En => format!("The token “{}” is created", new.name),
            }}</h2>
            <p>{lang.t(
                "Kopiera nyckeln nu och klistra in den i rapportverktyget. Den visas bara den här gången.",
                "Copy the token now and paste it into the reporting tool. It is shown only this once.",
            )}" "{valid}</p>
            <label for="ny-nyckel">{lang.t("Din nya API-nyckel", "Your new API token")}</label>
            <input id="ny-nyckel" type="text" readonly value=new.token class="input--code" spellcheck="false" autocomplete="off"/>
        </div>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenRecord>, show_owner: bool, lang: Lang) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p>{lang.t("Det finns inga API-nycklar ännu.", "There are no API tokens yet.")}</p> }
            .into_any();
    }
    view! {
        <TableWrap label=lang.t("API-nycklar", "API tokens")>
            <table class="data-table">
                <caption class="visually-hidden">{lang.t("API-nycklar, nyaste först", "API tokens, newest first")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Namn", "Name")}</th>
                    {show_owner.then(|| view! { <th scope="col">{lang.t("Användare", "User")}</th> })}
                    <th scope="col">{lang.t("Börjar med", "Starts with")}</th>
                    <th scope="col">{lang.t("Skapad", "Created")}</th>
                    <th scope="col">{lang.t("Giltig till", "Valid until")}</th>
                    <th scope="col">{lang.t("Senast använd", "Last used")}</th>
                    <th scope="col">{lang.t("Status", "Status")}</th>
                    <th scope="col"><span class="visually-hidden">{lang.t("Åtgärd", "Action")}</span></th>
                </tr></thead>
                <tbody>
                    {tokens.into_iter().map(|t| {
                        let status = t.state;
                        let status_text = match status {
                            TokenStatus::Active => lang.t("Giltig", "Valid"),
                            TokenStatus::Expired => lang.t("Har gått ut", "Expired"),
                            TokenStatus::Revoked => lang.t("Återkallad", "Revoked"),
                        };
                        let name = t.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{t.name.clone()}</th>
                                {show_owner.then(|| view! { <td>{t.owner_email.clone()}</td> })}
                                <td><code>{t.hint.clone()}"…"</code></td>
                                <td>{format_date_stockholm(t.created_at)}</td>
                                <td>{t.expires_at.map(format_date_stockholm).unwrap_or_else(|| lang.t("Tills vidare", "Until revoked").to_string())}</td>
                                <td>{t.last_used_at.map(format_date_stockholm).unwrap_or_else(|| lang.t("Aldrig", "Never").to_string())}</td>
                                <td>{status_text}</td>
                                <td>{(status == TokenStatus::Active).then(|| view! {
                                    <RevokeForm id=t.id.clone() name lang/>
                                })}</td>
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
fn RevokeForm(id: String, name: String, lang: Lang) -> impl IntoView {
    let revoke = ServerAction::<RevokeApiToken>::new();
    view! {
        <ActionForm action=revoke attr:class="inline-form">
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="button button--secondary button--small">
                {lang.t("Återkalla", "Revoke")}
                <span class="visually-hidden">{format!(" {name}")}</span>
            </button>
        </ActionForm>
    }
}
