import type { EstimateHead, EstimateOptions, EstimateTail, Problem } from "../../engine/estimate.js";
import { InputError } from "../../errors.js";
import { jsonText } from "../../escape.js";
import { estimate, estimateItems } from "../../lib/estimate.js";
import { readTextFile } from "../../load/files.js";
import { loadWorkloadLazily } from "../../load/workload-read.js";
import { renderItems, renderStream, type TextStream } from "../../report/registry.js";
import type { Catalog } from "../../schema/catalog.js";
import type { Item } from "../../schema/report.js";
import type { Workload } from "../../schema/workload.js";
import {
  type CommonFlags,
  catalogFor,
  checkBilling,
  checkCurrency,
  checkDate,
  checkFormat,
  overlayPaths,
  raiseProblems,
  reportOptions,
} from "../common.js";
import type { CommandOutput, Io, WorkerTask } from "../io.js";
import { holdStream } from "../output.js";
import type { OverFlags } from "./cost-over-time.js";
import type { EstimateRangeInput, EstimateRangeResult } from "./estimate-range.js";

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
  // A large workload's JSON or table is written by two threads (parallelReport): the worker is started
  // as soon as the file is read, so that it boots while this thread reads and validates the workload.
  let worker: WorkerTask | undefined;
  const read = (p: string): string => {
    const text = p === "-" ? io.readStdin() : readTextFile(p);
    const large = (format === "json" || format === "table") && text.length >= PARALLEL_MIN_CHARS;
    if (large && io.startWorker && !overlayPaths(io, flags.catalog).length && workerWanted(io))
      worker = io.startWorker({ kind: "estimate-range" });
    return text;
  };
  let loaded: Awaited<ReturnType<typeof loadWorkloadLazily>>;
  try {
    loaded = await loadWorkloadLazily(file, read);
  } catch (e) {
    worker?.cancel();
    throw e;
  }
  const { workload, src } = loaded;
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
  if (worker && count >= PARALLEL_MIN_ITEMS) {
    const table = format === "table" ? { oneOff, report: opts } : undefined;
    const raise = (p: { problems: Problem[] }) => raiseProblems(p, src, flagOf);
    return { stdout: await parallelReport(worker, workload, catalog, pricing, raise, table) };
  }
  worker?.cancel();
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

/**
 * A workload file from this size (characters) starts a worker thread for its JSON, used when the
 * workload has at least PARALLEL_MIN_ITEMS items and a core is idle. The worker costs CPU time of
 * its own (its boot, a copy of the workload, pricing the items before its part again: ~250 ms of
 * CPU for 10,000 items), which a free core repays and a busy one does not (docs/performance.md).
 */
const PARALLEL_MIN_CHARS = 400_000;
const PARALLEL_MIN_ITEMS = 4_000;

/** From this many items, standard output's JSON is checked by a pass of its own instead of being held (small ones are cheaper held). */
const CHECK_FIRST_MIN_ITEMS = 1_000;

/**
 * The worker is worth its CPU time only when a core is idle (Io.idleCore): on a busy machine it
 * slows the run. Asked before it is started, so a busy machine does not pay for its boot either.
 */
function workerWanted(io: Io): boolean {
  // LLMCOST_ESTIMATE_WORKER=1 or 0 (tests, measurements) uses the worker, or not, whatever the load.
  const forced = io.env.LLMCOST_ESTIMATE_WORKER;
  if (forced === "1" || forced === "0") return forced === "1";
  return io.idleCore?.() ?? true;
}

/**
 * The share of the items whose text this thread writes; the worker, which prices the items before
 * its own first, writes the rest. The same for the table: per-thread CPU time measured about even
 * there too (this thread ~150 ms after posting the workload, the worker ~120 ms after receiving it,
 * at load 7; docs/performance.md).
 */
const MAIN_SHARE = 0.58;

/**
 * A large estimate's JSON or table, written by two threads, byte for byte the text one thread
 * writes. This thread writes the items before `from`; the worker (estimate-range.ts) makes every
 * item in order, as one thread does (the pack ledger draws free quotas in workload order), lets the
 * first `from` go and writes the rest, and gives the fields after the items and the problems of the
 * whole estimate. This thread's part is held as bytes until the worker's problems are known (a
 * fault writes nothing). If the worker fails, this thread makes the rest itself. `table`: the
 * estimate table (src/report/table.ts `tableText`) instead of JSON.
 */
async function parallelReport(
  worker: WorkerTask,
  workload: Workload,
  catalog: Catalog,
  opts: EstimateOptions,
  raise: (r: { problems: Problem[] }) => void,
  table: EstimateRangeInput["table"],
): Promise<TextStream> {
  const count = workload.inference.length + workload.training.length + workload.fine_tune.length;
  const from = Math.round(count * MAIN_SHARE);
  const input: EstimateRangeInput = { workload, opts, from, table };
  worker.post?.(input);
  const items = estimateItems(workload, catalog, opts);
  const text = await reportText(items.head, table);
  function* mine(): Generator<string> {
    yield text.open;
    for (let i = 0; i < from; i++) {
      // No item at all when the estimate has a problem from the start (the worker's problems say which).
      const item = items.next();
      if (item === undefined) return;
      yield text.item(item);
      if (text.between) yield text.between;
    }
  }
  const held = holdStream({ chunks: mine(), clean: text.clean });
  let rest: Iterable<string | Uint8Array>;
  let r: { tail: EstimateTail; problems: Problem[] };
  try {
    const got = (await worker.result) as EstimateRangeResult;
    rest = got.bytes.map((b, i) => new Uint8Array(b, 0, got.lengths[i]));
    r = got;
  } catch {
    // The worker failed (it cannot start, or ran out of memory): the rest is made here.
    const pieces: string[] = [];
    for (let item = items.next(); item !== undefined; ) {
      pieces.push(text.item(item));
      item = items.next();
      pieces.push(item === undefined ? text.last : text.between);
    }
    rest = pieces;
    r = items.finish();
  }
  raise(r);
  return { chunks: [...held.chunks, ...rest, text.close(r.tail)], clean: text.clean };
}

/** A report's text around its items, each item's, and what follows an item but the last, and the last. */
interface ReportText {
  open: string;
  item: (it: Item) => string;
  between: string;
  last: string;
  close: (tail: EstimateTail) => string;
  clean: ((text: string) => string) | undefined;
}

async function reportText(head: EstimateHead, table: EstimateRangeInput["table"]): Promise<ReportText> {
  if (table) {
    const t = (await import("../../report/table.js")).tableText(head, table.oneOff, table.report);
    return { open: t.head, item: t.item, between: "", last: "", close: t.tail, clean: undefined };
  }
  const { jsonItemsClose, jsonItemsOpen, jsonItemText } = await import("../../report/json.js");
  return {
    open: jsonItemsOpen(head),
    item: jsonItemText,
    between: ",\n",
    last: "\n",
    close: jsonItemsClose,
    clean: jsonText,
  };
}
