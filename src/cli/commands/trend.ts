import { renderReport } from "../../lib/render.js";
import { checkTrendQuery, trendReport } from "../../lib/trend.js";
import { catalogFor, checkFormat, reportOptions } from "../common.js";
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
 * `llmcost trend MODEL... [groups] [--forecast 12m]`: the flags as a library query, checked before
 * the catalog is read, then the library's `trendReport` (names that do not resolve are collected
 * and reported together), rendered.
 */
export async function runTrend(models: string[], flags: TrendFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("trend", flags.format);
  const query = checkTrendQuery({
    models,
    provider: flags.provider,
    family: flags.family,
    cheapestOf: flags.cheapestOf,
    preset: flags.preset,
    metric: flags.metric,
    currency: flags.currency,
    since: flags.since,
    until: flags.until,
    today: io.today,
    forecast: flags.forecast,
  });
  const report = trendReport(catalogFor(io, flags.catalog), query);
  const opts = reportOptions(io, { alternatives: "0", output: flags.output, log: flags.log, lang: flags.lang });
  return { stdout: await renderReport("trend", report, format, opts), file: flags.output };
}
