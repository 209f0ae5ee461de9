//! E-mail addresses: one rule for every address Nuläge reads — users,
//! contact persons, the registry import and the answers to e-mail
//! questions.

/// Why an address with a line break, tab or other control character is refused.
pub const EMAIL_CONTROL_ERROR: &str = "E-postadressen får inte innehålla radbrytningar, tabbar eller andra osynliga tecken. Skriv den på en rad, till exempel namn@kommun.se.";

/// An address as typed, trimmed and in lower case, or why it is refused. A
/// line break or other control character anywhere, even at the ends, is
/// refused rather than trimmed: an address is never guessed at.
pub fn parse_email(input: &str) -> Result<String, String> {
    if crate::text::has_control(input) {
        return Err(EMAIL_CONTROL_ERROR.into());
    }
    let email = input.trim().to_lowercase();
    if is_valid_email(&email) {
        Ok(email)
    } else {
        Err("Skriv en e-postadress i rätt format, till exempel namn@kommun.se.".into())
    }
}

/// A pragmatic e-mail check: one `@`, a local part, a domain with a dot, no
/// spaces, at most 254 characters.
pub fn is_valid_email(text: &str) -> bool {
    if text.is_empty() || text.len() > 254 {
        return false;
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    if domain.contains('@') || local.is_empty() || local.len() > 64 {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    if local.chars().any(|c| "()<>,;:\\\"[]".contains(c)) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        for good in [
            "namn@kommun.se",
            "förnamn.efternamn@växjö.se",
            "a+b@sub.example.org",
            "x@y.co",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        let long = format!("{}@{}.se", "a".repeat(64), "b".repeat(63));
        assert!(is_valid_email(&long));
        for bad in [
            "",
            "namn",
            "namn@",
            "@kommun.se",
            "namn@kommun",
            "namn@@kommun.se",
            "na@mn@kommun.se",
            "namn @kommun.se",
            "namn@kommun .se",
            "namn@.se",
            "namn@kommun.",
            "namn@kommun..se",
            "namn@-kommun.se",
            "namn@kommun.s",
            ".namn@kommun.se",
            "na..mn@kommun.se",
            "namn\u{a0}@kommun.se",
            "namn@kommun.se\n",
            "<namn>@kommun.se",
        ] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
        let too_long = format!("a@{}.se", "b".repeat(260));
        assert!(!is_valid_email(&too_long));
    }

    #[test]
    fn email_parsing() {
        assert_eq!(
            parse_email(" Anna.Lind@Kommun.SE ").unwrap(),
            "anna.lind@kommun.se"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@kommun.se",
            "anna@kommun",
            "a b@kommun.se",
            "a@@kommun.se",
            "a@kommun..se",
            "a@.kommun.se",
            "<a@b.se>",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_address_with_a_line_break_anywhere_is_refused() {
        for bad in [
            "anna@kommun.se\n",
            "\r\nanna@kommun.se",
            "anna@kommun.se\r\nBcc: alla@example.com",
            "anna\t@kommun.se",
            "anna@kommun.se\u{2028}",
            "anna@kommun.se\u{0}",
        ] {
            assert_eq!(
                parse_email(bad),
                Err(EMAIL_CONTROL_ERROR.to_string()),
                "{bad:?}"
            );
        }
        assert!(EMAIL_CONTROL_ERROR.contains("radbrytningar"));
        // Ordinary spaces around an address are still only trimmed.
        assert_eq!(parse_email("  anna@kommun.se ").unwrap(), "anna@kommun.se");
    }

    #[test]
    fn the_parser_and_the_check_agree() {
        for text in [
            "namn@kommun.se",
            "a@b.c",
            "x@y.co",
            "a@b",
            "<a@b.se>",
            "a..b@c.se",
        ] {
            assert_eq!(parse_email(text).is_ok(), is_valid_email(text), "{text}");
        }
        assert!(
            parse_email("a@b.c").is_err(),
            "a one-letter top domain is no address"
        );
    }
}
