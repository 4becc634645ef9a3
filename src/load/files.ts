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
  const text = new TextDecoder("utf-8", { fatal: false }).decode(buf);
  if (text.includes("\u0000"))
    throw new InputError({
      file,
      message: "contains NUL bytes: this is not a text file",
      hint: "workloads and catalogs are UTF-8 YAML text",
    });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Read all of a file descriptor (stdin), bounded by the size limit. */
export function readAllFd(fd: number, label = "-"): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(65536);
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
      if (err.code === "EOF") break;
      throw new InputError({ file: label, message: `could not read standard input: ${err.message}` });
    }
    if (n === 0) break;
    total += n;
    if (total > LIMITS.maxBytes)
      throw new InputError({
        file: label,
        message: "input is too large",
        expected: `at most ${LIMITS.maxBytes} bytes`,
      });
    chunks.push(Buffer.from(buf.subarray(0, n)));
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
