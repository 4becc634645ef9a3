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

/**
 * The reader works on positions in the text: each line is its start (after the indentation), its
 * end (before trailing spaces) and its indentation, and a value is sliced out only when it is a
 * string. Keys come from a cache of the keys seen, so a key written 10,000 times is one string.
 */
export function fastYaml(text: string, maxDepth: number): unknown {
  if (ODD_TEXT.test(text)) return undefined;
  const reader = new Reader(text, maxDepth);
  // A document start marker on the first line (`---`, as many files begin) opens the one document.
  if (!reader.done && reader.ind === 0 && reader.e === reader.s + 3 && text.startsWith("---", reader.s))
    reader.advance();
  if (reader.done || reader.ind !== 0 || isItem(text, reader.s, reader.e)) return undefined;
  try {
    const value = reader.map(0, reader.s, 0);
    return reader.done ? value : undefined;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

/**
 * A cursor over the lines that hold something (not blank, not a comment): the current one's start
 * (after its indentation), end (before trailing spaces) and indentation, or `done` past the last.
 */
class Reader {
  s = 0;
  e = 0;
  ind = 0;
  done = false;
  /** Where the line after the current one starts. */
  private next = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.advance();
  }

  advance(): void {
    const text = this.text;
    let pos = this.next;
    while (pos <= text.length) {
      let end = text.indexOf("\n", pos);
      if (end < 0) end = text.length;
      let at = pos;
      while (at < end && text.charCodeAt(at) === 32) at++;
      if (at < end && text.charCodeAt(at) !== 35 /* # */) {
        let stop = end;
        while (text.charCodeAt(stop - 1) === 32) stop--;
        this.s = at;
        this.e = stop;
        this.ind = at - pos;
        this.next = end + 1;
        return;
      }
      pos = end + 1;
    }
    this.next = pos;
    this.done = true;
  }

  /** The mapping or sequence whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const s = this.s;
    return isItem(this.text, s, this.e) ? this.seq(indent, depth) : this.map(indent, s, depth);
  }

  /** A mapping whose keys sit at `indent`; its first entry starts at `from` on the current line (after a "- " perhaps). */
  map(indent: number, from: number, depth: number): Record<string, unknown> {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const text = this.text;
    const out: Record<string, unknown> = {};
    let s = from;
    for (;;) {
      const e = this.e;
      const colon = keyEnd(text, s, e);
      const key = keyAt(text, s, colon);
      if (Object.hasOwn(out, key)) throw UNSUPPORTED;
      this.advance();
      // The value: on the lines below (nothing after the colon but a comment), or after ": ".
      let v = colon + 1;
      if (v < e && text.charCodeAt(v) !== 32) throw UNSUPPORTED;
      while (v < e && text.charCodeAt(v) === 32) v++;
      if (v === e || text.charCodeAt(v) === 35 /* # */) out[key] = this.nested(indent, depth);
      else {
        out[key] = scalarOrFlow(text, v, e);
        this.noContinuation(indent);
      }
      if (this.done) return out;
      const next = this.ind;
      if (next < indent) return out;
      s = this.s;
      if (next > indent || isItem(text, s, this.e)) throw UNSUPPORTED;
    }
  }

  /** A sequence whose "- " marks sit at `indent`. */
  seq(indent: number, depth: number): unknown[] {
    if (depth >= this.maxDepth) throw UNSUPPORTED;
    const text = this.text;
    const out: unknown[] = [];
    for (;;) {
      const s = this.s;
      const e = this.e;
      let rest = s + 1;
      while (rest < e && text.charCodeAt(rest) === 32) rest++;
      if (rest === e || text.charCodeAt(rest) === 35 /* "-" then a comment */) {
        this.advance();
        out.push(this.nested(indent, depth, true));
      } else {
        if (isItem(text, rest, e)) throw UNSUPPORTED; // "- - a": a list in a list, written compactly
        if (isMapEntry(text, rest, e)) out.push(this.map(indent + (rest - s), rest, depth + 1));
        else {
          this.advance();
          out.push(scalarOrFlow(text, rest, e));
          this.noContinuation(indent);
        }
      }
      // A line at the marks' indentation that is no item ends a list written under its key (`key:` then `- a`).
      if (this.done) return out;
      const next = this.ind;
      if (next < indent || !isItem(text, this.s, this.e)) return out;
      if (next > indent) throw UNSUPPORTED;
    }
  }

  /**
   * The value of a key (or item) written on the lines below it: a block indented deeper, a sequence
   * at the key's own indentation (YAML allows `key:` then `- item` under it), or null.
   */
  nested(indent: number, depth: number, inSeq = false): unknown {
    if (this.done) return null;
    const next = this.ind;
    if (next < indent) return null;
    if (next > indent) return this.block(next, depth + 1);
    if (!inSeq && isItem(this.text, this.s, this.e)) return this.seq(indent, depth + 1);
    return null;
  }

  /** A scalar's line is followed by no deeper line (a multi-line plain scalar, or a fault). */
  noContinuation(indent: number): void {
    if (!this.done && this.ind > indent) throw UNSUPPORTED;
  }
}

/** Whether text[s, e) is a sequence item: `-` alone or `- …`. */
const isItem = (text: string, s: number, e: number): boolean =>
  text.charCodeAt(s) === 45 /* - */ && (e === s + 1 || text.charCodeAt(s + 1) === 32);

/** Where the key of a `key: value` entry at text[s, e) ends (its colon), or UNSUPPORTED when it is no such entry. */
function keyEnd(text: string, s: number, e: number): number {
  const i = text.indexOf(":", s);
  if (i <= s || i >= e || (i + 1 < e && text.charCodeAt(i + 1) !== 32)) throw UNSUPPORTED;
  return i;
}

/** The key text[s, colon): the same string each time it is written (checked once, see `checkKey`). */
function keyAt(text: string, s: number, colon: number): string {
  const known = KEYS_BY_LENGTH[colon - s];
  if (known) for (const k of known) if (text.startsWith(k, s)) return k;
  const key = text.slice(s, colon);
  checkKey(key);
  return key;
}
/** The keys in PLAIN_KEYS by their length. */
const KEYS_BY_LENGTH: string[][] = [];

/** Whether text[s, e) (a list item's text after "- ") starts a mapping: `key: …` or `key:`. */
function isMapEntry(text: string, s: number, e: number): boolean {
  if (INDICATOR.test(text[s] as string)) return false;
  for (let i = s + 1; i < e - 1; i++) if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32) return true;
  return text.charCodeAt(e - 1) === 58;
}

/** A value written on its key's line, text[s, e): a flow list `[a, b]`, a quoted string, or a plain scalar. */
function scalarOrFlow(text: string, s: number, e: number): unknown {
  const c = text.charCodeAt(s);
  if (c === 91 /* [ */ || c === 123 /* { */ || c === 34 /* " */ || c === 39 /* ' */)
    return flowOrQuoted(text.slice(s, e));
  // A comment ends the value (" #"); a ": " inside, or a ":" at its end, makes it something else.
  let stop = e;
  for (let i = s; i < e - 1; i++)
    if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 35) {
      stop = i;
      while (stop > s && text.charCodeAt(stop - 1) === 32) stop--;
      break;
    }
  for (let i = s; i < stop; i++)
    if (text.charCodeAt(i) === 58 && (i + 1 === stop || text.charCodeAt(i + 1) === 32)) throw UNSUPPORTED;
  return plain(text.slice(s, stop));
}

/** A flow list or mapping on one line, or a quoted string (with what may follow it: a comment). */
function flowOrQuoted(v: string): unknown {
  if (v.charCodeAt(0) === 91 /* [ */) {
    if (v.includes("#")) throw UNSUPPORTED;
    if (!v.endsWith("]")) throw UNSUPPORTED;
    const body = trimSpaces(v.slice(1, -1));
    if (body === "") return [];
    return body.split(",").map(flowItem);
  }
  if (v.charCodeAt(0) === 123 /* { */) {
    if (v.includes("#") || !v.endsWith("}")) throw UNSUPPORTED;
    const body = trimSpaces(v.slice(1, -1));
    const out: Record<string, unknown> = {};
    if (body === "") return out;
    for (const part of body.split(",")) {
      const colon = part.indexOf(":");
      if (colon < 0 || (colon + 1 < part.length && part.charCodeAt(colon + 1) !== 32)) throw UNSUPPORTED;
      const key = trimSpaces(part.slice(0, colon));
      checkKey(key);
      if (Object.hasOwn(out, key)) throw UNSUPPORTED;
      out[key] = flowItem(part.slice(colon + 1));
    }
    return out;
  }
  if (v.charCodeAt(0) === 34 || v.charCodeAt(0) === 39) {
    const { value, rest } = quoted(v);
    if (rest !== "" && !/^ +#/.test(rest)) throw UNSUPPORTED;
    return value;
  }
  throw UNSUPPORTED;
}

/** Without the spaces around it: YAML's white space is the space (tabs are left to the library), not U+00A0 and the like that `trim` takes. */
const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, "");

/** One scalar of a one-line flow list or mapping: no nesting, no quotes inside a plain scalar. */
function flowItem(part: string): unknown {
  const s = trimSpaces(part);
  if (s === "" || /[[\]{}]/.test(s)) throw UNSUPPORTED;
  if (s.charCodeAt(0) === 34 || s.charCodeAt(0) === 39) {
    const { value, rest } = quoted(s);
    if (rest !== "") throw UNSUPPORTED;
    return value;
  }
  if (s.includes(":") || /["'`]/.test(s)) throw UNSUPPORTED;
  return plain(s);
}

/** A plain key as written: a name, no indicator, not read as null, a boolean or a number. (Repeats: the caller.) */
function checkKey(key: string): void {
  if (PLAIN_KEYS.has(key)) return;
  if (!KEY.test(key) || key.endsWith(" ") || NULL.test(key) || TRUE.test(key) || FALSE.test(key)) throw UNSUPPORTED;
  // A key the core schema reads as a number (`1.0:`) becomes another object key ("1"): left to the library.
  if (DECIMAL.test(key) || OTHER_NUMBER.test(key)) throw UNSUPPORTED;
  if (key === "__proto__") throw UNSUPPORTED;
  // Keys repeat (a 10,000-item workload writes `model:` 10,000 times): each is checked once, and
  // found again by its length and text without a new string (a few per length: record keys may be many).
  if (PLAIN_KEYS.size < 4096) {
    PLAIN_KEYS.add(key);
    const same = KEYS_BY_LENGTH[key.length] ?? [];
    KEYS_BY_LENGTH[key.length] = same;
    if (same.length < 16) same.push(key);
  }
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
  const c = s.charCodeAt(0);
  // Most values start with a letter that begins no null, boolean or number: a string (no regex run).
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && !STARTS_WORD.has(c)) return s;
  if (c >= 48 && c <= 57) {
    // A digit starts no null, boolean or indicator: a decimal, another number (left to the library) or a string.
    const n = wholeNumber(s);
    if (n !== undefined) return n;
    if (DECIMAL.test(s)) return Number(s);
    if (OTHER_NUMBER.test(s)) throw UNSUPPORTED;
    return s;
  }
  if (INDICATOR.test(s) && !(s[0] === "-" && DECIMAL.test(s))) throw UNSUPPORTED;
  if (NULL.test(s)) return null;
  if (DECIMAL.test(s)) return Number(s);
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  if (OTHER_NUMBER.test(s)) throw UNSUPPORTED;
  return s;
}
/** The first letters of null, Null, NULL, true, True, TRUE, false, False, FALSE. */
const STARTS_WORD = new Set([110, 78, 116, 84, 102, 70]);

/** Digits only, no leading zero, at most 15 of them: the number they write (exact), or undefined. */
function wholeNumber(s: string): number | undefined {
  const len = s.length;
  if (len > 15 || (s.charCodeAt(0) === 48 && len > 1)) return undefined;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}
