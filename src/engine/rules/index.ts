import type { ApiModel, CatalogProvider } from "../../schema/catalog.js";
import { cacheRule } from "./cache.js";
import { feesRule } from "./fees.js";
import { packsRule } from "./packs.js";
import { plansRule } from "./plans.js";
import { provisionedRule } from "./provisioned.js";
import type { BillingRule, RuleSet } from "./types.js";

/**
 * The billing rules, one line each (docs/billing.md "How to add a billing rule"). Pay-as-you-go
 * per token is the base rule (engine/inference.ts, the hot path); these add to it.
 */
export const BILLING_RULES: readonly BillingRule[] = [
  feesRule, // catalog `fees:` — tool and modality fees on every option of the offering
  cacheRule, // catalog `cache:` — 1-hour cache writes and cache storage per token-hour
  packsRule, // catalog `packs:` — prepaid packs (资源包) and free quotas
  plansRule, // catalog `plans:` — subscriptions and contracts
  provisionedRule, // catalog `provisioned:` — PTUs, model units, GSUs
];

const NONE: readonly BillingRule[] = [];

/**
 * The rules with catalog data for this offering, and whether any of them makes whole options (with
 * and without the item's `peak:`): an item without `usage:` on an offering whose rules have nothing
 * to offer it keeps the token rule's fast path.
 */
export function rulesFor(provider: CatalogProvider, model: ApiModel): RuleSet {
  let out: BillingRule[] | undefined;
  let options = false;
  let optionsWithoutPeak = false;
  for (const r of BILLING_RULES)
    if (r.appliesTo(provider, model)) {
      if (!out) out = [];
      out.push(r);
      if (r.options) options = true;
      if (r.options && !r.needsPeak) optionsWithoutPeak = true;
    }
  return { rules: out ?? NONE, options, optionsWithoutPeak };
}
