import { daysBetween } from "../dates.js";
import type { Catalog } from "../schema/catalog.js";
import { type OverItem, type OverPoint, type OverReport, pricedKey } from "../schema/trend.js";
import type { Workload } from "../schema/workload.js";
import { estimate } from "./estimate.js";
import { addMonths, annualRate } from "./trend.js";
import type { EstimateOptions, Problem } from "./types.js";

/**
 * A workload's cost over time (`estimate --over A..B --step quarter`): the same workload priced by
 * the ordinary `estimate()` at each date, each item on its cheapest provider of that day. An item
 * whose model has no price yet on a date is "not yet" there, not an error; it is left out of that
 * date's total, so the annual rate is measured only over dates that price the same items (see
 * `comparableFrom`).
 */

export type Step = "month" | "quarter" | "year";
export const STEPS: readonly Step[] = ["month", "quarter", "year"];
const MONTHS: Record<Step, number> = { month: 1, quarter: 3, year: 12 };

/** The most dates one `--over` run prices: 100 years by month. Each date is a whole estimate. */
export const MAX_OVER_DATES = 1200;

/** How many dates `stepDates(from, to, step)` returns, without making them (from ≤ to). */
export function stepCount(from: string, to: string, step: Step): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  const n = Math.floor((ty * 12 + tm - (fy * 12 + fm)) / MONTHS[step]);
  return n + 2; // an upper bound: k = 0..n, and `to` itself
}

/**
 * A, A+step, A+2·step, … up to B, then B itself when the steps do not land on it. Bounded by B, so
 * with B ≤ DATE_MAX every date is printable; callers check `stepCount` against MAX_OVER_DATES.
 */
export function stepDates(from: string, to: string, step: Step): string[] {
  const out: string[] = [];
  const last = stepCount(from, to, step) - 2;
  for (let k = 0; k <= last; k++) {
    const d = addMonths(from, k * MONTHS[step]);
    if (d > to) break;
    out.push(d);
  }
  if (out[out.length - 1] !== to && from <= to) out.push(to);
  return out;
}

export type { OverItem, OverPoint };
/** The series as the engine builds it; the CLI adds the version, kind and catalog. */
export type Over = Omit<OverReport, "llmcost" | "kind" | "catalog">;

export interface OverOptions extends Omit<EstimateOptions, "asOf"> {
  from: string;
  to: string;
  step: Step;
}

/**
 * Price `workload` at every step. Problems other than "no price yet" (an unknown model, provider or
 * currency) are returned once, from the first date that raised them, for the caller to place.
 */
export function estimateOver(
  workload: Workload,
  catalog: Catalog,
  opts: OverOptions,
): { over: Over; problems: Problem[] } {
  const points: OverPoint[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const noRate: string[] = [];
  for (const date of stepDates(opts.from, opts.to, opts.step)) {
    const { estimate: e, problems: ps } = estimate(workload, catalog, { ...opts, asOf: date });
    const notYet = new Set<string>();
    let currencyMissing = false;
    for (const p of ps) {
      if (p.kind === "before_first_price") {
        notYet.add(JSON.stringify(p.path.slice(0, 2)));
        continue;
      }
      if (p.kind === "unknown_currency" && p.message.startsWith("no ")) {
        // The currency is known but its rates start later: this date cannot be converted.
        currencyMissing = true;
        continue;
      }
      const key = `${p.kind}:${JSON.stringify(p.path)}`;
      if (!seen.has(key)) problems.push(p);
      seen.add(key);
    }
    if (currencyMissing) {
      noRate.push(date);
      continue;
    }
    const items: OverItem[] = [];
    const sources: OverPoint["sources"] = [];
    const kinds = { inference: 0, training: 0 };
    for (const it of e.items) {
      const idx = kinds[it.kind === "training" ? "training" : "inference"]++;
      const path = JSON.stringify([it.kind === "training" ? "training" : "inference", idx]);
      const selected = it.options[0];
      if (it.status === "priced" && selected) {
        items.push({
          name: it.name,
          status: "priced",
          cost: it.cost,
          provider: selected.provider,
          offering: selected.offering,
        });
        sources.push({
          item: it.name,
          provider: selected.provider,
          offering: selected.offering,
          entry_from: selected.price_from ?? date,
          source: selected.source ?? "",
        });
      } else items.push({ name: it.name, status: notYet.has(path) ? "not_yet" : "not_priced", cost: null });
    }
    // Nothing priced on this date: no total (null), not $0 (issue 13).
    const total = items.some((i) => i.status === "priced") ? e.total : null;
    points.push({ date, total, complete: items.every((i) => i.status === "priced"), items, sources });
  }
  const warnings: string[] = [];
  if (noRate.length)
    warnings.push(`no ${opts.currency} exchange rate on ${noRate.join(", ")}: those dates are left out of the series`);
  return {
    over: {
      workload: workload.name ?? "workload",
      currency: opts.currency,
      period: workload.period,
      step: opts.step,
      from: opts.from,
      to: opts.to,
      points,
      comparable: comparableFrom(points),
      warnings,
    },
    problems,
  };
}

/**
 * The span the rate is measured over: among the runs of consecutive dates that price the same
 * (non-empty) set of items, the one pricing the most items, then the longest, then the latest.
 * Rate = (total_end / total_start)^(365/days) − 1. Null when no run spans two dates.
 */
export function comparableFrom(points: readonly OverPoint[]): Over["comparable"] {
  let best: { a: number; b: number; items: number; days: number } | undefined;
  let a = 0;
  for (let b = 0; b < points.length; b++) {
    const key = pricedKey(points[b] as OverPoint);
    const next = points[b + 1];
    if (next && pricedKey(next) === key) continue;
    // points[a..b] is a maximal run with the same priced set.
    const items = key === "" ? 0 : key.split("\u0000").length;
    const days = daysBetween((points[a] as OverPoint).date, (points[b] as OverPoint).date);
    if (items > 0 && days > 0 && (!best || items > best.items || (items === best.items && days >= best.days)))
      best = { a, b, items, days };
    a = b + 1;
  }
  if (!best) return null;
  const first = points[best.a] as OverPoint;
  const last = points[best.b] as OverPoint;
  return {
    from: first.date,
    to: last.date,
    days: best.days,
    // A run prices at least one item, so both totals are numbers.
    total_change: (first.total ?? 0) > 0 ? (last.total ?? 0) / (first.total ?? 0) - 1 : null,
    annual_rate: annualRate(first.total ?? 0, last.total ?? 0, best.days),
  };
}

export { pricedKey };
