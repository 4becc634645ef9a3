import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { estimateOver } from "../../src/engine/over.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/** Honest context (issue 13): stale exchange rates, dates past the catalog, nothing priced is null. */

const cn: CatalogProvider = {
  provider: { id: "cn", name: "CN", currency: "CNY", source: "https://example.com/cn" },
  models: [{ id: "m", prices: [{ from: "2025-03-01", input: 7.2, output: 14.4 }] }],
} as CatalogProvider;
const rates = [{ from: "2024-06-01", currency: "CNY", per_usd: 7.2 }];
const catalog = tinyCatalog([cn], rates);
const w = Workload.parse({
  llmcost: 1,
  name: "w",
  inference: [{ name: "chat", model: "m", requests: 1e6, input_tokens: 1000, output_tokens: 100 }],
});

describe("honest warnings", () => {
  it("flags a conversion whose rate is much older than the price", () => {
    // The CNY price of 2025-03-01 converted at the rate of 2024-06-01: 273 days older (> 180).
    const r = estimate(w, catalog, { asOf: "2025-05-01", currency: "USD" });
    expect(r.estimate.warnings.join("\n")).toContain("exchange rate of 2024-06-01, 273 days older");
    // 1e9 input tokens × 7.2/1M CNY = 7,200 CNY; 1e8 × 14.4/1M = 1,440 CNY; 8,640 / 7.2 = $1,200.
    expect(r.estimate.total).toBeCloseTo(1200, 9);
    // In CNY nothing is converted: no warning.
    expect(estimate(w, catalog, { asOf: "2025-05-01", currency: "CNY" }).estimate.warnings).toEqual([]);
  });

  it("flags an as_of well past the newest date the catalog knows", () => {
    // Newest date known: 2025-03-01 (the price). 2025-05-01 is 61 days later (≤ 365); 2031-01-01 is
    // 2,132 days later (2025-03-01 → 2031-03-01 is 6 × 365 + 1 leap day = 2,191; less the 59 days
    // from 2031-01-01 to 2031-03-01).
    expect(estimate(w, catalog, { asOf: "2025-05-01", currency: "CNY" }).estimate.warnings).toEqual([]);
    expect(estimate(w, catalog, { asOf: "2031-01-01", currency: "CNY" }).estimate.warnings[0]).toMatch(
      /^as of 2031-01-01 is 2132 days past the newest date catalog 2026\.1\.0 knows \(2025-03-01\)/,
    );
  });

  it("estimate --over: a date where nothing is priced has a null total, not 0", () => {
    const { over } = estimateOver(w, catalog, {
      from: "2025-01-01",
      to: "2025-04-01",
      step: "quarter",
      currency: "CNY",
    });
    expect(over.points.map((p) => [p.date, p.total])).toEqual([
      ["2025-01-01", null],
      // 7,200 + 1,440 = 8,640 CNY
      ["2025-04-01", 8640],
    ]);
  });
});
