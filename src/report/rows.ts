import { Chalk } from "chalk";
import { cells, csvCell, esc, padCells, wrapCell } from "./format.js";

/**
 * A generic tabular view for listings (catalog list/show/diff/stats…): the command builds plain rows
 * of already-formatted cells; this renders them as aligned text, Markdown or CSV, and JSON carries
 * the command's own data instead.
 */

export interface Column {
  key: string;
  title: string;
  align?: "left" | "right";
  /** Maximum width in a text table; longer cells wrap onto more lines. */
  max?: number;
}

export type Row = Record<string, string>;

export function textTable(columns: Column[], rows: Row[], opts: { color: boolean; width: number }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const widths = columns.map((col) =>
    Math.min(col.max ?? 60, Math.max(cells(col.title), ...rows.map((r) => cells(r[col.key] ?? "")))),
  );
  // Shrink the widest column until the table fits the terminal; its cells then wrap onto more
  // lines (never cut: issue 13). A right-aligned column (a number) keeps its width.
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  while (total() > opts.width) {
    let wi = -1;
    widths.forEach((w, i) => {
      if (columns[i]?.align !== "right" && (wi < 0 || w > (widths[wi] as number))) wi = i;
    });
    if (wi < 0 || (widths[wi] as number) <= 8) break;
    widths[wi] = (widths[wi] as number) - 1;
  }
  const line = (row: string[]) => {
    const wrapped = row.map((cell, i) => wrapCell(cell, widths[i] as number));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++)
      out.push(
        wrapped
          .map((w, i) => padCells(w[k] ?? "", widths[i] as number, columns[i]?.align === "right"))
          .join("  ")
          .trimEnd(),
      );
    return out.join("\n");
  };
  const out = [c.bold(line(columns.map((col) => col.title)))];
  for (const r of rows) out.push(line(columns.map((col) => r[col.key] ?? "")));
  return `${out.join("\n")}\n`;
}

/** The header and alignment lines of a Markdown table. */
export function markdownHead(columns: Column[]): string {
  return [
    `| ${columns.map((c) => esc(c.title)).join(" | ")} |`,
    `| ${columns.map((c) => (c.align === "right" ? "---:" : "---")).join(" | ")} |`,
  ].join("\n");
}

export function markdownTable(columns: Column[], rows: Row[]): string {
  const out = [markdownHead(columns)];
  for (const r of rows) out.push(`| ${columns.map((c) => esc(r[c.key] ?? "")).join(" | ")} |`);
  return `${out.join("\n")}\n`;
}

export function csvTable(columns: Column[], rows: Row[]): string {
  const out = [columns.map((c) => csvCell(c.key)).join(",")];
  for (const r of rows) out.push(columns.map((c) => csvCell(r[c.key] ?? "")).join(","));
  return `${out.join("\n")}\n`;
}

export function renderRows(
  format: string,
  columns: Column[],
  rows: Row[],
  data: unknown,
  opts: { color: boolean; width: number },
): string {
  if (format === "json") return `${JSON.stringify(data, null, 2)}\n`;
  if (format === "csv") return csvTable(columns, rows);
  if (format === "markdown") return markdownTable(columns, rows);
  return textTable(columns, rows, opts);
}
