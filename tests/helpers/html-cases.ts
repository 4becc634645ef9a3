/**
 * One command line per report kind, for the HTML tests (structure goldens in tests/report/html.test.ts,
 * the browser in tests/browser/html-reports.test.ts). `charts`: how many charts the page must draw.
 * Dates are pinned so the pages do not move with "today".
 */
export const HTML_CASES: Array<{ name: string; args: string[]; charts: number; golden?: false }> = [
  { name: "estimate-mixed", args: ["estimate", "examples/mixed.yaml"], charts: 2 },
  { name: "estimate-mixed-zh", args: ["estimate", "examples/mixed.yaml", "--lang", "zh-CN"], charts: 2 },
  { name: "check", args: ["check", "examples/support-assistant.yaml", "--budget", "400"], charts: 1 },
  { name: "diff", args: ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml"], charts: 1 },
  {
    name: "trend",
    args: ["trend", "gpt-4o", "gpt-4o-mini", "--forecast", "12m", "--until", "2026-11-01"],
    charts: 1,
  },
  {
    name: "trend-china",
    args: ["trend", "--preset", "china-2024", "--until", "2025-06-01"],
    charts: 1,
    // Its series grow with every China price-war entry added to the catalog: browser checks only.
    golden: false,
  },
  {
    name: "over",
    args: ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--step", "quarter"],
    charts: 1,
  },
  { name: "catalog-list", args: ["catalog", "list", "--provider", "deepseek", "--as-of", "2025-06-01"], charts: 0 },
  { name: "catalog-show", args: ["catalog", "show", "gpt-4o"], charts: 0 },
  // The billing sections (docs/billing.md): provisioned throughput and fine-tuning of one offering, in
  // Chinese; a provider's packs.
  {
    name: "catalog-show-billing-zh",
    args: ["catalog", "show", "azure/gpt-4o-mini-2024-07-18", "--lang", "zh-CN"],
    charts: 0,
  },
  { name: "catalog-show-provider", args: ["catalog", "show", "alibaba"], charts: 0 },
  { name: "catalog-diff", args: ["catalog", "diff", "--from", "2024-05-01", "--to", "2024-06-01"], charts: 0 },
  { name: "catalog-stats", args: ["catalog", "stats", "--as-of", "2026-11-01"], charts: 0 },
  { name: "catalog-validate", args: ["catalog", "validate", "--as-of", "2026-11-01"], charts: 0 },
  { name: "usage", args: ["usage", "tests/fixtures/usage/openai.jsonl", "--by", "model,day"], charts: 1 },
];
