import { dayNumber, isoOfDay } from "../../engine/trend.js";
import { monthsBefore } from "../../load/lint.js";
import { percent, textWidth, wrap } from "../../report/format.js";
import { type Column, type Row, renderRows } from "../../report/rows.js";
import type { Catalog } from "../../schema/catalog.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, renderOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface CatalogStats {
  catalog: { name: string; version: string; digest: string };
  as_of: string;
  providers: { total: number; api: number; gpu: number };
  offerings: { total: number; api: number; gpu: number; by_kind: Record<string, number>; free: number };
  price_points: number;
  dates: { first: string | null; last: string | null };
  currencies: string[];
  /** Offerings whose latest price entry is dated within the 6 months before `as_of`. */
  recent: { since: string; offerings: number; share: number };
  /** Offerings whose newest observation (an entry's `from` or `checked`) is within the 90 days before `as_of`. */
  confirmed_90d: { since: string; offerings: number; share: number };
  accelerators: number;
  architectures: number;
  per_provider: Array<{
    provider: string;
    api: number;
    gpu: number;
    price_points: number;
    currency: string;
    /** The newest observation of any of its prices: an entry's `from` or `checked` date. */
    latest: string | null;
    /** Its offerings confirmed within the 90 days before `as_of` (see `confirmed_90d`). */
    confirmed_90d: { offerings: number; share: number };
  }>;
}

/** The day `n` days before `iso`. */
function daysBefore(iso: string, n: number): string {
  return isoOfDay(dayNumber(iso) - n);
}

/**
 * Coverage figures of a catalog on a day. "Priced within the last 6 months" counts offerings whose
 * newest price observation (an entry's `from`, or its `checked` date, in any currency) falls in the
 * 6 months up to `asOf`: a fresh observation, not merely a price still in force.
 */
export function catalogStats(catalog: Catalog, asOf: string): CatalogStats {
  const since = monthsBefore(asOf, 6);
  const since90 = daysBefore(asOf, 90);
  let fresh = 0;
  const currencies = new Set<string>();
  const byKind: Record<string, number> = {};
  let api = 0;
  let gpu = 0;
  let points = 0;
  let free = 0;
  let recent = 0;
  let first: string | null = null;
  let last: string | null = null;
  const see = (d: string) => {
    if (d > asOf) return;
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  };
  const perProvider: CatalogStats["per_provider"] = [];
  for (const p of catalog.providers) {
    currencies.add(p.provider.currency);
    let pPoints = 0;
    let pLatest: string | null = null;
    let pFresh = 0;
    const offering = (
      entries: ReadonlyArray<{ from: string; checked?: string | undefined; currency?: string | undefined }>,
    ) => {
      let newest: string | null = null;
      for (const e of entries) {
        if (e.currency) currencies.add(e.currency);
        see(e.from);
        if (e.from > asOf) continue;
        // A `checked` date counts as a fresh observation of the same price (never one after asOf).
        const seen = e.checked !== undefined && e.checked > e.from && e.checked <= asOf ? e.checked : e.from;
        if (newest === null || seen > newest) newest = seen;
      }
      pPoints += entries.length;
      if (newest !== null && newest >= since) recent++;
      if (newest !== null && newest >= since90) pFresh++;
      if (newest !== null && (pLatest === null || newest > pLatest)) pLatest = newest;
    };
    for (const m of p.models ?? []) {
      api++;
      const k = m.kind ?? "chat";
      byKind[k] = (byKind[k] ?? 0) + 1;
      if (m.prices.some((e) => e.free)) free++;
      offering(m.prices);
    }
    for (const g of p.gpus ?? []) {
      gpu++;
      offering(g.prices);
    }
    points += pPoints;
    fresh += pFresh;
    const pTotal = (p.models?.length ?? 0) + (p.gpus?.length ?? 0);
    perProvider.push({
      provider: p.provider.id,
      api: p.models?.length ?? 0,
      gpu: p.gpus?.length ?? 0,
      price_points: pPoints,
      currency: p.provider.currency,
      latest: pLatest,
      confirmed_90d: { offerings: pFresh, share: pTotal ? pFresh / pTotal : 0 },
    });
  }
  const total = api + gpu;
  return {
    catalog: { name: catalog.name, version: catalog.version, digest: catalog.digest },
    as_of: asOf,
    providers: {
      total: catalog.providers.length,
      api: catalog.providers.filter((p) => (p.models?.length ?? 0) > 0).length,
      gpu: catalog.providers.filter((p) => (p.gpus?.length ?? 0) > 0).length,
    },
    offerings: { total, api, gpu, by_kind: Object.fromEntries(Object.entries(byKind).sort()), free },
    price_points: points,
    dates: { first, last },
    currencies: [...currencies].sort(),
    recent: { since, offerings: recent, share: total ? recent / total : 0 },
    confirmed_90d: { since: since90, offerings: fresh, share: total ? fresh / total : 0 },
    accelerators: catalog.accelerators.length,
    architectures: catalog.models.length,
    per_provider: perProvider,
  };
}

export interface StatsFlags extends CommonFlags {
  providers?: boolean;
}

/**
 * `llmcost catalog stats`: providers, offerings, price points, date span, currencies, freshness; then,
 * per provider, its newest confirmation and the share of its offerings confirmed within 90 days
 * (`--no-providers` leaves that table out).
 */
export function runCatalogStats(flags: StatsFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, ["table", "json", "markdown"]);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const s = catalogStats(catalogFor(io, flags.catalog), asOf);
  if (format === "json") return { stdout: `${JSON.stringify(s, null, 2)}\n` };
  const kinds = Object.entries(s.offerings.by_kind)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  const rows: Row[] = [
    { k: "catalog", v: `${s.catalog.name} ${s.catalog.version}` },
    { k: "providers", v: `${s.providers.total} (${s.providers.api} API, ${s.providers.gpu} GPU clouds)` },
    {
      k: "offerings",
      v: `${s.offerings.total} (${s.offerings.api} API: ${kinds}; ${s.offerings.free} free; ${s.offerings.gpu} GPU offers)`,
    },
    { k: "price points", v: String(s.price_points) },
    { k: "date span", v: s.dates.first ? `${s.dates.first} .. ${s.dates.last}` : "none" },
    { k: "currencies", v: s.currencies.join(", ") },
    {
      k: "priced in last 6 months",
      v: `${s.recent.offerings} of ${s.offerings.total} offerings (${pct(s.recent.share)}) since ${s.recent.since}`,
    },
    {
      k: "confirmed in 90 days",
      v: `${s.confirmed_90d.offerings} of ${s.offerings.total} offerings (${pct(s.confirmed_90d.share)}) since ${s.confirmed_90d.since}`,
    },
    { k: "accelerators", v: String(s.accelerators) },
    { k: "architectures", v: String(s.architectures) },
  ];
  const opts = renderOptions(io, flags);
  const cols: Column[] = [
    { key: "k", title: "" },
    { key: "v", title: `as of ${asOf}`, max: 200 },
  ];
  let out = renderRows(format, cols, rows, null, { ...opts, width: 240 });
  if (format === "table") out = wrapValues(out, Math.max(...rows.map((r) => (r.k ?? "").length)) + 2, opts.width);
  if (flags.providers !== false) {
    const pcols: Column[] = [
      { key: "provider", title: "provider" },
      { key: "api", title: "API", align: "right" },
      { key: "gpu", title: "GPU", align: "right" },
      { key: "price_points", title: "prices", align: "right" },
      { key: "currency", title: "cur" },
      { key: "latest", title: "newest confirmation" },
      { key: "fresh", title: "confirmed in 90 days", align: "right" },
    ];
    const prow: Row[] = s.per_provider.map((p) => ({
      provider: p.provider,
      api: String(p.api),
      gpu: String(p.gpu),
      price_points: String(p.price_points),
      currency: p.currency,
      latest: p.latest ?? "",
      fresh: `${p.confirmed_90d.offerings} (${pct(p.confirmed_90d.share)})`,
    }));
    out += `\n${renderRows(format, pcols, prow, null, opts)}`;
  }
  return { stdout: out };
}

/** A share as "78%", without the sign `percent` gives changes. */
function pct(share: number): string {
  return percent(share).replace("+", "");
}

/** Wrap the over-long values of a two-column key/value table under their own column (starting at `col`). */
function wrapValues(table: string, col: number, columns: number): string {
  const width = textWidth(columns);
  return table
    .split("\n")
    .map((l) => {
      if ([...l].length <= width) return l;
      const lines = wrap(l.slice(col), width, " ".repeat(col));
      return l.slice(0, col) + lines.slice(col);
    })
    .join("\n");
}
