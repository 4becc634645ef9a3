// Generate schema/*.json from the zod schemas (src/schema), the single source of truth.
//   npm run schema            write the files
//   npm run schema -- --check exit 1 when a committed file is stale (tests/cli/schema.test.ts does the same)
// The generator module is bundled with esbuild to a temporary file and imported (import-ts.mjs).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importTs } from "./import-ts.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "llmcost-schema-"));
const bundle = join(tmp, "schema.mjs");
// The workload schema suggests the embedded catalog's ids (pricing-data/), so the catalog is loaded too.
const { SCHEMA_NAMES, jsonSchemaText, schemaIds, loadCatalogDir } = await importTs(
  {
    contents:
      'export { SCHEMA_NAMES, jsonSchemaText, schemaIds } from "./src/schema/json-schemas.ts";\n' +
      'export { loadCatalogDir } from "./src/load/catalog.ts";\n',
  },
  bundle,
);
const ids = schemaIds(loadCatalogDir(join(root, "pricing-data")).catalog);
rmSync(tmp, { recursive: true, force: true });

const check = process.argv.includes("--check");
const outDir = join(root, "schema");
mkdirSync(outDir, { recursive: true });
const stale = [];
for (const name of SCHEMA_NAMES) {
  const file = join(outDir, `${name}.json`);
  const text = jsonSchemaText(name, ids);
  const old = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (old === text) continue;
  stale.push(`schema/${name}.json`);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length) {
  console.error(`stale JSON Schema: ${stale.join(", ")}\nrun: npm run schema`);
  process.exit(1);
}
console.error(check ? "schema/: up to date" : stale.length ? `wrote ${stale.join(", ")}` : "schema/: up to date");
