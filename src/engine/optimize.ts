import type { Catalog } from "../schema/catalog.js";
import type { Evidence, OptimizeReport, Patch, Plan, Suggestion } from "../schema/optimize.js";
import type { Item } from "../schema/report.js";
import type { Workload } from "../schema/workload.js";
import { estimate } from "./estimate.js";
import {
  type Candidate,
  cacheLevers,
  classedModels,
  hostLevers,
  modelLevers,
  selfHostLevers,
  waitLevers,
} from "./optimize-inference.js";
import { applyPatch, applyPatches, optionLabel, priceItem, selectedOption, totalOf } from "./optimize-price.js";
import { trainingLevers } from "./optimize-training.js";
import type { EstimateOptions, Problem } from "./types.js";

/**
 * `llmcost optimize` (docs/optimize.md): for every item, the changes that cut its cost, each priced by
 * `estimate` on the workload with the change applied, ranked by saving per period; then a plan of
 * compatible changes. Pure: the workload, catalog and options in, plain data out.
 */

/** A saving below this share of the item's cost is noise, not a lever (float sums, a cent on $1,000). */
const MIN_SAVING_SHARE = 1e-6;

/** A change to an offering the catalog prices at zero: free tiers come with limits the price does not show. */
const FREE_TRADEOFF =
  "priced at zero: a free offering, usually with rate limits and no service guarantee; check its terms";

/** Levers that change what serves the item: at most one of them per item in a plan. */
const EXCLUSIVE = new Set(["host", "model", "self_host", "training_region"]);

interface Priced {
  c: Candidate;
  patch: Patch;
  before: Item;
  after: Item;
}

export interface OptimizeResult {
  report: OptimizeReport;
  problems: Problem[];
}

export function optimize(w: Workload, catalog: Catalog, opts: EstimateOptions): OptimizeResult {
  const base = estimate(w, catalog, { ...opts, explain: false });
  if (base.problems.length) return { report: emptyReport(w, base.estimate), problems: base.problems };
  const priced: Priced[] = [];
  const notes: string[] = [];
  const models = classedModels(w, catalog, opts.asOf);
  w.inference.forEach((it, i) => {
    const before = base.estimate.items.find((x) => x.name === it.name);
    if (!before || before.cost === null) return;
    const cands = [
      ...hostLevers(it, before, it.providers && openItem(w, "inference", i, catalog, opts)),
      ...waitLevers(it),
      ...cacheLevers(it),
      ...modelLevers(it, w, catalog, opts.asOf, models),
      ...selfHostLevers(it, catalog),
    ];
    priced.push(...bestOf(cands, w, "inference", i, it.name, before, catalog, opts));
    notes.push(...inferenceNotes(it));
  });
  w.training.forEach((it, i) => {
    const before = base.estimate.items.find((x) => x.name === it.name);
    if (!before || before.cost === null) return;
    const open = openItem(w, "training", i, catalog, opts);
    priced.push(...bestOf(trainingLevers(it, catalog, before, open), w, "training", i, it.name, before, catalog, opts));
  });
  const suggestions = rank(priced, w, catalog, opts);
  const plan = planOf(suggestions, w, base.estimate.total, catalog, opts);
  return { report: { ...emptyReport(w, base.estimate), suggestions, plan, notes }, problems: [] };
}

function emptyReport(w: Workload, e: { catalog: OptimizeReport["catalog"]; currency: string; total: number }) {
  const plan: Plan = {
    suggestions: [],
    patches: [],
    total_before: e.total,
    total_after: e.total,
    saving: 0,
    saving_pct: 0,
  };
  return {
    llmcost: 1 as const,
    kind: "optimize" as const,
    workload: w.name ?? "workload",
    catalog: e.catalog,
    currency: e.currency,
    period: w.period,
    total: e.total,
    suggestions: [] as Suggestion[],
    plan,
    notes: [] as string[],
  };
}

/** The item priced with its `providers` pin removed: every host's option. */
function openItem(w: Workload, section: Patch["section"], index: number, catalog: Catalog, opts: EstimateOptions) {
  const patch: Patch = { section, index, item: "", set: {}, unset: ["providers"] };
  return priceItem(applyPatch(w, patch), section, index, catalog, opts);
}

/** Each candidate priced on the item alone; per lever and variant only the cheapest that saves. */
function bestOf(
  cands: readonly Candidate[],
  w: Workload,
  section: Patch["section"],
  index: number,
  name: string,
  before: Item,
  catalog: Catalog,
  opts: EstimateOptions,
): Priced[] {
  const best = new Map<string, Priced>();
  const cost = before.cost as number;
  for (const c of cands) {
    const patch: Patch = { section, index, item: name, set: c.set, unset: c.unset };
    const after = priceItem(applyPatch(w, patch), section, index, catalog, opts);
    if (
      !after ||
      after.cost === null ||
      !(c.lever === "training_region" ? lessCo2(before, after) : cost - after.cost > cost * MIN_SAVING_SHARE)
    )
      continue;
    const key = `${c.lever}\u0000${c.variant}`;
    const prev = best.get(key);
    if (!prev || (after.cost as number) < (prev.after.cost as number)) best.set(key, { c, patch, before, after });
  }
  return [...best.values()];
}

function lessCo2(before: Item, after: Item): boolean {
  const saved = co2Saved(before, after);
  return saved !== undefined && saved > 0;
}

/** Ranked by saving (ties: item, then lever), each with the workload total after it alone. */
function rank(priced: Priced[], w: Workload, catalog: Catalog, opts: EstimateOptions): Suggestion[] {
  const saving = (p: Priced) => (p.before.cost as number) - (p.after.cost as number);
  const sorted = priced
    .slice()
    .sort((a, b) => saving(b) - saving(a) || cmp(a.patch.item, b.patch.item) || cmp(a.c.lever, b.c.lever));
  const out: Suggestion[] = [];
  for (const p of sorted) {
    const after = totalOf(applyPatch(w, p.patch), catalog, opts);
    if (after === undefined) continue;
    out.push(suggestionOf(p, out.length + 1, after, w.period));
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function suggestionOf(p: Priced, id: number, totalAfter: number, period: string): Suggestion {
  const before = p.before.cost as number;
  const after = p.after.cost as number;
  const sel = selectedOption(p.after);
  const s: Suggestion = {
    id,
    item: p.patch.item,
    lever: p.c.lever,
    change: p.c.change,
    patch: p.patch,
    cost_before: before,
    cost_after: after,
    saving: before - after,
    saving_pct: before > 0 ? ((before - after) / before) * 100 : 0,
    total_after: totalAfter,
    selected_after: sel ? optionLabel(sel) : "",
    tradeoffs: after === 0 && before > 0 ? [...p.c.tradeoffs, FREE_TRADEOFF] : p.c.tradeoffs,
    evidence: [...p.c.evidence, ...optionEvidence(p.after, period)],
  };
  const co2 = co2Saved(p.before, p.after);
  if (co2 !== undefined) s.co2_kg_saved = co2;
  return s;
}

/** The catalog entry the changed item is priced from. */
function optionEvidence(item: Item, period: string): Evidence[] {
  const o = selectedOption(item);
  if (!o) return [];
  const per = item.kind === "training" ? "for the run" : `per ${period}`;
  return [
    { what: `${optionLabel(o)}: ${o.cost.toFixed(2)} ${o.currency} ${per}`, source: o.source, date: o.price_from },
  ];
}

function co2Saved(before: Item, after: Item): number | undefined {
  const a = selectedOption(before)?.co2_kg;
  const b = selectedOption(after)?.co2_kg;
  return a !== undefined && b !== undefined ? a - b : undefined;
}

/** What an item's levers need that the workload does not say. */
function inferenceNotes(it: Workload["inference"][number]): string[] {
  const out: string[] = [];
  if (it.latency !== "flexible" && !it.batch)
    out.push(
      `${it.name}: batch APIs, off-peak windows and spot GPUs are left out (latency: interactive; set latency: flexible if it can wait)`,
    );
  if (it.repeated_prefix === undefined && it.input_tokens > 0 && it.output_tokens > 0)
    out.push(
      `${it.name}: prompt caching is not priced: give repeated_prefix (the share of input repeated across requests)`,
    );
  return out;
}

/**
 * The plan: per item, changes added in order of saving while they are compatible (no two that
 * change what serves the item, no two that touch one field) and the item, priced with all of them
 * together, still gets cheaper. The total comes from `estimate` on the workload with every change.
 */
function planOf(list: Suggestion[], w: Workload, total: number, catalog: Catalog, opts: EstimateOptions): Plan {
  const chosen = new Map<string, { ids: number[]; patch: Patch; cost: number; levers: string[] }>();
  for (const s of list) {
    if (s.saving <= 0) continue;
    const key = `${s.patch.section}\u0000${s.patch.index}`;
    const cur = chosen.get(key);
    if (!cur) {
      chosen.set(key, { ids: [s.id], patch: s.patch, cost: s.cost_after, levers: [s.lever] });
      continue;
    }
    if (!compatible(cur, s)) continue;
    const merged = mergePatch(cur.patch, s.patch);
    const after = priceItem(applyPatch(w, merged), merged.section, merged.index, catalog, opts);
    if (!after || after.cost === null || after.cost >= cur.cost - cur.cost * MIN_SAVING_SHARE) continue;
    chosen.set(key, { ids: [...cur.ids, s.id], patch: merged, cost: after.cost, levers: [...cur.levers, s.lever] });
  }
  const picked = [...chosen.values()];
  const patches = picked.map((c) => c.patch);
  const after = picked.length ? (totalOf(applyPatches(w, patches), catalog, opts) ?? total) : total;
  return {
    suggestions: picked.flatMap((c) => c.ids).sort((a, b) => a - b),
    patches,
    total_before: total,
    total_after: after,
    saving: total - after,
    saving_pct: total > 0 ? ((total - after) / total) * 100 : 0,
  };
}

function compatible(cur: { patch: Patch; levers: string[] }, s: Suggestion): boolean {
  if (EXCLUSIVE.has(s.lever) && cur.levers.some((l) => EXCLUSIVE.has(l))) return false;
  const touched = new Set([...Object.keys(cur.patch.set), ...cur.patch.unset]);
  return ![...Object.keys(s.patch.set), ...s.patch.unset].some((k) => touched.has(k));
}

function mergePatch(a: Patch, b: Patch): Patch {
  return { ...a, set: { ...a.set, ...b.set }, unset: [...a.unset, ...b.unset] };
}
