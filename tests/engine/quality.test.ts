import { describe, expect, it } from "vitest";
import {
  classOfScore,
  comparableQuality,
  QUALITY_CLASSES,
  qualityOf,
  qualityView,
  sameOrBetterClass,
} from "../../src/engine/quality.js";
import type { Catalog, CatalogProvider } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { embedded } from "../helpers/cli.js";

/**
 * Quality classes (docs/quality.md). The small catalog below is made by hand so every class can be
 * worked out: bands {frontier: 50, strong: 100, mid: 175} points below the snapshot's top score.
 */

const price = [{ from: "2024-01-01", input: 1, output: 2 }];
const providers: CatalogProvider[] = [
  {
    provider: { id: "acme", name: "Acme", currency: "USD", source: "https://acme.test/pricing" },
    models: [
      { id: "big-1", aliases: ["big"], prices: price },
      { id: "small-1", aliases: ["small-1-2024"], prices: price },
    ],
  },
  {
    provider: { id: "cloud", name: "Cloud", currency: "USD", source: "https://cloud.test/pricing" },
    models: [{ id: "small@2024", aliases: ["small-1-2024"], prices: price }],
  },
];

function withQuality(): Catalog {
  const c = tinyCatalog(providers);
  c.quality = {
    bands: { frontier: 50, strong: 100, mid: 175 },
    snapshots: [
      {
        date: "2024-01-10",
        leaderboard: "Test Arena",
        metric: "arena-elo",
        source: "https://arena.test/2024-01-10",
        top: { name: "x", score: 1300 },
        scores: { "big-1": { score: 1290 }, "small-1-2024": { score: 1210 } },
      },
      {
        date: "2024-12-01",
        leaderboard: "Test Arena",
        metric: "arena-elo",
        source: "https://arena.test/2024-12-01",
        top: { name: "z", score: 1500 },
        scores: { "big-1": { score: 1450 } },
      },
      {
        date: "2024-06-01",
        leaderboard: "Test Arena",
        metric: "arena-elo",
        source: "https://arena.test/2024-06-01",
        top: { name: "y", score: 1400 },
        scores: { "big-1": { score: 1380 }, "small-1-2024": { score: 1230, ci: [1220, 1240] } },
      },
    ],
    overrides: [{ model: "small-1", class: "strong", from: "2025-01-01", source: "our eval, docs/eval-2025.md" }],
  };
  return c;
}

describe("classOfScore: distance below the top, bounds inclusive", () => {
  const bands = { frontier: 50, strong: 100, mid: 175 };
  it.each([
    [1300, "frontier"], // 0 below
    [1250, "frontier"], // 50 below: the bound belongs to frontier
    [1249.9, "strong"], // 50.1 below
    [1200, "strong"], // 100 below
    [1125, "mid"], // 175 below
    [1124.9, "basic"], // 175.1 below
  ] as const)("score %d under a top of 1300 is %s", (score, cls) => {
    expect(classOfScore(score, 1300, bands)).toBe(cls);
  });
});

describe("class order", () => {
  it("is frontier, strong, mid, basic", () => {
    expect(QUALITY_CLASSES).toEqual(["frontier", "strong", "mid", "basic"]);
  });
  it("sameOrBetterClass(a, b) is true when a is at least b", () => {
    expect(sameOrBetterClass("strong", "mid")).toBe(true);
    expect(sameOrBetterClass("mid", "strong")).toBe(false);
    expect(sameOrBetterClass("basic", "basic")).toBe(true);
    expect(sameOrBetterClass("frontier", "basic")).toBe(true);
  });
});

describe("qualityOf picks the newest snapshot dated on or before as_of that scores the model", () => {
  const c = withQuality();

  it("before any snapshot there is no class", () => {
    expect(qualityOf(c, "big-1", "2024-01-09")).toBeUndefined();
  });

  it("on 2024-03-01 the 2024-01-10 snapshot: big-1 1290 is 10 below 1300, frontier", () => {
    expect(qualityOf(c, "big", "2024-03-01")).toEqual({
      class: "frontier",
      score: 1290,
      leaderboard: "Test Arena",
      metric: "arena-elo",
      date: "2024-01-10",
      source: "https://arena.test/2024-01-10",
      top: 1300,
      key: "big-1",
      override: false,
    });
  });

  it("small-1 is scored under its alias small-1-2024: 1210 is 90 below 1300, strong", () => {
    const q = qualityOf(c, "small-1", "2024-03-01");
    expect([q?.class, q?.score, q?.key]).toEqual(["strong", 1210, "small-1-2024"]);
  });

  it("on 2024-07-01 the 2024-06-01 snapshot (listed out of order): 1230 is 170 below 1400, mid", () => {
    const q = qualityOf(c, "small-1", "2024-07-01");
    expect([q?.class, q?.date]).toEqual(["mid", "2024-06-01"]);
  });

  it("the newest snapshot does not score small-1, so the one before it does", () => {
    const q = qualityOf(c, "small-1", "2024-12-15");
    expect([q?.class, q?.date, q?.score]).toEqual(["mid", "2024-06-01", 1230]);
    // big-1 on 2024-12-01: 1450 is exactly 50 below 1500, still frontier.
    expect(qualityOf(c, "big-1", "2024-12-01")?.class).toBe("frontier");
  });

  it("another provider's offering finds the score through the alias they share", () => {
    expect(qualityOf(c, "small@2024", "2024-07-01")?.class).toBe("mid");
    expect(qualityOf(c, "cloud/small@2024", "2024-07-01")?.class).toBe("mid");
  });

  it("a dated override wins from its day, with the snapshot's score beside it", () => {
    expect(qualityOf(c, "small-1", "2024-12-31")?.override).toBe(false);
    expect(qualityOf(c, "small-1", "2025-01-01")).toEqual({
      class: "strong",
      score: 1230,
      leaderboard: "override",
      metric: "class",
      date: "2025-01-01",
      source: "our eval, docs/eval-2025.md",
      top: 1400,
      key: "small-1-2024",
      override: true,
    });
  });

  it("a model nothing scores, or a catalog without quality data, has no class", () => {
    expect(qualityOf(c, "nonexistent", "2025-01-01")).toBeUndefined();
    expect(qualityOf(tinyCatalog(providers), "big-1", "2025-01-01")).toBeUndefined();
  });
});

describe("comparableQuality measures two models on one snapshot", () => {
  const c = withQuality();
  it("uses the newest snapshot that scores both, not each model's own newest", () => {
    // 2024-12-01 scores only big-1; 2024-06-01 scores both: big-1 1380 (20 below 1400) frontier, small-1 mid.
    const r = comparableQuality(c, "big-1", "small-1", "2024-12-15");
    expect([r?.a.class, r?.a.date, r?.b.class, r?.b.date]).toEqual(["frontier", "2024-06-01", "mid", "2024-06-01"]);
    expect(qualityOf(c, "big-1", "2024-12-15")?.date).toBe("2024-12-01");
  });
  it("is undefined when no snapshot scores both", () => {
    expect(comparableQuality(c, "big-1", "small-1", "2024-01-09")).toBeUndefined();
  });
});

describe("qualityView lists a snapshot's classes, best first", () => {
  it("shows the snapshot in force and every override in force", () => {
    const v = qualityView(withQuality(), "2025-02-01");
    expect(v.snapshots.map((s) => s.date)).toEqual(["2024-12-01"]);
    expect(v.snapshots[0]?.rows).toEqual([
      { key: "big-1", name: null, score: 1450, ci: null, below_top: 50, class: "frontier" },
    ]);
    expect(v.overrides.map((o) => o.model)).toEqual(["small-1"]);
    expect(qualityView(withQuality(), "2025-02-01", true).snapshots.map((s) => s.date)).toEqual([
      "2024-12-01",
      "2024-06-01",
      "2024-01-10",
    ]);
  });
});

describe("the embedded catalog's snapshots (pricing-data/quality.yaml)", () => {
  const c = embedded();
  it("gpt-4o-mini on 2024-08-01: the 2024-07-22 snapshot, 1279.7 vs a top of 1286.8 (7.1 below), frontier", () => {
    const q = qualityOf(c, "gpt-4o-mini", "2024-08-01");
    expect([q?.class, q?.score, q?.top, q?.date, q?.key]).toEqual([
      "frontier",
      1279.7,
      1286.8,
      "2024-07-22",
      "gpt-4o-mini-2024-07-18",
    ]);
  });
  it("gpt-4o-mini on 2026-01-01: the 2025-12-11 snapshot, 1287.2 vs 1486.6 (199.4 below), basic", () => {
    const q = qualityOf(c, "gpt-4o-mini", "2026-01-01");
    expect([q?.class, q?.score, q?.top, q?.date]).toEqual(["basic", 1287.2, 1486.6, "2025-12-11"]);
  });
  it("gpt-5.5 on 2026-11-22: the 2026-08-19 snapshot, 1465.6 vs 1505.1 (39.5 below), frontier", () => {
    const q = qualityOf(c, "gpt-5.5", "2026-11-22");
    expect([q?.class, q?.score, q?.top, q?.date]).toEqual(["frontier", 1465.6, 1505.1, "2026-08-19"]);
  });
  it("every snapshot has a date, a source URL and its top at or above every score", () => {
    for (const s of c.quality?.snapshots ?? []) {
      expect(s.source).toMatch(/^https:\/\//);
      for (const v of Object.values(s.scores)) expect(v.score).toBeLessThanOrEqual(s.top.score);
    }
    expect(c.quality?.snapshots.length).toBeGreaterThanOrEqual(7);
  });
});
