// The self-host throughput model against published serving results (docs/formulas.md
// "Validation against published results").
//
//   node scripts/validate-serving.mjs          every point's error with the catalog's efficiencies,
//                                              and the holdout median |error|
//   node scripts/validate-serving.mjs --fit    fit the efficiencies on the calibration points only
//                                              (coordinate descent on squared log error) and print them
//   --json                                     the table as JSON
//
// Reads tests/fixtures/published/serving.yaml and pricing-data/{hardware,models}.yaml; runs the
// engine's own serving model (src/engine/serving.ts), bundled with esbuild.

import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { importTs } from "./import-ts.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const load = (p) => parse(readFileSync(join(root, p), "utf8"));
const set = load("tests/fixtures/published/serving.yaml");
const hardware = load("pricing-data/hardware.yaml").accelerators;
const models = load("pricing-data/models.yaml").models;
const engine = await importTs(
  join(root, "src/engine/serving.ts"),
  join(tmpdir(), `llmcost-serving-${process.pid}.mjs`),
);
const { servingPlan, efficiencyOf } = engine;

/** Parameters: per-accelerator compute/bandwidth, shared tp_overhead and network, dataset input means. */
function paramsFromCatalog() {
  const eff = {};
  for (const a of hardware) eff[a.id] = efficiencyOf(a);
  const datasets = {};
  for (const [k, d] of Object.entries(set.datasets)) datasets[k] = d.input_mean_fitted;
  return { eff, datasets };
}

function predict(point, params) {
  const acc = hardware.find((a) => a.id === point.gpu);
  const arch = models.find((m) => m.id === point.model);
  const ds = point.dataset ? set.datasets[point.dataset] : undefined;
  const input = point.input_tokens ?? params.datasets[point.dataset];
  const output = point.output_tokens ?? ds?.output_mean;
  const shape = { input_tokens: input ?? 0, output_tokens: output, decode_only_context: point.kv_context };
  const limits = {};
  if (point.ttft_ms) limits.ttft = point.ttft_ms / 1000;
  if (point.tpot_ms) limits.tpot = point.tpot_ms / 1000;
  if (point.tokens_per_user) limits.tpot = 1 / point.tokens_per_user;
  const peak = acc.tflops[point.precision === "fp16" ? "fp16" : point.precision] * 1e12;
  const r = servingPlan({
    arch,
    acc,
    eff: params.eff[acc.id],
    precision: point.precision,
    kvPrecision: point.kv,
    peak,
    shape,
    maxBatch: point.max_batch,
    limits,
    gpus: point.replica_gpus ?? (point.dataset ? undefined : point.gpus),
  });
  if (!r.ok) return { error: r.reason };
  const p = r.plan;
  if (p.gpus > point.gpus) return { error: `engine needs ${p.gpus} GPUs, system has ${point.gpus}` };
  const replicas = Math.floor(point.gpus / p.gpus);
  return { tps: replicas * p.output_tps, plan: p, replicas };
}

const err = (pred, pub) => pred / pub - 1;

function score(points, params) {
  let s = 0;
  for (const pt of points) {
    const r = predict(pt, params);
    s += r.error ? 25 : Math.log(r.tps / pt.published_tps) ** 2;
  }
  return s;
}

function grid(lo, hi, step) {
  const out = [];
  for (let x = lo; x <= hi + 1e-9; x += step) out.push(Math.round(x * 1000) / 1000);
  return out;
}

/** Coordinate descent on the calibration points only. */
function _fit() {
  const cal = set.points.filter((p) => p.set === "calibration");
  const params = paramsFromCatalog();
  for (const d of Object.keys(params.datasets)) params.datasets[d] ??= set.datasets[d].input_max / 2;
  const fitted = [...new Set(cal.map((p) => p.gpu))].filter((g) => g !== "h800");
  const coords = [];
  const eff = (g, k) => [`${g}.${k}`, () => params.eff[g][k], (v) => (params.eff[g][k] = v)];
  for (const g of fitted) {
    coords.push([...eff(g, "compute"), grid(0.15, 0.95, 0.025)]);
    coords.push([...eff(g, "bandwidth"), grid(0.3, 0.95, 0.025)]);
  }
  const all = (k) => [
    k,
    () => params.eff["h100-sxm"][k],
    (v) => {
      for (const a of hardware) params.eff[a.id][k] = v;
    },
  ];
  coords.push([...all("tp_overhead"), grid(0, 0.3, 0.01)]);
  coords.push([...all("network"), grid(0.05, 1, 0.025)]);
  for (const d of Object.keys(set.datasets))
    coords.push([
      `${d}.input`,
      () => params.datasets[d],
      (v) => (params.datasets[d] = v),
      grid(50, set.datasets[d].input_max, 10),
    ]);
  // h800 (DeepSeek's point) has no efficiencies of its own: it uses the H100 SXM's, as the engine does.
  const sync = () => {
    params.eff.h800 = { ...params.eff["h100-sxm"] };
  };
  sync();
  let best = score(cal, params);
  for (let round = 0; round < 5; round++)
    for (const [, get, apply, values] of coords) {
      let bv = get();
      for (const v of values) {
        apply(v);
        sync();
        const s = score(cal, params);
        if (s < best - 1e-12) {
          best = s;
          bv = v;
        }
      }
      apply(bv);
      sync();
    }
  return { params, fitted };
}

function table(params) {
  const rows = [];
  for (const pt of set.points) {
    const r = predict(pt, params);
    rows.push({
      id: pt.id,
      set: pt.set,
      source: pt.source,
      published: pt.published_tps,
      ours: r.tps,
      error: r.error ? undefined : err(r.tps, pt.published_tps),
      plan: r.plan
        ? `${r.replicas}×${r.plan.gpus} GPU, B=${r.plan.batch} (${r.plan.binding}), ${r.plan.bound}-bound`
        : r.error,
    });
  }
  return rows;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const pct = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`;
const fmt = (x) => (x === undefined ? "—" : Math.round(x).toLocaleString("en-US"));

let params = paramsFromCatalog();
if (args.includes("--fit")) {
  const f = it();
  params = f.params;
  console.log("fitted on calibration points only:");
  for (const g of f.fitted)
    console.log(`  ${g}: compute ${params.eff[g].compute}, bandwidth ${params.eff[g].bandwidth}`);
  console.log(`  tp_overhead ${params.eff["h100-sxm"].tp_overhead}, network ${params.eff["h100-sxm"].network}`);
  for (const d of Object.keys(set.datasets)) console.log(`  dataset ${d}: input mean ${params.datasets[d]}`);
  console.log("");
}
const rows = table(params);
if (args.includes("--json")) console.log(JSON.stringify(rows, null, 2));
else {
  console.log("| point | set | published tok/s | ours | error | plan |");
  console.log("| --- | --- | ---: | ---: | ---: | --- |");
  for (const r of rows)
    console.log(
      `| ${r.id} | ${r.set} | ${fmt(r.published)} | ${fmt(r.ours)} | ${r.error === undefined ? "—" : pct(r.error)} | ${r.plan} |`,
    );
}
for (const s of ["calibration", "holdout"]) {
  const e = rows.filter((r) => r.set === s);
  const abs = e.map((r) => (r.error === undefined ? Number.POSITIVE_INFINITY : Math.abs(r.error)));
  const worst = Math.max(...abs);
  console.log(
    `${s}: ${e.length} points, median |error| ${(median(abs) * 100).toFixed(1)}%, worst ${(worst * 100).toFixed(1)}%, beyond ±50%: ${abs.filter((a) => a > 0.5).length}`,
  );
}
