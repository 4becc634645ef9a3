import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { money, quantity, roundMoney, signedMoney } from "../../src/report/format.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * Numbers at the edges of float64 (issue 7): products that overflow to Infinity or become NaN are
 * refused by the engine with the item and the inputs named; products below the smallest double
 * round to zero, which is not a fault; tables never print "-0.00".
 */

function cat(input: number, output = 1, cached?: number, request?: number): ReturnType<typeof tinyCatalog> {
  const p: CatalogProvider = {
    provider: { id: "acme", name: "Acme", currency: "USD", source: "https://acme.example/pricing" },
    models: [
      {
        id: "m",
        prices: [
          {
            from: "2025-01-01",
            input,
            output,
            ...(cached === undefined ? {} : { cached_input: cached }),
            ...(request === undefined ? {} : { request }),
          },
        ],
      },
    ],
  };
  return tinyCatalog([p]);
}

function est(items: Array<Record<string, unknown>>, catalog = cat(1)) {
  const w = Workload.parse({
    llmcost: 1,
    inference: items.map((it, i) => ({ name: `item-${i}`, model: "m", output_tokens: 0, ...it })),
  });
  return estimate(w, catalog, { asOf: "2026-01-01", currency: "USD" });
}

describe("the engine refuses non-finite money and names the input", () => {
  it("tokens × requests overflowing to Infinity", () => {
    // 1e200 requests × 1e200 tokens = Infinity tokens (float64 tops out near 1.8e308).
    const r = est([{ requests: 1e200, input_tokens: 1e200 }]);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p.kind).toBe("invalid");
    expect(p.path).toEqual(["inference", 0, "requests"]);
    expect(p.message).toBe('the cost of "item-0" cannot be computed: input_tokens over the period is Infinity');
    expect(p.found).toBe("requests = 1e+200, input_tokens = 1e+200");
  });

  it("Infinity − Infinity (input minus cached input) that would print as NaN", () => {
    const r = est([{ requests: 1e300, input_tokens: 1e300, cached_input: 0.5 }], cat(1, 1, 0.5));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toBe(
      'the cost of "item-0" cannot be computed: input_tokens over the period is Infinity',
    );
    expect(r.problems[0]!.found).toContain("cached_input = 0.5");
  });

  it("a finite product times a huge catalog price, blamed on the catalog", () => {
    // 1,000 × 1,000 = 1e6 tokens × 1e308 per 1M = 1e308 · 1e6 / 1e6 → the product 1e314 overflows first.
    const r = est([{ requests: 1000, input_tokens: 1000 }], cat(1e308));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.hint).toContain("a catalog price is too large");
  });

  it("a total that overflows from finite items is refused with every item's cost", () => {
    // Each item: 1e300 requests × $1e8 per request = $1e308 (finite); two of them = 2e308 = Infinity.
    const one = { requests: 1e300, input_tokens: 0 };
    const r = est([one, one], cat(0, 0, undefined, 1e8));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.path).toEqual([]);
    expect(r.problems[0]!.message).toBe("the total cannot be computed: the items' costs add up to Infinity");
    expect(r.problems[0]!.found).toBe("item-0 = 1e+308, item-1 = 1e+308");
  });

  it("products below the smallest double round to zero and are not faults", () => {
    // 1 request × 1e-300 tokens... tokens are whole counts in practice; a tiny price is the real case:
    // 1 token × 5e-324 per 1M / 1e6 underflows to 0.
    const r = est([{ requests: 1, input_tokens: 1 }], cat(5e-324));
    expect(r.problems).toEqual([]);
    expect(r.estimate.total).toBe(0);
  });

  it("for any finite inputs the engine either returns only finite numbers or a problem", () => {
    const num = fc.oneof(
      fc.double({ min: 0, max: 1.7e308, noNaN: true }),
      fc.constantFrom(0, 1, 1e6, 1e150, 1e300, 1.7976931348623157e308, 5e-324),
    );
    fc.assert(
      fc.property(num, num, num, num, (requests, input_tokens, price, share) => {
        const r = est(
          [{ requests: Math.abs(requests), input_tokens: Math.abs(input_tokens), cached_input: Math.min(1, share) }],
          cat(Math.abs(price), 1, Math.abs(price) / 2),
        );
        if (r.problems.length > 0) return;
        const json = JSON.stringify(r.estimate);
        expect(json).not.toContain("null,\n");
        let nonFinite = false;
        JSON.stringify(r.estimate, (_k, v) => {
          if (typeof v === "number" && !Number.isFinite(v)) nonFinite = true;
          return v;
        });
        expect(nonFinite).toBe(false);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe("an API option with a finite cost has only finite components", () => {
  // finite.ts skips the components of API options: this is the law that lets it. Every billing rule
  // is in play (tiers, cached input, cache writes, reasoning, per-request fees, batch, off-peak).
  const rich: CatalogProvider = {
    provider: { id: "acme", name: "Acme", currency: "USD", source: "https://acme.example/pricing" },
    models: [
      {
        id: "m",
        batch: 0.5,
        prices: [{ from: "2025-01-01", input: 1, output: 1, source: "s" }],
      },
    ],
  };
  const huge = fc.oneof(
    fc.double({ min: 0, max: 1.7e308, noNaN: true }),
    fc.constantFrom(0, 1, 1e6, 1e150, 1e300, 1.7976931348623157e308, 5e-324),
  );
  const share = fc.double({ min: 0, max: 1, noNaN: true });

  it("holds for any finite traffic and prices", () => {
    fc.assert(
      fc.property(
        fc.record({
          requests: huge,
          input_tokens: huge,
          output_tokens: huge,
          reasoning_tokens: huge,
          cached: share,
          write: share,
          off_peak: share,
          batch: fc.boolean(),
        }),
        fc.record({ input: huge, output: huge, cached: huge, write: huge, request: huge, above: huge }),
        (t, p) => {
          const model = rich.models![0]!;
          const entry = {
            from: "2025-01-01",
            input: p.input,
            output: p.output,
            cached_input: p.cached,
            cache_write: p.write,
            request: p.request,
            tiers: [{ above: Math.floor(Math.min(p.above, 1e15)), input: p.output, output: p.input }],
            off_peak: { multiplier: 0.5, hours_utc: "16:30-00:30" },
          };
          const catalog = tinyCatalog([{ ...rich, models: [{ ...model, prices: [entry] }] }]);
          const cached = Math.min(t.cached, 1 - t.write);
          const r = est(
            [
              {
                requests: t.requests,
                input_tokens: t.input_tokens,
                output_tokens: t.output_tokens,
                reasoning_tokens: t.reasoning_tokens,
                cached_input: cached,
                cache_write: t.write,
                off_peak: t.off_peak,
                batch: t.batch,
              },
            ],
            catalog,
          );
          const item = r.estimate.items[0]!;
          const q = item.quantities!;
          const quantitiesFinite = [q.requests, q.input_tokens, q.cached_input_tokens, q.output_tokens].every(
            Number.isFinite,
          );
          for (const o of item.options)
            if (Number.isFinite(o.cost) && quantitiesFinite)
              for (const c of o.components)
                expect([c.quantity, c.unit_price, c.cost].every(Number.isFinite), JSON.stringify(c)).toBe(true);
        },
      ),
      { seed: 11, numRuns: 500 },
    );
  });
});

describe("tables never show -0.00", () => {
  it.each([
    [-0, "$0.00"],
    // Small amounts keep two significant digits (docs/numbers.md), below 1e-6 in exponent form.
    [-1e-9, "-$1.00e-9"],
    [-0.00004, "-$0.000040"],
    [-0.00005, "-$0.000050"],
    [-0.004, "-$0.0040"],
    [-1.004, "-$1.00"],
  ])("money(%s) = %s", (n, s) => {
    expect(money(n, "USD")).toBe(s);
  });

  it("for any double, money, signedMoney and quantity never print a negative zero", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        // A zero with a sign: "-$0.00", "-0.0000", "+€0.00", "-0.00".
        for (const s of [money(n, "USD"), signedMoney(n, "EUR"), quantity(n), roundMoney(n)])
          expect(s).not.toMatch(/^[-+]\D*0(\.0+)?$/);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it("quantities past 1,000T print in exponent notation, not '1e+288T'", () => {
    expect(quantity(1e300)).toBe("1.00e300");
    expect(quantity(2.5e12)).toBe("2.50T");
    expect(quantity(-0.001)).toBe("0.00");
  });
});
