import { readFileSync } from "node:fs";
import { calcPrice } from "@pydantic/genai-prices";
import { beforeAll, describe, expect, it } from "vitest";
import { entryAt } from "../../src/engine/resolve.js";
import { equalsNames, GENAI_PROVIDERS } from "../../src/import/genai-prices.js";
import { modelIdFor, providerIdFor } from "../../src/import/litellm.js";
import { loadCatalogDir } from "../../src/load/catalog.js";
import type { ApiModel, Catalog, CatalogProvider, ModelPrice } from "../../src/schema/catalog.js";

/**
 * Cross-check of the embedded catalog against two peers: LiteLLM's map as of 2026-07-24 (a trimmed
 * fixture, tests/fixtures/litellm/PROVENANCE.md) compared with our price in force that day, and the
 * `@pydantic/genai-prices` package compared with our price in force today (2026-11-22). Only USD
 * lists are compared (both peers are USD). A peer's 0 is read as "no price" (LiteLLM writes 0 for
 * unknown or beta prices), and a genai-prices model found only through its provider fallback (Azure
 * answering with OpenAI's list) is not compared. A disagreement fails unless the catalog entry (the
 * price entry in force, or the offering) carries `notes:` naming the peer, with a source URL in the
 * entry's notes or source.
 */

const LITELLM_DATE = "2026-07-24";
const TODAY = "2026-11-22";
const FIELDS = ["input", "output", "cached_input"] as const;
type Field = (typeof FIELDS)[number];

interface Finding {
  peer: "litellm" | "genai-prices";
  provider: string;
  offering: string;
  field: Field;
  ours: number;
  theirs: number;
  explained: boolean;
}

/** Same price within half a percent (peers round differently: 0.075 vs 0.07500000000000001). */
function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

function explains(peer: RegExp, entry: ModelPrice, model: ApiModel): boolean {
  const named = [entry.notes, model.notes].some((n) => n !== undefined && peer.test(n));
  const sourced = [entry.notes, entry.source, model.notes].some((n) => n !== undefined && /https?:\/\//.test(n));
  return named && sourced;
}

function named(p: CatalogProvider, id: string): ApiModel | undefined {
  const q = id.toLowerCase();
  return (p.models ?? []).find((m) => m.id === q || (m.aliases ?? []).includes(q));
}

function usdEntry(p: CatalogProvider, m: ApiModel, date: string): ModelPrice | undefined {
  return entryAt(m.prices, date, "USD", p.provider.currency);
}

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalogDir("pricing-data").catalog;
});

describe("agreement rule", () => {
  it("treats sub-half-percent differences as rounding and larger ones as disagreement", () => {
    expect(agrees(0.075, 0.07500000000000001)).toBe(true);
    expect(agrees(2.5, 2.5124)).toBe(true); // 0.0124 / 2.5124 = 0.49%
    expect(agrees(2.5, 2.52)).toBe(false); // 0.02 / 2.52 = 0.79%
    expect(agrees(0, 0)).toBe(true);
  });
});

describe("catalog vs LiteLLM (2026-07-24 map)", () => {
  it("every offering both list agrees, or the catalog says why with a source", () => {
    const map = JSON.parse(readFileSync("tests/fixtures/litellm/catalog-matches-2026-07-24.json", "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    const findings: Finding[] = [];
    const compared = new Set<string>();
    const agreeing = new Set<string>();
    for (const [key, e] of Object.entries(map)) {
      const lp = String(e.litellm_provider);
      const pid = providerIdFor(lp);
      const p = catalog.providers.find((x) => x.provider.id === pid);
      const m = p && named(p, modelIdFor(key, lp));
      if (!p || !m) continue;
      const ours = usdEntry(p, m, LITELLM_DATE);
      if (!ours || ours.free) continue;
      const theirs: Partial<Record<Field, number>> = {};
      if (typeof e.input_cost_per_token === "number") theirs.input = e.input_cost_per_token * 1e6;
      if (typeof e.output_cost_per_token === "number") theirs.output = e.output_cost_per_token * 1e6;
      if (typeof e.cache_read_input_token_cost === "number") theirs.cached_input = e.cache_read_input_token_cost * 1e6;
      const id = `${p.provider.id}/${m.id}`;
      let ok = true;
      let any = false;
      for (const f of FIELDS) {
        const a = ours[f];
        const b = theirs[f];
        if (a === undefined || b === undefined || b === 0) continue;
        any = true;
        if (agrees(a, b)) continue;
        ok = false;
        findings.push({
          peer: "litellm",
          provider: p.provider.id,
          offering: `${m.id} (${key})`,
          field: f,
          ours: a,
          theirs: b,
          explained: explains(/litellm/i, ours, m),
        });
      }
      if (!any) continue;
      compared.add(id);
      if (ok) agreeing.add(id);
    }
    report("LiteLLM 2026-07-24", compared.size, agreeing.size, findings);
    expect(compared.size).toBeGreaterThan(100);
    expect(findings.filter((f) => !f.explained).map(line)).toEqual([]);
  });
});

describe(`catalog vs @pydantic/genai-prices (${TODAY})`, () => {
  it("every offering both list agrees, or the catalog says why with a source", () => {
    const reverse = new Map(Object.entries(GENAI_PROVIDERS).map(([g, ours]) => [ours, g] as const));
    const at = new Date(`${TODAY}T12:00:00Z`);
    const findings: Finding[] = [];
    let compared = 0;
    let agreeing = 0;
    for (const p of catalog.providers) {
      const gid = reverse.get(p.provider.id);
      if (!gid) continue;
      for (const m of p.models ?? []) {
        const ours = usdEntry(p, m, TODAY);
        if (!ours || ours.free) continue;
        const r = calcPrice({ input_tokens: 1000 }, m.id, { providerId: gid, timestamp: at });
        // Only a model genai-prices lists under this exact id or alias, not a fuzzy match.
        if (!r || r.provider.id !== gid || !r.provider.models.includes(r.model)) continue;
        const theirNames = new Set([r.model.id, ...equalsNames(r.model.match)].map((n) => n.toLowerCase()));
        if (!theirNames.has(m.id)) continue;
        const mp = r.model_price;
        const val = (k: string): number | undefined => {
          const v = mp[k];
          return typeof v === "number" ? v : v && typeof v === "object" ? v.base : undefined;
        };
        const theirs: Partial<Record<Field, number>> = {};
        const inp = val("input_mtok");
        const out = val("output_mtok");
        const cr = val("cache_read_mtok");
        if (inp !== undefined) theirs.input = inp;
        if (out !== undefined) theirs.output = out;
        if (cr !== undefined) theirs.cached_input = cr;
        let ok = true;
        let any = false;
        for (const f of FIELDS) {
          const a = ours[f];
          const b = theirs[f];
          if (a === undefined || b === undefined || b === 0) continue;
          any = true;
          if (agrees(a, b)) continue;
          ok = false;
          findings.push({
            peer: "genai-prices",
            provider: p.provider.id,
            offering: m.id,
            field: f,
            ours: a,
            theirs: b,
            explained: explains(/genai-prices/i, ours, m),
          });
        }
        if (!any) continue;
        compared++;
        if (ok) agreeing++;
      }
    }
    report(`genai-prices ${TODAY}`, compared, agreeing, findings);
    expect(compared).toBeGreaterThan(100);
    expect(findings.filter((f) => !f.explained).map(line)).toEqual([]);
  });
});

function line(f: Finding): string {
  return `${f.provider} ${f.offering} ${f.field}: catalog ${f.ours}, ${f.peer} ${f.theirs}`;
}

function report(peer: string, compared: number, agreeing: number, findings: Finding[]): void {
  const explained = findings.filter((f) => f.explained).length;
  const rate = compared ? ((100 * agreeing) / compared).toFixed(1) : "n/a";
  console.log(
    `cross-check vs ${peer}: ${agreeing} of ${compared} offerings agree (${rate}%); ${findings.length} differing price(s), ${explained} explained in notes`,
  );
}
