//! Numbers and dates as people write them.

/// Reads a number as people write it: `1 234,5`, `1234.5`, `-3`, with spaces
/// or non-breaking spaces between the digits and a decimal comma or point.
/// No exponents, no thousands separators other than spaces, nothing else.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 100 {
        return None;
    }
    let mut number = String::with_capacity(text.len() + 2);
    let mut digits = false;
    let mut separator = false;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                digits = true;
                number.push(c);
            }
            ',' | '.' if !separator => {
                separator = true;
                if !digits {
                    number.push('0');
                }
                number.push('.');
            }
            // A sign only first, before any digit or separator.
            '-' | '\u{2212}' | '\u{2013}' if number.is_empty() => number.push('-'),
            '+' if number.is_empty() => number.push('+'),
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    if !digits {
        return None;
    }
    if number.ends_with('.') {
        number.push('0');
    }
    let n: f64 = number.parse().ok()?;
    if !n.is_finite() {
        return None;
    }
    Some(if n == 0.0 { 0.0 } else { n })
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`, year 1900–2200.
pub fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if !(1900..=2200).contains(&year) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---- parsing helpers -------------------------------------------------

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{202f}234"), Some(1234.0));
        assert_eq!(parse_number("1234.5"), Some(1234.5));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
        assert_eq!(parse_number("\u{2212}3"), Some(-3.0));
        assert_eq!(parse_number("+7"), Some(7.0));
        assert_eq!(parse_number(",5"), Some(0.5));
        assert_eq!(parse_number("5,"), Some(5.0));
        assert_eq!(parse_number("-0"), Some(0.0));
        assert!(parse_number("-0").unwrap().is_sign_positive());
        assert_eq!(parse_number("0012"), Some(12.0));
        for bad in [
            "", " ", "abc", "12a", "1,2,3", "1.234,5", "1e5", "NaN", "nan", "inf", "-inf",
            "infinity", ",", "-", "+-1", "1-", "--1", "0x10", "١٢", "1_000",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert_eq!(parse_number(&"9".repeat(400)), None);
        assert_eq!(parse_number(&"9".repeat(99)), Some(1e99));
    }

    #[test]
    fn dates() {
        for good in [
            "2026-03-31",
            "2024-02-29",
            "2000-02-29",
            "1900-01-01",
            "2200-12-31",
        ] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "",
            "2026-3-31",
            "2026-03-31 ",
            "31/03/2026",
            "2026-02-29",
            "1900-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "1899-12-31",
            "2201-01-01",
            "2026/03/31",
            "２０２６-03-31",
            "+026-03-31",
            "2026-03-3a",
        ] {
            assert!(!is_valid_date(bad), "{bad:?}");
        }
    }
}
