import { InputError } from "../../errors.js";
import { estimate } from "../../lib/estimate.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkload } from "../../load/workload.js";
import { renderStream } from "../../report/registry.js";
import {
  type CommonFlags,
  catalogFor,
  checkBilling,
  checkCurrency,
  checkDate,
  checkFormat,
  raiseProblems,
  reportOptions,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import type { OverFlags } from "./cost-over-time.js";

/** `llmcost estimate WORKLOAD`: load → engine → report. */
export async function runEstimate(file: string, flags: CommonFlags & OverFlags, io: Io): Promise<CommandOutput> {
  // --over A..B is handled by cost-over-time.ts (docs/trends.md); its own flags mean nothing without it.
  const overOnly = (["step", "log", "svg"] as const).filter((k) => flags[k] !== undefined);
  if (overOnly.length)
    throw new InputError(
      overOnly.map((k) => ({
        file: `--${k}`,
        message: "goes with --over (a workload priced over time)",
        hint: "e.g. llmcost estimate W --over 2024-01-01..2026-11-01 --step quarter --svg chart.svg",
      })),
    );
  const format = checkFormat(
    "estimate",
    flags.format,
    flags.format === "svg" ? "the SVG chart is of a workload over time: add --over FROM..TO" : undefined,
  );
  const asOfFlag = checkDate("--as-of", flags.asOf);
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const billing = checkBilling(flags.billing);
  const opts = reportOptions(io, flags);
  const { workload, src } = loadWorkload(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
  const catalog = catalogFor(io, flags.catalog);
  const result = estimate(workload, catalog, {
    asOf: asOfFlag ?? workload.as_of ?? io.today,
    currency: currencyFlag ?? workload.currency,
    providers: flags.provider,
    explain: flags.explain || format === "html",
    billing,
  });
  raiseProblems(result, src, {
    unknown_currency: currencyFlag ? "--currency" : undefined,
    before_first_price: asOfFlag ? "--as-of" : undefined,
  });
  return { stdout: await renderStream("estimate", format, result.estimate, opts) };
}
