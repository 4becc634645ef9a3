import { describe, expect, it } from "vitest";
import { bin, cleanGolden, cli } from "../helpers/cli.js";

/**
 * A mixed workload (API + self-hosted inference + training) in every output format, and the
 * training / self-host faults placed at file:line:col. Goldens are updated only on purpose:
 * `npx vitest run tests/cli/mixed.test.ts -u`, then read the diff.
 */
const FORMATS: Record<string, string> = { table: "txt", json: "json", markdown: "md", csv: "csv" };

describe("mixed workload goldens", () => {
  for (const [format, ext] of Object.entries(FORMATS))
    it(`examples/mixed.yaml as ${format}`, async () => {
      const r = await cli(["estimate", "examples/mixed.yaml", "--format", format]);
      expect(r.stderr).toBe("");
      expect(r.exitCode).toBe(0);
      await expect(cleanGolden(r.stdout)).toMatchFileSnapshot(`../golden/mixed.${ext}`);
    });

  it("carries the training and self-host fields in JSON, cheapest first, and explains every number", async () => {
    const r = await cli(["estimate", "examples/mixed.yaml", "--format", "json", "--explain"]);
    expect(r.exitCode).toBe(0);
    const e = JSON.parse(r.stdout);
    const chat = e.items.find((i: { name: string }) => i.name === "chat");
    const sh = chat.options.find((o: { via: string }) => o.via === "self_host");
    for (const k of [
      "gpus_per_replica",
      "replicas",
      "gpu_hours",
      "prefill_tokens_per_second",
      "output_tokens_per_second",
      "cost_per_1m_output_tokens",
    ])
      expect(typeof sh[k]).toBe("number");
    const costs = chat.options.map((o: { cost: number }) => o.cost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(chat.notes.some((n: string) => n.startsWith("break-even: "))).toBe(true);
    const train = e.items.find((i: { name: string }) => i.name === "continued-pretraining");
    const opt = train.options[0];
    for (const k of ["flops", "gpu_hours", "wall_clock_hours", "energy_kwh", "co2_kg"])
      expect(typeof opt[k]).toBe("number");
    expect(opt.via).toBe("gpu_cloud");
    // 6 · 8.03e9 · 50e9 = 2.409e21 FLOPs; / (989e12 · 0.4 · 3600) = 1,691.52 GPU-hours
    expect(opt.flops).toBe(2.409e21);
    expect(opt.gpu_hours).toBeCloseTo(1691.52, 1);
    expect(opt.explain.map((x: { what: string }) => x.what)).toContain("GPU-hours");
    expect(opt.explain.find((x: { what: string }) => x.what.endsWith(" compute")).source.provider).toBe(opt.provider);
  });

  it("--explain in a table prints formulas with values and their catalog entries", async () => {
    const r = await cli(["estimate", "examples/mixed.yaml", "--explain"]);
    expect(r.exitCode).toBe(0);
    const flat = r.stdout.replace(/\s+/g, " ");
    expect(flat).toMatch(
      /explain GPU-hours: FLOPs \/ \(peak bf16 · mfu · 3600\) = 2\.409e21 \/ \(9\.89e14 · 0\.4 · 3600\)/,
    );
    expect(flat).toMatch(/explain step seconds: max\(memory, compute, network\)/);
  });
});

describe("training and self-host faults in a workload: exit 2 at file:line:col", () => {
  const workload = (body: string) => `llmcost: 1\nname: bad\nas_of: 2026-11-01\n${body}`;
  it("unknown accelerator with did you mean", async () => {
    const r = await cli(["estimate", "-"], {
      stdin: workload(
        "training:\n  - name: t\n    model: llama-3.1-8b\n    tokens: 1B\n    gpu: h100-sx\n    gpus: 8\n",
      ),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/:8:10: training\[0\]\.gpu: unknown accelerator "h100-sx"/);
    expect(r.stderr).toMatch(/did you mean "h100-sxm"\?/);
  });
  it("mfu outside (0, 1] and zero GPUs", async () => {
    const r = await cli(["estimate", "-"], {
      stdin: workload(
        "training:\n  - name: t\n    model: llama-3.1-8b\n    tokens: 1B\n    gpu: h100-sxm\n    gpus: 0\n    mfu: 1.5\n",
      ),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/:9:11: training\[0\]\.gpus: expected at least 1 GPU/);
    expect(r.stderr).toMatch(/:10:10: training\[0\]\.mfu: mfu is a share of peak: expected a number in \(0, 1\]/);
  });
  it("a precision the accelerator has no peak for", async () => {
    const r = await cli(["estimate", "-"], {
      stdin: workload(
        "inference:\n  - name: c\n    model: llama-3.1-8b\n    requests_per_day: 10\n    self_host:\n      gpu: a100-80gb\n      precision: fp8\n",
      ),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/:10:18: inference\[0\]\.self_host\.precision: a100-80gb has no published fp8 peak/);
  });
  it("a model with no architecture says which fields are missing and how to give them", async () => {
    const r = await cli(["estimate", "-"], {
      stdin: workload(
        "inference:\n  - name: c\n    model: gpt-4o-mini\n    requests_per_day: 10\n    self_host:\n      gpu: h100-sxm\n",
      ),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /inference\[0\]\.self_host: no architecture for "gpt-4o-mini" to self-host: parameters, layers, kv_heads and head_dim are missing/,
    );
    expect(r.stderr).toMatch(/hint: +add under self_host: architecture: \{parameters: 70B/);
  });
});

describe("quote --train and --self-host", () => {
  it("the built binary prices a training run (Llama 3.1 405B at MFU 0.38 on 16,384 H100s)", () => {
    const r = bin([
      "quote",
      "--train",
      "llama-3.1-405b",
      "--tokens",
      "15.6T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "16384",
      "--mfu",
      "0.38",
      "--price-per-gpu-hour",
      "2",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    const opt = JSON.parse(r.stdout).items[0].options[0];
    // 6 · 405.9e9 · 15.6e12 = 3.7992e25 FLOPs / (989e12 · 0.38 · 3600) = 28.081M GPU-hours; × $2 = $56.16M
    expect(opt.gpu_hours).toBeCloseTo(28_081_000, -3);
    expect(opt.cost).toBeCloseTo(56_162_000, -3);
    // 28.081M / 16,384 GPUs = 1,713.9 h = 71.4 days
    expect(opt.wall_clock_hours).toBeCloseTo(1713.9, 0);
  });

  it("prices a training run from flags", async () => {
    const r = await cli([
      "quote",
      "--train",
      "llama-3.1-8b",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "256",
      "--as-of",
      "2026-11-01",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    const opt = JSON.parse(r.stdout).items[0].options[0];
    // 6 · 8.03e9 · 1e12 = 4.818e22 FLOPs / (989e12 · 0.4 · 3600) = 33,830.5 GPU-hours; / 256 = 132.15 h
    expect(opt.gpu_hours).toBeCloseTo(33_830.5, 0);
    expect(opt.wall_clock_hours).toBeCloseTo(132.15, 1);
  });
  it("adds the self-hosted option to a quote", async () => {
    const r = await cli([
      "quote",
      "llama-3.1-70b",
      "--self-host",
      "h100-sxm",
      "--precision",
      "fp8",
      "--input-tokens",
      "2000",
      "--output-tokens",
      "500",
      "--requests-per-day",
      "10k",
      "--as-of",
      "2026-11-01",
      "--format",
      "json",
    ]);
    expect(r.exitCode).toBe(0);
    const item = JSON.parse(r.stdout).items[0];
    const sh = item.options.find((o: { via: string }) => o.via === "self_host");
    expect(sh.gpus_per_replica).toBe(2);
    expect(sh.replicas).toBe(1);
  });
  it("names the flag that carried a bad value", async () => {
    const r = await cli(["quote", "--train", "llama-3.1-8b", "--tokens", "1T", "--gpu", "h100-sx", "--gpus", "8"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--gpu: unknown accelerator "h100-sx"/);
    const p = await cli(["quote", "llama-3.1-8b", "--self-host", "a100-80gb", "--precision", "fp8"]);
    expect(p.exitCode).toBe(2);
    expect(p.stderr).toMatch(/--precision: a100-80gb has no published fp8 peak/);
  });
});
