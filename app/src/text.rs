//! Text from outside (forms, imported files) as it may be stored and sent:
//! names on one line, and nothing invisible that could break a mail header.
//!
//! A line break in a name (Alt+Enter in an Excel cell, or pasted) cannot be
//! written into a mail header; the mail library panicked on it. So names are
//! made one line on every way in, and again when a mail is built.

/// Line breaks and other characters that are not text: the control
/// characters (tab, CR, LF, NUL, DEL, the C1 range with NEL) and the Unicode
/// line and paragraph separators.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// True when the text has any character of [`is_control`].
pub fn has_control(text: &str) -> bool {
    text.chars().any(is_control)
}

/// A name or other one-line text: every run of spaces, tabs, line breaks and
/// other control characters becomes one space, and the ends are trimmed.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || is_control(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_breaks_tabs_and_separators_become_one_space() {
        assert_eq!(one_line("Anna\nLind"), "Anna Lind");
        assert_eq!(one_line("Anna\r\nLind"), "Anna Lind");
        assert_eq!(one_line(" Sara\r\nNord\t\u{2028}Ek "), "Sara Nord Ek");
        assert_eq!(one_line("Per\u{2029}Holm\u{85}"), "Per Holm");
        assert_eq!(one_line("Kim\u{0}\u{7f}Ek"), "Kim Ek");
        assert_eq!(one_line("Anna  Lind"), "Anna Lind");
        assert_eq!(one_line("\n\t "), "");
    }

    #[test]
    fn ordinary_names_are_left_alone() {
        for name in [
            "Åsa Öberg",
            "Lind, Anna",
            "Chef \"international\"",
            "Ågren-Ek",
        ] {
            assert_eq!(one_line(name), name);
            assert!(!has_control(name));
        }
    }

    #[test]
    fn control_characters_are_recognised() {
        for c in [
            '\n', '\r', '\t', '\u{0}', '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}',
        ] {
            assert!(is_control(c), "{c:?}");
        }
        for c in [' ', 'a', 'å', '-', '\u{a0}'] {
            assert!(!is_control(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn the_result_is_one_clean_line(text in "\\PC*|[\\s\\x00-\\x1f\\u{2028}\\u{2029}a-zå]*") {
            let line = one_line(&text);
            prop_assert!(!has_control(&line));
            prop_assert!(!line.contains("  "));
            prop_assert_eq!(line.trim(), line.as_str());
            prop_assert_eq!(one_line(&line), line.clone());
        }
    }
}
