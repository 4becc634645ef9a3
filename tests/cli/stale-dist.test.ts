import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * bin/llmcost.js runs the CLI built into dist/ in parts (scripts/build.mjs). A dist/ that does not
 * match the shim — built before the split and not rebuilt after a `git pull`, or half written —
 * is a clear line and exit 3 (as a missing dist/ is), never a stack trace. LLMCOST_DIST points the
 * shim at a folder of our making.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function distWith(files: Record<string, string | { copy: string }>): string {
  const d = mkdtempSync(join(tmpdir(), "llmcost-dist-"));
  dirs.push(d);
  for (const [name, content] of Object.entries(files))
    if (typeof content === "string") writeFileSync(join(d, name), content);
    else copyFileSync(content.copy, join(d, name));
  return d;
}
function run(dist: string, args: string[]) {
  return spawnSync(process.execPath, ["bin/llmcost.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, LLMCOST_DIST: dist },
  });
}

describe("a dist/ that does not match bin/llmcost.js", () => {
  it("built by an older llmcost (one bundle, no manifest of parts): says so, exit 3", () => {
    // The shape of the single bundle built before the split: one function expression.
    const dist = distWith({ "llmcost.cjs": "(function (exports, require, module, __filename, __dirname) {})" });
    const r = run(dist, ["--help"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "llmcost: dist/ was built by another version of llmcost (a git pull since the last build?): run `npm run build` (npm install does it too)\n",
    );
    expect(r.status).toBe(3);
  });

  it("with a part missing (a build cut short): names the part, exit 3", () => {
    // Only the first file: `catalog stats` needs a part in another file.
    const dist = distWith({ "llmcost.cjs": { copy: "dist/llmcost.cjs" } });
    const r = run(dist, ["catalog", "stats"]);
    expect(r.stderr).toMatch(
      /^llmcost: dist\/llmcost\.\d+\.cjs is missing: run `npm run build` \(npm install does it too\)\n$/,
    );
    expect(r.stdout).toBe("");
    expect(r.status).toBe(3);
  });

  it("missing: says so, exit 3", () => {
    const r = run(join(tmpdir(), "llmcost-no-such-dist"), ["--help"]);
    expect(r.stderr).toBe("llmcost: dist/llmcost.cjs is missing: run `npm run build` (npm install does it too)\n");
    expect(r.status).toBe(3);
  });
});
