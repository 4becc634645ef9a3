import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse, stringify } from "yaml";
import type { CliResult } from "../../src/cli/io.js";
import { contractFault, dateFault, firstLines, formatFault, jsonFault } from "./oracles.js";
import { getAt, int, type Path, paths, pick, type Rand, raw, renameAt, rng, setAt, toJson } from "./tree.js";
import { usageCase, usageFault } from "./usage-logs.js";

/**
 * The entry-point fuzz families (issue 14): the inputs besides workloads and catalogs, each with its
 * own oracles on top of the exit-code contract (docs/reliability.md, "The oracles").
 *
 * - `import`: `catalog import litellm|genai-prices` (and `catalog refresh`) on structure-aware mutations of the real-shaped
 *   fixtures (nulls, wrong types, `__proto__` keys, huge and non-finite numbers, bad dates, negative
 *   tiers, control and bidi characters in keys, oversized inputs). Whatever is written must be read
 *   back by `catalog validate` and priced with by `--catalog` without a fault of the overlay.
 * - `horizon`: `trend --forecast`, `--since/--until`, `estimate --over A..B --step`, `--as-of` and
 *   `diff --as-of-base/--as-of-head` with extreme and malformed values: every date printed is ISO.
 * - `baseline`: a saved estimate, mutated (negative, ±1e308, `.nan`, NaN-ish strings, another
 *   version, missing fields), fed to `diff --fail-above`, `check --baseline` and `check SAVED`: a
 *   corrupted baseline ends in exit 2 with a message, never in a pass (or a fail) of the gate.
 * - `render`: user-controlled strings (workload, item and budget names, provider and model names,
 *   notes, sources) through every format of estimate, check, diff, quote, trend, usage, catalog show and
 *   catalog export: no formula-leading CSV cell, no markup from a name in Markdown or HTML, JSON
 *   that validates against the output schema.
 * - `usage`: hostile usage logs (tests/fuzz/usage-logs.ts): damaged records and bytes, gzip, flags.
 * - `readback`: every file llmcost writes (`-o` reports, saved estimates, `init`, `usage
 *   --to-workload`, importer overlays) is read back without a fault and gives the same result.
 *
 * Pure and seeded like mutate.ts: case `import:12` of seed S is the same bytes everywhere.
 */

export const ENTRY_FAMILIES = ["import", "horizon", "baseline", "render", "readback", "usage"] as const;
export type EntryFamily = (typeof ENTRY_FAMILIES)[number];

export interface EntrySeeds {
  /** LiteLLM's model_prices_and_context_window.json, trimmed (tests/fixtures/litellm). */
  litellm: string;
  /** genai-prices data.json, trimmed (tests/fixtures/genai-prices). */
  genai: string;
  /** Usage logs (tests/fixtures/usage: JSON lines, JSON documents, CSV), for `usage`. */
  usage: Array<{ name: string; text: string }>;
  /** The example workloads (examples/*.yaml), by name. */
  workloads: Array<{ name: string; text: string }>;
}

/** One step of a case: a command line with `{name}` placeholders for the case's files. */
export interface EntryCase {
  id: string;
  family: EntryFamily;
  mutations: string[];
  /** Files written into the case folder before the run. */
  files: Record<string, string>;
  /** Files written as bytes (the usage family's gzip and invalid UTF-8). */
  binary?: Record<string, Uint8Array>;
  argv: string[];
  /** baseline: the mutation makes the saved estimate one llmcost could not have made. */
  corrupted?: boolean;
  /** readback: what to check after the first command. */
  readback?: "report" | "saved" | "init" | "to-workload" | "import";
}

// ---------------------------------------------------------------- importers

const IMPORT_NUMBERS: readonly unknown[] = [
  0,
  -1,
  -1e-9,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  1e-300,
  2 ** 53 + 1,
  1e15,
  raw("1e999"),
  raw("-1e999"),
  "Infinity",
  "-Infinity",
  "NaN",
  "1e400",
  "0x10",
  "",
  "5",
  null,
  true,
  [],
  {},
];
const IMPORT_DATES: readonly string[] = [
  "2024-02-30",
  "2023-02-29",
  "2024-02-29",
  "10000-01-01",
  "99999-12-31",
  "+010000-01-01",
  "0001-01-01",
  "1899-12-31",
  "1900-01-01",
  "9999-12-31",
  "24-01-01",
  "2024-1-1",
  "2024-13-01",
  "2024-00-10",
  "2024-01-01T00:00:00Z",
  "2024-01-01\u202e",
  "",
  "yesterday",
];
const IMPORT_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "",
  " ",
  "a\u001b[31mred\u001b[0m",
  "\u202egpt-4o",
  "gpt\u2066-4o\u2069",
  "bell\u0007",
  "nul\u0000",
  "line\nbreak",
  "GPT-4O",
  "x".repeat(3000),
  "../../etc/passwd",
  "=cmd|' /C calc'!A0",
  "<zz9>",
];
const IMPORT_VALUES: readonly unknown[] = [null, true, false, 0, "x", [], {}, [null], { a: 1 }, "\u001b]0;title\u0007"];

/** A genai-prices or LiteLLM file, mutated on its tree: the shapes an importer must survive. */
function importCase(r: Rand, id: number, seeds: EntrySeeds): EntryCase {
  const source = r() < 0.5 ? "litellm" : "genai-prices";
  const mutations: string[] = [source];
  const data = JSON.parse(source === "litellm" ? seeds.litellm : seeds.genai) as unknown;
  const all = paths(data, [], []).slice(1);
  const steps = 1 + int(r, 4);
  for (let s = 0; s < steps; s++) {
    const p = pick(r, all);
    const cur = getAt(data, p);
    const where = p.join(".").slice(0, 60);
    const op = int(r, 10);
    if (op <= 1 || (op === 2 && typeof cur === "number")) {
      const v =
        typeof cur === "number" && r() < 0.3 ? cur * pick(r, [-1, 1e300, 1e-300, 1e6]) : pick(r, IMPORT_NUMBERS);
      setAt(data, p, v);
      mutations.push(`number ${where}=${typeof v === "string" ? v.replace(/\u0000(RAW:)?/g, "") : JSON.stringify(v)}`);
    } else if (op === 2 || (op === 3 && typeof cur === "string" && /^\d{4}-/.test(cur))) {
      const v = pick(r, IMPORT_DATES);
      // genai-prices dates are `start_date` constraints; LiteLLM has none, so add one where it matters.
      if (typeof cur === "string" && /^\d{4}-/.test(cur)) setAt(data, p, v);
      else if (source === "genai-prices") {
        const prices = all.filter((q) => q[q.length - 1] === "prices" && Array.isArray(getAt(data, q)));
        const q = prices.length ? pick(r, prices) : undefined;
        const list = q ? (getAt(data, q) as unknown[]) : undefined;
        list?.push({ constraint: { type: "start_date", start_date: v }, prices: { input_mtok: 1, output_mtok: 2 } });
      } else setAt(data, [...p.slice(0, 1), "deprecation_date"], v);
      mutations.push(`date ${where}=${JSON.stringify(v)}`);
    } else if (op === 3) {
      setAt(data, p, pick(r, IMPORT_VALUES));
      mutations.push(`type-swap ${where}`);
    } else if (op === 4) {
      if (typeof p[p.length - 1] === "string") {
        const k = pick(r, IMPORT_KEYS);
        renameAt(data, p, k);
        mutations.push(`rename-key ${where}→${JSON.stringify(k.slice(0, 20))}`);
      } else {
        setAt(data, p, undefined);
        mutations.push(`delete ${where}`);
      }
    } else if (op === 5) {
      setAt(data, p, undefined);
      mutations.push(`delete ${where}`);
    } else if (op === 6) {
      // Negative or out-of-order tiers (genai-prices) / a negative tiered price (LiteLLM).
      if (source === "genai-prices")
        setAt(data, p, {
          base: pick(r, [1, -1, 0]),
          tiers: [
            { start: pick(r, [-1000, 0, 128000, 1e308]), price: pick(r, [-2, 2, 0]) },
            { start: pick(r, [-5, 200000]), price: pick(r, [3, -3]) },
          ],
        });
      else setAt(data, [...p.slice(0, 1), "input_cost_per_token_above_200k_tokens"], pick(r, [-1e-6, 1e308, "1e-6"]));
      mutations.push(`tiers ${where}`);
    } else if (op === 7) {
      // A control or bidi character inside a provider or model id (a string value, not a key).
      if (typeof cur === "string") {
        const v = `${cur}${pick(r, ["\u001b[2J", "\u202e", "\u0007", "\u0085", "\u2066x\u2069", "\ufeff"])}`;
        setAt(data, p, v);
        mutations.push(`control ${where}`);
      } else {
        setAt(data, p, [cur, cur]);
        mutations.push(`wrap ${where}`);
      }
    } else if (op === 8) {
      // The same entries many times: an oversized input (and an output past the 2 MiB limit).
      const big = r() < 0.15;
      const n = big ? 2500 + int(r, 2500) : 2 + int(r, 40);
      if (Array.isArray(data)) {
        const first = data[0];
        for (let i = 0; i < n; i++)
          data.push({ ...(first as object), id: `p${i}-${(first as { id?: string })?.id ?? "x"}` });
      } else if (data && typeof data === "object") {
        const entries = Object.entries(data as Record<string, unknown>).slice(0, 4);
        for (let i = 0; i < n; i++)
          for (const [k, v] of entries)
            (data as Record<string, unknown>)[`${k}-copy${i}${"-".repeat(big ? 40 : 0)}`] = v;
      }
      mutations.push(`repeat ×${n}`);
    } else {
      setAt(data, p, cur === null || typeof cur !== "object" ? [cur] : { wrapped: cur });
      mutations.push(`wrap ${where}`);
    }
  }
  let text = toJson(data);
  if (r() < 0.1) {
    const at = int(r, text.length + 1);
    text = text.slice(0, at);
    mutations.push(`truncate@${at}`);
  }
  const date = r() < 0.85 ? "2026-11-01" : pick(r, IMPORT_DATES);
  if (date !== "2026-11-01") mutations.push(`--date ${JSON.stringify(date)}`);
  // `catalog refresh` reads the same files and writes an overlay patch: the same promise.
  const refresh = r() < 0.25;
  const argv = refresh
    ? ["catalog", "refresh", "{in.json}", "--from", source, "--date", date]
    : ["catalog", "import", source, "{in.json}", "--date", date];
  if (r() < 0.7) argv.push("-o", "{out.yaml}");
  if (refresh && r() < 0.5) argv.push("--changelog", "{changelog.md}");
  if (!refresh && r() < 0.2) argv.push("--new-only");
  if (!refresh && r() < 0.2) argv.push("--unmapped");
  if (refresh) mutations.push("refresh");
  return { id: `import:${id}`, family: "import", mutations, files: { "in.json": text }, argv };
}

// ---------------------------------------------------------------- date horizons

const HORIZON_DATES: readonly string[] = [
  "2024-01-01",
  "2024-06-01",
  "2026-11-01",
  "2023-01-31",
  "2024-02-29",
  "1900-01-01",
  "1899-12-31",
  "9999-12-31",
  "9999-12-01",
  "10000-01-01",
  "0000-01-01",
  "0001-01-01",
  "2024-02-30",
  "2023-02-29",
  "2024-13-01",
  "+010000-01-01",
  "-000001-01-01",
  "2024-1-1",
  "20240101",
  "2024-01-01T00:00:00Z",
  "",
  "today",
  "1e308",
  "9".repeat(400),
];
const HORIZONS: readonly string[] = [
  "12m",
  "5y",
  "90d",
  "12m",
  "2y",
  "100y",
  "1200m",
  "36500d",
  "101y",
  "1201m",
  "36501d",
  "0d",
  "0y",
  "-5y",
  "1e3y",
  "y",
  "12",
  "NaNy",
  "Infinityd",
  "300000y",
  "8000y",
  "7975y",
  "99999999999999999999999d",
  "1.5y",
  "12 m",
  "",
  "9".repeat(400),
];
const STEPS: readonly string[] = ["month", "quarter", "year", "day", "week", "", "Month", "months", "1e3"];
const FORMATS_OVER = ["table", "json", "markdown", "csv", "svg"] as const;

function horizonCase(r: Rand, id: number, seeds: EntrySeeds): EntryCase {
  // Half the dates valid, so that half of the cases reach a report whose printed dates are judged.
  const d = () => (r() < 0.5 ? pick(r, HORIZON_DATES.slice(0, 10)) : pick(r, HORIZON_DATES));
  const fmt = pick(r, FORMATS_OVER);
  const w = pick(
    r,
    seeds.workloads.filter((s) => !s.name.includes("/")),
  );
  const kind = int(r, 6);
  let argv: string[];
  if (kind === 0 || kind === 1) {
    const model = pick(r, ["gpt-4o", "gpt-4o-mini", "deepseek-chat", "h100-sxm", "qwen-long"]);
    argv = ["trend", model, "--format", fmt];
    if (kind === 0 || r() < 0.5) argv.push("--forecast", pick(r, HORIZONS));
    if (r() < 0.4) argv.push("--since", d());
    if (r() < 0.4) argv.push("--until", d());
    if (r() < 0.2) argv.push("--metric", pick(r, ["input", "output", "blended", "spot"]));
  } else if (kind === 2 || kind === 3) {
    const range = r() < 0.85 ? `${d()}..${d()}` : pick(r, ["..", "2024-01-01..", "..2024-01-01", "2024-01-01", "a..b"]);
    argv = ["estimate", "{w.yaml}", "--over", range, "--format", fmt];
    if (r() < 0.7) argv.push("--step", pick(r, STEPS));
  } else if (kind === 4) {
    argv = [
      pick(r, ["estimate", "check"]),
      "{w.yaml}",
      "--as-of",
      d(),
      "--format",
      pick(r, ["table", "json", "markdown", "csv"]),
    ];
    if (argv[0] === "check") argv[5] = argv[5] === "csv" ? "json" : (argv[5] as string);
  } else {
    argv = [
      "diff",
      "{w.yaml}",
      "--as-of-base",
      d(),
      "--as-of-head",
      d(),
      "--format",
      pick(r, ["table", "json", "markdown"]),
    ];
  }
  // Dates inside the workload file too: its `as_of`.
  let text = w.text;
  if (r() < 0.3) {
    const v = d();
    text = /^as_of:/m.test(text)
      ? text.replace(/^as_of:.*$/m, `as_of: ${JSON.stringify(v)}`)
      : `${text}\nas_of: ${JSON.stringify(v)}\n`;
  }
  return {
    id: `horizon:${id}`,
    family: "horizon",
    mutations: [w.name, argv.join(" ").slice(0, 160)],
    files: { "w.yaml": text },
    argv,
  };
}

// ---------------------------------------------------------------- saved estimates

const MONEY_KEYS = new Set(["cost", "total", "quantity", "unit_price", "limit", "headroom"]);
const MONEY_VALUES: readonly unknown[] = [
  -1,
  -0.01,
  -1e308,
  1e308,
  1.7976931348623157e308,
  raw(".nan"),
  raw(".inf"),
  raw("-.inf"),
  raw("1e999"),
  "NaN",
  "Infinity",
  "-Infinity",
  "1e400",
  "12",
  null,
  true,
  {},
  [],
];

/** A saved estimate (made by the runner from an example), then mutated: the baseline a CI gate reads. */
function baselineCase(r: Rand, id: number, seeds: EntrySeeds): EntryCase {
  const base = pick(r, ["support-assistant.yaml", "ci-base.yaml", "mixed.yaml"]);
  const head = base === "ci-base.yaml" ? "ci-head.yaml" : base;
  const mutations = [base];
  const ops = 1 + int(r, 2);
  const edits: Array<{ op: string; value?: unknown }> = [];
  for (let i = 0; i < ops; i++) {
    const op = pick(r, ["money", "money", "money", "scale", "version", "delete", "type"]);
    edits.push({
      op,
      value:
        op === "money"
          ? pick(r, MONEY_VALUES)
          : op === "version"
            ? pick(r, [0, 2, "1", null, 1.5])
            : pick(r, [0.5, 2, 1e6, -1]),
    });
  }
  const kind = int(r, 4);
  const fmt = pick(r, ["table", "json", "markdown"]);
  const gate = pick(r, ["0", "0%", "10%", "1", "1e308", "100%", "-1"]);
  const argv =
    kind === 0 || kind === 1
      ? ["diff", "{base.json}", "{head.yaml}", "--fail-above", gate, "--format", fmt]
      : kind === 2
        ? [
            "check",
            "{head.yaml}",
            "--max-increase",
            pick(r, ["0%", "10%", "1000%"]),
            "--baseline",
            "{base.json}",
            "--format",
            fmt,
          ]
        : ["check", "{base.json}", "--budget", pick(r, ["1", "1e308", "500"]), "--format", fmt];
  mutations.push(argv.join(" ").replace(/\{|\}/g, ""));
  // The edits are applied by the runner, on the real saved estimate: encoded here as data.
  const headText = seeds.workloads.find((w) => w.name === head)?.text ?? "";
  return {
    id: `baseline:${id}`,
    family: "baseline",
    mutations,
    files: { "head.yaml": headText, "edits.json": JSON.stringify({ base, edits, seed: int(r, 1 << 30) }) },
    argv,
  };
}

/** Apply a baseline case's edits to the saved estimate `json`; returns the text and whether it is corrupted. */
export function corruptEstimate(json: string, editsText: string): { text: string; corrupted: boolean; log: string[] } {
  const { edits, seed } = JSON.parse(editsText) as { edits: Array<{ op: string; value?: unknown }>; seed: number };
  const r = rng(seed, "baseline", 0);
  const data = JSON.parse(json) as Record<string, unknown>;
  const before = JSON.stringify(data);
  let corrupted = false;
  const log: string[] = [];
  const money = paths(data, [], []).filter((p) => {
    const k = p[p.length - 1];
    return typeof k === "string" && MONEY_KEYS.has(k) && typeof getAt(data, p) === "number";
  });
  /** A finite, non-negative change that keeps every invariant: a factor of a $0 product, a limit of an unpriced line. */
  const harmless = (p: Path, v: unknown) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return false;
    const key = p[p.length - 1];
    const sibling = (k: string) => getAt(data, [...p.slice(0, -1), k]);
    if (key === "quantity") return sibling("unit_price") === 0;
    if (key === "unit_price") return sibling("quantity") === 0;
    if (key === "limit") return sibling("cost") === null;
    return false;
  };
  for (const e of edits) {
    const p = money.length ? pick(r, money) : ["total"];
    const cur = getAt(data, p) as number;
    if (e.op === "money") {
      if (typeof e.value === "number" && e.value === cur) continue;
      setAt(data, p, e.value);
      corrupted ||= !harmless(p, e.value);
      log.push(
        `${p.join(".")}=${typeof e.value === "string" ? e.value.replace(/\u0000(RAW:)?/g, "") : JSON.stringify(e.value)}`,
      );
    } else if (e.op === "scale") {
      const v = cur * (e.value as number);
      if (v === cur) continue;
      setAt(data, p, v);
      corrupted ||= !harmless(p, v);
      log.push(`${p.join(".")}×${String(e.value)}`);
    } else if (e.op === "version") {
      setAt(data, ["llmcost"], e.value);
      corrupted = true;
      log.push(`llmcost=${JSON.stringify(e.value)}`);
    } else if (e.op === "delete") {
      const k = pick(r, ["total", "items", "currency", "cost", "components", "llmcost"]);
      const at = k === "cost" || k === "components" ? [...p.slice(0, -1)] : [];
      if (k === "components" && p.includes("components")) at.splice(at.indexOf("components"));
      if (getAt(data, [...at, k]) === undefined) continue;
      setAt(data, [...at, k], undefined);
      corrupted = true;
      log.push(`delete ${[...at, k].join(".")}`);
    } else {
      const k = pick(r, ["items", "currency", "period", "total"]);
      setAt(data, [k], pick(r, [null, 5, "x", [], {}]));
      corrupted = true;
      log.push(`type ${k}`);
    }
  }
  const text = toJson(data);
  return { text, corrupted: corrupted && JSON.stringify(data) !== before, log };
}

// ---------------------------------------------------------------- renderer content

/** Fragments of user-controlled text: formulas, markup, Markdown syntax, quoting, long and wide text. */
const FRAGMENTS: readonly string[] = [
  "=1+1",
  '=HYPERLINK("http://x","y")',
  "+SUM(A1)",
  "-2+3",
  "@cmd",
  "\t=x",
  "=",
  "+",
  "-",
  "@",
  "</details>",
  "<details>",
  "</summary>",
  "<zz9 a=1>",
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "<!--",
  "-->",
  'x" data-zz9="1',
  "' data-zz9='1",
  "| a | b |",
  "|",
  "\\|",
  "\\",
  "**b**",
  "[l](javascript:alert(1))",
  "`code`",
  "\n```\n",
  "\n~~~\n",
  "&amp;",
  "&lt;zz9&gt;",
  "# h",
  "a,b",
  '"q"',
  "line\nbreak",
  "two\n\nlines",
  "💸",
  "\u00a0nbsp",
  "普通话",
  "x".repeat(300),
  "chat",
  "plain name",
  "{{x}}",
  "$" + "{x}", // a template placeholder, written split so it is not one
  "%s",
];

function userString(r: Rand): string {
  let s = "";
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) s += pick(r, FRAGMENTS);
  return s;
}

const RENDER_FORMATS = ["json", "table", "markdown", "csv", "html"] as const;

/** A workload and an overlay whose every free-text field is hostile, through one command and format. */
function renderCase(r: Rand, id: number): EntryCase {
  const names: string[] = [];
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    let s = userString(r);
    if (names.includes(s)) s = `${s}${i}`;
    names.push(s);
  }
  const workload = {
    llmcost: 1,
    name: userString(r),
    as_of: "2026-11-01",
    inference: names.map((name, i) => ({
      name,
      model: i === 0 ? "fuzz-mini" : pick(r, ["gpt-4o-mini", "fuzz-mini"]),
      requests_per_day: pick(r, [1000, 20000, 1]),
      input_tokens: 1200,
      output_tokens: 250,
    })),
    budget: { total: pick(r, [1, 500]), items: { [names[0] as string]: pick(r, [1, 300]) } },
  };
  const overlay = {
    schema: 1,
    provider: {
      id: "fuzzp",
      name: userString(r),
      currency: "USD",
      source: r() < 0.5 ? "https://fuzz.example/pricing" : userString(r),
      notes: userString(r),
    },
    models: [
      {
        id: "fuzz-mini",
        name: userString(r),
        family: userString(r),
        notes: userString(r),
        aliases: ["gpt-4o-mini"],
        prices: [
          { from: "2025-01-01", input: 0.01, output: 0.02, notes: userString(r), source: userString(r) },
          { from: "2026-01-01", input: 0.02, output: 0.03 },
        ],
      },
    ],
  };
  const head = structuredClone(workload);
  if (head.inference[0]) head.inference[0].requests_per_day *= 3;
  head.inference.push({
    name: userString(r),
    model: "fuzz-mini",
    requests_per_day: 10,
    input_tokens: 10,
    output_tokens: 1,
  });
  // Usage logs name their models (and nothing checks a log's names against an id pattern).
  const usage = names
    .map((m, i) =>
      JSON.stringify({
        id: `c${i}`,
        object: "chat.completion",
        created: 1791979200 + i * 3600,
        model: r() < 0.3 ? "gpt-4o-mini" : m,
        usage: { prompt_tokens: 100 + i, completion_tokens: 10, total_tokens: 110 + i },
      }),
    )
    .join("\n");
  const kind = int(r, 8);
  const fmt = pick(r, RENDER_FORMATS);
  const argv =
    kind === 0 || kind === 1
      ? [
          "estimate",
          "{w.yaml}",
          "--format",
          fmt,
          ...(r() < 0.3 ? ["--explain"] : []),
          ...(r() < 0.3 ? ["--provider", "fuzzp"] : []),
        ]
      : kind === 2
        ? ["check", "{w.yaml}", "--format", pick(r, ["table", "json", "markdown", "html"])]
        : kind === 3
          ? ["diff", "{w.yaml}", "{head.yaml}", "--format", pick(r, ["table", "json", "markdown", "html"])]
          : kind === 4
            ? ["quote", "gpt-4o-mini", "--input", "1000", "--output", "100", "--format", fmt]
            : kind === 5
              ? ["trend", "fuzzp/fuzz-mini", "--format", pick(r, ["table", "json", "markdown", "csv", "svg", "html"])]
              : kind === 6
                ? r() < 0.5
                  ? ["catalog", "export", "--format", "csv"]
                  : ["catalog", "show", "fuzz-mini", "--format", pick(r, ["table", "json", "html"])]
                : [
                    "usage",
                    "{u.jsonl}",
                    "--by",
                    pick(r, ["model", "model,day", "provider,model"]),
                    "--format",
                    pick(r, ["table", "json", "markdown", "csv"]),
                  ];
  argv.push("--catalog", "{o.yaml}");
  return {
    id: `render:${id}`,
    family: "render",
    mutations: [argv.join(" ").replace(/\{|\}/g, "").slice(0, 120), JSON.stringify(names).slice(0, 120)],
    files: {
      "w.yaml": stringify(workload, { lineWidth: 0 }),
      "head.yaml": stringify(head, { lineWidth: 0 }),
      "o.yaml": stringify(overlay, { lineWidth: 0 }),
      "u.jsonl": `${usage}\n`,
    },
    argv,
  };
}

// ---------------------------------------------------------------- write and read back

function readbackCase(r: Rand, id: number, seeds: EntrySeeds): EntryCase {
  const kind = int(r, 7);
  const w = pick(r, seeds.workloads);
  // A workload with hostile names (render) or an example: written by llmcost, read back by llmcost.
  const hostile = r() < 0.3 ? renderCase(r, id).files : undefined;
  const files: Record<string, string> = hostile ?? { "w.yaml": w.text };
  const cat = hostile ? ["--catalog", "{o.yaml}"] : [];
  const name = hostile ? "render" : w.name;
  if (kind === 0 || kind === 1) {
    const fmt = pick(r, ["json", "json", "table", "markdown", "csv", "html"]);
    const flags = [...cat, ...(r() < 0.2 ? ["--currency", pick(r, ["EUR", "CNY"])] : [])];
    return {
      id: `readback:${id}`,
      family: "readback",
      mutations: [name, `estimate -o out.${fmt}`, ...flags],
      files,
      argv: ["estimate", "{w.yaml}", "--format", fmt, ...flags, "-o", `{out.${fmt}}`],
      readback: fmt === "json" ? "saved" : "report",
    };
  }
  if (kind === 2) {
    const fmt = pick(r, ["json", "markdown", "csv", "svg"]);
    return {
      id: `readback:${id}`,
      family: "readback",
      mutations: [name, `--over -o out.${fmt}`],
      files,
      argv: ["estimate", "{w.yaml}", "--over", "2024-01-01..2026-01-01", "--format", fmt, ...cat, "-o", `{out.${fmt}}`],
      readback: "report",
    };
  }
  if (kind === 3)
    return {
      id: `readback:${id}`,
      family: "readback",
      mutations: ["init"],
      files: {},
      argv: ["init", "{out.yaml}"],
      readback: "init",
    };
  if (kind === 4) {
    const u = pick(
      r,
      seeds.usage.filter((s) => !s.name.endsWith(".csv")),
    );
    let text = u.text;
    if (r() < 0.4 && u.name.endsWith(".jsonl")) {
      const lines = text.split("\n");
      lines.splice(int(r, lines.length), 1 + int(r, 2));
      text = lines.join("\n");
    }
    const ext = u.name.slice(u.name.indexOf("."));
    return {
      id: `readback:${id}`,
      family: "readback",
      mutations: [u.name, text === u.text ? "as is" : "lines dropped"],
      files: { [`u${ext}`]: text },
      argv: ["usage", `{u${ext}}`, "--format", "json", "--to-workload", "{out.yaml}"],
      readback: "to-workload",
    };
  }
  if (kind === 5) {
    const fmt = pick(r, ["csv", "jsonl"]);
    return {
      id: `readback:${id}`,
      family: "readback",
      mutations: [name, `catalog export -o out.${fmt}`],
      files,
      argv: ["catalog", "export", "--format", fmt, ...cat, "-o", `{out.${fmt}}`],
      readback: "report",
    };
  }
  const c = importCase(r, id, seeds);
  const gentle = r() < 0.6;
  const source = c.argv[2] as string;
  return {
    id: `readback:${id}`,
    family: "readback",
    mutations: gentle ? [source, "as is"] : c.mutations,
    files: gentle ? { "in.json": source === "litellm" ? seeds.litellm : seeds.genai } : c.files,
    argv: ["catalog", "import", source, "{in.json}", "--date", "2026-11-01", "-o", "{out.yaml}"],
    readback: "import",
  };
}

// ---------------------------------------------------------------- cases and the runner

export function entryCase(seed: number, family: EntryFamily, id: number, seeds: EntrySeeds): EntryCase {
  const r = rng(seed, family, id);
  if (family === "import") return importCase(r, id, seeds);
  if (family === "horizon") return horizonCase(r, id, seeds);
  if (family === "baseline") return baselineCase(r, id, seeds);
  if (family === "render") return renderCase(r, id);
  if (family === "usage") return usageCase(r, id, seeds.usage);
  return readbackCase(r, id, seeds);
}

export type EntryRunner = (args: string[]) => Promise<CliResult> | CliResult;

/** Saved estimates of the examples, made once per runner: the baselines the `baseline` family corrupts. */
const savedCache = new WeakMap<EntryRunner, Map<string, string>>();
async function savedEstimate(run: EntryRunner, dir: string, example: string, seeds: EntrySeeds): Promise<string> {
  let m = savedCache.get(run);
  if (!m) {
    m = new Map();
    savedCache.set(run, m);
  }
  const hit = m.get(example);
  if (hit) return hit;
  const f = join(dir, `seed-${example}`);
  writeFileSync(f, seeds.workloads.find((w) => w.name === example)?.text ?? "");
  const r = await run(["estimate", f, "--format", "json"]);
  if (r.exitCode !== 0) throw new Error(`the seed ${example} does not price: ${firstLines(r.stderr)}`);
  m.set(example, r.stdout);
  return r.stdout;
}

/** Write the case's files into `dir`; the argv with its placeholders resolved. */
export function writeEntryCase(c: EntryCase, dir: string): string[] {
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
  for (const [name, bytes] of Object.entries(c.binary ?? {})) writeFileSync(join(dir, name), bytes);
  for (const f of ["out.yaml", "out.json", "out.table", "out.markdown", "out.csv", "out.html", "out.svg", "out.jsonl"])
    rmSync(join(dir, f), { force: true });
  return c.argv.map((a) => a.replace(/^\{(.+)\}$/, (_, n: string) => join(dir, n)));
}

export interface EntryResult {
  /** Exit code of the case's first command. */
  exitCode: number;
  problem?: string | undefined;
  /** Commands run (a case may read back what it wrote). */
  commands: number;
}

/** Run one entry case and judge it with its family's oracles. */
export async function runEntryCase(
  c: EntryCase,
  dir: string,
  run: EntryRunner,
  seeds: EntrySeeds,
): Promise<EntryResult> {
  const argv = writeEntryCase(c, dir);
  let commands = 0;
  const go = async (a: string[]) => {
    commands++;
    return run(a);
  };
  if (c.family === "baseline") {
    const { base } = JSON.parse(c.files["edits.json"] as string) as { base: string };
    const saved = await savedEstimate(run, dir, base, seeds);
    const bad = corruptEstimate(saved, c.files["edits.json"] as string);
    c.mutations.push(...bad.log);
    writeFileSync(join(dir, "base.json"), bad.text);
    const r = await go(argv);
    const fault = contractFault(r, true);
    if (fault) return { exitCode: r.exitCode, problem: fault, commands };
    if (bad.corrupted && r.exitCode !== 2)
      return {
        exitCode: r.exitCode,
        problem: `a corrupted saved estimate was accepted (exit ${r.exitCode})`,
        commands,
      };
    const fmt = argv[argv.indexOf("--format") + 1] ?? "table";
    if (r.exitCode !== 2 && fmt === "json") return { exitCode: r.exitCode, problem: jsonFault(r.stdout), commands };
    return { exitCode: r.exitCode, commands };
  }
  const r = await go(argv);
  if (c.family === "usage") return { exitCode: r.exitCode, problem: await usageFault(argv, r, go), commands };
  const allow1 = argv[0] === "check" || (argv[0] === "diff" && argv.includes("--fail-above"));
  const fault = contractFault(r, allow1);
  if (fault) return { exitCode: r.exitCode, problem: fault, commands };
  const done = (problem?: string) => ({ exitCode: r.exitCode, problem, commands });
  if (r.exitCode === 2) return done();
  const fmtAt = argv.indexOf("--format");
  const fmt =
    fmtAt >= 0 ? (argv[fmtAt + 1] ?? "table") : argv[0] === "catalog" && argv[1] === "export" ? "csv" : "table";
  const outFile = argv[argv.indexOf("-o") + 1];
  const written =
    argv.includes("-o") && outFile ? (existsSync(outFile) ? readFileSync(outFile, "utf8") : undefined) : r.stdout;
  if (argv.includes("-o") && written === undefined) return done(`exit 0 but ${outFile} was not written`);

  if (c.family === "horizon") return done(dateFault(r.stdout) ?? dateFault(r.stderr) ?? formatFault(fmt, r.stdout));
  if (c.family === "render") return done(formatFault(fmt, r.stdout));
  if (c.family === "import") return done(await importReadBack(written ?? "", dir, go));
  return done(await readBack(c, argv, r, written ?? "", fmt, dir, go));
}

/** An overlay an importer wrote: `catalog validate` says ok, and pricing with it never faults the overlay. */
async function importReadBack(text: string, dir: string, go: EntryRunner): Promise<string | undefined> {
  if (text.trim() === "") return "exit 0 but the importer wrote nothing";
  const f = join(dir, "out.yaml");
  writeFileSync(f, text);
  const v = await go(["catalog", "validate", f]);
  if (v.exitCode !== 0)
    return `the importer wrote an overlay that catalog validate refuses: ${firstLines(v.stdout || v.stderr)}`;
  const w = join(dir, "probe.yaml");
  writeFileSync(
    w,
    "llmcost: 1\nname: probe\nas_of: 2026-11-15\ninference:\n  - {name: a, model: gpt-4o-mini, requests: 1000, input_tokens: 1000, output_tokens: 100}\n",
  );
  const e = await go(["estimate", w, "--catalog", f, "--format", "json"]);
  const fault = contractFault(e);
  if (fault) return `pricing with the imported overlay: ${fault}`;
  if (e.exitCode === 2 && e.stderr.includes(f))
    return `--catalog refuses the imported overlay: ${firstLines(e.stderr)}`;
  return e.exitCode === 0 ? jsonFault(e.stdout) : undefined;
}

/** Whatever the command wrote is read back by llmcost without a fault and gives the same result. */
async function readBack(
  c: EntryCase,
  argv: string[],
  r: CliResult,
  written: string,
  fmt: string,
  dir: string,
  go: EntryRunner,
): Promise<string | undefined> {
  if (c.readback === "import") return importReadBack(written, dir, go);
  if (c.readback === "init") {
    const e = await go(["estimate", argv[1] as string, "--format", "json"]);
    if (e.exitCode !== 0) return `init wrote a workload estimate refuses: ${firstLines(e.stderr)}`;
    const s = await go(["init", "-"]);
    const file = readFileSync(argv[1] as string, "utf8");
    // The same workload; only the file's header differs: its $schema modeline points at the schema
    // written beside it (stdout has no modeline: nothing is written beside it).
    if (!isDeepStrictEqual(parse(s.stdout), parse(file))) return "init - and init FILE differ";
    const ref = /^# yaml-language-server: \$schema=(\S+)/.exec(file)?.[1];
    if (!ref || !existsSync(join(dirname(argv[1] as string), ref)))
      return `init FILE's $schema=${ref} does not resolve`;
    return undefined;
  }
  if (c.readback === "to-workload") {
    const out = argv[argv.indexOf("--to-workload") + 1] as string;
    if (!existsSync(out)) return undefined; // nothing fitted: said on stderr
    const e = await go(["estimate", out, "--format", "json"]);
    if (e.exitCode !== 0) return `usage --to-workload wrote a workload estimate refuses: ${firstLines(e.stderr)}`;
    return jsonFault(e.stdout);
  }
  // A report written with -o is the report stdout gets, byte for byte.
  const noOut = argv.slice(0, argv.indexOf("-o"));
  const s = await go(noOut);
  if (s.exitCode !== r.exitCode || s.stdout !== written)
    return `-o wrote ${written.length} bytes, stdout has ${s.stdout.length} (exit ${s.exitCode})`;
  const f = formatFault(fmt, written);
  if (f || c.readback !== "saved") return f;
  // A saved estimate is read back by diff (no change at all against its own workload) and by check.
  const out = argv[argv.indexOf("-o") + 1] as string;
  const cat = argv.includes("--catalog") ? ["--catalog", argv[argv.indexOf("--catalog") + 1] as string] : [];
  const cur = argv.includes("--currency") ? ["--currency", argv[argv.indexOf("--currency") + 1] as string] : [];
  const d = await go(["diff", out, argv[1] as string, "--format", "json", ...cat, ...cur]);
  if (d.exitCode !== 0) return `diff refuses the saved estimate: ${firstLines(d.stderr)}`;
  const diff = JSON.parse(d.stdout) as { total?: { change?: number | null } };
  if (diff.total?.change !== 0)
    return `diff of a saved estimate against its own workload: total change ${diff.total?.change}`;
  const k = await go(["check", out, "--format", "json", "--budget", "1e9"]);
  if (k.exitCode === 2) return `check refuses the saved estimate: ${firstLines(k.stderr)}`;
  return contractFault(k, true);
}
