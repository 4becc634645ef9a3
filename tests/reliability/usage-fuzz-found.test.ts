import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { contractFault } from "../fuzz/oracles.js";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * What the `usage` fuzz family (tests/fuzz/usage-logs.ts) found, one regression test per class, each
 * the smallest case that showed it:
 *
 * 1. a gzip log cut short or with a damaged byte ended in "internal error" (exit 3): zlib's error
 *    reached the top unclassified.
 */
const dir = scratchDir("llmcost-usage-fuzz-found-");
const file = (name: string, bytes: string | Uint8Array) => {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
};
const ROW = '{"timestamp":"2026-10-14T09:00:00Z","provider":"openai","model":"gpt-4o-mini","input_tokens":1000,"output_tokens":100}\n';

describe("class 1: a damaged gzip log is bad input (exit 2, the file named), not an internal error", () => {
  const whole = gzipSync(Buffer.from(ROW.repeat(50)));
  const flipped = Buffer.from(whole);
  flipped[20] = (flipped[20] as number) ^ 0x5a;
  it.each([
    ["cut short", whole.subarray(0, whole.length - 12)],
    ["a flipped byte", flipped],
  ])("%s", async (_, bytes) => {
    const f = file("damaged.jsonl.gz", bytes);
    const out = join(dir, "out.json");
    const r = await cli(["usage", f, "--format", "json", "-o", out]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: .*damaged\.jsonl\.gz: not a valid gzip stream: /m);
    expect(existsSync(out)).toBe(false);
  });
});
