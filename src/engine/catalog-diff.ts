import { type Catalog, GPU_PRICE_FIELDS, MODEL_PRICE_FIELDS } from "../schema/catalog.js";
import type { CatalogDiff, DiffOffering, OfferingKind, PriceMove } from "../schema/catalog-views.js";
import { type ApiRow, type GpuRow, snapshot } from "./snapshot.js";

/**
 * What changed in a catalog between two dates: offerings priced on `to` but not on `from` (new),
 * priced on `from` but not on `to` (ended), and every price field whose value moved, with the
 * relative change. Pure: the two dates are parameters.
 *
 * Example: gpt-4o input 5.00 on 2024-06-01 and 2.50 on 2024-11-01 → a move of -50%
 * ((2.50 − 5.00) / 5.00 = −0.5).
 */

export type { CatalogDiff, DiffOffering, OfferingKind, PriceMove } from "../schema/catalog-views.js";

const API_FIELDS = MODEL_PRICE_FIELDS;
const GPU_FIELDS = GPU_PRICE_FIELDS;

interface Keyed {
  kind: OfferingKind;
  provider: string;
  offering: string;
  currency: string;
  since: string;
  prices: Record<string, number>;
}

function apiKeyed(r: ApiRow): Keyed {
  const prices: Record<string, number> = {};
  for (const f of API_FIELDS) {
    const v = r.entry[f];
    if (v !== undefined) prices[f] = v;
  }
  // A free entry prices its tokens at 0, so "free → paid" shows as a move from 0.
  if (r.entry.free) {
    prices.input ??= 0;
    prices.output ??= 0;
  }
  return { kind: "api", provider: r.provider, offering: r.model.id, currency: r.currency, since: r.entry.from, prices };
}

function gpuKeyed(r: GpuRow): Keyed {
  const prices: Record<string, number> = {};
  for (const f of GPU_FIELDS) {
    const v = r.entry[f];
    if (v !== undefined) prices[f] = v;
  }
  const name = [r.offer.gpu, r.offer.instance, r.offer.region].filter((s) => s !== undefined && s !== "").join(" ");
  return { kind: "gpu", provider: r.provider, offering: name, currency: r.currency, since: r.entry.from, prices };
}

function keyed(catalog: Catalog, date: string, providers?: ReadonlySet<string>): Map<string, Keyed> {
  const snap = snapshot(catalog, date, providers);
  const out = new Map<string, Keyed>();
  for (const k of [...snap.api.map(apiKeyed), ...snap.gpus.map(gpuKeyed)])
    out.set(`${k.kind}|${k.provider}|${k.offering}|${k.currency}`, k);
  return out;
}

const byPlace = <T extends { provider: string; kind: string; offering: string; currency: string }>(a: T, b: T) =>
  cmp(a.provider, b.provider) || cmp(a.kind, b.kind) || cmp(a.offering, b.offering) || cmp(a.currency, b.currency);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function diffCatalog(catalog: Catalog, from: string, to: string, providers?: ReadonlySet<string>): CatalogDiff {
  const before = keyed(catalog, from, providers);
  const after = keyed(catalog, to, providers);
  const added: DiffOffering[] = [];
  const ended: DiffOffering[] = [];
  const moves: PriceMove[] = [];
  const strip = (k: Keyed): DiffOffering => ({
    kind: k.kind,
    provider: k.provider,
    offering: k.offering,
    currency: k.currency,
    since: k.since,
  });
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) {
      added.push(strip(a));
      continue;
    }
    for (const field of Object.keys(a.prices)) {
      const x = b.prices[field];
      const y = a.prices[field] as number;
      if (x === undefined || x === y) continue;
      moves.push({ ...strip(a), field, before: x, after: y, change: x === 0 ? null : (y - x) / x });
    }
  }
  for (const [key, b] of before) if (!after.has(key)) ended.push(strip(b));
  added.sort(byPlace);
  ended.sort(byPlace);
  moves.sort((a, b) => byPlace(a, b) || cmp(a.field, b.field));
  return { from, to, added, ended, moves };
}
