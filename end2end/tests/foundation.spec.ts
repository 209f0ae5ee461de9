// The start page, the municipality list and the respondent's way in, with and without JavaScript.
import { test, expect } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test("start page says what Nuläge is and leads to both sides", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Nuläge");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nuläge");
  await expect(page.getByRole("link", { name: "Till kommunerna" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Svara på en enkät" }).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("skip link moves focus to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hoppa till innehållet" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#innehall")).toBeFocused();
});

test("the app hydrates: the municipality filter works as you type", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/");
  await page.getByRole("link", { name: "Till kommunerna" }).click();
  await expect(page).toHaveURL(/\/kommuner$/);
  const status = page.getByRole("status");
  await expect(status).toHaveText("Visar 7 av 7 kommuner");
  const filter = page.getByLabel("Sök kommun, län eller kommunkod");
  // Typing filters the table only once the WASM has taken over the page.
  await expect(async () => {
    await filter.fill("");
    await filter.pressSequentially("blek");
    await expect(status).toHaveText("Visar 2 av 7 kommuner", { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page).toHaveURL(/\/kommuner$/);
  await expect(page.getByRole("link", { name: "Karlskrona" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Växjö" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a municipality shows its units grouped by kind with missing contacts marked", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/kommuner");
  await page.getByRole("link", { name: "Växjö" }).click();
  await expect(page).toHaveTitle("Växjö – Nuläge");
  await expect(page.getByRole("heading", { level: 2, name: "Förvaltningar (9)" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Bolag (14)" })).toBeVisible();
  await expect(page.getByText("Saknar kontaktperson").first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("switching to English and back", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/kommuner");
  await page.getByRole("link", { name: "In English" }).click();
  await expect(page).toHaveURL(/\/kommuner$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Municipalities");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "På svenska" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kommuner");
});

test("respondent page explains a broken link and keeps what was typed", async ({ page }) => {
  await page.goto("/svara");
  await expectNoAxeViolations(page);
  await page.getByLabel("Länk från e-postmeddelandet").fill("https://nulage.example.se/s/kort");
  await page.getByRole("button", { name: "Öppna enkäten" }).click();
  await expect(page).toHaveTitle(/^Fel: /);
  await expect(page.getByRole("heading", { name: "Det finns ett problem" })).toBeVisible();
  await expect(page.getByLabel("Länk från e-postmeddelandet")).toHaveValue("https://nulage.example.se/s/kort");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Klistra in hela länken från e-postmeddelandet" }).click();
  await expect(page.getByLabel("Länk från e-postmeddelandet")).toBeFocused();
});

test("an unknown answer link gives a friendly page", async ({ page }) => {
  const response = await page.goto("/s/Qk3x9_b-F2mZtY7uVw8PaA");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the municipality search works as a plain form", async ({ page }) => {
    await logInAsNewAdmin(page);
    await page.goto("/kommuner");
    await page.getByLabel("Sök kommun, län eller kommunkod").fill("kronoberg");
    await page.getByRole("button", { name: "Sök" }).click();
    await expect(page).toHaveURL(/q=kronoberg/);
    await expect(page.getByRole("status")).toHaveText("Visar 2 av 7 kommuner");
    await expect(page.getByRole("link", { name: "Växjö" })).toBeVisible();
  });

  test("a pasted answer link opens without JavaScript", async ({ page }) => {
    await page.goto("/svara");
    await page.getByLabel("Länk från e-postmeddelandet").fill("kort");
    await page.getByRole("button", { name: "Öppna enkäten" }).click();
    await expect(page).toHaveTitle(/^Fel: /);
    await expect(page.getByLabel("Länk från e-postmeddelandet")).toHaveValue("kort");
    await page.getByLabel("Länk från e-postmeddelandet").fill("https://nulage.example.se/s/Qk3x9_b-F2mZtY7uVw8PaA");
    await page.getByRole("button", { name: "Öppna enkäten" }).click();
    await expect(page).toHaveURL(/\/s\/Qk3x9_b-F2mZtY7uVw8PaA$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
  });
});

test("a page without an island loads no JavaScript and no WASM; one with an island does", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) scripts.push(request.url());
  });
  for (const path of ["/", "/svara", "/logga-in", "/tillganglighet"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(scripts).toEqual([]);
  await logInAsNewAdmin(page);
  scripts.length = 0;
  await page.goto("/kommuner");
  await expect(page.locator("html")).toHaveAttribute("data-islands", "ready", { timeout: 20_000 });
  expect(scripts.some((url) => url.endsWith(".wasm"))).toBe(true);
});

test("pages as served before JavaScript runs pass axe", async ({ page }) => {
  // Ten pages, each through axe: more than one page's time on a busy machine.
  test.setTimeout(120_000);
  await logInAsNewAdmin(page);
  for (const url of ["/", "/kommuner?q=kronoberg", "/kommuner/1080", "/svara?lank=kort", "/s/okand-lank-1234567890", "/tillganglighet", "/finns-inte", "/logga-in", "/admin/anvandare", "/admin/logg"]) {
    await test.step(url, () => expectNoAxeViolationsUnhydrated(page, url));
  }
});
