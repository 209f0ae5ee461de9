//! Pages for importing the registry from a spreadsheet: instructions, upload, preview, result.

use super::import::{Change, PreviewPage, Slice, COLUMNS, MAX_PROBLEMS, TOO_MANY_ROWS};
use super::import_api::{import_preview, ApplyImport};
use crate::components::{
    ErrorSummary, FieldProblem, FormErrors, LoadError, PageTitle, Pager, TableWrap,
};
use crate::i18n::{use_lang, Lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ImportStartPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let error = move || {
        query
            .try_with(|q| q.get("fel"))
            .flatten()
            .map(|code| match code.as_str() {
                "stor" => lang.t(
                    "Filen är för stor. Den får vara högst 2 MB.",
                    "The file is too large. It may be at most 2 MB.",
                ),
                "rader" => lang.t(
                    TOO_MANY_ROWS,
                    "The file has more than 20,000 rows. Split it into several files.",
                ),
                "behorighet" => lang.t(
                    "Läsare kan inte läsa in filer.",
                    "Readers cannot import files.",
                ),
                _ => lang.t(
                    "Välj en CSV-fil att läsa in.",
                    "Choose a CSV file to import.",
                ),
            })
    };
    let column_help: [(&str, &str, &str); 9] = [
        ("Kommunens fyra siffror enligt SCB, till exempel 0780. En borttappad inledande nolla läggs till.", "The municipality's four digits (SCB), e.g. 0780. A dropped leading zero is restored.", "0780"),
        ("Kommunens namn. Kontrolleras mot kommunkoden; får lämnas tomt.", "The municipality's name. Checked against the code; may be left empty.", "Växjö"),
        ("Förvaltningens eller bolagets namn.", "The administration's or company's name.", "Utbildningsförvaltningen"),
        ("förvaltning, bolag eller annat (till exempel en nämnd).", "förvaltning, bolag or annat (e.g. a board).", "förvaltning"),
        ("Ett av registrets verksamhetsområden, till exempel Utbildning eller Socialtjänst och omsorg. Stora och små bokstäver spelar ingen roll, & och \"och\" räknas lika och delarna av en lista med / eller , får stå i vilken ordning som helst (socialtjänst & omsorg går bra). Andra namn, som energi/VA/avfall, fungerar när de finns som alias: en administratör lägger till dem på sidan Verksamhetsområden.",
         "One of the registry's sectors, e.g. Utbildning or Socialtjänst och omsorg. Upper and lower case do not matter, & and \"och\" count the same and the parts of a list with / or , may stand in any order (socialtjänst & omsorg will do). Other names, such as energi/VA/avfall, work when they are aliases: an administrator adds them on the Sectors page.", "Utbildning"),
        ("Kontaktpersonens namn. En rad per kontaktperson; lämna tomt för en enhet utan kontakt.", "The contact's name. One row per contact; leave empty for a unit without contact.", "Anna Lind"),
        ("Kontaktpersonens e-postadress.", "The contact's e-mail address.", "anna.lind@vaxjo.se"),
        ("Kontaktpersonens roll.", "The contact's role.", "EU-samordnare"),
        ("ja om kontaktpersonen är enhetens internationella kontaktperson, annars nej. Utan kolumnen (eller med tom cell) räknas rollen \"internationell kontaktperson\" som ja.",
         "ja if the contact is the unit's international contact person, else nej. Without the column (or with an empty cell) the role \"internationell kontaktperson\" counts as ja.", "ja"),
    ];

    view! {
        <PageTitle text={
            let title = lang.t("Läs in register från Excel", "Import the registry from Excel");
            if untrack(error).is_some() { format!("{}: {title}", lang.t("Fel", "Error")) } else { title.to_string() }
        }/>
        <div class="page">
            <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                <a href="/kommuner">{lang.t("Kommuner", "Municipalities")}</a>
            </nav>
            {move || error().map(|message| view! {
                <ErrorSummary problems=vec![FieldProblem { field_id: "fil".into(), message: message.into() }]/>
            })}
            <h1>{lang.t("Läs in register från Excel", "Import the registry from Excel")}</h1>
            <p class="lead">{lang.t(
                "Har du kommunens förvaltningar, bolag och kontaktpersoner i ett kalkylark? Spara det som CSV och läs in det här. Du ser först vad som kommer att ändras, och inget sparas förrän du bekräftar.",
                "Do you have the municipality's administrations, companies and contacts in a spreadsheet? Save it as CSV and import it here. You first see what will change, and nothing is saved until you confirm.",
            )}</p>
            <p><a href="/import/mall.csv" download="nulage-register-mall.csv">{lang.t("Ladda ner mallen (CSV för Excel)", "Download the template (CSV for Excel)")}</a></p>

            <h2>{lang.t("Kolumnerna", "The columns")}</h2>
            <p>{lang.t(
                "Första raden är rubriker. Ordningen spelar ingen roll, och stora eller små bokstäver spelar ingen roll. Semikolon eller komma som avgränsare, UTF-8 eller Windows-1252 (som svenska Excel sparar) fungerar.",
                "The first row holds the headings. Order and upper or lower case do not matter. Semicolon or comma separators, UTF-8 or Windows-1252 (as Swedish Excel saves) all work.",
            )}</p>
            <TableWrap label=lang.t("Kolumnerna", "The columns")>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{lang.t("Kolumn", "Column")}</th>
                        <th scope="col">{lang.t("Innehåll", "Content")}</th>
                        <th scope="col">{lang.t("Exempel", "Example")}</th>
                    </tr></thead>
                    <tbody>
                        {COLUMNS.iter().zip(column_help).map(|(column, (sv, en, example))| view! {
                            <tr><th scope="row"><code>{*column}</code></th><td>{lang.t(sv, en)}</td><td>{example}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
            <p>{lang.t(
                "Att läsa in samma fil igen ändrar ingenting. En ändrad fil uppdaterar enheter (per kommunkod och enhet) och kontaktpersoner (per enhet och e-post) i stället för att skapa dubbletter.",
                "Importing the same file again changes nothing. A changed file updates units (by code and unit) and contacts (by unit and e-mail) instead of creating duplicates.",
            )}</p>

            <h2>{lang.t("Välj fil", "Choose a file")}</h2>
            <form method="post" action="/import/fil" enctype="multipart/form-data">
                <div class=move || if error().is_some() { "field field--error" } else { "field" }>
                    <label for="fil">{lang.t("CSV-fil", "CSV file")}</label>
                    <p class="hint" id="fil-hint">{lang.t("Högst 2 MB och 20 000 rader. Dela upp större register i flera filer.", "At most 2 MB and 20,000 rows. Split a larger registry into several files.")}</p>
                    {move || error().map(|message| view! {
                        <p class="field-error" id="fil-fel"><span class="visually-hidden">{lang.t("Fel: ", "Error: ")}</span>{message}</p>
                    })}
                    <input id="fil" name="fil" type="file" accept=".csv,text/csv,text/plain" required
                        aria-describedby=move || if error().is_some() { "fil-hint fil-fel" } else { "fil-hint" }
                        aria-invalid=move || error().is_some().then_some("true")/>
                </div>
                <button type="submit" class="button">{lang.t("Förhandsgranska", "Preview")}</button>
            </form>
        </div>
    }
}

fn change_label(change: &Change, lang: Lang) -> &'static str {
    match change {
        Change::Create => lang.t("ny", "new"),
        Change::Update => lang.t("ändras", "changed"),
        Change::Unchanged => lang.t("oförändrad", "unchanged"),
    }
}

/// "Visar 201–400 av 4 500." for a list longer than a page.
fn range_text<T>(slice: &Slice<T>, lang: Lang) -> Option<String> {
    let (first, last, total) = slice.range();
    (slice.total > slice.rows.len()).then(|| match lang {
        Lang::Sv => format!("Visar {first}–{last} av {total}."),
        Lang::En => format!("Showing {first}–{last} of {total}."),
    })
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let apply = ServerAction::<ApplyImport>::new();
    let preview = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| {
                    q.get("sida")
                        .and_then(|n| n.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                }),
            )
        },
        |(id, page)| import_preview(id, page),
    );

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let p = match preview.await {
                    Ok(p) => p,
                    Err(error) => return view! { <LoadError error/> }.into_any(),
                };
                let Some(plan) = p.preview.clone() else {
                    let counts = p.applied.clone().unwrap_or_default();
                    return view! {
                        <PageTitle text=lang.t("Registret är inläst", "The registry is imported")/>
                        <div class="page page--narrow">
                            <div class="notice notice--success" role="status">
                                <h1>{lang.t("Registret är inläst", "The registry is imported")}</h1>
                                <p>{p.file_name.clone()}</p>
                            </div>
                            <ul>
                                <li>{match lang { Lang::Sv => format!("{} nya kommuner", counts.municipalities), Lang::En => format!("{} new municipalities", counts.municipalities) }}</li>
                                <li>{match lang { Lang::Sv => format!("{} nya och {} ändrade enheter", counts.units_created, counts.units_updated), Lang::En => format!("{} new and {} changed units", counts.units_created, counts.units_updated) }}</li>
                                <li>{match lang { Lang::Sv => format!("{} nya och {} ändrade kontaktpersoner", counts.contacts_created, counts.contacts_updated), Lang::En => format!("{} new and {} changed contacts", counts.contacts_created, counts.contacts_updated) }}</li>
                            </ul>
                            <p><a href="/kommuner">{lang.t("Till kommunerna", "To the municipalities")}</a></p>
                        </div>
                    }.into_any();
                };
                let has_problems = plan.problem_total > 0;
                let (new_units, new_contacts) = plan.created;
                let (changed_units, changed_contacts) = plan.updated;
                let (same_units, same_contacts) = plan.unchanged;
                let summary = match lang {
                    Lang::Sv => format!(
                        "{} nya kommuner; enheter: {new_units} nya, {changed_units} ändras, {same_units} oförändrade; kontaktpersoner: {new_contacts} nya, {changed_contacts} ändras, {same_contacts} oförändrade.",
                        plan.new_municipalities.len()
                    ),
                    Lang::En => format!(
                        "{} new municipalities; units: {new_units} new, {changed_units} changed, {same_units} unchanged; contacts: {new_contacts} new, {changed_contacts} changed, {same_contacts} unchanged.",
                        plan.new_municipalities.len()
                    ),
                };
                let has_changes = plan.has_changes;
                let id = p.id.clone();
                let paged = plan.pages > 1;
                let problem_total = plan.problem_total;
                let omitted = problem_total.saturating_sub(plan.problems.total);
                let (problem_range, unit_range, contact_range) = (
                    range_text(&plan.problems, lang),
                    range_text(&plan.units, lang),
                    range_text(&plan.contacts, lang),
                );
                let (top_pager, bottom_pager) = (
                    paged.then(|| { let id = id.clone(); view! { <Pager page=plan.page pages=plan.pages label=lang.t("Sidor", "Pages") href=move |n| format!("/import/{id}?sida={n}")/> } }),
                    paged.then(|| { let id = id.clone(); view! { <Pager page=plan.page pages=plan.pages label=lang.t("Sidor, längst ned", "Pages, at the bottom") href=move |n| format!("/import/{id}?sida={n}")/> } }),
                );
                let PreviewPage { new_municipalities, problems, units, contacts, .. } = plan;
                view! {
                    <PageTitle text={
                        // A file with problems is an error too, though no form was refused.
                        let title = lang.t("Förhandsgranska inläsning", "Preview the import");
                        if has_problems { format!("{}: {title}", lang.t("Fel", "Error")) } else { title.to_string() }
                    }/>
                    <div class="page">
                        <nav aria-label=lang.t("Brödsmulor", "Breadcrumbs") class="breadcrumbs">
                            <a href="/import">{lang.t("Läs in register", "Import the registry")}</a>
                        </nav>
                        <FormErrors action=ApplyImport::PATH first="bekrafta"/>
                        <h1>{lang.t("Förhandsgranska inläsning", "Preview the import")}</h1>
                        <p class="lead">{p.file_name}</p>
                        <p>{summary}</p>
                        {top_pager}
                        {has_problems.then(|| view! {
                            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="problem-title">
                                <h2 id="problem-title">{match lang {
                                    Lang::Sv => format!("Filen har {problem_total} problem – inget läses in"),
                                    Lang::En => format!("The file has {problem_total} problems – nothing is imported"),
                                }}</h2>
                                <p>{lang.t("Rätta raderna i Excel, spara som CSV igen och läs in filen på nytt.", "Correct the rows in Excel, save as CSV again and import the file anew.")}</p>
                                {(omitted > 0).then(|| view! {
                                    <p>{match lang {
                                        Lang::Sv => format!("Här visas de första {MAX_PROBLEMS} problemen, och {omitted} till. Rätta dem och läs in filen igen för att se resten."),
                                        Lang::En => format!("The first {MAX_PROBLEMS} problems are listed, and {omitted} more. Correct them and import the file again to see the rest."),
                                    }}</p>
                                })}
                                {problem_range.map(|text| view! { <p class="hint">{text}</p> })}
                                {(!problems.rows.is_empty()).then(|| view! {
                                    <TableWrap label=lang.t("Problem i filen", "Problems in the file")>
                                        <table class="data-table">
                                            <thead><tr>
                                                <th scope="col">{lang.t("Rad", "Row")}</th>
                                                <th scope="col">{lang.t("Kolumn", "Column")}</th>
                                                <th scope="col">{lang.t("Problem", "Problem")}</th>
                                            </tr></thead>
                                            <tbody>
                                                {problems.rows.into_iter().map(|pr| view! {
                                                    <tr>
                                                        <td class="num">{if pr.line == 0 { "–".to_string() } else { pr.line.to_string() }}</td>
                                                        <td>{pr.column}</td>
                                                        <td>{pr.message}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </TableWrap>
                                })}
                            </div>
                        })}
                        {(!new_municipalities.is_empty()).then(|| view! {
                            <h2>{lang.t("Nya kommuner", "New municipalities")}</h2>
                            <ul>{new_municipalities.into_iter().map(|(code, name, county)| view! { <li>{format!("{name} ({code}), {county}")}</li> }).collect_view()}</ul>
                        })}
                        {(units.total > 0).then(|| view! {
                            <h2>{lang.t("Enheter som läggs till eller ändras", "Units added or changed")}</h2>
                            {unit_range.map(|text| view! { <p class="hint">{text}</p> })}
                            {(!units.rows.is_empty()).then(|| view! {
                                <TableWrap label=lang.t("Enheter som ändras", "Units changed")><table class="data-table">
                                    <thead><tr>
                                        <th scope="col">{lang.t("Kommun", "Municipality")}</th>
                                        <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                        <th scope="col">{lang.t("Typ", "Kind")}</th>
                                        <th scope="col">{lang.t("Ändring", "Change")}</th>
                                    </tr></thead>
                                    <tbody>{units.rows.into_iter().map(|u| view! {
                                        <tr>
                                            <td>{u.municipality}</td>
                                            <td>{u.name}</td>
                                            <td>{u.kind.label(lang)}</td>
                                            <td>{change_label(&u.change, lang)}{u.restore.then(|| lang.t(" (återställs från arkivet)", " (restored from the archive)"))}</td>
                                        </tr>
                                    }).collect_view()}</tbody>
                                </table></TableWrap>
                            })}
                        })}
                        {(contacts.total > 0).then(|| view! {
                            <h2>{lang.t("Kontaktpersoner som läggs till eller ändras", "Contacts added or changed")}</h2>
                            {contact_range.map(|text| view! { <p class="hint">{text}</p> })}
                            {(!contacts.rows.is_empty()).then(|| view! {
                                <TableWrap label=lang.t("Kontaktpersoner som ändras", "Contacts changed")><table class="data-table">
                                    <thead><tr>
                                        <th scope="col">{lang.t("Enhet", "Unit")}</th>
                                        <th scope="col">{lang.t("Namn", "Name")}</th>
                                        <th scope="col">{lang.t("E-post", "E-mail")}</th>
                                        <th scope="col">{lang.t("Internationell kontaktperson", "International contact")}</th>
                                        <th scope="col">{lang.t("Ändring", "Change")}</th>
                                    </tr></thead>
                                    <tbody>{contacts.rows.into_iter().map(|c| view! {
                                        <tr><td>{c.unit}</td><td>{c.name}</td><td>{c.email}</td>
                                            <td>{if c.international { lang.t("Ja", "Yes") } else { lang.t("Nej", "No") }}</td>
                                            <td>{change_label(&c.change, lang)}</td></tr>
                                    }).collect_view()}</tbody>
                                </table></TableWrap>
                            })}
                        })}
                        {bottom_pager}
                        {(!has_problems && has_changes).then(|| view! {
                            <ActionForm action=apply>
                                <input type="hidden" name="id" value=id.clone()/>
                                <button id="bekrafta" type="submit" class="button">{lang.t("Bekräfta och spara", "Confirm and save")}</button>
                            </ActionForm>
                        })}
                        {(!has_problems && !has_changes).then(|| view! {
                            <div class="notice" role="status"><p>{lang.t("Filen stämmer redan med registret. Inget behöver ändras.", "The file already matches the registry. Nothing needs to change.")}</p></div>
                        })}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
