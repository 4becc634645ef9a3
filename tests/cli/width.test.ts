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
    .filter((l) => l.length > 80 && !l.includes("http") && !/^(error|warning): \S+:\d+:\d+: /.test(l));
}

describe("text output fits 80 columns", () => {
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
});
