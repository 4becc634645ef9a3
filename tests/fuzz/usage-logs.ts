import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import type { CliResult } from "../../src/cli/io.js";
import { USAGE_FORMATS } from "../../src/load/usage-formats.js";
import { contractFault, dateFault, firstLines, formatFault, jsonFault } from "./oracles.js";
import { getAt, int, type Path, paths, pick, type Rand, raw, renameAt, setAt, toJson } from "./tree.js";

/**
 * The `usage` fuzz family: hostile usage logs (docs/reliability.md, "The usage family"). A fixture of
 * tests/fixtures/usage (JSON lines, one JSON document or CSV) is mutated on its records (huge,
 * negative and non-finite numbers, numbers as strings, bad and out-of-range dates, wrong types,
 * missing keys, hostile model names and keys) and then on its bytes (a byte-order mark at the start
 * or in the middle, CRLF, blank lines, lines of hundreds of kilobytes, raw control and bidi
 * characters, invalid UTF-8, NUL bytes, two formats concatenated, truncation at any byte, gzip —
 * whole, truncated or with a flipped byte), and read with a random set of `usage` flags.
 *
 * The oracles, on top of the exit-code contract (contractFault: exit 0 or 2 only, no stack trace, no
 * raw control character, exit 2 with an `error:` line and nothing on stdout):
 * - placed: an `error:` line about the log names it as `FILE:LINE:COLUMN:` (a whole-file fault as
 *   `FILE:`); a skipped line is listed as `FILE:LINE: why`;
 * - nothing written half-way: with exit 2, neither `-o` nor `--to-workload` left a file;
 * - a report (exit 0) validates in its format (JSON against schema/usage.json), and the days it
 *   gives (period, day/week/month groups) are ISO calendar days from 1900 to 9999 (a log's
 *   `2026-02-30` is refused, not reported as a day);
 * - a fitted workload (`--to-workload`) is one `estimate` prices.
 */

export interface UsageCase {
  id: string;
  family: "usage";
  mutations: string[];
  files: Record<string, string>;
  /** Files written as bytes (gzip, invalid UTF-8). */
  binary: Record<string, Uint8Array>;
  argv: string[];
}

const NUMBERS: readonly unknown[] = [
  raw("1e400"),
  raw("-1e400"),
  1e308,
  raw("9007199254740993"),
  9007199254740991,
  -1,
  raw("-0"),
  1.5,
  1e-7,
  raw("5e-324"),
  "12",
  "1e3",
  "0x10",
  "",
  " 7",
  null,
  true,
  [],
  {},
  0,
];
const TIMES: readonly unknown[] = [
  "2024-02-30T10:00:00Z",
  "2026-02-30T10:00:00Z",
  "2026-02-29T10:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-00-10T00:00:00Z",
  "2026-10-14T25:61:00Z",
  "2026-10-14T23:59:60Z",
  "2026-10-14T10:00:00",
  "2026-10-14",
  "2026-10-14T10:00:00+14:00",
  "2026-10-14T10:00:00-12:00",
  "+010000-01-01T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "1899-12-31T23:00:00Z",
  "1970-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "2026-1-1T00:00:00Z",
  "2026-10-14T10:00:00.123456789Z",
  "",
  "yesterday",
  "1791979200",
  0,
  -1,
  1.5,
  1e20,
  253402300800,
  raw("99999999999999999999"),
  raw("1e400"),
  null,
];
const TIME_KEY = /time|created|date|^ts$|starting_at|createTime/i;
const VALUES: readonly unknown[] = [null, true, false, 0, "x", [], {}, [null], { a: 1 }];
const KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "toString",
  "",
  "a\u001b[31mred\u001b[0m",
  "\u202emodel",
  "nul\u0000",
  "MODEL",
  "x".repeat(3000),
];
const STRINGS: readonly string[] = [
  "",
  " ",
  "gpt-4o-mini\u001b[2J",
  "\u202egpt-4o-mini",
  "gpt\u0000",
  "bell\u0007",
  "\u0085next",
  "\ufeffgpt-4o-mini",
  "普通话",
  "=cmd|' /C calc'!A0",
  "<img src=x onerror=alert(1)>",
  "| a | b |",
  "line\nbreak",
  "y".repeat(5000),
  "../../etc/passwd",
  "openai/gpt-4o-mini",
];
const FORMATS = ["table", "json", "markdown", "csv", "html"] as const;
const BY = ["model", "provider", "day", "week", "month", "project", "key", "user", "tag"] as const;
const MAPPED = "timestamp=ts,provider=vendor,model=model_name,input=prompt,output=completion,cached=cache_hits";

/** Mutate one parsed record (a JSON line or the whole document) in place; a note per change. */
function mutateTree(r: Rand, data: unknown, notes: string[], where: string): void {
  const all = paths(data, [], []).slice(1);
  if (all.length === 0) return;
  const leaves = all.filter((p) => {
    const v = getAt(data, p);
    return v === null || typeof v !== "object";
  });
  const p: Path = pick(r, leaves.length && r() < 0.8 ? leaves : all);
  const cur = getAt(data, p);
  const key = String(p[p.length - 1]);
  const at = `${where}${p.join(".").slice(0, 50)}`;
  const op = int(r, 8);
  const show = (v: unknown) =>
    typeof v === "string" ? v.replace(/\u0000(RAW:)?/g, "").slice(0, 30) : JSON.stringify(v);
  if (op <= 1 && (TIME_KEY.test(key) || op === 0)) {
    const times = all.filter((q) => TIME_KEY.test(String(q[q.length - 1])));
    const q = times.length ? pick(r, times) : p;
    const v = pick(r, TIMES);
    setAt(data, q, v);
    notes.push(`time ${where}${q.join(".").slice(0, 50)}=${show(v)}`);
  } else if (op <= 3) {
    const v = typeof cur === "number" && r() < 0.3 ? cur * pick(r, [-1, 1e300, 1e-300, 2 ** 53]) : pick(r, NUMBERS);
    setAt(data, p, v);
    notes.push(`number ${at}=${show(v)}`);
  } else if (op === 4) {
    setAt(data, p, pick(r, VALUES));
    notes.push(`type ${at}`);
  } else if (op === 5) {
    setAt(data, p, undefined);
    notes.push(`delete ${at}`);
  } else if (op === 6) {
    if (typeof p[p.length - 1] === "string" && r() < 0.4) {
      const k = pick(r, KEYS);
      renameAt(data, p, k);
      notes.push(`rename ${at}→${JSON.stringify(k.slice(0, 12))}`);
    } else {
      const v = pick(r, STRINGS);
      setAt(data, p, typeof cur === "string" && r() < 0.5 ? `${cur}${v}` : v);
      notes.push(`string ${at}=${JSON.stringify(v.slice(0, 20))}`);
    }
  } else {
    // The model: what every row is priced by.
    const models = all.filter((q) => /model/i.test(String(q[q.length - 1])));
    const q = models.length ? pick(r, models) : p;
    const v = pick(r, STRINGS);
    setAt(data, q, v);
    notes.push(`model ${where}${q.join(".").slice(0, 40)}=${JSON.stringify(v.slice(0, 20))}`);
  }
}

/** A CSV cell-level edit: numbers, times, quotes, ragged rows, header damage. */
function mutateCsv(r: Rand, text: string, notes: string[]): string {
  const lines = text.split("\n");
  const i = int(r, Math.max(1, lines.length - 1));
  const cells = (lines[i] ?? "").split(",");
  const j = int(r, cells.length);
  const op = int(r, 7);
  if (op === 0) cells[j] = String(pick(r, ["1e400", "-1", "NaN", "Infinity", "1.5", "0x10", "9007199254740993", ""]));
  else if (op === 1)
    cells[j] = pick(r, ["2026-02-30T10:00:00Z", "2026-10-14 10:00", "1791979200", "0", "yesterday", "+010000-01-01"]);
  else if (op === 2) cells[j] = `"${cells[j] ?? ""}`;
  else if (op === 3) cells.push(pick(r, ["x", '""', "=1+1"]));
  else if (op === 4) cells.splice(j, 1);
  else if (op === 5) cells[j] = pick(r, STRINGS).replace(/\n/g, " ");
  else cells[j] = i === 0 ? pick(r, ["", "ts", "model_name", "\ufeffts"]) : `"a""b,${cells[j] ?? ""}"`;
  lines[i] = cells.join(",");
  notes.push(`csv line ${i + 1} cell ${j + 1} op ${op}`);
  return lines.join("\n");
}

/** Byte-level damage after the records are written: what disks, pipes, editors and exports do. */
function mutateBytes(r: Rand, bytes: Buffer, notes: string[]): Buffer {
  const lineStarts = [0];
  for (let k = 0; k < bytes.length; k++) if (bytes[k] === 10 && k + 1 < bytes.length) lineStarts.push(k + 1);
  const at = () => pick(r, lineStarts);
  const splice = (pos: number, insert: Buffer, del = 0) =>
    Buffer.concat([bytes.subarray(0, pos), insert, bytes.subarray(Math.min(bytes.length, pos + del))]);
  const op = int(r, 12);
  if (op === 0) {
    notes.push("bom");
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  }
  if (op === 1) {
    const p = at();
    notes.push(`bom@${p}`);
    return splice(p, Buffer.from([0xef, 0xbb, 0xbf]));
  }
  if (op === 2) {
    notes.push("crlf");
    return Buffer.from(bytes.toString("latin1").replace(/\n/g, "\r\n"), "latin1");
  }
  if (op === 3) {
    const p = at();
    const blank = pick(r, ["\n", "\n\n\n", "   \n", "\t\n", "\r\n"]);
    notes.push(`blank@${p}`);
    return splice(p, Buffer.from(blank));
  }
  if (op === 4) {
    // A long line: a record with a huge field, or junk without structure (no newline to end it).
    const n = pick(r, [70_000, 300_000, 1_100_000]);
    const junk = r() < 0.5;
    const line = junk
      ? `${"x".repeat(n)}${r() < 0.5 ? "\n" : ""}`
      : `{"model":"gpt-4o-mini","pad":"${"p".repeat(n)}","created":1791979200,"usage":{"prompt_tokens":1,"completion_tokens":1}}\n`;
    const p = junk && r() < 0.5 ? bytes.length : at();
    notes.push(`long ${junk ? "junk" : "record"} ${n}@${p}`);
    return splice(p, Buffer.from(line));
  }
  if (op === 5) {
    const p = int(r, bytes.length + 1);
    const c = pick(r, ["\u0000", "\u001b[2J", "\u0007", "\u202e", "\u0085", "\u2028", "\u000b", "\u007f"]);
    notes.push(`control U+${c.charCodeAt(0).toString(16)}@${p}`);
    return splice(p, Buffer.from(c));
  }
  if (op === 6) {
    const p = int(r, bytes.length + 1);
    const b = pick(r, [[0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]);
    notes.push(`invalid-utf8@${p}`);
    return splice(p, Buffer.from(b));
  }
  if (op === 7) {
    notes.push(pick(r, ["empty", "newline", "bom-only"]));
    const last = notes[notes.length - 1];
    return last === "empty"
      ? Buffer.alloc(0)
      : last === "newline"
        ? Buffer.from("\n")
        : Buffer.from([0xef, 0xbb, 0xbf]);
  }
  if (op === 8) {
    const p = at();
    notes.push(`nul-run@${p}`);
    return splice(p, Buffer.alloc(1 + int(r, 64)));
  }
  if (op === 9) {
    // A UTF-16 export (Windows): the BOM and every character two bytes.
    notes.push("utf16le");
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString("utf8"), "utf16le")]);
  }
  const p = int(r, bytes.length + 1);
  notes.push(`truncate@${p}`);
  return bytes.subarray(0, p);
}

/** A hostile usage log and a random `usage` command line to read it. */
export function usageCase(r: Rand, id: number, seeds: Array<{ name: string; text: string }>): UsageCase {
  const seed = pick(r, seeds);
  const notes: string[] = [seed.name];
  const csv = seed.name.endsWith(".csv");
  const lines = seed.name.endsWith(".jsonl");
  let text = seed.text;
  const edits = int(r, 4);
  if (csv) for (let k = 0; k < edits; k++) text = mutateCsv(r, text, notes);
  else if (lines) {
    const rows = text.split("\n");
    for (let k = 0; k < edits; k++) {
      const i = int(r, rows.length);
      if (!rows[i]?.trim()) continue;
      try {
        const o = JSON.parse(rows[i] as string) as unknown;
        mutateTree(r, o, notes, `L${i + 1}:`);
        rows[i] = toJson(o, 0).replace(/\n/g, "");
      } catch {}
    }
    text = rows.join("\n");
  } else if (edits > 0) {
    const o = JSON.parse(text) as unknown;
    for (let k = 0; k < edits; k++) mutateTree(r, o, notes, "");
    text = toJson(o, r() < 0.5 ? 0 : 1);
  }
  if (r() < 0.1) {
    // Two sources in one file: a record of another format in the middle.
    const other = pick(r, seeds);
    text = `${text.trimEnd()}\n${other.text}`;
    notes.push(`+${other.name}`);
  }
  let bytes: Buffer = Buffer.from(text);
  for (let k = 0, n = int(r, 3); k < n; k++) bytes = mutateBytes(r, bytes, notes);
  let ext = seed.name.slice(seed.name.indexOf("."));
  if (r() < 0.15) {
    const g = gzipSync(bytes);
    const damage = int(r, 4);
    if (damage === 0) bytes = g.subarray(0, int(r, g.length));
    else if (damage === 1) {
      bytes = Buffer.from(g);
      const p = 10 + int(r, Math.max(1, bytes.length - 10));
      bytes[p] = (bytes[p] as number) ^ 0x5a;
    } else bytes = g;
    notes.push(["gzip truncated", "gzip flipped", "gzip", "gzip"][damage] as string);
    if (r() < 0.6) ext = `${ext}.gz`;
  } else if (r() < 0.05) {
    ext = pick(r, [".csv", ".json", ".jsonl", ".txt", ""]);
    notes.push(`named ${ext || "(no extension)"}`);
  }
  const input = `u${ext}`;
  const fmt = pick(r, FORMATS);
  const argv = ["usage", `{${input}}`, "--format", fmt];
  if (r() < 0.5) {
    const keys = Array.from({ length: 1 + int(r, 3) }, () =>
      r() < 0.05 ? pick(r, ["", "modle", "day,"]) : pick(r, BY),
    );
    argv.push("--by", [...new Set(keys)].join(","));
  }
  if (seed.name === "mapped.csv" && r() < 0.8) argv.push("--map", MAPPED);
  if (r() < 0.15) argv.push("--input-format", pick(r, USAGE_FORMATS));
  if (r() < 0.3) argv.push("--assume-utc");
  if (r() < 0.15) argv.push("--strict");
  if (r() < 0.2) argv.push("--max-errors", pick(r, ["0", "1", "3", "1000"]));
  if (r() < 0.1) argv.push("--currency", pick(r, ["EUR", "CNY", "JPY"]));
  if (r() < 0.1) argv.push("--provider", pick(r, ["openai", "anthropic", "azure"]));
  if (r() < 0.1) argv.push("--reprice", pick(r, ["cheapest", "openai", "gpt-4o"]));
  if (r() < 0.05) argv.push("--diff-threshold", pick(r, ["0", "5%", "100%"]));
  if (r() < 0.3) argv.push("-o", `{out.${fmt}}`);
  if (r() < 0.15) argv.push("--to-workload", "{out.yaml}");
  notes.push(argv.slice(2).join(" ").replace(/\{|\}/g, ""));
  return { id: `usage:${id}`, family: "usage", mutations: notes, files: {}, binary: { [input]: bytes }, argv };
}

/** What is wrong with a `usage` run on a hostile log, or undefined. */
export async function usageFault(
  argv: string[],
  r: CliResult,
  go: (a: string[]) => Promise<CliResult> | CliResult,
): Promise<string | undefined> {
  const fault = contractFault(r);
  if (fault) return fault;
  const input = argv[1] as string;
  const name = basename(input);
  const outAt = argv.indexOf("-o");
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const fitAt = argv.indexOf("--to-workload");
  const fit = fitAt >= 0 ? argv[fitAt + 1] : undefined;
  for (const line of r.stderr.split("\n")) {
    const i = line.indexOf(input);
    if (i < 0) continue;
    const after = line.slice(i + input.length);
    if (line.startsWith("error: ") && i === 7 && !/^(:\d+:\d+)?: /.test(after))
      return `an error about ${name} without its place: ${line.slice(0, 160)}`;
    if (i === 0 && !/^(:\d+)?: /.test(after)) return `a problem of ${name} without its line: ${line.slice(0, 160)}`;
  }
  if (r.exitCode === 2) {
    for (const f of [out, fit])
      if (f && existsSync(f)) return `exit 2 but ${basename(f)} was written: nothing may be written half-way`;
    return undefined;
  }
  const fmt = argv[argv.indexOf("--format") + 1] ?? "table";
  if (out && !existsSync(out)) return `exit 0 but ${basename(out)} was not written`;
  const report = out ? readFileSync(out, "utf8") : r.stdout;
  const bad = formatFault(fmt, report) ?? (fmt === "json" ? dateFault(reportDays(report)) : undefined);
  if (bad) return bad;
  if (fit && existsSync(fit)) {
    const e = await go(["estimate", fit, "--format", "json"]);
    if (e.exitCode !== 0) return `usage --to-workload wrote a workload estimate refuses: ${firstLines(e.stderr)}`;
    return jsonFault(e.stdout);
  }
  return undefined;
}

/**
 * The days a JSON report gives (its period, the day, week and month of each group) as text for
 * dateFault: names and diagnostics may quote anything the log held (a model named `+010000-01-01`).
 */
function reportDays(json: string): string {
  const data = JSON.parse(json) as { period?: unknown; groups?: Array<{ key?: Record<string, string> }> };
  const keys = (data.groups ?? []).map((g) => [g.key?.day, g.key?.week, g.key?.month]);
  return JSON.stringify({ period: data.period, keys });
}
