import { parse, stringify } from "yaml";
import { rng as familyRng } from "./tree.js";

/**
 * The fuzzer's case generator (issue 7): pure and seeded, so case N of seed S is the same bytes on
 * every machine and in every partition of the run. Used by `npm run fuzz` (scripts/fuzz.mjs, through
 * an esbuild bundle) and by the bounded subset in tests/fuzz/fuzz.test.ts.
 *
 * A case is a workload file and, for catalog cases, an overlay file passed with --catalog. Seeds are
 * the real examples/*.yaml workloads and pricing-data/providers/*.yaml files; each case applies one
 * to three mutations: structural ones on the parsed tree (deleted keys, type swaps, hazardous numbers
 * and strings, unknown and prototype keys, deep nesting) written back as YAML (NaN → .nan, Infinity →
 * .inf), textual ones on the YAML text (duplicated or dropped lines, number literals, control and
 * unicode characters, tags, anchors, a second document, tabs), byte-level ones (flips, truncation),
 * and pure random bytes.
 */

export interface SeedFile {
  name: string;
  text: string;
}

export interface Seeds {
  workloads: SeedFile[];
  providers: SeedFile[];
}

export interface FuzzCase {
  /** `random:<id>` or `trunc:<sample>:<offset>`: enough to regenerate it. */
  id: string;
  /** Which seed and which mutations, for the counts. */
  family: "workload" | "catalog" | "random-bytes" | "truncation" | "flags";
  mutations: string[];
  workload: Uint8Array;
  overlay?: Uint8Array | undefined;
  format: "json" | "table" | "markdown" | "csv";
  /** Another command line than `estimate W [--catalog O]`: `{W}` and `{O}` stand for the two files. */
  argv?: string[] | undefined;
}

/** mulberry32 over a seed mixed from (seed, id): independent streams per case (tree.ts's, with no family). */
export function rng(seed: number, id: number): () => number {
  return familyRng(seed, "", id);
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, n: number): number => Math.floor(r() * n);

export const NUMBER_HAZARDS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  1e-300,
  1e200,
  2 ** 53 + 1,
  -1,
  0.5,
  1.5,
  1e15,
];

export const STRING_HAZARDS: readonly string[] = [
  "",
  " ",
  "1e400",
  "15T",
  "-5k",
  "60%",
  "150%",
  "NaN",
  "Infinity",
  "-0",
  "0x10",
  "1_000",
  "1,000,000",
  "١٢٣",
  "\u202egpt-4o-mini",
  "gpt-4o-mini\u200b",
  "\u0007\u001b[31mred\u001b[0m",
  "💸💸",
  "e\u0301",
  "\ud800",
  "x".repeat(5000),
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "../../../../etc/passwd",
  "/dev/zero",
  "$" + "{HOME}", // a shell-style expansion, written split so it is not a template
  "$(id)",
  "%s%n%x",
  "<script>alert(1)</script>",
  "null",
  "~",
  "true",
  "'\"\\",
  "line\nbreak",
  "\r\n",
  "\t",
  "GPT-4O-MINI",
  "usd",
  "XXX",
  "__proto__",
];

const OTHER_VALUES: readonly unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, [[[]]], "x"];
const ODD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "ｍodel", "inference "];
const NUMBER_LITERALS = [
  ".nan",
  ".NaN",
  ".inf",
  "-.inf",
  "+.inf",
  "-0",
  "-0.0",
  "1e308",
  "1.8e308",
  "1e-400",
  "5e-324",
  "0x1F",
  "0o17",
  "1_000",
  "+12",
  "-1",
  "1e",
  "00012",
  "9007199254740993",
  "1.7976931348623157e308",
];
const INSERTS = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\t",
  "\r",
  "\u00a0",
  "\u2028",
  "\u202e",
  "\ufeff",
  "\ufffd",
  "💸",
  "&a ",
  "*a ",
  "!!js/function ",
  "!custom ",
  "!!binary ",
  "<<: ",
  "? ",
  "- ",
  ": ",
  "{",
  "}",
  "[",
  "]",
  "'",
  '"',
  "#",
  "|",
  ">",
  "%YAML 1.1\n",
  "\n---\n",
  "\n...\n",
];

// ---- structural mutations on the parsed tree ----

type Path = Array<string | number>;

function paths(v: unknown, at: Path, out: Path[], depth = 0): Path[] {
  out.push(at);
  if (depth > 12) return out;
  if (Array.isArray(v)) for (const [i, x] of v.entries()) paths(x, [...at, i], out, depth + 1);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out, depth + 1);
  return out;
}

function getAt(root: unknown, p: Path): unknown {
  let v = root;
  for (const s of p) v = (v as Record<string | number, unknown>)?.[s];
  return v;
}

function setAt(root: { v: unknown }, p: Path, value: unknown | typeof DELETE): void {
  if (p.length === 0) {
    root.v = value === DELETE ? null : value;
    return;
  }
  const parent = getAt(root.v, p.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const last = p[p.length - 1] as string | number;
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === DELETE) parent.splice(last, 1);
    else parent[last] = value;
  } else if (parent && typeof parent === "object") {
    if (value === DELETE) delete (parent as Record<string, unknown>)[last as string];
    else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
}

const DELETE = Symbol("delete");

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function structural(r: Rand, text: string, log: string[]): string {
  let data: unknown;
  try {
    data = parse(text, { logLevel: "silent" });
  } catch {
    return text;
  }
  const root = { v: data };
  const all = paths(data, [], []);
  const steps = 1 + int(r, 3);
  for (let s = 0; s < steps; s++) {
    const p = pick(r, all.length > 1 ? all.slice(1) : all);
    const cur = getAt(root.v, p);
    const op = int(r, 9);
    if (op === 0) {
      setAt(root, p, DELETE);
      log.push(`delete ${p.join(".")}`);
    } else if (op === 1 || (op === 2 && typeof cur === "number")) {
      const n = pick(r, NUMBER_HAZARDS);
      setAt(root, p, n);
      log.push(`number ${p.join(".")}=${Object.is(n, -0) ? "-0" : n}`);
    } else if (op === 2 || op === 3) {
      const h = pick(r, STRING_HAZARDS);
      const v = typeof cur === "string" && r() < 0.5 ? cur + h : h;
      setAt(root, p, v);
      log.push(`string ${p.join(".")}`);
    } else if (op === 4) {
      setAt(root, p, pick(r, OTHER_VALUES));
      log.push(`type-swap ${p.join(".")}`);
    } else if (op === 5) {
      const parent = getAt(root.v, p.slice(0, -1));
      if (parent && typeof parent === "object" && !Array.isArray(parent)) {
        const k = pick(r, ODD_KEYS);
        Object.defineProperty(parent, k, { value: cur ?? 1, enumerable: true, writable: true, configurable: true });
        log.push(`odd-key ${k}`);
      } else if (Array.isArray(parent)) {
        for (let i = 0; i < 1 + int(r, 50); i++) parent.push(structuredClone(cur));
        log.push(`repeat-item ${p.join(".")}`);
      }
    } else if (op === 6) {
      setAt(root, p, r() < 0.5 ? [cur] : { value: cur });
      log.push(`wrap ${p.join(".")}`);
    } else if (op === 7) {
      setAt(root, p, nested(40 + int(r, 60), cur ?? 1));
      log.push(`deepen ${p.join(".")}`);
    } else {
      const n = typeof cur === "number" ? cur * pick(r, [1e6, 1e100, 1e300, -1, 1e-300, 0]) : pick(r, NUMBER_HAZARDS);
      setAt(root, p, n);
      log.push(`scale ${p.join(".")}`);
    }
  }
  try {
    return stringify(root.v, { lineWidth: 0 });
  } catch {
    return text;
  }
}

/**
 * Only numbers change: each numeric leaf in one to three places becomes a hazard or is scaled. Most
 * such files still validate, so these cases reach the engine with extreme values (the structural
 * and textual mutations mostly test the validator).
 */
function numbers(r: Rand, text: string, log: string[]): string {
  let data: unknown;
  try {
    data = parse(text, { logLevel: "silent" });
  } catch {
    return text;
  }
  const root = { v: data };
  const leaves = paths(data, [], []).filter((p) => typeof getAt(data, p) === "number");
  if (leaves.length === 0) return text;
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    const p = pick(r, leaves);
    const cur = getAt(root.v, p) as number;
    const v = r() < 0.5 ? pick(r, NUMBER_HAZARDS) : cur * pick(r, [1e3, 1e9, 1e100, 1e200, 1e300, 1e-9, 1e-300, 0]);
    setAt(root, p, v);
    log.push(`numeric ${p.join(".")}=${Object.is(v, -0) ? "-0" : v}`);
  }
  try {
    return stringify(root.v, { lineWidth: 0 });
  } catch {
    return text;
  }
}

// ---- textual and byte mutations ----

function textual(r: Rand, text: string, log: string[]): string {
  const lines = text.split("\n");
  const op = int(r, 8);
  const li = int(r, Math.max(1, lines.length));
  if (op === 0) {
    lines.splice(li, 0, lines[li] ?? "");
    log.push(`dup-line ${li + 1}`);
    return lines.join("\n");
  }
  if (op === 1) {
    lines.splice(li, 1);
    log.push(`drop-line ${li + 1}`);
    return lines.join("\n");
  }
  if (op === 2) {
    const nums = [...text.matchAll(/(?<=[:\-[,]\s*)-?\d[\d._e+-]*/g)];
    const m = nums.length ? pick(r, nums) : undefined;
    if (m?.index !== undefined) {
      const lit = pick(r, NUMBER_LITERALS);
      log.push(`literal ${lit}`);
      return text.slice(0, m.index) + lit + text.slice(m.index + m[0].length);
    }
  }
  if (op === 3) {
    const at = int(r, text.length + 1);
    const ins = pick(r, INSERTS);
    log.push(`insert ${JSON.stringify(ins)}@${at}`);
    return text.slice(0, at) + ins + text.slice(at);
  }
  if (op === 4) {
    const a = int(r, lines.length);
    const b = int(r, lines.length);
    [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
    log.push(`swap-lines ${a + 1},${b + 1}`);
    return lines.join("\n");
  }
  if (op === 5) {
    lines[li] = (lines[li] ?? "").replace(/^( +)/, (s) => (r() < 0.5 ? `\t${s.slice(1)}` : ` ${s}`));
    log.push(`indent ${li + 1}`);
    return lines.join("\n");
  }
  if (op === 6) {
    log.push("second-document");
    return `${text}\n---\n${text}`;
  }
  const at = int(r, text.length + 1);
  log.push(`truncate@${at}`);
  return text.slice(0, at);
}

function bytewise(r: Rand, buf: Uint8Array, log: string[]): Uint8Array {
  const out = Uint8Array.from(buf);
  const n = 1 + int(r, 8);
  for (let i = 0; i < n && out.length > 0; i++) out[int(r, out.length)] = int(r, 256);
  log.push(`flip-bytes ${n}`);
  return out;
}

const enc = new TextEncoder();

/** A targeted workload for a provider file: one of its models, pinned to it, so price edits are priced. */
export function workloadFor(providerText: string): string {
  let id = "gpt-4o-mini";
  let pid = "openai";
  try {
    const d = parse(providerText, { logLevel: "silent" }) as {
      provider?: { id?: string };
      models?: Array<{ id?: string }>;
    };
    pid = d.provider?.id ?? pid;
    id = d.models?.[0]?.id ?? id;
  } catch {
    // keep the defaults: the overlay's own faults are what is being tested
  }
  return `llmcost: 1\nname: fuzz\nas_of: 2026-11-01\ninference:\n  - name: fz\n    model: ${JSON.stringify(id)}\n    providers: [${JSON.stringify(pid)}]\n    requests_per_day: 20k\n    input_tokens: 1200\n    output_tokens: 250\n    cached_input: 0.5\n`;
}

const FORMATS = ["json", "json", "json", "json", "json", "json", "json", "table", "markdown", "csv"] as const;

const FLAG_VALUES: readonly string[] = [
  ...STRING_HAZARDS.slice(0, 20),
  "1e300",
  "1.7976931348623157e308",
  "-1",
  "0",
  "1",
  "20k",
  "60%",
  "2026-11-01",
  "1970-01-01",
  "9999-12-31",
  "USD",
  "CNY",
];

/** Hostile values in command-line flags: `quote` (every flag is a number or share) and `estimate`/`check`. */
function flagsCase(r: Rand, id: number, seeds: Seeds, format: FuzzCase["format"]): FuzzCase {
  const v = () => pick(r, FLAG_VALUES);
  const mutations: string[] = [];
  let argv: string[];
  const kind = int(r, 3);
  if (kind === 0) {
    const model = pick(r, ["gpt-4o-mini", "deepseek-chat", "claude-3-5-haiku", "llama-3.1-70b", v()]);
    argv = ["quote", model, "--format", format];
    for (const f of [
      "--input-tokens",
      "--output-tokens",
      "--cached-input",
      "--cache-write",
      "--reasoning",
      "--requests",
      "--off-peak",
    ])
      if (r() < 0.4) argv.push(f, v());
    if (r() < 0.2) argv.push("--requests-per-day", v());
    // The old spellings --input N / --output N, read as token counts when N is a number. --output with
    // anything else names the report's file (-o): given a hostile string, that wrote files named
    // "CNY" or "0x10" into the fuzzer's folder, and its empty stdout was taken for a fault.
    if (r() < 0.2) argv.push(pick(r, ["--input", "--output"]), pick(r, ["0", "1", "20k", "1e300"]));
    if (r() < 0.2) argv.push("--batch");
    if (r() < 0.2) argv.push("--as-of", v());
    if (r() < 0.2) argv.push("--currency", v());
  } else if (r() < 0.15) {
    // Arguments commander itself rejects (and quotes back): a bad choice, an unknown command or option.
    argv = pick(r, [
      ["estimate", "{W}", "--format", v()],
      [v(), "{W}"],
      ["estimate", "{W}", `--${v()}`],
      ["quote", "gpt-4o-mini", "--period", v()],
    ]);
  } else {
    argv = [kind === 1 ? "estimate" : "check", "{W}", "--format", format];
    for (const f of ["--as-of", "--currency", "--alternatives", "--provider"]) if (r() < 0.4) argv.push(f, v());
  }
  mutations.push(argv.join(" ").slice(0, 200));
  const w = pick(r, seeds.workloads);
  return { id: `random:${id}`, family: "flags", mutations, workload: enc.encode(w.text), format, argv };
}

/** Random case `id` of `seed`. */
export function makeCase(seed: number, id: number, seeds: Seeds): FuzzCase {
  const r = rng(seed, id);
  const mutations: string[] = [];
  const format = pick(r, FORMATS);
  const roll = r();
  if (roll < 0.06) return flagsCase(r, id, seeds, format);
  if (roll < 0.1) {
    const bytes = new Uint8Array(int(r, 2048));
    for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 256);
    return { id: `random:${id}`, family: "random-bytes", mutations: ["random-bytes"], workload: bytes, format };
  }
  const gentle = r() < 0.3;
  const mutate = (text: string): Uint8Array => {
    if (gentle) return enc.encode(numbers(r, text, mutations));
    let t = text;
    const steps = 1 + int(r, 3);
    for (let i = 0; i < steps; i++) t = r() < 0.55 ? structural(r, t, mutations) : textual(r, t, mutations);
    let b: Uint8Array = enc.encode(t);
    if (r() < 0.08) b = bytewise(r, b, mutations);
    return b;
  };
  if (roll < 0.5) {
    const w = pick(r, seeds.workloads);
    mutations.push(w.name);
    return { id: `random:${id}`, family: "workload", mutations, workload: mutate(w.text), format };
  }
  const p = pick(r, seeds.providers);
  mutations.push(p.name);
  const overlay = mutate(p.text);
  // One in five catalog cases checks the mutated file with `catalog validate` instead of pricing with it.
  const validate = r() < 0.2;
  return {
    id: `random:${id}`,
    family: "catalog",
    mutations,
    workload: enc.encode(workloadFor(p.text)),
    overlay,
    format,
    argv: validate ? ["catalog", "validate", "{O}", "--format", format === "json" ? "json" : "table"] : undefined,
  };
}

/** Truncation of a sample at byte `offset` (workload sample, or provider sample used as an overlay). */
export function truncationCase(sample: SeedFile, kind: "workload" | "catalog", offset: number): FuzzCase {
  const bytes = enc.encode(sample.text).subarray(0, offset);
  const base = {
    id: `trunc:${sample.name}:${offset}`,
    family: "truncation" as const,
    mutations: [sample.name],
    format: "json" as const,
  };
  return kind === "workload"
    ? { ...base, workload: bytes }
    : { ...base, workload: enc.encode(workloadFor(sample.text)), overlay: bytes };
}

/** Parse `random:12` / `trunc:name:40` back into a case. */
export function caseById(seed: number, id: string, seeds: Seeds): FuzzCase {
  const [fam, a, b] = id.split(":");
  if (fam === "random") return makeCase(seed, Number(a), seeds);
  const w = seeds.workloads.find((s) => s.name === a);
  if (w) return truncationCase(w, "workload", Number(b));
  const p = seeds.providers.find((s) => s.name === a);
  if (p) return truncationCase(p, "catalog", Number(b));
  throw new Error(`unknown case id ${id}`);
}
