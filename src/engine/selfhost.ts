import type { Catalog } from "../schema/catalog.js";
import type { Option } from "../schema/report.js";
import type { InferenceItem, Workload } from "../schema/workload.js";
import type { EstimateOptions, Problem } from "./estimate.js";
import type { ApiTraffic } from "./inference.js";

/**
 * Self-hosted inference on rented GPUs (issue: training and self-hosting). Not implemented in this
 * version: the item says so in its notes and gets no self-host option — never a $0 option.
 */
export function priceSelfHost(
  _it: InferenceItem,
  _traffic: ApiTraffic,
  _w: Workload,
  _catalog: Catalog,
  _opts: EstimateOptions,
  _path: Array<string | number>,
  _problems: Problem[],
  notes: string[],
): Option[] {
  notes.push("self_host: self-hosted inference is not priced yet by this version of llmcost");
  return [];
}
