//! Logging in, and choosing a password from a one-time link.

use super::api::{password_link, Login, SetPassword};
use super::MIN_PASSWORD_LEN;
use crate::components::{FormErrors, PageTitle, TextField};
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let login = ServerAction::<Login>::new();
    let action = Login::PATH;
    let next = move || query.with(|q| q.get("nasta")).unwrap_or_default();
    let logged_out = move || query.with(|q| q.get("utloggad").is_some());
    let password_set = move || query.with(|q| q.get("losenord").is_some());

    view! {
        <PageTitle text=lang.t("Logga in", "Log in")/>
        <div class="page page--narrow">
            <FormErrors action first="email"/>
            <Show when=logged_out>
                <div class="notice" role="status"><p>{lang.t("Du är utloggad.", "You are logged out.")}</p></div>
            </Show>
            <Show when=password_set>
                <div class="notice" role="status"><p>{lang.t("Ditt lösenord är sparat. Logga in med det nu.", "Your password is saved. Log in with it now.")}</p></div>
            </Show>
            <h1>{lang.t("Logga in", "Log in")}</h1>
            <p>{lang.t(
                "För samordnare, administratörer och läsare. Du som ska svara på en enkät behöver inte logga in – använd länken i e-postmeddelandet.",
                "For coordinators, administrators and readers. If you are answering a questionnaire you do not log in – use the link in the e-mail.",
            )}</p>
            <ActionForm action=login>
                <input type="hidden" name="next" value=next/>
                <TextField action id="email" name="email" kind="email" autocomplete="username" required=true first=true
                    label=lang.t("E-postadress", "E-mail address")/>
                // Never sent back: a refused login shows the field empty.
                <TextField action id="password" name="password" kind="password" autocomplete="current-password" required=true
                    label=lang.t("Lösenord", "Password")/>
                <button type="submit" class="button">{lang.t("Logga in", "Log in")}</button>
            </ActionForm>
            <p>{lang.t(
                "Glömt lösenordet? Be en administratör om en länk där du väljer ett nytt.",
                "Forgot your password? Ask an administrator for a link where you choose a new one.",
            )}</p>
        </div>
    }
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let link = Resource::new(token, password_link);
    let set = ServerAction::<SetPassword>::new();
    let action = SetPassword::PATH;

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match link.await {
                    Err(error) if error != crate::error::AppError::NotFound => view! {
                        <crate::components::LoadError error/>
                    }.into_any(),
                    Err(_) => view! {
                        <PageTitle text=lang.t("Länken fungerar inte", "The link does not work")/>
                        <div class="page page--narrow">
                            <h1>{lang.t("Länken fungerar inte", "The link does not work")}</h1>
                            <p>{lang.t(
                                "Länken har redan använts, har gått ut eller är felskriven. Be en administratör om en ny länk.",
                                "The link has already been used, has expired or is mistyped. Ask an administrator for a new link.",
                            )}</p>
                        </div>
                    }.into_any(),
                    Ok(email) => view! {
                        <PageTitle text=lang.t("Välj lösenord", "Choose a password")/>
                        <div class="page page--narrow">
                            <FormErrors action first="password"/>
                            <h1>{lang.t("Välj lösenord", "Choose a password")}</h1>
                            <p>{lang.t("Kontot: ", "Account: ")}<strong>{email}</strong></p>
                            <ActionForm action=set>
                                <input type="hidden" name="token" value=token/>
                                <TextField action id="password" name="password" kind="password" autocomplete="new-password" required=true first=true
                                    label=lang.t("Nytt lösenord", "New password")
                                    hint=match lang {
                                        crate::i18n::Lang::Sv => format!("Minst {MIN_PASSWORD_LEN} tecken. Ett par ord i en mening är lätt att minnas och svårt att gissa."),
                                        crate::i18n::Lang::En => format!("At least {MIN_PASSWORD_LEN} characters. A few words in a sentence are easy to remember and hard to guess."),
                                    }/>
                                <TextField action id="repeat" name="repeat" kind="password" autocomplete="new-password" required=true
                                    label=lang.t("Samma lösenord en gång till", "The same password again")/>
                                <button type="submit" class="button">{lang.t("Spara lösenordet", "Save the password")}</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
