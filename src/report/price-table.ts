import { PRICE_TABLE_COLUMNS, type PriceRow } from "../schema/price-table.js";
import { csvCell } from "./format.js";

/** `llmcost catalog export --format csv|jsonl`: the dated price table, full precision, one row a line. */

export function renderPriceTableCsv(rows: readonly PriceRow[]): string {
  const out = [PRICE_TABLE_COLUMNS.join(",")];
  for (const r of rows)
    out.push(
      PRICE_TABLE_COLUMNS.map((c) =>
        r[c] === null ? "" : typeof r[c] === "number" ? String(r[c]) : csvCell(String(r[c])),
      ).join(","),
    );
  return `${out.join("\n")}\n`;
}

export function renderPriceTableJsonl(rows: readonly PriceRow[]): string {
  let out = "";
  for (const r of rows) {
    const o: Record<string, unknown> = {};
    for (const c of PRICE_TABLE_COLUMNS) o[c] = r[c];
    out += `${JSON.stringify(o)}\n`;
  }
  return out;
}
