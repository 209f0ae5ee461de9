// Questionnaires: build a small one with a condition and watch the preview follow it.
import { test, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expectNoAxeViolations, expectNoAxeViolationsUnhydrated, logInAsNewAdmin } from "./helpers";
import type { Page } from "@playwright/test";

/// Opens the first part's "add a question" panel, unless it is open already.
async function openAddQuestion(page: Page) {
  const panel = page.locator("details.builder-add").first();
  if ((await panel.getAttribute("open")) === null) await panel.locator("summary").click();
}

test("a coordinator builds a questionnaire with a condition and the preview follows it", async ({ page }) => {
  await logInAsNewAdmin(page);
  const title = `Enkät ${randomUUID().slice(0, 8)}`;
  await page.goto("/enkater");
  await expect(page.getByRole("link", { name: "Kartläggning av internationellt arbete" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Namn").fill(title);
  await page.getByLabel("Enkäten hör till").selectOption({ label: "Karlskrona" });
  await page.getByRole("button", { name: "Skapa enkät" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  await page.getByLabel("Rubrik").fill("Om verksamheten");
  await page.getByRole("button", { name: "Lägg till del" }).click();
  await expect(page.getByRole("heading", { name: "Del 1: Om verksamheten" })).toBeVisible();

  await openAddQuestion(page);
  await page.getByLabel("Frågan").fill("Har ni internationella projekt?");
  await page.getByLabel("Typ").selectOption("yes_no");
  await page.getByRole("button", { name: "Lägg till fråga" }).click();
  await expect(page.locator(".builder-question__text", { hasText: "Har ni internationella projekt?" })).toBeVisible();

  await openAddQuestion(page);
  await page.getByLabel("Frågan").fill("Hur många projekt?");
  await page.getByLabel("Typ").selectOption("number");
  await page.getByRole("button", { name: "Lägg till fråga" }).click();
  await expect(page.locator(".builder-question__text", { hasText: "Hur många projekt?" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The condition is picked, not typed.
  await page.getByRole("link", { name: "Ändra Hur många projekt?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hur många projekt?");
  await page.getByText("Har ni internationella projekt?").click();
  await page.getByLabel("Ja", { exact: true }).check();
  await page.getByLabel("Minst").fill("0");
  await page.getByLabel("Högst").fill("100");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Spara frågan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Visas när svaret är ”Ja” på ”Har ni internationella projekt?”")).toBeVisible();

  // The live preview: the follow-up appears only after "Ja".
  await page.getByRole("link", { name: "Förhandsgranska" }).click();
  await expect(page.getByText("Del 1 av 1")).toBeVisible();
  const followUp = page.getByLabel(/Hur många projekt\?/);
  await expect(followUp).toBeHidden();
  await page.getByLabel("Ja", { exact: true }).check();
  await expect(followUp).toBeVisible();
  await page.getByLabel("Nej", { exact: true }).check();
  await expect(followUp).toBeHidden();
  await page.getByLabel("Ja", { exact: true }).check();
  await followUp.fill("tre");
  await page.getByRole("button", { name: "Granska svaren" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv ett tal");
  await expectNoAxeViolations(page);
  await page.getByLabel(/Hur många projekt\?/).fill("3");
  await page.getByRole("button", { name: "Granska svaren" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Granska dina svar");
  await expect(page.getByText("3", { exact: true })).toBeVisible();
});

test("a sub-question follows an earlier answer in its own item", async ({ page }) => {
  await logInAsNewAdmin(page);
  const title = `Projektenkät ${randomUUID().slice(0, 8)}`;
  const text = (sv: string) => ({ sv, en: "" });
  const questionnaire = {
    title: text(title),
    sections: [
      {
        key: "projekt",
        title: text("Projekt"),
        questions: [
          {
            key: "projekt",
            text: text("Era projekt"),
            type: "group",
            item_label: text("Projekt"),
            add_label: text("Lägg till ett projekt"),
            max_items: 5,
            questions: [
              { key: "namn", text: text("Projektets namn"), type: "short_text" },
              {
                key: "status",
                text: text("Status"),
                type: "single_choice",
                options: [
                  { key: "pagaende", label: text("Pågående") },
                  { key: "avslutat", label: text("Avslutat") },
                ],
              },
              {
                key: "resultat",
                text: text("Resultat"),
                type: "long_text",
                condition: { question: "status", any_of: ["avslutat"] },
              },
            ],
          },
        ],
      },
    ],
  };
  await page.goto("/enkater/importera");
  await page.getByLabel("JSON-fil").setInputFiles({
    name: "projekt.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(questionnaire), "utf8"),
  });
  await page.getByRole("button", { name: "Importera" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  await page.getByRole("link", { name: "Förhandsgranska" }).click();
  await expect(page.getByText("Del 1 av 1")).toBeVisible();
  await page.getByRole("button", { name: "Lägg till ett projekt" }).click();
  await page.getByRole("button", { name: "Lägg till ett projekt" }).click();
  const first = page.getByRole("group", { name: "Projekt 1" });
  const second = page.getByRole("group", { name: "Projekt 2" });
  await expect(second).toBeVisible();
  // Asked only in an item whose status is "Avslutat", item by item.
  await expect(first.getByLabel(/Resultat/)).toBeHidden();
  await first.getByLabel("Avslutat").check();
  await expect(first.getByLabel(/Resultat/)).toBeVisible();
  await expect(second.getByLabel(/Resultat/)).toBeHidden();
  await expectNoAxeViolations(page);
  await second.getByLabel("Avslutat").check();
  await expect(second.getByLabel(/Resultat/)).toBeVisible();
  await first.getByLabel("Pågående").check();
  await expect(first.getByLabel(/Resultat/)).toBeHidden();
  await expect(second.getByLabel(/Resultat/)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the builder and the preview work with plain form posts", async ({ page }) => {
    await logInAsNewAdmin(page);
    await page.goto("/enkater");
    await page.getByRole("link", { name: "Kartläggning av internationellt arbete" }).click();
    await expect(page.getByRole("heading", { name: /Del 2: Internationellt arbete/ })).toBeVisible();
    await page.getByRole("link", { name: "Förhandsgranska" }).click();
    await expect(page.getByText("Del 1 av 6")).toBeVisible();
    await page.getByRole("button", { name: "Nästa del" }).click();
    await expect(page.getByText("Del 2 av 6")).toBeVisible();
    // Without JavaScript a conditional follow-up stays visible, with a note on when to answer it.
    await expect(page.getByText(/Svara bara om du svarade/).first()).toBeVisible();
    await page.getByLabel("Inte alls").check();
    await page.getByRole("button", { name: "Nästa del" }).click();
    await expect(page.getByText("Del 3 av 6")).toBeVisible();
    await page.getByRole("button", { name: "Föregående del" }).click();
    await expect(page.getByLabel("Inte alls")).toBeChecked();
  });
});

test("builder pages pass axe before JavaScript runs", async ({ page }) => {
  await logInAsNewAdmin(page);
  await page.goto("/enkater");
  await page.getByRole("link", { name: "Kartläggning av internationellt arbete" }).click();
  const builder = page.url();
  await expectNoAxeViolationsUnhydrated(page, builder);
  await expectNoAxeViolationsUnhydrated(page, `${builder}/forhandsgranska?_typ=bolag&_del=3`);
  await expectNoAxeViolationsUnhydrated(page, "/enkater/importera");
});

test("deleting a question asks first", async ({ page }) => {
  await logInAsNewAdmin(page);
  const title = `Enkät ${randomUUID().slice(0, 8)}`;
  await page.goto("/enkater");
  await page.getByLabel("Namn").fill(title);
  await page.getByRole("button", { name: "Skapa enkät" }).click();
  await page.getByLabel("Rubrik").fill("Del A");
  await page.getByRole("button", { name: "Lägg till del" }).click();
  await openAddQuestion(page);
  await page.getByLabel("Frågan").fill("Vilken e-postadress har ni?");
  await page.getByLabel("Typ").selectOption("email");
  await page.getByRole("button", { name: "Lägg till fråga" }).click();
  const question = page.locator(".builder-question__text", { hasText: "Vilken e-postadress har ni?" });
  await expect(question).toBeVisible();
  await page.getByText("Ta bort Vilken e-postadress har ni?").click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ja, ta bort frågan" }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByText("Delen har inga frågor ännu.")).toBeVisible();
});
