import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { estimateOver } from "../../src/lib/over.js";
import { quote } from "../../src/lib/quote.js";
import { render, renderReport } from "../../src/lib/render.js";
import { trendReport } from "../../src/lib/trend.js";
import { loadWorkload } from "../../src/load/workload.js";
import { cli, embedded, TODAY } from "../helpers/cli.js";

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

  /**
   * These commands compute nothing themselves: no value import from src/engine at all (types only).
   * Pricing over time, price trends and usage pricing are library functions (estimateOver,
   * trendReport, usagePricer / priceUsage, fitUsageWorkload, usageAgainst) the command calls.
   */
  const THROUGH_LIBRARY = [
    "src/cli/commands/estimate.ts",
    "src/cli/commands/cost-over-time.ts",
    "src/cli/commands/trend.ts",
    "src/cli/commands/usage.ts",
    "src/cli/commands/usage-duckdb.ts",
  ];
  it.each(THROUGH_LIBRARY)("%s imports nothing from the engine but types", (file) => {
    const text = readFileSync(file, "utf8");
    const engineImports = [...text.matchAll(/import\s+(type\s+)?\{[^}]*\}\s+from\s+"[./]+engine\/[^"]+"/g)];
    const valueImports = engineImports.filter((m) => m[1] === undefined).map((m) => m[0]);
    expect(valueImports).toEqual([]);
    expect(text).not.toMatch(/import\(\s*"[./]+engine\//);
  });

  it("trend: the library's trendReport and `llmcost trend` print the same JSON", async () => {
    const report = trendReport(embedded(), {
      models: ["openai/gpt-4o", "claude-3.5-sonnet"],
      since: "2024-01-01",
      until: "2025-12-31",
      forecast: "12m",
    });
    const r = await cli([
      "trend",
      "openai/gpt-4o",
      "claude-3.5-sonnet",
      "--since",
      "2024-01-01",
      "--until",
      "2025-12-31",
      "--forecast",
      "12m",
      "--format",
      "json",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await renderReport("trend", report, "json")).toBe(r.stdout);
    const [first, ...rest] = report.series.map((s) => s.label);
    expect(first).toBe("openai/gpt-4o");
    // claude-3.5-sonnet as people type it: the Claude 3.5 Sonnet offerings, one series each.
    expect(rest.length).toBeGreaterThan(0);
    for (const label of rest) expect(label).toMatch(/claude-3-5-sonnet/);
  });

  it("trend: a preset's window ends at `today` when given instead of `until`", () => {
    const report = trendReport(embedded(), { preset: "china-2024", today: TODAY });
    // The china-2024 preset reads 2024-01-01..2024-12-31 in CNY, input prices; TODAY is later.
    expect(report.window).toEqual({ since: "2024-01-01", until: "2024-12-31" });
    expect([report.currency, report.metric, report.preset]).toEqual(["CNY", "input", "china-2024"]);
  });

  it("estimate --over: the library's estimateOver and the CLI print the same JSON", async () => {
    const { workload } = loadWorkload("examples/support-assistant.yaml");
    const { report, problems } = estimateOver(workload, embedded(), {
      from: "2023-01-01",
      to: "2026-11-01",
      step: "year",
    });
    expect(problems).toEqual([]);
    const r = await cli([
      "estimate",
      "examples/support-assistant.yaml",
      "--over",
      "2023-01-01..2026-11-01",
      "--step",
      "year",
      "--format",
      "json",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await renderReport("over", report, "json")).toBe(r.stdout);
    // 2023-01-01 + 1..3 years, then the end date itself: five points.
    expect(report.points.map((p) => p.date)).toEqual([
      "2023-01-01",
      "2024-01-01",
      "2025-01-01",
      "2026-01-01",
      "2026-11-01",
    ]);
  });

  it("estimateOver refuses a bad step, a backwards range, a bad date and more than 1,200 dates", () => {
    const { workload } = loadWorkload("examples/support-assistant.yaml");
    expect(() =>
      estimateOver(workload, embedded(), { from: "2023-01-01", to: "2024-01-01", step: "week" as "month" }),
    ).toThrow(/unknown step "week"/);
    // 1900-01..2026-01 by month is 1,512 months (+2 bound) > 1,200.
    expect(() => estimateOver(workload, embedded(), { from: "1900-01-01", to: "2026-01-01", step: "month" })).toThrow(
      /too many dates/,
    );
    expect(() => estimateOver(workload, embedded(), { from: "2025-01-01", to: "2024-01-01" })).toThrow(
      /the range runs backwards/,
    );
    expect(() => estimateOver(workload, embedded(), { from: "2025-02-30", to: "2025-06-01" })).toThrow(
      /not a valid date/,
    );
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
