import type { UsageOptions } from "../../engine/usage.js";
import type { PricerPartial } from "../../engine/usage-merge.js";
import { usagePricer } from "../../lib/usage.js";
import type { UsageFormat } from "../../load/usage-formats.js";
import { type RangeResult, type ReadUsageOptions, readUsageRange } from "../../load/usage-read.js";
import type { Catalog } from "../../schema/catalog.js";
import { ProblemLog } from "./usage-problems.js";

/**
 * One byte range of a large usage file, priced in a worker thread (docs/usage.md, Scale): read and
 * priced as the main thread would, then handed back as plain data (the pricer's partial sums, the
 * range's first problems and their count) for the main thread to merge in order.
 */

export interface UsageRangeJob {
  kind: "usage-range";
  path: string;
  /** The file's name in diagnostics. */
  name: string;
  start: number;
  end: number;
  format: UsageFormat;
  read: ReadUsageOptions;
  pricing: UsageOptions;
  maxErrors: number | undefined;
  /** The catalog with --catalog overlays; left out: the embedded one, which the worker reads itself. */
  catalog: Catalog | undefined;
}

export interface UsageRangeResult extends RangeResult {
  /** The first problems of the range (lines counted from its start), and how many there were. */
  problems: Array<{ line: number; message: string }>;
  problemCount: number;
  partial: PricerPartial;
}

export async function priceUsageRange(job: UsageRangeJob, embedded: () => Catalog): Promise<UsageRangeResult> {
  const pricer = usagePricer(job.catalog ?? embedded(), job.pricing);
  const log = new ProblemLog(job.maxErrors);
  const onProblem = (file: string, line: number, message: string) => log.add(file, line, message);
  const read = await readUsageRange(
    job.path,
    job.name,
    job.start,
    job.end,
    job.format,
    job.read,
    (row) => {
      const p = pricer.add(row);
      return p === undefined || onProblem(row.file ?? "", row.line ?? 0, p);
    },
    onProblem,
  );
  return {
    ...read,
    problems: log.problems.map((p) => ({ line: p.line, message: p.message })),
    problemCount: log.errors,
    partial: pricer.partial(),
  };
}
