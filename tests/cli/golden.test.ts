import { describe, expect, it } from "vitest";
import { cleanGolden, cli } from "../helpers/cli.js";

/**
 * Goldens: every output format on the example workloads, against the embedded catalog, at the
 * workload's own as_of. Updated only on purpose: `npx vitest run tests/cli/golden.test.ts -u`,
 * then read the diff.
 */
const EXAMPLES = ["support-assistant", "china-price-war"];
const FORMATS: Record<string, string> = { table: "txt", json: "json", markdown: "md", csv: "csv" };

describe("golden outputs", () => {
  for (const ex of EXAMPLES)
    for (const [format, ext] of Object.entries(FORMATS))
      it(`${ex} as ${format}`, async () => {
        const r = await cli(["estimate", `examples/${ex}.yaml`, "--format", format]);
        expect(r.stderr).toBe("");
        expect(r.exitCode).toBe(0);
        await expect(cleanGolden(r.stdout)).toMatchFileSnapshot(`../golden/estimate-${ex}.${ext}`);
      });

  it("quote as table", async () => {
    const r = await cli([
      "quote",
      "llama-3.1-70b",
      "--input-tokens",
      "2000",
      "--output-tokens",
      "500",
      "--requests-per-day",
      "10000",
      "--as-of",
      "2026-11-01",
    ]);
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/quote-llama-3.1-70b.txt");
  });
});
