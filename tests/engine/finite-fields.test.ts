import { describe, expect, it } from "vitest";
import { nonFiniteProblems } from "../../src/engine/finite.js";
import { type Item, Option } from "../../src/schema/report.js";
import { Workload } from "../../src/schema/workload.js";

const workload = Workload.parse({
  llmcost: 1,
  inference: [{ name: "chat", model: "m", requests: 1, input_tokens: 1 }],
});

function item(optionPatch: Record<string, unknown>): Item {
  const option = {
    provider: "p",
    offering: "m",
    via: "api",
    billing: "pay_as_you_go",
    cost: 1,
    currency: "USD",
    list_currency: "USD",
    price_from: "2025-01-01",
    source: "s",
    components: [{ name: "input", quantity: 1, unit: "tokens", unit_price: 1, price_unit: "per_1m_tokens", cost: 1 }],
    notes: [],
    ...optionPatch,
  } as Item["options"][number];
  return {
    name: "chat",
    kind: "inference",
    model: "m",
    status: "priced",
    selected: { provider: "p", offering: "m", via: "api" },
    cost: 1,
    options: [option],
    notes: [],
  };
}

describe("finite guard", () => {
  const numeric = Object.entries(Option.shape)
    .filter(([, s]) => {
      const def = (s as { _zod: { def: { type: string; innerType?: { _zod: { def: { type: string } } } } } })._zod.def;
      return def.type === "number" || (def.type === "optional" && def.innerType?._zod.def.type === "number");
    })
    .map(([k]) => k);

  it("passes an item whose numbers are all finite", () => {
    expect(nonFiniteProblems(workload, [item({})], 1)).toEqual([]);
  });

  // Self-host and training options can carry every numeric field; API options only cost and fx_rate.
  it.each(numeric)("catches a non-finite %s on an option", (field) => {
    const problems = nonFiniteProblems(workload, [item({ via: "self_host", [field]: Number.POSITIVE_INFINITY })], 1);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/the cost of "chat" cannot be computed/);
  });

  it.each(["cost", "fx_rate"])("catches a non-finite %s on an API option", (field) => {
    expect(nonFiniteProblems(workload, [item({ [field]: Number.NaN })], 1)).toHaveLength(1);
  });

  it("catches a NaN component of a self-hosted option", () => {
    const it = item({ via: "self_host" });
    it.options[0]!.components[0]!.cost = Number.NaN;
    expect(nonFiniteProblems(workload, [it], 1)).toHaveLength(1);
  });

  // An API option's components are not scanned: the engine cannot make one non-finite while the
  // option's cost and the item's quantities stay finite (finite.ts says why; the property test in
  // tests/property/numbers.test.ts checks it on the engine's real output).
  it("leaves the components of an API option to its cost", () => {
    const it = item({});
    it.options[0]!.components[0]!.cost = Number.NaN;
    expect(nonFiniteProblems(workload, [it], 1)).toEqual([]);
    it.options[0]!.cost = Number.NaN;
    expect(nonFiniteProblems(workload, [it], 1)).toHaveLength(1);
  });
});
