import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliResult, Io } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { loadCatalogDir } from "../../src/load/catalog.js";
import type { Catalog } from "../../src/schema/catalog.js";

/** The embedded catalog, loaded from pricing-data/ once per test file. */
let catalog: Catalog | undefined;
export function embedded(): Catalog {
  catalog ??= loadCatalogDir("pricing-data").catalog;
  return catalog;
}

export const TODAY = "2026-11-22";

/** Run the CLI in-process, with a fixed "today", no colour and no env unless given. */
export function cli(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string; catalog?: () => Catalog } = {},
) {
  const io: Io = {
    env: opts.env ?? {},
    today: TODAY,
    isTTY: false,
    columns: 80,
    readStdin: () => opts.stdin ?? "",
    embeddedCatalog: opts.catalog ?? embedded,
  };
  return runCli(args, io);
}

/** Run the built binary (bin/llmcost.js → dist/) as a user would. */
export function bin(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, ["bin/llmcost.js", ...args], {
    input: opts.stdin ?? "",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...(opts.env ?? {}) },
    encoding: "utf8",
    cwd: opts.cwd ?? process.cwd(),
    timeout: 20_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
}

/**
 * Clean values that change with every catalog edit but say nothing about the case under test: the
 * catalog digest. Goldens keep everything else byte for byte.
 */
export function cleanGolden(out: string): string {
  return out.replace(/sha256:[0-9a-f]{64}/g, "sha256:<digest>");
}

/**
 * A fresh temporary folder. It lives under the run's scratch root (made by the global setup and
 * removed by its teardown), so no test leaves folders behind in the system temp directory.
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(process.env.LLMCOST_TEST_TMP ?? tmpdir(), prefix));
}
