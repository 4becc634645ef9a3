import type { Fee } from "../../schema/billing.js";
import type { Component } from "../../schema/report.js";
import { COUNTED_UNIT, component, withSource } from "../components.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import { type BillingRule, coversModel, type OfferingContext } from "./types.js";

/**
 * Tool and modality fees (catalog `fees:`): web search or grounding per 1k calls, code-interpreter
 * sessions, file-search storage per GB-day, generated images, audio minutes, cache storage per
 * token-hour… billed on top of the tokens, whatever pays for the tokens. The workload says how many
 * of each per request (`usage: {web_search: 2}`); a fee is `requests × count × price ÷ scale`.
 *
 * Worked example: 100,000 requests a month with 2 web searches each on openai at $10 per 1k calls:
 * 200,000 calls × 10 ÷ 1,000 = $2,000.
 */

function feesOf(ctx: OfferingContext): Fee[] {
  return (ctx.provider.fees ?? []).filter((f) => coversModel(f.models, ctx.model));
}

export const feesRule: BillingRule = {
  id: "fees",
  billing: "pay_as_you_go",
  appliesTo: (provider, model) => (provider.fees ?? []).some((f) => coversModel(f.models, model)),
  addOns(ctx) {
    const usage = ctx.item.usage;
    if (!usage) return [];
    const out: Component[] = [];
    const fees = feesOf(ctx);
    for (const [id, perRequest] of Object.entries(usage)) {
      const fee = fees.find((f) => f.id === id);
      if (!fee || perRequest === 0) continue;
      const r = resolvePrice(fee.prices, ctx.opts.asOf, ctx.opts.currency, ctx.provider.provider.currency);
      if (!r) continue;
      const fx = ctx.fx(r.currency);
      if (fx === undefined) continue;
      const quantity = ctx.volumes.requests * perRequest;
      const unit = COUNTED_UNIT[fee.unit] ?? "units";
      const detail = fx !== 1 ? `${r.currency}→${ctx.opts.currency} ×${fx}` : undefined;
      out.push(withSource(component(id, quantity, unit, r.entry.price, fee.unit, fx, detail), r.entry));
    }
    return out;
  },
};

/** Every fee id in the catalog: a workload's `usage:` key must be one of them. */
export function allFeeIds(providers: ReadonlyArray<{ fees?: Fee[] | undefined }>): string[] {
  const ids = new Set<string>();
  for (const p of providers) for (const f of p.fees ?? []) ids.add(f.id);
  return [...ids].sort();
}
