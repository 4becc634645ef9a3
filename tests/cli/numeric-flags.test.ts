import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/**
 * Numeric flags read one way (docs/numbers.md, "Numbers on the command line"). A count
 * (--alternatives, --max-errors, --threads, --apply N) is decimal digits; a share
 * (--diff-threshold) is a plain decimal or a percentage. `Number()` read `0x2` as 2, `1e1` as 10,
 * `+2` as 2, `0b1` as 1 and an empty value as 0, so `--max-errors 0x2` ran as `--max-errors 2`.
 * Spaces around a value are ignored, as by every flag.
 */
const W = "examples/support-assistant.yaml";
const LOG = "tests/fixtures/usage/litellm-spend.json";

const FLAGS: Array<[string, (v: string) => string[], RegExp]> = [
  ["--alternatives", (v) => ["estimate", W, "--alternatives", v], /--alternatives: not a count/],
  ["--max-errors", (v) => ["usage", LOG, "--max-errors", v], /--max-errors: not a count/],
  ["--threads", (v) => ["usage", LOG, "--threads", v], /--threads: not a thread count/],
  ["--apply", (v) => ["optimize", W, "--apply", v], /--apply: no such suggestion/],
  ["--diff-threshold", (v) => ["usage", LOG, "--diff-threshold", v], /--diff-threshold: not a share/],
];

describe("numeric flags take plain numbers", () => {
  it.each(FLAGS)(
    "%s refuses 0x2, 1e1, +2, 0b1, 2.5e0 and an empty value (exit 2, the flag named)",
    async (_, argv, message) => {
      for (const v of ["0x2", "1e1", "+2", "0b1", "2.5e0", "", " ", "2 0", "Infinity"]) {
        const r = await cli(argv(v));
        expect({ v, exit: r.exitCode, stdout: r.stdout }).toEqual({ v, exit: 2, stdout: "" });
        expect(r.stderr).toMatch(message);
      }
    },
  );

  it.each(FLAGS.filter(([f]) => f !== "--apply"))("%s takes 1 and ' 1 '", async (_, argv) => {
    for (const v of ["1", " 1 "]) expect((await cli(argv(v))).exitCode).toBe(0);
  });

  it("--diff-threshold takes 0.05, .05 and 5%, all the same share", async () => {
    const outs = await Promise.all(
      ["0.05", ".05", "5%"].map((v) => cli(["usage", LOG, "--diff-threshold", v, "--format", "json"])),
    );
    for (const r of outs) expect(r.exitCode).toBe(0);
    expect(new Set(outs.map((r) => r.stdout)).size).toBe(1);
  });
});
