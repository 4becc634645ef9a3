import {
  CATALOG_OPTION,
  type CommandSpec,
  formatOption,
  LANG_OPTION,
  list,
  type OptionSpec,
  OUTPUT_OPTION,
  opt,
  PROVIDER_OPTION,
  str,
  toOutput,
} from "../spec.js";

/**
 * Every command, as data (src/cli/spec.ts): arguments, options, help, and a `run` that imports the
 * command's module when it runs. `llmcost --help` lists them in this order. To add a command, add
 * its spec here and its module next to this file (docs/extending.md).
 */

/** The date and currency a workload is priced at (estimate, quote, check, diff, optimize). */
const PRICE_AT: OptionSpec[] = [
  { flags: "--as-of <date>", description: "price date, YYYY-MM-DD (default: the workload's as_of, else today)" },
  { flags: "--currency <code>", description: "report currency, e.g. USD, CNY, EUR" },
];

const pricingOptions: OptionSpec[] = [
  ...PRICE_AT,
  PROVIDER_OPTION,
  {
    flags: "--billing <model>",
    description: "only options billed as pay_as_you_go, pack, subscription, provisioned or committed (repeatable)",
    repeatable: true,
  },
  CATALOG_OPTION,
  { flags: "--alternatives <n>", description: "alternatives shown per item in tables", default: "3" },
  { flags: "--explain", description: "show each number's formula and catalog entry" },
  LANG_OPTION,
];

/** The last options of the catalog views and trend: overlay catalogs, label language, output file. */
const VIEW_OPTIONS: OptionSpec[] = [
  { ...CATALOG_OPTION, description: "overlay catalog file (repeatable)" },
  LANG_OPTION,
  OUTPUT_OPTION,
];

const estimate: CommandSpec = {
  name: "estimate",
  summary: "price a workload file on every provider that can run it",
  description: "Price a workload file (- for stdin) on every provider that can run each item.",
  args: [{ name: "<workload>", description: "workload YAML file, or - for stdin" }],
  options: [
    {
      flags: "--over <range>",
      description: "price the workload at every --step in FROM..TO, e.g. 2023-01-01..2026-11-01",
    },
    { flags: "--step <step>", description: "with --over: month, quarter (default) or year" },
    { flags: "--log", description: "with --over: log scale for the chart" },
    { flags: "--svg <file>", description: "with --over: also write the chart as a standalone SVG file" },
    formatOption(["estimate", "over"]),
    ...pricingOptions,
    OUTPUT_OPTION,
  ],
  after:
    "\nExamples:\n  llmcost estimate examples/support-assistant.yaml --format json\n  llmcost estimate examples/mixed.yaml --format html -o report.html",
  // --over prices the workload over time (cost-over-time.ts); a plain estimate never loads that module.
  run: toOutput(async ([file], flags, io) =>
    flags.over !== undefined
      ? (await import("./cost-over-time.js")).runEstimateOver(str(file), flags, io)
      : (await import("./estimate.js")).runEstimate(str(file), flags, io),
  ),
};

const quote: CommandSpec = {
  name: "quote",
  summary: "price one request shape on every provider offering MODEL",
  description: "Price one request shape, given by flags, on every provider offering MODEL.",
  args: [{ name: "<model>", description: "model id, alias or architecture key, e.g. gpt-4o-mini or llama-3.1-70b" }],
  options: [
    { flags: "--input-tokens <n>", description: "input tokens per request (k/M suffixes allowed)" },
    { flags: "--output-tokens <n>", description: "output tokens per request" },
    { flags: "--input <tokens>", description: "old spelling of --input-tokens", replacedBy: "--input-tokens" },
    { flags: "--cached-input <share>", description: 'share of input read from the prompt cache, 0.6 or "60%"' },
    { flags: "--cache-write <share>", description: "share of input written to the prompt cache" },
    { flags: "--cache-ttl <ttl>", description: "cache writes' lifetime: 5m (default) or 1h (billed at 2× input)" },
    { flags: "--reasoning <tokens>", description: "reasoning tokens per request (billed as output)" },
    { flags: "--requests <n>", description: "requests over the period (default 1)" },
    { flags: "--requests-per-day <n>", description: "requests per day" },
    { flags: "--requests-per-month <n>", description: "requests per month" },
    { flags: "--batch", description: "send through the batch API where offered" },
    { flags: "--off-peak <share>", description: "share of requests in the provider's off-peak window" },
    { flags: "--self-host <gpu>", description: "also price serving MODEL yourself on this accelerator, e.g. h100-sxm" },
    { flags: "--train", description: "price a training run of MODEL instead (with --tokens, --gpu, --gpus)" },
    {
      flags: "--fine-tune",
      description: "price fine-tuning MODEL through its provider's API instead (with --tokens, --epochs)",
    },
    { flags: "--tokens <n>", description: "training tokens per epoch, e.g. 1T (--train, --fine-tune)" },
    { flags: "--epochs <n>", description: "training epochs, default 1 (--train, --fine-tune)" },
    {
      flags: "--hosting-hours <n>",
      description: "hours the fine-tuned model is deployed over the period; default the whole period (--fine-tune)",
    },
    { flags: "--flops <n>", description: "total training FLOPs, instead of 6·N·tokens (--train)" },
    { flags: "--gpu <id>", description: "accelerator to train on, e.g. h100-sxm (--train)" },
    { flags: "--gpus <n>", description: "GPUs to train on (--train)" },
    { flags: "--mfu <share>", description: "model FLOPs utilisation, default 0.40 (--train)" },
    { flags: "--method <method>", description: "full or lora (--train)" },
    { flags: "--precision <p>", description: "bf16, fp16, fp8, int8, int4 (--train, --self-host)" },
    { flags: "--utilization <share>", description: "average load relative to peak, default 0.6 (--self-host)" },
    { flags: "--ttft <ms>", description: "latency limit: time to first token, milliseconds (--self-host)" },
    { flags: "--tpot <ms>", description: "latency limit: time per output token, milliseconds (--self-host)" },
    {
      flags: "--tokens-per-user <n>",
      description: "latency limit as streaming speed, tokens/s per user (--self-host)",
    },
    {
      flags: "--own",
      description:
        'also price buying the servers ("via": "own") with the break-even utilization (--train, --self-host)',
    },
    { flags: "--own-utilization <share>", description: "share of the owned servers' hours doing work (--own)" },
    {
      flags: "--pricing <model>",
      description: "on_demand, spot, reserved_1y, reserved_3y or capacity_block (--train, --self-host)",
    },
    { flags: "--price-per-gpu-hour <price>", description: "your own GPU-hour price instead of the catalog's" },
    {
      flags: "--period <period>",
      description: "period of the estimate (default: month; a quote of --requests with no --period is one-off)",
      choices: ["day", "month", "year"],
    },
    formatOption(["estimate"]),
    ...pricingOptions,
    // One spelling for the output file everywhere. A count given to --output (`--output 500`) is the
    // old spelling of --output-tokens: quote.ts tells a count from a file name (docs/cli.md).
    { ...OUTPUT_OPTION, repeatable: true },
    { flags: "--output-file <file>", description: "old spelling of --output", replacedBy: "--output" },
  ],
  after:
    "\nExamples:\n  llmcost quote llama-3.1-70b --input-tokens 2000 --output-tokens 500 \\\n    --requests-per-day 10000\n  llmcost quote llama-3.1-70b --self-host h100-sxm --precision fp8 \\\n    --input-tokens 2000 --output-tokens 500 --requests-per-day 10k -o q.json\n  llmcost quote --train llama-3.1-8b --tokens 1T --gpu h100-sxm --gpus 256\n  llmcost quote --fine-tune gpt-4o-mini --tokens 2M --epochs 3 \\\n    --requests-per-day 10k --input-tokens 500 --output-tokens 100",
  run: async ([model], flags, io) => {
    const q = await import("./quote.js");
    const { file, note } = q.quoteOutputFlags(flags);
    const out = await q.runQuote(str(model), flags, io);
    return { ...out, file, stderr: `${note}${out.stderr ?? ""}` };
  },
};

const catalog: CommandSpec = {
  name: "catalog",
  summary: "browse and check the price catalog: list, show, validate, diff, stats, import, refresh, export",
  description: "Browse and check the price catalog.",
  after: "\nExample:\n  llmcost catalog show gpt-4o",
  subcommands: [
    {
      name: "list",
      summary: "offerings priced on a date",
      description: "List the API offerings and GPU offers priced on a date (default today).",
      options: [
        formatOption(["catalog-list"]),
        { flags: "--as-of <date>", description: "date, YYYY-MM-DD (default today)" },
        PROVIDER_OPTION,
        { flags: "--kind <kind>", description: "api, gpu or all", choices: ["api", "gpu", "all"], default: "all" },
        ...VIEW_OPTIONS,
      ],
      after: "\nExample:\n  llmcost catalog list --provider deepseek --as-of 2024-06-01",
      run: toOutput(async (_args, flags, io) => (await import("./catalog.js")).runCatalogList(flags, io)),
    },
    {
      name: "show",
      summary: "every price entry of a model or GPU, with dates and sources",
      description:
        "Show every price entry of a model or GPU, with its dates and sources, and a model's quality class on\n--as-of with the leaderboard snapshot it comes from (docs/quality.md).",
      args: [{ name: "<id>", description: "model id, alias, architecture key or accelerator key" }],
      options: [
        formatOption(["catalog-show"]),
        { flags: "--as-of <date>", description: "date of the quality class, YYYY-MM-DD (default today)" },
        ...VIEW_OPTIONS,
      ],
      after: "\nExample:\n  llmcost catalog show deepseek-chat",
      run: toOutput(async ([id], flags, io) => (await import("./catalog.js")).runCatalogShow(str(id), flags, io)),
    },
    {
      name: "quality",
      summary: "model quality classes from dated leaderboard snapshots",
      description:
        "Every scored model's quality class on the leaderboard snapshot in force at --as-of (the newest dated\non or before it), best first, with the snapshot's date, source, top score and bands (docs/quality.md).",
      options: [
        formatOption(["catalog-quality"]),
        { flags: "--as-of <date>", description: "date, YYYY-MM-DD (default today)" },
        { flags: "--all", description: "every snapshot dated on or before --as-of, newest first" },
        ...VIEW_OPTIONS,
      ],
      after: "\nExamples:\n  llmcost catalog quality\n  llmcost catalog quality --as-of 2024-08-01 --format json",
      run: toOutput(async (_args, flags, io) => (await import("./catalog.js")).runCatalogQuality(flags, io)),
    },
    {
      name: "validate",
      summary: "check the catalog or catalog files: faults and lint warnings, with places",
      description:
        "Check the embedded catalog, or catalog folders, provider files and overlays: every fault and lint warning\nwith its file:line:col. Exit 2 on faults; warnings alone exit 0.",
      args: [
        {
          name: "[files...]",
          description: "catalog folders, catalog.yaml, provider files or overlays (default: the embedded catalog)",
        },
      ],
      options: [
        formatOption(["catalog-validate"]),
        { flags: "--as-of <date>", description: "reference date for the staleness warning (default today)" },
        {
          flags: "--ignore <rule>",
          description: "leave out a lint rule: cached-above-input, output-below-input, price-jump, stale (repeatable)",
          repeatable: true,
        },
        OUTPUT_OPTION,
      ],
      after: "\nExample:\n  llmcost catalog validate my-prices.yaml",
      run: toOutput(async ([files], flags, io) =>
        (await import("./catalog-validate.js")).runCatalogValidate(list(files), flags, io),
      ),
    },
    {
      name: "diff",
      summary: "what changed between two dates: new, ended, price moves",
      description:
        "What changed in the catalog between two dates: new offerings, ended ones and price moves with their percentage.",
      options: [
        { flags: "--from <date>", description: "start date, YYYY-MM-DD", required: true },
        { flags: "--to <date>", description: "end date, YYYY-MM-DD (default today)" },
        PROVIDER_OPTION,
        formatOption(["catalog-diff"]),
        ...VIEW_OPTIONS,
      ],
      after: "\nExample:\n  llmcost catalog diff --from 2024-05-01 --to 2024-06-01 --provider deepseek",
      run: toOutput(async (_args, flags, io) => (await import("./catalog-diff.js")).runCatalogDiff(flags, io)),
    },
    {
      name: "stats",
      summary: "coverage: providers, offerings, price points, dates, currencies, freshness",
      description:
        "Coverage of the catalog: providers (API and GPU), offerings, price points, date span, currencies, the\nshare of offerings priced within the last 6 months and confirmed within 90 days; then, per provider,\nits newest confirmation date and its share of offerings confirmed within 90 days.",
      options: [
        formatOption(["catalog-stats"]),
        { flags: "--as-of <date>", description: "reference date (default today)" },
        { flags: "--providers", description: "list each provider's counts and freshness (the default)" },
        { flags: "--no-providers", description: "leave the per-provider table out" },
        ...VIEW_OPTIONS,
      ],
      after: "\nExamples:\n  llmcost catalog stats\n  llmcost catalog stats --no-providers --as-of 2025-06-01",
      run: toOutput(async (_args, flags, io) => (await import("./catalog-stats.js")).runCatalogStats(flags, io)),
    },
    {
      name: "import",
      summary: "write catalog YAML from LiteLLM's or genai-prices' price data",
      description:
        "Write an overlay catalog (YAML, usable with --catalog) from LiteLLM's model_prices_and_context_window.json\nor pydantic genai-prices data (the installed @pydantic/genai-prices package, or its data.json). Every price is\ndated the import date and names its source; what cannot be mapped is reported on stderr.",
      args: [
        { name: "<source>", description: "litellm or genai-prices" },
        { name: "[file]", description: "the data file (required for litellm)" },
      ],
      options: [
        { flags: "--date <date>", description: "date the data was taken: each price's `from` (default today)" },
        { flags: "--new-only", description: "leave out offerings the embedded catalog already has" },
        { flags: "--unmapped", description: "list every entry that could not be mapped" },
        { flags: "-o, --output <file>", description: "write the YAML to FILE (atomically) instead of stdout" },
      ],
      after:
        "\nExamples:\n  llmcost catalog import litellm model_prices_and_context_window.json \\\n    -o litellm.yaml\n  llmcost catalog import genai-prices --new-only > genai.yaml\n  llmcost quote gpt-4o --catalog litellm.yaml",
      run: async ([source, file], flags, io) =>
        (await import("./catalog-import.js")).runCatalogImport(str(source), opt(file), flags, io),
    },
    {
      name: "refresh",
      summary: "propose dated changes from a newer LiteLLM or genai-prices file (never applied)",
      description:
        "Compare a newer LiteLLM model_prices_and_context_window.json or genai-prices data.json with the embedded\ncatalog on the day it was taken: price moves, new offerings, confirmations and offerings the peer no longer\nlists. Writes a reviewable overlay YAML patch (stdout or -o) and a CHANGELOG entry (stderr or --changelog);\nnothing is applied.",
      args: [{ name: "<file>", description: "the peer file (JSON)" }],
      options: [
        {
          flags: "--from <format>",
          description: "the file's format (default: detected)",
          choices: ["litellm", "genai-prices"],
        },
        {
          flags: "--date <date>",
          description: "the day the file was taken: each proposed entry's `from` (default today)",
        },
        { flags: "-o, --output <file>", description: "write the YAML patch to FILE (atomically) instead of stdout" },
        { flags: "--changelog <file>", description: "write the proposed CHANGELOG entry to FILE instead of stderr" },
      ],
      after:
        "\nExample:\n  llmcost catalog refresh model_prices_and_context_window.json \\\n    --date 2026-12-01 -o refresh.yaml --changelog refresh.md",
      run: async ([file], flags, io) => (await import("./catalog-refresh.js")).runCatalogRefresh(str(file), flags, io),
    },
    {
      name: "export",
      summary: "the dated price table (valid_from, valid_to) as CSV, JSON lines or Parquet",
      description:
        "Write every API price as one dated table: provider, offering, model, aliases, names, component, unit, price,\ncurrency, above (long-context tier), batch_multiplier, valid_from, valid_to (exclusive; empty: in force), source.\nWarehouses price usage against it with the SQL of `llmcost usage --sql` (docs/usage.md).",
      options: [
        {
          flags: "-f, --format <format>",
          description: "csv, jsonl or parquet",
          choices: ["csv", "jsonl", "parquet"],
          default: "csv",
        },
        { flags: "-o, --output <file>", description: "write to FILE (required for parquet)" },
        CATALOG_OPTION,
      ],
      after:
        "\nExamples:\n  llmcost catalog export > prices.csv\n  llmcost catalog export --format parquet -o prices.parquet",
      run: async (_args, flags, io) => (await import("./catalog-export.js")).runCatalogExport(flags, io),
    },
  ],
};

const trend: CommandSpec = {
  name: "trend",
  summary: "price history, annual rate of change, forecast",
  description:
    "The price series of each MODEL (or of a group): each step's change, the total change, the annual rate (p_end/p_start)^(365/days) - 1, a chart, and optionally a forecast fitted to log(price).",
  args: [
    {
      name: "[models...]",
      description:
        "model ids, aliases or provider/model, e.g. gpt-4o openai/gpt-4o-mini; or accelerator keys, e.g. h100-sxm",
    },
  ],
  options: [
    formatOption(["trend"]),
    { flags: "--since <date>", description: "window start, YYYY-MM-DD (default: the first price)" },
    { flags: "--until <date>", description: "window end, YYYY-MM-DD (default today)" },
    {
      flags: "--metric <metric>",
      description:
        "price shown: blended = (3 input + output) / 4 (default; a preset may choose another); on_demand or spot per GPU-hour for a GPU key",
      choices: ["input", "output", "blended", "on_demand", "spot"],
    },
    { flags: "--currency <code>", description: "currency of the series, e.g. USD, CNY (default USD)" },
    { flags: "--log", description: "log scale for the chart" },
    {
      flags: "--provider <id>",
      description: "every model of a provider, or narrow MODELs to it (repeatable)",
      repeatable: true,
    },
    {
      flags: "--family <name>",
      description: "every model of a catalog family or tag, e.g. gpt-4, gpt-4-class (repeatable)",
      repeatable: true,
    },
    {
      flags: "--cheapest-of <models>",
      description: "comma-separated models: one series, the cheapest of them (repeatable)",
      repeatable: true,
    },
    { flags: "--preset <name>", description: "a built-in view: china-2024 (the May 2024 price war, in CNY)" },
    { flags: "--forecast <horizon>", description: "fit log(price) and project: 90d, 12m, 2y" },
    ...VIEW_OPTIONS,
  ],
  after:
    "\nExamples:\n  llmcost trend gpt-4o gpt-4o-mini --forecast 12m\n  llmcost trend h100-sxm --provider aws --provider lambda\n  llmcost trend --cheapest-of gpt-4,gpt-4-turbo,gpt-4o --log\n  llmcost trend --preset china-2024 --format svg -o china-2024.svg",
  run: toOutput(async ([models], flags, io) => (await import("./trend.js")).runTrend(list(models), flags, io)),
};

/** CI gates and diffs (docs/ci.md). */
const gateOptions = (kind: "check" | "diff"): OptionSpec[] => [
  formatOption([kind]),
  ...PRICE_AT,
  PROVIDER_OPTION,
  CATALOG_OPTION,
  LANG_OPTION,
  OUTPUT_OPTION,
];

const check: CommandSpec = {
  name: "check",
  summary: "estimate, then exit 1 when a budget is exceeded",
  description:
    "Estimate a workload, then compare it with its `budget:` block and the flags (flags win).\nExit 0 when every budget holds, 1 when one is exceeded (or cannot be checked), 2 on bad input.",
  args: [
    { name: "<workload>", description: "workload YAML file (- for stdin), or a saved `estimate --format json` file" },
  ],
  options: [
    ...gateOptions("check"),
    { flags: "--budget <amount>", description: "total limit per period, in the report currency (500, 1.5k, 450EUR)" },
    {
      flags: "--item-budget <name=amount>",
      description: "limit for one item, e.g. chat=300 (repeatable)",
      repeatable: true,
    },
    { flags: "--max-increase <pct>", description: "limit the total to the baseline's plus this share, e.g. 10%" },
    { flags: "--baseline <file>", description: "with --max-increase: a workload or a saved JSON estimate" },
  ],
  after:
    "\nExamples:\n  llmcost check llmcost.yaml --budget 500\n  llmcost check llmcost.yaml --max-increase 10% --baseline main.json \\\n    --format markdown",
  run: toOutput(async ([file], flags, io) => (await import("./check.js")).runCheck(str(file), flags, io)),
};

const diff: CommandSpec = {
  name: "diff",
  summary: "compare two workloads or saved JSON estimates: per item, in total, and why",
  description:
    "Compare BASE and HEAD (workload files or saved `estimate --format json` outputs): cost before, after,\nthe change and the percentage per item and in total, items added or removed, and the reasons.",
  args: [
    { name: "<base>", description: "workload YAML or saved JSON estimate" },
    {
      name: "[head]",
      description: "workload YAML or saved JSON estimate (default: BASE, with --as-of-base/--as-of-head)",
    },
  ],
  options: [
    ...gateOptions("diff"),
    { flags: "--as-of-base <date>", description: "price BASE at this date" },
    { flags: "--as-of-head <date>", description: "price HEAD at this date" },
    {
      flags: "--fail-above <amount|pct>",
      description: "exit 1 when the total rises by more than this amount or percentage",
    },
  ],
  after:
    "\nExamples:\n  llmcost diff base.yaml llmcost.yaml --format markdown --fail-above 10%\n  llmcost diff examples/china-price-war.yaml \\\n    --as-of-base 2024-05-01 --as-of-head 2024-06-01",
  run: toOutput(async ([base, head], flags, io) =>
    (await import("./diff.js")).runDiff(str(base), opt(head), flags, io),
  ),
};

const optimize: CommandSpec = {
  name: "optimize",
  summary: "the changes that cut a workload's cost, priced and ranked; --apply writes the changed workload",
  description:
    "For every item, the changes that cut its cost (another host, batch or off-peak for items that can wait,\nprompt caching, a cheaper model of the same quality class, self-hosting, training on spot or another GPU),\neach priced by the estimate of the changed workload, ranked by saving, with trade-offs and evidence;\nthen a plan of compatible changes. --apply N|all writes the changed workload (docs/optimize.md).",
  args: [{ name: "<workload>", description: "workload YAML file, or - for stdin" }],
  options: [
    formatOption(["optimize"]),
    {
      flags: "--apply <n|all>",
      description: "write the workload with suggestion N (or the whole plan) applied, instead of the report",
    },
    ...PRICE_AT,
    PROVIDER_OPTION,
    CATALOG_OPTION,
    LANG_OPTION,
    OUTPUT_OPTION,
  ],
  after:
    "\nExamples:\n  llmcost optimize examples/support-assistant.yaml\n  llmcost optimize llmcost.yaml --apply 1 -o cheaper.yaml\n  llmcost diff llmcost.yaml cheaper.yaml",
  run: toOutput(async ([file], flags, io) => (await import("./optimize.js")).runOptimize(str(file), flags, io)),
};

const schema: CommandSpec = {
  name: "schema",
  summary: "print the JSON Schema of a file format or of the JSON output",
  description: "Print the JSON Schema generated from llmcost's zod schemas (also in the package's schema/ folder).",
  args: [
    {
      name: "<kind>",
      description: "workload | catalog | output | diff | optimize | usage | usage-record | trend | over",
    },
    { name: "[part]", description: "for catalog: provider (default), hardware, models, fx, index, overlay" },
  ],
  options: [OUTPUT_OPTION],
  after: "\nExamples:\n  llmcost schema workload > workload.schema.json\n  llmcost schema catalog hardware",
  run: toOutput(async ([kind, part], _flags, io) =>
    (await import("./schema.js")).runSchema(str(kind), opt(part), io.embeddedCatalog()),
  ),
};

const init: CommandSpec = {
  name: "init",
  summary: "write a commented starter workload",
  description: "Write a commented starter workload to FILE (default llmcost.yaml; - for stdout). It prices at once.",
  args: [{ name: "[file]", description: "where to write it (default: llmcost.yaml), as -o FILE does" }],
  options: [{ flags: "--force", description: "overwrite FILE if it exists" }, OUTPUT_OPTION],
  after: "\nExample:\n  llmcost init && llmcost estimate llmcost.yaml",
  run: async ([file], flags, io) => (await import("./init.js")).runInit(opt(file), flags, io),
};

const usage: CommandSpec = {
  name: "usage",
  summary: "price usage logs at each row's date: per model, day, project; against the bill",
  description:
    "Price what was actually spent: usage logs (API responses, provider usage and cost exports, LiteLLM spend\nlogs, OpenTelemetry GenAI spans, CSV/JSON lines with --map), each row at the prices of its own date.\nFiles, globs, - (stdin) and .gz; the format is detected (docs/usage.md).",
  args: [{ name: "[files...]", description: "usage files, globs or - for stdin" }],
  options: [
    formatOption(["usage"]),
    {
      flags: "--input-format <name>",
      description: "force the input format (see docs/usage.md), e.g. openai, litellm, otel",
    },
    {
      flags: "--map <pairs>",
      description: "FIELD=COLUMN pairs for CSV/JSON lines, e.g. timestamp=ts,input=prompt (repeatable)",
      repeatable: true,
    },
    {
      flags: "--by <keys>",
      description: "group by: model, provider, day, week, month, project, key, user, tag (comma-separated)",
    },
    { flags: "--provider <id>", description: "provider of rows that name none" },
    {
      flags: "--reprice <target>",
      description: "also price the traffic on PROVIDER, on the cheapest host, or on a MODEL",
    },
    {
      flags: "--diff-threshold <share>",
      description: "flag groups whose cost differs from the provider's by more (default 5%)",
    },
    { flags: "--strict", description: "exit 2 when any row could not be priced" },
    { flags: "--max-errors <n>", description: "stop (exit 2) after more than N unreadable lines" },
    {
      flags: "--threads <n>",
      description: "price a large plain JSON-lines file in N threads (default: 2 on 2+ cores; 1: one)",
    },
    { flags: "--assume-utc", description: "read timestamps without a zone as UTC" },
    { flags: "--currency <code>", description: "report currency (default USD)" },
    {
      flags: "--to-workload <file>",
      description: "write a workload fitted from the logs (estimate, check and diff take it)",
    },
    { flags: "--against <workload>", description: "compare the actual cost with this workload's estimate, per item" },
    {
      flags: "--sql <dialect>",
      description: "print the SQL that prices a usage table in a warehouse",
      choices: ["duckdb", "spark", "trino"],
    },
    {
      flags: "--engine <engine>",
      description: "node (streaming) or duckdb (default: duckdb for .parquet files)",
      choices: ["node", "duckdb"],
    },
    CATALOG_OPTION,
    LANG_OPTION,
    OUTPUT_OPTION,
  ],
  after:
    "\nExamples:\n  llmcost usage logs/*.jsonl.gz --by model,day\n  llmcost usage litellm-spend.csv --by key --format json\n  llmcost usage openai-usage.json openai-costs.json --by day,model\n  llmcost usage export.csv \\\n    --map timestamp=ts,model=model,input=prompt,output=completion",
  run: toOutput(async ([files], flags, io) => (await import("./usage.js")).runUsage(list(files), flags, io)),
};

const completion: CommandSpec = {
  name: "completion",
  summary: "print a shell completion script (bash, zsh, fish)",
  description:
    "Print a completion script for bash, zsh or fish: commands, options, and model, provider and GPU ids\nfrom the embedded catalog (docs/completion.md).",
  args: [{ name: "<shell>", description: "bash | zsh | fish" }],
  options: [OUTPUT_OPTION],
  after:
    "\nExamples:\n  llmcost completion bash > ~/.local/share/bash-completion/completions/llmcost\n  llmcost completion zsh > ~/.zfunc/_llmcost\n  llmcost completion fish > ~/.config/fish/completions/llmcost.fish",
  run: toOutput(async ([shell], _flags, io) => (await import("./completion.js")).runCompletion(opt(shell), io)),
};

export const COMMANDS: readonly CommandSpec[] = [
  estimate,
  quote,
  catalog,
  trend,
  check,
  diff,
  optimize,
  schema,
  init,
  usage,
  completion,
];
