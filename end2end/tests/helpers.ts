// Shared checks: axe with the WCAG 2.1 AA rule set, zero violations allowed.
import AxeBuilder from "@axe-core/playwright";
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
