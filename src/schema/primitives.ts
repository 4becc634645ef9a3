import * as z from "zod";
import {
  CURRENCY_SHAPE,
  DATE_MAX,
  DATE_MIN,
  DATE_SHAPE,
  ID_SHAPE,
  isRealDate,
  parseQuantity,
  shareValue,
} from "./primitive-checks.js";

export {
  DATE_MAX,
  DATE_MIN,
  isCurrencyCode,
  isDayAt,
  isIsoDate,
  isIsoDay,
  isRealDate,
  isTimeAt,
  parseQuantity,
} from "./primitive-checks.js";

/**
 * Building blocks shared by every file format: dates, currency codes, quantities with suffixes
 * ("15T", "70B") and shares ("60%"). What users write is accepted here and turned into plain
 * numbers, so the engine only ever sees finite float64 values.
 */

/** A calendar date, `YYYY-MM-DD`, checked to be a real day between DATE_MIN and DATE_MAX. */
export const IsoDate = z
  .string()
  .regex(DATE_SHAPE, { error: "expected a date written YYYY-MM-DD" })
  .refine((s) => s >= DATE_MIN, { error: `expected a date from ${DATE_MIN} to ${DATE_MAX}` })
  .refine((s) => isRealDate(s), { error: "not a real calendar date" })
  .meta({ description: `A calendar date, YYYY-MM-DD, from ${DATE_MIN} to ${DATE_MAX}.` });

/** ISO 4217 currency code: three upper-case letters. Which codes we can convert is a catalog question. */
export const CurrencyCode = z
  .string()
  .regex(CURRENCY_SHAPE, { error: "expected an ISO 4217 currency code such as USD, CNY or EUR" })
  .meta({ description: "ISO 4217 currency code, e.g. USD, CNY, EUR." });

/** A finite, non-negative number (prices, shares, counts). */
export const NonNegative = z
  .number({ error: "expected a number" })
  .refine(Number.isFinite, { error: "expected a finite number" })
  .refine((n) => n >= 0, { error: "expected a number ≥ 0" });

export const Price = NonNegative.meta({ description: "A price in the entry's currency (per the unit of its key)." });

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
    const n = shareValue(v);
    if (n === undefined) {
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
export const Id = z.string().min(1).regex(ID_SHAPE, {
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
