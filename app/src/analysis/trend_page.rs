//! The trend part of a municipality's analysis page: each key figure over
//! every round as a chart with its table, themes per round, and this
//! round's choice questions against the previous round's.

use super::trend::format_points;
use super::{percent, KeyFigures, QuestionChange, Severity, Trend, TrendPoint};
use crate::components::{TableWrap, TrendChart, TrendScale, TrendValue};
use crate::i18n::{use_lang, Lang};
use crate::questionnaire::model::format_number;
use crate::time::format_date_stockholm;
use leptos::prelude::*;

/// The heading of the part, also in the page's table of contents.
pub fn heading(lang: Lang) -> &'static str {
    lang.t("Utveckling över tid", "Trend over time")
}

fn share_text(share: Option<f64>, lang: Lang) -> String {
    share
        .map(|s| percent(s, lang))
        .unwrap_or_else(|| "–".into())
}

fn number_text(value: Option<f64>) -> String {
    value
        .map(|v| format_number((v * 10.0).round() / 10.0))
        .unwrap_or_else(|| "–".into())
}

fn closed(p: &TrendPoint) -> String {
    format_date_stockholm(p.closes_at - 1)
}

/// A key figure on a chart: its id, name, value and scale.
struct Figure {
    id: &'static str,
    label: (&'static str, &'static str),
    value: fn(&TrendPoint) -> Option<f64>,
    scale: TrendScale,
}

const FIGURES: [Figure; 6] = [
    Figure {
        id: "trend-svarsfrekvens",
        label: ("Svarsfrekvens", "Response rate"),
        value: |p| (p.figures.invited > 0).then_some(p.figures.rate),
        scale: TrendScale::Share,
    },
    Figure {
        id: "trend-aktiva",
        label: ("Arbetar internationellt", "Work internationally"),
        value: |p| p.figures.active_share,
        scale: TrendScale::Share,
    },
    Figure {
        id: "trend-strategiskt",
        label: ("Arbetar strategiskt", "Work strategically"),
        value: |p| p.figures.strategic_share,
        scale: TrendScale::Share,
    },
    Figure {
        id: "trend-strategi",
        label: ("Känner till strategin", "Know the strategy"),
        value: |p| p.figures.strategy_known_share,
        scale: TrendScale::Share,
    },
    Figure {
        id: "trend-projekt",
        label: ("Pågående projekt", "Ongoing projects"),
        value: |p| p.figures.projects,
        scale: TrendScale::Count,
    },
    Figure {
        id: "trend-teman",
        label: (
            "Teman som minst en enhet valt",
            "Themes chosen by at least one unit",
        ),
        value: |p| p.themes_chosen().map(|n| n as f64),
        scale: TrendScale::Count,
    },
];

fn value_text(value: Option<f64>, scale: TrendScale, lang: Lang) -> String {
    match scale {
        TrendScale::Share => share_text(value, lang),
        TrendScale::Count => number_text(value),
    }
}

/// A key figure of a round as the page writes it.
type FigureText = Box<dyn Fn(&KeyFigures) -> String>;

/// Every key figure of each round, for the table under the charts.
fn figure_rows(lang: Lang) -> Vec<(&'static str, FigureText)> {
    vec![
        (
            lang.t("Inbjudna enheter", "Units invited"),
            Box::new(|f: &KeyFigures| f.invited.to_string()),
        ),
        (
            lang.t("Har svarat", "Have answered"),
            Box::new(|f: &KeyFigures| f.answered.to_string()),
        ),
        (
            lang.t("Svarsfrekvens", "Response rate"),
            Box::new(move |f: &KeyFigures| percent(f.rate, lang)),
        ),
        (
            lang.t("Arbetar internationellt", "Work internationally"),
            Box::new(move |f: &KeyFigures| share_text(f.active_share, lang)),
        ),
        (
            lang.t("Arbetar strategiskt", "Work strategically"),
            Box::new(move |f: &KeyFigures| share_text(f.strategic_share, lang)),
        ),
        (
            lang.t("Känner till strategin", "Know the strategy"),
            Box::new(move |f: &KeyFigures| share_text(f.strategy_known_share, lang)),
        ),
        (
            lang.t(
                "Har internationell kontaktperson",
                "Have an international contact",
            ),
            Box::new(move |f: &KeyFigures| share_text(f.contact_share, lang)),
        ),
        (
            lang.t(
                "Internationellt perspektiv i egna planer",
                "International perspective in own plans",
            ),
            Box::new(move |f: &KeyFigures| share_text(f.perspective_share, lang)),
        ),
        (
            lang.t("Pågående projekt", "Ongoing projects"),
            Box::new(|f: &KeyFigures| number_text(f.projects)),
        ),
        (
            lang.t("Betydelse, medelvärde 1–5", "Importance, mean 1–5"),
            Box::new(|f: &KeyFigures| number_text(f.importance)),
        ),
        (
            lang.t("Allvarliga glapp", "Serious gaps"),
            Box::new(|f: &KeyFigures| f.flags[Severity::Allvarlig as usize].to_string()),
        ),
        (
            lang.t("Varningar", "Warnings"),
            Box::new(|f: &KeyFigures| f.flags[Severity::Varning as usize].to_string()),
        ),
    ]
}

/// The municipality's trend: the part with the anchor `#trend`.
#[component]
pub fn TrendSection(t: Trend) -> impl IntoView {
    let lang = use_lang();
    let first = t.points.first().cloned();
    let count = t.points.len();
    let intro = first.map(|first| match lang {
        Lang::Sv => format!(
            "{count} kartläggningar, den första {} (stängde {}). Tidigare kartläggningar räknar bara inskickade svar; andelarna gäller de enheter som besvarat frågan.",
            first.round_name,
            closed(&first)
        ),
        Lang::En => format!(
            "{count} rounds, the first {} (closed {}). Earlier rounds count submitted answers only; the shares are of the units that answered the question.",
            first.round_name,
            closed(&first)
        ),
    });
    let charts = FIGURES
        .iter()
        .map(|f| {
            let values = t
                .points
                .iter()
                .map(|p| {
                    let value = (f.value)(p);
                    TrendValue {
                        label: p.round_name.clone(),
                        axis: closed(p),
                        value,
                        text: value_text(value, f.scale, lang),
                    }
                })
                .collect();
            let label = lang.t(f.label.0, f.label.1);
            view! { <TrendChart id=f.id caption=label values scale=f.scale heading=label/> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="trend" class="analysis-part">
            <h2 id="trend">{heading(lang)}</h2>
            <p>{intro}</p>
            <div class="chart-grid">{charts}</div>
            <KeyFigureTable points=t.points.clone()/>
            <ThemeTable t=t.clone()/>
            <QuestionComparison t/>
        </section>
    }
    .into_any()
}

#[component]
fn KeyFigureTable(points: Vec<TrendPoint>) -> impl IntoView {
    let lang = use_lang();
    let label = lang.t("Nyckeltal per kartläggning", "Key figures by round");
    view! {
        <h3 id="trend-nyckeltal">{label}</h3>
        <TableWrap label=label>
            <table class="data-table">
                <caption class="visually-hidden">{label}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Nyckeltal", "Key figure")}</th>
                    {points.iter().map(|p| view! {
                        <th scope="col" class="num">{p.round_name.clone()}<span class="table-hint">{closed(p)}</span></th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {figure_rows(lang).into_iter().map(|(name, value)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {points.iter().map(|p| view! { <td class="num">{value(&p.figures)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

#[component]
fn ThemeTable(t: Trend) -> impl IntoView {
    let lang = use_lang();
    if t.themes.is_empty() {
        return ().into_any();
    }
    let label = lang.t("Teman per kartläggning", "Themes by round");
    view! {
        <h3 id="trend-teman-tabell">{label}</h3>
        <p class="hint">{lang.t(
            "Antal enheter som vill satsa på temat. – betyder att enkäten inte hade temat den gången.",
            "Number of units that want to focus on the theme. – means the questionnaire did not offer the theme that time.",
        )}</p>
        <TableWrap label=label>
            <table class="data-table matrix">
                <caption class="visually-hidden">{label}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Kartläggning", "Round")}</th>
                    <th scope="col" class="num">{lang.t("Svar", "Answers")}</th>
                    {t.themes.iter().map(|(_, name)| view! { <th scope="col" class="num matrix__theme">{name.get(lang).to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {t.points.iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.round_name.clone()}<span class="table-hint">{closed(p)}</span></th>
                            <td class="num">{p.figures.answered}</td>
                            {p.theme_counts.iter().map(|c| view! {
                                <td class="num matrix__cell">{c.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

#[component]
fn QuestionComparison(t: Trend) -> impl IntoView {
    let lang = use_lang();
    let Some(previous) = t.previous().cloned() else {
        return ().into_any();
    };
    if t.questions.is_empty() {
        return ().into_any();
    }
    let now = t.points.last().cloned().unwrap_or_else(|| previous.clone());
    let answered = |n: Option<usize>| {
        n.map(|n| n.to_string())
            .unwrap_or_else(|| lang.t("frågan fanns inte", "not asked").into())
    };
    view! {
        <h3 id="trend-fragor">{lang.t("Fråga för fråga", "Question by question")}</h3>
        <p>{match lang {
            Lang::Sv => format!("Flervals- och ja/nej-frågorna i {} jämförda med {}: andelen av de svarande enheterna som valde varje svar, och förändringen i procentenheter (p.e.). – betyder att frågan eller svaret inte fanns.", now.round_name, previous.round_name),
            Lang::En => format!("The choice and yes/no questions of {} compared with {}: the share of the answering units that chose each answer, and the change in percentage points (pp). – means the question or the answer did not exist.", now.round_name, previous.round_name),
        }}</p>
        <details class="trend-questions">
            <summary>{match lang {
                Lang::Sv => format!("Visa {} frågor", t.questions.len()),
                Lang::En => format!("Show {} questions", t.questions.len()),
            }}</summary>
            {t.questions.into_iter().map(|q: QuestionChange| {
                let caption = q.text.get(lang).to_string();
                let (before_name, now_name) = (previous.round_name.clone(), now.round_name.clone());
                view! {
                    <div class="question-summary" id=format!("trend-fraga-{}", q.key)>
                        <h4>{caption.clone()}</h4>
                        <p class="hint">{format!(
                            "{} {}: {}. {} {}: {}.{}",
                            lang.t("Svarande", "Answering"), previous.round_name, answered(q.answered_before),
                            lang.t("Svarande", "Answering"), now.round_name, answered(q.answered_now),
                            if q.multiple { lang.t(" Flera val.", " Multiple choice.") } else { "" },
                        )}</p>
                        <TableWrap label=caption.clone()>
                            <table class="data-table data-table--compact">
                                <caption class="visually-hidden">{caption.clone()}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("Svar", "Answer")}</th>
                                    <th scope="col" class="num">{before_name}</th>
                                    <th scope="col" class="num">{now_name}</th>
                                    <th scope="col" class="num">{lang.t("Förändring, p.e.", "Change, pp")}</th>
                                </tr></thead>
                                <tbody>
                                    {q.options.iter().map(|o| view! {
                                        <tr>
                                            <th scope="row">{o.label.get(lang).to_string()}</th>
                                            <td class="num">{share_text(o.before, lang)}</td>
                                            <td class="num">{share_text(o.now, lang)}</td>
                                            <td class="num">{o.change_points().map(format_points).unwrap_or_else(|| "–".into())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                    </div>
                }
            }).collect_view()}
        </details>
    }
    .into_any()
}
