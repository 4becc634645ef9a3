#!/usr/bin/env node
// Start-up shim (CommonJS: bin/package.json, so Node skips the ES module loader). The CLI is built
// in parts (scripts/build.mjs): dist/llmcost.cjs holds what every start runs and the estimate, and
// dist/llmcost.N.cjs the rest, grouped by the command or renderer that first needs it. Each file is
// compiled through vm.Script with the V8 code cache written at build time (FILE.cache) when its
// first part is required: a cold start compiles only what its command runs, and skips most parsing
// and compiling of that. A missing or rejected cache costs only speed, never correctness.
"use strict";
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");

// LLMCOST_DIST lets the build warm a bundle before it is moved into dist/.
const dist = process.env.LLMCOST_DIST || join(__dirname, "..", "dist");
const writeCache = process.env.LLMCOST_WRITE_CODE_CACHE === "1";
// A cold start allocates ~10 MB that lives to the end (the catalog, the schemas): young-generation
// collections copy it again and again while the young space grows from 1 MB. A faster growth
// halves their number (5 → 2 on an estimate; docs/performance.md). Set before anything is compiled,
// in the build's warm-up runs too: V8 refuses a code cache written under other flags.
v8Flags("--semi-space-growth-factor=8");

/**
 * `require("node:v8").setFlagsFromString`, without loading node:v8: that module loads Node's stream
 * modules at import, ~1.7 ms of a cold start. Its setFlagsFromString is the V8 binding's, reached
 * here through process.binding("v8"); that access is deprecated (DEP0111) and warns, so deprecation
 * warnings are off for that one call and left as they were (flags, `--throw-deprecation`) after it.
 * A Node without the binding gets node:v8.
 */
function v8Flags(flags) {
  const quiet = process.noDeprecation; // true and read-only under --no-deprecation
  const own = Object.hasOwn(process, "noDeprecation");
  let set;
  try {
    if (!quiet) process.noDeprecation = true;
    set = process.binding("v8").setFlagsFromString;
  } catch {
  } finally {
    if (!quiet && own) process.noDeprecation = quiet;
    else if (!quiet) delete process.noDeprecation;
  }
  (typeof set === "function" ? set : require("node:v8").setFlagsFromString)(flags);
}

/** Each file's parts (chunk id → function), compiled on first use; the first file's manifest. */
const files = new Map();
const compiled = [];
function file(name) {
  let parts = files.get(name);
  if (parts) return parts;
  const path = join(dist, name);
  const source = readFileSync(path, "utf8");
  let cachedData;
  try {
    cachedData = readFileSync(`${path}.cache`);
  } catch {}
  const script = new Script(source, { filename: path, cachedData });
  if (writeCache) compiled.push({ path, script });
  parts = script.runInThisContext();
  files.set(name, parts);
  return parts;
}

/** The chunks' modules, evaluated on first require, as Node does for its own. */
const modules = new Map();
function load(id) {
  let m = modules.get(id);
  if (m) return m.exports;
  m = { exports: {} };
  modules.set(id, m);
  const where = file("llmcost.cjs")[""][id];
  let part;
  try {
    part = file(where)[id];
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    outOfDate(`dist/${where} is missing`);
  }
  part(m.exports, chunkRequire, m, join(dist, where), dist);
  return m.exports;
}
const chunkRequire = (id) => (id.startsWith("./") ? load(id) : require(id));

// The build warms each file in a run that uses it, and keeps the first run's cache (scripts/build.mjs).
if (writeCache)
  process.on("exit", () => {
    for (const { path, script } of compiled)
      if (!existsSync(`${path}.cache`)) writeFileSync(`${path}.cache`, script.createCachedData());
  });

/** dist/ missing, half-built or built by an older llmcost (one bundle, no manifest): say so, not a stack trace. */
function outOfDate(what) {
  process.stderr.write(`llmcost: ${what}: run \`npm run build\` (npm install does it too)\n`);
  process.exit(3);
}

let first;
try {
  first = file("llmcost.cjs");
} catch (e) {
  if (e.code !== "ENOENT") throw e;
  outOfDate("dist/llmcost.cjs is missing");
}
if (typeof first !== "object" || first === null || typeof first[""]?.["./main.cjs"] !== "string")
  outOfDate("dist/ was built by another version of llmcost (a git pull since the last build?)");
load("./main.cjs").main(dist);
