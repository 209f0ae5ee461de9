// The yearly follow-up: a coordinator starts a round from the demo round, and
// units that answered then find their form filled in and confirm a part as it
// stands ("Stämmer fortfarande") — with JavaScript and without it.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 120_000 });

const DEMO_ROUND = "Kartläggning av internationellt arbete 2026 (exempel)";

/// A new round to Växjö based on the demo round, opened; returns the paths
/// of the links of units that were prefilled (they answered the demo round).
async function followUp(page: Page): Promise<string[]> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  const name = `Uppföljning ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Namn").fill(name);
  const option = page.locator("#ny-enkat option", { hasText: "Kartläggning av internationellt arbete" }).first();
  await page.locator("#ny-enkat").selectOption((await option.getAttribute("value"))!);
  const earlier = page.locator("#ny-bygger-pa option", { hasText: DEMO_ROUND }).first();
  await page.getByLabel("Utgå från en tidigare kartläggning (frivilligt)").selectOption((await earlier.getAttribute("value"))!);
  await page.getByLabel("Växjö").check();
  await page.getByLabel("Sista svarsdag").fill("2099-12-31");
  await page.getByRole("button", { name: "Skapa kartläggning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("button", { name: "Öppna kartläggningen" }).click();
  await expect(page.getByText("Öppen. Svara senast 2099-12-31 kl. 23:59")).toBeVisible();
  const links = await page
    .locator("input.input--link")
    .evaluateAll((inputs) => inputs.map((i) => new URL((i as HTMLInputElement).value).pathname));
  const prefilled: string[] = [];
  for (const link of links) {
    const response = await page.request.get(link);
    if ((await response.text()).includes("Ifyllt från förra kartläggningen")) prefilled.push(link);
    if (prefilled.length === 2) break;
  }
  expect(prefilled.length, "units that answered the demo round start prefilled").toBe(2);
  return prefilled;
}

async function respondent(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/// Goes through the start page to the first part, confirms it, and checks
/// that it stays confirmed.
async function confirmFirstPart(r: Page, link: string) {
  await r.goto(link);
  await expect(r.getByRole("heading", { name: "Ifyllt från förra kartläggningen" })).toBeVisible();
  await expect(r.getByText("Du har bekräftat 0 av")).toBeVisible();
  await r.getByRole("link", { name: "Gå igenom svaren" }).click();
  await expect(r.getByText("Del 1 av")).toBeVisible();
  await expect(r.getByText(/Svaren i den här delen är ifyllda från/)).toBeVisible();
  await expect(r.getByText("Från förra kartläggningen").first()).toBeVisible();
  await expect(r.getByLabel("Ditt namn")).not.toHaveValue("");
  await r.getByRole("button", { name: "Stämmer fortfarande" }).click();
  await expect(r.getByText("Del 2 av")).toBeVisible();
  await r.goto(`${link}/del/1`);
  await expect(r.getByText("Du har bekräftat att svaren i den här delen stämmer")).toBeVisible();
  await r.goto(link);
  await expect(r.getByText("Du har bekräftat 1 av")).toBeVisible();
}

test("a prefilled part is confirmed with JavaScript, and a changed answer loses its mark", async ({ page, browser }) => {
  const [link] = await followUp(page);
  const r = await respondent(browser, true);
  await r.goto(link);
  await expectNoAxeViolations(r);
  await r.goto(`${link}/del/1`);
  await expectNoAxeViolations(r);
  // Changing the name takes its "from the previous round" mark away at once.
  const name = r.getByLabel("Ditt namn");
  const mark = r.locator("#fraga-svarande_namn .carried-note");
  await expect(mark).toBeVisible();
  const before = await name.inputValue();
  await name.fill(`${before} (ny)`);
  await expect(mark).toBeHidden();
  await name.fill(before);
  await expect(mark).toBeVisible();
  await confirmFirstPart(r, link);
});

test("a prefilled part is confirmed without JavaScript", async ({ page, browser }) => {
  const [, link] = await followUp(page);
  const r = await respondent(browser, false);
  await confirmFirstPart(r, link);
  await expectNoAxeViolationsUnhydrated(page, link);
  await expectNoAxeViolationsUnhydrated(page, `${link}/del/1`);
});
