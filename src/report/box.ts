import { cells, truncate } from "./format.js";

/** One column of a box table: its width in display columns (padding and content), and its alignment. */
export interface BoxColumn {
  width: number;
  align: "left" | "right";
}

const GREY = ["\u001b[90m", "\u001b[39m"] as const;
const CYAN = ["\u001b[36m", "\u001b[39m"] as const;

/**
 * A compact box-drawn table (a header row, its rule, the rows without rules between them), laid out
 * as cli-table3 lays out `{compact: true, wordWrap: false}`, byte for byte (tests/report/box.test.ts
 * compares the two), in a fraction of the time: cli-table3 measures and re-truncates every cell of
 * every row through string-width and ANSI-aware slicing, which made a 10,000-item table take
 * seconds (issue 15). Here each cell is measured once, with the ASCII shortcut of `cells`.
 *
 * A cell may hold several lines (`\n`): the row is as tall as its tallest cell, aligned at the top.
 * A table with no rows has no rule under its header (as cli-table3 draws it).
 * Text wider than its column is cut with "…" (the renderers size columns so that numbers never are).
 * With `color`, borders are grey and the header cyan, with the escape codes cli-table3 writes.
 */
export function boxTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  columns: readonly BoxColumn[],
  color: boolean,
): string {
  const paint = (code: readonly [string, string], s: string): string => (color ? `${code[0]}${s}${code[1]}` : s);
  const bar = paint(GREY, "│");
  const rule = (left: string, mid: string, right: string): string =>
    columns
      .map((c, i) =>
        paint(GREY, `${i === 0 ? left : mid}${"─".repeat(c.width)}${i === columns.length - 1 ? right : ""}`),
      )
      .join("");
  const cell = (text: string, c: BoxColumn): string => {
    const room = c.width - 2;
    const w = cells(text);
    const fitted = w > room ? truncate(text, room) : text;
    const gap = spaces(room - (w > room ? cells(fitted) : w));
    return c.align === "right" ? ` ${gap}${fitted} ` : ` ${fitted}${gap} `;
  };
  const out: string[] = [rule("┌", "┬", "┐")];
  out.push(`${bar}${columns.map((c, i) => `${paint(CYAN, cell(head[i] ?? "", c))}${bar}`).join("")}`);
  if (rows.length > 0) out.push(rule("├", "┼", "┤"));
  // Rows by plain loops and concatenation: a 10,000-item table draws 40,000 of them.
  for (const row of rows) {
    let height = 1;
    for (let i = 0; i < columns.length; i++) height = Math.max(height, lineCount(row[i] ?? ""));
    if (height === 1) {
      let line = bar;
      for (let i = 0; i < columns.length; i++) line += cell(row[i] ?? "", columns[i] as BoxColumn) + bar;
      out.push(line);
      continue;
    }
    const split = columns.map((_, i) => (row[i] ?? "").split("\n"));
    for (let k = 0; k < height; k++) {
      let line = bar;
      for (let i = 0; i < columns.length; i++) line += cell(split[i]?.[k] ?? "", columns[i] as BoxColumn) + bar;
      out.push(line);
    }
  }
  out.push(rule("└", "┴", "┘"));
  return out.join("\n");
}

/** Lines in a cell's text: 1 plus its line breaks. */
function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

const SPACES = " ".repeat(256);
/** `n` spaces (none for n ≤ 0). */
function spaces(n: number): string {
  return n <= 0 ? "" : n <= SPACES.length ? SPACES.slice(0, n) : " ".repeat(n);
}
