/**
 * The zod-free half of src/schema/primitives.ts: the date bounds and the checks of a date, a day in
 * a line, a currency code and a quantity, as plain functions. Code on a cold start (the CLI's flag
 * checks, the engine) imports them from here, so that it does not evaluate zod and build the shared
 * schemas for a constant or a predicate (docs/performance.md). primitives.ts builds its schemas on
 * these, and tests/schema/primitive-checks.test.ts holds each predicate to its schema.
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

export const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date, `YYYY-MM-DD`, a real day from DATE_MIN to DATE_MAX: what `IsoDate` accepts (a
 * JavaScript caller's non-string included).
 */
export function isIsoDate(s: string): boolean {
  return typeof s === "string" && DATE_SHAPE.test(s) && s >= DATE_MIN && isRealDate(s);
}

/** A string that is a printable ISO day (not `+010000-01-01`, not `Invalid Date`) within the bounds. */
export function isIsoDay(s: string): boolean {
  return DATE_SHAPE.test(s) && s >= DATE_MIN && s <= DATE_MAX;
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

export const CURRENCY_SHAPE = /^[A-Z]{3}$/;

/** ISO 4217 currency code, three upper-case ASCII letters: what `CurrencyCode` accepts. */
export function isCurrencyCode(s: string): boolean {
  return typeof s === "string" && CURRENCY_SHAPE.test(s);
}

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

/** A share written as a percentage: `"60%"`. */
const PERCENT = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/;

/** A share written `0.6` or `"60%"` as a number from 0 to 1 (what `Share` makes of it), or undefined when it is not one. */
export function shareValue(v: number | string): number | undefined {
  let n: number | undefined;
  if (typeof v === "number") n = v;
  else {
    const m = PERCENT.exec(v);
    n = m ? Number(m[1]) / 100 : undefined;
  }
  return n === undefined || !Number.isFinite(n) || n < 0 || n > 1 ? undefined : n;
}

/** Lower-case ids with `-` (and `.` for versions, `_`/`:`/`/` where providers use them): what `Id` asks of its text. */
export const ID_SHAPE = /^[a-z0-9][a-z0-9._:/@+_-]*$/;

/** The quality classes (src/schema/quality-class.ts), best first. Their order is the contract `sameOrBetterClass` compares by. */
export const QUALITY_CLASSES = ["frontier", "strong", "mid", "basic"] as const;
