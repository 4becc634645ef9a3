import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/engine/trend.js";
import { TrendReport } from "../../src/schema/trend.js";
import { cli, embedded } from "../helpers/cli.js";

/**
 * The built-in trend presets on the embedded catalog: every point and every event they show names
 * a source a reader can open (a URL), and `china-2024` tells the story of the war, with prices from
 * before it. A catalog edit that drops a pre-war price or a source fails here.
 */

const URL = /https?:\/\/\S+/;

describe.each(PRESETS.map((p) => [p.id]))("trend --preset %s (embedded catalog)", (id) => {
  const report = async (): Promise<TrendReport> => {
    const r = await cli(["trend", "--preset", id, "--format", "json"]);
    expect(r.exitCode).toBe(0);
    return TrendReport.parse(JSON.parse(r.stdout));
  };

  it("every point of every series names a source URL", async () => {
    const j = await report();
    const unsourced = j.series.flatMap((s) =>
      s.points.filter((p) => !URL.test(p.source)).map((p) => `${s.label} ${p.date}: ${p.source}`),
    );
    expect(j.series.length).toBeGreaterThan(0);
    expect(unsourced).toEqual([]);
  });

  it("every event shown names a source URL", async () => {
    const j = await report();
    expect(j.events.filter((e) => !URL.test(e.source)).map((e) => `${e.date} ${e.title}`)).toEqual([]);
  });
});

describe("trend --preset china-2024 tells the May 2024 story", () => {
  it("has at least 10 series with a price from before May 2024, and their moves", async () => {
    const r = await cli(["trend", "--preset", "china-2024", "--format", "json"]);
    const j = TrendReport.parse(JSON.parse(r.stdout));
    expect(j.metric).toBe("input");
    const prewar = j.series.filter((s) => (s.points[0]?.date ?? "9999") < "2024-05-01").map((s) => s.label);
    expect(prewar.length).toBeGreaterThanOrEqual(10);
    // Qwen-Long: ¥20 → ¥0.5 per 1M input tokens on 2024-05-21, 0.5 / 20 − 1 = −97.5%.
    const long = j.series.find((s) => s.label === "alibaba/qwen-long");
    const cut = long?.points.find((p) => p.date === "2024-05-21");
    expect(cut?.price).toBe(0.5);
    expect(cut?.change).toBeCloseTo(-0.975, 10);
    // The war's moves are annotated: DeepSeek-V2 (05-06) opens it, Alibaba and Baidu cut on 05-21.
    const dates = j.events.map((e) => `${e.date} ${e.provider}`);
    expect(dates).toContain("2024-05-06 deepseek");
    expect(dates).toContain("2024-05-21 alibaba");
    expect(dates).toContain("2024-05-21 baidu");
  });
});

describe("events in the embedded catalog", () => {
  it("each has a source URL and a title that fits one line", () => {
    const bad: string[] = [];
    for (const p of embedded().providers)
      for (const e of p.events ?? [])
        if (!URL.test(e.source) || e.title.length > 120) bad.push(`${p.provider.id} ${e.date} ${e.title}`);
    expect(bad).toEqual([]);
  });
});
