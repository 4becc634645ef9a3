import { Chalk } from "chalk";
import type { BudgetLine, Estimate } from "../schema/report.js";
import { esc, money, percent, textWidth, wrap } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import { type Column, type Row, textTable } from "./rows.js";
import type { Renderer } from "./types.js";

/**
 * Renderers for `llmcost check`: one line per budget (limit, estimate, headroom or overrun, in the
 * report currency), then the verdict. JSON is the estimate itself, whose `budget` carries the lines.
 */

export function budgetLabel(l: BudgetLine): string {
  const name = l.name === "total" ? "total" : l.name;
  if (l.max_increase !== undefined) return `${name} (baseline ${percent(l.max_increase)})`;
  return name;
}

function limitText(l: BudgetLine, currency: string): string {
  const written = l.written ? ` (${money(l.written.amount, l.written.currency)})` : "";
  return `${money(l.limit, currency)}${written}`;
}

const EN = phrases("en");

function headroomText(l: BudgetLine, currency: string, t: Phrases): string {
  if (l.status === "unknown" || l.headroom === null) return "—";
  return l.headroom >= 0 || l.status === "ok"
    ? t("{amount} left", { amount: money(Math.max(0, l.headroom), currency) })
    : t("{amount} over", { amount: money(-l.headroom, currency) });
}

function statusText(l: BudgetLine, t: Phrases): string {
  return l.status === "ok" ? t("ok") : l.status === "exceeded" ? t("EXCEEDED") : t("unknown");
}

/** The verdict line; "PASS" and "FAIL" stay first and in English in every language (CI logs grep them). */
export function verdict(e: Estimate, t: Phrases = EN): string {
  const lines = e.budget?.lines ?? [];
  const exceeded = lines.filter((l) => l.status === "exceeded").length;
  const unknown = lines.filter((l) => l.status === "unknown").length;
  const n = lines.length;
  if (exceeded > 0) return t("FAIL: {k} of {n} budget(s) exceeded", { k: exceeded, n });
  if (unknown > 0) return t("FAIL: {k} of {n} budget(s) could not be checked (items not priced)", { k: unknown, n });
  return n === 1 ? t("PASS: the budget holds") : t("PASS: all {n} budgets hold", { n });
}

function columns(t: Phrases): Column[] {
  return [
    { key: "budget", title: t("budget"), max: 40 },
    { key: "limit", title: t("limit"), align: "right" },
    { key: "estimate", title: t("estimate"), align: "right" },
    { key: "headroom", title: t("headroom"), align: "right" },
    { key: "status", title: t("status") },
    { key: "source", title: t("from"), max: 40 },
  ];
}

function rows(e: Estimate, t: Phrases = EN): Row[] {
  return (e.budget?.lines ?? []).map((l) => ({
    budget: budgetLabel(l),
    limit: limitText(l, e.currency),
    estimate: l.cost === null ? t("not priced") : money(l.cost, e.currency),
    headroom: headroomText(l, e.currency, t),
    status: statusText(l, t),
    source: l.source ?? "",
  }));
}

/** The baselines, one line each, under the table: a path is too long for a column in 80. */
function baselineNotes(e: Estimate): string[] {
  return (e.budget?.lines ?? [])
    .filter((l) => l.baseline !== undefined)
    .map(
      (l) =>
        `baseline: ${l.baseline_file ?? "(given)"} at ${money(l.baseline ?? 0, e.currency)} per ${e.period}; limit = baseline ${percent(l.max_increase ?? 0)} = ${money(l.limit, e.currency)}`,
    );
}

export const renderCheckTable: Renderer = (e, opts) => {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const t = phrases(opts.lang ?? "en");
  const out: string[] = [];
  const width = textWidth(opts.width);
  const per = t("{currency} per {period}", { currency: e.currency, period: t(e.period) });
  const head = wrap(
    `${e.workload} · ${t("{per} · prices as of {date} · catalog {version}", { per, date: e.catalog.as_of, version: e.catalog.version })}`,
    width,
    "",
  );
  out.push(c.bold(head.slice(0, e.workload.length)) + c.dim(head.slice(e.workload.length)));
  out.push("");
  out.push(textTable(columns(t), rows(e, t), opts).trimEnd());
  for (const n of baselineNotes(e)) out.push(c.dim(wrap(n, width, "")));
  out.push("");
  for (const w of e.warnings) out.push(c.yellow(wrap(t("warning: {text}", { text: w }), width, "")));
  const v = wrap(verdict(e, t), width, "");
  out.push(v.startsWith("PASS") ? c.green(v) : c.red(v));
  return `${out.join("\n")}\n`;
};

/** "PASS"/"FAIL" and the `### ✅ llmcost check:` heading stay as they are in every language (CI looks for them). */
export const renderCheckMarkdown: Renderer = (e, opts) => {
  const t = phrases(opts.lang ?? "en");
  const v = verdict(e, t);
  const out: string[] = [];
  out.push(`### ${v.startsWith("PASS") ? "✅" : "❌"} llmcost check: ${esc(e.workload)} — ${esc(v)}`);
  out.push("");
  out.push(
    t("Estimate {amount} per {period}{incomplete}; prices as of {date}, catalog {version}.", {
      amount: money(e.total, e.currency),
      period: t(e.period),
      incomplete: e.complete ? "" : t(" (incomplete)"),
      date: e.catalog.as_of,
      version: esc(e.catalog.version),
    }),
  );
  out.push("");
  out.push(
    `| ${columns(t)
      .map((c) => c.title)
      .join(" | ")} |`,
  );
  out.push("| --- | ---: | ---: | ---: | --- | --- |");
  for (const r of rows(e, t))
    out.push(
      `| ${esc(r.budget ?? "")} | ${r.limit} | ${r.estimate} | ${r.headroom} | ${r.status === t("EXCEEDED") ? `**${t("exceeded")}**` : r.status} | ${esc(r.source ?? "")} |`,
    );
  const notes = baselineNotes(e);
  if (notes.length) out.push("", ...notes.map((n) => `- ${esc(n)}`));
  for (const w of e.warnings) out.push("", `> ⚠️ ${esc(w)}`);
  return `${out.join("\n")}\n`;
};
