import { describe, expect, it } from "vitest";
import { labels, phrases } from "../../src/report/labels.js";
import { cli } from "../helpers/cli.js";

describe("--lang: the message catalogue (src/report/labels.ts) for table and HTML labels", () => {
  it("fills placeholders, and falls back to English for a missing word", () => {
    const t = phrases("zh-CN");
    expect(t("note: {text}", { text: "x" })).toBe("说明：x");
    expect(t("Total: {amount}", { amount: "$1.00" })).toBe("合计：$1.00");
    expect(t("no such label {n}", { n: 3 })).toBe("no such label 3");
    expect(phrases("en")("note: {text}", { text: "x" })).toBe("note: x");
  });

  it("every Chinese phrase keeps the placeholders of its English key", () => {
    const zh = labels("zh-CN");
    const keys = [
      "{currency} per {period}",
      "{per} · prices as of {date} · catalog {version}",
      "Total: {amount}",
      "  {requests} · {input} input / {output} output tokens",
      "{provider} {offering}, price of {date}:",
      "range: low {low} · base {base} · high {high} ({basis})",
      "explain {what}: {formula} = {values}",
      "from {provider} price of {date}: {source}",
      "{label}: {limit} — {state}",
    ];
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys) {
      expect(zh(k), k).not.toBe(k);
      expect(names(zh(k)), k).toEqual(names(k));
    }
  });

  it("the estimate table in Chinese: labels translated; ids, numbers and sources not", async () => {
    const en = await cli(["estimate", "examples/support-assistant.yaml"]);
    const zh = await cli(["estimate", "examples/support-assistant.yaml", "--lang", "zh-CN"]);
    expect(zh.exitCode, zh.stderr).toBe(0);
    for (const word of ["服务商 / 产品", "成本", "与已选相比", "每月", "价格日期", "合计：", "预算", "次请求", "推理"])
      expect(zh.stdout).toContain(word);
    for (const word of ["provider / offering", "vs selected", "Total:", "per month", "prices as of", " inference "])
      expect(zh.stdout).not.toContain(word);
    // The same numbers and ids in both: every "$…" amount and the model id.
    const amounts = (s: string) => s.match(/\$[\d,.]+/g) ?? [];
    expect(amounts(zh.stdout)).toEqual(amounts(en.stdout));
    expect(zh.stdout).toContain("gpt-4o-mini");
    // English stays the default, and its table is not changed by the catalogue.
    expect(en.stdout).toContain("provider / offering");
    expect(en.stdout).toContain("Total: ");
  });

  it("the check table in Chinese, its verdict still starting with PASS", async () => {
    const zh = await cli(["check", "examples/support-assistant.yaml", "--lang", "zh-CN"]);
    expect(zh.exitCode, zh.stderr).toBe(0);
    for (const word of ["预算", "上限", "余量", "正常", "每月"]) expect(zh.stdout).toContain(word);
    expect(zh.stdout).toMatch(/^PASS：/m);
    expect(zh.stdout).not.toContain("headroom");
  });

  it("the table's columns still line up with double-width labels", async () => {
    const zh = await cli(["estimate", "examples/support-assistant.yaml", "--lang", "zh-CN"]);
    const box = zh.stdout.split("\n").filter((l) => /^[┌│├└]/.test(l));
    const { cells } = await import("../../src/report/format.js");
    const widths = new Set(box.map((l) => cells(l)));
    expect(widths.size).toBe(1);
  });
});
