import type { ApiModel, Catalog, CatalogProvider } from "../../schema/catalog.js";
import type { Billing, Component, Option } from "../../schema/report.js";
import type { InferenceItem, Period } from "../../schema/workload.js";
import type { OptionBase } from "../components.js";
import type { ApiTraffic, RateCard } from "../inference.js";
import type { EstimateOptions, Path, Problem } from "../types.js";
import type { PackLedger } from "./pack-ledger.js";

/**
 * The pricing seam's contract (docs/billing.md "How to add a billing rule"). A billing rule is one
 * catalog section plus one module in this folder that exports a `BillingRule`, registered with one
 * line in rules/index.ts. The rule only derives quantities and picks unit prices; the generic code
 * (engine/components.ts) multiplies, sums, converts currency, adds break-even and ranks.
 */

/** The item's volumes over the period, in the units packs, plans and break-evens are written in. */
export interface Volumes {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  /** input + output (with reasoning). */
  tokens: number;
}

/** Everything a rule may read about one API offering priced for one item. */
export interface OfferingContext {
  item: InferenceItem;
  /** Path of the item in the workload (for problems). */
  path: Path;
  period: Period;
  provider: CatalogProvider;
  model: ApiModel;
  /** The pay-as-you-go prices in force, in the report currency. */
  card: RateCard;
  traffic: ApiTraffic;
  volumes: Volumes;
  /** The pay-as-you-go option of the offering (token components only, before add-ons). */
  payg: Option;
  /** Fee components every option of the offering carries (tools, modalities), in the report currency. */
  addOns: Component[];
  base: OptionBase;
  catalog: Catalog;
  opts: EstimateOptions;
  problems: Problem[];
  /** Factor from `currency` to the report currency at as_of, or undefined when there is no rate. */
  fx(currency: string): number | undefined;
  /** What earlier items of the workload left of packs and free quotas (absent: the item stands alone). */
  packs: PackLedger | undefined;
}

export interface BillingRule {
  /** The catalog section the rule reads (`fees`, `packs`, `plans`, `provisioned`). */
  id: string;
  billing: Billing;
  /**
   * True when the provider's catalog data gives this rule something for the model. Asked once per
   * offering per estimate, so offerings without such data keep the pay-as-you-go fast path.
   */
  appliesTo(provider: CatalogProvider, model: ApiModel): boolean;
  /** True when the rule's options need the item's `peak:` (provisioned throughput is sized for it). */
  needsPeak?: boolean;
  /** Components every option of the offering carries (billed on top of the tokens). */
  addOns?(ctx: OfferingContext): Component[];
  /** Whole options of this billing model for the offering; notes for what could not be priced. */
  options?(ctx: OfferingContext, notes: string[]): Option[];
}

/** The rules with catalog data for one offering, and whether any makes whole options (with and without a `peak:`). */
export interface RuleSet {
  rules: readonly BillingRule[];
  options: boolean;
  optionsWithoutPeak: boolean;
}

/** True when `list` (a catalog section's `models`) names the model by id, alias or architecture key. */
export function coversModel(list: readonly string[] | undefined, model: ApiModel): boolean {
  if (list === undefined) return true;
  for (const m of list) {
    if (m === model.id || m === model.model) return true;
    if (model.aliases?.includes(m)) return true;
  }
  return false;
}

/**
 * What a rule works out once per offering (prices in force, exchange factors, labels), cached per
 * options object (the one the offering was resolved under: one per catalog and as_of, currency and
 * explain, shared by estimates that agree on them; see pricingFor in estimate.ts), workload period
 * and catalog model object: catalogs and options are immutable values, so WeakMaps keep the engine
 * pure, and the per-item work is left to arithmetic.
 */
const PREPARED = new WeakMap<object, Map<ApiModel, Map<string, unknown>>>();

export function prepared<T>(ctx: OfferingContext, rule: string, make: () => T): T {
  let byModel = PREPARED.get(ctx.opts);
  if (!byModel) {
    byModel = new Map();
    PREPARED.set(ctx.opts, byModel);
  }
  let m = byModel.get(ctx.model);
  if (!m) {
    m = new Map();
    byModel.set(ctx.model, m);
  }
  const key = ctx.period === "month" ? rule : `${rule}|${ctx.period}`;
  if (m.has(key)) return m.get(key) as T;
  const v = make();
  m.set(key, v);
  return v;
}
