import { optimize as optimizeEngine } from "../engine/optimize.js";
import { applyPatches } from "../engine/optimize-price.js";
import type { EstimateOptions } from "../engine/types.js";
import type { Catalog } from "../schema/catalog.js";
import type { OptimizeReport, Patch } from "../schema/optimize.js";
import type { Workload } from "../schema/workload.js";

/** `llmcost optimize` (docs/library.md, docs/optimize.md): the CLI calls the same engine. */

/** The changes that cut the workload's cost, ranked, and the plan; `problems` as `estimate` gives them. */
export function optimize(w: Workload, catalog: Catalog, opts: EstimateOptions) {
  return optimizeEngine(w, catalog, opts);
}

/**
 * The workload with suggestions applied (`report.suggestions[i].patch`, or `report.plan.patches`):
 * `estimate` of it gives the suggestion's `total_after`. The CLI's `--apply` writes the same changes
 * into the YAML file instead, keeping its comments.
 */
export function applySuggestions(w: Workload, patches: readonly Patch[]): Workload {
  return applyPatches(w, patches);
}

export type { OptimizeReport, Patch };
