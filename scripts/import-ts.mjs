// How the scripts (build, schema, fuzz, bench) run llmcost's TypeScript sources without a loader:
// esbuild bundles them into one ES module, which is then imported.

import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundle `entry` (a file, or `{ contents }`: TypeScript resolved from the project root) into the
 * ES module `outfile`. Bundled CommonJS dependencies get a `require` of their own.
 */
export async function bundleTs(entry, outfile) {
  await build({
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: "ts" } }),
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    nodePaths: [join(root, "node_modules")],
    // Optional native dependency, loaded only by `usage --engine duckdb`: never bundled (as in build.mjs).
    external: ["@duckdb/node-api"],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  });
}

/** Bundle `entry` into `outfile` (see bundleTs) and import it. */
export async function importTs(entry, outfile) {
  await bundleTs(entry, outfile);
  return import(pathToFileURL(outfile).href);
}
