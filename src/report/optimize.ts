import { Chalk } from "chalk";
import { markdownText } from "../escape.js";
import type { OptimizeReport, Suggestion } from "../schema/optimize.js";
import { money, textWidth, wrap } from "./format.js";
import { h, notes, page, section, sourceLink, table } from "./html/page.js";
import type { ReportOptions } from "./registry.js";
import { type Column, markdownTable, type Row, textTable } from "./rows.js";

/**
 * Renderers of `llmcost optimize` (docs/optimize.md): the ranked changes, each with its saving,
 * trade-offs and evidence, then the plan. They lay out figures the engine computed; none is computed here.
 */

const per = (r: OptimizeReport) => `per ${r.period}`;
const pctText = (p: number) => `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;

const COLUMNS: Column[] = [
  { key: "id", title: "#", align: "right" },
  { key: "item", title: "item", max: 20 },
  { key: "lever", title: "lever" },
  { key: "change", title: "change", max: 48 },
  { key: "saving", title: "saving", align: "right" },
  { key: "pct", title: "%", align: "right" },
  { key: "after", title: "item after", align: "right" },
];

function rows(r: OptimizeReport): Row[] {
  return r.suggestions.map((s) => ({
    id: String(s.id),
    item: s.item,
    lever: s.lever,
    change: s.change,
    saving: money(s.saving, r.currency),
    pct: `${s.saving_pct > 0 ? "-" : "+"}${pctText(Math.abs(s.saving_pct))}`,
    after: money(s.cost_after, r.currency),
  }));
}

function heading(r: OptimizeReport): string {
  return `${r.workload}: ${money(r.total, r.currency)} ${per(r)} now · ${r.currency} · prices as of ${r.catalog.as_of} · catalog ${r.catalog.version}`;
}

function planLine(r: OptimizeReport): string {
  const p = r.plan;
  if (!p.suggestions.length) return "No change found that saves money on this workload.";
  return `Plan (${p.suggestions.map((i) => `#${i}`).join(" + ")}): ${money(p.total_before, r.currency)} → ${money(p.total_after, r.currency)} ${per(r)}, saving ${money(p.saving, r.currency)} (${pctText(p.saving_pct)})`;
}

function detail(s: Suggestion, r: OptimizeReport, width: number): string {
  const lines = [
    wrap(`${s.id}. ${s.item}: ${s.change}`, width, ""),
    wrap(
      `   ${money(s.cost_before, r.currency)} → ${money(s.cost_after, r.currency)} (${s.selected_after}); workload total → ${money(s.total_after, r.currency)}`,
      width,
      "   ",
    ),
    ...s.tradeoffs.map((t) => wrap(`   trade-off: ${t}`, width, "     ")),
    ...s.evidence.map((e) =>
      wrap(`   evidence: ${e.what}${e.date ? ` (${e.date})` : ""}: ${e.source}`, width, "     "),
    ),
  ];
  if (s.co2_kg_saved !== undefined) lines.push(`   CO2: ${Math.round(s.co2_kg_saved)} kg less`);
  return lines.join("\n");
}

export function renderOptimizeTable(r: OptimizeReport, opts: ReportOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = textWidth(opts.width);
  const out = [c.bold(wrap(heading(r), width, "")), ""];
  if (r.suggestions.length) {
    out.push(textTable(COLUMNS, rows(r), { color: opts.color, width: opts.width }));
    for (const s of r.suggestions) out.push(detail(s, r, width));
    out.push("");
  }
  out.push(c.bold(wrap(planLine(r), width, "")));
  if (r.plan.suggestions.length)
    out.push(
      wrap("Write it: llmcost optimize WORKLOAD --apply all -o NEW.yaml (or --apply N for one change)", width, ""),
    );
  for (const n of r.notes) out.push(wrap(`note: ${n}`, width, "  "));
  return `${out.join("\n")}\n`;
}

/** For a pull-request comment: the headline saving, the ranked table, the trade-offs folded. */
export function renderOptimizeMarkdown(r: OptimizeReport): string {
  const p = r.plan;
  const out = [
    `### llmcost optimize: ${markdownText(r.workload)}`,
    "",
    p.saving > 0
      ? `**These changes could save ${money(p.saving, r.currency)} ${per(r)}** (${pctText(p.saving_pct)}: ${money(p.total_before, r.currency)} → ${money(p.total_after, r.currency)}).`
      : `No change found that saves money (${money(r.total, r.currency)} ${per(r)}).`,
    "",
  ];
  if (r.suggestions.length) out.push(markdownTable(COLUMNS, rows(r)));
  for (const s of r.suggestions) {
    out.push(`<details><summary>#${s.id} ${markdownText(s.item)}: ${markdownText(s.change)}</summary>`, "");
    for (const t of s.tradeoffs) out.push(`- trade-off: ${markdownText(t)}`);
    for (const e of s.evidence)
      out.push(`- evidence: ${markdownText(e.what)}${e.date ? ` (${e.date})` : ""}: ${markdownText(e.source)}`);
    out.push("", "</details>", "");
  }
  out.push(`<sub>${markdownText(planLine(r))} · prices as of ${r.catalog.as_of}, catalog ${r.catalog.version}</sub>`);
  return `${out.join("\n")}\n`;
}

export function renderOptimizeHtml(r: OptimizeReport, opts: ReportOptions): string {
  const body = [
    r.suggestions.length
      ? table(
          "Changes, largest saving first",
          [
            "#",
            "item",
            "lever",
            "change",
            { text: "saving", num: true },
            { text: "%", num: true },
            { text: "item after", num: true },
          ],
          rows(r).map((x) => [
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
        `<p>${h(`${money(s.cost_before, r.currency)} → ${money(s.cost_after, r.currency)} (${s.selected_after}); workload total → ${money(s.total_after, r.currency)}`)}</p>
<ul>${s.tradeoffs.map((t) => `<li>${h(`trade-off: ${t}`)}</li>`).join("")}${s.evidence.map((e) => `<li>${h(`evidence: ${e.what}${e.date ? ` (${e.date})` : ""}: `)}${sourceLink(e.source)}</li>`).join("")}</ul>`,
        3,
      ),
    ),
    notes("Notes", r.notes),
  ].join("\n");
  return page({ lang: opts.lang, title: `Optimize ${r.workload}`, subtitle: heading(r), headline: planLine(r), body });
}
