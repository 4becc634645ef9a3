import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { intersectProviders } from "../../src/engine/gpu.js";
import type { Accelerator, Catalog, CatalogProvider } from "../../src/schema/catalog.js";
import { Workload, type WorkloadInput } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { embedded } from "../helpers/cli.js";

const GX: Accelerator = {
  id: "gx",
  name: "Test GPU",
  memory_gb: 80,
  memory_bandwidth_tbs: 2,
  tflops: { bf16: 1000 },
  tdp_w: 500,
  source: "test",
};

function cloud(
  id: string,
  prices: Record<string, number>,
  extra: Partial<CatalogProvider> = {},
  grid?: number,
): CatalogProvider {
  return {
    provider: { id, name: id, currency: "USD", source: `https://${id}.test/pricing` },
    gpus: [
      {
        gpu: "gx",
        gpus_per_instance: 1,
        // sold as clusters on InfiniBand, so multi-GPU jobs may run on it (see "cluster offers" below)
        sells: "cluster",
        fabric: "infiniband",
        max_gpus: 4096,
        ...(grid !== undefined ? { grid_gco2_per_kwh: grid } : {}),
        prices: [{ from: "2026-01-01", ...prices }],
      },
    ],
    ...extra,
  };
}

function catalog(): Catalog {
  const c = tinyCatalog([
    cloud("alpha", { on_demand: 2 }, { storage: [{ from: "2026-01-01", object: 0.02 }] }),
    cloud("beta", { on_demand: 3, spot: 1 }, {}, 100),
  ]);
  c.accelerators = [GX];
  c.models = [
    {
      id: "dense-1b",
      parameters: 1e9,
      layers: 16,
      hidden: 2048,
      attention_heads: 16,
      kv_heads: 4,
      head_dim: 128,
      context: 4096,
      source: "test",
    },
    {
      id: "moe-10b",
      parameters: 10e9,
      active_parameters: 2e9,
      layers: 16,
      hidden: 2048,
      attention_heads: 16,
      kv_heads: 4,
      head_dim: 128,
      context: 4096,
      source: "test",
    },
  ];
  return c;
}

function run(
  training: Record<string, unknown>,
  c: Catalog = catalog(),
  opts: { explain?: boolean; asOf?: string } = {},
) {
  const w = Workload.parse({
    llmcost: 1,
    training: [{ name: "t", gpu: "gx", gpus: 10, ...training }],
  } as WorkloadInput);
  return estimate(w, c, { asOf: opts.asOf ?? "2026-06-01", currency: "USD", explain: opts.explain });
}

describe("training: FLOPs, GPU-hours, cost, energy, CO2", () => {
  it("prices a dense run by hand arithmetic", () => {
    const { estimate: e, problems } = run({
      model: "dense-1b",
      tokens: "1T",
      mfu: 0.5,
      checkpoints: { size_gb: 100, count: 5, months: 2 },
    });
    expect(problems).toEqual([]);
    const item = e.items[0];
    // FLOPs = 6 · 1e9 · 1e12 · 1 = 6e21
    // GPU-hours = 6e21 / (1e15 · 0.5 · 3600) = 3,333.333…; wall-clock = 3,333.33 / 10 = 333.33 h
    const alpha = item?.options.find((o) => o.provider === "alpha");
    expect(alpha?.flops).toBe(6e21);
    expect(alpha?.gpu_hours).toBeCloseTo(3333.3333, 3);
    expect(alpha?.wall_clock_hours).toBeCloseTo(333.3333, 3);
    // compute = 3,333.33 × $2 = $6,666.67; storage = 100 · 5 · 2 = 1,000 GB-months × $0.02 = $20
    expect(alpha?.components.map((c) => [c.name, c.cost])).toEqual([
      ["compute", expect.closeTo(6666.6667, 3)],
      ["storage", expect.closeTo(20, 9)],
    ]);
    expect(alpha?.cost).toBeCloseTo(6686.6667, 3);
    // energy = 3,333.33 · 500 W / 1000 · PUE 1.2 = 2,000 kWh; CO2 at the world average 436 g = 872 kg
    expect(alpha?.energy_kwh).toBeCloseTo(2000, 6);
    expect(alpha?.co2_kg).toBeCloseTo(872, 6);
    // beta: $3 × 3,333.33 = $10,000; no storage price → not priced, said so; grid 100 g → 200 kg
    const beta = item?.options.find((o) => o.provider === "beta");
    expect(beta?.cost).toBeCloseTo(10000, 6);
    expect(beta?.co2_kg).toBeCloseTo(200, 6);
    expect(beta?.notes.join(" ")).toMatch(/no storage price.*not priced/);
    expect(item?.selected?.provider).toBe("alpha");
    expect(item?.options.every((o) => o.via === "gpu_cloud")).toBe(true);
    // the selected option (alpha) includes the storage: no warning
    expect(e.warnings).toEqual([]);
    // defaults named in the notes: PUE, power, world grid
    expect(item?.notes.join("\n")).toMatch(/defaults used: .*power 500 W.*PUE 1\.2.*436 gCO2\/kWh/);
  });

  it("uses active parameters for MoE, MFU 0.40 by default, and 4·N for LoRA", () => {
    // 6 · 2e9 · 1e11 = 1.2e21 FLOPs; / (1e15 · 0.4 · 3600) = 833.33 GPU-hours
    const moe = run({ model: "moe-10b", tokens: "100B" }).estimate.items[0];
    expect(moe?.options[0]?.flops).toBe(1.2e21);
    expect(moe?.options[0]?.gpu_hours).toBeCloseTo(833.3333, 3);
    expect(moe?.notes.join("\n")).toMatch(/mfu 0\.4/);
    // LoRA: 4 · 1e9 · 1e11 · 2 epochs = 8e20 FLOPs
    const lora = run({ model: "dense-1b", tokens: "100B", epochs: 2, method: "lora" }).estimate.items[0];
    expect(lora?.options[0]?.flops).toBe(8e20);
  });

  it("uses given flops and price_per_gpu_hour", () => {
    // 3.6e21 / (1e15 · 1 · 3600) = 1,000 GPU-hours × $1.50 = $1,500
    const item = run({ model: { parameters: "1B" }, flops: 3.6e21, mfu: 1, price_per_gpu_hour: 1.5 }).estimate.items[0];
    expect(item?.options).toHaveLength(1);
    expect(item?.options[0]?.provider).toBe("own");
    expect(item?.options[0]?.cost).toBeCloseTo(1500, 9);
  });

  it("leaves out a provider that does not publish the price model, with a note (never $0)", () => {
    const item = run({ model: "dense-1b", tokens: "1B", pricing: "spot" }).estimate.items[0];
    expect(item?.options.map((o) => o.provider)).toEqual(["beta"]);
    expect(item?.notes.join("\n")).toMatch(/alpha\/gx publishes no spot price for gx: left out/);
    expect(item?.options.every((o) => o.cost > 0)).toBe(true);
  });

  it("warns when weights, gradients and Adam state cannot fit, naming the minimum GPU count", () => {
    // 16 bytes · 70e9 = 1.12e12 B; / 80e9 per GPU = 14 GPUs
    const { estimate: e } = run({ model: { parameters: "70B" }, tokens: "1B", gpus: 8 });
    expect(e.warnings.join("\n")).toMatch(/t: .*1,120 GB.*at least 14 × gx/);
    const ok = run({ model: { parameters: "70B" }, tokens: "1B", gpus: 14 }).estimate;
    expect(ok.warnings).toEqual([]);
  });

  it("explains every number with its formula and catalog entry", () => {
    const item = run(
      { model: "dense-1b", tokens: "1T", mfu: 0.5, checkpoints: { size_gb: 100, count: 5, months: 2 } },
      catalog(),
      {
        explain: true,
      },
    ).estimate.items[0];
    const alpha = item?.options.find((o) => o.provider === "alpha");
    const whats = alpha?.explain?.map((x) => x.what) ?? [];
    expect(whats).toEqual([
      "training FLOPs",
      "GPU-hours",
      "wall-clock hours",
      "energy kWh",
      "alpha/gx compute",
      "alpha/gx storage",
      "alpha/gx CO2 kg",
    ]);
    const compute = alpha?.explain?.find((x) => x.what === "alpha/gx compute");
    expect(compute?.source).toEqual({
      provider: "alpha",
      entry_from: "2026-01-01",
      source: "https://alpha.test/pricing",
    });
    expect(alpha?.explain?.[1]?.values).toBe("6e21 / (1e15 · 0.5 · 3600)");
  });
});

describe("training: checkpoint storage left out of the selected option", () => {
  const checkpoints = { size_gb: 100, count: 5, months: 2 }; // 100 · 5 · 2 = 1,000 GB-months

  it("warns when the selected cloud publishes no storage price; the option is kept", () => {
    // beta at $1/GPU-h: 3.6e21 / (1e15 · 1 · 3600) = 1,000 GPU-hours → $1,000 (no storage);
    // alpha $2 → $2,000 + 1,000 GB-months × $0.02 = $2,020: beta is selected without its storage
    const c = catalog();
    const beta = c.providers.find((p) => p.provider.id === "beta")?.gpus?.[0]?.prices[0];
    if (beta) beta.on_demand = 1;
    const { estimate: e } = run({ model: "dense-1b", flops: 3.6e21, mfu: 1, checkpoints }, c);
    const item = e.items[0];
    expect(item?.options.map((o) => [o.provider, o.cost])).toEqual([
      ["beta", expect.closeTo(1000, 6)],
      ["alpha", expect.closeTo(2020, 6)],
    ]);
    expect(item?.selected?.provider).toBe("beta");
    expect(e.warnings).toEqual([
      "t: selected option beta/gx: checkpoint storage (1,000 GB-months) is not included in that cost, as beta publishes no storage price in the catalog; other options include it",
    ]);
  });

  it("with price_per_gpu_hour, says storage is not priced with it and that providers/pricing are ignored", () => {
    // 1,000 GPU-hours × $1.50 = $1,500, storage not priced
    const { estimate: e } = run({
      model: "dense-1b",
      flops: 3.6e21,
      mfu: 1,
      price_per_gpu_hour: 1.5,
      providers: ["alpha"],
      checkpoints,
    });
    const own = e.items[0]?.options[0];
    expect(own?.provider).toBe("own");
    expect(own?.cost).toBeCloseTo(1500, 9);
    expect(own?.notes.join("\n")).toMatch(
      /checkpoint storage \(1,000 GB-months\) is not priced with price_per_gpu_hour/,
    );
    expect(own?.notes.join("\n")).not.toMatch(/publishes no storage price/);
    expect(e.warnings).toHaveLength(1);
    expect(e.warnings[0]).toMatch(
      /^t: checkpoint storage is not priced with price_per_gpu_hour: .*1,000 GB-months.*providers and pricing are ignored when price_per_gpu_hour is given/,
    );
  });

  it("without checkpoints, price_per_gpu_hour with providers only notes that providers are ignored", () => {
    const { estimate: e } = run({ model: "dense-1b", flops: 3.6e21, price_per_gpu_hour: 1.5, providers: ["alpha"] });
    expect(e.warnings).toEqual([]);
    expect(e.items[0]?.notes).toContain("providers and pricing are ignored when price_per_gpu_hour is given");
  });
});

describe("training: providers narrowed by the CLI filter", () => {
  it("intersects the item's providers with --provider", () => {
    expect(intersectProviders(undefined, undefined)).toBeUndefined();
    expect(intersectProviders(["alpha", "beta"], undefined)).toEqual(new Set(["alpha", "beta"]));
    expect(intersectProviders(undefined, ["beta"])).toEqual(new Set(["beta"]));
    expect(intersectProviders(["alpha", "beta"], ["beta", "gamma"])).toEqual(new Set(["beta"]));
    const w = Workload.parse({
      llmcost: 1,
      training: [{ name: "t", gpu: "gx", gpus: 10, model: "dense-1b", tokens: "1B", providers: ["alpha", "beta"] }],
    });
    const r = estimate(w, catalog(), { asOf: "2026-06-01", currency: "USD", providers: ["beta"] });
    expect(r.estimate.items[0]?.options.map((o) => o.provider)).toEqual(["beta"]);
  });
});

describe("training: bad input comes back as problems with paths", () => {
  it("unknown accelerator, with did you mean", () => {
    const { problems } = run({ model: "dense-1b", tokens: "1B", gpu: "gx1" });
    expect(problems).toMatchObject([{ kind: "unknown_gpu", path: ["training", 0, "gpu"], hint: 'did you mean "gx"?' }]);
  });
  it("a precision the accelerator has no peak for", () => {
    const { problems } = run({ model: "dense-1b", tokens: "1B", precision: "fp8" });
    expect(problems).toMatchObject([
      { kind: "invalid", path: ["training", 0, "precision"], message: "gx has no published fp8 peak" },
    ]);
  });
  it("neither tokens nor flops", () => {
    const { problems } = run({ model: "dense-1b" });
    expect(problems[0]?.message).toMatch(/give tokens .* or flops/);
  });
  it("unknown model key", () => {
    const { problems } = run({ model: "dense-1", tokens: "1B" });
    expect(problems).toMatchObject([
      { kind: "unknown_model", path: ["training", 0, "model"], hint: 'did you mean "dense-1b"?' },
    ]);
  });
  it("mfu outside (0, 1] and zero GPUs are schema faults", () => {
    const bad = (t: Record<string, unknown>) =>
      Workload.safeParse({ llmcost: 1, training: [{ name: "t", model: "x", gpu: "gx", gpus: 1, tokens: 1, ...t }] })
        .success;
    expect(bad({ mfu: 1.2 })).toBe(false);
    expect(bad({ mfu: 0 })).toBe(false);
    expect(bad({ gpus: 0 })).toBe(false);
    expect(bad({ mfu: 1 })).toBe(true);
  });
  it("tokens: 0 and flops: 0 are refused (they would price every option at $0)", () => {
    const parse = (t: Record<string, unknown>) =>
      Workload.safeParse({ llmcost: 1, training: [{ name: "t", model: "x", gpu: "gx", gpus: 1, ...t }] });
    for (const t of [{ tokens: 0 }, { tokens: "0B" }, { flops: 0 }, { tokens: "1B", flops: "0" }]) {
      const r = parse(t);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual(["expected more than 0"]);
    }
    expect(parse({ tokens: "1B" }).success).toBe(true);
    expect(parse({ flops: 2.4e21 }).success).toBe(true);
  });
});

/**
 * Published training runs, reproduced from their hardware and an MFU (the effective MFU over the
 * whole run, which the papers' GPU-hours imply; docs/formulas.md). Within 2% of the published GPU-hours.
 */
describe("training: published runs reproduced within 2%", () => {
  const cases: Array<{
    name: string;
    model: string;
    tokens: string;
    gpu: string;
    mfu: number;
    published: number;
    cite: string;
  }> = [
    {
      name: "Llama 3.1 405B",
      model: "llama-3.1-405b",
      tokens: "15.6T",
      gpu: "h100-sxm",
      mfu: 0.346,
      published: 30.84e6,
      // 6 · 405.9e9 · 15.6e12 = 3.7992e25 FLOPs / (989e12 · 0.346 · 3600) = 30.84M GPU-hours
      cite: "Llama 3.1 model card (30.84M H100-80GB GPU-hours for 405B); 15.6T tokens: Llama 3 Herd paper arXiv 2407.21783 §3",
    },
    {
      name: "Llama 2 70B",
      model: "llama-2-70b",
      tokens: "2T",
      gpu: "a100-80gb",
      mfu: 0.43,
      published: 1_720_320,
      // 6 · 69e9 · 2e12 = 8.28e23 / (312e12 · 0.43 · 3600) = 1,714,371 GPU-hours (−0.35%)
      cite: "Llama 2 paper arXiv 2307.09288, Table 2 (1,720,320 A100-80GB GPU-hours); 2.0T tokens, Table 1",
    },
    {
      name: "Llama 2 7B",
      model: "llama-2-7b",
      tokens: "2T",
      gpu: "a100-80gb",
      mfu: 0.39,
      published: 184_320,
      // 6 · 6.74e9 · 2e12 = 8.088e22 / (312e12 · 0.39 · 3600) = 184,637 GPU-hours (+0.17%)
      cite: "Llama 2 paper arXiv 2307.09288, Table 2 (184,320 A100-80GB GPU-hours)",
    },
    {
      name: "DeepSeek-V3 (MoE, 37B active)",
      model: "deepseek-v3",
      tokens: "14.8T",
      gpu: "h800",
      mfu: 0.35,
      published: 2_664_000,
      // 6 · 37e9 · 14.8e12 = 3.2856e24 / (989e12 · 0.35 · 3600) = 2,636,622 GPU-hours (−1.0%), bf16-peak MFU
      cite: "DeepSeek-V3 Technical Report arXiv 2412.19437, Table 1 (pre-training 2,664K H800 GPU-hours, 14.8T tokens)",
    },
  ];
  for (const c of cases)
    it(`${c.name}: ${c.cite}`, () => {
      const w = Workload.parse({
        llmcost: 1,
        training: [
          { name: c.name, model: c.model, tokens: c.tokens, gpu: c.gpu, gpus: 1024, mfu: c.mfu, price_per_gpu_hour: 1 },
        ],
      });
      const { estimate: e, problems } = estimate(w, embedded(), { asOf: "2026-11-01", currency: "USD" });
      expect(problems).toEqual([]);
      const hours = e.items[0]?.options[0]?.gpu_hours as number;
      expect(Math.abs(hours / c.published - 1)).toBeLessThan(0.02);
    });
});
