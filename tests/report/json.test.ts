import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks, jsonItemChunks, renderJsonValue } from "../../src/report/json.js";

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

/** The pieces of `jsonItemChunks` for a head, a list of items given one at a time, and a tail. */
function itemChunks(head: object, items: unknown[], tail: () => object): string[] {
  let i = 0;
  return [...jsonItemChunks(head, () => items[i++], tail)];
}

describe("JSON of a report made item by item is the same text as the whole report's", () => {
  it("any head and tail, any items (none too), with each item asked for only when the last is written", () => {
    const item = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()), fc.string());
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(item, { maxLength: 12 }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (head0, items, tail0) => {
          // `items` belongs to the list; tail keys come after it, as an estimate's total and warnings do.
          const { items: _h, ...head } = head0;
          // (An integer-like key sorts before every other key of a JS object, so none is a tail key.)
          const tail = Object.fromEntries(
            Object.entries(tail0).filter(([k]) => k !== "items" && !(k in head) && !/^(0|[1-9][0-9]*)$/.test(k)),
          );
          const whole = renderJsonValue({ ...head, items, ...tail });
          expect(itemChunks(head, items, () => tail).join("")).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an estimate's shape, worked by hand; the tail is asked for after the last item", () => {
    const asked: string[] = [];
    let i = 0;
    const items = [
      { name: "a", cost: 1 },
      { name: "b", cost: 2 },
    ];
    const text = [
      ...jsonItemChunks(
        { llmcost: 1, workload: "w" },
        () => {
          asked.push(`item ${i}`);
          return items[i++];
        },
        () => {
          asked.push("tail");
          return { total: 3, complete: true, warnings: [], budget: undefined };
        },
      ),
    ].join("");
    expect(text).toBe(
      '{\n  "llmcost": 1,\n  "workload": "w",\n  "items": [\n    {\n      "name": "a",\n      "cost": 1\n    },\n    {\n      "name": "b",\n      "cost": 2\n    }\n  ],\n  "total": 3,\n  "complete": true,\n  "warnings": []\n}\n',
    );
    expect(asked).toEqual(["item 0", "item 1", "item 2", "tail"]);
  });

  it("a tail that throws (an estimate's problems) throws after the items, before the closing text", () => {
    const pieces: string[] = [];
    const gen = jsonItemChunks(
      { a: 1 },
      (() => {
        let n = 0;
        return () => (n++ < 2 ? { n } : undefined);
      })(),
      () => {
        throw new Error("problems");
      },
    );
    expect(() => {
      for (const p of gen) pieces.push(p);
    }).toThrow("problems");
    expect(pieces.join("")).toContain('"n": 2');
    expect(pieces.join("")).not.toContain("\n  ]");
  });
});
