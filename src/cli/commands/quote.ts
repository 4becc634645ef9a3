import { estimate } from "../../engine/estimate.js";
import { InputError } from "../../errors.js";
import { zodDiagnostics } from "../../load/yaml.js";
import { RENDERERS } from "../../report/index.js";
import { Workload } from "../../schema/workload.js";
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

export interface QuoteFlags extends CommonFlags {
  input?: string;
  output?: string;
  cachedInput?: string;
  cacheWrite?: string;
  reasoning?: string;
  requests?: string;
  requestsPerDay?: string;
  requestsPerMonth?: string;
  batch?: boolean;
  offPeak?: string;
  period?: string;
}

/** Flag → workload field, so a fault in a flag's value names the flag. */
const FLAG_OF: Record<string, string> = {
  input_tokens: "--input",
  output_tokens: "--output",
  cached_input: "--cached-input",
  cache_write: "--cache-write",
  reasoning_tokens: "--reasoning",
  requests: "--requests",
  requests_per_day: "--requests-per-day",
  requests_per_month: "--requests-per-month",
  off_peak: "--off-peak",
  period: "--period",
};

/**
 * `llmcost quote MODEL`: one request shape from flags, priced by the same engine as a one-item
 * workload. Flag values go through the workload schema, so "2k" and "60%" work here too.
 */
export function runQuote(model: string, flags: QuoteFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const currency = checkCurrency("--currency", flags.currency) ?? "USD";
  const render = renderOptions(io, flags);
  const num = (v: string | undefined) =>
    v === undefined ? undefined : /^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(v) ? Number(v) : v;
  const item: Record<string, unknown> = {
    name: model,
    model,
    input_tokens: num(flags.input) ?? 0,
    output_tokens: num(flags.output) ?? 0,
    reasoning_tokens: num(flags.reasoning) ?? 0,
    cached_input: num(flags.cachedInput) ?? 0,
    cache_write: num(flags.cacheWrite) ?? 0,
    off_peak: num(flags.offPeak) ?? 0,
    batch: !!flags.batch,
  };
  if (flags.requests !== undefined) item.requests = num(flags.requests);
  if (flags.requestsPerDay !== undefined) item.requests_per_day = num(flags.requestsPerDay);
  if (flags.requestsPerMonth !== undefined) item.requests_per_month = num(flags.requestsPerMonth);
  if (item.requests === undefined && item.requests_per_day === undefined && item.requests_per_month === undefined)
    item.requests = 1;
  const raw = { llmcost: 1, name: `quote ${model}`, currency, period: flags.period ?? "month", inference: [item] };
  const parsed = Workload.safeParse(raw);
  if (!parsed.success) {
    const diags = zodDiagnostics(
      { file: "<command line>", data: raw, doc: undefined, lines: undefined },
      parsed.error,
      Workload,
    );
    throw new InputError(
      diags.map((d) => {
        const field = d.path?.split(".").pop() ?? "";
        return { ...d, file: FLAG_OF[field] ?? "<command line>", path: undefined };
      }),
    );
  }
  const catalog = catalogFor(io, flags.catalog);
  const result = estimate(parsed.data, catalog, { asOf, currency, providers: flags.provider, explain: flags.explain });
  raiseProblems(result, undefined, {
    unknown_model: "MODEL",
    unknown_provider: "--provider",
    before_first_price: "--as-of",
    unknown_currency: "--currency",
  });
  return { stdout: (RENDERERS[format] as (typeof RENDERERS)[string])(result.estimate, render) };
}
