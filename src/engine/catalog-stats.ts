import { dayNumber, isoOfDay, monthsBefore } from "../dates.js";
import type { Catalog } from "../schema/catalog.js";
import type { CatalogStats } from "../schema/catalog-views.js";

export type { CatalogStats };

/** The day `n` days before `iso`. */
function daysBefore(iso: string, n: number): string {
  return isoOfDay(dayNumber(iso) - n);
}

/** Running totals over the catalog's offerings. */
interface Tally {
  asOf: string;
  since: string;
  since90: string;
  currencies: Set<string>;
  byKind: Record<string, number>;
  api: number;
  gpu: number;
  free: number;
  points: number;
  recent: number;
  fresh: number;
  first: string | null;
  last: string | null;
}

type Entries = ReadonlyArray<{ from: string; checked?: string | undefined; currency?: string | undefined }>;

/**
 * One offering's newest price observation on or before as_of (an entry's `from`, or its `checked`
 * date when later), or null; counts its currencies and the catalog's first and last dates.
 */
function newestSeen(entries: Entries, t: Tally): string | null {
  let newest: string | null = null;
  for (const e of entries) {
    if (e.currency) t.currencies.add(e.currency);
    if (e.from <= t.asOf) {
      if (t.first === null || e.from < t.first) t.first = e.from;
      if (t.last === null || e.from > t.last) t.last = e.from;
    }
    if (e.from > t.asOf) continue;
    // A `checked` date counts as a fresh observation of the same price (never one after asOf).
    const seen = e.checked !== undefined && e.checked > e.from && e.checked <= t.asOf ? e.checked : e.from;
    if (newest === null || seen > newest) newest = seen;
  }
  return newest;
}

/** One provider's figures, its offerings added to the running totals. */
function providerStats(p: Catalog["providers"][number], t: Tally): CatalogStats["per_provider"][number] {
  t.currencies.add(p.provider.currency);
  let points = 0;
  let latest: string | null = null;
  let fresh = 0;
  const offering = (entries: Entries) => {
    const newest = newestSeen(entries, t);
    points += entries.length;
    if (newest !== null && newest >= t.since) t.recent++;
    if (newest !== null && newest >= t.since90) fresh++;
    if (newest !== null && (latest === null || newest > latest)) latest = newest;
  };
  for (const m of p.models ?? []) {
    t.api++;
    const k = m.kind ?? "chat";
    t.byKind[k] = (t.byKind[k] ?? 0) + 1;
    if (m.prices.some((e) => e.free)) t.free++;
    offering(m.prices);
  }
  for (const g of p.gpus ?? []) {
    t.gpu++;
    offering(g.prices);
  }
  t.points += points;
  t.fresh += fresh;
  const total = (p.models?.length ?? 0) + (p.gpus?.length ?? 0);
  return {
    provider: p.provider.id,
    api: p.models?.length ?? 0,
    gpu: p.gpus?.length ?? 0,
    price_points: points,
    currency: p.provider.currency,
    latest,
    confirmed_90d: { offerings: fresh, share: total ? fresh / total : 0 },
  };
}

/**
 * Coverage figures of a catalog on a day. "Priced within the last 6 months" counts offerings whose
 * newest price observation (an entry's `from`, or its `checked` date, in any currency) falls in the
 * 6 months up to `asOf`: a fresh observation, not merely a price still in force.
 */
export function catalogStats(catalog: Catalog, asOf: string): CatalogStats {
  const t: Tally = {
    asOf,
    since: monthsBefore(asOf, 6),
    since90: daysBefore(asOf, 90),
    currencies: new Set(),
    byKind: {},
    api: 0,
    gpu: 0,
    free: 0,
    points: 0,
    recent: 0,
    fresh: 0,
    first: null,
    last: null,
  };
  const perProvider = catalog.providers.map((p) => providerStats(p, t));
  const total = t.api + t.gpu;
  return {
    catalog: { name: catalog.name, version: catalog.version, digest: catalog.digest },
    as_of: asOf,
    providers: {
      total: catalog.providers.length,
      api: catalog.providers.filter((p) => (p.models?.length ?? 0) > 0).length,
      gpu: catalog.providers.filter((p) => (p.gpus?.length ?? 0) > 0).length,
    },
    offerings: {
      total,
      api: t.api,
      gpu: t.gpu,
      by_kind: Object.fromEntries(Object.entries(t.byKind).sort()),
      free: t.free,
    },
    price_points: t.points,
    dates: { first: t.first, last: t.last },
    currencies: [...t.currencies].sort(),
    recent: { since: t.since, offerings: t.recent, share: total ? t.recent / total : 0 },
    confirmed_90d: { since: t.since90, offerings: t.fresh, share: total ? t.fresh / total : 0 },
    accelerators: catalog.accelerators.length,
    architectures: catalog.models.length,
    per_provider: perProvider,
  };
}
