import { Chalk } from "chalk";
import { markdownText } from "../escape.js";
import type { OptimizeReport, Suggestion } from "../schema/optimize.js";
import { money, textWidth, wrap } from "./format.js";
import { h, notes, page, section, sourceLink, table } from "./html/page.js";
import { type Phrases, phrases } from "./labels.js";
import type { ReportOptions } from "./registry.js";
import { type Column, markdownTable, type Row, textTable } from "./rows.js";

/**
 * Renderers of `llmcost optimize` (docs/optimize.md): the ranked changes, each with its saving,
 * trade-offs and evidence, then the plan. They lay out figures the engine computed; none is computed here.
 */

const EN = phrases("en");

const per = (r: OptimizeReport, t: Phrases = EN) => t(" per {period}", { period: t(r.period) }).trim();
const pctText = (p: number) => `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;

function columns(t: Phrases): Column[] {
  return [
    { key: "id", title: "#", align: "right" },
    { key: "item", title: t("item"), max: 20 },
    { key: "lever", title: t("lever") },
    { key: "change", title: t("change"), max: 48 },
    { key: "saving", title: t("saving"), align: "right" },
    { key: "pct", title: "%", align: "right" },
    { key: "after", title: t("item after"), align: "right" },
  ];
}

function rows(r: OptimizeReport, t: Phrases = EN): Row[] {
  return r.suggestions.map((s) => ({
    id: String(s.id),
    item: s.item,
    lever: t(s.lever),
    change: s.change,
    saving: money(s.saving, r.currency),
    pct: `${s.saving_pct > 0 ? "-" : "+"}${pctText(Math.abs(s.saving_pct))}`,
    after: money(s.cost_after, r.currency),
  }));
}

function heading(r: OptimizeReport, t: Phrases = EN): string {
  return t("{workload}: {total} {per} now · {currency} · prices as of {date} · catalog {version}", {
    workload: r.workload,
    total: money(r.total, r.currency),
    per: per(r, t),
    currency: r.currency,
    date: r.catalog.as_of,
    version: r.catalog.version,
  });
}

function planLine(r: OptimizeReport, t: Phrases = EN): string {
  const p = r.plan;
  if (!p.suggestions.length) return t("No change found that saves money on this workload.");
  return t("Plan ({ids}): {before} → {after} {per}, saving {saving} ({percent})", {
    ids: p.suggestions.map((i) => `#${i}`).join(" + "),
    before: money(p.total_before, r.currency),
    after: money(p.total_after, r.currency),
    per: per(r, t),
    saving: money(p.saving, r.currency),
    percent: pctText(p.saving_pct),
  });
}

function detail(s: Suggestion, r: OptimizeReport, width: number, t: Phrases): string {
  const lines = [
    wrap(`${s.id}. ${s.item}: ${s.change}`, width, ""),
    wrap(
      `   ${t("{before} → {after} ({selected}); workload total → {total}", {
        before: money(s.cost_before, r.currency),
        after: money(s.cost_after, r.currency),
        selected: s.selected_after,
        total: money(s.total_after, r.currency),
      })}`,
      width,
      "   ",
    ),
    ...s.tradeoffs.map((x) => wrap(t("   trade-off: {text}", { text: x }), width, "     ")),
    ...s.evidence.map((e) =>
      wrap(
        t("   evidence: {what}{date}: {source}", {
          what: e.what,
          date: e.date ? ` (${e.date})` : "",
          source: e.source,
        }),
        width,
        "     ",
      ),
    ),
  ];
  if (s.co2_kg_saved !== undefined) lines.push(t("   CO2: {kg} kg less", { kg: Math.round(s.co2_kg_saved) }));
  return lines.join("\n");
}

export function renderOptimizeTable(r: OptimizeReport, opts: ReportOptions): string {
  const t = phrases(opts.lang);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = textWidth(opts.width);
  const out = [c.bold(wrap(heading(r, t), width, "")), ""];
  if (r.suggestions.length) {
    out.push(textTable(columns(t), rows(r, t), { color: opts.color, width: opts.width }));
    for (const s of r.suggestions) out.push(detail(s, r, width, t));
    out.push("");
  }
  out.push(c.bold(wrap(planLine(r, t), width, "")));
  if (r.plan.suggestions.length)
    out.push(
      wrap(t("Write it: llmcost optimize WORKLOAD --apply all -o NEW.yaml (or --apply N for one change)"), width, ""),
    );
  for (const n of r.notes) out.push(wrap(t("note: {text}", { text: n }), width, "  "));
  return `${out.join("\n")}\n`;
}

/** For a pull-request comment: the headline saving, the ranked table, the trade-offs folded. */
export function renderOptimizeMarkdown(r: OptimizeReport, opts: ReportOptions): string {
  const t = phrases(opts.lang);
  const p = r.plan;
  const out = [
    `### llmcost optimize: ${markdownText(r.workload)}`,
    "",
    p.saving > 0
      ? t("**These changes could save {saving} {per}** ({percent}: {before} → {after}).", {
          saving: money(p.saving, r.currency),
          per: per(r, t),
          percent: pctText(p.saving_pct),
          before: money(p.total_before, r.currency),
          after: money(p.total_after, r.currency),
        })
      : t("No change found that saves money ({total} {per}).", { total: money(r.total, r.currency), per: per(r, t) }),
    "",
  ];
  if (r.suggestions.length) out.push(markdownTable(columns(t), rows(r, t)));
  for (const s of r.suggestions) {
    out.push(`<details><summary>#${s.id} ${markdownText(s.item)}: ${markdownText(s.change)}</summary>`, "");
    for (const x of s.tradeoffs) out.push(`- ${t("trade-off: {text}", { text: markdownText(x) })}`);
    for (const e of s.evidence)
      out.push(
        `- ${t("evidence: {what}{date}: {source}", { what: markdownText(e.what), date: e.date ? ` (${e.date})` : "", source: markdownText(e.source) })}`,
      );
    out.push("", "</details>", "");
  }
  out.push(
    `<sub>${markdownText(planLine(r, t))} · ${t("prices as of {date}, catalog {version}", { date: r.catalog.as_of, version: r.catalog.version })}</sub>`,
  );
  return `${out.join("\n")}\n`;
}

export function renderOptimizeHtml(r: OptimizeReport, opts: ReportOptions): string {
  const t = phrases(opts.lang);
  const body = [
    r.suggestions.length
      ? table(
          t("Changes, largest saving first"),
          columns(t).map((c) => (c.align === "right" && c.key !== "id" ? { text: c.title, num: true } : c.title)),
          rows(r, t).map((x) => [
            x.id ?? "",
            x.item ?? "",
            x.lever ?? "",
            x.change ?? "",
            { text: x.saving ?? "", num: true },
            { text: x.pct ?? "", num: true },
            { text: x.after ?? "", num: true },
          ]),
        )
      : "",
    ...r.suggestions.map((s) =>
      section(
        `#${s.id} ${s.item}: ${s.change}`,
        `<p>${h(
          t("{before} → {after} ({selected}); workload total → {total}", {
            before: money(s.cost_before, r.currency),
            after: money(s.cost_after, r.currency),
            selected: s.selected_after,
            total: money(s.total_after, r.currency),
          }),
        )}</p>
<ul>${s.tradeoffs.map((x) => `<li>${h(t("trade-off: {text}", { text: x }))}</li>`).join("")}${s.evidence.map((e) => `<li>${h(`${t("evidence: {what}{date}: {source}", { what: e.what, date: e.date ? ` (${e.date})` : "", source: "" })}`)}${sourceLink(e.source)}</li>`).join("")}</ul>`,
        3,
      ),
    ),
    notes(t("Notes"), r.notes),
  ].join("\n");
  return page({
    lang: opts.lang,
    title: t("Optimize {workload}", { workload: r.workload }),
    subtitle: heading(r, t),
    headline: planLine(r, t),
    body,
  });
}
