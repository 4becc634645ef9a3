import type { CatalogShow, ShownBilling } from "../schema/catalog-views.js";
import { quantity, unitPrice } from "./format.js";
import { type Phrases, phrases } from "./labels.js";

const EN = phrases("en");

/**
 * The billing sections of `catalog show` (docs/billing.md: fees, packs, plans, provisioned
 * throughput, fine-tuning, cache rules), laid out once as blocks of dated, sourced lines; the table
 * and Markdown renderers of src/report/catalog.ts only format the blocks.
 */

/** One dated price entry of a billing entry. */
export interface BillingLine {
  from: string;
  until?: string | undefined;
  currency: string;
  text: string;
  source: string;
  notes?: string | undefined;
}

/** One billing entry (a pack, a plan, a provisioned offer…): a heading, what it is, its price history. */
export interface BillingBlock {
  heading: string;
  about: string[];
  lines: BillingLine[];
  notes?: string | undefined;
}

interface DatedEntry {
  from: string;
  until?: string | undefined;
  currency?: string | undefined;
  source: string;
  notes?: string | undefined;
}

function line(e: DatedEntry, currency: string, text: string): BillingLine {
  return { from: e.from, until: e.until, currency: e.currency ?? currency, text, source: e.source, notes: e.notes };
}

const models = (list: readonly string[] | undefined) => (list ? `models ${list.join(", ")}` : "every model");
const named = (id: string, name: string | undefined) => (name ? `${id} "${name}"` : id);
const PER_TERM: Record<string, string> = {
  unit_hour: "per unit-hour",
  unit_month: "per unit-month",
  unit_term: "per unit for the term",
};

/** Every billing entry of one provider in `show`, in section order. */
export function billingBlocks(b: ShownBilling, t: Phrases = EN): BillingBlock[] {
  const c = b.currency;
  return [
    ...(b.fees ?? []).map((f) => feeBlock(f, c)),
    ...(b.packs ?? []).map((k) => packBlock(k, c)),
    ...(b.plans ?? []).map((p) => planBlock(p, c)),
    ...(b.provisioned ?? []).map((v) => provisionedBlock(v, c, t)),
    ...(b.fine_tuning ?? []).map((f) => fineTuningBlock(f, c)),
    ...(b.cache ?? []).map((r) => cacheBlock(r, c)),
  ];
}

type Section<K extends keyof ShownBilling> = NonNullable<ShownBilling[K]> extends ReadonlyArray<infer E> ? E : never;

function feeBlock(f: Section<"fees">, c: string): BillingBlock {
  return {
    heading: `fee ${named(f.id, f.name)}`,
    about: [`${f.unit.replace(/_/g, " ")}, ${models(f.models)}`],
    lines: f.prices.map((e) => line(e, c, unitPrice(e.price))),
    notes: f.notes,
  };
}

function packBlock(k: Section<"packs">, c: string): BillingBlock {
  return {
    heading: `${k.free ? "free quota" : "pack"} ${named(k.id, k.name)}`,
    about: [
      `${quantity(k.quantity)} ${k.counts.replace(/_/g, " ")}, valid ${k.validity_days} days${k.max_count ? `, at most ${k.max_count} per window` : ""}, ${models(k.models)}`,
    ],
    lines: k.prices.map((e) => line(e, c, k.free ? "free (granted once)" : `${unitPrice(e.price)} a pack`)),
    notes: k.notes,
  };
}

function planBlock(p: Section<"plans">, c: string): BillingBlock {
  return {
    heading: `plan ${named(p.id, p.name)}`,
    about: [
      [
        `per ${p.term}`,
        p.included !== undefined && `${quantity(p.included)} ${p.counts.replace(/_/g, " ")} included`,
        p.discount !== undefined && `${p.discount * 100}% off list beyond`,
        p.minimum_spend !== undefined && `minimum spend ${unitPrice(p.minimum_spend)} a ${p.term}`,
        models(p.models),
      ]
        .filter(Boolean)
        .join(", "),
    ],
    lines: p.prices.map((e) => line(e, c, `fee ${unitPrice(e.fee)} a ${p.term}`)),
    notes: p.notes,
  };
}

function provisionedBlock(v: Section<"provisioned">, c: string, t: Phrases): BillingBlock {
  return {
    heading: `provisioned ${named(v.id, v.name)} (${v.kind.replace(/_/g, " ")})`,
    about: v.models.map(
      (m) =>
        `${m.model}: ${m.input_tpm_per_unit === undefined ? "throughput per unit not published" : `${quantity(m.input_tpm_per_unit)} input tokens/min per unit`}, output ×${m.output_weight}, minimum ${m.minimum}, step ${m.increment}${m.maximum ? `, maximum ${m.maximum}` : ""} — ${t("  source: {source}", { source: m.source }).trim()}`,
    ),
    lines: v.prices.map((e) =>
      line(
        e,
        c,
        e.terms.map((t) => `${t.term.replace(/_/g, " ")} ${unitPrice(t.price)} ${PER_TERM[t.per]}`).join("; "),
      ),
    ),
    notes: v.notes,
  };
}

function fineTuningBlock(f: Section<"fine_tuning">, c: string): BillingBlock {
  return {
    heading: `fine-tuning ${f.model}`,
    about: ["training per 1M tokens × epochs, hosting per hour, inference per 1M tokens"],
    lines: f.prices.map((e) =>
      line(
        e,
        c,
        (["training", "hosting", "input", "cached_input", "output"] as const)
          .filter((k) => e[k] !== undefined)
          .map((k) => `${k.replace("_", " ")} ${unitPrice(e[k] as number)}${k === "hosting" ? "/h" : ""}`)
          .join(", "),
      ),
    ),
    notes: f.notes,
  };
}

function cacheBlock(r: Section<"cache">, c: string): BillingBlock {
  return {
    heading: `cache ${named(r.id, r.name)} (${r.kind === "write_1h" ? "1-hour cache write" : "cache storage"})`,
    about: [models(r.models)],
    lines: r.prices.map((e) =>
      line(
        e,
        c,
        r.kind === "write_1h" ? `${e.input_multiplier}× input` : `${unitPrice(e.price ?? 0)} per 1M token-hours`,
      ),
    ),
    notes: r.notes,
  };
}

/**
 * The table's lines for the billing sections (wrapped by the caller). The entries' own words stay as
 * the catalog and this module write them; the "source:" and "note:" labels follow --lang.
 */
export function billingTextLines(s: CatalogShow, t: Phrases = EN): string[] {
  const out: string[] = [];
  const none = noBilling(s);
  if (none) out.push(none);
  for (const b of s.billing) {
    out.push(`${b.provider} billing (docs/billing.md)`);
    for (const k of billingBlocks(b, t)) {
      out.push(`  ${k.heading}`);
      for (const a of k.about) out.push(`    ${a}`);
      for (const l of k.lines) {
        out.push(`    ${l.from}${l.until ? ` until ${l.until}` : ""}  ${l.currency}  ${l.text}`);
        out.push(`  ${t("      source: {source}", { source: l.source })}`);
        if (l.notes) out.push(`  ${t("      note: {text}", { text: l.notes })}`);
      }
      if (k.notes) out.push(`  ${t("  note: {text}", { text: k.notes })}`);
    }
    out.push("");
  }
  return out;
}

/** What `show PROVIDER` says of a provider with no billing entries (table and HTML). */
export function noBilling(s: CatalogShow): string | undefined {
  if (!s.provider || s.billing.length > 0) return undefined;
  return `${s.provider.id}: no billing model beyond pay-as-you-go per token in the catalog (docs/billing.md); its ${s.provider.models} models: llmcost catalog list --provider ${s.provider.id}`;
}

const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown of the billing sections: a heading per provider, a table of dated entries per block. */
export function billingMarkdown(s: CatalogShow): string[] {
  const out: string[] = [];
  if (s.provider && s.billing.length === 0)
    out.push(`${s.provider.id}: no billing model beyond pay-as-you-go per token in the catalog.`, "");
  for (const b of s.billing) {
    out.push(`## ${b.provider} billing`, "");
    for (const k of billingBlocks(b)) {
      out.push(`### ${md(k.heading)}`, "");
      for (const a of k.about) out.push(`- ${md(a)}`);
      if (k.notes) out.push(`- note: ${md(k.notes)}`);
      out.push("", "| from | until | currency | price | source |", "|---|---|---|---|---|");
      for (const l of k.lines)
        out.push(
          `| ${l.from} | ${l.until ?? ""} | ${l.currency} | ${md(l.text)} | ${md(l.source)}${l.notes ? ` (note: ${md(l.notes)})` : ""} |`,
        );
      out.push("");
    }
  }
  return out;
}
