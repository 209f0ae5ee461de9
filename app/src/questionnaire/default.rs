//! The questionnaire shipped with Nuläge: "Kartläggning av internationellt
//! arbete", drawn from what the municipalities of the EU-coach programme asked
//! their administrations and companies.
//!
//! The question and option keys are used by the current-state analysis and in
//! exports: never rename one.

use super::model::{Choice, Condition, Question, QuestionKind, Questionnaire, Section, Text};
use crate::vocabulary::{UnitKind, THEMES};

/// The official short names of the 17 global goals of Agenda 2030, in
/// Swedish and English.
pub const GLOBAL_GOALS: [(&str, &str); 17] = [
    ("Ingen fattigdom", "No poverty"),
    ("Ingen hunger", "Zero hunger"),
    ("Hälsa och välbefinnande", "Good health and well-being"),
    ("God utbildning för alla", "Quality education"),
    ("Jämställdhet", "Gender equality"),
    (
        "Rent vatten och sanitet för alla",
        "Clean water and sanitation",
    ),
    ("Hållbar energi för alla", "Affordable and clean energy"),
    (
        "Anständiga arbetsvillkor och ekonomisk tillväxt",
        "Decent work and economic growth",
    ),
    (
        "Hållbar industri, innovationer och infrastruktur",
        "Industry, innovation and infrastructure",
    ),
    ("Minskad ojämlikhet", "Reduced inequalities"),
    (
        "Hållbara städer och samhällen",
        "Sustainable cities and communities",
    ),
    (
        "Hållbar konsumtion och produktion",
        "Responsible consumption and production",
    ),
    ("Bekämpa klimatförändringarna", "Climate action"),
    ("Hav och marina resurser", "Life below water"),
    ("Ekosystem och biologisk mångfald", "Life on land"),
    (
        "Fredliga och inkluderande samhällen",
        "Peace, justice and strong institutions",
    ),
    (
        "Genomförande och globalt partnerskap",
        "Partnerships for the goals",
    ),
];

/// The questionnaire every new organisation starts from.
pub fn default_questionnaire() -> Questionnaire {
    Questionnaire {
        title: Text::new(
            "Kartläggning av internationellt arbete",
            "Mapping of international work",
        ),
        intro: Text::new(
            "Kommunen vill veta hur förvaltningar och bolag arbetar internationellt i dag och vad ni vill satsa på de närmaste åren. \
             Med internationellt arbete menar vi till exempel EU-projekt, vänorter, partnerskap, nätverk och utbyten med andra länder. \
             Svaren blir en nulägesanalys som kommunen använder för att göra arbetet mer strategiskt.\n\n\
             Det tar ungefär 20–30 minuter att svara, lite längre om verksamheten har många internationella projekt. Du kan spara dina svar och fortsätta senare, och du kan dela länken med en kollega som kan svara på vissa frågor. \
             Svara så gott du kan. Det är också ett viktigt svar att verksamheten inte arbetar internationellt.",
            "The municipality wants to know how its administrations and companies work internationally today and what you want to focus on in the coming years. \
             By international work we mean, for example, EU projects, twin towns, partnerships, networks and exchanges with other countries. \
             Your answers become a current-state analysis that the municipality uses to make this work more strategic.\n\n\
             It takes about 20–30 minutes to answer, a little longer if your unit has many international projects. You can save your answers and continue later, and you can share the link with a colleague who can answer some of the questions. \
             Answer as best you can. That your unit does not work internationally is also an important answer.",
        ),
        sections: vec![
            about_the_unit(),
            international_work(),
            projects(),
            governance(),
            priorities(),
            obstacles_and_needs(),
        ],
    }
}

fn text(sv: &str, en: &str) -> Text {
    Text::new(sv, en)
}

fn question(key: &str, sv: &str, en: &str, kind: QuestionKind) -> Question {
    Question {
        key: key.to_string(),
        text: text(sv, en),
        help: Text::default(),
        kind,
        required: false,
        kinds: Vec::new(),
        condition: None,
    }
}

fn help(mut q: Question, sv: &str, en: &str) -> Question {
    q.help = text(sv, en);
    q
}

fn required(mut q: Question) -> Question {
    q.required = true;
    q
}

fn when(mut q: Question, source: &str, any_of: &[&str]) -> Question {
    q.condition = Some(Condition {
        question: source.to_string(),
        any_of: any_of.iter().map(|s| s.to_string()).collect(),
    });
    q
}

fn only(mut q: Question, kinds: &[UnitKind]) -> Question {
    q.kinds = kinds.to_vec();
    q
}

fn choices(options: &[(&str, &str, &str)]) -> Vec<Choice> {
    options
        .iter()
        .map(|(key, sv, en)| Choice::new(key, sv, en))
        .collect()
}

fn single(options: &[(&str, &str, &str)], other: bool) -> QuestionKind {
    QuestionKind::SingleChoice {
        options: choices(options),
        other,
    }
}

fn multiple(options: &[(&str, &str, &str)], other: bool) -> QuestionKind {
    QuestionKind::MultipleChoice {
        options: choices(options),
        other,
    }
}

fn short_text(max_length: u32) -> QuestionKind {
    QuestionKind::ShortText { max_length }
}

fn long_text() -> QuestionKind {
    QuestionKind::LongText {
        max_length: super::model::LONG_TEXT_MAX,
    }
}

fn section(key: &str, title: Text, intro: Text, questions: Vec<Question>) -> Section {
    Section {
        key: key.to_string(),
        title,
        intro,
        kinds: Vec::new(),
        condition: None,
        questions,
    }
}

const SHORT: u32 = super::model::SHORT_TEXT_MAX;

/// The activity levels for which "which forms, funding, projects" apply.
const ACTIVE: &[&str] = &["strategiskt", "ad_hoc"];

fn about_the_unit() -> Section {
    section(
        "om_verksamheten",
        text("Om verksamheten", "About your unit"),
        text(
            "Först några frågor om dig som svarar och om verksamhetens kontaktperson för internationella frågor.",
            "First, some questions about you and about your unit's contact person for international matters.",
        ),
        vec![
            required(question(
                "svarande_namn",
                "Ditt namn",
                "Your name",
                short_text(SHORT),
            )),
            help(
                question(
                    "svarande_roll",
                    "Din roll eller befattning",
                    "Your role or job title",
                    short_text(SHORT),
                ),
                "Till exempel förvaltningschef, verksamhetsutvecklare eller EU-samordnare.",
                "For example head of administration, development officer or EU coordinator.",
            ),
            help(
                required(question(
                    "svarande_epost",
                    "Din e-postadress",
                    "Your email address",
                    QuestionKind::Email,
                )),
                "Vi använder den bara om vi har frågor om svaren.",
                "We only use it if we have questions about the answers.",
            ),
            help(
                required(question(
                    "int_kontakt",
                    "Har verksamheten en utsedd kontaktperson för internationella frågor?",
                    "Does your unit have a designated contact person for international matters?",
                    QuestionKind::YesNo,
                )),
                "En kontaktperson tar emot information om till exempel EU-projekt och samarbeten och för den vidare inom verksamheten.",
                "A contact person receives information about, for example, EU projects and partnerships and passes it on within the unit.",
            ),
            help(
                when(
                    question(
                        "int_kontakt_namn",
                        "Vem är kontaktperson?",
                        "Who is the contact person?",
                        short_text(SHORT),
                    ),
                    "int_kontakt",
                    &["ja"],
                ),
                "Skriv namn och gärna e-postadress.",
                "Write their name and, if you like, their email address.",
            ),
        ],
    )
}

fn international_work() -> Section {
    section(
        "internationellt_arbete",
        text("Internationellt arbete i dag", "International work today"),
        text(
            "Med internationellt arbete menar vi allt samarbete med organisationer i andra länder och allt arbete med EU-frågor. \
             Räkna med sådant som inte kallas internationellt i vardagen, till exempel ett studiebesök eller ett nätverk inom ert område.",
            "By international work we mean any cooperation with organisations in other countries and any work on EU matters. \
             Include things that are not called international in everyday work, such as a study visit or a network in your field.",
        ),
        vec![
            help(
                required(question(
                    "aktivitetsniva",
                    "I vilken utsträckning arbetar verksamheten internationellt i dag?",
                    "To what extent does your unit work internationally today?",
                    single(
                        &[
                            ("strategiskt", "Strategiskt och planerat", "Strategically and according to a plan"),
                            ("ad_hoc", "I enstaka fall, ad hoc", "Occasionally, ad hoc"),
                            ("tidigare", "Tidigare men inte nu", "Previously but not now"),
                            ("inte_alls", "Inte alls", "Not at all"),
                        ],
                        false,
                    ),
                )),
                "Välj det som stämmer bäst. Ad hoc betyder att det sker när ett tillfälle dyker upp, utan en plan.",
                "Choose the one that fits best. Ad hoc means that it happens when an opportunity comes up, without a plan.",
            ),
            help(
                when(
                    question(
                        "varfor_inte",
                        "Varför arbetar verksamheten inte internationellt i dag?",
                        "Why does your unit not work internationally today?",
                        long_text(),
                    ),
                    "aktivitetsniva",
                    &["tidigare", "inte_alls"],
                ),
                "Beskriv med egna ord. Om ni har arbetat internationellt tidigare får du gärna berätta varför det upphörde.",
                "Describe it in your own words. If you used to work internationally, please tell us why it stopped.",
            ),
            help(
                when(
                    question(
                        "former",
                        "På vilka sätt arbetar verksamheten internationellt?",
                        "In what ways does your unit work internationally?",
                        multiple(
                            &[
                                ("eu_projekt", "EU-projekt", "EU projects"),
                                ("andra_projekt", "Andra internationella projekt", "Other international projects"),
                                ("vanort", "Vänortssamarbete", "Twin town cooperation"),
                                ("partnerskap", "Kommunala partnerskap", "Municipal partnerships"),
                                ("natverk", "Internationella nätverk", "International networks"),
                                ("omvarldsbevakning", "Omvärldsbevakning", "Monitoring developments abroad"),
                                ("studiebesok", "Studiebesök och utbyten", "Study visits and exchanges"),
                                ("utbyte", "Personal- eller elevutbyte", "Staff or student exchange"),
                            ],
                            true,
                        ),
                    ),
                    "aktivitetsniva",
                    ACTIVE,
                ),
                "Välj alla som stämmer. Omvärldsbevakning betyder att ni följer vad som händer i andra länder och inom EU för att lära och hitta möjligheter.",
                "Choose all that apply. Monitoring developments abroad means following what happens in other countries and in the EU to learn and find opportunities.",
            ),
            help(
                when(
                    question(
                        "finansiering",
                        "Hur finansieras det internationella arbetet?",
                        "How is the international work funded?",
                        multiple(FUNDING, true),
                    ),
                    "aktivitetsniva",
                    ACTIVE,
                ),
                "Välj alla som stämmer. ESF är Europeiska socialfonden och ERUF är Europeiska regionala utvecklingsfonden. \
                 Interreg stöder samarbete över nationsgränser, Erasmus+ gäller utbildning, ungdom och idrott, och Leader och Landsbygdsprogrammet gäller utveckling av landsbygden. \
                 ICLD är Internationellt centrum för lokal demokrati, Horisont Europa gäller forskning och innovation, och LIFE gäller miljö och klimat.",
                "Choose all that apply. ESF is the European Social Fund and ERDF is the European Regional Development Fund. \
                 Interreg supports cooperation across national borders, Erasmus+ covers education, youth and sport, and Leader and the Rural Development Programme cover rural development. \
                 ICLD is the Swedish International Centre for Local Democracy, Horizon Europe covers research and innovation, and LIFE covers the environment and climate.",
            ),
            help(
                when(
                    question(
                        "antal_projekt",
                        "Hur många internationella projekt deltar verksamheten i just nu?",
                        "How many international projects is your unit taking part in right now?",
                        QuestionKind::Number {
                            min: Some(0.0),
                            max: Some(500.0),
                            integer: true,
                        },
                    ),
                    "aktivitetsniva",
                    ACTIVE,
                ),
                "Räkna alla projekt som pågår, även de där ni är partner och inte leder projektet. Skriv 0 om ni inte har några just nu.",
                "Count every project that is running, including those where you are a partner and do not lead the project. Enter 0 if you have none right now.",
            ),
            help(
                when(
                    question(
                        "partnerlander",
                        "Vilka länder samarbetar verksamheten med?",
                        "Which countries does your unit work with?",
                        short_text(500),
                    ),
                    "aktivitetsniva",
                    ACTIVE,
                ),
                "Skriv länderna med kommatecken emellan, till exempel Tyskland, Polen, Litauen.",
                "List the countries separated by commas, for example Germany, Poland, Lithuania.",
            ),
            help(
                when(
                    question(
                        "natverk_medlemskap",
                        "Vilka internationella nätverk eller organisationer är verksamheten med i?",
                        "Which international networks or organisations is your unit a member of?",
                        long_text(),
                    ),
                    "aktivitetsniva",
                    ACTIVE,
                ),
                "Till exempel Eurocities, Union of the Baltic Cities eller ett europeiskt nätverk inom ert område. Skriv gärna hur aktiva ni är.",
                "For example Eurocities, the Union of the Baltic Cities or a European network in your field. Feel free to say how active you are.",
            ),
        ],
    )
}

/// The funding sources, as in the question on funding.
const FUNDING: &[(&str, &str, &str)] = &[
    ("esf", "ESF", "ESF"),
    (
        "eruf",
        "ERUF/Regionalfonden",
        "ERDF/Regional Development Fund",
    ),
    ("interreg", "Interreg", "Interreg"),
    ("erasmus", "Erasmus+", "Erasmus+"),
    ("leader", "Leader", "Leader"),
    (
        "landsbygd",
        "Landsbygdsprogrammet",
        "Rural Development Programme",
    ),
    ("icld", "ICLD", "ICLD"),
    ("horisont", "Horisont Europa", "Horizon Europe"),
    ("life", "LIFE", "LIFE"),
    ("egen_budget", "Egen budget", "Own budget"),
];

/// The keys of the 17 global goals, `mal_1` … `mal_17`, with their labels.
fn goal_options() -> Vec<Choice> {
    GLOBAL_GOALS
        .iter()
        .enumerate()
        .map(|(i, (sv, en))| {
            Choice::new(
                &format!("mal_{}", i + 1),
                &format!("{}. {sv}", i + 1),
                &format!("{}. {en}", i + 1),
            )
        })
        .collect()
}

fn year(key: &str, sv: &str, en: &str) -> Question {
    question(
        key,
        sv,
        en,
        QuestionKind::Number {
            min: Some(1990.0),
            max: Some(2100.0),
            integer: true,
        },
    )
}

/// C. International projects: an inventory, one item per project (Järfälla's
/// "inventering av internationella projekt", Växjö's project portfolio), and
/// the languages the staff can work in.
fn projects() -> Section {
    let project = vec![
        required(question(
            "namn",
            "Projektets namn",
            "The project's name",
            short_text(SHORT),
        )),
        required(question(
            "roll",
            "Verksamhetens roll i projektet",
            "Your unit's role in the project",
            single(
                &[
                    ("lead", "Projektägare eller huvudpartner (lead partner)", "Project owner or lead partner"),
                    ("partner", "Partner", "Partner"),
                    ("associerad", "Associerad partner", "Associated partner"),
                ],
                false,
            ),
        )),
        help(
            question(
                "partnerlander",
                "Partnerländer",
                "Partner countries",
                short_text(300),
            ),
            "Skriv länderna med kommatecken emellan, till exempel Sydafrika, Kosovo.",
            "List the countries separated by commas, for example South Africa, Kosovo.",
        ),
        help(
            question(
                "partner",
                "Partnerorganisationer eller partnerkommuner",
                "Partner organisations or municipalities",
                short_text(500),
            ),
            "Till exempel JB Marks Local Municipality eller Komuna Vushtrri.",
            "For example JB Marks Local Municipality or Komuna Vushtrri.",
        ),
        help(
            question(
                "finansiering",
                "Huvudsaklig finansiering",
                "Main source of funding",
                single(FUNDING, true),
            ),
            "Välj den finansiering som bär projektet. Egen budget betyder att verksamheten betalar själv, till exempel med personalens arbetstid.",
            "Choose the funding that carries the project. Own budget means your unit pays itself, for example with staff time.",
        ),
        help(
            year("startar", "Startår", "Start year"),
            "Året projektet startade eller startar, till exempel 2019.",
            "The year the project started or starts, for example 2019.",
        ),
        help(
            year("slutar", "Slutår", "End year"),
            "Året projektet slutade eller planeras sluta. Lämna tomt om det inte är bestämt.",
            "The year the project ended or is planned to end. Leave empty if it is not decided.",
        ),
        help(
            question(
                "teman",
                "Teman",
                "Themes",
                multiple(THEMES, true),
            ),
            "Välj de områden projektet handlar om.",
            "Choose the areas the project is about.",
        ),
        help(
            question(
                "agenda2030",
                "Globala mål i Agenda 2030",
                "Global goals of the 2030 Agenda",
                QuestionKind::MultipleChoice {
                    options: goal_options(),
                    other: false,
                },
            ),
            "Välj de mål projektet bidrar mest till.",
            "Choose the goals the project contributes to most.",
        ),
        help(
            question(
                "budget",
                "Projektets budget i kronor",
                "The project's budget in kronor",
                QuestionKind::Number {
                    min: Some(0.0),
                    max: None,
                    integer: true,
                },
            ),
            "Hela projektets budget, om ni vet den. Skriv bara siffror, till exempel 450 000.",
            "The whole project's budget, if you know it. Digits only, for example 450 000.",
        ),
        required(question(
            "status",
            "Status",
            "Status",
            single(
                &[
                    ("planerat", "Planerat", "Planned"),
                    ("pagaende", "Pågående", "Ongoing"),
                    ("avslutat", "Avslutat", "Finished"),
                ],
                false,
            ),
        )),
        help(
            question(
                "resultat",
                "Resultat som har införts i verksamheten",
                "Results that have been put into practice",
                long_text(),
            ),
            "Till exempel en ny arbetsmetod, en plan eller en organisation som finns kvar efter projektet.",
            "For example a new working method, a plan or an organisation that remains after the project.",
        ),
    ];
    section(
        "internationella_projekt",
        text("Internationella projekt", "International projects"),
        text(
            "Här listar ni verksamhetens internationella projekt: de som pågår, de som avslutats de senaste åren och de som planeras.              Lägg till ett projekt i taget. Projekten samlas i kommunens projektregister, så att det syns vem som arbetar med vad.",
            "Here you list your unit's international projects: those running, those finished in recent years and those planned.              Add one project at a time. The projects are collected in the municipality's project register, so that it shows who works on what.",
        ),
        vec![
            help(
                when(
                    question(
                        "projekt",
                        "Verksamhetens internationella projekt",
                        "Your unit's international projects",
                        QuestionKind::Group {
                            questions: project,
                            max_items: super::model::GROUP_MAX_ITEMS,
                            item_label: text("Projekt", "Project"),
                            add_label: text("Lägg till ett projekt", "Add a project"),
                        },
                    ),
                    "aktivitetsniva",
                    &["strategiskt", "ad_hoc", "tidigare"],
                ),
                "Räkna även projekt där ni är partner och inte leder arbetet. Har verksamheten inga projekt går du vidare till nästa del.",
                "Include projects where you are a partner and do not lead the work. If your unit has no projects, go on to the next part.",
            ),
            help(
                question(
                    "personalens_sprak",
                    "På vilka språk utöver svenska kan personalen arbeta?",
                    "In which languages besides Swedish can your staff work?",
                    multiple(
                        &[
                            ("engelska", "Engelska", "English"),
                            ("tyska", "Tyska", "German"),
                            ("franska", "Franska", "French"),
                            ("spanska", "Spanska", "Spanish"),
                            ("finska", "Finska", "Finnish"),
                            ("polska", "Polska", "Polish"),
                            ("arabiska", "Arabiska", "Arabic"),
                            ("persiska", "Persiska (farsi, dari)", "Persian (Farsi, Dari)"),
                            ("somaliska", "Somaliska", "Somali"),
                            ("bks", "Bosniska, kroatiska eller serbiska", "Bosnian, Croatian or Serbian"),
                        ],
                        true,
                    ),
                ),
                "Välj de språk som någon i personalen kan använda i arbetet, till exempel i ett projektmöte eller i kontakt med en partner.",
                "Choose the languages someone on the staff can use at work, for example in a project meeting or with a partner.",
            ),
        ],
    )
}

/// The options for "is the board informed and involved".
const INVOLVED: &[(&str, &str, &str)] = &[
    (
        "involverad",
        "Ja, informerad och involverad",
        "Yes, informed and involved",
    ),
    (
        "informerad",
        "Informerad men inte involverad",
        "Informed but not involved",
    ),
    ("nej", "Nej", "No"),
    ("vet_ej", "Vet inte", "Don't know"),
];

fn governance() -> Section {
    section(
        "styrning",
        text("Styrning", "Governance"),
        text(
            "Frågorna handlar om hur det internationella arbetet styrs och är förankrat i verksamheten.",
            "These questions are about how international work is governed and supported in your unit.",
        ),
        vec![
            help(
                required(question(
                    "strategi",
                    "Vad stämmer bäst om kommunens strategi, policy eller handlingsplan för internationellt arbete?",
                    "What best describes your unit's relation to the municipality's strategy, policy or action plan for international work?",
                    single(
                        &[
                            ("arbetar_efter", "Vi arbetar efter den", "We work according to it"),
                            (
                                "kanner_till",
                                "Vi känner till den men arbetar inte efter den",
                                "We know about it but do not work according to it",
                            ),
                            ("kanner_inte_till", "Vi känner inte till den", "We do not know about it"),
                            ("finns_ingen", "Det finns ingen", "There is none"),
                        ],
                        false,
                    ),
                )),
                "Dokumentet kan ha olika namn, till exempel internationell strategi, internationell policy eller handlingsplan för EU-arbete.",
                "The document may have different names, for example international strategy, international policy or action plan for EU work.",
            ),
            help(
                question(
                    "eget_perspektiv",
                    "Finns det internationella perspektivet med i verksamhetens egna planer?",
                    "Is the international perspective part of your unit's own plans?",
                    single(
                        &[
                            ("ja", "Ja", "Yes"),
                            ("delvis", "Delvis", "Partly"),
                            ("nej", "Nej", "No"),
                        ],
                        false,
                    ),
                ),
                "Till exempel i verksamhetsplanen, i budgeten eller i verksamhetens mål.",
                "For example in the business plan, the budget or the unit's goals.",
            ),
            help(
                only(
                    question(
                        "namnd",
                        "Är nämnden informerad om och involverad i verksamhetens internationella arbete?",
                        "Is the committee informed about and involved in your unit's international work?",
                        single(INVOLVED, false),
                    ),
                    &[UnitKind::Forvaltning, UnitKind::Annat],
                ),
                "Nämnden är de förtroendevalda politiker som ansvarar för verksamheten.",
                "The committee is the elected politicians who are responsible for your unit.",
            ),
            help(
                only(
                    question(
                        "styrelse",
                        "Är styrelsen informerad om och involverad i bolagets internationella arbete?",
                        "Is the board informed about and involved in the company's international work?",
                        single(INVOLVED, false),
                    ),
                    &[UnitKind::Bolag],
                ),
                "Med styrelsen menar vi bolagets styrelse.",
                "By the board we mean the company's board of directors.",
            ),
            help(
                only(
                    question(
                        "agardirektiv",
                        "Finns internationellt arbete med i bolagets ägardirektiv?",
                        "Is international work part of the company's owner directive?",
                        single(
                            &[
                                ("ja", "Ja", "Yes"),
                                ("delvis", "Delvis", "Partly"),
                                ("nej", "Nej", "No"),
                                ("vet_ej", "Vet inte", "Don't know"),
                            ],
                            false,
                        ),
                    ),
                    &[UnitKind::Bolag],
                ),
                "Ägardirektivet är kommunens styrning av bolaget, beslutad av kommunfullmäktige eller på bolagsstämman.",
                "The owner directive is the municipality's instructions to the company, decided by the municipal council or at the general meeting.",
            ),
        ],
    )
}

fn priorities() -> Section {
    let themes: Vec<(&str, &str, &str)> = THEMES.to_vec();
    let goal_keys: Vec<String> = (1..=GLOBAL_GOALS.len())
        .map(|n| format!("mal_{n}"))
        .collect();
    let goal_labels: Vec<(String, String)> = GLOBAL_GOALS
        .iter()
        .enumerate()
        .map(|(i, (sv, en))| (format!("{}. {sv}", i + 1), format!("{}. {en}", i + 1)))
        .collect();
    let goals: Vec<(&str, &str, &str)> = goal_keys
        .iter()
        .zip(&goal_labels)
        .map(|(key, (sv, en))| (key.as_str(), sv.as_str(), en.as_str()))
        .collect();
    section(
        "prioriteringar",
        text("Prioriterade utvecklingsområden", "Priority areas for development"),
        text(
            "Frågorna handlar om vad verksamheten vill utveckla med hjälp av internationellt arbete de närmaste 4–5 åren.",
            "These questions are about what your unit wants to develop through international work over the next 4–5 years.",
        ),
        vec![
            help(
                question(
                    "teman",
                    "Inom vilka områden vill verksamheten utveckla sitt internationella arbete de närmaste 4–5 åren?",
                    "In which areas does your unit want to develop its international work over the next 4–5 years?",
                    multiple(&themes, true),
                ),
                "Välj alla som stämmer, även om ni inte arbetar internationellt i dag.",
                "Choose all that apply, even if you do not work internationally today.",
            ),
            help(
                question(
                    "agenda2030",
                    "Vilka av de globala målen i Agenda 2030 bidrar verksamhetens arbete till?",
                    "Which of the global goals of the 2030 Agenda does your unit's work contribute to?",
                    multiple(&goals, false),
                ),
                "Agenda 2030 är FN:s 17 globala mål för hållbar utveckling, som Sverige och kommunerna arbetar mot. Välj de mål som verksamheten bidrar mest till.",
                "The 2030 Agenda is the UN's 17 global goals for sustainable development, which Sweden and the municipalities work towards. Choose the goals your unit contributes to most.",
            ),
            help(
                question(
                    "utbyte_intresse",
                    "Är verksamheten intresserad av ett utbyte med motsvarande verksamheter i andra länder?",
                    "Is your unit interested in an exchange with similar organisations in other countries?",
                    QuestionKind::YesNo,
                ),
                "Ett sådant utbyte kallas ofta transnationellt. Det betyder att ni lär av och samarbetar med verksamheter i andra länder, till exempel genom studiebesök eller ett gemensamt projekt.",
                "Such an exchange is often called transnational. It means learning from and working with organisations in other countries, for example through study visits or a joint project.",
            ),
            help(
                when(
                    question(
                        "utbyte_tema",
                        "Vad skulle utbytet handla om?",
                        "What would the exchange be about?",
                        short_text(SHORT),
                    ),
                    "utbyte_intresse",
                    &["ja"],
                ),
                "Till exempel digital skola, integration av nyanlända eller energieffektiva bostäder.",
                "For example digital schools, integration of newly arrived people or energy-efficient housing.",
            ),
        ],
    )
}

fn obstacles_and_needs() -> Section {
    section(
        "hinder_behov",
        text("Hinder och behov", "Obstacles and needs"),
        text(
            "Till sist några frågor om vad som gör det svårt att arbeta internationellt och vad som skulle hjälpa.",
            "Finally, some questions about what makes international work difficult and what would help.",
        ),
        vec![
            help(
                question(
                    "hinder",
                    "Vad hindrar verksamheten från att arbeta mer internationellt?",
                    "What stops your unit from working more internationally?",
                    multiple(
                        &[
                            ("tid", "Tid", "Time"),
                            ("resurser", "Resurser och finansiering", "Resources and funding"),
                            ("kunskap_eu", "Kunskap om EU och finansiering", "Knowledge of the EU and funding"),
                            ("sprak", "Språk", "Language"),
                            ("mandat", "Mandat och förankring", "Mandate and support from management"),
                            ("saknar_partner", "Saknar partner", "No partner"),
                            ("administration", "Administrativ börda", "Administrative burden"),
                            ("projekttrotthet", "Projekttrötthet", "Project fatigue"),
                        ],
                        true,
                    ),
                ),
                "Välj alla som stämmer. Mandat och förankring betyder att ledning eller politiker inte har gett uppdrag eller stöd. \
                 Projekttrötthet betyder att verksamheten har haft många projekt och inte orkar eller vill starta fler.",
                "Choose all that apply. Mandate and support means that management or politicians have not given a mandate or backing. \
                 Project fatigue means that your unit has had many projects and does not have the energy or wish to start more.",
            ),
            help(
                question(
                    "kompetensbehov",
                    "Vilken kompetens behöver verksamheten för att kunna arbeta mer internationellt?",
                    "What skills does your unit need to work more internationally?",
                    multiple(
                        &[
                            ("eu_kunskap", "EU-kunskap", "Knowledge of the EU"),
                            (
                                "projektledning",
                                "Projektansökan och projektledning",
                                "Project applications and project management",
                            ),
                            ("omvarldsbevakning", "Omvärldsbevakning", "Monitoring developments abroad"),
                            ("sprak", "Språk", "Languages"),
                            ("interkulturell", "Interkulturell kompetens", "Intercultural skills"),
                            ("natverk", "Nätverksbyggande", "Networking"),
                        ],
                        true,
                    ),
                ),
                "Välj alla som stämmer.",
                "Choose all that apply.",
            ),
            help(
                required(question(
                    "betydelse",
                    "Hur viktigt är internationellt arbete för verksamhetens utveckling?",
                    "How important is international work for your unit's development?",
                    QuestionKind::Scale {
                        min_label: text("Inte alls viktigt", "Not at all important"),
                        max_label: text("Mycket viktigt", "Very important"),
                    },
                )),
                "Välj ett värde från 1 till 5, där 1 är inte alls viktigt och 5 är mycket viktigt.",
                "Choose a value from 1 to 5, where 1 is not at all important and 5 is very important.",
            ),
            help(
                question(
                    "goda_exempel",
                    "Finns det goda exempel på internationellt arbete i verksamheten som du vill berätta om?",
                    "Are there good examples of international work in your unit that you would like to tell us about?",
                    long_text(),
                ),
                "Beskriv gärna vad ni gjorde, med vilka och vad det ledde till. Exemplen kan lyftas fram i nulägesanalysen.",
                "Please describe what you did, with whom and what it led to. The examples may be highlighted in the current-state analysis.",
            ),
            question(
                "ovrigt",
                "Är det något mer du vill berätta om verksamhetens internationella arbete?",
                "Is there anything else you would like to tell us about your unit's international work?",
                long_text(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::check::check_structure;
    use crate::questionnaire::model::{Answer, Answers, OTHER};
    use crate::questionnaire::rules::{check, visibility, Mode, ProblemKind};

    fn q() -> Questionnaire {
        default_questionnaire()
    }

    #[test]
    fn passes_the_structure_check() {
        assert_eq!(check_structure(&q()), vec![]);
    }

    #[test]
    fn every_text_has_an_english_translation() {
        let q = q();
        assert!(!q.title.en.is_empty() && !q.intro.en.is_empty());
        for s in &q.sections {
            assert!(
                !s.title.en.is_empty() && !s.intro.en.is_empty(),
                "{}",
                s.key
            );
            let subs = s.questions.iter().flat_map(|q| q.kind.sub_questions());
            for question in s.questions.iter().chain(subs) {
                assert!(!question.text.en.is_empty(), "{}", question.key);
                assert_eq!(question.help.sv.is_empty(), question.help.en.is_empty());
                for o in question.kind.options() {
                    assert!(!o.label.en.is_empty(), "{}.{}", question.key, o.key);
                }
                if let QuestionKind::Scale {
                    min_label,
                    max_label,
                } = &question.kind
                {
                    assert!(!min_label.en.is_empty() && !max_label.en.is_empty());
                }
            }
        }
    }

    #[test]
    fn the_keys_the_analysis_depends_on_exist() {
        let q = q();
        let sections: Vec<(&str, Vec<&str>)> = q
            .sections
            .iter()
            .map(|s| {
                (
                    s.key.as_str(),
                    s.questions.iter().map(|q| q.key.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            sections,
            vec![
                (
                    "om_verksamheten",
                    vec![
                        "svarande_namn",
                        "svarande_roll",
                        "svarande_epost",
                        "int_kontakt",
                        "int_kontakt_namn"
                    ]
                ),
                (
                    "internationellt_arbete",
                    vec![
                        "aktivitetsniva",
                        "varfor_inte",
                        "former",
                        "finansiering",
                        "antal_projekt",
                        "partnerlander",
                        "natverk_medlemskap"
                    ]
                ),
                (
                    "internationella_projekt",
                    vec!["projekt", "personalens_sprak"]
                ),
                (
                    "styrning",
                    vec![
                        "strategi",
                        "eget_perspektiv",
                        "namnd",
                        "styrelse",
                        "agardirektiv"
                    ]
                ),
                (
                    "prioriteringar",
                    vec!["teman", "agenda2030", "utbyte_intresse", "utbyte_tema"]
                ),
                (
                    "hinder_behov",
                    vec![
                        "hinder",
                        "kompetensbehov",
                        "betydelse",
                        "goda_exempel",
                        "ovrigt"
                    ]
                ),
            ]
        );
        let types: Vec<(&str, &str)> = q
            .questions()
            .map(|(_, q)| (q.key.as_str(), q.kind.name()))
            .collect();
        assert_eq!(
            types,
            vec![
                ("svarande_namn", "short_text"),
                ("svarande_roll", "short_text"),
                ("svarande_epost", "email"),
                ("int_kontakt", "yes_no"),
                ("int_kontakt_namn", "short_text"),
                ("aktivitetsniva", "single_choice"),
                ("varfor_inte", "long_text"),
                ("former", "multiple_choice"),
                ("finansiering", "multiple_choice"),
                ("antal_projekt", "number"),
                ("partnerlander", "short_text"),
                ("natverk_medlemskap", "long_text"),
                ("projekt", "group"),
                ("personalens_sprak", "multiple_choice"),
                ("strategi", "single_choice"),
                ("eget_perspektiv", "single_choice"),
                ("namnd", "single_choice"),
                ("styrelse", "single_choice"),
                ("agardirektiv", "single_choice"),
                ("teman", "multiple_choice"),
                ("agenda2030", "multiple_choice"),
                ("utbyte_intresse", "yes_no"),
                ("utbyte_tema", "short_text"),
                ("hinder", "multiple_choice"),
                ("kompetensbehov", "multiple_choice"),
                ("betydelse", "scale"),
                ("goda_exempel", "long_text"),
                ("ovrigt", "long_text"),
            ]
        );
        let required: Vec<&str> = q
            .questions()
            .filter(|(_, q)| q.required)
            .map(|(_, q)| q.key.as_str())
            .collect();
        assert_eq!(
            required,
            vec![
                "svarande_namn",
                "svarande_epost",
                "int_kontakt",
                "aktivitetsniva",
                "strategi",
                "betydelse"
            ]
        );
    }

    fn option_keys(key: &str) -> Vec<String> {
        q().question(key)
            .unwrap()
            .kind
            .options()
            .iter()
            .map(|o| o.key.clone())
            .collect()
    }

    #[test]
    fn option_keys_are_as_agreed() {
        let keys = |k: &str| option_keys(k).join(",");
        assert_eq!(
            keys("aktivitetsniva"),
            "strategiskt,ad_hoc,tidigare,inte_alls"
        );
        assert_eq!(
            keys("former"),
            "eu_projekt,andra_projekt,vanort,partnerskap,natverk,omvarldsbevakning,studiebesok,utbyte"
        );
        assert_eq!(
            keys("finansiering"),
            "esf,eruf,interreg,erasmus,leader,landsbygd,icld,horisont,life,egen_budget"
        );
        assert_eq!(
            keys("strategi"),
            "arbetar_efter,kanner_till,kanner_inte_till,finns_ingen"
        );
        assert_eq!(keys("eget_perspektiv"), "ja,delvis,nej");
        assert_eq!(keys("namnd"), "involverad,informerad,nej,vet_ej");
        assert_eq!(keys("styrelse"), "involverad,informerad,nej,vet_ej");
        assert_eq!(keys("agardirektiv"), "ja,delvis,nej,vet_ej");
        assert_eq!(
            keys("hinder"),
            "tid,resurser,kunskap_eu,sprak,mandat,saknar_partner,administration,projekttrotthet"
        );
        assert_eq!(
            keys("kompetensbehov"),
            "eu_kunskap,projektledning,omvarldsbevakning,sprak,interkulturell,natverk"
        );
        let goals: Vec<String> = (1..=17).map(|n| format!("mal_{n}")).collect();
        assert_eq!(option_keys("agenda2030"), goals);
        let q = q();
        let agenda = q.question("agenda2030").unwrap().kind.options();
        assert_eq!(agenda[0].label.sv, "1. Ingen fattigdom");
        assert_eq!(
            agenda[16].label.sv,
            "17. Genomförande och globalt partnerskap"
        );
        assert_eq!(agenda[16].label.en, "17. Partnerships for the goals");
        // "Annat" where the brief asks for it.
        for key in [
            "former",
            "finansiering",
            "teman",
            "hinder",
            "kompetensbehov",
        ] {
            assert!(q.question(key).unwrap().kind.has_other(), "{key}");
        }
        assert!(!q.question("agenda2030").unwrap().kind.has_other());
        assert_eq!(
            q.question("antal_projekt").unwrap().kind,
            QuestionKind::Number {
                min: Some(0.0),
                max: Some(500.0),
                integer: true
            }
        );
        assert_eq!(
            q.question("partnerlander").unwrap().kind,
            QuestionKind::ShortText { max_length: 500 }
        );
    }

    #[test]
    fn the_project_group_has_the_keys_the_register_reads() {
        let q = q();
        let group = q.question("projekt").unwrap();
        let QuestionKind::Group {
            questions,
            max_items,
            item_label,
            add_label,
        } = &group.kind
        else {
            panic!("projekt is a group")
        };
        let keys: Vec<(&str, &str, bool)> = questions
            .iter()
            .map(|x| (x.key.as_str(), x.kind.name(), x.required))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("namn", "short_text", true),
                ("roll", "single_choice", true),
                ("partnerlander", "short_text", false),
                ("partner", "short_text", false),
                ("finansiering", "single_choice", false),
                ("startar", "number", false),
                ("slutar", "number", false),
                ("teman", "multiple_choice", false),
                ("agenda2030", "multiple_choice", false),
                ("budget", "number", false),
                ("status", "single_choice", true),
                ("resultat", "long_text", false),
            ]
        );
        assert_eq!(*max_items, 20);
        assert_eq!(item_label.sv, "Projekt");
        assert_eq!(add_label.sv, "Lägg till ett projekt");
        let options = |key: &str| -> String {
            questions
                .iter()
                .find(|x| x.key == key)
                .unwrap()
                .kind
                .options()
                .iter()
                .map(|o| o.key.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(options("roll"), "lead,partner,associerad");
        assert_eq!(options("status"), "planerat,pagaende,avslutat");
        // The same funding and theme keys as the questions on the unit.
        assert_eq!(
            options("finansiering"),
            option_keys("finansiering").join(",")
        );
        assert_eq!(options("teman"), option_keys("teman").join(","));
        assert_eq!(options("agenda2030"), option_keys("agenda2030").join(","));
        // Units that never worked internationally are not asked for projects;
        // everyone is asked about languages.
        let none = [(
            "aktivitetsniva".to_string(),
            Answer::Text("inte_alls".into()),
        )]
        .into_iter()
        .collect();
        let v = visibility(&q, UnitKind::Bolag, &none);
        assert!(!v.question("projekt") && v.question("personalens_sprak"));
        let before = [(
            "aktivitetsniva".to_string(),
            Answer::Text("tidigare".into()),
        )]
        .into_iter()
        .collect();
        assert!(visibility(&q, UnitKind::Bolag, &before).question("projekt"));
        assert!(q.question("personalens_sprak").unwrap().kind.has_other());
    }

    #[test]
    fn theme_options_are_the_vocabulary_themes() {
        let q = q();
        let options = q.question("teman").unwrap().kind.options();
        assert_eq!(options.len(), THEMES.len());
        for (option, (key, sv, en)) in options.iter().zip(THEMES) {
            assert_eq!(option.key, *key);
            assert_eq!(option.label.sv, *sv);
            assert_eq!(option.label.en, *en);
        }
    }

    #[test]
    fn conditions_and_kinds_work_as_intended() {
        let q = q();
        let mut a = Answers::new();
        let v = visibility(&q, UnitKind::Forvaltning, &a);
        for hidden in [
            "int_kontakt_namn",
            "varfor_inte",
            "former",
            "finansiering",
            "antal_projekt",
            "partnerlander",
            "natverk_medlemskap",
            "utbyte_tema",
            "styrelse",
            "agardirektiv",
        ] {
            assert!(!v.question(hidden), "{hidden}");
        }
        assert!(v.question("namnd"));
        let v = visibility(&q, UnitKind::Bolag, &a);
        assert!(v.question("styrelse") && v.question("agardirektiv") && !v.question("namnd"));

        a.insert("int_kontakt".into(), Answer::Bool(true));
        a.insert("aktivitetsniva".into(), Answer::Text("ad_hoc".into()));
        a.insert("utbyte_intresse".into(), Answer::Bool(true));
        let v = visibility(&q, UnitKind::Annat, &a);
        for shown in [
            "int_kontakt_namn",
            "former",
            "finansiering",
            "antal_projekt",
            "partnerlander",
            "natverk_medlemskap",
            "utbyte_tema",
            "namnd",
        ] {
            assert!(v.question(shown), "{shown}");
        }
        assert!(!v.question("varfor_inte"));
        a.insert("aktivitetsniva".into(), Answer::Text("tidigare".into()));
        let v = visibility(&q, UnitKind::Annat, &a);
        assert!(v.question("varfor_inte") && !v.question("former"));
    }

    #[test]
    fn a_complete_answer_can_be_submitted() {
        let q = q();
        let text = |s: &str| Answer::Text(s.to_string());
        let list = |items: &[&str]| Answer::List(items.iter().map(|s| s.to_string()).collect());
        let a: Answers = [
            ("svarande_namn", text("Anna Andersson")),
            ("svarande_epost", text("anna.andersson@kommun.se")),
            ("int_kontakt", Answer::Bool(false)),
            ("aktivitetsniva", text("strategiskt")),
            ("former", list(&["vanort", "eu_projekt", OTHER])),
            ("former.annat", text("Praktik utomlands")),
            ("finansiering", list(&["interreg"])),
            ("antal_projekt", Answer::Number(3.0)),
            ("strategi", text("kanner_till")),
            ("styrelse", text("informerad")),
            ("teman", list(&["energi_miljo", "utbildning"])),
            ("agenda2030", list(&["mal_7", "mal_13"])),
            ("betydelse", Answer::Number(4.0)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let c = check(&q, UnitKind::Bolag, &a, Mode::Submit);
        assert_eq!(c.problems, vec![]);
        assert_eq!(c.answers["former"], list(&["eu_projekt", "vanort", OTHER]));
        assert_eq!(c.answers.len(), a.len());

        let empty = check(&q, UnitKind::Bolag, &Answers::new(), Mode::Submit);
        let keys: Vec<&str> = empty.problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "svarande_namn",
                "svarande_epost",
                "int_kontakt",
                "aktivitetsniva",
                "strategi",
                "betydelse"
            ]
        );
        assert!(empty
            .problems
            .iter()
            .all(|p| p.kind == ProblemKind::Required));
    }

    #[test]
    fn intro_mentions_time_and_saving() {
        let intro = q().intro.sv;
        assert!(intro.contains("20–30 minuter"));
        assert!(intro.contains("spara"));
    }
}
