import type { Catalog } from "../schema/catalog.js";

/**
 * The embedded catalog as the CLI reads it at start (dist/catalog.pack, written by the build next
 * to dist/catalog.json, from the same validated catalog). Parsing all of catalog.json (750 KB) took
 * a fifth of a cold estimate, and an estimate reads a few offerings' prices out of 1,300.
 *
 * The pack is a line of JSON, the catalog with its large parts left out (a 0 keeps each one's
 * place), a line saying where each part goes, then the parts one after the other. The reader puts
 * a getter in each part's place that parses the part on first read and then stays a plain value,
 * in the same key order. So the catalog reads exactly as catalog.json does (a test compares
 * them), and what the name lookup walks stays in the first line: the providers, their models and
 * the models' names. Everything else of 256 bytes or more (a model's prices, a provider's GPU
 * offerings, the exchange rates, the quality classes) is a part.
 *
 * The file is ASCII: every other character is written `\uXXXX`, so a part is decoded as latin1
 * (a copy of its bytes) instead of by the UTF-8 decoder, which was a third of the catalog's read.
 *
 * The pack is trusted like catalog.json: both come from a catalog that the build validated. A
 * catalog given with `--catalog` is never read this way.
 */

/** Parts smaller than this stay in the first line: a getter costs more than parsing them. */
export const PART_MIN_BYTES = 256;

/**
 * Where each part goes, five entries a part: provider index (-1: the catalog itself), model index
 * (-1: the provider itself), key, start and length in the text after the second line.
 */
type PartIndex = (number | string)[];

/** The catalog as a pack (ASCII text). */
export function packCatalog(catalog: Catalog): string {
  const index: PartIndex = [];
  const parts: string[] = [];
  let at = 0;
  /** `o` copied, key order kept, its object values of PART_MIN_BYTES or more left out as parts. */
  const keep = (o: object, p: number, m: number, inner?: (key: string, v: unknown) => unknown): object => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      const kept = v !== null && typeof v === "object" ? inner?.(k, v) : v;
      if (kept !== undefined) {
        out[k] = kept;
        continue;
      }
      const text = ascii(JSON.stringify(v));
      if (text.length < PART_MIN_BYTES) {
        out[k] = v;
        continue;
      }
      out[k] = 0; // a placeholder, so the key keeps its place
      index.push(p, m, k, at, text.length);
      parts.push(text);
      at += text.length;
    }
    return out;
  };
  const head = keep(catalog, -1, -1, (k, v) =>
    k === "providers" && Array.isArray(v)
      ? v.map((provider: object, p) =>
          keep(provider, p, -1, (k, v) =>
            k === "models" && Array.isArray(v) ? v.map((model: object, m) => keep(model, p, m)) : undefined,
          ),
        )
      : undefined,
  );
  return `${ascii(JSON.stringify(head))}\n${JSON.stringify(index)}\n${parts.join("")}`;
}

/** JSON text with every non-ASCII character escaped (JSON.parse reads it back to the same string). */
function ascii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The catalog of a pack. Parts are parsed when first read. */
export function unpackCatalog(pack: Buffer): Catalog {
  const nl1 = pack.indexOf(10);
  const nl2 = nl1 < 0 ? -1 : pack.indexOf(10, nl1 + 1);
  if (nl2 < 0) throw new Error("not a catalog pack: fewer than two lines");
  const catalog = JSON.parse(pack.toString("latin1", 0, nl1)) as Catalog;
  const index = JSON.parse(pack.toString("latin1", nl1 + 1, nl2)) as PartIndex;
  const base = nl2 + 1;
  const lazy = lazyParts(pack, base, index);
  for (let i = 0; i < index.length; i += 5) {
    const p = index[i] as number;
    const m = index[i + 1] as number;
    const o = p < 0 ? catalog : m < 0 ? catalog.providers[p] : catalog.providers[p]?.models?.[m];
    if (o === undefined) throw new Error(`catalog pack: part ${i / 5} has no place`);
    lazy(o, index[i + 2] as string, i);
  }
  return catalog;
}

/**
 * `lazy(o, key, i)` makes `o[key]` the JSON of part i, parsed on first read (or replaced by a
 * write), then a plain value in the same place. One getter and setter per key name, shared by
 * every object with a part under that key (the part found by the object): V8 then gives the ~700
 * models with lazy prices one shape, instead of a shape and two closures each (~0.5 MB that every
 * young-generation collection of a cold start copied; docs/performance.md).
 */
function lazyParts(pack: Buffer, base: number, index: PartIndex): (o: object, key: string, i: number) => void {
  const byKey = new Map<string, { at: Map<object, number>; accessor: PropertyDescriptor }>();
  const settle = (o: object, key: string, value: unknown) =>
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  const part = (key: string) => {
    const at = new Map<object, number>();
    const accessor: PropertyDescriptor = {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const i = at.get(this);
        if (i === undefined) throw new Error(`catalog pack: ${key} read through another object`);
        const start = base + (index[i + 3] as number);
        const value = JSON.parse(pack.toString("latin1", start, start + (index[i + 4] as number)));
        settle(this, key, value);
        at.delete(this);
        return value;
      },
      set(this: object, value: unknown) {
        settle(this, key, value);
        at.delete(this);
      },
    };
    return { at, accessor };
  };
  return (o, key, i) => {
    let k = byKey.get(key);
    if (!k) {
      k = part(key);
      byKey.set(key, k);
    }
    k.at.set(o, i);
    Object.defineProperty(o, key, k.accessor);
  };
}
