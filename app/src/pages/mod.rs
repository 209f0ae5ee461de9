//! Pages that are not tied to one part of the domain.

mod home;
mod respondent;

pub use home::HomePage;
pub use respondent::{parse_link_token, RespondentStartPage};

use crate::components::PageTitle;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <PageTitle text=lang.t("Sidan finns inte", "Page not found")/>
        <div class="page">
            <h1>{lang.t("Sidan finns inte", "Page not found")}</h1>
            <p>{lang.t(
                "Kontrollera att adressen är rätt skriven. Om du kopierade en länk kan en del av den saknas.",
                "Check that the address is spelled correctly. If you copied a link, part of it may be missing.",
            )}</p>
            <p><a href="/">{lang.t("Gå till startsidan", "Go to the home page")}</a></p>
        </div>
    }
}

/// Formats a whole number the Swedish way (narrow no-break space between thousands).
pub fn format_int(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if value < 0 {
        format!("−{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::format_int;

    #[test]
    fn formats_thousands() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(64100), "64\u{202f}100");
        assert_eq!(format_int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(format_int(-1500), "−1\u{202f}500");
    }
}
