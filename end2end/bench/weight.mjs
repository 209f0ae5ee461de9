// Page weight: every page kind loaded in Chromium with an empty cache, with
// JavaScript on and off; requests and bytes as transferred (compressed, with
// headers) and raw (decoded bodies). Run by scripts/bench-weight, which
// starts the server; prints a table and writes target/bench-weight.json.
import { chromium } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const base = process.env.BENCH_URL;
const binary = process.env.BENCH_BINARY;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const out = process.env.BENCH_OUT ?? "bench-weight.json";
const password = "korv med bröd och senap";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});

// A coordinator's session: an administrator made on the command line.
const email = `bench-${Date.now()}@nulage.example`;
const created = execFileSync(binary, [
  "--database-url", databaseUrl, "--base-url", base, "--log-level", "warn",
  "create-admin", "--email", email,
]).toString();
const link = created.split("\n").find((line) => line.includes("/konto/losenord/")).trim();
const setup = await browser.newContext();
const page = await setup.newPage();
await page.goto(link);
await page.getByLabel("Nytt lösenord").fill(password);
await page.getByLabel("Samma lösenord en gång till").fill(password);
await page.getByRole("button", { name: "Spara lösenordet" }).click();
await page.waitForURL(/logga-in/);
await page.getByLabel("E-postadress").fill(email);
await page.getByLabel("Lösenord").fill(password);
await page.getByRole("button", { name: "Logga in" }).click();
await page.waitForURL(/kommuner/);
const session = await setup.storageState();

// The demo round, one of its personal links, a municipality that answered,
// and the default questionnaire's builder.
await page.goto(`${base}/omgangar`);
const round = new URL(await page.locator('a[href^="/omgangar/"]').first().getAttribute("href"), base).pathname;
await page.goto(`${base}${round}`);
const personal = new URL(await page.locator("input.input--link").first().inputValue()).pathname;
await page.goto(`${base}${round}/analys`);
const municipality = await page.locator(`a[href^="${round}/analys/"]`).first().getAttribute("href");
await page.goto(`${base}/enkater`);
const builder = await page.locator('a[href^="/enkater/"]:not([href="/enkater/importera"])').first().getAttribute("href");
await setup.close();

const pages = [
  ["Respondent: start page", personal, false],
  ["Respondent: part 1", `${personal}/del/1`, false],
  ["Respondent: part 3 (projects)", `${personal}/del/3`, false],
  ["Respondent: review", `${personal}/granska`, false],
  ["Round page", round, true],
  ["Round analysis", `${round}/analys`, true],
  ["Municipality analysis", municipality, true],
  ["Project register", `${round}/projekt`, true],
  ["Questionnaire builder", builder, true],
  ["Municipality list", "/kommuner", true],
];

async function measure(path, loggedIn, javaScriptEnabled) {
  const context = await browser.newContext({
    javaScriptEnabled,
    storageState: loggedIn ? session : undefined,
  });
  const tab = await context.newPage();
  const responses = [];
  tab.on("requestfinished", async (request) => {
    responses.push(
      (async () => {
        const sizes = await request.sizes();
        const response = await request.response();
        const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
        return {
          url: request.url(),
          transferred: sizes.responseBodySize + sizes.responseHeadersSize,
          raw: body.length,
        };
      })(),
    );
  });
  const started = Date.now();
  const response = await tab.goto(`${base}${path}`, { waitUntil: "load" });
  await tab.waitForLoadState("networkidle");
  const loaded = Date.now() - started;
  const status = response.status();
  const all = await Promise.all(responses);
  await context.close();
  const wasm = all.filter((r) => r.url.endsWith(".wasm"));
  return {
    status,
    requests: all.length,
    transferred: all.reduce((s, r) => s + r.transferred, 0),
    raw: all.reduce((s, r) => s + r.raw, 0),
    wasmRaw: wasm.reduce((s, r) => s + r.raw, 0),
    wasmTransferred: wasm.reduce((s, r) => s + r.transferred, 0),
    loadedMs: loaded,
  };
}

// Server time per page: the median of 30 requests one after another, from
// sending to the last byte (loopback, HTML only, compressed as a browser asks).
const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
async function serverTime(path, loggedIn) {
  const times = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      headers: { "accept-encoding": "br, gzip", ...(loggedIn ? { cookie } : {}) },
    });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const results = [];
for (const [name, path, loggedIn] of pages) {
  const ms = await serverTime(path, loggedIn);
  for (const js of [true, false]) {
    const m = await measure(path, loggedIn, js);
    results.push({ page: name, javascript: js, serverMs: ms, ...m });
  }
}
await browser.close();

const kb = (n) => (n / 1000).toFixed(1).padStart(8);
console.log("page                              JS   status  requests  transferred kB   raw kB   WASM raw kB  server ms");
for (const r of results) {
  console.log(
    `${r.page.padEnd(33)} ${r.javascript ? "on " : "off"}  ${String(r.status).padStart(5)}  ${String(r.requests).padStart(8)}  ${kb(r.transferred)}       ${kb(r.raw)} ${kb(r.wasmRaw)}   ${r.serverMs.toFixed(1).padStart(7)}`,
  );
}
writeFileSync(out, JSON.stringify(results, null, 2));
const failed = results.filter((r) => r.status !== 200);
if (failed.length) {
  console.error(`${failed.length} pages did not load: ${failed.map((r) => r.page).join(", ")}`);
  process.exit(1);
}
