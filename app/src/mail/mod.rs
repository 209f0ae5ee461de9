//! E-mail to the units of a round: the kinds of mail, their Swedish
//! templates with placeholders, who a send reaches, the states of a queued
//! mail and the retry schedule. Pure: the queue is in `crate::db::mail`, the
//! sending worker in the server crate. Details: docs/MAIL.md.

pub mod api;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod pages;
pub mod plan;
#[cfg(feature = "ssr")]
pub mod reminders;

use crate::i18n::Lang;
use crate::rounds::UnitState;
use serde::{Deserialize, Serialize};

/// The three mails a round sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailKind {
    /// The first mail with the personal link.
    Invitation,
    /// To units that have not submitted.
    Reminder,
    /// Sent by itself when a unit submits.
    Thanks,
}

impl MailKind {
    pub const ALL: [MailKind; 3] = [MailKind::Invitation, MailKind::Reminder, MailKind::Thanks];

    /// Stable key, in the database and in addresses.
    pub fn key(self) -> &'static str {
        match self {
            MailKind::Invitation => "inbjudan",
            MailKind::Reminder => "paminnelse",
            MailKind::Thanks => "tack",
        }
    }

    pub fn parse(key: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MailKind::Invitation => lang.t("Inbjudan", "Invitation"),
            MailKind::Reminder => lang.t("Påminnelse", "Reminder"),
            MailKind::Thanks => lang.t("Tack för svaret", "Thank-you"),
        }
    }

    /// Invitations and reminders are useless without the link.
    pub fn needs_link(self) -> bool {
        matches!(self, MailKind::Invitation | MailKind::Reminder)
    }
}

/// The placeholders a template may use, each also a column of the
/// mail-merge file: name, and what it becomes (sv, en).
pub const PLACEHOLDERS: [(&str, &str, &str); 6] = [
    ("enhet", "enhetens namn", "the unit's name"),
    ("kommun", "kommunens namn", "the municipality's name"),
    ("kartläggning", "kartläggningens namn", "the round's name"),
    (
        "länk",
        "enhetens personliga länk",
        "the unit's personal link",
    ),
    (
        "sista_dag",
        "sista svarsdag, till exempel 2027-03-31 kl. 23:59",
        "the last day to answer",
    ),
    (
        "samordnare",
        "namnet på den som skickar",
        "the sender's name",
    ),
];

/// Stands for the secret of the unit's link in the subject and text of a
/// queued mail. The send queue keeps no link in plain text (a copy of the
/// database must open no answers): the worker puts the link's secret in
/// place of this when it sends the mail, unsealed with the link key
/// (docs/MAIL.md). Private-use characters, which no template or name holds.
pub const TOKEN_SLOT: &str = "\u{E000}länkens-hemlighet\u{E001}";

/// `text` with the link's secret in place of [`TOKEN_SLOT`].
pub fn fill_token(text: &str, token: &str) -> String {
    text.replace(TOKEN_SLOT, token)
}

/// What the placeholders become for one unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values {
    pub enhet: String,
    pub kommun: String,
    pub kartlaggning: String,
    pub lank: String,
    pub sista_dag: String,
    pub samordnare: String,
}

impl Values {
    pub fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "enhet" => &self.enhet,
            "kommun" => &self.kommun,
            "kartläggning" => &self.kartlaggning,
            "länk" => &self.lank,
            "sista_dag" => &self.sista_dag,
            "samordnare" => &self.samordnare,
            _ => return None,
        })
    }
}

/// A piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Brace(char),
    Placeholder(String),
}

/// Why a template cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` that is not one of [`PLACEHOLDERS`]; with the likely one meant.
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
    },
    /// A `{` without its `}` on the same line.
    Unclosed { start: String },
}

impl TemplateError {
    /// The error in Swedish, as shown next to the field.
    pub fn message(&self) -> String {
        match self {
            TemplateError::Unknown { name, suggestion } => {
                let meant = suggestion
                    .map(|s| format!(" Menar du {{{s}}}?"))
                    .unwrap_or_default();
                format!(
                    "{{{name}}} är ingen platshållare.{meant} Du kan använda {}.",
                    placeholder_list()
                )
            }
            TemplateError::Unclosed { start } => format!(
                "”{start}” saknar sin avslutande }}. Skriv {{{{ om du vill ha en klammerparentes i texten."
            ),
        }
    }
}

/// "{enhet}, {kommun}, … och {samordnare}".
pub fn placeholder_list() -> String {
    let names: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|(name, _, _)| format!("{{{name}}}"))
        .collect();
    let (last, rest) = names.split_last().expect("placeholders");
    format!("{} och {last}", rest.join(", "))
}

fn parse(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        if i > 0 {
            pieces.push(Piece::Text(&rest[..i]));
        }
        let after = &rest[i + 1..];
        if rest[i..].starts_with('}') {
            // "}}" is a literal brace; a lone "}" is text too.
            pieces.push(Piece::Brace('}'));
            rest = after.strip_prefix('}').unwrap_or(after);
            continue;
        }
        if let Some(tail) = after.strip_prefix('{') {
            pieces.push(Piece::Brace('{'));
            rest = tail;
            continue;
        }
        let line_end = after.find('\n').unwrap_or(after.len());
        let Some(close) = after[..line_end].find('}') else {
            let line = rest[i..].lines().next().unwrap_or_default();
            let start: String = line.chars().take(15).collect();
            return Err(TemplateError::Unclosed {
                start: start.trim_end().to_string(),
            });
        };
        let name = after[..close].trim().to_lowercase();
        if PLACEHOLDERS.iter().any(|(known, _, _)| *known == name) {
            pieces.push(Piece::Placeholder(name));
        } else {
            return Err(TemplateError::Unknown {
                suggestion: suggest(&name),
                name: after[..close].to_string(),
            });
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// The placeholder a misspelt name most likely meant: the same without
/// Swedish letters, or at most two edits away.
fn suggest(name: &str) -> Option<&'static str> {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'å' | 'ä' => 'a',
                'ö' => 'o',
                ' ' | '-' => '_',
                c => c,
            })
            .collect()
    };
    let folded = fold(name);
    PLACEHOLDERS
        .iter()
        .map(|(known, _, _)| (*known, edit_distance(&folded, &fold(known))))
        .filter(|(_, distance)| *distance <= 2)
        .min_by_key(|(_, distance)| *distance)
        .map(|(known, _)| known)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// Checks one text of a template.
pub fn check(template: &str) -> Result<(), TemplateError> {
    parse(template).map(|_| ())
}

/// The template with the unit's values; a template that does not parse is
/// returned as it is (templates are checked when saved).
pub fn render(template: &str, values: &Values) -> String {
    let Ok(pieces) = parse(template) else {
        return template.to_string();
    };
    let mut out = String::with_capacity(template.len() + 64);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Brace(c) => out.push(c),
            Piece::Placeholder(name) => out.push_str(values.get(&name).unwrap_or_default()),
        }
    }
    out
}

/// True when the template uses the placeholder.
pub fn uses(template: &str, placeholder: &str) -> bool {
    parse(template).is_ok_and(|pieces| {
        pieces
            .iter()
            .any(|p| matches!(p, Piece::Placeholder(name) if name == placeholder))
    })
}

/// The field ids of the template form.
pub const SUBJECT_FIELD: &str = "mall-amne";
pub const BODY_FIELD: &str = "mall-text";
pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 10_000;

/// Every problem of a template, with the id of its field.
pub fn validate(kind: MailKind, subject: &str, body: &str) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let subject = subject.trim();
    if subject.is_empty() {
        problems.push((SUBJECT_FIELD.into(), "Skriv en ämnesrad.".into()));
    } else if subject.chars().count() > MAX_SUBJECT {
        problems.push((
            SUBJECT_FIELD.into(),
            format!("Ämnesraden får vara högst {MAX_SUBJECT} tecken."),
        ));
    } else if subject.contains(['\n', '\r']) {
        problems.push((
            SUBJECT_FIELD.into(),
            "Ämnesraden får bara vara en rad.".into(),
        ));
    } else if let Err(e) = check(subject) {
        problems.push((SUBJECT_FIELD.into(), format!("Ämnesraden: {}", e.message())));
    }
    if body.trim().is_empty() {
        problems.push((BODY_FIELD.into(), "Skriv brevets text.".into()));
    } else if body.chars().count() > MAX_BODY {
        problems.push((
            BODY_FIELD.into(),
            format!("Texten får vara högst {MAX_BODY} tecken."),
        ));
    } else if let Err(e) = check(body) {
        problems.push((BODY_FIELD.into(), e.message()));
    } else if kind.needs_link() && !uses(body, "länk") {
        problems.push((
            BODY_FIELD.into(),
            format!(
                "{} måste innehålla {{länk}}, annars kan enheten inte svara.",
                match kind {
                    MailKind::Reminder => "Påminnelsen",
                    _ => "Inbjudan",
                }
            ),
        ));
    }
    problems
}

/// The built-in Swedish text of each kind: (subject, body).
pub fn default_template(kind: MailKind) -> (&'static str, &'static str) {
    match kind {
        MailKind::Invitation => (
            "{kartläggning}: svara senast {sista_dag}",
            "Hej!\n\n\
             {kommun} kartlägger hur förvaltningar och bolag arbetar internationellt i dag: \
             EU-projekt, vänorter, nätverk, utbyten och annat samarbete. Svaren blir en \
             nulägesanalys som visar var arbetet finns och var det saknas.\n\n\
             Vi vill gärna ha svar från {enhet}. Enkäten tar ungefär en kvart. Ni behöver \
             inget konto: öppna länken nedan. Ni kan spara och fortsätta senare, och dela \
             länken med en kollega.\n\n\
             {länk}\n\n\
             Svara senast {sista_dag}.\n\n\
             Länken är personlig för {enhet}. Sprid den inte utanför verksamheten.\n\n\
             Med vänliga hälsningar\n\
             {samordnare}",
        ),
        MailKind::Reminder => (
            "Påminnelse: {kartläggning}, svara senast {sista_dag}",
            "Hej!\n\n\
             Vi har ännu inte fått något svar från {enhet} i {kartläggning}. Varje \
             förvaltnings och bolags svar behövs för att bilden av kommunens internationella \
             arbete ska bli rättvisande, också när svaret är att ni inte arbetar \
             internationellt i dag.\n\n\
             Har ni redan börjat finns det ni sparat kvar: fortsätt med samma länk.\n\n\
             {länk}\n\n\
             Sista svarsdag är {sista_dag}.\n\n\
             Med vänliga hälsningar\n\
             {samordnare}",
        ),
        MailKind::Thanks => (
            "Tack för ert svar: {kartläggning}",
            "Hej!\n\n\
             Tack! Svaret från {enhet} har kommit in.\n\n\
             Fram till {sista_dag} kan ni se och ändra svaren med samma länk. Skicka då in \
             dem igen.\n\n\
             {länk}\n\n\
             Med vänliga hälsningar\n\
             {samordnare}",
        ),
    }
}

/// Which units a send reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Invitations: units that have no invitation queued or sent yet.
    NotInvited,
    /// Invitations: every target unit.
    All,
    /// Invitations: the units chosen in the form.
    Chosen,
    /// Reminders: every unit that has not submitted.
    NotSubmitted,
    /// Reminders: units with a saved draft.
    Drafts,
    /// Reminders: units that have saved nothing.
    Nothing,
}

impl Audience {
    pub const FOR_INVITATIONS: [Audience; 3] =
        [Audience::NotInvited, Audience::All, Audience::Chosen];
    pub const FOR_REMINDERS: [Audience; 3] =
        [Audience::NotSubmitted, Audience::Drafts, Audience::Nothing];

    pub fn key(self) -> &'static str {
        match self {
            Audience::NotInvited => "ej_inbjudna",
            Audience::All => "alla",
            Audience::Chosen => "valda",
            Audience::NotSubmitted => "ej_inskickade",
            Audience::Drafts => "utkast",
            Audience::Nothing => "inget",
        }
    }

    pub fn parse(key: &str) -> Option<Audience> {
        [Audience::FOR_INVITATIONS, Audience::FOR_REMINDERS]
            .concat()
            .into_iter()
            .find(|a| a.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Audience::NotInvited => lang.t(
                "Enheter som inte har fått någon inbjudan",
                "Units that have not been invited",
            ),
            Audience::All => lang.t("Alla enheter", "All units"),
            Audience::Chosen => lang.t("Enheter som jag väljer", "Units I choose"),
            Audience::NotSubmitted => lang.t(
                "Alla enheter som inte har skickat in",
                "All units that have not submitted",
            ),
            Audience::Drafts => lang.t(
                "Bara enheter som har börjat (sparat utkast)",
                "Only units that have started (saved a draft)",
            ),
            Audience::Nothing => lang.t(
                "Bara enheter som inte har sparat något",
                "Only units that have saved nothing",
            ),
        }
    }

    pub fn fits(self, kind: MailKind) -> bool {
        match kind {
            MailKind::Invitation => Audience::FOR_INVITATIONS.contains(&self),
            MailKind::Reminder => Audience::FOR_REMINDERS.contains(&self),
            MailKind::Thanks => false,
        }
    }

    /// Whether a unit in `state` (`invited`: has an invitation queued or
    /// sent; `chosen`: ticked in the form) is reached. A reminder never
    /// reaches a unit that has submitted.
    pub fn reaches(self, state: UnitState, invited: bool, chosen: bool) -> bool {
        match self {
            Audience::NotInvited => !invited,
            Audience::All => true,
            Audience::Chosen => chosen,
            Audience::NotSubmitted => state != UnitState::Submitted,
            Audience::Drafts => state == UnitState::Draft,
            Audience::Nothing => matches!(state, UnitState::NotOpened | UnitState::Opened),
        }
    }
}

/// Where a queued mail is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
    Queued,
    Sending,
    Sent,
    /// A temporary failure; tried again later.
    Retry,
    /// A permanent failure, or too many temporary ones.
    Failed,
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 6] = [
        JobState::Queued,
        JobState::Sending,
        JobState::Sent,
        JobState::Retry,
        JobState::Failed,
        JobState::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Sending => "sending",
            JobState::Sent => "sent",
            JobState::Retry => "retry",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            JobState::Queued => lang.t("I kö", "Queued"),
            JobState::Sending => lang.t("Skickas", "Sending"),
            JobState::Sent => lang.t("Skickat", "Sent"),
            JobState::Retry => lang.t("Försöker igen", "Will retry"),
            JobState::Failed => lang.t("Misslyckades", "Failed"),
            JobState::Cancelled => lang.t("Stoppat", "Stopped"),
        }
    }

    /// Still on its way: counts as sent for "not invited yet".
    pub fn pending_or_sent(self) -> bool {
        matches!(
            self,
            JobState::Queued | JobState::Sending | JobState::Sent | JobState::Retry
        )
    }
}

/// A worker writes that it is running at least every 30 seconds (and one SMTP
/// conversation takes at most 60); silence longer than this means no worker
/// is sending, and the e-mail page says so while mail waits.
pub const WORKER_SILENT_SECS: i64 = 120;

/// Whether the e-mail page should warn that no worker is sending: mail is
/// set up, `unfinished` mails wait (queued, being sent or to be retried),
/// and no worker has been heard from for [`WORKER_SILENT_SECS`] (`seen_at`:
/// the last sign of life, if any; `now`: Unix seconds).
pub fn worker_silent(enabled: bool, unfinished: usize, seen_at: Option<i64>, now: i64) -> bool {
    enabled && unfinished > 0 && seen_at.is_none_or(|at| now - at > WORKER_SILENT_SECS)
}

/// How many attempts a mail gets before a temporary failure counts as permanent.
pub const MAX_ATTEMPTS: i64 = 8;

/// Waits after the 1st, 2nd, … failed attempt, in units of the retry base
/// (a minute in production): 1, 5, 15, 30 minutes, 1, 2 and 4 hours — about
/// eight hours in all, longer than a relay's greylisting or a short outage.
const RETRY_STEPS: [i64; 7] = [1, 5, 15, 30, 60, 120, 240];

/// Seconds to wait after `failed_attempts` temporary failures, or None when
/// the mail has had all its attempts.
pub fn retry_delay(failed_attempts: i64, base_secs: i64) -> Option<i64> {
    if !(1..MAX_ATTEMPTS).contains(&failed_attempts) {
        return None;
    }
    let step = RETRY_STEPS[(failed_attempts as usize - 1).min(RETRY_STEPS.len() - 1)];
    Some(step * base_secs.max(1))
}

/// What a reply from the mail server means for the mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyClass {
    Accepted,
    /// Try again later: 4xx, no reply at all (connection, TLS, timeout), or
    /// an authentication failure (the server's settings, not the address).
    Temporary,
    /// The server refused this mail for good: 5xx.
    Permanent,
}

/// Classifies an SMTP reply code (None: no reply was had).
pub fn classify(code: Option<u16>) -> ReplyClass {
    match code {
        Some(200..=399) => ReplyClass::Accepted,
        // Authentication required / failed / too weak: fix the settings, then
        // the same mails go out; never a reason to give up on an address.
        Some(530 | 534 | 535 | 538) => ReplyClass::Temporary,
        Some(500..=599) => ReplyClass::Permanent,
        _ => ReplyClass::Temporary,
    }
}

/// How mail is set up on this server, as the server functions see it.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct MailConfig {
    /// SMTP is configured: the pages offer sending, and submissions are thanked.
    pub enabled: bool,
    /// The sender as recipients see it.
    pub from: String,
    pub rate_per_minute: u32,
    /// Public base URL without a trailing slash, for the personal links.
    pub base_url: String,
    /// Wakes the worker when mail is queued.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

#[cfg(feature = "ssr")]
impl MailConfig {
    /// The server's mail settings (disabled when none were provided).
    pub fn current() -> MailConfig {
        leptos::prelude::use_context::<MailConfig>().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            enhet: "Tekniska förvaltningen".into(),
            kommun: "Växjö".into(),
            kartlaggning: "Kartläggning 2027".into(),
            lank: "https://nulage.example.se/s/abc".into(),
            sista_dag: "2027-03-31 kl. 23:59".into(),
            samordnare: "Eva Ek".into(),
        }
    }

    #[test]
    fn placeholders_are_replaced() {
        let text =
            "Hej {enhet} i {kommun}! {kartläggning}: {länk} senast {sista_dag}. /{samordnare}";
        assert_eq!(
            render(text, &values()),
            "Hej Tekniska förvaltningen i Växjö! Kartläggning 2027: \
             https://nulage.example.se/s/abc senast 2027-03-31 kl. 23:59. /Eva Ek"
        );
    }

    #[test]
    fn placeholders_forgive_case_and_spaces_and_braces_can_be_written() {
        assert_eq!(render("{ Enhet }", &values()), "Tekniska förvaltningen");
        assert_eq!(render("{{enhet}} och }}", &values()), "{enhet} och }");
        assert_eq!(render("a } b", &values()), "a } b");
    }

    #[test]
    fn a_misspelt_placeholder_is_named_with_a_suggestion() {
        let error = check("Klicka på {lank}").unwrap_err();
        assert_eq!(
            error,
            TemplateError::Unknown {
                name: "lank".into(),
                suggestion: Some("länk")
            }
        );
        let message = error.message();
        assert!(message.starts_with("{lank} är ingen platshållare. Menar du {länk}?"));
        assert!(message
            .contains("{enhet}, {kommun}, {kartläggning}, {länk}, {sista_dag} och {samordnare}"));
        assert_eq!(
            check("{sista dag}").unwrap_err(),
            TemplateError::Unknown {
                name: "sista dag".into(),
                suggestion: Some("sista_dag")
            }
        );
        assert_eq!(
            check("{kartlaggning}").unwrap_err(),
            TemplateError::Unknown {
                name: "kartlaggning".into(),
                suggestion: Some("kartläggning")
            }
        );
        assert!(matches!(
            check("{förnamn}").unwrap_err(),
            TemplateError::Unknown {
                suggestion: None,
                ..
            }
        ));
    }

    #[test]
    fn an_unclosed_brace_is_an_error_even_when_one_follows_on_a_later_line() {
        let error = check("Hej {enhet\noch {kommun}").unwrap_err();
        assert_eq!(
            error,
            TemplateError::Unclosed {
                start: "{enhet".into()
            }
        );
        assert!(error.message().contains("saknar sin avslutande }"));
    }

    #[test]
    fn validation_names_the_field_of_every_problem() {
        assert_eq!(
            validate(MailKind::Invitation, " ", ""),
            vec![
                (SUBJECT_FIELD.to_string(), "Skriv en ämnesrad.".to_string()),
                (BODY_FIELD.to_string(), "Skriv brevets text.".to_string()),
            ]
        );
        let problems = validate(MailKind::Reminder, "Hej {enhet}", "Svara här: {lank}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, BODY_FIELD);
        assert!(problems[0].1.contains("Menar du {länk}?"));
        let problems = validate(MailKind::Invitation, "Hej", "Svara snart.");
        assert_eq!(
            problems[0].1,
            "Inbjudan måste innehålla {länk}, annars kan enheten inte svara."
        );
        assert!(validate(MailKind::Thanks, "Tack", "Tack för svaret.").is_empty());
        let problems = validate(MailKind::Thanks, &"x".repeat(201), "Tack");
        assert_eq!(problems[0].0, SUBJECT_FIELD);
    }

    #[test]
    fn the_default_templates_are_valid_and_carry_the_link() {
        for kind in MailKind::ALL {
            let (subject, body) = default_template(kind);
            assert!(validate(kind, subject, body).is_empty(), "{kind:?}");
            assert!(uses(body, "länk"), "{kind:?}");
            assert!(!render(body, &values()).contains('{'), "{kind:?}");
        }
    }

    #[test]
    fn reminders_never_reach_submitted_units() {
        for audience in Audience::FOR_REMINDERS {
            assert!(
                !audience.reaches(UnitState::Submitted, true, true),
                "{audience:?}"
            );
        }
        assert!(Audience::Drafts.reaches(UnitState::Draft, true, false));
        assert!(!Audience::Drafts.reaches(UnitState::Opened, true, false));
        assert!(Audience::Nothing.reaches(UnitState::Opened, true, false));
        assert!(Audience::Nothing.reaches(UnitState::NotOpened, true, false));
        assert!(!Audience::Nothing.reaches(UnitState::Draft, true, false));
        assert!(Audience::NotInvited.reaches(UnitState::NotOpened, false, false));
        assert!(!Audience::NotInvited.reaches(UnitState::NotOpened, true, false));
        assert!(Audience::Chosen.reaches(UnitState::Draft, true, true));
        assert!(!Audience::Chosen.fits(MailKind::Reminder));
        assert!(Audience::Drafts.fits(MailKind::Reminder));
        assert_eq!(Audience::parse("utkast"), Some(Audience::Drafts));
    }

    #[test]
    fn retries_back_off_then_give_up() {
        let minute = 60;
        let delays: Vec<Option<i64>> = (1..=8).map(|n| retry_delay(n, minute)).collect();
        assert_eq!(
            delays,
            vec![
                Some(60),
                Some(5 * 60),
                Some(15 * 60),
                Some(30 * 60),
                Some(60 * 60),
                Some(120 * 60),
                Some(240 * 60),
                None
            ]
        );
        // Never shorter than the one before.
        assert!(delays.windows(2).all(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => b >= a,
            _ => true,
        }));
        assert_eq!(retry_delay(0, minute), None);
        assert_eq!(retry_delay(1, 0), Some(1), "a zero base still waits");
    }

    #[test]
    fn replies_are_classified() {
        assert_eq!(classify(Some(250)), ReplyClass::Accepted);
        assert_eq!(classify(Some(421)), ReplyClass::Temporary);
        assert_eq!(classify(Some(451)), ReplyClass::Temporary);
        assert_eq!(classify(None), ReplyClass::Temporary);
        assert_eq!(classify(Some(550)), ReplyClass::Permanent);
        assert_eq!(classify(Some(553)), ReplyClass::Permanent);
        assert_eq!(classify(Some(535)), ReplyClass::Temporary);
    }

    #[test]
    fn the_page_warns_only_when_mail_waits_and_no_worker_was_heard_from() {
        let now = 1_000_000;
        assert!(worker_silent(true, 3, Some(now - 121), now));
        assert!(worker_silent(true, 1, None, now), "never started");
        assert!(!worker_silent(true, 3, Some(now - 120), now));
        assert!(!worker_silent(true, 3, Some(now - 5), now));
        assert!(
            !worker_silent(true, 0, Some(now - 600), now),
            "nothing waits"
        );
        assert!(!worker_silent(false, 3, None, now), "mail is not set up");
    }

    #[test]
    fn keys_round_trip() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.key()), Some(kind));
        }
        for state in JobState::ALL {
            assert_eq!(JobState::parse(state.key()), Some(state));
        }
    }
}
