import type { Change, Diff, DiffItem, DiffSide, Reason, Threshold } from "../schema/diff.js";
import { type Estimate, type Item, type Option, OUTPUT_VERSION } from "../schema/report.js";
import { withinLimit } from "./budget.js";

/**
 * What changed between two estimates, and why. Pure: two Estimate values in (from workloads priced
 * now or saved JSON), plain data out. Items are matched by name.
 *
 * When an item keeps the same selected offering, its change splits exactly into a price part and a
 * traffic part, component by component (q = quantity, p = unit price, 0 = before, 1 = after):
 *   price   = Σ q0 · (p1 − p0)            what the new prices alone did to the old traffic
 *   traffic = change − price = Σ (q1 − q0) · p1, plus components that appeared or vanished
 * e.g. input 100M tokens at $0.15 → 150M at $0.075: change = 11.25 − 15 = −3.75;
 * price = 100 · (0.075 − 0.15) = −7.5; traffic = −3.75 − (−7.5) = +3.75 (= 50M · 0.075).
 * When the selected offering changes (another model, provider or route), the whole change is put
 * on that switch: prices of different offerings are not comparable component by component.
 */

export interface SideInfo {
  file: string;
  source: DiffSide["source"];
}

export function diffEstimates(base: Estimate, head: Estimate, sides: { base: SideInfo; head: SideInfo }): Diff {
  const items: DiffItem[] = [];
  const baseByName = new Map(base.items.map((i) => [i.name, i]));
  const headNames = new Set(head.items.map((i) => i.name));
  for (const h of head.items) items.push(diffItem(baseByName.get(h.name), h));
  for (const b of base.items) if (!headNames.has(b.name)) items.push(diffItem(b, undefined));
  const warnings: string[] = [];
  if (!base.complete) warnings.push("base: some items are not priced; the total before leaves them out");
  if (!head.complete) warnings.push("head: some items are not priced; the total after leaves them out");
  if (base.catalog.digest !== head.catalog.digest && base.catalog.version === head.catalog.version)
    warnings.push(
      `the two sides were priced with different catalogs of the same version ${head.catalog.version} (overlays?)`,
    );
  return {
    llmcost: OUTPUT_VERSION,
    kind: "diff",
    currency: head.currency,
    period: head.period,
    base: side(base, sides.base),
    head: side(head, sides.head),
    total: money(base.total, head.total),
    items,
    warnings,
  };
}

/** `--fail-above`: exceeded when the total rises by more than an amount or a percentage; equal passes. */
export function applyThreshold(d: Diff, limit: number, unit: Threshold["unit"]): Diff {
  const { change, before } = d.total;
  let status: Threshold["status"];
  if (!d.base.complete || !d.head.complete || change === null) status = "unknown";
  else if (change <= 0) status = "ok";
  else if (unit === "amount") status = withinLimit(change, limit) ? "ok" : "exceeded";
  // From nothing to something is an infinite increase: above any percentage.
  else if (before === null || before === 0) status = "exceeded";
  else status = withinLimit((change / before) * 100, limit) ? "ok" : "exceeded";
  return { ...d, threshold: { limit, unit, status } };
}

function side(e: Estimate, info: SideInfo): DiffSide {
  return {
    file: info.file,
    source: info.source,
    workload: e.workload,
    catalog: e.catalog,
    total: e.total,
    complete: e.complete,
  };
}

function money(before: number | null, after: number | null): Pick<DiffItem, "before" | "after" | "change" | "percent"> {
  const change = before === null || after === null ? null : after - before;
  let percent: number | null = null;
  if (change !== null && before !== null) percent = before === 0 ? (change === 0 ? 0 : null) : (change / before) * 100;
  return { before, after, change, percent };
}

function label(o: { provider: string; offering: string; via: string } | null | undefined): string | null {
  if (!o) return null;
  return `${o.provider}/${o.offering}${o.via === "api" ? "" : ` (${o.via})`}`;
}

function selectedOption(it: Item): Option | undefined {
  const s = it.selected;
  if (!s) return undefined;
  return it.options.find((o) => o.provider === s.provider && o.offering === s.offering && o.via === s.via);
}

function diffItem(b: Item | undefined, h: Item | undefined): DiffItem {
  const it = (h ?? b) as Item;
  const before = b ? b.cost : 0;
  const after = h ? h.cost : 0;
  const m = money(before, after);
  const reasons: Reason[] = [];
  const out: DiffItem = {
    name: it.name,
    kind: it.kind,
    status: "changed",
    ...m,
    before_selected: label(b?.selected),
    after_selected: label(h?.selected),
    reasons,
  };
  if (!b) {
    out.status = "added";
    reasons.push({ kind: "added", amount: m.change, changes: [{ what: "model", before: null, after: it.model }] });
    return out;
  }
  if (!h) {
    out.status = "removed";
    reasons.push({ kind: "removed", amount: m.change, changes: [{ what: "model", before: b.model, after: null }] });
    return out;
  }
  if (before === null || after === null)
    reasons.push({
      kind: "not_priced",
      amount: null,
      changes: b.status === h.status ? [] : [{ what: "status", before: b.status, after: h.status }],
    });
  const traffic = trafficChanges(b, h);
  const modelChanged = b.model !== h.model;
  const so = selectedOption(b);
  const ho = selectedOption(h);
  const sameOffering =
    !!so && !!ho && so.provider === ho.provider && so.offering === ho.offering && so.via === ho.via && !modelChanged;
  if (modelChanged)
    reasons.push({
      kind: "model",
      amount: m.change,
      changes: [{ what: "model", before: b.model, after: h.model }],
    });
  else if (so && ho && !sameOffering)
    reasons.push({
      kind: "selected",
      amount: m.change,
      changes: [{ what: "selected", before: label(so), after: label(ho) }],
    });
  if (sameOffering && so && ho && m.change !== null) {
    const { price, onlyFx, priceChanges } = priceEffect(so, ho);
    const rest = m.change - price;
    if (priceChanges.length > 0) {
      const dated: Change[] =
        so.price_from !== ho.price_from ? [{ what: "price_from", before: so.price_from, after: ho.price_from }] : [];
      reasons.push({ kind: onlyFx ? "fx" : "price", amount: price, changes: [...dated, ...priceChanges] });
    }
    if (traffic.length > 0 || !nearZero(rest, m.change))
      reasons.push({ kind: "traffic", amount: rest, changes: traffic });
  } else if (traffic.length > 0) reasons.push({ kind: "traffic", amount: null, changes: traffic });
  if (reasons.length === 0 && m.change !== null && nearZero(m.change, m.before ?? 0)) out.status = "unchanged";
  return out;
}

function nearZero(x: number, scale: number | null): boolean {
  return Math.abs(x) <= 1e-9 * Math.max(1, Math.abs(scale ?? 0));
}

/**
 * Price part of a change on one offering: Σ q0 · (p1 − p0) over components present on both sides
 * (computed as cost0 · (p1/p0 − 1), which is the same and keeps each unit's scale out of it).
 * Unit prices are in the report currency, so a new exchange rate shows here too; when every price
 * moved by exactly the rate's ratio, the list prices did not change and the reason is `fx`.
 */
function priceEffect(so: Option, ho: Option): { price: number; onlyFx: boolean; priceChanges: Change[] } {
  let price = 0;
  const priceChanges: Change[] = [];
  const fx0 = so.fx_rate ?? 1;
  const fx1 = ho.fx_rate ?? 1;
  let onlyFx = fx0 !== fx1;
  for (const c0 of so.components) {
    const c1 = ho.components.find((c) => c.name === c0.name && c.price_unit === c0.price_unit);
    if (!c1 || c1.unit_price === c0.unit_price) continue;
    price +=
      c0.unit_price !== 0
        ? c0.cost * (c1.unit_price / c0.unit_price - 1)
        : c0.quantity * c1.unit_price * perUnit(c0.price_unit);
    priceChanges.push({ what: c0.name, before: c0.unit_price, after: c1.unit_price, unit: c0.price_unit });
    if (c0.unit_price === 0 || !sameNumber(c1.unit_price / c0.unit_price, fx1 / fx0)) onlyFx = false;
  }
  if (fx0 !== fx1 && priceChanges.length > 0)
    priceChanges.push({ what: "fx_rate", before: fx0, after: fx1, unit: `${ho.currency}/${ho.list_currency}` });
  return { price, onlyFx: onlyFx && priceChanges.length > 0, priceChanges };
}

/** Quantities are in units (tokens); per-1M prices are scaled. */
function perUnit(priceUnit: string): number {
  return priceUnit === "per_1m_tokens" ? 1e-6 : 1;
}

const TRAFFIC_KEYS = ["requests", "input_tokens", "cached_input_tokens", "output_tokens"] as const;
const TRAINING_KEYS = ["flops", "gpu_hours"] as const;

function trafficChanges(b: Item, h: Item): Change[] {
  const out: Change[] = [];
  if (b.quantities && h.quantities) {
    for (const k of TRAFFIC_KEYS)
      if (!sameNumber(b.quantities[k], h.quantities[k]))
        out.push({ what: k, before: b.quantities[k], after: h.quantities[k] });
  } else if (b.kind === "training" && h.kind === "training") {
    const so = selectedOption(b);
    const ho = selectedOption(h);
    if (so && ho)
      for (const k of TRAINING_KEYS) {
        const x = so[k];
        const y = ho[k];
        if (x !== undefined && y !== undefined && !sameNumber(x, y)) out.push({ what: k, before: x, after: y });
      }
  }
  return out;
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
