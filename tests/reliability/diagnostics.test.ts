import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 10: diagnostics that say what is really wrong. */
describe("misleading diagnostics", () => {
  const dir = scratchDir("llmcost-diag-");
  const base = readFileSync("examples/support-assistant.yaml", "utf8");
  const file = (name: string, data: string | Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };

  it.each([
    ["with a byte-order mark", Buffer.from(`\ufeff${base}`, "utf16le"), "little-endian"],
    ["big-endian", Buffer.from(base, "utf16le").swap16(), "big-endian"],
    ["without a byte-order mark", Buffer.from(base, "utf16le"), "little-endian"],
  ])("UTF-16 %s is named as such", async (_what, bytes, order) => {
    const r = await cli(["estimate", file("u16.yaml", bytes)]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`is UTF-16 text \\(${order}\\): llmcost reads UTF-8`));
  });

  it("reads CR-only line breaks as line breaks", async () => {
    const r = await cli(["estimate", file("cr.yaml", base.replace(/\n/g, "\r"))]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^support-assistant/);
  });

  it.each(["!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!binary aGk="])(
    "refuses %s like any tag",
    async (v) => {
      const r = await cli(["estimate", file("tag.yaml", base.replace("name: support-assistant", `name: ${v}`))]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/unsupported YAML: Unresolved tag/);
    },
  );

  it("refuses !!timestamp like any tag", async () => {
    const r = await cli([
      "estimate",
      file("ts.yaml", base.replace("as_of: 2026-11-01", "as_of: !!timestamp 2026-11-01")),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Unresolved tag: tag:yaml.org,2002:timestamp/);
  });

  it("an absurd --price-per-gpu-hour gets a hint about the flag, not about --catalog", async () => {
    const r = await cli([
      "quote",
      "llama-3.1-8b",
      "--train",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--price-per-gpu-hour",
      "1e308",
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/hint: +your own price is too large: price_per_gpu_hour/);
    expect(r.stderr).not.toMatch(/--catalog/);
  });
});
