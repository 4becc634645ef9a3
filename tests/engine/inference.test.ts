import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { type Workload, Workload as WorkloadSchema } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/** Parse a workload the way the loader does, so defaults ("60%", "20k") are applied. */
function w(input: unknown): Workload {
  return WorkloadSchema.parse(input);
}

const openai: CatalogProvider = {
  provider: { id: "openai", name: "OpenAI", currency: "USD", source: "https://openai.com/api/pricing" },
  models: [
    {
      id: "gpt-4o-mini",
      prices: [
        { from: "2024-07-18", input: 0.15, output: 0.6, source: "launch" },
        { from: "2024-10-01", input: 0.15, output: 0.6, cached_input: 0.075, batch: 0.5, source: "caching" },
      ],
    },
    {
      id: "o-think",
      kind: "reasoning",
      prices: [{ from: "2025-01-01", input: 1.1, output: 4.4, request: 0.01 }],
    },
    {
      id: "long",
      prices: [
        {
          from: "2025-01-01",
          input: 1.25,
          output: 10,
          tiers: [{ above: 200000, input: 2.5, output: 15 }],
        },
      ],
    },
  ],
};

const azure: CatalogProvider = {
  provider: { id: "azure", name: "Azure", currency: "USD", source: "https://azure.microsoft.com/pricing" },
  models: [
    {
      id: "gpt-4o-mini-2024-07-18",
      aliases: ["gpt-4o-mini"],
      prices: [{ from: "2024-07-18", input: 0.165, output: 0.66 }],
    },
  ],
};

const deepseek: CatalogProvider = {
  provider: {
    id: "deepseek",
    name: "DeepSeek",
    currency: "CNY",
    source: "https://api-docs.deepseek.com/zh-cn/quick_start/pricing",
  },
  models: [
    {
      id: "deepseek-chat",
      prices: [
        { from: "2025-01-01", input: 2, output: 8, cached_input: 0.5 },
        { from: "2025-01-01", currency: "USD", input: 0.27, output: 1.1, cached_input: 0.07 },
        {
          from: "2025-02-26",
          input: 2,
          output: 8,
          cached_input: 0.5,
          off_peak: { multiplier: 0.5, hours_utc: "16:30-00:30" },
        },
      ],
    },
  ],
};

const rates = [
  { from: "2024-01-01", currency: "CNY", per_usd: 7.1 },
  { from: "2025-01-01", currency: "CNY", per_usd: 7.3 },
  { from: "2025-01-01", currency: "EUR", per_usd: 0.95 },
];

const catalog = tinyCatalog([azure, deepseek, openai], rates);

function one(item: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return w({ llmcost: 1, name: "t", period: "month", inference: [{ name: "x", ...item }], ...extra });
}

describe("API inference engine", () => {
  it("prices input, cached input and output at the entry in force", () => {
    // 20,000 requests/day × 730/24 days = 608,333.33 requests.
    // I = 608,333.33 × 1,200 = 730,000,000; C = 60% = 438,000,000; uncached 292,000,000.
    // input 292e6 × 0.15 / 1e6 = 43.80; cached 438e6 × 0.075 / 1e6 = 32.85;
    // O = 608,333.33 × 250 = 152,083,333.3; × 0.60 / 1e6 = 91.25. Total 167.90.
    const r = estimate(
      one({
        model: "gpt-4o-mini",
        providers: ["openai"],
        requests_per_day: "20k",
        input_tokens: 1200,
        output_tokens: 250,
        cached_input: "60%",
      }),
      catalog,
      { asOf: "2024-10-01", currency: "USD" },
    );
    const item = r.estimate.items[0]!;
    const opt = item.options[0]!;
    const cost = Object.fromEntries(opt.components.map((c) => [c.name, c.cost]));
    expect(cost.input).toBeCloseTo(43.8, 9);
    expect(cost.cached_input).toBeCloseTo(32.85, 9);
    expect(cost.output).toBeCloseTo(91.25, 9);
    expect(item.cost).toBeCloseTo(167.9, 9);
    expect(r.estimate.total).toBeCloseTo(167.9, 9);
    expect(opt.price_from).toBe("2024-10-01");
  });

  it("uses the previous entry the day before a price change, and notes a missing cache price", () => {
    // On 2024-09-30 the 2024-07-18 entry (no cached price) is in force: all 730e6 input tokens at 0.15 = 109.50,
    // output 91.25; total 200.75.
    const r = estimate(
      one({
        model: "gpt-4o-mini",
        providers: ["openai"],
        requests_per_day: 20000,
        input_tokens: 1200,
        output_tokens: 250,
        cached_input: 0.6,
      }),
      catalog,
      { asOf: "2024-09-30", currency: "USD" },
    );
    const opt = r.estimate.items[0]!.options[0]!;
    expect(opt.price_from).toBe("2024-07-18");
    expect(opt.cost).toBeCloseTo(200.75, 9);
    expect(opt.notes.join(" ")).toMatch(/no cached-input price/);
  });

  it("ranks every provider offering the model, cheapest first, and selects the cheapest", () => {
    // 1,000 requests × (1,000 in, 100 out): openai 1e6×0.15/1e6 + 1e5×0.6/1e6 = 0.15 + 0.06 = 0.21;
    // azure 0.165 + 0.066 = 0.231.
    const r = estimate(one({ model: "gpt-4o-mini", requests: 1000, input_tokens: 1000, output_tokens: 100 }), catalog, {
      asOf: "2025-06-01",
      currency: "USD",
    });
    const item = r.estimate.items[0]!;
    expect(item.options.map((o) => [o.provider, Number(o.cost.toFixed(6))])).toEqual([
      ["openai", 0.21],
      ["azure", 0.231],
    ]);
    expect(item.selected).toEqual({ provider: "openai", offering: "gpt-4o-mini", via: "api" });
  });

  it("applies the batch multiplier where offered and notes where it is not", () => {
    // openai batch ×0.5: 0.21 × 0.5 = 0.105; azure has no batch price: 0.231 at list, with a note.
    const r = estimate(
      one({ model: "gpt-4o-mini", requests: 1000, input_tokens: 1000, output_tokens: 100, batch: true }),
      catalog,
      {
        asOf: "2025-06-01",
        currency: "USD",
      },
    );
    const [first, second] = r.estimate.items[0]!.options;
    expect(first!.cost).toBeCloseTo(0.105, 12);
    expect(second!.cost).toBeCloseTo(0.231, 12);
    expect(second!.notes).toContain(
      "batch asked for but azure has no batch price for gpt-4o-mini-2024-07-18: priced at list",
    );
  });

  it("bills reasoning tokens as output and adds per-request fees", () => {
    // 100 requests × (1,000 in, 200 out, 800 reasoning): input 1e5 × 1.1/1e6 = 0.11;
    // output 2e4 × 4.4/1e6 = 0.088; reasoning 8e4 × 4.4/1e6 = 0.352; requests 100 × 0.01 = 1.00. Total 1.55.
    const r = estimate(
      one({ model: "o-think", requests: 100, input_tokens: 1000, output_tokens: 200, reasoning_tokens: 800 }),
      catalog,
      { asOf: "2025-06-01", currency: "USD" },
    );
    const opt = r.estimate.items[0]!.options[0]!;
    const cost = Object.fromEntries(opt.components.map((c) => [c.name, c.cost]));
    expect(cost.reasoning).toBeCloseTo(0.352, 12);
    expect(cost.request).toBeCloseTo(1, 12);
    expect(opt.cost).toBeCloseTo(1.55, 12);
  });

  it("bills a long prompt wholly at the long-context tier", () => {
    // 10 requests × 250,000 in (above 200,000) × 2.5/1e6 = 6.25; 10 × 1,000 out × 15/1e6 = 0.15. Total 6.40.
    // At 200,000 exactly the base prices apply: 10 × 200,000 × 1.25/1e6 = 2.50 + 10 × 1,000 × 10/1e6 = 0.10 → 2.60.
    const at = (input: number) =>
      estimate(one({ model: "long", requests: 10, input_tokens: input, output_tokens: 1000 }), catalog, {
        asOf: "2025-06-01",
        currency: "USD",
      }).estimate.total;
    expect(at(250000)).toBeCloseTo(6.4, 12);
    expect(at(200000)).toBeCloseTo(2.6, 12);
  });

  it("uses the provider's list in the report currency when it has one", () => {
    // CNY report: DeepSeek's CNY list, no conversion: 1,000 × 1,000 in × 2/1e6 = 2.00 + 1,000 × 100 × 8/1e6 = 0.80 → 2.80 CNY.
    const r = estimate(
      one({ model: "deepseek-chat", requests: 1000, input_tokens: 1000, output_tokens: 100 }),
      catalog,
      {
        asOf: "2025-02-01",
        currency: "CNY",
      },
    );
    const opt = r.estimate.items[0]!.options[0]!;
    expect(opt.list_currency).toBe("CNY");
    expect(opt.fx_rate).toBeUndefined();
    expect(opt.cost).toBeCloseTo(2.8, 12);
    // USD report: DeepSeek's USD list: 1e6 × 0.27/1e6 + 1e5 × 1.1/1e6 = 0.27 + 0.11 = 0.38 USD.
    const u = estimate(
      one({ model: "deepseek-chat", requests: 1000, input_tokens: 1000, output_tokens: 100 }),
      catalog,
      {
        asOf: "2025-02-01",
        currency: "USD",
      },
    );
    expect(u.estimate.items[0]!.options[0]!.list_currency).toBe("USD");
    expect(u.estimate.total).toBeCloseTo(0.38, 12);
  });

  it("converts through fx.yaml at as_of when the provider has no list in the report currency", () => {
    // EUR report at 2025-03-01, 0.95 EUR per USD: openai 0.21 USD → 0.21 × 0.95 = 0.1995 EUR.
    // DeepSeek has no EUR list, so its home (CNY) list is used: 2.80 CNY × 0.95 / 7.3 = 0.36438… EUR.
    const r = estimate(
      w({
        llmcost: 1,
        period: "month",
        inference: [
          {
            name: "a",
            model: "gpt-4o-mini",
            providers: ["openai"],
            requests: 1000,
            input_tokens: 1000,
            output_tokens: 100,
          },
          { name: "b", model: "deepseek-chat", requests: 1000, input_tokens: 1000, output_tokens: 100 },
        ],
      }),
      catalog,
      { asOf: "2025-03-01", currency: "EUR" },
    );
    const [a, b] = r.estimate.items;
    expect(a!.cost).toBeCloseTo(0.1995, 12);
    expect(b!.options[0]!.list_currency).toBe("CNY");
    expect(b!.cost).toBeCloseTo((2.8 * 0.95) / 7.3, 12);
    expect(b!.options[0]!.notes.join(" ")).toMatch(/converted to EUR/);
  });

  it("prices the off-peak share at the off-peak multiplier", () => {
    // From 2025-02-26: 40% of 1,000 requests off-peak at ×0.5. Full price 2.80 CNY;
    // 60% × 2.80 = 1.68 + 40% × 2.80 × 0.5 = 0.56 → 2.24 CNY.
    const r = estimate(
      one({ model: "deepseek-chat", requests: 1000, input_tokens: 1000, output_tokens: 100, off_peak: "40%" }),
      catalog,
      { asOf: "2025-03-01", currency: "CNY" },
    );
    expect(r.estimate.total).toBeCloseTo(2.24, 12);
  });

  it("reports an unknown model as a problem with a suggestion, never as $0", () => {
    const r = estimate(one({ model: "gpt-4o-mni", requests: 1, input_tokens: 1 }), catalog, {
      asOf: "2025-01-01",
      currency: "USD",
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.kind).toBe("unknown_model");
    expect(r.problems[0]!.hint).toContain("gpt-4o-mini");
    expect(r.estimate.items[0]!.cost).toBeNull();
  });

  it("reports an as_of before any price of the model", () => {
    const r = estimate(one({ model: "o-think", requests: 1, input_tokens: 1 }), catalog, {
      asOf: "2024-12-31",
      currency: "USD",
    });
    expect(r.problems.map((p) => p.kind)).toEqual(["before_first_price"]);
    expect(r.problems[0]!.expected).toContain("2025-01-01");
  });

  it("reports training items as not priced yet rather than $0, and leaves them out of the total", () => {
    const r = estimate(
      w({
        llmcost: 1,
        inference: [
          {
            name: "a",
            model: "gpt-4o-mini",
            providers: ["openai"],
            requests: 1000,
            input_tokens: 1000,
            output_tokens: 100,
          },
        ],
        training: [{ name: "t", model: { parameters: "8B" }, tokens: "1B", gpu: "h100-sxm", gpus: 8 }],
      }),
      catalog,
      { asOf: "2025-06-01", currency: "USD" },
    );
    const t = r.estimate.items.find((i) => i.name === "t")!;
    if (t.status === "not_priced") {
      expect(t.cost).toBeNull();
      expect(r.estimate.complete).toBe(false);
      expect(r.estimate.total).toBeCloseTo(0.21, 12);
    } else expect(t.cost).toBeGreaterThan(0);
  });

  it("checks budgets: a cost exactly at the limit passes", () => {
    // A budget equal to the computed total (0.15 + 0.06 in float64) has headroom 0 and passes;
    // one a cent lower is exceeded by about 0.01.
    const r = estimate(
      one({ model: "gpt-4o-mini", providers: ["openai"], requests: 1000, input_tokens: 1000, output_tokens: 100 }),
      catalog,
      {
        asOf: "2025-06-01",
        currency: "USD",
        budget: { total: 0.2 },
      },
    );
    expect(r.estimate.budget!.status).toBe("exceeded");
    expect(r.estimate.budget!.lines[0]!.headroom).toBeCloseTo(-0.01, 12);
    const r2 = estimate(
      one({ model: "gpt-4o-mini", providers: ["openai"], requests: 1000, input_tokens: 1000, output_tokens: 100 }),
      catalog,
      {
        asOf: "2025-06-01",
        currency: "USD",
        budget: { total: r.estimate.total },
      },
    );
    expect(r2.estimate.budget!.status).toBe("ok");
    expect(r2.estimate.budget!.lines[0]!.headroom).toBe(0);
  });
});

describe("nothing billable", () => {
  it("is not priced, never a $0 option, when requests carry no tokens", () => {
    // 1,000 requests with no input or output tokens and no per-request fee: forgotten sizes, not a free item.
    const r = estimate(one({ model: "gpt-4o-mini", providers: ["openai"], requests: 1000 }), catalog, {
      asOf: "2025-06-01",
      currency: "USD",
    });
    const item = r.estimate.items[0]!;
    expect(item.status).toBe("not_priced");
    expect(item.cost).toBeNull();
    expect(item.notes.join(" ")).toMatch(/nothing billable on openai\/gpt-4o-mini/);
    expect(r.estimate.complete).toBe(false);
  });

  it("is a true $0 when there are no requests", () => {
    const r = estimate(one({ model: "gpt-4o-mini", providers: ["openai"], requests: 0, input_tokens: 10 }), catalog, {
      asOf: "2025-06-01",
      currency: "USD",
    });
    expect(r.estimate.items[0]!.cost).toBe(0);
  });
});
