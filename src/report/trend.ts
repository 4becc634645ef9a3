import type { TrendReport, TrendSeries } from "../schema/trend.js";
import { asciiChart, type ChartData, type ChartEvent } from "./chart.js";
import { csvCell as csvText, esc, markdownFence, money, percent, quantity, wrap } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import type { Lang } from "./lang.js";
import { svgChart } from "./svg.js";

/**
 * Renderers for `llmcost trend`: table (with the ASCII chart), json, csv, markdown and svg. Each is
 * `(report, opts) → string`; the figures are computed before (engine/trend.ts, engine/forecast.ts).
 */

export type TrendSeriesReport = TrendSeries;
export type { TrendReport };

export interface ChartRenderOptions {
  width: number;
  log: boolean;
  color: boolean;
  /** The language of the table's labels (src/report/labels.ts); default English. */
  lang?: Lang | undefined;
}

const EN = phrases("en");

export type TrendRenderer = (r: TrendReport, opts: ChartRenderOptions) => string;

const METRIC_LABEL: Record<TrendReport["metric"], string> = {
  input: "input price",
  output: "output price",
  blended: "blended price (3 input : 1 output)",
  on_demand: "on-demand price",
  spot: "spot price",
};

export function yLabelOf(r: Pick<TrendReport, "currency" | "metric">, t: Phrases = EN): string {
  const per = r.metric === "on_demand" || r.metric === "spot" ? "per GPU-hour" : "per 1M tokens";
  return `${r.currency} ${t(per)}, ${t(METRIC_LABEL[r.metric])}`;
}

/** "-75.0%/yr", or "n/a" with the reason left to the caller. */
export function ratePerYear(rate: number | null, t: Phrases = EN): string {
  return rate === null ? t("n/a") : t("{rate}/yr", { rate: percent(rate) });
}

/** A step's change; blank for the first point and for a closing point where nothing changed. */
function changeText(p: TrendSeries["points"][number]): string {
  const quiet = p.event === "start" || ((p.event === "end" || p.event === "ended") && p.change === 0);
  return p.change === null || quiet ? "" : percent(p.change);
}

function r2Text(r2: number | null | undefined, t: Phrases = EN): string {
  return r2 === null || r2 === undefined ? t("n/a") : r2.toFixed(2);
}

/**
 * The mark of each event date: 1, 2, … 9, then a, b, …; events on the same day share a mark. The
 * table lists them with their marks, the chart and the SVG put the marks on the time axis.
 */
export function eventMarks(events: TrendReport["events"]): Map<string, string> {
  const marks = new Map<string, string>();
  const alphabet = "123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const e of events) if (!marks.has(e.date)) marks.set(e.date, alphabet[marks.size] ?? String(marks.size + 1));
  return marks;
}

/** One chart event per catalog event, each with its date's mark (the chart draws one mark per date). */
function chartEvents(r: TrendReport): ChartEvent[] {
  const marks = eventMarks(r.events);
  return r.events.map((e) => ({ date: e.date, mark: marks.get(e.date) ?? "", text: e.title }));
}

/** The events block of the table: one line per event, under its date's mark. */
function eventLines(r: TrendReport, width: number, t: Phrases): string[] {
  if (r.events.length === 0) return [];
  const marks = eventMarks(r.events);
  const pw = Math.max(...r.events.map((e) => e.provider.length));
  const lines = [t("events (sources: --format json)")];
  for (const e of r.events) {
    // The title wraps under itself: the first line's indent is replaced by the mark, date and provider.
    const head = `${(marks.get(e.date) ?? "").padStart(2)}  ${e.date}  ${e.provider.padEnd(pw)}  `;
    lines.push(head + wrap(e.title, width, " ".repeat(head.length)).slice(head.length));
  }
  return lines;
}

export function trendChartData(r: TrendReport, t: Phrases = EN): ChartData {
  return {
    events: chartEvents(r),
    title: t(r.title),
    yLabel: yLabelOf(r, t),
    currency: r.currency,
    start: r.window.since,
    end: r.window.until,
    series: r.series.map((s) => ({
      label: `${s.label}${s.summary ? `  ${ratePerYear(s.summary.annual_rate, t)}` : ""}`,
      points: s.points.map((p) => ({ date: p.date, value: p.event === "ended" ? null : p.price })),
    })),
  };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function years(days: number, t: Phrases): string {
  return t("{n} y", { n: (days / 365).toFixed(1) });
}

const EVENT_LABEL: Record<string, string> = {
  start: "first",
  change: "",
  end: "in force at window end",
  ended: "withdrawn",
};

export function seriesLines(s: TrendSeriesReport, currency: string, width: number, t: Phrases = EN): string[] {
  const cheapest = s.kind === "cheapest" ? t(" (cheapest of {n})", { n: s.members.length }) : "";
  const lines: string[] = [s.label + cheapest];
  const moneyW = Math.max(10, ...s.points.map((p) => money(p.price, currency).length));
  s.points.forEach((p, i) => {
    const prev = s.points[i - 1];
    const change = changeText(p);
    const who = s.kind === "cheapest" ? `${p.provider}/${p.offering}` : "";
    // Say where the price was read when it is converted, and when the series moves to another list.
    const list =
      prev && prev.list_currency !== p.list_currency
        ? t("now the {currency} list", { currency: p.list_currency })
        : p.fx_rate !== undefined
          ? t("{currency} list", { currency: p.list_currency })
          : "";
    const event = EVENT_LABEL[p.event] ? t(EVENT_LABEL[p.event] as string) : "";
    const note = [event, p.price === 0 ? t("free") : "", who, list].filter((x) => x).join(t(", "));
    // The note wraps under itself; the date, price and change are never cut.
    const head = `  ${p.date}  ${pad(money(p.price, currency), moneyW, true)}  ${pad(change, 7, true)}  `;
    lines.push(note ? head + wrap(note, width, " ".repeat(head.length)).slice(head.length) : head.trimEnd());
  });
  lines.push(...summaryLines(s, currency, width, t));
  for (const n of s.notes) lines.push(wrap(t("note: {text}", { text: n }), width, "  "));
  return lines;
}

/** The series' total change and annual rate, then its forecast and the forecast's caveats. */
function summaryLines(s: TrendSeriesReport, currency: string, width: number, t: Phrases): string[] {
  const lines: string[] = [];
  const sum = s.summary;
  if (sum && sum.days > 0)
    lines.push(
      wrap(
        t("total {change} over {days} days ({years}) · annual rate {rate}", {
          change: sum.total_change === null ? t("n/a (from a free price)") : percent(sum.total_change),
          days: quantity(sum.days),
          years: years(sum.days, t),
          rate: ratePerYear(sum.annual_rate, t),
        }),
        width,
        "  ",
      ),
    );
  else if (sum) lines.push(t("  one date only: no rate of change"));
  const f = s.forecast;
  if (f?.price !== undefined && f.date !== undefined)
    lines.push(
      wrap(
        t("forecast +{horizon}: {price} on {date} · fitted {rate} · r² {r2} · {n} points", {
          horizon: String(f.horizon),
          price: money(f.price, currency),
          date: f.date,
          rate: ratePerYear(f.annual_rate ?? null, t),
          r2: r2Text(f.r2, t),
          n: String(f.n),
        }),
        width,
        "  ",
      ),
    );
  for (const c of f?.caveats ?? []) lines.push(wrap(t("caveat: {text}", { text: c }), width, "  "));
  return lines;
}

export const renderTrendTable: TrendRenderer = (r, opts) => {
  const t = phrases(opts.lang ?? "en");
  const width = Math.max(60, opts.width);
  const out: string[] = [
    wrap(
      `${t(r.title)} · ${yLabelOf(r, t)} · ${r.window.since} → ${r.window.until} · ${t("catalog {version}", { version: r.catalog.version })}`,
      width,
      "",
    ),
  ];
  for (const s of r.series) out.push("", ...seriesLines(s, r.currency, width, t));
  const events = eventLines(r, width, t);
  if (events.length) out.push("", ...events);
  out.push(
    "",
    asciiChart(trendChartData(r, t), {
      width: Math.min(opts.width, 120),
      height: 16,
      log: opts.log,
      color: opts.color,
      t,
    }).trimEnd(),
  );
  for (const w of r.warnings) out.push(wrap(t("warning: {text}", { text: w }), width, ""));
  out.push(t("sources of each point: --format json"));
  return `${out.join("\n")}\n`;
};
export const renderTrendJson: TrendRenderer = (r) => `${JSON.stringify(r, null, 2)}\n`;

/** A CSV cell: numbers as they are, text through the shared channel function (RFC 4180, OWASP formula rule). */
export function csvValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "number" ? String(v) : csvText(v);
}

/** One row per point, full precision, so the figures can be plotted elsewhere. */
export const renderTrendCsv: TrendRenderer = (r) => {
  const head = [
    "series",
    "date",
    "price",
    "currency",
    "metric",
    "change",
    "event",
    "provider",
    "offering",
    "list_currency",
    "fx_rate",
    "entry_from",
    "source",
  ];
  const rows = [head.join(",")];
  for (const s of r.series)
    for (const p of s.points)
      rows.push(
        [
          s.label,
          p.date,
          p.price,
          r.currency,
          r.metric,
          p.change,
          p.event,
          p.provider,
          p.offering,
          p.list_currency,
          p.fx_rate,
          p.entry_from,
          p.source,
        ]
          .map(csvValue)
          .join(","),
      );
  return `${rows.join("\n")}\n`;
};

export const renderTrendMarkdown: TrendRenderer = (r, opts) => {
  const t = phrases(opts.lang ?? "en");
  const md = esc;
  const out: string[] = [
    `## ${md(t(r.title))}`,
    "",
    t("{label}, {since} to {until} (catalog {version}).", {
      label: yLabelOf(r, t),
      since: r.window.since,
      until: r.window.until,
      version: r.catalog.version,
    }),
  ];
  const summaryHead = ["series", "first", "last", "total change", "annual rate"].map((k) => t(k));
  out.push("", `| ${summaryHead.join(" | ")} |`, "| --- | --- | --- | ---: | ---: |");
  for (const s of r.series) {
    const sum = s.summary;
    out.push(
      sum
        ? `| ${md(s.label)} | ${money(sum.start.price, r.currency)} (${sum.start.date}) | ${money(sum.end.price, r.currency)} (${sum.end.date}) | ${sum.total_change === null ? t("n/a") : percent(sum.total_change)} | ${ratePerYear(sum.annual_rate, t)} |`
        : `| ${md(s.label)} | – | – | – | – |`,
    );
  }
  for (const s of r.series) out.push(...seriesMarkdown(s, r, t));
  if (r.events.length) {
    const marks = eventMarks(r.events);
    const head = ["mark", "date", "provider", "event", "source"].map((k) => t(k));
    out.push("", `### ${t("Events")}`, "", `| ${head.join(" | ")} |`, "| --- | --- | --- | --- | --- |");
    for (const e of r.events)
      out.push(`| ${marks.get(e.date) ?? ""} | ${e.date} | ${e.provider} | ${md(e.title)} | ${md(e.source)} |`);
  }
  out.push("", markdownFence(asciiChart(trendChartData(r, t), { width: 100, height: 16, log: opts.log, t }).trimEnd()));
  for (const w of r.warnings) out.push("", `> ${md(t("warning: {text}", { text: w }))}`);
  return `${out.join("\n")}\n`;
};

/** One series' points (date, price, change, offering, source), then its forecast and caveats. */
function seriesMarkdown(s: TrendSeries, r: TrendReport, t: Phrases): string[] {
  const md = esc;
  const head = ["date", "price", "change", "offering", "source"].map((k) => t(k));
  const out = ["", `### ${md(s.label)}`, "", `| ${head.join(" | ")} |`, "| --- | ---: | ---: | --- | --- |"];
  for (const p of s.points) {
    const event = p.event === "end" ? ` (${t("window end")})` : p.event === "ended" ? ` (${t("withdrawn")})` : "";
    out.push(
      `| ${p.date}${event} | ${money(p.price, r.currency)} | ${changeText(p)} | ${p.provider}/${p.offering} | ${md(p.source)} |`,
    );
  }
  const f = s.forecast;
  if (f?.price !== undefined && f.date !== undefined)
    out.push(
      "",
      t("Forecast +{horizon}: {price} on {date}; fitted {rate}, r² {r2}, {n} points.", {
        horizon: String(f.horizon),
        price: money(f.price, r.currency),
        date: f.date,
        rate: ratePerYear(f.annual_rate ?? null, t),
        r2: r2Text(f.r2, t),
        n: String(f.n),
      }),
    );
  for (const c of f?.caveats ?? []) out.push("", `> ${md(t("caveat: {text}", { text: c }))}`);
  return out;
}

export const renderTrendSvg: TrendRenderer = (r, opts) => svgChart(trendChartData(r), { log: opts.log });
