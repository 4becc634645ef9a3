import type { Catalog, ModelPrice } from "../schema/catalog.js";
import type { PriceRow } from "../schema/price-table.js";
import { listCurrencies, namesOf, sourceOf } from "./resolve.js";

/**
 * The catalog's API prices as one dated table (`llmcost catalog export`): one row per provider,
 * offering, currency list, price entry, long-context tier and component, with the range of days it
 * is in force: `valid_from` ≤ day < `valid_to` (null: still in force). A warehouse prices usage with
 * a range join on it (`llmcost usage --sql`); the rules are the engine's (resolve.ts `entryAt`):
 * an entry holds from its `from` until the next entry of the same list, or its `until`.
 *
 * Worked example: gpt-4o-mini (openai) has entries from 2024-07-18 and 2024-10-01 (until 2027-01-14):
 * its input rows are [2024-07-18, 2024-10-01) at 0.15 and [2024-10-01, 2027-01-14) at 0.15.
 */

const TOKEN_COMPONENTS = ["input", "cached_input", "cache_write", "output"] as const;
const OTHER_COMPONENTS: ReadonlyArray<[keyof ModelPrice, string]> = [
  ["request", "per_request"],
  ["image", "per_image"],
  ["audio_input", "per_1m_tokens"],
  ["audio_output", "per_1m_tokens"],
];

/** Where each entry of one currency list stops: the next entry's `from`, or its own `until`. */
function validTo(sorted: readonly ModelPrice[], i: number): string | null {
  const e = sorted[i] as ModelPrice;
  const next = sorted[i + 1]?.from;
  if (e.until !== undefined && (next === undefined || e.until < next)) return e.until;
  return next ?? null;
}

export function priceTable(catalog: Catalog): PriceRow[] {
  const rows: PriceRow[] = [];
  for (const p of catalog.providers) {
    const home = p.provider.currency;
    for (const m of p.models ?? []) {
      const names = [...new Set(namesOf(m).map((n) => n.toLowerCase()))].join("|");
      for (const cur of listCurrencies(m.prices, home)) {
        const list = m.prices.filter((e) => (e.currency ?? home) === cur).sort((a, b) => (a.from < b.from ? -1 : 1));
        list.forEach((e, i) => {
          const base = {
            provider: p.provider.id,
            offering: m.id,
            model: m.model ?? "",
            aliases: (m.aliases ?? []).join("|"),
            names,
            currency: cur,
            batch_multiplier: e.batch ?? m.batch ?? null,
            valid_from: e.from,
            valid_to: validTo(list, i),
            source: sourceOf(p, e),
          };
          addEntry(rows, base, e);
        });
      }
    }
  }
  return rows;
}

type Base = Omit<PriceRow, "component" | "unit" | "price" | "above">;

function addEntry(rows: PriceRow[], base: Base, e: ModelPrice): void {
  const free = e.free === true;
  const price = (v: number) => (free ? 0 : v);
  for (const c of TOKEN_COMPONENTS) {
    const v = e[c];
    if (v !== undefined) rows.push({ ...base, component: c, unit: "per_1m_tokens", price: price(v), above: 0 });
  }
  for (const [c, unit] of OTHER_COMPONENTS) {
    const v = e[c];
    if (typeof v === "number") rows.push({ ...base, component: c, unit, price: price(v), above: 0 });
  }
  // A tier lists what it changes; what it leaves out is the entry's price (as the engine reads it).
  // Its rows are complete (the request fee repeated), so each (entry, tier) prices on its own.
  for (const t of e.tiers ?? []) {
    for (const c of TOKEN_COMPONENTS) {
      const v = t[c] ?? e[c];
      if (v !== undefined) rows.push({ ...base, component: c, unit: "per_1m_tokens", price: price(v), above: t.above });
    }
    if (e.request !== undefined)
      rows.push({ ...base, component: "request", unit: "per_request", price: price(e.request), above: t.above });
  }
}

export type { PriceRow };
