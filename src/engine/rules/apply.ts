import type { ApiModel, Catalog, CatalogProvider } from "../../schema/catalog.js";
import type { Component, Option } from "../../schema/report.js";
import type { InferenceItem, Period } from "../../schema/workload.js";
import { billingOption, costOf, type OptionBase, type OptionExtras } from "../components.js";
import type { ApiTraffic, RateCard } from "../inference.js";
import { fxFactor } from "../resolve.js";
import type { EstimateOptions, Path, Problem } from "../types.js";
import type { BillingRule, OfferingContext, Volumes } from "./types.js";

/**
 * The generic half of the seam for API offerings: given the pay-as-you-go option the token rule
 * made, ask each billing rule with data for the offering for add-on components (fees) and for
 * options of its billing model, and put the add-ons on every option. Runs only for offerings with
 * rule data; the others never leave the token rule's fast path.
 */

export interface RuleInputs {
  item: InferenceItem;
  path: Path;
  period: Period;
  provider: CatalogProvider;
  model: ApiModel;
  card: RateCard;
  traffic: ApiTraffic;
  catalog: Catalog;
  opts: EstimateOptions;
  problems: Problem[];
}

export function volumesOf(t: ApiTraffic): Volumes {
  const R = t.requests;
  const I = R * t.input_tokens;
  const O = R * (t.output_tokens + t.reasoning_tokens);
  return { requests: R, input_tokens: I, output_tokens: O, tokens: I + O };
}

export function priceWithRules(
  inputs: RuleInputs,
  payg: Option,
  rules: readonly BillingRule[],
  notes: string[],
  out: Option[],
): void {
  const { card, catalog, opts } = inputs;
  const base: OptionBase = {
    provider: payg.provider,
    offering: payg.offering,
    currency: payg.currency,
    list_currency: payg.list_currency,
    price_from: payg.price_from,
    source: payg.source,
    fx_rate: payg.fx_rate,
  };
  const ctx: OfferingContext = {
    item: inputs.item,
    path: inputs.path,
    period: inputs.period,
    provider: inputs.provider,
    model: inputs.model,
    card,
    traffic: inputs.traffic,
    catalog,
    opts,
    problems: inputs.problems,
    volumes: volumesOf(inputs.traffic),
    payg,
    addOns: [],
    base,
    fx: (currency) => fxCached(catalog, currency, opts.currency, opts.asOf),
  };
  const addOns: Component[] = [];
  for (const r of rules) if (r.addOns) for (const c of r.addOns(ctx)) addOns.push(c);
  ctx.addOns = addOns;
  let paygOut = addOns.length ? withAddOns(payg, addOns, card.explain) : payg;
  const missing = missingFees(inputs.item, addOns);
  if (missing.length) {
    const note = `${payg.provider}/${payg.offering} lists no ${missing.join(", ")} fee: not priced on this offering`;
    paygOut = { ...paygOut, notes: [...paygOut.notes, note] };
    ctx.addOns = addOns;
  }
  out.push(paygOut);
  for (const r of rules) {
    if (!r.options) continue;
    for (const o of r.options(ctx, notes)) out.push(o);
  }
}

/**
 * Exchange factors looked up once per catalog, currency pair and date: `fxFactor` scans the rate
 * history, and rules ask for it per item. Catalogs are immutable values, so a WeakMap keeps this pure.
 */
const FX = new WeakMap<Catalog, Map<string, number | undefined>>();

function fxCached(catalog: Catalog, from: string, to: string, asOf: string): number | undefined {
  if (from === to) return 1;
  let m = FX.get(catalog);
  if (!m) {
    m = new Map();
    FX.set(catalog, m);
  }
  const key = `${from}|${to}|${asOf}`;
  if (m.has(key)) return m.get(key);
  const f = fxFactor(catalog.rates, from, to, asOf);
  m.set(key, f);
  return f;
}

/** `usage:` keys the offering bills nothing for (a provider without that tool). */
function missingFees(item: InferenceItem, addOns: Component[]): string[] {
  if (!item.usage) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(item.usage)) if (v > 0 && !addOns.some((c) => c.name === k)) out.push(k);
  return out;
}

/** The pay-as-you-go option with the fee components added (a new object: options are never changed). */
function withAddOns(payg: Option, addOns: Component[], explain: boolean): Option {
  const components = [...payg.components, ...addOns];
  const o: Option = { ...payg, components, cost: costOf(components) };
  if (explain && payg.explain) o.explain = [...payg.explain, ...feeExplain(payg, addOns)];
  return o;
}

function feeExplain(payg: Option, addOns: Component[]) {
  return billingOption(
    {
      provider: payg.provider,
      offering: payg.offering,
      currency: payg.currency,
      list_currency: payg.list_currency,
      price_from: payg.price_from,
      source: payg.source,
      fx_rate: payg.fx_rate,
    },
    "pay_as_you_go",
    addOns,
    [],
    {},
    true,
  ).explain as NonNullable<Option["explain"]>;
}

/**
 * An option of a billing rule for this offering: its own components, then the offering's add-ons
 * (fees are billed whatever pays for the tokens), summed by the generic code.
 */
export function ruleOption(
  ctx: OfferingContext,
  billing: Option["billing"],
  components: Component[],
  notes: string[],
  extras: OptionExtras,
): Option {
  const all = ctx.addOns.length ? [...components, ...ctx.addOns] : components;
  return billingOption(ctx.base, billing, all, notes, extras, ctx.opts.explain === true);
}

/** The pay-as-you-go cost of the token components alone (what packs, plans and provisioned replace). */
export function paygTokenCost(ctx: OfferingContext): number {
  return costOf(ctx.payg.components);
}
