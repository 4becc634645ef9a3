import { mkdirSync, writeFileSync } from "node:fs";
import { formatDiagnostic, InputError } from "../errors.js";
import { loadCatalogDir } from "./catalog.js";

/**
 * Build step: load and check pricing-data/, then write dist/catalog.json. A faulty catalog fails
 * the build with every fault listed, so a broken catalog never ships.
 */
export function compileCatalog(dir: string, outFile: string): { providers: number; offerings: number } {
  try {
    const { catalog } = loadCatalogDir(dir, undefined, "pricing-data");
    mkdirSync(new URL(".", `file://${outFile}`).pathname, { recursive: true });
    writeFileSync(outFile, JSON.stringify(catalog));
    let offerings = 0;
    for (const p of catalog.providers) offerings += (p.models?.length ?? 0) + (p.gpus?.length ?? 0);
    return { providers: catalog.providers.length, offerings };
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${e.diagnostics.map((d) => `error: ${formatDiagnostic(d)}`).join("\n")}\n`);
      process.stderr.write(`the catalog in ${dir} has ${e.diagnostics.length} fault(s): build stopped\n`);
      process.exit(1);
    }
    throw e;
  }
}
