import { forecast, MAX_HORIZON, parseHorizon } from "../../engine/forecast.js";
import { nameHint, resolveModelName } from "../../engine/names.js";
import { estimateOver, MAX_OVER_DATES, STEPS, type Step, stepCount } from "../../engine/over.js";
import type { Offering } from "../../engine/resolve.js";
import {
  familyNames,
  GPU_METRICS,
  gpuOfferings,
  METRICS,
  type Metric,
  metricOf,
  offeringsInFamily,
  offeringsNamed,
  offeringsOfProvider,
  PRESETS,
  type TrendRequest,
  trend,
} from "../../engine/trend.js";
import { type Diagnostic, InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkload } from "../../load/workload.js";
import { TREND_FORMATS, TREND_RENDERERS, type TrendReport, type TrendSeriesReport } from "../../report/trend.js";
import { OVER_RENDERERS, type OverReport } from "../../report/trend-over.js";
import type { Catalog } from "../../schema/catalog.js";
import { DATE_MAX, DATE_MIN, IsoDate } from "../../schema/primitives.js";
import {
  catalogFor,
  checkCurrency,
  checkDate,
  checkFormat,
  providerFlagFaults,
  raiseProblems,
  renderOptions,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { writeFileAtomic } from "../output.js";

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
}

const label = (o: Offering) => `${o.provider.provider.id}/${o.model.id}`;

/**
 * `llmcost trend MODEL... [groups] [--forecast 12m]`: pick the offerings, build each series in the
 * engine, fit forecasts, render. Names that do not resolve are collected and reported together.
 */
export function runTrend(models: string[], flags: TrendFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, TREND_FORMATS);
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
  const series: TrendSeriesReport[] = t.series
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
  const render = renderOptions(io, { alternatives: "0", output: flags.output });
  const out = (TREND_RENDERERS[format] as (typeof TREND_RENDERERS)[string])(report, {
    width: render.width,
    log: flags.log === true,
    color: render.color,
  });
  return { stdout: out, file: flags.output };
}

/** The metric asked for (or the default), checked against the kind of series: tokens or GPU-hours. */
function checkMetricKind(flag: string | undefined, gpu: boolean): Metric {
  const metric = (flag ?? (gpu ? "on_demand" : "blended")) as Metric;
  const allowed = gpu ? GPU_METRICS : METRICS;
  if (!allowed.includes(metric))
    throw new InputError({
      file: "--metric",
      message: gpu ? `${metric} is a token price; GPU offers are priced per GPU-hour` : `${metric} is a GPU price`,
      expected: `one of ${allowed.join(", ")}`,
      found: metric,
    });
  return metric;
}

/**
 * `trend h100-sxm`: when every MODEL is an accelerator key that no API model answers to, one series
 * per GPU offer of it (narrowed by --provider), priced per GPU-hour. Undefined for a token trend.
 * GPU and token series do not share a chart, so a mix is an error.
 */
function gpuTrend(
  catalog: Catalog,
  models: string[],
  flags: TrendFlags,
): { groups: Array<TrendRequest["groups"][number] & { named: boolean }>; warnings: string[] } | undefined {
  const isGpu = (m: string) =>
    offeringsNamed(catalog, m).length === 0 && catalog.accelerators.some((a) => a.id === m.toLowerCase());
  const gpus = models.filter(isGpu);
  if (gpus.length === 0) return undefined;
  if (gpus.length < models.length || flags.family?.length || flags.cheapestOf?.length || flags.preset)
    throw new InputError({
      file: "<command line>",
      message: "GPU and token price series do not go together",
      expected: "accelerator keys only (llmcost trend h100-sxm a100-80gb), or model names only",
      found: [
        ...models,
        ...(flags.family ?? []),
        ...(flags.cheapestOf ?? []),
        ...(flags.preset ? [flags.preset] : []),
      ].join(" "),
    });
  const providers = flags.provider ?? [];
  const faults = providerFlagFaults(catalog, providers);
  if (faults.length) throw new InputError(faults);
  const groups: Array<TrendRequest["groups"][number] & { named: boolean }> = [];
  for (const g of gpus)
    for (const o of gpuOfferings(catalog, g))
      if (!providers.length || providers.includes(o.provider.provider.id))
        groups.push({
          label: `${o.provider.provider.id}/${o.model.id}`,
          kind: "offering",
          offerings: [o],
          named: false,
        });
  if (groups.length === 0)
    throw new InputError({
      file: "MODEL",
      message: `no GPU offer of ${gpus.join(", ")}${providers.length ? ` at ${providers.join(", ")}` : ""}`,
      expected: "an accelerator key some provider rents out",
      found: gpus.join(", "),
      hint: "list them with 'llmcost catalog list --kind gpu'",
    });
  return { groups, warnings: [] };
}

/** A currency the catalog can convert to: USD, or one with at least one exchange rate. */
function checkTrendCurrency(catalog: Catalog, currency: string, fromFlag: boolean): void {
  if (currency === "USD" || catalog.rates.some((r) => r.currency === currency)) return;
  const known = [...new Set(["USD", ...catalog.rates.map((r) => r.currency)])].sort();
  throw new InputError({
    file: fromFlag ? "--currency" : "--preset",
    message: `unknown currency ${currency}`,
    expected: `one of ${known.join(", ")}`,
    found: currency,
    hint: didYouMean(currency, known) ?? "add its rates to the catalog with an overlay (`rates:`)",
  });
}

/**
 * The series to draw: each MODEL (narrowed by --provider when both are given), each --cheapest-of
 * set as one series, every member of each --family, the preset's tag, and every model of a
 * --provider given alone. Group members without the metric in their history are left out, with a
 * warning; a model named on its own is always kept.
 */
function selectGroups(
  catalog: Catalog,
  models: string[],
  flags: TrendFlags,
  presetTag: string | undefined,
  metric: Metric,
): { groups: Array<TrendRequest["groups"][number] & { named: boolean }>; warnings: string[] } {
  const faults: Diagnostic[] = [];
  const warnings: string[] = [];
  const groups: Array<TrendRequest["groups"][number] & { named: boolean }> = [];
  const seen = new Set<string>();
  const providers = flags.provider ?? [];
  const providerIds = catalog.providers.map((p) => p.provider.id);
  faults.push(...providerFlagFaults(catalog, providers));
  const named = (arg: string, flag: string): Offering[] => {
    let found = offeringsNamed(catalog, arg);
    if (found.length === 0) {
      const resolved = resolveModelName(catalog, arg);
      faults.push({
        file: flag,
        message: resolved.kind === "ambiguous" ? `${quoted(arg)} names several models` : `unknown model ${quoted(arg)}`,
        expected: "a model id, alias, architecture key or provider/model from the catalog",
        found: arg,
        hint:
          (resolved.kind !== "found" ? nameHint(resolved) : undefined) ?? "list the models with 'llmcost catalog list'",
      });
      return [];
    }
    if (providers.length && flag === "MODEL") {
      const narrowed = found.filter((o) => providers.includes(o.provider.provider.id));
      if (narrowed.length === 0 && providers.every((p) => providerIds.includes(p)))
        faults.push({
          file: "--provider",
          message: `${providers.join(", ")} does not offer ${arg}`,
          expected: `one of ${[...new Set(found.map((o) => o.provider.provider.id))].join(", ")}`,
          found: providers.join(", "),
        });
      found = narrowed;
    }
    return found;
  };
  const hasMetric = (o: Offering) => o.model.prices.some((e) => metricOf(e, metric) !== undefined);
  const addEach = (list: Offering[], group: boolean) => {
    const skipped: string[] = [];
    for (const o of list) {
      if (seen.has(label(o))) continue;
      if (group && !hasMetric(o)) {
        skipped.push(label(o));
        continue;
      }
      seen.add(label(o));
      groups.push({ label: label(o), kind: "offering", offerings: [o], named: !group });
    }
    if (skipped.length) warnings.push(`left out (no ${metric} price): ${skipped.join(", ")}`);
  };
  for (const m of models) addEach(named(m, "MODEL"), false);
  for (const set of flags.cheapestOf ?? []) {
    const names = set
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s);
    const offerings = names.flatMap((n) => named(n, "--cheapest-of")).filter(hasMetric);
    if (names.length)
      groups.push({ label: `cheapest of ${names.join(", ")}`, kind: "cheapest", offerings, named: true });
  }
  const families = [...(flags.family ?? []), ...(presetTag ? [presetTag] : [])];
  for (const f of families) {
    const list = offeringsInFamily(catalog, f).filter(
      (o) => !providers.length || providers.includes(o.provider.provider.id),
    );
    if (list.length === 0 && f !== presetTag)
      faults.push({
        file: "--family",
        message: `no model has the family or tag ${quoted(f)}`,
        expected: "a catalog `family` or `tags` value",
        found: f,
        hint: didYouMean(f, familyNames(catalog)),
      });
    addEach(list, true);
  }
  if (models.length === 0 && !flags.cheapestOf?.length && families.length === 0)
    for (const p of providers) addEach(offeringsOfProvider(catalog, p), true);
  if (faults.length) throw new InputError(faults);
  if (groups.length === 0)
    throw new InputError({
      file: "<command line>",
      message: "nothing to chart",
      expected: "a MODEL, or --provider, --family, --cheapest-of or --preset",
      hint: "llmcost trend gpt-4o gpt-4o-mini, or llmcost trend --preset china-2024",
    });
  return { groups, warnings };
}

export interface OverFlags {
  over?: string;
  step?: string;
  currency?: string;
  format?: string;
  provider?: string[];
  catalog?: string[];
  log?: boolean;
  svg?: string;
  asOf?: string;
  /** estimate's -o FILE (written by the caller; here only to turn colour off). */
  output?: string | undefined;
}

/** `A..B`, `A..` (until today); both ends are dates, A on or before B. */
export function parseOver(value: string, today: string): { from: string; to: string } {
  const m = /^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$/.exec(value);
  const from = m?.[1];
  const to = m?.[2] ?? today;
  if (!m || !from || !IsoDate.safeParse(from).success || !IsoDate.safeParse(to).success || from > to)
    throw new InputError({
      file: "--over",
      message: !m ? "not a date range" : from && to && from > to ? "the range runs backwards" : "not a valid date",
      expected: `FROM..TO with dates written YYYY-MM-DD from ${DATE_MIN} to ${DATE_MAX}, FROM on or before TO, e.g. 2023-01-01..2026-11-01`,
      found: value,
    });
  return { from, to };
}

/**
 * `llmcost estimate WORKLOAD --over A..B --step quarter`: the workload priced at every step.
 * "No price yet" is a state of a date, not an error; every other problem is placed in the file.
 */
export function runEstimateOver(file: string, flags: OverFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, Object.keys(OVER_RENDERERS));
  const range = parseOver(flags.over ?? "", io.today);
  const step = (flags.step ?? "quarter") as Step;
  if (!STEPS.includes(step))
    throw new InputError({
      file: "--step",
      message: `unknown step ${quoted(flags.step ?? "")}`,
      expected: `one of ${STEPS.join(", ")}`,
      found: String(flags.step),
      hint: didYouMean(String(flags.step), STEPS),
    });
  const dates = stepCount(range.from, range.to, step);
  if (dates > MAX_OVER_DATES)
    throw new InputError({
      file: "--over",
      message: `too many dates: ${range.from}..${range.to} by ${step} is about ${dates} estimates`,
      expected: `at most ${MAX_OVER_DATES} dates (100 years by month)`,
      found: flags.over,
      hint: "a shorter range, or a longer --step (quarter, year)",
    });
  if (flags.asOf !== undefined)
    throw new InputError({
      file: "--as-of",
      message: "--as-of and --over do not go together",
      expected: "one price date (--as-of) or a range of them (--over)",
      found: flags.asOf,
    });
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const { workload, src } = loadWorkload(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
  const catalog = catalogFor(io, flags.catalog);
  const currency = currencyFlag ?? workload.currency;
  checkTrendCurrency(catalog, currency, currencyFlag !== undefined);
  const { over, problems } = estimateOver(workload, catalog, { ...range, step, currency, providers: flags.provider });
  raiseProblems({ estimate: undefined as never, problems }, src, {
    unknown_currency: currencyFlag ? "--currency" : undefined,
  });
  const report: OverReport = {
    llmcost: 1,
    kind: "estimate_over",
    catalog: { version: catalog.version, digest: catalog.digest },
    ...over,
  };
  const render = renderOptions(io, { alternatives: "0", output: flags.output });
  const opts = { width: render.width, log: flags.log === true, color: render.color };
  const stdout = (OVER_RENDERERS[format] as (typeof OVER_RENDERERS)[string])(report, opts);
  if (flags.svg !== undefined) writeFileAtomic(flags.svg, OVER_RENDERERS.svg?.(report, opts) ?? "");
  return { stdout, stderr: flags.svg !== undefined ? `wrote ${flags.svg}\n` : "" };
}
