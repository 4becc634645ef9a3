import { collect, overlayPaths, prepareOverlays } from "./common.js";
import type { CommandOutput, Io } from "./io.js";
import type { CommandSpec, Flags, OptionSpec } from "./spec.js";

/**
 * The common command line without commander: `llmcost COMMAND [SUB] ARGS… --option value…`, read
 * from the command specs as commander would read it, so that a cold start neither loads commander
 * nor builds a program (~2 ms of ~30; docs/performance.md). Anything else — help, a program option
 * (`-q`, `--debug`, `-V`), an unknown, repeated-by-mistake or misspelt option, a value not among
 * its choices or starting with `-`, `--`, short option groups, too few or too many arguments, an
 * old spelling — is left to commander (undefined), which prints its messages and help.
 * tests/cli/argv.test.ts holds every answer to commander's own parse of the same line.
 */

/** A command line this module read: the spec to run, its positional arguments and its flags. */
export interface SimpleCall {
  spec: CommandSpec;
  args: Array<string | string[] | undefined>;
  flags: Flags;
}

/** An option's flags as commander reads them (`-f, --format <format>`). */
interface Flag {
  spec: OptionSpec;
  short: string | undefined;
  long: string;
  /** camelCase of the long name: the key commander stores its value under. */
  key: string;
  takesValue: boolean;
  /** What a flag without a value stores: true, or false for `--no-x`. */
  given: boolean;
}

const FLAGS = /^(?:(-[A-Za-z]), )?--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?: <[^<>[\]]+>)?$/;

/**
 * The options of a spec, or undefined when one is written in a way this module does not read. A
 * `--no-x` option stores false under x; it is read only after an `--x` option, as then commander
 * gives it no default of its own (alone, it would default x to true).
 */
function flagsOf(spec: CommandSpec): Flag[] | undefined {
  const out: Flag[] = [];
  for (const o of spec.options ?? []) {
    const m = FLAGS.exec(o.flags);
    if (!m) return undefined;
    const name = m[2] as string;
    const negate = name.startsWith("no-");
    const key = (negate ? name.slice(3) : name).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const takesValue = o.flags.endsWith(">");
    if (negate && (takesValue || o.default !== undefined || !out.some((f) => f.long === `--${name.slice(3)}`)))
      return undefined;
    out.push({ spec: o, short: m[1], long: `--${name}`, key, takesValue, given: !negate });
  }
  return out;
}

/** The options of the program itself (src/cli/program.ts), which commander reads anywhere on the line. */
export const PROGRAM_OPTIONS = new Set(["-V", "--version", "--debug", "-q", "--quiet", "-h", "--help", "--"]);

/** `argv` read as commander reads it, or undefined when commander should read it (see above). */
export function simpleCall(argv: readonly string[], commands: readonly CommandSpec[]): SimpleCall | undefined {
  let spec = commands.find((c) => c.name === argv[0]);
  let at = 1;
  if (spec?.subcommands) {
    if (spec.options?.length || spec.args?.length) return undefined;
    spec = spec.subcommands.find((c) => c.name === argv[1]);
    at = 2;
  }
  if (!spec?.run) return undefined;
  const options = flagsOf(spec);
  const positional = positionalsOf(spec);
  if (!options || !positional) return undefined;
  const flags: Flags = {};
  // Defaults first, in the options' order, as commander sets them when each option is added.
  for (const f of options) if (f.spec.default !== undefined) flags[f.key] = f.spec.default;
  const operands: string[] = [];
  for (let i = at; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (PROGRAM_OPTIONS.has(arg)) return undefined;
    if (arg.length < 2 || !arg.startsWith("-")) {
      operands.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const f = options.find((o) => o.long === name || o.short === name);
    if (!f || f.spec.replacedBy || (eq > 0 && !f.takesValue)) return undefined;
    if (!f.takesValue) {
      flags[f.key] = f.given;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("-")) || PROGRAM_OPTIONS.has(value)) return undefined;
    // As program.ts gives commander: repeatable options collect (no choices check), the others check theirs.
    if (f.spec.repeatable) flags[f.key] = collect(value, flags[f.key] as string[] | undefined);
    else if (f.spec.choices && !f.spec.choices.includes(value)) return undefined;
    else flags[f.key] = value;
  }
  if (options.some((f) => f.spec.required && flags[f.key] === undefined)) return undefined;
  const args = positional(operands);
  return args && { spec, args, flags };
}

/**
 * A spec's positional arguments (`<a>`, `[b]`, a last `[c...]` or `<c...>`) as a function from the
 * operands to the values commander hands the action, undefined when one is missing or too many are
 * given; or undefined when the spec declares them in another way.
 */
function positionalsOf(spec: CommandSpec): ((operands: string[]) => SimpleCall["args"] | undefined) | undefined {
  const declared = (spec.args ?? []).map((a) => ({ a, m: /^([<[])[a-z][a-z0-9-]*(\.\.\.)?[>\]]$/.exec(a.name) }));
  if (declared.some(({ m }, i) => !m || (m[2] && i !== declared.length - 1))) return undefined;
  return (operands) => {
    const values: SimpleCall["args"] = [];
    for (const [i, { a, m }] of declared.entries()) {
      const required = m?.[1] === "<";
      if (m?.[2]) {
        if (required && operands.length <= i) return undefined;
        values.push(operands.length > i ? operands.slice(i) : a.default !== undefined ? a.default : []);
        return values;
      }
      if (required && operands.length <= i) return undefined;
      values.push(operands.length > i ? operands[i] : a.default);
    }
    return operands.length > declared.length ? undefined : values;
  };
}

/** Run what simpleCall read, as program.ts has commander run it: overlays prepared first when given. */
export async function runSimple({ spec, args, flags }: SimpleCall, io: Io): Promise<CommandOutput> {
  if (overlayPaths(io, flags.catalog as string[] | undefined).length > 0) await prepareOverlays();
  return (spec.run as NonNullable<CommandSpec["run"]>)(args, flags, io);
}
