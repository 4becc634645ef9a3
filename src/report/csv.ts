import { csvCell } from "./format.js";
import type { Renderer } from "./types.js";

/** One row per option (RFC 4180 quoting); money unrounded beyond 6 decimals so sums can be checked. */
export const renderCsv: Renderer = (e) => {
  const header = [
    "item",
    "kind",
    "model",
    "rank",
    "selected",
    "provider",
    "offering",
    "via",
    "cost",
    "currency",
    "period",
    "price_from",
    "notes",
    "billing",
    "plan",
    "break_even",
    "break_even_unit",
  ];
  const rows: string[][] = [header];
  for (const it of e.items) {
    if (it.options.length === 0)
      rows.push([
        it.name,
        it.kind,
        it.model,
        "",
        "false",
        "",
        "",
        "",
        "",
        e.currency,
        e.period,
        "",
        it.notes.join("; "),
        "",
        "",
        "",
        "",
      ]);
    it.options.forEach((o, i) => {
      // The selected option is the first (options are ranked; a pinned item ranks only its providers).
      const sel = i === 0 && it.selected !== null;
      rows.push([
        it.name,
        it.kind,
        it.model,
        String(i + 1),
        String(sel),
        o.provider,
        o.offering,
        o.via,
        fixed(o.cost),
        e.currency,
        e.period,
        o.price_from,
        o.notes.join("; "),
        o.billing,
        o.plan ?? "",
        o.break_even ? fixed(o.break_even.quantity) : "",
        o.break_even ? o.break_even.unit : "",
      ]);
    });
  }
  rows.push([
    "TOTAL",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    fixed(e.total),
    e.currency,
    e.period,
    "",
    e.complete ? "" : "incomplete",
    "",
    "",
    "",
    "",
  ]);
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
};

function fixed(n: number): string {
  const s = n.toFixed(6).replace(/\.?0+$/, "");
  return s === "-0" ? "0" : s;
}
