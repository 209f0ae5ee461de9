// Shared checks: axe with the WCAG 2.1 AA rule set, zero violations allowed.
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, "axe violations").toEqual([]);
}

// axe needs JavaScript, so a page meant to work without it is checked as the
// server sent it: in a JavaScript-enabled page whose app bundle is blocked.
export async function expectNoAxeViolationsUnhydrated(page: Page, url: string) {
  await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
  await page.goto(url);
  await expectNoAxeViolations(page);
  await page.unroute("**/pkg/*.{js,wasm}");
}

export const PASSWORD = "korv med bröd och senap";

/// Runs `nulage create-admin` against the test server's database and returns the link.
export function createAdminLink(email: string): string {
  const binary = join(__dirname, "..", "..", "target", "debug", "nulage");
  const out = execFileSync(binary, [
    "--database-url", process.env.E2E_DATABASE_URL!,
    "--base-url", `http://127.0.0.1:${process.env.E2E_PORT}`,
    "--log-level", "warn",
    "create-admin", "--email", email,
  ]).toString();
  const link = out.split("\n").find((line) => line.includes("/konto/losenord/"));
  if (!link) throw new Error(`no link in: ${out}`);
  return link.trim();
}

export async function choosePassword(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel("Nytt lösenord").fill(PASSWORD);
  await page.getByLabel("Samma lösenord en gång till").fill(PASSWORD);
  await page.getByRole("button", { name: "Spara lösenordet" }).click();
  await expect(page).toHaveURL(/\/logga-in\?losenord=1/);
}

export async function logIn(page: Page, email: string) {
  if (!page.url().includes("/logga-in")) await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page).toHaveURL(/\/kommuner/);
}

/// A new administrator for this test, logged in.
export async function logInAsNewAdmin(page: Page): Promise<string> {
  const email = `admin-${randomUUID()}@test.example`;
  await choosePassword(page, createAdminLink(email));
  await logIn(page, email);
  return email;
}

// A page shown for a form post without JavaScript has no address to open
// again: axe (which needs JavaScript) checks its HTML as the server sent it,
// in a page of the same site whose app bundle is blocked.
export async function expectNoAxeViolationsInHtml(shown: Page) {
  const html = await shown.content();
  const origin = new URL(shown.url()).origin;
  const browser = shown.context().browser()!;
  const context = await browser.newContext({ javaScriptEnabled: true, baseURL: origin });
  try {
    const page = await context.newPage();
    await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
    await page.goto("/tillganglighet");
    await page.setContent(html, { waitUntil: "load" });
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
  }
}
