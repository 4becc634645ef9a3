import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOptions, estimate } from "../../src/engine/estimate.js";
import { fxFactor } from "../../src/engine/resolve.js";
import { renderJson } from "../../src/report/json.js";
import type { Catalog, CatalogProvider, FxRate } from "../../src/schema/catalog.js";
import type { Option } from "../../src/schema/report.js";
import { type Workload, Workload as WorkloadSchema } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * Property tests (fast-check) on the pure engine: the laws a cost model must obey whatever the
 * numbers. Seeded, so a failure reproduces; fast-check prints the shrunk counter-example.
 */

const SEED = 20261122;
const runs = (numRuns = 100) => ({ seed: SEED, numRuns });
const AS_OF = "2026-01-01";

/** Relative closeness for float sums that are equal in exact arithmetic. */
function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

interface Prices {
  input: number;
  output: number;
  cached: number;
  request: number;
  batch: number;
}

const price = fc.double({ min: 0, max: 200, noNaN: true, noDefaultInfinity: true }).map((n) => Math.abs(n));
const prices: fc.Arbitrary<Prices> = fc.record({
  input: price,
  output: price,
  cached: price,
  request: fc.double({ min: 0, max: 0.1, noNaN: true }).map((n) => Math.abs(n)),
  batch: fc.double({ min: 0, max: 1, noNaN: true }).map((n) => Math.abs(n)),
});

function provider(id: string, p: Prices, currency = "USD"): CatalogProvider {
  return {
    provider: { id, name: id, currency, source: `https://${id}.example/pricing` },
    models: [
      {
        id: "m",
        prices: [
          {
            from: "2025-01-01",
            input: p.input,
            output: p.output,
            cached_input: p.cached,
            request: p.request,
            batch: p.batch,
            source: "test",
          },
        ],
      },
    ],
  };
}

function catalogOf(ps: Prices[], rates: FxRate[] = []): Catalog {
  return tinyCatalog(
    ps.map((p, i) => provider(`p${i}`, p)),
    rates,
  );
}

interface Shape {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cached_input: number;
  batch: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  requests: fc.integer({ min: 0, max: 10_000_000 }),
  // At least one input token: requests with nothing billable are "not priced", never a $0 option.
  input_tokens: fc.integer({ min: 1, max: 1_000_000 }),
  output_tokens: fc.integer({ min: 0, max: 100_000 }),
  reasoning_tokens: fc.integer({ min: 0, max: 100_000 }),
  cached_input: fc.double({ min: 0, max: 1, noNaN: true }).map((n) => Math.abs(n)),
  batch: fc.boolean(),
});

function workload(items: Shape[], extra: Record<string, unknown> = {}): Workload {
  return WorkloadSchema.parse({
    llmcost: 1,
    name: "prop",
    inference: items.map((s, i) => ({ name: `item-${i}`, model: "m", ...s })),
    ...extra,
  });
}

function run(items: Shape[], catalog: Catalog, currency = "USD") {
  const r = estimate(workload(items), catalog, { asOf: AS_OF, currency });
  expect(r.problems).toEqual([]);
  return r.estimate;
}

/** Cost on provider `id` for one item. */
function costOn(items: Shape[], catalog: Catalog, id = "p0", currency = "USD"): number {
  const o = run(items, catalog, currency).items[0]?.options.find((x) => x.provider === id);
  if (!o) throw new Error(`no option on ${id}`);
  return o.cost;
}

describe("engine properties", () => {
  it("cost is linear in requests", () => {
    fc.assert(
      fc.property(prices, shape, fc.integer({ min: 0, max: 1000 }), (p, s, k) => {
        const c = catalogOf([p]);
        const one = costOn([s], c);
        const many = costOn([{ ...s, requests: s.requests * k }], c);
        expect(close(many, one * k)).toBe(true);
      }),
      runs(),
    );
  });

  it("cost is additive over items: the total is the sum of each item priced alone", () => {
    fc.assert(
      fc.property(prices, fc.array(shape, { minLength: 1, maxLength: 5 }), (p, shapes) => {
        const c = catalogOf([p]);
        const together = run(shapes, c);
        const alone = shapes.map((s) => run([s], c).total);
        together.items.forEach((it, i) => {
          expect(it.cost).toBe(alone[i]);
        });
        expect(
          close(
            together.total,
            alone.reduce((a, b) => a + b, 0),
            1e-12,
          ),
        ).toBe(true);
      }),
      runs(),
    );
  });

  it("cost never decreases when a token count grows", () => {
    const field = fc.constantFrom("input_tokens", "output_tokens", "reasoning_tokens", "requests") as fc.Arbitrary<
      "input_tokens" | "output_tokens" | "reasoning_tokens" | "requests"
    >;
    fc.assert(
      fc.property(prices, shape, field, fc.integer({ min: 0, max: 1_000_000 }), (p, s, f, more) => {
        const c = catalogOf([p]);
        expect(costOn([{ ...s, [f]: s[f] + more }], c)).toBeGreaterThanOrEqual(costOn([s], c));
      }),
      runs(),
    );
  });

  it("cost never decreases when a price grows", () => {
    const field = fc.constantFrom("input", "output", "cached", "request") as fc.Arbitrary<
      "input" | "output" | "cached" | "request"
    >;
    fc.assert(
      fc.property(prices, shape, field, fc.double({ min: 0, max: 100, noNaN: true }), (p, s, f, more) => {
        const base = costOn([s], catalogOf([p]));
        const raised = costOn([s], catalogOf([{ ...p, [f]: p[f] + Math.abs(more) }]));
        expect(raised).toBeGreaterThanOrEqual(base);
      }),
      runs(),
    );
  });

  it("caching never costs more than not caching when the cached price is lower", () => {
    fc.assert(
      fc.property(prices, shape, (p, s) => {
        const c = catalogOf([{ ...p, cached: Math.min(p.cached, p.input) }]);
        expect(costOn([s], c)).toBeLessThanOrEqual(costOn([{ ...s, cached_input: 0 }], c));
      }),
      runs(),
    );
  });

  it("batch never costs more than list", () => {
    fc.assert(
      fc.property(prices, shape, (p, s) => {
        const c = catalogOf([p]);
        expect(costOn([{ ...s, batch: true }], c)).toBeLessThanOrEqual(costOn([{ ...s, batch: false }], c));
      }),
      runs(),
    );
  });

  it("USD → CNY → USD returns the original within 1e-9 relative", () => {
    const rate = fc.double({ min: 0.01, max: 10_000, noNaN: true });
    fc.assert(
      fc.property(rate, prices, shape, (perUsd, p, s) => {
        const rates: FxRate[] = [{ from: "2020-01-01", currency: "CNY", per_usd: perUsd }];
        const there = fxFactor(rates, "USD", "CNY", AS_OF);
        const back = fxFactor(rates, "CNY", "USD", AS_OF);
        expect(there).toBeDefined();
        expect(back).toBeDefined();
        expect(close((there as number) * (back as number), 1)).toBe(true);
        // Through the engine: a USD list priced in CNY, converted back with the same rate.
        const c = catalogOf([p], rates);
        const usd = costOn([s], c, "p0", "USD");
        const cny = costOn([s], c, "p0", "CNY");
        expect(close(cny * (back as number), usd)).toBe(true);
      }),
      runs(),
    );
  });

  it("ranking is a total order: antisymmetric, transitive, and the options come out sorted", () => {
    // Few distinct prices, so ties (broken by provider id) are common.
    const tied = fc.constantFrom(0, 0.5, 1, 2);
    const p = fc.record({ input: tied, output: tied, cached: tied, request: fc.constant(0), batch: fc.constant(1) });
    fc.assert(
      fc.property(fc.array(p, { minLength: 1, maxLength: 8 }), shape, (ps, s) => {
        const opts = run([s], catalogOf(ps)).items[0]?.options as Option[];
        for (let i = 0; i + 1 < opts.length; i++) expect(compareOptions(opts[i]!, opts[i + 1]!)).toBeLessThan(0);
        for (const a of opts)
          for (const b of opts) {
            expect(Math.sign(compareOptions(a, b)) + Math.sign(compareOptions(b, a))).toBe(0);
            if (a !== b) expect(compareOptions(a, b)).not.toBe(0);
            for (const c of opts)
              if (compareOptions(a, b) < 0 && compareOptions(b, c) < 0) expect(compareOptions(a, c)).toBeLessThan(0);
          }
      }),
      runs(50),
    );
  });

  it("ranking is stable under shuffling the catalog's providers", () => {
    const tied = fc.constantFrom(0, 0.5, 1, 2);
    const p = fc.record({ input: tied, output: tied, cached: tied, request: fc.constant(0), batch: fc.constant(1) });
    fc.assert(
      fc.property(
        fc.array(p, { minLength: 2, maxLength: 8 }).chain((ps) =>
          fc.tuple(
            fc.constant(ps),
            fc.shuffledSubarray(
              ps.map((_, i) => i),
              { minLength: ps.length },
            ),
          ),
        ),
        shape,
        ([ps, order], s) => {
          const providers = ps.map((x, i) => provider(`p${i}`, x));
          const a = run([s], tinyCatalog(providers)).items;
          const b = run([s], tinyCatalog(order.map((i) => providers[i]!))).items;
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        },
      ),
      runs(),
    );
  });

  it("the same inputs give byte-identical JSON", () => {
    fc.assert(
      fc.property(
        fc.array(prices, { minLength: 1, maxLength: 4 }),
        fc.array(shape, { minLength: 1, maxLength: 3 }),
        (ps, shapes) => {
          const json = () =>
            renderJson(run(shapes, catalogOf(structuredClone(ps))), {
              color: false,
              width: 80,
              alternatives: 3,
              explain: false,
            });
          expect(json()).toBe(json());
        },
      ),
      runs(50),
    );
  });
});
