//! The municipality analysis's part on a round based on an earlier one:
//! how many answering units confirmed last round's answers, changed them,
//! or answered afresh, with the units named.

use super::continuity::ContinuityCounts;
use crate::components::TableWrap;
use crate::i18n::use_lang;
use crate::rounds::carry::Continuity;
use leptos::prelude::*;

#[component]
pub fn ContinuitySection(c: ContinuityCounts) -> impl IntoView {
    let lang = use_lang();
    let kinds = [
        Continuity::Confirmed,
        Continuity::Changed,
        Continuity::Fresh,
    ];
    let total: usize = kinds.iter().map(|k| c.of(*k).len()).sum();
    view! {
        <section aria-labelledby="forra-svaren" class="analysis-part">
            <h2 id="forra-svaren">{lang.t("Förra kartläggningens svar", "The previous round's answers")}</h2>
            <p class="hint">{lang.t(
                "Kartläggningen utgår från en tidigare kartläggning: enheter som svarade då fick formuläret ifyllt med sina svar.",
                "The round starts from an earlier round: units that answered then got the form filled in with their answers.",
            )}</p>
            <TableWrap label=lang.t("Förra kartläggningens svar", "The previous round's answers")>
                <table class="data-table">
                    <caption class="visually-hidden">{lang.t("Inskickade enheter efter hur de svarade", "Submitted units by how they answered")}</caption>
                    <thead><tr>
                        <th scope="col">{lang.t("Svar", "Answers")}</th>
                        <th scope="col" class="num">{lang.t("Enheter", "Units")}</th>
                        <th scope="col">{lang.t("Vilka", "Which")}</th>
                    </tr></thead>
                    <tbody>
                        {kinds.into_iter().map(|k| {
                            let units = c.of(k);
                            let names: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
                            view! {
                                <tr>
                                    <th scope="row">{k.label(lang)}</th>
                                    <td class="num">{units.len()}</td>
                                    <td>{if names.is_empty() { "–".to_string() } else { names.join(", ") }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{lang.t("Inskickade", "Submitted")}</th>
                        <td class="num">{total}</td>
                        <td></td>
                    </tr></tfoot>
                </table>
            </TableWrap>
        </section>
    }
}
