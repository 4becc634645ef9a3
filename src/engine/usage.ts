import type { Catalog } from "../schema/catalog.js";
import { isDayAt } from "../schema/primitive-checks.js";
import type { UsageRow } from "../schema/usage.js";
import { addExact } from "./exact-sum.js";
import type { RateCard } from "./inference.js";
import { mergePartial, type PricerPartial, partialOf } from "./usage-merge.js";
import {
  type Bucket,
  bucketOf,
  type DayState,
  dayOf,
  type GroupAcc,
  groupOf,
  minutesOf,
  newPricerState,
  type PricerState,
  stateOf,
  type UsageOptions,
  unpricedOf,
  whereAt,
} from "./usage-state.js";
import { finish, type UsageTotals } from "./usage-totals.js";

export type { UsageOptions } from "./usage-state.js";
export type { PricedTraffic, UsageTotals } from "./usage-totals.js";

/**
 * Usage pricing (docs/usage.md): every row of a usage log priced at the catalog prices in force on
 * its own day, with the engine's API pricing (`priceApiOption`), so a row costs what `estimate`
 * would say for the same traffic on the same day.
 *
 * Speed (npm run bench: ten million rows): a row is not priced on its own. Its offering and the
 * rate card in force on its day are resolved once per (provider, model, day) and cached
 * (usage-state.ts); the row then only adds its tokens to a bucket of rows that share the card, the
 * long-context tier, the batch and off-peak flags and the group. Each bucket is priced once at the
 * end (usage-totals.ts). Pricing is linear in the tokens within a bucket (same prices for every row
 * of it), so the bucket's cost is the sum of its rows' costs; a tier is an interval of prompt sizes,
 * so a bucket's average prompt stays in the tier its rows were put in.
 *
 * Worked example: two rows of gpt-4o-mini on 2026-10-14 ($0.15 in, $0.075 cached, $0.60 out per 1M),
 * 1,000 in (400 cached) / 200 out and 3,000 in / 600 out: one bucket of 2 requests, 4,000 input of
 * which 400 cached, 800 output: 3,600·0.15/1e6 + 400·0.075/1e6 + 800·0.60/1e6 = $0.00105.
 */

export interface UsagePricer {
  /** Add one row; returns why it was refused (bad numbers), or undefined. */
  add(row: UsageRow): string | undefined;
  finish(): UsageTotals;
  /** What was added up so far, as plain data for another thread (usage-merge.ts). */
  partial(): PricerPartial;
  /**
   * Add what a later part of the input added up (its lines after `lineOffset` lines); false when it
   * cannot be added exactly (a fractional count, here or there): then read that part here instead.
   */
  merge(p: PricerPartial, lineOffset: number): boolean;
}

/**
 * The largest count a row may hold: 2^53 − 1, the last whole number a float64 holds exactly. Past it
 * sums are no longer exact, and 1e308 tokens at a price per million overflow to Infinity (the report
 * then printed a null cost and "n/a" with exit 0). No real request or daily bucket comes near it.
 */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

function badCount(v: number | undefined): boolean {
  return v !== undefined && (typeof v !== "number" || !(v >= 0) || v > MAX_COUNT);
}

const countNames = [
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "requests",
] as const;

/** Whether `s` starts with a real day YYYY-MM-DD, 1900–9999 (checked by character: this runs once per row). */
function startsWithDate(s: string): boolean {
  return typeof s === "string" && s.length >= 10 && isDayAt(s, 0);
}

/**
 * A row's token counts must be finite, non-negative, and its parts must fit in its totals. Written
 * as plain comparisons, no list per row: it runs ten million times in the benchmark.
 */
export function rowProblem(row: UsageRow): string | undefined {
  if (
    badCount(row.input_tokens) ||
    badCount(row.output_tokens) ||
    badCount(row.cached_tokens) ||
    badCount(row.cache_write_tokens) ||
    badCount(row.reasoning_tokens) ||
    badCount(row.requests) ||
    typeof row.input_tokens !== "number" ||
    typeof row.output_tokens !== "number"
  ) {
    for (const name of countNames) {
      const v = row[name];
      if ((name === "input_tokens" || name === "output_tokens") && typeof v !== "number")
        return `${name}: expected a non-negative number, found ${JSON.stringify(v)}`;
      if (typeof v === "number" && v > MAX_COUNT)
        return `${name}: ${v} is past the largest count llmcost adds exactly (2^53 − 1 = 9007199254740991): check the log's units`;
      if (badCount(v)) return `${name}: expected a non-negative number, found ${JSON.stringify(v)}`;
    }
  }
  // A count of calls: 5e-324 requests made the prompt per request (input ÷ requests) infinite, and
  // the bucket's cost null in JSON.
  if (row.requests !== undefined && !Number.isInteger(row.requests))
    return `requests: expected a whole number of requests, found ${row.requests}`;
  if ((row.cached_tokens ?? 0) + (row.cache_write_tokens ?? 0) > row.input_tokens)
    return "cached_tokens + cache_write_tokens exceed input_tokens (input_tokens counts every prompt token)";
  if ((row.reasoning_tokens ?? 0) > row.output_tokens)
    return "reasoning_tokens exceed output_tokens (output_tokens counts reasoning too)";
  if (row.cost !== undefined && !Number.isFinite(row.cost)) return "cost: expected a number";
  if (typeof row.model !== "string" || row.model === "") return "model: missing";
  if (!startsWithDate(row.timestamp)) return "timestamp: expected a UTC date or time (YYYY-MM-DD…)";
  return undefined;
}

export function usagePricer(catalog: Catalog, opts: UsageOptions): UsagePricer {
  const st = newPricerState(catalog, opts);
  return {
    add: (row) => addRow(st, row),
    finish: () => finish(st),
    partial: () => partialOf(st),
    merge: (p, lineOffset) => {
      if (st.fractional || p.fractional) return false;
      mergePartial(st, p, lineOffset);
      return true;
    },
  };
}

/** Add one row to its bucket (or to the unpriced list); returns why it was refused, or undefined. */
function addRow(st: PricerState, row: UsageRow): string | undefined {
  const problem = rowProblem(row);
  if (problem) return problem;
  const ts = row.timestamp;
  const date = row.date ?? (ts.length === 10 ? ts : ts.slice(0, 10));
  if (st.minDate === undefined || date < st.minDate) st.minDate = date;
  if (st.maxDate === undefined || date > st.maxDate) st.maxDate = date;
  const s = stateOf(st, row.provider, row.model);
  // Cost-only rows (a costs export: an amount and no tokens) add to the provider's cost only.
  if (row.input_tokens === 0 && row.output_tokens === 0 && row.cost !== undefined) {
    st.rowsCostOnly++;
    const g = groupOf(
      st,
      row,
      date,
      s.offering ? s.offering.model.id : row.model,
      s.offering ? s.offering.provider.provider.id : (row.provider ?? "-"),
    );
    addExact(g.providerCost, row.cost);
    g.providerCostRows++;
    return undefined;
  }
  if (!s.offering) {
    addUnpriced(st, row, date, s.reason ?? "unknown model");
    return undefined;
  }
  const day = dayOf(st, s, date);
  const card = day.card;
  if (!card) {
    addUnpriced(st, row, date, day.reason ?? "no price in force");
    return undefined;
  }
  addPriced(st, row, date, day, card);
  return undefined;
}

/** A row with a card: into the bucket of its (tier, batch, off-peak, group), and into its group. */
function addPriced(st: PricerState, row: UsageRow, date: string, day: DayState, card: RateCard): void {
  const R = row.requests ?? 1;
  const I = row.input_tokens;
  const batch = row.batch === true;
  const off = day.offPeak !== undefined && !batch && isOffPeak(day.offPeak, row);
  let prompt = R > 0 ? I / R : I;
  if (row.long_context !== undefined) {
    const lastTier = card.tiers[card.tiers.length - 1];
    prompt = row.long_context && lastTier ? lastTier.above + 1 : 0;
  }
  let tier = 0;
  if (card.tiers.length > 0) for (const t of card.tiers) if (prompt > t.above) tier = t.index + 1;
  const g = groupOf(st, row, date, card.offering, card.pid);
  const b = bucketOf(day, g, tier, batch, off, row.file, row.line);
  b.rows++;
  if (prompt > b.prompt) b.prompt = prompt;
  if (!wholeCounts(row, R)) st.fractional = true;
  addTokens(b, row, R);
  addTokens(g, row, R);
  g.rows++;
  if (row.cost !== undefined) {
    addExact(g.providerCost, row.cost);
    g.providerCostRows++;
  }
  st.rowsPriced++;
}

/** Whether the row's time of day (its minute, or HH:MM of its timestamp) is in the off-peak window. */
function isOffPeak(window: [number, number], row: UsageRow): boolean {
  const ts = row.timestamp;
  if (row.minute === undefined && ts.length < 16) return false;
  const m = row.minute ?? minutesOf(ts.slice(11, 16));
  const [a, b] = window;
  return a <= b ? m >= a && m < b : m >= a || m < b;
}

/**
 * Whether all of a row's counts are whole numbers (they are, in every log we know): then the sums
 * are exact and do not depend on the order of the rows, which merging ranges needs (usage-merge.ts).
 */
function wholeCounts(row: UsageRow, R: number): boolean {
  return (
    Number.isInteger(R) &&
    Number.isInteger(row.input_tokens) &&
    Number.isInteger(row.output_tokens) &&
    Number.isInteger(row.cached_tokens ?? 0) &&
    Number.isInteger(row.cache_write_tokens ?? 0) &&
    Number.isInteger(row.reasoning_tokens ?? 0)
  );
}

function addTokens(into: Bucket | GroupAcc, row: UsageRow, R: number): void {
  into.R += R;
  into.I += row.input_tokens;
  into.C += row.cached_tokens ?? 0;
  into.W += row.cache_write_tokens ?? 0;
  into.O += row.output_tokens;
  into.Z += row.reasoning_tokens ?? 0;
}

/** A row that cannot be priced: counted under its (provider, model, reason) and in its group. */
function addUnpriced(st: PricerState, row: UsageRow, date: string, reason: string): void {
  const R = row.requests ?? 1;
  const u = unpricedOf(st, row.provider, row.model, reason, row.file, row.line);
  u.rows++;
  u.requests += R;
  u.I += row.input_tokens;
  u.O += row.output_tokens;
  const g = groupOf(st, row, date, row.model, row.provider ?? "-");
  g.rows++;
  g.rowsUnpriced++;
  if (!wholeCounts(row, R)) st.fractional = true;
  addTokens(g, row, R);
}

/** Library entry point: price an async (or plain) iterable of usage rows. Refused rows are counted. */
export async function priceUsage(
  rows: AsyncIterable<UsageRow> | Iterable<UsageRow>,
  catalog: Catalog,
  opts: UsageOptions,
): Promise<UsageTotals & { rows_invalid: number; problems: Array<{ where: string; message: string }> }> {
  const pricer = usagePricer(catalog, opts);
  let invalid = 0;
  const problems: Array<{ where: string; message: string }> = [];
  for await (const row of rows) {
    const p = pricer.add(row);
    if (p !== undefined) {
      invalid++;
      if (problems.length < 100) problems.push({ where: whereAt(row.file, row.line), message: p });
    }
  }
  return { ...pricer.finish(), rows_invalid: invalid, problems };
}
