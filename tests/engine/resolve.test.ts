import { describe, expect, it } from "vitest";
import { entryAt, findOfferings, fxFactor, namesOf, resolvePrice } from "../../src/engine/resolve.js";
import { embedded } from "../helpers/cli.js";

const prices = [
  { from: "2024-05-13", input: 5 },
  { from: "2024-10-02", input: 2.5 },
  { from: "2025-01-01", currency: "CNY", input: 18 },
  { from: "2026-01-01", input: 2, until: "2026-06-01" },
];

describe("price resolution at as_of", () => {
  it("takes the latest entry with from ≤ as_of: the day before, of and after a change", () => {
    expect(entryAt(prices, "2024-10-01", "USD", "USD")?.input).toBe(5);
    expect(entryAt(prices, "2024-10-02", "USD", "USD")?.input).toBe(2.5);
    expect(entryAt(prices, "2024-10-03", "USD", "USD")?.input).toBe(2.5);
  });

  it("has nothing before the first price", () => {
    expect(entryAt(prices, "2024-05-12", "USD", "USD")).toBeUndefined();
    expect(entryAt(prices, "2024-05-13", "USD", "USD")?.input).toBe(5);
  });

  it("closes an entry at `until` (exclusive)", () => {
    expect(entryAt(prices, "2026-05-31", "USD", "USD")?.input).toBe(2);
    expect(entryAt(prices, "2026-06-01", "USD", "USD")).toBeUndefined();
  });

  it("keeps one history per currency list", () => {
    expect(entryAt(prices, "2025-06-01", "CNY", "USD")?.input).toBe(18);
    expect(entryAt(prices, "2024-12-31", "CNY", "USD")).toBeUndefined();
  });

  it("prefers the list in the report currency, else the home list", () => {
    expect(resolvePrice(prices, "2025-06-01", "CNY", "USD")).toMatchObject({ currency: "CNY", entry: { input: 18 } });
    expect(resolvePrice(prices, "2025-06-01", "EUR", "USD")).toMatchObject({ currency: "USD", entry: { input: 2.5 } });
    // Before the CNY list exists, a CNY report falls back to the USD list (to be converted).
    expect(resolvePrice(prices, "2024-12-01", "CNY", "USD")).toMatchObject({ currency: "USD" });
  });

  it("converts with the rate in force at as_of", () => {
    const rates = [
      { from: "2024-01-01", currency: "CNY", per_usd: 7.1 },
      { from: "2024-07-01", currency: "CNY", per_usd: 7.25 },
    ];
    // 1 USD = 7.1 CNY on 2024-06-30, 7.25 from 2024-07-01; 1 CNY = 1/7.25 USD.
    expect(fxFactor(rates, "USD", "CNY", "2024-06-30")).toBe(7.1);
    expect(fxFactor(rates, "USD", "CNY", "2024-07-01")).toBe(7.25);
    expect(fxFactor(rates, "CNY", "USD", "2024-07-01")).toBeCloseTo(1 / 7.25, 15);
    expect(fxFactor(rates, "CNY", "USD", "2023-12-31")).toBeUndefined();
    expect(fxFactor(rates, "USD", "USD", "2000-01-01")).toBe(1);
  });
});

describe("finding a model's offerings", () => {
  // The first lookups on a catalog scan it; later ones use an index (resolve.ts). Both must give
  // what the definition says: every offering answering to the name in any case, in catalog order.
  it("gives the same answer by scan and by index, for every name in any case", () => {
    const catalog = structuredClone(embedded()); // a catalog no lookup has seen yet
    const label = (o: { provider: { provider: { id: string } }; model: { id: string } }) =>
      `${o.provider.provider.id}/${o.model.id}`;
    const expected = (q: string) =>
      catalog.providers.flatMap((p) =>
        (p.models ?? [])
          .filter((m) => namesOf(m).some((n) => n.toLowerCase() === q.toLowerCase()))
          .map((m) => `${p.provider.id}/${m.id}`),
      );
    const names = [...new Set(catalog.providers.flatMap((p) => (p.models ?? []).flatMap(namesOf)))];
    const first = ["GPT-4O-MINI", "llama-3.1-70b", "no-such-model", "Deepseek-Chat"];
    for (const q of first) expect(findOfferings(catalog, q).map(label), q).toEqual(expected(q)); // scanned
    expect(expected("llama-3.1-70b").length).toBeGreaterThan(3); // an architecture key, many hosts
    expect(expected("no-such-model")).toEqual([]);
    for (const q of names) {
      expect(findOfferings(catalog, q).map(label), q).toEqual(expected(q)); // indexed after the first few
      expect(findOfferings(catalog, q.toUpperCase()).map(label), q).toEqual(expected(q));
    }
  });
});
