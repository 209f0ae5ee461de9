//! Partner search: each kind of match, how free text is compared, what
//! stays out, and what one person may see.

use super::*;
use crate::analysis::{MunicipalityInfo, RoundInfo, Target};
use crate::questionnaire::default::default_questionnaire;
use crate::questionnaire::model::{Answers, Questionnaire};
use crate::rounds::UnitState;
use crate::vocabulary::UnitKind;

fn txt(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| s.to_string()).collect())
}

/// Answers of a unit that works internationally, with what partner search
/// reads set by the caller.
fn active(pairs: &[(&str, Answer)]) -> Answers {
    let mut a = Answers::new();
    a.insert("aktivitetsniva".into(), txt("strategiskt"));
    for (k, v) in pairs {
        a.insert(k.to_string(), v.clone());
    }
    a
}

struct Round {
    input: Input,
}

impl Round {
    fn new() -> Round {
        Round::with(default_questionnaire())
    }

    fn with(questionnaire: Questionnaire) -> Round {
        Round {
            input: Input {
                round: RoundInfo {
                    id: "r".into(),
                    name: "Kartläggning".into(),
                    closes_at: 0,
                    closed: false,
                },
                questionnaire,
                ..Input::default()
            },
        }
    }

    /// A municipality named `name`; its id is `m-NAME`.
    fn municipality(&mut self, name: &str) -> String {
        let id = format!("m-{name}");
        let n = self.input.municipalities.len();
        self.input.municipalities.push(MunicipalityInfo {
            id: id.clone(),
            code: format!("{:04}", 1000 + n),
            name: name.into(),
            priorities: Vec::new(),
            latest_round_closes_at: None,
        });
        id
    }

    fn submitted(&mut self, m: &str, unit: &str, answers: Answers) {
        self.target(m, unit, Some(answers), None);
    }

    fn draft(&mut self, m: &str, unit: &str, answers: Answers) {
        self.target(m, unit, None, Some(answers));
    }

    fn target(&mut self, m: &str, unit: &str, submitted: Option<Answers>, draft: Option<Answers>) {
        self.input.targets.push(Target {
            unit_id: format!("u-{unit}"),
            unit_name: unit.into(),
            municipality_id: m.into(),
            kind: UnitKind::Forvaltning,
            sector: "utbildning".into(),
            registry_international_contact: false,
            state: if submitted.is_some() {
                UnitState::Submitted
            } else {
                UnitState::Draft
            },
            last_activity_at: None,
            submitted,
            draft,
            carried: None,
        });
    }

    fn find(&self) -> Vec<Match> {
        find(&self.input, &Options::default())
    }

    fn find_with_drafts(&self) -> Vec<Match> {
        find(
            &self.input,
            &Options {
                include_drafts: true,
                ..Options::default()
            },
        )
    }
}

fn of_kind(matches: &[Match], kind: Kind) -> Vec<&Match> {
    matches.iter().filter(|m| m.kind == kind).collect()
}

fn named<'a>(matches: &'a [Match], kind: Kind, key: &str) -> &'a Match {
    matches
        .iter()
        .find(|m| m.kind == kind && m.key == key)
        .unwrap_or_else(|| panic!("no {kind:?} match on {key}: {matches:#?}"))
}

fn unit_names(m: &Match) -> Vec<&str> {
    m.units.iter().map(|u| u.unit.name.as_str()).collect()
}

fn questions(m: &Match, unit: &str) -> Vec<String> {
    m.units
        .iter()
        .find(|u| u.unit.name == unit)
        .unwrap_or_else(|| panic!("{unit} is not in {m:#?}"))
        .sources
        .iter()
        .map(|s| s.question.clone())
        .collect()
}

#[test]
fn units_with_the_same_theme_in_two_municipalities_match_and_say_where_it_came_from() {
    let mut r = Round::new();
    let vaxjo = r.municipality("Växjö");
    let ljungby = r.municipality("Ljungby");
    r.submitted(
        &vaxjo,
        "Miljöförvaltningen",
        active(&[("teman", list(&["energi_miljo", "utbildning"]))]),
    );
    let mut item = Answers::new();
    item.insert("namn".into(), txt("LIFE Levande vatten"));
    item.insert("teman".into(), list(&["energi_miljo"]));
    r.submitted(
        &ljungby,
        "Tekniska förvaltningen",
        active(&[("projekt", Answer::Items(vec![item]))]),
    );
    let matches = r.find();
    let energy = named(&matches, Kind::Theme, "energi_miljo");
    assert_eq!(energy.label.sv, "Energi och miljö");
    assert_eq!(energy.theme.as_deref(), Some("energi_miljo"));
    assert_eq!(energy.municipalities, 2);
    // Ljungby before Växjö: by municipality in Swedish order.
    assert_eq!(
        unit_names(energy),
        vec!["Tekniska förvaltningen", "Miljöförvaltningen"]
    );
    assert_eq!(questions(energy, "Miljöförvaltningen"), vec!["teman"]);
    assert_eq!(
        questions(energy, "Tekniska förvaltningen"),
        vec!["projekt.teman"]
    );
    let from_project = &energy.units[0].sources[0];
    assert_eq!(
        from_project.label(Lang::Sv),
        "Projektet ”LIFE Levande vatten”: teman"
    );
    assert_eq!(
        energy.units[1].sources[0].label(Lang::Sv),
        "Prioriterade teman"
    );
    assert_eq!(energy.id, "tema-energi-miljo");
    let netherlands = {
        let mut r = Round::new();
        for name in ["A", "B"] {
            let m = r.municipality(name);
            r.submitted(&m, name, active(&[("partnerlander", txt("Nederländerna"))]));
        }
        r.find()
    };
    assert_eq!(netherlands[0].id, "partnerland-nederlanderna");
    // Education only in Växjö: no match.
    assert!(
        matches.iter().all(|m| m.key != "utbildning"),
        "{matches:#?}"
    );
}

#[test]
fn nothing_within_one_municipality_only() {
    let mut r = Round::new();
    let vaxjo = r.municipality("Växjö");
    let ljungby = r.municipality("Ljungby");
    for unit in ["A", "B", "C"] {
        r.submitted(
            &vaxjo,
            unit,
            active(&[
                ("teman", list(&["turism"])),
                ("partnerlander", txt("Kosovo")),
                ("finansiering", list(&["icld"])),
                ("natverk_medlemskap", txt("Eurocities")),
                ("utbyte_intresse", Answer::Bool(true)),
                ("utbyte_tema", txt("Turism")),
            ]),
        );
    }
    r.submitted(&ljungby, "D", active(&[("teman", list(&["halsa_omsorg"]))]));
    assert_eq!(r.find(), Vec::<Match>::new());
}

#[test]
fn partner_countries_are_compared_without_case_spaces_and_spelling() {
    let mut r = Round::new();
    let a = r.municipality("Karlskrona");
    let b = r.municipality("Ronneby");
    let c = r.municipality("Tranås");
    r.submitted(
        &a,
        "Hamnen",
        active(&[(
            "partnerlander",
            txt("Tyskland, Polen och Bosnien och Hercegovina"),
        )]),
    );
    r.submitted(
        &b,
        "Skolan",
        active(&[(
            "partnerlander",
            txt("  tyskland ; POLEN & Holland, Bosnien-Hercegovina"),
        )]),
    );
    r.submitted(
        &c,
        "Kulturen",
        active(&[("partnerlander", txt("Nederländerna / Trinidad och Tobago"))]),
    );
    let matches = r.find();
    let germany = named(&matches, Kind::Country, "tyskland");
    assert_eq!(unit_names(germany), vec!["Hamnen", "Skolan"]);
    assert_eq!(germany.label.sv, "Tyskland");
    named(&matches, Kind::Country, "polen");
    let bosnia = named(&matches, Kind::Country, "bosnien och hercegovina");
    assert_eq!(bosnia.label.sv, "Bosnien och Hercegovina");
    assert_eq!(bosnia.municipalities, 2);
    // "Holland" and "Nederländerna" are one country; the unit's own
    // spelling is kept beside it.
    let netherlands = named(&matches, Kind::Country, "nederländerna");
    assert_eq!(unit_names(netherlands), vec!["Skolan", "Kulturen"]);
    assert_eq!(netherlands.units[1].written, "Nederländerna");
    // A compound name is not split: no "Tobago" or "Hercegovina" alone.
    assert!(matches
        .iter()
        .all(|m| m.key != "hercegovina" && m.key != "tobago"));
    assert_eq!(of_kind(&matches, Kind::Country).len(), 4, "{matches:#?}");
}

#[test]
fn the_splitting_and_comparing_of_free_text() {
    assert_eq!(
        split_countries("Sydafrika, Kosovo och Polen"),
        vec!["Sydafrika", "Kosovo", "Polen"]
    );
    assert_eq!(
        split_countries("Bosnia and Herzegovina and Serbia"),
        vec!["Bosnia and Herzegovina", "Serbia"]
    );
    assert_eq!(
        normalise("  Kultur & Fritid. "),
        normalise("kultur och fritid")
    );
    assert_eq!(normalise("Nej."), None);
    assert_eq!(normalise("Vet inte"), None);
    assert_eq!(normalise("--- 12"), None);
    assert_eq!(country_key("HOLLAND"), Some("nederländerna".into()));
    let themes: Vec<(String, Text)> = crate::vocabulary::THEMES
        .iter()
        .map(|(k, sv, en)| (k.to_string(), Text::new(*sv, *en)))
        .collect();
    assert_eq!(
        themes_of_text("Digital skola", &themes),
        vec!["utbildning", "digitalisering"]
    );
    assert_eq!(
        themes_of_text("Integration av nyanlända", &themes),
        vec!["social_inkludering"]
    );
    assert_eq!(
        themes_of_text("Energieffektiva bostäder", &themes),
        vec!["energi_miljo"]
    );
    assert_eq!(
        themes_of_text("Ungas delaktighet", &themes),
        Vec::<String>::new()
    );
    assert_eq!(
        themes_of_text("Aktivt lärande", &themes),
        Vec::<String>::new()
    );
    assert_eq!(themes_of_text("Nej", &themes), Vec::<String>::new());
}

#[test]
fn networks_are_found_in_prose_and_lists_and_project_partners_count_too() {
    let mut r = Round::new();
    let a = r.municipality("Växjö");
    let b = r.municipality("Nybro");
    let c = r.municipality("Sävsjö");
    r.submitted(
        &a,
        "Kommunledningen",
        active(&[(
            "natverk_medlemskap",
            txt("Vi är med i Eurocities och Union of the Baltic Cities (UBC), ganska aktiva."),
        )]),
    );
    r.submitted(
        &b,
        "Utbildningsförvaltningen",
        active(&[(
            "natverk_medlemskap",
            txt("UBC; EUROCITIES\nNordiskt skolnätverk (NSN)"),
        )]),
    );
    let mut item = Answers::new();
    item.insert("namn".into(), txt("Skolutbyte"));
    item.insert(
        "partner".into(),
        txt("Nordiskt skolnätverk, Komuna Vushtrri"),
    );
    r.submitted(
        &c,
        "Barn och skola",
        active(&[("projekt", Answer::Items(vec![item]))]),
    );
    let matches = r.find();
    let eurocities = named(&matches, Kind::Network, "eurocities");
    assert_eq!(eurocities.label.sv, "Eurocities");
    assert!(!eurocities.as_written);
    assert_eq!(eurocities.municipalities, 2);
    let ubc = named(&matches, Kind::Network, "union of the baltic cities ubc");
    assert_eq!(ubc.label.sv, "Union of the Baltic Cities (UBC)");
    assert_eq!(
        unit_names(ubc),
        vec!["Utbildningsförvaltningen", "Kommunledningen"]
    );
    // An organisation outside the known list, its abbreviation in brackets
    // aside, named in a project's partners.
    let nordic = named(&matches, Kind::Network, "nordiskt skolnätverk");
    assert!(nordic.as_written);
    assert_eq!(questions(nordic, "Barn och skola"), vec!["projekt.partner"]);
    assert_eq!(
        questions(nordic, "Utbildningsförvaltningen"),
        vec!["natverk_medlemskap"]
    );
    // "ganska aktiva" is one of the list's items but nobody else's.
    assert_eq!(of_kind(&matches, Kind::Network).len(), 3, "{matches:#?}");
}

#[test]
fn funding_sources_match_but_not_the_own_budget_and_other_by_its_text() {
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Tranås");
    r.submitted(
        &a,
        "Arbetsmarknad",
        active(&[
            ("finansiering", list(&["esf", "egen_budget", "annat"])),
            ("finansiering.annat", txt("Kreativa Europa")),
        ]),
    );
    let mut item = Answers::new();
    item.insert("namn".into(), txt("Vägar till arbete"));
    item.insert("finansiering".into(), txt("esf"));
    let mut other = Answers::new();
    other.insert("namn".into(), txt("Kultur över gränser"));
    other.insert("finansiering".into(), txt("annat"));
    other.insert("finansiering.annat".into(), txt("kreativa  europa"));
    r.submitted(
        &b,
        "Socialtjänsten",
        active(&[
            ("finansiering", list(&["egen_budget"])),
            ("projekt", Answer::Items(vec![item, other])),
        ]),
    );
    let matches = r.find();
    let esf = named(&matches, Kind::Funding, "esf");
    assert_eq!(esf.label.sv, "ESF");
    assert_eq!(
        questions(esf, "Socialtjänsten"),
        vec!["projekt.finansiering"]
    );
    let creative = named(&matches, Kind::Funding, "text:kreativa europa");
    assert_eq!(creative.label.sv, "Kreativa Europa");
    assert_eq!(
        questions(creative, "Socialtjänsten"),
        vec!["projekt.finansiering.annat"]
    );
    assert_eq!(
        of_kind(&matches, Kind::Funding).len(),
        2,
        "no own budget, no Annat"
    );
}

#[test]
fn exchange_interest_is_grouped_by_theme_and_joined_by_units_with_the_theme_as_a_priority() {
    let mut r = Round::new();
    let a = r.municipality("Karlskrona");
    let b = r.municipality("Nybro");
    let c = r.municipality("Växjö");
    r.submitted(
        &a,
        "Barn- och ungdomsförvaltningen",
        active(&[
            ("utbyte_intresse", Answer::Bool(true)),
            ("utbyte_tema", txt("Digital skola")),
        ]),
    );
    r.submitted(
        &b,
        "Kultur och fritid",
        active(&[
            ("utbyte_intresse", Answer::Bool(true)),
            ("utbyte_tema", txt("Ungas delaktighet")),
            ("teman", list(&["digitalisering"])),
        ]),
    );
    r.submitted(
        &c,
        "Fritidsförvaltningen",
        active(&[
            ("utbyte_intresse", Answer::Bool(true)),
            ("utbyte_tema", txt("ungas  delaktighet!")),
        ]),
    );
    // Not interested: the theme text left from before does not count.
    r.submitted(
        &c,
        "Tekniska förvaltningen",
        active(&[
            ("utbyte_intresse", Answer::Bool(false)),
            ("utbyte_tema", txt("Digital skola")),
        ]),
    );
    let matches = r.find();
    let digital = named(&matches, Kind::Exchange, "digitalisering");
    assert_eq!(digital.label.sv, "Digitalisering");
    assert_eq!(digital.theme.as_deref(), Some("digitalisering"));
    assert_eq!(
        unit_names(digital),
        vec!["Barn- och ungdomsförvaltningen", "Kultur och fritid"]
    );
    assert_eq!(
        questions(digital, "Barn- och ungdomsförvaltningen"),
        vec!["utbyte_tema"]
    );
    assert_eq!(digital.units[0].written, "Digital skola");
    assert_eq!(questions(digital, "Kultur och fritid"), vec!["teman"]);
    // Education has only Karlskrona's interest: no match.
    assert!(matches.iter().all(|m| m.key != "utbildning"));
    // A text no theme fits: matched as written.
    let youth = named(&matches, Kind::Exchange, "text:ungas delaktighet");
    assert_eq!(
        unit_names(youth),
        vec!["Kultur och fritid", "Fritidsförvaltningen"]
    );
    assert!(youth.as_written && youth.theme.is_none());
    assert!(unit_names(youth)
        .iter()
        .all(|u| *u != "Tekniska förvaltningen"));
}

#[test]
fn interest_without_a_theme_is_a_match_of_its_own() {
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    for (m, unit) in [(&a, "A"), (&b, "B")] {
        r.submitted(m, unit, active(&[("utbyte_intresse", Answer::Bool(true))]));
    }
    let matches = r.find();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].key, "");
    assert_eq!(matches[0].id, "utbytestema-utan-tema");
    assert_eq!(questions(&matches[0], "A"), vec!["utbyte_intresse"]);
}

#[test]
fn drafts_count_only_when_asked_for_and_are_marked() {
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    r.submitted(&a, "A", active(&[("teman", list(&["turism"]))]));
    r.draft(&b, "B", active(&[("teman", list(&["turism"]))]));
    assert_eq!(r.find(), Vec::<Match>::new());
    let matches = r.find_with_drafts();
    assert_eq!(matches.len(), 1);
    assert_eq!(
        matches[0]
            .units
            .iter()
            .map(|u| (u.unit.name.as_str(), u.draft))
            .collect::<Vec<_>>(),
        vec![("A", false), ("B", true)]
    );
}

#[test]
fn answers_to_questions_the_unit_was_not_shown_do_not_count() {
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    // Partner countries are asked only of units that work internationally.
    let mut idle = active(&[("partnerlander", txt("Polen"))]);
    idle.insert("aktivitetsniva".into(), txt("inte_alls"));
    r.submitted(&a, "A", idle);
    r.submitted(&b, "B", active(&[("partnerlander", txt("Polen"))]));
    assert_eq!(r.find(), Vec::<Match>::new());
}

#[test]
fn a_questionnaire_without_a_key_gives_no_matches_of_that_kind() {
    let mut q = default_questionnaire();
    for section in &mut q.sections {
        section
            .questions
            .retain(|x| x.key != "partnerlander" && x.key != "teman" && x.key != "projekt");
    }
    let mut r = Round::with(q);
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    let mut item = Answers::new();
    item.insert("namn".into(), txt("P"));
    item.insert("partnerlander".into(), txt("Polen"));
    for (m, unit) in [(&a, "A"), (&b, "B")] {
        r.submitted(
            m,
            unit,
            active(&[
                ("partnerlander", txt("Polen")),
                ("teman", list(&["turism"])),
                ("finansiering", list(&["life"])),
                ("projekt", Answer::Items(vec![item.clone()])),
            ]),
        );
    }
    let matches = r.find();
    assert_eq!(
        matches.iter().map(|m| m.kind).collect::<Vec<_>>(),
        vec![Kind::Funding]
    );
    // No questionnaire at all: nothing, and no panic.
    let mut empty = Round::with(Questionnaire::default());
    let a = empty.municipality("Ljungby");
    let b = empty.municipality("Sävsjö");
    empty.submitted(&a, "A", active(&[("teman", list(&["turism"]))]));
    empty.submitted(&b, "B", active(&[("teman", list(&["turism"]))]));
    assert_eq!(empty.find(), Vec::<Match>::new());
}

#[test]
fn hostile_text_is_kept_as_text_and_ids_stay_plain() {
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    let hostile =
        "=HYPERLINK(\"http://x\"), <script>alert(1)</script>, \u{202e}Polen\u{0}, ;;;, &&&";
    let long = "Ö".repeat(5000);
    for (m, unit) in [(&a, "A"), (&b, "B")] {
        r.submitted(
            m,
            unit,
            active(&[
                ("partnerlander", txt(hostile)),
                ("natverk_medlemskap", txt(&long)),
                ("teman", Answer::Bool(true)),
                ("finansiering", txt("\"; DROP TABLE unit; --")),
                ("utbyte_intresse", txt("ja")),
            ]),
        );
    }
    let matches = r.find();
    assert!(!matches.is_empty());
    for m in &matches {
        assert!(
            m.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{}",
            m.id
        );
        assert!(m.id.len() < 80);
    }
    assert!(matches
        .iter()
        .any(|m| m.kind == Kind::Country && m.label.sv.contains("<script>")));
    // Ids are unique even when two texts give the same slug.
    let mut ids: Vec<&str> = matches.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), matches.len());
    assert!(matches
        .iter()
        .all(|m| m.kind != Kind::Funding && m.kind != Kind::Exchange));
}

#[test]
fn most_municipalities_first_then_swedish_order() {
    let mut r = Round::new();
    let ms: Vec<String> = ["A", "B", "C"].iter().map(|n| r.municipality(n)).collect();
    for (i, m) in ms.iter().enumerate() {
        let countries = if i < 2 {
            "Österrike, Åland, Zambia"
        } else {
            "Zambia"
        };
        r.submitted(
            m,
            &format!("Enhet {i}"),
            active(&[("partnerlander", txt(countries))]),
        );
    }
    let labels: Vec<(String, usize)> = r
        .find()
        .into_iter()
        .map(|m| (m.label.sv, m.municipalities))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("Zambia".to_string(), 3),
            ("Åland".to_string(), 2),
            ("Österrike".to_string(), 2)
        ]
    );
}

/// Växjö's coordinator in a regional round: Växjö's units with their
/// details, the others by name and what is shared, nothing more.
#[test]
fn one_persons_view_keeps_to_their_municipalities() {
    let mut r = Round::new();
    let vaxjo = r.municipality("Växjö");
    let ljungby = r.municipality("Ljungby");
    let nybro = r.municipality("Nybro");
    let mut item = Answers::new();
    item.insert("namn".into(), txt("Hemligt projekt i Ljungby"));
    item.insert("partnerlander".into(), txt("KOSOVO"));
    r.submitted(
        &ljungby,
        "Ljungbys enhet",
        active(&[("projekt", Answer::Items(vec![item]))]),
    );
    r.submitted(
        &vaxjo,
        "Växjös enhet",
        active(&[("partnerlander", txt("Kosovo, Polen"))]),
    );
    r.submitted(
        &nybro,
        "Nybros enhet",
        active(&[("partnerlander", txt("Polen"))]),
    );
    r.submitted(
        &ljungby,
        "Ljungbys andra",
        active(&[("teman", list(&["turism"]))]),
    );
    r.submitted(
        &nybro,
        "Nybros andra",
        active(&[("teman", list(&["turism"]))]),
    );
    let all = r.find();
    assert_eq!(all.len(), 3);
    let mine = visible(all.clone(), |m| m == vaxjo);
    // Tourism is Ljungby's and Nybro's: not Växjö's to see.
    assert_eq!(
        mine.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(),
        vec!["kosovo", "polen"]
    );
    let kosovo = &mine[0];
    // The label is Växjö's own spelling, not Ljungby's "KOSOVO".
    assert_eq!(kosovo.label.sv, "Kosovo");
    let theirs = kosovo
        .units
        .iter()
        .find(|u| u.unit.name == "Ljungbys enhet")
        .unwrap();
    assert!(!theirs.in_scope);
    assert_eq!(theirs.unit.id, "");
    assert_eq!(theirs.municipality_name, "Ljungby");
    assert_eq!(theirs.sources[0].project, None);
    assert_eq!(
        theirs.sources[0].label(Lang::Sv),
        "Ett projekt: partnerländer"
    );
    let own = kosovo
        .units
        .iter()
        .find(|u| u.unit.name == "Växjös enhet")
        .unwrap();
    assert!(own.in_scope && own.unit.id == "u-Växjös enhet");
    let text = format!("{mine:?}");
    assert!(!text.contains("Hemligt projekt"), "{text}");
    assert!(!text.contains("KOSOVO"), "{text}");
    // The filter "from my units" only counts units in scope.
    let code = |name: &str| {
        r.input
            .municipalities
            .iter()
            .find(|m| m.name == name)
            .unwrap()
            .code
            .clone()
    };
    let from = |name: &str| Filter {
        municipality: Some(code(name)),
        ..Filter::default()
    };
    assert_eq!(mine.iter().filter(|m| from("Växjö").matches(m)).count(), 2);
    assert_eq!(
        mine.iter().filter(|m| from("Ljungby").matches(m)).count(),
        0
    );
    // Whoever reads every municipality sees it all, project names too.
    let everything = visible(all, |_| true);
    assert_eq!(everything.len(), 3);
    assert!(format!("{everything:?}").contains("Hemligt projekt"));
    assert_eq!(
        Summary::of(&mine).heading(Lang::Sv),
        "2 matchningar i 3 kommuner"
    );
    assert_eq!(
        Summary::of(&mine[..1]).heading(Lang::En),
        "1 match in 2 municipalities"
    );
}

#[test]
fn the_filter_reads_and_writes_its_query() {
    let query = [
        ("typ", "partnerland"),
        ("tema", "turism"),
        ("land", " HOLLAND "),
        ("kommun", "0780"),
    ];
    let filter = Filter::from_query(|k| {
        query
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.to_string())
    });
    assert_eq!(filter.kind, Some(Kind::Country));
    assert_eq!(filter.country.as_deref(), Some("nederländerna"));
    assert_eq!(
        filter.to_query(),
        "typ=partnerland&tema=turism&land=nederl%C3%A4nderna&kommun=0780"
    );
    let unknown = Filter::from_query(|k| (k == "typ").then(|| "<x>".to_string()));
    assert!(unknown.is_empty());
    let mut r = Round::new();
    let a = r.municipality("Ljungby");
    let b = r.municipality("Sävsjö");
    for (m, unit) in [(&a, "A"), (&b, "B")] {
        r.submitted(
            m,
            unit,
            active(&[
                ("teman", list(&["turism"])),
                ("partnerlander", txt("Holland")),
                ("utbyte_intresse", Answer::Bool(true)),
                ("utbyte_tema", txt("Turism och besöksnäring")),
            ]),
        );
    }
    let matches = r.find();
    let kinds = |f: &Filter| -> Vec<Kind> {
        matches
            .iter()
            .filter(|m| f.matches(m))
            .map(|m| m.kind)
            .collect()
    };
    let theme = Filter {
        theme: Some("turism".into()),
        ..Filter::default()
    };
    assert_eq!(kinds(&theme), vec![Kind::Theme, Kind::Exchange]);
    assert_eq!(
        kinds(&Filter {
            kind: Some(Kind::Exchange),
            ..theme.clone()
        }),
        vec![Kind::Exchange]
    );
    assert_eq!(
        kinds(&Filter {
            country: country_key("nederländerna"),
            ..Filter::default()
        }),
        vec![Kind::Country]
    );
    assert_eq!(
        country_choices(&matches),
        vec![("nederländerna".to_string(), "Holland".to_string())]
    );
}
