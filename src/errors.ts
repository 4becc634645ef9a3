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
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join("\n"));
    this.name = "InputError";
    this.diagnostics = list;
  }
}

/**
 * Control characters and bidi overrides from the input (a file, a flag) shown as `\u001b`: printed
 * raw in a message they would act on the user's terminal. Tab and line feed are kept.
 */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export function visible(s: string): string {
  return s.replace(RAW, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/** `file:LINE:COL: path: message` then indented expected / found / hint lines. */
export function formatDiagnostic(d: Diagnostic): string {
  return visible(formatRaw(d));
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
