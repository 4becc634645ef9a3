import { Chalk } from "chalk";
import type { Estimate, Item, Option } from "../schema/report.js";
import { billingDetail, billingLabel, paysOff } from "./billing.js";
import { boxTable } from "./box.js";
import {
  cells,
  money,
  PRICE_UNIT_LABEL,
  percent,
  quantity,
  readableNumbers,
  signedMoney,
  wrap,
  wrapCell,
} from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import type { Renderer, RenderOptions } from "./types.js";

/**
 * The terminal view: per item the selected option, the next cheapest alternatives with their cost
 * and how much more each costs, the selected option's components line by line, then the total.
 * Fits 80 columns; colour only when the CLI says so. Labels in `opts.lang` (src/report/labels.ts).
 */
export const renderTable: Renderer = (e, opts) => {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const t = phrases(opts.lang ?? "en");
  const period = t(e.period);
  const out: string[] = [];
  const width = Math.max(60, Math.min(opts.width, 120));
  out.push(c.bold(wrap(e.workload, width, "")));
  // Inference is priced per period; training runs are one-off costs, counted once.
  const oneOff = e.items.some((i) => i.kind === "training" || i.kind === "fine_tune");
  // A quote of a number of requests (no rate, no --period) is a one-off amount: no "per month".
  const currency = e.currency;
  const per = opts.oneOff
    ? t("{currency} one-off", { currency })
    : oneOff
      ? t("{currency} per {period} (training: one-off)", { currency, period })
      : t("{currency} per {period}", { currency, period });
  out.push(
    c.dim(
      t("{per} · prices as of {date} · catalog {version}", { per, date: e.catalog.as_of, version: e.catalog.version }),
    ),
  );
  for (const it of e.items) out.push("", ...renderItem(it, e, opts, c, t));
  out.push("");
  const totalLine = `${t("Total: {amount}", { amount: money(e.total, e.currency) })}${opts.oneOff ? "" : oneOff ? t(" (inference per {period} + one-off training)", { period }) : t(" per {period}", { period })}${e.complete ? "" : t(" (incomplete: see warnings)")}`;
  out.push(c.bold(totalLine));
  if (e.budget)
    for (const l of e.budget.lines) {
      const label = l.name === "total" ? t("budget") : t("budget {name}", { name: l.name });
      const state =
        l.status === "ok"
          ? c.green(t("ok, headroom {amount}", { amount: money(l.headroom ?? 0, e.currency) }))
          : l.status === "exceeded"
            ? c.red(t("EXCEEDED by {amount}", { amount: money(-(l.headroom ?? 0), e.currency) }))
            : c.yellow(t("unknown (not priced)"));
      out.push(t("{label}: {limit} — {state}", { label, limit: money(l.limit, e.currency), state }));
    }
  for (const w of e.warnings) out.push(c.yellow(wrap(t("warning: {text}", { text: w }), width, "")));
  return `${out.join("\n")}\n`;
};

type Paint = InstanceType<typeof Chalk>;

/** One item: its name and traffic, its options in a box, then the selected option's price and notes. */
function renderItem(it: Item, e: Estimate, opts: RenderOptions, c: Paint, t: Phrases): string[] {
  const width = Math.max(60, Math.min(opts.width, 120));
  const lines = itemHead(it, c, t);
  if (it.options.length === 0) {
    lines.push(c.yellow(t("  not priced")));
    for (const n of it.notes) lines.push(c.dim(wrap(t("note: {text}", { text: n }), width, "  ")));
    return lines;
  }
  const selected = it.options[0] as Option;
  const shown = it.options.slice(0, 1 + opts.alternatives);
  lines.push(optionsBox(shown, e, width, opts.color, t));
  lines.push(...billingLines(shown, e, width, c));
  if (it.options.length > shown.length)
    lines.push(
      c.dim(
        t("  … {more}: --format json shows all", {
          more: t(it.options.length - shown.length === 1 ? "{n} more option" : "{n} more options", {
            n: quantity(it.options.length - shown.length),
          }),
        }),
      ),
    );
  lines.push(...selectedLines(it, selected, e, width, c, t));
  if (opts.explain) lines.push(...explainLines(shown, width, c, t));
  return lines;
}

/** The item's name, kind and model, then its requests and tokens when it has them. */
function itemHead(it: Item, c: Paint, t: Phrases): string[] {
  const lines = [c.bold(it.name) + c.dim(` ${t(it.kind)} · ${it.model}`)];
  const q = it.quantities;
  if (q)
    lines.push(
      c.dim(
        t("  {requests} · {input} input / {output} output tokens", {
          requests: t(q.requests === 1 ? "{n} request" : "{n} requests", { n: quantity(q.requests) }),
          input: quantity(q.input_tokens),
          output: quantity(q.output_tokens),
        }),
      ),
    );
  return lines;
}

/**
 * The options shown, in a box: mark, provider and offering, cost, and how much more than the
 * selected one each costs. Cells first, then the columns sized to them: a number is never cut (the
 * cost and difference columns take what their widest cell needs), and the name column takes the
 * rest, its names wrapped onto more lines rather than cut (issue 13). Widths are display cells (CJK
 * counts 2).
 */
function optionsBox(shown: Option[], e: Estimate, width: number, color: boolean, t: Phrases): string {
  const selected = shown[0] as Option;
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
  return boxTable(
    ["#", t("provider / offering"), t("cost"), t("vs selected")],
    rows.map((r) => [r.mark, wrapCell(r.name, nameW - 2).join("\n"), r.cost, r.diff]),
    [
      { width: markW, align: "left" },
      { width: nameW, align: "left" },
      { width: costW, align: "right" },
      { width: diffW, align: "right" },
    ],
    color,
  );
}

/** Billing options other than pay-as-you-go: what they buy and where they pay off. */
function billingLines(shown: Option[], e: Estimate, width: number, c: Paint): string[] {
  const lines: string[] = [];
  shown.forEach((o, i) => {
    const off = paysOff(o, e.period);
    if (!off) return;
    const what = billingDetail(o);
    lines.push(
      c.dim(wrap(`${i === 0 ? "✓" : i + 1} ${billingLabel(o)}: ${what ? `${what}; ` : ""}${off}`, width, "  ")),
    );
  });
  return lines;
}

/** The selected option's dated price: its components, its range, and the notes of item and option. */
function selectedLines(it: Item, selected: Option, e: Estimate, width: number, c: Paint, t: Phrases): string[] {
  const lines = [
    c.dim(
      wrap(
        t("{provider} {offering}, price of {date}:", {
          provider: selected.provider,
          offering: selected.offering,
          date: selected.price_from,
        }),
        width,
        "  ",
      ),
    ),
  ];
  for (const comp of selected.components) lines.push(c.dim(wrap(componentLine(comp, e.currency), width, "    ")));
  if (selected.range) {
    const r = selected.range;
    const line = t("range: low {low} · base {base} · high {high} ({basis})", {
      low: money(r.low, e.currency),
      base: money(r.base, e.currency),
      high: money(r.high, e.currency),
      basis: r.basis,
    });
    lines.push(c.dim(wrap(line, width, "    ")));
  }
  for (const n of [...it.notes, ...selected.notes])
    lines.push(c.dim(wrap(t("note: {text}", { text: n }), width, "  ")));
  return lines;
}

/** --explain: each number of each option shown, its formula and values, then the catalog entry it used. */
function explainLines(shown: Option[], width: number, c: Paint, t: Phrases): string[] {
  const lines: string[] = [];
  for (const o of shown)
    for (const x of o.explain ?? []) {
      const values = readableNumbers(`${x.values} = ${x.result}`);
      lines.push(
        c.dim(
          wrap(t("explain {what}: {formula} = {values}", { what: x.what, formula: x.formula, values }), width, "  "),
        ),
      );
      if (x.source)
        lines.push(
          c.dim(
            wrap(
              t("from {provider} price of {date}: {source}", {
                provider: x.source.provider,
                date: x.source.entry_from,
                source: x.source.source,
              }),
              width,
              "    ",
            ),
          ),
        );
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
