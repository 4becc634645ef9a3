import type { EstimateResult } from "../../engine/estimate.js";
import { type Diagnostic, InputError } from "../../errors.js";
import { estimate } from "../../lib/estimate.js";
import { type QuoteShape, quoteInput } from "../../lib/quote.js";
import { renderReport } from "../../lib/render.js";
import { zodDiagnostics } from "../../load/yaml.js";
import type { Format, ReportOptions } from "../../report/registry.js";
import { Workload } from "../../schema/workload.js";
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

export interface QuoteFlags extends CommonFlags {
  inputTokens?: string;
  outputTokens?: string;
  cachedInput?: string;
  cacheWrite?: string;
  cacheTtl?: string;
  reasoning?: string;
  requests?: string;
  requestsPerDay?: string;
  requestsPerMonth?: string;
  batch?: boolean;
  offPeak?: string;
  period?: string;
  // training (--train), fine-tuning (--fine-tune) and self-hosting (--self-host)
  train?: boolean;
  fineTune?: boolean;
  hostingHours?: string;
  tokens?: string;
  epochs?: string;
  flops?: string;
  gpu?: string;
  gpus?: string;
  mfu?: string;
  method?: string;
  selfHost?: string;
  precision?: string;
  utilization?: string;
  ttft?: string;
  tpot?: string;
  tokensPerUser?: string;
  own?: boolean;
  ownUtilization?: string;
  pricing?: string;
  pricePerGpuHour?: string;
}

/** Flag → workload field, so a fault in a flag's value names the flag. */
const FLAG_OF: Record<string, string> = {
  input_tokens: "--input-tokens",
  output_tokens: "--output-tokens",
  cached_input: "--cached-input",
  ttft_ms: "--ttft",
  tpot_ms: "--tpot",
  tokens_per_second_per_user: "--tokens-per-user",
  cache_write: "--cache-write",
  cache_ttl: "--cache-ttl",
  reasoning_tokens: "--reasoning",
  requests: "--requests",
  requests_per_day: "--requests-per-day",
  requests_per_month: "--requests-per-month",
  off_peak: "--off-peak",
  period: "--period",
  tokens: "--tokens",
  training_tokens: "--tokens",
  hosting_hours: "--hosting-hours",
  epochs: "--epochs",
  flops: "--flops",
  gpus: "--gpus",
  mfu: "--mfu",
  method: "--method",
  precision: "--precision",
  utilization: "--utilization",
  pricing: "--pricing",
  price_per_gpu_hour: "--price-per-gpu-hour",
};

const num = (v: string | undefined) =>
  v === undefined ? undefined : /^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(v) ? Number(v) : v;

/**
 * `llmcost quote MODEL`: one request shape from flags, priced by the same engine as a one-item
 * workload. Flag values go through the workload schema, so "2k" and "60%" work here too.
 * `--self-host GPU` adds the self-hosted option; `--train` prices a training run of MODEL instead.
 */
/** Which quote flags belong to which mode: a flag of another mode is an error, never silently ignored. */
const INFERENCE_ONLY = [
  "inputTokens",
  "outputTokens",
  "cachedInput",
  "cacheWrite",
  "cacheTtl",
  "reasoning",
  "requests",
  "requestsPerDay",
  "requestsPerMonth",
  "batch",
  "offPeak",
] as const;
const TRAIN_ONLY = ["tokens", "epochs", "flops", "gpu", "gpus", "mfu", "method"] as const;
const GPU_ONLY = ["precision", "pricing", "pricePerGpuHour"] as const;

const kebab = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `--own` (and `--own-utilization`): also price owning the servers. */
function ownFlags(flags: QuoteFlags): Record<string, unknown> {
  return flags.ownUtilization === undefined ? {} : { utilization: num(flags.ownUtilization) };
}

/** Latency limits of a self-hosted quote (milliseconds; tokens/s per user). */
const LATENCY_FLAGS = ["ttft", "tpot", "tokensPerUser"] as const;
const OWN_FLAGS = ["own", "ownUtilization"] as const;

/** What a fine-tuning quote reads: the job, and optionally the traffic on the tuned model. */
const FINE_TUNE_FLAGS = [
  "tokens",
  "epochs",
  "hostingHours",
  "inputTokens",
  "outputTokens",
  "cachedInput",
  "requests",
  "requestsPerDay",
  "requestsPerMonth",
] as const;

function checkFineTuneFlags(flags: QuoteFlags): Diagnostic[] {
  const faults: Diagnostic[] = [];
  const allowed = new Set<string>(FINE_TUNE_FLAGS);
  const modeFlags: readonly (keyof QuoteFlags)[] = [
    ...INFERENCE_ONLY,
    ...TRAIN_ONLY,
    ...GPU_ONLY,
    "train",
    "selfHost",
    "utilization",
    ...LATENCY_FLAGS,
    ...OWN_FLAGS,
  ];
  for (const k of modeFlags)
    if (flags[k] !== undefined && flags[k] !== false && !allowed.has(k))
      faults.push({
        file: kebab(k),
        message: "has no meaning with --fine-tune",
        hint: "--fine-tune reads --tokens, --epochs, --hosting-hours and the traffic flags --input-tokens, --output-tokens, --cached-input, --requests*",
      });
  return faults;
}

function checkModeFlags(flags: QuoteFlags): void {
  const given = (keys: readonly (keyof QuoteFlags)[]) => keys.filter((k) => flags[k] !== undefined);
  const faults: Diagnostic[] = [];
  if (flags.hostingHours !== undefined && !flags.fineTune)
    faults.push({ file: "--hosting-hours", message: "is a fine-tuning flag", hint: "add --fine-tune" });
  if (flags.fineTune) faults.push(...checkFineTuneFlags(flags));
  else if (flags.train) {
    for (const k of [...given(INFERENCE_ONLY), ...given(["selfHost", "utilization", ...LATENCY_FLAGS])])
      faults.push({ file: kebab(k), message: "prices inference traffic: it has no meaning with --train" });
  } else {
    for (const k of given(TRAIN_ONLY))
      faults.push({
        file: kebab(k),
        message: "is a training flag",
        hint: `add --train, e.g. llmcost quote --train MODEL --tokens 1T --gpu h100-sxm --gpus 64`,
      });
    if (flags.selfHost === undefined)
      for (const k of [...given(GPU_ONLY), ...given(["utilization", ...LATENCY_FLAGS, ...OWN_FLAGS])])
        faults.push({
          file: kebab(k),
          message: "applies to GPU options (self-hosting or training)",
          hint: "add --self-host GPU (serving) or --train (training)",
        });
  }
  if (faults.length) throw new InputError(faults);
}

/** A token count as quote's flags take it (1200, 1.2k, 2M, 1e6): what `--output 500` meant before. */
const COUNT = /^\s*[0-9][0-9_,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\s*[kKMBT]?\s*$/;

/**
 * quote's `-o/--output` (repeatable, so an old `--output 500 -o q.json` keeps both): a count is the
 * old spelling of --output-tokens (noted on stderr), anything else the output file. A file whose
 * name reads as a count is written `./500`. Sets `flags.outputTokens` and `flags.output` (the file,
 * or undefined) in place; returns the file and the note.
 */
export function quoteOutputFlags(flags: Record<string, unknown>): { file: string | undefined; note: string } {
  const values = flags.output === undefined ? [] : ([] as unknown[]).concat(flags.output).map(String);
  const counts = values.filter((v) => COUNT.test(v));
  const files = values.filter((v) => !COUNT.test(v));
  let note = "";
  if (counts.length) {
    const count = counts[counts.length - 1] as string;
    if (flags.outputTokens === undefined) flags.outputTokens = count;
    note = `note: --output ${count} is read as --output-tokens ${count} (old spelling; -o/--output names the output file)\n`;
  }
  if (files.length > 1)
    throw new InputError({
      file: "--output",
      message: "more than one output file",
      found: files.join(", "),
      hint: "give -o/--output once (output tokens are --output-tokens)",
    });
  const file = files[0];
  flags.output = file;
  return { file, note };
}

export async function runQuote(model: string, flags: QuoteFlags, io: Io): Promise<CommandOutput> {
  checkModeFlags(flags);
  const format = checkFormat("estimate", flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const currency = checkCurrency("--currency", flags.currency) ?? "USD";
  const opts = reportOptions(io, flags);
  if (flags.train) return runTrainQuote(model, flags, io, { format, asOf, currency, opts });
  if (flags.fineTune) return runFineTuneQuote(model, flags, io, { format, asOf, currency, opts });
  // The same one-item workload as the library's quote (src/lib/quote.ts), validated here so that a
  // bad value names its flag.
  const shape = quoteShape(flags);
  const raw = quoteInput(model, shape, currency);
  // A number of requests with no rate and no --period is a one-off amount: the table says so, not "per month".
  const oneOff =
    shape.requestsPerDay === undefined && shape.requestsPerMonth === undefined && flags.period === undefined;
  const parsed = parseFlags(raw);
  const catalog = catalogFor(io, flags.catalog);
  const result = estimate(parsed, catalog, {
    asOf,
    currency,
    providers: flags.provider,
    explain: flags.explain || format === "html",
    billing: checkBilling(flags.billing),
  });
  if (flags.selfHost !== undefined) raiseFlagProblems(result);
  raiseProblems(result, undefined, {
    unknown_model: "MODEL",
    unknown_provider: "--provider",
    before_first_price: "--as-of",
    unknown_currency: "--currency",
  });
  return { stdout: await renderReport("estimate", result.estimate, format, { ...opts, oneOff }) };
}

/** The request shape the flags describe (counts as typed: the workload schema reads "2k" and "60%"). */
function quoteShape(flags: QuoteFlags): QuoteShape {
  const shape: QuoteShape = { batch: !!flags.batch };
  const counts: Array<[keyof QuoteShape, string | undefined]> = [
    ["input", flags.inputTokens],
    ["output", flags.outputTokens],
    ["reasoning", flags.reasoning],
    ["cachedInput", flags.cachedInput],
    ["cacheWrite", flags.cacheWrite],
    ["offPeak", flags.offPeak],
    ["requests", flags.requests],
    ["requestsPerDay", flags.requestsPerDay],
    ["requestsPerMonth", flags.requestsPerMonth],
  ];
  for (const [k, v] of counts) if (v !== undefined) (shape as Record<string, unknown>)[k] = num(v);
  if (flags.cacheTtl !== undefined) shape.cacheTtl = flags.cacheTtl;
  if (flags.period !== undefined) shape.period = flags.period as NonNullable<QuoteShape["period"]>;
  if (flags.selfHost !== undefined) {
    const sh: Record<string, unknown> = { gpu: flags.selfHost, precision: flags.precision, pricing: flags.pricing };
    const counts: Array<[keyof NonNullable<QuoteShape["selfHost"]>, string | undefined]> = [
      ["utilization", flags.utilization],
      ["pricePerGpuHour", flags.pricePerGpuHour],
      ["ttftMs", flags.ttft],
      ["tpotMs", flags.tpot],
      ["tokensPerSecondPerUser", flags.tokensPerUser],
    ];
    for (const [k, v] of counts) sh[k] = num(v);
    if (flags.own) sh.own = ownFlags(flags);
    for (const k of Object.keys(sh)) if (sh[k] === undefined) delete sh[k];
    shape.selfHost = sh as unknown as NonNullable<QuoteShape["selfHost"]>;
  }
  return shape;
}

interface QuoteContext {
  format: Format;
  asOf: string;
  currency: string;
  opts: ReportOptions;
}

/**
 * `llmcost quote --train MODEL --tokens 1T --gpu h100-sxm --gpus 256`: a one-item training
 * workload, priced by the same engine as `estimate`.
 */
async function runTrainQuote(model: string, flags: QuoteFlags, io: Io, ctx: QuoteContext): Promise<CommandOutput> {
  if (flags.gpu === undefined)
    throw new InputError({
      file: "--gpu",
      message: "--train needs an accelerator",
      expected: "--gpu h100-sxm (a hardware.yaml key)",
      found: "nothing",
    });
  if (flags.gpus === undefined)
    throw new InputError({
      file: "--gpus",
      message: "--train needs a GPU count",
      expected: "--gpus 64",
      found: "nothing",
    });
  const item: Record<string, unknown> = { name: model, model, gpu: flags.gpu, gpus: num(flags.gpus) };
  const optional: Array<[string, unknown]> = [
    ["tokens", num(flags.tokens)],
    ["epochs", num(flags.epochs)],
    ["flops", num(flags.flops)],
    ["mfu", num(flags.mfu)],
    ["method", flags.method],
    ["precision", flags.precision],
    ["pricing", flags.pricing],
    ["price_per_gpu_hour", num(flags.pricePerGpuHour)],
  ];
  setDefined(item, optional);
  if (flags.own) item.own = ownFlags(flags);
  const parsed = parseFlags({ llmcost: 1, name: `train ${model}`, currency: ctx.currency, training: [item] });
  return priceFlagWorkload(parsed, flags, io, ctx, ctx.opts);
}

/**
 * `llmcost quote --fine-tune gpt-4o-mini --tokens 2M --epochs 3`: a one-item `fine_tune` workload.
 * Without traffic flags it is the training job alone (one_off); with --requests* it adds hosting
 * (where charged; --hosting-hours, default the whole period) and inference at the tuned rates.
 */
async function runFineTuneQuote(model: string, flags: QuoteFlags, io: Io, ctx: QuoteContext): Promise<CommandOutput> {
  if (flags.tokens === undefined)
    throw new InputError({
      file: "--tokens",
      message: "--fine-tune needs the training tokens",
      expected: "--tokens 2M (tokens in the training file, per epoch)",
      found: "nothing",
    });
  const traffic = flags.requests ?? flags.requestsPerDay ?? flags.requestsPerMonth;
  const item: Record<string, unknown> = { name: model, model, training_tokens: num(flags.tokens), one_off: !traffic };
  const optional: Array<[string, unknown]> = [
    ["epochs", num(flags.epochs)],
    ["hosting_hours", num(flags.hostingHours)],
    ["input_tokens", num(flags.inputTokens)],
    ["output_tokens", num(flags.outputTokens)],
    ["cached_input", num(flags.cachedInput)],
    ["requests", num(flags.requests)],
    ["requests_per_day", num(flags.requestsPerDay)],
    ["requests_per_month", num(flags.requestsPerMonth)],
  ];
  setDefined(item, optional);
  const raw = { llmcost: 1, name: `fine-tune ${model}`, currency: ctx.currency, period: flags.period ?? "month" };
  const parsed = parseFlags({ ...raw, fine_tune: [item] });
  return priceFlagWorkload(parsed, flags, io, ctx, { ...ctx.opts, oneOff: !traffic });
}

/** Sets each field whose flag was given; flags not given leave the field out (the workload's default). */
function setDefined(item: Record<string, unknown>, fields: Array<[string, unknown]>): void {
  for (const [k, v] of fields) if (v !== undefined) item[k] = v;
}

/** Prices a workload built from flags (--train, --fine-tune) with the same engine as `estimate`, and renders it. */
async function priceFlagWorkload(
  parsed: Workload,
  flags: QuoteFlags,
  io: Io,
  ctx: QuoteContext,
  opts: ReportOptions,
): Promise<CommandOutput> {
  const catalog = catalogFor(io, flags.catalog);
  const result = estimate(parsed, catalog, {
    asOf: ctx.asOf,
    currency: ctx.currency,
    providers: flags.provider,
    explain: flags.explain || ctx.format === "html",
    billing: checkBilling(flags.billing),
  });
  raiseFlagProblems(result);
  return { stdout: await renderReport("estimate", result.estimate, ctx.format, opts) };
}

/** The flag that carried a field: `training[0].gpu` is --gpu, `inference[0].self_host.gpu` is --self-host. */
function flagOf(path: ReadonlyArray<string | number>): string | undefined {
  const field = [...path].reverse().find((p): p is string => typeof p === "string");
  if (field === "gpu") return path.includes("self_host") ? "--self-host" : "--gpu";
  if (field === "model" || field === "architecture" || field === "self_host") return "MODEL";
  if (field === "providers") return "--provider";
  if (field === "currency") return "--currency";
  return field === undefined ? undefined : FLAG_OF[field];
}

function parseFlags(raw: Record<string, unknown>): Workload {
  const parsed = Workload.safeParse(raw);
  if (parsed.success) return parsed.data;
  const diags = zodDiagnostics(
    { file: "<command line>", data: raw, doc: undefined, lines: undefined },
    parsed.error,
    Workload,
  );
  throw new InputError(
    diags.map((d) => {
      const parts = (d.path ?? "").split(/[.[\]]+/).filter(Boolean);
      return { ...d, file: flagOf(parts) ?? "<command line>", path: undefined };
    }),
  );
}

/** Engine problems of a --train / --self-host quote, each named after the flag that carried the value. */
function raiseFlagProblems(result: EstimateResult): void {
  if (result.problems.length === 0) return;
  throw new InputError(
    result.problems.map((p) => ({
      file: flagOf(p.path) ?? (p.kind === "before_first_price" ? "--as-of" : "<command line>"),
      message: p.message,
      expected: p.expected,
      found: p.found,
      hint: p.hint,
    })),
  );
}
