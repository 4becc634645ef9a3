import { Chalk } from "chalk";
import type { Change, Diff, DiffItem, Reason } from "../schema/diff.js";
import { esc, money, PRICE_UNIT_LABEL, quantity, signedMoney, textWidth, unitPrice, wrap } from "./format.js";
import { type Column, type Row, textTable } from "./rows.js";
import type { RenderOptions } from "./types.js";

/**
 * Renderers for `llmcost diff`: text for terminals, Markdown for pull-request comments, JSON for
 * programs. They only format: every number comes from the engine's Diff.
 */

export type DiffRenderer = (d: Diff, opts: RenderOptions) => string;

/** The first line of the Markdown comment: CI scripts find (and update) their old comment by it. */
export const DIFF_COMMENT_MARKER = "<!-- llmcost-diff -->";

function pct(p: number | null, change: number | null): string {
  if (p === null) return change !== null && change > 0 ? "new" : "—";
  const s = Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1);
  const clean = /^-0(\.0)?$/.test(s) ? s.slice(1) : s;
  return `${p > 0 && Number(clean) !== 0 ? "+" : ""}${clean}%`;
}

function cost(n: number | null, currency: string): string {
  return n === null ? "not priced" : money(n, currency);
}

function change(n: number | null, currency: string): string {
  return n === null ? "—" : signedMoney(n, currency);
}

function value(v: Change["before"], c: Change, currency: string): string {
  if (v === null) return "none";
  if (typeof v === "string") return v;
  if (c.unit && c.unit in PRICE_UNIT_LABEL) return `${money(v, currency)}${PRICE_UNIT_LABEL[c.unit]}`;
  if (c.what === "fx_rate") return unitPrice(v);
  if (c.what.endsWith("_share")) return `${Number.parseFloat((v * 100).toPrecision(4))}%`;
  return quantity(v);
}

function changeText(c: Change, currency: string): string {
  const ratio =
    typeof c.before === "number" && typeof c.after === "number" && c.before !== 0
      ? ` (${pct(((c.after - c.before) / c.before) * 100, null)})`
      : "";
  const what =
    c.what === "fx_rate"
      ? `exchange rate${c.unit ? ` ${c.unit.replace("/", " per ")}` : ""}`
      : c.what.replace(/_/g, " ");
  return `${what} ${value(c.before, c, currency)} → ${value(c.after, c, currency)}${ratio}`;
}

const REASON_LABEL: Record<Reason["kind"], string> = {
  added: "added",
  removed: "removed",
  model: "model changed",
  selected: "another offering selected",
  traffic: "traffic volume",
  shape: "token shape",
  price: "catalog price change",
  fx: "exchange rate",
  not_priced: "not priced",
};

/** `kind`: the item's; a training item's "traffic" is its compute (FLOPs, GPU-hours). */
export function reasonText(r: Reason, currency: string, kind: DiffItem["kind"] = "inference"): string {
  const amount = r.amount === null ? "" : ` ${signedMoney(r.amount, currency)}`;
  const changes = r.changes.filter((c) => c.what !== "price_from").map((c) => changeText(c, currency));
  const dated = r.changes.find((c) => c.what === "price_from");
  const when = dated ? `prices of ${dated.before} → ${dated.after}: ` : "";
  const body = r.kind === "added" || r.kind === "removed" ? "" : `${when}${changes.join("; ")}`;
  const label = r.kind === "traffic" && kind === "training" ? "compute" : REASON_LABEL[r.kind];
  return `${label}${amount}${body ? `: ${body}` : ""}`;
}

function itemLabel(it: DiffItem): string {
  return it.status === "added" || it.status === "removed" ? `${it.name} (${it.status})` : it.name;
}

function summary(d: Diff): string {
  const names = d.base.workload === d.head.workload ? d.head.workload : `${d.base.workload} → ${d.head.workload}`;
  const t = d.total;
  return `${names}: ${money(t.before ?? 0, d.currency)} → ${money(t.after ?? 0, d.currency)} per ${d.period} (${change(t.change, d.currency)}, ${pct(t.percent, t.change)})`;
}

function sides(d: Diff): string {
  const one = (s: Diff["base"]) => `${s.file} (prices as of ${s.catalog.as_of}, catalog ${s.catalog.version})`;
  return d.base.file === d.head.file && d.base.source === d.head.source
    ? `${d.base.file}, prices as of ${d.base.catalog.as_of} → ${d.head.catalog.as_of}`
    : `base ${one(d.base)} → head ${one(d.head)}`;
}

function thresholdText(d: Diff): string | undefined {
  const t = d.threshold;
  if (!t) return undefined;
  const limit = t.unit === "percent" ? `${t.limit}%` : money(t.limit, d.currency);
  if (t.status === "ok") return `within --fail-above ${limit}`;
  if (t.status === "exceeded") return `FAIL: the total rose by more than --fail-above ${limit}`;
  return `FAIL: cannot check --fail-above ${limit}: some items are not priced`;
}

const COLUMNS: Column[] = [
  { key: "item", title: "item", max: 36 },
  { key: "before", title: "before", align: "right" },
  { key: "after", title: "after", align: "right" },
  { key: "change", title: "change", align: "right" },
  { key: "percent", title: "%", align: "right" },
];

function rows(d: Diff, bold: (s: string) => string, name: (s: string) => string = (s) => s): Row[] {
  const out: Row[] = d.items.map((it) => ({
    item: name(itemLabel(it)),
    before: it.status === "added" ? "—" : cost(it.before, d.currency),
    after: it.status === "removed" ? "—" : cost(it.after, d.currency),
    change: change(it.change, d.currency),
    percent: pct(it.percent, it.change),
  }));
  out.push({
    item: bold("total"),
    before: bold(money(d.total.before ?? 0, d.currency)),
    after: bold(money(d.total.after ?? 0, d.currency)),
    change: bold(change(d.total.change, d.currency)),
    percent: bold(pct(d.total.percent, d.total.change)),
  });
  return out;
}

export const renderDiffTable: DiffRenderer = (d, opts) => {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const width = textWidth(opts.width);
  out.push(c.bold(wrap(summary(d), width, "")));
  out.push(c.dim(wrap(`${d.currency} per ${d.period} · ${sides(d)}`, width, "")));
  out.push("");
  out.push(
    textTable(
      COLUMNS,
      rows(d, (s) => s),
      opts,
    ).trimEnd(),
  );
  const why = d.items.filter((it) => it.reasons.length > 0);
  if (why.length) {
    out.push("");
    out.push(c.bold("Why:"));
    for (const it of why)
      for (const r of it.reasons) out.push(wrap(`${it.name}: ${reasonText(r, d.currency, it.kind)}`, width, "  "));
  }
  for (const w of d.warnings) out.push(c.yellow(wrap(`warning: ${w}`, width, "")));
  const t = thresholdText(d);
  if (t) out.push("", d.threshold?.status === "ok" ? c.green(wrap(t, width, "")) : c.red(wrap(t, width, "")));
  return `${out.join("\n")}\n`;
};

/** A pull-request comment: marker, summary line, table, reasons folded in a <details> block. */
export const renderDiffMarkdown: DiffRenderer = (d) => {
  const out: string[] = [DIFF_COMMENT_MARKER];
  const t = d.threshold;
  const icon = !t ? "" : t.status === "ok" ? "✅ " : "❌ ";
  out.push(`### ${icon}llmcost diff: ${esc(summary(d))}`);
  out.push("");
  out.push(`${esc(sides(d))}; in ${d.currency} per ${d.period}.`);
  out.push("");
  out.push("| item | before | after | change | % |");
  out.push("| --- | ---: | ---: | ---: | ---: |");
  for (const r of rows(d, (s) => `**${s}**`, esc))
    out.push(`| ${r.item} | ${r.before} | ${r.after} | ${r.change} | ${r.percent} |`);
  const th = thresholdText(d);
  if (th) out.push("", `> ${t?.status === "ok" ? "✅" : "❌"} ${esc(th)}`);
  for (const w of d.warnings) out.push("", `> ⚠️ ${esc(w)}`);
  const why = d.items.filter((it) => it.reasons.length > 0);
  out.push("");
  out.push("<details><summary>Why it changed</summary>");
  out.push("");
  if (why.length === 0) out.push("Nothing changed.");
  for (const it of why) {
    const [b, a] = [it.before_selected ?? "—", it.after_selected ?? "—"];
    out.push(`- **${esc(it.name)}** (${esc(b === a ? a : `${b} → ${a}`)})`);
    for (const r of it.reasons) out.push(`  - ${esc(reasonText(r, d.currency, it.kind))}`);
  }
  out.push("");
  out.push(
    `Catalog ${esc(d.base.catalog.version)} (${d.base.catalog.digest.slice(0, 19)}) → ${esc(d.head.catalog.version)} (${d.head.catalog.digest.slice(0, 19)}).`,
  );
  out.push("");
  out.push("</details>");
  return `${out.join("\n")}\n`;
};

export const renderDiffJson: DiffRenderer = (d) => `${JSON.stringify(d, null, 2)}\n`;
