import { InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import type { Catalog } from "../../schema/catalog.js";
import { CATALOG_PARTS, jsonSchemaText, schemaIds } from "../../schema/json-schemas.js";
import type { CommandOutput } from "../io.js";

export { CATALOG_PARTS, jsonSchemaText, SCHEMA_NAMES, SCHEMAS } from "../../schema/json-schemas.js";

/**
 * `llmcost schema workload|catalog [part]|output|diff|trend|over`. The workload schema suggests the
 * ids of `catalog` (the embedded one: then it is schema/workload.json byte for byte).
 */
export function runSchema(kind: string, part: string | undefined, catalog: Catalog): CommandOutput {
  const kinds = ["workload", "catalog", "output", "diff", "optimize", "usage", "usage-record", "trend", "over"];
  if (!kinds.includes(kind))
    throw new InputError({
      file: "KIND",
      message: `unknown schema ${quoted(kind)}`,
      expected: `one of ${kinds.join(", ")}`,
      found: kind,
      hint: didYouMean(kind, kinds),
    });
  if (kind !== "catalog" && part !== undefined)
    throw new InputError({ file: "PART", message: `only 'catalog' takes a part`, found: part });
  const p = part ?? "provider";
  if (kind === "catalog" && !CATALOG_PARTS.includes(p))
    throw new InputError({
      file: "PART",
      message: `unknown catalog part ${quoted(p)}`,
      expected: `one of ${CATALOG_PARTS.join(", ")}`,
      found: p,
      hint: didYouMean(p, CATALOG_PARTS),
    });
  return { stdout: jsonSchemaText(kind === "catalog" ? `catalog-${p}` : kind, schemaIds(catalog)) };
}
