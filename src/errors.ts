import { unambiguous, visible } from "./escape.js";

/**
 * Errors are values with a place (DESIGN.md). Inner code throws `InputError` (exit 2) carrying one
 * diagnostic per fault; only the CLI's top level turns them into text and an exit code.
 */

export interface Diagnostic {
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  /** Field path, e.g. `inference[0].input_tokens`. */
  path?: string | undefined;
  message: string;
  expected?: string | undefined;
  found?: string | undefined;
  hint?: string | undefined;
}

export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = (Array.isArray(diagnostics) ? diagnostics : [diagnostics]).map(bounded);
    super(list.slice(0, MAX_DIAGNOSTICS).map(formatDiagnostic).join("\n"));
    this.name = "InputError";
    this.diagnostics = list;
  }
}

/** The longest user string a message quotes whole; longer ones are clipped by `clip`. */
export const QUOTE_MAX = 60;
/** The longest any field of a diagnostic may be: a safety net behind `quoted` for every message. */
export const FIELD_MAX = 1000;
/** `found:` is most often the user's own value, shown whole up to here. */
export const FOUND_MAX = 200;
/** Diagnostics printed per run; the rest are counted in one line (50,000 bad flags stay one screen). */
export const MAX_DIAGNOSTICS = 100;

/**
 * A user-supplied string as a message shows it: whole up to `max` characters, else its start, an
 * ellipsis and its length ("qqqq… (1000000 characters)"). The one place messages truncate: a 1 MB
 * model name quoted by 99 items once made 197 MB of stderr. Never splits a surrogate pair.
 */
export function clip(s: string, max = QUOTE_MAX): string {
  if (s.length <= max) return s;
  let cut = Math.max(1, max - 1);
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${s.slice(0, cut)}… (${s.length} characters)`;
}

/**
 * `"name"`, clipped, JSON-style (a quote, backslash or line break inside is escaped), with control
 * characters, bidi overrides and invisible characters shown as `\u001b`: how every message quotes
 * what the user wrote.
 */
export function quoted(s: string, max = QUOTE_MAX): string {
  return unambiguous(JSON.stringify(clip(s, max)));
}

/** Every field of a diagnostic clipped to FIELD_MAX: no message grows with its input. */
function bounded(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d };
  for (const k of ["file", "path", "message", "expected", "found", "hint"] as const) {
    const v = out[k];
    const max = k === "found" ? FOUND_MAX : FIELD_MAX;
    if (typeof v === "string" && v.length > max) out[k] = clip(v, max);
  }
  return out;
}

/** The lines of every diagnostic, at most MAX_DIAGNOSTICS of them, then how many were left out. */
export function formatDiagnostics(list: readonly Diagnostic[], prefix = "error: "): string {
  const lines = list.slice(0, MAX_DIAGNOSTICS).map((d) => `${prefix}${formatDiagnostic(d)}`);
  if (list.length > MAX_DIAGNOSTICS)
    lines.push(`${prefix}… and ${list.length - MAX_DIAGNOSTICS} more fault(s) of this run not shown`);
  return lines.join("\n");
}

export { unambiguous, visible };

/** `file:LINE:COL: path: message` then indented expected / found / hint lines. */
export function formatDiagnostic(d: Diagnostic): string {
  return unambiguous(formatRaw(bounded(d)));
}

function formatRaw(d: Diagnostic): string {
  let where = d.file ?? "";
  if (d.file && d.line !== undefined) where += `:${d.line}:${d.col ?? 1}`;
  const head = [where, d.path].filter((s) => s).join(": ");
  const lines = [head ? `${head}: ${d.message}` : d.message];
  if (d.expected !== undefined) lines.push(`  expected: ${d.expected}`);
  if (d.found !== undefined) lines.push(`  found:    ${d.found}`);
  if (d.hint !== undefined) lines.push(`  hint:     ${d.hint}`);
  return lines.join("\n");
}

/** Render a field path the way users write it: `inference[0].input_tokens`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
