import { applyThreshold, diffEstimates, type SideInfo } from "../engine/diff.js";
import type { Diff } from "../schema/diff.js";
import type { Estimate } from "../schema/report.js";

/** `llmcost diff` (docs/library.md): the CLI prices both sides, then calls these. */

/** What changed between two estimates, per item and in total, and why. */
export function diff(base: Estimate, head: Estimate, sides?: { base: SideInfo; head: SideInfo }): Diff {
  const side = (file: string): SideInfo => ({ file, source: "estimate" });
  return diffEstimates(base, head, sides ?? { base: side("base"), head: side("head") });
}

/**
 * `--fail-above`: the diff with its `threshold` set: `exceeded` when the total rose by more than
 * `limit` (an amount in the diff's currency, or a percentage), `unknown` when items are not priced.
 */
export function failAbove(d: Diff, limit: number, unit: "amount" | "percent"): Diff {
  return applyThreshold(d, limit, unit);
}
