import * as z from "zod";
import { BillingSections } from "./billing.js";
import { CurrencyCode, Id, IsoDate, Price } from "./primitives.js";
import { type Quality, QualityOverlay } from "./quality.js";

/**
 * Catalog format, schema 1 (DESIGN.md "Catalog format"). One zod schema per file kind; TypeScript
 * types are inferred from them and the JSON Schema in `schema/` is generated from them.
 * Every object is strict: an unknown key is an error (with a "did you mean" hint), never dropped.
 */

export const CATALOG_SCHEMA_VERSION = 1;

const SchemaVersion = z.literal(CATALOG_SCHEMA_VERSION, {
  error: `expected schema: ${CATALOG_SCHEMA_VERSION} (this llmcost reads catalog schema 1 to 1)`,
});

const Source = z
  .string()
  .min(1)
  .meta({ description: "Where this figure was read: a URL, optionally with a note (date seen, page section)." });

const Notes = z.string().meta({ description: "Free text: why a figure differs from other sources, caveats." });

/** Long-context tier: a request whose prompt exceeds `above` tokens is billed wholly at this tier. */
export const Tier = z.strictObject({
  above: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: "Prompt tokens above which the whole request uses this tier." }),
  input: Price.optional(),
  output: Price.optional(),
  cached_input: Price.optional(),
  cache_write: Price.optional(),
});

export const OffPeak = z.strictObject({
  multiplier: z.number().positive().max(1).meta({ description: "Price multiplier inside the off-peak window." }),
  hours_utc: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { error: "expected a window written HH:MM-HH:MM (UTC)" })
    .meta({ description: "Off-peak window in UTC, HH:MM-HH:MM." }),
  output_multiplier: z
    .number()
    .positive()
    .max(1)
    .optional()
    .meta({ description: "Multiplier for output tokens when it differs from `multiplier`." }),
});

/** The price keys of a model price entry and of a GPU price entry (rules, lint and diffs use them). */
export const MODEL_PRICE_FIELDS = [
  "input",
  "output",
  "cached_input",
  "cache_write",
  "request",
  "image",
  "audio_input",
  "audio_output",
] as const;
export const GPU_PRICE_FIELDS = ["on_demand", "spot", "reserved_1y", "reserved_3y", "capacity_block"] as const;

/** One entry of an API offering's price history, per 1M tokens unless the key says otherwise. */
export const ModelPrice = z.strictObject({
  from: IsoDate.meta({ description: "First day this entry is in force." }),
  until: IsoDate.optional().meta({
    description: "First day this entry is no longer in force (exclusive). Without a later entry the offering ends.",
  }),
  currency: CurrencyCode.optional().meta({
    description: "Currency of this entry when it differs from the provider's.",
  }),
  input: Price.optional().meta({ description: "Per 1M input tokens." }),
  output: Price.optional().meta({ description: "Per 1M output tokens (reasoning tokens are billed as output)." }),
  cached_input: Price.optional().meta({ description: "Per 1M input tokens read from the prompt cache." }),
  cache_write: Price.optional().meta({ description: "Per 1M input tokens written to the prompt cache." }),
  request: Price.optional().meta({ description: "Per request." }),
  image: Price.optional().meta({ description: "Per image." }),
  audio_input: Price.optional().meta({ description: "Per 1M audio input tokens." }),
  audio_output: Price.optional().meta({ description: "Per 1M audio output tokens." }),
  tiers: z.array(Tier).optional(),
  batch: z
    .number()
    .positive()
    .max(1)
    .optional()
    .meta({ description: "Batch-API multiplier in force with this entry; overrides the offering's `batch`." }),
  off_peak: OffPeak.optional(),
  free: z.boolean().optional().meta({ description: "True for a free offering (priced at 0 on purpose)." }),
  checked: IsoDate.optional().meta({
    description:
      "Last day this entry was seen still in force, unchanged, on a dated source (named in `source`). Freshness only: it never changes which entry is in force.",
  }),
  source: Source.optional(),
  notes: Notes.optional(),
});

export const ModelKind = z.enum([
  "chat",
  "reasoning",
  "embedding",
  "completion",
  "image",
  "audio",
  "rerank",
  "moderation",
]);

export const ApiModel = z.strictObject({
  id: Id.meta({ description: "The provider's own model id." }),
  name: z.string().optional(),
  aliases: z.array(Id).optional(),
  model: Id.optional().meta({
    description: "Architecture key in models.yaml (open-weights models) or a shared model key.",
  }),
  kind: ModelKind.optional().meta({ description: "What the model does; default chat." }),
  family: z.string().optional().meta({ description: "Model family for trend groups, e.g. gpt-4, claude-3.5-sonnet." }),
  tags: z.array(z.string()).optional(),
  context: z.number().int().positive().optional(),
  batch: z.number().positive().max(1).optional().meta({ description: "Batch-API price multiplier, e.g. 0.5." }),
  notes: Notes.optional(),
  prices: z.array(ModelPrice).min(1, { error: "an offering needs at least one price entry" }),
});

export const GpuPrice = z.strictObject({
  from: IsoDate,
  until: IsoDate.optional(),
  currency: CurrencyCode.optional(),
  on_demand: Price.optional().meta({ description: "Per GPU-hour, on demand." }),
  spot: Price.optional().meta({ description: "Per GPU-hour, spot / preemptible." }),
  reserved_1y: Price.optional().meta({ description: "Per GPU-hour, 1-year commitment." }),
  reserved_3y: Price.optional().meta({ description: "Per GPU-hour, 3-year commitment." }),
  capacity_block: Price.optional().meta({
    description: "Per GPU-hour, booked ahead for a fixed block of days and paid up front (e.g. EC2 Capacity Blocks).",
  }),
  checked: IsoDate.optional().meta({
    description:
      "Last day this entry was seen still in force, unchanged, on a dated source (named in `source`). Freshness only: it never changes which entry is in force.",
  }),
  source: Source.optional(),
  notes: Notes.optional(),
});

export const GpuOffer = z.strictObject({
  gpu: Id.meta({ description: "Accelerator key in hardware.yaml." }),
  instance: z.string().optional(),
  gpus_per_instance: z.number().int().positive().optional(),
  region: z.string().optional(),
  grid_gco2_per_kwh: z.number().nonnegative().optional().meta({ description: "Grid carbon intensity of the region." }),
  market_median: z
    .boolean()
    .optional()
    .meta({ description: "True when the price is a marketplace median, not a list price." }),
  sells: z.enum(["gpu", "node", "cluster"]).optional().meta({
    description:
      "What one listing sells: single GPUs, whole nodes, or clusters of nodes on a training fabric. Default: node when gpus_per_instance ≥ 8, else gpu.",
  }),
  fabric: z.enum(["infiniband", "roce", "efa", "ethernet", "none"]).optional().meta({
    description: "Network between nodes; infiniband, roce and efa are training-grade (RDMA).",
  }),
  max_gpus: z.number().int().positive().optional().meta({
    description: "Largest job you can get on this offer with its fabric (one instance when no fabric is given).",
  }),
  cluster_source: Source.optional().meta({ description: "Where sells / fabric / max_gpus were read." }),
  notes: Notes.optional(),
  prices: z.array(GpuPrice).min(1),
});

export const StoragePrice = z.strictObject({
  from: IsoDate,
  until: IsoDate.optional(),
  currency: CurrencyCode.optional(),
  object: Price.optional().meta({ description: "Object storage per GB-month." }),
  block: Price.optional().meta({ description: "Block / network volume storage per GB-month." }),
  source: Source.optional(),
  notes: Notes.optional(),
});

/**
 * A dated, sourced annotation of a provider's price history: a price-war move, a launch, a
 * withdrawal. `trend` shows the events of the offerings it draws (table, chart, SVG). Events never
 * change a price; the prices live in the offerings' histories.
 */
export const EVENT_KINDS = [
  "cut",
  "raise",
  "free",
  "launch",
  "promotion",
  "promotion_end",
  "withdrawal",
  "other",
] as const;
export const PriceEvent = z.strictObject({
  date: IsoDate.meta({
    description: "The day the move took effect (or was announced, when that is all the source gives).",
  }),
  kind: z.enum(EVENT_KINDS).meta({
    description:
      "cut / raise: a list price moved; free: made free; launch: a new offering and its first price; promotion / promotion_end: a time-limited discount starts or ends; withdrawal: the offering stops; other.",
  }),
  offerings: z.array(Id).optional().meta({
    description:
      "This provider's model ids (or aliases) or GPU keys the event concerns; leave out for a provider-wide move.",
  }),
  title: z
    .string()
    .min(1)
    .max(140)
    .meta({ description: 'One line, e.g. "Alibaba cuts Qwen-Long input by 97% (¥20 → ¥0.5 per 1M)".' }),
  tags: z.array(z.string()).optional().meta({ description: "Themes, e.g. china-2024." }),
  source: Source,
  notes: Notes.optional(),
});

export const ProviderInfo = z.strictObject({
  id: Id,
  name: z.string().min(1),
  currency: CurrencyCode.meta({ description: "Default currency of this provider's prices." }),
  source: Source.meta({ description: "The pricing page these prices were read from." }),
  region: z.string().optional(),
  notes: Notes.optional(),
});

export const ProviderFile = z.strictObject({
  schema: SchemaVersion,
  provider: ProviderInfo,
  models: z.array(ApiModel).optional(),
  gpus: z.array(GpuOffer).optional(),
  storage: z.array(StoragePrice).optional(),
  events: z.array(PriceEvent).optional(),
  ...BillingSections,
});

export const Accelerator = z.strictObject({
  id: Id,
  name: z.string(),
  vendor: z.string().optional(),
  memory_gb: z.number().positive(),
  memory_bandwidth_tbs: z.number().positive(),
  tflops: z
    .strictObject({
      fp32: z.number().positive().optional(),
      tf32: z.number().positive().optional(),
      bf16: z.number().positive().optional(),
      fp16: z.number().positive().optional(),
      fp8: z.number().positive().optional(),
      int8: z.number().positive().optional(),
      fp4: z.number().positive().optional(),
      int4: z.number().positive().optional(),
    })
    .meta({ description: "Dense (not sparse) peak TFLOPS (TOPS for int) by precision." }),
  tdp_w: z
    .number()
    .positive()
    .optional()
    .meta({ description: "Board power (TDP) in watts; leave out when the vendor publishes none." }),
  interconnect_gbs: z.number().positive().optional(),
  purchase: z
    .array(
      z.strictObject({
        from: IsoDate,
        server: z.string().meta({ description: "The server bought, e.g. HGX H100 8-GPU." }),
        gpus: z.number().int().positive(),
        price: z.number().positive().meta({ description: "Purchase price of one server, USD." }),
        server_kw: z.number().positive().optional().meta({ description: "Server power at full load, kW." }),
        source: Source,
        notes: Notes.optional(),
      }),
    )
    .optional()
    .meta({ description: "Dated purchase prices of servers with this accelerator (owning, docs/formulas.md)." }),
  scaleout_gbs: z.number().positive().optional().meta({
    description: "Network bandwidth per GPU to other nodes, GB/s (400 Gb/s InfiniBand = 50); default 50.",
  }),
  efficiency: z
    .strictObject({
      compute: z
        .number()
        .positive()
        .max(1)
        .optional()
        .meta({ description: "Share of dense peak reached by serving GEMMs (prefill and decode)." }),
      bandwidth: z
        .number()
        .positive()
        .max(1)
        .optional()
        .meta({ description: "Share of memory bandwidth reached reading weights and KV cache." }),
      network: z
        .number()
        .positive()
        .max(1)
        .optional()
        .meta({ description: "Share of scale-out bandwidth reached by expert-parallel all-to-all across nodes." }),
      prefill: z.number().positive().max(1).optional().meta({ description: "Older name of `compute`." }),
      decode_bandwidth: z.number().positive().max(1).optional().meta({ description: "Older name of `bandwidth`." }),
      decode_compute: z.number().positive().max(1).optional().meta({ description: "No longer used (one `compute`)." }),
      tp_overhead: z.number().nonnegative().max(1).optional().meta({
        description: "Tensor-parallel cost: step time × (1 + tp_overhead · (GPUs of the replica in one node − 1)).",
      }),
      source: Source.optional(),
    })
    .optional()
    .meta({ description: "Serving efficiencies, calibrated against published benchmarks (docs/formulas.md)." }),
  source: Source,
  notes: Notes.optional(),
});

export const HardwareFile = z.strictObject({
  schema: SchemaVersion,
  accelerators: z.array(Accelerator),
});

export const ModelArch = z.strictObject({
  id: Id,
  name: z.string().optional(),
  family: z.string().optional(),
  parameters: z.number().positive().meta({ description: "Total parameters." }),
  active_parameters: z.number().positive().optional().meta({ description: "Parameters active per token (MoE)." }),
  layers: z.number().int().positive(),
  hidden: z.number().int().positive(),
  attention_heads: z.number().int().positive(),
  kv_heads: z.number().int().positive(),
  head_dim: z.number().int().positive(),
  context: z.number().int().positive(),
  kv_lora_rank: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: "MLA compressed KV width (DeepSeek-V2/V3)." }),
  experts_per_token: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: "MoE: routed experts each token is sent to (top-k); sizes expert-parallel traffic." }),
  source: Source,
  notes: Notes.optional(),
});

export const ModelsFile = z.strictObject({
  schema: SchemaVersion,
  models: z.array(ModelArch),
});

export const FxRate = z.strictObject({
  from: IsoDate,
  currency: CurrencyCode,
  per_usd: z.number().positive().meta({ description: "Units of `currency` per 1 USD." }),
  source: Source.optional(),
});

export const FxFile = z.strictObject({
  schema: SchemaVersion,
  base: z.literal("USD"),
  source: Source,
  rates: z.array(FxRate),
});

export const CatalogIndex = z.strictObject({
  schema: SchemaVersion,
  name: z.string(),
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, { error: "expected a CalVer version YYYY.MM.N, e.g. 2026.11.0" }),
  description: z.string().optional(),
  providers: z.string().optional().meta({ description: "Folder of provider files; default providers/." }),
  hardware: z.string().optional(),
  models: z.string().optional(),
  fx: z.string().optional(),
  quality: z
    .string()
    .optional()
    .meta({ description: "Dated, sourced leaderboard snapshots that set model quality classes (docs/quality.md)." }),
});

/**
 * A user overlay (`--catalog FILE`): any subset of the parts, in one file. A plain provider file
 * is accepted too (see load/catalog.ts).
 */
export const OverlayProvider = z.strictObject({
  provider: ProviderInfo.partial({ name: true, currency: true, source: true }),
  models: z.array(ApiModel).optional(),
  gpus: z.array(GpuOffer).optional(),
  storage: z.array(StoragePrice).optional(),
  events: z.array(PriceEvent).optional(),
  ...BillingSections,
});

export const OverlayFile = z.strictObject({
  schema: SchemaVersion,
  base: z.literal("USD").optional(),
  source: Source.optional(),
  providers: z.array(OverlayProvider).optional(),
  accelerators: z.array(Accelerator).optional(),
  models: z.array(ModelArch).optional(),
  rates: z.array(FxRate).optional(),
  quality: QualityOverlay.optional().meta({
    description: "Quality snapshots, class overrides or bands to add (docs/quality.md).",
  }),
});

export type Tier = z.infer<typeof Tier>;
export type ModelPrice = z.infer<typeof ModelPrice>;
export type ApiModel = z.infer<typeof ApiModel>;
export type GpuPrice = z.infer<typeof GpuPrice>;
export type GpuOffer = z.infer<typeof GpuOffer>;
export type StoragePrice = z.infer<typeof StoragePrice>;
export type PriceEvent = z.infer<typeof PriceEvent>;
export type ProviderInfo = z.infer<typeof ProviderInfo>;
export type ProviderFile = z.infer<typeof ProviderFile>;
export type Accelerator = z.infer<typeof Accelerator>;
export type ModelArch = z.infer<typeof ModelArch>;
export type FxRate = z.infer<typeof FxRate>;
export type CatalogIndex = z.infer<typeof CatalogIndex>;
export type OverlayFile = z.infer<typeof OverlayFile>;
export type OverlayProvider = z.infer<typeof OverlayProvider>;
export type CatalogProvider = Omit<ProviderFile, "schema">;

/** The whole catalog as the engine sees it: every provider, accelerator, architecture and rate. */
export interface Catalog {
  name: string;
  version: string;
  digest: string;
  providers: CatalogProvider[];
  accelerators: Accelerator[];
  models: ModelArch[];
  rates: FxRate[];
  /** Quality classes (pricing-data/quality.yaml); absent in catalogs that have none. */
  quality?: Quality;
}
