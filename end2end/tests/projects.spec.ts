// The project inventory: a unit lists its projects in the repeating group of
// the default questionnaire — without JavaScript and with it — and they reach
// the municipality's project register, merged and filtered, axe on the way.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 150_000 });

/// A new, opened round of the default questionnaire to Tranås; returns its
/// address and the paths of its personal links.
async function newRound(page: Page): Promise<{ round: string; links: string[] }> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  const name = `Projektinventering ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Namn").fill(name);
  const option = page.locator("#ny-enkat option", { hasText: "Kartläggning av internationellt arbete" }).first();
  await page.locator("#ny-enkat").selectOption((await option.getAttribute("value"))!);
  await page.getByLabel("Tranås").check();
  await page.getByLabel("Sista svarsdag").fill("2099-12-31");
  await page.getByRole("button", { name: "Skapa kartläggning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("button", { name: "Öppna kartläggningen" }).click();
  await expect(page.getByText("Öppen. Svara senast 2099-12-31 kl. 23:59")).toBeVisible();
  const links = await page
    .locator("input.input--link")
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  return { round: new URL(page.url()).pathname, links: links.map((link) => new URL(link).pathname) };
}

async function respondent(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/// Parts 1 and 2 of the default questionnaire, for a unit that works internationally.
async function answerFirstParts(r: Page, link: string, name: string) {
  await r.goto(`${link}/del/1`);
  await r.getByLabel("Ditt namn").fill(name);
  await r.getByLabel("Din e-postadress").fill("svar@tranas.example");
  await r.getByRole("group", { name: /kontaktperson för internationella frågor/ }).getByLabel("Nej", { exact: true }).check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 2 av 6")).toBeVisible();
  await r.getByLabel("Strategiskt och planerat").check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 3 av 6")).toBeVisible();
}

/// Fills in the required fields of one project item.
async function fillProject(r: Page, n: number, name: string, status: string) {
  const item = r.getByRole("group", { name: `Projekt ${n}`, exact: true });
  await item.getByLabel("Projektets namn").fill(name);
  await item.getByRole("group", { name: /roll i projektet/ }).getByLabel("Partner", { exact: true }).check();
  await item.getByRole("group", { name: "Status", exact: true }).getByLabel(status).check();
  await item.getByLabel("Partnerländer").fill("Kosovo, Sydafrika");
  await item.getByRole("group", { name: /Huvudsaklig finansiering/ }).getByLabel("ICLD").check();
}

/// The rest of the questionnaire, then the review and submission.
async function finishAndSubmit(r: Page) {
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 4 av 6")).toBeVisible();
  await r.getByLabel("Vi arbetar efter den").check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 5 av 6")).toBeVisible();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 6 av 6")).toBeVisible();
  await r.getByLabel("4", { exact: true }).check();
  await r.getByRole("button", { name: "Spara och granska" }).click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Granska dina svar");
  await r.getByRole("button", { name: "Skicka in svaren" }).click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Svaren är inskickade");
}

test("without JavaScript: three projects added, one removed, two in the register", async ({ page, browser }) => {
  const { round, links } = await newRound(page);
  const link = links[0];
  const r = await respondent(browser, false);
  await answerFirstParts(r, link, "Ulla Utan");

  // No projects yet: the part says so and offers to add one.
  await expect(r.getByRole("heading", { name: /internationella projekt/ })).toBeVisible();
  await expect(r.getByText("Inget tillagt ännu.")).toBeVisible();
  for (const [n, name] of [[1, "Projekt Alfa"], [2, "Projekt Beta"], [3, "Projekt Gamma"]] as const) {
    await r.getByRole("button", { name: "Lägg till ett projekt" }).click();
    // The draft is saved and the page comes back at the new item.
    await expect(r).toHaveURL(new RegExp(`/del/3#f-projekt-${n}$`));
    await expect(r.getByRole("group", { name: `Projekt ${n}`, exact: true })).toBeVisible();
    await fillProject(r, n, name, n === 2 ? "Planerat" : "Pågående");
  }
  // A mistake in an item is named with the item and linked to the field;
  // nothing typed is lost.
  await r.getByRole("group", { name: "Projekt 3", exact: true }).getByLabel("Projektets budget i kronor").fill("mycket");
  await r.getByRole("button", { name: "Lägg till ett projekt" }).click();
  const summary = r.getByRole("alert").filter({ hasText: "Det finns ett problem" });
  await expect(summary).toContainText("Projekt 3, ”Projektets budget i kronor”: Skriv ett tal");
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#f-projekt-3-budget");
  await expect(r.getByRole("group", { name: "Projekt 3", exact: true }).getByLabel("Projektets namn")).toHaveValue("Projekt Gamma");
  await expectNoAxeViolationsUnhydrated(await respondent(browser, true), `${link}/del/3`);
  await r.getByRole("group", { name: "Projekt 3", exact: true }).getByLabel("Projektets budget i kronor").fill("250 000");
  // The empty fourth item that came with the error, and the second, removed.
  await r.getByRole("button", { name: "Ta bort projekt 4" }).click();
  await expect(r.getByRole("group", { name: "Projekt 4", exact: true })).toHaveCount(0);
  await r.getByRole("button", { name: "Ta bort projekt 2" }).click();
  await expect(r).toHaveURL(/\/del\/3#f-projekt$/);
  await expect(r.getByRole("group", { name: "Projekt 2", exact: true }).getByLabel("Projektets namn")).toHaveValue("Projekt Gamma");
  await expect(r.getByRole("group", { name: "Projekt 3", exact: true })).toHaveCount(0);
  await expect(r.getByText("Projekt Beta")).toHaveCount(0);

  await finishAndSubmit(r);
  await expect(r.getByText("Projekt 1: Projekt Alfa")).toBeVisible();
  await expect(r.getByText("Projekt 2: Projekt Gamma")).toBeVisible();

  // The coordinator finds the two in Tranås's project register.
  await page.goto(`${round}/projekt/0687`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Projektregister");
  const table = page.locator("table.register-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).toContainText("Projekt Alfa");
  await expect(table).toContainText("Projekt Gamma");
  await expect(table).not.toContainText("Projekt Beta");
  await expect(table).toContainText("250\u00a0000 kr");
  await expectNoAxeViolations(page);
  await expectNoAxeViolationsUnhydrated(page, `${round}/projekt/0687`);
});

test("with JavaScript: items are added and removed in the page and saved", async ({ page, browser }) => {
  const { links } = await newRound(page);
  const link = links[1];
  const r = await respondent(browser, true);
  await answerFirstParts(r, link, "Jonas Med");
  const url = r.url();
  // Once the page is hydrated the buttons work in the page.
  await expect(r.locator(".group[data-enhanced=true]")).toHaveCount(1);

  await r.getByRole("button", { name: "Lägg till ett projekt" }).click();
  // No reload: focus goes to the new item's first field.
  await expect(r).toHaveURL(url);
  await expect(r.getByRole("group", { name: "Projekt 1", exact: true }).getByLabel("Projektets namn")).toBeFocused();
  await fillProject(r, 1, "Vänort Ett", "Pågående");
  await r.getByRole("button", { name: "Lägg till ett projekt" }).click();
  const typed = r.waitForResponse((response) => response.url().includes("svar/spara"));
  await fillProject(r, 2, "Vänort Två", "Avslutat");
  await typed;
  await expect(r.locator(".autosave")).toContainText("Utkastet sparades");
  await expectNoAxeViolations(r);
  const removed = r.waitForResponse((response) => response.url().includes("svar/spara"));
  await r.getByRole("button", { name: "Ta bort projekt 1" }).click();
  // The other item is renumbered in place and the removal is saved.
  await expect(r.getByRole("group", { name: "Projekt 1", exact: true }).getByLabel("Projektets namn")).toHaveValue("Vänort Två");
  await expect(r.getByRole("button", { name: "Lägg till ett projekt" })).toBeFocused();
  await expect(r.getByRole("status").filter({ hasText: "Projekt 1 togs bort." })).toBeAttached();
  await removed;
  await r.reload();
  await expect(r.getByRole("group", { name: "Projekt 1", exact: true }).getByLabel("Projektets namn")).toHaveValue("Vänort Två");
  await expect(r.getByRole("group", { name: "Projekt 2", exact: true })).toHaveCount(0);
});

test("the demo round's register merges, filters and sorts, and passes axe", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  await page.getByRole("link", { name: /Kartläggning av internationellt arbete 2026 \(exempel\)/ }).click();
  await page.getByRole("link", { name: "Visa nulägesanalysen" }).click();
  await page.getByRole("link", { name: "Projektregistret: alla projekt i kartläggningen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Projektregister");
  await expectNoAxeViolations(page);
  const register = new URL(page.url()).pathname;

  // Växjö: the Interreg project reported by two companies is one row.
  await page.getByLabel("Kommun", { exact: true }).selectOption({ label: "Växjö" });
  await page.getByRole("button", { name: "Filtrera" }).click();
  await expect(page).toHaveURL(/kommun=0780/);
  const hydrogen = page.locator("table.register-table tbody tr", { hasText: "Interreg Baltic Hydrogen Valleys" });
  await expect(hydrogen).toHaveCount(1);
  await expect(hydrogen).toContainText("Växjö Energi AB");
  await expect(hydrogen).toContainText("VEAB Elnät AB");
  await page.getByLabel("Land", { exact: true }).selectOption("Kosovo");
  await page.getByRole("button", { name: "Filtrera" }).click();
  await expect(page.locator("table.register-table tbody tr")).toHaveCount(2);
  // Sorting keeps the filters.
  await page.getByRole("link", { name: /^Period/ }).click();
  await expect(page).toHaveURL(/sortera=start.*land=Kosovo/);
  await expect(page.getByRole("columnheader", { name: /Period/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.locator("table.register-table tbody tr").first()).toContainText("Hållbara kliv");
  await expectNoAxeViolations(page);

  // One municipality's register, from its analysis page, as the server sends it.
  await expectNoAxeViolationsUnhydrated(page, `${register}/0780`);
  await expectNoAxeViolationsUnhydrated(page, `${register}?land=Kosovo&sortera=budget&ordning=fallande`);
});
