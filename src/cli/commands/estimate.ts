import { InputError } from "../../errors.js";
import { estimate, estimateItems } from "../../lib/estimate.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkload } from "../../load/workload.js";
import { renderItems, renderStream } from "../../report/registry.js";
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
  const pricing = {
    asOf: asOfFlag ?? workload.as_of ?? io.today,
    currency: currencyFlag ?? workload.currency,
    providers: flags.provider,
    explain: flags.explain || format === "html",
    billing,
  };
  const flagOf = {
    unknown_currency: currencyFlag ? "--currency" : undefined,
    before_first_price: asOfFlag ? "--as-of" : undefined,
  };
  // JSON is written item by item as each is priced (issue 15): no item outlives its text. The
  // problems come after the last item; the stream is held until then (run.ts), so a fault still
  // writes nothing.
  const stream = await renderItems("estimate", format, () => {
    const items = estimateItems(workload, catalog, pricing);
    return {
      head: items.head,
      next: () => items.next(),
      tail: () => {
        const { tail, problems } = items.finish();
        raiseProblems({ problems }, src, flagOf);
        return tail;
      },
    };
  });
  if (stream) return { stdout: stream };
  const result = estimate(workload, catalog, pricing);
  raiseProblems(result, src, flagOf);
  return { stdout: await renderStream("estimate", format, result.estimate, opts) };
}
