import { describe, expect, it } from "vitest";
import { estimate } from "../../src/engine/estimate.js";
import { Workload } from "../../src/schema/workload.js";
import { embedded } from "../helpers/cli.js";

describe("an accelerator without a published power figure (TPU v5p)", () => {
  const run = (energy?: Record<string, number>) =>
    estimate(
      Workload.parse({
        llmcost: 1,
        training: [
          {
            name: "t",
            model: { parameters: "1B" },
            tokens: "1B",
            gpu: "tpu-v5p",
            gpus: 8,
            mfu: 0.5,
            price_per_gpu_hour: 4,
            ...(energy ? { energy } : {}),
          },
        ],
      }),
      embedded(),
      { asOf: "2026-11-01", currency: "USD" },
    ).estimate.items[0]!;

  it("prices the compute but leaves energy and CO2 out, saying why", () => {
    // FLOPs 6 · 1e9 · 1e9 = 6e18; GPU-hours 6e18 / (459e12 · 0.5 · 3600) = 7.2622 h; × $4 = $29.05.
    const item = run();
    const o = item.options[0]!;
    expect(o.gpu_hours).toBeCloseTo(6e18 / (459e12 * 0.5 * 3600), 9);
    expect(o.cost).toBeCloseTo((6e18 / (459e12 * 0.5 * 3600)) * 4, 9);
    expect(o.energy_kwh).toBeUndefined();
    expect(o.co2_kg).toBeUndefined();
    expect(item.notes.join(" ")).toMatch(/tpu-v5p has no published power figure; give energy.power_w/);
  });

  it("uses the workload's power figure when given", () => {
    // energy = 7.2622 GPU-h · 300 W / 1000 · PUE 1.2 = 2.6144 kWh
    const o = run({ power_w: 300 }).options[0]!;
    expect(o.energy_kwh).toBeCloseTo(((6e18 / (459e12 * 0.5 * 3600)) * 300 * 1.2) / 1000, 9);
    expect(o.co2_kg).toBeGreaterThan(0);
  });
});
