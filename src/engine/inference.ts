import type { ApiModel, CatalogProvider, ModelPrice, Tier } from "../schema/catalog.js";
import type { Component, Explain, Option } from "../schema/report.js";
import { sourceOf } from "./resolve.js";
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
 *
 * Everything that depends only on the offering (prices in the report currency, multipliers, the
 * wording of its notes) is worked out once per estimate in a `RateCard`; pricing an item's traffic
 * on a card then only multiplies and builds the option. A 10,000-item workload prices tens of
 * thousands of options, so the per-option path allocates nothing it can share.
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
  /** Prompt tokens that pick the long-context tier, when not `input_tokens` (usage buckets: see usage.ts). */
  tier_prompt?: number | undefined;
}

/** Per-1M-token prices of one list or tier, already in the report currency; undefined: not listed. */
interface Rates {
  input: number | undefined;
  cached_input: number | undefined;
  cache_write: number | undefined;
  output: number | undefined;
}

interface TierCard {
  index: number;
  above: number;
  rates: Rates;
  note: string;
}

/** Off-peak window: multipliers and the `detail` its components carry. */
interface OffPeakCard {
  inMult: number;
  outMult: number;
  inDetail: string | undefined;
  outDetail: string | undefined;
}

/** One API offering's price entry in force at (as_of, currency), ready to price any traffic. */
export interface RateCard {
  provider: CatalogProvider;
  model: ApiModel;
  entry: ModelPrice;
  pid: string;
  /** Copied from the model and entry: catalog objects come in many shapes, a card in one. */
  offering: string;
  priceFrom: string;
  context: number | undefined;
  source: string;
  /** Currency of the list the entry belongs to; report currency; factor from list to report. */
  listCurrency: string;
  currency: string;
  fx: number;
  fxNote: string | undefined;
  explain: boolean;
  free: boolean;
  base: Rates;
  tiers: TierCard[];
  /** Per-request fee in the report currency (0: none). */
  request: number;
  /** Batch multiplier (undefined: no batch price) and the detail of batch-priced components. */
  batch: number | undefined;
  batchDetail: string | undefined;
  /** Detail of list-priced components: the currency conversion, if any. */
  fxDetail: string | undefined;
  offPeak: OffPeakCard | undefined;
  noCachedNote: string;
  noWriteNote: string;
  noBatchNote: string;
  noOffPeakNote: string;
  noInputNote: string;
  noOutputNote: string;
  nothingBillableNote: string;
  /** Notes lists already made for this card, indexed by what they say (see notesOf); holes: not made yet. */
  notes: Array<string[] | undefined>;
}

/** The priced option, or why the offering cannot price this traffic. */
export type Priced = Option | string;

const FREE_NOTE = "free offering: priced at 0";
const OFF_PEAK_IGNORED_NOTE = "off-peak share ignored: batch pricing applies to all requests";
const NO_EXPLAIN: Explain[] = [];

function detail(mult: number, label: string, fxDetail: string | undefined): string | undefined {
  if (mult === 1) return fxDetail;
  return fxDetail ? `${label} ×${mult}, ${fxDetail}` : `${label} ×${mult}`;
}

function ratesOf(p: Partial<Rates>, fallback: Partial<Rates>, fx: number, free: boolean): Rates {
  const scale = (v: number | undefined) => (v === undefined ? undefined : free ? 0 : v * fx);
  return {
    input: scale(p.input ?? fallback.input),
    cached_input: scale(p.cached_input ?? fallback.cached_input),
    cache_write: scale(p.cache_write ?? fallback.cache_write),
    output: scale(p.output ?? fallback.output),
  };
}

/** The rate card of `entry` (from the `listCurrency` list), converted to `currency` at `fx`. */
export function rateCard(
  provider: CatalogProvider,
  model: ApiModel,
  entry: ModelPrice,
  listCurrency: string,
  currency: string,
  fx: number,
  fxNote: string | undefined,
  explain: boolean,
): RateCard {
  const pid = provider.provider.id;
  const missing = missingNotes(pid, model);
  const free = entry.free === true;
  const fxDetail = fx !== 1 ? `${listCurrency}→${currency} ×${fx}` : undefined;
  const batch = entry.batch ?? model.batch;
  const op = entry.off_peak;
  let offPeak: OffPeakCard | undefined;
  if (op) {
    const label = `off-peak ${op.hours_utc} UTC`;
    const outMult = op.output_multiplier ?? op.multiplier;
    offPeak = {
      inMult: op.multiplier,
      outMult,
      inDetail: detail(op.multiplier, label, fxDetail),
      outDetail: detail(outMult, label, fxDetail),
    };
  }
  return {
    provider,
    model,
    entry,
    pid,
    offering: model.id,
    priceFrom: entry.from,
    context: model.context,
    source: sourceOf(provider, entry),
    listCurrency,
    currency,
    fx,
    fxNote,
    explain,
    free,
    base: ratesOf(entry, {}, fx, free),
    tiers: (entry.tiers ?? []).map((t: Tier, index) => ({
      index,
      above: t.above,
      rates: ratesOf(t, entry, fx, free),
      note: `long-context tier: prompts above ${t.above} tokens are billed at the tier's prices`,
    })),
    request: free ? 0 : (entry.request ?? 0) * fx,
    batch,
    batchDetail: batch === undefined ? undefined : detail(batch, "batch", fxDetail),
    fxDetail,
    offPeak,
    // Field by field, not spread: a spread adds the fields one by one, and the card's hidden class
    // is then a transition that dies with the estimate's cards, taking the optimised code using it along.
    noCachedNote: missing.noCachedNote,
    noWriteNote: missing.noWriteNote,
    noBatchNote: missing.noBatchNote,
    noOffPeakNote: missing.noOffPeakNote,
    noInputNote: missing.noInputNote,
    noOutputNote: missing.noOutputNote,
    nothingBillableNote: missing.nothingBillableNote,
    notes: [],
  };
}

type MissingNotes = Pick<
  RateCard,
  | "noCachedNote"
  | "noWriteNote"
  | "noBatchNote"
  | "noOffPeakNote"
  | "noInputNote"
  | "noOutputNote"
  | "nothingBillableNote"
>;

/** What an option says when the item asks for a price the offering does not list: worded once per card. */
function missingNotes(pid: string, model: ApiModel): MissingNotes {
  return {
    noCachedNote: `cached input asked for but ${pid} has no cached-input price for ${model.id}: priced as input`,
    noWriteNote: `cache writes asked for but ${pid} has no cache-write price for ${model.id}: priced as input`,
    noBatchNote: `batch asked for but ${pid} has no batch price for ${model.id}: priced at list`,
    noOffPeakNote: `off-peak asked for but ${pid} has no off-peak price for ${model.id} at this date: priced at list`,
    noInputNote: `${pid} lists no input price for ${model.id}`,
    noOutputNote: `${pid} lists no output price for ${model.id}${model.kind === "embedding" ? " (an embedding model: set output_tokens: 0)" : ""}`,
    nothingBillableNote: `nothing billable on ${pid}/${model.id}: the item has no input or output tokens (give input_tokens / output_tokens)`,
  };
}

/** What an option's notes say, as bits: most notes depend only on the card, so lists are shared. */
const NO_CACHED = 1;
const NO_WRITE = 2;
const NO_BATCH = 4;
const OFF_PEAK_IGNORED = 8;
const NO_OFF_PEAK = 16;

/**
 * An option's notes, in a fixed order: the tier, the context warning, free, the conversion, then
 * what was asked for and not offered. Lists without the (per-item) context warning are made once
 * per card and shared, frozen: nothing appends to an option's notes once it is built.
 */
function notesOf(card: RateCard, tier: TierCard | undefined, warning: string | undefined, said: number): string[] {
  const key = said | (tier ? (tier.index + 1) << 5 : 0);
  if (warning === undefined) {
    const known = card.notes[key];
    if (known) return known;
  }
  const notes: string[] = [];
  if (tier) notes.push(tier.note);
  if (warning !== undefined) notes.push(warning);
  if (card.free) notes.push(FREE_NOTE);
  if (card.fxNote) notes.push(card.fxNote);
  if (said & NO_CACHED) notes.push(card.noCachedNote);
  if (said & NO_WRITE) notes.push(card.noWriteNote);
  if (said & NO_BATCH) notes.push(card.noBatchNote);
  if (said & OFF_PEAK_IGNORED) notes.push(OFF_PEAK_IGNORED_NOTE);
  if (said & NO_OFF_PEAK) notes.push(card.noOffPeakNote);
  if (warning !== undefined) return notes;
  const shared = Object.freeze(notes) as string[];
  card.notes[key] = shared;
  return shared;
}

/** The tier in force for a prompt of `promptTokens`: the last whose `above` it exceeds. */
function tierFor(card: RateCard, promptTokens: number): TierCard | undefined {
  let t: TierCard | undefined;
  for (const tier of card.tiers) if (promptTokens > tier.above) t = tier;
  return t;
}

/** The input and cache-write prices per 1M (report currency) in force for this traffic: its long-context tier's, or the list's. */
export function writeRatesFor(
  card: RateCard,
  traffic: ApiTraffic,
): { input: number | undefined; cache_write: number | undefined } {
  const tier = card.tiers.length > 0 ? tierFor(card, traffic.tier_prompt ?? traffic.input_tokens) : undefined;
  return tier ? tier.rates : card.base;
}

/** Component names, on-peak and off-peak: constants, so no option builds a name. */
const NAMES = ["input", "cached_input", "cache_write", "output", "reasoning"] as const;
const OFF_PEAK_NAMES = NAMES.map((n) => `${n} (off-peak)`);

/** A token component; every component has the same fields in the same order (`detail` may be undefined). */
function tokens(name: string, q: number, unit: number, d: string | undefined): Component {
  return {
    name,
    quantity: q,
    unit: "tokens",
    unit_price: unit,
    price_unit: "per_1m_tokens",
    cost: (q * unit) / PER_MILLION,
    detail: d,
  };
}

/**
 * Token components for one share of the traffic (all of it, or its off-peak part) at given
 * multipliers, written into `out` from index `n`; quantities of 0 are left out. Returns the new
 * count. Prices are in the report currency already.
 */
function addShare(
  out: Component[],
  n: number,
  names: readonly string[],
  share: number,
  U: number,
  C: number,
  W: number,
  O: number,
  Z: number,
  r: Rates,
  inMult: number,
  outMult: number,
  inDetail: string | undefined,
  outDetail: string | undefined,
): number {
  const pIn = (r.input ?? 0) * inMult;
  const pOut = (r.output ?? 0) * outMult;
  if (U * share > 0) out[n++] = tokens(names[0] as string, U * share, pIn, inDetail);
  if (C * share > 0) out[n++] = tokens(names[1] as string, C * share, (r.cached_input ?? 0) * inMult, inDetail);
  if (W * share > 0) out[n++] = tokens(names[2] as string, W * share, (r.cache_write ?? 0) * inMult, inDetail);
  if (O * share > 0) out[n++] = tokens(names[3] as string, O * share, pOut, outDetail);
  if (Z * share > 0) out[n++] = tokens(names[4] as string, Z * share, pOut, outDetail);
  return n;
}

/** What the option says about the discounts asked for: batch not offered, off-peak ignored or not offered. */
function discountsSaid(traffic: ApiTraffic, card: RateCard, batchMult: number): number {
  let said = 0;
  if (traffic.batch && card.batch === undefined) said |= NO_BATCH;
  if (traffic.off_peak > 0 && batchMult !== 1) said |= OFF_PEAK_IGNORED;
  else if (traffic.off_peak > 0 && !card.offPeak) said |= NO_OFF_PEAK;
  return said;
}

/**
 * The option's components written into `out` from 0: the token shares (all at the batch
 * multiplier, or on-peak and off-peak parts), then the per-request fee. Returns the count.
 */
function writeComponents(
  out: Component[],
  traffic: ApiTraffic,
  card: RateCard,
  rates: Rates,
  batchMult: number,
  U: number,
  C: number,
  W: number,
  O: number,
  Z: number,
): number {
  const R = traffic.requests;
  const op = traffic.off_peak > 0 && batchMult === 1 ? card.offPeak : undefined;
  let n: number;
  if (op) {
    const share = traffic.off_peak;
    const d = card.fxDetail;
    n = addShare(out, 0, NAMES, 1 - share, U, C, W, O, Z, rates, 1, 1, d, d);
    n = addShare(out, n, OFF_PEAK_NAMES, share, U, C, W, O, Z, rates, op.inMult, op.outMult, op.inDetail, op.outDetail);
  } else {
    const d = batchMult === 1 ? card.fxDetail : card.batchDetail;
    n = addShare(out, 0, NAMES, 1, U, C, W, O, Z, rates, batchMult, batchMult, d, d);
  }
  if (R > 0 && card.request > 0) out[n++] = requestComponent(R, card.request);
  return n;
}

function requestComponent(R: number, price: number): Component {
  return {
    name: "request",
    quantity: R,
    unit: "requests",
    unit_price: price,
    price_unit: "per_request",
    cost: R * price,
    detail: undefined,
  };
}

/**
 * Components are written into this scratch list, then copied to an array of the exact size: an
 * array grown by push reserves room for 17, and a large estimate holds tens of thousands of them.
 */
const SCRATCH: Component[] = [];

export function priceApiOption(traffic: ApiTraffic, card: RateCard): Priced {
  const free = card.free;
  let said = 0;
  const tier = card.tiers.length > 0 ? tierFor(card, traffic.tier_prompt ?? traffic.input_tokens) : undefined;
  const rates = tier ? tier.rates : card.base;
  const warning = contextWarning(card, traffic);
  const R = traffic.requests;
  const I = R * traffic.input_tokens;
  let C = I * traffic.cached_input;
  let W = I * traffic.cache_write;
  if (C > 0 && rates.cached_input === undefined && !free) {
    said |= NO_CACHED;
    C = 0;
  }
  if (W > 0 && rates.cache_write === undefined && !free) {
    said |= NO_WRITE;
    W = 0;
  }
  const U = I - C - W;
  const O = R * traffic.output_tokens;
  const Z = R * traffic.reasoning_tokens;

  if (!free) {
    if (U > 0 && rates.input === undefined) return card.noInputNote;
    if (O + Z > 0 && rates.output === undefined) return card.noOutputNote;
  }

  // Discounts: batch applies to every token; otherwise the off-peak share gets the off-peak multiplier.
  const batchMult = traffic.batch && card.batch !== undefined ? card.batch : 1;
  said |= discountsSaid(traffic, card, batchMult);
  const out = SCRATCH;
  const n = writeComponents(out, traffic, card, rates, batchMult, U, C, W, O, Z);
  // Requests with nothing billable (no tokens, no request fee) are not a $0 option: the item forgot
  // its size. (No requests at all is a true $0.)
  if (n === 0 && !free && R > 0) return card.nothingBillableNote;
  let cost = 0;
  for (let k = 0; k < n; k++) cost += (out[k] as Component).cost;
  return apiOption(card, cost, out.slice(0, n), notesOf(card, tier, warning, said));
}

/** A warning when one request does not fit the offering's context window. */
function contextWarning(card: RateCard, traffic: ApiTraffic): string | undefined {
  const perRequest = traffic.input_tokens + traffic.output_tokens + traffic.reasoning_tokens;
  if (card.context === undefined || perRequest <= card.context) return undefined;
  return `warning: ${perRequest} tokens per request exceed ${card.pid}/${card.offering}'s context window of ${card.context} tokens`;
}

/** The pay-as-you-go option. Every option has the same fields in the same order; JSON leaves out the undefined ones. */
function apiOption(card: RateCard, cost: number, components: Component[], notes: string[]): Option {
  return {
    provider: card.pid,
    offering: card.offering,
    via: "api",
    billing: "pay_as_you_go",
    cost,
    currency: card.currency,
    list_currency: card.listCurrency,
    price_from: card.priceFrom,
    source: card.source,
    components,
    notes,
    fx_rate: card.fx !== 1 ? card.fx : undefined,
    explain: card.explain ? explainOf(card, components) : undefined,
  };
}

/** `--explain`: each component's formula with its values and the catalog entry it came from. */
function explainOf(card: RateCard, components: Component[]): Explain[] {
  if (components.length === 0) return NO_EXPLAIN;
  const label = `${card.pid}/${card.offering}`;
  const source = { provider: card.pid, entry_from: card.priceFrom, source: card.source };
  return components.map((c) =>
    c.price_unit === "per_request"
      ? {
          what: `${label} ${c.name}`,
          formula: "requests × price per request",
          values: `${c.quantity} × ${c.unit_price}`,
          result: c.cost,
          source,
        }
      : {
          what: `${label} ${c.name}`,
          formula: "tokens × price per 1M ÷ 1,000,000",
          values: `${c.quantity} × ${c.unit_price} ÷ 1e6`,
          result: c.cost,
          source,
        },
  );
}
