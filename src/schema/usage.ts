import * as z from "zod";
import { DATE_MAX, DATE_MIN, isDayAt, isTimeAt } from "./primitives.js";

/**
 * Usage logs (docs/usage.md): what was actually spent. Two formats live here:
 * - `UsageRecord`, llmcost's own usage row (one JSON object per line, or a CSV with these columns):
 *   every reader (OpenAI, Anthropic, Gemini, LiteLLM, OpenTelemetry, `--map`) turns its input into
 *   it, and `priceUsage` takes it;
 * - `UsageReport`, the JSON output of `llmcost usage --format json` (a contract, like `Estimate`).
 *
 * Token counts follow OpenAI's convention, the one most sources use: `input_tokens` counts every
 * prompt token, cached reads and cache writes included; `output_tokens` counts every output token,
 * reasoning included. `cached_tokens`, `cache_write_tokens` and `reasoning_tokens` say how much of
 * them was that kind. (Anthropic's `input_tokens` leaves cache reads and writes out, Gemini's
 * `candidatesTokenCount` leaves thinking out: their readers add them.)
 */

const Count = z.number().nonnegative();

export const GROUP_KEYS = ["model", "provider", "day", "week", "month", "project", "key", "user", "tag"] as const;
export const GroupKey = z.enum(GROUP_KEYS);

export const UsageRecord = z.strictObject({
  timestamp: z.union([z.string(), z.number()]).meta({
    description:
      "When the request was made: ISO 8601 with a zone (2026-10-14T12:00:00Z, +02:00), a date (a daily bucket, UTC), or Unix seconds.",
  }),
  provider: z.string().optional().meta({ description: "Catalog provider id (openai, anthropic, google, azure…)." }),
  model: z.string().min(1).meta({ description: "Model id or alias as the provider returned it." }),
  input_tokens: Count.meta({ description: "All prompt tokens, cached reads and cache writes included." }),
  output_tokens: Count.meta({ description: "All output tokens, reasoning included." }),
  cached_tokens: Count.optional().meta({ description: "Of input_tokens: read from the prompt cache." }),
  cache_write_tokens: Count.optional().meta({ description: "Of input_tokens: written to the prompt cache." }),
  reasoning_tokens: Count.optional().meta({ description: "Of output_tokens: reasoning (thinking) tokens." }),
  requests: Count.optional().meta({ description: "Requests this row counts (default 1; aggregated exports: more)." }),
  batch: z.boolean().optional().meta({ description: "Sent through the provider's batch API." }),
  cost: z.number().optional().meta({ description: "The provider's (or proxy's) own cost for this row." }),
  project: z.string().optional(),
  key: z.string().optional().meta({ description: "API key id or name." }),
  user: z.string().optional(),
  tag: z.string().optional(),
});

/**
 * A usage row as the engine prices it: `timestamp` already in UTC, `YYYY-MM-DD` or
 * `YYYY-MM-DDTHH:MM…` (see utcTimestamp). Optional counts are 0 when absent.
 */
export interface UsageRow {
  timestamp: string;
  provider?: string | undefined;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cached_tokens?: number | undefined;
  cache_write_tokens?: number | undefined;
  reasoning_tokens?: number | undefined;
  requests?: number | undefined;
  batch?: boolean | undefined;
  cost?: number | undefined;
  project?: string | undefined;
  key?: string | undefined;
  user?: string | undefined;
  tag?: string | undefined;
  /**
   * Aggregated rows without a true request count (Anthropic's usage report): whether their
   * requests were long-context ones (its `context_window`), instead of input ÷ requests.
   */
  long_context?: boolean | undefined;
  /** Its UTC day and minute of the day, when the reader has them already (else taken from `timestamp`). */
  date?: string | undefined;
  minute?: number | undefined;
  /** Where the row came from, for diagnostics. */
  file?: string | undefined;
  line?: number | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const STAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|z|[+-]\d{2}:?\d{2}|UTC)?$/;

/**
 * A timestamp as written in a log → a UTC ISO string, or why it cannot be one. Numbers are Unix
 * time: seconds below 1e11, milliseconds below 1e14, else nanoseconds (OpenTelemetry). A string
 * with no zone is refused unless `assumeUtc`: guessing the zone would move rows across days and
 * prices. Fast path: `…Z` strings come back as they are.
 */
export function utcTimestamp(v: unknown, assumeUtc = false): string | { error: string } {
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 0) return { error: "not a valid Unix time" };
    const ms = v < 1e11 ? v * 1000 : v < 1e14 ? v : v / 1e6;
    // 1e30 would be no Date at all (toISOString throws); 1e13 s a year past 9999.
    if (!(ms >= MS_MIN && ms < MS_END)) return { error: `a Unix time outside ${DATE_MIN} … ${DATE_MAX}` };
    return new Date(ms).toISOString();
  }
  if (typeof v !== "string" || v.length < 10) return { error: "not a timestamp" };
  const last = v.charCodeAt(v.length - 1);
  // …Z with a T: already UTC (a real day and time of day: else the full reading says what is wrong).
  if (last === 90 && v.length >= 17 && v.charCodeAt(10) === 84 && isDayAt(v, 0) && isTimeAt(v, 11)) return v;
  if (DATE_ONLY.test(v)) return isDayAt(v, 0) ? v : { error: dayError(v) };
  if (/^\d{9,19}$/.test(v)) return utcTimestamp(Number(v), assumeUtc);
  const m = STAMP.exec(v);
  if (!m) return { error: "not an ISO 8601 timestamp" };
  // Date.parse rolls 2026-02-30 over to March 2 and 24:00 over to the next day: both refused here.
  if (!isDayAt(v, 0)) return { error: dayError(v) };
  if (!isTimeAt(v, 11)) return { error: "not a time of day (00:00–23:59:59)" };
  const zone = m[3];
  if (!zone && !assumeUtc) return { error: "timestamp without a time zone" };
  const iso = `${m[1]}T${m[2]}${!zone || zone === "UTC" || zone === "z" ? "Z" : zone}`;
  const t = Date.parse(iso);
  if (!(t >= MS_MIN && t < MS_END)) return { error: `not a date from ${DATE_MIN} to ${DATE_MAX} in UTC` };
  return new Date(t).toISOString();
}

const MS_MIN = Date.UTC(1900, 0, 1);
const MS_END = Date.UTC(10000, 0, 1);

function dayError(v: string): string {
  const y = v.slice(0, 4);
  return y < DATE_MIN.slice(0, 4) ? `a date before ${DATE_MIN}` : "not a real calendar day";
}

const Tokens = z.object({
  input: z.number().meta({ description: "All prompt tokens, cached and cache writes included." }),
  cached: z.number(),
  cache_write: z.number(),
  output: z.number().meta({ description: "All output tokens, reasoning included." }),
  reasoning: z.number(),
});

export const UsageGroup = z.object({
  key: z.record(z.string(), z.string()).meta({ description: "The --by fields and their values for this group." }),
  rows: z.number(),
  rows_unpriced: z.number(),
  requests: z.number(),
  tokens: Tokens,
  cost: z.number().meta({ description: "llmcost's cost of the priced rows, each at its own date's prices." }),
  components: z
    .array(z.object({ name: z.string(), quantity: z.number(), unit: z.string(), cost: z.number() }))
    .meta({ description: "Cost by component (input, cached_input, cache_write, output, reasoning, request…)." }),
  provider_cost: z
    .number()
    .nullable()
    .meta({ description: "Sum of the cost the source reported (OpenAI costs, LiteLLM spend…); null: none." }),
  difference: z
    .number()
    .nullable()
    .meta({ description: "(cost − provider_cost) / provider_cost; null without a provider cost." }),
  flagged: z.boolean().meta({ description: "True when |difference| is above the --diff-threshold." }),
  reprice: z
    .object({
      target: z.string(),
      cost: z.number().nullable(),
      offerings: z.array(z.string()).meta({ description: "provider/offering used for the repriced rows." }),
      rows_unavailable: z.number().meta({ description: "Priced rows the target cannot run." }),
    })
    .optional(),
});

export const UnpricedModel = z.object({
  model: z.string(),
  provider: z.string().nullable(),
  reason: z.string(),
  rows: z.number(),
  requests: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  first: z.string().meta({ description: "file:line of the first such row." }),
});

const EstActual = z.object({ estimate: z.number(), actual: z.number() });

export const UsageAgainst = z.object({
  workload: z.string(),
  period: z.string(),
  scale: z
    .number()
    .meta({ description: "Days in the workload's period ÷ days in the log window: actuals are scaled by it." }),
  estimate_total: z.number(),
  actual_total: z.number(),
  items: z.array(
    z.object({
      name: z.string(),
      model: z.string(),
      provider: z.string().nullable(),
      estimate: z.number().nullable(),
      actual: z.number(),
      difference: z.number().nullable(),
      causes: z
        .object({ volume: z.number(), per_request: z.number() })
        .meta({ description: "volume + per_request = difference: (R_a − R_e)·c_e and R_a·(c_a − c_e)." }),
      requests: EstActual,
      input_tokens_per_request: EstActual,
      cached_share: EstActual,
    }),
  ),
  actual_not_in_workload: z.number().meta({ description: "Actual cost of models no workload item names." }),
});

export const UsageReport = z.object({
  llmcost: z.literal(1),
  kind: z.literal("usage"),
  catalog: z.object({ version: z.string(), digest: z.string() }),
  currency: z.string(),
  by: z.array(GroupKey),
  inputs: z.array(z.object({ file: z.string(), format: z.string(), rows: z.number(), errors: z.number() })),
  period: z.object({ from: z.string(), to: z.string() }).nullable().meta({ description: "First and last day seen." }),
  total: z
    .number()
    .meta({ description: "Sum of the priced rows. A floor when `complete` is false: unpriced rows are not $0." }),
  complete: z.boolean().meta({ description: "False when some rows could not be priced (see `unpriced`)." }),
  rows_read: z.number().meta({ description: "Rows read: priced + unpriced + cost-only." }),
  rows_priced: z.number(),
  rows_unpriced: z.number(),
  rows_cost_only: z.number().meta({ description: "Rows with a provider cost and no tokens (OpenAI costs export)." }),
  rows_invalid: z.number().meta({ description: "Lines that could not be read (see diagnostics)." }),
  requests: z.number(),
  tokens: Tokens,
  provider_cost: z.number().nullable(),
  groups: z.array(UsageGroup),
  unpriced: z.array(UnpricedModel).meta({ description: "The top unknown or unpriceable models, most rows first." }),
  reprice: z
    .object({ target: z.string(), total: z.number(), complete: z.boolean() })
    .optional()
    .meta({ description: "--reprice: the same traffic on another provider, the cheapest host, or another model." }),
  against: UsageAgainst.optional().meta({ description: "--against WORKLOAD: actual against estimate per item." }),
  diagnostics: z
    .array(z.object({ file: z.string(), line: z.number(), message: z.string() }))
    .meta({ description: "The first per-row problems (bad lines, bad values), with file and line." }),
  errors: z.number().meta({ description: "How many per-row problems there were in all." }),
  warnings: z.array(z.string()),
});

export type UsageRecord = z.infer<typeof UsageRecord>;
export type GroupKey = z.infer<typeof GroupKey>;
export type UsageGroup = z.infer<typeof UsageGroup>;
export type UnpricedModel = z.infer<typeof UnpricedModel>;
export type UsageReport = z.infer<typeof UsageReport>;
export type UsageAgainst = z.infer<typeof UsageAgainst>;
