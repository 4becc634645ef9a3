import type { Catalog } from "../schema/catalog.js";
import type { Patch } from "../schema/optimize.js";
import type { Item, Option } from "../schema/report.js";
import type { Workload } from "../schema/workload.js";
import { estimate } from "./estimate.js";
import type { EstimateOptions } from "./types.js";

/**
 * Pricing a changed workload for `optimize`: every figure the optimizer claims comes from `estimate`
 * on the workload with the change applied, so `estimate` on the `--apply`-ed file prints it again.
 */

/** The workload with one item's fields set and removed (a copy; the input is not changed). */
export function applyPatch(w: Workload, p: Pick<Patch, "section" | "index" | "set" | "unset">): Workload {
  const list = (w[p.section] as unknown as Record<string, unknown>[]).slice();
  const item: Record<string, unknown> = { ...(list[p.index] as Record<string, unknown>), ...p.set };
  for (const k of p.unset) delete item[k];
  list[p.index] = item;
  return { ...w, [p.section]: list };
}

export function applyPatches(w: Workload, patches: readonly Patch[]): Workload {
  return patches.reduce(applyPatch, w);
}

/** One item priced alone (items are priced independently), or undefined when the engine refuses it. */
export function priceItem(
  w: Workload,
  section: Patch["section"],
  index: number,
  catalog: Catalog,
  opts: EstimateOptions,
): Item | undefined {
  const only: Workload = {
    ...w,
    inference: section === "inference" ? [w.inference[index] as Workload["inference"][number]] : [],
    training: section === "training" ? [w.training[index] as Workload["training"][number]] : [],
    fine_tune: [],
    budget: undefined,
  };
  const r = estimate(only, catalog, { ...opts, explain: false, budget: undefined });
  const item = r.estimate.items[0];
  if (r.problems.length || !item || item.cost === null) return undefined;
  return item;
}

/** The workload's total as `estimate` prints it, or undefined when the engine refuses the workload. */
export function totalOf(w: Workload, catalog: Catalog, opts: EstimateOptions): number | undefined {
  const r = estimate(w, catalog, { ...opts, explain: false });
  return r.problems.length ? undefined : r.estimate.total;
}

/** The selected option of a priced item. */
export function selectedOption(item: Item): Option | undefined {
  const s = item.selected;
  if (!s) return undefined;
  return item.options.find(
    (o) => o.provider === s.provider && o.offering === s.offering && o.via === s.via && o.plan === s.plan,
  );
}

/** "provider/offering" (with the billing and plan when not pay-as-you-go). */
export function optionLabel(o: Pick<Option, "provider" | "offering" | "via" | "billing" | "plan">): string {
  const base = o.via === "self_host" ? `self-host on ${o.provider} ${o.offering}` : `${o.provider}/${o.offering}`;
  return o.billing === "pay_as_you_go" ? base : `${base} (${o.billing}${o.plan ? ` ${o.plan}` : ""})`;
}
