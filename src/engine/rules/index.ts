import type { ApiModel, CatalogProvider } from "../../schema/catalog.js";
import type { BillingRule } from "./types.js";

/**
 * The billing rules, one line each (docs/billing.md "How to add a billing rule"). Pay-as-you-go
 * per token is the base rule (engine/inference.ts, the hot path); these add to it.
 */
export const BILLING_RULES: readonly BillingRule[] = [];

const NONE: readonly BillingRule[] = [];

/** The rules with catalog data for this offering (most offerings have none: the fast path). */
export function rulesFor(provider: CatalogProvider, model: ApiModel): readonly BillingRule[] {
  let out: BillingRule[] | undefined;
  for (const r of BILLING_RULES)
    if (r.appliesTo(provider, model)) {
      if (!out) out = [];
      out.push(r);
    }
  return out ?? NONE;
}
