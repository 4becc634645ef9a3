import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { LIMITS } from "./yaml.js";

/**
 * Read a text file with errors users can act on: a missing file, a directory, no permission, a
 * device or FIFO, a file too large. `-` reads standard input (passed in by the CLI).
 */
export function readTextFile(path: string, stdin?: () => string): string {
  if (path === "-") {
    if (!stdin) throw new InputError({ file: "-", message: "standard input is not available here" });
    return stdin();
  }
  let fd: number;
  try {
    // Non-blocking open: a FIFO opened for reading would otherwise wait forever for a writer. The
    // flag changes nothing for regular files; the fstat below refuses anything that is not one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError({ file: path, message: reason(e as NodeJS.ErrnoException), hint: hintFor(e) });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      throw new InputError({
        file: path,
        message: "is a directory, not a file",
        hint: "give the path of a .yaml file inside it",
      });
    if (!st.isFile())
      throw new InputError({
        file: path,
        message: "is not a regular file (a device, socket or FIFO)",
        hint: "pipe it on standard input with '-' instead",
      });
    if (st.size > LIMITS.maxBytes)
      throw new InputError({
        file: path,
        message: `file is too large (${st.size} bytes)`,
        expected: `at most ${LIMITS.maxBytes} bytes`,
      });
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return decode(path, buf.subarray(0, off));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ file: path, message: reason(e as NodeJS.ErrnoException) });
  } finally {
    closeSync(fd);
  }
}

export function decode(file: string, buf: Buffer): string {
  const utf16 = utf16Of(buf);
  if (utf16)
    throw new InputError({
      file,
      message: `is UTF-16 text (${utf16}): llmcost reads UTF-8`,
      hint: "save it as UTF-8 (an editor's encoding menu, or: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8)",
    });
  let text = new TextDecoder("utf-8", { fatal: false }).decode(buf);
  // Line breaks written as a lone CR (classic Mac) are line breaks: without this the YAML parser reads
  // the whole file as one line, and a workload as empty.
  if (text.includes("\r")) text = text.replace(/\r(?!\n)/g, "\n");
  if (text.includes("\u0000"))
    throw new InputError({
      file,
      message: "contains NUL bytes: this is not a text file",
      hint: "workloads and catalogs are UTF-8 YAML text",
    });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * "little-endian" or "big-endian" when the bytes are UTF-16: a byte-order mark, or (without one) NUL
 * in every other byte of the first line's worth, as ASCII text in UTF-16 has.
 */
function utf16Of(buf: Buffer): string | undefined {
  if (buf[0] === 0xff && buf[1] === 0xfe) return "little-endian";
  if (buf[0] === 0xfe && buf[1] === 0xff) return "big-endian";
  const n = Math.min(buf.length - (buf.length % 2), 64);
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  if (odd === n / 2 && even === 0) return "little-endian";
  if (even === n / 2 && odd === 0) return "big-endian";
  return undefined;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Read all of a file descriptor (stdin), bounded by the size limit. */
export function readAllFd(fd: number, label = "-"): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (const chunk of readFdChunks(fd, label)) {
    total += chunk.length;
    if (total > LIMITS.maxBytes)
      throw new InputError({
        file: label,
        message: "input is too large",
        expected: `at most ${LIMITS.maxBytes} bytes`,
      });
    // readFdChunks reuses its buffer: keep a copy.
    chunks.push(Buffer.from(chunk));
  }
  return decode(label, Buffer.concat(chunks));
}

/** A file descriptor (stdin) as a stream of chunks, read as they come: no size limit, constant memory. */
export function* readFdChunks(fd: number, label = "-"): Iterable<Uint8Array> {
  const buf = Buffer.alloc(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EAGAIN") {
        // A non-blocking stdin with nothing yet: wait a little instead of spinning a core.
        Atomics.wait(PAUSE, 0, 0, 10);
        continue;
      }
      if (err.code === "EOF") return;
      throw new InputError({ file: label, message: `could not read standard input: ${err.message}` });
    }
    if (n === 0) return;
    yield buf.subarray(0, n);
  }
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied: the file cannot be read";
    case "EISDIR":
      return "is a directory, not a file";
    case "ELOOP":
      return "too many symbolic links";
    case "ENAMETOOLONG":
      return "the file name is too long";
    default:
      return `cannot be read (${e.code ?? e.message})`;
  }
}

function hintFor(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "check the path";
  if (code === "EACCES" || code === "EPERM") return "check the file's permissions (chmod +r)";
  return undefined;
}
