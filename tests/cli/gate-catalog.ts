import type { Catalog } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";

/**
 * A small made-up catalog for the check and diff tests (and their goldens), so every figure can be
 * computed by hand and the goldens do not move when pricing-data/ changes.
 * acme (USD): acme-chat 1.00 in / 2.00 out per 1M from 2025-01-01, input 0.50 from 2025-06-01;
 *             acme-big 4.00 in / 8.00 out per 1M.
 * beta (EUR): beta-chat 1.00 in / 1.00 out per 1M. EUR: 0.8 per USD from 2025-01-01.
 */
export function gateCatalog(): Catalog {
  return tinyCatalog(
    [
      {
        provider: { id: "acme", name: "Acme AI", currency: "USD", source: "https://example.test/acme" },
        models: [
          {
            id: "acme-chat",
            prices: [
              { from: "2025-01-01", input: 1, output: 2, cached_input: 0.5 },
              { from: "2025-06-01", input: 0.5, output: 2, cached_input: 0.25 },
            ],
          },
          { id: "acme-big", prices: [{ from: "2025-01-01", input: 4, output: 8 }] },
        ],
      },
      {
        provider: { id: "beta", name: "Beta", currency: "EUR", source: "https://example.test/beta" },
        models: [{ id: "beta-chat", prices: [{ from: "2025-01-01", input: 1, output: 1 }] }],
      },
    ],
    [{ from: "2025-01-01", currency: "EUR", per_usd: 0.8 }],
  );
}
