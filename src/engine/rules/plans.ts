import type { Plan } from "../../schema/billing.js";
import type { Component, Option, PlanDetail } from "../../schema/report.js";
import { breakEven, component } from "../components.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import { HOURS_PER, HOURS_PER_MONTH } from "../units.js";
import { ruleOption } from "./apply.js";
import { coveredBy, shareOf } from "./covered.js";
import { type BillingRule, coversModel, type OfferingContext } from "./types.js";

/**
 * Subscriptions and contracts (catalog `plans:`, or a user's own in an overlay): a fee F per term,
 * an included quantity Q, usage beyond it at list × (1 − discount), and a minimum spend M per
 * term. Over the period (the term scaled by period hours ÷ term hours):
 *   cost = max(M, F + max(0, N − Q) · r · (1 − d))   with r the item's pay-as-you-go rate per unit.
 * Break-even: the least N with cost ≤ N · r (docs/billing.md "Subscriptions").
 *
 * Worked example: a $20-a-month plan including 20M tokens, the rest at list, for an item paying
 * $1.50 per 1M tokens: it pays off above 20 / 1.5 = 13.33M tokens a month; at 30M tokens it costs
 * 20 + (30 − 20) × 1.5 = $35 against 30 × 1.5 = $45 paid as you go.
 */

export const plansRule: BillingRule = {
  id: "plans",
  billing: "subscription",
  appliesTo: (provider, model) => (provider.plans ?? []).some((p) => coversModel(p.models, model)),
  options(ctx, notes) {
    const out: Option[] = [];
    for (const plan of ctx.provider.plans ?? []) {
      if (!coversModel(plan.models, ctx.model)) continue;
      const o = planOption(ctx, plan, notes);
      if (o) out.push(o);
    }
    return out;
  },
};

export interface PlanTerms {
  /** Per period, report currency: fee, included quantity, minimum spend. */
  fee: number;
  included: number;
  minimum: number;
  /** Pay-as-you-go rate per unit and the overage rate per unit. */
  rate: number;
  overage: number;
}

/** The plan's cost for N units per period. */
export function planCost(t: PlanTerms, N: number): number {
  return Math.max(t.minimum, t.fee + Math.max(0, N - t.included) * t.overage);
}

/**
 * The least N at which the plan costs no more than pay-as-you-go (N · rate), or undefined when it
 * never does. cost(N) is flat up to Q, then grows at the overage rate; pay-as-you-go grows at rate.
 */
export function planBreakEven(t: PlanTerms): number | undefined {
  if (t.rate <= 0) return undefined;
  const floor = Math.max(t.minimum, t.fee);
  const flat = floor / t.rate;
  if (flat <= t.included) return flat;
  if (t.overage >= t.rate) return undefined;
  // Past Q: max(M, F + (N − Q)·o) = N·r. The F branch: N = (F − Q·o) / (r − o); the M branch: N = M / r.
  const n = Math.max((t.fee - t.included * t.overage) / (t.rate - t.overage), t.minimum / t.rate, t.included);
  return planCost(t, n) <= n * t.rate * (1 + 1e-12) ? n : undefined;
}

function planOption(ctx: OfferingContext, plan: Plan, notes: string[]): Option | undefined {
  const r = resolvePrice(plan.prices, ctx.opts.asOf, ctx.opts.currency, ctx.provider.provider.currency);
  if (!r) return undefined;
  const fx = ctx.fx(r.currency);
  if (fx === undefined) {
    notes.push(`${ctx.base.provider} plan ${plan.id}: no ${r.currency}→${ctx.opts.currency} rate at ${ctx.opts.asOf}`);
    return undefined;
  }
  const termHours = plan.term === "year" ? HOURS_PER.year : HOURS_PER_MONTH;
  const scale = HOURS_PER[ctx.period] / termHours;
  const cov = coveredBy(ctx, plan.counts, fx);
  const discount = plan.discount ?? 0;
  const terms: PlanTerms = {
    fee: r.entry.fee * fx * scale,
    included: (plan.included ?? 0) * scale,
    minimum: (plan.minimum_spend ?? 0) * fx * scale,
    rate: cov.rate,
    overage: cov.rate * (1 - discount),
  };
  const N = cov.volume;
  const over = Math.max(0, N - terms.included);
  const components: Component[] = [];
  const unit = plan.term === "year" ? "per_year" : "per_month";
  if (r.entry.fee > 0) components.push(component(`${plan.id} fee`, scale, `${plan.term}s`, r.entry.fee, unit, fx));
  const label = discount > 0 ? `list ×${1 - discount}` : "list";
  for (const c of shareOf(cov.covered, N > 0 ? over / N : 0, "overage", 1 - discount, `${plan.id}: ${label}`))
    components.push(c);
  for (const c of cov.rest) components.push(c);
  let spent = 0;
  for (const c of components) spent += c.cost;
  if (terms.minimum > spent)
    components.push(component(`${plan.id} minimum spend shortfall`, 1, "shortfall", terms.minimum - spent, "fixed"));
  const detail: PlanDetail = {
    id: plan.id,
    name: plan.name,
    term: plan.term,
    included: plan.included,
    unit: plan.counts,
    used: N,
    overage: over,
    unused: Math.max(0, terms.included - N),
    minimum_spend: plan.minimum_spend,
    price_from: r.entry.from,
    source: r.entry.source,
  };
  const oNotes: string[] = [];
  if (scale !== 1)
    oNotes.push(`the ${plan.term}ly fee and quantities are counted for a ${ctx.period}: ×${scale.toPrecision(6)}`);
  if (terms.minimum > 0) oNotes.push(`minimum spend ${plan.minimum_spend} ${r.currency} per ${plan.term} enforced`);
  return ruleOption(ctx, "subscription", components, oNotes, {
    plan: plan.id,
    subscription: detail,
    ...breakEven(
      planBreakEven(terms),
      plan.counts,
      terms.overage >= terms.rate
        ? "the plan never costs less than paying as you go: its included quantity is below its own fee's worth and overage is at list"
        : "the plan never costs less than paying as you go on this offering",
    ),
  });
}
