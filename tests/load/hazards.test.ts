import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { readTextFile } from "../../src/load/files.js";
import { LIMITS, parseYaml } from "../../src/load/yaml.js";
import { cli } from "../helpers/cli.js";

/**
 * YAML hazards (issue 7): each hostile file gets a clear, placed error or a documented limit
 * (docs/reliability.md), never an internal error. Speed and peak memory are measured by
 * `npm run fuzz` (scripts/fuzz.mjs, hazards phase), not asserted here.
 */

function fault(text: string): string {
  try {
    parseYaml("h.yaml", text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error("expected an InputError");
}

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");
let protoBefore = "";
let dir = "";
beforeAll(() => {
  protoBefore = protoNames();
  dir = mkdtempSync(join(tmpdir(), "llmcost-hazards-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // Nothing any test loaded may have added to Object.prototype.
  expect(protoNames()).toBe(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** Nine levels of nine aliases: 9^10 nodes if expanded ("billion laughs"). */
function aliasBomb(): string {
  let s = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  let prev = "a";
  for (let i = 0; i < 9; i++) {
    s += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
    prev = `b${i}`;
  }
  return s;
}

describe("YAML hazards", () => {
  it("refuses an alias bomb before expanding it", () => {
    const m = fault(aliasBomb());
    expect(m).toContain("YAML could not be expanded");
    expect(m).toContain(`at most ${LIMITS.maxAliasCount}`);
  });

  it("allows a few aliases (anchors are legitimate YAML)", () => {
    const r = parseYaml("a.yaml", "base: &b {x: 1}\none: *b\ntwo: *b\n");
    expect(r.data).toEqual({ base: { x: 1 }, one: { x: 1 }, two: { x: 1 } });
  });

  it("refuses nesting deeper than the limit, with the limit in the message", () => {
    const n = LIMITS.maxDepth + 1;
    const m = fault(`x: ${"[".repeat(n)}${"]".repeat(n)}\n`);
    expect(m).toContain(`nesting is too deep (more than ${LIMITS.maxDepth} levels)`);
    expect(m).toContain(`at most ${LIMITS.maxDepth} levels`);
  });

  it("accepts nesting at the limit", () => {
    const n = LIMITS.maxDepth - 1; // the top-level mapping is one level
    expect(() => parseYaml("ok.yaml", `x: ${"[".repeat(n)}${"]".repeat(n)}\n`)).not.toThrow();
  });

  it("turns the parser's stack overflow on very deep flow nesting into 'nesting is too deep'", () => {
    const n = 100_000;
    const m = fault(`x: ${"[".repeat(n)}${"]".repeat(n)}\n`);
    expect(m).toContain("nesting is too deep");
    expect(m).not.toContain("call stack");
  });

  it("turns very deep block nesting into 'nesting is too deep'", () => {
    let s = "x:\n";
    for (let i = 0; i < 1500; i++) s += `${" ".repeat(i + 2)}-\n`; // 1.1 MB, under the size limit
    const m = fault(s);
    expect(m).toContain("nesting is too deep");
    expect(m).not.toContain("call stack");
  });

  it("reads a very long line (a scalar just under the size limit)", () => {
    const long = "x".repeat(LIMITS.maxBytes - 10);
    const r = parseYaml("long.yaml", `name: ${long}\n`);
    expect((r.data as { name: string }).name.length).toBe(LIMITS.maxBytes - 10);
  });

  it("refuses text over the size limit without parsing it", () => {
    const m = fault(`name: ${"x".repeat(LIMITS.maxBytes)}\n`);
    expect(m).toContain("file is too large");
    expect(m).toContain(`at most ${LIMITS.maxBytes} bytes`);
  });

  it("refuses a 50 MB file from its size, before reading it", () => {
    const p = join(dir, "big.yaml");
    writeFileSync(p, "");
    truncateSync(p, 50 * 1024 * 1024); // sparse: the size is what is checked, not the bytes
    expect(() => readTextFile(p)).toThrow(/file is too large \(52428800 bytes\)/);
  });

  it("places a duplicate key at its second occurrence", () => {
    const m = fault("llmcost: 1\nname: a\nname: b\n");
    expect(m).toContain('h.yaml:3:1: malformed YAML: duplicate key "name"');
    expect(m).toContain("each key may appear once per mapping");
  });

  it("finds duplicate keys inside nested mappings and lists", () => {
    const m = fault("inference:\n  - name: a\n    model: x\n    model: y\n");
    expect(m).toContain('h.yaml:4:5: malformed YAML: duplicate key "model"');
  });

  it("accepts many distinct keys (the duplicate check is linear, not the parser's quadratic one)", () => {
    let s = "";
    for (let i = 0; i < 20_000; i++) s += `k${i}: ${i}\n`;
    const r = parseYaml("many.yaml", s);
    expect(Object.keys(r.data as object)).toHaveLength(20_000);
  });

  it("refuses __proto__ keys anywhere, and leaves Object.prototype alone", () => {
    const m = fault("a: 1\nb:\n  __proto__: {polluted: 1}\n");
    expect(m).toContain('h.yaml:3:3: the key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads constructor and prototype keys as plain own keys", () => {
    const r = parseYaml("c.yaml", "constructor: {prototype: {polluted: 1}}\nprototype: 2\n");
    const data = r.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(["constructor", "prototype"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof ({} as { constructor: unknown }).constructor).toBe("function");
  });

  it.each([
    ["!!js/function", 'name: !!js/function "function () { return 1 }"\n'],
    ["!!js/undefined", "name: !!js/undefined ''\n"],
    ["a local tag", "name: !include /etc/passwd\n"],
    ["!!python/object", "name: !!python/object:os.system [ls]\n"],
  ])("refuses a custom tag (%s) instead of acting on it", (_label, text) => {
    const m = fault(text);
    expect(m).toContain("h.yaml:1:7: unsupported YAML: Unresolved tag");
    expect(m).toContain("custom tags (!tag) are not read");
  });

  it("refuses keys that are lists or mappings (and prints no parser warning)", () => {
    const m = fault("a: 1\n? [x, y]\n: 2\n");
    expect(m).toContain("h.yaml:2:3: unsupported YAML: a key that is a list or a mapping");
  });

  it.each([
    [
      "an escape sequence in a value",
      'name: "a\\e[2Jb"\n',
      "h.yaml:1:7: a string contains the control character U+001B",
    ],
    ["a bell in a key", '"k\\a": 1\n', "h.yaml:1:1: a string contains the control character U+0007"],
    [
      "a bidi override (Trojan Source)",
      'model: "\u202egpt"\n',
      "h.yaml:1:8: a string contains the control character U+202E",
    ],
    ["a C1 control", 'name: "a\\x9bb"\n', "h.yaml:1:7: a string contains the control character U+009B"],
  ])("refuses %s, showing it escaped", (_label, text, message) => {
    const m = fault(text);
    expect(m).toContain(message);
    expect(m).not.toMatch(/[\u0007\u001b\u009b\u202e]/);
  });

  it("allows tabs and line breaks in strings", () => {
    const r = parseYaml("t.yaml", 'notes: "a\\tb"\nlong: |\n  line one\n  line two\n');
    expect(r.data).toEqual({ notes: "a\tb", long: "line one\nline two\n" });
  });

  it("refuses !!binary like every other tag (issue 14: YAML 1.1 types are not resolved)", async () => {
    const p = join(dir, "binary.yaml");
    writeFileSync(
      p,
      "llmcost: 1\nname: !!binary aGVsbG8=\ninference:\n  - {name: a, model: gpt-4o-mini, requests: 1, input_tokens: 1}\n",
    );
    const r = await cli(["estimate", p]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${p}:2:7: unsupported YAML: Unresolved tag: tag:yaml.org,2002:binary`);
  });

  it("refuses a multi-document file, placing the second document", () => {
    const m = fault("llmcost: 1\n---\nllmcost: 1\n");
    expect(m).toContain("h.yaml:2:1: more than one YAML document in the file");
  });
});

describe("YAML hazards through the CLI: exit 2, a placed message, never an internal error", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["alias bomb", aliasBomb(), /YAML could not be expanded/],
    ["deep nesting", `llmcost: 1\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, /nesting is too deep/],
    ["duplicate key", "llmcost: 1\nllmcost: 1\n", /duplicate key "llmcost"/],
    ["__proto__ workload key", "llmcost: 1\n__proto__: {polluted: 1}\n", /"__proto__" is not allowed/],
    [
      "__proto__ budget item",
      "llmcost: 1\ninference:\n  - {name: a, model: gpt-4o-mini, requests: 1, input_tokens: 1}\nbudget:\n  items: {__proto__: 1}\n",
      /"__proto__" is not allowed/,
    ],
    ["custom tag", 'llmcost: 1\nname: !!js/function "x"\n', /Unresolved tag/],
    ["two documents", "llmcost: 1\n---\nllmcost: 1\n", /more than one YAML document/],
  ];
  it.each(cases)("%s", async (name, text, re) => {
    const p = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(p, text);
    const r = await cli(["estimate", p, "--format", "json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(re);
    expect(r.stderr).toContain(`${p}:`);
    expect(r.stderr).not.toContain("internal error");
  });

  it("control characters from a command-line flag are shown escaped, never sent to the terminal raw", async () => {
    const r = await cli(["quote", "gpt\u001b[2J\u202e-4o\u0007"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("\\u001b[2J\\u202e");
    expect(r.stderr).not.toMatch(/[\u0007\u001b\u202e]/);
  });

  it("usage errors (commander's own messages) show control characters escaped too", async () => {
    for (const argv of [["estimate", "w.yaml", "--format", "x\u001b[2J"], ["bogus\u001b[2J"]]) {
      const r = await cli(argv);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("x\\u001b[2J".slice(1));
      expect(r.stderr).not.toContain("\u001b");
    }
  });

  it("a catalog overlay with __proto__ or constructor keys is refused and pollutes nothing", async () => {
    const w = join(dir, "w.yaml");
    writeFileSync(w, "llmcost: 1\ninference:\n  - {name: a, model: gpt-4o-mini, requests: 1, input_tokens: 1}\n");
    const o = join(dir, "proto-overlay.yaml");
    writeFileSync(
      o,
      "schema: 1\nproviders:\n  - provider: {id: openai}\n    constructor: {prototype: {polluted: 1}}\n",
    );
    const r = await cli(["estimate", w, "--catalog", o, "--format", "json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown field "constructor"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
