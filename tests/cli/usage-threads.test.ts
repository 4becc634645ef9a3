import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";
import { messyUsageLog } from "../helpers/usage-logs.js";

/**
 * A large plain JSON-lines file is cut into byte ranges priced in worker threads and merged in
 * order (docs/usage.md, Scale). The report must be the one a single thread gives, byte for byte, in
 * every format and with every flag that reads the rows' order or places: diagnostics and their
 * lines, --max-errors, --strict, the unpriced list with each model's first file:line, --reprice,
 * --to-workload. Small files are forced through the threads with LLMCOST_USAGE_SPLIT_BYTES=0; a
 * preloaded counter (tests/helpers/count-workers.cjs) shows that workers really ran.
 */

const COUNTER = resolve("tests/helpers/count-workers.cjs");
let dir: string;
let files: string[];

beforeAll(() => {
  dir = scratchDir("usage-threads-");
  // The first file is clean in its first 60%: its diagnostics and late models' first rows lie in
  // later ranges, so their lines are the ranges' own plus the lines before them.
  files = [1, 2].map((seed) => {
    const f = join(dir, `log-${seed}.jsonl`);
    writeFileSync(f, messyUsageLog(3000, seed, { cleanUntil: seed === 1 ? 0.6 : 0 }));
    return f;
  });
});

function run(args: string[], threads: number, workload?: string) {
  const out = workload ? [...args, "--to-workload", workload] : args;
  return bin(["usage", ...out, "--threads", String(threads)], {
    env: { LLMCOST_USAGE_SPLIT_BYTES: "0", NODE_OPTIONS: `-r ${COUNTER}` },
  });
}

const CASES: Array<[string, (f: string[]) => string[]]> = [
  ["json by model,week", (f) => [f[0] as string, "--format", "json", "--by", "model,week"]],
  ["table by project,model,month", (f) => [f[0] as string, "--by", "project,model,month"]],
  ["csv by user,provider", (f) => [f[1] as string, "--format", "csv", "--by", "user,provider"]],
  ["markdown, --reprice cheapest", (f) => [f[1] as string, "--format", "markdown", "--reprice", "cheapest"]],
  [
    "json, --reprice openai, EUR, by week",
    (f) => [f[0] as string, "--format", "json", "--reprice", "openai", "--currency", "EUR", "--by", "week"],
  ],
  ["--max-errors 40 (stops in a later range)", (f) => [f[0] as string, "--max-errors", "40"]],
  [
    "--max-errors 150, JSON (all problems counted over ranges)",
    (f) => [f[0] as string, "--max-errors", "150", "--format", "json"],
  ],
  ["--max-errors 5 (stops in the first range)", (f) => [f[1] as string, "--max-errors", "5", "--format", "json"]],
  ["--strict", (f) => [f[0] as string, "--strict", "--format", "json"]],
  ["two files, --provider openai", (f) => [...f, "--format", "json", "--provider", "openai", "--by", "model,provider"]],
];

describe("usage --threads: the same report as one thread, byte for byte", () => {
  for (const threads of [2, 3])
    it.each(CASES)(`%s (threads ${threads})`, (_, args) => {
      const one = run(args(files), 1);
      const many = run(args(files), threads);
      // (a run killed for its output's size would compare nothing: exit code -1)
      expect([0, 2]).toContain(one.exitCode);
      expect(one.stderr).toContain("workers started: 0");
      const started = Number(/workers started: (\d+)/.exec(many.stderr)?.[1]);
      // --max-errors may stop before every range is merged, but the workers were started
      expect(started).toBeGreaterThanOrEqual(threads - 1);
      expect(many.exitCode).toBe(one.exitCode);
      expect(many.stdout).toBe(one.stdout);
      expect(many.stderr.replace(/workers started: \d+\n/, "")).toBe(one.stderr.replace(/workers started: \d+\n/, ""));
    });

  it("--to-workload writes the same workload", () => {
    const a = join(dir, "one.yaml");
    const b = join(dir, "two.yaml");
    const one = run([files[0] as string, "--format", "json"], 1, a);
    const two = run([files[0] as string, "--format", "json"], 2, b);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr.replaceAll(b, a).replace(/workers started: \d+\n/, "")).toBe(
      one.stderr.replace(/workers started: \d+\n/, ""),
    );
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
  });

  it("the report itself is sane: bad lines placed, unknown models listed, not complete", () => {
    const r = run([files[0] as string, "--format", "json"], 2);
    const report = JSON.parse(r.stdout) as {
      complete: boolean;
      errors: number;
      diagnostics: Array<{ line: number }>;
      unpriced: Array<{ model: string; first: string }>;
    };
    expect(report.complete).toBe(false);
    expect(report.errors).toBeGreaterThan(20);
    expect(report.diagnostics).toHaveLength(20);
    expect(report.unpriced.map((u) => u.model)).toContain("mystery-x");
    // the first diagnostic lies past the clean first 60% (1,800 lines)
    expect(report.diagnostics[0]?.line).toBeGreaterThan(1800);
    for (const u of report.unpriced) expect(u.first).toMatch(/log-1\.jsonl:\d+$/);
  });

  it("--threads must be a whole number from 1 to 64", () => {
    const r = bin(["usage", files[0] as string, "--threads", "0"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--threads");
  });
});
