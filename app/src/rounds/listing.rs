//! Which of a round's units the round page lists: a municipality, a state
//! and a page, read from the address (`?kommun=1280&lage=utkast&sida=2`).
//! A round of 2 000 units opens with the counts per municipality and the
//! first [`PAGE_SIZE`] units; nothing here reads the database.

use super::UnitState;
use serde::{Deserialize, Serialize};

/// Units listed on one page of the round page.
pub const PAGE_SIZE: usize = 100;

/// The states a coordinator filters by: one state, or every unit that has
/// not submitted (the ones to remind).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateFilter {
    #[default]
    All,
    NotSubmitted,
    Is(UnitState),
}

impl StateFilter {
    pub const ALL: [StateFilter; 6] = [
        StateFilter::All,
        StateFilter::NotSubmitted,
        StateFilter::Is(UnitState::NotOpened),
        StateFilter::Is(UnitState::Opened),
        StateFilter::Is(UnitState::Draft),
        StateFilter::Is(UnitState::Submitted),
    ];

    /// The value in the address; empty for every state.
    pub fn key(self) -> &'static str {
        match self {
            StateFilter::All => "",
            StateFilter::NotSubmitted => "inte_inskickad",
            StateFilter::Is(state) => state.key(),
        }
    }

    /// Unknown values list every state, as an empty one does.
    pub fn parse(key: &str) -> StateFilter {
        StateFilter::ALL
            .into_iter()
            .find(|f| f.key() == key.trim())
            .unwrap_or_default()
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            StateFilter::All => lang.t("Alla lägen", "Every status"),
            StateFilter::NotSubmitted => lang.t("Inte inskickade", "Not submitted"),
            StateFilter::Is(state) => state.label(lang),
        }
    }

    pub fn matches(self, state: UnitState) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::NotSubmitted => state != UnitState::Submitted,
            StateFilter::Is(wanted) => state == wanted,
        }
    }
}

/// What the round page lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// A municipality's code; None for every municipality.
    pub municipality: Option<String>,
    pub state: StateFilter,
    /// From 1.
    pub page: usize,
}

impl Listing {
    /// From the address's values. Anything unreadable means "the default":
    /// a bad address lists units rather than failing.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Listing {
        let municipality = get("kommun")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty() && c.len() <= 10 && c.chars().all(|c| c.is_ascii_digit()));
        let state = StateFilter::parse(&get("lage").unwrap_or_default());
        let page = get("sida")
            .and_then(|p| p.trim().parse::<usize>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        Listing {
            municipality,
            state,
            page,
        }
    }

    /// The address of this listing on the round's page, to `#enheter`.
    pub fn href(&self, round_id: &str) -> String {
        let mut query = Vec::new();
        if let Some(code) = &self.municipality {
            query.push(format!("kommun={code}"));
        }
        if self.state != StateFilter::All {
            query.push(format!("lage={}", self.state.key()));
        }
        if self.page > 1 {
            query.push(format!("sida={}", self.page));
        }
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        format!("/omgangar/{round_id}{query}#enheter")
    }

    /// The same filter on another page.
    pub fn on_page(&self, page: usize) -> Listing {
        Listing {
            page,
            ..self.clone()
        }
    }

    pub fn is_filtered(&self) -> bool {
        self.municipality.is_some() || self.state != StateFilter::All
    }

    pub fn matches(&self, municipality_code: &str, state: UnitState) -> bool {
        self.municipality
            .as_deref()
            .is_none_or(|code| code == municipality_code)
            && self.state.matches(state)
    }
}

/// Where one page of `matching` listed units starts and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// The page shown, from 1; a page past the end shows the last one.
    pub page: usize,
    pub pages: usize,
    /// Index of the first unit shown, and one past the last.
    pub start: usize,
    pub end: usize,
    pub matching: usize,
}

impl Paging {
    pub fn of(matching: usize, page: usize, size: usize) -> Paging {
        let size = size.max(1);
        let pages = matching.div_ceil(size).max(1);
        let page = page.clamp(1, pages);
        let start = ((page - 1) * size).min(matching);
        let end = (start + size).min(matching);
        Paging {
            page,
            pages,
            start,
            end,
            matching,
        }
    }
}

/// Where a form on the round page returns to: the listing it was posted
/// from when that is an address of this round's page, else the unit list.
pub fn back_to(round_id: &str, from: &str) -> String {
    let page = format!("/omgangar/{round_id}");
    let safe = !from.chars().any(|c| c.is_control() || c == '\\');
    match from.strip_prefix(&page) {
        Some(rest) if safe && (rest.starts_with('?') || rest.starts_with('#')) => from.to_string(),
        _ => format!("{page}#enheter"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn listing(pairs: &[(&str, &str)]) -> Listing {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Listing::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn the_address_chooses_municipality_state_and_page() {
        let l = listing(&[("kommun", "1280"), ("lage", "utkast"), ("sida", "3")]);
        assert_eq!(l.municipality.as_deref(), Some("1280"));
        assert_eq!(l.state, StateFilter::Is(UnitState::Draft));
        assert_eq!(l.page, 3);
        assert_eq!(
            l.href("r"),
            "/omgangar/r?kommun=1280&lage=utkast&sida=3#enheter"
        );
        assert!(l.is_filtered());
    }

    #[test]
    fn a_bad_address_lists_everything_from_the_first_page() {
        for pairs in [
            vec![],
            vec![("kommun", ""), ("lage", ""), ("sida", "")],
            vec![("kommun", "<script>"), ("lage", "allt"), ("sida", "-1")],
            vec![("kommun", "12801280128012801280"), ("sida", "0")],
            vec![("sida", "99999999999999999999999999")],
        ] {
            let l = listing(&pairs);
            assert_eq!(
                l,
                Listing {
                    page: 1,
                    ..Listing::default()
                },
                "{pairs:?}"
            );
            assert_eq!(l.href("r"), "/omgangar/r#enheter");
            assert!(!l.is_filtered());
        }
    }

    #[test]
    fn forms_return_only_to_the_same_round_page() {
        let back = "/omgangar/r1?kommun=1280&sida=2#enheter";
        assert_eq!(back_to("r1", back), back);
        for elsewhere in [
            "",
            "/omgangar/r2?kommun=1280",
            "/omgangar/r1x",
            "/omgangar/r1/utskick",
            "https://evil.example/omgangar/r1?x",
            "//evil.example/omgangar/r1?x",
            "/omgangar/r1?\r\nSet-Cookie: x",
            "/omgangar/r1?\\evil",
        ] {
            assert_eq!(
                back_to("r1", elsewhere),
                "/omgangar/r1#enheter",
                "{elsewhere:?}"
            );
        }
    }

    #[test]
    fn every_state_filter_reads_back_from_its_key() {
        for f in StateFilter::ALL {
            assert_eq!(StateFilter::parse(f.key()), f);
        }
    }

    #[test]
    fn not_submitted_is_every_state_but_submitted() {
        let f = StateFilter::NotSubmitted;
        assert!(f.matches(UnitState::NotOpened));
        assert!(f.matches(UnitState::Opened));
        assert!(f.matches(UnitState::Draft));
        assert!(!f.matches(UnitState::Submitted));
        let l = listing(&[("kommun", "1280"), ("lage", "inte_inskickad")]);
        assert!(l.matches("1280", UnitState::Draft));
        assert!(!l.matches("1281", UnitState::Draft));
        assert!(!l.matches("1280", UnitState::Submitted));
    }

    #[test]
    fn pages_cover_every_unit_once() {
        let p = Paging::of(2000, 1, 100);
        assert_eq!((p.page, p.pages, p.start, p.end), (1, 20, 0, 100));
        let p = Paging::of(2000, 20, 100);
        assert_eq!((p.start, p.end), (1900, 2000));
        // Past the end: the last page.
        let p = Paging::of(250, 9, 100);
        assert_eq!((p.page, p.pages, p.start, p.end), (3, 3, 200, 250));
        // Nothing matches: one empty page.
        let p = Paging::of(0, 4, 100);
        assert_eq!((p.page, p.pages, p.start, p.end), (1, 1, 0, 0));
        let covered: usize = (1..=3)
            .map(|n| {
                let p = Paging::of(250, n, 100);
                p.end - p.start
            })
            .sum();
        assert_eq!(covered, 250);
    }
}
