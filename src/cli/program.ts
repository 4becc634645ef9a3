import { Command, Option } from "commander";
import { COMMANDS } from "./commands/index.js";
import { collect, overlayPaths, prepareOverlays } from "./common.js";
import { EXIT_CODES_HELP } from "./exit.js";
import type { CommandOutput, Io } from "./io.js";
import type { CommandSpec, OptionSpec } from "./spec.js";

/**
 * Commander wiring only: the command specs (src/cli/commands/index.ts) turned into commander
 * commands; no logic lives here. Each action loads its command module when it runs (so a start-up
 * evaluates only the code of the command asked for), hands it its arguments and stores what it
 * returns.
 */

export { CommanderError } from "commander";

export const VERSION = "0.1.0";

type Sink = (out: CommandOutput) => void;

export interface OutputHooks {
  writeOut: (s: string) => void;
  writeErr: (s: string) => void;
}

/**
 * Build the command tree. exitOverride and the output hooks are set first, so every subcommand
 * inherits them: commander then throws instead of exiting, and writes where runCli collects.
 *
 * Every command is registered with its name and summary (for help, and "did you mean" after a
 * typo), but when `argv` names one, only that one gets its arguments, options and help: building
 * all of them took a tenth of a cold start. Without a command name (`--help`, `help estimate`)
 * every command is built.
 */
export function buildProgram(
  io: Io,
  sink: Sink,
  hooks: OutputHooks,
  argv: readonly string[] = [],
  commands: readonly CommandSpec[] = COMMANDS,
): Command {
  const program = new Command("llmcost");
  const named = argv.find((a) => !a.startsWith("-"));
  const only = commands.some((c) => c.name === named) ? named : undefined;
  program.exitOverride();
  // Help wraps at the terminal's width from io (80 when not a terminal), never process.stdout's.
  const helpWidth = () => (io.columns > 0 ? io.columns : 80);
  program.configureOutput({
    writeOut: hooks.writeOut,
    writeErr: hooks.writeErr,
    outputError: (s, write) => write(s),
    getOutHelpWidth: helpWidth,
    getErrHelpWidth: helpWidth,
  });
  // Overlay catalogs need the catalog schemas: load them before the command, only when asked for.
  program.hook("preAction", async (_program, action) => {
    const catalogFlags = (action.opts() as { catalog?: string[] }).catalog;
    if (overlayPaths(io, catalogFlags).length > 0) await prepareOverlays();
  });
  program
    .description(
      "What will this AI workload cost, where, and why?\nAPI, self-hosted and training workloads, priced from sourced, dated catalogs.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "print stack traces for internal errors")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Examples (one per command):
  llmcost estimate examples/support-assistant.yaml   price a workload file
  llmcost quote gpt-4o-mini --input-tokens 1200 --output-tokens 250
  llmcost catalog show claude-3-5-sonnet             a model's price history
  llmcost trend gpt-4o gpt-4o-mini --forecast 12m    how prices moved
  llmcost check examples/support-assistant.yaml --budget 400
  llmcost diff examples/ci-base.yaml examples/ci-head.yaml --format markdown
  llmcost schema workload > workload.schema.json     JSON Schema for editors
  llmcost init my-workload.yaml                      a commented starter

${EXIT_CODES_HELP}
Docs: README.md and docs/ in the package.
`,
    );

  for (const spec of commands) {
    const cmd = program.command(spec.name).summary(spec.summary);
    if (only === undefined || only === spec.name) defineCommand(cmd, spec, io, sink);
  }
  return program;
}

/**
 * A description as one paragraph per blank-line-separated block: a single line break written in a
 * spec (to keep the source readable) would otherwise break the help mid-sentence wherever commander's
 * own wrapping, at the terminal's width, does not happen to fall.
 */
export function reflow(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s*\n\s*/g, " "))
    .join("\n\n");
}

/** Arguments, options, help and action of one command (and of its subcommands) from its spec. */
function defineCommand(cmd: Command, spec: CommandSpec, io: Io, sink: Sink): void {
  cmd.description(reflow(spec.description));
  for (const a of spec.args ?? []) cmd.argument(a.name, a.description, a.default);
  for (const o of spec.options ?? []) {
    const option = new Option(o.flags, o.description);
    if (o.choices) option.choices(o.choices);
    if (o.default !== undefined) option.default(o.default);
    if (o.repeatable) option.argParser(collect);
    if (o.required) option.makeOptionMandatory();
    if (o.replacedBy) option.hideHelp();
    cmd.addOption(option);
  }
  if (spec.after) cmd.addHelpText("after", spec.after);
  for (const sub of spec.subcommands ?? []) defineCommand(cmd.command(sub.name).summary(sub.summary), sub, io, sink);
  const run = spec.run;
  if (run)
    cmd.action(async (...params: unknown[]) => {
      // commander passes the positional arguments, then the options, then the command.
      const n = spec.args?.length ?? 0;
      const args = params.slice(0, n) as Array<string | string[] | undefined>;
      const flags = params[n] as Record<string, unknown>;
      const notes = oldSpellings(spec.options ?? [], flags);
      const out = await run(args, flags, io);
      sink(notes ? { ...out, stderr: `${notes}${out.stderr ?? ""}` } : out);
    });
}

/**
 * Old option spellings (OptionSpec.replacedBy): each value given is moved to the option it names
 * (appended when that one is repeatable; the new spelling wins when both are given), and a note
 * says so. Returns the notes, one line per old spelling used.
 */
export function oldSpellings(options: readonly OptionSpec[], flags: Record<string, unknown>): string {
  let notes = "";
  for (const o of options) {
    if (!o.replacedBy) continue;
    const old = new Option(o.flags);
    const key = old.attributeName();
    const value = flags[key];
    if (value === undefined) continue;
    delete flags[key];
    const target = options.find((t) => t.flags.split(/[ ,]+/).includes(o.replacedBy as string));
    const newKey = new Option(target?.flags ?? o.replacedBy).attributeName();
    const current = flags[newKey];
    if (Array.isArray(current)) current.push(value);
    else if (current === undefined) flags[newKey] = target?.repeatable ? [value] : value;
    notes += `note: ${old.long} is the old spelling of ${o.replacedBy} (still accepted)\n`;
  }
  return notes;
}
