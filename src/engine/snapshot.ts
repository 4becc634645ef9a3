import type { ApiModel, Catalog, CatalogProvider, GpuOffer, GpuPrice, ModelPrice } from "../schema/catalog.js";
import { resolveModelName } from "./names.js";
import { entryAt, listCurrencies, sourceOf } from "./resolve.js";

/**
 * The catalog as it stood on one day: every offering with the entry in force at `asOf` in each of
 * its currency lists. Offerings not yet priced, or closed with `until`, are absent.
 */

export interface ApiRow {
  provider: string;
  model: ApiModel;
  currency: string;
  entry: ModelPrice;
  source: string;
}

export interface GpuRow {
  provider: string;
  offer: GpuOffer;
  currency: string;
  entry: GpuPrice;
  source: string;
}

export interface Snapshot {
  asOf: string;
  api: ApiRow[];
  gpus: GpuRow[];
}

export function snapshot(catalog: Catalog, asOf: string, providers?: ReadonlySet<string>): Snapshot {
  const api: ApiRow[] = [];
  const gpus: GpuRow[] = [];
  for (const p of catalog.providers) {
    if (providers && !providers.has(p.provider.id)) continue;
    const home = p.provider.currency;
    for (const m of p.models ?? [])
      for (const cur of listCurrencies(m.prices, home)) {
        const e = entryAt(m.prices, asOf, cur, home);
        if (e)
          api.push({
            provider: p.provider.id,
            model: m,
            currency: cur,
            entry: e,
            source: sourceOf(p, e),
          });
      }
    for (const g of p.gpus ?? [])
      for (const cur of listCurrencies(g.prices, home)) {
        const e = entryAt(g.prices, asOf, cur, home);
        if (e)
          gpus.push({
            provider: p.provider.id,
            offer: g,
            currency: cur,
            entry: e,
            source: sourceOf(p, e),
          });
      }
  }
  return { asOf, api, gpus };
}

/** Every provider that lists `id` (a model name as src/engine/names.ts reads it, or an accelerator key). */
export function offeringsNamed(
  catalog: Catalog,
  id: string,
): {
  api: Array<{ provider: CatalogProvider; model: ApiModel }>;
  gpus: Array<{ provider: CatalogProvider; offer: GpuOffer }>;
} {
  const q = id.trim().toLowerCase();
  const named = resolveModelName(catalog, id);
  const api = named.kind === "found" ? [...named.offerings] : [];
  const gpus: Array<{ provider: CatalogProvider; offer: GpuOffer }> = [];
  for (const p of catalog.providers)
    for (const g of p.gpus ?? []) if (g.gpu === q) gpus.push({ provider: p, offer: g });
  return { api, gpus };
}
