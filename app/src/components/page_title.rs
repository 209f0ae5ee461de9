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
/// `</title><script>` stays a name.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title text=move || for_raw_text(full_title(&text.get()))/> }
}
