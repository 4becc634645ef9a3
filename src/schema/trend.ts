import * as z from "zod";
import { OUTPUT_VERSION } from "./report-constants.js";

/**
 * The JSON shapes of `llmcost trend --format json` (`kind: "trend"`) and `llmcost estimate --over
 * --format json` (`kind: "estimate_over"`), version `llmcost: 1`. Like the estimate output they may
 * gain fields, never lose or rename them without bumping the version. Prices are per 1M tokens in
 * the report currency, full precision; ratios are ratios (−0.5 = halved), not percent.
 */

export const TrendMetric = z.enum(["input", "output", "blended", "on_demand", "spot"]).meta({
  description:
    "input / output / blended (3:1): an API model's price per 1M tokens; on_demand / spot: a GPU offer's price per GPU-hour.",
});

export const PointEvent = z.enum(["start", "change", "end", "ended"]).meta({
  description:
    "start: first price in the window; change: a new price; end: the price still in force on the window's last day; ended: the offering was withdrawn that day (the price shown is the one that stopped).",
});

export const TrendPoint = z.object({
  date: z.string(),
  price: z.number().meta({ description: "The metric per 1M tokens, in the report currency." }),
  change: z
    .number()
    .nullable()
    .meta({ description: "Ratio to the previous point minus 1; null first or after a zero." }),
  event: PointEvent,
  provider: z.string(),
  offering: z.string(),
  entry_from: z.string().meta({ description: "First day of the catalog entry this price comes from." }),
  source: z.string().meta({ description: "Where the catalog entry's price was read." }),
  list_currency: z.string().meta({ description: "Currency of the price list read." }),
  fx_rate: z
    .number()
    .optional()
    .meta({ description: "Report-currency units per list-currency unit on this date, when converted." }),
});

export const TrendSummary = z.object({
  start: z.object({ date: z.string(), price: z.number() }),
  end: z.object({ date: z.string(), price: z.number() }),
  days: z.number(),
  total_change: z.number().nullable().meta({ description: "p_end / p_start − 1; null from a zero price." }),
  annual_rate: z
    .number()
    .nullable()
    .meta({ description: "(p_end / p_start)^(365 / days) − 1; null with no days or from 0." }),
});

export const TrendForecast = z.object({
  caveats: z.array(z.string()),
  n: z.number().optional().meta({ description: "Points fitted (positive prices only)." }),
  intercept: z.number().optional().meta({ description: "ln(price) at t0." }),
  slope_per_year: z.number().optional().meta({ description: "Slope of ln(price) per year." }),
  annual_rate: z.number().optional().meta({ description: "e^slope − 1." }),
  r2: z.number().nullable().optional().meta({ description: "Null when the prices did not vary." }),
  t0: z.string().optional(),
  horizon: z.string().optional(),
  date: z.string().optional().meta({ description: "The day projected: last point's date plus the horizon." }),
  price: z.number().optional().meta({ description: "Projected price on `date`. Absent when no fit was possible." }),
  low: z.number().optional().meta({
    description:
      "Lower end of a ~95% prediction band on `date`: exp(ŷ − 1.96·se) of the log fit; absent below 3 points.",
  }),
  high: z.number().optional().meta({ description: "Upper end of the ~95% prediction band on `date`." }),
});

export const TrendSeries = z.object({
  label: z.string(),
  kind: z.enum(["offering", "cheapest"]),
  members: z.array(z.string()).meta({ description: "The offerings behind the series, provider/offering." }),
  points: z.array(TrendPoint),
  summary: TrendSummary.nullable(),
  notes: z.array(z.string()),
  forecast: TrendForecast.optional(),
});

export const TrendEvent = z.object({
  date: z.string(),
  provider: z.string(),
  kind: z.string().meta({ description: "cut, raise, free, launch, promotion, promotion_end, withdrawal or other." }),
  title: z.string(),
  offerings: z
    .array(z.string())
    .meta({ description: "The offerings named by the event; empty for a provider-wide move." }),
  series: z.array(z.string()).meta({ description: "Labels of the series drawn that the event concerns." }),
  source: z.string().meta({ description: "Where the event is documented." }),
});

export const TrendReport = z.object({
  llmcost: z.literal(OUTPUT_VERSION),
  kind: z.literal("trend"),
  title: z.string(),
  catalog: z.object({ version: z.string(), digest: z.string() }),
  currency: z.string(),
  metric: TrendMetric,
  unit: z.enum(["per_1m_tokens", "per_gpu_hour"]),
  window: z.object({ since: z.string(), until: z.string() }),
  preset: z.string().optional(),
  series: z.array(TrendSeries),
  events: z.array(TrendEvent).meta({
    description: "Dated, sourced annotations (catalog `events`) in the window that concern the series drawn.",
  }),
  warnings: z.array(z.string()),
});

export const OverItem = z.object({
  name: z.string(),
  status: z.enum(["priced", "not_yet", "not_priced"]).meta({
    description: "not_yet: the item's model has no price yet on this date; not_priced: no option (e.g. withdrawn).",
  }),
  cost: z.number().nullable(),
  provider: z.string().optional(),
  offering: z.string().optional(),
});

export const OverPoint = z.object({
  date: z.string(),
  total: z
    .number()
    .nullable()
    .meta({ description: "Sum of the items priced on this date; null when none is priced (never 0 for nothing)." }),
  complete: z.boolean(),
  items: z.array(OverItem),
  sources: z.array(
    z.object({
      item: z.string(),
      provider: z.string(),
      offering: z.string(),
      entry_from: z.string(),
      source: z.string(),
    }),
  ),
});

export const OverComparable = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number(),
  total_change: z.number().nullable(),
  annual_rate: z.number().nullable(),
});

export const OverReport = z.object({
  llmcost: z.literal(OUTPUT_VERSION),
  kind: z.literal("estimate_over"),
  catalog: z.object({ version: z.string(), digest: z.string() }),
  workload: z.string(),
  currency: z.string(),
  period: z.string(),
  step: z.enum(["month", "quarter", "year"]),
  from: z.string(),
  to: z.string(),
  points: z.array(OverPoint),
  comparable: OverComparable.nullable().meta({
    description: "The run of dates pricing the same items the rate is measured over; null when none spans two dates.",
  }),
  warnings: z.array(z.string()),
});

/** The items a point prices, as one key: two dates compare (a change, a rate) only when their keys match. */
export function pricedKey(p: OverPoint): string {
  return p.items
    .filter((i) => i.status === "priced")
    .map((i) => i.name)
    .join("\u0000");
}

export type TrendPoint = z.infer<typeof TrendPoint>;
export type TrendSummary = z.infer<typeof TrendSummary>;
export type TrendSeries = z.infer<typeof TrendSeries>;
export type TrendForecast = z.infer<typeof TrendForecast>;
export type TrendReport = z.infer<typeof TrendReport>;
export type TrendEvent = z.infer<typeof TrendEvent>;
export type OverItem = z.infer<typeof OverItem>;
export type OverPoint = z.infer<typeof OverPoint>;
export type OverReport = z.infer<typeof OverReport>;
