import type { Catalog } from "../schema/catalog.js";
import type {
  ModelQuality,
  QualityBands,
  QualityOverride,
  QualityRow,
  QualitySnapshot,
  QualitySnapshotView,
  QualityView,
} from "../schema/quality.js";
import { QUALITY_CLASSES, type QualityClass } from "../schema/quality-class.js";
import { looseName, resolveModelName } from "./names.js";

/**
 * Model quality classes (docs/quality.md). A class comes from a dated, sourced leaderboard snapshot
 * in the catalog (`pricing-data/quality.yaml`) by a banding rule whose thresholds are data, or from a
 * dated, sourced override (an overlay's `quality.overrides`). Pure: the date is a parameter.
 */

export {
  type ModelQuality,
  QUALITY_CLASSES,
  type QualityClass,
  type QualityRow,
  type QualitySnapshotView,
  type QualityView,
};

/** 0 for the best class; larger is worse. */
export function classRank(c: QualityClass): number {
  return QUALITY_CLASSES.indexOf(c);
}

/** True when class `a` is the same as or better than class `b` (frontier > strong > mid > basic). */
export function sameOrBetterClass(a: QualityClass, b: QualityClass): boolean {
  return classRank(a) <= classRank(b);
}

/**
 * The class of a score on a snapshot: by its distance below the snapshot's top score. With bands
 * {frontier: 50, strong: 100, mid: 175}, a top of 1300 puts 1260 in frontier (40 below), 1200 in
 * strong (exactly 100 below: the bounds are inclusive), 1126 in mid (174 below), 1100 in basic.
 */
export function classOfScore(score: number, top: number, bands: QualityBands): QualityClass {
  const below = top - score;
  if (below <= bands.frontier) return "frontier";
  if (below <= bands.strong) return "strong";
  if (below <= bands.mid) return "mid";
  return "basic";
}

/** The bands a snapshot is classed by: its own, else the file's. */
export function bandsOf(catalog: Catalog, s: QualitySnapshot): QualityBands | undefined {
  return s.bands ?? catalog.quality?.bands;
}

/**
 * The names a model key may be filed under in quality data, most specific first: the key itself,
 * then, for each offering it resolves to (in catalog order), that offering's id and aliases, then the
 * part of each after the last "/" (a host's `meta-llama/llama-3.3-70b-instruct` is the leaderboard's
 * `llama-3.3-70b-instruct`). Not the offerings' shared `model:` key: it names an architecture, which
 * spans versions (deepseek-chat and deepseek-v3.1 both carry `deepseek-v3`), so a score filed under it
 * counts only when it is the name asked for. Lower case.
 */
export function qualityNames(catalog: Catalog, modelKey: string, asOf?: string): string[] {
  const names = [modelKey.trim().toLowerCase()];
  const r = resolveModelName(catalog, modelKey, asOf);
  if (r.kind === "found")
    for (const o of r.offerings) {
      names.push(o.model.id);
      for (const a of o.model.aliases ?? []) names.push(a);
    }
  const tails = names.map((n) => n.slice(n.lastIndexOf("/") + 1));
  return [...new Set([...names, ...tails])];
}

/** Snapshots newest first; of two on one day, the one listed later (an overlay's) first. */
function newestFirst(list: readonly QualitySnapshot[]): QualitySnapshot[] {
  return list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.date < b.s.date ? 1 : a.s.date > b.s.date ? -1 : b.i - a.i))
    .map((x) => x.s);
}

/** Each snapshot's score keys by loose form (names.ts `looseName`), built once per snapshot object. */
const LOOSE_KEYS = new WeakMap<QualitySnapshot, Map<string, string>>();
function looseKeys(s: QualitySnapshot): Map<string, string> {
  let m = LOOSE_KEYS.get(s);
  if (!m) {
    m = new Map();
    for (const k of Object.keys(s.scores).sort()) {
      const l = looseName(k);
      if (!m.has(l)) m.set(l, k);
    }
    LOOSE_KEYS.set(s, m);
  }
  return m;
}

/**
 * The score key of the first of `names` the snapshot scores: exactly, else after folding `.`, `_`,
 * `:`, `@` and spaces to `-` (Vertex's `claude-3-5-haiku@20241022` is `claude-3-5-haiku-20241022`).
 */
function keyIn(s: QualitySnapshot, names: readonly string[]): string | undefined {
  for (const n of names) if (Object.hasOwn(s.scores, n)) return n;
  const loose = looseKeys(s);
  for (const n of names) {
    const k = loose.get(looseName(n));
    if (k !== undefined) return k;
  }
  return undefined;
}

/** The override in force at asOf for one of `names`: the newest `from`; of equal ones, the last listed. */
function overrideFor(
  overrides: readonly QualityOverride[],
  names: readonly string[],
  asOf: string,
): QualityOverride | undefined {
  let best: QualityOverride | undefined;
  for (const o of overrides) {
    if (o.from > asOf || !names.includes(o.model.toLowerCase())) continue;
    if (best === undefined || o.from >= best.from) best = o;
  }
  return best;
}

/** A model's class on one snapshot (under `key`), or an override's class with that evidence beside it. */
function classed(
  catalog: Catalog,
  hit: { snapshot: QualitySnapshot; key: string } | undefined,
  over: QualityOverride | undefined,
): ModelQuality | undefined {
  const score = hit ? (hit.snapshot.scores[hit.key]?.score ?? null) : null;
  if (over)
    return {
      class: over.class,
      score,
      leaderboard: "override",
      metric: "class",
      date: over.from,
      source: over.source,
      top: hit ? hit.snapshot.top.score : null,
      key: hit ? hit.key : null,
      override: true,
    };
  const bands = hit ? bandsOf(catalog, hit.snapshot) : undefined;
  if (!hit || score === null || !bands) return undefined;
  return {
    class: classOfScore(score, hit.snapshot.top.score, bands),
    score,
    leaderboard: hit.snapshot.leaderboard,
    metric: hit.snapshot.metric,
    date: hit.snapshot.date,
    source: hit.snapshot.source,
    top: hit.snapshot.top.score,
    key: hit.key,
    override: false,
  };
}

/**
 * The quality class of a model on `asOf`: a dated override in force wins; otherwise the newest
 * snapshot dated ≤ asOf that scores the model (under the name asked for, or an id or alias of an
 * offering the name resolves to), banded by that snapshot's bands. Undefined when nothing classes it.
 */
export function qualityOf(catalog: Catalog, modelKey: string, asOf: string): ModelQuality | undefined {
  const q = catalog.quality;
  if (!q) return undefined;
  const names = qualityNames(catalog, modelKey, asOf);
  let hit: { snapshot: QualitySnapshot; key: string } | undefined;
  for (const s of newestFirst(q.snapshots)) {
    const key = s.date <= asOf ? keyIn(s, names) : undefined;
    if (key !== undefined) {
      hit = { snapshot: s, key };
      break;
    }
  }
  return classed(catalog, hit, overrideFor(q.overrides, names, asOf));
}

/**
 * Two models' classes measured on the same snapshot: the newest dated ≤ asOf that scores both (a
 * class is relative to the top score of its day, so classes from two different days do not compare).
 * Overrides in force at asOf still win on each side. Undefined when no snapshot scores both and
 * overrides do not class both. This is what "a cheaper model of the same quality class" should use.
 */
export function comparableQuality(
  catalog: Catalog,
  a: string,
  b: string,
  asOf: string,
): { a: ModelQuality; b: ModelQuality } | undefined {
  const q = catalog.quality;
  if (!q) return undefined;
  const na = qualityNames(catalog, a, asOf);
  const nb = qualityNames(catalog, b, asOf);
  let ha: { snapshot: QualitySnapshot; key: string } | undefined;
  let hb: { snapshot: QualitySnapshot; key: string } | undefined;
  for (const s of newestFirst(q.snapshots)) {
    if (s.date > asOf) continue;
    const ka = keyIn(s, na);
    const kb = keyIn(s, nb);
    if (ka !== undefined && kb !== undefined) {
      ha = { snapshot: s, key: ka };
      hb = { snapshot: s, key: kb };
      break;
    }
  }
  const qa = classed(catalog, ha, overrideFor(q.overrides, na, asOf));
  const qb = classed(catalog, hb, overrideFor(q.overrides, nb, asOf));
  return qa && qb ? { a: qa, b: qb } : undefined;
}

/**
 * The classes of every scored model: on the newest snapshot dated ≤ asOf (all of them when `all`),
 * best score first, ties by key. Overrides in force at asOf are listed beside them.
 */
export function qualityView(catalog: Catalog, asOf: string, all = false): QualityView {
  const q = catalog.quality;
  const dated = newestFirst(q?.snapshots ?? []).filter((s) => s.date <= asOf);
  const picked = all ? dated : dated.slice(0, 1);
  const snapshots: QualitySnapshotView[] = [];
  for (const s of picked) {
    const bands = bandsOf(catalog, s);
    if (!bands) continue;
    const rows = Object.entries(s.scores)
      .map(([key, v]) => ({
        key,
        name: v.name ?? null,
        score: v.score,
        ci: v.ci ? ([v.ci[0], v.ci[1]] as [number, number]) : null,
        below_top: s.top.score - v.score,
        class: classOfScore(v.score, s.top.score, bands),
      }))
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    snapshots.push({
      date: s.date,
      leaderboard: s.leaderboard,
      metric: s.metric,
      source: s.source,
      via: s.via ?? null,
      top: s.top,
      bands,
      rows,
    });
  }
  return {
    catalog: { version: catalog.version, as_of: asOf, digest: catalog.digest },
    snapshots,
    overrides: (q?.overrides ?? []).filter((o) => o.from <= asOf),
  };
}
