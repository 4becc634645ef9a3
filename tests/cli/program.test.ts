import { describe, expect, it } from "vitest";
import { bin, cli } from "../helpers/cli.js";

/**
 * The command tree is built in full only for the command named on the command line
 * (src/cli/program.ts); every other command is registered by name and summary. These tests pin
 * what users see not to depend on which commands were built.
 */
describe("the command tree, built for the command asked for", () => {
  it("lists every command with its summary, usage and arguments in --help", async () => {
    const help = (await cli(["--help"])).stdout;
    for (const line of [
      "estimate [options] <workload>",
      "quote [options] <model>",
      "catalog",
      "trend [options] [models...]",
      "check [options] <workload>",
      "diff [options] <base> [head]",
      "schema [options] <kind> [part]",
      "init [options] [file]",
    ])
      expect(help).toContain(line);
  });

  it("suggests the command meant after a typo, and exits 2", () => {
    const r = bin(["estimat", "examples/support-assistant.yaml"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'estimat'[\s\S]*Did you mean estimate\?/);
  });

  it("rejects an unknown option of the command run, and of a command not run", async () => {
    const own = await cli(["estimate", "examples/support-assistant.yaml", "--fromat", "json"]);
    expect(own.exitCode).toBe(2);
    expect(own.stderr).toMatch(/unknown option '--fromat'[\s\S]*Did you mean --format\?/);
    // `quote`'s --self-host is not an estimate option, even though both are registered.
    const other = await cli(["estimate", "examples/support-assistant.yaml", "--self-host", "h100-sxm"]);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain("unknown option '--self-host'");
  });

  it("shows a command's own help, and help for a command named after `help`", async () => {
    const own = (await cli(["quote", "--help"])).stdout;
    const viaHelp = (await cli(["help", "quote"])).stdout;
    expect(own).toContain("--requests-per-day <n>");
    expect(viaHelp).toBe(own);
  });
});
