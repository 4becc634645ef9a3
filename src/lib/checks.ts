import { InputError } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Catalog } from "../schema/catalog.js";
import { DATE_MAX, DATE_MIN, isCurrencyCode, isIsoDate } from "../schema/primitive-checks.js";

/**
 * Checks of a single value, shared by the library's query functions (trend, estimateOver) and the
 * CLI's flags: `where` names the field (the CLI passes its flag, `--since`), so a fault reads the
 * same from both. No file system, clock or environment.
 */

/** A real calendar date written YYYY-MM-DD (or undefined when not given). */
export function checkDate(where: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value))
    throw new InputError({
      file: where,
      message: "not a valid date",
      expected: `a real calendar date written YYYY-MM-DD, from ${DATE_MIN} to ${DATE_MAX}`,
      found: value,
    });
  return value;
}

/** An ISO 4217 code, upper-cased (or undefined when not given). */
export function checkCurrency(where: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const up = value.toUpperCase();
  if (!isCurrencyCode(up))
    throw new InputError({
      file: where,
      message: "not a currency code",
      expected: "an ISO 4217 code such as USD, CNY or EUR",
      found: value,
    });
  return up;
}

/**
 * A report currency the catalog can convert to: USD, or one with at least one exchange rate (whether
 * a rate is in force on a given date is the engine's question, asked per price). `where` names the
 * flag or field the currency came from.
 */
export function checkKnownCurrency(where: string, catalog: Catalog, currency: string): void {
  if (currency === "USD" || catalog.rates.some((r) => r.currency === currency)) return;
  const known = [...new Set(["USD", ...catalog.rates.map((r) => r.currency)])].sort();
  throw new InputError({
    file: where,
    message: `unknown currency ${currency}`,
    expected: `one of ${known.join(", ")}`,
    found: currency,
    hint: didYouMean(currency, known) ?? "add its rates to the catalog with an overlay (`rates:`)",
  });
}

/**
 * A library function's argument checked for its kind before anything reads it, so a JavaScript
 * caller passing `undefined`, `null` or a string gets an InputError naming the function and the
 * argument (docs/library.md), not a TypeError from deep inside. `file` is `fn(name)`.
 */
export function checkArg(fn: string, name: string, ok: boolean, expected: string, value: unknown): void {
  if (ok) return;
  throw new InputError({
    file: `${fn}(${name})`,
    message: `not ${expected}`,
    expected,
    found: value === null ? "null" : Array.isArray(value) ? "an array" : typeof value,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A catalog from `embeddedCatalog()` or `loadCatalog()`. */
export function checkCatalogArg(fn: string, catalog: unknown): void {
  checkArg(
    fn,
    "catalog",
    isObject(catalog) && Array.isArray(catalog.providers) && Array.isArray(catalog.rates),
    "a catalog (embeddedCatalog() or loadCatalog())",
    catalog,
  );
}

/** An options or query object. */
export function checkObjectArg(fn: string, name: string, v: unknown): void {
  checkArg(fn, name, isObject(v), "an object", v);
}

/** A workload as `workload()` or `loadWorkloadFile()` gives it (defaults filled in). */
export function checkWorkloadArg(fn: string, w: unknown): void {
  checkArg(
    fn,
    "workload",
    isObject(w) &&
      Array.isArray(w.inference) &&
      Array.isArray(w.training) &&
      Array.isArray(w.fine_tune) &&
      typeof w.currency === "string",
    "a workload read by workload() or loadWorkloadFile() (defaults filled in)",
    w,
  );
}

/** A list of strings, when given. */
export function checkStringsArg(fn: string, name: string, v: unknown): void {
  checkArg(
    fn,
    name,
    v === undefined || (Array.isArray(v) && v.every((s) => typeof s === "string")),
    "a list of strings",
    v,
  );
}
