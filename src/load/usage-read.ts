import { type UsageRow, utcTimestamp } from "../schema/usage.js";
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
import { eachLine, type UsageSource } from "./usage-sources.js";

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

export type OnRow = (row: UsageRow) => void;
/** A problem at file:line; return false to stop reading everything. */
export type OnProblem = (file: string, line: number, message: string) => boolean;

/**
 * The fast path for llmcost's own JSON lines (the format of the 10M-row benchmark): a flat object
 * of strings, numbers and booleans scanned in place, without building an object per line.
 * Anything else (an escape, a nested value, an unknown key) returns undefined and the line goes
 * through JSON.parse and the ordinary reader, which says what is wrong.
 */
export function scanLlmcostLine(line: string, assumeUtc: boolean): UsageRow | undefined {
  if (line.indexOf("\\") >= 0) return undefined;
  const n = line.length;
  let i = 0;
  while (i < n && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 123) return undefined;
  i++;
  const row: UsageRow = {
    timestamp: "",
    provider: undefined,
    model: "",
    input_tokens: -1,
    output_tokens: -1,
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
    where: undefined,
  };
  let ts: string | undefined;
  for (;;) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    let c = line.charCodeAt(i);
    if (c === 125) break;
    if (c !== 34) return undefined;
    const ke = line.indexOf('"', i + 1);
    if (ke < 0) return undefined;
    const key = line.slice(i + 1, ke);
    i = ke + 1;
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (line.charCodeAt(i) !== 58) return undefined;
    i++;
    while (i < n && line.charCodeAt(i) <= 32) i++;
    c = line.charCodeAt(i);
    let s: string | undefined;
    let num = Number.NaN;
    let bool: boolean | undefined;
    if (c === 34) {
      const e = line.indexOf('"', i + 1);
      if (e < 0) return undefined;
      s = line.slice(i + 1, e);
      i = e + 1;
    } else if ((c >= 48 && c <= 57) || c === 45) {
      const start = i;
      let v = 0;
      let simple = c !== 45;
      while (i < n) {
        const d = line.charCodeAt(i);
        if (d >= 48 && d <= 57) v = v * 10 + (d - 48);
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) simple = false;
        else break;
        i++;
      }
      num = simple ? v : Number(line.slice(start, i));
      if (Number.isNaN(num)) return undefined;
    } else if (c === 116 && line.startsWith("true", i)) {
      bool = true;
      i += 4;
    } else if (c === 102 && line.startsWith("false", i)) {
      bool = false;
      i += 5;
    } else if (c === 110 && line.startsWith("null", i)) {
      i += 4;
    } else return undefined;
    switch (key) {
      case "timestamp":
        if (s !== undefined) ts = s;
        else if (!Number.isNaN(num)) ts = String(num);
        else return undefined;
        break;
      case "model":
        if (s === undefined) return undefined;
        row.model = s;
        break;
      case "provider":
        row.provider = s === undefined ? undefined : providerId(s);
        break;
      case "input_tokens":
        if (s !== undefined || Number.isNaN(num)) return undefined;
        row.input_tokens = num;
        break;
      case "output_tokens":
        if (s !== undefined || Number.isNaN(num)) return undefined;
        row.output_tokens = num;
        break;
      case "cached_tokens":
        if (s !== undefined) return undefined;
        row.cached_tokens = Number.isNaN(num) ? undefined : num;
        break;
      case "cache_write_tokens":
        if (s !== undefined) return undefined;
        row.cache_write_tokens = Number.isNaN(num) ? undefined : num;
        break;
      case "reasoning_tokens":
        if (s !== undefined) return undefined;
        row.reasoning_tokens = Number.isNaN(num) ? undefined : num;
        break;
      case "requests":
        if (s !== undefined) return undefined;
        row.requests = Number.isNaN(num) ? undefined : num;
        break;
      case "cost":
        if (s !== undefined) return undefined;
        row.cost = Number.isNaN(num) ? undefined : num;
        break;
      case "batch":
        if (s !== undefined || !Number.isNaN(num)) return undefined;
        row.batch = bool;
        break;
      case "project":
        row.project = s;
        break;
      case "key":
        row.key = s;
        break;
      case "user":
        row.user = s;
        break;
      case "tag":
        row.tag = s;
        break;
      default:
        return undefined;
    }
    while (i < n && line.charCodeAt(i) <= 32) i++;
    c = line.charCodeAt(i);
    i++;
    if (c === 44) continue;
    if (c === 125) break;
    return undefined;
  }
  if (ts === undefined || row.model === "" || row.input_tokens < 0 || row.output_tokens < 0) return undefined;
  const t = utcTimestamp(/^\d+$/.test(ts) ? Number(ts) : ts, assumeUtc);
  if (typeof t !== "string") return undefined;
  row.timestamp = t;
  if (row.provider !== undefined && row.model.indexOf("/") > 0) return undefined;
  return row;
}

/** Read every source in order; returns one summary per source. */
export async function readUsage(
  sources: readonly UsageSource[],
  opts: ReadUsageOptions,
  onRow: OnRow,
  onProblem: OnProblem,
  onDetected?: (file: string, format: UsageFormat, how: "detected" | "given") => void,
): Promise<SourceSummary[]> {
  const out: SourceSummary[] = [];
  let stopAll = false;
  for (const src of sources) {
    if (stopAll) break;
    const summary: SourceSummary = { file: src.name, format: opts.format ?? "unknown", rows: 0, errors: 0 };
    out.push(summary);
    let format: UsageFormat | undefined = opts.format;
    let mode = "start" as "start" | "jsonl" | "csv" | "doc" | "skip";
    let header: string[] = [];
    let pendingCsv: string | undefined;
    let pendingLine = 0;
    const doc: string[] = [];
    let docStart = 0;
    let currentLine = 0;
    const fail = (line: number, message: string) => {
      summary.errors++;
      if (!onProblem(src.name, line, message)) stopAll = true;
    };
    const emitRow = (row: UsageRow) => {
      if (opts.provider !== undefined && row.provider === undefined) row.provider = opts.provider;
      row.where = `${src.name}:${currentLine}`;
      summary.rows++;
      onRow(row);
    };
    const announce = (f: UsageFormat, how: "detected" | "given") => {
      summary.format = f;
      onDetected?.(src.name, f, how);
    };
    const record = (o: unknown, line: number) => {
      currentLine = line;
      if (typeof o !== "object" || o === null) {
        fail(line, "not a JSON object");
        return;
      }
      const reader = READERS[format as UsageFormat];
      reader(o as Record<string, unknown>, opts, emitRow, (m) => {
        const other = detectRecord(o);
        const mixed =
          other !== undefined && other !== format && !opts.map
            ? ` (this record looks like ${other}, the file like ${format}: mixed formats)`
            : "";
        fail(line, `${m}${mixed}`);
      });
    };
    const startJson = (o: unknown, line: number): boolean => {
      if (!format) {
        const f = detectRecord(o) ?? (opts.map ? "jsonl" : undefined);
        if (!f) {
          fail(
            line,
            `unknown usage format: the first record matches none of ${USAGE_FORMATS.filter((x) => x !== "csv" && x !== "jsonl").join(", ")}; give --input-format, or --map to name the columns`,
          );
          return false;
        }
        format = f;
        announce(f, "detected");
      } else announce(format, "given");
      return true;
    };
    await eachLine(src.chunks(), (line, no) => {
      if (stopAll) return false;
      if (mode === "doc") {
        doc.push(line);
        return true;
      }
      if (pendingCsv !== undefined) {
        line = `${pendingCsv}\n${line}`;
        no = pendingLine;
        pendingCsv = undefined;
      }
      if (mode === "start") {
        if (line.trim() === "") return true;
        const first = line.trimStart().charCodeAt(0);
        const csvForced = format === "csv" || (format === "litellm" && first !== 123 && first !== 91);
        if ((first === 123 || first === 91) && !csvForced) {
          let o: unknown;
          try {
            o = JSON.parse(line);
          } catch {
            mode = "doc";
            docStart = no;
            doc.push(line);
            return true;
          }
          if (Array.isArray(o)) {
            mode = "doc";
            docStart = no;
            doc.push(line);
            return true;
          }
          if (!startJson(o, no)) {
            mode = "skip";
            return true;
          }
          mode = "jsonl";
          record(o, no);
          return !stopAll;
        }
        const cells = csvCells(line);
        if (!cells) {
          pendingCsv = line;
          pendingLine = no;
          return true;
        }
        header = cells.map((c) => c.trim());
        if (!format) {
          const f = opts.map ? "csv" : detectHeader(header);
          if (!f) {
            fail(
              no,
              `unknown usage format: not JSON, and the CSV header (${header.slice(0, 6).join(", ")}${header.length > 6 ? ", …" : ""}) is neither llmcost's nor LiteLLM's; give --map, e.g. --map timestamp=created_at,model=model,input=prompt_tokens,output=completion_tokens`,
            );
            mode = "skip";
            return true;
          }
          format = f;
          announce(f, "detected");
        } else announce(format, "given");
        mode = "csv";
        return true;
      }
      if (mode === "skip") return false;
      if (line.trim() === "") return true;
      if (mode === "jsonl") {
        currentLine = no;
        if (format === "llmcost") {
          const row = scanLlmcostLine(line, opts.assumeUtc);
          if (row) {
            if (opts.provider !== undefined && row.provider === undefined) row.provider = opts.provider;
            row.where = `${src.name}:${no}`;
            summary.rows++;
            onRow(row);
            return !stopAll;
          }
        }
        let o: unknown;
        try {
          o = JSON.parse(line);
        } catch (e) {
          fail(
            no,
            `not valid JSON (${(e as Error).message.replace(/^Unexpected/, "unexpected")}): a truncated or broken line`,
          );
          return !stopAll;
        }
        record(o, no);
        return !stopAll;
      }
      // CSV
      const cells = csvCells(line);
      if (!cells) {
        pendingCsv = line;
        pendingLine = no;
        return true;
      }
      if (cells.length !== header.length) {
        fail(no, `expected ${header.length} cells as in the header, found ${cells.length}`);
        return !stopAll;
      }
      const o: Record<string, string> = {};
      for (let k = 0; k < header.length; k++) o[header[k] as string] = cells[k] as string;
      record(o, no);
      return !stopAll;
    });
    if (pendingCsv !== undefined) fail(pendingLine, "a quoted CSV cell is never closed");
    if (mode === "doc") {
      let o: unknown;
      const text = doc.join("\n");
      try {
        o = JSON.parse(text);
      } catch (e) {
        const msg = (e as Error).message;
        const pos = /position (\d+)/.exec(msg);
        const line = pos ? docStart + (text.slice(0, Number(pos[1])).match(/\n/g)?.length ?? 0) : docStart;
        fail(line, `not valid JSON: ${msg.replace(/^Unexpected/, "unexpected")}`);
        continue;
      }
      const items = Array.isArray(o) ? o : [o];
      if (items.length === 0) continue;
      if (!startJson(items[0], docStart)) continue;
      for (const item of items) {
        if (stopAll) break;
        // One document: problems are placed at its first line (the reader names the record within it).
        record(item, docStart);
      }
    }
    if (summary.format === "unknown" && format) summary.format = format;
  }
  return out;
}
