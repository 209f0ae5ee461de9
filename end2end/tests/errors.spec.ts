// Pages that cannot be shown say so truthfully: a database failure is a 500
// page "Något gick fel" with a reference that the server's log also has.
import { test, expect } from "@playwright/test";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { choosePassword, logIn } from "./helpers";

const root = join(__dirname, "..", "..");
const binary = join(root, "target", "debug", "nulage");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a database error shows the 500 page with a reference", async ({ page }) => {
    test.setTimeout(90_000);
    // A server of its own, on an SQLite database this test may break.
    const dir = mkdtempSync(join(tmpdir(), "nulage-fel-"));
    const file = join(dir, "nulage.db");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const common = ["--database-url", `sqlite:${file}`, "--base-url", base, "--log-level", "error"];
    const server = spawn(
      binary,
      [...common, "--bind", `127.0.0.1:${port}`, "--site-root", join(root, "target", "site"),
        "--link-key-file", join(dir, "link.key"), "serve", "--demo"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    server.stderr.on("data", (chunk) => (log += chunk.toString()));
    server.on("exit", (code) => (log += ` (the server stopped: ${code})`));
    server.on("error", (error) => (log += ` (the server could not start: ${error})`));
    try {
      let up = false;
      for (let i = 0; i < 120 && !up; i++) {
        up = (await fetch(`${base}/healthz`).catch(() => null))?.status === 200;
        if (!up) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!up) throw new Error(`the test's own server did not start: ${log}`);
      const email = "fel@test.example";
      const out = execFileSync(binary, [...common, "create-admin", "--email", email]).toString();
      const link = out.split("\n").find((line) => line.includes("/konto/losenord/"))!.trim();
      await choosePassword(page, link);
      await logIn(page, email);

      // The table the sector page reads disappears from under it.
      execFileSync("python3", ["-c", `import sqlite3; c = sqlite3.connect(${JSON.stringify(file)}); c.execute("ALTER TABLE sector RENAME TO sector_gone"); c.commit()`]);
      const response = await page.goto(`${base}/admin/verksamhetsomraden`);
      expect(response!.status()).toBe(500);
      await expect(page).toHaveTitle("Något gick fel – Nuläge");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Något gick fel");
      await expect(page.getByText("Det som redan är sparat finns kvar.", { exact: false })).toBeVisible();
      const reference = (await page.locator(".error-reference").textContent())!.trim();
      expect(reference).toMatch(/^[0-9a-f]{8}$/);
      await expect.poll(() => log.includes(reference)).toBe(true);
    } finally {
      server.kill();
    }
  });
});
