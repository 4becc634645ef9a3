import { findOfferings } from "../engine/resolve.js";
import { daysIn } from "../engine/units.js";
import {
  usagePricer as enginePricer,
  priceUsage as priceUsageRows,
  type UsageOptions,
  type UsagePricer,
  type UsageTotals,
} from "../engine/usage.js";
import { compareAgainst, type FittedWorkload, fitWorkload } from "../engine/usage-workload.js";
import type { Catalog } from "../schema/catalog.js";
import type { Estimate } from "../schema/report.js";
import type { UsageAgainst } from "../schema/usage.js";
import { type UsageReport, type UsageRow, utcTimestamp } from "../schema/usage.js";
import type { Workload } from "../schema/workload.js";
import { checkCatalogArg, checkObjectArg, checkStringsArg } from "./checks.js";

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

/**
 * Row by row, for a caller that reads the rows itself (`llmcost usage` does, from files of any
 * format): `add(row)` returns why a row is refused (or undefined); `finish()` gives the totals
 * `priceUsage` builds its report from, with the priced traffic per bucket.
 */
export function usagePricer(catalog: Catalog, opts: UsageOptions): UsagePricer {
  checkCatalogArg("usagePricer", catalog);
  checkObjectArg("usagePricer", "opts", opts);
  checkStringsArg("usagePricer", "opts.by", opts.by);
  return enginePricer(catalog, opts);
}

export type { UsagePricer, UsageTotals };

/**
 * `usage --to-workload`: a workload fitted to the priced traffic (one item per provider, offering
 * and batch, requests over the log window), which `estimate` prices back at its actual total.
 * Undefined when no row was priced.
 */
export function fitUsageWorkload(totals: UsageTotals, name: string): FittedWorkload | undefined {
  return fitWorkload(totals, name);
}

/**
 * `usage --against WORKLOAD`: actual traffic against the workload's estimate, per item, scaled from
 * the log window to the workload's period, the difference split into volume and per-request cost.
 */
export function usageAgainst(totals: UsageTotals, w: Workload, est: Estimate, catalog: Catalog): UsageAgainst {
  const offeringsOf = (model: string) => new Set(findOfferings(catalog, model).map((o) => o.model.id));
  return compareAgainst(totals, est, daysIn(w.period), offeringsOf);
}

/**
 * The catalog's token prices as dated rows (one per offering and price entry), the table the
 * DuckDB engine of `llmcost usage` joins usage rows against (docs/usage.md, `--engine duckdb`).
 */
export { priceTable as usagePriceTable } from "../engine/price-table.js";
export type { FittedWorkload };
