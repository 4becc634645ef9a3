import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseWorkloadText } from "../../src/load/workload.js";
import { OptimizeReport } from "../../src/schema/optimize.js";
import { Estimate } from "../../src/schema/report.js";
import { cli, embedded, scratchDir } from "../helpers/cli.js";

/**
 * `llmcost optimize` end to end on the embedded catalog (docs/optimize.md): for every example
 * workload and the two fixtures made to trigger every lever, each suggestion is applied with
 * `--apply N` (and the plan with `--apply all`), the written YAML is priced by `estimate`, and the
 * total must agree with the claimed one to the cent.
 */

const FILES = [
  ...readdirSync("examples")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join("examples", f)),
  "tests/fixtures/optimize/levers.yaml",
  "tests/fixtures/optimize/off-peak.yaml",
];

const cents = (x: number) => Math.round(x * 100);

async function report(file: string): Promise<OptimizeReport> {
  const r = await cli(["optimize", file, "--format", "json"]);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  const data = JSON.parse(r.stdout);
  // The JSON is the schema's shape: parse drops unknown keys, so a field missing from it fails here.
  expect(OptimizeReport.parse(data)).toEqual(data);
  return data as OptimizeReport;
}

/** `optimize --apply which`, then `estimate` of the written workload: its total. */
async function appliedTotal(file: string, which: string): Promise<number> {
  const written = await cli(["optimize", file, "--apply", which]);
  expect(written.exitCode).toBe(0);
  const est = await cli(["estimate", "-", "--format", "json"], { stdin: written.stdout });
  expect(est.stderr).toBe("");
  return Estimate.parse(JSON.parse(est.stdout)).total;
}

describe("optimize → --apply → estimate agrees to the cent", () => {
  const kinds = new Set<string>();
  it.each(FILES)("%s", async (file) => {
    const r = await report(file);
    const base = await cli(["estimate", file, "--format", "json"]);
    expect(cents(r.total)).toBe(cents(Estimate.parse(JSON.parse(base.stdout)).total));
    for (const s of r.suggestions) {
      kinds.add(s.lever);
      expect(cents(await appliedTotal(file, String(s.id))), `${file} #${s.id} ${s.lever}`).toBe(cents(s.total_after));
    }
    if (r.plan.suggestions.length) expect(cents(await appliedTotal(file, "all"))).toBe(cents(r.plan.total_after));
  });

  it("covers every suggestion kind", () => {
    const all = OptimizeReport.shape.suggestions.element.shape.lever.options;
    expect([...kinds].sort()).toEqual([...all].sort());
  });
});

describe("optimize output", () => {
  it("support-assistant: the table names each change, its saving and the plan", async () => {
    const r = await cli(["optimize", "examples/support-assistant.yaml"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/support-assistant: \$355\.20 per month now/);
    expect(r.stdout).toMatch(/^Plan \(#/m);
    expect(r.stdout).toMatch(/trade-off: quality class/);
  });

  it("markdown: a pull-request comment with the saving per month", async () => {
    const r = await cli(["optimize", "tests/fixtures/optimize/off-peak.yaml", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\*\*These changes could save \$828\.8\d per month\*\*/);
    expect(r.stdout).toMatch(/\| \\# \| item \| lever \|/);
  });

  it("html: a self-contained page", async () => {
    const r = await cli(["optimize", "tests/fixtures/optimize/off-peak.yaml", "--format", "html"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain("off_peak");
  });

  it("--apply keeps the file's comments and spellings, and diff explains the change", async () => {
    const dir = scratchDir("llmcost-optimize-");
    const out = join(dir, "cheaper.yaml");
    const w = await cli(["optimize", "tests/fixtures/optimize/off-peak.yaml", "--apply", "1", "-o", out]);
    expect(w.exitCode).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toContain("# DeepSeek's off-peak window");
    expect(text).toContain("requests_per_day: 50k");
    expect(text).toMatch(/off_peak: 1/);
    const d = await cli(["diff", "tests/fixtures/optimize/off-peak.yaml", out, "--format", "json"]);
    expect(d.exitCode).toBe(0);
    expect(JSON.parse(d.stdout).total.change).toBeLessThan(0);
  });

  it("--apply -o into another directory: the $schema modeline still names the schema file", async () => {
    // examples/ci-base.yaml says `$schema=../schema/workload.json` (the repository's schema/); the
    // copy two folders deep elsewhere must point at that same file, relative to its own folder.
    const dir = scratchDir("llmcost-optimize-schema-");
    const out = join(dir, "a", "b", "cheaper.yaml");
    mkdirSync(dirname(out), { recursive: true });
    const r = await cli(["optimize", "examples/ci-base.yaml", "--apply", "all", "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    const ref = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(ref).not.toBe("../schema/workload.json");
    expect(resolve(dirname(out), ref as string)).toBe(resolve("schema/workload.json"));
    expect(existsSync(resolve(dirname(out), ref as string))).toBe(true);
    // Printed (no -o): the text as the input wrote it.
    const printed = await cli(["optimize", "examples/ci-base.yaml", "--apply", "all"]);
    expect(printed.stdout).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/workload\.json$/m);
  });
});

describe("rebaseSchemaRef", () => {
  it("rewrites a relative modeline or $schema key for the new folder; URLs and absolute paths stay", async () => {
    const { rebaseSchemaRef } = await import("../../src/cli/schema-files.js");
    const modeline = "# yaml-language-server: $schema=../schema/workload.json\nllmcost: 1\n";
    // from examples/ the file is schema/workload.json; from out/x/ that is ../../schema/workload.json
    expect(rebaseSchemaRef(modeline, "examples", "out/x")).toBe(
      "# yaml-language-server: $schema=../../schema/workload.json\nllmcost: 1\n",
    );
    // from a/ the file a/workload.schema.json is ./workload.schema.json seen from a/ itself
    expect(rebaseSchemaRef("$schema: './workload.schema.json'\n", "a", "a")).toBe(
      "$schema: './workload.schema.json'\n",
    );
    expect(rebaseSchemaRef("$schema: workload.schema.json\n", "a", ".")).toBe("$schema: ./a/workload.schema.json\n");
    const url = "# yaml-language-server: $schema=https://example.com/workload.json\n";
    expect(rebaseSchemaRef(url, "examples", "out")).toBe(url);
    const abs = "# yaml-language-server: $schema=/opt/schema/workload.json\n";
    expect(rebaseSchemaRef(abs, "examples", "out")).toBe(abs);
  });
});

describe("optimize: bad input exits 2 with the place and a hint", () => {
  const dir = scratchDir("llmcost-optimize-bad-");
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const expectBad = (r: { exitCode: number; stdout: string; stderr: string }, ...patterns: RegExp[]) => {
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    for (const p of patterns) expect(r.stderr).toMatch(p);
  };

  it("a bad latency value", async () => {
    const f = write(
      "l.yaml",
      "llmcost: 1\ninference:\n  - name: a\n    model: gpt-4o-mini\n    requests: 1\n    latency: later\n",
    );
    expectBad(await cli(["optimize", f]), /l\.yaml:6:14: inference\[0\]\.latency/, /interactive/);
  });

  it("a bad quality class", async () => {
    const f = write(
      "q.yaml",
      "llmcost: 1\nquality_classes: {gpt-4o-mini: great}\ninference:\n  - name: a\n    model: gpt-4o-mini\n    requests: 1\n",
    );
    expectBad(await cli(["optimize", f]), /q\.yaml:2:\d+: quality_classes\.gpt-4o-mini/, /frontier/);
  });

  it("an unknown model, with did you mean", async () => {
    const f = write("m.yaml", "llmcost: 1\ninference:\n  - name: a\n    model: gpt-4o-mnii\n    requests: 1\n");
    expectBad(
      await cli(["optimize", f]),
      /m\.yaml:4:12: inference\[0\]\.model: unknown model/,
      /did you mean "gpt-4o-mini"/,
    );
  });

  it("--apply of a suggestion that does not exist", async () => {
    expectBad(
      await cli(["optimize", "tests/fixtures/optimize/off-peak.yaml", "--apply", "7"]),
      /--apply: no such suggestion/,
      /expected: a suggestion number 1–1, or all/,
      /hint: +run 'llmcost optimize WORKLOAD'/,
    );
  });

  it("--apply when nothing saves", async () => {
    expectBad(await cli(["optimize", "examples/china-price-war.yaml", "--apply", "1"]), /nothing to apply/);
  });
});

describe("optimize as a library (docs/library.md)", () => {
  it("gives the CLI's JSON, and applySuggestions + estimate reproduce the plan's total", async () => {
    const { applySuggestions, estimate, optimize } = await import("../../src/lib/api.js");
    const embeddedCatalog = embedded;
    const w = parseWorkloadText(readFileSync("tests/fixtures/optimize/levers.yaml", "utf8"));
    const opts = { asOf: "2026-11-01", currency: "USD" };
    const { report: lib, problems } = optimize(w, embeddedCatalog(), opts);
    expect(problems).toEqual([]);
    expect(lib).toEqual(await report("tests/fixtures/optimize/levers.yaml"));
    const after = estimate(applySuggestions(w, lib.plan.patches), embeddedCatalog(), opts).estimate.total;
    expect(cents(after)).toBe(cents(lib.plan.total_after));
  });
});
