import { describe, expect, it } from "vitest";
import { count, money, quantity, readableNumbers, signedMoney, unitPrice } from "../../src/report/format.js";

describe("money people can read", () => {
  it.each([
    // from 1 up: 2 decimals, grouped
    [1145138.004, "$1,145,138.00"],
    [1, "$1.00"],
    [12.345, "$12.35"],
    // below 1: 4 decimals, or 2 significant digits when that shows more
    [0.5, "$0.5000"],
    [0.0035, "$0.0035"],
    // one gpt-4o-mini request of 100 input tokens: 100 × $0.15 / 1e6 = $0.000015
    [0.000015, "$0.000015"],
    [0.00001234, "$0.000012"],
    [0, "$0.00"],
    // never "-0.00"
    [-0.000000000001, "-$1.00e-12"],
    [0.0000005, "$5.00e-7"],
    [-0.001, "-$0.0010"],
    // huge amounts keep their magnitude: 6.3875e22 is not "$6.38750000…"
    [6.3875e22, "$6.39e22"],
    [1e15, "$1.00e15"],
  ])("%s → %s", (n, s) => {
    expect(money(n, "USD")).toBe(s);
  });

  it("signs differences, and prints no sign on what rounds to zero", () => {
    expect(signedMoney(168137.43, "USD")).toBe("+$168,137.43");
    expect(signedMoney(-0.000015, "USD")).toBe("-$0.000015");
    expect(signedMoney(0, "USD")).toBe("$0.00");
  });

  it("names currencies without a symbol", () => {
    expect(money(12, "CHF")).toBe("CHF 12.00");
    expect(money(0.042, "CNY")).toBe("CN¥0.0420");
  });
});

describe("quantities, counts and explained numbers", () => {
  it("uses suffixes, then exponent form with no '+'", () => {
    expect(quantity(608333.33)).toBe("608,333");
    expect(quantity(1.5e9)).toBe("1.50B");
    expect(quantity(6.4e22)).toBe("6.40e22");
  });

  it("says 1 request, 2 requests", () => {
    expect(count(1, "request")).toBe("1 request");
    expect(count(2, "request")).toBe("2 requests");
    expect(count(608333.33, "request")).toBe("608,333 requests");
    expect(count(0, "request")).toBe("0 requests");
  });

  it("formats the numbers inside an --explain line", () => {
    // 20,000 requests/day × 730/24 days = 608,333.33 requests; × 1,000 tokens = 608,333,333.33
    expect(readableNumbers("608333333.3333334 × 0.15 ÷ 1e6 = 91.25000000000001")).toBe(
      "608,333,333.33 × 0.15 ÷ 1e6 = 91.25",
    );
    expect(readableNumbers("6.3875e+22 × 2")).toBe("6.3875e22 × 2");
    expect(readableNumbers("as of 2024-10-02, llama-3.1-70b")).toBe("as of 2024-10-02, llama-3.1-70b");
  });

  it("keeps unit prices to 6 significant digits", () => {
    expect(unitPrice(0.15000000000000002)).toBe("0.15");
    expect(unitPrice(6.3875e22)).toBe("6.39e22");
  });
});
