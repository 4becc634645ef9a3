import { applyThreshold, diffEstimates } from "../../engine/diff.js";
import { estimate } from "../../engine/estimate.js";
import { InputError } from "../../errors.js";
import { readTextFile } from "../../load/files.js";
import { parseWorkload } from "../../load/workload.js";
import { describe, type Located, parseYaml, positionOf, zodDiagnostics } from "../../load/yaml.js";
import { DIFF_RENDERERS } from "../../report/diff.js";
import type { Catalog } from "../../schema/catalog.js";
import { Estimate, OUTPUT_VERSION } from "../../schema/report.js";
import type { Workload } from "../../schema/workload.js";
import {
  type CommonFlags,
  catalogFor,
  checkCurrency,
  checkDate,
  checkFormat,
  raiseProblems,
  renderOptions,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";

/** The output versions this llmcost reads back (saved `estimate --format json` files). */
export const OUTPUT_VERSIONS = { min: OUTPUT_VERSION, max: OUTPUT_VERSION } as const;

/** One side of a comparison: a workload to price, or a saved JSON estimate. */
export type Side =
  | { kind: "workload"; file: string; src: Located; workload: Workload }
  | { kind: "estimate"; file: string; src: Located; estimate: Estimate };

/**
 * Read a workload or a saved estimate. JSON is YAML, so both go through the YAML parser and keep
 * positions; a mapping with `items` or `catalog` (and no `inference`/`training`) is an estimate.
 */
export function readSide(file: string, io: Io): Side {
  const label = file === "-" ? "<stdin>" : file;
  const src = parseYaml(label, file === "-" ? io.readStdin() : readTextFile(file));
  const d = src.data;
  const isMap = d !== null && typeof d === "object" && !Array.isArray(d);
  const o = (isMap ? d : {}) as Record<string, unknown>;
  const looksLikeOutput =
    ("items" in o || "catalog" in o || o.kind === "diff") && !("inference" in o || "training" in o);
  if (!looksLikeOutput) return { kind: "workload", file: label, src, workload: parseWorkload(src) };
  if (o.llmcost !== OUTPUT_VERSION)
    throw new InputError({
      file: label,
      ...positionOf(src, ["llmcost"]),
      path: "llmcost",
      message:
        typeof o.llmcost === "number"
          ? `output version ${o.llmcost} is not supported`
          : "not an llmcost JSON output: no output version",
      expected: `llmcost: ${OUTPUT_VERSION} (this llmcost reads output versions ${OUTPUT_VERSIONS.min} to ${OUTPUT_VERSIONS.max})`,
      found: describe(o.llmcost),
      hint: "re-create it with this llmcost (llmcost estimate WORKLOAD --format json --output FILE), or compare the workload files instead",
    });
  if (o.kind === "diff")
    throw new InputError({
      file: label,
      ...positionOf(src, ["kind"]),
      path: "kind",
      message: "this is a diff output, not an estimate",
      expected: "a workload file or a saved `llmcost estimate --format json` output",
      found: 'kind: "diff"',
    });
  const r = Estimate.safeParse(d);
  if (!r.success) throw new InputError(zodDiagnostics(src, r.error, Estimate));
  return { kind: "estimate", file: label, src, estimate: r.data };
}

export interface PriceOptions {
  asOf?: string | undefined;
  /** Which flag set `asOf` (for the message when it cannot apply). */
  asOfFlag?: string | undefined;
  currency: string;
  providers?: string[] | undefined;
  explain?: boolean | undefined;
}

/** Price a side: a workload now, at its own as_of unless overridden; a saved estimate as it is. */
export function priceSide(side: Side, io: Io, catalog: () => Catalog, opts: PriceOptions): Estimate {
  if (side.kind === "estimate") {
    const e = side.estimate;
    if (opts.asOf !== undefined && opts.asOf !== e.catalog.as_of)
      throw new InputError({
        file: opts.asOfFlag ?? "--as-of",
        message: `${side.file} is a saved estimate (prices as of ${e.catalog.as_of}): it cannot be repriced at ${opts.asOf}`,
        hint: "give the workload file instead of its saved JSON",
      });
    if (e.currency !== opts.currency)
      throw new InputError({
        file: side.file,
        ...positionOf(side.src, ["currency"]),
        path: "currency",
        message: `a saved estimate in ${e.currency} cannot be compared in ${opts.currency}`,
        expected: opts.currency,
        found: e.currency,
        hint: `re-create it with --currency ${opts.currency}, or compare the workload files`,
      });
    return e;
  }
  const w = side.workload;
  const result = estimate(w, catalog(), {
    asOf: opts.asOf ?? w.as_of ?? io.today,
    currency: opts.currency,
    providers: opts.providers,
    explain: opts.explain,
  });
  const flag = opts.asOfFlag ?? "--as-of";
  // The engine's hint names --as-of; here the date came from --as-of-base or --as-of-head.
  for (const p of result.problems)
    if (p.kind === "before_first_price" && p.hint) p.hint = p.hint.replace("--as-of ", `${flag} `);
  raiseProblems(result, side.src, {
    unknown_currency: opts.currency !== w.currency ? "--currency" : undefined,
    before_first_price: opts.asOf !== undefined ? flag : undefined,
  });
  return result.estimate;
}

export function sideCurrency(side: Side): string {
  return side.kind === "estimate" ? side.estimate.currency : side.workload.currency;
}

export function sidePeriod(side: Side): string {
  return side.kind === "estimate" ? side.estimate.period : side.workload.period;
}

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

const DIFF_FORMATS = Object.keys(DIFF_RENDERERS);

/**
 * `llmcost diff BASE [HEAD]`: price both sides in one currency, then compare per item and in total.
 * With one workload and --as-of-base/--as-of-head, the same traffic at two dates: price changes alone.
 */
export function runDiff(baseFile: string, headFile: string | undefined, flags: DiffFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, DIFF_FORMATS);
  const asOf = checkDate("--as-of", flags.asOf);
  const asOfBase = checkDate("--as-of-base", flags.asOfBase) ?? asOf;
  const asOfHead = checkDate("--as-of-head", flags.asOfHead) ?? asOf;
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const threshold = flags.failAbove === undefined ? undefined : parseThreshold(flags.failAbove);
  const render = renderOptions(io, flags);
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
  let d = diffEstimates(before, after, {
    base: { file: base.file, source: base.kind },
    head: { file: head.file, source: head.kind },
  });
  if (base.kind === "workload" && base.workload.currency !== currency)
    d.warnings.push(`base: ${base.file} is written in ${base.workload.currency}; priced in ${currency} to compare`);
  if (threshold) d = applyThreshold(d, threshold.limit, threshold.unit);
  const out = (DIFF_RENDERERS[format] as (typeof DIFF_RENDERERS)[string])(d, render);
  const t = d.threshold;
  if (!t || t.status === "ok") return { stdout: out };
  const limit = t.unit === "percent" ? `${t.limit}%` : `${t.limit} ${d.currency}`;
  const why =
    t.status === "exceeded"
      ? `the total rose by more than --fail-above ${limit}`
      : `cannot tell whether the total rose by more than ${limit}: some items are not priced`;
  return { stdout: out, stderr: `llmcost diff: FAIL: ${why}\n`, exitCode: 1 };
}
