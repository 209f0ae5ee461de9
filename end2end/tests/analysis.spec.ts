// The current-state analysis of the demo round: the municipalities side by
// side, one municipality's gaps, thresholds, downloads — with and without
// JavaScript, axe on every page.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 90_000 });

async function openDemoAnalysis(page: Page): Promise<string> {
  await page.goto("/omgangar");
  await page.getByRole("link", { name: /Kartläggning av internationellt arbete 2026 \(exempel\)/ }).click();
  await page.getByRole("link", { name: "Visa nulägesanalysen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Nulägesanalys");
  return new URL(page.url()).pathname;
}

test("a coordinator reads the round's analysis and one municipality's gaps", async ({ page }) => {
  await logInAsNewAdmin(page);
  const analysis = await openDemoAnalysis(page);
  await expect(page.getByRole("heading", { name: "Kommunerna i jämförelse" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sort by response rate: figures sort highest first, a second click turns
  // the order around and Nybro, with two answers of eleven, comes first.
  const firstRow = page.locator("table").first().locator("tbody tr").first();
  const rateHeader = page.getByRole("columnheader", { name: /Svarsfrekvens/ });
  await page.getByRole("link", { name: "Svarsfrekvens" }).click();
  await expect(rateHeader).toHaveAttribute("aria-sort", "descending");
  await expect(firstRow).toContainText("Karlskrona");
  await page.getByRole("link", { name: /Svarsfrekvens/ }).click();
  await expect(rateHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(firstRow).toContainText("Nybro");

  // Tranås: the serious gap first, with the units linked.
  await page.getByRole("link", { name: "Tranås" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Nulägesanalys: Tranås");
  await expect(page.locator(".flag").first()).toContainText("Allvarlig");
  const gap = page.locator(".flag", { hasText: "Inget bolag har svarat" });
  await expect(gap).toContainText("Allvarlig");
  await expect(gap.getByRole("link").first()).toHaveAttribute("href", /^\/enheter\//);
  await expect(page.getByRole("img", { name: "Svarsfrekvens per typ av enhet" })).toBeVisible();
  await page.getByText("Visa siffrorna som tabell").first().click();
  await expect(page.getByRole("table", { name: "Svarsfrekvens per typ av enhet" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Drafts counted on request, clearly marked.
  await page.getByLabel("Räkna med utkast som inte skickats in").check();
  await page.getByRole("button", { name: "Visa", exact: true }).click();
  await expect(page).toHaveURL(/utkast=1/);
  await expect(page.getByText("Utkast räknas med.")).toBeVisible();

  // The pages as the server sends them, for browsers without JavaScript.
  await expectNoAxeViolationsUnhydrated(page, analysis);
  await expectNoAxeViolationsUnhydrated(page, `${analysis}/0881`);
});

test("thresholds change the gaps; files download in both CSV formats and as XLSX", async ({ page }) => {
  await logInAsNewAdmin(page);
  await openDemoAnalysis(page);
  const before = Number(await page.locator(".key-figures dd").nth(5).textContent());

  await page.getByLabel("Låg svarsfrekvens (%)", { exact: true }).fill("100");
  await page.getByRole("button", { name: "Spara gränserna" }).click();
  await expect(page.getByText("Den här kartläggningen använder egna gränser.")).toBeVisible();
  await expect(page.locator(".key-figures dd").nth(5)).not.toHaveText(String(before));
  // A bad value is explained and nothing is saved.
  await page.getByLabel("Låg svarsfrekvens (%)", { exact: true }).fill("40");
  await page.getByRole("button", { name: "Spara gränserna" }).click();
  await expect(page.getByRole("alert")).toContainText("kan inte vara högre");
  await page.getByRole("button", { name: "Återställ standardgränserna" }).click();
  await expect(page.getByText("Den här kartläggningen använder standardgränserna.")).toBeVisible();

  const excel = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Excel\s*: Representationsglapp$/ }).click();
  const file = await excel;
  expect(file.suggestedFilename()).toMatch(/^glapp-kartlaggning-.*\.csv$/);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString("utf8");
  expect(text.split("\r\n")[0]).toBe("kommunkod;kommun;allvarlighet;regel;rubrik;forklaring;antal_enheter;enheter");
  expect(text).toContain("Inget bolag har svarat");

  const rfc = page.waitForEvent("download");
  await page.getByRole("link", { name: /^CSV\s*: Deltagande$/ }).click();
  const rfcBytes = readFileSync((await (await rfc).path())!);
  expect(rfcBytes[0]).toBe("k".charCodeAt(0));

  const workbook = page.waitForEvent("download");
  await page.getByRole("link", { name: "Alla tabeller som Excel-arbetsbok (.xlsx)" }).click();
  const xlsx = await workbook;
  expect(xlsx.suggestedFilename()).toMatch(/^nulagesanalys-.*\.xlsx$/);
  // An XLSX file is a zip archive.
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe("PK");
});
