import { estimate } from "../engine/estimate.js";
import { InputError } from "../errors.js";
import { readTextFile } from "../load/files.js";
import { readSide as readSideWith, type Side } from "../load/side.js";
import { positionOf } from "../load/yaml.js";
import type { Catalog } from "../schema/catalog.js";
import type { Estimate } from "../schema/report.js";
import { raiseProblems } from "./common.js";
import type { Io } from "./io.js";

/**
 * The two sides of `diff` and `check --baseline`: read (src/load/side.ts), then priced. Pricing a
 * side joins the load layer (places in the file) and the engine, which only the CLI may do.
 */

export type { Side };

/** Read a workload or a saved estimate from a file, or standard input for "-". */
export function readSide(file: string, io: Io): Side {
  return readSideWith(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
}

export interface PriceOptions {
  asOf?: string | undefined;
  /** Which flag set `asOf` (for the message when it cannot apply). */
  asOfFlag?: string | undefined;
  currency: string;
  providers?: string[] | undefined;
  explain?: boolean | undefined;
}

/** Price a side: a workload now, at its own as_of unless overridden; a saved estimate as it is. */
export function priceSide(side: Side, io: Io, catalog: () => Catalog, opts: PriceOptions): Estimate {
  if (side.kind === "estimate") {
    const e = side.estimate;
    if (opts.asOf !== undefined && opts.asOf !== e.catalog.as_of)
      throw new InputError({
        file: opts.asOfFlag ?? "--as-of",
        message: `${side.file} is a saved estimate (prices as of ${e.catalog.as_of}): it cannot be repriced at ${opts.asOf}`,
        hint: "give the workload file instead of its saved JSON",
      });
    if (e.currency !== opts.currency)
      throw new InputError({
        file: side.file,
        ...positionOf(side.src, ["currency"]),
        path: "currency",
        message: `a saved estimate in ${e.currency} cannot be compared in ${opts.currency}`,
        expected: opts.currency,
        found: e.currency,
        hint: `re-create it with --currency ${opts.currency}, or compare the workload files`,
      });
    return e;
  }
  const w = side.workload;
  const result = estimate(w, catalog(), {
    asOf: opts.asOf ?? w.as_of ?? io.today,
    currency: opts.currency,
    providers: opts.providers,
    explain: opts.explain,
  });
  const flag = opts.asOfFlag ?? "--as-of";
  // The engine's hint names --as-of; here the date came from --as-of-base or --as-of-head.
  for (const p of result.problems)
    if (p.kind === "before_first_price" && p.hint) p.hint = p.hint.replace("--as-of ", `${flag} `);
  raiseProblems(result, side.src, {
    unknown_currency: opts.currency !== w.currency ? "--currency" : undefined,
    before_first_price: opts.asOf !== undefined ? flag : undefined,
  });
  return result.estimate;
}
