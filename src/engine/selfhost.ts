import type { Accelerator, Catalog } from "../schema/catalog.js";
import type { Component, Explain, Option } from "../schema/report.js";
import type { InferenceItem, Precision, Workload } from "../schema/workload.js";
import {
  type Architecture,
  activeParams,
  BYTES,
  DEFAULT_PUE,
  explainLine,
  findAccelerator,
  findArchitecture,
  type GpuQuote,
  gpuBilling,
  gpuQuotes,
  inlineArchitecture,
  intersectProviders,
  num,
  peakFlops,
  WORLD_GRID_GCO2_PER_KWH,
  WORLD_GRID_SOURCE,
} from "./gpu.js";
import type { ApiTraffic } from "./inference.js";
import type { EstimateOptions, Problem } from "./types.js";
import { daysIn, HOURS_PER, PER_MILLION } from "./units.js";

/**
 * Self-hosted inference on rented GPUs (DESIGN.md "Engine formulas", docs/formulas.md):
 *   weights W = N_total · bytes(precision); KV per token = 2 · layers · kv_heads · head_dim · bytes(kv)
 *   (MLA: layers · (kv_lora_rank + 64) · bytes(kv));
 *   GPUs per replica g: the smallest of 1, 2, 4, 8 whose memory (× MEMORY_SHARE) holds W plus the KV
 *   cache of MIN_WORKING_BATCH sequences of input + output tokens;
 *   batch B = the sequences that fit, at most MAX_BATCH (or self_host.max_batch);
 *   tensor-parallel factor f = 1 + tp_overhead · (g − 1) (all-reduce time grows with g);
 *   prefill tokens/s P = g · peak · η_prefill / (2 · N_active · f);
 *   decode step t = max((W + B · KV · (input + output/2)) · f / (g · BW · η_bw), 2 · N_active · B · f / (g · peak · η_compute));
 *   decode tokens/s D = B / t; replica-seconds per request s = input / P + output / D;
 *   replicas = max(1, ceil(R · s / (period seconds · utilization))); cost = rented GPUs · period hours · price.
 * η come from the accelerator's `efficiency:` block in hardware.yaml (calibrated, docs/formulas.md).
 */

/** Share of GPU memory a serving engine gives to weights and KV cache (vLLM gpu_memory_utilization, TRT-LLM default 0.9). */
export const MEMORY_SHARE = 0.9;
/** Concurrent sequences a replica must hold before it counts as able to serve (below this, decode is weight-bound). */
export const MIN_WORKING_BATCH = 32;
/** Upper bound on the batch a serving engine schedules at once. */
export const MAX_BATCH = 512;
export const REPLICA_SIZES = [1, 2, 4, 8] as const;
/** For an accelerator without an `efficiency:` block: the H100 SXM calibration (said in the item's notes). */
export const FALLBACK_EFFICIENCY: Efficiency = {
  prefill: 0.6,
  decode_bandwidth: 0.65,
  decode_compute: 0.35,
  tp_overhead: 0.07,
};

type Path = Array<string | number>;

export interface Efficiency {
  prefill: number;
  decode_bandwidth: number;
  decode_compute: number;
  /** Efficiencies are divided by 1 + tp_overhead · (g − 1): all-reduce time grows with the tensor-parallel degree. */
  tp_overhead?: number | undefined;
}

/** Compute precision for weights at `precision`: int4 weights run W4A16 on the 16-bit tensor cores. */
export function computePrecision(precision: Precision, acc: Accelerator): Precision {
  if (precision === "int4") return acc.tflops.bf16 !== undefined ? "bf16" : "fp16";
  return precision;
}

/** KV-cache precision: as given, else the weights' precision but at least 8 bits. */
export function kvPrecision(precision: Precision, given: Precision | undefined): Precision {
  if (given) return given;
  return BYTES[precision] < 1 ? "fp8" : precision;
}

export interface ServingShape {
  input_tokens: number;
  output_tokens: number;
}

export interface ServingPlan {
  gpus: number;
  batch: number;
  weights_bytes: number;
  kv_bytes_per_token: number;
  prefill_tps: number;
  decode_tps: number;
  /** Output tokens/s per replica including the time spent in prefill. */
  output_tps: number;
  /** Replica-seconds per request. */
  seconds_per_request: number;
  decode_bound: "memory" | "compute";
  note?: string;
}

/** KV-cache bytes per token of context. */
export function kvBytesPerToken(arch: Architecture, kvBytes: number): number {
  const L = arch.layers as number;
  if (arch.kv_lora_rank !== undefined) return L * (arch.kv_lora_rank + 64) * kvBytes;
  return 2 * L * (arch.kv_heads as number) * (arch.head_dim as number) * kvBytes;
}

/** The serving plan of one replica, or why the model cannot be served on up to 8 of these GPUs. */
export function servingPlan(
  arch: Architecture,
  acc: Accelerator,
  eff: Efficiency,
  precision: Precision,
  kvPrec: Precision,
  peak: number,
  shape: ServingShape,
  maxBatch = MAX_BATCH,
): { ok: true; plan: ServingPlan } | { ok: false; reason: string } {
  const W = arch.parameters * BYTES[precision];
  const kv = kvBytesPerToken(arch, BYTES[kvPrec]);
  const seq = Math.max(1, shape.input_tokens + shape.output_tokens);
  const seqsThatFit = (g: number) => Math.floor((g * acc.memory_gb * 1e9 * MEMORY_SHARE - W) / (kv * seq));
  let g = REPLICA_SIZES.find((n) => seqsThatFit(n) >= MIN_WORKING_BATCH);
  let note: string | undefined;
  if (g === undefined) {
    g = REPLICA_SIZES.find((n) => seqsThatFit(n) >= 1);
    if (g === undefined)
      return {
        ok: false,
        reason: `${num(W / 1e9)} GB of ${precision} weights plus one ${num(seq)}-token sequence (${num((kv * seq) / 1e9)} GB KV) do not fit in 8 × ${acc.id} (${acc.memory_gb} GB each, ${MEMORY_SHARE * 100}% usable)`,
      };
    note = `only ${seqsThatFit(g)} sequences of ${num(seq)} tokens fit on ${g} × ${acc.id}${g < 8 ? ` (fewer than ${MIN_WORKING_BATCH} sequences fit even on 8)` : ""}: decode runs at a small batch`;
  }
  const B = Math.max(1, Math.min(maxBatch, seqsThatFit(g)));
  const Na = activeParams(arch);
  const tp = 1 / (1 + (eff.tp_overhead ?? 0) * (g - 1));
  const P = (g * peak * eff.prefill * tp) / (2 * Na);
  const ctx = shape.input_tokens + shape.output_tokens / 2;
  const tMem = (W + B * kv * ctx) / (g * acc.memory_bandwidth_tbs * 1e12 * eff.decode_bandwidth * tp);
  const tCmp = (2 * Na * B) / (g * peak * eff.decode_compute * tp);
  const t = Math.max(tMem, tCmp);
  const D = B / t;
  const s = shape.input_tokens / P + shape.output_tokens / D;
  const plan: ServingPlan = {
    gpus: g,
    batch: B,
    weights_bytes: W,
    kv_bytes_per_token: kv,
    prefill_tps: P,
    decode_tps: D,
    output_tps: s > 0 ? shape.output_tokens / s : 0,
    seconds_per_request: s,
    decode_bound: tMem >= tCmp ? "memory" : "compute",
  };
  if (note) plan.note = note;
  return { ok: true, plan };
}

export interface SelfHostResult {
  options: Option[];
  /** The break-even note against the item's API options, or undefined when there is nothing to compare. */
  breakEven(apiOptions: Option[]): string | undefined;
}

const NONE: SelfHostResult = { options: [], breakEven: () => undefined };

export function priceSelfHost(
  it: InferenceItem,
  traffic: ApiTraffic,
  w: Workload,
  catalog: Catalog,
  opts: EstimateOptions,
  path: Path,
  problems: Problem[],
  notes: string[],
): SelfHostResult {
  const sh = it.self_host;
  if (!sh) return NONE;
  const before = problems.length;
  const arch = servingArchitecture(it, catalog, path, problems);
  const acc = findAccelerator(catalog, sh.gpu, [...path, "gpu"], problems);
  const cp = acc ? computePrecision(sh.precision, acc) : sh.precision;
  const peak = acc ? peakFlops(acc, cp, [...path, "precision"], problems) : undefined;
  if (sh.utilization <= 0)
    problems.push({
      kind: "invalid",
      path: [...path, "utilization"],
      message: "utilization must be above 0: it is the average load relative to peak throughput",
      expected: "a share in (0, 1], e.g. 0.6 or 60%",
      found: String(sh.utilization),
    });
  if (problems.length > before || !arch || !acc || peak === undefined) return NONE;

  const ex = opts.explain === true;
  const explain: Explain[] = [];
  const eff: Efficiency = acc.efficiency ?? FALLBACK_EFFICIENCY;
  if (!acc.efficiency)
    notes.push(
      `self_host: ${acc.id} has no calibrated efficiency in hardware.yaml: using prefill ${eff.prefill}, decode bandwidth ${eff.decode_bandwidth}, decode compute ${eff.decode_compute}`,
    );
  const kvp = kvPrecision(sh.precision, sh.kv_precision);
  const outPerReq = traffic.output_tokens + traffic.reasoning_tokens;
  const shape = { input_tokens: traffic.input_tokens, output_tokens: outPerReq };
  const r = servingPlan(arch, acc, eff, sh.precision, kvp, peak, shape, sh.max_batch ?? MAX_BATCH);
  if (!r.ok) {
    notes.push(`self_host: not priced: ${r.reason}`);
    return NONE;
  }
  const plan = r.plan;
  if (plan.note) notes.push(`self_host: ${plan.note}`);
  const f = 1 + (eff.tp_overhead ?? 0) * (plan.gpus - 1);
  const hwSrc = { provider: "hardware.yaml", entry_from: acc.id, source: acc.efficiency?.source ?? acc.source };
  if (ex) {
    explain.push(
      explainLine(
        "weights bytes",
        `N_total · bytes(${sh.precision})`,
        `${num(arch.parameters)} · ${BYTES[sh.precision]}`,
        plan.weights_bytes,
        {
          provider: "models.yaml",
          entry_from: arch.id,
          source: arch.source,
        },
      ),
      explainLine(
        "KV bytes per token",
        arch.kv_lora_rank !== undefined
          ? `layers · (kv_lora_rank + 64) · bytes(${kvp})`
          : `2 · layers · kv_heads · head_dim · bytes(${kvp})`,
        arch.kv_lora_rank !== undefined
          ? `${arch.layers} · (${arch.kv_lora_rank} + 64) · ${BYTES[kvp]}`
          : `2 · ${arch.layers} · ${arch.kv_heads} · ${arch.head_dim} · ${BYTES[kvp]}`,
        plan.kv_bytes_per_token,
      ),
      explainLine(
        "GPUs per replica",
        `smallest of 1, 2, 4, 8 with g · memory · ${MEMORY_SHARE} ≥ weights + KV of ${MIN_WORKING_BATCH} sequences`,
        `g = ${plan.gpus}: ${plan.gpus} · ${acc.memory_gb}e9 · ${MEMORY_SHARE} ≥ ${num(plan.weights_bytes)} + ${MIN_WORKING_BATCH} · ${num(plan.kv_bytes_per_token)} · ${shape.input_tokens + shape.output_tokens}`,
        plan.gpus,
        { provider: "hardware.yaml", entry_from: acc.id, source: acc.source },
      ),
      explainLine(
        "batch",
        `min(${sh.max_batch ?? MAX_BATCH}, floor((g · memory · ${MEMORY_SHARE} − weights) / (KV per token · (input + output))))`,
        `min(${sh.max_batch ?? MAX_BATCH}, floor((${plan.gpus} · ${acc.memory_gb}e9 · ${MEMORY_SHARE} − ${num(plan.weights_bytes)}) / (${num(plan.kv_bytes_per_token)} · ${shape.input_tokens + shape.output_tokens})))`,
        plan.batch,
      ),
      explainLine(
        "prefill tokens/s per replica",
        `g · peak ${cp} · η_prefill / (2 · N_active · (1 + tp_overhead · (g − 1)))`,
        `${plan.gpus} · ${num(peak)} · ${eff.prefill} / (2 · ${num(activeParams(arch))} · ${num(f)})`,
        plan.prefill_tps,
        hwSrc,
      ),
      explainLine(
        "decode tokens/s per replica",
        "B / max((W + B · KV · (input + output/2)) · f / (g · BW · η_bw), 2 · N_active · B · f / (g · peak · η_compute)), f = 1 + tp_overhead · (g − 1)",
        `${plan.batch} / max((${num(plan.weights_bytes)} + ${plan.batch} · ${num(plan.kv_bytes_per_token)} · ${shape.input_tokens + shape.output_tokens / 2}) · ${num(f)} / (${plan.gpus} · ${acc.memory_bandwidth_tbs}e12 · ${eff.decode_bandwidth}), 2 · ${num(activeParams(arch))} · ${plan.batch} · ${num(f)} / (${plan.gpus} · ${num(peak)} · ${eff.decode_compute}))`,
        plan.decode_tps,
        hwSrc,
      ),
      explainLine(
        "replica-seconds per request",
        "input / prefill tokens/s + output / decode tokens/s",
        `${shape.input_tokens} / ${num(plan.prefill_tps)} + ${shape.output_tokens} / ${num(plan.decode_tps)}`,
        plan.seconds_per_request,
      ),
    );
  }

  const H = HOURS_PER[w.period];
  const R = traffic.requests;
  const util = sh.utilization;
  const perReplica = (H * 3600 * util) / plan.seconds_per_request; // requests a replica carries per period
  const replicasFor = (requests: number) => Math.max(1, Math.ceil(requests / perReplica));
  const replicas = replicasFor(R);
  if (ex)
    explain.push(
      explainLine(
        "replicas",
        "max(1, ceil(requests · seconds per request / (period hours · 3600 · utilization)))",
        `max(1, ceil(${num(R)} · ${num(plan.seconds_per_request)} / (${H} · 3600 · ${util})))`,
        replicas,
      ),
    );
  notes.push(
    `self_host: ${arch.id} ${sh.precision} (KV ${kvp}) on ${plan.gpus} × ${acc.id} per replica, batch ${plan.batch}; per replica ${num(plan.prefill_tps)} prefill and ${num(plan.decode_tps)} decode tokens/s (decode ${plan.decode_bound}-bound), ${num(perReplica)} requests per ${w.period} at ${num(util * 100)}% utilization; ${replicas} replica(s)`,
  );

  const quotes: Array<GpuQuote | undefined> = [];
  if (sh.price_per_gpu_hour !== undefined) quotes.push(undefined);
  else
    quotes.push(
      ...gpuQuotes(catalog, acc.id, sh.pricing, opts, intersectProviders(sh.providers, opts.providers), notes),
    );

  const O = R * outPerReq;
  const options: Option[] = [];
  const costFns: Array<(requests: number) => number> = [];
  let worldGrid = false;
  for (const q of quotes) {
    const price = q ? q.price : (sh.price_per_gpu_hour as number);
    const pid = q ? q.provider.provider.id : "own";
    const offering = `${arch.id} on ${q ? q.offering : acc.id}`;
    const gpi = q?.offer.gpus_per_instance ?? 1;
    const rented = (reps: number) => Math.ceil((reps * plan.gpus) / gpi) * gpi;
    const gpus = rented(replicas);
    const gpuHours = gpus * H;
    const src = q
      ? { provider: pid, entry_from: q.entry.from, source: q.source }
      : { provider: "workload", entry_from: opts.asOf, source: "self_host.price_per_gpu_hour given in the workload" };
    const compute: Component = {
      name: "compute",
      quantity: gpuHours,
      unit: "gpu_hours",
      unit_price: price,
      price_unit: "per_gpu_hour",
      cost: gpuHours * price,
      detail: [
        q ? sh.pricing.replace("_", "-") : "own price",
        q && q.fx !== 1 ? `${q.listCurrency}→${opts.currency} ×${q.fx}` : "",
      ]
        .filter(Boolean)
        .join(", "),
    };
    const oNotes: string[] = [];
    if (gpus !== replicas * plan.gpus)
      oNotes.push(
        `${pid} rents ${gpi}-GPU ${q?.offer.instance ?? "instances"}: ${gpus} GPUs rented for ${replicas * plan.gpus} used`,
      );
    // Energy at the accelerator's TDP; left out when the vendor publishes none (TPU v5p).
    const energy = acc.tdp_w === undefined ? undefined : (gpuHours * acc.tdp_w * DEFAULT_PUE) / 1000;
    const grid = q?.offer.grid_gco2_per_kwh ?? WORLD_GRID_GCO2_PER_KWH;
    if (q?.offer.grid_gco2_per_kwh === undefined && energy !== undefined) worldGrid = true;
    const co2 = energy === undefined ? undefined : (energy * grid) / 1000;
    const oExplain = [...explain];
    if (ex) {
      oExplain.push(
        explainLine(
          `${pid}/${offering} compute`,
          "rented GPUs · period hours × price per GPU-hour",
          `${gpus} · ${H} × ${num(price)}`,
          compute.cost,
          src,
        ),
      );
      if (energy !== undefined && co2 !== undefined)
        oExplain.push(
          explainLine(
            `${pid}/${offering} energy kWh`,
            "GPU-hours · TDP / 1000 · pue",
            `${num(gpuHours)} · ${acc.tdp_w} / 1000 · ${DEFAULT_PUE}`,
            energy,
          ),
          explainLine(
            `${pid}/${offering} CO2 kg`,
            "energy · grid gCO2/kWh / 1000",
            `${num(energy)} · ${grid} / 1000`,
            co2,
          ),
        );
    }
    const option: Option = {
      provider: pid,
      offering,
      via: "self_host",
      ...gpuBilling(sh.pricing, q?.entry, gpuHours),
      cost: compute.cost,
      currency: opts.currency,
      list_currency: q ? q.listCurrency : opts.currency,
      price_from: q ? q.entry.from : opts.asOf,
      source: src.source,
      components: [compute],
      notes: oNotes,
      gpus_per_replica: plan.gpus,
      replicas,
      gpu_hours: gpuHours,
      prefill_tokens_per_second: plan.prefill_tps,
      output_tokens_per_second: plan.output_tps,
    };
    if (energy !== undefined) option.energy_kwh = energy;
    if (co2 !== undefined) option.co2_kg = co2;
    if (O > 0) option.cost_per_1m_output_tokens = compute.cost / (O / PER_MILLION);
    if (q && q.fx !== 1) option.fx_rate = q.fx;
    if (ex) option.explain = oExplain;
    options.push(option);
    costFns.push((requests) => rented(replicasFor(requests)) * H * price);
  }
  if (options.length && acc.tdp_w === undefined)
    notes.push(`self_host: energy and CO2 not estimated: ${acc.id} has no published power figure`);
  else if (options.length)
    notes.push(
      `self_host: energy at TDP ${acc.tdp_w} W and PUE ${DEFAULT_PUE} (defaults)${worldGrid ? `; grid ${WORLD_GRID_GCO2_PER_KWH} gCO2/kWh world average (${WORLD_GRID_SOURCE})` : ""}`,
    );

  return {
    options,
    breakEven(apiOptions: Option[]): string | undefined {
      if (options.length === 0 || apiOptions.length === 0 || R <= 0) return undefined;
      const api = apiOptions.reduce((a, b) => (b.cost < a.cost ? b : a));
      const perRequest = api.cost / R;
      let best: { at: number; option: Option } | undefined;
      options.forEach((o, i) => {
        const at = breakEvenRequests(costFns[i] as (r: number) => number, perRequest, perReplica, 100 * R);
        if (at !== undefined && (!best || at < best.at)) best = { at, option: o };
      });
      const days = daysIn(w.period);
      const apiName = `${api.provider}/${api.offering}`;
      if (!best)
        return `break-even: self-hosting never beats the cheapest API option (${apiName}) within 100× this item's traffic (${num((100 * R) / days)} requests/day)`;
      const b = best as { at: number; option: Option };
      return `break-even: self-hosting (${b.option.provider}/${b.option.offering}) beats the cheapest API option (${apiName}) from ${num(b.at / days)} requests/day (this item: ${num(R / days)})`;
    },
  };
}

/**
 * The smallest traffic (requests per period) up to `limit` at which `cost(requests)` (a step
 * function, constant while the replica count is) is below `perRequest · requests`. Within step k
 * (replica count k, requests in ((k−1)·cap, k·cap]) the crossing is at cost_k / perRequest.
 */
export function breakEvenRequests(
  cost: (requests: number) => number,
  perRequest: number,
  cap: number,
  limit: number,
): number | undefined {
  if (perRequest <= 0) return undefined;
  const steps = Math.min(Math.ceil(limit / cap) + 1, 100_000);
  for (let k = 1; k <= steps; k++) {
    const lo = (k - 1) * cap;
    if (lo > limit) break;
    const hi = k * cap;
    const ck = cost(hi);
    const at = Math.max(ck / perRequest, lo);
    if (at <= hi && at <= limit) return at;
  }
  return undefined;
}

const SERVING_FIELDS = ["layers", "kv_heads", "head_dim"] as const;

function servingArchitecture(
  it: InferenceItem,
  catalog: Catalog,
  path: Path,
  problems: Problem[],
): Architecture | undefined {
  const inline = it.self_host?.architecture;
  let arch: Architecture | undefined;
  let at: Path = path;
  if (inline) {
    arch = inlineArchitecture(inline, it.model);
    at = [...path, "architecture"];
  } else arch = findArchitecture(catalog, it.model);
  if (!arch) {
    problems.push({
      kind: "invalid",
      path,
      message: `no architecture for "${it.model}" to self-host: parameters, layers, kv_heads and head_dim are missing`,
      expected: "a model with an entry in models.yaml, or self_host.architecture given inline",
      found: it.model,
      hint: "add under self_host: architecture: {parameters: 70B, layers: 80, kv_heads: 8, head_dim: 128} (active_parameters for MoE)",
    });
    return undefined;
  }
  const missing = SERVING_FIELDS.filter((k) => arch[k] === undefined);
  if (missing.length) {
    problems.push({
      kind: "invalid",
      path: at,
      message: `the architecture of "${it.model}" lacks ${missing.join(", ")}, needed for the KV cache`,
      expected: "parameters, layers, kv_heads and head_dim",
      found: `no ${missing.join(", ")}`,
      hint: `add ${missing.map((k) => `${k}: …`).join(", ")} to self_host.architecture`,
    });
    return undefined;
  }
  return arch;
}
