import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { writeStream } from "../../src/cli/output.js";
import { runCli } from "../../src/cli/run.js";
import { estimate } from "../../src/engine/estimate.js";
import { parseWorkloadText } from "../../src/load/workload.js";
import { renderJsonValue } from "../../src/report/json.js";
import { cli, embedded, scratchDir, TODAY } from "../helpers/cli.js";

/**
 * `estimate --format json` is written item by item as each is priced (issue 15). Its problems are
 * known only after the last item, so standard output gets it only once it is whole, and a file
 * (`-o`) only through its temporary file: a fault still writes nothing, as before.
 */

/** The CLI in-process as main.ts runs it: a long report comes back as a stream of bytes. */
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

const item = (name: string, model: string) =>
  `  - name: ${name}\n    model: ${model}\n    requests_per_day: 1000\n    input_tokens: 500\n    output_tokens: 100\n`;

/** A workload whose last item names an unknown model: found only after the others are priced. */
function lateFault(dir: string): string {
  const file = join(dir, "late.yaml");
  writeFileSync(file, `llmcost: 1\nname: late\ninference:\n${item("a", "gpt-4o-mini")}${item("b", "gpt-4o-minii")}`);
  return file;
}

describe("estimate --format json, written as it is priced", () => {
  it("writes the same report as the whole estimate's JSON, to standard output and to a file", async () => {
    const dir = scratchDir("llmcost-stream-");
    for (const file of ["examples/mixed.yaml", "examples/billing/qwen-shared-quota.yaml"]) {
      // The whole estimate, made and rendered at once as before.
      const w = parseWorkloadText(readFileSync(file, "utf8"), file);
      const whole = estimate(w, embedded(), { asOf: w.as_of ?? TODAY, currency: w.currency }).estimate;
      const s = await streamed(["estimate", file, "--format", "json"]);
      expect(s.exitCode).toBe(0);
      expect(s.stdoutStream).toBeDefined();
      expect(s.text).toBe(renderJsonValue(whole));
      expect((await cli(["estimate", file, "--format", "json"])).stdout).toBe(s.text);
      const out = join(dir, "out.json");
      const f = await streamed(["estimate", file, "--format", "json", "-o", out]);
      expect(f.exitCode).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(s.text);
    }
  });

  it("a fault found after the first items: exit 2, the fault placed, nothing on standard output", async () => {
    const file = lateFault(scratchDir("llmcost-stream-"));
    const s = await streamed(["estimate", file, "--format", "json"]);
    expect(s.exitCode).toBe(2);
    expect(s.text).toBe("");
    expect(s.stderr).toMatch(/late\.yaml:10:\d+: inference\[1\]\.model: unknown model "gpt-4o-minii"/);
    // The same message as the table, which is made whole before it is written.
    expect(s.stderr).toBe((await cli(["estimate", file, "--format", "table"])).stderr);
  });

  it("with -o: the file is left as it was, no temporary file is left, and the fault beats a bad output path", async () => {
    const dir = scratchDir("llmcost-stream-");
    const file = lateFault(dir);
    const out = join(dir, "report.json");
    writeFileSync(out, "the old report\n");
    const before = readdirSync(dir).sort();
    const r = await streamed(["estimate", file, "--format", "json", "-o", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown model "gpt-4o-minii"/);
    expect(readFileSync(out, "utf8")).toBe("the old report\n");
    expect(readdirSync(dir).sort()).toEqual(before);
    // A folder that does not exist: the workload's fault is reported, as when the report came first.
    const missing = join(dir, "no-such-folder", "report.json");
    const m = await streamed(["estimate", file, "--format", "json", "-o", missing]);
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toMatch(/unknown model "gpt-4o-minii"/);
    expect(existsSync(missing)).toBe(false);
    // Without the fault, the path's own fault.
    const ok = await streamed(["estimate", "examples/mixed.yaml", "--format", "json", "-o", missing]);
    expect(ok.exitCode).toBe(2);
    expect(ok.stderr).toMatch(/the folder does not exist/);
  });

  it("a large workload's JSON to standard output: problems found by a pass of their own, then written unheld", async () => {
    const dir = scratchDir("llmcost-stream-");
    let yaml = "llmcost: 1\nname: mid\nas_of: 2026-11-01\ninference:\n";
    for (let i = 0; i < 1200; i++) yaml += item(`item-${i}`, ["qwen-max", "gpt-4o-mini"][i % 2] as string);
    const file = join(dir, "mid.yaml");
    writeFileSync(file, yaml);
    const r = await streamed(["estimate", file, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    // Not held: the pieces come from the report as it is made (a held stream's are an array of bytes).
    expect(r.stdoutStream?.fallible).toBeFalsy();
    expect(Array.isArray(r.stdoutStream?.chunks)).toBe(false);
    const w = parseWorkloadText(yaml, file);
    expect(r.text).toBe(renderJsonValue(estimate(w, embedded(), { asOf: "2026-11-01", currency: "USD" }).estimate));
    // The last item's model unknown: exit 2, nothing written, the message the table gives.
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, yaml.replace(/model: \S+\n(?![\s\S]*model:)/, "model: gpt-4o-minii\n"));
    const b = await streamed(["estimate", bad, "--format", "json"]);
    expect(b.exitCode).toBe(2);
    expect(b.text).toBe("");
    expect(b.stdoutStream).toBeUndefined();
    expect(b.stderr).toMatch(/inference\[1199\]\.model: unknown model "gpt-4o-minii"/);
    expect(b.stderr).toBe((await cli(["estimate", bad, "--format", "table"])).stderr);
  });
});
