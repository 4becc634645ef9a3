import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

describe("llmcost quote", () => {
  it("prices one request shape on every provider offering the model, cheapest first", async () => {
    const r = await cli([
      "quote",
      "gpt-4o",
      "--input-tokens",
      "1k",
      "--output-tokens",
      "100",
      "--requests",
      "1000",
      "--as-of",
      "2025-01-15",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    const opt = j.items[0].options.find((o: { provider: string }) => o.provider === "openai");
    // gpt-4o on 2025-01-15 (entry of 2024-10-02: $2.50 / $10): 1e6 × 2.5/1e6 + 1e5 × 10/1e6 = 2.50 + 1.00 = 3.50
    expect(opt.cost).toBeCloseTo(3.5, 12);
    const costs = j.items[0].options.map((o: { cost: number }) => o.cost);
    expect(costs).toEqual([...costs].sort((a: number, b: number) => a - b));
  });

  it("ranks at least five hosts for an open-weights architecture", async () => {
    const r = await cli([
      "quote",
      "llama-3.1-70b",
      "--input-tokens",
      "2000",
      "--output-tokens",
      "500",
      "--requests-per-day",
      "10000",
      "--format",
      "json",
    ]);
    const providers = new Set(JSON.parse(r.stdout).items[0].options.map((o: { provider: string }) => o.provider));
    expect(providers.size).toBeGreaterThanOrEqual(4);
  });

  it("names the flag that carried a bad value", async () => {
    const r = await cli(["quote", "gpt-4o", "--input-tokens", "lots"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /error: --input-tokens: expected a number or a number with a k\/M\/B\/T suffix .*found "lots"/,
    );
    const c = await cli(["quote", "gpt-4o", "--cached-input", "150%", "--input-tokens", "10"]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/--cached-input: .*share between 0 and 1/);
  });

  it("rejects an unknown model or provider with a suggestion", async () => {
    const m = await cli(["quote", "claude-3-5-sonet"]);
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toMatch(/MODEL: unknown model "claude-3-5-sonet"/);
    expect(m.stderr).toMatch(/did you mean "claude-3-5-sonnet/);
    const p = await cli(["quote", "gpt-4o", "--provider", "opnai"]);
    expect(p.exitCode).toBe(2);
    expect(p.stderr).toMatch(/--provider: unknown provider "opnai"/);
  });

  it("converts to the report currency", async () => {
    const usd = JSON.parse(
      (
        await cli([
          "quote",
          "gpt-4o",
          "--input-tokens",
          "1000",
          "--provider",
          "openai",
          "--as-of",
          "2025-01-15",
          "--format",
          "json",
        ])
      ).stdout,
    );
    const cny = JSON.parse(
      (
        await cli([
          "quote",
          "gpt-4o",
          "--input-tokens",
          "1000",
          "--provider",
          "openai",
          "--as-of",
          "2025-01-15",
          "--currency",
          "cny",
          "--format",
          "json",
        ])
      ).stdout,
    );
    const opt = cny.items[0].options[0];
    expect(cny.currency).toBe("CNY");
    expect(opt.list_currency).toBe("USD");
    expect(opt.cost).toBeCloseTo(usd.total * opt.fx_rate, 12);
    expect(opt.fx_rate).toBeGreaterThan(6);
  });
});

describe("llmcost catalog list / show", () => {
  it("lists what is priced on a date, filtered by provider", async () => {
    const r = await cli([
      "catalog",
      "list",
      "--provider",
      "openai",
      "--as-of",
      "2024-06-01",
      "--kind",
      "api",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    const ids = j.api.map((a: { offering: string }) => a.offering);
    expect(ids).toContain("gpt-4o");
    expect(ids).not.toContain("gpt-4o-mini"); // launched 2024-07-18
    const gpt4o = j.api.find((a: { offering: string }) => a.offering === "gpt-4o");
    expect(gpt4o.price).toMatchObject({ from: "2024-05-13", input: 5, output: 15 });
    expect(j.api.every((a: { provider: string }) => a.provider === "openai")).toBe(true);
  });

  it("lists GPU offers per GPU-hour", async () => {
    const r = await cli(["catalog", "list", "--kind", "gpu", "--format", "csv"]);
    expect(r.stdout.split("\n")[0]).toBe(
      "provider,gpu,instance,on_demand,spot,reserved_1y,reserved_3y,currency,from,source,capacity_block",
    );
    expect(r.stdout).toMatch(/\naws,h100-sxm,p5\.48xlarge,/);
  });

  it("shows every price entry of a model with its dates and sources", async () => {
    const r = await cli(["catalog", "show", "gpt-4o"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/openai gpt-4o/);
    expect(r.stdout).toMatch(/2024-05-13 +USD +input 5, output 15/);
    expect(r.stdout).toMatch(/2024-10-02( until [0-9-]+)? +USD +input 2\.5, output 10, cached_input 1\.25/);
    expect(r.stdout.match(/source: /g)!.length).toBeGreaterThanOrEqual(2);
  });

  it("shows an accelerator, its GPU offers and an architecture", async () => {
    const g = await cli(["catalog", "show", "h100-sxm"]);
    expect(g.stdout).toMatch(/h100-sxm: .*80 GB/);
    expect(g.stdout).toMatch(/aws h100-sxm p5\.48xlarge/);
    const a = await cli(["catalog", "show", "llama-3.1-70b"]);
    expect(a.stdout).toMatch(/llama-3\.1-70b: 70\.\d*B parameters, 80 layers/);
  });

  it("suggests a near name for an unknown id", async () => {
    const r = await cli(["catalog", "show", "gpt-4oo"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/nothing in the catalog is called "gpt-4oo"/);
    expect(r.stderr).toMatch(/did you mean "gpt-4o"/);
  });
});

describe("flags of another mode are errors, never ignored", () => {
  it("refuses training flags on an inference quote, and inference flags with --train", async () => {
    const a = await cli(["quote", "gpt-4o-mini", "--input-tokens", "10", "--tokens", "1T", "--mfu", "3"]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/error: --tokens: is a training flag/);
    expect(a.stderr).toMatch(/error: --mfu: is a training flag/);
    const b = await cli([
      "quote",
      "--train",
      "llama-3.1-8b",
      "--tokens",
      "1B",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--input-tokens",
      "5",
    ]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/error: --input-tokens: prices inference traffic/);
    const c = await cli(["quote", "gpt-4o-mini", "--input-tokens", "10", "--precision", "fp8"]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/--precision: applies to GPU options/);
  });

  it("refuses estimate's --over flags without --over", async () => {
    const r = await cli(["estimate", "examples/support-assistant.yaml", "--step", "year"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/error: --step: goes with --over/);
  });
});
