import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import * as lib from "../../src/lib/index.js";
import { embedded } from "../helpers/cli.js";

/**
 * The library's query functions called from JavaScript with the wrong kind of argument (docs/library.md:
 * "InputError — thrown for bad input") throw an InputError naming the function and the argument, not a
 * TypeError from deep inside (before: `estimateOver(w, catalog)` → "Cannot read properties of undefined
 * (reading 'step')", `usagePricer(catalog)` → "(reading 'reprice')", `trendReport(catalog)` →
 * "(reading 'metric')", a step of 3 → "s.charCodeAt is not a function").
 */

const catalog = embedded();
const w = lib.workload({ llmcost: 1, inference: [{ name: "a", model: "gpt-4o", requests: 10, input_tokens: 100 }] });
const range = { from: "2024-01-01", to: "2025-01-01" };
// biome-ignore lint/suspicious/noExplicitAny: calls as JavaScript makes them, past the types
const js = lib as any;

function fault(f: () => unknown): { file: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).diagnostics[0] as { file: string; message: string };
  }
  throw new Error("no fault");
}

describe("library arguments of the wrong kind: an InputError that names them", () => {
  it.each([
    ["estimateOver(workload)", () => js.estimateOver(null, catalog, range)],
    ["estimateOver(workload)", () => js.estimateOver({ llmcost: 1 }, catalog, range)],
    ["estimateOver(catalog)", () => js.estimateOver(w, undefined, range)],
    ["estimateOver(opts)", () => js.estimateOver(w, catalog)],
    ["estimateOver(opts.providers)", () => js.estimateOver(w, catalog, { ...range, providers: "openai" })],
    ["step", () => js.estimateOver(w, catalog, { ...range, step: 3 })],
    ["trendReport(catalog)", () => js.trendReport("catalog", { models: ["gpt-4o"], until: "2025-01-01" })],
    ["trendReport(query)", () => js.trendReport(catalog)],
    ["trendReport(query.models)", () => js.trendReport(catalog, { models: "gpt-4o", until: "2025-01-01" })],
    ["usagePricer(catalog)", () => js.usagePricer(null, { currency: "USD" })],
    ["usagePricer(opts)", () => js.usagePricer(catalog)],
    ["usagePricer(opts.by)", () => js.usagePricer(catalog, { currency: "USD", by: "model" })],
  ])("%s", (file, call) => {
    expect(fault(call).file).toBe(file);
  });

  it("right arguments still work", () => {
    expect(lib.estimateOver(w, catalog, range).report.points.length).toBe(5); // 2024-01-01 … 2025-01-01 by quarter
    expect(lib.usagePricer(catalog, { currency: "USD" }).finish().rows_priced).toBe(0);
  });
});
