// node scripts/engine-ab.mjs TREE_A TREE_B [...] [--reps N] [--mixed]
// The engine bench's estimate() of several source trees in ONE process, alternated run by run, so
// the machine's load hits every tree alike: wall time, CPU time of the process (all threads: V8's
// background compiler and GC helpers too) and of the main thread alone (Linux only, from
// /proc/self/task/PID/schedstat). Each tree's engine is bundled from its own src/ (a checkout made
// with `git archive REV | tar -x -C DIR`, with this tree's node_modules linked into it); the
// workload is the engine bench's (scripts/bench.mjs), parsed and priced on the first tree's catalog.
// Prints medians and quartiles; asserts nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { apiWorkloadInput, mixedWorkloadInput } from "./bench-workloads.mjs";
import { bundleTs } from "./import-ts.mjs";

const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 41;
const trees = args.filter((a, i) => !a.startsWith("--") && i !== repsAt + 1);
if (trees.length === 0) throw new Error("usage: node scripts/engine-ab.mjs TREE_A [TREE_B ...] [--reps N] [--mixed]");

const dir = mkdtempSync(join(tmpdir(), "llmcost-engine-ab-"));
const engines = [];
for (const [k, tree] of trees.entries()) {
  // Absolute paths into each tree; bare imports resolve from this tree's node_modules if not there.
  const src = (f) => JSON.stringify(join(resolve(tree), "src", f));
  const out = join(dir, `engine-${k}.mjs`);
  await bundleTs(
    {
      contents: `export { estimate } from ${src("engine/estimate.ts")}; export { loadCatalogDir } from ${src("load/catalog.ts")}; export { Workload } from ${src("schema/workload.ts")};`,
    },
    out,
  );
  engines.push(await import(pathToFileURL(out).href));
}
rmSync(dir, { recursive: true, force: true });

const { loadCatalogDir, Workload } = engines[0];
const catalog = loadCatalogDir(join(trees[0], "pricing-data")).catalog;
const api = () => Workload.parse(apiWorkloadInput(10_000));
const mixed = () => Workload.parse(mixedWorkloadInput());
const workload = args.includes("--mixed") ? mixed() : api();

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc");
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const mainThread = existsSync(schedstat)
  ? () => Number(readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6
  : undefined;
const opts = () => ({ asOf: "2026-11-01", currency: "USD" });

for (const e of engines) e.estimate(workload, catalog, opts());
const wall = engines.map(() => []);
const cpu = engines.map(() => []);
const main = engines.map(() => []);
let options = 0;
for (let r = 0; r < reps; r++)
  for (let j = 0; j < engines.length; j++) {
    // Rotated order: no tree always runs right after the same other one.
    const k = (j + r) % engines.length;
    collect();
    const m0 = mainThread?.();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const res = engines[k].estimate(workload, catalog, opts());
    wall[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu[k].push((c.user + c.system) / 1000);
    if (mainThread) main[k].push(mainThread() - m0);
    options = res.estimate.items.reduce((a, it) => a + it.options.length, 0);
  }

const at = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const fig = (xs) => `${at(xs, 0.5).toFixed(1)} (${at(xs, 0.25).toFixed(1)}–${at(xs, 0.75).toFixed(1)})`;
console.log(`${options} options, ${reps} runs each, median (quartiles) ms; load ${loadavg()[0].toFixed(1)}`);
for (const [k, t] of trees.entries())
  console.log(
    `${t}\n  wall ${fig(wall[k])}  CPU ${fig(cpu[k])}${mainThread ? `  main thread ${fig(main[k])}` : ""}  ${((options / at(wall[k], 0.5)) * 1e-3).toFixed(2)}M options/s`,
  );
