import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { annuity, breakEvenUtilization, ownRates } from "../../src/engine/own.js";
import type { Accelerator, Catalog, CatalogProvider } from "../../src/schema/catalog.js";
import { Workload, type WorkloadInput } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";

// Rent versus own, and which offers a cluster-sized training run may use, worked by hand.

const GX: Accelerator = {
  id: "gx",
  name: "Test GPU",
  memory_gb: 80,
  memory_bandwidth_tbs: 2,
  tflops: { bf16: 1000 },
  tdp_w: 500,
  purchase: [
    {
      from: "2025-01-01",
      server: "GX 8-GPU",
      gpus: 8,
      price: 200_000,
      server_kw: 8,
      source: "https://vendor.test/quote",
    },
  ],
  source: "test",
};

function offer(id: string, price: number, extra: Record<string, unknown>): CatalogProvider {
  return {
    provider: { id, name: id, currency: "USD", source: `https://${id}.test/pricing` },
    gpus: [{ gpu: "gx", prices: [{ from: "2026-01-01", on_demand: price }], ...extra }],
  };
}

function catalog(): Catalog {
  const c = tinyCatalog([
    offer("market", 1.5, { gpus_per_instance: 1, market_median: true }),
    offer("nodes", 2.0, { gpus_per_instance: 8 }),
    offer("cluster", 3.0, { gpus_per_instance: 8, sells: "cluster", fabric: "infiniband", max_gpus: 4096 }),
  ]);
  c.accelerators = [GX];
  c.models = [
    {
      id: "m",
      parameters: 1e9,
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

function train(gpus: number, extra: Record<string, unknown> = {}) {
  const w = Workload.parse({
    llmcost: 1,
    training: [{ name: "t", model: "m", gpu: "gx", gpus, tokens: "1T", mfu: 0.5, ...extra }],
  } as WorkloadInput);
  return estimate(w, catalog(), { asOf: "2026-06-01", currency: "USD" }).estimate.items[0];
}

describe("training: what an offer sells decides whether a run fits on it", () => {
  it("prices a 1,024-GPU run only on the cluster offer, and says why the others were left out", () => {
    const item = train(1024);
    expect(item?.options.map((o) => o.provider)).toEqual(["cluster"]);
    expect(item?.selected?.provider).toBe("cluster");
    const notes = item?.notes.join("\n") ?? "";
    expect(notes).toMatch(
      /left out for a 1,024-GPU run: market\/gx: sells single-GPU listings with no training-grade interconnect between them in the catalog/,
    );
    expect(notes).toMatch(
      /left out for a 1,024-GPU run: nodes\/gx: sells 8-GPU nodes with no training-grade interconnect/,
    );
  });

  it("lets a job that fits one instance use any offer", () => {
    expect(
      train(8)
        ?.options.map((o) => o.provider)
        .sort(),
    ).toEqual(["cluster", "nodes"]);
    expect(
      train(1)
        ?.options.map((o) => o.provider)
        .sort(),
    ).toEqual(["cluster", "market", "nodes"]);
  });

  it("refuses a cluster offer past its published size", () => {
    const item = train(8192);
    expect(item?.options).toEqual([]);
    expect(item?.notes.join("\n")).toMatch(
      /left out for a 8,192-GPU run: cluster\/gx: its infiniband clusters reach 4,096 GPUs/,
    );
  });

  it("gives low / base / high from the published MFU spread", () => {
    // FLOPs 6 · 1e9 · 1e12 = 6e21; GPU-hours = 6e21 / (1e15 · 0.5 · 3600) = 3,333.33; at $3 = $10,000
    const o = train(1024)?.options[0];
    expect(o?.cost).toBeCloseTo(10_000, 6);
    expect(o?.range?.low).toBeCloseTo((10_000 * 0.37) / 0.43, 6);
    expect(o?.range?.high).toBeCloseTo((10_000 * 0.37) / 0.346, 6);
  });
});

describe("rent versus own", () => {
  it("annuity and rates by hand", () => {
    // 200,000 at 8% over 4 years: 200,000 · 0.08 / (1 − 1.08^−4) = 16,000 / 0.264970 = 60,384.16 per year
    expect(annuity(200_000, 0.08, 4)).toBeCloseTo(60_384.16, 1);
    expect(annuity(200_000, 0, 4)).toBe(50_000);
    const r = ownRates({
      server: "GX 8-GPU",
      price: 200_000,
      gpus: 8,
      kw: 8,
      lifetime_years: 4,
      cost_of_capital: 0.08,
      utilization: 0.7,
      pue: 1.3,
      grid_usd_per_kwh: 0.1,
      colo_usd_per_kw_month: 150,
      source: "",
      price_from: "",
    });
    // fixed per GPU-hour = (60,384.16 / 8,760 + 150 · 8 / 730) / 8 = (6.89317 + 1.64384) / 8 = 1.067126
    expect(r.fixed_per_gpu_hour).toBeCloseTo(1.067126, 5);
    // energy per GPU-hour = 8 kW · 0.75 · 1.3 · $0.10 / 8 = $0.0975
    expect(r.energy_per_gpu_hour).toBeCloseTo(0.0975, 10);
    // per GPU-hour of work at 70%: 1.067126 / 0.7 + 0.0975 = 1.621966
    expect(r.per_gpu_hour).toBeCloseTo(1.621966, 5);
    // break-even against $3/GPU-hour rented: u* = 1.067126 / (3 − 0.0975) = 0.367658
    expect(breakEvenUtilization(r, 3)).toBeCloseTo(0.367658, 5);
    // renting at or below the energy cost alone: owning never pays
    expect(breakEvenUtilization(r, 0.09)).toBeNull();
    // renting cheaper than owning even at 100% load (fixed 1.067 + energy 0.0975 > 1.1): null
    expect(breakEvenUtilization(r, 1.1)).toBeNull();
  });

  it("prices the owned cluster as its own option beside renting, with the break-even utilization", () => {
    const item = train(1024, {
      own: {
        utilization: 0.7,
        grid_usd_per_kwh: 0.1,
        colo_usd_per_kw_month: 150,
        pue: 1.3,
        lifetime_years: 4,
        cost_of_capital: 0.08,
      },
    });
    const own = item?.options.find((o) => o.via === "own");
    // u* = 0.3676576 (printed to 6 significant digits, 36.7657…%); 3,333.33 GPU-hours · 1.621966 = $5,406.55; rented on the cluster at $3: $10,000
    expect(own?.cost).toBeCloseTo((6e21 / (1e15 * 0.5 * 3600)) * 1.621966, 1);
    expect(own?.offering).toBe("128 × GX 8-GPU");
    expect(own?.ownership?.break_even_utilization).toBeCloseTo(0.367658, 5);
    expect(own?.break_even).toEqual({ quantity: own?.ownership?.break_even_utilization, unit: "utilization" });
    expect(own?.notes.join(" ")).toMatch(/owning beats renting at \$3\/GPU-hour above 36\.765\d% utilization/);
    expect(item?.options.map((o) => o.via).sort()).toEqual(["gpu_cloud", "own"]);
  });
});

describe("rent versus own for self-hosting", () => {
  it("prices the owned replica fleet around the clock, with its break-even utilization", () => {
    const c = catalog();
    c.models.push({
      id: "s",
      parameters: 10e9,
      layers: 10,
      hidden: 1000,
      attention_heads: 2,
      kv_heads: 2,
      head_dim: 100,
      context: 8192,
      source: "test",
    });
    const w = Workload.parse({
      llmcost: 1,
      inference: [
        {
          name: "chat",
          model: "s",
          input_tokens: 1000,
          output_tokens: 1000,
          requests_per_day: 1000,
          self_host: { gpu: "gx", utilization: 0.5, own: { grid_usd_per_kwh: 0.1, colo_usd_per_kw_month: 150 } },
        },
      ],
    } as WorkloadInput);
    const item = estimate(w, c, { asOf: "2026-06-01", currency: "USD" }).estimate.items[0];
    const own = item?.options.find((o) => o.via === "own");
    // one 1-GPU replica (20 GB of weights on an 80 GB GPU) for 730 h: 730 GPU-hours of work at utilization 1
    // (the fleet serves the item around the clock); servers are bought whole, so 8 GPUs are owned and all
    // 8 · 730 = 5,840 owned GPU-hours carry the fixed $1.067126 (PUE 1.3, 4 years at 8% by default);
    // energy $0.0975 on the 730 used: 5,840 · 1.067126 + 730 · 0.0975 = $6,303.19
    expect(own?.gpu_hours).toBe(730);
    expect(own?.cost).toBeCloseTo(5840 * 1.067126 + 730 * 0.0975, 1);
    expect(own?.notes.join(" ")).toMatch(/8 GPUs owned for 1 used/);
    // the cheapest rented price is the marketplace's $1.5/GPU-hour: u* = 1.067126 / (1.5 − 0.0975) = 0.760874
    expect(own?.ownership?.break_even_utilization).toBeCloseTo(0.760874, 4);
    expect(own?.offering).toBe("s on owned GX 8-GPU");
  });
});
