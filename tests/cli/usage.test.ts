import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { UsageReport } from "../../src/schema/usage.js";
import { bin, cli, scratchDir } from "../helpers/cli.js";

/**
 * `llmcost usage` on one fixture per format (tests/fixtures/usage, provenance in its README).
 * Every total is worked by hand below from the catalog prices in force on the rows' dates
 * (per 1M tokens): gpt-4o-mini $0.15 in / $0.075 cached / $0.60 out, batch ×0.5; gpt-4o and
 * gpt-4o-2024-08-06 $2.50 / $1.25 / $10, batch ×0.5; o4-mini $1.10 / $4.40; claude-sonnet-4-5
 * $3 / $0.30 cached / $3.75 cache write / $15; claude-haiku-4-5 $1 / $5, batch ×0.5;
 * gemini-2.5-flash $0.15 / $0.60 until 2025-06-16, then $0.30 / $0.03 cached / $2.50 from 2025-06-17.
 */

const F = "tests/fixtures/usage";

async function usage(args: string[], stdin?: string) {
  const r = await cli(["usage", ...args, "--format", "json"], stdin === undefined ? {} : { stdin });
  const json = r.stdout ? JSON.parse(r.stdout) : undefined;
  // Every JSON output keeps the contract (docs/output.md, schema/usage.json).
  if (json) UsageReport.parse(json);
  return { ...r, json };
}

function groupCost(j: { groups: Array<{ key: Record<string, string>; cost: number }> }, model: string): number {
  const g = j.groups.find((x) => x.key.model === model);
  if (!g) throw new Error(`no group ${model}`);
  return g.cost;
}

describe("llmcost usage: one fixture per format, totals by hand", () => {
  it("OpenAI chat completions, Responses and a batch output line", async () => {
    // gpt-4o-mini chat: (2000−1024)·0.15 + 1024·0.075 + 300·0.60 = 146.4 + 76.8 + 180 = 403.2 → $0.0004032
    // o4-mini Responses: 5000·1.10 + 1500·4.40 (1000 of them reasoning, billed as output) = 12,100 → $0.0121
    // gpt-4o chat: 10000·2.50 + 1000·10 = 35,000 → $0.035
    // gpt-4o-mini batch output: (1000·0.15 + 1000·0.60)·0.5 = 375 → $0.000375
    // total $0.0478782
    const { json, exitCode, stderr } = await usage([`${F}/openai.jsonl`]);
    expect(exitCode).toBe(0);
    expect(stderr).toContain("detected openai");
    expect(json.total).toBeCloseTo(0.0478782, 10);
    expect(groupCost(json, "gpt-4o-mini")).toBeCloseTo(0.0007782, 10);
    expect(json.tokens.reasoning).toBe(1000);
    expect(json.complete).toBe(true);
    expect(json.rows_priced).toBe(4);
  });

  it("Anthropic Messages: cache reads and writes are added to the prompt", async () => {
    // sonnet 4.5: 100·3 + 2000·3.75 + 500·15 = 15,300 → $0.0153
    // sonnet 4.5: 150·3 + 2000·0.30 + 400·15 = 7,050 → $0.00705
    // haiku 4.5 (14:30+02:00 = 12:30Z): 1000·1 + 1000·5 = 6,000 → $0.006; total $0.02835
    const { json } = await usage([`${F}/anthropic.jsonl`]);
    expect(json.total).toBeCloseTo(0.02835, 10);
    expect(json.tokens.input).toBe(100 + 2000 + 150 + 2000 + 1000);
    expect(json.tokens.cache_write).toBe(2000);
  });

  it("Gemini usageMetadata: each row at its own date's price, thoughts billed as output", async () => {
    // 2025-06-16 (preview price): 10000·0.15 + 1000·0.60 = 2,100 → $0.0021
    // 2025-06-17 (GA price): 6000·0.30 + 4000·0.03 + (1000 + 2000 thoughts)·2.50 = 9,420 → $0.00942
    // total $0.01152
    const { json } = await usage([`${F}/gemini.jsonl`, "--by", "day"]);
    expect(json.total).toBeCloseTo(0.01152, 10);
    expect(json.groups.map((g: { key: { day: string }; cost: number }) => [g.key.day, g.cost])).toEqual([
      ["2025-06-16", expect.closeTo(0.0021, 10)],
      ["2025-06-17", expect.closeTo(0.00942, 10)],
    ]);
  });

  it("OpenAI organization usage export (daily buckets, batch group)", async () => {
    // 10-14 gpt-4o-mini: 600k·0.15 + 400k·0.075 + 200k·0.60 = 0.09 + 0.03 + 0.12 = $0.24
    // 10-14 gpt-4o-2024-08-06 batch: (2M·2.50 + 500k·10)·0.5 = (5 + 5)·0.5 = $5.00
    // 10-15 gpt-4o-mini: 500k·0.15 + 100k·0.60 = 0.075 + 0.06 = $0.135; total $5.375
    const { json } = await usage([`${F}/openai-usage.json`]);
    expect(json.total).toBeCloseTo(5.375, 10);
    expect(json.requests).toBe(850);
  });

  it("OpenAI usage and costs exports together: provider cost beside llmcost's, differences flagged", async () => {
    // Costs: 10-14 gpt-4o-mini 0.12 + 0.12 = 0.24 (llmcost 0.24: 0%); gpt-4o 5.00 (0%);
    // 10-15 gpt-4o-mini 0.15 against llmcost's 0.135: (0.135 − 0.15) / 0.15 = −10% → flagged.
    const { json } = await usage([`${F}/openai-usage.json`, `${F}/openai-costs.json`, "--by", "day,model"]);
    expect(json.provider_cost).toBeCloseTo(5.39, 10);
    expect(json.rows_cost_only).toBe(4);
    const late = json.groups.find((g: { key: { day: string } }) => g.key.day === "2026-10-15");
    expect(late.difference).toBeCloseTo(-0.1, 10);
    expect(late.flagged).toBe(true);
    expect(json.groups.filter((g: { flagged: boolean }) => g.flagged)).toHaveLength(1);
  });

  it("OpenAI costs export alone: cost-only rows, nothing to price", async () => {
    const { json } = await usage([`${F}/openai-costs.json`]);
    expect(json.total).toBe(0);
    expect(json.provider_cost).toBeCloseTo(0.12 + 0.12 + 5 + 0.15, 10);
  });

  it("Anthropic usage report: cache writes (5m) and a batch tier", async () => {
    // sonnet 4.5: 1M·3 + 4M·0.30 + 500k·3.75 + 300k·15 = 3 + 1.2 + 1.875 + 4.5 = $10.575
    // haiku 4.5, service_tier batch: (2M·1 + 1M·5)·0.5 = $3.50; total $14.075
    // (no request count in the report: context_window 0-200k keeps the base tier)
    const { json } = await usage([`${F}/anthropic-usage.json`]);
    expect(json.total).toBeCloseTo(14.075, 10);
  });

  it("Anthropic cost report: amounts in cents", async () => {
    // "1057.5" cents + "350" cents = $14.075, the same as llmcost's price of the usage report
    const { json } = await usage([`${F}/anthropic-costs.json`, `${F}/anthropic-usage.json`]);
    expect(json.provider_cost).toBeCloseTo(14.075, 10);
    expect(json.total).toBeCloseTo(14.075, 10);
    expect(json.groups.every((g: { flagged: boolean }) => !g.flagged)).toBe(true);
  });

  it("LiteLLM spend logs: spend beside llmcost's cost; an unknown model is listed, never $0", async () => {
    // gpt-4o-mini (1024 cached of 2000): $0.0004032 = LiteLLM's spend; haiku 4.5: $0.006 vs spend 0.0065:
    // (0.006 − 0.0065) / 0.0065 = −7.69% → flagged; the fine-tune is unknown: listed, total incomplete.
    const { json } = await usage([`${F}/litellm-spend.json`]);
    expect(json.total).toBeCloseTo(0.0064032, 10);
    expect(json.complete).toBe(false);
    expect(json.rows_unpriced).toBe(1);
    expect(json.unpriced[0]).toMatchObject({ model: "ft:gpt-4o-mini:acme::abc123", reason: "unknown model", rows: 1 });
    const haiku = json.groups.find((g: { key: { model: string } }) => g.key.model === "claude-haiku-4-5-20251001");
    expect(haiku.difference).toBeCloseTo(-0.5 / 6.5, 10);
    expect(haiku.flagged).toBe(true);
    const strict = await cli(["usage", `${F}/litellm-spend.json`, "--strict"]);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain("--strict");
  });

  it("OpenTelemetry GenAI spans (OTLP JSON): spans without usage are skipped", async () => {
    // gpt-4o-mini $0.0004032 + claude-haiku-4-5 $0.006 = $0.0064032; the HTTP span is no row.
    const { json } = await usage([`${F}/otel.json`, "--by", "project,model"]);
    expect(json.total).toBeCloseTo(0.0064032, 10);
    expect(json.rows_read).toBe(2);
    expect(json.groups.every((g: { key: { project: string } }) => g.key.project === "support-bot")).toBe(true);
  });

  it("CSV with --map (quoted cells, a comma inside quotes)", async () => {
    // gpt-4o-mini $0.0004032 + gpt-4o $0.035 + haiku $0.006 = $0.0414032
    const { json } = await usage([
      `${F}/mapped.csv`,
      "--map",
      "timestamp=ts,provider=vendor,model=model_name,input=prompt,output=completion,cached=cache_hits,project=team",
      "--by",
      "project",
    ]);
    expect(json.total).toBeCloseTo(0.0414032, 10);
    expect(json.groups.map((g: { key: { project: string } }) => g.key.project).sort()).toEqual([
      "reports",
      "search",
      "support, tier 1",
    ]);
  });

  it("llmcost's own JSON lines (the steady fixture)", async () => {
    // 60 rows of 100 requests: 60k uncached·0.15 + 60k cached·0.075 + 25k·0.60 = 28,500 → $0.0285 a row; ×60 = $1.71
    const { json } = await usage([`${F}/steady.jsonl`]);
    expect(json.total).toBeCloseTo(1.71, 10);
    expect(json.period).toEqual({ from: "2026-10-01", to: "2026-10-30" });
  });
});

describe("llmcost usage: inputs", () => {
  it("reads - (stdin), globs and .gz", async () => {
    const dir = scratchDir("usage-");
    const text = "";
    void text;
    const raw = await import("node:fs").then((fs) => fs.readFileSync(`${F}/openai.jsonl`));
    writeFileSync(join(dir, "a.jsonl.gz"), gzipSync(raw));
    writeFileSync(join(dir, "b.jsonl"), raw);
    const globbed = await usage([join(dir, "*.jsonl*")]);
    // the same four rows twice: 2 × $0.0478782
    expect(globbed.json.total).toBeCloseTo(2 * 0.0478782, 10);
    expect(globbed.json.inputs.map((i: { file: string }) => i.file)).toEqual([
      join(dir, "a.jsonl.gz"),
      join(dir, "b.jsonl"),
    ]);
    const piped = await usage(["-"], raw.toString("utf8"));
    expect(piped.json.total).toBeCloseTo(0.0478782, 10);
  });

  it("a UTF-8 byte-order mark (Windows exports) is skipped, as in workloads", async () => {
    // Before: the first record read as "\uFEFF{…" → "not valid JSON", exit 2, for JSON lines and one document.
    const dir = scratchDir("usage-bom-");
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const fs = await import("node:fs");
    for (const [name, total] of [
      ["openai.jsonl", 0.0478782], // as in the first test
      ["openai-costs.json", undefined],
    ] as const) {
      const f = join(dir, name);
      writeFileSync(f, Buffer.concat([bom, fs.readFileSync(`${F}/${name}`)]));
      const plain = await usage([`${F}/${name}`]);
      const r = await usage([f]);
      expect(r.stderr).not.toContain("error:");
      expect(r.exitCode).toBe(0);
      expect(r.json.rows_read).toBe(plain.json.rows_read);
      expect(r.json.total).toBe(plain.json.total);
      if (total !== undefined) expect(r.json.total).toBeCloseTo(total, 10);
    }
  });

  it("a byte-order mark opening a line in the middle (cat of two Windows exports) is skipped too", async () => {
    // Before: each later file's first record was "not valid JSON (unexpected token '\uFEFF' …)" and skipped.
    const dir = scratchDir("usage-bom2-");
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const fs = await import("node:fs");
    for (const name of ["openai.jsonl", "steady.jsonl"]) {
      const one = Buffer.concat([bom, fs.readFileSync(`${F}/${name}`)]);
      const f = join(dir, `twice-${name}`);
      writeFileSync(f, Buffer.concat([one, one]));
      const plain = await usage([`${F}/${name}`]);
      const r = await usage([f]);
      expect(r.stderr).not.toContain("not valid JSON");
      expect(r.json.rows_invalid).toBe(0);
      expect(r.json.rows_read).toBe(2 * plain.json.rows_read);
      expect(r.json.requests).toBe(2 * plain.json.requests);
    }
  });

  it("a pipe named as a file (<(zcat log.gz)) is read, not an internal error", () => {
    // Before: fileChunks read at explicit positions, and a pipe cannot seek: "ESPIPE: invalid seek", exit 3.
    for (const threads of ["1", "2"]) {
      const r = spawnSync(
        "bash",
        [
          "-c",
          'exec "$0" bin/llmcost.js usage <(cat "$1") --format json --threads "$2"',
          process.execPath,
          `${F}/openai.jsonl`,
          threads,
        ],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "", LLMCOST_USAGE_SPLIT_BYTES: "0" }, timeout: 20_000 },
      );
      expect(r.stderr).not.toContain("internal error");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).total).toBeCloseTo(0.0478782, 10); // as in the first test
    }
  });

  it("a pipe whose content is gzip (<(gzip -c log)) is sniffed and unpacked, as standard input is", () => {
    // Before: the gzip magic bytes were looked for at position 0 of the path, which a pipe cannot
    // seek to, so the compressed bytes were read as text: "unknown usage format … CSV header (\u001f…".
    const shell = (cmd: string, ...args: string[]) =>
      spawnSync("bash", ["-c", cmd, process.execPath, ...args], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "" },
        timeout: 20_000,
      });
    const r = shell('exec "$0" bin/llmcost.js usage <(gzip -c "$1") --format json', `${F}/openai.jsonl`);
    expect(r.stderr).not.toContain("error:");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toBeCloseTo(0.0478782, 10); // as in the first test
    // A damaged gzip stream in a pipe is named by its path, exit 2.
    const bad = shell('exec "$0" bin/llmcost.js usage <(gzip -c "$1" | head -c 100)', `${F}/openai.jsonl`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: \/dev\/fd\/\d+: not a valid gzip stream: unexpected end of file/m);
  });

  it("a device (/dev/zero: an endless line) is refused at once, not read until memory runs out", async () => {
    // Before: /dev/zero was read as one line without end (200 MB after 8 s, growing).
    const r = await usage(["/dev/zero"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("/dev/zero: is a device, not a file");
  });

  it("/dev/stdin on a socket (it cannot be opened) is refused with a hint, not an internal error", () => {
    // spawnSync gives the child a socket for standard input; opening /dev/stdin on it fails (ENXIO): exit 3 before.
    const r = bin(["usage", "/dev/stdin"], { stdin: readFileSync(`${F}/openai.jsonl`, "utf8") });
    expect(r.stderr).not.toContain("internal error");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("is a socket, not a file");
    expect(r.stderr).toContain("give -");
  });

  it("--input-format forces a format; an unknown one is refused with a hint", async () => {
    const forced = await usage([`${F}/steady.jsonl`, "--input-format", "llmcost"]);
    expect(forced.stderr).toContain("read as llmcost");
    const bad = await cli(["usage", `${F}/steady.jsonl`, "--input-format", "openia"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "openai"');
  });

  it("--currency the catalog has no rates for is refused, not a report with every row unpriced", async () => {
    // Before: exit 0, every row listed as unpriced. estimate refuses the same currency.
    const bad = await cli(["usage", `${F}/steady.jsonl`, "--currency", "ZZZ"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--currency");
    expect(bad.stderr).toContain("unknown currency ZZZ");
    expect(bad.stdout).toBe("");
    const typo = await cli(["usage", `${F}/steady.jsonl`, "--currency", "CNX"]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "CNY"');
    // A currency the catalog has rates for still prices.
    const cny = await usage([`${F}/steady.jsonl`, "--currency", "CNY"]);
    expect(cny.exitCode).toBe(0);
    expect(cny.json.currency).toBe("CNY");
  });

  it("--threads takes a plain whole number only (0x2 and 1e1 are refused)", async () => {
    for (const v of ["0x2", "1e1", "0", "abc", "1.5"]) {
      const r = await cli(["usage", `${F}/steady.jsonl`, "--threads", v]);
      expect(r.exitCode, v).toBe(2);
      expect(r.stderr, v).toContain("not a thread count");
    }
    expect((await usage([`${F}/steady.jsonl`, "--threads", "2"])).exitCode).toBe(0);
  });

  it("bad rows: a diagnostic with file and line each, a count, and the rest still priced", async () => {
    const dir = scratchDir("usage-bad-");
    const file = join(dir, "bad.jsonl");
    const good =
      '{"timestamp":"2026-10-14T12:00:00Z","provider":"openai","model":"gpt-4o-mini","input_tokens":1000000,"output_tokens":0}';
    writeFileSync(
      file,
      [
        good,
        '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o-mini","input_tokens":-5,"output_tokens":1}',
        '{"timestamp":"2026-10-14T12:00:00","model":"gpt-4o-mini","input_tokens":5,"output_tokens":1}',
        '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o-mini","input_tokens":"many","output_tokens":1}',
        '{"timestamp":"2020-01-01T12:00:00Z","provider":"openai","model":"gpt-4o-mini","input_tokens":5,"output_tokens":1}',
        '{"id":"chatcmpl-x","object":"chat.completion","created":1791979200,"model":"gpt-4o","usage":{"prompt_tokens":1,"completion_tokens":1}}',
        '{"timestamp":"2026-10-14T12:00:00Z","model":"gpt-4o-m',
      ].join("\n"),
    );
    const r = await usage([file]);
    expect(r.exitCode).toBe(0);
    // the good row: 1M input · $0.15 = $0.15
    expect(r.json.total).toBeCloseTo(0.15, 10);
    expect(r.stderr).toContain(`${file}:2: input_tokens: expected a non-negative number`);
    expect(r.stderr).toContain(`${file}:3: timestamp: timestamp without a time zone`);
    expect(r.stderr).toContain(`${file}:4: input_tokens: expected a number, found "many"`);
    expect(r.stderr).toContain(`${file}:6:`);
    expect(r.stderr).toContain("mixed formats");
    expect(r.stderr).toContain(`${file}:7: not valid JSON`);
    expect(r.json.errors).toBe(5);
    // the 2020 row is before gpt-4o-mini's first price: unpriced, with the reason and its place
    expect(r.json.unpriced[0]).toMatchObject({ model: "gpt-4o-mini", rows: 1, first: `${file}:5` });
    expect(r.json.unpriced[0].reason).toContain("first priced on");
    const capped = await cli(["usage", file, "--max-errors", "2"]);
    expect(capped.exitCode).toBe(2);
    expect(capped.stderr).toContain("--max-errors");
    const utc = await usage([file, "--assume-utc"]);
    expect(utc.json.errors).toBe(4);
  });

  it("a count past 2^53 − 1 is a bad line, never a null cost (1e308 tokens overflowed to Infinity)", async () => {
    // Before: exit 0 with "cost": null and "total": null in JSON, "n/a" and "Infinity" in the table.
    const ok =
      '{"timestamp":"2026-10-14T09:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":1000000,"output_tokens":0}';
    const huge =
      '{"timestamp":"2026-10-14T09:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":1e308,"output_tokens":1}';
    const r = await usage(["-"], `${ok}\n${huge}\n${huge}\n`);
    expect(r.exitCode).toBe(0);
    // 1M gpt-4o input tokens at $2.50 per 1M = $2.50; the two huge lines are skipped, each placed
    expect(r.json.total).toBeCloseTo(2.5, 12);
    expect(r.json.rows_invalid).toBe(2);
    expect(r.json.diagnostics.map((d: { line: number }) => d.line)).toEqual([2, 3]);
    expect(r.stderr).toContain("-:2: input_tokens: 1e+308 is past the largest count");
  });

  it("exit 2 only when nothing could be read", async () => {
    const dir = scratchDir("usage-none-");
    const file = join(dir, "junk.jsonl");
    writeFileSync(file, "{not json\n");
    const r = await cli(["usage", file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toContain("    at ");
    const missing = await cli(["usage", join(dir, "nope-*.jsonl")]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no file matches");
  });

  it("--reprice: the same traffic on another provider or the cheapest host", async () => {
    // openai.jsonl on azure: gpt-4o-mini and gpt-4o-mini-2024-07-18 are listed by azure at the same
    // $0.15 / $0.60 (no batch price there: the batch line is priced at list, (1000·0.15 + 1000·0.60) = $0.00075)
    const { json } = await usage([`${F}/openai.jsonl`, "--reprice", "cheapest"]);
    expect(json.reprice.target).toBe("cheapest");
    expect(json.reprice.total).toBeLessThanOrEqual(json.total + 1e-12);
    const bad = await cli(["usage", `${F}/openai.jsonl`, "--reprice", "opneai"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "openai"');
  });

  it("table, CSV and Markdown carry the same total", async () => {
    const t = await cli(["usage", `${F}/openai-usage.json`]);
    expect(t.stdout).toContain("$5.38");
    const c = await cli(["usage", `${F}/openai-usage.json`, "--format", "csv"]);
    const lines = c.stdout.trim().split("\n");
    expect(lines[0]).toContain("model,rows,rows_unpriced,requests");
    const sum = lines.slice(1).reduce((a, l) => a + Number(l.split(",")[9]), 0);
    expect(sum).toBeCloseTo(5.375, 10);
    const m = await cli(["usage", `${F}/openai-usage.json`, "--format", "markdown"]);
    expect(m.stdout).toContain("**$5.38**");
  });
});

describe("llmcost usage --to-workload and --against", () => {
  it("a steady log → a workload that estimate prices at the actual total (within 1%)", async () => {
    // steady.jsonl: 6,000 requests of 1,200 input (600 cached) / 250 output on gpt-4o-mini, $1.71 in all.
    // Fitted: requests 6000, input_tokens 1200, output_tokens 250, cached_input 0.5 at as_of 2026-10-30:
    // 6,000·(600·0.15 + 600·0.075 + 250·0.60)/1e6 = 6,000·0.000285 = $1.71.
    const dir = scratchDir("usage-fit-");
    const file = join(dir, "fitted.yaml");
    const fit = await cli(["usage", `${F}/steady.jsonl`, "--to-workload", file, "--format", "json"]);
    expect(fit.exitCode, fit.stderr).toBe(0);
    expect(fit.stderr).toContain(`wrote ${file}`);
    const actual = JSON.parse(fit.stdout).total;
    const est = await cli(["estimate", file, "--format", "json"]);
    expect(est.exitCode, est.stderr).toBe(0);
    const total = JSON.parse(est.stdout).total;
    expect(Math.abs(total - actual) / actual).toBeLessThan(0.01);
    expect(total).toBeCloseTo(1.71, 9);
    const text = (await import("node:fs")).readFileSync(file, "utf8");
    expect(text).toContain("cached_input: 0.5");
    expect(text).toContain("requests_per_day: 200");
  });

  it("--against: actual against the estimate per item, volume and per-request causes adding up", async () => {
    // The workload: 150 requests/day of 1,200 in (600 cached) / 250 out on gpt-4o-mini, per month (30.4167 days):
    // 4,562.5 requests · $0.000285 = $1.3003. Actual over 30 days: 6,000 requests, $1.71; scaled to a month
    // (×30.4167/30): 6,083.33 requests, $1.73375. Difference $0.43344 = volume (6,083.33 − 4,562.5)·0.000285
    // = $0.43344 + per request 0 (same shape, same price).
    const dir = scratchDir("usage-against-");
    const w = join(dir, "w.yaml");
    writeFileSync(
      w,
      "llmcost: 1\nname: planned\nas_of: 2026-10-30\nperiod: month\ninference:\n  - name: chat\n    model: gpt-4o-mini\n    providers: [openai]\n    requests_per_day: 150\n    input_tokens: 1200\n    output_tokens: 250\n    cached_input: 0.5\n",
    );
    const { json } = await usage([`${F}/steady.jsonl`, "--against", w]);
    const it = json.against.items[0];
    expect(it.estimate).toBeCloseTo(4562.5 * 0.000285, 9);
    expect(it.actual).toBeCloseTo((1.71 * 30.416666666666668) / 30, 9);
    expect(it.causes.volume + it.causes.per_request).toBeCloseTo(it.difference, 9);
    expect(it.causes.per_request).toBeCloseTo(0, 9);
    const t = await cli(["usage", `${F}/steady.jsonl`, "--against", w]);
    expect(t.stdout).toContain("against planned");
  });
});
