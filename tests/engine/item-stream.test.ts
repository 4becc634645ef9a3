import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EstimateOptions, estimate, estimateItems } from "../../src/engine/estimate.js";
import { parseWorkloadText } from "../../src/load/workload.js";
import type { Item } from "../../src/schema/report.js";
import { Workload } from "../../src/schema/workload.js";
import { embedded } from "../helpers/cli.js";

/**
 * `estimateItems` makes an estimate one item at a time (the CLI writes each as it comes, issue 15);
 * `estimate` collects it. Whatever the workload, the stream's head, items and tail must be the
 * estimate's fields, in the same key order, and its problems the same: packs and free quotas drawn
 * in workload order, warnings, budgets, non-finite costs and problems found on the way.
 */
function streamed(w: Workload, opts: EstimateOptions) {
  const s = estimateItems(w, embedded(), opts);
  const items: Item[] = [];
  for (let it = s.next(); it !== undefined; it = s.next()) items.push(it);
  // After the last item, the stream stays at its end.
  expect(s.next()).toBeUndefined();
  const { tail, problems } = s.finish();
  return { estimate: { ...s.head, items, ...tail }, problems };
}

const examples = ["examples", "examples/billing"].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join(dir, f)),
);

describe("estimateItems: the estimate, an item at a time", () => {
  it("is the estimate, field for field and in key order, for every example, currency and option", () => {
    expect(examples.length).toBeGreaterThan(10);
    for (const file of examples) {
      let w: Workload;
      try {
        w = parseWorkloadText(readFileSync(file, "utf8"), file);
      } catch {
        continue; // an example that needs an overlay catalog (contract-overlay.yaml)
      }
      for (const opts of [
        { asOf: w.as_of ?? "2026-11-01", currency: w.currency },
        { asOf: "2025-06-01", currency: "CNY", explain: true },
        { asOf: "2026-11-01", currency: "EUR", billing: ["pay_as_you_go" as const, "pack" as const] },
      ]) {
        const whole = estimate(w, embedded(), opts);
        const s = streamed(w, opts);
        // JSON text compares key order too (the report is written from it).
        expect(JSON.stringify(s.estimate), file).toBe(JSON.stringify(whole.estimate));
        expect(s.problems, file).toEqual(whole.problems);
      }
    }
  });

  it("draws a shared free quota in workload order, as estimate does", () => {
    const w = parseWorkloadText(readFileSync("examples/billing/qwen-shared-quota.yaml", "utf8"));
    const opts = { asOf: "2026-11-01", currency: "USD" };
    const s = streamed(w, opts);
    expect(JSON.stringify(s.estimate)).toBe(JSON.stringify(estimate(w, embedded(), opts).estimate));
    // The quota is granted once: a later item notes the earlier items that drew on it.
    expect(JSON.stringify(s.estimate.items.slice(1))).toMatch(/free quota|shared/);
  });

  it("gives the problems found on the way, the budget and an overflowing total with finish", () => {
    const item = (name: string, model: string, extra: object = {}) => ({
      name,
      model,
      requests_per_day: 1000,
      input_tokens: 500,
      output_tokens: 100,
      ...extra,
    });
    const cases = [
      // An unknown model after a good item: the good item is made, the problem comes at the end.
      Workload.parse({ llmcost: 1, inference: [item("a", "gpt-4o-mini"), item("b", "gpt-4o-minii")] }),
      // A non-finite cost in the second item.
      Workload.parse({
        llmcost: 1,
        inference: [item("a", "gpt-4o-mini"), item("b", "gpt-4o", { requests_per_day: 1e300, input_tokens: 1e300 })],
      }),
      // A budget on the total and on an item.
      Workload.parse({
        llmcost: 1,
        budget: { total: 10, items: { b: 1 } },
        inference: [item("a", "gpt-4o-mini"), item("b", "gpt-4o")],
      }),
    ];
    for (const w of cases) {
      const opts = { asOf: "2026-11-01", currency: "USD" };
      const whole = estimate(w, embedded(), opts);
      const s = streamed(w, opts);
      expect(JSON.stringify(s.estimate)).toBe(JSON.stringify(whole.estimate));
      expect(s.problems).toEqual(whole.problems);
    }
    expect(streamed(cases[0] as Workload, { asOf: "2026-11-01", currency: "USD" }).problems[0]?.kind).toBe(
      "unknown_model",
    );
    expect(streamed(cases[2] as Workload, { asOf: "2026-11-01", currency: "USD" }).estimate.budget?.lines).toHaveLength(
      2,
    );
  });

  it("makes no item when the options themselves are at fault (an unknown currency)", () => {
    const w = parseWorkloadText(readFileSync("examples/mixed.yaml", "utf8"));
    const s = estimateItems(w, embedded(), { asOf: "2026-11-01", currency: "XXX" });
    expect(s.next()).toBeUndefined();
    const { problems } = s.finish();
    expect(problems.map((p) => p.kind)).toEqual(["unknown_currency"]);
    expect(problems).toEqual(estimate(w, embedded(), { asOf: "2026-11-01", currency: "XXX" }).problems);
  });
});
