import { formatPath, InputError } from "../errors.js";
import { Estimate, OUTPUT_VERSION } from "../schema/report.js";
import type { Workload } from "../schema/workload.js";
import { estimateFaults } from "./invariants.js";
import { parseWorkload } from "./workload.js";
import { describe, type Located, parseYaml, positionOf, zodDiagnostics } from "./yaml.js";

/** The output versions this llmcost reads back (saved `estimate --format json` files). */
export const OUTPUT_VERSIONS = { min: OUTPUT_VERSION, max: OUTPUT_VERSION } as const;

/** One side of a comparison: a workload to price, or a saved JSON estimate. */
export type Side =
  | { kind: "workload"; file: string; src: Located; workload: Workload }
  | { kind: "estimate"; file: string; src: Located; estimate: Estimate };

/**
 * Read a workload or a saved estimate (`read` returns a file's text; "-" is standard input). JSON is YAML, so both go through the YAML parser and keep
 * positions; a mapping with `items` or `catalog` (and no `inference`/`training`) is an estimate.
 */
export function readSide(file: string, read: (file: string) => string): Side {
  const label = file === "-" ? "<stdin>" : file;
  const src = parseYaml(label, read(file));
  const d = src.data;
  const isMap = d !== null && typeof d === "object" && !Array.isArray(d);
  const o = (isMap ? d : {}) as Record<string, unknown>;
  const looksLikeOutput =
    ("items" in o || "catalog" in o || o.kind === "diff") && !("inference" in o || "training" in o);
  if (!looksLikeOutput) return { kind: "workload", file: label, src, workload: parseWorkload(src) };
  if (o.llmcost !== OUTPUT_VERSION)
    throw new InputError({
      file: label,
      ...positionOf(src, ["llmcost"]),
      path: "llmcost",
      message:
        typeof o.llmcost === "number"
          ? `output version ${o.llmcost} is not supported`
          : "not an llmcost JSON output: no output version",
      expected: `llmcost: ${OUTPUT_VERSION} (this llmcost reads output versions ${OUTPUT_VERSIONS.min} to ${OUTPUT_VERSIONS.max})`,
      found: describe(o.llmcost),
      hint: "re-create it with this llmcost (llmcost estimate WORKLOAD --format json --output FILE), or compare the workload files instead",
    });
  if (o.kind === "diff")
    throw new InputError({
      file: label,
      ...positionOf(src, ["kind"]),
      path: "kind",
      message: "this is a diff output, not an estimate",
      expected: "a workload file or a saved `llmcost estimate --format json` output",
      found: 'kind: "diff"',
    });
  const r = Estimate.safeParse(d);
  if (!r.success) throw new InputError(zodDiagnostics(src, r.error, Estimate));
  // The schema says what the fields are; the engine's invariants say whether an estimate could be one.
  const faults = estimateFaults(r.data);
  if (faults.length)
    throw new InputError(
      faults.map((f) => ({
        file: label,
        ...positionOf(src, f.path),
        path: formatPath(f.path),
        message: `not an estimate llmcost could have made: ${f.message}`,
        expected:
          "finite, non-negative figures; each component's cost its quantity × unit price; each option's cost the sum of its components; the total the sum of the items; budget lines that match them",
        found: f.found,
        hint: "re-create it with llmcost estimate WORKLOAD --format json -o FILE; a saved estimate is not edited by hand",
      })),
    );
  return { kind: "estimate", file: label, src, estimate: r.data };
}

export function sideCurrency(side: Side): string {
  return side.kind === "estimate" ? side.estimate.currency : side.workload.currency;
}

export function sidePeriod(side: Side): string {
  return side.kind === "estimate" ? side.estimate.period : side.workload.period;
}
