import { describe, expect, it } from "vitest";
import { budgetOf, limitsOf, withinLimit } from "../../src/engine/budget.js";
import type { Estimate, Item } from "../../src/schema/report.js";

/** The budget engine on hand-made estimates: no catalog, every figure by hand. */
function est(
  total: number,
  items: Array<[string, number | null]>,
  currency = "USD",
): Pick<Estimate, "items" | "total" | "complete" | "currency"> {
  return {
    currency,
    total,
    complete: items.every(([, c]) => c !== null),
    items: items.map(
      ([name, cost]): Item => ({
        name,
        kind: "inference",
        model: "m",
        status: cost === null ? "not_priced" : "priced",
        selected: null,
        cost,
        options: [],
        notes: [],
      }),
    ),
  };
}

describe("budget lines (src/engine/budget.ts)", () => {
  it("passes a cost equal to its limit, and float noise around it, but not a cent over", () => {
    expect(withinLimit(100, 100)).toBe(true);
    expect(withinLimit(0.1 + 0.2, 0.3)).toBe(true); // 0.30000000000000004
    expect(withinLimit(100.01, 100)).toBe(false);
    expect(withinLimit(0, 0)).toBe(true);
    expect(withinLimit(1e-9, 0)).toBe(false);
  });

  it("lets later limits replace plain ones of the same name and keeps baseline limits beside them", () => {
    const limits = limitsOf({
      total: 500,
      items: { zeta: 1, chat: 300 },
      source: "workload",
      limits: [
        { name: "total", limit: 400, source: "--budget" },
        { name: "total", limit: 330, source: "--max-increase", baseline: { cost: 300, max_increase: 0.1 } },
        { name: "chat", limit: 250, source: "--item-budget" },
      ],
    });
    expect(limits.map((l) => [l.name, l.limit, l.source])).toEqual([
      ["total", 400, "--budget"],
      ["total", 330, "--max-increase"],
      ["chat", 250, "--item-budget"],
      ["zeta", 1, "workload"],
    ]);
  });

  it("converts limits written in another currency with the rate it is given, and says so", () => {
    // 100 EUR at 1.25 USD/EUR = 125 USD; cost 125 USD: exactly at the limit
    const b = budgetOf(est(125, [["a", 125]]), { total: 100, currency: "EUR" }, (from) =>
      from === "EUR" ? 1.25 : undefined,
    );
    expect(b?.lines[0]).toEqual({
      name: "total",
      limit: 125,
      cost: 125,
      headroom: 0,
      status: "ok",
      written: { amount: 100, currency: "EUR", fx_rate: 1.25 },
    });
    // no rate: the line cannot be checked
    const none = budgetOf(est(1, [["a", 1]]), { total: 1, currency: "GBP" });
    expect(none?.status).toBe("unknown");
    expect(none?.lines[0]?.written?.fx_rate).toBeNull();
  });

  it("is unknown for an item that is not priced or absent, and exceeded wins over unknown", () => {
    const b = budgetOf(
      est(10, [
        ["a", 10],
        ["b", null],
      ]),
      { items: { a: 5, b: 1 } },
    );
    // a: 10 > 5 exceeded; b: not priced → unknown; overall: exceeded
    expect(b?.lines.map((l) => [l.name, l.status, l.headroom])).toEqual([
      ["a", "exceeded", -5],
      ["b", "unknown", null],
    ]);
    expect(b?.status).toBe("exceeded");
    // the total of an incomplete estimate is unknown, not the partial sum
    expect(
      budgetOf(
        est(10, [
          ["a", 10],
          ["b", null],
        ]),
        { total: 100 },
      )?.status,
    ).toBe("unknown");
    expect(budgetOf(est(1, [["a", 1]]), {})).toBeUndefined();
  });
});
