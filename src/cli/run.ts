import { formatDiagnostics, InputError, unambiguous } from "../errors.js";
import { streamText } from "../report/registry.js";
import { runSimple, simpleCall } from "./argv.js";
import { COMMANDS } from "./commands/index.js";
import type { CliResult, CommandOutput, Io } from "./io.js";
import { checkOutputPath, holdStream, writeAlongside, writeFileAtomic } from "./output.js";

/**
 * Run the CLI on `argv` (without node and script) and return what to print and the exit code.
 * Errors are classified once, here: bad input → 2 with placed messages; a usage error → 2; anything
 * else is a bug → 3, "internal error — please report", with a stack only under --debug.
 */
export async function runCli(argv: string[], io: Io): Promise<CliResult> {
  const debug = argv.includes("--debug");
  // The common line (a command, its arguments and options) is read without commander (argv.ts).
  const simple = simpleCall(argv, COMMANDS);
  let parsed: Parsed | CliResult;
  if (simple) {
    try {
      parsed = { stdout: "", stderr: "", result: await runSimple(simple, io), quiet: false };
    } catch (e) {
      return failure(e, "", debug);
    }
  } else {
    parsed = await viaCommander(argv, io, debug);
    if ("exitCode" in parsed) return parsed;
  }
  const { stdout, result: r, quiet } = parsed;
  let { stderr } = parsed;
  if (!r) return { stdout, stderr, exitCode: 0 };
  let out = r.stdout;
  // `-o -` is standard output, as `init -` and every input's `-` are.
  const outputFile = r.file === "-" ? undefined : r.file;
  // A report that may still fail as it is made (an estimate made item by item: its problems are
  // known after its last item) is made in full, as bytes, before any of it goes to standard output:
  // a fault is then exit 2 with nothing written. To a file it is written as it is made, into the
  // temporary file that only a whole report replaces the file with (writeFileAtomic).
  if (typeof out !== "string" && out.fallible && outputFile === undefined) {
    try {
      out = holdStream(out);
    } catch (e) {
      return failure(e, stderr, debug);
    }
  }
  let alongside = "";
  if (outputFile !== undefined && out) {
    try {
      checkOutputPath(outputFile, argv, io.env.LLMCOST_CATALOG);
      writeFileAtomic(outputFile, out);
      if (r.alongside) alongside = writeAlongside(outputFile, r.alongside);
    } catch (e) {
      // The report's own fault comes first, as when a report was made before it was written: the
      // rest of a stream the writer left (writeStream never closes it) is made, not written, to find it.
      if (typeof out !== "string" && out.fallible)
        try {
          for (const _ of out.chunks);
        } catch (fault) {
          return failure(fault, "", debug);
        }
      return failure(e, "", debug);
    }
    out = "";
    if (!quiet) stderr += `wrote ${outputFile}\n${alongside}`;
  }
  // A command's own messages may quote what it read (an importer's keys): never raw controls on a terminal.
  // --quiet: "nothing on stderr but errors", so a command's own error lines stay (usage --strict's
  // exit 2 said nothing at all under -q).
  if (r.stderr) stderr += unambiguous(quiet ? errorLines(r.stderr) : r.stderr);
  if (typeof out !== "string" && io.streamStdout)
    return { stdout, stdoutStream: out, stderr, exitCode: r.exitCode ?? 0 };
  return { stdout: stdout + streamText(out), stderr, exitCode: r.exitCode ?? 0 };
}

/** What a command line gave: the command's output (none after help), and what commander printed. */
interface Parsed {
  stdout: string;
  stderr: string;
  result: CommandOutput | undefined;
  quiet: boolean;
}

/** `argv` read and run by commander (src/cli/program.ts, loaded only now); usage errors and help are its. */
async function viaCommander(argv: string[], io: Io, debug: boolean): Promise<Parsed | CliResult> {
  const { buildProgram, CommanderError } = await import("./program.js");
  let stdout = "";
  let stderr = "";
  let result: CommandOutput | undefined;
  const program = buildProgram(
    io,
    (out) => {
      result = out;
    },
    {
      writeOut: (s) => {
        stdout += s;
      },
      writeErr: (s) => {
        stderr += s;
      },
    },
    argv,
  );
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, help CMD and --version exit 0; help shown because no command was given is a usage error.
      const ok = e.exitCode === 0;
      if (!ok && !stderr.includes("--help")) stderr += "(run 'llmcost --help' for usage)\n";
      // Commander quotes the offending argument back: escape control characters in it.
      return { stdout, stderr: unambiguous(stderr), exitCode: ok ? 0 : 2 };
    }
    return failure(e, stderr, debug);
  }
  return { stdout, stderr, result, quiet: program.opts().quiet === true };
}

/** A run that failed: bad input is exit 2 with its placed messages; anything else is a bug, exit 3. */
function failure(e: unknown, stderr: string, debug: boolean): CliResult {
  if (e instanceof InputError)
    return { stdout: "", stderr: `${stderr}${formatDiagnostics(e.diagnostics)}\n`, exitCode: 2 };
  const err = e as Error;
  return {
    stdout: "",
    stderr: `${stderr}internal error — please report it at the project's issue tracker with the command you ran: ${err?.message ?? String(e)}\n${debug ? `${err?.stack ?? ""}\n` : "(run with --debug for details)\n"}`,
    exitCode: 3,
  };
}

/** The `error: …` lines of a command's stderr, each with the indented lines that follow it. */
function errorLines(text: string): string {
  let keep = false;
  let out = "";
  for (const line of text.split("\n")) {
    keep = line.startsWith("error: ") || (keep && line.startsWith("  "));
    if (keep) out += `${line}\n`;
  }
  return out;
}
