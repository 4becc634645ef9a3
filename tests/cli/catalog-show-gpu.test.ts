import { describe, expect, it } from "vitest";
import { unitPrice } from "../../src/report/format.js";
import { GPU_PRICE_FIELDS } from "../../src/schema/catalog.js";
import { cli } from "../helpers/cli.js";

/**
 * `catalog show GPU`: every dated entry of every offer shows its prices, whichever of the schema's
 * GPU prices it holds. AWS's Capacity Block offers hold only `capacity_block`, and their entries
 * printed an empty price list (`2024-12-01  USD/GPU-h  ` and nothing after) in table and Markdown,
 * and empty cells in HTML. The figures come from the JSON view (the catalog's data), not from here.
 */

async function show(format: string, lang = "en") {
  const r = await cli(["catalog", "show", "h100-sxm", "--format", format, "--lang", lang]);
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

type Entry = Record<string, unknown> & { from: string };

describe("catalog show h100-sxm: no entry without its prices", () => {
  it("the catalog has a Capacity Block offer of h100-sxm (what this test is about)", async () => {
    const j = JSON.parse(await show("json"));
    const blocks = j.gpus.filter((o: { prices: Entry[] }) => o.prices.some((e) => e.capacity_block !== undefined));
    expect(blocks.length).toBeGreaterThan(0);
  });

  it("table (en, zh-CN) and Markdown: each entry names each price it holds", async () => {
    const j = JSON.parse(await show("json"));
    const table = await show("table");
    const zh = await show("table", "zh-CN");
    const md = await show("markdown");
    for (const o of j.gpus as Array<{ prices: Entry[] }>)
      for (const e of o.prices)
        for (const k of GPU_PRICE_FIELDS)
          if (typeof e[k] === "number") {
            const v = unitPrice(e[k] as number);
            expect(table).toMatch(new RegExp(`${e.from} .*${k} ${v.replace(".", "\\.")}`));
            expect(md).toMatch(new RegExp(`\\| ${e.from} \\|.*${k} ${v.replace(".", "\\.")}`));
          }
    expect(zh).toMatch(/容量块 \d/);
    // No entry line ends after its unit.
    for (const text of [table, zh]) expect(text).not.toMatch(/^ {2}\d{4}-\d\d-\d\d.*\/GPU-h\s*$/m);
    expect(md).not.toMatch(/\/GPU-h \|\s+\|/);
  });

  it("HTML: a capacity block column where an offer has that price", async () => {
    const j = JSON.parse(await show("json"));
    const html = await show("html");
    const block = (j.gpus as Array<{ prices: Entry[] }>)
      .flatMap((o) => o.prices)
      .find((e) => e.capacity_block !== undefined);
    expect(html).toContain('<th scope="col" class="num">capacity block</th>');
    expect(html).toContain(`<td class="num">${unitPrice(block?.capacity_block as number)}</td>`);
    expect(await show("html", "zh-CN")).toContain('<th scope="col" class="num">容量块</th>');
  });
});

describe("catalog show h100-sxm: the notes of offers and of their dated entries", () => {
  // Entry notes carry the date basis ("only the month is known: 1st of the month used") and how a
  // per-GPU price was derived ("$55.04/h / 8"); the table, Markdown and HTML views left them out.
  const squeeze = (s: string) => s.replace(/\s+/g, " ");
  const html = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;");

  it("every note of the JSON view is in the table (en, zh-CN), Markdown and HTML views", async () => {
    const j = JSON.parse(await show("json"));
    const views = {
      table: squeeze(await show("table")),
      zh: squeeze(await show("table", "zh-CN")),
      md: squeeze(await show("markdown")),
      html: squeeze(await show("html")),
    };
    const all = (j.gpus as Array<{ notes?: string; prices: Entry[] }>).flatMap((o) => [
      ...(o.notes ? [o.notes] : []),
      ...o.prices.flatMap((e) => (typeof e.notes === "string" ? [e.notes] : [])),
    ]);
    expect(all.length).toBeGreaterThan(5);
    for (const note of all) {
      expect(views.table).toContain(squeeze(note));
      expect(views.zh).toContain(squeeze(note));
      expect(views.md).toContain(squeeze(note).replace(/\|/g, "\\|"));
      expect(views.html).toContain(html(squeeze(note)).replace(/"/g, "&quot;"));
    }
  });
});

describe("catalog list --kind gpu: a Capacity Block offer's price is listed", () => {
  const list = async (format: string, lang = "en") => {
    const r = await cli([
      "catalog",
      "list",
      "--kind",
      "gpu",
      "--as-of",
      "2026-11-01",
      "--format",
      format,
      "--lang",
      lang,
    ]);
    expect(r.exitCode).toBe(0);
    return r.stdout;
  };
  type Row = { provider: string; instance?: string; price: Record<string, unknown> };

  it("table, Markdown, CSV and HTML show each listed capacity_block price (a 'block' column)", async () => {
    const rows = (JSON.parse(await list("json")).gpus as Row[]).filter(
      (r) => typeof r.price.capacity_block === "number",
    );
    expect(rows.length).toBeGreaterThan(0);
    const table = await list("table");
    const md = await list("markdown");
    const csv = await list("csv");
    const html = await list("html");
    expect(table).toMatch(/ block +cur\n/);
    expect(await list("table", "zh-CN")).toContain("容量块");
    expect(csv.split("\n")[0]).toMatch(/,capacity_block$/);
    expect(html).toContain('<th scope="col" class="num">capacity block</th>');
    for (const r of rows) {
      const v = unitPrice(r.price.capacity_block as number);
      expect(table).toContain(` ${v}  USD`);
      expect(md).toContain(`| ${v} |`);
      expect(csv).toMatch(new RegExp(`,${v.replace(".", "\\.")}\n`));
      expect(html).toContain(`<td class="num">${v}</td>`);
    }
  });

  it("a listing without such an offer keeps its columns", async () => {
    const r = await cli(["catalog", "list", "--kind", "gpu", "--provider", "lambda", "--as-of", "2026-11-01"]);
    expect(r.stdout).not.toContain("block");
  });
});
