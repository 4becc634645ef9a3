import { describe, expect, it } from "vitest";
import { findArchitecture } from "../../src/engine/gpu.js";
import { computePrecision, kvPrecision, servingPlan } from "../../src/engine/selfhost.js";
import type { Precision } from "../../src/schema/workload.js";
import { embedded } from "../helpers/cli.js";

/**
 * Calibration points for the serving efficiencies in hardware.yaml (docs/formulas.md has the table).
 * Each compares our per-replica output tokens/s (prefill time included) at the benchmark's input and
 * output lengths with the published total output throughput; the target is ±30%.
 * TRT-LLM perf overview (trtllm-bench, max load, FP8 checkpoints), commit 00f37686:
 *   https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md
 * TRT-LLM v0.6.1 performance tables (A100 FP16, static batch of the given size), commit 138f96d4:
 *   https://github.com/NVIDIA/TensorRT-LLM/blob/138f96d45f90b9667426f7c47297d8c06bafac73/docs/source/performance.md
 */
const POINTS: Array<{
  model: string;
  gpu: string;
  precision: Precision;
  gpus: number;
  isl: number;
  osl: number;
  published: number;
  batch?: number;
  cite: string;
}> = [
  {
    model: "llama-3.1-8b",
    gpu: "h100-sxm",
    precision: "fp8",
    gpus: 1,
    isl: 1000,
    osl: 1000,
    published: 15_220,
    cite: "TRT-LLM perf overview, Llama 3.1 8B H100 TP1 FP8 1000/1000",
  },
  {
    model: "llama-3.1-8b",
    gpu: "h100-sxm",
    precision: "fp8",
    gpus: 1,
    isl: 128,
    osl: 128,
    published: 28_312,
    cite: "TRT-LLM perf overview, Llama 3.1 8B H100 TP1 FP8 128/128",
  },
  {
    model: "llama-3.1-8b",
    gpu: "h100-sxm",
    precision: "fp8",
    gpus: 1,
    isl: 2048,
    osl: 128,
    published: 3_450,
    cite: "TRT-LLM perf overview, Llama 3.1 8B H100 TP1 FP8 2048/128",
  },
  {
    model: "llama-3.3-70b",
    gpu: "h100-sxm",
    precision: "fp8",
    gpus: 2,
    isl: 1000,
    osl: 1000,
    published: 4_205,
    cite: "TRT-LLM perf overview, Llama 3.3 70B H100 TP2 FP8 1000/1000",
  },
  {
    model: "llama-3.1-405b",
    gpu: "h100-sxm",
    precision: "fp8",
    gpus: 8,
    isl: 1000,
    osl: 1000,
    published: 2_919,
    cite: "TRT-LLM perf overview, Llama 3.1 405B H100 TP8 FP8 1000/1000",
  },
  {
    model: "llama-3.1-8b",
    gpu: "h200",
    precision: "fp8",
    gpus: 1,
    isl: 1000,
    osl: 1000,
    published: 17_744,
    cite: "TRT-LLM perf overview, Llama 3.1 8B H200 TP1 FP8 1000/1000",
  },
  {
    model: "llama-3.3-70b",
    gpu: "h200",
    precision: "fp8",
    gpus: 1,
    isl: 500,
    osl: 2000,
    published: 3_666,
    cite: "TRT-LLM perf overview, Llama 3.3 70B H200 TP1 FP8 500/2000",
  },
  {
    model: "llama-2-7b",
    gpu: "a100-80gb",
    precision: "bf16",
    gpus: 1,
    isl: 128,
    osl: 2048,
    published: 1_928,
    batch: 60,
    cite: "TRT-LLM v0.6.1, LLaMA 7B A100 FP16 TP1 batch 60 128/2048",
  },
  {
    model: "llama-2-7b",
    gpu: "a100-80gb",
    precision: "bf16",
    gpus: 1,
    isl: 128,
    osl: 128,
    published: 5_586,
    batch: 384,
    cite: "TRT-LLM v0.6.1, LLaMA 7B A100 FP16 TP1 batch 384 128/128",
  },
];

describe("self-host throughput calibration (±30% of published benchmarks)", () => {
  for (const p of POINTS)
    it(p.cite, () => {
      const c = embedded();
      const arch = findArchitecture(c, p.model);
      const acc = c.accelerators.find((a) => a.id === p.gpu);
      if (!arch || !acc?.efficiency) throw new Error(`missing ${p.model} or ${p.gpu} efficiency`);
      const cp = computePrecision(p.precision, acc);
      const peak = (acc.tflops[cp] as number) * 1e12;
      const r = servingPlan(
        arch,
        acc,
        acc.efficiency,
        p.precision,
        kvPrecision(p.precision, undefined),
        peak,
        { input_tokens: p.isl, output_tokens: p.osl },
        p.batch,
      );
      if (!r.ok) throw new Error(r.reason);
      // The replica size our rule picks is the benchmark's tensor-parallel degree.
      expect(r.plan.gpus).toBe(p.gpus);
      const err = r.plan.output_tps / p.published - 1;
      expect(Math.abs(err)).toBeLessThan(0.3);
    });
});
