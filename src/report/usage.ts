import type { UsageGroup, UsageReport } from "../schema/usage.js";
import { csvCell, esc, money, percent, quantity, signedMoney } from "./format.js";

/**
 * `llmcost usage` reports: table, JSON, CSV and Markdown of one UsageReport. Renderers never
 * compute: the engine's numbers are only rounded (format.ts) and laid out.
 */

export const USAGE_FORMATS_OUT = ["table", "json", "csv", "markdown"] as const;

function keyText(g: UsageGroup, by: readonly string[]): string[] {
  return by.map((k) => g.key[k] ?? "-");
}

function costText(g: UsageGroup, currency: string): string {
  const m = money(g.cost, currency);
  return g.rows_unpriced > 0 ? `${m} +${g.rows_unpriced} unpriced` : m;
}

function diffText(g: UsageGroup): string {
  if (g.difference === null) return "";
  return `${g.difference >= 0 ? "+" : ""}${percent(g.difference)}${g.flagged ? " !" : ""}`;
}

function headerLine(r: UsageReport): string {
  const files = r.inputs.length === 1 ? (r.inputs[0]?.file ?? "") : `${r.inputs.length} inputs`;
  const period = r.period ? `, ${r.period.from} … ${r.period.to}` : "";
  return `usage: ${files}, ${quantity(r.rows_read)} rows${period}; each row priced at its own date (catalog ${r.catalog.version}), ${r.currency}`;
}

function pad(cells: string[][], right: boolean[]): string {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length))) ?? [];
  return cells
    .map((row) =>
      row
        .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function renderUsageTable(r: UsageReport): string {
  const out: string[] = [headerLine(r)];
  const hasProvider = r.provider_cost !== null;
  const hasReprice = r.reprice !== undefined;
  const head = [
    ...r.by,
    "rows",
    "requests",
    "input",
    "cached",
    "output",
    "cost",
    ...(hasProvider ? ["provider cost", "diff"] : []),
    ...(hasReprice ? [`on ${r.reprice?.target}`] : []),
  ];
  const right = head.map((_, i) => i >= r.by.length);
  const rows = [head];
  for (const g of r.groups)
    rows.push([
      ...keyText(g, r.by),
      quantity(g.rows),
      quantity(g.requests),
      quantity(g.tokens.input),
      quantity(g.tokens.cached),
      quantity(g.tokens.output),
      costText(g, r.currency),
      ...(hasProvider ? [g.provider_cost === null ? "" : money(g.provider_cost, r.currency), diffText(g)] : []),
      ...(hasReprice
        ? [
            g.reprice?.cost === null || g.reprice === undefined
              ? `n/a (${g.reprice?.rows_unavailable ?? 0} rows)`
              : money(g.reprice.cost, r.currency),
          ]
        : []),
    ]);
  rows.push([
    "total",
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
  out.push("", pad(rows, right));
  if (hasProvider) {
    const flagged = r.groups.filter((g) => g.flagged).length;
    out.push(
      "",
      `provider cost: what the source reported (${r.rows_cost_only} cost-only rows); diff = (llmcost − provider) / provider; ! above the threshold (${flagged} groups)`,
    );
  }
  if (r.reprice)
    out.push(
      "",
      `reprice on ${r.reprice.target}: ${money(r.reprice.total, r.currency)} (${signedMoney(r.reprice.total - r.total, r.currency)} vs actual)${r.reprice.complete ? "" : "; some rows have no offering there (n/a)"}`,
    );
  if (!r.complete) {
    out.push(
      "",
      `INCOMPLETE: ${quantity(r.rows_unpriced)} rows could not be priced; the total leaves them out (a floor, not $0 for them):`,
    );
    const u = [["model", "provider", "rows", "input", "output", "reason", "first"]];
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
    out.push(pad(u, [false, false, true, true, true, false, false]));
  }
  if (r.against) out.push("", ...againstLines(r));
  if (r.errors > 0)
    out.push("", `${quantity(r.errors)} lines could not be read (first ones on stderr; --format json lists them)`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return `${out.join("\n")}\n`;
}

export function renderUsageMarkdown(r: UsageReport): string {
  const out: string[] = [`**${esc(headerLine(r))}**`, ""];
  const hasProvider = r.provider_cost !== null;
  const head = [
    ...r.by,
    "rows",
    "requests",
    "input",
    "cached",
    "output",
    "cost",
    ...(hasProvider ? ["provider cost", "diff"] : []),
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
        esc(costText(g, r.currency)),
        ...(hasProvider ? [g.provider_cost === null ? "" : money(g.provider_cost, r.currency), diffText(g)] : []),
      ].join(" | ")} |`,
    );
  out.push(
    `| **total** |${" |".repeat(r.by.length - 1)} ${quantity(r.rows_priced + r.rows_unpriced)} | ${quantity(r.requests)} | ${quantity(r.tokens.input)} | ${quantity(r.tokens.cached)} | ${quantity(r.tokens.output)} | **${r.complete ? "" : "≥ "}${money(r.total, r.currency)}** |${hasProvider ? ` ${r.provider_cost === null ? "" : money(r.provider_cost, r.currency)} | |` : ""}`,
  );
  if (r.reprice) out.push("", `Repriced on ${esc(r.reprice.target)}: ${money(r.reprice.total, r.currency)}`);
  if (!r.complete) {
    out.push("", `**Incomplete:** ${quantity(r.rows_unpriced)} rows could not be priced.`, "");
    out.push("| model | provider | rows | reason |", "| --- | --- | ---: | --- |");
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

/** --against: actual against the workload's estimate per item, with the two causes that add up. */
function againstLines(r: UsageReport): string[] {
  const a = r.against;
  if (!a) return [];
  const cur = r.currency;
  const rows = [["item", "model", "estimate", "actual", "difference", "volume", "per request", "requests est/act"]];
  for (const it of a.items)
    rows.push([
      it.name,
      it.model,
      it.estimate === null ? "n/a" : money(it.estimate, cur),
      money(it.actual, cur),
      it.difference === null ? "" : signedMoney(it.difference, cur),
      signedMoney(it.causes.volume, cur),
      signedMoney(it.causes.per_request, cur),
      `${quantity(it.requests.estimate)} / ${quantity(it.requests.actual)}`,
    ]);
  return [
    `against ${a.workload} (per ${a.period}; actuals scaled ×${a.scale.toPrecision(4)} from the log window):`,
    pad(rows, [false, false, true, true, true, true, true, true]),
    `estimate ${money(a.estimate_total, cur)}, actual ${money(a.actual_total, cur)}${a.actual_not_in_workload > 0 ? `; ${money(a.actual_not_in_workload, cur)} of it on models the workload does not name` : ""}`,
    "volume = (actual − estimated requests) × estimated cost per request; per request = actual requests ×",
    "(actual − estimated cost per request): tokens per request, cache share, prices and provider together.",
  ];
}
