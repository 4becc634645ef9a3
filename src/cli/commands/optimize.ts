import { dirname } from "node:path";
import { InputError } from "../../errors.js";
import { optimize } from "../../lib/optimize.js";
import { renderReport } from "../../lib/render.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkload } from "../../load/workload.js";
import { editWorkload } from "../../load/workload-edit.js";
import type { OptimizeReport, Patch } from "../../schema/optimize.js";
import {
  type CommonFlags,
  catalogFor,
  checkCurrency,
  checkDate,
  checkFormat,
  raiseProblems,
  reportOptions,
  wholeNumber,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { rebaseSchemaRef } from "../schema-files.js";

export interface OptimizeFlags extends CommonFlags {
  apply?: string | undefined;
}

/** `llmcost optimize WORKLOAD [--apply N|all]`: load → engine → report, or the changed workload. */
export async function runOptimize(file: string, flags: OptimizeFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("optimize", flags.format);
  const asOfFlag = checkDate("--as-of", flags.asOf);
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const opts = reportOptions(io, flags);
  const { workload, src } = loadWorkload(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
  const catalog = catalogFor(io, flags.catalog);
  const { report, problems } = optimize(workload, catalog, {
    asOf: asOfFlag ?? workload.as_of ?? io.today,
    currency: currencyFlag ?? workload.currency,
    providers: flags.provider,
  });
  raiseProblems({ problems }, src, {
    unknown_currency: currencyFlag ? "--currency" : undefined,
    before_first_price: asOfFlag ? "--as-of" : undefined,
  });
  if (flags.apply !== undefined) {
    const text = editWorkload(src, patchesToApply(report, flags.apply));
    // Written elsewhere (-o other/dir/new.yaml), its $schema modeline still names the same schema.
    const toFile = flags.output !== undefined && flags.output !== "-" && file !== "-";
    return { stdout: toFile ? rebaseSchemaRef(text, dirname(file), dirname(flags.output as string)) : text };
  }
  return { stdout: await renderReport("optimize", report, format, opts) };
}

/** The patches `--apply N` (one suggestion) or `--apply all` (the plan) writes. */
export function patchesToApply(report: OptimizeReport, value: string): Patch[] {
  if (value.trim().toLowerCase() === "all") return report.plan.patches;
  const n = wholeNumber(value);
  const ids = report.suggestions.map((s) => s.id);
  const found = n === undefined ? undefined : report.suggestions.find((s) => s.id === n);
  if (!found)
    throw new InputError({
      file: "--apply",
      message: ids.length ? "no such suggestion" : "there is nothing to apply: optimize found no saving",
      expected: ids.length ? `a suggestion number 1–${ids.length}, or all` : "a workload with a saving",
      found: value,
      hint: ids.length ? "run 'llmcost optimize WORKLOAD' to see the numbered suggestions" : undefined,
    });
  return [found.patch];
}
