import type { CliResult } from "../../src/cli/io.js";
import { isFormulaCell } from "../../src/escape.js";
import { estimateFaults } from "../../src/load/invariants.js";
import { Diff } from "../../src/schema/diff.js";
import { Estimate } from "../../src/schema/report.js";
import { OverReport, TrendReport } from "../../src/schema/trend.js";
import { UsageReport } from "../../src/schema/usage.js";

/**
 * The oracles of the entry-point fuzz families (issue 14; docs/reliability.md, "The oracles"). Each
 * returns what is wrong with one output, or undefined. They are independent of the code under test
 * where they can be (a CSV parser, a date reader, tag counts); "output validates" uses the output
 * schemas and the engine's invariants, which are the contract itself.
 */

const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/**
 * The exit-code contract every command keeps: exit 0 or 2 (1 where `allow1`: a budget or threshold
 * exceeded); no stack trace or "internal error"; no raw control character or bidi override on either
 * stream; exit 2 with nothing on stdout and at least one `error:` line.
 */
export function contractFault(r: CliResult, allow1 = false): string | undefined {
  if (r.exitCode === 1 && allow1) return r.stdout === "" ? "exit 1 without a report" : undefined;
  if (r.exitCode !== 0 && r.exitCode !== 2) return `exit ${r.exitCode}: ${firstLines(r.stderr)}`;
  if (/internal error/i.test(r.stderr)) return `internal error on stderr: ${firstLines(r.stderr)}`;
  if (STACK.test(r.stderr)) return `stack trace on stderr: ${firstLines(r.stderr)}`;
  const raw = RAW_CONTROL.exec(r.stdout) ?? RAW_CONTROL.exec(r.stderr);
  if (raw) return `raw control character U+${raw[0].charCodeAt(0).toString(16).padStart(4, "0")} in the output`;
  if (r.exitCode === 2) {
    if (r.stdout !== "") return `exit 2 with ${r.stdout.length} bytes on stdout`;
    if (!/^error: /m.test(r.stderr)) return `exit 2 without an error message: ${firstLines(r.stderr)}`;
  }
  return undefined;
}

export function firstLines(s: string): string {
  return s.split("\n").slice(0, 3).join(" | ").slice(0, 300);
}

// ---------------------------------------------------------------- dates

const DATE_LIKE = /(?<![\w.+-])([+-]?)(\d{4,})-(\d{1,2})-(\d{1,2})(?!\d)/g;

/**
 * Every date printed is an ISO calendar date llmcost can compute: YYYY-MM-DD, a real day, from 1900
 * to 9999. JavaScript prints years past 9999 as `+010000-01-01`; `Invalid Date` and `NaN-` are what
 * an uncomputable one looks like.
 */
export function dateFault(text: string): string | undefined {
  const bad = /Invalid Date|NaN-|-NaN|[+-]\d{6}-\d\d/.exec(text);
  if (bad) return `a date that is not one: "${bad[0]}"`;
  for (const m of text.matchAll(DATE_LIKE)) {
    const [all, sign, y, mo, d] = m as unknown as [string, string, string, string, string];
    if (sign || y.length !== 4 || mo.length !== 2 || d.length !== 2) return `a non-ISO date "${all}"`;
    const year = Number(y);
    if (year < 1900 || year > 9999) return `a date outside 1900–9999: "${all}"`;
    const t = new Date(Date.UTC(year, Number(mo) - 1, Number(d)));
    if (t.getUTCMonth() !== Number(mo) - 1 || t.getUTCDate() !== Number(d)) return `not a calendar date: "${all}"`;
  }
  return undefined;
}

// ---------------------------------------------------------------- CSV

/** RFC 4180 cells (quoted cells unquoted, "" as "), one array per record. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      if (c === "\r") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** No cell a spreadsheet would run as a formula (OWASP: `=`, `+`, `-`, `@`, tab, CR), and a rectangle. */
export function csvFault(text: string): string | undefined {
  const rows = parseCsv(text);
  const width = rows[0]?.length ?? 0;
  for (const [i, row] of rows.entries()) {
    if (row.length !== width) return `CSV record ${i + 1} has ${row.length} cells, the header ${width}`;
    for (const cell of row)
      if (isFormulaCell(cell)) return `formula-leading CSV cell ${JSON.stringify(cell.slice(0, 40))}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- Markdown and HTML

/** Tags no llmcost renderer writes: seeing one raw means a user string became markup. */
const FOREIGN_TAG = /<(zz9|img|script|iframe|object)\b|<!--|href=["']?\s*(javascript|data):/i;
/** An attribute a user string opened by closing a quoted one (HTML only: Markdown has no raw tag to be in). */
const FOREIGN_ATTR = /\sdata-zz9=["']/;

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/**
 * Split Markdown into prose and fenced code blocks (CommonMark: a fence closes at a line of at least
 * as many of the same character). An unclosed fence is reported: the rest of the comment is code.
 */
export function markdownProse(text: string): { prose: string[]; unclosed: boolean } {
  const prose: string[] = [];
  let fence: { ch: string; n: number } | undefined;
  for (const line of text.split("\n")) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m?.[1]?.[0] === fence.ch && (m[1]?.length ?? 0) >= fence.n && line.trim() === m[1]) fence = undefined;
    } else if (m?.[1]) fence = { ch: m[1][0] as string, n: m[1].length };
    else prose.push(line);
  }
  return { prose, unclosed: fence !== undefined };
}

/**
 * A Markdown report (a PR comment): outside code blocks, no foreign tag and no HTML comment (the
 * `<!-- llmcost-diff -->` marker aside); `<details>` and `<summary>` balanced (a name cannot close the
 * fold); every row of a table has the header's number of cells (a `|` or a line break in a name would
 * shift the columns); every code block closed where llmcost closes it.
 */
export function markdownFault(text: string): string | undefined {
  const { prose, unclosed } = markdownProse(text);
  if (unclosed) return "a Markdown code block that does not close";
  const body = prose.join("\n").replace("<!-- llmcost-diff -->", "");
  const tag = FOREIGN_TAG.exec(body);
  if (tag) return `raw markup from user text in Markdown: "${tag[0]}"`;
  if (count(body, /<details\b/g) !== count(body, /<\/details>/g)) return "unbalanced <details> in Markdown";
  if (count(body, /<summary\b/g) !== count(body, /<\/summary>/g)) return "unbalanced <summary> in Markdown";
  let cells = -1;
  for (const line of prose) {
    if (!line.startsWith("|")) {
      cells = -1;
      continue;
    }
    const n = count(line.replace(/\\\\/g, "").replace(/\\\|/g, ""), /\|/g);
    if (cells < 0) cells = n;
    else if (n !== cells)
      return `a Markdown table row with ${n - 1} cells after a header of ${cells - 1}: ${line.slice(0, 80)}`;
  }
  return undefined;
}

/** An HTML (or SVG) report: no foreign tag or attribute, `<details>` balanced. */
export function htmlFault(text: string): string | undefined {
  const tag = FOREIGN_TAG.exec(text) ?? FOREIGN_ATTR.exec(text);
  if (tag) return `raw markup from user text in HTML: "${tag[0]}"`;
  if (count(text, /<details\b/g) !== count(text, /<\/details>/g)) return "unbalanced <details> in HTML";
  return undefined;
}

// ---------------------------------------------------------------- JSON

/** JSON that parses and validates against the output schema of its kind; estimates also keep the invariants. */
export function jsonFault(text: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `stdout is not JSON: ${(e as Error).message}`;
  }
  const kind = (data as { kind?: unknown } | null)?.kind;
  const schema =
    kind === "diff"
      ? Diff
      : kind === "trend"
        ? TrendReport
        : kind === "estimate_over"
          ? OverReport
          : kind === "usage"
            ? UsageReport
            : kind === undefined && data && typeof data === "object" && "items" in data
              ? Estimate
              : undefined;
  if (!schema) return undefined;
  const r = schema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    return `JSON output does not validate (${String(kind ?? "estimate")}): ${i?.path.join(".")}: ${i?.message}`;
  }
  if (schema === Estimate) {
    const f = estimateFaults(r.data as Estimate)[0];
    if (f) return `JSON estimate breaks an invariant: ${f.path.join(".")}: ${f.message}`;
  }
  return undefined;
}

/** The oracle for a report in `format`. */
export function formatFault(format: string, stdout: string): string | undefined {
  if (format === "csv") return csvFault(stdout);
  if (format === "markdown") return markdownFault(stdout);
  if (format === "html" || format === "svg") return htmlFault(stdout);
  if (format === "json") return jsonFault(stdout);
  return /\bNaN\b|Infinity|undefined/.test(stdout) ? "NaN/Infinity/undefined in the report" : undefined;
}
