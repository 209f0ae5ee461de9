//! Links between the pages of a long list: plain links, so they work
//! without JavaScript.

use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// The page numbers to link: the first, the last, and two on each side of
/// the current one; None stands for the numbers left out.
pub fn page_numbers(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

/// "Sida 2 av 20" with links to the neighbouring and the outermost pages.
/// `label` names the navigation (a list with a pager above and below needs
/// two names); `href` gives a page's address.
#[component]
pub fn Pager(
    page: usize,
    pages: usize,
    #[prop(into)] label: String,
    href: impl Fn(usize) -> String + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="pager" aria-label=label>
            <p class="pager__where">{match lang {
                Lang::Sv => format!("Sida {page} av {pages}"),
                Lang::En => format!("Page {page} of {pages}"),
            }}</p>
            <ul class="pager__list">
                {(page > 1).then(|| view! {
                    <li><a href=href(page - 1) rel="prev">{lang.t("Föregående", "Previous")}<span class="visually-hidden">{lang.t(" sida", " page")}</span></a></li>
                })}
                {page_numbers(page, pages).into_iter().map(|n| match n {
                    Some(n) if n == page => view! {
                        <li><a href=href(n) aria-current="page"><span class="visually-hidden">{lang.t("Sida ", "Page ")}</span>{n}</a></li>
                    }.into_any(),
                    Some(n) => view! {
                        <li><a href=href(n)><span class="visually-hidden">{lang.t("Sida ", "Page ")}</span>{n}</a></li>
                    }.into_any(),
                    None => view! { <li aria-hidden="true">"…"</li> }.into_any(),
                }).collect_view()}
                {(page < pages).then(|| view! {
                    <li><a href=href(page + 1) rel="next">{lang.t("Nästa", "Next")}<span class="visually-hidden">{lang.t(" sida", " page")}</span></a></li>
                })}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::page_numbers;

    #[test]
    fn the_ends_and_the_neighbours_are_linked() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(
            page_numbers(10, 20),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
        assert_eq!(page_numbers(2, 5), (1..=5).map(Some).collect::<Vec<_>>());
    }
}
