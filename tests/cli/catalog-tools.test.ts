import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, scratchDir } from "../helpers/cli.js";

const dir = scratchDir("llmcost-catalog-tools-");
/** One provider per file in pricing-data/providers, so adding a provider does not break these checks. */
const PROVIDERS = readdirSync("pricing-data/providers").filter((f) => f.endsWith(".yaml")).length;
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("catalog validate", () => {
  it("the embedded catalog has no faults", async () => {
    const r = await cli(["catalog", "validate"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^ok: \\d+ file\\(s\\), ${PROVIDERS} provider\\(s\\), \\d+ offering\\(s\\): 0 fault\\(s\\), \\d+ warning\\(s\\)( \\(.*\\))?$`,
        "m",
      ),
    );
    // Warnings are placed like faults: file:line:col: path: message [rule]
    expect(r.stdout).toMatch(/^warning: pricing-data\/providers\/[a-z-]+\.yaml:\d+:\d+: models\[\d+\]\.prices\[\d+\]/m);
  });

  it("reports every fault of a user file with its place and exits 2", async () => {
    const p = file(
      "bad.yaml",
      `schema: 1
provider: {id: acme, name: Acme, currency: USD, source: https://acme.example}
models:
  - id: m
    prices:
      - {from: 2026-03-01, input: 1, output: 2}
      - {from: 2026-02-01, input: -1, output: 2}
  - id: n
    model: llama-9-70b
    prices:
      - {from: 2026-03-01, inptu: 1}
`,
    );
    const r = await cli(["catalog", "validate", p]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`error: ${p}:7:35: models[0].prices[1].input: expected a number ≥ 0`);
    expect(r.stdout).toContain(`error: ${p}:11:28: models[1].prices[0].inptu: unknown field "inptu"`);
    expect(r.stdout).toContain('hint:     did you mean "input"?');
    expect(r.stdout).toMatch(/^invalid: 1 file\(s\).*: 2 fault\(s\)/m);
  });

  it("checks references and date order against the embedded catalog, then lints", async () => {
    const refs = file(
      "refs.yaml",
      `schema: 1
provider: {id: acme, name: Acme, currency: USD, source: https://acme.example}
models:
  - id: m
    model: llama-9-70b
    prices:
      - {from: 2026-03-01, input: 1, output: 2}
      - {from: 2026-02-01, input: 1, output: 2}
`,
    );
    const r = await cli(["catalog", "validate", refs]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`${refs}:5:12: models[0].model: unknown model architecture "llama-9-70b"`);
    expect(r.stdout).toContain(`${refs}:8:16: models[0].prices[1].from: prices are not in date order`);

    const warn = file(
      "warn.yaml",
      `schema: 1
provider: {id: acme, name: Acme, currency: USD, source: https://acme.example}
models:
  - id: m
    prices:
      - {from: 2026-10-01, input: 1, output: 0.5, cached_input: 2}
`,
    );
    const w = await cli(["catalog", "validate", warn, "--format", "json"]);
    expect(w.exitCode).toBe(0);
    const j = JSON.parse(w.stdout);
    expect(j.ok).toBe(true);
    expect(j.warnings.map((x: { rule: string; line: number }) => `${x.rule}@${x.line}`)).toEqual([
      "cached-above-input@6",
      "output-below-input@6",
    ]);
  });
});

describe("catalog validate --ignore", () => {
  it("leaves out a lint rule and refuses an unknown one", async () => {
    const r = await cli(["catalog", "validate", "--ignore", "stale", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.warnings.every((w: { rule: string }) => w.rule !== "stale")).toBe(true);
    const bad = await cli(["catalog", "validate", "--ignore", "stal"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "stale"?');
  });
});

describe("catalog diff", () => {
  it("shows the May 2024 Chinese price war as moves with percentages", async () => {
    const r = await cli(["catalog", "diff", "--from", "2024-05-01", "--to", "2024-06-01", "--provider", "alibaba"]);
    expect(r.exitCode).toBe(0);
    // qwen-turbo input 8 → 2 CNY per 1M: (2 − 8) / 8 = −75%
    expect(r.stdout).toMatch(/alibaba\s+qwen-turbo\s+input\s+8\s+2\s+-75%\s+CNY\s+2024-05-21/);
    expect(r.stdout).toContain("New offerings");
  });

  it("renders JSON and Markdown, and refuses a reversed range", async () => {
    const j = await cli(["catalog", "diff", "--from", "2024-05-01", "--to", "2024-06-01", "-f", "json"]);
    const d = JSON.parse(j.stdout);
    expect(d.from).toBe("2024-05-01");
    const move = d.moves.find(
      (m: { offering: string; field: string }) => m.offering === "qwen-turbo" && m.field === "input",
    );
    expect(move).toMatchObject({ before: 8, after: 2, change: -0.75, currency: "CNY" });
    const md = await cli(["catalog", "diff", "--from", "2024-05-01", "--to", "2024-06-01", "-f", "markdown"]);
    expect(md.stdout).toContain("# Catalog changes from 2024-05-01 to 2024-06-01");
    expect(md.stdout).toContain("| provider | offering | price |");
    const bad = await cli(["catalog", "diff", "--from", "2024-06-01", "--to", "2024-05-01"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("the end date is before the start date");
  });
});

describe("catalog stats", () => {
  it("meets the coverage the catalog promises", async () => {
    const r = await cli(["catalog", "stats", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.providers.api).toBeGreaterThanOrEqual(22);
    expect(s.providers.gpu).toBeGreaterThanOrEqual(10);
    expect(s.offerings.total).toBeGreaterThanOrEqual(200);
    expect(s.offerings.by_kind.embedding).toBeGreaterThan(0);
    expect(s.currencies).toEqual(expect.arrayContaining(["CNY", "USD"]));
    expect(s.recent.since).toBe("2026-05-22");
    expect(s.recent.share).toBeGreaterThan(0);
    expect(s.recent.share).toBeLessThanOrEqual(1);
    const t = await cli(["catalog", "stats"]);
    expect(t.stdout).toMatch(new RegExp(`providers\\s+${PROVIDERS} \\(\\d+ API, \\d+ GPU clouds\\)`));
    expect(t.stdout).toMatch(/priced in last 6 months\s+\d+ of \d+ offerings \(\d+(\.\d)?%\) since 2026-05-22/);
  });
});

describe("catalog import", () => {
  it("turns a LiteLLM map into an overlay that validates and prices quotes", async () => {
    const r = await cli([
      "catalog",
      "import",
      "litellm",
      "tests/fixtures/litellm/model-prices-sample.json",
      "--date",
      "2025-11-21",
    ]);
    expect(r.exitCode).toBe(0);
    // on stdout, no modeline (nothing can be written beside it): schema-refs.test.ts
    expect(r.stdout).not.toContain("$schema=");
    const doc = parse(r.stdout);
    const openai = doc.providers.find((p: { provider: { id: string } }) => p.provider.id === "openai");
    expect(openai.provider).toEqual({ id: "openai" }); // a known provider keeps its own name and currency
    const mini = openai.models.find((m: { id: string }) => m.id === "gpt-4o-mini");
    // 1.5e-7 per token × 1e6 = 0.15 per 1M; batch 7.5e-8 / 1.5e-7 = 0.5
    expect(mini.prices[0]).toMatchObject({ from: "2025-11-21", input: 0.15, output: 0.6, batch: 0.5 });
    expect(mini.prices[0].source).toContain(
      "LiteLLM model_prices_and_context_window.json (import of model-prices-sample.json, 2025-11-21); key gpt-4o-mini",
    );
    const gemini = doc.providers.find((p: { provider: { id: string } }) => p.provider.id === "google");
    const pro = gemini.models.find((m: { id: string }) => m.id === "gemini-2.5-pro");
    expect(pro.prices[0].tiers[0]).toMatchObject({ above: 200000, input: 2.5, output: 15 });
    expect(r.stderr).toMatch(/imported \d+ offering\(s\) for \d+ provider\(s\); \d+ entr(y|ies) not mapped/);
    expect(r.stderr).toMatch(/priced by (second|pixel|character), which a catalog entry cannot express/);

    const out = file("litellm.yaml", r.stdout);
    const v = await cli(["catalog", "validate", out]);
    expect(v.stdout).toMatch(/^ok: /m);
    const q = await cli([
      "quote",
      "sonar",
      "--provider",
      "perplexity",
      "--input-tokens",
      "1000",
      "--output-tokens",
      "100",
      "--catalog",
      out,
    ]);
    expect(q.exitCode).toBe(0);
    expect(q.stdout).toContain("perplexity");
  });

  it("imports genai-prices data with start dates and reports time-of-day prices", async () => {
    const r = await cli([
      "catalog",
      "import",
      "genai-prices",
      "tests/fixtures/genai-prices/data.json",
      "--date",
      "2026-11-22",
    ]);
    expect(r.exitCode).toBe(0);
    const doc = parse(r.stdout);
    const sol = doc.providers
      .find((p: { provider: { id: string } }) => p.provider.id === "openai")
      .models.find((m: { id: string }) => m.id === "gpt-5.6-sol");
    // The undated base was replaced by the 2026-08-21 price before the import date: only the dated entry stays.
    expect(sol.prices.map((e: { from: string; input: number }) => `${e.from} ${e.input}`)).toEqual(["2026-08-21 4"]);
    expect(sol.prices[0].tiers[0]).toMatchObject({ above: 271999, input: 8, output: 30 });
    const ds = doc.providers.find((p: { provider: { id: string } }) => p.provider.id === "deepseek").models[0];
    // DeepSeek's catalog currency is CNY, so imported USD prices say so.
    expect(ds.prices.every((e: { currency: string }) => e.currency === "USD")).toBe(true);
    expect(r.stderr).toContain("time_of_date price (e.g. an off-peak window) not mapped");
    const v = await cli(["catalog", "validate", file("genai.yaml", r.stdout)]);
    expect(v.stdout).toMatch(/^ok: /m);
  });

  it("reads the installed @pydantic/genai-prices package and keeps only new offerings on request", async () => {
    const r = await cli(["catalog", "import", "genai-prices", "--new-only"]);
    expect(r.exitCode).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.providers.length).toBeGreaterThan(10);
    const openai = doc.providers.find((p: { provider: { id: string } }) => p.provider.id === "openai");
    expect(openai?.models.some((m: { id: string }) => m.id === "gpt-4o") ?? false).toBe(false);
    expect(r.stdout).toContain("@pydantic/genai-prices 0.1.8");
  });

  it("names the id or alias each skipped duplicate collides with", async () => {
    // LiteLLM: "gpt-4o" and "openai/gpt-4o" (provider openai) both map to id gpt-4o; the first key
    // in file order keeps the id, the second is skipped and names it.
    const lite = file(
      "dup-litellm.json",
      JSON.stringify({
        "gpt-4o": {
          litellm_provider: "openai",
          mode: "chat",
          input_cost_per_token: 2.5e-6,
          output_cost_per_token: 1e-5,
        },
        "openai/gpt-4o": {
          litellm_provider: "openai",
          mode: "chat",
          input_cost_per_token: 5e-6,
          output_cost_per_token: 1.5e-5,
        },
      }),
    );
    const r = await cli(["catalog", "import", "litellm", lite, "--date", "2025-11-21"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("1 entry not mapped");
    expect(r.stderr).toContain("skipped openai/gpt-4o: duplicates gpt-4o (the id imported from key gpt-4o)");
    // genai-prices: model "gpt-4o" matches the name gpt-4o-2024-08-06, which a later model takes as its id.
    const genai = file(
      "dup-genai.json",
      JSON.stringify([
        {
          id: "openai",
          name: "OpenAI",
          pricing_urls: ["https://openai.com/api/pricing/"],
          models: [
            {
              id: "gpt-4o",
              match: { or: [{ equals: "gpt-4o" }, { equals: "gpt-4o-2024-08-06" }] },
              prices: { input_mtok: 2.5, output_mtok: 10 },
            },
            {
              id: "gpt-4o-2024-08-06",
              match: { equals: "gpt-4o-2024-08-06" },
              prices: { input_mtok: 2.5, output_mtok: 10 },
            },
          ],
        },
      ]),
    );
    const g = await cli(["catalog", "import", "genai-prices", genai, "--date", "2026-11-22"]);
    expect(g.exitCode).toBe(0);
    expect(g.stderr).toContain(
      "skipped openai/gpt-4o-2024-08-06: duplicates gpt-4o-2024-08-06 (an alias of gpt-4o, imported from key openai/gpt-4o)",
    );
  });

  it("names a bad source or file", async () => {
    const r = await cli(["catalog", "import", "litelm", "x.json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('did you mean "litellm"?');
    const j = await cli(["catalog", "import", "litellm", file("bad.json", '{"a": 1,\n  oops}')]);
    expect(j.exitCode).toBe(2);
    expect(j.stderr).toMatch(/bad\.json:2:\d+: not valid JSON/);
  });
});
