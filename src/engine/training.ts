import type { Catalog } from "../schema/catalog.js";
import type { Option } from "../schema/report.js";
import type { TrainingItem } from "../schema/workload.js";
import type { EstimateOptions, Problem } from "./estimate.js";

/**
 * Training on rented GPUs (issue: training and self-hosting). Not implemented in this version: the
 * item is reported as not priced yet — never as $0.
 */
export function priceTraining(
  _it: TrainingItem,
  _catalog: Catalog,
  _opts: EstimateOptions,
  _path: Array<string | number>,
  _problems: Problem[],
  notes: string[],
): Option[] {
  notes.push("training items are not priced yet by this version of llmcost");
  return [];
}
