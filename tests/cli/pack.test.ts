import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../helpers/cli.js";

/**
 * The package as users get it (issue 13): `npm pack` the built package, install the tarball into a
 * new project, import it from ESM (`llmcost` and `llmcost/core`), and type-check a TypeScript file
 * that uses the public surface (docs/library.md) against the installed declarations. Dependencies
 * come from npm's cache (`--prefer-offline`); the type check uses this repository's TypeScript.
 */

const root = resolve(".");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the packed package installs and imports", () => {
  it("packs, installs into a temp project, imports from ESM and type-checks", () => {
    const dir = scratchDir("pack-");
    const packs = join(dir, "packs");
    mkdirSync(packs);
    // dist/ is built by the test setup; --ignore-scripts skips `prepare` (a second build).
    execFileSync(npm, ["pack", "--ignore-scripts", "--silent", "--pack-destination", packs], { cwd: root });
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith(".tgz")) as string);
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    execFileSync(
      npm,
      ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--silent"],
      { cwd: app, stdio: ["ignore", "ignore", "pipe"] },
    );

    // ESM, Node entry and the file-system-free core.
    writeFileSync(
      join(app, "use.mjs"),
      `import { embeddedCatalog, quote, render, renderReport, workload, estimate, estimateOver, diff, loadCatalog, priceUsage, usagePricer } from "llmcost";
import * as core from "llmcost/core";
const catalog = embeddedCatalog();
// one gpt-4o-mini request of 100 input tokens: 100 × $0.15 / 1e6 = $0.000015
const q = core.quote(core.embeddedCatalog(), "openai/gpt-4o-mini", { input: 100 }, { asOf: "2025-06-01", currency: "USD" });
const w = workload({ name: "w", inference: [{ name: "chat", model: "gpt-4o-mini", providers: ["openai"], requests_per_day: "20k", input_tokens: 1200, output_tokens: 250 }] });
const a = estimate(w, loadCatalog(), { asOf: "2025-06-01", currency: "USD" }).estimate;
const b = quote(catalog, "gpt-4o-mini", { input: 1200, output: 250, requestsPerDay: "24k", providers: ["openai"] }, { asOf: "2025-06-01", currency: "USD" }).estimate;
// Cost over time, price trend and usage rows, from the Node entry and from core.
const over = estimateOver(w, catalog, { from: "2024-01-01", to: "2025-06-01", step: "year" }).report;
const t = core.trendReport(core.embeddedCatalog(), { models: ["openai/gpt-4o-mini"], since: "2024-07-18", until: "2025-06-01" });
const pricer = usagePricer(catalog, { currency: "USD" });
pricer.add({ timestamp: "2025-06-01T12:00:00Z", provider: "openai", model: "gpt-4o-mini", input_tokens: 1000000, output_tokens: 0 });
const u = await priceUsage([{ timestamp: "2025-06-01T12:00:00Z", provider: "openai", model: "gpt-4o-mini", input_tokens: 1000000, output_tokens: 0 }], catalog, { currency: "USD" });
console.log(JSON.stringify({
  q: q.estimate.total,
  table: (await render(q.estimate)).includes("$0.000015"),
  items: diff(a, b).items.length,
  over: over.points.map((p) => p.date),
  overTable: (await renderReport("over", over)).includes("2025-06-01"),
  trend: t.series.map((s) => s.label),
  pricer: pricer.finish().total,
  usage: u.total,
}));
`,
    );
    const out = execFileSync(process.execPath, ["use.mjs"], { cwd: app, encoding: "utf8" });
    const got = JSON.parse(out) as {
      q: number;
      table: boolean;
      items: number;
      over: string[];
      overTable: boolean;
      trend: string[];
      pricer: number;
      usage: number;
    };
    expect(got.q).toBeCloseTo(0.000015, 12);
    // 2024-01-01 by year up to 2025-06-01: 2024-01-01, 2025-01-01, and the end date itself.
    expect(got.over).toEqual(["2024-01-01", "2025-01-01", "2025-06-01"]);
    expect(got.overTable).toBe(true);
    expect(got.trend).toEqual(["openai/gpt-4o-mini"]);
    // 1M input tokens of gpt-4o-mini at $0.15 per 1M = $0.15, row by row and through priceUsage.
    expect(got.pricer).toBeCloseTo(0.15, 12);
    expect(got.usage).toBeCloseTo(0.15, 12);
    expect(got.table).toBe(true);
    // base item "chat" and head item "gpt-4o-mini" (a quote names its item after the model)
    expect(got.items).toBe(2);

    // The installed CLI: `catalog import genai-prices` works after a normal install (the data package
    // is a dependency, not a devDependency).
    execFileSync(
      process.execPath,
      [join(app, "node_modules/llmcost/bin/llmcost.js"), "catalog", "import", "genai-prices", "-o", "genai.yaml"],
      { cwd: app, stdio: ["ignore", "ignore", "pipe"] },
    );
    expect(readFileSync(join(app, "genai.yaml"), "utf8")).toContain("providers:");

    // docs/library.md's example, run as written (it is TypeScript without annotations, so plain
    // ESM too), with the overlay and workload files it names beside it.
    const docs = readFileSync(join(root, "docs/library.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(docs)?.[1] ?? "";
    expect(example).toContain("estimateOver(");
    writeFileSync(join(app, "docs-example.mjs"), example);
    writeFileSync(join(app, "docs-example.ts"), example);
    copyFileSync(join(root, "tests/fixtures/overlays/negotiated.yaml"), join(app, "my-prices.yaml"));
    mkdirSync(join(app, "examples"));
    copyFileSync(join(root, "examples/support-assistant.yaml"), join(app, "examples/support-assistant.yaml"));
    const printed = execFileSync(process.execPath, ["docs-example.mjs"], { cwd: app, encoding: "utf8" }).trim();
    // q = 100 × $0.15 / 1M = 0.000015; 2023-01-01..2026-11-01 by year: 4 steps + the end = 5 points.
    expect(printed.split(" ").slice(0, 2)).toEqual(["0.000015", "5"]);

    // TypeScript against the installed declarations: a type error here would fail the check.
    writeFileSync(
      join(app, "use.ts"),
      `import { type Estimate, embeddedCatalog, estimate, estimateOver, type Format, type OverReport, render, type TrendReport, type UsageReport, type UsageTotals, priceUsage, usagePricer, workload } from "llmcost";
import { embeddedCatalog as fromCore, type Catalog, type TrendReportQuery, trendReport } from "llmcost/core";
const catalog: Catalog = fromCore();
const w = workload({ name: "t", inference: [{ name: "chat", model: "claude-3.5-sonnet", requests: 10, input_tokens: 100 }] });
const e: Estimate = estimate(w, embeddedCatalog(), { asOf: "2025-06-01", currency: "USD" }).estimate;
const f: Format = "markdown";
const total: number = e.total;
export const text: Promise<string> = render(e, f).then((s) => s + String(total) + catalog.version);
const over: OverReport = estimateOver(w, catalog, { from: "2024-01-01", to: "2025-01-01", step: "quarter" }).report;
const q: TrendReportQuery = { models: ["gpt-4o"], today: "2025-06-01", forecast: "12m" };
const t: TrendReport = trendReport(catalog, q);
const totals: UsageTotals = usagePricer(catalog, { currency: "USD", by: ["model", "day"] }).finish();
export const usage: Promise<UsageReport> = priceUsage([], catalog, { currency: "USD" });
export const figures: Array<number | null> = [over.points[0]?.total ?? null, t.series.length, totals.total];
`,
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          target: "ES2022",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["use.ts", "docs-example.ts"],
      }),
    );
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: app,
      encoding: "utf8",
    });
  }, 120_000);
});
