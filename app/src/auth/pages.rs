//! Logging in, and choosing a password from a one-time link.

use super::api::{password_link, Login, SetPassword};
use super::MIN_PASSWORD_LEN;
use crate::components::{form_error, ErrorSummary, FieldProblem, PageTitle};
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
    let error = form_error(login.value(), Login::PATH);
    let next = move || query.with(|q| q.get("nasta")).unwrap_or_default();
    let logged_out = move || query.with(|q| q.get("utloggad").is_some());
    let password_set = move || query.with(|q| q.get("losenord").is_some());

    view! {
        <PageTitle text=move || {
            let title = lang.t("Logga in", "Log in");
            if error.try_get().flatten().is_some() { format!("{}: {title}", lang.t("Fel", "Error")) } else { title.to_string() }
        }/>
        <div class="page page--narrow">
            {move || error.get().map(|e| view! {
                <ErrorSummary problems=vec![FieldProblem { field_id: "email".into(), message: e.to_string() }]/>
            })}
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
                <div class="field">
                    <label for="email">{lang.t("E-postadress", "E-mail address")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" spellcheck="false" required/>
                </div>
                <div class="field">
                    <label for="password">{lang.t("Lösenord", "Password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
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
    let error = form_error(set.value(), SetPassword::PATH);

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match link.await {
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
                        <PageTitle text=move || {
                            let title = lang.t("Välj lösenord", "Choose a password");
                            if error.try_get().flatten().is_some() { format!("{}: {title}", lang.t("Fel", "Error")) } else { title.to_string() }
                        }/>
                        <div class="page page--narrow">
                            {move || error.get().map(|e| view! {
                                <ErrorSummary problems=vec![FieldProblem { field_id: "password".into(), message: e.to_string() }]/>
                            })}
                            <h1>{lang.t("Välj lösenord", "Choose a password")}</h1>
                            <p>{lang.t("Kontot: ", "Account: ")}<strong>{email}</strong></p>
                            <ActionForm action=set>
                                <input type="hidden" name="token" value=token/>
                                <div class="field">
                                    <label for="password">{lang.t("Nytt lösenord", "New password")}</label>
                                    <p class="hint" id="password-hint">{match lang {
                                        crate::i18n::Lang::Sv => format!("Minst {MIN_PASSWORD_LEN} tecken. Ett par ord i en mening är lätt att minnas och svårt att gissa."),
                                        crate::i18n::Lang::En => format!("At least {MIN_PASSWORD_LEN} characters. A few words in a sentence are easy to remember and hard to guess."),
                                    }}</p>
                                    <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint" required/>
                                </div>
                                <div class="field">
                                    <label for="repeat">{lang.t("Samma lösenord en gång till", "The same password again")}</label>
                                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" required/>
                                </div>
                                <button type="submit" class="button">{lang.t("Spara lösenordet", "Save the password")}</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
