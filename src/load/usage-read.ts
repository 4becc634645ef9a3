import { closeSync, openSync, readSync, statSync } from "node:fs";
import { isDayAt, isTimeAt } from "../schema/primitive-checks.js";
import type { UsageRow } from "../schema/usage.js";
import {
  csvCells,
  detectHeader,
  detectRecord,
  providerId,
  READERS,
  type ReadOptions,
  USAGE_FORMATS,
  type UsageFormat,
} from "./usage-formats.js";
import { cutPoints, eachLine, fileChunks, isGzip, type UsageSource } from "./usage-sources.js";

/**
 * Read usage sources into rows: detect each source's format from its first record (or take
 * --input-format), then stream it line by line. Problems are reported per line (file and line) and
 * the line is skipped; `onProblem` returns false to stop reading (--max-errors).
 *
 * Three shapes of input: JSON lines (one record per line, streamed); one JSON document (an export
 * page, an OTLP file, a JSON array: read whole, since it is one value); CSV with a header row.
 */

export interface ReadUsageOptions extends ReadOptions {
  format?: UsageFormat | undefined;
  /** --provider: the provider of rows that do not name one. */
  provider?: string | undefined;
}

export interface SourceSummary {
  file: string;
  format: string;
  rows: number;
  errors: number;
}

/** A row read; return false to stop reading everything (a refused row past --max-errors). */
export type OnRow = (row: UsageRow) => boolean | undefined;
/** A problem at file:line; return false to stop reading everything. */
export type OnProblem = (file: string, line: number, message: string) => boolean;

/**
 * Strings seen again and again (models, providers, projects, dates) are kept once: a value is
 * compared in place with the ones already seen and the kept string is returned, so a line of a
 * known model allocates nothing for it, and Map lookups hit a string whose hash is already known.
 */
class Interner {
  /** Open addressing on the hash (a power of two, twice the most kept): cheaper than a Map per value. */
  private readonly table: (string | undefined)[];
  private readonly mask: number;
  private kept = 0;
  constructor(private readonly max: number) {
    let size = 16;
    while (size < max * 2) size *= 2;
    this.table = new Array<string | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }
  /** The string at line[start, end), or undefined when it holds an escape (the caller falls back). */
  get(line: string, start: number, end: number): string | undefined {
    let h = end - start;
    for (let k = start; k < end; k++) {
      const c = line.charCodeAt(k);
      if (c === 92) return undefined;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const len = end - start;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.table[i];
      if (s === undefined) {
        const fresh = line.slice(start, end);
        if (this.kept < this.max) {
          this.table[i] = fresh;
          this.kept++;
        }
        return fresh;
      }
      if (s.length === len && line.startsWith(s, start)) return s;
    }
  }
}

/**
 * The fast path for llmcost's own JSON lines (the format of the 10M-row benchmark): a flat object
 * of strings, numbers and booleans scanned in place, without JSON.parse, an object per line or a
 * string per key. Anything else (an escape, a nested value, an unknown key, a time that is not
 * `…T…Z`) returns undefined and the line goes through JSON.parse and the ordinary reader, which
 * says what is wrong. The row returned is reused by the next call: read it before scanning again.
 */
export class LlmcostLineScanner {
  private readonly strings = new Interner(4096);
  private readonly dates = new Interner(4096);
  /** Provider ids by the (kept) name written in the log: no lower-casing per row. */
  private readonly providers = new Map<string, string | undefined>();
  private providerOf(name: string): string | undefined {
    let id = this.providers.get(name);
    if (id === undefined && !this.providers.has(name)) {
      id = providerId(name);
      if (this.providers.size < 4096) this.providers.set(name, id);
    }
    return id;
  }
  private readonly row: UsageRow = {
    timestamp: "",
    date: undefined,
    minute: undefined,
    provider: undefined,
    model: "",
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: undefined,
    cache_write_tokens: undefined,
    reasoning_tokens: undefined,
    requests: undefined,
    batch: undefined,
    cost: undefined,
    project: undefined,
    key: undefined,
    user: undefined,
    tag: undefined,
    long_context: undefined,
    file: undefined,
    line: undefined,
  };

  /**
   * Scan line[start, end) of a decoded chunk: the line is read where it is, never cut out (a
   * character of a sliced string costs an indirection, and this loop reads every one).
   */
  scan(line: string, start: number, end: number): UsageRow | undefined {
    const n = end;
    let i = start;
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (line.charCodeAt(i) !== 123) return undefined;
    i++;
    const row = this.row;
    row.provider = undefined;
    row.cached_tokens = undefined;
    row.cache_write_tokens = undefined;
    row.reasoning_tokens = undefined;
    row.requests = undefined;
    row.batch = undefined;
    row.cost = undefined;
    row.project = undefined;
    row.key = undefined;
    row.user = undefined;
    row.tag = undefined;
    let seen = 0; // bits: 1 timestamp, 2 model, 4 input, 8 output
    for (;;) {
      while (i < n && line.charCodeAt(i) <= 32) i++;
      let c = line.charCodeAt(i);
      if (c === 125) break;
      if (c !== 34) return undefined;
      const ks = i + 1;
      const ke = line.indexOf('"', ks);
      if (ke < 0 || ke >= n) return undefined;
      const field = fieldOf(line, ks, ke - ks);
      if (field === 0) return undefined;
      i = ke + 1;
      while (i < n && line.charCodeAt(i) <= 32) i++;
      if (line.charCodeAt(i) !== 58) return undefined;
      i++;
      while (i < n && line.charCodeAt(i) <= 32) i++;
      c = line.charCodeAt(i);
      if (c === 34) {
        // a string value
        const vs = i + 1;
        const ve = line.indexOf('"', vs);
        if (ve < 0 || ve >= n || line.charCodeAt(ve - 1) === 92) return undefined;
        i = ve + 1;
        switch (field) {
          case F_TIMESTAMP: {
            // …T…Z only (already UTC); anything else through the ordinary reader
            if (
              ve - vs < 17 ||
              line.charCodeAt(ve - 1) !== 90 ||
              line.charCodeAt(vs + 10) !== 84 ||
              line.charCodeAt(vs + 13) !== 58 ||
              !isDayAt(line, vs) ||
              !isTimeAt(line, vs + 11)
            )
              return undefined;
            const date = this.dates.get(line, vs, vs + 10);
            if (date === undefined) return undefined;
            // The engine needs the day and, for off-peak windows, the minute: no string for the rest.
            row.timestamp = date;
            row.date = date;
            row.minute =
              ((line.charCodeAt(vs + 11) - 48) * 10 + line.charCodeAt(vs + 12) - 48) * 60 +
              (line.charCodeAt(vs + 14) - 48) * 10 +
              line.charCodeAt(vs + 15) -
              48;
            if (!(row.minute >= 0 && row.minute < 1440)) return undefined;
            seen |= 1;
            break;
          }
          case F_MODEL:
            if (ve === vs) return undefined;
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.model = v;
            }
            seen |= 2;
            break;
          case F_PROVIDER:
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.provider = this.providerOf(v);
            }
            break;
          case F_PROJECT:
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.project = v;
            }
            break;
          case F_KEY:
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.key = v;
            }
            break;
          case F_USER:
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.user = v;
            }
            break;
          case F_TAG:
            {
              const v = this.strings.get(line, vs, ve);
              if (v === undefined) return undefined;
              row.tag = v;
            }
            break;
          default:
            return undefined;
        }
      } else if ((c >= 48 && c <= 57) || c === 45) {
        const numStart = i;
        let v = 0;
        let simple = c !== 45;
        while (i < n) {
          const d = line.charCodeAt(i);
          if (d >= 48 && d <= 57) v = v * 10 + (d - 48);
          else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) simple = false;
          else break;
          i++;
        }
        const num = simple && i - numStart < 16 ? v : Number(line.slice(numStart, i));
        if (Number.isNaN(num)) return undefined;
        switch (field) {
          case F_INPUT:
            row.input_tokens = num;
            seen |= 4;
            break;
          case F_OUTPUT:
            row.output_tokens = num;
            seen |= 8;
            break;
          case F_CACHED:
            row.cached_tokens = num;
            break;
          case F_CACHE_WRITE:
            row.cache_write_tokens = num;
            break;
          case F_REASONING:
            row.reasoning_tokens = num;
            break;
          case F_REQUESTS:
            row.requests = num;
            break;
          case F_COST:
            row.cost = num;
            break;
          default:
            return undefined;
        }
      } else if (c === 116 && line.startsWith("true", i)) {
        if (field !== F_BATCH) return undefined;
        row.batch = true;
        i += 4;
      } else if (c === 102 && line.startsWith("false", i)) {
        if (field !== F_BATCH) return undefined;
        row.batch = false;
        i += 5;
      } else if (c === 110 && line.startsWith("null", i)) {
        // null: the field is absent (required ones stay unseen)
        i += 4;
      } else return undefined;
      while (i < n && line.charCodeAt(i) <= 32) i++;
      c = line.charCodeAt(i);
      i++;
      if (c === 44) continue;
      if (c === 125) break;
      return undefined;
    }
    if (seen !== 15 || i !== n) return undefined;
    if (row.model.indexOf("/") > 0) return undefined;
    return row;
  }
}

const F_TIMESTAMP = 1;
const F_MODEL = 2;
const F_PROVIDER = 3;
const F_INPUT = 4;
const F_OUTPUT = 5;
const F_CACHED = 6;
const F_CACHE_WRITE = 7;
const F_REASONING = 8;
const F_REQUESTS = 9;
const F_BATCH = 10;
const F_COST = 11;
const F_PROJECT = 12;
const F_KEY = 13;
const F_USER = 14;
const F_TAG = 15;

/** Key names by field number, and the character checks that tell them apart without a string. */
const KEYS = [
  "",
  "timestamp",
  "model",
  "provider",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "requests",
  "batch",
  "cost",
  "project",
  "key",
  "user",
  "tag",
];
/** (length, first letter) → field: unique among the llmcost keys (a typed array: no Map per key). */
const BY_SHAPE = new Uint8Array(32 * 128);
KEYS.forEach((k, f) => {
  if (f > 0) BY_SHAPE[k.length * 128 + k.charCodeAt(0)] = f;
});

/**
 * Which llmcost field the key at line[start, start+len) names (0: none): looked up by length and
 * first letter, then checked letter by letter (a plain loop: cheaper than a substring per key).
 */
function fieldOf(line: string, start: number, len: number): number {
  const c0 = line.charCodeAt(start);
  if (len >= 32 || c0 >= 128) return 0;
  const f = BY_SHAPE[len * 128 + c0] as number;
  if (f === 0) return 0;
  const name = KEYS[f] as string;
  for (let k = 1; k < len; k++) if (line.charCodeAt(start + k) !== name.charCodeAt(k)) return 0;
  return f;
}

/** What the readers of all sources share: the callbacks, the line scanner, and whether to stop. */
interface ReadContext {
  opts: ReadUsageOptions;
  onRow: OnRow;
  onProblem: OnProblem;
  onDetected: ((file: string, format: UsageFormat, how: "detected" | "given") => void) | undefined;
  scanner: LlmcostLineScanner;
  /** Set when onProblem says stop (--max-errors): nothing more is read, from any source. */
  stopped: boolean;
}

/**
 * Cutting one large plain file of JSON lines into byte ranges read in parallel (docs/usage.md,
 * Scale). The caller (the CLI) says how many parts and reads the later ranges elsewhere (worker
 * threads); this reads the first record and the first range here, then hands each later range's
 * result to `merge` in order, with the number of lines before it, so places and orders come out
 * as in one pass.
 */
export interface SplitReading<R extends RangeResult> {
  /** How many parts a large file is cut into: the first is read here, the others by `readRange`. */
  parts: number;
  /** Files smaller than this are read in one pass, here. */
  minBytes: number;
  /** Start reading bytes [start, end) of `path`, JSON lines of `format`, lines numbered from 1. */
  readRange(path: string, name: string, start: number, end: number, format: UsageFormat): RangeTask<R>;
  /**
   * Add one range's result after what was read before it (`lineOffset` lines). "refused": it
   * cannot be added exactly, so the rest of the file is read here, in order; "stopped": stop
   * reading (--max-errors).
   */
  merge(result: R, name: string, lineOffset: number): "merged" | "stopped" | "refused";
}

/** What reading a range gives back, besides what the caller adds up. */
export interface RangeResult {
  /** Lines in the range. */
  lines: number;
  rows: number;
  /** Lines that could not be read (the reader's problems, not the pricer's). */
  errors: number;
}

export interface RangeTask<R> {
  result: Promise<R>;
  cancel(): void;
}

/**
 * Read every source in order; returns one summary per source. With `split`, a large plain file
 * whose first record makes it JSON lines is cut into ranges read in parallel (`readSplit`).
 */
export async function readUsage<R extends RangeResult>(
  sources: readonly UsageSource[],
  opts: ReadUsageOptions,
  onRow: OnRow,
  onProblem: OnProblem,
  onDetected?: (file: string, format: UsageFormat, how: "detected" | "given") => void,
  split?: SplitReading<R>,
): Promise<SourceSummary[]> {
  const ctx: ReadContext = { opts, onRow, onProblem, onDetected, scanner: new LlmcostLineScanner(), stopped: false };
  const out: SourceSummary[] = [];
  for (const src of sources) {
    if (ctx.stopped) break;
    const reader = new SourceReader(src.name, ctx);
    out.push(reader.summary);
    const size = split && split.parts > 1 && src.path !== undefined ? splittableSize(src.path) : 0;
    if (split && src.path !== undefined && size >= split.minBytes && size > 0)
      await readSplit(reader, src.path, size, split);
    else await eachLine(src.chunks(), (text, start, end, no) => reader.line(text, start, end, no));
    reader.end();
  }
  return out;
}

/** The size of a plain (not gzip) regular file, or 0. */
function splittableSize(path: string): number {
  try {
    const st = statSync(path);
    return st.isFile() && !isGzip(path) ? st.size : 0;
  } catch {
    return 0;
  }
}

/**
 * One large plain file: its first record read here tells its shape. JSON lines are cut into
 * `split.parts` ranges after it; the first is read here while the others are read elsewhere, then
 * merged in order. Any other shape (CSV, one document) is read on here, in one pass.
 */
async function readSplit<R extends RangeResult>(
  reader: SourceReader,
  path: string,
  size: number,
  split: SplitReading<R>,
): Promise<void> {
  const onLine = (text: string, start: number, end: number, no: number) => reader.line(text, start, end, no);
  const head = readFirstRecord(path, onLine);
  const format = reader.jsonLinesFormat();
  if (format === undefined || reader.stopped) {
    await eachLine(fileChunks(path, head.end), onLine, head.lines + 1);
    return;
  }
  const bounds = cutPoints(path, head.end, size, split.parts);
  const tasks: Array<{ start: number; task: RangeTask<R> }> = [];
  try {
    for (let k = 1; k < split.parts; k++) {
      const start = bounds[k] as number;
      const end = bounds[k + 1] as number;
      if (end > start) tasks.push({ start, task: split.readRange(path, reader.file, start, end, format) });
    }
    let lines = await eachLine(fileChunks(path, head.end, bounds[1]), onLine, head.lines + 1);
    for (const { start, task } of tasks) {
      if (reader.stopped) return;
      const result = await task.result;
      const how = split.merge(result, reader.file, lines);
      if (how === "refused") {
        // Not exactly mergeable (fractional counts): the rest is read here, in order.
        await eachLine(fileChunks(path, start), onLine, lines + 1);
        return;
      }
      reader.addRange(result);
      lines += result.lines;
      if (how === "stopped") {
        reader.stop();
        return;
      }
    }
  } finally {
    for (const { task } of tasks) task.cancel();
  }
}

/**
 * The lines up to the first one that is not blank, read here (in the first megabyte); returns
 * where they end. None there: nothing is read, and the file is read in one pass from its start.
 */
function readFirstRecord(
  path: string,
  onLine: (text: string, start: number, end: number, no: number) => boolean,
): { end: number; lines: number } {
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  let pos = 0;
  let lines = 0;
  const found: Array<[number, string]> = [];
  for (;;) {
    const nl = buf.subarray(0, n).indexOf(10, pos);
    if (nl < 0) return { end: 0, lines: 0 };
    const text = buf.toString("utf8", pos, nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl);
    found.push([nl + 1, text]);
    pos = nl + 1;
    if (text.trim() !== "") break;
  }
  for (const [end, text] of found) {
    lines++;
    onLine(text, 0, text.length, lines);
    pos = end;
  }
  return { end: pos, lines };
}

/**
 * The reading of one source, line by line: it starts by looking at the first record (JSON lines,
 * one JSON document, or a CSV header), then reads each line in that mode. Problems are placed at
 * the line (`fail`); rows go to `onRow` with their file and line.
 */
class SourceReader {
  readonly summary: SourceSummary;
  private format: UsageFormat | undefined;
  private mode: "start" | "jsonl" | "csv" | "doc" | "skip" = "start";
  private header: string[] = [];
  /** A CSV line whose quoted cell goes on past the line's end, and where it started. */
  private pendingCsv: string | undefined;
  private pendingLine = 0;
  /** One JSON document: its lines, read whole at the end. */
  private readonly doc: string[] = [];
  private docStart = 0;
  private currentLine = 0;
  private readonly emit = (row: UsageRow) => this.emitRow(row);

  constructor(
    readonly file: string,
    private readonly ctx: ReadContext,
  ) {
    this.format = ctx.opts.format;
    this.summary = { file, format: ctx.opts.format ?? "unknown", rows: 0, errors: 0 };
  }

  /** One line; false stops reading. */
  line(text: string, start: number, end: number, no: number): boolean {
    const ctx = this.ctx;
    if (ctx.stopped) return false;
    if (this.mode === "jsonl" && this.format === "llmcost") {
      // The fast path (the common case at scale): llmcost's own rows scanned in place.
      const row = ctx.scanner.scan(text, start, end);
      if (row) {
        this.currentLine = no;
        this.emitRow(row);
        return !ctx.stopped;
      }
    }
    let line = text.slice(start, end);
    if (this.mode === "doc") {
      this.doc.push(line);
      return true;
    }
    if (this.pendingCsv !== undefined) {
      line = `${this.pendingCsv}\n${line}`;
      no = this.pendingLine;
      this.pendingCsv = undefined;
    }
    if (this.mode === "start") {
      // A UTF-8 byte-order mark (Windows exports, PowerShell) opens the file, not the record: workloads skip it too.
      if (no === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      return this.firstLine(line, no);
    }
    if (this.mode === "skip") return false;
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === "")) return true;
    if (this.mode === "jsonl") this.jsonLine(line, no);
    else this.csvLine(line, no);
    return !ctx.stopped;
  }

  /** The format, once the first record has made this source JSON lines (a file that can be cut into ranges). */
  jsonLinesFormat(): UsageFormat | undefined {
    return this.mode === "jsonl" ? this.format : undefined;
  }

  /** A byte range of JSON lines after the first record (read in a worker): read as those lines are. */
  continueAsJsonLines(format: UsageFormat): void {
    this.format = format;
    this.summary.format = format;
    this.mode = "jsonl";
  }

  /** A range read elsewhere: its rows and unreadable lines count for this source. */
  addRange(r: RangeResult): void {
    this.summary.rows += r.rows;
    this.summary.errors += r.errors;
  }

  get stopped(): boolean {
    return this.ctx.stopped;
  }

  stop(): void {
    this.ctx.stopped = true;
  }

  /** After the last line: an unclosed CSV cell, or the one JSON document read whole. */
  end(): void {
    if (this.pendingCsv !== undefined) this.fail(this.pendingLine, "a quoted CSV cell is never closed");
    if (this.mode === "doc") this.readDocument();
    if (this.summary.format === "unknown" && this.format) this.summary.format = this.format;
  }

  /** The first non-blank line tells the shape: a JSON object (JSON lines), JSON starting a document, or a CSV header. */
  private firstLine(line: string, no: number): boolean {
    if (line.trim() === "") return true;
    if (no === 1 && looksUtf16(line)) {
      this.fail(
        no,
        "the file is UTF-16 text (Windows PowerShell 5 writes it with > and Out-File), not UTF-8; convert it: iconv -f UTF-16 -t UTF-8, or Out-File -Encoding utf8",
      );
      this.mode = "skip";
      return true;
    }
    const first = line.trimStart().charCodeAt(0);
    const format = this.format;
    const csvForced = format === "csv" || (format === "litellm" && first !== 123 && first !== 91);
    if ((first === 123 || first === 91) && !csvForced) return this.firstJson(line, no);
    const cells = csvCells(line);
    if (!cells) {
      this.pendingCsv = line;
      this.pendingLine = no;
      return true;
    }
    this.header = cells.map((c) => c.trim());
    if (!this.format) {
      const f = this.ctx.opts.map ? "csv" : detectHeader(this.header);
      if (!f) {
        const h = this.header;
        this.fail(
          no,
          `unknown usage format: not JSON, and the CSV header (${h.slice(0, 6).join(", ")}${h.length > 6 ? ", …" : ""}) is neither llmcost's nor LiteLLM's; give --map, e.g. --map timestamp=created_at,model=model,input=prompt_tokens,output=completion_tokens`,
        );
        this.mode = "skip";
        return true;
      }
      this.format = f;
      this.announce(f, "detected");
    } else this.announce(this.format, "given");
    this.mode = "csv";
    return true;
  }

  /** A first line of JSON: one record (JSON lines follow), or the start of one document. */
  private firstJson(line: string, no: number): boolean {
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      o = undefined;
    }
    if (o === undefined || Array.isArray(o)) {
      this.mode = "doc";
      this.docStart = no;
      this.doc.push(line);
      return true;
    }
    if (!this.startJson(o, no)) {
      this.mode = "skip";
      return true;
    }
    this.mode = "jsonl";
    this.record(o, no);
    return !this.ctx.stopped;
  }

  private jsonLine(line: string, no: number): void {
    this.currentLine = no;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      // A byte-order mark opening a line in the middle (`cat` of two Windows exports) opens that
      // file, not the record, as the first line's does.
      if (line.charCodeAt(0) === 0xfeff) {
        this.jsonLine(line.slice(1), no);
        return;
      }
      const why = (e as Error).message.replace(/^Unexpected/, "unexpected");
      this.fail(no, `not valid JSON (${why}): a truncated or broken line`);
      return;
    }
    this.record(o, no);
  }

  private csvLine(line: string, no: number): void {
    const cells = csvCells(line);
    if (!cells) {
      this.pendingCsv = line;
      this.pendingLine = no;
      return;
    }
    const header = this.header;
    if (cells.length !== header.length) {
      this.fail(no, `expected ${header.length} cells as in the header, found ${cells.length}`);
      return;
    }
    const o: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) o[header[k] as string] = cells[k] as string;
    this.record(o, no);
  }

  private readDocument(): void {
    let o: unknown;
    const text = this.doc.join("\n");
    try {
      o = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? this.docStart + (text.slice(0, Number(pos[1])).match(/\n/g)?.length ?? 0) : this.docStart;
      this.fail(line, `not valid JSON: ${msg.replace(/^Unexpected/, "unexpected")}`);
      return;
    }
    const items = Array.isArray(o) ? o : [o];
    if (items.length === 0) return;
    if (!this.startJson(items[0], this.docStart)) return;
    for (const item of items) {
      if (this.ctx.stopped) break;
      // One document: problems are placed at its first line (the reader names the record within it).
      this.record(item, this.docStart);
    }
  }

  /** The format of the first JSON record: given, or detected from it. */
  private startJson(o: unknown, line: number): boolean {
    if (this.format) {
      this.announce(this.format, "given");
      return true;
    }
    const f = detectRecord(o) ?? (this.ctx.opts.map ? "jsonl" : undefined);
    if (!f) {
      const formats = USAGE_FORMATS.filter((x) => x !== "csv" && x !== "jsonl").join(", ");
      this.fail(
        line,
        `unknown usage format: the first record matches none of ${formats}; give --input-format, or --map to name the columns`,
      );
      return false;
    }
    this.format = f;
    this.announce(f, "detected");
    return true;
  }

  /** One record through its format's reader; a problem says when the record looks like another format. */
  private record(o: unknown, line: number): void {
    this.currentLine = line;
    if (typeof o !== "object" || o === null) {
      this.fail(line, "not a JSON object");
      return;
    }
    const format = this.format as UsageFormat;
    const opts = this.ctx.opts;
    READERS[format](o as Record<string, unknown>, opts, this.emit, (m) => {
      const other = detectRecord(o);
      const mixed =
        other !== undefined && other !== format && !opts.map
          ? ` (this record looks like ${other}, the file like ${format}: mixed formats)`
          : "";
      this.fail(line, `${m}${mixed}`);
    });
  }

  private emitRow(row: UsageRow): void {
    const provider = this.ctx.opts.provider;
    if (provider !== undefined && row.provider === undefined) row.provider = provider;
    row.file = this.file;
    row.line = this.currentLine;
    this.summary.rows++;
    if (this.ctx.onRow(row) === false) this.ctx.stopped = true;
  }

  private announce(f: UsageFormat, how: "detected" | "given"): void {
    this.summary.format = f;
    this.ctx.onDetected?.(this.file, f, how);
  }

  private fail(line: number, message: string): void {
    this.summary.errors++;
    if (!this.ctx.onProblem(this.file, line, message)) this.ctx.stopped = true;
  }
}

/**
 * Bytes [start, end) of a file of JSON lines in `format`, after its first record (a range cut by
 * `readSplit`, read in a worker thread): lines numbered from 1 at `start`.
 */
export async function readUsageRange(
  path: string,
  name: string,
  start: number,
  end: number,
  format: UsageFormat,
  opts: ReadUsageOptions,
  onRow: OnRow,
  onProblem: OnProblem,
): Promise<RangeResult> {
  const ctx: ReadContext = {
    opts,
    onRow,
    onProblem,
    onDetected: undefined,
    scanner: new LlmcostLineScanner(),
    stopped: false,
  };
  const reader = new SourceReader(name, ctx);
  reader.continueAsJsonLines(format);
  const lines = await eachLine(fileChunks(path, start, end), (text, s, e, no) => reader.line(text, s, e, no));
  return { lines, rows: reader.summary.rows, errors: reader.summary.errors };
}

/**
 * A first line decoded from UTF-16 as if it were UTF-8: its byte-order mark (FF FE or FE FF) became
 * two U+FFFD, and every ASCII character came with a NUL. Without this, the header of a PowerShell
 * export was reported as an unknown CSV header full of `\u0000`.
 */
function looksUtf16(line: string): boolean {
  const head = line.slice(0, 64);
  let nul = 0;
  for (let k = 0; k < head.length; k++) if (head.charCodeAt(k) === 0) nul++;
  return nul * 3 >= head.length && (nul > 0 || head.startsWith("\ufffd\ufffd"));
}
