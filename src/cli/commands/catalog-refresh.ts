import { basename } from "node:path";
import { stringify } from "yaml";
import { type PriceFigures, proposeRefresh, type RefreshItem, refreshCounts } from "../../engine/refresh.js";
import { InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import type { ImportResult } from "../../import/common.js";
import { type GenaiProvider, importGenaiPrices } from "../../import/genai-prices.js";
import { importLitellm } from "../../import/litellm.js";
import { readBackOverlay } from "../../import/validate.js";
import { readTextFile } from "../../load/files.js";
import { checkDate } from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { writeFileAtomic } from "../output.js";
import { schemaComment, schemaFileFor } from "../schema-files.js";
import { IMPORT_SOURCES, parseJson } from "./catalog-import.js";

export interface RefreshFlags {
  from?: string;
  date?: string;
  output?: string;
  changelog?: string;
}

/**
 * `llmcost catalog refresh FILE`: a newer LiteLLM map or genai-prices data file, compared with the
 * embedded catalog on the day it was taken (`--date`), becomes a reviewable proposal: an overlay YAML
 * patch (stdout or -o; `--catalog PATCH` previews it) and a CHANGELOG entry (stderr or --changelog).
 * Nothing is applied to the catalog.
 */
export function runCatalogRefresh(file: string, flags: RefreshFlags, io: Io): CommandOutput {
  const date = checkDate("--date", flags.date) ?? io.today;
  const data = parseJson(file, readTextFile(file, io.readStdin));
  const from = flags.from ?? (Array.isArray(data) ? "genai-prices" : "litellm");
  if (!(IMPORT_SOURCES as readonly string[]).includes(from))
    throw new InputError({
      file: "--from",
      message: `unknown peer format ${quoted(from)}`,
      expected: IMPORT_SOURCES.join(" or "),
      found: from,
      hint: didYouMean(from, IMPORT_SOURCES),
    });
  const base = io.embeddedCatalog();
  const known = new Map(base.providers.map((p) => [p.provider.id, p.provider.currency] as const));
  const label = basename(file);
  const opts = { date, label, known };
  const imported: ImportResult =
    from === "litellm" ? importLitellm(data, opts) : importGenaiPrices(data as GenaiProvider[], opts);
  const peerName = from === "litellm" ? "LiteLLM map" : "genai-prices data";
  // The peer's offerings are read back as `catalog import` reads them (issue 14): one llmcost would
  // refuse (an infinite tier price, a date such as 2024-02-30) is left out of the proposal and counted.
  const checked = readBackOverlay(imported.overlay, (o) => stringify(o, { lineWidth: 0 }), base, label);
  const proposal = proposeRefresh(base, checked.overlay, {
    date,
    peer: from === "litellm" ? /litellm/i : /genai-prices/i,
    label: `${peerName} ${label}`,
  });
  const entry = changelogEntry(proposal.items, base.version, date, `${peerName} ${label}`);
  const summary = summaryLine(proposal.items, proposal.unknownProviders);
  let stderr = `${summary}\n`;
  if (checked.dropped.length)
    stderr += `${checked.dropped.length} peer offering(s) left out: llmcost would refuse them (e.g. ${checked.dropped[0]?.key}: ${checked.dropped[0]?.reason})\n`;
  if (flags.changelog !== undefined) {
    writeFileAtomic(flags.changelog, entry);
    stderr += `wrote the proposed CHANGELOG entry to ${flags.changelog}\n`;
  } else stderr += `\nProposed CHANGELOG entry:\n\n${entry}`;
  const toFile = flags.output !== undefined && flags.output !== "-";
  return {
    stdout: patchYaml(proposal.overlay, proposal.items, `${peerName} ${label}`, date, toFile),
    stderr,
    file: flags.output,
    alongside: [schemaFileFor("catalog-overlay")],
  };
}

function money(f: PriceFigures | undefined): string {
  if (!f) return "";
  const parts = [`${f.input ?? "-"}/${f.output ?? "-"}`];
  if (f.cached_input !== undefined) parts.push(`cached ${f.cached_input}`);
  return `${parts.join(", ")} ${f.currency}`;
}

function summaryLine(items: readonly RefreshItem[], unknown: Record<string, number>): string {
  const c = refreshCounts(items);
  const known = items.filter((i) => i.known).length;
  const skipped = Object.values(unknown).reduce((a, b) => a + b, 0);
  return `refresh: ${c.changed - known} price move(s) (+${known} known disagreement(s)), ${c.new} new offering(s), ${c.confirmed} confirmed unchanged, ${c.missing} no longer listed (review); ${skipped} offering(s) of ${Object.keys(unknown).length} provider(s) the catalog lacks not proposed`;
}

/**
 * The version after `version` for a change made on `date`: `YYYY.MM.0` of a later month, else the
 * counter + 1 (2026.12.2 on 2026-12-05 → 2026.12.3; on 2027-01-02 → 2027.1.0).
 */
export function nextVersion(version: string, date: string): string {
  const [y = 0, m = 0, n = 0] = version.split(".").map(Number);
  const [dy = 0, dm = 0] = date.split("-").map(Number);
  return dy * 12 + dm > y * 12 + m ? `${dy}.${dm}.0` : `${y}.${m}.${n + 1}`;
}

function changelogEntry(items: readonly RefreshItem[], version: string, date: string, peer: string): string {
  const by = (k: RefreshItem["kind"]) => items.filter((i) => i.kind === k);
  const name = (i: RefreshItem) => `\`${i.provider}\` \`${i.offering}\``;
  const out = [
    `## ${nextVersion(version, date)} (${date})`,
    "",
    `Proposed by \`llmcost catalog refresh\` from ${peer}, taken ${date}. Review each line against the provider's page.`,
    "",
  ];
  const moves = by("changed").filter((i) => !i.known);
  const known = by("changed").filter((i) => i.known);
  if (moves.length) {
    out.push("Changed");
    for (const i of moves)
      out.push(`- ${name(i)}: ${money(i.before)} (from ${i.before?.from}) → ${money(i.after)} (first seen ${date})`);
    out.push("");
  }
  if (by("new").length) {
    out.push("Added");
    for (const i of by("new")) out.push(`- ${name(i)}: ${money(i.after)} (first seen ${date})`);
    out.push("");
  }
  if (known.length) {
    out.push("Known disagreements (the catalog's notes already explain them; no entry proposed)");
    for (const i of known) out.push(`- ${name(i)}: catalog ${money(i.before)}, peer ${money(i.after)}`);
    out.push("");
  }
  const confirmed = by("confirmed");
  if (confirmed.length) {
    const providers = [...new Set(confirmed.map((i) => i.provider))].sort();
    out.push(
      "Confirmed",
      `- ${confirmed.length} offering(s) unchanged on ${date} (\`checked:\`): ${providers.join(", ")}`,
      "",
    );
  }
  if (by("missing").length) {
    out.push("To review (no longer listed by the peer; not a withdrawal date, so no `until:` proposed)");
    for (const i of by("missing")) out.push(`- ${name(i)}: last ${money(i.before)} (from ${i.before?.from})`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

function patchYaml(
  overlay: object,
  items: readonly RefreshItem[],
  peer: string,
  date: string,
  toFile: boolean,
): string {
  const head = [
    ...schemaComment("catalog-overlay", toFile).map((l) => `#${l}`),
    `# Proposed by \`llmcost catalog refresh\` from ${peer}, taken ${date}. NOT APPLIED: review each offering,`,
    "# then copy the new entries (or `checked:` dates) into pricing-data/providers/<id>.yaml. Each offering is",
    "# written whole (its history plus the change), so `llmcost quote MODEL --catalog THIS_FILE` previews it.",
  ];
  const missing = items.filter((i) => i.kind === "missing");
  const tail = missing.length
    ? [
        "",
        "# No longer listed by the peer (possible withdrawals; find the provider's retirement date before adding `until:`):",
        ...missing.map((i) => `#   ${i.provider}/${i.offering} (last price from ${i.before?.from})`),
      ]
    : [];
  return `${head.join("\n")}\n${stringify(overlay, { lineWidth: 0 })}${tail.length ? `${tail.join("\n")}\n` : ""}`;
}
