import { quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Catalog } from "../schema/catalog.js";
import type { Component, Explain, Option } from "../schema/report.js";
import type { TrainingItem } from "../schema/workload.js";
import {
  type Architecture,
  activeParams,
  BYTES,
  DEFAULT_MFU,
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
  storagePrice,
  WORLD_GRID_GCO2_PER_KWH,
  WORLD_GRID_SOURCE,
} from "./gpu.js";
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

export function priceTraining(
  it: TrainingItem,
  catalog: Catalog,
  opts: EstimateOptions,
  path: Path,
  problems: Problem[],
  notes: string[],
): Option[] {
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
  if (problems.length > before || !arch || !acc || peak === undefined) return [];

  const explain: Explain[] = [];
  const ex = opts.explain === true;
  const defaults: string[] = [];

  // FLOPs
  const Na = activeParams(arch);
  const k = it.method === "lora" ? LORA_FLOPS_PER_PARAM_TOKEN : FULL_FLOPS_PER_PARAM_TOKEN;
  let flops: number;
  if (it.flops !== undefined) {
    flops = it.flops;
    if (ex) explain.push(explainLine("training FLOPs", "given (flops)", num(flops), flops));
  } else {
    const tokens = it.tokens as number;
    flops = k * Na * tokens * it.epochs;
    if (ex)
      explain.push(
        explainLine(
          "training FLOPs",
          `${k} · N_active · tokens · epochs${it.method === "lora" ? " (LoRA: no weight gradients for frozen weights)" : ""}`,
          `${k} · ${num(Na)} · ${num(tokens)} · ${it.epochs}`,
          flops,
          { provider: "models.yaml", entry_from: arch.id, source: arch.source },
        ),
      );
  }

  const mfu = it.mfu ?? DEFAULT_MFU;
  if (it.mfu === undefined)
    defaults.push(`mfu ${DEFAULT_MFU} (typical of large dense runs; Epoch AI's median is 0.375)`);
  const gpuHours = flops / (peak * mfu * 3600);
  const wall = gpuHours / it.gpus;
  if (ex) {
    explain.push(
      explainLine(
        "GPU-hours",
        `FLOPs / (peak ${it.precision} · mfu · 3600)`,
        `${num(flops)} / (${num(peak)} · ${mfu} · 3600)`,
        gpuHours,
        { provider: "hardware.yaml", entry_from: acc.id, source: acc.source },
      ),
      explainLine("wall-clock hours", "GPU-hours / gpus", `${num(gpuHours)} / ${it.gpus}`, wall),
    );
  }

  // Memory: ZeRO-3 shards weights, gradients and optimiser state across all GPUs. Activations are not counted.
  const mem = trainingMemory(it, arch);
  const perGpu = acc.memory_gb * 1e9;
  const minGpus = Math.ceil(mem.bytes / perGpu);
  if (minGpus > it.gpus)
    notes.push(
      `warning: ${mem.what} need ${num(mem.bytes / 1e9)} GB, more than ${it.gpus} × ${acc.memory_gb} GB even fully sharded (ZeRO-3): use at least ${minGpus} × ${acc.id}`,
    );

  // Energy
  // Power: the workload's, else the accelerator's published TDP. Some vendors publish none (TPU v5p):
  // then energy and CO2 are left out and the note says how to give a figure, never a made-up one.
  const power = it.energy?.power_w ?? acc.tdp_w;
  if (it.energy?.power_w === undefined && acc.tdp_w !== undefined)
    defaults.push(`power ${acc.tdp_w} W per GPU (the ${acc.id} TDP)`);
  if (power === undefined)
    notes.push(
      `energy and CO2 not estimated: ${acc.id} has no published power figure; give energy.power_w (average watts per GPU)`,
    );
  const pue = it.energy?.pue ?? DEFAULT_PUE;
  if (it.energy?.pue === undefined && power !== undefined) defaults.push(`PUE ${DEFAULT_PUE}`);
  const energy = power === undefined ? undefined : (gpuHours * power * pue) / 1000;
  if (ex && energy !== undefined)
    explain.push(
      explainLine(
        "energy kWh",
        "GPU-hours · power_w / 1000 · pue",
        `${num(gpuHours)} · ${power} / 1000 · ${pue}`,
        energy,
      ),
    );

  notes.push(
    `${num(flops)} FLOPs; ${num(gpuHours)} GPU-hours on ${acc.id} ${it.precision} at MFU ${mfu}; ${num(wall)} h (${num(Math.round((wall / 24) * 10) / 10)} days) wall-clock on ${it.gpus} GPUs; ${energy === undefined ? "" : `${num(energy)} kWh; `}a one-off cost, counted once in the total`,
  );

  // Prices
  const quotes: Array<GpuQuote | undefined> = [];
  if (it.price_per_gpu_hour !== undefined) quotes.push(undefined);
  else
    quotes.push(
      ...gpuQuotes(catalog, acc.id, it.pricing, opts, intersectProviders(it.providers, opts.providers), notes),
    );

  const gbm =
    it.checkpoints && it.checkpoints.count > 0 && it.checkpoints.size_gb > 0 && it.checkpoints.months > 0
      ? it.checkpoints.size_gb * it.checkpoints.count * it.checkpoints.months
      : 0;
  // Options whose cost leaves out the requested checkpoint storage (no storage price): kept, but
  // ranked against options that include it, so a warning when one of them is selected.
  const withoutStorage = new Set<Option>();

  let usedWorldGrid = false;
  const options: Option[] = [];
  for (const q of quotes) {
    const oNotes: string[] = [];
    const oExplain = [...explain];
    const price = q ? q.price : (it.price_per_gpu_hour as number);
    const pid = q ? q.provider.provider.id : "own";
    const offering = q ? q.offering : acc.id;
    const src = q
      ? { provider: pid, entry_from: q.entry.from, source: q.source }
      : { provider: "workload", entry_from: opts.asOf, source: "price_per_gpu_hour given in the workload" };
    const components: Component[] = [];
    const compute: Component = {
      name: "compute",
      quantity: gpuHours,
      unit: "gpu_hours",
      unit_price: price,
      price_unit: "per_gpu_hour",
      cost: gpuHours * price,
    };
    if (q && q.fx !== 1) compute.detail = `${q.listCurrency}→${opts.currency} ×${q.fx}`;
    if (q) compute.detail = [compute.detail, it.pricing.replace("_", "-")].filter(Boolean).join(", ");
    components.push(compute);
    if (ex)
      oExplain.push(
        explainLine(
          `${pid}/${offering} compute`,
          "GPU-hours × price per GPU-hour",
          `${num(gpuHours)} × ${num(price)}`,
          compute.cost,
          src,
        ),
      );
    const gpi = q?.offer.gpus_per_instance;
    if (gpi && it.gpus % gpi !== 0)
      oNotes.push(
        `${it.gpus} GPUs is not a whole number of ${gpi}-GPU ${q?.offer.instance ?? "instances"}: you would rent ${Math.ceil(it.gpus / gpi) * gpi}`,
      );

    let storageLeftOut = false;
    if (it.checkpoints && gbm > 0) {
      const sp = q ? storagePrice(catalog, q.provider, opts) : undefined;
      if (sp) {
        const c: Component = {
          name: "storage",
          quantity: gbm,
          unit: "gb_months",
          unit_price: sp.price,
          price_unit: "per_gb_month",
          cost: gbm * sp.price,
        };
        c.detail = `${sp.kind} storage`;
        components.push(c);
        if (ex)
          oExplain.push(
            explainLine(
              `${pid}/${offering} storage`,
              "size_gb · count · months × price per GB-month",
              `${it.checkpoints.size_gb} · ${it.checkpoints.count} · ${it.checkpoints.months} × ${num(sp.price)}`,
              c.cost,
              {
                provider: pid,
                entry_from: sp.from,
                source: sp.source,
              },
            ),
          );
      } else {
        storageLeftOut = true;
        oNotes.push(
          q
            ? `${pid} publishes no storage price in the catalog: checkpoint storage (${num(gbm)} GB-months) not priced`
            : `checkpoint storage (${num(gbm)} GB-months) is not priced with price_per_gpu_hour`,
        );
      }
    }

    const grid = it.energy?.grid_gco2_per_kwh ?? q?.offer.grid_gco2_per_kwh ?? WORLD_GRID_GCO2_PER_KWH;
    let co2: number | undefined;
    if (energy !== undefined) {
      if (it.energy?.grid_gco2_per_kwh === undefined && q?.offer.grid_gco2_per_kwh === undefined) usedWorldGrid = true;
      co2 = (energy * grid) / 1000;
      if (ex)
        oExplain.push(
          explainLine(
            `${pid}/${offering} CO2 kg`,
            "energy kWh · grid gCO2/kWh / 1000",
            `${num(energy)} · ${grid} / 1000`,
            co2,
          ),
        );
      oNotes.push(`${num(co2)} kg CO2e at ${grid} gCO2/kWh`);
    }

    let cost = 0;
    for (const c of components) cost += c.cost;
    const option: Option = {
      provider: pid,
      offering,
      via: "gpu_cloud",
      ...gpuBilling(it.pricing, q?.entry, gpuHours),
      cost,
      currency: opts.currency,
      list_currency: q ? q.listCurrency : opts.currency,
      price_from: q ? q.entry.from : opts.asOf,
      source: src.source,
      components,
      notes: oNotes,
      flops,
      gpu_hours: gpuHours,
      wall_clock_hours: wall,
    };
    if (energy !== undefined) option.energy_kwh = energy;
    if (co2 !== undefined) option.co2_kg = co2;
    if (q && q.fx !== 1) option.fx_rate = q.fx;
    if (ex) option.explain = oExplain;
    options.push(option);
    if (storageLeftOut) withoutStorage.add(option);
  }
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
  if (usedWorldGrid)
    defaults.push(`grid ${WORLD_GRID_GCO2_PER_KWH} gCO2/kWh, the world average (${WORLD_GRID_SOURCE})`);
  if (defaults.length) notes.push(`defaults used: ${defaults.join("; ")}`);
  return options;
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
