import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labels, phrases, translatedKeys } from "../../src/report/labels.js";
import { cli } from "../helpers/cli.js";

describe("--lang: the message catalogue (src/report/labels.ts) for table and HTML labels", () => {
  it("fills placeholders, and falls back to English for a missing word", () => {
    const t = phrases("zh-CN");
    expect(t("note: {text}", { text: "x" })).toBe("说明：x");
    expect(t("Total: {amount}", { amount: "$1.00" })).toBe("合计：$1.00");
    expect(t("no such label {n}", { n: 3 })).toBe("no such label 3");
    expect(phrases("en")("note: {text}", { text: "x" })).toBe("note: x");
  });

  it("fills a phrase as a global replace of its placeholders would (each phrase is split once, then filled)", () => {
    const piece = fc.constantFrom(
      "{a}",
      "{b}",
      "{n_1}",
      "{",
      "}",
      "{}",
      "{ a}",
      "{{a}}",
      "x",
      " · ",
      "新",
      "$&",
      "{constructor}",
    );
    const values = fc.dictionary(fc.constantFrom("a", "b", "n_1", "c"), fc.oneof(fc.string(), fc.integer()));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), values, (parts, v) => {
        const key = parts.join("");
        const t = phrases("en");
        const want = key.replace(/\{(\w+)\}/g, (m, name: string) => (name in v ? String(v[name]) : m));
        // Twice: the second call reads the split phrase kept by the first.
        expect(t(key, v)).toBe(want);
        expect(t(key, v)).toBe(want);
      }),
      { numRuns: 2000 },
    );
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
    // And every entry of the catalogue, not only the ones named above.
    expect(translatedKeys("zh-CN").length).toBeGreaterThan(200);
    for (const k of translatedKeys("zh-CN")) expect(names(zh(k)), k).toEqual(names(k));
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

  /**
   * One case per command and format that honours --lang (docs/html.md): the Chinese labels it must
   * show, and the English labels it printed before, none of which may remain. Ids, numbers, dates,
   * units and the texts of the catalog and the engine (notes, caveats, event titles) stay as they are.
   */
  const CASES: Array<{ args: string[]; zh: string[]; en: string[] }> = [
    {
      args: ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml"],
      zh: [
        "项目",
        "之前",
        "之后",
        "变化",
        "合计",
        "每月",
        "基准",
        "当前",
        "价格日期",
        "价目表",
        "原因：",
        "流量",
        "请求数",
        "新增",
      ],
      en: [
        "item",
        "before",
        "after",
        "change",
        "total",
        "per month",
        "base ",
        "head ",
        "prices as of",
        "catalog ",
        "Why:",
        "traffic volume",
        "requests",
        "added",
        "new",
      ],
    },
    {
      args: ["diff", "examples/ci-base.yaml", "examples/ci-head.yaml", "--format", "markdown"],
      zh: ["| 项目 | 之前 | 之后 | 变化 | % |", "**合计**", "变化原因", "单位：USD 每月", "价目表 "],
      en: ["| item |", "**total**", "Why it changed", "per month", "Catalog "],
    },
    {
      args: ["trend", "gpt-4o", "gpt-4o-mini", "--forecast", "12m"],
      zh: [
        "价格趋势",
        "每百万 token",
        "混合价格",
        "首个",
        "窗口结束时仍有效",
        "总变化",
        "年化变化率",
        "/年",
        "预测 +12m",
        "注意：",
        "事件（来源",
        "每个点的来源",
      ],
      en: [
        "Price trend",
        "per 1M tokens",
        "blended price",
        " first",
        "in force at window end",
        "total ",
        "annual rate",
        "/yr",
        "forecast +",
        "caveat:",
        "events",
        "sources of each point",
        "catalog ",
      ],
    },
    {
      args: ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01"],
      zh: [
        "成本随时间变化",
        "每月",
        "每季度",
        "价目表",
        "日期",
        "合计",
        "变化",
        "起 ",
        "所选（最便宜的）产品",
        "年化变化率",
        "尚未上线",
      ],
      en: [
        "over time",
        "per month",
        "every quarter",
        "catalog ",
        "date ",
        "total",
        "change",
        "selected (cheapest) offerings",
        "annual rate",
        "not yet",
        "not priced",
        "more item column",
      ],
    },
    {
      args: ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--format", "markdown"],
      zh: ["## mixed-open-weights：成本随时间变化", "| 日期 | 合计 | 项目 |", "尚未上线", "年化变化率"],
      en: ["cost over time", "| date | total | items |", "not yet", "annual rate", "every quarter"],
    },
    {
      args: ["catalog", "list", "--as-of", "2025-06-01", "--provider", "deepseek"],
      zh: [
        "定价的 API 产品（每百万 token）",
        "服务商",
        "产品",
        "输入",
        "输出",
        "缓存",
        "货币",
        "起始",
        "GPU 报价",
        "实例",
        "按需",
        "竞价",
      ],
      en: [
        "API offerings priced on",
        "provider",
        "offering",
        "input",
        "output",
        "cached",
        "cur",
        "since",
        "GPU offers",
        "instance",
        "on-demand",
        "spot",
      ],
    },
    {
      args: ["catalog", "show", "gpt-4o"],
      zh: ["的质量等级：", "来源：", "别名：", "上下文", "输入 2.5", "输出 10", "缓存输入"],
      en: ["quality on", "source:", "aliases:", "context ", "input 2.5", "output 10", "cached_input", "  note:"],
    },
    {
      args: ["catalog", "show", "h100-sxm"],
      zh: ["带宽", "稠密 TFLOPS", "来源：", "按需", "竞价 "],
      en: [" GB at ", "dense TFLOPS", "source:", "on_demand"],
    },
    {
      args: ["catalog", "diff", "--from", "2024-01-01", "--to", "2025-06-01", "--provider", "openai"],
      zh: ["的价目变动：", "新增", "下线", "价格变动", "新增产品", "服务商", "类型", "产品", "之前", "之后", "变化"],
      en: [
        "Catalog changes",
        " new,",
        " ended,",
        "price move",
        "New offerings",
        "Price moves",
        "provider",
        "kind",
        "offering",
        "before",
        "after",
        "change",
      ],
    },
    {
      args: ["catalog", "stats"],
      zh: [
        "截至",
        "价目表",
        "服务商",
        "产品",
        "价格点",
        "日期范围",
        "货币",
        "近 6 个月有定价",
        "90 天内确认",
        "加速器",
        "模型架构",
        "个 GPU 云",
        "价格数",
        "最近确认",
      ],
      en: [
        "as of",
        "\ncatalog ",
        "providers",
        "offerings",
        "price points",
        "date span",
        "currencies",
        "priced in last 6 months",
        "confirmed in 90 days",
        "accelerators",
        "architectures",
        "GPU clouds",
        "prices",
        "newest confirmation",
      ],
    },
    {
      args: ["optimize", "examples/support-assistant.yaml"],
      zh: [
        "目前",
        "每月",
        "价格日期",
        "价目表",
        "项目",
        "手段",
        "变化",
        "节省",
        "项目调整后",
        "模型",
        "工作负载合计",
        "代价：",
        "依据：",
        "方案",
        "写出调整后的文件",
      ],
      en: [
        "per month now",
        "prices as of",
        "catalog ",
        "item ",
        "lever",
        "saving",
        "item after",
        "workload total",
        "trade-off:",
        "evidence:",
        "Plan (",
        "Write it",
      ],
    },
    {
      args: ["usage", "tests/fixtures/usage/mixed.jsonl", "--by", "model", "--reprice", "cheapest"],
      zh: [
        "用量：",
        "行",
        "每行按其自身日期的价格计算",
        "模型",
        "输入",
        "输出",
        "成本",
        "按 cheapest",
        "合计",
        "行未定价",
        "省略了",
        "重新定价",
        "不完整",
        "原因",
        "警告：",
      ],
      en: [
        "usage:",
        ", 8 rows",
        "each row priced",
        "\nmodel ",
        "input",
        "output",
        "cost ",
        "on cheapest",
        "\ntotal ",
        "unpriced",
        "left out to fit",
        "reprice on",
        "INCOMPLETE",
        "reason",
        "warning:",
      ],
    },
    {
      args: [
        "usage",
        "tests/fixtures/usage/openai-usage.json",
        "tests/fixtures/usage/openai-costs.json",
        "--by",
        "day,model",
      ],
      zh: ["天", "服务商账单", "差异", "个输入", "个分组"],
      en: ["day ", "provider cost", "diff ", " inputs", "cost-only rows", "above the threshold"],
    },
    {
      args: ["estimate", "examples/support-assistant.yaml", "--format", "markdown"],
      zh: [
        "### llmcost: ",
        "每月",
        "价格日期",
        "| 项目 | 已选 | 成本 | 次便宜 | 差异 |",
        "**合计**",
        "预算",
        "各项目的方案",
        "计费方式",
        "推理",
      ],
      en: [
        " per month",
        "Prices as of",
        "| item |",
        "**total**",
        "- budget ",
        "Options per item",
        "| provider |",
        "(inference,",
      ],
    },
    {
      args: ["check", "examples/support-assistant.yaml", "--format", "markdown"],
      zh: ["llmcost check: ", "PASS：", "估算每月", "价格日期", "| 预算 | 上限 | 估算 | 余量 | 状态 | 来源 |", "正常"],
      en: ["Estimate ", "prices as of", "| budget |", "| ok |"],
    },
    {
      args: ["trend", "gpt-4o", "gpt-4o-mini", "--forecast", "12m", "--format", "markdown"],
      zh: [
        "## 价格趋势",
        "每百万 token",
        "混合价格",
        "| 序列 | 首个 | 最后 | 总变化 | 年化变化率 |",
        "| 日期 | 价格 | 变化 | 产品 | 来源 |",
        "预测 +12m",
        "注意：",
        "### 事件",
        "| 标记 |",
        "/年",
      ],
      en: [
        "## Price trend",
        "per 1M tokens",
        "blended price",
        "| series |",
        "| date |",
        "Forecast +",
        "caveat:",
        "### Events",
        "| mark |",
        "/yr",
      ],
    },
    {
      args: ["catalog", "quality", "--as-of", "2025-06-01"],
      zh: ["榜首", "按低于榜首的分数分级", "来源：", "等级", "模型（排行榜名称）", "得分", "低于榜首"],
      en: ["top ", "classes by points", "source:", "class ", "model (leaderboard name)", "score", "below top"],
    },
    {
      args: ["optimize", "examples/support-assistant.yaml", "--format", "html"],
      zh: [
        'lang="zh-CN"',
        "优化 support-assistant",
        "调整（按节省从大到小）",
        "手段",
        "节省",
        "项目调整后",
        "工作负载合计",
        "代价：",
        "依据：",
        "方案",
      ],
      en: [
        "Optimize ",
        "Changes, largest saving first",
        ">lever<",
        ">saving<",
        "item after",
        "workload total",
        "trade-off:",
        "evidence:",
        "Plan (",
      ],
    },
    {
      args: ["catalog", "stats", "--format", "html"],
      zh: ["价格点", "日期范围", "近 6 个月有定价", "90 天内确认", "最近确认", "价格数"],
      en: [
        "price points",
        "date span",
        "priced in last 6 months",
        "confirmed in 90 days",
        "newest confirmation",
        ">prices<",
      ],
    },
    {
      args: ["estimate", "examples/mixed.yaml", "--over", "2023-01-01..2026-11-01", "--format", "html"],
      zh: ["成本随时间变化", "季度", " 天)", "年化变化率", "/年"],
      en: [" days)", ", quarter ", "/yr", "n/a"],
    },
    {
      args: ["trend", "gpt-4o", "--forecast", "12m", "--format", "html"],
      zh: ["价格趋势", "每百万 token, 混合", "/年"],
      en: ["per 1M tokens", ", blended", "/yr"],
    },
  ];
  for (const { args, zh, en } of CASES)
    it(`llmcost ${args.join(" ")} --lang zh-CN`, async () => {
      const r = await cli([...args, "--lang", "zh-CN"]);
      expect(r.exitCode, r.stderr).toBe(0);
      for (const word of zh) expect(r.stdout, word).toContain(word);
      for (const word of en) expect(r.stdout, word).not.toContain(word);
      // English stays the default: the same command without --lang still prints the English labels.
      const plain = await cli(args);
      expect(plain.stdout).toContain(en[0]);
    });
});
