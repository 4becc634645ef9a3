import { InputError } from "../errors.js";
import { CurrencyCode, DATE_MAX, DATE_MIN, IsoDate } from "../schema/primitives.js";

/**
 * Checks of a single value, shared by the library's query functions (trend, estimateOver) and the
 * CLI's flags: `where` names the field (the CLI passes its flag, `--since`), so a fault reads the
 * same from both. No file system, clock or environment.
 */

/** A real calendar date written YYYY-MM-DD (or undefined when not given). */
export function checkDate(where: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const r = IsoDate.safeParse(value);
  if (!r.success)
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
  if (!CurrencyCode.safeParse(up).success)
    throw new InputError({
      file: where,
      message: "not a currency code",
      expected: "an ISO 4217 code such as USD, CNY or EUR",
      found: value,
    });
  return up;
}
