import type { UsageGroup, UsageReport } from "../schema/usage.js";
import {
  cells,
  csvCell,
  esc,
  money,
  padCells,
  percent,
  quantity,
  signedMoney,
  textWidth,
  wrap,
  wrapCell,
} from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import type { Lang } from "./lang.js";

/**
 * `llmcost usage` reports: table, JSON, CSV and Markdown of one UsageReport. Renderers never
 * compute: the engine's numbers are only rounded (format.ts) and laid out.
 */

export const USAGE_FORMATS_OUT = ["table", "json", "csv", "markdown"] as const;

function keyText(g: UsageGroup, by: readonly string[]): string[] {
  return by.map((k) => g.key[k] ?? "-");
}

const EN = phrases("en");

/**
 * A group's cost, with its unpriced rows. A group whose rows were all unpriced has no cost to show:
 * "— 3 unpriced", never "$0.00" (its JSON `cost` stays the number 0, as the contract says, beside
 * `rows_unpriced`).
 */
function costText(g: UsageGroup, currency: string, t: Phrases = EN): string {
  if (allUnpriced(g)) return t("— {n} unpriced", { n: g.rows_unpriced });
  const m = money(g.cost, currency);
  return g.rows_unpriced > 0 ? t("{cost} +{n} unpriced", { cost: m, n: g.rows_unpriced }) : m;
}

/** The group on --reprice's target: n/a for rows it cannot run, — for a group with no priced row. */
function repriceText(g: UsageGroup, currency: string, t: Phrases = EN): string {
  if (g.reprice?.cost === null || g.reprice === undefined)
    return t("n/a ({n} rows)", { n: g.reprice?.rows_unavailable ?? 0 });
  return allUnpriced(g) ? "—" : money(g.reprice.cost, currency);
}

function allUnpriced(g: UsageGroup): boolean {
  return g.rows_unpriced > 0 && g.rows_unpriced >= g.rows;
}

function diffText(g: UsageGroup): string {
  if (g.difference === null) return "";
  return `${g.difference >= 0 ? "+" : ""}${percent(g.difference)}${g.flagged ? " !" : ""}`;
}

function headerLine(r: UsageReport, t: Phrases = EN): string {
  const files = r.inputs.length === 1 ? (r.inputs[0]?.file ?? "") : t("{n} inputs", { n: r.inputs.length });
  const period = r.period ? `, ${r.period.from} … ${r.period.to}` : "";
  return t("usage: {files}, {rows} rows{period}; each row priced at its own date (catalog {version}), {currency}", {
    files,
    rows: quantity(r.rows_read),
    period,
    version: r.catalog.version,
    currency: r.currency,
  });
}

/** Space between columns. */
const GAP = 2;
/** The narrowest a wrapped text column gets (a date, 2026-10-14, stays whole). */
const MIN_TEXT = 10;

function columnWidths(rows: string[][]): number[] {
  return rows[0]?.map((_, i) => Math.max(...rows.map((row) => cells(row[i] ?? "")))) ?? [];
}

function tableWidth(widths: number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
}

/**
 * Lay out rows of cells in `width` display columns (string-width: CJK counts two), as the other
 * tables do: nothing is cut. When the table is too wide, the optional columns (`drop`, by header,
 * first dropped first) are left out, then the text columns are narrowed, their cells wrapped onto
 * more lines (wrapCell breaks a long id after - / . :), then number columns wrap at spaces.
 * Returns the text and the headers left out.
 */
function fitTable(
  rows: string[][],
  right: boolean[],
  width: number,
  drop: readonly string[],
): { text: string; dropped: string[] } {
  let table = rows;
  let align = right;
  const dropped: string[] = [];
  for (const name of drop) {
    if (tableWidth(columnWidths(table)) <= width) break;
    const i = table[0]?.indexOf(name) ?? -1;
    if (i < 0) continue;
    table = table.map((row) => row.filter((_, k) => k !== i));
    align = align.filter((_, k) => k !== i);
    dropped.push(name);
  }
  const widths = columnWidths(table);
  // Narrow the widest text column a column at a time (so they end up balanced), then the widest
  // number column down to its longest word: "$0.0010 +2 unpriced" and headers wrap at spaces only.
  const longestWord = table[0]?.map((_, i) =>
    Math.max(...table.map((row) => Math.max(...(row[i] ?? "").split(" ").map(cells)))),
  );
  const narrow = (canShrink: (i: number) => boolean) => {
    while (tableWidth(widths) > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++)
        if (canShrink(i) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
      if (widest < 0) return;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  };
  narrow((i) => !align[i] && (widths[i] ?? 0) > MIN_TEXT);
  narrow((i) => !!align[i] && (widths[i] ?? 0) > (longestWord?.[i] ?? 0));
  const lines: string[] = [];
  for (const row of table) {
    const wrapped = row.map((c, i) => wrapCell(c, widths[i] ?? 0));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++)
      lines.push(
        wrapped
          .map((w, i) => padCells(w[l] ?? "", widths[i] ?? 0, align[i]))
          .join(" ".repeat(GAP))
          .trimEnd(),
      );
  }
  return { text: lines.join("\n"), dropped };
}

/** Terminal width (the CLI passes it; 80 when not given) and the labels' language. */
export interface UsageTableOptions {
  width?: number | undefined;
  lang?: Lang | undefined;
}

export function renderUsageTable(r: UsageReport, opts: UsageTableOptions = {}): string {
  const t = phrases(opts.lang ?? "en");
  const width = textWidth(opts.width ?? 80);
  const out: string[] = [headerLine(r, t)];
  const hasProvider = r.provider_cost !== null;
  const rows = groupRows(r, t);
  const right = (rows[0] ?? []).map((_, i) => i >= r.by.length);
  // Too wide: cached, requests, rows, then the token counts go first (JSON and CSV keep them all).
  const drop = ["cached", "requests", "rows", "input", "output"].map((k) => t(k));
  const fit = fitTable(rows, right, width, drop);
  out.push("", fit.text);
  if (fit.dropped.length > 0)
    out.push(
      t("({columns} left out to fit {width} columns; --format csv or json has them)", {
        columns: fit.dropped.join(t(", ")),
        width,
      }),
    );
  if (hasProvider) {
    const flagged = r.groups.filter((g) => g.flagged).length;
    out.push(
      "",
      t(
        "provider cost: what the source reported ({n} cost-only rows); diff = (llmcost − provider) / provider; ! above the threshold ({flagged} groups)",
        { n: r.rows_cost_only, flagged },
      ),
    );
  }
  if (r.reprice)
    out.push(
      "",
      t("reprice on {target}: {total} ({change} vs actual){partial}", {
        target: r.reprice.target,
        total: money(r.reprice.total, r.currency),
        change: signedMoney(r.reprice.total - r.total, r.currency),
        partial: r.reprice.complete ? "" : t("; some rows have no offering there (n/a)"),
      }),
    );
  if (!r.complete) out.push("", ...unpricedLines(r, width, t));
  if (r.against) out.push("", ...againstLines(r, width, t));
  if (r.errors > 0)
    out.push(
      "",
      t("{n} lines could not be read (first ones on stderr; --format json lists them)", { n: quantity(r.errors) }),
    );
  for (const w of r.warnings) out.push(t("warning: {text}", { text: w }));
  // Prose lines wrap to the width; tables (several lines in one entry) are already laid out to it.
  return `${out.map((l) => (l.includes("\n") || cells(l) <= width ? l : wrap(l, width, ""))).join("\n")}\n`;
}

export function renderUsageMarkdown(r: UsageReport, opts: UsageTableOptions = {}): string {
  const t = phrases(opts.lang ?? "en");
  const out: string[] = [`**${esc(headerLine(r, t))}**`, ""];
  const hasProvider = r.provider_cost !== null;
  const head = [
    ...r.by.map((k) => t(k)),
    ...["rows", "requests", "input", "cached", "output", "cost"].map((k) => t(k)),
    ...(hasProvider ? [t("provider cost"), t("diff")] : []),
  ];
  out.push(`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i >= r.by.length ? "---:" : "---")).join(" | ")} |`);
  for (const g of r.groups)
    out.push(
      `| ${[
        ...keyText(g, r.by).map(esc),
        quantity(g.rows),
        quantity(g.requests),
        quantity(g.tokens.input),
        quantity(g.tokens.cached),
        quantity(g.tokens.output),
        esc(costText(g, r.currency, t)),
        ...(hasProvider ? [g.provider_cost === null ? "" : money(g.provider_cost, r.currency), diffText(g)] : []),
      ].join(" | ")} |`,
    );
  out.push(
    `| **${t("total")}** |${" |".repeat(r.by.length - 1)} ${quantity(r.rows_priced + r.rows_unpriced)} | ${quantity(r.requests)} | ${quantity(r.tokens.input)} | ${quantity(r.tokens.cached)} | ${quantity(r.tokens.output)} | **${r.complete ? "" : "≥ "}${money(r.total, r.currency)}** |${hasProvider ? ` ${r.provider_cost === null ? "" : money(r.provider_cost, r.currency)} | |` : ""}`,
  );
  if (r.reprice)
    out.push(
      "",
      t("Repriced on {target}: {total}", { target: esc(r.reprice.target), total: money(r.reprice.total, r.currency) }),
    );
  if (!r.complete) {
    out.push("", t("**Incomplete:** {n} rows could not be priced.", { n: quantity(r.rows_unpriced) }), "");
    out.push(
      `| ${["model", "provider", "rows", "reason"].map((k) => t(k)).join(" | ")} |`,
      "| --- | --- | ---: | --- |",
    );
    for (const m of r.unpriced)
      out.push(`| ${esc(m.model)} | ${esc(m.provider ?? "-")} | ${quantity(m.rows)} | ${esc(m.reason)} |`);
  }
  return `${out.join("\n")}\n`;
}

/** One line per group; full precision (CSV is for spreadsheets, which round themselves). */
export function renderUsageCsv(r: UsageReport): string {
  const head = [
    ...r.by,
    "rows",
    "rows_unpriced",
    "requests",
    "input_tokens",
    "cached_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cost",
    "provider_cost",
    "difference",
    ...(r.reprice ? ["reprice_cost"] : []),
    "currency",
  ];
  const lines = [head.join(",")];
  for (const g of r.groups)
    lines.push(
      [
        ...keyText(g, r.by).map(csvCell),
        g.rows,
        g.rows_unpriced,
        g.requests,
        g.tokens.input,
        g.tokens.cached,
        g.tokens.cache_write,
        g.tokens.output,
        g.tokens.reasoning,
        g.cost,
        g.provider_cost ?? "",
        g.difference ?? "",
        ...(r.reprice ? [g.reprice?.cost ?? ""] : []),
        r.currency,
      ].join(","),
    );
  return `${lines.join("\n")}\n`;
}

export function renderUsageJson(r: UsageReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** The group table's cells: the header, one row per group, the total; provider and reprice columns when present. */
function groupRows(r: UsageReport, t: Phrases): string[][] {
  const hasProvider = r.provider_cost !== null;
  const hasReprice = r.reprice !== undefined;
  const head = [
    ...r.by.map((k) => t(k)),
    ...["rows", "requests", "input", "cached", "output", "cost"].map((k) => t(k)),
    ...(hasProvider ? [t("provider cost"), t("diff")] : []),
    ...(hasReprice ? [t("on {target}", { target: String(r.reprice?.target) })] : []),
  ];
  const rows = [head];
  for (const g of r.groups)
    rows.push([
      ...keyText(g, r.by),
      quantity(g.rows),
      quantity(g.requests),
      quantity(g.tokens.input),
      quantity(g.tokens.cached),
      quantity(g.tokens.output),
      costText(g, r.currency, t),
      ...(hasProvider ? [g.provider_cost === null ? "" : money(g.provider_cost, r.currency), diffText(g)] : []),
      ...(hasReprice ? [repriceText(g, r.currency, t)] : []),
    ]);
  rows.push([
    t("total"),
    ...r.by.slice(1).map(() => ""),
    quantity(r.rows_priced + r.rows_unpriced),
    quantity(r.requests),
    quantity(r.tokens.input),
    quantity(r.tokens.cached),
    quantity(r.tokens.output),
    r.complete ? money(r.total, r.currency) : `≥ ${money(r.total, r.currency)}`,
    ...(hasProvider ? [r.provider_cost === null ? "" : money(r.provider_cost, r.currency), ""] : []),
    ...(hasReprice && r.reprice ? [`${r.reprice.complete ? "" : "≥ "}${money(r.reprice.total, r.currency)}`] : []),
  ]);
  return rows;
}

/** INCOMPLETE: the rows that could not be priced, per model and provider, with the reason and the first place. */
function unpricedLines(r: UsageReport, width: number, t: Phrases): string[] {
  const u = [["model", "provider", "rows", "input", "output", "reason", "first"].map((k) => t(k))];
  for (const m of r.unpriced)
    u.push([
      m.model,
      m.provider ?? "-",
      quantity(m.rows),
      quantity(m.input_tokens),
      quantity(m.output_tokens),
      m.reason,
      m.first,
    ]);
  return [
    t("INCOMPLETE: {n} rows could not be priced; the total leaves them out (a floor, not $0 for them):", {
      n: quantity(r.rows_unpriced),
    }),
    fitTable(u, [false, false, true, true, true, false, false], width, []).text,
  ];
}

/** --against: actual against the workload's estimate per item, with the two causes that add up. */
function againstLines(r: UsageReport, width: number, t: Phrases): string[] {
  const a = r.against;
  if (!a) return [];
  const cur = r.currency;
  const head = ["item", "model", "estimate", "actual", "difference", "volume", "per request", "requests est/act"];
  const rows = [head.map((k) => t(k))];
  for (const it of a.items)
    rows.push([
      it.name,
      it.model,
      it.estimate === null ? t("n/a") : money(it.estimate, cur),
      money(it.actual, cur),
      it.difference === null ? "" : signedMoney(it.difference, cur),
      signedMoney(it.causes.volume, cur),
      signedMoney(it.causes.per_request, cur),
      `${quantity(it.requests.estimate)} / ${quantity(it.requests.actual)}`,
    ]);
  const elsewhere =
    a.actual_not_in_workload > 0
      ? t("; {amount} of it on models the workload does not name", { amount: money(a.actual_not_in_workload, cur) })
      : "";
  return [
    t("against {workload} (per {period}; actuals scaled ×{scale} from the log window):", {
      workload: a.workload,
      period: t(a.period),
      scale: a.scale.toPrecision(4),
    }),
    fitTable(rows, [false, false, true, true, true, true, true, true], width, [t("requests est/act")]).text,
    t("estimate {estimate}, actual {actual}{elsewhere}", {
      estimate: money(a.estimate_total, cur),
      actual: money(a.actual_total, cur),
      elsewhere,
    }),
    t("volume = (actual − estimated requests) × estimated cost per request; per request = actual requests ×"),
    t("(actual − estimated cost per request): tokens per request, cache share, prices and provider together."),
  ];
}
