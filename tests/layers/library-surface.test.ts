import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as node from "../../src/lib/index.js";

/**
 * docs/library.md lists the public surface "kept stable": this keeps the list and the exports in
 * step. Every value the `llmcost` entry exports is a row of the table, every row names an export,
 * every exported type is in the types row, and `llmcost/core` has the same surface minus the
 * file-reading functions.
 */

const doc = readFileSync("docs/library.md", "utf8");
const surface = doc.slice(doc.indexOf("## The public surface"));
const rows = surface.split("\n").filter((l) => l.startsWith("| `"));
/** The first cell's name: `estimate(workload, …)` → estimate. */
const documented = rows.map((l) => /^\| `([A-Za-z]+)/.exec(l)?.[1] as string);
const typesRow = surface.split("\n").find((l) => l.startsWith("| types |")) ?? "";
const documentedTypes = [...typesRow.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] as string);

/** Type-only names exported by src/lib/api.ts (`export type {…}` and `type X` inside `export {…}`). */
function exportedTypes(): string[] {
  const text = readFileSync("src/lib/api.ts", "utf8");
  const names: string[] = [];
  for (const m of text.matchAll(/export type \{([^}]*)\}/g))
    for (const n of (m[1] as string).split(",")) names.push(n.trim());
  for (const m of text.matchAll(/export \{([^}]*)\}/g))
    for (const n of (m[1] as string).split(",")) if (n.trim().startsWith("type ")) names.push(n.trim().slice(5));
  return names.filter((n) => n !== "").sort();
}

describe("docs/library.md's public surface and the exports", () => {
  it("every value export of `llmcost` has a row, and every row is an export", () => {
    expect(Object.keys(node).sort()).toEqual([...new Set(documented)].sort());
  });

  it("every exported type is in the types row", () => {
    expect(exportedTypes().filter((t) => !documentedTypes.includes(t))).toEqual([]);
    expect(documentedTypes.filter((t) => !exportedTypes().includes(t))).toEqual([]);
  });

  it("`llmcost/core` exports the same surface but the file readers", async () => {
    // The built module (the test setup builds dist/): its catalog is bundled in as data at build time.
    const built = "../../dist/lib/core.js";
    const core = (await import(built)) as Record<string, unknown>;
    const fileReaders = ["loadCatalog", "loadWorkloadFile"];
    expect(Object.keys(core).sort()).toEqual(
      Object.keys(node)
        .filter((k) => !fileReaders.includes(k))
        .sort(),
    );
  });
});
