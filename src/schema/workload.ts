import * as z from "zod";
import { CurrencyCode, Id, IsoDate, NonNegative, Quantity, refersTo, Share } from "./primitives.js";
import { QualityClass } from "./quality-class.js";
import { fineTuneFaults, inferenceFaults, peakFaults, type RuleFault, workloadFaults } from "./workload-rules.js";

/** Ids of catalog entries, each a distinct schema so the JSON Schema can suggest the right list. */
const ProviderId = () => refersTo(Id.meta({ description: "A provider id, e.g. openai." }), "provider");
const GpuId = (description = "Accelerator key in hardware.yaml, e.g. h100-sxm.") =>
  refersTo(Id.meta({ description }), "gpu");

/**
 * Workload format, `llmcost: 1` (DESIGN.md "Workload format"). `z.input` is what users write
 * ("15T", "60%"); `z.output` is what the loader hands on to be normalised into per-period numbers.
 */

export const WORKLOAD_VERSION = 1;

/**
 * Most of this format is built on first use: a workload's schema is ~300 zod schemas, and building
 * them all was a tenth of a cold `estimate` (docs/performance.md). Each item kind and each optional
 * block is made by a function called once, and reached through `z.lazy`, which calls it when a value
 * gets there (or when the JSON Schema is generated). Validation, messages and the generated JSON
 * Schema are those of the same schemas built at import.
 */
function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/**
 * The rules across fields are plain functions (./workload-rules.ts), shared with the fast reader of
 * valid workloads (src/load/workload-fast.ts); a `superRefine` here only reports what they find.
 */
function addFaults(ctx: z.RefinementCtx, faults: RuleFault[]): void {
  for (const f of faults) ctx.addIssue({ code: "custom", message: f.message, path: f.path });
}

export const Period = z.enum(["day", "month", "year"]);
const precision = once(() => z.enum(["fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"]));
const pricingModel = once(() => z.enum(["on_demand", "spot", "reserved_1y", "reserved_3y", "capacity_block"]));

const positive = once(() => NonNegative.refine((n) => n > 0, { error: "expected a number > 0" }));

/** An architecture given inline, for a model that is not in models.yaml. */
const inlineArchitecture = once(() =>
  z.strictObject({
    parameters: Quantity,
    active_parameters: Quantity.optional(),
    layers: z.number().int().positive().optional(),
    hidden: z.number().int().positive().optional(),
    attention_heads: z.number().int().positive().optional(),
    kv_heads: z.number().int().positive().optional(),
    head_dim: z.number().int().positive().optional(),
    context: z.number().int().positive().optional(),
  }),
);

/** Owning the servers (`"via": "own"`): each figure overrides the default named in the option's notes. */
const own = once(() =>
  z
    .strictObject({
      server: z
        .string()
        .optional()
        .meta({ description: "A purchase entry's server in hardware.yaml; default: the latest in force." }),
      utilization: Share.optional().meta({
        description: "Share of the owned servers' hours doing work; default 0.7 (training) or self_host.utilization.",
      }),
      grid_usd_per_kwh: NonNegative.optional(),
      pue: z.number().min(1).optional(),
      colo_usd_per_kw_month: NonNegative.optional(),
      lifetime_years: z.number().positive().optional(),
      cost_of_capital: z.number().min(0).max(1).optional(),
    })
    .meta({ description: 'Also price owning the servers; figures default to docs/formulas.md "Rent versus own".' }),
);

const selfHost = once(() =>
  z.strictObject({
    gpu: GpuId(),
    precision: precision().default("bf16"),
    kv_precision: precision().optional().meta({
      description: "KV-cache precision; default: the weights' precision (at least fp8).",
    }),
    utilization: Share.default(0.6).meta({ description: "Average load relative to peak throughput." }),
    pricing: pricingModel().default("on_demand"),
    providers: z.array(ProviderId()).optional().meta({ description: "Only these GPU clouds." }),
    price_per_gpu_hour: NonNegative.optional().meta({
      description: "Your own GPU-hour price, instead of the catalog.",
    }),
    architecture: z.lazy(inlineArchitecture).optional().meta({
      description: "The model's architecture when it is not in models.yaml.",
    }),
    max_batch: z.number().int().positive().optional().meta({
      description: "Most sequences a replica runs at once (vLLM max_num_seqs); default 512 per GPU of the replica.",
    }),
    ttft_ms: z.number().positive().optional().meta({
      description: "Latency limit: time to first token, milliseconds (MLPerf Llama 2 70B server: 2000).",
    }),
    tpot_ms: z.number().positive().optional().meta({
      description: "Latency limit: time per output token, milliseconds (MLPerf server: 200; interactive: 40).",
    }),
    tokens_per_second_per_user: z.number().positive().optional().meta({
      description: "Latency limit as a streaming speed: TPOT = 1000 / this, milliseconds.",
    }),
    own: z.lazy(own).optional(),
  }),
);

/**
 * The item's peak load, for provisioned throughput (PTUs, model units, GSUs), which is sized for the
 * peak, not the average. One of: peak requests per minute, peak tokens (input + output) per minute,
 * or a peak-to-average ratio.
 */
const peak = once(() =>
  z
    .strictObject({
      requests_per_minute: Quantity.optional(),
      tokens_per_minute: Quantity.optional().meta({ description: "Input + output tokens per minute at the peak." }),
      ratio: z
        .number()
        .min(1, { error: "a peak-to-average ratio is at least 1 (the peak is not below the average)" })
        .optional()
        .meta({ description: "Peak load ÷ average load, e.g. 3." }),
    })
    .superRefine((p, ctx) => addFaults(ctx, peakFaults(p))),
);

/** An explicit context cache kept over the period (Gemini context caching bills storage per token-hour). */
const cacheStorage = once(() =>
  z.strictObject({
    tokens: Quantity.meta({ description: 'Tokens held in the cache ("200k").' }),
    hours: NonNegative.optional().meta({
      description: "Hours the cache is kept over the period; default the whole period (730 a month).",
    }),
  }),
);

/** Whether a person waits for an item's answers (docs/optimize.md). */
const latency = once(() => z.enum(["interactive", "flexible"]));

const inferenceItem = once(() =>
  z
    .strictObject({
      name: z.string().min(1),
      model: refersTo(z.string().min(1).meta({ description: "Catalog model id, alias or architecture key." }), "model"),
      providers: z
        .array(ProviderId())
        .optional()
        .meta({ description: "Only these providers; default: every provider offering the model." }),
      requests_per_day: Quantity.optional(),
      requests_per_month: Quantity.optional(),
      requests: Quantity.optional().meta({ description: "Requests over the whole period." }),
      input_tokens: Quantity.default(0).meta({ description: "Input tokens per request (average)." }),
      output_tokens: Quantity.default(0).meta({ description: "Output tokens per request (average)." }),
      reasoning_tokens: Quantity.default(0).meta({ description: "Reasoning tokens per request, billed as output." }),
      cached_input: Share.default(0).meta({ description: "Share of input tokens read from the prompt cache." }),
      cache_write: Share.default(0).meta({ description: "Share of input tokens written to the prompt cache." }),
      off_peak: Share.default(0).meta({
        description: "Share of requests sent in the provider's off-peak window, where it has one.",
      }),
      batch: z.boolean().default(false).meta({ description: "Send through the batch API where the provider has one." }),
      self_host: z.lazy(selfHost).optional(),
      usage: z.record(z.string(), NonNegative).optional().meta({
        description:
          "Billed tools and modalities per request, by the catalog fee id: {web_search: 2, code_interpreter: 0.1} (docs/billing.md).",
      }),
      peak: z.lazy(peak).optional().meta({ description: "Peak load, for provisioned throughput." }),
      cache_ttl: z.enum(["5m", "1h"]).optional().meta({
        description:
          "How long cache writes live: 5m (default) or 1h, which Anthropic bills at 2× input instead of 1.25× (docs/billing.md).",
      }),
      cache_storage: z.lazy(cacheStorage).optional().meta({
        description: "Tokens kept in an explicit context cache over the period, billed per token-hour (Gemini).",
      }),
      latency: latency().default("interactive").meta({
        description:
          "interactive: a person waits for the answer; flexible: it can wait hours (batch APIs, off-peak windows and spot GPUs become options for `llmcost optimize`).",
      }),
      repeated_prefix: Share.optional().meta({
        description:
          "Share of input tokens that is a prefix repeated across requests (system prompt, tools, documents): what prompt caching could serve (`llmcost optimize`).",
      }),
    })
    .superRefine((item, ctx) => addFaults(ctx, inferenceFaults(item))),
);

const checkpoints = once(() =>
  z.strictObject({
    size_gb: NonNegative,
    count: z.number().int().nonnegative(),
    months: NonNegative,
  }),
);

const energy = once(() =>
  z.strictObject({
    pue: z.number().min(1).max(3).optional(),
    grid_gco2_per_kwh: NonNegative.optional(),
    power_w: positive().optional(),
  }),
);

/** A training size (tokens, flops): 0 would price every option at 0, so it is refused. */
const positiveQuantity = once(() => Quantity.refine((n) => n > 0, { error: "expected more than 0" }));

const trainingItem = once(() =>
  z.strictObject({
    name: z.string().min(1),
    model: z.union([refersTo(z.string().min(1), "architecture"), z.lazy(inlineArchitecture)]).meta({
      description: "models.yaml key, or inline {parameters, active_parameters}.",
    }),
    method: z.enum(["full", "lora"]).default("full"),
    tokens: positiveQuantity().optional().meta({ description: "Tokens per epoch." }),
    epochs: positive().default(1),
    gpu: GpuId(),
    gpus: z.number().int({ error: "expected a whole number of GPUs" }).positive({ error: "expected at least 1 GPU" }),
    mfu: positive()
      .refine((n) => n <= 1, { error: "mfu is a share of peak: expected a number in (0, 1]" })
      .optional(),
    precision: precision().default("bf16"),
    pricing: pricingModel().default("on_demand"),
    providers: z.array(ProviderId()).optional(),
    price_per_gpu_hour: NonNegative.optional(),
    flops: positiveQuantity().optional().meta({
      description: "Total training FLOPs, instead of 6·N_active·tokens·epochs.",
    }),
    checkpoints: z.lazy(checkpoints).optional(),
    energy: z.lazy(energy).optional(),
    own: z.lazy(own).optional(),
    lora: z
      .strictObject({ rank: z.number().int().positive().optional(), trainable_share: Share.optional() })
      .optional(),
  }),
);

/**
 * An API fine-tuning job (`kind: fine_tune` in the output): training tokens × epochs at the training
 * price, hosting per hour where the provider charges it, and inference at the fine-tuned rates.
 */
const fineTuneItem = once(() =>
  z
    .strictObject({
      name: z.string().min(1),
      model: refersTo(
        z.string().min(1).meta({ description: "The base model fine-tuned (catalog id or alias)." }),
        "model",
      ),
      providers: z.array(ProviderId()).optional(),
      training_tokens: positiveQuantity().meta({ description: "Tokens in the training file (per epoch)." }),
      epochs: positive().default(1),
      hosting_hours: NonNegative.optional().meta({
        description: "Hours the fine-tuned model stays deployed over the period; default the whole period.",
      }),
      requests_per_day: Quantity.optional(),
      requests_per_month: Quantity.optional(),
      requests: Quantity.optional().meta({ description: "Requests over the whole period." }),
      input_tokens: Quantity.default(0),
      output_tokens: Quantity.default(0),
      cached_input: Share.default(0),
      one_off: z.boolean().default(false).meta({
        description: "Price the training only (a one-off quote): no hosting, no inference.",
      }),
    })
    .superRefine((item, ctx) => addFaults(ctx, fineTuneFaults(item))),
);

const budget = once(() =>
  z.strictObject({
    total: NonNegative.optional().meta({ description: "Limit per period, in the report currency." }),
    items: z.record(z.string(), NonNegative).optional().meta({ description: "Per-item limits, by item name." }),
  }),
);

export const Workload = z
  .strictObject({
    llmcost: z.literal(WORKLOAD_VERSION, {
      error: "expected llmcost: 1 (this llmcost reads workload format 1 to 1)",
    }),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    as_of: IsoDate.optional().meta({ description: "Price date; default today." }),
    currency: CurrencyCode.default("USD"),
    period: Period.default("month"),
    inference: z.array(z.lazy(inferenceItem)).default([]),
    training: z.array(z.lazy(trainingItem)).default([]),
    fine_tune: z.array(z.lazy(fineTuneItem)).default([]),
    budget: z.lazy(budget).optional(),
    quality_classes: z.record(z.string(), QualityClass).optional().meta({
      description:
        "Your own quality class per model (model id or alias → frontier | strong | mid | basic): overrides the catalog's leaderboard classes for `llmcost optimize`'s model switches (docs/optimize.md).",
    }),
  })
  .superRefine((w, ctx) => addFaults(ctx, workloadFaults(w)));

export type WorkloadInput = z.input<typeof Workload>;
export type Workload = z.output<typeof Workload>;
export type InferenceItem = z.output<ReturnType<typeof inferenceItem>>;
export type TrainingItem = z.output<ReturnType<typeof trainingItem>>;
export type FineTuneItem = z.output<ReturnType<typeof fineTuneItem>>;
export type Peak = z.output<ReturnType<typeof peak>>;
export type SelfHost = z.output<ReturnType<typeof selfHost>>;
export type InlineArchitecture = z.output<ReturnType<typeof inlineArchitecture>>;
export type Period = z.output<typeof Period>;
export type Latency = z.output<ReturnType<typeof latency>>;
export type Precision = z.output<ReturnType<typeof precision>>;
export type PricingModel = z.output<ReturnType<typeof pricingModel>>;
