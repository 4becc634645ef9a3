import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { optimize } from "../../src/engine/optimize.js";
import { applyPatches } from "../../src/engine/optimize-price.js";
import type { Accelerator, Catalog, CatalogProvider } from "../../src/schema/catalog.js";
import type { OptimizeReport, Suggestion } from "../../src/schema/optimize.js";
import { Workload, type WorkloadInput } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * `optimize` on a hand-made catalog: every saving below is worked out by hand in the comments from
 * the prices here. Requests are given over the period (`requests:`), so a month's 730 hours do not
 * enter the token levers. Prices per 1M tokens.
 */

const S = "https://example.test/prices";
const AS_OF = "2026-06-01";

const GX: Accelerator = {
  id: "gx",
  name: "Test GPU X",
  memory_gb: 80,
  memory_bandwidth_tbs: 2,
  tflops: { bf16: 1000 },
  tdp_w: 500,
  source: "test",
};
const GY: Accelerator = { ...GX, id: "gy", name: "Test GPU Y", tflops: { bf16: 2000 } };

function gpuOffer(gpu: string, prices: Record<string, number>, grid?: number) {
  return {
    gpu,
    gpus_per_instance: 1,
    sells: "cluster" as const,
    fabric: "infiniband" as const,
    max_gpus: 4096,
    ...(grid !== undefined ? { grid_gco2_per_kwh: grid } : {}),
    prices: [{ from: "2026-01-01", ...prices }],
  };
}

function catalog(): Catalog {
  const providers: CatalogProvider[] = [
    {
      provider: { id: "acme", name: "Acme", currency: "USD", source: S },
      models: [
        {
          id: "big",
          batch: 0.5,
          prices: [
            {
              from: "2026-01-01",
              input: 2,
              cached_input: 0.5,
              output: 8,
              off_peak: { multiplier: 0.25, hours_utc: "16:30-00:30" },
              source: S,
            },
          ],
        },
        { id: "small", prices: [{ from: "2026-01-01", input: 0.5, output: 1, source: S }] },
        { id: "weak", prices: [{ from: "2026-01-01", input: 0.1, output: 0.1, source: S }] },
      ],
    },
    {
      provider: { id: "cheap", name: "Cheap", currency: "USD", source: S },
      models: [{ id: "big", prices: [{ from: "2026-01-01", input: 1, output: 4, source: S }] }],
    },
    {
      provider: { id: "alpha", name: "Alpha", currency: "USD", source: S },
      gpus: [gpuOffer("gx", { on_demand: 2 }), gpuOffer("gy", { on_demand: 3 })],
    },
    {
      provider: { id: "beta", name: "Beta", currency: "USD", source: S },
      gpus: [gpuOffer("gx", { on_demand: 3, spot: 1 }, 100)],
    },
  ];
  const c = tinyCatalog(providers);
  c.accelerators = [GX, GY];
  c.quality = {
    bands: { frontier: 50, strong: 100, mid: 175 },
    snapshots: [
      {
        date: "2026-05-01",
        leaderboard: "Test Arena",
        metric: "arena-elo",
        source: "https://arena.test/2026-05-01",
        top: { name: "top", score: 1300 },
        // big 20 below the top, small 30 below: both frontier. weak 200 below: basic.
        scores: { big: { score: 1280 }, small: { score: 1270 }, weak: { score: 1100 } },
      },
    ],
    overrides: [],
  };
  return c;
}

const OPTS = { asOf: AS_OF, currency: "USD" };

function run(items: Partial<WorkloadInput>): { w: Workload; r: OptimizeReport } {
  const w = Workload.parse({ llmcost: 1, name: "t", as_of: AS_OF, ...items });
  const { report, problems } = optimize(w, catalog(), OPTS);
  expect(problems).toEqual([]);
  return { w, r: report };
}

const api = { model: "big", providers: ["acme"], requests: 1e6, input_tokens: 1000, output_tokens: 100 };
const of = (r: OptimizeReport, lever: string) => r.suggestions.find((s) => s.lever === lever) as Suggestion;

/** The claimed total after a suggestion is what `estimate` prints on the changed workload. */
function totalAfter(w: Workload, s: Suggestion): number {
  return estimate(applyPatches(w, [s.patch]), catalog(), OPTS).estimate.total;
}

describe("optimize: API levers, by hand", () => {
  // The item before: 1e6 requests × 1000 input = 1e9 input tokens × $2 = $2,000;
  // 1e6 × 100 output = 1e8 × $8 = $800. Total $2,800 on acme.
  it("host: the same model on a cheaper host saves $1,400 (50%)", () => {
    const { w, r } = run({ inference: [{ name: "a", ...api }] });
    const s = of(r, "host");
    // cheap: 1e9 × $1 + 1e8 × $4 = $1,000 + $400 = $1,400 → saving $2,800 − $1,400 = $1,400.
    expect(s.cost_before).toBeCloseTo(2800, 6);
    expect(s.cost_after).toBeCloseTo(1400, 6);
    expect(s.saving).toBeCloseTo(1400, 6);
    expect(s.saving_pct).toBeCloseTo(50, 6);
    expect(s.patch.set).toEqual({ providers: ["cheap"] });
    expect(totalAfter(w, s)).toBeCloseTo(s.total_after, 6);
  });

  it("model: a cheaper model of the same class saves $2,200; a weaker class is never proposed", () => {
    const { r } = run({ inference: [{ name: "a", ...api }] });
    const s = of(r, "model");
    // small (frontier, like big): 1e9 × $0.5 + 1e8 × $1 = $500 + $100 = $600 → saving $2,200 (78.6%).
    expect(s.change).toContain("small");
    expect(s.saving).toBeCloseTo(2200, 6);
    expect(s.patch.unset).toEqual(["providers"]);
    // weak (basic) would cost 1e9 × 0.1 + 1e8 × 0.1 = $110, but it is two classes lower.
    expect(r.suggestions.some((x) => x.change.includes("weak"))).toBe(false);
    expect(s.evidence.map((e) => e.source)).toContain("https://arena.test/2026-05-01");
  });

  it("model: never a model whose context window cannot hold the item's requests", () => {
    const c = catalog();
    const small = c.providers[0]?.models?.find((m) => m.id === "small");
    if (!small) throw new Error("fixture");
    // 1,000 input + 100 output = 1,100 tokens per request: a 1,000-token window is too short, 1,100 holds it.
    small.context = 1000;
    const w = Workload.parse({ llmcost: 1, as_of: AS_OF, inference: [{ name: "a", ...api }] });
    expect(optimize(w, c, OPTS).report.suggestions.some((s) => s.lever === "model")).toBe(false);
    small.context = 1100;
    expect(optimize(w, c, OPTS).report.suggestions.some((s) => s.lever === "model")).toBe(true);
  });

  it("model: the workload's quality_classes override the leaderboard (and are needed for both models)", () => {
    const { r } = run({ inference: [{ name: "a", ...api }], quality_classes: { big: "basic", weak: "basic" } });
    // weak: $100 + $10 = $110 → saving $2,690, now the largest.
    expect(r.suggestions[0]?.change).toContain("weak");
    expect(r.suggestions[0]?.saving).toBeCloseTo(2690, 6);
  });

  it("model: a switch to an offering priced at zero says it is free and names the limits", () => {
    const c = catalog();
    const weak = c.providers[0]?.models?.find((m) => m.id === "weak");
    if (!weak) throw new Error("fixture");
    weak.prices = [{ from: "2026-01-01", input: 0, output: 0, source: S }];
    const w = Workload.parse({
      llmcost: 1,
      as_of: AS_OF,
      inference: [{ name: "a", ...api }],
      quality_classes: { big: "basic", weak: "basic" },
    });
    const s = optimize(w, c, OPTS).report.suggestions[0] as Suggestion;
    // $2,800 → $0: the whole cost saved, and the trade-off says why that is too good to take on trust.
    expect(s.saving).toBeCloseTo(2800, 6);
    expect(s.tradeoffs.join(" ")).toMatch(/free offering, usually with rate limits/);
    expect(of(run({ inference: [{ name: "a", ...api }] }).r, "model").tradeoffs.join(" ")).not.toMatch(/free/);
  });

  it("batch and off-peak only for items that can wait; each priced by the engine", () => {
    const interactive = run({ inference: [{ name: "a", ...api }] }).r;
    expect(interactive.suggestions.some((s) => s.lever === "batch" || s.lever === "off_peak")).toBe(false);
    const { w, r } = run({ inference: [{ name: "a", ...api, latency: "flexible" }] });
    // batch ×0.5: $2,800 × 0.5 = $1,400 → saving $1,400.
    expect(of(r, "batch").saving).toBeCloseTo(1400, 6);
    // off-peak ×0.25 on every request: $2,800 × 0.25 = $700 → saving $2,100.
    expect(of(r, "off_peak").saving).toBeCloseTo(2100, 6);
    for (const s of r.suggestions) expect(totalAfter(w, s)).toBeCloseTo(s.total_after, 6);
  });

  it("cache: the repeated prefix read from the cache saves $900", () => {
    const { w, r } = run({ inference: [{ name: "a", ...api, cached_input: 0.2, repeated_prefix: 0.8 }] });
    const s = of(r, "cache");
    // Before: 0.8e9 × $2 + 0.2e9 × $0.5 + $800 = $1,600 + $100 + $800 = $2,500.
    // After (80% cached): 0.2e9 × $2 + 0.8e9 × $0.5 + $800 = $400 + $400 + $800 = $1,600 → $900 (36%).
    expect(s.cost_before).toBeCloseTo(2500, 6);
    expect(s.saving).toBeCloseTo(900, 6);
    expect(s.saving_pct).toBeCloseTo(36, 6);
    expect(s.patch.set).toEqual({ cached_input: 0.8 });
    expect(totalAfter(w, s)).toBeCloseTo(s.total_after, 6);
  });

  it("the plan never adds levers that exclude each other; its total is the estimate of every change", () => {
    const { w, r } = run({ inference: [{ name: "a", ...api, latency: "flexible" }] });
    const levers = r.plan.suggestions.map((id) => r.suggestions[id - 1]?.lever);
    expect(levers.filter((l) => l === "host" || l === "model" || l === "self_host").length).toBeLessThanOrEqual(1);
    const planned = estimate(applyPatches(w, r.plan.patches), catalog(), OPTS).estimate.total;
    expect(planned).toBeCloseTo(r.plan.total_after, 6);
    // The plan saves at least as much as its largest single change, never the plain sum of exclusive ones.
    expect(r.plan.saving).toBeGreaterThanOrEqual(Math.max(...r.suggestions.map((s) => s.saving)) - 1e-6);
    expect(r.plan.total_after).toBeGreaterThanOrEqual(0);
  });

  it("ranks by saving, largest first, numbered from 1", () => {
    const { r } = run({
      inference: [{ name: "a", ...api, latency: "flexible", cached_input: 0.2, repeated_prefix: 0.8 }],
    });
    expect(r.suggestions.map((s) => s.id)).toEqual(r.suggestions.map((_, i) => i + 1));
    for (let i = 1; i < r.suggestions.length; i++)
      expect((r.suggestions[i - 1] as Suggestion).saving).toBeGreaterThanOrEqual(
        (r.suggestions[i] as Suggestion).saving,
      );
  });
});

describe("optimize: training levers, by hand", () => {
  // flops 3.6e21 on 8 × gx (1,000 TFLOPS bf16) at MFU 0.4:
  // GPU-hours = 3.6e21 / (1e15 · 0.4 · 3600) = 2,500 → on alpha at $2: $5,000 (beta on demand: $7,500).
  const job = { name: "pt", model: { parameters: "1B" }, flops: 3.6e21, gpu: "gx", gpus: 8, mfu: 0.4 };

  it("spot with checkpoint overhead: mfu 0.4 / 1.1 = 0.3636, beta spot $1 → saving $2,249.72", () => {
    const { w, r } = run({ training: [job] });
    const s = of(r, "training_spot");
    // GPU-hours = 3.6e21 / (1e15 · 0.3636 · 3600) = 2,750.275 → × $1 = $2,750.28; $5,000 − $2,750.28 = $2,249.72.
    expect(s.patch.set).toEqual({ pricing: "spot", mfu: 0.3636 });
    expect(s.cost_after).toBeCloseTo(1e6 / 363.6, 6);
    expect(s.saving).toBeCloseTo(5000 - 1e6 / 363.6, 6);
    expect(totalAfter(w, s)).toBeCloseTo(s.total_after, 6);
  });

  it("another GPU: gy (2,000 TFLOPS) at $3 → 1,250 GPU-hours, $3,750, saving $1,250", () => {
    const { r } = run({ training: [job] });
    const s = of(r, "training_gpu");
    expect(s.patch.set).toEqual({ gpu: "gy" });
    expect(s.cost_after).toBeCloseTo(3750, 6);
    expect(s.saving).toBeCloseTo(1250, 6);
  });

  it("MFU 0.4 → 0.45: 2,222.2 GPU-hours × $2 = $4,444.44, saving $555.56; none at 0.45 or above", () => {
    const { r } = run({ training: [job] });
    const s = of(r, "training_mfu");
    expect(s.cost_after).toBeCloseTo((3.6e21 / (1e15 * 0.45 * 3600)) * 2, 6);
    expect(s.saving).toBeCloseTo(5000 - 4444.444444, 4);
    expect(run({ training: [{ ...job, mfu: 0.45 }] }).r.suggestions.some((x) => x.lever === "training_mfu")).toBe(
      false,
    );
  });

  it("lower-carbon region: beta's grid (100 g/kWh) against the default 436 saves 77% of the CO2 and costs $2,500 more", () => {
    const { r } = run({ training: [job] });
    const s = of(r, "training_region");
    // Same GPU-hours and power on both: CO2 scales with the grid, (436 − 100) / 436 = 77.06% of it saved.
    const before = estimate(Workload.parse({ llmcost: 1, as_of: AS_OF, training: [job] }), catalog(), OPTS).estimate
      .items[0]?.options[0]?.co2_kg as number;
    expect(s.co2_kg_saved).toBeCloseTo((before * (436 - 100)) / 436, 6);
    // beta on demand: 2,500 GPU-hours × $3 = $7,500: a cost of $2,500, so not in the plan.
    expect(s.saving).toBeCloseTo(-2500, 6);
    expect(r.plan.suggestions).not.toContain(s.id);
  });
});
