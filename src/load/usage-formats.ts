import { type UsageRow, utcTimestamp } from "../schema/usage.js";

/**
 * Usage log formats (docs/usage.md): how each source's records become llmcost usage rows. Each
 * reader takes one parsed record (a JSON line, a JSON document, a CSV row as an object) and emits
 * rows, or says what is wrong with the record. Field names follow each provider's documented
 * schema; tests/fixtures/usage/README.md says where each was read.
 */

export const USAGE_FORMATS = [
  "llmcost",
  "openai",
  "anthropic",
  "gemini",
  "openai-usage",
  "openai-costs",
  "anthropic-usage",
  "anthropic-costs",
  "litellm",
  "otel",
  "csv",
  "jsonl",
] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

export const FORMAT_LABELS: Record<UsageFormat, string> = {
  llmcost: "llmcost usage rows (JSON lines)",
  openai: "OpenAI API responses (chat completions / Responses, JSON lines)",
  anthropic: "Anthropic Messages API responses (JSON lines)",
  gemini: "Gemini API responses with usageMetadata (JSON lines)",
  "openai-usage": "OpenAI organization usage export (/v1/organization/usage/completions)",
  "openai-costs": "OpenAI organization costs export (/v1/organization/costs)",
  "anthropic-usage": "Anthropic usage report (/v1/organizations/usage_report/messages)",
  "anthropic-costs": "Anthropic cost report (/v1/organizations/cost_report)",
  litellm: "LiteLLM proxy spend logs",
  otel: "OpenTelemetry GenAI spans (OTLP JSON)",
  csv: "CSV with --map",
  jsonl: "JSON lines with --map",
};

export interface ReadOptions {
  /** Accept timestamps without a zone as UTC. */
  assumeUtc: boolean;
  /** --map: llmcost field → source column or dotted path. */
  map?: Record<string, string> | undefined;
}

export type Emit = (row: UsageRow) => void;
export type Fail = (message: string) => void;
type Rec = Record<string, unknown>;
/** A row being read: any field may still be missing. */
type Draft = { [K in keyof UsageRow]?: UsageRow[K] | undefined };

const isObj = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** Provider names as sources write them → catalog provider ids. */
const PROVIDER_IDS: Record<string, string> = {
  openai: "openai",
  azure: "azure",
  azure_ai: "azure",
  "azure.ai.openai": "azure",
  "az.ai.openai": "azure",
  "azure.ai.inference": "azure",
  anthropic: "anthropic",
  gemini: "google",
  google: "google",
  "gcp.gemini": "google",
  google_ai_studio: "google",
  vertex_ai: "google-vertex",
  "vertex_ai-language-models": "google-vertex",
  "gcp.vertex_ai": "google-vertex",
  "gcp.gen_ai": "google",
  bedrock: "aws-bedrock",
  "aws.bedrock": "aws-bedrock",
  aws_bedrock: "aws-bedrock",
  mistral: "mistral",
  mistral_ai: "mistral",
  together_ai: "together",
  together: "together",
  fireworks_ai: "fireworks",
  fireworks: "fireworks",
  x_ai: "xai",
  xai: "xai",
  deepseek: "deepseek",
  groq: "groq",
  cohere: "cohere",
  cohere_chat: "cohere",
  deepinfra: "deepinfra",
  cerebras: "cerebras",
  moonshot: "moonshot",
  dashscope: "alibaba",
};

export function providerId(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return undefined;
  const k = name.toLowerCase();
  return PROVIDER_IDS[k] ?? k;
}

/** `openai/gpt-4o` (LiteLLM, OpenRouter style) → provider openai, model gpt-4o. */
function splitModel(model: string, provider: string | undefined): { model: string; provider: string | undefined } {
  const slash = model.indexOf("/");
  if (slash > 0 && provider === undefined) {
    const p = PROVIDER_IDS[model.slice(0, slash).toLowerCase()];
    if (p) return { model: model.slice(slash + 1), provider: p };
  }
  if (slash > 0 && provider !== undefined && providerId(model.slice(0, slash)) === provider)
    return { model: model.slice(slash + 1), provider };
  return { model, provider };
}

/** A count: a number, or a numeric string (CSV cells, OTLP intValue); absent is undefined. */
function count(v: unknown, name: string, fail: Fail): number | undefined | null {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 0) {
      fail(`${name}: expected a non-negative number, found ${v}`);
      return null;
    }
    return v;
  }
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v)) {
    const n = Number(v);
    if (n < 0) {
      fail(`${name}: expected a non-negative number, found ${v}`);
      return null;
    }
    return n;
  }
  fail(`${name}: expected a number, found ${JSON.stringify(v)}`);
  return null;
}

function money(v: unknown, name: string, fail: Fail): number | undefined | null {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) {
    fail(`${name}: expected an amount, found ${JSON.stringify(v)}`);
    return null;
  }
  return n;
}

function stamp(v: unknown, name: string, opts: ReadOptions, fail: Fail): string | null {
  if (v === undefined || v === null || v === "") {
    fail(`${name}: missing (each row needs the time it was made, to price it at that day's prices)`);
    return null;
  }
  const t = utcTimestamp(v, opts.assumeUtc);
  if (typeof t === "string") return t;
  fail(
    `${name}: ${t.error} (${JSON.stringify(v)})${t.error.includes("zone") ? "; add Z or an offset, or pass --assume-utc" : ""}`,
  );
  return null;
}

/** A name or id: a string, or a number written as one (ids); 1e400 is no name (it read "Infinity"). */
function str(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

const TIME_KEYS = [
  "timestamp",
  "created_at",
  "created",
  "createTime",
  "create_time",
  "time",
  "startTime",
  "start_time",
];

function timeOf(...recs: Array<Rec | undefined>): unknown {
  for (const r of recs) if (r) for (const k of TIME_KEYS) if (r[k] !== undefined && r[k] !== null) return r[k];
  return undefined;
}

/** A raw response may be logged as is, or wrapped: {timestamp, response|body|message|result: …}; batch outputs too. */
function unwrap(o: Rec): { body: Rec; outer: Rec | undefined; batch: boolean } {
  // OpenAI batch output: {custom_id, response: {status_code, body: {…}}}
  if (isObj(o.response) && isObj(o.response.body) && o.custom_id !== undefined)
    return { body: o.response.body, outer: o, batch: true };
  // Anthropic batch results: {custom_id, result: {type: "succeeded", message: {…}}}
  if (isObj(o.result) && isObj(o.result.message)) return { body: o.result.message, outer: o, batch: true };
  for (const k of ["response", "body", "message", "data"]) {
    const v = o[k];
    if (isObj(v) && (isObj(v.usage) || isObj(v.usageMetadata))) return { body: v, outer: o, batch: false };
  }
  return { body: o, outer: undefined, batch: false };
}

export interface Detected {
  format: UsageFormat;
}

/** The format of a record, from its shape; undefined when nothing fits. */
export function detectRecord(o: unknown): UsageFormat | undefined {
  if (Array.isArray(o)) return o.length > 0 ? detectRecord(o[0]) : undefined;
  if (!isObj(o)) return undefined;
  if (Array.isArray(o.resourceSpans)) return "otel";
  const buckets = Array.isArray(o.data)
    ? o.data
    : o.object === "bucket" || o.starting_at !== undefined
      ? [o]
      : undefined;
  if (buckets) {
    const b = buckets.find((x) => isObj(x) && Array.isArray(x.results) && x.results.length > 0) as Rec | undefined;
    const r = b && isObj((b.results as unknown[])[0]) ? ((b.results as unknown[])[0] as Rec) : undefined;
    if (r) {
      if (r.object === "organization.usage.completions.result") return "openai-usage";
      if (r.object === "organization.costs.result") return "openai-costs";
      if (r.uncached_input_tokens !== undefined || r.cache_read_input_tokens !== undefined) return "anthropic-usage";
      if (
        r.amount !== undefined &&
        (r.cost_type !== undefined || r.token_type !== undefined || r.description !== undefined)
      )
        return "anthropic-costs";
    }
    if (Array.isArray(o.data) && o.data.length === 0) return undefined;
  }
  if (o.spend !== undefined && (o.startTime !== undefined || o.request_id !== undefined)) return "litellm";
  const { body } = unwrap(o);
  if (isObj(body.usageMetadata)) return "gemini";
  const u = body.usage;
  if (isObj(u)) {
    if (u.prompt_tokens !== undefined) return "openai";
    if (
      body.type === "message" ||
      u.cache_read_input_tokens !== undefined ||
      u.cache_creation_input_tokens !== undefined
    )
      return "anthropic";
    if (u.input_tokens !== undefined && (body.object === "response" || isObj(u.input_tokens_details))) return "openai";
    if (u.input_tokens !== undefined)
      return typeof body.model === "string" && body.model.startsWith("claude") ? "anthropic" : "openai";
  }
  if (typeof o.model === "string" && o.input_tokens !== undefined && o.timestamp !== undefined) return "llmcost";
  return undefined;
}

/** CSV headers → format: LiteLLM's spend-log columns, or llmcost's own. */
export function detectHeader(cols: readonly string[]): UsageFormat | undefined {
  const has = (c: string) => cols.includes(c);
  if (has("spend") && has("model") && (has("startTime") || has("request_id"))) return "litellm";
  if (has("timestamp") && has("model") && has("input_tokens") && has("output_tokens")) return "llmcost";
  return undefined;
}

type Reader = (o: Rec, opts: ReadOptions, emit: Emit, fail: Fail) => void;

function finishRow(r: Draft, emit: Emit, fail: Fail): void {
  if (r.model === undefined || r.model === "") {
    fail("model: missing");
    return;
  }
  const split = splitModel(r.model, r.provider);
  emit({
    timestamp: r.timestamp as string,
    provider: split.provider,
    model: split.model,
    input_tokens: r.input_tokens ?? 0,
    output_tokens: r.output_tokens ?? 0,
    cached_tokens: r.cached_tokens,
    cache_write_tokens: r.cache_write_tokens,
    reasoning_tokens: r.reasoning_tokens,
    requests: r.requests,
    batch: r.batch,
    cost: r.cost,
    project: r.project,
    key: r.key,
    user: r.user,
    tag: r.tag,
    long_context: r.long_context,
  });
}

/** Reads counts into `out`, stopping at the first bad one (fail was called: the record is skipped). */
function counts(pairs: Array<[keyof UsageRow, unknown, string]>, out: Draft, fail: Fail): boolean {
  for (const [k, v, name] of pairs) {
    const n = count(v, name, fail);
    if (n === null) return false;
    if (n !== undefined) (out as Record<string, unknown>)[k] = n;
  }
  return true;
}

/** llmcost's own rows: the UsageRecord fields (numbers may be strings in CSV). */
const readLlmcost: Reader = (o, opts, emit, fail) => {
  const ts = stamp(o.timestamp, "timestamp", opts, fail);
  if (ts === null) return;
  const r: Draft = { timestamp: ts, model: str(o.model), provider: providerId(o.provider) };
  if (
    !counts(
      [
        ["input_tokens", o.input_tokens, "input_tokens"],
        ["output_tokens", o.output_tokens, "output_tokens"],
        ["cached_tokens", o.cached_tokens, "cached_tokens"],
        ["cache_write_tokens", o.cache_write_tokens, "cache_write_tokens"],
        ["reasoning_tokens", o.reasoning_tokens, "reasoning_tokens"],
        ["requests", o.requests, "requests"],
      ],
      r,
      fail,
    )
  )
    return;
  if (o.input_tokens === undefined || o.output_tokens === undefined) {
    fail("input_tokens and output_tokens are required");
    return;
  }
  const c = money(o.cost, "cost", fail);
  if (c === null) return;
  r.cost = c;
  r.batch = o.batch === true || o.batch === "true" || o.batch === 1 || o.batch === "1";
  r.project = str(o.project);
  r.key = str(o.key);
  r.user = str(o.user);
  r.tag = str(o.tag);
  finishRow(r, emit, fail);
};

/**
 * OpenAI chat completions (`usage.prompt_tokens`, `prompt_tokens_details.cached_tokens`,
 * `completion_tokens_details.reasoning_tokens`, `created`) and Responses (`usage.input_tokens`,
 * `input_tokens_details.cached_tokens`, `output_tokens_details.reasoning_tokens`, `created_at`).
 * Both count cached tokens inside the prompt and reasoning inside the output, as llmcost does.
 */
const readOpenAI: Reader = (o, opts, emit, fail) => {
  const { body, outer, batch } = unwrap(o);
  const u = body.usage;
  if (!isObj(u)) {
    fail("no usage object");
    return;
  }
  const ts = stamp(timeOf(outer, body), "created", opts, fail);
  if (ts === null) return;
  const inDetails = isObj(u.prompt_tokens_details)
    ? u.prompt_tokens_details
    : isObj(u.input_tokens_details)
      ? u.input_tokens_details
      : {};
  const outDetails = isObj(u.completion_tokens_details)
    ? u.completion_tokens_details
    : isObj(u.output_tokens_details)
      ? u.output_tokens_details
      : {};
  const r: Draft = { timestamp: ts, model: str(body.model), provider: "openai", batch };
  if (
    !counts(
      [
        ["input_tokens", u.prompt_tokens ?? u.input_tokens, "usage.prompt_tokens"],
        ["output_tokens", u.completion_tokens ?? u.output_tokens, "usage.completion_tokens"],
        ["cached_tokens", inDetails.cached_tokens, "usage.prompt_tokens_details.cached_tokens"],
        ["reasoning_tokens", outDetails.reasoning_tokens, "usage.completion_tokens_details.reasoning_tokens"],
      ],
      r,
      fail,
    )
  )
    return;
  if (body.service_tier === "batch") r.batch = true;
  r.user = str(body.user ?? outer?.user);
  r.project = str(outer?.project);
  r.tag = str(outer?.tag);
  finishRow(r, emit, fail);
};

/**
 * Anthropic Messages: `usage.input_tokens` counts only the tokens after the last cache breakpoint;
 * `cache_read_input_tokens` and `cache_creation_input_tokens` are apart, so they are added to the
 * prompt. A message carries no time: the log line must (`timestamp`, or a wrapper object).
 */
const readAnthropic: Reader = (o, opts, emit, fail) => {
  const { body, outer, batch } = unwrap(o);
  const u = body.usage;
  if (!isObj(u)) {
    fail("no usage object");
    return;
  }
  const when = timeOf(outer, body);
  if (when === undefined) {
    fail(
      'no timestamp: an Anthropic message carries none; log it beside the response ({"timestamp": "2026-10-14T12:00:00Z", "response": {…}})',
    );
    return;
  }
  const ts = stamp(when, "timestamp", opts, fail);
  if (ts === null) return;
  const parts: Draft = {};
  if (
    !counts(
      [
        ["input_tokens", u.input_tokens, "usage.input_tokens"],
        ["output_tokens", u.output_tokens, "usage.output_tokens"],
        ["cached_tokens", u.cache_read_input_tokens, "usage.cache_read_input_tokens"],
        ["cache_write_tokens", u.cache_creation_input_tokens, "usage.cache_creation_input_tokens"],
      ],
      parts,
      fail,
    )
  )
    return;
  const cached = parts.cached_tokens ?? 0;
  const written = parts.cache_write_tokens ?? 0;
  finishRow(
    {
      timestamp: ts,
      model: str(body.model),
      provider: "anthropic",
      input_tokens: (parts.input_tokens ?? 0) + cached + written,
      output_tokens: parts.output_tokens ?? 0,
      cached_tokens: cached || undefined,
      cache_write_tokens: written || undefined,
      batch: batch || u.service_tier === "batch",
      user: str(outer?.user),
      project: str(outer?.project),
      tag: str(outer?.tag),
    },
    emit,
    fail,
  );
};

/**
 * Gemini `usageMetadata`: `promptTokenCount` includes `cachedContentTokenCount`;
 * `candidatesTokenCount` leaves out `thoughtsTokenCount`, billed as output: added.
 * The model is `modelVersion`; the time `createTime` (Vertex AI) or the log line's.
 */
const readGemini: Reader = (o, opts, emit, fail) => {
  const { body, outer } = unwrap(o);
  const u = body.usageMetadata;
  if (!isObj(u)) {
    fail("no usageMetadata object");
    return;
  }
  const ts = stamp(timeOf(outer, body), "createTime", opts, fail);
  if (ts === null) return;
  const p: Draft = {};
  const extra: Draft = {};
  if (
    !counts(
      [
        ["input_tokens", u.promptTokenCount, "usageMetadata.promptTokenCount"],
        ["output_tokens", u.candidatesTokenCount, "usageMetadata.candidatesTokenCount"],
        ["cached_tokens", u.cachedContentTokenCount, "usageMetadata.cachedContentTokenCount"],
        ["reasoning_tokens", u.thoughtsTokenCount, "usageMetadata.thoughtsTokenCount"],
      ],
      p,
      fail,
    ) ||
    !counts([["input_tokens", u.toolUsePromptTokenCount, "usageMetadata.toolUsePromptTokenCount"]], extra, fail)
  )
    return;
  const thoughts = p.reasoning_tokens ?? 0;
  finishRow(
    {
      timestamp: ts,
      model: str(body.modelVersion ?? body.model ?? outer?.model),
      provider: providerId(outer?.provider) ?? "google",
      input_tokens: (p.input_tokens ?? 0) + (extra.input_tokens ?? 0),
      output_tokens: (p.output_tokens ?? 0) + thoughts,
      cached_tokens: p.cached_tokens,
      reasoning_tokens: thoughts || undefined,
      user: str(outer?.user),
      project: str(outer?.project),
      tag: str(outer?.tag),
    },
    emit,
    fail,
  );
};

/**
 * The list at a record's key, or none; a value that is not a list (a number, an object) is a
 * problem of the record, not a crash: `for (… of 1e308)` threw "is not iterable" (exit 3).
 */
function listOf(v: unknown, name: string, fail: Fail): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  fail(`${name}: expected a list, found ${typeof v === "object" ? "an object" : JSON.stringify(v)}`);
  return [];
}

/** A page `{data: [bucket…]}`, a bucket, or a list of buckets → its buckets. */
function bucketsOf(o: Rec): Rec[] {
  if (Array.isArray(o.data)) return o.data.filter(isObj);
  return [o];
}

/**
 * OpenAI organization usage (completions): daily or hourly buckets of aggregated results, with
 * `input_tokens` (cached included), `input_cached_tokens`, `output_tokens`, `num_model_requests`
 * and, when grouped by them, `model`, `project_id`, `api_key_id`, `user_id`, `batch`.
 */
const readOpenAIUsage: Reader = (o, opts, emit, fail) => {
  for (const b of bucketsOf(o)) {
    const ts = stamp(b.start_time, "start_time", opts, fail);
    if (ts === null) continue;
    for (const [i, res] of listOf(b.results, "results", fail).entries()) {
      if (!isObj(res)) continue;
      const f: Fail = (m) => fail(`results[${i}]: ${m}`);
      if (res.model === null || res.model === undefined) {
        f("model: null (export the usage with group_by=model: llmcost prices each model at its own prices)");
        continue;
      }
      const r: Draft = { timestamp: ts, model: str(res.model), provider: "openai" };
      if (
        !counts(
          [
            ["input_tokens", res.input_tokens, "input_tokens"],
            ["output_tokens", res.output_tokens, "output_tokens"],
            ["cached_tokens", res.input_cached_tokens, "input_cached_tokens"],
            ["requests", res.num_model_requests, "num_model_requests"],
          ],
          r,
          f,
        )
      )
        continue;
      r.batch = res.batch === true;
      r.project = str(res.project_id);
      r.key = str(res.api_key_id);
      r.user = str(res.user_id);
      finishRow(r, emit, f);
    }
  }
};

/**
 * OpenAI organization costs: per bucket, `amount.value` in `amount.currency`, by `line_item`
 * ("gpt-4o-mini-2024-07-18, input") and `project_id`. No tokens: cost-only rows, shown beside
 * llmcost's own cost of the usage export for the same model and day.
 */
const readOpenAICosts: Reader = (o, opts, emit, fail) => {
  for (const b of bucketsOf(o)) {
    const ts = stamp(b.start_time, "start_time", opts, fail);
    if (ts === null) continue;
    for (const [i, res] of listOf(b.results, "results", fail).entries()) {
      if (!isObj(res)) continue;
      const f: Fail = (m) => fail(`results[${i}]: ${m}`);
      const amount = isObj(res.amount) ? res.amount : {};
      const value = money(amount.value, "amount.value", f);
      if (value === null || value === undefined) continue;
      const item = str(res.line_item);
      const model = item ? (item.split(",")[0] as string).trim() : "(all line items)";
      emit({
        timestamp: ts,
        provider: "openai",
        model,
        input_tokens: 0,
        output_tokens: 0,
        cost: value,
        project: str(res.project_id),
      });
    }
  }
};

/**
 * Anthropic usage report (messages): buckets (`starting_at`) of results with
 * `uncached_input_tokens`, `cache_read_input_tokens`, `cache_creation.ephemeral_5m_input_tokens`
 * and `…_1h_…`, `output_tokens`, grouped by `model`, `api_key_id`, `workspace_id`, `service_tier`.
 * The report has no request count: each result counts as one request.
 */
const readAnthropicUsage: Reader = (o, opts, emit, fail) => {
  for (const b of bucketsOf(o)) {
    const ts = stamp(b.starting_at, "starting_at", opts, fail);
    if (ts === null) continue;
    for (const [i, res] of listOf(b.results, "results", fail).entries()) {
      if (!isObj(res)) continue;
      const f: Fail = (m) => fail(`results[${i}]: ${m}`);
      if (res.model === null || res.model === undefined) {
        f("model: null (export the report with group_by[]=model)");
        continue;
      }
      const cc = isObj(res.cache_creation) ? res.cache_creation : {};
      const p: Draft = {};
      const w1: Draft = {};
      if (
        !counts(
          [
            ["input_tokens", res.uncached_input_tokens, "uncached_input_tokens"],
            ["output_tokens", res.output_tokens, "output_tokens"],
            ["cached_tokens", res.cache_read_input_tokens, "cache_read_input_tokens"],
            ["cache_write_tokens", cc.ephemeral_5m_input_tokens, "cache_creation.ephemeral_5m_input_tokens"],
          ],
          p,
          f,
        ) ||
        !counts(
          [["cache_write_tokens", cc.ephemeral_1h_input_tokens, "cache_creation.ephemeral_1h_input_tokens"]],
          w1,
          f,
        )
      )
        continue;
      const cached = p.cached_tokens ?? 0;
      const written = (p.cache_write_tokens ?? 0) + (w1.cache_write_tokens ?? 0);
      finishRow(
        {
          timestamp: ts,
          model: str(res.model),
          provider: "anthropic",
          input_tokens: (p.input_tokens ?? 0) + cached + written,
          output_tokens: p.output_tokens ?? 0,
          cached_tokens: cached || undefined,
          cache_write_tokens: written || undefined,
          batch: res.service_tier === "batch",
          project: str(res.workspace_id),
          key: str(res.api_key_id),
          // No request count: the tier comes from the report's context_window ("0-200k", "200k-1M").
          long_context: typeof res.context_window === "string" ? !res.context_window.startsWith("0-") : false,
        },
        emit,
        f,
      );
    }
  }
};

/**
 * Anthropic cost report: buckets of results with `amount` (a decimal string in the currency's
 * lowest unit: cents for USD), `currency`, `model`, `workspace_id`, `cost_type`, `token_type`.
 * Cost-only rows.
 */
const readAnthropicCosts: Reader = (o, opts, emit, fail) => {
  for (const b of bucketsOf(o)) {
    const ts = stamp(b.starting_at, "starting_at", opts, fail);
    if (ts === null) continue;
    for (const [i, res] of listOf(b.results, "results", fail).entries()) {
      if (!isObj(res)) continue;
      const f: Fail = (m) => fail(`results[${i}]: ${m}`);
      const cents = money(res.amount, "amount", f);
      if (cents === null || cents === undefined) continue;
      emit({
        timestamp: ts,
        provider: "anthropic",
        model: str(res.model) ?? `(${str(res.cost_type) ?? "other"})`,
        input_tokens: 0,
        output_tokens: 0,
        cost: cents / 100,
        project: str(res.workspace_id),
      });
    }
  }
};

/**
 * LiteLLM spend logs (LiteLLM_SpendLogs rows, from /spend/logs or a CSV export): `startTime`,
 * `model`, `custom_llm_provider`, `prompt_tokens`, `completion_tokens`, `spend` (LiteLLM's cost),
 * `api_key`, `user`, `team_id`, `request_tags`; cached and reasoning tokens from
 * `metadata.usage_object` when logged.
 */
const readLiteLLM: Reader = (o, opts, emit, fail) => {
  const ts = stamp(o.startTime ?? o.start_time, "startTime", opts, fail);
  if (ts === null) return;
  let meta: Rec = {};
  if (isObj(o.metadata)) meta = o.metadata;
  else if (typeof o.metadata === "string" && o.metadata.startsWith("{"))
    try {
      const m = JSON.parse(o.metadata);
      if (isObj(m)) meta = m;
    } catch {}
  const uo = isObj(meta.usage_object) ? meta.usage_object : {};
  const pd = isObj(uo.prompt_tokens_details) ? uo.prompt_tokens_details : {};
  const cd = isObj(uo.completion_tokens_details) ? uo.completion_tokens_details : {};
  const r: Draft = {
    timestamp: ts,
    model: str(o.model) ?? str(o.model_group),
    provider: providerId(o.custom_llm_provider),
  };
  if (
    !counts(
      [
        ["input_tokens", o.prompt_tokens, "prompt_tokens"],
        ["output_tokens", o.completion_tokens, "completion_tokens"],
        ["cached_tokens", pd.cached_tokens ?? uo.cache_read_input_tokens, "metadata.usage_object cached tokens"],
        ["reasoning_tokens", cd.reasoning_tokens, "metadata.usage_object reasoning tokens"],
      ],
      r,
      fail,
    )
  )
    return;
  const spend = money(o.spend, "spend", fail);
  if (spend === null) return;
  r.cost = spend;
  // A cache hit in LiteLLM's own response cache never reached the provider: nothing was billed.
  if (o.cache_hit === true || o.cache_hit === "True" || o.cache_hit === "true") return;
  r.key = str(o.api_key);
  r.user = str(o.user) ?? str(o.end_user);
  r.project = str(o.team_id);
  const tags = Array.isArray(o.request_tags)
    ? o.request_tags
    : typeof o.request_tags === "string" && o.request_tags.startsWith("[")
      ? (() => {
          try {
            return JSON.parse(o.request_tags as string) as unknown[];
          } catch {
            return [];
          }
        })()
      : [];
  r.tag = tags.length > 0 ? tags.map(String).join(",") : undefined;
  finishRow(r, emit, fail);
};

/** OTLP JSON attribute list → plain values (intValue comes as a string). */
function attrs(list: unknown): Rec {
  const out: Rec = {};
  if (!Array.isArray(list)) return out;
  for (const a of list) {
    if (!isObj(a) || typeof a.key !== "string" || !isObj(a.value)) continue;
    const v = a.value;
    out[a.key] = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
  }
  return out;
}

/**
 * OpenTelemetry GenAI spans in OTLP JSON (`resourceSpans[].scopeSpans[].spans[]`): a span with
 * `gen_ai.usage.input_tokens` / `output_tokens` is a row; `gen_ai.response.model` (else
 * `gen_ai.request.model`), `gen_ai.provider.name` (else the older `gen_ai.system`),
 * `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens`,
 * `startTimeUnixNano`; project from the resource's `service.name`, user from `user.id`.
 * Spans without token usage (HTTP, tools) are skipped.
 */
const readOtel: Reader = (o, opts, emit, fail) => {
  for (const rs of listOf(o.resourceSpans, "resourceSpans", fail)) {
    if (!isObj(rs)) continue;
    const res = attrs(isObj(rs.resource) ? rs.resource.attributes : undefined);
    for (const ss of listOf(rs.scopeSpans, "scopeSpans", fail)) {
      if (!isObj(ss)) continue;
      for (const span of listOf(ss.spans, "spans", fail)) {
        if (!isObj(span)) continue;
        const a = attrs(span.attributes);
        if (a["gen_ai.usage.input_tokens"] === undefined && a["gen_ai.usage.output_tokens"] === undefined) continue;
        const f: Fail = (m) => fail(`span ${str(span.spanId) ?? "?"}: ${m}`);
        const ts = stamp(span.startTimeUnixNano, "startTimeUnixNano", opts, f);
        if (ts === null) continue;
        const r: Draft = {
          timestamp: ts,
          model: str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]),
          provider: providerId(a["gen_ai.provider.name"] ?? a["gen_ai.system"]),
        };
        if (
          !counts(
            [
              ["input_tokens", a["gen_ai.usage.input_tokens"], "gen_ai.usage.input_tokens"],
              ["output_tokens", a["gen_ai.usage.output_tokens"], "gen_ai.usage.output_tokens"],
              ["cached_tokens", a["gen_ai.usage.cache_read.input_tokens"], "gen_ai.usage.cache_read.input_tokens"],
              [
                "cache_write_tokens",
                a["gen_ai.usage.cache_creation.input_tokens"],
                "gen_ai.usage.cache_creation.input_tokens",
              ],
              ["reasoning_tokens", a["gen_ai.usage.reasoning.output_tokens"], "gen_ai.usage.reasoning.output_tokens"],
            ],
            r,
            f,
          )
        )
          continue;
        r.project = str(res["service.name"]);
        r.user = str(a["user.id"] ?? a["enduser.id"]);
        r.tag = str(a["gen_ai.operation.name"]);
        finishRow(r, emit, f);
      }
    }
  }
};

/** The llmcost fields a --map may set, and the names it accepts for them. */
export const MAP_FIELDS: Record<string, keyof UsageRow> = {
  timestamp: "timestamp",
  time: "timestamp",
  provider: "provider",
  model: "model",
  input: "input_tokens",
  input_tokens: "input_tokens",
  output: "output_tokens",
  output_tokens: "output_tokens",
  cached: "cached_tokens",
  cached_tokens: "cached_tokens",
  cache_write: "cache_write_tokens",
  cache_write_tokens: "cache_write_tokens",
  reasoning: "reasoning_tokens",
  reasoning_tokens: "reasoning_tokens",
  batch: "batch",
  requests: "requests",
  cost: "cost",
  project: "project",
  key: "key",
  user: "user",
  tag: "tag",
};

function pathGet(o: Rec, path: string): unknown {
  if (path in o) return o[path];
  let cur: unknown = o;
  for (const part of path.split(".")) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Any record with a --map from llmcost fields to its columns (or dotted paths in JSON). */
function readMapped(o: Rec, opts: ReadOptions, emit: Emit, fail: Fail): void {
  const map = opts.map ?? {};
  const rec: Rec = {};
  for (const [field, col] of Object.entries(map)) rec[MAP_FIELDS[field] as string] = pathGet(o, col);
  // Unmapped llmcost fields may be present under their own names.
  for (const f of Object.values(MAP_FIELDS)) if (rec[f] === undefined && o[f] !== undefined) rec[f] = o[f];
  if (rec.input_tokens === undefined) rec.input_tokens = 0;
  if (rec.output_tokens === undefined) rec.output_tokens = 0;
  readLlmcost(rec, opts, emit, fail);
}

export const READERS: Record<UsageFormat, Reader> = {
  llmcost: readLlmcost,
  openai: readOpenAI,
  anthropic: readAnthropic,
  gemini: readGemini,
  "openai-usage": readOpenAIUsage,
  "openai-costs": readOpenAICosts,
  "anthropic-usage": readAnthropicUsage,
  "anthropic-costs": readAnthropicCosts,
  litellm: readLiteLLM,
  otel: readOtel,
  csv: readMapped,
  jsonl: readMapped,
};

/**
 * One CSV record's cells (RFC 4180: quoted cells, doubled quotes). Returns undefined when a quoted
 * cell is still open at the end of `line`: the caller appends the next line (a newline inside quotes).
 */
export function csvCells(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34) {
      let cell = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        cell += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(cell);
      if (i >= n) return out;
      i++; // the comma
    } else {
      const c = line.indexOf(",", i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}
