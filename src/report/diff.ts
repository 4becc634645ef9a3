import { Chalk } from "chalk";
import type { Change, Diff, DiffItem, Reason } from "../schema/diff.js";
import { esc, money, PRICE_UNIT_LABEL, quantity, signedMoney, textWidth, unitPrice, wrap } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import { type Column, markdownHead, type Row, textTable } from "./rows.js";
import type { RenderOptions } from "./types.js";

/**
 * Renderers for `llmcost diff`: text for terminals, Markdown for pull-request comments, JSON for
 * programs. They only format: every number comes from the engine's Diff.
 */

export type DiffRenderer = (d: Diff, opts: RenderOptions) => string;

/** The first line of the Markdown comment: CI scripts find (and update) their old comment by it. */
export const DIFF_COMMENT_MARKER = "<!-- llmcost-diff -->";

const EN = phrases("en");

function pct(p: number | null, change: number | null, t: Phrases = EN): string {
  if (p === null) return change !== null && change > 0 ? t("new") : "—";
  const s = Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1);
  const clean = /^-0(\.0)?$/.test(s) ? s.slice(1) : s;
  return `${p > 0 && Number(clean) !== 0 ? "+" : ""}${clean}%`;
}

function cost(n: number | null, currency: string, t: Phrases): string {
  return n === null ? t("not priced") : money(n, currency);
}

function change(n: number | null, currency: string): string {
  return n === null ? "—" : signedMoney(n, currency);
}

function value(v: Change["before"], c: Change, currency: string, t: Phrases): string {
  if (v === null) return t("none");
  if (typeof v === "string") return v;
  if (c.unit && c.unit in PRICE_UNIT_LABEL) return `${money(v, currency)}${PRICE_UNIT_LABEL[c.unit]}`;
  if (c.what === "fx_rate") return unitPrice(v);
  if (c.what.endsWith("_share")) return `${Number.parseFloat((v * 100).toPrecision(4))}%`;
  return quantity(v);
}

function changeText(c: Change, currency: string, t: Phrases): string {
  const ratio =
    typeof c.before === "number" && typeof c.after === "number" && c.before !== 0
      ? ` (${pct(((c.after - c.before) / c.before) * 100, null)})`
      : "";
  const what =
    c.what === "fx_rate"
      ? `${t("exchange rate")}${c.unit ? ` ${c.unit.replace("/", t(" per "))}` : ""}`
      : t(c.what.replace(/_/g, " "));
  return `${what} ${value(c.before, c, currency, t)} → ${value(c.after, c, currency, t)}${ratio}`;
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
export function reasonText(r: Reason, currency: string, kind: DiffItem["kind"] = "inference", t: Phrases = EN): string {
  const amount = r.amount === null ? "" : ` ${signedMoney(r.amount, currency)}`;
  const changes = r.changes.filter((c) => c.what !== "price_from").map((c) => changeText(c, currency, t));
  const dated = r.changes.find((c) => c.what === "price_from");
  const when = dated
    ? t("prices of {before} → {after}: ", { before: String(dated.before), after: String(dated.after) })
    : "";
  const body = r.kind === "added" || r.kind === "removed" ? "" : `${when}${changes.join("; ")}`;
  const label = t(r.kind === "traffic" && kind === "training" ? "compute" : REASON_LABEL[r.kind]);
  return `${label}${amount}${body ? `: ${body}` : ""}`;
}

function itemLabel(it: DiffItem, t: Phrases): string {
  return it.status === "added" || it.status === "removed" ? `${it.name} (${t(it.status)})` : it.name;
}

function summary(d: Diff, t: Phrases = EN): string {
  const names = d.base.workload === d.head.workload ? d.head.workload : `${d.base.workload} → ${d.head.workload}`;
  const total = d.total;
  return t("{names}: {before} → {after} per {period} ({change}, {percent})", {
    names,
    before: money(total.before ?? 0, d.currency),
    after: money(total.after ?? 0, d.currency),
    period: t(d.period),
    change: change(total.change, d.currency),
    percent: pct(total.percent, total.change, t),
  });
}

function sides(d: Diff, t: Phrases = EN): string {
  const one = (s: Diff["base"]) =>
    t("{file} (prices as of {date}, catalog {version})", {
      file: s.file,
      date: s.catalog.as_of,
      version: s.catalog.version,
    });
  return d.base.file === d.head.file && d.base.source === d.head.source
    ? t("{file}, prices as of {before} → {after}", {
        file: d.base.file,
        before: d.base.catalog.as_of,
        after: d.head.catalog.as_of,
      })
    : t("base {base} → head {head}", { base: one(d.base), head: one(d.head) });
}

/** "FAIL" stays first and in English in every language (CI logs grep it), as in the check verdict. */
function thresholdText(d: Diff, t: Phrases = EN): string | undefined {
  const th = d.threshold;
  if (!th) return undefined;
  const limit = th.unit === "percent" ? `${th.limit}%` : money(th.limit, d.currency);
  if (th.status === "ok") return t("within --fail-above {limit}", { limit });
  if (th.status === "exceeded") return t("FAIL: the total rose by more than --fail-above {limit}", { limit });
  return t("FAIL: cannot check --fail-above {limit}: some items are not priced", { limit });
}

function columns(t: Phrases): Column[] {
  return [
    { key: "item", title: t("item"), max: 36 },
    { key: "before", title: t("before"), align: "right" },
    { key: "after", title: t("after"), align: "right" },
    { key: "change", title: t("change"), align: "right" },
    { key: "percent", title: "%", align: "right" },
  ];
}

function rows(d: Diff, t: Phrases, bold: (s: string) => string, name: (s: string) => string = (s) => s): Row[] {
  const out: Row[] = d.items.map((it) => ({
    item: name(itemLabel(it, t)),
    before: it.status === "added" ? "—" : cost(it.before, d.currency, t),
    after: it.status === "removed" ? "—" : cost(it.after, d.currency, t),
    change: change(it.change, d.currency),
    percent: pct(it.percent, it.change, t),
  }));
  out.push({
    item: bold(t("total")),
    before: bold(money(d.total.before ?? 0, d.currency)),
    after: bold(money(d.total.after ?? 0, d.currency)),
    change: bold(change(d.total.change, d.currency)),
    percent: bold(pct(d.total.percent, d.total.change, t)),
  });
  return out;
}

export const renderDiffTable: DiffRenderer = (d, opts) => {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const t = phrases(opts.lang ?? "en");
  const out: string[] = [];
  const width = textWidth(opts.width);
  out.push(c.bold(wrap(summary(d, t), width, "")));
  const per = t("{currency} per {period}", { currency: d.currency, period: t(d.period) });
  out.push(c.dim(wrap(`${per} · ${sides(d, t)}`, width, "")));
  out.push("");
  out.push(
    textTable(
      columns(t),
      rows(d, t, (s) => s),
      opts,
    ).trimEnd(),
  );
  const why = d.items.filter((it) => it.reasons.length > 0);
  if (why.length) {
    out.push("");
    out.push(c.bold(t("Why:")));
    for (const it of why)
      for (const r of it.reasons) out.push(wrap(`${it.name}: ${reasonText(r, d.currency, it.kind, t)}`, width, "  "));
  }
  for (const w of d.warnings) out.push(c.yellow(wrap(t("warning: {text}", { text: w }), width, "")));
  const th = thresholdText(d, t);
  if (th) out.push("", d.threshold?.status === "ok" ? c.green(wrap(th, width, "")) : c.red(wrap(th, width, "")));
  return `${out.join("\n")}\n`;
};

/** A pull-request comment: marker, summary line, table, reasons folded in a <details> block. */
export const renderDiffMarkdown: DiffRenderer = (d, opts) => {
  const t = phrases(opts.lang ?? "en");
  const out: string[] = [DIFF_COMMENT_MARKER];
  const th = d.threshold;
  const icon = !th ? "" : th.status === "ok" ? "✅ " : "❌ ";
  out.push(`### ${icon}llmcost diff: ${esc(summary(d, t))}`);
  out.push("");
  const per = t("{currency} per {period}", { currency: d.currency, period: t(d.period) });
  out.push(t("{sides}; in {per}.", { sides: esc(sides(d, t)), per }));
  out.push("");
  out.push(markdownHead(columns(t)));
  for (const r of rows(d, t, (s) => `**${s}**`, esc))
    out.push(`| ${r.item} | ${r.before} | ${r.after} | ${r.change} | ${r.percent} |`);
  const verdict = thresholdText(d, t);
  if (verdict) out.push("", `> ${th?.status === "ok" ? "✅" : "❌"} ${esc(verdict)}`);
  for (const w of d.warnings) out.push("", `> ⚠️ ${esc(w)}`);
  const why = d.items.filter((it) => it.reasons.length > 0);
  out.push("");
  out.push(`<details><summary>${t("Why it changed")}</summary>`);
  out.push("");
  if (why.length === 0) out.push(t("Nothing changed."));
  for (const it of why) {
    const [b, a] = [it.before_selected ?? "—", it.after_selected ?? "—"];
    out.push(`- **${esc(it.name)}** (${esc(b === a ? a : `${b} → ${a}`)})`);
    for (const r of it.reasons) out.push(`  - ${esc(reasonText(r, d.currency, it.kind, t))}`);
  }
  out.push("");
  out.push(
    t("Catalog {before} → {after}.", {
      before: `${esc(d.base.catalog.version)} (${d.base.catalog.digest.slice(0, 19)})`,
      after: `${esc(d.head.catalog.version)} (${d.head.catalog.digest.slice(0, 19)})`,
    }),
  );
  out.push("");
  out.push("</details>");
  return `${out.join("\n")}\n`;
};

export const renderDiffJson: DiffRenderer = (d) => `${JSON.stringify(d, null, 2)}\n`;
