import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseWorkload } from "../../src/load/workload.js";
import { parseYaml } from "../../src/load/yaml.js";

function faults(text: string) {
  try {
    parseWorkload(parseYaml("w.yaml", text));
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  return [];
}

const head = "llmcost: 1\ninference:\n  - name: chat\n    model: gpt-4o-mini\n    requests_per_day: 100\n";

describe("workload loading", () => {
  it("accepts suffixes and percentages", () => {
    const w = parseWorkload(
      parseYaml(
        "w.yaml",
        `${head}    input_tokens: 1.2k\n    output_tokens: "250"\n    cached_input: "60%"\ntraining:\n  - {name: t, model: x, tokens: 15T, gpu: h100-sxm, gpus: 8}\n`,
      ),
    );
    expect(w.inference[0]!.input_tokens).toBe(1200);
    expect(w.inference[0]!.output_tokens).toBe(250);
    expect(w.inference[0]!.cached_input).toBe(0.6);
    expect(w.training[0]!.tokens).toBe(15e12);
    expect(w.period).toBe("month");
    expect(w.currency).toBe("USD");
  });

  it("places a typo'd key and suggests the right one", () => {
    const [d] = faults(`${head}    input_token: 1200\n`);
    expect(d).toMatchObject({ file: "w.yaml", line: 6, col: 5, path: "inference[0].input_token" });
    expect(d!.hint).toBe('did you mean "input_tokens"?');
  });

  it("a field of the format in the wrong place is not told 'did you mean' itself", () => {
    // Before: 'unknown field "llmcost"' with the hint 'did you mean "llmcost"?' (the vocabulary is every level's).
    const [d] = faults(`${head}    llmcost: 1\n`);
    expect(d).toMatchObject({ line: 6, col: 5, path: "inference[0].llmcost" });
    expect(d!.hint).toBe(
      '"llmcost" is a field of this format, but not here: check its place and indentation (llmcost schema)',
    );
  });

  it("names the field, what was expected and what was found for a wrong type", () => {
    const [d] = faults(`${head}    batch: sometimes\n`);
    expect(d).toMatchObject({ line: 6, col: 12, path: "inference[0].batch", expected: "a boolean" });
    expect(d!.found).toBe('the string "sometimes"');
  });

  it("rejects negative and non-finite numbers", () => {
    expect(faults(`${head}    input_tokens: -5\n`)[0]!.message).toMatch(/≥ 0/);
    expect(faults(`${head}    input_tokens: .inf\n`)[0]!.message).toMatch(/finite/);
    expect(faults(`${head}    output_tokens: .nan\n`)[0]!.message).toMatch(/finite/);
  });

  it("rejects cached_input outside 0..1", () => {
    const [d] = faults(`${head}    cached_input: 1.5\n`);
    expect(d).toMatchObject({ path: "inference[0].cached_input", line: 6 });
    expect(d!.message).toMatch(/between 0 and 1/);
  });

  it("rejects a malformed currency and a bad date", () => {
    expect(faults(`${head}currency: dollars\n`)[0]).toMatchObject({ path: "currency", line: 6 });
    expect(faults(`${head}as_of: 2026-02-30\n`)[0]!.message).toMatch(/real calendar date/);
  });

  it("rejects an empty workload and one with no items", () => {
    expect(faults("")[0]!.message).toMatch(/empty/);
    expect(faults("llmcost: 1\n")[0]!.message).toMatch(/no items/);
  });

  it("requires exactly one traffic field", () => {
    expect(faults("llmcost: 1\ninference:\n  - {name: a, model: m}\n")[0]!.message).toMatch(/missing traffic/);
    expect(faults(`${head}    requests: 5\n`)[0]!.message).toMatch(/only one of/);
  });

  it("refuses another format version with the supported range", () => {
    expect(faults("llmcost: 2\ninference: []\n")[0]!.message).toMatch(/reads workload format 1 to 1/);
  });

  it("reports malformed YAML with its place", () => {
    const [d] = faults("llmcost: 1\ninference:\n  - name: [unclosed\n");
    expect(d!.message).toMatch(/malformed YAML/);
    expect(d!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports duplicate keys and duplicate item names", () => {
    expect(faults("llmcost: 1\nllmcost: 1\n")[0]!.message).toMatch(/malformed YAML/);
    const d = faults(`${head}  - name: chat\n    model: x\n    requests: 1\n`);
    expect(d[0]!.message).toMatch(/duplicate item name/);
    expect(d[0]!.line).toBe(6);
  });
});

describe("budget names", () => {
  it("must name items, with a suggestion", () => {
    const [d] = faults(`${head}budget:\n  items: {chatt: 100}\n`);
    expect(d).toMatchObject({
      file: "w.yaml",
      line: 7,
      col: 11,
      path: "budget.items.chatt",
      message: 'no item named "chatt"',
    });
    expect(d!.hint).toBe('did you mean "chat"?');
  });
});
