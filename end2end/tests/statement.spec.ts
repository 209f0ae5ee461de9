// The accessibility statement: an administrator keeps it, with and without
// JavaScript, and everyone reads what was saved; both pages pass axe.
import { test, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import {
  expectNoAxeViolations,
  expectNoAxeViolationsInHtml,
  expectNoAxeViolationsUnhydrated,
  logInAsNewAdmin,
} from "./helpers";

// One statement for the whole installation: the tests of this file take turns.
test.describe.configure({ mode: "serial" });

const DIGG = "Anmäl bristande tillgänglighet till Myndigheten för digital förvaltning (DIGG)";
const ORGANISATION = "Kommun eller organisation som står bakom tjänsten";
const EMAIL = "E-postadress (frivilligt)";

for (const js of [true, false]) {
  test(`an administrator edits the statement and the public page shows it, ${js ? "with" : "without"} JavaScript`, async ({ page, browser }) => {
    await logInAsNewAdmin(page);
    const context = await browser.newContext({ javaScriptEnabled: js, storageState: await page.context().storageState() });
    const admin = await context.newPage();
    await admin.goto("/tillganglighet");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(/^Tillgänglighetsredogörelse för /);
    await expect(admin.getByRole("link", { name: DIGG })).toBeVisible();
    await admin.getByRole("link", { name: "Ändra redogörelsen" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Ändra tillgänglighetsredogörelsen");
    if (js) await expectNoAxeViolations(admin);
    else await expectNoAxeViolationsUnhydrated(page, "/admin/tillganglighet");

    // An address the browser takes and the server refuses: the form comes
    // back with what was typed and the problem at its field.
    const organisation = `Testkommun ${randomUUID().slice(0, 8)}`;
    await admin.getByLabel(ORGANISATION).fill(organisation);
    await admin.getByLabel(EMAIL).fill("tillganglighet@kommun");
    await admin.getByRole("button", { name: "Spara redogörelsen" }).click();
    await expect(admin).toHaveTitle(/^Fel: /);
    const summary = admin.getByRole("alert").filter({ hasText: "Det finns ett problem" });
    await expect(summary.getByRole("link", { name: /Skriv en e-postadress i rätt format/ })).toHaveAttribute("href", "#contact_email");
    const email = admin.getByLabel(EMAIL);
    await expect(email).toHaveValue("tillganglighet@kommun");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(/Skriv en e-postadress i rätt format/);
    await expect(admin.getByLabel(ORGANISATION)).toHaveValue(organisation);
    await expectNoAxeViolationsInHtml(admin);

    await email.fill("tillganglighet@kommun.example");
    await admin.getByLabel("Delvis förenlig").check();
    const gap = `Kartan över ${organisation} saknar textalternativ.`;
    await admin.getByLabel("Innehåll som inte är tillgängligt").fill(`${gap}\nFilerna att ladda ner är inte granskade.`);
    await admin.getByLabel("Datum för den senaste bedömningen").fill("2026-11-30");
    await admin.getByLabel("Extern granskning av någon utanför organisationen").check();
    await admin.getByLabel("Telefon (frivilligt)").fill("0470-410 00");
    await admin.getByLabel("Förväntad svarstid (frivilligt)").fill("Vi svarar inom fem arbetsdagar.");
    await admin.getByRole("button", { name: "Spara redogörelsen" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Redogörelsen är sparad." })).toBeVisible();
    await expect(admin.getByLabel(ORGANISATION)).toHaveValue(organisation);
    await expectNoAxeViolationsInHtml(admin);
    await context.close();

    // Anyone, logged in or not, reads what was saved.
    const visitor = await browser.newContext({ javaScriptEnabled: js });
    const reader = await visitor.newPage();
    await reader.goto("/tillganglighet");
    await expect(reader.getByText(`${organisation} står bakom Nuläge.`)).toBeVisible();
    await expect(reader.getByText(/^Nuläge är delvis förenlig med lagen \(2018:1937\)/)).toBeVisible();
    await expect(reader.getByRole("listitem").filter({ hasText: gap })).toBeVisible();
    await expect(reader.getByText("Tjänsten bedömdes senast 2026-11-30 genom en extern granskning.")).toBeVisible();
    await expect(reader.getByRole("link", { name: "tillganglighet@kommun.example" })).toHaveAttribute("href", "mailto:tillganglighet@kommun.example");
    await expect(reader.getByRole("link", { name: "0470-410 00" })).toHaveAttribute("href", "tel:047041000");
    await expect(reader.getByText("Vi svarar inom fem arbetsdagar.")).toBeVisible();
    await expect(reader.getByText(/Kontakta den som samordnar kartläggningen/)).toHaveCount(0);
    await expect(reader.getByRole("link", { name: DIGG })).toHaveAttribute("href", /^https:\/\/www\.digg\.se\/.*\/anmal-bristande-tillganglighet$/);
    await expect(reader.getByRole("link", { name: "Ändra redogörelsen" })).toHaveCount(0);
    if (js) await expectNoAxeViolations(reader);
    else await expectNoAxeViolationsUnhydrated(page, "/tillganglighet");
    await visitor.close();
  });
}
