import { jsonText, visibleStrings } from "../escape.js";
import type {
  CatalogDiffReport,
  CatalogListing,
  CatalogShow,
  CatalogStats,
  ValidateReport,
} from "../schema/catalog-views.js";
import type { Diff } from "../schema/diff.js";
import type { OptimizeReport } from "../schema/optimize.js";
import type { QualityView } from "../schema/quality.js";
import type { Estimate, Item } from "../schema/report.js";
import type { OverReport, TrendReport } from "../schema/trend.js";
import type { UsageReport } from "../schema/usage.js";
import type { Lang } from "./lang.js";
import type { TableHead, TableTail } from "./table.js";

/**
 * The one registry of report kinds × formats (STYLE.md habit 3). A command builds plain data of one
 * kind; the format the user asked for picks the renderer here. `--format` choices and their help
 * text are generated from this table (src/cli/spec.ts), and a kind asked for in a format it does not
 * have is refused with the list it has (src/cli/common.ts `checkFormat`).
 *
 * Each renderer is loaded when it is used: a start-up evaluates only the renderers of the report it
 * prints. Every renderer has the same signature, `(data, opts) → string`, and never computes a figure.
 *
 * To add a format to a kind: write `render<Kind><Format>(data, opts)` in src/report/, add one line
 * below. To add a kind: add its data type to `ReportData` and its row to `REPORTS` (docs/extending.md).
 */

export const FORMATS = ["table", "json", "markdown", "csv", "svg", "html"] as const;
export type Format = (typeof FORMATS)[number];

// The languages live in a leaf module, so the label tables that the renderers import do not import the registry.
export { LANGS, type Lang } from "./lang.js";

/** What every renderer may be told; decided by the CLI (TTY, NO_COLOR, flags), never read here. */
export interface ReportOptions {
  /** Colour escape codes allowed (TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean;
  /** Terminal width in columns; text reports fit it. */
  width: number;
  /** How many alternatives to show per item after the selected option. */
  alternatives: number;
  /** Show each number's formula and catalog entry. */
  explain: boolean;
  /** Log scale for charts. */
  log: boolean;
  lang: Lang;
  /** The amounts are one-off (a quote of a number of requests): no "per month". */
  oneOff?: boolean | undefined;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  color: false,
  width: 80,
  alternatives: 3,
  explain: false,
  log: false,
  lang: "en",
};

export type Render<T> = (data: T, opts: ReportOptions) => string;

/** The data each report kind renders: the command builds it, renderers only show it. */
export interface ReportData {
  estimate: Estimate;
  check: Estimate;
  diff: Diff;
  trend: TrendReport;
  over: OverReport;
  "catalog-list": CatalogListing;
  "catalog-show": CatalogShow;
  "catalog-diff": CatalogDiffReport;
  "catalog-stats": { stats: CatalogStats; providers: boolean };
  "catalog-quality": QualityView;
  "catalog-validate": ValidateReport;
  usage: UsageReport;
  optimize: OptimizeReport;
}
export type ReportKind = keyof ReportData;

interface KindSpec<T> {
  /** What the report shows, for help texts: "the estimate", "the price trend". */
  title: string;
  formats: Partial<Record<Format, () => Promise<Render<T>>>>;
}

type Registry = { [K in ReportKind]: KindSpec<ReportData[K]> };

const json = async () => (await import("./json.js")).renderJsonValue;

export const REPORTS: Registry = {
  estimate: {
    title: "estimate",
    formats: {
      table: async () => (await import("./table.js")).renderTable,
      json,
      markdown: async () => (await import("./markdown.js")).renderMarkdown,
      csv: async () => (await import("./csv.js")).renderCsv,
      html: async () => (await import("./html/estimate.js")).renderEstimateHtml,
    },
  },
  check: {
    title: "budget check",
    formats: {
      table: async () => (await import("./check.js")).renderCheckTable,
      json,
      markdown: async () => (await import("./check.js")).renderCheckMarkdown,
      html: async () => (await import("./html/estimate.js")).renderCheckHtml,
    },
  },
  diff: {
    title: "diff",
    formats: {
      table: async () => (await import("./diff.js")).renderDiffTable,
      json,
      markdown: async () => (await import("./diff.js")).renderDiffMarkdown,
      html: async () => (await import("./html/estimate.js")).renderDiffHtml,
    },
  },
  trend: {
    title: "price trend",
    formats: {
      table: async () => (await import("./trend.js")).renderTrendTable,
      json,
      csv: async () => (await import("./trend.js")).renderTrendCsv,
      markdown: async () => (await import("./trend.js")).renderTrendMarkdown,
      svg: async () => (await import("./trend.js")).renderTrendSvg,
      html: async () => (await import("./html/trend.js")).renderTrendHtml,
    },
  },
  over: {
    title: "cost over time (--over)",
    formats: {
      table: async () => (await import("./trend-over.js")).renderOverTable,
      json,
      csv: async () => (await import("./trend-over.js")).renderOverCsv,
      markdown: async () => (await import("./trend-over.js")).renderOverMarkdown,
      svg: async () => (await import("./trend-over.js")).renderOverSvg,
      html: async () => (await import("./html/trend.js")).renderOverHtml,
    },
  },
  "catalog-list": {
    title: "catalog listing",
    formats: {
      table: async () => (await import("./catalog.js")).renderListTable,
      json,
      markdown: async () => (await import("./catalog.js")).renderListMarkdown,
      csv: async () => (await import("./catalog.js")).renderListCsv,
      html: async () => (await import("./html/catalog.js")).renderCatalogListHtml,
    },
  },
  "catalog-show": {
    title: "price history of one id",
    formats: {
      table: async () => (await import("./catalog.js")).renderShowTable,
      json,
      markdown: async () => (await import("./catalog.js")).renderShowMarkdown,
      html: async () => (await import("./html/catalog.js")).renderCatalogShowHtml,
    },
  },
  "catalog-diff": {
    title: "catalog changes",
    formats: {
      table: async () => (await import("./catalog.js")).renderCatalogDiffTable,
      json,
      markdown: async () => (await import("./catalog.js")).renderCatalogDiffMarkdown,
      html: async () => (await import("./html/catalog.js")).renderCatalogDiffHtml,
    },
  },
  "catalog-stats": {
    title: "catalog coverage",
    formats: {
      table: async () => (await import("./catalog.js")).renderStatsTable,
      json: async () => (await import("./catalog.js")).renderStatsJson,
      markdown: async () => (await import("./catalog.js")).renderStatsMarkdown,
      html: async () => (await import("./html/catalog.js")).renderCatalogStatsHtml,
    },
  },
  "catalog-quality": {
    title: "model quality classes",
    formats: {
      table: async () => (await import("./quality.js")).renderQualityTable,
      json,
      markdown: async () => (await import("./quality.js")).renderQualityMarkdown,
    },
  },
  usage: {
    title: "usage",
    formats: {
      table: async () => (await import("./usage.js")).renderUsageTable,
      json,
      csv: async () => (await import("./usage.js")).renderUsageCsv,
      markdown: async () => (await import("./usage.js")).renderUsageMarkdown,
      html: async () => (await import("./html/catalog.js")).renderUsageHtml,
    },
  },
  optimize: {
    title: "optimization",
    formats: {
      table: async () => (await import("./optimize.js")).renderOptimizeTable,
      json,
      markdown: async () => (await import("./optimize.js")).renderOptimizeMarkdown,
      html: async () => (await import("./optimize.js")).renderOptimizeHtml,
    },
  },
  "catalog-validate": {
    title: "catalog check",
    formats: {
      table: async () => (await import("./validate.js")).renderValidateTable,
      json,
      html: async () => (await import("./html/catalog.js")).renderValidateHtml,
    },
  },
};

/** The formats of a kind, in FORMATS order. */
export function formatsOf(kind: ReportKind): Format[] {
  const have = REPORTS[kind].formats;
  return FORMATS.filter((f) => have[f] !== undefined);
}

export function hasFormat(kind: ReportKind, format: string): format is Format {
  return (formatsOf(kind) as string[]).includes(format);
}

/** Render `data` of `kind` in `format` (a pair checked before: `checkFormat` in src/cli/common.ts). */
export async function render<K extends ReportKind>(
  kind: K,
  format: Format,
  data: ReportData[K],
  opts: ReportOptions,
): Promise<string> {
  const load = (REPORTS[kind].formats as Partial<Record<Format, () => Promise<Render<ReportData[K]>>>>)[format];
  if (!load) throw new Error(`no ${format} renderer for the ${kind} report`);
  const fn = await load();
  // Neutralised at the boundary (src/escape.ts): JSON through jsonText; every other format is given
  // the data with its strings through `visible`, then applies its own escaping (markdownText, csvCell,
  // htmlText). Here once, so no kind or format can forget it.
  return format === "json" ? jsonText(fn(data, opts)) : fn(visibleStrings(data), opts);
}

/**
 * A long report as pieces of text, for the writer to write as they come (a 10,000-item estimate is
 * 58 MB of JSON): pieces of any size, which the writer gathers into large writes. `clean` is the
 * escaping `render` applies to the whole text (jsonText), character by character; the writer
 * applies it to a piece whose bytes hold a character it changes (src/cli/output.ts `writeStream`),
 * so the common piece, with none, is not scanned twice. A piece of bytes is UTF-8 already cleaned
 * (a stream held until its end: src/cli/output.ts `holdStream`).
 */
export interface TextStream {
  chunks: Iterable<string | Uint8Array>;
  /** Absent: the pieces are the text as they are (the estimate table, which neutralises what it draws). */
  clean?: ((text: string) => string) | undefined;
  /**
   * The stream may still throw (an InputError) before its last piece: an estimate made item by
   * item knows its problems only at the end. The CLI makes it in full before writing any of it.
   */
  fallible?: boolean;
}

/** `render`, as a stream for JSON (the same text, chunk by chunk); every other format as one string. */
export async function renderStream<K extends ReportKind>(
  kind: K,
  format: Format,
  data: ReportData[K],
  opts: ReportOptions,
): Promise<string | TextStream> {
  // Only the kinds whose JSON is the data itself (not catalog stats, which has its own shape).
  if (format !== "json" || REPORTS[kind].formats.json !== json) return render(kind, format, data, opts);
  const { jsonChunks } = await import("./json.js");
  return { chunks: jsonChunks(data), clean: jsonText };
}

/**
 * A report made item by item: the fields before its items, the items one at a time (undefined
 * after the last) and, after the last, the fields after them (`tail` may throw: an estimate's
 * problems are known only then). src/engine/estimate.ts `estimateItems` makes an estimate so.
 */
export interface ItemSource {
  head: object;
  next: () => unknown;
  tail: () => object;
  /**
   * Some item to come is a one-off cost (training, fine-tuning; they come after the inference
   * items): the estimate table's header says so before its first item.
   */
  oneOff?: boolean;
}

/**
 * A report made item by item, as a stream written while it is made: each item is rendered and
 * let go before the next is made, so a 10,000-item estimate is never held whole (issue 15). The
 * same text as `render` of the whole report. Undefined for a format that needs every item first
 * (the caller collects them and calls `renderStream`); `source` is called only for a format that
 * streams. The stream is `fallible`: it throws at its end when the source's tail does.
 */
export async function renderItems<K extends ReportKind>(
  kind: K,
  format: Format,
  source: () => ItemSource,
  opts: ReportOptions,
): Promise<TextStream | undefined> {
  if (kind === "estimate" && format === "table") {
    // Neutralised as it is drawn (see tableChunks).
    const { tableItemChunks } = await import("./table.js");
    const s = source();
    const chunks = tableItemChunks(
      s.head as TableHead,
      s.oneOff === true,
      s.next as () => Item | undefined,
      s.tail as () => TableTail,
      opts,
    );
    return { chunks, fallible: true };
  }
  if (format !== "json" || REPORTS[kind].formats.json !== json) return undefined;
  const { jsonItemChunks } = await import("./json.js");
  const s = source();
  return { chunks: jsonItemChunks(s.head, s.next, s.tail), clean: jsonText, fallible: true };
}

/** All of a stream's text, cleaned: what tests and `--output` without streaming get. */
export function streamText(out: string | TextStream): string {
  if (typeof out === "string") return out;
  let text = "";
  const decoder = new TextDecoder();
  for (const c of out.chunks) text += typeof c === "string" ? c : decoder.decode(c);
  return out.clean ? out.clean(text) : text;
}
