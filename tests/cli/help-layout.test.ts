import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import type { CommandSpec } from "../../src/cli/spec.js";
import { cli } from "../helpers/cli.js";

/**
 * `--help` of every command and subcommand at 80 columns (issue 13): no line wider than the
 * terminal, and no stray line break. A paragraph is wrapped greedily, so each of its lines but the
 * last is full: the next line's first word would not have fitted after it. A break written into a
 * description by hand (a source line's end) fails that: "…every fault and lint warning" followed by
 * "with its file:line:col" on a line of its own.
 */

const WIDTH = 80;

function paths(specs: readonly CommandSpec[], prefix: string[] = []): string[][] {
  return specs.flatMap((s) => [[...prefix, s.name], ...paths(s.subcommands ?? [], [...prefix, s.name])]);
}

/** Blocks of consecutive non-blank lines. */
function blocks(text: string): string[][] {
  return text
    .split(/\n\s*\n/)
    .map((b) => b.split("\n").filter((l) => l.trim() !== ""))
    .filter((b) => b.length > 0);
}

/** The lines where a paragraph (lines at one indentation) was broken although the next word fitted. */
function strayBreaks(lines: string[], width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = (lines[i] as string).trimEnd();
    const b = lines[i + 1] as string;
    if (a.trim() === "" || b.trim() === "") continue;
    const indentA = a.length - a.trimStart().length;
    const indentB = b.length - b.trimStart().length;
    // A paragraph's next line (at the margin), or an option's description continued in its column;
    // a new item (an option's flags at two spaces) or a heading is not a continuation.
    const continuation = (indentA === 0 && indentB === 0 && !a.endsWith(":")) || indentB > 4;
    if (!continuation) continue;
    const next = b.trim().split(/\s+/)[0] as string;
    if (stringWidth(a) + 1 + stringWidth(next) <= width) out.push(`${a}⏎${b}`);
  }
  return out;
}

describe("--help at 80 columns", () => {
  const all = paths(COMMANDS);

  it.each(all.map((p) => [p.join(" "), p] as const))("llmcost %s --help", async (_name, path) => {
    const r = await cli([...path, "--help"]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\n");
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(WIDTH);
    const [usage, description] = blocks(r.stdout);
    expect(usage?.[0]).toMatch(/^Usage: llmcost /);
    // the description: one paragraph (or several, separated by blank lines), wrapped at 80
    expect(strayBreaks(description ?? [], WIDTH)).toEqual([]);
    // each option's and argument's description, wrapped in its column
    const items = lines.filter((l) => /^ {2}\S/.test(l) || /^ {4,}\S/.test(l));
    const options = lines.slice(lines.findIndex((l) => /^(Options|Arguments|Commands):/.test(l)));
    const listed = options.slice(
      0,
      Math.max(
        0,
        options.findIndex((l) => /^Examples?:/.test(l)),
      ) || undefined,
    );
    expect(items.length).toBeGreaterThan(0);
    expect(strayBreaks(listed, WIDTH)).toEqual([]);
  });

  it("llmcost --help: every line fits", async () => {
    const r = await cli(["--help"]);
    for (const l of r.stdout.split("\n")) expect(stringWidth(l), l).toBeLessThanOrEqual(WIDTH);
  });

  it("the check itself finds a break written by hand", () => {
    expect(
      strayBreaks(["Check the catalog: every fault and lint warning", "with its file:line:col."], WIDTH),
    ).toHaveLength(1);
    const full = "word ".repeat(16).trimEnd(); // 79 columns: "with" would not fit after it
    expect(strayBreaks([full, "with its file:line:col."], WIDTH)).toEqual([]);
  });
});
