import { describe, expect, it } from "vitest";
import { cells } from "../../src/report/format.js";
import { renderUsageMarkdown, renderUsageTable } from "../../src/report/usage.js";
import type { UsageReport } from "../../src/schema/usage.js";
import { cli } from "../helpers/cli.js";

/**
 * The usage table fits the terminal as the other tables do: at 80 columns a wide report (four group
 * keys, LiteLLM's hashed 64-character API keys, provider cost and a reprice column) drops the
 * optional count columns, wraps names onto more lines (never cuts them) and keeps every amount whole.
 */

async function report(args: string[]): Promise<UsageReport> {
  const r = await cli(["usage", ...args, "--format", "json"]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as UsageReport;
}

const WIDE = [
  "tests/fixtures/usage/litellm-spend.json",
  "tests/fixtures/usage/litellm-spend.csv",
  "--by",
  "week,key,user,model",
  "--reprice",
  "cheapest",
];

describe("usage table width", () => {
  it("fits 80 display columns: every line, names wrapped whole, amounts never cut", async () => {
    const r = await report(WIDE);
    const text = renderUsageTable(r, { width: 80 });
    const lines = text.trimEnd().split("\n");
    for (const l of lines) expect(cells(l)).toBeLessThanOrEqual(80);
    // The hashed key (64 characters) is wrapped, not cut: its pieces join back to the whole key.
    const key = "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b";
    const joined = lines.map((l) => l.slice(12, 22).trim()).join("");
    expect(joined).toContain(key);
    // Every amount is on a line whole: haiku $0.0060 against LiteLLM's $0.0065, flagged −7.7%.
    expect(text).toMatch(/\$0\.0060 +\$0\.0065 +-7\.7% !/);
    expect(text).toContain("left out to fit 80 columns");
    // nothing truncated with an ellipsis (the header's period "from … to" is the only one)
    expect(text.split("…").length).toBe(2);
  });

  it("at 120 columns a narrow report keeps every column, one line a group", async () => {
    const r = await report(["tests/fixtures/usage/openai.jsonl"]);
    const text = renderUsageTable(r, { width: 120 });
    const header = text.split("\n").find((l) => l.startsWith("model"));
    expect(header?.split(/ {2,}/)).toEqual(["model", "rows", "requests", "input", "cached", "output", "cost"]);
    expect(text).not.toContain("left out");
    // gpt-4o: 10,000·2.50 + 1,000·10 per 1M = $0.035, on one line with its counts
    expect(text).toMatch(/^gpt-4o +1 +1 +10,000 +0 +1,000 +\$0\.0350$/m);
  });

  it("the CLI passes the terminal width: a file output is laid out to 80 columns", async () => {
    const r = await cli(["usage", ...WIDE]);
    for (const l of r.stdout.trimEnd().split("\n")) expect(cells(l)).toBeLessThanOrEqual(80);
  });
});

describe("a group made only of unpriced rows", () => {
  // mixed.jsonl: its one row of acme-finetune-1 (a model the catalog does not know) is a group of its
  // own, with no priced row: no "$0.00" for it. The other five groups have priced rows only.
  it("shows — N unpriced in table and Markdown, and keeps cost 0 with rows_unpriced in JSON", async () => {
    const r = await report(["tests/fixtures/usage/mixed.jsonl"]);
    const unknown = r.groups.filter((g) => g.rows_unpriced > 0 && g.rows_unpriced === g.rows);
    expect(unknown.length).toBeGreaterThan(0);
    for (const g of unknown) expect(g.cost).toBe(0);
    const text = renderUsageTable(r, { width: 120 });
    for (const g of unknown) {
      const line = text.split("\n").find((l) => l.startsWith(`${g.key.model} `));
      expect(line).toMatch(new RegExp(`— ${g.rows_unpriced} unpriced$`));
      expect(line).not.toContain("$");
    }
    const md = renderUsageMarkdown(r);
    for (const g of unknown) expect(md).toContain(`| — ${g.rows_unpriced} unpriced |`);
    // groups with a priced row keep their amount
    const priced = r.groups.filter((g) => g.rows > g.rows_unpriced);
    for (const g of priced) expect(text).toMatch(new RegExp(`^${g.key.model} .*\\$`, "m"));
  });

  it("a group with priced and unpriced rows shows its amount and the unpriced count", () => {
    // Built by hand: 3 rows, 1 unpriced, $0.0010 for the two priced ones.
    const g = {
      key: { model: "m" },
      rows: 3,
      rows_unpriced: 1,
      requests: 3,
      tokens: { input: 10, cached: 0, cache_write: 0, output: 1, reasoning: 0 },
      cost: 0.001,
      components: [],
      provider_cost: null,
      difference: null,
      flagged: false,
    };
    const r = {
      llmcost: 1,
      kind: "usage",
      catalog: { version: "x", digest: "d" },
      currency: "USD",
      by: ["model"],
      inputs: [{ file: "f", format: "llmcost", rows: 3, errors: 0 }],
      period: null,
      total: 0.001,
      complete: false,
      rows_read: 3,
      rows_priced: 2,
      rows_unpriced: 1,
      rows_cost_only: 0,
      rows_invalid: 0,
      requests: 3,
      tokens: g.tokens,
      provider_cost: null,
      groups: [g, { ...g, key: { model: "n" }, rows: 2, rows_unpriced: 2, cost: 0 }],
      unpriced: [],
      diagnostics: [],
      errors: 0,
      warnings: [],
    } as UsageReport;
    const text = renderUsageTable(r, { width: 120 });
    expect(text).toMatch(/^m .*\$0\.0010 \+1 unpriced$/m);
    expect(text).toMatch(/^n .* — 2 unpriced$/m);
  });
});
