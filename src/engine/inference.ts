import type { ApiModel, CatalogProvider, ModelPrice, Tier } from "../schema/catalog.js";
import type { Component, Explain, Option } from "../schema/report.js";
import { PER_MILLION } from "./units.js";

/**
 * API inference, per item over the period (DESIGN.md "Engine formulas"):
 *   requests R; input I = R·input_tokens; cached C = I·cached_input; written W = I·cache_write;
 *   output O = R·(output_tokens + reasoning_tokens);
 *   cost = (I−C−W)·input + C·cached_input + W·cache_write + O·output + R·request   (per-1M prices scaled)
 * at the long-context tier whose `above` the prompt exceeds, times `batch` when batching is asked
 * for and offered, and with the off-peak share at the off-peak multiplier.
 *
 * Worked example: 608,333.33 requests of 1,200 input / 250 output tokens on gpt-4o-mini
 * ($0.15 / $0.60 per 1M): input 730,000,000 tokens · 0.15 / 1e6 = $109.50; output 152,083,333 · 0.60 / 1e6
 * = $91.25; total $200.75.
 */

export interface ApiTraffic {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cached_input: number;
  cache_write: number;
  off_peak: number;
  batch: boolean;
}

export interface PriceContext {
  provider: CatalogProvider;
  model: ApiModel;
  entry: ModelPrice;
  /** Currency of the list the entry belongs to. */
  listCurrency: string;
  /** Report currency and the factor from list to report currency. */
  currency: string;
  fx: number;
  fxNote?: string | undefined;
  explain: boolean;
}

/** The priced option, or why the offering cannot price this traffic. */
export type Priced = Option | string;

type PriceKey = "input" | "output" | "cached_input" | "cache_write";

const EMPTY: Explain[] = [];

/** The tier in force for a prompt of `promptTokens`: the last whose `above` it exceeds. */
export function tierFor(entry: ModelPrice, promptTokens: number): Tier | undefined {
  let t: Tier | undefined;
  for (const tier of entry.tiers ?? []) if (promptTokens > tier.above) t = tier;
  return t;
}

/**
 * Token components for one share of the traffic (all of it, or its off-peak part) at given
 * multipliers. Prices are list prices already scaled by the exchange rate.
 */
function addShare(
  out: Component[],
  share: number,
  U: number,
  C: number,
  W: number,
  O: number,
  Z: number,
  pIn: number,
  pCached: number,
  pWrite: number,
  pOut: number,
  inMult: number,
  outMult: number,
  suffix: string,
  inDetail: string | undefined,
  outDetail: string | undefined,
): void {
  pushTokens(out, suffix ? `input${suffix}` : "input", U * share, pIn * inMult, inDetail);
  pushTokens(out, suffix ? `cached_input${suffix}` : "cached_input", C * share, pCached * inMult, inDetail);
  pushTokens(out, suffix ? `cache_write${suffix}` : "cache_write", W * share, pWrite * inMult, inDetail);
  pushTokens(out, suffix ? `output${suffix}` : "output", O * share, pOut * outMult, outDetail);
  pushTokens(out, suffix ? `reasoning${suffix}` : "reasoning", Z * share, pOut * outMult, outDetail);
}

function pushTokens(out: Component[], name: string, q: number, unit: number, d: string | undefined): void {
  if (q <= 0) return;
  const c: Component = {
    name,
    quantity: q,
    unit: "tokens",
    unit_price: unit,
    price_unit: "per_1m_tokens",
    cost: (q * unit) / PER_MILLION,
  };
  if (d !== undefined) c.detail = d;
  out.push(c);
}

function detail(mult: number, label: string, fxDetail: string | undefined): string | undefined {
  if (mult === 1) return fxDetail;
  return fxDetail ? `${label} ×${mult}, ${fxDetail}` : `${label} ×${mult}`;
}

export function priceApiOption(traffic: ApiTraffic, ctx: PriceContext): Priced {
  const { provider, model, entry } = ctx;
  const pid = provider.provider.id;
  const notes: string[] = [];
  const explain: Explain[] = ctx.explain ? [] : EMPTY;
  const free = entry.free === true;
  const tier = tierFor(entry, traffic.input_tokens);
  const price = tier
    ? (k: PriceKey): number | undefined => (tier[k] !== undefined ? tier[k] : entry[k])
    : (k: PriceKey): number | undefined => entry[k];
  if (tier) notes.push(`long-context tier: prompts above ${tier.above} tokens are billed at the tier's prices`);
  const perRequest = traffic.input_tokens + traffic.output_tokens + traffic.reasoning_tokens;
  if (model.context !== undefined && perRequest > model.context)
    notes.push(
      `warning: ${perRequest} tokens per request exceed ${pid}/${model.id}'s context window of ${model.context} tokens`,
    );
  if (free) notes.push("free offering: priced at 0");
  if (ctx.fxNote) notes.push(ctx.fxNote);

  const R = traffic.requests;
  const I = R * traffic.input_tokens;
  let C = I * traffic.cached_input;
  let W = I * traffic.cache_write;
  if (C > 0 && price("cached_input") === undefined && !free) {
    notes.push(`cached input asked for but ${pid} has no cached-input price for ${model.id}: priced as input`);
    C = 0;
  }
  if (W > 0 && price("cache_write") === undefined && !free) {
    notes.push(`cache writes asked for but ${pid} has no cache-write price for ${model.id}: priced as input`);
    W = 0;
  }
  const U = I - C - W;
  const O = R * traffic.output_tokens;
  const Z = R * traffic.reasoning_tokens;

  if (!free) {
    if (U > 0 && price("input") === undefined) return `${pid} lists no input price for ${model.id}`;
    if (O + Z > 0 && price("output") === undefined)
      return `${pid} lists no output price for ${model.id}${model.kind === "embedding" ? " (an embedding model: set output_tokens: 0)" : ""}`;
  }

  // Discounts: batch applies to every token; otherwise the off-peak share gets the off-peak multiplier.
  let batchMult = 1;
  if (traffic.batch) {
    const b = entry.batch ?? model.batch;
    if (b !== undefined) batchMult = b;
    else notes.push(`batch asked for but ${pid} has no batch price for ${model.id}: priced at list`);
  }
  const offPeak = traffic.off_peak > 0 && batchMult === 1 ? entry.off_peak : undefined;
  if (traffic.off_peak > 0 && batchMult !== 1)
    notes.push("off-peak share ignored: batch pricing applies to all requests");
  else if (traffic.off_peak > 0 && !offPeak)
    notes.push(`off-peak asked for but ${pid} has no off-peak price for ${model.id} at this date: priced at list`);

  const components: Component[] = [];
  const fxDetail = ctx.fx !== 1 ? `${ctx.listCurrency}→${ctx.currency} ×${ctx.fx}` : undefined;
  const fx = ctx.fx;
  const pIn = free ? 0 : (price("input") ?? 0) * fx;
  const pCached = free ? 0 : (price("cached_input") ?? 0) * fx;
  const pWrite = free ? 0 : (price("cache_write") ?? 0) * fx;
  const pOut = free ? 0 : (price("output") ?? 0) * fx;
  if (offPeak) {
    const label = `off-peak ${offPeak.hours_utc} UTC`;
    const outMult = offPeak.output_multiplier ?? offPeak.multiplier;
    const share = traffic.off_peak;
    addShare(components, 1 - share, U, C, W, O, Z, pIn, pCached, pWrite, pOut, 1, 1, "", fxDetail, fxDetail);
    addShare(
      components,
      share,
      U,
      C,
      W,
      O,
      Z,
      pIn,
      pCached,
      pWrite,
      pOut,
      offPeak.multiplier,
      outMult,
      " (off-peak)",
      detail(offPeak.multiplier, label, fxDetail),
      detail(outMult, label, fxDetail),
    );
  } else {
    const d = batchMult === 1 ? fxDetail : detail(batchMult, "batch", fxDetail);
    addShare(components, 1, U, C, W, O, Z, pIn, pCached, pWrite, pOut, batchMult, batchMult, "", d, d);
  }
  const req = free ? 0 : (entry.request ?? 0);
  if (R > 0 && req > 0) {
    const unit = req * ctx.fx;
    components.push({
      name: "request",
      quantity: R,
      unit: "requests",
      unit_price: unit,
      price_unit: "per_request",
      cost: R * unit,
    });
  }
  // Requests with nothing billable (no tokens, no request fee) are not a $0 option: the item forgot
  // its size. (No requests at all is a true $0.)
  if (components.length === 0 && !free && R > 0)
    return `nothing billable on ${pid}/${model.id}: the item has no input or output tokens (give input_tokens / output_tokens)`;
  if (ctx.explain)
    for (const c of components)
      explain.push({
        what: `${pid}/${model.id} ${c.name}`,
        formula: c.price_unit === "per_request" ? "requests × price per request" : "tokens × price per 1M ÷ 1,000,000",
        values:
          c.price_unit === "per_request" ? `${c.quantity} × ${c.unit_price}` : `${c.quantity} × ${c.unit_price} ÷ 1e6`,
        result: c.cost,
        source: { provider: pid, entry_from: entry.from, source: entry.source ?? provider.provider.source },
      });
  let cost = 0;
  for (const c of components) cost += c.cost;
  const option: Option = {
    provider: pid,
    offering: model.id,
    via: "api",
    cost,
    currency: ctx.currency,
    list_currency: ctx.listCurrency,
    price_from: entry.from,
    source: entry.source ?? provider.provider.source,
    components,
    notes,
  };
  if (ctx.fx !== 1) option.fx_rate = ctx.fx;
  if (ctx.explain) option.explain = explain;
  return option;
}
