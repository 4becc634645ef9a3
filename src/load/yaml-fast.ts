/**
 * A fast reader for the plain subset of YAML that workloads are written in (and generated in, at
 * 10,000 items): block mappings and sequences, plain scalars, simple quoted strings, one-line flow
 * lists and comments. It returns the same JavaScript value as the `yaml` library under the core
 * schema would, or `undefined` the moment the text leaves the subset, and then `parseYaml` reads the
 * file with the library as before. It never reports an error itself: a file with a fault is read
 * again by the library, which places the fault. (The library keeps a node with its position for
 * every value, so a 1.5 MB workload took 0.6 s to read; this takes a few tens of milliseconds.)
 *
 * Left to the library: tabs, `\r`, a BOM, control characters, directives, document markers (but a
 * leading `---`), anchors, aliases and tags, block scalars (`|`, `>`), nested flow collections
 * (one line of scalars is read), quoted strings with escapes, multi-line plain scalars, quoted or
 * complex keys, duplicate keys, keys that resolve to null, a boolean or a number, `__proto__`,
 * scalars the core schema reads as numbers other than plain decimals (`0x1f`, `0o17`, `.5`, `+1`,
 * `.inf`), and nesting deeper than `maxDepth`.
 * tests/load/yaml-fast.test.ts checks the equality against the library on generated documents.
 */

/** What sends a file to the library: anything the subset does not cover. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
/** Plain decimals: what Number() reads exactly as the core schema's int and float resolvers do. */
const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** Anything else the core schema reads as a number (or NaN, infinity): left to the library. */
const OTHER_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters that change a whole file's reading (tabs, CR, BOM, control characters, bidi overrides). */
const ODD_TEXT = /[\t\r\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** First characters of a plain scalar that make it something else (an indicator). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** A plain key: starts like a name, no indicator inside that could end it early. */
const KEY = /^[A-Za-z0-9_$][^:#'"[\]{},&*!|>%@`]*$/;

interface Line {
  indent: number;
  text: string;
}

export function fastYaml(text: string, maxDepth: number): unknown {
  if (ODD_TEXT.test(text)) return undefined;
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    let indent = pos;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    if (indent < end && text.charCodeAt(indent) !== 35 /* # */) {
      let stop = end;
      while (text.charCodeAt(stop - 1) === 32) stop--;
      lines.push({ indent: indent - pos, text: text.slice(indent, stop) });
    }
    pos = end + 1;
  }
  // A document start marker on the first line (`---`, as many files begin) opens the one document.
  if (lines[0]?.indent === 0 && lines[0].text === "---") lines.shift();
  const first = lines[0];
  if (first?.indent !== 0 || isItem(first.text)) return undefined;
  try {
    const reader = new Reader(lines, maxDepth);
    const value = reader.map(0, first.text, 0);
    return reader.at === lines.length ? value : undefined;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

class Reader {
  at = 0;
  constructor(
    private readonly lines: Line[],
    private readonly maxDepth: number,
  ) {}

  /** The mapping or sequence whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const line = this.lines[this.at] as Line;
    return isItem(line.text) ? this.seq(indent, depth) : this.map(indent, line.text, depth);
  }

  /** A mapping whose keys sit at `indent`; `first` is the text of its first entry (after a "- " perhaps). */
  map(indent: number, first: string, depth: number): Record<string, unknown> {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const out: Record<string, unknown> = {};
    let text = first;
    for (;;) {
      const colon = keyEnd(text);
      const key = text.slice(0, colon);
      checkKey(key, out);
      const rest = text.slice(colon + 1);
      this.at++;
      if (rest === "" || /^ +#/.test(rest)) {
        out[key] = this.nested(indent, depth);
      } else {
        if (rest.charCodeAt(0) !== 32) throw UNSUPPORTED;
        out[key] = scalarOrFlow(rest.trimStart());
        this.noContinuation(indent);
      }
      const next: Line | undefined = this.lines[this.at];
      if (!next || next.indent < indent) return out;
      if (next.indent > indent || isItem(next.text)) throw UNSUPPORTED;
      text = next.text;
    }
  }

  /** A sequence whose "- " marks sit at `indent`. */
  seq(indent: number, depth: number): unknown[] {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.at] as Line;
      if (line.text === "-" || /^- +#/.test(line.text)) {
        this.at++;
        out.push(this.nested(indent, depth, true));
      } else {
        let col = 1;
        while (line.text.charCodeAt(col) === 32) col++;
        const rest = line.text.slice(col);
        if (isItem(rest)) throw UNSUPPORTED; // "- - a": a list in a list, written compactly
        if (isMapEntry(rest)) out.push(this.map(indent + col, rest, depth + 1));
        else {
          this.at++;
          out.push(scalarOrFlow(rest));
          this.noContinuation(indent);
        }
      }
      const next = this.lines[this.at];
      // A line at the marks' indentation that is no item ends a list written under its key (`key:` then `- a`).
      if (!next || next.indent < indent || !isItem(next.text)) return out;
      if (next.indent > indent) throw UNSUPPORTED;
    }
  }

  /**
   * The value of a key (or item) written on the lines below it: a block indented deeper, a sequence
   * at the key's own indentation (YAML allows `key:` then `- item` under it), or null.
   */
  nested(indent: number, depth: number, inSeq = false): unknown {
    const next = this.lines[this.at];
    if (!next || next.indent < indent) return null;
    if (next.indent > indent) return this.block(next.indent, depth + 1);
    if (!inSeq && isItem(next.text)) return this.seq(indent, depth + 1);
    return null;
  }

  /** A scalar's line is followed by no deeper line (a multi-line plain scalar, or a fault). */
  noContinuation(indent: number): void {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw UNSUPPORTED;
  }
}

const isItem = (t: string): boolean => t === "-" || t.startsWith("- ");

/** Where the key of a `key: value` line ends (its colon), or UNSUPPORTED when the line is no such entry. */
function keyEnd(t: string): number {
  const i = t.indexOf(":");
  if (i <= 0 || (i + 1 < t.length && t.charCodeAt(i + 1) !== 32)) throw UNSUPPORTED;
  return i;
}

function isMapEntry(t: string): boolean {
  if (INDICATOR.test(t)) return false;
  const i = t.indexOf(": ");
  return i > 0 || t.endsWith(":");
}

/** A value written on its key's line: a flow list `[a, b]`, a quoted string, or a plain scalar. */
function scalarOrFlow(v: string): unknown {
  if (v.charCodeAt(0) === 91 /* [ */) {
    if (v.includes("#")) throw UNSUPPORTED;
    if (!v.endsWith("]")) throw UNSUPPORTED;
    const body = v.slice(1, -1).trim();
    if (body === "") return [];
    return body.split(",").map(flowItem);
  }
  if (v.charCodeAt(0) === 123 /* { */) {
    if (v.includes("#") || !v.endsWith("}")) throw UNSUPPORTED;
    const body = v.slice(1, -1).trim();
    const out: Record<string, unknown> = {};
    if (body === "") return out;
    for (const part of body.split(",")) {
      const colon = part.indexOf(":");
      if (colon < 0 || (colon + 1 < part.length && part.charCodeAt(colon + 1) !== 32)) throw UNSUPPORTED;
      const key = part.slice(0, colon).trim();
      checkKey(key, out);
      out[key] = flowItem(part.slice(colon + 1));
    }
    return out;
  }
  if (v.charCodeAt(0) === 34 || v.charCodeAt(0) === 39) {
    const { value, rest } = quoted(v);
    if (rest !== "" && !/^ +#/.test(rest)) throw UNSUPPORTED;
    return value;
  }
  const hash = v.indexOf(" #");
  const s = hash >= 0 ? v.slice(0, hash).trimEnd() : v;
  if (s.includes(": ") || s.endsWith(":")) throw UNSUPPORTED;
  return plain(s);
}

/** One scalar of a one-line flow list or mapping: no nesting, no quotes inside a plain scalar. */
function flowItem(part: string): unknown {
  const s = part.trim();
  if (s === "" || /[[\]{}]/.test(s)) throw UNSUPPORTED;
  if (s.charCodeAt(0) === 34 || s.charCodeAt(0) === 39) {
    const { value, rest } = quoted(s);
    if (rest !== "") throw UNSUPPORTED;
    return value;
  }
  if (s.includes(":") || /["'`]/.test(s)) throw UNSUPPORTED;
  return plain(s);
}

/** A plain key as written: a name, no indicator, not read as null, a boolean or a number; not repeated. */
function checkKey(key: string, seen: Record<string, unknown>): void {
  if (!PLAIN_KEYS.has(key)) {
    if (!KEY.test(key) || key.endsWith(" ") || NULL.test(key) || TRUE.test(key) || FALSE.test(key)) throw UNSUPPORTED;
    // A key the core schema reads as a number (`1.0:`) becomes another object key ("1"): left to the library.
    if (DECIMAL.test(key) || OTHER_NUMBER.test(key)) throw UNSUPPORTED;
    if (key === "__proto__") throw UNSUPPORTED;
    // Keys repeat (a 10,000-item workload writes `model:` 10,000 times): each is checked once.
    if (PLAIN_KEYS.size < 4096) PLAIN_KEYS.add(key);
  }
  if (Object.hasOwn(seen, key)) throw UNSUPPORTED;
}
/** Keys that passed the checks above (which depend on the key alone). */
const PLAIN_KEYS = new Set<string>();

/** A quoted string without escapes (`"…"` with no backslash, `'…'` with no doubled quote). */
function quoted(s: string): { value: string; rest: string } {
  const q = s[0] as string;
  const close = s.indexOf(q, 1);
  if (close < 0) throw UNSUPPORTED;
  const value = s.slice(1, close);
  if (q === '"' && value.includes("\\")) throw UNSUPPORTED;
  if (q === "'" && s[close + 1] === "'") throw UNSUPPORTED;
  return { value, rest: s.slice(close + 1) };
}

/** A plain scalar under the core schema: null, a boolean, a decimal, or the string itself. */
function plain(s: string): unknown {
  if (INDICATOR.test(s) && !(s[0] === "-" && DECIMAL.test(s))) throw UNSUPPORTED;
  if (NULL.test(s)) return null;
  if (DECIMAL.test(s)) return Number(s);
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  if (OTHER_NUMBER.test(s)) throw UNSUPPORTED;
  return s;
}
