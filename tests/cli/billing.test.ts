import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/**
 * Billing models through the CLI on the embedded catalog: the worked examples of docs/billing.md
 * (numbers by hand in the comments) and the bad inputs of issue 11 (exit 2, with place and hint).
 */

async function json(args: string[]) {
  const r = await cli([...args, "--format", "json"]);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

describe("docs/billing.md worked examples", () => {
  it("Azure gpt-4o PTU sized for a 300 requests/min peak", async () => {
    // 300 × (1,000 + 3 × 200) = 480,000 TPM ÷ 2,500 = 192 → 200 PTU (regional step 50).
    // year: 200 × $221 = $44,200; month: 200 × $260 = $52,000; hourly: 200 × $2 × 730 = $292,000.
    // Pay-as-you-go: 6,083,333 requests × (1,000 × $2.50 + 200 × $10) / 1M = $27,375.
    const e = await json(["estimate", "examples/billing/azure-ptu.yaml"]);
    const os = e.items[0].options;
    const cost = (plan: string) => os.find((o: { plan?: string }) => o.plan === plan).cost;
    expect(os[0].billing).toBe("pay_as_you_go");
    expect(os[0].cost).toBeCloseTo(27375, 6);
    expect(cost("ptu-regional year")).toBeCloseTo(44200, 6);
    expect(cost("ptu-regional month")).toBeCloseTo(52000, 6);
    expect(cost("ptu-regional hourly")).toBeCloseTo(292000, 6);
    // Break-even of the yearly term: 44,200 ÷ ($27,375 ÷ 7.3B tokens) = 11.787B tokens a month.
    const year = os.find((o: { plan?: string }) => o.plan === "ptu-regional year");
    expect(year.break_even.quantity).toBeCloseTo(44200 / (27375 / 7.3e9), 0);
    expect(year.provisioned.utilization).toBeCloseTo(0.4444444, 6);
    // Global and Data Zone (minimum 15, step 5): 192 → 195 PTU.
    // Hourly: Global 195 × $1.00 × 730 = $142,350; Data Zone 195 × $1.10 × 730 = $156,585.
    // Reservations as regional: month 195 × $260 = $50,700; year 195 × $2,652 × 730/8,760 = $43,095.
    expect(cost("ptu-global hourly")).toBeCloseTo(142350, 6);
    expect(cost("ptu-data-zone hourly")).toBeCloseTo(156585, 6);
    expect(cost("ptu-global month")).toBeCloseTo(50700, 6);
    expect(cost("ptu-global year")).toBeCloseTo(43095, 6);
    expect(cost("ptu-data-zone year")).toBeCloseTo(43095, 6);
    const global = os.find((o: { plan?: string }) => o.plan === "ptu-global year");
    expect(global.provisioned.units).toBe(195);
  });

  it("Azure PTU prices before the 2026 book: the 2025-02-28 pricing-page copy", async () => {
    // as_of 2025-06-01: regional year $2,652 per PTU for the year → 200 × 2,652 × 730/8,760 = $44,200,
    // the same as the later $221 per PTU-month entry.
    const e = await json(["estimate", "examples/billing/azure-ptu.yaml", "--as-of", "2025-06-01"]);
    const os = e.items[0].options;
    const year = os.find((o: { plan?: string }) => o.plan === "ptu-regional year");
    expect(year.cost).toBeCloseTo(44200, 6);
    expect(year.components[0].unit_price).toBe(2652);
    // The detail names the billing entry priced (the option's own price_from is its pay-as-you-go entry's).
    expect(year.provisioned.price_from).toBe("2025-02-28");
    expect(year.provisioned.source).toContain("sungminna/GapS");
    expect(year.components[0].price_unit).toBe("per_unit_year");
  });

  it("Bedrock model units: priced at one unit, never selected over an option known to carry the load", async () => {
    // 500,000 requests a day × 30.41667 days = 15,208,333 requests; pay-as-you-go Claude Instant
    // 30.4167B in × $0.80/1M = $24,333.33 + 4.5625B out × $2.40/1M = $10,950 → $35,283.33.
    // One model unit (AWS publishes no throughput per unit): 6-month $22 × 730 h = $16,060, 1-month
    // $39.60 × 730 = $28,908, no commitment $44 × 730 = $32,120 — cheaper, but ranked after pay-as-you-go.
    const e = await json(["estimate", "examples/billing/bedrock-model-units.yaml"]);
    const os = e.items[0].options;
    expect(os[0].billing).toBe("pay_as_you_go");
    expect(os[0].cost).toBeCloseTo(35283.3333, 3);
    const cost = (plan: string) => os.find((o: { plan?: string }) => o.plan === plan).cost;
    expect(cost("pt-claude-instant 6_months")).toBeCloseTo(16060, 6);
    expect(cost("pt-claude-instant month")).toBeCloseTo(28908, 6);
    expect(cost("pt-claude-instant hourly")).toBeCloseTo(32120, 6);
    expect(os[1].provisioned.units).toBe(1);
    expect(os[1].provisioned.utilization).toBeNull();
    expect(os[1].provisioned.price_from).toBe("2025-02-28");
    expect(os[1].provisioned.source).toContain("aws.amazon.com/bedrock/pricing");
  });

  it("web searches are their own component", async () => {
    // 5,000 requests a day × 30.41667 days × 2 searches = 304,166.7 calls × $10 / 1k = $3,041.67.
    const e = await json(["estimate", "examples/billing/agent-web-search.yaml"]);
    const ws = e.items[0].options[0].components.find((c: { name: string }) => c.name === "web_search");
    expect(ws.cost).toBeCloseTo(3041.6667, 3);
    expect(ws.price_unit).toBe("per_1k_calls");
  });

  it("the qwen-max free quota covers 1M tokens of the first month", async () => {
    // 200 requests a day × 30.41667 = 6,083.3 requests × 1,000 tokens = 6.083M tokens;
    // pay-as-you-go CN¥2.40 in / CN¥9.60 out per 1M: 4.8667M × 2.4 + 1.2167M × 9.6 = CN¥23.36;
    // with the quota 1M of them are free: 5.0833M tokens pay, ×(23.36 / 6.0833) = CN¥19.52.
    const e = await json(["estimate", "examples/billing/qwen-free-quota.yaml"]);
    const [payg, pack] = e.items[0].options;
    expect(payg.billing).toBe("pay_as_you_go");
    expect(payg.cost).toBeCloseTo(23.36, 2);
    expect(pack.billing).toBe("pack");
    expect(pack.once).toBe(true);
    expect(pack.cost).toBeCloseTo((23.36 * 5.083333) / 6.083333, 2);
    expect(pack.break_even).toEqual({ quantity: 0, unit: "tokens" });
    expect(pack.pack.packs[0]).toMatchObject({ id: "qwen-max-free-quota", price_from: "2025-09-08" });
    expect(pack.pack.packs[0].source).toContain("alibabacloud.com/help/en/model-studio/new-free-quota");
  });

  it("two qwen-max items share the free quota: granted once, not per item", async () => {
    // Each item: 2,000 requests × (240 in + 60 out) = 600,000 tokens (under 1M); together 1.2M.
    // Pay-as-you-go each: 480,000 × ¥2.40/1M + 120,000 × ¥9.60/1M = ¥1.152 + ¥1.152 = ¥2.304.
    // chat-a draws 600,000 of the 1M quota: its pack option costs ¥0.
    // chat-b has 400,000 left: 200,000 tokens overflow × (¥2.304 ÷ 600,000 per token) = ¥0.768.
    // (Each item alone would have had the whole quota: ¥0 for both.)
    const e = await json(["estimate", "examples/billing/qwen-shared-quota.yaml"]);
    const [a, b] = e.items;
    type PackOption = { billing: string; cost: number; pack: { covered: number; overflow: number }; notes: string[] };
    const pack = (it: { options: PackOption[] }) => it.options.find((o) => o.billing === "pack") as PackOption;
    expect(a.options[0].cost).toBeCloseTo(2.304, 9);
    expect(pack(a).cost).toBeCloseTo(0, 9);
    expect(pack(a).pack.covered).toBeCloseTo(600000, 3);
    expect(pack(b).pack.covered).toBeCloseTo(400000, 3);
    expect(pack(b).pack.overflow).toBeCloseTo(200000, 3);
    expect(pack(b).cost).toBeCloseTo(0.768, 9);
    expect(pack(b).notes).toContain("qwen-max-free-quota: 400k of its 1M tokens left after earlier items (chat-a)");
  });

  it("a subscription with overage, from a contract overlay", async () => {
    // $1,000 a month including 5B tokens; 7.604B tokens used: 2.604B overage at list ($0.24 per 1M
    // blended: $1,825 ÷ 7.604B) = $625 → $1,625; break-even 1,000 ÷ 0.24 = 4.167B tokens.
    const e = await json([
      "estimate",
      "examples/billing/contract.yaml",
      "--catalog",
      "examples/billing/contract-overlay.yaml",
    ]);
    const plan = e.items[0].options.find((o: { plan?: string }) => o.plan === "team-plan");
    expect(plan.cost).toBeCloseTo(1625, 6);
    expect(plan.break_even.quantity).toBeCloseTo(1000 / 0.24e-6, -3);
    expect(e.items[0].selected).toMatchObject({ billing: "subscription", plan: "team-plan" });
  });

  it("a fine-tuning job: training one-off, inference at the fine-tuned rates", async () => {
    // 2M × 3 epochs × $3/1M = $18; 304,166.7 requests × 500 in × $0.30/1M = $45.625,
    // × 100 out × $1.20/1M = $36.50; total $100.125.
    const e = await json(["estimate", "examples/billing/fine-tune.yaml"]);
    expect(e.items[0].kind).toBe("fine_tune");
    expect(e.items[0].cost).toBeCloseTo(100.125, 6);
    // Azure (regional) charges hosting: training 6M × $3.30/1M = $19.80; hosting 730 h × $1.70 =
    // $1,241; input 152.083M × $0.165/1M = $25.09375; output 30.4167M × $0.66/1M = $20.075;
    // total $1,305.96875.
    const az = e.items[0].options.find((o: { provider: string }) => o.provider === "azure");
    const part = (n: string) => az.components.find((c: { name: string }) => c.name === n).cost;
    expect(part("training")).toBeCloseTo(19.8, 6);
    expect(part("hosting")).toBeCloseTo(1241, 6);
    expect(part("input")).toBeCloseTo(25.09375, 4);
    expect(part("output")).toBeCloseTo(20.075, 4);
    expect(az.cost).toBeCloseTo(1305.96875, 4);
  });

  it("--billing keeps only the billing models asked for", async () => {
    const e = await json(["estimate", "examples/billing/azure-ptu.yaml", "--billing", "provisioned"]);
    expect(e.items[0].options.every((o: { billing: string }) => o.billing === "provisioned")).toBe(true);
    const bad = await cli(["estimate", "examples/billing/azure-ptu.yaml", "--billing", "packs"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "pack"');
  });

  it("tables say where a billing option pays off", async () => {
    const r = await cli(["estimate", "examples/billing/azure-ptu.yaml"]);
    expect(r.stdout).toMatch(/pays off\s+above 11\.79B\s+tokens\s+per\s+month/);
  });
});

describe("bad billing input: exit 2 with place and hint", async () => {
  const r = await cli([
    "estimate",
    "examples/billing/contract.yaml",
    "--catalog",
    "tests/fixtures/billing/bad-overlay.yaml",
  ]);
  it.each([
    [
      "a pack with no validity",
      /bad-overlay\.yaml:6:9: providers\[0\]\.packs\[0\]\.validity_days: missing required field/,
    ],
    ["a plan with a negative quota", /bad-overlay\.yaml:15:19: providers\[0\]\.plans\[0\]\.included/],
    ["a provisioned minimum above its maximum", /minimum 100 is above maximum 50/],
    ["a fee unit the engine does not know", /fees\[0\]\.unit: not an allowed value[\s\S]*per_fortnight/],
  ])("%s", (_what, pattern) => {
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(pattern);
  });
  it("every fault has a hint", async () => {
    expect(r.stderr.match(/^error:/gm)?.length).toBe(4);
    expect(r.stderr.match(/^ {2}hint:/gm)?.length).toBe(4);
  });
  it("a peak lower than the average", async () => {
    const p = await cli(["estimate", "tests/fixtures/billing/bad-peak.yaml"]);
    expect(p.exitCode).toBe(2);
    expect(p.stderr).toMatch(
      /bad-peak\.yaml:11:33: inference\[0\]\.peak\.requests_per_minute: the peak is lower than the average/,
    );
    expect(p.stderr).toMatch(/hint:/);
  });
});
