import { looseName, nameHint, resolveModelName } from "../../engine/names.js";
import { sourceOf } from "../../engine/resolve.js";
import { offeringsNamed, snapshot } from "../../engine/snapshot.js";
import { InputError, quoted } from "../../errors.js";
import { closest } from "../../hints.js";
import { textWidth, unitPrice, wrapLines } from "../../report/format.js";
import { type Column, type Row, renderRows } from "../../report/rows.js";
import type { ModelPrice } from "../../schema/catalog.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, providerFlagFaults, renderOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface ListFlags extends CommonFlags {
  kind?: string;
}

const LIST_FORMATS = ["table", "json", "markdown", "csv"] as const;

const p = (n: number | undefined) => (n === undefined ? "" : unitPrice(n));

/** `llmcost catalog list`: what is priced on a day (default today), API offerings and GPU offers. */
export function runCatalogList(flags: ListFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, LIST_FORMATS);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const catalog = catalogFor(io, flags.catalog);
  const kind = flags.kind ?? "all";
  if (!["all", "api", "gpu"].includes(kind))
    throw new InputError({ file: "--kind", message: "unknown kind", expected: "api, gpu or all", found: kind });
  if (format === "csv" && kind === "all")
    throw new InputError({
      file: "--format",
      message: "a CSV file holds one table: API offerings and GPU offers have different columns",
      expected: "--kind api or --kind gpu with --format csv",
      hint: "llmcost catalog list --kind api --format csv > api.csv",
    });
  const providerFaults = providerFlagFaults(catalog, flags.provider);
  if (providerFaults.length) throw new InputError(providerFaults);
  const snap = snapshot(catalog, asOf, flags.provider?.length ? new Set(flags.provider) : undefined);
  const render = renderOptions(io, flags);
  const out: string[] = [];
  const data: Record<string, unknown> = { catalog: { version: catalog.version, as_of: asOf, digest: catalog.digest } };
  if (kind !== "gpu") {
    const cols: Column[] = [
      { key: "provider", title: "provider", max: 14 },
      { key: "offering", title: "offering", max: 34 },
      { key: "input", title: "input", align: "right" },
      { key: "output", title: "output", align: "right" },
      { key: "cached", title: "cached", align: "right" },
      { key: "currency", title: "cur" },
      { key: "from", title: "since" },
    ];
    const rows: Row[] = snap.api.map((r) => ({
      provider: r.provider,
      offering: r.model.id,
      input: r.entry.free ? "free" : p(r.entry.input),
      output: r.entry.free ? "free" : p(r.entry.output),
      cached: p(r.entry.cached_input),
      currency: r.currency,
      from: r.entry.from,
      kind: r.model.kind ?? "chat",
      model: r.model.model ?? "",
      source: r.source,
    }));
    data.api = snap.api.map((r) => ({
      provider: r.provider,
      offering: r.model.id,
      aliases: r.model.aliases ?? [],
      model: r.model.model ?? null,
      kind: r.model.kind ?? "chat",
      currency: r.currency,
      price: r.entry,
      source: r.source,
    }));
    if (format !== "json") {
      if (format === "table") out.push(`API offerings priced on ${asOf} (per 1M tokens)\n`);
      if (format === "markdown") out.push(`#### API offerings priced on ${asOf} (per 1M tokens)\n\n`);
      out.push(
        renderRows(
          format,
          format === "csv"
            ? [
                ...cols,
                { key: "kind", title: "kind" },
                { key: "model", title: "model" },
                { key: "source", title: "source" },
              ]
            : cols,
          rows,
          null,
          render,
        ),
      );
    }
  }
  if (kind !== "api") {
    const cols: Column[] = [
      { key: "provider", title: "provider", max: 14 },
      { key: "gpu", title: "gpu", max: 10 },
      { key: "instance", title: "instance", max: 22 },
      { key: "on_demand", title: "on-demand", align: "right" },
      { key: "spot", title: "spot", align: "right" },
      { key: "reserved_1y", title: "1y", align: "right" },
      { key: "reserved_3y", title: "3y", align: "right" },
      { key: "currency", title: "cur" },
    ];
    const rows: Row[] = snap.gpus.map((r) => ({
      provider: r.provider,
      gpu: r.offer.gpu,
      instance: r.offer.instance ?? "",
      on_demand: p(r.entry.on_demand),
      spot: p(r.entry.spot),
      reserved_1y: p(r.entry.reserved_1y),
      reserved_3y: p(r.entry.reserved_3y),
      currency: r.currency,
      from: r.entry.from,
      source: r.source,
    }));
    data.gpus = snap.gpus.map((r) => ({
      provider: r.provider,
      gpu: r.offer.gpu,
      instance: r.offer.instance ?? null,
      region: r.offer.region ?? null,
      currency: r.currency,
      price: r.entry,
      source: r.source,
    }));
    if (format !== "json") {
      if (format === "table") out.push(`${out.length ? "\n" : ""}GPU offers priced on ${asOf} (per GPU-hour)\n`);
      if (format === "markdown")
        out.push(`${out.length ? "\n" : ""}#### GPU offers priced on ${asOf} (per GPU-hour)\n\n`);
      out.push(
        renderRows(
          format,
          format === "csv" ? [...cols, { key: "from", title: "from" }, { key: "source", title: "source" }] : cols,
          rows,
          null,
          render,
        ),
      );
    }
  }
  if (format === "json") return { stdout: `${JSON.stringify(data, null, 2)}\n` };
  return { stdout: out.join("") };
}

/** `llmcost catalog show ID`: every price entry of a model or GPU, with dates and sources. */
export function runCatalogShow(id: string, flags: CommonFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, ["table", "json"]);
  const catalog = catalogFor(io, flags.catalog);
  const found = offeringsNamed(catalog, id);
  const arch = catalog.models.find((m) => m.id === id.toLowerCase());
  const accel = catalog.accelerators.find((a) => a.id === id.toLowerCase());
  if (!found.api.length && !found.gpus.length && !arch && !accel) {
    const named = resolveModelName(catalog, id);
    const names = new Set<string>();
    for (const pr of catalog.providers) for (const g of pr.gpus ?? []) names.add(g.gpu);
    for (const m of catalog.models) names.add(m.id);
    const ranked = closest(id, [...(named.kind === "unknown" ? named.suggestions : []), ...names], 3, looseName);
    const hint =
      named.kind === "ambiguous"
        ? nameHint(named)
        : ranked.length
          ? `did you mean ${ranked.map((h) => `"${h}"`).join(" or ")}?`
          : undefined;
    throw new InputError({
      file: "ID",
      message:
        named.kind === "ambiguous"
          ? `${quoted(id)} names several models`
          : `nothing in the catalog is called ${quoted(id)}`,
      found: id,
      hint: hint ?? "run 'llmcost catalog list' to see what is priced",
    });
  }
  if (format === "json")
    return {
      stdout: `${JSON.stringify(
        {
          id,
          architecture: arch ?? null,
          accelerator: accel ?? null,
          api: found.api.map(({ provider, model }) => ({
            provider: provider.provider.id,
            currency: provider.provider.currency,
            source: provider.provider.source,
            ...model,
          })),
          gpus: found.gpus.map(({ provider, offer }) => ({
            provider: provider.provider.id,
            currency: provider.provider.currency,
            source: provider.provider.source,
            ...offer,
          })),
        },
        null,
        2,
      )}\n`,
    };
  const out: string[] = [];
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
  for (const { provider, model } of found.api) {
    out.push(
      `${provider.provider.id} ${model.id}${model.aliases?.length ? ` (aliases: ${model.aliases.join(", ")})` : ""}`,
    );
    const extras = [
      model.kind && `kind ${model.kind}`,
      model.context && `context ${model.context}`,
      model.batch && `batch ×${model.batch}`,
      model.model && `architecture ${model.model}`,
    ].filter(Boolean);
    if (extras.length) out.push(`  ${extras.join(", ")}`);
    for (const e of model.prices) {
      out.push(
        `  ${e.from}${e.until ? ` until ${e.until}` : ""}  ${e.currency ?? provider.provider.currency}  ${priceLine(e)}`,
      );
      out.push(`      source: ${sourceOf(provider, e)}`);
      if (e.notes) out.push(`      note: ${e.notes}`);
    }
    if (model.notes) out.push(`  note: ${model.notes}`);
    out.push("");
  }
  for (const { provider, offer } of found.gpus) {
    out.push(
      `${provider.provider.id} ${offer.gpu}${offer.instance ? ` ${offer.instance}` : ""}${offer.region ? ` (${offer.region})` : ""}${offer.market_median ? " [market median]" : ""}`,
    );
    for (const e of offer.prices) {
      const parts = (["on_demand", "spot", "reserved_1y", "reserved_3y"] as const)
        .filter((k) => e[k] !== undefined)
        .map((k) => `${k} ${unitPrice(e[k] as number)}`);
      out.push(
        `  ${e.from}${e.until ? ` until ${e.until}` : ""}  ${e.currency ?? provider.provider.currency}/GPU-h  ${parts.join(", ")}`,
      );
      out.push(`      source: ${sourceOf(provider, e)}`);
    }
    out.push("");
  }
  return { stdout: `${wrapLines(out.join("\n").trimEnd(), textWidth(renderOptions(io, flags).width))}\n` };
}

function priceLine(e: ModelPrice): string {
  if (e.free) return "free";
  const parts: string[] = [];
  for (const k of ["input", "output", "cached_input", "cache_write", "request", "image"] as const)
    if (e[k] !== undefined) parts.push(`${k} ${unitPrice(e[k] as number)}`);
  if (e.batch) parts.push(`batch ×${e.batch}`);
  if (e.off_peak) parts.push(`off-peak ×${e.off_peak.multiplier} ${e.off_peak.hours_utc} UTC`);
  for (const t of e.tiers ?? []) parts.push(`>${t.above} tok: in ${p(t.input)} out ${p(t.output)}`);
  return parts.join(", ");
}

function fmtParams(n: number): string {
  return n >= 1e9
    ? `${Number.parseFloat((n / 1e9).toPrecision(4))}B`
    : `${Number.parseFloat((n / 1e6).toPrecision(4))}M`;
}
