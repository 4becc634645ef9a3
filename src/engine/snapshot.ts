import { type Diagnostic, MAX_DIAGNOSTICS, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { ApiModel, Catalog, CatalogProvider, GpuOffer, GpuPrice, ModelPrice } from "../schema/catalog.js";
import type { CatalogListing, CatalogShow, ShownBilling } from "../schema/catalog-views.js";
import { resolveModelName } from "./names.js";
import { qualityOf } from "./quality.js";
import { entryAt, listCurrencies, sourceOf } from "./resolve.js";
import { coversModel } from "./rules/types.js";

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

/**
 * `catalog list`: the snapshot on `asOf` as plain rows, API offerings and/or GPU offers. The JSON
 * output is this object; the table, Markdown and CSV views are drawn from it (src/report/catalog.ts).
 */
export function catalogListing(
  catalog: Catalog,
  asOf: string,
  kind: "all" | "api" | "gpu",
  providers?: ReadonlySet<string>,
): CatalogListing {
  const snap = snapshot(catalog, asOf, providers);
  const data: CatalogListing = { catalog: { version: catalog.version, as_of: asOf, digest: catalog.digest } };
  if (kind !== "gpu")
    data.api = snap.api.map((r) => ({
      provider: r.provider,
      offering: r.model.id,
      aliases: r.model.aliases ?? [],
      model: r.model.model ?? null,
      kind: r.model.kind ?? "chat",
      currency: r.currency,
      price: r.entry,
      source: r.source,
    }));
  if (kind !== "api")
    data.gpus = snap.gpus.map((r) => ({
      provider: r.provider,
      gpu: r.offer.gpu,
      instance: r.offer.instance ?? null,
      region: r.offer.region ?? null,
      currency: r.currency,
      price: r.entry,
      source: r.source,
    }));
  return data;
}

/**
 * `catalog show ID`: every price entry of a model or GPU (each provider that lists it), and the
 * architecture or accelerator of that name; undefined when nothing is called `id`.
 */
export function catalogShow(catalog: Catalog, id: string, asOf: string): CatalogShow | undefined {
  const found = offeringsNamed(catalog, id);
  const arch = catalog.models.find((m) => m.id === id.toLowerCase());
  const accel = catalog.accelerators.find((a) => a.id === id.toLowerCase());
  if (!found.api.length && !found.gpus.length && !arch && !accel) return providerShow(catalog, id, asOf);
  const billing: ShownBilling[] = [];
  for (const { provider, model } of found.api) {
    const b = billingOf(provider, model);
    if (b) billing.push(b);
  }
  return {
    id,
    billing,
    architecture: arch ?? null,
    accelerator: accel ?? null,
    api: found.api.map(({ provider, model }) => ({
      provider: provider.provider.id,
      currency: provider.provider.currency,
      source: provider.provider.source,
      ...model,
    })),
    gpus: found.gpus.map(({ provider, offer }) => ({
      provider: provider.provider.id,
      currency: provider.provider.currency,
      source: provider.provider.source,
      ...offer,
    })),
    quality: (found.api.length || arch ? qualityOf(catalog, id, asOf) : undefined) ?? null,
    as_of: asOf,
  };
}

/** `catalog show PROVIDER`: the provider and all its billing sections (its models: `catalog list --provider`). */
function providerShow(catalog: Catalog, id: string, asOf: string): CatalogShow | undefined {
  const p = catalog.providers.find((x) => x.provider.id === id.trim().toLowerCase());
  if (!p) return undefined;
  const b = billingOf(p, undefined);
  return {
    id,
    provider: {
      id: p.provider.id,
      name: p.provider.name,
      currency: p.provider.currency,
      source: p.provider.source,
      models: p.models?.length ?? 0,
    },
    billing: b ? [b] : [],
    architecture: null,
    accelerator: null,
    api: [],
    gpus: [],
    quality: null,
    as_of: asOf,
  };
}

/** A provider's billing entries for one model (undefined: all of them); undefined when there are none. */
function billingOf(p: CatalogProvider, model: ApiModel | undefined): ShownBilling | undefined {
  const covers = (list: readonly string[] | undefined) => model === undefined || coversModel(list, model);
  const names = (m: string) =>
    model === undefined || m === model.id || m === model.model || !!model.aliases?.includes(m);
  const out: ShownBilling = { provider: p.provider.id, currency: p.provider.currency };
  const fees = (p.fees ?? []).filter((f) => covers(f.models));
  const packs = (p.packs ?? []).filter((x) => covers(x.models));
  const plans = (p.plans ?? []).filter((x) => covers(x.models));
  const provisioned = (p.provisioned ?? [])
    .map((x) => (model === undefined ? x : { ...x, models: x.models.filter((m) => names(m.model)) }))
    .filter((x) => x.models.length > 0);
  const fineTuning = (p.fine_tuning ?? []).filter((x) => names(x.model));
  const cache = (p.cache ?? []).filter((x) => covers(x.models));
  if (fees.length) out.fees = fees;
  if (packs.length) out.packs = packs;
  if (plans.length) out.plans = plans;
  if (provisioned.length) out.provisioned = provisioned;
  if (fineTuning.length) out.fine_tuning = fineTuning;
  if (cache.length) out.cache = cache;
  return Object.keys(out).length > 2 ? out : undefined;
}

/** Every `--provider` value must name a catalog provider: one fault per unknown id, with a suggestion. */
export function providerFlagFaults(catalog: Catalog, ids: readonly string[] | undefined): Diagnostic[] {
  const known = catalog.providers.map((p) => p.provider.id);
  const unknown = [...new Set(ids ?? [])].filter((id) => !known.includes(id));
  // Suggestions (edit distance) only for the faults that are printed; the rest are counted.
  return unknown.map((id, i) => ({
    file: "--provider",
    message: `unknown provider ${quoted(id)}`,
    expected: "a provider id from the catalog",
    found: id,
    hint: (i < MAX_DIAGNOSTICS && didYouMean(id, known)) || "run 'llmcost catalog list' to see the providers",
  }));
}
