import { InputError } from "../../errors.js";
import { usagePriceTable } from "../../lib/usage.js";
import { createUsageView, openDuckDb } from "../../load/duckdb.js";
import { expandGlob } from "../../load/usage-sources.js";
import { renderPriceTableCsv } from "../../report/price-table.js";
import { usageSql } from "../../report/usage-sql.js";
import type { UsageGroup, UsageReport } from "../../schema/usage.js";
import { catalogFor, checkCurrency } from "../common.js";
import type { Io } from "../io.js";
import { parseBy, parseShare, type UsageFlags, type UsageRun } from "./usage.js";

/**
 * `llmcost usage --engine duckdb` (and Parquet input): llmcost usage rows priced inside DuckDB with
 * the same SQL `--sql duckdb` prints, against the same price table `catalog export` writes. DuckDB
 * reads the files itself (multi-threaded, Parquet, JSON lines, CSV); llmcost only renders.
 */

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The flags whose work is not in the SQL: the streaming reader does them (llmcost rows only in SQL). */
const STREAMING_ONLY = ["map", "inputFormat", "reprice", "toWorkload", "against"] as const;

/** The streaming-only flags given, as the user wrote them (`--to-workload`). */
export function streamingOnlyFlags(flags: UsageFlags): string[] {
  return STREAMING_ONLY.filter(
    (f) => flags[f] !== undefined && !(Array.isArray(flags[f]) && (flags[f] as unknown[]).length === 0),
  ).map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/**
 * Which reader prices `files`: DuckDB when asked (--engine duckdb) or for Parquet; the streaming
 * reader when a flag it alone supports is given and no file needs DuckDB (with a note on stderr
 * saying so); an error when Parquet input meets such a flag.
 */
export function chooseEngine(files: readonly string[], flags: UsageFlags): { duck: boolean; note: string } {
  const parquet = files.some((f) => /\.parquet$/i.test(f));
  const wantDuck = flags.engine === "duckdb" || (flags.engine === undefined && parquet);
  if (!wantDuck) return { duck: false, note: "" };
  const only = streamingOnlyFlags(flags);
  if (only.length === 0) return { duck: true, note: "" };
  if (parquet)
    throw new InputError({
      file: "--engine duckdb",
      message: `${only.join(", ")} work with the streaming reader only, and Parquet input needs DuckDB`,
      hint: "convert the Parquet file to JSON lines first (duckdb -c \"COPY (FROM 'x.parquet') TO 'x.jsonl'\"), or leave the flag out",
    });
  return {
    duck: false,
    note: `note: ${only.join(", ")} not in the SQL: priced by the streaming reader instead of DuckDB (same prices, same totals)\n`,
  };
}

export async function runUsageDuckDb(files: string[], flags: UsageFlags, io: Io): Promise<UsageRun> {
  const currency = checkCurrency("--currency", flags.currency) ?? "USD";
  const by = parseBy(flags.by);
  const threshold = parseShare("--diff-threshold", flags.diffThreshold) ?? 0.05;
  const paths = files.flatMap((f) => expandGlob(f));
  if (paths.length === 0)
    throw new InputError({ file: files.join(" ") || "<command line>", message: "no usage files" });
  const catalog = catalogFor(io, flags.catalog);
  const duck = await openDuckDb();
  try {
    const prices = duck.scratch("prices.csv", renderPriceTableCsv(usagePriceTable(catalog)));
    await duck.query(`CREATE TABLE prices AS SELECT * FROM read_csv('${prices.replace(/'/g, "''")}', header = true)`);
    await createUsageView(duck, paths);
    const sql = usageSql("duckdb", { currency, by, detail: true }).replace("SET TimeZone = 'UTC';\n", "");
    await duck.query("SET TimeZone = 'UTC'");
    const rows = await duck.query(sql);
    const unpricedRows = await duck.query(
      usageSql("duckdb", { currency, by: ["provider", "model"], detail: true }).replace("SET TimeZone = 'UTC';\n", ""),
    );
    const span = await duck.query(
      'SELECT CAST(min(CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE)) AS VARCHAR) AS a, CAST(max(CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE)) AS VARCHAR) AS b, count(*) AS n FROM usage',
    );
    const groups: UsageGroup[] = rows.map((r) => groupOf(r, by, threshold));
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
        requests: num(r.unpriced_requests),
        input_tokens: num(r.unpriced_input),
        output_tokens: num(r.unpriced_output),
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
        cache_write: groups.reduce((a, g) => a + g.tokens.cache_write, 0),
        output: groups.reduce((a, g) => a + g.tokens.output, 0),
        reasoning: groups.reduce((a, g) => a + g.tokens.reasoning, 0),
      },
      provider_cost: groups.some((g) => g.provider_cost !== null)
        ? groups.reduce((a, g) => a + (g.provider_cost ?? 0), 0)
        : null,
      groups,
      unpriced,
      diagnostics: [],
      errors: 0,
      warnings: [
        "priced by DuckDB with the SQL of `llmcost usage --sql duckdb` (no off-peak windows, one currency list; reasoning tokens inside the output component)",
      ],
    };
    return { report, stderr: `${paths.length} file(s): priced in DuckDB\n` };
  } finally {
    duck.close();
  }
}

/**
 * One group of the SQL's result as the streaming path reports it: tokens, the cost by component
 * (reasoning is billed as output in the SQL, so it sits inside the output component), the
 * source's own cost beside it and the difference flagged above the threshold.
 */
function groupOf(r: Record<string, unknown>, by: readonly string[], threshold: number): UsageGroup {
  const cost = num(r.cost);
  const components = (
    [
      ["input", r.q_input, r.c_input],
      ["cached_input", r.q_cached, r.c_cached],
      ["cache_write", r.q_write, r.c_write],
      ["output", r.q_output, r.c_output],
      ["request", r.q_request, r.c_request],
    ] as const
  )
    .filter(([name, q, c]) => num(q) > 0 && (name !== "request" || num(c) > 0))
    .map(([name, q, c]) => ({
      name,
      quantity: num(q),
      unit: name === "request" ? "requests" : "tokens",
      cost: num(c),
    }));
  const providerCost = num(r.provider_cost_rows) > 0 ? num(r.provider_cost) : null;
  const difference =
    providerCost !== null && providerCost !== 0 && num(r.rows_priced) > 0 ? (cost - providerCost) / providerCost : null;
  return {
    key: Object.fromEntries(by.map((k) => [k, r[k] === null || r[k] === undefined ? "-" : String(r[k])])),
    rows: num(r.rows_read),
    rows_unpriced: num(r.rows_unpriced),
    requests: num(r.requests),
    tokens: {
      input: num(r.input_tokens),
      cached: num(r.cached_tokens),
      cache_write: num(r.cache_write_tokens),
      output: num(r.output_tokens),
      reasoning: num(r.reasoning_tokens),
    },
    cost,
    components,
    provider_cost: providerCost,
    difference,
    flagged: difference !== null && Math.abs(difference) > threshold,
  };
}
