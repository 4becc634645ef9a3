import type { ApiModel, Catalog, CatalogProvider } from "../../schema/catalog.js";
import type { Component, Option } from "../../schema/report.js";
import type { InferenceItem, Period } from "../../schema/workload.js";
import { billingOption, costOf, type OptionBase, type OptionExtras } from "../components.js";
import type { ApiTraffic, RateCard } from "../inference.js";
import { fxFactor } from "../resolve.js";
import type { EstimateOptions, Path, Problem } from "../types.js";
import { missingCacheNotes } from "./cache.js";
import type { PackLedger } from "./pack-ledger.js";
import type { BillingRule, OfferingContext, RuleSet, Volumes } from "./types.js";

/**
 * The generic half of the seam for API offerings: given the pay-as-you-go option the token rule
 * made, ask each billing rule with data for the offering for add-on components (fees) and for
 * options of its billing model, and put the add-ons on every option. Runs only for offerings with
 * rule data; the others never leave the token rule's fast path.
 */

/** What the rules read about one inference item, whichever offering prices it. */
export interface ItemContext {
  item: InferenceItem;
  /** Path of the item in the workload (for problems). */
  path: Path;
  period: Period;
  traffic: ApiTraffic;
  problems: Problem[];
  /** Packs and free quotas shared with the workload's other items (docs/billing.md). */
  packs: PackLedger | undefined;
}

/** The billing rules with data for one offering, and what they share for every item: once per estimate. */
export interface OfferingRules {
  rules: readonly BillingRule[];
  /** Whether some rule makes options for items with a `peak:`, and for items without. */
  withPeak: boolean;
  withoutPeak: boolean;
  provider: CatalogProvider;
  model: ApiModel;
  card: RateCard;
  catalog: Catalog;
  opts: EstimateOptions;
  /** The fields every option of the offering shares (they are the pay-as-you-go option's). */
  base: OptionBase;
  fx(currency: string): number | undefined;
}

export function offeringRules(
  provider: CatalogProvider,
  model: ApiModel,
  card: RateCard,
  catalog: Catalog,
  opts: EstimateOptions,
  { rules, options, optionsWithoutPeak }: RuleSet,
): OfferingRules {
  return {
    rules,
    withPeak: options,
    withoutPeak: optionsWithoutPeak,
    provider,
    model,
    card,
    catalog,
    opts,
    base: {
      provider: card.pid,
      offering: card.offering,
      currency: card.currency,
      list_currency: card.listCurrency,
      price_from: card.priceFrom,
      source: card.source,
      fx_rate: card.fx !== 1 ? card.fx : undefined,
    },
    fx: (currency) => fxCached(catalog, currency, opts.currency, opts.asOf),
  };
}

/** True when some rule of the offering has something for this item: else its pay-as-you-go option is all. */
export function needsRules(off: OfferingRules, item: InferenceItem): boolean {
  return (
    item.usage !== undefined ||
    item.cache_ttl === "1h" ||
    item.cache_storage !== undefined ||
    (item.peak ? off.withPeak : off.withoutPeak)
  );
}

export function volumesOf(t: ApiTraffic): Volumes {
  const R = t.requests;
  const I = R * t.input_tokens;
  const O = R * (t.output_tokens + t.reasoning_tokens);
  return { requests: R, input_tokens: I, output_tokens: O, tokens: I + O };
}

/** Options written into `list` from `n` (the estimate's list for the item being priced; `n` is advanced). */
export interface OptionSink {
  list: Option[];
  n: number;
}

export function priceWithRules(
  off: OfferingRules,
  item: ItemContext,
  payg: Option,
  notes: string[],
  out: OptionSink,
): void {
  const ctx: OfferingContext = {
    item: item.item,
    path: item.path,
    period: item.period,
    provider: off.provider,
    model: off.model,
    card: off.card,
    traffic: item.traffic,
    catalog: off.catalog,
    opts: off.opts,
    problems: item.problems,
    volumes: volumesOf(item.traffic),
    payg,
    addOns: NO_ADD_ONS,
    base: off.base,
    fx: off.fx,
    packs: item.packs,
  };
  const rules = off.rules;
  let addOns: Component[] | undefined;
  for (const r of rules)
    if (r.addOns)
      for (const c of r.addOns(ctx)) {
        addOns ??= [];
        addOns.push(c);
      }
  if (addOns) ctx.addOns = addOns;
  let paygOut = addOns ? withAddOns(payg, addOns, off.card.explain) : payg;
  const label = `${payg.provider}/${payg.offering}`;
  const missing = missingFees(item.item, ctx.addOns);
  const notesMissing = missing.length
    ? [`${label} lists no ${missing.join(", ")} fee: not priced on this offering`]
    : [];
  for (const n of missingCacheNotes(item.item, label, ctx.addOns)) notesMissing.push(n);
  if (notesMissing.length) paygOut = { ...paygOut, notes: [...paygOut.notes, ...notesMissing] };
  out.list[out.n++] = paygOut;
  for (const r of rules) {
    if (!r.options) continue;
    for (const o of r.options(ctx, notes)) out.list[out.n++] = o;
  }
}

const NO_ADD_ONS: Component[] = [];

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
