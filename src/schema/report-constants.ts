/**
 * The output contract's constants, without zod: the version, the price units and their scales, the
 * billing models. The engine and the CLI read these on every start; importing them from here keeps
 * the zod schemas of the whole output contract (report.ts) from being built when nothing parses
 * an estimate (a cold `estimate` builds them no more: docs/performance.md).
 */

export const OUTPUT_VERSION = 1;

/**
 * The unit a component's `unit_price` is per. Token-like units are per 1M (or 1k calls): the generic
 * seam (engine/components.ts) divides by PRICE_UNIT_SCALE. `fixed`: a flat amount (quantity 1).
 */
export const PRICE_UNITS = [
  "per_1m_tokens",
  "per_request",
  "per_image",
  "per_gpu_hour",
  "per_gb_month",
  "fixed",
  "per_1k_calls",
  "per_call",
  "per_session",
  "per_hour",
  "per_gb_day",
  "per_minute",
  "per_second",
  "per_1m_characters",
  "per_1m_token_hours",
  "per_unit_hour",
  "per_unit_week",
  "per_unit_month",
  "per_unit_quarter",
  "per_unit_6_months",
  "per_unit_year",
  "per_month",
  "per_year",
  "per_pack",
  "per_amount",
] as const;
export type PriceUnitName = (typeof PRICE_UNITS)[number];

/** What one `unit_price` is per: `per_1m_tokens` prices 1,000,000 tokens, `per_1k_calls` 1,000 calls, … */
export const PRICE_UNIT_SCALE: Record<PriceUnitName, number> = {
  per_1m_tokens: 1e6,
  per_request: 1,
  per_image: 1,
  per_gpu_hour: 1,
  per_gb_month: 1,
  fixed: 1,
  per_1k_calls: 1e3,
  per_call: 1,
  per_session: 1,
  per_hour: 1,
  per_gb_day: 1,
  per_minute: 1,
  per_second: 1,
  per_1m_characters: 1e6,
  per_1m_token_hours: 1e6,
  per_unit_hour: 1,
  per_unit_week: 1,
  per_unit_month: 1,
  per_unit_quarter: 1,
  per_unit_6_months: 1,
  per_unit_year: 1,
  per_month: 1,
  per_year: 1,
  per_pack: 1,
  per_amount: 1,
};

/** How an option is paid for (docs/billing.md). */
export const BILLINGS = ["pay_as_you_go", "pack", "subscription", "provisioned", "committed"] as const;
