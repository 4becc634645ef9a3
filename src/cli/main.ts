import { readFileSync } from "node:fs";
import { loadCatalogDir } from "../load/catalog.js";
import { readAllFd } from "../load/files.js";
import type { Catalog } from "../schema/catalog.js";
import type { Io } from "./io.js";
import { runCli } from "./run.js";

/**
 * The only file that touches `process`: argv, env, clock, TTY, stdin and the exit code.
 * The bundle (dist/llmcost.js) reads the embedded catalog from dist/catalog.json, compiled and
 * validated at build time; run from source, it loads pricing-data/ directly.
 */

declare const __LLMCOST_BUNDLED__: boolean | undefined;

let cached: Catalog | undefined;
function embeddedCatalog(): Catalog {
  if (cached) return cached;
  if (typeof __LLMCOST_BUNDLED__ !== "undefined" && __LLMCOST_BUNDLED__) {
    cached = JSON.parse(readFileSync(new URL("./catalog.json", import.meta.url), "utf8")) as Catalog;
  } else {
    cached = loadCatalogDir(new URL("../../pricing-data", import.meta.url).pathname, undefined, "pricing-data").catalog;
  }
  return cached;
}

const io: Io = {
  env: process.env,
  today: new Date().toISOString().slice(0, 10),
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns ?? 80,
  readStdin: () => readAllFd(0, "<stdin>"),
  embeddedCatalog,
};

const result = await runCli(process.argv.slice(2), io);
if (result.stderr) process.stderr.write(result.stderr);
if (result.stdout) {
  // Exit only once stdout has drained, so a pipe reader gets everything (and EPIPE is not an error).
  process.stdout.on("error", () => {});
  process.stdout.write(result.stdout, () => process.exit(result.exitCode));
} else process.exitCode = result.exitCode;
