import { catalogStats } from "../../engine/catalog-stats.js";
import { renderReport } from "../../lib/render.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface StatsFlags extends CommonFlags {
  providers?: boolean;
}

/**
 * `llmcost catalog stats`: providers, offerings, price points, date span, currencies, freshness; then,
 * per provider, its newest confirmation and the share of its offerings confirmed within 90 days
 * (`--no-providers` leaves that table out).
 */
export async function runCatalogStats(flags: StatsFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-stats", flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const stats = catalogStats(catalogFor(io, flags.catalog), asOf);
  return {
    stdout: await renderReport(
      "catalog-stats",
      { stats, providers: flags.providers !== false },
      format,
      reportOptions(io, flags),
    ),
  };
}
