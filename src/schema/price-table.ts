import * as z from "zod";

/**
 * One row of the dated price table (`llmcost catalog export`): a price of one component of one
 * offering's entry (and long-context tier), with the days it is in force, valid_from ≤ day < valid_to.
 */
export const PriceTableRow = z.object({
  provider: z.string(),
  offering: z.string(),
  model: z.string().meta({ description: "Architecture / shared model key, or empty." }),
  aliases: z.string().meta({ description: "Other names, |-separated." }),
  names: z
    .string()
    .meta({ description: "Every lower-case name a usage row may carry for it (id, aliases, model key), |-separated." }),
  component: z.string().meta({ description: "input, cached_input, cache_write, output, request, image, audio_…" }),
  unit: z.string().meta({ description: "per_1m_tokens, per_request, per_image." }),
  price: z.number(),
  currency: z.string(),
  above: z.number().meta({ description: "Long-context tier: prompts above this many tokens per request (0: base)." }),
  batch_multiplier: z.number().nullable().meta({ description: "Batch-API multiplier, or null: no batch price." }),
  valid_from: z.string(),
  valid_to: z.string().nullable().meta({ description: "First day no longer in force; null: still in force." }),
  source: z.string(),
});

export type PriceRow = z.infer<typeof PriceTableRow>;
export const PRICE_TABLE_COLUMNS = Object.keys(PriceTableRow.shape) as ReadonlyArray<keyof PriceRow>;
