import { describe, expect, it } from "vitest";
import { applyThreshold, diffEstimates } from "../../src/engine/diff.js";
import type { Estimate, Item, Option } from "../../src/schema/report.js";
import { expectValidDiff } from "../helpers/schema.js";

/** The pure diff on hand-made estimates. */
function opt(provider: string, cost: number, input: number, price: number): Option {
  return {
    provider,
    offering: "m",
    via: "api",
    billing: "pay_as_you_go",
    cost,
    currency: "USD",
    list_currency: "USD",
    price_from: "2025-01-01",
    source: "s",
    components: [
      { name: "input", quantity: input, unit: "tokens", unit_price: price, price_unit: "per_1m_tokens", cost },
    ],
    notes: [],
  };
}
function item(name: string, o: Option, requests: number): Item {
  return {
    name,
    kind: "inference",
    model: "m",
    status: "priced",
    selected: { provider: o.provider, offering: o.offering, via: o.via },
    cost: o.cost,
    quantities: { requests, input_tokens: o.components[0]?.quantity ?? 0, cached_input_tokens: 0, output_tokens: 0 },
    options: [o],
    notes: [],
  };
}
function est(items: Item[]): Estimate {
  return {
    llmcost: 1,
    workload: "w",
    catalog: { version: "1", as_of: "2025-01-01", digest: "d" },
    currency: "USD",
    period: "month",
    items,
    total: items.reduce((a, i) => a + (i.cost ?? 0), 0),
    complete: items.every((i) => i.cost !== null),
    warnings: [],
  };
}
const sides = { base: { file: "a", source: "estimate" as const }, head: { file: "b", source: "estimate" as const } };

describe("diffEstimates and applyThreshold (src/engine/diff.ts)", () => {
  it("splits a change on one offering into price and traffic parts that add up", () => {
    // 100M tokens at $0.15 = $15 → 150M at $0.075 = $11.25: −3.75 = price 100M × (−0.075)/1M = −7.5, traffic +3.75
    const d = diffEstimates(
      est([item("a", opt("p", 15, 100e6, 0.15), 1000)]),
      est([item("a", opt("p", 11.25, 150e6, 0.075), 1500)]),
      sides,
    );
    expectValidDiff(d);
    const [price, traffic] = d.items[0]?.reasons ?? [];
    expect(price).toMatchObject({ kind: "price", amount: expect.closeTo(-7.5, 12) });
    expect(traffic).toMatchObject({ kind: "traffic", amount: expect.closeTo(3.75, 12) });
    expect((price?.amount ?? 0) + (traffic?.amount ?? 0)).toBeCloseTo(d.items[0]?.change ?? Number.NaN, 12);
  });

  it("puts the whole change on a switch of provider", () => {
    const d = diffEstimates(
      est([item("a", opt("p", 10, 1e6, 10), 1)]),
      est([item("a", opt("q", 8, 1e6, 8), 1)]),
      sides,
    );
    expect(d.items[0]?.reasons).toEqual([
      { kind: "selected", amount: -2, changes: [{ what: "selected", before: "p/m", after: "q/m" }] },
    ]);
  });

  it("--fail-above: equal passes, falls never fail, from zero any rise exceeds a percentage, incomplete is unknown", () => {
    const d = (before: number, after: number) =>
      diffEstimates(est([item("a", opt("p", before, 1, 1), 1)]), est([item("a", opt("p", after, 1, 1), 1)]), sides);
    expect(applyThreshold(d(100, 110), 10, "amount").threshold?.status).toBe("ok");
    expect(applyThreshold(d(100, 110), 10, "percent").threshold?.status).toBe("ok");
    expect(applyThreshold(d(100, 110.01), 10, "percent").threshold?.status).toBe("exceeded");
    expect(applyThreshold(d(100, 50), 0, "percent").threshold?.status).toBe("ok");
    expect(applyThreshold(d(0, 0.01), 1000, "percent").threshold?.status).toBe("exceeded");
    expect(applyThreshold(d(0, 0.01), 1, "amount").threshold?.status).toBe("ok");
    const unpriced = est([{ ...item("a", opt("p", 1, 1, 1), 1), cost: null, status: "not_priced", selected: null }]);
    expect(
      applyThreshold(diffEstimates(est([item("a", opt("p", 1, 1, 1), 1)]), unpriced, sides), 5, "amount").threshold
        ?.status,
    ).toBe("unknown");
  });
});
