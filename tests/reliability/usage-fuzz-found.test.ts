import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { contractFault } from "../fuzz/oracles.js";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * What the `usage` fuzz family (tests/fuzz/usage-logs.ts) found, one regression test per class, each
 * the smallest case that showed it:
 *
 * 1. a gzip log cut short or with a damaged byte ended in "internal error" (exit 3): zlib's error
 *    reached the top unclassified.
 * 2. a row dated `2026-02-30`, `2026-00-10` or `0000-01-01` was priced and reported under that "day"
 *    (the `…Z` fast path took any ten characters as the day; Date.parse rolls Feb 30 over to March 2),
 *    and a Unix time of 1e30 ended in "internal error" (a Date toISOString cannot print);
 * 3. `--strict` exited 2 with the whole report on stdout, and wrote `-o` and `--to-workload` files:
 *    exit 2 means "refused", so nothing may be written (a CI step would pick up a refused report);
 * 4. a UTF-16 export (Windows PowerShell 5's `>`) was "an unknown CSV header" of U+FFFD and `\u0000`
 *    pairs: now it is named, with how to convert it;
 * 5. an OTLP file whose `spans` (or `scopeSpans`, `resourceSpans`) or a usage/cost export whose
 *    `results` was a number or an object ended in "internal error" ("-1 is not iterable"): the readers
 *    iterated `(x as unknown[]) ?? []`;
 * 6. a row of 5e-324 requests gave a report whose total was null (JSON has no Infinity): the prompt
 *    per request, input ÷ requests, overflowed. A count of requests is a whole number;
 * 7. a model (or project, user…) written as the number 1e400 was reported as a model named
 *    "Infinity" (JSON.parse reads 1e400 as Infinity; numbers are taken as ids).
 */
const dir = scratchDir("llmcost-usage-fuzz-found-");
const file = (name: string, bytes: string | Uint8Array) => {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
};
/** Set the value at a path of a parsed JSON tree. */
function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let v = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  v[path[path.length - 1] as string | number] = value;
}
const ROW =
  '{"timestamp":"2026-10-14T09:00:00Z","provider":"openai","model":"gpt-4o-mini","input_tokens":1000,"output_tokens":100}\n';

describe("class 1: a damaged gzip log is bad input (exit 2, the file named), not an internal error", () => {
  const whole = gzipSync(Buffer.from(ROW.repeat(50)));
  const flipped = Buffer.from(whole);
  flipped[20] = (flipped[20] as number) ^ 0x5a;
  it.each([
    ["cut short", whole.subarray(0, whole.length - 12)],
    ["a flipped byte", flipped],
  ])("%s", async (_, bytes) => {
    const f = file("damaged.jsonl.gz", bytes);
    const out = join(dir, "out.json");
    const r = await cli(["usage", f, "--format", "json", "-o", out]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: .*damaged\.jsonl\.gz: not a valid gzip stream: /m);
    expect(existsSync(out)).toBe(false);
  });
});

describe("class 2: a row's day is a real calendar day from 1900 to 9999, or the row is refused with its line", () => {
  const row = (ts: string) =>
    `{"timestamp":${ts},"provider":"openai","model":"gpt-4o-mini","input_tokens":100,"output_tokens":10}`;
  it.each([
    // llmcost rows (the scanner's fast path and the ordinary reader) and an OpenAI log (created).
    ["llmcost rows", (ts: string) => row(ts)],
    [
      "OpenAI responses",
      (ts: string) => `{"model":"gpt-4o-mini","created":${ts},"usage":{"prompt_tokens":100,"completion_tokens":10}}`,
    ],
  ])("%s", async (_, line) => {
    const bad = [
      '"2026-02-30T10:00:00Z"',
      '"2026-00-10T00:00:00Z"',
      '"2026-13-01T00:00:00Z"',
      '"0000-01-01T00:00:00Z"',
      '"2026-10-14T24:00:00Z"',
      '"2026-02-30T10:00:00+01:00"',
      '"2026-02-30"',
      "1e30",
      "1e21",
    ];
    const f = file("dates.jsonl", `${[...bad, '"2026-10-14T10:00:00Z"'].map(line).join("\n")}\n`);
    const r = await cli(["usage", f, "--by", "day", "--format", "json"]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.rows_invalid).toBe(bad.length);
    expect(report.groups.map((g: { key: { day: string } }) => g.key.day)).toEqual(["2026-10-14"]);
    expect(report.diagnostics.map((d: { line: number }) => d.line)).toEqual(bad.map((_, i) => i + 1));
  });
});

describe("class 3: --strict refuses like any bad input: exit 2, nothing on stdout, nothing written", () => {
  it.each([["json"], ["table"]])("%s, with -o and --to-workload", async (format) => {
    const unknown = ROW.replace("gpt-4o-mini", "no-such-model-zz9");
    const f = file("strict.jsonl", ROW + unknown);
    const out = join(dir, `strict.${format}`);
    const fit = join(dir, "strict-fit.yaml");
    const r = await cli(["usage", f, "--strict", "--format", format, "-o", out, "--to-workload", fit]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    expect(existsSync(fit)).toBe(false);
    // Which model, why, and where its first row is.
    expect(r.stderr).toMatch(
      /^error: --strict: 1 rows could not be priced: no-such-model-zz9 \(unknown model, first at .*strict\.jsonl:2\)$/m,
    );
    // -q prints "nothing on stderr but errors": the error stays (it said nothing at all).
    const quiet = await cli(["-q", "usage", f, "--strict", "--format", format]);
    expect(quiet.exitCode).toBe(2);
    expect(quiet.stderr).toMatch(/^error: --strict: 1 rows could not be priced/);
    expect(quiet.stderr).not.toContain("detected");
    // Without --strict the same log is a report (exit 0), the unpriced row listed.
    const ok = await cli(["usage", f, "--format", "json"]);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).rows_unpriced).toBe(1);
  });
});

describe("class 4: a UTF-16 log is named as such, with how to convert it", () => {
  it.each([
    [
      "little-endian CSV",
      "u16.csv",
      (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
    ],
    [
      "big-endian JSON lines",
      "u16.jsonl",
      (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, "utf16le").swap16()]),
    ],
    ["little-endian without a byte-order mark", "u16-nobom.jsonl", (t: string) => Buffer.from(t, "utf16le")],
  ])("%s", async (_, name, encode) => {
    const text = name.endsWith(".csv")
      ? "ts,vendor,model_name,prompt,completion\n2026-10-14T09:00:00Z,openai,gpt-4o-mini,1,1\n"
      : ROW;
    const r = await cli(["usage", file(name, encode(text))]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^error: .*${name.replace(".", "\\.")}:1:1: the file is UTF-16 text .*iconv -f UTF-16 -t UTF-8`, "m"),
    );
  });
});

describe("class 5: a list that is not one in an export is a problem of that record, not an internal error", () => {
  const otel = readFileSync("tests/fixtures/usage/otel.json", "utf8");
  const usage = readFileSync("tests/fixtures/usage/openai-usage.json", "utf8");
  it.each([
    ["OTLP spans: -1", otel, ["resourceSpans", 0, "scopeSpans", 0, "spans"], -1, /spans: expected a list, found -1/],
    [
      "OTLP scopeSpans: 1e308",
      otel,
      ["resourceSpans", 0, "scopeSpans"],
      1e308,
      /scopeSpans: expected a list, found 1e\+308/,
    ],
    ["usage export results: {}", usage, ["data", 0, "results"], { a: 1 }, /results: expected a list, found an object/],
  ] as const)("%s", async (_, text, path, value, message) => {
    const o = JSON.parse(text);
    setAt(o, path, value);
    const r = await cli(["usage", file("list.json", JSON.stringify(o)), "--format", "json"]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.stderr).toMatch(message);
  });
});

describe("class 6: requests is a whole number; 5e-324 requests no longer make the total null", () => {
  it("a fractional count is refused with its line; the other rows are priced", async () => {
    const f = file(
      "requests.jsonl",
      [5e-324, 0.5, 3].map((q) => ROW.replace('"output_tokens":100', `"output_tokens":100,"requests":${q}`)).join(""),
    );
    const r = await cli(["usage", f, "--format", "json"]);
    expect(contractFault(r)).toBeUndefined();
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(typeof report.total).toBe("number");
    expect(report.rows_priced).toBe(1);
    expect(report.requests).toBe(3);
    expect(report.diagnostics.map((d: { line: number; message: string }) => [d.line, d.message])).toEqual([
      [1, "requests: expected a whole number of requests, found 5e-324"],
      [2, "requests: expected a whole number of requests, found 0.5"],
    ]);
  });
});

describe("class 7: a non-finite number is no name", () => {
  it("model 1e400 is a missing model (refused with its line), not a model named Infinity", async () => {
    const f = file("infinity.jsonl", ROW + ROW.replace('"gpt-4o-mini"', "1e400").replace('"openai"', "-1e400"));
    for (const format of ["json", "table"]) {
      const r = await cli(["usage", f, "--format", format, "--by", "model,provider"]);
      expect(contractFault(r)).toBeUndefined();
      expect(r.exitCode).toBe(0);
      expect(r.stdout).not.toMatch(/Infinity/);
      expect(r.stderr).toMatch(/infinity\.jsonl:2: model: missing/);
    }
  });
});
