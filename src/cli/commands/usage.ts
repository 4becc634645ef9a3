import type { UsageOptions, UsagePricer } from "../../engine/usage.js";
import { InputError } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { checkKnownCurrency } from "../../lib/checks.js";
import { estimate } from "../../lib/estimate.js";
import { renderReport } from "../../lib/render.js";
import { type FittedWorkload, fitUsageWorkload, type UsageTotals, usageAgainst, usagePricer } from "../../lib/usage.js";
import { readTextFile } from "../../load/files.js";
import { FORMAT_LABELS, MAP_FIELDS, USAGE_FORMATS, type UsageFormat } from "../../load/usage-formats.js";
import { type ReadUsageOptions, readUsage, type SourceSummary, type SplitReading } from "../../load/usage-read.js";
import { type Chunks, usageSources } from "../../load/usage-sources.js";
import { loadWorkload } from "../../load/workload.js";
import { wrap } from "../../report/format.js";
import { SQL_DIALECTS, type SqlDialect, usageSql } from "../../report/usage-sql.js";
import type { Catalog } from "../../schema/catalog.js";
import { GROUP_KEYS, type GroupKey, type UsageReport } from "../../schema/usage.js";
import {
  catalogFor,
  checkCurrency,
  checkFormat,
  noteWidth,
  raiseProblems,
  reportOptions,
  shareValue,
  wholeNumber,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { writeFileAtomic } from "../output.js";
import { ProblemLog } from "./usage-problems.js";
import type { UsageRangeJob, UsageRangeResult } from "./usage-range.js";

/** `llmcost usage FILE...` (docs/usage.md): read usage logs → price each row at its date → report. */

export interface UsageFlags {
  format?: string;
  inputFormat?: string;
  map?: string[];
  by?: string;
  provider?: string;
  reprice?: string;
  diffThreshold?: string;
  strict?: boolean;
  maxErrors?: string;
  assumeUtc?: boolean;
  currency?: string;
  catalog?: string[];
  output?: string;
  lang?: string;
  toWorkload?: string;
  against?: string;
  sql?: string;
  engine?: string;
  threads?: string;
}

export function parseBy(v: string | undefined): GroupKey[] {
  if (v === undefined) return ["model"];
  const keys = v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const k of keys)
    if (!(GROUP_KEYS as readonly string[]).includes(k))
      throw new InputError({
        file: "--by",
        message: `unknown group "${k}"`,
        expected: `a comma-separated list of ${GROUP_KEYS.join(", ")}`,
        found: v,
        hint: didYouMean(k, GROUP_KEYS),
      });
  return keys as GroupKey[];
}

function parseMap(specs: string[] | undefined): Record<string, string> | undefined {
  if (!specs || specs.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const spec of specs)
    for (const part of spec.split(",")) {
      if (part.trim() === "") continue;
      const eq = part.indexOf("=");
      const field = eq < 0 ? "" : part.slice(0, eq).trim();
      const col = eq < 0 ? "" : part.slice(eq + 1).trim();
      if (!field || !col || !(field in MAP_FIELDS))
        throw new InputError({
          file: "--map",
          message: field && !(field in MAP_FIELDS) ? `unknown field "${field}"` : "expected FIELD=COLUMN",
          expected: `FIELD=COLUMN pairs, FIELD one of ${Object.keys(MAP_FIELDS).join(", ")}`,
          found: part,
          hint: field
            ? didYouMean(field, Object.keys(MAP_FIELDS))
            : "e.g. --map timestamp=created_at,input=prompt_tokens",
        });
      map[field] = col;
    }
  return map;
}

function parseCount(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumber(v);
  if (n === undefined)
    throw new InputError({ file: flag, message: "not a count", expected: "a whole number ≥ 0", found: v });
  return n;
}

export function parseShare(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = shareValue(v);
  if (n === undefined)
    throw new InputError({ file: flag, message: "not a share", expected: 'a share like 0.05 or "5%"', found: v });
  return n;
}

function checkInputFormat(v: string | undefined): UsageFormat | undefined {
  if (v === undefined) return undefined;
  if (!(USAGE_FORMATS as readonly string[]).includes(v))
    throw new InputError({
      file: "--input-format",
      message: `unknown input format "${v}"`,
      expected: `one of ${USAGE_FORMATS.join(", ")}`,
      found: v,
      hint: didYouMean(v, USAGE_FORMATS),
    });
  return v as UsageFormat;
}

function checkReprice(catalog: Catalog, v: string | undefined): void {
  if (v === undefined || v === "cheapest") return;
  if (catalog.providers.some((p) => p.provider.id === v)) return;
  if (
    catalog.providers.some((p) =>
      (p.models ?? []).some((m) => m.id === v || (m.aliases ?? []).includes(v) || m.model === v),
    )
  )
    return;
  const names = [
    "cheapest",
    ...catalog.providers.map((p) => p.provider.id),
    ...catalog.providers.flatMap((p) => (p.models ?? []).map((m) => m.id)),
  ];
  throw new InputError({
    file: "--reprice",
    message: `"${v}" is neither a provider, a model nor "cheapest"`,
    expected: "cheapest, a provider id (llmcost catalog list) or a model id",
    found: v,
    hint: didYouMean(v, names),
  });
}

export interface UsageRun {
  report: UsageReport;
  totals?: UsageTotals | undefined;
  stderr: string;
}

/** The flags of a streaming run, checked. */
interface UsageSettings {
  currency: string;
  by: GroupKey[];
  map: Record<string, string> | undefined;
  inputFormat: UsageFormat | undefined;
  maxErrors: number | undefined;
  threshold: number | undefined;
  threads: number | undefined;
  catalog: Catalog;
}

function usageSettings(files: string[], flags: UsageFlags, io: Io): UsageSettings {
  const settings = {
    currency: checkCurrency("--currency", flags.currency) ?? "USD",
    by: parseBy(flags.by),
    map: parseMap(flags.map),
    inputFormat: checkInputFormat(flags.inputFormat),
    maxErrors: parseCount("--max-errors", flags.maxErrors),
    threshold: parseShare("--diff-threshold", flags.diffThreshold),
    threads: parseThreads(flags.threads),
  };
  if (files.length === 0)
    throw new InputError({
      file: "<command line>",
      message: "no usage files given",
      hint: "e.g. llmcost usage logs/*.jsonl.gz (or - for standard input)",
    });
  const catalog = catalogFor(io, flags.catalog);
  checkProvider(catalog, flags.provider);
  checkReprice(catalog, flags.reprice);
  checkKnownCurrency("--currency", catalog, settings.currency);
  return { ...settings, catalog };
}

function checkProvider(catalog: Catalog, v: string | undefined): void {
  if (v === undefined || catalog.providers.some((p) => p.provider.id === v)) return;
  throw new InputError({
    file: "--provider",
    message: `unknown provider "${v}"`,
    expected: "a provider id from the catalog",
    found: v,
    hint: didYouMean(
      v,
      catalog.providers.map((p) => p.provider.id),
    ),
  });
}

function parseThreads(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumber(v);
  if (n === undefined || n < 1 || n > 64)
    throw new InputError({
      file: "--threads",
      message: "not a thread count",
      expected: "a whole number from 1 to 64",
      found: v,
    });
  return n;
}

/** Read, price and assemble the report; shared by the command and --to-workload / --against. */
export async function runUsageCore(files: string[], flags: UsageFlags, io: Io): Promise<UsageRun> {
  const settings = usageSettings(files, flags, io);
  const stdin = (): Chunks => io.readStdinChunks?.() ?? [Buffer.from(io.readStdin(), "utf8")];
  const sources = usageSources(files, stdin);
  const pricing: UsageOptions = {
    currency: settings.currency,
    by: settings.by,
    provider: flags.provider,
    reprice: flags.reprice,
    diffThreshold: settings.threshold,
  };
  const pricer = usagePricer(settings.catalog, pricing);
  const log = new ProblemLog(settings.maxErrors);
  const onProblem = (file: string, line: number, message: string): boolean => log.add(file, line, message);
  const read: ReadUsageOptions = {
    format: settings.inputFormat,
    map: settings.map,
    assumeUtc: flags.assumeUtc === true,
    provider: flags.provider,
  };
  let detected = "";
  const summaries = await readUsage(
    sources,
    read,
    (row) => {
      const p = pricer.add(row);
      return p === undefined || onProblem(row.file ?? "", row.line ?? 0, p);
    },
    onProblem,
    (file, format, how) => {
      // Wrapped to the terminal like the report's notes (a long path or label passed 80 columns).
      const note = `${file}: ${how === "detected" ? "detected" : "read as"} ${format} — ${FORMAT_LABELS[format]}`;
      detected += `${wrap(note, noteWidth(io), "")}\n`;
    },
    await splitReading(io, settings, read, pricing, pricer, log),
  );
  const stderr = detected + log.report();
  const totals = pricer.finish();
  return { report: usageReport(files, settings, summaries, totals, log), totals, stderr };
}

/** Files below this size are read in one thread: a worker's start (~50 ms) would not pay for itself. */
const SPLIT_MIN_BYTES = 8 << 20;

/**
 * How a large plain file is cut between threads (docs/usage.md, Scale): --threads N, by default 2
 * on a machine of 2 cores or more. The first range is read here, the others in workers
 * (usage-range.ts); each worker's sums are merged in order into `pricer` and its problems into
 * `log`, so the report is the one a single thread gives, byte for byte.
 * LLMCOST_USAGE_SPLIT_BYTES (tests only) lowers the size from which a file is cut.
 */
async function splitReading(
  io: Io,
  settings: UsageSettings,
  read: ReadUsageOptions,
  pricing: UsageOptions,
  pricer: UsagePricer,
  log: ProblemLog,
): Promise<SplitReading<UsageRangeResult> | undefined> {
  const start = io.startWorker;
  if (!start || settings.threads === 1) return undefined;
  const threads = settings.threads ?? Math.min(2, (await io.cores?.()) ?? 1);
  if (threads < 2) return undefined;
  const forced = Number(io.env.LLMCOST_USAGE_SPLIT_BYTES);
  return {
    parts: threads,
    minBytes: Number.isInteger(forced) && forced >= 0 ? forced : SPLIT_MIN_BYTES,
    readRange: (path, name, from, to, format) => {
      const job: UsageRangeJob = {
        kind: "usage-range",
        path,
        name,
        start: from,
        end: to,
        format,
        read,
        pricing,
        maxErrors: settings.maxErrors,
        // A worker reads the embedded catalog itself, lazily as the CLI does (a copy would parse it all).
        catalog: settings.catalog === io.embeddedCatalog() ? undefined : settings.catalog,
      };
      const task = start(job);
      return { result: task.result as Promise<UsageRangeResult>, cancel: task.cancel };
    },
    merge: (r, name, lineOffset) => {
      if (!pricer.merge(r.partial, lineOffset)) return "refused";
      return log.replay(name, r.problems, r.problemCount, lineOffset) ? "merged" : "stopped";
    },
  };
}

/** The JSON contract (schema/usage.json) from the totals; no rows at all is an error (exit 2). */
function usageReport(
  files: string[],
  settings: UsageSettings,
  summaries: SourceSummary[],
  totals: UsageTotals,
  log: ProblemLog,
): UsageReport {
  const { problems, errors } = log;
  const rowsRead = totals.rows_priced + totals.rows_unpriced + totals.rows_cost_only;
  if (rowsRead === 0) {
    throw new InputError(
      problems.length > 0
        ? problems.slice(0, 10).map((p) => ({ file: p.file, line: p.line, message: p.message }))
        : [{ file: files.join(" "), message: "no usage rows found", hint: "is the file empty?" }],
    );
  }
  return {
    llmcost: 1,
    kind: "usage",
    catalog: { version: settings.catalog.version, digest: settings.catalog.digest },
    currency: settings.currency,
    by: totals.by,
    inputs: summaries.map((s) => ({ file: s.file, format: s.format, rows: s.rows, errors: s.errors })),
    period: totals.period,
    total: totals.total,
    complete: totals.complete,
    rows_read: rowsRead,
    rows_priced: totals.rows_priced,
    rows_unpriced: totals.rows_unpriced,
    rows_cost_only: totals.rows_cost_only,
    rows_invalid: errors,
    requests: totals.requests,
    tokens: totals.tokens,
    provider_cost: totals.provider_cost,
    groups: totals.groups,
    unpriced: totals.unpriced,
    ...(totals.reprice ? { reprice: totals.reprice } : {}),
    diagnostics: problems,
    errors,
    warnings: totals.warnings,
  };
}

export async function runUsage(files: string[], flags: UsageFlags, io: Io): Promise<CommandOutput> {
  if (flags.sql !== undefined) {
    const dialect = flags.sql as SqlDialect;
    if (!SQL_DIALECTS.includes(dialect))
      throw new InputError({
        file: "--sql",
        message: `unknown dialect "${flags.sql}"`,
        expected: SQL_DIALECTS.join(", "),
      });
    return {
      stdout: usageSql(dialect, {
        currency: checkCurrency("--currency", flags.currency) ?? "USD",
        by: parseBy(flags.by),
      }),
    };
  }
  const format = checkFormat("usage", flags.format);
  const wantDuck =
    flags.engine === "duckdb" || (flags.engine === undefined && files.some((f) => /\.parquet$/i.test(f)));
  // DuckDB, unless a flag only the streaming reader has is given (then streaming, with a note).
  const duck = wantDuck ? await import("./usage-duckdb.js") : undefined;
  const choice = duck ? duck.chooseEngine(files, flags) : { duck: false, note: "" };
  const run = duck && choice.duck ? await duck.runUsageDuckDb(files, flags, io) : await runUsageCore(files, flags, io);
  const { report } = run;
  const stderr = choice.note + run.stderr;
  // --strict refuses the run as any bad input does: exit 2 with nothing on stdout, no -o file and no
  // fitted workload (a CI step must not pick up a report it was told to refuse); stderr says which
  // models and where their first row is.
  if (flags.strict === true && report.rows_unpriced > 0)
    return {
      stdout: "",
      stderr: `${stderr}error: --strict: ${report.rows_unpriced} rows could not be priced: ${report.unpriced
        .map((u) => `${u.model} (${u.reason}, first at ${u.first})`)
        .join(", ")}\n`,
      exitCode: 2,
    };
  let extra = "";
  if (flags.toWorkload !== undefined || flags.against !== undefined)
    extra = await workloadSteps(run.totals, flags, io, report);
  const stdout = await renderReport(
    "usage",
    report,
    format,
    reportOptions(io, { output: flags.output, lang: flags.lang }),
  );
  return { stdout, stderr: stderr + extra };
}

/** --to-workload FILE (a fitted workload, written atomically) and --against WORKLOAD (into the report). */
async function workloadSteps(
  totals: UsageTotals | undefined,
  flags: UsageFlags,
  io: Io,
  report: UsageReport,
): Promise<string> {
  if (!totals) return "";
  let note = "";
  if (flags.toWorkload !== undefined) {
    const fitted = fitUsageWorkload(totals, "fitted-from-usage");
    if (!fitted)
      throw new InputError({
        file: "--to-workload",
        message: "no priced rows to fit a workload from",
        expected: "usage rows with a model and token counts that the catalog prices",
        hint: "a cost export holds amounts, not traffic: fit from the usage export or API logs instead",
      });
    writeFileAtomic(flags.toWorkload, fittedYaml(fitted));
    note += `wrote ${flags.toWorkload}: ${fitted.items.length} items fitted from ${fitted.window.days} days (llmcost estimate ${flags.toWorkload})\n`;
  }
  if (flags.against !== undefined) {
    const { workload, src } = loadWorkload(flags.against, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
    const catalog = catalogFor(io, flags.catalog);
    const result = estimate(workload, catalog, {
      asOf: workload.as_of ?? report.period?.to ?? io.today,
      currency: report.currency,
    });
    raiseProblems(result, src);
    report.against = usageAgainst(totals, workload, result.estimate, catalog);
  }
  return note;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10)));
}

/** The fitted workload as commented YAML (a workload file: `llmcost estimate` reads it as it is). */
export function fittedYaml(w: FittedWorkload): string {
  const lines = [
    "# Fitted by llmcost usage --to-workload from the usage logs:",
    `# ${w.window.days} days, ${w.window.from} … ${w.window.to}; actual cost over them ${num(w.actual_total)} ${w.currency}.`,
    "# requests: the window's requests (so `llmcost estimate` gives back its actual cost); for a monthly",
    "# forecast replace each by the requests_per_day in its comment.",
    "llmcost: 1",
    `name: ${w.name}`,
    `as_of: ${w.as_of}`,
    `currency: ${w.currency}`,
    `period: ${w.period}`,
    "inference:",
  ];
  for (const it of w.items) {
    lines.push(
      `  - name: ${it.name}`,
      `    model: ${it.model}`,
      `    providers: [${it.providers.join(", ")}]`,
      `    requests: ${num(it.requests)}   # requests_per_day: ${num(it.requests_per_day)}; peak ${num(it.peak_day.requests)} on ${it.peak_day.date}`,
      `    input_tokens: ${num(it.input_tokens)}`,
      `    output_tokens: ${num(it.output_tokens)}`,
    );
    if (it.reasoning_tokens > 0) lines.push(`    reasoning_tokens: ${num(it.reasoning_tokens)}`);
    if (it.cached_input > 0) lines.push(`    cached_input: ${num(it.cached_input)}`);
    if (it.cache_write > 0) lines.push(`    cache_write: ${num(it.cache_write)}`);
    if (it.off_peak > 0) lines.push(`    off_peak: ${num(it.off_peak)}`);
    if (it.batch) lines.push("    batch: true");
    lines.push(`    # actual cost: ${num(it.actual_cost)} ${w.currency}`);
  }
  return `${lines.join("\n")}\n`;
}
