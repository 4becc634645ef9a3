import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EstimateRangeInput, estimateRange } from "../../src/cli/commands/estimate-range.js";
import type { Io } from "../../src/cli/io.js";
import { writeStream } from "../../src/cli/output.js";
import { runCli } from "../../src/cli/run.js";
import { estimate } from "../../src/engine/estimate.js";
import { parseWorkloadText } from "../../src/load/workload.js";
import { renderJsonValue } from "../../src/report/json.js";
import { bin, cli, embedded, scratchDir, TODAY } from "../helpers/cli.js";

/**
 * `estimate --format json` is written item by item as each is priced (issue 15). Its problems are
 * known only after the last item, so standard output gets it only once it is whole, and a file
 * (`-o`) only through its temporary file: a fault still writes nothing, as before.
 */

/**
 * A worker thread's stand-in: runs estimate-range.ts in this thread, on the message it is posted
 * (through a structured clone, as a thread gets it), or fails as a thread that cannot start does.
 */
function fakeWorker(fail = false): { start: NonNullable<Io["startWorker"]>; posted: () => number } {
  let posts = 0;
  const start: NonNullable<Io["startWorker"]> = (job) => {
    expect(job.kind).toBe("estimate-range");
    let resolve: (v: unknown) => void = () => {};
    let reject: (e: unknown) => void = () => {};
    const result = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return {
      result,
      cancel: () => reject(new Error("cancelled")),
      post: (message) => {
        posts++;
        if (fail) return reject(new Error("worker thread exited (1) before its result"));
        resolve(estimateRange(structuredClone(message) as EstimateRangeInput, embedded()));
      },
    };
  };
  return { start, posted: () => posts };
}

/** The CLI in-process as main.ts runs it: a long report comes back as a stream of bytes. */
async function streamed(args: string[], startWorker?: Io["startWorker"]) {
  const io: Io = {
    env: {},
    today: TODAY,
    isTTY: false,
    columns: 80,
    readStdin: () => "",
    embeddedCatalog: embedded,
    streamStdout: true,
    ...(startWorker ? { startWorker } : {}),
  };
  const r = await runCli(args, io);
  let text = r.stdout;
  if (r.stdoutStream) {
    const out: Buffer[] = [];
    writeStream(r.stdoutStream, (b) => {
      out.push(Buffer.from(b));
    });
    text += Buffer.concat(out).toString("utf8");
  }
  return { ...r, text };
}

const item = (name: string, model: string) =>
  `  - name: ${name}\n    model: ${model}\n    requests_per_day: 1000\n    input_tokens: 500\n    output_tokens: 100\n`;

/** A workload whose last item names an unknown model: found only after the others are priced. */
function lateFault(dir: string): string {
  const file = join(dir, "late.yaml");
  writeFileSync(file, `llmcost: 1\nname: late\ninference:\n${item("a", "gpt-4o-mini")}${item("b", "gpt-4o-minii")}`);
  return file;
}

describe("estimate --format json, written as it is priced", () => {
  it("writes the same report as the whole estimate's JSON, to standard output and to a file", async () => {
    const dir = scratchDir("llmcost-stream-");
    for (const file of ["examples/mixed.yaml", "examples/billing/qwen-shared-quota.yaml"]) {
      // The whole estimate, made and rendered at once as before.
      const w = parseWorkloadText(readFileSync(file, "utf8"), file);
      const whole = estimate(w, embedded(), { asOf: w.as_of ?? TODAY, currency: w.currency }).estimate;
      const s = await streamed(["estimate", file, "--format", "json"]);
      expect(s.exitCode).toBe(0);
      expect(s.stdoutStream).toBeDefined();
      expect(s.text).toBe(renderJsonValue(whole));
      expect((await cli(["estimate", file, "--format", "json"])).stdout).toBe(s.text);
      const out = join(dir, "out.json");
      const f = await streamed(["estimate", file, "--format", "json", "-o", out]);
      expect(f.exitCode).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(s.text);
    }
  });

  it("a fault found after the first items: exit 2, the fault placed, nothing on standard output", async () => {
    const file = lateFault(scratchDir("llmcost-stream-"));
    const s = await streamed(["estimate", file, "--format", "json"]);
    expect(s.exitCode).toBe(2);
    expect(s.text).toBe("");
    expect(s.stderr).toMatch(/late\.yaml:10:\d+: inference\[1\]\.model: unknown model "gpt-4o-minii"/);
    // The same message as the table, which is made whole before it is written.
    expect(s.stderr).toBe((await cli(["estimate", file, "--format", "table"])).stderr);
  });

  it("with -o: the file is left as it was, no temporary file is left, and the fault beats a bad output path", async () => {
    const dir = scratchDir("llmcost-stream-");
    const file = lateFault(dir);
    const out = join(dir, "report.json");
    writeFileSync(out, "the old report\n");
    const before = readdirSync(dir).sort();
    const r = await streamed(["estimate", file, "--format", "json", "-o", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown model "gpt-4o-minii"/);
    expect(readFileSync(out, "utf8")).toBe("the old report\n");
    expect(readdirSync(dir).sort()).toEqual(before);
    // A folder that does not exist: the workload's fault is reported, as when the report came first.
    const missing = join(dir, "no-such-folder", "report.json");
    const m = await streamed(["estimate", file, "--format", "json", "-o", missing]);
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toMatch(/unknown model "gpt-4o-minii"/);
    expect(existsSync(missing)).toBe(false);
    // Without the fault, the path's own fault.
    const ok = await streamed(["estimate", "examples/mixed.yaml", "--format", "json", "-o", missing]);
    expect(ok.exitCode).toBe(2);
    expect(ok.stderr).toMatch(/the folder does not exist/);
  });

  it.each([
    ["json", [[], ["--currency", "CNY"], ["--explain"]]],
    ["table", [[], ["--lang", "zh-CN", "--currency", "CNY"], ["--explain", "--alternatives", "1"]]],
  ])(
    "a large workload's %s in two threads is the one thread's, byte for byte, shared quotas and faults included",
    async (format, variants) => {
      const dir = scratchDir("llmcost-stream-");
      // 4,200 items (past the size and count from which a worker is used), qwen-max among them: its
      // free quota is drawn in workload order, so the worker's items depend on the items before them.
      const models = ["gpt-4o-mini", "qwen-max", "deepseek-chat", "llama-3.1-70b", "claude-3-5-haiku"];
      let yaml = "llmcost: 1\nname: big\nas_of: 2026-11-01\ninference:\n";
      for (let i = 0; i < 4200; i++)
        yaml += `  - name: item-${i}\n    model: ${models[i % 5]}\n    requests_per_day: ${1000 + i}\n    input_tokens: ${500 + (i % 2000)}\n    output_tokens: ${100 + (i % 700)}\n    cached_input: ${(i % 5) / 10}\n    batch: ${i % 3 === 0}\n`;
      const big = join(dir, "big.yaml");
      writeFileSync(big, yaml);
      const one = await streamed(["estimate", big, "--format", format]);
      expect(one.exitCode).toBe(0);
      expect(yaml.length).toBeGreaterThan(400_000);
      expect(one.text.length).toBeGreaterThan(1_000_000);
      for (const args of variants) {
        const single = args.length ? await streamed(["estimate", big, "--format", format, ...args]) : one;
        const w = fakeWorker();
        const two = await streamed(["estimate", big, "--format", format, ...args], w.start);
        expect(w.posted()).toBe(1);
        expect(two.exitCode).toBe(0);
        expect(two.text).toBe(single.text);
        // The worker failing: this thread makes the rest, the same text.
        const failed = await streamed(["estimate", big, "--format", format, ...args], fakeWorker(true).start);
        expect(failed.text).toBe(single.text);
      }
      // A fault in the worker's items (the last one): exit 2, nothing written, the same message.
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, yaml.replace(/model: \S+\n(?![\s\S]*model:)/, "model: 新模型\n"));
      const single = await streamed(["estimate", bad, "--format", format]);
      const two = await streamed(["estimate", bad, "--format", format], fakeWorker().start);
      expect(single.exitCode).toBe(2);
      expect(two.exitCode).toBe(2);
      expect(two.text).toBe("");
      expect(two.stderr).toBe(single.stderr);
      expect(two.stderr).toMatch(/inference\[4199\]\.model: unknown model "新模型"/);
    },
  );

  it.each(["json", "table"])(
    "the built CLI, with a real worker thread, writes the %s one thread writes",
    async (format) => {
      const dir = scratchDir("llmcost-stream-");
      let yaml = "llmcost: 1\nname: big\nas_of: 2026-11-01\ninference:\n";
      for (let i = 0; i < 4200; i++)
        yaml += `  - name: item-${i}\n    model: ${["qwen-max", "gpt-4o-mini", "deepseek-chat"][i % 3]}\n    requests_per_day: ${1000 + i}\n    input_tokens: ${500 + i}\n    output_tokens: 100\n`;
      const big = join(dir, "big.yaml");
      writeFileSync(big, yaml);
      // To files (a pipe's buffer would hold only a megabyte of it here).
      const run = (worker: string) => {
        const out = join(dir, `out-${worker}.${format}`);
        const r = bin(["estimate", big, "--format", format, "-o", out], { env: { LLMCOST_ESTIMATE_WORKER: worker } });
        expect(r.exitCode).toBe(0);
        return readFileSync(out, "utf8");
      };
      const one = run("0");
      const two = run("1");
      expect(two.length).toBeGreaterThan(1_000_000);
      expect(two === one).toBe(true);
    },
  );

  it("a large workload's JSON to standard output: problems found by a pass of their own, then written unheld", async () => {
    const dir = scratchDir("llmcost-stream-");
    let yaml = "llmcost: 1\nname: mid\nas_of: 2026-11-01\ninference:\n";
    for (let i = 0; i < 1200; i++) yaml += item(`item-${i}`, ["qwen-max", "gpt-4o-mini"][i % 2] as string);
    const file = join(dir, "mid.yaml");
    writeFileSync(file, yaml);
    const r = await streamed(["estimate", file, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    // Not held: the pieces come from the report as it is made (a held stream's are an array of bytes).
    expect(r.stdoutStream?.fallible).toBeFalsy();
    expect(Array.isArray(r.stdoutStream?.chunks)).toBe(false);
    const w = parseWorkloadText(yaml, file);
    expect(r.text).toBe(renderJsonValue(estimate(w, embedded(), { asOf: "2026-11-01", currency: "USD" }).estimate));
    // The last item's model unknown: exit 2, nothing written, the message the table gives.
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, yaml.replace(/model: \S+\n(?![\s\S]*model:)/, "model: gpt-4o-minii\n"));
    const b = await streamed(["estimate", bad, "--format", "json"]);
    expect(b.exitCode).toBe(2);
    expect(b.text).toBe("");
    expect(b.stdoutStream).toBeUndefined();
    expect(b.stderr).toMatch(/inference\[1199\]\.model: unknown model "gpt-4o-minii"/);
    expect(b.stderr).toBe((await cli(["estimate", bad, "--format", "table"])).stderr);
  });
});
