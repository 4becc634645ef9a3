import type { Diff } from "../../schema/diff.js";
import type { Estimate, Item, Option } from "../../schema/report.js";
import { money, PRICE_UNIT_LABEL, percent, quantity, signedMoney, unitPrice } from "../format.js";
import type { ReportOptions } from "../registry.js";
import { stackedBars } from "./charts.js";
import { type CellInput, h, labels, notes, num, page, section, sourceLink, table } from "./page.js";

/**
 * HTML of an estimate (`estimate`, `quote`, `check`) and of a diff: the total first, a chart of each
 * item's cost by component and one comparing providers per item, then per item the selected option's
 * components, the alternatives, and the explanation of every number, folded.
 */

const isSelected = (it: Item, o: Option) =>
  it.selected !== null &&
  o.provider === it.selected.provider &&
  o.offering === it.selected.offering &&
  o.via === it.selected.via;

function selectedOption(it: Item): Option | undefined {
  return it.options.find((o) => isSelected(it, o)) ?? (it.selected ? undefined : undefined);
}

function perText(e: Estimate, oneOff: boolean | undefined, t: (k: string) => string): string {
  if (oneOff) return "one-off";
  const training = e.items.some((i) => i.kind === "training");
  return `${t("per")} ${t(e.period)}${training ? " (training: one-off)" : ""}`;
}

function estimateBody(e: Estimate, opts: ReportOptions, id: string): string {
  const t = labels(opts.lang);
  const cur = e.currency;
  const parts: string[] = [];
  // Chart 1: each item's selected option, stacked by component.
  const priced = e.items.filter((it) => it.cost !== null);
  const compNames: string[] = [];
  for (const it of priced)
    for (const c of selectedOption(it)?.components ?? []) if (!compNames.includes(c.name)) compNames.push(c.name);
  if (priced.length)
    parts.push(
      section(
        t("Cost per item, by component"),
        stackedBars({
          id: `${id}-items`,
          title: t("Cost per item, by component"),
          desc: `${priced.map((it) => `${it.name} ${money(it.cost ?? 0, cur)}`).join("; ")}. ${t("Chart data is in the table below.")}`,
          segments: compNames,
          bars: priced.map((it) => {
            const comps = selectedOption(it)?.components ?? [];
            return {
              label: it.name,
              values: compNames.map((n) => comps.filter((c) => c.name === n).reduce((a, c) => a + c.cost, 0)),
              note: money(it.cost ?? 0, cur),
            };
          }),
          format: (n) => money(n, cur),
        }) +
          table(
            t("items"),
            [t("item"), t("model"), t("selected"), { text: t("cost"), num: true }],
            e.items.map((it) => [
              it.name,
              it.model,
              it.selected ? `${it.selected.provider}/${it.selected.offering} (${it.selected.via})` : t("not priced"),
              num(it.cost === null ? "—" : money(it.cost, cur)),
            ]),
          ),
      ),
    );
  for (const [k, it] of e.items.entries()) parts.push(itemSection(it, e, opts, `${id}-i${k}`));
  if (e.budget)
    parts.push(
      section(
        t("budget"),
        table(
          t("budget"),
          [
            t("budget"),
            { text: t("limit"), num: true },
            { text: t("estimate"), num: true },
            { text: t("headroom"), num: true },
            t("status"),
          ],
          e.budget.lines.map((l) => [
            l.name === "total" ? t("total") : l.name,
            num(money(l.limit, cur)),
            num(l.cost === null ? "—" : money(l.cost, cur)),
            num(l.headroom === null ? "—" : signedMoney(l.headroom, cur)),
            {
              text: `${l.status === "ok" ? "✓ " : l.status === "exceeded" ? "✗ " : "? "}${t(l.status)}`,
              cls: l.status,
            },
          ]),
        ),
      ),
    );
  parts.push(notes(t("warnings"), e.warnings, "warnings"));
  return parts.join("\n");
}

function itemSection(it: Item, e: Estimate, opts: ReportOptions, id: string): string {
  const t = labels(opts.lang);
  const cur = e.currency;
  const sel = selectedOption(it);
  const out: string[] = [];
  const q = it.quantities;
  if (q)
    out.push(
      `<p>${h(`${quantity(q.requests)} ${t("requests")} · ${quantity(q.input_tokens)} ${t("input")} / ${quantity(q.output_tokens)} ${t("output")} tokens${q.cached_input_tokens ? ` · ${quantity(q.cached_input_tokens)} ${t("cached")}` : ""}`)}</p>`,
    );
  if (sel) out.push(...selectedParts(it, sel, cur, t));
  if (it.options.length > 1) out.push(...comparisonParts(it, cur, t, id));
  const explain = sel?.explain ?? [];
  if (explain.length) out.push(explainDetails(it, explain, t));
  out.push(notes(t("notes"), [...it.notes, ...(sel?.notes ?? [])]));
  const head = `${it.name} — ${it.cost === null ? t("not priced") : money(it.cost, cur)}`;
  return section(head, out.join("\n"));
}

type Labels = ReturnType<typeof labels>;

/** The selected option's components (quantity × unit price = cost), then its source and price date. */
function selectedParts(it: Item, sel: Option, cur: string, t: Labels): string[] {
  return [
    table(
      `${it.name}: ${t("selected option")} ${sel.provider}/${sel.offering}`,
      [
        t("component"),
        { text: t("quantity"), num: true },
        t("unit"),
        { text: t("unit price"), num: true },
        t("price unit"),
        { text: t("cost"), num: true },
      ],
      sel.components.map((c) => [
        `${c.name}${c.detail ? ` (${c.detail})` : ""}`,
        num(quantity(c.quantity)),
        c.unit,
        num(`${unitPrice(c.unit_price)} ${cur}`),
        PRICE_UNIT_LABEL[c.price_unit] ?? c.price_unit,
        num(money(c.cost, cur)),
      ]),
    ),
    `<p>${h(t("source"))}: ${sourceLink(sel.source)} · ${h(t("price from"))} ${h(sel.price_from)}${sel.fx_rate !== undefined ? ` · ${h(`${sel.list_currency}→${cur} ×${sel.fx_rate}`)}` : ""}</p>`,
  ];
}

/** Chart 2: the providers that can run the item, cheapest first (the first 8); then every option, folded. */
function comparisonParts(it: Item, cur: string, t: Labels, id: string): string[] {
  const shown = it.options.slice(0, 8);
  const cheapest = it.options[0]?.cost ?? 0;
  const chart = stackedBars({
    id: `${id}-cmp`,
    title: `${t("Providers compared")}: ${it.name}`,
    desc: `${shown.map((o) => `${o.provider}/${o.offering} ${money(o.cost, cur)}${isSelected(it, o) ? ` ${t("(selected)")}` : ""}`).join("; ")}.`,
    segments: [t("cost")],
    bars: shown.map((o) => ({
      label: `${o.provider}/${o.offering}`,
      values: [o.cost],
      note: `${money(o.cost, cur)}${isSelected(it, o) ? ` ${t("(selected)")}` : ""}`,
      strong: isSelected(it, o),
    })),
    format: (n) => money(n, cur),
  });
  const rows: CellInput[][] = it.options.map((o) => [
    { text: `${o.provider}/${o.offering}${isSelected(it, o) ? ` ${t("(selected)")}` : ""}`, head: true },
    o.via,
    num(money(o.cost, cur)),
    num(cheapest > 0 ? percent(o.cost / cheapest - 1) : "—"),
    o.price_from,
    { text: o.source, html: sourceLink(o.source) },
  ]);
  const alternatives = `<details><summary>${h(`${t("alternatives")} (${it.options.length})`)}</summary>${table(
    `${it.name}: ${t("alternatives")}`,
    [
      t("offering"),
      t("via"),
      { text: t("cost"), num: true },
      { text: t("more than the cheapest"), num: true },
      t("price from"),
      t("source"),
    ],
    rows,
  )}</details>`;
  return [chart, alternatives];
}

/** The explain lines of the selected option, folded: how each number was computed, with its source. */
function explainDetails(it: Item, explain: NonNullable<Option["explain"]>, t: Labels): string {
  return `<details><summary>${h(`${t("How each number was computed")} (${explain.length})`)}</summary>${table(
    `${it.name}: ${t("Explain")}`,
    [t("item"), t("formula"), t("values"), { text: t("result"), num: true }, t("source")],
    explain.map((x) => [
      x.what,
      { text: x.formula, html: `<code>${h(x.formula)}</code>` },
      { text: x.values, html: `<code>${h(x.values)}</code>` },
      num(quantity(x.result)),
      {
        text: x.source?.source ?? "",
        html: x.source ? `${h(`${x.source.provider} ${x.source.entry_from}`)} ${sourceLink(x.source.source)}` : "",
      },
    ]),
  )}</details>`;
}

export function renderEstimateHtml(e: Estimate, opts: ReportOptions): string {
  const t = labels(opts.lang);
  return page({
    lang: opts.lang,
    title: `${t("Cost estimate")}: ${e.workload}`,
    subtitle: `${e.currency} ${perText(e, opts.oneOff, t)} · ${t("prices as of")} ${e.catalog.as_of} · ${t("catalog")} ${e.catalog.version}`,
    headline: `${t("Total")}: ${money(e.total, e.currency)} ${perText(e, opts.oneOff, t)}${e.complete ? "" : " (incomplete)"}`,
    body: estimateBody(e, opts, "e"),
  });
}

export function renderCheckHtml(e: Estimate, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const status = e.budget?.status ?? "ok";
  return page({
    lang: opts.lang,
    title: `${t("Budget check")}: ${e.workload}`,
    subtitle: `${e.currency} ${perText(e, opts.oneOff, t)} · ${t("prices as of")} ${e.catalog.as_of} · ${t("catalog")} ${e.catalog.version}`,
    headline: `${status === "ok" ? "✓ PASS" : "✗ FAIL"} — ${t("Total")}: ${money(e.total, e.currency)}`,
    body: estimateBody(e, opts, "c"),
  });
}

export function renderDiffHtml(d: Diff, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const cur = d.currency;
  const m = (n: number | null) => (n === null ? "—" : money(n, cur));
  const sm = (n: number | null) => (n === null ? "—" : signedMoney(n, cur));
  const pc = (p: number | null) => (p === null ? "—" : `${p >= 0 ? "+" : ""}${p.toFixed(1)}%`);
  const withBoth = d.items.filter((i) => i.before !== null || i.after !== null);
  const chart = withBoth.length
    ? stackedBars({
        id: "d-items",
        title: `${t("before")} / ${t("after")}`,
        desc: withBoth.map((i) => `${i.name}: ${m(i.before)} → ${m(i.after)}`).join("; "),
        segments: [t("before"), t("after")],
        bars: withBoth.flatMap((i) => [
          { label: `${i.name} (${t("before")})`, values: [i.before ?? 0, 0], note: m(i.before) },
          { label: `${i.name} (${t("after")})`, values: [0, i.after ?? 0], note: m(i.after) },
        ]),
        format: (n) => money(n, cur),
      })
    : "";
  const rows: CellInput[][] = d.items.map((i) => [
    i.name,
    i.status,
    num(m(i.before)),
    num(m(i.after)),
    num(sm(i.change)),
    num(pc(i.percent)),
    `${i.before_selected ?? "—"} → ${i.after_selected ?? "—"}`,
  ]);
  const reasons = d.items
    .filter((i) => i.reasons.length)
    .map(
      (i) =>
        `<details><summary>${h(`${i.name}: ${t("reasons")} (${i.reasons.length})`)}</summary><ul>${i.reasons
          .map(
            (r) =>
              `<li><strong>${h(r.kind)}</strong> ${h(r.amount === null ? "" : sm(r.amount))}${r.changes.length ? `: ${h(r.changes.map((c) => `${c.what} ${c.before ?? "—"} → ${c.after ?? "—"}${c.unit ? ` ${c.unit}` : ""}`).join("; "))}` : ""}</li>`,
          )
          .join("")}</ul></details>`,
    )
    .join("\n");
  const thr = d.threshold
    ? `<p class="${d.threshold.status}">${h(`--fail-above ${d.threshold.limit}${d.threshold.unit === "percent" ? "%" : ` ${cur}`}: ${t(d.threshold.status)}`)}</p>`
    : "";
  return page({
    lang: opts.lang,
    title: `${t("Cost diff")}: ${d.base.file} → ${d.head.file}`,
    subtitle: `${cur} ${t("per")} ${t(d.period)} · ${t("base")} ${d.base.catalog.as_of} · ${t("head")} ${d.head.catalog.as_of}`,
    headline: `${t("Total")}: ${m(d.total.before)} → ${m(d.total.after)} (${sm(d.total.change)}, ${pc(d.total.percent)})`,
    body: [
      thr,
      section(
        t("items"),
        chart +
          table(
            t("items"),
            [
              t("item"),
              t("status"),
              { text: t("before"), num: true },
              { text: t("after"), num: true },
              { text: t("change"), num: true },
              { text: t("change %"), num: true },
              t("selected"),
            ],
            rows,
          ),
      ),
      reasons ? section(t("reasons"), reasons) : "",
      notes(t("warnings"), d.warnings, "warnings"),
    ].join("\n"),
  });
}
