import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";

/** `llmcost completion bash|zsh|fish` (issue 13): commands, options and model ids, from the specs. */
describe("shell completion", () => {
  it("bash completes commands, subcommands, options, model and provider ids", () => {
    const r = bin(["completion", "bash"]);
    expect(r.exitCode).toBe(0);
    const file = join(scratchDir("completion-"), "llmcost.bash");
    writeFileSync(file, r.stdout);
    const complete = (...words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `source "$0"; COMP_WORDS=(llmcost ${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length}; _llmcost; echo "\${COMPREPLY[@]}"`,
          file,
        ],
        { encoding: "utf8" },
      ).trim();
    expect(complete("qu")).toBe("quote");
    expect(complete("catalog", "sh")).toContain("show");
    expect(complete("quote", "--requests-per-d")).toBe("--requests-per-day");
    expect(complete("quote", "gpt-4o-mi").split(" ")).toContain("gpt-4o-mini");
    expect(complete("catalog", "show", "claude-3-5-so").split(" ")).toContain("claude-3-5-sonnet");
    expect(complete("quote", "gpt-4o", "--provider", "open")).toBe("openai");
  });

  it("zsh and fish scripts, and a clear error for another shell", () => {
    expect(bin(["completion", "zsh"]).stdout).toContain("bashcompinit");
    const fish = bin(["completion", "fish"]).stdout;
    expect(fish).toContain("complete -c llmcost -n '__fish_seen_subcommand_from quote' -l requests-per-day");
    expect(fish).toMatch(/__fish_seen_subcommand_from quote' -a '[^']*gpt-4o-mini/);
    const bad = bin(["completion", "powershell"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("expected: bash, zsh, fish");
  });
});
