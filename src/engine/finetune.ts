import { didYouMean } from "../hints.js";
import type { FineTune } from "../schema/billing.js";
import type { Catalog, CatalogProvider } from "../schema/catalog.js";
import type { Component, Option } from "../schema/report.js";
import type { FineTuneItem, Period } from "../schema/workload.js";
import { billingOption, component } from "./components.js";
import { fxFactor, namesOf, resolvePrice, sourceOf } from "./resolve.js";
import type { EstimateOptions, Path, Problem } from "./types.js";
import { HOURS_PER, requestsPerPeriod } from "./units.js";

/**
 * API fine-tuning (catalog `fine_tuning:`, workload `fine_tune:` items, `"kind": "fine_tune"`):
 *   training = training_tokens · epochs · training price per 1M         (one-off)
 *   hosting  = hosting_hours (default: the whole period) · price per hour, where the provider charges it
 *   inference = input, cached input and output tokens at the fine-tuned rates (per period)
 * `one_off: true` prices the training alone (a quote for the job).
 *
 * Worked example: 2M training tokens × 3 epochs on openai gpt-4o-mini at $3 per 1M = $18; 10,000
 * requests of 500 in / 100 out at $0.30 / $1.20 per 1M: 5M × 0.30 ÷ 1e6 = $1.50 and 1M × 1.20 ÷ 1e6
 * = $1.20; total $20.70.
 */

function entryFor(p: CatalogProvider, query: string): FineTune | undefined {
  const key = query.toLowerCase();
  for (const ft of p.fine_tuning ?? []) {
    if (ft.model === key) return ft;
    const m = p.models?.find((x) => x.id === ft.model);
    if (m && namesOf(m).includes(key)) return ft;
  }
  return undefined;
}

export interface FineTuneQuantities {
  requests: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
}

export function quantitiesOf(it: FineTuneItem, period: Period): FineTuneQuantities {
  if (it.one_off) return { requests: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0 };
  const R = requestsPerPeriod(it, period);
  const I = R * it.input_tokens;
  return {
    requests: R,
    input_tokens: I,
    cached_input_tokens: I * it.cached_input,
    output_tokens: R * it.output_tokens,
  };
}

export function priceFineTune(
  it: FineTuneItem,
  period: Period,
  catalog: Catalog,
  opts: EstimateOptions,
  path: Path,
  problems: Problem[],
  notes: string[],
): Option[] {
  const pinned = it.providers ?? (opts.providers?.length ? opts.providers : undefined);
  const offers = catalog.providers.filter((p) => entryFor(p, it.model) && (!pinned || pinned.includes(p.provider.id)));
  if (offers.length === 0) {
    const tunable = catalog.providers.flatMap((p) => (p.fine_tuning ?? []).map((f) => f.model));
    problems.push({
      kind: "unknown_model",
      path: [...path, "model"],
      message: `no provider in the catalog fine-tunes "${it.model}"`,
      expected: `a model with fine-tuning prices: ${[...new Set(tunable)].sort().join(", ") || "(none)"}`,
      found: it.model,
      hint: didYouMean(it.model, tunable) ?? 'see docs/billing.md "Fine-tuning"',
    });
    return [];
  }
  const out: Option[] = [];
  for (const p of offers) {
    const o = fineTuneOption(it, period, p, entryFor(p, it.model) as FineTune, catalog, opts, notes);
    if (o) out.push(o);
  }
  return out;
}

/** One provider's option for the job: training, then (unless one-off) hosting and inference. */
function fineTuneOption(
  it: FineTuneItem,
  period: Period,
  p: CatalogProvider,
  ft: FineTune,
  catalog: Catalog,
  opts: EstimateOptions,
  notes: string[],
): Option | undefined {
  const label = `${p.provider.id}/${ft.model}`;
  const r = resolvePrice(ft.prices, opts.asOf, opts.currency, p.provider.currency);
  if (!r) {
    notes.push(`${label}: no fine-tuning price in force at ${opts.asOf}`);
    return undefined;
  }
  const fx = fxFactor(catalog.rates, r.currency, opts.currency, opts.asOf);
  if (fx === undefined) {
    notes.push(`${label}: no ${r.currency}→${opts.currency} rate at ${opts.asOf}`);
    return undefined;
  }
  const e = r.entry;
  if (e.training === undefined) {
    notes.push(`${label}: no training price published: left out`);
    return undefined;
  }
  const tokens = it.training_tokens * it.epochs;
  const comps = [
    component("training", tokens, "tokens", e.training, "per_1m_tokens", fx, `${it.epochs} epoch(s), one-off`),
  ];
  const oNotes: string[] = [];
  if (!it.one_off) {
    if (e.hosting !== undefined) {
      const hours = it.hosting_hours ?? HOURS_PER[period];
      comps.push(component("hosting", hours, "hours", e.hosting, "per_hour", fx));
    } else oNotes.push(`${p.provider.id} lists no hosting fee for fine-tuned ${ft.model}`);
    const missing = addInference(comps, quantitiesOf(it, period), e, fx);
    if (missing) {
      notes.push(`${label}: no fine-tuned ${missing} price: left out`);
      return undefined;
    }
  }
  const base = {
    provider: p.provider.id,
    offering: ft.model,
    currency: opts.currency,
    list_currency: r.currency,
    price_from: e.from,
    source: sourceOf(p, e),
    fx_rate: fx !== 1 ? fx : undefined,
  };
  return billingOption(base, "pay_as_you_go", comps, oNotes, {}, opts.explain === true);
}

type FineTunePrice = FineTune["prices"][number];

/**
 * Inference at the fine-tuned rates, added to `comps`: input (less what is cached, when a cached
 * price is listed), cached input, output. Returns the price that is missing for a volume asked for.
 */
function addInference(
  comps: Component[],
  q: FineTuneQuantities,
  e: FineTunePrice,
  fx: number,
): "input" | "output" | undefined {
  const C = q.cached_input_tokens;
  const U = q.input_tokens - (e.cached_input !== undefined ? C : 0);
  if (U > 0) {
    if (e.input === undefined) return "input";
    comps.push(component("input", U, "tokens", e.input, "per_1m_tokens", fx));
  }
  if (C > 0 && e.cached_input !== undefined)
    comps.push(component("cached_input", C, "tokens", e.cached_input, "per_1m_tokens", fx));
  if (q.output_tokens > 0) {
    if (e.output === undefined) return "output";
    comps.push(component("output", q.output_tokens, "tokens", e.output, "per_1m_tokens", fx));
  }
  return undefined;
}
