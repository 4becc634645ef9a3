import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readAllFd } from "../load/files.js";
import type { Catalog } from "../schema/catalog.js";
import type { Io } from "./io.js";
import { runCli } from "./run.js";

/**
 * The only file that touches `process`: argv, env, clock, TTY, stdin and the exit code.
 * `main(distDir)` is called by bin/llmcost.js with the folder of the bundle: the embedded catalog
 * is dist/catalog.json, compiled and validated at build time. (Tests that run the CLI in-process
 * pass their own `embeddedCatalog`, loaded from pricing-data/.)
 */
export async function main(distDir: string): Promise<void> {
  let cached: Catalog | undefined;
  const embeddedCatalog = (): Catalog => {
    if (cached) return cached;
    cached = JSON.parse(readFileSync(join(distDir, "catalog.json"), "utf8")) as Catalog;
    return cached;
  };
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
    // Exit once stdout has drained, so a pipe reader gets everything (and EPIPE is not an error).
    process.stdout.on("error", () => process.exit(result.exitCode));
    process.stdout.write(result.stdout, () => process.exit(result.exitCode));
  } else process.exitCode = result.exitCode;
}
