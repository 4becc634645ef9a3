import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { fastYaml } from "../../src/load/yaml-fast.js";

/** The library's reading, with the options parseYaml gives it: the truth the fast reader must match. */
function library(text: string): unknown {
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    prettyErrors: false,
    logLevel: "error",
    resolveKnownTags: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length !== 1 || list[0]?.errors.length || list[0]?.warnings.length) return Symbol.for("fault");
  return list[0]?.toJS({ maxAliasCount: 100 });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith(".yaml") ? [p] : [];
  });
}

describe("the fast YAML reader reads what the library reads, or leaves the file to it", () => {
  it("every example, catalog file and fixture", () => {
    let fast = 0;
    const files = [...yamlFiles("examples"), ...yamlFiles("pricing-data"), ...yamlFiles("tests/fixtures")];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const v = fastYaml(text, 64);
      if (v === undefined) continue;
      fast++;
      expect(v, f).toStrictEqual(library(text));
    }
    // The examples are written in the subset: the fast path is the one they take.
    for (const f of yamlFiles("examples"))
      if (!f.includes("billing")) expect(fastYaml(readFileSync(f, "utf8"), 64), f).toBeDefined();
    expect(fast).toBeGreaterThan(10);
  });

  it("a workload's shapes, by hand", () => {
    const text = [
      "llmcost: 1 # format",
      "name: support",
      "",
      "inference:",
      "- name: chat",
      "  model: 'gpt-4o-mini'",
      '  providers: [openai, "azure"]',
      "  requests_per_day: 2e4",
      "  input_tokens: 15T",
      '  cached_input: "60%"',
      "  batch: false",
      "  self_host:",
      "    gpu: h100-sxm # the card",
      "  notes:",
      "  -",
      "    a: ~",
      "  - -5",
      "training: []",
    ].join("\n");
    // Worked by hand from the YAML 1.2 core schema: 2e4 is a float, 15T a string, ~ null.
    expect(fastYaml(text, 64)).toStrictEqual({
      llmcost: 1,
      name: "support",
      inference: [
        {
          name: "chat",
          model: "gpt-4o-mini",
          providers: ["openai", "azure"],
          requests_per_day: 20000,
          input_tokens: "15T",
          cached_input: "60%",
          batch: false,
          self_host: { gpu: "h100-sxm" },
          notes: [{ a: null }, -5],
        },
      ],
      training: [],
    });
    expect(fastYaml(text, 64)).toStrictEqual(library(text));
  });

  it("a leading document marker opens the one document; a second one is left to the library", () => {
    expect(fastYaml("---\nllmcost: 1\nname: x\n", 64)).toStrictEqual({ llmcost: 1, name: "x" });
    expect(fastYaml("# header\n---\nllmcost: 1\n", 64)).toStrictEqual(library("# header\n---\nllmcost: 1\n"));
    expect(fastYaml("---\nllmcost: 1\n---\nllmcost: 2\n", 64)).toBeUndefined();
    expect(fastYaml("--- # c\nllmcost: 1\n", 64)).toBeUndefined();
  });

  it("generated documents: tricky scalars, keys, styles and indentation", () => {
    const scalars = [
      "15T",
      "60%",
      "1e5",
      "1.50",
      "-0",
      "0",
      "007",
      "0x1f",
      "0o17",
      ".5",
      "+1",
      "1_000",
      "1.",
      "-",
      "- a",
      "a: b",
      "a #b",
      "a#b",
      "~",
      "Null",
      "null",
      "TRUE",
      "True",
      "yes",
      "no",
      "2026-11-01",
      ".inf",
      "-.Inf",
      ".nan",
      "'q'",
      '"q"',
      "a, b",
      "[x]",
      "{x}",
      "&a",
      "*a",
      "!t",
      "|",
      ">",
      "%x",
      "@x",
      "`x",
      "?x",
      "x:",
      ":x",
      "café",
      "中文",
      "http://a.b/c?d=e#f",
      "a  b",
      "",
      " lead",
      "trail ",
      "it's",
      'say "hi"',
      "back\\slash",
      "12345678901234567890",
      "123456789012345",
      "1234567890123456",
      "00",
      "10",
      "9 #c",
      "a: b #c",
      "a:b",
      "a :",
      "x\u00a0",
      "\u00a0x",
      "x\u00a0#c",
      "x \u00a0#c",
      "nan",
      "No",
      "f",
    ];
    const keys = [
      "name",
      "model",
      "a b",
      "x-y",
      "1",
      "1.0",
      "true",
      "null",
      "__proto__",
      "k:",
      "#k",
      "k",
      "_k",
      "中",
      "nam",
      "mode",
      "k ",
    ];
    const scalar = fc.tuple(fc.constantFrom(...scalars), fc.constantFrom("plain", "double", "single"));
    const render = ([s, style]: [string, string]): string =>
      style === "double" ? `"${s}"` : style === "single" ? `'${s}'` : s;
    type Tree =
      | { t: "s"; v: [string, string] }
      | { t: "m"; v: [string, Tree][] }
      | { t: "l"; v: Tree[]; flow: boolean };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar.map((v): Tree => ({ t: "s", v })),
        fc.array(fc.tuple(fc.constantFrom(...keys), tie("node")), { maxLength: 4 }).map((v): Tree => ({ t: "m", v })),
        fc.tuple(fc.array(tie("node"), { maxLength: 3 }), fc.boolean()).map(([v, flow]): Tree => ({ t: "l", v, flow })),
      ),
    })).node;
    const emit = (n: Tree, indent: string, step: string, out: string[], head: string): void => {
      if (n.t === "s") out.push(`${head} ${render(n.v)}`.trimEnd());
      else if (n.t === "l" && (n.flow || n.v.length === 0))
        out.push(`${head} [${n.v.map((c) => (c.t === "s" ? render(c.v) : "[]")).join(", ")}]`);
      else if (n.t === "l") {
        out.push(head);
        for (const c of n.v) emit(c, `${indent}${step}`, step, out, `${indent}${step}-`);
      } else if (n.v.length === 0) out.push(`${head} {}`);
      // A mapping of scalars with an odd number of keys is written on one line, `{a: 1, b: x}`.
      else if (n.v.length % 2 === 1 && n.v.every(([, c]) => c.t === "s"))
        out.push(`${head} {${n.v.map(([k, c]) => `${k}: ${c.t === "s" ? render(c.v) : ""}`).join(", ")}}`);
      else {
        out.push(`${head}${head.endsWith(":") ? "" : " # map"}`);
        for (const [k, c] of n.v) emit(c, `${indent}${step}`, step, out, `${indent}${step}${k}:`);
      }
    };
    let taken = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys, "llmcost", "inference"), tree), { minLength: 1, maxLength: 5 }),
        fc.constantFrom("  ", " ", "    "),
        (top, step) => {
          const out: string[] = [];
          for (const [k, n] of top) emit(n, "", step, out, `${k}:`);
          const text = out.join("\n");
          const fast = fastYaml(text, 64);
          if (fast === undefined) return;
          taken++;
          expect(fast).toStrictEqual(library(text));
        },
      ),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});
