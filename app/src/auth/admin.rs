//! Administration: users, their roles and municipalities, and the audit log.

use super::api::NewLink;
use super::api::{
    audit_log, get_user, list_users, InviteUser, ResetPasswordLink, SetUserDisabled, UpdateUser,
};
use super::{AuditFilter, Role, UserRecord};
use crate::components::{
    form_result, typed_list, FormErrors, LoadError, PageTitle, SavedNotice, SelectField, TableWrap,
    TextField, GET_FORM,
};
use crate::i18n::{use_lang, Lang};
use crate::registry::{list_municipalities, MunicipalitySummary};
use crate::time::{format_stockholm, parse_date_stockholm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn role_options(lang: Lang) -> Vec<(String, String)> {
    Role::ALL
        .into_iter()
        .map(|role| (role.key().to_string(), role.label(lang).to_string()))
        .collect()
}

/// One checkbox per municipality; indexed names so the list survives a plain form post.
#[component]
fn MunicipalityChoices(
    /// The form's server function: a refused post keeps its ticks.
    action: &'static str,
    all: Vec<MunicipalitySummary>,
    chosen: Vec<String>,
    lang: Lang,
) -> impl IntoView {
    let chosen = typed_list(action, "municipalities").unwrap_or(chosen);
    view! {
        <fieldset class="field">
            <legend>{lang.t("Kommuner", "Municipalities")}</legend>
            <p class="hint">{lang.t(
                "Samordnare och läsare ser bara de kommuner som är valda här. Administratörer ser alla.",
                "Coordinators and readers see only the municipalities chosen here. Administrators see all.",
            )}</p>
            <div class="checkboxes">
                {all.into_iter().enumerate().map(|(i, m)| {
                    let id = format!("kommun-{}", m.code);
                    let checked = chosen.contains(&m.code);
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() name=format!("municipalities[{i}]") value=m.code.clone() checked=checked/>
                            <label for=id>{m.name}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn NewLinkPanel(email: String, url: String, valid_hours: i64, lang: Lang) -> impl IntoView {
    view! {
        <div class="notice notice--success" role="status">
            <h2>{lang.t("Länken är klar", "The link is ready")}</h2>
            <p>{match lang {
                Lang::Sv => format!("Skicka länken till {email}. Den gäller i {valid_hours} timmar och kan användas en gång."),
                Lang::En => format!("Send the link to {email}. It is valid for {valid_hours} hours and can be used once."),
            }}</p>
            <label for="ny-lank">{lang.t("Länk för att välja lösenord", "Link for choosing a password")}</label>
            <input id="ny-lank" type="text" readonly value=url/>
        </div>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let lang = use_lang();
    let invite = ServerAction::<InviteUser>::new();
    let users = Resource::new(|| (), |_| list_users());
    let municipalities = Resource::new(|| (), |_| list_municipalities());

    view! {
      <Suspense fallback=|| ()>
        {move || Suspend::new(async move {
          let list = match users.await {
              Err(error) => return view! { <LoadError error/> }.into_any(),
              Ok(list) => list,
          };
          view! {
        <PageTitle text=lang.t("Användare", "Users")/>
        <div class="page">
            <h1>{lang.t("Användare", "Users")}</h1>
            <ul class="admin-links">
                <li><a href="/admin/logg">{lang.t("Granskningslogg", "Audit log")}</a></li>
                <li><a href="/admin/verksamhetsomraden">{lang.t("Verksamhetsområden", "Sectors")}</a></li>
                <li><a href="/admin/api-nycklar">{lang.t("API-nycklar", "API tokens")}</a></li>
            </ul>
            <UserTable users=list lang/>

            <h2 id="bjud-in">{lang.t("Bjud in en användare", "Invite a user")}</h2>
            <FormErrors action=InviteUser::PATH first="invite-email"/>
            {form_result::<NewLink>(InviteUser::PATH).map(|link| view! {
                <NewLinkPanel email=link.email url=link.url valid_hours=link.valid_hours lang/>
            })}
            <ActionForm action=invite>
                <TextField action=InviteUser::PATH id="invite-email" name="email" kind="email" first=true required=true
                    autocomplete="off" label=lang.t("E-postadress", "E-mail address")/>
                <TextField action=InviteUser::PATH id="invite-name" name="name" autocomplete="off" label=lang.t("Namn", "Name")/>
                <SelectField action=InviteUser::PATH id="invite-role" name="role" label=lang.t("Roll", "Role")
                    options=role_options(lang) value=Role::Coordinator.key()/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        municipalities.await.ok().map(|all| view! { <MunicipalityChoices action=InviteUser::PATH all chosen=vec![] lang/> })
                    })}
                </Suspense>
                <button type="submit" class="button">{lang.t("Skapa inbjudningslänk", "Create invitation link")}</button>
            </ActionForm>
        </div>
          }.into_any()
        })}
      </Suspense>
    }
}

#[component]
fn UserTable(users: Vec<UserRecord>, lang: Lang) -> impl IntoView {
    view! {
        <TableWrap label=lang.t("Användare", "Users")>
            <table class="data-table">
                <caption class="visually-hidden">{lang.t("Användare", "Users")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("E-post", "E-mail")}</th>
                    <th scope="col">{lang.t("Namn", "Name")}</th>
                    <th scope="col">{lang.t("Roll", "Role")}</th>
                    <th scope="col">{lang.t("Kommuner", "Municipalities")}</th>
                    <th scope="col">{lang.t("Status", "Status")}</th>
                </tr></thead>
                <tbody>
                    {users.into_iter().map(|u| {
                        let status = if u.disabled {
                            lang.t("Avstängd", "Disabled")
                        } else if u.has_password {
                            lang.t("Aktiv", "Active")
                        } else {
                            lang.t("Väntar på lösenord", "Awaiting password")
                        };
                        let scope = if u.role == Role::Admin { lang.t("Alla", "All").to_string() } else { u.municipality_codes.join(", ") };
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/admin/anvandare/{}", u.id)>{u.email}</a></th>
                                <td>{u.name}</td>
                                <td>{u.role.label(lang)}</td>
                                <td>{scope}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let update = ServerAction::<UpdateUser>::new();
    let disable = ServerAction::<SetUserDisabled>::new();
    let reset = ServerAction::<ResetPasswordLink>::new();
    let user = Resource::new(id, get_user);
    let municipalities = Resource::new(|| (), |_| list_municipalities());

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (u, all) = match (user.await, municipalities.await) {
                    (Ok(u), Ok(all)) => (u, all),
                    (Err(error), _) | (_, Err(error)) => return view! { <LoadError error/> }.into_any(),
                };
                let (id_update, id_reset, id_disable) = (u.id.clone(), u.id.clone(), u.id.clone());
                let (name, chosen, role, disabled) = (u.name.clone(), u.municipality_codes.clone(), u.role, u.disabled);
                view! {
                    <PageTitle text=u.email.clone()/>
                    <div class="page page--narrow">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/admin/anvandare">{lang.t("Användare", "Users")}</a>
                        </nav>
                        <FormErrors action=UpdateUser::PATH first="user-name"/>
                        <FormErrors action=SetUserDisabled::PATH first="user-name"/>
                        <SavedNotice action=UpdateUser::PATH/>
                        <h1>{u.email.clone()}</h1>
                        <ActionForm action=update>
                            <input type="hidden" name="id" value=id_update/>
                            <TextField action=UpdateUser::PATH id="user-name" name="name" value=name first=true label=lang.t("Namn", "Name")/>
                            <SelectField action=UpdateUser::PATH id="user-role" name="role" label=lang.t("Roll", "Role")
                                options=role_options(lang) value=role.key()/>
                            <MunicipalityChoices action=UpdateUser::PATH all chosen lang/>
                            <button type="submit" class="button">{lang.t("Spara", "Save")}</button>
                        </ActionForm>

                        <h2>{lang.t("Lösenord", "Password")}</h2>
                        <p>{lang.t(
                            "Skapa en länk där användaren väljer ett nytt lösenord. Det gamla lösenordet fungerar tills länken används.",
                            "Create a link where the user chooses a new password. The old password works until the link is used.",
                        )}</p>
                        {form_result::<NewLink>(ResetPasswordLink::PATH).map(|link| view! {
                            <NewLinkPanel email=link.email url=link.url valid_hours=link.valid_hours lang/>
                        })}
                        <ActionForm action=reset>
                            <input type="hidden" name="id" value=id_reset/>
                            <button type="submit" class="button button--secondary">{lang.t("Skapa återställningslänk", "Create reset link")}</button>
                        </ActionForm>

                        <h2>{lang.t("Konto", "Account")}</h2>
                        <ActionForm action=disable>
                            <input type="hidden" name="id" value=id_disable/>
                            <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                            <p>{if disabled {
                                lang.t("Kontot är avstängt. Användaren kan inte logga in.", "The account is disabled. The user cannot log in.")
                            } else {
                                lang.t("Ett avstängt konto kan inte logga in och loggas ut direkt.", "A disabled account cannot log in and is logged out at once.")
                            }}</p>
                            <button type="submit" class="button button--secondary">{if disabled {
                                lang.t("Aktivera kontot", "Enable the account")
                            } else {
                                lang.t("Stäng av kontot", "Disable the account")
                            }}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The actions an administrator can filter the audit log on.
const AUDIT_ACTIONS: &[(&str, &str, &str)] = &[
    ("login", "Inloggningar", "Logins"),
    ("logout", "Utloggningar", "Logouts"),
    ("user", "Användarändringar", "User changes"),
    ("access", "Nekad åtkomst", "Access denied"),
    ("round", "Omgångar", "Rounds"),
    ("export", "Exporter", "Exports"),
    ("registry", "Registerimporter", "Registry imports"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |key: &str| query.with(|q| q.get(key)).filter(|v| !v.trim().is_empty());
    let filter = move || AuditFilter {
        action: get("handelse"),
        actor: get("vem"),
        from: get("fran").as_deref().and_then(parse_date_stockholm),
        // Through the end of the chosen day.
        to: get("till")
            .as_deref()
            .and_then(parse_date_stockholm)
            .map(|t| t + 86_399),
    };
    let events = Resource::new(filter, audit_log);

    view! {
      <Suspense fallback=|| ()>
        {move || Suspend::new(async move {
          let list = match events.await {
              Err(error) => return view! { <LoadError error/> }.into_any(),
              Ok(list) => list,
          };
          view! {
        <PageTitle text=lang.t("Granskningslogg", "Audit log")/>
        <div class="page">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/admin/anvandare">{lang.t("Användare", "Users")}</a>
            </nav>
            <h1>{lang.t("Granskningslogg", "Audit log")}</h1>
            // A GET form: what was chosen stays in the address, so the fields
            // show it from there (no server function, no refused post).
            <form method="get" action="/admin/logg" class="filters">
                <SelectField action=GET_FORM id="handelse" name="handelse" label=lang.t("Händelse", "Event")
                    value=get("handelse").unwrap_or_default()
                    options=std::iter::once((String::new(), lang.t("Alla", "All").to_string()))
                        .chain(AUDIT_ACTIONS.iter().map(|(key, sv, en)| (key.to_string(), lang.t(sv, en).to_string())))
                        .collect()/>
                <TextField action=GET_FORM id="vem" name="vem" value=get("vem").unwrap_or_default() label=lang.t("Vem (e-post)", "Who (e-mail)")/>
                <TextField action=GET_FORM id="fran" name="fran" kind="date" value=get("fran").unwrap_or_default() label=lang.t("Från och med", "From")/>
                <TextField action=GET_FORM id="till" name="till" kind="date" value=get("till").unwrap_or_default() label=lang.t("Till och med", "To")/>
                <button type="submit" class="button button--secondary">{lang.t("Filtrera", "Filter")}</button>
            </form>
            {
                    match list {
                        list if list.is_empty() => view! { <p>{lang.t("Inga händelser matchar filtret.", "No events match the filter.")}</p> }.into_any(),
                        list => view! {
                            <TableWrap label=lang.t("Händelser", "Events")>
                                <table class="data-table">
                                    <caption class="visually-hidden">{lang.t("Händelser, nyaste först", "Events, newest first")}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t("Tid", "Time")}</th>
                                        <th scope="col">{lang.t("Vem", "Who")}</th>
                                        <th scope="col">{lang.t("Händelse", "Event")}</th>
                                        <th scope="col">{lang.t("Gäller", "Concerns")}</th>
                                        <th scope="col">{lang.t("Detaljer", "Details")}</th>
                                        <th scope="col">{lang.t("Adress", "Address")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|e| view! {
                                            <tr>
                                                <td>{format_stockholm(e.at)}</td>
                                                <td>{e.actor}</td>
                                                <td>{e.action}</td>
                                                <td>{e.target}</td>
                                                <td>{e.detail}</td>
                                                <td>{e.client_ip}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </TableWrap>
                        }.into_any(),
                    }
            }
        </div>
          }.into_any()
        })}
      </Suspense>
    }
}
