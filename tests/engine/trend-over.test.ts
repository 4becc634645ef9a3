import { describe, expect, it } from "vitest";
import { comparableFrom, estimateOver, stepDates } from "../../src/engine/over.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

const acme: CatalogProvider = {
  provider: { id: "acme", name: "Acme", currency: "USD", source: "https://acme.example/pricing" },
  models: [
    { id: "new-model", prices: [{ from: "2024-04-01", input: 2, output: 8, source: "launch" }] },
    {
      id: "old-model",
      prices: [
        { from: "2024-01-01", input: 10, output: 30, source: "list" },
        { from: "2024-07-01", input: 5, output: 15, source: "cut" },
      ],
    },
  ],
};
const catalog = tinyCatalog([acme], [{ from: "2023-01-01", currency: "EUR", per_usd: 0.9 }]);

// 1,000 requests a month of 1,000 input tokens = 1M input tokens a month: each item costs its input price.
const workload = Workload.parse({
  llmcost: 1,
  name: "w",
  period: "month",
  inference: [
    { name: "a", model: "new-model", requests_per_month: 1000, input_tokens: 1000 },
    { name: "b", model: "old-model", requests_per_month: 1000, input_tokens: 1000 },
  ],
});

describe("stepDates", () => {
  it("steps from A and ends on B, B included even off-step", () => {
    expect(stepDates("2024-01-01", "2024-12-31", "quarter")).toEqual([
      "2024-01-01",
      "2024-04-01",
      "2024-07-01",
      "2024-10-01",
      "2024-12-31",
    ]);
    expect(stepDates("2024-01-01", "2025-01-01", "year")).toEqual(["2024-01-01", "2025-01-01"]);
    expect(stepDates("2024-01-31", "2024-04-30", "month")).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
    ]);
    expect(stepDates("2024-05-05", "2024-05-05", "month")).toEqual(["2024-05-05"]);
  });
});

describe("estimateOver", () => {
  it("prices each date, treats 'no price yet' as a state, and measures the rate over the same items", () => {
    const { over, problems } = estimateOver(workload, catalog, {
      from: "2024-01-01",
      to: "2024-12-31",
      step: "quarter",
      currency: "USD",
    });
    expect(problems).toEqual([]);
    // 01-01: a not yet, b 10 → 10. 04-01: 2 + 10 = 12. 07-01: 2 + 5 = 7. 10-01 and 12-31: 7.
    expect(over.points.map((p) => [p.date, p.total, p.complete])).toEqual([
      ["2024-01-01", 10, false],
      ["2024-04-01", 12, true],
      ["2024-07-01", 7, true],
      ["2024-10-01", 7, true],
      ["2024-12-31", 7, true],
    ]);
    expect(over.points[0]?.items[0]).toEqual({ name: "a", status: "not_yet", cost: null });
    expect(over.points[2]?.sources.find((s) => s.item === "b")).toMatchObject({
      entry_from: "2024-07-01",
      source: "cut",
    });
    // Same items from 2024-04-01 to 2024-12-31 (274 days): 12 → 7, (7/12)^(365/274) − 1
    // = exp(−0.538997 · 1.332117) − 1 = −0.512276.
    expect(over.comparable).toMatchObject({ from: "2024-04-01", to: "2024-12-31", days: 274 });
    expect(over.comparable?.annual_rate).toBeCloseTo(-0.512276, 6);
    expect(over.comparable?.total_change).toBeCloseTo(7 / 12 - 1, 12);
  });
  it("converts each date's total at that date's rate", () => {
    const { over } = estimateOver(workload, catalog, {
      from: "2024-07-01",
      to: "2024-07-01",
      step: "month",
      currency: "EUR",
    });
    // 7 USD · 0.9 EUR/USD = 6.3 EUR.
    expect(over.points[0]?.total).toBeCloseTo(6.3, 12);
    expect(over.comparable).toBeNull();
  });
  it("returns problems other than 'not yet' (an unknown model) once, for the caller to place", () => {
    const bad = Workload.parse({
      llmcost: 1,
      inference: [{ name: "x", model: "no-such-model", requests: 1, input_tokens: 1 }],
    });
    const { problems } = estimateOver(bad, catalog, {
      from: "2024-01-01",
      to: "2024-12-31",
      step: "quarter",
      currency: "USD",
    });
    expect(problems.map((p) => [p.kind, p.path])).toEqual([["unknown_model", ["inference", 0, "model"]]]);
  });
  it("picks the run pricing the most items, then the longest", () => {
    const pt = (date: string, total: number, priced: string[]) => ({
      date,
      total,
      complete: false,
      items: ["a", "b"].map((n) => ({
        name: n,
        status: priced.includes(n) ? ("priced" as const) : ("not_yet" as const),
        cost: null,
      })),
      sources: [],
    });
    const c = comparableFrom([
      pt("2024-01-01", 5, ["a"]),
      pt("2024-06-01", 20, ["a", "b"]),
      pt("2025-06-01", 10, ["a", "b"]),
      pt("2025-07-01", 4, ["b"]),
    ]);
    // 20 → 10 over 365 days: −50%.
    expect(c).toMatchObject({ from: "2024-06-01", to: "2025-06-01", days: 365 });
    expect(c?.annual_rate).toBeCloseTo(-0.5, 12);
  });
});
