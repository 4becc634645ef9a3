import { readdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { z } from "zod";
import { type Diagnostic, InputError, quoted } from "../errors.js";
import {
  type Accelerator,
  type Catalog,
  CatalogIndex,
  type CatalogProvider,
  FxFile,
  type FxRate,
  HardwareFile,
  type ModelArch,
  ModelsFile,
  OverlayFile,
  type OverlayProvider,
  ProviderFile,
} from "../schema/catalog.js";
import {
  type Quality,
  QualityFile,
  type QualityOverlay,
  type QualityOverride,
  type QualitySnapshot,
} from "../schema/quality.js";
import { readTextFile } from "./files.js";
import { sha256 } from "./hash.js";
import { qualityFaults, qualityKeySet } from "./quality-rules.js";
import { acceleratorFaults, fxFaults, modelArchFaults, providerFaults, type RefSets } from "./rules.js";
import { type Located, parseYaml, positionOf, zodDiagnostics } from "./yaml.js";

/**
 * Loading catalogs: the embedded `pricing-data/` directory (validated at build time), and user
 * overlays (`--catalog FILE`, `LLMCOST_CATALOG`) merged on top, later wins per provider and offering.
 */

type Reader = (path: string) => string;

function parseWith<S extends z.ZodType>(src: Located, schema: S, faults: Diagnostic[]): z.output<S> | undefined {
  const r = schema.safeParse(src.data);
  if (r.success) return r.data;
  faults.push(...zodDiagnostics(src, r.error, schema));
  return undefined;
}

function parseFile(path: string, label: string, read: Reader, faults: Diagnostic[]): Located | undefined {
  try {
    return parseYaml(label, read(path));
  } catch (e) {
    if (e instanceof InputError) {
      faults.push(...e.diagnostics.map((d) => ({ ...d, file: d.file === path ? label : d.file })));
      return undefined;
    }
    throw e;
  }
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Parsed files, kept so that validate/lint can place warnings. */
  files: Array<{ src: Located; kind: "provider" | "hardware" | "models" | "fx" | "quality" | "index"; data: unknown }>;
}

/** Load and check a catalog directory (the one `catalog.yaml` describes). Throws InputError with every fault. */
export function loadCatalogDir(dir: string, read: Reader = readTextFile, labelBase = dir): LoadedCatalog {
  const faults: Diagnostic[] = [];
  const label = (p: string) => join(labelBase, relative(dir, p));
  const files: LoadedCatalog["files"] = [];
  const indexSrc = parseFile(join(dir, "catalog.yaml"), label(join(dir, "catalog.yaml")), read, faults);
  const index = indexSrc ? parseWith(indexSrc, CatalogIndex, faults) : undefined;
  if (!index) throw new InputError(faults);
  const outside = pathsOutside(indexSrc as Located, dir, index);
  if (outside.length) throw new InputError(outside);
  files.push({ src: indexSrc as Located, kind: "index", data: index });

  const load: Load = (rel, schema, kind) => {
    const p = join(dir, rel);
    const src = parseFile(p, label(p), read, faults);
    const data = src ? parseWith(src, schema, faults) : undefined;
    if (src && data) files.push({ src, kind, data });
    return { src, data };
  };
  const hw = load(index.hardware ?? "hardware.yaml", HardwareFile, "hardware");
  const arch = load(index.models ?? "models.yaml", ModelsFile, "models");
  const fx = load(index.fx ?? "fx.yaml", FxFile, "fx");
  // Quality classes are optional: a catalog without `quality:` has none (docs/quality.md).
  const qual = index.quality === undefined ? undefined : load(index.quality, QualityFile, "quality");
  const providers = loadProviders(dir, index.providers ?? "providers", load, label, faults);
  const accelerators = hw.data?.accelerators ?? [];
  const models = arch.data?.models ?? [];
  const rates = fx.data?.rates ?? [];
  const refs = refSets(accelerators, models, rates);
  if (hw.src) faults.push(...acceleratorFaults(hw.src, hw.src.file, ["accelerators"], accelerators));
  if (arch.src) faults.push(...modelArchFaults(arch.src, arch.src.file, ["models"], models));
  if (fx.src) faults.push(...fxFaults(fx.src, fx.src.file, ["rates"], rates));
  if (qual?.src && qual.data)
    faults.push(
      ...qualityFaults(
        qual.src,
        qual.src.file,
        [],
        qual.data,
        qualityKeySet(
          providers.map((p) => p.data),
          models,
        ),
      ),
    );
  faults.push(...providerFileFaults(providers, refs));
  if (faults.length) throw new InputError(faults);
  const catalog: Catalog = {
    name: index.name,
    version: index.version,
    digest: "",
    providers: providers.map((p) => p.data).sort((a, b) => cmp(a.provider.id, b.provider.id)),
    accelerators,
    models,
    rates: sortRates(rates),
  };
  if (qual?.data)
    catalog.quality = { bands: qual.data.bands, snapshots: qual.data.snapshots, overrides: qual.data.overrides ?? [] };
  catalog.digest = digestOf(catalog);
  return { catalog, files };
}

type FileKind = LoadedCatalog["files"][number]["kind"];
type Load = <S extends z.ZodType>(
  rel: string,
  schema: S,
  kind: FileKind,
) => { src: Located | undefined; data: z.output<S> | undefined };
type ProviderSource = { src: Located; data: CatalogProvider };

/** Every `.yaml`/`.yml` file of the providers folder, in name order, read and checked by its schema. */
function loadProviders(dir: string, rel: string, load: Load, label: (p: string) => string, faults: Diagnostic[]) {
  const provDir = join(dir, rel);
  let names: string[] = [];
  try {
    names = readdirSync(provDir)
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
      .sort();
  } catch {
    faults.push({ file: label(provDir), message: "providers folder cannot be read" });
  }
  const providers: ProviderSource[] = [];
  for (const n of names) {
    const r = load(join(rel, n), ProviderFile, "provider");
    if (r.src && r.data) {
      const { schema: _s, ...rest } = r.data;
      providers.push({ src: r.src, data: rest });
    }
  }
  return providers;
}

/** Each provider file's own faults (providerFaults), then a provider id used by two files. */
function providerFileFaults(providers: ProviderSource[], refs: ReturnType<typeof refSets>): Diagnostic[] {
  const faults: Diagnostic[] = [];
  const ids = new Map<string, string>();
  for (const { src, data } of providers) {
    faults.push(...providerFaults(src, src.file, data, refs));
    const prior = ids.get(data.provider.id);
    if (prior)
      faults.push({
        file: src.file,
        path: "provider.id",
        message: `duplicate provider id ${quoted(data.provider.id)}`,
        found: `also in ${prior}`,
      });
    ids.set(data.provider.id, src.file);
  }
  return faults;
}

/**
 * catalog.yaml names its parts by path. They must stay inside the catalog's folder: a catalog passed
 * as an overlay (`--catalog dir/catalog.yaml`) must not make llmcost read, and quote back in its
 * error messages, files elsewhere (`hardware: /etc/passwd`, `providers: ../..`).
 */
function pathsOutside(src: Located, dir: string, index: CatalogIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of ["providers", "hardware", "models", "fx", "quality"] as const) {
    const v = index[key];
    if (v === undefined) continue;
    const rel = relative(resolve(dir), resolve(dir, v));
    if (isAbsolute(v) || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      out.push({
        file: src.file,
        ...positionOf(src, [key]),
        path: key,
        message: "the path leaves the catalog's folder",
        expected: "a path relative to catalog.yaml, inside its folder",
        found: JSON.stringify(v),
        hint: "copy the file into the catalog folder; a catalog may only read its own files",
      });
  }
  return out;
}

export function refSets(accelerators: Accelerator[], models: ModelArch[], rates: FxRate[]): RefSets {
  return {
    hardware: new Set(accelerators.map((a) => a.id)),
    models: new Set(models.map((m) => m.id)),
    currencies: new Set(rates.map((r) => r.currency)),
  };
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRates(rates: FxRate[]): FxRate[] {
  return [...rates].sort((a, b) => cmp(a.currency, b.currency) || cmp(a.from, b.from));
}

/** sha256 of the catalog's canonical JSON (without the digest itself). */
export function digestOf(c: Catalog): string {
  const { digest: _d, ...rest } = c;
  return `sha256:${sha256().update(JSON.stringify(rest)).digest("hex")}`;
}

/** What one overlay file adds: parsed, checked against the catalog it lands on. */
export interface Overlay {
  file: string;
  providers: OverlayProvider[];
  accelerators: Accelerator[];
  models: ModelArch[];
  rates: FxRate[];
  /** Quality snapshots, overrides or bands (docs/quality.md). */
  quality?: QualityOverlay | undefined;
}

/**
 * Read one overlay file. It may be a provider file (`provider:` at the top), an overlay bundle
 * (`providers:`, `accelerators:`, `models:`, `rates:`, `quality:`), hardware.yaml / models.yaml / fx.yaml,
 * quality.yaml (`snapshots:` at the top), or a whole catalog directory's `catalog.yaml`.
 */
export function loadOverlay(path: string, read: Reader = readTextFile): Overlay {
  const faults: Diagnostic[] = [];
  const src = parseYaml(path, read(path));
  const data = src.data;
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new InputError({
      file: path,
      line: 1,
      col: 1,
      message: "not a catalog file",
      expected: "a mapping with schema: 1 and provider:, providers:, accelerators:, models: or rates:",
      found: data === null ? "an empty file" : Array.isArray(data) ? "a list" : typeof data,
    });
  const rec = data as Record<string, unknown>;
  if ("version" in rec && "name" in rec) {
    // The catalog's other files are read from its folder: callers pass a reader that gives this
    // file's text (what they already read), which once gave catalog.yaml's text for hardware.yaml
    // and every provider file ("pd/hardware.yaml:4:1: name: unknown field").
    const self = resolve(path);
    const readPart: Reader = (p) => (resolve(p) === self ? read(path) : readTextFile(p));
    const dir = loadCatalogDir(dirname(path), readPart).catalog;
    return {
      file: path,
      providers: dir.providers,
      accelerators: dir.accelerators,
      models: dir.models,
      rates: dir.rates,
      quality: dir.quality,
    };
  }
  if ("snapshots" in rec) {
    const q = parseWith(src, QualityFile, faults);
    if (!q) throw new InputError(faults);
    const ov: Overlay = { file: path, providers: [], accelerators: [], models: [], rates: [], quality: q };
    overlaySources.set(ov, { src, base: () => [], quality: [] });
    return ov;
  }
  if ("provider" in rec) {
    const p = parseWith(src, ProviderFile, faults);
    if (!p) throw new InputError(faults);
    const { schema: _s, ...rest } = p;
    const ov: Overlay = { file: path, providers: [rest], accelerators: [], models: [], rates: [] };
    overlaySources.set(ov, { src, base: () => [] });
    return ov;
  }
  const o = parseWith(src, OverlayFile, faults);
  if (!o) throw new InputError(faults);
  const ov: Overlay = {
    file: path,
    providers: o.providers ?? [],
    accelerators: o.accelerators ?? [],
    models: o.models ?? [],
    rates: o.rates ?? [],
    quality: o.quality,
  };
  overlaySources.set(ov, { src, base: (i) => ["providers", i], quality: ["quality"] });
  return ov;
}

/** Where each overlay's providers sit in its file, so rule faults can be placed. */
const overlaySources = new WeakMap<
  Overlay,
  { src: Located; base: (i: number) => Array<string | number>; quality?: Array<string | number> }
>();

/**
 * Merge overlays onto a catalog, in order; later wins per provider and offering. A provider the
 * overlay does not name is untouched. Checks the overlay's references against the merged result.
 */
export function mergeCatalog(base: Catalog, overlays: Overlay[], overlayTexts: string[] = []): Catalog {
  if (overlays.length === 0) return base;
  const providers = new Map(base.providers.map((p) => [p.provider.id, p] as const));
  const accelerators = new Map(base.accelerators.map((a) => [a.id, a] as const));
  const models = new Map(base.models.map((m) => [m.id, m] as const));
  const rates = new Map(base.rates.map((r) => [`${r.currency}|${r.from}`, r] as const));
  const faults: Diagnostic[] = [];
  for (const ov of overlays) {
    for (const a of ov.accelerators) accelerators.set(a.id, a);
    for (const m of ov.models) models.set(m.id, m);
    for (const r of ov.rates) rates.set(`${r.currency}|${r.from}`, r);
  }
  const refs = refSets([...accelerators.values()], [...models.values()], [...rates.values()]);
  for (const ov of overlays) {
    const placed = overlaySources.get(ov);
    const seen = new Map<string, number>();
    ov.providers.forEach((op, i) => {
      faults.push(...providerFaults(placed?.src, ov.file, op, refs, placed?.base(i) ?? []));
      const first = seen.get(op.provider.id);
      if (first !== undefined)
        faults.push({
          file: ov.file,
          path: `providers[${i}].provider.id`,
          message: `provider ${quoted(op.provider.id)} is listed twice in this overlay (first at providers[${first}])`,
          hint: "merge the two entries into one: the second would silently add to or replace the first",
        });
      else seen.set(op.provider.id, i);
      const prior = providers.get(op.provider.id);
      const reread = prior ? rereadByCurrency(prior, op) : undefined;
      if (reread)
        faults.push({
          file: ov.file,
          path: `providers[${i}].provider.currency`,
          message: `changing ${quoted(op.provider.id)}'s currency from ${prior?.provider.currency} to ${op.provider.currency} would re-read ${reread.length} price list(s) this overlay does not restate as ${op.provider.currency} (e.g. ${reread.slice(0, 3).join(", ")})`,
          expected: `currency: ${prior?.provider.currency}, or every offering of the provider restated`,
          found: `currency: ${op.provider.currency}`,
          hint: "to add prices in another currency, give those price entries their own `currency:`; to move the provider, restate all its offerings",
        });
      if (!prior) {
        const missing = (["name", "currency", "source"] as const).filter((k) => op.provider[k] === undefined);
        if (missing.length) {
          faults.push({
            file: ov.file,
            path: `providers[${i}].provider`,
            message: `new provider ${quoted(op.provider.id)} needs ${missing.join(", ")}`,
            hint: "a provider that is not in the catalog must give its name, currency and pricing-page source",
          });
          return;
        }
      }
      providers.set(op.provider.id, mergeProvider(prior, op));
    });
  }
  const mergedProviders = [...providers.values()].sort((a, b) => cmp(a.provider.id, b.provider.id));
  const quality = mergeQuality(base.quality, overlays, qualityKeySet(mergedProviders, [...models.values()]), faults);
  if (faults.length) throw new InputError(faults);
  const merged: Catalog = {
    name: base.name,
    version: base.version,
    digest: "",
    providers: mergedProviders,
    accelerators: [...accelerators.values()],
    models: [...models.values()],
    rates: sortRates([...rates.values()]),
  };
  if (quality) merged.quality = quality;
  const h = sha256().update(base.digest);
  for (const t of overlayTexts) h.update(t);
  if (overlayTexts.length === 0) h.update(JSON.stringify(overlays));
  merged.digest = `sha256:${h.digest("hex")}`;
  return merged;
}

/**
 * Quality data after the overlays, in order: snapshots and overrides add up (a snapshot with the same
 * date, leaderboard and metric, or an override of the same model from the same day, replaces the
 * earlier one); an overlay's `bands` replace the default bands. Each overlay's keys are checked
 * against the merged catalog, so an overlay may class a model it adds.
 */
function mergeQuality(
  base: Quality | undefined,
  overlays: readonly Overlay[],
  known: Set<string>,
  faults: Diagnostic[],
): Quality | undefined {
  if (!base && !overlays.some((o) => o.quality)) return undefined;
  let bands = base?.bands;
  const snaps = new Map<string, QualitySnapshot>(
    (base?.snapshots ?? []).map((s) => [`${s.date}|${s.leaderboard}|${s.metric}`, s] as const),
  );
  const overrides = new Map<string, QualityOverride>(
    (base?.overrides ?? []).map((o) => [`${o.model.toLowerCase()}|${o.from}`, o] as const),
  );
  for (const ov of overlays) {
    const q = ov.quality;
    if (!q) continue;
    const placed = overlaySources.get(ov);
    faults.push(...qualityFaults(placed?.src, ov.file, placed?.quality ?? ["quality"], q, known));
    if (q.bands) bands = q.bands;
    for (const s of q.snapshots ?? []) {
      const k = `${s.date}|${s.leaderboard}|${s.metric}`;
      snaps.delete(k);
      snaps.set(k, s);
    }
    for (const o of q.overrides ?? []) {
      const k = `${o.model.toLowerCase()}|${o.from}`;
      overrides.delete(k);
      overrides.set(k, o);
    }
  }
  if (!bands) {
    if (snaps.size)
      faults.push({
        file: overlays.find((o) => o.quality?.snapshots?.length)?.file,
        path: "quality.bands",
        message: "quality snapshots need bands, and this catalog has none",
        hint: "add `bands: {frontier: 50, strong: 100, mid: 175}` (docs/quality.md) to the overlay's quality",
      });
    bands = { frontier: 0, strong: 0, mid: 0 };
  }
  return { bands, snapshots: [...snaps.values()], overrides: [...overrides.values()] };
}

/**
 * The offerings of `prior` whose prices would silently change meaning under the overlay's provider
 * currency: kept (not restated by the overlay) and priced in the provider's currency (no entry of
 * their own says `currency:`). Undefined when the currency does not change or nothing is re-read.
 */
function rereadByCurrency(prior: CatalogProvider, op: OverlayProvider): string[] | undefined {
  const to = op.provider.currency;
  if (to === undefined || to === prior.provider.currency) return undefined;
  const restated = new Set((op.models ?? []).map((m) => m.id));
  const gpuKey = (g: { gpu: string; instance?: string | undefined; region?: string | undefined }) =>
    `${g.gpu}|${g.instance ?? ""}|${g.region ?? ""}`;
  const restatedGpus = new Set((op.gpus ?? []).map(gpuKey));
  const homePriced = (prices: ReadonlyArray<{ currency?: string | undefined }>) => prices.some((p) => !p.currency);
  const out = [
    ...(prior.models ?? []).filter((m) => !restated.has(m.id) && homePriced(m.prices)).map((m) => m.id),
    ...(prior.gpus ?? [])
      .filter((g) => !restatedGpus.has(gpuKey(g)) && homePriced(g.prices as ReadonlyArray<{ currency?: string }>))
      .map((g) => g.gpu),
  ];
  if (prior.storage && !op.storage) out.push("storage");
  return out.length ? out : undefined;
}

function mergeProvider(prior: CatalogProvider | undefined, op: OverlayProvider): CatalogProvider {
  const info = { ...(prior?.provider ?? {}), ...stripUndefined(op.provider) } as CatalogProvider["provider"];
  const models = new Map((prior?.models ?? []).map((m) => [m.id, m] as const));
  for (const m of op.models ?? []) models.set(m.id, m);
  const gpuKey = (g: { gpu: string; instance?: string | undefined; region?: string | undefined }) =>
    `${g.gpu}|${g.instance ?? ""}|${g.region ?? ""}`;
  const gpus = new Map((prior?.gpus ?? []).map((g) => [gpuKey(g), g] as const));
  for (const g of op.gpus ?? []) gpus.set(gpuKey(g), g);
  const out: CatalogProvider = { provider: info };
  if (models.size) out.models = [...models.values()];
  if (gpus.size) out.gpus = [...gpus.values()];
  const storage = op.storage ?? prior?.storage;
  if (storage) out.storage = storage;
  // Events add up: an overlay's event with the same date and title replaces the catalog's.
  const events = new Map((prior?.events ?? []).map((e) => [`${e.date}|${e.title}`, e] as const));
  for (const e of op.events ?? []) events.set(`${e.date}|${e.title}`, e);
  if (events.size) out.events = [...events.values()];
  // Billing sections (docs/billing.md) add up by id: an overlay's entry with the same id replaces the catalog's.
  const fees = byId(prior?.fees, op.fees, (f) => f.id);
  if (fees) out.fees = fees;
  const packs = byId(prior?.packs, op.packs, (p) => p.id);
  if (packs) out.packs = packs;
  const plans = byId(prior?.plans, op.plans, (p) => p.id);
  if (plans) out.plans = plans;
  const provisioned = byId(prior?.provisioned, op.provisioned, (p) => p.id);
  if (provisioned) out.provisioned = provisioned;
  const fineTuning = byId(prior?.fine_tuning, op.fine_tuning, (f) => f.model);
  if (fineTuning) out.fine_tuning = fineTuning;
  const cache = byId(prior?.cache, op.cache, (c) => c.id);
  if (cache) out.cache = cache;
  return out;
}

function byId<T>(prior: T[] | undefined, overlay: T[] | undefined, key: (t: T) => string): T[] | undefined {
  if (!prior?.length && !overlay?.length) return undefined;
  const m = new Map((prior ?? []).map((t) => [key(t), t] as const));
  for (const t of overlay ?? []) m.set(key(t), t);
  return [...m.values()];
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
