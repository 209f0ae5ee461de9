//! The analysis against hand-computed figures, every gap rule at its
//! boundary, and the seven municipalities of the EU-coach programme.

use super::*;
use crate::questionnaire::default::default_questionnaire;
use crate::questionnaire::model::Answer;

const DAY: i64 = 86_400;
const NOW: i64 = 20_000 * DAY;

fn txt(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| s.to_string()).collect())
}

/// A full, careful answer from a unit.
fn answer(activity: &str, strategy: &str, themes: &[&str]) -> Answers {
    let mut a = Answers::new();
    a.insert("svarande_namn".into(), txt("Anna Andersson"));
    a.insert("svarande_epost".into(), txt("anna@kommun.example"));
    a.insert("int_kontakt".into(), Answer::Bool(true));
    a.insert("int_kontakt_namn".into(), txt("Anna Andersson"));
    a.insert("aktivitetsniva".into(), txt(activity));
    if keys::ACTIVE_LEVELS.contains(&activity) {
        a.insert("former".into(), list(&["eu_projekt", "natverk"]));
        a.insert("finansiering".into(), list(&["interreg"]));
        a.insert("antal_projekt".into(), Answer::Number(2.0));
        a.insert(
            "natverk_medlemskap".into(),
            txt("Vi är med i Eurocities och i ett nordiskt nätverk för skolor."),
        );
        a.insert(
            "projekt".into(),
            Answer::Items(vec![project(
                "Nordiskt skolnätverk",
                "interreg",
                &["utbildning"],
            )]),
        );
    } else {
        a.insert(
            "varfor_inte".into(),
            txt("Vi har inte haft tid eller resurser att söka projekt."),
        );
    }
    a.insert("strategi".into(), txt(strategy));
    a.insert("eget_perspektiv".into(), txt("ja"));
    a.insert("teman".into(), list(themes));
    a.insert("agenda2030".into(), list(&["mal_4", "mal_13"]));
    a.insert("hinder".into(), list(&["tid", "resurser"]));
    a.insert("kompetensbehov".into(), list(&["eu_kunskap"]));
    a.insert("betydelse".into(), Answer::Number(4.0));
    a.insert(
        "goda_exempel".into(),
        txt("Utbytet med vår vänort gav nya idéer om hur vi tar emot nyanlända."),
    );
    a.insert(
        "ovrigt".into(),
        txt("Vi vill gärna veta mer om vilka fonder som passar oss."),
    );
    a
}

/// One item of the project group.
fn project(name: &str, funding: &str, themes: &[&str]) -> Answers {
    let mut p = Answers::new();
    p.insert("namn".into(), txt(name));
    p.insert("roll".into(), txt("partner"));
    p.insert("finansiering".into(), txt(funding));
    p.insert("teman".into(), list(themes));
    p.insert("status".into(), txt("pagaende"));
    p.insert(
        "resultat".into(),
        txt("En ny metod för språkintroduktion som används i ordinarie verksamhet."),
    );
    p
}

/// A hurried answer: every free text a word or two.
fn thin(mut a: Answers) -> Answers {
    for key in ["natverk_medlemskap", "varfor_inte", "goda_exempel"] {
        if a.contains_key(key) {
            a.insert(key.into(), txt("Nej"));
        }
    }
    a.remove("ovrigt");
    if let Some(Answer::Items(items)) = a.get_mut("projekt") {
        for item in items {
            item.insert("resultat".into(), txt("Inget än"));
        }
    }
    a
}

struct Builder {
    input: Input,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            input: Input {
                round: RoundInfo {
                    id: "r".into(),
                    name: "Kartläggning".into(),
                    closes_at: NOW + 30 * DAY,
                    closed: false,
                },
                questionnaire: default_questionnaire(),
                sectors: vec![
                    ("utbildning".into(), Text::new("Utbildning", "Education")),
                    ("miljo".into(), Text::new("Miljö", "Environment")),
                    (
                        "samhallsbyggnad_teknik".into(),
                        Text::new("Samhällsbyggnad och teknik", "Planning"),
                    ),
                    (
                        "socialtjanst_omsorg".into(),
                        Text::new("Socialtjänst och omsorg", "Social services"),
                    ),
                    (
                        "kultur_fritid".into(),
                        Text::new("Kultur och fritid", "Culture"),
                    ),
                    (
                        "energi_va_avfall".into(),
                        Text::new("Energi, vatten och avfall", "Energy"),
                    ),
                    ("bostader".into(), Text::new("Bostäder", "Housing")),
                ],
                municipalities: Vec::new(),
                targets: Vec::new(),
                previous: Vec::new(),
                now: NOW,
            },
        }
    }

    fn municipality(&mut self, name: &str, priorities: &[&str]) -> String {
        let id = format!("m-{}", self.input.municipalities.len());
        self.input.municipalities.push(MunicipalityInfo {
            id: id.clone(),
            code: format!("{:04}", 1000 + self.input.municipalities.len()),
            name: name.into(),
            priorities: priorities.iter().map(|s| s.to_string()).collect(),
            latest_round_closes_at: Some(NOW + 30 * DAY),
        });
        id
    }

    /// A unit; `state` decides where `answers` go.
    fn unit(
        &mut self,
        m: &str,
        name: &str,
        kind: UnitKind,
        sector: &str,
        state: UnitState,
        answers: Option<Answers>,
    ) {
        let (submitted, draft) = match state {
            UnitState::Submitted => (answers, None),
            UnitState::Draft => (None, answers),
            _ => (None, None),
        };
        self.input.targets.push(Target {
            unit_id: format!("u-{}", self.input.targets.len()),
            unit_name: name.into(),
            municipality_id: m.into(),
            kind,
            sector: sector.into(),
            registry_international_contact: true,
            state,
            last_activity_at: None,
            submitted,
            draft,
            carried: None,
        });
    }

    fn run(&self) -> Baseline {
        analyse(&self.input, &Options::default())
    }

    fn run_with(&self, thresholds: Thresholds) -> Baseline {
        analyse(
            &self.input,
            &Options {
                include_drafts: false,
                thresholds,
            },
        )
    }
}

fn rules(m: &MunicipalityBaseline) -> Vec<(Rule, Severity)> {
    m.flags.iter().map(|f| (f.rule, f.severity)).collect()
}

fn flag(m: &MunicipalityBaseline, rule: Rule) -> Option<&Flag> {
    m.flags.iter().find(|f| f.rule == rule)
}

fn has(m: &MunicipalityBaseline, rule: Rule) -> bool {
    flag(m, rule).is_some()
}

const SECTORS: [&str; 5] = [
    "utbildning",
    "samhallsbyggnad_teknik",
    "socialtjanst_omsorg",
    "kultur_fritid",
    "miljo",
];

/// `n` administrations in different sectors, the first `submitted` of them
/// submitted with a careful answer, the rest not opened.
fn units(b: &mut Builder, m: &str, n: usize, submitted: usize) {
    for i in 0..n {
        let state = if i < submitted {
            UnitState::Submitted
        } else {
            UnitState::NotOpened
        };
        let activity = ["strategiskt", "ad_hoc", "inte_alls"][i % 3];
        b.unit(
            m,
            &format!("Förvaltning {i}"),
            UnitKind::Forvaltning,
            SECTORS[i % SECTORS.len()],
            state,
            Some(answer(activity, "arbetar_efter", &["utbildning"])),
        );
    }
}

// ---------------------------------------------------------------------------
// Participation and distributions
// ---------------------------------------------------------------------------

#[test]
fn participation_by_state_kind_and_sector() {
    let mut b = Builder::new();
    let m = b.municipality("Nybro", &[]);
    let a = answer("strategiskt", "arbetar_efter", &["utbildning"]);
    b.unit(
        &m,
        "Barn- och utbildning",
        UnitKind::Forvaltning,
        "utbildning",
        UnitState::Submitted,
        Some(a.clone()),
    );
    b.unit(
        &m,
        "Kultur",
        UnitKind::Forvaltning,
        "kultur_fritid",
        UnitState::Draft,
        Some(a.clone()),
    );
    b.unit(
        &m,
        "Teknik",
        UnitKind::Forvaltning,
        "samhallsbyggnad_teknik",
        UnitState::Opened,
        None,
    );
    b.unit(
        &m,
        "Nybro Energi AB",
        UnitKind::Bolag,
        "energi_va_avfall",
        UnitState::Submitted,
        Some(a.clone()),
    );
    b.unit(
        &m,
        "Nybrohus AB",
        UnitKind::Bolag,
        "bostader",
        UnitState::NotOpened,
        None,
    );

    let base = b.run();
    let p = &base.municipalities[0].participation;
    assert_eq!(p.invited, 5);
    assert_eq!(p.states, [1, 1, 1, 2]);
    assert_eq!((p.answered, p.drafts_counted), (2, 0));
    assert!((p.rate - 0.4).abs() < 1e-12);
    let kinds: Vec<(&str, usize, usize)> = p
        .by_kind
        .iter()
        .map(|g| (g.key.as_str(), g.invited, g.answered))
        .collect();
    assert_eq!(kinds, vec![("forvaltning", 3, 1), ("bolag", 2, 1)]);
    let sectors: Vec<(&str, usize, usize)> = p
        .by_sector
        .iter()
        .map(|g| (g.key.as_str(), g.invited, g.answered))
        .collect();
    assert_eq!(
        sectors,
        vec![
            ("utbildning", 1, 1),
            ("samhallsbyggnad_teknik", 1, 0),
            ("kultur_fritid", 1, 0),
            ("energi_va_avfall", 1, 1),
            ("bostader", 1, 0),
        ]
    );
    let silent: Vec<&str> = p.silent.iter().map(|s| s.unit.name.as_str()).collect();
    assert_eq!(silent, vec!["Kultur", "Teknik", "Nybrohus AB"]);

    // Drafts count when asked, and are marked.
    let with_drafts = analyse(
        &b.input,
        &Options {
            include_drafts: true,
            thresholds: Thresholds::default(),
        },
    );
    let p = &with_drafts.municipalities[0].participation;
    assert_eq!((p.answered, p.drafts_counted), (3, 1));
    assert!(with_drafts.include_drafts);
    assert!(with_drafts.municipalities[0]
        .unit_themes
        .rows
        .iter()
        .any(|r| r.draft && r.unit.name == "Kultur"));
    assert_eq!(with_drafts.total.answered, 3);
}

#[test]
fn distributions_match_hand_counts() {
    let mut b = Builder::new();
    let m = b.municipality("Tranås", &[]);
    let mut answers = Vec::new();
    for (i, (activity, importance)) in [
        ("strategiskt", 1.0),
        ("ad_hoc", 2.0),
        ("ad_hoc", 3.0),
        ("inte_alls", 4.0),
    ]
    .into_iter()
    .enumerate()
    {
        let mut a = answer(activity, "arbetar_efter", &["utbildning"]);
        a.insert("betydelse".into(), Answer::Number(importance));
        if i == 0 {
            a.insert("former".into(), list(&["eu_projekt", "annat"]));
            a.insert("former.annat".into(), txt("Vänskolor i Polen"));
            a.insert("antal_projekt".into(), Answer::Number(5.0));
        }
        answers.push(a.clone());
        b.unit(
            &m,
            &format!("Enhet {i}"),
            UnitKind::Forvaltning,
            "utbildning",
            UnitState::Submitted,
            Some(a),
        );
    }
    let base = b.run();
    let q = |key: &str| {
        base.municipalities[0]
            .questions
            .iter()
            .find(|q| q.key == key)
            .unwrap()
            .clone()
    };

    // Single choice: shares of the four who answered.
    let activity = q("aktivitetsniva");
    assert_eq!((activity.shown, activity.answered), (4, 4));
    let SummaryBody::Choice {
        options, multiple, ..
    } = &activity.body
    else {
        panic!()
    };
    assert!(!multiple);
    let counts: Vec<(&str, usize, f64)> = options
        .iter()
        .map(|o| (o.key.as_str(), o.count, o.share))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("strategiskt", 1, 0.25),
            ("ad_hoc", 2, 0.5),
            ("tidigare", 0, 0.0),
            ("inte_alls", 1, 0.25)
        ]
    );

    // Multiple choice, shown only to the three active units; "Annat" last with its text.
    let forms = q("former");
    assert_eq!((forms.shown, forms.answered), (3, 3));
    let SummaryBody::Choice {
        options,
        multiple,
        other_texts,
    } = &forms.body
    else {
        panic!()
    };
    assert!(multiple);
    let eu = options.iter().find(|o| o.key == "eu_projekt").unwrap();
    assert_eq!((eu.count, eu.share), (3, 1.0));
    let network = options.iter().find(|o| o.key == "natverk").unwrap();
    assert_eq!(network.count, 2);
    assert!((network.share - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(options.last().unwrap().key, "annat");
    assert_eq!(options.last().unwrap().count, 1);
    assert_eq!(other_texts.len(), 1);
    assert_eq!(other_texts[0].text, "Vänskolor i Polen");
    assert_eq!(other_texts[0].unit.name, "Enhet 0");

    // Scale 1–5: mean 2.5, median 2.5, sample SD √(5/3).
    let SummaryBody::Numeric(importance) = q("betydelse").body else {
        panic!()
    };
    assert_eq!(importance.n, 4);
    assert!((importance.mean - 2.5).abs() < 1e-12);
    assert!((importance.median - 2.5).abs() < 1e-12);
    assert!((importance.sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!((importance.min, importance.max), (1.0, 4.0));
    assert_eq!(importance.scale, Some([1, 1, 1, 1, 0]));

    // Number: projects 5 + 2 + 2 from the three active units.
    let SummaryBody::Numeric(projects) = q("antal_projekt").body else {
        panic!()
    };
    assert_eq!((projects.n, projects.sum), (3, 9.0));
    assert!((projects.mean - 3.0).abs() < 1e-12);

    // Yes/no as two options.
    let SummaryBody::Choice { options, .. } = q("int_kontakt").body else {
        panic!()
    };
    assert_eq!((options[0].key.as_str(), options[0].count), ("ja", 4));

    // Free text is listed with the unit; personal details are only counted.
    let SummaryBody::Texts(quotes) = q("goda_exempel").body else {
        panic!()
    };
    assert_eq!(quotes.len(), 4);
    assert_eq!(quotes[3].unit.name, "Enhet 3");
    assert_eq!(q("svarande_namn").body, SummaryBody::Counted);
    assert_eq!(q("svarande_epost").body, SummaryBody::Counted);
    assert_eq!(q("svarande_epost").answered, 4);

    // Key figures.
    let f = &base.municipalities[0].figures;
    assert_eq!(f.active_share, Some(0.75));
    assert_eq!(f.strategic_share, Some(0.25));
    assert_eq!(f.strategy_known_share, Some(1.0));
    assert_eq!(f.contact_share, Some(1.0));
    assert_eq!(f.projects, Some(9.0));
    assert_eq!(f.importance, Some(2.5));

    // Obstacles ranked, most often named first; Agenda 2030 in goal order.
    let m0 = &base.municipalities[0];
    assert_eq!(m0.obstacles[0].count, 4);
    assert_eq!(m0.obstacles.last().unwrap().count, 0);
    assert_eq!(m0.agenda[3].key, "mal_4");
    assert_eq!(m0.agenda[3].count, 4);
}

#[test]
fn theme_matrices_count_units_and_mark_priorities() {
    let mut b = Builder::new();
    let a = b.municipality("Ljungby", &["utbildning", "digitalisering"]);
    let v = b.municipality("Växjö", &["energi_miljo"]);
    b.unit(
        &a,
        "A1",
        UnitKind::Forvaltning,
        "utbildning",
        UnitState::Submitted,
        Some(answer(
            "ad_hoc",
            "kanner_till",
            &["utbildning", "digitalisering"],
        )),
    );
    b.unit(
        &a,
        "A2",
        UnitKind::Forvaltning,
        "miljo",
        UnitState::Submitted,
        Some(answer("ad_hoc", "kanner_till", &["utbildning"])),
    );
    b.unit(
        &v,
        "V1",
        UnitKind::Bolag,
        "energi_va_avfall",
        UnitState::Submitted,
        Some(answer("ad_hoc", "kanner_till", &["energi_miljo"])),
    );
    let base = b.run();
    let matrix = &base.theme_matrix;
    let col = |key: &str| matrix.themes.iter().position(|(k, _)| k == key).unwrap();
    assert_eq!(matrix.rows[0].counts[col("utbildning")], 2);
    assert_eq!(matrix.rows[0].counts[col("digitalisering")], 1);
    assert_eq!(matrix.rows[1].counts[col("energi_miljo")], 1);
    assert!(matrix.rows[0].priorities[col("digitalisering")]);
    assert!(!matrix.rows[1].priorities[col("digitalisering")]);
    assert_eq!(matrix.totals[col("utbildning")], 2);
    let unit_rows = &base.municipalities[0].unit_themes;
    assert!(unit_rows.rows[0].chosen[col("digitalisering")]);
    assert!(!unit_rows.rows[1].chosen[col("digitalisering")]);
}

#[test]
fn trend_carries_every_earlier_round_and_this_one() {
    let mut b = Builder::new();
    let m = b.municipality("Ronneby", &[]);
    units(&mut b, &m, 3, 3);
    let earlier = |id: &str, name: &str, closes_at: i64, answered: usize| Previous {
        municipality_id: m.clone(),
        round_id: id.into(),
        round_name: name.into(),
        closes_at,
        figures: KeyFigures {
            invited: 4,
            answered,
            rate: answered as f64 / 4.0,
            ..KeyFigures::default()
        },
        themes: vec![ThemeCount {
            key: "utbildning".into(),
            label: Text::new("Utbildning", "Education"),
            count: answered,
        }],
        questions: Vec::new(),
    };
    b.input
        .previous
        .push(earlier("new", "Kartläggning 2025", NOW - 300 * DAY, 2));
    b.input
        .previous
        .push(earlier("old", "Kartläggning 2024", NOW - 700 * DAY, 1));
    // Another municipality's earlier round is not this one's.
    b.input.previous.push(Previous {
        municipality_id: "annan".into(),
        ..earlier("other", "Annan", NOW - 100 * DAY, 4)
    });
    let base = b.run();
    let trend = base.municipalities[0].trend.as_ref().unwrap();
    let names: Vec<&str> = trend.points.iter().map(|p| p.round_name.as_str()).collect();
    assert_eq!(names.len(), 3);
    assert_eq!(&names[..2], ["Kartläggning 2024", "Kartläggning 2025"]);
    assert_eq!(trend.points[1].figures.rate, 0.5);
    assert_eq!(trend.points[2].figures.rate, 1.0);
    assert_eq!(trend.points[2].round_id, base.round.id);
    assert_eq!(base.municipalities[0].figures.rate, 1.0);
    let col = trend
        .themes
        .iter()
        .position(|(k, _)| k == "utbildning")
        .unwrap();
    assert_eq!(trend.points[0].theme_counts[col], Some(1));
    assert_eq!(trend.points[1].theme_counts[col], Some(2));
    // This round's choice questions are compared with the newest earlier
    // round's, which has none: the other side is missing.
    let activity = trend
        .questions
        .iter()
        .find(|q| q.key == keys::ACTIVITY)
        .unwrap();
    assert_eq!(activity.answered_before, None);
    assert!(activity.options.iter().all(|o| o.before.is_none()));
}

// ---------------------------------------------------------------------------
// Every gap rule at its boundary
// ---------------------------------------------------------------------------

#[test]
fn response_rate_fires_under_the_limits_not_at_them() {
    let rate = |submitted: usize| {
        let mut b = Builder::new();
        let m = b.municipality("K", &[]);
        units(&mut b, &m, 4, submitted);
        flag(&b.run().municipalities[0], Rule::LowResponseRate).map(|f| f.severity)
    };
    assert_eq!(rate(4), None);
    assert_eq!(rate(3), None, "75 % is not under 75 %");
    assert_eq!(rate(2), Some(Severity::Varning), "50 % is not under 50 %");
    assert_eq!(rate(1), Some(Severity::Allvarlig));
    assert_eq!(rate(0), Some(Severity::Allvarlig));

    let mut b = Builder::new();
    let m = b.municipality("K", &[]);
    units(&mut b, &m, 4, 3);
    let base = b.run_with(Thresholds {
        low_response_rate: 76,
        ..Thresholds::default()
    });
    let f = flag(&base.municipalities[0], Rule::LowResponseRate).unwrap();
    assert_eq!(f.severity, Severity::Varning);
    assert_eq!(f.title.sv, "Svarsfrekvensen är 75 %");
    assert!(
        f.explanation
            .sv
            .contains("3 av 4 enheter har svarat, under gränsen 76 %"),
        "{}",
        f.explanation.sv
    );
    assert_eq!(f.units.len(), 1);
}

#[test]
fn a_kind_without_answers_is_serious_for_companies_and_administrations() {
    let mut b = Builder::new();
    let m = b.municipality("Tranås", &[]);
    units(&mut b, &m, 2, 2);
    b.unit(
        &m,
        "Tranås Energi AB",
        UnitKind::Bolag,
        "energi_va_avfall",
        UnitState::Draft,
        Some(answer("ad_hoc", "kanner_till", &[])),
    );
    b.unit(
        &m,
        "Tranåsbostäder AB",
        UnitKind::Bolag,
        "bostader",
        UnitState::NotOpened,
        None,
    );
    b.unit(
        &m,
        "Överförmyndarnämnden",
        UnitKind::Annat,
        "kultur_fritid",
        UnitState::NotOpened,
        None,
    );
    let base = b.run();
    let kind_flags: Vec<(Severity, String, usize)> = base.municipalities[0]
        .flags
        .iter()
        .filter(|f| f.rule == Rule::KindMissing)
        .map(|f| (f.severity, f.title.sv.clone(), f.units.len()))
        .collect();
    assert_eq!(
        kind_flags,
        vec![
            (Severity::Allvarlig, "Inget bolag har svarat".to_string(), 2),
            (
                Severity::Varning,
                "Ingen av de övriga enheterna har svarat".to_string(),
                1
            ),
        ]
    );
    // Counting drafts, the company has answered.
    let with_drafts = analyse(
        &b.input,
        &Options {
            include_drafts: true,
            thresholds: Thresholds::default(),
        },
    );
    assert!(!with_drafts.municipalities[0]
        .flags
        .iter()
        .any(|f| f.rule == Rule::KindMissing && f.title.sv.contains("bolag")));
}

#[test]
fn a_sector_without_answers_is_named_with_its_units() {
    let mut b = Builder::new();
    let m = b.municipality("Sävsjö", &[]);
    b.unit(
        &m,
        "Utbildning",
        UnitKind::Forvaltning,
        "utbildning",
        UnitState::Submitted,
        Some(answer("ad_hoc", "kanner_till", &[])),
    );
    b.unit(
        &m,
        "Tekniska",
        UnitKind::Forvaltning,
        "samhallsbyggnad_teknik",
        UnitState::Opened,
        None,
    );
    b.unit(
        &m,
        "Bygg och miljö",
        UnitKind::Forvaltning,
        "samhallsbyggnad_teknik",
        UnitState::NotOpened,
        None,
    );
    let base = b.run();
    let f = flag(&base.municipalities[0], Rule::SectorMissing).unwrap();
    assert_eq!(f.title.sv, "Inget svar från Samhällsbyggnad och teknik");
    assert_eq!(f.severity, Severity::Varning);
    let names: Vec<&str> = f.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["Tekniska", "Bygg och miljö"]);

    // Nobody answered at all: the response rate speaks, not every sector.
    let mut b = Builder::new();
    let m = b.municipality("Sävsjö", &[]);
    units(&mut b, &m, 3, 0);
    assert!(!has(&b.run().municipalities[0], Rule::SectorMissing));
}

#[test]
fn non_response_is_information_while_open_and_a_warning_after() {
    let mut b = Builder::new();
    let m = b.municipality("Ljungby", &[]);
    units(&mut b, &m, 3, 2);
    let f = flag(&b.run().municipalities[0], Rule::NonResponse)
        .unwrap()
        .clone();
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.title.sv, "1 av 3 enheter har inte svarat");
    assert_eq!(f.units[0].name, "Förvaltning 2");
    b.input.round.closed = true;
    let f = flag(&b.run().municipalities[0], Rule::NonResponse)
        .unwrap()
        .clone();
    assert_eq!(f.severity, Severity::Varning);

    let mut b = Builder::new();
    let m = b.municipality("Ljungby", &[]);
    units(&mut b, &m, 3, 3);
    assert!(!has(&b.run().municipalities[0], Rule::NonResponse));
}

#[test]
fn missing_contacts_warn_from_the_share_and_use_answer_before_registry() {
    let contacts = |n: usize, lacking_by_answer: usize, lacking_in_registry: usize| {
        let mut b = Builder::new();
        let m = b.municipality("Nybro", &[]);
        units(&mut b, &m, n, n - lacking_in_registry);
        for t in b.input.targets.iter_mut().take(lacking_by_answer) {
            // The registry says yes, but the unit answered no: the answer wins.
            t.submitted
                .as_mut()
                .unwrap()
                .insert("int_kontakt".into(), Answer::Bool(false));
        }
        for t in b.input.targets.iter_mut().rev().take(lacking_in_registry) {
            t.registry_international_contact = false;
        }
        flag(&b.run().municipalities[0], Rule::NoInternationalContact)
            .map(|f| (f.severity, f.units.len()))
    };
    assert_eq!(contacts(4, 0, 0), None);
    assert_eq!(
        contacts(4, 1, 0),
        Some((Severity::Varning, 1)),
        "1 of 4 is 25 %: fires at the threshold"
    );
    assert_eq!(
        contacts(5, 1, 0),
        Some((Severity::Info, 1)),
        "1 of 5 is 20 %: information only"
    );
    assert_eq!(
        contacts(5, 0, 1),
        Some((Severity::Info, 1)),
        "a silent unit is judged by the registry"
    );
    assert_eq!(contacts(5, 1, 1), Some((Severity::Varning, 2)));

    // A unit that answered yes counts as having one, whatever the registry says.
    let mut b = Builder::new();
    let m = b.municipality("Nybro", &[]);
    units(&mut b, &m, 2, 2);
    b.input.targets[0].registry_international_contact = false;
    assert!(!has(
        &b.run().municipalities[0],
        Rule::NoInternationalContact
    ));
}

#[test]
fn strategy_unknown_fires_at_the_share() {
    let unknown = |n: usize, k: usize| {
        let mut b = Builder::new();
        let m = b.municipality("Karlskrona", &[]);
        units(&mut b, &m, n, n);
        for (i, t) in b.input.targets.iter_mut().take(k).enumerate() {
            let value = if i % 2 == 0 {
                "kanner_inte_till"
            } else {
                "finns_ingen"
            };
            t.submitted
                .as_mut()
                .unwrap()
                .insert("strategi".into(), txt(value));
        }
        flag(&b.run().municipalities[0], Rule::StrategyUnknown)
            .map(|f| (f.title.sv.clone(), f.units.len()))
    };
    assert_eq!(
        unknown(5, 2),
        Some(("Strategin är okänd i 2 av 5 enheter".to_string(), 2)),
        "40 %"
    );
    assert_eq!(unknown(5, 1), None, "20 %");
    assert_eq!(unknown(3, 1), None, "33 % is under 40 %");
    assert_eq!(
        unknown(10, 4),
        Some(("Strategin är okänd i 4 av 10 enheter".to_string(), 4))
    );
    assert_eq!(unknown(10, 3), None);
}

/// Five answering units in five sectors; `active[i]` says whether unit i
/// works internationally, and `sector_of_active` puts the active ones in one sector.
fn concentration_case(active: &[bool], same_sector: usize) -> Baseline {
    let mut b = Builder::new();
    let m = b.municipality("Växjö", &[]);
    let mut placed = 0;
    for (i, is_active) in active.iter().enumerate() {
        let sector = if *is_active && placed < same_sector {
            placed += 1;
            "miljo"
        } else {
            SECTORS[i % 4]
        };
        let level = if *is_active {
            "strategiskt"
        } else {
            "inte_alls"
        };
        b.unit(
            &m,
            &format!("E{i}"),
            UnitKind::Forvaltning,
            sector,
            UnitState::Submitted,
            Some(answer(level, "arbetar_efter", &[])),
        );
    }
    b.run()
}

#[test]
fn few_active_units_fires_at_the_count() {
    let m = |active: &[bool]| concentration_case(active, 0).municipalities[0].clone();
    let two = m(&[true, true, false, false, false]);
    let f = flag(&two, Rule::FewActiveUnits).unwrap();
    assert_eq!(f.title.sv, "Internationellt arbete bara i 2 enheter");
    assert_eq!(f.units.len(), 2);
    assert!(!has(
        &m(&[true, true, true, false, false]),
        Rule::FewActiveUnits
    ));
    let none = m(&[false; 5]);
    assert_eq!(
        flag(&none, Rule::FewActiveUnits).unwrap().title.sv,
        "Ingen enhet arbetar internationellt i dag"
    );
    // Under the minimum number of answers, no concentration rule applies.
    assert!(!has(&m(&[true, false, false, false]), Rule::FewActiveUnits));
}

#[test]
fn concentration_in_one_sector_fires_at_the_share() {
    // 3 of 4 active units in Miljö: 75 %.
    let base = concentration_case(&[true, true, true, true, false], 3);
    let f = flag(&base.municipalities[0], Rule::ConcentratedSector).unwrap();
    assert_eq!(f.title.sv, "Internationellt arbete främst inom Miljö");
    assert_eq!(f.units.len(), 3);
    assert!(
        f.explanation.sv.starts_with("3 av 4 aktiva enheter (75 %)"),
        "{}",
        f.explanation.sv
    );
    // 3 of 5: 60 %.
    let base = concentration_case(&[true; 5], 3);
    assert!(!has(&base.municipalities[0], Rule::ConcentratedSector));
    // A lower threshold catches it.
    let mut b = Builder::new();
    let m = b.municipality("Växjö", &[]);
    for i in 0..5 {
        let sector = if i < 3 { "miljo" } else { SECTORS[i - 3] };
        b.unit(
            &m,
            &format!("E{i}"),
            UnitKind::Forvaltning,
            sector,
            UnitState::Submitted,
            Some(answer("ad_hoc", "arbetar_efter", &[])),
        );
    }
    assert!(!has(&b.run().municipalities[0], Rule::ConcentratedSector));
    assert!(has(
        &b.run_with(Thresholds {
            concentration_share: 60,
            ..Thresholds::default()
        })
        .municipalities[0],
        Rule::ConcentratedSector
    ));
}

#[test]
fn an_uncovered_priority_area_is_flagged() {
    let mut b = Builder::new();
    let m = b.municipality("Växjö", &["energi_miljo", "digitalisering", "inget_tema"]);
    b.unit(
        &m,
        "Miljö",
        UnitKind::Forvaltning,
        "miljo",
        UnitState::Submitted,
        Some(answer("strategiskt", "arbetar_efter", &["energi_miljo"])),
    );
    let base = b.run();
    let flags: Vec<&str> = base.municipalities[0]
        .flags
        .iter()
        .filter(|f| f.rule == Rule::PriorityUncovered)
        .map(|f| f.title.sv.as_str())
        .collect();
    assert_eq!(flags, vec!["Ingen enhet satsar på Digitalisering"]);
}

#[test]
fn thin_answers_count_words_in_most_free_text_fields() {
    let case = |words_in_example: usize, thin_units: usize, n: usize| {
        let mut b = Builder::new();
        let m = b.municipality("Nybro", &[]);
        units(&mut b, &m, n, n);
        for t in b.input.targets.iter_mut().take(thin_units) {
            let a = t.submitted.take().unwrap();
            let mut a = thin(a);
            a.insert(
                "goda_exempel".into(),
                txt(&vec!["ord"; words_in_example].join(" ")),
            );
            t.submitted = Some(a);
        }
        flag(&b.run().municipalities[0], Rule::ThinAnswers).map(|f| (f.severity, f.units.len()))
    };
    // Three free-text fields shown; two thin is most of them.
    assert_eq!(
        case(5, 1, 4),
        Some((Severity::Info, 1)),
        "one of four units: 25 %"
    );
    assert_eq!(
        case(5, 2, 4),
        Some((Severity::Varning, 2)),
        "50 %: fires at the share"
    );
    assert_eq!(case(5, 0, 4), None, "careful answers are not thin");
    let mut b = Builder::new();
    let m = b.municipality("Nybro", &[]);
    units(&mut b, &m, 2, 2);
    let mut a = b.input.targets[0].submitted.take().unwrap();
    a.remove("projekt");
    a.insert("goda_exempel".into(), txt("fyra ord bara här"));
    a.insert("ovrigt".into(), txt("fem ord är inte tunt"));
    b.input.targets[0].submitted = Some(a);
    assert!(
        !has(&b.run().municipalities[0], Rule::ThinAnswers),
        "one thin field of three"
    );
    let mut a = b.input.targets[0].submitted.take().unwrap();
    a.insert("ovrigt".into(), txt("fyra ord är tunt"));
    b.input.targets[0].submitted = Some(a);
    assert!(
        has(&b.run().municipalities[0], Rule::ThinAnswers),
        "two thin fields of three"
    );
    // Each project's results are a free-text field too: two careful
    // projects make the same answer four careful fields of six.
    let mut a = b.input.targets[0].submitted.take().unwrap();
    a.insert(
        "projekt".into(),
        Answer::Items(vec![
            project("Ett", "icld", &[]),
            project("Två", "icld", &[]),
        ]),
    );
    b.input.targets[0].submitted = Some(a.clone());
    assert!(!has(&b.run().municipalities[0], Rule::ThinAnswers));
    // With thin results they tip it back.
    let Some(Answer::Items(items)) = a.get_mut("projekt") else {
        unreachable!()
    };
    items[0].insert("resultat".into(), txt("Ja"));
    items[1].remove("resultat");
    b.input.targets[0].submitted = Some(a);
    assert!(has(&b.run().municipalities[0], Rule::ThinAnswers));
}

#[test]
fn a_stale_baseline_fires_after_the_days_not_on_them() {
    let stale = |days_ago: i64| {
        let mut b = Builder::new();
        let m = b.municipality("Ronneby", &[]);
        units(&mut b, &m, 2, 2);
        b.input.round.closes_at = NOW - days_ago * DAY;
        b.input.round.closed = true;
        b.input.municipalities[0].latest_round_closes_at = Some(NOW - days_ago * DAY);
        has(&b.run().municipalities[0], Rule::StaleBaseline)
    };
    assert!(!stale(10));
    assert!(!stale(365));
    assert!(stale(366));
    // A newer round makes this one's age irrelevant.
    let mut b = Builder::new();
    let m = b.municipality("Ronneby", &[]);
    units(&mut b, &m, 2, 2);
    b.input.round.closes_at = NOW - 500 * DAY;
    b.input.municipalities[0].latest_round_closes_at = Some(NOW - 20 * DAY);
    assert!(!has(&b.run().municipalities[0], Rule::StaleBaseline));
}

#[test]
fn thresholds_are_read_from_a_form_and_checked() {
    let defaults = Thresholds::default();
    let mut fields: Vec<(String, String)> = THRESHOLD_FIELDS
        .iter()
        .map(|f| (f.key.to_string(), (f.get)(&defaults).to_string()))
        .collect();
    assert_eq!(Thresholds::from_form(&fields), Ok(defaults.clone()));
    fields[0].1 = " 80 ".into();
    assert_eq!(
        Thresholds::from_form(&fields).unwrap().low_response_rate,
        80
    );
    fields[0].1 = "åttio".into();
    let problems = Thresholds::from_form(&fields).unwrap_err();
    assert_eq!(problems[0].0, "low_response_rate");
    assert!(
        problems[0].1.contains("heltal från 1 till 100"),
        "{}",
        problems[0].1
    );
    fields[0].1 = "40".into();
    let problems = Thresholds::from_form(&fields).unwrap_err();
    assert_eq!(problems[0].0, "critical_response_rate");
    // Stored thresholds missing a newer field fall back to its default.
    let stored: Thresholds = serde_json::from_str(r#"{"low_response_rate": 60}"#).unwrap();
    assert_eq!(stored.low_response_rate, 60);
    assert_eq!(stored.stale_days, 365);
}

#[test]
fn flags_are_listed_most_serious_first() {
    let mut b = Builder::new();
    let m = b.municipality("Nybro", &[]);
    units(&mut b, &m, 5, 1);
    b.unit(
        &m,
        "Nybro Energi AB",
        UnitKind::Bolag,
        "energi_va_avfall",
        UnitState::NotOpened,
        None,
    );
    let base = b.run();
    let severities: Vec<Severity> = base.municipalities[0]
        .flags
        .iter()
        .map(|f| f.severity)
        .collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
    assert_eq!(severities[0], Severity::Allvarlig);
    assert_eq!(
        base.municipalities[0].figures.flags.iter().sum::<usize>(),
        severities.len()
    );
}

#[test]
fn nothing_panics_on_odd_input() {
    let mut b = Builder::new();
    let m = b.municipality("Tom", &["digitalisering"]);
    // An empty municipality, a unit of an unknown municipality, answers of the wrong type.
    b.municipality("Tom 2", &[]);
    let mut odd = Answers::new();
    odd.insert("aktivitetsniva".into(), Answer::Number(3.0));
    odd.insert("betydelse".into(), txt("fem"));
    odd.insert("teman".into(), txt("utbildning"));
    odd.insert("okand_fraga".into(), Answer::Bool(true));
    b.unit(
        &m,
        "Udda",
        UnitKind::Annat,
        "okand_sektor",
        UnitState::Submitted,
        Some(odd),
    );
    b.unit(
        "m-okand",
        "Vilse",
        UnitKind::Bolag,
        "bostader",
        UnitState::Submitted,
        None,
    );
    b.input.questionnaire.sections.clear();
    let base = b.run();
    assert_eq!(base.municipalities.len(), 2);
    assert_eq!(base.total.invited, 1);
    assert_eq!(base.municipalities[1].participation.invited, 0);
    assert!(base.municipalities[1].flags.is_empty());
    assert_eq!(
        base.municipalities[0].participation.by_sector[0].key,
        "okand_sektor"
    );
}

// ---------------------------------------------------------------------------
// The EU-coach programme: seven municipalities, an answer pattern, the flags
// ---------------------------------------------------------------------------

/// The sectors units are spread over, cycling.
const SPREAD: [&str; 7] = [
    "utbildning",
    "socialtjanst_omsorg",
    "samhallsbyggnad_teknik",
    "kultur_fritid",
    "miljo",
    "energi_va_avfall",
    "bostader",
];

/// Adds `f` administrations and `b` companies. `state(kind, i)` decides how
/// far each came; `profile(kind, i)` gives (activity, strategy, thin).
fn organisation(
    builder: &mut Builder,
    m: &str,
    (f, b): (usize, usize),
    state: impl Fn(UnitKind, usize) -> UnitState,
    profile: impl Fn(UnitKind, usize) -> (&'static str, &'static str, bool),
    sector: impl Fn(UnitKind, usize) -> &'static str,
    themes: &[&str],
) {
    for (kind, n) in [(UnitKind::Forvaltning, f), (UnitKind::Bolag, b)] {
        for i in 0..n {
            let (activity, strategy, is_thin) = profile(kind, i);
            let mut a = answer(activity, strategy, themes);
            if is_thin {
                a = thin(a);
            }
            builder.unit(
                m,
                &format!("{} {i}", kind.key()),
                kind,
                sector(kind, i),
                state(kind, i),
                Some(a),
            );
        }
    }
}

fn spread(kind: UnitKind, i: usize) -> &'static str {
    SPREAD[(i + if kind == UnitKind::Bolag { 4 } else { 0 }) % SPREAD.len()]
}

fn careful(_: UnitKind, i: usize) -> (&'static str, &'static str, bool) {
    (
        ["strategiskt", "ad_hoc", "inte_alls"][i % 3],
        "arbetar_efter",
        false,
    )
}

fn eu_coach() -> Builder {
    use UnitState::*;
    let mut b = Builder::new();
    let ids: Vec<String> = [
        ("Karlskrona", vec![]),
        ("Ljungby", vec![]),
        ("Nybro", vec![]),
        ("Ronneby", vec!["utbildning"]),
        ("Sävsjö", vec![]),
        ("Tranås", vec![]),
        ("Växjö", vec!["energi_miljo", "digitalisering"]),
    ]
    .into_iter()
    .map(|(name, priorities)| b.municipality(name, &priorities))
    .collect();
    // Karlskrona, 11 + 3: all but one administration and one company answered;
    // half of them do not know the strategy.
    organisation(
        &mut b,
        &ids[0],
        (11, 3),
        |_, i| if i == 2 { NotOpened } else { Submitted },
        |_, i| {
            (
                ["strategiskt", "ad_hoc", "inte_alls"][i % 3],
                ["kanner_inte_till", "arbetar_efter"][i % 2],
                false,
            )
        },
        spread,
        &["utbildning"],
    );
    // Ljungby, 6 + 3: four administrations and one company.
    organisation(
        &mut b,
        &ids[1],
        (6, 3),
        |kind, i| match kind {
            UnitKind::Forvaltning if i < 4 => Submitted,
            UnitKind::Bolag if i < 1 => Submitted,
            _ => Opened,
        },
        careful,
        spread,
        &["utbildning"],
    );
    // Nybro, 5 + 6: only two administrations, with short answers.
    organisation(
        &mut b,
        &ids[2],
        (5, 6),
        |kind, i| {
            if kind == UnitKind::Forvaltning && i < 2 {
                Submitted
            } else {
                NotOpened
            }
        },
        |_, i| (["strategiskt", "ad_hoc"][i % 2], "arbetar_efter", true),
        spread,
        &["utbildning"],
    );
    // Ronneby, 7 + 5: everyone, carefully; education is a priority and covered.
    organisation(
        &mut b,
        &ids[3],
        (7, 5),
        |_, _| Submitted,
        careful,
        spread,
        &["utbildning"],
    );
    // Sävsjö, 8 + 8: the administrations submitted, the companies left drafts.
    organisation(
        &mut b,
        &ids[4],
        (8, 8),
        |kind, _| {
            if kind == UnitKind::Forvaltning {
                Submitted
            } else {
                Draft
            }
        },
        careful,
        spread,
        &["utbildning"],
    );
    // Tranås, 4 + 4: no company answered.
    organisation(
        &mut b,
        &ids[5],
        (4, 4),
        |kind, _| {
            if kind == UnitKind::Forvaltning {
                Submitted
            } else {
                NotOpened
            }
        },
        careful,
        spread,
        &["utbildning"],
    );
    // Växjö, 9 + 14: everyone answered, but only the environment units work
    // internationally; nobody chose digitalisation.
    organisation(
        &mut b,
        &ids[6],
        (9, 14),
        |_, _| Submitted,
        |kind, i| {
            let environment = kind == UnitKind::Forvaltning && i < 3;
            (
                if environment {
                    "strategiskt"
                } else {
                    "inte_alls"
                },
                "arbetar_efter",
                false,
            )
        },
        |kind, i| {
            if kind == UnitKind::Forvaltning && i < 3 {
                "miljo"
            } else {
                spread(kind, i)
            }
        },
        &["energi_miljo"],
    );
    b
}

#[test]
fn the_eu_coach_programme_shows_its_gaps() {
    use Rule::*;
    use Severity::*;
    let base = eu_coach().run();
    let by_name = |name: &str| base.municipalities.iter().find(|m| m.name == name).unwrap();

    assert_eq!(base.total.invited, 14 + 9 + 11 + 12 + 16 + 8 + 23);
    assert_eq!(base.total.answered, 12 + 5 + 2 + 12 + 8 + 4 + 23);

    // Karlskrona: high participation, but the strategy is unknown in half the units.
    let karlskrona = by_name("Karlskrona");
    assert_eq!(
        (
            karlskrona.participation.answered,
            karlskrona.participation.invited
        ),
        (12, 14)
    );
    assert_eq!(
        rules(karlskrona),
        vec![(StrategyUnknown, Varning), (NonResponse, Info)]
    );
    assert_eq!(flag(karlskrona, StrategyUnknown).unwrap().units.len(), 6);

    // Ljungby: 5 of 9 is 56 %, a warning; no sector wholly missing.
    let ljungby = by_name("Ljungby");
    assert_eq!(
        rules(ljungby),
        vec![
            (LowResponseRate, Varning),
            (SectorMissing, Varning),
            (SectorMissing, Varning),
            (NonResponse, Info)
        ]
    );
    let missing: Vec<&str> = ljungby
        .flags
        .iter()
        .filter(|f| f.rule == SectorMissing)
        .map(|f| f.title.sv.as_str())
        .collect();
    assert_eq!(
        missing,
        vec![
            "Inget svar från Energi, vatten och avfall",
            "Inget svar från Bostäder"
        ]
    );

    // Nybro: two administrations of eleven units, no company, thin answers.
    let nybro = by_name("Nybro");
    let nybro_rules = rules(nybro);
    assert_eq!(
        &nybro_rules[..2],
        &[(LowResponseRate, Allvarlig), (KindMissing, Allvarlig)]
    );
    assert!(nybro_rules.contains(&(ThinAnswers, Varning)));
    assert!(nybro_rules.contains(&(NonResponse, Info)));
    assert_eq!(flag(nybro, KindMissing).unwrap().units.len(), 6);
    assert_eq!(flag(nybro, NonResponse).unwrap().units.len(), 9);

    // Ronneby: complete and careful: nothing to flag.
    assert_eq!(rules(by_name("Ronneby")), vec![]);

    // Sävsjö: 8 of 16 (50 %) and no company, until drafts are counted.
    let savsjo = by_name("Sävsjö");
    assert_eq!(
        &rules(savsjo)[..2],
        &[(KindMissing, Allvarlig), (LowResponseRate, Varning)]
    );
    let with_drafts = analyse(
        &eu_coach().input,
        &Options {
            include_drafts: true,
            thresholds: Thresholds::default(),
        },
    );
    let savsjo = with_drafts
        .municipalities
        .iter()
        .find(|m| m.name == "Sävsjö")
        .unwrap();
    assert_eq!(rules(savsjo), vec![]);
    assert_eq!(savsjo.participation.drafts_counted, 8);

    // Tranås: half answered, no company.
    let tranas = by_name("Tranås");
    assert_eq!(
        &rules(tranas)[..2],
        &[(KindMissing, Allvarlig), (LowResponseRate, Varning)]
    );

    // Växjö: everyone answered, but the work sits in environment and the
    // digitalisation priority has no unit.
    let vaxjo = by_name("Växjö");
    assert_eq!(
        rules(vaxjo),
        vec![(ConcentratedSector, Varning), (PriorityUncovered, Varning)]
    );
    assert_eq!(
        flag(vaxjo, ConcentratedSector).unwrap().title.sv,
        "Internationellt arbete främst inom Miljö"
    );
    assert_eq!(
        flag(vaxjo, PriorityUncovered).unwrap().title.sv,
        "Ingen enhet satsar på Digitalisering"
    );

    // The municipality × theme matrix, as in the programme report's appendix.
    let col = base
        .theme_matrix
        .themes
        .iter()
        .position(|(k, _)| k == "utbildning")
        .unwrap();
    let education: Vec<usize> = base
        .theme_matrix
        .rows
        .iter()
        .map(|r| r.counts[col])
        .collect();
    assert_eq!(education, vec![12, 5, 2, 12, 8, 4, 0]);
}

// ---------------------------------------------------------------------------
// Projects: the register and its rules
// ---------------------------------------------------------------------------

/// A careful, active answer with these projects instead of the default one.
fn with_projects(projects: Vec<Answers>) -> Answers {
    let mut a = answer("strategiskt", "arbetar_efter", &["utbildning"]);
    if projects.is_empty() {
        a.remove("projekt");
    } else {
        a.insert("projekt".into(), Answer::Items(projects));
    }
    a
}

fn project_with(mut p: Answers, pairs: &[(&str, Answer)]) -> Answers {
    for (k, v) in pairs {
        p.insert(k.to_string(), v.clone());
    }
    p
}

#[test]
fn projects_of_one_municipality_with_the_same_name_are_one_project() {
    let mut b = Builder::new();
    let vaxjo = b.municipality("Växjö", &[]);
    let ljungby = b.municipality("Ljungby", &[]);
    let jb = |name: &str, pairs: &[(&str, Answer)]| {
        project_with(project(name, "icld", &["social_inkludering"]), pairs)
    };
    b.unit(
        &vaxjo,
        "Arbete och välfärd",
        UnitKind::Forvaltning,
        "naringsliv_arbetsmarknad",
        UnitState::Submitted,
        Some(with_projects(vec![
            jb(
                "JB Marks familjeteam",
                &[
                    ("roll", txt("lead")),
                    ("partnerlander", txt("Sydafrika")),
                    ("startar", Answer::Number(2017.0)),
                    ("slutar", Answer::Number(2019.0)),
                    ("budget", Answer::Number(400_000.0)),
                    ("status", txt("avslutat")),
                    ("agenda2030", list(&["mal_1"])),
                ],
            ),
            project("Interreg Baltic", "interreg", &["energi_miljo"]),
        ])),
    );
    b.unit(
        &vaxjo,
        "Omsorgsförvaltningen",
        UnitKind::Forvaltning,
        "socialtjanst_omsorg",
        UnitState::Submitted,
        Some(with_projects(vec![jb(
            " jb  marks Familjeteam.",
            &[
                ("partnerlander", txt("sydafrika, Botswana")),
                ("startar", Answer::Number(2018.0)),
                ("slutar", Answer::Number(2020.0)),
                ("budget", Answer::Number(450_000.0)),
                ("finansiering", txt("egen_budget")),
                ("teman", list(&["utbildning", "social_inkludering"])),
                (
                    "resultat",
                    txt("Ett familjeteam som finns kvar efter projektet."),
                ),
            ],
        )])),
    );
    // A draft is left out unless drafts count.
    b.unit(
        &vaxjo,
        "Tekniska förvaltningen",
        UnitKind::Forvaltning,
        "samhallsbyggnad_teknik",
        UnitState::Draft,
        Some(with_projects(vec![project(
            "JB Marks familjeteam",
            "life",
            &[],
        )])),
    );
    // The same name in another municipality is another project; items
    // without a name are never merged.
    let unnamed = |_: ()| {
        let mut p = project("x", "esf", &[]);
        p.remove("namn");
        p
    };
    b.unit(
        &ljungby,
        "Socialförvaltningen",
        UnitKind::Forvaltning,
        "socialtjanst_omsorg",
        UnitState::Submitted,
        Some(with_projects(vec![
            project("JB Marks familjeteam", "icld", &[]),
            unnamed(()),
            unnamed(()),
        ])),
    );

    let r = projects::register(&b.input, &Options::default());
    assert!(r.available);
    let names: Vec<(&str, &str, usize)> = r
        .projects
        .iter()
        .map(|p| (p.municipality_name.as_str(), p.name.as_str(), p.units.len()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Växjö", "Interreg Baltic", 1),
            ("Växjö", "JB Marks familjeteam", 2),
            ("Ljungby", "", 1),
            ("Ljungby", "", 1),
            ("Ljungby", "JB Marks familjeteam", 1),
        ]
    );
    let jb = &r.projects[1];
    assert_eq!(jb.id, "1000-jb-marks-familjeteam");
    let units: Vec<(&str, Option<&str>)> = jb
        .units
        .iter()
        .map(|u| (u.unit.name.as_str(), u.role.as_deref()))
        .collect();
    assert_eq!(
        units,
        vec![
            ("Arbete och välfärd", Some("lead")),
            ("Omsorgsförvaltningen", Some("partner"))
        ]
    );
    assert_eq!(jb.countries, vec!["Sydafrika", "Botswana"]);
    assert_eq!(jb.funding, vec!["icld", "egen_budget"]);
    assert_eq!(jb.themes, vec!["social_inkludering", "utbildning"]);
    assert_eq!(jb.goals, vec!["mal_1"]);
    assert_eq!((jb.start, jb.end), (Some(2017), Some(2020)));
    assert_eq!(jb.budget, Some(450_000.0), "the largest reported");
    assert_eq!(jb.status.as_deref(), Some("pagaende"), "the most current");
    assert_eq!(jb.results.len(), 2);
    assert_eq!(jb.results[1].0, "Omsorgsförvaltningen");
    assert!(!jb.draft);
    // Units: asked, and how many projects each listed.
    let listed: Vec<(&str, bool, usize)> = r
        .units
        .iter()
        .map(|u| (u.unit.name.as_str(), u.asked, u.projects))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("Arbete och välfärd", true, 2),
            ("Omsorgsförvaltningen", true, 1),
            ("Socialförvaltningen", true, 3),
        ]
    );

    // Counting drafts adds the draft's report to the same project, marked.
    let r = projects::register(
        &b.input,
        &Options {
            include_drafts: true,
            thresholds: Thresholds::default(),
        },
    );
    let jb = r
        .projects
        .iter()
        .find(|p| p.id == "1000-jb-marks-familjeteam")
        .unwrap();
    assert_eq!(jb.units.len(), 3);
    assert!(jb.units[2].draft && !jb.draft);
    assert!(jb.funding.contains(&"life".to_string()));

    // Counts over the register, and filters.
    let all: Vec<&projects::Project> = r.projects.iter().collect();
    let counts = projects::counts(&all, &r.labels);
    assert_eq!(counts.projects, 5);
    assert_eq!(counts.shared, 1);
    let funding: Vec<(&str, usize)> = counts
        .funding
        .iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(k, _, n)| (k.as_str(), *n))
        .collect();
    assert_eq!(
        funding,
        vec![
            ("esf", 2),
            ("interreg", 1),
            ("icld", 2),
            ("life", 1),
            ("egen_budget", 1)
        ]
    );
    assert_eq!(
        counts.countries,
        vec![("Botswana".to_string(), 1), ("Sydafrika".to_string(), 1)]
    );
    let filter = projects::Filter {
        country: Some("SYDAFRIKA".into()),
        ..Default::default()
    };
    assert_eq!(r.projects.iter().filter(|p| filter.matches(p)).count(), 1);
    let filter = projects::Filter {
        municipality: Some("1001".into()),
        ..Default::default()
    };
    assert_eq!(r.projects.iter().filter(|p| filter.matches(p)).count(), 3);
}

#[test]
fn the_register_filters_by_period_and_sorts() {
    use projects::{Filter, Project};
    let mut b = Builder::new();
    let m = b.municipality("Växjö", &[]);
    let year = |name: &str, start: Option<f64>, end: Option<f64>, budget: Option<f64>| {
        let mut p = project(name, "icld", &[]);
        if let Some(s) = start {
            p.insert("startar".into(), Answer::Number(s));
        }
        if let Some(e) = end {
            p.insert("slutar".into(), Answer::Number(e));
        }
        if let Some(x) = budget {
            p.insert("budget".into(), Answer::Number(x));
        }
        p
    };
    b.unit(
        &m,
        "Utbildningsförvaltningen",
        UnitKind::Forvaltning,
        "utbildning",
        UnitState::Submitted,
        Some(with_projects(vec![
            year("SEKOS 2", Some(2018.0), Some(2021.0), Some(300_000.0)),
            year("MIS 2", Some(2019.0), Some(2022.0), None),
            year("Nytt", Some(2026.0), None, Some(50_000.0)),
            year("Utan år", None, None, Some(1_000_000.0)),
        ])),
    );
    let r = projects::register(&b.input, &Options::default());
    let names = |filter: &Filter| -> Vec<String> {
        r.projects
            .iter()
            .filter(|p| filter.matches(p))
            .map(|p| p.name.clone())
            .collect()
    };
    let period = |from: Option<i32>, to: Option<i32>| Filter {
        from,
        to,
        ..Filter::default()
    };
    assert_eq!(names(&period(None, None)).len(), 4);
    assert_eq!(names(&period(Some(2022), None)), vec!["MIS 2", "Nytt"]);
    assert_eq!(names(&period(None, Some(2018))), vec!["SEKOS 2"]);
    assert_eq!(
        names(&period(Some(2021), Some(2021))),
        vec!["MIS 2", "SEKOS 2"]
    );
    let mut list: Vec<&Project> = r.projects.iter().collect();
    projects::sort(&mut list, "budget", true, &r.labels);
    let order: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(order, vec!["Utan år", "SEKOS 2", "Nytt", "MIS 2"]);
    projects::sort(&mut list, "start", false, &r.labels);
    let order: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        order,
        vec!["SEKOS 2", "MIS 2", "Nytt", "Utan år"],
        "unknown last"
    );
    // The filter goes into and comes back from a query string.
    let filter = Filter {
        country: Some("Sydafrika & Kosovo".into()),
        from: Some(2020),
        ..Filter::default()
    };
    let query = filter.to_query();
    assert_eq!(query, "land=Sydafrika+%26+Kosovo&fran=2020");
    let back = Filter::from_query(|k| match k {
        "land" => Some("Sydafrika & Kosovo".into()),
        "fran" => Some("2020".into()),
        "till" => Some("inte ett år".into()),
        "tema" => Some("  ".into()),
        _ => None,
    });
    assert_eq!(back, filter);
}

#[test]
fn names_and_lists_are_compared_as_people_write_them() {
    assert_eq!(projects::name_key("  JB  Marks, fas 2. "), "jb marks fas 2");
    assert_eq!(projects::name_key("—"), "");
    assert_eq!(
        projects::split_list("sydafrika, Kosovo och Polen; kosovo / Tyskland\nBosnien-Hercegovina"),
        vec![
            "Sydafrika",
            "Kosovo",
            "Polen",
            "Tyskland",
            "Bosnien-Hercegovina"
        ]
    );
    assert_eq!(projects::split_list(" , ;"), Vec::<String>::new());
}

#[test]
fn units_without_projects_warn_from_the_share() {
    let case = |without: usize, asked: usize, inactive: usize| {
        let mut b = Builder::new();
        let m = b.municipality("Ljungby", &[]);
        for i in 0..asked {
            let projects = if i < without {
                vec![]
            } else {
                vec![project(&format!("P{i}"), "esf", &[])]
            };
            b.unit(
                &m,
                &format!("Aktiv {i}"),
                UnitKind::Forvaltning,
                SECTORS[i % SECTORS.len()],
                UnitState::Submitted,
                Some(with_projects(projects)),
            );
        }
        // Units that never worked internationally are not asked.
        for i in 0..inactive {
            b.unit(
                &m,
                &format!("Inaktiv {i}"),
                UnitKind::Bolag,
                "bostader",
                UnitState::Submitted,
                Some(answer("inte_alls", "arbetar_efter", &["utbildning"])),
            );
        }
        flag(&b.run().municipalities[0], Rule::UnitsWithoutProjects)
            .map(|f| (f.severity, f.units.len()))
    };
    assert_eq!(case(0, 4, 3), None);
    assert_eq!(case(1, 4, 3), Some((Severity::Info, 1)), "25 %");
    assert_eq!(
        case(2, 4, 3),
        Some((Severity::Varning, 2)),
        "50 %: at the share"
    );
    let mut b = Builder::new();
    let m = b.municipality("Ljungby", &[]);
    b.unit(
        &m,
        "Aktiv",
        UnitKind::Forvaltning,
        "utbildning",
        UnitState::Submitted,
        Some(with_projects(vec![])),
    );
    let base = b.run_with(Thresholds {
        no_projects_share: 100,
        ..Thresholds::default()
    });
    assert_eq!(
        flag(&base.municipalities[0], Rule::UnitsWithoutProjects).map(|f| f.severity),
        Some(Severity::Varning)
    );
    assert_eq!(base.municipalities[0].figures.listed_projects, Some(0));
}

/// A municipality whose units list one project each with these funding
/// sources and themes.
fn portfolio(priorities: &[&str], projects: &[(&str, &[&str])]) -> Builder {
    let mut b = Builder::new();
    let m = b.municipality("Växjö", priorities);
    for (i, (funding, themes)) in projects.iter().enumerate() {
        b.unit(
            &m,
            &format!("Enhet {i}"),
            UnitKind::Forvaltning,
            SECTORS[i % SECTORS.len()],
            UnitState::Submitted,
            Some(with_projects(vec![project(
                &format!("Projekt {i}"),
                funding,
                themes,
            )])),
        );
    }
    b
}

#[test]
fn funding_concentration_fires_at_the_share_from_the_fewest_projects() {
    let rule = |b: &Builder, t: Thresholds| {
        flag(&b.run_with(t).municipalities[0], Rule::FundingConcentrated)
            .map(|f| (f.title.sv.clone(), f.units.len()))
    };
    let t = Thresholds::default();
    // Three of four: 75 %, at the share.
    let b = portfolio(
        &[],
        &[
            ("interreg", &[]),
            ("interreg", &[]),
            ("interreg", &[]),
            ("esf", &[]),
        ],
    );
    assert_eq!(
        rule(&b, t.clone()),
        Some(("Interreg finansierar 3 av 4 projekt".into(), 3))
    );
    assert_eq!(
        rule(
            &b,
            Thresholds {
                funding_concentration_share: 76,
                ..t.clone()
            }
        ),
        None,
        "under the share"
    );
    // Two of four: no.
    let b = portfolio(
        &[],
        &[
            ("interreg", &[]),
            ("interreg", &[]),
            ("esf", &[]),
            ("icld", &[]),
        ],
    );
    assert_eq!(rule(&b, t.clone()), None);
    // Three projects, all the same: too few to judge …
    let b = portfolio(&[], &[("icld", &[]), ("icld", &[]), ("icld", &[])]);
    assert_eq!(rule(&b, t.clone()), None);
    // … unless the fewest is three.
    assert!(rule(
        &b,
        Thresholds {
            min_projects: 3,
            ..t
        }
    )
    .is_some());
    assert_eq!(b.run().municipalities[0].figures.listed_projects, Some(3));
}

#[test]
fn a_priority_area_without_a_project_is_flagged_from_the_fewest_projects() {
    let rule = |b: &Builder| {
        b.run().municipalities[0]
            .flags
            .iter()
            .filter(|f| f.rule == Rule::PriorityWithoutProject)
            .map(|f| f.title.sv.clone())
            .collect::<Vec<_>>()
    };
    let projects: [(&str, &[&str]); 4] = [
        ("icld", &["utbildning"]),
        ("icld", &["social_inkludering"]),
        ("esf", &["utbildning"]),
        ("esf", &[]),
    ];
    let b = portfolio(&["energi_miljo", "utbildning"], &projects);
    assert_eq!(rule(&b), vec!["Inget projekt inom Energi och miljö"]);
    // One project on it is enough.
    let mut covered = projects;
    covered[3] = ("esf", &["energi_miljo"]);
    assert_eq!(
        rule(&portfolio(&["energi_miljo"], &covered)),
        Vec::<String>::new()
    );
    // Under the fewest projects nothing is said.
    assert_eq!(
        rule(&portfolio(&["energi_miljo"], &projects[..3])),
        Vec::<String>::new()
    );
}

#[test]
fn a_questionnaire_without_projects_has_no_project_rules() {
    let mut b = Builder::new();
    b.input
        .questionnaire
        .sections
        .retain(|s| s.key != "internationella_projekt");
    let m = b.municipality("Växjö", &["energi_miljo"]);
    units(&mut b, &m, 6, 6);
    let base = b.run();
    let m = &base.municipalities[0];
    assert_eq!(m.figures.listed_projects, None);
    assert!(!has(m, Rule::UnitsWithoutProjects) && !has(m, Rule::PriorityWithoutProject));
    assert!(!projects::register(&b.input, &Options::default()).available);
}
