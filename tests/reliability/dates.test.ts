import { describe, expect, it } from "vitest";
import { forecast, MAX_HORIZON, parseHorizon } from "../../src/engine/forecast.js";
import { MAX_OVER_DATES, stepCount, stepDates } from "../../src/engine/over.js";
import type { TrendPoint } from "../../src/engine/trend.js";
import { DATE_MAX, IsoDate, isIsoDay } from "../../src/schema/primitives.js";
import { cli } from "../helpers/cli.js";

/** Issue 14, class 1: every date llmcost accepts can be computed and printed; the rest exit 2 with the bound. */
describe("date horizons", () => {
  it("accepts dates from 1900-01-01 to 9999-12-31 only", () => {
    expect(IsoDate.safeParse("9999-12-31").success).toBe(true);
    expect(IsoDate.safeParse("1900-01-01").success).toBe(true);
    expect(IsoDate.safeParse("1899-12-31").success).toBe(false);
    expect(IsoDate.safeParse("0050-01-01").success).toBe(false); // Date.UTC would read it as 1950
    expect(isIsoDay("+010000-01-01")).toBe(false);
  });

  it("steps --over up to its end and never past 9999-12-31", () => {
    const d = stepDates("9998-11-30", DATE_MAX, "quarter");
    // 9998-11-30 + 3, 6, 9, 12 months; then 9999-12-31 itself. Months clamp to their last day.
    expect(d).toEqual(["9998-11-30", "9999-02-28", "9999-05-30", "9999-08-30", "9999-11-30", "9999-12-31"]);
    expect(d.every(isIsoDay)).toBe(true);
    expect(stepCount("2024-01-01", "9999-12-31", "month")).toBeGreaterThan(MAX_OVER_DATES);
  });

  it("bounds forecast horizons at 100 years", () => {
    expect(parseHorizon("100y")).toEqual({ amount: 100, unit: "y" });
    expect(parseHorizon(`${MAX_HORIZON.d + 1}d`)).toBeUndefined();
    expect(parseHorizon("300000y")).toBeUndefined();
    expect(parseHorizon("99999999999999999999y")).toBeUndefined();
  });

  it("gives no projection, only a caveat, when the horizon ends past 9999-12-31", () => {
    const pt = (date: string, price: number): TrendPoint => ({
      date,
      price,
      change: null,
      event: "start",
      provider: "p",
      offering: "o",
      entry_from: date,
      source: "s",
      list_currency: "USD",
    });
    const f = forecast([pt("9990-01-01", 4), pt("9995-01-01", 2), pt("9999-01-01", 1)], { amount: 2, unit: "y" });
    expect(f).toEqual({ caveats: [expect.stringMatching(/past 9999-12-31, the last date llmcost computes/)] });
  });

  it.each([
    [
      ["estimate", "examples/support-assistant.yaml", "--over", "2024-01-01..9999-12-31", "--step", "month"],
      /at most 1200 dates/,
    ],
    [["trend", "gpt-4o", "--forecast", "300000y"], /at most 100y \(1200m, 36500d\)/],
    [["trend", "gpt-4o", "--forecast", "8000y"], /at most 100y/],
    [["quote", "gpt-4o", "--as-of", "10000-01-01"], /from 1900-01-01 to 9999-12-31/],
  ])("refuses %j with exit 2 and the bound", async (args, message) => {
    const r = await cli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
