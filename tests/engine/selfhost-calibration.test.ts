import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { efficiencyOf, servingPlan } from "../../src/engine/serving.js";
import type { Accelerator, ModelArch } from "../../src/schema/catalog.js";
import type { Precision } from "../../src/schema/workload.js";

// The serving model against the published set (tests/fixtures/published/serving.yaml), with the
// efficiencies in hardware.yaml, which were fitted on the calibration points only. The holdout's
// median |error| must stay within 25% and no point beyond ±50% (docs/formulas.md shows the table;
// scripts/validate-serving.mjs prints it).

const root = join(__dirname, "..", "..");
const load = (p: string) => parse(readFileSync(join(root, p), "utf8"));
const set = load("tests/fixtures/published/serving.yaml");
const hardware: Accelerator[] = load("pricing-data/hardware.yaml").accelerators;
const models: ModelArch[] = load("pricing-data/models.yaml").models;

interface Point {
  id: string;
  set: "calibration" | "holdout";
  model: string;
  gpu: string;
  gpus: number;
  precision: Precision;
  kv: Precision;
  dataset?: string;
  input_tokens?: number;
  output_tokens?: number;
  kv_context?: number;
  ttft_ms?: number;
  tpot_ms?: number;
  tokens_per_user?: number;
  max_batch?: number;
  replica_gpus?: number;
  published_tps: number;
}

function predicted(pt: Point): number {
  const acc = hardware.find((a) => a.id === pt.gpu) as Accelerator;
  const arch = models.find((m) => m.id === pt.model) as ModelArch;
  const ds = pt.dataset ? set.datasets[pt.dataset] : undefined;
  const shape = {
    input_tokens: pt.input_tokens ?? ds?.input_mean_fitted ?? 0,
    output_tokens: pt.output_tokens ?? ds.output_mean,
    decode_only_context: pt.kv_context,
  };
  const tpot = pt.tpot_ms ? pt.tpot_ms / 1000 : pt.tokens_per_user ? 1 / pt.tokens_per_user : undefined;
  const r = servingPlan({
    arch,
    acc,
    eff: efficiencyOf(acc),
    precision: pt.precision,
    kvPrecision: pt.kv,
    peak: (acc.tflops[pt.precision] as number) * 1e12,
    shape,
    maxBatch: pt.max_batch,
    limits: { ttft: pt.ttft_ms ? pt.ttft_ms / 1000 : undefined, tpot },
    gpus: pt.replica_gpus ?? (pt.dataset ? undefined : pt.gpus),
  });
  if (!r.ok) throw new Error(`${pt.id}: ${r.reason}`);
  expect(r.plan.gpus).toBeLessThanOrEqual(pt.gpus);
  return Math.floor(pt.gpus / r.plan.gpus) * r.plan.output_tps;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
};

describe("serving model against published results", () => {
  const points: Point[] = set.points;
  it("has at least 15 points from at least 3 sources, split into calibration and holdout", () => {
    expect(points.length).toBeGreaterThanOrEqual(15);
    expect(new Set(points.map((p: Point & { source?: string }) => p.source)).size).toBeGreaterThanOrEqual(3);
    expect(points.filter((p) => p.set === "holdout").length).toBeGreaterThanOrEqual(10);
  });
  it("holdout: median |error| ≤ 25%, no point beyond ±50%", () => {
    const errs = points.filter((p) => p.set === "holdout").map((p) => predicted(p) / p.published_tps - 1);
    expect(median(errs.map(Math.abs))).toBeLessThanOrEqual(0.25);
    for (const e of errs) expect(Math.abs(e)).toBeLessThanOrEqual(0.5);
  });
  it("calibration: no point beyond ±50% either", () => {
    for (const p of points.filter((x) => x.set === "calibration"))
      expect(Math.abs(predicted(p) / p.published_tps - 1)).toBeLessThanOrEqual(0.5);
  });
  it("H200 beats H100 on MLPerf Llama 2 70B offline by about the published 1.28×", () => {
    const h100 = points.find((p) => p.id === "mlperf41-h100x8-llama2-offline") as Point;
    const h200 = points.find((p) => p.id === "mlperf41-h200x8-llama2-offline") as Point;
    const ratio = predicted(h200) / predicted(h100);
    expect(ratio).toBeGreaterThan(1.15);
    expect(ratio).toBeLessThan(1.4);
  });
});
