import type { Option } from "../schema/report.js";
import { billingLabel, paysOff } from "./billing.js";
import { esc, money, percent, signedMoney } from "./format.js";
import type { Renderer } from "./types.js";

/** Markdown for PR comments and docs: a summary line, a summary table, details per item folded. */
export const renderMarkdown: Renderer = (e, opts) => {
  const out: string[] = [];
  out.push(
    `### llmcost: ${esc(e.workload)} — ${money(e.total, e.currency)}${opts.oneOff ? "" : e.items.some((i) => i.kind === "training" || i.kind === "fine_tune") ? ` (inference per ${e.period} + one-off training)` : ` per ${e.period}`}${e.complete ? "" : " (incomplete)"}`,
  );
  out.push("");
  out.push(`Prices as of ${e.catalog.as_of}, catalog ${e.catalog.version}, in ${e.currency}.`);
  out.push("");
  out.push("| item | selected | cost | next cheapest | difference |");
  out.push("| --- | --- | ---: | --- | ---: |");
  for (const it of e.items) {
    const sel = it.options[0];
    const next = it.options[1];
    out.push(
      `| ${esc(it.name)} | ${sel ? esc(label(sel)) : "not priced"} | ${sel ? money(sel.cost, e.currency) : "—"} | ${next ? esc(label(next)) : "—"} | ${sel && next ? diff(next, sel, e.currency) : "—"} |`,
    );
  }
  out.push(`| **total** | | **${money(e.total, e.currency)}** | | |`);
  if (e.budget) {
    out.push("");
    for (const l of e.budget.lines)
      out.push(
        `- budget ${esc(l.name)}: ${money(l.limit, e.currency)} — ${l.status === "ok" ? `ok (headroom ${money(l.headroom ?? 0, e.currency)})` : l.status === "exceeded" ? `**exceeded** by ${money(-(l.headroom ?? 0), e.currency)}` : "unknown"}`,
      );
  }
  if (e.warnings.length) {
    out.push("");
    for (const w of e.warnings) out.push(`> ⚠️ ${esc(w)}`);
  }
  out.push("");
  out.push("<details><summary>Options per item</summary>");
  for (const it of e.items) {
    out.push("");
    out.push(`#### ${esc(it.name)} (${it.kind}, ${esc(it.model)})`);
    out.push("");
    if (it.options.length === 0) out.push("Not priced.");
    else {
      out.push("| # | provider | offering | via | billing | cost | vs selected | pays off |");
      out.push("| ---: | --- | --- | --- | --- | ---: | ---: | --- |");
      const sel = it.options[0] as Option;
      it.options.slice(0, Math.max(1 + opts.alternatives, 10)).forEach((o, i) => {
        out.push(
          `| ${i + 1} | ${esc(o.provider)} | ${esc(o.offering)} | ${o.via} | ${esc(billingLabel(o) || "pay as you go")} | ${money(o.cost, e.currency)} | ${i === 0 ? "selected" : diff(o, sel, e.currency)} | ${esc(paysOff(o, e.period)) || "—"} |`,
        );
      });
    }
    if (it.notes.length) out.push("");
    for (const n of it.notes) out.push(`- ${esc(n)}`);
  }
  out.push("");
  out.push("</details>");
  return `${out.join("\n")}\n`;
};

function label(o: Option): string {
  const b = billingLabel(o);
  return `${o.provider} ${o.offering}${b ? ` (${b})` : ""}`;
}

function diff(o: Option, sel: Option, currency: string): string {
  const d = o.cost - sel.cost;
  return `${signedMoney(d, currency)}${sel.cost > 0 ? ` (${percent(d / sel.cost)})` : ""}`;
}
