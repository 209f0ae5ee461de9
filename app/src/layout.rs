//! The page frame: skip link, header with navigation and language switch, footer.

use crate::auth::api::{who_am_i, Logout};
use crate::auth::Role;
use crate::i18n::{use_lang, Lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SkipLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#innehall" on:click=|ev| crate::components::focus_target(ev, "innehall")>
            {lang.t("Hoppa till innehållet", "Skip to content")}
        </a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // The switch is a plain link to a server route that sets a cookie and comes
    // back here, so it works without JavaScript.
    let switch_href = move || {
        let back = location.pathname.get();
        let query = location.search.get();
        let back = if query.is_empty() {
            back
        } else {
            format!("{back}?{query}")
        };
        format!(
            "/sprak?till={}&tillbaka={}",
            lang.other().code(),
            encode_component(&back)
        )
    };
    let nav_class = move |prefix: &'static str| {
        let path = location.pathname.get();
        let current = if prefix == "/" {
            path == "/"
        } else {
            path.starts_with(prefix)
        };
        if current {
            Some("page")
        } else {
            None
        }
    };

    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">
                    <span class="site-header__logo" aria-hidden="true">"◐"</span>
                    " Nuläge"
                </a>
                <nav aria-label=lang.t("Huvudmeny", "Main menu")>
                    <ul class="site-nav">
                        <li><a href="/" aria-current=move || nav_class("/")>{lang.t("Start", "Home")}</a></li>
                        <li><a href="/kommuner" aria-current=move || nav_class("/kommuner")>{lang.t("Kommuner", "Municipalities")}</a></li>
                        <li><a href="/enkater" aria-current=move || nav_class("/enkater")>{lang.t("Enkäter", "Questionnaires")}</a></li>
                        <li><a href="/omgangar" aria-current=move || nav_class("/omgangar")>{lang.t("Kartläggningar", "Survey rounds")}</a></li>
                        <li><a href="/svara" aria-current=move || nav_class("/svara")>{lang.t("Svara på en enkät", "Answer a questionnaire")}</a></li>
                    </ul>
                </nav>
                <AccountMenu/>
                <a class="site-header__lang" href=switch_href rel="external" lang=lang.other().code()>
                    {match lang {
                        Lang::Sv => "In English",
                        Lang::En => "På svenska",
                    }}
                </a>
            </div>
        </header>
    }
}

/// Who is logged in, with the way out; or the way in.
#[component]
fn AccountMenu() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let logout = ServerAction::<Logout>::new();
    // Asked again on every navigation, so logging in or out shows at once.
    let user = Resource::new(move || location.pathname.get(), |_| who_am_i());
    view! {
        <div class="site-header__account">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await.ok().flatten() {
                        Some(u) => view! {
                            <span class="site-header__user">{u.display_name().to_string()}</span>
                            <a href="/konto/api-nycklar">{lang.t("API-nycklar", "API tokens")}</a>
                            {(u.role == Role::Admin).then(|| view! {
                                <a href="/admin/anvandare">{lang.t("Administration", "Administration")}</a>
                            })}
                            <ActionForm action=logout attr:class="inline-form">
                                <button type="submit" class="link-button">{lang.t("Logga ut", "Log out")}</button>
                            </ActionForm>
                        }.into_any(),
                        None => view! { <a href="/logga-in">{lang.t("Logga in", "Log in")}</a> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn Footer(lang: Lang) -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                {lang.t(
                    "Nuläge – kartläggning av kommuners internationella arbete.",
                    "Nuläge – mapping the international work of municipalities.",
                )}
            </p>
            <p>
                <a href="/tillganglighet">{lang.t("Tillgänglighetsredogörelse", "Accessibility statement")}</a>
            </p>
        </footer>
    }
}

/// Percent-encodes a string for use as a query value.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_component;

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_component("/kommuner?q=vä"),
            "/kommuner%3Fq%3Dv%C3%A4"
        );
        assert_eq!(encode_component("a&b c"), "a%26b%20c");
    }
}
