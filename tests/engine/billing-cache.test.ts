import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { CacheRule } from "../../src/schema/billing.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import type { Option } from "../../src/schema/report.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * Cache rules (catalog `cache:`, docs/billing.md "Cache TTL and cache storage") on a hand-made
 * catalog; every expected number is worked out by hand in the comments.
 */

const S = "https://example.test/prices";

// Anthropic-like: input $3, 5-minute write $3.75 (1.25×), batch 50%; a 1-hour write costs 2× input from 2026-01-01.
const claude: CatalogProvider = {
  provider: { id: "claude-co", name: "Claude Co", currency: "USD", source: S },
  models: [
    { id: "c", batch: 0.5, prices: [{ from: "2025-01-01", input: 3, output: 15, cache_write: 3.75, source: S }] },
  ],
  cache: [{ id: "w1h", kind: "write_1h", prices: [{ from: "2026-01-01", input_multiplier: 2, source: `${S}#1h` }] }],
};
// Gemini-like: storage $4.50 per 1M token-hours for "g"; a second provider offers "g" without storage.
const gem: CatalogProvider = {
  provider: { id: "gem-co", name: "Gem Co", currency: "USD", source: S },
  models: [{ id: "g", prices: [{ from: "2025-01-01", input: 1.25, output: 10, source: S }] }],
  cache: [
    { id: "store", kind: "storage", models: ["g"], prices: [{ from: "2025-01-01", price: 4.5, source: `${S}#s` }] },
  ],
};
const other: CatalogProvider = {
  provider: { id: "other-co", name: "Other Co", currency: "USD", source: S },
  models: [{ id: "g", prices: [{ from: "2025-01-01", input: 1, output: 8, source: S }] }],
};
const catalog = tinyCatalog([claude, gem, other]);
const opts = { asOf: "2026-06-01", currency: "USD" };

function run(item: Record<string, unknown>, asOf = opts.asOf) {
  return estimate(Workload.parse({ llmcost: 1, inference: [{ name: "a", requests: 1000, ...item }] }), catalog, {
    ...opts,
    asOf,
  });
}
const comp = (o: Option | undefined, name: string) => o?.components.find((c) => c.name === name);
const sum = (o: Option) => o.components.reduce((a, c) => a + c.cost, 0);

describe("1-hour cache writes", () => {
  it("adds the 1-hour premium over the 5-minute write, as its own component", () => {
    // 1,000 requests × 1,000 input tokens = 1M; cache_write 0.5 → W = 500,000, U = 500,000.
    // input 0.5M × $3 = $1.50; 5-minute write 0.5M × $3.75 = $1.875; 1-hour premium 0.5M × (2 × 3 − 3.75 = $2.25)
    // = $1.125; total $4.50 (= 0.5M × $3 + 0.5M × $6, the 1-hour write at 2× input).
    const r = run({ model: "c", input_tokens: 1000, cache_write: 0.5, cache_ttl: "1h" });
    expect(r.problems).toEqual([]);
    const o = r.estimate.items[0]?.options[0] as Option;
    expect(comp(o, "cache_write")).toMatchObject({ quantity: 500_000, unit_price: 3.75 });
    const extra = comp(o, "cache_write (1h TTL)");
    expect(extra).toMatchObject({ quantity: 500_000, unit: "tokens", price_unit: "per_1m_tokens" });
    expect(extra?.unit_price).toBeCloseTo(2.25, 12);
    expect(extra?.cost).toBeCloseTo(1.125, 12);
    expect(o.cost).toBeCloseTo(4.5, 12);
    expect(o.cost).toBeCloseTo(sum(o), 12);
  });

  it("keeps the batch discount on the 1-hour write", () => {
    // Batch ×0.5 on everything: input $0.75, 5-minute write $0.9375, premium 0.5M × $1.125 = $0.5625; total $2.25.
    const r = run({ model: "c", input_tokens: 1000, cache_write: 0.5, cache_ttl: "1h", batch: true });
    const o = r.estimate.items[0]?.options[0] as Option;
    expect(comp(o, "cache_write (1h TTL)")?.unit_price).toBeCloseTo(1.125, 12);
    expect(o.cost).toBeCloseTo(2.25, 12);
  });

  it("cites the rule's own source in --explain", () => {
    const r = estimate(
      Workload.parse({
        llmcost: 1,
        inference: [{ name: "a", requests: 1000, model: "c", input_tokens: 1000, cache_write: 1, cache_ttl: "1h" }],
      }),
      catalog,
      { ...opts, explain: true },
    );
    const line = r.estimate.items[0]?.options[0]?.explain?.find((e) => e.what.endsWith("cache_write (1h TTL)"));
    // 1M tokens × $2.25 per 1M = $2.25.
    expect(line?.result).toBeCloseTo(2.25, 12);
    expect(line?.source).toMatchObject({ entry_from: "2026-01-01", source: `${S}#1h` });
  });

  it("before the rule is in force: the 5-minute price, with a note", () => {
    // As of 2025-06-01 no 1-hour price: 1M written × $3.75 = $3.75.
    const r = run({ model: "c", input_tokens: 1000, cache_write: 1, cache_ttl: "1h" }, "2025-06-01");
    const o = r.estimate.items[0]?.options[0] as Option;
    expect(o.cost).toBeCloseTo(3.75, 12);
    expect(comp(o, "cache_write (1h TTL)")).toBeUndefined();
    expect(o.notes.join("\n")).toMatch(/lists no 1-hour cache-write price/);
  });
});

describe("cache storage per token-hour", () => {
  it("bills tokens × hours at the storage price, the whole period by default", () => {
    // 100,000 tokens × 730 h = 73,000,000 token-hours × $4.50 / 1M = $328.50; input 1M × $1.25 = $1.25.
    const r = run({ model: "g", providers: ["gem-co"], input_tokens: 1000, cache_storage: { tokens: "100k" } });
    expect(r.problems).toEqual([]);
    const o = r.estimate.items[0]?.options[0] as Option;
    expect(comp(o, "cache_storage")).toMatchObject({ quantity: 73e6, unit: "token_hours", unit_price: 4.5 });
    expect(comp(o, "cache_storage")?.cost).toBeCloseTo(328.5, 9);
    expect(o.cost).toBeCloseTo(329.75, 9);
  });

  it("for the hours given, and a note where the offering lists no storage price", () => {
    // 200,000 tokens × 10 h = 2,000,000 token-hours × $4.50 / 1M = $9; input $1.25 → $10.25 on gem-co.
    // other-co: input 1M × $1 = $1, storage not priced (a note).
    const r = run({ model: "g", input_tokens: 1000, cache_storage: { tokens: 200000, hours: 10 } });
    const os = r.estimate.items[0]?.options ?? [];
    const g = os.find((o) => o.provider === "gem-co") as Option;
    expect(comp(g, "cache_storage")?.cost).toBeCloseTo(9, 12);
    expect(g.cost).toBeCloseTo(10.25, 12);
    const o = os.find((x) => x.provider === "other-co") as Option;
    expect(o.cost).toBeCloseTo(1, 12);
    expect(o.notes.join("\n")).toMatch(/other-co\/g lists no cache storage price/);
  });

  it("a cache kept longer than the period is a problem at its field", () => {
    const r = run({ model: "g", input_tokens: 1000, cache_storage: { tokens: 1000, hours: 800 } });
    expect(r.problems[0]).toMatchObject({
      path: ["inference", 0, "cache_storage", "hours"],
      expected: "at most 730 hours",
      found: "800",
    });
  });
});

describe("cache rule schema", () => {
  it("a write_1h rule needs input_multiplier, a storage rule a price", () => {
    const bad = CacheRule.safeParse({
      id: "x",
      kind: "write_1h",
      prices: [{ from: "2026-01-01", price: 1, source: S }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["prices", 0, "input_multiplier"]);
    const bad2 = CacheRule.safeParse({ id: "y", kind: "storage", prices: [{ from: "2026-01-01", source: S }] });
    expect(bad2.error?.issues[0]?.path).toEqual(["prices", 0, "price"]);
  });
});
