import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CliResult, Io } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import type { Catalog } from "../../src/schema/catalog.js";
import { type EntryCase, type EntrySeeds, runEntryCase } from "./entry.js";
import type { FuzzCase } from "./mutate.js";

export * from "./entry.js";
export * from "./mutate.js";
export * from "./oracles.js";
export * from "./usage-logs.js";
export { runCli };

/**
 * Running a fuzz case and judging the result (issue 7). The contract every run must keep:
 * exit 0 or 2, never 3; no stack trace and no "internal error" on stderr; with exit 2, nothing on
 * stdout (no partial report) and at least one `error:` line; with exit 0 and JSON, a parseable
 * report whose money and quantities are all numbers (JSON has no Infinity: a non-finite value would
 * show up as null).
 */

export type Runner = (args: string[]) => Promise<CliResult> | CliResult;

/** Write the case's files into `dir` and return the CLI arguments that price them. */
export function writeCase(c: FuzzCase, dir: string): string[] {
  const w = join(dir, "workload.yaml");
  writeFileSync(w, c.workload);
  const o = join(dir, "overlay.yaml");
  if (c.overlay) writeFileSync(o, c.overlay);
  if (c.argv) return c.argv.map((a) => (a === "{W}" ? w : a === "{O}" ? o : a));
  const args = ["estimate", w, "--format", c.format];
  if (c.overlay) args.push("--catalog", o);
  return args;
}

/** The in-process runner: the same runCli main.ts calls, with a fixed "today" and no environment. */
export function inProcess(catalog: () => Catalog): Runner {
  const io: Io = {
    env: {},
    today: "2026-11-22",
    isTTY: false,
    columns: 80,
    readStdin: () => "",
    embeddedCatalog: catalog,
  };
  return (args) => runCli(args, io);
}

const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** What went wrong with this result, or undefined when it keeps the contract. */
export function violation(r: CliResult, format: string, command = "estimate"): string | undefined {
  // `check` exits 1 when a budget is exceeded: a result, not a fault.
  if (r.exitCode === 1 && /^check\b/.test(command))
    return r.stdout === "" ? "check exit 1 without a report" : undefined;
  if (r.exitCode !== 0 && r.exitCode !== 2) return `exit ${r.exitCode}: ${firstLines(r.stderr)}`;
  if (/internal error/i.test(r.stderr)) return `internal error on stderr: ${firstLines(r.stderr)}`;
  if (STACK.test(r.stderr)) return `stack trace on stderr: ${firstLines(r.stderr)}`;
  // No colour in these runs (no TTY): any escape or control character came from the input.
  const raw = RAW_CONTROL.exec(r.stdout) ?? RAW_CONTROL.exec(r.stderr);
  if (raw) return `raw control character U+${raw[0].charCodeAt(0).toString(16).padStart(4, "0")} in the output`;
  // `catalog validate` reports faults as its output: on stdout, with exit 2.
  const validate = command === "catalog";
  if (r.exitCode === 2 && validate) return format === "json" ? jsonFault(r.stdout) : undefined;
  if (r.exitCode === 2) {
    if (r.stdout !== "") return `exit 2 with ${r.stdout.length} bytes on stdout`;
    if (!/^error: /m.test(r.stderr)) return `exit 2 without an error message: ${firstLines(r.stderr)}`;
    return undefined;
  }
  if (r.stdout === "") return "exit 0 with nothing on stdout";
  if (validate) return format === "json" ? jsonFault(r.stdout) : undefined;
  if (format !== "json")
    return /\bNaN\b|Infinity|undefined/.test(r.stdout) ? "NaN/Infinity/undefined in the report" : undefined;
  let report: unknown;
  try {
    report = JSON.parse(r.stdout);
  } catch (e) {
    return `exit 0 but stdout is not JSON: ${(e as Error).message}`;
  }
  return moneyFault(report);
}

/** Every cost, quantity and unit price in a JSON report is a number (null would mean NaN or Infinity). */
function moneyFault(report: unknown): string | undefined {
  const e = report as {
    llmcost?: unknown;
    total?: unknown;
    items?: Array<{ options?: Array<{ cost?: unknown; components?: Array<Record<string, unknown>> }> }>;
  };
  if (e.llmcost !== 1) return "report without llmcost: 1";
  if (typeof e.total !== "number") return `total is ${JSON.stringify(e.total)}`;
  for (const [i, it] of (e.items ?? []).entries())
    for (const [j, o] of (it.options ?? []).entries()) {
      if (typeof o.cost !== "number") return `items[${i}].options[${j}].cost is ${JSON.stringify(o.cost)}`;
      for (const c of o.components ?? [])
        for (const k of ["quantity", "unit_price", "cost"])
          if (typeof c[k] !== "number")
            return `items[${i}].options[${j}] component ${String(c.name)} ${k} is ${JSON.stringify(c[k])}`;
    }
  return undefined;
}

/** The output format the command line asks for (table when it does not say). */
export function formatOf(argv: string[]): string {
  const i = argv.lastIndexOf("--format");
  const end = argv.indexOf("--");
  return i >= 0 && (end < 0 || i < end) ? (argv[i + 1] ?? "table") : "table";
}

function jsonFault(stdout: string): string | undefined {
  if (stdout === "") return undefined;
  try {
    JSON.parse(stdout);
    return undefined;
  } catch (e) {
    return `stdout is not JSON: ${(e as Error).message}`;
  }
}

function firstLines(s: string): string {
  return s.split("\n").slice(0, 3).join(" | ").slice(0, 300);
}

export interface Tally {
  cases: number;
  exit0: number;
  /** `check` over budget: a result. */
  exit1: number;
  exit2: number;
  byFamily: Record<string, number>;
  violations: Array<{ id: string; problem: string; mutations: string[] }>;
  /** The slowest case (wall time of all its commands) and its id: measured, reported, never asserted. */
  maxMs: number;
  maxMsId: string;
}

export function newTally(): Tally {
  return { cases: 0, exit0: 0, exit1: 0, exit2: 0, byFamily: {}, violations: [], maxMs: 0, maxMsId: "" };
}

/** Run an entry-point case (tests/fuzz/entry.ts) and count it. */
export async function runEntry(c: EntryCase, dir: string, run: Runner, seeds: EntrySeeds, tally: Tally): Promise<void> {
  const t = performance.now();
  const r = await runEntryCase(c, dir, run, seeds);
  const ms = performance.now() - t;
  if (ms > tally.maxMs) {
    tally.maxMs = ms;
    tally.maxMsId = c.id;
  }
  tally.cases++;
  tally.byFamily[c.family] = (tally.byFamily[c.family] ?? 0) + 1;
  if (r.exitCode === 0) tally.exit0++;
  else if (r.exitCode === 1) tally.exit1++;
  else if (r.exitCode === 2) tally.exit2++;
  if (r.problem) tally.violations.push({ id: c.id, problem: r.problem, mutations: c.mutations });
}

export async function runCase(c: FuzzCase, dir: string, run: Runner, tally: Tally): Promise<void> {
  const argv = writeCase(c, dir);
  const t = performance.now();
  const r = await run(argv);
  const ms = performance.now() - t;
  if (ms > tally.maxMs) {
    tally.maxMs = ms;
    tally.maxMsId = c.id;
  }
  tally.cases++;
  tally.byFamily[c.family] = (tally.byFamily[c.family] ?? 0) + 1;
  if (r.exitCode === 0) tally.exit0++;
  else if (r.exitCode === 1) tally.exit1++;
  else if (r.exitCode === 2) tally.exit2++;
  const v = violation(r, formatOf(argv), argv[0]);
  if (v) tally.violations.push({ id: c.id, problem: v, mutations: c.mutations });
}
