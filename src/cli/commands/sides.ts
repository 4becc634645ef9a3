import { priceSide as priceSideIn, type SideOptions } from "../../engine/sides.js";
import { readTextFile } from "../../load/files.js";
import { readSide as readSideWith, type Side } from "../../load/side.js";
import type { Catalog } from "../../schema/catalog.js";
import type { Estimate } from "../../schema/report.js";
import { raiseProblems } from "../common.js";
import type { Io } from "../io.js";

/**
 * The two sides of `diff` and `check --baseline`: read by the load layer (src/load/side.ts), priced
 * by the engine (src/engine/sides.ts); here only what the CLI adds: standard input, today's date,
 * and the engine's problems placed in the file or on the flag that caused them.
 */

export type { Side };

/** Read a workload or a saved estimate from a file, or standard input for "-". */
export function readSide(file: string, io: Io): Side {
  return readSideWith(file, (p) => (p === "-" ? io.readStdin() : readTextFile(p)));
}

/** Price a side (a workload now, a saved estimate as it is), or exit 2 with each problem placed. */
export function priceSide(side: Side, io: Io, catalog: () => Catalog, opts: Omit<SideOptions, "today">): Estimate {
  const result = priceSideIn(side, catalog, { ...opts, today: io.today });
  const flag = opts.asOfFlag ?? "--as-of";
  raiseProblems(result, side.src, {
    saved_as_of: flag,
    unknown_currency: side.kind === "workload" && opts.currency !== side.workload.currency ? "--currency" : undefined,
    before_first_price: opts.asOf !== undefined ? flag : undefined,
  });
  return result.estimate;
}
