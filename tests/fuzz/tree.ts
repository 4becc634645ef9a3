/**
 * Seeded randomness and JSON-tree edits shared by the entry-point fuzz families (entry.ts) and the
 * usage-log family (usage-logs.ts). Pure: case N of seed S is the same bytes everywhere.
 */

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
export const int = (r: Rand, n: number): number => Math.floor(r() * n);

/** mulberry32 over a seed mixed from (seed, family, id), like mutate.ts's `rng`. */
export function rng(seed: number, family: string, id: number): Rand {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  for (const ch of family) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  let a = h || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- tree helpers

export type Path = Array<string | number>;

export function paths(v: unknown, at: Path, out: Path[], depth = 0): Path[] {
  out.push(at);
  if (depth > 14) return out;
  if (Array.isArray(v)) for (const [i, x] of v.entries()) paths(x, [...at, i], out, depth + 1);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out, depth + 1);
  return out;
}

export function getAt(root: unknown, p: Path): unknown {
  let v = root;
  for (const s of p) v = (v as Record<string | number, unknown>)?.[s];
  return v;
}

/** Set (or with `undefined`, delete) the value at `p`; `__proto__` is defined as an own key. */
export function setAt(root: unknown, p: Path, value: unknown): void {
  const parent = getAt(root, p.slice(0, -1)) as Record<string | number, unknown> | unknown[] | null;
  const last = p[p.length - 1] as string | number;
  if (!parent || typeof parent !== "object") return;
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (value === undefined) delete (parent as Record<string, unknown>)[last as string];
  else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
}

/** Rename key `p` of its object to `name`, keeping its value (and its place at the end). */
export function renameAt(root: unknown, p: Path, name: string): void {
  const parent = getAt(root, p.slice(0, -1));
  const last = p[p.length - 1];
  if (!parent || typeof parent !== "object" || Array.isArray(parent) || typeof last !== "string") return;
  const v = (parent as Record<string, unknown>)[last];
  delete (parent as Record<string, unknown>)[last];
  Object.defineProperty(parent, name, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A literal written as is into JSON text (Infinity, NaN, 1e999, .nan): JSON.stringify cannot. */
export const raw = (literal: string) => `\u0000RAW:${literal}\u0000`;
export function toJson(v: unknown, indent = 1): string {
  return JSON.stringify(v, null, indent).replace(/"\\u0000RAW:([^"\\]*)\\u0000"/g, "$1");
}
