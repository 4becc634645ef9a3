import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { writeStream } from "../../src/cli/output.js";
import { runCli } from "../../src/cli/run.js";
import { estimate } from "../../src/engine/estimate.js";
import { visibleStrings } from "../../src/escape.js";
import { parseWorkloadText } from "../../src/load/workload.js";
import { DEFAULT_REPORT_OPTIONS } from "../../src/report/registry.js";
import { renderTable, tableChunks } from "../../src/report/table.js";
import type { RenderOptions } from "../../src/report/types.js";
import type { Estimate } from "../../src/schema/report.js";
import { cli, embedded, scratchDir, TODAY } from "../helpers/cli.js";

/**
 * The estimate table neutralises what it shows as it reads it (src/report/table.ts `tableChunks`),
 * instead of being given a `visibleStrings` copy of the whole estimate: these tests hold the two
 * ways to the same text.
 */

/** Estimates from the examples: self-hosting with ranges, packs, plans, provisioned, notes, budgets, explain lines. */
const CASES = [
  ["examples/mixed.yaml", "--explain"],
  ["examples/china-price-war.yaml"],
  ["examples/support-assistant.yaml"],
  ["examples/billing/qwen-free-quota.yaml", "--explain"],
  ["examples/billing/azure-ptu.yaml"],
  ["examples/billing/contract.yaml"],
  ["examples/billing/fine-tune.yaml"],
  ["examples/billing/agent-web-search.yaml"],
  ["examples/billing/cache-ttl-storage.yaml"],
];

async function estimates(): Promise<Estimate[]> {
  const out: Estimate[] = [];
  for (const [file, ...flags] of CASES) {
    const r = await cli(["estimate", file as string, "--format", "json", ...flags]);
    expect(r.exitCode, r.stderr).toBeLessThan(2);
    out.push(JSON.parse(r.stdout) as Estimate);
  }
  return out;
}

const text = (e: Estimate, opts: RenderOptions): string => [...tableChunks(e, opts)].join("");

/** Control and bidi characters `visible` escapes, alone and next to white space that `trim` or `wrap` would treat apart. */
const RAW = [
  "\u001b[2J",
  "\r",
  "\u202e",
  "\u0085",
  "\u000b",
  "\u0000",
  "\u2066",
  "\u007f",
  "\f",
  " \r",
  "\u000b ",
  "/\u001b",
];

/** `data` with, string by string, the next of `marks` (a character and a place in the string) put in, or none. */
function taint(data: unknown, marks: Array<{ raw: number; at: number } | null>): unknown {
  let k = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = marks[k++ % marks.length];
      if (!m) return v;
      const at = m.at % (v.length + 1);
      return v.slice(0, at) + RAW[m.raw % RAW.length] + v.slice(at);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, walk(x)]));
    return v;
  };
  return walk(data);
}

describe("the estimate table, drawn item by item", () => {
  it("its pieces are the table renderTable draws", async () => {
    for (const e of await estimates())
      for (const color of [false, true]) {
        const opts: RenderOptions = { color, width: 80, alternatives: 3, explain: true };
        const pieces = [...tableChunks(e, opts)];
        // The header, one piece an item, the total.
        expect(pieces.length).toBe(e.items.length + 2);
        expect(pieces.join("")).toBe(renderTable(e, opts));
      }
  });

  it("strings with control or bidi characters: the same table as from their visibleStrings copy, and none of them drawn raw", async () => {
    const all = await estimates();
    const mark = fc.option(fc.record({ raw: fc.nat(), at: fc.nat() }), { freq: 2 });
    fc.assert(
      fc.property(
        fc.constantFrom(...all.keys()),
        fc.array(mark, { minLength: 1, maxLength: 40 }),
        fc.record({
          color: fc.boolean(),
          width: fc.integer({ min: 40, max: 140 }),
          alternatives: fc.integer({ min: 0, max: 5 }),
          explain: fc.boolean(),
          lang: fc.constantFrom("en" as const, "zh-CN" as const),
        }),
        (i, marks, opts) => {
          const dirty = taint(all[i], marks) as Estimate;
          const shown = text(dirty, opts);
          expect(shown).toBe(text(visibleStrings(dirty), opts));
          if (!opts.color)
            expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("by hand: an escape sequence in an item name and a note is shown as text", async () => {
    const [e] = await estimates();
    const item = (e as Estimate).items[0] as Estimate["items"][number];
    const dirty = { ...(e as Estimate), items: [{ ...item, name: "chat\u001b[2J", notes: ["read \u202eme"] }] };
    const shown = text(dirty, { color: false, width: 80, alternatives: 1, explain: false });
    expect(shown).toContain("chat\\u001b[2J");
    expect(shown).toContain("note: read \\u202eme");
    expect(shown).not.toMatch(/[\u001b\u202e]/);
  });
});

/** The CLI in-process as main.ts runs it: a long report comes back as a stream. */
async function streamed(args: string[]) {
  const io: Io = {
    env: {},
    today: TODAY,
    isTTY: false,
    columns: 80,
    readStdin: () => "",
    embeddedCatalog: embedded,
    streamStdout: true,
  };
  const r = await runCli(args, io);
  let text = r.stdout;
  if (r.stdoutStream) {
    const out: Buffer[] = [];
    writeStream(r.stdoutStream, (b) => {
      out.push(Buffer.from(b));
    });
    text += Buffer.concat(out).toString("utf8");
  }
  return { ...r, text };
}

describe("estimate --format table, drawn as each item is priced (estimateItems)", () => {
  it("the table of the whole estimate, to standard output and to a file; training's one-off header too", async () => {
    const dir = scratchDir("llmcost-table-");
    for (const file of [
      "examples/mixed.yaml",
      "examples/billing/fine-tune.yaml",
      "examples/billing/qwen-shared-quota.yaml",
    ]) {
      const w = parseWorkloadText(readFileSync(file, "utf8"), file);
      const whole = estimate(w, embedded(), { asOf: w.as_of ?? TODAY, currency: w.currency }).estimate;
      const s = await streamed(["estimate", file]);
      expect(s.exitCode, s.stderr).toBe(0);
      expect(s.stdoutStream).toBeDefined();
      expect(s.text).toBe(renderTable(visibleStrings(whole), DEFAULT_REPORT_OPTIONS));
      if (file.includes("fine-tune")) expect(s.text).toContain("(training: one-off)");
      const out = join(dir, "out.txt");
      const f = await streamed(["estimate", file, "-o", out]);
      expect(f.exitCode).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(s.text);
    }
  });

  it("a fault found after the first items: exit 2, the fault placed, nothing written", async () => {
    const dir = scratchDir("llmcost-table-");
    const file = join(dir, "late.yaml");
    const item = (name: string, model: string) =>
      `  - name: ${name}\n    model: ${model}\n    requests_per_day: 1000\n    input_tokens: 500\n`;
    writeFileSync(file, `llmcost: 1\nname: late\ninference:\n${item("a", "gpt-4o-mini")}${item("b", "gpt-4o-minii")}`);
    const s = await streamed(["estimate", file]);
    expect(s.exitCode).toBe(2);
    expect(s.text).toBe("");
    expect(s.stderr).toMatch(/late\.yaml:9:\d+: inference\[1\]\.model: unknown model "gpt-4o-minii"/);
    const out = join(dir, "report.txt");
    writeFileSync(out, "the old report\n");
    const f = await streamed(["estimate", file, "-o", out]);
    expect(f.exitCode).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("the old report\n");
  });
});
