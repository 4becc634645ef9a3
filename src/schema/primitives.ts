import * as z from "zod";

/**
 * Building blocks shared by every file format: dates, currency codes, quantities with suffixes
 * ("15T", "70B") and shares ("60%"). What users write is accepted here and turned into plain
 * numbers, so the engine only ever sees finite float64 values.
 */

const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/**
 * The dates llmcost accepts, anywhere (files, flags, importers): every one of them, and every date
 * computed from one within its bounds (a step of `--over`, a forecast), can be computed with a
 * JavaScript Date and printed as YYYY-MM-DD. Past 9999 `toISOString` writes `+010000-01-01`; before
 * 1900, `Date.UTC` reads years 0–99 as 1900–1999.
 */
export const DATE_MIN = "1900-01-01";
export const DATE_MAX = "9999-12-31";

/** A calendar date, `YYYY-MM-DD`, checked to be a real day between DATE_MIN and DATE_MAX. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date written YYYY-MM-DD" })
  .refine((s) => s >= DATE_MIN, { error: `expected a date from ${DATE_MIN} to ${DATE_MAX}` })
  .refine((s) => isRealDate(s), { error: "not a real calendar date" })
  .meta({ description: `A calendar date, YYYY-MM-DD, from ${DATE_MIN} to ${DATE_MAX}.` });

/** A string that is a printable ISO day (not `+010000-01-01`, not `Invalid Date`) within the bounds. */
export function isIsoDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && s >= DATE_MIN && s <= DATE_MAX;
}

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Two ASCII digits at s[at, at+2) as a number, or -1. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Whether s[at, at+10) is `YYYY-MM-DD`, a real day from DATE_MIN to DATE_MAX. Char codes only, no
 * string or Date made: usage logs check every row's day with it (10M rows in the benchmark).
 * `2026-02-30` is no day (Date.parse would roll it over to March 2), nor is `0000-01-01`.
 */
export function isDayAt(s: string, at: number): boolean {
  const hi = twoDigits(s, at);
  const lo = twoDigits(s, at + 2);
  const m = twoDigits(s, at + 5);
  const d = twoDigits(s, at + 8);
  if (hi < 19 || lo < 0 || m < 1 || m > 12 || d < 1) return false;
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return false;
  const y = hi * 100 + lo;
  const last =
    m === 2
      ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
        ? 29
        : 28
      : m === 4 || m === 6 || m === 9 || m === 11
        ? 30
        : 31;
  return d <= last;
}

/** Whether s[at…] starts with a time of day `HH:MM` (00:00–23:59), and `:SS` (00–59) when one follows. */
export function isTimeAt(s: string, at: number): boolean {
  const h = twoDigits(s, at);
  const m = twoDigits(s, at + 3);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s.charCodeAt(at + 2) !== 58) return false;
  if (s.charCodeAt(at + 5) !== 58) return true;
  const sec = twoDigits(s, at + 6);
  return sec >= 0 && sec <= 59;
}

/** ISO 4217 currency code: three upper-case letters. Which codes we can convert is a catalog question. */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code such as USD, CNY or EUR" })
  .meta({ description: "ISO 4217 currency code, e.g. USD, CNY, EUR." });

/** A finite, non-negative number (prices, shares, counts). */
export const NonNegative = z
  .number({ error: "expected a number" })
  .refine(Number.isFinite, { error: "expected a finite number" })
  .refine((n) => n >= 0, { error: "expected a number ≥ 0" });

export const Price = NonNegative.meta({ description: "A price in the entry's currency (per the unit of its key)." });

/**
 * Parse "1.5k", "15T", "70B", "2,000" or a plain number string. Returns undefined when it is not one.
 * k = 1e3, M = 1e6, B = 1e9, T = 1e12 (DESIGN.md, Units).
 */
export function parseQuantity(raw: string): number | undefined {
  // Thousands separators only between groups of three digits ("2,000", "1_000_000"): "1,5M" is refused,
  // not read as 15M.
  const m =
    /^\s*((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:_[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*([kKMBT]?)\s*$/.exec(
      raw,
    );
  if (!m) return undefined;
  const n = Number((m[1] as string).replace(/[_,]/g, ""));
  const f = m[2] ? (SUFFIX[m[2]] as number) : 1;
  const v = n * f;
  return Number.isFinite(v) ? v : undefined;
}

/** A count written as a number or with a k/M/B/T suffix: `1200`, `50e9`, `"15T"`. */
export const Quantity = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const n = typeof v === "number" ? v : parseQuantity(v);
    if (n === undefined || !Number.isFinite(n)) {
      ctx.addIssue({
        code: "custom",
        message:
          typeof v === "number"
            ? "expected a finite number"
            : `expected a number or a number with a k/M/B/T suffix (e.g. "15T"), found "${v}"`,
      });
      return z.NEVER;
    }
    if (n < 0) {
      ctx.addIssue({ code: "custom", message: "expected a quantity ≥ 0" });
      return z.NEVER;
    }
    return n;
  })
  .meta({
    description: 'A non-negative count: a number, or a string with a suffix k=1e3, M=1e6, B=1e9, T=1e12 (e.g. "15T").',
  });

/** A share between 0 and 1, written `0.6` or `"60%"`. */
export const Share = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    let n: number | undefined;
    if (typeof v === "number") n = v;
    else {
      const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(v);
      n = m ? Number(m[1]) / 100 : undefined;
    }
    if (n === undefined || !Number.isFinite(n) || n < 0 || n > 1) {
      ctx.addIssue({
        code: "custom",
        message: `expected a share between 0 and 1, written 0.6 or "60%", found ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return n;
  })
  .meta({ description: 'A share between 0 and 1, written 0.6 or "60%".' });

/** Lower-case ids with `-` (and `.` for versions, `_`/`:`/`/` where providers use them). */
export const Id = z
  .string()
  .min(1)
  .regex(/^[a-z0-9][a-z0-9._:/@+_-]*$/, {
    error: "expected a lower-case id of letters, digits, '-', '.', '_' (e.g. gpt-4o-mini)",
  });

/** What a field names in the catalog: the generated JSON Schema suggests the catalog's ids for it. */
export type CatalogRef = "model" | "architecture" | "provider" | "gpu";

/**
 * Fields whose values name catalog entries (src/schema/json-schemas.ts turns each into "one of the
 * catalog's ids, or any other string", so editors complete ids and aliases still validate).
 */
export const catalogRefs = z.registry<{ ref: CatalogRef }>();

/** A field naming a catalog entry: `schema` as it is, marked in `catalogRefs`. */
export function refersTo<T extends z.ZodType>(schema: T, ref: CatalogRef): T {
  catalogRefs.add(schema, { ref });
  return schema;
}
