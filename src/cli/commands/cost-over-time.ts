import { InputError } from "../../errors.js";
import { checkOverRange, estimateOver, type Step } from "../../lib/over.js";
import { renderReport } from "../../lib/render.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkload } from "../../load/workload.js";
import { DATE_MAX, DATE_MIN, isIsoDate } from "../../schema/primitive-checks.js";
import { catalogFor, checkCurrency, checkFormat, raiseProblems, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { writeFileAtomic } from "../output.js";

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
  lang?: string;
}

/** `A..B`, `A..` (until today); both ends are dates, A on or before B. */
export function parseOver(value: string, today: string): { from: string; to: string } {
  const m = /^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$/.exec(value);
  const from = m?.[1];
  const to = m?.[2] ?? today;
  if (!m || !from || !isIsoDate(from) || !isIsoDate(to) || from > to)
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
export async function runEstimateOver(file: string, flags: OverFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("over", flags.format);
  const range = parseOver(flags.over ?? "", io.today);
  const step = checkOverRange(
    { ...range, step: (flags.step ?? "quarter") as Step },
    { range: "--over", step: "--step", found: flags.over },
  );
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
  const { report, problems } = estimateOver(workload, catalog, {
    ...range,
    step,
    currency: currencyFlag,
    providers: flags.provider,
  });
  raiseProblems({ problems }, src, {
    unknown_currency: currencyFlag ? "--currency" : undefined,
  });
  const opts = reportOptions(io, { alternatives: "0", output: flags.output, log: flags.log, lang: flags.lang });
  const stdout = await renderReport("over", report, format, opts);
  if (flags.svg !== undefined) writeFileAtomic(flags.svg, await renderReport("over", report, "svg", opts));
  return { stdout, stderr: flags.svg !== undefined ? `wrote ${flags.svg}\n` : "" };
}
