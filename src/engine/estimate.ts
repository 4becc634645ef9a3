import { daysBetween } from "../dates.js";
import { MAX_DIAGNOSTICS, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { ApiModel, Catalog, CatalogProvider } from "../schema/catalog.js";
import type { Estimate, Item, Option } from "../schema/report.js";
import type { FineTuneItem, InferenceItem, TrainingItem, Workload } from "../schema/workload.js";
import { itemNames } from "../schema/workload-rules.js";
import { budgetOf } from "./budget.js";
import { priceFineTune, quantitiesOf } from "./finetune.js";
import { containsNonFinite, nonFiniteProblemsOf } from "./finite.js";
import { intersectProviders } from "./gpu.js";
import { type ApiTraffic, priceApiOption, type RateCard, rateCard } from "./inference.js";
import { nameHint, resolveModelName } from "./names.js";
import { compareOptions, sortOptions } from "./rank.js";
import { absentNote, fxFactor, type Offering, perUsd, resolvePrice } from "./resolve.js";
import {
  type ItemContext,
  needsRules,
  type OfferingRules,
  type OptionSink,
  offeringRules,
  priceWithRules,
} from "./rules/apply.js";
import { checkCacheStorage } from "./rules/cache.js";
import { allFeeIds } from "./rules/fees.js";
import { rulesFor } from "./rules/index.js";
import { commitPacks, newPackLedger, type PackLedger } from "./rules/pack-ledger.js";
import { checkPeak } from "./rules/provisioned.js";
import { priceSelfHost, type SelfHostResult } from "./selfhost.js";
import { priceTraining } from "./training.js";
import type { Billing, EstimateOptions, Path, Problem } from "./types.js";
import { requestsPerPeriod } from "./units.js";

export type { Billing, EstimateOptions, Problem, ProblemKind } from "./types.js";

/**
 * The engine's entry point: a workload and a catalog in, plain data out. Pure: "today", the report
 * currency and any provider filter are parameters; nothing here reads files, the clock or the env.
 * Inputs the engine cannot price (an unknown model, a date before any price) come back as
 * `problems` with the field path, for the caller to report with file positions.
 */

export interface EstimateResult {
  estimate: Estimate;
  problems: Problem[];
}

/** An estimate's fields before its items, in the output contract's key order. */
export type EstimateHead = Pick<Estimate, "llmcost" | "workload" | "catalog" | "currency" | "period">;

/** An estimate's fields after its items, in the output contract's key order (`budget` only when set). */
export type EstimateTail = Pick<Estimate, "total" | "complete" | "warnings" | "budget">;

/**
 * One estimate made an item at a time, in workload order (inference, training, fine-tune): what
 * `estimate` collects, and what a caller that writes each item as it is made (the CLI's JSON of a
 * 10,000-item workload) reads without ever holding them all. Items share a state that runs forward
 * only (the pack ledger draws free quotas in workload order, totals and warnings are tallied), so
 * an item never changes once made, and the fields after the items are known only after the last.
 * Problems found on the way (an unknown model, a non-finite cost) come with `finish`: a caller that
 * must not write half a report holds what it made until then.
 */
export interface ItemStream {
  /** The fields before `items`. */
  readonly head: EstimateHead;
  /** The next item, or undefined after the last (and always after a problem with the options: no item is made). */
  next(): Item | undefined;
  /** After the last item: the fields after `items`, and every problem found (none: the estimate stands). */
  finish(): { tail: EstimateTail; problems: Problem[] };
}

export function estimate(workload: Workload, catalog: Catalog, opts: EstimateOptions): EstimateResult {
  // Two functions: the caller's options object is read only here, so the loops below never check
  // its hidden class (see ownOptions) and their optimised code outlives the caller's object.
  const p = producerOf(workload, catalog, ownOptions(opts));
  const items = allItems(p);
  const { tail, problems } = finishOf(p);
  const h = p.head;
  const est: Estimate = {
    llmcost: h.llmcost,
    workload: h.workload,
    catalog: h.catalog,
    currency: h.currency,
    period: h.period,
    items,
    total: tail.total,
    complete: tail.complete,
    warnings: tail.warnings,
  };
  if (tail.budget) est.budget = tail.budget;
  return { estimate: est, problems };
}

/** The estimate of `workload` as a stream of items (see ItemStream); `estimate` is this, collected. */
export function estimateItems(workload: Workload, catalog: Catalog, opts: EstimateOptions): ItemStream {
  const p = producerOf(workload, catalog, ownOptions(opts));
  const stream: Stream = { head: p.head, producer: p, next: streamNext, finish: streamFinish };
  return stream;
}

/**
 * The stream handed out: its methods are the same two functions for every stream, not closures
 * made per stream (V8 optimised each new closure again, with the pricing code inlined into it).
 */
interface Stream extends ItemStream {
  readonly producer: Producer;
}

function streamNext(this: Stream): Item | undefined {
  return nextItem(this.producer);
}

function streamFinish(this: Stream): { tail: EstimateTail; problems: Problem[] } {
  return finishOf(this.producer);
}

/** What an estimate tallies as its items are made: everything the fields after the items need. */
interface Tally {
  total: number;
  complete: boolean;
  /** An item held a non-finite number (the guard runs as each item is made, while it is in the CPU cache). */
  bad: Array<{ item: Item; index: number }>;
  /** The items' `warning: ` notes, then their not-priced lines, in item order. */
  noted: string[];
  notPriced: string[];
  /** Every item's cost (NaN: null), for the budget's item lines and an overflowing total; `made` items so far. */
  costs: Float64Array;
  made: number;
}

/**
 * One estimate being made: what `nextItem` reads and moves forward. Plain data made by one literal
 * and read by top-level functions, not closures: the functions are the same for every estimate and
 * the object's hidden class lives as long as the literal, so optimised code is kept from one
 * estimate to the next (closures made per estimate were optimised again on every one).
 */
interface Producer {
  readonly head: EstimateHead;
  readonly workload: Workload;
  readonly catalog: Catalog;
  readonly opts: EstimateOptions;
  readonly problems: Problem[];
  readonly tally: Tally;
  /** Undefined when the options themselves are at fault (no item is made). */
  readonly run: Run | undefined;
  readonly nInference: number;
  readonly nTraining: number;
  readonly nFineTune: number;
  /** The position of the next item: inference items, then training, then fine-tune. */
  at: number;
}

/**
 * The last estimate's producer, kept until the next estimate replaces it. V8 keeps the hidden class
 * of an object made once per estimate (this producer, its run, tally, traffic, the engine's copy of
 * the options) only while an instance lives: when the caller drops an estimate and the heap is
 * collected, the classes die, every piece of optimised pricing code that had seen them is thrown
 * away ("weak objects") and compiled again during the next estimate (the engine bench, which
 * collects before each run, recompiled the pricing code every few runs). What this keeps: the last
 * workload, catalog and tally, until the next estimate.
 */
const KEPT: { last: Producer | undefined } = { last: undefined };

function producerOf(workload: Workload, catalog: Catalog, opts: EstimateOptions): Producer {
  const p = newProducer(workload, catalog, opts);
  KEPT.last = p;
  return p;
}

function newProducer(workload: Workload, catalog: Catalog, opts: EstimateOptions): Producer {
  const problems: Problem[] = [];
  const currency = opts.currency;
  checkCurrency(catalog, currency, opts.asOf, problems);
  // The caller's provider filter (CLI --provider) must name known providers: a typo is a problem, not an empty result.
  if (opts.providers?.length) checkProviders(opts.providers, ["providers"], catalog, problems);
  const ok = problems.length === 0;
  const count = ok ? workload.inference.length + workload.training.length + workload.fine_tune.length : 0;
  return {
    head: {
      llmcost: 1,
      workload: workload.name ?? "workload",
      catalog: { version: catalog.version, as_of: opts.asOf, digest: catalog.digest },
      currency,
      period: workload.period,
    },
    workload,
    catalog,
    opts,
    problems,
    tally: { total: 0, complete: true, bad: [], noted: [], notPriced: [], costs: new Float64Array(count), made: 0 },
    run: ok
      ? {
          workload,
          catalog,
          opts,
          problems,
          pricing: pricingFor(catalog, opts),
          options: { list: [], n: 0 },
          packs: workload.inference.length > 1 ? newPackLedger() : undefined,
          traffic: emptyTraffic(),
          offered: { inForce: 0, stale: undefined },
        }
      : undefined,
    nInference: ok ? workload.inference.length : 0,
    nTraining: ok ? workload.training.length : 0,
    nFineTune: ok ? workload.fine_tune.length : 0,
    at: 0,
  };
}

/** The next item in workload order, tallied; undefined after the last. */
function nextItem(p: Producer): Item | undefined {
  const i = p.at;
  const w = p.workload;
  let item: Item;
  let index: number;
  if (i < p.nInference) {
    index = i;
    const run = p.run as Run;
    item = inferenceItem(w.inference[i] as InferenceItem, i, run);
    // The scratch list of options is kept between items; let it go after the last.
    if (i === p.nInference - 1) run.options.list.length = 0;
  } else if (i < p.nInference + p.nTraining) {
    index = i - p.nInference;
    item = trainingItem(w.training[index] as TrainingItem, index, p.catalog, p.opts, p.problems);
  } else if (i < p.nInference + p.nTraining + p.nFineTune) {
    index = i - p.nInference - p.nTraining;
    item = fineTuneItem(w.fine_tune[index] as FineTuneItem, index, w.period, p.catalog, p.opts, p.problems);
  } else return undefined;
  p.at = i + 1;
  tallyItem(p.tally, item, index);
  return item;
}

/**
 * Every item, in order: the stream collected by calling the per-item function directly. A loop of
 * its own, so the code V8 optimises while the loop runs (on-stack replacement) has nothing after
 * it that it has not seen run; in `estimate` that code was thrown away every few estimates.
 */
function allItems(p: Producer): Item[] {
  const items: Item[] = [];
  for (let it = nextItem(p); it !== undefined; it = nextItem(p)) items.push(it);
  return items;
}

/** After the last item: the fields after `items`, and every problem found. */
function finishOf(p: Producer): { tail: EstimateTail; problems: Problem[] } {
  return { tail: tailOf(p.tally, p.workload, p.catalog, p.opts, p.problems), problems: p.problems };
}

/** After the last item: the fields after `items`, from the tally; adds the problems of non-finite numbers. */
function tailOf(
  tally: Tally,
  workload: Workload,
  catalog: Catalog,
  opts: EstimateOptions,
  problems: Problem[],
): EstimateTail {
  const total = tally.total;
  if (tally.bad.length > 0 || !Number.isFinite(total))
    problems.push(...nonFiniteProblemsOf(workload, tally.bad, total, () => summaries(tally, workload)));
  const warnings: string[] = [];
  const beyond = pastCatalog(catalog, opts.asOf);
  if (beyond) warnings.push(beyond);
  for (const w of tally.noted) warnings.push(w);
  for (const w of tally.notPriced) warnings.push(w);
  const tail: EstimateTail = { total, complete: tally.complete, warnings };
  // A workload's budget is written in the workload's currency; converted when --currency differs.
  const spec = opts.budget ?? (workload.budget && { ...workload.budget, currency: workload.currency });
  if (spec) {
    const currency = opts.currency;
    const e = { items: summaries(tally, workload), total, complete: tally.complete, currency };
    const budget = budgetOf(e, spec, (from) => fxFactor(catalog.rates, from, currency, opts.asOf));
    if (budget) tail.budget = budget;
  }
  return tail;
}

/** The item's share of the estimate's total, completeness and warnings. */
function tallyItem(t: Tally, it: Item, index: number): void {
  if (containsNonFinite(it)) t.bad.push({ item: it, index });
  if (it.cost !== null) t.total += it.cost;
  if (it.status !== "priced") t.complete = false;
  // Indexed loops: for-of makes an iterator per item where this is not yet optimised.
  for (let k = 0; k < it.notes.length; k++) {
    const n = it.notes[k] as string;
    if (n.startsWith("warning: ")) t.noted.push(`${it.name}: ${n.slice("warning: ".length)}`);
  }
  if (it.status === "not_priced")
    t.notPriced.push(`${it.name}: not priced (${it.notes[it.notes.length - 1] ?? "no option"}); left out of the total`);
  t.costs[t.made++] = it.cost === null ? Number.NaN : it.cost;
}

/** Every item's name (the workload's, in item order) and cost, made only when a budget or an overflowing total needs them. */
function summaries(t: Tally, w: Workload): Array<{ name: string; cost: number | null }> {
  const names = itemNames(w);
  const out: Array<{ name: string; cost: number | null }> = [];
  for (let i = 0; i < t.made; i++) {
    const c = t.costs[i] as number;
    out.push({ name: names[i] as string, cost: Number.isNaN(c) ? null : c });
  }
  return out;
}

/**
 * The caller's options copied into an object the engine makes, always of one shape. The pricing
 * code reads it for every item; a caller's literal made by code that runs once gets a hidden class
 * that dies with the object, and the optimised code that had seen it was thrown away between estimates.
 */
function ownOptions(o: EstimateOptions): EstimateOptions {
  return {
    asOf: o.asOf,
    currency: o.currency,
    providers: o.providers,
    explain: o.explain,
    budget: o.budget,
    billing: o.billing,
  };
}

/** The report currency needs an exchange rate in force at as_of: an unknown one is a problem with a suggestion. */
function checkCurrency(catalog: Catalog, currency: string, asOf: string, problems: Problem[]): void {
  if (perUsd(catalog.rates, currency, asOf)) return;
  const known = [...new Set(["USD", ...catalog.rates.map((r) => r.currency)])].sort();
  const anyRate = catalog.rates.some((r) => r.currency === currency);
  problems.push({
    kind: "unknown_currency",
    path: ["currency"],
    message: anyRate ? `no ${currency} exchange rate on or before ${asOf}` : `unknown currency ${currency}`,
    expected: `one of ${known.join(", ")}`,
    found: currency,
    hint: didYouMean(currency, known) ?? "add its rates to the catalog with an overlay (`rates:`)",
  });
}

function fineTuneItem(
  it: FineTuneItem,
  index: number,
  period: Workload["period"],
  catalog: Catalog,
  opts: EstimateOptions,
  problems: Problem[],
): Item {
  const notes: string[] = [];
  const options = priceFineTune(it, period, catalog, opts, ["fine_tune", index], problems, notes);
  return finishItem(
    { name: it.name, kind: "fine_tune", model: it.model, notes, quantities: quantitiesOf(it, period) },
    options,
    opts.billing,
  );
}

/** The newest date the catalog knows (a price's from/until/checked, an exchange rate), per catalog. */
const NEWEST = new WeakMap<Catalog, string>();
function newestDate(catalog: Catalog): string {
  let d = NEWEST.get(catalog);
  if (d === undefined) {
    d = "0000-01-01";
    const see = (x: string | undefined) => {
      if (x !== undefined && x > (d as string)) d = x;
    };
    const seeEntry = (e: { from: string; until?: string | undefined; checked?: string | undefined }) => {
      see(e.from);
      see(e.until);
      see(e.checked);
    };
    for (const p of catalog.providers) {
      for (const m of p.models ?? []) m.prices.forEach(seeEntry);
      for (const g of p.gpus ?? []) g.prices.forEach(seeEntry);
    }
    for (const r of catalog.rates) see(r.from);
    NEWEST.set(catalog, d);
  }
  return d;
}

/** Days past the catalog's newest date after which an as_of is flagged: a year, so a catalog a few months old does not warn on every run, while 2031 on a 2026 catalog does. */
const PAST_CATALOG_DAYS = 365;

/** A warning when `asOf` is well past anything the catalog knows (2031 would otherwise price as 2026). */
function pastCatalog(catalog: Catalog, asOf: string): string | undefined {
  // Any date the catalog knows is at most its newest: when the exchange rates' newest (a short
  // list) is within the year, so is the catalog's, and no price list needs reading (reading them
  // all was most of a small estimate's catalog work).
  let rate: string | undefined;
  for (const r of catalog.rates) if (rate === undefined || r.from > rate) rate = r.from;
  if (rate !== undefined && !(daysBetween(rate, asOf) > PAST_CATALOG_DAYS)) return undefined;
  const newest = newestDate(catalog);
  const days = daysBetween(newest, asOf);
  if (!(days > PAST_CATALOG_DAYS)) return undefined;
  return `as of ${asOf} is ${Math.round(days)} days past the newest date catalog ${catalog.version} knows (${newest}): prices are those last known, not of ${asOf}`;
}

function finishItem(base: ItemBase, all: Option[], billing?: readonly Billing[]): Item {
  const options = billing ? all.filter((o) => billing.includes(o.billing)) : all;
  sortOptions(options);
  return itemOf(base.name, base.kind, base.model, options, base.notes, base.quantities);
}

/** An item of ranked `options`. Built field by field (no spread): a fixed key order in the JSON, no copying. */
function itemOf(
  name: string,
  kind: Item["kind"],
  model: string,
  options: Option[],
  notes: string[],
  quantities: Item["quantities"],
): Item {
  const best = options[0];
  return {
    name,
    kind,
    model,
    status: best ? "priced" : "not_priced",
    selected: best ? selectedOf(best) : null,
    cost: best ? best.cost : null,
    options,
    notes,
    // Always present, last (as the contract's JSON has it): JSON leaves it out when undefined (training).
    quantities,
  };
}

/** The selected option's key: pay-as-you-go keeps the original three fields; other billings say which. */
function selectedOf(o: Option): NonNullable<Item["selected"]> {
  if (o.billing === "pay_as_you_go") return { provider: o.provider, offering: o.offering, via: o.via };
  const s: NonNullable<Item["selected"]> = {
    provider: o.provider,
    offering: o.offering,
    via: o.via,
    billing: o.billing,
  };
  if (o.plan !== undefined) s.plan = o.plan;
  return s;
}

/** What one offering resolves to at (as_of, currency): looked up once, reused by every item (see pricingFor). */
type Resolution =
  | {
      kind: "priced";
      card: RateCard;
      /** The billing rules with data for the offering, prepared for its (as_of, currency, explain). */
      rules: OfferingRules;
      staleFx: string | undefined;
    }
  /** Not priceable: `inForce` when a price is in force but cannot be used (no exchange rate). */
  | { kind: "absent"; note: string; inForce: boolean };
/** A conversion whose rate is this much older than the price it converts is flagged (issue 13). */
const STALE_FX_DAYS = 180;
type Resolved = { resolution: Resolution; earliest: string | undefined };

/** The options offerings are resolved under (as_of, currency and explain only) and the resolutions made so far. */
interface Pricing {
  opts: EstimateOptions;
  memo: Map<ApiModel, Resolved>;
}

/**
 * Resolutions per catalog and (as_of, currency, explain), shared by every estimate that agrees on
 * those: `optimize`, `diff` and `--over` price one catalog many times. The per-offering objects
 * (rate cards, the rules' prepared packs) then outlive one estimate, so V8 keeps their hidden
 * classes and the optimised pricing code made for them (when they died with each estimate, that
 * code was thrown away and the next estimate ran slow until it was optimised again). Catalogs are
 * immutable values: a WeakMap keeps this pure. The rules read only those three fields of `opts`.
 */
const PRICING = new WeakMap<Catalog, Map<string, Pricing>>();
/** Distinct (as_of, currency, explain) remembered per catalog: a daily `--over` does not fill memory. */
const MAX_PRICINGS = 64;

function pricingFor(catalog: Catalog, opts: EstimateOptions): Pricing {
  let byKey = PRICING.get(catalog);
  if (!byKey) {
    byKey = new Map();
    PRICING.set(catalog, byKey);
  }
  const explain = opts.explain === true;
  const key = `${opts.asOf}\u0000${opts.currency}\u0000${explain}`;
  let p = byKey.get(key);
  if (!p) {
    if (byKey.size >= MAX_PRICINGS) byKey.delete(byKey.keys().next().value as string);
    p = { opts: { asOf: opts.asOf, currency: opts.currency, explain }, memo: new Map() };
    byKey.set(key, p);
  }
  return p;
}

function resolveOffering(provider: CatalogProvider, model: ApiModel, catalog: Catalog, pricing: Pricing): Resolved {
  const hit = pricing.memo.get(model);
  if (hit) return hit;
  let earliest: string | undefined;
  for (const e of model.prices) if (earliest === undefined || e.from < earliest) earliest = e.from;
  const out = { resolution: resolutionOf(provider, model, catalog, pricing.opts), earliest };
  pricing.memo.set(model, out);
  return out;
}

function resolutionOf(provider: CatalogProvider, model: ApiModel, catalog: Catalog, opts: EstimateOptions): Resolution {
  const label = `${provider.provider.id}/${model.id}`;
  const r = resolvePrice(model.prices, opts.asOf, opts.currency, provider.provider.currency);
  if (!r) return { kind: "absent", inForce: false, note: absentNote(label, model.prices, opts.asOf) };
  const fx = fxFactor(catalog.rates, r.currency, opts.currency, opts.asOf);
  if (fx === undefined)
    return {
      kind: "absent",
      inForce: true,
      note: `${label}: no ${r.currency}→${opts.currency} exchange rate at ${opts.asOf}`,
    };
  let fxNote: string | undefined;
  let staleFx: string | undefined;
  if (r.currency !== opts.currency) {
    const rate = perUsd(catalog.rates, r.currency === "USD" ? opts.currency : r.currency, opts.asOf);
    fxNote = `priced from the ${r.currency} list, converted to ${opts.currency} at ${fx.toPrecision(6)} ${opts.currency}/${r.currency} (rate of ${rate?.from})`;
    // The oldest rate the conversion used, against the price's own date.
    const used = [r.currency, opts.currency]
      .filter((c) => c !== "USD")
      .map((c) => perUsd(catalog.rates, c, opts.asOf)?.from ?? r.entry.from)
      .sort()[0];
    const days = used === undefined ? 0 : daysBetween(used, r.entry.from);
    if (days > STALE_FX_DAYS)
      staleFx = `${label}: its ${r.currency} price of ${r.entry.from} is converted at an exchange rate of ${used}, ${Math.round(days)} days older; add a newer rate (fx.yaml or an overlay's rates:)`;
  }
  const card = rateCard(provider, model, r.entry, r.currency, opts.currency, fx, fxNote, opts.explain === true);
  return {
    kind: "priced",
    card,
    rules: offeringRules(provider, model, card, catalog, opts, rulesFor(provider, model)),
    staleFx,
  };
}

/** What pricing an inference item's offerings found, besides its options. */
interface Offered {
  /** Offerings with a price in force (usable or not). */
  inForce: number;
  /** Stale-conversion warnings by provider and offering (see STALE_FX_DAYS). */
  stale: Map<string, string> | undefined;
}

/** What every inference item of one estimate shares: made once per `estimate` call. */
interface Run {
  workload: Workload;
  catalog: Catalog;
  opts: EstimateOptions;
  problems: Problem[];
  pricing: Pricing;
  /**
   * The options of the item being priced, written from 0 and then copied to an array of the exact
   * size: a list made per item and grown by push reserves room for 17 (1.5 MB of garbage in a
   * 10,000-item estimate). Only `list[0..n)` is the current item's.
   */
  options: OptionSink;
  /** Packs and free quotas the items share, drawn on in workload order (only with two items or more). */
  packs: PackLedger | undefined;
  /** The traffic of the item being priced: one object per estimate, overwritten per item (nothing keeps it). */
  traffic: ApiTraffic;
  /** What pricing the item's offerings found: one object per estimate, reset per item. */
  offered: Offered;
}

function inferenceItem(it: InferenceItem, index: number, run: Run): Item {
  const { workload: w, catalog, opts, problems } = run;
  const path = ["inference", index];
  const notes: string[] = [];
  const traffic = trafficOf(run.traffic, it, w.period);
  checkItem(it, path, w.period, catalog, problems);
  const named = offeringsOf(it, path, catalog, opts, problems, notes);
  if (!named) return itemOf(it.name, "inference", it.model, [], notes, inferenceQuantities(it, traffic));
  const selfHost = it.self_host
    ? priceSelfHost(it, traffic, w, catalog, opts, [...path, "self_host"], problems, notes)
    : undefined;
  const pinned = intersectProviders(it.providers, opts.providers);
  const offerings = pinned ? pinnedOfferings(it.model, named, pinned, catalog, notes) : named;
  const scratch = run.options;
  scratch.n = 0;
  const offered = priceOfferings(run, it, path, traffic, offerings, notes);
  if (offerings.length > 0 && offered.inForce === 0 && !selfHost?.options.length)
    checkFirstPrice(it, path, earliestPrice(run, offerings), opts.asOf, problems);
  if (selfHost) withSelfHost(selfHost, scratch, notes);
  if (scratch.n === 0 && offerings.length === 0 && pinned)
    notes.push(`no provider in [${[...pinned].join(", ")}] offers ${it.model}`);
  const all = scratch.list.slice(0, scratch.n);
  const options = opts.billing ? all.filter((o) => opts.billing?.includes(o.billing)) : all;
  sortOptions(options);
  const out = itemOf(it.name, "inference", it.model, options, notes, inferenceQuantities(it, traffic));
  if (run.packs) commitPacks(run.packs, out);
  // A stale exchange rate matters where it sets the price: on the selected option.
  const sel = out.selected;
  const staleNote = sel && offered.stale?.get(`${sel.provider}\u0000${sel.offering}`);
  if (staleNote) notes.push(`warning: ${staleNote}`);
  return out;
}

/** The self-hosted options after the API ones, and the note on where self-hosting breaks even against them. */
function withSelfHost(selfHost: SelfHostResult, scratch: Run["options"], notes: string[]): void {
  const breakEven = selfHost.breakEven(scratch.list.slice(0, scratch.n));
  if (breakEven) notes.push(breakEven);
  for (const o of selfHost.options) scratch.list[scratch.n++] = o;
}

/** The item's traffic over the period, as the token rule reads it, written into `t`. */
function trafficOf(t: ApiTraffic, it: InferenceItem, period: Workload["period"]): ApiTraffic {
  t.requests = requestsPerPeriod(it, period);
  t.input_tokens = it.input_tokens;
  t.output_tokens = it.output_tokens;
  t.reasoning_tokens = it.reasoning_tokens;
  t.cached_input = it.cached_input;
  t.cache_write = it.cache_write;
  t.off_peak = it.off_peak;
  t.batch = it.batch;
  return t;
}

function emptyTraffic(): ApiTraffic {
  return {
    requests: 0,
    input_tokens: 0,
    output_tokens: 0,
    reasoning_tokens: 0,
    cached_input: 0,
    cache_write: 0,
    off_peak: 0,
    batch: false,
  };
}

function inferenceQuantities(it: InferenceItem, t: ApiTraffic): Item["quantities"] {
  const R = t.requests;
  const I = R * it.input_tokens;
  return {
    requests: R,
    input_tokens: I,
    cached_input_tokens: I * it.cached_input,
    output_tokens: R * (it.output_tokens + it.reasoning_tokens),
  };
}

type ItemBase = Omit<Item, "status" | "selected" | "cost" | "options">;

/** The item's own fields the catalog gives meaning to: fee ids, the peak, provider ids. */
function checkItem(
  it: InferenceItem,
  path: Path,
  period: Workload["period"],
  catalog: Catalog,
  problems: Problem[],
): void {
  if (it.usage) checkUsage(it.usage, [...path, "usage"], catalog, problems);
  if (it.peak) checkPeak(it, period, path, problems);
  if (it.cache_storage) checkCacheStorage(it, period, path, problems);
  if (it.providers) checkProviders(it.providers, [...path, "providers"], catalog, problems);
}

/**
 * The API offerings of the item's model, or undefined when the name is unknown and the item is not
 * self-hosted (a problem is recorded).
 */
function offeringsOf(
  it: InferenceItem,
  path: Path,
  catalog: Catalog,
  opts: EstimateOptions,
  problems: Problem[],
  notes: string[],
): readonly Offering[] | undefined {
  const named = resolveModelName(catalog, it.model, opts.asOf);
  const offerings = named.kind === "found" ? named.offerings : [];
  if (named.kind === "found") for (const n of named.notes) notes.push(n);
  if (offerings.length === 0 && !it.self_host) {
    problems.push({
      kind: "unknown_model",
      path: [...path, "model"],
      message:
        named.kind === "ambiguous" ? `${quoted(it.model)} names several models` : `unknown model ${quoted(it.model)}`,
      expected: "a model id, alias, architecture key or provider/model from the catalog (llmcost catalog list)",
      found: it.model,
      hint: (named.kind !== "found" ? nameHint(named) : undefined) ?? "list the models with 'llmcost catalog list'",
    });
    return undefined;
  }
  return offerings;
}

/** The offerings of the pinned providers; a note for each known provider pinned that has none. */
function pinnedOfferings(
  model: string,
  offerings: readonly Offering[],
  pinned: Set<string>,
  catalog: Catalog,
  notes: string[],
): readonly Offering[] {
  for (const p of pinned)
    if (catalog.providers.some((c) => c.provider.id === p) && !offerings.some((o) => o.provider.provider.id === p))
      notes.push(`${p} does not offer ${model}`);
  return offerings.filter((o) => pinned.has(o.provider.provider.id));
}

/**
 * Every offering's options for the item: pay-as-you-go per token, and the other billing models
 * where the catalog has data for them and the item asks for what they price (a `usage:` for fees,
 * a `peak:` for provisioned throughput). An offering with none keeps the token rule's fast path.
 */
function priceOfferings(
  run: Run,
  it: InferenceItem,
  path: Path,
  traffic: ApiTraffic,
  offerings: readonly Offering[],
  notes: string[],
): Offered {
  const offered = run.offered;
  offered.inForce = 0;
  offered.stale = undefined;
  const scratch = run.options;
  // Made for the first offering whose rules have something for the item: most items need none.
  let item: ItemContext | undefined;
  for (let k = 0; k < offerings.length; k++) {
    const { provider, model } = offerings[k] as Offering;
    const { resolution } = resolveOffering(provider, model, run.catalog, run.pricing);
    if (resolution.kind === "absent") {
      if (resolution.inForce) offered.inForce++;
      notes.push(resolution.note);
      continue;
    }
    offered.inForce++;
    if (resolution.staleFx) {
      offered.stale ??= new Map();
      offered.stale.set(`${provider.provider.id}\u0000${model.id}`, resolution.staleFx);
    }
    const priced = priceApiOption(traffic, resolution.card);
    if (typeof priced === "string") notes.push(priced);
    else if (!needsRules(resolution.rules, it)) scratch.list[scratch.n++] = priced;
    else {
      item ??= { item: it, path, period: run.workload.period, traffic, problems: run.problems, packs: run.packs };
      priceWithRules(resolution.rules, item, priced, notes, scratch);
    }
  }
  return offered;
}

/** The earliest price date of any of the offerings: read only when none has a price in force. */
function earliestPrice(run: Run, offerings: readonly Offering[]): string | undefined {
  let earliest: string | undefined;
  for (const { provider, model } of offerings) {
    const e = resolveOffering(provider, model, run.catalog, run.pricing).earliest;
    if (e !== undefined && (earliest === undefined || e < earliest)) earliest = e;
  }
  return earliest;
}

/** No price in force for any offering: an as_of before the model's first price is the user's to fix. */
function checkFirstPrice(
  it: InferenceItem,
  path: Path,
  earliest: string | undefined,
  asOf: string,
  problems: Problem[],
): void {
  if (earliest === undefined || earliest <= asOf) return;
  problems.push({
    kind: "before_first_price",
    path: [...path, "model"],
    message: `${it.model} has no price on or before ${asOf}`,
    expected: `an as_of on or after ${earliest} (its first price)`,
    found: asOf,
    hint: `use --as-of ${earliest} or later`,
  });
}

/** Every `usage:` key must be a fee some provider lists: a typo is a problem with a suggestion. */
function checkUsage(
  usage: Record<string, number>,
  path: Array<string | number>,
  catalog: Catalog,
  problems: Problem[],
) {
  const known = allFeeIds(catalog.providers);
  for (const key of Object.keys(usage))
    if (!known.includes(key))
      problems.push({
        kind: "invalid",
        path: [...path, key],
        message: `unknown fee "${key}"`,
        expected: known.length
          ? `a fee id from the catalog: ${known.join(", ")}`
          : "a fee id from the catalog (none listed)",
        found: key,
        hint: didYouMean(key, known) ?? "see docs/billing.md for the fees the catalog has",
      });
}

function checkProviders(
  list: string[] | undefined,
  path: Array<string | number>,
  catalog: Catalog,
  problems: Problem[],
) {
  const ids = catalog.providers.map((p) => p.provider.id);
  (list ?? []).forEach((p, i) => {
    // Suggestions only for the faults a report can show: 50,000 unknown ids stay linear and fast.
    if (!ids.includes(p))
      problems.push({
        kind: "unknown_provider",
        path: [...path, i],
        message: `unknown provider ${quoted(p)}`,
        expected: "a provider id from the catalog",
        found: p,
        hint:
          (problems.length < MAX_DIAGNOSTICS && didYouMean(p, ids)) || "list the providers with 'llmcost catalog list'",
      });
  });
}

function trainingItem(
  it: TrainingItem,
  index: number,
  catalog: Catalog,
  opts: EstimateOptions,
  problems: Problem[],
): Item {
  const notes: string[] = [];
  checkProviders(it.providers, ["training", index, "providers"], catalog, problems);
  const options = priceTraining(it, catalog, opts, ["training", index], problems, notes);
  return finishItem(
    { name: it.name, kind: "training", model: typeof it.model === "string" ? it.model : "inline", notes },
    options,
    opts.billing,
  );
}

export { compareOptions };
