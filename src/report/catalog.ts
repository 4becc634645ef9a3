import type { ModelPrice } from "../schema/catalog.js";
import type {
  CatalogDiff,
  CatalogDiffReport,
  CatalogListing,
  CatalogShow,
  CatalogStats,
} from "../schema/catalog-views.js";
import { percent, textWidth, unitPrice, wrap, wrapLines } from "./format.js";
import { renderJsonValue } from "./json.js";
import { qualityLines } from "./quality.js";
import type { ReportOptions } from "./registry.js";
import { type Column, type Row, renderRows } from "./rows.js";

/**
 * Renderers of the catalog views (`llmcost catalog list|show|diff|stats`). The data comes from the
 * engine (src/engine/snapshot.ts, catalog-diff.ts, catalog-stats.ts); these only lay it out.
 */

const p = (n: number | undefined) => (n === undefined ? "" : unitPrice(n));

// ---- catalog list ----

const API_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "offering", title: "offering", max: 34 },
  { key: "input", title: "input", align: "right" },
  { key: "output", title: "output", align: "right" },
  { key: "cached", title: "cached", align: "right" },
  { key: "currency", title: "cur" },
  { key: "from", title: "since" },
];

const GPU_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "gpu", title: "gpu", max: 10 },
  { key: "instance", title: "instance", max: 22 },
  { key: "on_demand", title: "on-demand", align: "right" },
  { key: "spot", title: "spot", align: "right" },
  { key: "reserved_1y", title: "1y", align: "right" },
  { key: "reserved_3y", title: "3y", align: "right" },
  { key: "currency", title: "cur" },
];

export function listApiRows(data: CatalogListing): Row[] {
  return (data.api ?? []).map((r) => ({
    provider: r.provider,
    offering: r.offering,
    input: r.price.free ? "free" : p(r.price.input),
    output: r.price.free ? "free" : p(r.price.output),
    cached: p(r.price.cached_input),
    currency: r.currency,
    from: r.price.from,
    kind: r.kind,
    model: r.model ?? "",
    source: r.source,
  }));
}

export function listGpuRows(data: CatalogListing): Row[] {
  return (data.gpus ?? []).map((r) => ({
    provider: r.provider,
    gpu: r.gpu,
    instance: r.instance ?? "",
    on_demand: p(r.price.on_demand),
    spot: p(r.price.spot),
    reserved_1y: p(r.price.reserved_1y),
    reserved_3y: p(r.price.reserved_3y),
    currency: r.currency,
    from: r.price.from,
    source: r.source,
  }));
}

export const LIST_API_COLUMNS = API_COLS;
export const LIST_GPU_COLUMNS = GPU_COLS;

function renderList(format: "table" | "markdown" | "csv", data: CatalogListing, opts: ReportOptions): string {
  const asOf = data.catalog.as_of;
  const out: string[] = [];
  if (data.api) {
    if (format === "table") out.push(`API offerings priced on ${asOf} (per 1M tokens)\n`);
    if (format === "markdown") out.push(`#### API offerings priced on ${asOf} (per 1M tokens)\n\n`);
    const cols =
      format === "csv"
        ? [
            ...API_COLS,
            { key: "kind", title: "kind" },
            { key: "model", title: "model" },
            { key: "source", title: "source" },
          ]
        : API_COLS;
    out.push(renderRows(format, cols, listApiRows(data), null, opts));
  }
  if (data.gpus) {
    if (format === "table") out.push(`${out.length ? "\n" : ""}GPU offers priced on ${asOf} (per GPU-hour)\n`);
    if (format === "markdown")
      out.push(`${out.length ? "\n" : ""}#### GPU offers priced on ${asOf} (per GPU-hour)\n\n`);
    const cols =
      format === "csv" ? [...GPU_COLS, { key: "from", title: "from" }, { key: "source", title: "source" }] : GPU_COLS;
    out.push(renderRows(format, cols, listGpuRows(data), null, opts));
  }
  return out.join("");
}

export const renderListTable = (d: CatalogListing, o: ReportOptions) => renderList("table", d, o);
export const renderListMarkdown = (d: CatalogListing, o: ReportOptions) => renderList("markdown", d, o);
export const renderListCsv = (d: CatalogListing, o: ReportOptions) => renderList("csv", d, o);

// ---- catalog show ----

export function priceLine(e: ModelPrice): string {
  if (e.free) return "free";
  const parts: string[] = [];
  for (const k of ["input", "output", "cached_input", "cache_write", "request", "image"] as const)
    if (e[k] !== undefined) parts.push(`${k} ${unitPrice(e[k] as number)}`);
  if (e.batch) parts.push(`batch ×${e.batch}`);
  if (e.off_peak) parts.push(`off-peak ×${e.off_peak.multiplier} ${e.off_peak.hours_utc} UTC`);
  for (const t of e.tiers ?? []) parts.push(`>${t.above} tok: in ${p(t.input)} out ${p(t.output)}`);
  return parts.join(", ");
}

export function fmtParams(n: number): string {
  return n >= 1e9
    ? `${Number.parseFloat((n / 1e9).toPrecision(4))}B`
    : `${Number.parseFloat((n / 1e6).toPrecision(4))}M`;
}

export const GPU_PRICE_KEYS = ["on_demand", "spot", "reserved_1y", "reserved_3y"] as const;

export const renderShowTable = (s: CatalogShow, opts: ReportOptions): string => {
  const out: string[] = [];
  const arch = s.architecture;
  const accel = s.accelerator;
  if (arch)
    out.push(
      `${arch.id}: ${fmtParams(arch.parameters)} parameters${arch.active_parameters ? ` (${fmtParams(arch.active_parameters)} active)` : ""}, ${arch.layers} layers, hidden ${arch.hidden}, ${arch.attention_heads} heads / ${arch.kv_heads} KV heads × ${arch.head_dim}, context ${arch.context}`,
      `  source: ${arch.source}`,
      "",
    );
  if (accel)
    out.push(
      `${accel.id}: ${accel.name}, ${accel.memory_gb} GB at ${accel.memory_bandwidth_tbs} TB/s, ${accel.tdp_w === undefined ? "power not published" : `${accel.tdp_w} W`}; dense TFLOPS ${Object.entries(
        accel.tflops,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
      `  source: ${accel.source}`,
      "",
    );
  if (s.api.length || arch) out.push(...qualityLines(s.quality, s.as_of), "");
  for (const model of s.api) {
    out.push(`${model.provider} ${model.id}${model.aliases?.length ? ` (aliases: ${model.aliases.join(", ")})` : ""}`);
    const extras = [
      model.kind && `kind ${model.kind}`,
      model.context && `context ${model.context}`,
      model.batch && `batch ×${model.batch}`,
      model.model && `architecture ${model.model}`,
    ].filter(Boolean);
    if (extras.length) out.push(`  ${extras.join(", ")}`);
    for (const e of model.prices) {
      out.push(`  ${e.from}${e.until ? ` until ${e.until}` : ""}  ${e.currency ?? model.currency}  ${priceLine(e)}`);
      out.push(`      source: ${e.source ?? model.source}`);
      if (e.notes) out.push(`      note: ${e.notes}`);
    }
    if (model.notes) out.push(`  note: ${model.notes}`);
    out.push("");
  }
  for (const offer of s.gpus) {
    out.push(
      `${offer.provider} ${offer.gpu}${offer.instance ? ` ${offer.instance}` : ""}${offer.region ? ` (${offer.region})` : ""}${offer.market_median ? " [market median]" : ""}`,
    );
    for (const e of offer.prices) {
      const parts = GPU_PRICE_KEYS.filter((k) => e[k] !== undefined).map((k) => `${k} ${unitPrice(e[k] as number)}`);
      out.push(
        `  ${e.from}${e.until ? ` until ${e.until}` : ""}  ${e.currency ?? offer.currency}/GPU-h  ${parts.join(", ")}`,
      );
      out.push(`      source: ${e.source ?? offer.source}`);
    }
    out.push("");
  }
  return `${wrapLines(out.join("\n").trimEnd(), textWidth(opts.width))}\n`;
};

// ---- catalog diff ----

export const OFFERING_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "kind", title: "kind" },
  { key: "offering", title: "offering", max: 40 },
  { key: "currency", title: "cur" },
  { key: "since", title: "since" },
];

export const MOVE_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "offering", title: "offering", max: 34 },
  { key: "field", title: "price" },
  { key: "before", title: "before", align: "right" },
  { key: "after", title: "after", align: "right" },
  { key: "change", title: "change", align: "right" },
  { key: "currency", title: "cur" },
  { key: "since", title: "since" },
];

export function moveRows(diff: CatalogDiff): Row[] {
  return diff.moves.map((m) => ({
    provider: m.provider,
    offering: m.offering,
    field: m.field,
    before: unitPrice(m.before),
    after: unitPrice(m.after),
    change: m.change === null ? "was free" : percent(m.change),
    currency: m.currency,
    since: m.since,
  }));
}

function renderCatalogDiff(diff: CatalogDiff, format: "table" | "markdown", opts: ReportOptions): string {
  const md = format === "markdown";
  const head = (s: string) => (md ? `\n## ${s}\n\n` : `\n${s}\n`);
  const out: string[] = [];
  out.push(
    md
      ? `# Catalog changes from ${diff.from} to ${diff.to}\n`
      : `Catalog changes from ${diff.from} to ${diff.to}: ${diff.added.length} new, ${diff.ended.length} ended, ${diff.moves.length} price move(s)\n`,
  );
  if (md) out.push(`\n${diff.added.length} new, ${diff.ended.length} ended, ${diff.moves.length} price move(s).\n`);
  const offeringRows = (list: CatalogDiff["added"]): Row[] => list.map((o) => ({ ...o }));
  if (diff.added.length) {
    out.push(head(`New offerings (${diff.added.length})`));
    out.push(renderRows(format, OFFERING_COLS, offeringRows(diff.added), null, opts));
  }
  if (diff.ended.length) {
    out.push(head(`Ended offerings (${diff.ended.length})`));
    out.push(renderRows(format, OFFERING_COLS, offeringRows(diff.ended), null, opts));
  }
  if (diff.moves.length) {
    out.push(head(`Price moves (${diff.moves.length}), per 1M tokens or per GPU-hour`));
    out.push(renderRows(format, MOVE_COLS, moveRows(diff), null, opts));
  }
  if (!diff.added.length && !diff.ended.length && !diff.moves.length) out.push("\nNo changes.\n");
  return out.join("");
}

export const renderCatalogDiffTable = (d: CatalogDiffReport, o: ReportOptions) => renderCatalogDiff(d, "table", o);
export const renderCatalogDiffMarkdown = (d: CatalogDiffReport, o: ReportOptions) =>
  renderCatalogDiff(d, "markdown", o);

// ---- catalog stats ----

/** A share as "78%", without the sign `percent` gives changes. */
function pct(share: number): string {
  return percent(share).replace("+", "");
}

export interface StatsView {
  stats: CatalogStats;
  /** List each provider's counts and freshness (the default; --no-providers leaves them out); JSON always has them. */
  providers: boolean;
}

/** The key/value rows of the stats table: [label, value]. */
export function statsRows(s: CatalogStats): Row[] {
  const kinds = Object.entries(s.offerings.by_kind)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  return [
    { k: "catalog", v: `${s.catalog.name} ${s.catalog.version}` },
    { k: "providers", v: `${s.providers.total} (${s.providers.api} API, ${s.providers.gpu} GPU clouds)` },
    {
      k: "offerings",
      v: `${s.offerings.total} (${s.offerings.api} API: ${kinds}; ${s.offerings.free} free; ${s.offerings.gpu} GPU offers)`,
    },
    { k: "price points", v: String(s.price_points) },
    { k: "date span", v: s.dates.first ? `${s.dates.first} .. ${s.dates.last}` : "none" },
    { k: "currencies", v: s.currencies.join(", ") },
    {
      k: "priced in last 6 months",
      v: `${s.recent.offerings} of ${s.offerings.total} offerings (${pct(s.recent.share)}) since ${s.recent.since}`,
    },
    {
      k: "confirmed in 90 days",
      v: `${s.confirmed_90d.offerings} of ${s.offerings.total} offerings (${pct(s.confirmed_90d.share)}) since ${s.confirmed_90d.since}`,
    },
    { k: "accelerators", v: String(s.accelerators) },
    { k: "architectures", v: String(s.architectures) },
  ];
}

export const PROVIDER_COLS: Column[] = [
  { key: "provider", title: "provider" },
  { key: "api", title: "API", align: "right" },
  { key: "gpu", title: "GPU", align: "right" },
  { key: "price_points", title: "prices", align: "right" },
  { key: "currency", title: "cur" },
  { key: "latest", title: "newest confirmation" },
  { key: "fresh", title: "confirmed in 90 days", align: "right" },
];

export function providerRows(s: CatalogStats): Row[] {
  return s.per_provider.map((p) => ({
    provider: p.provider,
    api: String(p.api),
    gpu: String(p.gpu),
    price_points: String(p.price_points),
    currency: p.currency,
    latest: p.latest ?? "",
    fresh: `${p.confirmed_90d.offerings} (${pct(p.confirmed_90d.share)})`,
  }));
}

function renderStats(view: StatsView, format: "table" | "markdown", opts: ReportOptions): string {
  const s = view.stats;
  const rows = statsRows(s);
  const cols: Column[] = [
    { key: "k", title: "" },
    { key: "v", title: `as of ${s.as_of}`, max: 200 },
  ];
  let out = renderRows(format, cols, rows, null, { ...opts, width: 240 });
  if (format === "table") out = wrapValues(out, Math.max(...rows.map((r) => (r.k ?? "").length)) + 2, opts.width);
  if (view.providers) out += `\n${renderRows(format, PROVIDER_COLS, providerRows(s), null, opts)}`;
  return out;
}

/** Wrap the over-long values of a two-column key/value table under their own column (starting at `col`). */
function wrapValues(table: string, col: number, columns: number): string {
  const width = textWidth(columns);
  return table
    .split("\n")
    .map((l) => {
      if ([...l].length <= width) return l;
      const lines = wrap(l.slice(col), width, " ".repeat(col));
      return l.slice(0, col) + lines.slice(col);
    })
    .join("\n");
}

export const renderStatsTable = (v: StatsView, o: ReportOptions) => renderStats(v, "table", o);
export const renderStatsMarkdown = (v: StatsView, o: ReportOptions) => renderStats(v, "markdown", o);
export const renderStatsJson = (v: StatsView) => renderJsonValue(v.stats);
