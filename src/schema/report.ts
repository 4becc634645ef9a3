import * as z from "zod";
import { CurrencyCode } from "./primitives.js";
import { BILLINGS, OUTPUT_VERSION, PRICE_UNITS } from "./report-constants.js";

/**
 * The JSON output contract, `llmcost: 1` (DESIGN.md "Output"). Fields may be added, never renamed
 * or removed without bumping OUTPUT_VERSION. `estimate`, `quote` and `check` share this shape.
 */

export { BILLINGS, OUTPUT_VERSION, PRICE_UNIT_SCALE, PRICE_UNITS } from "./report-constants.js";

/** The unit a component's `unit_price` is per (report-constants.ts `PRICE_UNITS`, with their scales). */
export const PriceUnit = z.enum(PRICE_UNITS);

/** How an option is paid for (docs/billing.md). */
export const Billing = z.enum(BILLINGS);

/** The volume at which a billing option costs the same as pay-as-you-go on the same offering. */
export const BreakEven = z
  .object({
    quantity: z.number().meta({ description: "Volume per period, in `unit`." }),
    unit: z.string().meta({ description: "tokens, input_tokens, output_tokens, requests, gpu_hours or amount." }),
  })
  .nullable();

export const Component = z.object({
  name: z
    .string()
    .meta({ description: "What is billed: input, cached_input, cache_write, output, request, compute, storage…" }),
  quantity: z.number(),
  unit: z.string().meta({ description: "Unit of `quantity`: tokens, requests, gpu_hours, gb_months…" }),
  unit_price: z.number().meta({ description: "Price per `price_unit`, in the report currency, after multipliers." }),
  price_unit: PriceUnit,
  cost: z.number(),
  detail: z.string().optional().meta({ description: "Multipliers and tiers applied, e.g. 'batch ×0.5'." }),
});

export const Explain = z.object({
  what: z.string().meta({ description: "The number explained, e.g. 'openai/gpt-4o input cost'." }),
  formula: z.string(),
  values: z.string().meta({ description: "The formula with the values put in." }),
  result: z.number(),
  source: z
    .object({ provider: z.string(), entry_from: z.string(), source: z.string() })
    .optional()
    .meta({ description: "The catalog entry the price came from." }),
});

export const Via = z.enum(["api", "self_host", "gpu_cloud", "own"]);

export const PackUse = z.object({
  id: z.string(),
  name: z.string().optional(),
  count: z.number().meta({ description: "Packs bought per validity window." }),
  quantity: z.number().meta({ description: "What one pack holds, in the pack's unit." }),
  price: z.number().meta({ description: "Price of one pack, in the report currency." }),
  validity_days: z.number(),
  price_from: z.string().optional().meta({
    description:
      "The `from` date of the billing entry this was priced from (the option's own `price_from` is its pay-as-you-go entry's).",
  }),
  source: z.string().optional().meta({ description: "The billing entry's source." }),
});

export const PackDetail = z.object({
  unit: z
    .string()
    .meta({ description: "What the packs count: tokens, input_tokens, output_tokens, requests, amount." }),
  window_days: z.number().meta({ description: "Validity window the combination is bought for (the longest pack's)." }),
  needed: z.number().meta({ description: "The item's volume in the window, in `unit`." }),
  covered: z.number(),
  overflow: z.number().meta({ description: "Volume above the packs, billed pay-as-you-go." }),
  unused: z.number().meta({ description: "Bought but not used in the window: it expires with the packs." }),
  expires_after_days: z.number().meta({ description: "When the unused quantity expires." }),
  packs: z.array(PackUse),
});

export const PlanDetail = z.object({
  id: z.string(),
  name: z.string().optional(),
  term: z.string(),
  included: z.number().optional(),
  unit: z.string(),
  used: z.number(),
  overage: z.number().meta({ description: "Volume above the included quantity, billed at the overage rate." }),
  unused: z.number().meta({ description: "Included quantity left unused in the period." }),
  minimum_spend: z.number().optional(),
  price_from: z.string().optional().meta({
    description:
      "The `from` date of the billing entry this was priced from (the option's own `price_from` is its pay-as-you-go entry's).",
  }),
  source: z.string().optional().meta({ description: "The billing entry's source." }),
});

export const ProvisionedDetail = z.object({
  id: z.string(),
  kind: z.string().meta({ description: "ptu (Azure OpenAI), model_unit (Bedrock), gsu (Vertex AI)." }),
  term: z.string().meta({ description: "hourly, week, month, quarter, 6_months or year." }),
  units: z.number(),
  minimum_units: z.number(),
  peak_tokens_per_minute: z
    .number()
    .nullable()
    .meta({ description: "Peak load in input-equivalent tokens per minute (null: not sized)." }),
  capacity_tokens_per_minute: z.number().nullable(),
  utilization: z
    .number()
    .nullable()
    .meta({ description: "Average load ÷ provisioned capacity (null: throughput per unit unknown)." }),
  price_from: z.string().optional().meta({
    description:
      "The `from` date of the billing entry this was priced from (the option's own `price_from` is its pay-as-you-go entry's).",
  }),
  source: z.string().optional().meta({ description: "The billing entry's source." }),
});

export const Option = z.object({
  provider: z.string(),
  offering: z.string(),
  via: Via,
  billing: Billing.meta({ description: "How this option is paid for (docs/billing.md)." }),
  cost: z.number(),
  currency: CurrencyCode.meta({ description: "Report currency (all costs are in it)." }),
  list_currency: CurrencyCode.meta({ description: "Currency of the price list used, before any conversion." }),
  fx_rate: z.number().optional().meta({ description: "Report-currency units per list-currency unit, when converted." }),
  price_from: z.string().meta({ description: "Date of the catalog price entry in force at as_of." }),
  source: z.string(),
  components: z.array(Component),
  notes: z.array(z.string()),
  // training options
  flops: z.number().optional(),
  gpu_hours: z.number().optional(),
  wall_clock_hours: z.number().optional(),
  energy_kwh: z.number().optional(),
  co2_kg: z.number().optional(),
  // self-hosting options
  gpus_per_replica: z.number().optional(),
  replicas: z.number().optional(),
  prefill_tokens_per_second: z.number().optional(),
  output_tokens_per_second: z.number().optional(),
  cost_per_1m_output_tokens: z.number().optional(),
  serving: z
    .object({
      batch: z.number(),
      binding: z.enum(["memory", "max_batch", "ttft", "tpot"]).meta({
        description: "What limits the batch: KV memory, the engine's cap, or a latency limit.",
      }),
      bound: z.enum(["memory", "compute", "network"]).meta({ description: "What limits one engine step." }),
      nodes: z.number(),
      ttft_seconds: z.number(),
      tpot_seconds: z.number(),
    })
    .optional()
    .meta({ description: "Self-hosting: the replica's batch, which limit binds, and its latencies." }),
  range: z
    .object({ low: z.number(), base: z.number(), high: z.number(), basis: z.string() })
    .optional()
    .meta({ description: "Cost at the spread of efficiencies in the published set (docs/formulas.md)." }),
  ownership: z
    .object({
      server: z.string(),
      purchase_price: z.number(),
      lifetime_years: z.number(),
      utilization: z.number(),
      break_even_utilization: z
        .number()
        .nullable()
        .meta({ description: "Utilization above which owning costs less than the cheapest rented option." }),
    })
    .optional(),
  // billing options other than pay-as-you-go
  break_even: BreakEven.optional().meta({
    description:
      "Not pay_as_you_go only: the volume per period at which this option costs the same as pay-as-you-go on the same offering, or null (see break_even_note).",
  }),
  break_even_note: z.string().optional(),
  plan: z.string().optional().meta({ description: "Id of the pack set, plan or provisioned offer priced." }),
  once: z.boolean().optional().meta({
    description:
      "True when the option holds for the first period only (a one-time free quota): it ranks after the recurring options and is never selected.",
  }),
  pack: PackDetail.optional(),
  subscription: PlanDetail.optional(),
  provisioned: ProvisionedDetail.optional(),
  explain: z.array(Explain).optional(),
});

export const Item = z.object({
  name: z.string(),
  kind: z.enum(["inference", "training", "fine_tune"]),
  model: z.string(),
  status: z.enum(["priced", "not_priced"]).meta({
    description: "not_priced: no option could be priced; `cost` is null, never 0.",
  }),
  selected: z
    .object({
      provider: z.string(),
      offering: z.string(),
      via: Via,
      billing: Billing.optional(),
      plan: z.string().optional(),
    })
    .nullable(),
  cost: z.number().nullable().meta({ description: "Cost of the selected option over the period." }),
  quantities: z
    .object({
      requests: z.number(),
      input_tokens: z.number(),
      cached_input_tokens: z.number(),
      output_tokens: z.number(),
    })
    .optional()
    .meta({ description: "Inference traffic over the period." }),
  options: z.array(Option),
  notes: z.array(z.string()),
});

export const BudgetLine = z.object({
  name: z.string().meta({ description: "'total' or an item name." }),
  limit: z.number(),
  cost: z.number().nullable(),
  headroom: z.number().nullable().meta({ description: "limit − cost; negative when exceeded." }),
  status: z.enum(["ok", "exceeded", "unknown"]),
  source: z
    .string()
    .optional()
    .meta({ description: "Where the limit came from: workload, --budget, --item-budget or --max-increase." }),
  written: z.object({ amount: z.number(), currency: z.string(), fx_rate: z.number().nullable() }).optional().meta({
    description:
      "The limit as written, when in another currency; fx_rate: report-currency units per unit (null: no rate).",
  }),
  baseline: z.number().optional().meta({ description: "Baseline cost a --max-increase limit is a share over." }),
  max_increase: z
    .number()
    .optional()
    .meta({ description: "Allowed increase over the baseline, as a ratio (0.1 = 10%)." }),
  baseline_file: z
    .string()
    .optional()
    .meta({ description: "The baseline file (a workload or a saved JSON estimate)." }),
});

export const Estimate = z.object({
  llmcost: z.literal(OUTPUT_VERSION),
  workload: z.string(),
  catalog: z.object({ version: z.string(), as_of: z.string(), digest: z.string() }),
  currency: CurrencyCode,
  period: z.enum(["day", "month", "year"]),
  items: z.array(Item),
  total: z.number().meta({ description: "Sum of the selected options of priced items." }),
  complete: z.boolean().meta({ description: "False when some item could not be priced (see warnings)." }),
  budget: z
    .object({
      total: z.number().optional(),
      status: z.enum(["ok", "exceeded", "unknown"]),
      lines: z.array(BudgetLine),
    })
    .optional(),
  warnings: z.array(z.string()),
});

export type PriceUnit = z.infer<typeof PriceUnit>;
export type Component = z.infer<typeof Component>;
export type Explain = z.infer<typeof Explain>;
export type Via = z.infer<typeof Via>;
export type Billing = z.infer<typeof Billing>;
export type BreakEven = z.infer<typeof BreakEven>;
export type PackDetail = z.infer<typeof PackDetail>;
export type PlanDetail = z.infer<typeof PlanDetail>;
export type ProvisionedDetail = z.infer<typeof ProvisionedDetail>;
export type Option = z.infer<typeof Option>;
export type Item = z.infer<typeof Item>;
export type BudgetLine = z.infer<typeof BudgetLine>;
export type Estimate = z.infer<typeof Estimate>;
