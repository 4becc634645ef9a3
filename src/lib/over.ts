import { MAX_OVER_DATES, estimateOver as overOf, STEPS, type Step, stepCount } from "../engine/over.js";
import type { Problem } from "../engine/types.js";
import { InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Catalog } from "../schema/catalog.js";
import type { OverReport } from "../schema/trend.js";
import type { Workload } from "../schema/workload.js";
import { checkCatalogArg, checkDate, checkObjectArg, checkStringsArg, checkWorkloadArg } from "./checks.js";

/**
 * `llmcost estimate WORKLOAD --over A..B --step quarter` (docs/library.md): the workload priced by
 * `estimate` at every step, each item on its cheapest provider of that day. A date where nothing
 * is priced yet has a `null` total, never 0.
 */

export { STEPS, type Step };

export interface OverOptions {
  /** First and last price dates, YYYY-MM-DD, from ≤ to. */
  from: string;
  to: string;
  /** month, quarter (default) or year; `to` is always a point too. */
  step?: Step | undefined;
  /** Default: the workload's currency. */
  currency?: string | undefined;
  /** Only these providers, as `--provider`. */
  providers?: string[] | undefined;
}

/**
 * The range and step checked: a known step, and at most MAX_OVER_DATES (1,200: 100 years by
 * month) dates, each a whole estimate. `where` names the fields in faults (the CLI: `--over`).
 */
export function checkOverRange(
  opts: Pick<OverOptions, "from" | "to" | "step">,
  where: { range: string; step: string; found?: string | undefined } = { range: "from..to", step: "step" },
): Step {
  const step = opts.step ?? "quarter";
  if (!STEPS.includes(step))
    throw new InputError({
      file: where.step,
      message: `unknown step ${quoted(String(step))}`,
      expected: `one of ${STEPS.join(", ")}`,
      found: String(step),
      hint: didYouMean(String(step), STEPS),
    });
  checkDate(where.range, opts.from);
  checkDate(where.range, opts.to);
  if (opts.from > opts.to)
    throw new InputError({
      file: where.range,
      message: "the range runs backwards",
      expected: "from on or before to",
      found: `${opts.from}..${opts.to}`,
    });
  const dates = stepCount(opts.from, opts.to, step);
  if (dates > MAX_OVER_DATES)
    throw new InputError({
      file: where.range,
      message: `too many dates: ${opts.from}..${opts.to} by ${step} is about ${dates} estimates`,
      expected: `at most ${MAX_OVER_DATES} dates (100 years by month)`,
      found: where.found ?? `${opts.from}..${opts.to}`,
      hint: `a shorter range, or a longer ${where.step} (quarter, year)`,
    });
  return step;
}

/**
 * The workload's cost at every step from `from` to `to`: the `llmcost estimate --over --format
 * json` report (schema/over.json); render it with `renderReport("over", report)`. `problems` are
 * those `estimate` gives (unknown model, provider…), once each, from the first date that raised
 * them; "no price yet" is not one of them, it is an item's `not_yet` status at that date.
 */
export function estimateOver(
  w: Workload,
  catalog: Catalog,
  opts: OverOptions,
): { report: OverReport; problems: Problem[] } {
  checkWorkloadArg("estimateOver", w);
  checkCatalogArg("estimateOver", catalog);
  checkObjectArg("estimateOver", "opts", opts);
  checkStringsArg("estimateOver", "opts.providers", opts.providers);
  const step = checkOverRange(opts);
  const currency = opts.currency ?? w.currency;
  const { over, problems } = overOf(w, catalog, {
    from: opts.from,
    to: opts.to,
    step,
    currency,
    providers: opts.providers,
  });
  return {
    report: {
      llmcost: 1,
      kind: "estimate_over",
      catalog: { version: catalog.version, digest: catalog.digest },
      ...over,
    },
    problems,
  };
}
