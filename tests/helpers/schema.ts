import { expect } from "vitest";
import { Diff } from "../../src/schema/diff.js";
import { Estimate } from "../../src/schema/report.js";

/**
 * The JSON output contract, checked with the zod schemas the JSON Schema in schema/ is generated
 * from. `parse` strips keys the schema does not know, so comparing the parsed value with the input
 * also fails on a field that was added to the output but not to the schema.
 */
function expectValid(schema: typeof Estimate | typeof Diff, json: string | unknown): unknown {
  const data = typeof json === "string" ? JSON.parse(json) : json;
  const r = schema.safeParse(data);
  if (!r.success)
    throw new Error(`output does not match the schema:\n${JSON.stringify(r.error.issues, null, 2).slice(0, 2000)}`);
  expect(r.data, "a field missing from the output schema (src/schema)").toEqual(data);
  return data;
}

/** Assert `json` (text or parsed) is a valid `llmcost estimate|quote|check --format json` output. */
export function expectValidOutput(json: string | unknown): Estimate {
  return expectValid(Estimate, json) as Estimate;
}

/** Assert `json` is a valid `llmcost diff --format json` output. */
export function expectValidDiff(json: string | unknown): Diff {
  return expectValid(Diff, json) as Diff;
}
