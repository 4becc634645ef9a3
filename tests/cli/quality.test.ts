import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/** `catalog show` prints a model's quality class; `catalog quality` lists a snapshot's classes (docs/quality.md). */

const dir = mkdtempSync(join(tmpdir(), "llmcost-quality-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("catalog show: the quality class with its snapshot", () => {
  it("gpt-4o-mini on 2024-08-01 is frontier on the 2024-07-22 snapshot (1279.7 vs 1286.8)", async () => {
    const r = await cli(["catalog", "show", "gpt-4o-mini", "--as-of", "2024-08-01"]);
    expect(r.exitCode).toBe(0);
    expect(flat(r.stdout)).toContain(
      "quality on 2024-08-01: frontier (arena-elo 1279.7, 7.1 below the top 1286.8; LMSYS Chatbot Arena, text, overall, 2024-07-22) source: https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard/blob/main/elo_results_20240722.pkl",
    );
  });

  it("JSON carries the class, score, date and source", async () => {
    const r = await cli(["catalog", "show", "gpt-4o-mini", "--as-of", "2026-01-01", "--format", "json"]);
    const q = JSON.parse(r.stdout).quality;
    // 2025-12-11: 1486.6 − 1287.2 = 199.4 below the top, more than 175: basic.
    expect([q.class, q.score, q.top, q.date, q.metric]).toEqual(["basic", 1287.2, 1486.6, "2025-12-11", "arena-elo"]);
    expect(q.source).toMatch(/^https:\/\/github\.com\/lmarena\/arena-catalog\/blob\/[0-9a-f]{40}\//);
  });

  it("a model no snapshot scores says so; a GPU has no quality line", async () => {
    const before = await cli(["catalog", "show", "gpt-4o-mini", "--as-of", "2024-01-01"]);
    expect(before.stdout).toContain("quality on 2024-01-01: no class");
    const gpu = await cli(["catalog", "show", "h100-sxm"]);
    expect(gpu.stdout).not.toContain("quality on");
    expect(JSON.parse((await cli(["catalog", "show", "h100-sxm", "--format", "json"])).stdout).quality).toBeNull();
  });

  it("an overlay's override sets the class from its day", async () => {
    const o = join(dir, "override.yaml");
    writeFileSync(
      o,
      "schema: 1\nquality:\n  overrides:\n    - {model: gpt-4o-mini, class: strong, from: 2026-01-01, source: our support eval}\n",
    );
    const r = await cli(["catalog", "show", "gpt-4o-mini", "--as-of", "2026-11-22", "--catalog", o]);
    expect(flat(r.stdout)).toContain(
      "quality on 2026-11-22: strong (override from 2026-01-01; leaderboard score 1286.6) source: our support eval",
    );
  });

  it("an overlay naming a model the catalog lacks exits 2 with its place", async () => {
    const o = join(dir, "bad.yaml");
    writeFileSync(
      o,
      "schema: 1\nquality:\n  overrides:\n    - {model: gpt-4o-mni, class: strong, from: 2026-01-01, source: x}\n",
    );
    const r = await cli(["catalog", "show", "gpt-4o-mini", "--catalog", o]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `${o}:4:15: quality.overrides[0].model: override model "gpt-4o-mni" is not a model in the catalog`,
    );
    expect(r.stdout).toBe("");
  });
});

describe("catalog quality", () => {
  it("lists the snapshot in force, best first, with its bands", async () => {
    const r = await cli(["catalog", "quality", "--as-of", "2024-08-01", "--format", "json"]);
    expect(r.exitCode).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.snapshots).toHaveLength(1);
    const s = v.snapshots[0];
    expect([s.date, s.top.name, s.bands.frontier, s.bands.strong, s.bands.mid]).toEqual([
      "2024-07-22",
      "gpt-4o-2024-05-13",
      50,
      100,
      175,
    ]);
    expect(s.rows[0]).toEqual({
      key: "gpt-4o-2024-05-13",
      name: null,
      score: 1286.8,
      ci: null,
      below_top: 0,
      class: "frontier",
    });
    const scores = s.rows.map((x: { score: number }) => x.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it("--all lists every snapshot up to --as-of, newest first; the table and Markdown name the source", async () => {
    const all = JSON.parse(
      (await cli(["catalog", "quality", "--all", "--as-of", "2024-12-31", "--format", "json"])).stdout,
    );
    expect(all.snapshots.map((s: { date: string }) => s.date)).toEqual([
      "2024-11-13",
      "2024-09-04",
      "2024-07-22",
      "2024-04-26",
    ]);
    const t = await cli(["catalog", "quality", "--as-of", "2024-08-01"]);
    expect(flat(t.stdout)).toContain("frontier ≤ 50, strong ≤ 100, mid ≤ 175, else basic");
    expect(t.stdout).toMatch(/frontier +gpt-4o-mini-2024-07-18 +1279\.7 +7\.1/);
    const md = await cli(["catalog", "quality", "--format", "markdown"]);
    expect(md.stdout).toContain("#### LMArena text, overall, arena-elo, 2026-08-19");
  });

  it("before the first snapshot there is nothing to list", async () => {
    const r = await cli(["catalog", "quality", "--as-of", "2023-01-01"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("No quality snapshot dated on or before 2023-01-01");
  });
});
