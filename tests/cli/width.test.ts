import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { bin } from "../helpers/cli.js";

/**
 * Text output fits an 80-column terminal when piped (width 80). Lines carrying a URL may run
 * longer: a URL is never broken. Runs the built binary (`npm run build` first).
 */

const COMMANDS: string[][] = [
  ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml"],
  ["catalog", "stats"],
  ["trend", "gpt-4o", "gpt-4o-mini"],
  ["trend", "--preset", "china-2024"],
  ["estimate", "examples/china-price-war.yaml", "--over", "2024-01-01..2025-01-01", "--step", "quarter"],
  ["catalog", "show", "h100-sxm"],
  ["catalog", "show", "gpt-4o"],
  ["catalog", "validate"],
  ["check", "examples/support-assistant.yaml"],
  // optimize's heading, plan and suggestion lines are wrapped like the rest (they ran to 112 cells).
  ["optimize", "examples/support-assistant.yaml"],
  [
    "quote",
    "llama-3.1-70b",
    "--input-tokens",
    "2000",
    "--output-tokens",
    "500",
    "--requests-per-day",
    "10k",
    "--alternatives",
    "9",
  ],
  ["estimate", "examples/support-assistant.yaml", "--explain"],
  ["catalog", "list", "--as-of", "2025-06-01", "--provider", "deepinfra"],
  ["catalog", "diff", "--from", "2024-05-01", "--to", "2024-06-01", "--provider", "deepseek"],
  // Chinese user text (workload and item names) and catalog text (sources in Chinese): measured
  // in display cells, where a CJK character takes two columns.
  ["estimate", "tests/fixtures/cjk/base.yaml"],
  ["estimate", "tests/fixtures/cjk/base.yaml", "--explain", "--currency", "USD"],
  ["check", "tests/fixtures/cjk/base.yaml"],
  ["optimize", "tests/fixtures/cjk/base.yaml"],
  ["diff", "tests/fixtures/cjk/base.yaml", "tests/fixtures/cjk/head.yaml"],
  ["estimate", "tests/fixtures/cjk/base.yaml", "--over", "2024-01-01..2025-06-01", "--step", "quarter"],
  [
    "quote",
    "qwen-plus",
    "--input-tokens",
    "1500",
    "--output-tokens",
    "300",
    "--requests-per-day",
    "50k",
    "--currency",
    "CNY",
  ],
  ["trend", "qwen-turbo", "qwen-plus", "--currency", "CNY"],
  ["catalog", "show", "qwen-turbo"],
  ["catalog", "list", "--as-of", "2025-06-01", "--provider", "alibaba"],
  // Chinese labels (--lang zh-CN, docs/html.md): two columns a character, the same 80.
  ["estimate", "examples/support-assistant.yaml", "--explain", "--lang", "zh-CN"],
  ["check", "examples/support-assistant.yaml", "--lang", "zh-CN"],
  ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml", "--lang", "zh-CN"],
  ["diff", "tests/fixtures/cjk/base.yaml", "tests/fixtures/cjk/head.yaml", "--lang", "zh-CN", "--fail-above", "1%"],
  ["trend", "gpt-4o", "gpt-4o-mini", "--forecast", "12m", "--lang", "zh-CN"],
  ["trend", "--preset", "china-2024", "--lang", "zh-CN"],
  ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--lang", "zh-CN"],
  ["estimate", "tests/fixtures/cjk/base.yaml", "--over", "2024-01-01..2025-06-01", "--lang", "zh-CN"],
  ["catalog", "list", "--as-of", "2025-06-01", "--provider", "deepseek", "--lang", "zh-CN"],
  ["catalog", "list", "--as-of", "2025-06-01", "--kind", "gpu", "--lang", "zh-CN"],
  ["catalog", "show", "gpt-4o", "--lang", "zh-CN"],
  ["catalog", "show", "h100-sxm", "--lang", "zh-CN"],
  ["catalog", "diff", "--from", "2024-01-01", "--to", "2025-06-01", "--provider", "openai", "--lang", "zh-CN"],
  ["catalog", "stats", "--lang", "zh-CN"],
  ["catalog", "quality", "--lang", "zh-CN"],
  ["optimize", "examples/mixed.yaml", "--lang", "zh-CN"],
];

/**
 * `usage` reports fit too, and so do their "FILE: detected FORMAT — label" notes on stderr (they
 * were one line per file whatever their length: 98 columns for tests/fixtures/usage/openai-usage.json).
 */
const USAGE: string[][] = [
  ["usage", "tests/fixtures/usage/mixed.jsonl", "--by", "model", "--reprice", "cheapest"],
  ["usage", "tests/fixtures/usage/mixed.jsonl", "--by", "model", "--reprice", "cheapest", "--lang", "zh-CN"],
  [
    "usage",
    "tests/fixtures/usage/openai-usage.json",
    "tests/fixtures/usage/openai-costs.json",
    "--by",
    "day,model",
    "--lang",
    "zh-CN",
  ],
];

/** The commands a help screen lists (`  name [options] ...` under "Commands:"), `help` left out. */
function commandsOf(help: string): string[] {
  const section = (help.split("Commands:")[1] ?? "").split("\n\n")[0] ?? "";
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1] as string).filter((n) => n !== "help");
}

const TOP = commandsOf(bin(["--help"]).stdout);
const HELP: string[][] = [
  [],
  ...TOP.map((c) => [c]),
  ...commandsOf(bin(["catalog", "--help"]).stdout).map((c) => ["catalog", c]),
];

/**
 * Lines allowed past 80: a URL (never broken), and a diagnostic's `file:line:col: path: message`
 * line, kept whole for editors and CI problem matchers (its expected / found / hint lines wrap).
 */
function tooWide(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => stringWidth(l) > 80 && !l.includes("http") && !/^(error|warning): \S+:\d+:\d+: /.test(l));
}

describe("text output fits 80 columns", () => {
  it("measures display cells: a CJK character is two columns", () => {
    expect(stringWidth("在线客服")).toBe(8);
    expect(tooWide("在".repeat(41))).toHaveLength(1);
  });
  it("finds every command's help", () => {
    expect(TOP).toEqual(expect.arrayContaining(["estimate", "quote", "catalog", "trend", "check", "diff"]));
    expect(TOP).not.toContain("llmcost");
    expect(HELP.filter((h) => h[0] === "catalog" && h.length === 2).length).toBeGreaterThanOrEqual(6);
  });
  for (const args of [...COMMANDS, ...HELP.map((h) => [...h, "--help"])]) {
    it(`llmcost ${args.join(" ")}`, () => {
      const r = bin(args);
      // Every command prints something on stdout; a crash would leave it empty and pass vacuously.
      expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
      expect(tooWide(r.stdout)).toEqual([]);
      expect(tooWide(r.stderr)).toEqual([]);
    });
  }
  for (const args of USAGE) {
    it(`llmcost ${args.join(" ")} (stdout and stderr)`, () => {
      const r = bin(args);
      expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
      expect(r.stderr).toContain(": detected ");
      expect(tooWide(r.stdout)).toEqual([]);
      expect(tooWide(r.stderr)).toEqual([]);
    });
  }
});
