//! The respondent's way in: open a personal link, or paste it when the e-mail link broke.

use crate::components::PageTitle;
use crate::components::{ErrorSummary, FieldProblem};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Extracts the token from a pasted link or a bare token.
///
/// Mail clients wrap and mangle links, so stray whitespace, angle brackets and
/// a trailing full stop are forgiven; anything else that is not a token is refused.
pub fn parse_link_token(input: &str) -> Option<String> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '<' && *c != '>')
        .collect();
    let cleaned = cleaned.trim_end_matches(['.', ',', ')']);
    let token = match cleaned.rfind("/s/") {
        Some(at) => &cleaned[at + 3..],
        None => cleaned,
    };
    let token = token.split(['?', '#', '/']).next().unwrap_or_default();
    let valid = (20..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| token.to_string())
}

#[component]
pub fn RespondentStartPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    // `/svara/oppna` redirects a good link straight to the questionnaire and
    // sends a bad one back here, so a value in the query is one to correct.
    // try_with: a late read after the page has gone gets nothing. The title is
    // worked out once, when the page opens, so it never depends on that.
    let submitted = move || query.try_with(|q| q.get("lank")).flatten();
    let has_error = move || submitted().is_some_and(|v| parse_link_token(&v).is_none());

    view! {
        <PageTitle text={
            let title = lang.t("Svara på en enkät", "Answer a questionnaire");
            if untrack(has_error) { format!("{}: {title}", lang.t("Fel", "Error")) } else { title.to_string() }
        }/>
        <div class="page page--narrow">
            <Show when=has_error>
                <ErrorSummary problems=vec![FieldProblem {
                    field_id: "lank".into(),
                    message: lang.t(
                        "Klistra in hela länken från e-postmeddelandet",
                        "Paste the whole link from the e-mail",
                    ).into(),
                }]/>
            </Show>
            <h1>{lang.t("Svara på en enkät", "Answer a questionnaire")}</h1>
            <p class="lead">{lang.t(
                "Din förvaltning eller ditt bolag har fått en personlig länk i ett e-postmeddelande från kommunens samordnare. Öppna länken för att svara. Du behöver inget konto.",
                "Your administration or company has received a personal link in an e-mail from the municipality's coordinator. Open the link to answer. You need no account.",
            )}</p>
            <ul>
                <li>{lang.t("Svaren sparas medan du fyller i, och du kan fortsätta senare från samma länk – även på en annan dator.",
                    "Your answers are saved as you go, and you can continue later from the same link – even on another computer.")}</li>
                <li>{lang.t("Ni kan vara flera som hjälps åt: dela länken med en kollega.",
                    "Several of you can help: share the link with a colleague.")}</li>
                <li>{lang.t("Du kan ändra svaren tills enkäten stänger.",
                    "You can change your answers until the questionnaire closes.")}</li>
            </ul>
            <h2>{lang.t("Fungerar inte länken?", "Does the link not work?")}</h2>
            <form method="get" action="/svara/oppna" novalidate>
                <div class=move || if has_error() { "field field--error" } else { "field" }>
                    <label for="lank">{lang.t("Länk från e-postmeddelandet", "Link from the e-mail")}</label>
                    <p class="hint" id="lank-hint">{lang.t(
                        "Kopiera hela länken, den börjar med https:// och innehåller /s/.",
                        "Copy the whole link; it starts with https:// and contains /s/.",
                    )}</p>
                    <Show when=has_error>
                        <p class="field-error" id="lank-error">
                            <span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>
                            {lang.t("Det här ser inte ut som en hel länk. Klistra in hela länken från e-postmeddelandet.",
                                "This does not look like a whole link. Paste the whole link from the e-mail.")}
                        </p>
                    </Show>
                    <input
                        id="lank"
                        name="lank"
                        type="text"
                        inputmode="url"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby=move || if has_error() { "lank-hint lank-error" } else { "lank-hint" }
                        aria-invalid=move || has_error().then_some("true")
                        value=move || submitted().unwrap_or_default()
                    />
                </div>
                <button type="submit" class="button">{lang.t("Öppna enkäten", "Open the questionnaire")}</button>
            </form>
            <p>{lang.t(
                "Har du inte fått någon länk? Kontakta den som samordnar kartläggningen i din kommun.",
                "Did you not receive a link? Contact whoever coordinates the mapping in your municipality.",
            )}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_link_token;

    const TOKEN: &str = "Qk3x9_b-F2mZtY7uVw8PaA";

    #[test]
    fn accepts_links_and_bare_tokens() {
        for input in [
            TOKEN.to_string(),
            format!("https://nulage.example.se/s/{TOKEN}"),
            format!("  <https://nulage.example.se/s/{TOKEN}>. "),
            format!("https://nulage.example.se/s/{TOKEN}?utm=x"),
            "https://nulage.example.se/s/Qk3x9_b-F2\n mZtY7uVw8PaA".to_string(),
        ] {
            assert_eq!(parse_link_token(&input).as_deref(), Some(TOKEN), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_token() {
        for input in [
            "",
            "hej",
            "https://nulage.example.se/s/",
            "https://x/s/abc",
            "a;b'c\"d<e>f&g%h*i!jkl",
            &"a".repeat(65),
        ] {
            assert_eq!(parse_link_token(input), None, "{input}");
        }
    }
}
