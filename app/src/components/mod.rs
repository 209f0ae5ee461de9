//! Small components shared by many pages.

mod chart;
mod error_summary;
mod field;
mod form;
mod load_error;
mod page_title;
mod pager;
mod table_wrap;
mod text_area;
mod trend_chart;
pub mod vouched;

pub use chart::{count_and_share, Bar, BarChart};
pub use error_summary::{ErrorSummary, FieldProblem};
pub use field::{
    field_error, page_has_form_error, CheckboxField, Checkboxes, FormErrors, RadioField,
    SavedNotice, SelectField, TextAreaField, TextField,
};
#[cfg(feature = "ssr")]
pub use form::show_result;
pub use form::{
    echo_for, error_from_url, form_done, form_error, form_result, typed, typed_all, typed_list,
    FormEcho, FormScope, ScopedForm, GET_FORM, SHOW_RESULT_HEADER,
};
#[cfg(feature = "ssr")]
pub use load_error::request_id;
pub use load_error::{LoadError, RequestId};
pub use page_title::{full_title, PageTitle};
pub use pager::Pager;
pub use table_wrap::TableWrap;
pub use text_area::{escape_text, for_raw_text, TextArea};
pub use trend_chart::{TrendChart, TrendScale, TrendValue};

/// Moves focus to the element a fragment link points at.
///
/// The client-side router only scrolls to a fragment; keyboard and screen-reader
/// users need the focus there too. Without JavaScript the browser does it.
pub fn focus_target(ev: leptos::ev::MouseEvent, id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use leptos::wasm_bindgen::JsCast;
        if let Some(target) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ = target.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, id);
}
