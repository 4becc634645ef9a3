import { spawnSync } from "node:child_process";
import { lstatSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";

describe("--output targets", () => {
  it("writes into a pipe behind a /proc link instead of replacing the link", () => {
    // /dev/stdout → /proc/self/fd/1 → pipe:[N]; a link of our own to the same place stands in for it,
    // so the test never touches the system's /dev/stdout.
    const dir = scratchDir("llmcost-out-");
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    // A real shell pipe (a spawned child's stdout here would be a socket, which Linux cannot open by path).
    const r = spawnSync("bash", ["-c", `"${process.execPath}" bin/llmcost.js schema workload -o "${link}" | cat`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).$schema).toMatch(/json-schema\.org/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true); // the link was written through, not replaced by a file
  });

  it("never writes colour into a file, even when colour is forced", () => {
    const dir = scratchDir("llmcost-out-");
    const file = join(dir, "report.txt");
    const r = bin(["estimate", "examples/support-assistant.yaml", "-o", file], { env: { FORCE_COLOR: "1" } });
    expect(r.exitCode).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/Total: \$/);
    expect(text).not.toMatch(/\u001b\[/);
  });
});
