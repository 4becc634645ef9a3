import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import type { Option } from "../../src/schema/report.js";
import { type Workload, Workload as WorkloadSchema } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * The billing models of docs/billing.md on a hand-made catalog: every expected number is worked
 * out by hand in the comments (a month is 730 hours = 30.41667 days).
 */

function w(input: unknown): Workload {
  return WorkloadSchema.parse(input);
}

const S = "https://example.test/prices";

const acme: CatalogProvider = {
  provider: { id: "acme", name: "Acme", currency: "USD", source: S },
  models: [{ id: "m", aliases: ["m-alias"], prices: [{ from: "2025-01-01", input: 1, output: 4, source: S }] }],
  fees: [
    { id: "web_search", unit: "per_1k_calls", prices: [{ from: "2025-01-01", price: 10, source: S }] },
    { id: "sandbox", unit: "per_session", models: ["other"], prices: [{ from: "2025-01-01", price: 0.03, source: S }] },
  ],
  packs: [
    {
      id: "p50",
      models: ["m"],
      counts: "tokens",
      quantity: 50e6,
      validity_days: 730 / 24,
      prices: [{ from: "2025-01-01", price: 40, source: S }],
    },
  ],
  plans: [
    {
      id: "flat",
      models: ["m"],
      term: "month",
      counts: "tokens",
      included: 100e6,
      prices: [{ from: "2025-01-01", fee: 100, source: S }],
    },
    {
      id: "commit",
      models: ["m"],
      term: "year",
      counts: "amount",
      discount: 0.2,
      minimum_spend: 12000,
      prices: [{ from: "2025-01-01", fee: 0, source: S }],
    },
  ],
  provisioned: [
    {
      id: "ptu",
      kind: "ptu",
      models: [{ model: "m", input_tpm_per_unit: 2500, output_weight: 3, minimum: 50, increment: 50, source: S }],
      prices: [
        {
          from: "2025-01-01",
          source: S,
          terms: [
            { term: "hourly", price: 2, per: "unit_hour" },
            { term: "month", price: 260, per: "unit_month" },
          ],
        },
      ],
    },
  ],
  fine_tuning: [
    {
      model: "m",
      prices: [{ from: "2025-01-01", training: 3, hosting: 1.7, input: 0.3, output: 1.2, source: S }],
    },
  ],
};

const catalog = tinyCatalog([acme]);
const opts = { asOf: "2026-01-01", currency: "USD" };

function options(work: unknown) {
  const r = estimate(w(work), catalog, opts);
  expect(r.problems).toEqual([]);
  return r.estimate.items[0]?.options ?? [];
}
const by = (os: Option[], billing: string, plan?: string) =>
  os.find((o) => o.billing === billing && (plan === undefined || o.plan === plan)) as Option;

describe("tool and modality fees", () => {
  it("bills web searches per 1k calls on every option, as their own component", () => {
    // 1,000 requests × 2 searches = 2,000 calls × $10 / 1,000 = $20; tokens: 1,000 × 1,000 in × $1/1M = $1.
    const os = options({
      llmcost: 1,
      inference: [{ name: "a", model: "m", requests: 1000, input_tokens: 1000, usage: { web_search: 2 } }],
    });
    const payg = by(os, "pay_as_you_go");
    const fee = payg.components.find((c) => c.name === "web_search");
    expect(fee).toMatchObject({ quantity: 2000, unit: "calls", unit_price: 10, price_unit: "per_1k_calls" });
    expect(fee?.cost).toBeCloseTo(20, 10);
    expect(payg.cost).toBeCloseTo(21, 10);
    // The fee is on the plan and provisioned options too: billed whatever pays for the tokens.
    for (const o of os) expect(o.components.some((c) => c.name === "web_search")).toBe(true);
  });

  it("an unknown usage key is a problem with a suggestion", () => {
    const r = estimate(
      w({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 1, input_tokens: 1, usage: { web_serch: 1 } }] }),
      catalog,
      opts,
    );
    expect(r.problems[0]).toMatchObject({
      path: ["inference", 0, "usage", "web_serch"],
      hint: 'did you mean "web_search"?',
    });
  });
});

describe("packs", () => {
  it("buys no pack below the break-even, one above it", () => {
    // Item: 30M input tokens a month at $1/1M = $30; pack: 50M tokens for $40, valid a month.
    // $30 < $40: no pack. Break-even 40 / (1 per 1M) = 40M tokens a month.
    const low = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 30000, input_tokens: 1000 }] }),
      "pack",
    );
    expect(low.cost).toBeCloseTo(30, 9);
    expect(low.break_even).toEqual({ quantity: 40e6, unit: "tokens" });
    expect(low.pack?.packs).toEqual([]);
    // 45M tokens ($45 pay-as-you-go): one pack ($40) covers them; 5M unused, expiring.
    const high = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 45000, input_tokens: 1000 }] }),
      "pack",
    );
    expect(high.cost).toBeCloseTo(40, 9);
    expect(high.pack).toMatchObject({ needed: 45e6, covered: 45e6, overflow: 0 });
    expect(high.pack?.unused).toBeCloseTo(5e6, 3);
  });

  it("pays the overflow above the packs as you go", () => {
    // 120M tokens: 2 packs ($80) cover 100M, 20M overflow × $1/1M = $20 → $100; 3 packs would be $120.
    const o = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 120000, input_tokens: 1000 }] }),
      "pack",
    );
    expect(o.cost).toBeCloseTo(100, 9);
    expect(o.pack).toMatchObject({ covered: 100e6, unused: 0 });
    expect(o.pack?.overflow).toBeCloseTo(20e6, 3);
  });
});

describe("packs shared by the items of a workload", () => {
  it("packs bought for one item and left unused cover the next items, in workload order", () => {
    // Pack: 50M tokens for $40, valid a month; $1 per 1M input pay-as-you-go.
    // a: 45M tokens → one pack ($40, selected over $45 pay-as-you-go), 5M unused.
    // b: 4M tokens → all 4M from a's unused packs: $0 (pay-as-you-go $4). 1M left.
    // c: 3M tokens → 1M left by a, 2M more: a new pack ($40) would cost more than 2M × $1 = $2 → $2.
    // Total $42 = what the combined 52M cost: one pack (50M, $40) + 2M × $1 overflow.
    const r = estimate(
      w({
        llmcost: 1,
        inference: [
          { name: "a", model: "m", requests: 45000, input_tokens: 1000 },
          { name: "b", model: "m", requests: 4000, input_tokens: 1000 },
          { name: "c", model: "m", requests: 3000, input_tokens: 1000 },
        ],
      }),
      catalog,
      opts,
    );
    expect(r.problems).toEqual([]);
    const [a, b, c] = r.estimate.items;
    expect(a?.options[0]?.billing).toBe("pack");
    expect(a?.cost).toBeCloseTo(40, 9);
    expect(b?.options[0]?.billing).toBe("pack");
    expect(b?.cost).toBeCloseTo(0, 9);
    expect(b?.options[0]?.pack).toMatchObject({ needed: 4e6, covered: 4e6, overflow: 0 });
    expect(b?.options[0]?.notes).toContain("4M tokens from packs bought for a and left unused there");
    expect(c?.cost).toBeCloseTo(2, 9);
    expect(c?.options[0]?.pack?.covered).toBeCloseTo(1e6, 3);
    expect(r.estimate.total).toBeCloseTo(42, 9);
  });

  it("an item alone keeps its own packs (nothing carried from a one-item workload)", () => {
    // b on its own: 4M tokens, no pack pays off: $4 pay-as-you-go.
    const os = options({ llmcost: 1, inference: [{ name: "b", model: "m", requests: 4000, input_tokens: 1000 }] });
    expect(os[0]?.billing).toBe("pay_as_you_go");
    expect(os[0]?.cost).toBeCloseTo(4, 9);
  });
});

describe("subscriptions and contracts", () => {
  it("a flat plan with included tokens and overage at list", () => {
    // $100 a month including 100M tokens; item 150M input tokens ($150 pay-as-you-go):
    // 100 + 50M × $1/1M = $150 — equal; break-even 100 / 1 = 100M tokens.
    const o = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 150000, input_tokens: 1000 }] }),
      "subscription",
      "flat",
    );
    expect(o.cost).toBeCloseTo(150, 9);
    expect(o.break_even).toEqual({ quantity: 100e6, unit: "tokens" });
    expect(o.subscription).toMatchObject({ used: 150e6, overage: 50e6 });
  });

  it("a commitment: 20% off list with a minimum spend", () => {
    // $12,000 a year minimum = $1,000 a month; usage 2,000M input tokens = $2,000 list → $1,600.
    const big = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 2e6, input_tokens: 1000 }] }),
      "subscription",
      "commit",
    );
    expect(big.cost).toBeCloseTo(1600, 6);
    // Break-even: max(M, 0.8·v) = v at v = M = $1,000 of list-price usage a month.
    expect(big.break_even?.quantity).toBeCloseTo(1000, 9);
    expect(big.break_even?.unit).toBe("amount");
    // $500 of list usage: 0.8 × 500 = 400 < 1,000 → the $600 shortfall is billed: $1,000.
    const small = by(
      options({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 5e5, input_tokens: 1000 }] }),
      "subscription",
      "commit",
    );
    expect(small.cost).toBeCloseTo(1000, 6);
    expect(small.components.find((c) => c.name.includes("shortfall"))?.cost).toBeCloseTo(600, 6);
  });
});

describe("provisioned throughput", () => {
  it("sizes PTUs for the peak and reports utilisation", () => {
    // Peak 300 req/min × (1,000 + 3 × 200) = 480,000 TPM ÷ 2,500 = 192 → 200 PTU (step 50).
    // Hourly: 200 × $2 × 730 h = $292,000; monthly term: 200 × $260 = $52,000.
    // Average: 6,083,333.3 req ÷ 43,800 min = 138.89 req/min × 1,600 = 222,222 TPM ÷ 500,000 = 44.4%.
    const os = options({
      llmcost: 1,
      inference: [
        {
          name: "a",
          model: "m",
          requests_per_day: 200000,
          input_tokens: 1000,
          output_tokens: 200,
          peak: { requests_per_minute: 300 },
        },
      ],
    });
    const hourly = by(os, "provisioned", "ptu hourly");
    const month = by(os, "provisioned", "ptu month");
    expect(hourly.cost).toBeCloseTo(292000, 6);
    expect(month.cost).toBeCloseTo(52000, 6);
    expect(month.provisioned).toMatchObject({
      units: 200,
      peak_tokens_per_minute: 480000,
      capacity_tokens_per_minute: 500000,
    });
    expect(month.provisioned?.utilization).toBeCloseTo(222222.22 / 500000, 6);
    // Pay-as-you-go: 6.0833B in × $1 + 1.2167B out × $4 = $6,083.33 + $4,866.67 = $10,950 for 7.3B tokens
    // = $1.5 per 1M; the monthly term pays off above 52,000 / 1.5 per 1M = 34.67B tokens, more than
    // 200 PTU carry (500,000 × 60 × 730 ÷ (8.516B/7.3B) = 18.77B tokens): no break-even.
    expect(month.break_even).toBeNull();
    expect(month.break_even_note).toMatch(/cheaper at every volume/);
  });

  it("a peak below the average is a problem at the peak field", () => {
    const r = estimate(
      w({
        llmcost: 1,
        inference: [
          { name: "a", model: "m", requests_per_day: 200000, input_tokens: 1, peak: { requests_per_minute: 10 } },
        ],
      }),
      catalog,
      opts,
    );
    expect(r.problems[0]).toMatchObject({ kind: "invalid", path: ["inference", 0, "peak", "requests_per_minute"] });
  });
});

describe("fine-tuning", () => {
  it("training, hosting and inference, with kind fine_tune", () => {
    // Training 2M × 3 epochs × $3/1M = $18; hosting 730 h × $1.70 = $1,241; inference 10,000 requests
    // of 500 in / 100 out: 5M × $0.30/1M = $1.50, 1M × $1.20/1M = $1.20. Total $1,261.70.
    const r = estimate(
      w({
        llmcost: 1,
        fine_tune: [
          {
            name: "ft",
            model: "m-alias",
            training_tokens: "2M",
            epochs: 3,
            requests: 10000,
            input_tokens: 500,
            output_tokens: 100,
          },
        ],
      }),
      catalog,
      opts,
    );
    expect(r.problems).toEqual([]);
    const it0 = r.estimate.items[0];
    expect(it0?.kind).toBe("fine_tune");
    const o = it0?.options[0] as Option;
    const cost = (n: string) => o.components.find((c) => c.name === n)?.cost;
    expect(cost("training")).toBeCloseTo(18, 9);
    expect(cost("hosting")).toBeCloseTo(1241, 9);
    expect(cost("input")).toBeCloseTo(1.5, 9);
    expect(cost("output")).toBeCloseTo(1.2, 9);
    expect(o.cost).toBeCloseTo(1261.7, 9);
  });

  it("one_off prices the training alone", () => {
    const r = estimate(
      w({ llmcost: 1, fine_tune: [{ name: "ft", model: "m", training_tokens: "2M", epochs: 3, one_off: true }] }),
      catalog,
      opts,
    );
    expect(r.estimate.items[0]?.cost).toBeCloseTo(18, 9);
  });
});

describe("--billing", () => {
  it("keeps only the billing models asked for", () => {
    const r = estimate(
      w({ llmcost: 1, inference: [{ name: "a", model: "m", requests: 45000, input_tokens: 1000 }] }),
      catalog,
      { ...opts, billing: ["pack"] },
    );
    const os = r.estimate.items[0]?.options ?? [];
    expect(os.length).toBeGreaterThan(0);
    expect(os.every((o) => o.billing === "pack")).toBe(true);
    expect(r.estimate.items[0]?.selected).toMatchObject({ billing: "pack", plan: "p50" });
  });
});
