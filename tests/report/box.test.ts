import { createRequire } from "node:module";
import Table from "cli-table3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BoxColumn, boxTable } from "../../src/report/box.js";

/** What cli-table3 draws for the same table: the layout boxTable replaces (a devDependency, kept for this test). */
function reference(head: string[], rows: string[][], columns: BoxColumn[], color: boolean): string {
  const t = new Table({
    head,
    colWidths: columns.map((c) => c.width),
    colAligns: columns.map((c) => c.align),
    style: { head: color ? ["cyan"] : [], border: color ? ["grey"] : [], compact: true },
    wordWrap: false,
  });
  for (const r of rows) t.push(r);
  return t.toString();
}

// cli-table3 colours through @colors/colors, which turns itself off when it guesses the terminal has no
// colour (CI=true without a TTY, for one): the reference must colour whenever it is asked to, wherever the
// test runs. cli-table3 requires "@colors/colors/safe" itself, so enabling that instance is enough.
createRequire(import.meta.url)("@colors/colors/safe").enable();

const COLUMNS: BoxColumn[] = [
  { width: 4, align: "left" },
  { width: 20, align: "left" },
  { width: 10, align: "right" },
  { width: 12, align: "right" },
];

describe("boxTable draws what cli-table3 drew", () => {
  it("a small table, plain and in colour, with a two-line cell, a wide (CJK) name and a cut header", () => {
    const head = ["#", "provider / offering", "cost", "vs selected"];
    const rows = [
      ["✓", "openai gpt\nsecond line", "$1.00", ""],
      ["2", "中文名字", "$2.00", "+$1 (+100%)"],
    ];
    for (const color of [false, true])
      expect(boxTable(head, rows, COLUMNS, color)).toBe(reference(head, rows, COLUMNS, color));
    // Worked by hand: "provider / offering" is 19 columns in a cell of 20 − 2 padding = 18: 17 and "…".
    expect(boxTable(head, rows, COLUMNS, false).split("\n")[1]).toBe(
      "│ #  │ provider / offeri… │     cost │ vs select… │",
    );
  });

  it("any cells (ASCII, CJK, several lines), any widths", () => {
    const text = fc
      .array(fc.constantFrom("a", "b", " ", "-", "/", "中", "文", "$", "1", "\n"), { maxLength: 30 })
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: 24 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(text, { minLength: 5, maxLength: 5 }), { maxLength: 4 }),
        fc.boolean(),
        (widths, rows, color) => {
          const columns = widths.map((width, i): BoxColumn => ({ width, align: i % 2 ? "right" : "left" }));
          const head = widths.map((_, i) => `col ${i}`);
          const cut = rows.map((r) => r.slice(0, widths.length));
          expect(boxTable(head, cut, columns, color)).toBe(reference(head, cut, columns, color));
        },
      ),
      { numRuns: 200 },
    );
  });
});
