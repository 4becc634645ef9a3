/**
 * `llmcost` (Node): the library surface of `./api.js`, plus catalogs and workloads read from files.
 * The embedded catalog is dist/catalog.pack (the same catalog as dist/catalog.json, compiled and
 * validated at build time), read as the CLI reads it: src/load/catalog-pack.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadOverlay, mergeCatalog } from "../load/catalog.js";
import { unpackCatalog } from "../load/catalog-pack.js";
import { loadWorkload } from "../load/workload.js";
import type { Catalog } from "../schema/catalog.js";
import type { Workload } from "../schema/workload.js";

export * from "./api.js";

let embedded: Catalog | undefined;

/**
 * The catalog embedded in this version of llmcost (the same one the CLI uses), from the pack the CLI
 * starts from: the providers and model names are parsed at once, each model's prices (and the other
 * large parts) when first read. It reads as catalog.json does, key order included; parsing all of
 * catalog.json took most of a first call for a program that prices a few models.
 */
export function embeddedCatalog(): Catalog {
  embedded ??= unpackCatalog(readFileSync(fileURLToPath(new URL("../catalog.pack", import.meta.url))));
  return embedded;
}

/**
 * The embedded catalog with overlay files on top (as `--catalog FILE`, later wins), or overlays on
 * a base you give. Faults throw `InputError` with file, line and column.
 */
export function loadCatalog(opts: { overlays?: string[]; base?: Catalog } = {}): Catalog {
  const base = opts.base ?? embeddedCatalog();
  const files = opts.overlays ?? [];
  if (files.length === 0) return base;
  const texts = files.map((f) => readFileSync(f, "utf8"));
  return mergeCatalog(
    base,
    files.map((f, i) => loadOverlay(f, () => texts[i] as string)),
    texts,
  );
}

/** A workload file (YAML or JSON), validated; faults throw `InputError` with their places. */
export function loadWorkloadFile(path: string): Workload {
  return loadWorkload(path).workload;
}
