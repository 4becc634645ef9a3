// Build: bundle the CLI into one ESM file (fast start-up: one file to load, no module resolution),
// then compile and validate the embedded catalog into dist/catalog.json. A bad catalog fails the build.

import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { importTs } from "./import-ts.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const finalDist = join(root, "dist");
// Build into a fresh folder and swap it in at the end, so a failed or concurrent build never leaves
// a half-written dist/ behind.
const dist = join(root, `.dist-${process.pid}`);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/**
 * Two dependencies load Node modules at import time that llmcost never uses; on a cold start each
 * costs a compile of Node's own code (docs/performance.md):
 * - commander requires node:child_process (and with it dgram, sockets, spawn bindings) for
 *   executable subcommands, which llmcost has none of: it gets a stand-in that loads the real
 *   module on first use;
 * - chalk detects the terminal's colours at import (node:os, node:tty), but llmcost always gives
 *   chalk its own colour level (src/report: TTY, NO_COLOR, FORCE_COLOR): the detection is left out.
 *
 * And one is evaluated at start but rarely used: the `yaml` library (a third of the bundle's own
 * start-up work). Workloads are read by the fast reader (src/load/yaml-fast.ts); the library reads
 * what that one leaves, and places faults. llmcost's modules get a stand-in whose exports load the
 * library on first use (esbuild reads an import of a CommonJS module through such getters anyway).
 */
const yamlExports = Object.keys(createRequire(import.meta.url)("yaml"));
const leanStartup = {
  name: "lean-startup",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: "child-process", namespace: "lean" }
        : undefined,
    );
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: "supports-color", namespace: "lean" }));
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.namespace === "lean" ? undefined : { path: "yaml", namespace: "lean" },
    );
    b.onLoad({ filter: /^yaml$/, namespace: "lean" }, () => ({
      contents: `let lib;
for (const name of ${JSON.stringify(yamlExports)})
  Object.defineProperty(exports, name, { enumerable: true, get: () => (lib ??= require("yaml"))[name] });`,
      loader: "js",
      resolveDir: root,
    }));
    b.onLoad({ filter: /^child-process$/, namespace: "lean" }, () => ({
      contents: `module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };`,
      loader: "js",
    }));
    b.onLoad({ filter: /^supports-color$/, namespace: "lean" }, () => ({
      contents: `export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };`,
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  outfile: join(dist, "llmcost.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [leanStartup],
  // DuckDB is an optional dependency, loaded only by `usage --engine duckdb` and `catalog export --format parquet`.
  external: ["@duckdb/node-api"],
  // The bundle is one function expression, ready for bin/llmcost.js to compile as it is: wrapping
  // it there would copy the whole source once more on every start.
  banner: { js: "(function (exports, require, module, __filename, __dirname) {" },
  footer: { js: "\n})" },
});

// Catalog compiler, bundled to a temporary file and run.
const compiler = join(dist, ".compile.mjs");
const { compileCatalog } = await importTs(join(root, "src/load/compile.ts"), compiler);
const stats = compileCatalog(join(root, "pricing-data"), join(dist, "catalog.json"));
rmSync(compiler);
if (!stats.ok) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`${stats.faults.join("\n")}\n${stats.message}`);
  process.exit(1);
}

// The library (docs/library.md): `llmcost` for Node (dependencies left to npm), `llmcost/core`
// for browsers and edge workers: everything bundled, the compiled catalog inlined as data, and built
// for the browser platform, so any file-system import fails the build.
const catalogJson = join(dist, "catalog.json");
const embeddedCatalog = {
  name: "embedded-catalog",
  setup(b) {
    b.onResolve({ filter: /^llmcost:embedded-catalog$/ }, () => ({ path: catalogJson }));
  },
};
await build({
  entryPoints: [join(root, "src/lib/index.ts")],
  outfile: join(dist, "lib/index.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
await build({
  entryPoints: [join(root, "src/lib/core.ts")],
  outfile: join(dist, "lib/core.js"),
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [embeddedCatalog],
});
// Type declarations of the public surface (and what it refers to), from the same sources.
const tsc = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    join(root, "tsconfig.lib.json"),
    "--outDir",
    join(dist, "types"),
  ],
  {
    stdio: ["ignore", "inherit", "inherit"],
  },
);
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error("llmcost: type declarations failed");
  process.exit(1);
}

// V8 code cache: run one representative estimate through the shim and keep what V8 compiled.
const warm = spawnSync(
  process.execPath,
  [join(root, "bin/llmcost.js"), "estimate", join(root, "examples/support-assistant.yaml"), "--format", "json"],
  { env: { ...process.env, LLMCOST_WRITE_CODE_CACHE: "1", LLMCOST_DIST: dist }, stdio: ["ignore", "ignore", "pipe"] },
);
if (warm.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`llmcost: the built CLI failed its warm-up run:\n${warm.stderr}`);
  process.exit(1);
}
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(finalDist, old);
} catch {}
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });
if (!process.env.LLMCOST_BUILD_QUIET)
  console.error(`llmcost: built dist/llmcost.cjs; catalog: ${stats.providers} providers, ${stats.offerings} offerings`);
