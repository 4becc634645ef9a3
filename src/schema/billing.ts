import * as z from "zod";
import { CurrencyCode, Id, IsoDate, Price, Quantity } from "./primitives.js";

/**
 * Catalog sections of the billing models other than pay-as-you-go per token (docs/billing.md).
 * Each lives in its own section of a provider file (`fees:`, `packs:`, `plans:`, `provisioned:`,
 * `fine_tuning:`), apart from the price history of `models:`, and each is read by one rule module
 * in src/engine/rules/. Every entry is dated (`from`) and sourced (`source`).
 */

const Source = z
  .string()
  .min(1)
  .meta({ description: "Where this figure was read: a URL, optionally with a note (date seen, page section)." });
const Notes = z.string().meta({ description: "Free text: caveats, how a figure was read." });

const Dated = {
  from: IsoDate.meta({ description: "First day this entry is in force." }),
  until: IsoDate.optional().meta({ description: "First day it is no longer in force (exclusive)." }),
  currency: CurrencyCode.optional().meta({ description: "Currency when it differs from the provider's." }),
  source: Source,
  notes: Notes.optional(),
};

const ModelList = z
  .array(Id)
  .min(1)
  .meta({ description: "Offerings this applies to: model ids, aliases or architecture keys of this provider." });

/** What a fee is counted in: the price is per this unit (per 1k calls, per GB-day, …). */
export const FeeUnit = z
  .enum([
    "per_1k_calls",
    "per_call",
    "per_session",
    "per_hour",
    "per_gb_day",
    "per_image",
    "per_minute",
    "per_second",
    "per_1m_characters",
    "per_1m_token_hours",
    "per_1m_tokens",
  ])
  .meta({ description: "The unit the fee's price is per; the workload gives the counted quantity per request." });

export const FeePrice = z.strictObject({ ...Dated, price: Price.meta({ description: "Per `unit`." }) });

/** A tool or modality fee billed on top of the tokens: web search, code execution, file storage, images… */
export const Fee = z.strictObject({
  id: Id.meta({ description: "What the workload's `usage:` names, e.g. web_search, code_interpreter." }),
  name: z.string().optional(),
  unit: FeeUnit,
  models: ModelList.optional().meta({ description: "Offerings that charge it; default every model of the provider." }),
  prices: z.array(FeePrice).min(1),
  notes: Notes.optional(),
});

/** What a pack or plan counts: token kinds, requests, or an amount of list-price money. */
export const Counted = z
  .enum(["tokens", "input_tokens", "output_tokens", "requests", "amount"])
  .meta({ description: "tokens = input + output; amount = list-price value in the pack's currency." });

export const PackPrice = z.strictObject({ ...Dated, price: Price.meta({ description: "Price of one pack." }) });

/** A prepaid resource pack (资源包) or a free quota: a quantity for a price, valid for a time, for some models. */
export const Pack = z.strictObject({
  id: Id,
  name: z.string().optional(),
  models: ModelList,
  counts: Counted,
  quantity: Quantity.refine((n) => n > 0, { error: "a pack holds more than 0" }).meta({
    description: 'What one pack holds, in `counts` units ("100M" tokens).',
  }),
  validity_days: z
    .number({ error: "a pack needs its validity: validity_days, the days it can be used after purchase" })
    .int()
    .positive()
    .meta({ description: "Days a pack can be used after purchase; what is left then expires." }),
  free: z.boolean().optional().meta({ description: "A free quota (price 0), granted once." }),
  max_count: z.number().int().positive().optional().meta({ description: "Most packs of this kind per window." }),
  prices: z.array(PackPrice).min(1),
  notes: Notes.optional(),
});

export const PlanPrice = z.strictObject({
  ...Dated,
  fee: Price.meta({ description: "Fee per `term` (0 for a pure commitment with a discount)." }),
});

/** A subscription or a contract: a fee per term, included usage, overage, discount and minimum spend. */
export const Plan = z.strictObject({
  id: Id,
  name: z.string().optional(),
  models: ModelList,
  term: z.enum(["month", "year"]),
  included: Quantity.optional().meta({
    description: "Usage included per term, in `counts` units; must not be negative.",
  }),
  counts: Counted.default("tokens"),
  discount: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ description: "Share off the list price for usage beyond the included quantity (0.2 = 20% off)." }),
  minimum_spend: Price.optional().meta({
    description: "Least billed per term (fee plus usage); the shortfall is charged.",
  }),
  prices: z.array(PlanPrice).min(1),
  notes: Notes.optional(),
});

export const Term = z.enum(["hourly", "week", "month", "quarter", "6_months", "year"]);

export const TermPrice = z.strictObject({
  term: Term,
  price: Price,
  per: z.enum(["unit_hour", "unit_month", "unit_term"]).meta({
    description:
      "unit_hour: per unit-hour; unit_month: per unit per month of the term; unit_term: per unit for the whole term.",
  }),
});

export const ProvisionedPrice = z.strictObject({ ...Dated, terms: z.array(TermPrice).min(1) });

export const ProvisionedModel = z
  .strictObject({
    model: Id,
    input_tpm_per_unit: z.number().positive().optional().meta({
      description: "Input tokens per minute one unit carries (leave out when the provider does not publish it).",
    }),
    output_weight: z.number().positive().default(1).meta({
      description: "An output token counts as this many input tokens against the capacity.",
    }),
    minimum: z.number().int().positive().default(1).meta({ description: "Smallest deployment, in units." }),
    increment: z.number().int().positive().default(1).meta({ description: "Deployments grow in steps of this many." }),
    maximum: z.number().int().positive().optional(),
    source: Source,
  })
  .superRefine((m, ctx) => {
    if (m.maximum !== undefined && m.minimum > m.maximum)
      ctx.addIssue({
        code: "custom",
        path: ["minimum"],
        message: `minimum ${m.minimum} is above maximum ${m.maximum}: a deployment must fit between them`,
      });
  });

/** Provisioned throughput: Azure OpenAI PTUs, Bedrock model units, Vertex GSUs, Doubao model units. */
export const Provisioned = z.strictObject({
  id: Id,
  name: z.string().optional(),
  kind: z.enum(["ptu", "model_unit", "gsu", "tpm_unit"]),
  models: z.array(ProvisionedModel).min(1),
  prices: z.array(ProvisionedPrice).min(1),
  notes: Notes.optional(),
});

export const FineTunePrice = z.strictObject({
  ...Dated,
  training: Price.optional().meta({ description: "Per 1M training tokens (tokens × epochs)." }),
  hosting: Price.optional().meta({ description: "Per hour a fine-tuned model is deployed (where charged)." }),
  input: Price.optional().meta({ description: "Per 1M input tokens on the fine-tuned model." }),
  cached_input: Price.optional(),
  output: Price.optional().meta({ description: "Per 1M output tokens on the fine-tuned model." }),
});

/** API fine-tuning of one base model: training, hosting and the fine-tuned inference rates. */
export const FineTune = z.strictObject({
  model: Id.meta({ description: "The base model id (or alias) that is fine-tuned." }),
  prices: z.array(FineTunePrice).min(1),
  notes: Notes.optional(),
});

export const CachePrice = z.strictObject({
  ...Dated,
  input_multiplier: z.number().positive().optional().meta({
    description: "write_1h: a 1-hour cache write costs this many times the input price (Anthropic: 2).",
  }),
  price: Price.optional().meta({ description: "storage: per 1M token-hours a cache is kept." }),
});

/**
 * A prompt-cache rule beyond the models' cached-input and cache-write prices: a longer-lived cache
 * write (Anthropic's 1-hour TTL, priced as a multiple of input) or cache storage per token-hour
 * (Gemini context caching).
 */
export const CacheRule = z
  .strictObject({
    id: Id,
    kind: z.enum(["write_1h", "storage"]).meta({
      description: "write_1h: cache writes with a 1-hour TTL; storage: tokens kept in an explicit cache, per hour.",
    }),
    name: z.string().optional(),
    models: ModelList.optional().meta({ description: "Offerings it applies to; default every model of the provider." }),
    prices: z.array(CachePrice).min(1),
    notes: Notes.optional(),
  })
  .superRefine((rule, ctx) => {
    const field = rule.kind === "write_1h" ? "input_multiplier" : "price";
    rule.prices.forEach((p, i) => {
      if (p[field] === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["prices", i, field],
          message: `a ${rule.kind} cache rule needs ${field} on every price entry`,
        });
    });
  });

/** The billing sections of a provider file (and of an overlay's provider). */
export const BillingSections = {
  fees: z.array(Fee).optional(),
  packs: z.array(Pack).optional(),
  plans: z.array(Plan).optional(),
  provisioned: z.array(Provisioned).optional(),
  fine_tuning: z.array(FineTune).optional(),
  cache: z.array(CacheRule).optional(),
};

export type FeeUnit = z.infer<typeof FeeUnit>;
export type Fee = z.infer<typeof Fee>;
export type Counted = z.infer<typeof Counted>;
export type Pack = z.infer<typeof Pack>;
export type Plan = z.output<typeof Plan>;
export type Term = z.infer<typeof Term>;
export type Provisioned = z.output<typeof Provisioned>;
export type ProvisionedModel = z.output<typeof ProvisionedModel>;
export type FineTune = z.infer<typeof FineTune>;
export type CacheRule = z.infer<typeof CacheRule>;
