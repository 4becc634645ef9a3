import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";
import { expectValidDiff, expectValidOutput } from "../helpers/schema.js";
import { gateCatalog } from "./gate-catalog.js";

/**
 * tests/golden/diff-base.yaml (2025-03-01) → diff-head.yaml (2025-07-01), per day, gate catalog:
 *   chat       1000 → 2000 requests of 1000 in / 500 out on acme-chat, input 1.00 → 0.50 per 1M
 *              before 1e6 × 1.00/1M + 5e5 × 2/1M = 2.00; after 2e6 × 0.50/1M + 1e6 × 2/1M = 3.00; +1.00
 *              price part: q0 · (p1 − p0) = 1e6 × (0.50 − 1.00)/1M = −0.50; traffic part: 1.00 − (−0.50) = +1.50
 *   summarize  acme-big → acme-chat: 2e5 × 4/1M + 5e4 × 8/1M = 1.20 → 2e5 × 0.5/1M + 5e4 × 2/1M = 0.20; −1.00
 *   translate  added: beta-chat 1e5 + 1e5 tokens × 1 EUR/1M × 1.25 USD/EUR = 0.25
 *   embed      removed: 1e5 × 1.00/1M = 0.10
 *   total      3.30 → 3.45: +0.15, +4.545…%
 */
const BASE = "tests/golden/diff-base.yaml";
const HEAD = "tests/golden/diff-head.yaml";
const run = (args: string[], stdin?: string) => cli(args, { catalog: gateCatalog, ...(stdin ? { stdin } : {}) });

describe("llmcost diff", () => {
  it("compares per item and in total, with items added and removed, and the reasons", async () => {
    const r = await run(["diff", BASE, HEAD, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const d = expectValidDiff(r.stdout);
    expect(d.total.before).toBeCloseTo(3.3, 12);
    expect(d.total.after).toBeCloseTo(3.45, 12);
    expect(d.total.change).toBeCloseTo(0.15, 12);
    expect(d.total.percent).toBeCloseTo((0.15 / 3.3) * 100, 9);
    const by = Object.fromEntries(d.items.map((i) => [i.name, i]));
    expect(d.items.map((i) => [i.name, i.status])).toEqual([
      ["chat", "changed"],
      ["summarize", "changed"],
      ["translate", "added"],
      ["embed", "removed"],
    ]);
    const chat = by.chat;
    expect(chat?.change).toBeCloseTo(1, 12);
    expect(chat?.percent).toBeCloseTo(50, 12);
    const price = chat?.reasons.find((x) => x.kind === "price");
    const traffic = chat?.reasons.find((x) => x.kind === "traffic");
    expect(price?.amount).toBeCloseTo(-0.5, 12);
    expect(traffic?.amount).toBeCloseTo(1.5, 12);
    expect(price?.changes).toEqual([
      { what: "price_from", before: "2025-01-01", after: "2025-06-01" },
      { what: "input", before: 1, after: 0.5, unit: "per_1m_tokens" },
    ]);
    expect(traffic?.changes.find((c) => c.what === "requests")).toEqual({
      what: "requests",
      before: 1000,
      after: 2000,
    });
    expect(by.summarize?.reasons).toEqual([
      {
        kind: "model",
        amount: expect.closeTo(-1, 12),
        changes: [{ what: "model", before: "acme-big", after: "acme-chat" }],
      },
    ]);
    expect(by.translate).toMatchObject({ before: 0, after: 0.25, change: 0.25, percent: null, before_selected: null });
    expect(by.embed).toMatchObject({ before: 0.1, after: 0, change: -0.1, percent: -100, after_selected: null });
  });

  it("--fail-above: an amount or a percentage; equal passes; exit 1 above", async () => {
    const code = async (t: string) => (await run(["diff", BASE, HEAD, "--fail-above", t])).exitCode;
    expect(await code("0.15")).toBe(0); // the change is 0.15 (3.45 − 3.3 in float: 0.15000000000000036)
    expect(await code("0.14")).toBe(1);
    expect(await code("5%")).toBe(0); // +4.5%
    expect(await code("4.5%")).toBe(1);
    // a fall never fails
    expect((await run(["diff", HEAD, BASE, "--fail-above", "0%"])).exitCode).toBe(0);
    const r = await run(["diff", BASE, HEAD, "--fail-above", "4%", "--format", "json"]);
    expect(expectValidDiff(r.stdout).threshold).toEqual({ limit: 4, unit: "percent", status: "exceeded" });
    expect(r.stderr).toContain("FAIL: the total rose by more than --fail-above 4%");
  });

  it("reads saved JSON estimates as either side", async () => {
    const dir = scratchDir("llmcost-diff-");
    const base = join(dir, "base.json");
    expect((await run(["estimate", BASE, "--format", "json", "--output", base])).exitCode).toBe(0);
    expectValidOutput(readFileSync(base, "utf8"));
    const fromJson = expectValidDiff((await run(["diff", base, HEAD, "--format", "json"])).stdout);
    const fromYaml = expectValidDiff((await run(["diff", BASE, HEAD, "--format", "json"])).stdout);
    expect(fromJson.base.source).toBe("estimate");
    expect({ ...fromJson, base: { ...fromJson.base, file: "", source: "" } }).toEqual({
      ...fromYaml,
      base: { ...fromYaml.base, file: "", source: "" },
    });
  });

  it("refuses JSON of another output version, with the supported range", async () => {
    const dir = scratchDir("llmcost-diff-");
    const saved = (await run(["estimate", BASE, "--format", "json"])).stdout;
    const v2 = join(dir, "v2.json");
    writeFileSync(v2, saved.replace('"llmcost": 1', '"llmcost": 2'));
    const r = await run(["diff", v2, HEAD]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${v2}:2:14: llmcost: output version 2 is not supported`);
    expect(r.stderr).toContain("expected: llmcost: 1 (this llmcost reads output versions 1 to 1)");
    expect(r.stderr).toContain("hint:");
    // a baseline for check goes through the same reader
    const c = await run(["check", "tests/golden/check-app.yaml", "--max-increase", "10%", "--baseline", v2]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toContain("output version 2 is not supported");
  });

  it("exits 2 on bad input", async () => {
    const dir = scratchDir("llmcost-diff-");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{"llmcost": 1, "workload": "x", "items": [], "total": "lots"}');
    const cases: Array<[string[], RegExp]> = [
      [["diff", BASE], /missing the second file/],
      [["diff", BASE, HEAD, "--fail-above", "ten"], /--fail-above: not an amount or a percentage/],
      [["diff", BASE, "nope.yaml"], /nope\.yaml: no such file/],
      [["diff", BASE, HEAD, "--as-of-base", "2025-13-01"], /--as-of-base: not a valid date/],
      [
        ["diff", BASE, "--as-of-base", "2024-01-01", "--as-of-head", "2025-07-01"],
        /--as-of-base: acme-chat has no price on or before 2024-01-01[\s\S]*use --as-of-base 2025-01-01/,
      ],
      [["diff", broken, HEAD], /broken\.json:1:\d+: (catalog|total)/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it("--as-of-base/--as-of-head on one workload shows what price changes alone did", async () => {
    // diff-head.yaml at 2025-03-01 → 2025-07-01: only acme-chat's input price moved (1.00 → 0.50)
    // chat: 2e6 input × −0.50/1M = −1.00; summarize: 2e5 × −0.50/1M = −0.10; translate unchanged
    const r = await run(["diff", HEAD, "--as-of-base", "2025-03-01", "--as-of-head", "2025-07-01", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const d = expectValidDiff(r.stdout);
    expect(d.base.catalog.as_of).toBe("2025-03-01");
    expect(d.head.catalog.as_of).toBe("2025-07-01");
    expect(d.total.change).toBeCloseTo(-1.1, 12);
    for (const it of d.items) expect(it.reasons.every((x) => x.kind === "price")).toBe(true);
    expect(d.items.find((i) => i.name === "translate")?.status).toBe("unchanged");
    expect(d.items.find((i) => i.name === "chat")?.reasons[0]?.amount).toBeCloseTo(-1, 12);
  });

  it("names an exchange-rate change as such", async () => {
    const cat = () => {
      const c = gateCatalog();
      c.rates.push({ from: "2025-06-01", currency: "EUR", per_usd: 1 });
      return c;
    };
    const w =
      "llmcost: 1\nperiod: day\ninference:\n  - {name: t, model: beta-chat, requests: 1000, input_tokens: 1000}\n";
    // 1e6 tokens × 1 EUR/1M: 1.25 USD at 0.8 EUR/USD, 1.00 USD at 1.0 EUR/USD
    const r = await cli(["diff", "-", "--as-of-base", "2025-03-01", "--as-of-head", "2025-07-01", "--format", "json"], {
      catalog: cat,
      stdin: w,
    });
    const d = expectValidDiff(r.stdout);
    expect(d.items[0]?.reasons.map((x) => [x.kind, x.amount])).toEqual([["fx", expect.closeTo(-0.25, 12)]]);
  });

  it("matches the goldens: table, Markdown PR comment, JSON; byte-identical on reruns", async () => {
    const args = ["diff", BASE, HEAD, "--fail-above", "10%"];
    const table = await run(args);
    expect(table.exitCode).toBe(0);
    await expect(table.stdout).toMatchFileSnapshot("../golden/diff-table.txt");
    const md = await run([...args, "--format", "markdown"]);
    expect(md.stdout.split("\n")[0]).toBe("<!-- llmcost-diff -->");
    expect(md.stdout).toMatch(/^### ✅ llmcost diff: app: \$3\.30 → \$3\.45 per day \(\+\$0\.1500, \+4\.5%\)$/m);
    expect(md.stdout).toContain("<details><summary>Why it changed</summary>");
    await expect(md.stdout).toMatchFileSnapshot("../golden/diff-markdown.md");
    const json = await run([...args, "--format", "json"]);
    expectValidDiff(json.stdout);
    await expect(json.stdout).toMatchFileSnapshot("../golden/diff-output.json");
    expect((await run([...args, "--format", "json"])).stdout).toBe(json.stdout);
  });
});
