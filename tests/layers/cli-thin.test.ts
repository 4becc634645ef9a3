import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { quote } from "../../src/lib/quote.js";
import { render } from "../../src/lib/render.js";
import { cli, embedded } from "../helpers/cli.js";

/**
 * The CLI is a thin client of the library (issue 13): the commands that price, compare and render
 * call src/lib (the functions docs/library.md documents), not the engine's or the registry's
 * entries directly, so the two cannot drift apart. And they give the same bytes.
 */

const CLIENTS = [
  "src/cli/commands/estimate.ts",
  "src/cli/commands/check.ts",
  "src/cli/commands/quote.ts",
  "src/cli/commands/diff.ts",
  "src/cli/commands/usage.ts",
  "src/cli/commands/trend.ts",
  "src/cli/commands/cost-over-time.ts",
  "src/cli/commands/catalog.ts",
  "src/cli/commands/catalog-diff.ts",
  "src/cli/commands/catalog-stats.ts",
  "src/cli/commands/catalog-validate.ts",
  "src/cli/commands/sides.ts",
  "src/cli/commands/optimize.ts",
];

describe("the CLI calls the library", () => {
  it.each(CLIENTS)("%s prices, diffs and renders through src/lib", (file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/import \{[^}]*\bestimate\b[^}]*\} from "[./]+engine\/estimate\.js"/);
    expect(text).not.toMatch(/from "[./]+engine\/diff\.js"/);
    expect(text).not.toMatch(/import \{[^}]*\brender\b[^}]*\} from "[./]+report\/registry\.js"/);
  });

  it("quote: the library's quote and `llmcost quote` print the same JSON, self-hosting included", async () => {
    const shape = {
      input: 2000,
      output: 500,
      requestsPerDay: "10k",
      cachedInput: "50%",
      selfHost: { gpu: "h100-sxm", precision: "fp8" },
    };
    const q = quote(embedded(), "llama-3.1-70b", shape, { asOf: "2026-11-01", currency: "USD" });
    expect(q.problems).toEqual([]);
    const r = await cli([
      "quote",
      "llama-3.1-70b",
      "--input-tokens",
      "2000",
      "--output-tokens",
      "500",
      "--requests-per-day",
      "10k",
      "--cached-input",
      "50%",
      "--self-host",
      "h100-sxm",
      "--precision",
      "fp8",
      "--as-of",
      "2026-11-01",
      "--format",
      "json",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await render(q.estimate, "json")).toBe(r.stdout);
    expect(q.estimate.items[0]?.options.some((o) => o.via === "self_host")).toBe(true);
  });
});
