import { type Diagnostic, formatPath, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { CatalogProvider, ModelArch } from "../schema/catalog.js";
import type { QualityBands, QualityOverlay } from "../schema/quality.js";
import { type Located, positionOf } from "./yaml.js";

/**
 * Rules of quality data (docs/quality.md), in quality.yaml or an overlay's `quality:`: the schema
 * checks shape, these check meaning. Every model key must be one the catalog prices (an API model
 * id, alias or shared `model:` key, or a models.yaml architecture), so a class can never attach to
 * a model that is not there; scores lie at or below the snapshot's top; bands ascend.
 */

type PathSeg = string | number;

/** Every name a quality key may use: API ids, aliases and shared model keys, and architectures. */
export function qualityKeySet(providers: readonly CatalogProvider[], models: readonly ModelArch[]): Set<string> {
  const out = new Set<string>();
  for (const p of providers)
    for (const m of p.models ?? []) {
      out.add(m.id);
      for (const a of m.aliases ?? []) out.add(a);
      if (m.model) out.add(m.model);
    }
  for (const m of models) out.add(m.id);
  return out;
}

/** A fault at `path`; with `onKey`, placed on the last segment's key (a map key) rather than its value. */
function at(
  src: Located | undefined,
  file: string,
  path: PathSeg[],
  message: string,
  extra: Partial<Diagnostic> = {},
  onKey = false,
) {
  const d: Diagnostic = { file, path: formatPath(path), message, ...extra };
  if (src) Object.assign(d, onKey ? positionOf(src, path.slice(0, -1), String(path.at(-1))) : positionOf(src, path));
  return d;
}

function bandFaults(src: Located | undefined, file: string, path: PathSeg[], b: QualityBands): Diagnostic[] {
  if (b.frontier <= b.strong && b.strong <= b.mid) return [];
  return [
    at(src, file, path, "bands must widen from frontier to mid", {
      expected: "frontier ≤ strong ≤ mid (points below the top score)",
      found: `frontier ${b.frontier}, strong ${b.strong}, mid ${b.mid}`,
    }),
  ];
}

function unknownKey(
  src: Located | undefined,
  file: string,
  path: PathSeg[],
  key: string,
  known: Set<string>,
  what: string,
  onKey: boolean,
): Diagnostic {
  const near = didYouMean(key, known);
  return at(
    src,
    file,
    path,
    `${what} ${quoted(key)} is not a model in the catalog`,
    {
      expected: "an API model id, alias or shared `model:` key from pricing-data/providers/, or a models.yaml id",
      found: key,
      hint: near ?? "map only models the catalog prices; list the others in pricing-data/GAPS.md",
    },
    onKey,
  );
}

/**
 * Faults of one quality part. `base` is its path in the file ([] for quality.yaml, ["quality"] in an
 * overlay bundle); `known` the model keys of the catalog it lands on.
 */
export function qualityFaults(
  src: Located | undefined,
  file: string,
  base: PathSeg[],
  q: QualityOverlay,
  known: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (q.bands) out.push(...bandFaults(src, file, [...base, "bands"], q.bands));
  const seen = new Map<string, number>();
  (q.snapshots ?? []).forEach((s, i) => {
    const sp = [...base, "snapshots", i];
    const id = `${s.date}|${s.leaderboard}|${s.metric}`;
    const first = seen.get(id);
    if (first !== undefined)
      out.push(
        at(src, file, [...sp, "date"], `a second ${s.leaderboard} ${s.metric} snapshot on ${s.date}`, {
          found: `also snapshots[${first}]`,
          hint: "one snapshot per leaderboard, metric and date: merge the two",
        }),
      );
    else seen.set(id, i);
    if (s.bands) out.push(...bandFaults(src, file, [...sp, "bands"], s.bands));
    for (const [key, v] of Object.entries(s.scores)) {
      const kp = [...sp, "scores", key];
      if (!known.has(key)) out.push(unknownKey(src, file, kp, key, known, "score key", true));
      if (v.score > s.top.score)
        out.push(
          at(src, file, [...kp, "score"], "a score above the snapshot's top score", {
            expected: `at most top.score ${s.top.score}`,
            found: String(v.score),
            hint: "`top` is the leaderboard's best score that day, over every model it ranks",
          }),
        );
      if (v.ci && !(v.ci[0] <= v.score && v.score <= v.ci[1]))
        out.push(
          at(src, file, [...kp, "ci"], "the confidence interval does not contain the score", {
            expected: `[low, high] with low ≤ ${v.score} ≤ high`,
            found: `[${v.ci[0]}, ${v.ci[1]}]`,
          }),
        );
    }
  });
  (q.overrides ?? []).forEach((o, i) => {
    if (!known.has(o.model.toLowerCase()))
      out.push(unknownKey(src, file, [...base, "overrides", i, "model"], o.model, known, "override model", false));
  });
  return out;
}
