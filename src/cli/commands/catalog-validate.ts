import { InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { renderReport } from "../../lib/render.js";
import { type Checked, checkDir, checkFiles, embeddedDataDir } from "../../load/validate.js";
import { DEFAULT_REPORT_OPTIONS } from "../../report/registry.js";
import { LINT_RULES, type ValidateReport } from "../../schema/catalog-views.js";
import { checkDate, checkFormat } from "../common.js";
import type { CommandOutput, Io } from "../io.js";

export interface ValidateFlags {
  format?: string;
  asOf?: string;
  /** Lint rules to leave out (repeatable). */
  ignore?: string[];
}

export { LINT_RULES };

/**
 * `llmcost catalog validate [FILES...]`: check the embedded catalog, or catalog directories,
 * provider files and overlays, and print every fault and lint warning with its place.
 * Exit 2 when there is a fault; warnings alone exit 0.
 */
export async function runCatalogValidate(files: string[], flags: ValidateFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("catalog-validate", flags.format);
  const today = checkDate("--as-of", flags.asOf) ?? io.today;
  for (const r of flags.ignore ?? [])
    if (!(LINT_RULES as readonly string[]).includes(r))
      throw new InputError({
        file: "--ignore",
        message: `unknown lint rule ${quoted(r)}`,
        expected: LINT_RULES.join(", "),
        found: r,
        hint: didYouMean(r, LINT_RULES),
      });
  let checked: Checked;
  if (files.length === 0) {
    const dir = embeddedDataDir();
    if (!dir)
      throw new InputError({
        file: "pricing-data",
        message: "the embedded catalog's YAML files are not installed next to llmcost",
        hint: "give catalog files or a catalog folder to check: llmcost catalog validate path/to/catalog.yaml",
      });
    checked = checkDir(dir, "pricing-data", today);
  } else checked = checkFiles(files, io, today);
  const ignored = new Set(flags.ignore ?? []);
  checked.warnings = checked.warnings.filter((w) => !ignored.has(w.rule));
  const report: ValidateReport = {
    ok: checked.faults.length === 0,
    files: checked.files,
    providers: checked.providers,
    offerings: checked.offerings,
    faults: checked.faults,
    warnings: checked.warnings,
  };
  // The validate table wraps to the terminal's own width (not capped like the other reports).
  const opts = { ...DEFAULT_REPORT_OPTIONS, width: io.columns > 0 ? io.columns : 80 };
  return { stdout: await renderReport("catalog-validate", report, format, opts), exitCode: report.ok ? 0 : 2 };
}
