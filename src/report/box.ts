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
  const box = new Box(head, columns, color);
  let out = `${box.top}\n${box.head}`;
  if (rows.length > 0) out += `\n${box.rule}`;
  for (const row of rows) out += `\n${box.row(row)}`;
  return `${out}\n${box.bottom}`;
}

/**
 * The parts of a box table drawn once for its columns: its rules and header, and its rows drawn one
 * by one. The estimate table draws 10,000 boxes of the same few column widths, so it keeps one Box
 * per widths and draws only the rows of each (`line`, `row`).
 */
export class Box {
  /** The top rule, the header row, the rule under it, the bottom rule. */
  readonly top: string;
  readonly head: string;
  readonly rule: string;
  readonly bottom: string;
  /** A vertical bar between cells, grey in colour. */
  readonly bar: string;
  readonly columns: readonly BoxColumn[];

  constructor(head: readonly string[], columns: readonly BoxColumn[], color: boolean) {
    this.columns = columns;
    const paint = (code: readonly [string, string], s: string): string => (color ? `${code[0]}${s}${code[1]}` : s);
    this.bar = paint(GREY, "│");
    const rule = (left: string, mid: string, right: string): string =>
      columns
        .map((c, i) =>
          paint(GREY, `${i === 0 ? left : mid}${"─".repeat(c.width)}${i === columns.length - 1 ? right : ""}`),
        )
        .join("");
    this.top = rule("┌", "┬", "┐");
    this.head = `${this.bar}${columns.map((c, i) => `${paint(CYAN, cell(head[i] ?? "", cells(head[i] ?? ""), c))}${this.bar}`).join("")}`;
    this.rule = rule("├", "┼", "┤");
    this.bottom = rule("└", "┴", "┘");
  }

  /** One row: as many lines as its tallest cell (a cell's lines are split at `\n`), joined with `\n`. */
  row(row: readonly string[]): string {
    const columns = this.columns;
    let height = 1;
    for (let i = 0; i < columns.length; i++) height = Math.max(height, lineCount(row[i] ?? ""));
    if (height === 1) {
      let line = this.bar;
      for (let i = 0; i < columns.length; i++) {
        const text = row[i] ?? "";
        line += cell(text, cells(text), columns[i] as BoxColumn) + this.bar;
      }
      return line;
    }
    const split = columns.map((_, i) => (row[i] ?? "").split("\n"));
    let out = "";
    for (let k = 0; k < height; k++) {
      let line = this.bar;
      for (let i = 0; i < columns.length; i++) {
        const text = split[i]?.[k] ?? "";
        line += cell(text, cells(text), columns[i] as BoxColumn) + this.bar;
      }
      out += k === 0 ? line : `\n${line}`;
    }
    return out;
  }

  /** One line of cells without line breaks, whose display widths the caller knows (`widths[i]` = cells(texts[i])). */
  line(texts: readonly string[], widths: readonly number[]): string {
    const columns = this.columns;
    let line = this.bar;
    for (let i = 0; i < columns.length; i++)
      line += cell(texts[i] as string, widths[i] as number, columns[i] as BoxColumn) + this.bar;
    return line;
  }
}

/** One cell's text `w` columns wide, padded (or cut with "…") to its column, one space either side. */
export function cell(text: string, w: number, c: BoxColumn): string {
  const room = c.width - 2;
  const fitted = w > room ? truncate(text, room) : text;
  const gap = spaces(room - (w > room ? cells(fitted) : w));
  return c.align === "right" ? ` ${gap}${fitted} ` : ` ${fitted}${gap} `;
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
