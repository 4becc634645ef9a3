import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import {
  cells,
  count,
  group,
  money,
  percent,
  plainCells,
  quantity,
  readableNumbers,
  signedMoney,
  unitPrice,
  wrap,
  wrapCell,
  wrapCellWords,
  wrapWords,
} from "../../src/report/format.js";

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

describe("wrapping: the shortcut for text that fits gives what the word loop gives", () => {
  // Words from pieces that matter to the loop: spaces (single, double, leading, trailing), tabs and
  // other white space, wide (CJK) and zero-width (combining, control) characters, URLs, ids that
  // break after "/" or "-", colour codes.
  const piece = fc.oneof(
    fc.constantFrom(
      " ",
      "  ",
      "\t",
      "\u3000",
      "\u00a0",
      "新人免费额度",
      "e\u0301",
      "\u0007",
      "\u001b[2m",
      "\u001b[22m",
    ),
    fc.constantFrom("https://example.com/a/b", "anthropic.claude-3-5-haiku-20241022-v1:0", "✓", "—", "×"),
    fc.string({ maxLength: 12 }),
  );
  const text = fc.array(piece, { maxLength: 14 }).map((p) => p.join(""));
  it("wrap(text, width, indent) equals wrapWords(text, width, indent)", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 130 }), fc.constantFrom("", "  ", "    ", "> ", "\t"), (t, w, i) => {
        expect(wrap(t, w, i)).toBe(wrapWords(t, w, i));
      }),
      { numRuns: 3000 },
    );
  });
  it("wrapCell(text, width) equals wrapCellWords(text, width)", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 80 }), (t, w) => {
        expect(wrapCell(t, w)).toEqual(wrapCellWords(t, w));
      }),
      { numRuns: 3000 },
    );
  });
  it("by hand: a line that fits comes back as it is, after its indent", () => {
    expect(wrap("input: 292,000,000 tokens × $0.15/1M tok = $43.80", 80, "    ")).toBe(
      "    input: 292,000,000 tokens × $0.15/1M tok = $43.80",
    );
    // A leading space is dropped by the word loop (an empty first word): no shortcut for it.
    expect(wrap(" a", 80, "")).toBe("a");
    expect(wrapCell(" a", 10)).toEqual(["a"]);
  });
});

describe("cells: display width as string-width measures it", () => {
  it("equals string-width on any text of ASCII, CJK, marks, controls, escape codes and emoji", () => {
    const ch = fc.oneof(
      fc.string({ unit: "binary", maxLength: 3 }),
      fc.constantFrom("a", " ", "×", "·", "—", "…", "→", "≥", "✓", "✔", "©", "®", "™", "↔", "☕", "⌚", "ℹ"),
      fc.constantFrom("新", "人", "免", "ｱ", "한", "e\u0301", "\u0301", "\u200b", "\u00ad", "\u3000", "\u2028"),
      fc.constantFrom("\u001b[2m", "\u001b[22m", "\u009b31m", "\u0007", "\u007f", "\u0085", "\u202e"),
      fc.constantFrom("😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "#️⃣", "1\u20e3", "❤️", "☕\ufe0e", "\ud83d", "\ude00"),
    );
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 12 }), (parts) => {
        const s = parts.join("");
        expect(cells(s)).toBe(stringWidth(s));
        // Widths of parts that plainCells measures add up to the width of the whole (the table
        // measures the parts of a component line once and adds them).
        const ws = parts.map(plainCells);
        if (ws.every((w) => w >= 0)) expect(ws.reduce((a, b) => a + b, 0)).toBe(cells(s));
        else expect(plainCells(s)).toBe(-1);
      }),
      { numRuns: 5000 },
    );
  });
});

/**
 * The number formatting as it was written before issue 15 made it allocate less (regular
 * expressions, split and startsWith): the reference the faster code is held to.
 */
const before = {
  roundMoney(n: number): string {
    const a = Math.abs(n);
    if (a >= 1e15 || (a > 0 && a < 1e-6)) return n.toExponential(2).replace("e+", "e");
    const decimals = a >= 1 || a === 0 ? 2 : Math.max(4, 1 - Math.floor(Math.log10(a)));
    let s = n.toFixed(decimals);
    if (/^-0\.0*$/.test(s)) s = s.slice(1);
    return s;
  },
  group(s: string): string {
    if (s.includes("e")) return s;
    const neg = s.startsWith("-");
    const body = neg ? s.slice(1) : s;
    const [int, frac] = body.split(".") as [string, string | undefined];
    const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${neg ? "-" : ""}${g}${frac !== undefined ? `.${frac}` : ""}`;
  },
  money(n: number, currency: string): string {
    if (!Number.isFinite(n)) return "n/a";
    const s = before.group(before.roundMoney(n));
    const sym = ({ USD: "$", EUR: "€", GBP: "£", CNY: "CN¥", JPY: "JP¥" } as Record<string, string>)[currency];
    const neg = s.startsWith("-");
    return `${neg ? "-" : ""}${sym ?? `${currency} `}${neg ? s.slice(1) : s}`;
  },
  signedMoney(n: number, currency: string): string {
    const m = before.money(n, currency);
    if (Number(before.roundMoney(n)) === 0 || m.startsWith("-")) return m;
    return `+${m}`;
  },
  percent(ratio: number): string {
    if (!Number.isFinite(ratio)) return "n/a";
    const p = ratio * 100;
    const s = Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1);
    const clean = /^-0(\.0)?$/.test(s) ? s.slice(1) : s;
    return `${p > 0 && clean !== "0" && clean !== "0.0" ? "+" : ""}${clean}%`;
  },
};

describe("number formatting: the same text as the regular-expression code it replaced", () => {
  // Amounts of every magnitude and sign, near the thresholds (1, 1e-6, 1e15, rounding to zero),
  // and the values that are not numbers.
  const amount = fc.oneof(
    fc.double(),
    fc.double({ min: -2, max: 2 }),
    fc.double({ min: -1e-5, max: 1e-5 }),
    fc.integer().map((i) => i / 100),
    fc.constantFrom(0, -0, 1, -1, 0.999999, 0.0049999, -0.005, 1e-6, -1e-6, 999.995, 1e15, -1e15, 999999999999999.9),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );
  const currency = fc.constantFrom("USD", "EUR", "CNY", "JPY", "GBP", "CHF", "KRW");
  it("money, signedMoney and percent", () => {
    fc.assert(
      fc.property(amount, currency, (n, c) => {
        expect(money(n, c)).toBe(before.money(n, c));
        expect(signedMoney(n, c)).toBe(before.signedMoney(n, c));
        expect(percent(n)).toBe(before.percent(n));
      }),
      { numRuns: 5000 },
    );
  });
  it("group: digits with an optional sign and fraction, and exponent forms", () => {
    const digits = fc.array(fc.constantFrom(..."0123456789"), { maxLength: 22 }).map((d) => d.join(""));
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits), fc.boolean(), (neg, int, frac, exp) => {
        const s = `${neg ? "-" : ""}${int}${frac !== null ? `.${frac}` : ""}${exp ? "e5" : ""}`;
        expect(group(s)).toBe(before.group(s));
      }),
      { numRuns: 3000 },
    );
    // By hand: commas every three digits from the point, never before the first.
    expect(group("1234567.891")).toBe("1,234,567.891");
    expect(group("-123456")).toBe("-123,456");
    expect(group("999")).toBe("999");
  });
});
