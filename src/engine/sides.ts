import type { Catalog } from "../schema/catalog.js";
import type { Estimate } from "../schema/report.js";
import type { Workload } from "../schema/workload.js";
import { type EstimateResult, estimate } from "./estimate.js";
import type { Problem } from "./types.js";

/**
 * The two sides of `diff` and `check --baseline`, priced (issue 15: this was analysis in src/cli/).
 * A side is a workload, priced now at its own `as_of` unless the caller gives one, or a saved
 * estimate, taken as it is: it cannot be repriced at another date or shown in another currency, and
 * asking for either is a problem, returned as data for the caller to place in the file or on the flag.
 */

/** What the engine needs of a side (src/load/side.ts reads one; its `src` keeps the positions). */
export type SideToPrice =
  | { kind: "workload"; file: string; workload: Workload }
  | { kind: "estimate"; file: string; estimate: Estimate };

export interface SideOptions {
  asOf?: string | undefined;
  /** The flag that set `asOf`, named in messages: `--as-of`, `--as-of-base`, `--as-of-head`. */
  asOfFlag?: string | undefined;
  currency: string;
  providers?: string[] | undefined;
  explain?: boolean | undefined;
  /** The default `as_of` of a workload that has none (decided by the caller: the engine has no clock). */
  today: string;
}

export function priceSide(side: SideToPrice, catalog: () => Catalog, opts: SideOptions): EstimateResult {
  const flag = opts.asOfFlag ?? "--as-of";
  if (side.kind === "estimate") {
    const e = side.estimate;
    const problems: Problem[] = [];
    if (opts.asOf !== undefined && opts.asOf !== e.catalog.as_of)
      problems.push({
        kind: "saved_as_of",
        path: [],
        message: `${side.file} is a saved estimate (prices as of ${e.catalog.as_of}): it cannot be repriced at ${opts.asOf}`,
        hint: "give the workload file instead of its saved JSON",
      });
    else if (e.currency !== opts.currency)
      problems.push({
        kind: "saved_currency",
        path: ["currency"],
        message: `a saved estimate in ${e.currency} cannot be compared in ${opts.currency}`,
        expected: opts.currency,
        found: e.currency,
        hint: `re-create it with --currency ${opts.currency}, or compare the workload files`,
      });
    return { estimate: e, problems };
  }
  const w = side.workload;
  const result = estimate(w, catalog(), {
    asOf: opts.asOf ?? w.as_of ?? opts.today,
    currency: opts.currency,
    providers: opts.providers,
    explain: opts.explain,
  });
  // The engine's hint names --as-of; here the date may have come from --as-of-base or --as-of-head.
  for (const p of result.problems)
    if (p.kind === "before_first_price" && p.hint) p.hint = p.hint.replace("--as-of ", `${flag} `);
  return result;
}
