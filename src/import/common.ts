import type { ApiModel, OverlayFile, OverlayProvider } from "../schema/catalog.js";

/**
 * What the importers share: the result shape (an overlay catalog plus what could not be mapped),
 * id clean-up and price rounding. Importers are pure: they get parsed data, the import date and the
 * base catalog's provider currencies, and return plain data; the command reads and writes files.
 */

export interface Unmapped {
  /** Provider and model key in the imported data. */
  key: string;
  reason: string;
  /** For a duplicate: the name it collides with, and what that name is (an entry's id or an alias). */
  duplicateOf?: Collision;
}

/** The name a skipped entry collides with: an id (of the entry imported under `key`) or an alias of `id`. */
export interface Collision {
  name: string;
  as: "id" | "alias";
  /** The offering id that holds the name (the name itself when `as` is "id"). */
  id: string;
  /** The imported key that took the name first. */
  key: string;
}

/**
 * The reason shown for a duplicate: "duplicates gpt-4o (the id imported from key gpt-4o)" or
 * "duplicates gpt-4o-2024-08-06 (an alias of gpt-4o, imported from key openai/gpt-4o)".
 */
export function duplicateReason(c: Collision): string {
  return c.as === "id"
    ? `duplicates ${c.name} (the id imported from key ${c.key})`
    : `duplicates ${c.name} (an alias of ${c.id}, imported from key ${c.key})`;
}

export interface ImportResult {
  overlay: OverlayFile;
  unmapped: Unmapped[];
  /** Offerings written, per llmcost provider id. */
  counts: Record<string, number>;
}

export interface ImportOptions {
  /** Date the data was taken: every imported price's `from`. */
  date: string;
  /** Label of the imported file, for `source`. */
  label: string;
  /** Home currency of each provider already in the catalog the overlay lands on. */
  known: ReadonlyMap<string, string>;
  /** Keep only offerings the known catalog does not have (by provider and id). */
  skip?: ReadonlySet<string>;
}

const ID_RE = /^[a-z0-9][a-z0-9._:/@+_-]*$/;

/** A catalog id from a peer's key: lower-cased, spaces to dashes; undefined when still not an id. */
export function cleanId(raw: string): string | undefined {
  const id = raw.trim().toLowerCase().replace(/\s+/g, "-");
  return ID_RE.test(id) ? id : undefined;
}

/** Per-token or per-1K figures scaled without float noise: 2.5e-6 × 1e6 → 2.5, not 2.4999999999999996. */
export function scaled(v: number, factor: number): number {
  return Number.parseFloat((v * factor).toPrecision(12));
}

/** Sort providers and models so the output is byte-stable. */
export function sortOverlay(providers: OverlayProvider[]): OverlayProvider[] {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...providers]
    .sort((a, b) => byId(a.provider, b.provider))
    .map((p) => ({ ...p, models: [...(p.models ?? [])].sort(byId) as ApiModel[] }));
}

/** Provider info for the overlay: only the id for a provider the catalog has, else a full new provider. */
export function providerInfo(
  id: string,
  name: string,
  source: string,
  known: ReadonlyMap<string, string>,
): OverlayProvider["provider"] {
  return known.has(id) ? { id } : { id, name, currency: "USD", source };
}

/** A plain JSON object (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * `map[key]` only when the map itself holds the key: a peer's key such as `__proto__` or
 * `constructor` must not find Object.prototype's members (which once wrote `id: {}`).
 */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A short description of a JSON value for "not mapped" reasons. */
export function shapeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v;
}
