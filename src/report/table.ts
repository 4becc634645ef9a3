import { Chalk } from "chalk";
import type { Estimate, Item, Option } from "../schema/report.js";
import { billingDetail, billingLabel, paysOff } from "./billing.js";
import { boxTable } from "./box.js";
import {
  cells,
  count,
  money,
  PRICE_UNIT_LABEL,
  percent,
  quantity,
  readableNumbers,
  signedMoney,
  wrap,
  wrapCell,
} from "./format.js";
import type { Renderer, RenderOptions } from "./types.js";

/**
 * The terminal view: per item the selected option, the next cheapest alternatives with their cost
 * and how much more each costs, the selected option's components line by line, then the total.
 * Fits 80 columns; colour only when the CLI says so.
 */
export const renderTable: Renderer = (e, opts) => {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const width = Math.max(60, Math.min(opts.width, 120));
  out.push(c.bold(wrap(e.workload, width, "")));
  // Inference is priced per period; training runs are one-off costs, counted once.
  const oneOff = e.items.some((i) => i.kind === "training" || i.kind === "fine_tune");
  // A quote of a number of requests (no rate, no --period) is a one-off amount: no "per month".
  const per = opts.oneOff ? "one-off" : oneOff ? `per ${e.period} (training: one-off)` : `per ${e.period}`;
  out.push(c.dim(`${e.currency} ${per} · prices as of ${e.catalog.as_of} · catalog ${e.catalog.version}`));
  for (const it of e.items) out.push("", ...renderItem(it, e, opts, c));
  out.push("");
  const totalLine = `Total: ${money(e.total, e.currency)}${opts.oneOff ? "" : oneOff ? ` (inference per ${e.period} + one-off training)` : ` per ${e.period}`}${e.complete ? "" : " (incomplete: see warnings)"}`;
  out.push(c.bold(totalLine));
  if (e.budget)
    for (const l of e.budget.lines) {
      const label = l.name === "total" ? "budget" : `budget ${l.name}`;
      const state =
        l.status === "ok"
          ? c.green(`ok, headroom ${money(l.headroom ?? 0, e.currency)}`)
          : l.status === "exceeded"
            ? c.red(`EXCEEDED by ${money(-(l.headroom ?? 0), e.currency)}`)
            : c.yellow("unknown (not priced)");
      out.push(`${label}: ${money(l.limit, e.currency)} — ${state}`);
    }
  for (const w of e.warnings) out.push(c.yellow(wrap(`warning: ${w}`, width, "")));
  return `${out.join("\n")}\n`;
};

function renderItem(it: Item, e: Estimate, opts: RenderOptions, c: InstanceType<typeof Chalk>): string[] {
  const lines: string[] = [];
  const q = it.quantities;
  lines.push(c.bold(it.name) + c.dim(` ${it.kind} · ${it.model}`));
  if (q)
    lines.push(
      c.dim(
        `  ${count(q.requests, "request")} · ${quantity(q.input_tokens)} input / ${quantity(q.output_tokens)} output tokens`,
      ),
    );
  if (it.options.length === 0) {
    lines.push(c.yellow("  not priced"));
    for (const n of it.notes) lines.push(c.dim(wrap(`note: ${n}`, Math.max(60, Math.min(opts.width, 120)), "  ")));
    return lines;
  }
  const width = Math.max(60, Math.min(opts.width, 120));
  const selected = it.options[0] as Option;
  const shown = it.options.slice(0, 1 + opts.alternatives);
  // Cells first, then the columns sized to them: a number is never cut (the cost and difference
  // columns take what their widest cell needs), and the name column takes the rest, its names
  // wrapped onto more lines rather than cut (issue 13). Widths are display cells (CJK counts 2).
  const rows = shown.map((o, i) => {
    const diff = o.cost - selected.cost;
    const ratio = selected.cost > 0 ? diff / selected.cost : Number.NaN;
    return {
      mark: i === 0 ? "✓" : String(i + 1),
      name: `${o.provider} ${shortName(o.offering)}${o.via === "api" ? "" : ` (${o.via.replace("_", "-")})`}${o.billing === "pay_as_you_go" ? "" : ` · ${billingLabel(o)}`}`,
      cost: money(o.cost, e.currency),
      diff: i === 0 ? "" : `${signedMoney(diff, e.currency)}${Number.isFinite(ratio) ? ` (${percent(ratio)})` : ""}`,
    };
  });
  const markW = Math.max(4, ...rows.map((r) => cells(r.mark) + 2));
  const costW = Math.max(14, ...rows.map((r) => cells(r.cost) + 2));
  const diffW = Math.max(21, ...rows.map((r) => cells(r.diff) + 2));
  const nameW = Math.max(14, width - markW - costW - diffW - 5);
  lines.push(
    boxTable(
      ["#", "provider / offering", "cost", "vs selected"],
      rows.map((r) => [r.mark, wrapCell(r.name, nameW - 2).join("\n"), r.cost, r.diff]),
      [
        { width: markW, align: "left" },
        { width: nameW, align: "left" },
        { width: costW, align: "right" },
        { width: diffW, align: "right" },
      ],
      opts.color,
    ),
  );
  // Billing options other than pay-as-you-go: what they buy and where they pay off.
  shown.forEach((o, i) => {
    const off = paysOff(o, e.period);
    if (!off) return;
    const what = billingDetail(o);
    lines.push(
      c.dim(wrap(`${i === 0 ? "✓" : i + 1} ${billingLabel(o)}: ${what ? `${what}; ` : ""}${off}`, width, "  ")),
    );
  });
  if (it.options.length > shown.length)
    lines.push(c.dim(`  … ${count(it.options.length - shown.length, "more option")}: --format json shows all`));
  lines.push(c.dim(wrap(`${selected.provider} ${selected.offering}, price of ${selected.price_from}:`, width, "  ")));
  for (const comp of selected.components) lines.push(c.dim(wrap(componentLine(comp, e.currency), width, "    ")));
  if (selected.range) {
    const r = selected.range;
    const line = `range: low ${money(r.low, e.currency)} · base ${money(r.base, e.currency)} · high ${money(r.high, e.currency)} (${r.basis})`;
    lines.push(c.dim(wrap(line, width, "    ")));
  }
  const notes = [...it.notes, ...selected.notes];
  for (const n of notes) lines.push(c.dim(wrap(`note: ${n}`, width, "  ")));
  if (opts.explain) {
    for (const o of shown)
      for (const x of o.explain ?? []) {
        lines.push(
          c.dim(wrap(`explain ${x.what}: ${x.formula} = ${readableNumbers(`${x.values} = ${x.result}`)}`, width, "  ")),
        );
        if (x.source)
          lines.push(
            c.dim(wrap(`from ${x.source.provider} price of ${x.source.entry_from}: ${x.source.source}`, width, "    ")),
          );
      }
  }
  return lines;
}

/** Host ids like `accounts/fireworks/models/llama-v3p1-70b` read best by their last segment. */
function shortName(offering: string): string {
  const i = offering.lastIndexOf("/");
  return i >= 0 && i < offering.length - 1 ? offering.slice(i + 1) : offering;
}

function componentLine(comp: Option["components"][number], currency: string): string {
  const unit = PRICE_UNIT_LABEL[comp.price_unit] ?? "";
  const detail = comp.detail ? ` [${comp.detail}]` : "";
  return `${comp.name}: ${quantity(comp.quantity)} ${comp.unit} × ${money(comp.unit_price, currency)}${unit} = ${money(comp.cost, currency)}${detail}`;
}
