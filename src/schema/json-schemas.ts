import * as z from "zod";
import type { Catalog } from "./catalog.js";
import { CatalogIndex, FxFile, HardwareFile, ModelsFile, OverlayFile, ProviderFile } from "./catalog.js";
import { Diff } from "./diff.js";
import { OptimizeReport } from "./optimize.js";
import { type CatalogRef, catalogRefs, Quantity, Share } from "./primitives.js";
import { QualityFile } from "./quality.js";
import { Estimate } from "./report.js";
import { OverReport, TrendReport } from "./trend.js";
import { UsageRecord, UsageReport } from "./usage.js";
import { Workload } from "./workload.js";

/**
 * JSON Schema generated from the zod schemas (the single source of truth). Input formats describe
 * what users write (`io: "input"`: "15T" and "60%" are allowed, defaults are optional); outputs
 * describe what llmcost prints. Draft-07, which every YAML/JSON editor plugin understands.
 * The same text is committed under schema/ (`npm run schema`) and a test fails when it is stale.
 */

interface SchemaDef {
  schema: z.ZodType;
  io: "input" | "output";
  title: string;
  description: string;
}

export const SCHEMAS: Record<string, SchemaDef> = {
  workload: {
    schema: Workload,
    io: "input",
    title: "llmcost workload (llmcost: 1)",
    description: "A workload to price: inference and training items, the period, the report currency and budgets.",
  },
  output: {
    schema: Estimate,
    io: "output",
    title: "llmcost estimate output (llmcost: 1)",
    description: "What `llmcost estimate|quote|check --format json` prints.",
  },
  diff: {
    schema: Diff,
    io: "output",
    title: "llmcost diff output (llmcost: 1, kind: diff)",
    description: "What `llmcost diff --format json` prints.",
  },
  optimize: {
    schema: OptimizeReport,
    io: "output",
    title: "llmcost optimize output (llmcost: 1, kind: optimize)",
    description:
      "What `llmcost optimize --format json` prints: changes ranked by saving, and the plan (docs/optimize.md).",
  },
  usage: {
    schema: UsageReport,
    io: "output",
    title: "llmcost usage output (llmcost: 1, kind: usage)",
    description: "What `llmcost usage --format json` prints: usage logs priced at each row's date.",
  },
  "usage-record": {
    schema: UsageRecord,
    io: "input",
    title: "llmcost usage row (one JSON object per line)",
    description: "llmcost's own usage-log row; every other usage format is read into it (docs/usage.md).",
  },
  trend: {
    schema: TrendReport,
    io: "output",
    title: "llmcost trend output (llmcost: 1, kind: trend)",
    description: "What `llmcost trend --format json` prints: price series, summaries and forecasts.",
  },
  over: {
    schema: OverReport,
    io: "output",
    title: "llmcost cost-over-time output (llmcost: 1, kind: estimate_over)",
    description:
      "What `llmcost estimate WORKLOAD --over FROM..TO --format json` prints: the workload priced at each date.",
  },
  "catalog-provider": {
    schema: ProviderFile,
    io: "input",
    title: "llmcost catalog provider file (schema: 1)",
    description: "One provider: API models and/or GPU offers, each with a dated, sourced price history.",
  },
  "catalog-hardware": {
    schema: HardwareFile,
    io: "input",
    title: "llmcost catalog hardware.yaml (schema: 1)",
    description: "Accelerator specs.",
  },
  "catalog-models": {
    schema: ModelsFile,
    io: "input",
    title: "llmcost catalog models.yaml (schema: 1)",
    description: "Model architectures for training and self-hosting estimates.",
  },
  "catalog-fx": {
    schema: FxFile,
    io: "input",
    title: "llmcost catalog fx.yaml (schema: 1)",
    description: "Exchange-rate history, units per USD.",
  },
  "catalog-index": {
    schema: CatalogIndex,
    io: "input",
    title: "llmcost catalog.yaml (schema: 1)",
    description: "The catalog's name, CalVer version and the files it is made of.",
  },
  "catalog-quality": {
    schema: QualityFile,
    io: "input",
    title: "llmcost catalog quality.yaml (schema: 1)",
    description: "Dated, sourced leaderboard snapshots and the bands that turn scores into model quality classes.",
  },
  "catalog-overlay": {
    schema: OverlayFile,
    io: "input",
    title: "llmcost catalog overlay (--catalog FILE, schema: 1)",
    description: "Providers, accelerators, architectures and rates to add or override, later files winning.",
  },
};

export const SCHEMA_NAMES = Object.keys(SCHEMAS);
export const CATALOG_PARTS = SCHEMA_NAMES.filter((n) => n.startsWith("catalog-")).map((n) =>
  n.slice("catalog-".length),
);

/**
 * Quantities and shares are a union of number and string that a transform parses: JSON Schema sees
 * only "number or string". Say which strings, so editors flag "15X" or "60 percent" as users type.
 * The patterns are those of parseQuantity and Share in src/schema/primitives.ts.
 */
function writtenForms(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const forms =
    ctx.zodSchema === Quantity
      ? [
          { type: "number", minimum: 0 },
          { type: "string", pattern: "^\\s*[0-9][0-9_,]*(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\\s*[kKMBT]?\\s*$" },
        ]
      : ctx.zodSchema === Share
        ? [
            { type: "number", minimum: 0, maximum: 1 },
            { type: "string", pattern: "^\\s*[0-9]+(?:\\.[0-9]+)?\\s*%\\s*$" },
          ]
        : undefined;
  if (!forms) return;
  delete ctx.jsonSchema.type;
  delete ctx.jsonSchema.anyOf;
  ctx.jsonSchema.anyOf = forms;
}

/** The catalog ids an editor suggests for the fields that name catalog entries. */
export type SchemaIds = Record<CatalogRef, readonly string[]>;

/**
 * The ids of a catalog, per kind of reference, sorted: API offering ids and architecture keys for
 * a model (an inference item may be self-hosted by architecture), architecture keys for a training
 * model, provider ids (API and GPU clouds), accelerator keys. Aliases are left out (they still
 * validate): the lists stay short enough to read in a completion menu.
 */
export function schemaIds(catalog: Catalog): SchemaIds {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const architectures = catalog.models.map((m) => m.id);
  return {
    model: sorted([...catalog.providers.flatMap((p) => (p.models ?? []).map((m) => m.id)), ...architectures]),
    architecture: sorted(architectures),
    provider: sorted(catalog.providers.map((p) => p.provider.id)),
    gpu: sorted(catalog.accelerators.map((a) => a.id)),
  };
}

/** `definitions` key of each list of ids. */
const IDS_DEFINITION: Record<CatalogRef, string> = {
  model: "catalog_model_ids",
  architecture: "catalog_architecture_ids",
  provider: "catalog_provider_ids",
  gpu: "catalog_gpu_ids",
};

/**
 * A field that names a catalog entry becomes "one of the catalog's ids (listed once, in
 * `definitions`), or any other string": editors complete from the list, while an alias or an id of
 * an overlay catalog still validates (the loader, not the schema, says whether a name resolves).
 */
function catalogSuggestions(
  ids: SchemaIds | undefined,
  used: Set<CatalogRef>,
): (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => void {
  return (ctx) => {
    const ref = catalogRefs.get(ctx.zodSchema as z.ZodType)?.ref;
    if (!ids || !ref || ids[ref].length === 0) return;
    used.add(ref);
    const { description, ...written } = ctx.jsonSchema;
    for (const k of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[k];
    if (description !== undefined) ctx.jsonSchema.description = description;
    ctx.jsonSchema.anyOf = [{ $ref: `#/definitions/${IDS_DEFINITION[ref]}` }, written];
  };
}

/**
 * The generated JSON Schema of one format, as committed in schema/<name>.json. `ids` (from
 * `schemaIds(catalog)`, the embedded catalog for the committed files) are suggested where a field
 * names a catalog entry.
 */
export function jsonSchemaText(name: string, ids?: SchemaIds): string {
  const def = SCHEMAS[name];
  if (!def) throw new Error(`unknown schema ${name}`);
  const used = new Set<CatalogRef>();
  const suggest = catalogSuggestions(ids, used);
  const body = z.toJSONSchema(def.schema, {
    io: def.io,
    target: "draft-7",
    unrepresentable: "any",
    override: (ctx) => {
      writtenForms(ctx);
      suggest(ctx);
    },
  }) as Record<string, unknown>;
  if (ids && used.size) {
    const definitions = { ...((body.definitions as Record<string, unknown> | undefined) ?? {}) };
    for (const ref of [...used].sort())
      definitions[IDS_DEFINITION[ref]] = {
        description: `The embedded catalog's ${ref === "gpu" ? "accelerator" : ref} ids (suggestions: other names validate too).`,
        type: "string",
        enum: ids[ref],
      };
    body.definitions = definitions;
  }
  const { $schema, ...rest } = body;
  const out = {
    $schema,
    $comment: "Generated from src/schema by `npm run schema` (scripts/gen-schema.mjs). DO NOT EDIT.",
    title: def.title,
    description: def.description,
    ...rest,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
