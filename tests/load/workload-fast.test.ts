import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type Check,
  fastWorkload,
  REFINES,
  RULES,
  type Shape,
  type TRANSFORMS,
  WORKLOAD_SHAPE,
} from "../../src/load/workload-fast.js";
import { parseYaml } from "../../src/load/yaml.js";
import { Workload } from "../../src/schema/workload.js";

/**
 * The fast workload reader (src/load/workload-fast.ts) against the zod schema it shortcuts:
 * 1. its WORKLOAD_SHAPE is the zod schema, derived here from zod's own definitions: a field, a
 *    check, a default, a refinement or a rule added to src/schema/workload.ts (or to a primitive it
 *    uses) and not to the fast reader fails this test;
 * 2. whenever it accepts a value, zod accepts it too and returns the same value, key order included
 *    (JSON.stringify of both), with and without zod's compiled parsers: generated workloads near
 *    and far from valid, hostile objects, and every workload in examples/ and tests/.
 */

type ZodInternals = {
  _zod: {
    def: Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
  };
};
const defOf = (s: unknown) => (s as ZodInternals)._zod.def;

/** A function's source without whitespace and without vitest's import rewriting. */
function source(fn: unknown): string {
  return String(fn)
    .replace(/\(0,\s*__vite_ssr_import_\d+__\.(\w+)\)/g, "$1")
    .replace(/__vite_ssr_import_\d+__\./g, "")
    .replace(/\s+/g, "");
}

/**
 * zod's Quantity and Share transforms (src/schema/primitives.ts), pinned by a hash of their source:
 * when one changes, make TRANSFORMS in src/load/workload-fast.ts read values as the new one does,
 * then put the new hash (printed by the failing test) here.
 */
const TRANSFORM_PINS: Record<keyof typeof TRANSFORMS, string> = {
  quantity: "ac83374a5ffdb7a6",
  share: "81c89ce88a19281b",
};
const hash = (fn: unknown) => createHash("sha256").update(source(fn)).digest("hex").slice(0, 16);

/** A zod check as the fast reader writes it: a refinement is named by the REFINES entry with the same source. */
function checkOf(c: { _zod: { def: Record<string, unknown> } }): Check | "rule" {
  const d = c._zod.def;
  switch (d.check) {
    case "number_format":
      return d.format === "safeint" ? ["int"] : (["unknown number format", d.format] as never);
    case "greater_than":
      return [d.inclusive ? ">=" : ">", d.value as number];
    case "less_than":
      return [d.inclusive ? "<=" : "<", d.value as number];
    case "min_length":
      return ["min_length", d.minimum as number];
    case "string_format": {
      const re = d.pattern as RegExp;
      return d.format === "regex" && re.flags === "" ? ["regex", re.source] : (["unknown format", d.format] as never);
    }
    case "custom": {
      // A superRefine's function is wrapped by zod: it is one of the object's rules (checked below).
      if (d.fn === undefined) return "rule";
      const name = Object.keys(REFINES).find((k) => source(REFINES[k as keyof typeof REFINES]) === source(d.fn));
      return ["refine", (name ?? `an unknown refinement: ${source(d.fn)}`) as keyof typeof REFINES];
    }
    default:
      return ["unknown check", d.check] as never;
  }
}

/** The zod schema `s` written as the fast reader's Shape (its rules named after the fast shape's, by count). */
function derive(s: unknown, rulesLike?: Shape): Shape {
  const d = defOf(s);
  const all = (d.checks ?? []).map(checkOf);
  const checks = all.filter((c): c is Check => c !== "rule");
  const rules = all.length - checks.length;
  const withChecks = (shape: Shape): Shape => (checks.length ? { ...shape, checks } : shape);
  if (rules && d.type !== "object") return { type: `rules on a ${d.type}` } as never;
  switch (d.type) {
    case "object": {
      if (defOf(d.catchall).type !== "never") return { type: "object that is not strict" } as never;
      const like = rulesLike?.type === "object" ? rulesLike : undefined;
      const shape = Object.entries(d.shape as Record<string, unknown>).map(([k, v]): [string, Shape] => {
        const twin = like?.shape.find(([key]) => key === k)?.[1];
        return [k, derive(v, twin)];
      });
      // The rules are the schema's own functions (src/schema/workload-rules.ts, checked below): here, their count.
      const named =
        like && like.rules.length === rules ? like.rules : Array(rules).fill("a rule not in the fast shape");
      return withChecks({ type: "object", shape, rules: named });
    }
    case "optional":
      return withChecks({ type: "optional", of: derive(d.innerType, inner(rulesLike)) });
    case "default":
      return withChecks({ type: "default", value: d.defaultValue, of: derive(d.innerType, inner(rulesLike)) });
    case "lazy":
      return derive((d.getter as () => unknown)(), rulesLike);
    case "number":
    case "string":
    case "boolean":
      return withChecks({ type: d.type });
    case "enum":
      return withChecks({ type: "enum", values: Object.values(d.entries as Record<string, string>) });
    case "literal":
      return withChecks({ type: "literal", values: d.values as unknown[] });
    case "array":
      return withChecks({ type: "array", of: derive(d.element, inner(rulesLike)) });
    case "record":
      return withChecks({ type: "record", key: derive(d.keyType), value: derive(d.valueType) });
    case "union": {
      const twins = rulesLike?.type === "union" ? rulesLike.of : [];
      return withChecks({ type: "union", of: (d.options as unknown[]).map((o, i) => derive(o, twins[i])) });
    }
    case "pipe":
      return withChecks({ type: "pipe", in: derive(d.in), out: derive(d.out) });
    case "transform": {
      const fn = Object.keys(TRANSFORM_PINS).find(
        (k) => TRANSFORM_PINS[k as keyof typeof TRANSFORMS] === hash(d.transform),
      );
      return withChecks({
        type: "transform",
        fn: (fn ?? `an unknown transform (hash ${hash(d.transform)})`) as keyof typeof TRANSFORMS,
      });
    }
    default:
      return { type: `a zod ${d.type} the fast reader does not know` } as never;
  }
}
const inner = (s: Shape | undefined): Shape | undefined =>
  s && (s.type === "optional" || s.type === "default" || s.type === "array") ? s.of : s;

describe("the fast reader's shape is the zod schema", () => {
  it("derived from zod's definitions, key for key, check for check", () => {
    expect(derive(Workload, WORKLOAD_SHAPE)).toEqual(WORKLOAD_SHAPE);
  });

  it("each superRefine of the schema only reports what a rule of src/schema/workload-rules.ts finds", () => {
    const text = readFileSync("src/schema/workload.ts", "utf8");
    const refines = [...text.matchAll(/\.superRefine\(([^\n]*)/g)].map((m) => m[1]);
    const calls = refines.map((r) => /^\((\w+), ctx\) => addFaults\(ctx, (\w+)\(\1\)\)\)/.exec(r ?? "")?.[2]);
    expect(calls).toEqual(["peakFaults", "inferenceFaults", "fineTuneFaults", "workloadFaults"]);
    expect(calls.map((c) => Object.values(RULES).find((f) => f.name === c)?.name)).toEqual(calls);
    expect(text).toMatch(
      /function addFaults\(ctx: z\.RefinementCtx, faults: RuleFault\[\]\): void \{\n {2}for \(const f of faults\) ctx\.addIssue\(\{ code: "custom", message: f\.message, path: f\.path \}\);\n\}/,
    );
  });
});

/** zod's parse, with its compiled parsers (the library's default) or without (the CLI's). */
function zodParse(v: unknown, jitless: boolean): { success: boolean; data?: unknown } {
  const before = z.config().jitless;
  z.config({ jitless });
  try {
    return Workload.safeParse(v);
  } finally {
    z.config({ jitless: before });
  }
}

/** The contract: accepted by the fast reader ⇒ accepted by zod, with the same value and key order. */
function holdsToZod(v: unknown): boolean {
  const fast = fastWorkload(v);
  if (fast === undefined) return false;
  for (const jitless of [true, false]) {
    const slow = zodParse(v, jitless);
    expect(slow.success, "the fast reader accepted what zod refuses").toBe(true);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
    expect(fast).toStrictEqual(slow.data);
  }
  return true;
}

/** Numbers that pass the checks, mostly (a refinement's bound is read from its name), boundaries included. */
function numberArb(checks: Check[]): fc.Arbitrary<unknown> {
  let min = -1e9;
  let max = 1e12;
  let int = false;
  for (const c of checks) {
    if (c[0] === "int") int = true;
    if (c[0] === ">" || c[0] === ">=") min = Math.max(min, c[1] + (c[0] === ">" ? 1e-9 : 0));
    if (c[0] === "<" || c[0] === "<=") max = Math.min(max, c[1]);
    if (c[0] === "refine" && c[1] === "nonNegative") min = Math.max(min, 0);
    if (c[0] === "refine" && c[1] === "positive") min = Math.max(min, 1e-9);
    if (c[0] === "refine" && c[1] === "atMostOne") max = Math.min(max, 1);
  }
  if (int) return fc.integer({ min: Math.ceil(min), max: Math.min(Math.floor(max), 100_000) });
  return fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max, (min + max) / 2));
}

/** Values of a Shape: mostly valid, sometimes at a boundary, sometimes wrong (`wild` of the time). */

function arb(s: Shape, wild: number): fc.Arbitrary<unknown> {
  const hostile = fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    -0,
    0.5,
    1.5,
    2 ** 53,
    "",
    "x",
    "15T",
    "60%",
    "1,5M",
    "-3",
    "abc",
    "1e400T",
    "101%",
    1.0000001,
    "0",
    0,
    "2,000",
    " 1_000 ",
    "1e400",
    "150%",
    true,
    [],
    {},
    [1],
    "USD",
    "2026-02-29",
    "1899-12-31",
    "h100-sxm",
    "Not An Id",
  );
  const good = base(s, wild);
  const weight = Math.round(wild * 100);
  return weight ? fc.oneof({ arbitrary: good, weight: 100 - weight }, { arbitrary: hostile, weight }) : good;
}

function base(s: Shape, wild: number): fc.Arbitrary<unknown> {
  switch (s.type) {
    case "number":
      return numberArb(s.checks ?? []);
    case "string": {
      const regex = s.checks?.find((c) => c[0] === "regex")?.[1];
      if (regex?.includes("A-Z")) return fc.constantFrom("USD", "CNY", "EUR");
      if (regex?.includes("\\d{4}")) return fc.constantFrom("2026-11-01", "2024-02-29", "1900-01-01", "9999-12-31");
      if (regex) return fc.constantFrom("gpt-4o-mini", "h100-sxm", "openai", "a", "q.1:2/3@4+5_6");
      const min = s.checks?.some((c) => c[0] === "min_length") ? 1 : 0;
      return fc.oneof(fc.constantFrom("chat", "rag", "gpt-4o", "x"), fc.string({ minLength: min, maxLength: 6 }));
    }
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...s.values);
    case "literal":
      return fc.constantFrom(...s.values);
    case "optional":
    case "default":
      return arb(s.of, wild);
    case "union":
      return fc.oneof(...s.of.map((o) => arb(o, wild)));
    case "pipe":
      return s.out.type === "transform" && s.out.fn === "share"
        ? fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, "60%", "0%", "100%", " 5.5 % "))
        : fc.oneof(
            fc.integer({ min: 1, max: 1e9 }),
            fc.double({ min: 1, max: 1e15, noNaN: true }),
            fc.constantFrom("15T", "1.5k", "70B", "2,000", "1_000_000", " 3M ", "1e3", "0.5"),
          );
    case "transform":
      return fc.constant(0);
    case "array":
      return fc.array(arb(s.of, wild), { maxLength: 3 });
    case "record":
      return fc.dictionary(fc.constantFrom("a", "b", "chat", "rag", "gpt-4o", "1", "0"), arb(s.value, wild), {
        maxKeys: 3,
      });
    case "object":
      return objectArb(s.shape, wild);
  }
}

/** Fields of which a valid object gives exactly one (traffic, a peak's forms). */
const EXCLUSIVE = [
  ["requests_per_day", "requests_per_month", "requests"],
  ["requests_per_minute", "tokens_per_minute", "ratio"],
];

/** Any subset of the fields, now and then an unknown key, a key given as undefined, or a traffic field forced in. */
function objectArb(shape: [string, Shape][], wild: number): fc.Arbitrary<unknown> {
  const fields = Object.fromEntries(shape.map(([k, f]) => [k, arb(f, wild)]));
  const required = shape.filter(([, f]) => f.type !== "optional" && f.type !== "default").map(([k]) => k);
  return fc
    .tuple(fc.record(fields, { requiredKeys: required }), fc.record(fields, { requiredKeys: [] }), fc.nat(99))
    .map(([a, b, roll]) => {
      // Key order as written varies: zod's output follows the schema's, and so must the fast reader's.
      const v: Record<string, unknown> = roll % 2 ? { ...b, ...a } : { ...a };
      // One of each group given, as a valid item has (three times in four).
      for (const group of EXCLUSIVE)
        if (group.every((k) => k in fields) && roll % 4) {
          const keep = group[roll % group.length] as string;
          const value = a[keep] ?? b[keep] ?? 100;
          for (const k of group) delete v[k];
          v[keep] = value;
        }
      if (roll < wild * 30) v.unknown_key = 1;
      else if (roll < wild * 45 && shape[0]) v[shape[0][0]] = undefined;
      return v;
    });
}

describe("whenever the fast reader accepts, zod accepts the same value", () => {
  for (const wild of [0, 0.03, 0.15]) {
    it(`generated workloads (${wild * 100}% of values hostile)`, () => {
      let accepted = 0;
      let runs = 0;
      fc.assert(
        fc.property(arb(WORKLOAD_SHAPE, wild), (v) => {
          runs++;
          if (holdsToZod(v)) accepted++;
        }),
        { numRuns: 400 },
      );
      // The property says something only if the fast reader accepts a fair share of what it is given.
      if (wild === 0) expect(accepted / runs).toBeGreaterThan(0.2);
    });
  }

  it("generated items under a valid head, one list at a time", () => {
    const shape = WORKLOAD_SHAPE.type === "object" ? WORKLOAD_SHAPE.shape : [];
    const list = (key: string) => {
      const field = shape.find(([k]) => k === key)?.[1];
      return field?.type === "default" ? field.of : (field as Shape);
    };
    const workloads = fc
      .tuple(fc.constantFrom("inference", "training", "fine_tune"), fc.constantFrom(0, 0.05))
      .chain(([key, wild]) => base(list(key), wild).map((items) => ({ key, items: items as unknown[] })))
      .map(({ key, items }) => ({
        llmcost: 1,
        // Unique names, so that the items themselves decide.
        [key]: items.map((x, i) => (typeof x === "object" && x && !Array.isArray(x) ? { ...x, name: `item-${i}` } : x)),
      }));
    let accepted = 0;
    fc.assert(
      fc.property(workloads, (v) => {
        if (holdsToZod(v)) accepted++;
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(30);
  });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.(ya?ml|json)$/.test(p) ? [p] : [];
  });
}

describe("every workload in examples/ and tests/", () => {
  it("is read by the fast reader as zod reads it (every example: by the fast reader)", () => {
    let seen = 0;
    for (const f of [...yamlFiles("examples"), ...yamlFiles("tests")]) {
      let data: unknown;
      try {
        data = parseYaml(f, readFileSync(f, "utf8")).data;
      } catch {
        continue;
      }
      if (typeof data !== "object" || data === null || !("llmcost" in data)) continue;
      seen++;
      const accepted = holdsToZod(data);
      if (f.startsWith("examples") && Workload.safeParse(data).success) expect(accepted, f).toBe(true);
    }
    expect(seen).toBeGreaterThan(15);
  });
});

describe("hostile values: refused, or read as zod reads them", () => {
  const item = () => ({ name: "chat", model: "gpt-4o-mini", requests_per_day: 100 });
  const withItem = (x: unknown) => ({ llmcost: 1, inference: [x] });
  const cases: [string, () => unknown, "refused" | "accepted" | "either"][] = [
    ["a valid workload", () => withItem(item()), "accepted"],
    [
      "objects without a prototype",
      () => Object.assign(Object.create(null), { llmcost: 1, inference: [Object.assign(Object.create(null), item())] }),
      "accepted",
    ],
    ["an item made by a class", () => withItem(Object.assign(new (class Item {})(), item())), "refused"],
    [
      "an own __proto__ key",
      () => withItem(JSON.parse('{"__proto__": {"x": 1}, "name": "a", "model": "m", "requests": 1}')),
      "refused",
    ],
    [
      "an own __proto__ key in a record",
      () => withItem({ ...item(), usage: JSON.parse('{"__proto__": 1, "web_search": 2}') }),
      "refused",
    ],
    ["a hole in a list", () => ({ llmcost: 1, inference: Object.assign([], { 0: item(), 2: item() }) }), "refused"],
    ["a key given as undefined", () => withItem({ ...item(), requests: undefined }), "refused"],
    ["an unknown key", () => withItem({ ...item(), request_per_day: 1 }), "refused"],
    ["a symbol key on an item", () => withItem({ ...item(), [Symbol("s")]: 1 }), "either"],
    ["a symbol key in a record", () => withItem({ ...item(), usage: { [Symbol("s")]: 1 } }), "refused"],
    [
      "a non-enumerable name",
      () => withItem(Object.defineProperty({ model: "m", requests: 1 }, "name", { value: "n" })),
      "refused",
    ],
    ["a boxed number", () => withItem({ ...item(), requests_per_day: new Number(3) }), "refused"],
    [
      "a list subclass",
      () => ({ llmcost: 1, inference: Object.assign(new (class L extends Array {})(), { 0: item() }) }),
      "refused",
    ],
    ["-0 traffic", () => withItem({ ...item(), requests_per_day: -0 }), "either"],
    [
      "NaN, Infinity, 1e400T",
      () => withItem({ ...item(), input_tokens: Number.NaN, output_tokens: "1e400T" }),
      "refused",
    ],
    ["llmcost: 1.0 and '1'", () => ({ ...withItem(item()), llmcost: "1" }), "refused"],
    [
      "the same name in two lists",
      () => ({ ...withItem(item()), fine_tune: [{ name: "chat", model: "m", training_tokens: 1 }] }),
      "refused",
    ],
    ["no item", () => ({ llmcost: 1 }), "refused"],
    ["two traffic figures", () => withItem({ ...item(), requests: 5 }), "refused"],
    ["cache reads and writes over 1", () => withItem({ ...item(), cached_input: "60%", cache_write: 0.5 }), "refused"],
    ["an empty name", () => withItem({ ...item(), name: "" }), "refused"],
    [
      "a share of 1 + 1e-13 in total",
      () => withItem({ ...item(), cached_input: 0.5, cache_write: 0.5 + 1e-13 }),
      "accepted",
    ],
    ["a date past February", () => ({ ...withItem(item()), as_of: "2025-02-29" }), "refused"],
    [
      "a training model given inline",
      () => ({
        llmcost: 1,
        training: [{ name: "t", model: { parameters: "7B" }, gpu: "h100-sxm", gpus: 8, tokens: "1T" }],
      }),
      "accepted",
    ],
  ];
  it.each(cases)("%s", (_, make, expected) => {
    const accepted = holdsToZod(make());
    if (expected !== "either") expect(accepted ? "accepted" : "refused").toBe(expected);
  });
});
