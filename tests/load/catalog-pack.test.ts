import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PART_MIN_BYTES, packCatalog, unpackCatalog } from "../../src/load/catalog-pack.js";
import type { Catalog } from "../../src/schema/catalog.js";
import { bin, cli, embedded } from "../helpers/cli.js";

/** The pack the build writes, from the pricing-data catalog the other tests load. */
function packed(): { text: string; catalog: Catalog } {
  const text = packCatalog(embedded());
  return { text, catalog: unpackCatalog(Buffer.from(text, "latin1")) };
}

describe("the catalog pack (dist/catalog.pack)", () => {
  it("reads back as the same JSON, byte for byte: every value, every key in its place", () => {
    expect(JSON.stringify(packed().catalog)).toBe(JSON.stringify(embedded()));
  });

  it("is ASCII, so parts decode as latin1; other characters come back from \\u escapes", () => {
    const { text, catalog } = packed();
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    // The catalog has names outside ASCII (e.g. 01.AI's "零一万物"): they read back as written.
    const names = embedded().providers.map((p) => p.provider.name);
    expect(names.some((n) => /[^\x00-\x7f]/.test(n))).toBe(true);
    expect(catalog.providers.map((p) => p.provider.name)).toEqual(names);
  });

  it("leaves the names in the first line and the large parts apart, parsed on first read", () => {
    const { text, catalog } = packed();
    const [head] = text.split("\n", 1) as [string];
    const first = JSON.parse(head) as Catalog;
    const withPrices = embedded().providers.flatMap((p) => p.models ?? []);
    // Every model keeps its id in the first line; a model whose prices are PART_MIN_BYTES or more
    // of JSON has a placeholder there instead of them.
    const big = withPrices.findIndex((m) => JSON.stringify(m.prices).length >= PART_MIN_BYTES);
    expect(big).toBeGreaterThanOrEqual(0);
    const headModels = first.providers.flatMap((p) => p.models ?? []);
    expect(headModels.map((m) => m.id)).toEqual(withPrices.map((m) => m.id));
    expect(headModels[big]?.prices).toBe(0);
    // Read through the catalog, the part is the prices, and stays the same array once read.
    const model = catalog.providers.flatMap((p) => p.models ?? [])[big];
    expect(Object.getOwnPropertyDescriptor(model, "prices")?.get).toBeTypeOf("function");
    expect(model?.prices).toEqual(withPrices[big]?.prices);
    expect(model?.prices).toBe(model?.prices);
    expect(Object.getOwnPropertyDescriptor(model, "prices")?.get).toBeUndefined();
  });

  it("lets a part be written before it is read (the catalog stays a plain, writable value)", () => {
    const { catalog } = packed();
    const provider = catalog.providers.find((p) => p.gpus !== undefined && JSON.stringify(p.gpus).length >= 256);
    if (!provider) throw new Error("the test needs a provider with a GPU list of 256 bytes or more");
    provider.gpus = [];
    expect(provider.gpus).toEqual([]);
    expect(Object.keys(provider)).toEqual(
      Object.keys(embedded().providers.find((p) => p.provider.id === provider.provider.id) ?? {}),
    );
  });

  it("reads each model's own part through the getter all models share", () => {
    const { catalog } = packed();
    const models = catalog.providers.flatMap((p) => p.models ?? []);
    const want = embedded().providers.flatMap((p) => p.models ?? []);
    const lazy = models.flatMap((m, i) => (Object.getOwnPropertyDescriptor(m, "prices")?.get ? [i] : []));
    expect(lazy.length).toBeGreaterThan(100);
    const [a, b] = lazy.slice(-2) as [number, number];
    // One shared accessor, each model its own prices; reading one leaves the other lazy.
    expect(Object.getOwnPropertyDescriptor(models[a], "prices")?.get).toBe(
      Object.getOwnPropertyDescriptor(models[b], "prices")?.get,
    );
    expect({ ...models[b] }).toEqual(want[b]);
    expect(Object.getOwnPropertyDescriptor(models[a], "prices")?.get).toBeTypeOf("function");
    expect(models[a]?.prices).toEqual(want[a]?.prices);
    // An object that only inherits the accessor has no part: said plainly, not another model's prices.
    const [c] = lazy as [number];
    expect(() => (Object.create(models[c] as object) as { prices: unknown }).prices).toThrow(
      /read through another object/,
    );
    expect(models[c]?.prices).toEqual(want[c]?.prices);
  });

  it("is refused when it is not a pack", () => {
    expect(() => unpackCatalog(Buffer.from('{"name":"x"}'))).toThrow(/not a catalog pack/);
  });

  it("is what the built CLI starts from: its output is the in-process CLI's, byte for byte", async () => {
    // The build writes dist/catalog.pack from pricing-data/ (src/load/compile.ts).
    expect(readFileSync("dist/catalog.pack", "latin1")).toBe(packed().text);
    for (const args of [
      ["estimate", "examples/mixed.yaml", "--format", "json"],
      ["catalog", "show", "claude-3-5-sonnet", "--format", "json", "--as-of", "2026-11-01"],
      ["catalog", "stats", "--as-of", "2026-11-01"],
    ]) {
      const built = bin(args);
      const inProcess = await cli(args);
      expect(built.stderr).toBe(inProcess.stderr);
      expect(built.stdout).toBe(inProcess.stdout);
    }
  });
});
