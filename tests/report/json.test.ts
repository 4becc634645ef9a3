import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks, renderJsonValue } from "../../src/report/json.js";

describe("JSON written in chunks is the same text as JSON written at once", () => {
  it("by hand: a report with items, one without, and an empty list", () => {
    const report = {
      llmcost: 1,
      items: [
        { name: "a", cost: 1.5, skip: undefined },
        { name: "b", options: [] },
      ],
      total: 1.5,
    };
    expect([...jsonChunks(report)].join("")).toBe(renderJsonValue(report));
    // Worked by hand: two-space indentation, the items at four.
    expect([...jsonChunks(report)].join("")).toContain(
      '  "items": [\n    {\n      "name": "a",\n      "cost": 1.5\n    },',
    );
    for (const other of [{ items: [] }, { total: 0 }, [1, 2], null, "x"])
      expect([...jsonChunks(other)].join("")).toBe(renderJsonValue(other));
  });

  it("any JSON value under `items`, at any place among the keys", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue(), { maxLength: 20 }),
        (rest, items) => {
          const doc = { ...rest, items };
          expect([...jsonChunks(doc)].join("")).toBe(renderJsonValue(doc));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("chunks of about a megabyte for a long list", () => {
    const doc = { items: Array.from({ length: 20_000 }, (_, i) => ({ name: `item-${i}`, note: "x".repeat(100) })) };
    const chunks = [...jsonChunks(doc)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(renderJsonValue(doc));
  });
});
