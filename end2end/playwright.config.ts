// End-to-end tests: the real server (debug build) on a free port with a fresh
// database and the demo data, driven by Debian's Chromium.
import { defineConfig } from "@playwright/test";
import { execSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Pick a free port once, in the main process; workers inherit the variable.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execSync(
    `node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"`,
  )
    .toString()
    .trim();
}
// One fresh database per run, shared by the server and by tests that use the CLI.
if (!process.env.E2E_DATA) {
  process.env.E2E_DATA = mkdtempSync(join(tmpdir(), "nulage-e2e-"));
}
// The server's database: an SQLite file in that folder unless the test
// command points the run at PostgreSQL.
if (!process.env.E2E_DATABASE_URL) {
  process.env.E2E_DATABASE_URL = `sqlite:${process.env.E2E_DATA}/nulage.db`;
}
const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  // A hang fails the run within minutes instead of exhausting CI.
  globalTimeout: 20 * 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: `bash ./serve-for-tests.sh ${port} '${process.env.E2E_DATABASE_URL}'`,
    url: `${baseURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
