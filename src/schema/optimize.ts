import * as z from "zod";

/**
 * The `llmcost optimize` report, `llmcost: 1` (docs/optimize.md): candidate changes to a workload,
 * each priced by the same engine as `estimate` on the changed workload, ranked by saving per period,
 * and a combined plan of compatible changes. Fields may be added, never renamed or removed.
 */

export const Lever = z.enum([
  "host",
  "batch",
  "off_peak",
  "cache",
  "model",
  "self_host",
  "training_spot",
  "training_gpu",
  "training_mfu",
  "training_region",
]);
export type Lever = z.infer<typeof Lever>;

/** A change to one item of the workload: the fields set (and removed), as the workload file writes them. */
export const Patch = z.object({
  section: z.enum(["inference", "training"]),
  index: z.number().int().nonnegative(),
  item: z.string(),
  set: z.record(z.string(), z.unknown()).meta({ description: "Fields of the item set to these values." }),
  unset: z.array(z.string()).meta({ description: "Fields of the item removed." }),
});
export type Patch = z.infer<typeof Patch>;

export const Evidence = z.object({
  what: z.string().meta({ description: "What the entry shows, e.g. 'groq/llama-3.1-70b-versatile input $0.59/1M'." }),
  source: z.string(),
  date: z.string().nullable().meta({ description: "The entry's date (price `from`, leaderboard snapshot)." }),
});
export type Evidence = z.infer<typeof Evidence>;

export const Suggestion = z.object({
  id: z.number().int().positive().meta({ description: "Rank, 1 = largest saving: what `--apply N` takes." }),
  item: z.string(),
  lever: Lever,
  change: z.string().meta({ description: "What changes, in words." }),
  patch: Patch,
  cost_before: z.number().meta({ description: "The item's cost per period now (one-off for training)." }),
  cost_after: z.number(),
  saving: z.number(),
  saving_pct: z.number().meta({ description: "saving / cost_before × 100." }),
  total_after: z.number().meta({
    description: "The workload's total after this change alone: what `estimate` prints on the `--apply`-ed file.",
  }),
  selected_after: z
    .string()
    .meta({ description: "The option the estimate selects after the change: provider/offering." }),
  tradeoffs: z.array(z.string()).meta({ description: "Latency, quality class, commitment, interruption risk." }),
  evidence: z.array(Evidence),
  co2_kg_saved: z.number().optional().meta({ description: "Training: CO2 saved by the change, kg." }),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const Plan = z.object({
  suggestions: z.array(z.number().int().positive()).meta({ description: "Ids of the compatible changes combined." }),
  patches: z.array(Patch),
  total_before: z.number(),
  total_after: z.number(),
  saving: z.number(),
  saving_pct: z.number(),
});
export type Plan = z.infer<typeof Plan>;

export const OptimizeReport = z.object({
  llmcost: z.literal(1),
  kind: z.literal("optimize"),
  workload: z.string(),
  catalog: z.object({ version: z.string(), as_of: z.string(), digest: z.string() }),
  currency: z.string(),
  period: z.string(),
  total: z.number().meta({ description: "The workload's total now, as `estimate` prints it." }),
  suggestions: z.array(Suggestion),
  plan: Plan,
  notes: z.array(z.string()).meta({ description: "Levers looked at and left out, and why." }),
});
export type OptimizeReport = z.infer<typeof OptimizeReport>;
