import { type CatalogDiff, diffCatalog } from "../../engine/catalog-diff.js";
import { InputError } from "../../errors.js";
import { percent, unitPrice } from "../../report/format.js";
import { type Column, type Row, renderRows } from "../../report/rows.js";
import { type CommonFlags, catalogFor, checkDate, checkFormat, providerFlagFaults, renderOptions } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface DiffFlags extends CommonFlags {
  from?: string;
  to?: string;
}

const DIFF_FORMATS = ["table", "json", "markdown"] as const;

/** `llmcost catalog diff --from DATE --to DATE`: new offerings, ended ones and price moves. */
export function runCatalogDiff(flags: DiffFlags, io: Io): CommandOutput {
  const format = checkFormat(flags.format, DIFF_FORMATS);
  const from = checkDate("--from", flags.from);
  if (from === undefined)
    throw new InputError({ file: "--from", message: "missing start date", expected: "--from YYYY-MM-DD" });
  const to = checkDate("--to", flags.to) ?? io.today;
  if (to < from)
    throw new InputError({
      file: "--to",
      message: "the end date is before the start date",
      expected: `a date on or after ${from}`,
      found: to,
      hint: "swap --from and --to",
    });
  const catalog = catalogFor(io, flags.catalog);
  const providerFaults = providerFlagFaults(catalog, flags.provider);
  if (providerFaults.length) throw new InputError(providerFaults);
  const diff = diffCatalog(catalog, from, to, flags.provider?.length ? new Set(flags.provider) : undefined);
  if (format === "json")
    return {
      stdout: `${JSON.stringify({ catalog: { version: catalog.version, digest: catalog.digest }, ...diff }, null, 2)}\n`,
    };
  return { stdout: renderDiff(diff, format, renderOptions(io, flags)) };
}

const OFFERING_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "kind", title: "kind" },
  { key: "offering", title: "offering", max: 40 },
  { key: "currency", title: "cur" },
  { key: "since", title: "since" },
];

const MOVE_COLS: Column[] = [
  { key: "provider", title: "provider", max: 14 },
  { key: "offering", title: "offering", max: 34 },
  { key: "field", title: "price" },
  { key: "before", title: "before", align: "right" },
  { key: "after", title: "after", align: "right" },
  { key: "change", title: "change", align: "right" },
  { key: "currency", title: "cur" },
  { key: "since", title: "since" },
];

function renderDiff(diff: CatalogDiff, format: string, opts: { color: boolean; width: number }): string {
  const md = format === "markdown";
  const head = (s: string) => (md ? `\n## ${s}\n\n` : `\n${s}\n`);
  const out: string[] = [];
  out.push(
    md
      ? `# Catalog changes from ${diff.from} to ${diff.to}\n`
      : `Catalog changes from ${diff.from} to ${diff.to}: ${diff.added.length} new, ${diff.ended.length} ended, ${diff.moves.length} price move(s)\n`,
  );
  if (md) out.push(`\n${diff.added.length} new, ${diff.ended.length} ended, ${diff.moves.length} price move(s).\n`);
  const offeringRows = (list: CatalogDiff["added"]): Row[] => list.map((o) => ({ ...o }));
  if (diff.added.length) {
    out.push(head(`New offerings (${diff.added.length})`));
    out.push(renderRows(format, OFFERING_COLS, offeringRows(diff.added), null, opts));
  }
  if (diff.ended.length) {
    out.push(head(`Ended offerings (${diff.ended.length})`));
    out.push(renderRows(format, OFFERING_COLS, offeringRows(diff.ended), null, opts));
  }
  if (diff.moves.length) {
    out.push(head(`Price moves (${diff.moves.length}), per 1M tokens or per GPU-hour`));
    const rows: Row[] = diff.moves.map((m) => ({
      provider: m.provider,
      offering: m.offering,
      field: m.field,
      before: unitPrice(m.before),
      after: unitPrice(m.after),
      change: m.change === null ? "was free" : percent(m.change),
      currency: m.currency,
      since: m.since,
    }));
    out.push(renderRows(format, MOVE_COLS, rows, null, opts));
  }
  if (!diff.added.length && !diff.ended.length && !diff.moves.length) out.push("\nNo changes.\n");
  return out.join("");
}
