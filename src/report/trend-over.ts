import { type OverReport, pricedKey } from "../schema/trend.js";
import { asciiChart, type ChartData, type ChartSeries } from "./chart.js";
import { cells, esc, markdownFence, money, padCells, percent, quantity, wrap, wrapCell } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import { svgChart } from "./svg.js";
import { type ChartRenderOptions, csvValue } from "./trend.js";

/**
 * Renderers for `llmcost estimate WORKLOAD --over A..B --step S`: the workload's total at each date,
 * which items were priced (and where), the annual rate over the comparable span, and a chart.
 */

export type { OverReport };

export type OverRenderer = (r: OverReport, opts: ChartRenderOptions) => string;

const EN = phrases("en");

function rateText(r: OverReport, t: Phrases = EN): string {
  const c = r.comparable;
  if (!c) return t("annual rate: n/a (fewer than two dates price the same items)");
  const total = c.total_change === null ? t("n/a") : percent(c.total_change);
  const rate = c.annual_rate === null ? t("n/a") : t("{rate}/yr", { rate: percent(c.annual_rate) });
  return t("rate from {from} to {to} ({days} days, the same items priced): total {total} · annual rate {rate}", {
    from: c.from,
    to: c.to,
    days: c.days,
    total,
    rate,
  });
}

const priced = (p: OverReport["points"][number]) => p.items.some((i) => i.status === "priced");

/** The total, and each item when there are several, as step series (null where the item is not priced). */
export function overChartData(r: OverReport, t: Phrases = EN): ChartData {
  const names = r.points[0]?.items.map((i) => i.name) ?? [];
  const series: ChartSeries[] = [
    { label: t("total"), points: r.points.map((p) => ({ date: p.date, value: priced(p) ? p.total : null })) },
  ];
  if (names.length > 1)
    for (const n of names)
      series.push({
        label: n,
        points: r.points.map((p) => ({ date: p.date, value: p.items.find((i) => i.name === n)?.cost ?? null })),
      });
  return {
    title: t("{workload}: cost over time", { workload: r.workload }),
    yLabel: t("{currency} per {period}", { currency: r.currency, period: t(r.period) }),
    currency: r.currency,
    start: r.from,
    end: r.to,
    series,
  };
}

function itemsText(p: OverReport["points"][number], t: Phrases): string {
  return p.items
    .map((i) =>
      i.status === "priced"
        ? `${i.name}: ${i.provider}/${i.offering}`
        : `${i.name}: ${t(i.status === "not_yet" ? "not yet" : "not priced")}`,
    )
    .join("; ");
}

/** Each item's selected offering, listed when it first appears and whenever it changes. */
function selectionLines(r: OverReport, width: number, t: Phrases): string[] {
  const out: string[] = [];
  const names = r.points[0]?.items.map((i) => i.name) ?? [];
  for (const n of names) {
    const runs: Array<{ date: string; who: string }> = [];
    let last = "";
    for (const p of r.points) {
      const i = p.items.find((x) => x.name === n);
      const who = i?.status === "priced" ? `${i.provider}/${i.offering}` : "";
      if (who && who !== last) runs.push({ date: p.date, who });
      last = who;
    }
    const [only] = runs;
    if (runs.length === 1 && only)
      out.push(wrap(`${n}: ${t("{who} from {date}", { who: only.who, date: only.date })}`, width, "  "));
    else if (runs.length === 0) out.push(wrap(`${n}: ${t("not priced on any date")}`, width, "  "));
    else
      out.push(
        wrap(`${n}:`, width, "  "),
        ...runs.map((x) => wrap(t("from {date}  {who}", { date: x.date, who: x.who }), width, "    ")),
      );
  }
  return out;
}

export const renderOverTable: OverRenderer = (r, opts) => {
  const t = phrases(opts.lang ?? "en");
  const room = Math.max(60, opts.width);
  const out: string[] = [
    wrap(
      t("{workload} over time · {per} · {from} → {to}, every {step} · catalog {version}", {
        workload: r.workload,
        per: t("{currency} per {period}", { currency: r.currency, period: t(r.period) }),
        from: r.from,
        to: r.to,
        step: t(r.step),
        version: r.catalog.version,
      }),
      room,
      "",
    ),
    "",
  ];
  const names = r.points[0]?.items.map((i) => i.name) ?? [];
  const cellOf = (i: OverReport["points"][number]["items"][number]) =>
    i.status === "priced" ? money(i.cost ?? 0, r.currency) : t(i.status === "not_yet" ? "not yet" : "not priced");
  const cols = [t("date"), t("total"), t("change"), ...names];
  const rows = r.points.map((p, k) => {
    const prev = r.points[k - 1];
    const same = prev !== undefined && priced(prev) && (prev.total ?? 0) > 0 && pricedKey(prev) === pricedKey(p);
    return [
      p.date,
      priced(p) && p.total !== null ? money(p.total, r.currency) : "–",
      same && priced(p) ? percent((p.total ?? 0) / ((prev as typeof p).total ?? 1) - 1) : "",
      ...p.items.map(cellOf),
    ];
  });
  // A column is as wide as its widest value ; an item's name wraps onto more header
  // lines instead of being cut (issue 13). Widths in display cells: a Chinese name counts 2 a character.
  const widths = cols.map((c, j) =>
    Math.max(j < 3 ? cells(c) : Math.min(cells(c), 14), ...rows.map((row) => cells(row[j] as string))),
  );
  // As many item columns as fit the width; the rest are in --format json or csv.
  let shown = 3;
  let used = 2 + (widths[0] as number) + 2 + (widths[1] as number) + 2 + (widths[2] as number);
  while (shown < cols.length && used + 2 + (widths[shown] as number) <= room) used += 2 + (widths[shown++] as number);
  const line = (cellsOfRow: string[]) => {
    const wrapped = cellsOfRow.slice(0, shown).map((c, j) => wrapCell(c, widths[j] as number));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++)
      out.push(`  ${wrapped.map((w, j) => padCells(w[k] ?? "", widths[j] as number, j > 0)).join("  ")}`);
    return out.join("\n");
  };
  out.push(line(cols));
  for (const row of rows) out.push(line(row));
  if (shown < cols.length)
    out.push(
      wrap(
        t(
          cols.length - shown === 1
            ? "({n} more item column does not fit: --format csv or json has every item)"
            : "({n} more item columns do not fit: --format csv or json has every item)",
          { n: quantity(cols.length - shown) },
        ),
        room,
        "  ",
      ),
    );
  out.push("", t("selected (cheapest) offerings:"), ...selectionLines(r, room, t));
  out.push("", wrap(rateText(r, t), room, ""));
  if (r.points.some((p) => !p.complete))
    out.push(
      wrap(
        t(
          "a total leaves out the items not priced on its date: the rate compares only dates that price the same items",
        ),
        room,
        "",
      ),
    );
  out.push(
    "",
    asciiChart(overChartData(r, t), {
      width: Math.min(opts.width, 120),
      height: 14,
      log: opts.log,
      color: opts.color,
      t,
    }).trimEnd(),
  );
  for (const w of r.warnings) out.push(wrap(t("warning: {text}", { text: w }), room, ""));
  return `${out.join("\n")}\n`;
};

export const renderOverJson: OverRenderer = (r) => `${JSON.stringify(r, null, 2)}\n`;

/** One row per date and item, plus a `total` row per date. */
export const renderOverCsv: OverRenderer = (r) => {
  const rows = ["date,item,cost,currency,status,provider,offering,entry_from,source"];
  for (const p of r.points) {
    rows.push(
      [p.date, "total", p.total ?? "", r.currency, p.complete ? "complete" : "partial", "", "", "", ""]
        .map(csvValue)
        .join(","),
    );
    for (const i of p.items) {
      const s = p.sources.find((x) => x.item === i.name);
      rows.push(
        [p.date, i.name, i.cost, r.currency, i.status, i.provider, i.offering, s?.entry_from, s?.source]
          .map(csvValue)
          .join(","),
      );
    }
  }
  return `${rows.join("\n")}\n`;
};

export const renderOverMarkdown: OverRenderer = (r, opts) => {
  const t = phrases(opts.lang ?? "en");
  const out = [
    `## ${esc(t("{workload}: cost over time", { workload: r.workload }))}`,
    "",
    t("{per}, {from} to {to}, every {step} (catalog {version}).", {
      per: t("{currency} per {period}", { currency: r.currency, period: t(r.period) }),
      from: r.from,
      to: r.to,
      step: t(r.step),
      version: r.catalog.version,
    }),
    "",
    `| ${t("date")} | ${t("total")} | ${t("items")} |`,
    "| --- | ---: | --- |",
  ];
  for (const p of r.points)
    out.push(
      `| ${p.date} | ${priced(p) && p.total !== null ? money(p.total, r.currency) : "–"} | ${esc(itemsText(p, t))} |`,
    );
  out.push(
    "",
    rateText(r, t),
    "",
    markdownFence(asciiChart(overChartData(r, t), { width: 100, height: 14, log: opts.log, t }).trimEnd()),
  );
  for (const w of r.warnings) out.push("", `> ${esc(t("warning: {text}", { text: w }))}`);
  return `${out.join("\n")}\n`;
};

export const renderOverSvg: OverRenderer = (r, opts) => svgChart(overChartData(r), { log: opts.log });
