import { quoted } from "../errors.js";
import type { ApiModel, ModelPrice, OverlayProvider, Tier } from "../schema/catalog.js";
import {
  type Collision,
  cleanId,
  duplicateReason,
  type ImportOptions,
  type ImportResult,
  isRecord,
  own,
  providerInfo,
  scaled,
  shapeOf,
  sortOverlay,
  type Unmapped,
} from "./common.js";

/**
 * `llmcost catalog import genai-prices [FILE]`: pydantic's genai-prices data (the providers bundled
 * in the `@pydantic/genai-prices` package, or its `data.json`) turned into an overlay catalog.
 *
 * genai-prices gives each model either one price or a list of conditional prices; a `start_date`
 * constraint becomes the entry's `from`. A price without a date is dated the import date (it was in
 * force then), unless a dated price had already replaced it by that date: then it is left out and
 * reported, since its start is unknown. Time-of-day prices (off-peak windows) are reported, not
 * mapped. Per-1M keys map one to one; `requests_kcount` becomes a per-request price.
 */

/** genai-prices provider id → llmcost provider id, where the catalog has that provider. */
export const GENAI_PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
  deepseek: "deepseek",
  mistral: "mistral",
  groq: "groq",
  together: "together",
  fireworks: "fireworks",
  cerebras: "cerebras",
  aws: "aws-bedrock",
  azure: "azure",
  "x-ai": "xai",
  cohere: "cohere",
  moonshotai: "moonshot",
  minimax: "minimax",
  // Z.ai is Zhipu's international USD list (the catalog's USD entries); genai-prices' `zhipuai`
  // holds USD conversions of the CNY list and stays a provider of its own.
  zai: "zhipu",
};

/** The parts of genai-prices' data this importer reads (its package exports the same shape). */
export interface GenaiProvider {
  id: string;
  name: string;
  pricing_urls?: string[] | undefined;
  models: GenaiModel[];
}

export interface GenaiModel {
  id: string;
  name?: string | undefined;
  match?: unknown;
  context_window?: number | undefined;
  deprecated?: boolean | undefined;
  prices: GenaiPrices | Array<{ constraint?: { type: string; start_date?: string } | undefined; prices: GenaiPrices }>;
}

type GenaiPrices = Record<
  string,
  number | { base: number; tiers: Array<{ start: number; price: number }> } | undefined
>;

const KEYS: Record<string, keyof ModelPrice> = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cached_input",
  cache_write_mtok: "cache_write",
  input_audio_mtok: "audio_input",
  output_audio_mtok: "audio_output",
};

const TIER_KEYS: Record<string, keyof Tier> = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cached_input",
  cache_write_mtok: "cache_write",
};

export function genaiProviderId(id: string): string | undefined {
  return own(GENAI_PROVIDERS, id) ?? cleanId(id.replace(/_/g, "-"));
}

/** Every `equals` value in a genai-prices match expression: the names the model answers to. */
export function equalsNames(match: unknown): string[] {
  const out: string[] = [];
  const walk = (m: unknown) => {
    if (!m || typeof m !== "object") return;
    const r = m as Record<string, unknown>;
    if (typeof r.equals === "string") out.push(r.equals);
    for (const k of ["or", "and"]) if (Array.isArray(r[k])) for (const x of r[k] as unknown[]) walk(x);
  };
  walk(match);
  return out;
}

export function importGenaiPrices(data: unknown, opts: ImportOptions): ImportResult {
  const unmapped: Unmapped[] = [];
  const counts: Record<string, number> = {};
  if (!Array.isArray(data))
    return {
      overlay: { schema: 1, providers: [] },
      unmapped: [{ key: "(file)", reason: "not a list of providers" }],
      counts,
    };
  const source = `pydantic genai-prices data (import of ${opts.label}, ${opts.date})`;
  const out: OverlayProvider[] = [];
  for (const [n, raw] of data.entries()) {
    const gp = providerEntry(raw);
    if (typeof gp === "string") {
      unmapped.push({ key: `(provider ${n})`, reason: gp });
      continue;
    }
    const pid = genaiProviderId(gp.id);
    if (!pid) {
      unmapped.push({ key: gp.id, reason: "provider id is not a valid id" });
      continue;
    }
    const home = opts.known.get(pid);
    // Every name taken in this provider (ids and aliases), with what took it: a duplicate names it.
    const names = new Map<string, Collision>();
    const models: ApiModel[] = [];
    for (const [j, rawModel] of gp.models.entries()) {
      const gm = modelEntry(rawModel);
      if (typeof gm === "string") {
        unmapped.push({ key: `${gp.id}/(model ${j})`, reason: gm });
        continue;
      }
      const key = `${gp.id}/${gm.id}`;
      const id = cleanId(gm.id);
      if (!id) {
        unmapped.push({ key, reason: "model id is not a valid id" });
        continue;
      }
      if (opts.skip?.has(`${pid}|${id}`)) continue;
      const taken = names.get(id);
      if (taken) {
        unmapped.push({ key, reason: duplicateReason(taken), duplicateOf: taken });
        continue;
      }
      const url = gp.pricing_urls?.[0];
      const src = `${source}; ${key}${url ? `; ${url}` : ""}`;
      const prices = pricesOf(gm, opts.date, src, home, key, unmapped);
      if (!prices.length) {
        unmapped.push({ key, reason: "no price that maps to a dated entry" });
        continue;
      }
      names.set(id, { name: id, as: "id", id, key });
      const aliases = [
        ...new Set(
          equalsNames(gm.match)
            .map((n) => cleanId(n))
            .filter((n): n is string => !!n && n !== id),
        ),
      ].filter((n) => !names.has(n));
      for (const a of aliases) names.set(a, { name: a, as: "alias", id, key });
      const model: ApiModel = { id, prices };
      if (typeof gm.name === "string" && gm.name) model.name = gm.name;
      if (aliases.length) model.aliases = aliases;
      if (typeof gm.context_window === "number" && Number.isSafeInteger(gm.context_window) && gm.context_window > 0)
        model.context = gm.context_window;
      models.push(model);
    }
    if (!models.length) continue;
    counts[pid] = (counts[pid] ?? 0) + models.length;
    out.push({
      provider: providerInfo(pid, gp.name, `${source}; ${gp.pricing_urls?.[0] ?? gp.id}`, opts.known),
      models,
    });
  }
  return { overlay: { schema: 1, source, providers: sortOverlay(mergeSameId(out)) }, unmapped, counts };
}

/** Two genai-prices providers may map to one llmcost provider: keep one list, first id wins. */
function mergeSameId(list: OverlayProvider[]): OverlayProvider[] {
  const by = new Map<string, OverlayProvider>();
  for (const p of list) {
    const prior = by.get(p.provider.id);
    if (!prior) {
      by.set(p.provider.id, p);
      continue;
    }
    const taken = new Set((prior.models ?? []).flatMap((m) => [m.id, ...(m.aliases ?? [])]));
    for (const m of p.models ?? [])
      if (!taken.has(m.id)) prior.models?.push({ ...m, aliases: (m.aliases ?? []).filter((a) => !taken.has(a)) });
  }
  return [...by.values()];
}

function pricesOf(
  gm: GenaiModel,
  date: string,
  source: string,
  home: string | undefined,
  key: string,
  unmapped: Unmapped[],
): ModelPrice[] {
  const list = Array.isArray(gm.prices) ? gm.prices : [{ prices: gm.prices }];
  const dated: ModelPrice[] = [];
  let undated: ModelPrice | undefined;
  for (const c of list) {
    if (!isRecord(c) || !isRecord(c.prices) || (c.constraint !== undefined && !isRecord(c.constraint))) {
      unmapped.push({ key, reason: "a price entry that is not {constraint?, prices: {…}}" });
      continue;
    }
    if (c.constraint && c.constraint.type !== "start_date") {
      unmapped.push({ key, reason: `${c.constraint.type} price (e.g. an off-peak window) not mapped` });
      continue;
    }
    const start = c.constraint?.start_date;
    const from = typeof start === "string" ? start.slice(0, 10) : undefined;
    const e = entryOf(c.prices, from ?? date, source, home);
    if (!e) continue;
    if (from) dated.push(e);
    else undated ??= e;
  }
  dated.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (undated) {
    if (dated.some((d) => d.from <= date))
      unmapped.push({
        key,
        reason: "base price without a start date, replaced by a dated price before the import date",
      });
    else dated.unshift(undated);
  }
  return dated;
}

function entryOf(p: GenaiPrices, from: string, source: string, home: string | undefined): ModelPrice | undefined {
  const e: ModelPrice = { from };
  if (home !== undefined && home !== "USD") e.currency = "USD";
  const tiers = new Map<number, Tier>();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    if (k === "requests_kcount" && typeof v === "number") {
      if (v > 0) e.request = scaled(v, 1e-3);
      continue;
    }
    const field = own(KEYS, k);
    if (!field) continue;
    if (typeof v === "number") (e as Record<string, unknown>)[field] = v;
    else if (isRecord(v) && typeof v.base === "number") {
      (e as Record<string, unknown>)[field] = v.base;
      const tf = own(TIER_KEYS, k);
      if (tf && Array.isArray(v.tiers))
        for (const t of v.tiers as unknown[]) {
          if (!isRecord(t) || typeof t.start !== "number" || typeof t.price !== "number") continue;
          const tier = tiers.get(t.start) ?? { above: t.start };
          (tier as Record<string, unknown>)[tf] = t.price;
          tiers.set(t.start, tier);
        }
    }
  }
  if (tiers.size) e.tiers = [...tiers.values()].sort((a, b) => a.above - b.above);
  // Zero prices are left out like missing ones: a peer's 0 often means "unknown", and a free
  // offering must be marked on purpose (free: true) by someone who checked it.
  if (![e.input, e.output, e.request].some((v) => typeof v === "number" && v > 0)) return undefined;
  e.source = source;
  return e;
}

/** A provider of genai-prices' data, or why this entry is not one. */
function providerEntry(raw: unknown): (GenaiProvider & { models: unknown[] }) | string {
  if (!isRecord(raw)) return `not a provider entry: ${shapeOf(raw)}`;
  if (typeof raw.id !== "string") return `provider without a string id (${shapeOf(raw.id)})`;
  if (!Array.isArray(raw.models)) return `provider ${quoted(raw.id)} without a models list (${shapeOf(raw.models)})`;
  const urls = Array.isArray(raw.pricing_urls)
    ? raw.pricing_urls.filter((u): u is string => typeof u === "string")
    : [];
  return { id: raw.id, name: typeof raw.name === "string" ? raw.name : raw.id, pricing_urls: urls, models: raw.models };
}

/** A model of genai-prices' data, or why this entry is not one. */
function modelEntry(raw: unknown): GenaiModel | string {
  if (!isRecord(raw)) return `not a model entry: ${shapeOf(raw)}`;
  if (typeof raw.id !== "string") return `model without a string id (${shapeOf(raw.id)})`;
  if (!isRecord(raw.prices) && !Array.isArray(raw.prices)) return `model without prices (${shapeOf(raw.prices)})`;
  return raw as unknown as GenaiModel;
}
