import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatDiagnostic, InputError } from "../errors.js";
import { loadCatalogDir } from "./catalog.js";
import { packCatalog } from "./catalog-pack.js";

export type CompileResult =
  | { ok: true; providers: number; offerings: number }
  | { ok: false; faults: string[]; message: string };

/**
 * Build step: load and check pricing-data/, then write dist/catalog.json, and the same catalog as the
 * pack the CLI starts from (`outFile` with `.pack` for `.json`; src/load/catalog-pack.ts). A faulty catalog writes
 * nothing and returns every fault as text; the caller (scripts/build.mjs) prints them and stops the
 * build, so a broken catalog never ships. Nothing here prints or exits.
 */
export function compileCatalog(dir: string, outFile: string): CompileResult {
  try {
    const { catalog } = loadCatalogDir(dir, undefined, "pricing-data");
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(catalog));
    writeFileSync(outFile.replace(/\.json$/, ".pack"), packCatalog(catalog));
    let offerings = 0;
    for (const p of catalog.providers) offerings += (p.models?.length ?? 0) + (p.gpus?.length ?? 0);
    return { ok: true, providers: catalog.providers.length, offerings };
  } catch (e) {
    if (e instanceof InputError)
      return {
        ok: false,
        faults: e.diagnostics.map((d) => `error: ${formatDiagnostic(d)}`),
        message: `the catalog in ${dir} has ${e.diagnostics.length} fault(s): build stopped`,
      };
    throw e;
  }
}
