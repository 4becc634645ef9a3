import { type Diagnostic, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import { Workload } from "../schema/workload.js";
import { type Located, parseYaml, positionOf, zodDiagnostics } from "./yaml.js";

/**
 * Validating a workload, apart from reading it (src/load/workload.ts reads files): no file system
 * here, so the library's browser entry can parse workload text too.
 */

/** A workload from YAML or JSON text: every fault reported with its place in `label`. */
export function parseWorkloadText(text: string, label = "workload.yaml"): Workload {
  return parseWorkload(parseYaml(label, text));
}

export function parseWorkload(src: Located): Workload {
  if (src.data === null || src.data === undefined)
    throw new InputError({
      file: src.file,
      line: 1,
      col: 1,
      message: "the workload is empty",
      expected: "a mapping starting with `llmcost: 1`",
      hint: "run 'llmcost init' for a starter workload",
    });
  if (typeof src.data !== "object" || Array.isArray(src.data))
    throw new InputError({
      file: src.file,
      line: 1,
      col: 1,
      message: "not a workload",
      expected: "a mapping starting with `llmcost: 1`",
      found: Array.isArray(src.data) ? "a list" : `the value ${JSON.stringify(src.data)}`,
    });
  const r = Workload.safeParse(src.data);
  if (!r.success) throw new InputError(zodDiagnostics(src, r.error, Workload));
  const faults = budgetNameFaults(src, r.data);
  if (faults.length) throw new InputError(faults);
  return r.data;
}

/** Budget names must be item names: a typo would otherwise leave a budget "unknown" forever. */
function budgetNameFaults(src: Located, w: Workload): Diagnostic[] {
  const names = [...w.inference, ...w.training].map((i) => i.name);
  return Object.keys(w.budget?.items ?? {})
    .filter((name) => !names.includes(name))
    .map((name) => ({
      file: src.file,
      ...positionOf(src, ["budget", "items"], name),
      path: `budget.items.${name}`,
      message: `no item named ${quoted(name)}`,
      expected: `one of ${names.join(", ")}`,
      found: name,
      hint: didYouMean(name, names),
    }));
}
