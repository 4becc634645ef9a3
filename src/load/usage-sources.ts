import { isAscii } from "node:buffer";
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";

/**
 * Where usage rows come from: files, globs, `-` (standard input) and `.gz`, read as a stream of
 * chunks and cut into lines, in constant memory (one chunk and one partial line at a time).
 */

export type Chunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface UsageSource {
  /** The name diagnostics use: the path, or `-`. */
  name: string;
  /** The file's path (not for standard input). */
  path?: string | undefined;
  chunks: () => Chunks;
}

/**
 * 64 KB: the decoded text of a chunk is then an ordinary young-generation string (V8 gives a string
 * above 128 KB its own mapped pages, mapped and unmapped for each chunk: at 512 KB reads that was a
 * sixth of the CPU time of 10M rows, all of it system time; bench: 2.3 s → 0.5 s).
 */
const CHUNK = 1 << 16;

/**
 * A file, or bytes [start, end) of it, read with plain synchronous reads, a chunk (64 KB) at a time
 * (no stream machinery).
 */
export function* fileChunks(path: string, start = 0, end = Number.POSITIVE_INFINITY): Iterable<Uint8Array> {
  const fd = openSync(path, "r");
  // From the start, read on from where the last read ended: a pipe named as a file (/dev/stdin,
  // <(zcat log.gz)) cannot seek, and a read at a position there fails (ESPIPE).
  const onward = start === 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = start; pos < end; ) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, end - pos), onward ? null : pos);
      if (n === 0) return;
      pos += n;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Where to cut bytes [start, size) of a file into `parts` ranges: each cut is just after a newline
 * (so no line and no UTF-8 character is split), near an equal share. Returns the parts + 1 bounds.
 */
export function cutPoints(path: string, start: number, size: number, parts: number): number[] {
  const bounds = [start];
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(start + Math.floor(((size - start) * k) / parts), bounds[k - 1] as number);
      let cut = size;
      while (pos < size) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) break;
        const nl = buf.subarray(0, n).indexOf(10);
        if (nl >= 0) {
          cut = pos + nl + 1;
          break;
        }
        pos += n;
      }
      bounds.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  bounds.push(size);
  return bounds;
}

export function isGzip(path: string): boolean {
  if (path.endsWith(".gz")) return true;
  try {
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(2);
      return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const GLOB = /[*?[]/;

function globToRegExp(seg: string): RegExp {
  let re = "^";
  for (const c of seg) {
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&").replace("[", "[");
  }
  return new RegExp(`${re}$`);
}

/** Expand one pattern: `*`, `?` and `[…]` in any segment, `**` for any depth. Sorted, for stable output. */
export function expandGlob(pattern: string): string[] {
  if (!GLOB.test(pattern)) return [pattern];
  const parts = pattern.split("/");
  const absolute = pattern.startsWith("/");
  let paths = [absolute ? "/" : "."];
  for (let i = absolute ? 1 : 0; i < parts.length; i++) {
    const seg = parts[i] as string;
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const base of paths) {
      if (!GLOB.test(seg)) {
        next.push(base === "." ? seg : join(base, seg));
        continue;
      }
      if (seg === "**") {
        for (const d of walkDirs(base)) next.push(d);
        continue;
      }
      const re = globToRegExp(seg);
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      for (const n of names.sort()) {
        if (n.startsWith(".") && !seg.startsWith(".")) continue;
        if (!re.test(n)) continue;
        const p = base === "." ? n : join(base, n);
        if (!last) {
          try {
            if (!statSync(p).isDirectory()) continue;
          } catch {
            continue;
          }
        }
        next.push(p);
      }
    }
    paths = next;
  }
  return paths.filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

function walkDirs(base: string): string[] {
  const out = [base];
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    if (n.startsWith(".") || n === "node_modules") continue;
    const p = base === "." ? n : join(base, n);
    try {
      if (statSync(p).isDirectory()) out.push(...walkDirs(p));
    } catch {}
  }
  return out;
}

/**
 * The sources named on the command line, in order. A missing file or a glob that matches nothing is
 * an error with the name (nothing is read before every name is checked).
 */
export function usageSources(args: readonly string[], stdin: () => Chunks): UsageSource[] {
  const out: UsageSource[] = [];
  const faults: Array<{ file: string; message: string; hint?: string }> = [];
  for (const a of args) {
    if (a === "-") {
      out.push({ name: "-", chunks: () => gunzipIfNeeded(stdin(), "-") });
      continue;
    }
    const files = expandGlob(a);
    if (files.length === 0) {
      faults.push({ file: a, message: "no file matches this pattern", hint: `check the folder: ${dirname(a)}` });
      continue;
    }
    for (const f of files) {
      let pipe = false;
      try {
        const st = statSync(f);
        pipe = st.isFIFO();
        if (st.isDirectory()) {
          faults.push({
            file: f,
            message: "is a directory",
            hint: `give the files inside it, e.g. ${join(f, "*.jsonl")}`,
          });
          continue;
        }
        if (st.isCharacterDevice() || st.isBlockDevice()) {
          // /dev/zero, /dev/urandom: an endless line with no newline, held in memory until it runs out.
          faults.push({ file: f, message: "is a device, not a file", hint: "to read standard input, give -" });
          continue;
        }
        if (st.isSocket()) {
          // /dev/stdin when standard input is a socket (a spawned process's): it cannot be opened (ENXIO).
          faults.push({ file: f, message: "is a socket, not a file", hint: "to read standard input, give -" });
          continue;
        }
      } catch (e) {
        faults.push({
          file: f,
          message: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "cannot be read",
          hint: (e as NodeJS.ErrnoException).code === "ENOENT" ? `check the path (${basename(f)})` : undefined,
        } as { file: string; message: string; hint?: string });
        continue;
      }
      out.push({
        name: f,
        path: f,
        // A pipe named as a file (`<(gzip -c log)`, a FIFO) cannot be looked at twice: its first bytes
        // are read once, as standard input's are, and decide whether the stream is gzip.
        chunks: () =>
          pipe && !f.endsWith(".gz")
            ? gunzipIfNeeded(fileChunks(f), f)
            : isGzip(f)
              ? gunzip(createReadStream(f, { highWaterMark: CHUNK }), f)
              : fileChunks(f),
      });
    }
  }
  if (faults.length) throw new InputError(faults);
  return out;
}

async function* gunzip(stream: NodeJS.ReadableStream, name: string): AsyncIterable<Uint8Array> {
  const z = createGunzip({ chunkSize: 1 << 16 });
  stream.pipe(z);
  try {
    for await (const c of z) yield c as Uint8Array;
  } catch (e) {
    throw gzipFault(name, e);
  }
}

/**
 * A gzip stream that ends early or is damaged (a download cut short, a log still being written, a
 * flipped byte): zlib's own words, with the file, and exit 2. Nothing is priced: a report of the
 * rows before the damage would look whole.
 */
function gzipFault(name: string, e: unknown): InputError {
  return new InputError({
    file: name,
    message: `not a valid gzip stream: ${(e as Error).message}`,
    hint: "the file is truncated or damaged; check it with `gzip -t`",
  });
}

/** Standard input and pipes may be gzip too (`zcat`-less pipes): looked at from their first two bytes. */
async function* gunzipIfNeeded(chunks: Chunks, name: string): AsyncIterable<Uint8Array> {
  const it = (Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()) as
    | AsyncIterator<Uint8Array>
    | Iterator<Uint8Array>;
  const first = await it.next();
  if (first.done) return;
  let head = first.value;
  // A pipe may deliver its first byte alone: the magic number is two.
  if (head.length < 2) {
    const more = await it.next();
    if (!more.done) head = Buffer.concat([head, more.value]);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    return;
  }
  const z = createGunzip();
  const out: Uint8Array[] = [];
  let done = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  z.on("data", (c: Uint8Array) => {
    out.push(c);
    wake?.();
  });
  z.on("end", () => {
    done = true;
    wake?.();
  });
  z.on("error", (e) => {
    error = e;
    done = true;
    wake?.();
  });
  (async () => {
    // Copies: a file's reader hands out one buffer, refilled by the next read, and zlib may hold a
    // chunk until it is ready for it.
    z.write(Buffer.from(head));
    for (let r = await it.next(); !r.done; r = await it.next())
      if (!z.write(Buffer.from(r.value))) await new Promise((res) => z.once("drain", res));
    z.end();
  })().catch((e) => z.destroy(e as Error));
  for (;;) {
    while (out.length) yield out.shift() as Uint8Array;
    if (done) break;
    await new Promise<void>((res) => {
      wake = res;
    });
    wake = undefined;
  }
  while (out.length) yield out.shift() as Uint8Array;
  if (error) throw gzipFault(name, error);
}

/**
 * UTF-8 text of a chunk. Logs are almost always ASCII: then the bytes are the characters, and a
 * one-byte copy (latin1) is two to three times cheaper than decoding UTF-8 (bench: 10M rows).
 * Only below ~1 MB: Node makes a longer latin1 string an external one, whose memory the garbage
 * collector frees late (peak RSS doubled in the bench).
 */
function decode(buf: Buffer): string {
  return buf.length < LATIN1_MAX && isAscii(buf) ? buf.toString("latin1") : buf.toString("utf8");
}
const LATIN1_MAX = 1_000_000;

/**
 * Cut chunks into lines (without `\r\n` / `\n`), numbered from `firstNo` (1), calling `onLine`
 * with each line's range in the decoded text (cut it out with `text.slice(start, end)` when
 * needed); it returns false to stop. Bytes are decoded as UTF-8 per run of whole lines, so a
 * character split across two chunks is decoded whole. Returns the number of the last line.
 */
export async function eachLine(
  chunks: Chunks,
  onLine: (text: string, start: number, end: number, no: number) => boolean | undefined,
  firstNo = 1,
): Promise<number> {
  // The bytes after the last newline so far, as the chunks they came in: joined once, when a line
  // ends (joining at every chunk copied a long line over and over: a 20 MB one-line JSON document
  // took 2.2 s at 64 KB chunks, quadratic in its length).
  let carry: Buffer[] = [];
  let carried = 0;
  let no = firstNo - 1;
  let stop = false;
  const emit = (text: string) => {
    let pos = 0;
    for (;;) {
      const nl = text.indexOf("\n", pos);
      if (nl < 0) break;
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      no++;
      if (onLine(text, pos, end, no) === false) {
        stop = true;
        return;
      }
      pos = nl + 1;
    }
  };
  for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry.push(Buffer.from(buf));
      carried += buf.length;
      continue;
    }
    const head =
      carried > 0
        ? Buffer.concat([...carry, buf.subarray(0, last + 1)], carried + last + 1)
        : buf.subarray(0, last + 1);
    carry = last + 1 < buf.length ? [Buffer.from(buf.subarray(last + 1))] : [];
    carried = buf.length - last - 1;
    emit(decode(head));
    if (stop) return no;
  }
  if (carried > 0) {
    const text = decode(Buffer.concat(carry, carried));
    const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
    no++;
    onLine(text, 0, end, no);
  }
  return no;
}
