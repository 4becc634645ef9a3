import { type Diagnostic, InputError } from "../errors.js";
import { loadOverlay, mergeCatalog } from "../load/catalog.js";
import type { Catalog, OverlayFile } from "../schema/catalog.js";
import type { Unmapped } from "./common.js";

/**
 * The importers' rule (issue 14): never write what llmcost itself refuses. An importer's overlay is
 * read back exactly as `--catalog` would read it — the size limit, the YAML reader, the overlay
 * schema, the catalog rules, the merge onto the catalog it lands on — before anything is written.
 * Each offering that fails is dropped and reported with the fault as its reason (a `.inf` price, a
 * date such as 2024-02-30, a negative tier); a fault that is not one offering's (the file would be
 * too large) refuses the import: exit 2, nothing written.
 *
 * Any importer can use it (catalog import today; usage importers that write overlays tomorrow): give
 * it the overlay, the function that renders it to text, and the catalog it will be merged onto.
 */
export function readBackOverlay(
  overlay: OverlayFile,
  render: (o: OverlayFile) => string,
  base: Catalog,
  label: string,
): { text: string; overlay: OverlayFile; dropped: Unmapped[] } {
  const dropped: Unmapped[] = [];
  let current = overlay;
  // Each round drops every offering a fault names; a later round can only find faults the earlier
  // ones hid (the schema stops before the rules run), so a few rounds always settle.
  for (let round = 0; round < 5; round++) {
    const text = render(current);
    const faults = faultsOf(text, base, label);
    if (faults.length === 0) return { text, overlay: current, dropped };
    const drop = new Map<string, string>();
    for (const d of faults) {
      const at = offeringAt(d, current);
      if (!at) throw refused(d, label);
      if (!drop.has(at.key)) drop.set(at.key, reasonOf(d, at.rest));
    }
    current = without(current, drop, dropped);
  }
  throw new InputError({
    file: label,
    message: "the imported overlay still has faults after dropping the offerings they name",
  });
}

function faultsOf(text: string, base: Catalog, label: string): Diagnostic[] {
  try {
    mergeCatalog(base, [loadOverlay(label, () => text)], [text]);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
}

/** `providers[2].models[7].prices[0].from` → the offering it is about, and the rest of the path. */
function offeringAt(d: Diagnostic, o: OverlayFile): { key: string; rest: string } | undefined {
  const m = /^providers\[(\d+)\](?:\.models\[(\d+)\])?(.*)$/.exec(d.path ?? "");
  if (!m) return undefined;
  const p = o.providers?.[Number(m[1])];
  if (!p) return undefined;
  if (m[2] === undefined) return { key: `${m[1]}`, rest: `provider${m[3] ?? ""}` };
  return { key: `${m[1]}/${m[2]}`, rest: (m[3] ?? "").replace(/^\./, "") };
}

function reasonOf(d: Diagnostic, rest: string): string {
  return `not written: ${rest ? `${rest}: ` : ""}${d.message}${d.found ? ` (found ${d.found})` : ""}`;
}

function refused(d: Diagnostic, label: string): InputError {
  return new InputError({
    ...d,
    file: d.file ?? label,
    message: `the imported overlay would not load with --catalog: ${d.message}`,
    hint: "narrow the import (--new-only), or import from a file trimmed to the providers you need; nothing was written",
  });
}

/** The overlay without the dropped providers ("2") and offerings ("2/7"); each recorded in `dropped`. */
function without(o: OverlayFile, drop: Map<string, string>, dropped: Unmapped[]): OverlayFile {
  const providers = (o.providers ?? []).flatMap((p, i) => {
    const whole = drop.get(`${i}`);
    if (whole !== undefined) {
      dropped.push({ key: `${p.provider.id} (provider)`, reason: whole });
      return [];
    }
    const models = (p.models ?? []).filter((m, j) => {
      const why = drop.get(`${i}/${j}`);
      if (why !== undefined) dropped.push({ key: `${p.provider.id}/${m.id}`, reason: why });
      return why === undefined;
    });
    return models.length || p.gpus?.length ? [{ ...p, models }] : [];
  });
  return { ...o, providers };
}
