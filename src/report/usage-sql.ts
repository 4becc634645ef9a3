import type { GroupKey } from "../schema/usage.js";

/**
 * `llmcost usage --sql duckdb|spark|trino`: the SQL that prices a usage table against the dated
 * price table of `llmcost catalog export`, for a warehouse that holds billions of rows. It is the
 * engine's API formula (docs/formulas.md), written as a range join on the row's day:
 *
 *   cost = ((input − cached − cache_write)·input_price + cached·cached_price + cache_write·write_price
 *           + output·output_price) / 1e6 · (batch multiplier when batched) + requests·request_price
 *
 * with a missing cached or cache-write price read as the input price (as the engine does), the
 * long-context tier whose `above` the prompt per request exceeds, and rows that match no price
 * left NULL (counted as unpriced, never $0). Off-peak windows and currency conversion are not in the
 * SQL: it prices the lists published in the currency asked for (docs/usage.md says more).
 */

export const SQL_DIALECTS = ["duckdb", "spark", "trino"] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface UsageSqlOptions {
  currency: string;
  by: readonly GroupKey[];
  /** Table (or view) names. */
  usageTable?: string | undefined;
  pricesTable?: string | undefined;
  /**
   * Also sum, per group, what the streaming path reports: cache-write and reasoning tokens, the
   * source's own cost (provider_cost), the cost by component and the unpriced rows' tokens. Needs
   * the `reasoning_tokens` and `cost` columns (llmcost's DuckDB view has them; `--sql` leaves them out).
   */
  detail?: boolean | undefined;
}

interface Dialect {
  q: (id: string) => string;
  day: (col: string) => string;
  week: (col: string) => string;
  month: (col: string) => string;
  namesContain: (names: string, value: string) => string;
  rowId: string;
  double: string;
  str: string;
  preamble: string[];
  howTo: string[];
}

const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: {
    q: (id) => `"${id}"`,
    day: (c) => `CAST(CAST(${c} AS TIMESTAMPTZ) AS DATE)`,
    week: (c) => `CAST(date_trunc('week', ${c}) AS DATE)`,
    month: (c) => `strftime(${c}, '%Y-%m')`,
    namesContain: (n, v) => `list_contains(string_split(${n}, '|'), ${v})`,
    rowId: "row_number() OVER ()",
    double: "DOUBLE",
    str: "VARCHAR",
    preamble: ["SET TimeZone = 'UTC';"],
    howTo: [
      "-- DuckDB: make the two tables, then run this file (duckdb my.db < usage.sql), e.g.",
      "--   CREATE VIEW prices AS SELECT * FROM read_csv_auto('prices.csv');   -- llmcost catalog export --format csv",
      "--   CREATE VIEW usage AS SELECT * FROM read_json('logs/*.jsonl.gz', columns = {",
      "--     timestamp: 'VARCHAR', provider: 'VARCHAR', model: 'VARCHAR', input_tokens: 'DOUBLE', output_tokens: 'DOUBLE',",
      "--     cached_tokens: 'DOUBLE', cache_write_tokens: 'DOUBLE', requests: 'DOUBLE', batch: 'BOOLEAN',",
      "--     project: 'VARCHAR', key: 'VARCHAR', user: 'VARCHAR', tag: 'VARCHAR'});",
    ],
  },
  spark: {
    q: (id) => `\`${id}\``,
    day: (c) => `to_date(${c})`,
    week: (c) => `to_date(date_trunc('WEEK', ${c}))`,
    month: (c) => `date_format(${c}, 'yyyy-MM')`,
    namesContain: (n, v) => `array_contains(split(${n}, '[|]'), ${v})`,
    rowId: "monotonically_increasing_id()",
    double: "DOUBLE",
    str: "STRING",
    preamble: ["SET spark.sql.session.timeZone = UTC;"],
    howTo: [
      "-- Spark SQL: register the two tables, then run this (spark-sql -f usage.sql), e.g.",
      "--   CREATE TEMPORARY VIEW prices USING csv OPTIONS (path 'prices.csv', header 'true', inferSchema 'true');",
      "--   CREATE TEMPORARY VIEW usage USING json OPTIONS (path 'logs/');   -- llmcost usage rows, one JSON object a line",
    ],
  },
  trino: {
    q: (id) => `"${id}"`,
    day: (c) => `CAST(from_iso8601_timestamp(${c}) AT TIME ZONE 'UTC' AS DATE)`,
    week: (c) => `CAST(date_trunc('week', ${c}) AS DATE)`,
    month: (c) => `date_format(${c}, '%Y-%m')`,
    namesContain: (n, v) => `contains(split(${n}, '|'), ${v})`,
    rowId: "row_number() OVER ()",
    double: "DOUBLE",
    str: "VARCHAR",
    preamble: [],
    howTo: [
      "-- Trino: the two tables in any catalog (e.g. Hive/Iceberg tables over the exported files); timestamp is an",
      "-- ISO 8601 varchar as llmcost usage rows write it (for a timestamp column, replace from_iso8601_timestamp(x) by x).",
      "--   prices: llmcost catalog export --format parquet (or csv); usage: llmcost usage rows",
    ],
  },
};

const GROUP_SQL: Record<GroupKey, (d: Dialect) => string> = {
  model: () => "coalesce(offering, model)",
  provider: () => "provider",
  day: (d) => `CAST(day AS ${d.str})`,
  week: (d) => `CAST(${d.week("day")} AS ${d.str})`,
  month: (d) => d.month("day"),
  project: (d) => d.q("project"),
  key: (d) => d.q("key"),
  user: (d) => d.q("user"),
  tag: (d) => d.q("tag"),
};

/** `q·p`, except that 0 tokens cost 0 even where the price is missing (as in the engine). */
function term(q: string, p: string): string {
  return `CASE WHEN ${q} = 0 THEN 0 ELSE ${q} * ${p} END`;
}

/** The streaming report's other sums (UsageSqlOptions.detail): components priced as in `priced`. */
function detailColumns(uncached: string): string[] {
  const mult = "CASE WHEN batched AND batch_multiplier IS NOT NULL THEN batch_multiplier ELSE 1 END";
  const part = (q: string, p: string) =>
    `sum(CASE WHEN offering IS NULL THEN NULL ELSE ${term(q, p)} / 1e6 * ${mult} END)`;
  const unpriced = (q: string) => `sum(CASE WHEN cost IS NULL THEN ${q} ELSE 0 END)`;
  return [
    "  sum(written) AS cache_write_tokens, sum(reasoning) AS reasoning_tokens,",
    "  sum(source_cost) AS provider_cost, count(source_cost) AS provider_cost_rows,",
    `  sum(CASE WHEN offering IS NULL THEN NULL ELSE ${uncached} END) AS q_input, ${part(uncached, "p_input")} AS c_input,`,
    `  sum(CASE WHEN offering IS NULL THEN NULL ELSE cached END) AS q_cached, ${part("cached", "coalesce(p_cached, p_input)")} AS c_cached,`,
    `  sum(CASE WHEN offering IS NULL THEN NULL ELSE written END) AS q_write, ${part("written", "coalesce(p_write, p_input)")} AS c_write,`,
    `  sum(CASE WHEN offering IS NULL THEN NULL ELSE output_tokens END) AS q_output, ${part("output_tokens", "p_output")} AS c_output,`,
    "  sum(CASE WHEN offering IS NULL THEN NULL ELSE n_requests END) AS q_request,",
    "  sum(CASE WHEN offering IS NULL THEN NULL ELSE n_requests * coalesce(p_request, 0) END) AS c_request,",
    `  ${unpriced("n_requests")} AS unpriced_requests, ${unpriced("input_tokens")} AS unpriced_input, ${unpriced("output_tokens")} AS unpriced_output`,
  ];
}

export function usageSql(dialect: SqlDialect, opts: UsageSqlOptions): string {
  const d = DIALECTS[dialect];
  const usage = opts.usageTable ?? "usage";
  const prices = opts.pricesTable ?? "prices";
  const cur = opts.currency.replace(/'/g, "''");
  const groups = opts.by.length > 0 ? opts.by : (["model"] as GroupKey[]);
  const groupCols = groups.map((g) => `${GROUP_SQL[g](d)} AS ${d.q(g)}`);
  const groupRefs = groups.map((_g, i) => String(i + 1));
  const uncached = "(input_tokens - cached - written)";
  return `${[
    `-- Generated by llmcost usage --sql ${dialect}: prices the usage rows in ${usage} at the prices in force on`,
    `-- each row's day (UTC), from ${prices} (llmcost catalog export), in ${opts.currency}. Columns of ${usage}:`,
    "-- timestamp (ISO 8601), provider (catalog id), model, input_tokens (all prompt tokens), output_tokens (all",
    "-- output, reasoning included), cached_tokens, cache_write_tokens, requests, batch, and the group keys.",
    "-- Rows that match no price (unknown model or provider, no price on the day) have a NULL cost.",
    ...d.howTo,
    ...d.preamble,
    "WITH",
    "wide AS (",
    "  SELECT provider, offering, names, valid_from, valid_to, above, batch_multiplier,",
    "    max(CASE WHEN component = 'input' THEN price END) AS p_input,",
    "    max(CASE WHEN component = 'cached_input' THEN price END) AS p_cached,",
    "    max(CASE WHEN component = 'cache_write' THEN price END) AS p_write,",
    "    max(CASE WHEN component = 'output' THEN price END) AS p_output,",
    "    max(CASE WHEN component = 'request' THEN price END) AS p_request",
    `  FROM ${prices}`,
    `  WHERE currency = '${cur}'`,
    "  GROUP BY provider, offering, names, valid_from, valid_to, above, batch_multiplier",
    "),",
    "u AS (",
    `  SELECT ${d.rowId} AS row_id, ${d.day(`${d.q("timestamp")}`)} AS day,`,
    "    lower(provider) AS provider, model,",
    `    CAST(input_tokens AS ${d.double}) AS input_tokens, CAST(output_tokens AS ${d.double}) AS output_tokens,`,
    `    CAST(coalesce(cached_tokens, 0) AS ${d.double}) AS cached, CAST(coalesce(cache_write_tokens, 0) AS ${d.double}) AS written,`,
    `    CAST(coalesce(requests, 1) AS ${d.double}) AS n_requests, coalesce(batch, false) AS batched,`,
    `    ${d.q("project")}, ${d.q("key")}, ${d.q("user")}, ${d.q("tag")}${opts.detail ? "," : ""}`,
    ...(opts.detail
      ? [
          `    CAST(coalesce(reasoning_tokens, 0) AS ${d.double}) AS reasoning, CAST(cost AS ${d.double}) AS source_cost`,
        ]
      : []),
    `  FROM ${usage}`,
    "),",
    "matched AS (",
    "  SELECT u.*, w.offering, w.p_input, w.p_cached, w.p_write, w.p_output, w.p_request, w.batch_multiplier,",
    "    row_number() OVER (PARTITION BY u.row_id ORDER BY w.above DESC, CASE WHEN w.offering = lower(u.model) THEN 0 ELSE 1 END, w.offering) AS pick",
    "  FROM u LEFT JOIN wide w",
    "    ON w.provider = u.provider",
    `   AND ${d.namesContain("w.names", "lower(u.model)")}`,
    "   AND CAST(w.valid_from AS DATE) <= u.day",
    "   AND (w.valid_to IS NULL OR u.day < CAST(w.valid_to AS DATE))",
    "   AND (w.above = 0 OR w.above < u.input_tokens / u.n_requests)",
    "),",
    "priced AS (",
    "  SELECT *, CASE WHEN offering IS NULL THEN NULL ELSE",
    `    (${term(uncached, "p_input")} + ${term("cached", "coalesce(p_cached, p_input)")}`,
    `     + ${term("written", "coalesce(p_write, p_input)")} + ${term("output_tokens", "p_output")}) / 1e6`,
    "    * CASE WHEN batched AND batch_multiplier IS NOT NULL THEN batch_multiplier ELSE 1 END",
    "    + n_requests * coalesce(p_request, 0) END AS cost",
    "  FROM matched WHERE pick = 1",
    ")",
    `SELECT ${groupCols.join(", ")},`,
    "  count(*) AS rows_read, count(cost) AS rows_priced, count(*) - count(cost) AS rows_unpriced,",
    "  sum(n_requests) AS requests, sum(input_tokens) AS input_tokens, sum(cached) AS cached_tokens,",
    `  sum(output_tokens) AS output_tokens, sum(cost) AS cost${opts.detail ? "," : ""}`,
    ...(opts.detail ? detailColumns(uncached) : []),
    "FROM priced",
    `GROUP BY ${groupRefs.join(", ")}`,
    `ORDER BY ${groupRefs.join(", ")};`,
  ].join("\n")}\n`;
}
