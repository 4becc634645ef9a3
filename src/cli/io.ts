import type { TextStream } from "../report/registry.js";
import type { Catalog } from "../schema/catalog.js";

/**
 * Everything the CLI needs from the outside world, passed in: main.ts fills it from `process`;
 * tests fill it by hand. Nothing below main.ts reads process.env, the clock or the TTY itself.
 */
export interface Io {
  env: Readonly<Record<string, string | undefined>>;
  /** Today's date, YYYY-MM-DD (UTC): the default `as_of`. */
  today: string;
  isTTY: boolean;
  columns: number;
  readStdin: () => string;
  /** Standard input as a stream of chunks (usage logs, in constant memory); tests may leave it out. */
  readStdinChunks?: () => Iterable<Uint8Array>;
  /** The embedded catalog (built into dist/, or loaded from pricing-data/ in development). */
  embeddedCatalog: () => Catalog;
  /**
   * The caller writes a long report chunk by chunk (main.ts): `runCli` then hands it back as
   * `stdoutStream` instead of one string. Tests leave it out and get `stdout`.
   */
  streamStdout?: boolean;
  /**
   * Run a job in a worker thread (main.ts: the same bundle, in node:worker_threads): `llmcost usage`
   * prices the byte ranges of a large file in parallel. Left out (tests in-process): one thread.
   */
  startWorker?: (job: WorkerJob) => WorkerTask;
  /** How many cores the machine has (the default of --threads). */
  cores?: () => Promise<number>;
}

/** A job for a worker thread: plain data (structured clone). */
export interface WorkerJob {
  kind: string;
}

export interface WorkerTask {
  /** The worker's one message; rejects when it fails or is cancelled. */
  result: Promise<unknown>;
  cancel(): void;
}

export interface CliResult {
  stdout: string;
  /** With `io.streamStdout`: a long report, written after `stdout`. */
  stdoutStream?: TextStream | undefined;
  stderr: string;
  exitCode: number;
}

/** What a command produces: text for stdout (or --output), messages for stderr, an exit code. */
export interface CommandOutput {
  stdout: string | TextStream;
  stderr?: string;
  exitCode?: number;
  /** Write stdout to this file atomically instead (`--output FILE`). */
  file?: string | undefined;
  /**
   * Files written beside `file` when the output goes to a file (the JSON Schema a generated YAML's
   * `$schema` modeline points at, src/cli/schema-files.ts); left out when it goes to stdout.
   */
  alongside?: Array<{ name: string; text: string }>;
}
