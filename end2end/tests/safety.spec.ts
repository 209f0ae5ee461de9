// Hostile input in the browser: markup typed into a form stays text, and a
// script that reaches a page anyway is refused by the Content-Security-Policy.
import { test, expect } from "@playwright/test";
import { expectNoAxeViolations, logInAsNewAdmin } from "./helpers";

const PAYLOAD = `</textarea></title><script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;

test("markup typed into notes stays text in the field and runs nowhere", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/kommuner/0881/redigera");
  const notes = page.getByLabel("Anteckningar");
  const before = await notes.inputValue();
  await notes.fill(PAYLOAD);
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/api/"));
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  expect((await saved).status()).toBeLessThan(400);
  await page.goto("/kommuner/0881/redigera");
  await expect(page.getByLabel("Anteckningar")).toHaveValue(PAYLOAD);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expectNoAxeViolations(page);
  // Without JavaScript too: the server's HTML keeps the text inside the field.
  const html = await (await page.request.get("/kommuner/0881/redigera")).text();
  expect(html).not.toContain("<script>window.__xss");
  await page.getByLabel("Anteckningar").fill(before);
  await page.getByRole("button", { name: "Spara", exact: true }).click();
});

test("a script injected into a page does not run, while the page's own do", async ({ page }) => {
  await logInAsNewAdmin(page);
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) refused.push(message.text());
  });
  // As if some text had escaped escaping: an inline script without the nonce.
  // The municipality list has an island (its live filter), so the page has a script of its own.
  await page.route(/\/kommuner$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      "</main>",
      `<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2"></main>`,
    );
    await route.fulfill({ response, body });
  });
  await page.goto("/kommuner");
  // The page's own island script carries the nonce and runs: the WASM arrives
  // and the islands start.
  await expect(page.locator("html")).toHaveAttribute("data-islands", "ready", { timeout: 20_000 });
  expect(
    await page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm"))),
  ).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  expect(refused.length).toBeGreaterThan(0);
});
