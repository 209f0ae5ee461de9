//! When two ways of writing a sector (verksamhetsområde) name the same
//! sector: the one rule used by the registry import, the sector page, the
//! unit search and anything else that compares what someone wrote with the
//! registry's sectors. Pure code: the caller supplies the sectors and their
//! aliases.
//!
//! # The rule
//!
//! A text names a sector when, read the way people write sector names, it
//! is the sector's Swedish name, its English name or one of its aliases; or
//! when it is the sector's key (`energi_va_avfall`) as written, case aside.
//!
//! "Read the way people write" is [`sector_match_key`]:
//! - case does not matter, for Å, Ä and Ö too; å, ä and ö stay letters of
//!   their own (as Swedish sorts them), so "Bostader" is not "Bostäder";
//! - spaces at the ends and between words do not matter;
//! - a name is a list of parts: "&", "+", ",", "/", ";", "_" and the words
//!   "och", "samt" and "and" separate them, and the order of the parts does
//!   not matter. "Kultur & fritid", "kultur/fritid", "Fritid och kultur" and
//!   "Kultur och fritid" are one sector;
//! - other punctuation, and a hyphen at the edge of a word ("Hälso- och
//!   sjukvård"), only separates words; a hyphen inside a word ("EU-frågor")
//!   is part of it.
//!
//! Abbreviations are not expanded: "VA" is *vatten och avlopp*, not
//! *vatten*, so "energi/VA/avfall" does not read as "Energi, vatten och
//! avfall" by the rule. The glossary's short form is instead an alias of
//! that sector, seeded by `migrations/0013_sector_aliases.sql`, which
//! administrators see on the sector page and may remove. The glossary's
//! other short forms ("socialtjänst & omsorg", "samhällsbyggnad & teknik",
//! "kultur & fritid", "näringsliv & arbetsmarknad") are the sectors' names
//! by the rule itself, so they need no alias.
//!
//! A text that names two sectors (one's name is another's alias, say) is
//! [`Match::Ambiguous`], reported with both; nothing ever picks one of them.

use serde::{Deserialize, Serialize};

/// A sector with every name it is known by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorNames {
    pub key: String,
    pub name_sv: String,
    pub name_en: String,
    /// Other names, as an administrator wrote them.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Words that separate the parts of a sector name, like "&" and "/".
const JOINING_WORDS: [&str; 3] = ["och", "samt", "and"];

/// Characters that separate the parts of a sector name.
fn joins_parts(c: char) -> bool {
    matches!(c, '&' | '+' | ',' | '/' | ';' | '_')
}

/// The form of a sector name that [the rule](self) compares: its parts,
/// lower case, each with single spaces between its words, sorted and joined
/// by "/". "Energi, vatten och avfall" is `avfall/energi/vatten`;
/// "energi/VA/avfall" is `avfall/energi/va`. Empty for a text without a
/// letter or digit.
pub fn sector_match_key(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut part: Vec<String> = Vec::new();
    let mut word = String::new();
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();

    fn end_word(word: &mut String, part: &mut Vec<String>, parts: &mut Vec<String>) {
        if word.is_empty() {
            return;
        }
        if JOINING_WORDS.contains(&word.as_str()) {
            end_part(part, parts);
        } else {
            part.push(std::mem::take(word));
        }
        word.clear();
    }
    fn end_part(part: &mut Vec<String>, parts: &mut Vec<String>) {
        if !part.is_empty() {
            parts.push(part.join(" "));
            part.clear();
        }
    }

    for (i, &c) in lower.iter().enumerate() {
        let inner_hyphen = c == '-'
            && i > 0
            && lower[i - 1].is_alphanumeric()
            && lower.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_hyphen {
            word.push(c);
        } else if joins_parts(c) {
            end_word(&mut word, &mut part, &mut parts);
            end_part(&mut part, &mut parts);
        } else {
            end_word(&mut word, &mut part, &mut parts);
        }
    }
    end_word(&mut word, &mut part, &mut parts);
    end_part(&mut part, &mut parts);
    parts.sort_unstable();
    parts.dedup();
    parts.join("/")
}

/// Which of a sector's names a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By<'a> {
    Key,
    Name,
    EnglishName,
    /// The alias, as stored.
    Alias(&'a str),
}

/// A sector a text names, and by which of its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    pub sector: &'a SectorNames,
    pub by: By<'a>,
}

impl Hit<'_> {
    /// "namn", "engelskt namn", "nyckel" or "alias (energi/VA/avfall)".
    pub fn as_what(&self) -> String {
        match self.by {
            By::Key => "nyckel".into(),
            By::Name => "namn".into(),
            By::EnglishName => "engelskt namn".into(),
            By::Alias(alias) => format!("alias ({alias})"),
        }
    }
}

/// What a text names among the sectors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match<'a> {
    /// No sector (or an empty text).
    Unknown,
    One(Hit<'a>),
    /// More than one sector, each once, in the order of the list.
    Ambiguous(Vec<Hit<'a>>),
}

impl<'a> Match<'a> {
    /// The sector, when exactly one is named.
    pub fn one(&self) -> Option<&'a SectorNames> {
        match self {
            Match::One(hit) => Some(hit.sector),
            _ => None,
        }
    }

    /// Every sector named (none, one or more).
    pub fn hits(&self) -> Vec<Hit<'a>> {
        match self {
            Match::Unknown => Vec::new(),
            Match::One(hit) => vec![*hit],
            Match::Ambiguous(hits) => hits.clone(),
        }
    }
}

/// The sectors with the match keys of their names worked out once, for
/// looking up many texts (every row of an import).
#[derive(Clone, Debug)]
pub struct SectorIndex<'a> {
    sectors: &'a [SectorNames],
    /// (match key, sector index, which name) for every name and alias.
    names: Vec<(String, usize, By<'a>)>,
}

impl<'a> SectorIndex<'a> {
    pub fn new(sectors: &'a [SectorNames]) -> SectorIndex<'a> {
        let mut names = Vec::new();
        for (i, s) in sectors.iter().enumerate() {
            names.push((sector_match_key(&s.name_sv), i, By::Name));
            names.push((sector_match_key(&s.name_en), i, By::EnglishName));
            for alias in &s.aliases {
                names.push((sector_match_key(alias), i, By::Alias(alias.as_str())));
            }
        }
        names.retain(|(key, _, _)| !key.is_empty());
        SectorIndex { sectors, names }
    }

    /// The sectors `text` names, by [the rule](self).
    pub fn find(&self, text: &str) -> Match<'a> {
        let exact = text.trim().to_lowercase();
        let wanted = sector_match_key(text);
        let mut hits: Vec<Hit<'a>> = Vec::new();
        for (i, sector) in self.sectors.iter().enumerate() {
            let by = if !exact.is_empty() && sector.key.to_lowercase() == exact {
                Some(By::Key)
            } else if wanted.is_empty() {
                None
            } else {
                self.names
                    .iter()
                    .find(|(key, index, _)| *index == i && *key == wanted)
                    .map(|(_, _, by)| *by)
            };
            if let Some(by) = by {
                hits.push(Hit { sector, by });
            }
        }
        match hits.len() {
            0 => Match::Unknown,
            1 => Match::One(hits[0]),
            _ => Match::Ambiguous(hits),
        }
    }
}

/// The sectors `text` names, by [the rule](self). For many texts against
/// the same sectors, build a [`SectorIndex`] once.
pub fn find_sector<'a>(text: &str, sectors: &'a [SectorNames]) -> Match<'a> {
    SectorIndex::new(sectors).find(text)
}

/// Whether two texts name the same sector by the rule (both read the same
/// and neither is empty). For comparing texts where no sector list is at
/// hand (a search among units).
pub fn same_sector_text(a: &str, b: &str) -> bool {
    let a = sector_match_key(a);
    !a.is_empty() && a == sector_match_key(b)
}

/// The sectors as a list for a message: their Swedish names with their
/// aliases, "Kommunledning; …; Energi, vatten och avfall (även
/// energi/VA/avfall); …" (semicolons, since names hold commas).
pub fn sector_list_text(sectors: &[SectorNames]) -> String {
    sectors
        .iter()
        .map(|s| {
            if s.aliases.is_empty() {
                s.name_sv.clone()
            } else {
                format!("{} (även {})", s.name_sv, s.aliases.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why `text` names no single sector, when it names several: each with the
/// name it matched, and what to do.
pub fn ambiguity_text(text: &str, hits: &[Hit<'_>]) -> String {
    let named: Vec<String> = hits
        .iter()
        .map(|h| format!("{} (som {})", h.sector.name_sv, h.as_what()))
        .collect();
    let keys: Vec<&str> = hits.iter().map(|h| h.sector.key.as_str()).collect();
    format!(
        "\"{}\" passar flera verksamhetsområden: {}. Skriv nyckeln ({}) i stället, eller be en administratör ta bort aliaset på sidan Verksamhetsområden.",
        crate::text::one_line(text),
        join_and(&named),
        keys.join(" eller ")
    )
}

/// "a", "a och b", "a, b och c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sectors of `migrations/0001_registry.sql` with the aliases of
    /// `migrations/0013_sector_aliases.sql`, read from the files.
    fn seeded() -> Vec<SectorNames> {
        let registry = include_str!("../../../migrations/0001_registry.sql");
        let mut sectors: Vec<SectorNames> = quoted_rows(registry, "INSERT INTO sector ")
            .into_iter()
            .map(|row| SectorNames {
                key: row[0].clone(),
                name_sv: row[1].clone(),
                name_en: row[2].clone(),
                aliases: Vec::new(),
            })
            .collect();
        assert_eq!(sectors.len(), 11);
        for (key, alias, match_key) in seeded_aliases() {
            assert_eq!(
                match_key,
                sector_match_key(&alias),
                "the migration's match key of {alias}"
            );
            sectors
                .iter_mut()
                .find(|s| s.key == key)
                .unwrap_or_else(|| panic!("{key} is not a seeded sector"))
                .aliases
                .push(alias);
        }
        sectors
    }

    /// (sector key, alias, match key) as the alias migration seeds them.
    fn seeded_aliases() -> Vec<(String, String, String)> {
        let aliases = include_str!("../../../migrations/0013_sector_aliases.sql");
        let rows = quoted_rows(aliases, "INSERT INTO sector_alias ");
        assert!(!rows.is_empty());
        rows.into_iter()
            .map(|row| (row[0].clone(), row[1].clone(), row[2].clone()))
            .collect()
    }

    /// The single-quoted strings of each line after `statement` up to its
    /// `;` — one row per line that holds any.
    fn quoted_rows(sql: &str, statement: &str) -> Vec<Vec<String>> {
        let start = sql.find(statement).expect("the statement");
        let body = &sql[start..];
        let body = &body[..body.find(";\n").expect("its end")];
        body.lines()
            .skip(1)
            .map(|line| {
                line.split('\'')
                    .skip(1)
                    .step_by(2)
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|row| !row.is_empty())
            .collect()
    }

    fn key_of<'a>(text: &str, sectors: &'a [SectorNames]) -> Option<&'a str> {
        find_sector(text, sectors).one().map(|s| s.key.as_str())
    }

    #[test]
    fn every_glossary_short_form_names_its_sector() {
        let sectors = seeded();
        // The sector row of the glossary in DOMAIN.md, as written there.
        for (text, key) in [
            ("kommunledning", "kommunledning"),
            ("utbildning", "utbildning"),
            ("socialtjänst & omsorg", "socialtjanst_omsorg"),
            ("samhällsbyggnad & teknik", "samhallsbyggnad_teknik"),
            ("kultur & fritid", "kultur_fritid"),
            ("miljö", "miljo"),
            ("näringsliv & arbetsmarknad", "naringsliv_arbetsmarknad"),
            ("energi/VA/avfall", "energi_va_avfall"),
            ("bostäder", "bostader"),
        ] {
            assert_eq!(key_of(text, &sectors), Some(key), "{text}");
        }
        // The short form with slashes is the alias; the others are the names.
        match find_sector("energi/VA/avfall", &sectors) {
            Match::One(hit) => assert_eq!(hit.by, By::Alias("energi/VA/avfall")),
            other => panic!("{other:?}"),
        }
        match find_sector("kultur & fritid", &sectors) {
            Match::One(hit) => assert_eq!(hit.by, By::Name),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn case_spaces_and_swedish_letters() {
        let sectors = seeded();
        for text in [
            "Energi, vatten och avfall",
            "ENERGI, VATTEN OCH AVFALL",
            "  energi ,vatten   och\tavfall ",
            "Energi/VA/Avfall",
            "ENERGI / VA / AVFALL",
            "Energi, VA och avfall",
            "energi & va & avfall",
            "energi_va_avfall",
            "ENERGI_VA_AVFALL",
            "Energy, water and waste",
        ] {
            assert_eq!(key_of(text, &sectors), Some("energi_va_avfall"), "{text}");
        }
        assert_eq!(key_of("RÄDDNINGSTJÄNST", &sectors), Some("raddningstjanst"));
        assert_eq!(key_of("Miljö", &sectors), Some("miljo"));
        assert_eq!(key_of("MILJÖ", &sectors), Some("miljo"));
        assert_eq!(key_of("Bostäder\u{a0}", &sectors), Some("bostader"));
        // Å, Ä and Ö are letters of their own: without them it is another word
        // (the key is the way to write a sector without them).
        assert_eq!(key_of("Raddningstjanst", &sectors), Some("raddningstjanst"));
        assert_eq!(key_of("Raddningstjanst AB", &sectors), None);
        assert_eq!(key_of("Miljo och teknik", &sectors), None);
        assert_eq!(sector_match_key("Övrigt"), sector_match_key("ÖVRIGT"));
        assert_ne!(sector_match_key("Övrigt"), sector_match_key("Ovrigt"));
    }

    #[test]
    fn and_lists_and_their_order() {
        let sectors = seeded();
        for text in [
            "Socialtjänst och omsorg",
            "Socialtjänst & omsorg",
            "socialtjänst + omsorg",
            "Socialtjänst/omsorg",
            "Socialtjänst, omsorg",
            "Socialtjänst samt omsorg",
            "Omsorg och socialtjänst",
            "socialtjänst och omsorg och omsorg",
            "Social services and care",
        ] {
            assert_eq!(
                key_of(text, &sectors),
                Some("socialtjanst_omsorg"),
                "{text}"
            );
        }
        assert_eq!(
            sector_match_key("Samhällsbyggnad och teknik"),
            "samhällsbyggnad/teknik"
        );
        assert_eq!(
            sector_match_key("Community planning and technical services"),
            "community planning/technical services"
        );
        // A part is its words: one word more or less is another sector.
        assert_eq!(key_of("Socialtjänst", &sectors), None);
        assert_eq!(key_of("Socialtjänst och äldreomsorg", &sectors), None);
        // Hyphens: at a word's edge they only separate, inside a word they stay.
        assert_eq!(
            sector_match_key("Hälso- och sjukvård"),
            sector_match_key("hälso och sjukvård")
        );
        assert_eq!(sector_match_key("EU-frågor"), "eu-frågor");
        assert_ne!(sector_match_key("EU-frågor"), sector_match_key("EU frågor"));
        // "och" inside a word is the word's.
        assert_eq!(sector_match_key("Kochkonst"), "kochkonst");
        assert_eq!(sector_match_key("Utbildning (skola)."), "utbildning skola");
    }

    #[test]
    fn unknown_and_empty() {
        let sectors = seeded();
        assert_eq!(find_sector("Rymdfart", &sectors), Match::Unknown);
        assert_eq!(find_sector("", &sectors), Match::Unknown);
        assert_eq!(find_sector("  ", &sectors), Match::Unknown);
        assert_eq!(find_sector("och", &sectors), Match::Unknown);
        assert_eq!(find_sector(" / & ", &sectors), Match::Unknown);
        assert_eq!(sector_match_key("och / &"), "");
        // VA alone is not expanded to anything.
        assert_eq!(find_sector("VA", &sectors), Match::Unknown);
        assert_eq!(
            find_sector("Energi, vatten och avlopp", &sectors),
            Match::Unknown
        );
        // A key is written as it is, case aside.
        assert_eq!(key_of("Kultur_Fritid", &sectors), Some("kultur_fritid"));
        assert_eq!(find_sector("kultur__fritid_x", &sectors), Match::Unknown);
    }

    #[test]
    fn a_text_naming_two_sectors_is_ambiguous_and_names_both() {
        let mut sectors = seeded();
        // An alias of one sector that is another's name.
        sectors
            .iter_mut()
            .find(|s| s.key == "samhallsbyggnad_teknik")
            .unwrap()
            .aliases
            .push("Miljö".into());
        let found = find_sector("miljö", &sectors);
        let Match::Ambiguous(hits) = &found else {
            panic!("{found:?}")
        };
        let keys: Vec<&str> = hits.iter().map(|h| h.sector.key.as_str()).collect();
        assert_eq!(keys, ["samhallsbyggnad_teknik", "miljo"]);
        assert_eq!(found.one(), None);
        assert_eq!(found.hits().len(), 2);
        let message = ambiguity_text("miljö", hits);
        assert!(
            message.contains("Samhällsbyggnad och teknik (som alias (Miljö))")
                && message.contains("och Miljö (som namn)")
                && message.contains("samhallsbyggnad_teknik eller miljo"),
            "{message}"
        );
        // The key still names one.
        assert_eq!(key_of("miljo", &sectors), Some("miljo"));

        // A key that is another sector's name is ambiguous too.
        let two = vec![
            SectorNames {
                key: "va".into(),
                name_sv: "Vatten och avlopp".into(),
                name_en: "Water and sewerage".into(),
                aliases: vec![],
            },
            SectorNames {
                key: "annat".into(),
                name_sv: "VA".into(),
                name_en: "Other".into(),
                aliases: vec![],
            },
        ];
        let found = find_sector("VA", &two);
        assert_eq!(found.hits().len(), 2, "{found:?}");
        assert_eq!(found.hits()[0].by, By::Key);
        assert_eq!(found.hits()[1].by, By::Name);
    }

    #[test]
    fn the_index_and_the_plain_function_agree() {
        let sectors = seeded();
        let index = SectorIndex::new(&sectors);
        for text in [
            "kultur & fritid",
            "energi/VA/avfall",
            "Rymdfart",
            "",
            "miljo",
        ] {
            assert_eq!(index.find(text), find_sector(text, &sectors), "{text}");
        }
        assert!(same_sector_text("Kultur & fritid", "kultur och fritid"));
        assert!(!same_sector_text("", ""));
        assert!(!same_sector_text("Kultur", "kultur och fritid"));
    }

    #[test]
    fn the_list_for_messages_has_names_and_aliases() {
        let list = sector_list_text(&seeded());
        assert!(
            list.starts_with("Kommunledning; Utbildning; Socialtjänst och omsorg;"),
            "{list}"
        );
        assert!(
            list.contains("; Energi, vatten och avfall (även energi/VA/avfall);"),
            "{list}"
        );
        assert!(list.ends_with("; Annat"), "{list}");
    }
}
