// Partner search on the demo round: opened from the round's analysis,
// filtered by a theme with and without JavaScript, axe on the way, and the
// export for the Brussels office downloaded.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 180_000 });

/// From the round list through the analysis to the partner search.
async function openPartnerSearch(page: Page): Promise<string> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  await page.getByRole("link", { name: /Kartläggning av internationellt arbete 2026 \(exempel\)/ }).click();
  await page.getByRole("link", { name: "Visa nulägesanalysen" }).click();
  await page.getByRole("link", { name: /^Partnersök:/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnersök");
  // The demo's units share themes, countries, networks and funding across
  // all seven municipalities.
  await expect(page.getByRole("heading", { level: 2, name: /^\d+ matchningar i 7 kommuner$/ })).toBeVisible();
  for (const kind of ["Tema", "Partnerland", "Nätverk eller partner", "Finansiering", "Utbyte"]) {
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${kind} `) }).first()).toBeVisible();
  }
  return new URL(page.url()).pathname;
}

/// Chooses a theme in the filter form and sends it.
async function filterByTheme(page: Page, theme: string) {
  await page.getByLabel("Tema", { exact: true }).selectOption({ label: theme });
  await page.getByRole("button", { name: "Sök partner" }).click();
  await expect(page).toHaveURL(/tema=energi_miljo/);
  await expect(page.getByRole("heading", { level: 2, name: /^2 matchningar i \d kommuner$/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3 })).toHaveText(["Tema Energi och miljö", "Utbyte Energi och miljö"]);
  // Each match names the units with their municipality and what they share.
  const table = page.getByRole("table", { name: "Enheterna som delar tema: Energi och miljö" });
  await expect(table.getByRole("columnheader", { name: "Kontaktperson" })).toBeVisible();
  expect(await table.locator("tbody tr").count()).toBeGreaterThan(1);
  await expect(table).toContainText("Prioriterade teman");
  await expect(table.getByRole("link", { name: /@[a-z]+\.example$/ }).first()).toBeVisible();
  await expect(page.getByLabel("Tema", { exact: true })).toHaveValue("energi_miljo");
}

test("with JavaScript: a theme filters the matches, axe passes and the export downloads", async ({ page }) => {
  const search = await openPartnerSearch(page);
  await expectNoAxeViolations(page);
  await filterByTheme(page, "Energi och miljö");
  await expectNoAxeViolations(page);

  // The export keeps the filter: one row per match and unit, Swedish Excel.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel (svensk)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^partnersok-kartlaggning-.*\.csv$/);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "matchning;typ;delar;antal_kommuner;antal_enheter;kommunkod;kommun;enhet;slag;verksamhetsomrade;kalla;egna_ord;utkast;kontaktperson;kontakt_epost",
  );
  expect(lines.length).toBeGreaterThan(3);
  expect(lines.slice(1).every((l) => l.startsWith("tema-energi-miljo;") || l.startsWith("utbytestema-energi-miljo;"))).toBe(true);

  const workbook = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel-arbetsbok (.xlsx)" }).click();
  const xlsx = await workbook;
  expect(xlsx.suggestedFilename()).toMatch(/^partnersok-.*\.xlsx$/);
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe("PK");

  // As the server sends it, for a browser without JavaScript.
  await expectNoAxeViolationsUnhydrated(page, `${search}?tema=energi_miljo`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter is a plain GET form and clearing it shows every match again", async ({ page }) => {
    await openPartnerSearch(page);
    const all = await page.getByRole("heading", { level: 3 }).count();
    await filterByTheme(page, "Energi och miljö");
    await page.getByLabel("Vad de delar").selectOption({ label: "Intresse för utbyte" });
    await page.getByRole("button", { name: "Sök partner" }).click();
    await expect(page).toHaveURL(/typ=utbytestema/);
    await expect(page.getByRole("heading", { level: 3 })).toHaveText(["Utbyte Energi och miljö"]);
    await page.getByRole("link", { name: "Ta bort filtren" }).click();
    await expect(page.getByRole("heading", { level: 3 })).toHaveCount(all);
  });
});
