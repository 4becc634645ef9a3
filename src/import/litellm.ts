import type { ApiModel, ModelPrice, OverlayProvider, Tier } from "../schema/catalog.js";

type ModelKind = NonNullable<ApiModel["kind"]>;

import { quoted } from "../errors.js";
import {
  type Collision,
  cleanId,
  duplicateReason,
  type ImportOptions,
  type ImportResult,
  own,
  providerInfo,
  scaled,
  sortOverlay,
  type Unmapped,
} from "./common.js";

/**
 * `llmcost catalog import litellm FILE`: LiteLLM's `model_prices_and_context_window.json` (a map
 * from model key to per-token costs) turned into an overlay catalog. LiteLLM has no dates, so every
 * price is dated the import date and its `source` names the file, the date and the key.
 *
 * Mapped: chat / responses / completion / embedding / moderation / rerank / image models with
 * per-token, per-query or per-image prices, long-context tiers (`*_above_Nk_tokens`), prompt-cache
 * prices and a batch multiplier. Not mapped (reported): per-second, per-character and per-pixel
 * pricing, entries without any price, and keys that are not valid ids.
 */

/** LiteLLM `litellm_provider` → llmcost provider id, where the catalog has that provider. */
export const LITELLM_PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  "text-completion-openai": "openai",
  azure: "azure",
  azure_text: "azure",
  anthropic: "anthropic",
  bedrock: "aws-bedrock",
  bedrock_converse: "aws-bedrock",
  gemini: "google",
  mistral: "mistral",
  codestral: "mistral",
  "text-completion-codestral": "mistral",
  cohere: "cohere",
  cohere_chat: "cohere",
  xai: "xai",
  deepseek: "deepseek",
  dashscope: "alibaba",
  volcengine: "bytedance",
  moonshot: "moonshot",
  minimax: "minimax",
  zai: "zhipu",
  together_ai: "together",
  fireworks_ai: "fireworks",
  "fireworks_ai-embedding-models": "fireworks",
  groq: "groq",
  deepinfra: "deepinfra",
  cerebras: "cerebras",
  nebius: "nebius",
  oci: "oracle",
};

/** The llmcost provider id for a LiteLLM provider: mapped, Vertex AI families, or the cleaned name. */
export function providerIdFor(litellmProvider: string): string | undefined {
  const mapped = own(LITELLM_PROVIDERS, litellmProvider);
  if (mapped) return mapped;
  if (litellmProvider === "vertex_ai" || litellmProvider.startsWith("vertex_ai-")) return "google-vertex";
  return cleanId(litellmProvider.replace(/_/g, "-"));
}

/** The model id inside a LiteLLM key: the key without its leading provider route (`groq/…`, `vertex_ai/…`). */
export function modelIdFor(key: string, litellmProvider: string): string {
  const slash = key.indexOf("/");
  if (slash < 0) return key;
  const head = key.slice(0, slash).toLowerCase();
  const routes = new Set([litellmProvider, litellmProvider.split("-")[0], "vertex_ai", "bedrock", "azure_ai", "azure"]);
  return routes.has(head) ? key.slice(slash + 1) : key;
}

const KINDS: Record<string, ModelKind> = {
  chat: "chat",
  responses: "chat",
  completion: "completion",
  embedding: "embedding",
  moderation: "moderation",
  rerank: "rerank",
  image_generation: "image",
};

type Entry = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

export function importLitellm(data: unknown, opts: ImportOptions): ImportResult {
  const unmapped: Unmapped[] = [];
  const providers = new Map<
    string,
    { info: OverlayProvider["provider"]; models: ApiModel[]; ids: Map<string, string> }
  >();
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return {
      overlay: { schema: 1, providers: [] },
      unmapped: [{ key: "(file)", reason: "not a JSON object of model entries" }],
      counts: {},
    };
  const source = `LiteLLM model_prices_and_context_window.json (import of ${opts.label}, ${opts.date})`;
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    if (key === "sample_spec") continue;
    if (raw === null || typeof raw !== "object") {
      unmapped.push({ key, reason: "entry is not an object" });
      continue;
    }
    const e = raw as Entry;
    const lp = typeof e.litellm_provider === "string" ? e.litellm_provider : "";
    const mode = typeof e.mode === "string" ? e.mode : "chat";
    const kind = own(KINDS, mode);
    if (!kind) {
      unmapped.push({ key, reason: `mode ${quoted(mode)} is not priced per token, request or image` });
      continue;
    }
    const pid = providerIdFor(lp);
    if (!pid) {
      unmapped.push({ key, reason: `provider ${quoted(lp)} is not a valid id` });
      continue;
    }
    const id = cleanId(modelIdFor(key, lp));
    if (!id) {
      unmapped.push({ key, reason: "key is not a valid model id" });
      continue;
    }
    if (opts.skip?.has(`${pid}|${id}`)) continue;
    const price = priceOf(e, opts.date, `${source}; key ${key}`, opts.known.get(pid));
    if (typeof price === "string") {
      unmapped.push({ key, reason: price });
      continue;
    }
    let p = providers.get(pid);
    if (!p) {
      const info = providerInfo(pid, lp, `${source}; litellm_provider ${lp}`, opts.known);
      p = { info, models: [], ids: new Map() };
      providers.set(pid, p);
    }
    const first = p.ids.get(id);
    if (first !== undefined) {
      const duplicateOf: Collision = { name: id, as: "id", id, key: first };
      unmapped.push({ key, reason: duplicateReason(duplicateOf), duplicateOf });
      continue;
    }
    p.ids.set(id, key);
    const model: ApiModel = { id, prices: [price] };
    const reasoning = kind === "chat" && e.supports_reasoning === true;
    model.kind = reasoning ? "reasoning" : kind;
    const ctx = num(e.max_input_tokens);
    if (ctx !== undefined && Number.isInteger(ctx) && ctx > 0) model.context = ctx;
    p.models.push(model);
  }
  const counts: Record<string, number> = {};
  for (const [id, p] of providers) counts[id] = p.models.length;
  const list = sortOverlay([...providers.values()].map((p) => ({ provider: p.info, models: p.models })));
  return { overlay: { schema: 1, source, providers: list }, unmapped, counts };
}

/** One price entry from a LiteLLM entry, or the reason it cannot be one. */
function priceOf(e: Entry, date: string, source: string, home: string | undefined): ModelPrice | string {
  const per = (k: string) => {
    const v = num(e[k]);
    return v === undefined ? undefined : scaled(v, 1e6);
  };
  const out: ModelPrice = { from: date };
  if (home !== undefined && home !== "USD") out.currency = "USD";
  const input = per("input_cost_per_token");
  const output = per("output_cost_per_token");
  const cached = per("cache_read_input_token_cost");
  const write = per("cache_creation_input_token_cost");
  const request = num(e.input_cost_per_query) ?? num(e.input_cost_per_request);
  const image = num(e.output_cost_per_image) ?? num(e.input_cost_per_image);
  if (input !== undefined) out.input = input;
  if (output !== undefined) out.output = output;
  if (cached !== undefined) out.cached_input = cached;
  if (write !== undefined) out.cache_write = write;
  if (request !== undefined && request > 0) out.request = request;
  if (image !== undefined && image > 0) out.image = image;
  const audioIn = per("input_cost_per_audio_token");
  const audioOut = per("output_cost_per_audio_token");
  if (audioIn !== undefined) out.audio_input = audioIn;
  if (audioOut !== undefined) out.audio_output = audioOut;
  const tiers = tiersOf(e);
  if (tiers.length) out.tiers = tiers;
  const paid = [out.input, out.output, out.request, out.image].some((v) => v !== undefined && v > 0);
  if (!paid) {
    const other = Object.keys(e).find(
      (k) => /_cost_per_(second|character|pixel|video_per_second)/.test(k) && num(e[k]),
    );
    return other
      ? `priced by ${other.replace(/^.*_cost_per_/, "")}, which a catalog entry cannot express`
      : "no price (zero or missing)";
  }
  const bin = num(e.input_cost_per_token_batches);
  const bout = num(e.output_cost_per_token_batches);
  const ri = bin !== undefined && out.input ? scaled(bin, 1e6) / out.input : undefined;
  const ro = bout !== undefined && out.output ? scaled(bout, 1e6) / out.output : undefined;
  const ratio = ri ?? ro;
  if (
    ratio !== undefined &&
    ratio > 0 &&
    ratio <= 1 &&
    (ri === undefined || ro === undefined || Math.abs(ri - ro) < 1e-6)
  )
    out.batch = Number.parseFloat(ratio.toPrecision(6));
  out.source = source;
  return out;
}

/** `input_cost_per_token_above_200k_tokens` and friends as tiers, ascending. */
function tiersOf(e: Entry): Tier[] {
  const tiers = new Map<number, Tier>();
  for (const [k, v] of Object.entries(e)) {
    const m = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)_above_(\d+)k_tokens$/.exec(k);
    const n = num(v);
    if (!m || n === undefined) continue;
    const above = Number(m[2]) * 1000;
    const t = tiers.get(above) ?? { above };
    const field =
      m[1] === "input_cost_per_token" ? "input" : m[1] === "output_cost_per_token" ? "output" : "cached_input";
    t[field] = scaled(n, 1e6);
    tiers.set(above, t);
  }
  return [...tiers.values()].sort((a, b) => a.above - b.above);
}
