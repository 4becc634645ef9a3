import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";

/**
 * A cold `llmcost estimate` of a valid workload does not evaluate zod (docs/performance.md): the
 * fast reader (src/load/workload-fast.ts) checks it, and zod's part of the bundle is loaded only
 * for a workload the fast reader is not sure of. zod 4 leaves its registry on the global object
 * when it is evaluated (`__zod_globalRegistry`); a preloaded module reports it at exit.
 */
describe("the built CLI's estimate of a valid workload leaves zod unloaded", () => {
  const dir = scratchDir("no-zod-");
  const probe = join(dir, "probe.cjs");
  writeFileSync(
    probe,
    `process.on("exit", () => require("node:fs").writeSync(2, "zod evaluated: " + (globalThis.__zod_globalRegistry !== undefined) + "\\n"));\n`,
  );
  const run = (args: string[]) => bin(args, { env: { NODE_OPTIONS: `--require ${probe}` } });

  it.each([["json"], ["table"]])("examples/mixed.yaml, --format %s", (format) => {
    const r = run(["estimate", "examples/mixed.yaml", "--format", format]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("zod evaluated: false\n");
  });

  it("an invalid workload loads zod, which reports the fault", () => {
    const w = join(dir, "bad.yaml");
    writeFileSync(w, "llmcost: 1\ninference:\n  - name: chat\n    model: gpt-4o-mini\n    requests_per_dya: 10\n");
    const r = run(["estimate", w, "--format", "json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/requests_per_dya/);
    expect(r.stderr).toMatch(/zod evaluated: true\n$/);
  });
});
