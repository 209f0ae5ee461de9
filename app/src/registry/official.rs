//! Sweden's 290 municipalities as SCB lists them, so coordinators pick instead of typing.

use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficialMunicipality {
    pub code: &'static str,
    pub name: &'static str,
    pub county: &'static str,
}

const SOURCE: &str = include_str!("../../data/municipalities.csv");

/// Every municipality, in kommunkod order.
pub fn official_municipalities() -> &'static [OfficialMunicipality] {
    static LIST: OnceLock<Vec<OfficialMunicipality>> = OnceLock::new();
    LIST.get_or_init(|| {
        SOURCE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("kommunkod"))
            .filter_map(|line| {
                let mut parts = line.split(';');
                Some(OfficialMunicipality {
                    code: parts.next()?,
                    name: parts.next()?,
                    county: parts.next()?,
                })
            })
            .collect()
    })
}

pub fn official_municipality(code: &str) -> Option<&'static OfficialMunicipality> {
    official_municipalities().iter().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_list_has_290_unique_valid_codes_in_21_counties() {
        let all = official_municipalities();
        assert_eq!(all.len(), 290);
        let codes: HashSet<_> = all.iter().map(|m| m.code).collect();
        assert_eq!(codes.len(), 290);
        assert!(all
            .iter()
            .all(|m| super::super::is_valid_municipality_code(m.code)));
        let counties: HashSet<_> = all.iter().map(|m| m.county).collect();
        assert_eq!(counties.len(), 21);
        assert!(all
            .iter()
            .all(|m| m.county.ends_with(" län") && !m.name.is_empty()));
    }

    #[test]
    fn the_eu_coach_municipalities_are_there() {
        for (code, name) in [
            ("1080", "Karlskrona"),
            ("0781", "Ljungby"),
            ("0881", "Nybro"),
            ("1081", "Ronneby"),
            ("0684", "Sävsjö"),
            ("0687", "Tranås"),
            ("0780", "Växjö"),
        ] {
            assert_eq!(official_municipality(code).map(|m| m.name), Some(name));
        }
        assert_eq!(official_municipality("9999"), None);
    }
}
