//! The one `<textarea>` of the product, whose content is escaped on the server.
//!
//! Leptos treats `<textarea>` like `<script>`: its children are written into
//! the server's HTML as they are, so a stored `</textarea><script>` would
//! close the field and run. The browser decodes character references inside
//! a textarea, so the server writes the text escaped and the field shows it
//! as typed; in the browser the text becomes a text node and needs nothing.

use leptos::prelude::*;

/// A multi-line field showing `value`. Attributes are given after `{..}`:
/// `<TextArea value=notes {..} id="notes" name="notes" rows="5"/>`.
#[component]
pub fn TextArea(#[prop(into)] value: String) -> impl IntoView {
    view! { <textarea>{for_raw_text(value)}</textarea> }
}

/// Text for an element whose content Leptos writes unescaped (`<title>`,
/// `<textarea>`): escaped when rendered on the server, as it is in the browser.
pub fn for_raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        escape_text(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// `&`, `<` and `>` as character references: enough for text content, where
/// quotes mean nothing.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_becomes_character_references() {
        assert_eq!(
            escape_text("</textarea><script>a && b</script>"),
            "&lt;/textarea&gt;&lt;script&gt;a &amp;&amp; b&lt;/script&gt;"
        );
        assert_eq!(escape_text("Växjö \"kommun\""), "Växjö \"kommun\"");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_stored_closing_tag_stays_inside_the_field() {
        // Components keep their state in a reactive owner, as on a page.
        let owner = Owner::new();
        let html = owner.with(|| {
            view! { <TextArea value={"</textarea><script>alert(1)</script>"} {..} id="x"/> }
                .to_html()
        });
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;"), "{html}");
        assert!(html.contains(r#"id="x""#), "{html}");
    }
}
