import type { EstimateOptions, Problem } from "../../engine/estimate.js";
import { InputError } from "../../errors.js";
import { estimate, estimateItems } from "../../lib/estimate.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkloadLazily } from "../../load/workload-read.js";
import { renderItems, renderStream } from "../../report/registry.js";
import type { Catalog } from "../../schema/catalog.js";
import type { Workload } from "../../schema/workload.js";
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
  refuseOverOnly(flags);
  const format = checkFormat(
    "estimate",
    flags.format,
    flags.format === "svg" ? "the SVG chart is of a workload over time: add --over FROM..TO" : undefined,
  );
  const asOfFlag = checkDate("--as-of", flags.asOf);
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const billing = checkBilling(flags.billing);
  const opts = reportOptions(io, flags);
  const { workload, src } = await loadWorkloadLazily(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
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
  const count = workload.inference.length + workload.training.length + workload.fine_tune.length;
  // Training and fine-tuning items come after the inference ones; the table's header names them first.
  const oneOff = workload.training.length + workload.fine_tune.length > 0;
  // JSON and the table are written item by item as each is priced (issue 15): no item outlives its text. The
  // problems come after the last item; the stream is held until then (run.ts), so a fault still
  // writes nothing.
  const stream = await renderItems(
    "estimate",
    format,
    () => {
      const items = estimateItems(workload, catalog, pricing);
      return {
        head: items.head,
        oneOff,
        next: () => items.next(),
        tail: () => {
          const { tail, problems } = items.finish();
          raiseProblems({ problems }, src, flagOf);
          return tail;
        },
      };
    },
    opts,
  );
  const toStdout = flags.output === undefined || flags.output === "-";
  if (stream && format === "json" && count >= CHECK_FIRST_MIN_ITEMS && toStdout) {
    // Standard output cannot take back what it was given, so a stream that may fail at its end is
    // held (run.ts): 56 MB of fresh memory for 10,000 items' JSON. Pricing the items once first, to
    // find the problems, and then again as they are written costs no more CPU and no memory
    // (docs/performance.md). A file (`-o`) is written through its temporary file: no need. (The
    // table, 16 MB, is cheaper held than priced twice.)
    raiseProblems(problemsOf(workload, catalog, pricing), src, flagOf);
    stream.fallible = false;
  }
  if (stream) return { stdout: stream };
  const result = estimate(workload, catalog, pricing);
  raiseProblems(result, src, flagOf);
  return { stdout: await renderStream("estimate", format, result.estimate, opts) };
}

/** --over A..B is handled by cost-over-time.ts (docs/trends.md); its own flags mean nothing without it. */
function refuseOverOnly(flags: OverFlags): void {
  const overOnly = (["step", "log", "svg"] as const).filter((k) => flags[k] !== undefined);
  if (overOnly.length)
    throw new InputError(
      overOnly.map((k) => ({
        file: `--${k}`,
        message: "goes with --over (a workload priced over time)",
        hint: "e.g. llmcost estimate W --over 2024-01-01..2026-11-01 --step quarter --svg chart.svg",
      })),
    );
}

/** The problems of an estimate, found by making every item and keeping none. */
function problemsOf(workload: Workload, catalog: Catalog, pricing: EstimateOptions): { problems: Problem[] } {
  const check = estimateItems(workload, catalog, pricing);
  while (check.next() !== undefined);
  return check.finish();
}

/** From this many items, standard output's JSON is checked by a pass of its own instead of being held (small ones are cheaper held). */
const CHECK_FIRST_MIN_ITEMS = 1_000;
