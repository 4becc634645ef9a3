/**
 * llmcost as a library: the public surface (docs/library.md), the same functions the CLI calls.
 * No file system, clock or environment here: the caller passes the catalog, the workload and the
 * date. Two entries build on it: `llmcost` (Node: catalogs and workloads from files too) and
 * `llmcost/core` (the embedded catalog as data: browsers and edge workers). Add new capabilities
 * (usage pricing, optimize) by exporting them here, with a line in docs/library.md.
 */
import { diffEstimates, type SideInfo } from "../engine/diff.js";
import { type EstimateOptions, type EstimateResult, estimate } from "../engine/estimate.js";
import { type NameResolution, resolveModelName } from "../engine/names.js";
import type { Offering } from "../engine/resolve.js";
import { type Metric, offeringsNamed, type Trend, trend as trendOf } from "../engine/trend.js";
import { priceUsage as priceUsageRows, type UsageOptions } from "../engine/usage.js";
import { InputError } from "../errors.js";
import { parseWorkloadText } from "../load/workload-parse.js";
import {
  DEFAULT_REPORT_OPTIONS,
  type Format,
  formatsOf,
  type ReportData,
  type ReportKind,
  type ReportOptions,
  render as renderKind,
} from "../report/registry.js";
import type { Catalog } from "../schema/catalog.js";
import type { Diff } from "../schema/diff.js";
import type { Estimate } from "../schema/report.js";
import { type UsageReport, type UsageRow, utcTimestamp } from "../schema/usage.js";
import { Workload } from "../schema/workload.js";

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
export type { UsageReport, UsageRow } from "../schema/usage.js";
export type { Workload } from "../schema/workload.js";
export { estimate, InputError, resolveModelName };

/**
 * A workload from an object (as written in YAML: `"20k"`, `"60%"` allowed) or from YAML/JSON text.
 * Throws `InputError` whose `diagnostics` name each fault (with line and column for text).
 */
export function workload(input: string | Record<string, unknown>, label = "workload.yaml"): Workload {
  if (typeof input === "string") return parseWorkloadText(input, label);
  const r = Workload.safeParse({ llmcost: 1, ...input });
  if (r.success) return r.data;
  throw new InputError(r.error.issues.map((i) => ({ file: label, path: i.path.join("."), message: i.message })));
}

/** One request shape, as `llmcost quote` takes it. Counts may be numbers or "20k"-style strings. */
export interface QuoteShape {
  input?: number | string;
  output?: number | string;
  reasoning?: number | string;
  cachedInput?: number | string;
  requests?: number | string;
  requestsPerDay?: number | string;
  requestsPerMonth?: number | string;
  batch?: boolean;
  providers?: string[];
  period?: "day" | "month" | "year";
}

/** `llmcost quote MODEL`: one request shape priced on every provider offering the model. */
export function quote(catalog: Catalog, model: string, shape: QuoteShape, opts: EstimateOptions): EstimateResult {
  const item: Record<string, unknown> = {
    name: model,
    model,
    input_tokens: shape.input ?? 0,
    output_tokens: shape.output ?? 0,
    reasoning_tokens: shape.reasoning ?? 0,
    cached_input: shape.cachedInput ?? 0,
    batch: shape.batch ?? false,
  };
  if (shape.providers) item.providers = shape.providers;
  if (shape.requestsPerDay !== undefined) item.requests_per_day = shape.requestsPerDay;
  else if (shape.requestsPerMonth !== undefined) item.requests_per_month = shape.requestsPerMonth;
  else item.requests = shape.requests ?? 1;
  const w = workload({
    name: `quote ${model}`,
    currency: opts.currency,
    period: shape.period ?? "month",
    inference: [item],
  });
  return estimate(w, catalog, opts);
}

/** `llmcost diff`: what changed between two estimates, per item and in total, and why. */
export function diff(base: Estimate, head: Estimate, sides?: { base: SideInfo; head: SideInfo }): Diff {
  const side = (file: string): SideInfo => ({ file, source: "estimate" });
  return diffEstimates(base, head, sides ?? { base: side("base"), head: side("head") });
}

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
 * Any report as the CLI prints it: `kind` is estimate, check, diff, trend, over, usage, catalog-…
 * (`data` is what the matching function returns); `format` one the kind has (formatsOf). Tables
 * are 80 columns without colour unless `opts` says otherwise.
 */
export async function renderReport<K extends ReportKind>(
  kind: K,
  data: ReportData[K],
  format: Format = "table",
  opts: Partial<ReportOptions> = {},
): Promise<string> {
  if (!formatsOf(kind).includes(format))
    throw new InputError({
      file: "format",
      message: `the ${kind} report has no ${format} format`,
      expected: formatsOf(kind).join(", "),
      found: format,
    });
  return renderKind(kind, format, data, { ...DEFAULT_REPORT_OPTIONS, ...opts });
}

/** An estimate (or quote) as the CLI prints it: a table (80 columns, no colour), JSON, Markdown or CSV. */
export function render(e: Estimate, format: Format = "table", opts: Partial<ReportOptions> = {}): Promise<string> {
  return renderReport("estimate", e, format, opts);
}

export { formatsOf };

/**
 * Price usage rows (docs/usage.md), each at the catalog prices in force on its own day: the same
 * report as `llmcost usage --format json` (schema/usage.json), for a service pricing its own logs.
 * `rows` is any iterable or async iterable of llmcost usage rows; timestamps may carry any zone or
 * be Unix time. A row that cannot be read is counted in `rows_invalid` with its message; one whose
 * model cannot be priced is listed in `unpriced`, never counted as $0.
 */
export async function priceUsage(
  rows: AsyncIterable<UsageRow> | Iterable<UsageRow>,
  catalog: Catalog,
  opts: UsageOptions,
): Promise<UsageReport> {
  let n = 0;
  async function* normalised(): AsyncIterable<UsageRow> {
    for await (const row of rows) {
      n++;
      const t = utcTimestamp(row.timestamp as unknown);
      yield {
        ...row,
        timestamp: typeof t === "string" ? t : String(row.timestamp),
        line: row.line ?? n,
        file: row.file ?? "rows",
      };
    }
  }
  const r = await priceUsageRows(normalised(), catalog, opts);
  const report: UsageReport = {
    llmcost: 1,
    kind: "usage",
    catalog: { version: catalog.version, digest: catalog.digest },
    currency: r.currency,
    by: r.by,
    inputs: [{ file: "rows", format: "llmcost", rows: n, errors: r.rows_invalid }],
    period: r.period,
    total: r.total,
    complete: r.complete,
    rows_read: r.rows_priced + r.rows_unpriced + r.rows_cost_only,
    rows_priced: r.rows_priced,
    rows_unpriced: r.rows_unpriced,
    rows_cost_only: r.rows_cost_only,
    rows_invalid: r.rows_invalid,
    requests: r.requests,
    tokens: r.tokens,
    provider_cost: r.provider_cost,
    groups: r.groups,
    unpriced: r.unpriced,
    diagnostics: r.problems.slice(0, 20).map((p) => {
      const colon = p.where.lastIndexOf(":");
      return { file: p.where.slice(0, colon), line: Number(p.where.slice(colon + 1)) || 0, message: p.message };
    }),
    errors: r.rows_invalid,
    warnings: r.warnings,
  };
  if (r.reprice) report.reprice = r.reprice;
  return report;
}
