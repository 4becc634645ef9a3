import { describe, expect, it } from "vitest";
import { htmlText } from "../../src/escape.js";
import { billingBlocks } from "../../src/report/catalog-billing.js";
import { phrases } from "../../src/report/labels.js";
import type { ShownBilling } from "../../src/schema/catalog-views.js";
import { cli, embedded } from "../helpers/cli.js";

/**
 * `catalog show` lists the billing sections (docs/billing.md) with their dates and sources, for a
 * model (the entries that apply to it) and for a provider (all of them), in table, JSON, Markdown and
 * HTML (the HTML view had none of them until 2026-12-03).
 */

/** The words of `text` in order, whatever line breaks the table's wrapping put between them. */
const loose = (text: string) =>
  new RegExp(
    text
      .split(" ")
      .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
      .join("\\s+"),
  );

async function run(args: string[]) {
  const r = await cli(["catalog", "show", ...args]);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

describe("catalog show: billing sections", () => {
  it("a provider: all its packs, with quantity, validity and source", async () => {
    const j = JSON.parse(await run(["alibaba", "--format", "json"]));
    expect(j.provider).toMatchObject({ id: "alibaba", currency: "CNY" });
    expect(j.api).toEqual([]);
    const pack = j.billing[0].packs.find((p: { id: string }) => p.id === "qwen-max-free-quota");
    expect(pack).toMatchObject({ quantity: 1e6, validity_days: 90, free: true });
    expect(pack.prices[0].source).toContain("alibabacloud.com/help/en/model-studio/new-free-quota");
    const table = await run(["alibaba"]);
    expect(table).toContain("free quota qwen-max-free-quota");
    expect(table).toContain("1,000,000 tokens, valid 90 days, models qwen-max");
    expect(table).toContain("2025-09-08  CNY  free (granted once)");
  });

  it("a provider/model: only the entries that apply to the model", async () => {
    const j = JSON.parse(await run(["azure/gpt-4o-mini-2024-07-18", "--format", "json"]));
    const b = j.billing[0];
    expect(b.provider).toBe("azure");
    expect(b.provisioned.map((p: { id: string }) => p.id)).toEqual(["ptu-regional", "ptu-global", "ptu-data-zone"]);
    for (const p of b.provisioned)
      expect(p.models.map((m: { model: string }) => m.model)).toEqual(["gpt-4o-mini-2024-07-18"]);
    expect(b.fine_tuning.map((f: { model: string }) => f.model)).toEqual(["gpt-4o-mini-2024-07-18"]);
    const table = await run(["azure/gpt-4o-mini-2024-07-18"]);
    expect(table).toContain("provisioned ptu-global");
    expect(table).toMatch(loose("hourly 1 per unit-hour; month 260 per unit-month; year 2652 per unit for the term"));
    expect(table).toMatch(loose("training 3.3, hosting 1.7/h, input 0.165, cached input 0.083, output 0.66"));
  });

  it("Markdown: a heading per provider and a dated, sourced table per entry", async () => {
    const md = await run(["aws-bedrock/claude-instant-1.2", "--format", "markdown"]);
    expect(md).toContain("## aws-bedrock billing");
    expect(md).toContain("### provisioned pt-claude-instant");
    expect(md).toMatch(
      /\| 2025-02-28 \| {2}\| USD \| hourly 44 per unit-hour; month 39\.6 per unit-hour; 6 months 22 per unit-hour \| https:\/\/github\.com\/sungminna\/GapS/,
    );
  });

  it("a provider without billing sections says so", async () => {
    expect(await run(["groq"])).toContain("groq: no billing model beyond pay-as-you-go per token");
  });

  it("an unknown id is still an error that names providers among the suggestions", async () => {
    const r = await cli(["catalog", "show", "alibba"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('did you mean "alibaba"');
  });

  // Every provider of the catalog with a billing section, whichever kinds it holds.
  const KINDS = ["fees", "packs", "plans", "provisioned", "fine_tuning", "cache"] as const;
  const withBilling = embedded()
    .providers.filter((p) => KINDS.some((k) => (p as Record<string, unknown>)[k] !== undefined))
    .map((p) => p.provider.id);

  it("the catalog has providers with billing sections (what the HTML test reads)", () => {
    expect(withBilling.length).toBeGreaterThan(3);
  });

  it.each(withBilling)(
    "HTML (en and zh-CN): %s's billing entries, each with what it is and its dated prices and sources",
    async (id) => {
      const j = JSON.parse(await run([id, "--format", "json"]));
      expect(j.billing.length).toBeGreaterThan(0);
      for (const lang of ["en", "zh-CN"] as const) {
        const html = await run([id, "--format", "html", "--lang", lang]);
        const table = await run([id, "--lang", lang]);
        for (const b of j.billing as ShownBilling[]) {
          expect(html).toContain(`<h2>${htmlText(`${b.provider} billing`)}</h2>`);
          for (const k of billingBlocks(b, phrases(lang))) {
            // The same heading as the table view's, then what it is, then one row per dated entry.
            expect(table).toContain(k.heading.slice(0, 30));
            expect(html).toContain(`<h3>${htmlText(k.heading)}</h3>`);
            for (const a of k.about) expect(html).toContain(`<li>${htmlText(a)}</li>`);
            for (const l of k.lines) expect(html).toContain(`<th scope="row">${l.from}</th>`);
            for (const l of k.lines) expect(html).toContain(`<td>${htmlText(l.text)}</td>`);
          }
        }
        const t = phrases(lang);
        for (const label of ["since", "currency", "price", "source"])
          expect(html).toContain(`<th scope="col">${htmlText(t(label))}</th>`);
      }
    },
  );

  it("HTML: a provider without billing sections says so", async () => {
    expect(await run(["groq", "--format", "html"])).toContain("groq: no billing model beyond pay-as-you-go per token");
  });
});
