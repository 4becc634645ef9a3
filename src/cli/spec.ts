import { FORMATS, type Format, formatsOf, LANGS, REPORTS, type ReportKind } from "../report/registry.js";
import type { CommandOutput, Io } from "./io.js";

/**
 * A command as data: its name, arguments, options and help, plus a `run` that loads the command's
 * module only when it runs. src/cli/program.ts turns the list in src/cli/commands/index.ts into
 * commander commands; nothing else knows a command's options. docs/extending.md shows how to add one.
 */

export interface ArgSpec {
  /** commander syntax: `<workload>`, `[head]`, `[models...]`. */
  name: string;
  description: string;
  default?: string;
}

export interface OptionSpec {
  /** commander syntax: `-o, --output <file>`, `--explain`. */
  flags: string;
  description: string;
  default?: string | boolean;
  choices?: readonly string[];
  /** May be given more than once; the values are collected in a list. */
  repeatable?: boolean;
  required?: boolean;
  /**
   * An old spelling kept working (README "One spelling of the output file"): hidden from help and completion;
   * its value is handed to the command as the option it names (`--output`), with a one-line note
   * on stderr.
   */
  replacedBy?: string;
}

export type Flags = Record<string, unknown>;

export interface CommandSpec {
  name: string;
  /** One line in `llmcost --help`. */
  summary: string;
  /** The command's own --help text: wrapped at the terminal's width (a single line break is joined; a blank line starts a paragraph). */
  description: string;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** Help text after the options (examples). */
  after?: string;
  /** Subcommands (catalog list, show…); a command has either subcommands or `run`. */
  subcommands?: readonly CommandSpec[];
  /**
   * Load the command's module and run it with the positional arguments (in `args` order) and the
   * parsed flags. Loaded on use: a start-up evaluates only the command asked for.
   */
  run?: (args: ReadonlyArray<string | string[] | undefined>, flags: Flags, io: Io) => Promise<CommandOutput>;
}

/** Describe the formats of each kind: "table, json, markdown, csv, html (--over: also svg)". */
export function formatHelp(kinds: readonly ReportKind[]): string {
  const [first, ...rest] = kinds;
  if (!first) return "";
  const base = formatsOf(first);
  const parts = [base.join(", ")];
  for (const k of rest) {
    const extra = formatsOf(k).filter((f) => !base.includes(f));
    const missing = base.filter((f) => !formatsOf(k).includes(f));
    if (extra.length || missing.length) parts.push(`${REPORTS[k].title}: ${formatsOf(k).join(", ")}`);
  }
  return parts.length === 1 ? (parts[0] as string) : `${parts[0]}; ${parts.slice(1).join("; ")}`;
}

/**
 * `-f, --format`: its choices are every format of the report kinds the command prints (registry),
 * its help lists them per kind. The command still checks its kind has the format (checkFormat).
 */
export function formatOption(kinds: readonly ReportKind[], fallback: Format = "table"): OptionSpec {
  const all = FORMATS.filter((f) => kinds.some((k) => formatsOf(k).includes(f)));
  return {
    flags: "-f, --format <format>",
    description: `output format: ${formatHelp(kinds)}`,
    choices: all,
    default: fallback,
  };
}

/** `--lang`: the language of table and HTML labels. */
export const LANG_OPTION: OptionSpec = {
  flags: "--lang <lang>",
  description: `labels of table, Markdown and HTML reports: ${LANGS.join(", ")} (default: en)`,
  choices: LANGS,
};

/**
 * `-o, --output FILE`: the one spelling of "write to this file" in every command (quote's token
 * counts are --input-tokens and --output-tokens).
 */
export const OUTPUT_OPTION: OptionSpec = {
  flags: "-o, --output <file>",
  description: "write the report to FILE (atomically) instead of stdout",
};

export const CATALOG_OPTION: OptionSpec = {
  flags: "--catalog <file>",
  description: "overlay catalog file, later wins (repeatable)",
  repeatable: true,
};

export const PROVIDER_OPTION: OptionSpec = {
  flags: "--provider <id>",
  description: "only this provider (repeatable)",
  repeatable: true,
};

type Run = NonNullable<CommandSpec["run"]>;

/**
 * The `run` of a command whose report goes where `-o, --output` says (stdout when not given): the
 * command's own run, its output sent to `flags.output`. Commands that write files their own way
 * (quote's old `--output N`, init, catalog import/refresh/export) do not use it.
 */
export function toOutput(run: Run): Run {
  return async (args, flags, io) => ({ ...(await run(args, flags, io)), file: flags.output as string | undefined });
}

/** Positional arguments, in order, as the run functions take them. */
export const str = (v: string | string[] | undefined): string => v as string;
export const opt = (v: string | string[] | undefined): string | undefined => v as string | undefined;
export const list = (v: string | string[] | undefined): string[] => (v as string[] | undefined) ?? [];
