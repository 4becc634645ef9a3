import { describe, expect, it } from "vitest";
import { fitLogLinear, forecast, predictionBand } from "../../src/engine/forecast.js";
import type { TrendPoint } from "../../src/schema/trend.js";

/**
 * The forecast's prediction band, worked by hand. Prices 1, e⁻¹, e⁻³ a year apart (x = 0, 1, 2;
 * y = ln p = 0, −1, −3): x̄ = 1, ȳ = −4/3, Sxx = 2, Sxy = −3, slope = −1.5, intercept = 1/6.
 * Residuals −1/6, 1/3, −1/6: SSE = 1/6, s = √(SSE / (n − 2)) = 0.408248.
 * One year after the last point, t = 3: ŷ = 1/6 − 4.5 = −4.333333,
 * se = s·√(1 + 1/3 + (3 − 1)²/2) = 0.408248 × 1.825742 = 0.745356,
 * band = exp(−4.333333 ± 1.96 × 0.745356) = exp(−5.794231), exp(−2.872435) = 0.0030451, 0.056561;
 * projection exp(−4.333333) = 0.013124.
 */
const point = (date: string, price: number): TrendPoint => ({
  date,
  price,
  change: null,
  event: "change",
  provider: "p",
  offering: "o",
  entry_from: date,
  source: "https://example.com",
  list_currency: "USD",
});
const points = [point("2021-01-01", 1), point("2022-01-01", Math.exp(-1)), point("2023-01-01", Math.exp(-3))];

describe("forecast prediction band", () => {
  it("matches the hand-worked band one year after the last point", () => {
    const f = forecast(points, { amount: 1, unit: "y" });
    if (!("price" in f)) throw new Error("no forecast");
    expect(f.date).toBe("2024-01-01");
    expect(f.price).toBeCloseTo(0.013124, 5);
    expect(f.low).toBeCloseTo(0.0030451, 6);
    expect(f.high).toBeCloseTo(0.056561, 5);
  });

  it("is absent with two points (no residual to measure), and zero-width on an exact fit", () => {
    const two = forecast(points.slice(0, 2), { amount: 1, unit: "y" });
    expect("low" in two).toBe(false);
    const exact = [point("2021-01-01", 100), point("2022-01-01", 50), point("2023-01-01", 25)];
    const fit = fitLogLinear(exact);
    if (!fit) throw new Error("no fit");
    const band = predictionBand(exact, fit, 3);
    expect(band?.low).toBeCloseTo(12.5, 9);
    expect(band?.high).toBeCloseTo(12.5, 9);
  });
});
