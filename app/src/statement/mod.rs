//! The accessibility statement (tillgänglighetsredogörelse) that the act
//! (2018:1937) on accessibility of digital public services requires, with
//! the parts the guidance of the Agency for Digital Government (DIGG) asks
//! for: who publishes the service, how far it complies, the content that is
//! not accessible and why, how and when it was assessed, when the statement
//! was last updated, how to report a problem, and DIGG's notification form.
//!
//! An administrator keeps it; until one has saved it, the page shows the
//! text that ships with Nuläge ([`Statement::shipped`]), which says only
//! what the product's own tests show.
//!
//! This module is pure: the statement and the rules of the form. The pages
//! are in [`pages`], the server functions in [`api`], the SQL in
//! `crate::db::statement`.

pub mod api;
pub mod pages;

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// DIGG's form for reporting a lack of accessibility (anmälan).
pub const DIGG_REPORT_URL: &str = "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet";

/// The ids (and names) of the edit form's fields.
pub const ORGANISATION_FIELD: &str = "organisation";
pub const SERVICE_FIELD: &str = "service";
pub const COMPLIANCE_FIELD: &str = "compliance";
pub const GAPS_FIELD: &str = "gaps";
pub const ASSESSED_ON_FIELD: &str = "assessed_on";
pub const ASSESSMENT_FIELD: &str = "assessment";
pub const METHOD_FIELD: &str = "method";
pub const CONTACT_EMAIL_FIELD: &str = "contact_email";
pub const CONTACT_PHONE_FIELD: &str = "contact_phone";
pub const REPLY_TIME_FIELD: &str = "reply_time";

/// The longest texts, in characters.
pub const NAME_MAX: usize = 200;
pub const GAPS_MAX: usize = 4000;
pub const METHOD_MAX: usize = 4000;
pub const PHONE_MAX: usize = 50;
pub const REPLY_TIME_MAX: usize = 200;

/// How far the service complies with the act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compliance {
    Full,
    Partial,
    NotCompliant,
}

impl Compliance {
    pub const ALL: [Compliance; 3] = [
        Compliance::Full,
        Compliance::Partial,
        Compliance::NotCompliant,
    ];

    /// The key in the form and in the database.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Full => "helt",
            Compliance::Partial => "delvis",
            Compliance::NotCompliant => "inte",
        }
    }

    pub fn parse(key: &str) -> Option<Compliance> {
        Compliance::ALL.into_iter().find(|c| c.key() == key.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Compliance::Full => lang.t("Helt förenlig", "Fully compliant"),
            Compliance::Partial => lang.t("Delvis förenlig", "Partially compliant"),
            Compliance::NotCompliant => lang.t("Inte förenlig", "Not compliant"),
        }
    }

    /// What the statement says of it, after the name of the service.
    pub fn sentence(self, lang: Lang) -> &'static str {
        match self {
            Compliance::Full => lang.t(
                "är helt förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service.",
                "is fully compliant with the Swedish act (2018:1937) on accessibility of digital public services.",
            ),
            Compliance::Partial => lang.t(
                "är delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.",
                "is partially compliant with the Swedish act (2018:1937) on accessibility of digital public services, because of the shortcomings described below.",
            ),
            Compliance::NotCompliant => lang.t(
                "är inte förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service. Bristerna beskrivs nedan.",
                "is not compliant with the Swedish act (2018:1937) on accessibility of digital public services. The shortcomings are described below.",
            ),
        }
    }
}

/// How the service was assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Assessment {
    /// A self-assessment (the organisation's own testing).
    SelfAssessment,
    /// An audit by someone outside the organisation.
    External,
}

impl Assessment {
    pub const ALL: [Assessment; 2] = [Assessment::SelfAssessment, Assessment::External];

    pub fn key(self) -> &'static str {
        match self {
            Assessment::SelfAssessment => "egen",
            Assessment::External => "extern",
        }
    }

    pub fn parse(key: &str) -> Option<Assessment> {
        Assessment::ALL.into_iter().find(|a| a.key() == key.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Assessment::SelfAssessment => lang.t(
                "Självskattning (egen granskning)",
                "Self-assessment (own testing)",
            ),
            Assessment::External => lang.t(
                "Extern granskning av någon utanför organisationen",
                "External audit by someone outside the organisation",
            ),
        }
    }
}

/// The statement as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The municipality or organisation that publishes the service; empty
    /// in the shipped text, which then names none.
    pub organisation: String,
    pub service: String,
    pub compliance: Compliance,
    /// The content that is not accessible and why: one item per line.
    pub gaps: String,
    /// The day of the latest assessment (local midnight), if there was one.
    pub assessed_on: Option<i64>,
    pub assessment: Assessment,
    /// How it was assessed: one paragraph per line.
    pub method: String,
    /// Where to report a problem: either or both may be empty.
    pub contact_email: String,
    pub contact_phone: String,
    pub reply_time: String,
    /// When an administrator last saved it; None for the shipped text.
    pub updated_at: Option<i64>,
}

impl Statement {
    /// The statement that ships with Nuläge: what the product's own tests
    /// show, partially compliant until the organisation has assessed the
    /// service itself, with no contact (the page then says whom to ask).
    pub fn shipped(lang: Lang) -> Statement {
        let gaps = [
            lang.t(
                "Filer som laddas ner (exporter i CSV- och Excelformat och mallen för registerimporten) och filer som laddas upp för import är inte granskade för tillgänglighet.",
                "Files to download (exports in CSV and Excel format and the template for the registry import) and files uploaded for import have not been reviewed for accessibility.",
            ),
            lang.t(
                "Breda tabeller, till exempel i analysen och projektregistret, rullas i sidled i en egen ruta på smala skärmar och vid stor förstoring.",
                "Wide tables, for example in the analysis and the project register, scroll sideways in a box of their own on narrow screens and when zoomed in.",
            ),
        ];
        let method = [
            lang.t(
                "Uppgifterna bygger på Nuläges automatiska tester, som körs för varje version av tjänsten.",
                "This is based on Nuläge's automated tests, which are run for every version of the service.",
            ),
            lang.t(
                "Verktyget axe kontrollerar i webbläsaren Chromium de krav i WCAG 2.1 nivå A och AA som går att testa automatiskt, på sidorna i varje huvudflöde: inloggning, registret, enkäter, kartläggningar, svarssidorna, analysen och utskicken. Automatiska tester hittar bara en del av de brister som kan finnas.",
                "The axe tool checks, in the Chromium browser, the requirements of WCAG 2.1 levels A and AA that can be tested automatically, on the pages of every main journey: logging in, the registry, questionnaires, survey rounds, the answer pages, the analysis and the mailings. Automated tests find only some of the shortcomings there may be.",
            ),
            lang.t(
                "Formulären testas både med och utan JavaScript, och fälten har etiketter som skärmläsare läser upp.",
                "The forms are tested both with and without JavaScript, and the fields have labels that screen readers read out.",
            ),
            lang.t(
                "Svarssidorna testas i 320 pixlars bredd, vilket motsvarar 400 % förstoring, och att ett svar kan sparas med enbart tangentbordet.",
                "The answer pages are tested at 320 pixels wide, which equals 400 % zoom, and for saving an answer with the keyboard alone.",
            ),
            lang.t(
                "Diagram visas alltid tillsammans med en tabell med samma siffror.",
                "Charts always come with a table of the same figures.",
            ),
            lang.t(
                "Tjänsten har inte testats manuellt med skärmläsare eller av personer som använder hjälpmedel.",
                "The service has not been tested by hand with screen readers or by people who use assistive technology.",
            ),
        ];
        Statement {
            organisation: String::new(),
            service: "Nuläge".into(),
            compliance: Compliance::Partial,
            gaps: gaps.join("\n"),
            assessed_on: None,
            assessment: Assessment::SelfAssessment,
            method: method.join("\n"),
            contact_email: String::new(),
            contact_phone: String::new(),
            reply_time: String::new(),
            updated_at: None,
        }
    }

    /// The content that is not accessible, one item per line.
    pub fn gap_items(&self) -> Vec<&str> {
        lines(&self.gaps)
    }

    /// The paragraphs of the method text.
    pub fn method_paragraphs(&self) -> Vec<&str> {
        lines(&self.method)
    }

    /// Whether the organisation has given a contact for reports.
    pub fn has_contact(&self) -> bool {
        !self.contact_email.is_empty() || !self.contact_phone.is_empty()
    }

    /// The phone number as a `tel:` link (digits and a leading +).
    pub fn phone_href(&self) -> String {
        let digits: String = self
            .contact_phone
            .chars()
            .enumerate()
            .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
            .map(|(_, c)| c)
            .collect();
        format!("tel:{digits}")
    }
}

/// Whom to contact while the organisation has given no contact.
pub fn default_contact(lang: Lang) -> &'static str {
    lang.t(
        "Kontakta den som samordnar kartläggningen i din kommun, till exempel den som skickade länken till enkäten till dig.",
        "Contact whoever coordinates the mapping in your municipality, for example the person who sent you the link to the questionnaire.",
    )
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The edit form as posted, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Posted {
    pub organisation: String,
    pub service: String,
    pub compliance: String,
    pub gaps: String,
    pub assessed_on: String,
    pub assessment: String,
    pub method: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub reply_time: String,
}

/// The posted statement as it is to be stored (without `updated_at`,
/// which saving sets), or every problem: (field id, message in Swedish).
/// `now` is the current time: an assessment cannot be dated after today.
pub fn check(posted: &Posted, now: i64) -> Result<Statement, Vec<(String, String)>> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut problem = |field: &str, message: String| problems.push((field.into(), message));

    let organisation = one_line(&posted.organisation);
    if organisation.is_empty() {
        problem(
            ORGANISATION_FIELD,
            "Skriv namnet på kommunen eller organisationen som står bakom tjänsten.".into(),
        );
    } else if too_long(&organisation, NAME_MAX) {
        problem(
            ORGANISATION_FIELD,
            max_message("Namnet på organisationen", NAME_MAX),
        );
    }
    let service = one_line(&posted.service);
    if service.is_empty() {
        problem(SERVICE_FIELD, "Skriv tjänstens namn.".into());
    } else if too_long(&service, NAME_MAX) {
        problem(SERVICE_FIELD, max_message("Tjänstens namn", NAME_MAX));
    }

    let compliance = Compliance::parse(&posted.compliance);
    if compliance.is_none() {
        problem(
            COMPLIANCE_FIELD,
            "Välj hur väl tjänsten uppfyller lagen: helt, delvis eller inte förenlig.".into(),
        );
    }
    let gaps = lines(&posted.gaps)
        .into_iter()
        .map(crate::text::one_line)
        .collect::<Vec<_>>()
        .join("\n");
    if too_long(&gaps, GAPS_MAX) {
        problem(
            GAPS_FIELD,
            max_message(
                "Beskrivningen av innehållet som inte är tillgängligt",
                GAPS_MAX,
            ),
        );
    } else {
        match compliance {
            Some(Compliance::Full) if !gaps.is_empty() => problem(
                GAPS_FIELD,
                "En helt förenlig tjänst har inget innehåll som inte är tillgängligt. Ta bort bristerna eller välj delvis förenlig.".into(),
            ),
            Some(Compliance::Partial | Compliance::NotCompliant) if gaps.is_empty() => problem(
                GAPS_FIELD,
                "Beskriv det innehåll som inte är tillgängligt och varför, en brist per rad.".into(),
            ),
            _ => {}
        }
    }

    let date = posted.assessed_on.trim();
    let assessed_on = if date.is_empty() {
        None
    } else {
        match crate::time::parse_date_stockholm(date) {
            None => {
                problem(
                    ASSESSED_ON_FIELD,
                    "Skriv datumet för bedömningen som ÅÅÅÅ-MM-DD, till exempel 2026-11-30.".into(),
                );
                None
            }
            Some(day) if day > now => {
                problem(
                    ASSESSED_ON_FIELD,
                    "Datumet för bedömningen kan inte vara senare än i dag.".into(),
                );
                None
            }
            Some(day) => Some(day),
        }
    };
    let assessment = Assessment::parse(&posted.assessment);
    if assessment.is_none() {
        problem(
            ASSESSMENT_FIELD,
            "Välj hur tjänsten bedömdes: självskattning eller extern granskning.".into(),
        );
    }
    let method = lines(&posted.method)
        .into_iter()
        .map(crate::text::one_line)
        .collect::<Vec<_>>()
        .join("\n");
    if too_long(&method, METHOD_MAX) {
        problem(
            METHOD_FIELD,
            max_message("Beskrivningen av bedömningen", METHOD_MAX),
        );
    }

    let contact_email = if posted.contact_email.trim().is_empty() {
        String::new()
    } else {
        match crate::email::parse_email(&posted.contact_email) {
            Ok(email) => email,
            Err(message) => {
                problem(CONTACT_EMAIL_FIELD, message);
                String::new()
            }
        }
    };
    let contact_phone = one_line(&posted.contact_phone);
    if too_long(&contact_phone, PHONE_MAX) {
        problem(CONTACT_PHONE_FIELD, max_message("Telefonnumret", PHONE_MAX));
    } else if !contact_phone.is_empty() && !is_phone(&contact_phone) {
        problem(
            CONTACT_PHONE_FIELD,
            "Skriv telefonnumret med siffror, till exempel 0470-410 00 eller +46 470 410 00."
                .into(),
        );
    }
    let reply_time = one_line(&posted.reply_time);
    if too_long(&reply_time, REPLY_TIME_MAX) {
        problem(REPLY_TIME_FIELD, max_message("Svarstiden", REPLY_TIME_MAX));
    } else if !reply_time.is_empty()
        && posted.contact_email.trim().is_empty()
        && contact_phone.is_empty()
    {
        problem(
            REPLY_TIME_FIELD,
            "Skriv en e-postadress eller ett telefonnummer som svarstiden gäller, eller ta bort svarstiden.".into(),
        );
    }

    match (compliance, assessment) {
        (Some(compliance), Some(assessment)) if problems.is_empty() => Ok(Statement {
            organisation,
            service,
            compliance,
            gaps,
            assessed_on,
            assessment,
            method,
            contact_email,
            contact_phone,
            reply_time,
            updated_at: None,
        }),
        _ => Err(problems),
    }
}

fn one_line(text: &str) -> String {
    crate::text::one_line(text)
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// As `crate::error::clean_text` words it.
fn max_message(what: &str, max: usize) -> String {
    format!("{what} får vara högst {max} tecken.")
}

/// Digits, spaces, hyphens and brackets, a + only first, and at least five digits.
fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits >= 5
        && text.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-02 12:00 in Stockholm.
    const NOW: i64 = 1_796_209_200;

    fn good() -> Posted {
        Posted {
            organisation: " Växjö kommun ".into(),
            service: "Nuläge".into(),
            compliance: "delvis".into(),
            gaps: "Exporterna är inte granskade.\r\n\r\n  Tabellerna rullas i sidled.  \n".into(),
            assessed_on: "2026-11-30".into(),
            assessment: "extern".into(),
            method: "Granskad av en konsult.".into(),
            contact_email: " Tillganglighet@Vaxjo.SE ".into(),
            contact_phone: "0470-410 00".into(),
            reply_time: "Vi svarar inom fem arbetsdagar.".into(),
        }
    }

    fn problems_of(posted: &Posted) -> Vec<(String, String)> {
        check(posted, NOW).expect_err("refused")
    }

    fn fields(problems: &[(String, String)]) -> Vec<&str> {
        problems.iter().map(|(f, _)| f.as_str()).collect()
    }

    #[test]
    fn the_clock_of_the_tests_is_the_second_of_december() {
        assert_eq!(crate::time::format_stockholm(NOW), "2026-12-02 12:00");
    }

    #[test]
    fn a_good_statement_is_cleaned_and_kept() {
        let s = check(&good(), NOW).unwrap();
        assert_eq!(s.organisation, "Växjö kommun");
        assert_eq!(s.compliance, Compliance::Partial);
        assert_eq!(s.assessment, Assessment::External);
        assert_eq!(
            s.gaps,
            "Exporterna är inte granskade.\nTabellerna rullas i sidled."
        );
        assert_eq!(
            s.gap_items(),
            [
                "Exporterna är inte granskade.",
                "Tabellerna rullas i sidled."
            ]
        );
        assert_eq!(s.contact_email, "tillganglighet@vaxjo.se");
        assert_eq!(s.phone_href(), "tel:047041000");
        assert_eq!(
            s.assessed_on,
            crate::time::parse_date_stockholm("2026-11-30")
        );
        assert!(s.has_contact());
    }

    #[test]
    fn status_and_assessment_are_one_of_their_keys() {
        for (key, compliance) in [
            ("helt", Compliance::Full),
            ("delvis", Compliance::Partial),
            ("inte", Compliance::NotCompliant),
        ] {
            assert_eq!(Compliance::parse(key), Some(compliance));
            assert_eq!(compliance.key(), key);
        }
        for bad in ["", "Helt", "helt förenlig", "ja", "delvis;"] {
            assert_eq!(Compliance::parse(bad), None, "{bad}");
            let posted = Posted {
                compliance: bad.into(),
                ..good()
            };
            assert_eq!(fields(&problems_of(&posted)), [COMPLIANCE_FIELD], "{bad}");
        }
        assert_eq!(Assessment::parse("egen"), Some(Assessment::SelfAssessment));
        assert_eq!(Assessment::parse("extern"), Some(Assessment::External));
        for bad in ["", "intern", "EGEN"] {
            let posted = Posted {
                assessment: bad.into(),
                ..good()
            };
            assert_eq!(fields(&problems_of(&posted)), [ASSESSMENT_FIELD], "{bad}");
        }
    }

    #[test]
    fn the_gaps_must_agree_with_the_status() {
        let full_with_gaps = Posted {
            compliance: "helt".into(),
            ..good()
        };
        let problems = problems_of(&full_with_gaps);
        assert_eq!(fields(&problems), [GAPS_FIELD]);
        assert!(problems[0].1.contains("helt förenlig"), "{problems:?}");
        for status in ["delvis", "inte"] {
            let no_gaps = Posted {
                compliance: status.into(),
                gaps: " \n\r\n ".into(),
                ..good()
            };
            let problems = problems_of(&no_gaps);
            assert_eq!(fields(&problems), [GAPS_FIELD], "{status}");
            assert!(problems[0].1.starts_with("Beskriv det innehåll"));
        }
        let full = Posted {
            compliance: "helt".into(),
            gaps: String::new(),
            ..good()
        };
        assert_eq!(check(&full, NOW).unwrap().gap_items(), Vec::<&str>::new());
    }

    #[test]
    fn texts_have_limits_with_clear_messages() {
        let long = |n: usize| "å".repeat(n);
        for (posted, field, words) in [
            (
                Posted {
                    organisation: long(NAME_MAX + 1),
                    ..good()
                },
                ORGANISATION_FIELD,
                "Namnet på organisationen får vara högst 200 tecken.",
            ),
            (
                Posted {
                    service: long(NAME_MAX + 1),
                    ..good()
                },
                SERVICE_FIELD,
                "Tjänstens namn får vara högst 200 tecken.",
            ),
            (
                Posted {
                    gaps: long(GAPS_MAX + 1),
                    ..good()
                },
                GAPS_FIELD,
                "får vara högst 4000 tecken.",
            ),
            (
                Posted {
                    method: long(METHOD_MAX + 1),
                    ..good()
                },
                METHOD_FIELD,
                "Beskrivningen av bedömningen får vara högst 4000 tecken.",
            ),
            (
                Posted {
                    contact_phone: "1".repeat(PHONE_MAX + 1),
                    ..good()
                },
                CONTACT_PHONE_FIELD,
                "Telefonnumret får vara högst 50 tecken.",
            ),
            (
                Posted {
                    reply_time: long(REPLY_TIME_MAX + 1),
                    ..good()
                },
                REPLY_TIME_FIELD,
                "Svarstiden får vara högst 200 tecken.",
            ),
        ] {
            let problems = problems_of(&posted);
            assert_eq!(fields(&problems), [field]);
            assert!(problems[0].1.contains(words), "{problems:?}");
        }
        // At the limit, accepted.
        let at_limit = Posted {
            organisation: long(NAME_MAX),
            gaps: long(GAPS_MAX),
            ..good()
        };
        assert!(check(&at_limit, NOW).is_ok());
        // Names are required.
        let empty = Posted {
            organisation: " \n ".into(),
            service: String::new(),
            ..good()
        };
        assert_eq!(
            fields(&problems_of(&empty)),
            [ORGANISATION_FIELD, SERVICE_FIELD]
        );
    }

    #[test]
    fn names_and_items_become_single_lines() {
        let posted = Posted {
            organisation: "Växjö\r\nkommun".into(),
            gaps: "En\tbrist\u{2028}på två rader\nEn till".into(),
            ..good()
        };
        let s = check(&posted, NOW).unwrap();
        assert_eq!(s.organisation, "Växjö kommun");
        assert_eq!(s.gap_items(), ["En brist på två rader", "En till"]);
    }

    #[test]
    fn the_email_follows_the_one_rule() {
        for bad in [
            "namn",
            "namn@kommun",
            "a b@kommun.se",
            "namn@kommun.se\nBcc: x@y.se",
        ] {
            let posted = Posted {
                contact_email: bad.into(),
                ..good()
            };
            let problems = problems_of(&posted);
            assert_eq!(fields(&problems), [CONTACT_EMAIL_FIELD], "{bad:?}");
            assert_eq!(
                Err(problems[0].1.clone()),
                crate::email::parse_email(bad),
                "{bad:?}"
            );
        }
        // Either contact may be left out, and both.
        let phone_only = Posted {
            contact_email: " ".into(),
            ..good()
        };
        assert_eq!(check(&phone_only, NOW).unwrap().contact_email, "");
        let none = Posted {
            contact_email: String::new(),
            contact_phone: String::new(),
            reply_time: String::new(),
            ..good()
        };
        assert!(!check(&none, NOW).unwrap().has_contact());
        // A reply time needs a contact it is for.
        let reply_only = Posted {
            reply_time: "Inom en vecka.".into(),
            ..none
        };
        assert_eq!(fields(&problems_of(&reply_only)), [REPLY_TIME_FIELD]);
    }

    #[test]
    fn phone_numbers_are_digits() {
        for good_phone in ["0470-410 00", "+46 470 410 00", "(0470) 41000"] {
            let posted = Posted {
                contact_phone: good_phone.into(),
                ..good()
            };
            assert!(check(&posted, NOW).is_ok(), "{good_phone}");
        }
        for bad in ["ring oss", "123", "0470+41000", "<script>"] {
            let posted = Posted {
                contact_phone: bad.into(),
                ..good()
            };
            assert_eq!(
                fields(&problems_of(&posted)),
                [CONTACT_PHONE_FIELD],
                "{bad}"
            );
        }
        let posted = Posted {
            contact_phone: "+46 (0)470-410 00".into(),
            ..good()
        };
        assert_eq!(
            check(&posted, NOW).unwrap().phone_href(),
            "tel:+46047041000"
        );
    }

    #[test]
    fn the_assessment_date_is_a_real_day_not_after_today() {
        for bad in [
            "30/11/2026",
            "2026-02-30",
            "i går",
            "2026-13-01",
            "20261130",
        ] {
            let posted = Posted {
                assessed_on: bad.into(),
                ..good()
            };
            let problems = problems_of(&posted);
            assert_eq!(fields(&problems), [ASSESSED_ON_FIELD], "{bad}");
            assert!(problems[0].1.contains("ÅÅÅÅ-MM-DD"), "{bad}");
        }
        let tomorrow = Posted {
            assessed_on: "2026-12-03".into(),
            ..good()
        };
        assert!(problems_of(&tomorrow)[0].1.contains("senare än i dag"));
        let today = Posted {
            assessed_on: "2026-12-02".into(),
            ..good()
        };
        assert!(check(&today, NOW).is_ok());
        let none = Posted {
            assessed_on: " ".into(),
            ..good()
        };
        assert_eq!(check(&none, NOW).unwrap().assessed_on, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = problems_of(&Posted::default());
        assert_eq!(
            fields(&problems),
            [
                ORGANISATION_FIELD,
                SERVICE_FIELD,
                COMPLIANCE_FIELD,
                ASSESSMENT_FIELD
            ]
        );
    }

    #[test]
    fn the_shipped_statement_passes_its_own_rules() {
        for lang in [Lang::Sv, Lang::En] {
            let s = Statement::shipped(lang);
            assert_eq!(s.compliance, Compliance::Partial);
            assert!(!s.has_contact());
            assert!(s.updated_at.is_none() && s.assessed_on.is_none());
            assert_eq!(s.gap_items().len(), 2);
            let posted = Posted {
                organisation: "Växjö kommun".into(),
                service: s.service.clone(),
                compliance: s.compliance.key().into(),
                gaps: s.gaps.clone(),
                assessed_on: String::new(),
                assessment: s.assessment.key().into(),
                method: s.method.clone(),
                ..Posted::default()
            };
            let checked = check(&posted, NOW).unwrap();
            assert_eq!((checked.gaps, checked.method), (s.gaps, s.method));
        }
    }
}
