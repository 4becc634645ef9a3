import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROGRAM_OPTIONS, simpleCall } from "../../src/cli/argv.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import type { Io } from "../../src/cli/io.js";
import { buildProgram, CommanderError } from "../../src/cli/program.js";
import type { CommandSpec } from "../../src/cli/spec.js";

/**
 * The command line read without commander (src/cli/argv.ts) is the fast path of every cold start:
 * whatever it reads, commander must read the same way — the same command, the same positional
 * arguments, the same flags with the same values in the same key order — and whatever commander
 * refuses or answers itself (help, version, usage errors), it must leave to commander.
 */

const io: Io = {
  env: {},
  today: "2026-11-22",
  isTTY: false,
  columns: 80,
  readStdin: () => "",
  embeddedCatalog: () => {
    throw new Error("not read");
  },
};

interface Seen {
  name: string;
  args: unknown[];
  flags: [string, unknown][];
}

/** The specs with `run` replaced by one that records what commander hands it. */
function recording(specs: readonly CommandSpec[], seen: Seen[], path = ""): CommandSpec[] {
  return specs.map((s) => {
    const name = `${path}${s.name}`;
    const sub = s.subcommands ? { subcommands: recording(s.subcommands, seen, `${name} `) } : {};
    const run: CommandSpec["run"] = async (args, flags) => {
      seen.push({ name, args: [...args], flags: Object.entries(flags) });
      return { stdout: "" };
    };
    return { ...s, ...sub, ...(s.run ? { run } : {}) };
  });
}

/** What commander reads from `argv`: the command run and its arguments, or undefined (help, an error). */
async function commanderReads(argv: string[]): Promise<Seen | undefined> {
  const seen: Seen[] = [];
  const sink = () => {};
  const program = buildProgram(io, sink, { writeOut: sink, writeErr: sink }, argv, recording(COMMANDS, seen));
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return undefined;
    throw e;
  }
  if (program.opts().quiet || program.opts().debug) return undefined;
  return seen[0];
}

/** Every runnable spec with the words that name it: `estimate`, `catalog show`. */
const runnable: { words: string[]; spec: CommandSpec }[] = COMMANDS.flatMap((c) =>
  c.subcommands
    ? c.subcommands.filter((s) => s.run).map((s) => ({ words: [c.name, s.name], spec: s }))
    : c.run
      ? [{ words: [c.name], spec: c }]
      : [],
);

/**
 * Command lines for a spec: about the right number of operands, some of its options with values
 * (mostly fitting ones: a choice, a word; sometimes one starting with `-`), in any order, and
 * sometimes a token commander treats apart (a program option, help, `--`, an unknown option).
 */
function linesFor(spec: CommandSpec): fc.Arbitrary<string[]> {
  const value = (choices: readonly string[] | undefined) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...(choices ?? []), "x.yaml", "3", "json", "2024-01-01", "") },
      { weight: 1, arbitrary: fc.constantFrom("-", "-5", "--debug", "-q", "help") },
    );
  const opts = (spec.options ?? []).flatMap((o) =>
    (o.flags.match(/--?[A-Za-z][\w-]*/g) ?? []).map((n) =>
      o.flags.includes("<")
        ? fc.oneof(
            { weight: 4, arbitrary: value(o.choices).map((v) => [n, v]) },
            { weight: 1, arbitrary: value(o.choices).map((v) => [`${n}=${v}`]) },
            { weight: 1, arbitrary: fc.constant([n]) },
          )
        : fc.oneof({ weight: 6, arbitrary: fc.constant([n]) }, { weight: 1, arbitrary: fc.constant([`${n}=1`]) }),
    ),
  );
  const operand = fc
    .constantFrom("examples/mixed.yaml", "gpt-4o", "-", "b.yaml", "stats", "help", "-5")
    .map((t) => [t]);
  const odd = fc
    .constantFrom("-q", "--quiet", "--debug", "-h", "--help", "-V", "--", "--bogus", "-x", "-fjson", "--no-explain")
    .map((t) => [t]);
  const n = spec.args?.length ?? 0;
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.array(operand, { minLength: n, maxLength: n }) },
        { weight: 1, arbitrary: fc.array(operand, { minLength: Math.max(0, n - 1), maxLength: n + 1 }) },
      ),
      opts.length ? fc.array(fc.oneof(...opts), { maxLength: 5 }) : fc.constant([]),
      fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(odd, { maxLength: 2 }) }),
    )
    .chain(([a, b, c]) => {
      const groups = [...a, ...b, ...c];
      return fc.shuffledSubarray(groups, { minLength: groups.length, maxLength: groups.length });
    })
    .map((groups) => groups.flat());
}

describe("the command line read without commander", () => {
  it("reads each line it takes as commander reads it", async () => {
    for (const { words, spec } of runnable) {
      let taken = 0;
      await fc.assert(
        fc.asyncProperty(linesFor(spec), async (tokens) => {
          const argv = [...words, ...tokens];
          const simple = simpleCall(argv, COMMANDS);
          if (!simple) return;
          taken++;
          const want = await commanderReads(argv);
          expect(want, argv.join(" ")).toBeDefined();
          expect({ name: words.join(" "), args: simple.args, flags: Object.entries(simple.flags) }).toEqual(want);
          expect(simple.spec).toBe(spec);
        }),
        { numRuns: 300 },
      );
      // The generator reaches the fast path for every command, not only its refusals.
      expect(taken, words.join(" ")).toBeGreaterThan(3);
    }
  });

  it("takes the lines the start-up bench times", () => {
    const lines = [
      "estimate examples/support-assistant.yaml --format json",
      "estimate examples/mixed.yaml --format json",
      "quote llama-3.1-70b --input-tokens 2000 --output-tokens 500 --requests-per-day 10000 --format json",
      "check examples/support-assistant.yaml --format json",
      "diff examples/ci-base.yaml examples/ci-head.yaml --format markdown",
      "schema workload",
      "trend --provider openai --forecast 12m --format json",
      "estimate examples/mixed.yaml --over 2023-01-01..2026-11-01 --step month --format json",
      "catalog stats",
      "catalog validate",
      "estimate - --catalog a.yaml --catalog b.yaml --provider openai",
    ];
    for (const line of lines) expect(simpleCall(line.split(" "), COMMANDS), line).toBeDefined();
  });

  it("knows every option of the program", () => {
    const sink = () => {};
    const program = buildProgram(io, sink, { writeOut: sink, writeErr: sink });
    const flags = program.options.flatMap((o) => [o.short, o.long]);
    for (const f of [...flags, "-h", "--help"]) if (f) expect(PROGRAM_OPTIONS.has(f), f).toBe(true);
  });

  it("leaves help, program options, usage errors and old spellings to commander", () => {
    const lines = [
      "",
      "--help",
      "help estimate",
      "estimate --help",
      "estimate x.yaml -h",
      "-q estimate x.yaml",
      "estimate x.yaml --quiet",
      "estimate x.yaml --debug",
      "estimate",
      "estimate a.yaml b.yaml",
      "estimate x.yaml --format yaml",
      "estimate x.yaml --format",
      "estimate x.yaml --bogus",
      "estimate x.yaml -fjson",
      "estimate x.yaml -- --format json",
      "estimat x.yaml",
      "catalog",
      "catalog help",
      "quote gpt-4o --input 100",
    ];
    for (const line of lines) expect(simpleCall(line ? line.split(" ") : [], COMMANDS), line).toBeUndefined();
  });
});
