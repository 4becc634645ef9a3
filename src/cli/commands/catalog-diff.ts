import { diffCatalog } from "../../engine/catalog-diff.js";
import { providerFlagFaults } from "../../engine/snapshot.js";
import { InputError } from "../../errors.js";
import { renderReport } from "../../lib/render.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface DiffFlags extends CommonFlags {
  from?: string;
  to?: string;
}

/** `llmcost catalog diff --from DATE --to DATE`: new offerings, ended ones and price moves. */
export async function runCatalogDiff(flags: DiffFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-diff", flags.format);
  const from = checkDate("--from", flags.from);
  if (from === undefined)
    throw new InputError({ file: "--from", message: "missing start date", expected: "--from YYYY-MM-DD" });
  const to = checkDate("--to", flags.to) ?? io.today;
  if (to < from)
    throw new InputError({
      file: "--to",
      message: "the end date is before the start date",
      expected: `a date on or after ${from}`,
      found: to,
      hint: "swap --from and --to",
    });
  const catalog = catalogFor(io, flags.catalog);
  const providerFaults = providerFlagFaults(catalog, flags.provider);
  if (providerFaults.length) throw new InputError(providerFaults);
  const diff = diffCatalog(catalog, from, to, flags.provider?.length ? new Set(flags.provider) : undefined);
  const data = { catalog: { version: catalog.version, digest: catalog.digest }, ...diff };
  return { stdout: await renderReport("catalog-diff", data, format, reportOptions(io, flags)) };
}
