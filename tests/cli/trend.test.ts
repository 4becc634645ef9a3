import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { OverReport, TrendReport } from "../../src/schema/trend.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { bin, cli, scratchDir } from "../helpers/cli.js";

/**
 * `llmcost trend` and `llmcost estimate --over`. Goldens run on a tiny hand-made catalog so that
 * catalog edits do not move them; a few checks read real figures from the embedded catalog.
 * Update goldens only on purpose: `npx vitest run tests/cli/trend.test.ts -u`, then read the diff.
 */

const lab: CatalogProvider = {
  provider: { id: "lab", name: "Lab", currency: "USD", source: "https://lab.example/pricing" },
  models: [
    {
      id: "big-1",
      family: "big",
      tags: ["frontier"],
      prices: [{ from: "2023-03-14", until: "2024-09-01", input: 30, output: 60, source: "https://lab.example/big-1" }],
    },
    {
      id: "big-2",
      family: "big",
      tags: ["frontier"],
      prices: [
        { from: "2024-05-13", input: 5, output: 15, source: "https://lab.example/big-2" },
        { from: "2024-10-02", input: 2.5, output: 10, source: "https://lab.example/big-2-cut" },
      ],
    },
    { id: "small", prices: [{ from: "2024-07-18", input: 0.15, output: 0.6, source: "https://lab.example/small" }] },
    { id: "embed", kind: "embedding", family: "big", prices: [{ from: "2024-01-01", input: 0.02 }] },
  ],
};
const cn: CatalogProvider = {
  provider: { id: "cn", name: "CN Lab", currency: "CNY", source: "https://cn.example/pricing" },
  models: [
    {
      id: "cn-chat",
      tags: ["china-2024"],
      prices: [
        { from: "2024-01-01", input: 8, output: 8, source: "https://cn.example/2024-01" },
        { from: "2024-05-21", input: 2, output: 6, source: "https://cn.example/2024-05" },
        { from: "2024-11-27", currency: "USD", input: 0.4, output: 1.2, source: "https://cn.example/usd" },
      ],
    },
  ],
};
const rates = [
  { from: "2023-01-01", currency: "CNY", per_usd: 7.0 },
  { from: "2024-06-01", currency: "CNY", per_usd: 7.25 },
];
const tiny = tinyCatalog([lab, cn], rates);
const run = (args: string[]) => cli(args, { catalog: () => tiny });

describe("trend goldens (tiny catalog)", () => {
  it("table with steps, totals, annual rates, forecast and chart", async () => {
    const r = await run([
      "trend",
      "big-2",
      "small",
      "big-1",
      "--since",
      "2023-01-01",
      "--until",
      "2025-06-30",
      "--forecast",
      "12m",
    ]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/trend-table.txt");
  });
  it("cheapest-of on a log scale", async () => {
    const r = await run(["trend", "--cheapest-of", "big-1,big-2,small", "--log", "--until", "2025-06-30"]);
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/trend-cheapest-log.txt");
  });
  it("svg chart", async () => {
    const r = await run(["trend", "--family", "big", "small", "--until", "2025-06-30", "--format", "svg"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith("<svg xmlns=")).toBe(true);
    expect(r.stdout.trimEnd().endsWith("</svg>")).toBe(true);
    // One step path per series, and the legend names each one.
    expect(r.stdout.match(/<path d="M[^"]*" fill="none" stroke="#[0-9A-F]{6}" stroke-width="2"/g)?.length).toBe(3);
    for (const l of ["lab/big-1", "lab/big-2", "lab/small"]) expect(r.stdout).toContain(`>${l}  `);
    await expect(r.stdout).toMatchFileSnapshot("../golden/trend-chart.svg");
  });
  it("csv, one row per point, full precision", async () => {
    const r = await run(["trend", "cn-chat", "--until", "2025-01-31", "--format", "csv"]);
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/trend-cn-chat.csv");
  });
  it("markdown", async () => {
    const r = await run(["trend", "big-2", "--until", "2025-06-30", "--format", "markdown", "--forecast", "6m"]);
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/trend-big-2.md");
  });
});

describe("trend json", () => {
  it("carries dates, prices, currency and the source of each point", async () => {
    const r = await run(["trend", "big-2", "--until", "2024-12-31", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ llmcost: 1, kind: "trend", currency: "USD", metric: "blended", unit: "per_1m_tokens" });
    expect(j.window).toEqual({ since: "2024-05-13", until: "2024-12-31" });
    const pts = j.series[0].points;
    // (3·5 + 15)/4 = 7.5; (3·2.5 + 10)/4 = 4.375.
    expect(pts.map((p: { date: string; price: number; source: string }) => [p.date, p.price, p.source])).toEqual([
      ["2024-05-13", 7.5, "https://lab.example/big-2"],
      ["2024-10-02", 4.375, "https://lab.example/big-2-cut"],
      ["2024-12-31", 4.375, "https://lab.example/big-2-cut"],
    ]);
    // 4.375/7.5 over 232 days: (0.583333)^(365/232) − 1 = −0.571725.
    expect(j.series[0].summary.annual_rate).toBeCloseTo(-0.571725, 6);
  });
  it("converts a CNY list to USD at each point's rate, and switches to the USD list when it starts", async () => {
    const r = await run(["trend", "cn-chat", "--metric", "input", "--until", "2024-12-31", "--format", "json"]);
    const pts = JSON.parse(r.stdout).series[0].points;
    // 8 CNY / 7.0 = 1.142857 USD; 2 CNY / 7.25 = 0.275862 USD (rate of 2024-06-01 not yet in force on
    // 2024-05-21: 2/7.0 = 0.285714); the USD list from 2024-11-27: 0.4.
    expect(pts.map((p: { date: string }) => p.date)).toEqual(["2024-01-01", "2024-05-21", "2024-11-27", "2024-12-31"]);
    expect(pts[0].price).toBeCloseTo(8 / 7, 12);
    expect(pts[1].price).toBeCloseTo(2 / 7, 12);
    expect(pts[1].fx_rate).toBeCloseTo(1 / 7, 12);
    expect(pts[2]).toMatchObject({ price: 0.4, list_currency: "USD" });
  });
  it("in CNY the home list is read as is", async () => {
    const r = await run(["trend", "cn-chat", "--currency", "cny", "--until", "2024-06-30", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j.currency).toBe("CNY");
    // (3·8+8)/4 = 8; (3·2+6)/4 = 3.
    expect(j.series[0].points.map((p: { price: number }) => p.price)).toEqual([8, 3, 3]);
    expect(j.series[0].points[0].fx_rate).toBeUndefined();
  });
  it("--preset china-2024 reads tagged offerings in CNY over 2024", async () => {
    const r = await run(["trend", "--preset", "china-2024", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      preset: "china-2024",
      currency: "CNY",
      window: { since: "2024-01-01", until: "2024-12-31" },
    });
    expect(j.series.map((s: { label: string }) => s.label)).toEqual(["cn/cn-chat"]);
  });
  it("a forecast says when it should not be trusted", async () => {
    const r = await run(["trend", "small", "--forecast", "1y", "--format", "json"]);
    const f = JSON.parse(r.stdout).series[0].forecast;
    expect(f.caveats.join(" ")).toContain("only 2 points");
    expect(f.caveats.join(" ")).toContain("flat");
  });
  it("groups leave out offerings without the metric, with a warning", async () => {
    const r = await run(["trend", "--family", "big", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j.series.map((s: { label: string }) => s.label)).toEqual(["lab/big-1", "lab/big-2"]);
    expect(j.warnings).toEqual(["left out (no blended price): lab/embed"]);
  });
});

describe("json contracts (src/schema/trend.ts)", () => {
  it("trend and estimate --over JSON parse with their zod schemas", async () => {
    const t = await run([
      "trend",
      "big-2",
      "cn-chat",
      "--cheapest-of",
      "big-1,small",
      "--forecast",
      "12m",
      "--format",
      "json",
    ]);
    const parsed = TrendReport.strict().safeParse(JSON.parse(t.stdout));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const dir = scratchDir("llmcost-over-json-");
    const file = join(dir, "w.yaml");
    writeFileSync(
      file,
      "llmcost: 1\ninference:\n  - name: a\n    model: small\n    requests: 10\n    input_tokens: 100\n",
    );
    const o = await run(["estimate", file, "--over", "2024-01-01..2025-01-01", "--format", "json"]);
    const op = OverReport.strict().safeParse(JSON.parse(o.stdout));
    expect(op.success, JSON.stringify(op.error?.issues)).toBe(true);
  });
});

describe("trend colour", () => {
  it("colours the chart markers only when asked (FORCE_COLOR), never in pipes by default", async () => {
    const plain = await run(["trend", "big-2"]);
    expect(plain.stdout).not.toContain("\u001b[");
    const coloured = await cli(["trend", "big-2"], { catalog: () => tiny, env: { FORCE_COLOR: "1" } });
    expect(coloured.stdout).toContain("\u001b[34m*\u001b[39m");
  });
});

describe("trend groups and the window", () => {
  it("group members with no price in the window are left out with a warning; named models stay", async () => {
    const r = await run([
      "trend",
      "--family",
      "big",
      "--since",
      "2024-10-01",
      "--until",
      "2024-12-31",
      "--format",
      "json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.series.map((s: { label: string }) => s.label)).toEqual(["lab/big-2"]);
    expect(j.warnings).toContain("left out (no blended price in the window): lab/big-1");
    const named = JSON.parse((await run(["trend", "big-1", "--since", "2024-10-01", "--format", "json"])).stdout);
    expect(named.series[0].points).toEqual([]);
    expect(named.series[0].notes[0]).toContain("no blended price between 2024-10-01");
  });
});

describe("trend errors (exit 2, named, with a hint)", () => {
  const cases: Array<[string[], string[]]> = [
    [
      ["trend", "big-3"],
      ["MODEL: unknown model", 'did you mean "big-1"'],
    ],
    [
      ["trend", "big-2", "--forecast", "soon"],
      ["--forecast: not a horizon", "12m"],
    ],
    [["trend", "big-2", "--since", "2025-01-01", "--until", "2024-01-01"], ["--since: the window is empty"]],
    [
      ["trend", "--preset", "china-2025"],
      ['--preset: unknown preset "china-2025"', 'did you mean "china-2024"'],
    ],
    [
      ["trend", "--family", "bigg"],
      ['--family: no model has the family or tag "bigg"', 'did you mean "big"'],
    ],
    [["trend", "big-2", "--currency", "EUR"], ["--currency: unknown currency EUR"]],
    [["trend"], ["nothing to chart", "--preset china-2024"]],
    [["trend", "big-2", "--provider", "cn"], ["--provider: cn does not offer big-2"]],
    [["trend", "big-2", "--since", "2024-02-30"], ["--since: not a valid date"]],
  ];
  for (const [args, wants] of cases)
    it(args.join(" "), async () => {
      const r = await run(args);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      for (const w of wants) expect(r.stderr).toContain(w);
      expect(r.stderr).not.toContain("    at ");
    });
});

describe("estimate --over (tiny catalog)", () => {
  const dir = scratchDir("llmcost-over-");
  const file = join(dir, "w.yaml");
  writeFileSync(
    file,
    [
      "llmcost: 1",
      "name: over-demo",
      "period: month",
      "inference:",
      "  - name: chat",
      "    model: big-2",
      "    requests_per_month: 1000",
      "    input_tokens: 1000",
      "  - name: legacy",
      "    model: big-1",
      "    requests_per_month: 1000",
      "    input_tokens: 1000",
      "",
    ].join("\n"),
  );
  it("prices the workload at each step: table golden", async () => {
    const r = await run(["estimate", file, "--over", "2024-01-01..2025-01-01", "--step", "quarter"]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    await expect(r.stdout.replaceAll(file, "w.yaml")).toMatchFileSnapshot("../golden/trend-over-table.txt");
  });
  it("json: series, not-yet items, the comparable span and its rate", async () => {
    const r = await run([
      "estimate",
      file,
      "--over",
      "2024-01-01..2025-01-01",
      "--step",
      "quarter",
      "--format",
      "json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe("estimate_over");
    // 1M input tokens a month: each item costs its input price. 01-01: legacy 30 (chat not yet);
    // 04-01: 30; 07-01: chat 5 + legacy 30 = 35; 10-01: chat 5 (the cut is 2024-10-02), legacy withdrawn
    // (2024-09-01); 2025-01-01: chat 2.5.
    expect(j.points.map((p: { date: string; total: number }) => [p.date, p.total])).toEqual([
      ["2024-01-01", 30],
      ["2024-04-01", 30],
      ["2024-07-01", 35],
      ["2024-10-01", 5],
      ["2025-01-01", 2.5],
    ]);
    expect(j.points[0].items[0]).toEqual({ name: "chat", status: "not_yet", cost: null });
    expect(j.points[3].items[1]).toMatchObject({ name: "legacy", status: "not_priced" });
    // Runs pricing the same items: {legacy} 01-01..04-01 (91 days), {chat, legacy} 07-01 alone, {chat}
    // 10-01..2025-01-01 (92 days). The one-item runs tie on items; the longer wins: {chat}, 5 → 2.5 over
    // 92 days: 0.5^(365/92) − 1 = exp(−0.693147 · 3.967391) − 1 = exp(−2.749985) − 1 = −0.936071.
    expect(j.comparable).toMatchObject({ from: "2024-10-01", to: "2025-01-01", days: 92, total_change: -0.5 });
    expect(j.comparable.annual_rate).toBeCloseTo(-0.936071, 6);
  });
  it("--svg writes the chart too", async () => {
    const svg = join(dir, "over.svg");
    const r = await run(["estimate", file, "--over", "2024-01-01..2025-01-01", "--step", "month", "--svg", svg]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`wrote ${svg}`);
    const text = readFileSync(svg, "utf8");
    expect(text).toContain("over-demo: cost over time");
    expect(text.match(/<path d="M[^"]*" fill="none" stroke="#[0-9A-F]{6}" stroke-width="2"/g)?.length).toBe(3);
  });
  it("bad ranges and steps exit 2 with the flag named", async () => {
    const a = await run(["estimate", file, "--over", "2025-01-01..2024-01-01"]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain("--over: the range runs backwards");
    const b = await run(["estimate", file, "--over", "2024-01-01..2025-01-01", "--step", "quartr"]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('did you mean "quarter"');
    const c = await run(["estimate", file, "--over", "last year"]);
    expect(c.stderr).toContain("--over: not a date range");
  });
  it("an unknown model is still an error, placed in the file", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "llmcost: 1\ninference:\n  - name: x\n    model: big-3\n    requests: 1\n");
    const r = await run(["estimate", bad, "--over", "2024-01-01..2025-01-01"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${bad}:4:12: inference[0].model: unknown model "big-3"`);
  });
});

describe("trend on the embedded catalog", () => {
  it("gpt-4o: $5/$15 from 2024-05-13, $2.50/$10 from 2024-10-02", async () => {
    const r = await cli(["trend", "openai/gpt-4o", "--until", "2024-12-31", "--format", "json"]);
    const pts = JSON.parse(r.stdout).series[0].points;
    expect(pts.slice(0, 2).map((p: { date: string; price: number }) => [p.date, p.price])).toEqual([
      ["2024-05-13", 7.5],
      ["2024-10-02", 4.375],
    ]);
  });
  it("the china-2024 preset is in CNY and shows the May 2024 cuts", async () => {
    const r = await cli(["trend", "--preset", "china-2024", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j.currency).toBe("CNY");
    const turbo = j.series.find((s: { label: string }) => s.label === "alibaba/qwen-turbo");
    expect(turbo.points.find((p: { date: string }) => p.date === "2024-05-21")).toBeDefined();
    expect(turbo.summary.total_change).toBeLessThan(0);
  });
  it("the built binary runs trend", () => {
    const r = bin(["trend", "gpt-4o", "--until", "2025-01-01", "--format", "csv"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "series,date,price,currency,metric,change,event,provider,offering,list_currency,fx_rate,entry_from,source",
    );
  });
});
