// The round page of the demo round (seven municipalities): the counts per
// municipality first, then the units chosen by municipality and state —
// with JavaScript and without it, axe on the way.
import { test, expect, type Page } from "@playwright/test";
import { expectNoAxeViolations, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 90_000 });

async function openDemoRound(page: Page): Promise<string> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  await page.getByRole("link", { name: /Kartläggning av internationellt arbete 2026 \(exempel\)/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Kartläggning av internationellt arbete 2026");
  return new URL(page.url()).pathname;
}

async function chooseUnits(page: Page, round: string) {
  // The counts per municipality, each linking to its units.
  const summary = page.getByRole("table", { name: "Läget per kommun" });
  await expect(summary.getByRole("row")).toHaveCount(8);
  await summary.getByRole("link", { name: "Nybro" }).click();
  await expect(page).toHaveURL(new RegExp(`${round}\\?kommun=0881#enheter$`));
  await expect(page.getByRole("heading", { level: 3 })).toHaveText([/^Nybro – \d+ av \d+ inskickade$/]);
  await expect(page.getByLabel("Kommun", { exact: true })).toHaveValue("0881");

  // Nybro's submitted units only, with the filter form.
  await page.getByLabel("Läge", { exact: true }).selectOption({ label: "Inskickad" });
  await page.getByRole("button", { name: "Visa enheterna" }).click();
  await expect(page).toHaveURL(/kommun=0881&lage=inskickad/);
  const table = page.getByRole("table", { name: "Enheter i Nybro" });
  const states = await table.locator("tbody tr td:nth-child(3)").allTextContents();
  expect(states.length).toBeGreaterThan(0);
  for (const state of states) expect(state).toMatch(/^Inskickad/);
  await expect(page.getByRole("status").filter({ hasText: /^Visar/ })).toHaveText(/^Visar \d+ enhet(er)?\.$/);

  // Back to every unit.
  await page.getByRole("link", { name: "Visa alla enheter" }).click();
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(7);
}

test("the round page shows the counts per municipality and chooses units with JavaScript", async ({ page }) => {
  const round = await openDemoRound(page);
  await expectNoAxeViolations(page);
  await chooseUnits(page, round);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  // The page has no islands: the HTML axe checks in the test above is the
  // HTML a browser without JavaScript gets.
  test("the round page chooses units the same way", async ({ page }) => {
    const round = await openDemoRound(page);
    await chooseUnits(page, round);
  });
});
