import { isMap, isSeq } from "yaml";
import { InputError } from "../errors.js";
import type { Patch } from "../schema/optimize.js";
import type { Located } from "./yaml.js";

/**
 * The workload file with `optimize`'s changes written in (`llmcost optimize W --apply N`): each
 * patch sets and removes fields of one item in the parsed YAML document, so the user's comments,
 * order and quantity spellings ("20k") stay as written. `estimate` on the result prices the change.
 */
export function editWorkload(src: Located, patches: readonly Patch[]): string {
  if (!src.doc) throw new InputError({ file: src.file, message: "the workload has no YAML document to edit" });
  const doc = src.doc.clone();
  for (const p of patches) {
    const item = doc.getIn([p.section, p.index], true);
    if (!isMap(item) || !isSeq(doc.get(p.section, true)))
      throw new InputError({ file: src.file, message: `no ${p.section} item ${p.index + 1} (${p.item}) to change` });
    for (const k of p.unset) item.delete(k);
    for (const [k, v] of Object.entries(p.set)) item.set(k, doc.createNode(defined(v)));
  }
  return doc.toString();
}

/** A value without its undefined fields (an optional field not given is not written). */
function defined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(defined);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, defined(x)]),
    );
  return v;
}
