import { priceTable } from "../../engine/price-table.js";
import { InputError } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { openDuckDb, sqlString } from "../../load/duckdb.js";
import { renderPriceTableCsv, renderPriceTableJsonl } from "../../report/price-table.js";
import { PRICE_TABLE_COLUMNS } from "../../schema/price-table.js";
import { catalogFor } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

/**
 * `llmcost catalog export --format csv|jsonl|parquet`: the dated price table (engine/price-table.ts),
 * for warehouses to price usage with (`llmcost usage --sql`). Parquet is written by DuckDB.
 */

export interface ExportFlags {
  format?: string;
  output?: string;
  catalog?: string[];
}

const FORMATS = ["csv", "jsonl", "parquet"];

const COLUMN_TYPES: Record<string, string> = { price: "DOUBLE", above: "BIGINT", batch_multiplier: "DOUBLE" };

export async function runCatalogExport(flags: ExportFlags, io: Io): Promise<CommandOutput> {
  const format = flags.format ?? "csv";
  if (!FORMATS.includes(format))
    throw new InputError({
      file: "--format",
      message: `unknown export format "${format}"`,
      expected: `one of ${FORMATS.join(", ")}`,
      found: format,
      hint: didYouMean(format, FORMATS),
    });
  const rows = priceTable(catalogFor(io, flags.catalog));
  if (format === "csv") return { stdout: renderPriceTableCsv(rows), file: flags.output };
  if (format === "jsonl") return { stdout: renderPriceTableJsonl(rows), file: flags.output };
  if (flags.output === undefined)
    throw new InputError({
      file: "--format parquet",
      message: "Parquet is binary: give the file to write",
      hint: "llmcost catalog export --format parquet -o prices.parquet",
    });
  const duck = await openDuckDb();
  try {
    const csv = duck.scratch("prices.csv", renderPriceTableCsv(rows));
    const cols = PRICE_TABLE_COLUMNS.map((c) => `'${c}': '${COLUMN_TYPES[c] ?? "VARCHAR"}'`).join(", ");
    await duck.query(
      `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = {${cols}})) TO ${sqlString(flags.output)} (FORMAT parquet)`,
    );
  } finally {
    duck.close();
  }
  return { stdout: "", stderr: `wrote ${flags.output} (${rows.length} price rows, Parquet)\n` };
}
