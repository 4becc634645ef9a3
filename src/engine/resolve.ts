import type { ApiModel, Catalog, CatalogProvider, FxRate } from "../schema/catalog.js";

/**
 * Looking prices up, apart from deriving quantities: the entry in force at `as_of`, the exchange
 * rate in force at `as_of`, and which offerings can run a model.
 */

interface Dated {
  from: string;
  until?: string | undefined;
  currency?: string | undefined;
}

/**
 * The entry in force at `asOf` in one currency list: the latest with `from` ≤ asOf, unless it closed
 * (`until` ≤ asOf, exclusive). Undefined when none is in force. Entries are in date order per currency
 * (a catalog rule), but we do not rely on it.
 */
export function entryAt<T extends Dated>(
  entries: readonly T[],
  asOf: string,
  currency: string,
  home: string,
): T | undefined {
  let best: T | undefined;
  for (const e of entries) {
    if ((e.currency ?? home) !== currency) continue;
    if (e.from <= asOf && (best === undefined || e.from > best.from)) best = e;
  }
  if (best?.until !== undefined && best.until <= asOf) return undefined;
  return best;
}

/** The currencies an offering is listed in, home currency first, then alphabetical. */
export function listCurrencies(entries: readonly Dated[], home: string): string[] {
  const set = new Set<string>();
  for (const e of entries) set.add(e.currency ?? home);
  return [...set].sort((a, b) => (a === home ? -1 : b === home ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

export interface Resolved<T> {
  entry: T;
  currency: string;
}

/**
 * The price list to use: the one in the report currency when the provider publishes it and it is in
 * force at `asOf`, else the home list, else any other list in force.
 */
export function resolvePrice<T extends Dated>(
  entries: readonly T[],
  asOf: string,
  report: string,
  home: string,
): Resolved<T> | undefined {
  const lists = listCurrencies(entries, home);
  const order = lists.includes(report) ? [report, ...lists.filter((c) => c !== report)] : lists;
  for (const c of order) {
    const e = entryAt(entries, asOf, c, home);
    if (e) return { entry: e, currency: c };
  }
  return undefined;
}

/**
 * `resolvePrice` memoised per entries array (catalog values are immutable): billing sections are
 * resolved for every item that uses them, and the lookup sorts the list currencies each time.
 */
const RESOLVED = new WeakMap<readonly object[], Map<string, Resolved<Dated> | undefined>>();

export function resolvePriceCached<T extends Dated>(
  entries: readonly T[],
  asOf: string,
  report: string,
  home: string,
): Resolved<T> | undefined {
  let m = RESOLVED.get(entries);
  if (!m) {
    m = new Map();
    RESOLVED.set(entries, m);
  }
  const key = `${asOf}|${report}|${home}`;
  if (m.has(key)) return m.get(key) as Resolved<T> | undefined;
  const r = resolvePrice(entries, asOf, report, home);
  m.set(key, r);
  return r;
}

/** Units of `currency` per USD at `asOf`; USD is 1. Undefined when no rate is in force yet. */
export function perUsd(rates: readonly FxRate[], currency: string, asOf: string): FxRate | undefined {
  if (currency === "USD") return { from: "0000-01-01", currency: "USD", per_usd: 1 };
  let best: FxRate | undefined;
  for (const r of rates) if (r.currency === currency && r.from <= asOf && (!best || r.from > best.from)) best = r;
  return best;
}

/**
 * Factor to turn an amount in `from` into `to` at `asOf`: per_usd(to) / per_usd(from).
 * Example: 7.1 CNY per USD → 1 CNY = 1/7.1 USD = 0.1408 USD.
 */
export function fxFactor(rates: readonly FxRate[], from: string, to: string, asOf: string): number | undefined {
  if (from === to) return 1;
  const a = perUsd(rates, from, asOf);
  const b = perUsd(rates, to, asOf);
  if (!a || !b) return undefined;
  return b.per_usd / a.per_usd;
}

export interface Offering {
  provider: CatalogProvider;
  model: ApiModel;
}

/** Lower-cased names a model answers to: its id, aliases and architecture key. */
export function namesOf(m: ApiModel): string[] {
  return [m.id, ...(m.aliases ?? []), ...(m.model ? [m.model] : [])];
}

/**
 * Name → offerings index, built once per catalog object (catalogs are immutable values, so a
 * WeakMap cache keeps the engine pure while a 10,000-item workload looks names up in O(1)). The
 * first few lookups scan the catalog instead: a one-shot CLI run of a small workload looks up a
 * handful of names, and building the index for them took most of its estimate.
 */
const INDEXES = new WeakMap<Catalog, { lookups: number; index: Map<string, Offering[]> | undefined }>();
const SCANS_BEFORE_INDEX = 8;

/** Names are lower-case ids by the catalog schema (see answersTo); a model is listed once per name. */
function offeringIndex(catalog: Catalog): Map<string, Offering[]> {
  const index = new Map<string, Offering[]>();
  for (const p of catalog.providers)
    for (const m of p.models ?? [])
      for (const key of new Set(namesOf(m))) {
        const list = index.get(key);
        if (list) list.push({ provider: p, model: m });
        else index.set(key, [{ provider: p, model: m }]);
      }
  return index;
}

/**
 * True when `key` (lower case) is the model's id, an alias or its architecture key. Those are
 * lower-case ids by the catalog schema (`Id`), overlays included, so they compare as they are.
 */
function answersTo(m: ApiModel, key: string): boolean {
  if (m.id === key || m.model === key) return true;
  if (m.aliases) for (const a of m.aliases) if (a === key) return true;
  return false;
}

const NONE: readonly Offering[] = [];

/**
 * Every offering whose id, alias or architecture key is `query` (case-insensitive), in provider
 * order. The list may be the index's own: read it, never change it.
 */
export function findOfferings(catalog: Catalog, query: string): readonly Offering[] {
  const key = query.toLowerCase();
  let state = INDEXES.get(catalog);
  if (!state) {
    state = { lookups: 0, index: undefined };
    INDEXES.set(catalog, state);
  }
  if (state.index === undefined && ++state.lookups > SCANS_BEFORE_INDEX) state.index = offeringIndex(catalog);
  if (state.index) return state.index.get(key) ?? NONE;
  const found: Offering[] = [];
  for (const p of catalog.providers)
    for (const m of p.models ?? []) if (answersTo(m, key)) found.push({ provider: p, model: m });
  return found;
}

/**
 * Why an offering has no price in force at `asOf`: its first price comes later, or it has ended.
 * `label` names it (provider/offering).
 */
export function absentNote(label: string, entries: readonly Dated[], asOf: string): string {
  let earliest: string | undefined;
  for (const e of entries) if (earliest === undefined || e.from < earliest) earliest = e.from;
  return earliest !== undefined && earliest > asOf
    ? `${label}: first priced on ${earliest}, after ${asOf}`
    : `${label}: no longer offered at ${asOf}`;
}

export function sourceOf(p: CatalogProvider, e: { source?: string | undefined }): string {
  return e.source ?? p.provider.source;
}
