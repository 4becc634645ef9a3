import { InputError } from "../../errors.js";

/** How many per-line problems are printed on stderr and kept in the JSON. */
export const SHOWN_PROBLEMS = 20;

/**
 * Per-line problems in reading order: the first SHOWN_PROBLEMS kept, all counted; more than
 * --max-errors stops the run. A range read in a worker thread keeps its own log, replayed into the
 * main one in order (`replay`), which keeps and counts what one pass would have.
 */
export class ProblemLog {
  readonly problems: Array<{ file: string; line: number; message: string }> = [];
  errors = 0;
  stoppedEarly = false;
  constructor(private readonly maxErrors: number | undefined) {}

  /** Log one problem; false: stop reading (--max-errors). */
  add(file: string, line: number, message: string): boolean {
    this.errors++;
    if (this.problems.length < SHOWN_PROBLEMS) this.problems.push({ file, line, message });
    if (this.maxErrors !== undefined && this.errors > this.maxErrors) {
      this.stoppedEarly = true;
      return false;
    }
    return true;
  }

  /**
   * A later range's problems: its first ones (their lines offset by the lines before the range),
   * then the count of the rest, as if each had been logged; false: stop (--max-errors), with the
   * count one pass would have stopped at.
   */
  replay(
    file: string,
    listed: ReadonlyArray<{ line: number; message: string }>,
    count: number,
    lineOffset: number,
  ): boolean {
    for (const p of listed) if (!this.add(file, p.line + lineOffset, p.message)) return false;
    const rest = count - listed.length;
    if (rest <= 0) return true;
    // The log already holds SHOWN_PROBLEMS entries here (the range lists that many before it counts).
    this.errors += rest;
    if (this.maxErrors !== undefined && this.errors > this.maxErrors) {
      this.errors = this.maxErrors + 1;
      this.stoppedEarly = true;
      return false;
    }
    return true;
  }

  /** The problems for stderr (the first ones, then a count); throws after --max-errors stopped the run. */
  report(): string {
    const { problems, errors } = this;
    let stderr = "";
    for (const p of problems) stderr += `${p.file}:${p.line}: ${p.message}\n`;
    if (errors > problems.length) stderr += `… and ${errors - problems.length} more problems (${errors} in all)\n`;
    if (this.stoppedEarly)
      throw new InputError({
        file: "--max-errors",
        message: `stopped after ${errors} problems (more than --max-errors ${this.maxErrors})`,
        hint: `the first ones:\n${problems
          .slice(0, 5)
          .map((p) => `  ${p.file}:${p.line}: ${p.message}`)
          .join("\n")}`,
      });
    return stderr;
  }
}
