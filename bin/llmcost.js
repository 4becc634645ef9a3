#!/usr/bin/env node
// Start-up shim. The CLI is one CommonJS bundle (dist/llmcost.cjs) compiled through vm.Script with
// the V8 code cache written at build time (dist/llmcost.cjs.cache), so a cold start skips most
// parsing and compiling. A missing or rejected cache only costs speed, never correctness.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Script } from "node:vm";
import { fileURLToPath } from "node:url";

// LLMCOST_DIST lets the build warm a bundle before it is moved into dist/.
const dist = process.env.LLMCOST_DIST ? `${process.env.LLMCOST_DIST}/` : fileURLToPath(new URL("../dist/", import.meta.url));
const file = `${dist}llmcost.cjs`;
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
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
if (process.env.LLMCOST_WRITE_CODE_CACHE === "1")
  process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dist);
module.exports.main(dist);
