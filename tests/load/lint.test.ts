import { describe, expect, it } from "vitest";
import { lintProvider, monthsBefore } from "../../src/load/lint.js";
import { parseYaml } from "../../src/load/yaml.js";
import { ProviderFile } from "../../src/schema/catalog.js";

function lint(yaml: string, today = "2026-11-22") {
  const src = parseYaml("p.yaml", yaml);
  const { schema: _s, ...provider } = ProviderFile.parse(src.data);
  return lintProvider({ src, provider, base: [] }, { today });
}

const head = `schema: 1
provider: {id: acme, name: Acme, currency: USD, source: https://acme.example/pricing}
`;

describe("catalog lint rules", () => {
  it("monthsBefore steps back calendar months and clamps the day", () => {
    expect(monthsBefore("2026-11-22", 12)).toBe("2025-11-22");
    expect(monthsBefore("2026-11-22", 6)).toBe("2026-05-22");
    expect(monthsBefore("2026-03-31", 1)).toBe("2026-02-28");
    expect(monthsBefore("2026-01-15", 1)).toBe("2025-12-15");
  });

  it("places a cached price above input at its line and column", () => {
    const w = lint(`${head}models:
  - id: m
    prices:
      - from: 2026-10-01
        input: 1
        output: 2
        cached_input: 1.5
`);
    expect(w.map((x) => x.rule)).toEqual(["cached-above-input"]);
    expect(w[0]).toMatchObject({ file: "p.yaml", line: 9, col: 23, path: "models[0].prices[0].cached_input" });
  });

  it("warns on output below input for chat models only", () => {
    const chat = lint(`${head}models:
  - id: m
    prices:
      - {from: 2026-10-01, input: 2, output: 1}
  - id: e
    kind: embedding
    prices:
      - {from: 2026-10-01, input: 2, output: 1}
`);
    expect(chat.map((x) => `${x.rule} ${x.path}`)).toEqual(["output-below-input models[0].prices[0].output"]);
  });

  it("warns on a >10x step within one currency list, not across currencies", () => {
    const w = lint(`${head}models:
  - id: m
    prices:
      - {from: 2026-01-01, input: 10, output: 20}
      - {from: 2026-02-01, currency: CNY, input: 70, output: 140}
      - {from: 2026-03-01, input: 0.5, output: 4}
`);
    // input 10 → 0.5 is 20x down (warned); output 20 → 4 is 5x (not warned); the CNY entry is its own list.
    expect(w.map((x) => `${x.rule} ${x.path} ${x.found}`)).toEqual([
      "price-jump models[0].prices[2].input 10 on 2026-01-01 → 0.5 on 2026-03-01 (USD)",
    ]);
  });

  it("does not count a cut to exactly a tenth as more than 10x", () => {
    const w = lint(`${head}models:
  - id: m
    prices:
      - {from: 2026-01-01, input: 6, output: 6}
      - {from: 2026-03-01, input: 0.59, output: 0.6}
`);
    // output 0.6 / 6 = 0.1 exactly (not flagged); input 0.59 / 6 = 0.0983, a 10.2x cut (flagged).
    expect(w.map((x) => x.path)).toEqual(["models[0].prices[1].input"]);
  });

  it("warns on an open offering with no price in 12 months, not on a closed one", () => {
    const w = lint(`${head}models:
  - id: old
    prices:
      - {from: 2025-11-21, input: 1, output: 2}
  - id: retired
    prices:
      - {from: 2024-01-01, until: 2025-01-01, input: 1, output: 2}
  - id: fresh
    prices:
      - {from: 2025-11-22, input: 1, output: 2}
`);
    // 12 months before 2026-11-22 is 2025-11-22: 2025-11-21 is stale, 2025-11-22 is not.
    expect(w.map((x) => `${x.rule} ${x.path}`)).toEqual(["stale models[0].prices[0].from"]);
  });

  it("counts a later `checked` date as a fresh observation of the same price", () => {
    const w = lint(`${head}models:
  - id: rechecked
    prices:
      - {from: 2024-01-01, checked: 2026-07-24, input: 1, output: 2}
  - id: checked-long-ago
    prices:
      - {from: 2024-01-01, checked: 2025-01-01, input: 1, output: 2}
`);
    expect(w.map((x) => `${x.rule} ${x.path} ${x.found}`)).toEqual(["stale models[1].prices[0].checked 2025-01-01"]);
  });
});
