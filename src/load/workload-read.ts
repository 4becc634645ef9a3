import { type Diagnostic, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Workload } from "../schema/workload.js";
import { itemNames } from "../schema/workload-rules.js";
import { fastWorkload } from "./workload-fast.js";
import { type Located, parseYaml, positionOf } from "./yaml.js";

/**
 * Reading a workload without loading zod (docs/performance.md): a valid workload is checked by the
 * fast reader (./workload-fast.ts); anything it is not sure of goes to zod
 * (./workload-parse.ts), which finds and places every fault as before. `loadWorkload`
 * (./workload.ts) is the same, synchronous, with zod loaded up front. No file system here (the
 * caller passes `read`), so the library's browser entry can use it too.
 */

/** A workload file's text (`-` for stdin), a missing file with a hint how to start one. */
export function readWorkloadText(path: string, read: (p: string) => string): string {
  try {
    return read(path);
  } catch (e) {
    // A missing workload: say how to start one.
    if (e instanceof InputError && e.diagnostics[0]?.message === "no such file")
      throw new InputError({
        ...e.diagnostics[0],
        hint: "check the path; 'llmcost init FILE' writes a starter workload",
      });
    throw e;
  }
}

/**
 * Read and validate a workload file; zod is loaded only when the fast reader is not sure the
 * workload is valid. The result and every fault are `loadWorkload`'s.
 */
export async function loadWorkloadLazily(
  path: string,
  read: (p: string) => string,
): Promise<{ workload: Workload; src: Located }> {
  const src = parseYaml(path === "-" ? "<stdin>" : path, readWorkloadText(path, read));
  const workload = validWorkload(src) ?? (await import("./workload-parse.js")).zodWorkload(src);
  return { workload, src };
}

/**
 * The workload in `src` when the fast reader is sure it is valid; undefined when zod must decide.
 * Throws the faults found before and after zod's check (an empty file, a list, a budget naming no
 * item), as `parseWorkload` does.
 */
export function validWorkload(src: Located): Workload | undefined {
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
  const w = fastWorkload(src.data);
  if (w) checkBudgetNames(src, w);
  return w;
}

/** Budget names must be item names: a typo would otherwise leave a budget "unknown" forever. */
export function checkBudgetNames(src: Located, w: Workload): void {
  const faults = budgetNameFaults(src, w);
  if (faults.length) throw new InputError(faults);
}

function budgetNameFaults(src: Located, w: Workload): Diagnostic[] {
  const names = itemNames(w);
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
