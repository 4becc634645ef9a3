import type { OverReport, TrendReport } from "../../schema/trend.js";
import { money, percent, quantity } from "../format.js";
import { type Phrases, phrases } from "../labels.js";
import type { ReportOptions } from "../registry.js";
import { lineChart } from "./charts.js";
import { type CellInput, h, labels, notes, num, page, section, sourceLink, table } from "./page.js";

const EN = phrases("en");

/** HTML of `trend` (price history, step markers, events, forecast band) and of `estimate --over`. */

const rateText = (r: number | null | undefined, t: Phrases = EN) =>
  r === null || r === undefined ? t("n/a") : t("{rate}/yr", { rate: percent(r) });

export function renderTrendHtml(r: TrendReport, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const rate = (x: number | null | undefined) => rateText(x, phrases(opts.lang));
  const unit = r.unit === "per_gpu_hour" ? t("per GPU-hour") : t("per 1M tokens");
  const yLabel = `${r.currency} ${unit}, ${t(r.metric)}`;
  const eventList = r.events.length
    ? `<h3>${h(t("events"))}</h3><ol>${r.events.map((e) => `<li>${h(`${e.date} · ${e.provider} · ${e.kind}: ${e.title}`)} — ${sourceLink(e.source)}</li>`).join("")}</ol>`
    : "";
  return page({
    lang: opts.lang,
    title: r.title === "Price trend" ? t("Price trend") : `${t("Price trend")}: ${r.title}`,
    subtitle: `${yLabel} · ${r.window.since} → ${r.window.until} · ${t("catalog")} ${r.catalog.version}`,
    body: [
      section(t("Price history chart"), trendChart(r, opts, yLabel, rate) + eventList),
      section(t("series"), seriesSummary(r, t, rate) + seriesDetails(r, t)),
      notes(t("warnings"), r.warnings, "warnings"),
    ].join("\n"),
  });
}

type Labels = ReturnType<typeof labels>;
type Rate = (x: number | null | undefined) => string;

/** The price history chart: a line per series, step markers for events, the forecast band. */
function trendChart(r: TrendReport, opts: ReportOptions, yLabel: string, rate: Rate): string {
  const t = labels(opts.lang);
  const cur = r.currency;
  const events = r.events.map((e, i) => ({ date: e.date, n: i + 1, title: `${e.provider}: ${e.title}` }));
  return lineChart({
    id: "trend",
    title: `${t("Price history chart")}: ${r.title}`,
    desc: `${r.series
      .map((s) => {
        const sum = s.summary;
        const f = s.forecast;
        return `${s.label}: ${sum ? `${money(sum.start.price, cur)} (${sum.start.date}) → ${money(sum.end.price, cur)} (${sum.end.date}), ${rate(sum.annual_rate)}` : "—"}${f?.price !== undefined ? `; ${t("forecast")} ${money(f.price, cur)} ${f.date}${f.low !== undefined && f.high !== undefined ? ` (${money(f.low, cur)}–${money(f.high, cur)})` : ""}` : ""}`;
      })
      .join("; ")}.`,
    yLabel,
    start: r.window.since,
    end: r.window.until,
    log: opts.log,
    series: r.series.map((s) => ({
      label: s.label,
      points: s.points.map((p) => ({ date: p.date, value: p.event === "ended" ? null : p.price })),
      ...(s.forecast?.price !== undefined && s.forecast.date !== undefined
        ? { forecast: { date: s.forecast.date, value: s.forecast.price, low: s.forecast.low, high: s.forecast.high } }
        : {}),
    })),
    events,
    format: (n) => money(n, cur),
  });
}

/** One row per series: first and last price, total change, annual rate, forecast and its band. */
function seriesSummary(r: TrendReport, t: Labels, rate: Rate): string {
  const cur = r.currency;
  return table(
    t("series"),
    [
      t("series"),
      { text: t("first"), num: true },
      { text: t("last"), num: true },
      { text: t("total change"), num: true },
      { text: t("annual rate"), num: true },
      { text: t("forecast"), num: true },
      { text: t("forecast band"), num: true },
    ],
    r.series.map((s) => {
      const sum = s.summary;
      const f = s.forecast;
      return [
        s.label,
        num(sum ? `${money(sum.start.price, cur)} (${sum.start.date})` : "—"),
        num(sum ? `${money(sum.end.price, cur)} (${sum.end.date})` : "—"),
        num(sum?.total_change === null || !sum ? t("n/a") : percent(sum.total_change)),
        num(rate(sum?.annual_rate)),
        num(f?.price !== undefined ? `${money(f.price, cur)} (${f.date})` : "—"),
        num(f?.low !== undefined && f.high !== undefined ? `${money(f.low, cur)} – ${money(f.high, cur)}` : "—"),
      ];
    }),
  );
}

/** Every point of every series, folded per series, with its source, notes and forecast caveats. */
function seriesDetails(r: TrendReport, t: Labels): string {
  const cur = r.currency;
  return r.series
    .map((s) => {
      const rows: CellInput[][] = s.points.map((p) => [
        `${p.date}${p.event === "end" ? ` (${t("window end")})` : p.event === "ended" ? ` (${t("withdrawn")})` : ""}`,
        num(money(p.price, cur)),
        num(p.change === null || p.event === "start" ? "" : percent(p.change)),
        `${p.provider}/${p.offering}`,
        { text: p.source, html: sourceLink(p.source) },
      ]);
      const caveats = s.forecast?.caveats ?? [];
      return `<details><summary>${h(`${s.label} (${s.points.length})`)}</summary>${table(
        s.label,
        [t("date"), { text: t("price"), num: true }, { text: t("change"), num: true }, t("offering"), t("source")],
        rows,
      )}${notes(t("notes"), [...s.notes, ...caveats])}</details>`;
    })
    .join("\n");
}

export function renderOverHtml(r: OverReport, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const p = phrases(opts.lang);
  const rate = (x: number | null | undefined) => rateText(x, p);
  const cur = r.currency;
  const names = r.points[0]?.items.map((i) => i.name) ?? [];
  const priced = (p: OverReport["points"][number]) => p.total !== null && p.items.some((i) => i.status === "priced");
  const series = [
    {
      label: t("total"),
      points: r.points.map((p) => ({ date: p.date, value: p.total !== null && priced(p) ? p.total : null })),
    },
    ...(names.length > 1
      ? names.map((n) => ({
          label: n,
          points: r.points.map((p) => ({ date: p.date, value: p.items.find((i) => i.name === n)?.cost ?? null })),
        }))
      : []),
  ];
  const c = r.comparable;
  const rateLine = c
    ? `${c.from} → ${c.to} (${p("{n} days", { n: quantity(c.days) })}): ${t("total change")} ${c.total_change === null ? t("n/a") : percent(c.total_change)} · ${t("annual rate")} ${rate(c.annual_rate)}`
    : `${t("annual rate")}: ${t("n/a")}`;
  const chart = lineChart({
    id: "over",
    title: `${t("Cost over time chart")}: ${r.workload}`,
    desc: `${t("total")}: ${r.points
      .filter((p) => priced(p))
      .map((p) => `${p.date} ${money(p.total ?? 0, cur)}`)
      .join(", ")}. ${rateLine}.`,
    yLabel: `${cur} ${t("per")} ${t(r.period)}`,
    start: r.from,
    end: r.to,
    log: opts.log,
    series,
    format: (n) => money(n, cur),
  });
  const rows: CellInput[][] = r.points.map((p) => [
    p.date,
    num(p.total !== null && priced(p) ? money(p.total, cur) : "—"),
    ...p.items.map((i) =>
      num(
        i.status === "priced"
          ? `${money(i.cost ?? 0, cur)} · ${i.provider}/${i.offering}`
          : i.status === "not_yet"
            ? t("not yet")
            : t("not priced"),
      ),
    ),
  ]);
  const sources = r.points
    .filter((p) => p.sources.length)
    .map(
      (p) =>
        `<li>${h(p.date)}: ${p.sources.map((s) => `${h(`${s.item} ${s.provider}/${s.offering} (${s.entry_from})`)} ${sourceLink(s.source)}`).join("; ")}</li>`,
    )
    .join("");
  return page({
    lang: opts.lang,
    title: `${t("Cost over time")}: ${r.workload}`,
    subtitle: `${cur} ${t("per")} ${t(r.period)} · ${r.from} → ${r.to}, ${t(r.step)} · ${t("catalog")} ${r.catalog.version}`,
    headline: rateLine,
    body: [
      section(t("Cost over time chart"), chart),
      section(
        t("date"),
        table(
          t("Cost over time"),
          [t("date"), { text: t("total"), num: true }, ...names.map((n) => ({ text: n, num: true }))],
          rows,
        ),
      ),
      sources
        ? section(t("sources"), `<details><summary>${h(t("sources"))}</summary><ul>${sources}</ul></details>`)
        : "",
      notes(t("warnings"), r.warnings, "warnings"),
    ].join("\n"),
  });
}
