//! The document title: "Page – Nuläge", or just "Nuläge" on the start page.

use leptos::prelude::*;
use leptos_meta::Title;

pub fn full_title(page: &str) -> String {
    if page.is_empty() {
        "Nuläge".to_string()
    } else {
        format!("{page} – Nuläge")
    }
}

#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title text=move || full_title(&text.get())/> }
}
