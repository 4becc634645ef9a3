import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { breakEvenRequests } from "../../src/engine/selfhost.js";
import { kvBytesPerToken } from "../../src/engine/serving.js";
import type { Accelerator, Catalog, CatalogProvider } from "../../src/schema/catalog.js";
import { Workload } from "../../src/schema/workload.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { embedded } from "../helpers/cli.js";

const GX: Accelerator = {
  id: "gx",
  name: "Test GPU",
  memory_gb: 100,
  memory_bandwidth_tbs: 2,
  tflops: { bf16: 1000 },
  tdp_w: 500,
  efficiency: { prefill: 0.5, decode_bandwidth: 0.5, decode_compute: 0.5, source: "test" },
  source: "test",
};

function catalog(): Catalog {
  const gpuCloud: CatalogProvider = {
    provider: { id: "cloud", name: "Cloud", currency: "USD", source: "https://cloud.test/pricing" },
    gpus: [{ gpu: "gx", gpus_per_instance: 1, prices: [{ from: "2026-01-01", on_demand: 2 }] }],
  };
  const api: CatalogProvider = {
    provider: { id: "api", name: "API", currency: "USD", source: "https://api.test/pricing" },
    models: [{ id: "m-chat", model: "m", prices: [{ from: "2026-01-01", input: 1, output: 2 }] }],
  };
  const c = tinyCatalog([gpuCloud, api]);
  c.accelerators = [GX];
  c.models = [
    {
      id: "m",
      parameters: 10e9,
      layers: 10,
      hidden: 1000,
      attention_heads: 2,
      kv_heads: 2,
      head_dim: 100,
      context: 8192,
      source: "test",
    },
  ];
  return c;
}

function run(item: Record<string, unknown>, c: Catalog = catalog(), explain = false) {
  const w = Workload.parse({
    llmcost: 1,
    inference: [
      {
        name: "chat",
        model: "m",
        input_tokens: 1000,
        output_tokens: 1000,
        requests_per_day: 100_000,
        self_host: { gpu: "gx", utilization: 0.5 },
        ...item,
      },
    ],
  });
  return estimate(w, c, { asOf: "2026-06-01", currency: "USD", explain });
}

describe("self-hosted inference: serving plan and cost by hand", () => {
  it("sizes the replica, the batch, the throughputs and the cost", () => {
    const { estimate: e, problems } = run({});
    expect(problems).toEqual([]);
    const item = e.items[0];
    const sh = item?.options.find((o) => o.via === "self_host");
    // W = 10e9 · 2 = 20e9 B; KV/token = 2 · 10 · 2 · 100 · 2 = 8,000 B; context 1,000 + 1,000/2 = 1,500 → 12e6 B a sequence
    // 1 GPU: (100e9 · 0.9 − 20e9) / 12e6 = 5,833 sequences ≥ 32; cap 512 per GPU → batch 512 (max_batch binds);
    // 2 GPUs would have the same per-GPU throughput divided by 1 + 0.07 → g = 1 (fewest GPU-seconds per request)
    expect(sh?.gpus_per_replica).toBe(1);
    expect(sh?.serving?.batch).toBe(512);
    expect(sh?.serving?.binding).toBe("max_batch");
    // prefill alone: 1e15 · 0.5 / (2 · 10e9 + attention 4 · 10 · 2 · 100 · 500) = 5e14 / 2.0004e10 = 24,995.0 tokens/s
    expect(sh?.prefill_tokens_per_second).toBeCloseTo(5e14 / 2.0004e10, 6);
    // step with chunked prefill: tokens = 512 · (1 + 1,000/1,000) = 1,024
    //   memory  = (20e9 + 512 · 8,000 · 1,500) / (2e12 · 0.5) = 0.026144 s
    //   compute = (1,024 · 2e10 + 512 · 8,000 · 1,500 + 512 · 1 · 8,000 · 500) / (1e15 · 0.5) = 2.0488192e13 / 5e14 = 0.040976384 s
    // compute-bound; output tokens/s = 512 / 0.040976384 = 12,495.0
    expect(sh?.serving?.bound).toBe("compute");
    expect(sh?.serving?.tpot_seconds).toBeCloseTo(0.040976384, 12);
    expect(sh?.output_tokens_per_second).toBeCloseTo(512 / 0.040976384, 6);
    // low/base/high from the holdout spread: × (1 − 0.19), × 1, × (1 + 0.40)
    expect(sh?.range?.low).toBeCloseTo(1460 * 0.81, 9);
    expect(sh?.range?.high).toBeCloseTo(1460 * 1.4, 9);
    // R = 100,000 · 730 / 24 = 3,041,666.7; one replica carries 730 · 3600 · 0.5 / (1,000 / 12,495.0) = 16.42M → 1 replica
    expect(sh?.replicas).toBe(1);
    // 1 GPU · 730 h × $2 = $1,460
    expect(sh?.gpu_hours).toBe(730);
    expect(sh?.cost).toBeCloseTo(1460, 9);
    // $ per 1M output tokens = 1,460 / (3,041,666.7 · 1,000 / 1e6) = 0.48
    expect(sh?.cost_per_1m_output_tokens).toBeCloseTo(0.48, 9);
    // energy = 730 · 500 / 1000 · 1.2 = 438 kWh; CO2 = 438 · 436 / 1000 = 190.968 kg
    expect(sh?.energy_kwh).toBeCloseTo(438, 9);
    expect(sh?.co2_kg).toBeCloseTo(190.968, 9);
    // API: R · (1,000 · $1 + 1,000 · $2) / 1e6 = $0.003 · R = $9,125; self-hosting is cheaper and selected
    expect(item?.selected).toEqual({ provider: "cloud", offering: "m on gx", via: "self_host" });
    expect(item?.options.map((o) => o.via)).toEqual(["self_host", "api"]);
  });

  it("gives the break-even traffic in requests/day, or says it never comes within 100×", () => {
    // one replica costs $1,460 / month; API $0.003 / request → 486,666.7 requests/month = 16,000 requests/day
    const busy = run({ requests_per_day: 1000 }).estimate.items[0];
    expect(busy?.notes.join("\n")).toMatch(
      /break-even: self-hosting \(cloud\/m on gx\) beats the cheapest API option \(api\/m-chat\) from 16,000 requests\/day \(this item: 1,000\)/,
    );
    const quiet = run({ requests_per_day: 100 }).estimate.items[0];
    expect(quiet?.notes.join("\n")).toMatch(
      /never beats the cheapest API option \(api\/m-chat\) within 100× this item's traffic \(10,000 requests\/day\)/,
    );
  });

  it("adds replicas for traffic and rents whole instances", () => {
    // 16,418,431 requests per replica-month (above) → 300M requests need ceil(300e6 / 16,418,431) = 19
    const c = catalog();
    const offer = c.providers[0]?.gpus?.[0];
    if (offer) offer.gpus_per_instance = 8;
    const sh = run({ requests_per_day: undefined, requests: 300e6 }, c).estimate.items[0]?.options.find(
      (o) => o.via === "self_host",
    );
    expect(sh?.replicas).toBe(19);
    // 19 GPUs in 8-GPU instances → 24 rented · 730 h · $2 = $35,040
    expect(sh?.gpu_hours).toBe(24 * 730);
    expect(sh?.cost).toBeCloseTo(35_040, 6);
    expect(sh?.notes.join(" ")).toMatch(/24 GPUs rented for 19 used/);
  });

  it("break-even search handles step costs", () => {
    // cap 100 requests per replica, $10 per replica; API $0.05/request → crossing at 200 requests > cap 100: never in step 1;
    // step 2 (101..200): $20 / 0.05 = 400 > 200; never — $0.10/request per replica is above $0.05
    expect(breakEvenRequests((r) => Math.ceil(r / 100) * 10, 0.05, 100, 1e6)).toBeUndefined();
    // API $0.2/request: step 1 crossing at $10 / 0.2 = 50 requests
    expect(breakEvenRequests((r) => Math.ceil(r / 100) * 10, 0.2, 100, 1e6)).toBe(50);
  });

  it("uses the MLA latent for DeepSeek's KV cache", () => {
    const v3 = embedded().models.find((m) => m.id === "deepseek-v3");
    // 61 layers · (512 + 64) · 1 byte (fp8) = 35,136 B per token (not 2 · 61 · 128 · 192)
    expect(v3 && kvBytesPerToken(v3, 1)).toBe(35_136);
  });

  it("explains each number", () => {
    const sh = run({}, catalog(), true).estimate.items[0]?.options.find((o) => o.via === "self_host");
    expect(sh?.explain?.map((x) => x.what)).toEqual([
      "weights bytes",
      "KV bytes per token",
      "batch",
      "step seconds",
      "output tokens/s per replica",
      "replicas",
      "cloud/m on gx compute",
    ]);
    expect(sh?.explain?.find((x) => x.what === "cloud/m on gx compute")?.source).toEqual({
      provider: "cloud",
      entry_from: "2026-01-01",
      source: "https://cloud.test/pricing",
    });
  });

  it("spans nodes when the weights do not fit one node, and leaves the option out past the largest replica", () => {
    // 1T bf16 = 2,000 GB; one node holds 8 · 100 · 0.9 = 720 GB → 24 GPUs (3 nodes): (2,160 − 2,000) GB / 12e6 B = 13,333 sequences
    const big = run({
      self_host: { gpu: "gx", architecture: { parameters: "1T", layers: 10, kv_heads: 2, head_dim: 100 } },
    }).estimate.items[0]?.options.find((o) => o.via === "self_host");
    expect(big?.gpus_per_replica).toBe(24);
    expect(big?.serving?.nodes).toBe(3);
    // 20T = 40,000 GB: more than 256 · 90 GB = 23,040 GB
    const item = run({
      self_host: { gpu: "gx", architecture: { parameters: "20T", layers: 10, kv_heads: 2, head_dim: 100 } },
    }).estimate.items[0];
    expect(item?.options.every((o) => o.via === "api")).toBe(true);
    expect(item?.notes.join("\n")).toMatch(/self_host: not priced: 40,000 GB of bf16 weights/);
  });

  it("lets a TPOT limit bind the batch, and says so", () => {
    // step(B) = compute (B · 2 · 2e10 + B · 8,000 · 1,500 + B · 8,000 · 500) / 5e14 = B · 8.0032e-5 s once compute-bound;
    // memory-bound time (20e9 + B · 12e6) / 1e12 stays below it; TPOT ≤ 40 ms → B ≤ 0.04 / 8.0032e-5 = 499.8 → 499
    // (memory would allow 5,833, the cap 512). At 20 ms the weights alone take 20 ms on one GPU: 2 GPUs would be needed.
    const sh = run({ self_host: { gpu: "gx", utilization: 0.5, tpot_ms: 40 } }).estimate.items[0]?.options.find(
      (o) => o.via === "self_host",
    );
    expect(sh?.serving?.binding).toBe("tpot");
    expect(sh?.gpus_per_replica).toBe(1);
    expect(sh?.serving?.batch).toBe(499);
    expect(sh?.serving?.tpot_seconds).toBeLessThanOrEqual(0.04);
  });
});

describe("self-hosted inference: provider filter, tensor parallelism, notes", () => {
  it("the CLI --provider filter narrows the GPU clouds considered", () => {
    const c = catalog();
    c.providers.push({
      provider: { id: "cloud2", name: "Cloud 2", currency: "USD", source: "https://cloud2.test/pricing" },
      gpus: [{ gpu: "gx", gpus_per_instance: 1, prices: [{ from: "2026-01-01", on_demand: 3 }] }],
    });
    const w = Workload.parse({
      llmcost: 1,
      inference: [
        {
          name: "chat",
          model: "m",
          input_tokens: 1000,
          output_tokens: 1000,
          requests_per_day: 100_000,
          self_host: { gpu: "gx", utilization: 0.5 },
        },
      ],
    });
    const opts = { asOf: "2026-06-01", currency: "USD" };
    const all = estimate(w, c, opts).estimate.items[0]?.options.filter((o) => o.via === "self_host");
    expect(all?.map((o) => o.provider).sort()).toEqual(["cloud", "cloud2"]);
    // --provider cloud2,api: only cloud2 is rented; 1 GPU · 730 h × $3 = $2,190
    const r = estimate(w, c, { ...opts, providers: ["cloud2", "api"] });
    expect(r.problems).toEqual([]);
    const sh = r.estimate.items[0]?.options.filter((o) => o.via === "self_host");
    expect(sh?.map((o) => o.provider)).toEqual(["cloud2"]);
    expect(sh?.[0]?.cost).toBeCloseTo(2190, 9);
    // --provider api: no GPU cloud left, said so
    const none = estimate(w, c, { ...opts, providers: ["api"] }).estimate.items[0];
    expect(none?.options.every((o) => o.via === "api")).toBe(true);
    expect(none?.notes.join("\n")).toMatch(/no GPU cloud in the catalog among \[api\] offers gx/);
  });

  it("stretches the step by 1 + tp_overhead · (g − 1)", () => {
    const c = catalog();
    const gx = c.accelerators[0];
    if (gx?.efficiency) gx.efficiency.tp_overhead = 0.1;
    const sh = run(
      {
        self_host: {
          gpu: "gx",
          utilization: 0.5,
          architecture: { parameters: "45B", layers: 10, kv_heads: 2, head_dim: 100 },
        },
      },
      c,
    ).estimate.items[0]?.options.find((o) => o.via === "self_host");
    // W = 90e9 B: nothing fits on 1 GPU (90e9 usable); on 2: (180e9 − 90e9) / 12e6 = 7,500 → batch = cap 1,024
    expect(sh?.gpus_per_replica).toBe(2);
    // prefill alone = 2 · 1e15 · 0.5 / ((2 · 45e9 + 4e6) · 1.1) = 10,100.56 tokens/s
    expect(sh?.prefill_tokens_per_second).toBeCloseTo(1e15 / ((9e10 + 4e6) * 1.1), 6);
    // compute = (2,048 · 9e10 + 1,024 · 8,000 · 2,000) · 1.1 / (2 · 1e15 · 0.5) = 0.20277 s
    expect(sh?.serving?.tpot_seconds).toBeCloseTo(((2048 * 9e10 + 1024 * 8000 * 2000) * 1.1) / 1e15, 12);
  });
});

describe("self-hosted inference: bad input", () => {
  it("unknown accelerator with did you mean", () => {
    const { problems } = run({ self_host: { gpu: "gy" } });
    expect(problems).toMatchObject([
      { kind: "unknown_gpu", path: ["inference", 0, "self_host", "gpu"], hint: 'did you mean "gx"?' },
    ]);
  });
  it("zero utilization", () => {
    const { problems } = run({ self_host: { gpu: "gx", utilization: 0 } });
    expect(problems).toMatchObject([{ path: ["inference", 0, "self_host", "utilization"] }]);
  });
  it("a precision without a peak", () => {
    const { problems } = run({ self_host: { gpu: "gx", precision: "fp8" } });
    expect(problems).toMatchObject([
      { path: ["inference", 0, "self_host", "precision"], message: "gx has no published fp8 peak" },
    ]);
  });
  it("a model with no architecture says which fields and how to give them", () => {
    const { problems } = run({ model: "mystery" });
    expect(problems[0]?.path).toEqual(["inference", 0, "self_host"]);
    expect(problems[0]?.message).toMatch(/parameters, layers, kv_heads and head_dim are missing/);
    expect(problems[0]?.hint).toMatch(
      /self_host: architecture: \{parameters: 70B, layers: 80, kv_heads: 8, head_dim: 128\}/,
    );
    const partial = run({
      model: "mystery",
      self_host: { gpu: "gx", architecture: { parameters: "7B", layers: 32 } },
    }).problems;
    expect(partial[0]?.path).toEqual(["inference", 0, "self_host", "architecture"]);
    expect(partial[0]?.message).toMatch(/lacks kv_heads, head_dim/);
  });
});

describe("self-hosted inference: DeepSeek-V3 across H800 nodes", () => {
  it("prices 671 GB of FP8 weights on a replica of two 8 × H800 nodes, expert-parallel traffic included", () => {
    // 671e9 · 1 B = 671 GB > one node's 8 · 80 · 0.9 = 576 GB → 16 GPUs (2 nodes): (1,152 − 671) GB of KV;
    // MLA KV per token = 61 · (512 + 64) · 1 B = 35,136 B
    const w = Workload.parse({
      llmcost: 1,
      inference: [
        {
          name: "v3",
          model: "deepseek-v3",
          input_tokens: 2000,
          output_tokens: 500,
          requests_per_day: 1_000_000,
          self_host: { gpu: "h800", precision: "fp8", price_per_gpu_hour: 2 },
        },
      ],
    });
    const { estimate: e, problems } = estimate(w, embedded(), { asOf: "2026-06-01", currency: "USD" });
    expect(problems).toEqual([]);
    const sh = e.items[0]?.options.find((o) => o.via === "self_host");
    expect(sh?.gpus_per_replica).toBe(16);
    expect(sh?.serving?.nodes).toBe(2);
    expect(sh?.serving?.bound).toBe("network");
    expect(e.items[0]?.notes.join("\n")).toMatch(/deepseek-v3 fp8 \(KV fp8\) on 16 × h800 per replica \(2 nodes\)/);
  });
});
