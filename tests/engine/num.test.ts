import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { num } from "../../src/engine/gpu.js";

/** num as it was written before its digits were grouped by a loop: the regular expression it replaced. */
function numByRegExp(x: number): string {
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e9 || ax < 1e-3)
    return x
      .toExponential(4)
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  const s = Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
  const [int = "", frac] = s.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

describe("num: compact numbers for notes", () => {
  it("groups digits in threes, keeps six significant digits of fractions, exponent form outside [1e-3, 1e9)", () => {
    expect(num(30_840_000)).toBe("30,840,000");
    expect(num(1691.52)).toBe("1,691.52");
    expect(num(-1234567)).toBe("-1,234,567");
    expect(num(123)).toBe("123");
    expect(num(-123.456789)).toBe("-123.457");
    expect(num(3.79e25)).toBe("3.79e25");
    expect(num(0)).toBe("0");
    expect(num(Number.NaN)).toBe("NaN");
  });

  it("writes every number as the regular expression did", () => {
    const anyNumber = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -2e9, max: 2e9 }),
      fc.double({ min: -1e9, max: 1e9 }),
      fc.double({ min: 1e-4, max: 1e-2 }),
      fc.constantFrom(999, 1000, 999_999, 1_000_000, 999_999_999, 999_999_999.5, -1000, 0.001, -0.001, -0),
    );
    fc.assert(
      fc.property(anyNumber, (x) => {
        expect(num(x)).toBe(numByRegExp(x));
      }),
      { numRuns: 20_000 },
    );
  });
});
