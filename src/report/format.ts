/**
 * Rounding lives here and only here (STYLE.md habit 4): the engine and JSON keep full precision;
 * tables, Markdown and CSV round money to 2 decimals from 1 up, and below 1 to 4 decimals or two
 * significant digits, whichever shows more ($0.0035, $0.000015: never "$0.0000" for an amount that is
 * not zero). Amounts from 1e15 up keep their magnitude in exponent form ($6.39e22), and never print
 * "-0.00". docs/numbers.md has the rules with examples.
 */

import stringWidth from "string-width";

const SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", CNY: "CN¥", JPY: "JP¥" };

/** From here up, digits stop helping: exponent form. */
const HUGE = 1e15;
/** Below this, an amount is printed in exponent form too (no one reads 13 zeros). */
const TINY = 1e-6;

/** `6.39e22`, `-1.5e-12`: two decimals of mantissa, no "+" in the exponent. */
export function exponent(n: number): string {
  return n.toExponential(2).replace("e+", "e");
}

export function roundMoney(n: number): string {
  const a = Math.abs(n);
  if (a >= HUGE || (a > 0 && a < TINY)) return exponent(n);
  // Two significant digits below 1 (0.000015 → 6 decimals), at least 4 decimals.
  const decimals = a >= 1 || a === 0 ? 2 : Math.max(4, 1 - Math.floor(Math.log10(a)));
  const s = n.toFixed(decimals);
  // Never "-0.00" (only a negative amount can print a sign: the regular expression is rarely asked).
  return s.charCodeAt(0) === 45 && /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/**
 * Digits grouped by three with commas: "1234567.5" → "1,234,567.5"; exponent forms as they are.
 * By hand rather than by a regular expression: a 10,000-item table groups ~100,000 numbers (issue 15);
 * a property test holds it to the regular expression's reading.
 */
export function group(s: string): string {
  if (s.includes("e")) return s;
  const start = s.charCodeAt(0) === 45 ? 1 : 0;
  const dot = s.indexOf(".");
  const end = dot < 0 ? s.length : dot;
  if (end - start <= 3) return s;
  const head = (end - start) % 3 || 3;
  let out = s.slice(0, start + head);
  for (let i = start + head; i < end; i += 3) out += `,${s.slice(i, i + 3)}`;
  return end < s.length ? out + s.slice(end) : out;
}

/** `$1,234.56`, `CN¥0.0420`, `CHF 12.00`. */
export function money(n: number, currency: string): string {
  if (!Number.isFinite(n)) return "n/a";
  return withSymbol(group(roundMoney(n)), currency);
}

/** A grouped amount with the currency's symbol (or code) after its sign. */
function withSymbol(s: string, currency: string): string {
  const sym = SYMBOL[currency] ?? `${currency} `;
  return s.charCodeAt(0) === 45 ? `-${sym}${s.slice(1)}` : sym + s;
}

/** Signed difference: `+$12.30`, `-$4.00`, `$0.00`. */
export function signedMoney(n: number, currency: string): string {
  const r = roundMoney(n);
  const m = Number.isFinite(n) ? withSymbol(group(r), currency) : "n/a";
  // Rounds to zero at either precision ("0.00" or "0.0000"): no sign.
  if (Number(r) === 0 || m.charCodeAt(0) === 45) return m;
  return `+${m}`;
}

export function percent(ratio: number): string {
  if (!Number.isFinite(ratio)) return "n/a";
  const p = ratio * 100;
  const s = Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1);
  const clean = s === "-0" || s === "-0.0" ? s.slice(1) : s;
  return `${p > 0 && clean !== "0" && clean !== "0.0" ? "+" : ""}${clean}%`;
}

/** Plain numbers for quantities: 608333.33 → "608,333"; 1.5e9 → "1.50B". */
export function quantity(n: number): string {
  const a = Math.abs(n);
  // Past 1,000T a suffix stops helping (and toFixed switches to "1e+288T"): plain exponent notation.
  if (a >= 1e15) return exponent(n);
  if (a >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e7) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1000 || Number.isInteger(n)) return group(Math.round(n).toString());
  const s = n.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/** A unit price: up to 6 significant digits, no float noise; exponent form from 1e15 up. */
export function unitPrice(n: number): string {
  if (n === 0) return "0";
  if (Math.abs(n) >= HUGE) return exponent(n);
  return Number.parseFloat(n.toPrecision(6)).toString();
}

/** "1 request", "2 requests", "608,333 requests", "0.50 requests": the count as `quantity` prints it. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${quantity(n)} ${n === 1 ? singular : plural}`;
}

/**
 * Numbers inside text the engine wrote (an `--explain` line: "608333333.3333334 × 0.15 ÷ 1e6") made
 * readable: grouped digits, float noise cut to 6 significant digits, huge ones in exponent form.
 * Plain small integers and dates are left as they are.
 */
export function readableNumbers(text: string): string {
  return text.replace(/(?<![\w.-])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w-])/g, (m) => {
    const n = Number(m);
    if (!Number.isFinite(n)) return m;
    if (m.includes("e")) return m.replace("e+", "e");
    if (Math.abs(n) >= HUGE) return exponent(n);
    if (Math.abs(n) >= 1e4) return group(n.toFixed(2).replace(/\.?0+$/, ""));
    return String(Number.parseFloat(n.toPrecision(6)));
  });
}

export const PRICE_UNIT_LABEL: Record<string, string> = {
  per_1m_tokens: "/1M tok",
  per_request: "/request",
  per_image: "/image",
  per_gpu_hour: "/GPU-h",
  per_gb_month: "/GB-mo",
  fixed: "",
  per_1k_calls: "/1k calls",
  per_call: "/call",
  per_session: "/session",
  per_hour: "/h",
  per_gb_day: "/GB-day",
  per_minute: "/min",
  per_second: "/s",
  per_1m_characters: "/1M chars",
  per_1m_token_hours: "/1M tok-h",
  per_unit_hour: "/unit-h",
  per_unit_week: "/unit-week",
  per_unit_month: "/unit-month",
  per_unit_quarter: "/unit-quarter",
  per_unit_6_months: "/unit-6mo",
  per_unit_year: "/unit-year",
  per_month: "/month",
  per_year: "/year",
  per_pack: "/pack",
  per_amount: "",
};

/**
 * Columns a string takes on a terminal: CJK and other wide characters take two, combining marks
 * and colour codes none (string-width).
 */
export function cells(s: string): number {
  const w = plainCells(s);
  return w >= 0 ? w : sequenceCells(s);
}

/**
 * The display width of text without escape codes, astral characters and emoji joiners (ZWJ,
 * variation selectors, keycaps), or -1 for text with one. Such text is as wide as the sum of its
 * characters: string-width strips escape sequences and replaces emoji sequences as wholes, but
 * otherwise counts code point by code point. So it ("× $0.15/1M tok", "✓", "新人免费额度") is
 * measured with one table lookup a character, printable ASCII with none (and no regular expression:
 * a 10,000-item table measures ~200,000 cells, issue 15); a property test holds `cells` to
 * string-width. Widths of such texts add up when they are joined: the table renderer measures the
 * parts of a line once and adds.
 */
export function plainCells(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) w++;
    else if (
      c === 0x1b ||
      c === 0x9b ||
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0x200d ||
      c === 0x20e3 ||
      (c >= 0xfe00 && c <= 0xfe0f)
    )
      return -1;
    else {
      let cw = CHAR_CELLS[c] as number;
      if (cw < 0) cw = CHAR_CELLS[c] = stringWidth(String.fromCharCode(c));
      w += cw;
    }
  }
  return w;
}

/** Columns of each character of the Basic Multilingual Plane on its own, from string-width; -1: not asked yet. */
const CHAR_CELLS = new Int8Array(0x10000).fill(-1);

/** Text with escape codes or emoji sequences, through string-width (remembered). */
function sequenceCells(s: string): number {
  // string-width builds its regular expressions anew on every call, and a long report measures the
  // same few labels thousands of times.
  let w = WIDTHS.get(s);
  if (w === undefined) {
    if (WIDTHS.size >= 10_000) WIDTHS.clear();
    w = stringWidth(s);
    WIDTHS.set(s, w);
  }
  return w;
}
const WIDTHS = new Map<string, number>();

/** Pad to `width` display columns, on the left when `right`. */
export function padCells(s: string, width: number, right = false): string {
  const gap = " ".repeat(Math.max(0, width - cells(s)));
  return right ? gap + s : s + gap;
}

/** Cut to `width` display columns with "…" (prose only: names and numbers wrap, see wrapCell). */
export function truncate(s: string, width: number): string {
  if (cells(s) <= width) return s;
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = cells(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/**
 * Break one word into pieces of at most `width` columns, after a `/`, `-`, `.`, `:`, `@` or `_` when
 * one falls in the second half of the piece (ids read best split there), else at the width.
 */
function breakWord(word: string, width: number): string[] {
  const out: string[] = [];
  let rest = [...word];
  while (rest.length && cells(rest.join("")) > width) {
    let w = 0;
    let fit = 0;
    while (fit < rest.length && w + cells(rest[fit] as string) <= width) w += cells(rest[fit++] as string);
    fit = Math.max(1, fit);
    let cut = fit;
    for (let i = fit; i > fit / 2; i--)
      if (/[/\-.:@_]/.test(rest[i - 1] as string)) {
        cut = i;
        break;
      }
    out.push(rest.slice(0, cut).join(""));
    rest = rest.slice(cut);
  }
  if (rest.length) out.push(rest.join(""));
  return out;
}

/**
 * The lines of a table cell `width` columns wide: wrapped at spaces, and a word too long for the
 * cell broken as breakWord does. Nothing is cut: a name or a number is always shown whole.
 */
export function wrapCell(text: string, width: number): string[] {
  // Text that fits, not starting with a space, is its own one line: wrapCellWords rebuilds it word
  // by word (widths add up across a space), measuring every prefix on the way.
  if (text.charCodeAt(0) !== 32 && cells(text) <= width) return [text];
  return wrapCellWords(text, width);
}

/** `wrapCell` word by word, without its shortcut (a property test holds the two equal). */
export function wrapCellWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (cells(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    const pieces = breakWord(word, width);
    line = pieces.pop() ?? "";
    lines.push(...pieces);
  }
  lines.push(line);
  return lines;
}

/** The width text renderers lay out to: the terminal's, kept between 60 and 120 columns. */
export function textWidth(columns: number): number {
  return Math.max(60, Math.min(columns, 120));
}

/**
 * Word-wrap `text` to `width` display columns, every line starting with `indent` (continuations
 * indented 2 more). Breaks at spaces; a word longer than a line is broken after a `/`, `-`, `.`…
 * (breakWord), except a URL, which stays whole and may run past the width on its own line.
 */
export function wrap(text: string, width: number, indent: string): string {
  const room = Math.max(8, width - cells(indent) - 2);
  // Most lines fit: text that starts with a non-space, after a blank indent, no wider than the line
  // and than `room` (so no word in it is broken) comes out of wrapWords as `indent + text`.
  if (/^\S/.test(text) && (indent === "" || blank(indent))) {
    const w = cells(text);
    if (w <= room && cells(indent) + w <= width) return indent + text;
  }
  return wrapWords(text, width, indent);
}

/** `wrap` word by word, without its shortcut (a property test holds the two equal). */
export function wrapWords(text: string, width: number, indent: string): string {
  const room = Math.max(8, width - cells(indent) - 2);
  const out: string[] = [];
  let line = indent;
  // A word longer than a whole line (an id, not a URL) is broken like a table cell, never cut; its
  // pieces go on lines of their own, joined with no space.
  // Widths add up across a space (no escape code or emoji sequence spans one): each word is
  // measured once, not the line again for every word.
  let lineW = cells(indent);
  for (const whole of text.split(" ")) {
    const wholeW = cells(whole);
    const pieces = wholeW > room && !whole.includes("://") ? breakWord(whole, room) : [whole];
    pieces.forEach((word, k) => {
      const wordW = pieces.length === 1 ? wholeW : cells(word);
      const empty = blank(line);
      const candidateW = empty ? lineW + wordW : lineW + 1 + wordW;
      if ((k > 0 || candidateW > width) && !empty) {
        out.push(line);
        line = `${indent}  ${word}`;
        lineW = cells(indent) + 2 + wordW;
      } else {
        line = empty ? `${line}${word}` : `${line} ${word}`;
        lineW = candidateW;
      }
    });
  }
  out.push(line);
  return out.join("\n");
}

/** True when `l` is empty or only white space (JavaScript's, as `trim` and `\s` read it). */
function blank(l: string): boolean {
  return l.trim() === "";
}

/** Wrap each line of `text` on its own, continuations indented 2 past the line's own indentation. */
export function wrapLines(text: string, width: number): string {
  return text
    .split("\n")
    .map((l) => {
      if (cells(l) <= width) return l;
      const indent = /^ */.exec(l)?.[0] ?? "";
      return wrap(l.slice(indent.length), width, indent);
    })
    .join("\n");
}

/** Escaping lives in src/escape.ts (one function per channel); these names stay for the renderers. */
export { csvCell, markdownFence, markdownText as esc } from "../escape.js";
