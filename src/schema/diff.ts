import * as z from "zod";
import { OUTPUT_VERSION } from "./report-constants.js";

/**
 * The JSON shape of `llmcost diff` (`llmcost: 1`, `kind: "diff"`): what changed between two
 * estimates, per item and in total, and why. Like the estimate output it may gain fields, never lose
 * or rename them without bumping the version. Percentages are in percent units (12.5 = +12.5%), null
 * when the cost before was 0 (or an item was not priced on one side).
 */

export const Change = z.object({
  what: z.string().meta({ description: "What changed: model, selected, requests, input_tokens, a price component…" }),
  before: z.union([z.number(), z.string()]).nullable(),
  after: z.union([z.number(), z.string()]).nullable(),
  unit: z.string().optional().meta({ description: "Unit of a price (per_1m_tokens, per_gpu_hour…) or a quantity." }),
});

export const ReasonKind = z.enum([
  "added",
  "removed",
  "model",
  "selected",
  "traffic",
  "shape",
  "price",
  "fx",
  "not_priced",
]);

export const Reason = z.object({
  kind: ReasonKind.meta({
    description:
      "model: the item's model changed; selected: another provider/offering is now cheapest or pinned; traffic: the number of requests changed (volume, at the old request shape; for training, the compute); shape: tokens per request or cache shares changed (and whatever else is left); price: the same offering's unit prices changed between the catalog dates; fx: the exchange rate changed.",
  }),
  amount: z.number().nullable().meta({
    description:
      "The part of the item's change due to this reason, in the report currency; the amounts of an item add up to its change (null when not separable).",
  }),
  changes: z.array(Change),
});

export const Money = z.object({
  before: z.number().nullable(),
  after: z.number().nullable(),
  change: z.number().nullable(),
  percent: z.number().nullable(),
});

export const DiffItem = z.object({
  name: z.string(),
  kind: z.enum(["inference", "training", "fine_tune"]),
  status: z.enum(["added", "removed", "changed", "unchanged"]),
  ...Money.shape,
  before_selected: z.string().nullable().meta({ description: "provider/offering selected before, or null." }),
  after_selected: z.string().nullable(),
  reasons: z.array(Reason),
});

export const DiffSide = z.object({
  file: z.string(),
  source: z
    .enum(["workload", "estimate"])
    .meta({ description: "A workload file priced now, or a saved JSON estimate." }),
  workload: z.string(),
  catalog: z.object({ version: z.string(), as_of: z.string(), digest: z.string() }),
  total: z.number(),
  complete: z.boolean(),
});

export const Threshold = z.object({
  limit: z.number().meta({ description: "--fail-above: an amount in the report currency, or a percentage." }),
  unit: z.enum(["amount", "percent"]),
  status: z.enum(["ok", "exceeded", "unknown"]),
});

export const Diff = z.object({
  llmcost: z.literal(OUTPUT_VERSION),
  kind: z.literal("diff"),
  currency: z.string(),
  period: z.enum(["day", "month", "year"]),
  base: DiffSide,
  head: DiffSide,
  total: Money,
  items: z.array(DiffItem),
  threshold: Threshold.optional(),
  warnings: z.array(z.string()),
});

export type Change = z.infer<typeof Change>;
export type Reason = z.infer<typeof Reason>;
export type DiffItem = z.infer<typeof DiffItem>;
export type DiffSide = z.infer<typeof DiffSide>;
export type Threshold = z.infer<typeof Threshold>;
export type Diff = z.infer<typeof Diff>;
