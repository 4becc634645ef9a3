/**
 * llmcost's exit codes, in one place (README, docs/reliability.md and `--help` list the same).
 * 4 is apart from 1 and 3 on purpose: a report that could not be written must not read as
 * "over budget" (1) to a CI gate, nor as a bug (3).
 */
export const EXIT_OK = 0;
export const EXIT_EXCEEDED = 1;
export const EXIT_INPUT = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_OUTPUT = 4;

export const EXIT_CODES_HELP =
  "Exit codes: 0 ok, 1 budget or threshold exceeded, 2 bad input, 3 internal error,\n" +
  "4 standard output or error could not be written (disk full, closed descriptor).";

const WHY: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EIO: "an input/output error",
  EBADF: "the descriptor is closed",
  EDQUOT: "the disk quota is exceeded",
  EFBIG: "the file is too large",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "a read-only file system",
};

/** One line for a failed write to standard output or error: which stream, why, and the errno code. */
export function writeFaultMessage(fd: 1 | 2, code: string): string {
  const stream = fd === 1 ? "standard output" : "standard error";
  return `cannot write ${stream}: ${WHY[code] ?? "the write failed"} (${code}); the report is incomplete (exit ${EXIT_OUTPUT})`;
}
