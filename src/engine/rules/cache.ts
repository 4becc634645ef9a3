import type { CacheRule } from "../../schema/billing.js";
import type { Component } from "../../schema/report.js";
import type { InferenceItem, Period } from "../../schema/workload.js";
import { component, withSource } from "../components.js";
import { writeRatesFor } from "../inference.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import type { Path, Problem } from "../types.js";
import { HOURS_PER, PER_MILLION } from "../units.js";
import { type BillingRule, coversModel, type OfferingContext } from "./types.js";

/**
 * Prompt-cache rules beyond the models' cached-input and cache-write prices (catalog `cache:`),
 * billed on top of the tokens like fees:
 *
 * - `write_1h`: cache writes with a 1-hour TTL (workload `cache_ttl: 1h`). The token rule prices
 *   the written tokens W at the model's 5-minute write price w (Anthropic: 1.25 × input i); the
 *   1-hour write costs m × i (m = 2), so this rule adds the difference:
 *     cache_write (1h TTL) = W · (m · i − w) / 1e6       (batch and off-peak multipliers included)
 * - `storage`: tokens kept in an explicit context cache (workload `cache_storage: {tokens, hours}`):
 *     cache_storage = tokens · hours · price per 1M token-hours / 1e6
 *
 * Worked examples (docs/billing.md "Cache TTL and cache storage"): 1,000,000 tokens written a month
 * on claude-sonnet-4 ($3 input, $3.75 5-minute write) with a 1-hour TTL: 1,000,000 × (2 × 3 − 3.75)
 * / 1e6 = $2.25 on top of the $3.75, $6 in all. A 100,000-token Gemini 2.5 Pro cache kept the whole
 * month: 100,000 × 730 = 73,000,000 token-hours × $4.50 / 1e6 = $328.50.
 */

function rulesOf(ctx: OfferingContext, kind: CacheRule["kind"]): CacheRule[] {
  return (ctx.provider.cache ?? []).filter((c) => c.kind === kind && coversModel(c.models, ctx.model));
}

/** The entry in force and its factor to the report currency, or undefined. */
function inForce(ctx: OfferingContext, rule: CacheRule) {
  const r = resolvePrice(rule.prices, ctx.opts.asOf, ctx.opts.currency, ctx.provider.provider.currency);
  if (!r) return undefined;
  const fx = ctx.fx(r.currency);
  return fx === undefined ? undefined : { entry: r.entry, fx, currency: r.currency };
}

export const cacheRule: BillingRule = {
  id: "cache",
  billing: "pay_as_you_go",
  appliesTo: (provider, model) => (provider.cache ?? []).some((c) => coversModel(c.models, model)),
  addOns(ctx) {
    const out: Component[] = [];
    if (ctx.item.cache_ttl === "1h") for (const c of writeSupplements(ctx)) out.push(c);
    const storage = ctx.item.cache_storage && storageComponent(ctx);
    if (storage) out.push(storage);
    return out;
  },
};

/** The 1-hour TTL's supplement on each cache-write component of the pay-as-you-go option. */
function writeSupplements(ctx: OfferingContext): Component[] {
  const rule = rulesOf(ctx, "write_1h")[0];
  const p = rule && inForce(ctx, rule);
  const m = p?.entry.input_multiplier;
  if (m === undefined) return [];
  const rates = writeRatesFor(ctx.card, ctx.traffic);
  if (rates.input === undefined || rates.cache_write === undefined || rates.cache_write <= 0) return [];
  // The 1-hour price over the 5-minute one; the components carry the batch or off-peak multiplier already.
  const ratio = (m * rates.input) / rates.cache_write;
  const out: Component[] = [];
  for (const c of ctx.payg.components) {
    if (c.name !== "cache_write" && c.name !== "cache_write (off-peak)") continue;
    const unitPrice = c.unit_price * (ratio - 1);
    const supplement: Component = {
      name: `${c.name} (1h TTL)`,
      quantity: c.quantity,
      unit: "tokens",
      unit_price: unitPrice,
      price_unit: "per_1m_tokens",
      cost: (c.quantity * unitPrice) / PER_MILLION,
      detail: `1-hour TTL: ${m}× input instead of the 5-minute write price`,
    };
    out.push(withSource(supplement, (p as NonNullable<typeof p>).entry));
  }
  return out;
}

function storageComponent(ctx: OfferingContext): Component | undefined {
  const s = ctx.item.cache_storage;
  const rule = rulesOf(ctx, "storage")[0];
  const p = rule && inForce(ctx, rule);
  if (!s || p?.entry.price === undefined) return undefined;
  const hours = s.hours ?? HOURS_PER[ctx.period];
  const detail = `${s.tokens} tokens × ${hours} h${p.fx !== 1 ? `, ${p.currency}→${ctx.opts.currency} ×${p.fx}` : ""}`;
  const c = component(
    "cache_storage",
    s.tokens * hours,
    "token_hours",
    p.entry.price,
    "per_1m_token_hours",
    p.fx,
    detail,
  );
  return withSource(c, p.entry);
}

/** What the pay-as-you-go option says when the item asks for a cache rule the offering does not list. */
export function missingCacheNotes(item: InferenceItem, label: string, addOns: readonly Component[]): string[] {
  const out: string[] = [];
  if (item.cache_ttl === "1h" && item.cache_write > 0 && !addOns.some((c) => c.name.endsWith("(1h TTL)")))
    out.push(`${label} lists no 1-hour cache-write price: cache writes priced at the 5-minute rate`);
  if (item.cache_storage && !addOns.some((c) => c.name === "cache_storage"))
    out.push(`${label} lists no cache storage price: storage not priced on this offering`);
  return out;
}

/** A cache kept longer than the period is a mistake in the workload (exit 2 with its place). */
export function checkCacheStorage(it: InferenceItem, period: Period, path: Path, problems: Problem[]): void {
  const hours = it.cache_storage?.hours;
  if (hours === undefined || hours <= HOURS_PER[period]) return;
  problems.push({
    kind: "invalid",
    path: [...path, "cache_storage", "hours"],
    message: `a cache cannot be kept longer than the ${period} (${HOURS_PER[period]} hours)`,
    expected: `at most ${HOURS_PER[period]} hours`,
    found: String(hours),
    hint: "for several caches, add their tokens together: tokens × hours is what is billed",
  });
}
