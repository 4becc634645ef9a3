import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embedded } from "../helpers/cli.js";
import {
  corruptEstimate,
  csvFault,
  dateFault,
  ENTRY_FAMILIES,
  type EntrySeeds,
  entryCase,
  htmlFault,
  inProcess,
  jsonFault,
  makeCase,
  markdownFault,
  newTally,
  runCase,
  runEntry,
  type Seeds,
  truncationCase,
  usageFault,
  violation,
} from "./harness.js";

/**
 * The bounded fuzz subset that runs in `npm test` (issues 7, 14): 150 seeded random cases, a
 * truncation sweep of one sample at every byte offset, and 60 cases of each entry-point family
 * (importers, date horizons, saved estimates, renderer content, write/read-back), all in-process.
 * The full run (≥ 20,000 cases, a spawned sample through the built binary with per-process peak RSS,
 * hang detection) is `npm run fuzz`.
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

function entrySeeds(): EntrySeeds {
  const usage = readdirSync("tests/fixtures/usage")
    .filter((f) => /\.(jsonl|json|csv)$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join("tests/fixtures/usage", f), "utf8") }));
  return {
    litellm: readFileSync("tests/fixtures/litellm/model-prices-sample.json", "utf8"),
    genai: readFileSync("tests/fixtures/genai-prices/data.json", "utf8"),
    usage,
    workloads: seeds().workloads,
  };
}

const ENTRY_COUNT = 60;

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

  it.each(ENTRY_FAMILIES)(
    `${ENTRY_COUNT} seeded %s cases keep the contract and their family's oracles`,
    async (family) => {
      const es = entrySeeds();
      const run = inProcess(embedded);
      const tally = newTally();
      const d = mkdtempSync(join(dir, `${family}-`));
      for (let i = 0; i < ENTRY_COUNT; i++) await runEntry(entryCase(SEED, family, i, es), d, run, es, tally);
      expect(tally.violations).toEqual([]);
      expect(tally.cases).toBe(ENTRY_COUNT);
      // Each family must reach both sides of the contract, or it tests only the validator (or nothing).
      if (family !== "render" && family !== "readback") expect(tally.exit2).toBeGreaterThan(0);
      if (family !== "baseline") expect(tally.exit0).toBeGreaterThan(0);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    },
    120_000,
  );

  it("the entry-point oracles catch what they are meant to catch", () => {
    // Dates: ISO, real, 1900–9999.
    expect(dateFault("on 2026-11-01 and 9999-12-31")).toBeUndefined();
    expect(dateFault("forecast on +010000-01-01")).toMatch(/not one/);
    expect(dateFault("on 10000-01-01")).toMatch(/non-ISO/);
    expect(dateFault("on 2024-02-30")).toMatch(/not a calendar date/);
    expect(dateFault("Invalid Date")).toMatch(/not one/);
    // CSV: formula-leading cells (after unquoting), ragged rows; numbers llmcost writes are not formulas.
    expect(csvFault('a,b\n-0.5,"\'=1+1"\n')).toBeUndefined();
    expect(csvFault("a,b\nx,=1+1\n")).toMatch(/formula-leading/);
    expect(csvFault('a,b\nx,"@cmd"\n')).toMatch(/formula-leading/);
    expect(csvFault("a,b\nx,y,z\n")).toMatch(/3 cells/);
    // Markdown: tags outside code blocks, the fold, table columns, fences.
    expect(markdownFault("| a | b |\n| --- | --- |\n| &lt;zz9&gt; \\| x | y |\n")).toBeUndefined();
    expect(markdownFault("<details><summary>x</summary>\n</details>\n</details>")).toMatch(/unbalanced/);
    expect(markdownFault("| a | b |\n| --- | --- |\n| x | y | z |\n")).toMatch(/table row/);
    expect(markdownFault("text <img src=x>")).toMatch(/raw markup/);
    expect(markdownFault("```text\n<img src=x>\n```\n")).toBeUndefined();
    expect(markdownFault("```text\nname\n```\n<img src=x>\n```\n")).toMatch(/raw markup|does not close/);
    // HTML: foreign tags and attributes.
    expect(htmlFault('<td title="x&quot; data-zz9=&quot;1">x</td>')).toBeUndefined();
    expect(htmlFault('<td title="x" data-zz9="1">x</td>')).toMatch(/raw markup/);
    expect(htmlFault("<td><script>alert(1)</script></td>")).toMatch(/raw markup/);
    // JSON: the output schema and the engine's invariants.
    const e = { llmcost: 1, workload: "w", catalog: { version: "1", as_of: "2026-01-01", digest: "d" } };
    const ok = { ...e, currency: "USD", period: "month", items: [], total: 0, complete: true, warnings: [] };
    expect(jsonFault(JSON.stringify(ok))).toBeUndefined();
    expect(jsonFault(JSON.stringify({ ...ok, total: 5 }))).toMatch(/invariant/);
    expect(jsonFault(JSON.stringify({ ...ok, period: "week" }))).toMatch(/does not validate/);
    // Baselines: a changed cost is corruption; a factor of a $0 product is not.
    const saved = JSON.stringify({
      ...ok,
      items: [
        {
          options: [
            {
              cost: 1,
              components: [
                { quantity: 2, unit_price: 0, cost: 0 },
                { quantity: 1, unit_price: 1, cost: 1 },
              ],
            },
          ],
        },
      ],
      total: 1,
    });
    const edits = (op: string, value: unknown, seed: number) => JSON.stringify({ edits: [{ op, value }], seed });
    const outcomes = Array.from({ length: 20 }, (_, s) => corruptEstimate(saved, edits("money", 5, s)).corrupted);
    expect(outcomes).toContain(true); // a cost, the total or a non-zero product's factor set to 5
    expect(outcomes).toContain(false); // the quantity of the $0 component set to 5: still an estimate
    expect(corruptEstimate(saved, edits("version", 2, 1)).corrupted).toBe(true);
  });

  it("the usage oracles catch what they are meant to catch", async () => {
    const run = inProcess(embedded);
    const f = join(dir, "u.jsonl");
    const argv = ["usage", f, "--format", "json"];
    const err = (stderr: string) => ({ stdout: "", stderr, exitCode: 2 });
    // Placed: an error about the log names FILE:LINE:COLUMN (or FILE: for the whole file).
    expect(await usageFault(argv, err(`error: ${f}:3:1: bad\n`), run)).toBeUndefined();
    expect(await usageFault(argv, err(`error: ${f}: not a valid gzip stream\n`), run)).toBeUndefined();
    expect(await usageFault(argv, err(`error: ${f}:3 bad\n`), run)).toMatch(/without its place/);
    expect(await usageFault(argv, err(`${f} line 3 is bad\nerror: x\n`), run)).toMatch(/without its line/);
    // Nothing written half-way.
    const out = join(dir, "out.json");
    writeFileSync(out, "{}");
    expect(await usageFault([...argv, "-o", out], err("error: x\n"), run)).toMatch(/half-way/);
    rmSync(out);
    // A report's days are calendar days.
    const ok = await run(["usage", "tests/fixtures/usage/steady.jsonl", "--by", "day", "--format", "json"]);
    expect(await usageFault(argv, ok, run)).toBeUndefined();
    const bad = ok.stdout.replace(/"day": "2026-10-01"/, '"day": "2026-02-30"');
    expect(bad).not.toBe(ok.stdout);
    expect(await usageFault(argv, { ...ok, stdout: bad }, run)).toMatch(/not a calendar date/);
  });
});
