import { type EstimateOptions, type EstimateResult, estimate } from "../engine/estimate.js";
import type { Catalog } from "../schema/catalog.js";
import { workload } from "./workload.js";

/**
 * `llmcost quote MODEL` (docs/library.md): one request shape, priced on every provider offering
 * the model. The CLI turns its flags into a `QuoteShape` and builds the same one-item workload.
 */

/** A count: a number, or a string with a suffix ("20k", "1.5M") as workloads take it. */
type Count = number | string;

/** Serving the model yourself on rented GPUs (`--self-host GPU`), as a workload's `self_host:`. */
export interface QuoteSelfHost {
  gpu: string;
  precision?: string;
  utilization?: Count;
  pricing?: string;
  pricePerGpuHour?: Count;
  ttftMs?: Count;
  tpotMs?: Count;
  tokensPerSecondPerUser?: Count;
  /** Also price owning the servers (`{}` for the defaults, or `{utilization}`). */
  own?: Record<string, unknown>;
}

/** One request shape, as `llmcost quote` takes it. Counts may be numbers or "20k"-style strings. */
export interface QuoteShape {
  input?: Count;
  output?: Count;
  reasoning?: Count;
  cachedInput?: Count;
  cacheWrite?: Count;
  /** Cache writes' lifetime: "5m" (default) or "1h". */
  cacheTtl?: string;
  offPeak?: Count;
  requests?: Count;
  requestsPerDay?: Count;
  requestsPerMonth?: Count;
  batch?: boolean;
  providers?: string[];
  period?: "day" | "month" | "year";
  selfHost?: QuoteSelfHost;
}

/**
 * The one-item workload a quote prices, as written (before validation): `requests: 1` unless a
 * rate or a count is given. `llmcost quote` validates it itself, to name the flag of a bad value.
 */
export function quoteInput(model: string, shape: QuoteShape, currency = "USD"): Record<string, unknown> {
  const item: Record<string, unknown> = {
    name: model,
    model,
    input_tokens: shape.input ?? 0,
    output_tokens: shape.output ?? 0,
    reasoning_tokens: shape.reasoning ?? 0,
    cached_input: shape.cachedInput ?? 0,
    cache_write: shape.cacheWrite ?? 0,
    off_peak: shape.offPeak ?? 0,
    batch: shape.batch ?? false,
  };
  if (shape.cacheTtl !== undefined) item.cache_ttl = shape.cacheTtl;
  if (shape.providers) item.providers = shape.providers;
  if (shape.requests !== undefined) item.requests = shape.requests;
  if (shape.requestsPerDay !== undefined) item.requests_per_day = shape.requestsPerDay;
  if (shape.requestsPerMonth !== undefined) item.requests_per_month = shape.requestsPerMonth;
  if (item.requests === undefined && item.requests_per_day === undefined && item.requests_per_month === undefined)
    item.requests = 1;
  if (shape.selfHost) item.self_host = selfHostInput(shape.selfHost);
  return { llmcost: 1, name: `quote ${model}`, currency, period: shape.period ?? "month", inference: [item] };
}

function selfHostInput(s: QuoteSelfHost): Record<string, unknown> {
  const fields: Array<[string, unknown]> = [
    ["precision", s.precision],
    ["utilization", s.utilization],
    ["pricing", s.pricing],
    ["price_per_gpu_hour", s.pricePerGpuHour],
    ["ttft_ms", s.ttftMs],
    ["tpot_ms", s.tpotMs],
    ["tokens_per_second_per_user", s.tokensPerSecondPerUser],
    ["own", s.own],
  ];
  const out: Record<string, unknown> = { gpu: s.gpu };
  for (const [k, v] of fields) if (v !== undefined) out[k] = v;
  return out;
}

/** `llmcost quote MODEL`: one request shape priced on every provider offering the model. */
export function quote(catalog: Catalog, model: string, shape: QuoteShape, opts: EstimateOptions): EstimateResult {
  const { llmcost: _v, ...raw } = quoteInput(model, shape, opts.currency);
  return estimate(workload(raw), catalog, opts);
}
