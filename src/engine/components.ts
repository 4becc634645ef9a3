import type { Billing, BreakEven, Component, Explain, Option, PriceUnit } from "../schema/report.js";
import { PRICE_UNIT_SCALE } from "../schema/report-constants.js";

/**
 * The pricing seam's generic half (docs/billing.md). A billing rule declares components — what is
 * billed, how much, at what unit price — and this module does the arithmetic every rule shares:
 * cost = quantity × unit price ÷ the price unit's scale, in the report currency; an option's cost
 * is the sum of its components; `--explain` lines come from the components, not from each rule.
 *
 * Worked example: 2,500 web-search calls at $25 per 1k calls (price unit `per_1k_calls`, scale
 * 1,000) cost 2,500 × 25 ÷ 1,000 = $62.50.
 */

/** What one `unit_price` is per (the table lives with the PriceUnit enum: saved estimates are checked against it). */
export { PRICE_UNIT_SCALE };

/** The counted unit of a fee's price unit (for fees, where the workload gives counts per request). */
export const COUNTED_UNIT: Partial<Record<PriceUnit, string>> = {
  per_1m_tokens: "tokens",
  per_request: "requests",
  per_image: "images",
  per_1k_calls: "calls",
  per_call: "calls",
  per_session: "sessions",
  per_hour: "hours",
  per_gb_day: "gb_days",
  per_minute: "minutes",
  per_second: "seconds",
  per_1m_characters: "characters",
  per_1m_token_hours: "token_hours",
};

/**
 * One component: `unitPrice` is in the list currency, `fx` turns it into the report currency.
 * Every component has the same fields in the same order (`detail` may be undefined).
 */
export function component(
  name: string,
  quantity: number,
  unit: string,
  unitPrice: number,
  priceUnit: PriceUnit,
  fx = 1,
  detail?: string,
): Component {
  const price = unitPrice * fx;
  return {
    name,
    quantity,
    unit,
    unit_price: price,
    price_unit: priceUnit,
    cost: (quantity * price) / PRICE_UNIT_SCALE[priceUnit],
    detail,
  };
}

/** An option's cost: the sum of its components' costs (a property test holds every option to it). */
export function costOf(components: readonly Component[]): number {
  let cost = 0;
  for (const c of components) cost += c.cost;
  return cost;
}

/** What every option of one offering shares, whatever its billing. */
export interface OptionBase {
  provider: string;
  offering: string;
  currency: string;
  list_currency: string;
  price_from: string;
  source: string;
  fx_rate: number | undefined;
}

/** Fields a billing rule adds to its option beyond the components. */
export type OptionExtras = Partial<
  Pick<Option, "break_even" | "break_even_note" | "plan" | "once" | "pack" | "subscription" | "provisioned">
>;

/**
 * A billing option of an API offering: the components summed into its cost, the notes, and for
 * anything but pay-as-you-go its break-even. `explain` lines are made from the components.
 */
export function billingOption(
  base: OptionBase,
  billing: Billing,
  components: Component[],
  notes: string[],
  extras: OptionExtras,
  explain: boolean,
): Option {
  // Every field in one literal, in the JSON's order (JSON leaves out the undefined ones): one hidden
  // class for every such option. Fields added afterwards made a chain of classes that died with each
  // estimate's options, and took the optimised code that had seen them along.
  const o: Option = {
    provider: base.provider,
    offering: base.offering,
    via: "api",
    billing,
    cost: costOf(components),
    currency: base.currency,
    list_currency: base.list_currency,
    price_from: base.price_from,
    source: base.source,
    components,
    notes,
    fx_rate: base.fx_rate,
    once: extras.once,
    plan: extras.plan,
    break_even: extras.break_even,
    break_even_note: extras.break_even_note,
    pack: extras.pack,
    subscription: extras.subscription,
    provisioned: extras.provisioned,
    explain: undefined,
  };
  if (explain) o.explain = explainComponents(`${base.provider}/${base.offering} (${billing})`, components, base);
  return o;
}

/**
 * Where a component's price came from when it is not the offering's token price (a fee, a cache
 * rule): the rule that makes the component records its entry here, and `--explain` cites it.
 * Components are never changed once made, so a WeakMap keyed on them keeps the engine pure.
 */
const SOURCES = new WeakMap<Component, { entry_from: string; source: string }>();

export function withSource(c: Component, entry: { from: string; source: string }): Component {
  SOURCES.set(c, { entry_from: entry.from, source: entry.source });
  return c;
}

/** `--explain` lines of components: the formula with its values, and where the price came from. */
export function explainComponents(label: string, components: readonly Component[], base: OptionBase): Explain[] {
  const offering = { provider: base.provider, entry_from: base.price_from, source: base.source };
  return components.map((c) => {
    const own = SOURCES.get(c);
    const source = own ? { provider: base.provider, ...own } : offering;
    const scale = PRICE_UNIT_SCALE[c.price_unit];
    return {
      what: `${label} ${c.name}`,
      formula: scale === 1 ? `${c.unit} × price ${c.price_unit}` : `${c.unit} × price ${c.price_unit} ÷ ${scale}`,
      values: scale === 1 ? `${c.quantity} × ${c.unit_price}` : `${c.quantity} × ${c.unit_price} ÷ ${scale}`,
      result: c.cost,
      source,
    };
  });
}

/** A break-even volume, or null with the reason in `break_even_note`. */
export function breakEven(quantity: number | undefined, unit: string, nullNote: string): OptionExtras {
  if (quantity === undefined || !Number.isFinite(quantity) || quantity < 0)
    return { break_even: null, break_even_note: nullNote };
  const be: BreakEven = { quantity, unit };
  return { break_even: be };
}
