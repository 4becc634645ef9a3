import { formatDiagnostic } from "../errors.js";
import { LINT_RULES, type ValidateReport } from "../schema/catalog-views.js";
import { textWidth, wrapLines } from "./format.js";
import type { ReportOptions } from "./registry.js";

/** "12 file(s), 33 provider(s), …: 0 fault(s), 3 warning(s) (2 stale, 1 price-jump)". */
export function validateSummary(r: ValidateReport): { summary: string; byRule: string[] } {
  const byRule = LINT_RULES.map((rule) => [rule, r.warnings.filter((w) => w.rule === rule).length] as const)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule}`);
  const summary = `${r.files} file(s), ${r.providers} provider(s), ${r.offerings} offering(s): ${r.faults.length} fault(s), ${r.warnings.length} warning(s)${byRule.length ? ` (${byRule.join(", ")})` : ""}`;
  return { summary, byRule };
}

/**
 * `catalog validate`: every fault and warning. The `file:line:col: path: message` line stays whole
 * (editors and CI problem matchers read it); its indented expected / found / hint lines wrap to the
 * terminal width, as does the summary.
 */
export const renderValidateTable = (r: ValidateReport, opts: ReportOptions): string => {
  const width = textWidth(opts.width);
  const { summary, byRule } = validateSummary(r);
  const lines: string[] = [];
  const place = (head: string, diagnostic: string) => {
    const [first, ...rest] = diagnostic.split("\n");
    lines.push(`${head}: ${first}`, ...rest.map((l) => wrapLines(l, width)));
  };
  for (const d of r.faults) place("error", formatDiagnostic(d));
  for (const w of r.warnings) place("warning", formatDiagnostic({ ...w, message: `${w.message} [${w.rule}]` }));
  const status = `${r.ok ? "ok" : "invalid"}: ${summary}`;
  // Too long: the rule breakdown goes on its own line, so the counts stay together on the first.
  const cut = status.lastIndexOf(" (");
  lines.push(
    [...status].length <= width || !byRule.length || cut < 0
      ? wrapLines(status, width)
      : `${status.slice(0, cut)}\n${wrapLines(`  ${status.slice(cut + 1)}`, width)}`,
  );
  return `${lines.join("\n")}\n`;
};
