import type { ApiModel, Catalog } from "../schema/catalog.js";
import type { Component } from "../schema/report.js";
import type { GroupKey, UnpricedModel, UsageGroup, UsageReport, UsageRow } from "../schema/usage.js";
import { type ApiTraffic, priceApiOption, type RateCard, rateCard } from "./inference.js";
import { absentNote, findOfferings, fxFactor, namesOf, type Offering, perUsd, resolvePrice } from "./resolve.js";

/**
 * Usage pricing (docs/usage.md): every row of a usage log priced at the catalog prices in force on
 * its own day, with the engine's API pricing (`priceApiOption`), so a row costs what `estimate`
 * would say for the same traffic on the same day.
 *
 * Speed (npm run bench: ten million rows): a row is not priced on its own. Its offering and the
 * rate card in force on its day are resolved once per (provider, model, day) and cached; the row
 * then only adds its tokens to a bucket of rows that share the card, the long-context tier, the
 * batch and off-peak flags and the group. Each bucket is priced once at the end. Pricing is linear
 * in the tokens within a bucket (same prices for every row of it), so the bucket's cost is the sum
 * of its rows' costs; a tier is an interval of prompt sizes, so a bucket's average prompt stays in
 * the tier its rows were put in.
 *
 * Worked example: two rows of gpt-4o-mini on 2026-10-14 ($0.15 in, $0.075 cached, $0.60 out per 1M),
 * 1,000 in (400 cached) / 200 out and 3,000 in / 600 out: one bucket of 2 requests, 4,000 input of
 * which 400 cached, 800 output: 3,600·0.15/1e6 + 400·0.075/1e6 + 800·0.60/1e6 = $0.00105.
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
interface ModelState {
  name: string;
  provider: string | undefined;
  offering: Offering | undefined;
  /** Why no offering: unknown model, unknown provider, ambiguous. */
  reason: string | undefined;
  alternatives: Offering[] | undefined;
  days: Map<string, DayState>;
}

/** The price in force for one offering on one day: a rate card, or why there is none. */
interface DayState {
  date: string;
  card: RateCard | undefined;
  reason: string | undefined;
  /** --reprice: the cards of the alternatives in force that day. */
  altCards: RateCard[];
  /** Off-peak window in minutes of the UTC day [start, end), may wrap midnight. */
  offPeak: [number, number] | undefined;
  buckets: Map<string, Bucket>;
}

interface Bucket {
  day: DayState;
  group: GroupAcc;
  batch: boolean;
  offPeak: boolean;
  /** The largest per-request prompt of its rows: it picks the tier (all rows of a bucket share one). */
  prompt: number;
  rows: number;
  R: number;
  I: number;
  C: number;
  W: number;
  O: number;
  Z: number;
  first: string;
}

interface GroupAcc {
  /** Its number as a string: part of its buckets' keys. */
  id: string;
  key: Record<string, string>;
  rows: number;
  rowsUnpriced: number;
  requests: number;
  I: number;
  C: number;
  W: number;
  O: number;
  Z: number;
  providerCost: number;
  providerCostRows: number;
}

interface UnpricedAcc {
  model: string;
  provider: string | undefined;
  reason: string;
  rows: number;
  requests: number;
  I: number;
  O: number;
  first: string;
}

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

export interface UsagePricer {
  /** Add one row; returns why it was refused (bad numbers), or undefined. */
  add(row: UsageRow): string | undefined;
  finish(): UsageTotals;
}

const DEFAULT_BY: GroupKey[] = ["model"];

function weekOf(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** `file:line` of a row, for the places in the report; made only when a row is the first of its kind. */
function whereOf(row: UsageRow): string {
  return row.file === undefined ? "" : row.line === undefined ? row.file : `${row.file}:${row.line}`;
}

function badCount(v: number | undefined): boolean {
  return v !== undefined && (typeof v !== "number" || !(v >= 0) || v === Number.POSITIVE_INFINITY);
}

const countNames = [
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "requests",
] as const;

/** Whether `s` starts with YYYY-MM-DD (checked by character: this runs once per row). */
function startsWithDate(s: string): boolean {
  if (typeof s !== "string" || s.length < 10) return false;
  for (let k = 0; k < 10; k++) {
    const c = s.charCodeAt(k);
    if (k === 4 || k === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  return true;
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
      if (badCount(v)) return `${name}: expected a non-negative number, found ${JSON.stringify(v)}`;
    }
  }
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
  const currency = opts.currency;
  const by = opts.by && opts.by.length > 0 ? [...opts.by] : DEFAULT_BY;
  const threshold = opts.diffThreshold ?? 0.05;
  const providerIds = new Set(catalog.providers.map((p) => p.provider.id));
  const states = new Map<string, Map<string, ModelState>>();
  const groups = new Map<string, GroupAcc>();
  const unpriced = new Map<string, UnpricedAcc>();
  const weeks = new Map<string, string>();
  const months = new Map<string, string>();
  const warnings: string[] = [];
  let rowsPriced = 0;
  let rowsCostOnly = 0;
  let minDate: string | undefined;
  let maxDate: string | undefined;

  const repriceTarget = opts.reprice;
  const repriceKind =
    repriceTarget === undefined
      ? undefined
      : repriceTarget === "cheapest"
        ? "cheapest"
        : providerIds.has(repriceTarget)
          ? "provider"
          : "model";

  function stateOf(provider: string | undefined, model: string): ModelState {
    const p = provider ?? "";
    let byModel = states.get(p);
    if (!byModel) {
      byModel = new Map();
      states.set(p, byModel);
    }
    let s = byModel.get(model);
    if (!s) {
      s = resolveModel(provider, model);
      byModel.set(model, s);
    }
    return s;
  }

  function resolveModel(provider: string | undefined, model: string): ModelState {
    const s: ModelState = {
      name: model,
      provider,
      offering: undefined,
      reason: undefined,
      alternatives: undefined,
      days: new Map(),
    };
    const pid = provider ?? opts.provider;
    let found = findOfferings(catalog, model);
    if (found.length === 0) {
      s.reason = "unknown model";
      return s;
    }
    if (pid !== undefined) {
      if (!providerIds.has(pid)) {
        s.reason = `unknown provider "${pid}"`;
        return s;
      }
      found = found.filter((o) => o.provider.provider.id === pid);
      if (found.length === 0) {
        s.reason = `${pid} does not offer this model in the catalog`;
        return s;
      }
    }
    // The offering whose own id is the name wins (gpt-4o-mini at openai, not an alias at azure);
    // else a single provider's; else the row is ambiguous: pricing it on a guessed host could be wrong.
    const key = model.toLowerCase();
    const exact = found.filter((o) => o.model.id === key);
    const pick = exact.length === 1 ? exact : new Set(found.map((o) => o.provider.provider.id)).size === 1 ? found : [];
    if (pick.length === 0) {
      const hosts = [...new Set(found.map((o) => o.provider.provider.id))].sort();
      s.reason = `ambiguous: offered by ${hosts.join(", ")}; name the provider (a provider column, or --provider)`;
      return s;
    }
    s.offering = pick[0];
    if (repriceKind) s.alternatives = alternativesOf(s.offering as Offering);
    return s;
  }

  function alternativesOf(o: Offering): Offering[] {
    if (repriceKind === "model") return [...findOfferings(catalog, repriceTarget as string)];
    const seen = new Set<ApiModel>();
    const out: Offering[] = [];
    for (const n of namesOf(o.model))
      for (const alt of findOfferings(catalog, n))
        if (!seen.has(alt.model)) {
          seen.add(alt.model);
          out.push(alt);
        }
    return repriceKind === "provider" ? out.filter((a) => a.provider.provider.id === repriceTarget) : out;
  }

  function cardAt(o: Offering, date: string): RateCard | string {
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

  function dayOf(s: ModelState, date: string): DayState {
    let d = s.days.get(date);
    if (d) return d;
    const card = cardAt(s.offering as Offering, date);
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
      const c = cardAt(alt, date);
      if (typeof c !== "string") d.altCards.push(c);
    }
    s.days.set(date, d);
    return d;
  }

  /**
   * The group of a row: a tree of maps, one level per --by key, so a row builds no key string (its
   * values are strings the reader keeps once, whose hashes are known).
   */
  const groupTree = new Map<string, unknown>();
  function groupOf(row: UsageRow, date: string, model: string, provider: string): GroupAcc {
    let node = groupTree;
    const last = by.length - 1;
    for (let k = 0; k < last; k++) {
      const v = fieldOf(by[k] as GroupKey, row, date, model, provider);
      let next = node.get(v) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(v, next);
      }
      node = next;
    }
    const v = fieldOf(by[last] as GroupKey, row, date, model, provider);
    let g = node.get(v) as GroupAcc | undefined;
    if (!g) {
      const key: Record<string, string> = {};
      for (const k of by) key[k] = fieldOf(k, row, date, model, provider);
      g = {
        id: `\u0001${groups.size}`,
        key,
        rows: 0,
        rowsUnpriced: 0,
        requests: 0,
        I: 0,
        C: 0,
        W: 0,
        O: 0,
        Z: 0,
        providerCost: 0,
        providerCostRows: 0,
      };
      node.set(v, g);
      groups.set(g.id, g);
    }
    return g;
  }

  function fieldOf(k: GroupKey, row: UsageRow, date: string, model: string, provider: string): string {
    switch (k) {
      case "model":
        return model;
      case "provider":
        return provider;
      case "day":
        return date;
      case "month": {
        let m = months.get(date);
        if (m === undefined) {
          m = date.slice(0, 7);
          months.set(date, m);
        }
        return m;
      }
      case "week": {
        let w = weeks.get(date);
        if (w === undefined) {
          w = weekOf(date);
          weeks.set(date, w);
        }
        return w;
      }
      default:
        return row[k] ?? "-";
    }
  }

  function addUnpriced(row: UsageRow, date: string, reason: string, R: number) {
    const key = `${row.provider ?? ""}\u0000${row.model}\u0000${reason}`;
    let u = unpriced.get(key);
    if (!u) {
      u = {
        model: row.model,
        provider: row.provider,
        reason,
        rows: 0,
        requests: 0,
        I: 0,
        O: 0,
        first: whereOf(row),
      };
      unpriced.set(key, u);
    }
    u.rows++;
    u.requests += R;
    u.I += row.input_tokens;
    u.O += row.output_tokens;
    const g = groupOf(row, date, row.model, row.provider ?? "-");
    g.rows++;
    g.rowsUnpriced++;
    g.requests += R;
    g.I += row.input_tokens;
    g.C += row.cached_tokens ?? 0;
    g.W += row.cache_write_tokens ?? 0;
    g.O += row.output_tokens;
    g.Z += row.reasoning_tokens ?? 0;
  }

  function add(row: UsageRow): string | undefined {
    const problem = rowProblem(row);
    if (problem) return problem;
    const ts = row.timestamp;
    const date = row.date ?? (ts.length === 10 ? ts : ts.slice(0, 10));
    if (minDate === undefined || date < minDate) minDate = date;
    if (maxDate === undefined || date > maxDate) maxDate = date;
    const R = row.requests ?? 1;
    const I = row.input_tokens;
    const O = row.output_tokens;
    const s = stateOf(row.provider, row.model);
    // Cost-only rows (a costs export: an amount and no tokens) add to the provider's cost only.
    if (I === 0 && O === 0 && row.cost !== undefined) {
      rowsCostOnly++;
      const g = groupOf(
        row,
        date,
        s.offering ? s.offering.model.id : row.model,
        s.offering ? s.offering.provider.provider.id : (row.provider ?? "-"),
      );
      g.providerCost += row.cost;
      g.providerCostRows++;
      return undefined;
    }
    if (!s.offering) {
      addUnpriced(row, date, s.reason ?? "unknown model", R);
      return undefined;
    }
    const day = dayOf(s, date);
    const card = day.card;
    if (!card) {
      addUnpriced(row, date, day.reason ?? "no price in force", R);
      return undefined;
    }
    const batch = row.batch === true;
    let off = false;
    if (day.offPeak && (row.minute !== undefined || ts.length >= 16) && !batch) {
      const m = row.minute ?? minutesOf(ts.slice(11, 16));
      const [a, b] = day.offPeak;
      off = a <= b ? m >= a && m < b : m >= a || m < b;
    }
    let tier = 0;
    let prompt = R > 0 ? I / R : I;
    if (row.long_context !== undefined) {
      const lastTier = card.tiers[card.tiers.length - 1];
      prompt = row.long_context && lastTier ? lastTier.above + 1 : 0;
    }
    if (card.tiers.length > 0) for (const t of card.tiers) if (prompt > t.above) tier = t.index + 1;
    const g = groupOf(row, date, card.offering, card.pid);
    const bk = tier === 0 && !batch && !off ? "" : `${tier}${batch ? "b" : ""}${off ? "o" : ""}`;
    const key = bk === "" ? g.id : bk + g.id;
    let b = day.buckets.get(key);
    if (!b) {
      b = {
        day,
        group: g,
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
        first: whereOf(row),
      };
      day.buckets.set(key, b);
    }
    const C = row.cached_tokens ?? 0;
    const W = row.cache_write_tokens ?? 0;
    const Z = row.reasoning_tokens ?? 0;
    b.rows++;
    if (prompt > b.prompt) b.prompt = prompt;
    b.R += R;
    b.I += I;
    b.C += C;
    b.W += W;
    b.O += O;
    b.Z += Z;
    g.rows++;
    g.requests += R;
    g.I += I;
    g.C += C;
    g.W += W;
    g.O += O;
    g.Z += Z;
    if (row.cost !== undefined) {
      g.providerCost += row.cost;
      g.providerCostRows++;
    }
    rowsPriced++;
    return undefined;
  }

  function finish(): UsageTotals {
    const cost = new Map<
      GroupAcc,
      { cost: number; components: Map<string, { quantity: number; unit: string; cost: number }> }
    >();
    const repriced = new Map<GroupAcc, { cost: number; offerings: Set<string>; unavailable: number }>();
    const traffic: PricedTraffic[] = [];
    let total = 0;
    let repriceTotal = 0;
    let repriceComplete = true;
    for (const byModel of states.values())
      for (const s of byModel.values())
        for (const day of s.days.values())
          for (const b of day.buckets.values()) {
            const card = day.card as RateCard;
            const t = trafficOf(b);
            const priced = t ? priceApiOption(t, card) : undefined;
            if (typeof priced === "string") {
              // The offering cannot price this traffic (an embedding model asked for output tokens…).
              moveToUnpriced(b, s, priced);
              continue;
            }
            const bucketCost = priced ? priced.cost : 0;
            total += bucketCost;
            let c = cost.get(b.group);
            if (!c) {
              c = { cost: 0, components: new Map() };
              cost.set(b.group, c);
            }
            c.cost += bucketCost;
            if (priced) addComponents(c.components, priced.components);
            if (t)
              traffic.push({
                provider: card.pid,
                offering: card.offering,
                model: s.name,
                date: day.date,
                group: b.group.key,
                traffic: t,
                cost: bucketCost,
                rows: b.rows,
              });
            if (repriceKind) {
              let r = repriced.get(b.group);
              if (!r) {
                r = { cost: 0, offerings: new Set(), unavailable: 0 };
                repriced.set(b.group, r);
              }
              let best: { cost: number; label: string } | undefined;
              if (!t) best = { cost: 0, label: `${card.pid}/${card.offering}` };
              else
                for (const alt of day.altCards) {
                  const p = priceApiOption(t, alt);
                  if (typeof p !== "string" && (!best || p.cost < best.cost))
                    best = { cost: p.cost, label: `${alt.pid}/${alt.offering}` };
                }
              if (!best) {
                r.unavailable += b.rows;
                repriceComplete = false;
              } else {
                r.cost += best.cost;
                r.offerings.add(best.label);
                repriceTotal += best.cost;
              }
            }
          }
    let providerCost = 0;
    let anyProviderCost = false;
    const outGroups: UsageGroup[] = [];
    for (const g of groups.values()) {
      const c = cost.get(g);
      const pc = g.providerCostRows > 0 ? g.providerCost : null;
      if (pc !== null) {
        anyProviderCost = true;
        providerCost += pc;
      }
      const gc = c?.cost ?? 0;
      const difference = pc !== null && pc !== 0 && c ? (gc - pc) / pc : null;
      const components = c
        ? [...c.components].map(([name, v]) => ({ name, quantity: v.quantity, unit: v.unit, cost: v.cost }))
        : [];
      const group: UsageGroup = {
        key: g.key,
        rows: g.rows,
        rows_unpriced: g.rowsUnpriced,
        requests: g.requests,
        tokens: { input: g.I, cached: g.C, cache_write: g.W, output: g.O, reasoning: g.Z },
        cost: gc,
        components,
        provider_cost: pc,
        difference,
        flagged: difference !== null && Math.abs(difference) > threshold,
      };
      const r = repriced.get(g);
      if (repriceKind)
        group.reprice = {
          target: repriceTarget as string,
          cost: r && r.unavailable === 0 ? r.cost : r ? null : c ? null : 0,
          offerings: r ? [...r.offerings].sort() : [],
          rows_unavailable: r?.unavailable ?? 0,
        };
      outGroups.push(group);
    }
    outGroups.sort(compareGroups(by));
    const unpricedList = [...unpriced.values()]
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
          first: u.first,
        }),
      );
    let rowsUnpriced = 0;
    for (const u of unpricedList) rowsUnpriced += u.rows;
    const top = opts.topUnpriced ?? 10;
    if (unpricedList.length > top)
      warnings.push(`${unpricedList.length - top} more unpriced models not listed (${unpricedList.length} in all)`);
    if (rowsUnpriced > 0)
      warnings.push(
        `${rowsUnpriced} rows could not be priced (${unpricedList.length} models): the total leaves them out, it is a floor`,
      );
    const tokens = { input: 0, cached: 0, cache_write: 0, output: 0, reasoning: 0 };
    let requests = 0;
    for (const g of groups.values()) {
      tokens.input += g.I;
      tokens.cached += g.C;
      tokens.cache_write += g.W;
      tokens.output += g.O;
      tokens.reasoning += g.Z;
      requests += g.requests;
    }
    const out: UsageTotals = {
      currency,
      by,
      period: minDate !== undefined && maxDate !== undefined ? { from: minDate, to: maxDate } : null,
      total,
      complete: rowsUnpriced === 0,
      rows_priced: rowsPriced - movedRows,
      rows_unpriced: rowsUnpriced,
      rows_cost_only: rowsCostOnly,
      requests,
      tokens,
      provider_cost: anyProviderCost ? providerCost : null,
      groups: outGroups,
      unpriced: unpricedList.slice(0, top),
      warnings,
      traffic,
    };
    if (repriceKind) out.reprice = { target: repriceTarget as string, total: repriceTotal, complete: repriceComplete };
    return out;
  }

  let movedRows = 0;
  function moveToUnpriced(b: Bucket, s: ModelState, reason: string) {
    movedRows += b.rows;
    const key = `${s.provider ?? ""}\u0000${s.name}\u0000${reason}`;
    let u = unpriced.get(key);
    if (!u) {
      u = { model: s.name, provider: s.provider, reason, rows: 0, requests: 0, I: 0, O: 0, first: b.first };
      unpriced.set(key, u);
    }
    u.rows += b.rows;
    u.requests += b.R;
    u.I += b.I;
    u.O += b.O;
    b.group.rowsUnpriced += b.rows;
  }

  return { add, finish };
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

function addComponents(into: Map<string, { quantity: number; unit: string; cost: number }>, list: Component[]) {
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
      if (problems.length < 100) problems.push({ where: whereOf(row), message: p });
    }
  }
  return { ...pricer.finish(), rows_invalid: invalid, problems };
}
