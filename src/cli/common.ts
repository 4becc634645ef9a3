import { delimiter } from "node:path";
import type { Problem, ProblemKind } from "../engine/types.js";
import { type Diagnostic, formatPath, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import { checkCurrency, checkDate } from "../lib/checks.js";
import type { Overlay } from "../load/catalog.js";
import { readTextFile } from "../load/files.js";
import { type Located, positionOf } from "../load/yaml.js";
import {
  DEFAULT_REPORT_OPTIONS,
  FORMATS,
  type Format,
  formatsOf,
  hasFormat,
  LANGS,
  type Lang,
  REPORTS,
  type ReportKind,
  type ReportOptions,
} from "../report/registry.js";
import type { Catalog } from "../schema/catalog.js";
import type { Billing } from "../schema/report.js";
import { BILLINGS } from "../schema/report-constants.js";
import type { Io } from "./io.js";

/** Options shared by the pricing commands, as commander hands them over. */
export interface CommonFlags {
  format?: string;
  lang?: string | undefined;
  asOf?: string;
  currency?: string;
  catalog?: string[];
  provider?: string[];
  /** `--billing` (repeatable): only options of these billing models. */
  billing?: string[];
  explain?: boolean;
  alternatives?: string;
  output?: string | undefined;
  quiet?: boolean;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  // Appended in place: copying the list per flag made 50,000 `--provider` flags quadratic (11 s).
  if (!previous) return [value];
  previous.push(value);
  return previous;
}

/** Overlay paths in force: LLMCOST_CATALOG (a path list) first, then the --catalog flags. */
export function overlayPaths(io: Io, files: string[] | undefined): string[] {
  const fromEnv = (io.env.LLMCOST_CATALOG ?? "").split(delimiter).filter((s) => s.trim() !== "");
  return [...fromEnv, ...(files ?? [])];
}

/**
 * The overlay loader (catalog schemas and rules) is loaded only when a run has overlays: building
 * the catalog zod schemas costs several milliseconds that a plain estimate does not need.
 * `prepareOverlays` runs before the command (a commander preAction hook).
 */
let overlayLoader: typeof import("../load/catalog.js") | undefined;
export async function prepareOverlays(): Promise<void> {
  overlayLoader ??= await import("../load/catalog.js");
}

/** The embedded catalog with LLMCOST_CATALOG then --catalog overlays on top, later wins. */
export function catalogFor(io: Io, files: string[] | undefined): Catalog {
  const paths = overlayPaths(io, files);
  const base = io.embeddedCatalog();
  if (paths.length === 0) return base;
  if (!overlayLoader) throw new Error("overlay loader not prepared: prepareOverlays() must run before the command");
  const { loadOverlay, mergeCatalog } = overlayLoader;
  const overlays: Overlay[] = [];
  const texts: string[] = [];
  const faults: Diagnostic[] = [];
  for (const p of paths) {
    try {
      const text = readTextFile(p);
      texts.push(text);
      overlays.push(loadOverlay(p, () => text));
    } catch (e) {
      if (e instanceof InputError) faults.push(...e.diagnostics);
      else throw e;
    }
  }
  if (faults.length) throw new InputError(faults);
  return mergeCatalog(base, overlays, texts);
}

/**
 * The format asked for, when the report kind has it; otherwise a fault that lists the formats the
 * kind has (from the registry, src/report/registry.ts).
 */
export function checkFormat(kind: ReportKind, format: string | undefined, hint?: string): Format {
  const f = format ?? "table";
  if (hasFormat(kind, f)) return f;
  const allowed = formatsOf(kind);
  const known = (FORMATS as readonly string[]).includes(f);
  throw new InputError({
    file: "--format",
    message: known ? `the ${REPORTS[kind].title} report has no ${f} format` : `unknown format ${quoted(f)}`,
    expected: `one of ${allowed.join(", ")}`,
    found: f,
    hint: hint ?? didYouMean(f, allowed),
  });
}

export function checkLang(value: unknown): Lang {
  if (value === undefined) return "en";
  if ((LANGS as readonly unknown[]).includes(value)) return value as Lang;
  throw new InputError({
    file: "--lang",
    message: `unknown language "${String(value)}"`,
    expected: `one of ${LANGS.join(", ")}`,
    found: String(value),
  });
}

/** `--billing` values: each one of the billing models (docs/billing.md); undefined when not given. */
export function checkBilling(values: readonly string[] | undefined): Billing[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const known: readonly Billing[] = BILLINGS;
  const out: Billing[] = [];
  for (const v of values) {
    const b = known.find((k) => k === v.replace(/-/g, "_"));
    if (!b)
      throw new InputError({
        file: "--billing",
        message: `unknown billing model "${v}"`,
        expected: `one of ${known.join(", ")}`,
        found: v,
        hint: didYouMean(v, known) ?? "repeat --billing to keep several models",
      });
    out.push(b);
  }
  return out;
}

export { checkCurrency, checkDate };

/**
 * Colour only on a TTY, honouring NO_COLOR (any non-empty value) and FORCE_COLOR (0 turns it off);
 * never in a file written with --output.
 */
export function useColor(io: Io, toFile = false): boolean {
  if (toFile) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.isTTY;
}

/**
 * The value of a count flag (--alternatives, --max-errors, --threads, --apply N): decimal digits
 * only, spaces around them ignored as in every flag; undefined otherwise. `Number()` read `0x2` as 2,
 * `1e1` as 10, `+2` as 2, `0b1` as 1 and an empty value as 0. Quantities (`--input-tokens 1e3`,
 * `--budget 1.5k`) follow the workload file's rules instead (docs/numbers.md).
 */
export function wholeNumber(raw: string): number | undefined {
  const t = raw.trim();
  return /^[0-9]+$/.test(t) ? Number(t) : undefined;
}

/**
 * The value of a share flag (--diff-threshold): `0.05` or `5%`, plain decimals, spaces around them
 * ignored; undefined otherwise (`Number()` read `0x10` as 16 and an empty value as 0).
 */
export function shareValue(raw: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(%?)$/.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? n / 100 : n;
}

/** The width notes on stderr wrap to: the terminal's (up to 120 columns), else 80. */
export function noteWidth(io: Io): number {
  return io.columns > 0 ? Math.min(io.columns, 120) : 80;
}

/** How a report is rendered: colour, width, alternatives, explain lines, chart scale, language. */
export function reportOptions(io: Io, flags: CommonFlags & { log?: boolean | undefined }): ReportOptions {
  const n = flags.alternatives === undefined ? 3 : wholeNumber(String(flags.alternatives));
  if (n === undefined)
    throw new InputError({
      file: "--alternatives",
      message: "not a count",
      expected: "a whole number ≥ 0",
      found: String(flags.alternatives),
    });
  // A report written to a file gets no colour and the standard 80 columns, whatever the terminal.
  const toFile = flags.output !== undefined && flags.output !== "-";
  return {
    ...DEFAULT_REPORT_OPTIONS,
    color: useColor(io, toFile),
    width: toFile ? 80 : noteWidth(io),
    alternatives: n,
    explain: !!flags.explain,
    log: flags.log === true,
    lang: checkLang(flags.lang),
  };
}

/** @deprecated use reportOptions (kept while other branches move over). */
export const renderOptions = reportOptions;

/**
 * Turn the engine's problems into one InputError, each placed in the workload file, or named after
 * the command-line flag that carried the value (`flags` maps a problem kind to its flag).
 */
export function raiseProblems(
  result: { readonly problems: readonly Problem[] },
  src: Located | undefined,
  flags: Partial<Record<ProblemKind, string | undefined>> = {},
): void {
  if (result.problems.length === 0) return;
  throw new InputError(
    result.problems.map((p) => {
      const d: Diagnostic = { message: p.message, expected: p.expected, found: p.found, hint: p.hint };
      // A top-level `providers` path is the --provider filter (workloads have no top-level providers field).
      const flag = p.path[0] === "providers" ? "--provider" : flags[p.kind];
      if (flag !== undefined || !src) d.file = flag ?? "<command line>";
      else {
        d.file = src.file;
        Object.assign(d, positionOf(src, p.path));
        d.path = formatPath(p.path);
      }
      return d;
    }),
  );
}
