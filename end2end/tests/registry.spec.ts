// The registry: importing a spreadsheet through the page, and editing a unit.
import { test, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsInHtml, logInAsNewAdmin } from "./helpers";

test("a coordinator imports a Windows-1252 file from Excel: preview, confirm, see it", async ({ page }) => {
  await logInAsNewAdmin(page);
  const unit = `Hamnförvaltningen ${randomUUID().slice(0, 8)}`;
  const csv =
    "kommunkod;kommun;enhet;typ;verksamhetsområde;kontaktperson;e-post;roll\r\n" +
    `1081;Ronneby;${unit};förvaltning;Samhällsbyggnad och teknik;Åsa Ström;asa.strom@ronneby.example;Hamnchef\r\n`;
  await page.goto("/kommuner");
  await page.getByRole("link", { name: /Läs in förvaltningar, bolag och kontaktpersoner från Excel/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Läs in register från Excel");
  await expectNoAxeViolations(page);

  // Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252; latin1 matches it for å, ä, ö.
  await page.getByLabel("CSV-fil").setInputFiles({ name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "latin1") });
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Förhandsgranska inläsning");
  await expect(page.getByRole("cell", { name: unit }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Åsa Ström" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Bekräfta och spara" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registret är inläst");
  await page.goto("/kommuner/1081");
  await expect(page.getByRole("link", { name: unit })).toBeVisible();
});

test("a file with problems shows each row's problem and saves nothing", async ({ page }) => {
  await logInAsNewAdmin(page);
  const csv = "kommunkod;enhet;typ;verksamhetsområde\n1081;Trasig;myndighet;Utbildning\n";
  await page.goto("/import");
  await page.getByLabel("CSV-fil").setInputFiles({ name: "fel.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page).toHaveTitle(/^Fel: /);
  await expect(page.getByRole("alert")).toContainText("Okänd typ \"myndighet\"");
  await expect(page.getByRole("button", { name: "Bekräfta och spara" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a unit gets an international contact person", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/kommuner/0687");
  await page.getByRole("link", { name: "Tranås Utveckling AB" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tranås Utveckling AB");
  await expectNoAxeViolations(page);
  const email = `kontakt-${randomUUID().slice(0, 8)}@tranas.example`;
  const add = page.locator("form", { has: page.getByRole("button", { name: "Lägg till", exact: true }) });
  await add.getByLabel("Namn").fill("Nils Öst");
  await add.getByLabel("E-postadress").fill(email);
  await add.getByLabel("Enhetens internationella kontaktperson").check();
  await add.getByRole("button", { name: "Lägg till", exact: true }).click();
  await expect(page.getByText(email)).toBeVisible();
});

test("an administrator adds an alias to a sector, is refused one that is taken, and removes it", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/admin/verksamhetsomraden");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verksamhetsområden");
  // The glossary's short form is there from the start, its button named with it.
  await expect(page.getByRole("button", { name: "Ta bort alias energi/VA/avfall" })).toBeVisible();
  await expectNoAxeViolations(page);

  const alias = `Hamn ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Verksamhetsområde", { exact: true }).selectOption({ label: "Samhällsbyggnad och teknik" });
  await page.getByLabel("Alias", { exact: true }).fill(alias);
  await page.getByRole("button", { name: "Lägg till alias" }).click();
  await expect(page.getByRole("status")).toContainText("Aliaset är tillagt.");
  await expect(page.getByRole("button", { name: `Ta bort alias ${alias}` })).toBeVisible();

  // Another sector's name written another way is refused, naming that sector.
  await page.getByLabel("Verksamhetsområde", { exact: true }).selectOption({ label: "Miljö" });
  await page.getByLabel("Alias", { exact: true }).fill("kultur & fritid");
  await page.getByRole("button", { name: "Lägg till alias" }).click();
  await expect(page).toHaveTitle(/^Fel: /);
  const field = page.getByLabel("Alias", { exact: true });
  await expect(field).toHaveValue("kultur & fritid");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/hör redan till verksamhetsområdet Kultur och fritid som namn/);
  await expectNoAxeViolationsInHtml(page);

  await page.getByRole("button", { name: `Ta bort alias ${alias}` }).click();
  await expect(page.getByRole("status")).toContainText("Aliaset är borttaget.");
  await expect(page.getByRole("button", { name: `Ta bort alias ${alias}` })).toHaveCount(0);
  await expectNoAxeViolationsInHtml(page);
});
