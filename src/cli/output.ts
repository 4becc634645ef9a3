import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";

/**
 * Write a file atomically: a temporary file in the same folder, flushed, then renamed into place,
 * so an interrupted or failed run never leaves half a file at `path`.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may never have been created
    }
    const err = e as NodeJS.ErrnoException;
    throw new InputError({
      file: path,
      message: `cannot write the output file: ${err.code === "ENOSPC" ? "no space left on the device" : err.code === "EACCES" || err.code === "EROFS" || err.code === "EPERM" ? "permission denied or read-only location" : err.code === "ENOENT" ? "the folder does not exist" : (err.code ?? err.message)}`,
      hint: "choose another --output path; nothing was written",
    });
  }
}
