import { Command, Option } from "commander";
import { FORMATS } from "../report/index.js";
import { collect, overlayPaths, prepareOverlays } from "./common.js";
import { EXIT_CODES_HELP } from "./exit.js";
import type { CommandOutput, Io } from "./io.js";

/**
 * Commander wiring only: commands, options and help; no logic lives here. Each action loads its
 * command module when it runs (so a start-up evaluates only the code of the command asked for),
 * hands it its arguments and stores what it returns.
 */

export const VERSION = "0.1.0";

type Sink = (out: CommandOutput) => void;

function pricingOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .option("--as-of <date>", "price date, YYYY-MM-DD (default: the workload's as_of, else today)")
    .option("--currency <code>", "report currency, e.g. USD, CNY, EUR")
    .option("--provider <id>", "only this provider (repeatable)", collect)
    .option(
      "--billing <model>",
      "only options billed as pay_as_you_go, pack, subscription, provisioned or committed (repeatable)",
      collect,
    )
    .option("--catalog <file>", "overlay catalog file, later wins (repeatable)", collect)
    .option("--alternatives <n>", "alternatives shown per item in tables", "3")
    .option("--explain", "show each number's formula and catalog entry");
}

/** `-o, --output FILE`: write the report atomically to FILE instead of stdout. */
function outputOption(cmd: Command, flag = "-o, --output <file>"): Command {
  return cmd.option(flag, "write the report to FILE (atomically) instead of stdout");
}

/** Every command's one-line summary: `llmcost --help` lists them all, built or not. */
const SUMMARIES = {
  estimate: "price a workload file on every provider that can run it",
  quote: "price one request shape on every provider offering MODEL",
  catalog: "browse and check the price catalog: list, show, validate, diff, stats, import",
  trend: "price history, annual rate of change, forecast",
  check: "estimate, then exit 1 when a budget is exceeded",
  diff: "compare two workloads or saved JSON estimates: per item, in total, and why",
  schema: "print the JSON Schema of a file format or of the JSON output",
  init: "write a commented starter workload",
  usage: "price usage logs at each row's date: per model, day, project; against the bill",
} as const;

export interface OutputHooks {
  writeOut: (s: string) => void;
  writeErr: (s: string) => void;
}

/**
 * Build the command tree. exitOverride and the output hooks are set first, so every subcommand
 * inherits them: commander then throws instead of exiting, and writes where runCli collects.
 *
 * Every command is registered with its name and summary (for help, and "did you mean" after a
 * typo), but when `argv` names one, only that one gets its arguments, options and help: building
 * all of them took a tenth of a cold start. Without a command name (`--help`, `help estimate`)
 * every command is built.
 */
export function buildProgram(io: Io, sink: Sink, hooks: OutputHooks, argv: readonly string[] = []): Command {
  const program = new Command("llmcost");
  const named = argv.find((a) => !a.startsWith("-"));
  const only = named !== undefined && Object.hasOwn(SUMMARIES, named) ? named : undefined;
  const define = (name: keyof typeof SUMMARIES, build: (cmd: Command) => void) => {
    const cmd = program.command(name).summary(SUMMARIES[name]);
    if (only === undefined || only === name) build(cmd);
  };
  program.exitOverride();
  program.configureOutput({ writeOut: hooks.writeOut, writeErr: hooks.writeErr, outputError: (s, write) => write(s) });
  // Overlay catalogs need the catalog schemas: load them before the command, only when asked for.
  program.hook("preAction", async (_program, action) => {
    const catalogFlags = (action.opts() as { catalog?: string[] }).catalog;
    if (overlayPaths(io, catalogFlags).length > 0) await prepareOverlays();
  });
  program
    .description(
      "What will this AI workload cost, where, and why?\nAPI, self-hosted and training workloads, priced from sourced, dated catalogs.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "print stack traces for internal errors")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Examples (one per command):
  llmcost estimate examples/support-assistant.yaml   price a workload file
  llmcost quote gpt-4o-mini --input 1200 --output 250 --requests-per-day 20k
  llmcost catalog show claude-3-5-sonnet             a model's price history
  llmcost trend gpt-4o gpt-4o-mini --forecast 12m    how prices moved
  llmcost check examples/support-assistant.yaml --budget 400
  llmcost diff examples/ci-base.yaml examples/ci-head.yaml --format markdown
  llmcost schema workload > workload.schema.json     JSON Schema for editors
  llmcost init my-workload.yaml                      a commented starter

${EXIT_CODES_HELP}
Docs: README.md and docs/ in the package.
`,
    );

  define("estimate", (cmd) => {
    outputOption(
      pricingOptions(
        cmd
          .description("Price a workload file (- for stdin) on every provider that can run each item.")
          .argument("<workload>", "workload YAML file, or - for stdin")
          .option("--over <range>", "price the workload at every --step in FROM..TO, e.g. 2023-01-01..2026-11-01")
          .option("--step <step>", "with --over: month, quarter (default) or year")
          .option("--log", "with --over: log scale for the chart")
          .option("--svg <file>", "with --over: also write the chart as a standalone SVG file")
          .addHelpText("after", "\nExample:\n  llmcost estimate examples/support-assistant.yaml --format json"),
      ),
    ).action(async (file: string, flags) =>
      sink({
        // --over prices the workload over time (trend.ts); a plain estimate never loads that module.
        ...(flags.over !== undefined
          ? (await import("./commands/trend.js")).runEstimateOver(file, flags, io)
          : (await import("./commands/estimate.js")).runEstimate(file, flags, io)),
        file: flags.output,
      }),
    );
  });

  define("quote", (cmd) => {
    outputOption(
      pricingOptions(
        cmd
          .description("Price one request shape, given by flags, on every provider offering MODEL.")
          .argument("<model>", "model id, alias or architecture key, e.g. gpt-4o-mini or llama-3.1-70b")
          .option("--input <tokens>", "input tokens per request (k/M suffixes allowed)")
          .option("--output <tokens>", "output tokens per request")
          .option("--cached-input <share>", 'share of input read from the prompt cache, 0.6 or "60%"')
          .option("--cache-write <share>", "share of input written to the prompt cache")
          .option("--reasoning <tokens>", "reasoning tokens per request (billed as output)")
          .option("--requests <n>", "requests over the period (default 1)")
          .option("--requests-per-day <n>", "requests per day")
          .option("--requests-per-month <n>", "requests per month")
          .option("--batch", "send through the batch API where offered")
          .option("--off-peak <share>", "share of requests in the provider's off-peak window")
          .option("--self-host <gpu>", "also price serving MODEL yourself on this accelerator, e.g. h100-sxm")
          .option("--train", "price a training run of MODEL instead (with --tokens, --gpu, --gpus)")
          .option("--tokens <n>", "training tokens per epoch, e.g. 1T (--train)")
          .option("--epochs <n>", "training epochs, default 1 (--train)")
          .option("--flops <n>", "total training FLOPs, instead of 6·N·tokens (--train)")
          .option("--gpu <id>", "accelerator to train on, e.g. h100-sxm (--train)")
          .option("--gpus <n>", "GPUs to train on (--train)")
          .option("--mfu <share>", "model FLOPs utilisation, default 0.40 (--train)")
          .option("--method <method>", "full or lora (--train)")
          .option("--precision <p>", "bf16, fp16, fp8, int8, int4 (--train, --self-host)")
          .option("--utilization <share>", "average load relative to peak, default 0.6 (--self-host)")
          .option("--ttft <ms>", "latency limit: time to first token, milliseconds (--self-host)")
          .option("--tpot <ms>", "latency limit: time per output token, milliseconds (--self-host)")
          .option("--tokens-per-user <n>", "latency limit as streaming speed, tokens/s per user (--self-host)")
          .option(
            "--own",
            'also price buying the servers ("via": "own") with the break-even utilization (--train, --self-host)',
          )
          .option("--own-utilization <share>", "share of the owned servers' hours doing work (--own)")
          .option("--pricing <model>", "on_demand, spot, reserved_1y or reserved_3y (--train, --self-host)")
          .option("--price-per-gpu-hour <price>", "your own GPU-hour price instead of the catalog's")
          .addOption(
            new Option(
              "--period <period>",
              "period of the estimate (default: month; a quote of --requests with no --period is one-off)",
            ).choices(["day", "month", "year"]),
          )
          .addHelpText(
            "after",
            "\nExamples:\n  llmcost quote llama-3.1-70b --input 2000 --output 500 --requests-per-day 10000\n  llmcost quote llama-3.1-70b --self-host h100-sxm --precision fp8 \\\n    --input 2000 --output 500 --requests-per-day 10k\n  llmcost quote --train llama-3.1-8b --tokens 1T --gpu h100-sxm --gpus 256",
          ),
      ),
      "-o, --output-file <file>",
    ).action(async (model: string, flags) =>
      sink({ ...(await import("./commands/quote.js")).runQuote(model, flags, io), file: flags.outputFile }),
    );
  });

  define("catalog", (cmd) => {
    const catalog = cmd
      .description("Browse and check the price catalog.")
      .addHelpText("after", "\nExample:\n  llmcost catalog show gpt-4o");
    catalog
      .command("list")
      .summary("offerings priced on a date")
      .description("List the API offerings and GPU offers priced on a date (default today).")
      .addOption(
        new Option("-f, --format <format>", "output format")
          .choices(["table", "json", "markdown", "csv"])
          .default("table"),
      )
      .option("--as-of <date>", "date, YYYY-MM-DD (default today)")
      .option("--provider <id>", "only this provider (repeatable)", collect)
      .addOption(new Option("--kind <kind>", "api, gpu or all").choices(["api", "gpu", "all"]).default("all"))
      .option("--catalog <file>", "overlay catalog file (repeatable)", collect)
      .addHelpText("after", "\nExample:\n  llmcost catalog list --provider deepseek --as-of 2024-06-01")
      .action(async (flags) => sink((await import("./commands/catalog.js")).runCatalogList(flags, io)));
    catalog
      .command("show")
      .summary("every price entry of a model or GPU, with dates and sources")
      .description("Show every price entry of a model or GPU, with its dates and sources.")
      .argument("<id>", "model id, alias, architecture key or accelerator key")
      .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
      .option("--catalog <file>", "overlay catalog file (repeatable)", collect)
      .addHelpText("after", "\nExample:\n  llmcost catalog show deepseek-chat")
      .action(async (id: string, flags) => sink((await import("./commands/catalog.js")).runCatalogShow(id, flags, io)));
    catalog
      .command("validate")
      .summary("check the catalog or catalog files: faults and lint warnings, with places")
      .description(
        "Check the embedded catalog, or catalog folders, provider files and overlays: every fault and lint warning\nwith its file:line:col. Exit 2 on faults; warnings alone exit 0.",
      )
      .argument(
        "[files...]",
        "catalog folders, catalog.yaml, provider files or overlays (default: the embedded catalog)",
      )
      .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
      .option("--as-of <date>", "reference date for the staleness warning (default today)")
      .option(
        "--ignore <rule>",
        "leave out a lint rule: cached-above-input, output-below-input, price-jump, stale (repeatable)",
        collect,
      )
      .addHelpText("after", "\nExample:\n  llmcost catalog validate my-prices.yaml")
      .action(async (files: string[], flags) =>
        sink((await import("./commands/catalog-validate.js")).runCatalogValidate(files, flags, io)),
      );
    catalog
      .command("diff")
      .summary("what changed between two dates: new, ended, price moves")
      .description(
        "What changed in the catalog between two dates: new offerings, ended ones and price moves with their percentage.",
      )
      .requiredOption("--from <date>", "start date, YYYY-MM-DD")
      .option("--to <date>", "end date, YYYY-MM-DD (default today)")
      .option("--provider <id>", "only this provider (repeatable)", collect)
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["table", "json", "markdown"]).default("table"),
      )
      .option("--catalog <file>", "overlay catalog file (repeatable)", collect)
      .addHelpText("after", "\nExample:\n  llmcost catalog diff --from 2024-05-01 --to 2024-06-01 --provider deepseek")
      .action(async (flags) => sink((await import("./commands/catalog-diff.js")).runCatalogDiff(flags, io)));
    catalog
      .command("stats")
      .summary("coverage: providers, offerings, price points, dates, currencies, freshness")
      .description(
        "Coverage of the catalog: providers (API and GPU), offerings, price points, date span, currencies, the\nshare of offerings priced within the last 6 months and confirmed within 90 days; then, per provider,\nits newest confirmation date and its share of offerings confirmed within 90 days.",
      )
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["table", "json", "markdown"]).default("table"),
      )
      .option("--as-of <date>", "reference date (default today)")
      .option("--providers", "list each provider's counts and freshness (the default)")
      .option("--no-providers", "leave the per-provider table out")
      .option("--catalog <file>", "overlay catalog file (repeatable)", collect)
      .addHelpText(
        "after",
        "\nExamples:\n  llmcost catalog stats\n  llmcost catalog stats --no-providers --as-of 2025-06-01",
      )
      .action(async (flags) => sink((await import("./commands/catalog-stats.js")).runCatalogStats(flags, io)));
    catalog
      .command("import")
      .summary("write catalog YAML from LiteLLM's or genai-prices' price data")
      .description(
        "Write an overlay catalog (YAML, usable with --catalog) from LiteLLM's model_prices_and_context_window.json\nor pydantic genai-prices data (the installed @pydantic/genai-prices package, or its data.json). Every price is\ndated the import date and names its source; what cannot be mapped is reported on stderr.",
      )
      .argument("<source>", "litellm or genai-prices")
      .argument("[file]", "the data file (required for litellm)")
      .option("--date <date>", "date the data was taken: each price's `from` (default today)")
      .option("--new-only", "leave out offerings the embedded catalog already has")
      .option("--unmapped", "list every entry that could not be mapped")
      .option("-o, --output <file>", "write the YAML to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        "\nExamples:\n  llmcost catalog import litellm model_prices_and_context_window.json \\\n    -o litellm.yaml\n  llmcost catalog import genai-prices --new-only > genai.yaml\n  llmcost quote gpt-4o --catalog litellm.yaml",
      )
      .action(async (source: string, file: string | undefined, flags) =>
        sink((await import("./commands/catalog-import.js")).runCatalogImport(source, file, flags, io)),
      );
  });
  define("trend", (cmd) => {
    cmd
      .description(
        "The price series of each MODEL (or of a group): each step's change, the total change, the annual rate (p_end/p_start)^(365/days) - 1, a chart, and optionally a forecast fitted to log(price).",
      )
      .argument(
        "[models...]",
        "model ids, aliases or provider/model, e.g. gpt-4o openai/gpt-4o-mini; or accelerator keys, e.g. h100-sxm",
      )
      .addOption(
        new Option("-f, --format <format>", "output format")
          .choices(["table", "json", "csv", "markdown", "svg"])
          .default("table"),
      )
      .option("--since <date>", "window start, YYYY-MM-DD (default: the first price)")
      .option("--until <date>", "window end, YYYY-MM-DD (default today)")
      .addOption(
        new Option(
          "--metric <metric>",
          "price shown: blended = (3 input + output) / 4 (default; a preset may choose another); on_demand or spot per GPU-hour for a GPU key",
        ).choices(["input", "output", "blended", "on_demand", "spot"]),
      )
      .option("--currency <code>", "currency of the series, e.g. USD, CNY (default USD)")
      .option("--log", "log scale for the chart")
      .option("--provider <id>", "every model of a provider, or narrow MODELs to it (repeatable)", collect)
      .option(
        "--family <name>",
        "every model of a catalog family or tag, e.g. gpt-4, gpt-4-class (repeatable)",
        collect,
      )
      .option(
        "--cheapest-of <models>",
        "comma-separated models: one series, the cheapest of them (repeatable)",
        collect,
      )
      .option("--preset <name>", "a built-in view: china-2024 (the May 2024 price war, in CNY)")
      .option("--forecast <horizon>", "fit log(price) and project: 90d, 12m, 2y")
      .option("--catalog <file>", "overlay catalog file (repeatable)", collect)
      .option("-o, --output <file>", "write the report to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        "\nExamples:\n  llmcost trend gpt-4o gpt-4o-mini --forecast 12m\n  llmcost trend h100-sxm --provider aws --provider lambda\n  llmcost trend --cheapest-of gpt-4,gpt-4-turbo,gpt-4o --log\n  llmcost trend --preset china-2024 --format svg -o china-2024.svg",
      )
      .action(async (models: string[], flags) =>
        sink((await import("./commands/trend.js")).runTrend(models, flags, io)),
      );
  });
  // CI gates, diffs and the machine-readable contract (docs/ci.md).
  const gateOptions = (cmd: Command): Command =>
    cmd
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["table", "json", "markdown"]).default("table"),
      )
      .option("--as-of <date>", "price date, YYYY-MM-DD (default: the workload's as_of, else today)")
      .option("--currency <code>", "report currency, e.g. USD, CNY, EUR")
      .option("--provider <id>", "only this provider (repeatable)", collect)
      .option("--catalog <file>", "overlay catalog file, later wins (repeatable)", collect)
      .option("-o, --output <file>", "write the report to FILE (atomically) instead of stdout");
  define("check", (cmd) => {
    gateOptions(
      cmd
        .description(
          "Estimate a workload, then compare it with its `budget:` block and the flags (flags win).\nExit 0 when every budget holds, 1 when one is exceeded (or cannot be checked), 2 on bad input.",
        )
        .argument("<workload>", "workload YAML file (- for stdin), or a saved `estimate --format json` file")
        .option("--budget <amount>", "total limit per period, in the report currency (500, 1.5k, 450EUR)")
        .option("--item-budget <name=amount>", "limit for one item, e.g. chat=300 (repeatable)", collect)
        .option("--max-increase <pct>", "limit the total to the baseline's plus this share, e.g. 10%")
        .option("--baseline <file>", "with --max-increase: a workload or a saved JSON estimate")
        .addHelpText(
          "after",
          "\nExamples:\n  llmcost check llmcost.yaml --budget 500\n  llmcost check llmcost.yaml --max-increase 10% --baseline main.json \\\n    --format markdown",
        ),
    ).action(async (file: string, flags) =>
      sink({ ...(await import("./commands/check.js")).runCheck(file, flags, io), file: flags.output }),
    );
  });
  define("diff", (cmd) => {
    gateOptions(
      cmd
        .description(
          "Compare BASE and HEAD (workload files or saved `estimate --format json` outputs): cost before, after,\nthe change and the percentage per item and in total, items added or removed, and the reasons.",
        )
        .argument("<base>", "workload YAML or saved JSON estimate")
        .argument("[head]", "workload YAML or saved JSON estimate (default: BASE, with --as-of-base/--as-of-head)")
        .option("--as-of-base <date>", "price BASE at this date")
        .option("--as-of-head <date>", "price HEAD at this date")
        .option("--fail-above <amount|pct>", "exit 1 when the total rises by more than this amount or percentage")
        .addHelpText(
          "after",
          "\nExamples:\n  llmcost diff base.yaml llmcost.yaml --format markdown --fail-above 10%\n  llmcost diff examples/china-price-war.yaml \\\n    --as-of-base 2024-05-01 --as-of-head 2024-06-01",
        ),
    ).action(async (base: string, head: string | undefined, flags) =>
      sink({ ...(await import("./commands/diff.js")).runDiff(base, head, flags, io), file: flags.output }),
    );
  });
  define("schema", (cmd) => {
    cmd
      .description("Print the JSON Schema generated from llmcost's zod schemas (also in the package's schema/ folder).")
      .argument("<kind>", "workload | catalog | output | diff | usage | usage-record")
      .argument("[part]", "for catalog: provider (default), hardware, models, fx, index, overlay")
      .option("-o, --output <file>", "write the schema to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        "\nExamples:\n  llmcost schema workload > workload.schema.json\n  llmcost schema catalog hardware",
      )
      .action(async (kind: string, part: string | undefined, flags) =>
        sink({ ...(await import("./commands/schema.js")).runSchema(kind, part), file: flags.output }),
      );
  });
  define("init", (cmd) => {
    cmd
      .description(
        "Write a commented starter workload to FILE (default llmcost.yaml; - for stdout). It prices at once.",
      )
      .argument("[file]", "where to write it", "llmcost.yaml")
      .option("--force", "overwrite FILE if it exists")
      .addHelpText("after", "\nExample:\n  llmcost init && llmcost estimate llmcost.yaml")
      .action(async (file: string, flags) => sink((await import("./commands/init.js")).runInit(file, flags, io)));
  });
  define("usage", (cmd) => {
    cmd
      .description(
        "Price what was actually spent: usage logs (API responses, provider usage and cost exports, LiteLLM spend\nlogs, OpenTelemetry GenAI spans, CSV/JSON lines with --map), each row at the prices of its own date.\nFiles, globs, - (stdin) and .gz; the format is detected (docs/usage.md).",
      )
      .argument("[files...]", "usage files, globs or - for stdin")
      .addOption(
        new Option("-f, --format <format>", "output format")
          .choices(["table", "json", "csv", "markdown"])
          .default("table"),
      )
      .option("--input-format <name>", "force the input format (see docs/usage.md), e.g. openai, litellm, otel")
      .option(
        "--map <pairs>",
        "FIELD=COLUMN pairs for CSV/JSON lines, e.g. timestamp=ts,input=prompt (repeatable)",
        collect,
      )
      .option("--by <keys>", "group by: model, provider, day, week, month, project, key, user, tag (comma-separated)")
      .option("--provider <id>", "provider of rows that name none")
      .option("--reprice <target>", "also price the traffic on PROVIDER, on the cheapest host, or on a MODEL")
      .option("--diff-threshold <share>", "flag groups whose cost differs from the provider's by more (default 5%)")
      .option("--strict", "exit 2 when any row could not be priced")
      .option("--max-errors <n>", "stop (exit 2) after more than N unreadable lines")
      .option("--assume-utc", "read timestamps without a zone as UTC")
      .option("--currency <code>", "report currency (default USD)")
      .option("--catalog <file>", "overlay catalog file, later wins (repeatable)", collect)
      .option("-o, --output <file>", "write the report to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        "\nExamples:\n  llmcost usage logs/*.jsonl.gz --by model,day\n  llmcost usage litellm-spend.csv --by key --format json\n  llmcost usage openai-usage.json openai-costs.json --by day,model\n  llmcost usage export.csv \\\n    --map timestamp=ts,model=model,input=prompt,output=completion",
      )
      .action(async (files: string[], flags) =>
        sink({ ...(await (await import("./commands/usage.js")).runUsage(files, flags, io)), file: flags.output }),
      );
  });
  return program;
}
