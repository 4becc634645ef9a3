import { fstatSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { unpackCatalog } from "../load/catalog-pack.js";
import { readAllFd, readFdChunks } from "../load/files.js";
import type { Catalog } from "../schema/catalog.js";
import { EXIT_OUTPUT, writeFaultMessage } from "./exit.js";
import type { Io, WorkerJob, WorkerTask } from "./io.js";
import { SLICE, textSlices, writeStream } from "./output.js";
import { runCli } from "./run.js";

/**
 * The only file that touches `process`: argv, env, clock, TTY, stdin, stdout, stderr and the exit code.
 * `main(distDir)` is called by bin/llmcost.js with the folder of the bundle: the embedded catalog
 * is dist/catalog.pack, compiled and validated at build time (the same catalog as dist/catalog.json,
 * its large parts parsed when first read: src/load/catalog-pack.ts). (Tests that run the CLI in-process
 * pass their own `embeddedCatalog`, loaded from pricing-data/.)
 */
export async function main(distDir: string): Promise<void> {
  zodJitless();
  let cached: Catalog | undefined;
  const embeddedCatalog = (): Catalog => {
    if (cached) return cached;
    cached = unpackCatalog(readFileSync(join(distDir, "catalog.pack")));
    return cached;
  };
  const isTTY = stdoutIsTTY();
  const io: Io = {
    env: process.env,
    today: new Date().toISOString().slice(0, 10),
    isTTY,
    columns: (isTTY && process.stdout.columns) || 80,
    readStdin: () => readAllFd(0, "<stdin>"),
    readStdinChunks: () => readFdChunks(0, "<stdin>"),
    embeddedCatalog,
    streamStdout: true,
    startWorker: (job) => startWorker(distDir, job),
    // node:os only when asked (usage), not on every start.
    cores: async () => (await builtin<typeof import("node:os")>("node:os")).availableParallelism(),
  };
  const result = await runCli(process.argv.slice(2), io);
  process.exitCode = result.exitCode;
  const errFault = result.stderr ? emit(2, result.stderr) : undefined;
  let outFault: { fd: 1 | 2; code: string } | undefined;
  // A long text (a 10,000-item table is 16 MB) goes out a megabyte at a time through one reused
  // buffer, as a stream does, instead of as one UTF-8 copy of it all.
  if (result.stdout.length > SLICE)
    writeStream({ chunks: textSlices(result.stdout) }, (bytes) => {
      outFault = emit(1, bytes);
      return outFault !== undefined || gone[1];
    });
  else if (result.stdout) outFault = emit(1, result.stdout);
  // A long report, a megabyte at a time as it is made: never one string, never one buffer.
  if (result.stdoutStream && !outFault)
    writeStream(result.stdoutStream, (bytes) => {
      outFault = emit(1, bytes);
      return outFault !== undefined || gone[1];
    });
  const fault = outFault ?? errFault;
  if (fault) {
    // A report that did not reach its reader is not a result: exit 1 would read as "over budget" to CI.
    process.exitCode = EXIT_OUTPUT;
    if (!errFault) emit(2, `llmcost: ${writeFaultMessage(fault.fd, fault.code)}\n`);
  }
}

/**
 * zod compiles a parser for each object schema on its first use: a loss for a CLI that parses one
 * small workload. Set without loading zod, which a cold estimate of a valid workload does not
 * (docs/performance.md): zod 4 keeps its configuration in `globalThis.__zod_globalConfig` and
 * adopts the object it finds there when it loads (tests/cli/zod-config.test.ts holds this to
 * `z.config()`).
 */
export function zodJitless(): void {
  const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
  g.__zod_globalConfig ??= {};
  g.__zod_globalConfig.jitless = true;
}

/**
 * Standard output and error are written with plain blocking writes, and `process.stdout` is touched
 * only on a terminal: the first use of `process.stdout` on a pipe loads Node's stream and socket
 * modules, about a tenth of a cold start (docs/performance.md).
 */

/** Per descriptor: the reader has gone (EPIPE); the writes go through Node's stream (after EAGAIN). */
const gone = { 1: false, 2: false };
const viaStream = { 1: false, 2: false };

/** A terminal is a character device; a pipe or a file is told apart by one fstat. */
function stdoutIsTTY(): boolean {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.stdout.isTTY === true; // a terminal, or /dev/null
}

/**
 * All of `text` to `fd`, before the process exits. A reader that has gone (`llmcost … | head`:
 * EPIPE) is not an error. A descriptor someone left non-blocking (EAGAIN) gets the rest through
 * Node's stream, which Node flushes before exiting.
 */
function emit(fd: 1 | 2, text: string | Buffer): { fd: 1 | 2; code: string } | undefined {
  if (gone[fd]) return undefined;
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  // Once a write has gone through Node's stream, the rest follows it there, in order. The stream
  // keeps what it is given until it is written, and a report's pieces come in one reused buffer
  // (writeStream): it gets a copy.
  if (viaStream[fd]) {
    (fd === 1 ? process.stdout : process.stderr).write(Buffer.from(bytes));
    return undefined;
  }
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    if (code === "EPIPE") {
      gone[fd] = true;
      return undefined;
    }
    if (code !== "EAGAIN") return { fd, code };
    viaStream[fd] = true;
    const stream = fd === 1 ? process.stdout : process.stderr;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") return;
      process.exitCode = EXIT_OUTPUT;
      if (fd === 1) {
        try {
          writeSync(2, `llmcost: ${writeFaultMessage(1, err.code ?? "EIO")}\n`);
        } catch {
          // stderr is gone too: the exit code says it
        }
      }
    });
    stream.write(Buffer.from(bytes.subarray(done)));
  }
  return undefined;
}

/**
 * Worker threads run the same build as the CLI, loaded the way bin/llmcost.js loads it (its files
 * compiled with their V8 code caches, its chunks required on first use), and call `worker` (below)
 * with their job. `require` is the worker's own.
 */
const WORKER_SHIM = `
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
const { workerData } = require("node:worker_threads");
const dist = workerData.dist;
const files = new Map();
const file = (name) => {
  if (!files.has(name)) {
    const path = join(dist, name);
    let cachedData;
    try { cachedData = readFileSync(path + ".cache"); } catch {}
    files.set(name, new Script(readFileSync(path, "utf8"), { filename: path, cachedData }).runInThisContext());
  }
  return files.get(name);
};
const modules = new Map();
const load = (id) => {
  if (!modules.has(id)) {
    const m = { exports: {} };
    modules.set(id, m);
    const where = file("llmcost.cjs")[""][id];
    file(where)[id](m.exports, (r) => (r.startsWith("./") ? load(r) : require(r)), m, join(dist, where), dist);
  }
  return modules.get(id).exports;
};
load("./main.cjs").worker(workerData.job, dist);
`;

function startWorker(distDir: string, job: WorkerJob): WorkerTask {
  let cancelled = false;
  let w: import("node:worker_threads").Worker | undefined;
  const result = builtin<typeof import("node:worker_threads")>("node:worker_threads").then(
    ({ Worker }) =>
      new Promise<unknown>((resolve, reject) => {
        if (cancelled) return reject(new Error("cancelled"));
        w = new Worker(WORKER_SHIM, {
          eval: true,
          workerData: { dist: distDir, job },
          resourceLimits: { maxYoungGenerationSizeMb: 4 },
        });
        w.once("message", resolve);
        w.once("error", reject);
        w.once("exit", (code) => reject(new Error(`worker thread exited (${code}) before its result`)));
      }),
  );
  // A cancelled task's rejection is expected: it must not surface as an unhandled rejection.
  result.catch(() => {});
  return {
    result,
    cancel: () => {
      cancelled = true;
      void w?.terminate();
    },
  };
}

/**
 * The entry point of a worker thread (see WORKER_SHIM): run its job, post the result. The embedded
 * catalog is read here from dist/ (a job carries a catalog only when --catalog overlays changed it).
 */
export async function worker(job: WorkerJob, distDir: string): Promise<void> {
  const { parentPort } = await builtin<typeof import("node:worker_threads")>("node:worker_threads");
  if (job.kind !== "usage-range") throw new Error(`unknown worker job ${job.kind}`);
  const { priceUsageRange } = await import("./commands/usage-range.js");
  const embedded = () => unpackCatalog(readFileSync(join(distDir, "catalog.pack")));
  parentPort?.postMessage(await priceUsageRange(job as import("./commands/usage-range.js").UsageRangeJob, embedded));
}

/**
 * A Node module loaded when first needed. The bundle is compiled through vm.Script, where a dynamic
 * `import()` has no loader: it gets the bundle's `require` (as src/load/duckdb.ts does).
 */
async function builtin<T>(id: string): Promise<T> {
  if (typeof require === "function") return require(id) as T;
  return (await import(id)) as T;
}
