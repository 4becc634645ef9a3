import * as z from "zod";

/**
 * The JSON output contract, `llmcost: 1` (DESIGN.md "Output"). Fields may be added, never renamed
 * or removed without bumping OUTPUT_VERSION. `estimate`, `quote` and `check` share this shape.
 */

export const OUTPUT_VERSION = 1;

export const PriceUnit = z.enum(["per_1m_tokens", "per_request", "per_image", "per_gpu_hour", "per_gb_month", "fixed"]);

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

export const Via = z.enum(["api", "self_host", "gpu_cloud"]);

export const Option = z.object({
  provider: z.string(),
  offering: z.string(),
  via: Via,
  cost: z.number(),
  currency: z.string().meta({ description: "Report currency (all costs are in it)." }),
  list_currency: z.string().meta({ description: "Currency of the price list used, before any conversion." }),
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
  explain: z.array(Explain).optional(),
});

export const Item = z.object({
  name: z.string(),
  kind: z.enum(["inference", "training"]),
  model: z.string(),
  status: z.enum(["priced", "not_priced"]).meta({
    description: "not_priced: no option could be priced; `cost` is null, never 0.",
  }),
  selected: z.object({ provider: z.string(), offering: z.string(), via: Via }).nullable(),
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
  currency: z.string(),
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
export type Option = z.infer<typeof Option>;
export type Item = z.infer<typeof Item>;
export type BudgetLine = z.infer<typeof BudgetLine>;
export type Estimate = z.infer<typeof Estimate>;
