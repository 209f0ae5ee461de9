// Coordinator forms in a browser without JavaScript: a refused form comes
// back with what was typed and the problem at its field, as a screen reader
// user finds it; a form with a result shows it.
import { test, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolationsInHtml, logInAsNewAdmin } from "./helpers";

test.use({ javaScriptEnabled: false });

test("a contact with an address the server refuses keeps what was typed and marks the e-mail field", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/kommuner/0687");
  await page.getByRole("link", { name: "Tranås Utveckling AB" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tranås Utveckling AB");

  const name = `Nils Öst ${randomUUID().slice(0, 8)}`;
  // The browser takes it as an address; the server wants a domain with a dot.
  const email = "nils.ost@tranas";
  const add = page.locator("form", { has: page.getByRole("button", { name: "Lägg till", exact: true }) });
  await add.getByLabel("Namn").fill(name);
  await add.getByLabel("E-postadress").fill(email);
  await add.getByLabel("Roll (frivilligt)").fill("EU-samordnare");
  await add.getByLabel("Enhetens internationella kontaktperson").check();
  await add.getByRole("button", { name: "Lägg till", exact: true }).click();

  await expect(page).toHaveTitle(/^Fel: Tranås Utveckling AB/);
  const summary = page.getByRole("alert").filter({ hasText: "Det finns ett problem" });
  await expect(summary).toBeVisible();
  const link = summary.getByRole("link", { name: /Skriv en e-postadress i rätt format/ });
  await expect(link).toHaveAttribute("href", "#ny-kontakt-email");

  const refused = page.locator("form", { has: page.getByRole("button", { name: "Lägg till", exact: true }) });
  const field = refused.getByLabel("E-postadress");
  await expect(field).toHaveValue(email);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  // The message is part of the field's description, read out with it.
  await expect(field).toHaveAccessibleDescription(/Skriv en e-postadress i rätt format/);
  await expect(refused.getByLabel("Namn")).toHaveValue(name);
  await expect(refused.getByLabel("Namn")).not.toHaveAttribute("aria-invalid", "true");
  await expect(refused.getByLabel("Roll (frivilligt)")).toHaveValue("EU-samordnare");
  await expect(refused.getByLabel("Enhetens internationella kontaktperson")).toBeChecked();
  // The other contacts' forms are as they were.
  await expect(page.getByRole("textbox", { name: "E-postadress" }).and(page.locator(`[value="${email}"]`))).toHaveCount(1);
  // Nothing was saved.
  await expect(page.getByText(name, { exact: true })).toHaveCount(0);

  // The summary's link leads to the field.
  await link.click();
  await expect(page).toHaveURL(/#ny-kontakt-email$/);

  await expectNoAxeViolationsInHtml(page);
});

test("an invitation shows its one-time link", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/admin/anvandare");
  const email = `ny-${randomUUID().slice(0, 8)}@nybro.example`;
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Namn").fill("Ny Samordnare");
  await page.getByLabel("Roll").selectOption({ label: "Samordnare" });
  await page.getByLabel("Nybro").check();
  await page.getByRole("button", { name: "Skapa inbjudningslänk" }).click();

  const ready = page.getByRole("status").filter({ hasText: "Länken är klar" });
  await expect(ready).toBeVisible();
  await expect(ready).toContainText(email);
  await expect(page.getByLabel("Länk för att välja lösenord")).toHaveValue(/\/konto\/losenord\/[A-Za-z0-9_-]+$/);
  await expectNoAxeViolationsInHtml(page);
});
