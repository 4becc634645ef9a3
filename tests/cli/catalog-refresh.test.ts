import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { nextVersion } from "../../src/cli/commands/catalog-refresh.js";
import { proposeRefresh } from "../../src/engine/refresh.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * `catalog refresh FILE`: a newer peer file becomes a proposal (overlay patch + CHANGELOG entry),
 * never applied. A tiny catalog and a hand-written LiteLLM-shaped file, so each class is seen once.
 */

const openai: CatalogProvider = {
  provider: { id: "openai", name: "OpenAI", currency: "USD", source: "https://openai.example/pricing" },
  models: [
    // Same price in the peer: confirmed, `checked` proposed on the entry in force.
    { id: "m-same", prices: [{ from: "2025-01-01", input: 2, output: 8, source: "https://openai.example/a" }] },
    // The peer halves it: a new entry dated the peer's day, appended.
    { id: "m-cut", prices: [{ from: "2025-01-01", input: 2, output: 8, source: "https://openai.example/b" }] },
    // A known disagreement: the entry's notes name the peer; nothing proposed.
    {
      id: "m-known",
      prices: [
        {
          from: "2025-01-01",
          input: 1,
          output: 1,
          source: "https://openai.example/c",
          notes: "LiteLLM lists 3/3, a stale figure; https://openai.example/c is the list",
        },
      ],
    },
    // Priced from this peer before and gone from it now: review only.
    {
      id: "m-gone",
      prices: [{ from: "2025-01-01", input: 5, output: 5, source: "LiteLLM map (old.json, key m-gone)" }],
    },
  ],
};
const tiny = tinyCatalog([openai]);
const peer = {
  "m-same": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 2e-6, output_cost_per_token: 8e-6 },
  "m-cut": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 4e-6 },
  "m-known": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 3e-6, output_cost_per_token: 3e-6 },
  "m-new": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 5e-7, output_cost_per_token: 1.5e-6 },
  "other/x": { litellm_provider: "someone", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
};

describe("catalog refresh", () => {
  it("proposes a move, a new offering, a confirmation and a review item; a known disagreement is only listed", async () => {
    const dir = scratchDir("refresh-");
    const file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify(peer));
    const changelog = join(dir, "entry.md");
    const r = await cli(["catalog", "refresh", file, "--date", "2026-12-01", "--changelog", changelog], {
      catalog: () => tiny,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      "refresh: 1 price move(s) (+1 known disagreement(s)), 1 new offering(s), 1 confirmed unchanged, 1 no longer listed (review)",
    );
    const patch = parse(r.stdout);
    const models = patch.providers[0].models as Array<{ id: string; prices: Array<Record<string, unknown>> }>;
    expect(models.map((m) => m.id).sort()).toEqual(["m-cut", "m-new", "m-same"]);
    const cut = models.find((m) => m.id === "m-cut");
    // History kept, the move appended: 2/8 from 2025-01-01, then 1/4 (1e-6 × 1e6) from the peer's day.
    expect(cut?.prices.map((e) => [e.from, e.input, e.output])).toEqual([
      ["2025-01-01", 2, 8],
      ["2026-12-01", 1, 4],
    ]);
    expect(String(cut?.prices[1]?.notes)).toContain("first seen in LiteLLM map prices.json on 2026-12-01");
    expect(models.find((m) => m.id === "m-same")?.prices[0]?.checked).toBe("2026-12-01");
    expect(r.stdout).toContain("#   openai/m-gone (last price from 2025-01-01)");
    const entry = readFileSync(changelog, "utf8");
    expect(entry.split("\n")[0]).toBe("## 2026.12.0 (2026-12-01)");
    expect(entry).toContain("- `openai` `m-cut`: 2/8 USD (from 2025-01-01) → 1/4 USD (first seen 2026-12-01)");
    expect(entry).toContain("- `openai` `m-new`: 0.5/1.5 USD (first seen 2026-12-01)");
    expect(entry).toContain("- `openai` `m-known`: catalog 1/1 USD, peer 3/3 USD");
    expect(entry).toContain("- `openai` `m-gone`: last 5/5 USD (from 2025-01-01)");
  });
  it("the patch validates as an overlay and previews the move with --catalog", async () => {
    const dir = scratchDir("refresh-");
    const file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify(peer));
    const patch = join(dir, "patch.yaml");
    const r = await cli(["catalog", "refresh", file, "--date", "2026-12-01", "-o", patch], { catalog: () => tiny });
    expect(r.exitCode).toBe(0);
    const q = await cli(
      [
        "quote",
        "m-cut",
        "--input-tokens",
        "1000000",
        "--output-tokens",
        "0",
        "--as-of",
        "2026-12-02",
        "--catalog",
        patch,
        "--format",
        "json",
      ],
      { catalog: () => tiny },
    );
    expect(q.exitCode).toBe(0);
    expect(q.stdout).toContain('"total": 1');
  });
  it("a file that is not JSON is exit 2 with its place", async () => {
    const dir = scratchDir("refresh-");
    const file = join(dir, "bad.json");
    writeFileSync(file, "{\n  oops");
    const r = await cli(["catalog", "refresh", file], { catalog: () => tiny });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("not valid JSON");
    expect(r.stdout).toBe("");
  });
});

describe("refresh engine and versions", () => {
  it("a provider the catalog lacks is counted, not proposed", () => {
    const p = proposeRefresh(
      tiny,
      {
        schema: 1,
        providers: [
          { provider: { id: "elsewhere" }, models: [{ id: "a", prices: [{ from: "2026-01-01", input: 1 }] }] },
        ],
      },
      { date: "2026-01-01", peer: /litellm/i, label: "x" },
    );
    expect(p.unknownProviders).toEqual({ elsewhere: 1 });
    expect(p.items).toEqual([]);
  });
  it("nextVersion: counter +1 within the month or before it, .0 in a later month", () => {
    expect(nextVersion("2026.12.2", "2026-12-05")).toBe("2026.12.3");
    expect(nextVersion("2026.12.2", "2026-07-24")).toBe("2026.12.3");
    expect(nextVersion("2026.12.2", "2027-01-02")).toBe("2027.1.0");
  });
});
