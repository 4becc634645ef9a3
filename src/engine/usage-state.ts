import type { ApiModel, Catalog } from "../schema/catalog.js";
import type { GroupKey, UsageRow } from "../schema/usage.js";
import { type RateCard, rateCard } from "./inference.js";
import { absentNote, findOfferings, fxFactor, namesOf, type Offering, perUsd, resolvePrice } from "./resolve.js";

/**
 * What a usage pricer keeps (docs/usage.md, "How it is fast and still exact"): each (provider,
 * model) resolved to an offering once, each (offering, day) to a rate card once, and the buckets and
 * groups the rows add their tokens to. `usage.ts` adds rows to it, `usage-totals.ts` prices it.
 */

export interface UsageOptions {
  /** Report currency. */
  currency: string;
  /** Group by these fields (default: model). */
  by?: readonly GroupKey[] | undefined;
  /** Provider for rows that name none (a model offered by several providers is ambiguous without one). */
  provider?: string | undefined;
  /** A provider id, `cheapest`, or a model: what the same traffic would have cost there. */
  reprice?: string | undefined;
  /** Flag groups whose cost differs from the provider's own by more than this share (default 0.05). */
  diffThreshold?: number | undefined;
  /** How many unpriced models to list (default 10). */
  topUnpriced?: number | undefined;
}

/** One (provider, model name) as written in the log, resolved to a catalog offering once. */
export interface ModelState {
  name: string;
  provider: string | undefined;
  offering: Offering | undefined;
  /** Why no offering: unknown model, unknown provider, ambiguous. */
  reason: string | undefined;
  alternatives: Offering[] | undefined;
  days: Map<string, DayState>;
}

/** The price in force for one offering on one day: a rate card, or why there is none. */
export interface DayState {
  date: string;
  card: RateCard | undefined;
  reason: string | undefined;
  /** --reprice: the cards of the alternatives in force that day. */
  altCards: RateCard[];
  /** Off-peak window in minutes of the UTC day [start, end), may wrap midnight. */
  offPeak: [number, number] | undefined;
  buckets: Map<string, Bucket>;
}

/** Token sums: requests, input (cached and cache writes included), cached, cache writes, output, reasoning. */
export interface Tokens {
  R: number;
  I: number;
  C: number;
  W: number;
  O: number;
  Z: number;
}

export interface Bucket extends Tokens {
  day: DayState;
  group: GroupAcc;
  /** The tier index (0: base prices): part of the bucket's key. */
  tier: number;
  batch: boolean;
  offPeak: boolean;
  /** The largest per-request prompt of its rows: it picks the tier (all rows of a bucket share one). */
  prompt: number;
  rows: number;
  /** The file and line of its first row. */
  firstFile: string | undefined;
  firstLine: number | undefined;
}

export interface GroupAcc extends Tokens {
  /** Its number as a string: part of its buckets' keys. */
  id: string;
  key: Record<string, string>;
  rows: number;
  rowsUnpriced: number;
  /** The provider's cost of its rows, as an exact sum (exact-sum.ts): the same in any order of the rows. */
  providerCost: number[];
  providerCostRows: number;
}

export interface UnpricedAcc {
  model: string;
  provider: string | undefined;
  reason: string;
  rows: number;
  requests: number;
  I: number;
  O: number;
  firstFile: string | undefined;
  firstLine: number | undefined;
}

export type RepriceKind = "cheapest" | "provider" | "model";

/** Everything one pricer resolved and added up. */
export interface PricerState {
  catalog: Catalog;
  currency: string;
  by: GroupKey[];
  /** --provider. */
  provider: string | undefined;
  threshold: number;
  topUnpriced: number;
  providerIds: Set<string>;
  repriceTarget: string | undefined;
  repriceKind: RepriceKind | undefined;
  /** provider ("" for none) → model name as written → its state. */
  states: Map<string, Map<string, ModelState>>;
  /** Groups by id, in the order first seen. */
  groups: Map<string, GroupAcc>;
  /** The groups as a tree of maps, one level per --by key (see `groupOf`). */
  groupTree: Map<string, unknown>;
  unpriced: Map<string, UnpricedAcc>;
  weeks: Map<string, string>;
  months: Map<string, string>;
  rowsPriced: number;
  rowsCostOnly: number;
  /** Rows of buckets whose offering could not price their traffic (moved to unpriced by `finish`). */
  movedRows: number;
  minDate: string | undefined;
  maxDate: string | undefined;
  /** A row had a fractional count: sums then depend on the order of the rows (see usage-merge.ts). */
  fractional: boolean;
}

const DEFAULT_BY: GroupKey[] = ["model"];

export function newPricerState(catalog: Catalog, opts: UsageOptions): PricerState {
  const providerIds = new Set(catalog.providers.map((p) => p.provider.id));
  const target = opts.reprice;
  return {
    catalog,
    currency: opts.currency,
    by: opts.by && opts.by.length > 0 ? [...opts.by] : DEFAULT_BY,
    provider: opts.provider,
    threshold: opts.diffThreshold ?? 0.05,
    topUnpriced: opts.topUnpriced ?? 10,
    providerIds,
    repriceTarget: target,
    repriceKind:
      target === undefined
        ? undefined
        : target === "cheapest"
          ? "cheapest"
          : providerIds.has(target)
            ? "provider"
            : "model",
    states: new Map(),
    groups: new Map(),
    groupTree: new Map(),
    unpriced: new Map(),
    weeks: new Map(),
    months: new Map(),
    rowsPriced: 0,
    rowsCostOnly: 0,
    movedRows: 0,
    minDate: undefined,
    maxDate: undefined,
    fractional: false,
  };
}

/** `file:line` for the places in the report. */
export function whereAt(file: string | undefined, line: number | undefined): string {
  return file === undefined ? "" : line === undefined ? file : `${file}:${line}`;
}

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function weekOf(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

/** The state of (provider, model as written), resolved on first sight. */
export function stateOf(st: PricerState, provider: string | undefined, model: string): ModelState {
  const p = provider ?? "";
  let byModel = st.states.get(p);
  if (!byModel) {
    byModel = new Map();
    st.states.set(p, byModel);
  }
  let s = byModel.get(model);
  if (!s) {
    s = resolveModel(st, provider, model);
    byModel.set(model, s);
  }
  return s;
}

function resolveModel(st: PricerState, provider: string | undefined, model: string): ModelState {
  const s: ModelState = {
    name: model,
    provider,
    offering: undefined,
    reason: undefined,
    alternatives: undefined,
    days: new Map(),
  };
  const pick = offeringOf(st, provider ?? st.provider, model);
  if (typeof pick === "string") s.reason = pick;
  else {
    s.offering = pick;
    if (st.repriceKind) s.alternatives = alternativesOf(st, pick);
  }
  return s;
}

/** The offering a row of `model` (at provider `pid`, if named) is priced on, or why there is none. */
function offeringOf(st: PricerState, pid: string | undefined, model: string): Offering | string {
  let found = findOfferings(st.catalog, model);
  if (found.length === 0) return "unknown model";
  if (pid !== undefined) {
    if (!st.providerIds.has(pid)) return `unknown provider "${pid}"`;
    found = found.filter((o) => o.provider.provider.id === pid);
    if (found.length === 0) return `${pid} does not offer this model in the catalog`;
  }
  // The offering whose own id is the name wins (gpt-4o-mini at openai, not an alias at azure);
  // else a single provider's; else the row is ambiguous: pricing it on a guessed host could be wrong.
  const key = model.toLowerCase();
  const exact = found.filter((o) => o.model.id === key);
  const pick = exact.length === 1 ? exact : new Set(found.map((o) => o.provider.provider.id)).size === 1 ? found : [];
  if (pick.length === 0) {
    const hosts = [...new Set(found.map((o) => o.provider.provider.id))].sort();
    return `ambiguous: offered by ${hosts.join(", ")}; name the provider (a provider column, or --provider)`;
  }
  return pick[0] as Offering;
}

/** --reprice: the offerings the same traffic could run on instead. */
function alternativesOf(st: PricerState, o: Offering): Offering[] {
  if (st.repriceKind === "model") return [...findOfferings(st.catalog, st.repriceTarget as string)];
  const seen = new Set<ApiModel>();
  const out: Offering[] = [];
  for (const n of namesOf(o.model))
    for (const alt of findOfferings(st.catalog, n))
      if (!seen.has(alt.model)) {
        seen.add(alt.model);
        out.push(alt);
      }
  return st.repriceKind === "provider" ? out.filter((a) => a.provider.provider.id === st.repriceTarget) : out;
}

/** The rate card of `o` in force on `date`, in the report currency, or why there is none. */
function cardAt(st: PricerState, o: Offering, date: string): RateCard | string {
  const { catalog, currency } = st;
  const r = resolvePrice(o.model.prices, date, currency, o.provider.provider.currency);
  const label = `${o.provider.provider.id}/${o.model.id}`;
  if (!r) return absentNote(label, o.model.prices, date);
  const fx = fxFactor(catalog.rates, r.currency, currency, date);
  if (fx === undefined) return `${label}: no ${r.currency}→${currency} exchange rate at ${date}`;
  let fxNote: string | undefined;
  if (r.currency !== currency) {
    const rate = perUsd(catalog.rates, r.currency === "USD" ? currency : r.currency, date);
    fxNote = `priced from the ${r.currency} list, converted to ${currency} at ${fx.toPrecision(6)} ${currency}/${r.currency} (rate of ${rate?.from})`;
  }
  return rateCard(o.provider, o.model, r.entry, r.currency, currency, fx, fxNote, false);
}

/** The day of an offering's state: its card (and the alternatives' cards), resolved on first sight. */
export function dayOf(st: PricerState, s: ModelState, date: string): DayState {
  let d = s.days.get(date);
  if (d) return d;
  const card = cardAt(st, s.offering as Offering, date);
  d = {
    date,
    card: typeof card === "string" ? undefined : card,
    reason: typeof card === "string" ? card : undefined,
    altCards: [],
    offPeak: undefined,
    buckets: new Map(),
  };
  if (typeof card !== "string" && card.entry.off_peak) {
    const [a, b] = card.entry.off_peak.hours_utc.split("-") as [string, string];
    d.offPeak = [minutesOf(a), minutesOf(b)];
  }
  for (const alt of s.alternatives ?? []) {
    const c = cardAt(st, alt, date);
    if (typeof c !== "string") d.altCards.push(c);
  }
  s.days.set(date, d);
  return d;
}

/** The bucket of (tier, batch, off-peak, group) on a day, made on first sight with its first row's place. */
export function bucketOf(
  day: DayState,
  g: GroupAcc,
  tier: number,
  batch: boolean,
  off: boolean,
  firstFile: string | undefined,
  firstLine: number | undefined,
): Bucket {
  const bk = tier === 0 && !batch && !off ? "" : `${tier}${batch ? "b" : ""}${off ? "o" : ""}`;
  const key = bk === "" ? g.id : bk + g.id;
  let b = day.buckets.get(key);
  if (!b) {
    b = {
      day,
      group: g,
      tier,
      batch,
      offPeak: off,
      prompt: 0,
      rows: 0,
      R: 0,
      I: 0,
      C: 0,
      W: 0,
      O: 0,
      Z: 0,
      firstFile,
      firstLine,
    };
    day.buckets.set(key, b);
  }
  return b;
}

/**
 * The group of a row: a tree of maps, one level per --by key, so a row builds no key string (its
 * values are strings the reader keeps once, whose hashes are known).
 */
export function groupOf(st: PricerState, row: UsageRow, date: string, model: string, provider: string): GroupAcc {
  const by = st.by;
  let node = st.groupTree;
  const last = by.length - 1;
  for (let k = 0; k < last; k++) {
    const v = fieldOf(st, by[k] as GroupKey, row, date, model, provider);
    let next = node.get(v) as Map<string, unknown> | undefined;
    if (!next) {
      next = new Map();
      node.set(v, next);
    }
    node = next;
  }
  const v = fieldOf(st, by[last] as GroupKey, row, date, model, provider);
  let g = node.get(v) as GroupAcc | undefined;
  if (!g) {
    const key: Record<string, string> = {};
    for (const k of by) key[k] = fieldOf(st, k, row, date, model, provider);
    g = newGroup(`\u0001${st.groups.size}`, key);
    node.set(v, g);
    st.groups.set(g.id, g);
  }
  return g;
}

/** The group whose --by values are `values` (in the order of --by): a merged range's group. */
export function groupAt(st: PricerState, values: readonly string[]): GroupAcc {
  let node = st.groupTree;
  const last = values.length - 1;
  for (let k = 0; k < last; k++) {
    const v = values[k] as string;
    let next = node.get(v) as Map<string, unknown> | undefined;
    if (!next) {
      next = new Map();
      node.set(v, next);
    }
    node = next;
  }
  const v = values[last] as string;
  let g = node.get(v) as GroupAcc | undefined;
  if (!g) {
    const key: Record<string, string> = {};
    st.by.forEach((k, i) => {
      key[k] = values[i] as string;
    });
    g = newGroup(`\u0001${st.groups.size}`, key);
    node.set(v, g);
    st.groups.set(g.id, g);
  }
  return g;
}

function newGroup(id: string, key: Record<string, string>): GroupAcc {
  return {
    id,
    key,
    rows: 0,
    rowsUnpriced: 0,
    R: 0,
    I: 0,
    C: 0,
    W: 0,
    O: 0,
    Z: 0,
    providerCost: [],
    providerCostRows: 0,
  };
}

/** The value of group key `k` for a row (week and month kept once per day). */
function fieldOf(st: PricerState, k: GroupKey, row: UsageRow, date: string, model: string, provider: string): string {
  switch (k) {
    case "model":
      return model;
    case "provider":
      return provider;
    case "day":
      return date;
    case "month": {
      let m = st.months.get(date);
      if (m === undefined) {
        m = date.slice(0, 7);
        st.months.set(date, m);
      }
      return m;
    }
    case "week": {
      let w = st.weeks.get(date);
      if (w === undefined) {
        w = weekOf(date);
        st.weeks.set(date, w);
      }
      return w;
    }
    default:
      return row[k] ?? "-";
  }
}

/** The unpriced entry of (provider, model, reason), made on first sight with the place of that row. */
export function unpricedOf(
  st: PricerState,
  provider: string | undefined,
  model: string,
  reason: string,
  firstFile: string | undefined,
  firstLine: number | undefined,
): UnpricedAcc {
  const key = `${provider ?? ""}\u0000${model}\u0000${reason}`;
  let u = st.unpriced.get(key);
  if (!u) {
    u = { model, provider, reason, rows: 0, requests: 0, I: 0, O: 0, firstFile, firstLine };
    st.unpriced.set(key, u);
  }
  return u;
}
