import { InputError } from "../errors.js";
import { parseWorkloadText } from "../load/workload-parse.js";
import { Workload } from "../schema/workload.js";

/**
 * A workload from an object (as written in YAML: `"20k"`, `"60%"` allowed) or from YAML/JSON text
 * (docs/library.md). Throws `InputError` whose `diagnostics` name each fault (with line and column
 * for text). Apart from src/lib/estimate.ts, so that pricing does not load the workload's zod
 * schema: the CLI reads a valid workload without zod (src/load/workload-read.ts). An object a
 * caller built is checked by zod itself: the fast reader is for what a YAML or JSON parser makes.
 */
export function workload(input: string | Record<string, unknown>, label = "workload.yaml"): Workload {
  if (typeof input === "string") return parseWorkloadText(input, label);
  const r = Workload.safeParse({ llmcost: 1, ...input });
  if (r.success) return r.data;
  throw new InputError(r.error.issues.map((i) => ({ file: label, path: i.path.join("."), message: i.message })));
}
