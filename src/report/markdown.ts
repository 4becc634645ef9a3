import type { BudgetLine, Option } from "../schema/report.js";
import { billingLabel, paysOff } from "./billing.js";
import { esc, money, percent, signedMoney } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import type { Renderer } from "./types.js";

/**
 * Markdown for PR comments and docs: a summary line, a summary table, details per item folded.
 * Labels in `opts.lang` (src/report/labels.ts); the `### llmcost:` heading stays, scripts find it.
 */
export const renderMarkdown: Renderer = (e, opts) => {
  const t = phrases(opts.lang ?? "en");
  const period = t(e.period);
  const out: string[] = [];
  const per = opts.oneOff
    ? ""
    : e.items.some((i) => i.kind === "training" || i.kind === "fine_tune")
      ? t(" (inference per {period} + one-off training)", { period })
      : t(" per {period}", { period });
  out.push(
    `### llmcost: ${esc(e.workload)} — ${money(e.total, e.currency)}${per}${e.complete ? "" : t(" (incomplete)")}`,
  );
  out.push("");
  out.push(
    t("Prices as of {date}, catalog {version}, in {currency}.", {
      date: e.catalog.as_of,
      version: e.catalog.version,
      currency: e.currency,
    }),
  );
  out.push("");
  out.push(`| ${t("item")} | ${t("selected")} | ${t("cost")} | ${t("next cheapest")} | ${t("difference")} |`);
  out.push("| --- | --- | ---: | --- | ---: |");
  for (const it of e.items) {
    const sel = it.options[0];
    const next = it.options[1];
    out.push(
      `| ${esc(it.name)} | ${sel ? esc(label(sel)) : t("not priced")} | ${sel ? money(sel.cost, e.currency) : "—"} | ${next ? esc(label(next)) : "—"} | ${sel && next ? diff(next, sel, e.currency) : "—"} |`,
    );
  }
  out.push(`| **${t("total")}** | | **${money(e.total, e.currency)}** | | |`);
  if (e.budget) {
    out.push("");
    for (const l of e.budget.lines) out.push(`- ${budgetText(l, e.currency, t)}`);
  }
  if (e.warnings.length) {
    out.push("");
    for (const w of e.warnings) out.push(`> ⚠️ ${esc(w)}`);
  }
  out.push("");
  out.push(`<details><summary>${t("Options per item")}</summary>`);
  for (const it of e.items) {
    out.push("");
    out.push(`#### ${esc(it.name)} (${t(it.kind)}, ${esc(it.model)})`);
    out.push("");
    if (it.options.length === 0) out.push(t("Not priced."));
    else {
      const head = ["#", "provider", "offering", "via", "billing", "cost", "vs selected", "pays off"].map((k) => t(k));
      out.push(`| ${head.join(" | ")} |`);
      out.push("| ---: | --- | --- | --- | --- | ---: | ---: | --- |");
      const sel = it.options[0] as Option;
      it.options.slice(0, Math.max(1 + opts.alternatives, 10)).forEach((o, i) => {
        out.push(
          `| ${i + 1} | ${esc(o.provider)} | ${esc(o.offering)} | ${o.via} | ${esc(billingLabel(o) || t("pay as you go"))} | ${money(o.cost, e.currency)} | ${i === 0 ? t("selected") : diff(o, sel, e.currency)} | ${esc(paysOff(o, e.period)) || "—"} |`,
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

/** "budget chat: $300.00 — ok (headroom $50.00)". */
function budgetText(l: BudgetLine, currency: string, t: Phrases): string {
  const state =
    l.status === "ok"
      ? t("ok (headroom {amount})", { amount: money(l.headroom ?? 0, currency) })
      : l.status === "exceeded"
        ? t("**exceeded** by {amount}", { amount: money(-(l.headroom ?? 0), currency) })
        : t("unknown");
  return t("budget {name}: {limit} — {state}", { name: esc(l.name), limit: money(l.limit, currency), state });
}

function label(o: Option): string {
  const b = billingLabel(o);
  return `${o.provider} ${o.offering}${b ? ` (${b})` : ""}`;
}

function diff(o: Option, sel: Option, currency: string): string {
  const d = o.cost - sel.cost;
  return `${signedMoney(d, currency)}${sel.cost > 0 ? ` (${percent(d / sel.cost)})` : ""}`;
}
