import { forecast, MAX_HORIZON, parseHorizon } from "../engine/forecast.js";
import { type NameResolution, resolveModelName } from "../engine/names.js";
import type { Offering } from "../engine/resolve.js";
import {
  GPU_METRICS,
  METRICS,
  type Metric,
  offeringsNamed,
  PRESETS,
  type Preset,
  type Trend,
  trend as trendOf,
} from "../engine/trend.js";
import { checkMetricKind, gpuTrend, selectGroups } from "../engine/trend-select.js";
import { type Diagnostic, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Catalog } from "../schema/catalog.js";
import type { TrendReport, TrendSeries } from "../schema/trend.js";
import {
  checkCatalogArg,
  checkCurrency,
  checkDate,
  checkKnownCurrency,
  checkObjectArg,
  checkStringsArg,
} from "./checks.js";

/** `llmcost trend` for library callers (docs/library.md): models' price series in a window. */

export interface TrendQuery {
  /** Model names as people type them (`openai/gpt-4o`, `claude-3.5-sonnet`). */
  models: string[];
  since: string;
  until: string;
  currency?: string;
  metric?: Metric;
}

/** `llmcost trend`: each model's price history in the window, with its annual rate of change. */
export function trend(catalog: Catalog, q: TrendQuery): Trend {
  const groups = q.models.map((m) => {
    const offerings: Offering[] = offeringsNamed(catalog, m);
    if (offerings.length === 0) {
      const r: NameResolution = resolveModelName(catalog, m);
      throw new InputError({ file: "models", message: `unknown model "${m}"`, found: m, hint: hintOf(r) });
    }
    return { label: m, kind: "offering" as const, offerings };
  });
  return trendOf(catalog, {
    groups,
    metric: q.metric ?? "blended",
    currency: q.currency ?? "USD",
    window: { since: q.since, until: q.until },
  });
}

function hintOf(r: NameResolution): string | undefined {
  if (r.kind === "ambiguous") return `it could be ${r.candidates.join(", ")}`;
  if (r.kind === "unknown" && r.suggestions.length) return `did you mean ${r.suggestions.join(" or ")}?`;
  return undefined;
}

/**
 * Everything `llmcost trend` takes, as values: the report it prints is `trendReport(catalog, q)`.
 * Faults name the matching CLI argument (`MODEL`, `--metric`, `--since`…).
 */
export interface TrendReportQuery {
  /** Model names as people type them, or accelerator keys (`h100-sxm`) for GPU-hour prices. */
  models?: string[] | undefined;
  /** Narrow MODELs to these providers; alone, every model of each. */
  provider?: string[] | undefined;
  /** Every model of each family or tag. */
  family?: string[] | undefined;
  /** Each entry `"a,b,c"`: one series, the cheapest of those models at each date. */
  cheapestOf?: string[] | undefined;
  /** A built-in view (`china-2024`): its tag, currency, window and metric. */
  preset?: string | undefined;
  /** input, output, blended (tokens; default blended) or on_demand, spot (GPU-hours). */
  metric?: string | undefined;
  currency?: string | undefined;
  /** Default: the first price of the series drawn. */
  since?: string | undefined;
  /** Default: the preset's end when it is before `today`, else `today`. One of the two is needed. */
  until?: string | undefined;
  /** The caller's today, only as the default `until` (the library never reads the clock). */
  today?: string | undefined;
  /** Fit and project each series this far: `90d`, `12m`, `2y`. */
  forecast?: string | undefined;
}

/**
 * The query's values checked before any catalog is needed: dates and currency throw at once; an
 * unknown metric, preset or horizon are collected and thrown together (the CLI's order of faults).
 */
export function checkTrendQuery(q: TrendReportQuery): TrendReportQuery {
  const faults: Diagnostic[] = [];
  const allMetrics = [...METRICS, ...GPU_METRICS];
  if (q.metric !== undefined && !allMetrics.includes(q.metric as Metric))
    faults.push({
      file: "--metric",
      message: `unknown metric ${quoted(q.metric ?? "")}`,
      expected: `one of ${allMetrics.join(", ")}`,
      found: String(q.metric),
      hint: didYouMean(String(q.metric), allMetrics),
    });
  if (q.preset !== undefined && !presetOf(q))
    faults.push({
      file: "--preset",
      message: `unknown preset ${quoted(q.preset)}`,
      expected: `one of ${PRESETS.map((p) => p.id).join(", ")}`,
      found: q.preset,
      hint: didYouMean(
        q.preset,
        PRESETS.map((p) => p.id),
      ),
    });
  if (q.forecast !== undefined && !parseHorizon(q.forecast))
    faults.push({
      file: "--forecast",
      message: "not a horizon",
      expected: `a whole number of days, months or years, at most ${MAX_HORIZON.y}y (${MAX_HORIZON.m}m, ${MAX_HORIZON.d}d): 90d, 12m, 2y`,
      found: q.forecast,
    });
  checkDate("--since", q.since);
  checkDate("--until", q.until);
  checkDate("today", q.today);
  const currency = checkCurrency("--currency", q.currency);
  if (faults.length) throw new InputError(faults);
  if (q.until === undefined && q.today === undefined)
    throw new InputError({ file: "--until", message: "no end date", expected: "`until` (or `today`) YYYY-MM-DD" });
  return currency === undefined ? q : { ...q, currency };
}

function presetOf(q: TrendReportQuery): Preset | undefined {
  return q.preset === undefined ? undefined : PRESETS.find((p) => p.id === q.preset);
}

/**
 * `llmcost trend`: the series the query selects, priced in its currency and metric over the
 * window, with events and (when asked) forecasts: the `llmcost trend --format json` report
 * (schema/trend.json); render it with `renderReport("trend", report)`.
 */
export function trendReport(catalog: Catalog, query: TrendReportQuery): TrendReport {
  checkCatalogArg("trendReport", catalog);
  checkObjectArg("trendReport", "query", query);
  checkStringsArg("trendReport", "query.models", query.models);
  const q = checkTrendQuery(query);
  const models = q.models ?? [];
  const preset = presetOf(q);
  const horizon = q.forecast === undefined ? undefined : parseHorizon(q.forecast);
  const today = q.today ?? (q.until as string);
  const until = q.until ?? (preset && preset.until < today ? preset.until : today);
  const currency = q.currency ?? preset?.currency ?? "USD";
  checkKnownCurrency(q.currency !== undefined ? "--currency" : "--preset", catalog, currency);
  const gpu = gpuTrend(catalog, models, q);
  const metric = checkMetricKind(q.metric ?? (gpu ? undefined : preset?.metric), gpu !== undefined);
  const { groups, warnings } = gpu ?? selectGroups(catalog, models, q, preset?.tag, metric);

  const earliest = [
    until,
    ...groups.flatMap((g) => g.offerings.flatMap((o) => o.model.prices.map((e) => e.from))),
  ].sort()[0];
  const window = { since: q.since ?? preset?.since ?? earliest ?? until, until };
  if (window.since > window.until)
    throw new InputError({
      file: q.since !== undefined ? "--since" : "--until",
      message: "the window is empty",
      expected: `--since on or before --until (${window.until})`,
      found: `${window.since} → ${window.until}`,
    });
  const t = trendOf(catalog, { groups, metric, currency, window });
  // Group members with no price in the window are left out (named ones stay, with their note).
  const idle = t.series.filter((s, i) => s.points.length === 0 && !groups[i]?.named).map((s) => s.label);
  if (idle.length) warnings.push(`left out (no ${metric} price in the window): ${idle.join(", ")}`);
  const series: TrendSeries[] = t.series
    .filter((s) => !idle.includes(s.label))
    .map((s) => (horizon ? { ...s, forecast: forecast(s.points, horizon) } : s));
  const title =
    preset?.title ?? (q.cheapestOf?.length && groups.length === 1 ? "Cheapest price over time" : "Price trend");
  const report: TrendReport = {
    llmcost: 1,
    kind: "trend",
    title,
    catalog: { version: catalog.version, digest: catalog.digest },
    currency,
    metric,
    unit: gpu ? "per_gpu_hour" : "per_1m_tokens",
    window,
    series,
    events: t.events
      .map((e) => ({ ...e, series: e.series.filter((l) => !idle.includes(l)) }))
      .filter((e) => e.series.length > 0),
    warnings,
  };
  if (preset) report.preset = preset.id;
  return report;
}
