// The trend over time on a municipality's analysis page: a new round to
// Tranås after the demo round shows both, each key figure as a chart with its
// table, and the questions compared — with and without JavaScript, axe on both.
import { test, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 90_000 });

const DEMO_ROUND = "Kartläggning av internationellt arbete 2026 (exempel)";

/// A new, opened round of the default questionnaire to Tranås, closing after
/// the demo round; returns its name and Tranås's analysis page.
async function laterRound(page: Page): Promise<[string, string]> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  const name = `Uppföljning ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Namn").fill(name);
  const option = page.locator("#ny-enkat option", { hasText: "Kartläggning av internationellt arbete" }).first();
  await page.locator("#ny-enkat").selectOption((await option.getAttribute("value"))!);
  await page.getByLabel("Tranås").check();
  await page.getByLabel("Sista svarsdag").fill("2099-12-31");
  await page.getByRole("button", { name: "Skapa kartläggning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("button", { name: "Öppna kartläggningen" }).click();
  await expect(page.getByText("Öppen. Svara senast 2099-12-31 kl. 23:59")).toBeVisible();
  await page.getByRole("link", { name: "Visa nulägesanalysen" }).click();
  await page.getByRole("link", { name: "Tranås" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Nulägesanalys: Tranås");
  return [name, new URL(page.url()).pathname];
}

test("the trend shows every round of the municipality as charts and tables", async ({ page }) => {
  const [name, analysis] = await laterRound(page);
  await page.getByRole("navigation", { name: "På sidan" }).getByRole("link", { name: "Utveckling över tid" }).click();
  const trend = page.getByRole("region", { name: "Utveckling över tid" });
  await expect(trend.getByRole("heading", { level: 2 })).toHaveText("Utveckling över tid");
  for (const figure of ["Svarsfrekvens", "Arbetar internationellt", "Arbetar strategiskt", "Känner till strategin", "Pågående projekt"]) {
    await expect(trend.getByRole("img", { name: figure, exact: true })).toBeVisible();
  }
  const rates = trend.getByRole("table", { name: "Svarsfrekvens", exact: true });
  const rows = rates.locator("tbody tr");
  await expect(rows.filter({ hasText: DEMO_ROUND })).toHaveCount(1);
  await expect(rows.last()).toContainText(name);
  await expect(rows.last()).toContainText("0 %");
  await expect(trend.getByRole("table", { name: "Nyckeltal per kartläggning" })).toBeVisible();
  await expect(trend.getByRole("table", { name: "Teman per kartläggning" })).toBeVisible();
  await trend.getByText(/^Visa \d+ frågor$/).click();
  await expect(page.locator("#trend-fraga-aktivitetsniva").getByRole("table")).toBeVisible();
  await expectNoAxeViolations(page);

  // As the server sends it, for browsers without JavaScript: the question
  // comparison opens without a script too.
  await expectNoAxeViolationsUnhydrated(page, analysis);
  await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
  await page.goto(`${analysis}#trend`);
  await page.getByText(/^Visa \d+ frågor$/).click();
  await expect(page.locator("#trend-fraga-aktivitetsniva").getByRole("table")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.unroute("**/pkg/*.{js,wasm}");
});
