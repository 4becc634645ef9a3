import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The Node entry's `embeddedCatalog()` (dist/lib/index.js) reads dist/catalog.pack as the CLI does
 * (src/load/catalog-pack.ts): the providers and model names at once, each large part (a model's
 * prices…) when first read. It parsed all of dist/catalog.json. It must read exactly as
 * catalog.json does, and overlays must merge on it as on the parsed JSON. `llmcost/core` keeps its
 * catalog bundled as data (tests/cli/pack.test.ts imports both from a packed install).
 */

type Lib = typeof import("../../src/lib/index.js");
const load = async (tag: string): Promise<Lib> =>
  (await import(`${pathToFileURL(resolve("dist/lib/index.js")).href}?${tag}`)) as Lib;
const json = () => JSON.parse(readFileSync("dist/catalog.json", "utf8"));

describe("the Node library's embedded catalog", () => {
  it("is read from the pack: a model's prices are parsed when first read", async () => {
    const lib = await load("lazy");
    const model = lib.embeddedCatalog().providers[0]?.models?.[0] as object;
    expect(typeof Object.getOwnPropertyDescriptor(model, "prices")?.get).toBe("function");
  });

  it("reads as dist/catalog.json does, key order included", async () => {
    const lib = await load("equal");
    expect(JSON.stringify(lib.embeddedCatalog())).toBe(JSON.stringify(json()));
  });

  it("takes overlays as the parsed JSON does, and prices the same", async () => {
    const lib = await load("overlay");
    const overlays = ["examples/billing/contract-overlay.yaml"];
    const packed = lib.loadCatalog({ overlays });
    const parsed = lib.loadCatalog({ overlays, base: json() });
    expect(JSON.stringify(packed)).toBe(JSON.stringify(parsed));
    const w = lib.workload({
      name: "w",
      inference: [{ name: "a", model: "gpt-4o-mini", requests_per_day: "20k", input_tokens: 1200, output_tokens: 250 }],
    });
    const opts = { asOf: "2026-11-01", currency: "USD" };
    expect(lib.estimate(w, packed, opts).estimate).toEqual(lib.estimate(w, parsed, opts).estimate);
  });
});
