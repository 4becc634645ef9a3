import { type Diagnostic, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import { Workload } from "../schema/workload.js";
import { readTextFile } from "./files.js";
import { type Located, parseYaml, positionOf, zodDiagnostics } from "./yaml.js";

/** Read and validate a workload file (`-` for stdin). Every fault is reported with its place. */
export function loadWorkload(
  path: string,
  read: (p: string) => string = readTextFile,
): { workload: Workload; src: Located } {
  const label = path === "-" ? "<stdin>" : path;
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    // A missing workload: say how to start one.
    if (e instanceof InputError && e.diagnostics[0]?.message === "no such file")
      throw new InputError({
        ...e.diagnostics[0],
        hint: "check the path; 'llmcost init FILE' writes a starter workload",
      });
    throw e;
  }
  const src = parseYaml(label, text);
  return { workload: parseWorkload(src), src };
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
