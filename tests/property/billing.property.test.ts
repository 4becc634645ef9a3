import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import type { Option } from "../../src/schema/report.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * The laws of the billing models (issue 11), on random prices, packs, plans and volumes:
 * - a flat-fee plan: at half its break-even volume pay-as-you-go is not dearer; at twice it, the plan is not;
 * - packs never cost more than pay-as-you-go plus the part bought and left unused;
 * - every option's cost is the sum of its components (cache rules included);
 * - a 1-hour cache write costs the 5-minute write plus (2 − 1.25) × input per written token.
 */

const SEED = 20261203;
const runs = (numRuns = 120) => ({ seed: SEED, numRuns });
const S = "https://example.test";

function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
}

interface Params {
  input: number;
  output: number;
  fee: number;
  included: number;
  packPrice: number;
  packQty: number;
  validity: number;
}

const params = fc.record({
  input: fc.double({ min: 0.01, max: 20, noNaN: true }),
  output: fc.double({ min: 0.01, max: 80, noNaN: true }),
  fee: fc.double({ min: 1, max: 5000, noNaN: true }),
  included: fc.double({ min: 1e6, max: 1e11, noNaN: true }),
  packPrice: fc.double({ min: 0.5, max: 5000, noNaN: true }),
  packQty: fc.double({ min: 1e5, max: 1e10, noNaN: true }),
  validity: fc.integer({ min: 1, max: 365 }),
});

function provider(p: Params): CatalogProvider {
  return {
    provider: { id: "x", name: "X", currency: "USD", source: S },
    models: [
      {
        id: "m",
        prices: [{ from: "2025-01-01", input: p.input, output: p.output, cache_write: p.input * 1.25, source: S }],
      },
    ],
    fees: [{ id: "web_search", unit: "per_1k_calls", prices: [{ from: "2025-01-01", price: 10, source: S }] }],
    cache: [
      { id: "w1h", kind: "write_1h", prices: [{ from: "2025-01-01", input_multiplier: 2, source: S }] },
      { id: "store", kind: "storage", prices: [{ from: "2025-01-01", price: 4.5, source: S }] },
    ],
    packs: [
      {
        id: "pk",
        models: ["m"],
        counts: "tokens",
        quantity: p.packQty,
        validity_days: p.validity,
        prices: [{ from: "2025-01-01", price: p.packPrice, source: S }],
      },
    ],
    plans: [
      {
        id: "flat",
        models: ["m"],
        term: "month",
        counts: "tokens",
        included: p.included,
        prices: [{ from: "2025-01-01", fee: p.fee, source: S }],
      },
    ],
  };
}

/** Options for `tokens` tokens a month, split 3:1 input:output over 1,000-token requests. */
function priced(p: Params, tokens: number, usage = false, cache: Record<string, unknown> = {}): Option[] {
  const requests = tokens / 1000;
  const work = Workload.parse({
    llmcost: 1,
    inference: [
      {
        name: "a",
        model: "m",
        requests,
        input_tokens: 750,
        output_tokens: 250,
        ...(usage ? { usage: { web_search: 1 } } : {}),
        ...cache,
      },
    ],
  });
  const r = estimate(work, tinyCatalog([provider(p)]), { asOf: "2026-01-01", currency: "USD" });
  expect(r.problems).toEqual([]);
  return r.estimate.items[0]?.options ?? [];
}

const billing = (os: Option[], b: string) => os.find((o) => o.billing === b) as Option;

describe("billing laws", () => {
  it("flat-fee plan: pay-as-you-go wins at half the break-even, the plan at twice it", () => {
    fc.assert(
      fc.property(params, fc.double({ min: 1e6, max: 1e11, noNaN: true }), (p, volume) => {
        const plan = billing(priced(p, volume), "subscription");
        if (!plan.break_even) return; // the plan never pays off (fee worth more than its included tokens)
        const be = plan.break_even.quantity;
        const half = priced(p, be / 2);
        expect(billing(half, "pay_as_you_go").cost).toBeLessThanOrEqual(
          billing(half, "subscription").cost * (1 + 1e-9),
        );
        const twice = priced(p, be * 2);
        expect(billing(twice, "subscription").cost).toBeLessThanOrEqual(
          billing(twice, "pay_as_you_go").cost * (1 + 1e-9),
        );
      }),
      runs(),
    );
  });

  it("packs never cost more than pay-as-you-go plus the unused part", () => {
    fc.assert(
      fc.property(params, fc.double({ min: 1e4, max: 1e11, noNaN: true }), (p, volume) => {
        const os = priced(p, volume);
        const payg = billing(os, "pay_as_you_go");
        const pack = billing(os, "pack");
        const rate = payg.cost / volume;
        expect(pack.cost).toBeLessThanOrEqual((payg.cost + (pack.pack?.unused ?? 0) * rate) * (1 + 1e-9));
        expect(pack.cost).toBeLessThanOrEqual(payg.cost * (1 + 1e-9));
      }),
      runs(),
    );
  });

  it("every option's cost is the sum of its components", () => {
    const cache = fc.record({
      cache_write: fc.double({ min: 0, max: 1, noNaN: true }),
      cache_ttl: fc.constantFrom("5m", "1h"),
      cache_storage: fc.record({ tokens: fc.integer({ min: 0, max: 1e7 }), hours: fc.integer({ min: 0, max: 730 }) }),
    });
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 1e4, max: 1e11, noNaN: true }),
        fc.boolean(),
        cache,
        (p, volume, usage, c) => {
          for (const o of priced(p, volume, usage, c)) {
            let sum = 0;
            for (const comp of o.components) sum += comp.cost;
            expect(close(o.cost, sum)).toBe(true);
          }
        },
      ),
      runs(),
    );
  });

  it("a 1-hour cache write costs 2× input per written token, whatever else the item does", () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 1e4, max: 1e11, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (p, volume, share) => {
          const payg = (ttl: string) =>
            billing(priced(p, volume, false, { cache_write: share, cache_ttl: ttl }), "pay_as_you_go");
          // Written tokens W = volume · 0.75 · share; the 1-hour write adds W · (2 · input − 1.25 · input) / 1e6.
          const W = volume * 0.75 * share;
          expect(close(payg("1h").cost - payg("5m").cost, (W * 0.75 * p.input) / 1e6, 1e-7)).toBe(true);
        },
      ),
      runs(60),
    );
  });
});
