//! A line chart over rounds as SVG rendered on the server, followed by the
//! same figures as a table for screen readers and for copying. No
//! JavaScript; every label is text, which the view escapes.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// One round on the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendValue {
    /// The round's name (in the table).
    pub label: String,
    /// Under the point on the axis, and in the table: the closing date.
    pub axis: String,
    /// None: the round lacks the figure; the line breaks there.
    pub value: Option<f64>,
    /// The value as the page writes it ("43 %", "–").
    pub text: String,
}

/// What the values are: shares from 0 to 1, or counts from 0 up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendScale {
    Share,
    Count,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 60.0;

/// The smallest of 1, 2, 5, 10, 20, 50, … at or above `value` (1 for none).
pub fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 1.0 {
        return 1.0;
    }
    let mut step = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * step >= value {
                return m * step;
            }
        }
        step *= 10.0;
    }
}

fn axis_text(value: f64, scale: TrendScale, lang: crate::i18n::Lang) -> String {
    match scale {
        TrendScale::Share => crate::analysis::percent(value, lang),
        TrendScale::Count => crate::questionnaire::model::format_number(value),
    }
}

/// The x position of point `i` of `n`.
fn x_of(i: usize, n: usize) -> f64 {
    let plot = WIDTH - LEFT - RIGHT;
    if n <= 1 {
        LEFT + plot / 2.0
    } else {
        LEFT + plot * i as f64 / (n - 1) as f64
    }
}

/// The line through the values, broken where one is missing.
pub fn line_path(values: &[Option<f64>], max: f64) -> String {
    let plot = HEIGHT - TOP - BOTTOM;
    let mut path = String::new();
    let mut drawing = false;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let y = TOP + plot * (1.0 - (v / max).clamp(0.0, 1.0));
                let x = x_of(i, values.len());
                path.push_str(&format!(
                    "{}{x:.1} {y:.1} ",
                    if drawing { "L" } else { "M" }
                ));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    path.trim_end().to_string()
}

/// A trend chart. `id` must be unique on the page; `caption` names the chart
/// and its table; `heading` heads the table's value column.
#[component]
pub fn TrendChart(
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    values: Vec<TrendValue>,
    scale: TrendScale,
    #[prop(into)] heading: String,
) -> impl IntoView {
    let lang = use_lang();
    let max = match scale {
        TrendScale::Share => 1.0,
        TrendScale::Count => nice_ceiling(
            values
                .iter()
                .filter_map(|v| v.value)
                .fold(0.0_f64, f64::max),
        ),
    };
    let plot = HEIGHT - TOP - BOTTOM;
    let caption_id = format!("{id}-rubrik");
    let n = values.len();
    // Many rounds: the dates lean so that they do not overlap.
    let lean = n > 5;
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let y = TOP + plot * (1.0 - f);
            view! {
                <line x1=format!("{LEFT:.0}") x2=format!("{:.0}", WIDTH - RIGHT + 10.0) y1=format!("{y:.1}") y2=format!("{y:.1}") class="trend-chart__grid"></line>
                <text x=format!("{:.0}", LEFT - 8.0) y=format!("{:.1}", y + 5.0) text-anchor="end" class="trend-chart__axis">{axis_text(max * f, scale, lang)}</text>
            }
        })
        .collect_view();
    let path = line_path(&values.iter().map(|v| v.value).collect::<Vec<_>>(), max);
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = x_of(i, n);
            let base = HEIGHT - BOTTOM + 20.0;
            let axis = if lean {
                view! {
                    <text x=format!("{x:.1}") y=format!("{base:.1}") text-anchor="end"
                        transform=format!("rotate(-30 {x:.1} {base:.1})") class="trend-chart__axis">{v.axis.clone()}</text>
                }
                .into_any()
            } else {
                view! {
                    <text x=format!("{x:.1}") y=format!("{base:.1}") text-anchor="middle" class="trend-chart__axis">{v.axis.clone()}</text>
                }
                .into_any()
            };
            let point = v.value.map(|value| {
                let y = TOP + plot * (1.0 - (value / max).clamp(0.0, 1.0));
                view! {
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5" class="trend-chart__point"></circle>
                    <text x=format!("{x:.1}") y=format!("{:.1}", y - 12.0) text-anchor="middle" class="trend-chart__value">{v.text.clone()}</text>
                }
            });
            view! { {axis}{point} }
        })
        .collect_view();
    view! {
        <figure class="chart trend-chart" id=id.clone()>
            <figcaption id=caption_id.clone() class="chart__caption">{caption.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH:.0} {HEIGHT:.0}") role="img" aria-labelledby=caption_id
                preserveAspectRatio="xMinYMin meet" class="chart__svg">
                {grid}
                <path d=path class="trend-chart__line"></path>
                {points}
            </svg>
            <table class="data-table data-table--compact trend-chart__table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("Kartläggning", "Round")}</th>
                    <th scope="col">{lang.t("Stängde", "Closed")}</th>
                    <th scope="col" class="num">{heading}</th>
                </tr></thead>
                <tbody>
                    {values.into_iter().map(|v| view! {
                        <tr>
                            <th scope="row">{v.label}</th>
                            <td>{v.axis}</td>
                            <td class="num">{v.text}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_scale_to_a_round_ceiling() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(1.5), 2.0);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(nice_ceiling(11.0), 20.0);
        assert_eq!(nice_ceiling(420.0), 500.0);
    }

    #[test]
    fn the_line_breaks_where_a_value_is_missing() {
        let path = line_path(&[Some(0.0), Some(1.0), None, Some(0.5)], 1.0);
        // Three points: 0 at the bottom, 1 at the top, then a new start.
        assert_eq!(path, "M56.0 190.0 L237.3 30.0 M600.0 110.0");
        assert_eq!(line_path(&[None, None], 1.0), "");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn round_names_are_text_in_the_chart_and_its_table() {
        let owner = Owner::new();
        let html = owner.with(|| {
            let values = vec![
                TrendValue {
                    label: "<script>alert(1)</script>".into(),
                    axis: "2025-06-30".into(),
                    value: Some(0.25),
                    text: "25 %".into(),
                },
                TrendValue {
                    label: "Nu & sedan".into(),
                    axis: "2026-06-30".into(),
                    value: None,
                    text: "–".into(),
                },
            ];
            view! {
                <TrendChart id="t" caption="Svar <b>fet</b>" values scale=TrendScale::Share heading="Andel"/>
            }
            .to_html()
        });
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("Nu &amp; sedan"), "{html}");
        assert!(html.contains(r#"role="img""#), "{html}");
        assert!(html.contains(r#"aria-labelledby="t-rubrik""#), "{html}");
        // One point drawn: the missing value has none.
        assert_eq!(html.matches("<circle").count(), 1, "{html}");
        assert!(html.contains("<table"), "{html}");
    }
}
