import { priceTable } from "../../engine/price-table.js";
import { InputError } from "../../errors.js";
import { createUsageView, openDuckDb } from "../../load/duckdb.js";
import { expandGlob } from "../../load/usage-sources.js";
import { renderPriceTableCsv } from "../../report/price-table.js";
import { usageSql } from "../../report/usage-sql.js";
import type { UsageGroup, UsageReport } from "../../schema/usage.js";
import { catalogFor, checkCurrency } from "../common.js";
import type { Io } from "../io.js";
import { parseBy, type UsageFlags, type UsageRun } from "./usage.js";

/**
 * `llmcost usage --engine duckdb` (and Parquet input): llmcost usage rows priced inside DuckDB with
 * the same SQL `--sql duckdb` prints, against the same price table `catalog export` writes. DuckDB
 * reads the files itself (multi-threaded, Parquet, JSON lines, CSV); llmcost only renders.
 */

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export async function runUsageDuckDb(files: string[], flags: UsageFlags, io: Io): Promise<UsageRun> {
  const currency = checkCurrency("--currency", flags.currency) ?? "USD";
  const by = parseBy(flags.by);
  for (const f of ["map", "inputFormat", "reprice", "toWorkload", "against"] as const)
    if (flags[f] !== undefined && !(Array.isArray(flags[f]) && (flags[f] as unknown[]).length === 0))
      throw new InputError({
        file: "--engine duckdb",
        message: `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} works with the streaming reader only`,
        hint: "DuckDB reads llmcost usage rows (JSON lines, CSV, Parquet); convert other formats first with llmcost usage --engine node",
      });
  const paths = files.flatMap((f) => expandGlob(f));
  if (paths.length === 0)
    throw new InputError({ file: files.join(" ") || "<command line>", message: "no usage files" });
  const catalog = catalogFor(io, flags.catalog);
  const duck = await openDuckDb();
  try {
    const prices = duck.scratch("prices.csv", renderPriceTableCsv(priceTable(catalog)));
    await duck.query(`CREATE TABLE prices AS SELECT * FROM read_csv('${prices.replace(/'/g, "''")}', header = true)`);
    await createUsageView(duck, paths);
    const sql = usageSql("duckdb", { currency, by }).replace("SET TimeZone = 'UTC';\n", "");
    await duck.query("SET TimeZone = 'UTC'");
    const rows = await duck.query(sql);
    const unpricedRows = await duck.query(
      usageSql("duckdb", { currency, by: ["provider", "model"] }).replace("SET TimeZone = 'UTC';\n", ""),
    );
    const span = await duck.query(
      'SELECT CAST(min(CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE)) AS VARCHAR) AS a, CAST(max(CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE)) AS VARCHAR) AS b, count(*) AS n FROM usage',
    );
    const groups: UsageGroup[] = rows.map((r) => ({
      key: Object.fromEntries(by.map((k) => [k, r[k] === null || r[k] === undefined ? "-" : String(r[k])])),
      rows: num(r.rows_read),
      rows_unpriced: num(r.rows_unpriced),
      requests: num(r.requests),
      tokens: {
        input: num(r.input_tokens),
        cached: num(r.cached_tokens),
        cache_write: 0,
        output: num(r.output_tokens),
        reasoning: 0,
      },
      cost: num(r.cost),
      components: [],
      provider_cost: null,
      difference: null,
      flagged: false,
    }));
    groups.sort((a, b) => b.cost - a.cost);
    const total = groups.reduce((a, g) => a + g.cost, 0);
    const rowsPriced = rows.reduce((a, r) => a + num(r.rows_priced), 0);
    const rowsUnpriced = rows.reduce((a, r) => a + num(r.rows_unpriced), 0);
    const unpriced = unpricedRows
      .filter((r) => num(r.rows_unpriced) > 0)
      .sort((a, b) => num(b.rows_unpriced) - num(a.rows_unpriced))
      .slice(0, 10)
      .map((r) => ({
        model: String(r.model ?? "-"),
        provider: r.provider === null || r.provider === undefined ? null : String(r.provider),
        reason: "no price matched (unknown model or provider, or no price on its day)",
        rows: num(r.rows_unpriced),
        requests: 0,
        input_tokens: 0,
        output_tokens: 0,
        first: "",
      }));
    const s = span[0] ?? {};
    const report: UsageReport = {
      llmcost: 1,
      kind: "usage",
      catalog: { version: catalog.version, digest: catalog.digest },
      currency,
      by,
      inputs: paths.map((f) => ({ file: f, format: "llmcost (duckdb)", rows: 0, errors: 0 })),
      period: s.a ? { from: String(s.a), to: String(s.b) } : null,
      total,
      complete: rowsUnpriced === 0,
      rows_read: rowsPriced + rowsUnpriced,
      rows_priced: rowsPriced,
      rows_unpriced: rowsUnpriced,
      rows_cost_only: 0,
      rows_invalid: 0,
      requests: groups.reduce((a, g) => a + g.requests, 0),
      tokens: {
        input: groups.reduce((a, g) => a + g.tokens.input, 0),
        cached: groups.reduce((a, g) => a + g.tokens.cached, 0),
        cache_write: 0,
        output: groups.reduce((a, g) => a + g.tokens.output, 0),
        reasoning: 0,
      },
      provider_cost: null,
      groups,
      unpriced,
      diagnostics: [],
      errors: 0,
      warnings: [
        "priced by DuckDB with the SQL of `llmcost usage --sql duckdb` (no off-peak windows, one currency list)",
      ],
    };
    return { report, stderr: `${paths.length} file(s): priced in DuckDB\n` };
  } finally {
    duck.close();
  }
}
