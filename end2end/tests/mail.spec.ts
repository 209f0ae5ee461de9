// E-mail without an SMTP server (as the test server runs): a coordinator
// downloads the mail-merge file, finds the texts to copy, and edits the
// invitation with a misspelt placeholder, a live preview and a real unit's
// values — with JavaScript and without it, with axe on every page.
import { test, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";

test.describe.configure({ timeout: 120_000 });

/// A new, opened round to Ljungby; returns its e-mail page's path.
async function newRound(page: Page): Promise<string> {
  await logInAsNewAdmin(page);
  await page.goto("/omgangar");
  const name = `Utskick ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("Namn").fill(name);
  const option = page.locator("#ny-enkat option", { hasText: "Kartläggning av internationellt arbete" }).first();
  await page.locator("#ny-enkat").selectOption((await option.getAttribute("value"))!);
  await page.getByLabel("Ljungby").check();
  await page.getByLabel("Sista svarsdag").fill("2099-12-31");
  await page.getByRole("button", { name: "Skapa kartläggning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.getByRole("button", { name: "Öppna kartläggningen" }).click();
  await expect(page.getByText("Öppen. Svara senast 2099-12-31 kl. 23:59")).toBeVisible();
  await page.getByRole("link", { name: "E-post till enheterna" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-post till enheterna");
  return new URL(page.url()).pathname;
}

test("without SMTP: the mail-merge file, texts to copy and the unit log", async ({ page }) => {
  const mailPage = await newRound(page);
  await expect(page.getByText("Den här servern skickar inte e-post")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Skicka inbjudan" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Kopplingsfil för inbjudan: alla enheter (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^koppling-alla-utskick-.*\.csv$/);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  expect(lines[0]).toBe("kommun;enhet;kontaktperson;e-post;länk;sista_dag;kartläggning;samordnare;läge");
  expect(lines[1]).toMatch(/^Ljungby;.*;http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43};2099-12-31 kl\. 23:59;Utskick /);

  // The texts to copy keep their placeholders, named like the file's columns.
  const text = page.getByLabel("Text (inbjudan)");
  await expect(text).toHaveValue(/\{länk\}/);
  await expect(page.getByLabel("Ämnesrad (påminnelse)")).toHaveValue(/Påminnelse/);
  await expect(page.getByRole("button", { name: "Kopiera texten (inbjudan)" })).toBeVisible();
  // Every unit is listed; the demo data has units without a contact.
  await expect(page.getByRole("table", { name: "Enheter och skickad e-post" })).toBeVisible();
  await expect(page.getByText("Saknar kontaktperson").first()).toBeVisible();
  await expectNoAxeViolationsUnhydrated(page, mailPage);
});

test("editing the invitation: a misspelt placeholder, the live preview, a unit chosen, back to standard", async ({ page }) => {
  const mailPage = await newRound(page);
  await page.getByRole("link", { name: "Ändra och förhandsgranska inbjudan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inbjudan: text och förhandsgranskning");
  await expectNoAxeViolations(page);

  const body = page.getByLabel("Text", { exact: true });
  await body.fill("Hej {enhet}!\n\nSvara här: {lank}");
  await page.getByRole("button", { name: "Spara texten" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toContainText("{lank} är ingen platshållare. Menar du {länk}?");
  // What was typed is still there, and the error sits at the field.
  await expect(body).toHaveValue("Hej {enhet}!\n\nSvara här: {lank}");
  await expect(page.locator(".field--error .field-error")).toContainText("Menar du {länk}?");
  await expectNoAxeViolations(page);
  await summary.getByRole("link").click();
  await expect(body).toBeFocused();

  await body.fill("Hej {enhet}!\n\nSvara här: {länk}");
  const preview = page.locator(".mail-preview");
  await expect(preview).toContainText("Svara här: http://127.0.0.1");
  await expect(preview).not.toContainText("{enhet}");
  await page.getByRole("button", { name: "Spara texten" }).click();
  await expect(page.getByText("Texten är sparad.")).toBeVisible();

  // The preview with another unit's real values.
  const unit = page.getByLabel("Visa texten för");
  const second = unit.locator("option").nth(1);
  const label = (await second.textContent())!;
  await unit.selectOption((await second.getAttribute("value"))!);
  await page.getByRole("button", { name: "Visa", exact: true }).click();
  const unitName = label.replace(/ \(Ljungby\)$/, "");
  await expect(preview).toContainText(`Hej ${unitName}!`);
  await expectNoAxeViolations(page);

  await page.goto(mailPage);
  await expect(page.locator(".mail-template").first()).toContainText("Egen text");
  await page.getByRole("link", { name: "Ändra och förhandsgranska inbjudan" }).click();
  await page.getByRole("button", { name: "Gå tillbaka till standardtexten" }).click();
  await expect(page.getByText("Standardtexten gäller igen.")).toBeVisible();
  await expect(page.getByLabel("Text", { exact: true })).toHaveValue(/Vi vill gärna ha svar från \{enhet\}/);
});

test("editing a text works without JavaScript too", async ({ page, browser }) => {
  const mailPage = await newRound(page);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto(`${mailPage}/mall/paminnelse`);
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText("Påminnelse: text och förhandsgranskning");
  await plain.getByLabel("Ämnesrad").fill("");
  await plain.getByRole("button", { name: "Spara texten" }).click();
  await expect(plain.locator(".error-summary")).toContainText("Skriv en ämnesrad.");
  await expect(plain.locator(".error-summary a")).toHaveAttribute("href", "#mall-amne");
  await plain.getByLabel("Ämnesrad").fill("Påminnelse till {enhet}");
  await plain.getByRole("button", { name: "Spara texten" }).click();
  await expect(plain.getByText("Texten är sparad.")).toBeVisible();
  await expect(plain.locator(".mail-preview")).toContainText("Påminnelse till ");
  await expectNoAxeViolationsUnhydrated(page, `${mailPage}/mall/paminnelse`);
  await context.close();
});
