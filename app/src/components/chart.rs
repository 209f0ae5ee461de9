//! Horizontal bar charts as SVG rendered on the server, each with the same
//! figures as a table for screen readers and for copying.

use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// One bar: a label, a count and its share of the whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub share: f64,
}

const WIDTH: f64 = 640.0;
const ROW: f64 = 46.0;
const BAR_HEIGHT: f64 = 16.0;
const VALUE_ROOM: f64 = 110.0;

/// "3 (43 %)".
pub fn count_and_share(count: usize, share: f64, lang: Lang) -> String {
    format!("{count} ({})", crate::analysis::percent(share, lang))
}

/// A bar chart. `id` must be unique on the page; `caption` names the chart;
/// `unit` heads the count column of the table ("Enheter").
#[component]
pub fn BarChart(
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    bars: Vec<Bar>,
    #[prop(into)] unit: String,
) -> impl IntoView {
    let lang = use_lang();
    let height = (bars.len() as f64 * ROW).max(ROW);
    let longest = bars.iter().map(|b| b.share).fold(0.0_f64, f64::max);
    // Scale to the longest bar so small differences stay visible.
    let scale = if longest > 0.0 {
        (WIDTH - VALUE_ROOM) / longest
    } else {
        0.0
    };
    let caption_id = format!("{id}-rubrik");
    let summary = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, count_and_share(b.count, b.share, lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * ROW;
            let width = (b.share * scale).max(if b.count > 0 { 2.0 } else { 0.0 });
            view! {
                <text x="0" y=format!("{:.0}", y + 16.0) class="chart__label">{b.label.clone()}</text>
                <rect x="0" y=format!("{:.0}", y + 22.0) width=format!("{width:.1}") height=BAR_HEIGHT class="chart__bar"></rect>
                <text x=format!("{:.1}", width + 6.0) y=format!("{:.0}", y + 35.0) class="chart__value">
                    {count_and_share(b.count, b.share, lang)}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=id.clone()>
            <figcaption id=caption_id.clone() class="chart__caption">{caption.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height:.0}") role="img" aria-labelledby=caption_id
                aria-describedby=format!("{id}-sammanfattning") preserveAspectRatio="xMinYMin meet"
                class="chart__svg">
                {rows}
            </svg>
            <p id=format!("{id}-sammanfattning") class="visually-hidden">{summary}</p>
            <details class="chart__table no-print-toggle">
                <summary>{lang.t("Visa siffrorna som tabell", "Show the figures as a table")}<span class="visually-hidden">{format!(": {caption}")}</span></summary>
                <table class="data-table data-table--compact">
                    <caption class="visually-hidden">{caption.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{lang.t("Svar", "Answer")}</th>
                        <th scope="col" class="num">{unit}</th>
                        <th scope="col" class="num">{lang.t("Andel", "Share")}</th>
                    </tr></thead>
                    <tbody>
                        {bars.into_iter().map(|b| view! {
                            <tr>
                                <th scope="row">{b.label}</th>
                                <td class="num">{b.count}</td>
                                <td class="num">{crate::analysis::percent(b.share, lang)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}
