//! Benchmark of the current-state analysis at national scale: 290
//! municipalities × 25 units answering the default questionnaire, all
//! submitted, then 4× and 16× that. Run with
//! `cargo bench -p app --bench analysis`; figures in docs/PERFORMANCE.md.
//! Active units list up to three projects, so the project register and its
//! rules are part of every run.

use app::analysis::{analyse, Input, MunicipalityInfo, Options, RoundInfo, Target};
use app::questionnaire::default::default_questionnaire;
use app::questionnaire::model::{Answer, Answers, Text};
use app::rounds::UnitState;
use app::vocabulary::{UnitKind, THEMES};
use std::time::{Duration, Instant};

const SECTORS: [&str; 9] = [
    "kommunledning",
    "utbildning",
    "socialtjanst_omsorg",
    "samhallsbyggnad_teknik",
    "kultur_fritid",
    "miljo",
    "naringsliv_arbetsmarknad",
    "energi_va_avfall",
    "bostader",
];

/// A small deterministic generator, so every run analyses the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn some(&mut self, items: &[&str]) -> Answer {
        Answer::List(
            items
                .iter()
                .filter(|_| self.next().is_multiple_of(3))
                .map(|s| s.to_string())
                .collect(),
        )
    }
}

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

/// One item of the project group.
fn project(rng: &mut Rng) -> Answers {
    let mut p = Answers::new();
    let name = rng.pick(&[
        "Interreg Baltic Hydrogen",
        "Erasmus+ lärarutbyte",
        "Vänort i Polen",
        "ESF Vägar till arbete",
        "LIFE Levande vatten",
        "Kulturarv kring Östersjön",
        "ICLD partnerskap",
        "Leader landsbygd",
    ]);
    p.insert("namn".into(), text(name));
    p.insert(
        "roll".into(),
        text(rng.pick(&["lead", "partner", "associerad"])),
    );
    p.insert(
        "finansiering".into(),
        text(rng.pick(&["esf", "interreg", "erasmus", "icld", "life", "egen_budget"])),
    );
    p.insert("partnerlander".into(), text("Polen, Tyskland och Litauen"));
    p.insert(
        "status".into(),
        text(rng.pick(&["planerat", "pagaende", "avslutat"])),
    );
    let themes: Vec<&str> = THEMES.iter().map(|t| t.0).collect();
    p.insert("teman".into(), rng.some(&themes));
    p.insert("startar".into(), Answer::Number(2020.0));
    p.insert("slutar".into(), Answer::Number(2026.0));
    p.insert(
        "resultat".into(),
        text("En ny arbetsmetod som används i den ordinarie verksamheten."),
    );
    p
}

fn answers(rng: &mut Rng) -> Answers {
    let mut a = Answers::new();
    a.insert("svarande_namn".into(), text("Anna Andersson"));
    a.insert("svarande_epost".into(), text("anna@kommun.example"));
    a.insert(
        "int_kontakt".into(),
        Answer::Bool(!rng.next().is_multiple_of(4)),
    );
    let activity = rng.pick(&["strategiskt", "ad_hoc", "tidigare", "inte_alls"]);
    a.insert("aktivitetsniva".into(), text(activity));
    if matches!(activity, "strategiskt" | "ad_hoc") {
        a.insert(
            "former".into(),
            rng.some(&[
                "eu_projekt",
                "andra_projekt",
                "vanort",
                "partnerskap",
                "natverk",
                "omvarldsbevakning",
                "studiebesok",
                "utbyte",
            ]),
        );
        a.insert(
            "finansiering".into(),
            rng.some(&[
                "esf",
                "eruf",
                "interreg",
                "erasmus",
                "leader",
                "landsbygd",
                "icld",
                "horisont",
                "life",
                "egen_budget",
            ]),
        );
        a.insert(
            "antal_projekt".into(),
            Answer::Number((rng.next() % 6) as f64),
        );
        a.insert("partnerlander".into(), text("Tyskland, Polen och Litauen"));
        a.insert(
            "natverk_medlemskap".into(),
            text("Vi är med i Eurocities och i ett nordiskt nätverk för skolor och förskolor."),
        );
        // Up to three projects each, names from a small pool so that units
        // of a municipality report some of the same ones (they are merged).
        let projects: Vec<Answers> = (0..rng.next() % 4).map(|_| project(rng)).collect();
        if !projects.is_empty() {
            a.insert("projekt".into(), Answer::Items(projects));
        }
    } else {
        a.insert(
            "varfor_inte".into(),
            text("Vi har inte haft tid eller resurser att söka projekt."),
        );
    }
    a.insert(
        "strategi".into(),
        text(rng.pick(&[
            "arbetar_efter",
            "kanner_till",
            "kanner_inte_till",
            "finns_ingen",
        ])),
    );
    a.insert(
        "eget_perspektiv".into(),
        text(rng.pick(&["ja", "delvis", "nej"])),
    );
    a.insert(
        "namnd".into(),
        text(rng.pick(&["involverad", "informerad", "nej", "vet_ej"])),
    );
    let themes: Vec<&str> = THEMES.iter().map(|t| t.0).collect();
    a.insert("teman".into(), rng.some(&themes));
    let goals: Vec<String> = (1..=17).map(|n| format!("mal_{n}")).collect();
    let goals: Vec<&str> = goals.iter().map(String::as_str).collect();
    a.insert("agenda2030".into(), rng.some(&goals));
    a.insert(
        "utbyte_intresse".into(),
        Answer::Bool(rng.next().is_multiple_of(2)),
    );
    a.insert(
        "hinder".into(),
        rng.some(&[
            "tid",
            "resurser",
            "kunskap_eu",
            "sprak",
            "mandat",
            "saknar_partner",
            "administration",
            "projekttrotthet",
        ]),
    );
    a.insert(
        "kompetensbehov".into(),
        rng.some(&[
            "eu_kunskap",
            "projektledning",
            "omvarldsbevakning",
            "sprak",
            "interkulturell",
            "natverk",
        ]),
    );
    a.insert(
        "betydelse".into(),
        Answer::Number((1 + rng.next() % 5) as f64),
    );
    a.insert(
        "goda_exempel".into(),
        text("Utbytet med vår vänort gav nya idéer om hur vi tar emot nyanlända elever."),
    );
    if rng.next().is_multiple_of(2) {
        a.insert("ovrigt".into(), text("Vi vill veta mer om fonderna."));
    }
    a
}

fn input(municipalities: usize, units: usize) -> Input {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut input = Input {
        round: RoundInfo {
            id: "bench".into(),
            name: "Nationell kartläggning".into(),
            closes_at: 1_900_000_000,
            closed: true,
        },
        questionnaire: default_questionnaire(),
        sectors: SECTORS
            .iter()
            .map(|s| (s.to_string(), Text::new(*s, *s)))
            .collect(),
        now: 1_900_000_000,
        ..Input::default()
    };
    for m in 0..municipalities {
        let id = format!("m{m}");
        input.municipalities.push(MunicipalityInfo {
            id: id.clone(),
            code: format!("{:04}", m),
            name: format!("Kommun {m}"),
            priorities: vec!["utbildning".into(), "digitalisering".into()],
            latest_round_closes_at: Some(1_900_000_000),
        });
        for u in 0..units {
            input.targets.push(Target {
                unit_id: format!("{m}-{u}"),
                unit_name: format!("Enhet {u}"),
                municipality_id: id.clone(),
                kind: if u % 3 == 2 {
                    UnitKind::Bolag
                } else {
                    UnitKind::Forvaltning
                },
                sector: SECTORS[u % SECTORS.len()].to_string(),
                registry_international_contact: true,
                state: UnitState::Submitted,
                last_activity_at: Some(1_890_000_000),
                submitted: Some(answers(&mut rng)),
                draft: None,
                carried: None,
            });
        }
    }
    input
}

fn main() {
    println!("Current-state analysis, default questionnaire, all units submitted");
    println!(
        "{:>6} {:>14} {:>8} {:>10} {:>10} {:>10}",
        "scale", "municipalities", "units", "runs", "median", "min"
    );
    for scale in [1usize, 4, 16] {
        let municipalities = 290 * scale;
        let data = input(municipalities, 25);
        let options = Options::default();
        // One untimed run warms caches and the allocator.
        std::hint::black_box(analyse(&data, &options));
        let mut times = Vec::new();
        let started = Instant::now();
        while times.len() < 5 || (started.elapsed() < Duration::from_secs(3) && times.len() < 50) {
            let t = Instant::now();
            let baseline = analyse(&data, &options);
            times.push(t.elapsed());
            std::hint::black_box(baseline);
        }
        times.sort();
        println!(
            "{:>5}× {:>14} {:>8} {:>10} {:>8.1}ms {:>8.1}ms",
            scale,
            municipalities,
            municipalities * 25,
            times.len(),
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0
        );
    }
}
