// Build: bundle the CLI into one ESM file (fast start-up: one file to load, no module resolution),
// then compile and validate the embedded catalog into dist/catalog.json. A bad catalog fails the build.

import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const finalDist = join(root, "dist");
// Build into a fresh folder and swap it in at the end, so a failed or concurrent build never leaves
// a half-written dist/ behind.
const dist = join(root, `.dist-${process.pid}`);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

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
});

// Catalog compiler, bundled to a temporary file and run.
const compiler = join(dist, ".compile.mjs");
await build({
  entryPoints: [join(root, "src/load/compile.ts")],
  outfile: compiler,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});
const { compileCatalog } = await import(compiler);
const stats = compileCatalog(join(root, "pricing-data"), join(dist, "catalog.json"));
rmSync(compiler);

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
