import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { TextStream } from "../report/registry.js";

/**
 * Write a file atomically: a temporary file in the same folder, flushed, then renamed into place,
 * so an interrupted or failed run never leaves half a file at `path`. A symbolic link is written
 * through (its target is replaced, not the link); a device or FIFO (/dev/stdout, /dev/null,
 * /dev/full) is written directly: renaming a file over it would replace the device itself.
 */
export function writeFileAtomic(path: string, text: string | TextStream): void {
  let target = path;
  let device = false;
  try {
    // stat first: it follows /proc links (/dev/stdout → /proc/self/fd/1 → pipe:[N]) that realpath
    // cannot resolve, so a pipe or device is written directly instead of being replaced by a file.
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    device = !st.isFile();
    if (!device) target = realpathSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw outputError(path, e);
    // A new file, or a dangling link: written through to the file the link names (created here).
    target = danglingTarget(path) ?? path;
  }
  if (device) {
    // A device cannot take back what it was given: a report that may still fail is made first.
    writeDirect(path, target, typeof text !== "string" && text.fallible ? holdStream(text) : text);
    return;
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    writeAll(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may never have been created
    }
    // A report that failed as it was made (an InputError from its stream) is reported as itself.
    throw e instanceof InputError ? e : outputError(path, e);
  }
}

/** A device or FIFO: no temporary file; a failed write (ENOSPC on /dev/full) is still exit 2. */
function writeDirect(path: string, target: string, text: string | TextStream): void {
  let fd: number | undefined;
  try {
    fd = openSync(target, "w");
    writeAll(fd, text);
  } catch (e) {
    throw outputError(path, e, "");
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** writeSync may write less than asked: loop until every byte is out. A stream is written piece by piece. */
function writeAll(fd: number, text: string | TextStream): void {
  const write = (buf: Buffer): void => {
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  };
  if (typeof text === "string") write(Buffer.from(text, "utf8"));
  else writeStream(text, write);
}

/** A stream's pieces are gathered into writes of about this many bytes. */
const WRITE_BYTES = 1 << 20;
/** The buffer they are gathered in (reused: one write at a time), and the most a piece may need of it. */
const SCRATCH_BYTES = 4 << 20;
let scratch: Buffer | undefined;

/**
 * A stream's text as UTF-8, handed to `write` in pieces of about a megabyte from one reused buffer
 * (`write` is done with the bytes when it returns, or copies them), until `write` returns true
 * (stop: the reader has gone). A new buffer a megabyte was, for a 10,000-item JSON report, 59 MB of
 * fresh external memory and the collections it set off; and each piece is encoded as it is,
 * one-byte text at memcpy speed, instead of as part of a string that one non-Latin-1 character
 * made two-byte.
 *
 * A piece whose bytes hold a character that the stream's `clean` changes goes through `clean` (a
 * stream without `clean` is written as it is):
 * U+007F (7F), U+0080–U+009F (C2 80–9F), U+202A–U+202E (E2 80 AA–AE) or U+2066–U+2069 (E2 81 A6–A9),
 * the characters `jsonText` escapes. Looking for three bytes with `indexOf` (memchr) is many times
 * faster than a regular expression over the text, and a report almost never holds one. `clean`
 * works character by character, so cleaning piece by piece is cleaning the whole. A piece of bytes
 * (a held stream's, see holdStream) is clean UTF-8 already and is written as it is.
 *
 * With `keep`, `write` keeps what it is given: each write gets a buffer of its own, from its
 * first byte (holdStream).
 */
export function writeStream(stream: TextStream, write: (bytes: Buffer) => unknown, keep = false): void {
  // A buffer is taken when a piece needs one (a held stream's bytes need none); with `keep`, a new
  // one each time, none left over after the last write.
  let buf: Buffer | undefined;
  let off = 0;
  const flush = (): boolean => {
    if (off === 0 || !buf) return false;
    const stop = write(buf.subarray(0, off)) === true;
    if (keep) buf = undefined;
    off = 0;
    return stop;
  };
  // Iterated by hand: a loop left by a throw (a failed write) would close the stream, and the
  // caller may still need to make the rest of it (run.ts, to find a report's own fault).
  const pieces = stream.chunks[Symbol.iterator]();
  for (let next = pieces.next(); !next.done; next = pieces.next()) {
    const piece = next.value;
    if (typeof piece !== "string") {
      if (flush() || write(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)) === true) return;
      continue;
    }
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair is 2 units and 4 bytes).
    const need = piece.length * 3;
    if (buf && off + need > buf.length && flush()) return;
    if (need > SCRATCH_BYTES) {
      if (write(owned(pieceBytes(Buffer.from(piece, "utf8"), piece, stream.clean), keep)) === true) return;
      continue;
    }
    buf ??= keep ? Buffer.allocUnsafeSlow(SCRATCH_BYTES) : sharedScratch();
    const start = off;
    off += buf.write(piece, off, "utf8");
    if (stream.clean && rawCharacter(buf.subarray(start, off))) {
      // Cleaned text is longer (escapes): it is written on its own.
      off = start;
      if (flush()) return;
      if (write(owned(Buffer.from(stream.clean(piece), "utf8"), keep)) === true) return;
      continue;
    }
    if (!keep && off >= WRITE_BYTES && flush()) return;
  }
  flush();
}

/**
 * A stream made in full before anything is written, as the bytes `writeStream` would write: for a
 * report whose last piece may still throw (an estimate made item by item learns of an unknown model
 * or a non-finite cost only at its end), so that a fault is exit 2 with nothing written, as for any
 * other report. The items themselves are not held, only their text, as UTF-8 outside the JS heap.
 */
export function holdStream(stream: TextStream): TextStream {
  const held: Buffer[] = [];
  writeStream(
    stream,
    (bytes) => {
      held.push(bytes);
    },
    true,
  );
  return { chunks: held, clean: stream.clean };
}

/** The reused buffer, made on first use. */
function sharedScratch(): Buffer {
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  return scratch;
}

/** The length (UTF-16 units) of `textSlices`' slices. */
export const SLICE = 1 << 20;

/** `text` in slices of SLICE units (no copies), never between the two halves of a surrogate pair. */
export function* textSlices(text: string): Generator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + SLICE);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}

/** With `keep`, bytes in a buffer of their own: a short `Buffer.from` is a slice of a shared pool. */
function owned(b: Buffer, keep: boolean): Buffer {
  if (!keep) return b;
  const own = Buffer.allocUnsafeSlow(b.length);
  b.copy(own);
  return own;
}

/** A piece's bytes, or its cleaned text's when they hold a character `clean` changes. */
function pieceBytes(b: Buffer, piece: string, clean: ((text: string) => string) | undefined): Buffer {
  return clean && rawCharacter(b) ? Buffer.from(clean(piece), "utf8") : b;
}

function rawCharacter(b: Buffer): boolean {
  if (b.indexOf(0x7f) >= 0) return true;
  for (let i = b.indexOf(0xc2); i >= 0; i = b.indexOf(0xc2, i + 1)) {
    const n = b[i + 1] ?? 0;
    if (n >= 0x80 && n <= 0x9f) return true;
  }
  for (let i = b.indexOf(0xe2); i >= 0; i = b.indexOf(0xe2, i + 1)) {
    const n1 = b[i + 1] ?? 0;
    const n2 = b[i + 2] ?? 0;
    if ((n1 === 0x80 && n2 >= 0xaa && n2 <= 0xae) || (n1 === 0x81 && n2 >= 0xa6 && n2 <= 0xa9)) return true;
  }
  return false;
}

/** The file a dangling symbolic link points to (followed link by link), or undefined when `path` is no link. */
function danglingTarget(path: string): string | undefined {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      return p === path ? undefined : p;
    }
    if (!st.isSymbolicLink()) return p === path ? undefined : p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw outputError(path, Object.assign(new Error("ELOOP"), { code: "ELOOP" }));
}

/**
 * Refuse an --output that names nothing (`-o ""`) or a file this run reads (`estimate w.yaml -o
 * w.yaml` would replace the workload with its report). Inputs are every existing file named on the
 * command line (other than the output itself) and in LLMCOST_CATALOG; compared by device and inode,
 * so another spelling or a link to the same file is caught too.
 */
export function checkOutputPath(path: string, argv: readonly string[], envCatalog: string | undefined): void {
  if (path.trim() === "")
    throw new InputError({
      file: "--output",
      message: "the output path is empty",
      expected: "a file name, or - for standard output",
      hint: "drop -o to print the report, or name a file",
    });
  const outFlags = new Set(["-o", "--output", "--output-file", "--svg"]);
  // Only an output named by a flag: `init FILE` names its output as its argument and reads nothing.
  if (!argv.some((a) => outFlags.has(a) || /^(--output(-file)?=|-o.)/.test(a))) return;
  const out = identity(path);
  if (!out) return;
  const inputs = [
    ...argv.filter((a, i) => !outFlags.has(argv[i - 1] ?? "") && !a.startsWith("-")),
    ...(envCatalog ?? "").split(delimiter).filter((s) => s !== ""),
  ];
  for (const a of inputs) {
    const id = identity(a);
    if (id && id.dev === out.dev && id.ino === out.ino)
      throw new InputError({
        file: path,
        message: `cannot write the output file: it is ${a === path ? "an input of this run" : `the input ${a}`}`,
        hint: "write the report to another file; the input was left as it was",
      });
  }
}

function identity(path: string): { dev: number; ino: number } | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? { dev: st.dev, ino: st.ino } : undefined;
  } catch {
    return undefined;
  }
}

function outputError(path: string, e: unknown, nothing = "; nothing was written"): InputError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === "ENOSPC"
      ? "no space left on the device"
      : err.code === "EACCES" || err.code === "EROFS" || err.code === "EPERM"
        ? "permission denied or read-only location"
        : err.code === "ENOENT" || err.code === "ENOTDIR"
          ? "the folder does not exist"
          : err.code === "EISDIR"
            ? "it is a directory"
            : err.code === "ELOOP"
              ? "the path is a loop of symbolic links (ELOOP)"
              : err.code === "ENAMETOOLONG"
                ? "the path is too long (ENAMETOOLONG)"
                : (err.code ?? err.message);
  return new InputError({
    file: path,
    message: `cannot write the output file: ${why}`,
    hint: `choose another --output path${nothing}`,
  });
}

const GENERATED = "Generated from src/schema by `npm run schema`";

/**
 * Write the files that go beside an output file. One already there with the same text is left; one
 * llmcost generated (an older schema) is replaced; anything else is the user's and is kept, with a
 * note. Returns the lines for stderr.
 */
export function writeAlongside(outputFile: string, files: ReadonlyArray<{ name: string; text: string }>): string {
  let note = "";
  for (const f of files) {
    const path = join(dirname(outputFile), basename(f.name));
    const old = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (old === f.text) continue;
    if (old !== undefined && !old.includes(GENERATED)) {
      note += `kept ${path} (not written by llmcost); the $schema reference points at it\n`;
      continue;
    }
    writeFileAtomic(path, f.text);
    note += `wrote ${path}\n`;
  }
  return note;
}
