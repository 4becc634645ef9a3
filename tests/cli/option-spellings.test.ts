import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import type { CommandSpec } from "../../src/cli/spec.js";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * One spelling of the output file across commands (issue 13): `-o, --output FILE` everywhere;
 * quote's token counts are `--input-tokens` / `--output-tokens`. The old spellings (quote's
 * `--input N`, `--output N` for tokens, `--output-file FILE`) keep working with a one-line note.
 */

function leaves(specs: readonly CommandSpec[], prefix: string[] = []): Array<[string, CommandSpec]> {
  return specs.flatMap((s) =>
    s.subcommands
      ? leaves(s.subcommands, [...prefix, s.name])
      : [[[...prefix, s.name].join(" "), s] as [string, CommandSpec]],
  );
}

describe("one spelling of the output file", () => {
  it.each(leaves(COMMANDS))(
    "%s takes -o, --output <file> and no other file-output spelling in its help",
    (_n, spec) => {
      const shown = (spec.options ?? []).filter((o) => !o.replacedBy).map((o) => o.flags);
      expect(shown).toContain("-o, --output <file>");
      // the old spellings are hidden, and each names the option it stands for
      for (const o of spec.options ?? []) if (o.replacedBy) expect(shown.join(" ")).toContain(o.replacedBy);
      expect(shown.some((f) => /--output-file|--out\b/.test(f))).toBe(false);
    },
  );

  it("quote: --input-tokens/--output-tokens and -o FILE; no note for the new spellings", async () => {
    const dir = scratchDir("llmcost-spellings-");
    const file = join(dir, "q.json");
    const args = ["quote", "gpt-4o-mini", "--provider", "openai", "--format", "json"];
    const r = await cli([...args, "--input-tokens", "1200", "--output-tokens", "250", "-o", file]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe(`wrote ${file}\n`);
    const q = JSON.parse(readFileSync(file, "utf8"));
    const input = q.items[0].options[0].components.find((c: { name: string }) => c.name === "input");
    const output = q.items[0].options[0].components.find((c: { name: string }) => c.name === "output");
    // one request: 1,200 input and 250 output tokens
    expect(input.quantity).toBe(1200);
    expect(output.quantity).toBe(250);
  });

  it("quote: the old spellings give the same output, each with one note line", async () => {
    const dir = scratchDir("llmcost-spellings-");
    const args = ["quote", "gpt-4o-mini", "--provider", "openai", "--format", "json"];
    const now = await cli([...args, "--input-tokens", "1200", "--output-tokens", "250"]);
    // --input N and --output N (tokens), printed
    const old = await cli([...args, "--input", "1200", "--output", "250"]);
    expect(old.exitCode, old.stderr).toBe(0);
    expect(old.stdout).toBe(now.stdout);
    expect(old.stderr.split("\n").filter(Boolean)).toEqual([
      "note: --input is the old spelling of --input-tokens (still accepted)",
      "note: --output 250 is read as --output-tokens 250 (old spelling; -o/--output names the output file)",
    ]);
    // the old `--output N -o FILE` (tokens and a file in one run) keeps both
    const a = join(dir, "a.json");
    const both = await cli([...args, "--input-tokens", "1200", "--output", "250", "-o", a]);
    expect(both.exitCode, both.stderr).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(now.stdout);
    // --output-file FILE
    const b = join(dir, "b.json");
    const f = await cli([...args, "--input-tokens", "1200", "--output-tokens", "250", "--output-file", b]);
    expect(f.exitCode, f.stderr).toBe(0);
    expect(f.stderr).toContain("note: --output-file is the old spelling of --output (still accepted)");
    expect(readFileSync(b, "utf8")).toBe(now.stdout);
    // a file whose name reads as a count is written ./500
    const c = await cli([...args, "--input-tokens", "1200", "-o", join(dir, "500")]);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(existsSync(join(dir, "500"))).toBe(true);
  });

  it("quote: two output files are refused", async () => {
    const dir = scratchDir("llmcost-spellings-");
    const r = await cli(["quote", "gpt-4o-mini", "-o", join(dir, "a.txt"), "--output", join(dir, "b.txt")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("more than one output file");
  });

  it("init -o FILE is init FILE; both naming different files is refused", async () => {
    const dir = scratchDir("llmcost-spellings-");
    const a = await cli(["init", "-o", join(dir, "a.yaml")]);
    expect(a.exitCode, a.stderr).toBe(0);
    const b = await cli(["init", join(dir, "b.yaml")]);
    expect(readFileSync(join(dir, "a.yaml"), "utf8")).toBe(readFileSync(join(dir, "b.yaml"), "utf8"));
    expect(b.exitCode).toBe(0);
    const c = await cli(["init", join(dir, "c.yaml"), "-o", join(dir, "d.yaml")]);
    expect(c.exitCode).toBe(2);
    expect(existsSync(join(dir, "c.yaml")) || existsSync(join(dir, "d.yaml"))).toBe(false);
  });

  it("completion offers the new spellings only", async () => {
    const r = await cli(["completion", "bash"]);
    expect(r.stdout).toContain("--input-tokens");
    expect(r.stdout).not.toContain("--output-file");
  });
});
