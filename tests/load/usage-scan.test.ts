import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { READERS } from "../../src/load/usage-formats.js";
import { LlmcostLineScanner } from "../../src/load/usage-read.js";
import type { UsageRow } from "../../src/schema/usage.js";

/** The fast path reads llmcost lines exactly as JSON.parse and the ordinary reader do, or declines. */
function viaReader(line: string): UsageRow | undefined {
  let out: UsageRow | undefined;
  READERS.llmcost(
    JSON.parse(line),
    { assumeUtc: false },
    (r) => {
      out = r;
    },
    () => {},
  );
  return out;
}

const pick = (r: UsageRow) => ({
  day: (r.date ?? r.timestamp).slice(0, 10),
  provider: r.provider,
  model: r.model,
  input_tokens: r.input_tokens,
  output_tokens: r.output_tokens,
  cached_tokens: r.cached_tokens,
  cache_write_tokens: r.cache_write_tokens,
  reasoning_tokens: r.reasoning_tokens,
  requests: r.requests,
  batch: r.batch === true,
  cost: r.cost,
  project: r.project,
});

describe("llmcost JSON lines: the in-place scanner", () => {
  const lines = ["tests/fixtures/usage/mixed.jsonl", "tests/fixtures/usage/steady.jsonl"].flatMap((f) =>
    readFileSync(f, "utf8").trim().split("\n"),
  );
  it("gives the same rows as JSON.parse and the reader", () => {
    const s = new LlmcostLineScanner();
    for (const line of lines) {
      const fast = s.scan(line, 0, line.length);
      expect(fast, line).toBeDefined();
      expect(pick(fast as UsageRow)).toEqual(pick(viaReader(line) as UsageRow));
    }
  });
  it("declines what it does not read itself (escapes, nesting, unknown keys, zones, truncation)", () => {
    const s = new LlmcostLineScanner();
    for (const line of [
      '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt\\u002d4o","input_tokens":1,"output_tokens":1}',
      '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o","input_tokens":1,"output_tokens":1,"meta":{}}',
      '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o","input_tokens":1,"output_tokens":1,"colour":"red"}',
      '{"timestamp":"2026-10-14T12:00:00+02:00","model":"gpt-4o","input_tokens":1,"output_tokens":1}',
      '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o","input_tokens":1',
      '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o","input_tokens":"1","output_tokens":1}',
    ])
      expect(s.scan(line, 0, line.length), line).toBeUndefined();
  });
  it("reads a line inside a larger text by its range", () => {
    const s = new LlmcostLineScanner();
    const line = lines[0] as string;
    const text = `junk\n${line}\nmore`;
    const r = s.scan(text, 5, 5 + line.length);
    expect(r?.model).toBe("gpt-4o-mini");
  });
});
