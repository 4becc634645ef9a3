import { daysBetween } from "../dates.js";
import type { Estimate } from "../schema/report.js";
import type { UsageAgainst } from "../schema/usage.js";
import type { UsageTotals } from "./usage.js";
import type { Tokens } from "./usage-state.js";

/**
 * From what was spent back to a workload (`usage --to-workload`), and actual against an estimate
 * (`usage --against`). Pure: totals in, plain values out.
 *
 * A fitted item per (provider, offering, batch): requests over the log window, and per request the
 * average input, output and reasoning tokens; the cached and cache-write shares of input; the share
 * of requests in an off-peak window. Priced by `estimate` at the window's last day, a steady log
 * comes back at its actual total: the same tokens at the same prices.
 *
 * Worked example (tests/fixtures/usage/steady.jsonl): 60 rows of 100 requests, 120,000 input
 * (60,000 cached) and 25,000 output tokens → one item of 6,000 requests of 1,200 input / 250 output,
 * cached_input 0.5: 6,000·(600·0.15 + 600·0.075 + 250·0.60) / 1e6 = $1.71, the actual total.
 */

export interface FittedItem {
  name: string;
  model: string;
  providers: string[];
  requests: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cached_input: number;
  cache_write: number;
  off_peak: number;
  batch: boolean;
  /** For the comments: requests per day over the window, and the busiest day. */
  requests_per_day: number;
  peak_day: { date: string; requests: number };
  actual_cost: number;
}

export interface FittedWorkload {
  name: string;
  as_of: string;
  currency: string;
  period: "month";
  window: { from: string; to: string; days: number };
  items: FittedItem[];
  actual_total: number;
}

/** Float noise (1e-15 of a dollar from the same price computed two ways) shown as the 0 it is. */
function snap(x: number): number {
  return Math.abs(x) < 1e-9 ? 0 : x;
}

/** Calendar days from `from` to `to`, both counted. */
function daysSpanned(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/** One fitted item's traffic summed over its buckets: (provider, offering, batch). */
interface FitAcc extends Tokens {
  provider: string;
  offering: string;
  batch: boolean;
  off: number;
  cost: number;
  byDay: Map<string, number>;
}

export function fitWorkload(totals: UsageTotals, name: string): FittedWorkload | undefined {
  if (!totals.period) return undefined;
  const { from, to } = totals.period;
  const days = daysSpanned(from, to);
  const items: FittedItem[] = [...fitAccs(totals).values()]
    .sort((x, y) => y.cost - x.cost || (x.offering < y.offering ? -1 : 1))
    .map((a) => fittedItem(a, from, days));
  // Cost-only rows (a provider's cost export) carry no traffic: a workload of no items is one llmcost refuses.
  if (items.length === 0) return undefined;
  return {
    name,
    as_of: to,
    currency: totals.currency,
    period: "month",
    window: { from, to, days },
    items,
    actual_total: items.reduce((s, i) => s + i.actual_cost, 0),
  };
}

/** The priced buckets' traffic, summed per (provider, offering, batch), with requests per day. */
function fitAccs(totals: UsageTotals): Map<string, FitAcc> {
  const accs = new Map<string, FitAcc>();
  for (const t of totals.traffic) {
    const key = `${t.provider}\u0000${t.offering}\u0000${t.traffic.batch}`;
    let a = accs.get(key);
    if (!a) {
      a = {
        provider: t.provider,
        offering: t.offering,
        batch: t.traffic.batch,
        R: 0,
        I: 0,
        C: 0,
        W: 0,
        O: 0,
        Z: 0,
        off: 0,
        cost: 0,
        byDay: new Map(),
      };
      accs.set(key, a);
    }
    const R = t.traffic.requests;
    const I = R * t.traffic.input_tokens;
    a.R += R;
    a.I += I;
    a.C += I * t.traffic.cached_input;
    a.W += I * t.traffic.cache_write;
    a.O += R * t.traffic.output_tokens;
    a.Z += R * t.traffic.reasoning_tokens;
    a.off += R * t.traffic.off_peak;
    a.cost += t.cost;
    a.byDay.set(t.date, (a.byDay.get(t.date) ?? 0) + R);
  }
  return accs;
}

/** One workload item: per-request averages, shares, requests per day of the window, the peak day. */
function fittedItem(a: FitAcc, from: string, days: number): FittedItem {
  let peak = { date: from, requests: 0 };
  for (const [date, r] of [...a.byDay].sort()) if (r > peak.requests) peak = { date, requests: r };
  return {
    name: `${a.provider}-${a.offering}${a.batch ? "-batch" : ""}`,
    model: a.offering,
    providers: [a.provider],
    requests: a.R,
    input_tokens: a.R > 0 ? a.I / a.R : 0,
    output_tokens: a.R > 0 ? a.O / a.R : 0,
    reasoning_tokens: a.R > 0 ? a.Z / a.R : 0,
    cached_input: a.I > 0 ? a.C / a.I : 0,
    cache_write: a.I > 0 ? a.W / a.I : 0,
    off_peak: a.R > 0 ? a.off / a.R : 0,
    batch: a.batch,
    requests_per_day: a.R / days,
    peak_day: peak,
    actual_cost: a.cost,
  };
}

/**
 * Actual against an estimate, per workload item: the actual traffic of the item's model (on its
 * pinned providers), scaled from the log window to the workload's period, and the difference split
 * in two causes that add up: volume = (R_actual − R_estimate) · cost per request estimated;
 * per request = R_actual · (cost per request actual − estimated) (tokens per request, cache share,
 * prices and provider together).
 */
export function compareAgainst(
  totals: UsageTotals,
  est: Estimate,
  periodDays: number,
  offeringsOf: (model: string) => ReadonlySet<string>,
): UsageAgainst {
  const windowDays = totals.period ? daysSpanned(totals.period.from, totals.period.to) : 1;
  const scale = periodDays / windowDays;
  const used = new Set<number>();
  const items = est.items
    .filter((it) => it.kind === "inference")
    .map((it) => {
      const names = offeringsOf(it.model);
      const pinned = it.selected?.provider;
      let R = 0;
      let cost = 0;
      let I = 0;
      let C = 0;
      totals.traffic.forEach((t, k) => {
        if (!names.has(t.offering)) return;
        used.add(k);
        R += t.traffic.requests;
        cost += t.cost;
        I += t.traffic.requests * t.traffic.input_tokens;
        C += t.traffic.requests * t.traffic.input_tokens * t.traffic.cached_input;
      });
      R *= scale;
      cost *= scale;
      I *= scale;
      C *= scale;
      const q = it.quantities;
      const Re = q?.requests ?? 0;
      const estCost = it.cost ?? 0;
      const perReqE = Re > 0 ? estCost / Re : 0;
      const perReqA = R > 0 ? cost / R : 0;
      return {
        name: it.name,
        model: it.model,
        provider: pinned ?? null,
        estimate: it.cost,
        actual: cost,
        difference: it.cost === null ? null : cost - estCost,
        causes: {
          volume: snap((R - Re) * perReqE),
          per_request: snap(R * (perReqA - perReqE)),
        },
        requests: { estimate: Re, actual: R },
        input_tokens_per_request: { estimate: Re > 0 ? (q?.input_tokens ?? 0) / Re : 0, actual: R > 0 ? I / R : 0 },
        cached_share: {
          estimate: q && q.input_tokens > 0 ? q.cached_input_tokens / q.input_tokens : 0,
          actual: I > 0 ? C / I : 0,
        },
      };
    });
  let unmatched = 0;
  totals.traffic.forEach((t, k) => {
    if (!used.has(k)) unmatched += t.cost * scale;
  });
  return {
    workload: est.workload,
    period: est.period,
    scale,
    estimate_total: est.total,
    actual_total: totals.total * scale,
    items,
    actual_not_in_workload: unmatched,
  };
}
