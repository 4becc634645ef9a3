/**
 * `llmcost/core`: the engine with the embedded catalog as data, and nothing that needs a file
 * system, so it runs in a browser or an edge worker. The catalog is the one compiled and validated
 * at build time (dist/catalog.json), bundled into this module by scripts/build.mjs.
 */
// Resolved at build time to dist/catalog.json (scripts/build.mjs, plugin "embedded-catalog").
import data from "llmcost:embedded-catalog";
import type { Catalog } from "../schema/catalog.js";

export * from "./api.js";

/** The catalog embedded in this version of llmcost (the same one the CLI uses). */
export function embeddedCatalog(): Catalog {
  return data as Catalog;
}
