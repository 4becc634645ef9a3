import { describe, expect, it } from "vitest";
import { gpuOfferings } from "../../src/engine/trend.js";
import type { Accelerator, CatalogProvider } from "../../src/schema/catalog.js";
import { TrendReport } from "../../src/schema/trend.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { cli } from "../helpers/cli.js";

/**
 * `llmcost trend h100-sxm`: GPU offers as series priced per GPU-hour. A tiny hand-made catalog, so
 * catalog edits do not move the figures; one check reads the embedded catalog.
 */

const gpu: Accelerator = {
  id: "h100-sxm",
  name: "H100 SXM",
  memory_gb: 80,
  memory_bandwidth_tbs: 3.35,
  tflops: { bf16: 989 },
  source: "https://nvidia.example/h100",
};
const cloud: CatalogProvider = {
  provider: { id: "cloud", name: "Cloud", currency: "USD", source: "https://cloud.example/gpu" },
  models: [{ id: "chat", prices: [{ from: "2024-01-01", input: 1, output: 2 }] }],
  gpus: [
    {
      gpu: "h100-sxm",
      instance: "p5",
      gpus_per_instance: 8,
      prices: [
        { from: "2023-07-01", on_demand: 12.29, source: "https://cloud.example/launch" },
        { from: "2025-06-01", on_demand: 6.88, spot: 2.25, source: "https://cloud.example/cut" },
      ],
    },
    { gpu: "h100-sxm", instance: "p5", region: "eu", prices: [{ from: "2024-01-01", on_demand: 14 }] },
  ],
  events: [
    {
      date: "2025-06-01",
      kind: "cut",
      offerings: ["h100-sxm"],
      title: "Cloud cuts H100 by 44%",
      source: "https://cloud.example/cut",
    },
  ],
};
const market: CatalogProvider = {
  provider: { id: "market", name: "Market", currency: "USD", source: "https://market.example" },
  gpus: [{ gpu: "h100-sxm", market_median: true, prices: [{ from: "2024-06-01", on_demand: 2.4 }] }],
};
const tiny = { ...tinyCatalog([cloud, market]), accelerators: [gpu] };
const run = (args: string[]) => cli(args, { catalog: () => tiny });

describe("gpuOfferings", () => {
  it("one priced series per GPU offer; a repeated instance name gets its region", () => {
    const o = gpuOfferings(tiny, "H100-SXM");
    expect(o.map((x) => `${x.provider.provider.id}/${x.model.id}`)).toEqual([
      "cloud/p5",
      "cloud/p5 (eu)",
      "market/h100-sxm",
    ]);
  });
});

describe("trend of a GPU key", () => {
  it("json: per GPU-hour on-demand points with sources, the cut, its event", async () => {
    const r = await run(["trend", "h100-sxm", "--provider", "cloud", "--until", "2025-12-31", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const j = TrendReport.parse(JSON.parse(r.stdout));
    expect(j).toMatchObject({ metric: "on_demand", unit: "per_gpu_hour", currency: "USD" });
    expect(j.series.map((s) => s.label)).toEqual(["cloud/p5", "cloud/p5 (eu)"]);
    const pts = j.series[0]?.points ?? [];
    expect(pts.map((p) => [p.date, p.price, p.event, p.source])).toEqual([
      ["2023-07-01", 12.29, "start", "https://cloud.example/launch"],
      ["2025-06-01", 6.88, "change", "https://cloud.example/cut"],
      ["2025-12-31", 6.88, "end", "https://cloud.example/cut"],
    ]);
    // 6.88 / 12.29 − 1 = −0.440195 (−44%), over 2023-07-01 → 2025-12-31 = 914 days.
    expect(j.series[0]?.summary?.total_change).toBeCloseTo(6.88 / 12.29 - 1, 12);
    expect(j.series[0]?.summary?.days).toBe(914);
    expect(j.events.map((e) => [e.date, e.title, e.series])).toEqual([
      ["2025-06-01", "Cloud cuts H100 by 44%", ["cloud/p5", "cloud/p5 (eu)"]],
    ]);
  });
  it("--metric spot reads the spot price; the table says per GPU-hour", async () => {
    const r = await run(["trend", "h100-sxm", "--metric", "spot", "--provider", "cloud", "--until", "2025-12-31"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("USD per GPU-hour, spot price");
    expect(r.stdout).toContain("$2.25");
    expect(r.stdout).not.toContain("$6.88");
  });
  it("a marketplace median is a series of its own", async () => {
    const r = await run(["trend", "h100-sxm", "--provider", "market", "--until", "2025-01-01", "--format", "csv"]);
    expect(r.stdout.split("\n")[1]).toBe(
      "market/h100-sxm,2024-06-01,2.4,USD,on_demand,,start,market,h100-sxm,USD,,2024-06-01,https://market.example",
    );
  });
  const errors: Array<[string[], string]> = [
    [["trend", "h100-sxm", "chat"], "GPU and token price series do not go together"],
    [["trend", "h100-sxm", "--metric", "blended"], "--metric: blended is a token price"],
    [["trend", "chat", "--metric", "on_demand"], "--metric: on_demand is a GPU price"],
  ];
  for (const [args, want] of errors)
    it(args.join(" "), async () => {
      const r = await run(args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(want);
      expect(r.stderr).not.toContain("    at ");
    });
});

describe("trend h100-sxm on the embedded catalog", () => {
  it("AWS p5 shows the June 2025 cut", async () => {
    const r = await cli(["trend", "h100-sxm", "--provider", "aws", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    const p5 = j.series.find((s: { label: string }) => s.label === "aws/p5.48xlarge");
    const dates = p5.points.map((p: { date: string; price: number }) => [p.date, p.price]);
    expect(dates).toContainEqual(["2025-06-01", 6.88]);
    expect(dates[0][1]).toBeGreaterThan(6.88);
  });
});
