import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/** examples/billing/cache-ttl-storage.yaml on the embedded catalog, numbers by hand (a month is 30.41667 days). */

describe("examples/billing/cache-ttl-storage.yaml", () => {
  it("prices the 1-hour cache write and the Gemini cache storage as their own components", async () => {
    const r = await cli(["estimate", "examples/billing/cache-ttl-storage.yaml", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const e = JSON.parse(r.stdout);
    const comp = (i: number, name: string) =>
      e.items[i].options[0].components.find((c: { name: string }) => c.name === name);
    // 2,000 requests a day × 30.41667 = 60,833.3 requests × 20,000 input = 1.2167B; 10% written = 121.67M tokens:
    // 5-minute write × $3.75 = $456.25; the 1-hour premium × (2 × $3 − $3.75 = $2.25) = $273.75.
    expect(comp(0, "cache_write").cost).toBeCloseTo(456.25, 6);
    expect(comp(0, "cache_write (1h TTL)").cost).toBeCloseTo(273.75, 6);
    // 100,000 tokens × 730 h = 73M token-hours × $4.50 / 1M = $328.50.
    expect(comp(1, "cache_storage")).toMatchObject({ quantity: 73e6, unit_price: 4.5 });
    expect(comp(1, "cache_storage").cost).toBeCloseTo(328.5, 9);
  });

  it("quote --cache-ttl 1h: 1M tokens written at $3.75 + the $2.25 premium = $6; a bad TTL is exit 2", async () => {
    const args = [
      "quote",
      "claude-sonnet-4-6",
      "--provider",
      "anthropic",
      "--input-tokens",
      "10000",
      "--cache-write",
      "1",
    ];
    const r = await cli([
      ...args,
      "--requests",
      "100",
      "--cache-ttl",
      "1h",
      "--as-of",
      "2026-11-01",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    // 100 requests × 10,000 tokens = 1M written × (2 × $3) = $6.
    expect(JSON.parse(r.stdout).items[0].cost).toBeCloseTo(6, 9);
    const bad = await cli([...args, "--cache-ttl", "2h"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--cache-ttl: not an allowed value/);
  });

  it("bad cache input: exit 2 with file, line, field, expected and a hint", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "llmcost-cache-"));
    const w = join(dir, "w.yaml");
    const item = "  - {name: a, model: gemini-2.5-pro, requests: 10, input_tokens: 100, ";
    writeFileSync(w, `llmcost: 1\ninference:\n${item}cache_storage: {tokens: 5, hours: 900}}\n`);
    const long = await cli(["estimate", w]);
    expect(long.exitCode).toBe(2);
    expect(long.stdout).toBe("");
    expect(long.stderr).toMatch(/w\.yaml:3:\d+: inference\[0\]\.cache_storage\.hours: a cache cannot be kept longer/);
    expect(long.stderr).toMatch(/expected: at most 730 hours/);
    const o = join(dir, "o.yaml");
    writeFileSync(
      o,
      "schema: 1\nproviders:\n  - provider: {id: anthropic}\n    cache:\n      - id: x\n        kind: write_1h\n        prices:\n          - {from: 2026-01-01, price: 3, source: mine}\n",
    );
    const bad = await cli(["estimate", "examples/billing/cache-ttl-storage.yaml", "--catalog", o]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/o\.yaml:8:\d+: providers\[0\]\.cache\[0\]\.prices\[0\]\.input_multiplier/);
    expect(bad.stderr).toMatch(/hint: +a write_1h cache rule prices the 1-hour write/);
  });

  it("billing sections must name the provider's models and list prices oldest first (placed, with a hint)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const o = join(mkdtempSync(join(tmpdir(), "llmcost-billing-rules-")), "o.yaml");
    writeFileSync(
      o,
      [
        "schema: 1",
        "provider: {id: lab, name: Lab, currency: USD, source: https://lab.example}",
        "models:",
        "  - id: lab-chat",
        "    prices: [{from: 2025-01-01, input: 1, output: 2}]",
        "packs:",
        "  - id: p1",
        "    models: [lab-caht]",
        "    counts: tokens",
        "    quantity: 10M",
        "    validity_days: 30",
        "    prices: [{from: 2025-01-01, price: 5, source: mine}]",
        "cache:",
        "  - id: st",
        "    kind: storage",
        "    prices:",
        "      - {from: 2025-06-01, price: 1, source: mine}",
        "      - {from: 2025-01-01, price: 2, source: mine}",
        "",
      ].join("\n"),
    );
    const r = await cli(["quote", "lab/lab-chat", "--catalog", o]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/o\.yaml:8:\d+: packs\[0\]\.models\[0\]: unknown model "lab-caht" in a billing section/);
    expect(r.stderr).toMatch(/hint: +did you mean "lab-chat"\?/);
    expect(r.stderr).toMatch(/o\.yaml:18:\d+: cache\[0\]\.prices\[1\]\.from: prices are not in date order/);
  });
});
