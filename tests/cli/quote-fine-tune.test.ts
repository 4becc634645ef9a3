import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/**
 * `llmcost quote --fine-tune`: the `fine_tune` workload item from flags, on the embedded catalog
 * (OpenAI gpt-4o-mini fine-tuning: $3 per 1M training tokens, $0.30 / $1.20 per 1M in / out).
 */

async function json(args: string[]) {
  const r = await cli([...args, "--as-of", "2026-11-01", "--format", "json"]);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

describe("quote --fine-tune", () => {
  it("without traffic flags: the training job alone, one-off", async () => {
    // 2M tokens × 3 epochs = 6M training tokens × $3 / 1M = $18.
    const e = await json(["quote", "--fine-tune", "gpt-4o-mini", "--tokens", "2M", "--epochs", "3"]);
    const item = e.items[0];
    expect(item.kind).toBe("fine_tune");
    expect(item.options[0].components.map((c: { name: string }) => c.name)).toEqual(["training"]);
    expect(item.options[0].components[0].quantity).toBe(6e6);
    expect(item.cost).toBeCloseTo(18, 9);
  });

  it("with traffic: training plus inference at the fine-tuned rates, as the workload item prices it", async () => {
    // 10,000 requests a day × 30.41667 days = 304,166.7 requests; × 500 in = 152.08M × $0.30 / 1M = $45.625;
    // × 100 out = 30.42M × $1.20 / 1M = $36.50; + training $18 = $100.125.
    const flags = [
      "--tokens",
      "2M",
      "--epochs",
      "3",
      "--requests-per-day",
      "10k",
      "--input-tokens",
      "500",
      "--output-tokens",
      "100",
    ];
    const q = await json(["quote", "--fine-tune", "gpt-4o-mini", ...flags]);
    expect(q.items[0].cost).toBeCloseTo(100.125, 6);
    // The same job written as a workload (examples/billing/fine-tune.yaml) prices the same.
    const w = await json(["estimate", "examples/billing/fine-tune.yaml"]);
    expect(q.items[0].cost).toBeCloseTo(w.items[0].cost, 9);
  });

  it("needs --tokens, and refuses flags of other modes (exit 2, naming the flag)", async () => {
    const none = await cli(["quote", "--fine-tune", "gpt-4o-mini"]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/--tokens: --fine-tune needs the training tokens/);
    const gpu = await cli(["quote", "--fine-tune", "gpt-4o-mini", "--tokens", "1M", "--gpu", "h100-sxm"]);
    expect(gpu.exitCode).toBe(2);
    expect(gpu.stderr).toMatch(/--gpu: has no meaning with --fine-tune/);
    const hh = await cli(["quote", "gpt-4o-mini", "--hosting-hours", "10"]);
    expect(hh.exitCode).toBe(2);
    expect(hh.stderr).toMatch(/--hosting-hours: is a fine-tuning flag/);
    const unknown = await cli(["quote", "--fine-tune", "gpt-9", "--tokens", "1M"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no provider in the catalog fine-tunes "gpt-9"/);
  });
});
