import type { Component } from "../schema/report.js";
import type { GroupKey, UnpricedModel, UsageGroup, UsageReport } from "../schema/usage.js";
import { exactValue } from "./exact-sum.js";
import { type ApiTraffic, priceApiOption, type RateCard } from "./inference.js";
import {
  type Bucket,
  type DayState,
  type GroupAcc,
  type ModelState,
  type PricerState,
  unpricedOf,
  whereAt,
} from "./usage-state.js";

/**
 * The end of a usage run: each bucket priced once with the engine's `priceApiOption` (prices are
 * linear within a bucket, so its cost is the sum of its rows' costs), then the groups, the unpriced
 * list and the totals of the report.
 */

/** What a usage pricer adds up; `finish` prices the buckets and returns the report's numbers. */
export interface UsageTotals {
  currency: string;
  by: GroupKey[];
  period: { from: string; to: string } | null;
  total: number;
  complete: boolean;
  rows_priced: number;
  rows_unpriced: number;
  rows_cost_only: number;
  requests: number;
  tokens: UsageReport["tokens"];
  provider_cost: number | null;
  groups: UsageGroup[];
  unpriced: UnpricedModel[];
  reprice?: UsageReport["reprice"];
  warnings: string[];
  /** Per bucket, for --to-workload and --against: the traffic and the card it was priced on. */
  traffic: PricedTraffic[];
}

export interface PricedTraffic {
  provider: string;
  offering: string;
  model: string;
  date: string;
  group: Record<string, string>;
  traffic: ApiTraffic;
  cost: number;
  rows: number;
}

type ComponentSums = Map<string, { quantity: number; unit: string; cost: number }>;

/** What pricing the buckets gives: each group's cost and components, and --reprice's. */
interface PricedBuckets {
  cost: Map<GroupAcc, { cost: number; components: ComponentSums }>;
  repriced: Map<GroupAcc, { cost: number; offerings: Set<string>; unavailable: number }>;
  traffic: PricedTraffic[];
  total: number;
  repriceTotal: number;
  repriceComplete: boolean;
}

export function finish(st: PricerState): UsageTotals {
  const priced = priceBuckets(st);
  const outGroups: UsageGroup[] = [];
  let providerCost = 0;
  let anyProviderCost = false;
  for (const g of st.groups.values()) {
    const group = groupOut(st, g, priced);
    if (group.provider_cost !== null) {
      anyProviderCost = true;
      providerCost += group.provider_cost;
    }
    outGroups.push(group);
  }
  outGroups.sort(compareGroups(st.by));
  const unpricedList = unpricedOut(st);
  const top = st.topUnpriced;
  let rowsUnpriced = 0;
  for (const u of unpricedList) rowsUnpriced += u.rows;
  const out: UsageTotals = {
    currency: st.currency,
    by: st.by,
    period: st.minDate !== undefined && st.maxDate !== undefined ? { from: st.minDate, to: st.maxDate } : null,
    total: priced.total,
    complete: rowsUnpriced === 0,
    rows_priced: st.rowsPriced - st.movedRows,
    rows_unpriced: rowsUnpriced,
    rows_cost_only: st.rowsCostOnly,
    ...tokenTotals(st),
    provider_cost: anyProviderCost ? providerCost : null,
    groups: outGroups,
    unpriced: unpricedList.slice(0, top),
    warnings: unpricedWarnings(unpricedList.length, rowsUnpriced, top),
    traffic: priced.traffic,
  };
  if (st.repriceKind)
    out.reprice = { target: st.repriceTarget as string, total: priced.repriceTotal, complete: priced.repriceComplete };
  return out;
}

function priceBuckets(st: PricerState): PricedBuckets {
  const p: PricedBuckets = {
    cost: new Map(),
    repriced: new Map(),
    traffic: [],
    total: 0,
    repriceTotal: 0,
    repriceComplete: true,
  };
  for (const byModel of st.states.values())
    for (const s of byModel.values())
      for (const day of s.days.values()) for (const b of day.buckets.values()) priceBucket(st, p, s, day, b);
  return p;
}

function priceBucket(st: PricerState, p: PricedBuckets, s: ModelState, day: DayState, b: Bucket): void {
  const card = day.card as RateCard;
  const t = trafficOf(b);
  const priced = t ? priceApiOption(t, card) : undefined;
  if (typeof priced === "string") {
    // The offering cannot price this traffic (an embedding model asked for output tokens…).
    moveToUnpriced(st, b, s, priced);
    return;
  }
  const bucketCost = priced ? priced.cost : 0;
  p.total += bucketCost;
  let c = p.cost.get(b.group);
  if (!c) {
    c = { cost: 0, components: new Map() };
    p.cost.set(b.group, c);
  }
  c.cost += bucketCost;
  if (priced) addComponents(c.components, priced.components);
  if (t)
    p.traffic.push({
      provider: card.pid,
      offering: card.offering,
      model: s.name,
      date: day.date,
      group: b.group.key,
      traffic: t,
      cost: bucketCost,
      rows: b.rows,
    });
  if (st.repriceKind) repriceBucket(p, day, b, t, card);
}

/** --reprice: the bucket on its cheapest alternative that day (none: its rows are unavailable). */
function repriceBucket(p: PricedBuckets, day: DayState, b: Bucket, t: ApiTraffic | undefined, card: RateCard) {
  let r = p.repriced.get(b.group);
  if (!r) {
    r = { cost: 0, offerings: new Set(), unavailable: 0 };
    p.repriced.set(b.group, r);
  }
  let best: { cost: number; label: string } | undefined;
  if (!t) best = { cost: 0, label: `${card.pid}/${card.offering}` };
  else
    for (const alt of day.altCards) {
      const q = priceApiOption(t, alt);
      if (typeof q !== "string" && (!best || q.cost < best.cost))
        best = { cost: q.cost, label: `${alt.pid}/${alt.offering}` };
    }
  if (!best) {
    r.unavailable += b.rows;
    p.repriceComplete = false;
  } else {
    r.cost += best.cost;
    r.offerings.add(best.label);
    p.repriceTotal += best.cost;
  }
}

function moveToUnpriced(st: PricerState, b: Bucket, s: ModelState, reason: string) {
  st.movedRows += b.rows;
  const u = unpricedOf(st, s.provider, s.name, reason, b.firstFile, b.firstLine);
  u.rows += b.rows;
  u.requests += b.R;
  u.I += b.I;
  u.O += b.O;
  b.group.rowsUnpriced += b.rows;
}

/** One group of the report: its tokens, cost and components, the provider's cost, --reprice's. */
function groupOut(st: PricerState, g: GroupAcc, priced: PricedBuckets): UsageGroup {
  const c = priced.cost.get(g);
  const pc = g.providerCostRows > 0 ? exactValue(g.providerCost) : null;
  const gc = c?.cost ?? 0;
  const difference = pc !== null && pc !== 0 && c ? (gc - pc) / pc : null;
  const components = c
    ? [...c.components].map(([name, v]) => ({ name, quantity: v.quantity, unit: v.unit, cost: v.cost }))
    : [];
  const group: UsageGroup = {
    key: g.key,
    rows: g.rows,
    rows_unpriced: g.rowsUnpriced,
    requests: g.R,
    tokens: { input: g.I, cached: g.C, cache_write: g.W, output: g.O, reasoning: g.Z },
    cost: gc,
    components,
    provider_cost: pc,
    difference,
    flagged: difference !== null && Math.abs(difference) > st.threshold,
  };
  const r = priced.repriced.get(g);
  if (st.repriceKind)
    group.reprice = {
      target: st.repriceTarget as string,
      cost: r && r.unavailable === 0 ? r.cost : r ? null : c ? null : 0,
      offerings: r ? [...r.offerings].sort() : [],
      rows_unavailable: r?.unavailable ?? 0,
    };
  return group;
}

/** Every unpriced (provider, model, reason), most rows first. */
function unpricedOut(st: PricerState): UnpricedModel[] {
  return [...st.unpriced.values()]
    .sort((a, b) => b.rows - a.rows || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))
    .map(
      (u): UnpricedModel => ({
        model: u.model,
        provider: u.provider ?? null,
        reason: u.reason,
        rows: u.rows,
        requests: u.requests,
        input_tokens: u.I,
        output_tokens: u.O,
        first: whereAt(u.firstFile, u.firstLine),
      }),
    );
}

function unpricedWarnings(models: number, rows: number, top: number): string[] {
  const warnings: string[] = [];
  if (models > top) warnings.push(`${models - top} more unpriced models not listed (${models} in all)`);
  if (rows > 0)
    warnings.push(`${rows} rows could not be priced (${models} models): the total leaves them out, it is a floor`);
  return warnings;
}

function tokenTotals(st: PricerState): { requests: number; tokens: UsageReport["tokens"] } {
  const tokens = { input: 0, cached: 0, cache_write: 0, output: 0, reasoning: 0 };
  let requests = 0;
  for (const g of st.groups.values()) {
    tokens.input += g.I;
    tokens.cached += g.C;
    tokens.cache_write += g.W;
    tokens.output += g.O;
    tokens.reasoning += g.Z;
    requests += g.R;
  }
  return { requests, tokens };
}

/**
 * The bucket's traffic as the engine's per-request shape: R requests of the average prompt and
 * output. Undefined when there is nothing billable by tokens and no requests (a $0 bucket).
 */
function trafficOf(b: Bucket): ApiTraffic | undefined {
  if (b.I === 0 && b.O === 0 && (b.day.card?.request ?? 0) === 0) return undefined;
  const R = b.R > 0 ? b.R : 1;
  return {
    requests: R,
    input_tokens: b.I / R,
    output_tokens: (b.O - b.Z) / R,
    reasoning_tokens: b.Z / R,
    cached_input: b.I > 0 ? b.C / b.I : 0,
    cache_write: b.I > 0 ? b.W / b.I : 0,
    off_peak: b.offPeak ? 1 : 0,
    batch: b.batch,
    tier_prompt: b.prompt,
  };
}

function addComponents(into: ComponentSums, list: Component[]) {
  for (const c of list) {
    const v = into.get(c.name);
    if (v) {
      v.quantity += c.quantity;
      v.cost += c.cost;
    } else into.set(c.name, { quantity: c.quantity, unit: c.unit, cost: c.cost });
  }
}

/** Dates and months in time order; other keys by cost, largest first; ties by key. */
function compareGroups(by: GroupKey[]) {
  const timeFirst = by[0] === "day" || by[0] === "week" || by[0] === "month";
  return (a: UsageGroup, b: UsageGroup): number => {
    if (timeFirst) {
      const k = by[0] as string;
      const x = a.key[k] ?? "";
      const y = b.key[k] ?? "";
      if (x !== y) return x < y ? -1 : 1;
    }
    if (a.cost !== b.cost) return b.cost - a.cost;
    const ka = JSON.stringify(a.key);
    const kb = JSON.stringify(b.key);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
