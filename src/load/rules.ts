import type { Diagnostic } from "../errors.js";
import { formatPath, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import {
  type Accelerator,
  type CatalogProvider,
  type FxRate,
  GPU_PRICE_FIELDS,
  MODEL_PRICE_FIELDS,
  type ModelArch,
  type OverlayProvider,
} from "../schema/catalog.js";
import { billingModelNames, billingPriceLists } from "./billing-rules.js";
import { type Located, positionOf } from "./yaml.js";

/**
 * Cross-file rules of the catalog (DESIGN.md "Catalog format"): the schema checks shape, these check
 * meaning. Each rule returns every fault it finds, placed in its file, with a way to fix it.
 */

export interface RefSets {
  hardware: Set<string>;
  models: Set<string>;
  currencies: Set<string>;
}

type PathSeg = string | number;

function at(src: Located | undefined, file: string, path: PathSeg[], message: string, extra: Partial<Diagnostic> = {}) {
  const d: Diagnostic = { file, path: formatPath(path), message, ...extra };
  if (src) Object.assign(d, positionOf(src, path));
  return d;
}

/** Entries in strictly ascending `from` order within each currency list; `until` after `from`. */
function historyFaults(
  src: Located | undefined,
  file: string,
  base: PathSeg[],
  entries: ReadonlyArray<{ from: string; until?: string | undefined; currency?: string | undefined }>,
  home: string | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const last = new Map<string, string>();
  entries.forEach((e, i) => {
    const cur = e.currency ?? home ?? "";
    const prev = last.get(cur);
    if (prev !== undefined && e.from <= prev)
      out.push(
        at(src, file, [...base, i, "from"], "prices are not in date order", {
          expected: `a date after ${prev} (the previous ${cur} entry)`,
          found: e.from,
          hint: "list each offering's price history oldest first, one entry per date",
        }),
      );
    if (e.until !== undefined && e.until <= e.from)
      out.push(
        at(src, file, [...base, i, "until"], "`until` must be after `from`", {
          expected: `a date after ${e.from}`,
          found: e.until,
        }),
      );
    last.set(cur, e.from);
  });
  return out;
}

function currencyFault(src: Located | undefined, file: string, path: PathSeg[], cur: string, refs: RefSets) {
  if (cur === "USD" || refs.currencies.has(cur)) return undefined;
  return at(src, file, path, `no exchange rate for ${cur}`, {
    expected: `a currency with rates in fx.yaml: USD, ${[...refs.currencies].sort().join(", ")}`,
    found: cur,
    hint: "add rates for it to fx.yaml (or an overlay's `rates:`)",
  });
}

export function providerFaults(
  src: Located | undefined,
  file: string,
  p: CatalogProvider | OverlayProvider,
  refs: RefSets,
  base: PathSeg[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const home = p.provider.currency;
  if (home) {
    const f = currencyFault(src, file, [...base, "provider", "currency"], home, refs);
    if (f) out.push(f);
  }
  const cx: FaultContext = { src, file, refs, home };
  const names = new Map<string, string>();
  (p.models ?? []).forEach((m, mi) => {
    out.push(...modelFaults(cx, m, [...base, "models", mi], names));
  });
  const gpuKeys = new Set<string>();
  (p.gpus ?? []).forEach((g, gi) => {
    out.push(...gpuOfferFaults(cx, g, [...base, "gpus", gi], gpuKeys));
  });
  out.push(...historyFaults(src, file, [...base, "storage"], p.storage ?? [], home));
  out.push(...eventFaults(src, file, base, p, names, gpuKeys));
  out.push(...billingModelFaults(src, file, base, p));
  for (const [path, entries] of billingPriceLists(p, base)) out.push(...historyFaults(src, file, path, entries, home));
  return out;
}

/** What the per-offering checks of one provider file share. */
interface FaultContext {
  src: Located | undefined;
  file: string;
  refs: RefSets;
  /** The provider's currency, which a price entry inherits. */
  home: string | undefined;
}

type AnyModel = NonNullable<(CatalogProvider | OverlayProvider)["models"]>[number];
type AnyGpuOffer = NonNullable<(CatalogProvider | OverlayProvider)["gpus"]>[number];

/**
 * One API model: its id and aliases unique within the provider (`names` maps each to the model id,
 * for the events), its architecture known, its price history in order, each entry with a price, a
 * known currency and ascending tiers.
 */
function modelFaults(cx: FaultContext, m: AnyModel, mp: PathSeg[], names: Map<string, string>): Diagnostic[] {
  const { src, file, refs } = cx;
  const out: Diagnostic[] = [];
  [m.id, ...(m.aliases ?? [])].forEach((name, k) => {
    const prior = names.get(name);
    if (prior !== undefined)
      out.push(
        at(src, file, k === 0 ? [...mp, "id"] : [...mp, "aliases", k - 1], `duplicate id or alias ${quoted(name)}`, {
          found: `already used by ${prior}`,
          hint: "ids and aliases must be unique within a provider",
        }),
      );
    else names.set(name, m.id);
  });
  if (m.model !== undefined && !refs.models.has(m.model))
    out.push(
      at(src, file, [...mp, "model"], `unknown model architecture ${quoted(m.model)}`, {
        expected: "a key of models.yaml",
        hint: didYouMean(m.model, refs.models) ?? "add the architecture to models.yaml, or drop `model:`",
      }),
    );
  out.push(...historyFaults(src, file, [...mp, "prices"], m.prices, cx.home));
  m.prices.forEach((e, ei) => {
    const ep: PathSeg[] = [...mp, "prices", ei];
    if (!e.free && !MODEL_PRICE_FIELDS.some((k) => e[k] !== undefined) && !e.tiers?.length)
      out.push(
        at(src, file, ep, "price entry has no price", {
          expected: `one of ${MODEL_PRICE_FIELDS.join(", ")}, or free: true`,
        }),
      );
    if (e.currency) {
      const f = currencyFault(src, file, [...ep, "currency"], e.currency, refs);
      if (f) out.push(f);
    }
    let above = -1;
    (e.tiers ?? []).forEach((t, ti) => {
      if (t.above <= above)
        out.push(
          at(src, file, [...ep, "tiers", ti, "above"], "tiers must be in ascending order of `above`", {
            found: String(t.above),
          }),
        );
      above = t.above;
    });
  });
  return out;
}

/** One GPU offer: a known accelerator, one offer per accelerator, instance and region, dated prices. */
function gpuOfferFaults(cx: FaultContext, g: AnyGpuOffer, gp: PathSeg[], gpuKeys: Set<string>): Diagnostic[] {
  const { src, file, refs } = cx;
  const out: Diagnostic[] = [];
  if (!refs.hardware.has(g.gpu))
    out.push(
      at(src, file, [...gp, "gpu"], `unknown accelerator ${quoted(g.gpu)}`, {
        expected: "a key of hardware.yaml",
        hint: didYouMean(g.gpu, refs.hardware) ?? "add it to hardware.yaml",
      }),
    );
  const key = `${g.gpu}|${g.instance ?? ""}|${g.region ?? ""}`;
  if (gpuKeys.has(key))
    out.push(
      at(src, file, gp, `duplicate GPU offer ${g.gpu} ${g.instance ?? ""} ${g.region ?? ""}`.trim(), {
        hint: "one offer per accelerator, instance and region; put price changes in its `prices` history",
      }),
    );
  gpuKeys.add(key);
  out.push(...historyFaults(src, file, [...gp, "prices"], g.prices, cx.home));
  g.prices.forEach((e, ei) => {
    if (!GPU_PRICE_FIELDS.some((k) => e[k] !== undefined))
      out.push(
        at(src, file, [...gp, "prices", ei], "GPU price entry has no price", {
          expected: GPU_PRICE_FIELDS.join(", "),
        }),
      );
  });
  return out;
}

/**
 * An event names offerings of its own provider: a model id or alias, or a GPU key. An event about
 * an offering the file does not have is a typo (or belongs in another provider's file). In an
 * overlay the offering may live in the catalog underneath, so unknown names are only checked when
 * the file lists models or GPUs at all.
 */
function eventFaults(
  src: Located | undefined,
  file: string,
  base: PathSeg[],
  p: CatalogProvider | OverlayProvider,
  names: Map<string, string>,
  gpuKeys: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!p.models?.length && !p.gpus?.length) return out;
  const gpus = new Set([...gpuKeys].map((k) => k.split("|")[0] as string));
  const known = [...names.keys(), ...gpus];
  (p.events ?? []).forEach((ev, i) => {
    (ev.offerings ?? []).forEach((o, k) => {
      if (!names.has(o) && !gpus.has(o))
        out.push(
          at(src, file, [...base, "events", i, "offerings", k], `unknown offering "${o}" in an event`, {
            expected: `a model id or alias, or a GPU key, of provider ${p.provider.id}`,
            hint: didYouMean(o, known) ?? "events name offerings of their own provider file",
          }),
        );
    });
  });
  return out;
}

/**
 * Every model a billing section names must be one of the provider's (an id, alias or architecture
 * key): a typo would otherwise make the fee, pack or plan silently apply to nothing. In an overlay
 * the models may live in the catalog underneath, so names are checked when the file lists models.
 */
function billingModelFaults(
  src: Located | undefined,
  file: string,
  base: PathSeg[],
  p: CatalogProvider | OverlayProvider,
): Diagnostic[] {
  const models = p.models ?? [];
  if (!models.length) return [];
  const known = new Set<string>();
  for (const m of models) for (const n of [m.id, m.model, ...(m.aliases ?? [])]) if (n !== undefined) known.add(n);
  const out: Diagnostic[] = [];
  for (const [path, name] of billingModelNames(p, base))
    if (!known.has(name))
      out.push(
        at(src, file, path, `unknown model ${quoted(name)} in a billing section`, {
          expected: `a model id, alias or architecture key of provider ${p.provider.id}`,
          found: name,
          hint: didYouMean(name, known) ?? "billing sections name models of their own provider file",
        }),
      );
  return out;
}

export function duplicateIdFaults(
  src: Located | undefined,
  file: string,
  base: PathSeg[],
  list: ReadonlyArray<{ id: string }>,
  what: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id))
      out.push(
        at(src, file, [...base, i, "id"], `duplicate ${what} id ${quoted(x.id)}`, { hint: "ids must be unique" }),
      );
    seen.add(x.id);
  });
  return out;
}

export function acceleratorFaults(src: Located | undefined, file: string, base: PathSeg[], list: Accelerator[]) {
  return duplicateIdFaults(src, file, base, list, "accelerator");
}

export function modelArchFaults(src: Located | undefined, file: string, base: PathSeg[], list: ModelArch[]) {
  const out = duplicateIdFaults(src, file, base, list, "model");
  list.forEach((m, i) => {
    if (m.active_parameters !== undefined && m.active_parameters > m.parameters)
      out.push(
        at(src, file, [...base, i, "active_parameters"], "active_parameters exceeds parameters", {
          expected: `at most ${m.parameters}`,
          found: String(m.active_parameters),
        }),
      );
  });
  return out;
}

export function fxFaults(src: Located | undefined, file: string, base: PathSeg[], rates: FxRate[]) {
  const out: Diagnostic[] = [];
  const last = new Map<string, string>();
  rates.forEach((r, i) => {
    const prev = last.get(r.currency);
    if (prev !== undefined && r.from <= prev)
      out.push(
        at(src, file, [...base, i, "from"], `rates for ${r.currency} are not in date order`, {
          expected: `a date after ${prev}`,
          found: r.from,
        }),
      );
    last.set(r.currency, r.from);
  });
  return out;
}
