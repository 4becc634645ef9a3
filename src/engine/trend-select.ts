import { type Diagnostic, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { Catalog } from "../schema/catalog.js";
import { nameHint, resolveModelName } from "./names.js";
import type { Offering } from "./resolve.js";
import { providerFlagFaults } from "./snapshot.js";
import {
  familyNames,
  GPU_METRICS,
  gpuOfferings,
  METRICS,
  type Metric,
  metricOf,
  offeringsInFamily,
  offeringsNamed,
  offeringsOfProvider,
  type TrendRequest,
} from "./trend.js";

/**
 * Which series `llmcost trend` draws, from the names and groups on its command line, checked
 * against the catalog: unknown names are collected and reported together, each with a suggestion.
 */

/** What selects the series: the MODEL arguments and the group flags. */
export interface TrendSelection {
  provider?: string[] | undefined;
  family?: string[] | undefined;
  cheapestOf?: string[] | undefined;
}

export type SelectedGroup = TrendRequest["groups"][number] & { named: boolean };

const label = (o: Offering) => `${o.provider.provider.id}/${o.model.id}`;

/** The metric asked for (or the default), checked against the kind of series: tokens or GPU-hours. */
export function checkMetricKind(flag: string | undefined, gpu: boolean): Metric {
  const metric = (flag ?? (gpu ? "on_demand" : "blended")) as Metric;
  const allowed = gpu ? GPU_METRICS : METRICS;
  if (!allowed.includes(metric))
    throw new InputError({
      file: "--metric",
      message: gpu ? `${metric} is a token price; GPU offers are priced per GPU-hour` : `${metric} is a GPU price`,
      expected: `one of ${allowed.join(", ")}`,
      found: metric,
    });
  return metric;
}

/**
 * `trend h100-sxm`: when every MODEL is an accelerator key that no API model answers to, one series
 * per GPU offer of it (narrowed by --provider), priced per GPU-hour. Undefined for a token trend.
 * GPU and token series do not share a chart, so a mix is an error.
 */
export function gpuTrend(
  catalog: Catalog,
  models: string[],
  flags: TrendSelection & { preset?: string | undefined },
): { groups: SelectedGroup[]; warnings: string[] } | undefined {
  const isGpu = (m: string) =>
    offeringsNamed(catalog, m).length === 0 && catalog.accelerators.some((a) => a.id === m.toLowerCase());
  const gpus = models.filter(isGpu);
  if (gpus.length === 0) return undefined;
  if (gpus.length < models.length || flags.family?.length || flags.cheapestOf?.length || flags.preset)
    throw new InputError({
      file: "<command line>",
      message: "GPU and token price series do not go together",
      expected: "accelerator keys only (llmcost trend h100-sxm a100-80gb), or model names only",
      found: [
        ...models,
        ...(flags.family ?? []),
        ...(flags.cheapestOf ?? []),
        ...(flags.preset ? [flags.preset] : []),
      ].join(" "),
    });
  const providers = flags.provider ?? [];
  const faults = providerFlagFaults(catalog, providers);
  if (faults.length) throw new InputError(faults);
  const groups: SelectedGroup[] = [];
  for (const g of gpus)
    for (const o of gpuOfferings(catalog, g))
      if (!providers.length || providers.includes(o.provider.provider.id))
        groups.push({
          label: `${o.provider.provider.id}/${o.model.id}`,
          kind: "offering",
          offerings: [o],
          named: false,
        });
  if (groups.length === 0)
    throw new InputError({
      file: "MODEL",
      message: `no GPU offer of ${gpus.join(", ")}${providers.length ? ` at ${providers.join(", ")}` : ""}`,
      expected: "an accelerator key some provider rents out",
      found: gpus.join(", "),
      hint: "list them with 'llmcost catalog list --kind gpu'",
    });
  return { groups, warnings: [] };
}

/**
 * The series to draw: each MODEL (narrowed by --provider when both are given), each --cheapest-of
 * set as one series, every member of each --family, the preset's tag, and every model of a
 * --provider given alone. Group members without the metric in their history are left out, with a
 * warning; a model named on its own is always kept.
 */
export function selectGroups(
  catalog: Catalog,
  models: string[],
  flags: TrendSelection,
  presetTag: string | undefined,
  metric: Metric,
): { groups: SelectedGroup[]; warnings: string[] } {
  const providers = flags.provider ?? [];
  const pick: Picking = { catalog, metric, providers, faults: [], warnings: [], groups: [], seen: new Set() };
  pick.faults.push(...providerFlagFaults(catalog, providers));
  for (const m of models) addEach(pick, named(pick, m, "MODEL"), false);
  for (const set of flags.cheapestOf ?? []) {
    const names = set
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s);
    const offerings = names.flatMap((n) => named(pick, n, "--cheapest-of")).filter((o) => hasMetric(o, metric));
    if (names.length)
      pick.groups.push({ label: `cheapest of ${names.join(", ")}`, kind: "cheapest", offerings, named: true });
  }
  const families = [...(flags.family ?? []), ...(presetTag ? [presetTag] : [])];
  for (const f of families) addFamily(pick, f, f === presetTag);
  if (models.length === 0 && !flags.cheapestOf?.length && families.length === 0)
    for (const p of providers) addEach(pick, offeringsOfProvider(catalog, p), true);
  if (pick.faults.length) throw new InputError(pick.faults);
  if (pick.groups.length === 0)
    throw new InputError({
      file: "<command line>",
      message: "nothing to chart",
      expected: "a MODEL, or --provider, --family, --cheapest-of or --preset",
      hint: "llmcost trend gpt-4o gpt-4o-mini, or llmcost trend --preset china-2024",
    });
  return { groups: pick.groups, warnings: pick.warnings };
}

/** What `selectGroups` gathers as it reads the selection: the groups, each offering once, the faults. */
interface Picking {
  catalog: Catalog;
  metric: Metric;
  /** --provider: narrows each MODEL and each family to these providers. */
  providers: string[];
  faults: Diagnostic[];
  warnings: string[];
  groups: SelectedGroup[];
  /** The labels of the offerings already drawn. */
  seen: Set<string>;
}

const hasMetric = (o: Offering, metric: Metric) => o.model.prices.some((e) => metricOf(e, metric) !== undefined);

/** The offerings a name given to `flag` stands for, narrowed to --provider for a MODEL; a fault if none. */
function named(pick: Picking, arg: string, flag: string): Offering[] {
  const { catalog, providers } = pick;
  let found = offeringsNamed(catalog, arg);
  if (found.length === 0) {
    const resolved = resolveModelName(catalog, arg);
    pick.faults.push({
      file: flag,
      message: resolved.kind === "ambiguous" ? `${quoted(arg)} names several models` : `unknown model ${quoted(arg)}`,
      expected: "a model id, alias, architecture key or provider/model from the catalog",
      found: arg,
      hint:
        (resolved.kind !== "found" ? nameHint(resolved) : undefined) ?? "list the models with 'llmcost catalog list'",
    });
    return [];
  }
  if (providers.length && flag === "MODEL") {
    const narrowed = found.filter((o) => providers.includes(o.provider.provider.id));
    const providerIds = catalog.providers.map((p) => p.provider.id);
    if (narrowed.length === 0 && providers.every((p) => providerIds.includes(p)))
      pick.faults.push({
        file: "--provider",
        message: `${providers.join(", ")} does not offer ${arg}`,
        expected: `one of ${[...new Set(found.map((o) => o.provider.provider.id))].join(", ")}`,
        found: providers.join(", "),
      });
    found = narrowed;
  }
  return found;
}

/**
 * A series per offering not drawn yet. Members of a group (family, provider) without the metric in
 * their history are left out with a warning; an offering named on its own is always drawn.
 */
function addEach(pick: Picking, list: Offering[], group: boolean): void {
  const skipped: string[] = [];
  for (const o of list) {
    if (pick.seen.has(label(o))) continue;
    if (group && !hasMetric(o, pick.metric)) {
      skipped.push(label(o));
      continue;
    }
    pick.seen.add(label(o));
    pick.groups.push({ label: label(o), kind: "offering", offerings: [o], named: !group });
  }
  if (skipped.length) pick.warnings.push(`left out (no ${pick.metric} price): ${skipped.join(", ")}`);
}

/** Every member of a --family (or the preset's tag), narrowed to --provider; a fault if a family has none. */
function addFamily(pick: Picking, f: string, fromPreset: boolean): void {
  const { catalog, providers } = pick;
  const list = offeringsInFamily(catalog, f).filter(
    (o) => !providers.length || providers.includes(o.provider.provider.id),
  );
  if (list.length === 0 && !fromPreset)
    pick.faults.push({
      file: "--family",
      message: `no model has the family or tag ${quoted(f)}`,
      expected: "a catalog `family` or `tags` value",
      found: f,
      hint: didYouMean(f, familyNames(catalog)),
    });
  addEach(pick, list, true);
}
