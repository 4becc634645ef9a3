import type { CatalogProvider, OverlayProvider } from "../schema/catalog.js";

/**
 * What a provider's billing sections (docs/billing.md) refer to, for the catalog's meaning rules
 * (rules.ts): the model names each fee, pack, plan, cache rule, provisioned offer and fine-tuning
 * entry gives, and their price histories. A new billing section adds its lists here.
 */

type PathSeg = string | number;

/** Every (path, model name) a billing section of `p` refers to. */
export function billingModelNames(p: CatalogProvider | OverlayProvider, base: PathSeg[]): Array<[PathSeg[], string]> {
  const out: Array<[PathSeg[], string]> = [];
  const lists = [
    ["fees", p.fees],
    ["packs", p.packs],
    ["plans", p.plans],
    ["cache", p.cache],
  ] as const;
  for (const [section, entries] of lists)
    (entries ?? []).forEach((e, i) => {
      (e.models ?? []).forEach((m, k) => {
        out.push([[...base, section, i, "models", k], m]);
      });
    });
  (p.provisioned ?? []).forEach((e, i) => {
    e.models.forEach((m, k) => {
      out.push([[...base, "provisioned", i, "models", k, "model"], m.model]);
    });
  });
  (p.fine_tuning ?? []).forEach((f, i) => {
    out.push([[...base, "fine_tuning", i, "model"], f.model]);
  });
  return out;
}

/** Billing entries' price histories (checked like the models' by rules.ts: oldest first, `until` after `from`). */
export function billingPriceLists(p: CatalogProvider | OverlayProvider, base: PathSeg[] = []) {
  const out: Array<
    [PathSeg[], ReadonlyArray<{ from: string; until?: string | undefined; currency?: string | undefined }>]
  > = [];
  for (const section of ["fees", "packs", "plans", "provisioned", "cache"] as const)
    (p[section] ?? []).forEach((e, i) => {
      out.push([[...base, section, i, "prices"], e.prices]);
    });
  (p.fine_tuning ?? []).forEach((f, i) => {
    out.push([[...base, "fine_tuning", i, "prices"], f.prices]);
  });
  return out;
}
