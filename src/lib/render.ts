import { InputError } from "../errors.js";
import {
  DEFAULT_REPORT_OPTIONS,
  type Format,
  formatsOf,
  type ReportData,
  type ReportKind,
  type ReportOptions,
  render as renderKind,
} from "../report/registry.js";
import type { Estimate } from "../schema/report.js";

/** Reports as the CLI prints them (docs/library.md); every command renders through `renderReport`. */

export { formatsOf };

/**
 * Any report as the CLI prints it: `kind` is estimate, check, diff, trend, over, usage, catalog-…
 * (`data` is what the matching function returns); `format` one the kind has (formatsOf). Tables
 * are 80 columns without colour unless `opts` says otherwise.
 */
export async function renderReport<K extends ReportKind>(
  kind: K,
  data: ReportData[K],
  format: Format = "table",
  opts: Partial<ReportOptions> = {},
): Promise<string> {
  if (!formatsOf(kind).includes(format))
    throw new InputError({
      file: "format",
      message: `the ${kind} report has no ${format} format`,
      expected: formatsOf(kind).join(", "),
      found: format,
    });
  return renderKind(kind, format, data, { ...DEFAULT_REPORT_OPTIONS, ...opts });
}

/** An estimate (or quote) as the CLI prints it: a table (80 columns, no colour), JSON, Markdown or CSV. */
export function render(e: Estimate, format: Format = "table", opts: Partial<ReportOptions> = {}): Promise<string> {
  return renderReport("estimate", e, format, opts);
}
