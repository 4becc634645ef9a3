import type { Diagnostic } from "../errors.js";
import { formatPath, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import type { CatalogProvider, OverlayProvider } from "../schema/catalog.js";
import { type Located, positionOf } from "./yaml.js";

/**
 * Meaning rules of a provider's billing sections (docs/billing.md): every model a fee, pack, plan,
 * cache rule, provisioned offer or fine-tuning entry names must be one of the provider's models (an
 * id, alias or architecture key) — a typo would otherwise make the entry silently apply to nothing.
 * Their price histories are checked with the models' (rules.ts). In an overlay the models may live in the
 * catalog underneath, so names are only checked when the file lists models itself.
 */

type PathSeg = string | number;

function at(src: Located | undefined, file: string, path: PathSeg[], message: string, extra: Partial<Diagnostic>) {
  const d: Diagnostic = { file, path: formatPath(path), message, ...extra };
  if (src) Object.assign(d, positionOf(src, path));
  return d;
}

/** Every (path, model name) a billing section of `p` refers to. */
function namedModels(p: CatalogProvider | OverlayProvider, base: PathSeg[]): Array<[PathSeg[], string]> {
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

export function billingModelFaults(
  src: Located | undefined,
  file: string,
  p: CatalogProvider | OverlayProvider,
  base: PathSeg[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const models = p.models ?? [];
  if (models.length) {
    const known = new Set<string>();
    for (const m of models) {
      known.add(m.id);
      if (m.model) known.add(m.model);
      for (const a of m.aliases ?? []) known.add(a);
    }
    for (const [path, name] of namedModels(p, base))
      if (!known.has(name))
        out.push(
          at(src, file, path, `unknown model ${quoted(name)} in a billing section`, {
            expected: `a model id, alias or architecture key of provider ${p.provider.id}`,
            found: name,
            hint: didYouMean(name, known) ?? "billing sections name models of their own provider file",
          }),
        );
  }
  return out;
}
