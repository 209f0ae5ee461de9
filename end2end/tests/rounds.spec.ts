// Survey rounds: a coordinator sends the default questionnaire to Tranås, and
// units answer through their links — with JavaScript, without it, and two at once.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

// Whole journeys through six parts, with axe on the way: longer than one page.
test.describe.configure({ timeout: 120_000 });

/// A new, opened round of the default questionnaire to Tranås; returns the
/// paths of its personal links.
async function newRound(page: Page): Promise<string[]> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  await expect(page.getByRole("heading", { name: "Starta en ny kartläggning" })).toBeVisible();
  await expectNoAxeViolations(page);
  const name = `Kartläggning ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Namn").fill(name);
  const option = page.locator("#ny-enkat option", { hasText: "Kartläggning av internationellt arbete" }).first();
  await page.locator("#ny-enkat").selectOption((await option.getAttribute("value"))!);
  await page.getByLabel("Tranås").check();
  await page.getByLabel("Sista svarsdag").fill("2099-12-31");
  await page.getByRole("button", { name: "Skapa kartläggning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Utkast: länkarna öppnar inte enkäten")).toBeVisible();
  await page.getByRole("button", { name: "Öppna kartläggningen" }).click();
  await expect(page.getByText("Öppen. Svara senast 2099-12-31 kl. 23:59")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Tranås – 0 av 8/ })).toBeVisible();
  await expectNoAxeViolations(page);
  const links = await page
    .locator("input.input--link")
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(links).toHaveLength(8);
  return links.map((link) => new URL(link).pathname);
}

/// A browser page without the coordinator's session, as a unit contact has.
async function respondent(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

test("a unit answers with JavaScript: saved while typing, resumed elsewhere, reviewed, submitted", async ({ page, browser }) => {
  const [link] = await newRound(page);
  const r = await respondent(browser);
  await r.goto(link);
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Kartläggning av internationellt arbete");
  await expect(r.getByText(/· Tranås/)).toBeVisible();
  await expect(r.getByText("2099-12-31 kl. 23:59")).toBeVisible();
  await expectNoAxeViolations(r);
  await r.getByRole("link", { name: "Börja" }).click();
  await expect(r.getByText("Del 1 av 6")).toBeVisible();
  // A new page: the next Tab starts at its top, not in the footer.
  await r.keyboard.press("Tab");
  await expect(r.getByRole("link", { name: "Hoppa till innehållet" })).toBeFocused();
  await expectNoAxeViolations(r);

  await r.getByLabel("Ditt namn").fill("Anna Andersson");
  await expect(r.locator(".autosave")).toContainText("Utkastet sparades");
  // The same link on another device continues from the draft.
  const elsewhere = await respondent(browser);
  await elsewhere.goto(`${link}/del/1`);
  await expect(elsewhere.getByLabel("Ditt namn")).toHaveValue("Anna Andersson");

  await r.getByLabel("Din e-postadress").fill("anna@tranas.example");
  await r.getByRole("group", { name: /kontaktperson för internationella frågor/ }).getByLabel("Ja", { exact: true }).check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 2 av 6")).toBeVisible();
  // A follow-up question appears live.
  const why = r.getByLabel(/Varför/);
  await expect(why).toBeHidden();
  await r.getByLabel("Inte alls", { exact: true }).check();
  await expect(why).toBeVisible();
  await why.fill("Vi har inte haft tid.");
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  // No projects are asked for from a unit that does not work internationally.
  await expect(r.getByText("Del 3 av 6")).toBeVisible();
  await expect(r.getByRole("button", { name: "Lägg till ett projekt" })).toHaveCount(0);
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 4 av 6")).toBeVisible();
  await r.getByLabel("Vi känner inte till den").check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 5 av 6")).toBeVisible();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 6 av 6")).toBeVisible();
  await r.getByLabel("4", { exact: true }).check();
  await r.getByRole("button", { name: "Spara och granska" }).click();

  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Granska dina svar");
  await expect(r.getByText("Vi har inte haft tid.")).toBeVisible();
  await expectNoAxeViolations(r);
  await r.getByRole("button", { name: "Skicka in svaren" }).click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Svaren är inskickade");
  // The print button is added once the page's code has taken over; a debug
  // build on a busy machine may need longer than the default wait.
  await expect(r.getByRole("button", { name: "Skriv ut kvittot" })).toBeVisible({ timeout: 25_000 });
  await expect(r.getByText("Anna Andersson")).toBeVisible();
  await expectNoAxeViolations(r);

  // The coordinator sees it.
  await page.reload();
  await expect(page.getByRole("heading", { name: /Tranås – 1 av 8/ })).toBeVisible();
});

test("a unit answers without JavaScript: field errors, save for later, submit", async ({ page, browser }) => {
  const links = await newRound(page);
  const link = links[1];
  const r = await respondent(browser, false);
  await r.goto(`${link}/del/1`);
  await r.getByLabel("Ditt namn").fill("Bo Berg");
  await r.getByLabel("Din e-postadress").fill("inte en adress");
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  // Stays on the part with an error summary linking to the field; what was typed is kept.
  const summary = r.getByRole("alert").filter({ hasText: "Det finns ett problem" });
  await expect(summary).toBeVisible();
  await expect(r).toHaveTitle(/^Fel: Del 1 av 6/);
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#f-svarande_epost");
  await expect(r.getByLabel("Din e-postadress")).toHaveValue("inte en adress");
  await expect(r.getByLabel("Ditt namn")).toHaveValue("Bo Berg");

  await r.getByLabel("Din e-postadress").fill("bo@tranas.example");
  await r.getByRole("button", { name: "Spara och fortsätt senare" }).click();
  await expect(r.getByText("Dina svar är sparade")).toBeVisible();
  await r.getByRole("link", { name: "Fortsätt" }).click();
  await expect(r.getByLabel("Din e-postadress")).toHaveValue("bo@tranas.example");

  // Straight to the review: the missing answers are listed with links.
  await r.goto(`${link}/granska`);
  await r.getByRole("button", { name: "Skicka in svaren" }).click();
  const missing = r.getByRole("alert").filter({ hasText: "Svara på de här frågorna" });
  await expect(missing).toBeVisible();
  await missing.getByRole("link", { name: /kontaktperson för internationella frågor/ }).click();
  await expect(r.getByText("Del 1 av 6")).toBeVisible();
  // It lands on the question, with its error shown.
  await expect(r).toHaveURL(/\?saknas=1#f-/);
  await expect(r).toHaveTitle(/^Fel: Del 1 av 6/);
  await expect(
    r.getByRole("group", { name: /kontaktperson för internationella frågor/ }).getByText("Svara på frågan."),
  ).toBeVisible();
  await r.getByRole("group", { name: /kontaktperson för internationella frågor/ }).getByLabel("Nej", { exact: true }).check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await r.getByLabel("Strategiskt och planerat").check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(r.getByText("Del 3 av 6")).toBeVisible();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await r.getByLabel("Vi arbetar efter den").check();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await r.getByLabel("5 – Mycket viktigt").check();
  await r.getByRole("button", { name: "Spara och granska" }).click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Granska dina svar");
  await r.getByRole("button", { name: "Skicka in svaren" }).click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Svaren är inskickade");

  // Every respondent page as the server sends it passes axe.
  const checker = await respondent(browser);
  for (const path of [link, `${link}/del/1`, `${link}/granska`, `${link}/kvitto`, "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
    await expectNoAxeViolationsUnhydrated(checker, path);
  }
});

test("without JavaScript: a required answer left empty is reported when the part is saved; 'Annat' has a field of its own", async ({ page, browser }) => {
  const links = await newRound(page);
  const link = links[2];
  const r = await respondent(browser, false);
  await r.goto(`${link}/del/1`);
  await r.getByLabel("Ditt namn").fill("Cecilia Ceder");
  await r.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  // The part comes back with what is missing, named; what was typed is saved.
  await expect(r.getByText("Del 1 av 6")).toBeVisible();
  await expect(r).toHaveTitle(/^Fel: Del 1 av 6/);
  const summary = r.getByRole("alert").filter({ hasText: "Det finns ett problem" });
  await expect(summary.getByRole("link", { name: /kontaktperson för internationella frågor.*: Svara på frågan\./ })).toBeVisible();
  await expect(r.getByLabel("Ditt namn")).toHaveValue("Cecilia Ceder");
  // Saving for later is still allowed.
  await r.getByRole("button", { name: "Spara och fortsätt senare" }).click();
  await expect(r.getByText("Dina svar är sparade")).toBeVisible();
  await expectNoAxeViolationsUnhydrated(await respondent(browser), `${link}/del/1?saknas=1`);

  // The "Annat" text is named for its question, and its label is its own.
  await r.goto(`${link}/del/2`);
  const ways = r.getByRole("group", { name: /På vilka sätt arbetar verksamheten internationellt/ });
  const other = ways.getByRole("textbox", { name: "Vad? Annat: På vilka sätt arbetar verksamheten internationellt?" });
  await expect(other).toBeVisible();
  const otherBox = ways.getByRole("checkbox", { name: "Annat", exact: true });
  await ways.locator(".other-text label").click();
  await expect(otherBox).not.toBeChecked();
  await expect(other).toBeFocused();
});

test("two people on one link are told about each other's changes", async ({ page, browser }) => {
  const links = await newRound(page);
  const link = links[2];
  const first = await respondent(browser, false);
  // Without the app bundle the page works as without JavaScript, and axe can still run.
  const second = await respondent(browser);
  await second.route("**/pkg/*.{js,wasm}", (route) => route.abort());
  await first.goto(`${link}/del/1`);
  await second.goto(`${link}/del/1`);
  await first.getByLabel("Ditt namn").fill("Cecilia");
  await first.getByRole("button", { name: "Spara och fortsätt senare" }).click();
  await expect(first.getByText("Dina svar är sparade")).toBeVisible();

  await second.getByLabel("Ditt namn").fill("David");
  await second.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  const notice = second.getByRole("alert").filter({ hasText: "Någon annan har ändrat samma svar" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("den andra sparade: Cecilia");
  await expect(second.getByLabel("Ditt namn")).toHaveValue("David");
  await expectNoAxeViolations(second);
  // Saving again keeps this person's choice (the part comes back for the
  // required answers still missing).
  await second.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(second.getByRole("alert").filter({ hasText: "Det finns ett problem" })).toContainText("Svara på frågan.");
  await expect(notice).toHaveCount(0);
  await second.goto(`${link}/del/1`);
  await expect(second.getByLabel("Ditt namn")).toHaveValue("David");
  // The page with field errors, as served, passes axe too.
  await second.getByLabel("Din e-postadress").fill("inte en adress");
  await second.getByRole("button", { name: "Spara och fortsätt", exact: true }).click();
  await expect(second.getByRole("alert").filter({ hasText: "Det finns ett problem" })).toBeVisible();
  await expectNoAxeViolations(second);
});

test("respondent pages reflow at 400 % zoom (320 CSS pixels wide)", async ({ page, browser }) => {
  const links = await newRound(page);
  const link = links[3];
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const r = await context.newPage();
  for (const path of [link, `${link}/del/1`, `${link}/del/2`, `${link}/granska`]) {
    await r.goto(path);
    const overflow = await r.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  // Keyboard only: the first field is reachable and the answer is saved.
  await r.goto(`${link}/del/1`);
  await r.getByLabel("Ditt namn").focus();
  await r.keyboard.type("Eva Ek");
  await r.keyboard.press("Enter");
  // Saved; the part comes back with the required answers still missing.
  await expect(r).toHaveURL(/\/del\/1\?saknas=1#f-/);
  await expect(r.getByRole("alert").filter({ hasText: "Det finns ett problem" })).toBeVisible();
  const overflow = await r.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the part with its errors scrolls sideways").toBeLessThanOrEqual(0);
  await r.goto(`${link}/del/1`);
  await expect(r.getByLabel("Ditt namn")).toHaveValue("Eva Ek");
});
