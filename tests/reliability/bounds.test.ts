import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clip, FOUND_MAX, formatDiagnostics, MAX_DIAGNOSTICS, QUOTE_MAX, quoted } from "../../src/errors.js";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 4: messages and checks bounded by input size, whatever the input. */
describe("one truncation helper for quoted strings", () => {
  it("keeps short strings whole and clips long ones with their length", () => {
    expect(clip("gpt-4o")).toBe("gpt-4o");
    const c = clip("q".repeat(1_000_000));
    expect(c).toBe(`${"q".repeat(QUOTE_MAX - 1)}… (1000000 characters)`);
  });

  it("never splits a surrogate pair", () => {
    const s = `${"a".repeat(QUOTE_MAX - 2)}😀${"b".repeat(100)}`;
    expect(clip(s)).toBe(`${"a".repeat(QUOTE_MAX - 2)}… (${s.length} characters)`);
  });

  it("quotes JSON-style, escaping quotes, line breaks, ESC and bidi overrides", () => {
    expect(quoted('a"b\nc\u001b[31m\u202e')).toBe('"a\\"b\\nc\\u001b[31m\\u202e"');
  });

  it("caps the diagnostics printed and says how many were left out", () => {
    const list = Array.from({ length: MAX_DIAGNOSTICS + 5 }, (_, i) => ({ message: `m${i}` }));
    const text = formatDiagnostics(list);
    expect(text.split("\n")).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(text).toMatch(/… and 5 more fault\(s\) of this run not shown$/);
  });
});

describe("hostile sizes through the CLI", () => {
  it("an unknown 1 MB model name: one short message", async () => {
    const dir = scratchDir("llmcost-bounds-");
    const f = join(dir, "w.yaml");
    writeFileSync(
      f,
      `llmcost: 1\ninference:\n  - {name: a, model: ${"q".repeat(1_000_000)}, requests: 1, input_tokens: 1}\n`,
    );
    const r = await cli(["estimate", f, "--as-of", "2026-11-01"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("… (1000000 characters)");
    expect(r.stderr.length).toBeLessThan(2_000);
  });

  it("a long name quoted by 99 items: stderr grows with the items, not with the name", async () => {
    const dir = scratchDir("llmcost-bounds-");
    const f = join(dir, "w.yaml");
    const items = Array.from(
      { length: 98 },
      (_, i) => `  - {name: a${i + 1}, model: *n, requests: 1, input_tokens: 1}`,
    );
    writeFileSync(
      f,
      `llmcost: 1\ninference:\n  - {name: a0, model: &n ${"z".repeat(200_000)}, requests: 1, input_tokens: 1}\n${items.join("\n")}\n`,
    );
    const r = await cli(["estimate", f, "--as-of", "2026-11-01"]);
    expect(r.exitCode).toBe(2);
    for (const line of r.stderr.split("\n")) expect(line.length).toBeLessThan(FOUND_MAX + 400);
    expect(r.stderr.length).toBeLessThan(99 * 1_000);
  });

  it("50,000 unknown --provider flags: 100 faults printed and a count", async () => {
    const flags = Array.from({ length: 50_000 }, (_, i) => ["--provider", `p${i}`]).flat();
    const r = await cli(["estimate", "examples/support-assistant.yaml", ...flags]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/… and 49900 more fault\(s\) of this run not shown\n$/);
  });
});
