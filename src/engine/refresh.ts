import type { ApiModel, Catalog, ModelPrice, OverlayFile, OverlayProvider } from "../schema/catalog.js";
import { entryAt } from "./resolve.js";

/**
 * `catalog refresh`: what a newer peer file (LiteLLM's map, genai-prices' data, already imported
 * into an overlay dated the day it was taken) says about the catalog on that day. Pure: the caller
 * imports and writes. Each offering the peer lists falls in one class:
 *
 * - `new`: the catalog has no offering of that id or alias at that provider (a known provider only;
 *   a provider the catalog lacks is counted, not proposed);
 * - `changed`: input, output or cached input differ by more than half a percent (the cross-check's
 *   rule) from the catalog's entry in force that day, in the same currency: a new dated entry is
 *   proposed, appended to the offering's history — unless the catalog's notes (entry in force, or
 *   offering) already name the peer, a known disagreement (`known: true`, nothing proposed);
 * - `confirmed`: the same price: `checked:` that day is proposed on the entry in force;
 * - `missing`: a catalog offering whose price in force was taken from this peer (its source names
 *   it) and that the peer no longer lists: a possible withdrawal, for review only; no `until:` is
 *   proposed, since leaving a peer's map is not a withdrawal date.
 *
 * The proposal is an overlay: each offering it touches is written whole (history plus the change),
 * so `--catalog PATCH` previews the result; nothing is applied to the catalog's files.
 */

export type RefreshKind = "new" | "changed" | "confirmed" | "missing";

export interface RefreshItem {
  kind: RefreshKind;
  provider: string;
  offering: string;
  /** The catalog's price in force on the date (changed, confirmed, missing). */
  before?: PriceFigures;
  /** The peer's price (new, changed, confirmed). */
  after?: PriceFigures;
  /** A `changed` the catalog already explains: the entry in force or the offering has notes naming the peer. */
  known?: boolean;
}

export interface PriceFigures {
  from: string;
  currency: string;
  input?: number;
  output?: number;
  cached_input?: number;
}

export interface RefreshOptions {
  /** The day the peer file was taken: `from` of each proposed entry, `checked` of confirmations. */
  date: string;
  /** Recognises a source taken from this peer (`/litellm/i`). */
  peer: RegExp;
  /** Describes the peer file in the notes of proposed entries: "LiteLLM map (prices.json)". */
  label: string;
}

export interface RefreshProposal {
  overlay: OverlayFile;
  items: RefreshItem[];
  /** Peer providers the catalog does not have: offerings counted, not proposed. */
  unknownProviders: Record<string, number>;
}

const FIELDS = ["input", "output", "cached_input"] as const;

/** Same price within half a percent (peers round differently), as in the data cross-check. */
export function samePrice(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

function figures(e: ModelPrice, currency: string): PriceFigures {
  const f: PriceFigures = { from: e.from, currency };
  for (const k of FIELDS) if (e[k] !== undefined) f[k] = e[k];
  return f;
}

function named(models: readonly ApiModel[], id: string): ApiModel | undefined {
  const q = id.toLowerCase();
  return models.find((m) => m.id === q || (m.aliases ?? []).includes(q));
}

export function proposeRefresh(base: Catalog, imported: OverlayFile, opts: RefreshOptions): RefreshProposal {
  const items: RefreshItem[] = [];
  const unknownProviders: Record<string, number> = {};
  const providers: OverlayProvider[] = [];
  for (const ip of imported.providers ?? []) {
    const bp = base.providers.find((p) => p.provider.id === ip.provider.id);
    if (!bp) {
      unknownProviders[ip.provider.id] = (ip.models ?? []).length;
      continue;
    }
    const out: ApiModel[] = [];
    const seen = new Set<ApiModel>();
    for (const im of ip.models ?? []) refreshModel(bp, im, seen, opts, items, out);
    missingFromPeer(bp, ip, opts, items);
    if (out.length) providers.push({ provider: ip.provider, models: out });
  }
  return { overlay: { schema: 1, providers }, items, unknownProviders };
}

type BaseProvider = Catalog["providers"][number];

/** One offering the peer lists: new, confirmed (a `checked` date), changed (a dated entry to review), or skipped. */
function refreshModel(
  bp: BaseProvider,
  im: ApiModel,
  seen: Set<ApiModel>,
  opts: RefreshOptions,
  items: RefreshItem[],
  out: ApiModel[],
): void {
  const home = bp.provider.currency;
  const peerEntry = im.prices.find((e) => e.from <= opts.date) ?? im.prices[0];
  if (!peerEntry) return;
  const currency = peerEntry.currency ?? home;
  const bm = named(bp.models ?? [], im.id);
  if (!bm) {
    items.push({ kind: "new", provider: bp.provider.id, offering: im.id, after: figures(peerEntry, currency) });
    out.push(im);
    return;
  }
  if (seen.has(bm)) return; // the peer lists it twice (id and alias): the first wins
  seen.add(bm);
  const inForce = entryAt(bm.prices, opts.date, currency, home);
  if (!inForce || inForce.free) return; // no list in that currency, or free on purpose: not comparable
  const last = bm.prices.filter((e) => (e.currency ?? home) === currency).at(-1);
  if (last && last.from > opts.date) return; // the catalog already knows a later price
  const before = figures(inForce, currency);
  const after = figures(peerEntry, currency);
  if (FIELDS.every((k) => samePrice(inForce[k], peerEntry[k]))) {
    items.push({ kind: "confirmed", provider: bp.provider.id, offering: bm.id, before, after });
    if (inForce.checked !== undefined && inForce.checked >= opts.date) return;
    out.push({ ...bm, prices: bm.prices.map((e) => (e === inForce ? { ...e, checked: opts.date } : e)) });
    return;
  }
  if ([inForce.notes, bm.notes].some((n) => n !== undefined && opts.peer.test(n))) {
    items.push({ kind: "changed", provider: bp.provider.id, offering: bm.id, before, after, known: true });
    return;
  }
  items.push({ kind: "changed", provider: bp.provider.id, offering: bm.id, before, after });
  if (inForce.from === opts.date) return; // same day: a correction, not a move; left to the reviewer
  const entry: ModelPrice = {
    ...peerEntry,
    from: opts.date,
    notes: `as-of date: first seen in ${opts.label} on ${opts.date}; the change may have started earlier. Review against the provider's page before applying.`,
  };
  if (currency !== home) entry.currency = currency;
  else delete entry.currency;
  out.push({ ...bm, prices: [...bm.prices, entry] });
}

/** Offerings this peer priced before and no longer lists. */
function missingFromPeer(bp: BaseProvider, ip: OverlayProvider, opts: RefreshOptions, items: RefreshItem[]): void {
  const home = bp.provider.currency;
  const listed = new Set((ip.models ?? []).flatMap((m) => [m.id, ...(m.aliases ?? [])]));
  for (const bm of bp.models ?? []) {
    if ([bm.id, ...(bm.aliases ?? [])].some((n) => listed.has(n))) continue;
    const inForce = entryAt(bm.prices, opts.date, "USD", home) ?? entryAt(bm.prices, opts.date, home, home);
    if (!inForce || !opts.peer.test(inForce.source ?? "")) continue;
    items.push({
      kind: "missing",
      provider: bp.provider.id,
      offering: bm.id,
      before: figures(inForce, inForce.currency ?? home),
    });
  }
}

/** Counts by kind, for the summary and the changelog. */
export function refreshCounts(items: readonly RefreshItem[]): Record<RefreshKind, number> {
  const c: Record<RefreshKind, number> = { new: 0, changed: 0, confirmed: 0, missing: 0 };
  for (const i of items) c[i.kind]++;
  return c;
}
