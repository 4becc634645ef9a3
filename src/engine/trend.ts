import { DAY_MS, dayNumber, daysBetween, isoOfDay } from "../dates.js";
import type { Catalog, CatalogProvider, GpuPrice, ModelPrice } from "../schema/catalog.js";
import type { TrendEvent, TrendPoint, TrendSeries, TrendSummary } from "../schema/trend.js";
import { looseName, resolveModelName, splitProvider } from "./names.js";
import { fxFactor, type Offering, resolvePrice, sourceOf } from "./resolve.js";

/**
 * Price trends (DESIGN.md "Trends"): the history of one offering, or of the cheapest of several, as a
 * step series in the report currency, with the change at each step, the total change and the
 * annualised rate. Pure: the window ("today" included) and the currency are parameters.
 *
 * A point exists at each date the metric's value changes: an entry's `from`, an entry's `until`, or
 * the day a provider's list in the report currency starts or stops (the series then switches list).
 * A price from another currency's list is converted at the exchange rate in force on the point's
 * date, so the window-end point carries the exchange rate of that day too.
 */

export type Metric = "input" | "output" | "blended" | "on_demand" | "spot";
/** Token metrics (per 1M tokens) for API offerings. */
export const METRICS: readonly Metric[] = ["input", "output", "blended"];
/** GPU metrics (per GPU-hour) for GPU offers: the on-demand and the spot price. */
export const GPU_METRICS: readonly Metric[] = ["on_demand", "spot"];

/**
 * What a series is drawn from: an API offering, or a GPU offer seen as one (its id is the instance
 * name, its prices are per GPU-hour). An `Offering` is a `Priced`.
 */
export interface Priced {
  provider: CatalogProvider;
  model: { id: string; aliases?: string[] | undefined; prices: ReadonlyArray<ModelPrice | GpuPrice> };
}

/** Blended price: three input tokens for one output token, per 1M tokens. */
export function blended(input: number, output: number): number {
  return (3 * input + output) / 4;
}

/** The metric of a price entry, in the entry's own currency; undefined when the entry lacks it. */
export function metricOf(entry: ModelPrice | GpuPrice, metric: Metric): number | undefined {
  const e = entry as Partial<ModelPrice & GpuPrice>;
  if (metric === "on_demand") return e.on_demand;
  if (metric === "spot") return e.spot;
  if (e.free === true) return 0;
  if (metric === "input") return e.input;
  if (metric === "output") return e.output;
  return e.input !== undefined && e.output !== undefined ? blended(e.input, e.output) : undefined;
}

export { dayNumber, daysBetween, isoOfDay };

/** `iso` plus `n` calendar months, the day clamped to the month's last day (2024-01-31 + 1 = 2024-02-29). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return isoOfDay(Date.UTC(ny, nm, Math.min(d, last)) / DAY_MS);
}

/**
 * Annualised rate of change: (p_end / p_start)^(365 / days) − 1. Null when it has no meaning: no
 * elapsed days or a zero start price. Example: 7.5 → 4.375 over 142 days = (0.58333)^(2.5704) − 1 = −75.0%.
 */
export function annualRate(pStart: number, pEnd: number, days: number): number | null {
  if (days <= 0 || pStart <= 0) return null;
  return (pEnd / pStart) ** (365 / days) - 1;
}

export type { TrendEvent, TrendPoint, TrendSummary };
/** A series as the engine builds it (the CLI may add a forecast). */
export type Series = Omit<TrendSeries, "forecast">;
type PointEvent = TrendPoint["event"];

export interface TrendWindow {
  since: string;
  until: string;
}

export interface SeriesOptions {
  metric: Metric;
  currency: string;
  window: TrendWindow;
}

interface Sample {
  price: number;
  /** The metric in the list's own currency, before conversion. */
  listed: number;
  provider: string;
  offering: string;
  entry_from: string;
  source: string;
  list_currency: string;
  fx: number;
}

/** The metric of an offering on `date` in the report currency; a reason string when it has none. */
function sampleAt(o: Priced, date: string, opts: SeriesOptions, rates: Catalog["rates"]): Sample | string {
  const home = o.provider.provider.currency;
  const r = resolvePrice(o.model.prices, date, opts.currency, home);
  if (!r) return "not offered";
  const v = metricOf(r.entry, opts.metric);
  if (v === undefined) return `no ${opts.metric} price`;
  const fx = fxFactor(rates, r.currency, opts.currency, date);
  if (fx === undefined) return `no ${r.currency}→${opts.currency} exchange rate on ${date}`;
  return {
    price: v * fx,
    listed: v,
    provider: o.provider.provider.id,
    offering: o.model.id,
    entry_from: r.entry.from,
    source: sourceOf(o.provider, r.entry),
    list_currency: r.currency,
    fx,
  };
}

/** Every date on which an offering's price may change inside the window, plus the window's first day. */
function changeDates(offerings: readonly Priced[], w: TrendWindow): string[] {
  const set = new Set<string>([w.since]);
  for (const o of offerings)
    for (const e of o.model.prices)
      for (const d of [e.from, e.until]) if (d !== undefined && d > w.since && d <= w.until) set.add(d);
  return [...set].sort();
}

function toPoint(s: Sample, date: string, event: PointEvent, prev: TrendPoint | undefined): TrendPoint {
  const p: TrendPoint = {
    date,
    price: s.price,
    change: prev && prev.price > 0 ? s.price / prev.price - 1 : null,
    event,
    provider: s.provider,
    offering: s.offering,
    entry_from: s.entry_from,
    source: s.source,
    list_currency: s.list_currency,
  };
  if (s.fx !== 1) p.fx_rate = s.fx;
  return p;
}

/**
 * The step series of the cheapest in-force offering among `offerings` (one offering: its own
 * history). A new point when the price or the cheapest offering changes; ties keep the earlier
 * leader, so the series does not flicker.
 */
export function seriesOf(
  label: string,
  kind: Series["kind"],
  offerings: readonly Priced[],
  catalog: Pick<Catalog, "rates">,
  opts: SeriesOptions,
): Series {
  const notes: string[] = [];
  const points: TrendPoint[] = [];
  const members = offerings.map((o) => `${o.provider.provider.id}/${o.model.id}`);
  let last: Sample | undefined;
  let gapReasons = new Set<string>();
  for (const date of changeDates(offerings, opts.window)) {
    let best: Sample | undefined;
    const reasons = new Set<string>();
    for (const o of offerings) {
      const s = sampleAt(o, date, opts, catalog.rates);
      if (typeof s === "string") {
        if (s !== "not offered") reasons.add(`${o.provider.provider.id}/${o.model.id}: ${s}`);
        continue;
      }
      const wasLeader = last !== undefined && s.provider === last.provider && s.offering === last.offering;
      if (!best || s.price < best.price || (s.price === best.price && wasLeader)) best = s;
    }
    const prev = points[points.length - 1];
    if (!best) {
      // Nothing in force: the offering ended (or has not started, or cannot be converted).
      if (prev && prev.event !== "ended" && last) points.push({ ...toPoint(last, date, "ended", prev), change: 0 });
      last = undefined;
      gapReasons = reasons;
      continue;
    }
    // The same listed price of the same offering and list is no step, whatever the exchange rate did.
    const same =
      last !== undefined &&
      prev !== undefined &&
      prev.event !== "ended" &&
      best.listed === last.listed &&
      best.list_currency === last.list_currency &&
      best.offering === last.offering &&
      best.provider === last.provider;
    if (!same)
      points.push(toPoint(best, date, points.length === 0 || prev?.event === "ended" ? "start" : "change", prev));
    last = best;
  }
  for (const r of gapReasons) notes.push(r);
  const tail = points[points.length - 1];
  if (tail && tail.event !== "ended" && tail.date < opts.window.until && last) {
    // Still in force on the window's last day: a closing point so the rate covers the whole window.
    const end = sampleAt(
      offerings.find((o) => o.provider.provider.id === last?.provider && o.model.id === last?.offering) as Priced,
      opts.window.until,
      opts,
      catalog.rates,
    );
    const s = typeof end === "string" ? last : end;
    points.push(toPoint(s, opts.window.until, "end", tail));
  }
  if (points.length === 0) notes.push(`no ${opts.metric} price between ${opts.window.since} and ${opts.window.until}`);
  return { label, kind, members, points, summary: summaryOf(points), notes };
}

/**
 * First point to last: total change and annual rate. A series that ended and restarted is measured
 * from its first to its last point all the same (the gap is in the points).
 */
export function summaryOf(points: readonly TrendPoint[]): TrendSummary | null {
  const a = points[0];
  const b = points[points.length - 1];
  if (!a || !b) return null;
  const days = daysBetween(a.date, b.date);
  return {
    start: { date: a.date, price: a.price },
    end: { date: b.date, price: b.price },
    days,
    total_change: a.price > 0 ? b.price / a.price - 1 : null,
    annual_rate: annualRate(a.price, b.price, days),
  };
}

/**
 * Offerings a user names (src/engine/names.ts: `provider/model`, any case, dotted versions, Hugging
 * Face ids, snapshots). Of the matches, those whose id is the name win (gpt-4o on openai, not the
 * resellers and dated snapshots that alias it); otherwise every match (llama-3.1-70b on every host).
 */
export function offeringsNamed(catalog: Catalog, name: string): Offering[] {
  const r = resolveModelName(catalog, name);
  if (r.kind !== "found") return [];
  const rest = looseName(splitProvider(catalog, name)?.rest ?? name);
  const byId = r.offerings.filter((o) => looseName(o.model.id) === rest);
  return byId.length ? byId : [...r.offerings];
}

/**
 * The GPU offers of an accelerator (`h100-sxm`) at every provider, each seen as a `Priced` whose id
 * is the instance name (the accelerator key when the offer names none) and whose alias is the
 * accelerator key, so events naming the GPU key concern it. Two offers of a provider with the same
 * instance name (regions) get the region appended to stay apart.
 */
export function gpuOfferings(catalog: Pick<Catalog, "providers">, gpu: string): Priced[] {
  const q = gpu.toLowerCase();
  const out: Priced[] = [];
  for (const p of catalog.providers) {
    const seen = new Set<string>();
    for (const g of p.gpus ?? []) {
      if (g.gpu.toLowerCase() !== q) continue;
      let id = g.instance ?? g.gpu;
      if (seen.has(id) && g.region) id = `${id} (${g.region})`;
      seen.add(id);
      out.push({ provider: p, model: { id, aliases: [g.gpu], prices: g.prices } });
    }
  }
  return out;
}

/** Offerings whose `family` is `name` or whose `tags` include it (case-insensitive), in catalog order. */
export function offeringsInFamily(catalog: Catalog, name: string): Offering[] {
  const q = name.toLowerCase();
  const out: Offering[] = [];
  for (const p of catalog.providers)
    for (const m of p.models ?? [])
      if (m.family?.toLowerCase() === q || (m.tags ?? []).some((t) => t.toLowerCase() === q))
        out.push({ provider: p, model: m });
  return out;
}

/** Every family and tag in the catalog, for "did you mean". */
export function familyNames(catalog: Catalog): string[] {
  const s = new Set<string>();
  for (const p of catalog.providers)
    for (const m of p.models ?? []) {
      if (m.family) s.add(m.family);
      for (const t of m.tags ?? []) s.add(t);
    }
  return [...s].sort();
}

/** Token-priced offerings of a provider (embeddings included when the metric allows: input). */
export function offeringsOfProvider(catalog: Catalog, id: string): Offering[] {
  const p = catalog.providers.find((c) => c.provider.id === id);
  return (p?.models ?? []).map((m) => ({ provider: p as NonNullable<typeof p>, model: m }));
}

/** Built-in views: a name, the offerings (by tag), the currency and the window they are read in. */
export interface Preset {
  id: string;
  title: string;
  tag: string;
  currency: string;
  since: string;
  until: string;
  /** The metric the view is read in unless --metric says otherwise. */
  metric: Metric;
}

export const PRESETS: readonly Preset[] = [
  {
    id: "china-2024",
    title: "The May 2024 China API price war",
    tag: "china-2024",
    currency: "CNY",
    since: "2024-01-01",
    until: "2024-12-31",
    // Input: before the war most Chinese lists had one rate for input and output, and the cuts were
    // announced on the input price (Qwen-Long ¥20 → ¥0.5); pre-war output prices are often unknown.
    metric: "input",
  },
];

export interface TrendRequest {
  /** One entry per series: a label, whether it is a cheapest-of series, and its offerings. */
  groups: Array<{ label: string; kind: Series["kind"]; offerings: Priced[] }>;
  metric: Metric;
  currency: string;
  window: TrendWindow;
}

export interface Trend {
  currency: string;
  metric: Metric;
  window: TrendWindow;
  series: Series[];
  events: TrendEvent[];
}

/** Does a provider's event concern this offering? No `offerings` list: every offering of the provider. */
function eventConcerns(offerings: readonly string[] | undefined, o: Priced): boolean {
  if (!offerings?.length) return true;
  const names = [o.model.id, ...(o.model.aliases ?? [])];
  return offerings.some((n) => names.includes(n));
}

/**
 * The catalog's events inside the window that concern the offerings drawn, oldest first (then by
 * provider and title, so the order is byte-stable), each with the labels of the series it concerns.
 */
export function eventsFor(
  catalog: Pick<Catalog, "providers">,
  groups: TrendRequest["groups"],
  window: TrendWindow,
): TrendEvent[] {
  const out: TrendEvent[] = [];
  for (const p of catalog.providers)
    for (const ev of p.events ?? []) {
      if (ev.date < window.since || ev.date > window.until) continue;
      const series = groups
        .filter((g) =>
          g.offerings.some((o) => o.provider.provider.id === p.provider.id && eventConcerns(ev.offerings, o)),
        )
        .map((g) => g.label);
      if (series.length === 0) continue;
      const e: TrendEvent = {
        date: ev.date,
        provider: p.provider.id,
        kind: ev.kind,
        title: ev.title,
        offerings: ev.offerings ?? [],
        series,
        source: ev.source,
      };
      out.push(e);
    }
  const key = (e: TrendEvent) => `${e.date}|${e.provider}|${e.title}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Build every series of a request. Offerings without the metric in the window give empty series with a note. */
export function trend(catalog: Pick<Catalog, "rates" | "providers">, req: TrendRequest): Trend {
  const opts: SeriesOptions = { metric: req.metric, currency: req.currency, window: req.window };
  return {
    currency: req.currency,
    metric: req.metric,
    window: req.window,
    series: req.groups.map((g) => seriesOf(g.label, g.kind, g.offerings, catalog, opts)),
    events: eventsFor(catalog, req.groups, req.window),
  };
}
