// Build: bundle the CLI in parts (dist/llmcost.cjs and dist/llmcost.N.cjs, each with a V8 code cache:
// fast start-up, no module resolution, a command compiles only its own code), then compile and
// validate the embedded catalog into dist/catalog.json. A bad catalog fails the build.

import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";
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

await buildCli();

/**
 * The CLI in parts, so that a command compiles only its own code (docs/performance.md). esbuild
 * splits the program at its dynamic imports (each command's module, each renderer) into ES module
 * chunks; each chunk is turned into a CommonJS function, and the functions are grouped into a few
 * files, each compiled by bin/llmcost.js with its own V8 code cache when first needed:
 * - dist/llmcost.cjs: what every start runs (the program, commander, zod, the command specs) and
 *   what `estimate --format json` adds to it, the cold start the bench measures;
 * - dist/llmcost.N.cjs: for each other dynamically imported module in turn, what it needs that no
 *   earlier file holds.
 * A file is `({ "": manifest, "./chunk.cjs": function (exports, require, module, __filename,
 * __dirname) { … }, … })`; the manifest (in llmcost.cjs) says which file holds each chunk.
 */
async function buildCli() {
  const out = join(dist, "cli-chunks");
  const result = await build({
    entryPoints: [join(root, "src/cli/main.ts")],
    outdir: out,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    plugins: [leanStartup],
    // DuckDB is an optional dependency, loaded only by `usage --engine duckdb` and `catalog export --format parquet`.
    external: ["@duckdb/node-api"],
    outExtension: { ".js": ".cjs" },
    chunkNames: "[name]-[hash]",
    entryNames: "[name]",
    metafile: true,
    write: false,
  });
  const id = (path) => `./${basename(path)}`;
  const code = new Map(result.outputFiles.map((f) => [id(f.path), f.text]));
  const meta = new Map(Object.entries(result.metafile.outputs).map(([path, o]) => [id(path), o]));
  const staticImports = (chunk) =>
    meta
      .get(chunk)
      .imports.filter((i) => i.kind === "import-statement" && !i.external)
      .map((i) => id(i.path));
  const closure = (chunk, into = new Set()) => {
    if (!into.has(chunk)) {
      into.add(chunk);
      for (const c of staticImports(chunk)) closure(c, into);
    }
    return into;
  };
  const entryOf = (suffix) => {
    const found = [...meta].find(([, o]) => o.entryPoint?.endsWith(suffix));
    if (!found) throw new Error(`build: no chunk for ${suffix}`);
    return found[0];
  };
  // Group files: the start and the bench's estimate first, then each other dynamic entry with what
  // earlier files do not hold: the commonly run commands first (the others in `npm run bench --
  // --startup`), so that the code they share lands in their files, not in a rarely run one's.
  const where = {};
  const files = [];
  const addFile = (name, roots) => {
    const chunks = [];
    for (const r of roots)
      for (const c of closure(r))
        if (!(c in where)) {
          where[c] = name;
          chunks.push(c);
        }
    if (chunks.length) files.push({ name, chunks });
  };
  addFile("llmcost.cjs", [
    entryOf("src/cli/main.ts"),
    entryOf("src/cli/commands/estimate.ts"),
    entryOf("src/report/json.ts"),
  ]);
  const first = [
    "src/report/table.ts",
    "src/cli/commands/check.ts",
    "src/cli/commands/diff.ts",
    "src/cli/commands/quote.ts",
    "src/cli/commands/trend.ts",
    "src/cli/commands/cost-over-time.ts",
    "src/cli/commands/optimize.ts",
    "src/cli/commands/catalog.ts",
    "src/cli/commands/catalog-stats.ts",
    "src/cli/commands/catalog-validate.ts",
    "src/cli/commands/schema.ts",
  ].map(entryOf);
  const entries = [...first, ...[...meta].filter(([c, o]) => o.entryPoint && !first.includes(c)).map(([c]) => c)];
  let n = 0;
  for (const chunk of entries) if (!(chunk in where)) addFile(`llmcost.${++n}.cjs`, [chunk]);
  for (const chunk of meta.keys()) if (!(chunk in where)) throw new Error(`build: ${chunk} is in no file`);
  for (const { name, chunks } of files) {
    const parts = name === "llmcost.cjs" ? [`"":${JSON.stringify(where)}`] : [];
    for (const c of chunks) {
      const cjs = await transform(code.get(c), {
        format: "cjs",
        platform: "node",
        target: "node20",
        minify: true,
        // import("./x.cjs") becomes a require through the loader in bin/llmcost.js.
        supported: { "dynamic-import": false },
      });
      parts.push(
        `${JSON.stringify(c)}:function(exports,require,module,__filename,__dirname){"use strict";${cjs.code}}`,
      );
    }
    writeFileSync(join(dist, name), `({${parts.join(",\n")}})\n`);
  }
}

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

// V8 code caches: run commands through the shim and keep what V8 compiled, per file. Each file's
// cache comes from the first run that loads it, so the estimate the bench times goes first; the
// others are the commands `npm run bench -- --startup` times, and help.
const warmups = [
  ["estimate", "examples/support-assistant.yaml", "--format", "json"],
  ["estimate", "examples/mixed.yaml"],
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
  ["check", "examples/support-assistant.yaml", "--format", "json"],
  ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml", "--format", "markdown"],
  ["schema", "workload"],
  ["trend", "--provider", "openai", "--forecast", "12m", "--format", "json"],
  ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--step", "month", "--format", "json"],
  ["optimize", "examples/support-assistant.yaml"],
  ["catalog", "stats"],
  ["catalog", "show", "gpt-4o"],
  ["catalog", "validate"],
  ["--help"],
];
for (const args of warmups) {
  const warm = spawnSync(process.execPath, [join(root, "bin/llmcost.js"), ...args], {
    cwd: root,
    env: { ...process.env, LLMCOST_WRITE_CODE_CACHE: "1", LLMCOST_DIST: dist },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // check exits 1 when over budget; anything else is a broken build.
  if (warm.status !== 0 && warm.status !== 1) {
    rmSync(dist, { recursive: true, force: true });
    console.error(`llmcost: the built CLI failed its warm-up run (llmcost ${args.join(" ")}):\n${warm.stderr}`);
    process.exit(1);
  }
}
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(finalDist, old);
} catch {}
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });
if (!process.env.LLMCOST_BUILD_QUIET)
  console.error(`llmcost: built dist/llmcost.cjs; catalog: ${stats.providers} providers, ${stats.offerings} offerings`);
