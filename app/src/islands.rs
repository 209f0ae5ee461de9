//! Small islands shared by several pages. Everything else on a page is the
//! HTML the server sent; see also the islands beside their pages (the
//! respondent's part form, the builder's kind chooser, the filters).

use leptos::prelude::*;

/// A button that prints the page; shown only once JavaScript runs, since
/// printing needs it (without it, the browser's own print command works).
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    // Effects run only in the browser.
    Effect::new(move |_| ready.set(true));
    move || {
        let label = label.clone();
        ready.get().then(|| {
            view! {
                <button type="button" class="button button--secondary" on:click=move |_| print()>
                    {label}
                </button>
            }
        })
    }
}

fn print() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}

/// Whether a row with these search terms (`data-sok`, one per line) and this
/// prefix term (`data-sok-prefix`, e.g. a code) matches what was typed: a
/// term contains it, case aside, or the prefix term starts with it, or a
/// term is what was typed written another way by the rule for sector names
/// ("kultur & fritid" finds Kultur och fritid; see
/// [`crate::registry::sector_names`]).
pub fn search_matches(terms: &str, prefix: &str, typed: &str) -> bool {
    let needle = typed.trim().to_lowercase();
    needle.is_empty()
        || terms.lines().any(|t| t.to_lowercase().contains(&needle))
        || (!prefix.is_empty() && prefix.to_lowercase().starts_with(&needle))
        || terms
            .lines()
            .any(|t| crate::registry::sector_names::same_sector_text(t, typed))
}

/// The search terms of a row, as `data-sok` holds them.
pub fn search_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> String {
    terms
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(|t| t.replace('\n', " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A search form and the rows it filters, as the server rendered them: a
/// plain GET form without JavaScript, filtering as the person types with it.
///
/// Rows carry `data-sok` (and `data-sok-prefix`); sections that hold rows carry
/// `data-sok-group` and show their count in `[data-sok-group-count]`; the
/// status line `[data-sok-count]` says "{n}" of "{total}" by its
/// `data-template`.
#[island]
pub fn LiveFilter(children: Children) -> impl IntoView {
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        filter_rows(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="live-filter" on:input=on_input>{children()}</div> }
}

#[cfg(feature = "hydrate")]
fn filter_rows(ev: &leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlInputElement};
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .filter(|i| i.type_() == "search")
    else {
        return;
    };
    let Some(root) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
    else {
        return;
    };
    let typed = input.value();
    let all = |el: &Element, selector: &str| -> Vec<Element> {
        let Ok(list) = el.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .collect()
    };
    let set_hidden = |el: &Element, hidden: bool| {
        let _ = if hidden {
            el.set_attribute("hidden", "")
        } else {
            el.remove_attribute("hidden")
        };
    };
    let rows = all(&root, "[data-sok]");
    let mut shown = 0;
    for row in &rows {
        let terms = row.get_attribute("data-sok").unwrap_or_default();
        let prefix = row.get_attribute("data-sok-prefix").unwrap_or_default();
        let visible = search_matches(&terms, &prefix, &typed);
        set_hidden(row, !visible);
        shown += usize::from(visible);
    }
    for group in all(&root, "[data-sok-group]") {
        let n = all(&group, "[data-sok]:not([hidden])").len();
        set_hidden(&group, n == 0);
        for count in all(&group, "[data-sok-group-count]") {
            count.set_text_content(Some(&n.to_string()));
        }
    }
    for status in all(&root, "[data-sok-count]") {
        let template = status.get_attribute("data-template").unwrap_or_default();
        let text = template
            .replace("{n}", &shown.to_string())
            .replace("{total}", &rows.len().to_string());
        status.set_text_content(Some(&text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_matches_a_term_or_its_prefix() {
        let terms = search_terms(["Växjö", "Kronobergs län"]);
        assert!(search_matches(&terms, "0780", ""));
        assert!(search_matches(&terms, "0780", "  VÄX "));
        assert!(search_matches(&terms, "0780", "kronoberg"));
        assert!(search_matches(&terms, "0780", "078"));
        assert!(!search_matches(&terms, "0780", "780"));
        assert!(!search_matches(&terms, "0780", "Nybro"));
        // A sector written another way finds the rows with it.
        let unit = search_terms([
            "Kulturförvaltningen",
            "Kultur och fritid",
            "energi/VA/avfall",
        ]);
        assert!(search_matches(&unit, "", "kultur & fritid"));
        assert!(search_matches(&unit, "", "FRITID/KULTUR"));
        assert!(search_matches(&unit, "", "energi/va"));
        assert!(!search_matches(&unit, "", "kultur & idrott"));
    }
}
