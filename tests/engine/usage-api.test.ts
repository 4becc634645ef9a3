import { describe, expect, it } from "vitest";
import { priceUsage, renderReport } from "../../src/lib/api.js";
import { UsageReport } from "../../src/schema/usage.js";
import { embedded } from "../helpers/cli.js";

describe("priceUsage (library): an async iterable of rows → the usage report", () => {
  it("prices each row at its own day, lists unknown models, refuses bad rows", async () => {
    async function* rows() {
      // gpt-4o-mini on 2026-10-14 (12:00+02:00 = 10:00Z): 1M in (400k cached), 100k out:
      // 600k·0.15 + 400k·0.075 + 100k·0.60 = 0.09 + 0.03 + 0.06 = $0.18
      yield {
        timestamp: "2026-10-14T12:00:00+02:00",
        provider: "openai",
        model: "gpt-4o-mini",
        input_tokens: 1_000_000,
        output_tokens: 100_000,
        cached_tokens: 400_000,
      };
      // Unix seconds (2026-10-14T12:00:00Z), gpt-4o: 1M·2.50 = $2.50
      yield {
        timestamp: 1791979200,
        provider: "openai",
        model: "gpt-4o",
        input_tokens: 1_000_000,
        output_tokens: 0,
      } as never;
      yield {
        timestamp: "2026-10-14T12:00:00Z",
        provider: "openai",
        model: "no-such-model",
        input_tokens: 5,
        output_tokens: 5,
      };
      yield { timestamp: "2026-10-14T12:00:00Z", model: "gpt-4o", input_tokens: -1, output_tokens: 5 };
    }
    const r = await priceUsage(rows(), embedded(), { currency: "USD" });
    UsageReport.parse(r);
    expect(r.total).toBeCloseTo(2.68, 10);
    expect(r.complete).toBe(false);
    expect(r.unpriced[0]).toMatchObject({ model: "no-such-model", rows: 1 });
    expect(r.rows_invalid).toBe(1);
    expect(r.diagnostics[0]).toMatchObject({ file: "rows", line: 4 });
    const text = await renderReport("usage", r, "table");
    expect(text).toContain("gpt-4o");
  });
});
