import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 8: an overlay cannot silently change what the catalog's prices mean. */
describe("overlays that would change meaning", () => {
  const dir = scratchDir("llmcost-ov-");
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it("refuses a currency change that would re-read prices it does not restate", async () => {
    const f = file("cny.yaml", "schema: 1\nproviders:\n  - provider: {id: openai, currency: CNY}\n");
    const v = await cli(["catalog", "validate", f]);
    expect(v.exitCode).toBe(2);
    expect(v.stdout).toMatch(/changing "openai"'s currency from USD to CNY would re-read \d+ price list\(s\)/);
    const q = await cli(["quote", "gpt-4o", "--catalog", f]);
    expect(q.exitCode).toBe(2);
  });

  it("keeps a currency that does not change", async () => {
    const f = file("usd.yaml", "schema: 1\nproviders:\n  - provider: {id: openai, currency: USD}\n");
    expect((await cli(["catalog", "validate", f])).exitCode).toBe(0);
  });

  it("refuses a provider listed twice in one overlay", async () => {
    const f = file("dup.yaml", "schema: 1\nproviders:\n  - provider: {id: openai}\n  - provider: {id: openai}\n");
    const v = await cli(["catalog", "validate", f]);
    expect(v.exitCode).toBe(2);
    expect(v.stdout).toMatch(/provider "openai" is listed twice in this overlay \(first at providers\[0\]\)/);
  });
});
