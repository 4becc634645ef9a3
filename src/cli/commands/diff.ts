import { InputError } from "../../errors.js";
import { diff, failAbove } from "../../lib/diff.js";
import { renderReport } from "../../lib/render.js";
import { sideCurrency, sidePeriod } from "../../load/side.js";
import type { Catalog } from "../../schema/catalog.js";
import { type CommonFlags, catalogFor, checkCurrency, checkDate, checkFormat, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { priceSide, readSide } from "./sides.js";

/** `--fail-above 100` (an amount in the report currency) or `--fail-above 10%`. */
export function parseThreshold(raw: string): { limit: number; unit: "amount" | "percent" } {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)\s*$/.exec(raw);
  if (!m)
    throw new InputError({
      file: "--fail-above",
      message: "not an amount or a percentage",
      expected: "an amount in the report currency (e.g. 100) or a percentage (e.g. 10%)",
      found: raw,
    });
  return { limit: Number(m[1]), unit: m[2] ? "percent" : "amount" };
}

export interface DiffFlags extends CommonFlags {
  asOfBase?: string;
  asOfHead?: string;
  failAbove?: string;
}

/**
 * `llmcost diff BASE [HEAD]`: price both sides in one currency, then compare per item and in total.
 * With one workload and --as-of-base/--as-of-head, the same traffic at two dates: price changes alone.
 */
export async function runDiff(
  baseFile: string,
  headFile: string | undefined,
  flags: DiffFlags,
  io: Io,
): Promise<CommandOutput> {
  const format = checkFormat("diff", flags.format);
  const asOf = checkDate("--as-of", flags.asOf);
  const asOfBase = checkDate("--as-of-base", flags.asOfBase) ?? asOf;
  const asOfHead = checkDate("--as-of-head", flags.asOfHead) ?? asOf;
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const threshold = flags.failAbove === undefined ? undefined : parseThreshold(flags.failAbove);
  const opts = reportOptions(io, flags);
  if (headFile === undefined && flags.asOfBase === undefined && flags.asOfHead === undefined)
    throw new InputError({
      file: "HEAD",
      message: "missing the second file",
      expected: "llmcost diff BASE HEAD, or one workload with --as-of-base DATE --as-of-head DATE",
      hint: "e.g. llmcost diff examples/china-price-war.yaml --as-of-base 2024-05-01 --as-of-head 2024-06-01",
    });
  if (baseFile === "-" && headFile === "-")
    throw new InputError({
      file: "-",
      message: "standard input can be only one side",
      hint: "save one side to a file",
    });
  const base = readSide(baseFile, io);
  const head = headFile === undefined || headFile === baseFile ? base : readSide(headFile, io);
  if (sidePeriod(base) !== sidePeriod(head))
    throw new InputError({
      file: head.file,
      message: `the sides are priced per different periods: ${sidePeriod(base)} (base) and ${sidePeriod(head)} (head)`,
      hint: "set the same `period:` in both workloads",
    });
  const currency = currencyFlag ?? sideCurrency(head);
  let cat: Catalog | undefined;
  const catalog = () => {
    cat ??= catalogFor(io, flags.catalog);
    return cat;
  };
  const common = { currency, providers: flags.provider, explain: flags.explain };
  const before = priceSide(base, io, catalog, {
    ...common,
    asOf: asOfBase,
    asOfFlag: flags.asOfBase ? "--as-of-base" : "--as-of",
  });
  const after = priceSide(head, io, catalog, {
    ...common,
    asOf: asOfHead,
    asOfFlag: flags.asOfHead ? "--as-of-head" : "--as-of",
  });
  let d = diff(before, after, {
    base: { file: base.file, source: base.kind },
    head: { file: head.file, source: head.kind },
  });
  if (base.kind === "workload" && base.workload.currency !== currency)
    d.warnings.push(`base: ${base.file} is written in ${base.workload.currency}; priced in ${currency} to compare`);
  if (threshold) d = failAbove(d, threshold.limit, threshold.unit);
  const out = await renderReport("diff", d, format, opts);
  const t = d.threshold;
  if (!t || t.status === "ok") return { stdout: out };
  const limit = t.unit === "percent" ? `${t.limit}%` : `${t.limit} ${d.currency}`;
  const why =
    t.status === "exceeded"
      ? `the total rose by more than --fail-above ${limit}`
      : `cannot tell whether the total rose by more than ${limit}: some items are not priced`;
  return { stdout: out, stderr: `llmcost diff: FAIL: ${why}\n`, exitCode: 1 };
}
