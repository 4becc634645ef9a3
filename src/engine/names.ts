import { closest } from "../hints.js";
import type { ApiModel, Catalog, CatalogProvider } from "../schema/catalog.js";
import { entryAt, findOfferings, listCurrencies, type Offering } from "./resolve.js";

/**
 * Model names as people type them (docs/names.md). One resolver for workloads, `quote`,
 * `catalog show` and `trend`:
 *
 * 1. `provider/model` or `provider:model` names one provider's offering (`openai/gpt-4o`,
 *    `together/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo`). A prefix that is not a provider id is
 *    part of the name (Hugging Face ids: `meta-llama/Llama-3.1-70B-Instruct`).
 * 2. **exact**: the id, an alias or the architecture key, any case.
 * 3. **loose**: the same after folding `.`, `_`, `:`, `@` and spaces into `-` (`claude-3.5-sonnet` is
 *    `claude-3-5-sonnet`), then by the part after the last `/` (the Hugging Face organisation left out).
 * 4. **snapshot**: the name plus a date or version suffix (`mistral-large` → `mistral-large-2411`).
 * 5. By date: a provider none of whose matches is priced at `asOf` falls back to its dated snapshots
 *    of the name that are (`claude-3-5-sonnet` on 2024-09-01 is `claude-3-5-sonnet-20240620`: the
 *    alias moved to 20241022 only in October). Of several snapshots priced that day, the newest wins.
 *
 * A name that matches none of these but starts two or more model lines is ambiguous (its candidates
 * are listed); anything else is unknown, with ranked suggestions. Pure: the date is a parameter.
 */

export type NameResolution =
  | {
      kind: "found";
      offerings: readonly Offering[];
      /** The provider the name was prefixed with, when it was. */
      provider: string | undefined;
      /** How the name matched. */
      via: "exact" | "loose" | "snapshot";
      /** "claude-3-5-sonnet → anthropic/claude-3-5-sonnet-20240620 (priced on 2024-09-01)": one line per substitution. */
      notes: string[];
    }
  | { kind: "ambiguous"; candidates: string[] }
  | { kind: "unknown"; suggestions: string[] };

/** `.`, `_`, `:`, `@` and spaces folded to `-`, lower case: the form names are compared in past an exact match. */
export function looseName(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s._:@-]+/g, "-")
    .replace(/^-|-$/g, "");
}

function tail(loose: string): string {
  const i = loose.lastIndexOf("/");
  return i >= 0 ? loose.slice(i + 1) : loose;
}

/**
 * A snapshot suffix in loose form: a date (`-20240620`, `-2024-08-06`), a year-month or month-day
 * (`-2402`, `-0613`), a three-digit revision (`-002`), optionally a Bedrock version (`-v1-0`), or `-latest`.
 */
const SNAPSHOT = /^-(?:(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|\d{6}|\d{3})(?:-v\d+(?:-\d+)?)?|latest|v\d+-\d+)$/;

/** The name without its snapshot suffix: the model line it belongs to. */
export function modelLine(loose: string): string {
  const m = /-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|\d{6}|\d{3})(?:-v\d+(?:-\d+)?)?$|-latest$/.exec(loose);
  return m && m.index > 0 ? loose.slice(0, m.index) : loose;
}

function namesOf(m: ApiModel): string[] {
  return [m.id, ...(m.aliases ?? []), ...(m.model ? [m.model] : [])];
}

/** True when the offering has a price in force at `asOf` in any of its currency lists. */
export function pricedAt(o: Offering, asOf: string): boolean {
  const home = o.provider.provider.currency;
  for (const c of listCurrencies(o.model.prices, home)) if (entryAt(o.model.prices, asOf, c, home)) return true;
  return false;
}

function firstFrom(m: ApiModel): string {
  let first = "9999-12-31";
  for (const e of m.prices) if (e.from < first) first = e.from;
  return first;
}

interface LooseEntry {
  offering: Offering;
  /** Loose forms of every name, and of each name's part after the last "/". */
  loose: string[];
  tails: string[];
}

/** Loose forms of every offering, built once per catalog (catalogs are immutable values). */
const LOOSE = new WeakMap<Catalog, LooseEntry[]>();
function looseIndex(catalog: Catalog): LooseEntry[] {
  let list = LOOSE.get(catalog);
  if (!list) {
    list = [];
    for (const p of catalog.providers) list.push(...looseOfProvider(catalog, p));
    LOOSE.set(catalog, list);
  }
  return list;
}

/**
 * Loose forms of one provider's offerings, built once per catalog and provider: a snapshot search
 * by date looks in one provider (a cold estimate of a few items used to build the whole index).
 */
const LOOSE_BY_PROVIDER = new WeakMap<Catalog, Map<CatalogProvider, LooseEntry[]>>();
function looseOfProvider(catalog: Catalog, p: CatalogProvider): LooseEntry[] {
  let byProvider = LOOSE_BY_PROVIDER.get(catalog);
  if (!byProvider) {
    byProvider = new Map();
    LOOSE_BY_PROVIDER.set(catalog, byProvider);
  }
  let list = byProvider.get(p);
  if (!list) {
    list = [];
    for (const m of p.models ?? []) {
      const loose = [...new Set(namesOf(m).map(looseName))];
      list.push({ offering: { provider: p, model: m }, loose, tails: [...new Set(loose.map(tail))] });
    }
    byProvider.set(p, list);
  }
  return list;
}

/** `provider/rest` or `provider:rest` when the prefix is a provider id (any case). */
export function splitProvider(catalog: Catalog, name: string): { provider: CatalogProvider; rest: string } | undefined {
  const m = /^\s*([^/:\s]+)\s*[/:]\s*(.+)$/.exec(name);
  if (!m) return undefined;
  const id = (m[1] as string).toLowerCase();
  const provider = catalog.providers.find((p) => p.provider.id === id);
  return provider ? { provider, rest: (m[2] as string).trim() } : undefined;
}

/** Memo per catalog, then per as_of ("" for all dates), then per name (a 10,000-item workload names a handful of models): no key string is built per lookup. */
const MEMO = new WeakMap<Catalog, Map<string, Map<string, NameResolution>>>();

/**
 * Resolve a model name at `asOf` (or across all dates when `asOf` is undefined: every snapshot).
 * The offerings are in catalog (provider) order; read them, never change them.
 */
export function resolveModelName(catalog: Catalog, name: string, asOf?: string): NameResolution {
  let byDate = MEMO.get(catalog);
  if (!byDate) {
    byDate = new Map();
    MEMO.set(catalog, byDate);
  }
  let memo = byDate.get(asOf ?? "");
  if (!memo) {
    memo = new Map();
    byDate.set(asOf ?? "", memo);
  }
  const hit = memo.get(name);
  if (hit) return hit;
  const r = resolveUncached(catalog, name, asOf);
  // Names longer than any id are not worth remembering (and could fill the memo).
  if (name.length <= 256) memo.set(name, r);
  return r;
}

function resolveUncached(catalog: Catalog, name: string, asOf: string | undefined): NameResolution {
  const split = splitProvider(catalog, name);
  if (split) {
    const r = resolveIn(catalog, split.rest, asOf, split.provider.provider.id);
    if (r.kind === "found") return { ...r, provider: split.provider.provider.id };
    // A catalog id that itself starts with a provider id and "/" (a host's own naming).
    const whole = findOfferings(catalog, name.trim());
    if (whole.length) return byDate(catalog, name.trim(), whole, asOf, undefined, "exact");
    // Offered elsewhere: suggest the providers that do offer it.
    const elsewhere = resolveIn(catalog, split.rest, asOf, undefined);
    if (elsewhere.kind === "found") {
      const ids = [...new Set(elsewhere.offerings.map((o) => `${o.provider.provider.id}/${o.model.id}`))];
      return { kind: "unknown", suggestions: ids.slice(0, 3) };
    }
    return r;
  }
  return resolveIn(catalog, name, asOf, undefined);
}

function resolveIn(
  catalog: Catalog,
  name: string,
  asOf: string | undefined,
  provider: string | undefined,
): NameResolution {
  const inScope = (o: Offering) => provider === undefined || o.provider.provider.id === provider;
  const q = name.trim();
  // 1. exact (the engine's indexed lookup: the common case stays O(1)).
  const exact = findOfferings(catalog, q).filter(inScope);
  if (exact.length) return byDate(catalog, q, exact, asOf, provider, "exact");
  const lq = looseName(q);
  if (lq === "") return { kind: "unknown", suggestions: [] };
  const index = looseIndex(catalog).filter((e) => inScope(e.offering));
  // 2. loose, whole then by the part after the last "/".
  let loose = index.filter((e) => e.loose.includes(lq)).map((e) => e.offering);
  if (loose.length === 0) {
    const t = tail(lq);
    loose = index.filter((e) => e.tails.includes(t)).map((e) => e.offering);
  }
  if (loose.length) return byDate(catalog, lq, loose, asOf, provider, "loose");
  // 3. snapshots of the name (mistral-large → mistral-large-2402 … -2512).
  const snaps = snapshotsOf(index, lq);
  if (snaps.length) {
    const picked = asOf === undefined ? snaps : newestPerProvider(snaps, asOf);
    const notes =
      asOf === undefined ? [] : picked.filter((o) => pricedAt(o, asOf)).map((o) => substitution(q, o, asOf));
    return { kind: "found", offerings: picked, provider, via: "snapshot", notes };
  }
  // 4. ambiguous: the start of two or more model lines ("claude-3" → haiku, opus, sonnet…).
  const lines = new Map<string, string>();
  const t = tail(lq);
  for (const e of index)
    for (const l of e.tails)
      if (l.startsWith(`${t}-`) || l.startsWith(t + ".")) {
        const line = modelLine(l);
        if (!lines.has(line)) lines.set(line, l);
      }
  if (lines.size >= 2) {
    const candidates = [...lines.keys()].sort();
    return { kind: "ambiguous", candidates };
  }
  return { kind: "unknown", suggestions: suggestModelNames(catalog, q, provider) };
}

/** Offerings with a name that is `lq` (or its tail) plus a snapshot suffix. */
function snapshotsOf(index: readonly LooseEntry[], lq: string): Offering[] {
  const t = tail(lq);
  const out: Offering[] = [];
  for (const e of index) {
    const hit =
      e.loose.some((n) => n.startsWith(lq) && SNAPSHOT.test(n.slice(lq.length))) ||
      e.tails.some((n) => n.startsWith(t) && SNAPSHOT.test(n.slice(t.length)));
    if (hit) out.push(e.offering);
  }
  return out;
}

/** Per provider, the newest snapshot priced at `asOf`; a provider with none keeps them all (its notes say why). */
function newestPerProvider(list: readonly Offering[], asOf: string): Offering[] {
  const byProvider = new Map<string, Offering[]>();
  for (const o of list) {
    const id = o.provider.provider.id;
    const l = byProvider.get(id);
    if (l) l.push(o);
    else byProvider.set(id, [o]);
  }
  const out: Offering[] = [];
  for (const l of byProvider.values()) {
    const priced = l.filter((o) => pricedAt(o, asOf));
    if (priced.length === 0) {
      out.push(...l);
      continue;
    }
    let best = priced[0] as Offering;
    for (const o of priced) if (firstFrom(o.model) > firstFrom(best.model)) best = o;
    out.push(best);
  }
  return out;
}

function substitution(name: string, o: Offering, asOf: string): string {
  return `${name} on ${asOf} is ${o.provider.provider.id}/${o.model.id} (the snapshot priced that day)`;
}

/**
 * The matches, by date: a provider whose matches are none of them priced at `asOf` takes its newest
 * snapshot of the name that is (the alias had not moved to it yet, or has moved past it).
 */
function byDate(
  catalog: Catalog,
  name: string,
  found: readonly Offering[],
  asOf: string | undefined,
  provider: string | undefined,
  via: "exact" | "loose",
): NameResolution {
  if (asOf === undefined) return { kind: "found", offerings: found, provider, via, notes: [] };
  const unpriced = new Set<string>();
  const priced = new Set<string>();
  for (const o of found) (pricedAt(o, asOf) ? priced : unpriced).add(o.provider.provider.id);
  for (const p of priced) unpriced.delete(p);
  if (unpriced.size === 0) return { kind: "found", offerings: found, provider, via, notes: [] };
  // Snapshot siblings: names of the same provider that are this name plus a snapshot suffix, or that
  // share a line with one of the matches' own names (the alias's target and its older snapshots).
  const lq = looseName(name);
  const lines = new Set<string>([lq]);
  for (const o of found)
    if (unpriced.has(o.provider.provider.id)) for (const n of namesOf(o.model)) lines.add(modelLine(looseName(n)));
  const out: Offering[] = [];
  const notes: string[] = [];
  for (const o of found) if (!unpriced.has(o.provider.provider.id)) out.push(o);
  for (const pid of unpriced) {
    const siblings = catalog.providers
      .filter((p) => p.provider.id === pid)
      .flatMap((p) => looseOfProvider(catalog, p))
      .filter((e) => !found.includes(e.offering))
      .filter((e) =>
        e.loose.some(
          (n) => lines.has(n) || [...lines].some((l) => n.startsWith(l) && SNAPSHOT.test(n.slice(l.length))),
        ),
      )
      .map((e) => e.offering)
      .filter((o) => pricedAt(o, asOf));
    if (siblings.length === 0) {
      for (const o of found) if (o.provider.provider.id === pid) out.push(o);
      continue;
    }
    let best = siblings[0] as Offering;
    for (const o of siblings) if (firstFrom(o.model) > firstFrom(best.model)) best = o;
    out.push(best);
    notes.push(substitution(name, best, asOf));
  }
  // Keep catalog (provider) order, as the exact lookup gives it.
  const order = new Map(catalog.providers.map((p, i) => [p.provider.id, i]));
  out.sort((a, b) => (order.get(a.provider.provider.id) ?? 0) - (order.get(b.provider.provider.id) ?? 0));
  return { kind: "found", offerings: out, provider, via, notes };
}

/** Every name a user may type, with its loose form, per catalog (and per provider). */
const NAMES = new WeakMap<Catalog, Map<string, Map<string, string>>>();
function namesIn(catalog: Catalog, provider: string | undefined): Map<string, string> {
  let byScope = NAMES.get(catalog);
  if (!byScope) {
    byScope = new Map();
    NAMES.set(catalog, byScope);
  }
  const scope = provider ?? "";
  let names = byScope.get(scope);
  if (!names) {
    names = new Map();
    for (const p of catalog.providers) {
      if (provider !== undefined && p.provider.id !== provider) continue;
      for (const m of p.models ?? []) for (const n of namesOf(m)) names.set(n, looseName(n));
    }
    byScope.set(scope, names);
  }
  return names;
}

/** Ranked "did you mean" for a model name: ids and aliases, compared in loose form. */
export function suggestModelNames(catalog: Catalog, name: string, provider?: string): string[] {
  const names = namesIn(catalog, provider);
  return closest(name, names.keys(), 3, (s) => names.get(s) ?? looseName(s));
}

/** One message for an ambiguous or unknown name: what the CLI and the engine put in `hint`. */
export function nameHint(r: Exclude<NameResolution, { kind: "found" }>): string | undefined {
  if (r.kind === "ambiguous") {
    const shown = r.candidates.slice(0, 8);
    const more = r.candidates.length - shown.length;
    return `it could be ${shown.join(", ")}${more > 0 ? ` (and ${more} more)` : ""}: name one`;
  }
  if (r.suggestions.length === 0) return undefined;
  return `did you mean ${r.suggestions.map((s) => `"${s}"`).join(" or ")}?`;
}
