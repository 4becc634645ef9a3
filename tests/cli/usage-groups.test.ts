import { describe, expect, it } from "vitest";
import { UsageReport } from "../../src/schema/usage.js";
import { cli } from "../helpers/cli.js";

/**
 * `--by week`, `--by key`, `--by user` and LiteLLM's spend logs exported as CSV
 * (tests/fixtures/usage/litellm-spend.csv, provenance in its README). Prices in force in
 * October 2026, per 1M tokens: gpt-4o-mini $0.15 in / $0.075 cached / $0.60 out;
 * claude-haiku-4-5 $1 in / $5 out.
 *
 * The four rows, worked by hand:
 *   c1 Mon 2026-10-12, gpt-4o-mini, key sk-a, alice: (2000−1024)·0.15 + 1024·0.075 + 300·0.60
 *      = 146.4 + 76.8 + 180 = 403.2 → $0.0004032 (LiteLLM's spend: the same)
 *   c2 Sun 2026-10-18 23:30, haiku 4.5, key sk-a, bob: 1000·1 + 1000·5 = 6000 → $0.006
 *      (LiteLLM's spend 0.0065: (0.006 − 0.0065) / 0.0065 = −7.69% → flagged above 5%)
 *   c3 Mon 2026-10-19 00:10, gpt-4o-mini, key sk-b, alice: 10000·0.15 + 1000·0.60 = 2100 → $0.0021
 *   c4 a hit in LiteLLM's own response cache (cache_hit True): never reached the provider, no row.
 *   total 0.0004032 + 0.006 + 0.0021 = $0.0085032; LiteLLM's spend 0.0004032 + 0.0065 + 0.0021 = $0.0090032
 * Weeks start on Monday (ISO): c1 and c2 are the week of 2026-10-12 ($0.0064032), c3 the week of
 * 2026-10-19 ($0.0021). Keys: sk-a $0.0064032, sk-b $0.0021. Users: alice 0.0004032 + 0.0021 =
 * $0.0025032, bob $0.006; carol's only request was a cache hit, so she has no group.
 */

const FILE = "tests/fixtures/usage/litellm-spend.csv";

type Group = { key: Record<string, string>; cost: number; rows: number; flagged?: boolean };

async function usage(args: string[]) {
  const r = await cli(["usage", FILE, ...args, "--format", "json"]);
  expect(r.exitCode).toBe(0);
  const json = JSON.parse(r.stdout);
  UsageReport.parse(json);
  return { json, stderr: r.stderr };
}

function costs(groups: Group[], field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of groups) out[g.key[field] as string] = (out[g.key[field] as string] ?? 0) + g.cost;
  return out;
}

describe("llmcost usage: LiteLLM spend-log CSV and --by week|key|user", () => {
  it("detects the LiteLLM CSV export and prices every billed row", async () => {
    const { json, stderr } = await usage([]);
    expect(stderr).toContain("detected litellm");
    expect(json.inputs[0]).toMatchObject({ format: "litellm", rows: 3, errors: 0 });
    expect(json.total).toBeCloseTo(0.0085032, 12);
    expect(json.provider_cost).toBeCloseTo(0.0090032, 12);
    expect(json.complete).toBe(true);
    expect(json.tokens).toMatchObject({ input: 13000, cached: 1024, output: 2300 });
  });

  it("--by week: ISO weeks from Monday (a Sunday-night row stays in its week)", async () => {
    const { json } = await usage(["--by", "week"]);
    const byWeek = costs(json.groups, "week");
    expect(Object.keys(byWeek).sort()).toEqual(["2026-10-12", "2026-10-19"]);
    expect(byWeek["2026-10-12"]).toBeCloseTo(0.0064032, 12);
    expect(byWeek["2026-10-19"]).toBeCloseTo(0.0021, 12);
  });

  it("--by key: the API key of each request", async () => {
    const { json } = await usage(["--by", "key"]);
    const byKey = costs(json.groups, "key");
    expect(Object.keys(byKey).sort()).toEqual(["sk-a", "sk-b"]);
    expect(byKey["sk-a"]).toBeCloseTo(0.0064032, 12);
    expect(byKey["sk-b"]).toBeCloseTo(0.0021, 12);
  });

  it("--by user: the cache hit adds no user; the provider-cost difference is flagged per group", async () => {
    const { json } = await usage(["--by", "user"]);
    const byUser = costs(json.groups, "user");
    expect(Object.keys(byUser).sort()).toEqual(["alice", "bob"]);
    expect(byUser.alice).toBeCloseTo(0.0025032, 12);
    expect(byUser.bob).toBeCloseTo(0.006, 12);
    const bob = json.groups.find((g: Group) => g.key.user === "bob");
    expect(bob.flagged).toBe(true);
    const alice = json.groups.find((g: Group) => g.key.user === "alice");
    expect(alice.flagged).toBe(false);
  });

  it("--by week,key,user: one group per combination, summing to the total", async () => {
    const { json } = await usage(["--by", "week,key,user"]);
    const keys = json.groups.map((g: Group) => `${g.key.week} ${g.key.key} ${g.key.user}`).sort();
    expect(keys).toEqual(["2026-10-12 sk-a alice", "2026-10-12 sk-a bob", "2026-10-19 sk-b alice"]);
    const sum = json.groups.reduce((s: number, g: Group) => s + g.cost, 0);
    expect(sum).toBeCloseTo(0.0085032, 12);
  });
});
