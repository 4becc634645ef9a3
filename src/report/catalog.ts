import { GPU_PRICE_FIELDS, type ModelPrice } from "../schema/catalog.js";
import type {
  CatalogDiff,
  CatalogDiffReport,
  CatalogListing,
  CatalogShow,
  CatalogStats,
} from "../schema/catalog-views.js";
import { billingMarkdown, billingTextLines } from "./catalog-billing.js";
import { cells, percent, textWidth, unitPrice, wrap, wrapLines } from "./format.js";
import { renderJsonValue } from "./json.js";
import { type Phrases, phrases } from "./labels.js";
import { qualityLines } from "./quality.js";
import type { ReportOptions } from "./registry.js";
import { type Column, type Row, renderRows } from "./rows.js";

/**
 * Renderers of the catalog views (`llmcost catalog list|show|diff|stats`). The data comes from the
 * engine (src/engine/snapshot.ts, catalog-diff.ts, catalog-stats.ts); these only lay it out.
 */

const p = (n: number | undefined) => (n === undefined ? "" : unitPrice(n));

const EN = phrases("en");

/** Column titles in the report's language; CSV heads its columns with the keys, never translated. */
const titled = (cols: Column[], t: Phrases): Column[] => cols.map((c) => ({ ...c, title: t(c.title) }));

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

export function listApiRows(data: CatalogListing, t: Phrases = EN): Row[] {
  return (data.api ?? []).map((r) => ({
    provider: r.provider,
    offering: r.offering,
    input: r.price.free ? t("free") : p(r.price.input),
    output: r.price.free ? t("free") : p(r.price.output),
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
    capacity_block: p(r.price.capacity_block),
    currency: r.currency,
    from: r.price.from,
    source: r.source,
  }));
}

export const LIST_API_COLUMNS = API_COLS;
export const LIST_GPU_COLUMNS = GPU_COLS;

function renderList(format: "table" | "markdown" | "csv", data: CatalogListing, opts: ReportOptions): string {
  // CSV is read by programs: its cells stay English whatever --lang says.
  const t = format === "csv" ? EN : phrases(opts.lang);
  const asOf = data.catalog.as_of;
  const out: string[] = [];
  if (data.api) {
    const head = t("API offerings priced on {date} (per 1M tokens)", { date: asOf });
    if (format === "table") out.push(`${head}\n`);
    if (format === "markdown") out.push(`#### ${head}\n\n`);
    const cols =
      format === "csv"
        ? [
            ...API_COLS,
            { key: "kind", title: "kind" },
            { key: "model", title: "model" },
            { key: "source", title: "source" },
          ]
        : titled(API_COLS, t);
    out.push(renderRows(format, cols, listApiRows(data, t), null, opts));
  }
  if (data.gpus) {
    const head = t("GPU offers priced on {date} (per GPU-hour)", { date: asOf });
    if (format === "table") out.push(`${out.length ? "\n" : ""}${head}\n`);
    if (format === "markdown") out.push(`${out.length ? "\n" : ""}#### ${head}\n\n`);
    const rows = listGpuRows(data);
    // AWS's Capacity Block offers hold only that price: its column, where a listed offer has one
    // (in CSV always, last, so the other columns keep their places).
    const block = { key: "capacity_block", title: "block", align: "right" } as const;
    const shown = rows.some((r) => r.capacity_block !== "")
      ? [...GPU_COLS.slice(0, 7), block, ...GPU_COLS.slice(7)]
      : GPU_COLS;
    const cols =
      format === "csv"
        ? [
            ...GPU_COLS,
            { key: "from", title: "from" },
            { key: "source", title: "source" },
            { key: "capacity_block", title: "capacity_block" },
          ]
        : titled(shown, t);
    out.push(renderRows(format, cols, rows, null, opts));
  }
  return out.join("");
}

export const renderListTable = (d: CatalogListing, o: ReportOptions) => renderList("table", d, o);
export const renderListMarkdown = (d: CatalogListing, o: ReportOptions) => renderList("markdown", d, o);
export const renderListCsv = (d: CatalogListing, o: ReportOptions) => renderList("csv", d, o);

// ---- catalog show ----

export function priceLine(e: ModelPrice, t: Phrases = EN): string {
  if (e.free) return t("free");
  const parts: string[] = [];
  for (const k of ["input", "output", "cached_input", "cache_write", "request", "image"] as const)
    if (e[k] !== undefined) parts.push(`${t(k)} ${unitPrice(e[k] as number)}`);
  if (e.batch) parts.push(`${t("batch")} ×${e.batch}`);
  if (e.off_peak) parts.push(`${t("off-peak")} ×${e.off_peak.multiplier} ${e.off_peak.hours_utc} UTC`);
  for (const tier of e.tiers ?? [])
    parts.push(
      t(">{above} tok: in {input} out {output}", { above: tier.above, input: p(tier.input), output: p(tier.output) }),
    );
  return parts.join(t(", "));
}

export function fmtParams(n: number): string {
  return n >= 1e9
    ? `${Number.parseFloat((n / 1e9).toPrecision(4))}B`
    : `${Number.parseFloat((n / 1e6).toPrecision(4))}M`;
}

/**
 * Every GPU price a catalog entry may hold, in the schema's order: `capacity_block` included (AWS's
 * Capacity Block offers hold only that one, and showed an empty price list).
 */
export const GPU_PRICE_KEYS = GPU_PRICE_FIELDS;

/** The model architecture's line and its source. */
function architectureLines(arch: NonNullable<CatalogShow["architecture"]>, t: Phrases): string[] {
  const active = arch.active_parameters ? t(" ({n} active)", { n: fmtParams(arch.active_parameters) }) : "";
  return [
    `${arch.id}: ${t("{params} parameters{active}, {layers} layers, hidden {hidden}, {heads} heads / {kv} KV heads × {dim}, context {context}", { params: fmtParams(arch.parameters), active, layers: arch.layers, hidden: arch.hidden, heads: arch.attention_heads, kv: arch.kv_heads, dim: arch.head_dim, context: arch.context })}`,
    t("  source: {source}", { source: arch.source }),
    "",
  ];
}

/** The accelerator's line and its source. */
function acceleratorLines(accel: NonNullable<CatalogShow["accelerator"]>, t: Phrases): string[] {
  const power = accel.tdp_w === undefined ? t("power not published") : `${accel.tdp_w} W`;
  const tflops = Object.entries(accel.tflops)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    `${accel.id}: ${t("{name}, {memory} GB at {bandwidth} TB/s, {power}; dense TFLOPS {tflops}", { name: accel.name, memory: accel.memory_gb, bandwidth: accel.memory_bandwidth_tbs, power, tflops })}`,
    t("  source: {source}", { source: accel.source }),
    "",
  ];
}

/** One API model: its id and aliases, its facts, then every dated price entry with its source. */
function apiModelLines(model: CatalogShow["api"][number], t: Phrases): string[] {
  const out: string[] = [];
  const aliases = model.aliases?.length ? t(" (aliases: {list})", { list: model.aliases.join(", ") }) : "";
  out.push(`${model.provider} ${model.id}${aliases}`);
  const extras = [
    model.kind && `${t("kind")} ${model.kind}`,
    model.context && `${t("context")} ${model.context}`,
    model.batch && `${t("batch")} ×${model.batch}`,
    model.model && `${t("architecture")} ${model.model}`,
  ].filter(Boolean);
  if (extras.length) out.push(`  ${extras.join(t(", "))}`);
  for (const e of model.prices) {
    const until = e.until ? t(" until {date}", { date: e.until }) : "";
    out.push(`  ${e.from}${until}  ${e.currency ?? model.currency}  ${priceLine(e, t)}`);
    out.push(t("      source: {source}", { source: e.source ?? model.source }));
    if (e.notes) out.push(t("      note: {text}", { text: e.notes }));
  }
  if (model.notes) out.push(t("  note: {text}", { text: model.notes }));
  out.push("");
  return out;
}

/** One GPU offer: provider, accelerator, instance, region, then every dated price entry. */
function gpuOfferLines(offer: CatalogShow["gpus"][number], t: Phrases): string[] {
  const out: string[] = [];
  out.push(
    `${offer.provider} ${offer.gpu}${offer.instance ? ` ${offer.instance}` : ""}${offer.region ? ` (${offer.region})` : ""}${offer.market_median ? t(" [market median]") : ""}`,
  );
  for (const e of offer.prices) {
    const parts = GPU_PRICE_KEYS.filter((k) => e[k] !== undefined).map((k) => `${t(k)} ${unitPrice(e[k] as number)}`);
    const until = e.until ? t(" until {date}", { date: e.until }) : "";
    out.push(`  ${e.from}${until}  ${e.currency ?? offer.currency}/GPU-h  ${parts.join(t(", "))}`);
    out.push(t("      source: {source}", { source: e.source ?? offer.source }));
    if (e.notes) out.push(t("      note: {text}", { text: e.notes }));
  }
  if (offer.notes) out.push(t("  note: {text}", { text: offer.notes }));
  out.push("");
  return out;
}

export const renderShowTable = (s: CatalogShow, opts: ReportOptions): string => {
  const t = phrases(opts.lang);
  const out: string[] = [];
  if (s.provider)
    out.push(
      `${s.provider.id}: ${s.provider.name}, prices in ${s.provider.currency}, ${s.provider.models} models`,
      `  source: ${s.provider.source}`,
      "",
    );
  if (s.architecture) out.push(...architectureLines(s.architecture, t));
  if (s.accelerator) out.push(...acceleratorLines(s.accelerator, t));
  if (s.api.length || s.architecture) out.push(...qualityLines(s.quality, s.as_of, t), "");
  for (const model of s.api) out.push(...apiModelLines(model, t));
  for (const offer of s.gpus) out.push(...gpuOfferLines(offer, t));
  out.push(...billingTextLines(s, t));
  return `${wrapLines(out.join("\n").trimEnd(), textWidth(opts.width))}\n`;
};

const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The notes of an offering's dated entries (`- from: note`), then its own, as a list after its table. */
function mdNotes(
  entries: ReadonlyArray<{ from: string; notes?: string | undefined }>,
  own: string | undefined,
): string[] {
  const lines = entries.flatMap((e) => (e.notes ? [`- ${e.from}: ${mdCell(e.notes)}`] : []));
  if (own) lines.push(`- ${mdCell(own)}`);
  return lines.length ? [...lines, ""] : [];
}

/** `catalog show --format markdown`: the price history of each offering, then its billing sections. */
export const renderShowMarkdown = (s: CatalogShow): string => {
  const out: string[] = [`# ${mdCell(s.id)}`, ""];
  if (s.provider)
    out.push(
      `${s.provider.name}: prices in ${s.provider.currency}, ${s.provider.models} models (source: ${mdCell(s.provider.source)}).`,
      "",
    );
  for (const m of s.api) {
    out.push(`## ${m.provider} ${m.id}`, "", "| from | until | currency | prices | source |", "|---|---|---|---|---|");
    for (const e of m.prices)
      out.push(
        `| ${e.from} | ${e.until ?? ""} | ${e.currency ?? m.currency} | ${mdCell(priceLine(e))} | ${mdCell(e.source ?? m.source)} |`,
      );
    out.push("", ...mdNotes(m.prices, m.notes));
  }
  for (const o of s.gpus) {
    out.push(
      `## ${o.provider} ${o.gpu}${o.instance ? ` ${o.instance}` : ""}`,
      "",
      "| from | until | currency | prices | source |",
      "|---|---|---|---|---|",
    );
    for (const e of o.prices) {
      const parts = GPU_PRICE_KEYS.filter((k) => e[k] !== undefined).map((k) => `${k} ${unitPrice(e[k] as number)}`);
      out.push(
        `| ${e.from} | ${e.until ?? ""} | ${e.currency ?? o.currency}/GPU-h | ${parts.join(", ")} | ${mdCell(e.source ?? o.source)} |`,
      );
    }
    out.push("", ...mdNotes(o.prices, o.notes));
  }
  out.push(...billingMarkdown(s));
  return `${out.join("\n").trimEnd()}\n`;
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

export function moveRows(diff: CatalogDiff, t: Phrases = EN): Row[] {
  return diff.moves.map((m) => ({
    provider: m.provider,
    offering: m.offering,
    field: t(m.field),
    before: unitPrice(m.before),
    after: unitPrice(m.after),
    change: m.change === null ? t("was free") : percent(m.change),
    currency: m.currency,
    since: m.since,
  }));
}

function renderCatalogDiff(diff: CatalogDiff, format: "table" | "markdown", opts: ReportOptions): string {
  const t = phrases(opts.lang);
  const md = format === "markdown";
  const head = (s: string) => (md ? `\n## ${s}\n\n` : `\n${s}\n`);
  const out: string[] = [];
  const span = { from: diff.from, to: diff.to };
  const counts = t("{added} new, {ended} ended, {moves} price move(s)", {
    added: diff.added.length,
    ended: diff.ended.length,
    moves: diff.moves.length,
  });
  out.push(
    md
      ? `# ${t("Catalog changes from {from} to {to}", span)}\n`
      : `${t("Catalog changes from {from} to {to}: {counts}", { ...span, counts })}\n`,
  );
  if (md) out.push(`\n${counts}.\n`);
  const offeringRows = (list: CatalogDiff["added"]): Row[] => list.map((o) => ({ ...o }));
  if (diff.added.length) {
    out.push(head(`${t("New offerings")} (${diff.added.length})`));
    out.push(renderRows(format, titled(OFFERING_COLS, t), offeringRows(diff.added), null, opts));
  }
  if (diff.ended.length) {
    out.push(head(`${t("Ended offerings")} (${diff.ended.length})`));
    out.push(renderRows(format, titled(OFFERING_COLS, t), offeringRows(diff.ended), null, opts));
  }
  if (diff.moves.length) {
    out.push(head(t("Price moves ({n}), per 1M tokens or per GPU-hour", { n: diff.moves.length })));
    out.push(renderRows(format, titled(MOVE_COLS, t), moveRows(diff, t), null, opts));
  }
  if (!diff.added.length && !diff.ended.length && !diff.moves.length) out.push(`\n${t("No changes.")}\n`);
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
export function statsRows(s: CatalogStats, t: Phrases = EN): Row[] {
  const kinds = Object.entries(s.offerings.by_kind)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  const share = (n: number, part: number, since: string) =>
    t("{n} of {total} offerings ({share}) since {date}", {
      n,
      total: s.offerings.total,
      share: pct(part),
      date: since,
    });
  return [
    { k: t("catalog"), v: `${s.catalog.name} ${s.catalog.version}` },
    {
      k: t("providers"),
      v: t("{total} ({api} API, {gpu} GPU clouds)", {
        total: s.providers.total,
        api: s.providers.api,
        gpu: s.providers.gpu,
      }),
    },
    {
      k: t("offerings"),
      v: t("{total} ({api} API: {kinds}; {free} free; {gpu} GPU offers)", {
        total: s.offerings.total,
        api: s.offerings.api,
        kinds,
        free: s.offerings.free,
        gpu: s.offerings.gpu,
      }),
    },
    { k: t("price points"), v: String(s.price_points) },
    { k: t("date span"), v: s.dates.first ? `${s.dates.first} .. ${s.dates.last}` : t("none") },
    { k: t("currencies"), v: s.currencies.join(", ") },
    { k: t("priced in last 6 months"), v: share(s.recent.offerings, s.recent.share, s.recent.since) },
    {
      k: t("confirmed in 90 days"),
      v: share(s.confirmed_90d.offerings, s.confirmed_90d.share, s.confirmed_90d.since),
    },
    { k: t("accelerators"), v: String(s.accelerators) },
    { k: t("architectures"), v: String(s.architectures) },
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
  const t = phrases(opts.lang);
  const s = view.stats;
  const rows = statsRows(s, t);
  const cols: Column[] = [
    { key: "k", title: "" },
    { key: "v", title: t("as of {date}", { date: s.as_of }), max: 200 },
  ];
  let out = renderRows(format, cols, rows, null, { ...opts, width: 240 });
  if (format === "table") out = wrapValues(out, Math.max(...rows.map((r) => cells(r.k ?? ""))) + 2, opts.width);
  if (view.providers) out += `\n${renderRows(format, titled(PROVIDER_COLS, t), providerRows(s), null, opts)}`;
  return out;
}

/**
 * Wrap the over-long values of a two-column key/value table under their own column (starting at
 * `col` display cells: a Chinese key takes two a character).
 */
function wrapValues(table: string, col: number, columns: number): string {
  const width = textWidth(columns);
  return table
    .split("\n")
    .map((l) => {
      if (cells(l) <= width) return l;
      const key = keyPart(l, col);
      const lines = wrap(l.slice(key.length), width, " ".repeat(col));
      return key + lines.slice(col);
    })
    .join("\n");
}

/** The start of `line` that takes `col` display cells (the key column and its gap). */
function keyPart(line: string, col: number): string {
  let w = 0;
  let i = 0;
  for (const ch of line) {
    if (w >= col) break;
    w += cells(ch);
    i += ch.length;
  }
  return line.slice(0, i);
}

export const renderStatsTable = (v: StatsView, o: ReportOptions) => renderStats(v, "table", o);
export const renderStatsMarkdown = (v: StatsView, o: ReportOptions) => renderStats(v, "markdown", o);
export const renderStatsJson = (v: StatsView) => renderJsonValue(v.stats);
