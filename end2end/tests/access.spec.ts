// Accounts: the first administrator, inviting a coordinator, logging in and out, scope.
import { test, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { choosePassword, createAdminLink, expectNoAxeViolations, logIn, PASSWORD } from "./helpers";

test("first administrator sets up, invites a coordinator who sees only their municipality", async ({ page }) => {
  const admin = `forsta-${randomUUID()}@test.example`;
  const link = createAdminLink(admin);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välj lösenord");
  await expect(page.getByText(admin)).toBeVisible();
  await expectNoAxeViolations(page);
  await choosePassword(page, link);
  await expect(page.getByText("Ditt lösenord är sparat")).toBeVisible();

  // The link is spent.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");

  await logIn(page, admin);
  await expect(page.getByRole("button", { name: "Logga ut" })).toBeVisible();
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page).toHaveURL(/\/admin\/anvandare$/);
  await expectNoAxeViolations(page);

  const coordinator = `samordnare-${randomUUID()}@karlskrona.example`;
  await page.getByLabel("E-postadress").fill(coordinator);
  await page.getByLabel("Namn", { exact: true }).fill("Karin Samordnare");
  await page.getByLabel("Roll").selectOption({ label: "Samordnare" });
  await page.getByRole("checkbox", { name: "Karlskrona" }).check();
  await page.getByRole("button", { name: "Skapa inbjudningslänk" }).click();
  const invite = page.getByLabel("Länk för att välja lösenord");
  await expect(invite).toBeVisible();
  const inviteUrl = await invite.inputValue();
  expect(inviteUrl).toContain("/konto/losenord/");
  await expect(page.getByRole("link", { name: coordinator })).toBeVisible();

  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/logga-in\?utloggad=1/);
  await expect(page.getByText("Du är utloggad.")).toBeVisible();
  await page.goto("/kommuner");
  await expect(page).toHaveURL(/\/logga-in\?nasta=/);

  await choosePassword(page, inviteUrl);
  await logIn(page, coordinator);
  await expect(page.getByRole("status")).toHaveText("Visar 1 av 1 kommuner");
  await expect(page.getByRole("link", { name: "Karlskrona" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Administration" })).toHaveCount(0);
  const response = await page.goto("/kommuner/0780");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
});

test("a wrong password is explained next to the form", async ({ page }) => {
  await page.goto("/logga-in");
  await expectNoAxeViolations(page);
  await page.getByLabel("E-postadress").fill(`ingen-${randomUUID()}@test.example`);
  await page.getByLabel("Lösenord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("alert")).toContainText("Fel e-postadress eller lösenord.");
  await expect(page).toHaveTitle(/^Fel: Logga in/);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("logging in and a wrong password work as plain form posts", async ({ page }) => {
    const admin = `utan-js-${randomUUID()}@test.example`;
    await choosePassword(page, createAdminLink(admin));
    await page.getByLabel("E-postadress").fill(admin);
    await page.getByLabel("Lösenord").fill("fel lösenord här");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page.getByRole("alert")).toContainText("Fel e-postadress eller lösenord.");
    await logIn(page, admin);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kommuner");
  });
});
