import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOptions, sortOptions } from "../../src/engine/rank.js";
import type { Option } from "../../src/schema/report.js";

/**
 * `sortOptions` replaces `list.sort(compareOptions)` on the hot path (it allocates nothing): it must
 * give the very order the built-in sort gives, ties included (a stable sort keeps equal options in
 * the order they were priced). Costs and names come from small pools so that ties are common, and
 * NaN is in the pool because the comparator is not a total order on it: the two must still agree.
 */

const BILLINGS = ["pay_as_you_go", "pack", "subscription", "provisioned", "committed"] as const;

const option = fc
  .record({
    cost: fc.constantFrom(0, 1, 1.5, 2, 10, Number.NaN, Number.POSITIVE_INFINITY),
    provider: fc.constantFrom("a", "b", "c"),
    offering: fc.constantFrom("x", "y"),
    via: fc.constantFrom("api", "self_host"),
    billing: fc.constantFrom(...BILLINGS),
    plan: fc.option(fc.constantFrom("p1", "p2"), { nil: undefined }),
    once: fc.option(fc.boolean(), { nil: undefined }),
    tag: fc.nat(),
  })
  .map((r) => ({ ...r, currency: "USD", components: [], notes: [] }) as unknown as Option);

describe("sortOptions", () => {
  it("orders every list as Array.prototype.sort(compareOptions) does, ties and NaN included", () => {
    fc.assert(
      fc.property(fc.array(option, { maxLength: 80 }), (list) => {
        const expected = [...list].sort(compareOptions);
        const got = [...list];
        sortOptions(got);
        // Same objects in the same places (the tag tells equal-looking options apart).
        expect(got.map((o) => list.indexOf(o))).toEqual(expected.map((o) => list.indexOf(o)));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps options of equal rank in the order they came (cheapest first, then as priced)", () => {
    // Two $1 options of the same offering and billing compare equal: the first priced stays first.
    const mk = (cost: number, tag: number) =>
      ({ cost, provider: "a", offering: "x", via: "api", billing: "pay_as_you_go", tag }) as unknown as Option;
    const list = [mk(2, 0), mk(1, 1), mk(1, 2), mk(0.5, 3)];
    sortOptions(list);
    expect(list.map((o) => (o as unknown as { tag: number }).tag)).toEqual([3, 1, 2, 0]);
  });
});
