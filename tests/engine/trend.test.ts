import { describe, expect, it } from "vitest";
import { addHorizon, fitLogLinear, forecast, parseHorizon } from "../../src/engine/forecast.js";
import type { Offering } from "../../src/engine/resolve.js";
import {
  addMonths,
  annualRate,
  blended,
  daysBetween,
  offeringsInFamily,
  offeringsNamed,
  seriesOf,
  type TrendPoint,
} from "../../src/engine/trend.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";

const openai: CatalogProvider = {
  provider: { id: "openai", name: "OpenAI", currency: "USD", source: "https://openai.com/api/pricing" },
  models: [
    {
      id: "gpt-4o",
      family: "gpt-4o",
      tags: ["gpt-4-class"],
      prices: [
        { from: "2024-05-13", input: 5, output: 15, source: "launch" },
        { from: "2024-10-02", input: 2.5, output: 10, source: "cut" },
      ],
    },
    {
      id: "gpt-4",
      family: "gpt-4",
      tags: ["gpt-4-class"],
      prices: [{ from: "2023-03-14", until: "2024-06-01", input: 30, output: 60, source: "gpt-4 page" }],
    },
    { id: "gpt-4o-2024-05-13", aliases: ["gpt-4o-may"], prices: [{ from: "2024-05-13", input: 5, output: 15 }] },
    { id: "embed", kind: "embedding", prices: [{ from: "2024-01-01", input: 0.02 }] },
  ],
};

const deepseek: CatalogProvider = {
  provider: { id: "deepseek", name: "DeepSeek", currency: "CNY", source: "https://api-docs.deepseek.com/zh-cn" },
  models: [
    {
      id: "deepseek-chat",
      prices: [
        { from: "2024-05-06", input: 1, output: 2, source: "cny-v2" },
        { from: "2025-02-09", until: "2025-09-05", input: 2, output: 8, source: "cny-v3" },
        { from: "2025-02-09", currency: "USD", input: 0.27, output: 1.1, source: "usd-v3" },
      ],
    },
    {
      id: "free-one",
      prices: [
        { from: "2024-01-01", input: 4, output: 4 },
        { from: "2024-05-21", free: true },
      ],
    },
  ],
};

const rates = [
  { from: "2024-01-01", currency: "CNY", per_usd: 7.0 },
  { from: "2024-06-01", currency: "CNY", per_usd: 7.2 },
];
const catalog = tinyCatalog([openai, deepseek], rates);
const off = (pid: string, id: string): Offering => {
  const p = catalog.providers.find((c) => c.provider.id === pid) as CatalogProvider;
  return {
    provider: p,
    model: (p.models ?? []).find((m) => m.id === id) as NonNullable<CatalogProvider["models"]>[number],
  };
};
const brief = (pts: TrendPoint[]) => pts.map((p) => [p.date, p.price, p.event]);

describe("annual rate (p_end/p_start)^(365/days) − 1", () => {
  it("matches hand-computed rates", () => {
    // Halving in exactly a year: (0.5)^(365/365) − 1 = −0.5.
    expect(annualRate(10, 5, 365)).toBeCloseTo(-0.5, 12);
    // Doubling over two years: 2^(1/2) − 1 = 0.414214.
    expect(annualRate(1, 2, 730)).toBeCloseTo(Math.SQRT2 - 1, 12);
    // gpt-4o blended 7.5 → 4.375 over 142 days: (0.583333)^(2.570423) − 1 = −0.749789.
    expect(annualRate(7.5, 4.375, 142)).toBeCloseTo(-0.749789, 5);
  });
  it("has no value without elapsed days or from a zero price", () => {
    expect(annualRate(5, 4, 0)).toBeNull();
    expect(annualRate(0, 4, 100)).toBeNull();
    // To zero (made free): −100%.
    expect(annualRate(4, 0, 100)).toBe(-1);
  });
  it("blended is (3·input + output)/4", () => {
    // (3·5 + 15)/4 = 7.5; (3·2.5 + 10)/4 = 4.375.
    expect(blended(5, 15)).toBe(7.5);
    expect(blended(2.5, 10)).toBe(4.375);
  });
});

describe("dates", () => {
  it("adds months, clamping to the month's last day", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-11-15", 3)).toBe("2025-02-15");
    expect(addMonths("2024-03-01", -3)).toBe("2023-12-01");
  });
  it("counts days across a leap year", () => {
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2024-05-13", "2024-10-02")).toBe(142);
  });
});

describe("seriesOf: one offering", () => {
  const opts = (since: string, until: string, metric: "blended" | "input" | "output" = "blended") => ({
    metric,
    currency: "USD",
    window: { since, until },
  });
  it("has a point at each change, the change in percent, and a closing point at the window end", () => {
    const s = seriesOf(
      "openai/gpt-4o",
      "offering",
      [off("openai", "gpt-4o")],
      catalog,
      opts("2024-01-01", "2024-12-31"),
    );
    expect(brief(s.points)).toEqual([
      ["2024-05-13", 7.5, "start"],
      ["2024-10-02", 4.375, "change"],
      ["2024-12-31", 4.375, "end"],
    ]);
    // 4.375 / 7.5 − 1 = −0.416667
    expect(s.points[1]?.change).toBeCloseTo(-0.416667, 6);
    expect(s.points[1]?.source).toBe("cut");
    expect(s.points[0]?.entry_from).toBe("2024-05-13");
    // Total: −41.67% over 2024-05-13 → 2024-12-31 = 232 days: (0.583333)^(365/232) − 1
    // = exp(−0.538997 · 1.573276) − 1 = exp(−0.848000) − 1 = −0.571725.
    expect(s.summary?.days).toBe(232);
    expect(s.summary?.total_change).toBeCloseTo(-0.416667, 6);
    expect(s.summary?.annual_rate).toBeCloseTo((4.375 / 7.5) ** (365 / 232) - 1, 12);
    expect(s.summary?.annual_rate).toBeCloseTo(-0.571725, 6);
  });
  it("boundaries: a window starting on a change day starts at the new price; one ending on it ends there", () => {
    const s = seriesOf("x", "offering", [off("openai", "gpt-4o")], catalog, opts("2024-10-02", "2024-10-02"));
    expect(brief(s.points)).toEqual([["2024-10-02", 4.375, "start"]]);
    expect(s.summary?.annual_rate).toBeNull();
    const t = seriesOf("x", "offering", [off("openai", "gpt-4o")], catalog, opts("2024-05-13", "2024-10-02"));
    expect(brief(t.points)).toEqual([
      ["2024-05-13", 7.5, "start"],
      ["2024-10-02", 4.375, "change"],
    ]);
    // The day before the cut still has the old price.
    const u = seriesOf("x", "offering", [off("openai", "gpt-4o")], catalog, opts("2024-06-01", "2024-10-01"));
    expect(brief(u.points)).toEqual([
      ["2024-06-01", 7.5, "start"],
      ["2024-10-01", 7.5, "end"],
    ]);
  });
  it("an offering withdrawn (`until`, exclusive) ends with an `ended` point on that day", () => {
    const s = seriesOf(
      "gpt-4",
      "offering",
      [off("openai", "gpt-4")],
      catalog,
      opts("2023-01-01", "2024-12-31", "input"),
    );
    expect(brief(s.points)).toEqual([
      ["2023-03-14", 30, "start"],
      ["2024-06-01", 30, "ended"],
    ]);
    expect(s.summary?.days).toBe(daysBetween("2023-03-14", "2024-06-01"));
  });
  it("a free price is 0, and the rate from it has no value", () => {
    const s = seriesOf("f", "offering", [off("deepseek", "free-one")], catalog, {
      metric: "blended",
      currency: "CNY",
      window: { since: "2024-01-01", until: "2024-12-31" },
    });
    expect(brief(s.points)).toEqual([
      ["2024-01-01", 4, "start"],
      ["2024-05-21", 0, "change"],
      ["2024-12-31", 0, "end"],
    ]);
    expect(s.points[1]?.change).toBe(-1);
    expect(s.points[2]?.change).toBeNull();
    expect(s.summary?.annual_rate).toBe(-1);
  });
  it("no metric: an embedding has no blended price", () => {
    const s = seriesOf("e", "offering", [off("openai", "embed")], catalog, opts("2024-01-01", "2024-12-31"));
    expect(s.points).toEqual([]);
    expect(s.summary).toBeNull();
    expect(s.notes.join()).toContain("no blended price");
  });
});

describe("seriesOf: currency", () => {
  const ds = [off("deepseek", "deepseek-chat")];
  it("reads the list in the report currency, converting from the home list before it exists", () => {
    const s = seriesOf("d", "offering", ds, catalog, {
      metric: "blended",
      currency: "USD",
      window: { since: "2024-05-06", until: "2025-03-01" },
    });
    // 2024-05-06: CNY (3·1+2)/4 = 1.25 CNY at 7.0/USD = 0.178571 USD.
    // 2024-06-01: same CNY price, new rate 7.2 → no point (the rate alone is not a price change).
    // 2025-02-09: the USD list starts: (3·0.27 + 1.1)/4 = 0.4775 USD, no conversion.
    expect(s.points.map((p) => p.date)).toEqual(["2024-05-06", "2025-02-09", "2025-03-01"]);
    expect(s.points[0]?.price).toBeCloseTo(1.25 / 7.0, 12);
    expect(s.points[0]?.list_currency).toBe("CNY");
    expect(s.points[0]?.fx_rate).toBeCloseTo(1 / 7.0, 12);
    expect(s.points[1]?.price).toBeCloseTo(0.4775, 12);
    expect(s.points[1]?.list_currency).toBe("USD");
    expect(s.points[1]?.fx_rate).toBeUndefined();
  });
  it("converts a USD list to CNY when the CNY list has ended, at the rate of each point's date", () => {
    const s = seriesOf("d", "offering", ds, catalog, {
      metric: "blended",
      currency: "CNY",
      window: { since: "2025-01-01", until: "2025-10-01" },
    });
    // 2025-01-01: CNY list 1.25. 2025-02-09: CNY (3·2+8)/4 = 3.5. 2025-09-05: the CNY list ends (`until`):
    // the USD list, 0.4775 USD · 7.2 = 3.438 CNY. 2025-10-01: the same, still 7.2 → 3.438.
    expect(brief(s.points)).toEqual([
      ["2025-01-01", 1.25, "start"],
      ["2025-02-09", 3.5, "change"],
      ["2025-09-05", expect.closeTo(3.438, 10), "change"],
      ["2025-10-01", expect.closeTo(3.438, 10), "end"],
    ]);
    expect(s.points[2]?.list_currency).toBe("USD");
    expect(s.points[2]?.fx_rate).toBeCloseTo(7.2, 12);
  });
  it("a point before the first exchange rate cannot be converted: left out with a note", () => {
    const early = tinyCatalog([deepseek], [{ from: "2024-06-01", currency: "CNY", per_usd: 7.2 }]);
    const s = seriesOf("d", "offering", [{ provider: deepseek, model: deepseek.models?.[0] as never }], early, {
      metric: "input",
      currency: "USD",
      window: { since: "2024-05-06", until: "2024-07-01" },
    });
    // No CNY rate on 2024-05-06 (rates start 2024-06-01); the series starts when the offering's next
    // change date converts — there is none before the window end, so no point at all.
    expect(s.points).toEqual([]);
    expect(s.notes.join()).toContain("no CNY→USD exchange rate on 2024-05-06");
  });
});

describe("seriesOf: exchange-rate moves alone", () => {
  it("are no step: a re-listed identical price adds no point; the end point carries the day's rate", () => {
    const relisted: CatalogProvider = {
      provider: { id: "cnp", name: "CN", currency: "CNY", source: "https://cn.example" },
      models: [
        {
          id: "m",
          prices: [
            { from: "2024-01-01", input: 7, source: "a" },
            { from: "2024-07-01", input: 7, source: "b" },
          ],
        },
      ],
    };
    const c = tinyCatalog([relisted], rates);
    const s = seriesOf("m", "offering", [{ provider: relisted, model: relisted.models?.[0] as never }], c, {
      metric: "input",
      currency: "USD",
      window: { since: "2024-01-01", until: "2024-12-31" },
    });
    // 7 CNY at 7.0 = 1 USD; 2024-07-01 re-lists 7 CNY (now 7/7.2 USD): no point; 2024-12-31: 7/7.2 = 0.972222.
    expect(brief(s.points)).toEqual([
      ["2024-01-01", 1, "start"],
      ["2024-12-31", expect.closeTo(0.972222, 6), "end"],
    ]);
    // The window-end point says which entry it is read from.
    expect(s.points[1]?.entry_from).toBe("2024-07-01");
  });
});

describe("seriesOf: cheapest of several", () => {
  it("follows the cheapest offering in force and names it at each point", () => {
    const s = seriesOf("cheapest", "cheapest", [off("openai", "gpt-4"), off("openai", "gpt-4o")], catalog, {
      metric: "blended",
      currency: "USD",
      window: { since: "2023-06-01", until: "2024-12-31" },
    });
    // gpt-4 (3·30+60)/4 = 37.5 until gpt-4o at 7.5 on 2024-05-13, then 4.375 on 2024-10-02.
    expect(s.points.map((p) => [p.date, p.price, p.offering])).toEqual([
      ["2023-06-01", 37.5, "gpt-4"],
      ["2024-05-13", 7.5, "gpt-4o"],
      ["2024-10-02", 4.375, "gpt-4o"],
      ["2024-12-31", 4.375, "gpt-4o"],
    ]);
    // 4.375/37.5 over 579 days: (0.116667)^(365/579) − 1 = −0.741…
    expect(s.summary?.annual_rate).toBeCloseTo((4.375 / 37.5) ** (365 / 579) - 1, 12);
    expect(s.members).toEqual(["openai/gpt-4", "openai/gpt-4o"]);
  });
});

describe("selection", () => {
  it("a bare id picks offerings with that exact id; provider/model picks one; aliases are a fallback", () => {
    expect(offeringsNamed(catalog, "gpt-4o").map((o) => o.model.id)).toEqual(["gpt-4o"]);
    expect(offeringsNamed(catalog, "openai/gpt-4o-2024-05-13").map((o) => o.model.id)).toEqual(["gpt-4o-2024-05-13"]);
    expect(offeringsNamed(catalog, "gpt-4o-may").map((o) => o.model.id)).toEqual(["gpt-4o-2024-05-13"]);
    expect(offeringsNamed(catalog, "nope")).toEqual([]);
  });
  it("a family matches the `family` field or a tag", () => {
    expect(offeringsInFamily(catalog, "gpt-4").map((o) => o.model.id)).toEqual(["gpt-4"]);
    expect(offeringsInFamily(catalog, "GPT-4-class").map((o) => o.model.id)).toEqual(["gpt-4o", "gpt-4"]);
  });
});

describe("forecast: least squares on log(price)", () => {
  /** p(t) = p0·(1 + r)^(t/365) sampled at the given day offsets from 2023-01-01. */
  const synthetic = (p0: number, r: number, days: number[]) =>
    days.map((d) => ({
      date: new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10),
      price: p0 * (1 + r) ** (d / 365),
    }));

  it("recovers the annual rate of an exponential series exactly, with r² = 1", () => {
    const pts = synthetic(30, -0.7, [0, 40, 95, 200, 365, 500, 731, 900, 1100]);
    const fit = fitLogLinear(pts);
    expect(fit?.annual_rate).toBeCloseTo(-0.7, 10);
    expect(fit?.r2).toBeCloseTo(1, 10);
    expect(fit?.n).toBe(9);
  });
  it("recovers a rising rate too", () => {
    const fit = fitLogLinear(synthetic(2, 0.25, [0, 100, 200, 300, 400]));
    expect(fit?.annual_rate).toBeCloseTo(0.25, 10);
  });
  it("projects the horizon past the last point: 100, 50, 25 a year apart → 12.5 a year later", () => {
    const pts = synthetic(100, -0.5, [0, 365, 730]) as TrendPoint[];
    const f = forecast(pts, { amount: 365, unit: "d" });
    expect("price" in f).toBe(true);
    if (!("price" in f)) return;
    // slope ln(0.5) = −0.693147 per year; 3 points; projection 25·0.5 = 12.5 a 365-day year after the
    // last point (day 730 from 2023-01-01 is 2024-12-31: 2024 is a leap year), on 2025-12-31.
    expect(f.slope_per_year).toBeCloseTo(Math.log(0.5), 10);
    expect(f.price).toBeCloseTo(12.5, 8);
    expect(f.date).toBe("2025-12-31");
    expect(f.caveats).toEqual([]);
  });
  it("warns with fewer than three points, a low r², a flat series and free prices", () => {
    const two = forecast(synthetic(10, -0.5, [0, 365]) as TrendPoint[], { amount: 12, unit: "m" });
    expect(two.caveats.join()).toContain("only 2 points");
    const zigzag = [
      { date: "2024-01-01", price: 10 },
      { date: "2024-03-01", price: 1 },
      { date: "2024-06-01", price: 10 },
      { date: "2024-09-01", price: 1 },
      { date: "2024-12-01", price: 10 },
    ] as TrendPoint[];
    const z = forecast(zigzag, { amount: 12, unit: "m" });
    expect("r2" in z && z.r2 !== null && z.r2 < 0.5).toBe(true);
    expect(z.caveats.join()).toContain("low r²");
    const flat = forecast(
      [
        { date: "2024-01-01", price: 3 },
        { date: "2024-06-01", price: 3 },
        { date: "2024-12-01", price: 3 },
      ] as TrendPoint[],
      { amount: 1, unit: "y" },
    );
    expect("price" in flat && flat.price).toBeCloseTo(3, 12);
    expect(flat.caveats.join()).toContain("flat");
    const free = forecast(
      [
        { date: "2024-01-01", price: 4 },
        { date: "2024-05-21", price: 0 },
      ] as TrendPoint[],
      { amount: 1, unit: "y" },
    );
    expect("price" in free).toBe(false);
    expect(free.caveats.join()).toContain("zero-price");
    expect(free.caveats.join()).toContain("no forecast");
  });
  it("parses horizons", () => {
    expect(parseHorizon("12m")).toEqual({ amount: 12, unit: "m" });
    expect(parseHorizon("2y")).toEqual({ amount: 2, unit: "y" });
    expect(parseHorizon("90d")).toEqual({ amount: 90, unit: "d" });
    expect(parseHorizon("0m")).toBeUndefined();
    expect(parseHorizon("soon")).toBeUndefined();
    expect(addHorizon("2024-02-29", { amount: 1, unit: "y" })).toBe("2025-02-28");
  });
});
