import { InputError } from "../errors.js";
import { Workload } from "../schema/workload.js";
import { checkBudgetNames, validWorkload } from "./workload-read.js";
import { type Located, parseYaml, zodDiagnostics } from "./yaml.js";

/**
 * Validating a workload, apart from reading it (src/load/workload.ts reads files): no file system
 * here, so the library's browser entry can parse workload text too.
 */

/** A workload from YAML or JSON text: every fault reported with its place in `label`. */
export function parseWorkloadText(text: string, label = "workload.yaml"): Workload {
  return parseWorkload(parseYaml(label, text));
}

/**
 * A valid workload as zod's parse makes it. The fast reader (src/load/workload-fast.ts) answers
 * for the workloads it is sure of; zod checks the rest and reports every fault with its place.
 */
export function parseWorkload(src: Located): Workload {
  return validWorkload(src) ?? zodWorkload(src);
}

/** The workload by zod's parse alone, for one `validWorkload` was not sure of: every fault placed. */
export function zodWorkload(src: Located): Workload {
  const r = Workload.safeParse(src.data);
  if (!r.success) throw new InputError(zodDiagnostics(src, r.error, Workload));
  checkBudgetNames(src, r.data);
  return r.data;
}
