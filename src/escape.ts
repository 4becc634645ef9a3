/**
 * Neutralising user-controlled text where it is shown: one small function per channel, shared by
 * every renderer and message (issue 14, class 5). Names, ids, notes and budget names come from files
 * and flags that someone else may have written (a downloaded catalog, a saved estimate in a PR), so
 * each output format gets them through the function for its channel:
 *
 * - terminal text: `visible` (control characters and bidi overrides as `\u001b`);
 * - messages (errors, warnings): `unambiguous`, `visible` plus the invisible characters as `\ufeff`;
 * - Markdown (PR comments, where `<details>` folds the report): `markdownText`;
 * - CSV (opened in spreadsheets): `csvCell`, RFC 4180 quoting plus OWASP's formula-injection rule;
 * - HTML: `htmlText`.
 *
 * Root-level like errors.ts: every layer may use it, and it imports nothing.
 */

/** C0 and C1 control characters (but tab and line feed) and the bidi embedding/override/isolate marks. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const HAS_RAW = new RegExp(RAW.source);

/** Control characters and bidi overrides shown as `\u001b`: printed raw they would act on a terminal. */
export function visible(s: string): string {
  return s.replace(RAW, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/**
 * Characters that print as nothing (Unicode format characters: soft hyphen, zero-width space and
 * joiners, left-to-right and right-to-left marks, word joiner, invisible operators, line and
 * paragraph separators, the byte-order mark, interlinear annotation marks).
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * Message text: `visible`, and the characters that print as nothing also as `\ufeff`. A message
 * quotes what the user wrote so it can be found and fixed; `unknown model "gpt\ufeff-4o"` shows why
 * the name did not match where the raw text would read `"gpt-4o"`. Tables and reports keep such
 * characters (an emoji sequence needs its zero-width joiner).
 */
export function unambiguous(s: string): string {
  return visible(s).replace(INVISIBLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/** One line of terminal text: `visible`, and tabs and line breaks as spaces (a cell or a label). */
export function textCell(s: string): string {
  return visible(s.replace(/[\t\r\n]/g, " "));
}

/**
 * Text inside Markdown (a table cell, a list item, a heading): one line; Markdown's markup characters
 * backslash-escaped; `<`, `>` and `&` as entities, so a name such as `</details><img …>` shows as
 * text and cannot close the report's `<details>` block or open a tag (GitHub renders inline HTML).
 */
export function markdownText(s: string): string {
  return visible(s.replace(/[\t\r\n]+/g, " "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[|\\`*_[\]#~!]/g, (ch) => `\\${ch}`);
}

/**
 * Preformatted text (a terminal chart) as a Markdown fenced code block whose fence no line of the text
 * can close: one backtick longer than the longest run of backticks in it (CommonMark), so a name with
 * a line of three backticks cannot end the block and have what follows read as Markdown or HTML.
 */
export function markdownFence(text: string, info = "text"): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${visible(text)}\n${fence}`;
}

/** Text in HTML element content or a double- or single-quoted attribute. */
export function htmlText(s: string): string {
  return visible(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A number as llmcost writes one in CSV: never a formula, whatever its sign. */
const CSV_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * One CSV cell. Text that a spreadsheet would read as a formula — starting with `=`, `+`, `-`, `@`,
 * tab or carriage return — gets a leading `'` and is quoted (OWASP, "CSV Injection"; the same rule
 * as Symfony's fix for CVE-2021-41270); numbers are left as they are. Then RFC 4180: a cell with a
 * comma, quote or line break is quoted, quotes doubled. Control characters are shown as `\u001b`.
 */
export function csvCell(s: string): string {
  const formula = isFormulaCell(s);
  const v = `${formula ? "'" : ""}${visible(s)}`;
  return formula || /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** True when a CSV cell (as written, after unquoting) would start a formula: what `csvCell` prevents. */
export function isFormulaCell(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !CSV_NUMBER.test(cell);
}

/**
 * `data` with every string passed through `visible`: what text renderers are given. Copied only
 * where a string changes (almost never: the loaders refuse such characters), so a 10,000-item
 * estimate is walked, not rebuilt.
 */
export function visibleStrings<T>(data: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return HAS_RAW.test(v) ? visible(v) : v;
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const y = walk(v[i]);
        if (y !== v[i]) {
          out ??= v.slice();
          out[i] = y;
        }
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const y = walk(o[k]);
      if (y !== o[k]) {
        out ??= { ...o };
        out[k] = y;
      }
    }
    return out ?? v;
  };
  return walk(data) as T;
}

/** JSON text with C1 controls and bidi overrides as `\u` escapes (JSON.stringify escapes only C0). */
export function jsonText(text: string): string {
  return text.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, visible);
}

/**
 * A renderer registry whose every format is neutralised at the boundary: JSON through `jsonText`,
 * every other format given a copy of the data whose strings went through `visible` (each format then
 * applies its own escaping: `markdownText`, `csvCell`, `htmlText`). One call per registry, so a new
 * format cannot forget it.
 */
export function neutralised<R extends Record<string, (data: never, ...rest: never[]) => string>>(registry: R): R {
  const out: Record<string, unknown> = {};
  for (const [format, render] of Object.entries(registry)) {
    const fn = render as (data: unknown, ...rest: unknown[]) => string;
    out[format] =
      format === "json"
        ? (data: unknown, ...rest: unknown[]) => jsonText(fn(data, ...rest))
        : (data: unknown, ...rest: unknown[]) => fn(visibleStrings(data), ...rest);
  }
  return out as R;
}
