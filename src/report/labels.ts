import type { Lang } from "./lang.js";

/**
 * The message catalogue: the words of the table and HTML reports, per language (`--lang`), in this
 * one place. Keys are English; a missing translation falls back to English. Model ids, provider
 * ids, numbers, formulas and sources are never translated. Phrases with values take `{name}`
 * placeholders (`phrases`), so a language can put the values where its grammar wants them.
 */

const ZH: Record<string, string> = {
  "Cost estimate": "成本估算",
  "Budget check": "预算检查",
  "Cost diff": "成本对比",
  "Price trend": "价格趋势",
  "Cost over time": "成本随时间变化",
  "Catalog listing": "价目表",
  "Price history": "价格历史",
  "Catalog changes": "价目变动",
  "Catalog coverage": "价目表覆盖情况",
  "Catalog check": "价目表检查",
  Usage: "用量",
  Total: "合计",
  total: "合计",
  per: "每",
  day: "天",
  month: "月",
  year: "年",
  item: "项目",
  items: "项目",
  model: "模型",
  provider: "服务商",
  offering: "产品",
  via: "方式",
  cost: "成本",
  selected: "已选",
  "selected option": "已选方案",
  alternatives: "备选方案",
  component: "组成",
  quantity: "数量",
  unit: "单位",
  "unit price": "单价",
  "price unit": "计价单位",
  "more than the cheapest": "比最便宜的贵",
  source: "来源",
  sources: "来源",
  "price from": "价格生效日",
  notes: "说明",
  note: "说明",
  warnings: "警告",
  warning: "警告",
  "How each number was computed": "每个数字的计算方法",
  formula: "公式",
  values: "代入数值",
  result: "结果",
  "not priced": "未定价",
  "prices as of": "价格日期",
  catalog: "价目表",
  currency: "货币",
  "Cost per item, by component": "各项目成本（按组成）",
  "Providers compared": "服务商比较",
  "Chart data is in the table below.": "图表数据见下表。",
  budget: "预算",
  limit: "上限",
  estimate: "估算",
  headroom: "余量",
  status: "状态",
  ok: "正常",
  exceeded: "超出",
  unknown: "未知",
  before: "之前",
  after: "之后",
  change: "变化",
  "change %": "变化 %",
  reasons: "原因",
  base: "基准",
  head: "当前",
  date: "日期",
  price: "价格",
  series: "序列",
  first: "首个",
  last: "最后",
  "total change": "总变化",
  "annual rate": "年化变化率",
  forecast: "预测",
  "forecast band": "预测区间",
  events: "事件",
  event: "事件",
  "Price history chart": "价格历史图",
  "Cost over time chart": "成本变化图",
  "window end": "窗口结束",
  withdrawn: "已下线",
  "not yet": "尚未上线",
  "selected offerings": "所选产品",
  input: "输入",
  output: "输出",
  cached: "缓存",
  since: "起始",
  kind: "类型",
  field: "价格项",
  "New offerings": "新增产品",
  "Ended offerings": "下线产品",
  "Price moves": "价格变动",
  "No changes.": "无变动。",
  "per 1M tokens": "每百万 token",
  "per GPU-hour": "每 GPU 小时",
  "API offerings": "API 产品",
  "GPU offers": "GPU 报价",
  faults: "错误",
  files: "文件",
  providers: "服务商",
  offerings: "产品",
  groups: "分组",
  rows: "行",
  requests: "请求数",
  "provider cost": "服务商账单",
  difference: "差异",
  "Cost by group": "各分组成本",
  unpriced: "未定价",
  "Made by llmcost from a dated, sourced price catalog.": "由 llmcost 根据有日期、有来源的价目表生成。",
  Explain: "计算说明",
  "open all": "全部展开",
  "(selected)": "（已选）",
  of: "共",
  steps: "步骤",
  // The terminal table (src/report/table.ts).
  "provider / offering": "服务商 / 产品",
  "vs selected": "与已选相比",
  inference: "推理",
  training: "训练",
  fine_tune: "微调",
  "{currency} per {period}": "{currency} 每{period}",
  "{currency} per {period} (training: one-off)": "{currency} 每{period}（训练：一次性）",
  "{currency} one-off": "{currency} 一次性",
  "{per} · prices as of {date} · catalog {version}": "{per} · 价格日期 {date} · 价目表 {version}",
  "Total: {amount}": "合计：{amount}",
  " per {period}": " 每{period}",
  " (inference per {period} + one-off training)": "（推理每{period}，训练为一次性）",
  " (incomplete: see warnings)": "（不完整：见警告）",
  "budget {name}": "预算 {name}",
  "{label}: {limit} — {state}": "{label}：{limit} — {state}",
  "ok, headroom {amount}": "正常，余量 {amount}",
  "EXCEEDED by {amount}": "超出 {amount}",
  "unknown (not priced)": "未知（未定价）",
  "warning: {text}": "警告：{text}",
  "note: {text}": "说明：{text}",
  "  not priced": "  未定价",
  "  {requests} · {input} input / {output} output tokens": "  {requests} · 输入 {input} / 输出 {output} token",
  "{n} request": "{n} 次请求",
  "{n} requests": "{n} 次请求",
  "  … {more}: --format json shows all": "  … 另有 {more}：--format json 显示全部",
  "{n} more option": "{n} 个方案",
  "{n} more options": "{n} 个方案",
  "{provider} {offering}, price of {date}:": "{provider} {offering}，{date} 的价格：",
  "range: low {low} · base {base} · high {high} ({basis})": "范围：低 {low} · 基准 {base} · 高 {high}（{basis}）",
  "explain {what}: {formula} = {values}": "计算 {what}：{formula} = {values}",
  "from {provider} price of {date}: {source}": "来源：{provider} {date} 的价格：{source}",
  // The check table (src/report/check.ts); "PASS" and "FAIL" stay English (CI logs grep them).
  from: "来源",
  EXCEEDED: "超出",
  "{amount} left": "剩余 {amount}",
  "{amount} over": "超出 {amount}",
  "FAIL: {k} of {n} budget(s) exceeded": "FAIL：{n} 个预算中有 {k} 个超出",
  "FAIL: {k} of {n} budget(s) could not be checked (items not priced)":
    "FAIL：{n} 个预算中有 {k} 个无法检查（有项目未定价）",
  "PASS: the budget holds": "PASS：预算未超出",
  "PASS: all {n} budgets hold": "PASS：全部 {n} 个预算均未超出",
  // The diff table and Markdown (src/report/diff.ts); "FAIL" stays English, as in check.
  "{names}: {before} → {after} per {period} ({change}, {percent})":
    "{names}：{before} → {after} 每{period}（{change}，{percent}）",
  "{file} (prices as of {date}, catalog {version})": "{file}（价格日期 {date}，价目表 {version}）",
  "{file}, prices as of {before} → {after}": "{file}，价格日期 {before} → {after}",
  "base {base} → head {head}": "基准 {base} → 当前 {head}",
  "{sides}; in {per}.": "{sides}；单位：{per}。",
  "within --fail-above {limit}": "未超过 --fail-above {limit}",
  "FAIL: the total rose by more than --fail-above {limit}": "FAIL：合计涨幅超过 --fail-above {limit}",
  "FAIL: cannot check --fail-above {limit}: some items are not priced":
    "FAIL：无法检查 --fail-above {limit}：有项目未定价",
  "Why:": "原因：",
  "Why it changed": "变化原因",
  "Nothing changed.": "没有变化。",
  "Catalog {before} → {after}.": "价目表 {before} → {after}。",
  "prices of {before} → {after}: ": "{before} → {after} 的价格：",
  new: "新增",
  none: "无",
  added: "新增",
  removed: "已删除",
  "model changed": "模型变更",
  "another offering selected": "改选其他产品",
  "traffic volume": "流量",
  "token shape": "token 结构",
  "catalog price change": "价目表价格变动",
  "exchange rate": "汇率",
  " per ": "/",
  compute: "算力",
  "input tokens": "输入 token",
  "output tokens": "输出 token",
  "cached input tokens": "缓存输入 token",
  "input tokens per request": "每次请求输入 token",
  "output tokens per request": "每次请求输出 token",
  "cached input share": "缓存输入占比",
  "cached input": "缓存输入",
  "cache write": "缓存写入",
  flops: "FLOPs",
  "gpu hours": "GPU 小时",
  // The trend table and its chart (src/report/trend.ts, chart.ts).
  "Cheapest price over time": "最低价随时间变化",
  "The May 2024 China API price war": "2024 年 5 月中国 API 价格战",
  "input price": "输入价格",
  "output price": "输出价格",
  "blended price (3 input : 1 output)": "混合价格（输入 3 : 输出 1）",
  "on-demand price": "按需价格",
  "spot price": "竞价实例价格",
  "n/a": "无",
  "{rate}/yr": "{rate}/年",
  "{n} y": "{n} 年",
  "catalog {version}": "价目表 {version}",
  "events (sources: --format json)": "事件（来源：--format json）",
  " (cheapest of {n})": "（{n} 个中最便宜的）",
  "now the {currency} list": "改按 {currency} 价目",
  "{currency} list": "{currency} 价目",
  "in force at window end": "窗口结束时仍有效",
  free: "免费",
  ", ": "，",
  "total {change} over {days} days ({years}) · annual rate {rate}":
    "{days} 天（{years}）总变化 {change} · 年化变化率 {rate}",
  "n/a (from a free price)": "无（起点为免费）",
  "  one date only: no rate of change": "  只有一个日期：无变化率",
  "forecast +{horizon}: {price} on {date} · fitted {rate} · r² {r2} · {n} points":
    "预测 +{horizon}：{date} 为 {price} · 拟合 {rate} · r² {r2} · {n} 个点",
  "caveat: {text}": "注意：{text}",
  "sources of each point: --format json": "每个点的来源：--format json",
  "(no prices to chart in this window)": "（此窗口内没有可绘制的价格）",
  ", log scale": "，对数刻度",
  "  … {n} more series not drawn (at most {max} on one chart)": "  … 另有 {n} 个序列未绘制（每张图最多 {max} 个）",
  "  free (zero) prices are drawn on the bottom row of the log scale": "  免费（零）价格画在对数刻度的最底行",
  // estimate --over (src/report/trend-over.ts).
  "{workload}: cost over time": "{workload}：成本随时间变化",
  "{workload} over time · {per} · {from} → {to}, every {step} · catalog {version}":
    "{workload} 成本随时间变化 · {per} · {from} → {to}，每{step} · 价目表 {version}",
  "{per}, {from} to {to}, every {step} (catalog {version}).": "{per}，{from} 至 {to}，每{step}（价目表 {version}）。",
  quarter: "季度",
  week: "周",
  "({n} more item column does not fit: --format csv or json has every item)":
    "（另有 {n} 个项目列放不下：--format csv 或 json 包含全部项目）",
  "({n} more item columns do not fit: --format csv or json has every item)":
    "（另有 {n} 个项目列放不下：--format csv 或 json 包含全部项目）",
  "selected (cheapest) offerings:": "所选（最便宜的）产品：",
  "{who} from {date}": "{date} 起 {who}",
  "from {date}  {who}": "{date} 起  {who}",
  "not priced on any date": "任何日期均未定价",
  "annual rate: n/a (fewer than two dates price the same items)": "年化变化率：无（为相同项目定价的日期少于两个）",
  "rate from {from} to {to} ({days} days, the same items priced): total {total} · annual rate {rate}":
    "{from} 至 {to} 的变化（{days} 天，相同项目定价）：总变化 {total} · 年化变化率 {rate}",
  "a total leaves out the items not priced on its date: the rate compares only dates that price the same items":
    "合计不含当日未定价的项目：变化率只比较为相同项目定价的日期",
  // catalog list, show, diff, stats (src/report/catalog.ts, quality.ts).
  "API offerings priced on {date} (per 1M tokens)": "{date} 定价的 API 产品（每百万 token）",
  "GPU offers priced on {date} (per GPU-hour)": "{date} 定价的 GPU 报价（每 GPU 小时）",
  cur: "货币",
  gpu: "GPU",
  instance: "实例",
  "on-demand": "按需",
  spot: "竞价",
  "1y": "1 年",
  "3y": "3 年",
  block: "容量块",
  cached_input: "缓存输入",
  cache_write: "缓存写入",
  request: "每次请求",
  image: "图片",
  batch: "批处理",
  "off-peak": "闲时",
  ">{above} tok: in {input} out {output}": ">{above} token：输入 {input} 输出 {output}",
  " ({n} active)": "（激活 {n}）",
  "{params} parameters{active}, {layers} layers, hidden {hidden}, {heads} heads / {kv} KV heads × {dim}, context {context}":
    "{params} 参数{active}，{layers} 层，隐藏维度 {hidden}，{heads} 个注意力头 / {kv} 个 KV 头 × {dim}，上下文 {context}",
  "  source: {source}": "  来源：{source}",
  "      source: {source}": "      来源：{source}",
  "      note: {text}": "      说明：{text}",
  "  note: {text}": "  说明：{text}",
  "power not published": "功耗未公布",
  "{name}, {memory} GB at {bandwidth} TB/s, {power}; dense TFLOPS {tflops}":
    "{name}，{memory} GB，带宽 {bandwidth} TB/s，{power}；稠密 TFLOPS {tflops}",
  " (aliases: {list})": "（别名：{list}）",
  context: "上下文",
  architecture: "架构",
  " until {date}": " 至 {date}",
  " [market median]": " [市场中位数]",
  on_demand: "按需",
  reserved_1y: "1 年预留",
  reserved_3y: "3 年预留",
  capacity_block: "容量块",
  "capacity block": "容量块",
  "quality on {date}: no class (no leaderboard snapshot scores it; docs/quality.md)":
    "{date} 的质量等级：无（没有排行榜快照为它评分；docs/quality.md）",
  "quality on {date}: {summary}": "{date} 的质量等级：{summary}",
  "was free": "原为免费",
  "{added} new, {ended} ended, {moves} price move(s)": "新增 {added}，下线 {ended}，价格变动 {moves}",
  "Catalog changes from {from} to {to}": "{from} 至 {to} 的价目变动",
  "Price moves ({n}), per 1M tokens or per GPU-hour": "价格变动（{n}），每百万 token 或每 GPU 小时",
  "price points": "价格点",
  "date span": "日期范围",
  currencies: "货币",
  "priced in last 6 months": "近 6 个月有定价",
  "confirmed in 90 days": "90 天内确认",
  accelerators: "加速器",
  architectures: "模型架构",
  "{n} of {total} offerings ({share}) since {date}": "{date} 以来 {total} 个产品中的 {n} 个（{share}）",
  "{total} ({api} API, {gpu} GPU clouds)": "{total}（{api} 个 API，{gpu} 个 GPU 云）",
  "{total} ({api} API: {kinds}; {free} free; {gpu} GPU offers)":
    "{total}（{api} 个 API：{kinds}；{free} 个免费；{gpu} 个 GPU 报价）",
  "as of {date}": "截至 {date}",
  prices: "价格数",
  "newest confirmation": "最近确认",
  // catalog diff's first line.
  "Catalog changes from {from} to {to}: {counts}": "{from} 至 {to} 的价目变动：{counts}",
  // optimize (src/report/optimize.ts); the change text and evidence come from the engine and stay English.
  lever: "手段",
  saving: "节省",
  "item after": "项目调整后",
  host: "换服务商",
  off_peak: "闲时",
  cache: "缓存",
  self_host: "自托管",
  training_spot: "训练用竞价实例",
  training_gpu: "训练换 GPU",
  training_mfu: "训练利用率",
  training_region: "训练换区域",
  "{workload}: {total} {per} now · {currency} · prices as of {date} · catalog {version}":
    "{workload}：目前 {total} {per} · {currency} · 价格日期 {date} · 价目表 {version}",
  "No change found that saves money on this workload.": "没有找到能为这个工作负载省钱的调整。",
  "Plan ({ids}): {before} → {after} {per}, saving {saving} ({percent})":
    "方案（{ids}）：{before} → {after} {per}，节省 {saving}（{percent}）",
  "{before} → {after} ({selected}); workload total → {total}":
    "{before} → {after}（{selected}）；工作负载合计 → {total}",
  "   trade-off: {text}": "   代价：{text}",
  "   evidence: {what}{date}: {source}": "   依据：{what}{date}：{source}",
  "trade-off: {text}": "代价：{text}",
  "evidence: {what}{date}: {source}": "依据：{what}{date}：{source}",
  "   CO2: {kg} kg less": "   CO2：减少 {kg} kg",
  "Write it: llmcost optimize WORKLOAD --apply all -o NEW.yaml (or --apply N for one change)":
    "写出调整后的文件：llmcost optimize WORKLOAD --apply all -o NEW.yaml（或用 --apply N 只应用一项）",
  "**These changes could save {saving} {per}** ({percent}: {before} → {after}).":
    "**这些调整可节省 {saving}（{per}）**（{percent}：{before} → {after}）。",
  "No change found that saves money ({total} {per}).": "没有找到省钱的调整（{total} {per}）。",
  "prices as of {date}, catalog {version}": "价格日期 {date}，价目表 {version}",
  // usage (src/report/usage.ts).
  "{cost} +{n} unpriced": "{cost} +{n} 行未定价",
  "{n} inputs": "{n} 个输入",
  "usage: {files}, {rows} rows{period}; each row priced at its own date (catalog {version}), {currency}":
    "用量：{files}，{rows} 行{period}；每行按其自身日期的价格计算（价目表 {version}），{currency}",
  diff: "差异",
  "on {target}": "按 {target}",
  "n/a ({n} rows)": "无（{n} 行）",
  "({columns} left out to fit {width} columns; --format csv or json has them)":
    "（为适应 {width} 列省略了 {columns}；--format csv 或 json 包含全部）",
  "provider cost: what the source reported ({n} cost-only rows); diff = (llmcost − provider) / provider; ! above the threshold ({flagged} groups)":
    "服务商账单：数据源报告的金额（{n} 行只有金额）；差异 = (llmcost − 服务商) / 服务商；! 表示超过阈值（{flagged} 个分组）",
  "reprice on {target}: {total} ({change} vs actual){partial}":
    "按 {target} 重新定价：{total}（与实际相比 {change}）{partial}",
  "; some rows have no offering there (n/a)": "；部分行在那里没有对应产品（无）",
  "INCOMPLETE: {n} rows could not be priced; the total leaves them out (a floor, not $0 for them):":
    "不完整：{n} 行无法定价；合计不含这些行（是下限，不是按 $0 计）：",
  reason: "原因",
  "{n} lines could not be read (first ones on stderr; --format json lists them)":
    "{n} 行无法读取（前几行见 stderr；--format json 列出全部）",
  "Repriced on {target}: {total}": "按 {target} 重新定价：{total}",
  "**Incomplete:** {n} rows could not be priced.": "**不完整：** {n} 行无法定价。",
  project: "项目",
  key: "密钥",
  user: "用户",
  tag: "标签",
  actual: "实际",
  volume: "量",
  "per request": "每次请求",
  "requests est/act": "请求数 估算/实际",
  "; {amount} of it on models the workload does not name": "；其中 {amount} 用在工作负载未列出的模型上",
  "against {workload} (per {period}; actuals scaled ×{scale} from the log window):":
    "对照 {workload}（每{period}；实际值由日志窗口按 ×{scale} 折算）：",
  "estimate {estimate}, actual {actual}{elsewhere}": "估算 {estimate}，实际 {actual}{elsewhere}",
  "volume = (actual − estimated requests) × estimated cost per request; per request = actual requests ×":
    "量 = (实际 − 估算请求数) × 估算的每次请求成本；每次请求 = 实际请求数 ×",
  "(actual − estimated cost per request): tokens per request, cache share, prices and provider together.":
    "(实际 − 估算的每次请求成本)：每次请求的 token、缓存占比、价格和服务商的合计影响。",
  // usage: a group with no priced row.
  "— {n} unpriced": "— {n} 行未定价",
  // Markdown of estimate, check and trend; catalog quality; the optimize and stats HTML.
  " (incomplete)": "（不完整）",
  "Prices as of {date}, catalog {version}, in {currency}.": "价格日期 {date}，价目表 {version}，货币 {currency}。",
  "next cheapest": "次便宜",
  "Options per item": "各项目的方案",
  "Not priced.": "未定价。",
  billing: "计费方式",
  "pays off": "划算条件",
  "pay as you go": "按量付费",
  "ok (headroom {amount})": "正常（余量 {amount}）",
  "**exceeded** by {amount}": "**超出** {amount}",
  "budget {name}: {limit} — {state}": "预算 {name}：{limit} — {state}",
  "Estimate {amount} per {period}{incomplete}; prices as of {date}, catalog {version}.":
    "估算每{period} {amount}{incomplete}；价格日期 {date}，价目表 {version}。",
  "{label}, {since} to {until} (catalog {version}).": "{label}，{since} 至 {until}（价目表 {version}）。",
  Events: "事件",
  mark: "标记",
  "Forecast +{horizon}: {price} on {date}; fitted {rate}, r² {r2}, {n} points.":
    "预测 +{horizon}：{date} 为 {price}；拟合 {rate}，r² {r2}，{n} 个点。",
  class: "等级",
  "model (leaderboard name)": "模型（排行榜名称）",
  score: "得分",
  "below top": "低于榜首",
  "No quality snapshot dated on or before {date} (docs/quality.md).": "{date} 及之前没有质量快照（docs/quality.md）。",
  "{leaderboard}, {metric}, {date}: top {top} {score}; classes by points below the top: frontier ≤ {frontier}, strong ≤ {strong}, mid ≤ {mid}, else basic":
    "{leaderboard}，{metric}，{date}：榜首 {top} {score}；按低于榜首的分数分级：frontier ≤ {frontier}，strong ≤ {strong}，mid ≤ {mid}，其余 basic",
  " (read via {via})": "（经由 {via} 读取）",
  "source: {source}{via}": "来源：{source}{via}",
  "Overrides in force": "生效中的覆盖设置",
  "date|from": "起始",
  "Changes, largest saving first": "调整（按节省从大到小）",
  Notes: "说明",
  "Optimize {workload}": "优化 {workload}",
  blended: "混合",
  "{n} days": "{n} 天",
};

/** The English keys a language translates (tests check each keeps its key's placeholders). */
export function translatedKeys(lang: Lang): string[] {
  return lang === "zh-CN" ? Object.keys(ZH) : [];
}

export type Labels = (key: string) => string;

export function labels(lang: Lang): Labels {
  if (lang === "zh-CN") return (key) => ZH[key] ?? english(key);
  return english;
}

/**
 * A key may name its context before a `|` where one English word has two translations ("from" a
 * source, "date|from" a date); the English text is what follows it.
 */
function english(key: string): string {
  return /^[a-z]+\|/.test(key) ? key.slice(key.indexOf("|") + 1) : key;
}

export type Phrases = (key: string, values?: Record<string, string | number>) => string;

/** Labels with `{name}` placeholders filled: `t("note: {text}", { text })`. */
export function phrases(lang: Lang): Phrases {
  const t = labels(lang);
  // Each phrase split once at its placeholders (`split` with the placeholder's name captured gives
  // text, name, text, …: the matches a global replace would fill), not matched again on every call:
  // a 10,000-item table fills ~50,000 phrases (issue 15).
  const split = new Map<string, string[]>();
  return (key, values) => {
    if (!values) return t(key);
    let parts = split.get(key);
    if (parts === undefined) {
      parts = t(key).split(/\{(\w+)\}/);
      if (split.size >= 1000) split.clear();
      split.set(key, parts);
    }
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
      out += (name in values ? String(values[name]) : `{${name}}`) + (parts[i + 1] as string);
    }
    return out;
  };
}
