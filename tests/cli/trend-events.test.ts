import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventsFor, type TrendRequest } from "../../src/engine/trend.js";
import type { CatalogProvider } from "../../src/schema/catalog.js";
import { TrendReport } from "../../src/schema/trend.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { cli } from "../helpers/cli.js";

/**
 * Events: dated, sourced annotations in a provider file (`events:`) that `trend` lists under the
 * series and marks on the chart's time axis. A hand-made catalog, so catalog edits do not move these.
 */

const cn: CatalogProvider = {
  provider: { id: "cn", name: "CN Lab", currency: "CNY", source: "https://cn.example/pricing" },
  models: [
    {
      id: "long",
      aliases: ["long-latest"],
      tags: ["war"],
      prices: [
        { from: "2024-01-01", input: 20, output: 20, source: "https://cn.example/2024-01" },
        { from: "2024-05-21", input: 0.5, output: 2, source: "https://cn.example/2024-05" },
      ],
    },
    {
      id: "turbo",
      tags: ["war"],
      prices: [{ from: "2024-01-01", input: 8, output: 8, source: "https://cn.example/turbo" }],
    },
  ],
  events: [
    // Listed out of date order on purpose: the report sorts them.
    {
      date: "2024-05-21",
      kind: "cut",
      offerings: ["long-latest"],
      title: "CN cuts Long input by 97.5%",
      source: "https://cn.example/news/0521",
    },
    { date: "2024-03-01", kind: "other", title: "CN-wide notice", source: "https://cn.example/news/0301" },
    {
      date: "2023-06-01",
      kind: "launch",
      offerings: ["long"],
      title: "before the window",
      source: "https://cn.example/news/2023",
    },
  ],
};
const other: CatalogProvider = {
  provider: { id: "zz", name: "ZZ", currency: "CNY", source: "https://zz.example" },
  models: [{ id: "zz-chat", prices: [{ from: "2024-01-01", input: 1, output: 1 }] }],
  events: [{ date: "2024-05-22", kind: "free", title: "ZZ goes free", source: "https://zz.example/news" }],
};
const rates = [{ from: "2023-01-01", currency: "CNY", per_usd: 7.0 }];
const tiny = tinyCatalog([cn, other], rates);
const run = (args: string[]) => cli(args, { catalog: () => tiny });

describe("eventsFor (engine)", () => {
  const offering = (p: CatalogProvider, id: string) => ({
    provider: p,
    model: (p.models ?? []).find((m) => m.id === id) as NonNullable<CatalogProvider["models"]>[number],
  });
  const groups: TrendRequest["groups"] = [
    { label: "cn/long", kind: "offering", offerings: [offering(cn, "long")] },
    { label: "cn/turbo", kind: "offering", offerings: [offering(cn, "turbo")] },
  ];
  it("keeps the window's events that concern a series drawn, oldest first", () => {
    const ev = eventsFor(tiny, groups, { since: "2024-01-01", until: "2024-12-31" });
    // The 2023 launch is before the window; ZZ's event concerns no series drawn.
    expect(ev.map((e) => [e.date, e.title, e.series])).toEqual([
      ["2024-03-01", "CN-wide notice", ["cn/long", "cn/turbo"]], // no `offerings`: provider-wide
      ["2024-05-21", "CN cuts Long input by 97.5%", ["cn/long"]], // named by its alias
    ]);
    expect(ev[1]).toMatchObject({ provider: "cn", kind: "cut", offerings: ["long-latest"] });
  });
  it("a window that ends before an event leaves it out", () => {
    const ev = eventsFor(tiny, groups, { since: "2024-01-01", until: "2024-05-20" });
    expect(ev.map((e) => e.date)).toEqual(["2024-03-01"]);
  });
});

describe("trend shows events", () => {
  it("in JSON, valid against the report schema", async () => {
    const r = await run(["trend", "cn/long", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(TrendReport.strict().safeParse(j).success).toBe(true);
    expect(j.events.map((e: { date: string }) => e.date)).toEqual(["2024-03-01", "2024-05-21"]);
    expect(j.events[1].source).toBe("https://cn.example/news/0521");
  });
  it("in the table: a numbered list, and the same marks under the chart's dates", async () => {
    const r = await run(["trend", "cn/long", "--since", "2024-01-01", "--until", "2024-12-31"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(" 1  2024-03-01  cn  CN-wide notice");
    expect(r.stdout).toContain(" 2  2024-05-21  cn  CN cuts Long input by 97.5%");
    const row = r.stdout.split("\n").find((l) => l.trimStart().startsWith("events ") && l.includes("▲"));
    expect(row).toBeDefined();
    // March comes before late May on the time axis.
    expect((row as string).indexOf("▲1")).toBeLessThan((row as string).indexOf("▲2"));
  });
  it("in the SVG: a dashed line per event date and the list under the legend", async () => {
    const r = await run(["trend", "cn/long", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "svg"]);
    expect(r.stdout.match(/stroke-dasharray="3 3"/g)?.length).toBe(2);
    expect(r.stdout).toContain("2  2024-05-21  CN cuts Long input by 97.5%");
  });
  it("in Markdown: an events table with sources", async () => {
    const r = await run(["trend", "cn/long", "--since", "2024-01-01", "--format", "markdown", "--until", "2024-12-31"]);
    expect(r.stdout).toContain("| 2 | 2024-05-21 | cn | CN cuts Long input by 97.5% | https://cn.example/news/0521 |");
  });
  it("a trend without events prints no events block", async () => {
    const r = await run(["trend", "zz-chat", "--until", "2024-05-01"]);
    expect(r.stdout).not.toContain("events");
  });
});

describe("events are checked when the catalog is loaded", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmcost-events-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("an event naming an offering the provider does not have is placed, with a hint", async () => {
    const overlay = join(dir, "ov.yaml");
    writeFileSync(
      overlay,
      [
        "schema: 1",
        "provider: {id: cn, name: CN Lab, currency: CNY, source: https://cn.example}",
        "models:",
        "  - id: long",
        "    prices: [{from: 2024-01-01, input: 1, output: 1}]",
        "events:",
        "  - date: 2024-05-21",
        "    kind: cut",
        "    offerings: [lnog]",
        "    title: a typo",
        "    source: https://cn.example/news",
        "",
      ].join("\n"),
    );
    const r = await run(["trend", "cn/long", "--catalog", overlay]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${overlay}:9:`);
    expect(r.stderr).toContain('unknown offering "lnog" in an event');
    expect(r.stderr).toContain('did you mean "long"');
  });
  it("an event without a source is refused by the schema", async () => {
    const overlay = join(dir, "nosrc.yaml");
    writeFileSync(
      overlay,
      "schema: 1\nproviders:\n  - provider: {id: cn}\n    events:\n      - {date: 2024-05-21, kind: cut, title: no source}\n",
    );
    const r = await run(["trend", "cn/long", "--catalog", overlay]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/nosrc\.yaml:5:\d+: providers\[0\]\.events\[0\]/);
    expect(r.stderr).toContain("source");
  });
  it("an overlay's events add to the catalog's", async () => {
    const overlay = join(dir, "more.yaml");
    writeFileSync(
      overlay,
      "schema: 1\nproviders:\n  - provider: {id: cn}\n    events:\n      - {date: 2024-07-01, kind: raise, offerings: [long], title: CN raises Long, source: https://cn.example/0701}\n",
    );
    const r = await run([
      "trend",
      "cn/long",
      "--since",
      "2024-01-01",
      "--until",
      "2024-12-31",
      "--format",
      "json",
      "--catalog",
      overlay,
    ]);
    expect(JSON.parse(r.stdout).events.map((e: { date: string }) => e.date)).toEqual([
      "2024-03-01",
      "2024-05-21",
      "2024-07-01",
    ]);
  });
});
