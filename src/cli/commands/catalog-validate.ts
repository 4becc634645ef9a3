import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Diagnostic, formatDiagnostic, InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { type LoadedCatalog, loadCatalogDir, loadOverlay, mergeCatalog, type Overlay } from "../../load/catalog.js";
import { readTextFile } from "../../load/files.js";
import { type LintRule, type LintTarget, type LintWarning, lintProviders } from "../../load/lint.js";
import { parseYaml } from "../../load/yaml.js";
import { textWidth, wrapLines } from "../../report/format.js";
import type { Catalog, CatalogProvider } from "../../schema/catalog.js";
import { checkDate, checkFormat } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface ValidateFlags {
  format?: string;
  asOf?: string;
  /** Lint rules to leave out (repeatable). */
  ignore?: string[];
}

export const LINT_RULES: readonly LintRule[] = ["cached-above-input", "output-below-input", "price-jump", "stale"];

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
export function runCatalogValidate(files: string[], flags: ValidateFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, ["table", "json"]);
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
  const ok = checked.faults.length === 0;
  const byRule = LINT_RULES.map((r) => [r, checked.warnings.filter((w) => w.rule === r).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`);
  const summary = `${checked.files} file(s), ${checked.providers} provider(s), ${checked.offerings} offering(s): ${checked.faults.length} fault(s), ${checked.warnings.length} warning(s)${byRule.length ? ` (${byRule.join(", ")})` : ""}`;
  if (format === "json")
    return {
      stdout: `${JSON.stringify(
        {
          ok,
          files: checked.files,
          providers: checked.providers,
          offerings: checked.offerings,
          faults: checked.faults,
          warnings: checked.warnings,
        },
        null,
        2,
      )}\n`,
      exitCode: ok ? 0 : 2,
    };
  // The `file:line:col: path: message` line stays whole (editors and CI problem matchers read it);
  // its indented expected / found / hint lines wrap to the terminal width, as does the summary.
  const width = textWidth(io.columns > 0 ? io.columns : 80);
  const lines: string[] = [];
  const place = (head: string, diagnostic: string) => {
    const [first, ...rest] = diagnostic.split("\n");
    lines.push(`${head}: ${first}`, ...rest.map((l) => wrapLines(l, width)));
  };
  for (const d of checked.faults) place("error", formatDiagnostic(d));
  for (const w of checked.warnings) place("warning", formatDiagnostic({ ...w, message: `${w.message} [${w.rule}]` }));
  const status = `${ok ? "ok" : "invalid"}: ${summary}`;
  // Too long: the rule breakdown goes on its own line, so the counts stay together on the first.
  const cut = status.lastIndexOf(" (");
  lines.push(
    [...status].length <= width || !byRule.length || cut < 0
      ? wrapLines(status, width)
      : `${status.slice(0, cut)}\n${wrapLines(`  ${status.slice(cut + 1)}`, width)}`,
  );
  return { stdout: `${lines.join("\n")}\n`, exitCode: ok ? 0 : 2 };
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
