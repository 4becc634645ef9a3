import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownFence } from "../../src/escape.js";
import { estimateFaults } from "../../src/load/invariants.js";
import type { Estimate } from "../../src/schema/report.js";
import { csvFault, htmlFault, markdownFault } from "../fuzz/oracles.js";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * Issue 14: what the entry-point fuzz families (tests/fuzz/entry.ts) found, one regression test per
 * class, each the smallest case that showed it. Each was fixed at its root:
 *
 * 1. saved estimates: a component whose cost is not quantity × unit price (unit_price 1e308, a
 *    quantity ×1e6), an infinite product compared "close" to a finite cost, and budget lines with a
 *    cost of −1e308 or null or a `budget.total` unlike its line were all read as estimates;
 * 2. `trend` and `estimate --over` CSV wrote formula-leading cells, and their Markdown passed names,
 *    titles and warnings through unescaped (an `<!--` hid the rest of a PR comment);
 * 3. a name with a line of three backticks closed the Markdown chart's code fence;
 * 4. SVG charts left `'` unescaped (their own `esc`, not the HTML channel's);
 * 5. `usage --to-workload` on a cost export wrote `inference:` with no items, a workload llmcost refuses;
 * 6. a saved estimate whose report currency was "x" passed `check --budget` (the output schema said
 *    only "a string"; it now says ISO 4217, as the catalog does);
 * 7. `usage --format markdown`: the total row had one cell fewer than the header (its label and the
 *    row count shared a cell), on every input;
 * 8. `catalog refresh` wrote a patch `--catalog` refuses (a LiteLLM `…_above_200k_tokens` price of
 *    1e308 became an infinite tier price): it did not read the peer back as `catalog import` does.
 */
const dir = scratchDir("llmcost-fuzz-found-");
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

async function saved(example: string): Promise<Estimate> {
  const r = await cli(["estimate", join("examples", example), "--format", "json"]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Estimate;
}

describe("class 1: saved estimates are checked component by component, and their budget block", () => {
  it.each([
    [
      "a unit price of 1e308 (its product overflows; an infinite sum is never close to a finite cost)",
      (e: Estimate) => {
        const c = e.items[0]?.options[0]?.components.find((x) => x.quantity > 0);
        if (!c) throw new Error("no component with a quantity");
        c.unit_price = 1e308;
      },
      /a component's cost is not its quantity times its unit price/,
    ],
    [
      "a quantity ×1,000,000 (cost unchanged)",
      (e: Estimate) => {
        const c = e.items[0]?.options[0]?.components[0];
        if (c) c.quantity *= 1e6;
      },
      /a component's cost is not its quantity times its unit price/,
    ],
    [
      "a budget line cost of -1e308",
      (e: Estimate) => {
        const l = e.budget?.lines[1];
        if (l) l.cost = -1e308;
      },
      /a budget line's cost is negative/,
    ],
    [
      "a budget line cost of null for a priced item",
      (e: Estimate) => {
        const l = e.budget?.lines[1];
        if (l) l.cost = null;
      },
      /a budget line's cost is not the cost of the item it names/,
    ],
    [
      "a total budget of 1e308 beside a total line of 400",
      (e: Estimate) => {
        if (e.budget) e.budget.total = 1e308;
      },
      /the total budget is not the limit of the budget's total line/,
    ],
  ])("%s: exit 2 from diff and check", async (_what, edit, message) => {
    const e = await saved("ci-base.yaml");
    edit(e);
    expect(
      estimateFaults(e)
        .map((f) => f.message)
        .join("\n"),
    ).toMatch(message);
    const base = file("base.json", JSON.stringify(e));
    const d = await cli(["diff", base, "examples/ci-head.yaml", "--fail-above", "100%"]);
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toMatch(message);
    const c = await cli(["check", base, "--budget", "1e308"]);
    expect(c.exitCode).toBe(2);
    expect(c.stdout).toBe("");
  });

  it('a report currency that is not an ISO 4217 code ("x"): exit 2 from check', async () => {
    const e = await saved("support-assistant.yaml");
    (e as { currency: unknown }).currency = "x";
    const c = await cli(["check", file("cur.json", JSON.stringify(e)), "--budget", "500"]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/currency: expected an ISO 4217 currency code/);
  });

  it("every example's estimate keeps the new invariants (components, budget lines)", async () => {
    for (const f of ["support-assistant.yaml", "mixed.yaml", "ci-base.yaml", "china-price-war.yaml"])
      expect(estimateFaults(await saved(f))).toEqual([]);
    for (const f of ["azure-ptu.yaml", "agent-web-search.yaml", "fine-tune.yaml", "qwen-free-quota.yaml"]) {
      const r = await cli(["estimate", join("examples/billing", f), "--format", "json"]);
      expect(r.exitCode).toBe(0);
      expect(estimateFaults(JSON.parse(r.stdout) as Estimate)).toEqual([]);
    }
  });
});

/** A workload and an overlay whose names are what the render family throws at the renderers. */
function hostile() {
  const w = file(
    "w.yaml",
    [
      "llmcost: 1",
      'name: "<!-- x\\n```\\n<img src=x onerror=alert(1)>"',
      "as_of: 2026-11-01",
      "inference:",
      '  - {name: "@SUM(A1)|x", model: fuzz-mini, requests_per_day: 1000, input_tokens: 1200, output_tokens: 250}',
      "",
    ].join("\n"),
  );
  const o = file(
    "o.yaml",
    [
      "schema: 1",
      "provider: {id: fuzzp, name: Fuzz, currency: USD, source: \"=HYPERLINK('http://x')\"}",
      "models:",
      "  - id: fuzz-mini",
      "    prices:",
      '      - {from: 2025-01-01, input: 0.01, output: 0.02, source: "+cmd<!--"}',
      "      - {from: 2026-01-01, input: 0.02, output: 0.03}",
      "",
    ].join("\n"),
  );
  return { w, o };
}

describe("class 2 and 3: trend and cost-over-time CSV and Markdown neutralise names", () => {
  it("trend --format csv: no formula-leading cell (the source was =HYPERLINK…)", async () => {
    const { o } = hostile();
    const r = await cli(["trend", "fuzzp/fuzz-mini", "--catalog", o, "--format", "csv"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`"'=HYPERLINK('http://x')"`);
    expect(csvFault(r.stdout)).toBeUndefined();
  });

  it("trend --format markdown: a source cannot open an HTML comment", async () => {
    const { o } = hostile();
    const r = await cli(["trend", "fuzzp/fuzz-mini", "--catalog", o, "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("+cmd&lt;\\!--");
    expect(markdownFault(r.stdout)).toBeUndefined();
  });

  it("estimate --over: CSV and Markdown, and the chart's fence a name cannot close", async () => {
    const { w, o } = hostile();
    const over = ["estimate", w, "--over", "2025-06-01..2026-06-01", "--catalog", o];
    const csv = await cli([...over, "--format", "csv"]);
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout).toContain(`"'@SUM(A1)|x"`);
    expect(csvFault(csv.stdout)).toBeUndefined();
    const md = await cli([...over, "--format", "markdown"]);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain("````text"); // one backtick longer than the name's ```
    expect(markdownFault(md.stdout)).toBeUndefined(); // the <img line is inside the code block
  });

  it("markdownFence: the fence outgrows any run of backticks in the text", () => {
    expect(markdownFence("a\n```\nb")).toBe("````text\na\n```\nb\n````");
    expect(markdownFence("plain")).toBe("```text\nplain\n```");
  });
});

describe("class 4: SVG charts escape both kinds of quotes", () => {
  it("a workload name with ' data-zz9='1 stays text", async () => {
    const w = file(
      "q.yaml",
      "llmcost: 1\nname: \"' data-zz9='1\"\ninference:\n  - {name: a, model: gpt-4o-mini, requests_per_day: 1000, input_tokens: 1000}\n",
    );
    const r = await cli(["estimate", w, "--over", "2025-01-01..2026-01-01", "--format", "svg"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("&#39; data-zz9=&#39;1");
    expect(htmlFault(r.stdout)).toBeUndefined();
  });
});

describe("class 5: usage --to-workload never writes a workload llmcost refuses", () => {
  it("a cost export (no traffic): exit 2, nothing written", async () => {
    const out = join(dir, "fitted.yaml");
    const r = await cli(["usage", "tests/fixtures/usage/openai-costs.json", "--to-workload", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--to-workload: no priced rows to fit a workload from/);
    expect(existsSync(out)).toBe(false);
  });

  it("usage logs: the fitted workload prices, at the actual cost of a steady log", async () => {
    const out = join(dir, "steady.yaml");
    const u = await cli(["usage", "tests/fixtures/usage/openai.jsonl", "--format", "json", "--to-workload", out]);
    expect(u.exitCode).toBe(0);
    const e = await cli(["estimate", out, "--format", "json"]);
    expect(e.exitCode).toBe(0);
    // openai.jsonl: 4 rows on one day, each priced at that day's list price; the fitted workload
    // prices the same requests at the same date, so the totals agree (0.0478782 in both).
    const actual = (JSON.parse(u.stdout) as { total: number }).total;
    expect((JSON.parse(e.stdout) as Estimate).total).toBeCloseTo(actual, 9);
    expect(readFileSync(out, "utf8")).toMatch(/^inference:\n {2}- name:/m);
  });
});

describe("class 7: usage Markdown tables keep their columns", () => {
  it.each([["model"], ["model,day"], ["provider,model"]])(
    "--by %s: the total row is as wide as the header",
    async (by) => {
      const r = await cli(["usage", "tests/fixtures/usage/openai.jsonl", "--by", by, "--format", "markdown"]);
      expect(r.exitCode).toBe(0);
      expect(markdownFault(r.stdout)).toBeUndefined();
      // openai.jsonl holds 4 rows: the total row's rows cell follows its label and the empty key cells.
      expect(r.stdout).toContain(`| **total** |${" |".repeat(by.split(",").length - 1)} 4 | 4 |`);
    },
  );
});

describe("class 8: catalog refresh never proposes what --catalog refuses", () => {
  it("an infinite tier price from the peer is left out and counted; the patch validates", async () => {
    const peer = {
      "gpt-4o": {
        litellm_provider: "openai",
        mode: "chat",
        input_cost_per_token: 2.5e-6,
        output_cost_per_token: 1e-5,
        input_cost_per_token_above_200k_tokens: 1e308,
      },
    };
    const out = join(dir, "patch.yaml");
    const r = await cli([
      "catalog",
      "refresh",
      file("peer.json", JSON.stringify(peer)),
      "--from",
      "litellm",
      "--date",
      "2026-11-01",
      "-o",
      out,
      "--changelog",
      join(dir, "changelog.md"),
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(
      /1 peer offering\(s\) left out: llmcost would refuse them \(e\.g\. openai\/gpt-4o: .*Infinity/,
    );
    expect(readFileSync(out, "utf8")).not.toMatch(/\.inf|Infinity/);
    expect((await cli(["catalog", "validate", out])).exitCode).toBe(0);
  });
});
