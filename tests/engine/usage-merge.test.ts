import { describe, expect, it } from "vitest";
import { addExact, exactValue } from "../../src/engine/exact-sum.js";
import { usagePricer } from "../../src/engine/usage.js";
import type { UsageRow } from "../../src/schema/usage.js";
import { embedded } from "../helpers/cli.js";
import { messyUsageLog } from "../helpers/usage-logs.js";

/**
 * Pricing a log in parts and merging the parts in order (what the worker threads of a large file
 * do: docs/usage.md, Scale) gives the totals of one pass, to the last bit: same groups, sums,
 * unpriced models with the file:line of their first row, component order, and bucket traffic.
 */

function rowsOf(text: string): UsageRow[] {
  const rows: UsageRow[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      rows.push({ ...(JSON.parse(line) as UsageRow), file: "log.jsonl", line: i + 1 });
    } catch {}
  });
  return rows;
}

describe("usage pricer: partial sums merged in order equal one pass", () => {
  const opts = [
    { currency: "USD", by: ["model" as const] },
    { currency: "USD", by: ["day" as const, "project" as const], reprice: "cheapest" },
    { currency: "EUR", by: ["provider" as const, "week" as const, "user" as const], reprice: "openai" },
  ];
  for (const seed of [1, 2, 3])
    for (const o of opts)
      it(`seed ${seed}, --by ${o.by.join(",")}${o.reprice ? `, --reprice ${o.reprice}` : ""}`, () => {
        const catalog = embedded();
        const text = messyUsageLog(1500, seed);
        const rows = rowsOf(text);
        const one = usagePricer(catalog, o);
        const problems1 = rows.map((r) => one.add({ ...r }));
        // Three parts, cut at lines: each part numbers its lines from 1, as a worker does.
        const cuts = [0, 400, 1100, Number.POSITIVE_INFINITY];
        const parts = [0, 1, 2].map((k) => {
          const from = cuts[k] as number;
          const to = cuts[k + 1] as number;
          const p = usagePricer(catalog, o);
          const probs = rows
            .filter((r) => (r.line as number) > from && (r.line as number) <= to)
            .map((r) => p.add({ ...r, line: (r.line as number) - from }));
          return { p, probs, from };
        });
        const [first, ...rest] = parts as [(typeof parts)[0], ...typeof parts];
        for (const { p, from } of rest) expect(first.p.merge(p.partial(), from)).toBe(true);
        expect(parts.flatMap((x) => x.probs)).toEqual(problems1);
        expect(first.p.finish()).toEqual(one.finish());
      });

  it("refuses a part with a fractional count (its sums would depend on the order)", () => {
    const catalog = embedded();
    const row = (input: number): UsageRow => ({
      timestamp: "2026-10-14T09:00:00Z",
      provider: "openai",
      model: "gpt-4o-mini",
      input_tokens: input,
      output_tokens: 10,
      file: "f",
      line: 1,
    });
    const a = usagePricer(catalog, { currency: "USD" });
    const b = usagePricer(catalog, { currency: "USD" });
    a.add(row(1000));
    b.add(row(1000.5));
    expect(a.merge(b.partial(), 1)).toBe(false);
    const c = usagePricer(catalog, { currency: "USD" });
    c.add(row(2000));
    expect(a.merge(c.partial(), 1)).toBe(true);
  });
});

describe("exact sums", () => {
  it("do not depend on the order of the terms", () => {
    // Left to right, 0.1 + 0.2 + 0.3 = 0.6000000000000001 and 0.3 + 0.2 + 0.1 = 0.6; the exact sum
    // of the three doubles rounds to 0.6 either way.
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1);
    for (const order of [
      [0.1, 0.2, 0.3],
      [0.3, 0.2, 0.1],
      [0.2, 0.3, 0.1],
    ]) {
      const p: number[] = [];
      for (const x of order) addExact(p, x);
      expect(exactValue(p)).toBe(0.6);
    }
    // 1e16 + 1 - 1e16 is 0 left to right (1e16 + 1 rounds to 1e16); exactly it is 1.
    const q: number[] = [];
    for (const x of [1e16, 1, -1e16]) addExact(q, x);
    expect(exactValue(q)).toBe(1);
    expect(exactValue([])).toBe(0);
  });

  it("merge: adding one sum's partials into another gives the sum of all terms", () => {
    const terms = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.3);
    const all: number[] = [];
    for (const x of terms) addExact(all, x);
    const a: number[] = [];
    const b: number[] = [];
    terms.forEach((x, i) => {
      addExact(i < 77 ? a : b, x);
    });
    for (const x of b) addExact(a, x);
    expect(exactValue(a)).toBe(exactValue(all));
  });
});
