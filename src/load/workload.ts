import { InputError } from "../errors.js";
import type { Workload } from "../schema/workload.js";
import { readTextFile } from "./files.js";
import { parseWorkload } from "./workload-parse.js";
import { type Located, parseYaml } from "./yaml.js";

export { parseWorkload, parseWorkloadText } from "./workload-parse.js";

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
