//! The accessibility statement that Swedish public-sector digital services must publish.

use crate::components::PageTitle;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=lang.t("Tillgänglighetsredogörelse", "Accessibility statement")/>
        <div class="page page--narrow">
            <h1>{lang.t("Tillgänglighetsredogörelse", "Accessibility statement")}</h1>
            <p>{lang.t(
                "Nuläge ska kunna användas av alla. Tjänsten är byggd för att uppfylla WCAG 2.1 nivå AA, som lagen om tillgänglighet till digital offentlig service kräver.",
                "Nuläge should be usable by everyone. The service is built to meet WCAG 2.1 level AA, as the Swedish act on accessibility of digital public services requires.",
            )}</p>
            <h2>{lang.t("Så kan du använda tjänsten", "How you can use the service")}</h2>
            <ul>
                <li>{lang.t("Alla sidor fungerar med enbart tangentbord och med skärmläsare.", "Every page works with a keyboard alone and with a screen reader.")}</li>
                <li>{lang.t("Du kan förstora texten till 400 procent utan att innehåll försvinner.", "You can zoom text to 400 percent without losing content.")}</li>
                <li>{lang.t("Enkäterna fungerar även när JavaScript är avstängt.", "The questionnaires also work with JavaScript turned off.")}</li>
                <li>{lang.t("Diagram har alltid en tabell med samma siffror.", "Charts always come with a table of the same figures.")}</li>
            </ul>
            <h2>{lang.t("Hur vi testar", "How we test")}</h2>
            <p>{lang.t(
                "Varje version testas automatiskt med axe i en riktig webbläsare, och formulären testas med och utan JavaScript.",
                "Every version is tested automatically with axe in a real browser, and the forms are tested with and without JavaScript.",
            )}</p>
            <h2>{lang.t("Rapportera brister", "Report a problem")}</h2>
            <p>{lang.t(
                "Om du stöter på något som hindrar dig, kontakta den som samordnar kartläggningen i din kommun. Du kan också anmäla till Myndigheten för digital förvaltning (Digg), som är tillsynsmyndighet.",
                "If something stops you, contact whoever coordinates the mapping in your municipality. You can also report to the Agency for Digital Government (Digg), the supervisory authority.",
            )}</p>
        </div>
    }
}
