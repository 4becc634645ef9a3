import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type Scalar } from "yaml";
import type { z } from "zod";
import { type Diagnostic, formatPath, InputError, quoted } from "../errors.js";
import { didYouMean } from "../hints.js";
import { fastYaml } from "./yaml-fast.js";

/**
 * YAML with positions. Every file we read goes through `parseYaml`, which keeps the document and a
 * LineCounter so that a fault found later (by zod or by a cross-file rule) can be placed at its
 * line and column. Limits (docs/reliability.md) keep hostile files cheap: a size cap, an alias cap
 * (no "billion laughs"), a nesting cap, one document per file, no custom tags.
 */

export const LIMITS = {
  // 2 MiB: the largest catalog file is ~45 KB and a 10,000-item workload ~1.2 MB; a hostile 10 MiB
  // file took 9–16 s and 1.2–2.1 GB to refuse or price (docs/reliability.md), 2 MiB about a fifth.
  maxBytes: 2 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
} as const;

export interface Located {
  file: string;
  data: unknown;
  doc: Document.Parsed | undefined;
  lines: LineCounter | undefined;
}

export function parseYaml(file: string, text: string): Located {
  if (text.length > LIMITS.maxBytes)
    throw new InputError({
      file,
      message: `file is too large (${text.length} bytes)`,
      expected: `at most ${LIMITS.maxBytes} bytes`,
      hint: "llmcost reads hand-written workloads and catalogs; split the file or trim it",
    });
  // The plain subset that workloads are written in is read without the library's document; the
  // document (for the positions of faults found later) is built only when someone asks for it.
  const data = fastYaml(text, LIMITS.maxDepth);
  if (data === undefined) return parseYamlDocument(file, text);
  let full: Located | undefined;
  const located = (): Located => {
    full ??= parseYamlDocument(file, text);
    return full;
  };
  return {
    file,
    data,
    get doc() {
      return located().doc;
    },
    get lines() {
      return located().lines;
    },
  };
}

/** The library's reading: the document with every node's position, and every fault placed. */
function parseYamlDocument(file: string, text: string): Located {
  const lines = new LineCounter();
  // uniqueKeys is checked below in one linear walk: the parser's own check is quadratic in the
  // number of keys per mapping (64,000 keys took 89 s), a hang for a hostile file under the size cap.
  const docs = (() => {
    try {
      // logLevel "error": warnings are collected in doc.warnings and reported as faults, never
      // printed by the parser itself on stderr.
      // resolveKnownTags false: !!set, !!omap, !!pairs, !!binary and !!timestamp are YAML 1.1 types the
      // library resolves by default even under the core schema; refused here like every other tag.
      return parseAllDocuments(text, {
        lineCounter: lines,
        uniqueKeys: false,
        prettyErrors: false,
        logLevel: "error",
        resolveKnownTags: false,
      });
    } catch (e) {
      if (e instanceof RangeError) throw tooDeep(file, undefined);
      throw e;
    }
  })();
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) {
    const pos = lines.linePos((list[1] as Document.Parsed).range[0]);
    throw new InputError({
      file,
      line: pos.line,
      col: pos.col,
      message: "more than one YAML document in the file",
      expected: "a single document",
      found: `${list.length} documents (separated by ---)`,
      hint: "put each workload or catalog in its own file",
    });
  }
  const doc = list[0];
  if (!doc) return { file, data: null, doc: undefined, lines };
  const faults: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    // The parser recurses per nesting level; past a few thousand levels it reports the stack overflow.
    if (e.message.includes("Maximum call stack size exceeded")) throw tooDeep(file, pos);
    faults.push({
      file,
      line: pos.line,
      col: pos.col,
      message: `malformed YAML: ${firstLine(e.message)}`,
      hint: yamlHint(e.code),
    });
  }
  for (const w of doc.warnings) {
    const pos = lines.linePos(w.pos[0]);
    faults.push({
      file,
      line: pos.line,
      col: pos.col,
      message: `unsupported YAML: ${firstLine(w.message)}`,
      hint: "custom tags (!tag) are not read; write plain values",
    });
  }
  if (faults.length) throw new InputError(faults);
  const depth = nodeDepth(doc.contents as Node | null, 0);
  if (depth > LIMITS.maxDepth) throw tooDeep(file, { line: 1, col: 1 }, depth);
  for (const { key, fault } of badKeys(doc.contents as Node | null, 0)) {
    const pos = lines.linePos(key.range?.[0] ?? 0);
    faults.push({
      file,
      line: pos.line,
      col: pos.col,
      ...(fault === "duplicate"
        ? {
            message: `malformed YAML: duplicate key ${quoted(String((key as Scalar).value))}`,
            hint: yamlHint("DUPLICATE_KEY"),
          }
        : fault === "complex"
          ? {
              message: "unsupported YAML: a key that is a list or a mapping",
              hint: "keys are plain names (`? [a, b]: value` is not read); write `name: value`",
            }
          : fault === "control"
            ? controlFault((key as Scalar).value as string)
            : {
                message: 'the key "__proto__" is not allowed',
                hint: "JavaScript gives this name a special meaning (the object's prototype); rename the key",
              }),
    });
  }
  if (faults.length) throw new InputError(faults);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (e) {
    throw new InputError({
      file,
      line: 1,
      col: 1,
      message: `YAML could not be expanded: ${firstLine((e as Error).message)}`,
      hint: `aliases may expand to at most ${LIMITS.maxAliasCount} nodes; write the values out`,
    });
  }
  return { file, data, doc, lines };
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim();
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case "DUPLICATE_KEY":
      return "each key may appear once per mapping; remove or rename the repeated key";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation: nested keys need more spaces than their parent, and lists start with '- '";
    case "TAB_AS_INDENT":
      return "YAML indents with spaces, not tabs";
    default:
      return undefined;
  }
}

function tooDeep(file: string, pos: { line: number; col: number } | undefined, depth?: number): InputError {
  return new InputError({
    file,
    ...(pos ?? {}),
    // nodeDepth stops counting one level past the limit, so the depth is "more than", not exact.
    message: depth === undefined ? "nesting is too deep" : `nesting is too deep (more than ${depth - 1} levels)`,
    expected: `at most ${LIMITS.maxDepth} levels`,
    hint: "workloads and catalogs need a few levels; flatten the structure",
  });
}

type BadNode = "duplicate" | "proto" | "complex" | "control";

/**
 * Control characters (but tab, line feed and carriage return) and bidirectional overrides. No name,
 * id or note needs them, and printed back in a table or an error message (`unknown model "…"`) an
 * escape sequence from a downloaded catalog would rewrite the user's terminal.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function controlFault(text: string): { message: string; found: string; hint: string } {
  const c = CONTROL.exec(text)?.[0] ?? "";
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    message: `a string contains the control character ${code}`,
    found: quoted(text),
    hint: "control and bidirectional-override characters are not allowed in names, ids or notes (printed, they can rewrite a terminal); remove it",
  };
}

/**
 * Keys we refuse, in document order: a scalar key repeated within one mapping (the second and later
 * occurrences); `__proto__`, which no format uses and which some object builders (zod's record)
 * would turn into a prototype change instead of a key; keys that are lists or mappings, which a
 * JavaScript object could only hold as a stringified key; and (keys or values) strings holding
 * control characters.
 */
function badKeys(node: Node | null | undefined, d: number): Array<{ key: Node; fault: BadNode }> {
  const out: Array<{ key: Node; fault: BadNode }> = [];
  const walk = (n: Node | null | undefined, depth: number): void => {
    if (depth > LIMITS.maxDepth) return;
    if (isMap(n)) {
      const seen = new Set<string>();
      for (const p of n.items) {
        if (isScalar(p.key)) {
          const k = String(p.key.value);
          if (seen.has(k)) out.push({ key: p.key, fault: "duplicate" });
          else if (k === "__proto__") out.push({ key: p.key, fault: "proto" });
          else if (CONTROL.test(k)) out.push({ key: p.key, fault: "control" });
          seen.add(k);
        } else if (isMap(p.key) || isSeq(p.key)) out.push({ key: p.key, fault: "complex" });
        walk(p.value as Node, depth + 1);
      }
    } else if (isSeq(n)) for (const it of n.items) walk(it as Node, depth + 1);
    else if (isScalar(n) && typeof n.value === "string" && CONTROL.test(n.value))
      out.push({ key: n, fault: "control" });
  };
  walk(node, d);
  return out;
}

function nodeDepth(node: Node | null | undefined, d: number): number {
  if (d > LIMITS.maxDepth) return d;
  if (isMap(node)) {
    let m = d + 1;
    for (const p of node.items) m = Math.max(m, nodeDepth(p.value as Node, d + 1));
    return m;
  }
  if (isSeq(node)) {
    let m = d + 1;
    for (const it of node.items) m = Math.max(m, nodeDepth(it as Node, d + 1));
    return m;
  }
  return d;
}

/** The node at a data path, and whether it is the key (for unknown keys) or the value. */
function nodeAt(doc: Document.Parsed, path: ReadonlyArray<PropertyKey>, key?: string): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = node as Node;
  const segs = key === undefined ? path : [...path, key];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) return last;
      if (key !== undefined && i === segs.length - 1) return pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
    } else return last;
    if (node && typeof node === "object" && "range" in node) last = node as Node;
  }
  return last;
}

export function positionOf(
  src: Located,
  path: ReadonlyArray<PropertyKey>,
  key?: string,
): { line?: number; col?: number } {
  if (!src.doc || !src.lines) return {};
  const node = nodeAt(src.doc, path, key);
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  const pos = src.lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

export function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

export function describe(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  if (v === null) return "null (an empty value)";
  if (typeof v === "string") return `the string ${quoted(v)}`;
  if (typeof v === "number") return Number.isFinite(v) ? `the number ${v}` : `${v} (not a finite number)`;
  if (typeof v === "boolean") return `the boolean ${v}`;
  if (Array.isArray(v)) return `a list of ${v.length} item(s)`;
  if (v instanceof Uint8Array) return `binary data (a !!binary value of ${v.length} bytes)`;
  return `a mapping with keys ${
    Object.keys(v as object)
      .slice(0, 6)
      .join(", ") || "(none)"
  }`;
}

/** Every key any object in a zod schema accepts: the vocabulary for "did you mean" on unknown keys. */
export function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== "object" || seen.has(s)) return;
    seen.add(s);
    const zod = (s as { _zod?: { def?: Record<string, unknown>; innerType?: unknown } })._zod;
    const def = zod?.def;
    if (!def) return;
    // A part built on first use (z.lazy, src/schema/workload.ts): its schema, built now.
    if (def.type === "lazy") {
      walk(zod.innerType);
      return;
    }
    if (def.type === "object" && def.shape) {
      for (const [k, v] of Object.entries(def.shape as object)) {
        keys.add(k);
        walk(v);
      }
    }
    for (const k of ["innerType", "in", "out", "element", "valueType", "schema", "left", "right"]) walk(def[k]);
    if (Array.isArray(def.options)) for (const o of def.options) walk(o);
  };
  walk(schema);
  return keys;
}

/** Turn zod issues into placed diagnostics, one per fault. */
export function zodDiagnostics(src: Located, error: z.ZodError, schema: z.ZodType): Diagnostic[] {
  const newer = newerVersion(src, error);
  if (newer) return [newer];
  const out: Diagnostic[] = [];
  let vocab: Set<string> | undefined;
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      vocab ??= schemaKeys(schema);
      for (const k of issue.keys) {
        out.push({
          file: src.file,
          ...positionOf(src, path, k),
          path: formatPath([...path, k]),
          message: `unknown field ${quoted(k)}`,
          // A field of this format in the wrong place would otherwise be told "did you mean" itself.
          hint: vocab.has(k)
            ? `${quoted(k)} is a field of this format, but not here: check its place and indentation (llmcost schema)`
            : (didYouMean(k, vocab) ?? "remove it, or check the field names in the reference (llmcost schema)"),
        });
      }
      continue;
    }
    const found = valueAt(src.data, path);
    const d: Diagnostic = {
      file: src.file,
      ...positionOf(src, path),
      path: formatPath(path) || "(top level)",
      message: issueMessage(issue, found),
    };
    if (issue.code === "invalid_type") {
      d.expected = issue.expected === "nan" ? "a number" : article(issue.expected);
      d.found = describe(found);
      if (found === undefined) d.message = `missing required field`;
    } else if (issue.code === "invalid_value") {
      const values = issue.values.map((v) => String(v));
      d.expected = `one of ${values.join(", ")}`;
      d.found = describe(found);
      const hint = typeof found === "string" ? didYouMean(found, values) : undefined;
      if (hint) d.hint = hint;
    } else if (issue.code === "invalid_union") {
      d.expected = 'a number, or a string such as "15k" or "60%"';
      d.found = describe(found);
      if (found === undefined) d.message = "missing required field";
    } else if (found !== undefined && issue.code !== "custom") {
      d.found = describe(found);
    } else if (issue.code === "custom" && found !== undefined && typeof found !== "object") {
      d.found = describe(found);
    }
    d.hint ??= fieldHint(path);
    out.push(d);
  }
  return out;
}

/** Hints for the billing sections' fields (docs/billing.md), keyed by section and field. */
const FIELD_HINTS: Record<string, string> = {
  "packs.validity_days":
    "a pack can be used for a limited time: give validity_days, e.g. 30, 90 or 365 (docs/billing.md)",
  "packs.quantity": 'what one pack holds, in its `counts` unit, e.g. "100M"',
  "plans.included": "the usage a plan includes per term: 0 or more, in its `counts` unit",
  "models.minimum": "the smallest deployment in units, at most `maximum`",
  "fees.unit": "the unit the fee's price is per; a new unit needs engine support (src/engine/components.ts)",
  "peak.requests_per_minute": "the busiest minute's requests, at least the average; or give peak: {ratio: 3}",
  "prices.input_multiplier":
    "a write_1h cache rule prices the 1-hour write as a multiple of the input price, e.g. input_multiplier: 2",
  "cache_storage.hours": "hours the cache is kept over the period, at most the period (730 a month)",
  "cache_storage.tokens": 'tokens held in the cache, e.g. "100k"',
};

function fieldHint(path: readonly PropertyKey[]): string | undefined {
  const names = path.filter((k): k is string => typeof k === "string");
  const field = names[names.length - 1];
  const section = names[names.length - 2];
  return field && section ? FIELD_HINTS[`${section}.${field}`] : undefined;
}

/**
 * A file written for a newer format version (`schema: 2` in a catalog, `llmcost: 2` in a workload):
 * one fault with the supported range, and nothing else: its other "faults" are the newer format's
 * fields, which would only bury the one thing to fix (upgrade llmcost).
 */
function newerVersion(src: Located, error: z.ZodError): Diagnostic | undefined {
  for (const issue of error.issues) {
    if (issue.code !== "invalid_value" || issue.path.length !== 1) continue;
    const key = issue.path[0];
    if (key !== "schema" && key !== "llmcost") continue;
    const found = valueAt(src.data, issue.path as PropertyKey[]);
    const supported = issue.values.filter((v): v is number => typeof v === "number");
    if (typeof found !== "number" || supported.length === 0) continue;
    const lo = Math.min(...supported);
    const hi = Math.max(...supported);
    if (!(found > hi)) continue;
    const what = key === "schema" ? "catalog schema" : "workload format";
    return {
      file: src.file,
      ...positionOf(src, issue.path as PropertyKey[]),
      path: String(key),
      message: `${what} ${found} is newer than this llmcost supports (it reads ${what} ${lo} to ${hi})`,
      expected: `${key}: ${hi}`,
      found: describe(found),
      hint: `upgrade llmcost to read ${what} ${found}, or use a file written for ${key}: ${hi}`,
    };
  }
  return undefined;
}

function article(t: string): string {
  if (t === "array") return "a list";
  if (t === "object") return "a mapping (key: value lines)";
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function issueMessage(issue: z.core.$ZodIssue, found: unknown): string {
  const custom = !/^Invalid/.test(issue.message);
  if (issue.code === "invalid_type") return `wrong type`;
  if (issue.code === "invalid_value") return custom ? issue.message : `not an allowed value`;
  if (issue.code === "invalid_union") {
    if (typeof found === "number" && !Number.isFinite(found)) return "expected a finite number";
    return typeof found === "string" ? `${quoted(found)} is not valid here` : "wrong type";
  }
  return issue.message;
}
