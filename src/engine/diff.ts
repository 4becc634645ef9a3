import type { Change, Diff, DiffItem, DiffSide, Reason, Threshold } from "../schema/diff.js";
import type { Component, Estimate, Item, Option } from "../schema/report.js";
import { OUTPUT_VERSION } from "../schema/report-constants.js";
import { withinLimit } from "./budget.js";

/**
 * What changed between two estimates, and why. Pure: two Estimate values in (from workloads priced
 * now or saved JSON), plain data out. Items are matched by name.
 *
 * An inference item's change is attributed to its causes in a fixed order, each step changing one
 * thing and costed from the options' components (q = a component's quantity, p = its unit price in
 * the report currency; 0 = before, 1 = after; o0/o1 the selected offerings; R the requests):
 *   price   = Σ q0 · p(o0 at the head's date) − before     the catalog's price change on the old offering
 *   switch  = Σ q0 · p1(o1) − Σ q0 · p(o0 at head's date)   another model, provider or route, at the old traffic
 *   volume  = Σ q0 · p1(o1) · (R1/R0 − 1)                    more or fewer requests, at the old request shape
 *   shape   = after − Σ q0 · p1(o1) · R1/R0                  tokens per request, cache shares (the rest)
 * The four add up to the change by construction. q0 for a component the old option did not have
 * (a cache price the old model lacked) comes from the item's quantities; prices of the old offering
 * at the head's date come from the head's options, when it is still offered (else a price move is
 * part of the switch). Worked examples are in tests/engine/diff.test.ts. Training items keep the
 * simpler split: a switch takes the whole change; on the same offering, price then compute.
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
  const sameOffering = !!so && !!ho && sameId(so, ho) && !modelChanged;
  if (so && ho && m.change !== null && b.quantities && h.quantities) {
    reasons.push(...attribute(b, h, so, ho, m.change, modelChanged));
  } else {
    if (modelChanged)
      reasons.push({ kind: "model", amount: m.change, changes: [{ what: "model", before: b.model, after: h.model }] });
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
  }
  if (reasons.length === 0 && m.change !== null && nearZero(m.change, m.before ?? 0)) out.status = "unchanged";
  return out;
}

function sameId(a: Option, b: Option): boolean {
  return a.provider === b.provider && a.offering === b.offering && a.via === b.via;
}

type Quantities = NonNullable<Item["quantities"]>;

/**
 * A component's quantity under the base item's traffic: the base option's own component of that
 * name when it has one; else from the base quantities (input = input − cached − written, cached,
 * output, request); else the head's quantity scaled by the change in requests.
 */
function baseQuantity(c: Component, base: Option, q0: Quantities, r1: number): number {
  const own = base.components.find((x) => x.name === c.name && x.price_unit === c.price_unit);
  if (own) return own.quantity;
  const written = base.components.find((x) => x.name === "cache_write")?.quantity ?? 0;
  const reasoning = base.components.find((x) => x.name === "reasoning")?.quantity ?? 0;
  switch (c.name) {
    case "input":
      return q0.input_tokens - q0.cached_input_tokens - written;
    case "cached_input":
      return q0.cached_input_tokens;
    case "output":
      return q0.output_tokens - reasoning;
    case "request":
      return q0.requests;
    default:
      return r1 > 0 ? (c.quantity * q0.requests) / r1 : c.quantity;
  }
}

/** Σ q · p over `o`'s components, with q as the base traffic would have it. */
function costAtBase(o: Option, base: Option, q0: Quantities, r1: number): number {
  let sum = 0;
  for (const c of o.components) {
    const q = baseQuantity(c, base, q0, r1);
    // cost = q · unit_price (÷ 1e6 per 1M tokens); the component's own ratio keeps every unit's scale.
    sum += c.quantity !== 0 ? (c.cost * q) / c.quantity : q * c.unit_price * perUnit(c.price_unit);
  }
  return sum;
}

/** The four-step split of an inference item's change (see the top of this file). */
function attribute(b: Item, h: Item, so: Option, ho: Option, change: number, modelChanged: boolean): Reason[] {
  const q0 = b.quantities as Quantities;
  const q1 = h.quantities as Quantities;
  const reasons: Reason[] = [];
  const before = so.cost;
  // 1. price: the old offering at the head's prices, where the head still offers it.
  const oldAtHead = sameId(so, ho) ? ho : h.options.find((o) => sameId(o, so));
  const atHeadPrices = oldAtHead ? costAtBase(oldAtHead, so, q0, q1.requests) : before;
  const price = atHeadPrices - before;
  if (oldAtHead) {
    const { onlyFx, priceChanges } = priceEffect(so, oldAtHead);
    const dated: Change[] =
      so.price_from !== oldAtHead.price_from
        ? [{ what: "price_from", before: so.price_from, after: oldAtHead.price_from }]
        : [];
    if (priceChanges.length > 0 || !nearZero(price, before))
      reasons.push({ kind: onlyFx ? "fx" : "price", amount: price, changes: [...dated, ...priceChanges] });
  }
  // 2. switch: the new offering at the old traffic.
  const switched = costAtBase(ho, so, q0, q1.requests);
  if (!sameId(so, ho) || modelChanged) {
    const changes: Change[] = modelChanged ? [{ what: "model", before: b.model, after: h.model }] : [];
    // The offering is named too when the provider or route moved, or the model stayed (a cheaper host).
    if (!sameId(so, ho) && (!modelChanged || so.provider !== ho.provider || so.via !== ho.via))
      changes.push({ what: "selected", before: label(so), after: label(ho) });
    reasons.push({ kind: modelChanged ? "model" : "selected", amount: switched - atHeadPrices, changes });
  }
  // 3. volume: more or fewer requests at the old shape.
  const ratio = q0.requests > 0 ? q1.requests / q0.requests : 1;
  const volume = q0.requests > 0 ? switched * (ratio - 1) : 0;
  if (!sameNumber(q0.requests, q1.requests))
    reasons.push({
      kind: "traffic",
      amount: volume,
      changes: [{ what: "requests", before: q0.requests, after: q1.requests }],
    });
  // 4. shape: what is left (tokens per request, cache shares, long-context tiers, replica steps).
  const shape = change - price - (switched - atHeadPrices) - volume;
  const shapeChanges = shapeOf(q0, q1);
  if (shapeChanges.length > 0 || !nearZero(shape, Math.max(Math.abs(change), before)))
    reasons.push({ kind: "shape", amount: shape, changes: shapeChanges });
  return reasons;
}

/** Per-request token counts and the cached share, where they changed. */
function shapeOf(q0: Quantities, q1: Quantities): Change[] {
  const per = (q: Quantities, k: "input_tokens" | "output_tokens") => (q.requests > 0 ? q[k] / q.requests : 0);
  const share = (q: Quantities) => (q.input_tokens > 0 ? q.cached_input_tokens / q.input_tokens : 0);
  const out: Change[] = [];
  const pairs: Array<[string, number, number]> = [
    ["input_tokens_per_request", per(q0, "input_tokens"), per(q1, "input_tokens")],
    ["output_tokens_per_request", per(q0, "output_tokens"), per(q1, "output_tokens")],
    ["cached_input_share", share(q0), share(q1)],
  ];
  for (const [what, x, y] of pairs) if (!sameNumber(x, y)) out.push({ what, before: x, after: y });
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
