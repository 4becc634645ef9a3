import { quoted } from "../errors.js";
import type { Accelerator, Catalog } from "../schema/catalog.js";
import type { Explain, Option } from "../schema/report.js";
import type { InferenceItem, Precision, PricingModel, SelfHost, Workload } from "../schema/workload.js";
import { component } from "./components.js";
import {
  type Architecture,
  activeParams,
  BYTES,
  DEFAULT_PUE,
  energyAndCo2,
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
import { ownInputs, ownOption } from "./own.js";
import { efficiencyOf, type LatencyLimits, type ServingPlan, type ServingShape, servingPlan } from "./serving.js";
import type { EstimateOptions, Problem } from "./types.js";
import { daysIn, HOURS_PER, PER_MILLION } from "./units.js";

/**
 * Self-hosted inference on rented GPUs (docs/formulas.md "Self-hosted inference"). Three parts:
 * plan (engine/serving.ts: replica size, batch, throughput under the latency limits), price (one
 * option per GPU offer: rented GPUs · period hours · price), explain (the `--explain` lines).
 *   replicas = max(1, ceil(requests · replica-seconds per request / (period seconds · utilization)))
 */

/**
 * Spread of the serving model against published results (scripts/validate-serving.mjs, holdout
 * errors ours/published − 1, 10th and 90th percentiles): cost scales with 1 / throughput, so a model
 * that over-predicts throughput by e under-states cost by the same factor: low = cost · (1 + e10),
 * high = cost · (1 + e90).
 */
export const SERVING_ERROR_SPREAD = { low: -0.19, high: 0.4 } as const;

type Path = Array<string | number>;

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

/** The latency limits a self_host block states (TPOT from tokens/s per user when only that is given). */
export function latencyLimits(sh: SelfHost): LatencyLimits {
  const tpotMs = sh.tpot_ms ?? (sh.tokens_per_second_per_user ? 1000 / sh.tokens_per_second_per_user : undefined);
  return {
    ttft: sh.ttft_ms === undefined ? undefined : sh.ttft_ms / 1000,
    tpot: tpotMs === undefined ? undefined : tpotMs / 1000,
  };
}

export interface SelfHostResult {
  options: Option[];
  /** The break-even note against the item's API options, or undefined when there is nothing to compare. */
  breakEven(apiOptions: Option[]): string | undefined;
}

const NONE: SelfHostResult = { options: [], breakEven: () => undefined };

/** What planning a self-hosted item found: everything pricing and explaining need. */
export interface ServingSetup {
  arch: Architecture;
  acc: Accelerator;
  sh: SelfHost;
  shape: ServingShape;
  plan: ServingPlan;
  computePrecision: Precision;
  kvPrecision: Precision;
  peak: number;
  limits: LatencyLimits;
}

/** Part 1, plan: check the inputs, then the replica the item runs on (or undefined, with why in notes/problems). */
export function planSelfHost(
  it: InferenceItem,
  traffic: ApiTraffic,
  catalog: Catalog,
  path: Path,
  problems: Problem[],
  notes: string[],
): ServingSetup | undefined {
  const sh = it.self_host as SelfHost;
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
  if (problems.length > before || !arch || !acc || peak === undefined) return undefined;
  if (!acc.efficiency)
    notes.push(`self_host: ${acc.id} has no calibrated efficiency in hardware.yaml: using the H100 SXM calibration`);
  const kvp = kvPrecision(sh.precision, sh.kv_precision);
  const shape = { input_tokens: traffic.input_tokens, output_tokens: traffic.output_tokens + traffic.reasoning_tokens };
  const limits = latencyLimits(sh);
  const eff = efficiencyOf(acc);
  const r = servingPlan({
    arch,
    acc,
    eff,
    precision: sh.precision,
    kvPrecision: kvp,
    peak,
    shape,
    maxBatch: sh.max_batch,
    limits,
  });
  if (!r.ok) {
    notes.push(`self_host: not priced: ${r.reason}`);
    return undefined;
  }
  if (r.plan.note) notes.push(`self_host: ${r.plan.note}`);
  return { arch, acc, sh, shape, plan: r.plan, computePrecision: cp, kvPrecision: kvp, peak, limits };
}

const BINDING_TEXT: Record<ServingPlan["binding"], string> = {
  memory: "KV-cache memory binds the batch",
  max_batch: "the engine's batch cap binds",
  ttft: "the TTFT limit binds the batch",
  tpot: "the TPOT limit binds the batch",
};

/** The item's one-line account of the plan. */
export function planNote(s: ServingSetup, perReplica: number, replicas: number, period: string): string {
  const p = s.plan;
  const lim = [
    s.limits.ttft === undefined ? "" : `TTFT ≤ ${num(s.limits.ttft * 1000)} ms`,
    s.limits.tpot === undefined ? "" : `TPOT ≤ ${num(s.limits.tpot * 1000)} ms`,
  ].filter(Boolean);
  return `self_host: ${s.arch.id} ${s.sh.precision} (KV ${s.kvPrecision}) on ${p.gpus} × ${s.acc.id} per replica${p.nodes > 1 ? ` (${p.nodes} nodes)` : ""}, batch ${p.batch}: ${BINDING_TEXT[p.binding]}${lim.length ? ` (${lim.join(", ")})` : ""}; step ${num(p.step_seconds * 1000)} ms (${p.bound}-bound), TTFT ${num(p.ttft_seconds * 1000)} ms; ${num(p.output_tps)} output tokens/s per replica with prefill interleaved; ${Number.isFinite(perReplica) ? `${num(perReplica)} requests` : "no limit on requests (a request of no tokens takes no GPU time)"} per ${period} at ${num(s.sh.utilization * 100)}% utilization; ${replicas} replica(s)`;
}

/** Part 3, explain: how the plan was reached, formula by formula. */
export function explainServing(s: ServingSetup, requests: number, hours: number, replicas: number): Explain[] {
  const { arch, acc, plan, shape, sh } = s;
  const hw = { provider: "hardware.yaml", entry_from: acc.id, source: acc.efficiency?.source ?? acc.source };
  const ctx = shape.input_tokens + shape.output_tokens / 2;
  return [
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
        ? `layers · (kv_lora_rank + 64) · bytes(${s.kvPrecision})`
        : `2 · layers · kv_heads · head_dim · bytes(${s.kvPrecision})`,
      arch.kv_lora_rank !== undefined
        ? `${arch.layers} · (${arch.kv_lora_rank} + 64) · ${BYTES[s.kvPrecision]}`
        : `2 · ${arch.layers} · ${arch.kv_heads} · ${arch.head_dim} · ${BYTES[s.kvPrecision]}`,
      plan.kv_bytes_per_token,
    ),
    explainLine(
      "batch",
      "min(KV that fits: (g · memory · 0.9 − weights) / (KV per token · (input + output/2)), cap, latency limits)",
      `g = ${plan.gpus}, ${acc.memory_gb} GB each, context ${num(ctx)}: ${plan.batch} (${plan.binding})`,
      plan.batch,
      hw,
    ),
    explainLine(
      "step seconds",
      "max(memory, compute, network) · (1 + tp_overhead · (g − 1)); tokens per step = batch · (1 + input/output)",
      `batch ${plan.batch}, ${num(activeParams(arch))} active parameters, peak ${s.computePrecision} ${num(s.peak)}: ${plan.bound}-bound`,
      plan.step_seconds,
      hw,
    ),
    explainLine(
      "output tokens/s per replica",
      "batch / step seconds",
      `${plan.batch} / ${num(plan.step_seconds)}`,
      plan.output_tps,
    ),
    explainLine(
      "replicas",
      "max(1, ceil(requests · output / output tokens/s / (period hours · 3600 · utilization)))",
      `max(1, ceil(${num(requests)} · ${num(plan.seconds_per_request)} / (${hours} · 3600 · ${sh.utilization})))`,
      replicas,
    ),
  ];
}

/** Part 2, price: one rented option per GPU offer (or the workload's own GPU-hour price). */
function rentOption(
  s: ServingSetup,
  q: GpuQuote | undefined,
  replicas: number,
  hours: number,
  outputTokens: number,
  opts: EstimateOptions,
): Option {
  const price = q ? q.price : (s.sh.price_per_gpu_hour as number);
  const pid = q ? q.provider.provider.id : "own";
  const gpi = q?.offer.gpus_per_instance ?? 1;
  const gpus = Math.ceil((replicas * s.plan.gpus) / gpi) * gpi;
  const gpuHours = gpus * hours;
  const strings = q && quoteStrings(q, s.sh.pricing, opts.currency);
  const detail = strings ? strings.detail : "own price";
  const compute = component("compute", gpuHours, "gpu_hours", price, "per_gpu_hour", 1, detail);
  const notes: string[] = [];
  if (gpus !== replicas * s.plan.gpus)
    notes.push(
      `${pid} rents ${gpi}-GPU ${q?.offer.instance ?? "instances"}: ${gpus} GPUs rented for ${replicas * s.plan.gpus} used`,
    );
  const e = energyAndCo2(gpuHours, s.acc.tdp_w, DEFAULT_PUE, q?.offer.grid_gco2_per_kwh ?? WORLD_GRID_GCO2_PER_KWH);
  const bill = gpuBilling(s.sh.pricing, q?.entry, gpuHours);
  // One literal with every field, in the JSON's order (JSON leaves out the undefined ones): one
  // hidden class, no fields added afterwards (see billingOption in components.ts).
  return {
    provider: pid,
    offering: q && strings ? offeringOn(strings, s.arch.id, q) : `${s.arch.id} on ${s.acc.id}`,
    via: "self_host",
    billing: bill.billing,
    break_even: bill.break_even,
    break_even_note: bill.break_even_note,
    cost: compute.cost,
    currency: opts.currency,
    list_currency: q ? q.listCurrency : opts.currency,
    price_from: q ? q.entry.from : opts.asOf,
    source: q ? q.source : "self_host.price_per_gpu_hour given in the workload",
    components: [compute],
    notes,
    gpus_per_replica: s.plan.gpus,
    replicas,
    gpu_hours: gpuHours,
    prefill_tokens_per_second: s.plan.prefill_tps,
    output_tokens_per_second: s.plan.output_tps,
    serving: servingDetail(s.plan),
    range: servingRange(compute.cost),
    energy_kwh: e ? e.kwh : undefined,
    co2_kg: e ? e.co2 : undefined,
    cost_per_1m_output_tokens: outputTokens > 0 ? compute.cost / (outputTokens / PER_MILLION) : undefined,
    fx_rate: q && q.fx !== 1 ? q.fx : undefined,
    explain: undefined,
  };
}

/**
 * Strings every option on one quote shares, made once per quote (quotes are shared by the items
 * of an estimate, see gpuQuotes): its compute detail, and its offering per architecture.
 */
interface QuoteStrings {
  /** The compute component's detail: the price model, then the conversion if any. */
  detail: string;
  /** The option's offering name, by architecture. */
  offerings: Map<string, string>;
}
const QUOTE_STRINGS = new WeakMap<GpuQuote, QuoteStrings>();

function quoteStrings(q: GpuQuote, pricing: PricingModel, currency: string): QuoteStrings {
  let k = QUOTE_STRINGS.get(q);
  if (!k) {
    const fx = q.fx !== 1 ? `, ${q.listCurrency}→${currency} ×${q.fx}` : "";
    k = { detail: `${pricing.replace("_", "-")}${fx}`, offerings: new Map() };
    QUOTE_STRINGS.set(q, k);
  }
  return k;
}

function offeringOn(strings: QuoteStrings, arch: string, q: GpuQuote): string {
  let name = strings.offerings.get(arch);
  if (name === undefined) {
    name = `${arch} on ${q.offering}`;
    strings.offerings.set(arch, name);
  }
  return name;
}

export function servingDetail(p: ServingPlan): NonNullable<Option["serving"]> {
  return {
    batch: p.batch,
    binding: p.binding,
    bound: p.bound,
    nodes: p.nodes,
    ttft_seconds: p.ttft_seconds,
    tpot_seconds: p.step_seconds,
  };
}

export function servingRange(cost: number): NonNullable<Option["range"]> {
  return {
    low: cost * (1 + SERVING_ERROR_SPREAD.low),
    base: cost,
    high: cost * (1 + SERVING_ERROR_SPREAD.high),
    basis: "10th–90th percentile of the serving model's holdout errors against published results (docs/formulas.md)",
  };
}

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
  if (!it.self_host) return NONE;
  const s = planSelfHost(it, traffic, catalog, path, problems, notes);
  if (!s) return NONE;
  const H = HOURS_PER[w.period];
  const R = traffic.requests;
  const perReplica = (H * 3600 * s.sh.utilization) / s.plan.seconds_per_request;
  const replicasFor = (requests: number) => Math.max(1, Math.ceil(requests / perReplica));
  const replicas = replicasFor(R);
  notes.push(planNote(s, perReplica, replicas, w.period));
  const quotes: ReadonlyArray<GpuQuote | undefined> =
    s.sh.price_per_gpu_hour !== undefined
      ? [undefined]
      : gpuQuotes(catalog, s.acc.id, s.sh.pricing, opts, intersectProviders(s.sh.providers, opts.providers), notes);
  const explain = opts.explain === true ? explainServing(s, R, H, replicas) : [];
  const O = R * s.shape.output_tokens;
  const options = quotes.map((q) => {
    const o = rentOption(s, q, replicas, H, O, opts);
    if (opts.explain === true) {
      const c = o.components[0] as Option["components"][number];
      const src = { provider: o.provider, entry_from: o.price_from, source: o.source };
      o.explain = [
        ...explain,
        explainLine(
          `${o.provider}/${o.offering} compute`,
          "rented GPUs · period hours × price per GPU-hour",
          `${num((o.gpu_hours as number) / H)} · ${H} × ${num(c.unit_price)}`,
          c.cost,
          src,
        ),
      ];
    }
    return o;
  });
  const costFns = quotes.map((q) => {
    const price = q ? q.price : (s.sh.price_per_gpu_hour as number);
    const gpi = q?.offer.gpus_per_instance ?? 1;
    return (requests: number) => Math.ceil((replicasFor(requests) * s.plan.gpus) / gpi) * gpi * H * price;
  });
  energyNote(s.acc, options, quotes, notes);
  if (s.sh.own) {
    const own = ownServingOption(s, replicas * s.plan.gpus, H, options, O, opts, notes);
    if (own) options.push(own);
  }
  return { options, breakEven: (api) => breakEvenNote(options, costFns, api, R, perReplica, w.period) };
}

/**
 * The owned fleet (`self_host.own`): the replicas' GPUs bought instead of rented. It serves this item
 * around the clock (the load is already in the replica count), so its utilization defaults to 1;
 * give own.utilization below 1 when the servers will sit idle part of their life.
 */
function ownServingOption(
  s: ServingSetup,
  usedGpus: number,
  hours: number,
  rented: Option[],
  outputTokens: number,
  opts: EstimateOptions,
  notes: string[],
): Option | undefined {
  if (opts.currency !== "USD") {
    notes.push("self_host.own: purchase prices are in USD; owning is priced only in a USD report");
    return undefined;
  }
  const inputs = ownInputs(s.acc, opts.asOf, s.sh.own ?? {}, 1);
  if (!inputs) {
    notes.push(`self_host.own: no purchase price for ${s.acc.id} servers in hardware.yaml at ${opts.asOf}`);
    return undefined;
  }
  const rents = rented.map((o) => o.components[0]?.unit_price ?? Number.POSITIVE_INFINITY);
  const rent = rents.length ? Math.min(...rents) : undefined;
  // Servers are bought whole: every owned GPU-hour carries the fixed cost, energy only the used ones.
  const ownedGpus = Math.ceil(usedGpus / inputs.gpus) * inputs.gpus;
  const work = usedGpus * hours;
  const o = ownOption(
    inputs,
    work,
    rent,
    `${s.arch.id} on owned ${inputs.server}`,
    opts.currency,
    (ownedGpus * hours) / inputs.utilization,
  );
  if (ownedGpus !== usedGpus) o.notes.push(`servers are bought whole: ${ownedGpus} GPUs owned for ${usedGpus} used`);
  o.gpus_per_replica = s.plan.gpus;
  o.output_tokens_per_second = s.plan.output_tps;
  o.serving = servingDetail(s.plan);
  o.range = servingRange(o.cost);
  if (outputTokens > 0) o.cost_per_1m_output_tokens = o.cost / (outputTokens / PER_MILLION);
  return o;
}

function energyNote(
  acc: Accelerator,
  options: Option[],
  quotes: ReadonlyArray<GpuQuote | undefined>,
  notes: string[],
): void {
  if (options.length === 0) return;
  if (acc.tdp_w === undefined) {
    notes.push(`self_host: energy and CO2 not estimated: ${acc.id} has no published power figure`);
    return;
  }
  const worldGrid = quotes.some((q) => q?.offer.grid_gco2_per_kwh === undefined);
  notes.push(
    `self_host: energy at TDP ${acc.tdp_w} W and PUE ${DEFAULT_PUE} (defaults)${worldGrid ? `; grid ${WORLD_GRID_GCO2_PER_KWH} gCO2/kWh world average (${WORLD_GRID_SOURCE})` : ""}`,
  );
}

function breakEvenNote(
  options: Option[],
  costFns: Array<(requests: number) => number>,
  apiOptions: Option[],
  R: number,
  perReplica: number,
  period: Workload["period"],
): string | undefined {
  if (options.length === 0 || apiOptions.length === 0 || R <= 0) return undefined;
  const api = apiOptions.reduce((a, b) => (b.cost < a.cost ? b : a));
  const perRequest = api.cost / R;
  let best: { at: number; option: Option } | undefined;
  options.forEach((o, i) => {
    const at = breakEvenRequests(costFns[i] as (r: number) => number, perRequest, perReplica, 100 * R);
    if (at !== undefined && (!best || at < best.at)) best = { at, option: o };
  });
  const days = daysIn(period);
  const apiName = `${api.provider}/${api.offering}`;
  if (!best)
    return `break-even: self-hosting never beats the cheapest API option (${apiName}) within 100× this item's traffic (${num((100 * R) / days)} requests/day)`;
  const b = best as { at: number; option: Option };
  return `break-even: self-hosting (${b.option.provider}/${b.option.offering}) beats the cheapest API option (${apiName}) from ${num(b.at / days)} requests/day (this item: ${num(R / days)})`;
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
      message: `no architecture for ${quoted(it.model)} to self-host: parameters, layers, kv_heads and head_dim are missing`,
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
      message: `the architecture of ${quoted(it.model)} lacks ${missing.join(", ")}, needed for the KV cache`,
      expected: "parameters, layers, kv_heads and head_dim",
      found: `no ${missing.join(", ")}`,
      hint: `add ${missing.map((k) => `${k}: …`).join(", ")} to self_host.architecture`,
    });
    return undefined;
  }
  return arch;
}
