import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { qualityOf } from "../../src/engine/quality.js";
import { InputError } from "../../src/errors.js";
import { loadOverlay, mergeCatalog } from "../../src/load/catalog.js";
import { embedded } from "../helpers/cli.js";

/**
 * Quality data in overlays (docs/quality.md): keys must be catalog models, scores at or below the
 * snapshot's top, intervals around their score, bands widening; each fault placed in its file.
 */

const dir = mkdtempSync(join(tmpdir(), "llmcost-quality-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function faults(path: string): string[] {
  try {
    mergeCatalog(embedded(), [loadOverlay(path)]);
  } catch (e) {
    if (e instanceof InputError) return e.message.split("\n");
    throw e;
  }
  return [];
}

const SNAP = `schema: 1
quality:
  snapshots:
    - date: 2026-09-01
      leaderboard: Our eval
      metric: pass-rate
      source: https://example.test/eval
      top: {name: gpt-4o-mini, score: 90}
      scores:
`;

describe("quality overlays are checked against the catalog they land on", () => {
  it("an unknown model key is refused at its line and column, with a suggestion", () => {
    const p = file("unknown.yaml", `${SNAP}        gpt-4o-minii: {score: 80}\n`);
    const out = faults(p);
    expect(out[0]).toContain(
      `${p}:10:9: quality.snapshots[0].scores.gpt-4o-minii: score key "gpt-4o-minii" is not a model in the catalog`,
    );
    expect(out.join("\n")).toMatch(/hint: +did you mean "gpt-4o-mini"/);
  });

  it("a score above the top, an interval that misses its score and narrowing bands are refused", () => {
    const p = file(
      "bad.yaml",
      `${SNAP}        gpt-4o-mini: {score: 95}\n        gpt-4o: {score: 70, ci: [71, 75]}\n  bands: {frontier: 30, strong: 20, mid: 50}\n`,
    );
    const text = faults(p).join("\n");
    expect(text).toContain("quality.snapshots[0].scores.gpt-4o-mini.score: a score above the snapshot's top score");
    expect(text).toContain("quality.snapshots[0].scores.gpt-4o.ci: the confidence interval does not contain the score");
    expect(text).toContain("quality.bands: bands must widen from frontier to mid");
  });

  it("an override of an unknown model is refused", () => {
    const p = file(
      "override-bad.yaml",
      "schema: 1\nquality:\n  overrides:\n    - {model: gpt-9, class: strong, from: 2026-01-01, source: our eval}\n",
    );
    expect(faults(p)[0]).toContain(
      `${p}:4:15: quality.overrides[0].model: override model "gpt-9" is not a model in the catalog`,
    );
  });

  it("a valid override replaces the leaderboard class from its day", () => {
    const p = file(
      "override.yaml",
      "schema: 1\nquality:\n  overrides:\n    - {model: gpt-4o-mini, class: strong, from: 2026-01-01, source: our support eval}\n",
    );
    const c = mergeCatalog(embedded(), [loadOverlay(p)]);
    expect(qualityOf(c, "gpt-4o-mini", "2025-12-31")?.class).toBe("basic");
    const q = qualityOf(c, "gpt-4o-mini", "2026-01-01");
    expect([q?.class, q?.override, q?.source, q?.score]).toEqual(["strong", true, "our support eval", 1287.2]);
  });

  it("an overlay's own snapshot, newer than the catalog's, sets the class by the catalog's bands", () => {
    // top 90: gpt-4o-mini 85 is 5 below (frontier); gpt-4o 10 is 80 below (strong).
    const p = file("snap.yaml", `${SNAP}        gpt-4o-mini: {score: 85}\n        gpt-4o: {score: 10}\n`);
    const c = mergeCatalog(embedded(), [loadOverlay(p)]);
    const q = qualityOf(c, "gpt-4o-mini", "2026-09-15");
    expect([q?.class, q?.leaderboard, q?.metric, q?.date]).toEqual(["frontier", "Our eval", "pass-rate", "2026-09-01"]);
    expect(qualityOf(c, "openai/gpt-4o", "2026-09-15")?.class).toBe("strong");
  });
});
