import type { Counted } from "../../schema/billing.js";
import type { Component } from "../../schema/report.js";
import { costOf } from "../components.js";
import type { OfferingContext } from "./types.js";

/**
 * What a pack or plan counts, read off the pay-as-you-go option: the components it replaces, the
 * item's volume in its unit, and their pay-as-you-go cost. `rate` is that cost per counted unit —
 * the price the break-even volumes are worked out at.
 */
export interface Covered {
  covered: Component[];
  rest: Component[];
  /** The item's volume per period in the counted unit (amount: list-price value in `amountCurrency`). */
  volume: number;
  /** Pay-as-you-go cost of `covered`, in the report currency. */
  cost: number;
  /** Report currency per counted unit. */
  rate: number;
}

const INPUT = new Set(["input", "cached_input", "cache_write"].flatMap((n) => [n, `${n} (off-peak)`]));
const OUTPUT = new Set(["output", "reasoning"].flatMap((n) => [n, `${n} (off-peak)`]));

function counts(c: Component, what: Counted): boolean {
  if (what === "requests" || what === "amount") return true;
  if (what === "input_tokens") return INPUT.has(c.name);
  if (what === "output_tokens") return OUTPUT.has(c.name);
  return INPUT.has(c.name) || OUTPUT.has(c.name);
}

/** `toReport`: report-currency units per unit of the pack's currency (for `amount`). */
export function coveredBy(ctx: OfferingContext, what: Counted, toReport: number): Covered {
  const covered: Component[] = [];
  const rest: Component[] = [];
  for (const c of ctx.payg.components) (counts(c, what) ? covered : rest).push(c);
  const cost = costOf(covered);
  const v = ctx.volumes;
  const volume =
    what === "tokens"
      ? v.tokens
      : what === "input_tokens"
        ? v.input_tokens
        : what === "output_tokens"
          ? v.output_tokens
          : what === "requests"
            ? v.requests
            : cost / toReport;
  return { covered, rest, volume, cost, rate: volume > 0 ? cost / volume : 0 };
}

/**
 * Components billed at pay-as-you-go for a share of the covered volume (overflow, overage): the
 * same unit prices times `priceMult`, quantities times `share`, named with `suffix`.
 */
export function shareOf(
  components: Component[],
  share: number,
  suffix: string,
  priceMult = 1,
  detail?: string,
): Component[] {
  if (share <= 0) return [];
  return components.map((c) => {
    const unitPrice = c.unit_price * priceMult;
    const quantity = c.quantity * share;
    return {
      name: suffixed(c.name, suffix),
      quantity,
      unit: c.unit,
      unit_price: unitPrice,
      price_unit: c.price_unit,
      cost: c.cost * share * priceMult,
      detail: detail ?? c.detail,
    };
  });
}

/** `name (suffix)`, made once per pair: options of every item share the strings. */
const SUFFIXED = new Map<string, Map<string, string>>();

function suffixed(name: string, suffix: string): string {
  let bySuffix = SUFFIXED.get(suffix);
  if (!bySuffix) {
    bySuffix = new Map();
    SUFFIXED.set(suffix, bySuffix);
  }
  let s = bySuffix.get(name);
  if (s === undefined) {
    s = `${name} (${suffix})`;
    // Names come from the catalog and the rules (a few dozen): the cache stays small.
    bySuffix.set(name, s);
  }
  return s;
}
