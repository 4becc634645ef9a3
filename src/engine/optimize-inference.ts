import type { Catalog } from "../schema/catalog.js";
import type { Evidence, Lever } from "../schema/optimize.js";
import type { QualityClass } from "../schema/quality.js";
import type { Item } from "../schema/report.js";
import type { InferenceItem, Precision, PricingModel, Workload } from "../schema/workload.js";
import { findArchitecture } from "./gpu.js";
import { resolveModelName } from "./names.js";
import { comparableQuality, type ModelQuality, qualityOf, sameOrBetterClass } from "./quality.js";

/**
 * The levers of an inference item (docs/optimize.md): each is a change to the item's fields, priced
 * later by `estimate` on the changed workload. Here only which changes are worth pricing, and the
 * trade-off each one carries, in words.
 */

export interface Candidate {
  lever: Lever;
  /** Candidates of one lever and variant compete: only the cheapest is kept. */
  variant: string;
  change: string;
  set: Record<string, unknown>;
  unset: string[];
  tradeoffs: string[];
  evidence: Evidence[];
}

/** MLPerf Inference server-scenario limits (Llama 2 70B): what "interactive" means when the item states none. */
export const INTERACTIVE_LIMITS = { ttft_ms: 2000, tpot_ms: 200 } as const;

/** Weight precisions tried for self-hosting. int4 loses measurable quality: only when the item already runs int4. */
const SELF_HOST_PRECISIONS: readonly Precision[] = ["bf16", "fp8", "int8"];

const PRICING_TRADEOFF: Partial<Record<PricingModel, string>> = {
  on_demand: "no commitment: GPUs rented by the hour",
  reserved_1y: "commitment: GPUs reserved for a year, paid whether used or not",
  spot: "interruption risk: spot GPUs can be reclaimed at short notice (the item can wait: latency flexible)",
};

const PRECISION_TRADEOFF: Partial<Record<Precision, string>> = {
  bf16: "full 16-bit weights: the published model as is",
  fp8: "quality: fp8 weights, near the bf16 model on published evals; check on your own prompts",
  int8: "quality: int8 weights, near the bf16 model on published evals; check on your own prompts",
  int4: "quality: int4 weights lose measurable accuracy; check on your own prompts",
};

/**
 * Another API host of the same model: only for an item pinned to providers (otherwise the estimate
 * already selects the cheapest). `open` is the item priced with the pin removed: every host's option.
 */
export function hostLevers(it: InferenceItem, base: Item, open: Item | undefined): Candidate[] {
  if (!it.providers || !open || base.cost === null) return [];
  const seen = new Set(it.providers);
  const out: Candidate[] = [];
  for (const o of open.options) {
    if (o.via !== "api" || seen.has(o.provider) || o.cost >= base.cost) continue;
    seen.add(o.provider);
    out.push({
      lever: "host",
      variant: "",
      change: `host ${it.model} on ${o.provider} (${o.offering}) instead of ${it.providers.join(", ")}`,
      set: { providers: [o.provider] },
      unset: [],
      tradeoffs: ["same model, another host: check its rate limits, regions and data terms"],
      evidence: [],
    });
  }
  return out;
}

/** The batch API and off-peak windows, for items that can wait. */
export function waitLevers(it: InferenceItem): Candidate[] {
  if (it.latency !== "flexible") return [];
  const out: Candidate[] = [];
  if (!it.batch)
    out.push({
      lever: "batch",
      variant: "",
      change: "send through the batch API (batch: true)",
      set: { batch: true },
      unset: [],
      tradeoffs: ["latency: batch results come back within the provider's window (typically 24 h)"],
      evidence: [],
    });
  if (it.off_peak < 1)
    out.push({
      lever: "off_peak",
      variant: "",
      change: "send every request in the provider's off-peak window (off_peak: 100%)",
      set: { off_peak: 1 },
      unset: [],
      tradeoffs: ["latency: requests wait for the provider's off-peak hours (UTC window in the catalog)"],
      evidence: [],
    });
  return out;
}

/** Prompt caching of the repeated prefix the item states. */
export function cacheLevers(it: InferenceItem): Candidate[] {
  const rp = it.repeated_prefix;
  if (rp === undefined) return [];
  const share = Math.min(rp, 1 - it.cache_write);
  if (!(share > it.cached_input)) return [];
  return [
    {
      lever: "cache",
      variant: "",
      change: `read the repeated prefix from the prompt cache (cached_input: ${pct(it.cached_input)} → ${pct(share)})`,
      set: { cached_input: share },
      unset: [],
      tradeoffs: [
        "the prefix must come first in every prompt, byte for byte; cache writes are priced only if cache_write is given",
      ],
      evidence: [],
    },
  ];
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** The user's class for a model (workload `quality_classes`), as quality evidence. */
function userClass(w: Workload, model: string): ModelQuality | undefined {
  const map = w.quality_classes ?? {};
  const key = Object.keys(map).find((k) => k.toLowerCase() === model.toLowerCase());
  if (key === undefined) return undefined;
  const c = map[key] as QualityClass;
  return {
    class: c,
    score: null,
    leaderboard: "workload quality_classes",
    metric: "class",
    date: "",
    source: "your workload's quality_classes",
    top: null,
    key: null,
    override: true,
  };
}

/** Both models' classes: the user's own where given, else measured on one snapshot (quality.ts). */
export function classesOf(
  w: Workload,
  catalog: Catalog,
  from: string,
  to: string,
  asOf: string,
): { a: ModelQuality; b: ModelQuality } | undefined {
  const ua = userClass(w, from);
  const ub = userClass(w, to);
  if (ua && ub) return { a: ua, b: ub };
  if (ua || ub) {
    const a = ua ?? qualityOf(catalog, from, asOf);
    const b = ub ?? qualityOf(catalog, to, asOf);
    return a && b ? { a, b } : undefined;
  }
  return comparableQuality(catalog, from, to, asOf);
}

function qualityEvidence(model: string, q: ModelQuality): Evidence {
  const score = q.score === null ? "" : ` (${q.metric} ${q.score}${q.top !== null ? `, top ${q.top}` : ""})`;
  return { what: `${model}: class ${q.class}, ${q.leaderboard}${score}`, source: q.source, date: q.date || null };
}

/** The models quality data classes on asOf: the newest snapshot's keys, overrides, and the user's map. */
export function classedModels(w: Workload, catalog: Catalog, asOf: string): string[] {
  const q = catalog.quality;
  const snaps = (q?.snapshots ?? []).filter((s) => s.date <= asOf).sort((a, b) => (a.date < b.date ? 1 : -1));
  const names = new Set<string>();
  for (const s of snaps.slice(0, 1)) for (const k of Object.keys(s.scores)) names.add(k);
  for (const o of q?.overrides ?? []) if (o.from <= asOf) names.add(o.model);
  for (const k of Object.keys(w.quality_classes ?? {})) names.add(k);
  return [...names].sort();
}

/**
 * `basic` has no lower bound (everything more than `mid` below the top): within it, only a model that
 * scores at least as high on the same snapshot counts as "the same class".
 */
function belowInBasic(a: ModelQuality, b: ModelQuality): boolean {
  if (a.class !== "basic" || b.class !== "basic") return false;
  if (a.override || b.override) return false;
  return a.score === null || b.score === null || b.score < a.score;
}

/** True when every offering of `model` states a context window and none holds a request of `tokens`. */
function tooShort(catalog: Catalog, model: string, asOf: string, tokens: number): boolean {
  const r = resolveModelName(catalog, model, asOf);
  if (r.kind !== "found" || r.offerings.length === 0) return false;
  const windows = r.offerings.map((o) => o.model.context);
  return windows.every((c) => c !== undefined && c < tokens);
}

/** A cheaper model of the same (or a better) quality class: never without a class for both. */
export function modelLevers(
  it: InferenceItem,
  w: Workload,
  catalog: Catalog,
  asOf: string,
  models: readonly string[],
): Candidate[] {
  const out: Candidate[] = [];
  for (const m of models) {
    if (m.toLowerCase() === it.model.toLowerCase()) continue;
    const q = classesOf(w, catalog, it.model, m, asOf);
    if (!q || !sameOrBetterClass(q.b.class, q.a.class) || belowInBasic(q.a, q.b)) continue;
    if (tooShort(catalog, m, asOf, it.input_tokens + it.output_tokens + it.reasoning_tokens)) continue;
    const unset = ["providers", "self_host"].filter((k) => (it as Record<string, unknown>)[k] !== undefined);
    out.push({
      lever: "model",
      variant: "",
      change: `switch ${it.model} (class ${q.a.class}) to ${m} (class ${q.b.class})`,
      set: { model: m },
      unset,
      tradeoffs: [
        `quality class: ${q.b.class === q.a.class ? "same" : "better"} (${q.b.class}); answers differ: test on your own prompts`,
      ],
      evidence: [qualityEvidence(it.model, q.a), qualityEvidence(m, q.b)],
    });
  }
  return out;
}

/** Serving the model yourself: every GPU the catalog rents, at the precisions and GPU pricing the item allows. */
export function selfHostLevers(it: InferenceItem, catalog: Catalog): Candidate[] {
  if (!it.self_host?.architecture && !findArchitecture(catalog, it.model)) return [];
  const flexible = it.latency === "flexible";
  const pricings: PricingModel[] = flexible ? ["on_demand", "reserved_1y", "spot"] : ["on_demand", "reserved_1y"];
  const precisions =
    it.self_host?.precision === "int4" ? [...SELF_HOST_PRECISIONS, "int4" as const] : SELF_HOST_PRECISIONS;
  const gpus = [...new Set(catalog.providers.flatMap((p) => (p.gpus ?? []).map((g) => g.gpu)))].sort();
  const out: Candidate[] = [];
  for (const gpu of gpus)
    for (const precision of precisions)
      for (const pricing of pricings) out.push(selfHostCandidate(it, gpu, precision, pricing, flexible));
  return out;
}

function selfHostCandidate(
  it: InferenceItem,
  gpu: string,
  precision: Precision,
  pricing: PricingModel,
  flexible: boolean,
): Candidate {
  const prev = it.self_host;
  const limits = flexible
    ? {}
    : {
        ttft_ms: prev?.ttft_ms ?? INTERACTIVE_LIMITS.ttft_ms,
        tpot_ms: prev?.tpot_ms ?? (prev?.tokens_per_second_per_user ? undefined : INTERACTIVE_LIMITS.tpot_ms),
      };
  const sh: Record<string, unknown> = {
    ...(prev ?? {}),
    gpu,
    precision,
    pricing,
    utilization: prev?.utilization ?? 0.6,
  };
  for (const [k, v] of Object.entries(limits)) if (v !== undefined) sh[k] = v;
  const lim = flexible
    ? "no latency limit (latency flexible)"
    : `latency limits TTFT ${sh.ttft_ms} ms, TPOT ${sh.tpot_ms ?? "from tokens/s"} ms`;
  return {
    lever: "self_host",
    variant: pricing,
    change: `self-host ${it.model} on ${gpu} in ${precision}, ${pricing.replace("_", " ")} GPUs`,
    set: { self_host: sh },
    unset: [],
    tradeoffs: [
      PRICING_TRADEOFF[pricing] ?? pricing,
      PRECISION_TRADEOFF[precision] ?? precision,
      `you run the servers; ${lim}; serving throughput is modelled (docs/formulas.md), measure before committing`,
    ],
    evidence: [],
  };
}
