import { estimate, estimateItems } from "../engine/estimate.js";
import { InputError } from "../errors.js";
import { parseWorkloadText } from "../load/workload-parse.js";
import { Workload } from "../schema/workload.js";

/**
 * Workloads and their estimate (docs/library.md): `llmcost estimate` and `check` call these, as a
 * library caller does. No file system here (src/lib/index.ts reads files for Node callers).
 */

export { estimate, estimateItems };

/**
 * A workload from an object (as written in YAML: `"20k"`, `"60%"` allowed) or from YAML/JSON text.
 * Throws `InputError` whose `diagnostics` name each fault (with line and column for text).
 */
export function workload(input: string | Record<string, unknown>, label = "workload.yaml"): Workload {
  if (typeof input === "string") return parseWorkloadText(input, label);
  const r = Workload.safeParse({ llmcost: 1, ...input });
  if (r.success) return r.data;
  throw new InputError(r.error.issues.map((i) => ({ file: label, path: i.path.join("."), message: i.message })));
}
