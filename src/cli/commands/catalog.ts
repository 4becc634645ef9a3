import { looseName, nameHint, resolveModelName } from "../../engine/names.js";
import { qualityView } from "../../engine/quality.js";
import { catalogListing, catalogShow, providerFlagFaults } from "../../engine/snapshot.js";
import { InputError, quoted } from "../../errors.js";
import { closest } from "../../hints.js";
import { renderReport } from "../../lib/render.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, reportOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface ListFlags extends CommonFlags {
  kind?: string;
}

/** `llmcost catalog list`: what is priced on a day (default today), API offerings and GPU offers. */
export async function runCatalogList(flags: ListFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-list", flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const catalog = catalogFor(io, flags.catalog);
  const kind = flags.kind ?? "all";
  if (kind !== "all" && kind !== "api" && kind !== "gpu")
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
  const data = catalogListing(catalog, asOf, kind, flags.provider?.length ? new Set(flags.provider) : undefined);
  return { stdout: await renderReport("catalog-list", data, format, reportOptions(io, flags)) };
}

/**
 * `llmcost catalog show ID`: every price entry of a model or GPU, with dates and sources, and the
 * billing sections that apply to it (packs, plans, provisioned, fees, fine-tuning, cache); for a
 * provider id, the provider and all its billing sections (docs/billing.md).
 */
export async function runCatalogShow(id: string, flags: CommonFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-show", flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const catalog = catalogFor(io, flags.catalog);
  const data = catalogShow(catalog, id, asOf);
  if (!data) {
    const named = resolveModelName(catalog, id);
    const names = new Set<string>();
    for (const pr of catalog.providers) for (const g of pr.gpus ?? []) names.add(g.gpu);
    for (const m of catalog.models) names.add(m.id);
    for (const pr of catalog.providers) names.add(pr.provider.id);
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
      hint: hint ?? "run 'llmcost catalog list' to see what is priced (an ID is a model, GPU or provider)",
    });
  }
  return { stdout: await renderReport("catalog-show", data, format, reportOptions(io, flags)) };
}

export interface QualityFlags extends CommonFlags {
  all?: boolean;
}

/** `llmcost catalog quality`: every scored model's class on the snapshot in force at --as-of (all with --all). */
export async function runCatalogQuality(flags: QualityFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-quality", flags.format);
  const asOf = checkDate("--as-of", flags.asOf) ?? io.today;
  const data = qualityView(catalogFor(io, flags.catalog), asOf, flags.all === true);
  return { stdout: await renderReport("catalog-quality", data, format, reportOptions(io, flags)) };
}
