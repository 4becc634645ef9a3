/**
 * llmcost as a library: the public surface (docs/library.md), the same functions the CLI calls.
 * No file system, clock or environment here: the caller passes the catalog, the workload and the
 * date. Two entries build on it: `llmcost` (Node: catalogs and workloads from files too) and
 * `llmcost/core` (the embedded catalog as data: browsers and edge workers). Add new capabilities
 * (usage pricing, optimize) by exporting them here, with a line in docs/library.md.
 *
 * One module per capability (estimate, over, quote, diff, trend, usage, render): a command imports only
 * the module it needs, so a CLI start-up loads no other command's code (issue 15's budget), and
 * this file gathers them for library callers.
 */
import { resolveModelName } from "../engine/names.js";
import { InputError } from "../errors.js";

export type { SideInfo } from "../engine/diff.js";
export type { EstimateOptions, EstimateResult, Problem } from "../engine/estimate.js";
export type { NameResolution } from "../engine/names.js";
export type { Offering } from "../engine/resolve.js";
export type { Metric, Trend } from "../engine/trend.js";
export type { UsageOptions } from "../engine/usage.js";
export type { Diagnostic } from "../errors.js";
export type { Format, ReportData, ReportKind, ReportOptions } from "../report/registry.js";
export type { Catalog } from "../schema/catalog.js";
export type { Diff } from "../schema/diff.js";
export type { Estimate, Item, Option } from "../schema/report.js";
export type { OverReport, TrendReport } from "../schema/trend.js";
export type { UsageAgainst, UsageReport, UsageRow } from "../schema/usage.js";
export type { Workload } from "../schema/workload.js";
export { diff, failAbove } from "./diff.js";
export { estimate } from "./estimate.js";
export { applySuggestions, type OptimizeReport, optimize, type Patch } from "./optimize.js";
export { estimateOver, type OverOptions, STEPS, type Step } from "./over.js";
export { type QuoteSelfHost, type QuoteShape, quote, quoteInput } from "./quote.js";
export { formatsOf, render, renderReport } from "./render.js";
export { type TrendQuery, type TrendReportQuery, trend, trendReport } from "./trend.js";
export {
  type FittedWorkload,
  fitUsageWorkload,
  priceUsage,
  type UsagePricer,
  type UsageTotals,
  usageAgainst,
  usagePricer,
} from "./usage.js";
export { workload } from "./workload.js";
export { InputError, resolveModelName };
