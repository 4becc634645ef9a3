import { quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Accelerator, Catalog } from "../schema/catalog.js";
import type { Component, Explain, Option } from "../schema/report.js";
import type { TrainingItem } from "../schema/workload.js";
import { component, costOf } from "./components.js";
import {
  type Architecture,
  activeParams,
  BYTES,
  DEFAULT_MFU,
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
  storagePrice,
  WORLD_GRID_GCO2_PER_KWH,
  WORLD_GRID_SOURCE,
} from "./gpu.js";
import { OWN_DEFAULTS, ownInputs, ownOption } from "./own.js";
import { compareOptions } from "./rank.js";
import type { EstimateOptions, Problem } from "./types.js";

/**
 * Training on rented GPUs (DESIGN.md "Engine formulas", docs/formulas.md):
 *   FLOPs      = k · N_active · tokens · epochs   (k = 6 full, 4 LoRA), unless `flops` is given
 *   GPU-hours  = FLOPs / (peak(gpu, precision) · mfu · 3600)
 *   wall-clock = GPU-hours / gpus
 *   compute    = GPU-hours · price(provider, gpu, pricing)
 *   storage    = size_gb · count · months · price per GB-month
 *   energy     = GPU-hours · power_w / 1000 · pue          CO2 = energy · grid gCO2/kWh / 1000
 *
 * Worked example: llama-3.1-8b (8.03e9) on 50B tokens, 1 epoch: 6 · 8.03e9 · 5e10 = 2.409e21 FLOPs;
 * on H100 bf16 (989 TFLOP/s) at MFU 0.40: 2.409e21 / (9.89e14 · 0.4 · 3600) = 1,691.5 GPU-hours;
 * on 64 GPUs 26.4 h wall-clock; at $3.99/GPU-h $6,749.
 */

/** Bytes per parameter for mixed-precision Adam: bf16 weights 2 + grads 2 + fp32 master/m/v 12 (ZeRO "16Ψ"). */
export const ADAM_BYTES_PER_PARAM = 16;
/** LoRA: frozen base weights do forward (2N) and activation-gradient backward (2N), no weight gradients. */
export const LORA_FLOPS_PER_PARAM_TOKEN = 4;
export const FULL_FLOPS_PER_PARAM_TOKEN = 6;
/** Default LoRA rank when neither `lora.rank` nor `lora.trainable_share` is given. */
export const DEFAULT_LORA_RANK = 16;
/** Trainable share assumed when the architecture lacks layers/hidden to count adapter parameters. */
export const DEFAULT_LORA_SHARE = 0.01;

type Path = Array<string | number>;

/**
 * Effective MFU of the published large runs reproduced in docs/formulas.md (Llama 3.1 405B 0.346,
 * DeepSeek-V3 0.35, Llama 2 7B 0.39, Llama 2 70B 0.43; all on 2,048 GPUs or more). Their median
 * is 0.37; cost scales with 1 / MFU, so low = cost · 0.37 / 0.43, high = cost · 0.37 / 0.346.
 */
export const PUBLISHED_MFU = { low: 0.346, median: 0.37, high: 0.43 } as const;
/** Jobs above one node need an offer on a training-grade fabric (RDMA between nodes). */
export const TRAINING_FABRICS = ["infiniband", "roce", "efa"] as const;

/** What planning a training item found: everything pricing and explaining need. */
export interface TrainingSetup {
  arch: Architecture;
  acc: Accelerator;
  peak: number;
  flops: number;
  k: number;
  mfu: number;
  gpuHours: number;
  wall: number;
  power: number | undefined;
  pue: number;
  energy: number | undefined;
  defaults: string[];
}

/** Part 1, plan: FLOPs, GPU-hours, wall-clock, energy; the memory check as a note. */
export function planTraining(
  it: TrainingItem,
  catalog: Catalog,
  path: Path,
  problems: Problem[],
  notes: string[],
): TrainingSetup | undefined {
  const before = problems.length;
  const arch = trainingArchitecture(it, catalog, [...path, "model"], problems);
  const acc = findAccelerator(catalog, it.gpu, [...path, "gpu"], problems);
  const peak = acc ? peakFlops(acc, it.precision, [...path, "precision"], problems) : undefined;
  if (it.flops === undefined && it.tokens === undefined)
    problems.push({
      kind: "invalid",
      path,
      message: "missing training size: give tokens (per epoch) or flops",
      expected: "tokens: 50B (with epochs), or flops: 2.4e21",
      found: "neither",
    });
  if (problems.length > before || !arch || !acc || peak === undefined) return undefined;
  const defaults: string[] = [];
  const k = it.method === "lora" ? LORA_FLOPS_PER_PARAM_TOKEN : FULL_FLOPS_PER_PARAM_TOKEN;
  const flops = it.flops ?? k * activeParams(arch) * (it.tokens as number) * it.epochs;
  const mfu = it.mfu ?? DEFAULT_MFU;
  if (it.mfu === undefined)
    defaults.push(`mfu ${DEFAULT_MFU} (typical of large dense runs; Epoch AI's median is 0.375)`);
  const gpuHours = flops / (peak * mfu * 3600);
  // Memory: ZeRO-3 shards weights, gradients and optimiser state across all GPUs. Activations are not counted.
  const mem = trainingMemory(it, arch);
  const minGpus = Math.ceil(mem.bytes / (acc.memory_gb * 1e9));
  if (minGpus > it.gpus)
    notes.push(
      `warning: ${mem.what} need ${num(mem.bytes / 1e9)} GB, more than ${it.gpus} × ${acc.memory_gb} GB even fully sharded (ZeRO-3): use at least ${minGpus} × ${acc.id}`,
    );
  // Power: the workload's, else the published TDP; none published (TPU v5p): energy and CO2 left out, said so.
  const power = it.energy?.power_w ?? acc.tdp_w;
  if (it.energy?.power_w === undefined && acc.tdp_w !== undefined)
    defaults.push(`power ${acc.tdp_w} W per GPU (the ${acc.id} TDP)`);
  if (power === undefined)
    notes.push(
      `energy and CO2 not estimated: ${acc.id} has no published power figure; give energy.power_w (average watts per GPU)`,
    );
  const pue = it.energy?.pue ?? DEFAULT_PUE;
  if (it.energy?.pue === undefined && power !== undefined) defaults.push(`PUE ${DEFAULT_PUE}`);
  const energy = energyAndCo2(gpuHours, power, pue, 0)?.kwh;
  const wall = gpuHours / it.gpus;
  notes.push(
    `${num(flops)} FLOPs; ${num(gpuHours)} GPU-hours on ${acc.id} ${it.precision} at MFU ${mfu}; ${num(wall)} h (${num(Math.round((wall / 24) * 10) / 10)} days) wall-clock on ${it.gpus} GPUs; ${energy === undefined ? "" : `${num(energy)} kWh; `}a one-off cost, counted once in the total`,
  );
  return { arch, acc, peak, flops, k, mfu, gpuHours, wall, power, pue, energy, defaults };
}

/** Part 3, explain: FLOPs, GPU-hours, wall-clock and energy, formula by formula. */
export function explainTraining(it: TrainingItem, s: TrainingSetup): Explain[] {
  const out: Explain[] = [];
  if (it.flops !== undefined) out.push(explainLine("training FLOPs", "given (flops)", num(s.flops), s.flops));
  else
    out.push(
      explainLine(
        "training FLOPs",
        `${s.k} · N_active · tokens · epochs${it.method === "lora" ? " (LoRA: no weight gradients for frozen weights)" : ""}`,
        `${s.k} · ${num(activeParams(s.arch))} · ${num(it.tokens as number)} · ${it.epochs}`,
        s.flops,
        { provider: "models.yaml", entry_from: s.arch.id, source: s.arch.source },
      ),
    );
  out.push(
    explainLine(
      "GPU-hours",
      `FLOPs / (peak ${it.precision} · mfu · 3600)`,
      `${num(s.flops)} / (${num(s.peak)} · ${s.mfu} · 3600)`,
      s.gpuHours,
      {
        provider: "hardware.yaml",
        entry_from: s.acc.id,
        source: s.acc.source,
      },
    ),
    explainLine("wall-clock hours", "GPU-hours / gpus", `${num(s.gpuHours)} / ${it.gpus}`, s.wall),
  );
  if (s.energy !== undefined)
    out.push(
      explainLine(
        "energy kWh",
        "GPU-hours · power_w / 1000 · pue",
        `${num(s.gpuHours)} · ${s.power} / 1000 · ${s.pue}`,
        s.energy,
      ),
    );
  return out;
}

/** Why an offer cannot run a job of `gpus` GPUs (what it sells and how far its fabric reaches), or undefined when it can. */
export function offerLeftOut(q: GpuQuote, gpus: number): string | undefined {
  const gpi = q.offer.gpus_per_instance ?? 1;
  const sells = q.offer.sells ?? (gpi >= 8 ? "node" : "gpu");
  const fabric = q.offer.fabric;
  const trainingFabric = fabric !== undefined && (TRAINING_FABRICS as readonly string[]).includes(fabric);
  const largest = q.offer.max_gpus ?? (trainingFabric ? Number.POSITIVE_INFINITY : gpi);
  if (gpus <= largest) return undefined;
  if (trainingFabric) return `its ${fabric} clusters reach ${num(largest)} GPUs`;
  const what = sells === "gpu" ? "single-GPU listings" : sells === "node" ? `${gpi}-GPU nodes` : "clusters";
  return `sells ${what} with no training-grade interconnect between them in the catalog`;
}

/** Low / base / high from the spread of effective MFU in the published runs. */
export function trainingRange(cost: number): NonNullable<Option["range"]> {
  return {
    low: (cost * PUBLISHED_MFU.median) / PUBLISHED_MFU.high,
    base: cost,
    high: (cost * PUBLISHED_MFU.median) / PUBLISHED_MFU.low,
    basis: "effective MFU of published large runs, 0.346–0.43 around a median of 0.37 (docs/formulas.md)",
  };
}

/** Part 2, price: one rented option (compute, checkpoint storage, CO2) per eligible offer, or the workload's own GPU-hour price. */
function rentTrainingOption(
  it: TrainingItem,
  s: TrainingSetup,
  q: GpuQuote | undefined,
  catalog: Catalog,
  opts: EstimateOptions,
  explain: Explain[],
): { option: Option; storageLeftOut: boolean; worldGrid: boolean } {
  const price = q ? q.price : (it.price_per_gpu_hour as number);
  const pid = q ? q.provider.provider.id : "own";
  const offering = q ? q.offering : s.acc.id;
  const src = q
    ? { provider: pid, entry_from: q.entry.from, source: q.source }
    : { provider: "workload", entry_from: opts.asOf, source: "price_per_gpu_hour given in the workload" };
  const detail = q ? computeDetail(q, it, opts) : undefined;
  const components = [component("compute", s.gpuHours, "gpu_hours", price, "per_gpu_hour", 1, detail)];
  const notes: string[] = [];
  const oExplain = [
    ...explain,
    explainLine(
      `${pid}/${offering} compute`,
      "GPU-hours × price per GPU-hour",
      `${num(s.gpuHours)} × ${num(price)}`,
      components[0]?.cost as number,
      src,
    ),
  ];
  const gpi = q?.offer.gpus_per_instance;
  if (gpi && it.gpus % gpi !== 0)
    notes.push(
      `${it.gpus} GPUs is not a whole number of ${gpi}-GPU ${q?.offer.instance ?? "instances"}: you would rent ${Math.ceil(it.gpus / gpi) * gpi}`,
    );
  const storage = checkpointStorage(it, q, catalog, opts, pid, offering, notes, oExplain);
  if (storage) components.push(storage);
  const { co2, gridGiven } = trainingCo2(it, s, q, `${pid}/${offering}`, notes, oExplain);
  const cost = costOf(components);
  const option: Option = {
    provider: pid,
    offering,
    via: "gpu_cloud",
    ...gpuBilling(it.pricing, q?.entry, s.gpuHours),
    cost,
    currency: opts.currency,
    list_currency: q ? q.listCurrency : opts.currency,
    price_from: q ? q.entry.from : opts.asOf,
    source: src.source,
    components,
    notes,
    flops: s.flops,
    gpu_hours: s.gpuHours,
    wall_clock_hours: s.wall,
    range: trainingRange(cost),
  };
  if (s.energy !== undefined) option.energy_kwh = s.energy;
  if (co2 !== undefined) option.co2_kg = co2;
  if (q && q.fx !== 1) option.fx_rate = q.fx;
  if (opts.explain === true) option.explain = oExplain;
  const storageLeftOut = it.checkpoints !== undefined && gbMonths(it) > 0 && !storage;
  return { option, storageLeftOut, worldGrid: s.energy !== undefined && gridGiven === undefined };
}

/** The compute component's detail: the conversion, if any, and the pricing model. */
function computeDetail(q: GpuQuote, it: TrainingItem, opts: EstimateOptions): string {
  return [q.fx !== 1 ? `${q.listCurrency}→${opts.currency} ×${q.fx}` : "", it.pricing.replace("_", "-")]
    .filter(Boolean)
    .join(", ");
}

/** The run's CO2 (kg) at the grid given (workload, then offer) or the world average, with its note and explain line. */
function trainingCo2(
  it: TrainingItem,
  s: TrainingSetup,
  q: GpuQuote | undefined,
  label: string,
  notes: string[],
  oExplain: Explain[],
): { co2: number | undefined; gridGiven: number | undefined } {
  const gridGiven = it.energy?.grid_gco2_per_kwh ?? q?.offer.grid_gco2_per_kwh;
  const grid = gridGiven ?? WORLD_GRID_GCO2_PER_KWH;
  if (s.energy === undefined) return { co2: undefined, gridGiven };
  const co2 = (s.energy * grid) / 1000;
  oExplain.push(
    explainLine(`${label} CO2 kg`, "energy kWh · grid gCO2/kWh / 1000", `${num(s.energy)} · ${grid} / 1000`, co2),
  );
  notes.push(`${num(co2)} kg CO2e at ${grid} gCO2/kWh`);
  return { co2, gridGiven };
}

function gbMonths(it: TrainingItem): number {
  const c = it.checkpoints;
  return c && c.count > 0 && c.size_gb > 0 && c.months > 0 ? c.size_gb * c.count * c.months : 0;
}

/** The checkpoint storage component at the provider's storage price, or a note saying why it is not priced. */
function checkpointStorage(
  it: TrainingItem,
  q: GpuQuote | undefined,
  catalog: Catalog,
  opts: EstimateOptions,
  pid: string,
  offering: string,
  notes: string[],
  explain: Explain[],
): Component | undefined {
  const gbm = gbMonths(it);
  const c = it.checkpoints;
  if (!c || gbm <= 0) return undefined;
  const sp = q ? storagePrice(catalog, q.provider, opts) : undefined;
  if (!sp) {
    notes.push(
      q
        ? `${pid} publishes no storage price in the catalog: checkpoint storage (${num(gbm)} GB-months) not priced`
        : `checkpoint storage (${num(gbm)} GB-months) is not priced with price_per_gpu_hour`,
    );
    return undefined;
  }
  const comp = component("storage", gbm, "gb_months", sp.price, "per_gb_month", 1, `${sp.kind} storage`);
  explain.push(
    explainLine(
      `${pid}/${offering} storage`,
      "size_gb · count · months × price per GB-month",
      `${c.size_gb} · ${c.count} · ${c.months} × ${num(sp.price)}`,
      comp.cost,
      {
        provider: pid,
        entry_from: sp.from,
        source: sp.source,
      },
    ),
  );
  return comp;
}

/** The eligible quotes for the job's size; the others are named in one note per reason. */
function eligibleQuotes(
  it: TrainingItem,
  acc: Accelerator,
  opts: EstimateOptions,
  catalog: Catalog,
  notes: string[],
): Array<GpuQuote | undefined> {
  if (it.price_per_gpu_hour !== undefined) return [undefined];
  const all = gpuQuotes(catalog, acc.id, it.pricing, opts, intersectProviders(it.providers, opts.providers), notes);
  const out: GpuQuote[] = [];
  const byReason = new Map<string, string[]>();
  for (const q of all) {
    const why = offerLeftOut(q, it.gpus);
    if (why === undefined) out.push(q);
    else byReason.set(why, [...(byReason.get(why) ?? []), `${q.provider.provider.id}/${q.offering}`]);
  }
  for (const [why, names] of byReason)
    notes.push(`left out for a ${num(it.gpus)}-GPU run: ${names.join(", ")}: ${why}`);
  if (all.length > 0 && out.length === 0)
    notes.push(
      `no offer in the catalog sells ${num(it.gpus)} × ${acc.id} on a training interconnect: not priced on rented GPUs`,
    );
  return out;
}

export function priceTraining(
  it: TrainingItem,
  catalog: Catalog,
  opts: EstimateOptions,
  path: Path,
  problems: Problem[],
  notes: string[],
): Option[] {
  const s = planTraining(it, catalog, path, problems, notes);
  if (!s) return [];
  const explain = opts.explain === true ? explainTraining(it, s) : [];
  const quotes = eligibleQuotes(it, s.acc, opts, catalog, notes);
  const withoutStorage = new Set<Option>();
  let worldGrid = false;
  const options = quotes.map((q) => {
    const r = rentTrainingOption(it, s, q, catalog, opts, explain);
    if (r.storageLeftOut) withoutStorage.add(r.option);
    worldGrid ||= r.worldGrid;
    return r.option;
  });
  if (it.own) {
    const own = ownTrainingOption(it, s, options, opts, notes);
    if (own) options.push(own);
  }
  trainingNotes(it, options, withoutStorage, worldGrid, s.defaults, notes);
  return options;
}

/** The owned cluster for this run (`own:` given), compared with the cheapest rented compute per GPU-hour. */
function ownTrainingOption(
  it: TrainingItem,
  s: TrainingSetup,
  rented: Option[],
  opts: EstimateOptions,
  notes: string[],
): Option | undefined {
  if (opts.currency !== "USD") {
    notes.push("own: purchase prices are in USD; owning is priced only in a USD report");
    return undefined;
  }
  const inputs = ownInputs(s.acc, opts.asOf, it.own ?? {}, OWN_DEFAULTS.utilization);
  if (!inputs) {
    notes.push(`own: no purchase price for ${s.acc.id} servers in hardware.yaml at ${opts.asOf}`);
    return undefined;
  }
  const rents = rented.map((o) => (o.components[0]?.unit_price as number) ?? Number.POSITIVE_INFINITY);
  const rent = rents.length ? Math.min(...rents) : undefined;
  const o = ownOption(
    inputs,
    s.gpuHours,
    rent,
    `${Math.ceil(it.gpus / inputs.gpus)} × ${inputs.server}`,
    opts.currency,
  );
  o.flops = s.flops;
  o.wall_clock_hours = s.wall;
  o.range = trainingRange(o.cost);
  return o;
}

function trainingNotes(
  it: TrainingItem,
  options: Option[],
  withoutStorage: Set<Option>,
  worldGrid: boolean,
  defaults: string[],
  notes: string[],
): void {
  const gbm = gbMonths(it);
  // The option estimate() selects: the first under its ordering.
  const selected = options.reduce<Option | undefined>((a, o) => (a && compareOptions(a, o) <= 0 ? a : o), undefined);
  if (selected && withoutStorage.has(selected))
    notes.push(
      it.price_per_gpu_hour !== undefined
        ? `warning: checkpoint storage is not priced with price_per_gpu_hour: the cost leaves out ${num(gbm)} GB-months of checkpoints (providers and pricing are ignored when price_per_gpu_hour is given)`
        : `warning: selected option ${selected.provider}/${selected.offering}: checkpoint storage (${num(gbm)} GB-months) is not included in that cost, as ${selected.provider} publishes no storage price in the catalog; other options include it`,
    );
  else if (it.price_per_gpu_hour !== undefined && it.providers?.length)
    notes.push("providers and pricing are ignored when price_per_gpu_hour is given");
  if (worldGrid) defaults.push(`grid ${WORLD_GRID_GCO2_PER_KWH} gCO2/kWh, the world average (${WORLD_GRID_SOURCE})`);
  if (defaults.length) notes.push(`defaults used: ${defaults.join("; ")}`);
}

function trainingArchitecture(
  it: TrainingItem,
  catalog: Catalog,
  path: Path,
  problems: Problem[],
): Architecture | undefined {
  if (typeof it.model !== "string") return inlineArchitecture(it.model, "inline");
  const arch = findArchitecture(catalog, it.model);
  if (arch) return arch;
  const ids = catalog.models.map((m) => m.id);
  problems.push({
    kind: "unknown_model",
    path,
    message: `no architecture for ${quoted(it.model)} in models.yaml`,
    expected: "a models.yaml key, or inline {parameters, active_parameters}",
    found: it.model,
    hint: didYouMean(it.model, ids) ?? "give it inline: model: {parameters: 7B}",
  });
  return undefined;
}

/**
 * Memory a training job must hold across its GPUs (ZeRO-3), activations excluded.
 * Full: 16 bytes/parameter. LoRA: frozen weights at the training precision plus 16 bytes per trainable
 * parameter; trainable = lora.trainable_share · N, else rank r adapters on the four attention
 * projections of each layer ≈ layers · 4 · 2 · r · hidden, else 1% of N.
 */
export function trainingMemory(it: TrainingItem, arch: Architecture): { bytes: number; what: string } {
  const N = arch.parameters;
  if (it.method !== "lora")
    return { bytes: ADAM_BYTES_PER_PARAM * N, what: "weights, gradients and Adam state (16 bytes/parameter)" };
  let trainable: number;
  if (it.lora?.trainable_share !== undefined) trainable = it.lora.trainable_share * N;
  else if (arch.layers !== undefined && arch.hidden !== undefined)
    trainable = arch.layers * 4 * 2 * (it.lora?.rank ?? DEFAULT_LORA_RANK) * arch.hidden;
  else trainable = DEFAULT_LORA_SHARE * N;
  return {
    bytes: BYTES[it.precision] * N + ADAM_BYTES_PER_PARAM * trainable,
    what: `frozen weights (${BYTES[it.precision]} bytes/parameter) and LoRA adapters with Adam state (${num(trainable)} trainable × 16 bytes)`,
  };
}
