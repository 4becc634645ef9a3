// npm run bench [-- --quick] [-- --startup | --scale | --engine | --usage [--rows N]]
// Prints measured figures; asserts nothing (tests never time things). Targets from the issues:
//   1. cold `llmcost estimate examples/support-assistant.yaml --format json` ÷ `node -e 0`,
//      median of ≥10 alternating pairs: target ≤ 1.5×
//   2. engine throughput on a generated 10,000-item API workload: target ≥ 1.2M priced options/s
//      (issue 11: no slower than before the pricing seam; the figure before it is printed beside)
//   3. a 10,000-item mixed workload (API + self-host + training): time per estimate
//   3b. (--scale) a cold `llmcost estimate` of a generated 10,000-item workload file, JSON and table
//      output to a file: median wall time of 5 runs each (3 with --quick): target ≤ 0.4 s (issue 15)
//   4. `llmcost usage` on a generated JSON-lines file of 10M rows (--quick: 1M; --rows N): rows/s
//      (target ≥ 1M/s) with the default threads (2 on 2+ cores) and with --threads 1, peak RSS of the
//      process, main thread and workers (target < 150 MB), and the ratio to a bare JSON.parse loop over
//      the same file. `npm run bench:usage` runs only this one, at 10M rows.
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { apiWorkloadInput, BENCH_MODELS, mixedWorkloadInput } from "./bench-workloads.mjs";
import { importTs } from "./import-ts.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
// --startup: only the cold-start figures; --engine: only the engine figures.
const only = ["--startup", "--scale", "--engine", "--usage"].filter((f) => process.argv.includes(f));
const startup = only.length === 0 || only.includes("--startup");
const engine = only.length === 0 || only.includes("--engine");
const scale = only.length === 0 || only.includes("--scale");
const usageBench = only.length === 0 || only.includes("--usage");
const rowsFlag = process.argv.indexOf("--rows");
const usageRows = rowsFlag > 0 ? Number(process.argv[rowsFlag + 1]) : quick ? 1_000_000 : 10_000_000;
const pairs = quick ? 10 : 30;

function wall(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (startup) {
  // 1. Cold start, alternating pairs so machine noise hits both sides alike.
  const est = ["bin/llmcost.js", "estimate", "examples/support-assistant.yaml", "--format", "json"];
  wall(process.execPath, ["-e", "0"]);
  wall(process.execPath, est);
  const base = [];
  const cli = [];
  const ratios = [];
  for (let i = 0; i < pairs; i++) {
    const a = wall(process.execPath, ["-e", "0"]);
    const b = wall(process.execPath, est);
    base.push(a);
    cli.push(b);
    ratios.push(b / a);
  }
  const loadNow = process.platform === "linux" ? ` (load average ${os.loadavg()[0].toFixed(2)})` : "";
  console.log(`cold start (${pairs} alternating pairs)${loadNow}:`);
  console.log(`  node -e 0                 median ${median(base).toFixed(1)} ms`);
  console.log(`  llmcost estimate --json   median ${median(cli).toFixed(1)} ms`);
  console.log(`  ratio                     median ${median(ratios).toFixed(2)}×  (target ≤ 1.5×; issue 15: ≤ 1.39×)`);

  // Other commands, cold, median wall time of a few runs each (built binary).
  const commands = [
    [
      "quote",
      "llama-3.1-70b",
      "--input-tokens",
      "2000",
      "--output-tokens",
      "500",
      "--requests-per-day",
      "10000",
      "--format",
      "json",
    ],
    ["estimate", "examples/mixed.yaml", "--format", "json"],
    ["check", "examples/support-assistant.yaml", "--format", "json"],
    ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml", "--format", "markdown"],
    ["schema", "workload"],
    ["trend", "--provider", "openai", "--forecast", "12m", "--format", "json"],
    ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--step", "month", "--format", "json"],
    ["catalog", "stats"],
    ["catalog", "validate"],
  ];
  console.log("other commands (median wall ms of " + (quick ? 3 : 7) + " cold runs):");
  for (const args of commands) {
    const times = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ["bin/llmcost.js", ...args], {
        cwd: root,
        stdio: ["ignore", "ignore", "pipe"],
      });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`llmcost ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
    console.log(`  ${median(times).toFixed(0).padStart(6)} ms  llmcost ${args.join(" ")}`);
  }
}

if (scale) {
  // 3b. A cold CLI run on a 10,000-item workload file (the engine bench's API workload, written as
  // YAML), its report written to a file as `> out.json` would: read, validate, price, render, write.
  const dir = mkdtempSync(join(tmpdir(), "llmcost-bench-scale-"));
  const file = join(dir, "workload-10k.yaml");
  const models = BENCH_MODELS;
  let yaml = "llmcost: 1\nname: bench-10k\nas_of: 2026-11-01\ninference:\n";
  for (let i = 0; i < 10_000; i++)
    yaml += `  - name: item-${i}\n    model: ${models[i % 8]}\n    requests_per_day: ${1000 + i}\n    input_tokens: ${500 + (i % 2000)}\n    output_tokens: ${100 + (i % 700)}\n    cached_input: ${(i % 5) / 10}\n    batch: ${i % 3 === 0}\n`;
  const wfd = openSync(file, "w");
  writeSync(wfd, yaml);
  closeSync(wfd);
  const load = () => (process.platform === "linux" ? ` (load average ${os.loadavg()[0].toFixed(2)})` : "");
  console.log(
    `cold estimate of a 10,000-item workload (${(yaml.length / 1e6).toFixed(1)} MB of YAML), output to a file${load()}:`,
  );
  for (const format of ["json", "table"]) {
    const out = join(dir, `out.${format}`);
    const times = [];
    // CPU time (user + system, all threads: V8's compiler and collector threads too), printed at exit
    // by scripts/bench-rss.cjs: on a loaded machine it moves less than the wall time.
    const cpus = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const fd = openSync(out, "w");
      const t = process.hrtime.bigint();
      const args = ["-r", join(root, "scripts/bench-rss.cjs"), "bin/llmcost.js", "estimate", file, "--format", format];
      const r = spawnSync(process.execPath, args, {
        cwd: root,
        stdio: ["ignore", fd, "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      closeSync(fd);
      if (r.status !== 0) throw new Error(`llmcost estimate --format ${format} exited ${r.status}: ${r.stderr}`);
      cpus.push(Number(/cpu_us=(\d+)/.exec(String(r.stderr))?.[1] ?? Number.NaN) / 1e3);
    }
    const mb = statSync(out).size / 1e6;
    console.log(
      `  --format ${format.padEnd(6)} median ${(median(times) / 1000).toFixed(2)} s, CPU ${(median(cpus) / 1000).toFixed(2)} s  (${mb.toFixed(0)} MB written; target ≤ 0.4 s)`,
    );
  }
  // The floor under the JSON figure: what Node alone takes, cold, to write the same bytes (read from
  // llmcost's output file), and to serialise the same report's items already in memory (JSON.parse
  // it, then time each item's JSON.stringify(…, null, 2), its UTF-8 encoding into one buffer and the
  // writes: what llmcost's writer does, without reading, validating or pricing anything).
  const report = join(dir, "out.json");
  const copy = `const fs = require("node:fs"); const b = fs.readFileSync(process.argv[1]); const fd = fs.openSync(process.argv[2], "w"); for (let o = 0; o < b.length; ) o += fs.writeSync(fd, b, o);`;
  const serialise = `const fs = require("node:fs"); const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); const t = process.hrtime.bigint(); const buf = Buffer.allocUnsafe(4 << 20); const fd = fs.openSync(process.argv[2], "w"); let off = 0; const flush = () => { for (let o = 0; o < off; ) o += fs.writeSync(fd, buf, o, off - o); off = 0; }; for (const item of r.items) { const s = JSON.stringify({ items: [item] }, null, 2); if (off + s.length * 3 > buf.length) flush(); off += buf.write(s, off, "utf8"); } flush(); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const copies = [];
  const serialised = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    copies.push(wall(process.execPath, ["-e", copy, report, join(dir, "copy.json")]));
    const r = spawnSync(process.execPath, ["-e", serialise, report, join(dir, "again.json")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`the serialisation floor failed: ${r.stderr}`);
    serialised.push(Number(r.stdout));
  }
  console.log(
    `  floor: node -e writing the same JSON bytes, cold ${(median(copies) / 1000).toFixed(2)} s; stringify + encode + write of its items, in memory ${(median(serialised) / 1000).toFixed(2)} s (medians)${load()}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Issue 11 asks for the engine figures before and after the pricing seam (a0692ed). The engine
 * before it (its parent a08f63b, with the catalog of its day: 33,750 options, no pack options) is
 * not in this tree, so its figure is printed as recorded, with when and how; docs/performance.md
 * says how to measure it again beside this tree's.
 */
const BEFORE_SEAM =
  "1.6–1.9M options/s (a08f63b, 33,750 options; 2026-12-03, load average 1.5–1.8; docs/performance.md)";

if (engine) {
  // 2 & 3. Engine throughput, in-process, on the embedded catalog.
  const dir = mkdtempSync(join(tmpdir(), "llmcost-bench-"));
  const entry = join(dir, "engine.mjs");
  const { estimate, loadCatalogDir, Workload } = await importTs(
    {
      contents: `export { estimate } from "./src/engine/estimate.ts"; export { loadCatalogDir } from "./src/load/catalog.ts"; export { Workload } from "./src/schema/workload.ts";`,
    },
    entry,
  );
  const catalog = loadCatalogDir(join(root, "pricing-data")).catalog;
  const asOf = "2026-11-01";
  const apiWorkload = (n) => Workload.parse(apiWorkloadInput(n));
  // Each timed estimate starts from a collected heap, as one CLI run does: the garbage of earlier
  // repetitions is not charged to it. Collections the estimate itself causes are counted.
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc");
  // The main thread's own CPU time (Linux): the process's also counts V8's background compiler and
  // GC helpers, and a loaded machine stretches wall time; this one moves least with the load.
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const mainMs = existsSync(schedstat) ? () => Number(readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6 : () => NaN;
  function timeEstimate(w, reps) {
    estimate(w, catalog, { asOf, currency: "USD" });
    const times = [];
    // CPU time (user + system of the process) beside wall time: on a loaded machine it moves less.
    const cpus = [];
    const mains = [];
    let options = 0;
    for (let r = 0; r < reps; r++) {
      collect();
      const main = mainMs();
      const t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const res = estimate(w, catalog, { asOf, currency: "USD" });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      mains.push(mainMs() - main);
      options = res.estimate.items.reduce((a, it) => a + it.options.length, 0);
    }
    if (process.env.BENCH_VERBOSE) console.log(times.map((t) => t.toFixed(0)).join(" "));
    return { ms: median(times), cpuMs: median(cpus), mainMs: median(mains), options };
  }
  const loadText = () => (process.platform === "linux" ? ` (load average ${os.loadavg()[0].toFixed(2)})` : "");
  const cpuText = (r) =>
    `CPU ${r.cpuMs.toFixed(1)} ms${Number.isNaN(r.mainMs) ? "" : `, main thread ${r.mainMs.toFixed(1)} ms`}`;
  const api = timeEstimate(apiWorkload(10_000), quick ? 11 : 21);
  console.log(`engine, 10,000-item API workload:`);
  console.log(`  ${api.options} priced options in ${api.ms.toFixed(1)} ms (median; ${cpuText(api)})${loadText()}`);
  console.log(`  throughput ${(((api.options / api.ms) * 1000) / 1e6).toFixed(2)}M options/s  (target ≥ 1.2M/s)`);
  console.log(`  before the seam: ${BEFORE_SEAM}`);

  // 3. Mixed workload: a third self-hosted, a tenth training items (priced when the engine supports them).
  const mixed = Workload.parse(mixedWorkloadInput());
  const mx = timeEstimate(mixed, quick ? 2 : 5);
  console.log(`engine, 10,000-item mixed workload (API + self-host + training):`);
  console.log(`  ${mx.options} priced options in ${mx.ms.toFixed(1)} ms (median; ${cpuText(mx)})${loadText()}`);
  rmSync(dir, { recursive: true, force: true });
}

const BARE_PARSE = `
const { openSync, readSync } = require("node:fs");
const fd = openSync(process.argv[1], "r");
const buf = Buffer.allocUnsafe(1 << 20);
let carry = "", rows = 0, sum = 0, n;
while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
  const last = buf.lastIndexOf(10, n - 1);
  const text = carry + buf.toString("utf8", 0, last + 1);
  carry = buf.toString("utf8", last + 1, n);
  let pos = 0;
  for (let nl = text.indexOf("\\n"); nl >= 0; nl = text.indexOf("\\n", pos)) {
    const o = JSON.parse(text.slice(pos, nl));
    sum += o.input_tokens;
    rows++;
    pos = nl + 1;
  }
}
if (rows === 0) throw new Error("no rows");
`;

if (usageBench) {
  // 4. Usage logs: a generated file of llmcost JSON lines (kept in the temp folder between runs).
  const file = join(tmpdir(), `llmcost-bench-usage-${usageRows}.jsonl`);
  if (!existsSync(file)) {
    const t = process.hrtime.bigint();
    generateUsage(file + ".part", usageRows);
    renameSync(file + ".part", file);
    console.log(
      `usage: generated ${usageRows.toLocaleString("en")} rows in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`,
    );
  }
  const mb = statSync(file).size / 1e6;
  // The baseline: the same file read the same way (1 MB reads, UTF-8 decode, split on newlines), one JSON.parse a line.
  const base = timedNode(["-e", BARE_PARSE, file]);
  // llmcost with its default threads (a large plain file is cut between min(2, cores) threads), then one.
  const threads = Math.min(2, os.availableParallelism());
  const args = ["-r", join(root, "scripts/bench-rss.cjs"), "bin/llmcost.js", "usage", file];
  const run = timedNode([...args, "--format", "json", "--by", "model,day"]);
  const one = timedNode([...args, "--format", "json", "--by", "model,day", "--threads", "1"]);
  const rowsPerS = usageRows / run.s;
  const oneRowsPerS = usageRows / one.s;
  const baseRowsPerS = usageRows / base.s;
  const figures = (r, perS) =>
    `${r.s.toFixed(2)} s  ${(perS / 1e6).toFixed(2)}M rows/s  (CPU ${r.cpuS.toFixed(2)} s, peak RSS ${(r.rssKb / 1024).toFixed(0)} MB)`;
  console.log(
    `usage, ${usageRows.toLocaleString("en")} rows of JSON lines (${mb.toFixed(0)} MB), llmcost usage --by model,day (load average ${os.loadavg()[0].toFixed(1)}):`,
  );
  console.log(`  llmcost usage        ${figures(run, rowsPerS)}, ${threads} threads  (target ≥ 1M/s)`);
  console.log(`  peak RSS             ${(run.rssKb / 1024).toFixed(0)} MB, main thread and workers  (target < 150 MB)`);
  console.log(`  --threads 1          ${figures(one, oneRowsPerS)}`);
  console.log(`  bare JSON.parse loop ${figures(base, baseRowsPerS)}`);
  console.log(
    `  ratio                ${(rowsPerS / baseRowsPerS).toFixed(2)}× the JSON.parse loop's rows/s (--threads 1: ${(oneRowsPerS / baseRowsPerS).toFixed(2)}×)`,
  );
}

/** Wall time and peak RSS of one node run (the RSS printed by scripts/bench-rss.cjs at exit). */
function timedNode(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    args[0] === "-r" ? args : ["-r", join(root, "scripts/bench-rss.cjs"), ...args],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 28,
    },
  );
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const m = /maxrss_kb=(\d+)/.exec(String(r.stderr));
  const c = /cpu_us=(\d+)/.exec(String(r.stderr));
  return { s, rssKb: m ? Number(m[1]) : Number.NaN, cpuS: c ? Number(c[1]) / 1e6 : Number.NaN };
}

/** A month of traffic over eight models of four providers, 17 projects; deterministic. */
function generateUsage(path, n) {
  const models = [
    ["openai", "gpt-4o-mini"],
    ["openai", "gpt-4o"],
    ["anthropic", "claude-haiku-4-5-20251001"],
    ["anthropic", "claude-sonnet-4-5-20250929"],
    ["google", "gemini-2.5-flash"],
    ["openai", "o4-mini"],
    ["deepseek", "deepseek-chat"],
    ["openai", "gpt-4.1-mini"],
  ];
  const start = Date.parse("2026-10-01T00:00:00Z");
  const span = 30 * 86_400_000;
  const fd = openSync(path, "w");
  let buf = [];
  for (let i = 0; i < n; i++) {
    const [p, m] = models[i % 8];
    const t = new Date(start + Math.floor((i / n) * span)).toISOString();
    const input = 500 + ((i * 7919) % 4000);
    buf.push(
      `{"timestamp":"${t}","provider":"${p}","model":"${m}","input_tokens":${input},"output_tokens":${50 + ((i * 104729) % 800)},"cached_tokens":${(i % 3) * 100},"project":"p${i % 17}"}`,
    );
    if (buf.length === 20_000) {
      writeSync(fd, `${buf.join("\n")}\n`);
      buf = [];
    }
  }
  if (buf.length) writeSync(fd, `${buf.join("\n")}\n`);
  closeSync(fd);
}
