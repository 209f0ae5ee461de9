//! Every question's distribution: counts and shares for choices, mean and
//! spread for scales and numbers, free text with the unit named.

use super::{keys, Counted, QuestionSummary, SummaryBody, UnitRef};
use crate::i18n::Lang;
use crate::questionnaire::model::{other_key, Answer, QuestionKind, Questionnaire, Text, OTHER};
use crate::questionnaire::rules::is_answered;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub key: String,
    pub label: Text,
    pub count: usize,
    /// Of the units that answered the question.
    pub share: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NumericSummary {
    pub n: usize,
    pub sum: f64,
    pub mean: f64,
    pub median: f64,
    /// Sample standard deviation (as Excel's STDEV.S); 0 for one answer.
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    /// For scales: how many answered 1, 2, 3, 4 and 5.
    pub scale: Option<[usize; 5]>,
}

/// A free-text answer with the unit that wrote it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub unit: UnitRef,
    pub text: String,
    /// From a draft, not a submitted answer.
    pub draft: bool,
}

/// "43 %" (Swedish) or "43%" (English), rounded to a whole per cent.
pub fn percent(share: f64, lang: Lang) -> String {
    let value = (share * 100.0).round();
    match lang {
        Lang::Sv => format!("{value:.0} %"),
        Lang::En => format!("{value:.0}%"),
    }
}

/// Summarises every question of the questionnaire over the counted units.
pub(crate) fn summarise(q: &Questionnaire, counted: &[Counted]) -> Vec<QuestionSummary> {
    q.questions()
        .enumerate()
        .map(|(position, (section, question))| {
            let seen: Vec<&Counted> = counted
                .iter()
                .filter(|c| c.shown.get(position).copied().unwrap_or(false))
                .collect();
            let answers: Vec<(&Counted, &Answer)> = seen
                .iter()
                .filter_map(|c| {
                    value_at(c, position, &question.key)
                        .filter(|a| is_answered(a))
                        .map(|a| (*c, a))
                })
                .collect();
            let body = match &question.kind {
                QuestionKind::SingleChoice { options, other }
                | QuestionKind::MultipleChoice { options, other } => {
                    let mut all: Vec<(String, Text)> = options
                        .iter()
                        .map(|o| (o.key.clone(), o.label.clone()))
                        .collect();
                    if *other {
                        all.push((OTHER.to_string(), Text::new("Annat", "Other")));
                    }
                    let other_texts = if *other {
                        quotes(&seen, &other_key(&question.key))
                    } else {
                        Vec::new()
                    };
                    SummaryBody::Choice {
                        multiple: matches!(question.kind, QuestionKind::MultipleChoice { .. }),
                        options: count_options(&all, &answers),
                        other_texts,
                    }
                }
                QuestionKind::YesNo => {
                    let all = vec![
                        ("ja".to_string(), Text::new("Ja", "Yes")),
                        ("nej".to_string(), Text::new("Nej", "No")),
                    ];
                    SummaryBody::Choice {
                        multiple: false,
                        options: count_options(&all, &answers),
                        other_texts: Vec::new(),
                    }
                }
                QuestionKind::Scale { .. } | QuestionKind::Number { .. } => {
                    let values: Vec<f64> = answers
                        .iter()
                        .filter_map(|(_, a)| match a {
                            Answer::Number(n) if n.is_finite() => Some(*n),
                            _ => None,
                        })
                        .collect();
                    let mut summary = numeric(&values);
                    if matches!(question.kind, QuestionKind::Scale { .. }) {
                        let mut scale = [0; 5];
                        for v in &values {
                            if (1.0..=5.0).contains(v) && v.fract() == 0.0 {
                                scale[*v as usize - 1] += 1;
                            }
                        }
                        summary.scale = Some(scale);
                    }
                    SummaryBody::Numeric(summary)
                }
                QuestionKind::Email => SummaryBody::Counted,
                QuestionKind::Group { .. } => SummaryBody::Items {
                    items: answers
                        .iter()
                        .map(|(_, a)| match a {
                            Answer::Items(items) => items.len(),
                            _ => 0,
                        })
                        .sum(),
                },
                _ if keys::PERSONAL.contains(&question.key.as_str()) => SummaryBody::Counted,
                QuestionKind::ShortText { .. }
                | QuestionKind::LongText { .. }
                | QuestionKind::Date => SummaryBody::Texts(
                    answers
                        .iter()
                        .filter_map(|(c, a)| match a {
                            Answer::Text(t) => Some(Quote {
                                unit: c.unit.clone(),
                                text: t.trim().to_string(),
                                draft: c.draft,
                            }),
                            _ => None,
                        })
                        .collect(),
                ),
            };
            QuestionSummary {
                key: question.key.clone(),
                section: section.title.clone(),
                text: question.text.clone(),
                kind: question.kind.name().to_string(),
                shown: seen.len(),
                answered: answers.len(),
                body,
            }
        })
        .collect()
}

fn count_options(all: &[(String, Text)], answers: &[(&Counted, &Answer)]) -> Vec<OptionCount> {
    let mut counts = vec![0usize; all.len()];
    let position: std::collections::HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (key, _))| (key.as_str(), i))
        .collect();
    for (_, answer) in answers {
        let mut picked = super::chosen(Some(answer));
        // A key listed twice counts once.
        picked.sort_unstable();
        picked.dedup();
        for key in picked {
            if let Some(i) = position.get(key) {
                counts[*i] += 1;
            }
        }
    }
    all.iter()
        .zip(counts)
        .map(|((key, label), count)| OptionCount {
            key: key.clone(),
            label: label.clone(),
            count,
            share: super::rate(count, answers.len()),
        })
        .collect()
}

/// A unit's answer to the question at `position` (looked up by key when the
/// positions were not worked out).
fn value_at<'a>(c: &Counted<'a>, position: usize, key: &str) -> Option<&'a Answer> {
    match c.values.get(position) {
        Some(value) => *value,
        None => c.answers.get(key),
    }
}

fn quotes(seen: &[&Counted], key: &str) -> Vec<Quote> {
    seen.iter()
        .filter_map(|c| match c.answers.get(key) {
            Some(Answer::Text(t)) if !t.trim().is_empty() => Some(Quote {
                unit: c.unit.clone(),
                text: t.trim().to_string(),
                draft: c.draft,
            }),
            _ => None,
        })
        .collect()
}

/// Count, sum, mean, median, sample standard deviation, min and max.
pub fn numeric(values: &[f64]) -> NumericSummary {
    let n = values.len();
    if n == 0 {
        return NumericSummary::default();
    }
    let sum: f64 = values.iter().sum();
    let mean = sum / n as f64;
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    NumericSummary {
        n,
        sum,
        mean,
        median,
        sd,
        min: sorted[0],
        max: sorted[n - 1],
        scale: None,
    }
}
