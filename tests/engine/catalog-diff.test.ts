import { describe, expect, it } from "vitest";
import { diffCatalog } from "../../src/engine/catalog-diff.js";
import { tinyCatalog } from "../helpers/catalog.js";

const catalog = tinyCatalog([
  {
    provider: { id: "acme", name: "Acme", currency: "USD", source: "https://acme.example" },
    models: [
      {
        id: "big",
        prices: [
          { from: "2024-01-01", input: 5, output: 15 },
          { from: "2024-06-01", input: 2.5, output: 15 },
        ],
      },
      { id: "gone", prices: [{ from: "2024-01-01", until: "2024-03-01", input: 1, output: 1 }] },
      { id: "new", prices: [{ from: "2024-04-01", input: 1, output: 2 }] },
      {
        id: "promo",
        prices: [
          { from: "2024-01-01", free: true },
          { from: "2024-05-01", input: 0.1, output: 0.2 },
        ],
      },
    ],
    gpus: [
      {
        gpu: "h100-sxm",
        prices: [
          { from: "2024-01-01", on_demand: 4 },
          { from: "2024-05-01", on_demand: 3 },
        ],
      },
    ],
  },
]);

describe("diffCatalog", () => {
  it("finds new and ended offerings and price moves with their change", () => {
    const d = diffCatalog(catalog, "2024-02-01", "2024-07-01");
    expect(d.added.map((o) => o.offering)).toEqual(["new"]);
    expect(d.ended.map((o) => o.offering)).toEqual(["gone"]);
    expect(d.moves.map((m) => [m.offering, m.field, m.before, m.after, m.change])).toEqual([
      // (2.5 − 5) / 5 = −0.5; output unchanged, so no move.
      ["big", "input", 5, 2.5, -0.5],
      ["promo", "input", 0, 0.1, null],
      ["promo", "output", 0, 0.2, null],
      // GPU: (3 − 4) / 4 = −0.25
      ["h100-sxm", "on_demand", 4, 3, -0.25],
    ]);
  });

  it("is empty between two dates with the same prices, and honours the provider filter", () => {
    const d = diffCatalog(catalog, "2024-07-01", "2024-08-01");
    expect(d.added.length + d.ended.length + d.moves.length).toBe(0);
    const none = diffCatalog(catalog, "2024-02-01", "2024-07-01", new Set(["other"]));
    expect(none.moves).toEqual([]);
  });
});
