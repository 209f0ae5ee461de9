// Projects reported between rounds: the coordinator makes a unit's standing
// link on the unit's page, the contact reports a project through it — with
// JavaScript and without — and reports it finished, and the coordinator sees
// it in the municipality's list of what arrived; axe on every page.
import { test, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsInHtml, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 120_000 });

// Sävsjö: no other spec works there, so its list holds only what these report.
const MUNICIPALITY = "0684";

/// A new standing link for Sävsjö's unit number `index` (each test its own
/// unit, as a new link replaces the old); returns its path and the unit's name.
async function newReportLink(page: Page, index: number): Promise<{ link: string; unitName: string }> {
  await logInAsNewAdmin(page);
  await page.goto(`/kommuner/${MUNICIPALITY}`);
  const unit = page.locator(".unit-card__name a").nth(index);
  const unitName = (await unit.textContent())!.trim();
  await unit.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(unitName);
  await page.getByRole("button", { name: /Skapa länken|Gör en ny länk/ }).click();
  const link = await page.getByLabel("Länken att skicka till enheten").inputValue();
  expect(link).toMatch(/\/projekt\/rapportera\/[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page);
  return { link: new URL(link).pathname, unitName };
}

for (const js of [false, true]) {
  test(`a contact reports a project and that it finished ${js ? "with" : "without"} JavaScript`, async ({ page, browser }) => {
    const { link, unitName } = await newReportLink(page, js ? 1 : 0);
    const context = await browser.newContext({ javaScriptEnabled: js });
    const r = await context.newPage();
    await r.goto(link);
    await expect(r.getByRole("heading", { level: 1 })).toHaveText("Rapportera ett internationellt projekt");
    await expect(r.getByText(`${unitName} · Sävsjö`)).toBeVisible();
    if (js) await expectNoAxeViolations(r);
    else await expectNoAxeViolationsInHtml(r);

    // Nothing filled in: the errors in Swedish, with a summary.
    await r.getByRole("button", { name: "Rapportera projektet" }).click();
    await expect(r.getByRole("heading", { name: "Det finns ett problem" })).toBeVisible();
    await expect(r.getByRole("link", { name: /Projektets namn.*Svara på frågan/ })).toBeVisible();
    if (js) await expectNoAxeViolations(r);
    else await expectNoAxeViolationsInHtml(r);

    const name = `Vatten för alla ${randomUUID().slice(0, 8)}`;
    await r.getByLabel("Projektets namn").fill(name);
    await r.getByRole("group", { name: /roll i projektet/ }).getByLabel("Partner", { exact: true }).check();
    await r.getByRole("group", { name: "Status", exact: true }).getByLabel("Pågående").check();
    await r.getByLabel("Startår").fill("2026");
    await r.getByLabel("Ditt namn (frivilligt)").fill("Anna Svensson");
    await r.getByRole("button", { name: "Rapportera projektet" }).click();
    await expect(r.getByRole("heading", { level: 1 })).toHaveText("Tack, projektet är rapporterat");
    await expect(r.getByText(name).first()).toBeVisible();
    if (js) await expectNoAxeViolations(r);
    else await expectNoAxeViolationsInHtml(r);

    // Back on the page, the project is listed and is reported finished.
    await r.getByRole("link", { name: "Rapportera ett projekt till" }).click();
    await expect(r.getByRole("heading", { level: 3, name })).toBeVisible();
    await r.getByLabel(`Slutår ${name}`).fill("2027");
    await r.getByRole("button", { name: `Rapportera som avslutat ${name}` }).click();
    await expect(r.getByRole("heading", { level: 1 })).toHaveText("Tack, projektet är rapporterat som avslutat");
    await context.close();

    // The coordinator sees what arrived.
    await page.goto(`/kommuner/${MUNICIPALITY}/rapporterade-projekt`);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Avslutat");
    await expect(row).toContainText("2026–2027");
    await expect(row).toContainText(unitName);
    await expect(row).toContainText("Anna Svensson");
    await expectNoAxeViolations(page);
  });
}
