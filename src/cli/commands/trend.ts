import { forecast, MAX_HORIZON, parseHorizon } from "../../engine/forecast.js";
import { GPU_METRICS, METRICS, type Metric, PRESETS, type TrendRequest, trend } from "../../engine/trend.js";
import { checkMetricKind, checkTrendCurrency, gpuTrend, selectGroups } from "../../engine/trend-select.js";
import { type Diagnostic, InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { renderReport } from "../../lib/render.js";
import type { TrendReport, TrendSeries } from "../../schema/trend.js";
import { catalogFor, checkCurrency, checkDate, checkFormat, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface TrendFlags {
  since?: string;
  until?: string;
  metric?: string;
  currency?: string;
  format?: string;
  log?: boolean;
  provider?: string[];
  family?: string[];
  cheapestOf?: string[];
  preset?: string;
  forecast?: string;
  catalog?: string[];
  output?: string;
  lang?: string;
}

/**
 * `llmcost trend MODEL... [groups] [--forecast 12m]`: pick the offerings, build each series in the
 * engine, fit forecasts, render. Names that do not resolve are collected and reported together.
 */
export async function runTrend(models: string[], flags: TrendFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("trend", flags.format);
  const faults: Diagnostic[] = [];
  const allMetrics = [...METRICS, ...GPU_METRICS];
  if (flags.metric !== undefined && !allMetrics.includes(flags.metric as Metric))
    faults.push({
      file: "--metric",
      message: `unknown metric ${quoted(flags.metric ?? "")}`,
      expected: `one of ${allMetrics.join(", ")}`,
      found: String(flags.metric),
      hint: didYouMean(String(flags.metric), allMetrics),
    });
  const preset = flags.preset === undefined ? undefined : PRESETS.find((p) => p.id === flags.preset);
  if (flags.preset !== undefined && !preset)
    faults.push({
      file: "--preset",
      message: `unknown preset ${quoted(flags.preset)}`,
      expected: `one of ${PRESETS.map((p) => p.id).join(", ")}`,
      found: flags.preset,
      hint: didYouMean(
        flags.preset,
        PRESETS.map((p) => p.id),
      ),
    });
  const horizon = flags.forecast === undefined ? undefined : parseHorizon(flags.forecast);
  if (flags.forecast !== undefined && !horizon)
    faults.push({
      file: "--forecast",
      message: "not a horizon",
      expected: `a whole number of days, months or years, at most ${MAX_HORIZON.y}y (${MAX_HORIZON.m}m, ${MAX_HORIZON.d}d): 90d, 12m, 2y`,
      found: flags.forecast,
    });
  const since = checkDate("--since", flags.since) ?? preset?.since;
  const untilFlag = checkDate("--until", flags.until);
  const until = untilFlag ?? (preset && preset.until < io.today ? preset.until : io.today);
  const currency = checkCurrency("--currency", flags.currency) ?? preset?.currency ?? "USD";
  if (faults.length) throw new InputError(faults);

  const catalog = catalogFor(io, flags.catalog);
  checkTrendCurrency(catalog, currency, flags.currency !== undefined);
  const gpu = gpuTrend(catalog, models, flags);
  const metric = checkMetricKind(flags.metric ?? (gpu ? undefined : preset?.metric), gpu !== undefined);
  const { groups, warnings } = gpu ?? selectGroups(catalog, models, flags, preset?.tag, metric);

  const earliest = [
    until,
    ...groups.flatMap((g) => g.offerings.flatMap((o) => o.model.prices.map((e) => e.from))),
  ].sort()[0];
  const window = { since: since ?? earliest ?? until, until };
  if (window.since > window.until)
    throw new InputError({
      file: flags.since !== undefined ? "--since" : "--until",
      message: "the window is empty",
      expected: `--since on or before --until (${window.until})`,
      found: `${window.since} → ${window.until}`,
    });
  const req: TrendRequest = { groups, metric, currency, window };
  const t = trend(catalog, req);
  // Group members with no price in the window are left out (named ones stay, with their note).
  const idle = t.series.filter((s, i) => s.points.length === 0 && !groups[i]?.named).map((s) => s.label);
  if (idle.length) warnings.push(`left out (no ${metric} price in the window): ${idle.join(", ")}`);
  const series: TrendSeries[] = t.series
    .filter((s) => !idle.includes(s.label))
    .map((s) => (horizon ? { ...s, forecast: forecast(s.points, horizon) } : s));
  const titled =
    preset?.title ?? (flags.cheapestOf?.length && groups.length === 1 ? "Cheapest price over time" : "Price trend");
  const report: TrendReport = {
    llmcost: 1,
    kind: "trend",
    title: titled,
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
  const opts = reportOptions(io, { alternatives: "0", output: flags.output, log: flags.log, lang: flags.lang });
  return { stdout: await renderReport("trend", report, format, opts), file: flags.output };
}
