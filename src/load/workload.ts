import type { Workload } from "../schema/workload.js";
import { readTextFile } from "./files.js";
import { parseWorkload } from "./workload-parse.js";
import { readWorkloadText } from "./workload-read.js";
import { type Located, parseYaml } from "./yaml.js";

export { parseWorkload, parseWorkloadText } from "./workload-parse.js";

/**
 * Read and validate a workload file (`-` for stdin). Every fault is reported with its place.
 * (`loadWorkloadLazily` in ./workload-read.ts is the same without loading zod for a valid workload.)
 */
export function loadWorkload(
  path: string,
  read: (p: string) => string = readTextFile,
): { workload: Workload; src: Located } {
  const src = parseYaml(path === "-" ? "<stdin>" : path, readWorkloadText(path, read));
  return { workload: parseWorkload(src), src };
}
