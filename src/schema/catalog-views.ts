import type { CacheRule, Fee, FineTune, Pack, Plan, Provisioned } from "./billing.js";
import type { Accelerator, ApiModel, GpuOffer, GpuPrice, ModelArch, ModelPrice } from "./catalog.js";
import type { ModelQuality } from "./quality.js";

/**
 * The JSON shapes of the catalog views (`llmcost catalog list|show|diff|stats|validate --format
 * json`): plain data built by the engine (or, for validate, the load layer) and shown by
 * src/report/catalog.ts. Types only: these outputs are not versioned contracts like the estimate.
 */

export interface ListedApi {
  provider: string;
  offering: string;
  aliases: string[];
  model: string | null;
  kind: string;
  currency: string;
  price: ModelPrice;
  source: string;
}

export interface ListedGpu {
  provider: string;
  gpu: string;
  instance: string | null;
  region: string | null;
  currency: string;
  price: GpuPrice;
  source: string;
}

/** `catalog list`: what is priced on a day; `api` absent with --kind gpu, `gpus` with --kind api. */
export interface CatalogListing {
  catalog: { version: string; as_of: string; digest: string };
  api?: ListedApi[];
  gpus?: ListedGpu[];
}

/** `catalog show ID`: every price entry of a model or GPU, with its provider's currency and source. */
/**
 * One provider's billing sections (docs/billing.md) as `catalog show` lists them: for a model, the
 * entries that apply to it; for a provider, all of them. Empty sections are left out.
 */
export interface ShownBilling {
  provider: string;
  currency: string;
  fees?: Fee[];
  packs?: Pack[];
  plans?: Plan[];
  provisioned?: Provisioned[];
  fine_tuning?: FineTune[];
  cache?: CacheRule[];
}

export interface CatalogShow {
  id: string;
  /** Set when the id names a provider (`catalog show alibaba`): its name and how many models it prices. */
  provider?: { id: string; name: string; currency: string; source: string; models: number };
  /** Billing models other than pay-as-you-go per token, per provider (empty: none in the catalog). */
  billing: ShownBilling[];
  architecture: ModelArch | null;
  accelerator: Accelerator | null;
  api: Array<{ provider: string; currency: string; source: string } & ApiModel>;
  gpus: Array<{ provider: string; currency: string; source: string } & GpuOffer>;
  /** The model's quality class on `as_of` (docs/quality.md), or null when nothing classes it. */
  quality: ModelQuality | null;
  /** The day the quality class is for. */
  as_of: string;
}

export type OfferingKind = "api" | "gpu";

export interface DiffOffering {
  kind: OfferingKind;
  provider: string;
  /** Model id for API offerings; `gpu instance region` for GPU offers. */
  offering: string;
  currency: string;
  /** The entry's `from` date (for new: the entry in force on `to`; for ended: the one in force on `from`). */
  since: string;
}

export interface PriceMove {
  kind: OfferingKind;
  provider: string;
  offering: string;
  currency: string;
  field: string;
  before: number;
  after: number;
  /** (after − before) / before; null when before is 0 (a free offering that became paid). */
  change: number | null;
  /** `from` of the entry in force on `to`. */
  since: string;
}

export interface CatalogDiff {
  from: string;
  to: string;
  added: DiffOffering[];
  ended: DiffOffering[];
  moves: PriceMove[];
}

/** `catalog diff --format json`: the catalog it was read from, then the changes. */
export type CatalogDiffReport = { catalog: { version: string; digest: string } } & CatalogDiff;

export interface CatalogStats {
  catalog: { name: string; version: string; digest: string };
  as_of: string;
  providers: { total: number; api: number; gpu: number };
  offerings: { total: number; api: number; gpu: number; by_kind: Record<string, number>; free: number };
  price_points: number;
  dates: { first: string | null; last: string | null };
  currencies: string[];
  /** Offerings whose latest price entry is dated within the 6 months before `as_of`. */
  recent: { since: string; offerings: number; share: number };
  /** Offerings whose newest observation (an entry's `from` or `checked`) is within the 90 days before `as_of`. */
  confirmed_90d: { since: string; offerings: number; share: number };
  accelerators: number;
  architectures: number;
  per_provider: Array<{
    provider: string;
    api: number;
    gpu: number;
    price_points: number;
    currency: string;
    /** The newest observation of any of its prices: an entry's `from` or `checked` date. */
    latest: string | null;
    /** Its offerings confirmed within the 90 days before `as_of` (see `confirmed_90d`). */
    confirmed_90d: { offerings: number; share: number };
  }>;
}

/** A fault or lint warning with its place (the shape of src/errors.ts `Diagnostic`). */
export interface PlacedMessage {
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  path?: string | undefined;
  message: string;
  expected?: string | undefined;
  found?: string | undefined;
  hint?: string | undefined;
}

/** `catalog validate --format json`. */
export interface ValidateReport {
  ok: boolean;
  files: number;
  providers: number;
  offerings: number;
  faults: PlacedMessage[];
  warnings: Array<PlacedMessage & { rule: string }>;
}

/** The lint rules of `catalog validate`, in the order their counts are listed. */
export const LINT_RULES = ["cached-above-input", "output-below-input", "price-jump", "stale"] as const;
