import { Chalk } from "chalk";
import { visible, visibleStrings } from "../escape.js";
import type { Estimate, Item, Option } from "../schema/report.js";
import { billingDetail, billingLabel, paysOff } from "./billing.js";
import { Box, type BoxColumn, cell } from "./box.js";
import {
  cells,
  money,
  PRICE_UNIT_LABEL,
  percent,
  plainCells,
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
  let text = "";
  for (const piece of tableChunks(e, opts)) text += piece;
  return text;
};

/**
 * `renderTable(visibleStrings(e), opts)` in pieces, one an item (issue 15): a 10,000-item table
 * (16 MB) is written as it is drawn, never held whole. The pieces joined are that table, byte for
 * byte.
 *
 * Neutralised here rather than by `render` (src/report/registry.ts), which walks every string of
 * the data first: 600,000 strings (23 MB) for 10,000 items, most of them sources and options that
 * no table shows. Here each string the table shows goes through `visible` as it is read, before it
 * is measured or wrapped, and the strings that repeat (offerings, components, notes) only the first
 * time, when their text is made and kept. Rarer parts (billing options, --explain, an item with no
 * option) are drawn from `visibleStrings` of their data. A property test holds the table of an
 * estimate with control and bidi characters in every string to the table of its `visibleStrings`.
 */
export function* tableChunks(e: Estimate, opts: RenderOptions): Generator<string> {
  let i = 0;
  yield* tableItemChunks(
    e,
    e.items.some((it) => it.kind === "training" || it.kind === "fine_tune"),
    () => e.items[i++],
    () => e,
    opts,
  );
}

/** The fields of an estimate before its items, and after them. */
export type TableHead = Pick<Estimate, "workload" | "catalog" | "currency" | "period">;
export type TableTail = Pick<Estimate, "total" | "complete" | "warnings" | "budget">;

/**
 * The estimate table of an estimate made item by item (src/engine/estimate.ts `estimateItems`): the
 * fields before the items, whether any item to come is a one-off cost (training or fine-tuning: the
 * header says so before the first item), the items one at a time (undefined after the last), and
 * the fields after them (`tail` may throw; so may this, then). Each item is drawn as it is made, and
 * let go: the text of `tableChunks` of the whole estimate, byte for byte.
 */
export function* tableItemChunks(
  head: TableHead,
  oneOff: boolean,
  next: () => Item | undefined,
  tail: () => TableTail,
  opts: RenderOptions,
): Generator<string> {
  const text = tableText(head, oneOff, opts);
  yield text.head;
  for (let it = next(); it !== undefined; it = next()) yield text.item(it);
  yield text.tail(tail());
}

/**
 * The pieces of an estimate's table: the text before the items, each item's text, and the text
 * after them, which joined in that order are the table (`tableItemChunks`). The text of an item
 * depends on nothing but the item, the fields before the items and the options.
 */
interface TableText {
  head: string;
  item: (it: Item) => string;
  tail: (t: TableTail) => string;
}

function tableText(head: TableHead, oneOff: boolean, opts: RenderOptions): TableText {
  const shown: TableHead = {
    workload: head.workload,
    catalog: head.catalog,
    currency: head.currency,
    period: head.period,
  };
  const view = new TableView(visibleStrings(shown), oneOff, opts);
  return {
    head: view.head(),
    item: (it) => `\n\n${view.item(it)}`,
    tail: (t) => {
      const after: TableTail = { total: t.total, complete: t.complete, warnings: t.warnings, budget: t.budget };
      return `\n\n${view.tail(visibleStrings(after))}\n`;
    },
  };
}

type Paint = (s: string) => string;
const plain: Paint = (s) => s;

/** A line's part measured once: its text and display width (-1: not additive, see `plainCells`). */
interface Part {
  text: string;
  w: number;
}

/** What is drawn the same for every item that has an offering: its name cell, its "price of" line. */
interface OfferingText {
  /** The name cell of its pay-as-you-go API option, wrapped to `room` columns (room -1: not yet). */
  room: number;
  lines: string[];
  widths: number[];
  /** The selected option's first line, per price date. */
  priced: Map<string, string>;
}

/** Caches hold at most this many entries, then start again (an estimate has a few hundred offerings). */
const CACHE_MAX = 10_000;

/**
 * The table of one estimate, drawn item by item. Strings that repeat across items (an offering's
 * name cell and "price of" line, a component's unit-price part, a note's wrapped line, the box's
 * rules and header) are made once and kept for the estimate; each item makes only its numbers.
 */
class TableView {
  private readonly t: Phrases;
  private readonly width: number;
  private readonly currency: string;
  private readonly bold: Paint;
  private readonly dim: Paint;
  private readonly yellow: Paint;
  private readonly c: InstanceType<typeof Chalk>;
  /** Whether any item is a training run (one-off): the header and the total say so. */
  private readonly oneOff: boolean;
  /** Room for a line's text after a 4-space indent, as `wrap` reckons it. */
  private readonly room4: number;
  private readonly checkW: number;
  private readonly boxes = new Map<string, Box>();
  private readonly offerings = new Map<string, Map<string, OfferingText>>();
  private readonly kinds = new Map<string, string>();
  private readonly prefixes = new Map<string, Part>();
  private readonly unitParts = new Map<string, Map<string, Map<number, Part>>>();
  private readonly details = new Map<string, Part>();
  private readonly notes = new Map<string, string>();
  private readonly more = new Map<number, string>();

  /** `e`: the estimate's fields before its items, neutralised. */
  constructor(
    private readonly e: TableHead,
    oneOff: boolean,
    private readonly opts: RenderOptions,
  ) {
    this.c = new Chalk({ level: opts.color ? 1 : 0 });
    const c = this.c;
    this.bold = opts.color ? (s) => c.bold(s) : plain;
    this.dim = opts.color ? (s) => c.dim(s) : plain;
    this.yellow = opts.color ? (s) => c.yellow(s) : plain;
    this.t = phrases(opts.lang ?? "en");
    this.width = Math.max(60, Math.min(opts.width, 120));
    this.currency = e.currency;
    // Inference is priced per period; training runs are one-off costs, counted once.
    this.oneOff = oneOff;
    this.room4 = Math.max(8, this.width - 4 - 2);
    this.checkW = cells("✓");
  }

  /** The workload's name, then what the amounts are and where the prices come from. */
  head(): string {
    const { e, opts, t } = this;
    const period = t(e.period);
    // A quote of a number of requests (no rate, no --period) is a one-off amount: no "per month".
    const currency = e.currency;
    const per = opts.oneOff
      ? t("{currency} one-off", { currency })
      : this.oneOff
        ? t("{currency} per {period} (training: one-off)", { currency, period })
        : t("{currency} per {period}", { currency, period });
    return `${this.bold(wrap(e.workload, this.width, ""))}\n${this.dim(
      t("{per} · prices as of {date} · catalog {version}", { per, date: e.catalog.as_of, version: e.catalog.version }),
    )}`;
  }

  /** The total, the budget lines and the warnings (`after`: neutralised). */
  tail(after: TableTail): string {
    const { opts, t, c } = this;
    const e = { ...after, currency: this.e.currency, period: this.e.period };
    const period = t(e.period);
    const totalLine = `${t("Total: {amount}", { amount: money(e.total, e.currency) })}${opts.oneOff ? "" : this.oneOff ? t(" (inference per {period} + one-off training)", { period }) : t(" per {period}", { period })}${e.complete ? "" : t(" (incomplete: see warnings)")}`;
    let out = this.bold(totalLine);
    if (e.budget)
      for (const l of e.budget.lines) {
        const label = l.name === "total" ? t("budget") : t("budget {name}", { name: l.name });
        const state =
          l.status === "ok"
            ? c.green(t("ok, headroom {amount}", { amount: money(l.headroom ?? 0, e.currency) }))
            : l.status === "exceeded"
              ? c.red(t("EXCEEDED by {amount}", { amount: money(-(l.headroom ?? 0), e.currency) }))
              : c.yellow(t("unknown (not priced)"));
        out += `\n${t("{label}: {limit} — {state}", { label, limit: money(l.limit, e.currency), state })}`;
      }
    for (const w of e.warnings) out += `\n${this.yellow(wrap(t("warning: {text}", { text: w }), this.width, ""))}`;
    return out;
  }

  /** One item: its name and traffic, its options in a box, then the selected option's price and notes. */
  item(it: Item): string {
    const { t, width } = this;
    if (it.options.length === 0) {
      const clean = visibleStrings(it);
      let out = `${this.itemHead(clean)}\n${this.yellow(t("  not priced"))}`;
      for (const n of clean.notes) out += `\n${this.dim(wrap(t("note: {text}", { text: n }), width, "  "))}`;
      return out;
    }
    let out = this.itemHead(it);
    // A pay-as-you-go API option is read field by field (`visible` on each string shown); any other
    // is shown whole (billing details, plans), from its `visibleStrings`.
    const shown = it.options.slice(0, 1 + this.opts.alternatives);
    for (let i = 0; i < shown.length; i++) {
      const o = shown[i] as Option;
      if (o.via !== "api" || o.billing !== "pay_as_you_go") shown[i] = visibleStrings(o);
    }
    out += `\n${this.optionsBox(shown)}`;
    for (let i = 0; i < shown.length; i++) {
      const o = shown[i] as Option;
      if (o.billing !== "pay_as_you_go") out += this.billingLine(o, i);
    }
    if (it.options.length > shown.length) out += `\n${this.moreLine(it.options.length - shown.length)}`;
    out += this.selectedLines(it, shown[0] as Option);
    if (this.opts.explain) for (const l of explainLines(visibleStrings(shown), width, this.c, t)) out += `\n${l}`;
    return out;
  }

  /** The item's name, kind and model, then its requests and tokens when it has them. */
  private itemHead(it: Item): string {
    const t = this.t;
    let kind = this.kinds.get(it.kind);
    if (kind === undefined) {
      kind = ` ${t(visible(it.kind))} · `;
      this.kinds.set(it.kind, kind);
    }
    let out = this.bold(visible(it.name)) + this.dim(kind + visible(it.model));
    const q = it.quantities;
    if (q)
      out += `\n${this.dim(
        t("  {requests} · {input} input / {output} output tokens", {
          requests: t(q.requests === 1 ? "{n} request" : "{n} requests", { n: quantity(q.requests) }),
          input: quantity(q.input_tokens),
          output: quantity(q.output_tokens),
        }),
      )}`;
    return out;
  }

  /**
   * The options shown, in a box: mark, provider and offering, cost, and how much more than the
   * selected one each costs. Cells first, then the columns sized to them: a number is never cut (the
   * cost and difference columns take what their widest cell needs), and the name column takes the
   * rest, its names wrapped onto more lines rather than cut (issue 13). Widths are display cells
   * (CJK counts 2).
   */
  private optionsBox(shown: readonly Option[]): string {
    const currency = this.currency;
    const selected = shown[0] as Option;
    const n = shown.length;
    const costs: string[] = new Array(n);
    const diffs: string[] = new Array(n);
    const costWs: number[] = new Array(n);
    const diffWs: number[] = new Array(n);
    let markW = Math.max(4, this.checkW + 2);
    let costW = 14;
    let diffW = 21;
    for (let i = 0; i < n; i++) {
      const o = shown[i] as Option;
      const cost = money(o.cost, currency);
      let diff = "";
      if (i > 0) {
        const d = o.cost - selected.cost;
        const ratio = selected.cost > 0 ? d / selected.cost : Number.NaN;
        diff = Number.isFinite(ratio) ? `${signedMoney(d, currency)} (${percent(ratio)})` : signedMoney(d, currency);
        markW = Math.max(markW, String(i + 1).length + 2);
      }
      costs[i] = cost;
      diffs[i] = diff;
      costWs[i] = cells(cost);
      diffWs[i] = cells(diff);
      costW = Math.max(costW, (costWs[i] as number) + 2);
      diffW = Math.max(diffW, (diffWs[i] as number) + 2);
    }
    const nameW = Math.max(14, this.width - markW - costW - diffW - 5);
    const box = this.box(markW, nameW, costW, diffW);
    const [markCol, nameCol, costCol, diffCol] = box.columns as [BoxColumn, BoxColumn, BoxColumn, BoxColumn];
    const bar = box.bar;
    let out = `${box.top}\n${box.head}\n${box.rule}`;
    for (let i = 0; i < n; i++) {
      const o = shown[i] as Option;
      const name = this.nameCell(o, nameW - 2);
      const mark = i === 0 ? "✓" : String(i + 1);
      out += `\n${bar}${cell(mark, i === 0 ? this.checkW : mark.length, markCol)}${bar}${cell(name.lines[0] as string, name.widths[0] as number, nameCol)}${bar}${cell(costs[i] as string, costWs[i] as number, costCol)}${bar}${cell(diffs[i] as string, diffWs[i] as number, diffCol)}${bar}`;
      for (let k = 1; k < name.lines.length; k++)
        out += `\n${bar}${cell("", 0, markCol)}${bar}${cell(name.lines[k] as string, name.widths[k] as number, nameCol)}${bar}${cell("", 0, costCol)}${bar}${cell("", 0, diffCol)}${bar}`;
    }
    return `${out}\n${box.bottom}`;
  }

  /** The box of these column widths (a few per estimate). */
  private box(markW: number, nameW: number, costW: number, diffW: number): Box {
    const key = `${markW} ${nameW} ${costW} ${diffW}`;
    let box = this.boxes.get(key);
    if (!box) {
      const t = this.t;
      box = new Box(
        ["#", t("provider / offering"), t("cost"), t("vs selected")],
        [
          { width: markW, align: "left" },
          { width: nameW, align: "left" },
          { width: costW, align: "right" },
          { width: diffW, align: "right" },
        ],
        this.opts.color,
      );
      if (this.boxes.size >= CACHE_MAX) this.boxes.clear();
      this.boxes.set(key, box);
    }
    return box;
  }

  /** The lines of an option's name cell, `room` columns wide, and their widths. */
  private nameCell(o: Option, room: number): { lines: string[]; widths: number[] } {
    // Any other option was given through visibleStrings (item).
    if (o.via !== "api" || o.billing !== "pay_as_you_go") return nameLines(optionName(o), room);
    const entry = this.offering(o.provider, o.offering);
    if (entry.room !== room) {
      const { lines, widths } = nameLines(`${visible(o.provider)} ${shortName(visible(o.offering))}`, room);
      entry.room = room;
      entry.lines = lines;
      entry.widths = widths;
    }
    return entry;
  }

  private offering(provider: string, offering: string): OfferingText {
    let byOffering = this.offerings.get(provider);
    if (!byOffering) {
      if (this.offerings.size >= CACHE_MAX) this.offerings.clear();
      byOffering = new Map();
      this.offerings.set(provider, byOffering);
    }
    let entry = byOffering.get(offering);
    if (!entry) {
      if (byOffering.size >= CACHE_MAX) byOffering.clear();
      entry = { room: -1, lines: [], widths: [], priced: new Map() };
      byOffering.set(offering, entry);
    }
    return entry;
  }

  /** A billing option other than pay-as-you-go: what it buys and where it pays off (none when it has no break-even). */
  private billingLine(o: Option, i: number): string {
    const off = paysOff(o, this.e.period);
    if (!off) return "";
    const what = billingDetail(o);
    return `\n${this.dim(wrap(`${i === 0 ? "✓" : i + 1} ${billingLabel(o)}: ${what ? `${what}; ` : ""}${off}`, this.width, "  "))}`;
  }

  /** "… 2 more options: --format json shows all". */
  private moreLine(more: number): string {
    let line = this.more.get(more);
    if (line === undefined) {
      const t = this.t;
      line = this.dim(
        t("  … {more}: --format json shows all", {
          more: t(more === 1 ? "{n} more option" : "{n} more options", { n: quantity(more) }),
        }),
      );
      if (this.more.size >= CACHE_MAX) this.more.clear();
      this.more.set(more, line);
    }
    return line;
  }

  /** The selected option's dated price: its components, its range, and the notes of item and option. */
  private selectedLines(it: Item, selected: Option): string {
    const { t, width, currency } = this;
    const entry = this.offering(selected.provider, selected.offering);
    let out = entry.priced.get(selected.price_from);
    if (out === undefined) {
      out = this.dim(
        wrap(
          t("{provider} {offering}, price of {date}:", {
            provider: visible(selected.provider),
            offering: visible(selected.offering),
            date: visible(selected.price_from),
          }),
          width,
          "  ",
        ),
      );
      if (entry.priced.size >= CACHE_MAX) entry.priced.clear();
      entry.priced.set(selected.price_from, out);
    }
    out = `\n${out}`;
    for (const comp of selected.components) out += `\n${this.componentLine(comp)}`;
    if (selected.range) {
      const r = selected.range;
      const line = t("range: low {low} · base {base} · high {high} ({basis})", {
        low: money(r.low, currency),
        base: money(r.base, currency),
        high: money(r.high, currency),
        basis: visible(r.basis),
      });
      out += `\n${this.dim(wrap(line, width, "    "))}`;
    }
    for (const n of it.notes) out += `\n${this.noteLine(n)}`;
    for (const n of selected.notes) out += `\n${this.noteLine(n)}`;
    return out;
  }

  /** A note, wrapped (notes repeat: one per offering or card, not per item). */
  private noteLine(note: string): string {
    let line = this.notes.get(note);
    if (line === undefined) {
      line = this.dim(wrap(this.t("note: {text}", { text: visible(note) }), this.width, "  "));
      if (this.notes.size >= CACHE_MAX) this.notes.clear();
      this.notes.set(note, line);
    }
    return line;
  }

  /**
   * "input: 15.2M tokens × $0.0750/1M tok = $1.14 [batch ×0.5]", indented 4. Its parts that repeat
   * (the name, the unit and unit price, the detail) are measured once; when the line fits, it is
   * what `wrap` gives for a line that fits (the indent and the text), without measuring it again.
   */
  private componentLine(comp: Option["components"][number]): string {
    const pre = this.prefix(comp.name);
    const unit = this.unitPart(comp);
    const detail = comp.detail ? this.detail(comp.detail) : NO_PART;
    const q = quantity(comp.quantity);
    const cost = money(comp.cost, this.currency);
    const text = pre.text + q + unit.text + cost + detail.text;
    if (pre.w >= 0 && unit.w >= 0 && detail.w >= 0) {
      const qw = plainCells(q);
      const cw = plainCells(cost);
      const w = pre.w + qw + unit.w + cw + detail.w;
      // wrap's shortcut: the text starts with a non-space (the name's first character, `pre.w` ≥ 0
      // only then) and fits the line.
      if (qw >= 0 && cw >= 0 && w <= this.room4 && 4 + w <= this.width) return this.dim(`    ${text}`);
    }
    return this.dim(wrap(text, this.width, "    "));
  }

  /** "input: ", measured; w -1 when it cannot be added up or does not start with a non-space. */
  private prefix(name: string): Part {
    let p = this.prefixes.get(name);
    if (p === undefined) {
      const text = `${visible(name)}: `;
      p = { text, w: /^\S/.test(text) ? plainCells(text) : -1 };
      if (this.prefixes.size >= CACHE_MAX) this.prefixes.clear();
      this.prefixes.set(name, p);
    }
    return p;
  }

  /** " tokens × $0.0750/1M tok = ", per unit, price unit and unit price. */
  private unitPart(comp: Option["components"][number]): Part {
    let byPriceUnit = this.unitParts.get(comp.unit);
    if (!byPriceUnit) {
      if (this.unitParts.size >= CACHE_MAX) this.unitParts.clear();
      byPriceUnit = new Map();
      this.unitParts.set(comp.unit, byPriceUnit);
    }
    let byPrice = byPriceUnit.get(comp.price_unit);
    if (!byPrice) {
      if (byPriceUnit.size >= CACHE_MAX) byPriceUnit.clear();
      byPrice = new Map();
      byPriceUnit.set(comp.price_unit, byPrice);
    }
    let p = byPrice.get(comp.unit_price);
    if (p === undefined) {
      const text = ` ${visible(comp.unit)} × ${money(comp.unit_price, this.currency)}${PRICE_UNIT_LABEL[visible(comp.price_unit)] ?? ""} = `;
      p = { text, w: plainCells(text) };
      if (byPrice.size >= CACHE_MAX) byPrice.clear();
      byPrice.set(comp.unit_price, p);
    }
    return p;
  }

  /** " [batch ×0.5]". */
  private detail(detail: string): Part {
    let p = this.details.get(detail);
    if (p === undefined) {
      const text = ` [${visible(detail)}]`;
      p = { text, w: plainCells(text) };
      if (this.details.size >= CACHE_MAX) this.details.clear();
      this.details.set(detail, p);
    }
    return p;
  }
}

const NO_PART: Part = { text: "", w: 0 };

/** An option's name cell: provider, offering, how it runs (when not an API) and how it is billed (when not pay-as-you-go). */
function optionName(o: Option): string {
  return `${o.provider} ${shortName(o.offering)}${o.via === "api" ? "" : ` (${o.via.replace("_", "-")})`}${o.billing === "pay_as_you_go" ? "" : ` · ${billingLabel(o)}`}`;
}

/** A name wrapped to `room` columns (as the box would split its `\n`-joined cell), with each line's width. */
function nameLines(name: string, room: number): { room: number; lines: string[]; widths: number[] } {
  const lines = wrapCell(name, room).join("\n").split("\n");
  return { room, lines, widths: lines.map(cells) };
}

/** --explain: each number of each option shown, its formula and values, then the catalog entry it used. */
function explainLines(shown: readonly Option[], width: number, c: InstanceType<typeof Chalk>, t: Phrases): string[] {
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
