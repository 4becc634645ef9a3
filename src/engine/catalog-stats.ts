import { dayNumber, isoOfDay, monthsBefore } from "../dates.js";
import type { Catalog } from "../schema/catalog.js";
import type { CatalogStats } from "../schema/catalog-views.js";

export type { CatalogStats };

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
