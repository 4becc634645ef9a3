#!/usr/bin/env node
// Start-up shim (CommonJS: bin/package.json, so Node skips the ES module loader). The CLI is one
// bundle, dist/llmcost.cjs, compiled through vm.Script with the V8 code cache written at build
// time (dist/llmcost.cjs.cache): a cold start skips most parsing and compiling. A missing or
// rejected cache costs only speed, never correctness.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");

// LLMCOST_DIST lets the build warm a bundle before it is moved into dist/.
const dist = process.env.LLMCOST_DIST || join(__dirname, "..", "dist");
const file = join(dist, "llmcost.cjs");
const cacheFile = `${file}.cache`;
let source;
try {
  source = readFileSync(file, "utf8");
} catch {
  process.stderr.write("llmcost: dist/llmcost.cjs is missing: run `npm run build` (npm install does it too)\n");
  process.exit(3);
}
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
// The bundle is built as one function expression (exports, require, module, __filename, __dirname).
const script = new Script(source, { filename: file, cachedData });
if (process.env.LLMCOST_WRITE_CODE_CACHE === "1")
  process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
// A cold start allocates ~10 MB that lives to the end (the catalog, the schemas): young-generation
// collections copy it again and again while the young space grows from 1 MB. A faster growth
// halves their number (5 → 2 on an estimate; docs/performance.md). Set after the compile: V8's code
// cache is refused when the flags differ from those it was written under.
if (process.env.LLMCOST_WRITE_CODE_CACHE !== "1") require("node:v8").setFlagsFromString("--semi-space-growth-factor=8");
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, dist);
bundle.exports.main(dist);
