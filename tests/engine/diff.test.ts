import { describe, expect, it } from "vitest";
import { diffEstimates } from "../../src/engine/diff.js";
import { estimate } from "../../src/engine/estimate.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import type { Diff } from "../../src/schema/diff.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * `diff` attributes an item's change to its causes (src/engine/diff.ts): catalog price change,
 * model or provider switch, traffic volume, token shape. Every amount below is worked by hand.
 */

const lab: CatalogProvider = {
  provider: { id: "lab", name: "Lab", currency: "USD", source: "https://example.com/lab" },
  models: [
    {
      id: "big",
      prices: [
        { from: "2024-01-01", input: 2.5, output: 10 },
        { from: "2025-01-01", input: 2, output: 10 },
      ],
    },
    { id: "small", prices: [{ from: "2024-01-01", input: 0.15, output: 0.6, cached_input: 0.075 }] },
  ],
} as CatalogProvider;
const host: CatalogProvider = {
  provider: { id: "host", name: "Host", currency: "USD", source: "https://example.com/host" },
  models: [{ id: "big-on-host", aliases: ["big"], prices: [{ from: "2025-01-01", input: 1.5, output: 8 }] }],
} as CatalogProvider;
const catalog = tinyCatalog([lab, host]);

function priced(asOf: string, item: Record<string, unknown>) {
  const w = Workload.parse({ llmcost: 1, name: "w", period: "month", inference: [{ name: "chat", ...item }] });
  const r = estimate(w, catalog, { asOf, currency: "USD" });
  expect(r.problems).toEqual([]);
  return r.estimate;
}

function split(d: Diff): Record<string, number | null> {
  const it = d.items[0];
  return Object.fromEntries((it?.reasons ?? []).map((r) => [r.kind, r.amount]));
}

const side = { file: "f", source: "workload" as const };
const sides = { base: side, head: side };

describe("diff says why, with amounts that add up", () => {
  it("a model switch plus 20% more traffic: the switch at the old traffic, then the volume", () => {
    // base: big, 1M requests × (1,000 in + 200 out): input 1e9 × $2.50/1M = $2,500,
    //   output 2e8 × $10/1M = $2,000 → $4,500.
    // head: small, 1.2M requests. At the old traffic small costs 1e9 × 0.15/1M + 2e8 × 0.60/1M
    //   = $150 + $120 = $270, so the switch is $270 − $4,500 = −$4,230; 20% more requests at that
    //   shape: $270 × 0.2 = +$54. After: $324. Change −$4,176 = −$4,230 + $54.
    const base = priced("2024-06-01", {
      model: "big",
      providers: ["lab"],
      requests: 1e6,
      input_tokens: 1000,
      output_tokens: 200,
    });
    const head = priced("2024-06-01", { model: "small", requests: 1.2e6, input_tokens: 1000, output_tokens: 200 });
    const d = diffEstimates(base, head, sides);
    expect(d.items[0]?.change).toBeCloseTo(-4176, 9);
    const s = split(d);
    expect(Object.keys(s)).toEqual(["model", "traffic"]);
    expect(s.model).toBeCloseTo(-4230, 9);
    expect(s.traffic).toBeCloseTo(54, 9);
  });

  it("a catalog price change and longer prompts on the same offering", () => {
    // base 2024-06-01: big at $2.50 in / $10 out, 1M × (1,000 in, 200 out) = $4,500 (as above).
    // head 2025-06-01: big at $2.00 in; prompts of 1,500 tokens.
    //   price: the old traffic at the new prices: 1e9 × 2.00/1M + $2,000 = $4,000 → −$500.
    //   shape: 1.5e9 × 2.00/1M + $2,000 = $5,000 after, − $4,000 → +$1,000.
    //   change +$500 = −$500 + $1,000.
    const base = priced("2024-06-01", {
      model: "big",
      providers: ["lab"],
      requests: 1e6,
      input_tokens: 1000,
      output_tokens: 200,
    });
    const head = priced("2025-06-01", {
      model: "big",
      providers: ["lab"],
      requests: 1e6,
      input_tokens: 1500,
      output_tokens: 200,
    });
    const d = diffEstimates(base, head, sides);
    const s = split(d);
    expect(Object.keys(s)).toEqual(["price", "shape"]);
    expect(s.price).toBeCloseTo(-500, 9);
    expect(s.shape).toBeCloseTo(1000, 9);
    const shape = d.items[0]?.reasons.find((r) => r.kind === "shape");
    expect(shape?.changes).toEqual([{ what: "input_tokens_per_request", before: 1000, after: 1500 }]);
  });

  it("another provider becomes cheapest while the old one's price moves, and traffic doubles", () => {
    // base 2024-06-01: only lab offers big: $4,500 (as above).
    // head 2025-06-01, 2M requests: host's big-on-host ($1.50 in / $8 out) is now cheapest.
    //   price: lab's big at 2025 prices, old traffic: $2,000 + $2,000 = $4,000 → −$500.
    //   switch: host at the old traffic: 1e9 × 1.50/1M + 2e8 × 8/1M = $1,500 + $1,600 = $3,100;
    //     $3,100 − $4,000 = −$900.
    //   volume: $3,100 × (2 − 1) = +$3,100. After: $6,200. Change +$1,700 = −500 − 900 + 3,100.
    const base = priced("2024-06-01", { model: "big", requests: 1e6, input_tokens: 1000, output_tokens: 200 });
    const head = priced("2025-06-01", { model: "big", requests: 2e6, input_tokens: 1000, output_tokens: 200 });
    const d = diffEstimates(base, head, sides);
    expect(d.items[0]?.change).toBeCloseTo(1700, 9);
    const s = split(d);
    expect(Object.keys(s)).toEqual(["price", "selected", "traffic"]);
    expect(s.price).toBeCloseTo(-500, 9);
    expect(s.selected).toBeCloseTo(-900, 9);
    expect(s.traffic).toBeCloseTo(3100, 9);
  });

  it("a cache share the old model could not use is token shape, priced at the new model", () => {
    // base: big (no cache price), 1M × (1,000 in, 200 out) at 2024 prices: $4,500.
    // head: small with 50% of input cached, same requests.
    //   switch at the old traffic (no cache): $270 (first test) − $4,500 = −$4,230.
    //   shape: after = 5e8 × 0.15/1M + 5e8 × 0.075/1M + 2e8 × 0.60/1M = 75 + 37.5 + 120 = $232.50;
    //     $232.50 − $270 = −$37.50. Change −$4,267.50 = −4,230 − 37.50.
    const base = priced("2024-06-01", {
      model: "big",
      providers: ["lab"],
      requests: 1e6,
      input_tokens: 1000,
      output_tokens: 200,
    });
    const head = priced("2024-06-01", {
      model: "small",
      requests: 1e6,
      input_tokens: 1000,
      output_tokens: 200,
      cached_input: 0.5,
    });
    const d = diffEstimates(base, head, sides);
    const s = split(d);
    expect(s.model).toBeCloseTo(-4230, 9);
    expect(s.shape).toBeCloseTo(-37.5, 9);
    expect((s.model ?? 0) + (s.shape ?? 0)).toBeCloseTo(d.items[0]?.change ?? Number.NaN, 9);
  });
});
