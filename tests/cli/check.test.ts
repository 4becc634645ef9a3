import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";
import { expectValidOutput } from "../helpers/schema.js";
import { gateCatalog } from "./gate-catalog.js";

/**
 * tests/golden/check-app.yaml at 2025-07-01, per day, with the gate catalog:
 *   chat      acme-chat: 1e6 input × 0.50/1M + 5e5 output × 2.00/1M = 0.50 + 1.00 = 1.50 USD
 *   translate beta-chat (EUR list, 1 EUR = 1.25 USD): 1e5 × 1.25/1M + 1e5 × 1.25/1M = 0.25 USD
 *   total 1.75 USD; budget total 2 (headroom 0.25), chat 1.5 (exactly at the limit: passes)
 */
const APP = "tests/golden/check-app.yaml";
const run = (args: string[], stdin?: string) => cli(args, { catalog: gateCatalog, ...(stdin ? { stdin } : {}) });

describe("llmcost check", () => {
  it("exits 0 when every budget holds, a cost equal to its limit included", async () => {
    const r = await run(["check", APP, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const e = expectValidOutput(r.stdout);
    expect(e.total).toBeCloseTo(1.75, 12);
    expect(e.budget?.status).toBe("ok");
    const [total, chat] = e.budget?.lines ?? [];
    expect(total).toMatchObject({ name: "total", limit: 2, status: "ok", source: "workload" });
    expect(total?.headroom).toBeCloseTo(0.25, 12);
    expect(chat).toMatchObject({ name: "chat", limit: 1.5, cost: 1.5, headroom: 0, status: "ok" });
    expect(r.stderr).toBe("llmcost check: PASS\n");
  });

  it("exits 1 when a budget is exceeded, flags winning over the workload", async () => {
    // --budget 1.74 < 1.75: over by 0.01; the workload's total of 2 is replaced, its chat limit kept
    const r = await run(["check", APP, "--budget", "1.74", "--format", "json"]);
    expect(r.exitCode).toBe(1);
    const e = expectValidOutput(r.stdout);
    expect(e.budget?.lines.map((l) => [l.name, l.limit, l.status, l.source])).toEqual([
      ["total", 1.74, "exceeded", "--budget"],
      ["chat", 1.5, "ok", "workload"],
    ]);
    expect(e.budget?.lines[0]?.headroom).toBeCloseTo(-0.01, 12);
    expect(r.stderr).toContain("FAIL");
  });

  it("passes a total exactly at --budget and fails an item a cent under", async () => {
    expect((await run(["check", APP, "--budget", "1.75"])).exitCode).toBe(0);
    const r = await run(["check", APP, "--item-budget", "chat=1.49"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/chat\s+\$1\.49\s+\$1\.50\s+\$0\.0100 over\s+EXCEEDED\s+--item-budget/);
  });

  it("converts budgets into the report currency at the as_of rate", async () => {
    // --currency EUR: total 1.75 USD × 0.8 = 1.40 EUR; the workload's 2 USD → 1.60 EUR, chat 1.5 USD → 1.20 EUR
    const r = await run(["check", APP, "--currency", "EUR", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const e = expectValidOutput(r.stdout);
    expect(e.currency).toBe("EUR");
    expect(e.total).toBeCloseTo(1.4, 12);
    const total = e.budget?.lines[0];
    expect(total?.limit).toBeCloseTo(1.6, 12);
    expect(total?.written).toEqual({ amount: 2, currency: "USD", fx_rate: 0.8 });
    // 1.5 × 0.8 = 1.2000000000000002 both sides: float noise never fails a limit at the printed figure
    expect((await run(["check", APP, "--currency", "EUR", "--budget", "1.4"])).exitCode).toBe(0);
    // a flag amount with its own currency: 2.5 USD = 2.00 EUR; 1.74USD = 1.392 EUR < 1.40
    expect((await run(["check", APP, "--currency", "EUR", "--budget", "1.75USD"])).exitCode).toBe(0);
    const over = await run(["check", APP, "--currency", "EUR", "--budget", "1.74 USD"]);
    expect(over.exitCode).toBe(1);
    expect(over.stdout).toContain("€1.39 ($1.74)");
  });

  it("limits the total to a share over a baseline (--max-increase with --baseline)", async () => {
    const dir = scratchDir("llmcost-check-");
    const base = join(dir, "base.json");
    // the baseline: the same workload at 2025-03-01, when acme-chat input was 1.00: chat 2.00 + translate 0.25 = 2.25
    const saved = await run(["estimate", APP, "--as-of", "2025-03-01", "--format", "json", "--output", base]);
    expect(saved.exitCode).toBe(0);
    expectValidOutput(readFileSync(base, "utf8"));
    // 1.75 is below 2.25: any increase limit holds, even 0%
    const ok = await run(["check", APP, "--max-increase", "0%", "--baseline", base, "--format", "json"]);
    expect(ok.exitCode).toBe(0);
    const line = expectValidOutput(ok.stdout).budget?.lines.find((l) => l.source === "--max-increase");
    expect(line).toMatchObject({ name: "total", baseline: 2.25, max_increase: 0, limit: 2.25, status: "ok" });
    // the other way round: 2.25 over a baseline of 1.75 is +28.6%: 25% fails, 30% holds
    const head = join(dir, "head.yaml");
    const text = readFileSync(APP, "utf8").replace("as_of: 2025-07-01", "as_of: 2025-03-01");
    writeFileSync(head, text.slice(0, text.indexOf("budget:"))); // only the baseline limit
    expect((await run(["check", head, "--max-increase", "25%", "--baseline", APP])).exitCode).toBe(1);
    expect((await run(["check", head, "--max-increase", "30%", "--baseline", APP])).exitCode).toBe(0);
  });

  it("exits 2 on bad input, naming the flag or the place", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["check", APP, "--budget", "ten"], /--budget: not an amount/],
      [["check", APP, "--item-budget", "chta=1"], /no item named "chta"[\s\S]*did you mean "chat"/],
      [["check", APP, "--item-budget", "chat"], /--item-budget: not NAME=AMOUNT/],
      [["check", APP, "--max-increase", "10"], /not a percentage[\s\S]*write 10%/],
      [["check", APP, "--max-increase", "10%"], /--max-increase and --baseline go together/],
      [["check", APP, "--format", "csv"], /format/],
      [["check", "tests/golden/diff-head.yaml"], /nothing to check: no budget/],
      [["check", "missing.yaml", "--budget", "1"], /missing\.yaml: no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    }
    const typo =
      "llmcost: 1\ninference:\n  - {name: chat, model: acme-chat, requests: 1}\nbudget:\n  items: {caht: 1}\n";
    const r = await run(["check", "-"], typo);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:5:11: budget\.items\.caht: no item named "caht"[\s\S]*did you mean "chat"/);
  });

  it("fails closed when an item with a budget cannot be priced", async () => {
    const w =
      "llmcost: 1\nas_of: 2025-07-01\ninference:\n  - {name: chat, model: acme-chat, providers: [beta], requests: 1}\nbudget: {total: 1}\n";
    const r = await run(["check", "-"], w);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("could not be checked");
  });

  it("matches the goldens: table, Markdown, JSON", async () => {
    const args = ["check", APP, "--budget", "1.74", "--item-budget", "translate=0.2EUR"];
    // translate 0.2 EUR = 0.25 USD: exactly at its limit
    const table = await run(args);
    expect(table.exitCode).toBe(1);
    await expect(table.stdout).toMatchFileSnapshot("../golden/check-table.txt");
    const md = await run([...args, "--format", "markdown"]);
    await expect(md.stdout).toMatchFileSnapshot("../golden/check-markdown.md");
    const json = await run([...args, "--format", "json"]);
    expectValidOutput(json.stdout);
    await expect(json.stdout).toMatchFileSnapshot("../golden/check-output.json");
  });

  it("writes --output atomically and identically on reruns; --quiet silences stderr", async () => {
    const dir = scratchDir("llmcost-check-");
    const out = join(dir, "check.json");
    const a = await run(["check", APP, "--format", "json", "--output", out]);
    expect(a.exitCode).toBe(0);
    expect(a.stdout).toBe("");
    expect(a.stderr).toContain(`wrote ${out}`);
    const first = readFileSync(out, "utf8");
    const b = await run(["--quiet", "check", APP, "--format", "json", "--output", out]);
    expect(b.stderr).toBe("");
    expect(readFileSync(out, "utf8")).toBe(first);
    const c = await run(["check", APP, "--budget", "1", "--format", "json", "--quiet"]);
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toBe("");
  });
});

describe("llmcost check on a saved JSON estimate", () => {
  it("keeps the budget the estimate carries, flags still winning", async () => {
    const dir = scratchDir("llmcost-check-");
    const saved = join(dir, "app.json");
    expect((await run(["estimate", APP, "--format", "json", "--output", saved])).exitCode).toBe(0);
    const r = await run(["check", saved, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const lines = expectValidOutput(r.stdout).budget?.lines ?? [];
    expect(lines.map((l) => [l.name, l.limit, l.status])).toEqual([
      ["total", 2, "ok"],
      ["chat", 1.5, "ok"],
    ]);
    expect((await run(["check", saved, "--item-budget", "chat=1"])).exitCode).toBe(1);
    // a saved estimate is not repriced
    const again = await run(["check", saved, "--as-of", "2025-03-01"]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("cannot be repriced");
  });
});

describe("llmcost check: every unknown budget name at once", () => {
  it("lists each fault with its place", async () => {
    const w =
      "llmcost: 1\ninference:\n  - {name: chat, model: acme-chat, requests: 1}\nbudget:\n  items: {caht: 1, chta: 2}\n";
    // The workload loader reports every bad name in the file (for every command, not only check) ...
    const r = await run(["check", "-", "--item-budget", "xhat=1"], w);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.match(/^error: /gm)).toHaveLength(2);
    expect(r.stderr).toContain("<stdin>:5:11: budget.items.caht");
    expect(r.stderr).toContain("<stdin>:5:20: budget.items.chta");
    // ... and once the file is right, check names the flag's.
    const ok = "llmcost: 1\ninference:\n  - {name: chat, model: acme-chat, requests: 1}\n";
    const f = await run(["check", "-", "--item-budget", "xhat=1", "--item-budget", "chta=2"], ok);
    expect(f.exitCode).toBe(2);
    expect(f.stderr.match(/^error: /gm)).toHaveLength(2);
    expect(f.stderr).toContain('error: --item-budget: no item named "xhat"');
  });
});

describe("llmcost check: a budget on a fine-tuning item", () => {
  // The name checks listed inference and training items only: `budget.items.tune` and
  // `--item-budget tune=…` were refused with 'no item named "tune"' (expected: one of chat).
  // tune: gpt-4o-mini fine-tuning on the embedded catalog, 2M training tokens × 3 epochs at
  // OpenAI's $3.00 per 1M training tokens = 6M × 3 / 1M = $18.00 (one-off).
  const w = (limit: number) =>
    `llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: chat, model: gpt-4o-mini, requests: 1000, input_tokens: 100, output_tokens: 50}\nfine_tune:\n  - {name: tune, model: gpt-4o-mini, training_tokens: 2M, epochs: 3}\nbudget:\n  items: {tune: ${limit}}\n`;

  it("in the workload: holds at $100, exceeded at $1 (exit 1)", async () => {
    const ok = await cli(["check", "-", "--format", "json"], { stdin: w(100) });
    expect(ok.stderr).toBe("llmcost check: PASS\n");
    expect(ok.exitCode).toBe(0);
    const line = expectValidOutput(ok.stdout).budget?.lines.find((l) => l.name === "tune");
    expect(line).toMatchObject({ limit: 100, cost: 18, status: "ok" });
    const over = await cli(["check", "-", "--format", "json"], { stdin: w(1) });
    expect(over.exitCode).toBe(1);
    expect(expectValidOutput(over.stdout).budget?.lines.find((l) => l.name === "tune")).toMatchObject({
      cost: 18,
      headroom: -17,
      status: "exceeded",
    });
  });

  it("from --item-budget, and a typo in it still names the fine-tuning item", async () => {
    const flag = await cli(["check", "-", "--item-budget", "tune=10", "--format", "json"], { stdin: w(100) });
    expect(flag.exitCode).toBe(1);
    expect(expectValidOutput(flag.stdout).budget?.lines.find((l) => l.source === "--item-budget")).toMatchObject({
      name: "tune",
      limit: 10,
      cost: 18,
    });
    const typo = await cli(["check", "-", "--item-budget", "tnue=10"], { stdin: w(100) });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/no item named "tnue"[\s\S]*one of chat, tune[\s\S]*did you mean "tune"/);
  });
});
