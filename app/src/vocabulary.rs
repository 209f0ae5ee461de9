//! Shared word lists with stable keys: unit kinds and the priority themes.
//!
//! The keys are stored in the database and used in exports; never rename one.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Forvaltning,
    Bolag,
    Annat,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::Forvaltning, UnitKind::Bolag, UnitKind::Annat];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Forvaltning => "forvaltning",
            UnitKind::Bolag => "bolag",
            UnitKind::Annat => "annat",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UnitKind::Forvaltning => lang.t("förvaltning", "administration"),
            UnitKind::Bolag => lang.t("bolag", "company"),
            UnitKind::Annat => lang.t("annat", "other"),
        }
    }

    pub fn plural(self, lang: Lang) -> &'static str {
        match self {
            UnitKind::Forvaltning => lang.t("Förvaltningar", "Administrations"),
            UnitKind::Bolag => lang.t("Bolag", "Companies"),
            UnitKind::Annat => lang.t("Övriga enheter", "Other units"),
        }
    }

    /// Reads a kind the way people write it in a spreadsheet.
    pub fn parse(text: &str) -> Option<UnitKind> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "forvaltning" | "förvaltning" | "förvaltningar" | "administration" => {
                Some(UnitKind::Forvaltning)
            }
            "bolag" | "kommunalt bolag" | "aktiebolag" | "ab" | "company" => Some(UnitKind::Bolag),
            "annat" | "annan" | "övrigt" | "nämnd" | "stödfunktion" | "förbund" | "other" => {
                Some(UnitKind::Annat)
            }
            _ => None,
        }
    }
}

/// The priority themes of the mapping (section D of the default questionnaire),
/// also the municipality's own priority areas: (key, Swedish, English).
pub const THEMES: &[(&str, &str, &str)] = &[
    (
        "service_medborgardialog",
        "Service och medborgardialog",
        "Service and citizen dialogue",
    ),
    ("energi_miljo", "Energi och miljö", "Energy and environment"),
    (
        "infrastruktur_transporter",
        "Infrastruktur och transporter",
        "Infrastructure and transport",
    ),
    (
        "social_inkludering",
        "Social inkludering och integration",
        "Social inclusion and integration",
    ),
    ("utbildning", "Utbildning", "Education"),
    ("kultur_fritid", "Kultur och fritid", "Culture and leisure"),
    (
        "turism",
        "Turism och besöksnäring",
        "Tourism and visitor economy",
    ),
    (
        "halsa_omsorg",
        "Hälsa, omsorg och aktivt åldrande",
        "Health, care and active ageing",
    ),
    (
        "naringsliv_arbetsmarknad",
        "Näringsliv och arbetsmarknad",
        "Business and labour market",
    ),
    ("digitalisering", "Digitalisering", "Digitalisation"),
    ("jamstalldhet", "Jämställdhet", "Gender equality"),
];

pub fn theme_label(key: &str, lang: Lang) -> Option<&'static str> {
    THEMES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, sv, en)| lang.t(sv, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_as_people_write_them() {
        assert_eq!(
            UnitKind::parse(" Förvaltning "),
            Some(UnitKind::Forvaltning)
        );
        assert_eq!(UnitKind::parse("BOLAG"), Some(UnitKind::Bolag));
        assert_eq!(UnitKind::parse("nämnd"), Some(UnitKind::Annat));
        assert_eq!(UnitKind::parse("myndighet"), None);
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.key()), Some(kind));
        }
    }

    #[test]
    fn theme_keys_are_unique_ascii() {
        let mut keys: Vec<_> = THEMES.iter().map(|t| t.0).collect();
        assert!(keys
            .iter()
            .all(|k| k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), THEMES.len());
    }
}
