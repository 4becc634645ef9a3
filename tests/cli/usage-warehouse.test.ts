import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { priceTable } from "../../src/engine/price-table.js";
import { cli, embedded, scratchDir } from "../helpers/cli.js";

/**
 * Past one machine: the dated price table (`catalog export`), the SQL that prices a usage table
 * against it (`usage --sql`), and DuckDB running that SQL (`usage --engine duckdb`, Parquet input).
 * The Node path and DuckDB must agree to the cent on the same fixture.
 */

const MIXED = "tests/fixtures/usage/mixed.jsonl";
const hasDuck = (() => {
  try {
    createRequire(import.meta.url).resolve("@duckdb/node-api");
    return true;
  } catch {
    return false;
  }
})();

async function json(args: string[]) {
  const r = await cli(["usage", ...args, "--format", "json"]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe("catalog export: the dated price table", () => {
  it("dates each price: valid_from its entry, valid_to the next entry's from or its until", () => {
    const rows = priceTable(embedded()).filter(
      (r) => r.provider === "openai" && r.offering === "gpt-4o-mini" && r.component === "input",
    );
    // gpt-4o-mini: 2024-07-18 $0.15, then 2024-10-01 $0.15 (cached price added) until 2027-01-14
    expect(rows.map((r) => [r.valid_from, r.valid_to, r.price])).toEqual([
      ["2024-07-18", "2024-10-01", 0.15],
      ["2024-10-01", "2027-01-14", 0.15],
    ]);
    expect(rows[0]?.names.split("|")).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-4o-mini-2024-07-18"]));
  });

  it("writes CSV and JSON lines with the same rows", async () => {
    const csv = await cli(["catalog", "export"]);
    const jsonl = await cli(["catalog", "export", "--format", "jsonl"]);
    expect(csv.stdout.split("\n")[0]).toBe(
      "provider,offering,model,aliases,names,component,unit,price,currency,above,batch_multiplier,valid_from,valid_to,source",
    );
    const n = priceTable(embedded()).length;
    expect(jsonl.stdout.trim().split("\n")).toHaveLength(n);
    const first = JSON.parse(jsonl.stdout.split("\n")[0] as string);
    expect(Object.keys(first)).toContain("valid_to");
  });
});

describe("usage --sql: the range join for warehouses", () => {
  it.each([
    ["duckdb", "list_contains(string_split(w.names, '|')"],
    ["spark", "array_contains(split(w.names, '[|]')"],
    ["trino", "contains(split(w.names, '|')"],
  ])("%s", async (dialect, join) => {
    const r = await cli(["usage", "--sql", dialect, "--by", "model,day"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(join);
    expect(r.stdout).toContain("CAST(w.valid_from AS DATE) <= u.day");
    expect(r.stdout).toContain("(w.valid_to IS NULL OR u.day < CAST(w.valid_to AS DATE))");
    expect(r.stdout).toContain("w.above < u.input_tokens / u.n_requests");
  });
});

describe.skipIf(!hasDuck)("DuckDB: the same fixture, the same total to the cent", () => {
  it("Node streaming path = DuckDB running the generated SQL", async () => {
    // By hand (prices per 1M on each row's day):
    //   gpt-4o-mini: 1M uncached·0.15 + 1M cached·0.075 + 300k·0.60 = 0.15 + 0.075 + 0.18 = $0.405
    //   gpt-4o batch: (4M·2.50 + 1M·10)·0.5 = $10
    //   claude-sonnet-4-5, one 300k-token prompt (above 200k: the long-context tier $6 / $0.60 cached /
    //     $7.50 write / $22.50 out): 150k·6 + 100k·0.60 + 50k·7.50 + 2k·22.50 = 0.9 + 0.06 + 0.375 + 0.045 = $1.38
    //   claude-sonnet-4-5, 100 prompts of 10k: 300k·3 + 600k·0.30 + 100k·3.75 + 100k·15 = 0.9 + 0.18 + 0.375 + 1.5 = $2.955
    //   gemini-2.5-flash 2025-06-16: 1M·0.15 + 100k·0.60 = $0.21; 2025-06-17: 600k·0.30 + 400k·0.03 + 100k·2.50 = $0.442
    //   o4-mini: 500k·1.10 + 400k·4.40 = $2.31; acme-finetune-1: unknown, unpriced
    //   total $17.702, 1 row unpriced
    const node = await json([MIXED, "--engine", "node"]);
    const duck = await json([MIXED, "--engine", "duckdb"]);
    expect(node.total).toBeCloseTo(17.702, 9);
    expect(Math.round(duck.total * 100)).toBe(Math.round(node.total * 100));
    expect(duck.total).toBeCloseTo(node.total, 9);
    expect(duck.rows_unpriced).toBe(1);
    expect(node.rows_unpriced).toBe(1);
    const byModel = (j: { groups: Array<{ key: { model: string }; cost: number }> }) =>
      Object.fromEntries(j.groups.map((g) => [g.key.model, Math.round(g.cost * 100)]));
    expect(byModel(duck)).toEqual(byModel(node));
  });

  it("Parquet input goes through DuckDB", async () => {
    const dir = scratchDir("usage-parquet-");
    const file = join(dir, "mixed.parquet");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    await con.run(`COPY (SELECT * FROM read_json_auto('${MIXED}')) TO '${file}' (FORMAT parquet)`);
    expect(existsSync(file)).toBe(true);
    const r = await json([file]);
    expect(r.total).toBeCloseTo(17.702, 9);
    const exported = await cli(["catalog", "export", "--format", "parquet", "-o", join(dir, "prices.parquet")]);
    expect(exported.exitCode).toBe(0);
    const count = await con.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${join(dir, "prices.parquet")}')`);
    expect(Number(count.getRowObjectsJS()[0]?.n)).toBe(priceTable(embedded()).length);
  });
});

describe.skipIf(!hasDuck)("DuckDB path: the streaming report's provider cost, components and tokens", () => {
  /**
   * mixed.jsonl with the source's own cost on two rows (as a gateway logs it): gpt-4o-mini $0.405
   * (llmcost: $0.405, difference 0) and the gpt-4o batch row $11 (llmcost: $10, (10 − 11) / 11 =
   * −9.09%, flagged above the 5% threshold). Worked totals as in the test above: $17.702, the
   * fine-tune unpriced (1 request, 1,000 in / 1,000 out).
   */
  function withCost(): string {
    const lines = readFileSync(MIXED, "utf8").trim().split("\n");
    const out = lines.map((l) => {
      const o = JSON.parse(l);
      if (o.model === "gpt-4o-mini") o.cost = 0.405;
      if (o.model === "gpt-4o") o.cost = 11;
      return JSON.stringify(o);
    });
    const file = join(scratchDir("usage-duck-cost-"), "mixed-cost.jsonl");
    writeFileSync(file, `${out.join("\n")}\n`);
    return file;
  }

  type G = {
    key: { model: string };
    cost: number;
    tokens: Record<string, number>;
    components: Array<{ name: string; quantity: number; cost: number }>;
    provider_cost: number | null;
    difference: number | null;
    flagged: boolean;
  };

  it("same provider cost, difference and flag, tokens and components per group", async () => {
    const file = withCost();
    const node = await json([file, "--engine", "node"]);
    const duck = await json([file, "--engine", "duckdb"]);
    expect(node.provider_cost).toBeCloseTo(11.405, 9);
    expect(duck.provider_cost).toBeCloseTo(11.405, 9);
    expect(duck.total).toBeCloseTo(17.702, 9);
    expect(duck.tokens).toEqual(node.tokens);
    const byModel = (j: { groups: G[] }) => new Map(j.groups.map((g) => [g.key.model, g]));
    const n = byModel(node);
    const d = byModel(duck);
    expect([...d.keys()].sort()).toEqual([...n.keys()].sort());
    for (const [model, ng] of n) {
      const dg = d.get(model) as G;
      expect(dg.cost, model).toBeCloseTo(ng.cost, 9);
      expect(dg.tokens, model).toEqual(ng.tokens);
      expect(dg.provider_cost, model).toBe(ng.provider_cost);
      expect(dg.flagged, model).toBe(ng.flagged);
      if (ng.difference === null) expect(dg.difference).toBeNull();
      else expect(dg.difference).toBeCloseTo(ng.difference, 9);
      // Components: the same names and amounts; reasoning is billed as output, inside SQL's output.
      const comp = (g: G) => {
        const m: Record<string, number> = {};
        for (const c of g.components) {
          const name = c.name === "reasoning" ? "output" : c.name;
          m[name] = (m[name] ?? 0) + c.cost;
        }
        return m;
      };
      const nc = comp(ng);
      const dc = comp(dg);
      expect(Object.keys(dc).sort(), model).toEqual(Object.keys(nc).sort());
      for (const k of Object.keys(nc)) expect(dc[k], `${model} ${k}`).toBeCloseTo(nc[k] as number, 9);
    }
    const gpt4o = d.get("gpt-4o") as G;
    expect(gpt4o.difference).toBeCloseTo((10 - 11) / 11, 9);
    expect(gpt4o.flagged).toBe(true);
    // The unpriced model's requests and tokens, as the streaming path lists them.
    expect(duck.unpriced[0]).toMatchObject({
      model: "acme-finetune-1",
      rows: 1,
      requests: 1,
      input_tokens: 1000,
      output_tokens: 1000,
    });
  });

  it("--reprice with --engine duckdb: priced by the streaming reader, said so, the same report", async () => {
    const viaDuck = await cli(["usage", MIXED, "--engine", "duckdb", "--reprice", "cheapest", "--format", "json"]);
    expect(viaDuck.exitCode).toBe(0);
    expect(viaDuck.stderr).toContain("--reprice not in the SQL: priced by the streaming reader");
    const node = await json([MIXED, "--reprice", "cheapest"]);
    expect(JSON.parse(viaDuck.stdout).reprice).toEqual(node.reprice);
  });

  it("Parquet with a streaming-only flag: a clear error, exit 2", async () => {
    const r = await cli(["usage", "x.parquet", "--to-workload", "w.yaml"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--to-workload work with the streaming reader only, and Parquet input needs DuckDB");
  });
});
