//! Demo data: the seven municipalities of the EU-coach programme, with their
//! administrations, companies and contacts. Loading it twice changes nothing.

use app::db::registry::{NewContact, NewMunicipality, NewUnit};
use app::db::{Db, DbError};
use std::fmt;

const F: &str = "forvaltning";
const B: &str = "bolag";

struct DemoMunicipality {
    code: &'static str,
    name: &'static str,
    county: &'static str,
    population: i64,
    /// Mail domain for the example addresses (the reserved `.example` top-level domain).
    domain: &'static str,
    /// The municipality's own priority areas (theme keys), as its strategy names them.
    priorities: &'static [&'static str],
    units: &'static [(&'static str, &'static str, &'static str)],
}

const MUNICIPALITIES: &[DemoMunicipality] = &[
    DemoMunicipality {
        code: "1080",
        name: "Karlskrona",
        county: "Blekinge län",
        population: 64_100,
        domain: "karlskrona.example",
        priorities: &[
            "naringsliv_arbetsmarknad",
            "infrastruktur_transporter",
            "utbildning",
        ],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Äldreförvaltningen", F, "socialtjanst_omsorg"),
            ("Förvaltningen för funktionsstöd", F, "socialtjanst_omsorg"),
            ("Kultur- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Idrotts- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Tekniska förvaltningen", F, "samhallsbyggnad_teknik"),
            ("Samhällsbyggnadsförvaltningen", F, "samhallsbyggnad_teknik"),
            ("Miljöförvaltningen", F, "miljo"),
            ("Arbetsmarknadsförvaltningen", F, "naringsliv_arbetsmarknad"),
            ("Karlskrona Moderbolag AB", B, "kommunledning"),
            ("Karlskronahem AB", B, "bostader"),
            ("Affärsverken Karlskrona AB", B, "energi_va_avfall"),
        ],
    },
    DemoMunicipality {
        code: "0781",
        name: "Ljungby",
        county: "Kronobergs län",
        population: 27_300,
        domain: "ljungby.example",
        priorities: &["naringsliv_arbetsmarknad", "utbildning"],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Barn- och utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Omsorgsförvaltningen", F, "socialtjanst_omsorg"),
            ("Kultur- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Tekniska förvaltningen", F, "samhallsbyggnad_teknik"),
            ("Ljungby Holding AB", B, "kommunledning"),
            ("Ljungbybostäder AB", B, "bostader"),
            ("Ljungby Energi AB", B, "energi_va_avfall"),
        ],
    },
    DemoMunicipality {
        code: "0881",
        name: "Nybro",
        county: "Kalmar län",
        population: 19_600,
        domain: "nybro.example",
        priorities: &["social_inkludering", "utbildning"],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Barn- och utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Samhällsbyggnadsförvaltningen", F, "samhallsbyggnad_teknik"),
            ("Kultur- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Nybro Kommunhus AB", B, "kommunledning"),
            ("Nybrobostäder AB", B, "bostader"),
            ("Nybro kommuns Fastighets AB", B, "bostader"),
            ("Nybro Energi AB", B, "energi_va_avfall"),
            ("Nybro Elnät AB", B, "energi_va_avfall"),
            ("Nybro Vatten och Avfall AB", B, "energi_va_avfall"),
        ],
    },
    DemoMunicipality {
        code: "1081",
        name: "Ronneby",
        county: "Blekinge län",
        population: 28_000,
        domain: "ronneby.example",
        priorities: &[
            "utbildning",
            "naringsliv_arbetsmarknad",
            "energi_miljo",
            "social_inkludering",
            "infrastruktur_transporter",
        ],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Äldreförvaltningen", F, "socialtjanst_omsorg"),
            ("Miljö- och byggnadsförvaltningen", F, "miljo"),
            ("Tekniska förvaltningen", F, "samhallsbyggnad_teknik"),
            ("Fritid- och kulturförvaltningen", F, "kultur_fritid"),
            ("AB Ronnebyhus", B, "bostader"),
            ("AB Ronneby Helsobrunn", B, "bostader"),
            ("Ronneby Miljö och Teknik AB", B, "energi_va_avfall"),
            (
                "AB Ronneby Industrifastigheter",
                B,
                "naringsliv_arbetsmarknad",
            ),
            ("Ronneby Brunn Evenemang AB", B, "kultur_fritid"),
        ],
    },
    DemoMunicipality {
        code: "0684",
        name: "Sävsjö",
        county: "Jönköpings län",
        population: 10_800,
        domain: "savsjo.example",
        priorities: &["turism", "naringsliv_arbetsmarknad"],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Barn- och utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Omsorgsförvaltningen", F, "socialtjanst_omsorg"),
            ("Kultur- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Tekniska förvaltningen", F, "samhallsbyggnad_teknik"),
            ("Miljö- och byggförvaltningen", F, "miljo"),
            ("Räddningstjänsten", F, "raddningstjanst"),
            ("Sävsjö Stadshus AB", B, "kommunledning"),
            ("Sävsjö Energi AB", B, "energi_va_avfall"),
            ("Sävsjö Elnät AB", B, "energi_va_avfall"),
            ("Sävsjö Vatten AB", B, "energi_va_avfall"),
            ("Sävsjö Bostäder AB", B, "bostader"),
            ("Sävsjö Näringslivs AB", B, "naringsliv_arbetsmarknad"),
            (
                "Sävsjö Industrifastigheter AB",
                B,
                "naringsliv_arbetsmarknad",
            ),
            ("Sävsjö Fibernät AB", B, "samhallsbyggnad_teknik"),
        ],
    },
    DemoMunicipality {
        code: "0687",
        name: "Tranås",
        county: "Jönköpings län",
        population: 18_100,
        domain: "tranas.example",
        priorities: &["digitalisering", "naringsliv_arbetsmarknad"],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Barn- och utbildningsförvaltningen", F, "utbildning"),
            ("Socialförvaltningen", F, "socialtjanst_omsorg"),
            ("Samhällsbyggnadsförvaltningen", F, "samhallsbyggnad_teknik"),
            ("Tranås Stadshus AB", B, "kommunledning"),
            ("Tranåsbostäder AB", B, "bostader"),
            ("Tranås Energi AB", B, "energi_va_avfall"),
            ("Tranås Utveckling AB", B, "naringsliv_arbetsmarknad"),
        ],
    },
    DemoMunicipality {
        code: "0780",
        name: "Växjö",
        county: "Kronobergs län",
        population: 85_000,
        domain: "vaxjo.example",
        priorities: &["energi_miljo", "social_inkludering"],
        units: &[
            ("Kommunledningsförvaltningen", F, "kommunledning"),
            ("Utbildningsförvaltningen", F, "utbildning"),
            ("Förskoleförvaltningen", F, "utbildning"),
            ("Omsorgsförvaltningen", F, "socialtjanst_omsorg"),
            ("Arbete och välfärd", F, "naringsliv_arbetsmarknad"),
            ("Kultur- och fritidsförvaltningen", F, "kultur_fritid"),
            ("Stadsbyggnadsförvaltningen", F, "samhallsbyggnad_teknik"),
            ("Tekniska förvaltningen", F, "samhallsbyggnad_teknik"),
            ("Miljö- och hälsoskyddsförvaltningen", F, "miljo"),
            ("Växjö Kommunföretag AB", B, "kommunledning"),
            ("Växjöbostäder AB", B, "bostader"),
            ("Vidingehem AB", B, "bostader"),
            ("Växjö Energi AB", B, "energi_va_avfall"),
            ("VEAB Elnät AB", B, "energi_va_avfall"),
            ("Värendsvatten AB", B, "energi_va_avfall"),
            ("Växjö Fastighetsförvaltning AB", B, "bostader"),
            ("Videum AB", B, "naringsliv_arbetsmarknad"),
            ("Smålands Airport AB", B, "samhallsbyggnad_teknik"),
            ("Växjö Parkerings AB", B, "samhallsbyggnad_teknik"),
            ("Kulturparken Småland AB", B, "kultur_fritid"),
            ("Växjö Arena AB", B, "kultur_fritid"),
            ("Växjö Teater AB", B, "kultur_fritid"),
            ("Destination Växjö AB", B, "naringsliv_arbetsmarknad"),
        ],
    },
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Mikael", "Sara", "Anders", "Lena",
    "Per", "Emma", "Fredrik", "Ingrid", "Ahmed", "Sofia", "Jonas", "Helena", "Mats", "Fatima",
    "Olof", "Linnéa", "Henrik", "Åsa",
];
const LAST_NAMES: &[&str] = &[
    "Lindqvist",
    "Nilsson",
    "Bergström",
    "Johansson",
    "Åberg",
    "Karlsson",
    "Holm",
    "Svensson",
    "Öberg",
    "Persson",
    "Ekström",
    "Larsson",
    "Hassan",
    "Sjöberg",
    "Lundgren",
    "Björk",
    "Wallin",
    "Axelsson",
    "Nyström",
    "Engström",
    "Jönsson",
    "Ali",
    "Forsberg",
];
const ROLES: &[&str] = &[
    "Utvecklingsstrateg",
    "Förvaltningschef",
    "EU-samordnare",
    "Verksamhetsutvecklare",
    "Kvalitetsstrateg",
    "Enhetschef",
];

/// What a demo load did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub municipalities: usize,
    pub units: usize,
    pub contacts: usize,
    /// The demo round when this load added it: targets, submitted, drafts.
    pub round: Option<(usize, usize, usize)>,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Exempeldata inläst: {} kommuner, {} enheter, {} kontaktpersoner.",
            self.municipalities, self.units, self.contacts
        )?;
        if let Some((targets, submitted, drafts)) = self.round {
            write!(
                f,
                " Exempelkartläggning: {targets} enheter, {submitted} har skickat in, {drafts} utkast."
            )?;
        }
        Ok(())
    }
}

/// True for the municipalities the demo data adds.
pub fn is_demo_municipality(code: &str) -> bool {
    MUNICIPALITIES.iter().any(|m| m.code == code)
}

/// Turns "Åsa Öberg" into "asa.oberg" for an example address.
fn mailbox(first: &str, last: &str) -> String {
    format!("{first}.{last}")
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            other => other,
        })
        .collect()
}

/// Loads (or refreshes) the demo registry.
pub async fn load(db: &Db) -> Result<DemoSummary, DbError> {
    let mut summary = DemoSummary::default();
    // A running counter drives every choice, so that each load writes the same rows.
    let mut n = 0usize;
    for m in MUNICIPALITIES {
        let municipality_id = db
            .upsert_municipality(&NewMunicipality {
                code: m.code,
                name: m.name,
                county: m.county,
                population: Some(m.population),
            })
            .await?;
        summary.municipalities += 1;
        // Priorities someone has set are theirs; only a municipality without any gets the demo's.
        if db
            .municipality_priorities(&municipality_id)
            .await?
            .is_empty()
        {
            let priorities: Vec<String> = m.priorities.iter().map(|p| p.to_string()).collect();
            db.set_municipality_priorities(&municipality_id, &priorities)
                .await?;
        }
        for (name, kind, sector) in m.units {
            n += 1;
            let unit_id = db
                .upsert_unit(&municipality_id, &NewUnit { name, kind, sector })
                .await?;
            summary.units += 1;
            // Every seventh unit has no contact yet: a gap the registry must show.
            if n.is_multiple_of(7) {
                continue;
            }
            let contacts = if n.is_multiple_of(4) { 2 } else { 1 };
            for k in 0..contacts {
                let first = FIRST_NAMES[(n * 7 + k * 3) % FIRST_NAMES.len()];
                let last = LAST_NAMES[(n * 5 + k * 11) % LAST_NAMES.len()];
                let email = format!("{}@{}", mailbox(first, last), m.domain);
                let full_name = format!("{first} {last}");
                let phone = format!(
                    "0470-{:02} {:02} {:02}",
                    10 + n % 80,
                    (n * 3) % 100,
                    (n * 7 + k) % 100
                );
                db.upsert_contact(
                    &unit_id,
                    &NewContact {
                        name: &full_name,
                        email: &email,
                        phone: &phone,
                        role: ROLES[(n + k) % ROLES.len()],
                        // About half of the units have named an international contact.
                        is_international: k == 0 && n % 2 == 1,
                    },
                )
                .await?;
                summary.contacts += 1;
            }
        }
    }
    // The demo round uses the default questionnaire, which the server adds
    // at start; `nulage demo` may run before the server ever has.
    app::questionnaire::ensure_builtin(db).await?;
    summary.round = crate::demo_round::load(db).await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_counts_match_the_eu_coach_programme() {
        let expected = [
            ("Karlskrona", 11, 3),
            ("Ljungby", 6, 3),
            ("Nybro", 5, 6),
            ("Ronneby", 7, 5),
            ("Sävsjö", 8, 8),
            ("Tranås", 4, 4),
            ("Växjö", 9, 14),
        ];
        assert_eq!(MUNICIPALITIES.len(), expected.len());
        for (name, administrations, companies) in expected {
            let m = MUNICIPALITIES.iter().find(|m| m.name == name).unwrap();
            let count = |kind| m.units.iter().filter(|u| u.1 == kind).count();
            assert_eq!(count(F), administrations, "{name} förvaltningar");
            assert_eq!(count(B), companies, "{name} bolag");
        }
    }

    #[test]
    fn unit_names_are_unique_within_a_municipality() {
        for m in MUNICIPALITIES {
            let mut names: Vec<_> = m.units.iter().map(|u| u.0).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), m.units.len(), "{}", m.name);
        }
    }

    #[test]
    fn mailboxes_are_ascii() {
        assert_eq!(mailbox("Åsa", "Öberg"), "asa.oberg");
        assert_eq!(mailbox("Linnéa", "Ekström"), "linnea.ekstrom");
    }
}
