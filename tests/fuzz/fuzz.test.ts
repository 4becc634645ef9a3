import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embedded } from "../helpers/cli.js";
import { inProcess, makeCase, newTally, runCase, type Seeds, truncationCase, violation } from "./harness.js";

/**
 * The bounded fuzz subset that runs in `npm test` (issues 7, 14): 150 seeded random cases and a
 * truncation sweep of one sample at every byte offset, all in-process. The full run (≥ 10,000 cases,
 * a spawned sample through the built binary, hang detection and peak RSS) is `npm run fuzz`.
 */

const SEED = 7;
const COUNT = 150;

function seeds(): Seeds {
  const read = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));
  return { workloads: read("examples"), providers: read("pricing-data/providers") };
}

const dir = mkdtempSync(join(tmpdir(), "llmcost-fuzz-"));
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fuzz subset", () => {
  it(`${COUNT} seeded random cases keep the exit-code contract`, async () => {
    const s = seeds();
    const run = inProcess(embedded);
    const tally = newTally();
    for (let i = 0; i < COUNT; i++) await runCase(makeCase(SEED, i, s), dir, run, tally);
    expect(tally.violations).toEqual([]);
    expect(tally.cases).toBe(COUNT);
    // A fuzzer whose cases all fail validation tests only the validator: some must get through.
    expect(tally.exit0).toBeGreaterThan(COUNT * 0.05);
    expect(tally.exit2).toBeGreaterThan(COUNT * 0.3);
    expect(Object.keys(tally.byFamily).sort()).toEqual(["catalog", "flags", "random-bytes", "workload"]);
    // Nothing any case loaded may have reached Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    // 13 s on an idle 2-core machine; three times that when other jobs share it (load 15).
  }, 120_000);

  it("the oracle catches what it is meant to catch", () => {
    const ok = { stdout: "", stderr: "error: w.yaml:1:1: bad\n", exitCode: 2 };
    expect(violation(ok, "json")).toBeUndefined();
    expect(violation({ ...ok, exitCode: 3 }, "json")).toMatch(/^exit 3/);
    expect(violation({ ...ok, stdout: "{" }, "json")).toMatch(/exit 2 with 1 bytes on stdout/);
    expect(violation({ ...ok, stderr: "error: x\n    at run (file:///a/b.js:10:5)\n" }, "json")).toMatch(/stack trace/);
    expect(violation({ ...ok, stderr: "" }, "json")).toMatch(/without an error message/);
    const report = { llmcost: 1, total: 1, items: [{ options: [{ cost: null, components: [] }] }] };
    expect(violation({ stdout: JSON.stringify(report), stderr: "", exitCode: 0 }, "json")).toMatch(/cost is null/);
    expect(violation({ stdout: "$NaN", stderr: "", exitCode: 0 }, "table")).toMatch(/NaN/);
  });

  it("truncating a workload at every byte offset never breaks the contract", async () => {
    const sample = seeds().workloads.find((w) => w.name === "support-assistant.yaml") ?? seeds().workloads[0]!;
    const run = inProcess(embedded);
    const tally = newTally();
    const n = Buffer.byteLength(sample.text);
    for (let off = 0; off <= n; off++) await runCase(truncationCase(sample, "workload", off), dir, run, tally);
    expect(tally.violations).toEqual([]);
    expect(tally.cases).toBe(n + 1);
    expect(tally.exit0).toBeGreaterThan(0); // the whole file (and cuts inside trailing comments) still price
  });
});
