import { quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Accelerator, Catalog, CatalogProvider, GpuOffer, GpuPrice, ModelArch } from "../schema/catalog.js";
import type { Explain, Option } from "../schema/report.js";
import type { InlineArchitecture, Precision, PricingModel } from "../schema/workload.js";
import { absentNote, fxFactor, resolvePrice, sourceOf } from "./resolve.js";
import type { EstimateOptions, Problem } from "./types.js";

/**
 * What training and self-hosting share: the accelerator and its peaks, bytes per element at a
 * precision, the GPU-hour prices of every cloud offering an accelerator at `as_of`, storage prices,
 * and the defaults (MFU, PUE, grid intensity) with the sources we cite for them.
 */

/** Bytes per parameter (or KV element) at a precision. int4/fp4 weights are half a byte. */
export const BYTES: Record<Precision, number> = { fp32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };

export const DEFAULT_MFU = 0.4;
export const DEFAULT_PUE = 1.2;
/**
 * World-average carbon intensity of electricity generation, gCO2e/kWh: Ember, Global Electricity
 * Review 2023 (2022 data: 436 g/kWh), also in Our World in Data's "carbon intensity of electricity"
 * series (Ember and Energy Institute).
 */
export const WORLD_GRID_GCO2_PER_KWH = 436;
export const WORLD_GRID_SOURCE =
  "Ember, Global Electricity Review 2023 (world average 436 gCO2e/kWh, 2022): https://ember-climate.org/insights/research/global-electricity-review-2023/";

type Path = Array<string | number>;

/** The accelerator with this id, or a problem with a "did you mean". */
export function findAccelerator(
  catalog: Catalog,
  id: string,
  path: Path,
  problems: Problem[],
): Accelerator | undefined {
  const acc = catalog.accelerators.find((a) => a.id === id.toLowerCase());
  if (acc) return acc;
  const ids = catalog.accelerators.map((a) => a.id);
  problems.push({
    kind: "unknown_gpu",
    path,
    message: `unknown accelerator ${quoted(id)}`,
    expected: "an accelerator key from hardware.yaml",
    found: id,
    hint: didYouMean(id, ids) ?? `known accelerators: ${ids.join(", ")}`,
  });
  return undefined;
}

/** Dense peak in FLOP/s at `precision`, or a problem naming the precisions the accelerator has. */
export function peakFlops(acc: Accelerator, precision: Precision, path: Path, problems: Problem[]): number | undefined {
  const t = acc.tflops[precision];
  if (t !== undefined) return t * 1e12;
  const have = Object.keys(acc.tflops).filter((k) => acc.tflops[k as keyof typeof acc.tflops] !== undefined);
  problems.push({
    kind: "invalid",
    path,
    message: `${acc.id} has no published ${precision} peak`,
    expected: `one of the precisions ${acc.id} has a dense peak for: ${have.join(", ")}`,
    found: precision,
    hint: have.includes("bf16") ? "use precision: bf16" : `use precision: ${have[0]}`,
  });
  return undefined;
}

/** A GPU-hour price of one cloud offer at `as_of`, in the report currency. */
export interface GpuQuote {
  provider: CatalogProvider;
  offer: GpuOffer;
  entry: GpuPrice;
  /** Per GPU-hour, in the report currency. */
  price: number;
  listCurrency: string;
  fx: number;
  source: string;
  /** Name of the option's offering: the instance, else the accelerator. */
  offering: string;
}

const PRICING_LABEL: Record<PricingModel, string> = {
  on_demand: "on-demand",
  spot: "spot",
  reserved_1y: "1-year reserved",
  reserved_3y: "3-year reserved",
  capacity_block: "capacity-block",
};

/**
 * The providers a GPU option may come from: the item's list, the caller's (CLI --provider), or,
 * when both are given, their intersection (the CLI narrows what the workload allows). Undefined: any.
 */
export function intersectProviders(item: string[] | undefined, cli: string[] | undefined): Set<string> | undefined {
  const a = item !== undefined && item.length > 0 ? item : undefined;
  const b = cli !== undefined && cli.length > 0 ? cli : undefined;
  if (a === undefined) return b && new Set(b);
  if (b === undefined) return new Set(a);
  const inA = new Set(a);
  return new Set(b.filter((p) => inA.has(p)));
}

/**
 * Quotes made so far, per catalog, then per GPU, price model, as_of, currency and pinned providers:
 * a workload prices the same GPU for thousands of items (a 10,000-item mixed estimate made 80 MB
 * of quotes). Catalogs are immutable values: a WeakMap keeps this pure.
 */
const QUOTES = new WeakMap<Catalog, Map<string, { quotes: GpuQuote[]; notes: string[] }>>();
/** Keys remembered per catalog (a daily `--over` adds one per day and GPU). */
const MAX_QUOTES = 256;

/**
 * Every cloud offer of `gpu` priced at `asOf` under `pricing`, optionally only from `pinned`
 * providers. An offer without that price model is left out with a note (never priced at 0).
 * The list is shared by every caller asking the same: read it, never change it.
 */
export function gpuQuotes(
  catalog: Catalog,
  gpu: string,
  pricing: PricingModel,
  opts: EstimateOptions,
  pinned: Set<string> | undefined,
  notes: string[],
): readonly GpuQuote[] {
  let memo = QUOTES.get(catalog);
  if (!memo) {
    memo = new Map();
    QUOTES.set(catalog, memo);
  }
  const key = `${gpu}\u0000${pricing}\u0000${opts.asOf}\u0000${opts.currency}\u0000${pinned ? [...pinned].join("\u0000") : "*"}`;
  let hit = memo.get(key);
  if (!hit) {
    const own: string[] = [];
    hit = { quotes: quotesOf(catalog, gpu, pricing, opts, pinned, own), notes: own };
    if (memo.size >= MAX_QUOTES) memo.delete(memo.keys().next().value as string);
    memo.set(key, hit);
  }
  for (const n of hit.notes) notes.push(n);
  return hit.quotes;
}

function quotesOf(
  catalog: Catalog,
  gpu: string,
  pricing: PricingModel,
  opts: EstimateOptions,
  pinned: Set<string> | undefined,
  notes: string[],
): GpuQuote[] {
  const out: GpuQuote[] = [];
  const seen = new Map<string, number>();
  let offers = 0;
  for (const p of catalog.providers) {
    const pid = p.provider.id;
    if (pinned && !pinned.has(pid)) continue;
    for (const offer of p.gpus ?? []) {
      if (offer.gpu !== gpu) continue;
      offers++;
      const label = `${pid}/${offer.instance ?? offer.gpu}`;
      const r = resolvePrice(offer.prices, opts.asOf, opts.currency, p.provider.currency);
      if (!r) {
        notes.push(absentNote(label, offer.prices, opts.asOf));
        continue;
      }
      const list = r.entry[pricing];
      if (list === undefined) {
        notes.push(`${label} publishes no ${PRICING_LABEL[pricing]} price for ${gpu}: left out`);
        continue;
      }
      const fx = fxFactor(catalog.rates, r.currency, opts.currency, opts.asOf);
      if (fx === undefined) {
        notes.push(`${label}: no ${r.currency}→${opts.currency} exchange rate at ${opts.asOf}: left out`);
        continue;
      }
      // Two offers of one provider with the same name (e.g. two regions) stay distinct.
      let offering = offer.instance ?? offer.gpu;
      if (offer.region) offering += ` ${offer.region}`;
      const n = (seen.get(`${pid} ${offering}`) ?? 0) + 1;
      seen.set(`${pid} ${offering}`, n);
      if (n > 1) offering += ` #${n}`;
      out.push({
        provider: p,
        offer,
        entry: r.entry,
        price: list * fx,
        listCurrency: r.currency,
        fx,
        source: sourceOf(p, r.entry),
        offering,
      });
    }
  }
  if (offers === 0)
    notes.push(
      `no GPU cloud in the catalog${pinned ? ` among [${[...pinned].join(", ")}]` : ""} offers ${gpu}: give price_per_gpu_hour to price it`,
    );
  return out;
}

/** The provider's checkpoint storage price per GB-month at `asOf` (object, else block), in the report currency. */
export function storagePrice(
  catalog: Catalog,
  p: CatalogProvider,
  opts: EstimateOptions,
): { price: number; from: string; source: string; kind: "object" | "block" } | undefined {
  const r = resolvePrice(p.storage ?? [], opts.asOf, opts.currency, p.provider.currency);
  if (!r) return undefined;
  const kind = r.entry.object !== undefined ? "object" : r.entry.block !== undefined ? "block" : undefined;
  if (!kind) return undefined;
  const fx = fxFactor(catalog.rates, r.currency, opts.currency, opts.asOf);
  if (fx === undefined) return undefined;
  return {
    price: (r.entry[kind] as number) * fx,
    from: r.entry.from,
    source: sourceOf(p, r.entry),
    kind,
  };
}

/** An architecture as the engine uses it: catalog entry or inline. */
export type Architecture = Partial<Omit<ModelArch, "id" | "source" | "parameters">> & {
  parameters: number;
  id: string;
  source: string;
};

/** The models.yaml entry for `model`: by key, or through an API offering's `model` field. */
export function findArchitecture(catalog: Catalog, model: string): ModelArch | undefined {
  const q = model.toLowerCase();
  const direct = catalog.models.find((m) => m.id === q);
  if (direct) return direct;
  for (const p of catalog.providers)
    for (const m of p.models ?? [])
      if (m.model && [m.id, ...(m.aliases ?? [])].some((n) => n.toLowerCase() === q)) {
        const arch = catalog.models.find((a) => a.id === m.model);
        if (arch) return arch;
      }
  return undefined;
}

export function inlineArchitecture(a: InlineArchitecture, name: string): Architecture {
  const arch: Architecture = { id: name, source: "given inline in the workload", parameters: a.parameters };
  for (const k of [
    "active_parameters",
    "layers",
    "hidden",
    "attention_heads",
    "kv_heads",
    "head_dim",
    "context",
  ] as const)
    if (a[k] !== undefined) arch[k] = a[k];
  return arch;
}

/** Parameters active per token: `active_parameters` for MoE, else all. */
export function activeParams(a: { parameters: number; active_parameters?: number | undefined }): number {
  return a.active_parameters ?? a.parameters;
}

/**
 * Compact numbers for notes and explain lines: 3.79e25, 30,840,000, 1,691.52. (No toLocaleString:
 * it is slow.) A self-hosted item's notes hold about ten of these, so the digits are grouped by a
 * loop rather than a regular expression (a test holds it to the expression it replaced).
 */
export function num(x: number): string {
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e9 || ax < 1e-3)
    return x
      .toExponential(4)
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  const s = Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
  const dot = s.indexOf(".");
  return dot < 0 ? grouped(s) : grouped(s.slice(0, dot)) + s.slice(dot);
}

/** A whole number's digits in groups of three from the right, after its sign: -1234567 → -1,234,567. */
function grouped(int: string): string {
  const from = int.charCodeAt(0) === 45 ? 1 : 0; // "-"
  const digits = int.length - from;
  if (digits <= 3) return int;
  const head = from + (digits % 3 || 3);
  let out = int.slice(0, head);
  for (let i = head; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}

export function explainLine(
  what: string,
  formula: string,
  values: string,
  result: number,
  source?: Explain["source"],
): Explain {
  const e: Explain = { what, formula, values, result };
  if (source) e.source = source;
  return e;
}

/**
 * The billing model of a GPU price model, and for a commitment its break-even against on-demand on
 * the same offer: a term bills every hour of it, used or not, so it pays off above
 * gpu_hours · committed / on_demand GPU-hours per period (docs/billing.md "Committed use").
 * Worked example: 1,460 GPU-hours a month at $4.90 reserved vs $6.88 on demand: committing pays off
 * above 1,460 · 4.90 / 6.88 = 1,039.8 GPU-hours a month.
 */
export function gpuBilling(
  pricing: PricingModel,
  entry: GpuPrice | undefined,
  gpuHours: number,
): Pick<Option, "billing" | "break_even" | "break_even_note"> {
  if (pricing === "on_demand" || pricing === "spot") return { billing: "pay_as_you_go" };
  const committed = entry?.[pricing];
  const onDemand = entry?.on_demand;
  if (committed === undefined || onDemand === undefined || onDemand <= 0)
    return {
      billing: "committed",
      break_even: null,
      break_even_note: "the offer publishes no on-demand price to compare the commitment with",
    };
  return { billing: "committed", break_even: { quantity: (gpuHours * committed) / onDemand, unit: "gpu_hours" } };
}

/** Energy (kWh) and CO2 (kg) of GPU-hours at a power and PUE: shared by serving, training and owning. */
export function energyAndCo2(gpuHours: number, watts: number | undefined, pue: number, gridG: number) {
  if (watts === undefined) return undefined;
  const kwh = (gpuHours * watts * pue) / 1000;
  return { kwh, co2: (kwh * gridG) / 1000 };
}
