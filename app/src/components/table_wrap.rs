use leptos::prelude::*;

/// A wide table's horizontal scroll container.
///
/// When a table is wider than the screen, keyboard users must be able to
/// scroll it too: the region is focusable and named, as WCAG 2.1.1 asks.
#[component]
pub fn TableWrap(
    /// What the table shows, read out when the region gets focus.
    #[prop(into)]
    label: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
