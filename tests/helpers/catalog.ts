import { digestOf } from "../../src/load/catalog.js";
import type { Catalog, CatalogProvider, FxRate } from "../../src/schema/catalog.js";

/** A small hand-made catalog for engine tests, so expected numbers can be computed by hand. */
export function tinyCatalog(providers: CatalogProvider[], rates: FxRate[] = []): Catalog {
  const c: Catalog = { name: "test", version: "2026.1.0", digest: "", providers, accelerators: [], models: [], rates };
  c.digest = digestOf(c);
  return c;
}
