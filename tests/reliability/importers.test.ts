import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * Issue 14, class 2: importers check what they read and never write what llmcost refuses. Every
 * overlay they write is read back by `--catalog` without a fault (the read-back property).
 */
const dir = scratchDir("llmcost-import-");
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

/** Run an import to a file, then price with it: both must end in 0 or 2, never 3. */
async function importAndUse(source: string, data: string) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.yaml`);
  const r = await cli(["catalog", "import", source, file(`in-${source}.json`, data), "-o", out]);
  expect([0, 2]).toContain(r.exitCode);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  if (r.exitCode !== 0) return { r, use: undefined };
  const use = await cli(["catalog", "validate", out]);
  expect(use.exitCode).toBe(0);
  return { r, use, text: readFileSync(out, "utf8") };
}

describe("malformed input shapes", () => {
  const genai = [
    "[null]",
    "[1]",
    '[{"id": 3}]',
    '[{"id": "x"}]',
    '[{"id": "x", "models": {}}]',
    '[{"id": "x", "models": [null]}]',
    '[{"id": "x", "models": [{"id": "m"}]}]',
    '[{"id": "x", "models": [{"id": "m", "prices": [null]}]}]',
    '[{"id": "x", "models": [{"id": "m", "prices": {"input_mtok": {"base": 1, "tiers": [null, {"start": "a"}]}}}]}]',
    '{"not": "a list"}',
    '"text"',
    "null",
  ];
  it.each(genai)("genai-prices %s: exit 0 or 2, never a crash", async (data) => {
    await importAndUse("genai-prices", data);
  });

  const litellm = [
    "[]",
    "null",
    '{"m": null}',
    '{"m": {"mode": "constructor", "litellm_provider": "__proto__"}}',
    '{"m": []}',
  ];
  it.each(litellm)("litellm %s: exit 0 or 2, never a crash", async (data) => {
    await importAndUse("litellm", data);
  });

  it("refuses an input that yields nothing, saying why", async () => {
    const { r } = await importAndUse("genai-prices", "[null]");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/nothing could be imported: 1 entry not mapped[\s\S]*not a provider entry: null/);
  });
});

describe("never writes what --catalog refuses", () => {
  const one = (model: object) =>
    JSON.stringify([
      {
        id: "openai",
        name: "OpenAI",
        models: [
          { id: "good", prices: { input_mtok: 1, output_mtok: 2 } },
          { id: "bad", ...model },
        ],
      },
    ]).replace('"INF"', "1e999"); // JSON.parse reads 1e999 as Infinity

  it.each([
    ["an infinite price", { prices: { input_mtok: "INF", output_mtok: 1 } }, /prices\[0\]\.input/],
    [
      "a date that does not exist",
      { prices: [{ constraint: { type: "start_date", start_date: "2024-02-30" }, prices: { input_mtok: 1 } }] },
      /not a real calendar date/,
    ],
    [
      "a truncated year",
      { prices: [{ constraint: { type: "start_date", start_date: "24-01-01" }, prices: { input_mtok: 1 } }] },
      /YYYY-MM-DD/,
    ],
    [
      "a negative tier",
      { prices: { input_mtok: { base: 1, tiers: [{ start: -5, price: -2 }] }, output_mtok: 2 } },
      /tiers\[0\]/,
    ],
  ])("drops %s and reports it; the rest is written and reads back", async (_what, model, reason) => {
    const { r, text } = await importAndUse("genai-prices", one(model));
    expect(r.exitCode).toBe(0);
    expect(r.stderr, r.stderr).toMatch(/imported 1 offering\(s\)/);
    expect(r.stderr).toMatch(reason);
    expect(text).toContain("id: good");
    expect(text).not.toContain("id: bad");
  });

  it("a __proto__ provider never becomes `id: {}`", async () => {
    const data = '[{"id": "__proto__", "name": "P", "models": [{"id": "m", "prices": {"input_mtok": 1}}]}]';
    const { r } = await importAndUse("genai-prices", data);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/provider id is not a valid id/);
  });

  it("refuses an overlay larger than --catalog reads, writing nothing", async () => {
    const entries: Record<string, object> = {};
    for (let i = 0; i < 32_500; i++)
      entries[`m${String(i).padStart(5, "0")}`] = { input_cost_per_token: 1, litellm_provider: "openai" };
    const out = join(dir, "big.yaml");
    const r = await cli(["catalog", "import", "litellm", file("big.json", JSON.stringify(entries)), "-o", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/would not load with --catalog: file is too large/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe("anything llmcost writes reads back without a fault", () => {
  it("importer overlays from both fixtures", async () => {
    const litellm = readFileSync("tests/fixtures/litellm/model-prices-sample.json", "utf8");
    const genai = readFileSync("tests/fixtures/genai-prices/data.json", "utf8");
    expect((await importAndUse("litellm", litellm)).r.exitCode).toBe(0);
    expect((await importAndUse("genai-prices", genai)).r.exitCode).toBe(0);
  });

  it("init's starter workload", async () => {
    const f = join(dir, "starter.yaml");
    expect((await cli(["init", f])).exitCode).toBe(0);
    expect((await cli(["estimate", f])).exitCode).toBe(0);
  });
});
