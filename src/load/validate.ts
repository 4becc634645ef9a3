import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Diagnostic, InputError } from "../errors.js";
import type { Catalog, CatalogProvider } from "../schema/catalog.js";
import { type LoadedCatalog, loadCatalogDir, loadOverlay, mergeCatalog, type Overlay } from "./catalog.js";
import { readTextFile } from "./files.js";
import { type LintTarget, type LintWarning, lintProviders } from "./lint.js";
import { parseYaml } from "./yaml.js";

/**
 * What `llmcost catalog validate` checks, file by file (moved out of src/cli/ by issue 15): catalog
 * folders on their own, provider files and overlays on top of the embedded catalog, every fault
 * collected with its place, and the lint warnings of what loaded cleanly.
 */

declare const __dirname: string | undefined;

/** The folder of the running code: dist/ in the bundle (CommonJS), else the current folder. */
export function codeDir(): string {
  return typeof __dirname === "string" ? __dirname : resolve(".");
}

/**
 * Where the embedded catalog's YAML lives: next to the bundle (`dist/../pricing-data`, shipped in
 * the package) or, run from source, at the repository root.
 */
export function embeddedDataDir(): string | undefined {
  const here = codeDir();
  for (const dir of [
    join(here, "..", "pricing-data"),
    join(here, "..", "..", "..", "pricing-data"),
    resolve("pricing-data"),
  ])
    if (existsSync(join(dir, "catalog.yaml"))) return dir;
  return undefined;
}

export interface Checked {
  faults: Diagnostic[];
  warnings: LintWarning[];
  providers: number;
  offerings: number;
  files: number;
}

function count(providers: readonly CatalogProvider[]): { providers: number; offerings: number } {
  let offerings = 0;
  for (const p of providers) offerings += (p.models?.length ?? 0) + (p.gpus?.length ?? 0);
  return { providers: providers.length, offerings };
}

function targetsOf(loaded: LoadedCatalog): LintTarget[] {
  return loaded.files
    .filter((f) => f.kind === "provider")
    .map((f) => ({ src: f.src, provider: f.data as CatalogProvider, base: [] }));
}

export function checkDir(dir: string, label: string, today: string): Checked {
  try {
    const loaded = loadCatalogDir(dir, readTextFile, label);
    return {
      faults: [],
      warnings: lintProviders(targetsOf(loaded), { today }),
      ...count(loaded.catalog.providers),
      files: loaded.files.length,
    };
  } catch (e) {
    if (e instanceof InputError) return { faults: e.diagnostics, warnings: [], providers: 0, offerings: 0, files: 0 };
    throw e;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Catalog folders are checked on their own; provider files and overlays on top of the embedded catalog. */
export function checkFiles(
  paths: string[],
  io: { readStdin: () => string; embeddedCatalog: () => Catalog },
  today: string,
): Checked {
  const out: Checked = { faults: [], warnings: [], providers: 0, offerings: 0, files: 0 };
  const overlays: Overlay[] = [];
  const texts: string[] = [];
  const targets: LintTarget[] = [];
  for (const p of paths) {
    if (isDir(p) || basename(p) === "catalog.yaml") {
      const r = checkDir(isDir(p) ? p : dirname(p), isDir(p) ? p : dirname(p), today);
      out.faults.push(...r.faults);
      out.warnings.push(...r.warnings);
      out.providers += r.providers;
      out.offerings += r.offerings;
      out.files += r.files;
      continue;
    }
    out.files++;
    try {
      const text = readTextFile(p, io.readStdin);
      const ov = loadOverlay(p, () => text);
      overlays.push(ov);
      texts.push(text);
      const src = parseYaml(p, text);
      const rec = src.data as Record<string, unknown>;
      if ("provider" in rec) targets.push({ src, provider: ov.providers[0] as CatalogProvider, base: [] });
      else
        ov.providers.forEach((provider, i) => {
          targets.push({ src, provider, base: ["providers", i] });
        });
      const c = count(ov.providers as CatalogProvider[]);
      out.providers += c.providers;
      out.offerings += c.offerings;
    } catch (e) {
      if (e instanceof InputError) out.faults.push(...e.diagnostics);
      else throw e;
    }
  }
  if (overlays.length && out.faults.length === 0) {
    try {
      const base: Catalog = io.embeddedCatalog();
      mergeCatalog(base, overlays, texts);
    } catch (e) {
      if (e instanceof InputError) out.faults.push(...e.diagnostics);
      else throw e;
    }
  }
  if (out.faults.length === 0) out.warnings.push(...lintProviders(targets, { today }));
  return out;
}
