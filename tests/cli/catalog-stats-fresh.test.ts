import { describe, expect, it } from "vitest";
import { catalogStats } from "../../src/engine/catalog-stats.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { cli } from "../helpers/cli.js";

/** `catalog stats`: per provider, the newest confirmation and the share confirmed within 90 days. */

const a: CatalogProvider = {
  provider: { id: "a", name: "A", currency: "USD", source: "https://a.example" },
  models: [
    // Newest observation 2026-11-01 (its `checked`): within 90 days of 2026-12-01 (since 2026-09-02).
    { id: "m1", prices: [{ from: "2024-01-01", checked: "2026-11-01", input: 1, output: 2 }] },
    // Newest observation 2026-09-01: one day too old.
    { id: "m2", prices: [{ from: "2026-09-01", input: 1, output: 2 }] },
  ],
  gpus: [{ gpu: "h100-sxm", prices: [{ from: "2026-10-15", on_demand: 3 }] }],
};
const b: CatalogProvider = {
  provider: { id: "b", name: "B", currency: "USD", source: "https://b.example" },
  // A price from after as_of is no observation yet: newest is 2025-01-01.
  models: [
    {
      id: "m3",
      prices: [
        { from: "2025-01-01", input: 1 },
        { from: "2027-01-01", input: 0.5 },
      ],
    },
  ],
};
const tiny = tinyCatalog([a, b]);

describe("catalog stats freshness", () => {
  it("counts offerings confirmed within 90 days, per provider and in all", () => {
    const s = catalogStats(tiny, "2026-12-01");
    // 2026-12-01 minus 90 days = 2026-09-02.
    expect(s.confirmed_90d).toEqual({ since: "2026-09-02", offerings: 2, share: 2 / 4 });
    expect(s.per_provider.map((p) => [p.provider, p.latest, p.confirmed_90d])).toEqual([
      ["a", "2026-11-01", { offerings: 2, share: 2 / 3 }],
      ["b", "2025-01-01", { offerings: 0, share: 0 }],
    ]);
  });
  it("the table lists each provider by default; --no-providers leaves it out", async () => {
    const run = (args: string[]) => cli(args, { catalog: () => tiny });
    const t = await run(["catalog", "stats", "--as-of", "2026-12-01"]);
    expect(t.stdout).toMatch(/confirmed in 90 days\s+2 of 4 offerings \(50%\) since 2026-09-02/);
    expect(t.stdout).toMatch(/\ba\s+2\s+1\s+3\s+USD\s+2026-11-01\s+2 \(67%\)/);
    const n = await run(["catalog", "stats", "--as-of", "2026-12-01", "--no-providers"]);
    expect(n.stdout).not.toContain("newest confirmation");
  });
});
