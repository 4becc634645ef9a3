import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";

const SUPPORT = "examples/support-assistant.yaml";

describe("llmcost estimate (built binary)", () => {
  it("prints JSON on stdout only, with exit 0", () => {
    const r = bin(["estimate", SUPPORT, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j.llmcost).toBe(1);
    expect(j.items.map((i: { name: string }) => i.name)).toEqual(["chat", "retrieval-embeddings", "nightly-summaries"]);
    // total is the sum of the selected options
    const sum = j.items.reduce((a: number, i: { cost: number }) => a + i.cost, 0);
    expect(j.total).toBeCloseTo(sum, 9);
    for (const item of j.items) {
      const costs = item.options.map((o: { cost: number }) => o.cost);
      expect(costs).toEqual([...costs].sort((a: number, b: number) => a - b));
      expect(item.selected.provider).toBe(item.options[0].provider);
      for (const o of item.options) {
        expect(o.components.length).toBeGreaterThan(0);
        for (const c of o.components)
          expect(Object.keys(c)).toEqual(
            expect.arrayContaining(["name", "quantity", "unit", "unit_price", "price_unit", "cost"]),
          );
      }
    }
  });

  it("gives byte-identical JSON on reruns", () => {
    const a = bin(["estimate", SUPPORT, "--format", "json"]).stdout;
    const b = bin(["estimate", SUPPORT, "--format", "json"]).stdout;
    expect(a).toBe(b);
  });

  it("reads the workload from stdin with -", () => {
    const r = bin(["estimate", "-", "--format", "csv"], {
      stdin:
        "llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: a, model: gpt-4o-mini, providers: [openai], requests: 1000, input_tokens: 1000, output_tokens: 100}\n",
    });
    expect(r.exitCode).toBe(0);
    // openai gpt-4o-mini at 0.15/0.60: 1e6 × 0.15/1e6 + 1e5 × 0.6/1e6 = 0.21
    expect(r.stdout).toContain("a,inference,gpt-4o-mini,1,true,openai,gpt-4o-mini,api,0.21,USD,month");
  });

  it("fits the table in 80 columns and uses no colour when piped", () => {
    const r = bin(["estimate", SUPPORT]);
    expect(r.exitCode).toBe(0);
    for (const line of r.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/Total: \$[0-9,.]+ per month/);
  });

  it("colours when FORCE_COLOR is set and not when NO_COLOR is", () => {
    expect(bin(["estimate", SUPPORT], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(/\u001b\[/);
    expect(bin(["estimate", SUPPORT], { env: { NO_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
  });

  it("applies an overlay's negotiated price, and LLMCOST_CATALOG does the same", () => {
    // 20k/day × 730/24 = 608,333.33 req; uncached input 292e6 × 0.10 = 29.20; cached 438e6 × 0.05 = 21.90;
    // output 152,083,333 × 0.40 = 60.83; chat = 111.93.
    const args = ["estimate", SUPPORT, "--format", "json", "--provider", "openai"];
    const viaFlag = JSON.parse(bin([...args, "--catalog", "tests/fixtures/overlays/negotiated.yaml"]).stdout);
    const chat = viaFlag.items.find((i: { name: string }) => i.name === "chat");
    expect(chat.cost).toBeCloseTo(29.2 + 21.9 + 60.833333333, 6);
    expect(chat.options[0].source).toBe("our contract, 2024");
    const viaEnv = JSON.parse(
      bin(args, { env: { LLMCOST_CATALOG: "tests/fixtures/overlays/negotiated.yaml" } }).stdout,
    );
    expect(viaEnv.items.find((i: { name: string }) => i.name === "chat").cost).toBe(chat.cost);
    expect(viaEnv.catalog.digest).toBe(viaFlag.catalog.digest);
  });

  it("adds a provider from an overlay beside the embedded ones", () => {
    const r = JSON.parse(
      bin([
        "quote",
        "gpt-4o-mini",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "100",
        "--requests",
        "1000",
        "--format",
        "json",
        "--catalog",
        "tests/fixtures/overlays/new-provider.yaml",
      ]).stdout,
    );
    const providers = r.items[0].options.map((o: { provider: string }) => o.provider);
    expect(providers[0]).toBe("acme");
    expect(providers).toContain("openai");
  });
});

describe("bad input: exit 2, placed messages, no stack trace", () => {
  const dir = scratchDir("llmcost-cli-");
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const expectBad = (r: ReturnType<typeof bin>, ...patterns: RegExp[]) => {
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    for (const p of patterns) expect(r.stderr).toMatch(p);
  };

  it("an unknown model, with did you mean", () => {
    const f = write("m.yaml", "llmcost: 1\ninference:\n  - name: a\n    model: gpt-4o-mnii\n    requests: 1\n");
    expectBad(
      bin(["estimate", f]),
      /m\.yaml:4:12: inference\[0\]\.model: unknown model "gpt-4o-mnii"/,
      /did you mean "gpt-4o-mini"/,
    );
  });

  it("an unknown provider, with did you mean", () => {
    const f = write(
      "p.yaml",
      "llmcost: 1\ninference:\n  - {name: a, model: gpt-4o, providers: [opneai], requests: 1}\n",
    );
    expectBad(
      bin(["estimate", f]),
      /p\.yaml:3:\d+: inference\[0\]\.providers\[0\]: unknown provider "opneai"/,
      /did you mean "openai"/,
    );
  });

  it("a typo'd key", () => {
    const f = write(
      "k.yaml",
      "llmcost: 1\ninference:\n  - name: a\n    model: gpt-4o\n    requests: 1\n    input_token: 5\n",
    );
    expectBad(
      bin(["estimate", f]),
      /k\.yaml:6:5: inference\[0\]\.input_token: unknown field "input_token"/,
      /did you mean "input_tokens"/,
    );
  });

  it("an as_of before any price of the model", () => {
    const f = write(
      "d.yaml",
      "llmcost: 1\nas_of: 2023-01-01\ninference:\n  - {name: a, model: gpt-4o, providers: [openai], requests: 1}\n",
    );
    expectBad(
      bin(["estimate", f]),
      /gpt-4o has no price on or before 2023-01-01/,
      /hint: +use --as-of 2024-05-13 or later/,
    );
  });

  it("an unknown currency, in the file and as a flag", () => {
    const f = write("c.yaml", "llmcost: 1\ncurrency: XYZ\ninference:\n  - {name: a, model: gpt-4o, requests: 1}\n");
    expectBad(bin(["estimate", f]), /c\.yaml:2:11: currency: unknown currency XYZ/, /expected: +one of .*CNY.*USD/);
    expectBad(
      bin(["estimate", "examples/support-assistant.yaml", "--currency", "XYZ"]),
      /--currency: unknown currency XYZ/,
    );
  });

  it("an empty workload, a missing file, a directory", () => {
    expectBad(bin(["estimate", write("e.yaml", "")]), /e\.yaml:1:1: the workload is empty/);
    expectBad(bin(["estimate", join(dir, "nope.yaml")]), /nope\.yaml: no such file/);
    expectBad(bin(["estimate", dir]), /is a directory, not a file/);
  });

  it("malformed YAML", () => {
    expectBad(
      bin(["estimate", write("y.yaml", "llmcost: 1\ninference:\n  - name: a\n   model: x\n")]),
      /y\.yaml:\d+:\d+: malformed YAML/,
    );
  });

  it("a catalog overlay with faults, each placed", () => {
    expectBad(
      bin(["estimate", "examples/support-assistant.yaml", "--catalog", "tests/fixtures/overlays/bad-overlay.yaml"]),
      /bad-overlay\.yaml:8:\d+: providers\[0\]\.models\[0\]\.prices\[1\]\.input: expected a number ≥ 0/,
      /bad-overlay\.yaml:8:\d+: providers\[0\]\.models\[0\]\.prices\[1\]\.ouput: unknown field "ouput"/,
      /did you mean "output"/,
    );
  });

  it("a whole catalog as --catalog (its catalog.yaml): its parts read from its folder, a fault placed in its file", () => {
    // Before: every part was given catalog.yaml's text, so pricing-data itself was refused with
    // "hardware.yaml:4:1: name: unknown field" (catalog.yaml's line 4), and a provider's fault went unseen.
    const dir = scratchDir("whole-catalog-");
    cpSync("pricing-data", dir, { recursive: true });
    const index = join(dir, "catalog.yaml");
    const plain = bin(["estimate", SUPPORT, "--format", "json"]);
    const whole = bin(["estimate", SUPPORT, "--format", "json", "--catalog", index]);
    expect(whole.stderr).toBe("");
    expect(whole.exitCode).toBe(0);
    expect(JSON.parse(whole.stdout).total).toBe(JSON.parse(plain.stdout).total);
    const openai = join(dir, "providers", "openai.yaml");
    const lines = readFileSync(openai, "utf8").split("\n");
    const at = lines.findIndex((l) => /^ +input: /.test(l));
    lines[at] = (lines[at] as string).replace(/input: .*/, "input: lots");
    writeFileSync(openai, lines.join("\n"));
    const col = (lines[at] as string).indexOf("lots") + 1;
    expectBad(
      bin(["estimate", SUPPORT, "--catalog", index]),
      new RegExp(`providers/openai\\.yaml:${at + 1}:${col}: .*input: wrong type`),
    );
  });

  it("an unknown --format and a bad --as-of", () => {
    expectBad(bin(["estimate", "examples/support-assistant.yaml", "--format", "yaml"]), /format/);
    expectBad(
      bin(["estimate", "examples/support-assistant.yaml", "--as-of", "yesterday"]),
      /--as-of: not a valid date/,
    );
  });
});

describe("help", () => {
  it("lists the commands with a description and examples", () => {
    const r = bin(["--help"]);
    expect(r.exitCode).toBe(0);
    const commands = ["estimate", "quote", "catalog", "trend", "check", "diff", "schema", "init"];
    for (const c of commands) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${c} `)); // listed with its one-line summary
      expect(r.stdout).toMatch(new RegExp(`\\n  llmcost ${c} `)); // and an example
    }
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe("usage and flag placement", () => {
  it("exits 2 when no command is given, 0 for help and version", () => {
    expect(bin([]).exitCode).toBe(2);
    expect(bin(["catalog"]).exitCode).toBe(2);
    expect(bin(["--help"]).exitCode).toBe(0);
    expect(bin(["help", "estimate"]).exitCode).toBe(0);
    expect(bin(["--version"]).exitCode).toBe(0);
  });

  it("blames --as-of when the flag moved the date before any price", () => {
    const r = bin(["estimate", "examples/support-assistant.yaml", "--as-of", "2020-01-01"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/error: --as-of: gpt-4o-mini has no price on or before 2020-01-01/);
  });

  it("suggests llmcost init only for a missing workload", () => {
    expect(bin(["estimate", "nope.yaml"]).stderr).toMatch(/llmcost init FILE/);
    const overlay = bin(["estimate", "examples/support-assistant.yaml", "--catalog", "nope.yaml"]);
    expect(overlay.exitCode).toBe(2);
    expect(overlay.stderr).toMatch(/nope\.yaml: no such file/);
    expect(overlay.stderr).not.toMatch(/llmcost init/);
  });

  it("lists API offerings and GPU offers as separate sections, and refuses a two-table CSV", () => {
    const t = bin(["catalog", "list", "--provider", "openai", "--provider", "lambda"]);
    expect(t.stdout).toMatch(/^API offerings priced on \d{4}-\d{2}-\d{2} \(per 1M tokens\)\nprovider +offering/);
    expect(t.stdout).toMatch(/\n\nGPU offers priced on \d{4}-\d{2}-\d{2} \(per GPU-hour\)\nprovider +gpu/);
    const csv = bin(["catalog", "list", "--format", "csv"]);
    expect(csv.exitCode).toBe(2);
    expect(csv.stderr).toMatch(/--kind api or --kind gpu/);
  });
});
