//! The document title: "Page – Nuläge", or just "Nuläge" on the start page.

use leptos::prelude::*;
use leptos_meta::Title;

use super::text_area::for_raw_text;

pub fn full_title(page: &str) -> String {
    if page.is_empty() {
        "Nuläge".to_string()
    } else {
        format!("{page} – Nuläge")
    }
}

/// The page's `<title>`. leptos_meta writes the text into the server's HTML
/// unescaped, so it is escaped here (see [`for_raw_text`]): a round named
/// `</title><script>` stays a name. A page shown again for a refused form
/// starts with "Fel: ", as screen readers announce the title first.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let refused = super::page_has_form_error();
    let lang = crate::i18n::use_lang();
    view! {
        <Title text=move || {
            let page = text.get();
            let prefix = lang.t("Fel: ", "Error: ");
            let page = if refused && !page.starts_with(prefix) && !page.starts_with("Fel") {
                format!("{prefix}{page}")
            } else {
                page.to_string()
            };
            for_raw_text(full_title(&page))
        }/>
    }
}
