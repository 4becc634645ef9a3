import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Diagnostic, InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { type LoadedCatalog, loadCatalogDir, loadOverlay, mergeCatalog, type Overlay } from "../../load/catalog.js";
import { readTextFile } from "../../load/files.js";
import { type LintTarget, type LintWarning, lintProviders } from "../../load/lint.js";
import { parseYaml } from "../../load/yaml.js";
import { DEFAULT_REPORT_OPTIONS, render } from "../../report/registry.js";
import type { Catalog, CatalogProvider } from "../../schema/catalog.js";
import { LINT_RULES, type ValidateReport } from "../../schema/catalog-views.js";
import { checkDate, checkFormat } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface ValidateFlags {
  format?: string;
  asOf?: string;
  /** Lint rules to leave out (repeatable). */
  ignore?: string[];
}

export { LINT_RULES };

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

interface Checked {
  faults: Diagnostic[];
  warnings: LintWarning[];
  providers: number;
  offerings: number;
  files: number;
}

/**
 * `llmcost catalog validate [FILES...]`: check the embedded catalog, or catalog directories,
 * provider files and overlays, and print every fault and lint warning with its place.
 * Exit 2 when there is a fault; warnings alone exit 0.
 */
export async function runCatalogValidate(files: string[], flags: ValidateFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-validate", flags.format);
  const today = checkDate("--as-of", flags.asOf) ?? io.today;
  for (const r of flags.ignore ?? [])
    if (!(LINT_RULES as readonly string[]).includes(r))
      throw new InputError({
        file: "--ignore",
        message: `unknown lint rule ${quoted(r)}`,
        expected: LINT_RULES.join(", "),
        found: r,
        hint: didYouMean(r, LINT_RULES),
      });
  let checked: Checked;
  if (files.length === 0) {
    const dir = embeddedDataDir();
    if (!dir)
      throw new InputError({
        file: "pricing-data",
        message: "the embedded catalog's YAML files are not installed next to llmcost",
        hint: "give catalog files or a catalog folder to check: llmcost catalog validate path/to/catalog.yaml",
      });
    checked = checkDir(dir, "pricing-data", today);
  } else checked = checkFiles(files, io, today);
  const ignored = new Set(flags.ignore ?? []);
  checked.warnings = checked.warnings.filter((w) => !ignored.has(w.rule));
  const report: ValidateReport = {
    ok: checked.faults.length === 0,
    files: checked.files,
    providers: checked.providers,
    offerings: checked.offerings,
    faults: checked.faults,
    warnings: checked.warnings,
  };
  // The validate table wraps to the terminal's own width (not capped like the other reports).
  const opts = { ...DEFAULT_REPORT_OPTIONS, width: io.columns > 0 ? io.columns : 80 };
  return { stdout: await render("catalog-validate", format, report, opts), exitCode: report.ok ? 0 : 2 };
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

function checkDir(dir: string, label: string, today: string): Checked {
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
function checkFiles(paths: string[], io: Io, today: string): Checked {
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
