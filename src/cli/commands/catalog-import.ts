import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import { InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import type { ImportOptions, ImportResult } from "../../import/common.js";
import { type GenaiProvider, importGenaiPrices } from "../../import/genai-prices.js";
import { importLitellm } from "../../import/litellm.js";
import { readBackOverlay } from "../../import/validate.js";
import { readTextFile } from "../../load/files.js";
import { codeDir } from "../../load/validate.js";
import type { OverlayFile } from "../../schema/catalog.js";
import { checkDate } from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { schemaComment, schemaFileFor } from "../schema-files.js";

export interface ImportFlags {
  date?: string;
  newOnly?: boolean;
  unmapped?: boolean;
  output?: string;
}

export const IMPORT_SOURCES = ["litellm", "genai-prices"] as const;
const GENAI_PACKAGE = "@pydantic/genai-prices";

/**
 * `llmcost catalog import litellm FILE` / `import genai-prices [FILE]`: write an overlay catalog
 * (YAML, stdout or --output) from a peer's price data; report on stderr what could not be mapped.
 */
export function runCatalogImport(from: string, file: string | undefined, flags: ImportFlags, io: Io): CommandOutput {
  if (!(IMPORT_SOURCES as readonly string[]).includes(from))
    throw new InputError({
      file: "SOURCE",
      message: `unknown import source ${quoted(from)}`,
      expected: IMPORT_SOURCES.join(" or "),
      found: from,
      hint: didYouMean(from, IMPORT_SOURCES),
    });
  const date = checkDate("--date", flags.date) ?? io.today;
  const base = io.embeddedCatalog();
  const known = new Map(base.providers.map((p) => [p.provider.id, p.provider.currency] as const));
  const skip = flags.newOnly
    ? new Set(
        base.providers.flatMap((p) =>
          (p.models ?? []).flatMap((m) => [m.id, ...(m.aliases ?? [])].map((n) => `${p.provider.id}|${n}`)),
        ),
      )
    : undefined;
  let result: ImportResult;
  let label: string;
  if (from === "litellm") {
    if (!file)
      throw new InputError({
        file: "FILE",
        message: "missing the LiteLLM price file",
        hint: "llmcost catalog import litellm model_prices_and_context_window.json",
      });
    label = basename(file);
    result = importLitellm(parseJson(file, readTextFile(file, io.readStdin)), options(date, label, known, skip));
  } else {
    const got = file
      ? { data: parseJson(file, readTextFile(file, io.readStdin)), label: basename(file) }
      : bundledGenaiPrices();
    label = got.label;
    result = importGenaiPrices(got.data, options(date, label, known, skip));
  }
  const toFile = flags.output !== undefined && flags.output !== "-";
  // Read back as --catalog would before writing: what llmcost refuses is dropped and reported, never written.
  const checked = readBackOverlay(
    result.overlay,
    (o) => toYaml(o, from, label, date, toFile),
    base,
    flags.output ?? "<import>",
  );
  const final: ImportResult = {
    overlay: checked.overlay,
    unmapped: [...result.unmapped, ...checked.dropped],
    counts: Object.fromEntries((checked.overlay.providers ?? []).map((p) => [p.provider.id, p.models?.length ?? 0])),
  };
  const offerings = Object.values(final.counts).reduce((a, b) => a + b, 0);
  if (offerings === 0 && final.unmapped.length > 0)
    throw new InputError({
      file: file ?? label,
      message: `nothing could be imported: ${final.unmapped.length} entr${final.unmapped.length === 1 ? "y" : "ies"} not mapped`,
      expected:
        from === "litellm"
          ? "LiteLLM's model_prices_and_context_window.json"
          : "genai-prices' data.json (a list of providers)",
      found: final.unmapped
        .slice(0, 3)
        .map((u) => `${u.key}: ${u.reason}`)
        .join("; "),
      hint: "check that the file is the one the source publishes; nothing was written",
    });
  return {
    stdout: checked.text,
    stderr: report(final, !!flags.unmapped),
    file: flags.output,
    alongside: [schemaFileFor("catalog-overlay")],
  };
}

function options(
  date: string,
  label: string,
  known: Map<string, string>,
  skip: Set<string> | undefined,
): ImportOptions {
  const o: ImportOptions = { date, label, known };
  if (skip) o.skip = skip;
  return o;
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : undefined;
    const d: { file: string; line?: number; col?: number } = { file };
    if (pos !== undefined) {
      const before = text.slice(0, pos).split("\n");
      d.line = before.length;
      d.col = (before[before.length - 1]?.length ?? 0) + 1;
    }
    throw new InputError({
      ...d,
      message: `not valid JSON: ${(e as Error).message}`,
      hint: "give the JSON file as published",
    });
  }
}

/** A `require` that finds the package: from the current folder (the user's project), else next to llmcost. */
function genaiRequire(): NodeJS.Require | undefined {
  for (const base of [resolve("package.json"), join(codeDir(), "package.json")]) {
    try {
      const req = createRequire(base);
      req.resolve(GENAI_PACKAGE);
      return req;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function genaiVersion(req: NodeJS.Require): string | undefined {
  try {
    const entry = req.resolve(GENAI_PACKAGE);
    return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}

/**
 * The providers bundled in `@pydantic/genai-prices`. The package exports lookups, not the list, so
 * the provider ids are read from its ESM data module and each provider fetched with `findProvider`.
 * A dependency of llmcost (installed with it, so the import works after a normal install), required
 * at run time only by this command, never bundled: start-up does not pay for it.
 */
function bundledGenaiPrices(): { data: GenaiProvider[]; label: string } {
  const req = genaiRequire();
  if (!req)
    throw new InputError({
      file: GENAI_PACKAGE,
      message: "the genai-prices package is not installed",
      hint: `npm install ${GENAI_PACKAGE}, or pass its data file: llmcost catalog import genai-prices data.json`,
    });
  const entry = req.resolve(GENAI_PACKAGE);
  const mod = req(GENAI_PACKAGE) as { findProvider: (o: { providerId: string }) => GenaiProvider | undefined };
  const text = readFileSync(join(dirname(entry), "index.js"), "utf8");
  const ids = [...text.matchAll(/^ {4}id: "([^"]+)",$/gm)].map((m) => m[1] as string);
  const data: GenaiProvider[] = [];
  for (const id of ids) {
    const p = mod.findProvider({ providerId: id });
    if (p && p.id === id) data.push(p);
  }
  return { data, label: `${GENAI_PACKAGE} ${genaiVersion(req) ?? ""}`.trim() };
}

function toYaml(overlay: OverlayFile, from: string, label: string, date: string, toFile: boolean): string {
  const head = [
    ...schemaComment("catalog-overlay", toFile).map((l) => `#${l}`),
    `# Generated by \`llmcost catalog import ${from}\` from ${label} on ${date}. Every price is dated ${date}`,
    "# (the import date: the peer gives no start dates unless noted) and names its source. Review before use;",
    "# re-run the import rather than editing by hand.",
  ];
  return `${head.join("\n")}\n${stringify(overlay, { lineWidth: 0 })}`;
}

function report(r: ImportResult, all: boolean): string {
  const offerings = Object.values(r.counts).reduce((a, b) => a + b, 0);
  const lines = [
    `imported ${offerings} offering(s) for ${Object.keys(r.counts).length} provider(s); ${r.unmapped.length} entr${r.unmapped.length === 1 ? "y" : "ies"} not mapped`,
  ];
  const duplicates = r.unmapped.filter((u) => u.duplicateOf);
  const byReason = new Map<string, string[]>();
  for (const u of r.unmapped) {
    if (u.duplicateOf) continue;
    const reason = u.reason.replace(/"[^"]*"/g, '"…"');
    byReason.set(reason, [...(byReason.get(reason) ?? []), u.key]);
  }
  for (const [reason, keys] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${String(keys.length).padStart(5)}  ${reason}${all ? "" : ` (e.g. ${keys.slice(0, 2).join(", ")})`}`);
    if (all) for (const k of keys) lines.push(`           ${k}`);
  }
  // A duplicate is skipped in favour of the entry that took its name first: each one says which.
  if (duplicates.length) {
    lines.push(`  ${String(duplicates.length).padStart(5)}  duplicate(s), skipped:`);
    const shown = all ? duplicates : duplicates.slice(0, MAX_DUPLICATES_SHOWN);
    for (const u of shown) lines.push(`           skipped ${u.key}: ${u.reason}`);
    if (shown.length < duplicates.length) lines.push(`           … and ${duplicates.length - shown.length} more`);
  }
  const hidden = byReason.size > 0 || duplicates.length > MAX_DUPLICATES_SHOWN;
  if (!all && hidden) lines.push("  (--unmapped lists every entry)");
  return `${lines.join("\n")}\n`;
}

const MAX_DUPLICATES_SHOWN = 20;
