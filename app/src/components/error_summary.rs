//! The error summary at the top of a form: every problem, each linking to its field.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// One problem in a form: the id of the field it belongs to and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub field_id: String,
    pub message: String,
}

#[component]
pub fn ErrorSummary(problems: Vec<FieldProblem>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 id="error-summary-title">{lang.t("Det finns ett problem", "There is a problem")}</h2>
            <ul>
                {problems
                    .into_iter()
                    .map(|p| {
                        let id = p.field_id.clone();
                        view! {
                            <li>
                                <a href=format!("#{}", p.field_id) on:click=move |ev| super::focus_target(ev, &id)>
                                    {p.message}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
