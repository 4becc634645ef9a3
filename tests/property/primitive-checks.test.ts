import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCurrencyCode, isIsoDate } from "../../src/schema/primitive-checks.js";
import { CurrencyCode, IsoDate } from "../../src/schema/primitives.js";

/**
 * The zod-free checks (src/schema/primitive-checks.ts, used on the cold start by the CLI's flag
 * checks) accept exactly what the zod schemas they stand for accept: the schemas are the contract.
 */

/** Strings near a date: date-shaped, with digits anywhere (out of range, 0 days, 30 Feb), or bent. */
const dateLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc
    .date({ min: new Date("1800-01-01"), max: new Date("9999-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    "1899-12-31",
    "1900-01-01",
    "2024-02-29",
    "2023-02-29",
    "2100-02-29",
    "2000-02-29",
    "9999-12-31",
    "+010000-01-01",
    "2024-1-01",
    "2024-01-01 ",
    "２０２４-01-01",
    "2024-01-01\n",
  ),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[0-9-]{8,11}$/),
);

const currencyLike = fc.oneof(
  fc.stringMatching(/^[A-Za-z]{2,4}$/),
  fc.constantFrom("USD", "usd", "EUR", "CNY", "US", "USDT", "ÄBC", "US1", "USD\n", " USD"),
  fc.string({ maxLength: 5 }),
);

describe("zod-free primitive checks", () => {
  it("isIsoDate accepts exactly what IsoDate accepts", () => {
    fc.assert(
      fc.property(dateLike, (s) => {
        expect(isIsoDate(s)).toBe(IsoDate.safeParse(s).success);
      }),
      { numRuns: 3000 },
    );
  });

  it("isCurrencyCode accepts exactly what CurrencyCode accepts", () => {
    fc.assert(
      fc.property(currencyLike, (s) => {
        expect(isCurrencyCode(s)).toBe(CurrencyCode.safeParse(s).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses what is not a string, as the schemas do", () => {
    for (const v of [undefined, null, 20240101, { toString: () => "2024-01-01" }, ["2024-01-01"]]) {
      expect(isIsoDate(v as string)).toBe(false);
      expect(IsoDate.safeParse(v).success).toBe(false);
      expect(isCurrencyCode(v as string)).toBe(false);
    }
    expect(isCurrencyCode({ toString: () => "USD" } as unknown as string)).toBe(
      CurrencyCode.safeParse({ toString: () => "USD" }).success,
    );
  });
});
