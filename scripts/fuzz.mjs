// npm run fuzz — hostile and broken input for llmcost (issue 7; docs/reliability.md).
//
// Seeded, reproducible, bounded in count and time. Phases:
//   1. truncation: a sample workload and a sample provider overlay cut at every byte offset;
//   2. random: --count mutated workloads, overlays and random bytes (tests/fuzz/mutate.ts);
//   3. spawned: --spawned cases through the built binary (node bin/llmcost.js), each with a timeout;
//   4. hazards: YAML hazards (alias bomb, deep nesting, long lines, 10 MB and 50 MB files, …), each in
//      its own process, with wall time and peak RSS.
// The entry-point families (issue 14; tests/fuzz/entry.ts) run in phases 2 and 3 too: `import`
// (catalog import on mutated LiteLLM / genai-prices data, read back by --catalog), `usage` (hostile
// usage logs: damaged records and bytes, gzip, random flags), `horizon` (trend
// --forecast, --over, --as-of), `baseline` (corrupted saved estimates in diff/check), `render`
// (hostile names through every format) and `readback` (every file llmcost writes, read back).
// Phases 1–2 run in-process (an esbuild bundle of src/cli/run.ts) on worker threads, with a
// watchdog that kills a worker whose case runs past --timeout-ms and records the case as a hang.
// Every run must end with exit 0 or 2, never 3, no stack trace, no partial stdout with exit 2.
//
//   npm run fuzz                               full run (seed 1, 10,000 random cases)
//   npm run fuzz -- --seed 42 --count 2000     another seed, fewer cases
//   npm run fuzz -- --quick                    ~1,500 cases, 30 spawned, a smoke test
//   npm run fuzz -- --entry-count 5000         entry-point cases per family (default 2,000; quick 100)
//   npm run fuzz -- --case random:123 [--seed 1]   write one case to a folder and show how to run it
//
// Exit status: 0 when every case kept the contract, 1 otherwise.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The private copy of dist/ the spawned cases run (set in main). */
let distCopy;

function seedsFrom(dir) {
  const read = (d) =>
    readdirSync(join(dir, d))
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, d, f), "utf8") }));
  const usage = readdirSync(join(dir, "tests/fixtures/usage"))
    .filter((f) => /\.(jsonl|json|csv)$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, "tests/fixtures/usage", f), "utf8") }));
  const workloads = read("examples");
  return {
    workloads,
    providers: read("pricing-data/providers"),
    entry: {
      litellm: readFileSync(join(dir, "tests/fixtures/litellm/model-prices-sample.json"), "utf8"),
      genai: readFileSync(join(dir, "tests/fixtures/genai-prices/data.json"), "utf8"),
      usage,
      workloads,
    },
  };
}

const FAMILIES = ["import", "horizon", "baseline", "render", "readback", "usage"];
const ENTRY = new RegExp(`^(${FAMILIES.join("|")}):(\\d+)$`);

// ---------------------------------------------------------------- worker: run a range of cases
async function worker() {
  const { bundle, seed, jobs, catalogFile, injectHang } = workerData;
  const h = await import(pathToFileURL(bundle).href);
  const catalog = JSON.parse(readFileSync(catalogFile, "utf8"));
  const run = h.inProcess(() => catalog);
  const seeds = seedsFrom(root);
  const dir = mkdtempSync(join(tmpdir(), "llmcost-fuzz-w-"));
  parentPort.postMessage({ type: "ready" });
  for (const id of jobs) {
    const e = ENTRY.exec(id);
    const c = e ? h.entryCase(seed, e[1], Number(e[2]), seeds.entry) : h.caseById(seed, id, seeds);
    parentPort.postMessage({ type: "start", id });
    // --inject-hang ID: a self-test of the watchdog (this case blocks forever).
    if (id === injectHang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    const tally = h.newTally();
    if (e) await h.runEntry(c, dir, run, seeds.entry, tally);
    else await h.runCase(c, dir, run, tally);
    // Resident memory after the case (the whole process, all workers): the in-process peak.
    tally.rss = process.memoryUsage.rss();
    parentPort.postMessage({ type: "done", id, family: c.family, tally });
  }
  rmSync(dir, { recursive: true, force: true });
  parentPort.postMessage({ type: "finished" });
}

function args() {
  const a = process.argv.slice(2);
  const get = (k, d) => {
    const i = a.indexOf(k);
    return i >= 0 && a[i + 1] !== undefined ? a[i + 1] : d;
  };
  const quick = a.includes("--quick");
  return {
    seed: Number(get("--seed", "1")),
    count: Number(get("--count", quick ? "1000" : "10000")),
    spawned: Number(get("--spawned", quick ? "20" : "200")),
    entryCount: Number(get("--entry-count", quick ? "100" : "2000")),
    entrySpawned: Number(get("--entry-spawned", quick ? "10" : "100")),
    timeLimit: Number(get("--time-limit", quick ? "180" : "900")) * 1000,
    timeoutMs: Number(get("--timeout-ms", "10000")),
    workers: Number(get("--workers", String(Math.max(1, Math.min(4, availableParallelism()))))),
    caseId: get("--case", undefined),
    injectHang: get("--inject-hang", undefined),
    hazards: !a.includes("--no-hazards"),
    truncation: !a.includes("--no-truncation") && !quick,
  };
}

const fmt = (n) => n.toLocaleString("en-US");

async function main() {
  const opt = args();
  const t0 = Date.now();
  if (!existsSync(join(root, "dist/catalog.json")) || !existsSync(join(root, "bin/llmcost.js"))) {
    console.error("fuzz: dist/ is missing; run `npm run build` first");
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), "llmcost-fuzz-"));
  // A private copy of dist/ (bin/llmcost.js reads LLMCOST_DIST): a rebuild during the run cannot
  // swap the binary under the spawned cases.
  distCopy = join(work, "dist");
  cpSync(join(root, "dist"), distCopy, { recursive: true });
  const catalogFile = join(distCopy, "catalog.json");
  const bundle = join(work, "harness.mjs");
  // Loaded here, not at the top: the worker threads import this file too and need no esbuild.
  const { importTs } = await import("./import-ts.mjs");
  const h = await importTs(join(root, "tests/fuzz/harness.ts"), bundle);
  const seeds = seedsFrom(root);

  // The unmutated seeds must price: a tree broken mid-edit would otherwise fail every case.
  const catalog = JSON.parse(readFileSync(catalogFile, "utf8"));
  for (const w of seeds.workloads) {
    const argv = ["estimate", join(root, "examples", w.name), "--format", "json"];
    const r = await h.inProcess(() => catalog)(argv);
    const s = await spawnCli(argv, opt.timeoutMs);
    if (r.exitCode !== 0 || s.exitCode !== 0) {
      console.error(
        `fuzz: the unmutated seed examples/${w.name} does not price (in-process exit ${r.exitCode}, binary exit ${s.exitCode}):\n${r.stderr || s.stderr}`,
      );
      console.error("fuzz: fix the tree (or rebuild) before fuzzing");
      process.exit(2);
    }
  }

  if (opt.caseId) {
    const e = ENTRY.exec(opt.caseId);
    const c = e ? h.entryCase(opt.seed, e[1], Number(e[2]), seeds.entry) : h.caseById(opt.seed, opt.caseId, seeds);
    const dir = join(work, "case");
    mkdirSync(dir);
    const argv = e ? h.writeEntryCase(c, dir) : h.writeCase(c, dir);
    if (e && c.family === "baseline") {
      const saved = await h.inProcess(() => catalog)([
        "estimate",
        join(root, "examples", JSON.parse(c.files["edits.json"]).base),
        "--format",
        "json",
      ]);
      const bad = h.corruptEstimate(saved.stdout, c.files["edits.json"]);
      writeFileSync(join(dir, "base.json"), bad.text);
      c.mutations.push(...bad.log);
    }
    console.log(`case ${c.id} (seed ${opt.seed}, ${c.family}): ${c.mutations.join("; ")}`);
    console.log(
      `files in ${dir}\nrun: node bin/llmcost.js ${argv.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`,
    );
    return;
  }

  const deadline = t0 + opt.timeLimit;
  const total = h.newTally();
  const hangs = [];
  const merge = (t) => {
    total.cases += t.cases;
    total.exit0 += t.exit0;
    total.exit1 += t.exit1;
    total.exit2 += t.exit2;
    for (const [k, v] of Object.entries(t.byFamily)) total.byFamily[k] = (total.byFamily[k] ?? 0) + v;
    total.violations.push(...t.violations);
    if (t.maxMs > total.maxMs) {
      total.maxMs = t.maxMs;
      total.maxMsId = t.maxMsId;
    }
    total.rss = Math.max(total.rss ?? 0, t.rss ?? 0);
  };

  // Phases 1–2: in-process, on workers.
  const jobs = [];
  if (opt.truncation) {
    const w = seeds.workloads.find((s) => s.name === "support-assistant.yaml") ?? seeds.workloads[0];
    for (let o = 0; o <= Buffer.byteLength(w.text); o++) jobs.push(`trunc:${w.name}:${o}`);
    const p = [...seeds.providers].sort((a, b) => a.text.length - b.text.length)[0];
    for (let o = 0; o <= Buffer.byteLength(p.text); o++) jobs.push(`trunc:${p.name}:${o}`);
  }
  const truncations = jobs.length;
  for (let i = 0; i < opt.count; i++) jobs.push(`random:${i}`);
  // The entry-point families, interleaved so a time limit stops every family at about the same share.
  for (let i = 0; i < opt.entryCount; i++) for (const f of FAMILIES) jobs.push(`${f}:${i}`);
  const t1 = Date.now();
  const timedOut = await runWorkers(jobs, opt, bundle, catalogFile, deadline, merge, hangs);
  const inProcessMs = Date.now() - t1;
  const inProcessCases = total.cases;
  const entryInProcess = FAMILIES.reduce((n, f) => n + (total.byFamily[f] ?? 0), 0);

  // Phase 3: spawned through the built binary.
  const t2 = Date.now();
  const spawned = h.newTally();
  const sdir = join(work, "spawned");
  mkdirSync(sdir);
  for (let i = 0; i < opt.spawned && Date.now() < deadline; i++) {
    const c = h.makeCase(opt.seed + 1_000_003, i, seeds);
    const argv = h.writeCase(c, sdir);
    const r = await spawnCli(argv, opt.timeoutMs);
    if (r.timedOut) {
      hangs.push(`${c.id} (spawned, seed ${opt.seed + 1_000_003})`);
      continue;
    }
    spawned.cases++;
    spawned.byFamily[c.family] = (spawned.byFamily[c.family] ?? 0) + 1;
    if (r.exitCode === 0) spawned.exit0++;
    else if (r.exitCode === 1) spawned.exit1++;
    else if (r.exitCode === 2) spawned.exit2++;
    const v = h.violation(r, h.formatOf(argv), argv[0]);
    if (v)
      spawned.violations.push({
        id: `${c.id} (spawned, seed ${opt.seed + 1_000_003})`,
        problem: v,
        mutations: c.mutations,
      });
  }
  // Entry-point cases through the binary, every process with its own peak RSS (a preload reads
  // maxRSS on exit) and wall time: the per-case bound, measured.
  const perProcess = { rssKb: 0, rssArgv: "", ms: 0, msArgv: "", runs: 0 };
  const preload = join(sdir, "rss.mjs");
  const rssFile = join(sdir, "rss");
  writeFileSync(
    preload,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const measured = async (argv) => {
    rmSync(rssFile, { force: true });
    const t = Date.now();
    const r = await spawnCli(argv, opt.timeoutMs, {}, ["--import", pathToFileURL(preload).href]);
    const ms = Date.now() - t;
    const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) : 0;
    const label = argv
      .map((a) => a.replace(sdir, "…"))
      .join(" ")
      .slice(0, 100);
    perProcess.runs++;
    if (kb > perProcess.rssKb) Object.assign(perProcess, { rssKb: kb, rssArgv: label });
    if (ms > perProcess.ms) Object.assign(perProcess, { ms, msArgv: label });
    if (r.timedOut) throw new Error(`no answer within ${opt.timeoutMs} ms: ${label}`);
    return r;
  };
  for (let i = 0; i < opt.entrySpawned && Date.now() < deadline; i++)
    for (const f of FAMILIES) {
      const c = h.entryCase(opt.seed + 1_000_003, f, i, seeds.entry);
      try {
        await h.runEntry(c, sdir, measured, seeds.entry, spawned);
      } catch (e) {
        hangs.push(`${c.id} (spawned, seed ${opt.seed + 1_000_003}): ${e.message}`);
      }
    }
  const spawnMs = Date.now() - t2;
  merge(spawned);

  // Phase 4: hazards, one process each, with peak RSS.
  const hazardRows = opt.hazards ? await runHazards(work, opt.timeoutMs * 3) : [];
  for (const row of hazardRows)
    if (row.problem) total.violations.push({ id: `hazard:${row.name}`, problem: row.problem, mutations: [] });

  const ms = Date.now() - t0;
  const rss = process.resourceUsage().maxRSS;
  console.log(`llmcost fuzz — seed ${opt.seed}, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`);
  console.log(
    `  in-process: ${fmt(inProcessCases)} cases (${fmt(truncations)} truncations, ${fmt(inProcessCases - Math.min(truncations, inProcessCases) - entryInProcess)} random, ${fmt(entryInProcess)} entry-point) in ${(inProcessMs / 1000).toFixed(1)} s on ${opt.workers} worker(s)${timedOut ? " — stopped at the time limit" : ""}`,
  );
  console.log(`  spawned:    ${fmt(spawned.cases)} cases through bin/llmcost.js in ${(spawnMs / 1000).toFixed(1)} s`);
  console.log(
    `  per case:   slowest in-process case ${total.maxMs.toFixed(0)} ms (${total.maxMsId}); in-process RSS at most ${((total.rss ?? 0) / 1048576).toFixed(0)} MB after a case`,
  );
  if (perProcess.runs)
    console.log(
      `  per process (${fmt(perProcess.runs)} spawned commands of the entry families): peak RSS ${(perProcess.rssKb / 1024).toFixed(0)} MB (${perProcess.rssArgv}); slowest ${(perProcess.ms / 1000).toFixed(2)} s (${perProcess.msArgv})`,
    );
  console.log(
    `  total:      ${fmt(total.cases)} cases — exit 0: ${fmt(total.exit0)}, exit 1 (check over budget): ${fmt(total.exit1)}, exit 2: ${fmt(total.exit2)}, other: ${fmt(total.cases - total.exit0 - total.exit1 - total.exit2)}, hangs: ${hangs.length}`,
  );
  console.log(
    `  families:   ${Object.entries(total.byFamily)
      .sort()
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(", ")}`,
  );
  console.log(`  violations: ${total.violations.length}`);
  console.log(
    `  peak RSS of the fuzz process (workers included): ${(rss / 1024).toFixed(0)} MB; wall ${(ms / 1000).toFixed(1)} s`,
  );
  if (hazardRows.length) {
    console.log("  hazards (each its own process: exit, wall time, peak RSS):");
    for (const r of hazardRows)
      console.log(
        `    ${r.name.padEnd(34)} exit ${r.exitCode}  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${String(Math.round(r.rssKb / 1024)).padStart(5)} MB  ${r.message}`,
      );
  }
  // Grouped by what went wrong (ids and paths vary): the first few cases of each kind.
  const groups = new Map();
  for (const v of total.violations) {
    const key = v.problem
      .replace(/(^|\s)\/\S+/g, "$1PATH")
      .replace(/\d+/g, "N")
      .slice(0, 160);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(v);
  }
  for (const [key, vs] of groups) {
    console.log(`  ✗ ${vs.length} case(s): ${key}`);
    for (const v of vs.slice(0, 3))
      console.log(
        `      ${v.id} (${v.mutations.join("; ")})\n        reproduce: npm run fuzz -- --seed ${opt.seed} --case ${v.id.split(" ")[0]}`,
      );
  }
  for (const hg of hangs) console.log(`  ✗ hang (over ${opt.timeoutMs} ms): ${hg}`);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = total.violations.length || hangs.length ? 1 : 0;
}

/** Run the jobs on worker threads; a worker silent past the timeout is killed and its case is a hang. */
function runWorkers(jobs, opt, bundle, catalogFile, deadline, merge, hangs) {
  return new Promise((resolve) => {
    let next = 0;
    let active = 0;
    let stopped = false;
    const chunk = 250;
    const launch = () => {
      if (Date.now() > deadline) stopped = true;
      if (stopped || next >= jobs.length) {
        if (active === 0) resolve(stopped && next < jobs.length);
        return;
      }
      const mine = jobs.slice(next, next + chunk);
      next += mine.length;
      active++;
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { bundle, seed: opt.seed, jobs: mine, catalogFile, injectHang: opt.injectHang },
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
      });
      let current;
      let last = Date.now();
      let ready = false;
      const done = new Set();
      const watchdog = setInterval(() => {
        if (ready && current !== undefined && Date.now() - last > opt.timeoutMs) {
          hangs.push(current);
          clearInterval(watchdog);
          w.terminate();
        }
      }, 250);
      const finish = () => {
        clearInterval(watchdog);
        active--;
        // Jobs this worker never reached (after a hang or a crash) go back in the queue, minus the culprit.
        const left = mine.filter((id) => !done.has(id) && id !== current);
        if (left.length) jobs.push(...left);
        launch();
      };
      w.on("message", (m) => {
        last = Date.now();
        if (m.type === "ready") ready = true;
        else if (m.type === "start") current = m.id;
        else if (m.type === "done") {
          done.add(m.id);
          current = undefined;
          merge(m.tally);
          if (Date.now() > deadline) {
            stopped = true;
            w.terminate();
          }
        }
      });
      w.on("error", (e) => {
        if (current !== undefined)
          merge({
            cases: 1,
            exit0: 0,
            exit1: 0,
            exit2: 0,
            byFamily: {},
            violations: [{ id: current, problem: `worker crashed: ${e.message}`, mutations: [] }],
          });
      });
      w.on("exit", finish);
    };
    for (let i = 0; i < opt.workers; i++) launch();
  });
}

function spawnCli(argv, timeoutMs, extraEnv = {}, nodeArgs = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, join(root, "bin/llmcost.js"), ...argv], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", LLMCOST_DIST: distCopy, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code ?? -1, timedOut });
    });
  });
}

/** YAML hazards, each in its own process through the built CLI; peak RSS read by a preload on exit. */
async function runHazards(work, timeoutMs) {
  const dir = join(work, "hazards");
  mkdirSync(dir);
  const rssFile = join(dir, "rss");
  const preload = join(dir, "rss.mjs");
  writeFileSync(
    preload,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const W = "llmcost: 1\ninference:\n  - {name: a, model: gpt-4o-mini, requests: 1000, input_tokens: 1000}\n";
  const bomb = () => {
    let s = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    let prev = "a";
    for (let i = 0; i < 9; i++) {
      s += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
      prev = `b${i}`;
    }
    return s;
  };
  const untilBytes = (head, line, bytes) => {
    const parts = [head];
    let n = head.length;
    for (let i = 0; n < bytes; i++) {
      const l = line(i);
      parts.push(l);
      n += l.length;
    }
    return parts.join("");
  };
  const MB = 1024 * 1024;
  const LIMIT = 2 * MB; // LIMITS.maxBytes in src/load/yaml.ts
  const hazards = [
    ["alias bomb (9^10 nodes)", () => bomb()],
    ["deep flow nesting (100,000)", () => `llmcost: 1\nx: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`],
    [
      "deep block nesting (1,500)",
      () => `llmcost: 1\nx:\n${Array.from({ length: 1500 }, (_, i) => `${" ".repeat(i + 2)}-\n`).join("")}`,
    ],
    ["long line (1.9 MB scalar)", () => `${W}name: ${"x".repeat(1.9 * MB)}\n`],
    ["2 MB of distinct keys", () => untilBytes("llmcost: 1\nx:\n", (i) => `  k${i}: v\n`, LIMIT - 100)],
    ["2 MB flow list", () => untilBytes("llmcost: 1\nx: [", (i) => `${i},`, LIMIT - 100) + "1]\n"],
    [
      "2 MB of valid items (22k)",
      () =>
        untilBytes(
          "llmcost: 1\ninference:\n",
          (i) => `  - {name: i${i}, model: gpt-4o-mini, requests: 1000, input_tokens: 1000}\n`,
          LIMIT - 200,
        ),
    ],
    ["just over the limit", () => Buffer.alloc(LIMIT + 1, 0x61)],
    ["50 MB file", () => Buffer.alloc(50 * MB, 0x61)],
    ["duplicate keys", () => `${W}name: a\nname: b\n`],
    ["__proto__ key", () => `${W}budget:\n  items: {__proto__: 1}\n`],
    ["custom tag !!js/function", () => `llmcost: 1\nname: !!js/function "function () {}"\n`],
    ["two documents", () => `${W}---\n${W}`],
    ["NUL bytes", () => `${W}\u0000\n`],
  ];
  const rows = [];
  for (const [name, make] of hazards) {
    const file = join(dir, "hazard.yaml");
    writeFileSync(file, make());
    rmSync(rssFile, { force: true });
    const t = Date.now();
    const r = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ["--import", pathToFileURL(preload).href, join(root, "bin/llmcost.js"), "estimate", file, "--format", "json"],
        {
          cwd: root,
          env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", LLMCOST_DIST: distCopy },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d) => {
        stdout += d;
      });
      child.stderr.setEncoding("utf8").on("data", (d) => {
        stderr += d;
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, exitCode: code ?? -1, timedOut });
      });
    });
    const ms = Date.now() - t;
    const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) : Number.NaN;
    const h = await import(pathToFileURL(join(work, "harness.mjs")).href);
    const problem = r.timedOut ? `no answer within ${timeoutMs} ms` : h.violation(r, "json");
    const message =
      (r.stderr.split("\n")[0] ?? "").replace(file, "FILE").slice(0, 90) || `(${r.stdout.length} bytes of JSON)`;
    rows.push({ name, exitCode: r.exitCode, ms, rssKb, message, problem });
    rmSync(file, { force: true });
  }
  return rows;
}

if (isMainThread) await main();
else await worker();
