import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOverlay, mergeCatalog } from "../../src/load/catalog.js";
import { cli, embedded } from "../helpers/cli.js";

/**
 * Catalog trust (issue 7): an overlay catalog (`--catalog FILE`, downloaded from elsewhere) cannot
 * execute anything, cannot make llmcost read other files, cannot change the prices of providers it
 * does not name, and one written for a newer schema is refused with the supported range.
 */

const dir = mkdtempSync(join(tmpdir(), "llmcost-trust-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const W = join(dir, "w.yaml");
writeFileSync(
  W,
  "llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: chat, model: gpt-4o-mini, providers: [openai], requests: 1000, input_tokens: 1000, output_tokens: 100}\n",
);

function file(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe("an overlay cannot execute anything", () => {
  const marker = join(dir, "pwned");
  it.each([
    [
      "a JS function tag",
      `schema: 1\nsource: !!js/function "function () { require('fs').writeFileSync('${marker}', '') }"\n`,
    ],
    ["a Python object tag", `schema: 1\nsource: !!python/object/apply:os.system ["touch ${marker}"]\n`],
    ["a local tag", "schema: 1\nsource: !shell touch /tmp/x\n"],
  ])("%s is refused as unsupported YAML", async (_label, text) => {
    const o = file("tag.yaml", text);
    const r = await cli(["estimate", W, "--catalog", o]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${o}:2:9: unsupported YAML: Unresolved tag`);
    expect(existsSync(marker)).toBe(false);
  });

  it("shell syntax in a string stays a string", async () => {
    const o = file("shell.yaml", `schema: 1\nproviders:\n  - provider: {id: openai, source: "$(touch ${marker})"}\n`);
    const r = await cli(["estimate", W, "--catalog", o, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("an overlay cannot read other files", () => {
  const secret = file("outside/secret.yaml", "accelerators: TOP-SECRET-CONTENT\n");
  it.each([
    ["an absolute path", "hardware", "/etc/passwd"],
    ["a path up and out", "hardware", "../outside/secret.yaml"],
    ["a providers folder outside", "providers", "../../"],
  ])("%s in catalog.yaml is refused before anything is read", async (_label, key, value) => {
    file("cat/hardware.yaml", "schema: 1\naccelerators: []\n");
    const idx = file(
      "cat/catalog.yaml",
      `schema: 1\nname: evil\nversion: 2026.11.0\n${key}: ${JSON.stringify(value)}\n`,
    );
    const r = await cli(["estimate", W, "--catalog", idx]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${idx}:4:`);
    expect(r.stderr).toContain(`${key}: the path leaves the catalog's folder`);
    expect(r.stderr).not.toContain("TOP-SECRET");
    expect(r.stderr).not.toContain("root:");
    expect(existsSync(secret)).toBe(true);
  });
});

describe("an overlay changes only the providers it names", () => {
  it("every provider the overlay does not name is unchanged, field for field", () => {
    const o = file(
      "openai-only.yaml",
      "schema: 1\nproviders:\n  - provider: {id: openai}\n    models:\n      - id: gpt-4o-mini\n        prices:\n          - {from: 2020-01-01, input: 99, output: 99, source: https://example.com/fake}\n",
    );
    const base = embedded();
    const merged = mergeCatalog(base, [loadOverlay(o)]);
    const others = (c: typeof base) => c.providers.filter((p) => p.provider.id !== "openai");
    expect(others(merged)).toEqual(others(base));
    expect(merged.rates).toEqual(base.rates);
    expect(merged.models).toEqual(base.models);
    expect(merged.accelerators).toEqual(base.accelerators);
    // openai's other models are kept; only the named one is replaced.
    const ids = (c: typeof base) =>
      (c.providers.find((p) => p.provider.id === "openai")?.models ?? []).map((m) => m.id);
    expect(ids(merged).sort()).toEqual(ids(base).sort());
  });

  it("an estimate on another provider costs the same with or without the overlay", async () => {
    const o = file(
      "openai-only-2.yaml",
      "schema: 1\nproviders:\n  - provider: {id: openai}\n    models:\n      - id: gpt-4o-mini\n        prices:\n          - {from: 2020-01-01, input: 99, output: 99, source: https://example.com/fake}\n",
    );
    const w = file(
      "anthropic.yaml",
      "llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: a, model: claude-3-5-haiku, providers: [anthropic], requests: 1000, input_tokens: 1000, output_tokens: 100}\n",
    );
    const plain = JSON.parse((await cli(["estimate", w, "--format", "json"])).stdout);
    const withOverlay = JSON.parse((await cli(["estimate", w, "--format", "json", "--catalog", o])).stdout);
    expect(withOverlay.items).toEqual(plain.items);
    expect(withOverlay.total).toBe(plain.total);
  });
});

describe("a catalog written for a newer schema", () => {
  it.each([
    ["a provider file", "schema: 2\nprovider:\n  id: openai\n  brand_new_field: 1\n"],
    ["an overlay bundle", "schema: 2\nproviders: []\nsomething_new: {}\n"],
  ])("%s is refused with the supported range, and only that", async (_label, text) => {
    const o = file("newer.yaml", text);
    const r = await cli(["estimate", W, "--catalog", o]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `${o}:1:9: schema: catalog schema 2 is newer than this llmcost supports (it reads catalog schema 1 to 1)`,
    );
    expect(r.stderr).toContain("hint:     upgrade llmcost");
    expect(r.stderr.match(/^error: /gm)).toHaveLength(1);
  });

  it("an older or malformed schema value is a plain fault", async () => {
    const o = file("older.yaml", "schema: 0\nproviders: []\n");
    const r = await cli(["estimate", W, "--catalog", o]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toContain("newer");
    expect(r.stderr).toContain("schema");
  });
});
